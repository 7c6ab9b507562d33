/*
 * test_quiz.c: grading one answer for every question type (partial credit,
 * display order, unreadable answers) and the seeded shuffle, on the questions of
 * tests/fixtures/learn (course "tiny").
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmengine.h"

static struct tm_content *content;

static const struct tm_question *question(const char *id)
{
	const struct tm_course *co = tm_content_find_course(content, "tiny");
	assert_non_null(co);
	for (size_t m = 0; m < tm_course_module_count(co); m++) {
		const struct tm_module *mod = tm_course_module(co, m);
		for (size_t i = 0; i < tm_module_item_count(mod); i++) {
			const struct tm_item *it = tm_module_item(mod, i);
			for (size_t q = 0; tm_item_kind(it) == TM_ITEM_QUIZ &&
					   q < tm_item_question_count(it); q++)
				if (strcmp(tm_question_id(tm_item_question(it, q)), id) == 0)
					return tm_item_question(it, q);
		}
	}
	fail_msg("no question %s", id);
	return NULL;
}

static int setup(void **state)
{
	(void)state;
	struct tm_diags d;
	char root[512];
	const char *src = getenv("TMDOJO_SRC");
	snprintf(root, sizeof(root), "%s/tests/fixtures/learn", src != NULL ? src : ".");
	tm_diags_init(&d);
	int rc = tm_content_load(root, &content, &d);
	for (size_t i = 0; i < d.count; i++)
		fprintf(stderr, "%s\n", d.items[i].text);
	tm_diags_release(&d);
	return rc == TM_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	tm_content_free(content);
	return 0;
}

/* Grades answer with the given display order; expects TM_OK. */
static struct tm_quiz_grade grade(const char *id, const size_t *order, size_t n,
				  const char *answer)
{
	struct tm_quiz_grade g;
	struct tm_diags d;
	tm_diags_init(&d);
	int rc = tm_quiz_grade(question(id), tm_content_lexicon(content), order, n, answer, &g, &d);
	if (rc != TM_OK && d.count > 0)
		fprintf(stderr, "%s: %s\n", id, d.items[0].text);
	assert_int_equal(rc, TM_OK);
	tm_diags_release(&d);
	return g;
}

static void expect_unreadable(const char *id, const char *answer)
{
	struct tm_quiz_grade g;
	struct tm_diags d;
	tm_diags_init(&d);
	assert_int_equal(tm_quiz_grade(question(id), NULL, NULL, 0, answer, &g, &d), TM_EUSAGE);
	assert_true(d.count > 0);
	assert_true(g.score == 0);
	tm_diags_release(&d);
}

static void test_shuffle(void **state)
{
	(void)state;
	size_t a[8], b[8], c[8];
	tm_quiz_shuffle(0, a, 8);
	for (size_t i = 0; i < 8; i++)
		assert_int_equal(a[i], i);
	tm_quiz_shuffle(42, a, 8);
	tm_quiz_shuffle(42, b, 8);
	assert_memory_equal(a, b, sizeof(a));
	bool seen[8] = { false };
	for (size_t i = 0; i < 8; i++) {
		assert_true(a[i] < 8);
		assert_false(seen[a[i]]);
		seen[a[i]] = true;
	}
	/* Some seed among a few gives another order (not all seeds the identity). */
	bool differs = false;
	for (unsigned s = 1; s < 6 && !differs; s++) {
		tm_quiz_shuffle(s, c, 8);
		differs = memcmp(c, a, sizeof(c)) != 0;
	}
	assert_true(differs);
	assert_int_equal(tm_quiz_display_count(question("t-single")), 3);
	assert_int_equal(tm_quiz_display_count(question("t-order")), 4);
	assert_int_equal(tm_quiz_display_count(question("t-match")), 3);
	assert_int_equal(tm_quiz_display_count(question("t-num")), 0);
}

static void test_single(void **state)
{
	(void)state;
	/* Choices: Spoofing (correct), Tampering, Repudiation. */
	struct tm_quiz_grade g = grade("t-single", NULL, 0, "a");
	assert_true(g.correct);
	assert_true(g.score == g.max && g.max == 1);
	assert_string_equal(g.feedback, "Spoofing is about identity.");
	g = grade("t-single", NULL, 0, " 2 ");
	assert_false(g.correct);
	assert_true(g.score == 0);
	assert_string_equal(g.feedback, "Tampering changes data.");
	/* Shown as Repudiation, Spoofing, Tampering: "b" is now the right one. */
	size_t order[] = { 2, 0, 1 };
	assert_true(grade("t-single", order, 3, "B").correct);
	assert_false(grade("t-single", order, 3, "a").correct);
	expect_unreadable("t-single", "a b");
	expect_unreadable("t-single", "d");
	expect_unreadable("t-single", "spoofing");
	expect_unreadable("t-single", "   ");
}

