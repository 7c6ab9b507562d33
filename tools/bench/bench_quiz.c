/*
 * bench_quiz.c: how long grading one short answer takes.
 * Grades, for every short question of the bundled curriculum, each accepted
 * answer, each rejected answer and one wrong answer; best of ten rounds.
 * Prints answers per second and the mean time per answer, twice: graded one
 * by one as a learner's are (tm_quiz_grade prepares the question's answers
 * each time: target under 10 ms, marked at once), and with each question's
 * answers prepared once (tm_short_answers, as validate and the import check
 * every accepted answer: target under 1 ms).
 * BENCH_QUIZ_VERBOSE=1 also prints each verdict (question, answer, right,
 * detail), to compare two builds.
 * Usage: bench_quiz [CONTENT_ROOT]   (default: the source tree's root)
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tmengine.h"

#ifndef ROUNDS
#define ROUNDS 10
#endif

struct tally {
	size_t graded, right;
	bool prepared;          /* grade with the question's answers prepared once */
	bool verbose;
};

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Grades ans to q (with s when not NULL); counts it. Returns 0, -1 on error. */
static int grade_one(const struct tm_question *q, const struct grader_lexicon *lex,
		     struct tm_short_answers *s, const char *ans, struct tally *t)
{
	struct tm_quiz_grade g;
	struct tm_diags d;
	int rc;
	tm_diags_init(&d);
	if (s != NULL) {
		memset(&g, 0, sizeof(g));
		g.max = tm_question_points(q);
		rc = tm_short_answers_grade(s, ans, &g, &d);
	} else {
		rc = tm_quiz_grade(q, lex, NULL, 0, ans, &g, &d);
	}
	tm_diags_release(&d);
	if (rc != TM_OK) {
		fprintf(stderr, "bench_quiz: %s: grading '%s' failed\n", tm_question_id(q), ans);
		return -1;
	}
	t->graded++;
	t->right += g.correct;
	if (t->verbose)
		printf("%s\t%s\t%d\t%s\n", tm_question_id(q), ans, g.correct, g.detail);
	return 0;
}

/* Grades every answer the short question q lists, and one wrong answer. */
static int grade_question(const struct tm_question *q, const struct grader_lexicon *lex,
			  struct tally *t)
{
	struct tm_short_answers *s = NULL;
	int rc = 0;
	if (t->prepared && tm_short_answers_new(q, lex, &s) != TM_OK)
		return -1;
	for (size_t i = 0; i < tm_question_accept_count(q) && rc == 0; i++)
		rc = grade_one(q, lex, s, tm_question_accept(q, i), t);
	for (size_t i = 0; i < tm_question_reject_count(q) && rc == 0; i++)
		rc = grade_one(q, lex, s, tm_question_reject(q, i), t);
	if (rc == 0)
		rc = grade_one(q, lex, s, "the attacker reads the logs on the server", t);
	tm_short_answers_free(s);
	return rc;
}

/* Calls fn on every short question of c. Returns 0, -1 on its first error. */
static int each_short(const struct tm_content *c, struct tally *t,
		      int (*fn)(const struct tm_question *, const struct grader_lexicon *,
				struct tally *))
{
	for (size_t ci = 0; ci < tm_content_course_count(c); ci++) {
		const struct tm_course *co = tm_content_course(c, ci);
		for (size_t mi = 0; mi < tm_course_module_count(co); mi++) {
			const struct tm_module *m = tm_course_module(co, mi);
			for (size_t ii = 0; ii < tm_module_item_count(m); ii++) {
				const struct tm_item *it = tm_module_item(m, ii);
				for (size_t qi = 0; qi < tm_item_question_count(it); qi++) {
					const struct tm_question *q = tm_item_question(it, qi);
					if (tm_question_type(q) == TM_Q_SHORT &&
					    fn(q, tm_content_lexicon(c), t) != 0)
						return -1;
				}
			}
		}
	}
	return 0;
}

/* ROUNDS rounds of one way of grading; prints the best. Returns 0, -1 on error. */
static int time_rounds(const struct tm_content *c, bool prepared, double target_ms)
{
	double best = 1e18;
	struct tally t = { 0 };
	for (int r = 0; r < ROUNDS; r++) {
		t = (struct tally){ .prepared = prepared,
				    .verbose = getenv("BENCH_QUIZ_VERBOSE") != NULL && r == 0 };
		double t0 = now_ms();
		if (each_short(c, &t, grade_question) != 0)
			return -1;
		double dt = now_ms() - t0;
		best = dt < best ? dt : best;
	}
	if (t.graded == 0) {
		fprintf(stderr, "bench_quiz: no short question\n");
		return -1;
	}
	double per = best / (double)t.graded;
	printf("%-26s %zu answers (%zu right), best of %d rounds %8.2f ms: %6.0f answers/s, "
	       "%.3f ms an answer\n", prepared ? "answers prepared once" : "one by one (learner)",
	       t.graded, t.right, ROUNDS, best, t.graded / best * 1e3, per);
	printf("  target: under %.0f ms an answer -> %s\n", target_ms,
	       per < target_ms ? "met" : "NOT MET");
	return 0;
}

int main(int argc, char **argv)
{
	const char *root = argc > 1 ? argv[1] : ".";
	struct tm_content *c = NULL;
	struct tm_diags d;
	char buf[1024];
	tm_diags_init(&d);
	if (tm_content_load(root, &c, &d) != TM_OK) {
		fprintf(stderr, "bench_quiz: %s: %s\n", root,
			d.count ? tm_error_format(&d.items[0], buf, sizeof(buf)) : "error");
		tm_diags_release(&d);
		return 1;
	}
	tm_diags_release(&d);
	printf("bench_quiz: grading the short answers of the bundled curriculum\n");
	int rc = time_rounds(c, false, 10) != 0 || time_rounds(c, true, 1) != 0;
	tm_content_free(c);
	return rc;
}
