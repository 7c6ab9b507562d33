/*
 * cmd_eval.c: `tmdojo eval DIR`, the grader's quality on a labelled corpus.
 *
 * DIR holds <split>/<system>/ directories (or is one split, or one system), each
 * with key.yaml and submissions *.lab: one learner line per line, written
 * "IDS<TAB>text" where IDS are the threats the line deserves ("-" for none).
 * Prints per split: precision, recall and F1 of "threat found" (micro-averaged
 * over submissions) and line precision (credited lines whose threat is among
 * the line's labels), with the numbers of lines and submissions, and for a
 * split of three systems or more the 95% bootstrap intervals of F1 and line
 * precision over its systems.
 */
#include <dirent.h>
#include <getopt.h>
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
	int verbose;
	FILE *features;      /* --features: calibration inputs of every pair */
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
	"and prints, per split (dev, holdout...), precision, recall and F1 of the threats\n"
	"found and the precision of credited lines. A split of 3 to 64 systems\n"
	"also gets 95% intervals of F1 and line precision: the range the figures take\n"
	"when its systems are drawn again with replacement (2000 draws, fixed seed).\n"
	"\n"
	"  -v, --verbose      list every wrong or missed credit\n"
	"  -t, --threshold X  similarity needed to earn a threat (default 0.45)\n"
	"  -f, --features FILE\n"
	"                     also write the calibration inputs of every (line, threat)\n"
	"                     pair that shares a word, with its label, as TSV (for\n"
	"                     tests/eval/calibrate.py)\n";

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

static int access_ok(const char *path)
{
	return access(path, R_OK) == 0;
}

static struct eval_counts *split_named(struct eval_run *run, const char *name)
{
	for (size_t i = 0; i < run->n_splits; i++)
		if (strcmp(run->splits[i].name, name) == 0)
			return &run->splits[i];
	if (run->n_splits == EVAL_MAX_SPLITS)
		return &run->splits[EVAL_MAX_SPLITS - 1];
	memset(&run->splits[run->n_splits], 0, sizeof(run->splits[0]));
	snprintf(run->splits[run->n_splits].name, sizeof(run->splits[0].name), "%s", name);
	return &run->splits[run->n_splits++];
}

/* Splits a .lab file into lines; returns the count or -1 (message printed). */
static long read_lab(const char *path, const struct grader_key *key, struct lab_line **out)
{
	struct tm_diags diags;
	char *buf = NULL, *p;
	size_t len = 0, n = 0, alloc = 0;
	struct lab_line *lines = NULL;
	long line_no = 0;

	tm_diags_init(&diags);
	if (tm_read_file(path, TM_MAX_FILE_BYTES, &buf, &len, &diags) != TM_OK) {
		tools_print_diags(&diags);
		tm_diags_release(&diags);
		return -1;
	}
	tm_diags_release(&diags);
	for (p = buf; p != NULL && *p != '\0';) {
		char *nl = strchr(p, '\n'), *tab, *ids;
		struct lab_line *l;

		if (nl != NULL)
			*nl = '\0';
		line_no++;
		tab = strchr(p, '\t');
		if (tab == NULL) {
			if (*p != '\0')
				fprintf(stderr, "%s:%ld:1: line without a tab\n", path, line_no);
			p = nl != NULL ? nl + 1 : NULL;
			continue;
		}
		*tab = '\0';
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 32;
			lines = realloc(lines, alloc * sizeof(*lines));
			if (lines == NULL)
				break;
		}
		l = &lines[n];
		l->n_labels = 0;
		l->text = strdup(tab + 1);
		for (ids = strtok(p, ","); ids != NULL; ids = strtok(NULL, ",")) {
			long t;

			while (*ids == ' ')
				ids++;
			if (strcmp(ids, "-") == 0 || *ids == '\0')
				continue;
			t = grader_key_find(key, ids);
			if (t < 0)
				fprintf(stderr, "%s:%ld:1: unknown threat id '%s'\n", path, line_no, ids);
			else if (l->n_labels < EVAL_MAX_LABELS)
				l->labels[l->n_labels++] = t;
		}
		n++;
		p = nl != NULL ? nl + 1 : NULL;
	}
	free(buf);
	*out = lines;
	return lines != NULL || n == 0 ? (long)n : -1;
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

/* Grades one .lab file and adds its counts to c. */
static void eval_lab(struct eval_run *run, struct eval_counts *c, const struct grader_key *key,
		     const char *path)
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

		if (one == NULL)
			goto cleanup;
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
			printf("  wrong  %s:%d %s (%.2f) <- %s\n    why: %s\n", path,
			       grader_submission_line_no(sub, li), grader_threat_id(key, t),
			       grader_result_found_similarity(r, i), l->text,
			       grader_result_found_why(r, i));
	}
	for (size_t t = 0; t < nt; t++) {
		if (found[t] && gold[t])
			c->all.tp++;
		else if (found[t])
			c->all.fp++;
		else if (gold[t]) {
			c->all.fn++;
			if (run->verbose) {
				printf("  missed %s %s (best %.2f): %s\n", path, grader_threat_id(key, t),
				       grader_result_threat_best(r, t), grader_threat_title(key, t));
				for (long i = 0; i < n; i++)
					if (has_label(&lines[i], (long)t))
						printf("         line %ld: %s\n", i + 1, lines[i].text);
			}
		}
	}
