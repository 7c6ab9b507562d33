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

static const char grade_usage[] =
	"usage: tmdojo grade --key KEY [--json] [--reveal] [--pass N] SUBMISSION...\n"
	"\n"
	"Grades threat lists (text, Markdown or YAML; '-' reads standard input) against\n"
	"an answer key: a key file, an exercise.yaml or an exercise directory.\n"
	"\n"
	"  -k, --key KEY    the answer key\n"
	"  -j, --json       one JSON object per submission; for several, an array with\n"
	"                   an entry for each in the order given, where one that cannot\n"
	"                   be read or graded is {\"submission\": NAME, \"error\": WHY}\n"
	"  -r, --reveal     trainer view: show missed threats in full, not as hints\n"
	"  -p, --pass N     pass mark in percent: exit 1 when a submission scores below\n"
	"\n"
	"Exit status: 0 graded, 1 below the pass mark, 2 bad input (said on stderr; a\n"
	"single submission that cannot be read prints nothing on stdout).\n";

struct grade_opts {
	const char *key_path;
	bool json, reveal;
	double pass;
};

/* Parses one submission; prints warnings, adds why it cannot be graded to d.
 * NULL on bad input. */
static struct grader_submission *load_submission(const char *path, struct tm_diags *d)
{
	struct grader_submission *sub = NULL;
	char *buf = NULL;
	size_t len = 0;

	if (tools_read_submission(path, &buf, &len, d) != TM_OK)
		return NULL;
	if (tm_submission_parse(path, buf, len, &sub, d) != TM_OK)
		sub = NULL;
	free(buf);
	if (sub == NULL)
		return NULL;
	tools_warn_submission("", path, sub);
	if (grader_submission_line_count(sub) == 0) {
		char *name = tools_printable_dup(path);

		fprintf(stderr, "%s: warning: no threats found in the submission\n",
			name != NULL ? name : "?");
		free(name);
	}
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
	/* only when a pattern hit a limit: every other report stays as it was */
	if (grader_result_limit_count(r) > 0) {
		json_key(j, "pattern_limits");
		json_array(j);
		for (size_t i = 0; i < grader_result_limit_count(r); i++) {
			json_object(j);
			json_kv_string(j, "threat",
				       grader_threat_id(key, grader_result_limit_threat(r, i)));
			json_kv_int(j, "pattern", (long)grader_result_limit_pattern(r, i));
			json_kv_int(j, "line",
				    grader_submission_line_no(sub, grader_result_limit_line(r, i)));
			json_end(j);
		}
		json_end(j);
	}
	json_end(j);
}

/* Piped without COLUMNS the text report wraps hints and descriptions here, and
 * leaves the learner's lines whole; else at the width of the terminal or COLUMNS. */
#define REPORT_WIDTH 100

/* How the learner's own STRIDE and severity labels on found threats agree with
 * the key's, naming only the kinds they labelled. */
static void print_label_agreement(const struct grader_result *r)
{
	size_t stride = grader_result_stride_labelled(r), sev = grader_result_severity_labelled(r);

	if (stride == 0 && sev == 0)
		return;
	printf("\nyour labels on threats found agree with the key:");
	if (stride > 0)
		printf(" STRIDE on %zu of %zu%s", grader_result_stride_agreed(r), stride,
		       sev > 0 ? "," : "");
	if (sev > 0)
		printf(" severity on %zu of %zu", grader_result_severity_agreed(r), sev);
	printf("\n");
}

