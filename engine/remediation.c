/*
 * remediation.c: what a line of an exercise's remediation answer says about an
 * accepted risk. Part 3 (courses/live/05-remediation.yaml, "Tickets and
 * accepted risks") teaches that a threat not fixed now is accepted in writing,
 * with the reasoning, an owner and a review date; learn reports which of those
 * a line that accepts the risk holds. The word lists are small on purpose and
 * documented in docs/FORMAT.md ("The remediation step").
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

/* When it is looked at again. */
static const char *const review_words[] = {
	"review", "revisit", "reassess", "re-assess", "re-evaluat", "reevaluat", "reconsider",
	"recheck", "re-check", "expire", "expiry", "expiration", "valid until", "look again",
	NULL,
};

/* Why it is acceptable. */
static const char *const reason_words[] = {
	"because", "since ", "reason", "given that", "as long as", "compensating",
	"mitigated by", "limited by", "only reachable", "cost of", "costs more", "retired",
	"retiring", "low likelihood", "unlikely", NULL,
};

/* Whether the lowercase text holds one of words. */
static bool says(const char *text, const char *const *words)
{
	for (size_t i = 0; words[i] != NULL; i++)
		if (strstr(text, words[i]) != NULL)
			return true;
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
		parts |= says(text, review_words) ? TM_ACCEPT_REVIEW : 0;
		parts |= says(text, reason_words) ? TM_ACCEPT_REASON : 0;
	}
	free(text);
	return parts;
}
