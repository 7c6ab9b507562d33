/*
 * rules.c: content rules shared by the loader and the Moodle import (see
 * rules.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "grader.h"
#include "rules.h"

static bool id_char(char c, bool loose)
{
	if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')
		return true;
	return loose && ((c >= 'A' && c <= 'Z') || c == '_');
}

bool rule_id_ok(const char *s, size_t len, bool loose)
{
	if (s == NULL || len == 0 || len > RULE_ID_MAX || s[0] == '-')
		return false;
	for (size_t i = 0; i < len; i++)
		if (!id_char(s[i], loose))
			return false;
	return true;
}

bool rule_has_word(const char *s)
{
	for (; *s != '\0'; s++)
		if (isalnum((unsigned char)*s) || ((unsigned char)*s & 0x80))
			return true;
	return false;
}

char *rule_fold_answer(const char *s, char *out)
{
	size_t n = 0;
	while (isspace((unsigned char)*s))
		s++;
	for (; *s != '\0'; s++) {
		if (isspace((unsigned char)*s)) {
			if (s[1] != '\0' && !isspace((unsigned char)s[1]))
				out[n++] = ' ';
			continue;
		}
		out[n++] = (char)tolower((unsigned char)*s);
	}
	out[n] = '\0';
	return out;
}

/* A text as compared for repeats, and where it was. */
struct sort_text {
	const char *text;   /* folded copy, or the text itself */
	size_t index;
};

static int by_text_then_index(const void *pa, const void *pb)
{
	const struct sort_text *a = pa, *b = pb;
	int c = strcmp(a->text, b->text);
	return c != 0 ? c : (a->index > b->index) - (a->index < b->index);
}

long rule_repeats(const char *const *texts, size_t n, bool fold, bool apart,
		  struct rule_repeat *out)
{
	struct sort_text *s = calloc(n > 0 ? n : 1, sizeof(*s));
	size_t made = 0;
	long found = -1;
	if (s == NULL)
		return -1;
	for (; made < n; made++) {
		char *f = fold ? malloc(strlen(texts[made]) + 1) : NULL;
		if (fold && f == NULL)
			goto cleanup;
		s[made] = (struct sort_text){ fold ? rule_fold_answer(texts[made], f) : texts[made],
					      made };
	}
	qsort(s, n, sizeof(*s), by_text_then_index);
	found = 0;
	for (size_t k = 1, first = n > 0 ? s[0].index : 0; k < n; k++) {
		if (strcmp(s[k].text, s[k - 1].text) != 0)
			first = s[k].index;
		else if (!apart || strcmp(texts[s[k].index], texts[first]) != 0)
			out[found++] = (struct rule_repeat){ s[k].index, first };
	}
cleanup:
	for (size_t i = 0; fold && i < made; i++)
		free((char *)s[i].text);
	free(s);
	return found;
}

bool rule_same_answer(const char *a, const char *b)
{
	char *fa = malloc(strlen(a) + 1), *fb = malloc(strlen(b) + 1);
	/* out of memory: not known to be the same */
	bool same = fa != NULL && fb != NULL &&
		    strcmp(rule_fold_answer(a, fa), rule_fold_answer(b, fb)) == 0;
	free(fa);
	free(fb);
	return same;
}

/* The verdicts the learner UI prints before feedback ("Correct.", "Not quite.",
 * "Partly right: ..."), and the words that mean the same. No entry is the
 * start of another followed by a word boundary, so their order does not
 * matter. */
static const char *const verdicts[] = { "correct", "incorrect", "right", "wrong", "not quite",
					"partly right" };

size_t rule_verdict_len(const char *s)
{
	for (size_t i = 0; i < sizeof(verdicts) / sizeof(verdicts[0]); i++) {
		size_t len = strlen(verdicts[i]);
		if (strncasecmp(s, verdicts[i], len) == 0 && !isalnum((unsigned char)s[len]) &&
		    s[len] != '-' && s[len] != '\'')
			return len;
	}
	return 0;
}

bool rule_pattern_hits_limit(const char *pattern, char *why, size_t size)
{
	char line[64];

	if (grader_pattern_probe(pattern, line, sizeof(line)) != 1)
		return false;
	if (size > 0)
		snprintf(why, size, "hits the match limit on a line like '%s', and would count as "
			 "no match there: avoid nested repetition such as (a+)+ or (\\w+\\s?)*, "
			 "and more than two .* in a row",
			 line);
	return true;
}

/* Lines that answer nothing: a line that says "I do not know", one about
 * something else, a stray letter, a number. A pattern that matches one of them
 * asks too little of what the learner wrote: a single letter, any two
 * letters, any blank (e, \w\w, [aeiou], .{3}, \s) match nearly every answer. */
static const char *const off_topic_lines[] = { "x", "I have no idea", "the UI is ugly", "42" };

/* The off-topic lines as one text, so that a pattern is compiled once for all
 * of them, in multi-line mode ("(?m)" put before it: ^ and $ at each line). */
static const char off_topic_text[] = "x\nI have no idea\nthe UI is ugly\n42";

/* Whether pattern, as written, should be tried line by line instead: one that
 * starts with a (*VERB), which must come first, or names the text's own start
 * or end (\A, \Z, \z, \G), which multi-line mode does not move. */
