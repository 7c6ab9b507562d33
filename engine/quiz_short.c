/*
 * quiz_short.c: grading short answers (free text) against a question's
 * accepted answers, patterns, rejected answers and distractors.
 *
 * Similarity alone credits too much: "take the organization from the request
 * body" shares "take" and "organization" with "take the organization from the
 * caller's token", and "the restricted class" all but "secret" with "the
 * secret class". An answer is right when, against one accepted answer:
 *   - it is at least TM_QUIZ_SHORT_THRESHOLD similar (the grader's raw
 *     similarity: covered and explained);
 *   - neither of the two negates (no, not, never, without...) where the other
 *     does not;
 *   - it covers most of the accepted answer's weight (SHORT_COVER), not
 *     merely uses words the accepted answer explains;
 *   - it says itself at least half of the weight the question leaves unsaid
 *     (SHORT_OWN): repeating the prompt's words ("organization", "class")
 *     earns nothing, the distinctive word ("secret", "token") must be there.
 * Every measure comes from the grader's normalization (stems, synonyms, typos)
 * through a one-threat key whose title is the text compared with.
 *
 * Preparing such a key copies the lexicon and compiles its payload scan, most
 * of what grading costs, so struct tm_short_answers prepares each accepted and
 * rejected answer's key once, when first compared, for every answer graded
 * with it; the learner's answer gets one key however many it is compared with.
 * Distractors (the other options of a closed set) are prepared alike; an
 * answer graded right is then read for them (see "Distractors" below).
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tmengine.h"
#include "learn_internal.h"
#include "rules.h"

#define SHORT_COVER 0.6
#define SHORT_OWN 0.5
#define SHORT_WORDS 6   /* the grader's words_shared input saturates at six */

/* One accepted or rejected answer: its key, and what the prompt says of it. */
struct prepared {
	struct grader_key *key;   /* NULL when it has no word (it matches nothing) */
	bool built;
	double given;             /* share of its weight the prompt covers */
	int n_given, n_self;      /* distinct words the prompt and itself cover */
};

struct tm_short_answers {
	const struct tm_question *q;
	const struct grader_lexicon *lex;
	const char *prompt;
	struct prepared *accept, *reject, *distract;
};

/* The learner's answer as compared: its text, its key (built on first need),
 * and the answer followed by the prompt. */
struct answer {
	const char *text;
	struct grader_key *key;
	bool built, none;
	char *with_prompt;
};

struct short_check {
	double sim;          /* raw similarity to the accepted answer */
	double cover;        /* share of its weight the answer and the prompt cover */
	double own;          /* share of what the prompt leaves unsaid that the answer says */
	bool clash;          /* one side negates, the other does not */
	char why[160];       /* the grader's shared words */
};

/* ==== Preparing ================================================================ */

int tm_short_answers_new(const struct tm_question *q, const struct grader_lexicon *lex,
			 struct tm_short_answers **out)
{
	struct tm_short_answers *s = calloc(1, sizeof(*s));
	size_t n = tm_question_accept_count(q), m = tm_question_reject_count(q);
	size_t d = tm_question_distractor_count(q);
	*out = NULL;
	if (s == NULL)
		return TM_ENOMEM;
	s->q = q;
	s->lex = lex;
	s->prompt = tm_question_prompt(q) != NULL ? tm_question_prompt(q) : "";
	s->accept = calloc(n > 0 ? n : 1, sizeof(*s->accept));
	s->reject = calloc(m > 0 ? m : 1, sizeof(*s->reject));
	s->distract = calloc(d > 0 ? d : 1, sizeof(*s->distract));
	if (s->accept == NULL || s->reject == NULL || s->distract == NULL) {
		tm_short_answers_free(s);
		return TM_ENOMEM;
	}
	*out = s;
	return TM_OK;
}

static void release_prepared(struct prepared *p, size_t n)
{
	for (size_t i = 0; p != NULL && i < n; i++)
		grader_key_free(p[i].key);
	free(p);
}

void tm_short_answers_free(struct tm_short_answers *s)
{
	if (s == NULL)
		return;
	release_prepared(s->accept, tm_question_accept_count(s->q));
	release_prepared(s->reject, tm_question_reject_count(s->q));
	release_prepared(s->distract, tm_question_distractor_count(s->q));
	free(s);
}

