/*
 * test_runner.c: drives the session runner directly, as a UI would, over the
 * tiny fixture course: a perfect learner, attempts and retries, hints,
 * unreadable answers, resuming from the store with the same shuffles, one
 * module only, exercises with another attempt, and learners kept apart.
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

#include <sqlite3.h>

#include "tmengine.h"

static struct tm_content *content;
static char dbdir[64];
static char dbpath[128];

static int setup(void **state)
{
	(void)state;
	struct tm_diags d;
	char root[512];
	const char *src = getenv("TMDOJO_SRC");
	snprintf(root, sizeof(root), "%s/tests/fixtures/learn", src != NULL ? src : ".");
	tm_diags_init(&d);
	int rc = tm_content_load(root, &content, &d);
	tm_diags_release(&d);
	snprintf(dbdir, sizeof(dbdir), "/tmp/tmrunner-XXXXXX");
	if (mkdtemp(dbdir) == NULL)
		return -1;
	return rc == TM_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[160];
	tm_content_free(content);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dbdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* A fresh store file for each test that wants one. */
static struct tm_store *fresh_store(const char *name)
{
	struct tm_diags d;
	struct tm_store *s = NULL;
	snprintf(dbpath, sizeof(dbpath), "%s/%s.db", dbdir, name);
	tm_diags_init(&d);
	assert_int_equal(tm_store_open(dbpath, 100, &s, &d), TM_OK);
	tm_diags_release(&d);
	return s;
}

/* A fresh store holding learner "ann" (her id in *ann). */
static struct tm_store *ann_store(const char *name, long long *ann)
{
	struct tm_diags d;
	struct tm_store *s = fresh_store(name);
	tm_diags_init(&d);
	assert_int_equal(tm_store_learner(s, "ann", ann, &d), TM_OK);
	tm_diags_release(&d);
	return s;
}

static struct tm_runner *runner(struct tm_store *s, long long learner, const char *module,
				unsigned seed)
{
	struct tm_diags d;
	struct tm_runner *r = NULL;
	tm_diags_init(&d);
	assert_int_equal(tm_runner_new(content, s, learner, "tiny", module, seed, &r, &d), TM_OK);
	tm_diags_release(&d);
	return r;
}

/* ==== A perfect learner ========================================================= */

static size_t shown_at(const struct tm_run_step *st, size_t idx)
{
	for (size_t k = 0; k < st->order_count; k++)
		if (st->order[k] == idx)
			return k;
	fail_msg("index %zu not shown", idx);
	return 0;
}

/* Builds the right answer to the current question, in the labels shown. */
static void right_answer(const struct tm_run_step *st, char *buf, size_t size)
{
	const struct tm_question *q = st->question;
	size_t at = 0;
	buf[0] = '\0';
	switch (tm_question_type(q)) {
	case TM_Q_SINGLE:
	case TM_Q_MULTIPLE:
		for (size_t k = 0; k < st->order_count; k++)
			if (tm_question_choice_correct(q, st->order[k]))
				at += (size_t)snprintf(buf + at, size - at, "%c ", (char)('a' + k));
		break;
	case TM_Q_TRUE_FALSE:
		snprintf(buf, size, "%s", tm_question_answer_bool(q) ? "true" : "false");
		break;
	case TM_Q_SHORT:
		snprintf(buf, size, "%s", tm_question_accept(q, 0));
		break;
	case TM_Q_ORDERING:
		for (size_t i = 0; i < tm_question_order_count(q); i++)
			at += (size_t)snprintf(buf + at, size - at, "%c ",
					       (char)('a' + shown_at(st, i)));
		break;
	case TM_Q_MATCHING:
		for (size_t i = 0; i < tm_question_pair_count(q); i++)
			for (size_t k = 0; k < st->order_count; k++)
				if (strcmp(tm_question_option(q, st->order[k]),
					   tm_question_pair_right(q, i)) == 0) {
					at += (size_t)snprintf(buf + at, size - at, "%c ",
							       (char)('a' + k));
					break;
				}
		break;
	case TM_Q_NUMERIC:
		snprintf(buf, size, "%g", tm_question_number(q));
		break;
	case TM_Q_THREAT_LIST: {
		const struct grader_key *key = tm_exercise_key(tm_question_exercise(q));
		for (size_t t = 0; t < grader_key_threat_count(key); t++)
			at += (size_t)snprintf(buf + at, size - at, "%s\n",
					       grader_threat_title(key, t));
		break;
	}
	default:
		fail_msg("unknown type");
	}
}

static void exercise_answer(const struct tm_run_step *st, char *buf, size_t size)
{
	const struct grader_key *key = tm_exercise_key(st->exercise);
	size_t at = 0;
	buf[0] = '\0';
	if (st->ex_step == TM_STEP_TOP_THREE) {
		/* the reference top list: as many threats as it has */
		for (size_t k = 0; k < tm_exercise_top_count(st->exercise); k++) {
			long t = grader_key_find(key, tm_exercise_top_threat(st->exercise, k));
			at += (size_t)snprintf(buf + at, size - at, "%s\n",
					       grader_threat_title(key, (size_t)t));
		}
		return;
	}
	for (size_t t = 0; t < grader_key_threat_count(key); t++)
		at += (size_t)snprintf(buf + at, size - at, "%s\n", grader_threat_title(key, t));
}

struct tally {
	size_t kinds[TM_RUN_DONE + 1];
	double last_quiz_score, last_quiz_max;
};

/* Runs to DONE answering everything right; counts the steps seen. */
static void run_perfect(struct tm_runner *r, struct tally *t)
{
	struct tm_diags d;
	char buf[4096];
	tm_diags_init(&d);
	for (int guard = 0; guard < 500; guard++) {
		const struct tm_run_step *st = tm_runner_step(r);
		t->kinds[st->kind]++;
		if (st->kind == TM_RUN_DONE)
			break;
		if (st->kind == TM_RUN_QUIZ_END) {
			t->last_quiz_score = st->score;
			t->last_quiz_max = st->max;
			assert_true(st->passed);
		}
		if (st->kind == TM_RUN_FEEDBACK) {
			assert_true(st->grade.score > 0);
			assert_false(st->retry);
		}
		int rc;
		if (st->kind == TM_RUN_QUESTION) {
			right_answer(st, buf, sizeof(buf));
			rc = tm_runner_answer(r, buf, &d);
		} else if (st->kind == TM_RUN_EXERCISE && st->asks) {
			exercise_answer(st, buf, sizeof(buf));
			rc = tm_runner_answer(r, buf, &d);
		} else {
			rc = tm_runner_next(r, &d);
		}
		assert_int_equal(rc, TM_OK);
	}
	tm_diags_release(&d);
}

static void test_perfect_run_without_store(void **state)
{
	(void)state;
	struct tally t = { 0 };
	struct tm_runner *r = runner(NULL, 0, NULL, 99);
	assert_int_equal(tm_runner_step(r)->kind, TM_RUN_MODULE);
	assert_false(tm_runner_step(r)->resumed);
	run_perfect(r, &t);
	assert_int_equal(t.kinds[TM_RUN_MODULE], 2);
	assert_int_equal(t.kinds[TM_RUN_LESSON], 2);
	assert_int_equal(t.kinds[TM_RUN_QUESTION], 9);   /* 8 + 1 questions */
	assert_int_equal(t.kinds[TM_RUN_FEEDBACK], 9);
	assert_int_equal(t.kinds[TM_RUN_QUIZ_END], 2);
	assert_int_equal(t.kinds[TM_RUN_EXERCISE], 6);   /* six steps */
	assert_int_equal(t.kinds[TM_RUN_EXERCISE_RESULT], 5);
	assert_int_equal(t.kinds[TM_RUN_EXERCISE_KEY], 1);
	assert_int_equal(t.kinds[TM_RUN_MODULE_END], 2);
	assert_int_equal(t.kinds[TM_RUN_DONE], 1);
	tm_runner_free(r);
	tm_runner_free(NULL);
}

static void test_perfect_run_with_store(void **state)
{
	(void)state;
	struct tm_diags d;
	struct tally t = { 0 };
	long long ann = 0;
	tm_diags_init(&d);
	struct tm_store *s = ann_store("perfect", &ann);
	struct tm_runner *r = runner(s, ann, NULL, 5);
	run_perfect(r, &t);
	tm_runner_free(r);
	size_t done = 0, answers = 0;
	assert_int_equal(tm_store_items_done(s, ann, "tiny", NULL, &done, &d), TM_OK);
	assert_int_equal(done, 5);
	assert_int_equal(tm_store_answer_count(s, ann, "tiny", &answers, &d), TM_OK);
	assert_int_equal(answers, 9 + 5);
	bool fin = false, passed = false;
	double score = 0, max = 0;
	assert_int_equal(tm_store_item_result(s, ann, "tiny", "one", "quiz:Question types", &fin, &score, &max,
					      &passed, &d), TM_OK);
	assert_true(fin && passed);
	assert_true(score == 8 && max == 8);
	/* A finished course starts over next time. */
	struct tm_position pos;
	assert_int_equal(tm_store_position_get(s, ann, "tiny", &pos, &d), TM_OK);
	assert_string_equal(pos.module, "");
	r = runner(s, ann, NULL, 5);
	assert_int_equal(tm_runner_step(r)->kind, TM_RUN_MODULE);
	assert_int_equal(tm_runner_step(r)->module_index, 0);
	tm_runner_free(r);
	tm_store_close(s);
	tm_diags_release(&d);
}

/* ==== Attempts, hints, unreadable answers ============================================ */

/* Moves r to the first question of the first quiz. */
static void to_first_question(struct tm_runner *r)
{
	struct tm_diags d;
	tm_diags_init(&d);
	while (tm_runner_step(r)->kind != TM_RUN_QUESTION)
		assert_int_equal(tm_runner_next(r, &d), TM_OK);
	tm_diags_release(&d);
}

static void wrong_answer(const struct tm_run_step *st, char *buf, size_t size)
{
	for (size_t k = 0; k < st->order_count; k++)
		if (!tm_question_choice_correct(st->question, st->order[k])) {
			snprintf(buf, size, "%c", (char)('a' + k));
			return;
		}
	fail_msg("no wrong choice");
}

static void test_attempts_and_hints(void **state)
{
	(void)state;
	struct tm_diags d;
	char buf[64];
	tm_diags_init(&d);
	struct tm_runner *r = runner(NULL, 0, NULL, 3);
	to_first_question(r);
	const struct tm_run_step *st = tm_runner_step(r);
	assert_string_equal(tm_question_id(st->question), "t-single");
	assert_true(st->asks);
	assert_int_equal(st->attempts_allowed, 2);
	assert_int_equal(tm_runner_next(r, &d), TM_EUSAGE);   /* a question needs an answer */

	/* Hints one at a time, then none. */
	assert_string_equal(tm_runner_hint(r), "Think about identity.");
	assert_string_equal(tm_runner_hint(r), "It starts with S.");
	assert_null(tm_runner_hint(r));

	/* An unreadable answer uses no attempt. */
	assert_int_equal(tm_runner_answer(r, "zz", &d), TM_EUSAGE);
	st = tm_runner_step(r);
	assert_int_equal(st->kind, TM_RUN_QUESTION);
	assert_int_equal(st->attempt, 1);

	/* Wrong, then another try, then wrong again: final, no points. */
	wrong_answer(st, buf, sizeof(buf));
	assert_int_equal(tm_runner_answer(r, buf, &d), TM_OK);
	st = tm_runner_step(r);
	assert_int_equal(st->kind, TM_RUN_FEEDBACK);
	assert_true(st->retry);
	assert_false(st->grade.correct);
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	st = tm_runner_step(r);
	assert_int_equal(st->kind, TM_RUN_QUESTION);
	assert_int_equal(st->attempt, 2);
	assert_string_equal(tm_question_id(st->question), "t-single");
	wrong_answer(st, buf, sizeof(buf));
	assert_int_equal(tm_runner_answer(r, buf, &d), TM_OK);
	st = tm_runner_step(r);
	assert_false(st->retry);
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	st = tm_runner_step(r);
	assert_string_equal(tm_question_id(st->question), "t-multiple");
	assert_int_equal(st->attempt, 1);
	tm_runner_free(r);
	tm_diags_release(&d);
}

/* The choice index the answer label buf (one letter) names in st's order. */
static size_t chosen(const struct tm_run_step *st, const char *buf)
{
	return st->order[(size_t)(buf[0] - 'a')];
}

/* A wrong first answer gets only a nudge; the last answer's feedback then says
 * why that choice was wrong too (step.tries), once: the same wrong choice
 * twice has its feedback shown once, as the last answer's. */
