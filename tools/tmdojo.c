/*
 * tmdojo.c: the entry point. A table of subcommands, like git: each entry names
 * the command, the function that runs it, and a one-line summary for --help.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "learn", cmd_learn, "start or resume a course where you left off" },
	{ "progress", cmd_progress, "your progress and scores; --json, --export, --reset" },
	{ "refresh", cmd_refresh, "ask again the questions you got wrong before (a refresher)" },
	{ "list", cmd_list, "list courses, modules and exercises with estimated minutes" },
	{ "show", cmd_show, "print a course or module's lessons without interaction" },
	{ "validate", cmd_validate, "check content files and report every error" },
	{ "grade", cmd_grade, "grade threat lists against an answer key (text or --json)" },
	{ "keycheck", cmd_keycheck, "test an exercise's answer key against its sample submissions" },
	{ "eval", cmd_eval, "measure the grader on a labelled corpus (precision, recall, F1)" },
	{ "cohort", cmd_cohort, "grade a class into the gradebook; reports, quiz item analysis" },
	{ "team", cmd_team, "record live sessions per team; team maturity phases" },
	{ "export", cmd_export, "quiz questions as Moodle XML; a course as a SCORM 1.2 package" },
	{ "import", cmd_import, "turn a Moodle XML question bank into a tmdojo module" },
	{ "help", cmd_help, "show help for a command" },
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static const char usage_head[] =
	"usage: tmdojo [--content DIR] [--version] [--help] <command> [<args>]\n"
	"\n"
	"tmdojo teaches threat modeling in the terminal. With no command it shows the\n"
	"curriculum and your progress.\n"
	"\n"
	"commands:\n";

static void print_usage(FILE *out)
{
	fputs(usage_head, out);
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("\nRun 'tmdojo help <command>' for a command's options.\n"
	      "The content root is --content DIR, else $TMDOJO_CONTENT, else the bundled content;\n"
	      "--content may come before or after the command (not after a '--').\n"
	      "TMDOJO_PLAIN=1 prints for screen readers: no colour, progress bars or redrawn\n"
	      "lines, ASCII bullets and rules, headings underlined; the same facts in words.\n",
	      out);
}

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* " (did you mean 'NAME'?)" for a mistyped command name, into buf. */
static const char *suggest_command(const char *name, char *buf, size_t size)
{
	const char *names[N_COMMANDS + 1];
	for (size_t i = 0; i < N_COMMANDS; i++)
		names[i] = commands[i].name;
	names[N_COMMANDS] = NULL;
	return tools_did_you_mean(name, names, N_COMMANDS, buf, size);
}

static const char help_usage[] =
	"usage: tmdojo help [COMMAND]\n"
	"\n"
	"Prints COMMAND's options (as 'tmdojo COMMAND --help' does), or without COMMAND\n"
	"the list of commands.\n";

/* `tmdojo help CMD` runs CMD --help; `tmdojo help` prints the command list. */
int cmd_help(int argc, char **argv)
{
	if (argc < 2) {
		print_usage(stdout);
		return 0;
	}
	if (argc > 2) {
		fputs(help_usage, stderr);
		return EXIT_BAD_INPUT;
	}
	/* `tmdojo help help` runs this with --help */
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(help_usage, stdout);
		return 0;
	}
	const struct command *c = find_command(argv[1]);
	if (c == NULL) {
		char hint[TM_ID_MAX * 2 + 32];
		fprintf(stderr, "tmdojo: unknown command '%s'%s; see 'tmdojo --help'\n", argv[1],
			suggest_command(argv[1], hint, sizeof(hint)));
		return EXIT_BAD_INPUT;
	}
	char help_flag[] = "--help";
	char *args[] = { argv[1], help_flag, NULL };
	return c->fn(2, args);
}

/* With no command, the learner's home screen when the learner experience is
 * built in; until then, the course list. */
static int run_default(void)
{
	char name[] = "home";
	char *args[] = { name, NULL };
	return cmd_home(1, args);
}

/* --content DIR or --content=DIR at argv[*i]: sets the content root and steps
 * past it; says what is missing and returns false when no directory is given. */
