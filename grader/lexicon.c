/*
 * lexicon.c: the grader lexicon as plain data (expansions, synonym groups,
 * stop words, generic words, words kept whole). Keys turn it into stemmed rules
 * when prepared.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "grader_internal.h"

/* Negations change a threat's meaning: they are never stop words. */
const char *const grader_negations[] = {
	/* the first GRADER_PLAIN_NEGATIONS are plain negations */
	"no", "not", "missing", "without", "lack", "lacks", "lacking", "never", "nor", "none",
	"unencrypted", "unauthenticated", "unauthorized", "unvalidated", "unsigned",
	"insecure", "weak", NULL
};

struct grader_lexicon *grader_lexicon_new(void)
{
	return calloc(1, sizeof(struct grader_lexicon));
}

void grader_lexicon_free(struct grader_lexicon *lex)
{
	if (lex == NULL)
		return;
	grader_strvec_release(&lex->exp_from);
	grader_strvec_release(&lex->exp_to);
	grader_strvec_release(&lex->syn_member);
	grader_strvec_release(&lex->syn_canon);
	grader_strvec_release(&lex->stop);
	grader_strvec_release(&lex->generic);
	grader_strvec_release(&lex->whole);
	grader_strvec_release(&lex->pay_pattern);
	grader_strvec_release(&lex->pay_means);
	free(lex->syn_group);
	grader_lexbase_unref(lex->base);
	free(lex);
}

struct grader_lex_counts grader_lexicon_counts(const struct grader_lexicon *lex)
{
	struct grader_lex_counts n = { 0, 0, 0, 0, 0, 0 };

	if (lex != NULL) {
		n.whole = lex->whole.n;
		n.stop = lex->stop.n;
		n.generic = lex->generic.n;
		n.exp = lex->exp_from.n;
		n.syn = lex->syn_member.n;
		n.pay = lex->pay_pattern.n;
	}
	return n;
}

int grader_lex_counts_equal(const struct grader_lex_counts *a, const struct grader_lex_counts *b)
{
	return a->whole == b->whole && a->stop == b->stop && a->generic == b->generic &&
	       a->exp == b->exp && a->syn == b->syn && a->pay == b->pay;
}

struct grader_lex_counts grader_lexicon_head(const struct grader_lexicon *lex)
{
	if (lex != NULL && lex->has_head && lex->whole.n == lex->head.whole)
		return lex->head;
	return grader_lexicon_counts(lex);
}

/* Pushes x onto a and y onto b, both or neither. */
static int push_pair(struct grader_strvec *a, const char *x, struct grader_strvec *b,
		     const char *y)
{
	if (grader_strvec_push(a, x, strlen(x)) != GRADER_OK)
		return GRADER_ENOMEM;
	if (grader_strvec_push(b, y, strlen(y)) != GRADER_OK) {
		free(a->v[--a->n]);
		return GRADER_ENOMEM;
	}
	return GRADER_OK;
}

int grader_lexicon_add_expansion(struct grader_lexicon *lex, const char *term,
				 const char *expansion)
{
	if (lex == NULL || grader_is_blank(term) || grader_is_blank(expansion))
		return GRADER_EINVALID;
	return push_pair(&lex->exp_from, term, &lex->exp_to, expansion);
}

int grader_lexicon_add_synonyms(struct grader_lexicon *lex, const char *const *words,
				size_t n)
{
	size_t group, first = lex != NULL ? lex->syn_member.n : 0;

	if (lex == NULL || words == NULL || n < 2)
		return GRADER_EINVALID;
	for (size_t i = 0; i < n; i++)
		if (grader_is_blank(words[i]))
			return GRADER_EINVALID;
	group = lex->syn_canon.n;
	if (grader_strvec_push(&lex->syn_canon, words[0], strlen(words[0])) != GRADER_OK)
		return GRADER_ENOMEM;
	if (lex->syn_member.n + n > lex->syn_group_alloc) {
		size_t na = (lex->syn_member.n + n) * 2;
		int *ng = realloc(lex->syn_group, na * sizeof(*ng));

		if (ng == NULL)
			goto nomem;
		lex->syn_group = ng;
		lex->syn_group_alloc = na;
	}
	for (size_t i = 0; i < n; i++) {
		if (grader_strvec_push(&lex->syn_member, words[i], strlen(words[i])) != GRADER_OK)
			goto nomem;
		lex->syn_group[lex->syn_member.n - 1] = (int)group;
	}
	return GRADER_OK;
nomem:
	/* leave the lexicon as it was */
	while (lex->syn_member.n > first)
		free(lex->syn_member.v[--lex->syn_member.n]);
	free(lex->syn_canon.v[--lex->syn_canon.n]);
	return GRADER_ENOMEM;
}

bool grader_word_is_negation(const char *word)
{
	for (size_t i = 0; word != NULL && grader_negations[i] != NULL; i++)
		if (strcasecmp(word, grader_negations[i]) == 0)
			return true;
	return false;
}

/* Negations are silently kept out of the stop list (documented in grader.h). */
int grader_lexicon_add_stopword(struct grader_lexicon *lex, const char *word)
{
	if (lex == NULL || grader_is_blank(word))
		return GRADER_EINVALID;
	if (grader_word_is_negation(word))
		return GRADER_OK;
	return grader_strvec_push(&lex->stop, word, strlen(word));
}

int grader_lexicon_add_generic(struct grader_lexicon *lex, const char *word)
{
	if (lex == NULL || grader_is_blank(word))
		return GRADER_EINVALID;
	return grader_strvec_push(&lex->generic, word, strlen(word));
}

