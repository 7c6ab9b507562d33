/*
 * cmd_grade.c: `tmdojo grade --key KEY [--json] [--reveal] [--pass N] SUBMISSION...`
 *
 * Grades learners' threat lists against an answer key. KEY is a key file, an
 * exercise.yaml or an exercise directory; `-` reads a submission from standard
 * input. Exit status: 0 graded, 1 graded but below the pass mark, 2 bad input.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "json.h"
#include "render.h"

/* Submissions may be long lists (up to GRADER_MAX_LINES lines). */
#define SUBMISSION_MAX_BYTES (32 * 1024 * 1024)

static const char grade_usage[] =
	"usage: tmdojo grade --key KEY [--json] [--reveal] [--pass N] SUBMISSION...\n"
	"\n"
	"Grades threat lists (text, Markdown or YAML; '-' reads standard input) against\n"
	"an answer key: a key file, an exercise.yaml or an exercise directory.\n"
	"\n"
	"  -k, --key KEY    the answer key\n"
	"  -j, --json       one JSON object per submission (an array for several)\n"
	"  -r, --reveal     trainer view: show missed threats in full, not as hints\n"
	"  -p, --pass N     pass mark in percent: exit 1 when a submission scores below\n"
	"\n"
	"Exit status: 0 graded, 1 below the pass mark, 2 bad input.\n";

struct grade_opts {
	const char *key_path;
	bool json, reveal;
	double pass;
};

/* Parses one submission; prints diagnostics and warnings. NULL on bad input. */
static struct grader_submission *load_submission(const char *path)
{
	struct tm_diags diags;
	struct grader_submission *sub = NULL;
	char *buf = NULL;
	size_t len = 0;

	if (tools_read_input(path, SUBMISSION_MAX_BYTES, &buf, &len) != TM_OK)
		return NULL;
	tm_diags_init(&diags);
	if (tm_submission_parse(path, buf, len, &sub, &diags) != TM_OK) {
		tools_print_diags(&diags);
		sub = NULL;
	}
	tm_diags_release(&diags);
	free(buf);
	if (sub == NULL)
		return NULL;
	if (grader_submission_truncated(sub) > 0)
		fprintf(stderr, "%s: warning: %zu line(s) longer than %d bytes were truncated\n",
			path, grader_submission_truncated(sub), GRADER_MAX_LINE);
	if (grader_submission_dropped(sub) > 0)
		fprintf(stderr, "%s: warning: %zu line(s) past the first %d were ignored\n", path,
			grader_submission_dropped(sub), GRADER_MAX_LINES);
	if (grader_submission_line_count(sub) == 0)
		fprintf(stderr, "%s: warning: no threats found in the submission\n", path);
	return sub;
}

/* Loads the lexicon of the content root and the key at path. NULL on failure. */
static struct grader_key *load_key(const char *path)
{
	struct tm_diags diags;
	struct grader_lexicon *lex = NULL;
	struct grader_key *key = NULL;

	tm_diags_init(&diags);
	lex = tools_load_lexicon();
	if (lex == NULL)
		goto cleanup;
	if (tm_key_load(path, lex, &key, &diags) != TM_OK) {
		tools_print_diags(&diags);
		key = NULL;
	}
cleanup:
	grader_lexicon_free(lex);
	tm_diags_release(&diags);
	return key;
}

static void json_stride_list(struct json *j, unsigned mask)
{
	json_array(j);
	for (unsigned b = 1; b <= GRADER_STRIDE_E; b <<= 1)
		if (mask & b)
			json_string(j, grader_stride_name(b));
	json_end(j);
}

static void json_missed(struct json *j, const struct grader_key *key, size_t t, bool reveal)
{
	json_object(j);
	json_kv_string(j, "threat", grader_threat_id(key, t));
	json_kv_string(j, "severity", grader_severity_name(grader_threat_severity(key, t)));
	json_kv_string(j, "hint", grader_threat_hint(key, t));
	if (reveal) {
		json_kv_string(j, "title", grader_threat_title(key, t));
		json_kv_string(j, "description", grader_threat_description(key, t));
		json_key(j, "stride");
		json_stride_list(j, grader_threat_stride(key, t));
		json_key(j, "mitigations");
		json_array(j);
		for (size_t m = 0; m < grader_threat_mitigation_count(key, t); m++)
			json_string(j, grader_threat_mitigation(key, t, m));
		json_end(j);
	}
	json_end(j);
}

