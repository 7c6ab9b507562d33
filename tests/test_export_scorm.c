/*
 * test_export_scorm.c: the SCORM 1.2 package of a fixture course with every
 * question type (tests/fixtures/learn), opened with libzip: imsmanifest.xml
 * parsed with libxml2 (namespaces, schemaversion, one item and one SCO
 * resource per module, every file it lists present in the zip and every file
 * of the zip listed); each page parsed back with one question fieldset per
 * question; author text with markup stays text; the warnings; a bad pass mark.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include "tmengine.h"

#define NS_IMSCP "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
#define NS_ADLCP "http://www.adlnet.org/xsd/adlcp_rootv1p2"

static struct tm_content *load(const char *root)
{
	struct tm_content *c = NULL;
	struct tm_diags d;
	tm_diags_init(&d);
	int rc = tm_content_load(root, &c, &d);
	for (size_t i = 0; rc != TM_OK && i < d.count; i++)
		fprintf(stderr, "%s\n", d.items[i].text);
	tm_diags_release(&d);
	assert_int_equal(rc, TM_OK);
	return c;
}

static struct tm_content *fixture(void)
{
	char root[512];
	const char *src = getenv("TMDOJO_SRC");
	snprintf(root, sizeof(root), "%s/tests/fixtures/learn", src != NULL ? src : ".");
	return load(root);
}

/* A whole file of the zip, NUL-terminated (caller frees); NULL when absent. */
static char *zip_read(zip_t *za, const char *name, size_t *len)
{
	zip_stat_t st;
	if (zip_stat(za, name, 0, &st) != 0)
		return NULL;
	zip_file_t *f = zip_fopen(za, name, 0);
	assert_non_null(f);
	char *buf = malloc((size_t)st.size + 1);
	assert_non_null(buf);
	assert_int_equal(zip_fread(f, buf, st.size), (zip_int64_t)st.size);
	buf[st.size] = '\0';
	zip_fclose(f);
	if (len != NULL)
		*len = (size_t)st.size;
	return buf;
}

/* Exports co; returns the open zip (its buffer in *data: free after zip_close). */
static zip_t *export(const struct tm_course *co, int pass, void **data, struct tm_diags *w)
{
	struct tm_diags d;
	size_t len = 0;
	tm_diags_init(&d);
	assert_int_equal(tm_scorm_export(co, NULL, pass, data, &len, w, &d), TM_OK);
	assert_int_equal(d.count, 0);
	tm_diags_release(&d);
	assert_true(len > 22);
	zip_error_t err;
	zip_error_init(&err);
	zip_source_t *src = zip_source_buffer_create(*data, len, 0, &err);
	assert_non_null(src);
	zip_t *za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err);
	assert_non_null(za);
	zip_error_fini(&err);
	return za;
}

static bool is(xmlNodePtr n, const char *ns, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	       strcmp((const char *)n->ns->href, ns) == 0 &&
	       strcmp((const char *)n->name, name) == 0;
}

static xmlNodePtr child(xmlNodePtr n, const char *ns, const char *name)
{
	for (xmlNodePtr c = n->children; c != NULL; c = c->next)
		if (is(c, ns, name))
			return c;
	return NULL;
}

static size_t count_class(xmlNodePtr n, const char *name, const char *cls)
{
	size_t k = 0;
	for (; n != NULL; n = n->next) {
		if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0) {
			xmlChar *c = xmlGetProp(n, BAD_CAST "class");
			k += c != NULL && strcmp((const char *)c, cls) == 0;
			xmlFree(c);
		}
		k += count_class(n->children, name, cls);
	}
	return k;
}

static size_t count_elements(xmlNodePtr n, const char *name)
{
	size_t k = 0;
	for (; n != NULL; n = n->next) {
		k += n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
		k += count_elements(n->children, name);
	}
	return k;
}

