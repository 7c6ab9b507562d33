/*
 * grade_compare.h: whether grading with the calibrated scores that cannot
 * matter skipped (the default) reports what grading with every score computed
 * does, and grading with a memo of words what grading without one does. Shared by tests/test_grader_calib.c and tests/fuzz/fuzz_grade.c (each
 * built on its own), hence a static function.
 */
#ifndef TMDOJO_GRADE_COMPARE_H
#define TMDOJO_GRADE_COMPARE_H

#include <stdbool.h>
#include <string.h>

#include "grader.h"

/* 1 when b reports what a does: the same credits, lines, scores and whys, the
 * same closest threat and score of each unmatched line, and each threat's
 * best score the same (exact_best) or, when b skipped scores, the same where
 * a's reaches the threshold and at most a's below it. */
static int grade_results_same(const struct grader_key *key, const struct grader_result *a,
			      const struct grader_result *b, double threshold, int exact_best)
{
	int same = grader_result_found_count(a) == grader_result_found_count(b) &&
		   grader_result_unmatched_count(a) == grader_result_unmatched_count(b);

	for (size_t i = 0; same && i < grader_result_found_count(a); i++)
		same = grader_result_found_threat(a, i) == grader_result_found_threat(b, i) &&
		       grader_result_found_line(a, i) == grader_result_found_line(b, i) &&
		       grader_result_found_similarity(a, i) ==
			       grader_result_found_similarity(b, i) &&
		       strcmp(grader_result_found_why(a, i), grader_result_found_why(b, i)) == 0;
	for (size_t i = 0; same && i < grader_result_unmatched_count(a); i++)
		same = grader_result_unmatched_line(a, i) == grader_result_unmatched_line(b, i) &&
		       grader_result_unmatched_closest(a, i) ==
			       grader_result_unmatched_closest(b, i) &&
		       grader_result_unmatched_similarity(a, i) ==
			       grader_result_unmatched_similarity(b, i);
	for (size_t t = 0; same && t < grader_key_threat_count(key); t++) {
		double x = grader_result_threat_best(a, t), y = grader_result_threat_best(b, t);

		same = exact_best || x >= threshold ? x == y : y <= x;
	}
	return same;
}

/* 1 when grading sub against key at threshold, with every score computed
 * (best_scores) or with memo, reports what `than` does (grade_results_same;
 * the best scores exactly when both skip the same scores). Also 1 when memory
 * runs out (nothing to compare). */
static int grade_again_same(const struct grader_key *key, const struct grader_submission *sub,
			    double threshold, bool best_scores, struct grader_memo *memo,
			    const struct grader_result *than)
{
	struct grader_options o;
	struct grader_result *again;
	int same;

	grader_options_init(&o);
	o.threshold = threshold;
	o.best_scores = best_scores;
	o.memo = memo;
	again = grader_grade(key, sub, &o);
	if (again == NULL)
		return 1;
	same = best_scores ? grade_results_same(key, again, than, threshold, 0)
			   : grade_results_same(key, than, again, threshold, 1);
	grader_result_free(again);
	return same;
}

/* Whether fast (graded with the default options) reports what grading with
 * every score computed does, best scores compared as skipping allows. */
static int grade_same_as_every_score(const struct grader_key *key,
				     const struct grader_submission *sub, double threshold,
				     const struct grader_result *fast)
{
	return grade_again_same(key, sub, threshold, true, NULL, fast);
}

/* Whether grading with memo (made for key, holding the words of whatever it
 * graded before) reports exactly what plain, graded without one, does. */
static int grade_same_with_memo(const struct grader_key *key, const struct grader_submission *sub,
				double threshold, struct grader_memo *memo,
				const struct grader_result *plain)
{
	return grade_again_same(key, sub, threshold, false, memo, plain);
}

#endif
