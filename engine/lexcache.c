/*
 * lexcache.c: the lexicon of a content root, prepared, kept between runs.
 *
 * Reading lexicon/en.yaml and stemming it is most of what one `tmdojo grade`
 * does. The first run keeps the result (grader_lexicon_encode) in a cache
 * file; later runs read it instead, when it was written by this very build
 * (the ELF build ids of the program and of every library it has loaded: any
 * change to the code, or another libstemmer release, is another build) from exactly
 * the bytes the lexicon files hold now (compared in full, not by a hash), and
 * its checksum holds. Anything else, and any error, means loading the files
 * as before: the cache only ever saves time. It is written only when the
 * files load without a diagnostic, to a temporary file renamed into place.
 *
 * Where: $TMDOJO_CACHE (empty: no cache), else $XDG_CACHE_HOME/tmdojo, else
 * ~/.cache/tmdojo; one file per content root, the CACHE_KEEP most recently
 * written (an author who tries many scratch roots does not fill the disk).
 */
#define _GNU_SOURCE   /* dl_iterate_phdr */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lexcache.h"

#define CACHE_MAGIC "tmdojo-lexcache"
#define CACHE_VERSION 1u
#define CACHE_MAX_BYTES (64u * 1024 * 1024)
#define BUILD_ID_MAX 64      /* bytes of one object's build id */
#define BUILD_IDS_MAX 2048   /* bytes of all of them */
#define CACHE_KEEP 32   /* content roots kept; past it the oldest written goes */

/* ==== This build ================================================================ */

/* The build ids of every object loaded: the program and, when it is linked
 * dynamically, its libraries (libstemmer made the stems the cache holds, and
 * another release of it stems otherwise). len 0: unknown, no cache. */
struct build_id {
	unsigned char bytes[BUILD_IDS_MAX];
	size_t len;
	bool unknown;    /* an object without one, or too many of them */
};

/* Appends the GNU build-id note of one loaded object's segment to id, if the
 * segment holds one; true when it did. */
static bool note_build_id(const ElfW(Phdr) *ph, ElfW(Addr) base, struct build_id *id)
{
	const unsigned char *p = (const unsigned char *)(base + ph->p_vaddr);
	size_t left = ph->p_memsz;

	while (left >= sizeof(ElfW(Nhdr))) {
		const ElfW(Nhdr) *n = (const ElfW(Nhdr) *)p;
		size_t name = (n->n_namesz + 3u) & ~(size_t)3, desc = (n->n_descsz + 3u) & ~(size_t)3;
		size_t size = sizeof(*n) + name + desc;

		if (size > left)
			return false;
		if (n->n_type == NT_GNU_BUILD_ID && n->n_namesz == 4 &&
		    memcmp(p + sizeof(*n), "GNU", 4) == 0 && n->n_descsz <= BUILD_ID_MAX) {
			if (BUILD_IDS_MAX - id->len < n->n_descsz)
				id->unknown = true;
			else
				memcpy(id->bytes + id->len, p + sizeof(*n) + name, n->n_descsz);
			id->len += id->unknown ? 0 : n->n_descsz;
			return true;
		}
		p += size;
		left -= size;
	}
	return false;
}

/* dl_iterate_phdr's callback: each loaded object adds its build id; one
 * without makes the build unknown (what it does to the stems could change
 * unseen). */
static int find_build_id(struct dl_phdr_info *info, size_t size, void *arg)
{
	struct build_id *id = arg;
	bool found = false;

	(void)size;
	for (ElfW(Half) i = 0; i < info->dlpi_phnum && !found; i++)
		if (info->dlpi_phdr[i].p_type == PT_NOTE)
			found = note_build_id(&info->dlpi_phdr[i], info->dlpi_addr, id);
	id->unknown |= !found;
	return 0;
}

/* This build's ids in *id (len 0 when unknown). */
static void this_build(struct build_id *id)
{
	memset(id, 0, sizeof(*id));
	dl_iterate_phdr(find_build_id, id);
	if (id->unknown)
		id->len = 0;
}

/* ==== Where the cache lives ========================================================= */

