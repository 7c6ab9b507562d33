/*
 * lineedit.c: line editing and in-memory history for prompts on a terminal,
 * with libedit (histedit.h).
 *
 * libedit installs no signal handlers here (EL_SIGNAL stays off): Ctrl-C
 * raises SIGINT as the terminal's own line editing does, term.c's handler
 * sets its flag, the read under el_gets() fails with EINTR (no SA_RESTART)
 * and el_gets() returns NULL with the terminal back in its own mode.
 *
 * Ctrl-Z (SIGTSTP) stopping the process inside el_gets() left the terminal in
 * libedit's mode, and after fg libedit read a terminal the shell had put back
 * in its own (keys echoed as "^[[D", nothing edited). So SIGTSTP is caught
 * while a line is read: el_gets() returns with the terminal restored, the
 * process stops itself, and once continued a new el_gets() takes up the line
 * typed so far.
 */
#include <histedit.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lineedit.h"

/* libedit reads a prompt's bytes between two of these as taking no columns:
 * the colour sequences term_style() puts in prompts */
#define PROMPT_IGNORE '\1'
/* lines recalled with Up: a session's answers fit */
#define HISTORY_SIZE 200

static volatile sig_atomic_t suspended;   /* Ctrl-Z came during el_gets() */
static EditLine *el;
static FILE *edit_in;   /* the terminal el reads */
static History *hist;
static char *shown_prompt;   /* what prompt_fn() gives libedit */
static bool registered;
static char *partial;   /* the line being typed when a read was interrupted */

/* Keys as xterm, tmux, screen, rxvt and the Linux console send them, which
 * libedit does not bind (it binds the arrows and what terminfo names for
 * TERM): unbound, Delete's "\e[3~" left a "~" in the line. */
static const char *const key_binds[][2] = {
	{ "\033[1~", "ed-move-to-beg" }, { "\033[7~", "ed-move-to-beg" },
	{ "\033[H", "ed-move-to-beg" },  { "\033OH", "ed-move-to-beg" },
	{ "\033[4~", "ed-move-to-end" }, { "\033[8~", "ed-move-to-end" },
	{ "\033[F", "ed-move-to-end" },  { "\033OF", "ed-move-to-end" },
	{ "\033[3~", "ed-delete-next-char" },
	{ "\033[1;5D", "ed-prev-word" }, { "\033[1;5C", "em-next-word" },
};

static char *prompt_fn(EditLine *e)
{
	static char none[] = "";
	(void)e;
	return shown_prompt != NULL ? shown_prompt : none;
}

/* Copies prompt (its last line: libedit keeps a prompt to one line) with each
 * escape sequence (ESC [ ... final byte) between PROMPT_IGNORE marks.
 * Returns a string the caller frees, or NULL when out of memory. */
static char *mark_escapes(const char *prompt)
{
	size_t n = strlen(prompt);
	char *out = malloc(n * 3 + 1);
	char *o = out;
	if (out == NULL)
		return NULL;
	for (const char *p = prompt; *p != '\0';) {
		if (p[0] != '\033' || p[1] != '[') {
			*o++ = *p++;
			continue;
		}
		const char *end = p + 2;
		while (*end != '\0' && !(*end >= 0x40 && *end <= 0x7e))
			end++;
		if (*end != '\0')
			end++;
		*o++ = PROMPT_IGNORE;
		memcpy(o, p, (size_t)(end - p));
		o += end - p;
		*o++ = PROMPT_IGNORE;
		p = end;
	}
	*o = '\0';
	return out;
}

static void on_suspend(int sig)
{
	(void)sig;
	suspended = 1;
}

/* The line being edited, for the next el_gets() to start from; NULL when it is
 * empty or memory ran out. The caller frees it. */
static char *line_so_far(void)
{
	const LineInfo *li = el_line(el);
	if (li == NULL || li->lastchar <= li->buffer)
		return NULL;
	return strndup(li->buffer, (size_t)(li->lastchar - li->buffer));
}

/* Stops the process as SIGTSTP's default action does, with the disposition
 * saved before el_gets() back in place; returns once it is continued. */
static void stop_here(const struct sigaction *saved)
{
	struct sigaction mine;
	sigaction(SIGTSTP, saved, &mine);
	raise(SIGTSTP);
	sigaction(SIGTSTP, &mine, NULL);
}

