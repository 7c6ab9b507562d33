/*
 * cmd_learn.c: `tmdojo learn COURSE[/MODULE]`, the interactive course, and
 * `tmdojo` with no command (the home screen). This file only shows and reads:
 * the session runner (engine/runner.c) decides what comes next, grades, and
 * stores every answer as it is given.
 *
 * On a terminal: colour (unless NO_COLOR), paging, pauses. With stdin not a
 * terminal (scripted mode): plain text, no pauses; answers are read line by line
 * (threat lists end with an empty line, "." or the end of input), and the end of
 * input stops cleanly with the progress saved. On a terminal Ctrl-D stops as the
 * end of input does, in a list too (its lines kept as a draft).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include "commands.h"
#include "render.h"
#include "term.h"
#include "ui.h"

static const char learn_usage[] =
	"usage: tmdojo learn [--learner NAME] [--seed N] [--take-over] [COURSE[/MODULE]]\n"
	"       tmdojo learn --seed N --solve COURSE[/MODULE]\n"
	"\n"
	"Starts or resumes a course (or one module of it) where you left off: at the\n"
	"first item not done yet. Taking one module out of order leaves the course's\n"
	"place alone. Without COURSE, continues the first course you have not finished.\n"
	"\n"
	"At a page or pause prompt: Enter goes on, q (or :q, quit) stops. While\n"
	"answering: ? or hint shows a hint, :q, :quit or quit stops. Ctrl-C stops\n"
	"anywhere (so do SIGTERM and SIGHUP), and so does Ctrl-D on a terminal. Progress\n"
	"is saved after every answer; lines typed into an unfinished list are kept as a\n"
	"draft and offered again when you resume.\n"
	"A learner has one session at a time: another one still running (on this or\n"
	"another host) is refused, unless it has been inactive for 12 hours or you\n"
	"take it over with --take-over. 'tmdojo progress --reset' releases it too.\n"
	"A session taken over while it runs stops at its next answer, unsaved.\n"
	"Threat lists: one threat per line, then an empty line or '.' (Ctrl-D stops,\n"
	"keeping the lines as a draft); :edit writes them in $EDITOR (Ctrl-C there is\n"
	"the editor's), :file PATH reads them from a file.\n"
	"With stdin not a terminal, answers are read line by line, the end of input ends\n"
	"a list (or stops, at any other prompt), and output is plain.\n"
	"\n"
	"  --learner NAME   whose progress to use (default: $TMDOJO_LEARNER, else your\n"
	"                   user name); no control characters in a new one\n"
	"  --seed N         seed for new choice shuffles, 1 to 4294967295 (tests)\n"
	"  --take-over      take the learner's session over from one held elsewhere (a\n"
	"                   session left behind on a host that is gone or renamed)\n"
	"  --solve          with --seed N: print the answers that pass every question of\n"
	"                   COURSE (for authors and tests; use them with the same seed)\n";

/* ==== Shared with cmd_progress.c ================================================= */

const char *learn_learner_name(const char *given)
{
	if (given != NULL && given[0] != '\0')
		return given;
	const char *env = getenv("TMDOJO_LEARNER");
	if (env != NULL && env[0] != '\0')
		return env;
	const struct passwd *pw = getpwuid(getuid());
	if (pw != NULL && pw->pw_name != NULL && pw->pw_name[0] != '\0')
		return pw->pw_name;
	const char *user = getenv("USER");
	return user != NULL && user[0] != '\0' ? user : "learner";
}

/* Whether the progress store already holds a learner called name (false when
 * it cannot be read: the command that goes on says why). */
static bool learner_stored(const char *name)
{
	struct tm_diags d;
	struct tm_store *s = NULL;
	char *path = NULL;
	long long id = -1;
	bool found = false;
	tm_diags_init(&d);
	if (tm_store_default_path(&path, &d) == TM_OK &&
	    tools_open_store_to_read(path, &s, &d) == TM_OK &&
	    tm_store_find_learner(s, name, &id, &d) == TM_OK)
		found = true;
	tm_store_close(s);
	free(path);
	tm_diags_release(&d);
	return found;
}

/* The name rule applies when a learner is created: one stored before the rule
 * (by an older tmdojo) can still be used, resumed, shown and reset. */
bool learn_learner_ok(const char *cmd, const char *name)
{
	struct tm_diags d;
	bool ok;

	tm_diags_init(&d);
	ok = tm_name_check("learner", name, &d) == TM_OK || learner_stored(name);
	if (!ok)
		fprintf(stderr, "%s: %s\n", cmd, d.items[0].text);
	tm_diags_release(&d);
	return ok;
}

int learn_store_open(const char *learner, enum learn_store_use use, struct tm_store **out,
		     long long *id, struct tm_diags *d)
{
	bool write = use != LEARN_STORE_VIEW;
	char *path = NULL;
	struct tm_store *s = NULL;
	*out = NULL;
	*id = -1;
	int rc = tm_store_default_path(&path, d);
	if (rc == TM_OK && !write) {
		/* Views read only, so a file that cannot be written is still shown */
		rc = tools_open_store_to_read(path, &s, d);
	} else if (rc == TM_OK) {
		rc = tm_store_open(path, TM_STORE_BUSY_MS, &s, d);
	}
	if (rc == TM_OK && use == LEARN_STORE_LEARN) {
		rc = tm_store_learner(s, learner, id, d);
	} else if (rc == TM_OK) {
		struct tm_diags ignore;   /* an unknown learner is not an error here */
		tm_diags_init(&ignore);
		rc = tm_store_find_learner(s, learner, id, &ignore);
		if (rc == TM_ENOTFOUND) {
			*id = -1;
			rc = TM_OK;
		}
		if (rc != TM_OK)
			tools_copy_diags(d, &ignore);
		tm_diags_release(&ignore);
	}
	free(path);
	if (rc != TM_OK) {
		tm_store_close(s);
		return rc;
	}
	*out = s;
	return TM_OK;
}

struct tm_store *learn_open_store(const char *learner, enum learn_store_use use,
				  long long *id)
{
	struct tm_diags d;
	struct tm_store *s = NULL;
	tm_diags_init(&d);
	if (learn_store_open(learner, use, &s, id, &d) != TM_OK)
		tools_print_diags(&d);
	tm_diags_release(&d);
	return s;
}

/* ==== The session ================================================================== */

struct ui {
	struct term t;
	struct tm_content *content;
	struct tm_store *store;
	struct tm_runner *runner;
	const char *course_arg;
	const char *learner_opt;   /* given with --learner, else NULL */
	char *prev_threats;   /* the last threat list, kept for another attempt */
	bool stopped;         /* the learner asked to stop at a page prompt */
	const struct tm_item *quiz_shown;   /* the quiz whose title was shown last */
};

#define S(u, name) term_style(&(u)->t, name)

enum read_result { READ_OK, READ_STOP };

/* A title (module, lesson, quiz, exercise step) after a blank line: bold and
 * cyan, or, with styles off (NO_COLOR, piped, TMDOJO_PLAIN), underlined with
 * '=' as the top heading of lesson text is, so that it does not read as the
 * first line of the body. */
static void print_heading(struct ui *u, const char *kind, const char *title)
{
	char lead[200];
	snprintf(lead, sizeof(lead), "%s%s", S(u, "bold"), S(u, "cyan"));
	printf("\n");
	/* wrapped (a long title at 40 columns); the styles end after the text */
	size_t n = strlen(kind) + strlen(title) + 1;
	char *text = malloc(n);
	if (text == NULL)
		return;
	snprintf(text, n, "%s%s", kind, title);
	char *lines = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&lines, &len);
	if (f != NULL) {
		render_hanging(f, u->t.width, "", text);
		if (fclose(f) != 0) {
			free(lines);
			lines = NULL;
		}
	}
	fputs(lead, stdout);
	fputs(lines != NULL ? lines : text, stdout);
	if (lines == NULL)
		fputc('\n', stdout);
	fputs(S(u, "reset"), stdout);
	if (!u->t.color)
		render_underline(stdout, lines != NULL ? lines : text, '=');
	free(lines);
	free(text);
}

/* ---- reading answers -------------------------------------------------------------- */

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
		if (tm_read_file(path, TM_MAX_FILE_BYTES, &out, &len, &d) != TM_OK) {
			tools_print_diags(&d);
			out = NULL;
		} else if (tools_refuse_nul("the edited text", out, len)) {
			free(out);
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
	if (tm_read_file(path, TM_MAX_FILE_BYTES, &out, &len, &d) != TM_OK) {
		tools_print_diags(&d);
		out = NULL;
	} else if (tools_refuse_nul(path, out, len)) {
		free(out);   /* nothing graded: the question is asked again */
		out = NULL;
	}
	tm_diags_release(&d);
	return out;
}

/* Where what a stop says goes (term_stop_stream()). */
static FILE *stop_stream(const struct ui *u)
{
	return term_stop_stream(&u->t);
}

/* At :q or Ctrl-C in a list: keeps the lines so far (text, typed of them new
 * in this round) as the step's draft, and says so plainly either way. */
