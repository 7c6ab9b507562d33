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
 * answer graded right is then read for them (quiz_distractor.c).
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
#include "quiz_distractor.h"
#include "textchars.h"

#define SHORT_OWN 0.5
#define SHORT_WORDS 6   /* the grader's words_shared input saturates at six */

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
int short_title_cover(const struct grader_key *key, const char *line, double *cover,
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
int short_prepare(const struct tm_short_answers *s, struct prepared *p, const char *text)
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
	if (short_title_cover(p->key, text, &unused, &p->n_self, &no_clash) != 0 ||
	    short_title_cover(p->key, s->prompt, &p->given, &p->n_given, &no_clash) != 0) {
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
	if (short_prepare(s, p, text) != 0)
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
	if (short_title_cover(p->key, a->text, &alone, &n_alone, &c->clash) != 0 ||
	    short_title_cover(a->key, text, &unused, &n_unused, &clash_back) != 0 ||
	    short_title_cover(p->key, a->with_prompt, &with_prompt, &n_both, &no_clash) != 0)
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
size_t short_letters_apart(const char *ans, const char *text)
{
	char *fa = malloc(strlen(ans) + 1), *ft = malloc(strlen(text) + 1);
	size_t apart = SIZE_MAX;
	if (fa != NULL && ft != NULL)
		apart = window_apart(rule_fold_answer(ans, fa), rule_fold_answer(text, ft));
	free(fa);
	free(ft);
	return apart;
}

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
		size_t apart = short_letters_apart(a->text, text);
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
	snprintf(g->detail, sizeof(g->detail), "%.0f%% like the refused answer '%.*s'",
		 near.sim * 100, tc_prefix(g->refused, 120), g->refused);
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

/* Grades answer a as written, distractors aside; fills g's verdict, score and
 * detail. Returns 0, -1 on ENOMEM. */
static int grade_as_written(const struct tm_short_answers *s, struct answer *a,
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
		return 0;
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
	return 0;
}

/* Grades what text affirms when it sets distractors aside (distractor_affirmed():
 * "EoP, not DoS" says EoP): right so, g takes that grade. Returns 0, -1 on
 * ENOMEM. */
static int grade_affirmed(const struct tm_short_answers *s, const char *text,
			  struct tm_quiz_grade *g)
{
	char *kept;
	if (distractor_affirmed(s, text, &kept) != 0)
		return -1;
	if (kept == NULL)
		return 0;
	struct answer b = { .text = kept };
	struct tm_quiz_grade k = { .max = g->max };
	int rc = grade_as_written(s, &b, &k);
	if (rc == 0 && k.correct)
		*g = k;
	release_answer(&b);
	free(kept);
	return rc;
}

/* Grades answer a; fills g's verdict, score and detail. A negation or contrast
 * applies to the options it governs: an answer wrong as written (the grader
 * reads "not" over the whole line) is graded again without the distractors
 * it sets aside. With distractors, one that names a distractor besides a
 * right answer is wrong (distractor_refuse()). Returns 0, -1 on ENOMEM. */
static int grade_answer(const struct tm_short_answers *s, struct answer *a,
			struct tm_quiz_grade *g, bool distractors)
{
	if (grade_as_written(s, a, g) != 0)
		return -1;
	if (!g->correct && g->refused == NULL && grade_affirmed(s, a->text, g) != 0)
		return -1;
	return distractors ? distractor_refuse(s, a->text, g) : 0;
}

/* ==== Entry points ============================================================= */

int tm_short_answers_grade(struct tm_short_answers *s, const char *ans, struct tm_quiz_grade *g,
			   struct tm_diags *diags)
{
	struct answer a = { .text = ans };
	int rc = grade_answer(s, &a, g, true);
	release_answer(&a);
	return rc == 0 ? TM_OK : tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
}

int tm_quiz_short_accepts(struct tm_short_answers *s, const char *ans, struct tm_quiz_grade *g,
			  struct tm_diags *diags)
{
	char *text = learn_trimmed(ans);
	struct answer a = { .text = text };
	int rc = text != NULL ? grade_answer(s, &a, g, false) : -1;
	release_answer(&a);
	free(text);
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
	else if (k >= 0 && (rc = grade_answer(s, &a, &g, true)) == 0)
		*refused = g.refused;
	release_answer(&a);
	free(text);
	return rc == 0 ? TM_OK : tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
}
