/*
 * lexcodec.c: a prepared lexicon as bytes and back (grader_lexicon_encode,
 * grader_lexicon_decode), so that a caller can keep it between processes
 * instead of parsing and stemming the lexicon every time. The bytes are for
 * the build that wrote them (native byte order and this file's layout); a
 * caller keeps them with what identifies that build and the lexicon's sources.
 * Decoding checks every count, length and index against what the grader
 * relies on, so that no input can make it read or write out of bounds; it
 * does not prove that the bytes are a lexicon anyone wrote.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grader_internal.h"

#define CODEC_MAGIC "tmdojo-lexicon"
#define CODEC_VERSION 1u
#define CODEC_MAX_COUNT (1u << 24)    /* entries of any one table */
#define CODEC_MAX_IDS 4096            /* terms a rule or payload writes */
#define CODEC_MAX_CAPTURES 65535      /* capture groups of one payload */
#define CODEC_RULE_MAX 16             /* words a rule reads (key.c's limit) */

/* ==== Writing ================================================================== */

struct codec_out {
	unsigned char *b;
	size_t n, cap;
	int oom;
};

static void put(struct codec_out *o, const void *p, size_t n)
{
	if (o->oom)
		return;
	if (o->cap - o->n < n) {
		size_t cap = o->cap ? o->cap : 4096;
		unsigned char *nb;

		while (cap - o->n < n)
			cap *= 2;
		nb = realloc(o->b, cap);
		if (nb == NULL) {
			o->oom = 1;
			return;
		}
		o->b = nb;
		o->cap = cap;
	}
	memcpy(o->b + o->n, p, n);
	o->n += n;
}

static void put_u32(struct codec_out *o, uint32_t v)
{
	put(o, &v, sizeof(v));
}

static void put_i32(struct codec_out *o, int v)
{
	int32_t x = v;

	put(o, &x, sizeof(x));
}

static void put_bytes(struct codec_out *o, const void *p, size_t n)
{
	put_u32(o, (uint32_t)n);
	put(o, p, n);
}

static void put_str(struct codec_out *o, const char *s)
{
	put_bytes(o, s, strlen(s));
}

static void put_ints(struct codec_out *o, const int *v, int n)
{
	put_u32(o, (uint32_t)n);
	for (int i = 0; i < n; i++)
		put_i32(o, v[i]);
}

static void put_strvec(struct codec_out *o, const struct grader_strvec *sv)
{
	put_u32(o, (uint32_t)sv->n);
	for (size_t i = 0; i < sv->n; i++)
		put_str(o, sv->v[i]);
}

static void put_counts(struct codec_out *o, const struct grader_lex_counts *c)
{
	put_u32(o, (uint32_t)c->whole);
	put_u32(o, (uint32_t)c->stop);
	put_u32(o, (uint32_t)c->generic);
	put_u32(o, (uint32_t)c->exp);
	put_u32(o, (uint32_t)c->syn);
	put_u32(o, (uint32_t)c->pay);
}

/* Slot for slot, so that the map reads back exactly as it was. */
static void put_map(struct codec_out *o, const struct grader_map *m)
{
	put_u32(o, (uint32_t)m->cap);
	put_u32(o, (uint32_t)m->count);
	for (size_t i = 0; i < m->cap; i++) {
		if (m->keys[i] == NULL)
			continue;
		put_u32(o, (uint32_t)i);
		put_bytes(o, m->keys[i], m->lens[i]);
		put_i32(o, m->vals[i]);
	}
}

static void put_lexicon(struct codec_out *o, const struct grader_lexicon *lex)
{
	put_strvec(o, &lex->exp_from);
	put_strvec(o, &lex->exp_to);
	put_strvec(o, &lex->syn_member);
	put_strvec(o, &lex->syn_canon);
	put_strvec(o, &lex->stop);
	put_strvec(o, &lex->generic);
	put_strvec(o, &lex->whole);
	put_strvec(o, &lex->pay_pattern);
	put_strvec(o, &lex->pay_means);
	put_ints(o, lex->syn_group, (int)lex->syn_member.n);
	put_ints(o, lex->pay_captures, (int)lex->pay_pattern.n);
}

