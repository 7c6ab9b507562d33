/*
 * test_analytics.c: quiz item analysis over a cohort: facility, the 27%
 * discrimination index, choice counts mapped back through stored shuffle
 * seeds, the flags, and what must not count (later attempts, non-members,
 * exercise steps).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tmengine.h"
#include "gradebook_fixture.h"

#define COURSE "sample"
#define MODULE "basics"
#define QUIZ 1   /* item index of the quiz in basics.yaml */
#define QUIZ_KEY "quiz:Check"   /* what its progress is stored under */

struct fx {
	struct gb_fixture gb;
	const struct tm_item *quiz;
	struct tm_items *items;
};

static const struct tm_question *question(struct fx *f, const char *id)
{
	for (size_t i = 0; i < tm_item_question_count(f->quiz); i++)
		if (strcmp(tm_question_id(tm_item_question(f->quiz, i)), id) == 0)
			return tm_item_question(f->quiz, i);
	fail_msg("no question %s", id);
	return NULL;
}

static void answer(struct fx *f, long long learner, const char *q, int attempt, const char *text,
		   double score, bool correct)
{
	struct tm_diags d;
	struct tm_answer_record a = {
		.course = COURSE, .module = MODULE, .item = QUIZ_KEY, .question = q,
		.attempt = attempt, .answer = text, .score = score, .max = score > 1 ? score : 1,
		.correct = correct,
	};
	tm_diags_init(&d);
	assert_int_equal(tm_store_record_answer(f->gb.store, learner, &a, NULL, &d), TM_OK);
	tm_diags_release(&d);
}

/* Answers a choice question by the question's own choice indexes, the way the
 * learner saw them: through the display order of their stored seed. */
static void choose(struct fx *f, long long learner, const char *qid, const size_t *picks,
		   size_t n, unsigned seed, bool correct)
{
	const struct tm_question *q = question(f, qid);
	size_t count = tm_quiz_display_count(q), order[16];
	struct tm_diags d;
	char text[32] = "";
	tm_diags_init(&d);
	assert_int_equal(tm_store_seed(f->gb.store, learner, COURSE, MODULE, QUIZ_KEY, qid, &seed, &d),
			 TM_OK);
	tm_diags_release(&d);
	tm_quiz_shuffle(seed, order, count);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < count; k++)
			if (order[k] == picks[i]) {
				size_t len = strlen(text);
				snprintf(text + len, sizeof(text) - len, "%s%c", i ? "," : "",
					 (int)('a' + k));
			}
	answer(f, learner, qid, 1, text, correct ? 1 : 0, correct);
}

/* Answers qid with text as given to the question of version (NULL: stored
 * before versions were kept). */
static void answer_version(struct fx *f, long long learner, const char *qid, const char *text,
			   bool correct, const char *version)
{
	struct tm_diags d;
	struct tm_answer_record a = {
		.course = COURSE, .module = MODULE, .item = QUIZ_KEY, .question = qid,
		.attempt = 1, .answer = text, .score = correct, .max = 1, .correct = correct,
		.version = version,
	};
	tm_diags_init(&d);
	assert_int_equal(tm_store_record_answer(f->gb.store, learner, &a, NULL, &d), TM_OK);
	tm_diags_release(&d);
}

/* Stores the quiz as finished by learner, as the runner does at its end:
 * only learners who finished are ranked for discrimination. */
static void finish(struct fx *f, long long learner, const char *item)
{
	struct tm_diags d;
	tm_diags_init(&d);
	assert_int_equal(tm_store_complete_item(f->gb.store, learner, COURSE, MODULE, item, 1, 1,
						true, NULL, &d), TM_OK);
	tm_diags_release(&d);
}

static long long learner(struct fx *f, const char *name, bool member)
{
	struct tm_diags d;
	long long id = 0;
	tm_diags_init(&d);
	assert_int_equal(tm_store_learner(f->gb.store, name, &id, &d), TM_OK);
	if (member)
		assert_int_equal(tm_gradebook_add_member(f->gb.g, "c1", name, NULL, &d), TM_OK);
	tm_diags_release(&d);
	return id;
}

/*
 * Ten members: s0..s4 strong, w0..w4 weak (totals 5 against 2).
 *   q-single   strong right, weak wrong      facility .5, D +1
 *   q-tf       everyone right                facility 1, too easy
 *   q-multiple weak right, strong wrong      D -1, negative
 *   q-num      strong right (3 points)       sets the totals
 *   q-short    one learner right             facility .1, too hard
 */
