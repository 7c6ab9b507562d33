/*
 * common.c: what the subcommands share: finding the content root and printing
 * diagnostics.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "render.h"
#include "term.h"

static const char *content_root_override;
static char found_root[PATH_MAX];

void tools_set_content_root(const char *dir)
{
	content_root_override = dir;
}

bool tools_has_dir(const char *dir, const char *name)
{
	char path[PATH_MAX];
	struct stat st;
	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
		return false;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Looks beside the executable: build/tmdojo in a source tree (its parent),
 * $PREFIX/bin/tmdojo when installed ($PREFIX/share/tmdojo), then the compiled-in
 * data directory (the Makefile's DATADIR; objects are rebuilt when it changes). */
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
				if (tools_has_dir(cand, "courses") && realpath(cand, found_root) != NULL)
					return found_root;
			}
		}
	}
	return TMDOJO_DATADIR;
}

static const char *self_name = "tmdojo";

void tools_set_self(const char *argv0)
{
	/* a relative path (./tmdojo, build/tmdojo) is how the user reaches it from
	 * here; a bare name came through PATH; an absolute one is a script's */
	if (argv0 != NULL && argv0[0] != '/' && strchr(argv0, '/') != NULL)
		self_name = argv0;
}

const char *tools_self(void)
{
	return self_name;
}

enum tools_root_from tools_content_root_from(void)
{
	const char *env = getenv("TMDOJO_CONTENT");

	if (content_root_override != NULL)
		return TOOLS_ROOT_OPTION;
	if (env != NULL && env[0] != '\0')
		return TOOLS_ROOT_ENV;
	return TOOLS_ROOT_BUNDLED;
}

bool tools_content_root_given(void)
{
	return tools_content_root_from() == TOOLS_ROOT_OPTION;
}

const char *tools_content_root(void)
{
	switch (tools_content_root_from()) {
	case TOOLS_ROOT_OPTION:
		return content_root_override;
	case TOOLS_ROOT_ENV:
		return getenv("TMDOJO_CONTENT");
	case TOOLS_ROOT_BUNDLED:
		break;
	}
	if (found_root[0] != '\0')
		return found_root;
	return find_bundled_root();
}

void tools_print_diag(const struct tm_error *e)
{
	char buf[4096], safe[4096];
	fprintf(stderr, "%s\n", tools_printable(tm_error_format(e, buf, sizeof(buf)), safe,
						sizeof(safe)));
}

void tools_print_diags(const struct tm_diags *d)
{
	for (size_t i = 0; i < d->count; i++)
		tools_print_diag(&d->items[i]);
}

void tools_print_diags_for(const char *cmd, const struct tm_diags *d)
{
	char buf[4096], safe[4096];
	for (size_t i = 0; i < d->count; i++)
		fprintf(stderr, "%s: %s\n", cmd,
			tools_printable(tm_error_format(&d->items[i], buf, sizeof(buf)), safe,
					sizeof(safe)));
}

void tools_print_warning(const char *cmd, const struct tm_error *e)
{
	char file[1024], text[1024];
	tools_printable(e->file != NULL ? e->file : "", file, sizeof(file));
	tools_printable(e->text, text, sizeof(text));
	if (e->file != NULL && e->line > 0)
		fprintf(stderr, "%s: %s:%d:%d: warning: %s\n", cmd, file, e->line,
			e->column > 0 ? e->column : 1, text);
	else if (e->file != NULL)
		fprintf(stderr, "%s: %s: warning: %s\n", cmd, file, text);
	else
		fprintf(stderr, "%s: warning: %s\n", cmd, text);
}

void tools_print_warnings(const char *cmd, const struct tm_diags *d)
{
	for (size_t i = 0; i < d->count; i++)
		tools_print_warning(cmd, &d->items[i]);
}

/* Whether the load failed only because there is no content at root (no such
 * directory, no courses in it), not because of errors in the content. */
