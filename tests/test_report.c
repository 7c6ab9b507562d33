/*
 * test_report.c: cohort reports read back from the gradebook: discovery rates
 * and their order, histogram, mean and median, the top three beside the
 * reference; CSV quoting; and the HTML page parsed back with libxml2 (no
 * network): its charts and tables are there, learner text is text, and no
 * script element or event-handler attribute exists anywhere.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <sqlite3.h>

#include "tmengine.h"
#include "gradebook_fixture.h"


struct fx {
	struct gb_fixture gb;
	const struct tm_exercise *ex;
	struct tm_report *r;
};

static const char payload_name[] = "<script>alert(1)</script>";
static const char payload_line[] = "\"><img src=x onerror=alert(1)> the endpoint is unauthenticated";

static void grade(struct fx *f, const char *cohort, const char *name, const char *text)
{
	struct tm_diags d;
	tm_diags_init(&d);
	assert_int_equal(tm_gradebook_grade(f->gb.g, f->ex, cohort, name, text, strlen(text),
					    1700000000, NULL, &d), TM_OK);
	tm_diags_release(&d);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	gb_fixture_open(&f->gb);
	f->ex = tm_content_find_exercise(f->gb.content, "add-user-api");
	/* A01 critical, A02 high, A03 medium, A04 low: 10 points */
	grade(f, "c1", "alpha", "- anyone can set role=admin in the request and become an admin\n"
	      "- the endpoint is unauthenticated\n- SQL injection in the user name field\n");
	grade(f, "c1", "bravo", "- the endpoint is unauthenticated\n");
	grade(f, "c1", "charlie", "the office coffee machine is broken\n");
	char line[256];
	snprintf(line, sizeof(line), "- %s\n", payload_line);
	grade(f, "c1", payload_name, line);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	tm_report_free(f->r);
	gb_fixture_close(&f->gb);
	free(f);
	return 0;
}

static void build(struct fx *f)
{
	struct tm_diags d;
	tm_diags_init(&d);
	assert_int_equal(tm_report_build(f->gb.g, f->gb.content, "c1", NULL, &f->r, &d), TM_OK);
	tm_diags_release(&d);
}

static size_t key_index(struct fx *f, const char *id)
{
	long t = grader_key_find(tm_exercise_key(f->ex), id);
	assert_true(t >= 0);
	return (size_t)t;
}

static void test_report_numbers(void **state)
{
	struct fx *f = *state;
	build(f);
	assert_string_equal(tm_report_cohort(f->r), "c1");
	assert_ptr_equal(tm_report_exercise(f->r), f->ex);
	assert_int_equal(tm_report_group_count(f->r), 4);
	/* sorted by name: '<' sorts before letters */
	assert_string_equal(tm_report_group(f->r, 0)->name, payload_name);
	assert_string_equal(tm_report_group(f->r, 1)->name, "alpha");
	assert_int_equal(tm_report_found_by(f->r, key_index(f, "A02")), 3);
	assert_int_equal(tm_report_found_by(f->r, key_index(f, "A01")), 1);
	assert_int_equal(tm_report_found_by(f->r, key_index(f, "A04")), 0);
	const size_t *order = tm_report_threat_order(f->r);
	assert_int_equal(order[0], key_index(f, "A04"));     /* most missed first */
	assert_int_equal(order[3], key_index(f, "A02"));
	/* scores 90, 30, 0, 30 */
	const size_t *hist = tm_report_histogram(f->r);
	assert_int_equal(hist[0], 1);
	assert_int_equal(hist[3], 2);
	assert_int_equal(hist[9], 1);
	assert_true(tm_report_mean(f->r) > 37.4 && tm_report_mean(f->r) < 37.6);
	assert_true(tm_report_median(f->r) > 29.9 && tm_report_median(f->r) < 30.1);
	const struct tm_report_group *alpha = tm_report_group(f->r, 1);
	assert_int_equal(alpha->found_line[key_index(f, "A03")], 3);
	assert_int_equal(alpha->top_count, 3);
	assert_int_equal(alpha->top[0].threat, (long)key_index(f, "A01"));
	assert_true(alpha->stride_found & GRADER_STRIDE_E);
	assert_false(alpha->stride_found & GRADER_STRIDE_D);
	assert_null(tm_report_group(f->r, 99));
}

