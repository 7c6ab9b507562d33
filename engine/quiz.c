/*
 * quiz.c: grading one answer to one question, for every question type, and the
 * seeded shuffles that decide the order choices are shown in.
 *
 * Answers refer to what the learner saw: choices, ordering items and matching
 * options are labelled a, b, c... (or 1, 2, 3...) in display order, and
 * order[k] is the question's own index of the k-th thing shown.
 */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tmengine.h"
#include "gradebook_internal.h"
#include "learn_internal.h"
#include "rules.h"

#define MAX_LABELS 64

/* ==== Shuffling ================================================================= */

size_t tm_quiz_display_count(const struct tm_question *q)
{
	switch (tm_question_type(q)) {
	case TM_Q_SINGLE:
	case TM_Q_MULTIPLE:
		return tm_question_choice_count(q);
	case TM_Q_ORDERING:
		return tm_question_order_count(q);
	case TM_Q_MATCHING:
		return tm_question_option_count(q);
	default:
		return 0;
	}
}

/* xorshift32: small, fast, and the same on every platform, so a stored seed
 * gives the same order everywhere. */
static unsigned next_random(unsigned *state)
{
	unsigned x = *state;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*state = x;
	return x;
}

void tm_quiz_shuffle(unsigned seed, size_t *order, size_t n)
{
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	if (seed == 0 || n < 2)
		return;
	unsigned state = seed;
	for (size_t i = n - 1; i > 0; i--) {
		size_t j = next_random(&state) % (i + 1);
		size_t t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
}

/* The question's index of the thing shown at position k. */
static size_t shown(const size_t *order, size_t n, size_t k)
{
	return order != NULL && k < n ? order[k] : k;
}

/* ==== Reading labels ==================================================================== */

int learn_read_labels(const char *ans, size_t n, size_t *out, size_t max)
{
	size_t count = 0;
	for (const char *p = ans; *p != '\0';) {
		size_t v;
		if (isalpha((unsigned char)*p)) {
			v = (size_t)(tolower((unsigned char)*p) - 'a');
			p++;
		} else if (isdigit((unsigned char)*p)) {
			char *end = NULL;
			unsigned long num = strtoul(p, &end, 10);
			if (num == 0 || num > MAX_LABELS)
				return -1;
			v = (size_t)num - 1;
			p = end;
		} else if (strchr(" \t\r\n,;.)(", *p) != NULL) {
			p++;
			continue;
		} else {
			return -1;
		}
		if (v >= n || count >= max)
			return -1;
		out[count++] = v;
	}
	return (int)count;
}

static void label_range(size_t n, char *buf, size_t size)
{
	snprintf(buf, size, "a to %c (or 1 to %zu)", n > 0 && n <= 26 ? (int)('a' + n - 1) : 'z',
		 n);
}

/* Says how to answer; the part after the colon names the labels. */
static int bad_answer(struct tm_diags *diags, const char *how, const char *range)
{
	return tm_diags_add(diags, TM_EUSAGE, NULL, 0, 0, "%s%s", how, range);
}

/* ==== Types with choices ================================================================== */

static int grade_single(const struct tm_question *q, const size_t *order, size_t n,
			const char *ans, struct tm_quiz_grade *g, struct tm_diags *diags)
{
	size_t labels[MAX_LABELS];
	size_t count = tm_question_choice_count(q);
	int k = learn_read_labels(ans, count, labels, MAX_LABELS);
	if (k != 1) {
		char range[64];
		label_range(count, range, sizeof(range));
		return bad_answer(diags, "answer with one choice, ", range);
	}
	size_t idx = shown(order, n, labels[0]);
	g->correct = tm_question_choice_correct(q, idx);
	g->score = g->correct ? g->max : 0;
	g->feedback = tm_question_choice_feedback(q, idx);
	return TM_OK;
}

static int grade_multiple(const struct tm_question *q, const size_t *order, size_t n,
			  const char *ans, struct tm_quiz_grade *g, struct tm_diags *diags)
{
	size_t labels[MAX_LABELS];
	bool picked[MAX_LABELS] = { false };
	size_t count = tm_question_choice_count(q);
	int k = learn_read_labels(ans, count, labels, MAX_LABELS);
	if (k < 1 || count > MAX_LABELS) {
		char range[64];
		label_range(count, range, sizeof(range));
		return bad_answer(diags, "answer with every choice that applies, such as \"a c\", "
				  "from ", range);
	}
	for (int i = 0; i < k; i++)
		picked[shown(order, n, labels[i])] = true;
	size_t right = 0, wrong = 0, total = 0;
	for (size_t i = 0; i < count; i++) {
		bool ok = tm_question_choice_correct(q, i);
		total += ok;
		if (picked[i] && ok)
			right++;
		else if (picked[i]) {
			wrong++;
			if (g->feedback == NULL)
				g->feedback = tm_question_choice_feedback(q, i);
		}
	}
	double credit = right > wrong ? (double)(right - wrong) / (double)(total ? total : 1) : 0;
	g->score = g->max * credit;
	g->correct = right == total && wrong == 0;
	snprintf(g->detail, sizeof(g->detail), "%zu of %zu right choices picked, %zu wrong", right,
		 total, wrong);
	return TM_OK;
}

/* ==== Ordering and matching ================================================================ */

static int grade_ordering(const struct tm_question *q, const size_t *order, size_t n,
			  const char *ans, struct tm_quiz_grade *g, struct tm_diags *diags)
{
	size_t labels[MAX_LABELS];
	bool seen[MAX_LABELS] = { false };
	size_t count = tm_question_order_count(q);
	int k = learn_read_labels(ans, count, labels, MAX_LABELS);
	bool ok = k >= 0 && (size_t)k == count && count <= MAX_LABELS;
	for (int i = 0; ok && i < k; i++) {
		ok = !seen[labels[i]];
		seen[labels[i]] = true;
	}
	if (!ok) {
		char range[64];
		label_range(count, range, sizeof(range));
		return bad_answer(diags, "give every item once, in order, such as \"c a b\": ",
				  range);
	}
	size_t in_place = 0;
	for (size_t p = 0; p < count; p++)
		in_place += shown(order, n, labels[p]) == p;
	g->score = g->max * (double)in_place / (double)count;
	g->correct = in_place == count;
	snprintf(g->detail, sizeof(g->detail), "%zu of %zu in the right place", in_place, count);
	return TM_OK;
}

/* Reads "b a c" (one option per left, in order) or "1b 2a 3c" into pick[]. */
static bool read_matching(const char *ans, size_t lefts, size_t options, size_t *pick)
{
	size_t next = 0;
	bool have[MAX_LABELS] = { false };
	for (const char *p = ans; *p != '\0';) {
		if (isdigit((unsigned char)*p)) {
			char *end = NULL;
			unsigned long num = strtoul(p, &end, 10);
			if (num == 0 || num > lefts)
				return false;
			next = (size_t)num - 1;
			p = end;
		} else if (isalpha((unsigned char)*p)) {
			size_t v = (size_t)(tolower((unsigned char)*p) - 'a');
			if (v >= options || next >= lefts || have[next])
				return false;
			pick[next] = v;
			have[next++] = true;
			p++;
		} else if (strchr(" \t\r\n,;.):-=>", *p) != NULL) {
			p++;
		} else {
			return false;
		}
	}
	for (size_t i = 0; i < lefts; i++)
		if (!have[i])
			return false;
	return true;
}

static int grade_matching(const struct tm_question *q, const size_t *order, size_t n,
			  const char *ans, struct tm_quiz_grade *g, struct tm_diags *diags)
{
	size_t pick[MAX_LABELS];
	size_t lefts = tm_question_pair_count(q);
	size_t options = tm_question_option_count(q);
	if (lefts > MAX_LABELS || options > 26 || !read_matching(ans, lefts, options, pick)) {
		/* letters only: digits here number the items, not the options */
		char range[64];
		snprintf(range, sizeof(range), "a to %c",
			 options > 0 && options <= 26 ? (int)('a' + options - 1) : 'z');
		return bad_answer(diags, "give one option letter for each numbered item, in order, "
				  "such as \"b a c\" or \"1b 2a 3c\"; options ", range);
	}
	size_t right = 0;
	for (size_t i = 0; i < lefts; i++) {
		const char *opt = tm_question_option(q, shown(order, n, pick[i]));
		right += opt != NULL && strcmp(opt, tm_question_pair_right(q, i)) == 0;
	}
	g->score = g->max * (double)right / (double)lefts;
	g->correct = right == lefts;
	snprintf(g->detail, sizeof(g->detail), "%zu of %zu pairs right", right, lefts);
	return TM_OK;
}

/* ==== Typed answers ======================================================================== */

static int grade_true_false(const struct tm_question *q, const char *ans,
			    struct tm_quiz_grade *g, struct tm_diags *diags)
{
	static const char *const yes[] = { "true", "t", "yes", "y" };
	static const char *const no[] = { "false", "f", "no", "n" };
	int value = -1;
	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(ans, yes[i]) == 0)
			value = 1;
		if (strcasecmp(ans, no[i]) == 0)
			value = 0;
	}
	if (value < 0)
		return bad_answer(diags, "answer true or false (t or f)", "");
	g->correct = (value == 1) == tm_question_answer_bool(q);
	g->score = g->correct ? g->max : 0;
	return TM_OK;
}