/* Index of the named calibration input (grader_feature_name), or -1. */
static int feature_index(const char *name)
{
	for (size_t i = 0; i < GRADER_N_FEATURES; i++)
		if (strcmp(grader_feature_name(i), name) == 0)
			return (int)i;
	return -1;
}

/* How much of key's title line covers: by weight (0..1) and in distinct words
 * (counted up to SHORT_WORDS), and whether line negates where the title does
 * not. Returns 0, or -1 on ENOMEM. */
static int title_cover(const struct grader_key *key, const char *line, double *cover,
		       int *words, bool *clash)
{
	double x[GRADER_N_FEATURES];
	int covered = feature_index("title_covered");
	int shared = feature_index("words_shared");
	int negated = feature_index("negation_clash");
	*cover = 0;
	*words = 0;
	*clash = false;
	if (covered < 0 || shared < 0 || negated < 0)
		return -1;
	if (grader_line_features(key, line, 0, x, NULL) != GRADER_OK)
		return -1;
	*cover = x[covered];
	*words = (int)lround(x[shared] * SHORT_WORDS);
	*clash = x[negated] > 0;
	return 0;
}

/* Prepares p, the answer text of s's question, once. Returns 0, or -1 on ENOMEM. */
static int prepare(const struct tm_short_answers *s, struct prepared *p, const char *text)
{
	double unused;
	bool no_clash;
	if (p->built)
		return 0;
	switch (grader_key_from_text(s->lex, text, &p->key)) {
	case GRADER_OK:
		break;
	case GRADER_EINVALID:
		p->built = true;   /* an answer with no words matches nothing */
		return 0;
	default:
		return -1;
	}
	if (title_cover(p->key, text, &unused, &p->n_self, &no_clash) != 0 ||
	    title_cover(p->key, s->prompt, &p->given, &p->n_given, &no_clash) != 0) {
		grader_key_free(p->key);
		p->key = NULL;
		return -1;
	}
	p->built = true;
	return 0;
}

/* Builds a's key and its text followed by the prompt, once. Returns 0, -1 on ENOMEM. */
static int prepare_answer(const struct tm_short_answers *s, struct answer *a)
{
	if (a->built)
		return 0;
	int rc = grader_key_from_text(s->lex, a->text, &a->key);
	if (rc != GRADER_OK && rc != GRADER_EINVALID)
		return -1;
	a->none = rc == GRADER_EINVALID;
	a->with_prompt = malloc(strlen(a->text) + strlen(s->prompt) + 3);
	if (a->with_prompt == NULL)
		return -1;
	/* the answer first: a line over the grader's limit loses prompt words */
	sprintf(a->with_prompt, "%s. %s", a->text, s->prompt);
	a->built = true;
	return 0;
}

static void release_answer(struct answer *a)
{
	grader_key_free(a->key);
	free(a->with_prompt);
}

/* ==== Comparing ================================================================ */

/* Measures answer a against p, the prepared answer text of s's question.
 * Returns 0, or -1 on ENOMEM. */
static int check_short(const struct tm_short_answers *s, struct prepared *p, const char *text,
		       struct answer *a, struct short_check *c)
{
	double alone, with_prompt, unused;
	int n_alone, n_both, n_unused;
	bool clash_back, no_clash;

	memset(c, 0, sizeof(*c));
	if (prepare(s, p, text) != 0)
		return -1;
	if (p->key == NULL)
		return 0;
	c->sim = grader_answer_similarity(p->key, a->text, c->why, sizeof(c->why));
	if (c->sim <= 0)
		return c->sim < 0 ? -1 : 0;
	if (prepare_answer(s, a) != 0)
		return -1;
	if (a->none) {
		/* like the accepted answer, yet no word a title could hold */
		c->sim = 0;
		return 0;
	}
	if (title_cover(p->key, a->text, &alone, &n_alone, &c->clash) != 0 ||
	    title_cover(a->key, text, &unused, &n_unused, &clash_back) != 0 ||
	    title_cover(p->key, a->with_prompt, &with_prompt, &n_both, &no_clash) != 0)
		return -1;
	c->clash = c->clash || clash_back;
	c->cover = alone;
	/* what the prompt leaves unsaid, by weight and, since the grader weighs
	 * generic words ("token", "secret") a quarter, also word by word */
	if (p->given < 0.95) {
		c->own = (with_prompt - p->given) / (1 - p->given);
		if (p->n_self < SHORT_WORDS && p->n_self > p->n_given &&
		    (double)(n_both - p->n_given) / (p->n_self - p->n_given) < c->own)
			c->own = (double)(n_both - p->n_given) / (p->n_self - p->n_given);
	} else {
		/* a prompt that says the whole accepted answer leaves the cover */
		c->own = alone;
	}
	return 0;
}

