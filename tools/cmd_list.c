/*
 * cmd_list.c: `tmdojo list [--json]`: courses with their modules, and exercises,
 * with estimated minutes.
 */
#include <getopt.h>
#include <stdio.h>

#include "commands.h"
#include "json.h"

static const char list_usage[] =
	"usage: tmdojo list [-j | --json]\n"
	"\n"
	"Lists the courses with their modules, and the exercises, with estimated minutes.\n"
	"  -j, --json   one JSON object with \"courses\" and \"exercises\"\n";

static void print_text(const struct tm_content *c)
{
	printf("Courses\n");
	for (size_t i = 0; i < tm_content_course_count(c); i++) {
		const struct tm_course *co = tm_content_course(c, i);
		printf("  %-14s part %-10s %3d min  %s\n", tm_course_id(co), tm_course_part(co),
		       tm_course_minutes(co), tm_course_title(co));
		for (size_t m = 0; m < tm_course_module_count(co); m++) {
			const struct tm_module *mod = tm_course_module(co, m);
			if (tm_module_minutes(mod) > 0)
				printf("    %s/%-30s %3d min  %s\n", tm_course_id(co), tm_module_id(mod),
				       tm_module_minutes(mod), tm_module_title(mod));
			else
				printf("    %s/%-30s          %s\n", tm_course_id(co),
				       tm_module_id(mod), tm_module_title(mod));
		}
	}
	printf("\nExercises\n");
	for (size_t i = 0; i < tm_content_exercise_count(c); i++) {
		const struct tm_exercise *e = tm_content_exercise(c, i);
		printf("  %-22s part %-10s %3d min  %s (%zu threats in the key)\n",
		       tm_exercise_id(e), tm_exercise_part(e), tm_exercise_minutes(e),
		       tm_exercise_title(e), grader_key_threat_count(tm_exercise_key(e)));
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
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int as_json = 0, c;
	optind = 1;
	for (;;) {
		c = getopt_long(argc, argv, "jh", opts, NULL);
		if (c == -1)
			break;
		if (c == 'j') {
			as_json = 1;
		} else if (c == 'h') {
			fputs(list_usage, stdout);
			return 0;
		} else {
			fputs(list_usage, stderr);
			return EXIT_BAD_INPUT;
		}
	}
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
		print_text(content);
	tm_content_free(content);
	return 0;
}