/*
 * Copies the number a numeric answer starts with into out as strtod() reads
 * numbers, the way people write them: a comma, space or underscore followed by
 * exactly three digits groups thousands ("10,000", "12 345 678", "10_000"); one
 * comma followed by one, two, or four or more digits is a decimal comma ("9,5",
 * also after thousands groups of spaces: "1 000,5"). The rest of the answer (a
 * unit) follows unchanged. Returns false when the number can be read more than
 * one way ("9 0", "1,2,3", "1234,567", "1,5.2"): the learner is asked again.
 */
static bool read_number_text(const char *ans, char *out, size_t size)
{
	size_t n = 0, i = 0, first = 0, groups = 0;
	bool comma = false, decimal = false;

	if (size < 2)
		return false;
	if (ans[i] == '+' || ans[i] == '-')
		out[n++] = ans[i++];
	while (isdigit((unsigned char)ans[i]) && n + 1 < size) {
		out[n++] = ans[i++];
		first++;
	}
	/* separated digit groups: thousands, and perhaps one decimal comma last */
	while (first > 0 && !decimal && (ans[i] == ',' || ans[i] == ' ' || ans[i] == '_') &&
	       isdigit((unsigned char)ans[i + 1])) {
		size_t len = 0;
		while (isdigit((unsigned char)ans[i + 1 + len]))
			len++;
		/* three digits after four or more are neither thousands nor clearly decimals */
		if (len == 3 && groups == 0 && first > 3)
			return false;
		if (len != 3) {
			/* only a comma can be decimal, and only once: "1,000,5" is two readings */
			if (ans[i] != ',' || comma)
				return false;
			decimal = true;
			if (n + 1 < size)
				out[n++] = '.';
		} else if (ans[i] == ',') {
			comma = true;
		}
		for (size_t k = 0; k < len && n + 1 < size; k++)
			out[n++] = ans[i + 1 + k];
		i += 1 + len;
		groups++;
	}
	if (ans[i] == '.' && isdigit((unsigned char)ans[i + 1])) {
		if (decimal)
			return false;
		do {
			if (n + 1 < size)
				out[n++] = ans[i];
			i++;
		} while (isdigit((unsigned char)ans[i]));
	}
	/* digits grouped again after the decimals ("1.000,5", "1.5 3") */
	if ((ans[i] == ',' || ans[i] == ' ' || ans[i] == '_') && first > 0 &&
	    isdigit((unsigned char)ans[i + 1]))
		return false;
	while (ans[i] != '\0' && n + 1 < size)
		out[n++] = ans[i++];
	out[n] = '\0';
	return true;
}