static void test_multiple_partial_credit(void **state)
{
	(void)state;
	/* Repudiation (correct), Denial of service (correct), Phishing. */
	struct tm_quiz_grade g = grade("t-multiple", NULL, 0, "a,b");
	assert_true(g.correct);
	assert_true(g.score == 1);
	g = grade("t-multiple", NULL, 0, "a");
	assert_false(g.correct);
	assert_true(g.score == 0.5);
	g = grade("t-multiple", NULL, 0, "a c");
	assert_true(g.score == 0);   /* one right minus one wrong */
	g = grade("t-multiple", NULL, 0, "abc");
	assert_true(g.score == 0.5); /* two right minus one wrong, over two */
	assert_false(g.correct);
	size_t order[] = { 2, 1, 0 };   /* Phishing, DoS, Repudiation */
	assert_true(grade("t-multiple", order, 3, "c b").correct);
	expect_unreadable("t-multiple", "x");
}

static void test_true_false(void **state)
{
	(void)state;
	assert_true(grade("t-tf", NULL, 0, "true").correct);
	assert_true(grade("t-tf", NULL, 0, "Y").correct);
	struct tm_quiz_grade g = grade("t-tf", NULL, 0, "f");
	assert_false(g.correct);
	assert_string_equal(g.feedback, "Integrity is the property.");
	expect_unreadable("t-tf", "maybe");
}

static void test_short_answer(void **state)
{
	(void)state;
	assert_true(grade("t-short", NULL, 0, "confidentiality").correct);
	assert_true(grade("t-short", NULL, 0, "It breaks Confidentiality!").correct);
	assert_true(grade("t-short", NULL, 0, "confidential data").correct);  /* pattern */
	struct tm_quiz_grade g = grade("t-short", NULL, 0, "availability");
	assert_false(g.correct);
	assert_true(g.score == 0);
	/* a pattern match its clause says no to does not count */
	g = grade("t-short", NULL, 0, "availability, not confidentiality of data");
	assert_false(g.correct);
	g = grade("t-short", NULL, 0, "that is not confidential data");
	assert_false(g.correct);
	assert_non_null(strstr(g.detail, "says no"));
	assert_true(grade("t-short", NULL, 0, "not sure, but confidential data").correct);
}

static void test_short_answer_fuzzy(void **state)
{
	(void)state;
	/* No pattern here: only the grader's similarity decides. */
	assert_true(grade("t-short-fuzzy", NULL, 0, "assets").correct);
	assert_true(grade("t-short-fuzzy", NULL, 0, "An Asset.").correct);
	assert_true(grade("t-short-fuzzy", NULL, 0, "asset").correct);
	assert_false(grade("t-short-fuzzy", NULL, 0, "attackers").correct);
	assert_false(grade("t-short-fuzzy", NULL, 0, "a firewall").correct);
}

/* ==== Short answers against the curriculum ============================================= */

/* Loads the content root at TMDOJO_SRC/sub (caller frees), failing the test if it
 * does not load. */
static struct tm_content *load_root(const char *sub)
{
	struct tm_content *c = NULL;
	struct tm_diags d;
	char root[512];
	const char *src = getenv("TMDOJO_SRC");
	snprintf(root, sizeof(root), "%s/%s", src != NULL ? src : ".", sub);
	tm_diags_init(&d);
	int rc = tm_content_load(root, &c, &d);
	for (size_t i = 0; i < d.count; i++)
		fprintf(stderr, "%s\n", d.items[i].text);
	tm_diags_release(&d);
	assert_int_equal(rc, TM_OK);
	return c;
}

