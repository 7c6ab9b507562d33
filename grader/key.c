/*
 * key.c: answer keys (reference threats with aliases and patterns) and their
 * prepared features: stemmed terms, lexicon rules, per-threat documents,
 * inverted postings and IDF-like weights.
 */
#include <libstemmer.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grader_internal.h"

/* ==== Building ================================================================= */

struct grader_key *grader_key_new(const char *name)
{
	struct grader_key *key = calloc(1, sizeof(*key));

	if (key == NULL)
		return NULL;
	if (name != NULL) {
		key->name = grader_strdup(name);
		if (key->name == NULL) {
			free(key);
			return NULL;
		}
	}
	return key;
}

static void threat_release(struct grader_threat *t)
{
	free(t->id);
	free(t->title);
	free(t->description);
	free(t->asset);
	free(t->hint);
	grader_strvec_release(&t->aliases);
	grader_strvec_release(&t->mitigations);
	for (size_t i = 0; i < t->n_patterns; i++)
		grader_pattern_release(&t->patterns[i]);
	free(t->patterns);
	memset(t, 0, sizeof(*t));
}

static void features_release(struct grader_key *key)
{
	for (size_t i = 0; i < key->n_terms && key->postings != NULL; i++)
		free(key->postings[i]);
	free(key->terms);
	free(key->postings);
	free(key->n_postings);
	key->terms = NULL;
	key->postings = NULL;
	key->n_postings = NULL;
	key->n_terms = key->alloc_terms = 0;
	grader_map_release(&key->stem_ids);
	grader_map_release(&key->raw_ids);
	grader_map_release(&key->rules_by);
	grader_pool_release(&key->pool);
	grader_pattern_release(&key->own_payloads);
	key->payloads = NULL;
	grader_lexbase_unref(key->pay_base);
	key->pay_base = NULL;
	key->n_payloads = 0;
	key->pay_first_known = false;
	free(key->rules);
	key->rules = NULL;
	key->n_rules = key->alloc_rules = 0;
	key->max_rule_len = 0;
	grader_strvec_release(&key->vocab);
	free(key->vocab_term);
	free(key->vocab_len);
	free(key->vocab_letters);
	key->vocab_term = NULL;
	key->vocab_len = NULL;
	key->vocab_letters = NULL;
	free(key->docs);
	key->docs = NULL;
	key->n_docs = 0;
	free(key->doc_synonyms);
	key->doc_synonyms = NULL;
	key->n_doc_synonyms = key->alloc_doc_synonyms = 0;
	free(key->overrides);
	key->overrides = NULL;
	key->n_overrides = key->alloc_overrides = 0;
	key->prepared = 0;
}

void grader_key_free(struct grader_key *key)
{
	if (key == NULL)
		return;
	features_release(key);
	for (size_t i = 0; i < key->n_threats; i++)
		threat_release(&key->threats[i]);
	free(key->threats);
	grader_map_release(&key->threat_ids);
	free(key->name);
	free(key);
}

static int dup_opt(char **dst, const char *src)
{
	if (src == NULL)
		return GRADER_OK;
	*dst = grader_strdup(src);
	return *dst != NULL ? GRADER_OK : GRADER_ENOMEM;
}

static int fill_threat(struct grader_threat *t, const struct grader_threat_spec *spec,
		       struct grader_error *err)
{
	if (dup_opt(&t->id, spec->id) || dup_opt(&t->title, spec->title) ||
	    dup_opt(&t->description, spec->description) || dup_opt(&t->asset, spec->asset) ||
	    dup_opt(&t->hint, spec->hint))
		goto nomem;
	t->stride = spec->stride;
	t->severity = spec->severity;
	t->title_negates = grader_text_negates(t->title);
	for (size_t i = 0; i < spec->n_aliases; i++)
		if (spec->aliases[i] != NULL &&
		    grader_strvec_push(&t->aliases, spec->aliases[i], strlen(spec->aliases[i])))
			goto nomem;
	for (size_t i = 0; i < spec->n_mitigations; i++)
		if (spec->mitigations[i] != NULL &&
		    grader_strvec_push(&t->mitigations, spec->mitigations[i],
				       strlen(spec->mitigations[i])))
			goto nomem;
	if (spec->n_patterns > 0) {
		t->patterns = calloc(spec->n_patterns, sizeof(*t->patterns));
		if (t->patterns == NULL)
			goto nomem;
	}
	for (size_t i = 0; i < spec->n_patterns; i++) {
		int rc = grader_pattern_compile(spec->patterns[i], &t->patterns[i], err);

		if (rc != GRADER_OK) {
			if (err != NULL)
				err->index = i;
			return rc;
		}
		t->n_patterns++;
	}
	return GRADER_OK;
nomem:
	grader_error_set(err, GRADER_ENOMEM, 0, "out of memory");
	return GRADER_ENOMEM;
}

int grader_key_add_threat(struct grader_key *key, const struct grader_threat_spec *spec,
			  struct grader_error *err)
{
	struct grader_threat t;
	int rc;

	if (key == NULL || spec == NULL || grader_is_blank(spec->id) || grader_is_blank(spec->title)) {
		grader_error_set(err, GRADER_EINVALID, 0, "a threat needs an id and a title");
		return GRADER_EINVALID;
	}
	if ((spec->stride & GRADER_STRIDE_ALL) == 0 || (spec->stride & ~GRADER_STRIDE_ALL)) {
		grader_error_set(err, GRADER_EINVALID, 0, "a threat needs at least one stride category");
		return GRADER_EINVALID;
	}
	if (grader_severity_name(spec->severity) == NULL) {
		grader_error_set(err, GRADER_EINVALID, 0, "a threat needs a severity");
		return GRADER_EINVALID;
	}
	if (grader_key_find(key, spec->id) >= 0) {
		char msg[200];

		snprintf(msg, sizeof(msg), "duplicate threat id '%.100s'", spec->id);
		grader_error_set(err, GRADER_EINVALID, 0, msg);
		return GRADER_EINVALID;
	}
	if (key->n_threats == key->alloc_threats) {
		size_t na = key->alloc_threats ? key->alloc_threats * 2 : 16;
		struct grader_threat *nt = realloc(key->threats, na * sizeof(*nt));

		if (nt == NULL) {
			grader_error_set(err, GRADER_ENOMEM, 0, "out of memory");
			return GRADER_ENOMEM;
		}
		key->threats = nt;
		key->alloc_threats = na;
	}
	memset(&t, 0, sizeof(t));
	rc = fill_threat(&t, spec, err);
	if (rc == GRADER_OK &&
	    grader_map_put(&key->threat_ids, t.id, strlen(t.id), (int)key->n_threats) != GRADER_OK) {
		grader_error_set(err, GRADER_ENOMEM, 0, "out of memory");
		rc = GRADER_ENOMEM;
	}
	if (rc != GRADER_OK) {
		threat_release(&t);
		return rc;
	}
	key->threats[key->n_threats++] = t;
	key->prepared = 0;
	return GRADER_OK;
}