static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	char name[16];
	assert_non_null(f);
	gb_fixture_open(&f->gb);
	const struct tm_course *co = tm_content_find_course(f->gb.content, COURSE);
	f->quiz = tm_module_item(tm_course_find_module(co, MODULE), QUIZ);
	assert_int_equal(tm_item_kind(f->quiz), TM_ITEM_QUIZ);
	assert_true(tm_item_shuffle(f->quiz));
	for (int i = 0; i < 10; i++) {
		bool strong = i < 5;
		snprintf(name, sizeof(name), "%c%d", strong ? 's' : 'w', i % 5);
		long long id = learner(f, name, true);
		size_t right = 0, wrong = 1, both[2] = { 0, 1 }, phishing = 2;
		choose(f, id, "q-single", strong ? &right : &wrong, 1, 1000u + (unsigned)i, strong);
		answer(f, id, "q-tf", 1, i % 2 ? "yes" : "true", 1, true);
		if (strong)
			choose(f, id, "q-multiple", &phishing, 1, 2000u + (unsigned)i, false);
		else
			choose(f, id, "q-multiple", both, 2, 2000u + (unsigned)i, true);
		answer(f, id, "q-num", 1, strong ? "6" : "5", strong ? 3 : 0, strong);
		answer(f, id, "q-short", 1, i == 0 ? "confidentiality" : "availability",
		       i == 0 ? 1 : 0, i == 0);
		/* a second attempt never counts */
		if (!strong)
			answer(f, id, "q-single", 2, "a b", 1, true);
		answer(f, id, "exercise:3", 1, "some threats", 1, true);
		finish(f, id, QUIZ_KEY);
	}
	/* not a member: ignored */
	long long out = learner(f, "outsider", false);
	size_t right = 0;
	choose(f, out, "q-single", &right, 1, 7, true);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	tm_items_free(f->items);
	gb_fixture_close(&f->gb);
	free(f);
	return 0;
}

static const struct tm_item_stats *stats(struct fx *f, const char *qid)
{
	for (size_t i = 0; i < tm_items_count(f->items); i++)
		if (strcmp(tm_items_get(f->items, i)->question, qid) == 0)
			return tm_items_get(f->items, i);
	fail_msg("no stats for %s", qid);
	return NULL;
}

static void analyze(struct fx *f)
{
	struct tm_diags d;
	tm_diags_init(&d);
	assert_int_equal(tm_items_analyze(f->gb.g, f->gb.content, "c1", &f->items, &d), TM_OK);
	tm_diags_release(&d);
}

static void test_facility_and_discrimination(void **state)
{
	struct fx *f = *state;
	analyze(f);
	assert_int_equal(tm_items_member_count(f->items), 10);
	/* the quiz's 8 questions, 3 of them answered by nobody; the exercise
	 * step is not an item */
	assert_int_equal(tm_items_count(f->items), tm_item_question_count(f->quiz));
	assert_int_equal(tm_items_count(f->items), 8);
	const struct tm_item_stats *s = stats(f, "q-single");
	assert_int_equal(s->answered, 10);               /* outsider left out */
	assert_int_equal(s->correct, 5);                 /* second attempts left out */
	assert_true(s->facility > 0.49 && s->facility < 0.51);
	assert_int_equal(s->group_size, 3);              /* 27% of 10 */
	assert_true(s->discrimination > 0.99);
	assert_int_equal(s->flags, 0);
	assert_string_equal(s->course, COURSE);
	assert_string_equal(s->module, MODULE);
	assert_int_equal(s->item, QUIZ);
	assert_non_null(s->q);
	s = stats(f, "q-multiple");
	assert_true(s->discrimination < -0.99);
	assert_int_equal(s->flags, TM_FLAG_NEGATIVE);
	s = stats(f, "q-tf");
	assert_true(s->facility > 0.99);
	assert_int_equal(s->flags, TM_FLAG_TOO_EASY);
	assert_true(s->discrimination == 0);
	s = stats(f, "q-short");
	assert_true(s->facility > 0.09 && s->facility < 0.11);
	assert_true(s->flags & TM_FLAG_TOO_HARD);
	assert_int_equal(s->choice_count, 0);
}

