/*
 * cmd_show.c: `tmdojo show COURSE[/MODULE]`: prints lesson text without
 * interaction (for reading, printing or piping), plus each module's summary.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"

static const char show_usage[] =
	"usage: tmdojo show COURSE[/MODULE]\n"
	"       tmdojo show --exercise ID\n"
	"       tmdojo show --template\n"
	"\n"
	"Prints a course's or module's lessons and summaries without interaction, an\n"
	"exercise's design document and diagram, or the threat-modeling section template\n"
	"for a design document's pre-read (courses/live/template.md).\n";

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

static void show_module(const struct tm_module *m)
{
	printf("## %s\n\n", tm_module_title(m));
	if (tm_module_objective_count(m) > 0) {
		printf("You will learn to:\n");
		for (size_t i = 0; i < tm_module_objective_count(m); i++)
			printf("- %s\n", tm_module_objective(m, i));
		printf("\n");
	}
	for (size_t i = 0; i < tm_module_item_count(m); i++) {
		const struct tm_item *it = tm_module_item(m, i);
		switch (tm_item_kind(it)) {
		case TM_ITEM_LESSON:
			printf("### %s\n\n%s\n", tm_item_title(it), tm_item_body(it));
			break;
		case TM_ITEM_QUIZ:
			printf("### Quiz: %s (%zu question%s; take it with 'tmdojo learn')\n\n",
			       tm_item_title(it), tm_item_question_count(it),
			       tm_item_question_count(it) == 1 ? "" : "s");
			break;
		case TM_ITEM_EXERCISE:
			printf("### Exercise: %s (see 'tmdojo show --exercise %s')\n\n",
			       tm_item_title(it), tm_exercise_id(tm_item_exercise(it)));
			break;
		}
	}
	printf("What to remember:\n");
	for (size_t i = 0; i < tm_module_summary_count(m); i++)
		printf("- %s\n", tm_module_summary(m, i));
	printf("\n");
}

static void show_exercise(const struct tm_exercise *e)
{
	printf("# %s\n\n%s\n", tm_exercise_title(e), tm_exercise_summary(e));
	printf("%s\n", tm_exercise_document(e));
	if (tm_exercise_diagram(e) != NULL)
		printf("\n%s\n", tm_exercise_diagram(e));
}

static int show_target(const struct tm_content *c, const char *target)
{
	char course_id[256];
	const char *slash = strchr(target, '/');
	size_t len = slash != NULL ? (size_t)(slash - target) : strlen(target);
	if (len >= sizeof(course_id))
		len = sizeof(course_id) - 1;
	memcpy(course_id, target, len);
	course_id[len] = '\0';
	const struct tm_course *co = tm_content_find_course(c, course_id);
	if (co == NULL) {
		fprintf(stderr, "tmdojo show: no course '%s'; see 'tmdojo list'\n", course_id);
		return EXIT_BAD_INPUT;
	}
	if (slash != NULL) {
		const struct tm_module *m = tm_course_find_module(co, slash + 1);
		if (m == NULL) {
			fprintf(stderr, "tmdojo show: course '%s' has no module '%s'; see 'tmdojo list'\n",
				course_id, slash + 1);
			return EXIT_BAD_INPUT;
		}
		show_module(m);
		return 0;
	}
	printf("# %s\n\n%s\n", tm_course_title(co), tm_course_summary(co));
	for (size_t i = 0; i < tm_course_module_count(co); i++)
		show_module(tm_course_module(co, i));
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
	if (exercise != NULL) {
		const struct tm_exercise *e = tm_content_find_exercise(content, exercise);
		if (e != NULL)
			show_exercise(e);
		else
			fprintf(stderr, "tmdojo show: no exercise '%s'; see 'tmdojo list'\n", exercise);
		rc = e != NULL ? 0 : EXIT_BAD_INPUT;
	} else {
		rc = show_target(content, argv[optind]);
	}
	tm_content_free(content);
	return rc;
}
