/*
 * quiz_distractor.c: reading a short answer graded right for the distractors
 * of its question (docs/FORMAT.md, `distractors:`): an answer that lists the
 * options of a closed set, one of them a distractor, is a list to pick from,
 * not an answer. The measures come from quiz_short.c (quiz_distractor.h).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tmengine.h"
#include "learn_internal.h"
#include "quiz_distractor.h"
#include "textchars.h"

/*
 * A question whose answer is one of a closed set (which STRIDE category...)
 * may list the other options as distractors: an answer that lists options,
 * naming one of them besides a right one ("spoofing, tampering, ..., elevation
 * of privilege", "integrity availability confidentiality"), is a list to pick
 * from, not an answer. An answer is such a list when
 *   - every word of it belongs to the name of an option (a distractor or an
 *     accepted answer), the words that join a list ("and", "or", "maybe",
 *     commas...) aside: a sentence that explains its answer ("reproducibility
 *     of the damage", "elevation of privilege, which can also cause denial of
 *     service", "tampering leads to EoP": loose_run()) has words that name no
 *     option, and is read as an answer;
 *   - the words a negation or contrast sets aside are left out (read_answer():
 *     "level 0 diagram, not level 1 or level 2" is "level 0 diagram", "EoP
 *     rather than tampering" is "EoP rather"): the learner is telling those
 *     options apart, not listing them;
 *   - and a run of its words passes a distractor (similar enough, covering
 *     most of its weight, no negation clash: the prompt's words play no part)
 *     more closely than it passes any accepted answer or pattern, or is a
 *     word of its name, or its short form ("S", "DoS": is_short_form).
 * The grader reads a negation over the whole answer: an answer that sets
 * distractors aside is graded again without them (distractor_affirmed()).
 * A second term that is also accepted is no distractor. The rule
 * errs towards crediting: a list with one word more ("EoP, and perhaps DoS as
 * well") is read as an answer.
 */

#define ANSWER_WORDS 256   /* words of an answer looked at for distractors */
#define RUN_MAX 6          /* the longest run of words compared with an option */
#define ITEM_WORDS 24      /* the most words of an item read as a list of options */
#ifndef MAX
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#endif

/* One word of the answer: where it is, the clause it belongs to, the reach of
 * a negation or contrast before it (a clause mark or "but" ends one: "not
 * level 1 or level 2" sets both aside), and whether one sets it aside. */
struct word {
	size_t start, end;
	size_t clause, reach;
	bool sets, aside;   /* it is a negation or contrast; one before it in reach */
};

/* Whether c ends a clause where it stands at p (a full stop only before a
 * blank or the end: "169.254.169.254" is one word). */
static bool ends_clause(const char *p)
{
	if (*p == '.')
		return p[1] == '\0' || p[1] == ' ' || p[1] == '\t' || p[1] == '\n';
	return strchr(",;:!?()[]{}/|\n", *p) != NULL;
}

/* Whether the n bytes at w are a word that joins two items of a list, or
 * hedges the next one ("maybe also DoS" adds DoS as "or DoS" does). */
static bool joins_items(const char *w, size_t n)
{
	static const char *const joins[] = { "and", "or", "but", "plus", "&", "maybe",
					     "perhaps", "possibly", "probably", "also", NULL };
	for (size_t i = 0; joins[i] != NULL; i++)
		if (strlen(joins[i]) == n && strncasecmp(w, joins[i], n) == 0)
			return true;
	return false;
}

/* Splits text into at most max words, each with its clause (a new one after
 * each clause mark and at "but", "and", "or", "plus" and "&", which are left
 * out) and reach (a new one after each clause mark and at "but"); returns how
 * many. */
static size_t split_words(const char *text, struct word *w, size_t max)
{
	size_t n = 0, clause = 0, reach = 0, i = 0;
	while (text[i] != '\0' && n < max) {
		if (ends_clause(text + i)) {
			clause++;
			reach++;
			i++;
			continue;
		}
		if (strchr(" \t\r", text[i]) != NULL) {
			i++;
			continue;
		}
		size_t start = i;
		while (text[i] != '\0' && strchr(" \t\r", text[i]) == NULL && !ends_clause(text + i))
			i++;
		if (joins_items(text + start, i - start)) {
			clause++;
			reach += i - start == 3 && strncasecmp(text + start, "but", 3) == 0;
			continue;
		}
		w[n++] = (struct word){ start, i, clause, reach, false, false };
	}
	return n;
}