static uint64_t fnv64(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;

	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

#define FNV64_START 1469598103934665603ULL

/* A checksum of the cached lexicon, eight bytes at a step: it catches a damaged
 * file, not a forged one (the cache is the user's own, like their progress). */
static uint64_t checksum64(const unsigned char *p, size_t n)
{
	uint64_t h = FNV64_START ^ n, w;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, p + i, 8);
		h = (h ^ w) * 0x9E3779B97F4A7C15ULL;
		h ^= h >> 29;
	}
	return fnv64(h, p + i, n - i);
}

/* Makes the directory of file path and its missing parents (0700); true when
 * it is a directory. path is changed and put back. */
static bool make_dirs_of(char *path)
{
	char *dir = path, *end = strrchr(path, '/');
	struct stat st;
	bool ok;

	if (end == NULL || end == path)
		return false;
	*end = '\0';
	for (char *p = dir + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			*p = '/';
			*end = '/';
			return false;
		}
		*p = '/';
	}
	ok = (mkdir(dir, 0700) == 0 || errno == EEXIST) && stat(dir, &st) == 0 &&
	     S_ISDIR(st.st_mode);
	*end = '/';
	return ok;
}

/* The cache directory (caller frees), or NULL: no cache. */
static char *cache_dir(void)
{
	const char *env = getenv("TMDOJO_CACHE"), *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	char buf[PATH_MAX];
	int n;

	if (env != NULL)
		n = *env != '\0' ? snprintf(buf, sizeof(buf), "%s", env) : -1;
	else if (xdg != NULL && xdg[0] == '/')
		n = snprintf(buf, sizeof(buf), "%s/tmdojo", xdg);
	else if (home != NULL && home[0] == '/')
		n = snprintf(buf, sizeof(buf), "%s/.cache/tmdojo", home);
	else
		n = -1;
	if (n <= 0 || (size_t)n >= sizeof(buf))
		return NULL;
	return strdup(buf);
}

/* The cache file of content root `root` (caller frees), or NULL. */
static char *cache_path(const char *root)
{
	char *dir = cache_dir(), *real = realpath(root, NULL), *path = NULL;
	uint64_t h;

	if (dir != NULL && real != NULL) {
		size_t n = strlen(dir) + 40;

		h = fnv64(FNV64_START, real, strlen(real));
		path = malloc(n);
		if (path != NULL)
			snprintf(path, n, "%s/lexicon-%016llx.bin", dir, (unsigned long long)h);
	}
	free(dir);
	free(real);
	return path;
}

/* ==== The sources =================================================================== */

void tm_lexsources_release(struct tm_lexsources *s)
{
	for (size_t i = 0; s->bytes != NULL && i < s->n; i++)
		free(s->bytes[i]);
	free(s->bytes);
	free(s->lens);
	s->bytes = NULL;
	s->lens = NULL;
}

/* Reads every source file into s; false when one cannot be read (loading the
 * files then reports it). */
static bool read_sources(struct tm_lexsources *s)
{
	struct tm_diags quiet;
	bool ok = true;

	tm_lexsources_release(s);
	s->bytes = calloc(s->n, sizeof(*s->bytes));
	s->lens = calloc(s->n, sizeof(*s->lens));
	if (s->bytes == NULL || s->lens == NULL)
		return false;
	tm_diags_init(&quiet);
	for (size_t i = 0; i < s->n && ok; i++)
		ok = tm_read_file(s->paths[i], TM_MAX_FILE_BYTES, &s->bytes[i], &s->lens[i],
				  &quiet) == TM_OK;
	tm_diags_release(&quiet);
	return ok;
}

/* Whether the files still hold the bytes s read. */
static bool sources_unchanged(const struct tm_lexsources *s)
{
	struct tm_lexsources again = { s->paths, s->n, NULL, NULL };
	bool same = read_sources(&again);

	for (size_t i = 0; same && i < s->n; i++)
		same = again.lens[i] == s->lens[i] &&
		       memcmp(again.bytes[i], s->bytes[i], s->lens[i]) == 0;
	tm_lexsources_release(&again);
	return same;
}

/* The names of the source files: their paths' last part. */
static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

/* ==== Reading the file ================================================================ */

struct cache_in {
	const unsigned char *p;
	size_t n, at;
};

static const unsigned char *cache_take(struct cache_in *in, size_t n)
{
	const unsigned char *p = in->n - in->at >= n ? in->p + in->at : NULL;

	if (p != NULL)
		in->at += n;
	return p;
}

