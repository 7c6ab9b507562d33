/*
 * cmd_export_scorm.c: `tmdojo export scorm --course ID [-o FILE.zip]`: one
 * course as a SCORM 1.2 package for an LMS (engine/export_scorm.c builds it;
 * docs/EXPORT-SCORM.md says what it holds and what an LMS records).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"

static const char export_scorm_usage[] =
	"usage: tmdojo export scorm --course ID [--content DIR] [--pass N] [-o FILE.zip]\n"
	"\n"
	"Writes course ID as a SCORM 1.2 package (a zip) that a learning management\n"
	"system imports: one page per module, each a SCO that reports its score\n"
	"(percent) and passed or failed against the pass mark (completed for a module\n"
	"without scored questions). The zip goes to -o FILE (replaced only once whole),\n"
	"or to standard output (no -o, or -o -) when that is not a terminal.\n"
	"\n"
	"options:\n"
	"  -c, --course ID   the course to export (see 'tmdojo list'; one)\n"
	"  --content DIR     the content root that holds the course\n"
	"  --pass N          pass mark in percent, 0 to 100 (default 80)\n"
	"  -o, --output FILE write the zip to FILE\n"
	"\n"
	"Short answers must match an accepted answer exactly (case, blanks, quotes\n"
	"around it, end punctuation and a plural s aside; a short form such as EoP\n"
	"where tmdojo credits it), threat lists are not scored, and the answers are\n"
	"in the page source: see docs/EXPORT-SCORM.md. What the package does\n"
	"differently is said as warnings.\n";

int cmd_export_scorm(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "course", required_argument, NULL, 'c' },
		{ "content", required_argument, NULL, 'C' },
		{ "pass", required_argument, NULL, 'p' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const cmd = "tmdojo export scorm";
	const char *course = NULL, *path = NULL;
	double pass = TM_SCORM_DEFAULT_PASS;
	int c;
	optind = 1;
	for (;;) {
		c = getopt_long(argc, argv, "c:o:h", opts, NULL);
		if (c == -1)
			break;
		if (c == 'c' && course != NULL) {
			/* one course makes one package; moodle-xml takes several */
			char one[256], other[256];
			fprintf(stderr, "%s: one --course per package, not '%s' and '%s': export "
				"each course on its own\n", cmd,
				tools_printable(course, one, sizeof(one)),
				tools_printable(optarg, other, sizeof(other)));
			return EXIT_BAD_INPUT;
		} else if (c == 'c') {
			course = optarg;
		} else if (c == 'C') {
			tools_set_content_root(optarg);
		} else if (c == 'p') {
			if (!tools_parse_number(optarg, 0, 100, &pass) || pass != (int)pass) {
				fprintf(stderr, "%s: --pass takes a whole percent from 0 to 100, not "
					"'%s'\n", cmd, optarg);
				return EXIT_BAD_INPUT;
			}
		} else if (c == 'o') {
			/* "-" is standard output, refused below on a terminal */
			path = strcmp(optarg, "-") == 0 ? NULL : optarg;
		} else if (c == 'h') {
			fputs(export_scorm_usage, stdout);
			return 0;
		} else {
			fputs(export_scorm_usage, stderr);
			return EXIT_BAD_INPUT;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", cmd, argv[optind]);
		fputs(export_scorm_usage, stderr);
		return EXIT_BAD_INPUT;
	}
	if (course == NULL) {
		fprintf(stderr, "%s: give the course to export: --course ID (see 'tmdojo list')\n",
			cmd);
		return EXIT_BAD_INPUT;
	}
	if (path == NULL && isatty(STDOUT_FILENO)) {
		fprintf(stderr, "%s: a zip is not for the terminal: give -o FILE.zip (or "
			"redirect standard output to a file)\n", cmd);
		return EXIT_BAD_INPUT;
	}
	struct tm_content *content = tools_load_content();
	if (content == NULL)
		return EXIT_BAD_INPUT;
	const struct tm_course *co = tm_content_find_course(content, course);
	if (co == NULL) {
		char shown[256];
		fprintf(stderr, "%s: no course '%s' under %s; see 'tmdojo list'\n", cmd,
			tools_printable(course, shown, sizeof(shown)), tm_content_root(content));
		tm_content_free(content);
		return EXIT_BAD_INPUT;
	}
	struct tm_diags d, warnings;
	tm_diags_init(&d);
	tm_diags_init(&warnings);
	void *zip = NULL;
	size_t len = 0;
	int rc = EXIT_BAD_INPUT;
	int status = tm_scorm_export(co, tm_content_lexicon(content), (int)pass, &zip, &len, &warnings, &d);
	tools_print_warnings(cmd, &warnings);
	if (status != TM_OK)
		tools_print_diags_for(cmd, &d);
	else
		rc = tools_write_output(cmd, path, zip, len);
	free(zip);
	tm_diags_release(&d);
	tm_diags_release(&warnings);
	tm_content_free(content);
	return rc;
}
