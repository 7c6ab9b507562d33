/*
 * lineedit.h: reading a line on a terminal with line editing (arrow keys,
 * Home/End, Ctrl-A/E/W/U/K...) and this session's lines as history (Up,
 * Down), with libedit. term_read_answer() uses it when stdin and stdout are
 * terminals; piped input never comes here.
 */
#ifndef TMDOJO_LINEEDIT_H
#define TMDOJO_LINEEDIT_H

#include <stdbool.h>
#include <stdio.h>

/** Makes the editor for in and out (terminals) unless made already: after
 *  the locale is set (term_init()), which libedit reads characters with.
 *  Returns false when libedit cannot start (the caller reads without it). */
bool lineedit_start(FILE *in, FILE *out);

/**
 * Prints prompt (may be NULL; may hold colour sequences and newlines) and
 * reads one line from in (a terminal) with editing, echoing to out. A line
 * that is not empty joins the history, in memory only: answers are the
 * learner's data, never written to a file. Returns the line without its
 * newline, which the caller frees with free(); NULL at end of input (Ctrl-D
 * on an empty line), when a signal interrupted the read (Ctrl-C), or when
 * libedit or memory failed. Calls lineedit_start() first. After Ctrl-Z and
 * fg the line is taken up again as it was, unless stop() (may be NULL) says
 * a signal asked the session to stop.
 */
char *lineedit_read(FILE *in, FILE *out, const char *prompt, bool (*stop)(void));

/** The line that was being typed (without Enter) when the last
 *  lineedit_read() returned NULL, or NULL (none, or empty). The caller frees it
 *  with free(); a second call returns NULL. */
char *lineedit_take_partial(void);

/** Frees the editor and its history; the next lineedit_read() makes them
 *  again. Registered with atexit() by the first lineedit_read(). */
void lineedit_end(void);

#endif
