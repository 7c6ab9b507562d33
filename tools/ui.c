/*
 * ui.c: the quiz question as the learner sees it in the terminal, shared by
 * `tmdojo learn` (cmd_learn.c) and `tmdojo refresh` (cmd_refresh.c): showing a
 * question, reading a one-line answer with hints on "?", and the feedback with
 * the right answer and the explanation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "render.h"
#include "term.h"
#include "ui.h"

#define S(t, name) term_style(t, name)

void ui_rendered(const struct term *t, const char *md)
{
	char *text = render_markdown_glyphs(md, t->width, t->color, t->utf8);
	if (text != NULL)
		fputs(text, stdout);
	free(text);
}

/* Prints lead (may hold styles) then md rendered to the columns left after it,
 * continuation lines indented under the text: "Hint: " and "- " items stay
 * within the terminal width and keep their Markdown. */
void ui_rendered_hanging(const struct term *t, const char *lead, const char *md)
{
	size_t indent = render_display_width(lead, strlen(lead));
	int width = t->width - (int)indent;
	char *text = render_markdown_glyphs(md, width < 20 ? 20 : width, t->color, t->utf8);
	if (text == NULL)
		return;
	fputs(lead, stdout);
	bool first = true;
	for (const char *p = text; *p != '\0';) {
		size_t len = strcspn(p, "\n");
		if (!first && len > 0)
			printf("%*s", (int)indent, "");
		fwrite(p, 1, len, stdout);
		fputc('\n', stdout);
		first = false;
		p += len + (p[len] == '\n');
	}
	if (first)
		fputc('\n', stdout);
	free(text);
}


/* Prints "lead" + "label" + text wrapped to the terminal, continuation lines
 * under the text; label (may be "") is shown in style. Multi-line values fold. */
void ui_wrapped(const struct term *t, const char *lead, const char *style, const char *label,
	       const char *text)
{
	char head[256];
	snprintf(head, sizeof(head), "%s%s%s%s", lead, S(t, style), label, S(t, "reset"));
	render_hanging(stdout, t->width, head, text != NULL ? text : "");
}

void ui_styled(const struct term *t, const char *style, const char *text)
{
	fputs(S(t, style), stdout);
	render_hanging(stdout, t->width, "", text);
	fputs(S(t, "reset"), stdout);
}

void ui_say_mode(const struct term *t, const char *shown)
{
	if (t->interactive)
		return;
	if (!t->in_tty)
		printf("tmdojo: scripted mode (stdin is not a terminal); learner '%s'\n", shown);
	else
		printf("tmdojo: output is not a terminal: no pauses or paging; learner '%s'\n",
		       shown);
}

char ui_label(size_t k)
{
	return (char)('a' + (k % 26));
}

/* ---- questions -------------------------------------------------------------------- */

const char *ui_how_to_answer(const struct tm_question *q)
{
	switch (tm_question_type(q)) {
	case TM_Q_SINGLE:
		return "Answer with one letter.";
	case TM_Q_MULTIPLE:
		return "Pick every choice that applies, for example \"a c\".";
	case TM_Q_TRUE_FALSE:
		return "Answer true or false.";
	case TM_Q_SHORT:
		return "Answer in a few words.";
	case TM_Q_ORDERING:
		return "Type the letters in the right order, for example \"c a b\".";
	case TM_Q_MATCHING:
		return "Give one letter per numbered item, in order, for example \"b a\".";
	case TM_Q_NUMERIC:
		return "Answer with a number.";
	case TM_Q_THREAT_LIST:
		return "One threat per line; finish with an empty line or \".\". "
		       ":edit opens $EDITOR, :file PATH reads a file.";
	default:
		return "";
	}
}