static void test_report_errors(void **state)
{
	struct fx *f = *state;
	struct tm_diags d;
	tm_diags_init(&d);
	assert_int_equal(tm_report_build(f->gb.g, f->gb.content, "nobody", NULL, &f->r, &d),
			 TM_ENOTFOUND);
	assert_null(f->r);
	assert_int_equal(tm_report_build(f->gb.g, f->gb.content, "c1", "other-exercise", &f->r, &d),
			 TM_ENOTFOUND);
	assert_non_null(strstr(d.items[d.count - 1].text, "'add-user-api'"));
	tm_diags_release(&d);
}

static void test_csv(void **state)
{
	struct fx *f = *state;
	struct tm_diags d;
	char *csv = NULL;
	size_t len = 0;
	tm_diags_init(&d);
	grade(f, "c1", "=cmd|' /C calc'!A0", "- he said \"unauthenticated\" twice\n");
	build(f);
	assert_int_equal(tm_report_csv(f->r, &csv, &len, &d), TM_OK);
	assert_int_equal(strlen(csv), len);
	assert_non_null(strstr(csv, "\"group\",\"score\""));
	assert_non_null(strstr(csv, "\"A01\",\"A02\""));
	/* a formula is defused, quotes are doubled */
	assert_non_null(strstr(csv, "\"'=cmd|' /C calc'!A0\""));
	assert_non_null(strstr(csv, "\"he said \"\"unauthenticated\"\" twice\""));
	assert_non_null(strstr(csv, "\"alpha\",90.0,9,10,2023-11-14T22:13:20Z,"));
	size_t rows = 0;
	for (const char *p = csv; (p = strstr(p, "\r\n")) != NULL; p += 2)
		rows++;
	assert_int_equal(rows, 6);   /* header + 5 groups */
	free(csv);
	tm_diags_release(&d);
}

/* A group name with an escape, stored by a tmdojo older than the name rule, is
 * shown as a visible "<U+001B>" in the CSV as in every format (a raw ESC went
 * to whatever opened the file). */