static bool short_passes(const struct short_check *c)
{
	return c->sim >= TM_QUIZ_SHORT_THRESHOLD && !c->clash && c->cover >= SHORT_COVER &&
	       c->own > SHORT_OWN;
}

/* What kept the closest accepted answer from crediting ans, for the detail line. */
static const char *short_shortfall(const struct short_check *c)
{
	if (c->clash)
		return ", but one of the two says no or not where the other does not";
	if (c->own <= SHORT_OWN)
		return ", but it misses what the question does not already say";
	if (c->cover < SHORT_COVER)
		return ", but it covers too little of it";
	return "";
}

#define APART_MAX 64   /* what tm_edit_distance() measures */

/* How many letters apart text t (folded) is from the words of a (folded) that
 * match it best: the whole of a, or any run of as many words as t has, so that
 * a long answer that names t among other words still measures. SIZE_MAX when
 * nothing is short enough to measure. */
static size_t window_apart(const char *a, const char *t)
{
	size_t words = 1, best = SIZE_MAX;
	char buf[APART_MAX + 1];
	if (strlen(t) > APART_MAX)
		return SIZE_MAX;
	for (const char *p = t; *p != '\0'; p++)
		words += *p == ' ';
	if (strlen(a) <= APART_MAX)
		best = tm_edit_distance(a, t, SIZE_MAX);
	for (const char *p = a; *p != '\0';) {
		const char *end = p;
		for (size_t w = 0; w < words && *end != '\0'; w++) {
			end += strcspn(end, " ");
			if (w + 1 < words && *end == ' ')
				end++;
		}
		size_t len = (size_t)(end - p);
		if (len <= APART_MAX) {
			memcpy(buf, p, len);
			buf[len] = '\0';
			size_t d = tm_edit_distance(buf, t, SIZE_MAX);
			best = d < best ? d : best;
		}
		if (*end == '\0')
			break;
		p += strcspn(p, " ");
		p += *p == ' ';
	}
	return best;
}

/* How many letters apart ans is from text, case and blanks aside
 * (window_apart()); SIZE_MAX when it cannot say (too long, or no memory). */
static size_t letters_apart(const char *ans, const char *text)
{
	char *fa = malloc(strlen(ans) + 1), *ft = malloc(strlen(text) + 1);
	size_t apart = SIZE_MAX;
	if (fa != NULL && ft != NULL)
		apart = window_apart(rule_fold_answer(ans, fa), rule_fold_answer(text, ft));
	free(fa);
	free(ft);
	return apart;
}

/* How close an answer is to the texts it passes: the similarity, and among
 * texts that similar, the fewest letters apart. The grader reads a typo as
 * the word it is near ("cracking" as "checking") at full similarity, so the
 * letters decide between an accepted and a rejected answer equally similar. */
struct closeness {
	double sim;
	size_t apart;
	long index;     /* the text that close; -1 for none (or a pattern) */
};

#define SAME_SIM 1e-9
#define PATTERN_SIMILARITY 0.95

/* One list of a question's answer texts: the accepted or the rejected ones. */
struct texts {
	struct prepared *prepared;
	const char *(*text)(const struct tm_question *, size_t);
	size_t n;
};

static struct texts accepted_texts(const struct tm_short_answers *s)
{
	return (struct texts){ s->accept, tm_question_accept, tm_question_accept_count(s->q) };
}

static struct texts rejected_texts(const struct tm_short_answers *s)
{
	return (struct texts){ s->reject, tm_question_reject, tm_question_reject_count(s->q) };
}

/* The passing text of the list most like answer a, the first of equals, into
 * *best; returns its index, -1 when none passes (*best then holds the
 * closest), or -2 on ENOMEM. With near not NULL, *near is how close a is to
 * the passing texts (0 and SIZE_MAX when it passes none). */
