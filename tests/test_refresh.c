/*
 * test_refresh.c: the personal refresher (engine/refresh.c). Which questions
 * are picked (first attempt wrong, or last answer wrong in the course or a
 * refresher), in which order, how many,
 * spread over tags, one course only, questions the content no longer has,
 * threat lists left out; and that answering them changes neither progress nor
 * the first attempts that cohort item analysis reads.
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
#include "store_internal.h"

static struct tm_content *content;   /* tests/fixtures/refresh: tagged questions */
static struct tm_content *tiny;      /* tests/fixtures/learn: has a threat list */
static char dbdir[64];

static struct tm_content *load(const char *sub)
{
	struct tm_diags d;
	struct tm_content *c = NULL;
	char root[512];
	const char *src = getenv("TMDOJO_SRC");
	snprintf(root, sizeof(root), "%s/tests/fixtures/%s", src != NULL ? src : ".", sub);
	tm_diags_init(&d);
	tm_content_load(root, &c, &d);
	tm_diags_release(&d);
	return c;
}

static int setup(void **state)
{
	(void)state;
	content = load("refresh");
	tiny = load("learn");
	snprintf(dbdir, sizeof(dbdir), "/tmp/tmrefresh-XXXXXX");
	if (mkdtemp(dbdir) == NULL)
		return -1;
	return content != NULL && tiny != NULL ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[160];
	tm_content_free(content);
	tm_content_free(tiny);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dbdir);
	return system(cmd) == 0 ? 0 : -1;
}

static struct tm_store *fresh_store(const char *name, long long *learner)
{
	struct tm_diags d;
	struct tm_store *s = NULL;
	char path[160];
	snprintf(path, sizeof(path), "%s/%s.db", dbdir, name);
	tm_diags_init(&d);
	assert_int_equal(tm_store_open(path, 100, &s, &d), TM_OK);
	assert_int_equal(tm_store_learner(s, "ann", learner, &d), TM_OK);
	tm_diags_release(&d);
	return s;
}

/* One answer as learn records it. */
static void record(struct tm_store *s, long long learner, const char *course,
		   const char *module, const char *item, const char *question, int attempt,
		   bool correct)
{
	struct tm_diags d;
	struct tm_answer_record a = {
		.course = course, .module = module, .item = item, .question = question,
		.attempt = attempt, .answer = correct ? "true" : "false",
		.score = correct ? 1 : 0, .max = 1, .correct = correct,
	};
	tm_diags_init(&d);
	assert_int_equal(tm_store_record_answer(s, learner, &a, NULL, &d), TM_OK);
	tm_diags_release(&d);
}

static void wrong(struct tm_store *s, long long learner, const char *question)
{
	record(s, learner, "tags", "m", "#1", question, 1, false);
}

static struct tm_refresh *pick(struct tm_store *s, const struct tm_content *c, long long learner,
			       const char *course, size_t max)
{
	struct tm_diags d;
	struct tm_refresh *r = NULL;
	tm_diags_init(&d);
	assert_int_equal(tm_refresh_pick(s, c, learner, course, max, false, &r, &d), TM_OK);
	tm_diags_release(&d);
	assert_non_null(r);
	return r;
}

/* The picked question ids joined by spaces, into buf. */
static const char *ids(const struct tm_refresh *r, char *buf, size_t size)
{
	buf[0] = '\0';
	for (size_t i = 0; i < tm_refresh_count(r); i++) {
		size_t n = strlen(buf);
		snprintf(buf + n, size - n, "%s%s", i ? " " : "",
			 tm_question_id(tm_refresh_get(r, i)->question));
	}
	return buf;
}

/* ==== Selection ============================================================= */

