/*
 * ui.h: the quiz question in the terminal, shared by `tmdojo learn` and
 * `tmdojo refresh`. Everything prints to stdout, styled for t (plain when
 * colour is off), wrapped to t->width.
 */
#ifndef TMDOJO_UI_H
#define TMDOJO_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "term.h"
#include "tmengine.h"

/** md (Markdown-ish) rendered to the terminal's width. */
void ui_rendered(const struct term *t, const char *md);
/** lead (may hold styles) then md rendered to the columns left after it,
 *  continuation lines indented under the text ("Hint: ", "- "). */
void ui_rendered_hanging(const struct term *t, const char *lead, const char *md);
/** lead + label (in style; may be "") + text wrapped, continuation lines under
 *  the text. */
void ui_wrapped(const struct term *t, const char *lead, const char *style, const char *label,
		const char *text);
/** text in style (a term_style() name), wrapped to the terminal's width at word
 *  boundaries, continuation lines at the left edge. */
void ui_styled(const struct term *t, const char *style, const char *text);
/** When the session is not interactive, its first line: why there are no
 *  pauses (stdin is not a terminal: scripted mode; or only stdout is not, as
 *  in `tmdojo learn | tee log`) and the learner (printable, shown). */
void ui_say_mode(const struct term *t, const char *shown);
/** The label of the k-th thing shown: 'a', 'b', ... */
char ui_label(size_t k);

/** One line on how to answer q ("Answer with one letter."). */
const char *ui_how_to_answer(const struct tm_question *q);
/**
 * Shows st's question (st->question, its display order st->order, the attempt
 * st->attempt of st->attempts_allowed) as "Question number of total", its
 * choices, and how to answer.
 */
void ui_show_question(const struct term *t, const struct tm_run_step *st, size_t number,
		      size_t total);
/** Writes the right answer of st's question to f, in the labels shown. */
void ui_write_solution(FILE *f, const struct tm_run_step *st);
/**
 * Shows the grade st->grade of st's question: with st->retry a nudge only
 * (st->next_credit says what a right answer still earns); else right, partly
 * right or not, the feedback, on an attempt after the first what it earns
 * (st->credit) and what an earlier answer keeps (st->earned, st->kept_attempt),
 * the right answer when it was not right, and the explanation. lines(ctx)
 * (lines may be NULL) shows what the grading saw line by line (a threat list's
 * found and missed threats): after the verdict, or before the nudge.
 */
void ui_show_feedback(const struct term *t, const struct tm_run_step *st,
		      void (*lines)(void *ctx), void *ctx);
/** Shows hint, or when it is NULL that there is none (none: the question has no
 *  hint at all) or no more. */
void ui_show_hint(const struct term *t, const char *hint, bool none);

/** At answer prompts "q" stays an answer; :q, :quit and quit stop. */
bool ui_is_quit(const char *line);
/** "?", "hint" or ":hint". */
bool ui_is_hint(const char *line);

enum ui_read { UI_READ_OK, UI_READ_STOP };
/**
 * Reads a one-line answer at "> ": "?" calls hint(ctx) and reads again; :q,
 * Ctrl-C and end of input return UI_READ_STOP. On UI_READ_OK the caller frees
 * *answer with free().
 */
enum ui_read ui_read_answer(const struct term *t, void (*hint)(void *ctx), void *ctx,
			    char **answer);

#endif
