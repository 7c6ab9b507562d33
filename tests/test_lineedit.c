/*
 * test_lineedit.c: the prompt libedit is given, with each colour sequence
 * between the marks that tell libedit it takes no columns (a prompt's escape
 * sequences counted as text put the cursor that many columns off), and
 * lineedit_end() before any line was read. Reading lines with editing needs a
 * terminal: tests/e2e/learn_line_edit.sh drives that under tmux.
 * lineedit.c lives in tools/, which is not a library: it is compiled in here.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "../tools/lineedit.c"

static void check_marked(const char *prompt, const char *want)
{
	char *got = mark_escapes(prompt);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void test_plain_prompt_unchanged(void **state)
{
	(void)state;
	check_marked("> ", "> ");
	check_marked("", "");
}

static void test_colour_sequences_marked(void **state)
{
	(void)state;
	check_marked("\033[2m[Enter] continue\033[0m ", "\1\033[2m\1[Enter] continue\1\033[0m\1 ");
	check_marked("\033[1;33m>\033[0m", "\1\033[1;33m\1>\1\033[0m\1");
}

static void test_unfinished_sequence_marked_whole(void **state)
{
	(void)state;
	/* cut short: the rest of the prompt is the sequence, no text is lost */
	check_marked("a\033[12", "a\1\033[12\1");
	/* a lone ESC is not a CSI sequence: left as it is */
	check_marked("a\033b", "a\033b");
}

static void test_end_before_start(void **state)
{
	(void)state;
	lineedit_end();
	lineedit_end();
	assert_null(el);
	assert_null(hist);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_prompt_unchanged),
		cmocka_unit_test(test_colour_sequences_marked),
		cmocka_unit_test(test_unfinished_sequence_marked_whole),
		cmocka_unit_test(test_end_before_start),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
