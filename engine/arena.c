/*
 * arena.c: a bump allocator over a list of blocks.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

struct tm_arena_block {
	struct tm_arena_block *next;
	size_t used, size;
	max_align_t data[];
};

#define ARENA_BLOCK 16384

void tm_arena_init(struct tm_arena *a)
{
	a->blocks = NULL;
}

void tm_arena_release(struct tm_arena *a)
{
	struct tm_arena_block *b = a->blocks;
	while (b != NULL) {
		struct tm_arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->blocks = NULL;
}

void *tm_arena_alloc(struct tm_arena *a, size_t n)
{
	const size_t align = sizeof(max_align_t);
	if (n > SIZE_MAX - align)
		return NULL;
	n = (n + align - 1) / align * align;
	struct tm_arena_block *b = a->blocks;
	if (b == NULL || b->size - b->used < n) {
		size_t size = n > ARENA_BLOCK ? n : ARENA_BLOCK;
		b = malloc(sizeof(*b) + size);
		if (b == NULL)
			return NULL;
		b->next = a->blocks;
		b->used = 0;
		b->size = size;
		a->blocks = b;
	}
	void *p = (char *)b->data + b->used;
	b->used += n;
	memset(p, 0, n);
	return p;
}

char *tm_arena_strndup(struct tm_arena *a, const char *s, size_t n)
{
	char *p = tm_arena_alloc(a, n + 1);
	if (p != NULL) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

char *tm_arena_strdup(struct tm_arena *a, const char *s)
{
	return s == NULL ? NULL : tm_arena_strndup(a, s, strlen(s));
}