static int grade_numeric(const struct tm_question *q, const char *ans, struct tm_quiz_grade *g,
			 struct tm_diags *diags)
{
	char plain[256], *end = NULL;
	if (!read_number_text(ans, plain, sizeof(plain)))
		return bad_answer(diags, "give one number, such as 9.5 or 10,000: this answer can "
				  "be read more than one way", "");
	double v = strtod(plain, &end);
	/* decimal only: strtod also reads hexadecimal ("0x10", "0x1p4") */
	if (end == plain || !isfinite(v) || memchr(plain, 'x', (size_t)(end - plain)) != NULL ||
	    memchr(plain, 'X', (size_t)(end - plain)) != NULL)
		return bad_answer(diags, "answer with a number", "");
	double want = tm_question_number(q);
	double tol = tm_question_tolerance(q);
	g->correct = fabs(v - want) <= tol + 1e-9 * fmax(1.0, fabs(want));
	g->score = g->correct ? g->max : 0;
	return TM_OK;
}

/*
 * Short answers. Similarity alone credits too much: "take the organization from
 * the request body" shares "take" and "organization" with "take the
 * organization from the caller's token", and "the restricted class" all but
 * "secret" with "the secret class". An answer is right when, against one
 * accepted answer:
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
 */
#define SHORT_COVER 0.6
#define SHORT_OWN 0.5
#define SHORT_WORDS 6   /* the grader's words_shared input saturates at six */

