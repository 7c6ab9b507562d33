/*
 * bench_cohort.c: a whole class graded, stored and reported end to end, as
 * `tmdojo cohort grade` and `tmdojo cohort report` do it: every submission file
 * read from disk, graded, stored in the gradebook (batches of 250 per
 * transaction, like the command), then the report built and written as HTML
 * and CSV. Runs 1,000, 2,500 and 5,000 submissions, each size in its own
 * process on a fresh store, and prints time and peak RSS (getrusage
 * ru_maxrss), plus time per submission to show the cost grows linearly.
 *
 * Submissions are generated in a temporary directory from the key's threat
 * titles with noise: a random subset of threats, words dropped, typos, filler
 * words, off-topic lines, and for a third of them a "Top three" section.
 *
 * Usage: bench_cohort [CONTENT_ROOT [EXERCISE]]  (default: . credit-card-billing)
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tmengine.h"

#define BATCH 250

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* xorshift32: deterministic submissions for every run */
static unsigned rnd(unsigned *s)
{
	unsigned x = *s;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *s = x;
}

static void die_diags(const char *what, struct tm_diags *d)
{
	char buf[1024];
	fprintf(stderr, "bench_cohort: %s: %s\n", what,
		d->count ? tm_error_format(&d->items[0], buf, sizeof(buf)) : "error");
	exit(1);
}

/* ---- generating a class ----------------------------------------------------------- */

static const char *const fillers[] = {
	"we think ", "maybe ", "risk: ", "", "", "big one: ", "I worry that ",
};
static const char *const off_topic[] = {
	"the design doc is long",
	"we ran out of time on the last part",
	"ask the product manager about refunds",
	"logging format is inconsistent between services",
};

/* Writes title with noise: lower case, a dropped word, a typo, filler. */
static void noisy_line(FILE *f, const char *title, unsigned *s)
{
	char line[512];
	size_t n = 0;
	int drop = (int)(rnd(s) % 8);           /* word index to drop (if any) */
	int typo = (int)(rnd(s) % 6);           /* word index with swapped letters */
	int word = 0;
	bool in_word = false;
	for (const char *p = title; *p != '\0' && n < sizeof(line) - 2; p++) {
		bool space = *p == ' ';
		if (!space && !in_word)
			in_word = true;
		if (space && in_word) {
			in_word = false;
			word++;
		}
		if (word == drop && drop > 1)
			continue;
		line[n++] = (char)tolower((unsigned char)*p);
		if (word == typo && in_word && n >= 2 && rnd(s) % 7 == 0 &&
		    isalpha((unsigned char)line[n - 2])) {
			char t = line[n - 1];
			line[n - 1] = line[n - 2];
			line[n - 2] = t;
		}
	}
	line[n] = '\0';
	fprintf(f, "- %s%s\n", fillers[rnd(s) % (sizeof(fillers) / sizeof(fillers[0]))], line);
}

static void write_class(const char *dir, const struct grader_key *key, size_t n, unsigned seed)
{
	size_t nt = grader_key_threat_count(key);
	for (size_t i = 0; i < n; i++) {
		char path[1100];
		unsigned s = seed + (unsigned)i * 2654435761u;
		if (s == 0)
			s = 1;
		snprintf(path, sizeof(path), "%s/group-%05zu.txt", dir, i);
		FILE *f = fopen(path, "w");
		if (f == NULL) {
			perror(path);
			exit(1);
		}
		fprintf(f, "# Threats of group %zu\n", i);
		size_t k = 2 + rnd(&s) % (nt < 12 ? nt : 12);
		size_t first[3] = { 0, 0, 0 };
		for (size_t j = 0; j < k; j++) {
			size_t t = rnd(&s) % nt;
			if (j < 3)
				first[j] = t;
			noisy_line(f, grader_threat_title(key, t), &s);
			if (rnd(&s) % 4 == 0)
				fprintf(f, "- %s\n", off_topic[rnd(&s) % 4]);
		}
		if (rnd(&s) % 3 == 0) {
			fprintf(f, "\n## Top three\n");
			for (int j = 2; j >= 0; j--)
				noisy_line(f, grader_threat_title(key, first[j]), &s);
		}
		fclose(f);
	}
}

/* ---- one size, in its own process ---------------------------------------------------- */

static char *read_all(const char *path, size_t *len)
{
	struct tm_diags d;
	char *buf = NULL;
	tm_diags_init(&d);
	if (tm_read_file(path, TM_MAX_FILE_BYTES, &buf, len, &d) != TM_OK)
		die_diags("read", &d);
	tm_diags_release(&d);
	return buf;
}

static void write_out(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "w");
	if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

