/*
 * text.c: turning a line of text into the key's terms. The pipeline is
 * words (UTF-8 aware lowercasing) -> stems (Snowball English) with typo
 * correction against the key's vocabulary, plus the words of any payload the
 * lexicon recognises in the raw text -> lexicon expansions -> synonym groups
 * -> stop words dropped -> distinct term ids.
 */
#include <libstemmer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grader_internal.h"

int grader_ctx_init(struct grader_ctx *c, const struct grader_key *key)
{
	memset(c, 0, sizeof(*c));
	c->key = key;
	c->threshold = GRADER_DEFAULT_THRESHOLD;
	grader_calibrate_init(c);
	return GRADER_OK;
}

void grader_ctx_reuse(struct grader_ctx *c)
{
	free(c->limits);
	c->limits = NULL;
	c->n_limits = c->limits_alloc = c->line = 0;
	c->memo = NULL;
	c->threshold = GRADER_DEFAULT_THRESHOLD;
	c->prune = false;
	c->oom = 0;
	/* bound_rows, which grader_ctx_init filled, do not change */
}

void grader_ctx_release(struct grader_ctx *c)
{
	if (c->stemmer != NULL)
		sb_stemmer_delete(c->stemmer);
	free(c->ids);
	free(c->ids2);
	free(c->grp);
	free(c->grp2);
	free(c->seen);
	free(c->acc);
	free(c->touched);
	free(c->doc_mark);
	free(c->pairs);
	free(c->limits);
	free(c->fixed);
	grader_scan_release(&c->scan);
	memset(c, 0, sizeof(*c));
}

size_t grader_ctx_stem(struct grader_ctx *c, const char *w, size_t len, char *out)
{
	const sb_symbol *s;
	int n;

	/* Snowball leaves every word of one or two bytes as it is (checked over
	 * [a-z0-9]{1,2}); skipping them saves a call per stop word */
	if (len <= 2 || len > GRADER_WORD_MAX)
		goto raw;
	if (c->stemmer == NULL)
		c->stemmer = sb_stemmer_new("english", NULL);
	if (c->stemmer == NULL)
		goto raw;
	s = sb_stemmer_stem(c->stemmer, (const sb_symbol *)w, (int)len);
	if (s == NULL)
		goto raw;
	n = sb_stemmer_length(c->stemmer);
	if (n <= 0 || n > GRADER_WORD_MAX)
		goto raw;
	/* Snowball keeps -able/-ible ("guessabl"); learners write "guessing" for
	 * "guessable" and "reuse" for "reusable", so those endings go too */
	if (n >= 7 && (memcmp(s + n - 3, "abl", 3) == 0 || memcmp(s + n - 3, "ibl", 3) == 0))
		n -= 3;
	/* and "exposure"/"expose", "forgery"/"forge", "recovery"/"recover" meet */
	else if (n >= 7 && memcmp(s + n - 3, "sur", 3) == 0)
		n -= 2;
	else if (n >= 6 && memcmp(s + n - 3, "eri", 3) == 0)
		n -= 3;
	memcpy(out, s, (size_t)n);
	out[n] = '\0';
	return (size_t)n;
raw:
	len = len > GRADER_WORD_MAX ? GRADER_WORD_MAX : len;
	memcpy(out, w, len);
	out[len] = '\0';
	return len;
}

/* Doubles the room of the parallel arrays *v and *g (the rare path of push_id). */
static int grow_ids(int **v, int **g, size_t *alloc)
{
	size_t na = *alloc ? *alloc * 2 : 32;
	int *nv = realloc(*v, na * sizeof(int)), *ng;

	if (nv == NULL)
		return GRADER_ENOMEM;
	*v = nv;
	ng = realloc(*g, na * sizeof(int));
	if (ng == NULL)
		return GRADER_ENOMEM;
	*g = ng;
	*alloc = na;
	return GRADER_OK;
}

/* Appends term id, which came from learner word (or payload) group, to the
 * parallel arrays *v and *g. */
static inline int push_id(int **v, int **g, size_t *n, size_t *alloc, int id, int group)
{
	if (*n == *alloc && grow_ids(v, g, alloc) != GRADER_OK)
		return GRADER_ENOMEM;
	(*v)[*n] = id;
	(*g)[(*n)++] = group;
	return GRADER_OK;
}