/* Calls fn on every question of every course of c. */
static void each_question(const struct tm_content *c,
			  void (*fn)(const struct tm_content *, const struct tm_question *, void *),
			  void *arg)
{
	for (size_t k = 0; k < tm_content_course_count(c); k++) {
		const struct tm_course *co = tm_content_course(c, k);
		for (size_t m = 0; m < tm_course_module_count(co); m++) {
			const struct tm_module *mod = tm_course_module(co, m);
			for (size_t i = 0; i < tm_module_item_count(mod); i++) {
				const struct tm_item *it = tm_module_item(mod, i);
				for (size_t q = 0; tm_item_kind(it) == TM_ITEM_QUIZ &&
						   q < tm_item_question_count(it); q++)
					fn(c, tm_item_question(it, q), arg);
			}
		}
	}
}

struct find_arg {
	const char *id;
	const struct tm_question *found;
};

static void find_one(const struct tm_content *c, const struct tm_question *q, void *arg)
{
	struct find_arg *f = arg;
	(void)c;
	if (strcmp(tm_question_id(q), f->id) == 0)
		f->found = q;
}

/* Grades answer to question id of content c; expects TM_OK. */
static struct tm_quiz_grade short_grade(const struct tm_content *c, const char *id,
					const char *answer)
{
	struct find_arg f = { id, NULL };
	struct tm_quiz_grade g;
	struct tm_diags d;
	each_question(c, find_one, &f);
	if (f.found == NULL)
		fail_msg("no question %s", id);
	tm_diags_init(&d);
	assert_int_equal(tm_quiz_grade(f.found, tm_content_lexicon(c), NULL, 0, answer, &g, &d),
			 TM_OK);
	tm_diags_release(&d);
	return g;
}

/* Whether answer earns full marks on question id of content c. */
static bool short_right(const struct tm_content *c, const char *id, const char *answer)
{
	return short_grade(c, id, answer).correct;
}

static void test_short_answer_substance(void **state)
{
	(void)state;
	struct tm_content *c = load_root(".");
	/* the flaw itself, generic words the prompt already gives, a negation */
	assert_false(short_right(c, "org-id-fix", "take the organization from the request body"));
	assert_false(short_right(c, "org-id-fix", "organization"));
	assert_false(short_right(c, "org-id-fix", "trust the caller"));
	assert_false(short_right(c, "org-id-fix", "do not use the caller's organization"));
	assert_false(short_right(c, "fnd-most-sensitive", "the restricted class"));
	assert_false(short_right(c, "fnd-most-sensitive", "not secret"));
	assert_false(short_right(c, "fnd-most-sensitive", "class"));
	assert_false(short_right(c, "fnd-accepted-risk", "not an accepted risk"));
	/* right answers in other words still pass */
	assert_true(short_right(c, "org-id-fix", "take the organization from the caller's token"));
	assert_true(short_right(c, "org-id-fix", "the organization in the caller's token"));
	assert_true(short_right(c, "org-id-fix", "from the caller's token"));
	assert_true(short_right(c, "org-id-fix", "the caller's organization"));
	assert_true(short_right(c, "fnd-most-sensitive", "secret"));
	assert_true(short_right(c, "fnd-most-sensitive", "the secret class"));
	assert_true(short_right(c, "fnd-most-sensitive", "Secrets."));
	assert_true(short_right(c, "fnd-accepted-risk", "accept the risk"));
	tm_content_free(c);
}

static void accepts_itself(const struct tm_content *c, const struct tm_question *q, void *arg)
{
	size_t *checked = arg;
	if (tm_question_type(q) != TM_Q_SHORT)
		return;
	for (size_t i = 0; i < tm_question_accept_count(q); i++) {
		if (!short_right(c, tm_question_id(q), tm_question_accept(q, i)))
			fail_msg("%s: its own accepted answer '%s' is not accepted", tm_question_id(q),
				 tm_question_accept(q, i));
		(*checked)++;
	}
}

static void test_short_answer_accepts_its_own(void **state)
{
	(void)state;
	struct tm_content *c = load_root(".");
	size_t checked = 0;
	each_question(c, accepts_itself, &checked);
	assert_true(checked >= 40);
	tm_content_free(c);
}

static void test_short_answer_negation(void **state)
{
	(void)state;
	/* the accepted answers negate; answers that do not are wrong */
	struct tm_content *c = load_root("tests/fixtures/quiz");
	assert_false(short_right(c, "s-no-log", "log the password"));
	assert_false(short_right(c, "s-no-log", "write the password to the log"));
	assert_true(short_right(c, "s-no-log", "never log the password"));
	assert_true(short_right(c, "s-no-log", "don't log it"));
	tm_content_free(c);
}