void ui_show_question(const struct term *t, const struct tm_run_step *st, size_t number,
		      size_t total)
{
	const struct tm_question *q = st->question;
	double pts = tm_question_points(q);
	char lead[32], p[32];
	printf("\n%sQuestion %zu of %zu%s  %s(%s, %s point%s", S(t, "bold"), number,
	       total, S(t, "reset"), S(t, "dim"),
	       tm_question_type_name(tm_question_type(q)), render_points(p, sizeof(p), pts),
	       pts == 1 ? "" : "s");
	if (st->attempt > 1) {
		if (st->attempts_allowed > 0)
			printf("; attempt %d of %d", st->attempt, st->attempts_allowed);
		else
			printf("; attempt %d", st->attempt);
	}
	printf(")%s\n", S(t, "reset"));
	ui_rendered(t, tm_question_prompt(q));
	switch (tm_question_type(q)) {
	case TM_Q_SINGLE:
	case TM_Q_MULTIPLE:
		for (size_t k = 0; k < st->order_count; k++) {
			snprintf(lead, sizeof(lead), "  %c) ", ui_label(k));
			render_hanging(stdout, t->width, lead, tm_question_choice_text(q, st->order[k]));
		}
		break;
	case TM_Q_ORDERING:
		for (size_t k = 0; k < st->order_count; k++) {
			snprintf(lead, sizeof(lead), "  %c) ", ui_label(k));
			render_hanging(stdout, t->width, lead, tm_question_order_item(q, st->order[k]));
		}
		break;
	case TM_Q_MATCHING:
		for (size_t i = 0; i < tm_question_pair_count(q); i++) {
			snprintf(lead, sizeof(lead), "  %zu. ", i + 1);
			render_hanging(stdout, t->width, lead, tm_question_pair_left(q, i));
		}
		printf("  options:\n");
		for (size_t k = 0; k < st->order_count; k++) {
			snprintf(lead, sizeof(lead), "    %c) ", ui_label(k));
			render_hanging(stdout, t->width, lead, tm_question_option(q, st->order[k]));
		}
		break;
	case TM_Q_NUMERIC:
		if (tm_question_unit(q) != NULL)
			printf("  (in %s)\n", tm_question_unit(q));
		break;
	default:
		break;
	}
	/* offer "?" only when there is a hint to give */
	char how[200];
	snprintf(how, sizeof(how), "%s%s", ui_how_to_answer(q),
		 tm_question_hint_count(q) > 0 ? " (? hint, :q stop)" : " (:q stop)");
	fputs(S(t, "dim"), stdout);
	render_hanging(stdout, t->width, "", how);
	fputs(S(t, "reset"), stdout);
}

/* The right answer, in the labels the learner saw. */
/* Writes the right answer of st's question to f. */
void ui_write_solution(FILE *f, const struct tm_run_step *st)
{
	const struct tm_question *q = st->question;
	switch (tm_question_type(q)) {
	case TM_Q_SINGLE:
	case TM_Q_MULTIPLE: {
		const char *sep = "";
		for (size_t k = 0; k < st->order_count; k++)
			if (tm_question_choice_correct(q, st->order[k])) {
				fprintf(f, "%s%c) %s", sep, ui_label(k),
				       tm_question_choice_text(q, st->order[k]));
				sep = "; ";
			}
		break;
	}
	case TM_Q_TRUE_FALSE:
		fprintf(f, "%s", tm_question_answer_bool(q) ? "true" : "false");
		break;
	case TM_Q_SHORT:
		if (tm_question_accept_count(q) > 0)
			fprintf(f, "%s", tm_question_accept(q, 0));
		else
			fprintf(f, "(see the explanation)");
		break;
	case TM_Q_ORDERING:
		for (size_t i = 0; i < tm_question_order_count(q); i++)
			for (size_t k = 0; k < st->order_count; k++)
				if (st->order[k] == i)
					fprintf(f, "%s%c", i ? " " : "", ui_label(k));
		break;
	case TM_Q_MATCHING:
		for (size_t i = 0; i < tm_question_pair_count(q); i++)
			fprintf(f, "%s%zu. %s -> %s", i ? "; " : "", i + 1, tm_question_pair_left(q, i),
				   tm_question_pair_right(q, i));
		break;
	case TM_Q_NUMERIC:
		fprintf(f, "%g", tm_question_number(q));
		if (tm_question_tolerance(q) > 0)
			fprintf(f, " (give or take %g)", tm_question_tolerance(q));
		if (tm_question_unit(q) != NULL)
			fprintf(f, " %s", tm_question_unit(q));
		break;
	default:
		fprintf(f, "(see the explanation)");
		break;
	}
}

/* "Answer: ..." wrapped to the terminal, continuation lines under the answer. */
static void show_solution(const struct term *t, const struct tm_run_step *st)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (f == NULL)
		return;
	ui_write_solution(f, st);
	if (fclose(f) == 0)
		ui_wrapped(t, "", "bold", "Answer: ", text);
	free(text);
}

/* "first answer", "second answer", ... for the answer that earned a credit kept. */
static const char *attempt_name(int attempt)
{
	static const char *const names[] = { "first answer", "second answer", "third answer",
					     "fourth answer", "fifth answer" };
	return attempt >= 1 && attempt <= 5 ? names[attempt - 1] : "earlier answer";
}

/* Before another attempt: a nudge only (a hint when the question has one), never
 * the authored feedback, the grading detail or the answer, which would give the
 * answer away; and what a right answer still earns. An answer that named a
 * distractor besides a right one is told to name one (not which it named). A
 * threat list's detail (its score against the pass score) gives nothing away
 * and says how far the list is from passing: it is shown. */