static void keep_draft(struct ui *u, const char *text, size_t typed)
{
	struct tm_diags d;
	FILE *out = stop_stream(u);
	if (typed == 0)
		return;
	tm_diags_init(&d);
	char msg[200];
	if (tm_runner_save_draft(u->runner, text, &d) == TM_OK)
		snprintf(msg, sizeof(msg), "The %zu line%s you typed in this step %s kept as a "
			 "draft: you will see %s when you resume.", typed, typed == 1 ? "" : "s",
			 typed == 1 ? "is" : "are", typed == 1 ? "it" : "them");
	else
		snprintf(msg, sizeof(msg), "The %zu line%s you typed in this step %s not saved.",
			 typed, typed == 1 ? "" : "s", typed == 1 ? "was" : "were");
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

/*
 * Reads a multi-line answer: lines until an empty line or ".", or :edit, or
 * :file PATH; in scripted mode end of input after new lines ends the list too.
 * Returns READ_STOP at :q or Ctrl-C, or on a terminal at Ctrl-D (keeping the
 * lines so far as a draft), or at end of input with nothing new typed.
 */
static enum read_result read_lines(struct ui *u, const char *prefill, char **answer)
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
		for (const char *p = prefill; *p != '\0';) {
			const char *nl = strchr(p, '\n');
			size_t n = nl != NULL ? (size_t)(nl - p) : strlen(p);
			char *one = strndup(p, n);
			if (one != NULL && n > 0) {
				append_line(&text, &len, one);
				ui_wrapped(&u->t, "  ", "dim", "", one);
			}
			free(one);
			p += n + (nl != NULL);
		}
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

static enum read_result read_answer(struct ui *u, const struct tm_run_step *st, char **answer)
{
	bool lines = (st->kind == TM_RUN_QUESTION &&
		      tm_question_type(st->question) == TM_Q_THREAT_LIST) ||
		     st->kind == TM_RUN_EXERCISE;
	*answer = NULL;
	if (lines) {
		/* The runner keeps the last list, also across a resume (read back from
		 * the store); u->prev_threats is the same text within one run. */
		const char *prefill = NULL;
		if (st->kind == TM_RUN_EXERCISE && st->ex_step == TM_STEP_THREATS && st->attempt > 1)
			prefill = st->previous != NULL ? st->previous : u->prev_threats;
		if (st->draft != NULL)
			prefill = st->draft;   /* what was typed before a stop, prefill included */
		return read_lines(u, prefill, answer);
	}
	struct hint_ctx h = { u, st };
	return ui_read_answer(&u->t, question_hint, &h, answer) == UI_READ_OK ? READ_OK
									   : READ_STOP;
}

/* ---- exercises --------------------------------------------------------------------- */

static const char *const step_titles[TM_STEP_COUNT] = {
	[TM_STEP_READ] = "Read the design",
	[TM_STEP_ASSETS] = "List the assets",
	[TM_STEP_SCOPE] = "Agree on the scope",
	[TM_STEP_THREATS] = "Find threats",
	[TM_STEP_TOP_THREE] = "Pick your top three",
	[TM_STEP_REMEDIATION] = "Decide on remediation",
};

static const char *const step_asks[TM_STEP_COUNT] = {
	[TM_STEP_ASSETS] = "What is worth protecting here? One asset per line.",
	[TM_STEP_SCOPE] = "What is in scope? One item per line; start out-of-scope items with "
			  "\"out:\".",
	[TM_STEP_THREATS] = "What can go wrong? One threat per line, as specific as you can "
			    "(who does what, to which asset, how).",
	[TM_STEP_TOP_THREE] = "Which three threats matter most? One per line, most important "
			      "first.",
	[TM_STEP_REMEDIATION] = "For each of your top three: the fix, and when your "
				"organization's policy says it is due. One per line.",
};

/* The read step asks nothing, so "?" never reaches it: its hints are shown
 * with the design, all at once. The exercise's own when it has any, else the
 * step's generic one (the runner's hint at this step). */
static void show_reading_tips(struct ui *u, const struct tm_exercise *e)
{
	size_t own = tm_exercise_hint_count(e, TM_STEP_READ);
	const char *generic = own == 0 ? tm_runner_hint(u->runner) : NULL;
	if (own == 0 && generic == NULL)
		return;
	printf("\n%sReading tips%s\n", S(u, "bold"), S(u, "reset"));
	for (size_t i = 0; i < own; i++)
		ui_rendered_hanging(&u->t, "- ", tm_exercise_hint(e, TM_STEP_READ, i));
	if (generic != NULL)
		ui_rendered_hanging(&u->t, "- ", generic);
}

static void show_exercise_step(struct ui *u, const struct tm_run_step *st)
{
	const struct tm_exercise *e = st->exercise;
	enum tm_step s = st->ex_step;
	char head[300];
	snprintf(head, sizeof(head), "Exercise: %s, step %zu of %zu: ", tm_exercise_title(e),
		 st->ex_step_index + 1, tm_exercise_step_count(e));
	print_heading(u, head, step_titles[s]);
	int box = tm_exercise_timebox(e, s);
	if (box > 0)
		printf("%sTime box: %d minutes.%s\n", S(u, "dim"), box, S(u, "reset"));
	if (s == TM_STEP_READ) {
		ui_rendered(&u->t, tm_exercise_summary(e));
		char *doc = render_markdown_glyphs(tm_exercise_document(e), u->t.width, u->t.color, u->t.utf8);
		if (doc != NULL && !term_page(&u->t, doc))
			u->stopped = true;
		free(doc);
		if (!u->stopped && tm_exercise_diagram(e) != NULL) {
			printf("\n%sDiagram%s\n", S(u, "bold"), S(u, "reset"));
			if (!term_page(&u->t, tm_exercise_diagram(e)))
				u->stopped = true;
		}
		if (u->stopped)
			return;
		show_reading_tips(u, e);
		return;
	}
	render_hanging(stdout, u->t.width, "", step_asks[s]);
	ui_styled(&u->t, "dim", s == TM_STEP_THREATS ?
		  "(finish with an empty line or \".\"; ? for a hint; :edit uses $EDITOR, "
		  ":file PATH reads a file)" : "(finish with an empty line or \".\"; ? for a hint)");
}

static const char *line_text(const struct tm_run_step *st, size_t idx)
{
	return st->submission != NULL && idx < grader_submission_line_count(st->submission)
		       ? grader_submission_line(st->submission, idx) : "";
}

/* The "why" of a credited line as a learner reads it. For an author pattern the
 * grader writes the pattern out ("pattern '\b(cvvs?|cvc)\b.{0,60}...' matched"):
 * code, and a give-away of what the key accepts; learn says what it means instead
 * (grade, keycheck and the trainer views keep the pattern). Aliases and shared
 * words are the key's and the learner's own words, shown as they are. */
static const char *learner_why(const char *why)
{
	if (strncmp(why, "pattern '", 9) == 0)
		return "matched a phrase the key's author listed for this threat";
	return why;
}

/* One short line per learner line on which one of the key's patterns stopped at
 * the grader's match limit (counted as no match): the learner may have lost a
 * credit, and only the key's author can fix the pattern, so the trainer is to
 * be told. The pattern itself is not shown: it would give the key away. */
static void show_limit_notes(struct ui *u, const struct tm_run_step *st)
{
	const struct grader_result *r = st->result;
	long last = -1;

	for (size_t i = 0; i < grader_result_limit_count(r); i++) {
		size_t l = grader_result_limit_line(r, i);
		char text[200];

		if ((long)l == last)
			continue;
		last = (long)l;
		snprintf(text, sizeof(text), "one of the key's checks could not be completed on "
			 "your line %d, so it may have missed a credit: please tell your trainer.",
			 st->submission != NULL ? grader_submission_line_no(st->submission, l)
						: (int)l + 1);
		printf("\n");
		ui_wrapped(&u->t, "", "yellow", "Note: ", text);
	}
}

static void show_threat_result(struct ui *u, const struct tm_run_step *st)
{
	const struct grader_result *r = st->result;
	const struct grader_key *key = tm_exercise_key(st->exercise);
	char score[32], points[96];
	snprintf(score, sizeof(score), "Score: %.0f%% ", grader_result_score(r));
	char got[32], of[32];
	snprintf(points, sizeof(points), "(%s of %s points, weighted by severity)",
		 render_points(got, sizeof(got), grader_result_points(r)),
		 render_points(of, sizeof(of), grader_result_max_points(r)));
	ui_wrapped(&u->t, "", "bold", score, points);
	if (grader_result_found_count(r) > 0)
		printf("\n%sFound:%s\n", S(u, "green"), S(u, "reset"));
	for (size_t i = 0; i < grader_result_found_count(r); i++) {
		size_t t = grader_result_found_threat(r, i);
		char lead[128];
		snprintf(lead, sizeof(lead), "  + [%s, %s] ", grader_threat_id(key, t),
			 grader_severity_name(grader_threat_severity(key, t)));
		render_hanging(stdout, u->t.width, lead, grader_threat_title(key, t));
		const char *said = line_text(st, grader_result_found_line(r, i));
		size_t qn = strlen(said) + 3;
		char *quoted = malloc(qn);
		if (quoted != NULL) {
			snprintf(quoted, qn, "\"%s\"", said);
			ui_wrapped(&u->t, "      ", "", "your line: ", quoted);
		}
		free(quoted);
		const char *why = grader_result_found_why(r, i);
		if (why != NULL && why[0] != '\0') {
			why = learner_why(why);
			size_t wn = strlen(why) + 3;
			char *paren = malloc(wn);
			if (paren != NULL) {
				snprintf(paren, wn, "(%s)", why);
				fputs(S(u, "dim"), stdout);
				render_hanging(stdout, u->t.width, "      ", paren);
				fputs(S(u, "reset"), stdout);
			}
			free(paren);
		}
	}
	if (grader_result_missed_count(r) > 0)
		printf("\n%sMissed: %zu threat%s. Hints:%s\n", S(u, "yellow"),
		       grader_result_missed_count(r), grader_result_missed_count(r) == 1 ? "" : "s",
		       S(u, "reset"));
	for (size_t i = 0; i < grader_result_missed_count(r); i++) {
		size_t t = grader_result_missed_threat(r, i);
		const char *hint = grader_threat_hint(key, t);
		unsigned stride = grader_threat_stride(key, t);
		const char *cat = NULL;
		for (unsigned bit = 1; bit <= GRADER_STRIDE_E && cat == NULL; bit <<= 1)
			if (stride & bit)
				cat = grader_stride_name(bit);
		char lead[128];
		snprintf(lead, sizeof(lead), "  - (%s, %s) ",
			 grader_severity_name(grader_threat_severity(key, t)),
			 cat != NULL ? cat : "threat");
		render_hanging(stdout, u->t.width, lead,
			       hint != NULL ? hint : "look again at the diagram for this category");
	}
	if (grader_result_unmatched_count(r) > 0) {
		char head[160];
		snprintf(head, sizeof(head), "%sNot matched to the key%s (not wrong: a valid "
			 "threat the key lacks is worth discussing):", S(u, "bold"), S(u, "reset"));
		printf("\n");
		render_hanging(stdout, u->t.width, "", head);
	}
	for (size_t i = 0; i < grader_result_unmatched_count(r); i++) {
		long c = grader_result_unmatched_closest(r, i);
		const char *said = line_text(st, grader_result_unmatched_line(r, i));
		char closest[160] = "";
		if (c >= 0)
			snprintf(closest, sizeof(closest), "%s(closest: %s, %.0f%% alike)%s",
				 S(u, "dim"), grader_threat_id(key, (size_t)c),
				 grader_result_unmatched_similarity(r, i) * 100, S(u, "reset"));
		/* the learner's line on one row of its own: "  ? " and two quotes */
		const char *dots = u->t.utf8 ? "\xe2\x80\xa6" : "...";
		size_t room = u->t.width > 10 ? (size_t)u->t.width - 6 : 4;
		size_t len = strlen(said), keep = len;
		if (render_display_width(said, len) > room)
			keep = render_fit_bytes(said, len, room - (u->t.utf8 ? 1 : 3));
		size_t n = keep + strlen(dots) + strlen(closest) + 8;
		char *text = malloc(n);
		if (text == NULL)
			continue;
		snprintf(text, n, "\"%.*s%s\" %s", (int)keep, said, keep < len ? dots : "",
			 closest);
		render_hanging(stdout, u->t.width, "  ? ", text);
		free(text);
	}
	show_limit_notes(u, st);
}

static void show_top_three(struct ui *u, const struct tm_run_step *st)
{
	const struct tm_exercise *e = st->exercise;
	const struct grader_key *key = tm_exercise_key(e);
	if (st->result != NULL && grader_result_found_count(st->result) > 0) {
		printf("Your picks match:");
		for (size_t i = 0; i < grader_result_found_count(st->result); i++)
			printf(" %s", grader_threat_id(key, grader_result_found_threat(st->result, i)));
		printf("\n");
	}
	if (st->result != NULL)
		show_limit_notes(u, st);
	if (tm_exercise_top_count(e) == 0)
		return;
	printf("\n%sThe reference top three:%s\n", S(u, "bold"), S(u, "reset"));
	for (size_t i = 0; i < tm_exercise_top_count(e); i++) {
		long t = grader_key_find(key, tm_exercise_top_threat(e, i));
		char lead[128];
		snprintf(lead, sizeof(lead), "  %zu. [%s] ", i + 1, tm_exercise_top_threat(e, i));
		render_hanging(stdout, u->t.width, lead,
			       t >= 0 ? grader_threat_title(key, (size_t)t) : "");
		if (tm_exercise_top_why(e, i) != NULL)
			ui_wrapped(&u->t, "     ", "", "why: ", tm_exercise_top_why(e, i));
	}
}

static void show_mitigations(struct ui *u, const struct grader_key *key, size_t t)
{
	for (size_t j = 0; j < grader_threat_mitigation_count(key, t); j++)
		ui_wrapped(&u->t, "      ", "green", "fix: ", grader_threat_mitigation(key, t, j));
}

/* ---- what the learner named: assets and scope -------------------------------------- */

/* The two sides of the scope step; the assets step uses only NAMED_IN. */
enum { NAMED_IN, NAMED_OUT, NAMED_SIDES };

/* A learner's line that names a reference item on the other side of the line. */
struct named_mistake {
	char *line;      /* the learner's words, prefix stripped; owned */
	int put;         /* the side the learner put it on */
	size_t item;     /* the reference item it names, on the other side */
};

/* Which reference items the learner's lines name, each line crediting only its
 * closest item (at the grader's similarity of 0.5 or more). */
struct named {
	size_t count[NAMED_SIDES];
	bool *hit[NAMED_SIDES];              /* hit[side][i]: item i named on its side */
	struct named_mistake *mistakes;      /* scope items put on the wrong side */
	size_t mistake_count;
};

static size_t reference_count(const struct tm_exercise *e, enum tm_step s, int side)
{
	if (s == TM_STEP_ASSETS)
		return side == NAMED_IN ? tm_exercise_asset_count(e) : 0;
	return tm_exercise_scope_count(e, side == NAMED_IN);
}

static const char *reference_item(const struct tm_exercise *e, enum tm_step s, int side,
				  size_t i)
{
	return s == TM_STEP_ASSETS ? tm_exercise_asset_name(e, i)
				   : tm_exercise_scope(e, side == NAMED_IN, i);
}

/* line without its list marker and, at the scope step, its "out:" or "in:"
 * prefix (which sets *side); a pointer into line. */
static const char *named_text(const char *line, bool scope, int *side)
{
	*side = NAMED_IN;
	line += strspn(line, " \t");
	if ((line[0] == '-' || line[0] == '*' || line[0] == '+') &&
	    (line[1] == ' ' || line[1] == '\t'))
		line += 1 + strspn(line + 1, " \t");
	if (scope && strncasecmp(line, "out:", 4) == 0) {
		*side = NAMED_OUT;
		line += 4;
	} else if (scope && strncasecmp(line, "in:", 3) == 0) {
		line += 3;
	}
	return line + strspn(line, " \t");
}

/* The item of side that text names most closely, or -1. Text names an item
 * when the grader's similarity of text to it is 0.5 or more; among those, the
 * closest is the one most alike both ways: the similarity alone favours short
 * items ("survey answers" is 0.8 of "survey questions" and less of "survey
 * answers and free-text comments"). */
static long closest_item(struct ui *u, const struct tm_exercise *e, enum tm_step s,
			 const struct named *n, const char *text, int side)
{
	const struct grader_lexicon *lex = tm_content_lexicon(u->content);
	long best = -1;
	double best_alike = 0;
	for (size_t i = 0; i < n->count[side]; i++) {
		const char *item = reference_item(e, s, side, i);
		double sim = grader_text_similarity(lex, text, item, NULL, 0);
		if (sim < 0.5)
			continue;
		double alike = sim + grader_text_similarity(lex, item, text, NULL, 0);
		if (best < 0 || alike > best_alike) {
			best = (long)i;
			best_alike = alike;
		}
	}
	return best;
}

/* Credits one learner line (text, put on side) to the item of that side it
 * names most closely; a line that names none there but names an item on the
 * other side is a scope mistake, recorded with the line. Returns false when
 * memory ran out. */
static bool name_one(struct ui *u, const struct tm_exercise *e, enum tm_step s,
		     struct named *n, const char *text, int side)
{
	long item = closest_item(u, e, s, n, text, side);
	if (item >= 0) {
		n->hit[side][item] = true;
		return true;
	}
	int other = NAMED_SIDES - 1 - side;
	item = closest_item(u, e, s, n, text, other);
	if (item < 0)
		return true;
	struct named_mistake *grown = realloc(n->mistakes,
					      (n->mistake_count + 1) * sizeof(*grown));
	if (grown == NULL)
		return false;
	n->mistakes = grown;
	char *copy = strdup(text);
	if (copy == NULL)
		return false;
	n->mistakes[n->mistake_count++] = (struct named_mistake){ copy, side, (size_t)item };
	return true;
}

static void named_release(struct named *n)
{
	for (int sd = 0; sd < NAMED_SIDES; sd++)
		free(n->hit[sd]);
	for (size_t i = 0; i < n->mistake_count; i++)
		free(n->mistakes[i].line);
	free(n->mistakes);
	memset(n, 0, sizeof(*n));
}

/* Matches the learner's answer (one item per line) to the reference list(s) of
 * step s. Returns true and fills *n (release with named_release()); false when
 * memory ran out (*n released). */
static bool named_match(struct ui *u, const struct tm_exercise *e, enum tm_step s,
			const char *answer, struct named *n)
{
	memset(n, 0, sizeof(*n));
	for (int sd = 0; sd < NAMED_SIDES; sd++) {
		n->count[sd] = reference_count(e, s, sd);
		n->hit[sd] = calloc(n->count[sd] + 1, sizeof(bool));
		if (n->hit[sd] == NULL)
			goto fail;
	}
	for (const char *p = answer != NULL ? answer : ""; *p != '\0';) {
		const char *nl = strchr(p, '\n');
		size_t len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		char *line = strndup(p, len);
		if (line == NULL)
			goto fail;
		int side;
		const char *text = named_text(line, s == TM_STEP_SCOPE, &side);
		bool ok = text[0] == '\0' || name_one(u, e, s, n, text, side);
		free(line);
		if (!ok)
			goto fail;
		p += len + (nl != NULL);
	}
	return true;
fail:
	named_release(n);
	return false;
}

/* The reference list of one side, "+ " where the learner named an item. */
static void show_named_side(struct ui *u, const struct tm_exercise *e, const struct named *n,
			    int side)
{
	if (n->count[side] == 0)
		return;
	printf("%s%s%s (+ where you named it):\n", S(u, "bold"),
	       side == NAMED_IN ? "In scope" : "Out of scope", S(u, "reset"));
	for (size_t i = 0; i < n->count[side]; i++)
		render_hanging(stdout, u->t.width, n->hit[side][i] ? "  + " : "  - ",
			       tm_exercise_scope(e, side == NAMED_IN, i));
}

static void show_scope_result(struct ui *u, const struct tm_run_step *st)
{
	const struct tm_exercise *e = st->exercise;
	struct named n;
	if (!named_match(u, e, TM_STEP_SCOPE, st->answer, &n)) {
		fprintf(stderr, "tmdojo: out of memory\n");
		return;
	}
	show_named_side(u, e, &n, NAMED_IN);
	show_named_side(u, e, &n, NAMED_OUT);
	if (n.mistake_count > 0) {
		char head[128];
		snprintf(head, sizeof(head), "%sScope mistakes%s (on the other side of the line "
			 "in the reference):", S(u, "yellow"), S(u, "reset"));
		render_hanging(stdout, u->t.width, "", head);
	}
	for (size_t i = 0; i < n.mistake_count; i++) {
		const struct named_mistake *m = &n.mistakes[i];
		bool put_out = m->put == NAMED_OUT;
		const char *item = tm_exercise_scope(e, put_out, m->item);
		size_t len = strlen(m->line) + strlen(item) + 96;
		char *text = malloc(len);
		if (text == NULL)
			break;
		snprintf(text, len, "you put \"%s\" %s scope; the reference has it %s scope: %s",
			 m->line, put_out ? "out of" : "in", put_out ? "in" : "out of", item);
		render_hanging(stdout, u->t.width, "  ! ", text);
		free(text);
	}
	named_release(&n);
}

static void show_assets_result(struct ui *u, const struct tm_run_step *st)
{
	const struct tm_exercise *e = st->exercise;
	struct named n;
	if (!named_match(u, e, TM_STEP_ASSETS, st->answer, &n)) {
		fprintf(stderr, "tmdojo: out of memory\n");
		return;
	}
	fputs(S(u, "bold"), stdout);
	render_hanging(stdout, u->t.width, "",
		       "Assets in the reference model (+ where you named one):");
	fputs(S(u, "reset"), stdout);
	for (size_t i = 0; i < tm_exercise_asset_count(e); i++) {
		const char *why = tm_exercise_asset_why(e, i);
		size_t len = strlen(tm_exercise_asset_name(e, i)) + 64 +
			     (why != NULL ? strlen(why) : 0);
		char *text = malloc(len);
		if (text == NULL)
			break;
		snprintf(text, len, "%s (%s)%s%s", tm_exercise_asset_name(e, i),
			 tm_data_class_name(tm_exercise_asset_class(e, i)),
			 why != NULL ? ": " : "", why != NULL ? why : "");
		render_hanging(stdout, u->t.width, n.hit[NAMED_IN][i] ? "  + " : "  - ", text);
		free(text);
	}
	named_release(&n);
}

static void show_exercise_result(struct ui *u, const struct tm_run_step *st)
{
	const struct tm_exercise *e = st->exercise;
	printf("\n");
	switch (st->ex_step) {
	case TM_STEP_ASSETS:
		show_assets_result(u, st);
		break;
	case TM_STEP_SCOPE:
		show_scope_result(u, st);
		break;
	case TM_STEP_THREATS:
		if (st->result != NULL)
			show_threat_result(u, st);
		break;
	case TM_STEP_TOP_THREE:
		show_top_three(u, st);
		break;
	case TM_STEP_REMEDIATION: {
		const struct grader_key *key = tm_exercise_key(e);
		printf("%sRemediation in the reference model:%s\n", S(u, "bold"), S(u, "reset"));
		for (size_t i = 0; i < tm_exercise_top_count(e); i++) {
			long t = grader_key_find(key, tm_exercise_top_threat(e, i));
			if (t < 0)
				continue;
			char lead[128];
			snprintf(lead, sizeof(lead), "  [%s, %s] ", grader_threat_id(key, (size_t)t),
				 grader_severity_name(grader_threat_severity(key, (size_t)t)));
			render_hanging(stdout, u->t.width, lead, grader_threat_title(key, (size_t)t));
			show_mitigations(u, key, (size_t)t);
		}
		break;
	}
	default:
		break;
	}
}

static void show_exercise_key(struct ui *u, const struct tm_run_step *st)
{
	const struct grader_key *key = tm_exercise_key(st->exercise);
	print_heading(u, "Answer key: ", tm_exercise_title(st->exercise));
	if (tm_exercise_scored(st->exercise))
		printf("Your threats score: %.0f%%%s\n", st->score,
		       st->passed ? "" : " (below half of the key: read the key closely)");
	for (size_t t = 0; t < grader_key_threat_count(key); t++) {
		char lead[128];
		snprintf(lead, sizeof(lead), "  [%s, %s] ", grader_threat_id(key, t),
			 grader_severity_name(grader_threat_severity(key, t)));
		render_hanging(stdout, u->t.width, lead, grader_threat_title(key, t));
		if (grader_threat_description(key, t) != NULL)
			render_hanging(stdout, u->t.width, "      ", grader_threat_description(key, t));
		show_mitigations(u, key, t);
	}
	if (tm_exercise_top_count(st->exercise) > 0)
		show_top_three(u, st);
}

/* ==== The loop ========================================================================= */

static void show_module(struct ui *u, const struct tm_run_step *st)
{
	char head[300];
	snprintf(head, sizeof(head), "%s, module %zu of %zu: ", tm_course_title(st->course),
		 st->module_index + 1, tm_course_module_count(st->course));
	print_heading(u, head, tm_module_title(st->module));
	if (tm_module_minutes(st->module) > 0)
		printf("%sAbout %d minutes.%s\n", S(u, "dim"), tm_module_minutes(st->module),
		       S(u, "reset"));
	if (tm_module_objective_count(st->module) > 0)
		printf("You will learn to:\n");
	for (size_t i = 0; i < tm_module_objective_count(st->module); i++)
		ui_wrapped(&u->t, "  - ", "reset", "", tm_module_objective(st->module, i));
}

static void show_lesson(struct ui *u, const struct tm_run_step *st)
{
	print_heading(u, "", tm_item_title(st->item));
	char *text = render_markdown_glyphs(tm_item_body(st->item), u->t.width, u->t.color, u->t.utf8);
	if (text != NULL && !term_page(&u->t, text))
		u->stopped = true;
	free(text);
}

static void show_percent_line(struct ui *u, const char *what, double score, double max,
			      int pass_mark, bool passed)
{
	double pct = max > 0 ? 100.0 * score / max : 100.0;
	char got[32], of[32];
	/* render_points(), as tmdojo progress shows it: 6.875, not 6.88 */
	char text[320];
	snprintf(text, sizeof(text), "%s%s: %s of %s points (%.0f%%)%s; pass mark %d%%: %s%s%s",
		 S(u, "bold"), what, render_points(got, sizeof(got), score),
		 render_points(of, sizeof(of), max), pct, S(u, "reset"), pass_mark,
		 passed ? S(u, "green") : S(u, "yellow"), passed ? "passed" : "not yet passed",
		 S(u, "reset"));
	render_hanging(stdout, u->t.width, "", text);
}

static void show_module_end(struct ui *u, const struct tm_run_step *st)
{
	print_heading(u, "What to remember: ", tm_module_title(st->module));
	for (size_t i = 0; i < tm_module_summary_count(st->module); i++) {
		char *md = NULL;
		size_t n = strlen(tm_module_summary(st->module, i)) + 3;
		md = malloc(n);
		if (md == NULL)
			continue;
		snprintf(md, n, "- %s", tm_module_summary(st->module, i));
		char *text = render_markdown_glyphs(md, u->t.width, u->t.color, u->t.utf8);
		if (text != NULL)
			fputs(text, stdout);
		free(text);
		free(md);
	}
	if (st->max > 0)
		show_percent_line(u, "Module score", st->score, st->max, st->pass_mark, st->passed);
}

/* The command that goes on with target for this learner and content, as one
 * can paste it into a shell: tmdojo [--content DIR] learn [--learner NAME]
 * [--take-over] TARGET (tmdojo as tools_self() names it). Each option is there when it was
 * given (an environment variable such as $TMDOJO_CONTENT still holds in the
 * same shell). Printed made printable (tools_printable_dup()); NULL on ENOMEM
 * (caller frees). */
static char *resume_command(const struct ui *u, const char *target, bool take_over)
{
	const char *args[2];
	size_t n = 0;
	if (take_over)
		args[n++] = "--take-over";
	args[n++] = target;
	return tools_follow_up("learn", u->learner_opt, args, n);
}

/* Prints "lead COMMAND\n" on out with the resume command for target (the lead
 * alone when out of memory). */
static void print_resume(FILE *out, const struct ui *u, const char *lead, const char *target)
{
	char *cmd = resume_command(u, target, false);
	fprintf(out, "%s%s\n", lead, cmd != NULL ? cmd : "");
	free(cmd);
}

/* The end of a run: "finished" only when every item of the course is done;
 * otherwise what is left and the command that goes on with it. */
static void show_done(struct ui *u, const struct tm_run_step *st)
{
	const struct tm_course *co = st->course;
	const char *id = tm_course_id(co);
	const struct tm_course_progress *p = &st->progress;
	bool module_run = st->module_run;
	if (st->has_progress && p->done < p->total) {
		const struct tm_module *m = tm_course_module(co, p->next_module);
		char msg[2000];
		snprintf(msg, sizeof(msg), "%s%s%s %zu of %zu items of \"%s\" are done; next: %s: %s",
			 S(u, "bold"), module_run ? "Module finished." : "You reached the end.",
			 S(u, "reset"), p->done, p->total, tm_course_title(co), tm_module_title(m),
			 tm_item_title(tm_module_item(m, p->next_item)));
		printf("\n");
		render_hanging(stdout, u->t.width, "", msg);
		print_resume(stdout, u, "Continue with: ", id);
		return;
	}
	if (module_run && !st->has_progress) {
		printf("\n%sModule finished.%s ", S(u, "bold"), S(u, "reset"));
		print_resume(stdout, u, "Continue with: ", id);
		return;
	}
	if (module_run)
		printf("\n%sModule finished.%s", S(u, "bold"), S(u, "reset"));
	char msg[800];
	snprintf(msg, sizeof(msg), "%s%sYou finished \"%s\".%s", S(u, "bold"), S(u, "green"),
		 tm_course_title(co), S(u, "reset"));
	printf("\n");
	render_hanging(stdout, u->t.width, "", msg);
	char *scores = tools_follow_up("progress", u->learner_opt, NULL, 0);
	printf("See your scores with: %s\n", scores != NULL ? scores : "");
	free(scores);
}

/* Stops with the progress saved: what the learner sees on :q, q or end of input. */
static int stop_saved(struct ui *u)
{
	FILE *out = stop_stream(u);
	fprintf(out, "\nStopped. Your progress is saved; resume with:\n");
	print_resume(out, u, "  ", u->course_arg);
	return 0;
}

/* Stops after a write was refused because another learn took this session
 * over (or a reset released it): the refused answer is not saved, and going on
 * here means taking the session back. Returns the exit status. */
static int stop_taken(struct ui *u)
{
	char *cmd = resume_command(u, u->course_arg, true);
	fprintf(stderr, "tmdojo learn: stopped: this session was taken over or released "
		"elsewhere (see above); your answers up to the one before this are saved, this "
		"one was not; to continue here instead, run: %s (the other session then stops "
		"at its next answer)\n",
		cmd != NULL ? cmd : "");
	free(cmd);
	return EXIT_BAD_INPUT;
}

/* Handles a step that asks: reads, answers, and re-asks on an unreadable answer. */
static int ask(struct ui *u, const struct tm_run_step *st, bool *stop)
{
	for (;;) {
		char *answer = NULL;
		if (read_answer(u, st, &answer) == READ_STOP) {
			*stop = true;
			return TM_OK;
		}
		struct tm_diags d;
		tm_diags_init(&d);
		bool threats = st->kind == TM_RUN_EXERCISE && st->ex_step == TM_STEP_THREATS;
		int rc = tm_runner_answer(u->runner, answer, &d);
		if (rc == TM_OK && threats) {
			free(u->prev_threats);
			u->prev_threats = answer;
			answer = NULL;
		}
		free(answer);
		if (rc == TM_EUSAGE) {
			for (size_t i = 0; i < d.count; i++)
				ui_styled(&u->t, "yellow", d.items[i].text);
			tm_diags_release(&d);
			continue;
		}
		if (rc != TM_OK)
			tools_print_diags(&d);
		tm_diags_release(&d);
		return rc;
	}
}

/* After a graded threat list: another attempt, or on. */
static int offer_retry(struct ui *u, bool *stop)
{
	struct tm_diags d;
	tm_diags_init(&d);
	char *line = NULL;
	int rc;
	term_discard_typeahead(&u->t);
	for (;;) {
		char *prompt = render_prompt(u->t.width, "Type 'again' to add threats and grade "
					     "once more, or press Enter to go on (:q stops):");
		line = term_read_line(&u->t, prompt != NULL ? prompt : "(again/Enter/:q) ");
		free(prompt);
		if (line == NULL || term_interrupted() || term_is_stop(line) ||
		    strcmp(line, "again") == 0 || strcmp(line, "a") == 0 || line[0] == '\0')
			break;
		ui_styled(&u->t, "yellow", "Type again, press Enter to go on, or :q to stop.");
		free(line);
	}
	if (line == NULL || term_interrupted() || term_is_stop(line)) {
		*stop = true;
		rc = TM_OK;
	} else if (line[0] != '\0') {
		rc = tm_runner_retry(u->runner, &d);
	} else {
		rc = tm_runner_next(u->runner, &d);
	}
	free(line);
	if (rc != TM_OK)
		tools_print_diags(&d);
	tm_diags_release(&d);
	return rc;
}

/* After a quiz not passed: the command that takes its module again. */
static void show_retake(const struct ui *u, const struct tm_run_step *st)
{
	char target[2 * TM_ID_MAX + 2];
	snprintf(target, sizeof(target), "%s/%s", tm_course_id(st->course),
		 tm_module_id(st->module));
	char *cmd = resume_command(u, target, false);
	/* the command on a line of its own, whole, so that it can be copied */
	render_hanging(stdout, u->t.width, "", "Review the lessons, then retake this module with:");
	printf("  %s\n", cmd != NULL ? cmd : "");
	free(cmd);
}

static void show_step(struct ui *u, const struct tm_run_step *st)
{
	if (st->resumed) {
		size_t n = strlen(tm_course_title(st->course)) + 64;
		char *text = malloc(n);
		if (text != NULL) {
			snprintf(text, n, "Welcome back: resuming \"%s\" where you left off.",
				 tm_course_title(st->course));
			printf("\n%s", S(u, "yellow"));
			render_hanging(stdout, u->t.width, "", text);
			fputs(S(u, "reset"), stdout);
		}
		free(text);
	}
	switch (st->kind) {
	case TM_RUN_MODULE:
		show_module(u, st);
		break;
	case TM_RUN_LESSON:
		show_lesson(u, st);
		break;
	case TM_RUN_QUESTION:
		/* a quiz entered part answered (answers from an earlier run) starts
		 * past its first question: its title is shown all the same */
		if ((st->question_index == 0 && st->attempt == 1) || st->item != u->quiz_shown)
			print_heading(u, "Quiz: ", tm_item_title(st->item));
		u->quiz_shown = st->item;
		ui_show_question(&u->t, st, st->question_index + 1,
				 tm_item_question_count(st->item));
		break;
	case TM_RUN_FEEDBACK:
		ui_show_feedback(&u->t, st);
		break;
	case TM_RUN_QUIZ_END:
		/* a quiz entered with every question answered already ends at once */
		if (st->item != u->quiz_shown)
			print_heading(u, "Quiz: ", tm_item_title(st->item));
		u->quiz_shown = st->item;
		printf("\n");
		show_percent_line(u, "Quiz score", st->score, st->max, st->pass_mark, st->passed);
		if (!st->passed)
			show_retake(u, st);
		break;
	case TM_RUN_EXERCISE:
		show_exercise_step(u, st);
		break;
	case TM_RUN_EXERCISE_RESULT:
		show_exercise_result(u, st);
		break;
	case TM_RUN_EXERCISE_KEY:
		show_exercise_key(u, st);
		break;
	case TM_RUN_MODULE_END:
		show_module_end(u, st);
		break;
	case TM_RUN_DONE:
		show_done(u, st);
		break;
	}
}

static int run_session(struct ui *u)
{
	for (;;) {
		const struct tm_run_step *st = tm_runner_step(u->runner);
		bool stop = false;
		int rc = TM_OK;
		term_refresh(&u->t);   /* the window may have been resized */
		show_step(u, st);
		fflush(stdout);
		if (st->kind == TM_RUN_DONE)
			return 0;
		if (u->stopped || term_interrupted())
			return stop_saved(u);
		if (st->asks) {
			rc = ask(u, st, &stop);
		} else if (st->kind == TM_RUN_EXERCISE_RESULT && st->retry) {
			rc = offer_retry(u, &stop);
		} else {
			stop = !term_pause(&u->t, st->kind == TM_RUN_MODULE ? "[Enter] start, q stops"
									    : NULL);
			if (!stop) {
				struct tm_diags d;
				tm_diags_init(&d);
				rc = tm_runner_next(u->runner, &d);
				if (rc != TM_OK)
					tools_print_diags(&d);
				tm_diags_release(&d);
			}
		}
		if (stop)
			return stop_saved(u);
		if (rc == TM_ETAKEN)
			return stop_taken(u);
		if (rc != TM_OK) {
			fprintf(stderr, "tmdojo: stopped; everything answered before this point "
				"is saved\n");
			return EXIT_BAD_INPUT;
		}
	}
}

/* The first course (in part order) the learner has not finished, or NULL. */
static const struct tm_course *next_course(const struct tm_content *c, struct tm_store *s,
					   long long learner);

/* ==== Starting ================================================================== */

/* Prints, for id naming an exercise, the course modules that take it and how to
 * run them: `learn` takes a course or a module, and an exercise is done inside
 * a module. Returns false when id names no exercise. */
static bool explain_exercise(const struct tm_content *c, const char *id, const char *learner_opt)
{
	char safe[TM_ID_MAX * 2];
	size_t uses = 0;
	if (tm_content_find_exercise(c, id) == NULL)
		return false;
	tools_printable(id, safe, sizeof(safe));
	for (size_t i = 0; i < tm_content_course_count(c); i++) {
		const struct tm_course *co = tm_content_course(c, i);
		for (size_t m = 0; m < tm_course_module_count(co); m++) {
			const struct tm_module *mod = tm_course_module(co, m);
			bool takes = false;
			for (size_t k = 0; k < tm_module_item_count(mod); k++) {
				const struct tm_item *it = tm_module_item(mod, k);
				takes = takes || (tm_item_kind(it) == TM_ITEM_EXERCISE &&
						  tm_item_exercise(it) != NULL &&
						  strcmp(tm_exercise_id(tm_item_exercise(it)),
							 id) == 0);
			}
			if (!takes)
				continue;
			if (uses++ == 0)
				fprintf(stderr, "tmdojo learn: '%s' is an exercise, not a course; it "
					"is taken in a course module:\n", safe);
			char target[2 * TM_ID_MAX + 2];
			snprintf(target, sizeof(target), "%s/%s", tm_course_id(co),
				 tm_module_id(mod));
			const char *args[] = { target };
			char *cmd = tools_follow_up("learn", learner_opt, args, 1);
			fprintf(stderr, "  %s\n", cmd != NULL ? cmd : "");
			free(cmd);
		}
	}
	if (uses == 0)
		fprintf(stderr, "tmdojo learn: '%s' is an exercise, not a course, and no course "
			"module takes it yet: an exercise is taken inside a module (add "
			"'- exercise: %s' to a module's items, see docs/FORMAT.md), then "
			"run tmdojo learn COURSE/MODULE\n", safe, safe);
	return true;
}

/* " (did you mean 'ID'?)" into buf for an unknown course, or for an unknown
 * module (module may be NULL) of a known one; "" when nothing is close. */
static const char *suggest_target(const struct tm_content *c, const char *course,
				  const char *module, char *buf, size_t size)
{
	const struct tm_course *co = tm_content_find_course(c, course);
	buf[0] = '\0';
	if (co == NULL)
		return tools_suggest_course(c, course, buf, size);
	if (module != NULL && tm_course_find_module(co, module) == NULL)
		return tools_suggest_module(co, module, buf, size);
	return buf;
}

/* Reports a runner that did not start (d says why) for course (and module, may
 * be NULL): an exercise id in place of the course, alone or with a module after
 * it (EXERCISE/x), gets where it is taken; an unknown course or module the
 * closest id, when one is close, and a pointer to the list. */
static void report_start_failure(const struct tm_content *c, const char *course,
				 const char *module, int rc, const struct tm_diags *d,
				 const char *learner_opt)
{
	char hint[TM_ID_MAX * 2 + 32];
	if (rc == TM_ENOTFOUND && tm_content_find_course(c, course) == NULL &&
	    explain_exercise(c, course, learner_opt))
		return;
	if (rc == TM_ENOTFOUND && d->count == 1 &&
	    suggest_target(c, course, module, hint, sizeof(hint))[0] != '\0')
		fprintf(stderr, "tmdojo learn: %s%s\n", d->items[0].text, hint);
	else
		tools_print_diags_for("tmdojo learn", d);
	if (rc == TM_ENOTFOUND)   /* not after a refused session or a store error */
		fprintf(stderr, "tmdojo: see 'tmdojo list' for the courses and modules\n");
}


static int start(struct ui *u, const char *learner, const char *learner_opt,
		 const char *target, unsigned seed, bool take_over)
{
	long long id = 0;
	struct tm_diags d;
	char course[TM_ID_MAX] = "";
	const char *module = NULL;
	u->store = learn_open_store(learner, LEARN_STORE_LEARN, &id);
	if (u->store == NULL)
		return EXIT_BAD_INPUT;
	if (take_over) {
		tm_diags_init(&d);
		int rc = tm_store_session_clear(u->store, id, &d);
		if (rc != TM_OK)
			tools_print_diags(&d);
		tm_diags_release(&d);
		if (rc != TM_OK)
			return EXIT_BAD_INPUT;
	}
	if (target == NULL) {
		const struct tm_course *co = next_course(u->content, u->store, id);
		if (co == NULL) {
			const char *args[] = { "COURSE" };
			char *cmd = tools_follow_up("learn", learner_opt, args, 1);
			printf("You have finished every course. Revisit one with: %s\n",
			       cmd != NULL ? cmd : "");
			free(cmd);
			return 0;
		}
		target = tm_course_id(co);
	}
	snprintf(course, sizeof(course), "%s", target);
	char *slash = strchr(course, '/');
	if (slash != NULL) {
		*slash = '\0';
		module = slash + 1;
	}
	u->course_arg = target;
	u->learner_opt = learner_opt;
	tm_diags_init(&d);
	int rc = tm_runner_new(u->content, u->store, id, course, module, seed, &u->runner, &d);
	if (rc != TM_OK) {
		report_start_failure(u->content, course, module, rc, &d, learner_opt);
		tm_diags_release(&d);
		return EXIT_BAD_INPUT;
	}
	tm_diags_release(&d);
	if (!u->t.interactive) {
		char *shown = tools_printable_dup(learner);
		ui_say_mode(&u->t, shown != NULL ? shown : "?");
		free(shown);
	}
	return run_session(u);
}

/* ==== --solve: the answers that complete a course ===========================================
 * For authors (can every quiz be answered as the key says?) and for tests: prints,
 * one per line, the input a scripted `tmdojo learn --seed N COURSE` needs to pass
 * every question, for a learner starting afresh with the same seed.
 */

static size_t solve_label_of(const struct tm_run_step *st, size_t idx)
{
	for (size_t k = 0; k < st->order_count; k++)
		if (st->order[k] == idx)
			return k;
	return 0;
}

/* Whether text, taken as the answer, earns full marks. */
static bool solve_accepts(const struct tm_question *q, const char *text)
{
	struct tm_quiz_grade g;
	return tm_quiz_grade(q, NULL, NULL, 0, text, &g, NULL) == TM_OK && g.correct;
}

/* A short answer with patterns only: the first run of one to five words of the
 * explanation, feedback or hints that the question accepts. */
static bool solve_from_text(const struct tm_question *q, const char *text, FILE *out)
{
	char cand[256];
	for (const char *w = text; w != NULL && *w != '\0'; w++) {
		if (w != text && (w[-1] != ' ' && w[-1] != '"' && w[-1] != '\n'))
			continue;
		const char *end = w;
		for (int words = 1; words <= 5 && *end != '\0'; words++) {
			end = strpbrk(end + 1, " \n.,;:\"");
			size_t n = end != NULL ? (size_t)(end - w) : strlen(w);
			if (n == 0 || n >= sizeof(cand))
				break;
			memcpy(cand, w, n);
			cand[n] = '\0';
			if (solve_accepts(q, cand)) {
				fputs(cand, out);
				return true;
			}
			if (end == NULL || *end == '\n')
				break;
		}
	}
	return false;
}

static void solve_short(const struct tm_run_step *st, FILE *out)
{
	const struct tm_question *q = st->question;
	if (tm_question_accept_count(q) > 0) {
		fputs(tm_question_accept(q, 0), out);
		return;
	}
	const char *texts[] = { tm_question_explanation(q), tm_question_feedback_incorrect(q),
				tm_question_feedback_correct(q) };
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		if (solve_from_text(q, texts[i], out))
			return;
	for (size_t i = 0; i < tm_question_hint_count(q); i++)
		if (solve_from_text(q, tm_question_hint(q, i), out))
			return;
	fputs("(no answer found)", out);
}

static void solve_question(const struct tm_run_step *st, FILE *out)
{
	const struct tm_question *q = st->question;
	switch (tm_question_type(q)) {
	case TM_Q_SINGLE:
	case TM_Q_MULTIPLE:
		for (size_t k = 0; k < st->order_count; k++)
			if (tm_question_choice_correct(q, st->order[k]))
				fprintf(out, "%c ", ui_label(k));
		break;
	case TM_Q_TRUE_FALSE:
		fputs(tm_question_answer_bool(q) ? "true" : "false", out);
		break;
	case TM_Q_SHORT:
		solve_short(st, out);
		break;
	case TM_Q_ORDERING:
		for (size_t i = 0; i < tm_question_order_count(q); i++)
			fprintf(out, "%c ", ui_label(solve_label_of(st, i)));
		break;
	case TM_Q_MATCHING:
		for (size_t i = 0; i < tm_question_pair_count(q); i++)
			for (size_t k = 0; k < st->order_count; k++)
				if (strcmp(tm_question_option(q, st->order[k]),
					   tm_question_pair_right(q, i)) == 0) {
					fprintf(out, "%c ", ui_label(k));
					break;
				}
		break;
	case TM_Q_NUMERIC:
		fprintf(out, "%.17g", tm_question_number(q));
		break;
	case TM_Q_THREAT_LIST: {
		const struct grader_key *key = tm_exercise_key(tm_question_exercise(q));
		for (size_t t = 0; key != NULL && t < grader_key_threat_count(key); t++)
			fprintf(out, "%s\n", grader_threat_title(key, t));
		fputs(".", out);
		break;
	}
	default:
		break;
	}
	fputc('\n', out);
}

/* Exercise steps: the key's titles for threats (and the reference top three),
 * a line for the others. */
static void solve_exercise(const struct tm_run_step *st, char *buf, size_t size)
{
	const struct tm_exercise *e = st->exercise;
	const struct grader_key *key = tm_exercise_key(e);
	size_t at = 0;
	buf[0] = '\0';
	if (st->ex_step == TM_STEP_THREATS) {
		for (size_t t = 0; t < grader_key_threat_count(key) && at < size; t++)
			at += (size_t)snprintf(buf + at, size - at, "%s\n", grader_threat_title(key, t));
	} else if (st->ex_step == TM_STEP_TOP_THREE) {
		for (size_t i = 0; i < tm_exercise_top_count(e) && at < size; i++) {
			long t = grader_key_find(key, tm_exercise_top_threat(e, i));
			if (t >= 0)
				at += (size_t)snprintf(buf + at, size - at, "%s\n",
						       grader_threat_title(key, (size_t)t));
		}
	} else if (st->ex_step == TM_STEP_ASSETS && tm_exercise_asset_count(e) > 0) {
		snprintf(buf, size, "%s\n", tm_exercise_asset_name(e, 0));
	} else {
		snprintf(buf, size, "%s\n", tm_step_name(st->ex_step));
	}
	if (buf[0] == '\0')
		snprintf(buf, size, "%s\n", tm_step_name(st->ex_step));
}

static int solve(struct tm_content *c, const char *target, unsigned seed)
{
	char course[TM_ID_MAX];
	const char *module = NULL;
	struct tm_runner *r = NULL;
	struct tm_diags d;
	static char buf[65536];
	snprintf(course, sizeof(course), "%s", target);
	char *slash = strchr(course, '/');
	if (slash != NULL) {
		*slash = '\0';
		module = slash + 1;
	}
	tm_diags_init(&d);
	int rc = tm_runner_new(c, NULL, 0, course, module, seed, &r, &d);
	if (rc != TM_OK) {
		report_start_failure(c, course, module, rc, &d, NULL);
		tm_diags_release(&d);
		return EXIT_BAD_INPUT;
	}
	for (int guard = 0; rc == TM_OK && guard < 100000; guard++) {
		const struct tm_run_step *st = tm_runner_step(r);
		if (st->kind == TM_RUN_DONE)
			break;
		if (st->kind == TM_RUN_QUESTION) {
			char *line = NULL;
			size_t cap = 0;
			FILE *mem = open_memstream(&line, &cap);
			if (mem == NULL) {
				rc = TM_ENOMEM;
				break;
			}
			solve_question(st, mem);
			fclose(mem);
			fputs(line, stdout);
			rc = tm_runner_answer(r, line, &d);
			free(line);
		} else if (st->kind == TM_RUN_EXERCISE && st->asks) {
			solve_exercise(st, buf, sizeof(buf));
			printf("%s.\n", buf);
			rc = tm_runner_answer(r, buf, &d);
		} else {
			if (st->kind == TM_RUN_EXERCISE_RESULT && st->retry)
				printf("\n");   /* "press Enter to go on" */
			rc = tm_runner_next(r, &d);
		}
	}
	if (rc != TM_OK)
		tools_print_diags(&d);
	tm_diags_release(&d);
	tm_runner_free(r);
	return rc == TM_OK ? 0 : EXIT_BAD_INPUT;
}

/* --seed: a whole number from 1 to UINT_MAX into *seed (0 would mean "from the
 * clock"); says why and returns false otherwise. */
static bool parse_seed(const char *text, unsigned *seed)
{
	unsigned long v = 0;
	char *end = NULL;

	errno = 0;
	if (text[0] != '\0' && text[strspn(text, "0123456789")] == '\0')
		v = strtoul(text, &end, 10);
	if (end == NULL || *end != '\0' || errno == ERANGE || v < 1 || v > UINT_MAX) {
		fprintf(stderr, "tmdojo learn: --seed wants a whole number from 1 to %u, not "
			"'%s'\n", UINT_MAX, text);
		return false;
	}
	*seed = (unsigned)v;
	return true;
}

int cmd_learn(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "learner", required_argument, NULL, 'l' },
		{ "seed", required_argument, NULL, 's' },
		{ "solve", no_argument, NULL, 'S' },
		{ "take-over", no_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *learner = NULL;
	unsigned seed = 0;
	bool solve_only = false, take_over = false;
	int c;
	optind = 1;
	for (;;) {
		c = getopt_long(argc, argv, "h", opts, NULL);
		if (c == -1)
			break;
		if (c == 'l') {
			learner = optarg;
		} else if (c == 's') {
			if (!parse_seed(optarg, &seed))
				return EXIT_BAD_INPUT;
		} else if (c == 'S') {
			solve_only = true;
		} else if (c == 'T') {
			take_over = true;
		} else if (c == 'h') {
			fputs(learn_usage, stdout);
			return 0;
		} else {
			fputs(learn_usage, stderr);
			return EXIT_BAD_INPUT;
		}
	}
	if (argc - optind > 1) {
		fprintf(stderr, "tmdojo learn: unexpected argument '%s'\n", argv[optind + 1]);
		fputs(learn_usage, stderr);
		return EXIT_BAD_INPUT;
	}
	struct ui u = { 0 };
	term_init(&u.t);
	term_catch_interrupt();
	if (!u.t.interactive)
		u.t.color = false;   /* scripted mode prints plain text */
	u.content = tools_load_content();
	if (u.content == NULL)
		return EXIT_BAD_INPUT;
	int rc;
	if (solve_only && (optind >= argc || seed == 0)) {
		fprintf(stderr, "tmdojo: --solve needs --seed N and COURSE[/MODULE]\n");
		rc = EXIT_BAD_INPUT;
	} else if (solve_only) {
		rc = solve(u.content, argv[optind], seed);
	} else if (!learn_learner_ok("tmdojo learn", learn_learner_name(learner))) {
		rc = EXIT_BAD_INPUT;
	} else {
		rc = start(&u, learn_learner_name(learner), learner,
			   optind < argc ? argv[optind] : NULL, seed, take_over);
	}
	tm_runner_free(u.runner);
	tm_store_close(u.store);
	tm_content_free(u.content);
	free(u.prev_threats);
	/* stopped by Ctrl-C: progress is saved, yet a script must tell (:q is 0) */
	return rc == 0 ? term_interrupt_status() : rc;
}

/* ==== The home screen ==================================================================== */

/* Sort key for a course part: 1, 2, 3 first, then named parts. */
static int part_rank(const struct tm_course *co)
{
	int n = atoi(tm_course_part(co));
	return n > 0 ? n : 1000;
}

size_t learn_course_order(const struct tm_content *c, size_t *order, size_t max)
{
	size_t n = tm_content_course_count(c);
	if (n > max)
		n = max;
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	for (size_t i = 1; i < n; i++)   /* insertion sort: a handful of courses */
		for (size_t j = i; j > 0 && part_rank(tm_content_course(c, order[j - 1])) >
						    part_rank(tm_content_course(c, order[j])); j--) {
			size_t t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	return n;
}

size_t learn_course_items(const struct tm_course *co)
{
	size_t n = 0;
	for (size_t i = 0; i < tm_course_module_count(co); i++)
		n += tm_module_item_count(tm_course_module(co, i));
	return n;
}

static const struct tm_course *next_course(const struct tm_content *c, struct tm_store *s,
					   long long learner)
{
	size_t order[64];
	size_t n = learn_course_order(c, order, 64);
	for (size_t k = 0; k < n; k++) {
		const struct tm_course *co = tm_content_course(c, order[k]);
		struct tm_course_progress p;
		if (tm_store_course_progress(s, learner, co, &p, NULL) != TM_OK || p.done < p.total)
			return co;
	}
	return NULL;
}

void learn_progress_bar(char *buf, size_t size, size_t done, size_t total, int width,
			bool color)
{
	int full = total > 0 ? (int)((double)done * width / (double)total + 0.5) : 0;
	if (full > width)
		full = width;
	size_t at = 0;
	buf[at++] = '[';
	for (int i = 0; i < width && at + 8 < size; i++) {
		const char *cell = i < full ? (color ? "\xe2\x96\x88" : "#")
					   : (color ? "\xc2\xb7" : "-");
		size_t len = strlen(cell);
		memcpy(buf + at, cell, len);
		at += len;
	}
	buf[at++] = ']';
	buf[at] = '\0';
}

/* "next: module title, item title" for a course: its first item not done, where
 * `tmdojo learn COURSE` goes on. */
static void describe_next(const struct tm_course *co, const struct tm_course_progress *p,
			  char *buf, size_t size)
{
	if (p->done >= p->total) {
		char target[TM_ID_MAX + 8];
		snprintf(target, sizeof(target), "%s/MODULE", tm_course_id(co));
		const char *args[] = { target };
		char *cmd = tools_follow_up("learn", NULL, args, 1);
		snprintf(buf, size, "finished; revisit any module with %s", cmd != NULL ? cmd : "");
		free(cmd);
		return;
	}
	const struct tm_module *m = tm_course_module(co, p->next_module);
	snprintf(buf, size, "%s: %s", tm_module_title(m),
		 tm_item_title(tm_module_item(m, p->next_item)));
}

/* Whether a line answers "yes, start": Enter alone, or y or yes. */
static bool is_start(const char *line)
{
	return line[0] == '\0' || strcasecmp(line, "y") == 0 || strcasecmp(line, "yes") == 0;
}

/* On a terminal, the home screen offers to go straight on with the next course,
 * so that `tmdojo` alone is the whole learner experience. It starts on Enter or
 * yes only; q, :q, quit (as at every prompt), no, Ctrl-C or end of input do
 * not, and any other answer is asked again. */
static bool offer_to_start(const struct term *t, const char *course_id)
{
	char prompt[256];
	if (!t->interactive)
		return false;
	snprintf(prompt, sizeof(prompt), "Press Enter to continue with '%s' now, or q and Enter "
		 "to quit:", course_id);
	/* wrapped at word boundaries on a narrow terminal, the answer after it */
	char *shown = render_prompt(t->width, prompt);
	printf("\n");
	term_discard_typeahead(t);
	for (;;) {
		char *line = term_read_line(t, shown != NULL ? shown : prompt);
		if (line == NULL || term_interrupted() || term_is_stop(line) ||
		    strcasecmp(line, "n") == 0 || strcasecmp(line, "no") == 0 ||
		    is_start(line)) {
			bool start = line != NULL && !term_interrupted() && is_start(line);
			free(line);
			free(shown);
			return start;
		}
		free(line);
		ui_styled(t, "yellow", "Press Enter to start, or q and Enter to quit.");
	}
}

static int start_course(const char *course_id)
{
	char cmd[] = "learn", id[128];
	snprintf(id, sizeof(id), "%s", course_id);
	char *args[] = { cmd, id, NULL };
	return cmd_learn(2, args);
}

/* The home screen's last line: the other commands a learner runs next, each
 * with the content root it was given. */
static void show_more(const struct term *t)
{
	char more[2048];
	char *progress = tools_follow_up("progress", NULL, NULL, 0);
	char *refresh = tools_follow_up("refresh", NULL, NULL, 0);
	char *list = tools_follow_up("list", NULL, NULL, 0);
	snprintf(more, sizeof(more), "%s (your scores), %s (what you got wrong before), %s "
		 "(everything), %s help", progress != NULL ? progress : "progress",
		 refresh != NULL ? refresh : "refresh", list != NULL ? list : "list", tools_self());
	render_hanging(stdout, t->width, "More: ", more);
	free(progress);
	free(refresh);
	free(list);
}

int cmd_home(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct term t;
	struct tm_diags d;
	struct tm_store *s = NULL;
	long long learner = -1;
	term_init(&t);
	struct tm_content *c = tools_load_content();
	if (c == NULL)
		return EXIT_BAD_INPUT;
	const char *name = learn_learner_name(NULL);
	char shown[256];
	tm_diags_init(&d);
	bool store_ok = learn_store_open(name, LEARN_STORE_VIEW, &s, &learner, &d) == TM_OK;
	/* every line wraps to the terminal, continuation lines under the text */
	char line[1024];
	snprintf(line, sizeof(line),
		 "%s%stmdojo%s: threat modeling training, in your terminal (learner: %s)",
		 term_style(&t, "bold"), term_style(&t, "cyan"), term_style(&t, "reset"),
		 tools_printable(name, shown, sizeof(shown)));
	render_hanging(stdout, t.width, "", line);
	printf("\n");
	size_t order[64];
	size_t n = learn_course_order(c, order, 64);
	const struct tm_course *next = NULL;
	for (size_t k = 0; k < n; k++) {
		const struct tm_course *co = tm_content_course(c, order[k]);
		struct tm_course_progress p;
		char bar[200], what[400], lead[384];   /* bar, id and styles fit whole */
		snprintf(lead, sizeof(lead), "  %s%-12s%s ", term_style(&t, "bold"),
			 tm_course_id(co), term_style(&t, "reset"));
		if (!store_ok || tm_store_course_progress(s, learner, co, &p, &d) != TM_OK) {
			/* Progress that cannot be read is not shown as 0%. */
			store_ok = false;
			snprintf(line, sizeof(line), "%s (part %s, about %d min)",
				 tm_course_title(co), tm_course_part(co), tm_course_minutes(co));
			render_hanging(stdout, t.width, lead, line);
			continue;
		}
		/* the bar and a space before the percentage; none in plain mode (a
		 * screen reader reads out every cell), the percentage says it */
		learn_progress_bar(bar, sizeof(bar) - 1, p.done, p.total, 20, t.color && t.utf8);
		if (t.plain)
			bar[0] = '\0';
		else
			strcat(bar, " ");
		double pct = p.total > 0 ? 100.0 * (double)p.done / (double)p.total : 0.0;
		if (t.width >= 64) {
			/* the bar and a right-aligned percentage lead, the title hangs after */
			snprintf(lead, sizeof(lead), "  %s%-12s%s %s%3.0f%%  ", term_style(&t, "bold"),
				 tm_course_id(co), term_style(&t, "reset"), bar, pct);
			snprintf(line, sizeof(line), "%s (part %s, about %d min)",
				 tm_course_title(co), tm_course_part(co), tm_course_minutes(co));
		} else {
			snprintf(line, sizeof(line), "%s%.0f%% %s (part %s, about %d min)", bar,
				 pct, tm_course_title(co), tm_course_part(co),
				 tm_course_minutes(co));
		}
		render_hanging(stdout, t.width, lead, line);
		describe_next(co, &p, what, sizeof(what));
		snprintf(line, sizeof(line), "next: %s", what);
		render_hanging(stdout, t.width, "               ", line);
		if (next == NULL && p.done < p.total)
			next = co;
	}
	if (n == 0) {
		snprintf(line, sizeof(line), "No courses found under %s.", tools_content_root());
		render_hanging(stdout, t.width, "  ", line);
	}
	if (!store_ok) {
		/* Said here, where the learner looks, not only on stderr. */
		printf("\n%sYour progress cannot be read.%s\n", term_style(&t, "bold"),
		       term_style(&t, "reset"));
		for (size_t i = 0; i < d.count; i++)
			printf("  %s%s%s\n", d.items[i].file != NULL ? d.items[i].file : "",
			       d.items[i].file != NULL ? ": " : "", d.items[i].text);
		char *again = tools_follow_up(NULL, NULL, NULL, 0);
		printf("Nothing was changed. Fix the file as said above, then run %s again.\n",
		       again != NULL ? again : "");
		free(again);
	} else if (next != NULL) {
		const char *args[] = { tm_course_id(next) };
		char *cmd = tools_follow_up("learn", NULL, args, 1);
		printf("\n%sNext step:%s %s\n", term_style(&t, "bold"), term_style(&t, "reset"),
		       cmd != NULL ? cmd : "");
		free(cmd);
	} else if (n > 0) {
		printf("\nEvery course is finished. Well done.\n");
	}
	show_more(&t);
	char next_id[128] = "";
	if (next != NULL)
		snprintf(next_id, sizeof(next_id), "%s", tm_course_id(next));
	int rc = store_ok ? 0 : EXIT_BAD_INPUT;
	tm_diags_release(&d);
	tm_store_close(s);
	tm_content_free(c);
	if (rc == 0 && next_id[0] != '\0' && offer_to_start(&t, next_id))
		return start_course(next_id);
	return rc;
}