/* A rejected answer wins over an accepted one that typo tolerance reads it as
 * ("card cracking" is 100% like "card checking"), and its feedback comes with
 * the grade; the accepted answer, as close by similarity but nearer by
 * letters, stays right. */
static void test_short_reject_beats_typo(void **state)
{
	(void)state;
	struct tm_content *c = load_root("tests/fixtures/quiz");
	struct tm_quiz_grade g = short_grade(c, "s-card", "card cracking");
	assert_false(g.correct);
	assert_true(g.score == 0);
	assert_string_equal(g.refused, "card cracking");
	assert_non_null(strstr(g.detail, "like the refused answer 'card cracking'"));
	assert_string_equal(g.feedback,
			    "Card cracking guesses the missing expiry date or CVV of a card number.");
	g = short_grade(c, "s-card", "Card  Crackng");   /* a typo of the refused one */
	assert_false(g.correct);
	assert_string_equal(g.refused, "card cracking");
	/* accepted answers, and a typo nearer the accepted one, stay right */
	g = short_grade(c, "s-card", "card checking");
	assert_true(g.correct);
	assert_null(g.refused);
	assert_null(g.feedback);
	assert_true(short_grade(c, "s-card", "card testing").correct);
	assert_true(short_grade(c, "s-card", "card cheking").correct);
	/* past the 64 bytes one edit distance measures, the words that match are
	 * measured: a long right answer stays right, a long refused one refused */
	g = short_grade(c, "s-card",
			"I think this is what people in the payments industry call card checking");
	assert_true(g.correct);
	g = short_grade(c, "s-card",
			"I think this is what people in the payments industry call card cracking");
	assert_false(g.correct);
	assert_string_equal(g.refused, "card cracking");
	tm_content_free(c);
}

/* A rejected answer without feedback refuses with the question's incorrect
 * feedback; one that passes no accepted answer is refused all the same, so its
 * feedback says why. */
static void test_short_reject_feedback(void **state)
{
	(void)state;
	struct tm_content *c = load_root("tests/fixtures/quiz");
	struct tm_quiz_grade g = short_grade(c, "s-card", "card skimming");
	assert_false(g.correct);
	assert_string_equal(g.refused, "card skimming");
	assert_string_equal(g.feedback, "Think of what the fraudster learns about each card.");
	g = short_grade(c, "s-card", "phishing");
	assert_false(g.correct);
	assert_null(g.refused);
	tm_content_free(c);
}

/* An entry's 'answers' list: each answer is refused with the entry's one
 * feedback. */
static void test_short_reject_answers_list(void **state)
{
	(void)state;
	struct tm_content *c = load_root("tests/fixtures/quiz");
	static const char *const refused[] = { "card cracking", "card guessing" };
	for (size_t i = 0; i < 2; i++) {
		struct tm_quiz_grade g = short_grade(c, "s-card-shared", refused[i]);
		assert_false(g.correct);
		assert_string_equal(g.refused, refused[i]);
		assert_string_equal(g.feedback, "Those guess a card's missing details; this fraud "
				    "tests whole cards.");
	}
	assert_true(short_grade(c, "s-card-shared", "card checking").correct);
	tm_content_free(c);
}

/* An affirmed pattern match counts as similarity 0.95 against a rejected
 * answer: one passed at 100% refuses it, one not passed leaves it right. */
static void test_short_reject_pattern(void **state)
{
	(void)state;
	struct tm_content *c = load_root("tests/fixtures/quiz");
	struct tm_quiz_grade g = short_grade(c, "s-card-pattern", "card testing");
	assert_true(g.correct);
	assert_string_equal(g.detail, "matched an accepted pattern");
	g = short_grade(c, "s-card-pattern", "card checking");   /* 100% like the refused */
	assert_false(g.correct);
	assert_string_equal(g.refused, "card cracking");
	assert_non_null(strstr(g.feedback, "expiry date or CVV"));
	assert_false(short_grade(c, "s-card-pattern", "card cracking").correct);
	tm_content_free(c);
}

static void test_ordering_partial_credit(void **state)
{
	(void)state;
	assert_true(grade("t-order", NULL, 0, "a b c d").correct);
	assert_true(grade("t-order", NULL, 0, "1 2 3 4").correct);
	struct tm_quiz_grade g = grade("t-order", NULL, 0, "b a c d");
	assert_false(g.correct);
	assert_true(g.score == 0.5);
	assert_non_null(strstr(g.detail, "2 of 4"));
	size_t order[] = { 3, 2, 1, 0 };   /* shown reversed */
	assert_true(grade("t-order", order, 4, "d c b a").correct);
	expect_unreadable("t-order", "a b c");
	expect_unreadable("t-order", "a a b c");
}