static void show_retry_nudge(const struct term *t, const struct tm_run_step *st)
{
	const struct tm_question *q = st->question;
	size_t hints = tm_question_hint_count(q);
	char verdict[400], tail[400], detail[300] = "";
	if (tm_question_type(q) == TM_Q_THREAT_LIST && st->grade.detail[0] != '\0')
		snprintf(detail, sizeof(detail), " %s(%s)%s", S(t, "dim"), st->grade.detail,
			 S(t, "reset"));
	snprintf(verdict, sizeof(verdict), "%s%s%s%s%s%s", S(t, "bold"), S(t, "yellow"),
		 st->grade.score > 0 ? "Partly right." : "Not quite.", S(t, "reset"), detail,
		 st->grade.named != NULL ? " Name one answer, not several." : "");
	/* a partly right answer keeps its credit: say so, or a learner may think
	 * that trying again can only cost points */
	char kept[160] = "";
	if (st->kept > 0) {
		char got[32], max[32];
		snprintf(kept, sizeof(kept), "; the %s of %s point%s your %s earned is kept",
			 render_points(got, sizeof(got), st->kept),
			 render_points(max, sizeof(max), st->grade.max),
			 st->grade.max == 1 ? "" : "s", attempt_name(st->kept_attempt));
	}
	const char *lead = hints > 0 ? "" : " ";
	if (st->next_credit <= 0)
		snprintf(tail, sizeof(tail), "%sTry again (with two choices, another try earns no "
			 "points%s).", lead, kept);
	else if (st->next_credit < 1)
		snprintf(tail, sizeof(tail), "%sTry again (a right answer now earns %g%% of the "
			 "points%s).", lead, 100 * st->next_credit, kept);
	else
		snprintf(tail, sizeof(tail), "%sTry again.", lead);
	/* wrapped at word boundaries like the rest of the page: the hint hangs
	 * under its own text, "Try again" starts a line of its own */
	if (hints > 0) {
		size_t h = st->attempt > 0 && (size_t)st->attempt <= hints ? (size_t)st->attempt - 1
									 : hints - 1;
		char head[512];
		snprintf(head, sizeof(head), "%s %sHint:%s ", verdict, S(t, "yellow"),
			 S(t, "reset"));
		/* on a narrow terminal, or after a threat list's score, the verdict
		 * gets a line of its own, so that the hint keeps most of the width */
		if (detail[0] != '\0' ||
		    t->width - (int)render_display_width(head, strlen(head)) < 40) {
			render_hanging(stdout, t->width, "", verdict);
			snprintf(head, sizeof(head), "%sHint:%s ", S(t, "yellow"), S(t, "reset"));
		}
		ui_rendered_hanging(t, head, tm_question_hint(q, h));
		render_hanging(stdout, t->width, "", tail);
	} else {
		char line[900];
		snprintf(line, sizeof(line), "%s%s", verdict, tail);
		render_hanging(stdout, t->width, "", line);
	}
}

/* After the last attempt, when it is not the first: what this attempt earns
 * (its grade times the attempt's share) and, when an earlier answer earned
 * more, what the question keeps. One line for every question type, so that a
 * passed threat list or a partly right answer shows no second, unscaled score. */
static void show_attempt_credit(const struct term *t, const struct tm_run_step *st)
{
	const struct tm_quiz_grade *g = &st->grade;
	char got[32], max[32], kept[32], line[300];
	const char *s = g->max == 1 ? "" : "s";
	render_points(max, sizeof(max), g->max);
	render_points(got, sizeof(got), st->credit);
	if (st->kept_attempt != st->attempt && st->earned > st->credit)
		snprintf(line, sizeof(line), "On attempt %d this earns %s of %s point%s; you keep "
			 "the %s of %s point%s your %s earned.", st->attempt, got, max, s,
			 render_points(kept, sizeof(kept), st->earned), max, s,
			 attempt_name(st->kept_attempt));
	else
		snprintf(line, sizeof(line), "On attempt %d this earns %s of %s point%s.",
			 st->attempt, got, max, s);
	ui_styled(t, "dim", line);
}

/* The verdict on a final answer. On the first attempt it names the points the
 * answer earns when they are not all or nothing; on a later one the points
 * follow in show_attempt_credit(), scaled for the attempt. */