static struct grader_note *add_note(struct grader_ctx *c, enum grader_note_kind kind)
{
	struct grader_note *n;

	if (!c->want_notes || c->n_notes >= GRADER_MAX_NOTES)
		return NULL;
	n = &c->notes[c->n_notes++];
	n->text[0] = '\0';
	n->n_terms = 0;
	n->kind = kind;
	n->from_len = 0;
	n->rule = -1;
	return n;
}

#define NOTE_WORD_MAX 40   /* bytes of a word quoted in a note */

/* Writes "'from' read as 'to'", each word cut on a character boundary with an
 * ellipsis when it is longer than NOTE_WORD_MAX bytes. */
static void note_read_as(char *out, size_t size, const char *from, const char *to)
{
	int fl = grader_utf8_clip(from, NOTE_WORD_MAX), tl = grader_utf8_clip(to, NOTE_WORD_MAX);

	snprintf(out, size, "'%.*s%s' read as '%.*s%s'", fl, from,
		 from[fl] != '\0' ? "\xE2\x80\xA6" : "", tl, to, to[tl] != '\0' ? "\xE2\x80\xA6" : "");
}

/* Bits set in v. */
static int bit_count(uint32_t v)
{
	v = v - ((v >> 1) & 0x55555555u);
	v = (v & 0x33333333u) + ((v >> 2) & 0x33333333u);
	return (int)((((v + (v >> 4)) & 0x0F0F0F0Fu) * 0x01010101u) >> 24);
}

/* Finds the closest vocabulary word to an unknown word (Damerau-Levenshtein, 1
 * edit for 5-7 letters, 2 from 8); returns its term id or -1. Two edits reach
 * only words the key's threats use: the lexicon's thousands of words put a
 * real word two edits from one of them too often ("renewals" is not a typo of
 * "reveals", a synonym of "leak"). */
static int correct_typo(const struct grader_ctx *c, const char *w, size_t len, int *vocab)
{
	const struct grader_key *key = c->key;
	int max = len >= 8 ? 2 : 1, best = max + 1, best_id = -1;
	size_t best_i = 0;
	uint32_t letters = grader_letter_mask(w, len);
	unsigned char first = (unsigned char)w[0];

	/* first letters rarely slip; looking only at words that share it keeps
	 * this cheap */
	for (size_t i = key->vocab_start[first]; i < key->vocab_start[first + 1]; i++) {
		const char *v = key->vocab.v[i];
		size_t vl = key->vocab_len[i];
		int d, bound;

		if (vl + (size_t)max < len || len + (size_t)max < vl || vl < 4)
			continue;
		bound = best - 1 < max ? best - 1 : max;
		/* one edit changes at most two letters of the set */
		if (bit_count(letters ^ key->vocab_letters[i]) > 2 * bound)
			continue;
		d = grader_edit_distance(w, len, v, vl, bound);
		if (d == 2 && !(key->terms[key->vocab_term[i]].flags & TERM_KEY))
			continue;   /* only the lexicon's */
		if (d < best) {
			best = d;
			best_id = key->vocab_term[i];
			best_i = i;
			if (d == 1)
				break;
		}
	}
	*vocab = (int)best_i;
	return best_id;
}

/* Counts an unknown word once per line, however often it is repeated. */
static void count_unknown(struct grader_ctx *c, const char *w, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)w[i]) * 16777619u;
	for (int i = 0; i < c->unknown && i < 64; i++)
		if (c->unknown_hash[i] == h)
			return;
	if (c->unknown < 64)
		c->unknown_hash[c->unknown] = h;
	c->unknown++;
}

/*
 * Derivations Snowball leaves apart ("notif" from notifications, "notifi" from
 * notify): a stem of 5+ bytes that starts the stem of a key word, or is started
 * by it, within 2 bytes, is read as that word. Not a word the lexicon keeps
 * whole: it is whole because it means something else ("night" is not
 * "nightly", "person" not "personal").
 */
static int same_root(const struct grader_ctx *c, const char *stem, size_t sl, int *vocab)
{
	const struct grader_key *key = c->key;
	unsigned char first = (unsigned char)stem[0];

	for (size_t i = key->vocab_start[first]; i < key->vocab_start[first + 1]; i++) {
		const struct grader_term *t = &key->terms[key->vocab_term[i]];
		size_t tl = strlen(t->stem), n = tl < sl ? tl : sl;

		if (n < 5 || (tl > sl ? tl - sl : sl - tl) > 2 || !(t->flags & TERM_KEY) ||
		    (t->flags & TERM_WHOLE) || memcmp(t->stem, stem, n) != 0)
			continue;
		*vocab = (int)i;
		return key->vocab_term[i];
	}
	return -1;
}

