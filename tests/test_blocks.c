/*
 * test_blocks.c: the block rules of lesson text (engine/blocks.c), which the
 * terminal and the SCORM pages both follow: each kind of block, what is not
 * one ("+ item", "3) item", "#nospace"), where items, paragraphs, tables and
 * call-outs end, fences with their language, and the line helpers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "tmengine.h"

/* The blocks of a text as one line: "H2[Title]", "-[item]" or "3.[item]"
 * (with '>' per indent space before the marker), "```c[lines]", "|[lines]",
 * ">[lines]", "P[lines]", "_" for a blank; lines shown with '/' for a newline. */
struct desc {
	char s[1024];
	size_t len;
};

static void add(struct desc *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(d->s + d->len, sizeof(d->s) - d->len, fmt, ap);
	va_end(ap);
	assert_true(n >= 0 && (size_t)n < sizeof(d->s) - d->len);
	d->len += (size_t)n;
}

static void add_lines(struct desc *d, const struct tm_block *b)
{
	add(d, "[");
	for (size_t i = 0; i < b->lines_len; i++)
		add(d, "%c", b->lines[i] == '\n' ? '/' : b->lines[i]);
	add(d, "]");
}

static void describe(void *arg, const struct tm_block *b)
{
	struct desc *d = arg;
	if (d->len > 0)
		add(d, " ");
	switch (b->kind) {
	case TM_BLOCK_BLANK:
		add(d, "_");
		break;
	case TM_BLOCK_HEADING:
		add(d, "H%d[%.*s]", b->level, (int)b->len, b->text);
		break;
	case TM_BLOCK_ITEM: {
		for (size_t i = 0; i < b->indent; i++)
			add(d, ">");
		if (b->ordered)
			add(d, "%.*s.", (int)b->number_len, b->number);
		else
			add(d, "-");
		add(d, "[%.*s]", (int)b->len, b->text);
		/* and its lines when it has more than one */
		const char *nl = memchr(b->lines, '\n', b->lines_len);
		if (nl != NULL && nl + 1 < b->lines + b->lines_len)
			add_lines(d, b);
		break;
	}
	case TM_BLOCK_FENCE:
		add(d, "```%.*s", (int)b->len, b->text);
		add_lines(d, b);
		break;
	case TM_BLOCK_TABLE:
		add(d, "|");
		add_lines(d, b);
		break;
	case TM_BLOCK_QUOTE:
		add(d, ">[%.*s]", (int)b->len, b->text);
		break;
	case TM_BLOCK_PARAGRAPH:
		add(d, "P");
		add_lines(d, b);
		break;
	}
}

static const char *scan(const char *text)
{
	static struct desc d;
	d.len = 0;
	d.s[0] = '\0';
	tm_block_scan(text, describe, &d);
	return d.s;
}

static void test_headings(void **state)
{
	(void)state;
	assert_string_equal(scan("# One\n## Two\n###   Three  \n###### Six"),
			    "H1[One] H2[Two] H3[Three  ] H6[Six]");
	/* a heading needs one to six '#' at the line's start and a space */
	assert_string_equal(scan("#nospace"), "P[#nospace]");
	assert_string_equal(scan("####### seven"), "P[####### seven]");
	assert_string_equal(scan(" # indented"), "P[ # indented]");
	assert_string_equal(scan("#"), "P[#]");
}

static void test_list_items(void **state)
{
	(void)state;
	assert_string_equal(scan("- a\n* b\n12. c\n  - d"), "-[a] -[b] 12.[c] >>-[d]");
	/* docs/FORMAT.md: bulleted '-' and numbered '1.' lists; these are text */
	assert_string_equal(scan("+ item"), "P[+ item]");
	assert_string_equal(scan("3) item"), "P[3) item]");
	assert_string_equal(scan("-no space"), "P[-no space]");
	assert_string_equal(scan("1.5 million"), "P[1.5 million]");
	assert_string_equal(scan("**strong** start"), "P[**strong** start]");
	/* a paragraph line after an item continues it, indented or not; a blank
	 * line or another block ends it */
	assert_string_equal(scan("- a\n  more\nlazy\n- b\n\nafter"),
			    "-[a][- a/  more/lazy/] -[b] _ P[after]");
	/* "+ x" inside an item is text of the item */
	assert_string_equal(scan("- a\n+ b"), "-[a][- a/+ b]");
}

static void test_fences(void **state)
{
	(void)state;
	assert_string_equal(scan("```c\nint x;\n# not a heading\n```\nafter"),
			    "```c[int x;/# not a heading/] P[after]");
	assert_string_equal(scan("  ``` \n- x\n  ```"), "```[- x/]");
	/* not closed: to the end */
	assert_string_equal(scan("```\na\nb"), "```[a/b]");
	assert_string_equal(scan("```"), "```[]");
}

