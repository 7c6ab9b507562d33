/*
 * bench_load.c: how long loading and validating content takes.
 *  1. the bundled curriculum (target: under 20 ms), best and mean of 20 runs;
 *  2. generated courses of 250, 500 and 1,000 modules, to show the cost grows
 *     linearly (time per module stays flat).
 * Usage: bench_load [CONTENT_ROOT]   (default: the source tree's root)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "tmengine.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Loads root runs times; prints best and mean. Returns best, or -1 on error. */
static double time_load(const char *label, const char *root, int runs)
{
	double best = 1e18, total = 0;
	for (int i = 0; i < runs; i++) {
		struct tm_content *c = NULL;
		struct tm_diags d;
		tm_diags_init(&d);
		double t0 = now_ms();
		int rc = tm_content_load(root, &c, &d);
		double dt = now_ms() - t0;
		if (rc != TM_OK) {
			char buf[1024];
			fprintf(stderr, "bench_load: %s: %s\n", root,
				d.count ? tm_error_format(&d.items[0], buf, sizeof(buf)) : "error");
			tm_diags_release(&d);
			return -1;
		}
		tm_content_free(c);
		tm_diags_release(&d);
		best = dt < best ? dt : best;
		total += dt;
	}
	printf("%-34s best %8.2f ms  mean %8.2f ms  (%d runs)\n", label, best, total / runs, runs);
	return best;
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (f == NULL) {
		perror(path);
		exit(1);
	}
	fputs(text, f);
	fclose(f);
}

/* A module shaped like real content: a lesson and a five-question quiz. */
static void write_module(const char *dir, int i)
{
	char path[600], text[4096];
	snprintf(path, sizeof(path), "%s/m%04d.yaml", dir, i);
	snprintf(text, sizeof(text),
		 "id: m%04d\ntitle: Module %d\nminutes: 5\nobjectives: [Learn thing %d]\n"
		 "items:\n  - lesson: Lesson %d\n    body: |\n"
		 "      Spoofing is pretending to be someone else. Tampering changes data.\n"
		 "      - a list item\n      - another item with `code`\n"
		 "  - quiz: Check %d\n    questions:\n"
		 "      - {id: q%04da, type: single, prompt: P, explanation: E, choices: [{text: a, correct: true}, {text: b}]}\n"
		 "      - {id: q%04db, type: true-false, prompt: P, explanation: E, answer: true}\n"
		 "      - {id: q%04dc, type: short, prompt: P, explanation: E, accept: [spoofing], patterns: ['\\bspoof']}\n"
		 "      - {id: q%04dd, type: numeric, prompt: P, explanation: E, answer: 6}\n"
		 "      - {id: q%04de, type: ordering, prompt: P, explanation: E, order: [a, b, c]}\n"
		 "summary: [Remember %d]\n",
		 i, i, i, i, i, i, i, i, i, i, i);
	write_text(path, text);
}

/* Writes root/courses/big/ with n modules; returns root in buf. */
static void generate(char *root, size_t size, int n)
{
	char dir[512], path[600];
	snprintf(root, size, "/tmp/tmdojo-bench-%d-XXXXXX", n);
	if (mkdtemp(root) == NULL) {
		perror("mkdtemp");
		exit(1);
	}
	snprintf(dir, sizeof(dir), "%s/courses", root);
	mkdir(dir, 0700);
	snprintf(dir, sizeof(dir), "%s/courses/big", root);
	mkdir(dir, 0700);
	size_t cap = (size_t)n * 16 + 256;
	char *course = malloc(cap);
	if (course == NULL)
		exit(1);
	size_t len = (size_t)snprintf(course, cap, "id: big\ntitle: Big\npart: 1\nsummary: S\n"
				      "minutes: 999\nobjectives: [o]\nmodules:\n");
	for (int i = 0; i < n; i++) {
		write_module(dir, i);
		len += (size_t)snprintf(course + len, cap - len, "  - m%04d.yaml\n", i);
	}
	snprintf(path, sizeof(path), "%s/course.yaml", dir);
	write_text(path, course);
	free(course);
}

int main(int argc, char **argv)
{
	const char *root = argc > 1 ? argv[1] : ".";
	printf("bench_load: content loading and validation\n");
	double bundled = time_load("bundled curriculum", root, 20);
	if (bundled < 0)
		return 1;
	printf("  target: under 20 ms -> %s\n", bundled < 20 ? "met" : "NOT MET");
	static const int sizes[] = { 250, 500, 1000 };
	for (size_t i = 0; i < 3; i++) {
		char gen[256], label[64], cmd[300];
		generate(gen, sizeof(gen), sizes[i]);
		snprintf(label, sizeof(label), "generated course, %d modules", sizes[i]);
		double best = time_load(label, gen, 5);
		if (best < 0)
			return 1;
		printf("  %.1f us per module\n", best * 1000 / sizes[i]);
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", gen);
		if (system(cmd) != 0)
			fprintf(stderr, "bench_load: could not remove %s\n", gen);
	}
	return 0;
}