cleanup:
	for (long i = 0; i < n; i++)
		free(lines[i].text);
	free(lines);
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

/* Evaluates dir when it holds a key.yaml, else walks its subdirectories. split is
 * the name results are counted under (the first level below the eval root). */
static void eval_dir(struct eval_run *run, const char *dir, const char *split, int depth)
{
	struct dirent **names = NULL;
	char path[4096];
	int n;

	if (depth > 4)
		return;
	snprintf(path, sizeof(path), "%s/key.yaml", dir);
	if (!is_directory(path) && access_ok(path)) {
		struct tm_diags diags;
		struct grader_key *key = NULL;
		struct eval_counts *c = split_named(run, split);
		struct eval_tally before;

		tm_diags_init(&diags);
		if (tm_key_load(path, run->lex, &key, &diags) != TM_OK) {
			tools_print_diags(&diags);
			tm_diags_release(&diags);
			run->failed = 1;
			return;
		}
		tm_diags_release(&diags);
		grader_key_jit(key);   /* every .lab of the system is graded with it */
		before = c->all;
		n = scandir(dir, &names, visible, alphasort);
		for (int i = 0; i < n; i++) {
			if (has_suffix(names[i]->d_name, ".lab")) {
				snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
				eval_lab(run, c, key, path);
			}
			free(names[i]);
		}
		free(names);
		grader_key_free(key);
		if (c->systems < EVAL_MAX_SYSTEMS)
			c->per_system[c->systems] = tally_minus(&c->all, &before);
		c->systems++;
		return;
	}
	n = scandir(dir, &names, visible, alphasort);
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
		if (is_directory(path))
			eval_dir(run, path, split != NULL ? split : names[i]->d_name, depth + 1);
		free(names[i]);
	}
	free(names);
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

static void print_counts(const struct eval_counts *c)
{
	const struct eval_tally *t = &c->all;
	double f1i[2], lpi[2];

	printf("%-12s %7zu %11zu %6zu %9.3f %7.3f %6.3f %14.3f", c->name, c->systems,
	       c->submissions, c->lines, ratio(t->tp, t->tp + t->fp),
	       ratio(t->tp, t->tp + t->fn), tally_f1(t), ratio(t->credited_ok, t->credited));
	if (split_intervals(c, f1i, lpi))
		printf("   %.3f-%.3f   %.3f-%.3f\n", f1i[0], f1i[1], lpi[0], lpi[1]);
	else
		printf("   %11s   %11s\n", "-", "-");
}

/* Opens path for --features and writes the TSV header; 0 on failure. */
static int open_features(struct eval_run *run, const char *path)
{
	run->features = fopen(path, "w");
	if (run->features == NULL) {
		fprintf(stderr, "tmdojo: cannot write '%s'\n", path);
		return 0;
	}
	fputs("split\tfile\tline\tthreat\tlabel", run->features);
	for (size_t f = 0; f < GRADER_N_FEATURES; f++)
		fprintf(run->features, "\t%s", grader_feature_name(f));
	fputs("\tceiling\n", run->features);
	return 1;
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
	const char *dir, *base, *features = NULL;
	int opt, rc;

	memset(&run, 0, sizeof(run));
	grader_options_init(&run.opts);
	optind = 1;
	for (;;) {
		opt = getopt_long(argc, argv, "vt:f:h", longopts, NULL);
		if (opt == -1)
			break;
		switch (opt) {
		case 'v':
			run.verbose = 1;
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
	dir = argv[optind];
	if (!is_directory(dir)) {
		fprintf(stderr, "tmdojo: '%s' is not a directory\n", dir);
		return EXIT_BAD_INPUT;
	}
	if (features != NULL && !open_features(&run, features))
		return EXIT_BAD_INPUT;
	lex = tools_load_lexicon();
	if (lex == NULL) {
		if (run.features != NULL)
			fclose(run.features);
		return EXIT_BAD_INPUT;
	}
	run.lex = lex;
	base = strrchr(dir, '/');
	base = base != NULL && base[1] != '\0' ? base + 1 : dir;
	/* DIR may itself be a split (dev/) or a system directory */
	{
		char key_path[4096];

		snprintf(key_path, sizeof(key_path), "%s/key.yaml", dir);
		if (access_ok(key_path) || strcmp(base, "dev") == 0 || strcmp(base, "holdout") == 0)
			eval_dir(&run, dir, base, 0);
		else
			eval_dir(&run, dir, NULL, 0);
	}
	printf("%-12s %7s %11s %6s %9s %7s %6s %14s   %11s   %11s\n", "split", "systems",
	       "submissions", "lines", "precision", "recall", "F1", "line-precision",
	       "F1-95%", "line-p-95%");
	for (size_t i = 0; i < run.n_splits; i++)
		print_counts(&run.splits[i]);
	grader_lexicon_free(lex);
	rc = run.failed ? EXIT_BAD_INPUT : 0;
	if (run.features != NULL && (ferror(run.features) | fclose(run.features)) != 0) {
		fprintf(stderr, "tmdojo: cannot write '%s'\n", features);
		rc = EXIT_BAD_INPUT;
	}
	if (run.n_splits == 0) {
		fprintf(stderr, "tmdojo: no key.yaml with *.lab submissions under '%s'\n", dir);
		return EXIT_BAD_INPUT;
	}
	return rc;
}