/* Keeps how the learner wrote term id, the first time the line has it, for
 * the explanation: their word when it differs from the term's surface
 * ("interns" read as the key's "internal"); nothing when it is the surface,
 * which then stands for the term. seen[] marks the terms met (this stamp is
 * the words'; the distinct terms are counted under the next). Short words only. */
static void keep_said(struct grader_ctx *c, int id, const char *w, size_t len)
{
	const struct grader_term *term = &c->key->terms[id];

	const char *s = term->surface;
	size_t same = 0;

	if (c->seen[id] == c->stamp)
		return;   /* its first form is kept, or is the surface */
	c->seen[id] = c->stamp;
	while (same < len && s[same] == w[same])   /* most words: the surface */
		same++;
	if ((same == len && s[len] == '\0') || c->n_said >= GRADER_MAX_SAID ||
	    len >= GRADER_SAID_BYTES || (term->flags & TERM_STOP))
		return;
	c->said[c->n_said].term = id;
	memcpy(c->said[c->n_said].word, w, len);
	c->said[c->n_said].word[len] = '\0';
	c->n_said++;
}

/* Notes that the word from (the learner's, or its stem) was read as the key's
 * vocabulary word vocab. */
static void note_vocab(struct grader_ctx *c, const char *from, int vocab)
{
	struct grader_note *n = add_note(c, NOTE_READ_AS);

	if (n != NULL) {
		note_read_as(n->text, sizeof(n->text), from, c->key->vocab.v[vocab]);
		n->terms[0] = c->key->vocab_term[vocab];
		n->n_terms = 1;
	}
}

/* How w, which the key does not hold as written, reads (stem is its stem's
 * buffer, which r->stem may point at): its stem's term, a typo of a key word, a
 * derivation of one, or nothing (r->id -1). A pure function of the key and w. */
static void read_word(struct grader_ctx *c, const char *w, size_t len, char *stem,
		      struct grader_word_reading *r)
{
	size_t sl = grader_ctx_stem(c, w, len, stem);
	bool word = !(w[0] >= '0' && w[0] <= '9');

	r->stem = NULL;
	r->vocab = -1;
	r->how = READ_STEM;
	r->id = grader_map_get(&c->key->stem_ids, stem, sl);
	if (r->id >= 0)
		return;
	r->how = READ_TYPO;
	if (len >= 5 && word && (r->id = correct_typo(c, w, len, &r->vocab)) >= 0)
		return;
	r->how = READ_ROOT;
	r->stem = stem;
	if (sl >= 5 && word && (r->id = same_root(c, stem, sl, &r->vocab)) >= 0)
		return;
	r->stem = NULL;
	r->how = READ_NONE;
}

/* Keeps w, read as a typo of vocabulary word vocab, among the line's
 * corrections: once per distinct word, at most GRADER_MAX_FIXES. */
static void keep_fix(struct grader_ctx *c, const char *w, size_t len, int vocab)
{
	if (len >= GRADER_SAID_BYTES || c->n_fixes >= GRADER_MAX_FIXES)
		return;
	for (int i = 0; i < c->n_fixes; i++)
		if (memcmp(c->fixes[i].from, w, len) == 0 && c->fixes[i].from[len] == '\0')
			return;
	memcpy(c->fixes[c->n_fixes].from, w, len);
	c->fixes[c->n_fixes].from[len] = '\0';
	c->fixes[c->n_fixes].used = false;
	c->fixes[c->n_fixes++].vocab = vocab;
}

/* What reading w as r leaves for the explanation and the line's counts. */
static void replay_reading(struct grader_ctx *c, const char *w, size_t len,
			   const struct grader_word_reading *r)
{
	switch (r->how) {
	case READ_STEM:
		if (c->want_notes)
			keep_said(c, r->id, w, len);
		break;
	case READ_TYPO:
		keep_fix(c, w, len, r->vocab);
		note_vocab(c, w, r->vocab);
		break;
	case READ_ROOT:
		note_vocab(c, r->stem, r->vocab);
		break;
	case READ_NONE:
		if (len >= 2 && !(w[0] >= '0' && w[0] <= '9'))
			count_unknown(c, w, len);
		break;
	}
}