/* ==== Accessors ================================================================ */

const char *grader_key_name(const struct grader_key *key)
{
	return key != NULL ? key->name : NULL;
}

int grader_key_from_text(const struct grader_lexicon *lex, const char *text,
			 struct grader_key **out)
{
	struct grader_threat_spec spec;
	struct grader_key *key = grader_key_new(NULL);
	int rc;

	*out = NULL;
	if (key == NULL)
		return GRADER_ENOMEM;
	memset(&spec, 0, sizeof(spec));
	spec.id = "answer";
	spec.title = text;
	spec.stride = GRADER_STRIDE_S;
	spec.severity = GRADER_SEV_LOW;
	rc = grader_key_add_threat(key, &spec, NULL);
	if (rc == GRADER_OK)
		rc = grader_key_prepare(key, lex);
	if (rc != GRADER_OK) {
		grader_key_free(key);
		return rc == GRADER_ENOMEM ? GRADER_ENOMEM : GRADER_EINVALID;
	}
	*out = key;
	return GRADER_OK;
}

size_t grader_key_title_words(const struct grader_key *key, size_t t)
{
	if (key == NULL || t >= key->n_threats || !key->prepared)
		return 0;
	return (size_t)key->docs[key->threats[t].doc].n_core;
}

size_t grader_key_override_count(const struct grader_key *key)
{
	return key != NULL ? key->n_overrides : 0;
}

const struct grader_override *grader_key_override_at(const struct grader_key *key, size_t i)
{
	return key != NULL && i < key->n_overrides ? &key->overrides[i].pub : NULL;
}

size_t grader_key_threat_count(const struct grader_key *key)
{
	return key != NULL ? key->n_threats : 0;
}

long grader_key_find(const struct grader_key *key, const char *id)
{
	if (key == NULL || id == NULL)
		return -1;
	return grader_map_get(&key->threat_ids, id, strlen(id));
}

static const struct grader_threat *threat_at(const struct grader_key *key, size_t i)
{
	return key != NULL && i < key->n_threats ? &key->threats[i] : NULL;
}

#define THREAT_FIELD(fn, field, type, none)                                        \
	type fn(const struct grader_key *key, size_t i)                            \
	{                                                                          \
		const struct grader_threat *t = threat_at(key, i);                 \
		return t != NULL ? t->field : none;                                \
	}

THREAT_FIELD(grader_threat_id, id, const char *, NULL)
THREAT_FIELD(grader_threat_title, title, const char *, NULL)
THREAT_FIELD(grader_threat_description, description, const char *, NULL)
THREAT_FIELD(grader_threat_stride, stride, unsigned, 0)
THREAT_FIELD(grader_threat_severity, severity, enum grader_severity, GRADER_SEV_NONE)
THREAT_FIELD(grader_threat_hint, hint, const char *, NULL)
THREAT_FIELD(grader_threat_asset, asset, const char *, NULL)
THREAT_FIELD(grader_threat_alias_count, aliases.n, size_t, 0)
THREAT_FIELD(grader_threat_pattern_count, n_patterns, size_t, 0)
THREAT_FIELD(grader_threat_mitigation_count, mitigations.n, size_t, 0)

const char *grader_threat_alias(const struct grader_key *key, size_t i, size_t j)
{
	const struct grader_threat *t = threat_at(key, i);

	return t != NULL && j < t->aliases.n ? t->aliases.v[j] : NULL;
}

const char *grader_threat_pattern(const struct grader_key *key, size_t i, size_t j)
{
	const struct grader_threat *t = threat_at(key, i);

	return t != NULL && j < t->n_patterns ? t->patterns[j].source : NULL;
}

int grader_threat_pattern_match(const struct grader_key *key, size_t i, size_t j,
				const char *text)
{
	const struct grader_threat *t = threat_at(key, i);
	int rc;

	if (t == NULL || j >= t->n_patterns)
		return -1;
	rc = grader_pattern_exec(&t->patterns[j], text, text != NULL ? strlen(text) : 0);
	if (rc == GRADER_PATTERN_NOMEM)
		return GRADER_MATCH_NOMEM;
	return rc == 1 ? 1 : 0;   /* a limit hit counts as no match */
}

const char *grader_threat_mitigation(const struct grader_key *key, size_t i, size_t j)
{
	const struct grader_threat *t = threat_at(key, i);

	return t != NULL && j < t->mitigations.n ? t->mitigations.v[j] : NULL;
}

/* ==== Preparing: terms ========================================================= */

/* Interns a stem; returns its term id or -1 on ENOMEM. */
static int intern_stem(struct grader_key *key, const char *stem, size_t len, const char *raw)
{
	int id = grader_map_get(&key->stem_ids, stem, len);
	struct grader_term *t;

	if (id >= 0)
		return id;
	if (key->n_terms == key->alloc_terms) {
		size_t na = key->alloc_terms ? key->alloc_terms * 2 : 256;
		struct grader_term *nt = realloc(key->terms, na * sizeof(*nt));

		if (nt == NULL)
			return -1;
		key->terms = nt;
		key->alloc_terms = na;
	}
	t = &key->terms[key->n_terms];
	memset(t, 0, sizeof(*t));
	t->stem = grader_pool_strndup(&key->pool, stem, len);
	t->surface = grader_pool_strndup(&key->pool, raw, strlen(raw));
	if (t->stem == NULL || t->surface == NULL)
		return -1;
	id = (int)key->n_terms;
	if (grader_map_put(&key->stem_ids, stem, len, id) != GRADER_OK)
		return -1;
	key->n_terms++;
	return id;
}

struct intern_state {
	struct grader_key *key;
	struct grader_ctx *ctx;
	int *seq;
	int n, alloc;
	int vocab;    /* add raw words to the typo vocabulary */
	int oom;
	/* reading a clone's own entries: the first rule they add (rules before it
	 * are the extended lexicon's); -1 otherwise */
	long own_rules;
};