/* Whether the word at w (n bytes) sets a mention after it aside: a negation
 * (as the grader reads them, or a word ending in n't) or a contrast. */
static bool sets_aside(const char *w, size_t n)
{
	static const char *const contrasts[] = { "than", "unlike", "instead", "opposed",
						 "above", "below", "beyond", "over", "except",
						 "vs", "versus", "before", "after", NULL };
	char word[32];
	if (n == 0 || n >= sizeof(word))
		return false;
	memcpy(word, w, n);
	word[n] = '\0';
	if (grader_word_is_negation(word) || (n > 3 && strcasecmp(word + n - 3, "n't") == 0))
		return true;
	for (size_t i = 0; contrasts[i] != NULL; i++)
		if (strcasecmp(word, contrasts[i]) == 0)
			return true;
	return false;
}

/* How closely text passes p (prepared): its similarity, or 0 when it does not
 * pass (too unlike, covering too little of it, or a negation clash). The
 * prompt's words play no part: naming a distractor the prompt names is still
 * naming it. Returns 0, or -1 on ENOMEM. */
static int passes(const struct prepared *p, const char *text, double *sim)
{
	double cover;
	int words;
	bool clash;
	*sim = 0;
	if (p->key == NULL)
		return 0;
	double x = grader_answer_similarity(p->key, text, NULL, 0);
	if (x < 0)
		return -1;
	if (x < TM_QUIZ_SHORT_THRESHOLD)
		return 0;
	if (short_title_cover(p->key, text, &cover, &words, &clash) != 0)
		return -1;
	if (!clash && cover >= SHORT_COVER)
		*sim = x;
	return 0;
}

/* How closely text passes the closest accepted answer or affirmed pattern
 * (a pattern as PATTERN_SIMILARITY), into *near. Returns 0, -1 on ENOMEM. */
static int closest_accepted(const struct tm_short_answers *s, const char *text,
			    struct closeness *near)
{
	*near = (struct closeness){ 0, SIZE_MAX, -1 };
	for (size_t i = 0; i < tm_question_pattern_count(s->q); i++) {
		int m = grader_pattern_match_affirmed(tm_question_pattern(s->q, i), text);
		if (m == GRADER_MATCH_NOMEM)
			return -1;
		if (m == 1)
			*near = (struct closeness){ PATTERN_SIMILARITY, SIZE_MAX, -1 };
	}
	for (size_t i = 0; i < tm_question_accept_count(s->q); i++) {
		const char *acc = tm_question_accept(s->q, i);
		double sim;
		if (short_prepare(s, &s->accept[i], acc) != 0 || passes(&s->accept[i], text, &sim) != 0)
			return -1;
		if (sim <= 0 || sim < near->sim - SAME_SIM)
			continue;
		size_t apart = short_letters_apart(text, acc);
		if (sim > near->sim + SAME_SIM || apart < near->apart)
			*near = (struct closeness){ sim, apart, (long)i };
	}
	return 0;
}

/* Whether run (a run of the answer's words) names distractor k: passes it
 * more closely than anything accepted (between equally similar ones, by
 * fewer letters apart). Returns 1, 0, or -1 on ENOMEM. */
static int run_names(const struct tm_short_answers *s, const char *run, size_t k)
{
	const char *text = tm_question_distractor(s->q, k);
	struct closeness acc;
	double sim;
	if (short_prepare(s, &s->distract[k], text) != 0 || passes(&s->distract[k], run, &sim) != 0)
		return -1;
	if (sim <= 0)
		return 0;
	if (closest_accepted(s, run, &acc) != 0)
		return -1;
	if (sim > acc.sim + SAME_SIM)
		return 1;
	return sim > acc.sim - SAME_SIM && short_letters_apart(run, text) < acc.apart;
}

/* Words in text (runs split at blanks and hyphens), at least 1. */
static size_t word_count(const char *text)
{
	size_t n = 0;
	for (const char *p = text; *p != '\0';) {
		p += strspn(p, " \t\n-");
		if (*p == '\0')
			break;
		n++;
		p += strcspn(p, " \t\n-");
	}
	return n > 0 ? n : 1;
}