static void put_base(struct codec_out *o, const struct grader_lexbase *b)
{
	const struct grader_key *k = b->key;

	put_counts(o, &b->head);
	put_u32(o, (uint32_t)k->n_terms);
	for (size_t i = 0; i < k->n_terms; i++) {
		const struct grader_term *t = &k->terms[i];

		put_str(o, t->stem);
		put_str(o, t->surface);
		put(o, &t->idf, sizeof(t->idf));
		put_i32(o, t->df);
		put(o, &t->flags, 1);
		put(o, t->rule_len, 2);
	}
	put_u32(o, (uint32_t)k->n_rules);
	put_i32(o, k->max_rule_len);
	for (size_t i = 0; i < k->n_rules; i++) {
		const struct grader_rule *r = &k->rules[i];

		put_ints(o, r->from, r->n_from);
		put_ints(o, r->to, r->n_to);
		put_i32(o, r->split);
		put_i32(o, r->is_synonym);
	}
	put_map(o, &k->stem_ids);
	put_map(o, &k->raw_ids);
	put_map(o, &k->rules_by);
	put_strvec(o, &k->vocab);
	for (size_t i = 0; i < b->head.pay; i++) {
		put_ints(o, k->pay_to[i], k->pay_n_to[i]);
		put_str(o, k->pay_means[i]);
	}
}

int grader_lexicon_encode(const struct grader_lexicon *lex, unsigned char **out, size_t *len)
{
	struct codec_out o = { NULL, 0, 0, 0 };
	struct grader_lex_counts all;

	*out = NULL;
	*len = 0;
	if (lex == NULL || lex->has_head || lex->base == NULL)
		return GRADER_EINVALID;
	all = grader_lexicon_counts(lex);
	if (!grader_lex_counts_equal(&lex->base->head, &all))
		return GRADER_EINVALID;   /* entries added since it was prepared */
	put(&o, CODEC_MAGIC, sizeof(CODEC_MAGIC));
	put_u32(&o, CODEC_VERSION);
	put_lexicon(&o, lex);
	put_base(&o, lex->base);
	if (o.oom) {
		free(o.b);
		return GRADER_ENOMEM;
	}
	*out = o.b;
	*len = o.n;
	return GRADER_OK;
}

/* ==== Reading ================================================================== */

struct codec_in {
	const unsigned char *p;
	size_t n, at;
	int bad;    /* GRADER_OK, or why reading stopped */
};

static void fail(struct codec_in *in, int rc)
{
	if (in->bad == GRADER_OK)
		in->bad = rc;
}

static const unsigned char *take(struct codec_in *in, size_t n)
{
	const unsigned char *p;

	if (in->bad != GRADER_OK || in->n - in->at < n) {
		fail(in, GRADER_EINVALID);
		return NULL;
	}
	p = in->p + in->at;
	in->at += n;
	return p;
}

static uint32_t get_u32(struct codec_in *in)
{
	const unsigned char *p = take(in, sizeof(uint32_t));
	uint32_t v = 0;

	if (p != NULL)
		memcpy(&v, p, sizeof(v));
	return v;
}

static int get_i32(struct codec_in *in)
{
	const unsigned char *p = take(in, sizeof(int32_t));
	int32_t v = 0;

	if (p != NULL)
		memcpy(&v, p, sizeof(v));
	return v;
}

/* A count that the rest of the input could hold (each entry takes at least
 * min bytes) and at most limit; 0 after a failure. */
