/*
 * grade_compare.h: whether grading with the calibrated scores that cannot
 * matter skipped (the default) reports what grading with every score computed
 * does. Shared by tests/test_grader_calib.c and tests/fuzz/fuzz_grade.c (each
 * built on its own), hence a static function.
 */
#ifndef TMDOJO_GRADE_COMPARE_H
#define TMDOJO_GRADE_COMPARE_H

#include <string.h>

#include "grader.h"

/* 1 when fast (sub graded against key at threshold with the default options)
 * reports the same as grading with every score computed: the same credits,
 * lines, scores and whys, the same closest threat and score of each unmatched
 * line, and each threat's best score where it reaches the threshold, at most
 * the real one below it. Also 1 when memory runs out (nothing to compare). */
static int grade_same_as_every_score(const struct grader_key *key,
				     const struct grader_submission *sub, double threshold,
				     const struct grader_result *fast)
{
	struct grader_options o;
	struct grader_result *e;
	int same;

	grader_options_init(&o);
	o.threshold = threshold;
	o.best_scores = true;
	e = grader_grade(key, sub, &o);
	if (e == NULL)
		return 1;
	same = grader_result_found_count(e) == grader_result_found_count(fast) &&
	       grader_result_unmatched_count(e) == grader_result_unmatched_count(fast);
	for (size_t i = 0; same && i < grader_result_found_count(e); i++)
		same = grader_result_found_threat(e, i) == grader_result_found_threat(fast, i) &&
		       grader_result_found_line(e, i) == grader_result_found_line(fast, i) &&
		       grader_result_found_similarity(e, i) ==
			       grader_result_found_similarity(fast, i) &&
		       strcmp(grader_result_found_why(e, i), grader_result_found_why(fast, i)) == 0;
	for (size_t i = 0; same && i < grader_result_unmatched_count(e); i++)
		same = grader_result_unmatched_line(e, i) == grader_result_unmatched_line(fast, i) &&
		       grader_result_unmatched_closest(e, i) ==
			       grader_result_unmatched_closest(fast, i) &&
		       grader_result_unmatched_similarity(e, i) ==
			       grader_result_unmatched_similarity(fast, i);
	for (size_t t = 0; same && t < grader_key_threat_count(key); t++) {
		double b = grader_result_threat_best(fast, t), x = grader_result_threat_best(e, t);

		same = x >= threshold ? b == x : b <= x;
	}
	grader_result_free(e);
	return same;
}

#endif