static void write_verdict(FILE *f, const struct term *t, const struct tm_run_step *st)
{
	const struct tm_quiz_grade *g = &st->grade;
	bool first = st->attempt <= 1;
	char got[32], max[32];
	const char *s = g->max == 1 ? "" : "s";
	render_points(max, sizeof(max), g->max);
	render_points(got, sizeof(got), g->score);
	if (g->correct && g->score < g->max)   /* a threat list over its pass score */
		fprintf(f, "%s%sPassed", S(t, "bold"), S(t, "green"));
	else if (g->correct)
		fprintf(f, "%s%sCorrect", S(t, "bold"), S(t, "green"));
	else if (g->score > 0)
		fprintf(f, "%s%sPartly right", S(t, "bold"), S(t, "yellow"));
	else
		fprintf(f, "%s%sNot quite", S(t, "bold"), S(t, "red"));
	if (first && g->score > 0 && g->score < g->max)
		fprintf(f, ": %s of %s point%s", got, max, s);
	fprintf(f, ".%s", S(t, "reset"));
}

/* After the last answer: why each earlier try was wrong, which the nudge
 * between tries kept back ("Your first answer (a): Tampering changes data."). */
static void show_tries(const struct term *t, const struct tm_run_step *st)
{
	for (size_t k = 0; k < st->try_count; k++) {
		const struct tm_run_try *w = &st->tries[k];
		/* the answer itself when short (choice labels): a long one would
		 * push the feedback to the right edge */
		char *shown = strlen(w->answer) <= 24 ? tools_printable_dup(w->answer) : NULL;
		char lead[200];
		snprintf(lead, sizeof(lead), "%sYour %s%s%s%s:%s ", S(t, "dim"),
			 attempt_name(w->attempt), shown != NULL ? " (" : "",
			 shown != NULL ? shown : "", shown != NULL ? ")" : "", S(t, "reset"));
		free(shown);
		ui_rendered_hanging(t, lead, w->feedback);
	}
}

void ui_show_feedback(const struct term *t, const struct tm_run_step *st,
		      void (*lines)(void *ctx), void *ctx)
{
	const struct tm_quiz_grade *g = &st->grade;
	if (st->retry) {
		if (lines != NULL)
			lines(ctx);
		show_retry_nudge(t, st);
		return;
	}
	/* the verdict and the grading detail, wrapped as one paragraph */
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (f != NULL) {
		write_verdict(f, t, st);
		if (g->detail[0] != '\0')
			fprintf(f, " %s(%s)%s", S(t, "dim"), g->detail, S(t, "reset"));
		if (fclose(f) == 0)
			render_hanging(stdout, t->width, "", text);
		free(text);
	}
	if (lines != NULL)
		lines(ctx);
	if (g->feedback != NULL && g->feedback[0] != '\0')
		ui_rendered(t, g->feedback);
	show_tries(t, st);
	if (st->attempt > 1)
		show_attempt_credit(t, st);
	if (!g->correct)
		show_solution(t, st);
	const char *ex = tm_question_explanation(st->question);
	if (ex != NULL && ex[0] != '\0') {
		printf("%sWhy:%s\n", S(t, "bold"), S(t, "reset"));
		ui_rendered(t, ex);
	}
}

/* At answer prompts "q" stays an answer (a threat, a short answer); :q and
 * quit stop, as at every other prompt. */
bool ui_is_quit(const char *line)
{
	return strcmp(line, "q") != 0 && term_is_stop(line);
}

bool ui_is_hint(const char *line)
{
	return strcmp(line, "?") == 0 || strcmp(line, "hint") == 0 || strcmp(line, ":hint") == 0;
}


void ui_show_hint(const struct term *t, const char *hint, bool none)
{
	if (hint == NULL) {
		printf("%s%s%s\n", S(t, "dim"), none ? "This question has no hint." : "No more hints.",
		       S(t, "reset"));
	} else {
		char lead[64];
		snprintf(lead, sizeof(lead), "%sHint:%s ", S(t, "yellow"), S(t, "reset"));
		ui_rendered_hanging(t, lead, hint);
	}
}

enum ui_read ui_read_answer(const struct term *t, void (*hint)(void *ctx), void *ctx,
			    char **answer)
{
	*answer = NULL;
	term_discard_typeahead(t);   /* nothing typed before the question answers it */
	for (;;) {
		size_t len = 0;
		char *line = term_read_answer(t, "> ", &len);
		if (line != NULL && strlen(line) != len) {
			/* the text after a NUL would be dropped without a word */
			fflush(stdout);
			fprintf(stderr, "tmdojo: that answer has a NUL byte (column %zu), so it is "
				"not text; type it again\n", strlen(line) + 1);
			free(line);
			continue;
		}
		if (line == NULL || term_interrupted() || ui_is_quit(line)) {
			free(line);
			return UI_READ_STOP;
		}
		if (ui_is_hint(line)) {
			free(line);
			hint(ctx);
			continue;
		}
		*answer = line;
		return UI_READ_OK;
	}
}
