/*
 * bench_process.c: the wall time of one whole `tmdojo grade` process: start-up,
 * the lexicon, the key, one submission, the report on stdout (to /dev/null).
 * Runs each case 20 times to warm the page cache, then RUNS times, and prints
 * the median, mean and 90th percentile. Target: median under 5 ms for a
 * 30-threat key and a 20-line submission.
 *
 * The cases: tools/bench/data/key30.yaml (titles and descriptions only, the
 * shape of a practitioner's key) with a 20-line submission, with the prepared
 * lexicon read from the cache (engine/lexcache.c; the warm-up writes it: the
 * case a trainer meets from the second run on) and with the cache off (the
 * lexicon parsed and stemmed from YAML, as on a first run); the course's
 * credit-card-billing exercise (30 threats with aliases, patterns and hints,
 * a 35 KB key); and `tmdojo --version`, the floor set by the dynamic loader.
 *
 * Usage: bench_process [RUNS]   (run from the top of the tree; tmdojo is
 * looked for next to this program's directory, as make builds it)
 */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define WARMUP 20
#define DEFAULT_RUNS 200
#define TARGET_MS 5.0

extern char **environ;

struct bench_case {
	const char *name;
	const char *args[8];
	int has_target;
	int cache_off;   /* TMDOJO_CACHE= for its runs: the lexicon read from YAML */
};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Runs argv once with stdout and stderr on /dev/null; returns its exit status
 * (0..255) or -1 when it could not be run or was killed. */
static int run_once(char *const argv[])
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int status, rc;

	if (posix_spawn_file_actions_init(&fa) != 0)
		return -1;
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Times one case; prints its line; returns 0, or 1 when a run failed. */
static int time_case(const struct bench_case *bc, const char *tmdojo, double *samples, int runs)
{
	char *argv[10];
	double sum = 0;
	int n = 0;

	argv[n++] = (char *)tmdojo;
	for (int i = 0; bc->args[i] != NULL; i++)
		argv[n++] = (char *)bc->args[i];
	argv[n] = NULL;
	if (bc->cache_off)
		setenv("TMDOJO_CACHE", "", 1);
	for (int i = 0; i < WARMUP + runs; i++) {
		double t0 = now_ms();
		/* exit 1 is a graded submission below the pass mark: still a run */
		int rc = run_once(argv);

		if (rc != 0 && rc != 1) {
			fprintf(stderr, "bench_process: %s: tmdojo exited with %d\n", bc->name, rc);
			unsetenv("TMDOJO_CACHE");
			return 1;
		}
		if (i >= WARMUP) {
			samples[i - WARMUP] = now_ms() - t0;
			sum += samples[i - WARMUP];
		}
	}
	unsetenv("TMDOJO_CACHE");
	qsort(samples, (size_t)runs, sizeof(double), by_value);
	printf("bench_process: %-34s median %5.2f ms  mean %5.2f ms  p90 %5.2f ms",
	       bc->name, samples[runs / 2], sum / runs, samples[runs * 9 / 10]);
	if (bc->has_target)
		printf("  (target < %.0f ms: %s)", TARGET_MS,
		       samples[runs / 2] < TARGET_MS ? "met" : "NOT met");
	printf("\n");
	return 0;
}

/* tmdojo sits in the parent of this program's directory (BUILD/bench/..). */
static char *find_tmdojo(const char *argv0)
{
	const char *slash = strrchr(argv0, '/');
	size_t dir = slash != NULL ? (size_t)(slash - argv0) : 0;
	char *path = malloc(dir + 16);

	if (path == NULL)
		return NULL;
	if (slash != NULL)
		snprintf(path, dir + 16, "%.*s/../tmdojo", (int)dir, argv0);
	else
		snprintf(path, dir + 16, "../tmdojo");
	return path;
}

int main(int argc, char **argv)
{
	static const struct bench_case cases[] = {
		{ "grade, 30-threat key, 20 lines",
		  { "grade", "--key", "tools/bench/data/key30.yaml",
		    "tools/bench/data/submission20.txt", NULL }, 1, 0 },
		{ "same, lexicon cache off",
		  { "grade", "--key", "tools/bench/data/key30.yaml",
		    "tools/bench/data/submission20.txt", NULL }, 0, 1 },
		{ "grade, credit-card-billing exercise",
		  { "grade", "--key", "exercises/credit-card-billing",
		    "exercises/credit-card-billing/samples/average-group.txt", NULL }, 0, 0 },
		{ "--version (start-up only)", { "--version", NULL }, 0, 0 },
	};
	int runs = argc > 1 ? atoi(argv[1]) : DEFAULT_RUNS;
	char *tmdojo = find_tmdojo(argv[0]);
	double *samples = malloc(sizeof(double) * (size_t)(runs > 0 ? runs : 1));
	int rc = 0;

	if (runs < 1 || tmdojo == NULL || samples == NULL) {
		fprintf(stderr, "usage: bench_process [RUNS >= 1]\n");
		rc = 2;
		goto cleanup;
	}
	if (access(tmdojo, X_OK) != 0) {
		fprintf(stderr, "bench_process: %s not found; run `make` first\n", tmdojo);
		rc = 2;
		goto cleanup;
	}
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]) && rc == 0; i++)
		rc = time_case(&cases[i], tmdojo, samples, runs);
cleanup:
	free(samples);
	free(tmdojo);
	return rc;
}
