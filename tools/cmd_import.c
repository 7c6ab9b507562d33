/*
 * cmd_import.c: `tmdojo import moodle-xml FILE.xml -o MODULE.yaml [--id ID]
 * [--title TITLE] [--force]`
 *
 * Turns a Moodle XML question bank export into one tmdojo module file (one
 * quiz holding the questions; engine/import_moodle.c, docs/IMPORT.md). Warnings
 * (questions skipped, images dropped) go to stderr. Exit status: 0 written,
 * 2 bad input or usage (nothing written).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "commands.h"

static const char import_usage[] =
	"usage: tmdojo import moodle-xml FILE.xml -o MODULE.yaml [--id ID] [--title TITLE]\n"
	"                                [--force]\n"
	"\n"
	"Reads a Moodle XML question bank export ('-' reads standard input; at most\n"
	"16 MiB) and writes one tmdojo module holding one quiz of its questions:\n"
	"multichoice, truefalse, shortanswer, numerical, matching and ordering. Other\n"
	"types (essay, cloze, calculated, description, random...) are skipped with a\n"
	"warning naming their line; so are texts tmdojo cannot show (images). HTML\n"
	"question text becomes plain text. A file that declares XML entities is\n"
	"refused. A short answer of only stop words (\"the\", from the lexicon of the\n"
	"content root in use: give --content DIR before 'import' for another root)\n"
	"is dropped, since validate refuses it. Add the module to a course.yaml and\n"
	"run 'tmdojo validate' (see docs/IMPORT.md for the mapping).\n"
	"\n"
	"  -o, --output FILE  the module file to write (required); written whole or\n"
	"                     not at all\n"
	"  -i, --id ID        the module id (default: made from the input file name)\n"
	"  -t, --title TITLE  the module and quiz title (default: the last category's\n"
	"                     name, else the file name)\n"
	"  -f, --force        replace FILE when it exists (refused without --force)\n"
	"\n"
	"Exit status: 0 written, 2 bad input or nothing importable (nothing written).\n";

/* The lexicon of the content root in use (--content, $TMDOJO_CONTENT or the
 * bundled one), whose stop words validate reads: the import drops a short
 * answer of only stop words as validate would refuse it. An empty lexicon when
 * the root has none; NULL when its lexicon has errors (printed). Caller frees
 * with grader_lexicon_free(). */
static struct grader_lexicon *import_lexicon(const char *cmd)
{
	struct tm_diags diags;
	struct grader_lexicon *lex = NULL;

	tm_diags_init(&diags);
	if (tm_lexicon_load(tools_content_root(), &lex, &diags) != TM_OK) {
		tools_print_diags_for(cmd, &diags);
		lex = NULL;
	} else {
		/* one preparation, copied into each question's check */
		(void)grader_lexicon_prepare(lex);
	}
	tm_diags_release(&diags);
	return lex;
}

static int import_moodle(int argc, char **argv)
{
	static const char *const cmd = "tmdojo import moodle-xml";
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "id", required_argument, NULL, 'i' },
		{ "title", required_argument, NULL, 't' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct tm_import_options io = { NULL, NULL, NULL };
	struct grader_lexicon *lex;
	const char *output = NULL;
	bool force = false;
	struct tm_diags diags, warnings;
	struct stat st;
	char *buf = NULL, *yaml = NULL, safe[512];
	size_t len = 0, yaml_len = 0, count = 0;
	int c, rc;

	optind = 1;
	for (;;) {
		c = getopt_long(argc, argv, "o:i:t:fh", opts, NULL);
		if (c == -1)
			break;
		if (c == 'o') {
			output = optarg;
		} else if (c == 'i') {
			io.module_id = optarg;
		} else if (c == 't') {
			io.title = optarg;
		} else if (c == 'f') {
			force = true;
		} else if (c == 'h') {
			fputs(import_usage, stdout);
			return 0;
		} else {
			fputs(import_usage, stderr);
			return EXIT_BAD_INPUT;
		}
	}
	if (optind + 1 != argc || output == NULL) {
		fprintf(stderr, "%s: %s\n", cmd,
			output == NULL ? "-o MODULE.yaml is required"
				       : "give exactly one Moodle XML file");
		fputs(import_usage, stderr);
		return EXIT_BAD_INPUT;
	}
	if (!force && stat(output, &st) == 0 && S_ISREG(st.st_mode)) {
		fprintf(stderr, "%s: '%s' exists: give --force to replace it, or choose "
			"another -o FILE\n", cmd, tools_printable(output, safe, sizeof(safe)));
		return EXIT_BAD_INPUT;
	}
	if (tools_read_input(argv[optind], TM_IMPORT_MAX_BYTES, &buf, &len) != TM_OK)
		return EXIT_BAD_INPUT;
	lex = import_lexicon(cmd);
	io.lexicon = lex;
	tm_diags_init(&diags);
	tm_diags_init(&warnings);
	rc = tm_import_moodle_xml(argv[optind], buf, len, &io, &yaml, &yaml_len, &count,
				  &warnings, &diags);
	free(buf);
	grader_lexicon_free(lex);
	tools_print_warnings(cmd, &warnings);
	tm_diags_release(&warnings);
	if (rc != TM_OK) {
		tools_print_diags_for(cmd, &diags);
		tm_diags_release(&diags);
		return EXIT_BAD_INPUT;
	}
	tm_diags_release(&diags);
	int written = tools_write_output(cmd, output, yaml, yaml_len);
	free(yaml);
	if (written != 0)
		return written;
	fprintf(stderr, "%s: wrote %zu question%s to %s; list it in a course.yaml and run "
		"tmdojo validate\n", cmd, count, count == 1 ? "" : "s",
		tools_printable(output, safe, sizeof(safe)));
	return 0;
}

int cmd_import(int argc, char **argv)
{
	static const struct subcommand table[] = {
		{ "moodle-xml", import_moodle },
	};
	return tools_run_subcommand("import", table, sizeof(table) / sizeof(table[0]),
				    import_usage, argc, argv);
}