static long closest_passing(const struct tm_short_answers *s, struct texts list,
			    struct answer *a, struct short_check *best, struct closeness *near)
{
	struct short_check c;
	long found = -1;
	memset(best, 0, sizeof(*best));
	if (near != NULL)
		*near = (struct closeness){ 0, SIZE_MAX, -1 };
	for (size_t i = 0; i < list.n; i++) {
		const char *text = list.text(s->q, i);
		if (check_short(s, &list.prepared[i], text, a, &c) != 0)
			return -2;
		bool pass = short_passes(&c);
		/* the passing one with the highest similarity, else the closest */
		if ((pass && (found < 0 || c.sim > best->sim)) || (found < 0 && c.sim > best->sim)) {
			*best = c;
			if (pass)
				found = (long)i;
		}
		if (near == NULL || !pass || c.sim < near->sim - SAME_SIM)
			continue;
		size_t apart = letters_apart(a->text, text);
		if (c.sim > near->sim + SAME_SIM || apart < near->apart)
			*near = (struct closeness){ c.sim, apart, (long)i };
	}
	return found;
}

/*
 * Whether a rejected answer refuses answer a: one that a passes at least as
 * closely (struct closeness) as the accepted answers it passes (accepted; an
 * affirmed pattern counts as similarity PATTERN_SIMILARITY, as a key's
 * patterns do). Sets g's verdict, detail and the rejected answer's feedback
 * when it does. Returns 1 refused, 0 not, -1 on ENOMEM.
 */
static int refuse_short(const struct tm_short_answers *s, struct answer *a,
			struct closeness accepted, struct tm_quiz_grade *g)
{
	struct short_check r;
	struct closeness near;
	long k = closest_passing(s, rejected_texts(s), a, &r, &near);
	if (k == -2)
		return -1;
	if (k < 0 || near.sim < accepted.sim - SAME_SIM ||
	    (near.sim < accepted.sim + SAME_SIM && near.apart > accepted.apart))
		return 0;
	k = near.index;
	g->correct = false;
	g->score = 0;
	g->refused = tm_question_reject(s->q, (size_t)k);
	g->feedback = tm_question_reject_feedback(s->q, (size_t)k);
	snprintf(g->detail, sizeof(g->detail), "%.0f%% like the refused answer '%.120s'",
		 near.sim * 100, g->refused);
	return 1;
}

/* Whether an author pattern names the answer (*pattern) or names it only
 * where the answer says no to it (*negated). Returns 0, -1 on ENOMEM. */
static int match_patterns(const struct tm_question *q, const char *ans, bool *pattern,
			  bool *negated)
{
	*pattern = *negated = false;
	for (size_t i = 0; i < tm_question_pattern_count(q) && !*pattern; i++) {
		/* "tampering, not elevation of privilege" does not name the latter */
		int affirmed = grader_pattern_match_affirmed(tm_question_pattern(q, i), ans);
		/* the plain match only says why an answer failed: once is enough */
		int matched = affirmed == 1 || *negated ? 0
							: grader_pattern_match(tm_question_pattern(q, i), ans);
		if (affirmed == GRADER_MATCH_NOMEM || matched == GRADER_MATCH_NOMEM)
			return -1;
		*pattern = affirmed == 1;
		*negated = *negated || matched == 1;
	}
	return 0;
}

/* ==== Distractors ============================================================== */

/*
 * A question whose answer is one of a closed set (which STRIDE category...)
 * may list the other options as distractors: an answer that lists options,
 * naming one of them besides a right one ("spoofing, tampering, ..., elevation
 * of privilege", "integrity availability confidentiality"), is a list to pick
 * from, not an answer. An answer is such a list when
 *   - every word of it belongs to the name of an option (a distractor or an
 *     accepted answer), the words that join a list ("and", "or", commas...)
 *     aside: a sentence that explains its answer ("reproducibility of the
 *     damage", "elevation of privilege, which can also cause denial of
 *     service") has words that name no option, and is read as an answer;
 *   - no word of it is a negation or a contrast ("level 0 diagram, not level
 *     1 or level 2", "EoP rather than tampering"): the learner is telling the
 *     options apart, not listing them;
 *   - and a run of its words passes a distractor (similar enough, covering
 *     most of its weight, no negation clash: the prompt's words play no part)
 *     more closely than it passes any accepted answer or pattern.
 * A second term that is also accepted is no distractor: "tampering that leads
 * to elevation of privilege" stays right where both are accepted. The rule
 * errs towards crediting: a list with one word more ("EoP, maybe also DoS")
 * is read as an answer.
 */