static int intern_word(const char *w, size_t len, void *arg)
{
	struct intern_state *s = arg;
	char stem[GRADER_WORD_MAX + 1];
	size_t sl;
	int id = grader_map_get(&s->key->raw_ids, w, len);

	if (id < 0) {
		sl = grader_ctx_stem(s->ctx, w, len, stem);
		id = intern_stem(s->key, stem, sl, w);
		if (id < 0 || grader_map_put(&s->key->raw_ids, w, len, id) != GRADER_OK) {
			s->oom = 1;
			return 1;
		}
		if (s->vocab && len >= 4 &&
		    grader_strvec_push(&s->key->vocab, w, len) != GRADER_OK) {
			s->oom = 1;
			return 1;
		}
	}
	if (s->n == s->alloc) {
		int na = s->alloc ? s->alloc * 2 : 16;
		int *ns = realloc(s->seq, (size_t)na * sizeof(int));

		if (ns == NULL) {
			s->oom = 1;
			return 1;
		}
		s->seq = ns;
		s->alloc = na;
	}
	s->seq[s->n++] = id;
	return 0;
}

/* Interns every word of text; leaves the id sequence in s->seq (s->n). */
static int intern_text(struct intern_state *s, const char *text)
{
	s->n = 0;
	if (text == NULL)
		return GRADER_OK;
	grader_words(text, strlen(text), intern_word, s);
	return s->oom ? GRADER_ENOMEM : GRADER_OK;
}

/* The rule of that kind for the sequence from[0..nf) (nf <= 16), or -1. */
static int rule_find(const struct grader_key *key, const int *from, int nf, int is_synonym)
{
	unsigned char keybuf[1 + 16 * sizeof(int)];

	keybuf[0] = is_synonym ? 'S' : 'E';
	memcpy(keybuf + 1, from, (size_t)nf * sizeof(int));
	return grader_map_get(&key->rules_by, keybuf, 1 + (size_t)nf * sizeof(int));
}

/* Whether a[0..na) and b[0..nb) are one sequence. */
static bool same_seq(const int *a, int na, const int *b, int nb)
{
	return na == nb && memcmp(a, b, (size_t)na * sizeof(int)) == 0;
}

/* The surfaces of terms ids[0..n), joined with blanks, in the key's pool. */
static const char *terms_text(struct grader_key *key, const int *ids, int n)
{
	size_t len = 0;
	char *out, *p;

	for (int i = 0; i < n; i++)
		len += strlen(key->terms[ids[i]].surface) + 1;
	out = grader_pool_alloc(&key->pool, len + 1);
	if (out == NULL)
		return NULL;
	p = out;
	for (int i = 0; i < n; i++) {
		size_t w = strlen(key->terms[ids[i]].surface);

		if (i > 0)
			*p++ = ' ';
		memcpy(p, key->terms[ids[i]].surface, w);
		p += w;
	}
	*p = '\0';
	return out;
}

/*
 * Notes an override when the clone's own entry (index entry of its kind) is
 * about to read from[0..nf) as to[0..nt) where a rule of the same kind reads
 * it otherwise (see struct grader_override).
 */
static int note_override(struct grader_key *key, const struct intern_state *s, const int *from,
			 int nf, const int *to, int nt, int is_synonym, size_t entry)
{
	int ri = rule_find(key, from, nf, is_synonym);
	const struct grader_rule *old;
	struct grader_override_note *o;

	if (ri < 0)
		return GRADER_OK;
	old = &key->rules[ri];
	if (same_seq(old->to, old->n_to, to, nt) || same_seq(from, nf, to, nt))
		return GRADER_OK;
	if (key->n_overrides == key->alloc_overrides) {
		size_t na = key->alloc_overrides ? key->alloc_overrides * 2 : 4;
		struct grader_override_note *no = realloc(key->overrides, na * sizeof(*no));

		if (no == NULL)
			return GRADER_ENOMEM;
		key->overrides = no;
		key->alloc_overrides = na;
	}
	o = &key->overrides[key->n_overrides];
	o->pub.synonym = is_synonym;
	o->pub.entry = entry;
	o->pub.earlier = ri >= s->own_rules;
	o->pub.was = terms_text(key, old->to, old->n_to);
	o->old_to = old->to;   /* the pool keeps rules' sequences */
	o->n_old = old->n_to;
	o->new_to = grader_pool_alloc(&key->pool, (size_t)(nt > 0 ? nt : 1) * sizeof(int));
	if (o->pub.was == NULL || o->new_to == NULL)
		return GRADER_ENOMEM;
	memcpy(o->new_to, to, (size_t)nt * sizeof(int));
	o->n_new = nt;
	key->n_overrides++;
	return GRADER_OK;
}

/* Whether a rule of the prepared key reads from[0..nf) as to[0..nt). */
static bool reads_as(const struct grader_key *key, const int *from, int nf, const int *to, int nt)
{
	for (int syn = 0; syn < 2 && nf <= 16; syn++) {
		int ri = rule_find(key, from, nf, syn);

		if (ri >= 0 && same_seq(key->rules[ri].to, key->rules[ri].n_to, to, nt))
			return true;
	}
	return false;
}

/* Whether the key's threats use every word of ids[0..n) that is no stop word. */
static bool key_uses(const struct grader_key *key, const int *ids, int n)
{
	for (int i = 0; i < n; i++)
		if (!(key->terms[ids[i]].flags & TERM_STOP) && key->terms[ids[i]].df == 0)
			return false;
	return true;
}

/*
 * Keeps the overrides that can cost a learner a match in this key: the old
 * reading is words the key's threats use, and neither reading leads to the
 * other ("cvc: cvv" where "cvv" still reads as the old "card verification
 * code"; a group the old reading's own words join too).
 */
static void settle_overrides(struct grader_key *key)
{
	size_t kept = 0;

	for (size_t i = 0; i < key->n_overrides; i++) {
		const struct grader_override_note *o = &key->overrides[i];
		bool joined = reads_as(key, o->old_to, o->n_old, o->new_to, o->n_new) ||
			      reads_as(key, o->new_to, o->n_new, o->old_to, o->n_old);

		if (o->pub.earlier || (!joined && key_uses(key, o->old_to, o->n_old)))
			key->overrides[kept++] = *o;
	}
	key->n_overrides = kept;
}

/*
 * Adds the rule from[0..nf) -> to[0..nt) (copied). mech marks its words as
 * security vocabulary. An identity rule is ignored; a sequence that already has
 * a rule of the same kind keeps the newer one.
 */
