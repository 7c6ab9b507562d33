/*
 * rules.h: content rules that the YAML loader (load_*.c) enforces and the
 * Moodle XML import (import_moodle.c) applies to what it writes, so that an
 * imported module is one the loader accepts (engine-internal).
 *
 * The loader reports a value that breaks a rule; the import mends or skips it
 * with a warning. Both ask the functions and limits below, never a copy.
 */
#ifndef TM_RULES_H
#define TM_RULES_H

#include <stdbool.h>
#include <stddef.h>

/* The longest id (module, question, threat...) in bytes. */
#define RULE_ID_MAX 64
/* Accepted (and, apart, rejected) answers a short question may list: grading
 * an answer prepares each of them for matching, about 0.4 MB and 0.5 ms each
 * with the bundled lexicon; past a hundred, patterns say it better. */
#define RULE_SHORT_ANSWERS_MAX 100

/* A question's points: from RULE_POINTS_MIN to RULE_POINTS_MAX (default 1). */
#define RULE_POINTS_MIN 0.01
#define RULE_POINTS_MAX 1000.0

/* The largest tolerance of a numeric question: any wider and nearly any
 * answer would be right. */
#define RULE_TOLERANCE_MAX 1e12

/** Whether s[0..len) is an id: lowercase ASCII letters, digits and '-', not
 *  starting with '-', 1 to RULE_ID_MAX bytes. loose also allows uppercase
 *  letters and '_' (answer keys' threat ids). */
bool rule_id_ok(const char *s, size_t len, bool loose);

/** Whether s holds a letter or a digit (any non-ASCII byte counts as one): an
 *  accepted answer or a hint needs a word. */
bool rule_has_word(const char *s);

/** Whether a and b are the same answer, case (ASCII) and blanks aside
 *  (" Card  Testing" is "card testing"): a short question's rejected answer
 *  may not be an accepted one, for the loader and the import alike. */
bool rule_same_answer(const char *a, const char *b);
/** A text that reads like an earlier one, and the first of its kind. */
struct rule_repeat {
	size_t later, first;   /* indexes into the texts */
};
/** The texts of texts[0..n) that read like an earlier one (as rule_same_answer()
 *  compares them when fold, else exactly) into out (room for n), each with the
 *  first text of its kind, in the order of the texts sorted; with apart, only
 *  those written differently from that first (other case or blanks). Sorting
 *  keeps it quick for any n. Returns how many, or -1 on ENOMEM. */
long rule_repeats(const char *const *texts, size_t n, bool fold, bool apart,
		  struct rule_repeat *out);
/** s as rule_same_answer() compares it: ASCII lowercased, trimmed, each run of
 *  blanks one space; into out (room for strlen(s) + 1 bytes), returned. */
char *rule_fold_answer(const char *s, char *out);

/** The length of the verdict s starts with ("correct", "Not quite", "partly
 *  right"... any case, followed by neither a letter, a digit, '-' nor '\''),
 *  or 0. The learner UI prints the verdict before feedback, so feedback must
 *  not open with one. */
size_t rule_verdict_len(const char *s);

/** Whether pattern, one that compiles, hits a PCRE2 match limit on some
 *  hostile line (runs of a letter, of blanks, of short words: see
 *  grader_pattern_probe()), where it would count as no match without a word.
 *  If so, writes why (cut to size) in the words the loader and the import
 *  both use: "hits the match limit on a line like '...', and would count as no
 *  match there: avoid ...". A few hundred short matches: for validating and
 *  importing, not for every grading. */
bool rule_pattern_hits_limit(const char *pattern, char *why, size_t size);

/** Whether pattern matches one of a few off-topic lines ("x", "I have no
 *  idea", "the UI is ugly", "42"), so that it would credit nearly any answer or
 *  line: ".", ".+", "\\S", "\\w\\w", "[aeiou]", "e", "\\s". If so, writes why
 *  (cut to size), naming the line it matched and what (an "answer" of a short
 *  question, a "line" of a threat list): "matches the off-topic line '...', so
 *  it would credit nearly any answer: make it require ...". A pattern that
 *  does not compile is not (reported on its own). A few short matches: cheap
 *  enough for every load. */
bool rule_pattern_matches_off_topic(const char *pattern, const char *what, char *why,
				    size_t size);

struct grader_key;

/** The same for pattern j of threat i of key, which holds it compiled
 *  (grader_threat_pattern_match()): tried on each off-topic line without
 *  compiling it again. */
bool rule_key_pattern_matches_off_topic(const struct grader_key *key, size_t i, size_t j,
					const char *what, char *why, size_t size);

struct grader_lexicon;

/** Whether each accepted answer texts[i] (i < n) has only words the grader
 *  leaves out (stop words: "the") once read with lexicon lex (NULL: none), so
 *  that no answer can match it: sets only_stop[i]. The n answers share one
 *  key, prepared against lex once. Returns 0, or -1 when the key
 *  cannot be built (out of memory; an answer the grader refuses), with
 *  only_stop all false. */
int rule_stop_word_answers(const struct grader_lexicon *lex, const char *const *texts,
			   size_t n, bool *only_stop);
/** The same, and, when only_generic is not NULL, whether each text has words
 *  the grader compares but only generic ones (the lexicon's "attacker",
 *  "user", "data": they weigh a quarter), so that any line that mentions them
 *  matches it as well as a line about the threat: sets only_generic[i] (false
 *  where only_stop[i] is true). The generic check reads each text against the
 *  key as a line (grader_line_features()), so it takes time in the square of
 *  n: for a key's aliases, not a bank of answers. Returns 0, or -1 (out of
 *  memory; an answer the grader refuses) with both all false. */
int rule_answer_words(const struct grader_lexicon *lex, const char *const *texts, size_t n,
		      bool *only_stop, bool *only_generic);

/** The i-th of the off-topic lines that patterns are tried on ("I have no
 *  idea", "the UI is ugly"; see rule_pattern_matches_off_topic()), NULL past
 *  the last: the loader tries a key's aliases on them too. */
const char *rule_off_topic_line(size_t i);

#endif