struct short_check {
	double sim;          /* raw similarity to the accepted answer */
	double cover;        /* share of its weight the answer and the prompt cover */
	double own;          /* share of what the prompt leaves unsaid that the answer says */
	bool clash;          /* one side negates, the other does not */
	char why[160];       /* the grader's shared words */
};

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

/* Measures ans against one accepted answer of a question whose prompt is prompt.
 * Returns 0, or -1 on ENOMEM. */
static int check_short(const struct grader_lexicon *lex, const char *prompt, const char *ans,
		       const char *accepted, struct short_check *c)
{
	struct grader_key *key = NULL, *back = NULL;
	char *both = NULL;
	double alone, given, with_prompt, unused;
	int n_self, n_alone, n_given, n_both, n_unused;
	bool clash_back, no_clash;
	int rc = -1;

	memset(c, 0, sizeof(*c));
	switch (grader_key_from_text(lex, accepted, &key)) {
	case GRADER_OK:
		break;
	case GRADER_EINVALID:
		return 0;   /* an accepted answer with no words matches nothing */
	default:
		return -1;
	}
	c->sim = grader_answer_similarity(key, ans, c->why, sizeof(c->why));
	if (c->sim < 0)
		goto cleanup;
	rc = 0;
	if (c->sim <= 0)
		goto cleanup;
	rc = grader_key_from_text(lex, ans, &back);
	if (rc == GRADER_EINVALID) {
		/* like the accepted answer, yet no word a title could hold */
		c->sim = 0;
		rc = 0;
		goto cleanup;
	}
	rc = -1;
	both = malloc(strlen(ans) + strlen(prompt) + 3);
	if (back == NULL || both == NULL)
		goto cleanup;
	/* the answer first: a line over the grader's limit loses prompt words */
	sprintf(both, "%s. %s", ans, prompt);
	if (title_cover(key, ans, &alone, &n_alone, &c->clash) != 0 ||
	    title_cover(back, accepted, &unused, &n_unused, &clash_back) != 0 ||
	    title_cover(key, accepted, &unused, &n_self, &no_clash) != 0 ||
	    title_cover(key, prompt, &given, &n_given, &no_clash) != 0 ||
	    title_cover(key, both, &with_prompt, &n_both, &no_clash) != 0)
		goto cleanup;
	c->clash = c->clash || clash_back;
	c->cover = alone;
	/* what the prompt leaves unsaid, by weight and, since the grader weighs
	 * generic words ("token", "secret") a quarter, also word by word */
	if (given < 0.95) {
		c->own = (with_prompt - given) / (1 - given);
		if (n_self < SHORT_WORDS && n_self > n_given &&
		    (double)(n_both - n_given) / (n_self - n_given) < c->own)
			c->own = (double)(n_both - n_given) / (n_self - n_given);
	} else {
		/* a prompt that says the whole accepted answer leaves the cover */
		c->own = alone;
	}
	rc = 0;
cleanup:
	free(both);
	grader_key_free(back);
	grader_key_free(key);
	return rc;
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

/* The passing text of q's n texts (text(q, i)) most like ans, the first of
 * equals, into *best; returns its index, -1 when none passes (*best then holds
 * the closest), or -2 on ENOMEM. With near not NULL, *near is how close ans is
 * to the passing texts (0 and SIZE_MAX when it passes none). */
static long closest_passing(const struct grader_lexicon *lex, const char *prompt,
			    const char *ans, const char *(*text)(const struct tm_question *, size_t),
			    const struct tm_question *q, size_t n, struct short_check *best,
			    struct closeness *near)
{
	struct short_check c;
	long found = -1;
	memset(best, 0, sizeof(*best));
	if (near != NULL)
		*near = (struct closeness){ 0, SIZE_MAX, -1 };
	for (size_t i = 0; i < n; i++) {
		if (check_short(lex, prompt, ans, text(q, i), &c) != 0)
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
		size_t apart = letters_apart(ans, text(q, i));
		if (c.sim > near->sim + SAME_SIM || apart < near->apart)
			*near = (struct closeness){ c.sim, apart, (long)i };
	}
	return found;
}

/*
 * Whether a rejected answer refuses ans: one that ans passes at least as closely
 * (struct closeness) as the accepted answers it passes (accepted; an affirmed
 * pattern counts as similarity PATTERN_SIMILARITY, as a key's patterns do).
 * Sets g's verdict, detail and the rejected answer's feedback when it does.
 * Returns 1 refused, 0 not, -1 on ENOMEM.
 */
static int refuse_short(const struct tm_question *q, const struct grader_lexicon *lex,
			const char *prompt, const char *ans, struct closeness accepted,
			struct tm_quiz_grade *g)
{
	struct short_check r;
	struct closeness near;
	long k = closest_passing(lex, prompt, ans, tm_question_reject, q,
				 tm_question_reject_count(q), &r, &near);
	if (k == -2)
		return -1;
	if (k < 0 || near.sim < accepted.sim - SAME_SIM ||
	    (near.sim < accepted.sim + SAME_SIM && near.apart > accepted.apart))
		return 0;
	k = near.index;
	g->correct = false;
	g->score = 0;
	g->refused = tm_question_reject(q, (size_t)k);
	g->feedback = tm_question_reject_feedback(q, (size_t)k);
	snprintf(g->detail, sizeof(g->detail), "%.0f%% like the refused answer '%.120s'",
		 near.sim * 100, g->refused);
	return 1;
}

static int grade_short(const struct tm_question *q, const struct grader_lexicon *lex,
		       const char *ans, struct tm_quiz_grade *g, struct tm_diags *diags)
{
	const char *prompt = tm_question_prompt(q) != NULL ? tm_question_prompt(q) : "";
	bool rejects = tm_question_reject_count(q) > 0;
	struct short_check best;
	bool negated = false, pattern = false;
	for (size_t i = 0; i < tm_question_pattern_count(q) && !pattern; i++) {
		/* "tampering, not elevation of privilege" does not name the latter */
		int affirmed = grader_pattern_match_affirmed(tm_question_pattern(q, i), ans);
		/* the plain match only says why an answer failed: once is enough */
		int matched = affirmed == 1 || negated ? 0
						       : grader_pattern_match(tm_question_pattern(q, i), ans);
		if (affirmed == GRADER_MATCH_NOMEM || matched == GRADER_MATCH_NOMEM)
			return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
		pattern = affirmed == 1;
		negated = negated || matched == 1;
	}
	if (pattern && !rejects) {
		snprintf(g->detail, sizeof(g->detail), "matched an accepted pattern");
		g->correct = true;
		g->score = g->max;
		return TM_OK;
	}
	struct closeness accepted;
	long k = closest_passing(lex, prompt, ans, tm_question_accept, q,
				 tm_question_accept_count(q), &best, rejects ? &accepted : NULL);
	if (k == -2)
		return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
	bool found = k >= 0;
	if (rejects) {
		if (pattern && accepted.sim < PATTERN_SIMILARITY)
			accepted = (struct closeness){ PATTERN_SIMILARITY, SIZE_MAX, -1 };
		int refused = refuse_short(q, lex, prompt, ans, accepted, g);
		if (refused < 0)
			return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
		if (refused)
			return TM_OK;
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
	return TM_OK;
}

static int grade_threat_list(const struct tm_question *q, const struct grader_lexicon *lex,
			     const char *ans, struct tm_quiz_grade *g, struct tm_diags *diags)
{
	const struct tm_exercise *ex = tm_question_exercise(q);
	double percent = 0;
	if (ex == NULL)
		return tm_diags_add(diags, TM_EINVALID, NULL, 0, 0,
				    "question '%s' names no exercise", tm_question_id(q));
	(void)lex;   /* the key was prepared with the content's lexicon */
	int status = learn_grade_threats(tm_exercise_key(ex), ans, 0, &percent, NULL, NULL, diags);
	if (status != TM_OK)
		return status;
	double pass = tm_question_pass_score(q);
	g->correct = percent >= pass;
	g->score = g->max * percent / 100.0;
	snprintf(g->detail, sizeof(g->detail), "threat list scored %.0f%% (%.0f%% passes)",
		 percent, pass);
	return TM_OK;
}

/* ==== Entry point ============================================================================ */

/* Trims leading and trailing blanks into a fresh copy (caller frees). */
static char *trimmed(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t len = strlen(s);
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	char *out = malloc(len + 1);
	if (out != NULL) {
		memcpy(out, s, len);
		out[len] = '\0';
	}
	return out;
}

int tm_quiz_short_refused(const struct tm_question *q, const struct grader_lexicon *lex,
			  const char *ans, const char **refused, struct tm_diags *diags)
{
	const char *prompt = tm_question_prompt(q) != NULL ? tm_question_prompt(q) : "";
	struct short_check r;
	struct tm_quiz_grade g;
	*refused = NULL;
	/* the rejected answers first: most answers pass none, and need no more */
	long k = closest_passing(lex, prompt, ans, tm_question_reject, q,
				 tm_question_reject_count(q), &r, NULL);
	if (k == -2)
		return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
	if (k < 0)
		return TM_OK;
	int status = tm_quiz_grade(q, lex, NULL, 0, ans, &g, diags);
	if (status == TM_OK)
		*refused = g.refused;
	return status;
}

int tm_quiz_grade(const struct tm_question *q, const struct grader_lexicon *lex,
		  const size_t *order, size_t n, const char *answer, struct tm_quiz_grade *out,
		  struct tm_diags *diags)
{
	memset(out, 0, sizeof(*out));
	out->max = tm_question_points(q);
	char *ans = trimmed(answer != NULL ? answer : "");
	int status = TM_OK;
	if (ans == NULL)
		return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
	if (ans[0] == '\0') {
		status = bad_answer(diags, tm_question_hint_count(q) > 0 ?
				    "type an answer (or ? for a hint)" : "type an answer", "");
		goto cleanup;
	}
	switch (tm_question_type(q)) {
	case TM_Q_SINGLE:
		status = grade_single(q, order, n, ans, out, diags);
		break;
	case TM_Q_MULTIPLE:
		status = grade_multiple(q, order, n, ans, out, diags);
		break;
	case TM_Q_TRUE_FALSE:
		status = grade_true_false(q, ans, out, diags);
		break;
	case TM_Q_SHORT:
		status = grade_short(q, lex, ans, out, diags);
		break;
	case TM_Q_ORDERING:
		status = grade_ordering(q, order, n, ans, out, diags);
		break;
	case TM_Q_MATCHING:
		status = grade_matching(q, order, n, ans, out, diags);
		break;
	case TM_Q_NUMERIC:
		status = grade_numeric(q, ans, out, diags);
		break;
	case TM_Q_THREAT_LIST:
		status = grade_threat_list(q, lex, answer, out, diags);
		break;
	default:
		status = tm_diags_add(diags, TM_EINVALID, NULL, 0, 0, "question '%s' has an "
				      "unknown type", tm_question_id(q));
		break;
	}
	if (status == TM_OK && out->feedback == NULL)
		out->feedback = out->correct ? tm_question_feedback_correct(q)
					     : tm_question_feedback_incorrect(q);
cleanup:
	free(ans);
	if (status != TM_OK) {
		memset(out, 0, sizeof(*out));
		out->max = tm_question_points(q);
	}
	return status;
}

/* ==== Threat lists ============================================================================ */

int learn_grade_threats(const struct grader_key *key, const char *text, size_t want,
			double *percent, struct grader_result **result,
			struct grader_submission **sub, struct tm_diags *diags)
{
	struct grader_submission *lines = NULL;
	struct grader_result *res = NULL;
	char *copy = NULL;
	size_t len = strlen(text);
	*percent = 0;
	if (result != NULL)
		*result = NULL;
	if (sub != NULL)
		*sub = NULL;
	if (key == NULL)
		return tm_diags_add(diags, TM_EINVALID, NULL, 0, 0, "the exercise has no answer key");
	if (want > 0) {
		/* a top list: its label line ("Top three:") is not a threat */
		int label = gb_top_label_line(text, len, NULL);
		if (label > 0) {
			copy = gb_blank_line(text, len, label);
			if (copy == NULL)
				return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
			text = copy;
		}
	}
	/* Typed or edited threat lists are plain text: one threat per line. */
	lines = grader_submission_new();
	if (lines == NULL || grader_submission_parse_text(lines, text, len) == GRADER_ENOMEM) {
		grader_submission_free(lines);
		free(copy);
		return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
	}
	free(copy);
	size_t count = grader_submission_line_count(lines);
	if (want > 0 && count != want) {
		grader_submission_free(lines);
		/* counted as the grader reads them: headings are no threats */
		return tm_diags_add(diags, TM_EUSAGE, NULL, 0, 0,
				    "give exactly %s threats, one per line (you gave %zu)",
				    want == 3 ? "three" : want == 2 ? "two" : want == 1 ? "one"
									     : "the listed",
				    count);
	}
	if (count == 0) {
		grader_submission_free(lines);
		return tm_diags_add(diags, TM_EUSAGE, NULL, 0, 0,
				    "write at least one threat, one per line");
	}
	struct grader_options opts;
	grader_options_init(&opts);
	res = grader_grade(key, lines, &opts);
	if (res == NULL) {
		grader_submission_free(lines);
		return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "cannot grade the threat list");
	}
	*percent = grader_result_score(res);
	if (result != NULL && sub != NULL) {
		*result = res;
		*sub = lines;
	} else {
		learn_result_free(res, lines);
	}
	return TM_OK;
}

void learn_result_free(struct grader_result *result, struct grader_submission *sub)
{
	grader_result_free(result);
	grader_submission_free(sub);
}