static void test_order_and_criteria(void **state)
{
	(void)state;
	long long ann;
	char buf[256];
	struct tm_store *s = fresh_store("order", &ann);
	wrong(s, ann, "s1");                            /* wrong, never right */
	record(s, ann, "tags", "m", "#1", "s2", 1, true);  /* right at once: not picked */
	wrong(s, ann, "t1");                            /* wrong first, right later */
	record(s, ann, "tags", "m", "#1", "t1", 2, true);
	wrong(s, ann, "u1");
	record(s, ann, "tags", "m", "#1", "exercise:threats", 1, false);   /* not a question */
	struct tm_refresh *r = pick(s, content, ann, NULL, 0);
	assert_string_equal(ids(r, buf, sizeof(buf)), "u1 t1 s1");   /* most recent first */
	const struct tm_refresh_item *it = tm_refresh_get(r, 1);
	assert_string_equal(tm_course_id(it->course), "tags");
	assert_string_equal(tm_module_id(it->module), "m");
	assert_int_equal(it->item_index, 1);
	assert_int_equal(it->question_index, 4);
	assert_string_equal(it->last_answer, "true");   /* the latest answer */
	assert_true(it->last_correct);
	assert_true(it->last_time > 0);
	tm_refresh_free(r);
	/* answering s1 again later makes it the most recent */
	wrong(s, ann, "s1");
	r = pick(s, content, ann, NULL, 0);
	assert_string_equal(ids(r, buf, sizeof(buf)), "s1 u1 t1");
	tm_refresh_free(r);
	/* another learner sees none of it */
	long long bob;
	assert_int_equal(tm_store_learner(s, "bob", &bob, NULL), TM_OK);
	r = pick(s, content, bob, NULL, 0);
	assert_int_equal(tm_refresh_count(r), 0);
	tm_refresh_free(r);
	tm_store_close(s);
}

static void test_limit_and_default(void **state)
{
	(void)state;
	long long ann;
	char buf[256];
	struct tm_store *s = fresh_store("limit", &ann);
	wrong(s, ann, "s1");
	wrong(s, ann, "s2");
	struct tm_refresh *r = pick(s, content, ann, NULL, 1);
	assert_int_equal(tm_refresh_count(r), 1);
	assert_string_equal(ids(r, buf, sizeof(buf)), "s2");
	tm_refresh_free(r);
	r = pick(s, content, ann, NULL, 0);   /* 0: the default, 10 */
	assert_int_equal(tm_refresh_count(r), 2);
	tm_refresh_free(r);
	tm_store_close(s);
}

static void test_spread_over_tags(void **state)
{
	(void)state;
	long long ann;
	char buf[256];
	struct tm_store *s = fresh_store("spread", &ann);
	wrong(s, ann, "u1");   /* untagged, oldest */
	wrong(s, ann, "t1");   /* tampering */
	wrong(s, ann, "s1");   /* spoofing x4, the most recent */
	wrong(s, ann, "s2");
	wrong(s, ann, "s3");
	wrong(s, ann, "s4");
	/* by recency alone: s4 s3 s2; spread: one spoofing, then the other tags */
	struct tm_refresh *r = pick(s, content, ann, NULL, 3);
	assert_string_equal(ids(r, buf, sizeof(buf)), "s4 t1 u1");
	tm_refresh_free(r);
	/* with room for more, spoofing comes back, most recent first */
	r = pick(s, content, ann, NULL, 4);
	assert_string_equal(ids(r, buf, sizeof(buf)), "s4 s3 t1 u1");
	tm_refresh_free(r);
	/* room for all: recency order, nothing left out */
	r = pick(s, content, ann, NULL, 10);
	assert_string_equal(ids(r, buf, sizeof(buf)), "s4 s3 s2 s1 t1 u1");
	tm_refresh_free(r);
	tm_store_close(s);
}

/* A question's STRIDE categories count as its tags: x1 carries tampering only
 * in stride:, so it and t1 are one category and the untagged u1 comes in. */
