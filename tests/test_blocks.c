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
	assert_string_equal(scan("> one\n>two\n  > three\nfour"), ">[one] P[four]");
	assert_string_equal(scan("one\ntwo\n# Head\nthree\n \t \nfour\n"),
			    "P[one/two/] H1[Head] P[three/] _ P[four/]");
	assert_string_equal(scan(""), "");
	assert_string_equal(scan(NULL), "");
	assert_string_equal(scan("\n\n"), "_ _");
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
		cmocka_unit_test(test_line_helpers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