static bool take_content(int argc, char **argv, int *i)
{
	const char *arg = argv[*i], *dir = NULL;

	if (arg[9] == '=')
		dir = arg + 10;
	else if (*i + 1 < argc)
		dir = argv[*i + 1];
	if (dir == NULL || dir[0] == '\0') {
		fprintf(stderr, "tmdojo: --content needs a directory: tmdojo --content DIR "
			"<command>\n");
		return false;
	}
	tools_set_content_root(dir);
	*i += arg[9] == '=' ? 1 : 2;
	return true;
}

/*
 * Takes --content DIR (or --content=DIR) out of the command's arguments
 * argv[start..argc), up to a "--", as if it had come before the command:
 * every command takes it in either place, the last one given winning. Returns
 * the new argc, or -1 when one names no directory (said why).
 */
static int take_content_after(int argc, char **argv, int start)
{
	int out = start, i = start;
	while (i < argc) {
		if (strcmp(argv[i], "--") == 0) {
			while (i < argc)
				argv[out++] = argv[i++];
			break;
		}
		if (strcmp(argv[i], "--content") == 0 || strncmp(argv[i], "--content=", 10) == 0) {
			if (!take_content(argc, argv, &i))
				return -1;
			continue;
		}
		argv[out++] = argv[i++];
	}
	argv[out] = NULL;
	return out;
}

int main(int argc, char **argv)
{
	int i = 1;
	/* over a file size limit (ulimit -f), a write fails with EFBIG and is
	 * reported like a full disk (earlier progress kept), instead of SIGXFSZ
	 * killing tmdojo without a word */
	signal(SIGXFSZ, SIG_IGN);
	tools_set_self(argc > 0 ? argv[0] : NULL);
	while (i < argc && argv[i][0] == '-') {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			print_usage(stdout);
			return tools_check_output("tmdojo");
		} else if (strcmp(argv[i], "--version") == 0) {
			printf("tmdojo %s\n", TMDOJO_VERSION);
			return tools_check_output("tmdojo");
		} else if (strcmp(argv[i], "--content") == 0 || strncmp(argv[i], "--content=", 10) == 0) {
			if (!take_content(argc, argv, &i))
				return EXIT_BAD_INPUT;
		} else if (strcmp(argv[i], "--learner") == 0 ||
			   strncmp(argv[i], "--learner=", 10) == 0) {
			/* the home screen is the one place a learner's name is not an
			 * option: say where it goes instead of only refusing it */
			fprintf(stderr, "tmdojo: --learner goes after a command (%s learn --learner "
				"NAME); for another learner's home screen, set TMDOJO_LEARNER=NAME\n",
				tools_self());
			return EXIT_BAD_INPUT;
		} else {
			fprintf(stderr, "tmdojo: unknown option '%s'; see 'tmdojo --help'\n", argv[i]);
			return EXIT_BAD_INPUT;
		}
	}
	const struct command *c = NULL;
	int rc;
	if (i < argc) {
		c = find_command(argv[i]);
		if (c == NULL) {
			char hint[TM_ID_MAX * 2 + 32];
			fprintf(stderr, "tmdojo: '%s' is not a tmdojo command%s; see 'tmdojo --help'\n",
				argv[i], suggest_command(argv[i], hint, sizeof(hint)));
			return EXIT_BAD_INPUT;
		}
		argc = take_content_after(argc, argv, i + 1);
		if (argc < 0)
			return EXIT_BAD_INPUT;
		/* getopt names the command by argv[0] in its messages: "tmdojo learn:
		 * unrecognized option", as every other message of the command reads */
		char name[64];
		snprintf(name, sizeof(name), "tmdojo %s", c->name);
		argv[i] = name;
		rc = c->fn(argc - i, argv + i);
	} else {
		rc = run_default();
	}
	/* one place that catches a failed write to standard output (a full disk,
	 * a closed pipe) for every command; a command that already failed has said
	 * why */
	if (rc != EXIT_BAD_INPUT) {
		char cmd[64];
		snprintf(cmd, sizeof(cmd), "tmdojo%s%s", c != NULL ? " " : "",
			 c != NULL ? c->name : "");
		if (tools_check_output(cmd) != 0)
			rc = EXIT_BAD_INPUT;
	}
	return rc;
}
