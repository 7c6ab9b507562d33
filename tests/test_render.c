/*
 * test_render.c: terminal rendering of lesson Markdown: every block kind, inline
 * styles with and without colour, wrapping to the width (measured without
 * escape sequences), and code blocks kept verbatim.
 * render.c lives in tools/, which is not a library: it is compiled in here.
 */
#define _XOPEN_SOURCE 700   /* render.c uses wcwidth() */
#include <locale.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "../tools/render.c"

/* Every line of out is at most width columns, unless it holds one long word
 * or sits in a code block (indented four spaces). */
static void assert_fits(const char *out, int width)
{
	for (const char *p = out; *p != '\0';) {
		const char *nl = strchr(p, '\n');
		assert_non_null(nl);   /* every line ends in a newline */
		size_t len = (size_t)(nl - p);
		size_t w = render_display_width(p, len);
		if (w > (size_t)width) {
			bool code = len >= 4 && strncmp(p, "    ", 4) == 0;
			size_t ind = strspn(p, " ");
			bool one_word = memchr(p + ind, ' ', len - ind) == NULL;
			if (!code && !one_word)
				fail_msg("line wider than %d: '%.*s'", width, (int)len, p);
		}
		p = nl + 1;
	}
}

static void test_display_width(void **state)
{
	(void)state;
	assert_int_equal(render_display_width("abc", 3), 3);
	assert_int_equal(render_display_width("\033[1mabc\033[22m", 12), 3);
	assert_int_equal(render_display_width("caf\xc3\xa9", 5), 4);
	assert_int_equal(render_display_width("\xe2\x80\xa2 x", 5), 3);
}

static void test_plain_has_no_escapes_or_markers(void **state)
{
	(void)state;
	char *out = render_markdown("# Title\n\nSome *em* and **strong** and `code`.\n", 60,
				    false);
	assert_non_null(out);
	assert_null(strchr(out, '\033'));
	assert_non_null(strstr(out, "Title\n=====\n"));
	assert_non_null(strstr(out, "Some em and strong and `code`."));
	free(out);
	out = render_markdown("5 * 3 is 15 and a*b stays\n", 60, false);
	assert_non_null(strstr(out, "5 * 3 is 15"));
	free(out);
}

static void test_colour_styles(void **state)
{
	(void)state;
	char *out = render_markdown("## Sub\n\nSome *em* and **strong** and `code`.\n", 60, true);
	assert_non_null(out);
	assert_non_null(strstr(out, BOLD_ON "Sub"));
	assert_non_null(strstr(out, ITALIC_ON "em" ITALIC_OFF));
	assert_non_null(strstr(out, BOLD_ON "strong" BOLD_OFF));
	assert_non_null(strstr(out, CODE_ON "code" CODE_OFF));
	assert_null(strstr(out, "**"));
	free(out);
}

static void test_wrapping(void **state)
{
	(void)state;
	const char *md =
		"A paragraph that is long enough to need several lines at a narrow width, with "
		"**strong words** and *emphasis* that must not count toward the width at all.\n"
		"\n"
		"- a bulleted item that is also long enough to wrap onto a second line here\n"
		"- short\n"
		"\n"
		"1. a numbered item that is long enough to wrap onto a second line as well\n"
		"2. two\n";
	for (int width = 20; width <= 100; width += 7) {
		for (int color = 0; color < 2; color++) {
			char *out = render_markdown(md, width, color != 0);
			assert_non_null(out);
			assert_fits(out, width);
			free(out);
		}
	}
	char *out = render_markdown(md, 40, false);
	/* Hanging indents under the markers. */
	assert_non_null(strstr(out, "  - a bulleted item"));
	assert_non_null(strstr(out, "\n    "));
	assert_non_null(strstr(out, "  1. a numbered item"));
	assert_non_null(strstr(out, "  2. two"));
	/* Words survive wrapping in order. */
	assert_non_null(strstr(out, "paragraph"));
	assert_non_null(strstr(out, "all.\n"));
	free(out);
}

static void test_code_block_verbatim(void **state)
{
	(void)state;
	const char *md = "Before.\n\n```\n[client] --(1)--> [server]   spaces   kept and this line is long\n"
			 "*not emphasis*\n```\nAfter.\n";
	char *out = render_markdown(md, 30, false);
	assert_non_null(strstr(out, "    [client] --(1)--> [server]   spaces   kept and this line is long\n"));
	assert_non_null(strstr(out, "    *not emphasis*\n"));
	assert_non_null(strstr(out, "After."));
	assert_null(strstr(out, "```"));
	free(out);
}

