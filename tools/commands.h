/*
 * commands.h: the tmdojo subcommands and the helpers they share. Each cmd_xxx
 * parses its own options (getopt_long), prints its own usage, and returns the
 * process exit status: 0 success, 1 a negative result (failed check, below the
 * pass mark), 2 bad input or usage.
 */
#ifndef TMDOJO_COMMANDS_H
#define TMDOJO_COMMANDS_H

#include "tmengine.h"

#define EXIT_NEGATIVE 1
#define EXIT_BAD_INPUT 2

int cmd_help(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_show(int argc, char **argv);
/* The learner experience (cmd_learn.c with learn_answers.c, learn_exercise.c and
 * learn_solve.c; cmd_home.c; cmd_progress.c). The learner and store helpers
 * below are in learn_store.c; the course order and progress bar in cmd_home.c. */
int cmd_learn(int argc, char **argv);
int cmd_progress(int argc, char **argv);
/** The home screen (`tmdojo` with no command): courses, progress bars, next step. */
int cmd_home(int argc, char **argv);
/** The learner name: given when not NULL, else $TMDOJO_LEARNER, else the OS user
 *  (getpwuid), else $USER. Borrowed (static or from the environment). */
const char *learn_learner_name(const char *given);
/** Whether name can name a learner: it passes tm_name_check(), or the store
 *  already holds it (stored before the rule). Says why on stderr, prefixed by
 *  cmd, when it cannot. */
bool learn_learner_ok(const char *cmd, const char *name);
/** What a command does with the progress store. */
enum learn_store_use {
	LEARN_STORE_VIEW,     /* read only; the learner is looked up, never added */
	LEARN_STORE_CHANGE,   /* read-write; the learner is looked up, never added */
	LEARN_STORE_LEARN,    /* read-write; a new learner is added */
};
/**
 * Opens the progress store and finds the learner. For LEARN_STORE_VIEW an
 * existing file is opened read-only, so that one the learner cannot write is
 * still shown. Unless use is LEARN_STORE_LEARN, *id is -1 when nothing is stored
 * for the learner. On failure returns the status with the reasons in d. Caller
 * closes *out with tm_store_close().
 */
int learn_store_open(const char *learner, enum learn_store_use use, struct tm_store **out,
		     long long *id, struct tm_diags *d);
/** learn_store_open() that prints why on failure and returns NULL. */
struct tm_store *learn_open_store(const char *learner, enum learn_store_use use,
				  long long *id);
/** Says on stderr that the store s holds nothing for the learner name (shown
 *  as given: pass its printable form), listing the learners it knows. */
void learn_unknown_learner(struct tm_store *s, const char *name);
/** `tmdojo refresh` (cmd_refresh.c): the questions the learner got wrong, again. */
int cmd_refresh(int argc, char **argv);
/**
 * The modules of co that learner finished with an item below its pass mark
 * (progress's "done*"): returns how many, and writes into buf (size bytes, cut
 * when longer) each as '"Title" (retake with tmdojo learn [--learner
 * learner_opt] COURSE/MODULE)', "; " between them; "" when none.
 */
size_t learn_below_pass(struct tm_store *s, long long learner, const struct tm_course *co,
			const char *learner_opt, char *buf, size_t size);
/** Course indexes in part order (1, 2, 3, then named parts); returns the count. */
size_t learn_course_order(const struct tm_content *c, size_t *order, size_t max);
/** Items in a course, over all its modules. */
size_t learn_course_items(const struct tm_course *co);
/** "[#####-----]" (block characters when color) into buf. */
void learn_progress_bar(char *buf, size_t size, size_t done, size_t total, int width,
			bool color);
int cmd_eval(int argc, char **argv);
int cmd_grade(int argc, char **argv);
int cmd_keycheck(int argc, char **argv);
/* Trainer tools (cmd_cohort.c, cmd_team.c). */
int cmd_cohort(int argc, char **argv);
int cmd_team(int argc, char **argv);
/** `tmdojo export` (cmd_export.c): quiz questions as Moodle XML, a course as a
 *  SCORM 1.2 package. */
int cmd_export(int argc, char **argv);
/** `tmdojo export scorm` (cmd_export_scorm.c; argv[0] is "scorm"). */
int cmd_export_scorm(int argc, char **argv);
/** `tmdojo import moodle-xml` (cmd_import.c): a Moodle XML question bank as a module. */
int cmd_import(int argc, char **argv);

/** How to run tmdojo in a command the output suggests ("resume with: ./tmdojo
 *  learn intro"): the path it was started by when that is relative (./tmdojo
 *  from a source tree, not on PATH), else "tmdojo". */
const char *tools_self(void);
/** Notes argv[0] for tools_self(); main() calls it first. */
void tools_set_self(const char *argv0);

/** The content root: --content, else $TMDOJO_CONTENT, else the bundled or
 *  installed content found next to the executable. Never NULL. */
const char *tools_content_root(void);
/** Where the content root comes from: the author chose it with --content or
 *  with $TMDOJO_CONTENT (set and not empty; --content wins), or nobody did and
 *  it is the bundled or installed content. The one place this is decided. */
enum tools_root_from { TOOLS_ROOT_OPTION, TOOLS_ROOT_ENV, TOOLS_ROOT_BUNDLED };
enum tools_root_from tools_content_root_from(void);
/** Whether the content root was given with --content. */
bool tools_content_root_given(void);
/** What is wrong with root as a content root as far as the file system says
 *  ("no such directory", "cannot be read", "not a directory"), or NULL. */
const char *tools_root_problem(const char *root);
/** Prints, after cmd, that root (from --content, $TMDOJO_CONTENT or the bundled
 *  place, as it came) is no content root because of what, and what to do. */
void tools_explain_root(const char *cmd, const char *root, const char *what);
/** Sets the content root (from the global --content option). */
void tools_set_content_root(const char *dir);
/** Whether dir holds a directory called name (dir/name, following links). */
bool tools_has_dir(const char *dir, const char *name);

/** Prints diagnostic e as "file:line:column: text" on stderr, control
 *  characters shown as '?' (tools_printable). */
void tools_print_diag(const struct tm_error *e);
/** tools_print_diag() for every diagnostic of d. */
void tools_print_diags(const struct tm_diags *d);
/** The same, each line prefixed "cmd: " ("tmdojo cohort add: ..."). */
void tools_print_diags_for(const char *cmd, const struct tm_diags *d);
/** Prints warnings on stderr, one a line: "CMD: FILE:LINE:COLUMN: warning: TEXT"
 *  (the location as far as the warning has one). */
void tools_print_warnings(const char *cmd, const struct tm_diags *d);
/** One warning of tools_print_warnings(). */
void tools_print_warning(const char *cmd, const struct tm_error *e);
/** Loads the content under the content root; prints diagnostics on failure.
 *  Returns NULL on failure. Caller frees with tm_content_free(). */
struct tm_content *tools_load_content(void);

/** One subcommand of a command with subcommands (cohort, team). */
struct subcommand {
	const char *name;
	int (*fn)(int argc, char **argv);
};

/**
 * Runs the subcommand named argv[1] from table (n entries) with argv + 1, or
 * prints usage: on stdout for help / --help / -h (exit 0), else on stderr with
 * what was wrong (exit 2). cmd names the command in messages.
 */
int tools_run_subcommand(const char *cmd, const struct subcommand *table, size_t n,
			 const char *usage, int argc, char **argv);
/** Warns on stderr when root has no lexicon/ (grading then misses synonyms);
 *  returns whether it warned. */
bool tools_warn_no_lexicon(const char *root);
/** Loads the lexicon of the content root, warning on stderr when there is none;
 *  prints the errors and returns NULL when it does not load. Caller frees with
 *  grader_lexicon_free(). */
struct grader_lexicon *tools_load_lexicon(void);
/** Parses text as a whole decimal number within [lo, hi] into *out; returns
 *  1, or 0 (and leaves *out alone) when text is not such a number. */
int tools_parse_number(const char *text, double lo, double hi, double *out);
/** Appends copies of every message of src to dst. */
void tools_copy_diags(struct tm_diags *dst, const struct tm_diags *src);
/** Warns, prefixed by cmd, that the new learner name holds a combining mark
 *  (tools_combining_mark()); nothing when it holds none. */
void tools_warn_decomposed_learner(const char *cmd, const char *name);
/** Opens the store at path for reading only; without progress there, an empty
 *  store in memory (tm_store_open_empty): a view never creates or changes a file. */
int tools_open_store_to_read(const char *path, struct tm_store **store, struct tm_diags *d);
/** Opens the progress store and its gradebook (trainer tools), for writing or,
 *  when write is false, read-only (a store that cannot be written still shows);
 *  prints why and returns NULL on failure. Caller closes with
 *  tm_gradebook_close() and then tm_store_close(*store). */
struct tm_gradebook *tools_open_gradebook(struct tm_store **store, bool write);
/**
 * Reads the file at path, or standard input when path is "-", into a fresh
 * NUL-terminated buffer of at most max bytes; adds why it failed to d
 * ("-: ..." for standard input), for the caller to print after its command's
 * name (tools_print_diags_for()). Returns TM_OK (caller frees *out with
 * free()) or the error code.
 */
int tools_read_input_diags(const char *path, size_t max, char **out, size_t *len,
			   struct tm_diags *d);
/** Reads a submission (a threat list) as tools_read_input_diags() does, at most
 *  TM_MAX_SUBMISSION_BYTES: the one limit of grade, cohort grade and team
 *  record, with a message fit for a submission when it is over. */
int tools_read_submission(const char *path, char **out, size_t *len, struct tm_diags *d);
/** Whether standard input is named at most once among the n paths ("-", or
 *  /dev/stdin and the like when it is a pipe or terminal); if not, says so on
 *  stderr after cmd and returns false: the second would read nothing. */
bool tools_stdin_once(const char *cmd, char *const *paths, int n);
/**
 * Flushes standard output and checks its error flag: when a write failed
 * (a full disk, a closed pipe), prints "CMD: cannot write the output: why",
 * clears the flag and returns EXIT_BAD_INPUT; else 0. cmd names the command
 * ("tmdojo cohort report").
 */
int tools_check_output(const char *cmd);

/**
 * Notes what this run has stored for good ("the session was recorded"), so
 * that a later failure to write standard output says it was stored all the
 * same: the trainer must not take a failed output for a failed run and
 * record it again. what is a string literal (kept, not copied).
 */
void tools_note_stored(const char *what);

/**
 * Reads the options of a command that takes only --json (-j) and --help
 * (-h): *as_json set for --json; returns -1 to go on, else the exit status
 * (0 after --help prints usage on stdout, EXIT_BAD_INPUT after an unknown
 * option prints it on stderr). Leaves optind at the first operand.
 */
int tools_json_only_opts(int argc, char **argv, const char *usage, bool *as_json);
/**
 * The option loop of tools_json_only_opts() for a command that prints its own
 * usage: *as_json set for --json; returns -1 once the options are read
 * (optind at the first operand), 'h' for --help, '?' for anything else.
 */
int tools_json_flag(int argc, char **argv, bool *as_json);
/**
 * An output file a command writes (cohort report -o, eval --features): a
 * regular file (or a new one) is written through a temporary file beside it
 * (path.tmp-PID, created new: another name when that one exists; removed when
 * SIGTERM, SIGHUP or SIGINT ends the process) renamed into place by
 * tools_output_close(), so a failed run
 * never leaves half a file nor spoils an earlier one, and keeps the mode of
 * the file it replaces; a symbolic link's real file the same way, so the link
 * stays a link; anything else that exists (a FIFO, a device, /dev/stdout on a
 * pipe) is written directly, since it cannot be replaced. An existing file
 * the user cannot write is refused, as the shell's '>' would; so is the
 * progress database or a file SQLite keeps beside it (tm_store_file_of()),
 * and any file the command reads (tools_guard_input()), under any name.
 */
struct tools_output {
	FILE *f;            /* write here between open and close */
	const char *cmd;    /* borrowed: "tmdojo cohort report" */
	const char *option; /* borrowed: "-o FILE", named in what to do */
	const char *path;   /* borrowed: as the user gave it, named in messages */
	char *target;       /* the file replaced or written */
	char *tmp;          /* the temporary, NULL when direct */
	bool direct;
};
/** The files a command reads, which tools_output_open() then refuses to write
 *  over (under any name): path ("-": standard input, when it is a file), every
 *  file under dir (looked for only when an output is opened), and the files a
 *  content root's loaders read (the YAML of ROOT/courses and ROOT/lexicon,
 *  every file of ROOT/exercises; tools_load_content() and tools_load_lexicon()
 *  guard them). */
void tools_guard_input(const char *path);
void tools_guard_tree(const char *dir);
void tools_guard_content(const char *root);
/** Opens path for writing; cmd and option ("-o FILE") are named in messages.
 *  Returns 0, or -1 having said why (on stderr, naming path, never the
 *  temporary file); refuses every path when memory ran out while noting or
 *  looking for the files the command reads. */
int tools_output_open(struct tools_output *o, const char *cmd, const char *option,
		      const char *path);
/** Closes o: when ok and every write succeeded, renames the temporary into
 *  place; else removes it. Returns 0, or -1 when ok but writing failed (said
 *  why). */
int tools_output_close(struct tools_output *o, bool ok);
/** Writes len bytes of data to path through tools_output ("-o FILE"), or to
 *  standard output when path is NULL. Returns the exit status (0, or
 *  EXIT_BAD_INPUT having said why). */
int tools_write_output(const char *cmd, const char *path, const void *data, size_t len);
/**
 * A copy of s fit for a terminal: control characters (C0, DEL, C1) and invalid
 * UTF-8 bytes become '?' (one per byte), a bidirectional control (U+202E...,
 * tm_bidi_control_len()) one '?', and the copy is cut (at a character boundary) to fit size bytes.
 * Returns buf.
 */
const char *tools_printable(const char *s, char *buf, size_t size);
/**
 * The first combining diacritical mark (U+0300-U+036F) in name, or 0: a name
 * with one is decomposed (NFD, as macOS writes "he\u0301ctor"), other bytes
 * than the same name typed precomposed, so another cohort group, team or learner. We
 * keep no Unicode normalization, so commands can only warn.
 */
unsigned tools_combining_mark(const char *name);
/** Warns on stderr ("PATH: warning: ...", after lead: "" or "\n" to end a
 *  progress line) about the lines of sub cut at GRADER_MAX_LINE bytes and
 *  those ignored past GRADER_MAX_LINES; prints nothing when there are none. */
void tools_warn_submission(const char *lead, const char *path,
			   const struct grader_submission *sub);
/** tools_warn_submission() given the two counts (team record: the engine
 *  parsed the submission and kept only them). */
void tools_warn_lines(const char *lead, const char *path, size_t truncated, size_t dropped);
/** Warns on stderr, one line each, after lead, about every author pattern of
 *  key that a match limit stopped while r was graded
 *  (grader_result_limit_count()): "PATH:LINE: warning: pattern patterns[J]
 *  '...' of threat ID in KEY_FILE stopped at the grader's match limit ...",
 *  with what to do. Returns how many there were (0: nothing printed). */
size_t tools_warn_limits(const char *lead, const char *key_file, const struct grader_key *key,
			 const char *path, const struct grader_submission *sub,
			 const struct grader_result *r);
/** One such warning: pattern j of threat t (key indexes) on line line_no of path. */
void tools_warn_limit(const char *key_file, const struct grader_key *key, const char *path,
		      int line_no, size_t t, size_t j);
/** Prints s on out, then blanks up to width columns as a terminal shows them
 *  (render_display_width(): "h\xc3\xa9ctor" is six wide, a CJK character two,
 *  a combining accent none, under a UTF-8 locale). Nothing more when s is as
 *  wide or wider. For columns of names. */
void tools_print_padded(FILE *out, const char *s, int width);
/**
 * The n words as one command to paste into a shell (caller frees; NULL on
 * ENOMEM): each as it is when it holds only characters no shell treats
 * specially (letters, digits, _@%+=:,./-), else in single quotes, a quote in
 * it written '\''.
 */
char *tools_shell_command(const char *const *words, size_t n);
/**
 * A command the output suggests ("See your scores with: ..."), to paste into a
 * shell: tmdojo as tools_self() names it, --content DIR when the content root
 * was given with --content, cmd (NULL: none), --learner LEARNER when learner is
 * not NULL, then the n (at most 4) words of args; so that following it runs as
 * the same learner on the same content. Made printable (tools_printable_dup()).
 * Caller frees with free(); NULL on ENOMEM.
 */
char *tools_follow_up(const char *cmd, const char *learner, const char *const *args, size_t n);
/**
 * " (did you mean 'ID'?)" into buf for the candidate (n of them) closest to
 * word: a likely typo (tm_suggest()), or the one candidate word is the start
 * of, or that is the start of word ("credit-card" for "credit-card-billing");
 * "" when none is close. Returns buf.
 */
const char *tools_did_you_mean(const char *word, const char *const *candidates, size_t n,
			       char *buf, size_t size);
/** tools_did_you_mean() for id among the course ids of c, the module ids of
 *  co, or the exercise ids of c. Returns buf. */
const char *tools_suggest_course(const struct tm_content *c, const char *id, char *buf,
				 size_t size);
const char *tools_suggest_module(const struct tm_course *co, const char *id, char *buf,
				 size_t size);
const char *tools_suggest_exercise(const struct tm_content *c, const char *id, char *buf,
				   size_t size);
/** tools_printable() of all of s into a fresh buffer. Caller frees with free();
 *  NULL when out of memory. */
char *tools_printable_dup(const char *s);

/** Columns a command's plain output (tables, reports) may take: the terminal's
 *  width, else COLUMNS, else 0 when piped without it (no limit: a record a
 *  line, as scripts read it). See term_text_width(). */
int tools_text_width(void);
#endif