#define ANSWER_WORDS 256   /* words of an answer looked at for distractors */
#define RUN_MAX 6          /* the longest run of words compared with an option */
#define ITEM_WORDS 24      /* the most words of an item read as a list of options */
#ifndef MAX
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#endif

/* One word of the answer: where it is, and the clause it belongs to. */
struct word {
	size_t start, end;
	size_t clause;
};

/* Whether c ends a clause where it stands at p (a full stop only before a
 * blank or the end: "169.254.169.254" is one word). */
static bool ends_clause(const char *p)
{
	if (*p == '.')
		return p[1] == '\0' || p[1] == ' ' || p[1] == '\t' || p[1] == '\n';
	return strchr(",;:!?()[]{}/|\n", *p) != NULL;
}

/* Whether the n bytes at w are a word that joins two items of a list. */
static bool joins_items(const char *w, size_t n)
{
	static const char *const joins[] = { "and", "or", "but", "plus", "&", NULL };
	for (size_t i = 0; joins[i] != NULL; i++)
		if (strlen(joins[i]) == n && strncasecmp(w, joins[i], n) == 0)
			return true;
	return false;
}

/* Splits text into at most max words, each with its clause (a new one after
 * each clause mark and at "but", "and", "or", "plus" and "&", which are left
 * out); returns how many. */