static size_t get_count(struct codec_in *in, size_t min, size_t limit)
{
	uint32_t n = get_u32(in);

	if (in->bad == GRADER_OK && (n > limit || (min > 0 && (in->n - in->at) / min < n)))
		fail(in, GRADER_EINVALID);
	return in->bad == GRADER_OK ? n : 0;
}

/* Length-prefixed bytes; *len set. text: no NUL inside (a C string). */
static const unsigned char *get_bytes(struct codec_in *in, size_t *len, int text)
{
	size_t n = get_count(in, 1, CODEC_MAX_COUNT);
	const unsigned char *p = take(in, n);

	*len = p != NULL ? n : 0;
	if (p != NULL && text && memchr(p, '\0', n) != NULL) {
		fail(in, GRADER_EINVALID);
		return NULL;
	}
	return p;
}

static char *get_pool_str(struct codec_in *in, struct grader_pool *pool)
{
	size_t n;
	const unsigned char *p = get_bytes(in, &n, 1);
	char *s;

	if (p == NULL)
		return NULL;
	s = grader_pool_strndup(pool, (const char *)p, n);
	if (s == NULL)
		fail(in, GRADER_ENOMEM);
	return s;
}

static void get_strvec(struct codec_in *in, struct grader_strvec *sv)
{
	size_t n = get_count(in, sizeof(uint32_t), CODEC_MAX_COUNT);

	for (size_t i = 0; i < n && in->bad == GRADER_OK; i++) {
		size_t len;
		const unsigned char *p = get_bytes(in, &len, 1);

		if (p != NULL && grader_strvec_push(sv, (const char *)p, len) != GRADER_OK)
			fail(in, GRADER_ENOMEM);
	}
}

/* ids each in [0, bound), at most max of them, into the pool; *n set. */
static int *get_ids(struct codec_in *in, struct grader_pool *pool, int *n, size_t max,
		    size_t bound)
{
	size_t count = get_count(in, sizeof(int32_t), max);
	int *v = grader_pool_alloc(pool, (count > 0 ? count : 1) * sizeof(int));

	*n = (int)count;
	if (v == NULL) {
		fail(in, GRADER_ENOMEM);
		return NULL;
	}
	for (size_t i = 0; i < count; i++) {
		v[i] = get_i32(in);
		if (v[i] < 0 || (size_t)v[i] >= bound)
			fail(in, GRADER_EINVALID);
	}
	return in->bad == GRADER_OK ? v : NULL;
}

static void get_counts(struct codec_in *in, struct grader_lex_counts *c)
{
	c->whole = get_u32(in);
	c->stop = get_u32(in);
	c->generic = get_u32(in);
	c->exp = get_u32(in);
	c->syn = get_u32(in);
	c->pay = get_u32(in);
}

static void get_lexicon(struct codec_in *in, struct grader_lexicon *lex)
{
	struct grader_pool scratch;
	int n = 0, *v;

	get_strvec(in, &lex->exp_from);
	get_strvec(in, &lex->exp_to);
	get_strvec(in, &lex->syn_member);
	get_strvec(in, &lex->syn_canon);
	get_strvec(in, &lex->stop);
	get_strvec(in, &lex->generic);
	get_strvec(in, &lex->whole);
	get_strvec(in, &lex->pay_pattern);
	get_strvec(in, &lex->pay_means);
	if (in->bad != GRADER_OK)
		return;
	if (lex->exp_from.n != lex->exp_to.n || lex->pay_pattern.n != lex->pay_means.n ||
	    lex->pay_pattern.n > GRADER_MAX_PAYLOADS) {
		fail(in, GRADER_EINVALID);
		return;
	}
	grader_pool_init(&scratch);
	v = get_ids(in, &scratch, &n, CODEC_MAX_COUNT, lex->syn_canon.n);
	if (v != NULL && (size_t)n == lex->syn_member.n && n > 0) {
		lex->syn_group = malloc((size_t)n * sizeof(int));
		if (lex->syn_group == NULL)
			fail(in, GRADER_ENOMEM);
		else
			memcpy(lex->syn_group, v, (size_t)n * sizeof(int));
		lex->syn_group_alloc = (size_t)n;
	} else if (v != NULL && (size_t)n != lex->syn_member.n) {
		fail(in, GRADER_EINVALID);
	}
	v = get_ids(in, &scratch, &n, GRADER_MAX_PAYLOADS, CODEC_MAX_CAPTURES + 1);
	if (v != NULL && (size_t)n == lex->pay_pattern.n)
		memcpy(lex->pay_captures, v, (size_t)n * sizeof(int));
	else if (v != NULL)
		fail(in, GRADER_EINVALID);
	grader_pool_release(&scratch);
}

