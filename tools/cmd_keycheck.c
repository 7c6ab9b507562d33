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
	"Grades each sample submission of EXERCISE against its answer key and checks\n"
	"the results the sample declares: threats found, threats absent, score range.\n"
	"EXERCISE is an id in the content root, or an exercise's directory (or its\n"
	"exercise.yaml) anywhere: that is loaded on its own, with the lexicon of the\n"
	"content root it sits in, else of the content root in use (--content).\n"
	"An error elsewhere in the content (a course, another exercise) does not stop it.\n"
	"Warns on standard error when the content root has no lexicon/.\n"
	"\n"
	"Exit status: 0 every sample as expected; 1 a difference (each names the\n"
	"expectation in exercise.yaml); 2 usage, an exercise that cannot be loaded or\n"
	"a sample that cannot be read or graded (file:line:column on standard error).\n"
	"\n"
	"  -s, --show   print, per threat, its aliases and patterns and the sample lines\n"
	"               that matched it\n";

/*
 * The exercise directory arg names, into dir (without trailing slashes): arg
 * when it is a path (it has a '/') or a directory here holding exercise.yaml,
 * the directory of an exercise.yaml file. Returns 0 when arg is an id instead.
 */
static int exercise_dir(const char *arg, char *dir, size_t size)
{
	struct stat st;
	const char *base = strrchr(arg, '/');
	char probe[PATH_MAX + 16];
	size_t n;

	base = base != NULL ? base + 1 : arg;
	if (strcmp(base, "exercise.yaml") == 0 && stat(arg, &st) == 0 && S_ISREG(st.st_mode)) {
		n = (size_t)(base - arg);   /* "d/exercise.yaml": "d/" */
		if (n == 0)
			snprintf(dir, size, ".");
		else
			snprintf(dir, size, "%.*s", (int)(n > 1 ? n - 1 : 1), arg);
		return 1;
	}
	snprintf(dir, size, "%s", arg);
	n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		dir[--n] = '\0';
	if (base != arg)
		return 1;   /* a path: the loader says what is wrong with it */
	snprintf(probe, sizeof(probe), "%s/exercise.yaml", dir);
	return stat(probe, &st) == 0;
}

/* The content root an exercise directory sits in (ROOT/exercises/ID, ROOT
 * holding courses/ or lexicon/), so that its keys are graded with that root's
 * lexicon; NULL when it sits in none. Caller frees with free(). */
static char *root_of(const char *dir)
{
	char *real = realpath(dir, NULL), *slash;
	struct stat st;
	char probe[PATH_MAX + 16];

	if (real == NULL)
		return NULL;
	slash = strrchr(real, '/');
	if (slash != NULL && slash > real) {
		*slash = '\0';   /* the parent, which must be exercises/ */
		slash = strrchr(real, '/');
	}
	if (slash == NULL || strcmp(slash + 1, "exercises") != 0) {
		free(real);
		return NULL;
	}
	*slash = '\0';
	if (slash == real)
		snprintf(real, 2, "/");
	snprintf(probe, sizeof(probe), "%s/courses", real);
	if (stat(probe, &st) == 0 && S_ISDIR(st.st_mode))
		return real;
	snprintf(probe, sizeof(probe), "%s/lexicon", real);
	if (stat(probe, &st) == 0 && S_ISDIR(st.st_mode))
		return real;
	free(real);
	return NULL;
}

/* Whether arg can be an exercise id ([a-z0-9][a-z0-9-]*, as the loader wants):
 * only such a name is looked up under exercises/, so that no id leaves it. */
static bool is_id(const char *arg)
{
	if (!((*arg >= 'a' && *arg <= 'z') || (*arg >= '0' && *arg <= '9')))
		return false;
	return arg[strspn(arg, "abcdefghijklmnopqrstuvwxyz0123456789-")] == '\0';
}

/*
 * Loads the exercise EXERCISE names on its own: a directory (with the lexicon
 * of the content root it sits in, else of the content root in use), or an id
 * (exercises/ID/ under the content root, with its lexicon), so that an error
 * in a course or another exercise does not stop a key from being tested.
 * Warns on stderr when that root has no lexicon, as grade does. Returns the
 * content holding it, or NULL (said why). Caller frees with tm_content_free().
 */
static struct tm_content *load_exercise(const char *arg, const struct tm_exercise **e)
{
	struct tm_content *content = NULL;
	struct tm_diags d;
	char dir[PATH_MAX], probe[PATH_MAX + 16];
	char *root = NULL;
	const char *lexicon_root, *id = NULL;
	struct stat st;

	*e = NULL;
	if (exercise_dir(arg, dir, sizeof(dir))) {
		root = root_of(dir);
		lexicon_root = root != NULL ? root : tools_content_root();
	} else {
		lexicon_root = tools_content_root();
		snprintf(dir, sizeof(dir), "%s/exercises/%s", lexicon_root, arg);
		snprintf(probe, sizeof(probe), "%s/exercise.yaml", dir);
		if (!is_id(arg) || stat(probe, &st) != 0 || !S_ISREG(st.st_mode)) {
			fprintf(stderr, "tmdojo keycheck: no exercise '%s' under '%s'; give its id "
				"or its directory\n", arg, lexicon_root);
			return NULL;
		}
		id = arg;
	}
	tools_warn_no_lexicon(lexicon_root);
	tm_diags_init(&d);
	if (tm_content_load_exercise(dir, lexicon_root, &content, &d) != TM_OK) {
		tools_print_diags(&d);
		content = NULL;
	}
	tm_diags_release(&d);
	free(root);
	if (content != NULL)
		*e = tm_content_exercise(content, 0);
	/* loaded alone, the id is not checked against the directory: an id must
	 * name the exercise it finds, as the whole content's load requires */
	if (*e != NULL && id != NULL && strcmp(tm_exercise_id(*e), id) != 0) {
		fprintf(stderr, "%s: exercise id '%s' must match its directory name '%s'\n", probe,
			tm_exercise_id(*e), id);
		tm_content_free(content);
		content = NULL;
		*e = NULL;
	}
	return content;
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
	const char *id;
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
	content = load_exercise(argv[optind], &e);
	if (content == NULL)
		return EXIT_BAD_INPUT;
	id = tm_exercise_id(e);
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
