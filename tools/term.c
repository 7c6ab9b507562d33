/*
 * term.c: TTY detection, colour, width, paging and line input for the learner UI.
 */
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "lineedit.h"
#include "render.h"
#include "term.h"

static int env_int(const char *name, int fallback)
{
	const char *v = getenv(name);
	int n = v != NULL ? atoi(v) : 0;
	return n > 0 ? n : fallback;
}

static volatile sig_atomic_t interrupted;   /* the signal that stopped the UI, or 0 */
static struct sigaction saved_int;   /* while term_hold_interrupt() ignores it */
static bool holding;

static volatile sig_atomic_t stdin_piped;   /* stdin is no terminal */

/*
 * Notes the signal. A signal that lands after the last check of the flag and
 * before a read of piped input starts would leave that read waiting for input
 * that may never come (a script holding a fifo open): piped input is ended
 * here, so that any read returns at once. A terminal is left alone (its
 * settings, and libedit's, belong to it); the next key ends that read.
 * Only async-signal-safe calls.
 */
static void on_interrupt(int sig)
{
	int saved = errno;
	interrupted = sig;
	if (stdin_piped) {
		int fd = open("/dev/null", O_RDONLY);
		if (fd > STDIN_FILENO) {
			dup2(fd, STDIN_FILENO);
			close(fd);
		}
	}
	errno = saved;
}

/* SIGTERM and SIGHUP (a closed terminal, a container stopping, kill) stop the
 * session as Ctrl-C does, so that it releases the learner's session row and
 * says where to resume; left to their default they killed tmdojo mid-session. */
void term_catch_interrupt(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_interrupt;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;   /* no SA_RESTART: a read in progress returns */
	stdin_piped = isatty(STDIN_FILENO) != 1;
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

bool term_interrupted(void)
{
	return interrupted != 0;
}

int term_interrupt_status(void)
{
	return interrupted != 0 ? 128 + interrupted : 0;
}

FILE *term_stop_stream(const struct term *t)
{
	return interrupted && !t->out_tty ? stderr : stdout;
}

void term_hold_interrupt(bool hold)
{
	struct sigaction ign;
	if (hold == holding)
		return;
	if (hold) {
		memset(&ign, 0, sizeof(ign));
		ign.sa_handler = SIG_IGN;
		sigemptyset(&ign.sa_mask);
		sigaction(SIGINT, &ign, &saved_int);
	} else {
		sigaction(SIGINT, &saved_int, NULL);
	}
	holding = hold;
}

void term_refresh(struct term *t)
{
	struct winsize ws;
	t->cols = 0;
	if (isatty(STDOUT_FILENO) == 1 && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col > 0) {
		t->width = ws.ws_col;
		t->cols = ws.ws_col;
		if (ws.ws_row > 0)
			t->height = ws.ws_row;
	}
	/* Long lines are hard to read: wrap at 100 at most; below 40 nothing fits. */
	if (t->width > 100)
		t->width = 100;
	if (t->width < 40)
		t->width = 40;
	if (t->height < 8)
		t->height = 8;
}

int term_text_width(const struct term *t)
{
	return t->cols > 0 || env_int("COLUMNS", 0) > 0 ? t->width : 0;
}

bool term_ctype_utf8(void)
{
	/* only LC_CTYPE: numbers keep their '.' */
	bool utf8 = setlocale(LC_CTYPE, "") != NULL && strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	if (!utf8)
		setlocale(LC_CTYPE, "C.UTF-8");
	return utf8;
}

bool term_plain(void)
{
	const char *v = getenv("TMDOJO_PLAIN");
	return v != NULL && v[0] != '\0' && strcmp(v, "0") != 0;
}

void term_init(struct term *t)
{
	/* whether the learner's own locale is UTF-8 decides the glyphs we print */
	t->utf8 = term_ctype_utf8();
	const char *no_color = getenv("NO_COLOR");
	t->in = stdin;
	t->out = stdout;
	bool out_tty = isatty(STDOUT_FILENO) == 1;
	t->in_tty = isatty(STDIN_FILENO) == 1;
	t->out_tty = out_tty;
	t->interactive = out_tty && t->in_tty;
	const char *term_name = getenv("TERM");
	bool dumb = term_name != NULL && strcmp(term_name, "dumb") == 0;
	/* a dumb terminal (an editor's shell buffer), or one that does not say
	 * what it is, cannot be told to move the cursor */
	t->edit = t->interactive && term_name != NULL && term_name[0] != '\0' && !dumb;
	t->color = out_tty && (no_color == NULL || no_color[0] == '\0');
	if (dumb)
		t->color = false;
	t->plain = term_plain();
	if (t->plain) {
		t->color = false;
		t->utf8 = false;   /* ASCII bullets and rules: no glyph names read out */
	}
	t->width = env_int("COLUMNS", 80);
	t->height = env_int("LINES", 24);
	term_refresh(t);
}

struct style {
	const char *name;
	const char *seq;
};

static const struct style styles[] = {
	{ "reset", "\033[0m" }, { "bold", "\033[1m" }, { "dim", "\033[2m" },
	{ "italic", "\033[3m" }, { "underline", "\033[4m" }, { "red", "\033[31m" },
	{ "green", "\033[32m" }, { "yellow", "\033[33m" }, { "blue", "\033[34m" },
	{ "magenta", "\033[35m" }, { "cyan", "\033[36m" },
};

const char *term_style(const struct term *t, const char *name)
{
	if (!t->color)
		return "";
	for (size_t i = 0; i < sizeof(styles) / sizeof(styles[0]); i++)
		if (strcmp(styles[i].name, name) == 0)
			return styles[i].seq;
	return "";
}

char *term_read_line(const struct term *t, const char *prompt)
{
	size_t len = 0;
	return term_read_line_len(t, prompt, &len);
}

/* Whether this is the first line the process reads: only its byte order mark
 * is one (a later line's U+FEFF is text). */
static bool first_line = true;

/* Removes a leading UTF-8 byte order mark from line (n bytes); returns the new
 * length. */
static size_t strip_bom(char *line, size_t n)
{
	if (n < 3 || memcmp(line, "\xef\xbb\xbf", 3) != 0)
		return n;
	memmove(line, line + 3, n - 3 + 1);
	return n - 3;
}

/* Writes line after a scripted prompt, for a readable transcript: control
 * characters as the spaces grading reads them as, so that input cannot send
 * escape sequences (a title, a colour) to whoever reads the transcript; C1
 * controls (U+0080..U+009F, CSI among them) too. */
static void echo_line(const struct term *t, const char *line)
{
	for (const unsigned char *p = (const unsigned char *)line; *p != '\0'; p++) {
		if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			fputc(' ', t->out);
			p++;
		} else {
			fputc(*p < 0x20 || *p == 0x7f ? ' ' : *p, t->out);
		}
	}
	fputc('\n', t->out);
}