static void test_spread_over_stride(void **state)
{
	(void)state;
	long long ann;
	char buf[256];
	struct tm_store *s = fresh_store("stride", &ann);
	wrong(s, ann, "u1");   /* untagged, oldest */
	wrong(s, ann, "t1");   /* tags: tampering */
	wrong(s, ann, "x1");   /* tags: signing; stride: tampering; the most recent */
	struct tm_refresh *r = pick(s, content, ann, NULL, 2);
	assert_string_equal(ids(r, buf, sizeof(buf)), "x1 u1");
	tm_refresh_free(r);
	tm_store_close(s);
}

static void test_course_filter(void **state)
{
	(void)state;
	long long ann;
	char buf[256];
	struct tm_diags d;
	struct tm_refresh *r = NULL;
	struct tm_store *s = fresh_store("course", &ann);
	wrong(s, ann, "s1");
	record(s, ann, "other", "x", "#0", "o1", 1, false);
	r = pick(s, content, ann, NULL, 0);
	assert_string_equal(ids(r, buf, sizeof(buf)), "o1 s1");
	tm_refresh_free(r);
	r = pick(s, content, ann, "tags", 0);
	assert_string_equal(ids(r, buf, sizeof(buf)), "s1");
	tm_refresh_free(r);
	r = pick(s, content, ann, "other", 0);
	assert_string_equal(ids(r, buf, sizeof(buf)), "o1");
	tm_refresh_free(r);
	tm_diags_init(&d);
	r = NULL;
	assert_int_equal(tm_refresh_pick(s, content, ann, "nope", 0, false, &r, &d), TM_ENOTFOUND);
	assert_null(r);
	assert_string_equal(d.items[0].text, "no course 'nope'");
	tm_diags_release(&d);
	tm_store_close(s);
}

static void test_removed_and_moved_questions(void **state)
{
	(void)state;
	long long ann;
	char buf[256];
	struct tm_store *s = fresh_store("removed", &ann);
	record(s, ann, "gone", "m", "#1", "s1", 1, false);      /* course removed */
	record(s, ann, "tags", "gone", "#1", "s1", 1, false);   /* module removed, but s1 is
								 * in m now: found by id */
	record(s, ann, "tags", "m", "#1", "gone", 1, false);    /* question removed */
	record(s, ann, "tags", "m", "#7", "t1", 1, false);      /* quiz moved: found by id */
	record(s, ann, "tags", "m", "#1", "t1", 1, false);      /* the same question: once */
	struct tm_refresh *r = pick(s, content, ann, NULL, 0);
	assert_string_equal(ids(r, buf, sizeof(buf)), "t1 s1");
	assert_int_equal(tm_refresh_get(r, 0)->item_index, 1);
	assert_string_equal(tm_module_id(tm_refresh_get(r, 1)->module), "m");
	tm_refresh_free(r);
	tm_store_close(s);
}

static void test_threat_lists_left_out(void **state)
{
	(void)state;
	long long ann;
	char buf[256];
	struct tm_store *s = fresh_store("threats", &ann);
	record(s, ann, "tiny", "two", "#1", "t-threats", 1, false);
	record(s, ann, "tiny", "one", "#1", "t-single", 1, false);
	struct tm_refresh *r = pick(s, tiny, ann, NULL, 0);
	assert_string_equal(ids(r, buf, sizeof(buf)), "t-single");
	/* the display order is the one learn showed (no seed stored: as written) */
	const struct tm_refresh_item *it = tm_refresh_get(r, 0);
	assert_int_equal(it->order_count, 3);
	for (size_t k = 0; k < it->order_count; k++)
		assert_int_equal(it->order[k], k);
	tm_refresh_free(r);
	tm_store_close(s);
}

