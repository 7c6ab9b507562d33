/*
 * cmd_eval.c: `tmdojo eval DIR`, the grader's quality on a labelled corpus.
 *
 * DIR is classified by what it holds, whatever its name: a system when it holds
 * key.yaml, a split when it holds systems, the top of a corpus when it holds
 * splits. A system's submissions are its *.lab files: one learner line per
 * line, written "IDS<TAB>text" where IDS are the threats the line deserves
 * ("-" for none). A malformed line or an unknown id is an error (every one is
 * reported as file:line:column; exit 2 and no figures).
 * Prints per split: precision, recall and F1 of "threat found" (micro-averaged
 * over submissions) and line precision (credited lines whose threat is among
 * the line's labels), with the numbers of lines and submissions, and for a
 * split of three systems or more the 95% bootstrap intervals of F1 and line
 * precision over its systems.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"

#define EVAL_MAX_SPLITS 16
#define EVAL_MAX_LABELS 8
#define EVAL_MAX_SYSTEMS 64     /* per split, for the intervals */
#define EVAL_DRAWS 2000         /* bootstrap resamples of a split's systems */
#define EVAL_MIN_SYSTEMS 3      /* fewer systems give no interval */
#define EVAL_SEED 0x746d646f6a6fULL

/* What grading found against the labels, summed over submissions. */
struct eval_tally {
	size_t tp, fp, fn;
	size_t credited, credited_ok;
};

struct eval_counts {
	char name[64];
	size_t systems, submissions, lines;
	struct eval_tally all;
	struct eval_tally per_system[EVAL_MAX_SYSTEMS];
};

struct eval_run {
	const struct grader_lexicon *lex;
	struct grader_options opts;
	FILE *verbose;       /* -v: what went wrong, printed after the figures are known */
	FILE *features;      /* --features: calibration inputs of every pair (out.f) */
	struct tools_output out;  /* --features FILE, renamed into place on success */
	struct eval_counts splits[EVAL_MAX_SPLITS];
	size_t n_splits;
	int failed;
};

struct lab_line {
	char *text;
	long labels[EVAL_MAX_LABELS];
	int n_labels;
};