static void test_manifest_and_files(void **state)
{
	(void)state;
	struct tm_content *c = fixture();
	const struct tm_course *co = tm_content_find_course(c, "tiny");
	assert_non_null(co);
	struct tm_diags w;
	void *data = NULL;
	tm_diags_init(&w);
	zip_t *za = export(co, 75, &data, &w);

	size_t len = 0;
	char *xml = zip_read(za, "imsmanifest.xml", &len);
	assert_non_null(xml);
	xmlDocPtr doc = xmlReadMemory(xml, (int)len, "imsmanifest.xml", NULL,
				      XML_PARSE_NONET | XML_PARSE_NOERROR);
	assert_non_null(doc);
	xmlNodePtr root = xmlDocGetRootElement(doc);
	assert_true(is(root, NS_IMSCP, "manifest"));
	xmlNodePtr meta = child(root, NS_IMSCP, "metadata");
	assert_non_null(meta);
	xmlChar *v = xmlNodeGetContent(child(meta, NS_IMSCP, "schemaversion"));
	assert_string_equal((const char *)v, "1.2");
	xmlFree(v);
	xmlNodePtr orgs = child(root, NS_IMSCP, "organizations");
	xmlNodePtr org = child(orgs, NS_IMSCP, "organization");
	xmlChar *def = xmlGetProp(orgs, BAD_CAST "default");
	xmlChar *oid = xmlGetProp(org, BAD_CAST "identifier");
	assert_string_equal((const char *)def, (const char *)oid);
	xmlFree(def);
	xmlFree(oid);
	xmlNodePtr resources = child(root, NS_IMSCP, "resources");
	assert_non_null(resources);

	/* one item per module, in order, each naming a SCO resource whose files exist */
	size_t items = 0, listed_total = 0;
	bool listed_runtime = false;
	for (xmlNodePtr it = org->children; it != NULL; it = it->next) {
		if (!is(it, NS_IMSCP, "item"))
			continue;
		const struct tm_module *m = tm_course_module(co, items++);
		assert_non_null(m);
		xmlChar *t = xmlNodeGetContent(child(it, NS_IMSCP, "title"));
		assert_string_equal((const char *)t, tm_module_title(m));
		xmlFree(t);
		xmlChar *ms = xmlNodeGetContent(child(it, NS_ADLCP, "masteryscore"));
		assert_string_equal((const char *)ms, "75");
		xmlFree(ms);
		xmlChar *ref = xmlGetProp(it, BAD_CAST "identifierref");
		xmlNodePtr res = NULL;
		for (xmlNodePtr r = resources->children; r != NULL && res == NULL; r = r->next) {
			xmlChar *id = is(r, NS_IMSCP, "resource") ? xmlGetProp(r, BAD_CAST "identifier")
								  : NULL;
			if (id != NULL && strcmp((const char *)id, (const char *)ref) == 0)
				res = r;
			xmlFree(id);
		}
		xmlFree(ref);
		assert_non_null(res);
		xmlChar *type = xmlGetNsProp(res, BAD_CAST "scormtype", BAD_CAST NS_ADLCP);
		assert_string_equal((const char *)type, "sco");
		xmlFree(type);
		xmlChar *href = xmlGetProp(res, BAD_CAST "href");
		bool href_listed = false;
		for (xmlNodePtr f = res->children; f != NULL; f = f->next) {
			if (!is(f, NS_IMSCP, "file"))
				continue;
			xmlChar *fh = xmlGetProp(f, BAD_CAST "href");
			zip_stat_t st;
			assert_int_equal(zip_stat(za, (const char *)fh, 0, &st), 0);
			href_listed |= strcmp((const char *)fh, (const char *)href) == 0;
			listed_runtime |= strcmp((const char *)fh, "tmdojo-scorm.js") == 0;
			listed_total++;
			xmlFree(fh);
		}
		assert_true(href_listed);

		/* the page: one fieldset per question, parsed back as HTML */
		size_t plen = 0;
		char *page = zip_read(za, (const char *)href, &plen);
		assert_non_null(page);
		htmlDocPtr h = htmlReadMemory(page, (int)plen, NULL, "utf-8",
					      HTML_PARSE_NONET | HTML_PARSE_NOERROR |
					      HTML_PARSE_NOWARNING);
		assert_non_null(h);
		size_t questions = 0, quizzes = 0;
		for (size_t i = 0; i < tm_module_item_count(m); i++) {
			const struct tm_item *x = tm_module_item(m, i);
			if (tm_item_kind(x) == TM_ITEM_QUIZ) {
				quizzes++;
				questions += tm_item_question_count(x);
			}
		}
		assert_int_equal(count_class(xmlDocGetRootElement(h), "fieldset", "tm-q"), questions);
		assert_int_equal(count_class(xmlDocGetRootElement(h), "form", "tm-quiz"), quizzes);
		xmlFreeDoc(h);
		free(page);
		xmlFree(href);
	}
	assert_int_equal(items, tm_course_module_count(co));
	assert_true(listed_runtime);
	assert_int_equal(listed_total, 3 * items);
	/* every file of the zip is the manifest or listed by a resource */
	assert_int_equal(zip_get_num_entries(za, 0), 1 + items + 2);
	xmlFreeDoc(doc);
	free(xml);

	/* the fixture has every question type: its first page has each once */
	char *page = zip_read(za, "01-one.html", NULL);
	static const char *const types[] = { "single", "multiple", "true-false", "short",
					     "ordering", "matching", "numeric" };
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		char want[64];
		snprintf(want, sizeof(want), "data-type=\"%s\"", types[i]);
		assert_non_null(strstr(page, want));
	}
	assert_non_null(strstr(page, "data-pass=\"75\""));
	free(page);
	page = zip_read(za, "02-two.html", NULL);
	assert_non_null(strstr(page, "data-type=\"threat-list\""));
	assert_non_null(strstr(page, "class=\"tm-reference\""));
	free(page);
	char *js = zip_read(za, "tmdojo-scorm.js", NULL);
	assert_non_null(strstr(js, "LMSInitialize"));
	free(js);

	/* warnings: two short answers, one threat list, one exercise, each at
	 * the line and column of its question or item */
	size_t shorts = 0, lists = 0, exercises = 0, placed = 0;
	for (size_t i = 0; i < w.count; i++) {
		assert_int_equal(w.items[i].code, TM_OK);
		assert_non_null(w.items[i].file);
		assert_true(w.items[i].line > 0);
		assert_true(w.items[i].column > 0);
		if (strstr(w.items[i].text, "'t-short'") != NULL) {
			assert_int_equal(w.items[i].line, 88);
			assert_int_equal(w.items[i].column, 9);
			placed++;
		}
		if (strstr(w.items[i].text, "'tiny-ex'") != NULL) {
			assert_non_null(strstr(w.items[i].file, "two.yaml"));
			assert_int_equal(w.items[i].line, 21);
			assert_int_equal(w.items[i].column, 5);
			placed++;
		}
		shorts += strstr(w.items[i].text, "fuzzy matching") != NULL;
		lists += strstr(w.items[i].text, "threat lists are not scored") != NULL;
		exercises += strstr(w.items[i].text, "reading only") != NULL;
	}
	assert_int_equal(shorts, 2);
	assert_int_equal(lists, 1);
	assert_int_equal(exercises, 1);
	assert_int_equal(placed, 2);   /* both warnings name what they are about */
	tm_diags_release(&w);
	zip_close(za);
	free(data);
	tm_content_free(c);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Titles, lesson text and choices with markup are text in the page. */