static void test_last_answer_shows_wrong_tries(void **state)
{
	(void)state;
	struct tm_diags d;
	char buf[64], right[64];
	tm_diags_init(&d);
	struct tm_runner *r = runner(NULL, 0, NULL, 3);
	to_first_question(r);
	const struct tm_run_step *st = tm_runner_step(r);
	const struct tm_question *q = st->question;
	wrong_answer(st, buf, sizeof(buf));
	const char *why = tm_question_choice_feedback(q, chosen(st, buf));
	assert_non_null(why);
	assert_int_equal(tm_runner_answer(r, buf, &d), TM_OK);
	st = tm_runner_step(r);
	assert_true(st->retry);
	assert_int_equal(st->try_count, 0);                  /* between tries: a nudge */
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	right_answer(tm_runner_step(r), right, sizeof(right));
	assert_int_equal(tm_runner_answer(r, right, &d), TM_OK);
	st = tm_runner_step(r);
	assert_int_equal(st->kind, TM_RUN_FEEDBACK);
	assert_true(st->grade.correct);
	assert_false(st->retry);
	assert_int_equal(st->try_count, 1);
	assert_int_equal(st->tries[0].attempt, 1);
	assert_string_equal(st->tries[0].answer, buf);
	assert_string_equal(st->tries[0].feedback, why);
	/* the next question's first answer shows no tries */
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	right_answer(tm_runner_step(r), right, sizeof(right));
	assert_int_equal(tm_runner_answer(r, right, &d), TM_OK);
	assert_int_equal(tm_runner_step(r)->try_count, 0);
	tm_runner_free(r);

	/* the same wrong choice twice: its feedback is the last answer's, once */
	r = runner(NULL, 0, NULL, 3);
	to_first_question(r);
	wrong_answer(tm_runner_step(r), buf, sizeof(buf));
	assert_int_equal(tm_runner_answer(r, buf, &d), TM_OK);
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	assert_int_equal(tm_runner_answer(r, buf, &d), TM_OK);
	st = tm_runner_step(r);
	assert_false(st->retry);
	assert_false(st->grade.correct);
	assert_string_equal(st->grade.feedback, why);
	assert_int_equal(st->try_count, 0);
	tm_runner_free(r);
	tm_diags_release(&d);
}

/* A learner who stops between tries and comes back right sees why the first
 * answer was wrong: the runner reads the earlier try back from the store. */
static void test_resumed_last_answer_shows_wrong_tries(void **state)
{
	(void)state;
	struct tm_diags d;
	char buf[64], right[64];
	long long ann = 0;
	tm_diags_init(&d);
	struct tm_store *s = ann_store("tries", &ann);
	struct tm_runner *r = runner(s, ann, NULL, 3);
	to_first_question(r);
	const struct tm_run_step *st = tm_runner_step(r);
	wrong_answer(st, buf, sizeof(buf));
	const char *why = tm_question_choice_feedback(st->question, chosen(st, buf));
	assert_int_equal(tm_runner_answer(r, buf, &d), TM_OK);
	assert_true(tm_runner_step(r)->retry);
	tm_runner_free(r);                                   /* stopped between tries */
	r = runner(s, ann, NULL, 999);                       /* the stored order wins */
	st = tm_runner_step(r);
	assert_int_equal(st->kind, TM_RUN_QUESTION);
	assert_int_equal(st->attempt, 2);
	right_answer(st, right, sizeof(right));
	assert_int_equal(tm_runner_answer(r, right, &d), TM_OK);
	st = tm_runner_step(r);
	assert_true(st->grade.correct);
	assert_int_equal(st->try_count, 1);
	assert_int_equal(st->tries[0].attempt, 1);
	assert_string_equal(st->tries[0].answer, buf);
	assert_string_equal(st->tries[0].feedback, why);
	tm_runner_free(r);
	tm_store_close(s);
	tm_diags_release(&d);
}

/* ==== Resuming ====================================================================== */

static void test_resume_same_question_same_order(void **state)
{
	(void)state;
	struct tm_diags d;
	char buf[256];
	long long ann = 0;
	tm_diags_init(&d);
	struct tm_store *s = ann_store("resume", &ann);
	struct tm_runner *r = runner(s, ann, NULL, 11);
	to_first_question(r);
	/* Answer two questions right, one wrong once (attempt used, not final). */
	for (int i = 0; i < 2; i++) {
		right_answer(tm_runner_step(r), buf, sizeof(buf));
		assert_int_equal(tm_runner_answer(r, buf, &d), TM_OK);
		assert_int_equal(tm_runner_next(r, &d), TM_OK);
	}
	const struct tm_run_step *st = tm_runner_step(r);
	assert_string_equal(tm_question_id(st->question), "t-tf");
	assert_int_equal(tm_runner_answer(r, tm_question_answer_bool(st->question) ? "f" : "t", &d),
			 TM_OK);
	assert_true(tm_runner_step(r)->retry);
	/* Killed here: the runner goes away without another call. */
	tm_runner_free(r);

	r = runner(s, ann, NULL, 12345);   /* another seed: stored seeds must win */
	st = tm_runner_step(r);
	assert_true(st->resumed);
	assert_int_equal(st->kind, TM_RUN_QUESTION);
	assert_string_equal(tm_question_id(st->question), "t-tf");
	assert_int_equal(st->attempt, 2);
	right_answer(st, buf, sizeof(buf));
	assert_int_equal(tm_runner_answer(r, buf, &d), TM_OK);
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	/* Note the shuffled order of the ordering question, then resume on it. */
	assert_int_equal(tm_runner_answer(r, "confidentiality", &d), TM_OK);
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	st = tm_runner_step(r);
	assert_string_equal(tm_question_id(st->question), "t-order");
	size_t before[4];
	assert_int_equal(st->order_count, 4);
	memcpy(before, st->order, sizeof(before));
	tm_runner_free(r);
	r = runner(s, ann, NULL, 777);
	st = tm_runner_step(r);
	assert_string_equal(tm_question_id(st->question), "t-order");
	assert_memory_equal(before, st->order, sizeof(before));
	/* Finish the quiz: every question right, but the true/false one on its second
	 * attempt, which earns nothing (two choices: right by elimination). */
	for (int guard = 0; guard < 20 && tm_runner_step(r)->kind != TM_RUN_QUIZ_END; guard++) {
		st = tm_runner_step(r);
		if (st->kind == TM_RUN_QUESTION) {
			right_answer(st, buf, sizeof(buf));
			assert_int_equal(tm_runner_answer(r, buf, &d), TM_OK);
		} else {
			assert_int_equal(tm_runner_next(r, &d), TM_OK);
		}
	}
	st = tm_runner_step(r);
	assert_int_equal(st->kind, TM_RUN_QUIZ_END);
	assert_true(st->score == 7 && st->max == 8);   /* points kept across two resumes */
	tm_runner_free(r);
	tm_store_close(s);
	tm_diags_release(&d);
}

static void test_learners_apart(void **state)
{
	(void)state;
	struct tm_diags d;
	char buf[256];
	long long ann = 0, bob = 0;
	tm_diags_init(&d);
	struct tm_store *s = ann_store("apart", &ann);
	assert_int_equal(tm_store_learner(s, "bob", &bob, &d), TM_OK);
	struct tm_runner *r = runner(s, ann, NULL, 1);
	to_first_question(r);
	right_answer(tm_runner_step(r), buf, sizeof(buf));
	assert_int_equal(tm_runner_answer(r, buf, &d), TM_OK);
	tm_runner_free(r);
	r = runner(s, bob, NULL, 1);
	assert_int_equal(tm_runner_step(r)->kind, TM_RUN_MODULE);
	assert_false(tm_runner_step(r)->resumed);
	tm_runner_free(r);
	r = runner(s, ann, NULL, 1);
	assert_true(tm_runner_step(r)->resumed);
	tm_runner_free(r);
	tm_store_close(s);
	tm_diags_release(&d);
}

/* The quiz's result is stored once, when the quiz end shows it; a failure to
 * store it is reported (the learner stays at the last feedback) instead of
 * showing a score that is not in their progress. Another connection holding
 * the write lock makes the store busy. */
static void test_quiz_end_store_failure(void **state)
{
	(void)state;
	struct tm_diags d;
	char buf[4096];
	long long ann = 0;
	sqlite3 *other = NULL;
	tm_diags_init(&d);
	struct tm_store *s = ann_store("quizend", &ann);
	struct tm_runner *r = runner(s, ann, NULL, 1);
	assert_int_equal(sqlite3_open(dbpath, &other), SQLITE_OK);
	int failed = TM_OK;
	for (int guard = 0; guard < 100 && failed == TM_OK; guard++) {
		const struct tm_run_step *st = tm_runner_step(r);
		assert_int_not_equal(st->kind, TM_RUN_QUIZ_END);
		if (st->kind == TM_RUN_QUESTION) {
			right_answer(st, buf, sizeof(buf));
			assert_int_equal(tm_runner_answer(r, buf, &d), TM_OK);
		} else if (st->kind == TM_RUN_FEEDBACK) {
			/* only the quiz end writes on the way on from a feedback */
			assert_int_equal(sqlite3_exec(other, "BEGIN EXCLUSIVE", NULL, NULL, NULL),
					 SQLITE_OK);
			failed = tm_runner_next(r, &d);
			assert_int_equal(sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL),
					 SQLITE_OK);
		} else {
			assert_int_equal(tm_runner_next(r, &d), TM_OK);
		}
	}
	assert_int_not_equal(failed, TM_OK);
	assert_true(d.count > 0);
	assert_int_equal(tm_runner_step(r)->kind, TM_RUN_FEEDBACK);
	tm_diags_release(&d);
	/* the lock gone, going on shows and stores the result */
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	assert_int_equal(tm_runner_step(r)->kind, TM_RUN_QUIZ_END);
	bool fin = false, passed = false;
	double score = 0, max = 0;
	assert_int_equal(tm_store_item_result(s, ann, "tiny", "one", "quiz:Question types", &fin, &score, &max,
					      &passed, &d), TM_OK);
	assert_true(fin && passed);
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	assert_int_not_equal(tm_runner_step(r)->kind, TM_RUN_QUIZ_END);
	sqlite3_close(other);
	tm_runner_free(r);
	tm_store_close(s);
	tm_diags_release(&d);
}

/* Going on from an exercise step stores the next step's position first; when
 * that write fails the learner stays where they were (the same step, its
 * result and answer kept), with the error reported, and going on once the
 * store is free again moves to the next step. */
