/*
 * cmd_keycheck.c: `tmdojo keycheck EXERCISE [--show] [--threat ID]...`, tests
 * for answer keys.
 *
 * Grades every sample submission an exercise declares against its key and
 * compares with what the sample expects (threats found, threats absent, score
 * range). Any difference fails (exit 1); each points at the expectation in
 * exercise.yaml and at the sample line credited or closest, and says what to
 * do. --show prints, per threat, what it accepts (aliases, patterns), every
 * sample line whose score reaches the threshold and its closest near misses,
 * from every line's score against every threat before the assignment;
 * --threat ID (repeatable) limits it to those threats.
 */
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "commands.h"
#include "render.h"

static const char keycheck_usage[] =
	"usage: tmdojo keycheck EXERCISE [--show] [--threat ID]...\n"
	"\n"
	"Grades each sample submission of EXERCISE against its answer key and checks\n"
	"the results the sample declares: threats found, threats absent, score range.\n"
	"EXERCISE is an id in the content root, or an exercise's directory (or its\n"
	"exercise.yaml) anywhere: that is loaded on its own, with the lexicon of the\n"
	"content root it sits in, else of the content root in use (--content).\n"
	"An error elsewhere in the content (a course, another exercise) does not stop it.\n"
	"Warns on standard error when the content root has no lexicon/.\n"
	"\n"
	"A sample on which one of the key's patterns stops at the grader's match\n"
	"limit (counted as no match) fails too, with a warning naming the line.\n"
	"A pattern that matches no sample line, nor its threat's title, aliases or\n"
	"description, is warned about at its key file:line:column (--show marks it\n"
	"\"matched nothing\"); the exit status does not change.\n"
	"\n"
	"Exit status: 0 every sample as expected; 1 a difference (each names the\n"
	"expectation in exercise.yaml) or a pattern limit hit; 2 usage, an exercise that cannot be loaded or\n"
	"a sample that cannot be read or graded (file:line:column on standard error).\n"
	"\n"
	"  -s, --show   print, per threat, its aliases and patterns, every sample line\n"
	"               whose score reaches the grading threshold (credited, or which\n"
	"               threat or line took it, and why: pattern, alias or shared\n"
	"               words) and its two closest near misses over 0.30\n"
	"  -t, --threat ID\n"
	"               --show only threat ID of the key (implies --show); repeat it\n"
	"               for several threats; an id the key lacks is an error (exit 2)\n";

/*
 * The exercise directory arg names, into dir (without trailing slashes): arg
 * when it is a path (it has a '/' before its trailing ones) or a directory here
 * holding exercise.yaml, the directory of an exercise.yaml file. Returns 0
 * when arg is an id instead, with dir holding it without trailing slashes
 * ("customer-survey/", as a shell completes it, is the id customer-survey).
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
	if (strchr(dir, '/') != NULL)
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
 * Warns on stderr when that root has no lexicon, as grade does, and sets
 * *no_lexicon then. Returns the
 * content holding it, or NULL (said why). Caller frees with tm_content_free().
 */
