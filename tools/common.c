/*
 * common.c: what the subcommands share: finding the content root and printing
 * diagnostics, reading inputs (output files: output.c).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
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

/*
 * The line that says how many messages d dropped (past TM_MAX_DIAGS, or for
 * want of memory), "cmd: " first when cmd is not NULL. Printed where the
 * dropped ones would have been: after the first TM_MAX_DIAGS, before any
 * summary kept past them (tm_diags_add_summary).
 */
static void print_hidden(const char *cmd, const struct tm_diags *d)
{
	size_t errors = d->dropped_errors, warnings = d->dropped - d->dropped_errors;
	const char *what = errors == 0 ? (warnings == 1 ? "warning" : "warnings")
			   : warnings == 0 ? (errors == 1 ? "error" : "errors")
			   : "messages";
	fprintf(stderr, "%s%s... and %zu more %s not shown (the list stops at %d)\n",
		cmd != NULL ? cmd : "", cmd != NULL ? ": " : "", d->dropped, what, TM_MAX_DIAGS);
}

/* Whether the hidden-messages line goes before item i (see print_hidden). */
static bool hidden_before(const struct tm_diags *d, size_t i)
{
	return d->dropped > 0 && i == (d->count < TM_MAX_DIAGS ? d->count : TM_MAX_DIAGS);
}

void tools_print_diags(const struct tm_diags *d)
{
	for (size_t i = 0; i <= d->count; i++) {
		if (hidden_before(d, i))
			print_hidden(NULL, d);
		if (i < d->count)
			tools_print_diag(&d->items[i]);
	}
}

void tools_print_diags_for(const char *cmd, const struct tm_diags *d)
{
	char buf[4096], safe[4096];
	for (size_t i = 0; i <= d->count; i++) {
		if (hidden_before(d, i))
			print_hidden(cmd, d);
		if (i < d->count)
			fprintf(stderr, "%s: %s\n", cmd,
				tools_printable(tm_error_format(&d->items[i], buf, sizeof(buf)),
						safe, sizeof(safe)));
	}
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
	for (size_t i = 0; i <= d->count; i++) {
		if (hidden_before(d, i))
			print_hidden(cmd, d);
		if (i < d->count)
			tools_print_warning(cmd, &d->items[i]);
	}
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

void tools_warn_decomposed_learner(const char *cmd, const char *name)
{
	char safe[512];
	unsigned mark = tools_combining_mark(name);
	if (mark == 0)
		return;
	fprintf(stderr, "%s: warning: '%s': the learner name has a combining accent (U+%04X, "
		"a decomposed character as macOS and some keyboards write them): the same name "
		"typed elsewhere with precomposed characters counts as a different learner; "
		"type the accented letters precomposed (each as one character) to avoid it\n",
		cmd, tools_printable(name, safe, sizeof(safe)), mark);
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
		if (strcmp(sub, table[i].name) == 0) {
			/* getopt's messages then read "tmdojo cohort grade: ..." */
			char name[128];
			snprintf(name, sizeof(name), "tmdojo %s %s", cmd, sub);
			argv[1] = name;
			return table[i].fn(argc - 1, argv + 1);
		}
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0 || strcmp(sub, "help") == 0) {
		fputs(usage, stdout);
		return 0;
	}
	const char **names = calloc(n + 1, sizeof(*names));
	char hint[TM_ID_MAX * 2 + 32];
	for (size_t i = 0; names != NULL && i < n; i++)
		names[i] = table[i].name;
	fprintf(stderr, "tmdojo %s: unknown subcommand '%s'%s\n%s", cmd, sub,
		tools_did_you_mean(sub, names, names != NULL ? n : 0, hint, sizeof(hint)), usage);
	free(names);
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

int tools_json_flag(int argc, char **argv, bool *as_json)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	optind = 1;
	for (;;) {
		int c = getopt_long(argc, argv, "jh", opts, NULL);
		if (c != 'j')
			return c == -1 || c == 'h' ? c : '?';
		*as_json = true;
	}
}

int tools_json_only_opts(int argc, char **argv, const char *usage, bool *as_json)
{
	int c = tools_json_flag(argc, argv, as_json);

	if (c == -1)
		return -1;
	fputs(usage, c == 'h' ? stdout : stderr);
	return c == 'h' ? 0 : EXIT_BAD_INPUT;
}

/* What the run stored for good (tools_note_stored), or NULL. */
static const char *stored_note;

void tools_note_stored(const char *what)
{
	stored_note = what;
}

int tools_check_output(const char *cmd)
{
	int failed = fflush(stdout) != 0;
	int err = errno;

	if (!failed && !ferror(stdout))
		return 0;
	/* a write that failed earlier set the error flag; errno still names it
	 * unless something else failed since */
	fprintf(stderr, "%s: cannot write the output: %s%s%s\n", cmd,
		err != 0 ? strerror(err) : "write error",
		stored_note != NULL ? "; " : "", stored_note != NULL ? stored_note : "");
	clearerr(stdout);
	return EXIT_BAD_INPUT;
}