static void test_exercise_step_store_failure(void **state)
{
	(void)state;
	struct tm_diags d;
	char buf[4096];
	long long ann = 0;
	sqlite3 *other = NULL;
	tm_diags_init(&d);
	struct tm_store *s = ann_store("exstep", &ann);
	struct tm_runner *r = runner(s, ann, "two", 1);
	while (tm_runner_step(r)->kind != TM_RUN_EXERCISE ||
	       tm_runner_step(r)->ex_step != TM_STEP_READ) {
		const struct tm_run_step *st = tm_runner_step(r);
		if (st->kind == TM_RUN_QUESTION) {
			right_answer(st, buf, sizeof(buf));
			assert_int_equal(tm_runner_answer(r, buf, &d), TM_OK);
		} else {
			assert_int_equal(tm_runner_next(r, &d), TM_OK);
		}
	}
	size_t read_index = tm_runner_step(r)->question_index;
	assert_int_equal(sqlite3_open(dbpath, &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "BEGIN EXCLUSIVE", NULL, NULL, NULL), SQLITE_OK);
	assert_int_not_equal(tm_runner_next(r, &d), TM_OK);
	assert_true(d.count > 0);
	const struct tm_run_step *st = tm_runner_step(r);
	assert_int_equal(st->kind, TM_RUN_EXERCISE);
	assert_int_equal(st->ex_step, TM_STEP_READ);
	assert_int_equal(st->question_index, read_index);
	assert_int_equal(sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	tm_diags_release(&d);
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	assert_int_equal(tm_runner_step(r)->ex_step, TM_STEP_ASSETS);
	assert_int_equal(tm_runner_step(r)->question_index, read_index + 1);
	/* from a step's result: the result stays shown */
	assert_int_equal(tm_runner_answer(r, "user records\n", &d), TM_OK);
	assert_int_equal(tm_runner_step(r)->kind, TM_RUN_EXERCISE_RESULT);
	assert_int_equal(sqlite3_exec(other, "BEGIN EXCLUSIVE", NULL, NULL, NULL), SQLITE_OK);
	assert_int_not_equal(tm_runner_next(r, &d), TM_OK);
	st = tm_runner_step(r);
	assert_int_equal(st->kind, TM_RUN_EXERCISE_RESULT);
	assert_int_equal(st->question_index, read_index + 1);
	assert_string_equal(st->answer, "user records\n");
	assert_int_equal(sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	tm_diags_release(&d);
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	assert_int_equal(tm_runner_step(r)->ex_step, TM_STEP_SCOPE);
	assert_int_equal(tm_runner_step(r)->attempt, 1);
	sqlite3_close(other);
	tm_runner_free(r);
	tm_store_close(s);
	tm_diags_release(&d);
}

/* ==== One module, exercises ============================================================ */

static void test_one_module_and_exercise_retry(void **state)
{
	(void)state;
	struct tm_diags d;
	char buf[4096];
	tm_diags_init(&d);
	struct tm_runner *bad = NULL;
	assert_int_equal(tm_runner_new(content, NULL, 0, "tiny", "nope", 1, &bad, &d),
			 TM_ENOTFOUND);
	assert_null(bad);
	assert_int_equal(tm_runner_new(content, NULL, 0, "nope", NULL, 1, &bad, &d), TM_ENOTFOUND);

	struct tm_runner *r = runner(NULL, 0, "two", 1);
	const struct tm_run_step *st = tm_runner_step(r);
	assert_int_equal(st->kind, TM_RUN_MODULE);
	assert_string_equal(tm_module_id(st->module), "two");
	while (tm_runner_step(r)->kind != TM_RUN_EXERCISE || tm_runner_step(r)->asks ||
	       tm_runner_step(r)->ex_step != TM_STEP_READ) {
		st = tm_runner_step(r);
		if (st->kind == TM_RUN_QUESTION) {
			right_answer(st, buf, sizeof(buf));
			assert_int_equal(tm_runner_answer(r, buf, &d), TM_OK);
		} else {
			assert_int_equal(tm_runner_next(r, &d), TM_OK);
		}
	}
	assert_non_null(tm_runner_hint(r));   /* each step has a hint */
	assert_null(tm_runner_hint(r));
	assert_int_equal(tm_runner_next(r, &d), TM_OK);            /* read */
	assert_int_equal(tm_runner_step(r)->ex_step, TM_STEP_ASSETS);
	/* the exercise's own hints for the step, in order, then the generic one */
	assert_string_equal(tm_runner_hint(r), "Follow the user records from the form to the table.");
	assert_string_equal(tm_runner_hint(r), "Which token can create users?");
	const char *generic = tm_runner_hint(r);
	assert_non_null(generic);
	assert_non_null(strstr(generic, "attacker"));
	assert_null(tm_runner_hint(r));
	/* an empty list is refused at every list step, as at the threats step:
	 * its result (the reference) cannot be taken back */
	assert_int_equal(tm_runner_answer(r, "\n", &d), TM_EUSAGE);
	assert_non_null(strstr(d.items[d.count - 1].text, "at least one asset"));
	assert_int_equal(tm_runner_answer(r, " \t\n\n", &d), TM_EUSAGE);
	assert_int_equal(tm_runner_step(r)->kind, TM_RUN_EXERCISE);
	assert_int_equal(tm_runner_answer(r, "user records\n", &d), TM_OK);
	st = tm_runner_step(r);
	assert_int_equal(st->kind, TM_RUN_EXERCISE_RESULT);
	assert_false(st->retry);
	assert_string_equal(st->answer, "user records\n");
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	assert_int_equal(tm_runner_answer(r, "", &d), TM_EUSAGE);   /* scope */
	assert_non_null(strstr(d.items[d.count - 1].text, "item of the scope"));
	assert_int_equal(tm_runner_answer(r, "the endpoint\n", &d), TM_OK);   /* scope */
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	st = tm_runner_step(r);
	assert_int_equal(st->ex_step, TM_STEP_THREATS);
	assert_int_equal(tm_runner_answer(r, "\n", &d), TM_EUSAGE);   /* nothing written */
	assert_int_equal(tm_runner_answer(r, "the logo is the wrong colour\n", &d), TM_OK);
	st = tm_runner_step(r);
	assert_int_equal(st->kind, TM_RUN_EXERCISE_RESULT);
	assert_non_null(st->result);
	assert_non_null(st->submission);
	assert_true(st->score == 0);
	assert_false(st->passed);
	assert_true(st->retry);
	assert_int_equal(grader_result_unmatched_count(st->result), 1);
	assert_int_equal(tm_runner_retry(r, &d), TM_OK);
	st = tm_runner_step(r);
	assert_int_equal(st->kind, TM_RUN_EXERCISE);
	assert_int_equal(st->attempt, 2);
	exercise_answer(st, buf, sizeof(buf));
	assert_int_equal(tm_runner_answer(r, buf, &d), TM_OK);
	st = tm_runner_step(r);
	assert_true(st->score > 90);
	assert_int_equal(grader_result_found_count(st->result), 4);
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	/* top three: as many as the reference list (two here) */
	assert_int_equal(tm_runner_answer(r, "role field\nno auth\n", &d), TM_OK);
	assert_int_equal(tm_runner_retry(r, &d), TM_EUSAGE);
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	/* without a store too, the remediation step has the learner's top three */
	assert_non_null(tm_runner_step(r)->top_result);
	assert_int_equal(tm_runner_answer(r, "\n\n", &d), TM_EUSAGE);    /* remediation */
	assert_non_null(strstr(d.items[d.count - 1].text, "at least one fix"));
	assert_int_equal(tm_runner_answer(r, "fix it\n", &d), TM_OK);       /* remediation */
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	st = tm_runner_step(r);
	assert_int_equal(st->kind, TM_RUN_EXERCISE_KEY);
	assert_true(st->passed);
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	assert_int_equal(tm_runner_step(r)->kind, TM_RUN_MODULE_END);
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	assert_int_equal(tm_runner_step(r)->kind, TM_RUN_DONE);
	assert_int_equal(tm_runner_next(r, &d), TM_OK);   /* stays done */
	assert_int_equal(tm_runner_step(r)->kind, TM_RUN_DONE);
	tm_runner_free(r);
	tm_diags_release(&d);
}

/* ==== Regressions: credit, places, resumed threat lists, counting =================== */

/* Answers the current question by its id: right or (one wrong letter) wrong. */
static void answer(struct tm_runner *r, bool right)
{
	struct tm_diags d;
	char buf[4096];
	tm_diags_init(&d);
	const struct tm_run_step *st = tm_runner_step(r);
	if (right)
		right_answer(st, buf, sizeof(buf));
	else if (tm_question_type(st->question) == TM_Q_TRUE_FALSE)
		snprintf(buf, sizeof(buf), "%s", tm_question_answer_bool(st->question) ? "f" : "t");
	else
		wrong_answer(st, buf, sizeof(buf));
	assert_int_equal(tm_runner_answer(r, buf, &d), TM_OK);
	tm_diags_release(&d);
}

/* A right answer after a wrong one earns half; with two choices, nothing. The
 * store keeps each attempt's own grade. */
static void test_retry_earns_less(void **state)
{
	(void)state;
	struct tm_diags d;
	long long ann = 0;
	tm_diags_init(&d);
	struct tm_store *s = ann_store("credit", &ann);
	struct tm_runner *r = runner(s, ann, NULL, 4);
	to_first_question(r);
	assert_string_equal(tm_question_id(tm_runner_step(r)->question), "t-single");
	answer(r, false);
	const struct tm_run_step *st = tm_runner_step(r);
	assert_true(st->retry);
	assert_true(st->earned == 0);
	assert_true(st->next_credit == 0.5);
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	answer(r, true);
	st = tm_runner_step(r);
	assert_true(st->grade.correct && st->grade.score == 1);
	assert_true(st->earned == 0.5);
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	answer(r, true);                                      /* t-multiple, first try */
	assert_true(tm_runner_step(r)->earned == 1);
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	assert_string_equal(tm_question_id(tm_runner_step(r)->question), "t-tf");
	answer(r, false);
	st = tm_runner_step(r);
	assert_true(st->retry);
	assert_true(st->next_credit == 0);                  /* two choices */
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	answer(r, true);
	assert_true(tm_runner_step(r)->earned == 0);
	/* Resumed here, the quiz keeps 1.5 points of 3. */
	tm_runner_free(r);
	r = runner(s, ann, NULL, 4);
	while (tm_runner_step(r)->kind != TM_RUN_QUIZ_END) {
		if (tm_runner_step(r)->kind == TM_RUN_QUESTION)
			answer(r, true);
		else
			assert_int_equal(tm_runner_next(r, &d), TM_OK);
	}
	st = tm_runner_step(r);
	assert_true(st->score == 6.5 && st->max == 8);
	tm_runner_free(r);
	/* Every attempt is stored with its own grade: 2 + 1 + 2 + 5 answers. */
	size_t answers = 0;
	assert_int_equal(tm_store_answer_count(s, ann, "tiny", &answers, &d), TM_OK);
	assert_int_equal(answers, 10);
	char *json = NULL;
	assert_int_equal(tm_store_export_json(s, ann, &json, &d), TM_OK);
	assert_non_null(strstr(json, "\"question\":\"t-single\",\"attempt\":2,\"answer\""));
	free(json);
	tm_store_close(s);
	tm_diags_release(&d);
}

/* A threat-list question's feedback carries the full grading (the lines found,
 * missed and unmatched, against the named exercise's key) for the front end to
 * show, and its next attempt, in the same run or after a resume, the list
 * graded last to build on; the credit of each attempt is in the step. */
static void test_threat_question_result_and_list(void **state)
{
	(void)state;
	struct tm_diags d;
	long long ann = 0;
	const char *first = "SQL injection in the user name field\nthe logo is the wrong colour\n";
	tm_diags_init(&d);
	struct tm_store *s = ann_store("quizlist", &ann);
	struct tm_runner *r = runner(s, ann, "two", 2);
	while (tm_runner_step(r)->kind != TM_RUN_QUESTION)
		assert_int_equal(tm_runner_next(r, &d), TM_OK);
	const struct tm_run_step *st = tm_runner_step(r);
	assert_string_equal(tm_question_id(st->question), "t-threats");
	assert_null(st->previous);
	assert_int_equal(tm_runner_answer(r, first, &d), TM_OK);
	st = tm_runner_step(r);
	assert_int_equal(st->kind, TM_RUN_FEEDBACK);
	assert_true(st->retry);
	assert_non_null(st->result);
	assert_non_null(st->submission);
	assert_non_null(st->exercise);
	assert_string_equal(tm_exercise_id(st->exercise), "tiny-ex");
	assert_int_equal(grader_result_found_count(st->result), 1);
	assert_int_equal(grader_result_missed_count(st->result), 3);
	assert_int_equal(grader_result_unmatched_count(st->result), 1);
	assert_true(st->credit > 0.19 && st->credit < 0.21);
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	st = tm_runner_step(r);
	assert_int_equal(st->kind, TM_RUN_QUESTION);
	assert_int_equal(st->attempt, 2);
	assert_non_null(st->previous);
	assert_string_equal(st->previous, first);
	tm_runner_free(r);                                   /* stopped between tries */

	r = runner(s, ann, "two", 2);
	st = tm_runner_step(r);
	assert_int_equal(st->kind, TM_RUN_QUESTION);
	assert_int_equal(st->attempt, 2);
	assert_non_null(st->previous);
	assert_string_equal(st->previous, first);
	char both[256];
	snprintf(both, sizeof(both), "%scaller sets its own role\n", first);
	assert_int_equal(tm_runner_answer(r, both, &d), TM_OK);
	st = tm_runner_step(r);
	assert_false(st->retry);
	assert_true(st->grade.correct);
	assert_int_equal(grader_result_found_count(st->result), 2);
	/* attempt 2 earns half its 60%; it beats the first, so it is kept */
	assert_true(st->credit > 0.29 && st->credit < 0.31);
	assert_true(st->earned == st->credit);
	assert_int_equal(st->kept_attempt, 2);
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	assert_null(tm_runner_step(r)->result);
	tm_runner_free(r);
	tm_store_close(s);
	tm_diags_release(&d);
}

/* The top-three step wants as many threats as the reference list (two in
 * tiny-ex), counted as the grader reads them: a Markdown heading and the
 * top-three label are no threats. The rule is the runner's, for every front end. */
static void test_top_three_count(void **state)
{
	(void)state;
	struct tm_diags d;
	char buf[4096];
	tm_diags_init(&d);
	struct tm_runner *r = runner(NULL, 0, "two", 1);
	for (int guard = 0; guard < 200; guard++) {
		const struct tm_run_step *st = tm_runner_step(r);
		if (st->kind == TM_RUN_EXERCISE && st->asks && st->ex_step == TM_STEP_TOP_THREE)
			break;
		if (st->kind == TM_RUN_QUESTION || (st->kind == TM_RUN_EXERCISE && st->asks)) {
			if (st->kind == TM_RUN_QUESTION)
				right_answer(st, buf, sizeof(buf));
			else
				exercise_answer(st, buf, sizeof(buf));
			assert_int_equal(tm_runner_answer(r, buf, &d), TM_OK);
		} else {
			assert_int_equal(tm_runner_next(r, &d), TM_OK);
		}
	}
	assert_int_equal(tm_runner_step(r)->ex_step, TM_STEP_TOP_THREE);
	assert_int_equal(tm_runner_step(r)->kind, TM_RUN_EXERCISE);
	/* too few, too many: refused with the count, the step still asks */
	tm_diags_release(&d);
	assert_int_equal(tm_runner_answer(r, "role field\n", &d), TM_EUSAGE);
	assert_string_equal(d.items[0].text, "give exactly two threats, one per line (you gave 1)");
	tm_diags_release(&d);
	assert_int_equal(tm_runner_answer(r, "a\nb\nc\n", &d), TM_EUSAGE);
	assert_string_equal(d.items[0].text, "give exactly two threats, one per line (you gave 3)");
	tm_diags_release(&d);
	assert_true(tm_runner_step(r)->asks);
	/* a heading is not a threat: one threat under it is one */
	assert_int_equal(tm_runner_answer(r, "## Our picks\nrole field\n", &d), TM_EUSAGE);
	assert_string_equal(d.items[0].text, "give exactly two threats, one per line (you gave 1)");
	tm_diags_release(&d);
	/* a heading and a label line over two threats: two */
	assert_int_equal(tm_runner_answer(r, "## Our picks\nTop three:\n- role field\n"
					  "- no auth\n", &d),
			 TM_OK);
	const struct tm_run_step *st = tm_runner_step(r);
	assert_int_equal(st->kind, TM_RUN_EXERCISE_RESULT);
	assert_int_equal(grader_submission_line_count(st->submission), 2);
	assert_string_equal(grader_submission_line(st->submission, 0), "role field");
	tm_runner_free(r);
	tm_diags_release(&d);
}

/* Runs the current module to its end, answering everything right. */
static void finish_module(struct tm_runner *r)
{
	struct tm_diags d;
	char buf[4096];
	tm_diags_init(&d);
	for (int guard = 0; guard < 200 && tm_runner_step(r)->kind != TM_RUN_MODULE_END; guard++) {
		const struct tm_run_step *st = tm_runner_step(r);
		if (st->kind == TM_RUN_QUESTION) {
			right_answer(st, buf, sizeof(buf));
			assert_int_equal(tm_runner_answer(r, buf, &d), TM_OK);
		} else if (st->kind == TM_RUN_EXERCISE && st->asks) {
			exercise_answer(st, buf, sizeof(buf));
			assert_int_equal(tm_runner_answer(r, buf, &d), TM_OK);
		} else {
			assert_int_equal(tm_runner_next(r, &d), TM_OK);
		}
	}
	assert_int_equal(tm_runner_step(r)->kind, TM_RUN_MODULE_END);
	tm_diags_release(&d);
}

/* Taking a later module alone leaves the course's place (inside module one's
 * quiz) alone; the course resumes there, and "done" means every item. */
static void test_module_out_of_order_keeps_place(void **state)
{
	(void)state;
	struct tm_diags d;
	long long ann = 0;
	tm_diags_init(&d);
	struct tm_store *s = ann_store("order", &ann);
	struct tm_runner *r = runner(s, ann, NULL, 8);
	to_first_question(r);
	answer(r, true);
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	answer(r, true);
	tm_runner_free(r);                                   /* stopped after two questions */

	r = runner(s, ann, "two", 8);
	finish_module(r);
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	const struct tm_run_step *st = tm_runner_step(r);
	assert_int_equal(st->kind, TM_RUN_DONE);
	assert_true(st->module_run);
	assert_true(st->has_progress);
	assert_int_equal(st->progress.total, 5);
	assert_int_equal(st->progress.done, 4);              /* not finished: one quiz left */
	assert_int_equal(st->progress.next_module, 0);
	assert_int_equal(st->progress.next_item, 1);
	tm_runner_free(r);

	r = runner(s, ann, NULL, 8);                         /* the course goes on ... */
	st = tm_runner_step(r);
	assert_true(st->resumed);
	assert_int_equal(st->kind, TM_RUN_QUESTION);
	assert_int_equal(st->module_index, 0);
	assert_string_equal(tm_question_id(st->question), "t-tf");   /* ... at question 3 */
	finish_module(r);
	assert_true(tm_runner_step(r)->score == 8);          /* the first two points kept */
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	st = tm_runner_step(r);
	assert_int_equal(st->kind, TM_RUN_DONE);             /* module two is done already */
	assert_false(st->module_run);
	assert_int_equal(st->progress.done, 5);
	tm_runner_free(r);
	tm_store_close(s);
	tm_diags_release(&d);
}

/* Resuming at the threats step after a graded attempt: the result comes back
 * (the learner stopped at "again, or go on"); trying again brings the earlier
 * list to build on, and a weaker attempt never lowers the exercise's score. */
static void test_resumed_threats_keep_lines_and_score(void **state)
{
	(void)state;
	struct tm_diags d;
	char buf[4096];
	long long ann = 0;
	tm_diags_init(&d);
	struct tm_store *s = ann_store("threats", &ann);
	struct tm_runner *r = runner(s, ann, "two", 2);
	while (tm_runner_step(r)->kind != TM_RUN_EXERCISE ||
	       tm_runner_step(r)->ex_step != TM_STEP_THREATS) {
		const struct tm_run_step *st = tm_runner_step(r);
		if (st->kind == TM_RUN_QUESTION) {
			right_answer(st, buf, sizeof(buf));
			assert_int_equal(tm_runner_answer(r, buf, &d), TM_OK);
		} else if (st->asks) {
			assert_int_equal(tm_runner_answer(r, "something\n", &d), TM_OK);
		} else {
			assert_int_equal(tm_runner_next(r, &d), TM_OK);
		}
	}
	assert_null(tm_runner_step(r)->previous);
	exercise_answer(tm_runner_step(r), buf, sizeof(buf));
	assert_int_equal(tm_runner_answer(r, buf, &d), TM_OK);
	double best = tm_runner_step(r)->score;
	assert_true(best > 90);
	tm_runner_free(r);                                   /* stopped before "again" */

	r = runner(s, ann, "two", 2);
	const struct tm_run_step *st = tm_runner_step(r);
	assert_true(st->resumed);
	assert_int_equal(st->kind, TM_RUN_EXERCISE_RESULT);
	assert_int_equal(st->ex_step, TM_STEP_THREATS);
	assert_true(st->retry);
	assert_int_equal(tm_runner_retry(r, &d), TM_OK);
	st = tm_runner_step(r);
	assert_false(st->resumed);
	assert_int_equal(st->kind, TM_RUN_EXERCISE);
	assert_int_equal(st->ex_step, TM_STEP_THREATS);
	assert_int_equal(st->attempt, 2);
	assert_non_null(st->previous);
	assert_string_equal(st->previous, buf);
	assert_int_equal(tm_runner_answer(r, "the logo is the wrong colour\n", &d), TM_OK);
	assert_true(tm_runner_step(r)->score == 0);          /* this attempt's own grade */
	while (tm_runner_step(r)->kind != TM_RUN_EXERCISE_KEY) {
		st = tm_runner_step(r);
		if (st->asks)
			assert_int_equal(tm_runner_answer(r, st->ex_step == TM_STEP_TOP_THREE
								    ? "something\nelse\n"
								    : "something\n",
							  &d),
					 TM_OK);
		else
			assert_int_equal(tm_runner_next(r, &d), TM_OK);
	}
	assert_true(tm_runner_step(r)->score == best);       /* the best attempt counts */
	tm_runner_free(r);
	tm_store_close(s);
	tm_diags_release(&d);
}

/* Runs module "two" of tiny to its exercise's step want, answering anything. */
static struct tm_runner *to_exercise_step(struct tm_store *s, long long who, enum tm_step want)
{
	struct tm_diags d;
	char buf[4096];
	tm_diags_init(&d);
	struct tm_runner *r = runner(s, who, "two", 2);
	while (tm_runner_step(r)->kind != TM_RUN_EXERCISE || tm_runner_step(r)->ex_step != want) {
		const struct tm_run_step *st = tm_runner_step(r);
		if (st->kind == TM_RUN_QUESTION) {
			right_answer(st, buf, sizeof(buf));
			assert_int_equal(tm_runner_answer(r, buf, &d), TM_OK);
		} else if (st->asks) {
			assert_int_equal(tm_runner_answer(r, "something\n", &d), TM_OK);
		} else {
			assert_int_equal(tm_runner_next(r, &d), TM_OK);
		}
	}
	tm_diags_release(&d);
	return r;
}

/* How many answers the learner stored for exercise step id of module "two". */
static int step_answers(struct tm_store *s, long long who, const char *id)
{
	char *json = NULL, *at;
	char needle[96];
	int n = 0;
	struct tm_diags d;
	tm_diags_init(&d);
	assert_int_equal(tm_store_export_json(s, who, &json, &d), TM_OK);
	snprintf(needle, sizeof(needle), "\"question\":\"%s\"", id);
	for (at = strstr(json, needle); at != NULL; at = strstr(at + 1, needle))
		n++;
	free(json);
	tm_diags_release(&d);
	return n;
}

/* A learner who stops at "again, or go on" after grading their threats comes
 * back to that choice: going on leads to the top three and stores no second
 * attempt; trying again and stopping without a line comes back to it too, and
 * with lines typed (a draft) to the threats step with them. */
static void test_resume_at_threats_result(void **state)
{
	(void)state;
	struct tm_diags d;
	long long ann = 0;
	tm_diags_init(&d);
	struct tm_store *s = ann_store("atresult", &ann);
	struct tm_runner *r = to_exercise_step(s, ann, TM_STEP_THREATS);
	assert_int_equal(tm_runner_answer(r, "the role field can be set by anyone\n", &d), TM_OK);
	double score = tm_runner_step(r)->score;
	assert_true(score > 0);
	tm_runner_free(r);                                   /* stopped at the choice */

	r = runner(s, ann, "two", 2);
	const struct tm_run_step *st = tm_runner_step(r);
	assert_true(st->resumed);
	assert_int_equal(st->kind, TM_RUN_EXERCISE_RESULT);
	assert_int_equal(st->ex_step, TM_STEP_THREATS);
	assert_true(st->retry);
	assert_int_equal(st->attempt, 1);
	assert_true(st->score == score);
	assert_non_null(st->result);
	assert_non_null(st->submission);
	assert_string_equal(st->answer, "the role field can be set by anyone\n");
	assert_int_equal(tm_runner_retry(r, &d), TM_OK);    /* again, then stopped */
	tm_runner_free(r);

	r = runner(s, ann, "two", 2);
	assert_int_equal(tm_runner_step(r)->kind, TM_RUN_EXERCISE_RESULT);
	assert_int_equal(tm_runner_retry(r, &d), TM_OK);    /* again, a line, stopped */
	assert_int_equal(tm_runner_save_draft(r, "the role field can be set by anyone\n"
					      "no auth\n", &d), TM_OK);
	tm_runner_free(r);

	r = runner(s, ann, "two", 2);
	st = tm_runner_step(r);
	assert_int_equal(st->kind, TM_RUN_EXERCISE);
	assert_true(st->asks);
	assert_int_equal(st->attempt, 2);
	assert_non_null(st->draft);
	assert_non_null(st->previous);
	tm_runner_free(r);
	assert_int_equal(tm_store_draft_set(s, ann, "tiny", "two", "exercise:tiny-ex", "exercise:threats", NULL,
					    &d), TM_OK);

	r = runner(s, ann, "two", 2);                        /* draft gone: the choice */
	assert_int_equal(tm_runner_step(r)->kind, TM_RUN_EXERCISE_RESULT);
	assert_int_equal(tm_runner_next(r, &d), TM_OK);     /* go on */
	st = tm_runner_step(r);
	assert_int_equal(st->kind, TM_RUN_EXERCISE);
	assert_int_equal(st->ex_step, TM_STEP_TOP_THREE);
	assert_int_equal(step_answers(s, ann, "exercise:threats"), 1);
	tm_runner_free(r);
	tm_store_close(s);
	tm_diags_release(&d);
}

/* A stop at the result of a step with no retry (the assets) comes back to that
 * result, not to the question: the answer is not stored twice. */
static void test_resume_at_step_result(void **state)
{
	(void)state;
	struct tm_diags d;
	long long ann = 0;
	tm_diags_init(&d);
	struct tm_store *s = ann_store("atassets", &ann);
	struct tm_runner *r = to_exercise_step(s, ann, TM_STEP_ASSETS);
	assert_int_equal(tm_runner_answer(r, "user records\n", &d), TM_OK);
	tm_runner_free(r);
	r = runner(s, ann, "two", 2);
	const struct tm_run_step *st = tm_runner_step(r);
	assert_true(st->resumed);
	assert_int_equal(st->kind, TM_RUN_EXERCISE_RESULT);
	assert_int_equal(st->ex_step, TM_STEP_ASSETS);
	assert_false(st->retry);
	assert_string_equal(st->answer, "user records\n");
	assert_int_equal(tm_runner_retry(r, &d), TM_EUSAGE);
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	assert_int_equal(tm_runner_step(r)->ex_step, TM_STEP_SCOPE);
	assert_int_equal(step_answers(s, ann, "exercise:assets"), 1);
	tm_runner_free(r);
	tm_store_close(s);
	tm_diags_release(&d);
}

/* The remediation step carries the learner's top three as graded at the
 * top-three step (its result shows the fixes of their own picks): on the way
 * there, after a resume at the step and at its result (graded again from the
 * stored answer); the answer key after it has none. */
static void test_remediation_has_top_three(void **state)
{
	(void)state;
	struct tm_diags d;
	long long ann = 0;
	tm_diags_init(&d);
	struct tm_store *s = ann_store("remtop", &ann);
	struct tm_runner *r = to_exercise_step(s, ann, TM_STEP_TOP_THREE);
	assert_null(tm_runner_step(r)->top_result);
	assert_int_equal(tm_runner_answer(r, "no auth\nrole field\n", &d), TM_OK);
	const struct tm_run_step *st = tm_runner_step(r);
	assert_null(st->top_result);
	size_t found = grader_result_found_count(st->result);
	assert_true(found > 0);
	size_t first = grader_result_found_threat(st->result, 0);
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	for (int pass = 0; pass < 3; pass++) {
		st = tm_runner_step(r);
		assert_int_equal(st->ex_step, TM_STEP_REMEDIATION);
		assert_int_equal(st->kind, pass < 2 ? TM_RUN_EXERCISE : TM_RUN_EXERCISE_RESULT);
		assert_true(pass == 0 || st->resumed);
		assert_non_null(st->top_result);
		assert_non_null(st->top_submission);
		assert_int_equal(grader_submission_line_count(st->top_submission), 2);
		assert_int_equal(grader_result_found_count(st->top_result), found);
		assert_int_equal(grader_result_found_threat(st->top_result, 0), first);
		if (pass == 1) {
			assert_int_equal(tm_runner_answer(r, "fix it\n", &d), TM_OK);
			assert_non_null(tm_runner_step(r)->top_result);
		}
		tm_runner_free(r);
		r = runner(s, ann, "two", 2);
	}
	assert_int_equal(tm_runner_step(r)->kind, TM_RUN_EXERCISE_RESULT);
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	st = tm_runner_step(r);
	assert_int_equal(st->kind, TM_RUN_EXERCISE_KEY);
	assert_null(st->top_result);
	tm_runner_free(r);
	tm_store_close(s);
	tm_diags_release(&d);
}

/* A top three refused for too few picks is kept as the step's draft by the
 * runner, counted as the grader reads the list: the "Top three:" label line
 * over one pick is one pick, not two (tiny-ex wants two). The draft survives a
 * resume; too many picks drop it; the answer spends it. */
static void test_top_three_short_kept(void **state)
{
	(void)state;
	struct tm_diags d;
	long long ann = 0;
	const char *one = "Top three:\n- role field\n";
	tm_diags_init(&d);
	struct tm_store *s = ann_store("topshort", &ann);
	struct tm_runner *r = to_exercise_step(s, ann, TM_STEP_TOP_THREE);
	assert_null(tm_runner_step(r)->draft);
	assert_int_equal(tm_runner_answer(r, one, &d), TM_EUSAGE);
	assert_string_equal(d.items[0].text, "give exactly two threats, one per line (you gave 1)");
	tm_diags_release(&d);
	assert_non_null(tm_runner_step(r)->draft);
	assert_string_equal(tm_runner_step(r)->draft, one);
	tm_runner_free(r);
	r = runner(s, ann, "two", 2);                        /* resumed: still kept */
	assert_int_equal(tm_runner_step(r)->ex_step, TM_STEP_TOP_THREE);
	assert_non_null(tm_runner_step(r)->draft);
	assert_string_equal(tm_runner_step(r)->draft, one);
	/* too many (the kept pick and two more): the draft goes */
	assert_int_equal(tm_runner_answer(r, "Top three:\n- role field\n- no auth\n- logs\n", &d),
			 TM_EUSAGE);
	tm_diags_release(&d);
	assert_null(tm_runner_step(r)->draft);
	/* too many with no draft: nothing is kept */
	assert_int_equal(tm_runner_answer(r, "a\nb\nc\n", &d), TM_EUSAGE);
	tm_diags_release(&d);
	assert_null(tm_runner_step(r)->draft);
	/* too few again, then answered: the draft is spent */
	assert_int_equal(tm_runner_answer(r, "role field\n", &d), TM_EUSAGE);
	tm_diags_release(&d);
	assert_string_equal(tm_runner_step(r)->draft, "role field\n");
	/* the step's own draft given back as the answer (it was freed before
	 * being copied: make check's ASan saw the use after free) */
	assert_int_equal(tm_runner_answer(r, tm_runner_step(r)->draft, &d), TM_EUSAGE);
	tm_diags_release(&d);
	assert_string_equal(tm_runner_step(r)->draft, "role field\n");
	assert_int_equal(tm_runner_answer(r, "role field\nno auth\n", &d), TM_OK);
	tm_runner_free(r);
	r = runner(s, ann, "two", 2);
	assert_int_equal(tm_runner_step(r)->kind, TM_RUN_EXERCISE_RESULT);
	assert_null(tm_runner_step(r)->draft);
	tm_runner_free(r);
	tm_store_close(s);
	tm_diags_release(&d);
}

/* Progress counts the items the course has now: results stored for a module
 * since renamed or for an item past a module's end are not counted. */
static void test_progress_counts_current_items(void **state)
{
	(void)state;
	struct tm_diags d;
	long long ann = 0;
	tm_diags_init(&d);
	struct tm_store *s = ann_store("count", &ann);
	const struct tm_course *co = tm_content_find_course(content, "tiny");
	assert_int_equal(tm_store_complete_item(s, ann, "tiny", "one",
						"lesson:Welcome to the tiny course", 0, 0, true, NULL,
						&d), TM_OK);
	assert_int_equal(tm_store_complete_item(s, ann, "tiny", "one", "quiz:Removed", 0, 0, true,
						NULL, &d), TM_OK);
	for (int i = 0; i < 5; i++) {
		char key[16];
		snprintf(key, sizeof(key), "#%d", i);
		assert_int_equal(tm_store_complete_item(s, ann, "tiny", "one-old", key, 0, 0, true,
							NULL, &d), TM_OK);
	}
	size_t rows = 0;
	assert_int_equal(tm_store_items_done(s, ann, "tiny", NULL, &rows, &d), TM_OK);
	assert_int_equal(rows, 7);
	struct tm_course_progress p;
	assert_int_equal(tm_store_course_progress(s, ann, co, &p, &d), TM_OK);
	assert_int_equal(p.total, 5);
	assert_int_equal(p.done, 1);
	assert_int_equal(p.next_module, 0);
	assert_int_equal(p.next_item, 1);
	tm_store_close(s);
	tm_diags_release(&d);
}


/* ==== Resuming a quiz or an exercise the author has edited =========================== */

/* Writes content "edit" under dbdir/name: the fixture's lexicon and exercise, and
 * course "edit" with one module whose items are the YAML lines items (indented
 * two spaces); loads it. */
static struct tm_content *edited_content(const char *name, const char *items,
					 const char *ex_steps)
{
	char dir[256], cmd[1024], file[320];
	struct tm_diags d;
	struct tm_content *c = NULL;
	const char *src = getenv("TMDOJO_SRC");
	snprintf(dir, sizeof(dir), "%s/%s", dbdir, name);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' && mkdir -p '%s/courses/edit' && "
		 "cp -r '%s/tests/fixtures/learn/lexicon' '%s/tests/fixtures/learn/exercises' '%s/'",
		 dir, dir, src != NULL ? src : ".", src != NULL ? src : ".", dir);
	assert_int_equal(system(cmd), 0);
	if (ex_steps != NULL) {
		snprintf(cmd, sizeof(cmd), "sed -i 's/^steps: .*/steps: [%s]/' "
			 "'%s/exercises/tiny-ex/exercise.yaml'", ex_steps, dir);
		assert_int_equal(system(cmd), 0);
	}
	snprintf(file, sizeof(file), "%s/courses/edit/course.yaml", dir);
	FILE *f = fopen(file, "w");
	assert_non_null(f);
	fputs("id: edit\ntitle: Edit\npart: 1\nsummary: Edited.\nminutes: 5\n"
	      "objectives: [Edit]\nmodules: [m.yaml]\n", f);
	fclose(f);
	snprintf(file, sizeof(file), "%s/courses/edit/m.yaml", dir);
	f = fopen(file, "w");
	assert_non_null(f);
	fprintf(f, "id: m\ntitle: M\nobjectives: [Edit]\nitems:\n%ssummary: [S]\n", items);
	fclose(f);
	tm_diags_init(&d);
	int rc = tm_content_load(dir, &c, &d);
	if (rc != TM_OK)
		fail_msg("%s", d.count > 0 ? d.items[0].text : "content does not load");
	tm_diags_release(&d);
	return c;
}

/* A quiz (item 0) of true-false questions, all true, by id (q1 earns 5 points). */
static struct tm_content *tf_quiz(const char *name, int attempts, const char *const *ids,
				  size_t n)
{
	char items[2048];
	size_t at = (size_t)snprintf(items, sizeof(items), "  - quiz: Q\n    attempts: %d\n"
				     "    questions:\n", attempts);
	for (size_t i = 0; i < n; i++)
		at += (size_t)snprintf(items + at, sizeof(items) - at,
				       "      - {id: %s, type: true-false, prompt: P?, answer: true,"
				       " explanation: E%s}\n", ids[i],
				       strcmp(ids[i], "q1") == 0 ? ", points: 5" : "");
	return edited_content(name, items, NULL);
}

static struct tm_runner *edit_runner(const struct tm_content *c, struct tm_store *s,
				     long long learner)
{
	struct tm_diags d;
	struct tm_runner *r = NULL;
	tm_diags_init(&d);
	assert_int_equal(tm_runner_new(c, s, learner, "edit", NULL, 1, &r, &d), TM_OK);
	tm_diags_release(&d);
	return r;
}

/* Answers the current true-false question and moves past its feedback. */
static void answer_tf(struct tm_runner *r, const char *id, const char *ans)
{
	struct tm_diags d;
	tm_diags_init(&d);
	assert_int_equal(tm_runner_step(r)->kind, TM_RUN_QUESTION);
	assert_string_equal(tm_question_id(tm_runner_step(r)->question), id);
	assert_int_equal(tm_runner_answer(r, ans, &d), TM_OK);
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	tm_diags_release(&d);
}

/* Runs version one of a quiz with ids1 and attempts1, answering the first na
 * questions (answers[i], "true" is right); then resumes on version two with
 * ids2 and attempts2. */
static struct tm_runner *edit_quiz_and_resume(const char *name, struct tm_store *s, long long who,
					      int attempts1, const char *const *ids1, size_t n1,
					      const char *const *answers, size_t na,
					      int attempts2, const char *const *ids2, size_t n2,
					      struct tm_content **v2)
{
	struct tm_diags d;
	char vname[64];
	tm_diags_init(&d);
	snprintf(vname, sizeof(vname), "%s-1", name);
	struct tm_content *v1 = tf_quiz(vname, attempts1, ids1, n1);
	struct tm_runner *r = edit_runner(v1, s, who);
	assert_int_equal(tm_runner_next(r, &d), TM_OK);   /* the module's page */
	for (size_t i = 0; i < na; i++) {
		const char *id = tm_question_id(tm_runner_step(r)->question);
		answer_tf(r, id, answers[i]);
	}
	tm_runner_free(r);
	tm_content_free(v1);
	snprintf(vname, sizeof(vname), "%s-2", name);
	*v2 = tf_quiz(vname, attempts2, ids2, n2);
	tm_diags_release(&d);
	return edit_runner(*v2, s, who);
}

/* edit_quiz_and_resume() with the same attempts in both versions. */
static struct tm_runner *edit_and_resume(const char *name, struct tm_store *s, long long who,
					 int attempts, const char *const *ids1, size_t n1,
					 const char *const *answers, size_t na,
					 const char *const *ids2, size_t n2,
					 struct tm_content **v2)
{
	return edit_quiz_and_resume(name, s, who, attempts, ids1, n1, answers, na, attempts, ids2,
				    n2, v2);
}

/* Runs the quiz to its end answering "true"; checks the score shown. */
static void finish_tf(struct tm_runner *r, const char *const *expect_ids, size_t n,
		      double score, double max)
{
	for (size_t i = 0; i < n; i++)
		answer_tf(r, expect_ids[i], "true");
	const struct tm_run_step *st = tm_runner_step(r);
	assert_int_equal(st->kind, TM_RUN_QUIZ_END);
	if (st->score != score || st->max != max)
		fail_msg("quiz score %g of %g, expected %g of %g", st->score, st->max, score,
			 max);
}

/* An answer to a removed question stays in the store but counts for nothing;
 * the quiz goes on at the first current question not answered. */
static void test_resume_after_question_removed(void **state)
{
	(void)state;
	long long ann = 0;
	struct tm_diags d;
	struct tm_content *v2 = NULL;
	tm_diags_init(&d);
	struct tm_store *s = ann_store("removed", &ann);
	const char *v1[] = { "q1", "q2", "q3" }, *now[] = { "q2", "q3" }, *ans[] = { "true" };
	struct tm_runner *r = edit_and_resume("removed", s, ann, 1, v1, 3, ans, 1, now, 2, &v2);
	const struct tm_run_step *st = tm_runner_step(r);
	assert_true(st->resumed);
	assert_int_equal(st->question_index, 0);
	finish_tf(r, now, 2, 2, 2);
	size_t answers = 0;
	assert_int_equal(tm_store_answer_count(s, ann, "edit", &answers, &d), TM_OK);
	assert_int_equal(answers, 3);   /* q1's answer is kept */
	tm_runner_free(r);
	tm_content_free(v2);
	tm_store_close(s);
	tm_diags_release(&d);
}

/* A renamed question is a new one: asked, and the old id's answer not counted. */
static void test_resume_after_question_renamed(void **state)
{
	(void)state;
	long long ann = 0;
	struct tm_content *v2 = NULL;
	struct tm_store *s = ann_store("renamed", &ann);
	const char *v1[] = { "q1", "q2", "q3" }, *now[] = { "q1", "q2b", "q3" };
	const char *ans[] = { "true", "true" }, *rest[] = { "q2b", "q3" };
	struct tm_runner *r = edit_and_resume("renamed", s, ann, 1, v1, 3, ans, 2, now, 3, &v2);
	assert_int_equal(tm_runner_step(r)->question_index, 1);
	finish_tf(r, rest, 2, 7, 7);
	tm_runner_free(r);
	tm_content_free(v2);
	tm_store_close(s);
}

/* A question inserted before the place is asked first (the module's page is not
 * shown again), then the run skips the questions answered already. */
static void test_resume_after_question_inserted(void **state)
{
	(void)state;
	long long ann = 0;
	struct tm_content *v2 = NULL;
	struct tm_store *s = ann_store("inserted", &ann);
	const char *v1[] = { "q1", "q2", "q3" }, *now[] = { "q0", "q1", "q2", "q3" };
	const char *ans[] = { "true", "false" }, *rest[] = { "q0", "q3" };
	struct tm_runner *r = edit_and_resume("inserted", s, ann, 1, v1, 3, ans, 2, now, 4, &v2);
	assert_true(tm_runner_step(r)->resumed);
	assert_int_equal(tm_runner_step(r)->question_index, 0);
	assert_int_equal(tm_runner_step(r)->kind, TM_RUN_QUESTION);
	answer_tf(r, "q0", "true");
	assert_int_equal(tm_runner_step(r)->question_index, 3);   /* q1, q2 answered */
	finish_tf(r, rest + 1, 1, 7, 8);                           /* q2 was wrong */
	tm_runner_free(r);
	tm_content_free(v2);
	tm_store_close(s);
}

/* Reordered questions: the first current question not answered comes next,
 * wherever the answered ones moved; a question waiting for its second attempt
 * keeps the attempt it used. */
static void test_resume_after_questions_reordered(void **state)
{
	(void)state;
	long long ann = 0;
	struct tm_content *v2 = NULL;
	struct tm_store *s = ann_store("reordered", &ann);
	const char *v1[] = { "q1", "q2", "q3", "q4" }, *now[] = { "q3", "q4", "q1", "q2" };
	const char *ans[] = { "true", "false" };   /* q1 right; q2 wrong once, retry open */
	struct tm_runner *r = edit_and_resume("reordered", s, ann, 2, v1, 4, ans, 2, now, 4, &v2);
	const struct tm_run_step *st = tm_runner_step(r);
	assert_string_equal(tm_question_id(st->question), "q3");
	assert_int_equal(st->question_index, 0);
	assert_int_equal(st->attempt, 1);
	answer_tf(r, "q3", "true");
	answer_tf(r, "q4", "true");
	st = tm_runner_step(r);
	assert_int_equal(st->question_index, 3);   /* q1 done: skipped */
	assert_int_equal(st->attempt, 2);          /* q2's second attempt */
	/* right on the second try of a true/false question: no points */
	finish_tf(r, now + 3, 1, 7, 8);
	tm_runner_free(r);
	tm_content_free(v2);
	tm_store_close(s);
}

/* Runs version one of the quiz (attempts1) answering answers, stops; resumes on
 * the same questions with attempts2 allowed. */
static struct tm_runner *reattempt(const char *name, struct tm_store *s, long long who,
				   int attempts1, int attempts2, const char *const *answers,
				   size_t na, struct tm_content **v2)
{
	static const char *const ids[] = { "q1", "q2", "q3" };
	return edit_quiz_and_resume(name, s, who, attempts1, ids, 3, answers, na, attempts2, ids, 3,
				    v2);
}

/* Raising a quiz's attempts reopens no question whose last answer was final
 * (its answer was shown): q2, wrong on its only attempt, stays done at 0 when
 * the author allows three attempts or any number. */
static void test_raised_attempts_keep_final_answers(void **state)
{
	(void)state;
	long long ann = 0;
	struct tm_diags d;
	tm_diags_init(&d);
	struct tm_store *s = ann_store("raised", &ann);
	const char *ans[] = { "true", "false" }, *rest[] = { "q3" };
	struct tm_content *v2 = NULL;
	for (int raised = 3; raised >= 0; raised -= 3) {   /* 3, then 0 (no limit) */
		long long who = 0;
		char name[32];
		snprintf(name, sizeof(name), "raised%d", raised);
		assert_int_equal(tm_store_learner(s, name, &who, &d), TM_OK);
		struct tm_runner *r = reattempt(name, s, who, 1, raised, ans, 2, &v2);
		const struct tm_run_step *st = tm_runner_step(r);
		assert_true(st->resumed);
		assert_int_equal(st->kind, TM_RUN_QUESTION);
		assert_string_equal(tm_question_id(st->question), "q3");
		assert_int_equal(st->attempt, 1);
		finish_tf(r, rest, 1, 6, 7);
		tm_runner_free(r);
		tm_content_free(v2);
	}
	/* Two attempts used up on q1 (the second final), then three allowed. */
	const char *twice[] = { "false", "false" }, *after[] = { "q2", "q3" };
	struct tm_runner *r = reattempt("twice", s, ann, 2, 3, twice, 2, &v2);
	assert_string_equal(tm_question_id(tm_runner_step(r)->question), "q2");
	finish_tf(r, after, 2, 2, 7);
	tm_runner_free(r);
	tm_content_free(v2);
	tm_store_close(s);
	tm_diags_release(&d);
}

/* The question the learner stopped between tries of stays open when the limit
 * still allows another attempt (raised or not), and is done when it was
 * lowered to the attempts used. */
static void test_open_retry_follows_attempts(void **state)
{
	(void)state;
	struct tm_diags d;
	tm_diags_init(&d);
	struct tm_store *s = fresh_store("openretry");
	const char *ans[] = { "true", "false" };   /* q2 wrong once: retry open */
	const int now[] = { 2, 3, 0, 1 };
	for (size_t k = 0; k < sizeof(now) / sizeof(now[0]); k++) {
		long long who = 0;
		char name[32];
		struct tm_content *v2 = NULL;
		snprintf(name, sizeof(name), "open%d", now[k]);
		assert_int_equal(tm_store_learner(s, name, &who, &d), TM_OK);
		struct tm_runner *r = reattempt(name, s, who, 2, now[k], ans, 2, &v2);
		const struct tm_run_step *st = tm_runner_step(r);
		assert_true(st->resumed);
		if (now[k] == 1) {                         /* lowered: q2 is done */
			assert_string_equal(tm_question_id(st->question), "q3");
			assert_int_equal(st->attempt, 1);
		} else {
			assert_string_equal(tm_question_id(st->question), "q2");
			assert_int_equal(st->attempt, 2);
			answer_tf(r, "q2", "true");    /* right by elimination: 0 */
		}
		const char *rest[] = { "q3" };
		finish_tf(r, rest, 1, 6, 7);
		tm_runner_free(r);
		tm_content_free(v2);
	}
	tm_store_close(s);
	tm_diags_release(&d);
}

/* Questions removed before the one the learner stopped between tries of:
 * that one is still open, though the stored question number is now past the
 * quiz's end. */
static void test_open_retry_after_questions_removed(void **state)
{
	(void)state;
	long long ann = 0;
	struct tm_content *v2 = NULL;
	struct tm_store *s = ann_store("openremoved", &ann);
	const char *v1[] = { "q1", "q2", "q3" }, *now[] = { "q3" };
	const char *ans[] = { "true", "true", "false" };
	struct tm_runner *r = edit_and_resume("openremoved", s, ann, 2, v1, 3, ans, 3, now, 1,
					      &v2);
	const struct tm_run_step *st = tm_runner_step(r);
	assert_int_equal(st->kind, TM_RUN_QUESTION);
	assert_string_equal(tm_question_id(st->question), "q3");
	assert_int_equal(st->attempt, 2);
	finish_tf(r, now, 1, 0, 1);
	tm_runner_free(r);
	tm_content_free(v2);
	tm_store_close(s);
}

/* A quiz (item 0) of one multiple-choice question, m1 (four right choices of
 * five, 1 point), then a true-false one, t1; three attempts. */
static struct tm_content *partial_quiz(const char *name)
{
	return edited_content(name,
			      "  - quiz: Q\n    attempts: 3\n    questions:\n"
			      "      - {id: m1, type: multiple, prompt: P?, explanation: E,\n"
			      "         choices: [{text: A, correct: true}, {text: B, correct: true},\n"
			      "                   {text: C, correct: true}, {text: D, correct: true},\n"
			      "                   {text: E}]}\n"
			      "      - {id: t1, type: true-false, prompt: P?, answer: true,"
			      " explanation: E}\n",
			      NULL);
}

/* Answers m1 with the first `right` right choices as shown (no wrong one). */
static void answer_m1(struct tm_runner *r, size_t right)
{
	struct tm_diags d;
	char buf[32] = "";
	size_t at = 0, picked = 0;
	const struct tm_run_step *st = tm_runner_step(r);
	tm_diags_init(&d);
	assert_int_equal(st->kind, TM_RUN_QUESTION);
	assert_string_equal(tm_question_id(st->question), "m1");
	for (size_t k = 0; k < st->order_count && picked < right; k++)
		if (tm_question_choice_correct(st->question, st->order[k])) {
			at += (size_t)snprintf(buf + at, sizeof(buf) - at, "%c ", (char)('a' + k));
			picked++;
		}
	assert_int_equal(tm_runner_answer(r, buf, &d), TM_OK);
	tm_diags_release(&d);
}

/* A first answer 3 of 4 right is worth 0.75; a right second answer earns only
 * half. The question keeps the better of the two (it once forced a retry whose
 * best was 0.5), also across a stop between the tries and when the quiz is
 * resumed after the question. */
static void test_retry_keeps_first_partial_credit(void **state)
{
	(void)state;
	struct tm_diags d;
	long long ann = 0;
	tm_diags_init(&d);
	struct tm_store *s = ann_store("partial", &ann);
	struct tm_content *c = partial_quiz("partial");
	struct tm_runner *r = edit_runner(c, s, ann);
	assert_int_equal(tm_runner_next(r, &d), TM_OK);   /* the module's page */
	answer_m1(r, 3);
	const struct tm_run_step *st = tm_runner_step(r);
	assert_true(st->retry);
	assert_true(st->grade.score == 0.75);
	assert_true(st->earned == 0);
	assert_true(st->kept == 0.75);                    /* what the nudge says is kept */
	assert_int_equal(st->kept_attempt, 1);
	assert_true(st->next_credit == 0.5);
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	answer_m1(r, 4);
	st = tm_runner_step(r);
	assert_false(st->retry);
	assert_true(st->grade.correct);
	if (st->earned != 0.75)
		fail_msg("a right second answer after 0.75 earns %g, expected 0.75", st->earned);
	assert_int_equal(st->kept_attempt, 1);
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	answer_tf(r, "t1", "true");
	st = tm_runner_step(r);
	assert_int_equal(st->kind, TM_RUN_QUIZ_END);
	assert_true(st->score == 1.75 && st->max == 2);
	tm_runner_free(r);

	/* Stopped between the tries: the resumed question still keeps 0.75. */
	long long bea = 0;
	assert_int_equal(tm_store_learner(s, "bea", &bea, &d), TM_OK);
	r = edit_runner(c, s, bea);
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	answer_m1(r, 3);
	tm_runner_free(r);
	r = edit_runner(c, s, bea);
	st = tm_runner_step(r);
	assert_int_equal(st->attempt, 2);
	answer_m1(r, 4);
	assert_true(tm_runner_step(r)->earned == 0.75);
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	tm_runner_free(r);
	/* Resumed after it (at t1): the quiz counts 0.75 for m1, not 0.5. */
	r = edit_runner(c, s, bea);
	answer_tf(r, "t1", "true");
	st = tm_runner_step(r);
	assert_int_equal(st->kind, TM_RUN_QUIZ_END);
	if (st->score != 1.75 || st->max != 2)
		fail_msg("resumed quiz score %g of %g, expected 1.75 of 2", st->score, st->max);
	tm_runner_free(r);

	/* A later try that earns more counts: 1 of 4 (0.25), then right (0.5). */
	long long cy = 0;
	assert_int_equal(tm_store_learner(s, "cy", &cy, &d), TM_OK);
	r = edit_runner(c, s, cy);
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	answer_m1(r, 1);                                  /* 0.25 */
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	answer_m1(r, 4);                                  /* 0.5 on attempt 2 */
	st = tm_runner_step(r);
	assert_true(st->earned == 0.5);
	assert_int_equal(st->kept_attempt, 2);
	tm_runner_free(r);
	tm_content_free(c);
	tm_store_close(s);
	tm_diags_release(&d);
}

/* Tables of schema 7, which kept items by position, for a file as tmdojo wrote
 * it before migration 8. */
static const char schema7_tables[] =
	"DROP TABLE positions; DROP TABLE items; DROP TABLE answers; DROP TABLE seeds;"
	"DROP TABLE drafts; DROP TABLE refresher_answers;"
	"DROP INDEX team_sessions_by_held; ALTER TABLE team_sessions DROP COLUMN held;"
	"ALTER TABLE team_sessions DROP COLUMN lines_hash;"
	"ALTER TABLE gb_top DROP COLUMN closest; ALTER TABLE gb_top DROP COLUMN similarity;"
	"ALTER TABLE gb_submissions DROP COLUMN top_given;"
	"CREATE TABLE positions (learner INTEGER NOT NULL REFERENCES learners(id),"
	"  course TEXT NOT NULL, module TEXT NOT NULL, item INTEGER NOT NULL,"
	"  step INTEGER NOT NULL, attempt INTEGER NOT NULL, score REAL NOT NULL,"
	"  max REAL NOT NULL, updated INTEGER NOT NULL, PRIMARY KEY (learner, course));"
	"CREATE TABLE items (learner INTEGER NOT NULL REFERENCES learners(id),"
	"  course TEXT NOT NULL, module TEXT NOT NULL, item INTEGER NOT NULL,"
	"  score REAL NOT NULL, max REAL NOT NULL, passed INTEGER NOT NULL,"
	"  completed INTEGER NOT NULL, PRIMARY KEY (learner, course, module, item));"
	"CREATE TABLE answers (id INTEGER PRIMARY KEY,"
	"  learner INTEGER NOT NULL REFERENCES learners(id), course TEXT NOT NULL,"
	"  module TEXT NOT NULL, item INTEGER NOT NULL, question TEXT NOT NULL,"
	"  attempt INTEGER NOT NULL, answer TEXT NOT NULL, score REAL NOT NULL,"
	"  max REAL NOT NULL, correct INTEGER NOT NULL, time INTEGER NOT NULL);"
	"CREATE INDEX answers_by_learner ON answers (learner, course, module, item);"
	"CREATE TABLE seeds (learner INTEGER NOT NULL REFERENCES learners(id),"
	"  course TEXT NOT NULL, module TEXT NOT NULL, item INTEGER NOT NULL,"
	"  question TEXT NOT NULL, seed INTEGER NOT NULL,"
	"  PRIMARY KEY (learner, course, module, item, question));"
	"CREATE TABLE drafts (learner INTEGER NOT NULL REFERENCES learners(id),"
	"  course TEXT NOT NULL, module TEXT NOT NULL, item INTEGER NOT NULL,"
	"  question TEXT NOT NULL, text TEXT NOT NULL,"
	"  PRIMARY KEY (learner, course, module, item, question));"
	"CREATE TABLE refresher_answers (id INTEGER PRIMARY KEY,"
	"  learner INTEGER NOT NULL REFERENCES learners(id), course TEXT NOT NULL,"
	"  module TEXT NOT NULL, item INTEGER NOT NULL, question TEXT NOT NULL,"
	"  answer TEXT NOT NULL, score REAL NOT NULL, max REAL NOT NULL,"
	"  correct INTEGER NOT NULL, time INTEGER NOT NULL);"
	"CREATE INDEX refresher_answers_by_learner ON refresher_answers (learner, course);"
	"PRAGMA user_version = 7;";

/* The count query sql gives on the file at dbpath. */
static int count_in(const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

/* A file from before item keys: the upgrade keeps its rows by position ('#n'),
 * and the first run gives them the keys of the items at those positions, so
 * the learner resumes where they were and an author may reorder from then on. */
static void test_progress_by_position_adopted(void **state)
{
	(void)state;
	long long ann = 0;
	sqlite3 *db = NULL;
	struct tm_store *s = ann_store("schema7", &ann);
	tm_store_close(s);
	assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, schema7_tables, NULL, NULL, NULL), SQLITE_OK);
	/* the lesson done, the quiz's first question answered, the place after it */
	assert_int_equal(sqlite3_exec(db,
		"INSERT INTO items VALUES (1, 'tiny', 'one', 0, 0, 0, 1, 0);"
		"INSERT INTO answers VALUES (1, 1, 'tiny', 'one', 1, 't-single', 1, 'a', 1, 1, 1, 0);"
		"INSERT INTO seeds VALUES (1, 'tiny', 'one', 1, 't-single', 77);"
		"INSERT INTO positions VALUES (1, 'tiny', 'one', 1, 1, 0, 1, 1, 0);"
		"INSERT INTO items VALUES (1, 'gone', 'x', 3, 0, 0, 1, 0);"
		"INSERT INTO items VALUES (1, 'tiny', 'one', 7, 0, 0, 1, 0);", NULL, NULL, NULL),
		SQLITE_OK);
	sqlite3_close(db);

	s = fresh_store("schema7");   /* opening upgrades */
	assert_int_equal(count_in("SELECT count(*) FROM items WHERE item GLOB '#*'"), 3);
	/* readers take '#n' by position; digits alone are an item id */
	const struct tm_module *one = tm_course_find_module(tm_content_find_course(content, "tiny"),
							    "one");
	size_t at = 0;
	assert_non_null(tm_module_stored_item(one, "#1", &at));
	assert_int_equal(at, 1);
	assert_null(tm_module_stored_item(one, "1", &at));
	assert_null(tm_module_stored_item(one, "#7", &at));
	struct tm_runner *r = runner(s, ann, NULL, 1);
	const struct tm_run_step *st = tm_runner_step(r);
	assert_int_equal(st->kind, TM_RUN_QUESTION);
	assert_int_equal(st->item_index, 1);
	assert_int_equal(st->question_index, 1);
	tm_runner_free(r);
	assert_int_equal(count_in("SELECT count(*) FROM items WHERE course = 'tiny' AND"
				  " item = 'lesson:Welcome to the tiny course'"), 1);
	assert_int_equal(count_in("SELECT count(*) FROM answers WHERE item = 'quiz:Question types'"),
			 1);
	assert_int_equal(count_in("SELECT count(*) FROM seeds WHERE item = 'quiz:Question types'"
				  " AND question = 't-single' AND seed = 77"),
			 1);
	/* a course the content does not have keeps its row as it was; one past
	 * the module's end is gone, for no item added there later to take */
	assert_int_equal(count_in("SELECT count(*) FROM items WHERE item GLOB '#*'"), 1);
	assert_int_equal(count_in("SELECT count(*) FROM items WHERE item = 'gone#7'"), 1);
	tm_store_close(s);
}