static void get_terms(struct codec_in *in, struct grader_key *k)
{
	size_t n = get_count(in, 16, CODEC_MAX_COUNT);

	k->terms = calloc(n > 0 ? n : 1, sizeof(*k->terms));
	if (k->terms == NULL) {
		fail(in, GRADER_ENOMEM);
		return;
	}
	k->alloc_terms = n > 0 ? n : 1;
	for (size_t i = 0; i < n && in->bad == GRADER_OK; i++) {
		struct grader_term *t = &k->terms[i];
		const unsigned char *p;

		t->stem = get_pool_str(in, &k->pool);
		t->surface = get_pool_str(in, &k->pool);
		if ((p = take(in, sizeof(t->idf))) != NULL)
			memcpy(&t->idf, p, sizeof(t->idf));
		t->df = get_i32(in);
		if ((p = take(in, 3)) == NULL)
			break;
		t->flags = p[0];
		t->rule_len[0] = p[1];
		t->rule_len[1] = p[2];
		if (t->rule_len[0] > CODEC_RULE_MAX || t->rule_len[1] > CODEC_RULE_MAX)
			fail(in, GRADER_EINVALID);
		if (in->bad == GRADER_OK)
			k->n_terms++;
	}
}

static void get_rules(struct codec_in *in, struct grader_key *k)
{
	size_t n = get_count(in, 16, CODEC_MAX_COUNT);

	k->max_rule_len = get_i32(in);
	if (k->max_rule_len < 0 || k->max_rule_len > CODEC_RULE_MAX)
		fail(in, GRADER_EINVALID);
	k->rules = calloc(n > 0 ? n : 1, sizeof(*k->rules));
	if (k->rules == NULL) {
		fail(in, GRADER_ENOMEM);
		return;
	}
	k->alloc_rules = n > 0 ? n : 1;
	for (size_t i = 0; i < n && in->bad == GRADER_OK; i++) {
		struct grader_rule *r = &k->rules[i];

		r->from = get_ids(in, &k->pool, &r->n_from, CODEC_RULE_MAX, k->n_terms);
		r->to = get_ids(in, &k->pool, &r->n_to, CODEC_MAX_IDS, k->n_terms);
		r->split = get_i32(in);
		r->is_synonym = get_i32(in);
		/* compounds come from a key's texts: a lexicon has none */
		if (r->n_from < 1 || r->split != 0)
			fail(in, GRADER_EINVALID);
		if (in->bad == GRADER_OK)
			k->n_rules++;
	}
}

/* A map written slot for slot, values in [0, bound). Its shape is one that
 * grader_map_put leaves: a power of two from 64 slots, at least one free slot
 * in two (so that a lookup always ends), doubled only when half full (so that
 * its size follows from its entries, not from whatever a bad count says). */