/* The term id of w, which the key does not hold as written: from the memo
 * when a grading before this one read it. */
static int read_unheld(struct grader_ctx *c, const char *w, size_t len)
{
	char stem[GRADER_WORD_MAX + 1];
	struct grader_word_reading fresh;
	const struct grader_word_reading *r = NULL;

	if (c->memo != NULL)
		r = grader_memo_get(c->memo, w, len);
	if (r == NULL) {
		read_word(c, w, len, stem, &fresh);
		if (c->memo != NULL)
			grader_memo_put(c->memo, w, len, &fresh);
		r = &fresh;
	}
	replay_reading(c, w, len, r);
	return r->id;
}

static int word_to_id(const char *w, size_t len, void *arg)
{
	struct grader_ctx *c = arg;
	int id = grader_map_get(&c->key->raw_ids, w, len);

	if (id >= 0 && c->want_notes)
		keep_said(c, id, w, len);
	if (id < 0)
		id = read_unheld(c, w, len);
	if (push_id(&c->ids2, &c->grp2, &c->n_ids2, &c->alloc_ids2, id, (int)c->n_ids2) !=
	    GRADER_OK) {
		c->oom = 1;
		return 1;
	}
	return 0;
}

/* Earlier notes whose words r rewrote explain r's result too: a payload read
 * as "cross site scripting", which a synonym group then reads as "xss". */
static void chain_notes(struct grader_ctx *c, const struct grader_rule *r)
{
	for (int k = 0; k < c->n_notes; k++) {
		struct grader_note *n = &c->notes[k];
		int hit = 0;

		for (int j = 0; j < n->n_terms && !hit; j++)
			for (int i = 0; i < r->n_from; i++)
				if (n->terms[j] == r->from[i])
					hit = 1;
		for (int i = 0; hit && i < r->n_to && n->n_terms < GRADER_NOTE_TERMS; i++)
			n->terms[n->n_terms++] = r->to[i];
	}
}

/* A key's compound is written as the key's two words ("postmortem -> post
 * mortem"): their terms' surfaces may be other words that gave the same
 * stems first ("posted", from the lexicon). False for any other rule. */
static bool note_compound(struct grader_sbuf *b, const struct grader_key *key,
			  const struct grader_rule *r)
{
	const char *joined = key->terms[r->from[0]].surface;
	size_t split = (size_t)r->split;

	if (r->split <= 0 || r->n_from != 1 || r->n_to != 2 || split >= strlen(joined))
		return false;
	grader_sbuf_addn(b, joined, split);
	grader_sbuf_add(b, " ");
	grader_sbuf_add(b, joined + split);
	return true;
}

const char *grader_ctx_said_as(const struct grader_ctx *c, int id)
{
	for (int i = 0; i < c->n_said; i++)
		if (c->said[i].term == id)
			return c->said[i].word;
	return c->key->terms[id].surface;
}

/* Describes a fired rule as "from -> to": the from side as the learner wrote
 * it ("stay valid ~ never expire", not the surface "stay validation" of the
 * stems), the to side in the key's surface words. */
static void note_rule(struct grader_ctx *c, const struct grader_rule *r)
{
	struct grader_note *n;
	struct grader_sbuf b;

	if (c->want_notes)
		chain_notes(c, r);
	n = add_note(c, r->is_synonym ? NOTE_SYNONYM : NOTE_EXPANSION);
	if (n == NULL)
		return;
	grader_sbuf_init(&b, n->text, sizeof(n->text));
	for (int i = 0; i < r->n_from; i++) {
		if (i > 0)
			grader_sbuf_add(&b, " ");
		grader_sbuf_add(&b, grader_ctx_said_as(c, r->from[i]));
	}
	n->from_len = (unsigned char)b.len;   /* under the 120 bytes of text */
	n->rule = (int)(r - c->key->rules);
	grader_sbuf_add(&b, r->is_synonym ? GRADER_SYNONYM_SEP : " -> ");
	if (!note_compound(&b, c->key, r))
		for (int i = 0; i < r->n_to; i++) {
			if (i > 0)
				grader_sbuf_add(&b, " ");
			grader_sbuf_add(&b, c->key->terms[r->to[i]].surface);
		}
	for (int i = 0; i < r->n_to && n->n_terms < GRADER_NOTE_TERMS; i++)
		n->terms[n->n_terms++] = r->to[i];
}