static void test_markup_stays_text(void **state)
{
	(void)state;
	char root[] = "/tmp/tmscorm-XXXXXX", path[256];
	assert_non_null(mkdtemp(root));
	snprintf(path, sizeof(path), "%s/courses", root);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/courses/evil", root);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/courses/evil/course.yaml", root);
	write_file(path, "id: evil\ntitle: \"<script>alert(1)</script>\"\npart: 1\n"
		   "summary: s\nminutes: 1\nobjectives: [o]\nmodules: [m.yaml]\n");
	snprintf(path, sizeof(path), "%s/courses/evil/m.yaml", root);
	write_file(path, "id: m\ntitle: \"</title><script>x()</script>\"\nobjectives: [o]\n"
		   "items:\n  - lesson: \"<img src=x onerror=alert(1)>\"\n    body: |\n"
		   "      <script>alert(2)</script> & more\n"
		   "      **<b>bold</b>** and *em* and `<i>code</i>`, 5 * 3\n"
		   "  - quiz: q\n    questions:\n      - id: q1\n        type: single\n"
		   "        prompt: \"<b onclick=x()>pick</b>\"\n        explanation: e\n"
		   "        choices:\n          - text: \"\\\"><script>y()</script>\"\n"
		   "            correct: true\n          - text: b\n"
		   "summary: [\"</li><script>z()</script>\"]\n");
	struct tm_content *c = load(root);
	struct tm_diags w;
	void *data = NULL;
	tm_diags_init(&w);
	zip_t *za = export(tm_content_find_course(c, "evil"), 80, &data, &w);
	size_t len = 0;
	char *page = zip_read(za, "01-m.html", &len);
	htmlDocPtr h = htmlReadMemory(page, (int)len, NULL, "utf-8",
				      HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
	assert_non_null(h);
	/* the runtime's one script element, no other; no img */
	assert_int_equal(count_elements(xmlDocGetRootElement(h), "script"), 1);
	assert_int_equal(count_elements(xmlDocGetRootElement(h), "img"), 0);
	assert_int_equal(count_elements(xmlDocGetRootElement(h), "b"), 0);
	assert_non_null(strstr(page, "&lt;script&gt;alert(2)&lt;/script&gt; &amp; more"));
	/* inline marks become elements, whose text stays text */
	assert_int_equal(count_elements(xmlDocGetRootElement(h), "strong"), 1);
	assert_int_equal(count_elements(xmlDocGetRootElement(h), "em"), 1);
	assert_int_equal(count_elements(xmlDocGetRootElement(h), "code"), 1);
	assert_int_equal(count_elements(xmlDocGetRootElement(h), "i"), 0);
	assert_non_null(strstr(page, "<strong>&lt;b&gt;bold&lt;/b&gt;</strong> and <em>em</em> and "
				     "<code>&lt;i&gt;code&lt;/i&gt;</code>, 5 * 3"));
	xmlFreeDoc(h);
	free(page);
	char *xml = zip_read(za, "imsmanifest.xml", &len);
	xmlDocPtr doc = xmlReadMemory(xml, (int)len, "imsmanifest.xml", NULL,
				      XML_PARSE_NONET | XML_PARSE_NOERROR);
	assert_non_null(doc);
	xmlNodePtr org = child(child(xmlDocGetRootElement(doc), NS_IMSCP, "organizations"),
			       NS_IMSCP, "organization");
	xmlChar *t = xmlNodeGetContent(child(org, NS_IMSCP, "title"));
	assert_string_equal((const char *)t, "<script>alert(1)</script>");
	xmlFree(t);
	xmlFreeDoc(doc);
	free(xml);
	zip_close(za);
	free(data);
	tm_diags_release(&w);
	tm_content_free(c);
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
}