/* Copies the words from..to (inclusive) of text into run. */
static char *copy_run(const char *text, const struct word *w, size_t from, size_t to,
		      char *run)
{
	size_t len = w[to].end - w[from].start;
	memcpy(run, text + w[from].start, len);
	run[len] = '\0';
	return run;
}

/* The most words an accepted answer has (at least 1): a run of more words is no
 * accepted answer's name, whatever a pattern says of it. */
static size_t accepted_words(const struct tm_question *q)
{
	size_t most = 1;
	for (size_t i = 0; i < tm_question_accept_count(q); i++)
		most = MAX(most, word_count(tm_question_accept(q, i)));
	return most;
}

/* Whether every word of run is a word of name (case aside), one of them at
 * least three letters long: "security" of "security guide", "engineers" of
 * "feature engineers", what a list shortens an option's name to. */
static bool words_within(const char *run, const char *name)
{
	bool long_word = false;
	for (const char *p = run; *p != '\0';) {
		p += strspn(p, " \t-");
		size_t n = strcspn(p, " \t-");
		if (n == 0)
			break;
		bool found = false;
		for (const char *q = name; *q != '\0' && !found;) {
			q += strspn(q, " \t-");
			size_t m = strcspn(q, " \t-");
			found = m == n && m > 0 && strncasecmp(p, q, n) == 0;
			q += m;
		}
		if (!found)
			return false;
		long_word = long_word || n >= 3;
		p += n;
	}
	return long_word;
}

/* The next word of *p (words split at blanks and hyphens) into word, NUL-ended,
 * and *p past it; a word of size bytes or more comes back empty. Returns
 * false at the end of the text. */
static bool next_word(const char **p, char *word, size_t size)
{
	*p += strspn(*p, " \t-");
	size_t n = strcspn(*p, " \t-");
	if (n == 0)
		return false;
	word[0] = '\0';
	if (n < size) {
		memcpy(word, *p, n);
		word[n] = '\0';
	}
	*p += n;
	return true;
}

/* Whether some word of run is a word of an accepted answer ("diagram" of
 * "context diagram"): such a run shortens no distractor. */
static bool within_accepted(const struct tm_question *q, const char *run)
{
	char word[64];
	for (const char *p = run; next_word(&p, word, sizeof(word));)
		for (size_t i = 0; word[0] != '\0' && i < tm_question_accept_count(q); i++)
			if (words_within(word, tm_question_accept(q, i)))
				return true;
	return false;
}

/* Whether a word of run is a word of a distractor's name and of no accepted
 * answer's. */
static bool has_distractor_word(const struct tm_question *q, const char *run)
{
	char word[64];
	for (const char *p = run; next_word(&p, word, sizeof(word));)
		for (size_t d = 0; word[0] != '\0' && d < tm_question_distractor_count(q); d++)
			if (words_within(word, tm_question_distractor(q, d)) &&
			    !within_accepted(q, word))
				return true;
	return false;
}

/*
 * Whether run (one word) is a short form of name, case aside: the initials of
 * all its words ("DoS" of "denial of service", "ID" of "information
 * disclosure"), or its first letter alone ("S" of "spoofing", "I" of
 * "information disclosure"), as STRIDE, DREAD and LINDDUN write their letters.
 */
static bool is_short_form(const char *run, const char *name)
{
	char initials[16];
	size_t n = 0, len = strlen(run);
	for (const char *p = name; *p != '\0' && n < sizeof(initials) - 1;) {
		p += strspn(p, " \t-");
		if (*p == '\0')
			break;
		initials[n++] = *p;
		p += strcspn(p, " \t-");
	}
	initials[n] = '\0';
	if (len == 0 || len > n)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!((run[i] >= 'a' && run[i] <= 'z') || (run[i] >= 'A' && run[i] <= 'Z')))
			return false;
	return (len == 1 || len == n) && strncasecmp(run, initials, len) == 0;
}

/* Whether run is a short form of an accepted answer (is_short_form). */
static bool short_form_accepted(const struct tm_question *q, const char *run)
{
	for (size_t i = 0; i < tm_question_accept_count(q); i++)
		if (is_short_form(run, tm_question_accept(q, i)))
			return true;
	return false;
}