static void test_tables_quotes_paragraphs(void **state)
{
	(void)state;
	assert_string_equal(scan("| a | b |\n|---|---|\n| 1 | 2 |\ntext"),
			    "|[| a | b |/|---|---|/| 1 | 2 |/] P[text]");
	assert_string_equal(scan("> one\n>\n  > three\nfour"), ">[one] P[four]");
	assert_string_equal(scan(">"), ">[]");
	assert_string_equal(scan("one\ntwo\n# Head\nthree\n \t \nfour\n"),
			    "P[one/two/] H1[Head] P[three/] _ P[four/]");
	assert_string_equal(scan(""), "");
	assert_string_equal(scan(NULL), "");
	assert_string_equal(scan("\n\n"), "_ _");
}

/* docs/FORMAT.md: a table is '|' lines with a '|---|' separator line second,
 * and a call-out starts with "> "; every line starting with '|' or '>' made
 * one, so "|x| is the absolute value of x." was a table and ">=3 retries" a
 * call-out (in the terminal and the SCORM page alike). */
static void test_table_needs_separator(void **state)
{
	(void)state;
	assert_string_equal(scan("|x| is the absolute value of x."),
			    "P[|x| is the absolute value of x.]");
	assert_string_equal(scan("| a | b |\n| 1 | 2 |"), "P[| a | b |/| 1 | 2 |]");
	assert_string_equal(scan("|\n|---|"), "|[|/|---|]");
	assert_string_equal(scan("  | a |\n  | :-- |\n| 1 |"), "|[  | a |/  | :-- |/| 1 |]");
	/* a separator needs a dash; later '|' lines need none */
	assert_string_equal(scan("| a |\n| :: |"), "P[| a |/| :: |]");
	/* inside a paragraph: a '|' line is text, unless a separator follows it */
	assert_string_equal(scan("Say |x|.\n|x| is big.\nend"), "P[Say |x|./|x| is big./end]");
	assert_string_equal(scan("text\n| a |\n|---|\n| 1 |\nmore"),
			    "P[text/] |[| a |/|---|/| 1 |/] P[more]");
	/* a '|' line in a table goes on with it, as does a blank-free end */
	assert_string_equal(scan("| a |\n|---|\n|x is text\n\n|x|"),
			    "|[| a |/|---|/|x is text/] _ P[|x|]");
	assert_string_equal(scan("- item\n| a |\n|---|"), "-[item] |[| a |/|---|]");
	assert_string_equal(scan("| a |\r\n|---|\r\n"), "|[| a |\r/|---|\r/]");
}

static void test_callout_needs_space(void **state)
{
	(void)state;
	assert_string_equal(scan(">=3 retries are allowed."), "P[>=3 retries are allowed.]");
	assert_string_equal(scan("> a\n>b"), ">[a] P[>b]");
	assert_string_equal(scan("Up to\n>=3 retries"), "P[Up to/>=3 retries]");
	assert_string_equal(scan("  > indented\n>\n> last"), ">[indented]");
	assert_string_equal(scan("text\n> call-out"), "P[text/] >[call-out]");
}

static void test_line_helpers(void **state)
{
	(void)state;
	const char *l = "a\r\n  b\n\nc", *line;
	size_t left = strlen(l), n;
	assert_true(tm_block_line(&l, &left, &line, &n));
	assert_int_equal(n, 1);
	assert_memory_equal(line, "a", 1);
	assert_true(tm_block_line(&l, &left, &line, &n));
	assert_int_equal(n, 3);
	assert_int_equal(tm_block_line_skip(TM_BLOCK_PARAGRAPH, line, n), 2);
	assert_true(tm_block_line(&l, &left, &line, &n));
	assert_int_equal(n, 0);
	assert_true(tm_block_line(&l, &left, &line, &n));
	assert_int_equal(n, 1);
	assert_false(tm_block_line(&l, &left, &line, &n));
	assert_int_equal(tm_block_line_skip(TM_BLOCK_QUOTE, "  > x", 5), 4);
	assert_int_equal(tm_block_line_skip(TM_BLOCK_QUOTE, ">x", 2), 1);
	assert_int_equal(tm_block_line_skip(TM_BLOCK_TABLE, "  | a", 5), 0);
	assert_int_equal(tm_block_line_skip(TM_BLOCK_FENCE, "    code", 8), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_headings),
		cmocka_unit_test(test_list_items),
		cmocka_unit_test(test_fences),
		cmocka_unit_test(test_tables_quotes_paragraphs),
		cmocka_unit_test(test_table_needs_separator),
		cmocka_unit_test(test_callout_needs_space),
		cmocka_unit_test(test_line_helpers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
