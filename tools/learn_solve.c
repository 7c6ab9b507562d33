/*
 * learn_solve.c: `tmdojo learn --seed N --solve COURSE[/MODULE]`, the answers
 * that complete a course.
 *
 * For authors (can every quiz be answered as the key says?) and for tests: prints,
 * one per line, the input a scripted `tmdojo learn --seed N COURSE` needs to pass
 * every question, for a learner starting afresh with the same seed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_learn_internal.h"
#include "ui.h"

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

int learn_solve(struct tm_content *c, const char *target, unsigned seed)
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
		learn_report_start_failure(c, course, module, rc, &d, NULL);
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
