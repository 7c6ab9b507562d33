/*
 * cmd_export.c: `tmdojo export`, the content in formats that learning
 * management systems import. `export moodle-xml`: the quiz questions as a
 * Moodle XML question bank file (docs/EXPORT.md); `export scorm`: a course as
 * a SCORM 1.2 package (cmd_export_scorm.c, docs/EXPORT-SCORM.md).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"

static const char export_usage[] =
	"usage: tmdojo export moodle-xml [--content DIR] [--course ID]... [-o FILE]\n"
	"       tmdojo export scorm --course ID [--content DIR] [--pass N] [-o FILE.zip]\n"
	"\n"
	"moodle-xml  writes the quiz questions of every course (or of each --course ID,\n"
	"            repeatable) as one Moodle XML file to import into a Moodle question\n"
	"            bank: a category per course and module ($course$/top/COURSE/MODULE),\n"
	"            each question named by its id with the id number COURSE/MODULE/ID.\n"
	"            Importing it again adds copies (Moodle does not update questions):\n"
	"            delete or move the old ones first. Text is Markdown.\n"
	"            What Moodle cannot express is approximated or the question skipped,\n"
	"            with a warning on standard error naming the question: short answers\n"
	"            lose fuzzy matching and patterns (a pattern imported from a Moodle\n"
	"            wildcard is written back as one), threat lists become essays graded\n"
	"            by hand. -o (--output) FILE writes the file (replaced only when the\n"
	"            export succeeds), else (or with -o -) standard output; --content\n"
	"            DIR as 'tmdojo --content DIR' gives it. Exit 0 when written, 2 on\n"
	"            an error (an unknown course, content with errors)\n"
	"scorm       writes course ID as a SCORM 1.2 package (a zip) that a learning\n"
	"            management system imports: a page per module, each reporting its\n"
	"            score and passed or failed against --pass N (percent, default 80).\n"
	"            'tmdojo export scorm --help' says more.\n"
	"Short options: -c (--course), -o (--output).\n";

static int export_moodle(int argc, char **argv)
{
	static const char *const cmd = "tmdojo export moodle-xml";
	static const struct option opts[] = {
		{ "content", required_argument, NULL, 'C' },
		{ "course", required_argument, NULL, 'c' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char **courses = calloc((size_t)argc + 1, sizeof(*courses));
	size_t n = 0;
	const char *path = NULL;
	int c, status = EXIT_BAD_INPUT;
	if (courses == NULL) {
		fprintf(stderr, "%s: out of memory\n", cmd);
		return EXIT_BAD_INPUT;
	}
	optind = 1;
	for (;;) {
		c = getopt_long(argc, argv, "c:o:h", opts, NULL);
		if (c == -1)
			break;
		if (c == 'C' && optarg[0] != '\0') {
			tools_set_content_root(optarg);
		} else if (c == 'c') {
			courses[n++] = optarg;
		} else if (c == 'o') {
			/* "-" is standard output; a file named - is -o ./- */
			path = strcmp(optarg, "-") == 0 ? NULL : optarg;
		} else if (c == 'h') {
			fputs(export_usage, stdout);
			free(courses);
			return 0;
		} else {
			if (c == 'C')
				fprintf(stderr, "%s: --content needs a directory\n", cmd);
			fputs(export_usage, stderr);
			free(courses);
			return EXIT_BAD_INPUT;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument '%s'; name courses with --course ID\n%s",
			cmd, argv[optind], export_usage);
		free(courses);
		return EXIT_BAD_INPUT;
	}
	struct tm_diags d, w;
	char *data = NULL;
	size_t len = 0;
	tm_diags_init(&d);
	tm_diags_init(&w);
	struct tm_content *content = tools_load_content();
	if (content == NULL)
		goto cleanup;
	if (tm_export_moodle_xml(content, courses, n, &data, &len, &w, &d) != TM_OK) {
		tools_print_diags_for(cmd, &d);
		goto cleanup;
	}
	tools_print_warnings(cmd, &w);
	status = tools_write_output(cmd, path, data, len);
cleanup:
	free(data);
	free(courses);
	tm_diags_release(&d);
	tm_diags_release(&w);
	tm_content_free(content);
	return status;
}

int cmd_export(int argc, char **argv)
{
	static const struct subcommand subs[] = {
		{ "moodle-xml", export_moodle },
		{ "scorm", cmd_export_scorm },
	};
	return tools_run_subcommand("export", subs, sizeof(subs) / sizeof(subs[0]), export_usage,
				    argc, argv);
}
