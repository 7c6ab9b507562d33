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
int cmd_eval(int argc, char **argv);

/** The content root: --content, else $TMDOJO_CONTENT, else the bundled or
 *  installed content found next to the executable. Never NULL. */
const char *tools_content_root(void);
/** Sets the content root (from the global --content option). */
void tools_set_content_root(const char *dir);

/** Prints every diagnostic as "file:line:column: text" on stderr. */
void tools_print_diags(const struct tm_diags *d);
/** Loads the content under the content root; prints diagnostics on failure.
 *  Returns NULL on failure. Caller frees with tm_content_free(). */
struct tm_content *tools_load_content(void);

#endif
