/*
 * cmd_import.c: `tmdojo import moodle-xml FILE.xml -o MODULE.yaml [--id ID]
 * [--title TITLE] [--force]`
 *
 * Turns a Moodle XML question bank export into one tmdojo module file (one
 * quiz holding the questions; engine/import_moodle.c, docs/IMPORT.md). Warnings
 * (questions skipped, images dropped) go to stderr. Exit status: 0 written,
 * 2 bad input or usage (nothing written).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
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
	"Exit status: 0 written, 2 bad input, nothing importable or a module over the\n"
	"1 MiB a module file may be (export one category at a time): nothing written.\n";

/* Whether the content root the author chose (--content or $TMDOJO_CONTENT) is
 * one: a directory with courses/, as the commands that load content require
 * (tools_load_content()). If not, says what is wrong, as they do: the import
 * would read no lexicon there and keep answers that validate refuses. The
 * bundled root, chosen by nobody, is not checked (see import_lexicon()). */
static bool chosen_root_ok(const char *cmd, const char *root)
{
	const char *what;

	if (tools_content_root_from() == TOOLS_ROOT_BUNDLED)
		return true;
	what = tools_root_problem(root);
	if (what == NULL && !tools_has_dir(root, "courses"))
		what = "no courses found";
	if (what == NULL)
		return true;
	tools_explain_root(cmd, root, what);
	return false;
}

/* Reads the lexicon of the content root in use (--content, $TMDOJO_CONTENT or
 * the bundled one), whose stop words validate reads: the import drops a short
 * answer of only stop words as validate would refuse it. An empty lexicon when
 * the root has none, with a warning that such answers were not checked.
 * Returns 0 and sets *out (caller frees with
 * grader_lexicon_free()), or EXIT_BAD_INPUT when the root is not a content root
 * or its lexicon has errors (printed, as other commands refuse broken content). */
static int import_lexicon(const char *cmd, struct grader_lexicon **out)
{
	const char *root = tools_content_root();
	struct tm_diags diags;
	char safe[PATH_MAX + 64];
	int rc = 0;

	*out = NULL;
	if (!chosen_root_ok(cmd, root))
		return EXIT_BAD_INPUT;
	if (!tools_has_dir(root, "lexicon"))
		fprintf(stderr, "%s: warning: no lexicon in '%s/lexicon': short answers of only "
			"stop words were not checked (see --content)\n", cmd,
			tools_printable(root, safe, sizeof(safe)));
	tm_diags_init(&diags);
	if (tm_lexicon_load(root, out, &diags) != TM_OK) {
		tools_print_diags_for(cmd, &diags);
		fprintf(stderr, "%s: the lexicon under '%s' has errors; fix them (tmdojo validate "
			"lists them) and import again\n", cmd,
			tools_printable(root, safe, sizeof(safe)));
		grader_lexicon_free(*out);
		*out = NULL;
		rc = EXIT_BAD_INPUT;
	} else {
		/* one preparation, copied into each question's check */
		(void)grader_lexicon_prepare(*out);
	}
	tm_diags_release(&diags);
	return rc;
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
	tools_guard_input(argv[optind]);
	rc = import_lexicon(cmd, &lex);
	if (rc != 0)
		return rc;
	tm_diags_init(&diags);
	if (tools_read_input_diags(argv[optind], TM_IMPORT_MAX_BYTES, &buf, &len, &diags) !=
	    TM_OK) {
		tools_print_diags_for(cmd, &diags);
		tm_diags_release(&diags);
		grader_lexicon_free(lex);
		return EXIT_BAD_INPUT;
	}
	io.lexicon = lex;
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
