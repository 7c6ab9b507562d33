/*
 * learn_answers.c: how `tmdojo learn` reads an answer: one line through the
 * question UI (ui.c), or the lines of a threat list or exercise step, with a
 * draft kept at a stop, hints on "?", :edit in $EDITOR and :file PATH.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd_learn_internal.h"
#include "render.h"
#include "term.h"
#include "ui.h"

/* The next hint of the current question or exercise step; st (may be NULL)
 * tells a question without any hint from one whose hints are all shown. */
static void show_hint(struct ui *u, const struct tm_run_step *st)
{
	bool none = st != NULL && st->question != NULL && tm_question_hint_count(st->question) == 0;
	ui_show_hint(&u->t, tm_runner_hint(u->runner), none);
}

/* The hint callback of ui_read_answer(): the current question's next hint. */
struct hint_ctx {
	struct ui *u;
	const struct tm_run_step *st;
};

static void question_hint(void *ctx)
{
	struct hint_ctx *h = ctx;
	show_hint(h->u, h->st);
}

/* Appends line + '\n' to *text (growing it). */
static bool append_line(char **text, size_t *len, const char *line)
{
	size_t n = strlen(line);
	char *p = realloc(*text, *len + n + 2);
	if (p == NULL)
		return false;
	memcpy(p + *len, line, n);
	*len += n;
	p[(*len)++] = '\n';
	p[*len] = '\0';
	*text = p;
	return true;
}

/* Lets the learner write in $EDITOR (default vi), starting from text so far. */
static char *edit_in_editor(const char *sofar)
{
	char path[] = "/tmp/tmdojo-answer-XXXXXX";
	int fd = mkstemp(path);
	char *out = NULL;
	if (fd < 0)
		return NULL;
	FILE *fp = fdopen(fd, "w");
	if (fp == NULL) {
		close(fd);
		goto cleanup;
	}
	fputs(sofar != NULL ? sofar : "", fp);
	fclose(fp);
	const char *editor = getenv("VISUAL");
	if (editor == NULL || editor[0] == '\0')
		editor = getenv("EDITOR");
	if (editor == NULL || editor[0] == '\0')
		editor = "vi";
	fflush(stdout);
	/* The editor owns the terminal: Ctrl-C is its (vim ignores it), and must
	 * neither stop this session nor end the wait while the editor still runs
	 * (it then wrote the text into a file already removed). */
	term_hold_interrupt(true);
	pid_t pid = fork();
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		/* The shell splits "code --wait" and the like; the path stays one word. */
		setenv("TMDOJO_EDITOR", editor, 1);
		execl("/bin/sh", "sh", "-c", "exec $TMDOJO_EDITOR \"$1\"", "sh", path, (char *)NULL);
		_exit(127);
	}
	int wst = 0;
	pid_t got = -1;
	if (pid > 0) {
		do
			got = waitpid(pid, &wst, 0);
		while (got < 0 && errno == EINTR);   /* SIGTERM, SIGHUP: after the editor */
	}
	term_hold_interrupt(false);
	if (pid < 0 || got != pid || !WIFEXITED(wst) || WEXITSTATUS(wst) != 0) {
		fprintf(stderr, "tmdojo: the editor failed; type the threats here instead\n");
		goto cleanup;
	}
	{
		struct tm_diags d;
		size_t len = 0;
		tm_diags_init(&d);
		if (tm_read_file(path, TM_MAX_FILE_BYTES, &out, &len, &d) != TM_OK ||
		    tm_submission_check_encoding("the edited text", out, len, &d) != TM_OK) {
			tools_print_diags(&d);
			free(out);   /* nothing graded: the question is asked again */
			out = NULL;
		}
		tm_diags_release(&d);
	}
cleanup:
	unlink(path);
	return out;
}