static int add_rule_ids(struct grader_key *key, const int *from, int nf, const int *to, int nt,
			int is_synonym, int mech)
{
	struct grader_rule r;
	unsigned char keybuf[1 + 16 * sizeof(int)];
	int ri;

	if (nf == 0 || nf > 16 || (nf == nt && memcmp(from, to, (size_t)nt * sizeof(int)) == 0))
		return GRADER_OK;
	memset(&r, 0, sizeof(r));
	r.n_from = nf;
	r.n_to = nt;
	r.from = grader_pool_alloc(&key->pool, (size_t)nf * sizeof(int));
	r.to = grader_pool_alloc(&key->pool, (size_t)(nt > 0 ? nt : 1) * sizeof(int));
	if (r.from == NULL || r.to == NULL)
		return GRADER_ENOMEM;
	memcpy(r.from, from, (size_t)nf * sizeof(int));
	memcpy(r.to, to, (size_t)nt * sizeof(int));
	r.is_synonym = is_synonym;
	/* one-word members, and the head (last word) of the canonical form: the
	 * attack in "sql injection", not "sql"; "remote code execution" makes no
	 * "code", "exhaustive search" no "search" */
	if (mech && nf == 1)
		key->terms[from[0]].flags |= TERM_MECH;
	if (mech && nt > 0)
		key->terms[to[nt - 1]].flags |= TERM_MECH;
	if (key->n_rules == key->alloc_rules) {
		size_t na = key->alloc_rules ? key->alloc_rules * 2 : 64;
		struct grader_rule *nr = realloc(key->rules, na * sizeof(*nr));

		if (nr == NULL)
			return GRADER_ENOMEM;
		key->rules = nr;
		key->alloc_rules = na;
	}
	keybuf[0] = is_synonym ? 'S' : 'E';
	memcpy(keybuf + 1, from, (size_t)nf * sizeof(int));
	ri = (int)key->n_rules;
	if (grader_map_put(&key->rules_by, keybuf, 1 + (size_t)nf * sizeof(int), ri))
		return GRADER_ENOMEM;
	if (key->terms[from[0]].rule_len[is_synonym ? 1 : 0] < nf)
		key->terms[from[0]].rule_len[is_synonym ? 1 : 0] = (unsigned char)nf;
	key->rules[key->n_rules++] = r;
	if (nf > key->max_rule_len)
		key->max_rule_len = nf;
	return GRADER_OK;
}

/* Adds the rule of the lexicon entry from -> to; entry: its index of its kind
 * among a clone's own entries (s->own_rules >= 0), for note_override. */
static int add_rule(struct grader_key *key, struct intern_state *s, const char *from,
		    const char *to, int is_synonym, size_t entry)
{
	int from_ids[16], n_from;

	if (intern_text(s, from) != GRADER_OK)
		return GRADER_ENOMEM;
	if (s->n == 0 || s->n > 16)
		return GRADER_OK;   /* nothing to match, or absurdly long: ignored */
	n_from = s->n;
	memcpy(from_ids, s->seq, (size_t)n_from * sizeof(int));
	if (intern_text(s, to) != GRADER_OK)
		return GRADER_ENOMEM;
	if (s->own_rules >= 0 &&
	    note_override(key, s, from_ids, n_from, s->seq, s->n, is_synonym, entry) != GRADER_OK)
		return GRADER_ENOMEM;
	return add_rule_ids(key, from_ids, n_from, s->seq, s->n, is_synonym, is_synonym);
}

/* The raw words of one of the key's texts, as grader_words splits it (one
 * per term of its interned sequence, in order). */
#define COMPOUND_WORDS 256
struct raw_words {
	char (*w)[GRADER_WORD_MAX + 1];   /* COMPOUND_WORDS of them */
	size_t n;
};

static int keep_raw_word(const char *w, size_t len, void *arg)
{
	struct raw_words *rw = arg;

	if (rw->n == COMPOUND_WORDS)
		return 1;
	memcpy(rw->w[rw->n], w, len);
	rw->w[rw->n++][len] = '\0';
	return 0;
}

/*
 * Learners write "filename" for "file name" and "file name" for "filename".
 * For each pair of adjacent words of the key's text, the joined word is read as
 * the pair (when the joined word is not a word of the key already). The words
 * are joined as the key writes them, whatever word first gave their terms.
 */
static int add_compounds(struct grader_key *key, const char *text, const int *seq, int n,
			 struct raw_words *rw)
{
	rw->n = 0;
	if (text != NULL)
		grader_words(text, strlen(text), keep_raw_word, rw);
	if (rw->n < (size_t)n)
		n = (int)rw->n;   /* the same split gave seq: a bound on rw, all the same */
	for (int i = 0; i + 1 < n; i++) {
		const struct grader_term *a = &key->terms[seq[i]], *b = &key->terms[seq[i + 1]];
		char joined[2 * GRADER_WORD_MAX + 2];
		size_t la = strlen(rw->w[i]), lb = strlen(rw->w[i + 1]);
		int id;
		unsigned char keybuf[1 + sizeof(int)];

		if ((a->flags | b->flags) & TERM_STOP || la < 3 || lb < 3 ||
		    la + lb > GRADER_WORD_MAX)
			continue;
		memcpy(joined, rw->w[i], la);
		memcpy(joined + la, rw->w[i + 1], lb);
		joined[la + lb] = '\0';
		if (grader_map_get(&key->raw_ids, joined, la + lb) >= 0 ||
		    grader_map_get(&key->stem_ids, joined, la + lb) >= 0)
			continue;
		/* no stemming here (it is the costly part of preparing a key): the
		 * joined word and its plural are looked up as they are written */
		id = intern_stem(key, joined, la + lb, joined);
		if (id < 0 || grader_map_put(&key->raw_ids, joined, la + lb, id) != GRADER_OK)
			return GRADER_ENOMEM;
		joined[la + lb] = 's';
		joined[la + lb + 1] = '\0';
		if (grader_map_get(&key->raw_ids, joined, la + lb + 1) < 0 &&
		    grader_map_put(&key->raw_ids, joined, la + lb + 1, id) != GRADER_OK)
			return GRADER_ENOMEM;
		keybuf[0] = 'E';
		memcpy(keybuf + 1, &id, sizeof(int));
		if (grader_map_get(&key->rules_by, keybuf, sizeof(keybuf)) >= 0)
			continue;
		size_t before = key->n_rules;
		if (add_rule_ids(key, &id, 1, &seq[i], 2, 0, 0) != GRADER_OK)
			return GRADER_ENOMEM;
		if (key->n_rules > before)   /* the note shows the key's own two words */
			key->rules[key->n_rules - 1].split = (int)la;
	}
	return GRADER_OK;
}

/*
 * Interns a word the lexicon keeps whole, and its plural in -s, as a term of
 * its own, before anything is stemmed: every later reading of the raw word,
 * in the key or in a line, finds it in raw_ids and never reaches Snowball.
 * Called by grader_words, so the word is lowercased and split as lines are.
 */