/* Whether run (one word) is a short form of distractor k and of nothing the
 * question accepts: a letter an accepted answer or pattern takes ("E" where
 * '^\W*e\W*$' is a pattern) is the answer's. Returns 1, 0, or -1 on ENOMEM. */
static int short_form_names(const struct tm_short_answers *s, const char *run, size_t k)
{
	struct closeness near;
	if (!is_short_form(run, tm_question_distractor(s->q, k)) ||
	    short_form_accepted(s->q, run))
		return 0;
	if (closest_accepted(s, run, &near) != 0)
		return -1;
	return near.sim <= 0;
}

/* Whether run names option k (a distractor; -1: an accepted answer or
 * pattern), as names_option() reads a run that passes it. Returns 1, 0, or -1
 * on ENOMEM. */
static int passes_option(const struct tm_short_answers *s, const char *run, long k)
{
	struct closeness near;
	if (k >= 0)
		return run_names(s, run, (size_t)k);
	return closest_accepted(s, run, &near) != 0 ? -1 : near.sim > 0;
}

/* Whether word (n bytes at w) is a word of option k's name (-1: of an
 * accepted answer's). */
static bool word_of_option(const struct tm_short_answers *s, const char *w, size_t n, long k)
{
	char word[64];
	if (n >= sizeof(word))
		return false;
	memcpy(word, w, n);
	word[n] = '\0';
	return k >= 0 ? words_within(word, tm_question_distractor(s->q, (size_t)k))
		      : within_accepted(s->q, word);
}

/*
 * Whether run (several words) passes option k only through some of its words:
 * its first or last word is no word of the option's name, and the run passes
 * it without that word. The grader weighs the option's words, not the run's,
 * so "leads to EoP" passes elevation of privilege as "EoP" does; such a run
 * is no name, and "tampering leads to EoP" relates two options rather than
 * listing them. Returns 1, 0, or -1 on ENOMEM.
 */
static int loose_run(const struct tm_short_answers *s, char *run, long k)
{
	size_t len = strlen(run), first = strcspn(run, " \t-"), last = len;
	while (last > 0 && strchr(" \t-", run[last - 1]) == NULL)
		last--;
	if (first >= len || last == 0)
		return 0;   /* one word */
	int r = 0;
	if (!word_of_option(s, run, first, k))
		r = passes_option(s, run + first + strspn(run + first, " \t-"), k);
	if (r == 0 && !word_of_option(s, run + last, len - last, k)) {
		size_t end = last;
		while (end > 0 && strchr(" \t-", run[end - 1]) != NULL)
			end--;
		char keep = run[end];
		run[end] = '\0';
		r = passes_option(s, run, k);
		run[end] = keep;
	}
	return r;
}

/* Whether run, of the given number of words, is the name of an option: a
 * distractor with at least as many words (its index, into *k), or an accepted
 * answer or pattern (*k = -1); a run of words of a distractor's name names it
 * (words_within), and so does its short form (short_form_names), but not a
 * run that passes it through some of its words only (loose_run). Returns 1,
 * 0, or -1 on ENOMEM. */
static int names_option(const struct tm_short_answers *s, char *run, size_t words, long *k)
{
	int r;
	for (size_t d = 0; d < tm_question_distractor_count(s->q); d++) {
		if (word_count(tm_question_distractor(s->q, d)) < words)
			continue;
		if (words_within(run, tm_question_distractor(s->q, d)) && !within_accepted(s->q, run))
			r = 1;
		else if ((r = run_names(s, run, d)) == 1 && words > 1) {
			int loose = loose_run(s, run, (long)d);
			r = loose < 0 ? -1 : !loose;
		}
		if (r == 0 && words == 1)
			r = short_form_names(s, run, d);
		if (r != 0) {
			*k = (long)d;
			return r;
		}
	}
	*k = -1;
	if (words == 1 && short_form_accepted(s->q, run))
		return 1;
	if (words > accepted_words(s->q) || (words > 1 && has_distractor_word(s->q, run)))
		return 0;   /* "facilitator note" is no accepted name */
	r = passes_option(s, run, -1);
	if (r == 1 && words > 1) {
		int loose = loose_run(s, run, -1);
		r = loose < 0 ? -1 : !loose;
	}
	return r;
}

