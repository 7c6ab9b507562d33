/*
 * memo.c: how each word a learner wrote reads, remembered across the gradings
 * of one key on one thread. Reading a word the key does not hold as written
 * takes Snowball stemming and, for words still unknown, a typo search and a
 * root search over the key's vocabulary: pure functions of the key and the
 * word, so a cohort's repeated words need them once. What they also leave
 * for the explanation (the word as said, a "read as" note, the count of
 * unknown words) is replayed from the memo by text.c.
 */
#include <stdlib.h>
#include <string.h>

#include "grader_internal.h"

/* The words a memo keeps at most (about 100 bytes each): a cohort's
 * vocabulary is far smaller; past it, new words are read afresh. */
#define MEMO_MAX_WORDS 65536

struct grader_memo *grader_memo_new(const struct grader_key *key)
{
	struct grader_memo *m;

	if (key == NULL || !key->prepared)
		return NULL;
	m = calloc(1, sizeof(*m));
	if (m == NULL)
		return NULL;
	m->key = key;
	m->preparation = key->preparations;
	grader_map_init(&m->index);
	grader_pool_init(&m->pool);
	return m;
}

struct grader_memo *grader_memo_for(struct grader_memo *m, const struct grader_key *key)
{
	if (m == NULL || m->key != key)
		return NULL;
	if (m->preparation != key->preparations) {
		/* term ids and vocabulary indexes are the old preparation's, and
		 * the grading state is sized for it */
		if (m->ctx != NULL)
			grader_ctx_release(m->ctx);
		free(m->ctx);
		m->ctx = NULL;
		grader_map_release(&m->index);
		grader_pool_release(&m->pool);
		m->n = 0;
		m->preparation = key->preparations;
	}
	return m;
}

struct grader_ctx *grader_memo_ctx(struct grader_memo *m)
{
	if (m->ctx != NULL) {
		grader_ctx_reuse(m->ctx);
		return m->ctx;
	}
	m->ctx = malloc(sizeof(*m->ctx));
	if (m->ctx == NULL || grader_ctx_init(m->ctx, m->key) != GRADER_OK) {
		free(m->ctx);
		m->ctx = NULL;
	}
	return m->ctx;
}

void grader_memo_free(struct grader_memo *m)
{
	if (m == NULL)
		return;
	if (m->ctx != NULL)
		grader_ctx_release(m->ctx);
	free(m->ctx);
	grader_map_release(&m->index);
	grader_pool_release(&m->pool);
	free(m->readings);
	free(m);
}

const struct grader_word_reading *grader_memo_get(const struct grader_memo *m,
						  const char *w, size_t len)
{
	int i = grader_map_get(&m->index, w, len);

	return i >= 0 ? &m->readings[i] : NULL;
}

/* Keeps r as how w reads; a full memo, or no memory, keeps nothing (the word
 * is then read afresh next time, with the same result). */
void grader_memo_put(struct grader_memo *m, const char *w, size_t len,
		     const struct grader_word_reading *r)
{
	struct grader_word_reading copy = *r;

	if (m->n >= MEMO_MAX_WORDS || len > GRADER_WORD_MAX)
		return;
	if (m->n == m->alloc) {
		size_t na = m->alloc ? m->alloc * 2 : 256;
		struct grader_word_reading *nr = realloc(m->readings, na * sizeof(*nr));

		if (nr == NULL)
			return;
		m->readings = nr;
		m->alloc = na;
	}
	if (r->stem != NULL) {
		copy.stem = grader_pool_strndup(&m->pool, r->stem, strlen(r->stem));
		if (copy.stem == NULL)
			return;
	}
	if (grader_map_put(&m->index, w, len, (int)m->n) != GRADER_OK)
		return;
	m->readings[m->n++] = copy;
}