static void get_map(struct codec_in *in, struct grader_map *m, size_t bound)
{
	size_t cap = get_u32(in), count = get_count(in, 12, CODEC_MAX_COUNT);

	if (in->bad != GRADER_OK || cap == 0) {
		if (cap != 0 || count != 0)
			fail(in, GRADER_EINVALID);
		return;
	}
	if ((cap & (cap - 1)) != 0 || cap < 64 || count > cap / 2 || cap > 4 * count + 64) {
		fail(in, GRADER_EINVALID);
		return;
	}
	m->keys = calloc(cap, sizeof(*m->keys));
	m->lens = calloc(cap, sizeof(*m->lens));
	m->vals = calloc(cap, sizeof(*m->vals));
	if (m->keys == NULL || m->lens == NULL || m->vals == NULL) {
		fail(in, GRADER_ENOMEM);
		return;
	}
	m->cap = cap;
	for (size_t i = 0; i < count && in->bad == GRADER_OK; i++) {
		size_t slot = get_u32(in), len;
		const unsigned char *p = get_bytes(in, &len, 0);
		int val = get_i32(in);

		if (in->bad != GRADER_OK || slot >= cap || m->keys[slot] != NULL || val < 0 ||
		    (size_t)val >= bound) {
			fail(in, GRADER_EINVALID);
			return;
		}
		m->keys[slot] = grader_pool_strndup(&m->pool, (const char *)p, len);
		if (m->keys[slot] == NULL) {
			fail(in, GRADER_ENOMEM);
			return;
		}
		m->lens[slot] = len;
		m->vals[slot] = val;
		m->count++;
	}
}

static void get_payload_meanings(struct codec_in *in, struct grader_lexbase *b)
{
	struct grader_key *k = b->key;

	for (size_t i = 0; i < b->head.pay && in->bad == GRADER_OK; i++) {
		k->pay_to[i] = get_ids(in, &k->pool, &k->pay_n_to[i], CODEC_MAX_IDS, k->n_terms);
		k->pay_means[i] = get_pool_str(in, &k->pool);
	}
}

static void get_base(struct codec_in *in, struct grader_lexbase *b,
		     const struct grader_lexicon *lex)
{
	struct grader_lex_counts all = grader_lexicon_counts(lex);

	get_counts(in, &b->head);
	if (in->bad == GRADER_OK && !grader_lex_counts_equal(&b->head, &all))
		fail(in, GRADER_EINVALID);
	get_terms(in, b->key);
	get_rules(in, b->key);
	get_map(in, &b->key->stem_ids, b->key->n_terms);
	get_map(in, &b->key->raw_ids, b->key->n_terms);
	get_map(in, &b->key->rules_by, b->key->n_rules);
	get_strvec(in, &b->key->vocab);
	get_payload_meanings(in, b);
}

static struct grader_lexbase *lexbase_new(void)
{
	struct grader_lexbase *b = calloc(1, sizeof(*b));

	if (b == NULL)
		return NULL;
	b->refs = 1;
	b->key = grader_key_new(NULL);
	if (b->key == NULL) {
		free(b);
		return NULL;
	}
	return b;
}

int grader_lexicon_decode(const unsigned char *buf, size_t len, struct grader_lexicon **out)
{
	struct codec_in in = { buf, len, 0, GRADER_OK };
	struct grader_lexicon *lex;
	const unsigned char *magic;

	*out = NULL;
	magic = take(&in, sizeof(CODEC_MAGIC));
	if (magic == NULL || memcmp(magic, CODEC_MAGIC, sizeof(CODEC_MAGIC)) != 0 ||
	    get_u32(&in) != CODEC_VERSION)
		return GRADER_EINVALID;
	lex = grader_lexicon_new();
	if (lex == NULL || (lex->base = lexbase_new()) == NULL) {
		grader_lexicon_free(lex);
		return GRADER_ENOMEM;
	}
	get_lexicon(&in, lex);
	get_base(&in, lex->base, lex);
	if (in.bad == GRADER_OK && in.at != in.n)
		fail(&in, GRADER_EINVALID);   /* bytes after the end */
	if (in.bad != GRADER_OK) {
		grader_lexicon_free(lex);
		return in.bad;
	}
	grader_lexbase_payloads(lex->base, lex);
	*out = lex;
	return GRADER_OK;
}