static void test_matching_partial_credit(void **state)
{
	(void)state;
	const struct tm_question *q = question("t-match");
	/* Find the labels of Spoofing and Tampering in the identity order. */
	char sp = 0, ta = 0;
	for (size_t k = 0; k < tm_question_option_count(q); k++) {
		if (strcmp(tm_question_option(q, k), "Spoofing") == 0)
			sp = (char)('a' + k);
		if (strcmp(tm_question_option(q, k), "Tampering") == 0)
			ta = (char)('a' + k);
	}
	assert_true(sp != 0 && ta != 0);
	char ans[32];
	snprintf(ans, sizeof(ans), "%c %c", sp, ta);
	assert_true(grade("t-match", NULL, 0, ans).correct);
	snprintf(ans, sizeof(ans), "2%c 1%c", ta, sp);
	assert_true(grade("t-match", NULL, 0, ans).correct);
	snprintf(ans, sizeof(ans), "%c %c", sp, sp);
	struct tm_quiz_grade g = grade("t-match", NULL, 0, ans);
	assert_false(g.correct);
	assert_true(g.score == 0.5);
	expect_unreadable("t-match", "a");
	expect_unreadable("t-match", "a b c");
}

/* The unreadable-matching message offers letters only: digits number items. */
static void test_matching_message_letters_only(void **state)
{
	(void)state;
	const struct tm_question *q = question("t-match");
	struct tm_diags d;
	struct tm_quiz_grade g;
	tm_diags_init(&d);
	assert_int_equal(tm_quiz_grade(q, NULL, NULL, 0, "9", &g, &d), TM_EUSAGE);
	assert_true(d.count == 1);
	assert_non_null(strstr(d.items[0].text, "options a to"));
	assert_null(strstr(d.items[0].text, "(or 1 to"));
	tm_diags_release(&d);
}

static void test_numeric(void **state)
{
	(void)state;
	assert_true(grade("t-num", NULL, 0, "6").correct);
	assert_true(grade("t-num", NULL, 0, "6 categories").correct);
	assert_true(grade("t-num", NULL, 0, "6.0").correct);
	assert_false(grade("t-num", NULL, 0, "7").correct);
	expect_unreadable("t-num", "six");
}

/* Learners write large numbers with digit-group separators. */
static void test_numeric_separators(void **state)
{
	(void)state;
	struct tm_content *sample = NULL;
	struct tm_diags d;
	char root[512];
	const char *src = getenv("TMDOJO_SRC");
	snprintf(root, sizeof(root), "%s/tests/fixtures/content", src != NULL ? src : ".");
	tm_diags_init(&d);
	assert_int_equal(tm_content_load(root, &sample, &d), TM_OK);
	const struct tm_module *m = tm_course_module(tm_content_find_course(sample, "sample"), 0);
	const struct tm_question *q = tm_item_question(tm_module_item(m, 1), 6);
	assert_string_equal(tm_question_id(q), "q-num");
	static const char *const right[] = { "10000", "10,000", "10 000", "10_000",
					     "10,000 dollars", "10000.4", "1e4", "1.00004E4" };
	static const char *const wrong[] = { "1000", "10,001", "10,0", "1,000,000",
					     "10 000,75" };
	/* could be read more than one way: asked again, not graded */
	static const char *const unclear[] = { "100,00,0", "1,2,3", "10 0 00", "1234,567",
					       "10,000,5", "10,0.5", "1.000,5", "10000.4 5" };
	for (size_t i = 0; i < sizeof(right) / sizeof(right[0]); i++) {
		struct tm_quiz_grade g;
		int rc = tm_quiz_grade(q, NULL, NULL, 0, right[i], &g, &d);
		assert_int_equal(rc, TM_OK);
		assert_true(g.correct);
	}
	for (size_t i = 0; i < sizeof(wrong) / sizeof(wrong[0]); i++) {
		struct tm_quiz_grade g;
		assert_int_equal(tm_quiz_grade(q, NULL, NULL, 0, wrong[i], &g, &d), TM_OK);
		assert_false(g.correct);
	}
	for (size_t i = 0; i < sizeof(unclear) / sizeof(unclear[0]); i++) {
		struct tm_quiz_grade g;
		size_t before = d.count;
		assert_int_equal(tm_quiz_grade(q, NULL, NULL, 0, unclear[i], &g, &d), TM_EUSAGE);
		assert_true(d.count == before + 1);
		assert_non_null(strstr(d.items[before].text, "one number"));
	}
	/* not decimal numbers: strtod would read the first two as 10000 */
	static const char *const not_numbers[] = { "0x2710", "0X2710", "inf", "nan", "dollars" };
	for (size_t i = 0; i < sizeof(not_numbers) / sizeof(not_numbers[0]); i++) {
		struct tm_quiz_grade g;
		size_t before = d.count;
		assert_int_equal(tm_quiz_grade(q, NULL, NULL, 0, not_numbers[i], &g, &d), TM_EUSAGE);
		assert_true(d.count == before + 1);
		assert_non_null(strstr(d.items[before].text, "answer with a number"));
	}
	tm_content_free(sample);
	tm_diags_release(&d);
}

