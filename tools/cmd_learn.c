/*
 * cmd_learn.c: `tmdojo learn COURSE[/MODULE]`, the interactive course. This
 * file only shows and reads: the session runner (engine/runner.c) decides what
 * comes next, grades, and stores every answer as it is given.
 *
 * On a terminal: colour (unless NO_COLOR), paging, pauses. With stdin not a
 * terminal (scripted mode): plain text, no pauses; answers are read line by line
 * (threat lists end with an empty line, "." or the end of input), and the end of
 * input stops cleanly with the progress saved. On a terminal Ctrl-D stops as the
 * end of input does, in a list too (its lines kept as a draft).
 *
 * Here: the command, how a session starts and its loop (one step shown, then
 * asked, paused or offered again). The rest of learn (cmd_learn_internal.h):
 * reading answers in learn_answers.c, exercise steps and their results in
 * learn_exercise.c, --solve in learn_solve.c; the home screen (`tmdojo` with no
 * command) in cmd_home.c; the learner and the store, shared with progress and
 * refresh, in learn_store.c.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_learn_internal.h"
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
	"the editor's), :file PATH reads them from a file. At an exercise step :design\n"
	"shows the design document and diagram again.\n"
	"With stdin not a terminal, answers are read line by line, the end of input ends\n"
	"a list (or stops, at any other prompt), and output is plain.\n"
	"\n"
	"  --learner NAME   whose progress to use (default: $TMDOJO_LEARNER, else your\n"
	"                   user name); no control characters in a new one, nor a\n"
	"                   blank at either end\n"
	"  --seed N         seed for new choice shuffles, 1 to 4294967295 (tests)\n"
	"  --take-over      take the learner's session over from one held elsewhere (a\n"
	"                   session left behind on a host that is gone or renamed)\n"
	"  --solve          with --seed N: print the answers that pass every question of\n"
	"                   COURSE (for authors and tests; use them with the same seed)\n";

/* ==== The session ================================================================== */

/* A title (module, lesson, quiz, exercise step) after a blank line: bold and
 * cyan, or, with styles off (NO_COLOR, piped, TMDOJO_PLAIN), underlined with
 * '=' as the top heading of lesson text is, so that it does not read as the
 * first line of the body. */
void learn_write_heading(FILE *out, struct ui *u, const char *kind, const char *title)
{
	char lead[200];
	snprintf(lead, sizeof(lead), "%s%s", S(u, "bold"), S(u, "cyan"));
	fprintf(out, "\n");
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
	fputs(lead, out);
	fputs(lines != NULL ? lines : text, out);
	if (lines == NULL)
		fputc('\n', out);
	fputs(S(u, "reset"), out);
	if (!u->t.color)
		render_underline(out, lines != NULL ? lines : text, '=');
	free(lines);
	free(text);
}

void learn_print_heading(struct ui *u, const char *kind, const char *title)
{
	learn_write_heading(stdout, u, kind, title);
}

/* Where what a stop says goes (term_stop_stream()). */
FILE *learn_stop_stream(const struct ui *u)
{
	return term_stop_stream(&u->t);
}

/* ==== The loop ========================================================================= */

static void show_module(struct ui *u, const struct tm_run_step *st)
{
	char head[300];
	snprintf(head, sizeof(head), "%s, module %zu of %zu: ", tm_course_title(st->course),
		 st->module_index + 1, tm_course_module_count(st->course));
	learn_print_heading(u, head, tm_module_title(st->module));
	if (tm_module_minutes(st->module) > 0)
		printf("%sAbout %d minutes.%s\n", S(u, "dim"), tm_module_minutes(st->module),
		       S(u, "reset"));
	if (tm_module_objective_count(st->module) > 0)
		printf("You will learn to:\n");
	for (size_t i = 0; i < tm_module_objective_count(st->module); i++)
		ui_wrapped(&u->t, "  - ", "reset", "", tm_module_objective(st->module, i));
}

/* A lesson page: its title and text paged together, so that the title counts
 * in the first screen instead of scrolling away above it. */
static void show_lesson(struct ui *u, const struct tm_run_step *st)
{
	char *text = render_markdown_glyphs(tm_item_body(st->item), u->t.width, u->t.color, u->t.utf8);
	char *page = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&page, &len);
	if (f != NULL) {
		learn_write_heading(f, u, "", tm_item_title(st->item));
		if (text != NULL)
			fputs(text, f);
		if (fclose(f) != 0) {
			free(page);
			page = NULL;
		}
	}
	if (page == NULL)   /* out of memory: the title, then the text paged alone */
		learn_print_heading(u, "", tm_item_title(st->item));
	const char *shown = page != NULL ? page : text;
	if (shown != NULL && !term_page(&u->t, shown))
		u->stopped = true;
	free(page);
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
	learn_print_heading(u, "What to remember: ", tm_module_title(st->module));
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

