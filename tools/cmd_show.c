/*
 * cmd_show.c: `tmdojo show COURSE[/MODULE]`: prints lesson text (no quiz is
 * asked; for reading, printing or piping), plus each module's summary.
 * Piped, it is Markdown (course #, module ##, lesson ###, the lessons' own
 * headings below that); on a terminal it is rendered as learn renders lessons,
 * and paged as learn pages them.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "render.h"
#include "term.h"

static const char show_usage[] =
	"usage: tmdojo show COURSE[/MODULE]\n"
	"       tmdojo show --exercise ID\n"
	"       tmdojo show --template\n"
	"\n"
	"Prints a course's or module's lessons and summaries (no quiz is asked), an\n"
	"exercise's design document and diagram, or the threat-modeling section template\n"
	"for a design document's pre-read (courses/live/template.md).\n"
	"Lessons and exercises are Markdown when piped; on a terminal they are rendered\n"
	"and paged as in tmdojo learn ([Enter] next page, q stops).\n"
	"-e is short for --exercise, -t for --template.\n";

/* Prints the pre-read template shipped with the Live course. */
static int show_template(void)
{
	char path[4096], *text = NULL;
	size_t len = 0;
	struct tm_diags d;
	tm_diags_init(&d);
	snprintf(path, sizeof(path), "%s/courses/live/template.md", tools_content_root());
	int rc = tm_read_file(path, TM_MAX_FILE_BYTES, &text, &len, &d);
	if (rc == TM_OK)
		fwrite(text, 1, len, stdout);
	else
		tools_print_diags(&d);
	free(text);
	tm_diags_release(&d);
	return rc == TM_OK ? 0 : EXIT_BAD_INPUT;
}

/* Lesson titles are ### under the module's ##: a lesson's own headings (## and
 * ### as authors write them) go below, its top level at #### (at most ######). */
#define LESSON_HEADING_TOP 4

struct heading_shift {
	int top;          /* the lesson's highest heading level (lowest number) */
	const char *at;   /* rewrite: text copied up to here */
	FILE *out;
	int by;
};

static void find_top_heading(void *arg, const struct tm_block *bl)
{
	struct heading_shift *h = arg;
	if (bl->kind == TM_BLOCK_HEADING && (h->top == 0 || bl->level < h->top))
		h->top = bl->level;
}

static void shift_heading(void *arg, const struct tm_block *bl)
{
	struct heading_shift *h = arg;
	if (bl->kind != TM_BLOCK_HEADING)
		return;
	fwrite(h->at, 1, (size_t)(bl->lines - h->at), h->out);
	int level = bl->level + h->by > 6 ? 6 : bl->level + h->by;
	fprintf(h->out, "%.*s %.*s\n", level, "######", (int)bl->len, bl->text);
	h->at = bl->lines + bl->lines_len;
}

/* A lesson as Markdown: its title, then its body with its headings moved below
 * the title (tm_block_scan() finds them as the renderer does, so a "#" in a
 * code block stays as it is). */
static void show_lesson(FILE *out, const struct tm_item *it)
{
	const char *body = tm_item_body(it) != NULL ? tm_item_body(it) : "";
	struct heading_shift h = { 0, body, out, 0 };
	fprintf(out, "### %s\n\n", tm_item_title(it));
	tm_block_scan(body, find_top_heading, &h);
	if (h.top > 0 && h.top < LESSON_HEADING_TOP) {
		h.by = LESSON_HEADING_TOP - h.top;
		tm_block_scan(body, shift_heading, &h);
	}
	fprintf(out, "%s\n", h.at);
}

