/*
 * cmd_learn_internal.h: what the files of `tmdojo learn` share: cmd_learn.c (the
 * command, how a session starts, its loop), learn_answers.c (reading answers),
 * learn_exercise.c (exercise steps and their results), learn_solve.c (--solve)
 * and cmd_home.c (the home screen, which goes on into learn). Only they include
 * it; what other commands share with learn is in commands.h.
 */
#ifndef TMDOJO_CMD_LEARN_INTERNAL_H
#define TMDOJO_CMD_LEARN_INTERNAL_H

#include <stdio.h>

#include "commands.h"
#include "term.h"

/* One learn session: the terminal, the content, store and runner it drives
 * (owned: cmd_learn() frees them), and what the runner does not keep. */
struct ui {
	struct term t;
	struct tm_content *content;
	struct tm_store *store;
	struct tm_runner *runner;
	const char *course_arg;
	const char *learner_opt;   /* given with --learner, else NULL */
	long long learner_id;      /* the learner's id in store */
	char *prev_threats;   /* the last threat list, kept for another attempt */
	bool stopped;         /* the learner asked to stop at a page prompt */
	const struct tm_item *quiz_shown;   /* the quiz whose title was shown last */
};

/* The escape sequence that turns style name on in u's terminal ("" with styles
 * off; term_style()). */
#define S(u, name) term_style(&(u)->t, name)

/* How reading an answer ended: with an answer, or with the learner stopping. */
enum read_result { READ_OK, READ_STOP };

/* ---- cmd_learn.c ---- */

/** A title (module, lesson, quiz, exercise step) after a blank line: bold and
 *  cyan, or, with styles off, underlined with '='. kind leads the title
 *  ("Quiz: "). */
void learn_print_heading(struct ui *u, const char *kind, const char *title);
/** learn_print_heading() written to out (a page built before it is paged). */
void learn_write_heading(FILE *out, struct ui *u, const char *kind, const char *title);
/** Where what a stop says goes (term_stop_stream()); borrowed. */
FILE *learn_stop_stream(const struct ui *u);
/**
 * Reports on stderr a runner that did not start (rc, d says why) for course
 * (and module, may be NULL): an exercise id in place of the course gets where
 * it is taken; an unknown course or module the closest id, when one is close,
 * and a pointer to the list. learner_opt is --learner as given, or NULL.
 */
void learn_report_start_failure(const struct tm_content *c, const char *course,
				const char *module, int rc, const struct tm_diags *d,
				const char *learner_opt);

/* ---- learn_answers.c ---- */

/**
 * Reads the answer to the question or exercise step st: one line through the
 * question UI, or the lines of a threat list or exercise step. READ_OK with
 * *answer (caller frees with free()), or READ_STOP when the learner stopped
 * (*answer NULL; the lines typed so far kept as a draft).
 */
enum read_result learn_read_answer(struct ui *u, const struct tm_run_step *st, char **answer);

/* ---- learn_exercise.c ---- */

/** Shows an exercise step: its title, time box and what it asks (the read step:
 *  the design, diagram and reading tips; sets u->stopped when the learner quits
 *  the pager). */
void learn_show_exercise_step(struct ui *u, const struct tm_run_step *st);
/** Pages exercise e's design document, then its diagram, after lead (may be
 *  NULL: what the step shows above the document, paged with it so that nothing
 *  scrolls away unseen). Returns false when the learner quit the pager (q), true
 *  otherwise. */
bool learn_show_design(struct ui *u, const struct tm_exercise *e, const char *lead);
/** Shows what the answer to an exercise step earned, against the reference. */
void learn_show_exercise_result(struct ui *u, const struct tm_run_step *st);
/** Shows the lines of a graded threat list (st->result, st->submission, against
 *  st->exercise's key): those found with the learner's line and why, the
 *  missed ones as hints only (never their titles: the learner may try again),
 *  and those not matched. The exercise's threats step and a threat-list
 *  question's feedback show the same. */
void learn_show_threat_lines(struct ui *u, const struct tm_run_step *st);
/** Shows the exercise's answer key at its end: every threat with its fixes,
 *  and the reference top three. */
void learn_show_exercise_key(struct ui *u, const struct tm_run_step *st);

/* ---- learn_solve.c ---- */

/** --solve: prints, one per line, the input a scripted `tmdojo learn --seed N
 *  target` needs to pass every question. Returns the exit status. */
int learn_solve(struct tm_content *c, const char *target, unsigned seed);

/* ---- cmd_home.c ---- */

/** The first course (in part order) the learner has not finished, or NULL;
 *  borrowed from c. */
const struct tm_course *learn_next_course(const struct tm_content *c, struct tm_store *s,
					  long long learner);

#endif