/* Two-byte UTF-8 of U+0300-U+036F: 0xcc 0x80-0xbf, 0xcd 0x80-0xaf. */
unsigned tools_combining_mark(const char *name)
{
	for (const unsigned char *p = (const unsigned char *)name; *p != '\0'; p++)
		if ((p[0] == 0xcc && p[1] >= 0x80 && p[1] <= 0xbf) ||
		    (p[0] == 0xcd && p[1] >= 0x80 && p[1] <= 0xaf))
			return ((p[0] & 0x1fu) << 6) | (p[1] & 0x3fu);
	return 0;
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

void tools_warn_limit(const char *key_file, const struct grader_key *key, const char *path,
		      int line_no, size_t t, size_t j)
{
	char *name = tools_printable_dup(path), *kf = tools_printable_dup(key_file);
	char *pat = tools_printable_dup(grader_threat_pattern(key, t, j));
	char id[128];

	fprintf(stderr, "%s:%d: warning: pattern patterns[%zu] '%s' of threat %s in %s "
		"stopped at the grader's match limit on this line and was counted as no "
		"match (the line may have lost that credit); validate's probe did not catch "
		"this pattern: the key's author should simplify it (no nested repetition "
		"such as (x+)+) and grade this line again to check\n",
		name != NULL ? name : "?", line_no, j, pat != NULL ? pat : "?",
		tools_printable(grader_threat_id(key, t), id, sizeof(id)), kf != NULL ? kf : "?");
	free(pat);
	free(name);
	free(kf);
}

size_t tools_warn_limits(const char *lead, const char *key_file, const struct grader_key *key,
			 const char *path, const struct grader_submission *sub,
			 const struct grader_result *r)
{
	size_t n = grader_result_limit_count(r);

	for (size_t i = 0; i < n; i++) {
		if (i == 0)
			fputs(lead, stderr);
		tools_warn_limit(key_file, key, path,
				 grader_submission_line_no(sub, grader_result_limit_line(r, i)),
				 grader_result_limit_threat(r, i), grader_result_limit_pattern(r, i));
	}
	return n;
}

void tools_warn_submission(const char *lead, const char *path,
			   const struct grader_submission *sub)
{
	tools_warn_lines(lead, path, grader_submission_truncated(sub),
			 grader_submission_dropped(sub));
}

int tools_text_width(void)
{
	struct term t;
	term_init(&t);
	return term_text_width(&t);
}

/* The one candidate that word starts with or that starts with word (at least 3
 * characters in common), or NULL when none or several do. */
static const char *prefix_match(const char *word, const char *const *candidates, size_t n)
{
	const char *found = NULL;
	size_t wl = strlen(word);
	if (wl < 3)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		size_t cl = strlen(candidates[i]);
		size_t k = wl < cl ? wl : cl;
		if (k < 3 || strncmp(word, candidates[i], k) != 0)
			continue;
		if (found != NULL)
			return NULL;
		found = candidates[i];
	}
	return found;
}

const char *tools_did_you_mean(const char *word, const char *const *candidates, size_t n,
			       char *buf, size_t size)
{
	const char *best = candidates != NULL ? tm_suggest(word, candidates) : NULL;
	char shown[2 * TM_ID_MAX];
	if (best == NULL && candidates != NULL)
		best = prefix_match(word, candidates, n);
	if (best == NULL || strcmp(best, word) == 0)
		snprintf(buf, size, "%s", "");
	else
		snprintf(buf, size, " (did you mean '%s'?)",
			 tools_printable(best, shown, sizeof(shown)));
	return buf;
}

/* tools_did_you_mean() over the n ids that id_of gives for 0..n-1. */
static const char *suggest_among(const char *word, const void *owner, size_t n,
				 const char *(*id_of)(const void *owner, size_t i), char *buf,
				 size_t size)
{
	const char **ids = calloc(n + 1, sizeof(*ids));
	for (size_t i = 0; ids != NULL && i < n; i++)
		ids[i] = id_of(owner, i);
	tools_did_you_mean(word, ids, ids != NULL ? n : 0, buf, size);
	free(ids);
	return buf;
}

static const char *course_id_at(const void *c, size_t i)
{
	return tm_course_id(tm_content_course(c, i));
}

static const char *module_id_at(const void *co, size_t i)
{
	return tm_module_id(tm_course_module(co, i));
}

static const char *exercise_id_at(const void *c, size_t i)
{
	return tm_exercise_id(tm_content_exercise(c, i));
}

const char *tools_suggest_course(const struct tm_content *c, const char *id, char *buf,
				 size_t size)
{
	return suggest_among(id, c, tm_content_course_count(c), course_id_at, buf, size);
}

const char *tools_suggest_module(const struct tm_course *co, const char *id, char *buf,
				 size_t size)
{
	return suggest_among(id, co, tm_course_module_count(co), module_id_at, buf, size);
}

const char *tools_suggest_exercise(const struct tm_content *c, const char *id, char *buf,
				   size_t size)
{
	return suggest_among(id, c, tm_content_exercise_count(c), exercise_id_at, buf, size);
}