static void show_module(FILE *out, const struct tm_module *m)
{
	fprintf(out, "## %s\n\n", tm_module_title(m));
	if (tm_module_objective_count(m) > 0) {
		fprintf(out, "You will learn to:\n");
		for (size_t i = 0; i < tm_module_objective_count(m); i++)
			fprintf(out, "- %s\n", tm_module_objective(m, i));
		fprintf(out, "\n");
	}
	for (size_t i = 0; i < tm_module_item_count(m); i++) {
		const struct tm_item *it = tm_module_item(m, i);
		switch (tm_item_kind(it)) {
		case TM_ITEM_LESSON:
			show_lesson(out, it);
			break;
		case TM_ITEM_QUIZ:
			fprintf(out, "### Quiz: %s (%zu question%s; take it with 'tmdojo learn')\n\n",
			       tm_item_title(it), tm_item_question_count(it),
			       tm_item_question_count(it) == 1 ? "" : "s");
			break;
		case TM_ITEM_EXERCISE:
			fprintf(out, "### Exercise: %s (see 'tmdojo show --exercise %s')\n\n",
			       tm_item_title(it), tm_exercise_id(tm_item_exercise(it)));
			break;
		}
	}
	fprintf(out, "What to remember:\n");
	for (size_t i = 0; i < tm_module_summary_count(m); i++)
		fprintf(out, "- %s\n", tm_module_summary(m, i));
	fprintf(out, "\n");
}

/* The exercise's title, summary and design document, as Markdown (no diagram). */
static void print_exercise_text(FILE *out, const struct tm_exercise *e)
{
	fprintf(out, "# %s\n\n%s\n", tm_exercise_title(e), tm_exercise_summary(e));
	fprintf(out, "%s\n", tm_exercise_document(e));
}

/* Piped: the Markdown, then the diagram as it is. */
static void print_exercise(const struct tm_exercise *e)
{
	print_exercise_text(stdout, e);
	if (tm_exercise_diagram(e) != NULL)
		printf("\n%s\n", tm_exercise_diagram(e));
}

/* The exercise as one screen text (caller frees), or NULL on ENOMEM: the
 * Markdown rendered as learn renders the design document, then a "Diagram"
 * heading and the diagram as drawn (a diagram is never wrapped by words). */
static char *exercise_screen_text(const struct term *t, const struct tm_exercise *e)
{
	char *md = NULL, *doc = NULL, *head = NULL, *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&md, &len);
	if (out == NULL)
		return NULL;
	print_exercise_text(out, e);
	if (fclose(out) != 0)
		goto cleanup;
	doc = render_markdown_glyphs(md, t->width, t->color, t->utf8);
	if (doc == NULL)
		goto cleanup;
	if (tm_exercise_diagram(e) == NULL) {
		text = doc;
		doc = NULL;
		goto cleanup;
	}
	head = render_markdown_glyphs("## Diagram\n", t->width, t->color, t->utf8);
	if (head == NULL)
		goto cleanup;
	out = open_memstream(&text, &len);
	if (out == NULL)
		goto cleanup;
	fprintf(out, "%s\n%s\n%s\n", doc, head, tm_exercise_diagram(e));
	if (fclose(out) != 0) {
		free(text);
		text = NULL;
	}
cleanup:
	free(md);
	free(doc);
	free(head);
	return text;
}

/* On a terminal the exercise is rendered, wrapped and paged as learn shows it
 * at its read step; piped it stays the plain Markdown. */
static void show_exercise(const struct tm_exercise *e)
{
	if (isatty(STDOUT_FILENO) != 1) {
		print_exercise(e);
		return;
	}
	struct term t;
	term_init(&t);
	char *text = exercise_screen_text(&t, e);
	if (text != NULL)
		term_page(&t, text);
	else
		print_exercise(e);
	free(text);
}

/* A course (all its modules) or, when m is not NULL, one module, as Markdown. */
static void print_target(FILE *out, const struct tm_course *co, const struct tm_module *m)
{
	if (m != NULL) {
		show_module(out, m);
		return;
	}
	fprintf(out, "# %s\n\n%s\n", tm_course_title(co), tm_course_summary(co));
	for (size_t i = 0; i < tm_course_module_count(co); i++)
		show_module(out, tm_course_module(co, i));
}