/* A quiz finished before the edit keeps the result it was given. */
static void test_finished_quiz_not_rescored(void **state)
{
	(void)state;
	long long ann = 0;
	struct tm_diags d;
	struct tm_content *v2 = NULL;
	tm_diags_init(&d);
	struct tm_store *s = ann_store("finished", &ann);
	const char *v1[] = { "q1", "q2" }, *now[] = { "q2", "q3" };
	const char *ans[] = { "true", "false" };
	struct tm_runner *r = edit_and_resume("finished", s, ann, 1, v1, 2, ans, 2, now, 2, &v2);
	tm_runner_free(r);
	bool fin = false, passed = true;
	double score = 0, max = 0;
	assert_int_equal(tm_store_item_result(s, ann, "edit", "m", "quiz:Q", &fin, &score, &max,
					      &passed, &d), TM_OK);
	assert_true(fin && passed);
	assert_true(score == 5 && max == 6);
	tm_content_free(v2);
	tm_store_close(s);
	tm_diags_release(&d);
}

/* An exercise whose steps changed: the threats step, not answered yet, is not
 * skipped when a step before it is removed; a step put back is not asked again
 * when it was answered. */
static void test_resume_exercise_after_steps_changed(void **state)
{
	(void)state;
	long long ann = 0;
	struct tm_diags d;
	char buf[4096];
	tm_diags_init(&d);
	struct tm_store *s = ann_store("exsteps", &ann);
	struct tm_content *v1 = edited_content("exsteps-1", "  - exercise: tiny-ex\n", NULL);
	struct tm_runner *r = edit_runner(v1, s, ann);
	assert_int_equal(tm_runner_next(r, &d), TM_OK);   /* module page */
	assert_int_equal(tm_runner_next(r, &d), TM_OK);   /* read */
	for (int i = 0; i < 2; i++) {                     /* assets, scope */
		assert_int_equal(tm_runner_answer(r, "something", &d), TM_OK);
		assert_int_equal(tm_runner_next(r, &d), TM_OK);
	}
	assert_int_equal(tm_runner_step(r)->ex_step, TM_STEP_THREATS);
	tm_runner_free(r);
	tm_content_free(v1);

	struct tm_content *v2 = edited_content("exsteps-2", "  - exercise: tiny-ex\n",
					       "read, assets, threats, top-three, remediation");
	r = edit_runner(v2, s, ann);
	const struct tm_run_step *st = tm_runner_step(r);
	assert_true(st->resumed);
	assert_int_equal(st->kind, TM_RUN_EXERCISE);
	assert_int_equal(st->ex_step, TM_STEP_THREATS);
	exercise_answer(st, buf, sizeof(buf));
	assert_int_equal(tm_runner_answer(r, buf, &d), TM_OK);
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	assert_int_equal(tm_runner_step(r)->ex_step, TM_STEP_TOP_THREE);
	tm_runner_free(r);

	/* scope back before threats: answered, so the run goes on at the top three
	 * (the stored step, 3, is now the threats step, answered and left) */
	struct tm_content *v3 = edited_content("exsteps-3", "  - exercise: tiny-ex\n", NULL);
	r = edit_runner(v3, s, ann);
	assert_int_equal(tm_runner_step(r)->ex_step, TM_STEP_TOP_THREE);
	tm_runner_free(r);
	tm_content_free(v3);
	tm_content_free(v2);

	tm_store_close(s);
	tm_diags_release(&d);
}