/* Lesson headings sit below the page's title (h1) and item titles (h2), one
 * level lower each: '###' to '######' were all h5. */
static void test_heading_levels(void **state)
{
	(void)state;
	char root[] = "/tmp/tmscorm-XXXXXX", path[256];
	assert_non_null(mkdtemp(root));
	snprintf(path, sizeof(path), "%s/courses", root);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/courses/heads", root);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/courses/heads/course.yaml", root);
	write_file(path, "id: heads\ntitle: Heads\npart: 1\nsummary: s\nminutes: 1\n"
		   "objectives: [o]\nmodules: [m.yaml]\n");
	snprintf(path, sizeof(path), "%s/courses/heads/m.yaml", root);
	write_file(path, "id: m\ntitle: Module\nobjectives: [o]\n"
		   "items:\n  - lesson: Lesson\n    body: |\n"
		   "      # One\n\n      ## Two\n\n      ### Three\n\n      #### Four\n\n"
		   "      ##### Five\n\n      ###### Six\n"
		   "  - lesson: Later\n    body: |\n      ## Deeper\n\n      ### Deepest\n"
		   "summary: [s]\n");
	struct tm_content *c = load(root);
	struct tm_diags w;
	void *data = NULL;
	tm_diags_init(&w);
	zip_t *za = export(tm_content_find_course(c, "heads"), 80, &data, &w);
	size_t len = 0;
	char *page = zip_read(za, "01-m.html", &len);
	assert_non_null(strstr(page, "<h1>Module</h1>"));
	assert_non_null(strstr(page, "<h2>Lesson</h2>"));
	assert_non_null(strstr(page, "<h3>One</h3>"));
	assert_non_null(strstr(page, "<h4>Two</h4>"));
	assert_non_null(strstr(page, "<h5>Three</h5>"));
	assert_non_null(strstr(page, "<h6>Four</h6>"));
	/* HTML has no h7: the two deepest levels stay h6 */
	assert_non_null(strstr(page, "<h6>Five</h6>"));
	assert_non_null(strstr(page, "<h6>Six</h6>"));
	/* a lesson that starts at '##' starts at h3 too: no level skipped */
	assert_non_null(strstr(page, "<h3>Deeper</h3>"));
	assert_non_null(strstr(page, "<h4>Deepest</h4>"));
	free(page);
	zip_close(za);
	free(data);
	tm_diags_release(&w);
	tm_content_free(c);
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
}

static void test_bad_pass(void **state)
{
	(void)state;
	struct tm_content *c = fixture();
	struct tm_diags d, w;
	void *data = (void *)1;
	size_t len = 1;
	tm_diags_init(&d);
	tm_diags_init(&w);
	assert_int_equal(tm_scorm_export(tm_content_find_course(c, "tiny"), NULL, 101, &data, &len, &w,
					 &d), TM_EUSAGE);
	assert_null(data);
	assert_int_equal(len, 0);
	assert_non_null(strstr(d.items[0].text, "pass mark"));
	tm_diags_release(&d);
	tm_diags_release(&w);
	tm_content_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_manifest_and_files),
		cmocka_unit_test(test_markup_stays_text),
		cmocka_unit_test(test_heading_levels),
		cmocka_unit_test(test_bad_pass),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