static void test_choice_counts_follow_seeds(void **state)
{
	struct fx *f = *state;
	size_t order[2], swapped = 0;
	for (unsigned seed = 1000; seed < 1010; seed++) {
		tm_quiz_shuffle(seed, order, 2);
		swapped += order[0] == 1;
	}
	assert_true(swapped > 0 && swapped < 10);   /* labels differ between learners */
	analyze(f);
	const struct tm_item_stats *s = stats(f, "q-single");
	assert_int_equal(s->choice_count, 2);
	assert_int_equal(s->chosen[0], 5);   /* Spoofing, the right one */
	assert_int_equal(s->chosen[1], 5);   /* Tampering, the distractor */
	assert_int_equal(s->unreadable, 0);
	s = stats(f, "q-multiple");
	assert_int_equal(s->choice_count, 3);
	assert_int_equal(s->chosen[0], 5);
	assert_int_equal(s->chosen[1], 5);
	assert_int_equal(s->chosen[2], 5);   /* Phishing, picked by the strong half */
	s = stats(f, "q-tf");
	assert_int_equal(s->choice_count, 2);
	assert_int_equal(s->chosen[0], 10);  /* true */
	assert_int_equal(s->chosen[1], 0);
}

/* A multiple-choice answer naming one label several times ("a a a a") picked
 * that choice once. */
static void test_repeated_label_counts_once(void **state)
{
	struct fx *f = *state;
	long long id = learner(f, "dup", true);
	unsigned seed = 3000;
	struct tm_diags d;
	tm_diags_init(&d);
	assert_int_equal(tm_store_seed(f->gb.store, id, COURSE, MODULE, QUIZ_KEY, "q-multiple", &seed,
				       &d), TM_OK);
	tm_diags_release(&d);
	answer(f, id, "q-multiple", 1, "a a a a", 0, false);
	analyze(f);
	const struct tm_item_stats *s = stats(f, "q-multiple");
	size_t total = 0;
	for (size_t k = 0; k < s->choice_count; k++)
		total += s->chosen[k];
	assert_int_equal(s->answered, 11);
	assert_int_equal(total, 16);   /* the 15 picks of setup() plus one */
}

/* A learner in cohort (not in c1). */
static long long member_of(struct fx *f, const char *name, const char *cohort)
{
	struct tm_diags d;
	long long id = 0;
	tm_diags_init(&d);
	assert_int_equal(tm_store_learner(f->gb.store, name, &id, &d), TM_OK);
	assert_int_equal(tm_gradebook_add_member(f->gb.g, cohort, name, NULL, &d), TM_OK);
	tm_diags_release(&d);
	return id;
}

static double discrimination_in(struct fx *f, const char *cohort, const char *qid)
{
	struct tm_diags d;
	double v = 0;
	tm_diags_init(&d);
	tm_items_free(f->items);
	f->items = NULL;
	assert_int_equal(tm_items_analyze(f->gb.g, f->gb.content, cohort, &f->items, &d), TM_OK);
	tm_diags_release(&d);
	v = stats(f, qid)->discrimination;
	return v;
}

/* Learners tied on their total at a group's boundary give no signal: ana and
 * zed answer alike, bob misses another question; all tie. Which of two tied
 * learners is "upper" used to follow their names, so {ana, bob} gave -1 and
 * {bob, zed} +1 for the same answers. */
static void test_ties_at_the_boundary_give_no_signal(void **state)
{
	struct fx *f = *state;
	long long ana = member_of(f, "ana", "t1"), bob = member_of(f, "bob", "t1");
	long long zed = member_of(f, "zed", "t2");
	struct tm_diags d;
	tm_diags_init(&d);
	assert_int_equal(tm_gradebook_add_member(f->gb.g, "t2", "bob", NULL, &d), TM_OK);
	tm_diags_release(&d);
	long long same[2] = { ana, zed };
	for (int i = 0; i < 2; i++) {
		answer(f, same[i], "q-single", 1, "x", 0, false);
		answer(f, same[i], "q-tf", 1, "true", 1, true);
	}
	answer(f, bob, "q-single", 1, "x", 1, true);
	answer(f, bob, "q-tf", 1, "false", 0, false);
	finish(f, ana, QUIZ_KEY);
	finish(f, bob, QUIZ_KEY);
	finish(f, zed, QUIZ_KEY);
	assert_true(discrimination_in(f, "t1", "q-single") == 0);
	assert_true(discrimination_in(f, "t2", "q-single") == 0);
	assert_true(discrimination_in(f, "t1", "q-tf") == 0);
	assert_int_equal(stats(f, "q-single")->flags & TM_FLAG_NEGATIVE, 0);
}

/* Learners are ranked on the quiz the question belongs to: points from another
 * course do not make pat, who missed everything here, the upper group. */