static void test_table(void **state)
{
	(void)state;
	const char *md = "| Letter | Property |\n|---|---|\n| S | authenticity |\n"
			 "| T | integrity |\n";
	char *out = render_markdown(md, 60, false);
	assert_non_null(strstr(out, "  Letter   Property\n"));
	assert_non_null(strstr(out, "  S        authenticity\n"));
	assert_non_null(strstr(out, "  T        integrity\n"));
	assert_null(strstr(out, "|"));
	assert_non_null(strstr(out, "---"));
	free(out);
	/* Too wide for the screen: one row per wrapped line, nothing lost. */
	out = render_markdown("| a very long header cell | another very long header cell |\n"
			      "|---|---|\n| x | y |\n", 30, false);
	assert_non_null(strstr(out, "a very long"));
	assert_non_null(strstr(out, "x | y"));
	assert_fits(out, 30);
	free(out);
}

/* A table with no cell ("|" then "|---|") used to underflow its rule's width
 * and append dashes without end; it shows nothing now, at every width, and
 * the text around it stays. */
static void test_table_without_cells(void **state)
{
	(void)state;
	for (int width = 1; width <= 120; width++) {
		char *out = render_markdown("Before.\n\n|\n|---|\n\nAfter.\n", width, width % 2);
		assert_non_null(out);
		assert_non_null(strstr(out, "Before."));
		assert_non_null(strstr(out, "After."));
		assert_null(strstr(out, "--"));
		free(out);
	}
	char *out = render_markdown("|\n|---|\n", 60, false);
	assert_string_equal(out, "");
	free(out);
	out = render_markdown_glyphs("| |\n|---|\n|  |\n", 60, true, true);
	/* empty cells: an empty bold header, an empty rule, an empty row */
	assert_string_equal(out, "  \033[1m\033[22m\n  \n  \n");
	free(out);
}

/* Only the line after the first row is the separator: a row whose cells are
 * all '-', ':' or blank used to be taken for one, dropped, and the header
 * lost its rule. */
static void test_table_rows_of_dashes_kept(void **state)
{
	(void)state;
	const char *md = "| Step | Owner |\n|---|---|\n| Spoofing | MFA |\n| - | - |\n"
			 "| Tampering | HMAC |\n|   |   |\n| :-: | -- |\n";
	char *out = render_markdown(md, 60, false);
	assert_string_equal(out, "  Step        Owner\n"
				 "  -----------------\n"
				 "  Spoofing    MFA\n"
				 "  -           -\n"
				 "  Tampering   HMAC\n"
				 "              \n"
				 "  :-:         --\n");
	free(out);
}

/* Every row and every column: tables used to stop at 64 rows and 16 columns
 * in the terminal (the SCORM page kept them all). */
static void test_table_every_row_and_column(void **state)
{
	(void)state;
	char md[8192];
	size_t n = (size_t)snprintf(md, sizeof(md), "| n | port |\n|---|---|\n");
	for (int i = 1; i <= 70; i++)
		n += (size_t)snprintf(md + n, sizeof(md) - n, "| %d | p%d |\n", i, i);
	char *out = render_markdown(md, 60, false);
	assert_non_null(strstr(out, "  n    port\n  ---------\n  1    p1\n"));
	assert_non_null(strstr(out, "  64   p64\n"));
	assert_non_null(strstr(out, "  65   p65\n"));
	assert_non_null(strstr(out, "  70   p70\n"));
	free(out);

	const char *wide = "|a|b|c|d|e|f|g|h|i|j|k|l|m|n|o|p|q|r|\n"
			   "|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|\n"
			   "|1|2|3|4|5|6|7|8|9|10|11|12|13|14|15|16|17|18|\n";
	out = render_markdown(wide, 80, false);
	assert_non_null(strstr(out, "  a   b   c   d   e   f   g   h   i   j    k    l    m"
				    "    n    o    p    q    r\n"));
	assert_non_null(strstr(out, "   16   17   18\n"));
	free(out);
	/* too wide for 30 columns: the wrapped rows keep every cell */
	out = render_markdown(wide, 30, false);
	assert_non_null(strstr(out, "o | p | q | r"));
	assert_non_null(strstr(out, "17 | 18"));
	assert_fits(out, 30);
	free(out);
}