/* A decimal comma is a decimal point, not a thousands separator: "9,0" is 9. */
static void test_numeric_decimal_comma(void **state)
{
	(void)state;
	struct tm_content *c = load_root(".");
	struct find_arg f = { "prio-cvss-critical", NULL };
	each_question(c, find_one, &f);
	assert_non_null(f.found);
	static const char *const right[] = { "9", "9,0", "9.0", "9,00", "9,0000", "+9,0" };
	static const char *const wrong[] = { "9,5", "90", "8,9" };
	for (size_t i = 0; i < sizeof(right) / sizeof(right[0]); i++) {
		struct tm_quiz_grade g;
		assert_int_equal(tm_quiz_grade(f.found, NULL, NULL, 0, right[i], &g, NULL), TM_OK);
		assert_true(g.correct);
	}
	for (size_t i = 0; i < sizeof(wrong) / sizeof(wrong[0]); i++) {
		struct tm_quiz_grade g;
		assert_int_equal(tm_quiz_grade(f.found, NULL, NULL, 0, wrong[i], &g, NULL), TM_OK);
		assert_false(g.correct);
	}
	struct tm_quiz_grade g;
	assert_int_equal(tm_quiz_grade(f.found, NULL, NULL, 0, "9 0", &g, NULL), TM_EUSAGE);
	tm_content_free(c);
}

/* Grades answer to question q and expects it refused with a message containing
 * want (asked again, not graded). */
static void expect_numeric_refused(const struct tm_question *q, const char *answer,
				   const char *want)
{
	struct tm_quiz_grade g;
	struct tm_diags d;
	tm_diags_init(&d);
	if (tm_quiz_grade(q, NULL, NULL, 0, answer, &g, &d) != TM_EUSAGE)
		fail_msg("'%s' was graded, not refused", answer);
	assert_true(d.count == 1);
	if (strstr(d.items[0].text, want) == NULL)
		fail_msg("'%s': message '%s' does not say '%s'", answer, d.items[0].text, want);
	tm_diags_release(&d);
}

/* Grades answer to question q; expects it graded, and right when right is true. */
static void expect_numeric(const struct tm_question *q, const char *answer, bool right)
{
	struct tm_quiz_grade g;
	if (tm_quiz_grade(q, NULL, NULL, 0, answer, &g, NULL) != TM_OK)
		fail_msg("'%s' was refused, not graded", answer);
	if (g.correct != right)
		fail_msg("'%s' graded %s", answer, g.correct ? "right" : "wrong");
}

/* A currency sign or code before the number, a hedge ("about") and "percent"
 * after it read as the number when they fit the question's unit; a unit that
 * contradicts it is refused, before the number or after it. */