static bool no_content(const struct tm_diags *d, const char *root)
{
	return d->count == 1 && d->items[0].code == TM_ENOTFOUND && d->items[0].file != NULL &&
	       strcmp(d->items[0].file, root) == 0;
}

const char *tools_root_problem(const char *root)
{
	struct stat st;

	if (stat(root, &st) != 0)
		return errno == ENOENT || errno == ENOTDIR ? "no such directory" : "cannot be read";
	return S_ISDIR(st.st_mode) ? NULL : "not a directory";
}

void tools_explain_root(const char *cmd, const char *root, const char *what)
{
	enum tools_root_from from = tools_content_root_from();
	const char *holds = "the directory that holds courses/, exercises/ and lexicon/";
	char safe[PATH_MAX + 64];

	tools_printable(root, safe, sizeof(safe));
	if (from == TOOLS_ROOT_OPTION)
		fprintf(stderr, "%s: '%s' (given with --content): %s; give %s\n", cmd, safe, what,
			holds);
	else if (from == TOOLS_ROOT_ENV)
		fprintf(stderr, "%s: '%s' (from $TMDOJO_CONTENT): %s; set it to %s, or unset "
			"it for the bundled content\n", cmd, safe, what, holds);
	else
		fprintf(stderr, "%s: no bundled content beside the program or in '%s' (%s); "
			"give one with --content DIR or $TMDOJO_CONTENT\n", cmd, safe, what);
}

/* Instead of the loader's "no content here; pass --content DIR ...": one
 * message saying what is wrong with root, where root came from and what to do
 * (not "pass --content" to someone who did). text is the loader's message,
 * whose finding (without its advice) is used when root is a directory. */
static void explain_root(const char *root, const char *text)
{
	const char *what = tools_root_problem(root);
	char found[256];

	if (what == NULL) {
		snprintf(found, sizeof(found), "%.*s", (int)strcspn(text, ";"), text);
		what = found;
	}
	tools_explain_root("tmdojo", root, what);
}

struct tm_content *tools_load_content(void)
{
	struct tm_diags diags;
	struct tm_content *c = NULL;
	const char *root = tools_content_root();
	tm_diags_init(&diags);
	tools_guard_content(root);
	if (tm_content_load(root, &c, &diags) != TM_OK) {
		if (no_content(&diags, root)) {
			explain_root(root, diags.items[0].text);
		} else {
			/* the root named: a bare 'tmdojo validate' checks the
			 * bundled content when this one came from --content */
			const char *words[] = { tools_self(), "validate", root };
			char *cmd = tools_shell_command(words, 3);
			char *shown = cmd != NULL ? tools_printable_dup(cmd) : NULL;
			tools_print_diags(&diags);
			fprintf(stderr, "tmdojo: the content under '%s' has errors; for the full "
				"list, run: %s\n", root, shown != NULL ? shown : "tmdojo validate");
			free(shown);
			free(cmd);
		}
		c = NULL;
	}
	tm_diags_release(&diags);
	return c;
}

void tools_copy_diags(struct tm_diags *dst, const struct tm_diags *src)
{
	for (size_t i = 0; i < src->count; i++)
		tm_diags_add(dst, src->items[i].code, src->items[i].file, src->items[i].line,
			     src->items[i].column, "%s", src->items[i].text);
}

bool tools_refuse_nul(const char *name, const char *buf, size_t len)
{
	const char *nul = memchr(buf, '\0', len);
	int line = 1;
	size_t start = 0;
	if (nul == NULL)
		return false;
	for (size_t i = 0; i < (size_t)(nul - buf); i++)
		if (buf[i] == '\n') {
			line++;
			start = i + 1;
		}
	fprintf(stderr, "%s:%d:%zu: a NUL byte: this is not a text file; save the threat "
		"list as UTF-8 text\n", name, line, (size_t)(nul - buf) - start + 1);
	return true;
}

