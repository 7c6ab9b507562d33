/*
 * output.c: writing a command's output file (-o FILE) safely: never over the
 * progress database or a file the command read, through a temporary created
 * exclusively beside the target and renamed over it only when the run
 * succeeds, removed again if a signal ends the run.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"

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
/* A guard could not be noted (out of memory): every output is then refused,
 * since the file it names could be the input that went unnoted. */
static bool guards_lost;

/* Notes path as a file (or, tree, a directory of files) the command reads;
 * when memory runs out, sets guards_lost instead. */
static void add_guard(const char *path, bool tree, const char *suffix)
{
	struct guard *g = realloc(guards, (n_guards + 1) * sizeof(*g));
	struct stat st;
	if (g == NULL) {
		guards_lost = true;
		return;
	}
	guards = g;
	g += n_guards;
	memset(g, 0, sizeof(*g));
	g->tree = tree;
	g->suffix = suffix;
	if (strcmp(path, "-") == 0) {
		g->known = fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode);
	} else {
		g->path = strdup(path);
		if (g->path == NULL) {
			guards_lost = true;
			return;
		}
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

/* The directories a walk has entered (device and inode), so that a link back
 * to one of them, or two links to one directory, is walked once; nomem when
 * memory ran out, so that the walk could not look everywhere. */
struct walked {
	struct stat *dirs;
	size_t n;
	bool nomem;
};

/* Whether st is a directory the walk has entered; notes it if not. A note that
 * cannot be kept ends the walk (w->nomem: the output is then refused). */
static bool walked_before(struct walked *w, const struct stat *st)
{
	struct stat *grown;
	for (size_t i = 0; i < w->n; i++)
		if (w->dirs[i].st_dev == st->st_dev && w->dirs[i].st_ino == st->st_ino)
			return true;
	grown = realloc(w->dirs, (w->n + 1) * sizeof(*grown));
	if (grown == NULL) {
		w->nomem = true;
		return true;
	}
	w->dirs = grown;
	w->dirs[w->n++] = *st;
	return false;
}

/* Looks under dir (following links, as the loaders do, but entering each
 * directory once, so that links that loop cost nothing) for the file *target
 * is, among the files whose names end in suffix (any when NULL); returns its
 * path (caller frees with free()) or NULL: not found, or out of memory
 * (w->nomem set). */
static char *find_in_tree(const char *dir, const char *suffix, const struct stat *target,
			  struct walked *w)
{
	struct stat here;
	DIR *d = stat(dir, &here) == 0 && !walked_before(w, &here) ? opendir(dir) : NULL;
	struct dirent *e;
	char *found = NULL;
	if (d == NULL)
		return NULL;
	while (found == NULL && !w->nomem && (e = readdir(d)) != NULL) {
		char path[PATH_MAX];
		struct stat st;
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
		    snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >= (int)sizeof(path) ||
		    stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			found = find_in_tree(path, suffix, target, w);
		else if ((suffix == NULL || has_suffix(e->d_name, suffix)) &&
			 st.st_dev == target->st_dev && st.st_ino == target->st_ino) {
			found = strdup(path);
			w->nomem = found == NULL;
		}
	}
	closedir(d);
	return found;
}

/* Refuses any output when memory ran out while noting or looking for the
 * files the command reads: the output could be one of them. Says so. */
static void refuse_unchecked(const struct tools_output *o)
{
	char safe[PATH_MAX + 16];
	fprintf(stderr, "%s: refusing to write '%s': out of memory while checking that it is "
		"none of the files this command reads; nothing was written\n", o->cmd,
		tools_printable(o->path, safe, sizeof(safe)));
}

/* Refuses an output file that is one of the files the command reads (under any
 * name, through links): writing it would replace the input. Says so, naming
 * both, and returns false; so too when memory ran out before that was known. */
static bool not_an_input(const struct tools_output *o)
{
	struct stat st;
	char *input = NULL, safe[PATH_MAX + 16], shown[PATH_MAX + 16];
	bool nomem = false;
	if (guards_lost) {
		refuse_unchecked(o);
		return false;
	}
	if (stat(o->path, &st) != 0 || !S_ISREG(st.st_mode))
		return true;   /* a new file, a FIFO, a device: nothing read is replaced */
	for (size_t i = 0; i < n_guards && input == NULL && !nomem; i++) {
		const struct guard *g = &guards[i];
		if (g->tree) {
			struct walked w = { NULL, 0, false };
			input = find_in_tree(g->path, g->suffix, &st, &w);
			free(w.dirs);
			nomem = w.nomem;
		} else if (g->known && g->dev == st.st_dev && g->ino == st.st_ino) {
			input = strdup(g->path != NULL ? g->path : "standard input");
			nomem = input == NULL;
		}
	}
	if (nomem) {
		free(input);
		refuse_unchecked(o);
		return false;
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
	int rc = tm_store_default_path(&store, &d);
	const char *which = rc == TM_OK ? tm_store_file_of(store, o->path) : NULL;
	tm_diags_release(&d);
	if (rc == TM_ENOMEM) {
		fprintf(stderr, "%s: refusing to write '%s': out of memory while checking that "
			"it is not tmdojo's progress database; nothing was written\n", o->cmd,
			tools_printable(o->path, safe, sizeof(safe)));
		return false;
	}
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
#define N_CLEANUP_SIGNALS (sizeof(cleanup_signals) / sizeof(cleanup_signals[0]))
static struct sigaction saved_actions[N_CLEANUP_SIGNALS];

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
	for (size_t i = 0; i < N_CLEANUP_SIGNALS; i++) {
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
	for (size_t i = 0; i < N_CLEANUP_SIGNALS; i++)
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
	for (size_t i = 0; i < N_CLEANUP_SIGNALS; i++)
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
