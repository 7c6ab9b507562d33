/*
 * common.c: what the subcommands share: finding the content root and printing
 * diagnostics.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"

static const char *content_root_override;
static char found_root[PATH_MAX];

void tools_set_content_root(const char *dir)
{
	content_root_override = dir;
}

static int has_courses(const char *dir)
{
	char path[PATH_MAX];
	struct stat st;
	if (snprintf(path, sizeof(path), "%s/courses", dir) >= (int)sizeof(path))
		return 0;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Looks beside the executable: build/tmdojo in a source tree (its parent),
 * $PREFIX/bin/tmdojo when installed ($PREFIX/share/tmdojo), then the compiled-in
 * data directory. */
static const char *find_bundled_root(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash != NULL) {
			*slash = '\0';
			static const char *const rel[] = { "..", "../share/tmdojo", "." };
			for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
				char cand[PATH_MAX];
				if (snprintf(cand, sizeof(cand), "%s/%s", exe, rel[i]) >=
				    (int)sizeof(cand))
					continue;
				if (has_courses(cand) && realpath(cand, found_root) != NULL)
					return found_root;
			}
		}
	}
	return TMDOJO_DATADIR;
}

const char *tools_content_root(void)
{
	if (content_root_override != NULL)
		return content_root_override;
	const char *env = getenv("TMDOJO_CONTENT");
	if (env != NULL && env[0] != '\0')
		return env;
	if (found_root[0] != '\0')
		return found_root;
	return find_bundled_root();
}

void tools_print_diags(const struct tm_diags *d)
{
	char buf[4096];
	for (size_t i = 0; i < d->count; i++)
		fprintf(stderr, "%s\n", tm_error_format(&d->items[i], buf, sizeof(buf)));
}

struct tm_content *tools_load_content(void)
{
	struct tm_diags diags;
	struct tm_content *c = NULL;
	tm_diags_init(&diags);
	if (tm_content_load(tools_content_root(), &c, &diags) != TM_OK) {
		tools_print_diags(&diags);
		fprintf(stderr, "tmdojo: the content under '%s' has errors; "
			"run 'tmdojo validate' for the full list\n", tools_content_root());
		c = NULL;
	}
	tm_diags_release(&diags);
	return c;
}

struct tm_gradebook *tools_open_gradebook(struct tm_store **store)
{
	struct tm_diags d;
	char *path = NULL;
	struct tm_gradebook *g = NULL;
	tm_diags_init(&d);
	*store = NULL;
	if (tm_store_default_path(&path, &d) == TM_OK &&
	    tm_store_open(path, TM_STORE_BUSY_MS, store, &d) == TM_OK &&
	    tm_gradebook_open(*store, &g, &d) == TM_OK) {
		free(path);
		tm_diags_release(&d);
		return g;
	}
	tools_print_diags(&d);
	tm_diags_release(&d);
	tm_store_close(*store);
	*store = NULL;
	free(path);
	return NULL;
}

/* Grading without the lexicon still works but misses synonyms: say so. */
struct grader_lexicon *tools_load_lexicon(void)
{
	struct tm_diags diags;
	struct grader_lexicon *lex = NULL;
	char dir[PATH_MAX + 16];
	struct stat st;

	snprintf(dir, sizeof(dir), "%s/lexicon", tools_content_root());
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		fprintf(stderr, "tmdojo: warning: no lexicon in '%s'; grading without "
			"abbreviations and synonyms (see --content)\n", dir);
	tm_diags_init(&diags);
	if (tm_lexicon_load(tools_content_root(), &lex, &diags) != TM_OK) {
		tools_print_diags(&diags);
		lex = NULL;
	}
	tm_diags_release(&diags);
	return lex;
}

int tools_run_subcommand(const char *cmd, const struct subcommand *table, size_t n,
			 const char *usage, int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage, stderr);
		return EXIT_BAD_INPUT;
	}
	const char *sub = argv[1];
	for (size_t i = 0; i < n; i++)
		if (strcmp(sub, table[i].name) == 0)
			return table[i].fn(argc - 1, argv + 1);
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0 || strcmp(sub, "help") == 0) {
		fputs(usage, stdout);
		return 0;
	}
	fprintf(stderr, "tmdojo %s: unknown subcommand '%s'\n%s", cmd, sub, usage);
	return EXIT_BAD_INPUT;
}

int tools_parse_number(const char *text, double lo, double hi, double *out)
{
	char *end;
	double v;

	/* plain decimal only: strtod also reads "0x20", "inf" and "nan" */
	if (text == NULL || *text == '\0' || text[strspn(text, "0123456789.+-eE")] != '\0')
		return 0;
	v = strtod(text, &end);
	if (*end != '\0' || !(v >= lo && v <= hi))
		return 0;
	*out = v;
	return 1;
}
