/*
 * test_export.c: the Moodle XML export of tests/fixtures/export (course "exp",
 * one or more questions per type) parsed back with libxml2: the categories,
 * each type's structure (fractions and their sums, tolerance, subquestions,
 * ordering positions, hints, tags), the warnings for what Moodle cannot
 * express, and an unknown course. (Control characters, which XML 1.0 cannot
 * hold, never reach the exporter: test_loader's test_control_characters.)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "tmengine.h"

struct fixture {
	struct tm_content *content;
	struct tm_diags warnings, diags;
	char *xml;
	size_t len;
	xmlDocPtr doc;
};

static struct tm_content *load(const char *name)
{
	struct tm_diags d;
	struct tm_content *c = NULL;
	char root[512];
	const char *src = getenv("TMDOJO_SRC");
	snprintf(root, sizeof(root), "%s/tests/fixtures/%s", src != NULL ? src : ".", name);
	tm_diags_init(&d);
	int rc = tm_content_load(root, &c, &d);
	for (size_t i = 0; i < d.count; i++)
		fprintf(stderr, "%s:%d: %s\n", d.items[i].file ? d.items[i].file : "", d.items[i].line,
			d.items[i].text);
	tm_diags_release(&d);
	assert_int_equal(rc, TM_OK);
	return c;
}

/* Exports the given courses of tests/fixtures/NAME and parses the result. */
static struct fixture *export_from(const char *name, const char *const *courses, size_t n)
{
	struct fixture *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	f->content = load(name);
	tm_diags_init(&f->warnings);
	tm_diags_init(&f->diags);
	int rc = tm_export_moodle_xml(f->content, courses, n, &f->xml, &f->len, &f->warnings,
				      &f->diags);
	if (rc != TM_OK && f->diags.count > 0)
		fprintf(stderr, "%s\n", f->diags.items[0].text);
	assert_int_equal(rc, TM_OK);
	assert_non_null(f->xml);
	assert_int_equal(strlen(f->xml), f->len);
	f->doc = xmlReadMemory(f->xml, (int)f->len, "export.xml", NULL,
			       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	assert_non_null(f->doc);
	return f;
}

/* Exports the given courses of tests/fixtures/export. */
static struct fixture *export(const char *const *courses, size_t n)
{
	return export_from("export", courses, n);
}

static void release(struct fixture *f)
{
	xmlFreeDoc(f->doc);
	free(f->xml);
	tm_diags_release(&f->warnings);
	tm_diags_release(&f->diags);
	tm_content_free(f->content);
	free(f);
}

static bool named(xmlNodePtr n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* The i-th (0-based) child element of n called name, or NULL. */
static xmlNodePtr child(xmlNodePtr n, const char *name, size_t i)
{
	for (xmlNodePtr c = n != NULL ? n->children : NULL; c != NULL; c = c->next)
		if (named(c, name) && i-- == 0)
			return c;
	return NULL;
}

static size_t count(xmlNodePtr n, const char *name)
{
	size_t k = 0;
	while (child(n, name, k) != NULL)
		k++;
	return k;
}

/* Text content of n (a static copy, "" for none). */
static const char *text_of(xmlNodePtr n)
{
	static char buf[4096];
	buf[0] = '\0';
	if (n == NULL)
		return buf;
	xmlChar *s = xmlNodeGetContent(n);
	if (s != NULL) {
		snprintf(buf, sizeof(buf), "%s", (const char *)s);
		xmlFree(s);
	}
	return buf;
}

/* <name><text>...</text></name>-style: the text child of n's child name. */
static const char *text_in(xmlNodePtr n, const char *name)
{
	return text_of(child(child(n, name, 0), "text", 0));
}

static const char *prop(xmlNodePtr n, const char *name)
{
	static char buf[256];
	buf[0] = '\0';
	xmlChar *s = n != NULL ? xmlGetProp(n, BAD_CAST name) : NULL;
	if (s != NULL) {
		snprintf(buf, sizeof(buf), "%s", (const char *)s);
		xmlFree(s);
	}
	return buf;
}

static xmlNodePtr question(struct fixture *f, const char *id)
{
	xmlNodePtr root = xmlDocGetRootElement(f->doc);
	for (size_t i = 0; child(root, "question", i) != NULL; i++) {
		xmlNodePtr q = child(root, "question", i);
		if (strcmp(text_in(q, "name"), id) == 0)
			return q;
	}
	return NULL;
}

/* Sum of the positive answer fractions of q; *neg gets the lowest one. */
static double positive_sum(xmlNodePtr q, double *neg)
{
	double sum = 0;
	*neg = 0;
	for (size_t i = 0; child(q, "answer", i) != NULL; i++) {
		double v = atof(prop(child(q, "answer", i), "fraction"));
		if (v > 0)
			sum += v;
		else if (v < *neg)
			*neg = v;
	}
	return sum;
}

/* The warning about question id, or NULL. */
static const struct tm_error *warning_for(struct fixture *f, const char *id)
{
	char want[128];
	snprintf(want, sizeof(want), "question '%s':", id);
	for (size_t i = 0; i < f->warnings.count; i++)
		if (strncmp(f->warnings.items[i].text, want, strlen(want)) == 0)
			return &f->warnings.items[i];
	return NULL;
}

static void test_structure(void **state)
{
	(void)state;
	struct fixture *f = export(NULL, 0);
	xmlNodePtr root = xmlDocGetRootElement(f->doc);
	assert_true(named(root, "quiz"));
	assert_true(strncmp(f->xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 38) == 0);
	/* one category (the reading module has no questions), first; '/' in the
	 * course title doubled as Moodle's category paths write it */
	xmlNodePtr cat = child(root, "question", 0);
	assert_string_equal(prop(cat, "type"), "category");
	assert_string_equal(text_in(cat, "category"), "$course$/top/Threats // controls/Every type");
	size_t categories = 0, questions = 0;
	for (size_t i = 0; child(root, "question", i) != NULL; i++) {
		bool is_cat = strcmp(prop(child(root, "question", i), "type"), "category") == 0;
		categories += is_cat;
		questions += !is_cat;
	}
	assert_int_equal(categories, 1);
	/* ten questions, one skipped (short answer with patterns only) */
	assert_int_equal(questions, 9);
	assert_null(question(f, "short-patterns"));
	release(f);
}

static void test_single(void **state)
{
	(void)state;
	struct fixture *f = export(NULL, 0);
	xmlNodePtr q = question(f, "single");
	assert_non_null(q);
	assert_string_equal(prop(q, "type"), "multichoice");
	assert_string_equal(text_of(child(q, "single", 0)), "true");
	assert_string_equal(text_of(child(q, "shuffleanswers", 0)), "true");
	assert_string_equal(text_of(child(q, "defaultgrade", 0)), "2");
	assert_string_equal(text_of(child(q, "idnumber", 0)), "exp/types/single");
	/* Markdown passes inline HTML through: outside code spans '<' and '&' are
	 * entities, which Markdown shows as the characters; in code spans they are
	 * as written, Markdown escaping them itself */
	assert_string_equal(text_in(q, "questiontext"),
			    "Which category covers a **forged** login &lt;script> &amp; a "
			    "`code <span> & co`?");
	assert_string_equal(prop(child(q, "questiontext", 0), "format"), "markdown");
	assert_string_equal(text_in(q, "generalfeedback"),
			    "Pretending to be another user is spoofing &amp; nothing else.");
	assert_string_equal(text_in(q, "correctfeedback"), "Spoofing it is.");
	assert_string_equal(text_in(q, "incorrectfeedback"), "Think of identity.");
	assert_int_equal(count(q, "answer"), 2);
	assert_string_equal(prop(child(q, "answer", 0), "fraction"), "100");
	assert_string_equal(prop(child(q, "answer", 1), "fraction"), "0");
	assert_string_equal(text_in(child(q, "answer", 0), "feedback"), "Spoofing is about identity.");
	/* hints in order */
	assert_int_equal(count(q, "hint"), 2);
	assert_string_equal(text_of(child(child(q, "hint", 1), "text", 0)), "Who is the caller?");
	/* tags: its own, then the STRIDE categories not already among them */
	xmlNodePtr tags = child(q, "tags", 0);
	assert_int_equal(count(tags, "tag"), 3);
	assert_string_equal(text_in(tags, "tag"), "identity");
	assert_string_equal(text_of(child(child(tags, "tag", 1), "text", 0)), "spoofing");
	assert_string_equal(text_of(child(child(tags, "tag", 2), "text", 0)), "tampering");
	assert_null(warning_for(f, "single"));
	release(f);
}

static void test_multiple_fractions(void **state)
{
	(void)state;
	struct fixture *f = export(NULL, 0);
	double neg;
	/* three right of five: 33.33333 each, a wrong pick costs as much */
	xmlNodePtr q = question(f, "multiple");
	assert_string_equal(text_of(child(q, "single", 0)), "false");
	assert_true(fabs(positive_sum(q, &neg) - 100) < 0.001);
	assert_string_equal(prop(child(q, "answer", 0), "fraction"), "33.33333");
	assert_string_equal(prop(child(q, "answer", 3), "fraction"), "-33.33333");
	assert_true(fabs(neg + 33.33333) < 1e-9);
	assert_null(warning_for(f, "multiple"));
	/* twelve right: no 1/12 in Moodle's list, so 10% and 5% shares that still
	 * add up to 100, with a warning */
	q = question(f, "many-right");
	assert_true(fabs(positive_sum(q, &neg) - 100) < 0.001);
	for (size_t i = 0; child(q, "answer", i) != NULL; i++) {
		const char *v = prop(child(q, "answer", i), "fraction");
		assert_true(strcmp(v, "10") == 0 || strcmp(v, "5") == 0 || strcmp(v, "-10") == 0);
	}
	const struct tm_error *w = warning_for(f, "many-right");
	assert_non_null(w);
	assert_non_null(strstr(w->text, "1/12"));
	assert_non_null(strstr(w->file, "types.yaml"));
	assert_true(w->line > 0);
	release(f);
}

static void test_true_false_short(void **state)
{
	(void)state;
	struct fixture *f = export(NULL, 0);
	xmlNodePtr q = question(f, "tf");
	assert_string_equal(prop(q, "type"), "truefalse");
	assert_string_equal(text_of(child(q, "penalty", 0)), "1");
	assert_string_equal(text_of(child(child(q, "answer", 0), "text", 0)), "true");
	assert_string_equal(prop(child(q, "answer", 0), "fraction"), "0");
	assert_string_equal(prop(child(q, "answer", 1), "fraction"), "100");
	assert_string_equal(text_in(child(q, "answer", 1), "feedback"), "Yes.");

	q = question(f, "short");
	assert_string_equal(prop(q, "type"), "shortanswer");
	assert_int_equal(count(q, "answer"), 5);
	assert_string_equal(text_of(child(child(q, "answer", 0), "text", 0)), "confidentiality");
	/* Moodle's wildcard escaped; the catch-all carries the incorrect feedback */
	assert_string_equal(text_of(child(child(q, "answer", 1), "text", 0)), "secrecy\\*");
	assert_string_equal(prop(child(q, "answer", 1), "fraction"), "100");
	/* rejected answers: 0%, escaped, with their feedback (else the incorrect
	 * one), before the catch-all that Moodle would match first */
	assert_string_equal(text_of(child(child(q, "answer", 2), "text", 0)), "integrity\\*");
	assert_string_equal(prop(child(q, "answer", 2), "fraction"), "0");
	assert_string_equal(text_in(child(q, "answer", 2), "feedback"),
			    "Integrity is what tampering violates.");
	assert_string_equal(text_of(child(child(q, "answer", 3), "text", 0)), "availability");
	assert_string_equal(prop(child(q, "answer", 3), "fraction"), "0");
	assert_string_equal(text_in(child(q, "answer", 3), "feedback"), "Think of the C in CIA.");
	assert_string_equal(text_of(child(child(q, "answer", 4), "text", 0)), "*");
	assert_string_equal(prop(child(q, "answer", 4), "fraction"), "0");
	assert_string_equal(text_in(child(q, "answer", 4), "feedback"), "Think of the C in CIA.");
	const struct tm_error *w = warning_for(f, "short");
	assert_non_null(w);
	assert_non_null(strstr(w->text, "fuzzy"));
	assert_non_null(strstr(w->text, "pattern"));
	w = warning_for(f, "short-patterns");
	assert_non_null(w);
	assert_non_null(strstr(w->text, "skipped"));
	release(f);
}

static void test_numeric_matching_ordering(void **state)
{
	(void)state;
	struct fixture *f = export(NULL, 0);
	xmlNodePtr q = question(f, "num");
	assert_string_equal(prop(q, "type"), "numerical");
	assert_string_equal(text_of(child(q, "defaultgrade", 0)), "3");
	xmlNodePtr a = child(q, "answer", 0);
	assert_string_equal(text_of(child(a, "text", 0)), "10000.5");
	assert_string_equal(text_of(child(a, "tolerance", 0)), "0.25");
	assert_string_equal(prop(a, "fraction"), "100");
	assert_string_equal(text_of(child(child(child(q, "units", 0), "unit", 0), "unit_name", 0)),
			    "dollars");

	q = question(f, "match");
	assert_string_equal(prop(q, "type"), "matching");
	/* three pairs, then the two options no left goes with, without text */
	assert_int_equal(count(q, "subquestion"), 5);
	assert_string_equal(text_in(q, "subquestion"), "Forged session cookie");
	assert_string_equal(text_in(child(q, "subquestion", 0), "answer"), "Spoofing");
	assert_string_equal(text_in(child(q, "subquestion", 2), "answer"), "Spoofing");
	assert_string_equal(text_of(child(child(q, "subquestion", 3), "text", 0)), "");
	assert_string_equal(text_in(child(q, "subquestion", 3), "answer"), "Repudiation");
	assert_string_equal(text_in(child(q, "subquestion", 4), "answer"), "Elevation of privilege");

	q = question(f, "order");
	assert_string_equal(prop(q, "type"), "ordering");
	assert_string_equal(text_of(child(q, "gradingtype", 0)), "ABSOLUTE_POSITION");
	assert_int_equal(count(q, "answer"), 4);
	for (size_t i = 0; i < 4; i++) {
		char pos[8];
		snprintf(pos, sizeof(pos), "%zu", i + 1);
		assert_string_equal(prop(child(q, "answer", i), "fraction"), pos);
	}
	assert_string_equal(text_of(child(child(q, "answer", 0), "text", 0)), "Break the feature down");
	assert_string_equal(text_of(child(child(q, "answer", 3), "text", 0)), "Decide on mitigations");
	assert_null(warning_for(f, "order"));
	assert_null(warning_for(f, "match"));
	release(f);
}

static void test_threat_list_essay(void **state)
{
	(void)state;
	struct fixture *f = export(NULL, 0);
	xmlNodePtr q = question(f, "threats");
	assert_string_equal(prop(q, "type"), "essay");
	const char *info = text_in(q, "graderinfo");
	assert_non_null(strstr(info, "add-user-api"));
	assert_non_null(strstr(info, "**A01** (critical; elevation-of-privilege)"));
	assert_non_null(strstr(info, "A04"));
	assert_non_null(strstr(info, "40%"));
	const struct tm_error *w = warning_for(f, "threats");
	assert_non_null(w);
	assert_non_null(strstr(w->text, "cannot grade"));
	/* four warnings in all: many-right, short, short-patterns, threats */
	assert_int_equal(f->warnings.count, 4);
	release(f);
}

/* A module whose questions are all skipped gets no category: Moodle would
 * create it empty. tests/fixtures/export-skipped: module "patterns" holds one
 * short answer with patterns only, module "kept" a true-false and a short
 * answer, then module
 * "Long ids" (test_long_idnumber). */
static void test_skipped_module_no_category(void **state)
{
	(void)state;
	struct fixture *f = export_from("export-skipped", NULL, 0);
	xmlNodePtr root = xmlDocGetRootElement(f->doc);
	assert_int_equal(count(root, "question"), 5);
	xmlNodePtr cat = child(root, "question", 0);
	assert_string_equal(prop(cat, "type"), "category");
	assert_string_equal(text_in(cat, "category"), "$course$/top/Skipped questions/Kept");
	assert_string_equal(prop(child(root, "question", 1), "type"), "truefalse");
	assert_null(question(f, "own-words"));
	const struct tm_error *w = warning_for(f, "own-words");
	assert_non_null(w);
	assert_non_null(strstr(w->text, "skipped"));
	release(f);
}

/* Fenced code blocks, indented or not, are left as they are, as code spans
 * are; text outside them has '<' and '&' as entities; a backtick without its
 * pair is text. */
static void test_markdown_fences(void **state)
{
	(void)state;
	struct fixture *f = export_from("export-skipped", NULL, 0);
	xmlNodePtr q = question(f, "kept-tf");
	assert_non_null(q);
	assert_string_equal(text_in(q, "generalfeedback"),
			    "It does: a &amp; b &lt;i>, then a fence.\n"
			    "```\n"
			    "if (a < b && c) { *p = 1; }\n"
			    "```\n"
			    "After the fence &lt;b> `x<y` and *emphasis*; no closing ` so &amp; is "
			    "text.\n");
	/* an accepted short answer is compared with responses, not shown: as written */
	q = question(f, "kept-short");
	assert_string_equal(text_of(child(child(q, "answer", 0), "text", 0)), "x < y & z");
	/* a fence after any indent is code, as the terminal and SCORM read it
	 * (tm_block_scan()): it used to count only at column 0 */
	assert_string_equal(text_in(q, "generalfeedback"),
			    "The first, in an indented fence:\n"
			    "  ```c\n"
			    "  if (x < y && z) return;\n"
			    "  ```\n"
			    "and after it x &lt;y &amp; z.\n");
	release(f);
}

/* An id number past Moodle's 100 characters is left out, and the warning says
 * what importing again does: Moodle adds copies, it never updates. */
static void test_long_idnumber(void **state)
{
	(void)state;
	static const char id[] = "a-question-id-that-with-the-course-and-module-ids-passes-100";
	struct fixture *f = export_from("export-skipped", NULL, 0);
	xmlNodePtr q = question(f, id);
	assert_non_null(q);
	assert_null(child(q, "idnumber", 0));
	assert_string_equal(text_of(child(question(f, "kept-tf"), "idnumber", 0)),
			    "skip/kept/kept-tf");
	const struct tm_error *w = warning_for(f, id);
	assert_non_null(w);
	assert_non_null(strstr(w->text, "longer than Moodle's 100 characters"));
	assert_non_null(strstr(w->text, "importing the file again adds a copy of every question "
				       "(delete or move the old ones first)"));
	assert_null(strstr(w->text, "updat"));
	release(f);
}

static void test_course_selection(void **state)
{
	(void)state;
	/* a course named twice is exported once */
	const char *const twice[] = { "exp", "exp" };
	struct fixture *f = export(twice, 2);
	xmlNodePtr root = xmlDocGetRootElement(f->doc);
	size_t categories = 0;
	for (size_t i = 0; child(root, "question", i) != NULL; i++)
		categories += strcmp(prop(child(root, "question", i), "type"), "category") == 0;
	assert_int_equal(categories, 1);
	release(f);

	/* an unknown course: an error listing the known ones, nothing returned */
	struct tm_content *c = load("export");
	struct tm_diags w, d;
	tm_diags_init(&w);
	tm_diags_init(&d);
	char *out = (char *)"unchanged";
	size_t len = 7;
	const char *const unknown[] = { "exp", "nope" };
	assert_int_equal(tm_export_moodle_xml(c, unknown, 2, &out, &len, &w, &d), TM_ENOTFOUND);
	assert_null(out);
	assert_int_equal(len, 0);
	assert_int_equal(d.count, 1);
	assert_string_equal(d.items[0].text, "no course 'nope'; the courses are: exp");
	tm_diags_release(&w);
	tm_diags_release(&d);
	tm_content_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_structure),
		cmocka_unit_test(test_single),
		cmocka_unit_test(test_multiple_fractions),
		cmocka_unit_test(test_true_false_short),
		cmocka_unit_test(test_numeric_matching_ordering),
		cmocka_unit_test(test_threat_list_essay),
		cmocka_unit_test(test_skipped_module_no_category),
		cmocka_unit_test(test_long_idnumber),
		cmocka_unit_test(test_markdown_fences),
		cmocka_unit_test(test_course_selection),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	xmlCleanupParser();
	return rc;
}