int tools_open_store_to_read(const char *path, struct tm_store **store, struct tm_diags *d)
{
	struct tm_diags probe;
	int rc;

	tm_diags_init(&probe);
	rc = tm_store_open_readonly(path, TM_STORE_BUSY_MS, store, &probe);
	/* nothing stored yet: show an empty store; a view never creates a file */
	if (rc == TM_ENOTFOUND)
		rc = tm_store_open_empty(path, store, d);
	else
		tools_copy_diags(d, &probe);
	tm_diags_release(&probe);
	return rc;
}

/* Read-only: a store from before the gradebook (schema 1) has nothing graded;
 * it is shown as an empty gradebook, not upgraded (a writer such as cohort
 * grade upgrades it). */
static int open_store_to_report(const char *path, struct tm_store **store, struct tm_diags *d)
{
	int rc = tools_open_store_to_read(path, store, d);
	if (rc == TM_OK && tm_store_schema_version(*store) < 2) {
		tm_store_close(*store);
		*store = NULL;
		rc = tm_store_open_empty(path, store, d);
	}
	return rc;
}

struct tm_gradebook *tools_open_gradebook(struct tm_store **store, bool write)
{
	struct tm_diags d;
	char *path = NULL;
	struct tm_gradebook *g = NULL;
	tm_diags_init(&d);
	*store = NULL;
	if (tm_store_default_path(&path, &d) == TM_OK &&
	    (write ? tm_store_open(path, TM_STORE_BUSY_MS, store, &d)
		   : open_store_to_report(path, store, &d)) == TM_OK &&
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
bool tools_warn_no_lexicon(const char *root)
{
	char dir[PATH_MAX + 16];
	struct stat st;

	snprintf(dir, sizeof(dir), "%s/lexicon", root);
	if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
		return false;
	fprintf(stderr, "tmdojo: warning: no lexicon in '%s'; grading without "
		"abbreviations and synonyms (see --content)\n", dir);
	return true;
}

struct grader_lexicon *tools_load_lexicon(void)
{
	struct tm_diags diags;
	struct grader_lexicon *lex = NULL;

	tools_warn_no_lexicon(tools_content_root());
	tools_guard_content(tools_content_root());
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

/* Reads all of stream f (standard input, a pipe the user named) into *out,
 * NUL-terminated; name is for messages, which go to d. */
static int read_stream(FILE *f, const char *name, size_t max, char **out, size_t *len,
		       struct tm_diags *d)
{
	size_t alloc = 65536, n = 0;
	char *buf = malloc(alloc);

	while (buf != NULL) {
		size_t got;

		if (n + 1 >= alloc) {
			char *nb;

			if (alloc >= max) {
				free(buf);
				return tm_diags_add(d, TM_ELIMIT, name, 0, 0,
						    "input larger than %zu bytes", max);
			}
			nb = realloc(buf, alloc * 2);
			if (nb == NULL)
				break;
			buf = nb;
			alloc *= 2;
		}
		got = fread(buf + n, 1, alloc - 1 - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (buf == NULL || ferror(f)) {
		int rc = tm_diags_add(d, buf == NULL ? TM_ENOMEM : TM_EIO, name, 0, 0,
				      "cannot read: %s",
				      buf == NULL ? "out of memory" : strerror(errno));
		free(buf);
		return rc;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return TM_OK;
}

int tools_read_input_diags(const char *path, size_t max, char **out, size_t *len,
			   struct tm_diags *d)
{
	struct stat st;
	FILE *f;
	int rc;

	*out = NULL;
	*len = 0;
	if (strcmp(path, "-") == 0)
		return read_stream(stdin, "-", max, out, len, d);
	/* a pipe the user named ("<(make-list)", /dev/stdin) is read like standard
	 * input; content files and directory scans never are (tm_read_file) */
	if (stat(path, &st) == 0 && (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode))) {
		f = fopen(path, "rb");
		if (f == NULL)
			return tm_diags_add(d, TM_EIO, path, 0, 0, "cannot open: %s",
					    strerror(errno));
		rc = read_stream(f, path, max, out, len, d);
		fclose(f);
		return rc;
	}
	return tm_read_file(path, max, out, len, d);
}

int tools_read_submission(const char *path, char **out, size_t *len, struct tm_diags *d)
{
	struct tm_diags probe;
	struct stat st;
	char size[64] = "input is";
	tm_diags_init(&probe);
	int rc = tools_read_input_diags(path, TM_MAX_SUBMISSION_BYTES, out, len, &probe);
	if (rc != TM_ELIMIT) {
		tools_copy_diags(d, &probe);
		tm_diags_release(&probe);
		return rc;
	}
	tm_diags_release(&probe);
	/* a file's own "split it" is wrong advice for a group's threat list */
	if (strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode))
		snprintf(size, sizeof(size), "file is %lld bytes,", (long long)st.st_size);
	return tm_diags_add(d, rc, path, 0, 0, "%s over the %d MiB limit of a submission: "
			    "no threat list is that long; check that this is the right file",
			    size, TM_MAX_SUBMISSION_BYTES / (1024 * 1024));
}

/* Whether path reads standard input: "-", or (when standard input is not a
 * regular file, which /dev/stdin would open afresh) a name of it such as
 * /dev/stdin or /dev/fd/0. */
static bool reads_stdin(const char *path, const struct stat *in, bool in_ok)
{
	struct stat st;
	if (strcmp(path, "-") == 0)
		return true;
	return in_ok && !S_ISREG(in->st_mode) && stat(path, &st) == 0 &&
	       st.st_dev == in->st_dev && st.st_ino == in->st_ino;
}

bool tools_stdin_once(const char *cmd, char *const *paths, int n)
{
	struct stat in;
	bool in_ok = fstat(STDIN_FILENO, &in) == 0;
	const char *first = NULL;
	char one[256], other[256];
	for (int i = 0; i < n; i++) {
		if (!reads_stdin(paths[i], &in, in_ok))
			continue;
		if (first == NULL) {
			first = paths[i];
			continue;
		}
		fprintf(stderr, "%s: standard input is given twice ('%s' and '%s'): it can be "
			"read only once, so the second would be empty; give it once, or save it "
			"to a file and name the file\n", cmd,
			tools_printable(first, one, sizeof(one)),
			tools_printable(paths[i], other, sizeof(other)));
		return false;
	}
	return true;
}

int tools_check_output(const char *cmd)
{
	int failed = fflush(stdout) != 0;
	int err = errno;

	if (!failed && !ferror(stdout))
		return 0;
	/* a write that failed earlier set the error flag; errno still names it
	 * unless something else failed since */
	fprintf(stderr, "%s: cannot write the output: %s\n", cmd,
		err != 0 ? strerror(err) : "write error");
	clearerr(stdout);
	return EXIT_BAD_INPUT;
}

const char *tools_printable(const char *s, char *buf, size_t size)
{
	return tm_printable(s, buf, size);
}

char *tools_printable_dup(const char *s)
{
	size_t size = strlen(s != NULL ? s : "") + 1;
	char *buf = malloc(size);

	/* each byte becomes at most one byte ('?'), so nothing is cut */
	if (buf != NULL)
		tools_printable(s, buf, size);
	return buf;
}

void tools_print_padded(FILE *out, const char *s, int width)
{
	static bool ctype_set;
	if (!ctype_set) {
		(void)term_ctype_utf8();   /* wcwidth() as the terminal counts */
		ctype_set = true;
	}
	size_t n = render_display_width(s, strlen(s));
	fputs(s, out);
	for (; n < (size_t)(width > 0 ? width : 0); n++)
		fputc(' ', out);
}

void tools_warn_lines(const char *lead, const char *path, size_t truncated, size_t dropped)
{
	char *name;

	if (truncated == 0 && dropped == 0)
		return;
	name = tools_printable_dup(path);
	fputs(lead, stderr);
	if (truncated > 0)
		fprintf(stderr, "%s: warning: %zu line(s) longer than %d bytes were truncated\n",
			name != NULL ? name : "?", truncated, GRADER_MAX_LINE);
	if (dropped > 0)
		fprintf(stderr, "%s: warning: %zu line(s) past the first %d were ignored\n",
			name != NULL ? name : "?", dropped, GRADER_MAX_LINES);
	free(name);
}

void tools_warn_submission(const char *lead, const char *path,
			   const struct grader_submission *sub)
{
	tools_warn_lines(lead, path, grader_submission_truncated(sub),
			 grader_submission_dropped(sub));
}

/* ==== Inputs an output must not replace ================================================ */

/* The files this command reads, which no output file of it may replace: a file
 * noted when it is named (its device and inode then, so that standard input
 * counts as the file it comes from), a tree walked only when an output file is
 * opened, since most commands write none. */
struct guard {
	char *path;   /* as named, for the message; NULL for standard input */
	bool tree;    /* every file under path (ending in suffix, when not NULL) */
	const char *suffix;
	bool known;   /* dev and ino hold the file's (files only) */
	dev_t dev;
	ino_t ino;
};
static struct guard *guards;
static size_t n_guards;

static void add_guard(const char *path, bool tree, const char *suffix)
{
	struct guard *g = realloc(guards, (n_guards + 1) * sizeof(*g));
	struct stat st;
	if (g == NULL)
		return;
	guards = g;
	g += n_guards;
	memset(g, 0, sizeof(*g));
	g->tree = tree;
	g->suffix = suffix;
	if (strcmp(path, "-") == 0) {
		g->known = fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode);
	} else {
		g->path = strdup(path);
		if (g->path == NULL)
			return;
		g->known = !tree && stat(path, &st) == 0 && S_ISREG(st.st_mode);
	}
	if (g->known) {
		g->dev = st.st_dev;
		g->ino = st.st_ino;
	}
	n_guards++;
}

void tools_guard_input(const char *path)
{
	add_guard(path, false, NULL);
}

void tools_guard_tree(const char *dir)
{
	add_guard(dir, true, NULL);
}

/* What the loaders read: the YAML of courses/ (course.yaml, modules) and
 * lexicon/, and every file of an exercise (its YAML, design, diagram, assets,
 * samples). An export written beside the modules (courses/intro/bank.xml) is
 * none of them. */
void tools_guard_content(const char *root)
{
	static const struct { const char *dir, *suffix; } read[] = {
		{ "courses", ".yaml" }, { "exercises", NULL }, { "lexicon", ".yaml" },
	};
	char path[PATH_MAX];
	for (size_t i = 0; i < sizeof(read) / sizeof(read[0]); i++)
		if (snprintf(path, sizeof(path), "%s/%s", root, read[i].dir) < (int)sizeof(path))
			add_guard(path, true, read[i].suffix);
}

static bool has_suffix(const char *name, const char *suffix)
{
	size_t n = strlen(name), k = strlen(suffix);
	return n >= k && strcmp(name + n - k, suffix) == 0;
}

/* Looks under dir (following links, as the loaders do; at most depth levels
 * down, which also ends a loop of links) for the file *target is, among the
 * files whose names end in suffix (any when NULL); returns its path (caller
 * frees with free()) or NULL. */
static char *find_in_tree(const char *dir, const char *suffix, const struct stat *target,
			  int depth)
{
	DIR *d = depth > 0 ? opendir(dir) : NULL;
	struct dirent *e;
	char *found = NULL;
	if (d == NULL)
		return NULL;
	while (found == NULL && (e = readdir(d)) != NULL) {
		char path[PATH_MAX];
		struct stat st;
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
		    snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >= (int)sizeof(path) ||
		    stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			found = find_in_tree(path, suffix, target, depth - 1);
		else if ((suffix == NULL || has_suffix(e->d_name, suffix)) &&
			 st.st_dev == target->st_dev && st.st_ino == target->st_ino)
			found = strdup(path);
	}
	closedir(d);
	return found;
}

/* Refuses an output file that is one of the files the command reads (under any
 * name, through links): writing it would replace the input. Says so, naming
 * both, and returns false. */
static bool not_an_input(const struct tools_output *o)
{
	struct stat st;
	char *input = NULL, safe[PATH_MAX + 16], shown[PATH_MAX + 16];
	if (stat(o->path, &st) != 0 || !S_ISREG(st.st_mode))
		return true;   /* a new file, a FIFO, a device: nothing read is replaced */
	for (size_t i = 0; i < n_guards && input == NULL; i++) {
		const struct guard *g = &guards[i];
		if (g->tree)
			input = find_in_tree(g->path, g->suffix, &st, 32);
		else if (g->known && g->dev == st.st_dev && g->ino == st.st_ino)
			input = strdup(g->path != NULL ? g->path : "standard input");
	}
	if (input == NULL)
		return true;
	fprintf(stderr, "%s: refusing to write '%s': it is '%s', which this command reads; "
		"nothing was written: choose another %s\n", o->cmd,
		tools_printable(o->path, safe, sizeof(safe)),
		tools_printable(input, shown, sizeof(shown)), o->option);
	free(input);
	return false;
}

/* ==== Output files ===================================================================== */

/* An existing target the user cannot write is refused, as the shell's '>'
 * would: renaming over it would replace a file they protected. */
static bool writable_target(const struct tools_output *o)
{
	char safe[PATH_MAX + 16];
	if (access(o->target, F_OK) != 0 || access(o->target, W_OK) == 0)
		return true;
	fprintf(stderr, "%s: cannot write '%s': %s; it was left as it was: make it writable "
		"or choose another %s\n", o->cmd, tools_printable(o->path, safe, sizeof(safe)),
		errno == EROFS ? "it is on a read-only file system" : "it is read-only to you",
		o->option);
	return false;
}

/* Says why o's path could not be written (err: an errno) and what to do;
 * names the path, never the temporary file beside it. */
/* The directory path sits in ("." for a bare name, "/" for /name) into buf. */
static void dir_of(const char *path, char *buf, size_t size)
{
	const char *slash = strrchr(path, '/');
	snprintf(buf, size, "%.*s", slash == NULL ? 1 : slash == path ? 1 :
		 (int)(slash - path), slash == NULL ? "." : path);
}

static void output_failed(const struct tools_output *o, int err)
{
	char safe[PATH_MAX + 16], raw_dir[PATH_MAX + 16], dir[PATH_MAX + 16];
	const char *path = o->path;
	tools_printable(path, safe, sizeof(safe));
	dir_of(path, raw_dir, sizeof(raw_dir));
	tools_printable(raw_dir, dir, sizeof(dir));   /* not in place: it copies */
	if (err == ENOENT || err == ENOTDIR)
		fprintf(stderr, "%s: cannot write '%s': the directory '%s' does not exist; create "
			"it or choose another %s\n", o->cmd, safe, dir, o->option);
	else if (err == EACCES || err == EPERM || err == EROFS)
		fprintf(stderr, "%s: cannot write '%s': %s; check the permissions of the file and "
			"of '%s', or choose another %s\n", o->cmd, safe, strerror(err), dir,
			o->option);
	else if (err == ENOSPC || err == EDQUOT)
		fprintf(stderr, "%s: cannot write '%s': %s; free some space and run it again\n",
			o->cmd, safe, strerror(err));
	else
		fprintf(stderr, "%s: cannot write '%s': %s\n", o->cmd, safe,
			err != 0 ? strerror(err) : "write error (disk full or failing?)");
}

/* Says why the temporary file beside o's target could not be created (err: an
 * errno): when its directory exists, that is the error (a file in /proc, a
 * directory that takes no new files), not a missing directory. */
static void temporary_failed(const struct tools_output *o, int err)
{
	char raw_dir[PATH_MAX + 16], dir[PATH_MAX + 16], safe[PATH_MAX + 16];
	struct stat st;
	dir_of(o->target, raw_dir, sizeof(raw_dir));
	if (err == ENOSPC || err == EDQUOT || err == ENOMEM || stat(raw_dir, &st) != 0 ||
	    !S_ISDIR(st.st_mode)) {
		output_failed(o, err);
		return;
	}
	fprintf(stderr, "%s: cannot write '%s': cannot create a new file in '%s' to write it "
		"through (%s); it was left as it was: choose another %s\n", o->cmd,
		tools_printable(o->path, safe, sizeof(safe)),
		tools_printable(raw_dir, dir, sizeof(dir)), strerror(err), o->option);
}

/* Refuses an output path that is the progress database or a file SQLite keeps
 * beside it (in any spelling, through links): the output would replace every
 * learner's progress and the gradebook. Says so and returns false. */
static bool not_the_store(const struct tools_output *o)
{
	char *store = NULL, safe[PATH_MAX + 16];
	struct tm_diags d;
	tm_diags_init(&d);
	const char *which = tm_store_default_path(&store, &d) == TM_OK ?
		tm_store_file_of(store, o->path) : NULL;
	tm_diags_release(&d);
	if (which != NULL)
		fprintf(stderr, "%s: refusing to write '%s': it is %stmdojo's progress database "
			"(every learner's progress and the gradebook: '%s'); nothing was written: "
			"choose another %s\n", o->cmd, tools_printable(o->path, safe, sizeof(safe)),
			which[0] == '\0' ? "" : which[1] == 'w' ? "the write-ahead log of " :
			which[1] == 's' ? "the shared-memory index of " : "the journal of ",
			store, o->option);
	free(store);
	return which == NULL;
}

/* The temporary file being written, removed if a signal ends the process
 * before tools_output_close() renames or removes it: a kill, a hang-up or a ^C
 * left TARGET.tmp-PID behind. One at a time; armed only while its name is set. */
static char armed_tmp[PATH_MAX];
static volatile sig_atomic_t armed;
static const int cleanup_signals[] = { SIGTERM, SIGHUP, SIGINT };
static struct sigaction saved_actions[3];

/* Removes the temporary and dies of the same signal (SA_RESETHAND restored the
 * default action; the signal is delivered again once the handler returns).
 * Only async-signal-safe calls. */
static void remove_temporary(int sig)
{
	if (armed)
		unlink(armed_tmp);
	armed = 0;
	raise(sig);
}

/* Arms the handlers for path (signals blocked by the caller); a signal the
 * process ignores (nohup's SIGHUP) stays ignored. */
static void arm(const char *path)
{
	struct sigaction sa;
	if (armed || strlen(path) >= sizeof(armed_tmp))
		return;
	memcpy(armed_tmp, path, strlen(path) + 1);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = remove_temporary;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < 3; i++) {
		sigaction(cleanup_signals[i], NULL, &saved_actions[i]);
		if (saved_actions[i].sa_handler != SIG_IGN)
			sigaction(cleanup_signals[i], &sa, NULL);
	}
	armed = 1;
}

/* Puts the handlers arm() replaced back, when path is the armed temporary. */
static void disarm(const char *path)
{
	if (!armed || path == NULL || strcmp(path, armed_tmp) != 0)
		return;
	armed = 0;
	for (size_t i = 0; i < 3; i++)
		if (saved_actions[i].sa_handler != SIG_IGN)
			sigaction(cleanup_signals[i], &saved_actions[i], NULL);
}

/* Creates o's temporary file beside its target, TARGET.tmp-PID (then
 * TARGET.tmp-PID-N when that name is taken: never through an existing file or
 * link of that name), with the mode a new file gets, and arms its removal on
 * SIGTERM, SIGHUP and SIGINT. Returns the stream (o->tmp set; caller closes with
 * tools_output_close()), or NULL with errno set. */
static FILE *create_temporary(struct tools_output *o)
{
	size_t n = strlen(o->target) + 48;
	sigset_t block, old;
	int fd = -1, err = 0;
	FILE *f;
	o->tmp = malloc(n);
	if (o->tmp == NULL)
		return NULL;
	sigemptyset(&block);
	for (size_t i = 0; i < 3; i++)
		sigaddset(&block, cleanup_signals[i]);
	sigprocmask(SIG_BLOCK, &block, &old);
	for (int attempt = 0; fd < 0 && attempt < 100; attempt++) {
		if (attempt == 0)
			snprintf(o->tmp, n, "%s.tmp-%ld", o->target, (long)getpid());
		else
			snprintf(o->tmp, n, "%s.tmp-%ld-%d", o->target, (long)getpid(), attempt);
		fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		err = errno;
		if (fd < 0 && err != EEXIST)
			break;
	}
	if (fd >= 0)
		arm(o->tmp);
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (fd < 0) {
		errno = err;
		return NULL;
	}
	f = fdopen(fd, "w");
	if (f == NULL) {
		err = errno;
		close(fd);
		unlink(o->tmp);
		disarm(o->tmp);
		errno = err;
	}
	return f;
}

int tools_output_open(struct tools_output *o, const char *cmd, const char *option,
		      const char *path)
{
	struct stat sb;
	char safe[PATH_MAX + 16];
	memset(o, 0, sizeof(*o));
	o->cmd = cmd;
	o->option = option;
	o->path = path;
	if (path[0] == '\0') {
		/* "" would name a temporary '.tmp-PID' in the current directory */
		fprintf(stderr, "%s: %s needs a file name, not an empty one\n", cmd, option);
		return -1;
	}
	if (!not_the_store(o) || !not_an_input(o))
		return -1;
	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		fprintf(stderr, "%s: cannot write '%s': it is a directory\n", cmd,
			tools_printable(path, safe, sizeof(safe)));
		return -1;
	}
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		o->direct = true;
	} else if (lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode)) {
		o->target = realpath(path, NULL);
		o->direct = o->target == NULL;   /* dangling: creating its file is all we can do */
	}
	if (o->target == NULL)
		o->target = strdup(path);
	if (o->target == NULL) {
		fprintf(stderr, "%s: out of memory\n", cmd);
		goto fail;
	}
	if (!writable_target(o))
		goto fail;
	if (o->direct)
		o->f = fopen(o->target, "w");
	else
		o->f = create_temporary(o);
	if (o->f == NULL && o->direct) {
		output_failed(o, errno);
		goto fail;
	} else if (o->f == NULL) {
		temporary_failed(o, errno);
		goto fail;
	}
	/* the replacement keeps who may read the file it replaces */
	if (!o->direct && stat(o->target, &sb) == 0 && S_ISREG(sb.st_mode))
		(void)fchmod(fileno(o->f), sb.st_mode & 07777);
	return 0;