static struct tm_content *load_exercise(const char *arg, const struct tm_exercise **e,
					bool *no_lexicon)
{
	struct tm_content *content = NULL;
	struct tm_diags d;
	char dir[PATH_MAX], probe[PATH_MAX + 16], name[256];
	char *root = NULL;
	const char *lexicon_root, *id = NULL;
	struct stat st;

	*e = NULL;
	if (exercise_dir(arg, dir, sizeof(dir))) {
		root = root_of(dir);
		lexicon_root = root != NULL ? root : tools_content_root();
	} else {
		/* a name too long for an id is none: never look up a cut one */
		size_t len = strlen(dir);
		if (len < sizeof(name))
			memcpy(name, dir, len + 1);
		else
			name[0] = '\0';
		lexicon_root = tools_content_root();
		snprintf(dir, sizeof(dir), "%s/exercises/%s", lexicon_root, name);
		snprintf(probe, sizeof(probe), "%s/exercise.yaml", dir);
		if (!is_id(name) || stat(probe, &st) != 0 || !S_ISREG(st.st_mode)) {
			fprintf(stderr, "tmdojo keycheck: no exercise '%s' under '%s'; give its id "
				"or its directory\n", arg, lexicon_root);
			return NULL;
		}
		id = name;
	}
	*no_lexicon = tools_warn_no_lexicon(lexicon_root);
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

/* Reads a sample as validate does (tm_sample_load(): an empty one is an
 * error), printing its errors, and the warnings grade prints for lines it
 * cuts or drops. NULL when it cannot be graded. */
static struct grader_submission *load_sample(const char *path)
{
	struct tm_diags diags;
	struct grader_submission *sub = NULL;

	tm_diags_init(&diags);
	if (tm_sample_load(path, &sub, &diags) != TM_OK)
		tools_print_diags(&diags);
	else
		tools_warn_submission("", path, sub);
	tm_diags_release(&diags);
	return sub;
}

/* ==== Samples, graded and scored line by line ================================== */

/* One sample: its grade, and every line's score against every threat. */
struct sample_run {
	const char *file;                 /* full path; borrowed from the exercise */
	char *shown;                      /* file fit for the terminal; owned */
	const char *name;                 /* as exercise.yaml writes it: within shown */
	struct grader_submission *sub;
	struct grader_result *res;        /* NULL when the sample cannot be graded */
	size_t n_lines;
	double *sim;                      /* n_lines x threats, as grading scores them */
	long *credited;                   /* per line: the threat it earned, or -1 */
};

/* Everything a report reads: the exercise, its key, the graded samples. */
struct check {
	const struct tm_exercise *e;
	const struct grader_key *key;
	size_t nt;                        /* threats in the key */
	struct sample_run *runs;
	size_t n_runs;
	char yaml[PATH_MAX + 16];         /* the exercise's exercise.yaml */
	size_t *first_pattern;            /* per threat: its patterns' start in dead */
	bool *dead;                       /* per pattern: matched no text (dead_patterns) */
};

#define THRESHOLD GRADER_DEFAULT_THRESHOLD   /* keycheck grades with the defaults */
#define NEAR_FLOOR 0.30                      /* --show lists near misses above this */
#define NEAR_MAX 2                           /* ... at most this many per threat */
#define WIDTH 80                             /* columns the reports are laid out for */
#define WHY_SIZE 512

/* Scores line l of sub, with its STRIDE labels, against every threat into sims,
 * as grader_grade() does before its assignment. */
static int line_sims(const struct grader_key *key, const struct grader_submission *sub, size_t l,
		     double *sims)
{
	return grader_line_scores(key, grader_submission_line(sub, l),
				  grader_submission_line_stride(sub, l), sims, NULL, 0);
}

/* Fills run's line scores and what each line was credited with. Returns 0, or
 * -1 when out of memory. */
static int score_run(const struct grader_key *key, struct sample_run *run)
{
	size_t nt = grader_key_threat_count(key);

	run->n_lines = grader_submission_line_count(run->sub);
	run->sim = calloc(run->n_lines * nt + 1, sizeof(*run->sim));
	run->credited = malloc((run->n_lines + 1) * sizeof(*run->credited));
	if (run->sim == NULL || run->credited == NULL)
		return -1;
	for (size_t l = 0; l < run->n_lines; l++) {
		run->credited[l] = -1;
		if (line_sims(key, run->sub, l, run->sim + l * nt) != GRADER_OK)
			return -1;
	}
	for (size_t k = 0; k < grader_result_found_count(run->res); k++)
		run->credited[grader_result_found_line(run->res, k)] =
			(long)grader_result_found_threat(run->res, k);
	return 0;
}

/* Why line l of sub scores what it does against threat t (the alias or pattern
 * that fired, the shared words), into buf; "" when nothing is shared. */
static void line_why(const struct grader_key *key, const struct grader_submission *sub, size_t l,
		     size_t t, char *buf, size_t size)
{
	size_t nt = grader_key_threat_count(key);
	double *sims = malloc((nt + 1) * sizeof(*sims));
	char **whys = calloc(nt + 1, sizeof(*whys));

	buf[0] = '\0';
	if (sims != NULL && whys != NULL) {
		whys[t] = buf;
		if (grader_line_scores(key, grader_submission_line(sub, l),
				       grader_submission_line_stride(sub, l), sims, whys,
				       size) != GRADER_OK)
			buf[0] = '\0';
	}
	free(sims);
	free(whys);
}

/* The line of run that scores best against threat t (the earlier on a tie),
 * or -1 when the sample has no line. */
static long best_line(const struct check *c, const struct sample_run *run, size_t t)
{
	long best = -1;

	for (size_t l = 0; l < run->n_lines; l++)
		if (best < 0 || run->sim[l * c->nt + t] > run->sim[(size_t)best * c->nt + t])
			best = (long)l;
	return best;
}

/* ==== Patterns that match nothing ================================================= */

/* Whether pattern matches text (NULL: no text): 1, 0, or -1 when that is not
 * known (out of memory). */
static int matches(const char *pattern, const char *text)
{
	int m = text != NULL ? grader_pattern_match(pattern, text) : 0;

	return m == GRADER_MATCH_NOMEM ? -1 : m == 1;
}

/*
 * Whether pattern p of threat t matches something it should: the threat's
 * title, one of its aliases, its description, or a line of a sample that
 * could be graded. A pattern that matches none of them may well match
 * nothing at all ('x$y', 'a\bb', a '$' left in the middle): the author
 * believes the threat has a safety net it lacks. 1, 0, or -1 when out of
 * memory (not known: not reported).
 */
static int pattern_matches_something(const struct check *c, size_t t, size_t p)
{
	const char *pat = grader_threat_pattern(c->key, t, p);
	int m = matches(pat, grader_threat_title(c->key, t));

	for (size_t a = 0; m == 0 && a < grader_threat_alias_count(c->key, t); a++)
		m = matches(pat, grader_threat_alias(c->key, t, a));
	if (m == 0)
		m = matches(pat, grader_threat_description(c->key, t));
	for (size_t i = 0; m == 0 && i < c->n_runs; i++) {
		const struct sample_run *run = &c->runs[i];

		for (size_t l = 0; m == 0 && run->res != NULL &&
				   l < grader_submission_line_count(run->sub); l++)
			m = matches(pat, grader_submission_line(run->sub, l));
	}
	return m;
}

/* Fills c->dead: which of the key's patterns match nothing they should
 * (pattern_matches_something). Returns 0, or -1 when out of memory. */
static int dead_patterns(struct check *c)
{
	size_t n = 0;

	c->first_pattern = malloc((c->nt + 1) * sizeof(*c->first_pattern));
	if (c->first_pattern == NULL)
		return -1;
	for (size_t t = 0; t < c->nt; t++) {
		c->first_pattern[t] = n;
		n += grader_threat_pattern_count(c->key, t);
	}
	c->dead = calloc(n + 1, sizeof(*c->dead));
	if (c->dead == NULL)
		return -1;
	for (size_t t = 0; t < c->nt; t++)
		for (size_t p = 0; p < grader_threat_pattern_count(c->key, t); p++)
			c->dead[c->first_pattern[t] + p] = pattern_matches_something(c, t, p) == 0;
	return 0;
}

static bool is_dead(const struct check *c, size_t t, size_t p)
{
	return c->dead != NULL && c->dead[c->first_pattern[t] + p];
}

/* Warns on stderr about each pattern that matches nothing, at the place it is
 * written in key_file (file:line:column; the file alone when that is not
 * known): a warning, as a pattern may be there for lines no sample has yet.
 * Returns how many. */
static size_t warn_dead_patterns(const struct check *c, const char *key_file)
{
	size_t n = 0;
	char *kf = tools_printable_dup(key_file);
	char id[128], where[32];

	for (size_t t = 0; t < c->nt; t++)
		for (size_t p = 0; p < grader_threat_pattern_count(c->key, t); p++) {
			char *pat;
			int line, col;

			if (!is_dead(c, t, p))
				continue;
			tm_exercise_key_pattern_at(c->e, t, p, &line, &col);
			where[0] = '\0';
			if (line > 0)
				snprintf(where, sizeof(where), ":%d:%d", line, col);
			pat = tools_printable_dup(grader_threat_pattern(c->key, t, p));
			fprintf(stderr, "%s%s: warning: pattern %zu of threat %s, '%s', matched "
				"nothing: no sample line, nor the threat's title, aliases or "
				"description; check it (a '$' or '^' in the middle, a \\b between "
				"two letters), or add a sample line it should match\n",
				kf != NULL ? kf : "?", where, p + 1,
				tools_printable(grader_threat_id(c->key, t), id, sizeof(id)),
				pat != NULL ? pat : "?");
			free(pat);
			n++;
		}
	free(kf);
	return n;
}

/* ==== Printing ================================================================== */

/* Writes text into buf as a quoted string of at most cols columns, cut with
 * "..." when longer; control characters shown as '?'. Returns buf. */
static const char *quote_cut(const char *text, size_t cols, char *buf, size_t size)
{
	char safe[GRADER_MAX_LINE * 4 + 1];
	const char *p = tools_printable(text, safe, sizeof(safe));
	size_t w = 0, o = 0, n = strlen(p);
	bool cut = render_display_width(p, n) + 2 > cols;

	buf[o++] = '"';
	for (size_t i = 0; i < n;) {
		size_t k = 1;

		while (i + k < n && ((unsigned char)p[i + k] & 0xc0) == 0x80)
			k++;
		if ((cut && w + render_display_width(p + i, k) + 5 > cols) || o + k + 5 >= size)
			break;
		memcpy(buf + o, p + i, k);
		o += k;
		w += render_display_width(p + i, k);
		i += k;
	}
	if (cut)
		o += (size_t)snprintf(buf + o, size - o, "...");
	snprintf(buf + o, size - o, "\"");
	return buf;
}

/* Prints lead and text wrapped to WIDTH columns, continuation lines under
 * the text; control characters shown as '?'. */
static void print_wrapped(const char *lead, const char *text)
{
	char *safe = tools_printable_dup(text);

	render_hanging(stdout, WIDTH, lead, safe != NULL ? safe : "?");
	free(safe);
}

/* Prints lead and a reason from the grader: wrapped, unless it quotes a
 * pattern, which is code and is written out whole on one line (a break at
 * one of its blanks would change what it reads as). */
static void print_reason(const char *lead, const char *why)
{
	char *safe;

	if (strstr(why, "pattern '") == NULL) {
		print_wrapped(lead, why);
		return;
	}
	safe = tools_printable_dup(why);
	printf("%s%s\n", lead, safe != NULL ? safe : "?");
	free(safe);
}

/* Prints a sample line's text, cut to fit, indented by indent columns. */
static void print_line_text(const struct sample_run *run, size_t l, int indent)
{
	char q[WIDTH * 4 + 8];

	printf("%*s%s\n", indent, "",
	       quote_cut(grader_submission_line(run->sub, l), (size_t)(WIDTH - indent), q,
			 sizeof(q)));
}

/* Prints why line l of run scores what it does against t, wrapped, indented. */
static void print_line_why(const struct check *c, const struct sample_run *run, size_t l,
			   size_t t, const char *indent)
{
	char why[WHY_SIZE];

	line_why(c->key, run->sub, l, t, why, sizeof(why));
	print_reason(indent, why[0] != '\0' ? why : "no shared key words");
}

/* ==== Differences ================================================================= */

/* Starts a difference: "exercise.yaml:LINE:COLUMN: SAMPLE: " then the text. */
static void difference(const struct check *c, const struct sample_run *run, int line, int col,
		       const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 5, 6)))