static bool cache_u32(struct cache_in *in, uint32_t *v)
{
	const unsigned char *p = cache_take(in, sizeof(*v));

	if (p != NULL)
		memcpy(v, p, sizeof(*v));
	return p != NULL;
}

/* Length-prefixed bytes equal to want[0..len)? */
static bool cache_same(struct cache_in *in, const void *want, size_t len)
{
	const unsigned char *p;
	uint32_t n;

	return cache_u32(in, &n) && n == len && (p = cache_take(in, n)) != NULL &&
	       memcmp(p, want, n) == 0;
}

/* Whether in starts with this build's header for sources s. */
static bool header_matches(struct cache_in *in, const struct build_id *id,
			   const struct tm_lexsources *s)
{
	const unsigned char *magic = cache_take(in, sizeof(CACHE_MAGIC));
	uint32_t version, n;

	if (magic == NULL || memcmp(magic, CACHE_MAGIC, sizeof(CACHE_MAGIC)) != 0 ||
	    !cache_u32(in, &version) || version != CACHE_VERSION ||
	    !cache_same(in, id->bytes, id->len) || !cache_u32(in, &n) || n != s->n)
		return false;
	for (size_t i = 0; i < s->n; i++) {
		const char *name = base_name(s->paths[i]);

		if (!cache_same(in, name, strlen(name)) ||
		    !cache_same(in, s->bytes[i], s->lens[i]))
			return false;
	}
	return true;
}

/* The encoded lexicon after the header, when its checksum holds. */
static const unsigned char *checked_blob(struct cache_in *in, size_t *len)
{
	const unsigned char *sum = cache_take(in, sizeof(uint64_t)), *blob;
	uint64_t want;
	uint32_t n;

	if (sum == NULL || !cache_u32(in, &n) || (blob = cache_take(in, n)) == NULL ||
	    in->at != in->n)
		return NULL;
	memcpy(&want, sum, sizeof(want));
	*len = n;
	return checksum64(blob, n) == want ? blob : NULL;
}

/* The whole of a regular file of at most CACHE_MAX_BYTES (caller frees), or
 * NULL. Only a file of the user's own that no one else may write: in a
 * shared directory (TMDOJO_CACHE=/tmp) another user's file is not trusted. */
static unsigned char *slurp(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	struct stat st;
	unsigned char *buf = NULL;
	size_t got = 0;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
	    (st.st_mode & (S_IWGRP | S_IWOTH)) == 0 && st.st_size > 0 &&
	    (uint64_t)st.st_size <= CACHE_MAX_BYTES && (buf = malloc((size_t)st.st_size)) != NULL) {
		while (got < (size_t)st.st_size) {
			ssize_t r = read(fd, buf + got, (size_t)st.st_size - got);

			if (r <= 0 && !(r < 0 && errno == EINTR))
				break;
			got += r > 0 ? (size_t)r : 0;
		}
	}
	close(fd);
	if (buf != NULL && got != (size_t)st.st_size) {
		free(buf);
		buf = NULL;
	}
	*len = got;
	return buf;
}

struct grader_lexicon *tm_lexcache_get(const char *root, struct tm_lexsources *s)
{
	struct build_id id;
	struct grader_lexicon *lex = NULL;
	char *path;
	unsigned char *file = NULL;
	size_t len = 0, blob_len = 0;

	if (s->n == 0 || !read_sources(s))
		return NULL;
	this_build(&id);
	path = id.len > 0 ? cache_path(root) : NULL;
	if (path != NULL && (file = slurp(path, &len)) != NULL) {
		struct cache_in in = { file, len, 0 };
		const unsigned char *blob;

		if (header_matches(&in, &id, s) && (blob = checked_blob(&in, &blob_len)) != NULL &&
		    grader_lexicon_decode(blob, blob_len, &lex) != GRADER_OK)
			lex = NULL;
	}
	free(file);
	free(path);
	return lex;
}

/* ==== Writing the file ================================================================ */

static void cache_put_bytes(FILE *f, const void *p, size_t n)
{
	uint32_t len = (uint32_t)n;

	fwrite(&len, sizeof(len), 1, f);
	fwrite(p, 1, n, f);
}

