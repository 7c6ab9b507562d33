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

bool tm_quiz_shuffles(const struct tm_item *it, const struct tm_question *q)
{
	enum tm_question_type type = tm_question_type(q);
	/* Shown as written, an ordering question's answer would always be "a b c"
	 * and a matching question's options would line up with its pairs. */
	if (type == TM_Q_ORDERING || type == TM_Q_MATCHING)
		return true;
	return it == NULL || tm_item_shuffle(it);
}

unsigned tm_quiz_question_seed(const struct tm_question *q)
{
	unsigned seed = 2166136261u;
	for (const char *c = tm_question_id(q); c != NULL && *c != '\0'; c++)
		seed = (seed ^ (unsigned char)*c) * 16777619u;
	return seed != 0 ? seed : 1;
}

unsigned tm_quiz_display_seed(const struct tm_item *it, const struct tm_question *q,
			      unsigned seed)
{
	if (!tm_quiz_shuffles(it, q))
		return 0;
	if (seed != 0)
		return seed;
	/* Choices kept without a seed (a store from before seeds) were shown as
	 * written, so they are shown so again; ordering and matching never are. */
	enum tm_question_type type = tm_question_type(q);
	return type == TM_Q_ORDERING || type == TM_Q_MATCHING ? tm_quiz_question_seed(q) : 0;
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

/* ==== Units of numeric answers ============================================================= */

/* The units a numeric answer may name around its number, and a question's unit
 * may be: a currency or a percentage. Other units ("minutes") are not read. */
enum unit_kind { UNIT_NONE, UNIT_PERCENT, UNIT_USD, UNIT_EUR, UNIT_GBP, UNIT_ANY_CURRENCY };

static const struct unit_word {
	const char *text;
	enum unit_kind kind;
	bool before;   /* also written before the number: "$500", "USD 500" */
} unit_words[] = {
	{ "us dollars", UNIT_USD, false }, { "us$", UNIT_USD, true }, { "$", UNIT_USD, true },
	{ "usd", UNIT_USD, true }, { "dollars", UNIT_USD, false }, { "dollar", UNIT_USD, false },
	{ "\xe2\x82\xac", UNIT_EUR, true }, { "eur", UNIT_EUR, true },
	{ "euros", UNIT_EUR, false }, { "euro", UNIT_EUR, false },
	{ "\xc2\xa3", UNIT_GBP, true }, { "gbp", UNIT_GBP, true },
	{ "pounds", UNIT_GBP, false }, { "pound", UNIT_GBP, false },
	{ "%", UNIT_PERCENT, false }, { "per cent", UNIT_PERCENT, false },
	{ "percent", UNIT_PERCENT, false }, { "pct", UNIT_PERCENT, false },
};

/* Words that hedge a number ("about 87"), read as the number itself. */
static const char *const hedge_words[] = {
	"about", "around", "approximately", "approx.", "approx", "roughly", "circa", "ca.",
	"~", "\xe2\x89\x88", NULL
};

/* Length of word w at the start of s (case aside), when it is there whole: a word
 * ending in a letter must not run on into another letter or digit; 0 if absent. */
static size_t starts_with_word(const char *s, const char *w)
{
	size_t n = strlen(w);
	if (strncasecmp(s, w, n) != 0)
		return 0;
	if (isalpha((unsigned char)w[n - 1]) && isalnum((unsigned char)s[n]))
		return 0;
	return n;
}

static const char *skip_blanks(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return s;
}

/*
 * Length of unit word w at the start of s (case aside), 0 if absent. Before the
 * number a code may run into it ("USD500"): only a letter after a word that ends
 * in one makes it another word there; after the number, a digit does too.
 */
static size_t unit_word_at(const char *s, const char *w, bool before)
{
	size_t n = strlen(w);
	if (!before)
		return starts_with_word(s, w);
	if (strncasecmp(s, w, n) != 0)
		return 0;
	if (isalpha((unsigned char)w[n - 1]) && isalpha((unsigned char)s[n]))
		return 0;
	return n;
}

/*
 * Reads a unit word at *p (before the number when before is true: only signs
 * and codes are written there) and moves *p past it and the blanks after it.
 * Returns its kind, or UNIT_NONE (and *p unchanged) when none is there.
 */
static enum unit_kind read_unit_word(const char **p, bool before)
{
	for (size_t i = 0; i < sizeof(unit_words) / sizeof(unit_words[0]); i++) {
		size_t n;
		if (before && !unit_words[i].before)
			continue;
		n = unit_word_at(*p, unit_words[i].text, before);
		if (n > 0) {
			*p = skip_blanks(*p + n);
			return unit_words[i].kind;
		}
	}
	return UNIT_NONE;
}

/* The kind of a question's unit: one of the unit words, or any currency for a
 * unit that says "currency"; UNIT_NONE for every other unit (or none). */
static enum unit_kind question_unit_kind(const struct tm_question *q)
{
	const char *unit = tm_question_unit(q), *p;
	enum unit_kind k;
	if (unit == NULL)
		return UNIT_NONE;
	p = skip_blanks(unit);
	k = read_unit_word(&p, false);
	if (k != UNIT_NONE && *p == '\0')
		return k;
	for (p = unit; *p != '\0'; p++)
		if (strncasecmp(p, "currency", 8) == 0)
			return UNIT_ANY_CURRENCY;
	return UNIT_NONE;
}

/* Whether an answer in unit a answers a question in unit q. */
static bool unit_fits(enum unit_kind a, enum unit_kind q)
{
	return a == q || (q == UNIT_ANY_CURRENCY && a != UNIT_PERCENT && a != UNIT_NONE);
}

/*
 * Skips what may come before the number of a numeric answer: a hedge ("about")
 * and a unit sign or code ("$", "USD"), perhaps signed ("-$5": the sign is the
 * number's, stored in *sign; '\0' when there is none). Returns where the number
 * should start, or NULL when the unit there contradicts the question's (or the
 * question has none of these units), to be refused rather than read.
 */
static const char *before_number(const char *ans, enum unit_kind want, char *sign)
{
	const char *p = skip_blanks(ans), *unit;
	for (size_t i = 0; hedge_words[i] != NULL; i++) {
		size_t n = starts_with_word(p, hedge_words[i]);
		if (n > 0) {
			p = skip_blanks(p + n);
			break;
		}
	}
	*sign = '\0';
	unit = p + (*p == '+' || *p == '-');
	enum unit_kind k = read_unit_word(&unit, true);
	if (k == UNIT_NONE)
		return p;   /* a sign here is the number's own */
	if (!unit_fits(k, want))
		return NULL;
	if (*p == '+' || *p == '-')
		*sign = *p;
	return unit;
}

/* ==== Units of time after the number ==== */

/* The units of time an answer may name after its number, and a question's
 * unit may be. Kept apart from the currency rules above: an answer in a unit
 * of time that contradicts the question's ("300 minutes" for seconds) is
 * refused and asked again, not read as the number and marked. No data sizes:
 * no question of the format has one. */
enum time_unit { TIME_NONE, TIME_MS, TIME_S, TIME_MIN, TIME_H, TIME_DAY };

static const struct time_word {
	const char *text;
	enum time_unit unit;
} time_words[] = {
	{ "milliseconds", TIME_MS }, { "millisecond", TIME_MS }, { "msecs", TIME_MS },
	{ "msec", TIME_MS }, { "ms", TIME_MS },
	{ "seconds", TIME_S }, { "second", TIME_S }, { "secs", TIME_S }, { "sec", TIME_S },
	{ "s", TIME_S },
	{ "minutes", TIME_MIN }, { "minute", TIME_MIN }, { "mins", TIME_MIN },
	{ "min", TIME_MIN },
	{ "hours", TIME_H }, { "hour", TIME_H }, { "hrs", TIME_H }, { "hr", TIME_H },
	{ "h", TIME_H },
	{ "days", TIME_DAY }, { "day", TIME_DAY },
};

/* The unit of time word at *p (a whole word, case aside), moving *p past it
 * and the blanks after it; TIME_NONE (and *p unchanged) when none is there. */
static enum time_unit read_time_word(const char **p)
{
	for (size_t i = 0; i < sizeof(time_words) / sizeof(time_words[0]); i++) {
		size_t n = starts_with_word(*p, time_words[i].text);
		if (n > 0) {
			*p = skip_blanks(*p + n);
			return time_words[i].unit;
		}
	}
	return TIME_NONE;
}

/* The unit of time a question's unit is, when it is one word of time alone
 * ("seconds", "ms"); TIME_NONE for any other unit ("seconds of downtime"). */
static enum time_unit question_time_unit(const struct tm_question *q)
{
	const char *p = tm_question_unit(q) != NULL ? skip_blanks(tm_question_unit(q)) : "";
	enum time_unit t = read_time_word(&p);
	return *p == '\0' ? t : TIME_NONE;
}

/*
 * Whether the text after a numeric answer's number (rest) names a unit that
 * contradicts the question's unit of time or currency: another unit of time
 * ("300 minutes", "300 ms" for seconds), a currency or percentage for a
 * question in a unit of time ("300 $" for seconds), a unit of time for one in
 * a currency or percentage ("500 minutes" for dollars). A question in another
 * unit ("steps"), or none, refuses nothing here.
 */
static bool time_unit_contradicts(const struct tm_question *q, const char *rest)
{
	enum time_unit want = question_time_unit(q);
	const char *p = skip_blanks(rest);
	enum time_unit said = read_time_word(&p);

	if (want != TIME_NONE) {
		p = skip_blanks(rest);
		return (said != TIME_NONE && said != want) || read_unit_word(&p, false) != UNIT_NONE;
	}
	return said != TIME_NONE && question_unit_kind(q) != UNIT_NONE;
}

/* Says which unit a numeric answer is to be in. */
static int bad_unit(const struct tm_question *q, struct tm_diags *diags)
{
	return tm_question_unit(q) != NULL ? bad_answer(diags, "answer with a number in ",
							tm_question_unit(q))
					   : bad_answer(diags, "answer with a number", "");
}

static int grade_numeric(const struct tm_question *q, const char *ans, struct tm_quiz_grade *g,
			 struct tm_diags *diags)
{
	char plain[256], *end = NULL, sign;
	enum unit_kind unit = question_unit_kind(q);
	const char *num = before_number(ans, unit, &sign);
	if (num == NULL)
		return bad_unit(q, diags);
	/* a sign before the unit ("-$5") goes before the number; a second sign
	 * after the unit ("-$-5") then leaves no number to read */
	plain[0] = sign;
	if (!read_number_text(num, plain + (sign != '\0'), sizeof(plain) - 1))
		return bad_answer(diags, "give one number, such as 9.5 or 10,000: this answer can "
				  "be read more than one way", "");
	double v = strtod(plain, &end);
	/* decimal only: strtod also reads hexadecimal ("0x10", "0x1p4") */
	if (end == plain || !isfinite(v) || memchr(plain, 'x', (size_t)(end - plain)) != NULL ||
	    memchr(plain, 'X', (size_t)(end - plain)) != NULL)
		return bad_answer(diags, "answer with a number", "");
	/* a unit after the number that contradicts the question's ("500 euros" for
	 * dollars) is refused; any other text after it is read as before */
	const char *after = skip_blanks(end);
	enum unit_kind k = read_unit_word(&after, false);
	if (unit != UNIT_NONE && k != UNIT_NONE && !unit_fits(k, unit))
		return bad_unit(q, diags);
	if (time_unit_contradicts(q, end))
		return bad_unit(q, diags);
	double want = tm_question_number(q);
	double tol = tm_question_tolerance(q);
	g->correct = fabs(v - want) <= tol + 1e-9 * fmax(1.0, fabs(want));
	g->score = g->correct ? g->max : 0;
	return TM_OK;
}

/* A short answer, with the question's answers prepared for this one grading. */
static int grade_short(const struct tm_question *q, const struct grader_lexicon *lex,
		       const char *ans, struct tm_quiz_grade *g, struct tm_diags *diags)
{
	struct tm_short_answers *s = NULL;
	if (tm_short_answers_new(q, lex, &s) != TM_OK)
		return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
	int status = tm_short_answers_grade(s, ans, g, diags);
	tm_short_answers_free(s);
	return status;
}

/* A threat list, graded against the key of the exercise the question names;
 * with result not NULL the full grading goes to *result and *sub (as
 * learn_quiz_grade() says), else it is freed here. */
static int grade_threat_list(const struct tm_question *q, const struct grader_lexicon *lex,
			     const char *ans, struct tm_quiz_grade *g,
			     struct grader_result **result, struct grader_submission **sub_out,
			     struct tm_diags *diags)
{
	const struct tm_exercise *ex = tm_question_exercise(q);
	double percent = 0;
	if (ex == NULL)
		return tm_diags_add(diags, TM_EINVALID, NULL, 0, 0,
				    "question '%s' names no exercise", tm_question_id(q));
	(void)lex;   /* the key was prepared with the content's lexicon */
	struct grader_result *res = NULL;
	struct grader_submission *sub = NULL;
	int status = learn_grade_threats(tm_exercise_key(ex), ans, 0, &percent, &res, &sub, diags);
	if (status != TM_OK)
		return status;
	double pass = tm_question_pass_score(q);
	g->correct = percent >= pass;
	g->score = g->max * percent / 100.0;
	/* an author pattern that stopped at the grader's match limit counted as
	 * no match: the learner may have lost a credit and is to tell the trainer */
	if (grader_result_limit_count(res) > 0)
		snprintf(g->detail, sizeof(g->detail), "threat list scored %.0f%% (%.0f%% passes); "
			 "one of the key's checks could not be completed on your line %d, so "
			 "it may have missed a credit: please tell your trainer", percent, pass,
			 grader_submission_line_no(sub, grader_result_limit_line(res, 0)));
	else
		snprintf(g->detail, sizeof(g->detail), "threat list scored %.0f%% (%.0f%% passes)",
			 percent, pass);
	if (result != NULL) {
		*result = res;
		*sub_out = sub;
	} else {
		learn_result_free(res, sub);
	}
	return TM_OK;
}

/* ==== Entry point ============================================================================ */

char *learn_trimmed(const char *s)
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

int tm_quiz_grade(const struct tm_question *q, const struct grader_lexicon *lex,
		  const size_t *order, size_t n, const char *answer, struct tm_quiz_grade *out,
		  struct tm_diags *diags)
{
	return learn_quiz_grade(q, lex, order, n, answer, out, NULL, NULL, diags);
}

int learn_quiz_grade(const struct tm_question *q, const struct grader_lexicon *lex,
		     const size_t *order, size_t n, const char *answer, struct tm_quiz_grade *out,
		     struct grader_result **result, struct grader_submission **sub,
		     struct tm_diags *diags)
{
	if (result != NULL) {
		*result = NULL;
		*sub = NULL;
	}
	memset(out, 0, sizeof(*out));
	out->max = tm_question_points(q);
	char *ans = learn_trimmed(answer != NULL ? answer : "");
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
		status = grade_threat_list(q, lex, answer, out, result, sub, diags);
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

/*
 * Parses text, one threat per line, as the grader reads a list (headings and
 * blank lines are none); a top list's label line ("Top three:") is no threat
 * either. TM_OK and *out (caller frees with grader_submission_free()), or
 * TM_ENOMEM with *out NULL.
 */
static int parse_threat_list(const char *text, bool top, struct grader_submission **out,
			     struct tm_diags *diags)
{
	char *copy = NULL;
	size_t len = strlen(text);
	*out = NULL;
	if (top) {
		int label = gb_top_label_line(text, len, NULL);
		if (label > 0) {
			copy = gb_blank_line(text, len, label);
			if (copy == NULL)
				return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
			text = copy;
		}
	}
	/* Typed or edited threat lists are plain text: one threat per line. */
	struct grader_submission *lines = grader_submission_new();
	if (lines == NULL || grader_submission_parse_text(lines, text, len) == GRADER_ENOMEM) {
		grader_submission_free(lines);
		free(copy);
		return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
	}
	free(copy);
	*out = lines;
	return TM_OK;
}

int learn_count_threats(const char *text, bool top, size_t *count, struct tm_diags *diags)
{
	struct grader_submission *lines = NULL;
	*count = 0;
	int status = parse_threat_list(text, top, &lines, diags);
	if (status == TM_OK)
		*count = grader_submission_line_count(lines);
	grader_submission_free(lines);
	return status;
}

int learn_grade_threats(const struct grader_key *key, const char *text, size_t want,
			double *percent, struct grader_result **result,
			struct grader_submission **sub, struct tm_diags *diags)
{
	struct grader_submission *lines = NULL;
	struct grader_result *res = NULL;
	*percent = 0;
	if (result != NULL)
		*result = NULL;
	if (sub != NULL)
		*sub = NULL;
	if (key == NULL)
		return tm_diags_add(diags, TM_EINVALID, NULL, 0, 0, "the exercise has no answer key");
	int status = parse_threat_list(text, want > 0, &lines, diags);
	if (status != TM_OK)
		return status;
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