fail:
	free(o->target);
	free(o->tmp);
	o->target = o->tmp = NULL;
	return -1;
}

int tools_output_close(struct tools_output *o, bool ok)
{
	int err = 0;
	bool bad = false;
	if (o->f != NULL) {
		bad = ferror(o->f) != 0;
		err = bad ? errno : 0;   /* the failed write's reason (ENOSPC...) */
		if (fclose(o->f) != 0) {
			bad = true;
			err = err != 0 ? err : errno;
		}
		o->f = NULL;
	}
	if (ok && !bad && !o->direct && rename(o->tmp, o->target) != 0) {
		bad = true;
		err = errno;
	}
	if (ok && bad)
		output_failed(o, err);
	if ((!ok || bad) && !o->direct)
		unlink(o->tmp);
	if (!o->direct)
		disarm(o->tmp);
	free(o->target);
	free(o->tmp);
	o->target = o->tmp = NULL;
	return ok && bad ? -1 : 0;
}

int tools_write_output(const char *cmd, const char *path, const void *data, size_t len)
{
	struct tools_output o;
	if (path == NULL) {
		fwrite(data, 1, len, stdout);
		return tools_check_output(cmd);
	}
	if (tools_output_open(&o, cmd, "-o FILE", path) != 0)
		return EXIT_BAD_INPUT;
	fwrite(data, 1, len, o.f);
	return tools_output_close(&o, true) == 0 ? 0 : EXIT_BAD_INPUT;
}