static char *read_file_answer(const char *path)
{
	struct tm_diags d;
	char *out = NULL;
	size_t len = 0;
	tm_diags_init(&d);
	while (*path == ' ')
		path++;
	if (tm_read_file(path, TM_MAX_FILE_BYTES, &out, &len, &d) != TM_OK ||
	    tm_submission_check_encoding(path, out, len, &d) != TM_OK) {
		tools_print_diags(&d);
		free(out);   /* nothing graded: the question is asked again */
		out = NULL;
	}
	tm_diags_release(&d);
	return out;
}

/* The lines of text (each ends in '\n'). */
static size_t count_lines(const char *text)
{
	size_t n = 0;
	for (const char *p = text; p != NULL && *p != '\0'; p++)
		n += *p == '\n';
	return n;
}

/* At :q or Ctrl-C in a list: keeps the lines so far (text: an earlier draft or
 * list, then the typed lines, typed of them new in this round) as the step's
 * draft, and says so plainly either way, counting every line kept. */
static void keep_draft(struct ui *u, const char *text, size_t typed)
{
	struct tm_diags d;
	FILE *out = learn_stop_stream(u);
	if (typed == 0)
		return;
	size_t n = count_lines(text);
	tm_diags_init(&d);
	char msg[200];
	if (tm_runner_save_draft(u->runner, text, &d) == TM_OK)
		snprintf(msg, sizeof(msg), "The %zu line%s you typed in this step %s kept as a "
			 "draft: you will see %s when you resume.", n, n == 1 ? "" : "s",
			 n == 1 ? "is" : "are", n == 1 ? "it" : "them");
	else
		snprintf(msg, sizeof(msg), "The %zu line%s you typed in this step %s not saved.",
			 n, n == 1 ? "" : "s", n == 1 ? "was" : "were");
	fprintf(out, "\n");
	render_hanging(out, u->t.width, "", msg);
	tm_diags_release(&d);
}

/* One line of a multi-line answer; a line with a NUL byte is refused and read
 * again (the text after the NUL would be dropped without a word). */
static char *read_text_line(struct ui *u)
{
	for (;;) {
		size_t len = 0;
		char *line = term_read_answer(&u->t, "> ", &len);
		if (line == NULL || strlen(line) == len)
			return line;
		fflush(stdout);
		fprintf(stderr, "tmdojo: that line has a NUL byte (column %zu), so it is not "
			"text; type it again\n", strlen(line) + 1);
		free(line);
	}
}

/* Shows the lines of lines, dim and indented; when text is not NULL, appends
 * each non-empty one to *text (of *len bytes) too. */
static void show_lines(struct ui *u, const char *lines, char **text, size_t *len)
{
	for (const char *p = lines; *p != '\0';) {
		const char *nl = strchr(p, '\n');
		size_t n = nl != NULL ? (size_t)(nl - p) : strlen(p);
		char *one = strndup(p, n);
		if (one != NULL && n > 0) {
			if (text != NULL)
				append_line(text, len, one);
			ui_wrapped(&u->t, "  ", "dim", "", one);
		}
		free(one);
		p += n + (nl != NULL);
	}
}

/* :design at an exercise step: the design and diagram again (q in the pager
 * only ends the paging), then the lines typed so far, which it scrolled away. */
static void show_design_again(struct ui *u, const struct tm_exercise *e, const char *sofar)
{
	learn_show_design(u, e, NULL);
	printf("\n");
	if (sofar == NULL) {
		ui_styled(&u->t, "dim", "Back to the step; go on typing.");
		return;
	}
	ui_styled(&u->t, "dim", "Back to the step; your lines so far are kept:");
	show_lines(u, sofar, NULL, NULL);
}

/*
 * Reads a multi-line answer: lines until an empty line or ".", or :edit, or
 * :file PATH (at an exercise step, design not NULL, :design shows its design);
 * in scripted mode end of input after new lines ends the list too.
 * Returns READ_STOP at :q or Ctrl-C, or on a terminal at Ctrl-D (keeping the
 * lines so far as a draft), or at end of input with nothing new typed.
 */