/* What print_target() writes, as a string (caller frees), or NULL on ENOMEM. */
static char *target_text(const struct tm_course *co, const struct tm_module *m)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	if (out == NULL)
		return NULL;
	print_target(out, co, m);
	if (fclose(out) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

/* On a terminal: the Markdown rendered as learn renders lessons (styles, tables,
 * call-outs, wrapped to the width) and paged as learn pages them. */
static void page_target(const struct tm_course *co, const struct tm_module *m)
{
	struct term t;
	term_init(&t);
	char *md = target_text(co, m);
	char *text = md != NULL ? render_markdown_glyphs(md, t.width, t.color, t.utf8) : NULL;
	if (text != NULL)
		term_page(&t, text);
	else if (md != NULL)
		fputs(md, stdout);
	else
		print_target(stdout, co, m);
	free(text);
	free(md);
}

static int show_target(const struct tm_content *c, const char *target)
{
	char course_id[256];
	const char *slash = strchr(target, '/');
	const struct tm_module *m = NULL;
	size_t len = slash != NULL ? (size_t)(slash - target) : strlen(target);
	if (len >= sizeof(course_id))
		len = sizeof(course_id) - 1;
	memcpy(course_id, target, len);
	course_id[len] = '\0';
	const struct tm_course *co = tm_content_find_course(c, course_id);
	char hint[TM_ID_MAX * 2 + 32];
	if (co == NULL) {
		fprintf(stderr, "tmdojo show: no course '%s'%s; see 'tmdojo list'\n", course_id,
			tools_suggest_course(c, course_id, hint, sizeof(hint)));
		return EXIT_BAD_INPUT;
	}
	if (slash != NULL) {
		m = tm_course_find_module(co, slash + 1);
		if (m == NULL) {
			fprintf(stderr, "tmdojo show: course '%s' has no module '%s'%s; see "
				"'tmdojo list'\n", course_id, slash + 1,
				tools_suggest_module(co, slash + 1, hint, sizeof(hint)));
			return EXIT_BAD_INPUT;
		}
	}
	if (isatty(STDOUT_FILENO) == 1)
		page_target(co, m);
	else
		print_target(stdout, co, m);
	return 0;
}

int cmd_show(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "exercise", required_argument, NULL, 'e' },
		{ "template", no_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *exercise = NULL;
	bool template = false;
	int c;
	optind = 1;
	for (;;) {
		c = getopt_long(argc, argv, "e:th", opts, NULL);
		if (c == -1)
			break;
		if (c == 't') {
			template = true;
		} else if (c == 'e') {
			exercise = optarg;
		} else if (c == 'h') {
			fputs(show_usage, stdout);
			return 0;
		} else {
			fputs(show_usage, stderr);
			return EXIT_BAD_INPUT;
		}
	}
	/* exactly one of COURSE[/MODULE], --exercise ID and --template */
	int targets = (exercise != NULL) + (optind < argc) + template;
	if (targets != 1 || argc - optind > 1) {
		if (argc - optind > 1 || (targets > 1 && optind < argc))
			fprintf(stderr, "tmdojo show: unexpected argument '%s'\n", argv[argc - 1]);
		else
			fprintf(stderr, "tmdojo show: give %s of COURSE[/MODULE], --exercise ID or "
				"--template\n", targets == 0 ? "one" : "only one");
		fputs(show_usage, stderr);
		return EXIT_BAD_INPUT;
	}
	if (template)
		return show_template();
	struct tm_content *content = tools_load_content();
	if (content == NULL)
		return EXIT_BAD_INPUT;
	int rc = 0;
	char hint[TM_ID_MAX * 2 + 32];
	if (exercise != NULL) {
		const struct tm_exercise *e = tm_content_find_exercise(content, exercise);
		if (e != NULL)
			show_exercise(e);
		else
			fprintf(stderr, "tmdojo show: no exercise '%s'%s; see 'tmdojo list'\n",
				exercise, tools_suggest_exercise(content, exercise, hint,
								 sizeof(hint)));
		rc = e != NULL ? 0 : EXIT_BAD_INPUT;
	} else {
		rc = show_target(content, argv[optind]);
	}
	tm_content_free(content);
	return rc;
}
