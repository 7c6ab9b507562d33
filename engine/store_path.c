/*
 * store_path.c: where the progress store lives: the default path
 * ($TMDOJO_HOME, else XDG_DATA_HOME, else ~/.local/share/tmdojo), whether a path
 * names the store or one of its companion files, and the directories above it.
 */
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store_internal.h"
#include "tmengine.h"

static char *join_path(const char *dir, const char *rest)
{
	size_t n = strlen(dir) + strlen(rest) + 2;
	char *p = malloc(n);
	if (p != NULL)
		snprintf(p, n, "%s/%s", dir, rest);
	return p;
}

int tm_store_default_path(char **out, struct tm_diags *diags)
{
	const char *env = getenv("TMDOJO_HOME");
	const char *xdg = getenv("XDG_DATA_HOME");
	*out = NULL;
	if (env != NULL && env[0] != '\0')
		*out = join_path(env, "progress.db");
	else if (xdg != NULL && xdg[0] == '/')
		*out = join_path(xdg, "tmdojo/progress.db");
	else {
		const char *home = getenv("HOME");
		if (home == NULL || home[0] == '\0') {
			const struct passwd *pw = getpwuid(getuid());
			home = pw != NULL ? pw->pw_dir : NULL;
		}
		if (home == NULL || home[0] == '\0')
			return tm_diags_add(diags, TM_ENOTFOUND, NULL, 0, 0,
					    "no home directory for the progress database; "
					    "set TMDOJO_HOME");
		*out = join_path(home, ".local/share/tmdojo/progress.db");
	}
	if (*out == NULL)
		return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
	return TM_OK;
}

/* path made absolute with every link and directory resolved, for a file that
 * may not exist yet: realpath() of the file, else where a dangling link points
 * (up to 8 links deep), else realpath() of its directory plus its name. Caller
 * frees with free(); NULL when even the directory does not resolve. */
static char *resolve_path(const char *path, int depth)
{
	char *full = realpath(path, NULL), link[4096];
	const char *slash = strrchr(path, '/'), *base = slash != NULL ? slash + 1 : path;
	char *dir = NULL, *out = NULL;
	if (full != NULL || depth > 8)
		return full;
	ssize_t n = readlink(path, link, sizeof(link) - 1);
	if (n > 0) {
		link[n] = '\0';
		if (link[0] == '/' || slash == NULL)
			return resolve_path(link, depth + 1);
		char *next = malloc((size_t)(slash - path) + strlen(link) + 2);
		if (next == NULL)
			return NULL;
		sprintf(next, "%.*s/%s", (int)(slash - path), path, link);
		out = resolve_path(next, depth + 1);
		free(next);
		return out;
	}
	if (slash == NULL)
		dir = realpath(".", NULL);
	else if (slash == path)
		dir = realpath("/", NULL);
	else {
		char *d = strndup(path, (size_t)(slash - path));
		dir = d != NULL ? realpath(d, NULL) : NULL;
		free(d);
	}
	if (dir != NULL)
		out = join_path(dir, base);
	free(dir);
	return out;
}

/* Whether a and b name the same file: the same device and inode when both
 * exist, else the same resolved path. */
static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	bool has_a = stat(a, &sa) == 0, has_b = stat(b, &sb) == 0;
	if (has_a && has_b)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	if (has_a != has_b)
		return false;
	char *ra = resolve_path(a, 0), *rb = resolve_path(b, 0);
	bool same = ra != NULL && rb != NULL ? strcmp(ra, rb) == 0 : strcmp(a, b) == 0;
	free(ra);
	free(rb);
	return same;
}

const char *tm_store_file_of(const char *store_path, const char *path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		/* on the stack: running out of memory must not read as "not the
		 * store"; a name longer than PATH_MAX names no file at all */
		char file[PATH_MAX + 16];
		if (strlen(store_path) + strlen(suffixes[i]) >= sizeof(file))
			return NULL;
		snprintf(file, sizeof(file), "%s%s", store_path, suffixes[i]);
		if (same_file(path, file))
			return suffixes[i];
	}
	return NULL;
}

/* Creates every missing directory above path (like mkdir -p of dirname). */
int store_make_parent_dirs(const char *path, struct tm_diags *diags)
{
	char *dir = strdup(path);
	int status = TM_OK;
	if (dir == NULL)
		return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
	char *slash = strrchr(dir, '/');
	if (slash == NULL || slash == dir)
		goto cleanup;
	*slash = '\0';
	for (char *p = dir + 1; ; p++) {
		bool end = *p == '\0';
		if (*p == '/' || end) {
			char saved = *p;
			*p = '\0';
			if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
				status = tm_diags_add(diags, errno == EACCES || errno == EROFS ?
						      TM_EREADONLY : TM_EIO, dir, 0, 0,
						      "cannot create the directory for the progress "
						      "database: %s; set TMDOJO_HOME to a writable "
						      "directory", strerror(errno));
				goto cleanup;
			}
			*p = saved;
		}
		if (end)
			break;
	}
cleanup:
	free(dir);
	return status;
}
