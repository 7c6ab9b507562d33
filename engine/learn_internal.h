/*
 * learn_internal.h: what the learning side shares (quiz.c, quiz_short.c,
 * quiz_distractor.c, runner.c, store_progress.c; the loader's checks of short
 * questions use learn_trimmed() and learn_grade_threats()) and the tools need not see.
 */
#ifndef TM_LEARN_INTERNAL_H
#define TM_LEARN_INTERNAL_H

#include "tmengine.h"

/**
 * Grades a threat list (plain text, one threat per line) against key. want 0
 * takes any number of threats; otherwise the list is a top list: its
 * top-three label line is not a threat (see tm_top_three()) and it must hold
 * exactly want threats as the grader reads them (a Markdown heading is none),
 * else TM_EUSAGE. On success *percent is the grader's score (0..100) and,
 * when result is not NULL, *result is the full grading and *sub the parsed
 * lines it indexes (caller frees both with learn_result_free()).
 */
int learn_grade_threats(const struct grader_key *key, const char *text, size_t want,
			double *percent, struct grader_result **result,
			struct grader_submission **sub, struct tm_diags *diags);

/**
 * How many threats text holds as learn_grade_threats() counts them (a heading
 * or a blank line is none; with top, neither is a top list's label line), in
 * *count. TM_OK, or TM_ENOMEM with *count 0.
 */
int learn_count_threats(const char *text, bool top, size_t *count, struct tm_diags *diags);

/**
 * Grades answer to q as tm_quiz_grade() does. When result is not NULL, a
 * threat-list question's full grading goes to *result and *sub (the found,
 * missed and unmatched lines a learner is shown; caller frees both with
 * learn_result_free()); for any other question, or on failure, both are NULL.
 */
int learn_quiz_grade(const struct tm_question *q, const struct grader_lexicon *lex,
		     const size_t *order, size_t n, const char *answer, struct tm_quiz_grade *out,
		     struct grader_result **result, struct grader_submission **sub,
		     struct tm_diags *diags);

/** A copy of s without its leading and trailing blanks (caller frees); NULL on
 *  ENOMEM. */
char *learn_trimmed(const char *s);
/** Frees what learn_grade_threats() returned; NULLs do nothing. */
void learn_result_free(struct grader_result *result, struct grader_submission *sub);

/*
 * Reads choice labels as the quiz shows them: letters (a = 0) one by one, or
 * decimal numbers (1 = 0); spaces, commas, semicolons, dots and parentheses
 * separate. Writes at most max indexes to out. Returns the count, or -1 when
 * something else appears or a label is past n. (The quiz and item analysis
 * must read answers the same way.)
 */
int learn_read_labels(const char *ans, size_t n, size_t *out, size_t max);

/** One stored answer of an item, as a resume reads it back. */
struct learn_answer {
	char question[TM_ID_MAX + 16];  /* question id, or "exercise:<step>" */
	int attempt;                    /* 1-based attempt at that question or step */
	double score, max;              /* as graded then (before any retry credit) */
	bool correct;
};

/**
 * The learner's answers to item of module in course, oldest first (the order
 * they were stored in), so that a resume can match them to the item's current
 * questions by id. On success *out (caller frees with free(); NULL when there
 * are none) and *count; on failure both are NULL and 0.
 */
int tm_store_item_answers(struct tm_store *s, long long learner, const char *course,
			  const char *module, const char *item, struct learn_answer **out,
			  size_t *count, struct tm_diags *diags);
/**
 * The learner's answers to a quiz, oldest first: those kept under the item of
 * module in course, and those to its questions (the n ids) wherever they were
 * kept (question ids are unique in a course: a quiz the author moved keeps its
 * answers). As tm_store_item_answers() otherwise.
 */
int tm_store_quiz_answers(struct tm_store *s, long long learner, const char *course,
			  const char *module, const char *item, const char *const *ids, size_t n,
			  struct learn_answer **out, size_t *count, struct tm_diags *diags);

/**
 * The text of the learner's tries 1..attempts at question (of course) that
 * end in attempt `attempts`, the latest answers stored to it: out[k] is the
 * answer of attempt k + 1 (caller frees each with free()), NULL when it is
 * not stored, or was given to the question as another version showed it (its
 * labels name other choices now: version is tm_question_version() of the
 * question as shown, "" or NULL when it has none). On failure every out[k]
 * is NULL.
 */
int tm_store_question_tries(struct tm_store *s, long long learner, const char *course,
			    const char *question, int attempts, const char *version, char **out,
			    struct tm_diags *diags);

#endif