static void test_callout_and_blank_lines(void **state)
{
	(void)state;
	char *out = render_markdown("\n\n> Remember this\n> and this.\n\n\n\nEnd.\n\n", 60, false);
	assert_string_equal(out, "  > Remember this and this.\n\nEnd.\n");
	free(out);
	out = render_markdown("", 60, false);
	assert_string_equal(out, "");
	free(out);
	out = render_markdown(NULL, 60, true);
	assert_non_null(out);
	free(out);
}

/* Hanging indent: every line fits, continuation lines start under the text. */
/* Wide characters take two columns, combining marks none, and words longer
 * than a line are cut, so CJK text fits the width too. */
static void test_wide_characters(void **state)
{
	(void)state;
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL && setlocale(LC_CTYPE, "en_US.UTF-8") == NULL)
		skip();
	assert_int_equal(render_display_width("\xe6\xbc\xa2\xe5\xad\x97", 6), 4);  /* 漢字 */
	assert_int_equal(render_display_width("\xf0\x9f\x94\x91", 4), 2);         /* key emoji */
	assert_int_equal(render_display_width("e\xcc\x81", 3), 1);                /* e + acute */
	char line[3 * 40 + 1] = "";
	for (int i = 0; i < 40; i++)
		strcat(line, "\xe6\xbc\xa2");
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	render_hanging(f, 40, "     why: ", line);
	fclose(f);
	for (const char *p = buf; *p != '\0';) {
		const char *nl = strchr(p, '\n');
		assert_non_null(nl);
		assert_true(render_display_width(p, (size_t)(nl - p)) <= 40);
		p = nl + 1;
	}
	free(buf);
	char md[600];
	snprintf(md, sizeof(md), "# %s\n\n%s\n", line, line);
	char *out = render_markdown(md, 40, false);
	assert_non_null(out);
	for (const char *p = out; *p != '\0';) {
		const char *nl = strchr(p, '\n');
		assert_non_null(nl);
		assert_true(render_display_width(p, (size_t)(nl - p)) <= 40);
		p = nl + 1;
	}
	free(out);
	setlocale(LC_CTYPE, "C");
}

/* A heading longer than the width wraps, and its underline is no wider. */
static void test_long_heading(void **state)
{
	(void)state;
	char *out = render_markdown("## Decide what to do about every threat, and when to do it\n",
				    40, false);
	assert_non_null(out);
	assert_fits(out, 40);
	assert_non_null(strstr(out, "\n----------------------------------------\n"));
	assert_null(strstr(out, "-----------------------------------------"));
	free(out);
}

/* Without colour every heading level is underlined, ### and below with '~'
 * (a bare ### line ran into the paragraph under it), as wide as the heading. */
static void test_plain_headings_underlined(void **state)
{
	(void)state;
	char *out = render_markdown("# One\n\n## Two\n\n### Three\n\nText.\n\n#### Fourth\n", 40,
				    false);
	assert_non_null(out);
	assert_non_null(strstr(out, "One\n===\n\nTwo\n---\n\nThree\n~~~~~\n\nText.\n"));
	assert_non_null(strstr(out, "\nFourth\n~~~~~~\n"));
	free(out);
}

/* The underline of a wrapped title is as wide as its widest line. */
static void test_underline_widest_line(void **state)
{
	(void)state;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	render_underline(f, "Quiz: a title\nwr\xc3\xa4pped\n", '=');
	render_underline(f, "", '=');
	fclose(f);
	assert_string_equal(buf, "=============\n\n");
	free(buf);
}

/* Multi-line values fold into one wrapped paragraph under the lead. */
static void test_hanging_multiline(void **state)
{
	(void)state;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	render_hanging(f, 40, "     why: ", "Anyone with one invitation\ncan walk through every\nother one.\n");
	fclose(f);
	assert_string_equal(buf, "     why: Anyone with one invitation can\n"
				 "          walk through every other one.\n");
	free(buf);
}

static void test_hanging(void **state)
{
	(void)state;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	render_hanging(f, 30, "  d) ", "They weighed what could go wrong against\n what they "
		       "cared about and picked a change worth its cost");
	fclose(f);
	assert_string_equal(buf, "  d) They weighed what could\n"
				 "     go wrong against what\n"
				 "     they cared about and\n"
				 "     picked a change worth its\n"
				 "     cost\n");
	free(buf);
}