/*
 * Applies the rules of one kind ('E' expansions, 'S' synonyms) to in[0..n),
 * longest match first, writing the result to *out.
 */
static int apply_rules(struct grader_ctx *c, char kind, const int *in, const int *g_in,
		       size_t n, int **out, int **g_out, size_t *n_out, size_t *alloc_out)
{
	const struct grader_key *key = c->key;
	unsigned char keybuf[1 + 16 * sizeof(int)];

	*n_out = 0;
	for (size_t i = 0; i < n;) {
		int fired = -1;
		size_t len = 0;

		size_t max = in[i] >= 0 ? key->terms[in[i]].rule_len[kind == 'S'] : 0;

		if (max > 0) {
			if (max > n - i)
				max = n - i;
			keybuf[0] = (unsigned char)kind;
			for (len = max; len >= 1; len--) {
				memcpy(keybuf + 1, &in[i], len * sizeof(int));
				fired = grader_map_get(&key->rules_by, keybuf, 1 + len * sizeof(int));
				if (fired >= 0)
					break;
			}
		}
		if (fired < 0) {
			if (push_id(out, g_out, n_out, alloc_out, in[i], g_in[i]) != GRADER_OK)
				return GRADER_ENOMEM;
			i++;
			continue;
		}
		/* what the rule writes came from the words it read */
		for (int j = 0; j < key->rules[fired].n_to; j++)
			if (push_id(out, g_out, n_out, alloc_out, key->rules[fired].to[j], g_in[i]) !=
			    GRADER_OK)
				return GRADER_ENOMEM;
		note_rule(c, &key->rules[fired]);
		i += len;
	}
	return GRADER_OK;
}

/* The word group of the terms a payload stands for: past any word's position. */
#define PAYLOAD_GROUP (1 << 20)
/* Bytes of a payload quoted in a note: enough to recognise it. */
#define NOTE_PAYLOAD_MAX 32
/* Bytes of the word before a payload's match quoted with it. */
#define NOTE_PAYLOAD_BACK 24
/* Payloads looked for in one line: more is a wall of junk, not a threat. */
#define LINE_PAYLOADS_MAX 8

static int is_word_byte(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '.' || ch == '_';
}

/* Describes a payload as `payload "<img src=x onerror=" -> cross site scripting`,
 * quoting at most NOTE_PAYLOAD_MAX bytes of it, cut at a character boundary,
 * with control characters as spaces. */
static void note_payload(struct grader_ctx *c, const char *text, size_t start, size_t end,
			 size_t which)
{
	struct grader_note *n = add_note(c, NOTE_PAYLOAD);
	struct grader_sbuf b;
	char quoted[NOTE_PAYLOAD_MAX + 1];
	size_t len = end - start;

	if (n == NULL)
		return;
	/* a pattern that starts at its rare character matched after the word the
	 * payload begins with (".254.169.254" in "169.254.169.254", "(" in
	 * "alert(1)"): quote that word too */
	for (size_t back = 0; start > 0 && back < NOTE_PAYLOAD_BACK && is_word_byte(text[start - 1]);
	     back++)
		start--;
	len = end - start;
	if (len > NOTE_PAYLOAD_MAX) {
		len = NOTE_PAYLOAD_MAX;
		while (len > 0 && ((unsigned char)text[start + len] & 0xC0) == 0x80)
			len--;
	}
	for (size_t i = 0; i < len; i++)
		quoted[i] = (unsigned char)text[start + i] < 0x20 ? ' ' : text[start + i];
	quoted[len] = '\0';
	grader_sbuf_init(&b, n->text, sizeof(n->text));
	grader_sbuf_add(&b, "payload \"");
	grader_sbuf_add(&b, quoted);
	grader_sbuf_add(&b, end - start > len ? "...\" -> " : "\" -> ");
	grader_sbuf_add(&b, c->key->pay_means[which]);
	for (int i = 0; i < c->key->pay_n_to[which] && n->n_terms < GRADER_NOTE_TERMS; i++)
		n->terms[n->n_terms++] = c->key->pay_to[which][i];
}