static void test_stored_seed_gives_learns_order(void **state)
{
	(void)state;
	long long ann;
	unsigned seed = 12345;
	struct tm_store *s = fresh_store("seed", &ann);
	assert_int_equal(tm_store_seed(s, ann, "tiny", "one", "#1", "t-single", &seed, NULL), TM_OK);
	record(s, ann, "tiny", "one", "#1", "t-single", 1, false);
	struct tm_refresh *r = pick(s, tiny, ann, NULL, 0);
	size_t want[3];
	tm_quiz_shuffle(12345, want, 3);
	assert_int_equal(tm_refresh_count(r), 1);
	assert_memory_equal(tm_refresh_get(r, 0)->order, want, sizeof(want));
	tm_refresh_free(r);
	tm_store_close(s);
}

/* Ordering items and matching options are never shown in the author's order
 * ("a b c d" would always be right): not when no seed was kept for them (a
 * quiz with shuffle: false, before they always shuffled), nor when the seed
 * kept is 0; choices kept without a seed keep the order learn showed. */
static void assert_not_identity(const struct tm_refresh_item *it)
{
	bool identity = true;
	assert_non_null(it->order);
	for (size_t k = 0; k < it->order_count; k++)
		identity = identity && it->order[k] == k;
	assert_false(identity);
}

static void test_ordering_matching_never_author_order(void **state)
{
	(void)state;
	long long ann;
	unsigned zero = 0;
	struct tm_store *s = fresh_store("never-author", &ann);
	assert_int_equal(tm_store_seed(s, ann, "tiny", "one", "#1", "t-match", &zero, NULL), TM_OK);
	assert_int_equal(zero, 0);
	record(s, ann, "tiny", "one", "#1", "t-order", 1, false);   /* no seed */
	record(s, ann, "tiny", "one", "#1", "t-match", 1, false);   /* seed 0 */
	record(s, ann, "tiny", "one", "#1", "t-single", 1, false);  /* no seed */
	struct tm_refresh *r = pick(s, tiny, ann, NULL, 0);
	assert_int_equal(tm_refresh_count(r), 3);
	for (size_t i = 0; i < tm_refresh_count(r); i++) {
		const struct tm_refresh_item *it = tm_refresh_get(r, i);
		const char *id = tm_question_id(it->question);
		if (strcmp(id, "t-single") == 0) {
			for (size_t k = 0; k < it->order_count; k++)
				assert_int_equal(it->order[k], k);
		} else {
			assert_not_identity(it);
		}
	}
	tm_refresh_free(r);
	tm_store_close(s);
}

/* ==== Answering changes no progress ============================================ */

struct snapshot {
	char *export;
	size_t items_done;
	size_t answers;
	size_t answered, correct;   /* item analysis of s1 */
};

static void take(struct tm_store *s, struct tm_gradebook *g, long long ann, struct snapshot *out)
{
	struct tm_items *its = NULL;
	memset(out, 0, sizeof(*out));
	assert_int_equal(tm_store_export_json(s, ann, &out->export, NULL), TM_OK);
	assert_int_equal(tm_store_items_done(s, ann, "tags", NULL, &out->items_done, NULL), TM_OK);
	assert_int_equal(tm_store_answer_count(s, ann, NULL, &out->answers, NULL), TM_OK);
	assert_int_equal(tm_items_analyze(g, content, "class", &its, NULL), TM_OK);
	for (size_t i = 0; i < tm_items_count(its); i++) {
		const struct tm_item_stats *st = tm_items_get(its, i);
		if (strcmp(st->question, "s1") == 0) {
			out->answered = st->answered;
			out->correct = st->correct;
		}
	}
	tm_items_free(its);
}

/* The refresher answers stored for learner (all courses when course is NULL),
 * read from the store's table (no program needs this count). */
