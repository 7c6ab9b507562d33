/*
 * cmd_validate.c: `tmdojo validate [PATH...]`: checks content and prints every
 * error as file:line:column: message. Exit 0 clean, 2 on errors.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"

static const char validate_usage[] =
	"usage: tmdojo validate [-q] [PATH...]\n"
	"\n"
	"Checks content files and reports every error as file:line:column: message.\n"
	"PATH may be a content root; a course or exercise directory, or a directory of\n"
	"them (courses/, exercises/) or of lexicon files (lexicon/); or a course, module,\n"
	"exercise, key or lexicon file. A file of an exercise's samples/ (or that\n"
	"directory) is checked as a submission. With no PATH, checks all the content.\n"
	"A PATH inside a content root (under its courses/ or exercises/) is checked\n"
	"against that root's exercises and lexicon, unless --content is given.\n"
	"An exercise's declared samples, design document and diagram are checked with\n"
	"it. A module file that course.yaml does not list, and a file of samples/ that\n"
	"exercise.yaml's samples: does not list (checked all the same), are warned about.\n"
	"  -q, --quiet   print only errors (no ok line, no warnings)\n"
	"Exit status: 0 when clean, 2 when there are errors.\n";

/* Prints d (sorted) in its order: the errors as file:line:column: text, the
 * warnings (code TM_OK: the content is sound, but likely not what its author
 * meant) as tools_print_warnings() does, unless quiet. Returns the number of
 * errors. */
static size_t print_report(const struct tm_diags *d, int quiet)
{
	size_t errors = 0;

	for (size_t i = 0; i < d->count; i++) {
		const struct tm_error *e = &d->items[i];
		if (e->code != TM_OK) {
			tools_print_diag(e);
			errors++;
		} else if (!quiet) {
			tools_print_warning("validate", e);
		}
	}
	return errors;
}

/* Says how many messages past the cap were not shown: only the errors with
 * -q (no warning is shown then anyway), else every one, naming how many of
 * them are errors. */
static void report_hidden(size_t hidden, size_t hidden_errors, size_t errors, int quiet)
{
	size_t hidden_warnings = hidden - hidden_errors;

	if (hidden_warnings == 0 || quiet) {
		if (hidden_errors > 0)
			fprintf(stderr, "%zu more error%s not shown (the list stops at %d): fix "
				"these and run validate again\n", hidden_errors,
				hidden_errors == 1 ? "" : "s", TM_MAX_DIAGS);
		return;
	}
	fprintf(stderr, "%zu more message%s not shown (%zu error%s, %zu warning%s; the list "
		"stops at %d)%s\n", hidden, hidden == 1 ? "" : "s", hidden_errors,
		hidden_errors == 1 ? "" : "s", hidden_warnings, hidden_warnings == 1 ? "" : "s",
		TM_MAX_DIAGS, errors > 0 ? ": fix these and run validate again" : "");
}

int cmd_validate(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int quiet = 0, c;
	optind = 1;
	for (;;) {
		c = getopt_long(argc, argv, "qh", opts, NULL);
		if (c == -1)
			break;
		if (c == 'q') {
			quiet = 1;
		} else if (c == 'h') {
			fputs(validate_usage, stdout);
			return 0;
		} else {
			fputs(validate_usage, stderr);
			return EXIT_BAD_INPUT;
		}
	}
	struct tm_diags diags;
	tm_diags_init(&diags);
	const char *root = tools_content_root();
	if (optind == argc)
		tm_validate_path(root, root, &diags);
	for (int i = optind; i < argc; i++) {
		/* a file inside a content root refers to that root's exercises and
		 * lexicon; --content, when given, is what the author asked for */
		char *own = tools_content_root_given() ? NULL : tm_content_root_of(argv[i]);
		tm_validate_path(argv[i], own != NULL ? own : root, &diags);
		free(own);
	}
	tm_diags_sort(&diags);
	size_t hidden = diags.dropped, hidden_errors = diags.dropped_errors;
	size_t errors = print_report(&diags, quiet) + hidden_errors;
	tm_diags_release(&diags);
	report_hidden(hidden, hidden_errors, errors, quiet);
	if (errors > 0) {
		fprintf(stderr, "%zu error%s\n", errors, errors == 1 ? "" : "s");
		return EXIT_BAD_INPUT;
	}
	if (!quiet)
		printf("ok: %s\n", optind == argc ? root : "all paths valid");
	return 0;
}