/* ==== Retakes ======================================================================== */

/* Answers (or acknowledges) steps until the current one is of kind, answering
 * questions and exercise steps right; the exercise's threats step stops it
 * too when want_threats. */
static void go_to(struct tm_runner *r, enum tm_run_kind kind, bool want_threats)
{
	struct tm_diags d;
	char buf[4096];
	tm_diags_init(&d);
	for (int guard = 0; guard < 200; guard++) {
		const struct tm_run_step *st = tm_runner_step(r);
		if (st->kind == kind &&
		    (!want_threats || (st->asks && st->ex_step == TM_STEP_THREATS)))
			break;
		if (st->kind == TM_RUN_QUESTION) {
			right_answer(st, buf, sizeof(buf));
			assert_int_equal(tm_runner_answer(r, buf, &d), TM_OK);
		} else if (st->kind == TM_RUN_EXERCISE && st->asks) {
			exercise_answer(st, buf, sizeof(buf));
			assert_int_equal(tm_runner_answer(r, buf, &d), TM_OK);
		} else {
			assert_int_equal(tm_runner_next(r, &d), TM_OK);
		}
	}
	assert_int_equal(tm_runner_step(r)->kind, kind);
	tm_diags_release(&d);
}

/* A retake of a finished course stopped anywhere resumes there, as a first
 * pass does: between a question's tries, at a later question with the points
 * so far, at a module's end (the next module), at an exercise step's result;
 * a retake gone through to the end starts over next time. */
