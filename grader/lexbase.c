/*
 * lexbase.c: a lexicon prepared once and copied into every key prepared with
 * it (grader_lexicon_prepare builds it in key.c): copying the terms, maps and
 * rules costs a fraction of stemming and interning the lexicon per key.
 */
#include <stdlib.h>
#include <string.h>

#include "grader_internal.h"

struct grader_lexbase *grader_lexbase_ref(struct grader_lexbase *b)
{
	if (b != NULL)
		b->refs++;
	return b;
}

void grader_lexbase_unref(struct grader_lexbase *b)
{
	if (b == NULL || --b->refs > 0)
		return;
	grader_key_free(b->key);
	free(b);
}

/* A copy of the n ints at src in key's pool; NULL on ENOMEM. */
static int *pool_ints(struct grader_key *key, const int *src, int n)
{
	int *dst = grader_pool_alloc(&key->pool, (size_t)(n > 0 ? n : 1) * sizeof(int));

	if (dst != NULL && n > 0)
		memcpy(dst, src, (size_t)n * sizeof(int));
	return dst;
}

static char *pool_str(struct grader_key *key, const char *s)
{
	return grader_pool_strndup(&key->pool, s, strlen(s));
}

static int copy_terms(const struct grader_key *from, struct grader_key *key)
{
	key->terms = malloc((from->n_terms > 0 ? from->n_terms : 1) * sizeof(*key->terms));
	if (key->terms == NULL)
		return GRADER_ENOMEM;
	key->alloc_terms = from->n_terms > 0 ? from->n_terms : 1;
	for (size_t i = 0; i < from->n_terms; i++) {
		struct grader_term *t = &key->terms[i];

		*t = from->terms[i];
		t->stem = pool_str(key, t->stem);
		t->surface = pool_str(key, t->surface);
		if (t->stem == NULL || t->surface == NULL)
			return GRADER_ENOMEM;
		key->n_terms++;
	}
	return GRADER_OK;
}

static int copy_rules(const struct grader_key *from, struct grader_key *key)
{
	key->rules = malloc((from->n_rules > 0 ? from->n_rules : 1) * sizeof(*key->rules));
	if (key->rules == NULL)
		return GRADER_ENOMEM;
	key->alloc_rules = from->n_rules > 0 ? from->n_rules : 1;
	for (size_t i = 0; i < from->n_rules; i++) {
		struct grader_rule *r = &key->rules[i];

		*r = from->rules[i];
		r->from = pool_ints(key, r->from, r->n_from);
		r->to = pool_ints(key, r->to, r->n_to);
		if (r->from == NULL || r->to == NULL)
			return GRADER_ENOMEM;
		key->n_rules++;
	}
	key->max_rule_len = from->max_rule_len;
	return GRADER_OK;
}

static int copy_vocab(const struct grader_key *from, struct grader_key *key)
{
	for (size_t i = 0; i < from->vocab.n; i++)
		if (grader_strvec_push(&key->vocab, from->vocab.v[i],
				       strlen(from->vocab.v[i])) != GRADER_OK)
			return GRADER_ENOMEM;
	return GRADER_OK;
}

/* What each of the head's payloads means (the patterns are compiled per key,
 * with the payloads a clone adds). */
static int copy_payload_meanings(const struct grader_lexbase *b, struct grader_key *key)
{
	const struct grader_key *from = b->key;

	for (size_t i = 0; i < b->head.pay; i++) {
		key->pay_to[i] = pool_ints(key, from->pay_to[i], from->pay_n_to[i]);
		key->pay_means[i] = pool_str(key, from->pay_means[i]);
		if (key->pay_to[i] == NULL || key->pay_means[i] == NULL)
			return GRADER_ENOMEM;
		key->pay_n_to[i] = from->pay_n_to[i];
	}
	return GRADER_OK;
}

int grader_lexbase_copy_into(const struct grader_lexbase *b, struct grader_key *key)
{
	const struct grader_key *from = b->key;

	if (copy_terms(from, key) != GRADER_OK || copy_rules(from, key) != GRADER_OK ||
	    grader_map_copy(&key->stem_ids, &from->stem_ids) != GRADER_OK ||
	    grader_map_copy(&key->raw_ids, &from->raw_ids) != GRADER_OK ||
	    grader_map_copy(&key->rules_by, &from->rules_by) != GRADER_OK ||
	    copy_vocab(from, key) != GRADER_OK)
		return GRADER_ENOMEM;
	return copy_payload_meanings(b, key);
}
