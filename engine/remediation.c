/*
 * remediation.c: what a line of an exercise's remediation answer says about an
 * accepted risk. Part 3 (courses/live/05-remediation.yaml, "Tickets and
 * accepted risks") teaches that a threat not fixed now is accepted in writing,
 * with the reasoning, an owner and a review date; learn reports which of those
 * a line that accepts the risk holds, each phrase only where no negation stands
 * shortly before it in its clause ("we cannot accept the risk", "no owner"). The
 * word lists are small on purpose and documented in docs/FORMAT.md ("The
 * remediation step").
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "tmengine.h"

/* Saying the risk is accepted rather than fixed. */
static const char *const accept_words[] = {
	"accept the risk", "accept this risk", "accept that risk", "accept risk",
	"accepted risk", "accepted the risk", "accepting the risk", "accepting risk",
	"accepting this risk", "risk accepted", "risk is accepted", "risk acceptance",
	"accept it as a risk", "won't fix", "wont fix", "will not fix", "won't be fixed",
	"will not be fixed", "not going to fix", NULL,
};

/* Who answers for it. */
static const char *const owner_words[] = {
	"owner", "owned by", "accepted by", "approved by", "signed off", "sign-off",
	"sign off", "signoff", NULL,
};

/* When it is looked at again; "review" alone is handled by review_date(). */
static const char *const review_words[] = {
	"revisit", "reassess", "re-assess", "re-evaluat", "reevaluat", "reconsider",
	"recheck", "re-check", "expire", "expiry", "expiration", "valid until", "look again",
	NULL,
};

/* Why it is acceptable. */
static const char *const reason_words[] = {
	"because", "since ", "reason", "given that", "as long as", "compensating",
	"mitigated by", "limited by", "only reachable", "cost of", "costs more", "retired",
	"retiring", "low likelihood", "unlikely", NULL,
};

/* Words that deny what follows them in the same clause: "we cannot accept the
 * risk", "no owner", "without an owner". */
static const char *const negators[] = {
	"no", "not", "never", "cannot", "can't", "cant", "won't", "don't", "dont", "doesn't",
	"didn't", "shouldn't", "mustn't", "isn't", "without", "none", NULL,
};

/* Words that start a new clause, so that a negation before them does not reach
 * past: "there is no fix, so we accept the risk". Not "or": "no owner or review
 * date" denies both. */
static const char *const clause_words[] = {
	"and", "but", "so", "then", "because", "since", "therefore", NULL,
};

/* Words that, after a negation following the acceptance in its clause, refuse
 * it: "accepting the risk isn't an option", "... is not acceptable here". */
static const char *const refusal_words[] = {
	"option", "acceptable", "allowed", "possible", "ok", "okay", "appropriate", "fine",
	NULL,
};

/* Words that refuse the acceptance before them on their own: "accepting the
 * risk is unacceptable", "risk acceptance was rejected". */
static const char *const refusing_words[] = {
	"unacceptable", "rejected", "refused", "denied", NULL,
};

/* Words before "review" that make it an activity, not the risk's review date. */
static const char *const activity_words[] = {
	"code", "peer", "security", "design", NULL,
};

/* Words that date a review: "review date end of Q3", "review on 1 March",
 * "review next quarter", "review in 6 weeks". A yyyy-mm-dd and Q1 to Q4 count too. */
static const char *const date_words[] = {
	"date", "by", "on", "next", "quarter", "quarters", "quarterly", "monthly", "yearly",
	"annually", "annual", "week", "weeks", "month", "months", "year", "years", "day",
	"days", "january", "february", "march", "april", "june", "july", "august",
	"september", "october", "november", "december", NULL,
};

/* How many words before a phrase a negation reaches ("not a candidate for risk
 * acceptance", "without an owner or a review date"), and after an acceptance a
 * refusal ("accepting the risk is not an option"). */
enum { NEGATION_REACH = 6, REFUSAL_REACH = 6, DATE_REACH_AFTER = 4, DATE_REACH_BEFORE = 2 };

/* Whether word[0..len) is one of words. */
static bool is_one_of(const char *word, size_t len, const char *const *words)
{
	for (size_t i = 0; words[i] != NULL; i++)
		if (strlen(words[i]) == len && strncmp(word, words[i], len) == 0)
			return true;
	return false;
}

static bool word_char(char c)
{
	return isalnum((unsigned char)c) || c == '\'' || c == '-';
}

/* The start of the word that ends just before end (skipping the spaces before
 * it) in text, and its length in *len; NULL at the start of text or at a
 * clause mark (, ; : . ! ? parentheses, a dash between spaces). */
static const char *word_before(const char *text, const char *end, size_t *len)
{
	const char *p = end;
	while (p > text && p[-1] == ' ')
		p--;
	if (p == text || !word_char(p[-1]))
		return NULL;
	const char *stop = p;
	while (p > text && word_char(p[-1]))
		p--;
	*len = (size_t)(stop - p);
	if (*len == 1 && *p == '-')
		return NULL;
	return p;
}

/* The word that starts after at (skipping spaces), its length in *len; NULL at
 * the end of text or at a mark that ends a sentence (. ; ! ?). */