static void test_retake_resumes_where_stopped(void **state)
{
	(void)state;
	struct tm_diags d;
	struct tally t = { 0 };
	long long ann = 0;
	tm_diags_init(&d);
	struct tm_store *s = ann_store("retake", &ann);
	struct tm_runner *r = runner(s, ann, NULL, 5);
	run_perfect(r, &t);
	tm_runner_free(r);

	r = runner(s, ann, NULL, 5);                         /* the retake */
	assert_false(tm_runner_step(r)->resumed);
	to_first_question(r);
	answer(r, true);
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	answer(r, true);
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	assert_string_equal(tm_question_id(tm_runner_step(r)->question), "t-tf");
	answer(r, false);
	assert_true(tm_runner_step(r)->retry);
	tm_runner_free(r);                                   /* stopped between tries */

	r = runner(s, ann, NULL, 5);
	const struct tm_run_step *st = tm_runner_step(r);
	assert_true(st->resumed);
	assert_int_equal(st->kind, TM_RUN_QUESTION);
	assert_int_equal(st->module_index, 0);
	assert_string_equal(tm_question_id(st->question), "t-tf");
	assert_int_equal(st->attempt, 2);
	answer(r, true);                                     /* two choices: earns nothing */
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	size_t at = tm_runner_step(r)->question_index;
	tm_runner_free(r);                                   /* stopped at the next question */

	r = runner(s, ann, NULL, 5);
	st = tm_runner_step(r);
	assert_true(st->resumed);
	assert_int_equal(st->kind, TM_RUN_QUESTION);
	assert_int_equal(st->question_index, at);
	assert_int_equal(st->attempt, 1);
	go_to(r, TM_RUN_QUIZ_END, false);
	st = tm_runner_step(r);
	assert_true(st->score == 7 && st->max == 8);         /* the retake's points kept */
	go_to(r, TM_RUN_MODULE_END, false);
	tm_runner_free(r);                                   /* stopped at module one's end */

	r = runner(s, ann, NULL, 5);
	st = tm_runner_step(r);
	assert_true(st->resumed);
	assert_int_equal(st->kind, TM_RUN_MODULE);
	assert_int_equal(st->module_index, 1);
	go_to(r, TM_RUN_EXERCISE, true);
	size_t step = tm_runner_step(r)->ex_step_index;
	char buf[4096];
	exercise_answer(tm_runner_step(r), buf, sizeof(buf));
	assert_int_equal(tm_runner_answer(r, buf, &d), TM_OK);
	assert_int_equal(tm_runner_step(r)->kind, TM_RUN_EXERCISE_RESULT);
	tm_runner_free(r);                                   /* stopped at the threats' result */

	r = runner(s, ann, NULL, 5);
	st = tm_runner_step(r);
	assert_true(st->resumed);
	assert_int_equal(st->kind, TM_RUN_EXERCISE_RESULT);
	assert_int_equal(st->module_index, 1);
	assert_int_equal(st->ex_step_index, step);
	go_to(r, TM_RUN_DONE, false);
	tm_runner_free(r);

	r = runner(s, ann, NULL, 5);                         /* done: starts over */
	st = tm_runner_step(r);
	assert_false(st->resumed);
	assert_int_equal(st->kind, TM_RUN_MODULE);
	assert_int_equal(st->module_index, 0);
	tm_runner_free(r);
	tm_store_close(s);
	tm_diags_release(&d);
}

