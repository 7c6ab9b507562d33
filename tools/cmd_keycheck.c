/*
 * cmd_keycheck.c: `tmdojo keycheck EXERCISE [--show]`, tests for answer keys.
 *
 * Grades every sample submission an exercise declares against its key and
 * compares with what the sample expects (threats found, threats absent, score
 * range). Any difference fails (exit 1). --show prints, per threat, what it
 * accepts (aliases, patterns) and which sample lines matched it.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "commands.h"

#define SUBMISSION_MAX_BYTES (32 * 1024 * 1024)

static const char keycheck_usage[] =
	"usage: tmdojo keycheck EXERCISE [--show]\n"
	"\n"
	"Grades each sample submission of EXERCISE (an id, or its directory) against its\n"
	"answer key and checks the results the sample declares: threats found, threats\n"
	"absent, score range. Exit status 1 on any difference.\n"
	"\n"
	"  -s, --show   print, per threat, its aliases and patterns and the sample lines\n"
	"               that matched it\n";

/* The exercise id named by arg: the last component of a directory, else arg. */
static void exercise_id(const char *arg, char *out, size_t size)
{
	size_t n = strlen(arg);
	const char *start;

	while (n > 1 && arg[n - 1] == '/')
		n--;
	if (n >= 13 && strncmp(arg + n - 13, "exercise.yaml", 13) == 0) {
		n -= 13;
		while (n > 1 && arg[n - 1] == '/')
			n--;
	}
	start = arg + n;
	while (start > arg && start[-1] != '/')
		start--;
	snprintf(out, size, "%.*s", (int)(arg + n - start), start);
}

/* When arg is an exercise directory, the content root is two levels up. */
static void use_root_of(const char *arg)
{
	char dir[PATH_MAX], root[PATH_MAX + 8], *real;
	struct stat st;

	if (stat(arg, &st) != 0)
		return;
	snprintf(dir, sizeof(dir), "%s", arg);
	if (!S_ISDIR(st.st_mode)) {
		char *slash = strrchr(dir, '/');

		if (slash == NULL)
			return;
		*slash = '\0';
	}
	snprintf(root, sizeof(root), "%s/../..", dir);
	real = realpath(root, NULL);
	if (real == NULL)
		return;
	tools_set_content_root(real);
	/* the root string must outlive the command; it is freed at exit */
}

static struct grader_submission *load_sample(const char *path)
{
	struct tm_diags diags;
	struct grader_submission *sub = NULL;
	char *buf = NULL;
	size_t len = 0;

	tm_diags_init(&diags);
	if (tm_read_file(path, SUBMISSION_MAX_BYTES, &buf, &len, &diags) != TM_OK ||
	    tm_submission_parse(path, buf, len, &sub, &diags) != TM_OK) {
		tools_print_diags(&diags);
		sub = NULL;
	}
	tm_diags_release(&diags);
	free(buf);
	return sub;
}

static bool result_has(const struct grader_result *r, const struct grader_key *key,
		       const char *id)
{
	long t = grader_key_find(key, id);

	return t >= 0 && grader_result_threat_line(r, (size_t)t) >= 0;
}

/* Checks one sample; prints each difference. Returns the number of differences. */
static int check_sample(const struct tm_exercise *e, size_t i, const struct grader_key *key,
			const struct grader_result *r)
{
	const char *file = tm_exercise_sample_file(e, i);
	double score = grader_result_score(r);
	int bad = 0;

	for (size_t j = 0; j < tm_exercise_sample_found_count(e, i); j++) {
		const char *id = tm_exercise_sample_found(e, i, j);

		if (!result_has(r, key, id)) {
			long t = grader_key_find(key, id);

			printf("%s: expected %s to be found, it was not (best similarity %.3f)\n", file,
			       id, t >= 0 ? grader_result_threat_best(r, (size_t)t) : 0.0);
			bad++;
		}
	}
	for (size_t j = 0; j < tm_exercise_sample_absent_count(e, i); j++) {
		const char *id = tm_exercise_sample_absent(e, i, j);

		if (result_has(r, key, id)) {
			printf("%s: expected %s to be absent, it was credited\n", file, id);
			bad++;
		}
	}
	if (score + 1e-9 < tm_exercise_sample_score_min(e, i) ||
	    score - 1e-9 > tm_exercise_sample_score_max(e, i)) {
		printf("%s: score %.1f is outside [%g, %g]\n", file, score,
		       tm_exercise_sample_score_min(e, i), tm_exercise_sample_score_max(e, i));
		bad++;
	}
	return bad;
}