/* After a finished course: the course the home screen goes on with (the first
 * not finished, in curriculum order) and the command that starts it, or that
 * every course is finished ("Well done" unless below: the course just finished
 * has a module below its pass mark). */
static void show_next_course(struct ui *u, bool below)
{
	if (u->store == NULL)
		return;
	const struct tm_course *next = learn_next_course(u->content, u->store, u->learner_id);
	if (next == NULL) {
		render_hanging(stdout, u->t.width, "", below ? "You have finished every course."
						     : "You have finished every course. Well done.");
		return;
	}
	size_t n = strlen(tm_course_title(next)) + 32;
	char *text = malloc(n);
	if (text != NULL) {
		snprintf(text, n, "Next course: \"%s\". Start it with:", tm_course_title(next));
		render_hanging(stdout, u->t.width, "", text);
	}
	free(text);
	/* the command on a line of its own, whole, so that it can be copied */
	print_resume(stdout, u, "  ", tm_course_id(next));
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
	char msg[2000], below[1200];
	size_t n = u->store != NULL && u->learner_id >= 0
			   ? learn_below_pass(u->store, u->learner_id, co, u->learner_opt, below,
					      sizeof(below))
			   : 0;
	if (n > 0)
		snprintf(msg, sizeof(msg), "%sYou finished \"%s\",%s but %zu module%s %s below the "
			 "pass mark: %s.", S(u, "bold"), tm_course_title(co), S(u, "reset"), n,
			 n == 1 ? "" : "s", n == 1 ? "is" : "are", below);
	else
		snprintf(msg, sizeof(msg), "%s%sYou finished \"%s\".%s", S(u, "bold"), S(u, "green"),
			 tm_course_title(co), S(u, "reset"));
	printf("\n");
	render_hanging(stdout, u->t.width, "", msg);
	char *scores = tools_follow_up("progress", u->learner_opt, NULL, 0);
	printf("See your scores with: %s\n", scores != NULL ? scores : "");
	free(scores);
	show_next_course(u, n > 0);
}

/* Stops with the progress saved: what the learner sees on :q, q or end of input. */
static int stop_saved(struct ui *u)
{
	FILE *out = learn_stop_stream(u);
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
		if (learn_read_answer(u, st, &answer) == READ_STOP) {
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
		if (rc == TM_EUSAGE) {
			for (size_t i = 0; i < d.count; i++)
				ui_styled(&u->t, "yellow", d.items[i].text);
			/* a top three with too few picks is now the step's draft
			 * (tm_runner_answer()), offered at the next prompt */
			tm_diags_release(&d);
			free(answer);
			continue;
		}
		free(answer);
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

/* The feedback of a threat-list question shows its lines as the exercise's
 * threats step does (ui_show_feedback() calls back). */
struct threat_lines {
	struct ui *u;
	const struct tm_run_step *st;
};

static void show_threat_lines(void *ctx)
{
	struct threat_lines *l = ctx;
	learn_show_threat_lines(l->u, l->st);
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
			learn_print_heading(u, "Quiz: ", tm_item_title(st->item));
		u->quiz_shown = st->item;
		ui_show_question(&u->t, st, st->question_index + 1,
				 tm_item_question_count(st->item));
		break;
	case TM_RUN_FEEDBACK:
		if (st->result != NULL) {
			struct threat_lines ctx = { u, st };
			ui_show_feedback(&u->t, st, show_threat_lines, &ctx);
		} else {
			ui_show_feedback(&u->t, st, NULL, NULL);
		}
		break;
	case TM_RUN_QUIZ_END:
		/* a quiz entered with every question answered already ends at once */
		if (st->item != u->quiz_shown)
			learn_print_heading(u, "Quiz: ", tm_item_title(st->item));
		u->quiz_shown = st->item;
		printf("\n");
		show_percent_line(u, "Quiz score", st->score, st->max, st->pass_mark, st->passed);
		if (!st->passed)
			show_retake(u, st);
		break;
	case TM_RUN_EXERCISE:
		learn_show_exercise_step(u, st);
		break;
	case TM_RUN_EXERCISE_RESULT:
		learn_show_exercise_result(u, st);
		break;
	case TM_RUN_EXERCISE_KEY:
		learn_show_exercise_key(u, st);
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
void learn_report_start_failure(const struct tm_content *c, const char *course,
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
		const struct tm_course *co = learn_next_course(u->content, u->store, id);
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
	u->learner_id = id;
	tm_diags_init(&d);
	int rc = tm_runner_new(u->content, u->store, id, course, module, seed, &u->runner, &d);
	if (rc != TM_OK) {
		learn_report_start_failure(u->content, course, module, rc, &d, learner_opt);
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

/* ==== The command ============================================================= */

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
		rc = learn_solve(u.content, argv[optind], seed);
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
