/*
 * test_xmltree.c: the libxml2 tree builders shared by the exports, the import
 * and the HTML cohort report (engine/xmltree.c). A formatted text is kept
 * whole (the report's own elf() cut it at 511 bytes, its attrf() at 255); a
 * tree that cleans (the report's) makes invalid UTF-8, control characters
 * (C0, DEL, C1) and U+FFFE/U+FFFF U+FFFD, one that does not (the exports') keeps its text as given.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "textchars.h"
#include "xmltree.h"

static const char *text_of(const xmlNode *n)
{
	return n->children != NULL ? (const char *)n->children->content : "";
}

static void test_formatted_texts_whole(void **state)
{
	struct tm_xmllib x;
	struct tm_diags d;
	char long_text[1201];
	(void)state;

	tm_diags_init(&d);
	assert_int_equal(tm_xmllib_open(&x, &d), TM_OK);
	tm_diags_release(&d);
	memset(long_text, 'a', sizeof(long_text) - 1);
	long_text[sizeof(long_text) - 1] = '\0';
	struct tm_xmltree t = { .x = &x };
	xmlNodePtr root = x.new_node(NULL, BAD_CAST "root");
	assert_non_null(root);
	xmlNodePtr n = tm_xml_elf(&t, root, NULL, "p", "%s.", long_text);
	assert_false(t.failed);
	assert_int_equal(strlen(text_of(n)), sizeof(long_text));
	tm_xml_set_attrf(&t, n, "title", "%s!", long_text);
	assert_int_equal(strlen(tm_xml_attr(n, "title")), sizeof(long_text));
	xmlNodePtr kept = tm_xml_el(&t, root, NULL, "p", "a\001b");
	assert_string_equal(text_of(kept), "a\001b");

	struct tm_xmltree clean = { .x = &x, .clean = true };
	xmlNodePtr c = tm_xml_elf(&clean, root, NULL, "p", "%s\001%s", "a", "b\xff");
	assert_false(clean.failed);
	assert_string_equal(text_of(c), "a\xef\xbf\xbd" "b\xef\xbf\xbd");
	tm_xml_set_attr(&clean, c, "title", "x\002");
	assert_string_equal(tm_xml_attr(c, "title"), "x\xef\xbf\xbd");
	x.free_node(root);
}

/* A cleaning tree passed C1 controls (U+0085, CSI U+009B) and U+FFFE/U+FFFF,
 * which content may not hold (tc_forbidden_len), into the report: each is one
 * U+FFFD now. A carriage return still is; tab, newline, other characters of
 * two, three and four bytes, overlong forms and surrogates as before. */
static void test_clean_forbidden_characters(void **state)
{
	struct tm_xmllib x;
	struct tm_diags d;
	(void)state;

	tm_diags_init(&d);
	assert_int_equal(tm_xmllib_open(&x, &d), TM_OK);
	tm_diags_release(&d);
	struct tm_xmltree clean = { .x = &x, .clean = true };
	xmlNodePtr root = x.new_node(NULL, BAD_CAST "root");
	assert_non_null(root);
	xmlNodePtr c = tm_xml_el(&clean, root, NULL, "p",
				 "a\xc2\x85" "b\xc2\x9b" "c\xef\xbf\xbe" "d\xef\xbf\xbf" "e");
	assert_false(clean.failed);
	assert_string_equal(text_of(c), "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\xef\xbf\xbd"
					"d\xef\xbf\xbd" "e");
	tm_xml_set_attr(&clean, c, "title", "\xc2\x80\xc2\x9f!");
	assert_string_equal(tm_xml_attr(c, "title"), "\xef\xbf\xbd\xef\xbf\xbd!");
	xmlNodePtr kept = tm_xml_el(&clean, root, NULL, "p",
				    "\t\n\xc2\xa0\xc3\xa9\xef\xbf\xbd\xe2\x82\xac\xf0\x9f\x98\x80");
	assert_string_equal(text_of(kept),
			    "\t\n\xc2\xa0\xc3\xa9\xef\xbf\xbd\xe2\x82\xac\xf0\x9f\x98\x80");
	xmlNodePtr bad = tm_xml_el(&clean, root, NULL, "p", "\r\xc0\xaf\xed\xa0\x80.");
	assert_string_equal(text_of(bad), "\xef\xbf\xbd" "\xef\xbf\xbd\xef\xbf\xbd"
					  "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd.");
	x.free_node(root);
}

/* The one rule behind the loader's scalar and document checks and the cleaning
 * tree: what tc_forbidden_len() refuses, and a CR, which it lets pass for
 * submissions' CR LF line ends. */
static void test_forbidden_or_cr(void **state)
{
	unsigned cp = 0;
	(void)state;

	assert_int_equal(tc_forbidden_len("\r\n", &cp), 0);
	assert_int_equal(tc_forbidden_or_cr_len("\r\n", &cp), 1);
	assert_int_equal(cp, 0x0d);
	assert_int_equal(tc_forbidden_or_cr_len("\x1b[", &cp), 1);
	assert_int_equal(cp, 0x1b);
	assert_int_equal(tc_forbidden_or_cr_len("\xc2\x9b", &cp), 2);
	assert_int_equal(cp, 0x9b);
	assert_int_equal(tc_forbidden_or_cr_len("\xef\xbf\xbf", &cp), 3);
	assert_int_equal(cp, 0xffff);
	assert_int_equal(tc_forbidden_or_cr_len("\t", &cp), 0);
	assert_int_equal(tc_forbidden_or_cr_len("\n", &cp), 0);
	assert_int_equal(tc_forbidden_or_cr_len("a", &cp), 0);
	assert_int_equal(tc_forbidden_or_cr_len("\xc2\xa0", &cp), 0);
}

/* A quoted start of a text ends between characters: "%.80s" of a name of
 * é's ended inside one (a stray byte in an import warning). */
static void test_prefix_whole_characters(void **state)
{
	(void)state;
	assert_int_equal(tc_prefix("abc", 80), 3);
	assert_int_equal(tc_prefix("abcdef", 3), 3);
	assert_int_equal(tc_prefix("a\xc3\xa9\xc3\xa9", 4), 3);        /* a + é, not half */
	assert_int_equal(tc_prefix("a\xc3\xa9\xc3\xa9", 5), 5);
	assert_int_equal(tc_prefix("\xe2\x82\xac\xe2\x82\xac", 4), 3);  /* one euro sign */
	assert_int_equal(tc_prefix("\xe2\x82\xac", 2), 0);
	assert_int_equal(tc_prefix("ab\xc3\xa9", 4), 4);                /* exactly whole */
	assert_int_equal(tc_prefix("", 10), 0);

	char cut[] = "a\xc3\xa9\xc3 b\xe2\x82 \xe2\x82\xac\xa9";
	assert_string_equal(tc_mend(cut), "a\xc3\xa9 b \xe2\x82\xac");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_formatted_texts_whole),
		cmocka_unit_test(test_clean_forbidden_characters),
		cmocka_unit_test(test_forbidden_or_cr),
		cmocka_unit_test(test_prefix_whole_characters),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