/* el_gets() with Ctrl-Z handled (see the top of the file): after fg the
 * line typed so far is given back as input, unless stop() says the session
 * is to stop (kill %1 sends SIGTERM, then SIGCONT). Returns el_gets()'s line
 * and count. */
static const char *gets_suspendable(int *count, bool (*stop)(void))
{
	struct sigaction sa;
	struct sigaction saved;
	const char *got;
	sigaction(SIGTSTP, NULL, &saved);
	/* ignored (a shell without job control), it stays so */
	bool catching = saved.sa_handler == SIG_DFL;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_suspend;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;   /* no SA_RESTART: the read under el_gets() returns */
	if (catching)
		sigaction(SIGTSTP, &sa, NULL);
	for (;;) {
		suspended = 0;
		got = el_gets(el, count);
		if (got != NULL || !suspended)
			break;
		char *typed = line_so_far();
		stop_here(&saved);
		if (stop != NULL && stop()) {
			free(typed);
			break;
		}
		if (typed != NULL)
			el_push(el, typed);
		free(typed);
	}
	if (catching)
		sigaction(SIGTSTP, &saved, NULL);
	return got;
}

/* Whether this process owns the terminal in: setting its mode from the
 * background would stop the process (SIGTTOU) instead of ending it. */
static bool in_foreground(FILE *in)
{
	return tcgetpgrp(fileno(in)) == getpgrp();
}

void lineedit_end(void)
{
	/* el_end() puts the terminal's mode back: not from the background
	 * (Ctrl-Z, then kill %1), where nothing of libedit's is left on it */
	if (el != NULL && !in_foreground(edit_in))
		return;
	if (el != NULL)
		el_end(el);
	if (hist != NULL)
		history_end(hist);
	free(shown_prompt);
	free(partial);
	el = NULL;
	hist = NULL;
	shown_prompt = NULL;
	partial = NULL;
}

char *lineedit_take_partial(void)
{
	char *p = partial;
	partial = NULL;
	return p;
}

bool lineedit_start(FILE *in, FILE *out)
{
	HistEvent ev;
	if (el != NULL)
		return true;
	hist = history_init();
	el = el_init("tmdojo", in, out, stderr);
	edit_in = in;
	if (hist == NULL || el == NULL) {
		lineedit_end();
		return false;
	}
	history(hist, &ev, H_SETSIZE, HISTORY_SIZE);
	history(hist, &ev, H_SETUNIQUE, 1);
	el_set(el, EL_EDITOR, "emacs");
	el_set(el, EL_HIST, history, hist);
	el_set(el, EL_PROMPT_ESC, prompt_fn, PROMPT_IGNORE);
	for (size_t i = 0; i < sizeof(key_binds) / sizeof(key_binds[0]); i++)
		el_set(el, EL_BIND, key_binds[i][0], key_binds[i][1], (const char *)NULL);
	/* the learner's own bindings (bind -v for vi keys) from $EDITRC or ~/.editrc */
	el_source(el, NULL);
	if (!registered)
		atexit(lineedit_end);
	registered = true;
	return true;
}

char *lineedit_read(FILE *in, FILE *out, const char *prompt, bool (*stop)(void))
{
	HistEvent ev;
	int count = 0;
	if (!lineedit_start(in, out))
		return NULL;
	const char *last = prompt != NULL ? strrchr(prompt, '\n') : NULL;
	if (last != NULL) {
		/* the lines before the prompt's last one go out as they are */
		fwrite(prompt, 1, (size_t)(last + 1 - prompt), out);
		prompt = last + 1;
	}
	fflush(out);
	free(shown_prompt);
	shown_prompt = mark_escapes(prompt != NULL ? prompt : "");
	if (shown_prompt == NULL)
		return NULL;
	el_resize(el);   /* the terminal may have been resized since the last line */
	const char *got = gets_suspendable(&count, stop);
	free(partial);
	partial = NULL;
	if (got == NULL) {
		/* Ctrl-C: the half-typed line is still libedit's, until the next read */
		partial = line_so_far();
		return NULL;
	}
	if (count <= 0)
		return NULL;
	size_t n = strlen(got);
	while (n > 0 && (got[n - 1] == '\n' || got[n - 1] == '\r'))
		n--;
	char *line = strndup(got, n);
	if (line != NULL && n > 0)
		history(hist, &ev, H_ENTER, line);
	return line;
}