static void print_text(const char *name, const struct grader_key *key, const char *key_name,
		       const struct grader_submission *sub, const struct grader_result *r,
		       const struct grade_opts *o)
{
	unsigned missed_stride = grader_result_stride_missed(r);
	int width = tools_text_width(), prose = width > 0 ? width : REPORT_WIDTH;
	char *safe_name = tools_printable_dup(name), *safe_key = tools_printable_dup(key_name);

	/* a file name is the user's, and may hold anything */
	char *head = NULL;
	size_t head_len = 0;
	FILE *f = open_memstream(&head, &head_len);
	if (f != NULL) {
		fprintf(f, "%s: %.1f%% (%g of %g points) against %s",
			safe_name != NULL ? safe_name : "?", grader_result_score(r),
			grader_result_points(r), grader_result_max_points(r),
			safe_key != NULL ? safe_key : "?");
		if (fclose(f) != 0) {
			free(head);
			head = NULL;
		}
	}
	render_hanging(stdout, width, "", head != NULL ? head : "?");
	free(head);
	free(safe_name);
	free(safe_key);
	printf("\nfound (%zu):\n", grader_result_found_count(r));
	for (size_t i = 0; i < grader_result_found_count(r); i++) {
		size_t t = grader_result_found_threat(r, i), l = grader_result_found_line(r, i);

		char lead[200];
		snprintf(lead, sizeof(lead), "  %s [%s] line %d (%.2f): ", grader_threat_id(key, t),
			 grader_severity_name(grader_threat_severity(key, t)),
			 grader_submission_line_no(sub, l), grader_result_found_similarity(r, i));
		render_hanging(stdout, width, lead, grader_submission_line(sub, l));
		render_hanging(stdout, width, "      matches: ", grader_threat_title(key, t));
		render_hanging(stdout, width, "      why: ", grader_result_found_why(r, i));
	}
	printf("\nmissed (%zu):\n", grader_result_missed_count(r));
	for (size_t i = 0; i < grader_result_missed_count(r); i++) {
		size_t t = grader_result_missed_threat(r, i);
		const char *hint = grader_threat_hint(key, t);

		if (o->reveal) {
			char lead[200];
			snprintf(lead, sizeof(lead), "  %s [%s] ", grader_threat_id(key, t),
				 grader_severity_name(grader_threat_severity(key, t)));
			render_hanging(stdout, width, lead, grader_threat_title(key, t));
			if (grader_threat_description(key, t) != NULL)
				render_hanging(stdout, prose, "      ",
					       grader_threat_description(key, t));
		} else {
			char lead[48];
			snprintf(lead, sizeof(lead), "  [%s] hint: ",
				 grader_severity_name(grader_threat_severity(key, t)));
			render_hanging(stdout, prose, lead,
				       hint != NULL ? hint
						    : "(no hint for this one: look again at the design)");
		}
	}
	if (grader_result_unmatched_count(r) > 0) {
		char line[120];
		snprintf(line, sizeof(line), "not matched to the key (%zu; not penalized, worth "
			 "discussing):", grader_result_unmatched_count(r));
		printf("\n");
		render_hanging(stdout, width, "", line);
		for (size_t i = 0; i < grader_result_unmatched_count(r); i++) {
			size_t l = grader_result_unmatched_line(r, i);
			long c = grader_result_unmatched_closest(r, i);

			char lead[64];
			snprintf(lead, sizeof(lead), "  line %d: ", grader_submission_line_no(sub, l));
			render_hanging(stdout, width, lead, grader_submission_line(sub, l));
			if (c >= 0) {
				char closest[600];
				snprintf(closest, sizeof(closest), "%s (%.2f)",
					 o->reveal ? grader_threat_title(key, (size_t)c)
						   : grader_threat_id(key, (size_t)c),
					 grader_result_unmatched_similarity(r, i));
				render_hanging(stdout, width, "      closest: ", closest);
			}
		}
	}
	if (missed_stride != 0) {
		char line[300] = "";
		size_t n = 0;
		for (unsigned b = 1; b <= GRADER_STRIDE_E; b <<= 1)
			if ((missed_stride & b) && n < sizeof(line))
				n += (size_t)snprintf(line + n, sizeof(line) - n, "%s%s", n > 0 ? " " : "",
						      grader_stride_name(b));
		printf("\n");
		render_hanging(stdout, width, "STRIDE categories with no threat found: ", line);
	}
	print_label_agreement(r);
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

/* --json, for a submission that could not be graded: {"submission", "error"} with
 * every reason, one per line. */
static void print_json_error(struct json *j, const char *name, const struct tm_diags *d)
{
	char *text = NULL, buf[4096];
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	for (size_t i = 0; f != NULL && i < d->count; i++)
		fprintf(f, "%s%s", i > 0 ? "\n" : "", tm_error_format(&d->items[i], buf, sizeof(buf)));
	if (f != NULL)
		fclose(f);
	json_object(j);
	json_kv_string(j, "submission", name);
	json_kv_string(j, "error", text != NULL && text[0] != '\0' ? text : "cannot be graded");
	json_end(j);
	free(text);
}

/* Grades the submission at path and prints its report (in an array, j, with
 * --json). One that cannot be read or graded is said on stderr and, when
 * there are several (many), as an error object in the array. Returns 0,
 * EXIT_NEGATIVE below the pass mark, or EXIT_BAD_INPUT. */
static int grade_one(const char *path, bool first, bool many, const struct grader_key *key,
		     const char *key_name, const struct grader_options *go,
		     const struct grade_opts *o, struct json *j)
{
	struct tm_diags d;
	struct grader_submission *sub;
	struct grader_result *r = NULL;
	int status;

	tm_diags_init(&d);
	sub = load_submission(path, &d);
	if (sub != NULL) {
		r = grader_grade(key, sub, go);
		if (r == NULL)
			tm_diags_add(&d, TM_ENOMEM, path, 0, 0, "out of memory while grading");
	}
	if (r == NULL) {
		tools_print_diags(&d);
		if (o->json && many)
			print_json_error(j, path, &d);
		status = EXIT_BAD_INPUT;
	} else {
		/* graded all the same: the exit status does not change */
		tools_warn_limits("", o->key_path, key, path, sub, r);
		if (o->json) {
			print_json(j, path, key, key_name, sub, r, o);
		} else {
			if (!first)
				printf("\n");
			print_text(path, key, key_name, sub, r, o);
		}
		status = grader_result_passed(r) ? 0 : EXIT_NEGATIVE;
	}
	grader_result_free(r);
	grader_submission_free(sub);
	tm_diags_release(&d);
	return status;
}

int cmd_grade(int argc, char **argv)
{
	struct grade_opts o;
	struct grader_options go;
	struct grader_key *key;
	struct json j;
	const char *key_name;
	int rc = parse_grade_args(argc, argv, &o), status = 0;
	int n_subs, graded = 0;

	if (rc != 0)
		return rc < 0 ? 0 : rc;
	if (!tools_stdin_once("tmdojo grade", argv + optind, argc - optind))
		return EXIT_BAD_INPUT;
	key = load_key(o.key_path);
	if (key == NULL)
		return EXIT_BAD_INPUT;
	key_name = grader_key_name(key) != NULL ? grader_key_name(key) : o.key_path;
	grader_options_init(&go);
	go.pass_mark = o.pass;
	n_subs = argc - optind;
	/* one submission does not repay the JIT's compile time or a memo of
	 * the learners' words; a batch does (without a memo it is only slower) */
	if (n_subs > 1) {
		grader_key_jit(key);
		go.memo = grader_memo_new(key);
	}
	json_init(&j, stdout);
	if (o.json && n_subs > 1)
		json_array(&j);
	for (int i = optind; i < argc; i++) {
		int one = grade_one(argv[i], i == optind, n_subs > 1, key, key_name, &go, &o, &j);

		graded += one != EXIT_BAD_INPUT;
		/* bad input outranks a score below the pass mark */
		if (one == EXIT_BAD_INPUT || status == 0)
			status = one;
	}
	/* a lone submission that could not be read prints nothing on stdout */
	if (o.json && (n_subs > 1 || graded > 0)) {
		if (n_subs > 1)
			json_end(&j);
		json_finish(&j);
	}
	grader_memo_free(go.memo);
	grader_key_free(key);
	return status;
}
