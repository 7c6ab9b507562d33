/*
 * cmd_list.c: `tmdojo list [--json]`: courses with their modules, and exercises,
 * with estimated minutes.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "json.h"
#include "render.h"

static const char list_usage[] =
	"usage: tmdojo list [-j | --json]\n"
	"\n"
	"Lists the courses with their modules, and the exercises, with estimated minutes.\n"
	"Titles wrap at the terminal's width (or COLUMNS); narrower than a row needs, each\n"
	"record takes two rows.\n"
	"  -j, --json   one JSON object with \"courses\" and \"exercises\"\n";

/* Columns of the widest "course/module" id, and of the widest exercise id. */
static void id_widths(const struct tm_content *c, int *module_w, int *exercise_w)
{
	*module_w = 30;
	*exercise_w = 22;
	for (size_t i = 0; i < tm_content_course_count(c); i++) {
		const struct tm_course *co = tm_content_course(c, i);
		for (size_t m = 0; m < tm_course_module_count(co); m++) {
			int w = (int)(strlen(tm_course_id(co)) + 1 +
				      strlen(tm_module_id(tm_course_module(co, m))));
			if (w > *module_w)
				*module_w = w;
		}
	}
	for (size_t i = 0; i < tm_content_exercise_count(c); i++) {
		int w = (int)strlen(tm_exercise_id(tm_content_exercise(c, i)));
		if (w > *exercise_w)
			*exercise_w = w;
	}
}

/* Columns before a module's title in the one-line layout: indent, id, minutes. */
#define ROW_LEAD(module_w) (4 + (module_w) + 1 + 7 + 2)
/* Columns a title keeps at least beside its row; narrower, each record takes
 * two rows (the id, then the minutes and title under it). */
#define TITLE_MIN 20

static void print_module(int width, bool narrow, int module_w, const struct tm_course *co,
			 const struct tm_module *mod)
{
	char id[600], lead[700], minutes[16] = "";
	snprintf(id, sizeof(id), "%s/%s", tm_course_id(co), tm_module_id(mod));
	if (tm_module_minutes(mod) > 0)
		snprintf(minutes, sizeof(minutes), "%3d min", tm_module_minutes(mod));
	if (narrow) {
		printf("    %s\n", id);
		snprintf(lead, sizeof(lead), "      %s%s", minutes + strspn(minutes, " "),
			 minutes[0] != '\0' ? "  " : "");
	} else {
		snprintf(lead, sizeof(lead), "    %-*s %7s  ", module_w, id, minutes);
	}
	render_hanging(stdout, width, lead, tm_module_title(mod));
}

/* Courses with their modules, then exercises: a record a row, padded into
 * columns; at a width where a title would keep fewer than TITLE_MIN columns,
 * each record on two rows. Titles wrap at word boundaries within width (0: no
 * limit). */
static void print_text(const struct tm_content *c, int width)
{
	int module_w, exercise_w;
	char lead[700], text[1200];
	id_widths(c, &module_w, &exercise_w);
	bool narrow = width > 0 && ROW_LEAD(module_w) + TITLE_MIN > width;
	printf("Courses\n");
	for (size_t i = 0; i < tm_content_course_count(c); i++) {
		const struct tm_course *co = tm_content_course(c, i);
		if (narrow) {
			printf("  %s  part %s  %d min\n", tm_course_id(co), tm_course_part(co),
			       tm_course_minutes(co));
			render_hanging(stdout, width, "      ", tm_course_title(co));
		} else {
			snprintf(lead, sizeof(lead), "  %-14s part %-10s %3d min  ", tm_course_id(co),
				 tm_course_part(co), tm_course_minutes(co));
			render_hanging(stdout, width, lead, tm_course_title(co));
		}
		for (size_t m = 0; m < tm_course_module_count(co); m++)
			print_module(width, narrow, module_w, co, tm_course_module(co, m));
	}
	printf("\nExercises\n");
	for (size_t i = 0; i < tm_content_exercise_count(c); i++) {
		const struct tm_exercise *e = tm_content_exercise(c, i);
		snprintf(text, sizeof(text), "%s (%zu threats in the key)", tm_exercise_title(e),
			 grader_key_threat_count(tm_exercise_key(e)));
		if (narrow) {
			printf("  %s  part %s  %d min\n", tm_exercise_id(e), tm_exercise_part(e),
			       tm_exercise_minutes(e));
			render_hanging(stdout, width, "      ", text);
		} else {
			snprintf(lead, sizeof(lead), "  %-*s part %-10s %3d min  ", exercise_w,
				 tm_exercise_id(e), tm_exercise_part(e), tm_exercise_minutes(e));
			render_hanging(stdout, width, lead, text);
		}
	}
}

static size_t count_questions(const struct tm_module *m)
{
	size_t n = 0;
	for (size_t i = 0; i < tm_module_item_count(m); i++)
		n += tm_item_question_count(tm_module_item(m, i));
	return n;
}

static void print_json(const struct tm_content *c)
{
	struct json j;
	json_init(&j, stdout);
	json_object(&j);
	json_key(&j, "courses");
	json_array(&j);
	for (size_t i = 0; i < tm_content_course_count(c); i++) {
		const struct tm_course *co = tm_content_course(c, i);
		json_object(&j);
		json_kv_string(&j, "id", tm_course_id(co));
		json_kv_string(&j, "title", tm_course_title(co));
		json_kv_string(&j, "part", tm_course_part(co));
		json_kv_int(&j, "minutes", tm_course_minutes(co));
		json_key(&j, "modules");
		json_array(&j);
		for (size_t m = 0; m < tm_course_module_count(co); m++) {
			const struct tm_module *mod = tm_course_module(co, m);
			json_object(&j);
			json_kv_string(&j, "id", tm_module_id(mod));
			json_kv_string(&j, "title", tm_module_title(mod));
			json_kv_int(&j, "minutes", tm_module_minutes(mod));
			json_kv_int(&j, "items", (long)tm_module_item_count(mod));
			json_kv_int(&j, "questions", (long)count_questions(mod));
			json_end(&j);
		}
		json_end(&j);
		json_end(&j);
	}
	json_end(&j);
	json_key(&j, "exercises");
	json_array(&j);
	for (size_t i = 0; i < tm_content_exercise_count(c); i++) {
		const struct tm_exercise *e = tm_content_exercise(c, i);
		json_object(&j);
		json_kv_string(&j, "id", tm_exercise_id(e));
		json_kv_string(&j, "title", tm_exercise_title(e));
		json_kv_string(&j, "part", tm_exercise_part(e));
		json_kv_int(&j, "minutes", tm_exercise_minutes(e));
		json_kv_int(&j, "threats", (long)grader_key_threat_count(tm_exercise_key(e)));
		json_kv_int(&j, "samples", (long)tm_exercise_sample_count(e));
		json_end(&j);
	}
	json_end(&j);
	json_end(&j);
	json_finish(&j);
}

int cmd_list(int argc, char **argv)
{
	bool as_json = false;
	int done = tools_json_only_opts(argc, argv, list_usage, &as_json);
	if (done >= 0)
		return done;
	if (optind < argc) {
		fprintf(stderr, "tmdojo list: unexpected argument '%s'\n%s", argv[optind], list_usage);
		return EXIT_BAD_INPUT;
	}
	struct tm_content *content = tools_load_content();
	if (content == NULL)
		return EXIT_BAD_INPUT;
	if (as_json)
		print_json(content);
	else
		print_text(content, tools_text_width());
	tm_content_free(content);
	return 0;
}