/* The whole cache file for s and the encoded lexicon blob. */
static void cache_write(FILE *f, const struct build_id *id, const struct tm_lexsources *s,
			const unsigned char *blob, size_t len)
{
	uint32_t version = CACHE_VERSION, n = (uint32_t)s->n;
	uint64_t sum = checksum64(blob, len);

	fwrite(CACHE_MAGIC, 1, sizeof(CACHE_MAGIC), f);
	fwrite(&version, sizeof(version), 1, f);
	cache_put_bytes(f, id->bytes, id->len);
	fwrite(&n, sizeof(n), 1, f);
	for (size_t i = 0; i < s->n; i++) {
		const char *name = base_name(s->paths[i]);

		cache_put_bytes(f, name, strlen(name));
		cache_put_bytes(f, s->bytes[i], s->lens[i]);
	}
	fwrite(&sum, sizeof(sum), 1, f);
	cache_put_bytes(f, blob, len);
}

/* Writes the cache file at path through a temporary file in the same
 * directory, renamed over it: a reader sees the old file or the new one, never
 * part of one. */
static void replace_file(const char *path, const struct build_id *id,
			 const struct tm_lexsources *s, const unsigned char *blob, size_t len)
{
	size_t n = strlen(path) + 16;
	char *tmp = malloc(n);
	FILE *f = NULL;
	int fd, bad;

	if (tmp == NULL)
		return;
	snprintf(tmp, n, "%s.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd >= 0 && (f = fdopen(fd, "wb")) == NULL)
		close(fd);
	if (f != NULL) {
		cache_write(f, id, s, blob, len);
		bad = ferror(f);
		if (fclose(f) != 0 || bad || rename(tmp, path) != 0)
			unlink(tmp);
	} else if (fd >= 0) {
		unlink(tmp);
	}
	free(tmp);
}

static int is_cache_file(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return strncmp(d->d_name, "lexicon-", 8) == 0 && n > 12 &&
	       strcmp(d->d_name + n - 4, ".bin") == 0;
}

/* The cache file name of dir with the oldest modification time, into oldest
 * (dir/name); false when dir holds at most CACHE_KEEP of them. */
static bool oldest_past_keep(const char *dir, char *oldest, size_t size)
{
	struct dirent **names = NULL;
	int n = scandir(dir, &names, is_cache_file, NULL);
	struct timespec when = { 0, 0 };
	bool found = false;

	for (int i = 0; i < n; i++) {
		char path[PATH_MAX];
		struct stat st;

		if (snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name) <
			    (int)sizeof(path) && stat(path, &st) == 0 &&
		    (!found || st.st_mtim.tv_sec < when.tv_sec ||
		     (st.st_mtim.tv_sec == when.tv_sec && st.st_mtim.tv_nsec < when.tv_nsec))) {
			when = st.st_mtim;
			snprintf(oldest, size, "%s", path);
			found = true;
		}
		free(names[i]);
	}
	free(names);
	return found && n > CACHE_KEEP;
}

/* Removes the oldest cache files of dir (the directory of path) past CACHE_KEEP. */
static void prune(char *path)
{
	char *slash = strrchr(path, '/'), oldest[PATH_MAX];

	if (slash == NULL)
		return;
	*slash = '\0';
	for (int i = 0; i < 8 && oldest_past_keep(path, oldest, sizeof(oldest)); i++)
		unlink(oldest);
	*slash = '/';
}

void tm_lexcache_put(const char *root, const struct tm_lexsources *s,
		     const struct grader_lexicon *lex)
{
	struct build_id id;
	unsigned char *blob = NULL;
	size_t len = 0;
	char *path, *dir;

	if (s->n == 0 || s->bytes == NULL)
		return;
	this_build(&id);
	path = id.len > 0 ? cache_path(root) : NULL;
	dir = path != NULL ? strdup(path) : NULL;   /* make_dirs_of writes into it */
	if (dir != NULL && make_dirs_of(dir) && sources_unchanged(s) &&
	    grader_lexicon_encode(lex, &blob, &len) == GRADER_OK) {
		replace_file(path, &id, s, blob, len);
		prune(dir);
	}
	free(blob);
	free(dir);
	free(path);
}