/* A module retake resumes too; a position a first pass left behind (another
 * run finished the module since) does not make a retake start in the middle. */
static void test_retake_of_module(void **state)
{
	(void)state;
	struct tm_diags d;
	struct tally t = { 0 };
	long long ann = 0;
	tm_diags_init(&d);
	struct tm_store *s = ann_store("retake-module", &ann);
	struct tm_runner *r = runner(s, ann, "one", 5);
	to_first_question(r);
	answer(r, true);
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	answer(r, true);
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	tm_runner_free(r);                                   /* a first pass, stopped */
	r = runner(s, ann, NULL, 5);
	run_perfect(r, &t);                                  /* the course run finishes it */
	tm_runner_free(r);

	r = runner(s, ann, "one", 5);
	const struct tm_run_step *st = tm_runner_step(r);
	assert_false(st->resumed);
	assert_int_equal(st->kind, TM_RUN_MODULE);
	to_first_question(r);
	assert_int_equal(tm_runner_step(r)->question_index, 0);
	answer(r, true);
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	tm_runner_free(r);                                   /* the retake, stopped */

	r = runner(s, ann, "one", 5);
	st = tm_runner_step(r);
	assert_true(st->resumed);
	assert_int_equal(st->kind, TM_RUN_QUESTION);
	assert_int_equal(st->question_index, 1);
	tm_runner_free(r);
	r = runner(s, ann, NULL, 5);                         /* the course's own retake */
	st = tm_runner_step(r);
	assert_false(st->resumed);
	assert_int_equal(st->kind, TM_RUN_MODULE);
	assert_int_equal(st->module_index, 0);
	tm_runner_free(r);
	tm_store_close(s);
	tm_diags_release(&d);
}