static bool needs_each_line(const char *pattern)
{
	return strncmp(pattern, "(*", 2) == 0 || strstr(pattern, "\\A") != NULL ||
	       strstr(pattern, "\\Z") != NULL || strstr(pattern, "\\z") != NULL ||
	       strstr(pattern, "\\G") != NULL;
}

/* The off-topic line pattern matches, tried one by one; NULL when none. */
static const char *off_topic_line_matched(const char *pattern)
{
	for (size_t i = 0; i < sizeof(off_topic_lines) / sizeof(off_topic_lines[0]); i++)
		if (grader_pattern_match(pattern, off_topic_lines[i]) == 1)
			return off_topic_lines[i];
	return NULL;
}

/* Writes why pattern, which matches the off-topic line, is refused; true. */
static bool off_topic_why(const char *line, const char *what, char *why, size_t size)
{
	if (size > 0)
		snprintf(why, size, "matches the off-topic line '%s', so it would credit "
			 "nearly any %s: make it require the words that say what is right "
			 "(such as '\\bcsrf\\b')", line, what);
	return true;
}

bool rule_key_pattern_matches_off_topic(const struct grader_key *key, size_t i, size_t j,
					const char *what, char *why, size_t size)
{
	for (size_t k = 0; k < sizeof(off_topic_lines) / sizeof(off_topic_lines[0]); k++)
		if (grader_threat_pattern_match(key, i, j, off_topic_lines[k]) == 1)
			return off_topic_why(off_topic_lines[k], what, why, size);
	return false;
}

bool rule_pattern_matches_off_topic(const char *pattern, const char *what, char *why,
				    size_t size)
{
	char multi[1100];
	const char *line = NULL;

	/* one compile for every line: a load checks every pattern of the content,
	 * and compiling is most of a check's cost; a match there (rare: the
	 * pattern is wrong) is told line by line, which also names the line */
	if (needs_each_line(pattern) || strlen(pattern) + 5 > sizeof(multi)) {
		line = off_topic_line_matched(pattern);
	} else {
		snprintf(multi, sizeof(multi), "(?m)%s", pattern);
		if (grader_pattern_match(multi, off_topic_text) != 0)
			line = off_topic_line_matched(pattern);
	}
	return line != NULL && off_topic_why(line, what, why, size);
}

/* The index of the calibration input named name, or GRADER_N_FEATURES. */
static size_t feature_index(const char *name)
{
	size_t i = 0;

	while (i < GRADER_N_FEATURES && strcmp(grader_feature_name(i), name) != 0)
		i++;
	return i;
}

/* Sets only_generic[i] when texts[i], read as a line against the key whose
 * threat i is titled texts[i], shares words with that title but none that
 * the grader weighs in full: the calibration inputs say how many words a line
 * shares ("words_shared") and how many of them are not generic
 * ("words_matched"). Returns 0, or -1 on ENOMEM. */
static int mark_generic(const struct grader_key *key, const char *const *texts, size_t n,
			bool *only_generic)
{
	size_t shared = feature_index("words_shared"), matched = feature_index("words_matched");
	double *x = malloc(n * GRADER_N_FEATURES * sizeof(*x));

	if (x == NULL || shared == GRADER_N_FEATURES || matched == GRADER_N_FEATURES) {
		free(x);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		const double *row = x + i * GRADER_N_FEATURES;

		if (grader_line_features(key, texts[i], 0, x, NULL) != GRADER_OK) {
			free(x);
			return -1;
		}
		only_generic[i] = row[shared] > 0 && row[matched] <= 0;
	}
	free(x);
	return 0;
}

/* One threat per answer, its title the answer: the grader counts the words it
 * compares in a title, the same count whatever else the key holds, so all the
 * answers share one key, prepared against the lexicon once (a bank of 60,000
 * answers: under a second). */
int rule_answer_words(const struct grader_lexicon *lex, const char *const *texts, size_t n,
		      bool *only_stop, bool *only_generic)
{
	struct grader_key *key = grader_key_new(NULL);
	struct grader_threat_spec spec;
	char id[32];
	int rc = -1;

	for (size_t i = 0; i < n; i++) {
		only_stop[i] = false;
		if (only_generic != NULL)
			only_generic[i] = false;
	}
	if (key == NULL)
		return -1;
	memset(&spec, 0, sizeof(spec));
	spec.stride = GRADER_STRIDE_S;
	spec.severity = GRADER_SEV_LOW;
	spec.id = id;
	for (size_t i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "a%zu", i);
		spec.title = texts[i];
		if (grader_key_add_threat(key, &spec, NULL) != GRADER_OK)
			goto cleanup;
	}
	if (grader_key_prepare(key, lex) != GRADER_OK)
		goto cleanup;
	if (only_generic != NULL && mark_generic(key, texts, n, only_generic) != 0)
		goto cleanup;
	for (size_t i = 0; i < n; i++)
		only_stop[i] = grader_key_title_words(key, i) == 0;
	rc = 0;
cleanup:
	if (rc != 0 && only_generic != NULL)
		for (size_t i = 0; i < n; i++)
			only_generic[i] = false;
	grader_key_free(key);
	return rc;
}

int rule_stop_word_answers(const struct grader_lexicon *lex, const char *const *texts,
			   size_t n, bool *only_stop)
{
	return rule_answer_words(lex, texts, n, only_stop, NULL);
}

const char *rule_off_topic_line(size_t i)
{
	return i < sizeof(off_topic_lines) / sizeof(off_topic_lines[0]) ? off_topic_lines[i] : NULL;
}