static void test_csv_control_characters(void **state)
{
	struct fx *f = *state;
	struct tm_diags d;
	char *csv = NULL;
	size_t len = 0;
	sqlite3 *db = NULL;
	tm_diags_init(&d);
	grade(f, "c1", "escname", "- the endpoint is unauthenticated\n");
	assert_int_equal(sqlite3_open(f->gb.path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "UPDATE gb_submissions SET name = "
				      "CAST(X'611b5b33316d726564' AS TEXT) WHERE name = 'escname'",
				      NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	build(f);
	assert_int_equal(tm_report_csv(f->r, &csv, &len, &d), TM_OK);
	assert_null(memchr(csv, 0x1b, len));
	assert_non_null(strstr(csv, "\"a<U+001B>[31mred\""));
	free(csv);
	tm_diags_release(&d);
}

/* A score shown as "20.0%" (19.96, as a key of 250 points gives 49.9 of them)
 * went into the 10-19 band of the histogram: bands now take the score as every
 * report prints it, to one decimal. */
static void test_histogram_bands_shown_score(void **state)
{
	struct fx *f = *state;
	sqlite3 *db = NULL;
	grade(f, "c1", "delta", "- the endpoint is unauthenticated\n");
	grade(f, "c1", "echo", "- the endpoint is unauthenticated\n");
	assert_int_equal(sqlite3_open(f->gb.path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "UPDATE gb_submissions SET score = 19.96 WHERE name ="
				      " 'delta'; UPDATE gb_submissions SET score = 19.94 WHERE"
				      " name = 'echo'", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	build(f);
	/* scores 90, 30, 0, 30, then 19.96 ("20.0%") and 19.94 ("19.9%") */
	const size_t *hist = tm_report_histogram(f->r);
	assert_int_equal(hist[1], 1);
	assert_int_equal(hist[2], 1);
	assert_int_equal(hist[3], 2);
}

/* ---- the HTML page, parsed back ---------------------------------------------------- */

struct scan {
	size_t scripts, handlers, external, svgs;
	bool saw_payload_name, saw_payload_line, ref_row;
};

static void scan_tree(xmlNodePtr n, struct scan *s)
{
	for (; n != NULL; n = n->next) {
		if (n->type == XML_ELEMENT_NODE) {
			const char *name = (const char *)n->name;
			if (strcasecmp(name, "script") == 0 || strcasecmp(name, "iframe") == 0 ||
			    strcasecmp(name, "img") == 0 || strcasecmp(name, "object") == 0)
				s->scripts++;
			if (strcasecmp(name, "svg") == 0)
				s->svgs++;
			for (xmlAttrPtr a = n->properties; a != NULL; a = a->next) {
				if (strncasecmp((const char *)a->name, "on", 2) == 0)
					s->handlers++;
				if (strcasecmp((const char *)a->name, "src") == 0 ||
				    strcasecmp((const char *)a->name, "href") == 0)
					s->external++;
			}
			xmlChar *cls = xmlGetProp(n, BAD_CAST "class");
			if (cls != NULL && strcmp((const char *)cls, "ref") == 0)
				s->ref_row = true;
			xmlFree(cls);
		} else if (n->type == XML_TEXT_NODE && n->content != NULL) {
			if (strstr((const char *)n->content, payload_name) != NULL)
				s->saw_payload_name = true;
			if (strstr((const char *)n->content, payload_line) != NULL)
				s->saw_payload_line = true;
		}
		scan_tree(n->children, s);
	}
}

static htmlDocPtr parse_page(struct fx *f, char **html)
{
	struct tm_diags d;
	size_t len = 0;
	tm_diags_init(&d);
	build(f);
	assert_int_equal(tm_report_html(f->r, html, &len, &d), TM_OK);
	tm_diags_release(&d);
	htmlDocPtr doc = htmlReadMemory(*html, (int)len, "report.html", "UTF-8",
					HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
	assert_non_null(doc);
	return doc;
}

static xmlNodePtr find_id(xmlNodePtr n, const char *id)
{
	for (; n != NULL; n = n->next) {
		if (n->type == XML_ELEMENT_NODE) {
			xmlChar *v = xmlGetProp(n, BAD_CAST "id");
			bool hit = v != NULL && strcmp((const char *)v, id) == 0;
			xmlFree(v);
			if (hit)
				return n;
		}
		xmlNodePtr c = find_id(n->children, id);
		if (c != NULL)
			return c;
	}
	return NULL;
}

static size_t count_elements(xmlNodePtr n, const char *name)
{
	size_t k = 0;
	for (; n != NULL; n = n->next) {
		if (n->type == XML_ELEMENT_NODE && strcasecmp((const char *)n->name, name) == 0)
			k++;
		k += count_elements(n->children, name);
	}
	return k;
}

static void test_html_escapes_and_has_charts(void **state)
{
	struct fx *f = *state;
	char *html = NULL;
	htmlDocPtr doc = parse_page(f, &html);
	struct scan s = { 0 };
	scan_tree(xmlDocGetRootElement(doc), &s);
	assert_int_equal(s.scripts, 0);
	assert_int_equal(s.handlers, 0);
	assert_int_equal(s.external, 0);
	assert_int_equal(s.svgs, 3);
	assert_true(s.saw_payload_name);
	assert_true(s.saw_payload_line);
	assert_true(s.ref_row);
	/* nothing raw in the bytes either */
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "<img"));
	assert_null(strstr(html, "http://"));
	assert_null(strstr(html, "https://"));
	assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	xmlNodePtr root = xmlDocGetRootElement(doc);
	xmlNodePtr hist = find_id(root, "score-histogram");
	assert_non_null(hist);
	assert_int_equal(count_elements(hist->children, "rect"), TM_REPORT_BINS);
	xmlNodePtr disc = find_id(root, "discovery-rate");
	assert_non_null(disc);
	assert_int_equal(count_elements(disc->children, "rect"), 4);
	xmlNodePtr heat = find_id(root, "stride-heatmap");
	assert_non_null(heat);
	assert_int_equal(count_elements(heat->children, "rect"), 4 * 6);
	xmlNodePtr top = find_id(root, "top-three");
	assert_non_null(top);
	assert_int_equal(count_elements(top->children, "tr"), 1 + 1 + 4);
	/* the discovery chart lists the most-missed threat first */
	xmlNodePtr first = NULL;
	for (xmlNodePtr c = disc->children; c != NULL && first == NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "text") == 0)
			first = c;
	assert_non_null(first);
	xmlChar *label = xmlNodeGetContent(first);
	assert_int_equal(strncmp((const char *)label, "A04 ", 4), 0);
	xmlFree(label);
	xmlFreeDoc(doc);
	free(html);
}

static void test_html_invalid_utf8(void **state)
{
	struct fx *f = *state;
	char *html = NULL;
	sqlite3 *db = NULL;
	/* the engine refuses such a name now (tm_name_check); a store written
	 * before that can still hold one, so it is written behind its back */
	grade(f, "c1", "badname", "- the endpoint is unauthenticated\n");
	assert_int_equal(sqlite3_open(f->gb.path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "UPDATE gb_submissions SET name = "
				      "CAST(X'626164fffe6e616d6501' AS TEXT) WHERE name = 'badname'",
				      NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_changes(db), 1);
	sqlite3_close(db);
	htmlDocPtr doc = parse_page(f, &html);
	/* the page is ASCII: other characters are written as references */
	assert_non_null(strstr(html, "bad&#65533;&#65533;name&lt;U+0001&gt;"));
	assert_null(strstr(html, "\xff"));
	xmlFreeDoc(doc);
	free(html);
}

/* One group is "1 group" in the summary, the histogram's and the discovery
 * chart's tooltips (it was "1 groups"); the four of c1 stay "4 groups". */
static void test_html_one_group(void **state)
{
	struct fx *f = *state;
	struct tm_diags d;
	char *html = NULL;
	size_t len = 0;
	grade(f, "one", "solo", "- the endpoint is unauthenticated\n");
	tm_diags_init(&d);
	assert_int_equal(tm_report_build(f->gb.g, f->gb.content, "one", NULL, &f->r, &d), TM_OK);
	assert_int_equal(tm_report_html(f->r, &html, &len, &d), TM_OK);
	tm_diags_release(&d);
	assert_null(strstr(html, "1 groups"));
	assert_non_null(strstr(html, "<span>1 group</span>"));
	assert_non_null(strstr(html, "%: 1 group</title>"));
	assert_non_null(strstr(html, "found by 1 of 1 group</title>"));
	assert_non_null(strstr(html, "found by 0 of 1 group</title>"));
	free(html);
	tm_report_free(f->r);
	f->r = NULL;
	html = NULL;
	htmlDocPtr doc = parse_page(f, &html);
	assert_non_null(strstr(html, "<span>4 groups</span>"));
	xmlFreeDoc(doc);
	free(html);
}

/* A long group name is cut in the heat map at a character boundary, with an
 * ellipsis, and kept whole in the label's <title>. */
static void test_html_stride_long_name(void **state)
{
	struct fx *f = *state;
	char *html = NULL, name[128] = "", want[128] = "";
	for (int i = 0; i < 40; i++)
		strcat(name, "\xc3\xa9");   /* e-acute, two bytes */
	for (int i = 0; i < 30; i++)
		strcat(want, "\xc3\xa9");
	strcat(want, "\xe2\x80\xa6");
	grade(f, "c1", name, "- the endpoint is unauthenticated\n");
	htmlDocPtr doc = parse_page(f, &html);
	xmlNodePtr heat = find_id(xmlDocGetRootElement(doc), "stride-heatmap");
	assert_non_null(heat);
	bool seen = false;
	for (xmlNodePtr c = heat->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "text") != 0 ||
		    c->children == NULL || c->children->type != XML_TEXT_NODE ||
		    strncmp((const char *)c->children->content, "\xc3\xa9", 2) != 0)
			continue;
		seen = true;
		assert_string_equal((const char *)c->children->content, want);
		xmlNodePtr title = c->children->next;
		assert_non_null(title);
		assert_string_equal((const char *)title->name, "title");
		xmlChar *full = xmlNodeGetContent(title);
		assert_string_equal((const char *)full, name);
		xmlFree(full);
	}
	assert_true(seen);
	xmlFreeDoc(doc);
	free(html);
}

/* Every bidirectional control is recognized, and nothing next to them is. */
static void test_bidi_controls(void **state)
{
	(void)state;
	assert_int_equal(tm_bidi_control_len("\xe2\x80\xae" "x"), 3);   /* U+202E */
	assert_int_equal(tm_bidi_control_len("\xe2\x80\xaa"), 3);       /* U+202A */
	assert_int_equal(tm_bidi_control_len("\xe2\x80\x8e"), 3);       /* U+200E */
	assert_int_equal(tm_bidi_control_len("\xe2\x80\x8f"), 3);       /* U+200F */
	assert_int_equal(tm_bidi_control_len("\xe2\x81\xa6"), 3);       /* U+2066 */
	assert_int_equal(tm_bidi_control_len("\xe2\x81\xa9"), 3);       /* U+2069 */
	assert_int_equal(tm_bidi_control_len("\xd8\x9c"), 2);            /* U+061C */
	assert_int_equal(tm_bidi_control_len("\xe2\x80\xaf"), 0);       /* U+202F */
	assert_int_equal(tm_bidi_control_len("\xe2\x80\x94"), 0);       /* em dash */
	assert_int_equal(tm_bidi_control_len("\xe2\x81\xaa"), 0);       /* U+206A */
	assert_int_equal(tm_bidi_control_len("a"), 0);
	assert_int_equal(tm_bidi_control_len(""), 0);
}

/* The terminal (tm_printable) hides the characters the reports show as
 * "<U+XXXX>" (one classification, textchars.c): C0, DEL and C1 controls one
 * '?' per byte, a bidi control one '?' for the character, invalid UTF-8 one
 * '?' per byte; everything else as it is. */
static void test_printable_classes(void **state)
{
	(void)state;
	static const struct { const char *in, *out; } cases[] = {
		{ "a\x1b[31mb", "a?[31mb" },                  /* C0: escape */
		{ "a\x7f" "b", "a?b" },                        /* DEL */
		{ "a\xc2\x9b" "b", "a??b" },                  /* C1: CSI */
		{ "a\xc2\xa0" "b", "a\xc2\xa0" "b" },       /* U+00A0 is shown */
		{ "rtl\xe2\x80\xae" "gnp.exe", "rtl?gnp.exe" }, /* U+202E */
		{ "\xd8\x9c" "x", "?x" },                     /* U+061C */
		{ "caf\xc3\xa9", "caf\xc3\xa9" },           /* é */
		{ "\xe2\x80\x94", "\xe2\x80\x94" },       /* em dash */
		{ "\xc0\xaf", "??" },                         /* overlong */
		{ "\xed\xa0\x80", "???" },                   /* a surrogate */
		{ "\xf4\x90\x80\x80", "????" },             /* past U+10FFFF */
		{ "\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80" }, /* an emoji */
		{ "\xff", "?" },
	};
	char buf[64];
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(tm_printable(cases[i].in, buf, sizeof(buf)), cases[i].out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_report_numbers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_histogram_bands_shown_score, setup, teardown),
		cmocka_unit_test(test_bidi_controls),
		cmocka_unit_test(test_printable_classes),
		cmocka_unit_test_setup_teardown(test_html_escapes_and_has_charts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_html_invalid_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv_control_characters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_html_stride_long_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_html_one_group, setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	xmlCleanupParser();
	return rc;
}