static void run_size(const struct tm_content *c, const struct tm_exercise *ex, size_t n)
{
	char dir[] = "/tmp/bench-cohort-XXXXXX", path[512], cls[512];
	struct tm_diags d;
	struct tm_store *store = NULL;
	struct tm_gradebook *g = NULL;
	struct tm_report *r = NULL;
	char *html = NULL, *csv = NULL;
	size_t html_len = 0, csv_len = 0;
	tm_diags_init(&d);
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		exit(1);
	}
	snprintf(cls, sizeof(cls), "%s/class", dir);
	mkdir(cls, 0700);
	write_class(cls, tm_exercise_key(ex), n, 12345u);
	snprintf(path, sizeof(path), "%s/progress.db", dir);
	if (tm_store_open(path, 1000, &store, &d) != TM_OK || tm_gradebook_open(store, &g, &d) != TM_OK)
		die_diags("open", &d);

	double t0 = now_ms();
	for (size_t i = 0; i < n; i++) {
		char file[1100], name[32];
		size_t len = 0;
		snprintf(file, sizeof(file), "%s/group-%05zu.txt", cls, i);
		snprintf(name, sizeof(name), "group-%05zu", i);
		if (i % BATCH == 0 && tm_gradebook_begin(g, &d) != TM_OK)
			die_diags("begin", &d);
		char *buf = read_all(file, &len);
		if (tm_gradebook_grade(g, ex, "bench", name, buf, len, 0, NULL, &d) != TM_OK)
			die_diags(file, &d);
		free(buf);
		if ((i % BATCH == BATCH - 1 || i + 1 == n) && tm_gradebook_commit(g, &d) != TM_OK)
			die_diags("commit", &d);
	}
	double t1 = now_ms();
	if (tm_report_build(g, c, "bench", NULL, &r, &d) != TM_OK)
		die_diags("report", &d);
	double t2 = now_ms();
	if (tm_report_html(r, &html, &html_len, &d) != TM_OK || tm_report_csv(r, &csv, &csv_len, &d))
		die_diags("render", &d);
	snprintf(path, sizeof(path), "%s/report.html", dir);
	write_out(path, html, html_len);
	snprintf(path, sizeof(path), "%s/report.csv", dir);
	write_out(path, csv, csv_len);
	double t3 = now_ms();
	if (tm_report_group_count(r) != n) {
		fprintf(stderr, "bench_cohort: the report has %zu groups, not %zu\n",
			tm_report_group_count(r), n);
		exit(1);
	}
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("%6zu  %9.0f  %8.0f  %8.0f  %9.0f  %9.1f  %8.1f  %8.1f\n", n, t1 - t0, t2 - t1,
	       t3 - t2, t3 - t0, (t3 - t0) * 1000.0 / (double)n, (double)html_len / 1e6,
	       ru.ru_maxrss / 1024.0);
	fflush(stdout);
	free(html);
	free(csv);
	tm_report_free(r);
	tm_gradebook_close(g);
	tm_store_close(store);
	tm_diags_release(&d);
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "bench_cohort: could not remove %s\n", dir);
}

int main(int argc, char **argv)
{
	const char *root = argc > 1 ? argv[1] : ".";
	const char *exid = argc > 2 ? argv[2] : "credit-card-billing";
	static const size_t sizes[] = { 1000, 2500, 5000 };
	struct tm_content *c = NULL;
	struct tm_diags d;
	tm_diags_init(&d);
	if (tm_content_load(root, &c, &d) != TM_OK)
		die_diags(root, &d);
	const struct tm_exercise *ex = tm_content_find_exercise(c, exid);
	if (ex == NULL) {
		fprintf(stderr, "bench_cohort: no exercise '%s' under %s\n", exid, root);
		return 1;
	}
	printf("cohort end to end: read + grade + store (batches of %d), report build, "
	       "HTML + CSV written\nexercise %s (%zu threats); each size in a fresh process "
	       "and store\n\n", BATCH, exid, grader_key_threat_count(tm_exercise_key(ex)));
	printf("%6s  %9s  %8s  %8s  %9s  %9s  %8s  %8s\n", "groups", "grade ms", "build ms",
	       "write ms", "total ms", "us/group", "html MB", "peak MB");
	fflush(stdout);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		pid_t pid = fork();
		if (pid < 0) {
			perror("fork");
			return 1;
		}
		if (pid == 0) {
			run_size(c, ex, sizes[i]);
			tm_content_free(c);
			_exit(0);
		}
		int st = 0;
		if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			fprintf(stderr, "bench_cohort: the run of %zu failed\n", sizes[i]);
			return 1;
		}
	}
	printf("\nlinear growth: time per group (us/group) should stay flat across sizes\n");
	tm_content_free(c);
	tm_diags_release(&d);
	return 0;
}