static void test_numeric_units(void **state)
{
	(void)state;
	struct tm_content *c = load_root(".");
	struct find_arg cost = { "tree-cheapest-cost", NULL };     /* 500, in dollars */
	struct find_arg share = { "linddun-sweeney", NULL };       /* 87 within 3, in % */
	each_question(c, find_one, &cost);
	each_question(c, find_one, &share);
	assert_non_null(cost.found);
	assert_non_null(share.found);
	static const char *const dollars[] = { "500", "$500", "$ 500", "USD 500", "usd 500",
					       "US$500", "500$", "500 dollars", "500 USD",
					       "about $500", "~500", "500, through branch A" };
	for (size_t i = 0; i < sizeof(dollars) / sizeof(dollars[0]); i++)
		expect_numeric(cost.found, dollars[i], true);
	expect_numeric(cost.found, "$800", false);
	expect_numeric(cost.found, "USD 2,000", false);
	static const char *const percent[] = { "87", "87%", "87 %", "about 87 percent",
					       "87 per cent", "approximately 85%", "~87%",
					       "roughly 89 pct" };
	for (size_t i = 0; i < sizeof(percent) / sizeof(percent[0]); i++)
		expect_numeric(share.found, percent[i], true);
	expect_numeric(share.found, "about 60 percent", false);
	/* units that contradict the question's */
	static const char *const not_dollars[] = { "500 euros", "\xe2\x82\xac" "500", "EUR 500",
						   "500%", "\xc2\xa3" "500", "500 pounds" };
	for (size_t i = 0; i < sizeof(not_dollars) / sizeof(not_dollars[0]); i++)
		expect_numeric_refused(cost.found, not_dollars[i], "answer with a number in dollars");
	expect_numeric_refused(share.found, "$87", "answer with a number in %");
	expect_numeric_refused(share.found, "87 dollars", "answer with a number in %");
	/* a currency before the number of a question without a currency: not read */
	expect_numeric_refused(question("t-num"), "$6", "answer with a number in categories");
	/* a code run into the number is read as written apart ("USD500"), and a
	 * sign before a currency sign or code is the number's ("-$5" is -5) */
	static const char *const run_in[] = { "USD500", "usd500", "US$500", "+$500", "+USD500",
					      "about USD500" };
	for (size_t i = 0; i < sizeof(run_in) / sizeof(run_in[0]); i++)
		expect_numeric(cost.found, run_in[i], true);
	static const char *const negative[] = { "-$500", "$-500", "-USD 500", "-USD500",
						"USD -500", "about -$500" };
	for (size_t i = 0; i < sizeof(negative) / sizeof(negative[0]); i++)
		expect_numeric(cost.found, negative[i], false);   /* -500, not 500 */
	expect_numeric_refused(cost.found, "EUR500", "answer with a number in dollars");
	expect_numeric_refused(cost.found, "-\xe2\x82\xac" "500", "answer with a number in dollars");
	expect_numeric_refused(cost.found, "-$-500", "answer with a number");
	expect_numeric_refused(cost.found, "usdollars500", "answer with a number");
	expect_numeric_refused(question("t-num"), "-$6", "answer with a number in categories");
	expect_numeric_refused(question("t-num"), "USD6", "answer with a number in categories");
	/* "currency units": any currency, not a percentage */
	struct find_arg wallet = { "denial-of-wallet-cost", NULL };   /* 10000 currency units */
	each_question(c, find_one, &wallet);
	assert_non_null(wallet.found);
	expect_numeric(wallet.found, "\xe2\x82\xac" "10,000", true);
	expect_numeric(wallet.found, "USD 10000", true);
	expect_numeric_refused(wallet.found, "10000%", "answer with a number in currency units");
	tm_content_free(c);
}

/* A unit of time after the number that contradicts the question's unit of
 * time is refused and asked again, not marked ("300 minutes" was right for 300
 * seconds); a matching one, in any spelling, or none reads as before. */
static void test_numeric_time_units(void **state)
{
	(void)state;
	struct tm_content *c = load_root(".");
	struct find_arg find = { "fnd-billing-find-minutes", NULL };   /* 30 within 5, minutes */
	struct find_arg cost = { "tree-cheapest-cost", NULL };         /* 500, in dollars */
	each_question(c, find_one, &find);
	each_question(c, find_one, &cost);
	assert_non_null(find.found);
	assert_non_null(cost.found);
	assert_string_equal(tm_question_unit(find.found), "minutes");
	static const char *const minutes[] = { "30", "30 minutes", "30 min", "30min", "30 Mins",
					       "about 30 minutes", "25 minutes, maybe less",
					       "30 minute", "30 so" };
	for (size_t i = 0; i < sizeof(minutes) / sizeof(minutes[0]); i++)
		expect_numeric(find.found, minutes[i], true);
	expect_numeric(find.found, "60 minutes", false);
	static const char *const not_minutes[] = { "30 seconds", "30 s", "30 sec", "30 ms",
						   "30 hours", "30h", "30 days", "30 Seconds.",
						   "30 $", "30%", "30 dollars" };
	for (size_t i = 0; i < sizeof(not_minutes) / sizeof(not_minutes[0]); i++)
		expect_numeric_refused(find.found, not_minutes[i], "answer with a number in minutes");
	/* a unit of time for a question in dollars contradicts it too */
	expect_numeric_refused(cost.found, "500 minutes", "answer with a number in dollars");
	/* a question in another unit, or none, reads what follows as before */
	expect_numeric(question("t-num"), "6 minutes", true);
	tm_content_free(c);
}