static void test_ranked_on_the_quiz_not_everything(void **state)
{
	struct fx *f = *state;
	long long pat = member_of(f, "pat", "t3"), quinn = member_of(f, "quinn", "t3");
	struct tm_diags d;
	struct tm_answer_record other = {
		.course = "intro", .module = "steps", .item = "quiz:Steps", .question = "i-1",
		.attempt = 1, .answer = "x", .score = 8, .max = 8, .correct = true,
	};
	tm_diags_init(&d);
	assert_int_equal(tm_store_record_answer(f->gb.store, pat, &other, NULL, &d), TM_OK);
	tm_diags_release(&d);
	answer(f, pat, "q-single", 1, "x", 0, false);
	answer(f, pat, "q-tf", 1, "false", 0, false);
	answer(f, quinn, "q-single", 1, "x", 1, true);
	answer(f, quinn, "q-tf", 1, "true", 1, true);
	finish(f, pat, QUIZ_KEY);
	finish(f, quinn, QUIZ_KEY);
	assert_true(discrimination_in(f, "t3", "q-single") > 0.99);
}

/* A learner who stopped mid-quiz is not ranked: their partial total put
 * half (two answers, both right) level with weak and hid that q-single
 * tells top from weak. They still count in facility. */
static void test_unfinished_learners_not_ranked(void **state)
{
	struct fx *f = *state;
	long long top = member_of(f, "top", "t6"), half = member_of(f, "half", "t6");
	long long weak = member_of(f, "weak", "t6");
	answer(f, top, "q-single", 1, "x", 1, true);
	answer(f, top, "q-tf", 1, "true", 1, true);
	answer(f, top, "q-num", 1, "6", 3, true);
	answer(f, half, "q-single", 1, "x", 1, true);
	answer(f, half, "q-tf", 1, "true", 1, true);
	answer(f, weak, "q-single", 1, "x", 0, false);
	answer(f, weak, "q-tf", 1, "true", 1, true);
	answer(f, weak, "q-num", 1, "5", 0, false);
	answer(f, weak, "q-short", 1, "x", 1, true);
	finish(f, top, QUIZ_KEY);
	finish(f, weak, QUIZ_KEY);
	assert_true(discrimination_in(f, "t6", "q-single") > 0.99);
	const struct tm_item_stats *s = stats(f, "q-single");
	assert_int_equal(s->answered, 3);
	assert_int_equal(s->correct, 2);
	assert_true(s->facility > 0.66 && s->facility < 0.67);
	assert_int_equal(s->unfinished, 1);
	assert_int_equal(s->group_size, 1);
	assert_int_equal(stats(f, "q-num")->unfinished, 0);
	/* once half finishes, they are ranked too */
	finish(f, half, QUIZ_KEY);
	discrimination_in(f, "t6", "q-single");
	assert_int_equal(stats(f, "q-single")->unfinished, 0);
}

/* Answers kept by position (stored before item keys, not adopted yet) and by
 * key are one quiz: a learner's first attempt is their first answer under
 * either, and each question is listed once. */
static void test_answers_by_position_and_key_are_one_quiz(void **state)
{
	struct fx *f = *state;
	long long una = member_of(f, "una", "t4"), vic = member_of(f, "vic", "t4");
	struct tm_diags d;
	struct tm_answer_record old = {
		.course = COURSE, .module = MODULE, .item = "#1", .question = "q-tf",
		.attempt = 1, .answer = "false", .score = 0, .max = 1, .correct = false,
	};
	tm_diags_init(&d);
	assert_int_equal(tm_store_record_answer(f->gb.store, una, &old, NULL, &d), TM_OK);
	tm_diags_release(&d);
	answer(f, una, "q-tf", 2, "true", 1, true);     /* later, under the key */
	answer(f, vic, "q-tf", 1, "true", 1, true);
	struct tm_items *items = NULL;
	tm_diags_init(&d);
	assert_int_equal(tm_items_analyze(f->gb.g, f->gb.content, "t4", &items, &d), TM_OK);
	tm_diags_release(&d);
	size_t listed = 0;
	for (size_t i = 0; i < tm_items_count(items); i++) {
		const struct tm_item_stats *st = tm_items_get(items, i);
		if (strcmp(st->question, "q-tf") != 0)
			continue;
		listed++;
		assert_int_equal(st->answered, 2);
		assert_int_equal(st->correct, 1);    /* una's first attempt was wrong */
		assert_int_equal(st->item, QUIZ);
	}
	assert_int_equal(listed, 1);
	tm_items_free(items);
}

/* Questions come in the order of the quiz, not sorted by id. */
static void test_questions_in_content_order(void **state)
{
	struct fx *f = *state;
	analyze(f);
	size_t last = 0;
	for (size_t i = 0; i < tm_items_count(f->items); i++) {
		const struct tm_item_stats *s = tm_items_get(f->items, i);
		size_t at = SIZE_MAX;
		for (size_t k = 0; k < tm_item_question_count(f->quiz); k++)
			if (tm_item_question(f->quiz, k) == s->q)
				at = k;
		assert_true(at != SIZE_MAX);
		if (i > 0 && at < last)
			fail_msg("'%s' listed after a later question", s->question);
		last = at;
	}
	assert_string_equal(tm_items_get(f->items, 0)->question, "q-single");
}