#endif
	;

static void difference(const struct check *c, const struct sample_run *run, int line, int col,
		       const char *fmt, ...)
{
	char yaml[sizeof(c->yaml)];
	va_list ap;

	tools_printable(c->yaml, yaml, sizeof(yaml));
	if (line > 0)
		printf("%s:%d:%d: %s: ", yaml, line, col, run->name);
	else
		printf("%s: %s: ", yaml, run->name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* A threat the sample should earn and does not: the line that came closest,
 * why it scored what it did, the threat that took it if one did, and what to
 * do. */
static void report_missed(const struct check *c, const struct sample_run *run, size_t t, int line,
			  int col)
{
	const char *id = grader_threat_id(c->key, t);
	long l = best_line(c, run, t);
	double s = l >= 0 ? run->sim[(size_t)l * c->nt + t] : 0;
	char lead[128], why[WHY_SIZE], todo[WHY_SIZE + 300];
	size_t other;

	difference(c, run, line, col, "expected %s to be found, it was not", id);
	if (l < 0 || s <= 0) {
		printf("    no line of the sample shares a key word with %s\n", id);
		print_wrapped("    to do: ", "add an alias if a fair grader would credit one of its "
			      "lines; never widen an expectation just to pass");
		return;
	}
	printf("    closest: %s:%d (%.3f%s)\n", run->shown,
	       grader_submission_line_no(run->sub, (size_t)l), s,
	       s < THRESHOLD ? ", below the threshold" : "");
	print_line_text(run, (size_t)l, 6);
	print_line_why(c, run, (size_t)l, t, "      why: ");
	if (run->credited[l] < 0) {
		print_wrapped("    to do: ", "add an alias if a fair grader would credit that line; "
			      "never widen an expectation just to pass");
		return;
	}
	/* the line went to another threat: what fired there may be what is wrong */
	other = (size_t)run->credited[l];
	snprintf(lead, sizeof(lead), "      taken by %s (%.3f): ", grader_threat_id(c->key, other),
		 run->sim[(size_t)l * c->nt + other]);
	line_why(c->key, run->sub, (size_t)l, other, why, sizeof(why));
	print_reason(lead, why[0] != '\0' ? why : "no shared key words");
	snprintf(todo, sizeof(todo), "a line earns one threat: if a fair grader would not credit "
		 "that line with %s, narrow the alias or pattern that fired there; if it says %s "
		 "too, add an alias so that another line earns it; never widen an expectation "
		 "just to pass", grader_threat_id(c->key, other), id);
	print_wrapped("    to do: ", todo);
}

/* A threat the sample must not earn and does: the line credited, why, and
 * what to narrow. */
static void report_overcredit(const struct check *c, const struct sample_run *run, size_t t,
			      int line, int col)
{
	long l = grader_result_threat_line(run->res, t);
	char why[WHY_SIZE], todo[WHY_SIZE + 200];

	difference(c, run, line, col, "expected %s to be absent, it was credited",
		   grader_threat_id(c->key, t));
	if (l < 0)
		return;
	printf("    credited: %s:%d (%.3f)\n", run->shown,
	       grader_submission_line_no(run->sub, (size_t)l), run->sim[(size_t)l * c->nt + t]);
	print_line_text(run, (size_t)l, 6);
	line_why(c->key, run->sub, (size_t)l, t, why, sizeof(why));
	if (strncmp(why, "pattern '", 9) == 0 || strncmp(why, "alias '", 7) == 0) {
		snprintf(todo, sizeof(todo), "narrow the alias or pattern that fired: %s", why);
		print_reason("    to do: ", todo);
		return;
	}
	print_reason("      why: ", why[0] != '\0' ? why : "no shared key words");
	print_wrapped("    to do: ", "the threat's own words earned it: make its title and "
		      "description name the attack, not only what it touches; never widen an "
		      "expectation just to pass");
}

/* Whether the sample's 'found' list names threat t. */
static bool expects_found(const struct check *c, size_t i, size_t t)
{
	for (size_t j = 0; j < tm_exercise_sample_found_count(c->e, i); j++)
		if (strcmp(tm_exercise_sample_found(c->e, i, j), grader_threat_id(c->key, t)) == 0)
			return true;
	return false;
}

/* A score outside the range: what moved it (expected threats missed, threats
 * credited beyond 'found'), and what to do. */
static void report_score(const struct check *c, size_t i, const struct sample_run *run,
			 double score)
{
	double lo = tm_exercise_sample_score_min(c->e, i);
	double hi = tm_exercise_sample_score_max(c->e, i);
	char list[4096];
	size_t o = 0;
	int line, col;

	tm_exercise_sample_score_at(c->e, i, &line, &col);
	difference(c, run, line, col, "score %.1f is outside [%g, %g]", score, lo, hi);
	list[0] = '\0';
	for (size_t t = 0; t < c->nt && o < sizeof(list) - 1; t++) {
		long l = grader_result_threat_line(run->res, t);
		bool want = expects_found(c, i, t);
		const char *sev = grader_severity_name(grader_threat_severity(c->key, t));
		int k = 0;

		if (score < lo && want && l < 0)
			k = snprintf(list + o, sizeof(list) - o, "%s%s (%s)", o > 0 ? ", " : "",
				     grader_threat_id(c->key, t), sev);
		else if (score > hi && !want && l >= 0)
			k = snprintf(list + o, sizeof(list) - o, "%s%s (%s) by line %d",
				     o > 0 ? ", " : "", grader_threat_id(c->key, t), sev,
				     grader_submission_line_no(run->sub, (size_t)l));
		o += k > 0 ? (size_t)k : 0;
		if (o > sizeof(list) - 1)
			o = sizeof(list) - 1;   /* cut: the list is long enough to act on */
	}
	if (score < lo) {
		if (o > 0)
			print_wrapped("    expected and missed: ", list);
		print_wrapped("    to do: ", "add an alias where a fair grader would credit a line "
			      "(keycheck --show lists what each threat almost matched); never widen "
			      "the range just to pass");
	} else {
		if (o > 0)
			print_wrapped("    credited beyond 'found': ", list);
		print_wrapped("    to do: ", "where a fair grader would not credit those lines, "
			      "narrow the alias or pattern that fired (keycheck --show says which); "
			      "never widen the range just to pass");
	}
}

/* Checks sample i; prints each difference when report (which needs the run's
 * line scores: score_run()). Returns the number of differences. */
static int check_sample(const struct check *c, size_t i, bool report)
{
	const struct sample_run *run = &c->runs[i];
	double score = grader_result_score(run->res);
	int bad = 0, line, col;

	for (size_t j = 0; j < tm_exercise_sample_found_count(c->e, i); j++) {
		long t = grader_key_find(c->key, tm_exercise_sample_found(c->e, i, j));

		if (t < 0 || grader_result_threat_line(run->res, (size_t)t) >= 0)
			continue;   /* the loader refuses an id the key lacks */
		tm_exercise_sample_found_at(c->e, i, j, &line, &col);
		if (report)
			report_missed(c, run, (size_t)t, line, col);
		bad++;
	}
	for (size_t j = 0; j < tm_exercise_sample_absent_count(c->e, i); j++) {
		long t = grader_key_find(c->key, tm_exercise_sample_absent(c->e, i, j));

		if (t < 0 || grader_result_threat_line(run->res, (size_t)t) < 0)
			continue;
		tm_exercise_sample_absent_at(c->e, i, j, &line, &col);
		if (report)
			report_overcredit(c, run, (size_t)t, line, col);
		bad++;
	}
	if (score + 1e-9 < tm_exercise_sample_score_min(c->e, i) ||
	    score - 1e-9 > tm_exercise_sample_score_max(c->e, i)) {
		if (report)
			report_score(c, i, run, score);
		bad++;
	}
	return bad;
}

/* ==== --show ====================================================================== */

/* One sample line's score against the threat being shown. */
struct hit {
	size_t run, line;
	double sim;
};

/* Highest score first; then in sample and line order, so output is stable. */
static int compare_hits(const void *pa, const void *pb)
{
	const struct hit *a = pa, *b = pb;

	if (a->sim != b->sim)
		return a->sim > b->sim ? -1 : 1;
	if (a->run != b->run)
		return a->run < b->run ? -1 : 1;
	return a->line < b->line ? -1 : a->line > b->line;
}

/*
 * Writes why (from line_why) into out with the pattern or alias that fired
 * named by its number in the threat's listing ("pattern 2 matched", "alias 1;
 * shared: ..."): --show lists them once above, and a long pattern written out
 * for every line it hits would bury the lines.
 */
static const char *short_why(const struct check *c, size_t t, const char *why, char *out,
			     size_t size)
{
	for (size_t p = 0; p < grader_threat_pattern_count(c->key, t); p++) {
		const char *src = grader_threat_pattern(c->key, t, p);
		size_t n = strlen(src);

		if (strncmp(why, "pattern '", 9) == 0 && strncmp(why + 9, src, n) == 0 &&
		    strncmp(why + 9 + n, "' matched", 9) == 0 &&
		    (why[9 + n + 9] == '\0' ||
		     strncmp(why + 9 + n + 9, GRADER_WHY_CORRECTED, strlen(GRADER_WHY_CORRECTED)) == 0)) {
			/* and the typo corrections that made it match, if any */
			snprintf(out, size, "pattern %zu matched%s", p + 1, why + 9 + n + 9);
			return out;
		}
	}
	for (size_t a = 0; a < grader_threat_alias_count(c->key, t); a++) {
		const char *alias = grader_threat_alias(c->key, t, a);
		size_t n = strlen(alias);

		if (strncmp(why, "alias '", 7) == 0 && strncmp(why + 7, alias, n) == 0 &&
		    strncmp(why + 7 + n, "'; ", 3) == 0) {
			snprintf(out, size, "alias %zu; %s", a + 1, why + 7 + n + 3);
			return out;
		}
	}
	snprintf(out, size, "%s", why);
	return out;
}

/* Prints one line scored against threat t: score, where, what became of it,
 * its text and why it scored so. */
static void show_hit(const struct check *c, size_t t, const struct hit *h)
{
	const struct sample_run *run = &c->runs[h->run];
	long went = grader_result_threat_line(run->res, t), got = run->credited[h->line];
	char status[128];
	char why[WHY_SIZE], shorter[WHY_SIZE];

	if (got == (long)t)
		snprintf(status, sizeof(status), "credited");
	else if (got >= 0)
		snprintf(status, sizeof(status), "taken by %s (%.3f)",
			 grader_threat_id(c->key, (size_t)got),
			 run->sim[h->line * c->nt + (size_t)got]);
	else if (h->sim < THRESHOLD)
		status[0] = '\0';
	else if (went >= 0)
		snprintf(status, sizeof(status), "%s went to line %d", grader_threat_id(c->key, t),
			 grader_submission_line_no(run->sub, (size_t)went));
	else
		snprintf(status, sizeof(status), "not credited");
	printf("    %.3f  %s:%d%s%s\n", h->sim, run->name,
	       grader_submission_line_no(run->sub, h->line), status[0] != '\0' ? "  " : "", status);
	print_line_text(run, h->line, 11);
	line_why(c->key, run->sub, h->line, t, why, sizeof(why));
	print_wrapped("           ", why[0] != '\0' ? short_why(c, t, why, shorter, sizeof(shorter))
						: "no shared key words");
}

/*
 * Prints what threat t accepts (aliases, patterns), then every sample line
 * whose score reaches the threshold, with what became of it and why, and the
 * closest near misses below it. Returns 0, or -1 when out of memory.
 */
static int show_threat(const struct check *c, size_t t)
{
	struct hit *hits;
	size_t n_hits = 0, n_lines = 0, n_reach = 0, n_near = 0, credited = 0;

	char lead[GRADER_MAX_LINE + 64], *safe;

	snprintf(lead, sizeof(lead), "%s [%s] ", grader_threat_id(c->key, t),
		 grader_severity_name(grader_threat_severity(c->key, t)));
	print_wrapped(lead, grader_threat_title(c->key, t));
	for (size_t a = 0; a < grader_threat_alias_count(c->key, t); a++) {
		snprintf(lead, sizeof(lead), "    alias %zu: ", a + 1);
		print_wrapped(lead, grader_threat_alias(c->key, t, a));
	}
	/* a pattern is code: written out whole on its line, never wrapped */
	for (size_t p = 0; p < grader_threat_pattern_count(c->key, t); p++) {
		safe = tools_printable_dup(grader_threat_pattern(c->key, t, p));
		printf("    pattern %zu: %s\n", p + 1, safe != NULL ? safe : "?");
		free(safe);
		if (is_dead(c, t, p))
			print_wrapped("        ", "matched nothing: check it, or add a sample line "
				      "it should match");
	}
	for (size_t i = 0; i < c->n_runs; i++)
		if (c->runs[i].res != NULL)
			n_lines += c->runs[i].n_lines;
	hits = malloc((n_lines + 1) * sizeof(*hits));
	if (hits == NULL)
		return -1;
	for (size_t i = 0; i < c->n_runs; i++) {
		const struct sample_run *run = &c->runs[i];

		if (run->res == NULL)
			continue;
		if (grader_result_threat_line(run->res, t) >= 0)
			credited++;
		for (size_t l = 0; l < run->n_lines; l++) {
			double s = run->sim[l * c->nt + t];

			if (s > NEAR_FLOOR) {
				hits[n_hits].run = i;
				hits[n_hits].line = l;
				hits[n_hits++].sim = s;
				n_reach += s >= THRESHOLD;
			}
		}
	}
	qsort(hits, n_hits, sizeof(*hits), compare_hits);
	if (n_reach == 0)
		printf("    no sample line reaches %.3f\n", THRESHOLD);
	else
		printf("    %zu sample line%s reach%s %.3f; credited in %zu sample%s:\n", n_reach,
		       n_reach == 1 ? "" : "s", n_reach == 1 ? "es" : "", THRESHOLD, credited,
		       credited == 1 ? "" : "s");
	for (size_t h = 0; h < n_reach; h++)
		show_hit(c, t, &hits[h]);
	n_near = n_hits - n_reach < NEAR_MAX ? n_hits - n_reach : NEAR_MAX;
	if (n_near > 0)
		printf("    near misses (over %.3f, below %.3f):\n", NEAR_FLOOR, THRESHOLD);
	for (size_t h = n_reach; h < n_reach + n_near; h++)
		show_hit(c, t, &hits[h]);
	free(hits);
	return 0;
}

/* ==== The command ================================================================= */

#define MAX_THREAT_ARGS 64

/*
 * Marks in want (c->nt entries) the threats the --threat ids name. Returns 0,
 * or -1 after saying which id the key lacks, with the closest id of the key
 * when one is near ("did you mean").
 */
static int select_threats(const struct check *c, char **ids, size_t n_ids, bool *want)
{
	for (size_t i = 0; i < n_ids; i++) {
		const char *best = NULL;
		size_t t, best_d = SIZE_MAX, len = strlen(ids[i]);
		char shown[TM_ID_MAX + 8];

		for (t = 0; t < c->nt; t++) {
			const char *id = grader_threat_id(c->key, t);
			size_t d;

			if (strcmp(ids[i], id) == 0)
				break;
			d = tm_edit_distance(ids[i], id, SIZE_MAX);
			if (d < best_d) {
				best_d = d;
				best = id;
			}
		}
		if (t < c->nt) {
			want[t] = true;
			continue;
		}
		/* ids are short ("A01"): one edit, or the same letters in another case */
		if (best != NULL && best_d > (len <= 4 ? 1u : 2u) &&
		    !(strlen(best) == len && strncasecmp(ids[i], best, len) == 0))
			best = NULL;
		tools_printable(ids[i], shown, sizeof(shown));
		fprintf(stderr, "tmdojo keycheck: no threat '%s' in the key of '%s'%s%s%s\n",
			shown, tm_exercise_id(c->e), best != NULL ? " (did you mean '" : "",
			best != NULL ? best : "", best != NULL ? "'?)" : "");
		return -1;
	}
	return 0;
}

int cmd_keycheck(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "show", no_argument, NULL, 's' },
		{ "threat", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct tm_content *content = NULL;
	struct check c;
	const char *id, *dir;
	bool show = false, no_lexicon = false, *want = NULL;
	char *threat_ids[MAX_THREAT_ARGS];
	int opt, status = 0, bad = 0, unreadable = 0, limited = 0;
	size_t n, dir_len, n_threat_ids = 0, n_shown = 0;

	memset(&c, 0, sizeof(c));
	optind = 1;
	for (;;) {
		opt = getopt_long(argc, argv, "st:h", longopts, NULL);
		if (opt == -1)
			break;
		if (opt == 's') {
			show = true;
		} else if (opt == 't') {
			if (n_threat_ids == MAX_THREAT_ARGS) {
				fprintf(stderr, "tmdojo keycheck: at most %d --threat options\n",
					MAX_THREAT_ARGS);
				return EXIT_BAD_INPUT;
			}
			threat_ids[n_threat_ids++] = optarg;
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
	content = load_exercise(argv[optind], &c.e, &no_lexicon);
	if (content == NULL)
		return EXIT_BAD_INPUT;
	id = tm_exercise_id(c.e);
	c.key = tm_exercise_key(c.e);
	c.nt = grader_key_threat_count(c.key);
	dir = tm_exercise_dir(c.e);
	dir_len = strlen(dir);
	snprintf(c.yaml, sizeof(c.yaml), "%s/exercise.yaml", dir);
	want = calloc(c.nt + 1, sizeof(*want));
	if (want == NULL) {
		fprintf(stderr, "tmdojo keycheck: out of memory\n");
		status = EXIT_BAD_INPUT;
		goto cleanup;
	}
	for (size_t t = 0; t < c.nt; t++)
		want[t] = n_threat_ids == 0;
	if (select_threats(&c, threat_ids, n_threat_ids, want) != 0) {
		status = EXIT_BAD_INPUT;
		goto cleanup;
	}
	n = tm_exercise_sample_count(c.e);
	c.runs = calloc(n + 1, sizeof(*c.runs));
	if (c.runs == NULL) {
		status = EXIT_BAD_INPUT;
		goto cleanup;
	}
	c.n_runs = n;
	for (size_t i = 0; i < n; i++) {
		struct sample_run *run = &c.runs[i];

		run->file = tm_exercise_sample_file(c.e, i);
		run->shown = tools_printable_dup(run->file);
		if (run->shown == NULL) {
			fprintf(stderr, "tmdojo keycheck: out of memory\n");
			status = EXIT_BAD_INPUT;
			goto cleanup;
		}
		run->name = run->shown;
		if (strncmp(run->file, dir, dir_len) == 0 && run->file[dir_len] == '/')
			run->name = run->shown + dir_len + 1;   /* each byte stays one byte */
		run->sub = load_sample(run->file);
		if (run->sub != NULL)
			run->res = grader_grade(c.key, run->sub, NULL);
		if (run->res == NULL) {
			status = EXIT_BAD_INPUT;
			unreadable++;
			continue;
		}
		/* a key test must not pass on a pattern that gave up */
		if (tools_warn_limits("", tm_exercise_key_file(c.e), c.key, run->file, run->sub,
				      run->res) > 0)
			limited++;
		/* the per-line scores explain differences and feed --show: a
		 * sample as expected without --show needs only its grade */
		int differs = check_sample(&c, i, false);
		if ((show || differs > 0) && score_run(c.key, run) != 0) {
			fprintf(stderr, "tmdojo keycheck: out of memory\n");
			status = EXIT_BAD_INPUT;
			goto cleanup;
		}
		if (differs > 0)
			bad += check_sample(&c, i, true);
	}
	if (dead_patterns(&c) != 0) {
		fprintf(stderr, "tmdojo keycheck: out of memory\n");
		status = EXIT_BAD_INPUT;
		goto cleanup;
	}
	warn_dead_patterns(&c, tm_exercise_key_file(c.e));
	for (size_t t = 0; show && t < c.nt; t++) {
		if (!want[t])
			continue;
		if (bad > 0 || n_shown++ > 0)
			putchar('\n');   /* threats apart, and apart from the differences */
		if (show_threat(&c, t) != 0) {
			fprintf(stderr, "tmdojo keycheck: out of memory\n");
			status = EXIT_BAD_INPUT;
			goto cleanup;
		}
	}
	if (status == 0 && (bad > 0 || limited > 0))
		status = EXIT_NEGATIVE;
	if (unreadable > 0)
		printf("keycheck %s: %zu sample(s), %d could not be graded (see above)%s", id, n,
		       unreadable, bad > 0 ? ", differences found" : "");
	else
		printf("keycheck %s: %zu sample(s), %s%s", id, n,
		       bad > 0 ? "differences found" : limited > 0 ? "pattern limits hit" : "all as expected",
		       bad > 0 && no_lexicon ? " (graded without a lexicon: see the warning)" : "");
	if (limited > 0 && (bad > 0 || unreadable > 0))
		printf(", %d with a pattern limit hit (see the warnings)", limited);
	else if (limited > 0)
		printf(" in %d (see the warnings)", limited);
	printf("\n");
	if (tools_check_output("tmdojo keycheck") != 0)
		status = EXIT_BAD_INPUT;
cleanup:
	for (size_t i = 0; c.runs != NULL && i < c.n_runs; i++) {
		grader_result_free(c.runs[i].res);
		grader_submission_free(c.runs[i].sub);
		free(c.runs[i].sim);
		free(c.runs[i].credited);
		free(c.runs[i].shown);
	}
	free(c.runs);
	free(c.first_pattern);
	free(c.dead);
	free(want);
	tm_content_free(content);
	return status;
}