/*
 * Finds the lexicon's payloads in text and adds the words each stands for to
 * the line's terms (c->ids2), before expansions and synonyms apply to them:
 * "../../etc/passwd" reads as "path traversal" too. Each payload counts once.
 */
static int scan_payloads(struct grader_ctx *c, const char *text, size_t len)
{
	const struct grader_key *key = c->key;
	uint64_t found = 0;
	size_t at = 0, ms, me;

	/* most lines hold no byte a payload can start with: nothing to scan */
	if (key->pay_first_known && !grader_bytes_in_map(key->pay_first, text, len))
		return GRADER_OK;
	if (grader_scan_begin(&c->scan, text, len) != GRADER_OK)
		return GRADER_ENOMEM;
	for (int k = 0; k < LINE_PAYLOADS_MAX && at < len; k++) {
		long which = grader_scan_next(&c->scan, key->payloads, key->pay_group,
					      key->n_payloads, at, &ms, &me);

		if (which == GRADER_SCAN_NOMEM)
			return GRADER_ENOMEM;
		if (which < 0)
			break;
		if (!(found & (UINT64_C(1) << which))) {
			found |= UINT64_C(1) << which;
			for (int i = 0; i < key->pay_n_to[which]; i++)
				if (push_id(&c->ids2, &c->grp2, &c->n_ids2, &c->alloc_ids2,
					    key->pay_to[which][i],
					    PAYLOAD_GROUP + (int)which) != GRADER_OK)
					return GRADER_ENOMEM;
			note_payload(c, text, ms, me, (size_t)which);
		}
		/* on past the match, to the start of the next character */
		at = me > ms ? me : ms + 1;
		while (at < len && ((unsigned char)text[at] & 0xC0) == 0x80)
			at++;
	}
	return GRADER_OK;
}

/* A stamp no term of seen[] holds yet. */
static void next_stamp(struct grader_ctx *c)
{
	if (++c->stamp == 0) {
		memset(c->seen, 0, c->seen_alloc * sizeof(unsigned));
		c->stamp = 1;
	}
}

static int ensure_seen(struct grader_ctx *c)
{
	size_t need = c->key->n_terms ? c->key->n_terms : 1;

	if (c->seen_alloc < need) {
		unsigned *ns = realloc(c->seen, need * sizeof(unsigned));

		if (ns == NULL)
			return GRADER_ENOMEM;
		memset(ns + c->seen_alloc, 0, (need - c->seen_alloc) * sizeof(unsigned));
		c->seen = ns;
		c->seen_alloc = need;
	}
	next_stamp(c);
	return GRADER_OK;
}

int grader_ctx_analyze(struct grader_ctx *c, const char *text, size_t len, int want_notes)
{
	size_t o = 0;

	c->n_ids = c->n_ids2 = 0;
	c->unknown = 0;
	c->n_notes = 0;
	c->n_said = 0;
	c->n_fixes = 0;
	c->want_notes = want_notes;
	c->oom = 0;
	if (ensure_seen(c) != GRADER_OK)
		return GRADER_ENOMEM;
	grader_words(text, len, word_to_id, c);
	if (c->oom)
		return GRADER_ENOMEM;
	if (c->key->n_payloads > 0 && scan_payloads(c, text, len) != GRADER_OK)
		return GRADER_ENOMEM;
	if (c->key->n_rules > 0) {
		/* ids2 -> ids (expansions) -> ids2 (synonyms) */
		if (apply_rules(c, 'E', c->ids2, c->grp2, c->n_ids2, &c->ids, &c->grp, &c->n_ids,
				&c->alloc_ids) ||
		    apply_rules(c, 'S', c->ids, c->grp, c->n_ids, &c->ids2, &c->grp2, &c->n_ids2,
				&c->alloc_ids2))
			return GRADER_ENOMEM;
	}
	/* distinct, non-stop terms into ids (a stamp of their own: the words'
	 * marked the terms they met) */
	next_stamp(c);
	while (c->alloc_ids < c->n_ids2)
		if (grow_ids(&c->ids, &c->grp, &c->alloc_ids) != GRADER_OK)
			return GRADER_ENOMEM;
	for (size_t i = 0; i < c->n_ids2; i++) {
		int id = c->ids2[i];

		if (id < 0 || (c->key->terms[id].flags & TERM_STOP) || c->seen[id] == c->stamp)
			continue;
		c->seen[id] = c->stamp;
		c->grp[o] = c->grp2[i];
		c->ids[o++] = id;
	}
	c->n_ids = o;
	return GRADER_OK;
}

