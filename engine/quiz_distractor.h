/*
 * quiz_distractor.h: what grading a short answer (quiz_short.c) and reading it
 * for distractors (quiz_distractor.c) share: a question's prepared answer
 * texts and the measures both take of them. Internal to the engine.
 */
#ifndef TM_QUIZ_DISTRACTOR_H
#define TM_QUIZ_DISTRACTOR_H

#include <stdbool.h>
#include <stddef.h>

#include "tmengine.h"

#define SHORT_COVER 0.6           /* share of an answer text's weight that passes it */
#define SAME_SIM 1e-9             /* similarities closer than this are equal */
#define PATTERN_SIMILARITY 0.95   /* what an affirmed pattern match counts as */

/* One accepted or rejected answer or distractor: its key, and what the prompt
 * says of it. */
struct prepared {
	struct grader_key *key;   /* NULL when it has no word (it matches nothing) */
	bool built;
	double given;             /* share of its weight the prompt covers */
	int n_given, n_self;      /* distinct words the prompt and itself cover */
};

struct tm_short_answers {
	const struct tm_question *q;
	const struct grader_lexicon *lex;
	const char *prompt;
	struct prepared *accept, *reject, *distract;
};

/* How close an answer is to the texts it passes: the similarity, and among
 * texts that similar, the fewest letters apart. The grader reads a typo as
 * the word it is near ("cracking" as "checking") at full similarity, so the
 * letters decide between an accepted and a rejected answer equally similar. */
struct closeness {
	double sim;
	size_t apart;
	long index;     /* the text that close; -1 for none (or a pattern) */
};

/* quiz_short.c */

/** How much of key's title line covers: by weight (0..1) and in distinct
 *  words, and whether line negates where the title does not. Returns 0, or -1
 *  on ENOMEM. */
int short_title_cover(const struct grader_key *key, const char *line, double *cover,
		      int *words, bool *clash);
/** Prepares p, the answer text of s's question, once. Returns 0, or -1 on
 *  ENOMEM. */
int short_prepare(const struct tm_short_answers *s, struct prepared *p, const char *text);
/** How many letters apart ans is from text (or the run of its words nearest
 *  it), case and blanks aside; SIZE_MAX when it cannot say. */
size_t short_letters_apart(const char *ans, const char *text);

/* quiz_distractor.c */

/** Fails g, graded right, when answer text names a distractor too; its detail
 *  says which, and to name one. Returns 0, -1 on ENOMEM. */
int distractor_refuse(const struct tm_short_answers *s, const char *text,
		      struct tm_quiz_grade *g);

/**
 * The answer text with what its negations and contrasts set aside left out
 * ("EoP, not DoS" -> "EoP"), when all they set aside names distractors: the
 * learner excludes those options, and the answer is graded without them. *out
 * (caller frees) is NULL when nothing is set aside so, or all of it is.
 * Returns 0, -1 on ENOMEM.
 */
int distractor_affirmed(const struct tm_short_answers *s, const char *text, char **out);

#endif