int grader_lexicon_add_whole(struct grader_lexicon *lex, const char *word)
{
	if (lex == NULL || grader_is_blank(word) || strpbrk(word, " \t\n") != NULL ||
	    strlen(word) >= GRADER_WORD_MAX)
		return GRADER_EINVALID;
	return grader_strvec_push(&lex->whole, word, strlen(word));
}

/* Capture groups of pattern compiled as a payload, or -1 when it does not
 * compile (err set when err is not NULL). */
static int payload_captures(const char *pattern, size_t max_length, unsigned max_nest,
			    int *names, int *backrefs, struct grader_error *err)
{
	struct grader_pattern p = { NULL, NULL, false };
	int captures = -1;

	if (grader_pattern_compile_within(pattern, max_length, max_nest, GRADER_PATTERN_BYTES, &p,
					  err) == GRADER_OK &&
	    grader_pattern_groups(&p, &captures, names, backrefs) != GRADER_OK)
		captures = -1;
	grader_pattern_release(&p);
	return captures;
}

/*
 * Whether pattern keeps its meaning as one group of the payload alternation:
 * "(P)|(x)" must compile with exactly two groups more than P alone. A leading
 * (*VERB), a \Q quote left open or an (?x) comment would swallow the rest.
 */
static int stands_in_alternation(const char *pattern, int captures)
{
	size_t len = strlen(pattern);
	char *wrapped = malloc(len + 8);
	int names = 0, backrefs = 0, n;

	if (wrapped == NULL)
		return 0;
	snprintf(wrapped, len + 8, "(%s)|(x)", pattern);
	n = payload_captures(wrapped, len + 8, GRADER_PATTERN_MAX_NEST + 1, &names, &backrefs,
			     NULL);
	free(wrapped);
	return n == captures + 2;
}

int grader_lexicon_add_payload(struct grader_lexicon *lex, const char *pattern,
			       const char *means, struct grader_error *err)
{
	int captures, names = 0, backrefs = 0;

	if (lex == NULL || grader_is_blank(means)) {
		grader_error_set(err, GRADER_EINVALID, 0, "a payload must say in words what it means");
		return GRADER_EINVALID;
	}
	if (lex->pay_pattern.n >= GRADER_MAX_PAYLOADS) {
		grader_error_set(err, GRADER_EINVALID, 0, "too many payloads (at most 64, counting the bundled lexicon's)");
		return GRADER_EINVALID;
	}
	if (pattern == NULL || *pattern == '\0')
		return grader_pattern_check(pattern, err);   /* "empty pattern" */
	captures = payload_captures(pattern, GRADER_PATTERN_MAX_LENGTH, GRADER_PATTERN_MAX_NEST,
				    &names, &backrefs, err);
	if (captures < 0)
		return GRADER_EPATTERN;   /* err says why */
	if (names > 0 || backrefs > 0) {
		grader_error_set(err, GRADER_EINVALID, 0, "a payload pattern cannot use named "
				 "groups or back references; write (?:...) groups");
		return GRADER_EINVALID;
	}
	if (!stands_in_alternation(pattern, captures)) {
		grader_error_set(err, GRADER_EINVALID, 0, "a payload pattern must work as one group "
				 "of an alternation: no leading (*VERB), no \\Q without \\E, no "
				 "(?x) comments");
		return GRADER_EINVALID;
	}
	if (push_pair(&lex->pay_pattern, pattern, &lex->pay_means, means) != GRADER_OK)
		return GRADER_ENOMEM;
	lex->pay_captures[lex->pay_pattern.n - 1] = captures;
	return GRADER_OK;
}

static int copy_vec(struct grader_strvec *dst, const struct grader_strvec *src)
{
	for (size_t i = 0; i < src->n; i++)
		if (grader_strvec_push(dst, src->v[i], strlen(src->v[i])) != GRADER_OK)
			return GRADER_ENOMEM;
	return GRADER_OK;
}

struct grader_lexicon *grader_lexicon_clone(const struct grader_lexicon *lex)
{
	struct grader_lexicon *c = grader_lexicon_new();

	if (c == NULL || lex == NULL)
		return c;
	if (copy_vec(&c->exp_from, &lex->exp_from) != GRADER_OK ||
	    copy_vec(&c->exp_to, &lex->exp_to) != GRADER_OK ||
	    copy_vec(&c->syn_member, &lex->syn_member) != GRADER_OK ||
	    copy_vec(&c->syn_canon, &lex->syn_canon) != GRADER_OK ||
	    copy_vec(&c->stop, &lex->stop) != GRADER_OK ||
	    copy_vec(&c->generic, &lex->generic) != GRADER_OK ||
	    copy_vec(&c->whole, &lex->whole) != GRADER_OK ||
	    copy_vec(&c->pay_pattern, &lex->pay_pattern) != GRADER_OK ||
	    copy_vec(&c->pay_means, &lex->pay_means) != GRADER_OK)
		goto fail;
	memcpy(c->pay_captures, lex->pay_captures, sizeof(c->pay_captures));
	/* what the clone adds is prepared after all of lex: the prepared lexicon
	 * serves when it was made from exactly that */
	c->has_head = 1;
	c->head = grader_lexicon_counts(lex);
	if (lex->base != NULL && grader_lex_counts_equal(&lex->base->head, &c->head))
		c->base = grader_lexbase_ref(lex->base);
	if (lex->syn_member.n > 0) {
		c->syn_group = malloc(lex->syn_member.n * sizeof(int));
		if (c->syn_group == NULL)
			goto fail;
		memcpy(c->syn_group, lex->syn_group, lex->syn_member.n * sizeof(int));
		c->syn_group_alloc = lex->syn_member.n;
	}
	return c;
fail:
	grader_lexicon_free(c);
	return NULL;
}