/* A pass through a module that finishes it supersedes the other run's retake
 * stopped inside it: a course retake clears a stopped module retake's position
 * (the module run starts over), and a module run moves a stopped course
 * retake on to the next module (it does not ask the finished module again). */
static void test_finished_pass_supersedes_stopped_retake(void **state)
{
	(void)state;
	struct tm_diags d;
	struct tally t = { 0 };
	long long ann = 0;
	tm_diags_init(&d);
	struct tm_store *s = ann_store("retake-superseded", &ann);
	struct tm_runner *r = runner(s, ann, NULL, 5);
	run_perfect(r, &t);                                  /* the first pass */
	tm_runner_free(r);
	r = runner(s, ann, "one", 5);
	to_first_question(r);
	answer(r, true);
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	tm_runner_free(r);                                   /* a module retake, stopped */
	r = runner(s, ann, NULL, 5);
	run_perfect(r, &t);                                  /* a course retake, finished */
	tm_runner_free(r);
	r = runner(s, ann, "one", 5);
	const struct tm_run_step *st = tm_runner_step(r);
	assert_false(st->resumed);                           /* not the stale question 2 */
	assert_int_equal(st->kind, TM_RUN_MODULE);
	to_first_question(r);
	assert_int_equal(tm_runner_step(r)->question_index, 0);
	tm_runner_free(r);

	r = runner(s, ann, NULL, 5);
	to_first_question(r);
	answer(r, true);
	assert_int_equal(tm_runner_next(r, &d), TM_OK);
	tm_runner_free(r);                                   /* a course retake, stopped in one */
	r = runner(s, ann, "one", 5);
	run_perfect(r, &t);                                  /* module one gone through */
	tm_runner_free(r);
	r = runner(s, ann, NULL, 5);
	st = tm_runner_step(r);
	assert_true(st->resumed);                            /* the retake goes on after one */
	assert_int_equal(st->kind, TM_RUN_MODULE);
	assert_int_equal(st->module_index, 1);
	tm_runner_free(r);
	tm_store_close(s);
	tm_diags_release(&d);
}

/* A remediation line that accepts the risk, and the parts of its record (review
 * of session 17: an accepted risk got the fixes and a due window). */
static void test_remediation_acceptance(void **state)
{
	(void)state;
	unsigned all = TM_ACCEPT_SAID | TM_ACCEPT_OWNER | TM_ACCEPT_REVIEW | TM_ACCEPT_REASON;
	assert_int_equal(tm_remediation_acceptance("accept the risk, owner Sam, review date end "
						   "of Q3"),
			 TM_ACCEPT_SAID | TM_ACCEPT_OWNER | TM_ACCEPT_REVIEW);
	assert_int_equal(tm_remediation_acceptance("Risk accepted by Dana because it is internal; "
						   "revisit in March"), all);
	assert_int_equal(tm_remediation_acceptance("We won\xe2\x80\x99t fix it"), TM_ACCEPT_SAID);
	assert_int_equal(tm_remediation_acceptance("RISK ACCEPTANCE since the service retires"),
			 TM_ACCEPT_SAID | TM_ACCEPT_REASON);
	/* a fix, even one that names an owner and a review, accepts nothing */
	assert_int_equal(tm_remediation_acceptance("egress proxy, owner Ana, code review Friday"), 0);
	assert_int_equal(tm_remediation_acceptance("accept only https URLs"), 0);
	assert_int_equal(tm_remediation_acceptance(""), 0);
	assert_int_equal(tm_remediation_acceptance(NULL), 0);
}

/* Refusing a risk is no acceptance; "no owner" is no owner; "code review" is no
 * review date (review of session 17: substring matches read all three the other
 * way). */
static void test_remediation_acceptance_negated(void **state)
{
	(void)state;
	assert_int_equal(tm_remediation_acceptance("We cannot accept the risk here: ticket to run "
						   "reports under a per-tenant role"), 0);
	assert_int_equal(tm_remediation_acceptance("Never accept risk on tenant SQL"), 0);
	assert_int_equal(tm_remediation_acceptance("Not a candidate for risk acceptance, fix now"), 0);
	assert_int_equal(tm_remediation_acceptance("we can't accept the risk"), 0);
	assert_int_equal(tm_remediation_acceptance("we don\xe2\x80\x99t accept this risk"), 0);
	/* a negation does not reach past its clause; "won't fix" is itself one */
	assert_int_equal(tm_remediation_acceptance("no budget this year, so we accept the risk"),
			 TM_ACCEPT_SAID);
	assert_int_equal(tm_remediation_acceptance("won't fix"), TM_ACCEPT_SAID);
	assert_int_equal(tm_remediation_acceptance("Risk accepted, no owner yet and no date; "
						   "code review would catch misuse"),
			 TM_ACCEPT_SAID);
	assert_int_equal(tm_remediation_acceptance("accept the risk without an owner, no review "
						   "date"), TM_ACCEPT_SAID);
	assert_int_equal(tm_remediation_acceptance("accept the risk; peer review by Ana, security "
						   "review of the module"), TM_ACCEPT_SAID);
	/* "or" goes on with the negation ("no owner or review date"), and a
	 * refusal after the acceptance takes it back (the final read's lines) */
	assert_int_equal(tm_remediation_acceptance("accept the risk without an owner or a review "
						   "date"), TM_ACCEPT_SAID);
	assert_int_equal(tm_remediation_acceptance("B7: accept the risk, no owner or review date "
						   "yet"), TM_ACCEPT_SAID);
	assert_int_equal(tm_remediation_acceptance("B5: accepting the risk isn't an option, we fix "
						   "it"), 0);
	assert_int_equal(tm_remediation_acceptance("B8: accepting the risk is not acceptable here, "
						   "fix it in the sprint"), 0);
	assert_int_equal(tm_remediation_acceptance("risk acceptance was rejected by the CISO"), 0);
	assert_int_equal(tm_remediation_acceptance("accept the risk, not great, owner Dana"),
			 TM_ACCEPT_SAID | TM_ACCEPT_OWNER);
	/* a dated review counts, in its usual shapes */
	const char *dated[] = {
		"accept the risk, review in 6 weeks", "accept the risk, review next quarter",
		"accept the risk, review 2027-01-15", "accept the risk, review in March",
		"accept the risk, quarterly review", "accept the risk, review by Q2",
		"accept the risk, reassess after the migration", NULL,
	};
	for (size_t i = 0; dated[i] != NULL; i++)
		assert_int_equal(tm_remediation_acceptance(dated[i]),
				 TM_ACCEPT_SAID | TM_ACCEPT_REVIEW);
	assert_int_equal(tm_remediation_acceptance("accept the risk, we will review it"),
			 TM_ACCEPT_SAID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_perfect_run_without_store),
		cmocka_unit_test(test_perfect_run_with_store),
		cmocka_unit_test(test_attempts_and_hints),
		cmocka_unit_test(test_resume_same_question_same_order),
		cmocka_unit_test(test_learners_apart),
		cmocka_unit_test(test_one_module_and_exercise_retry),
		cmocka_unit_test(test_top_three_count),
		cmocka_unit_test(test_quiz_end_store_failure),
		cmocka_unit_test(test_exercise_step_store_failure),
		cmocka_unit_test(test_retry_earns_less),
		cmocka_unit_test(test_retry_keeps_first_partial_credit),
		cmocka_unit_test(test_threat_question_result_and_list),
		cmocka_unit_test(test_module_out_of_order_keeps_place),
		cmocka_unit_test(test_resumed_threats_keep_lines_and_score),
		cmocka_unit_test(test_resume_at_threats_result),
		cmocka_unit_test(test_resume_at_step_result),
		cmocka_unit_test(test_remediation_has_top_three),
		cmocka_unit_test(test_top_three_short_kept),
		cmocka_unit_test(test_last_answer_shows_wrong_tries),
		cmocka_unit_test(test_resumed_last_answer_shows_wrong_tries),
		cmocka_unit_test(test_progress_counts_current_items),
		cmocka_unit_test(test_resume_after_question_removed),
		cmocka_unit_test(test_resume_after_question_renamed),
		cmocka_unit_test(test_resume_after_question_inserted),
		cmocka_unit_test(test_resume_after_questions_reordered),
		cmocka_unit_test(test_finished_quiz_not_rescored),
		cmocka_unit_test(test_progress_by_position_adopted),
		cmocka_unit_test(test_raised_attempts_keep_final_answers),
		cmocka_unit_test(test_open_retry_follows_attempts),
		cmocka_unit_test(test_open_retry_after_questions_removed),
		cmocka_unit_test(test_resume_exercise_after_steps_changed),
		cmocka_unit_test(test_retake_resumes_where_stopped),
		cmocka_unit_test(test_retake_of_module),
		cmocka_unit_test(test_finished_pass_supersedes_stopped_retake),
		cmocka_unit_test(test_remediation_acceptance),
		cmocka_unit_test(test_remediation_acceptance_negated),
	};
	return cmocka_run_group_tests_name("runner", tests, setup, teardown);
}