/* Whether the item of words from..to-1 is options and nothing else: it splits
 * into runs of words that are each the name of an option ("denial of
 * service", "integrity availability confidentiality"), with no word left
 * over ("reproducibility of the damage" has "of the"). *named receives a
 * distractor such a split uses (unchanged when none). Returns 1, 0, or -1 on
 * ENOMEM. */
static int item_is_options(const struct tm_short_answers *s, const char *text,
			   const struct word *w, size_t from, size_t to, char *run, long *named)
{
	/* plain[p]: the words from..p-1 split so with accepted names only;
	 * via[p]: the first distractor of a split that needs one, or -1 */
	size_t n = to - from;
	bool plain[ITEM_WORDS + 1] = { false };
	long via[ITEM_WORDS + 1];
	if (n > ITEM_WORDS)
		return 0;   /* longer than any list of a closed set */
	plain[0] = true;
	for (size_t p = 0; p <= n; p++)
		via[p] = -1;
	for (size_t p = 0; p < n; p++) {
		if (!plain[p] && via[p] < 0)
			continue;
		for (size_t len = 1; len <= RUN_MAX && p + len <= n; len++) {
			long k;
			int r = names_option(s, copy_run(text, w, from + p, from + p + len - 1, run),
					     len, &k);
			if (r < 0)
				return -1;
			if (r == 0)
				continue;
			if (k < 0 && plain[p])
				plain[p + len] = true;
			else if (via[p + len] < 0)
				via[p + len] = k >= 0 ? k : via[p];
		}
	}
	/* a split with accepted names only reads the item as the answer itself */
	if (!plain[n] && via[n] >= 0 && *named < 0)
		*named = via[n];
	return plain[n] || via[n] >= 0;
}

/* Whether the item of words from..to-1 is distractors and nothing else: it
 * splits into runs of words that each name a distractor ("denial of service",
 * "DoS", "level 1"). Returns 1, 0, or -1 on ENOMEM. */
static int item_is_distractors(const struct tm_short_answers *s, const char *text,
			       const struct word *w, size_t from, size_t to, char *run)
{
	size_t n = to - from;
	bool split[ITEM_WORDS + 1] = { false };
	if (n == 0 || n > ITEM_WORDS)
		return 0;
	split[0] = true;
	for (size_t p = 0; p < n; p++) {
		for (size_t len = 1; split[p] && len <= RUN_MAX && p + len <= n; len++) {
			long k;
			int r = names_option(s, copy_run(text, w, from + p, from + p + len - 1, run),
					     len, &k);
			if (r < 0)
				return -1;
			split[p + len] = split[p + len] || (r == 1 && k >= 0);
		}
	}
	return split[n];
}

/* An answer as read for options: its words, and room for a run of them. */
struct reading {
	struct word *w;
	size_t n;
	char *run;
};

/*
 * Splits text into words and marks those a negation or a contrast sets aside:
 * the word itself and every word after it within its reach ("EoP, not DoS or
 * tampering": "not DoS or tampering"; "EoP rather than DoS": "than DoS").
 * The learner is telling those options apart from the answer, not listing
 * them. Returns 0, or -1 on ENOMEM (release_reading() either way).
 */
static int read_answer(const char *text, struct reading *r)
{
	r->w = malloc(ANSWER_WORDS * sizeof(*r->w));
	r->run = malloc(strlen(text) + 1);
	r->n = 0;
	if (r->w == NULL || r->run == NULL)
		return -1;
	r->n = split_words(text, r->w, ANSWER_WORDS);
	for (size_t i = 0; i < r->n; i++) {
		struct word *w = &r->w[i];
		w->sets = sets_aside(text + w->start, w->end - w->start);
		w->aside = w->sets || (i > 0 && r->w[i - 1].aside && r->w[i - 1].reach == w->reach);
	}
	return 0;
}

static void release_reading(struct reading *r)
{
	free(r->w);
	free(r->run);
}

/* The distractor that answer text names, when the answer is a list of options
 * (see above): its index, -1 for none, -2 on ENOMEM. Each item of the answer
 * (a clause, or a part of one between "and", "or"...) is read alone, less
 * what a negation or contrast sets aside (read_answer()). */