static void show_threat(const struct grader_key *key, size_t t, const struct tm_exercise *e,
			struct grader_submission **subs, struct grader_result **results)
{
	printf("%s [%s] %s\n", grader_threat_id(key, t),
	       grader_severity_name(grader_threat_severity(key, t)), grader_threat_title(key, t));
	for (size_t a = 0; a < grader_threat_alias_count(key, t); a++)
		printf("    alias: %s\n", grader_threat_alias(key, t, a));
	for (size_t p = 0; p < grader_threat_pattern_count(key, t); p++)
		printf("    pattern: %s\n", grader_threat_pattern(key, t, p));
	for (size_t i = 0; i < tm_exercise_sample_count(e); i++) {
		long l;

		if (results[i] == NULL)
			continue;
		l = grader_result_threat_line(results[i], t);
		if (l < 0)
			continue;
		printf("    matched by %s:%d: %s\n", tm_exercise_sample_file(e, i),
		       grader_submission_line_no(subs[i], (size_t)l),
		       grader_submission_line(subs[i], (size_t)l));
	}
}

int cmd_keycheck(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "show", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct tm_content *content = NULL;
	const struct tm_exercise *e = NULL;
	const struct grader_key *key;
	struct grader_submission **subs = NULL;
	struct grader_result **results = NULL;
	char id[256];
	bool show = false;
	int opt, status = 0, bad = 0, unreadable = 0;
	size_t n;

	optind = 1;
	for (;;) {
		opt = getopt_long(argc, argv, "sh", longopts, NULL);
		if (opt == -1)
			break;
		if (opt == 's') {
			show = true;
		} else if (opt == 'h') {
			fputs(keycheck_usage, stdout);
			return 0;
		} else {
			fputs(keycheck_usage, stderr);
			return EXIT_BAD_INPUT;
		}
	}
	if (optind != argc - 1) {
		fputs(keycheck_usage, stderr);
		return EXIT_BAD_INPUT;
	}
	exercise_id(argv[optind], id, sizeof(id));
	if (strchr(argv[optind], '/') != NULL)
		use_root_of(argv[optind]);
	content = tools_load_content();
	if (content == NULL)
		return EXIT_BAD_INPUT;
	e = tm_content_find_exercise(content, id);
	if (e == NULL) {
		fprintf(stderr, "tmdojo keycheck: no exercise '%s' under '%s'\n", id,
			tools_content_root());
		status = EXIT_BAD_INPUT;
		goto cleanup;
	}
	key = tm_exercise_key(e);
	n = tm_exercise_sample_count(e);
	subs = calloc(n + 1, sizeof(*subs));
	results = calloc(n + 1, sizeof(*results));
	if (subs == NULL || results == NULL) {
		status = EXIT_BAD_INPUT;
		goto cleanup;
	}
	for (size_t i = 0; i < n; i++) {
		subs[i] = load_sample(tm_exercise_sample_file(e, i));
		if (subs[i] != NULL)
			results[i] = grader_grade(key, subs[i], NULL);
		if (results[i] == NULL) {
			status = EXIT_BAD_INPUT;
			unreadable++;
			continue;
		}
		bad += check_sample(e, i, key, results[i]);
	}
	if (show)
		for (size_t t = 0; t < grader_key_threat_count(key); t++)
			show_threat(key, t, e, subs, results);
	if (status == 0 && bad > 0)
		status = EXIT_NEGATIVE;
	if (unreadable > 0)
		printf("keycheck %s: %zu sample(s), %d could not be graded (see above)%s\n", id, n,
		       unreadable, bad > 0 ? ", differences found" : "");
	else
		printf("keycheck %s: %zu sample(s), %s\n", id, n,
		       bad > 0 ? "differences found" : "all as expected");
cleanup:
	for (size_t i = 0; subs != NULL && i < tm_exercise_sample_count(e); i++) {
		grader_result_free(results[i]);
		grader_submission_free(subs[i]);
	}
	free(subs);
	free(results);
	tm_content_free(content);
	return status;
}