static size_t refresher_answers(struct tm_store *s, long long learner, const char *course)
{
	sqlite3_stmt *st = NULL;
	size_t n = 0;
	assert_int_equal(sqlite3_prepare_v2(tm_store_db(s), "SELECT count(*) FROM refresher_answers"
					    " WHERE learner = ?1 AND (?2 IS NULL OR course = ?2)",
					    -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, learner);
	if (course != NULL)
		sqlite3_bind_text(st, 2, course, -1, SQLITE_TRANSIENT);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	n = (size_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void test_answer_leaves_progress_alone(void **state)
{
	(void)state;
	long long ann;
	struct tm_diags d;
	struct tm_gradebook *g = NULL;
	struct tm_quiz_grade grade;
	struct snapshot before, after;
	struct tm_store *s = fresh_store("untouched", &ann);
	tm_diags_init(&d);
	assert_int_equal(tm_gradebook_open(s, &g, &d), TM_OK);
	assert_int_equal(tm_gradebook_add_member(g, "class", "ann", NULL, &d), TM_OK);
	wrong(s, ann, "s1");
	assert_int_equal(tm_store_complete_item(s, ann, "tags", "m", "#1", 0, 6, false, NULL, &d),
			 TM_OK);
	take(s, g, ann, &before);
	assert_int_equal(before.answered, 1);
	assert_int_equal(before.correct, 0);

	struct tm_refresh *r = pick(s, content, ann, NULL, 0);
	assert_int_equal(tm_refresh_count(r), 1);
	const struct tm_refresh_item *it = tm_refresh_get(r, 0);
	/* an answer that cannot be read: nothing graded or stored */
	assert_int_equal(tm_refresh_answer(s, content, ann, it, "maybe", &grade, &d), TM_EUSAGE);
	tm_diags_release(&d);
	assert_int_equal(refresher_answers(s, ann, NULL), 0);
	/* a right answer is graded and stored apart */
	assert_int_equal(tm_refresh_answer(s, content, ann, it, "true", &grade, &d), TM_OK);
	assert_true(grade.correct);
	assert_true(grade.score == 1);
	assert_int_equal(tm_refresh_answer(s, content, ann, it, "false", &grade, &d), TM_OK);
	assert_false(grade.correct);
	assert_int_equal(refresher_answers(s, ann, NULL), 2);
	assert_int_equal(refresher_answers(s, ann, "other"), 0);
	tm_refresh_free(r);

	take(s, g, ann, &after);
	/* the export holds the refresher's answers apart, and all else as before */
	char *rb = strstr(before.export, ",\"refresher_answers\":[]");
	char *ra = strstr(after.export, ",\"refresher_answers\":[{");
	assert_non_null(rb);
	assert_non_null(ra);
	assert_non_null(strstr(ra, "\"answer\":\"true\""));
	*rb = *ra = '\0';
	assert_string_equal(after.export, before.export);
	assert_int_equal(after.items_done, before.items_done);
	assert_int_equal(after.answers, before.answers);
	assert_int_equal(after.answered, 1);   /* cohort items: still the first attempt */
	assert_int_equal(after.correct, 0);
	/* and the question is still picked: the refresher does not rewrite history */
	r = pick(s, content, ann, NULL, 0);
	assert_int_equal(tm_refresh_count(r), 1);
	tm_refresh_free(r);
	/* a reset clears refresher answers with the rest */
	assert_int_equal(tm_store_reset(s, ann, "tags", &d), TM_OK);
	assert_int_equal(refresher_answers(s, ann, NULL), 0);
	free(before.export);
	free(after.export);
	tm_diags_release(&d);
	tm_gradebook_close(g);
	tm_store_close(s);
}

/* Runs sql on store name's file (times are whole seconds: the tests move
 * them to order answers). */
static void run_sql(const char *name, const char *sql)
{
	char path[160];
	sqlite3 *db = NULL;
	snprintf(path, sizeof(path), "%s/%s.db", dbdir, name);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

#define A_MINUTE_BACK(table) "UPDATE " table " SET time = time - 60"

/* A question put right in a refresher rests until a wrong answer brings it
 * back; --all (include_rested) asks it anyway. */
static void test_right_in_refresher_rests(void **state)
{
	(void)state;
	long long ann;
	struct tm_diags d;
	struct tm_quiz_grade grade;
	struct tm_store *s = fresh_store("rests", &ann);
	tm_diags_init(&d);
	wrong(s, ann, "s1");
	wrong(s, ann, "s2");
	run_sql("rests", A_MINUTE_BACK("answers"));   /* the refresher comes later */
	struct tm_refresh *r = pick(s, content, ann, NULL, 0);
	assert_int_equal(tm_refresh_count(r), 2);
	assert_int_equal(tm_refresh_rested(r), 0);
	const struct tm_refresh_item *s1 = tm_refresh_get(r, 1);
	assert_string_equal(tm_question_id(s1->question), "s1");
	assert_int_equal(tm_refresh_answer(s, content, ann, s1, "true", &grade, &d), TM_OK);
	assert_true(grade.correct);
	tm_refresh_free(r);

	char buf[64];
	r = pick(s, content, ann, NULL, 0);
	assert_string_equal(ids(r, buf, sizeof(buf)), "s2");
	assert_int_equal(tm_refresh_rested(r), 1);
	tm_refresh_free(r);
	/* s1's refresher answer is its most recent */
	assert_int_equal(tm_refresh_pick(s, content, ann, NULL, 0, true, &r, &d), TM_OK);
	assert_string_equal(ids(r, buf, sizeof(buf)), "s1 s2");
	assert_int_equal(tm_refresh_rested(r), 0);
	tm_refresh_free(r);

	/* right again in the course: it still rests */
	run_sql("rests", A_MINUTE_BACK("answers"));
	run_sql("rests", A_MINUTE_BACK("refresher_answers"));
	record(s, ann, "tags", "m", "#1", "s1", 2, true);
	r = pick(s, content, ann, NULL, 0);
	assert_string_equal(ids(r, buf, sizeof(buf)), "s2");
	assert_int_equal(tm_refresh_rested(r), 1);
	tm_refresh_free(r);
	/* wrong again in the course, in the same second as the refresher answer:
	 * it comes back */
	record(s, ann, "tags", "m", "#1", "s1", 3, false);
	run_sql("rests", "UPDATE refresher_answers SET time = (SELECT max(time) FROM answers)");
	r = pick(s, content, ann, NULL, 0);
	assert_string_equal(ids(r, buf, sizeof(buf)), "s1 s2");
	assert_int_equal(tm_refresh_rested(r), 0);
	const struct tm_refresh_item *again = tm_refresh_get(r, 0);
	/* right, then wrong, in refreshers: the latest answer counts */
	assert_int_equal(tm_refresh_answer(s, content, ann, again, "true", &grade, &d), TM_OK);
	assert_int_equal(tm_refresh_answer(s, content, ann, again, "false", &grade, &d), TM_OK);
	tm_refresh_free(r);
	r = pick(s, content, ann, NULL, 0);
	assert_string_equal(ids(r, buf, sizeof(buf)), "s1 s2");
	tm_refresh_free(r);
	tm_diags_release(&d);
	tm_store_close(s);
}

/* A question right at first and wrong in a later retake is picked (its last
 * answer is wrong); put right in a refresher it rests, and put right in the
 * course since it is not picked at all. */
static void test_later_wrong_answer_picked(void **state)
{
	(void)state;
	long long ann;
	struct tm_diags d;
	struct tm_quiz_grade grade;
	char buf[64];
	struct tm_store *s = fresh_store("retake", &ann);
	tm_diags_init(&d);
	record(s, ann, "tags", "m", "#1", "s1", 1, true);   /* the first pass: right */
	record(s, ann, "tags", "m", "#1", "s2", 1, true);
	record(s, ann, "tags", "m", "#1", "s1", 1, false);  /* a retake: wrong twice */
	record(s, ann, "tags", "m", "#1", "s1", 2, false);
	run_sql("retake", A_MINUTE_BACK("answers"));
	struct tm_refresh *r = pick(s, content, ann, NULL, 0);
	assert_string_equal(ids(r, buf, sizeof(buf)), "s1");
	const struct tm_refresh_item *it = tm_refresh_get(r, 0);
	assert_false(it->last_correct);
	assert_int_equal(tm_refresh_answer(s, content, ann, it, "true", &grade, &d), TM_OK);
	assert_true(grade.correct);
	tm_refresh_free(r);
	r = pick(s, content, ann, NULL, 0);   /* put right in the refresher: rests */
	assert_int_equal(tm_refresh_count(r), 0);
	assert_int_equal(tm_refresh_rested(r), 1);
	tm_refresh_free(r);
	assert_int_equal(tm_refresh_pick(s, content, ann, NULL, 0, true, &r, &d), TM_OK);
	assert_string_equal(ids(r, buf, sizeof(buf)), "s1");
	assert_true(tm_refresh_get(r, 0)->last_correct);   /* the refresher's answer */
	tm_refresh_free(r);
	/* right again in a later retake: nothing to refresh, nothing resting */
	run_sql("retake", A_MINUTE_BACK("refresher_answers"));
	record(s, ann, "tags", "m", "#1", "s1", 1, true);
	r = pick(s, content, ann, NULL, 0);
	assert_int_equal(tm_refresh_count(r), 0);
	assert_int_equal(tm_refresh_rested(r), 0);
	tm_refresh_free(r);
	tm_diags_release(&d);
	tm_store_close(s);
}

/* The last answer shown (and the order) is the latest of the course's and
 * the refresher's answers. */
static void test_last_answer_from_refresher(void **state)
{
	(void)state;
	long long ann;
	struct tm_diags d;
	struct tm_quiz_grade grade;
	char buf[64];
	struct tm_store *s = fresh_store("latest", &ann);
	tm_diags_init(&d);
	wrong(s, ann, "t1");                                /* wrong, then right */
	record(s, ann, "tags", "m", "#1", "t1", 2, true);
	wrong(s, ann, "u1");                                /* the most recent in the course */
	run_sql("latest", A_MINUTE_BACK("answers"));
	struct tm_refresh *r = pick(s, content, ann, NULL, 0);
	assert_string_equal(ids(r, buf, sizeof(buf)), "u1 t1");
	const struct tm_refresh_item *t1 = tm_refresh_get(r, 1);
	assert_string_equal(t1->last_answer, "true");
	assert_true(t1->last_correct);
	long long course_time = t1->last_time;
	assert_int_equal(tm_refresh_answer(s, content, ann, t1, "false", &grade, &d), TM_OK);
	assert_false(grade.correct);
	tm_refresh_free(r);
	r = pick(s, content, ann, NULL, 0);
	assert_string_equal(ids(r, buf, sizeof(buf)), "t1 u1");
	t1 = tm_refresh_get(r, 0);
	assert_string_equal(t1->last_answer, "false");
	assert_false(t1->last_correct);
	assert_true(t1->last_time > course_time);
	tm_refresh_free(r);
	tm_diags_release(&d);
	tm_store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order_and_criteria),
		cmocka_unit_test(test_limit_and_default),
		cmocka_unit_test(test_spread_over_tags),
		cmocka_unit_test(test_spread_over_stride),
		cmocka_unit_test(test_course_filter),
		cmocka_unit_test(test_removed_and_moved_questions),
		cmocka_unit_test(test_threat_lists_left_out),
		cmocka_unit_test(test_stored_seed_gives_learns_order),
		cmocka_unit_test(test_ordering_matching_never_author_order),
		cmocka_unit_test(test_answer_leaves_progress_alone),
		cmocka_unit_test(test_right_in_refresher_rests),
		cmocka_unit_test(test_later_wrong_answer_picked),
		cmocka_unit_test(test_last_answer_from_refresher),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