static void print_json(struct json *j, const char *name, const struct grader_key *key,
		       const char *key_name, const struct grader_submission *sub,
		       const struct grader_result *r, const struct grade_opts *o)
{
	json_object(j);
	json_kv_string(j, "submission", name);
	json_kv_string(j, "key", key_name);
	json_kv_number(j, "score", grader_result_score(r));
	json_kv_number(j, "points", grader_result_points(r));
	json_kv_number(j, "max_points", grader_result_max_points(r));
	if (o->pass >= 0) {
		json_kv_number(j, "pass", o->pass);
		json_kv_bool(j, "passed", grader_result_passed(r));
	}
	json_key(j, "found");
	json_array(j);
	for (size_t i = 0; i < grader_result_found_count(r); i++) {
		size_t t = grader_result_found_threat(r, i), l = grader_result_found_line(r, i);

		json_object(j);
		json_kv_string(j, "threat", grader_threat_id(key, t));
		json_kv_string(j, "severity", grader_severity_name(grader_threat_severity(key, t)));
		json_kv_int(j, "line", grader_submission_line_no(sub, l));
		json_kv_string(j, "answer", grader_submission_line(sub, l));
		json_kv_number(j, "similarity",
			       (double)(long)(grader_result_found_similarity(r, i) * 100 + 0.5) / 100);
		json_kv_string(j, "why", grader_result_found_why(r, i));
		if (o->reveal)
			json_kv_string(j, "title", grader_threat_title(key, t));
		json_end(j);
	}
	json_end(j);
	json_key(j, "missed");
	json_array(j);
	for (size_t i = 0; i < grader_result_missed_count(r); i++)
		json_missed(j, key, grader_result_missed_threat(r, i), o->reveal);
	json_end(j);
	json_key(j, "unmatched");
	json_array(j);
	for (size_t i = 0; i < grader_result_unmatched_count(r); i++) {
		size_t l = grader_result_unmatched_line(r, i);
		long c = grader_result_unmatched_closest(r, i);

		json_object(j);
		json_kv_int(j, "line", grader_submission_line_no(sub, l));
		json_kv_string(j, "answer", grader_submission_line(sub, l));
		json_kv_string(j, "closest", c >= 0 ? grader_threat_id(key, (size_t)c) : NULL);
		json_kv_number(j, "similarity",
			       (double)(long)(grader_result_unmatched_similarity(r, i) * 100 + 0.5) / 100);
		json_end(j);
	}
	json_end(j);
	json_key(j, "stride");
	json_object(j);
	json_key(j, "covered");
	json_stride_list(j, grader_result_stride_found(r));
	json_key(j, "missed");
	json_stride_list(j, grader_result_stride_missed(r));
	json_end(j);
	json_key(j, "labels");
	json_object(j);
	json_kv_int(j, "stride_labelled", (long)grader_result_stride_labelled(r));
	json_kv_int(j, "stride_agreed", (long)grader_result_stride_agreed(r));
	json_kv_int(j, "severity_labelled", (long)grader_result_severity_labelled(r));
	json_kv_int(j, "severity_agreed", (long)grader_result_severity_agreed(r));
	json_end(j);
	json_end(j);
}

/* Prints text without its trailing blanks and newlines (block scalars end in one). */
#define REPORT_WIDTH 100   /* the text report wraps hints and descriptions here */

static void print_text(const char *name, const struct grader_key *key, const char *key_name,
		       const struct grader_submission *sub, const struct grader_result *r,
		       const struct grade_opts *o)
{
	unsigned missed_stride = grader_result_stride_missed(r);

	printf("%s: %.1f%% (%g of %g points) against %s\n", name, grader_result_score(r),
	       grader_result_points(r), grader_result_max_points(r), key_name);
	printf("\nfound (%zu):\n", grader_result_found_count(r));
	for (size_t i = 0; i < grader_result_found_count(r); i++) {
		size_t t = grader_result_found_threat(r, i), l = grader_result_found_line(r, i);

		printf("  %s [%s] line %d (%.2f): %s\n", grader_threat_id(key, t),
		       grader_severity_name(grader_threat_severity(key, t)),
		       grader_submission_line_no(sub, l), grader_result_found_similarity(r, i),
		       grader_submission_line(sub, l));
		printf("      matches: %s\n", grader_threat_title(key, t));
		printf("      why: %s\n", grader_result_found_why(r, i));
	}
	printf("\nmissed (%zu):\n", grader_result_missed_count(r));
	for (size_t i = 0; i < grader_result_missed_count(r); i++) {
		size_t t = grader_result_missed_threat(r, i);
		const char *hint = grader_threat_hint(key, t);

		if (o->reveal) {
			printf("  %s [%s] %s\n", grader_threat_id(key, t),
			       grader_severity_name(grader_threat_severity(key, t)),
			       grader_threat_title(key, t));
			if (grader_threat_description(key, t) != NULL)
				render_hanging(stdout, REPORT_WIDTH, "      ",
					       grader_threat_description(key, t));
		} else {
			char lead[48];
			snprintf(lead, sizeof(lead), "  [%s] hint: ",
				 grader_severity_name(grader_threat_severity(key, t)));
			render_hanging(stdout, REPORT_WIDTH, lead,
				       hint != NULL ? hint
						    : "(no hint for this one: look again at the design)");
		}
	}
	if (grader_result_unmatched_count(r) > 0) {
		printf("\nnot matched to the key (%zu; not penalized, worth discussing):\n",
		       grader_result_unmatched_count(r));
		for (size_t i = 0; i < grader_result_unmatched_count(r); i++) {
			size_t l = grader_result_unmatched_line(r, i);
			long c = grader_result_unmatched_closest(r, i);

			printf("  line %d: %s\n", grader_submission_line_no(sub, l),
			       grader_submission_line(sub, l));
			if (c >= 0)
				printf("      closest: %s (%.2f)\n",
				       o->reveal ? grader_threat_title(key, (size_t)c)
						 : grader_threat_id(key, (size_t)c),
				       grader_result_unmatched_similarity(r, i));
		}
	}
	if (missed_stride != 0) {
		printf("\nSTRIDE categories with no threat found:");
		for (unsigned b = 1; b <= GRADER_STRIDE_E; b <<= 1)
			if (missed_stride & b)
				printf(" %s", grader_stride_name(b));
		printf("\n");
	}
	if (grader_result_stride_labelled(r) > 0 || grader_result_severity_labelled(r) > 0)
		printf("\nyour labels: STRIDE agrees on %zu of %zu, severity on %zu of %zu\n",
		       grader_result_stride_agreed(r), grader_result_stride_labelled(r),
		       grader_result_severity_agreed(r), grader_result_severity_labelled(r));
	if (o->pass >= 0)
		printf("\npass mark %g%%: %s\n", o->pass,
		       grader_result_passed(r) ? "passed" : "below the pass mark");
}