static enum read_result read_lines(struct ui *u, const char *prefill,
				   const struct tm_exercise *design, char **answer)
{
	char *text = NULL;
	size_t len = 0;
	size_t typed = 0;   /* lines typed in this round, after the prefill */
	*answer = NULL;
	if (prefill != NULL && prefill[0] != '\0') {
		char msg[160];
		snprintf(msg, sizeof(msg), "%sYour earlier lines are kept; add more (or :edit to "
			 "change them).%s", S(u, "dim"), S(u, "reset"));
		render_hanging(stdout, u->t.width, "", msg);
		show_lines(u, prefill, &text, &len);
	}
	/* what was typed before the question showed is not part of the list; the
	 * lines of the list itself may be pasted at once */
	term_discard_typeahead(&u->t);
	for (;;) {
		char *line = read_text_line(u);
		if (line != NULL && !term_interrupted() && ui_is_quit(line)) {
			free(line);
			line = NULL;
			keep_draft(u, text, typed);
			free(text);
			return READ_STOP;
		}
		if (line == NULL || term_interrupted()) {
			free(line);
			/* a line typed without Enter at Ctrl-C (or Ctrl-D) is kept too */
			char *half = term_take_partial(&u->t);
			if (half != NULL && half[strspn(half, " \t")] != '\0' &&
			    append_line(&text, &len, half))
				typed++;
			free(half);
			/* on a terminal Ctrl-D stops as everywhere else, the lines kept
			 * as Ctrl-C keeps them; a script's end of input ends the list */
			if (typed == 0 || term_interrupted() || u->t.in_tty) {
				keep_draft(u, text, typed);
				free(text);
				return READ_STOP;
			}
			break;
		}
		if (ui_is_hint(line)) {
			free(line);
			show_hint(u, NULL);
			continue;
		}
		if (design != NULL && strcmp(line, ":design") == 0) {
			free(line);
			show_design_again(u, design, text);
			continue;
		}
		if (strcmp(line, ":edit") == 0 || strncmp(line, ":file ", 6) == 0) {
			char *got = line[1] == 'e' ? edit_in_editor(text) : read_file_answer(line + 6);
			free(line);
			if (got == NULL)
				continue;
			free(text);
			*answer = got;
			return READ_OK;
		}
		if (line[0] == '\0' || strcmp(line, ".") == 0) {
			free(line);
			if (text == NULL)
				append_line(&text, &len, "");
			break;
		}
		append_line(&text, &len, line);
		typed++;
		free(line);
	}
	*answer = text;
	return READ_OK;
}

enum read_result learn_read_answer(struct ui *u, const struct tm_run_step *st, char **answer)
{
	bool lines = (st->kind == TM_RUN_QUESTION &&
		      tm_question_type(st->question) == TM_Q_THREAT_LIST) ||
		     st->kind == TM_RUN_EXERCISE;
	*answer = NULL;
	if (lines) {
		/* The runner keeps the last list, also across a resume (read back from
		 * the store); u->prev_threats is the same text within one run. A
		 * threat-list question's next attempt builds on its last list too. */
		const char *prefill = NULL;
		if (st->kind == TM_RUN_EXERCISE && st->ex_step == TM_STEP_THREATS && st->attempt > 1)
			prefill = st->previous != NULL ? st->previous : u->prev_threats;
		else if (st->kind == TM_RUN_QUESTION && st->attempt > 1)
			prefill = st->previous;
		if (st->draft != NULL)
			prefill = st->draft;   /* what was typed before a stop, prefill included */
		return read_lines(u, prefill, st->kind == TM_RUN_EXERCISE ? st->exercise : NULL,
				  answer);
	}
	struct hint_ctx h = { u, st };
	return ui_read_answer(&u->t, question_hint, &h, answer) == UI_READ_OK ? READ_OK
									   : READ_STOP;
}