static int intern_whole(const char *word, size_t len, void *arg)
{
	struct intern_state *s = arg;
	struct grader_key *key = s->key;
	char w[GRADER_WORD_MAX + 2];
	int id;

	if (len == 0 || len >= GRADER_WORD_MAX || grader_map_get(&key->raw_ids, word, len) >= 0)
		return 0;
	memcpy(w, word, len);
	w[len] = '\0';
	id = intern_stem(key, w, len, w);
	if (id >= 0)
		key->terms[id].flags |= TERM_WHOLE;
	if (id < 0 || grader_map_put(&key->raw_ids, w, len, id) != GRADER_OK ||
	    (len >= 4 && grader_strvec_push(&key->vocab, w, len) != GRADER_OK))
		goto oom;
	w[len] = 's';
	w[len + 1] = '\0';
	if (grader_map_get(&key->raw_ids, w, len + 1) < 0 &&
	    grader_map_put(&key->raw_ids, w, len + 1, id) != GRADER_OK)
		goto oom;
	return 0;
oom:
	s->oom = 1;
	return 1;
}

/* Room for each payload pattern in the alternation: "|(" and ")". */
#define PAYLOAD_WRAP 3

/* Interns what payload i means; keeps its ids and text in the pool. */
static int intern_payload(struct grader_key *key, struct intern_state *s, const char *means,
			  size_t i)
{
	if (intern_text(s, means) != GRADER_OK)
		return GRADER_ENOMEM;
	key->pay_to[i] = grader_pool_alloc(&key->pool, (size_t)(s->n > 0 ? s->n : 1) * sizeof(int));
	key->pay_means[i] = grader_pool_strndup(&key->pool, means, strlen(means));
	if (key->pay_to[i] == NULL || key->pay_means[i] == NULL)
		return GRADER_ENOMEM;
	memcpy(key->pay_to[i], s->seq, (size_t)s->n * sizeof(int));
	/* no mechanism marking here: the words go through the lexicon's groups
	 * like the line's own ("cross site scripting" becomes "xss"), and those
	 * mark their canonical words */
	key->pay_n_to[i] = s->n;
	return GRADER_OK;
}

/*
 * Compiles the first n payload patterns of lex as one alternation
 * "(p0)|(p1)|...", so that a line is scanned once whatever their number, into
 * *out (owned by the caller); group[i] is the capture group of pattern i (each
 * pattern's own groups come after it).
 */
static int compile_payloads(const struct grader_lexicon *lex, size_t n, int *group,
			    struct grader_pattern *out)
{
	size_t size = 1;
	struct grader_sbuf b;
	char *alt;
	int next = 1, rc;

	for (size_t i = 0; i < n; i++)
		size += strlen(lex->pay_pattern.v[i]) + PAYLOAD_WRAP;
	alt = malloc(size);
	if (alt == NULL)
		return GRADER_ENOMEM;
	grader_sbuf_init(&b, alt, size);
	for (size_t i = 0; i < n; i++) {
		group[i] = next;
		next += 1 + lex->pay_captures[i];
		grader_sbuf_add(&b, i > 0 ? "|(" : "(");
		grader_sbuf_add(&b, lex->pay_pattern.v[i]);
		grader_sbuf_add(&b, ")");
	}
	/* every pattern compiled alone when it was added: the alternation can only
	 * fail for want of memory */
	rc = grader_pattern_compile_within(alt, size, GRADER_PATTERN_MAX_NEST + 1,
					   GRADER_PATTERN_BYTES, out, NULL);
	free(alt);
	return rc;
}

/*
 * The lexicon's payload patterns as the key scans lines for them: the
 * alternation its prepared lexicon compiled (and JIT-compiled) once for all
 * its keys when the key has no payloads of its own (shared: the key holds a
 * reference to it), else one compiled for the key alone. No JIT for that
 * one here: it costs more than one submission's scan (grader_key_jit).
 */
static int load_payloads(struct grader_key *key, const struct grader_lexicon *lex)
{
	size_t n = lex != NULL ? lex->pay_pattern.n : 0;
	const struct grader_lexbase *base = lex != NULL ? lex->base : NULL;
	int rc;

	if (n == 0)
		return GRADER_OK;
	if (base != NULL && base->head.pay == n && base->key->payloads != NULL) {
		memcpy(key->pay_group, base->key->pay_group, n * sizeof(int));
		key->payloads = base->key->payloads;
		key->pay_base = grader_lexbase_ref(lex->base);
	} else {
		rc = compile_payloads(lex, n, key->pay_group, &key->own_payloads);
		if (rc != GRADER_OK)
			return rc;
		key->payloads = &key->own_payloads;
	}
	key->n_payloads = n;
	key->pay_first_known = grader_pattern_first_bytes(key->payloads, key->pay_first);
	return GRADER_OK;
}

static int intern_negations(struct grader_key *key, struct intern_state *s)
{
	for (size_t i = 0; grader_negations[i] != NULL; i++) {
		if (intern_text(s, grader_negations[i]) != GRADER_OK)
			return GRADER_ENOMEM;
		/* the plain negations, not the negative adjectives (unsigned, weak) */
		if (s->n == 1 && i < GRADER_PLAIN_NEGATIONS)
			key->terms[s->seq[0]].flags |= TERM_NEG;
	}
	return GRADER_OK;
}

/*
 * Reads the entries of lex from [from] up to [to] of each kind, in the order
 * every key reads them: words kept whole (before anything is stemmed), stop
 * words, generic words, expansions, synonym groups, what payloads mean.
 */
static int load_lexicon_range(struct grader_key *key, struct intern_state *s,
			      const struct grader_lexicon *lex,
			      const struct grader_lex_counts *from,
			      const struct grader_lex_counts *to)
{
	for (size_t i = from->whole; i < to->whole; i++) {
		grader_words(lex->whole.v[i], strlen(lex->whole.v[i]), intern_whole, s);
		if (s->oom)
			return GRADER_ENOMEM;
	}
	for (size_t i = from->stop; i < to->stop; i++) {
		if (intern_text(s, lex->stop.v[i]) != GRADER_OK)
			return GRADER_ENOMEM;
		if (s->n == 1)
			key->terms[s->seq[0]].flags |= TERM_STOP;
	}
	for (size_t i = from->generic; i < to->generic; i++) {
		if (intern_text(s, lex->generic.v[i]) != GRADER_OK)
			return GRADER_ENOMEM;
		for (int j = 0; j < s->n; j++)
			key->terms[s->seq[j]].flags |= TERM_GENERIC;
	}
	for (size_t i = from->exp; i < to->exp; i++)
		if (add_rule(key, s, lex->exp_from.v[i], lex->exp_to.v[i], 0, i - from->exp) !=
		    GRADER_OK)
			return GRADER_ENOMEM;
	for (size_t i = from->syn; i < to->syn; i++)
		if (add_rule(key, s, lex->syn_member.v[i], lex->syn_canon.v[lex->syn_group[i]], 1,
			     i - from->syn) != GRADER_OK)
			return GRADER_ENOMEM;
	for (size_t i = from->pay; i < to->pay; i++)
		if (intern_payload(key, s, lex->pay_means.v[i], i) != GRADER_OK)
			return GRADER_ENOMEM;
	return GRADER_OK;
}

