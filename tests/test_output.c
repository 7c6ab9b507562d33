/*
 * test_output.c: an output file (-o FILE) is never one of the command's own
 * inputs, and when memory runs out while noting or looking for those inputs
 * the output is refused rather than written unchecked.
 * output.c lives in tools/, which is not a library: it is compiled in here,
 * with its realloc() and strdup() able to fail on demand.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* How many more calls succeed before each fails with ENOMEM; -1: all do. */
static int reallocs_left = -1;
static int strdups_left = -1;

static void *failing_realloc(void *p, size_t n)
{
	if (reallocs_left == 0) {
		errno = ENOMEM;
		return NULL;
	}
	if (reallocs_left > 0)
		reallocs_left--;
	return realloc(p, n);
}

static char *failing_strdup(const char *s)
{
	if (strdups_left == 0) {
		errno = ENOMEM;
		return NULL;
	}
	if (strdups_left > 0)
		strdups_left--;
	return strdup(s);
}

#define realloc failing_realloc
#define strdup failing_strdup
#include "../tools/output.c"
#undef realloc
#undef strdup

/* common.c's, which would bring the rest of tools/ with it */
const char *tools_printable(const char *s, char *buf, size_t size)
{
	return tm_printable(s, buf, size);
}

int tools_check_output(const char *cmd)
{
	(void)cmd;
	return fflush(stdout) == 0 ? 0 : EXIT_BAD_INPUT;
}

static char dir[64];
static char input[96];
static char err_file[96];

/* Forgets every guard, so that each test notes its own. */
static void forget_guards(void)
{
	for (size_t i = 0; i < n_guards; i++)
		free(guards[i].path);
	free(guards);
	guards = NULL;
	n_guards = 0;
	guards_lost = false;
	reallocs_left = strdups_left = -1;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* The text of path (a static buffer). */
static const char *read_file(const char *path)
{
	static char buf[4096];
	FILE *f = fopen(path, "r");
	size_t n;
	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* A fresh directory holding input ("original"), the progress database's home
 * there too (TMDOJO_HOME), no guards. */
static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/test_output.XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(input, sizeof(input), "%s/input.yaml", dir);
	snprintf(err_file, sizeof(err_file), "%s/stderr", dir);
	write_file(input, "original\n");
	setenv("TMDOJO_HOME", dir, 1);
	forget_guards();
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];
	(void)state;
	forget_guards();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* tools_output_open() of path with stderr caught; returns its result, the
 * message in *message (a static buffer). The output, if opened, is closed
 * with ok = true (it is written). */
static int open_output(const char *path, const char **message)
{
	struct tools_output o;
	int saved = dup(STDERR_FILENO), fd, rc;
	fflush(stderr);
	fd = open(err_file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(saved >= 0 && fd >= 0);
	dup2(fd, STDERR_FILENO);
	close(fd);
	rc = tools_output_open(&o, "test", "-o FILE", path);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	if (rc == 0) {
		fputs("replaced\n", o.f);
		assert_int_equal(tools_output_close(&o, true), 0);
	}
	*message = read_file(err_file);
	return rc;
}

/* A refusal for lack of memory: says so, writes nothing, input unchanged. */
static void assert_refused_nomem(const char *path)
{
	const char *message;
	assert_int_equal(open_output(path, &message), -1);
	assert_non_null(strstr(message, "refusing to write"));
	assert_non_null(strstr(message, "out of memory"));
	assert_non_null(strstr(message, "nothing was written"));
	assert_string_equal(read_file(input), "original\n");
}

static void test_input_refused_new_file_written(void **state)
{
	char fresh[128];
	const char *message;
	(void)state;
	tools_guard_input(input);
	assert_int_equal(open_output(input, &message), -1);
	assert_non_null(strstr(message, "which this command reads"));
	assert_string_equal(read_file(input), "original\n");
	snprintf(fresh, sizeof(fresh), "%s/fresh.txt", dir);
	assert_int_equal(open_output(fresh, &message), 0);
	assert_string_equal(read_file(fresh), "replaced\n");
}

/* add_guard() could not grow the list: the input went unnoted */
static void test_guard_list_nomem_refuses(void **state)
{
	char fresh[128];
	(void)state;
	reallocs_left = 0;
	tools_guard_input(input);
	reallocs_left = -1;
	assert_true(guards_lost);
	assert_refused_nomem(input);
	/* any output: which file went unnoted is not known */
	snprintf(fresh, sizeof(fresh), "%s/fresh.txt", dir);
	assert_refused_nomem(fresh);
	assert_int_equal(access(fresh, F_OK), -1);
}

/* add_guard() could not copy the input's name */
static void test_guard_name_nomem_refuses(void **state)
{
	(void)state;
	strdups_left = 0;
	tools_guard_input(input);
	strdups_left = -1;
	assert_refused_nomem(input);
}

/* the walk of a guarded tree could not note a directory it entered */
static void test_tree_walk_nomem_refuses(void **state)
{
	(void)state;
	tools_guard_tree(dir);
	reallocs_left = 0;
	assert_refused_nomem(input);
}

/* the walk found the input but could not copy its name */
static void test_tree_found_nomem_refuses(void **state)
{
	(void)state;
	tools_guard_tree(dir);
	strdups_left = 0;
	assert_refused_nomem(input);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_input_refused_new_file_written, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_guard_list_nomem_refuses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_guard_name_nomem_refuses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tree_walk_nomem_refuses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tree_found_nomem_refuses, setup, teardown),
	};
	return cmocka_run_group_tests_name("output", tests, NULL, NULL);
}