/* A lead that leaves less than 20 columns goes on a row of its own, the text
 * below it (the missed-threat hints of a narrow terminal ran past its edge). */
static void test_hanging_long_lead(void **state)
{
	(void)state;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	render_hanging(f, 40, "  - (medium, information-disclosure) ",
		       "Follow one card number from checkout to every place it is kept");
	fclose(f);
	assert_string_equal(buf, "  - (medium, information-disclosure)\n"
				 "      Follow one card number from\n"
				 "      checkout to every place it is kept\n");
	free(buf);
}

/* A heading in colour is followed by one blank line, as in plain text (the
 * reset used to come after the newline, and a second blank line followed). */
static void test_heading_one_blank_line(void **state)
{
	(void)state;
	for (int color = 0; color < 2; color++) {
		char *out = render_markdown("# Title\n\nText.\n\n## Sub\n\nMore.\n", 60,
					    color != 0);
		assert_non_null(out);
		assert_null(strstr(out, "\n\n\n"));
		assert_null(strstr(out, "\n" RESET "\n\n"));
		const char *t = strstr(out, "Title");
		assert_non_null(t);
		const char *text = strstr(t, "Text.");
		assert_non_null(text);
		assert_true(text[-1] == '\n' && text[-2] == '\n');
		free(out);
	}
}

/* A colour terminal under a non-UTF-8 locale: styles stay, glyphs turn ASCII. */
static void test_ascii_glyphs_keep_styles(void **state)
{
	(void)state;
	const char *md = "# Title\n\n- a bullet\n\n> a call-out\n\n| a | b |\n|---|---|\n"
			 "| 1 | 2 |\n\nSome **strong** words.\n";
	char *out = render_markdown_glyphs(md, 60, true, false);
	assert_non_null(out);
	for (const unsigned char *p = (const unsigned char *)out; *p != '\0'; p++)
		assert_true(*p < 0x80);
	assert_non_null(strstr(out, BOLD_ON "strong" BOLD_OFF));
	assert_non_null(strstr(out, "  - a bullet"));
	free(out);
	out = render_markdown_glyphs(md, 60, true, true);
	assert_non_null(out);
	assert_non_null(strstr(out, "\xe2\x80\xa2 a bullet"));
	free(out);
}

/* Scores and points: one format in learn's feedback, quiz and module scores and
 * in progress (Partly right used %.3g: 6.88 where progress said 6.875). */
static void test_points(void **state)
{
	(void)state;
	char b[32];
	assert_string_equal(render_points(b, sizeof(b), 6.875), "6.875");
	assert_string_equal(render_points(b, sizeof(b), 0.7), "0.7");
	assert_string_equal(render_points(b, sizeof(b), 5), "5");
	assert_string_equal(render_points(b, sizeof(b), 0), "0");
	assert_string_equal(render_points(b, sizeof(b), 2.0 / 3), "0.667");
	assert_string_equal(render_points(b, sizeof(b), 0.9999), "1");
	assert_string_equal(render_points(b, sizeof(b), 12.5), "12.5");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_display_width),
		cmocka_unit_test(test_plain_has_no_escapes_or_markers),
		cmocka_unit_test(test_colour_styles),
		cmocka_unit_test(test_wrapping),
		cmocka_unit_test(test_code_block_verbatim),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_table_without_cells),
		cmocka_unit_test(test_table_rows_of_dashes_kept),
		cmocka_unit_test(test_table_every_row_and_column),
		cmocka_unit_test(test_callout_and_blank_lines),
		cmocka_unit_test(test_hanging),
		cmocka_unit_test(test_hanging_long_lead),
		cmocka_unit_test(test_wide_characters),
		cmocka_unit_test(test_long_heading),
		cmocka_unit_test(test_plain_headings_underlined),
		cmocka_unit_test(test_underline_widest_line),
		cmocka_unit_test(test_hanging_multiline),
		cmocka_unit_test(test_heading_one_blank_line),
		cmocka_unit_test(test_ascii_glyphs_keep_styles),
		cmocka_unit_test(test_points),
	};
	return cmocka_run_group_tests_name("render", tests, NULL, NULL);
}