/*
 * What a key reads before its own text: the negations, then the lexicon's
 * head (all of it, or for a key's extension what it extends: see
 * grader_lexicon_head) as a prepared lexicon holds it (copied, the cheap way)
 * or read now, then the rest of the lexicon, then the payload patterns.
 */
static int load_lexicon(struct grader_key *key, struct intern_state *s,
			const struct grader_lexicon *lex)
{
	const struct grader_lex_counts none = { 0, 0, 0, 0, 0, 0 };
	struct grader_lex_counts head = grader_lexicon_head(lex), all = grader_lexicon_counts(lex);
	int rc;

	if (lex != NULL && lex->base != NULL && grader_lex_counts_equal(&lex->base->head, &head))
		rc = grader_lexbase_copy_into(lex->base, key);
	else if ((rc = intern_negations(key, s)) == GRADER_OK && lex != NULL)
		rc = load_lexicon_range(key, s, lex, &none, &head);
	/* a clone's own entries: noted where they change the head's reading */
	if (lex != NULL && lex->has_head)
		s->own_rules = (long)key->n_rules;
	if (rc == GRADER_OK && lex != NULL)
		rc = load_lexicon_range(key, s, lex, &head, &all);
	s->own_rules = -1;
	return rc == GRADER_OK ? load_payloads(key, lex) : rc;
}

/* ==== Preparing: mechanism words =============================================== */

static int has_suffix(const char *w, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return len >= n + 3 && memcmp(w + len - n, suffix, n) == 0;
}

/* In a title, past participles and -able adjectives say what goes wrong
 * ("stored", "exposed", "guessable"); nouns mostly name the asset. */
static int mark_verb_form(const char *w, size_t len, void *arg)
{
	struct grader_key *key = arg;
	int id;

	/* not -ing: "billing", "logging", "scripting" name things as often as
	 * they name what goes wrong (the lexicon knows "flooding", "spoofing") */
	if (!has_suffix(w, len, "ed") && !has_suffix(w, len, "able") &&
	    !has_suffix(w, len, "ible") && !has_suffix(w, len, "less"))
		return 0;
	id = grader_map_get(&key->raw_ids, w, len);
	if (id >= 0 && !(key->terms[id].flags & (TERM_STOP | TERM_GENERIC)))
		key->terms[id].flags |= TERM_MECH;
	return 0;
}

static void mark_mechanisms(struct grader_key *key)
{
	for (size_t i = 0; i < key->n_threats; i++) {
		const struct grader_threat *t = &key->threats[i];

		grader_words(t->title, strlen(t->title), mark_verb_form, key);
	}
}

/* ==== Preparing: documents and postings ======================================== */

static int add_posting(struct grader_key *key, int term, int doc, unsigned char field,
		       size_t *alloc)
{
	size_t n = key->n_postings[term];

	for (size_t i = 0; i < n; i++)
		if (key->postings[term][i].doc == doc) {
			key->postings[term][i].field |= field;
			return GRADER_OK;
		}
	if (n == alloc[term]) {
		size_t na = n ? n * 2 : 4;
		struct grader_posting *np = realloc(key->postings[term], na * sizeof(*np));

		if (np == NULL)
			return GRADER_ENOMEM;
		key->postings[term] = np;
		alloc[term] = na;
	}
	key->postings[term][n].doc = doc;
	key->postings[term][n].field = field;
	key->n_postings[term] = n + 1;
	return GRADER_OK;
}

enum { FIELD_CORE = 1, FIELD_DESC = 2, FIELD_ASSET = 4 };

static int add_doc_synonym(struct grader_key *key, int doc, int term,
			   const struct grader_note *n)
{
	struct grader_doc_synonym *s;

	if (key->n_doc_synonyms == key->alloc_doc_synonyms) {
		size_t na = key->alloc_doc_synonyms ? 2 * key->alloc_doc_synonyms : 32;

		s = realloc(key->doc_synonyms, na * sizeof(*s));
		if (s == NULL)
			return GRADER_ENOMEM;
		key->doc_synonyms = s;
		key->alloc_doc_synonyms = na;
	}
	s = &key->doc_synonyms[key->n_doc_synonyms];
	s->doc = doc;
	s->term = term;
	s->rule = n->rule;
	s->words = grader_pool_strndup(&key->pool, n->text, n->from_len);
	if (s->words == NULL)
		return GRADER_ENOMEM;
	key->n_doc_synonyms++;
	return GRADER_OK;
}

/* Keeps, from the notes of the text just analyzed, the words that reached each
 * synonym group term ("another customer ~ cross tenant"). */
static int keep_doc_synonyms(struct grader_key *key, const struct grader_ctx *c, int doc)
{
	for (int k = 0; k < c->n_notes; k++) {
		const struct grader_note *n = &c->notes[k];

		for (int j = 0; n->kind == NOTE_SYNONYM && j < n->n_terms; j++)
			if (add_doc_synonym(key, doc, n->terms[j], n) != GRADER_OK)
				return GRADER_ENOMEM;
	}
	return GRADER_OK;
}

/* Analyzes text and posts its terms into doc with field bits. */
static int post_text(struct grader_key *key, struct grader_ctx *c, const char *text, int doc,
		     unsigned char field, size_t *alloc)
{
	if (text == NULL)
		return GRADER_OK;
	if (grader_ctx_analyze(c, text, strlen(text), 1) != GRADER_OK)
		return GRADER_ENOMEM;
	for (size_t i = 0; i < c->n_ids; i++)
		if (add_posting(key, c->ids[i], doc, field, alloc) != GRADER_OK)
			return GRADER_ENOMEM;
	return keep_doc_synonyms(key, c, doc);
}

static int build_docs(struct grader_key *key, struct grader_ctx *c)
{
	size_t n_docs = 0, *alloc = NULL;
	int rc = GRADER_ENOMEM;

	for (size_t i = 0; i < key->n_threats; i++)
		n_docs += 1 + key->threats[i].aliases.n;
	key->docs = calloc(n_docs ? n_docs : 1, sizeof(*key->docs));
	key->postings = calloc(key->n_terms ? key->n_terms : 1, sizeof(*key->postings));
	key->n_postings = calloc(key->n_terms ? key->n_terms : 1, sizeof(*key->n_postings));
	alloc = calloc(key->n_terms ? key->n_terms : 1, sizeof(*alloc));
	if (key->docs == NULL || key->postings == NULL || key->n_postings == NULL || alloc == NULL)
		goto cleanup;
	for (size_t i = 0; i < key->n_threats; i++) {
		const struct grader_threat *t = &key->threats[i];
		int d = (int)key->n_docs++;

		key->docs[d].threat = (int)i;
		key->docs[d].alias = -1;
		key->threats[i].doc = d;
		if (post_text(key, c, t->title, d, FIELD_CORE, alloc) ||
		    post_text(key, c, t->description, d, FIELD_DESC, alloc))
			goto cleanup;
		for (size_t j = 0; j < t->aliases.n; j++) {
			d = (int)key->n_docs++;
			key->docs[d].threat = (int)i;
			key->docs[d].alias = (int)j;
			if (post_text(key, c, t->aliases.v[j], d, FIELD_CORE, alloc))
				goto cleanup;
		}
	}
	rc = GRADER_OK;
cleanup:
	free(alloc);
	return rc;
}