/* A question of the quiz that every member stopped before (:q) is listed with
 * answered 0, no facility or discrimination and every choice chosen by none:
 * it was left out, so "3 questions answered" hid the fourth. */
static void test_unanswered_questions_listed(void **state)
{
	struct fx *f = *state;
	long long una = member_of(f, "una", "t5"), vic = member_of(f, "vic", "t5");
	answer(f, una, "q-tf", 1, "true", 1, true);
	answer(f, vic, "q-tf", 1, "false", 0, false);
	struct tm_items *items = NULL;
	struct tm_diags d;
	tm_diags_init(&d);
	assert_int_equal(tm_items_analyze(f->gb.g, f->gb.content, "t5", &items, &d), TM_OK);
	tm_diags_release(&d);
	assert_int_equal(tm_items_count(items), tm_item_question_count(f->quiz));
	for (size_t i = 0; i < tm_items_count(items); i++) {
		const struct tm_item_stats *st = tm_items_get(items, i);
		/* in the quiz's order */
		assert_ptr_equal(st->q, tm_item_question(f->quiz, i));
		assert_string_equal(st->course, COURSE);
		assert_string_equal(st->module, MODULE);
		assert_int_equal(st->item, QUIZ);
		if (strcmp(st->question, "q-tf") == 0) {
			assert_int_equal(st->answered, 2);
			continue;
		}
		assert_int_equal(st->answered, 0);
		assert_int_equal(st->correct, 0);
		assert_int_equal(st->group_size, 0);
		assert_int_equal(st->flags, 0);
		for (size_t k = 0; k < st->choice_count; k++)
			assert_int_equal(st->chosen[k], 0);
		if (strcmp(st->question, "q-multiple") == 0)
			assert_int_equal(st->choice_count, 3);
	}
	tm_items_free(items);
}

/* A stored letter names a choice of the question as it was shown: answers to
 * another version of its choices (an author swapped, reworded or removed one)
 * are left out of the choice counts and counted apart; answers stored before
 * versions were kept are counted as if the choices were unchanged, and said.
 * Facility still counts them all. */
static void test_choices_counted_from_this_version(void **state)
{
	struct fx *f = *state;
	char now[17];
	tm_question_version(question(f, "q-single"), now);
	assert_int_equal(strlen(now), 16);
	long long cur = member_of(f, "cur", "t7"), old1 = member_of(f, "old1", "t7");
	long long old2 = member_of(f, "old2", "t7"), pre = member_of(f, "pre", "t7");
	/* no seed stored: labels in the written order (a = Spoofing) */
	answer_version(f, cur, "q-single", "a", true, now);
	answer_version(f, old1, "q-single", "b", true, "00000000deadbeef");
	answer_version(f, old2, "q-single", "b", true, "00000000deadbeef");
	answer_version(f, pre, "q-single", "b", false, NULL);
	assert_true(discrimination_in(f, "t7", "q-single") >= -1);
	const struct tm_item_stats *s = stats(f, "q-single");
	assert_int_equal(s->answered, 4);
	assert_int_equal(s->correct, 3);          /* judged when answered */
	assert_int_equal(s->chosen[0], 1);        /* cur */
	assert_int_equal(s->chosen[1], 1);        /* pre, read as if unchanged */
	assert_int_equal(s->other_version, 2);
	assert_int_equal(s->unversioned, 1);
	/* a question without choices has no version: nothing left out */
	char none[17];
	tm_question_version(question(f, "q-num"), none);
	assert_string_equal(none, "");
}

static void test_no_members(void **state)
{
	struct fx *f = *state;
	struct tm_diags d;
	tm_diags_init(&d);
	assert_int_equal(tm_items_analyze(f->gb.g, f->gb.content, "empty", &f->items, &d), TM_ENOTFOUND);
	assert_null(f->items);
	assert_non_null(strstr(d.items[0].text, "no members"));
	tm_diags_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_facility_and_discrimination, setup, teardown),
		cmocka_unit_test_setup_teardown(test_choice_counts_follow_seeds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_repeated_label_counts_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_members, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unanswered_questions_listed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ties_at_the_boundary_give_no_signal, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_ranked_on_the_quiz_not_everything, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_unfinished_learners_not_ranked, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_answers_by_position_and_key_are_one_quiz,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_questions_in_content_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_choices_counted_from_this_version, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