static int parse_grade_args(int argc, char **argv, struct grade_opts *o)
{
	static const struct option longopts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "json", no_argument, NULL, 'j' },
		{ "reveal", no_argument, NULL, 'r' },
		{ "pass", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int opt;

	memset(o, 0, sizeof(*o));
	o->pass = -1;
	optind = 1;
	for (;;) {
		opt = getopt_long(argc, argv, "k:jrp:h", longopts, NULL);
		if (opt == -1)
			break;
		switch (opt) {
		case 'k':
			o->key_path = optarg;
			break;
		case 'j':
			o->json = true;
			break;
		case 'r':
			o->reveal = true;
			break;
		case 'p':
			if (!tools_parse_number(optarg, 0, 100, &o->pass)) {
				fprintf(stderr, "tmdojo grade: --pass wants a percentage, not '%s'\n",
					optarg);
				return EXIT_BAD_INPUT;
			}
			break;
		case 'h':
			fputs(grade_usage, stdout);
			return -1;
		default:
			fputs(grade_usage, stderr);
			return EXIT_BAD_INPUT;
		}
	}
	if (o->key_path == NULL || optind >= argc) {
		fputs(grade_usage, stderr);
		return EXIT_BAD_INPUT;
	}
	return 0;
}

int cmd_grade(int argc, char **argv)
{
	struct grade_opts o;
	struct grader_options go;
	struct grader_key *key;
	struct json j;
	const char *key_name;
	int rc = parse_grade_args(argc, argv, &o), status = 0;
	int n_subs;

	if (rc != 0)
		return rc < 0 ? 0 : rc;
	key = load_key(o.key_path);
	if (key == NULL)
		return EXIT_BAD_INPUT;
	key_name = grader_key_name(key) != NULL ? grader_key_name(key) : o.key_path;
	grader_options_init(&go);
	go.pass_mark = o.pass;
	n_subs = argc - optind;
	/* one submission does not repay the JIT's compile time; a batch does */
	if (n_subs > 1)
		grader_key_jit(key);
	json_init(&j, stdout);
	if (o.json && n_subs > 1)
		json_array(&j);
	for (int i = optind; i < argc; i++) {
		struct grader_submission *sub = load_submission(argv[i]);
		struct grader_result *r;

		if (sub == NULL) {
			status = EXIT_BAD_INPUT;
			continue;
		}
		r = grader_grade(key, sub, &go);
		if (r == NULL) {
			fprintf(stderr, "%s: out of memory while grading\n", argv[i]);
			grader_submission_free(sub);
			status = EXIT_BAD_INPUT;
			continue;
		}
		if (o.json)
			print_json(&j, argv[i], key, key_name, sub, r, &o);
		else {
			if (i > optind)
				printf("\n");
			print_text(argv[i], key, key_name, sub, r, &o);
		}
		if (!grader_result_passed(r) && status == 0)
			status = EXIT_NEGATIVE;
		grader_result_free(r);
		grader_submission_free(sub);
	}
	if (o.json) {
		if (n_subs > 1)
			json_end(&j);
		json_finish(&j);
	}
	grader_key_free(key);
	return status;
}