/* Marks the asset words of each threat's documents, so that sharing only the asset
 * never counts as naming the threat's mechanism. */
static int mark_assets(struct grader_key *key, struct grader_ctx *c)
{
	for (size_t d = 0; d < key->n_docs; d++) {
		const char *asset = key->threats[key->docs[d].threat].asset;

		if (asset == NULL)
			continue;
		/* a threat's documents (title, then aliases) are adjacent: its
		 * asset is read once */
		if ((d == 0 || key->docs[d - 1].threat != key->docs[d].threat) &&
		    grader_ctx_analyze(c, asset, strlen(asset), 0) != GRADER_OK)
			return GRADER_ENOMEM;
		for (size_t i = 0; i < c->n_ids; i++) {
			int term = c->ids[i];

			for (size_t p = 0; p < key->n_postings[term]; p++)
				if (key->postings[term][p].doc == (int)d)
					key->postings[term][p].field |= FIELD_ASSET;
		}
	}
	return GRADER_OK;
}

/*
 * Weighs every term by how few of the key's threats use it: w = ln(1 + N / df),
 * a quarter of that for generic words. Then sums each document's weights.
 */
static void compute_weights(struct grader_key *key)
{
	double n = (double)(key->n_threats ? key->n_threats : 1);

	for (size_t t = 0; t < key->n_terms; t++) {
		size_t df = 0;
		int prev = -1;

		for (size_t p = 0; p < key->n_postings[t]; p++) {
			int th = key->docs[key->postings[t][p].doc].threat;

			/* postings are in document order, so threats are grouped */
			if (th != prev)
				df++;
			prev = th;
		}
		key->terms[t].df = (int)df;
		if (df == 0) {
			key->terms[t].idf = 0;
			continue;
		}
		key->terms[t].flags |= TERM_KEY;
		key->terms[t].idf = (float)log(1.0 + n / (double)df);
		if (key->terms[t].flags & TERM_GENERIC)
			key->terms[t].idf *= 0.25f;
	}
	for (size_t t = 0; t < key->n_terms; t++)
		for (size_t p = 0; p < key->n_postings[t]; p++) {
			struct grader_doc *d = &key->docs[key->postings[t][p].doc];

			if (key->terms[t].flags & TERM_NEG)
				d->has_neg = 1;
			if ((key->postings[t][p].field & FIELD_CORE) &&
			    (key->terms[t].flags & TERM_MECH) &&
			    !(key->terms[t].flags & (TERM_GENERIC | TERM_NEG)) &&
			    !(key->postings[t][p].field & FIELD_ASSET))
				d->n_mech_core++;
			if (key->postings[t][p].field & FIELD_CORE) {
				d->w_core += key->terms[t].idf;
				d->n_core++;
				d->w_all += key->terms[t].idf;
			} else {
				d->w_all += key->terms[t].idf;
			}
		}
	/* a word the key lacks weighs like a fairly rare key word, cut to 30% */
	key->unknown_weight = (float)(0.3 * log(1.0 + n));
	key->rare_weight = (float)log(1.0 + n);
}

/* Groups the vocabulary by first byte (a counting sort: within a group the
 * words keep their order, which decides between equally close words), and
 * sets vocab_start: words starting with byte b are [start[b], start[b + 1]). */
static int group_by_first_byte(struct grader_key *key)
{
	size_t n = key->vocab.n, at[257];
	char **sorted = malloc((n ? n : 1) * sizeof(char *));

	if (sorted == NULL)
		return GRADER_ENOMEM;
	memset(key->vocab_start, 0, sizeof(key->vocab_start));
	for (size_t i = 0; i < n; i++)
		key->vocab_start[(unsigned char)key->vocab.v[i][0] + 1]++;
	for (size_t b = 1; b <= 256; b++)
		key->vocab_start[b] += key->vocab_start[b - 1];
	memcpy(at, key->vocab_start, sizeof(at));
	for (size_t i = 0; i < n; i++)
		sorted[at[(unsigned char)key->vocab.v[i][0]]++] = key->vocab.v[i];
	if (n > 0)
		memcpy(key->vocab.v, sorted, n * sizeof(char *));
	free(sorted);
	return GRADER_OK;
}

/* Keeps the typo vocabulary to words that lead to the key's terms, grouped by
 * first byte so that a lookup scans one group only. */
static int finish_vocab(struct grader_key *key)
{
	size_t o = 0, n;

	for (size_t i = 0; i < key->vocab.n; i++) {
		const char *w = key->vocab.v[i];
		int id = grader_map_get(&key->raw_ids, w, strlen(w));

		if (id < 0 || (key->terms[id].flags & TERM_STOP) || strlen(w) > GRADER_WORD_MAX) {
			free(key->vocab.v[i]);
			continue;
		}
		key->vocab.v[o++] = key->vocab.v[i];
	}
	key->vocab.n = n = o;
	if (group_by_first_byte(key) != GRADER_OK)
		return GRADER_ENOMEM;
	key->vocab_term = malloc((n ? n : 1) * sizeof(int));
	key->vocab_len = malloc(n ? n : 1);
	key->vocab_letters = malloc((n ? n : 1) * sizeof(uint32_t));
	if (key->vocab_term == NULL || key->vocab_len == NULL || key->vocab_letters == NULL)
		return GRADER_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		const char *w = key->vocab.v[i];

		key->vocab_len[i] = (unsigned char)strlen(w);
		key->vocab_letters[i] = grader_letter_mask(w, key->vocab_len[i]);
		key->vocab_term[i] = grader_map_get(&key->raw_ids, w, key->vocab_len[i]);
	}
	return GRADER_OK;
}

/* The term sequences of the key's texts, kept from interning for the
 * compound pass (which needs the whole vocabulary first). */
struct text_seqs {
	int *ids;
	size_t n, alloc;
	size_t *start;          /* text k is ids[start[k] .. start[k + 1]) */
	const char **text;      /* text k itself (borrowed from the threat) */
	size_t n_texts, alloc_texts;
};

