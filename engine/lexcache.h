/*
 * lexcache.h: internal to libtmengine. A content root's lexicon, prepared,
 * kept between runs (lexcache.c).
 */
#ifndef TM_LEXCACHE_H
#define TM_LEXCACHE_H

#include "tmengine.h"

/* The lexicon files of a content root and, once read, their bytes. */
struct tm_lexsources {
	char **paths;      /* the caller's */
	size_t n;
	char **bytes;      /* read by tm_lexcache_get(); tm_lexsources_release() */
	size_t *lens;
};
void tm_lexsources_release(struct tm_lexsources *s);

/*
 * Reads the files of s and returns the prepared lexicon the cache keeps for
 * content root `root` when this build wrote it from exactly these bytes
 * (caller frees), else NULL. Never reports anything: any failure is a miss.
 */
struct grader_lexicon *tm_lexcache_get(const char *root, struct tm_lexsources *s);
/*
 * Keeps lex, prepared from the files of s as tm_lexcache_get() read them, in
 * root's cache file, when the files still hold those bytes. Failures are
 * silent: the cache only saves time.
 */
void tm_lexcache_put(const char *root, const struct tm_lexsources *s,
		     const struct grader_lexicon *lex);

#endif