static const char eval_usage[] =
	"usage: tmdojo eval [--verbose] [--threshold X] [--features FILE] DIR\n"
	"\n"
	"Grades every labelled submission (*.lab) under DIR against its system's key.yaml\n"
	"and prints, per split, precision, recall and F1 of the threats found and the\n"
	"precision of credited lines. A split of 3 to 64 systems\n"
	"also gets 95% intervals of F1 and line precision: the range the figures take\n"
	"when its systems are drawn again with replacement (2000 draws, fixed seed).\n"
	"\n"
	"DIR is a system when it holds key.yaml, a split when its subdirectories are\n"
	"systems, and the top of a corpus when they are splits; a split is named after\n"
	"its directory. Each line of a .lab file is IDS<TAB>text, IDS being '-' or\n"
	"threat ids of the key separated by commas. A malformed line or an unknown id\n"
	"is an error: each is named as file:line:column and no figures are printed.\n"
	"\n"
	"  -v, --verbose      list every wrong or missed credit\n"
	"  -t, --threshold X  similarity needed to earn a threat (default 0.45)\n"
	"  -f, --features FILE\n"
	"                     also write the calibration inputs of every (line, threat)\n"
	"                     pair that shares a word, with its label, as TSV (for\n"
	"                     tests/eval/calibrate.py); FILE is replaced only when\n"
	"                     the run succeeds, as cohort report -o replaces its file\n"
	"                     (a link's file, its mode kept; a FIFO written directly)\n";

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int is_directory(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The counts of the split named name, new when there are none yet; NULL
 * (said why) past EVAL_MAX_SPLITS splits. */
static struct eval_counts *split_named(struct eval_run *run, const char *name)
{
	for (size_t i = 0; i < run->n_splits; i++)
		if (strcmp(run->splits[i].name, name) == 0)
			return &run->splits[i];
	if (run->n_splits == EVAL_MAX_SPLITS) {
		fprintf(stderr, "tmdojo eval: more than %d splits; '%s' is not evaluated\n",
			EVAL_MAX_SPLITS, name);
		return NULL;
	}
	memset(&run->splits[run->n_splits], 0, sizeof(run->splits[0]));
	snprintf(run->splits[run->n_splits].name, sizeof(run->splits[0].name), "%s", name);
	return &run->splits[run->n_splits++];
}

/* One problem of a .lab line, as path:line:column: message on stderr. */
static void lab_error(const char *path, long line_no, size_t column, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

static void lab_error(const char *path, long line_no, size_t column, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%ld:%zu: ", path, line_no, column);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/*
 * Reads the IDS field of one .lab line (ids, which this cuts up) into l's
 * labels: "-", or threat ids of key separated by commas, blanks around each
 * ignored. Prints every problem; returns how many there were.
 */
static int parse_ids(const char *path, long line_no, char *ids, const struct grader_key *key,
		     struct lab_line *l)
{
	char *field = ids;
	int bad = 0;
	const char *whole = ids + strspn(ids, " ");
	size_t k = strlen(whole);

	l->n_labels = 0;
	while (k > 0 && whole[k - 1] == ' ')
		k--;
	if (k == 1 && whole[0] == '-')
		return 0;
	for (;;) {
		char *comma = strchr(field, ','), *id = field, *end;
		size_t column;
		long t;

		if (comma != NULL)
			*comma = '\0';
		while (*id == ' ')
			id++;
		end = id + strlen(id);
		while (end > id && end[-1] == ' ')
			*--end = '\0';
		column = (size_t)(id - ids) + 1;
		t = grader_key_find(key, id);
		if (*id == '\0') {
			lab_error(path, line_no, column, "empty threat id: IDS is '-' or threat ids "
				  "separated by commas");
			bad++;
		} else if (strcmp(id, "-") == 0) {
			lab_error(path, line_no, column, "'-' (no credit) cannot stand beside threat "
				  "ids");
			bad++;
		} else if (t < 0) {
			char safe[128];

			lab_error(path, line_no, column, "unknown threat id '%s': not in the key.yaml "
				  "beside this file", tools_printable(id, safe, sizeof(safe)));
			bad++;
		} else if (l->n_labels == EVAL_MAX_LABELS) {
			lab_error(path, line_no, column, "more than %d threat ids on one line",
				  EVAL_MAX_LABELS);
			bad++;
		} else {
			l->labels[l->n_labels++] = t;
		}
		if (comma == NULL)
			return bad;
		field = comma + 1;
	}
}

/*
 * Reads one line of a .lab file (p, NUL-terminated, which this cuts up) into
 * l: "IDS<TAB>text", text not empty and without another TAB. Prints every
 * problem; returns how many there were (l->text is NULL then).
 */
static int parse_lab_line(const char *path, long line_no, char *p, const struct grader_key *key,
			  struct lab_line *l)
{
	char *tab = strchr(p, '\t'), *text;
	int bad;

	l->text = NULL;
	l->n_labels = 0;
	if (tab == NULL) {
		lab_error(path, line_no, 1, "%s: every line is IDS<TAB>text",
			  *p == '\0' ? "empty line" : "no TAB");
		return 1;
	}
	*tab = '\0';
	text = tab + 1;
	bad = parse_ids(path, line_no, p, key, l);
	if (text[strspn(text, " ")] == '\0') {
		lab_error(path, line_no, (size_t)(text - p) + 1, "no text after the TAB");
		bad++;
	} else if (strchr(text, '\t') != NULL) {
		lab_error(path, line_no, (size_t)(strchr(text, '\t') - p) + 1,
			  "a second TAB: the text cannot hold one");
		bad++;
	}
	if (bad == 0) {
		l->text = strdup(text);
		if (l->text == NULL) {
			fprintf(stderr, "%s:%ld:1: out of memory\n", path, line_no);
			bad++;
		}
	}
	return bad;
}

static void free_lab(struct lab_line *lines, long n)
{
	for (long i = 0; i < n; i++)
		free(lines[i].text);
	free(lines);
}

/*
 * Splits a .lab file into its lines: lines[i] is the file's line i + 1, since
 * every line must be "IDS<TAB>text". Returns the count, or -1 when the file
 * cannot be read or any line is malformed (every problem printed as
 * path:line:column). Caller frees *out with free_lab().
 */
static long read_lab(const char *path, const struct grader_key *key, struct lab_line **out)
{
	struct tm_diags diags;
	char *buf = NULL, *p;
	size_t len = 0, n = 0, alloc = 0;
	struct lab_line *lines = NULL;
	int bad = 0;

	*out = NULL;
	tm_diags_init(&diags);
	if (tm_read_file(path, TM_MAX_FILE_BYTES, &buf, &len, &diags) != TM_OK) {
		tools_print_diags(&diags);
		tm_diags_release(&diags);
		return -1;
	}
	tm_diags_release(&diags);
	for (p = buf; *p != '\0';) {
		char *nl = strchr(p, '\n');

		if (nl != NULL)
			*nl = '\0';
		if (n == alloc) {
			size_t na = alloc ? alloc * 2 : 32;
			struct lab_line *more = realloc(lines, na * sizeof(*lines));

			if (more == NULL) {
				fprintf(stderr, "%s: out of memory\n", path);
				bad++;
				break;
			}
			lines = more;
			alloc = na;
		}
		bad += parse_lab_line(path, (long)n + 1, p, key, &lines[n]);
		n++;
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	free(buf);
	if (bad > 0) {
		free_lab(lines, (long)n);
		return -1;
	}
	*out = lines;
	return (long)n;
}

static int has_label(const struct lab_line *l, long t)
{
	for (int i = 0; i < l->n_labels; i++)
		if (l->labels[i] == t)
			return 1;
	return 0;
}

/* Writes the calibration inputs of every line of sub against every threat,
 * one TSV row per pair that shares anything: split, file, line, threat,
 * label (1 when the line deserves the threat), the inputs, and the ceiling
 * the grader's hard rules put on the pair's score. */
static int write_features(FILE *out, const char *split, const char *path,
			  const struct grader_key *key, const struct grader_submission *sub,
			  const struct lab_line *lines)
{
	size_t nt = grader_key_threat_count(key);
	double *x = malloc((nt ? nt : 1) * GRADER_N_FEATURES * sizeof(double));
	double *ceiling = malloc((nt ? nt : 1) * sizeof(double));
	int rc = -1;

	if (x == NULL || ceiling == NULL)
		goto cleanup;
	for (size_t li = 0; li < grader_submission_line_count(sub); li++) {
		int no = grader_submission_line_no(sub, li);

		if (grader_line_features(key, grader_submission_line(sub, li),
					 grader_submission_line_stride(sub, li), x, ceiling) != GRADER_OK)
			goto cleanup;
		for (size_t t = 0; t < nt; t++) {
			const double *row = x + t * GRADER_N_FEATURES;

			if (ceiling[t] <= 0)   /* the line shares nothing with this threat */
				continue;
			fprintf(out, "%s\t%s\t%d\t%s\t%d", split, path, no, grader_threat_id(key, t),
				has_label(&lines[no - 1], (long)t));
			for (size_t f = 0; f < GRADER_N_FEATURES; f++)
				fprintf(out, "\t%.6f", row[f]);
			fprintf(out, "\t%.6f\n", ceiling[t]);
		}
	}
	rc = 0;
cleanup:
	free(x);
	free(ceiling);
	return rc;
}

/* -v: a line credited with a threat it is not labelled with. Text from the
 * files goes out with control characters shown as '?'. */
static void print_wrong(FILE *out, const char *path, int line_no, const char *id,
			double similarity, const char *text, const char *why)
{
	char *p = tools_printable_dup(path), *t = tools_printable_dup(text);
	char *w = tools_printable_dup(why);

	fprintf(out, "  wrong  %s:%d %s (%.2f) <- %s\n    why: %s\n", p != NULL ? p : "?",
		line_no, id, similarity, t != NULL ? t : "?", w != NULL ? w : "?");
	free(p);
	free(t);
	free(w);
}

/* -v: a threat no line earned, with the lines labelled with it (lines[i] is
 * the file's line i + 1). */
static void print_missed(FILE *out, const char *path, const struct grader_key *key, size_t t,
			 double best, const struct lab_line *lines, long n)
{
	char *p = tools_printable_dup(path);

	fprintf(out, "  missed %s %s (best %.2f): %s\n", p != NULL ? p : "?",
		grader_threat_id(key, t), best, grader_threat_title(key, t));
	for (long i = 0; i < n; i++) {
		if (has_label(&lines[i], (long)t)) {
			char *text = tools_printable_dup(lines[i].text);

			fprintf(out, "         line %ld: %s\n", i + 1, text != NULL ? text : "?");
			free(text);
		}
	}
	free(p);
}

/* Grades one .lab file against key (read from key_file) and adds its counts
 * to c; warns about the key's patterns a match limit stopped. */
static void eval_lab(struct eval_run *run, struct eval_counts *c, const struct grader_key *key,
		     const char *key_file, const char *path)
{
	struct lab_line *lines = NULL;
	long n = read_lab(path, key, &lines);
	struct grader_submission *sub = grader_submission_new();
	struct grader_result *r = NULL;
	size_t nt = grader_key_threat_count(key);
	char *gold = calloc(nt + 1, 1), *found = calloc(nt + 1, 1);

	if (n < 0 || sub == NULL || gold == NULL || found == NULL) {
		run->failed = 1;
		goto cleanup;
	}
	for (long i = 0; i < n; i++) {
		/* each lab line goes through the text parser, which strips list markers
		 * and labels; its line number maps results back to the lab line */
		struct grader_submission *one = grader_submission_new();

		if (one == NULL) {
			run->failed = 1;
			goto cleanup;
		}
		grader_submission_parse_text(one, lines[i].text, strlen(lines[i].text));
		if (grader_submission_line_count(one) > 0)
			grader_submission_add(sub, (int)i + 1, grader_submission_line(one, 0),
					      grader_submission_line_stride(one, 0),
					      grader_submission_line_severity(one, 0));
		grader_submission_free(one);
		for (int k = 0; k < lines[i].n_labels; k++)
			gold[lines[i].labels[k]] = 1;
	}
	if (run->features != NULL &&
	    write_features(run->features, c->name, path, key, sub, lines) != 0) {
		run->failed = 1;
		goto cleanup;
	}
	r = grader_grade(key, sub, &run->opts);
	if (r == NULL) {
		run->failed = 1;
		goto cleanup;
	}
	/* counted as no match, like grade: the figures stand, the author is told */
	tools_warn_limits("", key_file, key, path, sub, r);
	c->submissions++;
	c->lines += (size_t)n;
	for (size_t i = 0; i < grader_result_found_count(r); i++) {
		size_t t = grader_result_found_threat(r, i);
		size_t li = grader_result_found_line(r, i);
		const struct lab_line *l = &lines[grader_submission_line_no(sub, li) - 1];
		int ok = has_label(l, (long)t);

		found[t] = 1;
		c->all.credited++;
		c->all.credited_ok += (size_t)ok;
		if (!ok && run->verbose)
			print_wrong(run->verbose, path, grader_submission_line_no(sub, li),
				    grader_threat_id(key, t), grader_result_found_similarity(r, i),
				    l->text, grader_result_found_why(r, i));
	}
	for (size_t t = 0; t < nt; t++) {
		if (found[t] && gold[t])
			c->all.tp++;
		else if (found[t])
			c->all.fp++;
		else if (gold[t]) {
			c->all.fn++;
			if (run->verbose)
				print_missed(run->verbose, path, key, t, grader_result_threat_best(r, t),
					     lines, n);
		}
	}
cleanup:
	free_lab(lines, n > 0 ? n : 0);
	free(gold);
	free(found);
	grader_result_free(r);
	grader_submission_free(sub);
}

static void tally_add(struct eval_tally *sum, const struct eval_tally *t)
{
	sum->tp += t->tp;
	sum->fp += t->fp;
	sum->fn += t->fn;
	sum->credited += t->credited;
	sum->credited_ok += t->credited_ok;
}

static struct eval_tally tally_minus(const struct eval_tally *a, const struct eval_tally *b)
{
	struct eval_tally d = {
		a->tp - b->tp, a->fp - b->fp, a->fn - b->fn,
		a->credited - b->credited, a->credited_ok - b->credited_ok,
	};

	return d;
}

static int visible(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

static void free_paths(char **paths, int n)
{
	for (int i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}

/*
 * The visible subdirectories of dir, sorted by name, each as "dir/name".
 * Returns how many, or -1 when dir cannot be read (said why). Caller frees
 * *out with free_paths().
 */
static int subdirectories(const char *dir, char ***out)
{
	struct dirent **names = NULL;
	char **paths;
	int n = scandir(dir, &names, visible, alphasort), k = 0;

	*out = NULL;
	if (n < 0) {
		fprintf(stderr, "tmdojo eval: cannot read '%s': %s\n", dir, strerror(errno));
		return -1;
	}
	paths = calloc((size_t)n + 1, sizeof(*paths));
	for (int i = 0; i < n; i++) {
		size_t size = strlen(dir) + strlen(names[i]->d_name) + 2;
		char *path = paths != NULL ? malloc(size) : NULL;

		if (path != NULL) {
			snprintf(path, size, "%s/%s", dir, names[i]->d_name);
			if (is_directory(path))
				paths[k++] = path;
			else
				free(path);
		}
		free(names[i]);
	}
	free(names);
	if (paths == NULL) {
		fprintf(stderr, "tmdojo eval: out of memory\n");
		return -1;
	}
	*out = paths;
	return k;
}

/* Whether dir is a system: it holds a key.yaml (one that does not load is
 * reported when the system is evaluated). */
static int is_system(const char *dir)
{
	char path[PATH_MAX + 16];
	struct stat st;

	snprintf(path, sizeof(path), "%s/key.yaml", dir);
	return stat(path, &st) == 0 && !S_ISDIR(st.st_mode);
}

/* Whether dir is a split: one of its subdirectories is a system. */
static int is_split(const char *dir)
{
	char **subs;
	int n = subdirectories(dir, &subs), found = 0;

	for (int i = 0; i < n && !found; i++)
		found = is_system(subs[i]);
	free_paths(subs, n);
	return found;
}

/* The last component of dir ("dev" for "c/dev", "c/dev/" and, inside c/dev,
 * "."), into name. */
static void dir_name(const char *dir, char *name, size_t size)
{
	char *real = realpath(dir, NULL);
	const char *path = real != NULL ? real : dir, *base;
	size_t n = strlen(path);

	while (n > 1 && path[n - 1] == '/')
		n--;
	base = path + n;
	while (base > path && base[-1] != '/')
		base--;
	snprintf(name, size, "%.*s", (int)(path + n - base), base);
	free(real);
}

/* Grades every .lab of the system in dir with its key.yaml; adds it to the
 * counts of its split, c. */
static void eval_system(struct eval_run *run, const char *dir, struct eval_counts *c)
{
	struct dirent **names = NULL;
	struct tm_diags diags;
	struct grader_key *key = NULL;
	struct eval_tally before;
	char path[PATH_MAX + 16], key_file[PATH_MAX + 16];
	int n;

	snprintf(path, sizeof(path), "%s/key.yaml", dir);
	snprintf(key_file, sizeof(key_file), "%s", path);
	tm_diags_init(&diags);
	if (tm_key_load(path, run->lex, &key, &diags) != TM_OK) {
		tools_print_diags(&diags);
		tm_diags_release(&diags);
		run->failed = 1;
		return;
	}
	tm_diags_release(&diags);
	grader_key_jit(key);   /* every .lab of the system is graded with it */
	run->opts.memo = grader_memo_new(key);   /* and reads the same words */
	before = c->all;
	n = scandir(dir, &names, visible, alphasort);
	if (n < 0) {
		fprintf(stderr, "tmdojo eval: cannot read '%s': %s\n", dir, strerror(errno));
		run->failed = 1;
	}
	for (int i = 0; i < n; i++) {
		if (has_suffix(names[i]->d_name, ".lab")) {
			snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
			eval_lab(run, c, key, key_file, path);
		}
		free(names[i]);
	}
	free(names);
	grader_memo_free(run->opts.memo);
	run->opts.memo = NULL;
	grader_key_free(key);
	if (c->systems < EVAL_MAX_SYSTEMS)
		c->per_system[c->systems] = tally_minus(&c->all, &before);
	c->systems++;
}

/* Evaluates every system directly under dir as the split named split. */
static void eval_split(struct eval_run *run, const char *dir, const char *split)
{
	struct eval_counts *c = split_named(run, split);
	char **subs;
	int n;

	if (c == NULL) {
		run->failed = 1;
		return;
	}
	n = subdirectories(dir, &subs);
	if (n < 0)
		run->failed = 1;
	for (int i = 0; i < n; i++)
		if (is_system(subs[i]))
			eval_system(run, subs[i], c);
	free_paths(subs, n);
}

/*
 * Evaluates DIR by what it holds, whatever its name: a key.yaml makes it a
 * system (counted as a split of its own name); systems make it a split;
 * splits make it the top of a corpus, each split counted under its name.
 */
static void eval_path(struct eval_run *run, const char *dir)
{
	char name[sizeof(run->splits[0].name)];
	char **subs;
	int n;

	dir_name(dir, name, sizeof(name));
	if (is_system(dir)) {
		struct eval_counts *c = split_named(run, name);

		if (c != NULL)
			eval_system(run, dir, c);
		else
			run->failed = 1;
		return;
	}
	if (is_split(dir)) {
		eval_split(run, dir, name);
		return;
	}
	n = subdirectories(dir, &subs);
	if (n < 0)
		run->failed = 1;
	for (int i = 0; i < n; i++) {
		if (is_split(subs[i])) {
			dir_name(subs[i], name, sizeof(name));
			eval_split(run, subs[i], name);
		}
	}
	free_paths(subs, n);
}

static double ratio(size_t a, size_t b)
{
	return b > 0 ? (double)a / (double)b : 0;
}

static double tally_f1(const struct eval_tally *t)
{
	double p = ratio(t->tp, t->tp + t->fp), r = ratio(t->tp, t->tp + t->fn);

	return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

/* splitmix64: a fixed seed keeps the intervals the same from run to run. */
static uint64_t next_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/*
 * 95% percentile intervals of F1 and line precision when the split's systems
 * are drawn again with replacement EVAL_DRAWS times: how far the figures
 * could move on another set of systems written the same way. Returns 0 when
 * the split has too few systems for that to mean anything, or more than
 * EVAL_MAX_SYSTEMS.
 */
static int split_intervals(const struct eval_counts *c, double f1[2], double lp[2])
{
	static double f1s[EVAL_DRAWS], lps[EVAL_DRAWS];
	size_t n = c->systems;
	uint64_t state = EVAL_SEED;

	/* past EVAL_MAX_SYSTEMS the per-system counts are not all kept: an
	 * interval over some of them would not be the figure's */
	if (n < EVAL_MIN_SYSTEMS || n > EVAL_MAX_SYSTEMS)
		return 0;
	for (size_t d = 0; d < EVAL_DRAWS; d++) {
		struct eval_tally sum;

		memset(&sum, 0, sizeof(sum));
		for (size_t i = 0; i < n; i++)
			tally_add(&sum, &c->per_system[next_random(&state) % n]);
		f1s[d] = tally_f1(&sum);
		lps[d] = ratio(sum.credited_ok, sum.credited);
	}
	qsort(f1s, EVAL_DRAWS, sizeof(double), compare_doubles);
	qsort(lps, EVAL_DRAWS, sizeof(double), compare_doubles);
	f1[0] = f1s[EVAL_DRAWS / 40];
	f1[1] = f1s[EVAL_DRAWS - 1 - EVAL_DRAWS / 40];
	lp[0] = lps[EVAL_DRAWS / 40];
	lp[1] = lps[EVAL_DRAWS - 1 - EVAL_DRAWS / 40];
	return 1;
}

/* Prints " a/b" in width columns with three decimals, or "n/a" when b is 0: a
 * precision over no credits is no figure, and 0.000 read as a bad one. */
static void print_ratio(int width, size_t a, size_t b)
{
	if (b > 0)
		printf(" %*.3f", width, (double)a / (double)b);
	else
		printf(" %*s", width, "n/a");
}

static void print_counts(const struct eval_counts *c)
{
	const struct eval_tally *t = &c->all;
	double f1i[2], lpi[2];

	printf("%-12s %7zu %11zu %6zu", c->name, c->systems, c->submissions, c->lines);
	print_ratio(9, t->tp, t->tp + t->fp);
	print_ratio(7, t->tp, t->tp + t->fn);
	if (t->tp + t->fp + t->fn > 0)
		printf(" %6.3f", tally_f1(t));
	else
		printf(" %6s", "n/a");
	print_ratio(14, t->credited_ok, t->credited);
	if (split_intervals(c, f1i, lpi))
		printf("   %.3f-%.3f   %.3f-%.3f\n", f1i[0], f1i[1], lpi[0], lpi[1]);
	else
		printf("   %11s   %11s\n", "-", "-");
}

/* Opens --features path as cohort report -o opens its file (tools_output_open():
 * a temporary renamed into place when the run succeeds, a link's file, a FIFO
 * written directly) and writes the TSV header; 0 on failure (said why). A
 * failed run must not leave a half-written path behind or spoil an earlier
 * one: finish_features() renames or removes the temporary. */
static int open_features(struct eval_run *run, const char *path)
{
	if (tools_output_open(&run->out, "tmdojo eval", "--features FILE", path) != 0)
		return 0;
	run->features = run->out.f;
	fputs("split\tfile\tline\tthreat\tlabel", run->features);
	for (size_t f = 0; f < GRADER_N_FEATURES; f++)
		fprintf(run->features, "\t%s", grader_feature_name(f));
	fputs("\tceiling\n", run->features);
	return 1;
}

/* Closes the --features file (if any), putting it in place when ok, else
 * removing the temporary. Returns ok, or 0 when writing failed (said why). */
static int finish_features(struct eval_run *run, int ok)
{
	if (run->features == NULL)
		return ok;
	run->features = NULL;
	return tools_output_close(&run->out, ok != 0) == 0 ? ok : 0;
}

/* A copy of path without trailing slashes ("/" stays), so that the paths
 * built from it read "dev/sys1/a.lab"; NULL (said why) when out of memory. */
static char *without_trailing_slashes(const char *path)
{
	char *copy = strdup(path);
	size_t n = copy != NULL ? strlen(copy) : 0;

	if (copy == NULL) {
		fprintf(stderr, "tmdojo eval: out of memory\n");
		return NULL;
	}
	while (n > 1 && copy[n - 1] == '/')
		copy[--n] = '\0';
	return copy;
}

/* The -v details (may be NULL), then a row of figures per split. */
static void print_figures(const struct eval_run *run, const char *details)
{
	if (details != NULL)
		fputs(details, stdout);
	printf("%-12s %7s %11s %6s %9s %7s %6s %14s   %11s   %11s\n", "split", "systems",
	       "submissions", "lines", "precision", "recall", "F1", "line-precision",
	       "F1-95%", "line-p-95%");
	for (size_t i = 0; i < run->n_splits; i++)
		print_counts(&run->splits[i]);
}

int cmd_eval(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "verbose", no_argument, NULL, 'v' },
		{ "threshold", required_argument, NULL, 't' },
		{ "features", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct eval_run run;
	struct grader_lexicon *lex = NULL;
	const char *features = NULL;
	char *dir, *details = NULL;
	size_t details_len = 0;
	int opt, rc, ok, verbose = 0;

	memset(&run, 0, sizeof(run));
	grader_options_init(&run.opts);
	optind = 1;
	for (;;) {
		opt = getopt_long(argc, argv, "vt:f:h", longopts, NULL);
		if (opt == -1)
			break;
		switch (opt) {
		case 'v':
			verbose = 1;
			break;
		case 't':
			if (!tools_parse_number(optarg, 0, 1, &run.opts.threshold) ||
			    run.opts.threshold <= 0) {
				fprintf(stderr, "tmdojo eval: --threshold wants a number above 0 "
					"and at most 1, not '%s'\n", optarg);
				return EXIT_BAD_INPUT;
			}
			break;
		case 'f':
			features = optarg;
			break;
		case 'h':
			fputs(eval_usage, stdout);
			return 0;
		default:
			fputs(eval_usage, stderr);
			return EXIT_BAD_INPUT;
		}
	}
	if (optind != argc - 1) {
		fputs(eval_usage, stderr);
		return EXIT_BAD_INPUT;
	}
	if (!is_directory(argv[optind])) {
		fprintf(stderr, "tmdojo: '%s' is not a directory\n", argv[optind]);
		return EXIT_BAD_INPUT;
	}
	dir = without_trailing_slashes(argv[optind]);
	tools_guard_tree(argv[optind]);
	tools_guard_content(tools_content_root());   /* its lexicon */
	if (dir == NULL || (features != NULL && !open_features(&run, features))) {
		free(dir);
		return EXIT_BAD_INPUT;
	}
	lex = tools_load_lexicon();
	if (lex == NULL) {
		finish_features(&run, 0);
		free(dir);
		return EXIT_BAD_INPUT;
	}
	run.lex = lex;
	rc = 0;
	if (verbose) {
		/* each missed threat is listed with its best score */
		run.opts.best_scores = true;
		run.verbose = open_memstream(&details, &details_len);
		if (run.verbose == NULL) {
			fprintf(stderr, "tmdojo eval: out of memory\n");
			rc = EXIT_BAD_INPUT;
		}
	}
	if (rc == 0)
		eval_path(&run, dir);
	grader_lexicon_free(lex);
	if (run.verbose != NULL && fclose(run.verbose) != 0)
		run.failed = 1;
	ok = !run.failed && rc == 0 && run.n_splits > 0;
	if (!finish_features(&run, ok) && ok)
		rc = EXIT_BAD_INPUT;
	if (run.failed || rc != 0) {
		/* figures over some of the lines would pass for the corpus's */
		fprintf(stderr, "tmdojo eval: no figures: fix the errors above\n");
		rc = EXIT_BAD_INPUT;
	} else if (run.n_splits == 0) {
		fprintf(stderr, "tmdojo: no key.yaml with *.lab submissions under '%s'\n", dir);
		rc = EXIT_BAD_INPUT;
	} else {
		print_figures(&run, details);
	}
	free(details);
	free(dir);
	return rc;
}