/* ==== The line with its typos corrected ========================================= */

/* Whether byte ch can be part of a word, as the corrected line's words are
 * found: ASCII letters and digits, and any byte of a UTF-8 character (a word
 * next to one is not the word a correction was made for). */
static bool in_word(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch >= 0x80;
}

/*
 * The spelling of fix's term that the corrected line uses: of the vocabulary
 * words of that term (all one stem, so the word matcher reads them alike),
 * the closest to the learner's word, the longer on a tie, since a dropped
 * letter is the commonest slip ("exposd" is "exposed" rather than "expose",
 * which an author's pattern may not take). Sets fix->vocab to it.
 */
static void choose_spelling(const struct grader_ctx *c, struct grader_fix *fix)
{
	const struct grader_key *key = c->key;
	int term = key->vocab_term[fix->vocab];
	size_t len = strlen(fix->from), best_len = key->vocab_len[fix->vocab];
	int best = grader_edit_distance(fix->from, len, key->vocab.v[fix->vocab], best_len, 2);
	unsigned char first = (unsigned char)fix->from[0];

	for (size_t i = key->vocab_start[first]; i < key->vocab_start[first + 1]; i++) {
		size_t vl = key->vocab_len[i];
		int d;

		if (key->vocab_term[i] != term || vl <= best_len || vl > len + (size_t)best)
			continue;
		d = grader_edit_distance(fix->from, len, key->vocab.v[i], vl, best);
		if (d <= best) {
			best = d;
			best_len = vl;
			fix->vocab = (int)i;
		}
	}
	fix->dist = best;
}

/* Edits a correction may make and still be substituted in the corrected line:
 * a slip ("exposd") is one; at two, real words the key does not use read as
 * its words ("intranet" as "internet") and a pattern would credit a line that
 * says the opposite. */
#define FIX_MAX_DIST 1

/* The correction of the word text[0..len), compared without ASCII case, that
 * the corrected line makes, or NULL when c->fixes has none for it. */
static struct grader_fix *fix_of(struct grader_ctx *c, const char *text, size_t len)
{
	for (int i = 0; i < c->n_fixes; i++) {
		const char *f = c->fixes[i].from;
		size_t k = 0;

		while (k < len && f[k] != '\0' &&
		       f[k] == (text[k] >= 'A' && text[k] <= 'Z' ? text[k] + 32 : text[k]))
			k++;
		if (k == len && f[k] == '\0' && c->fixes[i].dist <= FIX_MAX_DIST)
			return &c->fixes[i];
	}
	return NULL;
}

const char *grader_ctx_corrected(struct grader_ctx *c, const char *text, size_t len,
				 size_t *out_len)
{
	struct grader_sbuf b;
	bool changed = false;
	/* a correction is at most two bytes longer than its word of 5 or more */
	size_t need = len + len / 2 + 1;

	if (c->n_fixes == 0)
		return NULL;
	if (c->fixed_alloc < need) {
		char *nf = realloc(c->fixed, need);

		if (nf == NULL) {
			c->oom = 1;
			return NULL;
		}
		c->fixed = nf;
		c->fixed_alloc = need;
	}
	for (int i = 0; i < c->n_fixes; i++) {
		choose_spelling(c, &c->fixes[i]);
		c->fixes[i].used = false;
	}
	grader_sbuf_init(&b, c->fixed, c->fixed_alloc);
	for (size_t i = 0; i < len;) {
		size_t end = i;
		struct grader_fix *fix;

		if (!in_word((unsigned char)text[i])) {
			grader_sbuf_addn(&b, text + i, 1);
			i++;
			continue;
		}
		while (end < len && in_word((unsigned char)text[end]))
			end++;
		fix = fix_of(c, text + i, end - i);
		if (fix != NULL) {
			grader_sbuf_add(&b, c->key->vocab.v[fix->vocab]);
			fix->used = true;
			changed = true;
		} else {
			grader_sbuf_addn(&b, text + i, end - i);
		}
		i = end;
	}
	*out_len = b.len;
	return changed ? c->fixed : NULL;
}