static int seqs_add(struct text_seqs *ts, const char *text, const int *seq, int n)
{
	if (ts->n_texts + 2 > ts->alloc_texts) {
		size_t na = ts->alloc_texts ? ts->alloc_texts * 2 : 64;
		size_t *ns = realloc(ts->start, na * sizeof(*ns));
		const char **nt;

		if (ns == NULL)
			return GRADER_ENOMEM;
		if (ts->alloc_texts == 0)
			ns[0] = 0;
		ts->start = ns;
		nt = realloc(ts->text, na * sizeof(*nt));
		if (nt == NULL)
			return GRADER_ENOMEM;
		ts->text = nt;
		ts->alloc_texts = na;
	}
	ts->text[ts->n_texts] = text;
	if (ts->n + (size_t)n > ts->alloc) {
		size_t na = ts->alloc ? ts->alloc * 2 : 1024;
		int *ni;

		while (na < ts->n + (size_t)n)
			na *= 2;
		ni = realloc(ts->ids, na * sizeof(*ni));
		if (ni == NULL)
			return GRADER_ENOMEM;
		ts->ids = ni;
		ts->alloc = na;
	}
	if (n > 0)
		memcpy(ts->ids + ts->n, seq, (size_t)n * sizeof(int));
	ts->n += (size_t)n;
	ts->start[++ts->n_texts] = ts->n;
	return GRADER_OK;
}

/* Compounds of the key's texts kept in ts (titles, descriptions, aliases). */
static int compound_texts(struct grader_key *key, const struct text_seqs *ts)
{
	struct raw_words rw = { malloc(COMPOUND_WORDS * sizeof(*rw.w)), 0 };
	int rc = rw.w != NULL ? GRADER_OK : GRADER_ENOMEM;

	for (size_t k = 0; rc == GRADER_OK && k < ts->n_texts; k++) {
		size_t n = ts->start[k + 1] - ts->start[k];

		if (n == 0)
			continue;   /* a text of no words (ids may be NULL then) */
		rc = add_compounds(key, ts->text[k], ts->ids + ts->start[k],
				   n < COMPOUND_WORDS ? (int)n : COMPOUND_WORDS, &rw);
	}
	free(rw.w);
	return rc;
}

/* Interns text and, when keep is set, remembers its sequence in ts. */
static int intern_keep(struct intern_state *s, const char *text, struct text_seqs *ts)
{
	if (intern_text(s, text) != GRADER_OK)
		return GRADER_ENOMEM;
	return seqs_add(ts, text, s->seq, s->n);
}

int grader_key_prepare(struct grader_key *key, const struct grader_lexicon *lex)
{
	struct grader_ctx c;
	struct intern_state s;
	struct text_seqs ts;
	int rc = GRADER_ENOMEM;

	if (key == NULL)
		return GRADER_EINVALID;
	features_release(key);
	memset(&s, 0, sizeof(s));
	memset(&ts, 0, sizeof(ts));
	if (grader_ctx_init(&c, key) != GRADER_OK)
		return GRADER_ENOMEM;
	s.key = key;
	s.ctx = &c;
	s.own_rules = -1;
	/* every word the key or the lexicon knows can be the target of a typo
	 * ("databse", "acount", "withot"); stop words are dropped in finish_vocab */
	s.vocab = 1;
	if (load_lexicon(key, &s, lex) != GRADER_OK)
		goto cleanup;
	for (size_t i = 0; i < key->n_threats; i++) {
		const struct grader_threat *t = &key->threats[i];

		if (intern_keep(&s, t->title, &ts) || intern_keep(&s, t->description, &ts) ||
		    intern_text(&s, t->asset))
			goto cleanup;
		for (size_t j = 0; j < t->aliases.n; j++)
			if (intern_keep(&s, t->aliases.v[j], &ts))
				goto cleanup;
	}
	s.vocab = 0;
	if (compound_texts(key, &ts) != GRADER_OK)
		goto cleanup;
	mark_mechanisms(key);
	if (finish_vocab(key) != GRADER_OK || build_docs(key, &c) != GRADER_OK ||
	    mark_assets(key, &c) != GRADER_OK)
		goto cleanup;
	compute_weights(key);
	settle_overrides(key);
	key->prepared = 1;
	key->preparations++;
	rc = GRADER_OK;
cleanup:
	free(s.seq);
	free(ts.ids);
	free(ts.start);
	free(ts.text);
	grader_ctx_release(&c);
	if (rc != GRADER_OK)
		features_release(key);
	return rc;
}

void grader_lexbase_payloads(struct grader_lexbase *b, const struct grader_lexicon *lex)
{
	if (b->head.pay > 0 && b->key->payloads == NULL &&
	    compile_payloads(lex, b->head.pay, b->key->pay_group, &b->key->own_payloads) ==
		    GRADER_OK) {
		grader_pattern_jit(&b->key->own_payloads);
		b->key->payloads = &b->key->own_payloads;
	}
}

/* Reads the negations and the head of lex into base's key (no threats). */
static int prepare_head(struct grader_lexbase *b, const struct grader_lexicon *lex)
{
	const struct grader_lex_counts none = { 0, 0, 0, 0, 0, 0 };
	struct grader_ctx c;
	struct intern_state s;
	int rc;

	memset(&s, 0, sizeof(s));
	if (grader_ctx_init(&c, b->key) != GRADER_OK)
		return GRADER_ENOMEM;
	s.key = b->key;
	s.ctx = &c;
	s.vocab = 1;
	s.own_rules = -1;
	rc = intern_negations(b->key, &s);
	if (rc == GRADER_OK)
		rc = load_lexicon_range(b->key, &s, lex, &none, &b->head);
	free(s.seq);
	grader_ctx_release(&c);
	return rc;
}

int grader_lexicon_prepare(struct grader_lexicon *lex)
{
	struct grader_lexbase *b;

	if (lex == NULL)
		return GRADER_EINVALID;
	b = calloc(1, sizeof(*b));
	if (b == NULL)
		return GRADER_ENOMEM;
	b->refs = 1;
	b->head = grader_lexicon_head(lex);
	b->key = grader_key_new(NULL);
	if (b->key == NULL || prepare_head(b, lex) != GRADER_OK) {
		grader_lexbase_unref(b);
		return GRADER_ENOMEM;
	}
	grader_lexbase_payloads(b, lex);
	grader_lexbase_unref(lex->base);
	lex->base = b;
	return GRADER_OK;
}

int grader_key_jit(struct grader_key *key)
{
	if (key == NULL || !key->prepared)
		return GRADER_EINVALID;
	/* a prepared lexicon's payloads are JIT-compiled already */
	if (key->payloads == &key->own_payloads)
		grader_pattern_jit(&key->own_payloads);
	return GRADER_OK;
}