static long named_distractor(const struct tm_short_answers *s, const char *text)
{
	struct reading rd;
	long found = -2, named = -1;
	size_t items = 0;
	if (read_answer(text, &rd) != 0)
		goto cleanup;
	found = -1;
	for (size_t i = 0, to; i < rd.n; i = to) {
		to = i + 1;
		if (rd.w[i].aside)
			continue;
		/* what is set aside ends a clause: the words kept are a run */
		while (to < rd.n && !rd.w[to].aside && rd.w[to].clause == rd.w[i].clause)
			to++;
		int r = item_is_options(s, text, rd.w, i, to, rd.run, &named);
		if (r <= 0) {
			found = r < 0 ? -2 : -1;   /* an item that names no option: an answer */
			goto cleanup;
		}
		items++;
	}
	found = items > 0 ? named : -1;
cleanup:
	release_reading(&rd);
	return found;
}

/* Whether every run of words set aside (the negations and contrasts
 * themselves apart) names distractors only, and there is one. Returns 1, 0,
 * or -1 on ENOMEM. */
static int aside_names_distractors(const struct tm_short_answers *s, const char *text,
				   struct reading *rd)
{
	size_t groups = 0;
	for (size_t i = 0, to; i < rd->n; i = to) {
		to = i + 1;
		if (!rd->w[i].aside || rd->w[i].sets)
			continue;
		while (to < rd->n && rd->w[to].aside && !rd->w[to].sets &&
		       rd->w[to].clause == rd->w[i].clause)
			to++;
		int r = item_is_distractors(s, text, rd->w, i, to, rd->run);
		if (r <= 0)
			return r;
		groups++;
	}
	return groups > 0;
}

int distractor_affirmed(const struct tm_short_answers *s, const char *text, char **out)
{
	struct reading rd;
	char *kept = NULL, *p;
	int rc = -1, r;
	*out = NULL;
	if (tm_question_distractor_count(s->q) == 0)
		return 0;
	if (read_answer(text, &rd) != 0)
		goto cleanup;
	r = aside_names_distractors(s, text, &rd);
	if (r <= 0) {
		rc = r;
		goto cleanup;
	}
	/* the words kept, and ", " between clauses: at most twice the text */
	kept = malloc(2 * strlen(text) + 1);
	if (kept == NULL)
		goto cleanup;
	p = kept;
	for (size_t i = 0; i < rd.n; i++) {
		const struct word *w = &rd.w[i];
		if (w->aside)
			continue;
		if (p > kept)
			p = stpcpy(p, rd.w[i - 1].clause == w->clause && !rd.w[i - 1].aside ? " " : ", ");
		memcpy(p, text + w->start, w->end - w->start);
		p += w->end - w->start;
	}
	*p = '\0';
	if (p > kept) {
		*out = kept;
		kept = NULL;
	}   /* else all of it is set aside: nothing to grade */
	rc = 0;
cleanup:
	free(kept);
	release_reading(&rd);
	return rc;
}

/* Fails g, graded right, when answer text names a distractor too; its detail
 * says which, and to name one. Returns 0, -1 on ENOMEM. */
int distractor_refuse(const struct tm_short_answers *s, const char *text,
		      struct tm_quiz_grade *g)
{
	if (!g->correct || tm_question_distractor_count(s->q) == 0)
		return 0;
	long k = named_distractor(s, text);
	if (k == -2)
		return -1;
	if (k < 0)
		return 0;
	g->correct = false;
	g->score = 0;
	g->named = tm_question_distractor(s->q, (size_t)k);
	snprintf(g->detail, sizeof(g->detail), "it names '%.*s' as well: give one answer, "
		 "the one that fits", tc_prefix(g->named, 80), g->named);
	return 0;
}

int tm_quiz_short_named(struct tm_short_answers *s, const char *ans, const char **named,
			struct tm_diags *diags)
{
	char *text = learn_trimmed(ans);
	long k = text != NULL ? named_distractor(s, text) : -2;
	free(text);
	*named = k >= 0 ? tm_question_distractor(s->q, (size_t)k) : NULL;
	return k == -2 ? tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory") : TM_OK;
}
