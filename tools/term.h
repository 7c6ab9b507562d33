/*
 * term.h: the terminal as the learner UI sees it: whether input and output are
 * a TTY, colour (only on a TTY, never with NO_COLOR), the width to wrap at, a
 * pager for long text, and line input.
 */
#ifndef TMDOJO_TERM_H
#define TMDOJO_TERM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct term {
	bool interactive;   /* stdin and stdout are both terminals */
	bool in_tty;        /* stdin is a terminal (it echoes what is typed) */
	bool out_tty;       /* stdout is a terminal */
	bool edit;          /* answers are typed with line editing and history
			     * (libedit): stdin and stdout are terminals and TERM
			     * is set and not dumb */
	bool color;         /* stdout is a terminal, NO_COLOR and TMDOJO_PLAIN are unset */
	bool plain;         /* TMDOJO_PLAIN: for screen readers, no colour, no bars
			     * or redrawn lines, ASCII glyphs; words only */
	bool utf8;          /* the learner's locale is UTF-8: box and bullet glyphs
			     * (else ASCII stand-ins) */
	int width;          /* columns to wrap at (40..100) */
	int cols;           /* columns of the screen itself, where a longer line
			     * wraps (0 when stdout is not a terminal) */
	int height;         /* rows of the screen (24 when unknown) */
	FILE *in;
	FILE *out;
};

/** Takes character classes (LC_CTYPE only) from the environment, so that
 *  wcwidth() counts CJK and emoji as two columns and a combining accent as
 *  none; C.UTF-8 when the environment's is not UTF-8 (content is UTF-8).
 *  Returns whether the environment's own locale is UTF-8. */
bool term_ctype_utf8(void);
/** Whether TMDOJO_PLAIN asks for plain output (set, not empty and not "0"):
 *  what a screen reader reads well, with no colour, progress bars, redrawn
 *  progress lines or box and bullet glyphs; the same facts in words. */
bool term_plain(void);
/** Looks at stdin, stdout and the environment; fills t. */
void term_init(struct term *t);

/** Reads the terminal's size again (it may have been resized): call before
 *  laying out each screen. */
void term_refresh(struct term *t);

/** Columns the plain output of a command (list, progress, reports, hints) may
 *  take: t->width on a terminal or when COLUMNS is set, else 0, meaning no
 *  limit (piped output keeps its one-line records for scripts). */
int term_text_width(const struct term *t);

/** Makes Ctrl-C (SIGINT), SIGTERM and SIGHUP stop the learner UI cleanly: the
 *  signal only sets a flag, a read in progress returns as at end of input, and
 *  term_interrupted() says so. */
void term_catch_interrupt(void);
bool term_interrupted(void);
/** The exit status of a run such a signal stopped: 128 plus its number (130
 *  after Ctrl-C, 143 after SIGTERM, 129 after SIGHUP), as a shell reports a
 *  process the signal ended, so that a script can tell; 0 when none did. */
int term_interrupt_status(void);
/** Where what a stop says goes: standard output, but standard error after
 *  Ctrl-C (or SIGTERM, SIGHUP) when the output is no terminal (`tmdojo learn |
 *  tee log`): Ctrl-C stopped the reader of the pipe too, and the message would
 *  be lost. */
FILE *term_stop_stream(const struct term *t);
/** With hold, ignores Ctrl-C (SIGINT) until called again without it, which puts
 *  the earlier disposition back: for while a program such as $EDITOR owns the
 *  terminal (its child must set SIGINT back to SIG_DFL before exec). SIGTERM
 *  and SIGHUP still set the flag. */
void term_hold_interrupt(bool hold);

/** ANSI sequence for a style ("bold", "dim", "red"...) when colour is on, else "". */
const char *term_style(const struct term *t, const char *name);

/**
 * Prints text (lines ending in '\n'). Interactive: a screen at a time, asking
 * "[Enter] next page, q stops" between screens; a screen counts the rows each
 * line takes once the terminal wraps it (a diagram line wider than the screen
 * takes two or more), so that nothing scrolls away unseen. Returns false when the learner
 * chose to stop (q, :q, quit, Ctrl-C or end of input), true otherwise.
 */
bool term_page(const struct term *t, const char *text);

/**
 * Reads one line (without its newline) after printing prompt (may be NULL).
 * Returns a buffer the caller frees with free(), or NULL at end of input.
 * The first line read loses a leading UTF-8 byte order mark (Notepad writes
 * one). When stdin is not a terminal the line is echoed after the prompt (a
 * readable transcript); on a terminal, end of input (Ctrl-D) or Ctrl-C ends
 * the prompt's line, so that what follows starts on a line of its own. The
 * line is read as the terminal's own line editing or the pipe gives it: for
 * short replies (Enter, q, again, yes).
 */
char *term_read_line(const struct term *t, const char *prompt);
/** term_read_line() that also sets *len to the line's length in bytes: more
 *  than strlen() when the line holds a NUL byte. */
char *term_read_line_len(const struct term *t, const char *prompt, size_t *len);
/** term_read_line_len() for an answer or a line of a threat list: with t->edit
 *  it is read with line editing and this session's answers as history, Up
 *  recalling them (lineedit.h); otherwise exactly as term_read_line_len(). */
char *term_read_answer(const struct term *t, const char *prompt, size_t *len);
/** After term_read_answer() returned NULL (Ctrl-C, Ctrl-D): the line typed on
 *  it without Enter, when line editing can say (t->edit), else NULL. Caller
 *  frees with free(). */
char *term_take_partial(const struct term *t);

/** On a terminal, throws away what was typed or pasted but not read yet: call
 *  before a prompt that asks something new (an answer, a pause), so that no
 *  line typed before it was shown answers it. Scripted input is kept. */
void term_discard_typeahead(const struct term *t);

/** Whether line asks to stop: q, :q, :quit or quit. */
bool term_is_stop(const char *line);

/** Waits for Enter (interactive only). Returns false when the learner asked to
 *  stop (term_is_stop(), Ctrl-C) or input ended. */
bool term_pause(const struct term *t, const char *prompt);

#endif