/* Ctrl-C and Ctrl-D end an edited line as they end one read with getline():
 * a NULL line, term_interrupted() telling them apart. No byte order mark is
 * stripped: the terminal typed the line. */
char *term_read_answer(const struct term *t, const char *prompt, size_t *len)
{
	if (!t->edit || !lineedit_start(t->in, t->out))
		return term_read_line_len(t, prompt, len);
	char *line = lineedit_read(t->in, t->out, prompt, term_interrupted);
	first_line = false;
	if (line == NULL) {
		/* Ctrl-D left the cursor on the prompt's line (Ctrl-C's stop
		 * message starts with a newline of its own) */
		if (prompt != NULL && !interrupted) {
			fputc('\n', t->out);
			fflush(t->out);
		}
		return NULL;
	}
	*len = strlen(line);
	return line;
}

char *term_take_partial(const struct term *t)
{
	return t->edit ? lineedit_take_partial() : NULL;
}

char *term_read_line_len(const struct term *t, const char *prompt, size_t *len)
{
	char *line = NULL;
	size_t cap = 0;
	if (prompt != NULL) {
		fputs(prompt, t->out);
		fflush(t->out);
	}
	ssize_t n = getline(&line, &cap, t->in);
	if (n < 0) {
		free(line);
		/* Ctrl-D left the cursor on the prompt's line (Ctrl-C's stop
		 * message starts with a newline of its own) */
		if (t->in_tty && prompt != NULL && !interrupted) {
			fputc('\n', t->out);
			fflush(t->out);
		}
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	if (first_line)
		n = (ssize_t)strip_bom(line, (size_t)n);
	first_line = false;
	*len = (size_t)n;
	if (!t->in_tty && prompt != NULL)
		echo_line(t, line);   /* a terminal echoes what is typed itself */
	return line;
}

void term_discard_typeahead(const struct term *t)
{
	if (t->in_tty)
		tcflush(fileno(t->in), TCIFLUSH);
}

bool term_is_stop(const char *line)
{
	return strcmp(line, "q") == 0 || strcmp(line, ":q") == 0 || strcmp(line, ":quit") == 0 ||
	       strcmp(line, "quit") == 0;
}

bool term_pause(const struct term *t, const char *prompt)
{
	if (interrupted)
		return false;
	if (!t->interactive)
		return true;
	char buf[200];
	snprintf(buf, sizeof(buf), "%s%s%s ", term_style(t, "dim"),
		 prompt != NULL ? prompt : "[Enter] continue, q stops", term_style(t, "reset"));
	term_discard_typeahead(t);
	char *line = term_read_line(t, buf);
	bool go_on = line != NULL && !interrupted && !term_is_stop(line);
	free(line);
	return go_on;
}

/* Rows line (len bytes) takes on a screen cols wide: at least one, more when
 * the terminal wraps it. */
static int screen_rows(const char *line, size_t len, int cols)
{
	size_t w = render_display_width(line, len);
	if (cols <= 0 || w <= (size_t)cols)
		return 1;
	return (int)((w + (size_t)cols - 1) / (size_t)cols);
}

bool term_page(const struct term *t, const char *text)
{
	int rows = t->height - 2;
	int cols = t->cols > 0 ? t->cols : t->width;
	int shown = 0;
	for (const char *p = text; *p != '\0';) {
		const char *nl = strchr(p, '\n');
		size_t len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		int need = screen_rows(p, len, cols);
		/* a line taller than a screen still goes out whole, on a screen of its own */
		if (t->interactive && shown > 0 && shown + need > rows) {
			if (!term_pause(t, "-- more: [Enter] next page, q stops --"))
				return false;
			shown = 0;
		}
		fwrite(p, 1, len, t->out);
		fputc('\n', t->out);
		shown += need;
		p += len + (nl != NULL);
	}
	fflush(t->out);
	return true;
}