static size_t split_words(const char *text, struct word *w, size_t max)
{
	size_t n = 0, clause = 0, i = 0;
	while (text[i] != '\0' && n < max) {
		if (ends_clause(text + i)) {
			clause++;
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
			continue;
		}
		w[n++] = (struct word){ start, i, clause };
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
	if (title_cover(p->key, text, &cover, &words, &clash) != 0)
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
		if (prepare(s, &s->accept[i], acc) != 0 || passes(&s->accept[i], text, &sim) != 0)
			return -1;
		if (sim <= 0 || sim < near->sim - SAME_SIM)
			continue;
		size_t apart = letters_apart(text, acc);
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
	if (prepare(s, &s->distract[k], text) != 0 || passes(&s->distract[k], run, &sim) != 0)
		return -1;
	if (sim <= 0)
		return 0;
	if (closest_accepted(s, run, &acc) != 0)
		return -1;
	if (sim > acc.sim + SAME_SIM)
		return 1;
	return sim > acc.sim - SAME_SIM && letters_apart(run, text) < acc.apart;
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
static const char *copy_run(const char *text, const struct word *w, size_t from, size_t to,
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

/* Whether run, of the given number of words, is the name of an option: a
 * distractor with at least as many words (its index, into *k), or an accepted
 * answer or pattern (*k = -1); a run of words of a distractor's name names it
 * (words_within). Returns 1, 0, or -1 on ENOMEM. */
static int names_option(const struct tm_short_answers *s, const char *run, size_t words,
			long *k)
{
	for (size_t d = 0; d < tm_question_distractor_count(s->q); d++) {
		if (word_count(tm_question_distractor(s->q, d)) < words)
			continue;
		int r = words_within(run, tm_question_distractor(s->q, d)) &&
				!within_accepted(s->q, run) ? 1 : run_names(s, run, d);
		if (r != 0) {
			*k = (long)d;
			return r;
		}
	}
	struct closeness near;
	*k = -1;
	if (words > accepted_words(s->q) || (words > 1 && has_distractor_word(s->q, run)))
		return 0;   /* "facilitator note" is no accepted name */
	return closest_accepted(s, run, &near) != 0 ? -1 : near.sim > 0;
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

/* Whether a word of text is a negation or a contrast (sets_aside). */
static bool any_set_aside(const char *text, const struct word *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (sets_aside(text + w[i].start, w[i].end - w[i].start))
			return true;
	return false;
}

/* The distractor that answer text names, when the answer is a list of options
 * (see above): its index, -1 for none, -2 on ENOMEM. Each item of the answer
 * (a clause, or a part of one between "and", "or"...) is read alone. */
static long named_distractor(const struct tm_short_answers *s, const char *text)
{
	size_t len = strlen(text), n, to;
	struct word *w = malloc(ANSWER_WORDS * sizeof(*w));
	char *run = malloc(len + 1);
	long found = -2, named = -1;
	if (w == NULL || run == NULL)
		goto cleanup;
	n = split_words(text, w, ANSWER_WORDS);
	found = -1;
	if (n == 0 || any_set_aside(text, w, n))
		goto cleanup;
	for (size_t i = 0; i < n; i = to) {
		for (to = i + 1; to < n && w[to].clause == w[i].clause; to++)
			;
		int r = item_is_options(s, text, w, i, to, run, &named);
		if (r <= 0) {
			found = r < 0 ? -2 : -1;   /* an item that names no option: an answer */
			goto cleanup;
		}
	}
	found = named;
cleanup:
	free(w);
	free(run);
	return found;
}

/* Fails g, graded right, when answer text names a distractor too; its detail
 * says which, and to name one. Returns 0, -1 on ENOMEM. */
static int refuse_distractor(const struct tm_short_answers *s, const char *text,
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
	snprintf(g->detail, sizeof(g->detail), "it names '%.80s' as well: give one answer, "
		 "the one that fits", g->named);
	return 0;
}

/* Grades answer a; fills g's verdict, score and detail. Returns 0, -1 on ENOMEM. */
static int grade_answer(const struct tm_short_answers *s, struct answer *a,
			struct tm_quiz_grade *g)
{
	bool rejects = tm_question_reject_count(s->q) > 0;
	struct short_check best;
	bool negated, pattern;
	if (match_patterns(s->q, a->text, &pattern, &negated) != 0)
		return -1;
	if (pattern && !rejects) {
		snprintf(g->detail, sizeof(g->detail), "matched an accepted pattern");
		g->correct = true;
		g->score = g->max;
		return refuse_distractor(s, a->text, g);
	}
	struct closeness accepted;
	long k = closest_passing(s, accepted_texts(s), a, &best, rejects ? &accepted : NULL);
	if (k == -2)
		return -1;
	bool found = k >= 0;
	if (rejects) {
		if (pattern && accepted.sim < PATTERN_SIMILARITY)
			accepted = (struct closeness){ PATTERN_SIMILARITY, SIZE_MAX, -1 };
		int refused = refuse_short(s, a, accepted, g);
		if (refused != 0)
			return refused < 0 ? -1 : 0;
	}
	if (pattern && (!found || best.sim < PATTERN_SIMILARITY))
		snprintf(g->detail, sizeof(g->detail), "matched an accepted pattern");
	else if (best.sim > 0)
		snprintf(g->detail, sizeof(g->detail), "%.0f%% like an accepted answer%s%s%s",
			 best.sim * 100, found ? "" : short_shortfall(&best),
			 found && best.why[0] != '\0' ? ": " : "", found ? best.why : "");
	else if (negated)
		snprintf(g->detail, sizeof(g->detail),
			 "it names an accepted answer only where it says no to it");
	g->correct = found || pattern;
	g->score = g->correct ? g->max : 0;
	return refuse_distractor(s, a->text, g);
}

/* ==== Entry points ============================================================= */

int tm_short_answers_grade(struct tm_short_answers *s, const char *ans, struct tm_quiz_grade *g,
			   struct tm_diags *diags)
{
	struct answer a = { .text = ans };
	int rc = grade_answer(s, &a, g);
	release_answer(&a);
	return rc == 0 ? TM_OK : tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
}

int tm_quiz_short_refused(struct tm_short_answers *s, const char *ans, const char **refused,
			  struct tm_diags *diags)
{
	struct short_check r;
	char *text = learn_trimmed(ans);
	struct answer a = { .text = text };
	struct tm_quiz_grade g;
	int rc = 0;
	*refused = NULL;
	if (text == NULL)
		return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
	memset(&g, 0, sizeof(g));
	g.max = tm_question_points(s->q);
	/* the rejected answers first: most answers pass none, and need no more */
	long k = closest_passing(s, rejected_texts(s), &a, &r, NULL);
	if (k == -2)
		rc = -1;
	else if (k >= 0 && (rc = grade_answer(s, &a, &g)) == 0)
		*refused = g.refused;
	release_answer(&a);
	free(text);
	return rc == 0 ? TM_OK : tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
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