static const char *word_after(const char *at, size_t *len)
{
	const char *p = at;
	while (*p != '\0' && !word_char(*p)) {
		if (strchr(".;!?", *p) != NULL && !isdigit((unsigned char)p[1]))
			return NULL;
		p++;
	}
	if (*p == '\0')
		return NULL;
	const char *start = p;
	while (word_char(*p))
		p++;
	*len = (size_t)(p - start);
	return start;
}

/* Whether a negation (negators) stands in the few words before at in its
 * clause. */
static bool negated(const char *text, const char *at)
{
	const char *end = at;
	size_t len;
	for (int n = 0; n < NEGATION_REACH; n++) {
		const char *w = word_before(text, end, &len);
		if (w == NULL || is_one_of(w, len, clause_words))
			return false;
		if (is_one_of(w, len, negators))
			return true;
		end = w;
	}
	return false;
}

/* Whether the words after a phrase (from after, in its clause: up to a , ; :
 * . ! ? or a clause word) refuse it: a refusing word, or a negation followed by
 * a refusal word ("isn't an option", "is not acceptable"). */
static bool refused_after(const char *after)
{
	bool negation = false;
	const char *p = after;
	for (int n = 0; n < REFUSAL_REACH; n++) {
		while (*p != '\0' && !word_char(*p) && strchr(",;:.!?", *p) == NULL)
			p++;
		if (*p == '\0' || strchr(",;:.!?", *p) != NULL)
			return false;
		const char *w = p;
		while (word_char(*p))
			p++;
		size_t len = (size_t)(p - w);
		if (is_one_of(w, len, clause_words))
			return false;
		if (is_one_of(w, len, refusing_words) || (negation && is_one_of(w, len, refusal_words)))
			return true;
		negation |= is_one_of(w, len, negators);
	}
	return false;
}

/* Whether the lowercase text holds one of words, not negated before it nor
 * refused after it; a phrase only counts where it starts a word ("accept" in
 * "unacceptable" does not). */
static bool says(const char *text, const char *const *words)
{
	for (size_t i = 0; words[i] != NULL; i++)
		for (const char *at = strstr(text, words[i]); at != NULL;
		     at = strstr(at + 1, words[i]))
			if ((at == text || !isalnum((unsigned char)at[-1])) && !negated(text, at) &&
			    !refused_after(at + strlen(words[i])))
				return true;
	return false;
}

/* Whether word[0..len) dates something: date_words, Q1 to Q4, a yyyy-mm-dd or
 * yyyy-mm. */
static bool dates(const char *word, size_t len)
{
	if (is_one_of(word, len, date_words))
		return true;
	if (len == 2 && word[0] == 'q' && word[1] >= '1' && word[1] <= '4')
		return true;
	if (len != 7 && len != 10)
		return false;
	for (size_t i = 0; i < len; i++)
		if ((i == 4 || i == 7) ? word[i] != '-' : !isdigit((unsigned char)word[i]))
			return false;
	return true;
}

/* Whether the review that starts at at (its word ends at after) is dated by a
 * word near it that is not itself negated ("no date"). */
static bool dated(const char *text, const char *at, const char *after)
{
	const char *end = at, *w;
	size_t len;
	for (int n = 0; n < DATE_REACH_BEFORE && (w = word_before(text, end, &len)) != NULL; n++) {
		if (dates(w, len) && !negated(text, w))
			return true;
		end = w;
	}
	for (int n = 0; n < DATE_REACH_AFTER && (w = word_after(after, &len)) != NULL; n++) {
		if (dates(w, len) && !negated(text, w))
			return true;
		after = w + len;
	}
	return false;
}

/* Whether the lowercase text gives a review date: one of review_words, or
 * "review" (reviewed, ...) with a date word near it, neither negated ("no
 * review date") nor an activity ("code review", "security review"). */
static bool review_date(const char *text)
{
	if (says(text, review_words))
		return true;
	for (const char *at = strstr(text, "review"); at != NULL; at = strstr(at + 1, "review")) {
		size_t len;
		const char *before = word_before(text, at, &len), *after = at;
		if (at != text && isalnum((unsigned char)at[-1]))
			continue;
		if (negated(text, at))
			continue;
		if (before != NULL && is_one_of(before, len, activity_words))
			continue;
		while (word_char(*after))
			after++;
		if (dated(text, at, after))
			return true;
	}
	return false;
}

/* line lowercased (ASCII), with a typographic apostrophe (U+2019) written as
 * "'" so that "won't" reads the same either way; NULL when out of memory.
 * Caller frees. */
static char *folded(const char *line)
{
	char *out = malloc(strlen(line) + 1), *o = out;
	if (out == NULL)
		return NULL;
	for (const char *p = line; *p != '\0'; p++) {
		if (strncmp(p, "\xe2\x80\x99", 3) == 0) {
			*o++ = '\'';
			p += 2;
			continue;
		}
		*o++ = (char)tolower((unsigned char)*p);
	}
	*o = '\0';
	return out;
}

unsigned tm_remediation_acceptance(const char *line)
{
	char *text = line != NULL ? folded(line) : NULL;
	unsigned parts = 0;
	if (text == NULL)
		return 0;
	if (says(text, accept_words)) {
		parts = TM_ACCEPT_SAID;
		parts |= says(text, owner_words) ? TM_ACCEPT_OWNER : 0;
		parts |= review_date(text) ? TM_ACCEPT_REVIEW : 0;
		parts |= says(text, reason_words) ? TM_ACCEPT_REASON : 0;
	}
	free(text);
	return parts;
}
