/*
 * arena.h: internal to libtmengine. A bump allocator: many small allocations,
 * freed together. The content model and parsed YAML documents live in arenas.
 */
#ifndef TM_ARENA_H
#define TM_ARENA_H

#include <stddef.h>

struct tm_arena {
	struct tm_arena_block *blocks;
};

/** Sets up an empty arena (no allocation yet). */
void tm_arena_init(struct tm_arena *a);
/** Frees every block; the arena is empty and reusable. */
void tm_arena_release(struct tm_arena *a);
/** n bytes, aligned for any type, zero-filled; NULL when out of memory. */
void *tm_arena_alloc(struct tm_arena *a, size_t n);
/** A copy of s (NULL gives NULL); NULL when out of memory. */
char *tm_arena_strdup(struct tm_arena *a, const char *s);
/** A NUL-terminated copy of the first n bytes of s. */
char *tm_arena_strndup(struct tm_arena *a, const char *s, size_t n);

#endif