/* Checks that the question of one table line is the one the table describes
 * (the JS test grades against the table's numbers, not the course). */
static void expect_table_question(const struct tm_question *q, const char *line,
				  const char *number, const char *tolerance, const char *unit)
{
	if (q == NULL)
		fail_msg("%s: no such question in the bundled courses", line);
	if (tm_question_number(q) != strtod(number, NULL) ||
	    tm_question_tolerance(q) != strtod(tolerance, NULL) ||
	    tm_question_unit(q) == NULL || strcmp(tm_question_unit(q), unit) != 0)
		fail_msg("%s: the course's question has another number, tolerance or unit", line);
}

/*
 * tests/fixtures/numeric/answers.tsv, the table of answers the SCORM page's
 * runtime is tested on too (tests/js/scorm_runtime_test.js): learn grades each
 * as the table says, so the page and learn agree ("500. euros" for dollars).
 */
static void test_numeric_shared_table(void **state)
{
	(void)state;
	struct tm_content *c = load_root(".");
	char path[512], line[512];
	const char *src = getenv("TMDOJO_SRC");
	snprintf(path, sizeof(path), "%s/tests/fixtures/numeric/answers.tsv",
		 src != NULL ? src : ".");
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	size_t cases = 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		char *field[6], *p = line;
		for (size_t i = 0; i < 6; i++) {
			field[i] = p;
			p = strchr(p, '\t');
			if (p == NULL && i < 5)
				fail_msg("%s: 6 fields separated by tabs expected", field[0]);
			if (p != NULL)
				*p++ = '\0';
		}
		struct find_arg q = { field[0], NULL };
		each_question(c, find_one, &q);
		expect_table_question(q.found, field[0], field[1], field[2], field[3]);
		if (strcmp(field[5], "refused") == 0)
			expect_numeric_refused(q.found, field[4], "answer with a number");
		else
			expect_numeric(q.found, field[4], strcmp(field[5], "right") == 0);
		cases++;
	}
	fclose(f);
	assert_true(cases > 20);
	tm_content_free(c);
}

static void test_threat_list(void **state)
{
	(void)state;
	struct tm_quiz_grade g = grade("t-threats", NULL, 0,
				       "anyone can set role=admin in the request and become an admin\n"
				       "the endpoint is unauthenticated\n");
	assert_true(g.correct);           /* 70% of the key, pass is 40% */
	assert_true(g.score > 0.5 && g.score < 1);
	g = grade("t-threats", NULL, 0, "the logo is ugly\n");
	assert_false(g.correct);
	assert_true(g.score == 0);
	expect_unreadable("t-threats", "\n\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shuffle),
		cmocka_unit_test(test_single),
		cmocka_unit_test(test_multiple_partial_credit),
		cmocka_unit_test(test_true_false),
		cmocka_unit_test(test_short_answer),
		cmocka_unit_test(test_short_answer_fuzzy),
		cmocka_unit_test(test_short_answer_substance),
		cmocka_unit_test(test_short_answer_accepts_its_own),
		cmocka_unit_test(test_short_answer_negation),
		cmocka_unit_test(test_short_reject_beats_typo),
		cmocka_unit_test(test_short_reject_feedback),
		cmocka_unit_test(test_short_reject_pattern),
		cmocka_unit_test(test_short_reject_answers_list),
		cmocka_unit_test(test_ordering_partial_credit),
		cmocka_unit_test(test_matching_partial_credit),
		cmocka_unit_test(test_matching_message_letters_only),
		cmocka_unit_test(test_numeric),
		cmocka_unit_test(test_numeric_separators),
		cmocka_unit_test(test_numeric_decimal_comma),
		cmocka_unit_test(test_numeric_units),
		cmocka_unit_test(test_numeric_time_units),
		cmocka_unit_test(test_numeric_shared_table),
		cmocka_unit_test(test_threat_list),
	};
	return cmocka_run_group_tests_name("quiz", tests, setup, teardown);
}
