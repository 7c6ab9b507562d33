/*
 * test_import.c: the Moodle XML import (engine/import_moodle.c). Each question
 * type of tests/fixtures/moodle/bank.xml comes out as the tmdojo type and
 * fields docs/IMPORT.md promises, and the module loads in a course; types
 * without an equivalent, questions that cannot be mapped and images are
 * skipped with warnings naming their line; ids are made valid and unique;
 * documents with entity declarations (billion laughs, external entities) are
 * refused without expansion or reading a file; XML that is not well-formed is
 * reported at its line:column; nothing importable is an error with no YAML.
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

#include "grader.h"
#include "tmengine.h"

#define FIXTURES "tests/fixtures/moodle"

struct result {
	int rc;
	char *yaml;
	size_t len, count;
	struct tm_diags warnings, diags;
};

static void import_buf(const char *name, const char *buf, size_t len,
		       const struct tm_import_options *opts, struct result *r)
{
	tm_diags_init(&r->warnings);
	tm_diags_init(&r->diags);
	r->rc = tm_import_moodle_xml(name, buf, len, opts, &r->yaml, &r->len, &r->count,
				     &r->warnings, &r->diags);
}

static void import_file(const char *file, const struct tm_import_options *opts,
			struct result *r)
{
	char path[256], *buf = NULL;
	size_t len = 0;
	struct tm_diags d;

	snprintf(path, sizeof(path), FIXTURES "/%s", file);
	tm_diags_init(&d);
	assert_int_equal(tm_read_file(path, TM_IMPORT_MAX_BYTES, &buf, &len, &d), TM_OK);
	tm_diags_release(&d);
	import_buf(path, buf, len, opts, r);
	free(buf);
}

static void result_release(struct result *r)
{
	free(r->yaml);
	tm_diags_release(&r->warnings);
	tm_diags_release(&r->diags);
}

/* Whether some warning has line and contains text. */
static bool has_warning(const struct result *r, int line, const char *text)
{
	for (size_t i = 0; i < r->warnings.count; i++)
		if ((line == 0 || r->warnings.items[i].line == line) &&
		    strstr(r->warnings.items[i].text, text) != NULL)
			return true;
	return false;
}

static void assert_yaml_has(const struct result *r, const char *text)
{
	if (r->yaml == NULL || strstr(r->yaml, text) == NULL)
		fail_msg("the module lacks:\n%s\n--- module:\n%s", text,
			 r->yaml != NULL ? r->yaml : "(none)");
}

/* Puts yaml in a fresh course, loads the content root and validates the
 * module: TM_OK expected of both. */
static void assert_loads(const char *yaml)
{
	char root[] = "/tmp/tmdojo-import-XXXXXX", path[256];
	struct tm_content *c = NULL;
	struct tm_diags d;
	FILE *f;

	assert_non_null(mkdtemp(root));
	snprintf(path, sizeof(path), "%s/courses", root);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/courses/imported", root);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/courses/imported/course.yaml", root);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("id: imported\ntitle: Imported\npart: refresher\nsummary: Imported.\n"
	      "minutes: 10\nobjectives: [Answer them]\nmodules: [bank.yaml]\n", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/courses/imported/bank.yaml", root);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(yaml, f);
	fclose(f);
	tm_diags_init(&d);
	int rc = tm_content_load(root, &c, &d);
	for (size_t i = 0; i < d.count; i++) {
		char buf[512];
		print_message("%s\n", tm_error_format(&d.items[i], buf, sizeof(buf)));
	}
	assert_int_equal(rc, TM_OK);
	tm_content_free(c);
	tm_diags_release(&d);
	/* and validate, which checks more than a load (rejected answers graded) */
	tm_diags_init(&d);
	rc = tm_validate_path(path, root, &d);
	for (size_t i = 0; i < d.count; i++) {
		char buf[512];
		print_message("validate: %s\n", tm_error_format(&d.items[i], buf, sizeof(buf)));
	}
	assert_int_equal(rc, TM_OK);
	tm_diags_release(&d);
	unlink(path);
	snprintf(path, sizeof(path), "%s/courses/imported/course.yaml", root);
	unlink(path);
	snprintf(path, sizeof(path), "%s/courses/imported", root);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/courses", root);
	rmdir(path);
	rmdir(root);
}

/* ---- the bank: one question of every type ------------------------------------------- */

/* Warnings quote names and answers up to a byte limit; the cut fell inside an
 * "e" with an acute accent and left half of it (shown as '?'). Every warning is
 * valid UTF-8, and the name is kept to whole characters. */
static void test_warnings_cut_between_characters(void **state)
{
	char xml[2048], name[200] = "a";
	struct result r;
	size_t first = 0;

	(void)state;
	for (int i = 0; i < 60; i++)
		strcat(name, "\xc3\xa9");
	snprintf(xml, sizeof(xml),
		 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n"
		 "<question type=\"shortanswer\"><name><text>%s Frage</text></name>\n"
		 "<questiontext format=\"html\"><text>Welche Bedrohung?</text></questiontext>\n"
		 "<answer fraction=\"100\"><text>%s</text></answer>\n"
		 "<answer fraction=\"50\"><text>Spoofing</text></answer>\n"
		 "</question>\n</quiz>\n", name, name + 1);
	import_buf("cut.xml", xml, strlen(xml), NULL, &r);
	assert_true(r.warnings.count > 0);
	for (size_t i = 0; i < r.warnings.count; i++) {
		const char *t = r.warnings.items[i].text;
		assert_int_equal(grader_utf8_invalid(t, strlen(t), &first), 0);
	}
	result_release(&r);
}

static void test_bank_loads(void **state)
{
	struct tm_import_options o = { "stride-bank", NULL, NULL };
	struct result r;
	(void)state;
	import_file("bank.xml", &o, &r);
	assert_int_equal(r.rc, TM_OK);
	assert_int_equal(r.count, 8);
	assert_int_equal(strlen(r.yaml), r.len);
	assert_yaml_has(&r, "id: stride-bank\n");
	assert_yaml_has(&r, "title: STRIDE basics\n");   /* the last category */
	assert_yaml_has(&r, "- quiz: STRIDE basics\n");
	assert_loads(r.yaml);
	result_release(&r);
}

static void test_multichoice_single(void **state)
{
	struct result r;
	(void)state;
	import_file("bank.xml", NULL, &r);
	assert_int_equal(r.rc, TM_OK);
	assert_yaml_has(&r, "  - id: spoofing-stolen-session-cookie\n    type: single\n"
			"    prompt: |-\n      An attacker replays a stolen session cookie.\n\n"
			"      Which STRIDE category?\n    points: 2\n");
	/* the 100% answer is the correct one; "Correct!" dropped from its feedback */
	assert_yaml_has(&r, "    - text: Spoofing\n      correct: true\n"
			"      feedback: The attacker claims an identity.\n"
			"    - text: Tampering\n      feedback: Nothing was changed.\n"
			"    - text: Repudiation\n    explanation: Acting as someone else is spoofing.\n"
			"    hints:\n    - Whose identity is used?\n"
			"    tags:\n    - Spoofing\n    - sessions\n    stride:\n    - spoofing\n");
	assert_true(has_warning(&r, 10, "starts with 'Correct'"));
	/* Moodle's stock "Your answer is correct." says only the verdict */
	assert_null(strstr(r.yaml, "Your answer is"));
	result_release(&r);
}

static void test_multichoice_multiple(void **state)
{
	struct result r;
	(void)state;
	import_file("bank.xml", NULL, &r);
	/* idnumber wins over the name; positive fractions are correct */
	assert_yaml_has(&r, "  - id: mc-tamper-01\n    type: multiple\n"
			"    prompt: |-\n      Which controls stop tampering?\n\n"
			"      - Pick all that apply\n"
			"    choices:\n    - text: Digital signatures\n      correct: true\n"
			"      feedback: They detect changes.\n"
			"    - text: Message authentication codes\n      correct: true\n"
			"    - text: Rate limiting\n      feedback: That limits volume, not integrity.\n");
	result_release(&r);
}

static void test_truefalse(void **state)
{
	struct result r;
	(void)state;
	import_file("bank.xml", NULL, &r);
	assert_yaml_has(&r, "    type: true-false\n"
			"    prompt: Tamper-evident audit logs help against repudiation.\n"
			"    answer: true\n"
			"    explanation: Evidence of who did what counters denial.\n"
			"    feedback:\n      correct: Logs are evidence.\n"
			"      incorrect: Logs are evidence.\n");
	assert_true(has_warning(&r, 90, "starts with 'Wrong'"));
	result_release(&r);
}

static void test_shortanswer(void **state)
{
	struct result r;
	(void)state;
	import_file("bank.xml", NULL, &r);
	/* 100% answers accepted, the wildcard one a pattern, the 50% one dropped,
	 * the catch-all '*' answer's feedback is the incorrect feedback */
	assert_yaml_has(&r, "    type: short\n    prompt: What does the D in STRIDE stand for?\n"
			"    accept:\n    - denial of service\n"
			"    patterns:\n    - ^\\s*denial.*service\\s*$\n");
	assert_yaml_has(&r, "      correct: It makes a service unavailable.\n"
			"      incorrect: Think of availability.\n");
	assert_null(strstr(r.yaml, "DoS"));
	assert_true(has_warning(&r, 111, "answer 'DoS' is worth 50%"));
	result_release(&r);
}

static void test_numerical(void **state)
{
	struct result r;
	(void)state;
	import_file("bank.xml", NULL, &r);
	assert_yaml_has(&r, "    type: numeric\n    prompt: How many categories does STRIDE have?\n"
			"    answer: 6\n    tolerance: 0.5\n    unit: categories\n");
	assert_yaml_has(&r, "      correct: One per letter.\n      incorrect: Count the letters.\n");
	result_release(&r);
}

static void test_matching(void **state)
{
	struct result r;
	(void)state;
	import_file("bank.xml", NULL, &r);
	/* the subquestion with no text is a distractor */
	assert_yaml_has(&r, "    type: matching\n"
			"    prompt: Match each threat to its STRIDE category.\n    points: 3\n"
			"    pairs:\n    - left: Forged login\n      right: Spoofing\n"
			"    - left: Changed invoice total\n      right: Tampering\n"
			"    distractors:\n    - Repudiation\n");
	result_release(&r);
}

static void test_ordering(void **state)
{
	struct result r;
	(void)state;
	import_file("bank.xml", NULL, &r);
	/* the fraction attribute numbers the positions */
	assert_yaml_has(&r, "    type: ordering\n"
			"    prompt: Put the four questions of threat modeling in order.\n"
			"    order:\n    - What are we working on?\n    - What can go wrong?\n"
			"    - What are we going to do about it?\n    - Did we do a good job?\n");
	result_release(&r);
}

static void test_unsupported_types_warn(void **state)
{
	struct result r;
	(void)state;
	import_file("bank.xml", NULL, &r);
	assert_true(has_warning(&r, 223, "type 'essay' has no tmdojo equivalent: skipped"));
	assert_true(has_warning(&r, 232, "type 'multianswer' has no tmdojo equivalent"));
	assert_null(strstr(r.yaml, "Describe your threat model"));
	/* an image is dropped with a warning; the same name gets a new id */
	assert_true(has_warning(&r, 241, "an image or media file was dropped"));
	assert_yaml_has(&r, "  - id: spoofing-stolen-session-cookie-2\n    type: single\n"
			"    prompt: 'Same name again: where is the boundary?'\n");
	assert_yaml_has(&r, "    explanation: 'The answer: At the gateway.'\n");
	assert_true(has_warning(&r, 241, "no general feedback"));
	result_release(&r);
}

static void test_nothing_importable(void **state)
{
	struct result r;
	(void)state;
	import_file("unsupported.xml", NULL, &r);
	assert_int_equal(r.rc, TM_EINVALID);
	assert_null(r.yaml);
	assert_int_equal(r.warnings.count, 3);
	assert_true(has_warning(&r, 8, "type 'calculated'"));
	assert_int_equal(r.diags.count, 1);
	assert_non_null(strstr(r.diags.items[0].text, "none of its 3 questions"));
	result_release(&r);

	import_buf("empty.xml", "<quiz/>", 7, NULL, &r);
	assert_int_equal(r.rc, TM_EINVALID);
	assert_non_null(strstr(r.diags.items[0].text, "no questions"));
	result_release(&r);
}

/* ---- edge cases: ids, HTML, questions that cannot be mapped ----------------------------- */

static void test_edge_cases(void **state)
{
	struct tm_import_options o = { NULL, "Edge cases", NULL };
	struct result r;
	(void)state;
	import_file("edge.xml", &o, &r);
	assert_int_equal(r.rc, TM_OK);
	assert_int_equal(r.count, 6);
	assert_yaml_has(&r, "id: edge\ntitle: Edge cases\n");   /* id from the file name */
	assert_true(has_warning(&r, 3, "2 answers are worth 100%"));
	assert_true(has_warning(&r, 10, "no answer is worth 100%: skipped"));
	assert_true(has_warning(&r, 45, "at least 2 subquestions"));
	assert_true(has_warning(&r, 51, "no question text is left"));
	/* Latin letters kept, punctuation a dash; br, lists and paragraphs as lines;
	 * script dropped; '.', '(' escaped and blanks as \s+ in the pattern */
	assert_yaml_has(&r, "  - id: uber-grosse\n    type: short\n    prompt: |-\n"
			"      Line one\n      line two\n\n      - first\n      - second item\n\n"
			"      After & done\n    patterns:\n    - ^\\s*a\\.b\\s+\\(c\\).*\\s*$\n"
			"    explanation: Plain *markdown* kept.\n");
	assert_null(strstr(r.yaml, "alert"));
	assert_true(has_warning(&r, 15, "default grade '0'"));
	/* no usable name: question-N (its position); ids from idnumber made unique */
	assert_yaml_has(&r, "  - id: question-4\n    type: numeric\n");
	assert_yaml_has(&r, "  - id: tf-1\n    type: true-false\n    prompt: True?\n"
			"    answer: false\n");
	assert_yaml_has(&r, "  - id: tf-1-2\n");
	/* long names: ids cut to leave room for the suffix, 64 bytes at most (the
	 * fuzzer found a 66-byte one the loader refused) */
	assert_yaml_has(&r, "  - id: a-very-long-question-name-that-goes-on-and-on-well-past\n");
	assert_yaml_has(&r, "  - id: a-very-long-question-name-that-goes-on-and-on-well-past-2\n");
	assert_loads(r.yaml);
	result_release(&r);
}

static void test_bad_module_id(void **state)
{
	struct tm_import_options o = { "Not An Id", NULL, NULL };
	struct result r;
	(void)state;
	import_file("bank.xml", &o, &r);
	assert_int_equal(r.rc, TM_EUSAGE);
	assert_null(r.yaml);
	result_release(&r);
}

/* ---- safety ------------------------------------------------------------------------------ */

static void assert_entity_refused(const char *file, const char *entity)
{
	struct result r;
	char want[80];
	import_file(file, NULL, &r);
	assert_int_equal(r.rc, TM_EINVALID);
	assert_null(r.yaml);
	assert_int_equal(r.diags.count, 1);
	assert_int_equal(r.diags.items[0].line, 3);
	snprintf(want, sizeof(want), "declares the entity '%s'", entity);
	assert_non_null(strstr(r.diags.items[0].text, want));
	result_release(&r);
}

static void test_billion_laughs_refused(void **state)
{
	(void)state;
	assert_entity_refused("laughs.xml", "lol");
}

static void test_external_entities_refused(void **state)
{
	(void)state;
	assert_entity_refused("xxe.xml", "secret");
	assert_entity_refused("xxe-param.xml", "remote");
}

/* Refused with exit 2 and its place: the import reads nothing past it. */
static void assert_refused_at(const char *file, int line, int column, const char *text)
{
	struct result r;
	import_file(file, NULL, &r);
	assert_int_equal(r.rc, TM_EINVALID);
	assert_null(r.yaml);
	assert_int_equal(r.diags.count, 1);
	assert_int_equal(r.diags.items[0].line, line);
	assert_int_equal(r.diags.items[0].column, column);
	if (strstr(r.diags.items[0].text, text) == NULL)
		fail_msg("'%s' lacks '%s'", r.diags.items[0].text, text);
	result_release(&r);
}

/* A DOCTYPE with an external id made undeclared entities no error: &xxe;
 * vanished from the question without a word (rc 0). */
static void test_external_dtd_refused(void **state)
{
	(void)state;
	assert_refused_at("external-dtd.xml", 2, 1, "the DOCTYPE names an external DTD "
			  "('http://example.invalid/quiz.dtd')");
}

/* Beside a parameter entity reference an undeclared entity is no error
 * either: refused in text and in an attribute value; the five predefined
 * entities and character references before it are read. */
static void test_undeclared_entity_refused(void **state)
{
	(void)state;
	assert_refused_at("undeclared-entity.xml", 8, 46, "the entity reference '&xxe;' "
			  "names no entity XML knows");
	assert_refused_at("undeclared-entity-attr.xml", 9, 23, "the entity reference "
			  "'&hundred;' names no entity XML knows");
}

static void test_not_well_formed(void **state)
{
	struct result r;
	(void)state;
	import_file("broken.xml", NULL, &r);
	assert_int_equal(r.rc, TM_ESYNTAX);
	assert_null(r.yaml);
	/* the first error, where it is, not libxml2's last one */
	assert_int_equal(r.diags.items[0].line, 5);
	assert_int_equal(r.diags.items[0].column, 14);
	assert_non_null(strstr(r.diags.items[0].text, "opening and ending tag mismatch"));
	result_release(&r);

	import_buf("page.html", "<html><body/></html>", 20, NULL, &r);
	assert_int_equal(r.rc, TM_EINVALID);
	assert_non_null(strstr(r.diags.items[0].text, "not <quiz>"));
	result_release(&r);
}

static void test_size_cap(void **state)
{
	struct result r;
	size_t len = TM_IMPORT_MAX_BYTES + 1;
	char *big = calloc(len + 1, 1);
	(void)state;
	assert_non_null(big);
	memset(big, ' ', len);
	import_buf("big.xml", big, len, NULL, &r);
	assert_int_equal(r.rc, TM_ELIMIT);
	assert_non_null(strstr(r.diags.items[0].text, "16 MiB"));
	result_release(&r);
	free(big);
}

/* A Moodle XML bank of questions multichoice questions, about 1.7 KB of
 * text each (question, feedback, answers). Caller frees; *len its length. */
static char *big_bank(size_t questions, size_t *len)
{
	static const char text[] = "An attacker replays a stolen session token against "
		"the account service across the trust boundary. ";
	size_t size = questions * 2400 + 64, at = 0;
	char *xml = malloc(size);
	assert_non_null(xml);
	at += (size_t)snprintf(xml, size, "<?xml version=\"1.0\"?>\n<quiz>\n");
	for (size_t i = 0; i < questions; i++)
		at += (size_t)snprintf(xml + at, size - at,
			"<question type=\"multichoice\"><name><text>Q%zu</text></name>"
			"<questiontext><text>%s%s%s</text></questiontext>"
			"<generalfeedback><text>%s%s%s</text></generalfeedback>"
			"<answer fraction=\"100\"><text>Right %zu</text><feedback><text>%s"
			"</text></feedback></answer>"
			"<answer fraction=\"0\"><text>Wrong %zu</text><feedback><text>%s"
			"</text></feedback></answer></question>\n",
			i, text, text, text, text, text, text, i, text, i, text);
	at += (size_t)snprintf(xml + at, size - at, "</quiz>\n");
	assert_true(at < size);
	*len = at;
	return xml;
}

/* One question larger than a module file may be is refused with what to do
 * about that question, not "about 1 questions or fewer each". */
static void test_one_question_too_big(void **state)
{
	size_t n = TM_MAX_FILE_BYTES + 4096, size = n + 512, at = 0;
	struct tm_import_options o = { "big", "Big", NULL };
	struct result r;
	char *xml = malloc(size);
	(void)state;
	assert_non_null(xml);
	at += (size_t)snprintf(xml, size, "<?xml version=\"1.0\"?>\n<quiz><question "
			       "type=\"truefalse\"><name><text>Q</text></name>"
			       "<questiontext><text>");
	for (size_t i = 0; i < n; i++)
		xml[at++] = i % 8 == 7 ? ' ' : 'a';
	at += (size_t)snprintf(xml + at, size - at, "</text></questiontext><answer "
			       "fraction=\"100\"><text>true</text></answer><answer fraction=\"0\">"
			       "<text>false</text></answer></question></quiz>\n");
	assert_true(at < size);
	import_buf("big.xml", xml, at, &o, &r);
	assert_int_equal(r.rc, TM_ELIMIT);
	assert_null(r.yaml);
	assert_int_equal(r.diags.count, 1);
	assert_non_null(strstr(r.diags.items[0].text, "(1 question), over the 1048576-byte"));
	assert_non_null(strstr(r.diags.items[0].text, "a question is that large by itself"));
	assert_null(strstr(r.diags.items[0].text, "one category at a time"));
	result_release(&r);
	free(xml);
}

/* A bank whose module would be larger than a module file may be
 * (TM_MAX_FILE_BYTES), which validate and learn refuse, is refused with the
 * module's size and what to do, and no module is made; half of it imports. */
static void test_module_size_cap(void **state)
{
	struct tm_import_options o = { "big", "Big", NULL };
	struct result r;
	size_t len = 0;
	char *xml = big_bank(1400, &len);
	(void)state;
	import_buf("big.xml", xml, len, &o, &r);
	assert_int_equal(r.rc, TM_ELIMIT);
	assert_null(r.yaml);
	assert_int_equal(r.count, 0);
	assert_int_equal(r.diags.count, 1);
	assert_non_null(strstr(r.diags.items[0].text, "the module would be "));
	assert_non_null(strstr(r.diags.items[0].text, "(1400 questions), over the 1048576-byte "
				   "limit"));
	assert_non_null(strstr(r.diags.items[0].text, "one category at a time"));
	assert_false(has_warning(&r, 0, "placeholders"));
	result_release(&r);
	free(xml);

	xml = big_bank(700, &len);
	import_buf("half.xml", xml, len, &o, &r);
	assert_int_equal(r.rc, TM_OK);
	assert_true(r.len <= TM_MAX_FILE_BYTES);
	assert_int_equal(r.count, 700);
	result_release(&r);
	free(xml);
}

/* An element with thousands of attributes took libxml2 quadratic time (32,000:
 * 9 s): refused before parsing, at its place, past more than 256. Attributes
 * up to the limit, and '=' in comments, CDATA sections and attribute values,
 * are no reason. */
static char *crowded_bank(size_t attrs, const char *around)
{
	size_t size = attrs * 24 + 2 * strlen(around) + 1024, at = 0;
	char *xml = malloc(size);
	assert_non_null(xml);
	at += (size_t)snprintf(xml, size, "<?xml version=\"1.0\"?>\n%s\n<quiz>\n"
			       "  <question type=\"truefalse\"", around);
	for (size_t i = 1; i < attrs; i++)
		at += (size_t)snprintf(xml + at, size - at, " a%zu=\"v=%zu\"", i, i);
	at += (size_t)snprintf(xml + at, size - at, "><name><text>T</text></name>"
			       "<questiontext><text><![CDATA[%s]]></text></questiontext>"
			       "<answer fraction=\"100\"><text>true</text></answer>"
			       "<answer fraction=\"0\"><text>false</text></answer></question>\n"
			       "</quiz>\n", around);
	assert_true(at < size);
	return xml;
}

static void test_crowded_element_refused(void **state)
{
	struct tm_import_options o = { "crowded", "Crowded", NULL };
	char many[3000];
	struct result r;
	(void)state;
	for (size_t i = 0; i < 300; i++)
		memcpy(many + i * 9, "<x a=1 b=", 9);   /* not markup where it is */
	many[2700] = '\0';

	char *xml = crowded_bank(100000, "");
	import_buf("crowded.xml", xml, strlen(xml), &o, &r);
	assert_int_equal(r.rc, TM_ELIMIT);
	assert_null(r.yaml);
	assert_int_equal(r.diags.count, 1);
	assert_int_equal(r.diags.items[0].line, 4);
	assert_int_equal(r.diags.items[0].column, 3);
	assert_string_equal(r.diags.items[0].file, "crowded.xml");
	assert_non_null(strstr(r.diags.items[0].text, "element <question> has more than 256 "
				   "attributes"));
	result_release(&r);
	free(xml);

	xml = crowded_bank(257, "");
	import_buf("crowded.xml", xml, strlen(xml), &o, &r);
	assert_int_equal(r.rc, TM_ELIMIT);
	result_release(&r);
	free(xml);

	char comment[3100];
	snprintf(comment, sizeof(comment), "<!-- %s -->", many);
	xml = crowded_bank(256, comment);
	import_buf("crowded.xml", xml, strlen(xml), &o, &r);
	assert_int_equal(r.rc, TM_OK);
	assert_int_equal(r.count, 1);
	result_release(&r);
	free(xml);
}

/* ---- what a review found ----------------------------------------------------------------- */

/* Imports <quiz>BODY</quiz> (body as written) into r. */
static void import_quiz(const char *body, struct result *r)
{
	struct tm_import_options o = { "review", "Review", NULL };
	size_t len = strlen(body) + 64;
	char *xml = malloc(len);
	assert_non_null(xml);
	snprintf(xml, len, "<?xml version=\"1.0\"?>\n<quiz>\n%s</quiz>\n", body);
	import_buf("review.xml", xml, strlen(xml), &o, r);
	free(xml);
}

/* Checking that no 0% answer refuses a 100% one costs a fuzzy match per pair:
 * past a bound (five questions of 95 and 95 took 37 s) the import keeps the
 * rest unchecked and says so. */
static void test_rejected_check_bounded(void **state)
{
	size_t size = 64 * 1024, len = 0;
	char *body = malloc(size);
	struct result r;
	(void)state;
	assert_non_null(body);
	/* 100 x 100 matches a question: the third is past 20,000 */
	for (int q = 1; q <= 3; q++) {
		len += (size_t)snprintf(body + len, size - len, "<question type=\"shortanswer\">"
					"<name><text>Big%d</text></name><questiontext><text>"
					"Which one?</text></questiontext>\n", q);
		for (int i = 0; i < 100; i++)
			len += (size_t)snprintf(body + len, size - len, "<answer fraction=\"100\">"
						"<text>word%d alpha</text></answer>\n", i);
		for (int i = 0; i < 100; i++)
			len += (size_t)snprintf(body + len, size - len, "<answer fraction=\"0\">"
						"<text>thing%d beta %d</text></answer>\n", i, q);
		len += (size_t)snprintf(body + len, size - len, "</question>\n");
	}
	import_quiz(body, &r);
	assert_int_equal(r.rc, TM_OK);
	assert_true(has_warning(&r, 0, "question 'Big3': its rejected answers and those of the "
				"questions after it were not checked against the accepted answers"));
	assert_false(has_warning(&r, 0, "question 'Big2': its rejected answers"));
	assert_yaml_has(&r, "    - thing99 beta 3\n");   /* kept, unchecked */
	result_release(&r);
	free(body);
}

/* A tmdojo short question lists at most 100 accepted and 100 rejected answers:
 * those past them are dropped with a warning, and the module validates. */
static void test_short_answers_capped(void **state)
{
	size_t size = 64 * 1024, len = 0;
	char *body = malloc(size);
	struct result r;
	(void)state;
	assert_non_null(body);
	len += (size_t)snprintf(body + len, size - len, "<question type=\"shortanswer\">"
				"<name><text>Many</text></name><questiontext><text>Which one?"
				"</text></questiontext>\n");
	for (int i = 0; i < 102; i++)
		len += (size_t)snprintf(body + len, size - len, "<answer fraction=\"100\"><text>"
					"word%d alpha</text></answer>\n", i);
	for (int i = 0; i < 98; i++)
		len += (size_t)snprintf(body + len, size - len, "<answer fraction=\"0\"><text>"
					"thing%d beta</text></answer>\n", i);
	snprintf(body + len, size - len, "</question>\n");
	import_quiz(body, &r);
	assert_int_equal(r.rc, TM_OK);
	assert_true(has_warning(&r, 0, "answer 'word100 alpha' is past the 100 accepted answers "
				"a tmdojo short question lists: dropped"));
	assert_true(has_warning(&r, 0, "answer 'word101 alpha' is past the 100"));
	assert_yaml_has(&r, "    - word99 alpha\n");
	assert_null(strstr(r.yaml, "word100 alpha"));
	assert_loads(r.yaml);
	result_release(&r);
	free(body);
}

/* Many questions of one name: each try of "-2", "-3"... scanned every id so
 * far, cubic time (4,000 took 34 s); 9,000 (about as many as a module file of at
 * most TM_MAX_FILE_BYTES holds) now import at once. */
static void test_many_same_names(void **state)
{
	static const char tf[] =
		"<question type=\"truefalse\"><name><text>T</text></name><questiontext>"
		"<text>Q?</text></questiontext><answer fraction=\"100\"><text>true</text>"
		"</answer><answer fraction=\"0\"><text>false</text></answer></question>\n";
	size_t n = 9000, len = n * (sizeof(tf) - 1) + 1;
	char *body = malloc(len), *p = body;
	struct result r;
	(void)state;
	assert_non_null(body);
	for (size_t i = 0; i < n; i++, p += sizeof(tf) - 1)
		memcpy(p, tf, sizeof(tf) - 1);
	*p = '\0';
	import_quiz(body, &r);
	free(body);
	assert_int_equal(r.rc, TM_OK);
	assert_int_equal(r.count, n);
	assert_yaml_has(&r, "  - id: t\n");
	assert_yaml_has(&r, "  - id: t-2\n");
	assert_yaml_has(&r, "  - id: t-9000\n");
	assert_null(strstr(r.yaml, "id: t-9001\n"));
	result_release(&r);
}

/* A question with more answers than the import keeps is skipped with a
 * warning, whatever its type: true/false, short and numerical ones were cut
 * at the 200th answer without a word. */
static void test_too_many_answers(void **state)
{
	/* every type whose answers are <answer> elements (matching has
	 * <subquestion>s, which it keeps in a growing list) */
	static const char *const types[] = { "multichoice", "truefalse", "shortanswer",
					     "numerical", "ordering" };
	static const char ok[] =
		"<question type=\"truefalse\"><name><text>T</text></name><questiontext>"
		"<text>Q?</text></questiontext><answer fraction=\"100\"><text>true</text>"
		"</answer><answer fraction=\"0\"><text>false</text></answer></question>";
	char *body = malloc(64 * 1024);
	(void)state;
	assert_non_null(body);
	for (size_t t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
		struct result r;
		char *p = body;
		p += sprintf(p, "<question type=\"%s\"><name><text>Many</text></name>"
			     "<questiontext><text>Name one.</text></questiontext>"
			     "<generalfeedback><text>Why.</text></generalfeedback>", types[t]);
		for (int i = 0; i < 201; i++)
			p += sprintf(p, "<answer fraction=\"%d\"><text>%d</text></answer>",
				     i == 0 ? 100 : i + 1, i);
		sprintf(p, "</question>%s", ok);
		import_quiz(body, &r);
		if (r.rc != TM_OK || r.count != 1 ||
		    !has_warning(&r, 0, "question 'Many': more than 200 answers: skipped"))
			fail_msg("a %s question with 201 answers was not skipped with a warning "
				 "(rc %d, %zu imported)", types[t], r.rc, r.count);
		result_release(&r);
	}
	free(body);
}

/* Imports changed what is right without a word: a single-choice answer at 50%
 * became a plain wrong choice, a short answer '*' at 100% (anything is right)
 * vanished with its feedback, a numerical question's other units (g beside kg)
 * were dropped so that "4000 g" was wrong. */
static void test_meaning_changes_warned(void **state)
{
	struct result r;
	(void)state;
	import_quiz("<question type=\"multichoice\"><name><text>Half</text></name>"
		    "<questiontext><text>Pick</text></questiontext><single>true</single>"
		    "<answer fraction=\"100\"><text>a</text></answer>"
		    "<answer fraction=\"50\"><text>b</text></answer>"
		    "<answer fraction=\"0\"><text>c</text></answer></question>\n"
		    "<question type=\"shortanswer\"><name><text>Any</text></name>"
		    "<questiontext><text>Say</text></questiontext>"
		    "<answer fraction=\"100\"><text>yes</text></answer>"
		    "<answer fraction=\"100\"><text>*</text><feedback><text>Fine"
		    "</text></feedback></answer></question>\n"
		    "<question type=\"numerical\"><name><text>Anynum</text></name>"
		    "<questiontext><text>How many</text></questiontext>"
		    "<answer fraction=\"100\"><text>3</text></answer>"
		    "<answer fraction=\"100\"><text>*</text></answer></question>\n"
		    "<question type=\"numerical\"><name><text>Mass</text></name>"
		    "<questiontext><text>How heavy</text></questiontext>"
		    "<answer fraction=\"100\"><text>4</text></answer><units>"
		    "<unit><multiplier>1</multiplier><unit_name>kg</unit_name></unit>"
		    "<unit><multiplier>1000</multiplier><unit_name>g</unit_name></unit>"
		    "</units></question>\n",
		    &r);
	assert_int_equal(r.rc, TM_OK);
	assert_int_equal(r.count, 2);
	assert_true(has_warning(&r, 3, "answer 'b' is worth 50%; a tmdojo single-answer "
				"question gives no partial credit: it is a wrong choice"));
	assert_true(has_warning(&r, 4, "answer '*' is worth 100%: any answer is right in "
				"Moodle, which a tmdojo question cannot say: skipped"));
	assert_true(has_warning(&r, 5, "answer '*' is worth 100%"));
	assert_true(has_warning(&r, 6, "unit 'g' (multiplier '1000') has no tmdojo "
				"equivalent: dropped"));
	assert_null(strstr(r.yaml, "id: any"));
	assert_yaml_has(&r, "    answer: 4\n    unit: kg\n");
	assert_loads(r.yaml);
	result_release(&r);
}

/* <single> as Moodle's trans_single() reads it: "false", "0" and an empty
 * element are multiple-answer (PHP's !$name); "true", "1", any other text and
 * no element at all are single-answer. "0" and "" were read as single, so a
 * 50/50/-100 question was refused. */
static void test_multichoice_single_as_moodle(void **state)
{
	static const char *const multiple[] = { "<single>0</single>", "<single></single>",
						"<single/>", "<single> false </single>",
						"<single>false</single>" };
	static const char *const single[] = { "<single>1</single>", "<single>true</single>",
					      "" };
	char body[1024];
	struct result r;
	(void)state;
	for (size_t i = 0; i < sizeof(multiple) / sizeof(multiple[0]); i++) {
		snprintf(body, sizeof(body),
			 "<question type=\"multichoice\"><name><text>Both</text></name>"
			 "<questiontext><text>Pick</text></questiontext>%s"
			 "<answer fraction=\"50\"><text>a</text></answer>"
			 "<answer fraction=\"50\"><text>b</text></answer>"
			 "<answer fraction=\"-100\"><text>c</text></answer></question>\n",
			 multiple[i]);
		import_quiz(body, &r);
		if (r.rc != TM_OK || r.count != 1 || strstr(r.yaml, "type: multiple\n") == NULL)
			fail_msg("%s: not read as multiple-answer", multiple[i]);
		assert_loads(r.yaml);
		result_release(&r);
	}
	for (size_t i = 0; i < sizeof(single) / sizeof(single[0]); i++) {
		snprintf(body, sizeof(body),
			 "<question type=\"multichoice\"><name><text>One</text></name>"
			 "<questiontext><text>Pick</text></questiontext>%s"
			 "<answer fraction=\"100\"><text>a</text></answer>"
			 "<answer fraction=\"0\"><text>b</text></answer></question>\n",
			 single[i]);
		import_quiz(body, &r);
		if (r.rc != TM_OK || r.count != 1 || strstr(r.yaml, "type: single\n") == NULL)
			fail_msg("'%s': not read as single-answer", single[i]);
		result_release(&r);
	}
}

/* A matching subquestion whose text is only an image has no text left: it was
 * made an extra wrong answer, so its right answer became a wrong option and
 * the pair vanished. The question is skipped, naming the pair, as a question
 * whose own text is only an image is; an empty subquestion is still an extra
 * wrong answer. */
static void test_matching_image_only_subquestion(void **state)
{
	struct result r;
	(void)state;
	import_quiz("<question type=\"matching\"><name><text>Icons</text></name>"
		    "<questiontext><text>Match</text></questiontext>"
		    "<subquestion format=\"html\"><text><![CDATA[<p>Mask icon <img src=\"x.png\"></p>]]>"
		    "</text><answer><text>Spoofing</text></answer></subquestion>"
		    "<subquestion format=\"html\"><text><![CDATA[<p><img src=\"@@PLUGINFILE@@/pen.png\" "
		    "alt=\"pen\"></p>]]></text><answer><text>Tampering</text></answer></subquestion>"
		    "<subquestion format=\"html\"><text><![CDATA[<p>Shrug</p>]]></text>"
		    "<answer><text>Repudiation</text></answer></subquestion>"
		    "<subquestion format=\"html\"><text></text>"
		    "<answer><text>Denial of service</text></answer></subquestion></question>\n"
		    "<question type=\"matching\"><name><text>Words</text></name>"
		    "<questiontext><text>Match</text></questiontext>"
		    "<subquestion><text>Mask</text><answer><text>Spoofing</text></answer></subquestion>"
		    "<subquestion><text>Shrug</text><answer><text>Repudiation</text></answer>"
		    "</subquestion><subquestion><text> </text>"
		    "<answer><text>Tampering</text></answer></subquestion></question>\n",
		    &r);
	assert_int_equal(r.rc, TM_OK);
	assert_int_equal(r.count, 1);
	assert_null(strstr(r.yaml, "id: icons"));
	assert_true(has_warning(&r, 0, "the subquestion whose answer is 'Tampering' has no text "
				"left (only an image or media): skipped"));
	assert_yaml_has(&r, "    distractors:\n    - Tampering\n");
	result_release(&r);
}

/* Imports the questions in body (as import_quiz()) with the stop words of the
 * bundled lexicon, which *lex holds after (the caller frees it with
 * grader_lexicon_free()). */
static void import_quiz_lexicon(const char *body, struct grader_lexicon **lex, struct result *r)
{
	struct tm_import_options o = { "review", "Review", NULL };
	const char *src = getenv("TMDOJO_SRC");
	struct tm_diags d;
	size_t len = strlen(body) + 64;
	char *xml = malloc(len);
	assert_non_null(xml);
	tm_diags_init(&d);
	assert_int_equal(tm_lexicon_load(src != NULL ? src : ".", lex, &d), TM_OK);
	tm_diags_release(&d);
	o.lexicon = *lex;
	snprintf(xml, len, "<?xml version=\"1.0\"?>\n<quiz>\n%s</quiz>\n", body);
	import_buf("review.xml", xml, strlen(xml), &o, r);
	free(xml);
}

/* A 0% short answer with words is a near miss refused with its feedback: a
 * rejected answer; a partial one stays dropped, the catch-all stays the
 * incorrect feedback (and a rejected answer whose feedback repeats it leaves
 * it to it), and those the loader would refuse are dropped with a warning:
 * no words, a wildcard, an accepted answer too, stop words only, one that
 * would make an accepted answer wrong. */
static void test_shortanswer_rejected(void **state)
{
	struct grader_lexicon *lex = NULL;
	struct result r;
	(void)state;
	import_quiz_lexicon("<question type=\"shortanswer\"><name><text>Carding</text></name>"
		    "<questiontext><text>What is testing stolen cards called?</text>"
		    "</questiontext>"
		    "<answer fraction=\"100\"><text>card testing</text></answer>"
		    "<answer fraction=\"100\"><text>card checking</text></answer>"
		    /* first of the rejected: the one dropped, not the last */
		    "<answer fraction=\"0\"><text>card checking with many small charges at "
		    "one merchant's chekout page</text></answer>\n"
		    "<answer fraction=\"0\"><text>card cracking</text><feedback><text>It "
		    "guesses a card's expiry date.</text></feedback></answer>\n"
		    "<answer fraction=\"0\"><text>card skimming</text><feedback><text>Not "
		    "this one.</text></feedback></answer>\n"
		    "<answer fraction=\"0\"><text>card \\* fraud</text></answer>\n"
		    "<answer fraction=\"50\"><text>carding</text></answer>\n"
		    "<answer fraction=\"0\"><text>!!!</text></answer>\n"
		    "<answer fraction=\"0\"><text>card*</text></answer>\n"
		    "<answer fraction=\"0\"><text>Card Testing</text></answer>\n"
		    "<answer fraction=\"0\"><text>the</text></answer>\n"
		    "<answer fraction=\"100\"><text>card checking with many small charges at "
		    "one merchant's checkout page</text></answer>\n"
		    "<answer fraction=\"0\"><text>*</text><feedback><text>Not this one."
		    "</text></feedback></answer></question>\n",
		    &lex, &r);
	assert_int_equal(r.rc, TM_OK);
	assert_int_equal(r.count, 1);
	assert_yaml_has(&r, "    accept:\n    - card testing\n    - card checking\n"
			"    - card checking with many small charges at one merchant's checkout "
			"page\n"
			"    reject:\n"
			"    - answer: card cracking\n"
			"      feedback: It guesses a card's expiry date.\n"
			"    - card skimming\n"
			"    - card * fraud\n");
	assert_yaml_has(&r, "      incorrect: Not this one.\n");
	assert_null(strstr(r.yaml, "- carding\n"));
	assert_true(has_warning(&r, 0, "answer 'carding' is worth 50%"));
	assert_true(has_warning(&r, 0, "answer '!!!' is worth 0% and has no words: dropped"));
	assert_true(has_warning(&r, 0, "answer 'card*' is worth 0% with a wildcard, which a "
				"tmdojo rejected answer cannot hold: dropped"));
	assert_true(has_warning(&r, 0, "answer 'Card Testing' is worth both 0% and 100%: the "
				"0% one is dropped"));
	assert_true(has_warning(&r, 0, "answer 'the' is worth 0% and has only words tmdojo's "
				"grader leaves out (stop words): dropped"));
	assert_null(strstr(r.yaml, "- the\n"));
	/* the grader reads the typo at full similarity, letters past 64 bytes are
	 * not counted: the accepted answer would be refused */
	assert_true(has_warning(&r, 0, "is worth 0%, but tmdojo's fuzzy matcher would then "
				"refuse an accepted answer: dropped"));
	assert_null(strstr(r.yaml, "chekout"));
	assert_loads(r.yaml);
	result_release(&r);
	grader_lexicon_free(lex);
}

/* 0% answers in a row with one feedback (as the export writes an 'answers'
 * entry) come back as one entry listing them; others stay entries of their
 * own. */
static void test_rejected_same_feedback_grouped(void **state)
{
	struct result r;
	(void)state;
	import_quiz("<question type=\"shortanswer\"><name><text>Carding</text></name>"
		    "<questiontext><text>What is testing stolen cards called?</text>"
		    "</questiontext>"
		    "<answer fraction=\"100\"><text>card testing</text></answer>"
		    "<answer fraction=\"0\"><text>card skimming</text><feedback><text>That "
		    "copies cards.</text></feedback></answer>\n"
		    "<answer fraction=\"0\"><text>card cloning</text><feedback><text>That "
		    "copies cards.</text></feedback></answer>\n"
		    "<answer fraction=\"0\"><text>card cracking</text><feedback><text>It "
		    "guesses details.</text></feedback></answer>\n"
		    "<answer fraction=\"0\"><text>card shimming</text><feedback><text>That "
		    "copies cards.</text></feedback></answer></question>\n", &r);
	assert_int_equal(r.rc, TM_OK);
	assert_yaml_has(&r, "    reject:\n"
			"    - answers:\n"
			"      - card skimming\n"
			"      - card cloning\n"
			"      feedback: That copies cards.\n"
			"    - answer: card cracking\n"
			"      feedback: It guesses details.\n"
			"    - answer: card shimming\n"
			"      feedback: That copies cards.\n");
	assert_loads(r.yaml);
	result_release(&r);
}

/* Two answers of a multichoice, or two subquestions of a matching question,
 * that read alike apart from case and blanks: the loader refuses them (a
 * learner could not tell them apart), so the question is skipped. */
static void test_repeated_choices_skipped(void **state)
{
	struct result r;
	(void)state;
	import_quiz("<question type=\"multichoice\"><name><text>Dup</text></name>"
		    "<questiontext><text>Which?</text></questiontext><single>true</single>"
		    "<answer fraction=\"100\"><text>Spoofing</text></answer>"
		    "<answer fraction=\"0\"><text>Repudiation</text></answer>"
		    "<answer fraction=\"0\"><text> spoofing </text></answer></question>\n"
		    "<question type=\"matching\"><name><text>Pairs</text></name>"
		    "<questiontext><text>Match them.</text></questiontext>"
		    "<subquestion><text>guessable token</text><answer><text>Spoofing</text>"
		    "</answer></subquestion><subquestion><text>Guessable  token</text><answer>"
		    "<text>Tampering</text></answer></subquestion></question>\n"
		    "<question type=\"matching\"><name><text>Options</text></name>"
		    "<questiontext><text>Match them.</text></questiontext>"
		    "<subquestion><text>forged login</text><answer><text>Spoofing</text>"
		    "</answer></subquestion><subquestion><text>edited row</text><answer>"
		    "<text>Tampering</text></answer></subquestion><subquestion><text></text>"
		    "<answer><text>spoofing</text></answer></subquestion></question>\n"
		    "<question type=\"truefalse\"><name><text>Kept</text></name><questiontext>"
		    "<text>Q?</text></questiontext><answer fraction=\"100\"><text>true</text>"
		    "</answer><answer fraction=\"0\"><text>false</text></answer></question>\n",
		    &r);
	assert_int_equal(r.rc, TM_OK);
	assert_int_equal(r.count, 1);
	assert_true(has_warning(&r, 0, "answer 'spoofing' reads like 'Spoofing' but is written "
				"differently"));
	assert_true(has_warning(&r, 0, "answer 'spoofing' is there twice (case and blanks "
				"aside)"));
	assert_true(has_warning(&r, 0, "subquestion 'Guessable token' is there twice"));
	assert_loads(r.yaml);
	result_release(&r);
}

/* Modules that validate refused: C1 controls from &#x85; or &#x9b; (plain or
 * HTML text), an ordering item twice, a tolerance above the loader's 1e12. */
static void test_output_validates(void **state)
{
	struct result r;
	(void)state;
	import_quiz("<question type=\"truefalse\"><name><text>Ne&#x85;l</text></name>"
		    "<questiontext format=\"plain_text\"><text>One&#x85;two&#xFFFD;</text>"
		    "</questiontext><answer fraction=\"100\"><text>true</text></answer>"
		    "<answer fraction=\"0\"><text>false</text></answer></question>\n"
		    "<question type=\"truefalse\"><name><text>Csi</text></name>"
		    "<questiontext format=\"html\"><text>&lt;p&gt;Three&amp;#x9b;31m four"
		    "&amp;#xFFFF;&lt;/p&gt;</text></questiontext>"
		    "<answer fraction=\"100\"><text>true</text></answer>"
		    "<answer fraction=\"0\"><text>false</text></answer></question>\n"
		    "<question type=\"ordering\"><name><text>Twice</text></name>"
		    "<questiontext><text>Order</text></questiontext>"
		    "<answer fraction=\"1\"><text>a</text></answer>"
		    "<answer fraction=\"2\"><text>b</text></answer>"
		    "<answer fraction=\"3\"><text>a</text></answer></question>\n"
		    "<question type=\"numerical\"><name><text>Wide</text></name>"
		    "<questiontext><text>How many</text></questiontext>"
		    "<answer fraction=\"100\"><text>3</text><tolerance>2e12</tolerance>"
		    "</answer></question>\n",
		    &r);
	assert_int_equal(r.rc, TM_OK);
	assert_int_equal(r.count, 2);
	assert_true(has_warning(&r, 3, "removed the control character U+0085"));
	assert_true(has_warning(&r, 4, "question 'Csi': removed the control character U+009B"));
	assert_yaml_has(&r, "  - id: nel\n    type: true-false\n    prompt: Onetwo\xef\xbf\xbd\n");
	assert_yaml_has(&r, "    prompt: Three31m four\n");
	assert_true(has_warning(&r, 5, "item 'a' is there twice (case and blanks aside)"));
	assert_true(has_warning(&r, 6, "tolerance '2e12' is above 1e12"));
	assert_loads(r.yaml);
	result_release(&r);
}

/* strtod read "0x10" as 16 and a fraction "0x64" as 100%; Moodle (PHP) reads
 * plain decimals only. */
static void test_plain_decimals_only(void **state)
{
	struct result r;
	(void)state;
	import_quiz("<question type=\"multichoice\"><name><text>Hex</text></name>"
		    "<questiontext><text>Pick</text></questiontext>"
		    "<answer fraction=\"0x64\"><text>a</text></answer>"
		    "<answer fraction=\"0\"><text>b</text></answer></question>\n"
		    "<question type=\"numerical\"><name><text>Sixteen</text></name>"
		    "<questiontext><text>How many</text></questiontext>"
		    "<answer fraction=\"100\"><text>0x10</text></answer></question>\n"
		    "<question type=\"numerical\"><name><text>Exp</text></name>"
		    "<questiontext><text>How many</text></questiontext>"
		    "<answer fraction=\"1e2\"><text> -1.5e3 </text><tolerance>.5</tolerance>"
		    "</answer></question>\n",
		    &r);
	assert_int_equal(r.rc, TM_OK);
	assert_int_equal(r.count, 1);
	assert_true(has_warning(&r, 3, "fraction '0x64' is not a plain decimal number: skipped"));
	assert_true(has_warning(&r, 4, "answer '0x10' is not a number: dropped"));
	assert_yaml_has(&r, "  - id: exp\n    type: numeric\n    prompt: How many\n"
			"    answer: -1500\n    tolerance: 0.5\n");
	result_release(&r);
}

/* The default title read the last '/' of a category path, ignoring Moodle's
 * "//" escape of a literal slash. */
static void test_category_slash_escape(void **state)
{
	struct tm_import_options o = { "escaped", NULL, NULL };
	struct result r;
	static const char xml[] =
		"<quiz><question type=\"category\"><category><text>$course$/top/"
		"Threats // controls</text></category></question>\n"
		"<question type=\"truefalse\"><name><text>T</text></name><questiontext>"
		"<text>Q?</text></questiontext><answer fraction=\"100\"><text>true</text>"
		"</answer></question></quiz>\n";
	(void)state;
	import_buf("escaped.xml", xml, sizeof(xml) - 1, &o, &r);
	assert_int_equal(r.rc, TM_OK);
	assert_yaml_has(&r, "id: escaped\ntitle: Threats / controls\n");
	result_release(&r);
}

/* HTML deeper than the walker reads was dropped without a word, and the
 * question then said "no question text is left (only images?)". */
static void test_html_too_deep(void **state)
{
	struct result r;
	char body[8192], *p = body;
	(void)state;
	p += sprintf(p, "<question type=\"truefalse\"><name><text>Deep</text></name>"
		     "<questiontext format=\"html\"><text><![CDATA[");
	for (int i = 0; i < 250; i++)
		p += sprintf(p, "<b>");
	p += sprintf(p, "Deep]]></text></questiontext><answer fraction=\"100\"><text>true"
		     "</text></answer></question>\n<question type=\"truefalse\"><name><text>"
		     "Ok</text></name><questiontext><text>Q?</text></questiontext><answer "
		     "fraction=\"100\"><text>true</text></answer></question>\n");
	import_quiz(body, &r);
	assert_int_equal(r.rc, TM_OK);
	assert_int_equal(r.count, 1);
	assert_true(has_warning(&r, 3, "the question text: HTML nested deeper than 200 "
				"elements was left out"));
	assert_true(has_warning(&r, 3, "no question text is left: its HTML is nested too "
				"deeply"));
	assert_false(has_warning(&r, 3, "only images"));
	result_release(&r);
}

/* A link's target was dropped: "<a href=URL>the doc</a>" imported as "the
 * doc". http(s) and mailto targets are kept after the text, other schemes
 * dropped with a warning. */
static void test_links_kept(void **state)
{
	struct result r;
	(void)state;
	import_quiz("<question type=\"truefalse\"><name><text>Links</text></name>"
		    "<questiontext format=\"html\"><text><![CDATA[<p>See <a href=\""
		    "https://example.com/doc\">the doc</a>. Mail <a href=\"mailto:sec@example.com"
		    "\">sec@example.com</a> or <a href=\" MAILTO:a@b.c \">us</a>; <a href=\""
		    "http://x.org/\">http://x.org/</a> <a href=\"https://bare.example\"></a>"
		    "</p>]]></text></questiontext><answer fraction=\"100\"><text>true</text>"
		    "</answer></question>\n"
		    "<question type=\"truefalse\"><name><text>Bad</text></name>"
		    "<questiontext format=\"html\"><text><![CDATA[<p><a href=\"javascript:"
		    "alert(1)\">Click</a> or <a href=\"page.html\">there</a>?</p>]]></text>"
		    "</questiontext><answer fraction=\"100\"><text>true</text></answer>"
		    "</question>\n"
		    "<question type=\"truefalse\"><name><text>One</text></name>"
		    "<questiontext format=\"html\"><text><![CDATA[<a href=\"data:text/html,x\">"
		    "Data</a>?]]></text></questiontext><answer fraction=\"100\"><text>true"
		    "</text></answer></question>\n", &r);
	assert_int_equal(r.rc, TM_OK);
	assert_int_equal(r.count, 3);
	assert_yaml_has(&r, "See the doc (https://example.com/doc). Mail sec@example.com or us "
			"(MAILTO:a@b.c)");
	assert_yaml_has(&r, "http://x.org/ https://bare.example");
	assert_yaml_has(&r, "Click or there?");
	assert_null(strstr(r.yaml, "javascript"));
	assert_null(strstr(r.yaml, "page.html"));
	assert_null(strstr(r.yaml, "data:"));
	assert_true(has_warning(&r, 4, "question 'Bad': the question text: 2 link targets such "
				"as 'javascript:alert(1)' were dropped, the links' text kept "
				"(only http, https and mailto links are kept)"));
	assert_true(has_warning(&r, 5, "the link target 'data:text/html,x' was dropped"));
	assert_false(has_warning(&r, 3, "link"));
	assert_loads(r.yaml);
	result_release(&r);
}

/* A short answer of only stop words ("the" at 100%) was written as an
 * accepted answer, which validate refuses ("has only words the grader leaves
 * out"): with the content root's lexicon it is dropped, and a question left
 * with no answer skipped. Without a lexicon nothing is a stop word. */
static void test_stop_word_answers(void **state)
{
	static const char body[] =
		"<question type=\"shortanswer\"><name><text>Article</text></name>"
		"<questiontext><text>Which word?</text></questiontext>"
		"<answer fraction=\"100\"><text>the</text></answer></question>\n"
		"<question type=\"shortanswer\"><name><text>Mixed</text></name>"
		"<questiontext><text>Name the S in STRIDE</text></questiontext>"
		"<answer fraction=\"100\"><text>The</text></answer>"
		"<answer fraction=\"100\"><text>spoofing</text></answer></question>\n";
	struct tm_import_options o = { "review", "Review", NULL };
	struct grader_lexicon *lex = NULL;
	const char *src = getenv("TMDOJO_SRC");
	struct tm_diags d;
	struct result r;
	char xml[1024];
	(void)state;

	tm_diags_init(&d);
	assert_int_equal(tm_lexicon_load(src != NULL ? src : ".", &lex, &d), TM_OK);
	tm_diags_release(&d);
	o.lexicon = lex;
	snprintf(xml, sizeof(xml), "<?xml version=\"1.0\"?>\n<quiz>\n%s</quiz>\n", body);
	import_buf("review.xml", xml, strlen(xml), &o, &r);
	assert_int_equal(r.rc, TM_OK);
	assert_int_equal(r.count, 1);
	assert_true(has_warning(&r, 3, "question 'Article': answer 'the' has only words "
				"tmdojo's grader leaves out (stop words), so no answer could "
				"match it: dropped"));
	assert_true(has_warning(&r, 3, "question 'Article': no accepted answer is left: "
				"skipped"));
	assert_true(has_warning(&r, 4, "question 'Mixed': answer 'The' has only words"));
	assert_yaml_has(&r, "    accept:\n    - spoofing\n    explanation:");
	assert_null(strstr(r.yaml, "id: article"));
	result_release(&r);

	/* no lexicon: no stop words, nothing dropped */
	import_quiz(body, &r);
	assert_int_equal(r.rc, TM_OK);
	assert_int_equal(r.count, 2);
	assert_false(has_warning(&r, 0, "stop words"));
	result_release(&r);
	grader_lexicon_free(lex);
}

/* The answers are checked for stop words once every question is read, not in
 * a pass of their own before: the module and the warnings stay what they were.
 * A question skipped for its stop-word answer leaves its id to a later one
 * (foo, not foo-2); the drop comes before the question's later warnings; a
 * question with no text and only "the" is skipped for its answer; and past
 * TM_MAX_DIAGS warnings the count of those dropped is the same. */
static void test_stop_word_answers_after_reading(void **state)
{
	static const char head[] =
		"<?xml version=\"1.0\"?>\n<quiz>\n"
		"<question type=\"shortanswer\"><name><text>foo</text></name>"
		"<questiontext><text>Which word?</text></questiontext>"
		"<answer fraction=\"100\"><text>the</text></answer></question>\n"
		"<question type=\"shortanswer\"><name><text>foo</text></name>"
		"<questiontext><text>Which threat?</text></questiontext>"
		"<answer fraction=\"100\"><text>the</text></answer>"
		"<answer fraction=\"100\"><text>spoofing</text></answer></question>\n"
		"<question type=\"shortanswer\"><name><text>bare</text></name>"
		"<questiontext><text></text></questiontext>"
		"<answer fraction=\"100\"><text>the</text></answer></question>\n";
	struct tm_import_options o = { "review", "Review", NULL };
	struct grader_lexicon *lex = NULL;
	const char *src = getenv("TMDOJO_SRC");
	struct tm_diags d;
	struct result r;
	size_t size = 1200 * 300, len;
	char *xml = malloc(size);
	(void)state;

	assert_non_null(xml);
	tm_diags_init(&d);
	assert_int_equal(tm_lexicon_load(src != NULL ? src : ".", &lex, &d), TM_OK);
	tm_diags_release(&d);
	o.lexicon = lex;
	len = (size_t)snprintf(xml, size, "%s", head);
	for (int i = 0; i < 1100; i++)   /* one warning each: the fuzzy matcher's */
		len += (size_t)snprintf(
			xml + len, size - len,
			"<question type=\"shortanswer\"><name><text>Q%d</text></name>"
			"<questiontext><text>Say it</text></questiontext>"
			"<generalfeedback><text>Because.</text></generalfeedback>"
			"<answer fraction=\"100\"><text>tampering %d</text></answer>"
			"</question>\n",
			i, i);
	len += (size_t)snprintf(xml + len, size - len, "</quiz>\n");
	assert_true(len < size);
	import_buf("review.xml", xml, len, &o, &r);
	assert_int_equal(r.rc, TM_OK);
	assert_int_equal(r.count, 1101);
	assert_yaml_has(&r, "  - id: foo\n");
	assert_null(strstr(r.yaml, "id: foo-2"));
	assert_yaml_has(&r, "The answer: spoofing");
	assert_in_range(r.warnings.count, 9, TM_MAX_DIAGS + TM_DIAGS_SUMMARY_ROOM);
	assert_string_equal(r.warnings.items[0].text, "question 'foo': answer 'the' has only "
			    "words tmdojo's grader leaves out (stop words), so no answer could "
			    "match it: dropped");
	assert_string_equal(r.warnings.items[1].text,
			    "question 'foo': no accepted answer is left: skipped");
	assert_non_null(strstr(r.warnings.items[2].text, "question 'foo': answer 'the'"));
	assert_non_null(strstr(r.warnings.items[3].text, "question 'foo': accepted answers"));
	assert_non_null(strstr(r.warnings.items[4].text, "question 'foo': no general feedback"));
	assert_non_null(strstr(r.warnings.items[5].text, "question 'bare': answer 'the'"));
	assert_string_equal(r.warnings.items[6].text,
			    "question 'bare': no accepted answer is left: skipped");
	assert_non_null(strstr(r.warnings.items[7].text, "question 'Q0': accepted answers"));
	/* 7 of the first questions and 1,100 of the others, past the limit; the
	 * placeholders' one, the import's summary, kept after them */
	assert_int_equal(r.warnings.count, TM_MAX_DIAGS + 1);
	assert_int_equal(r.warnings.dropped, 7 + 1100 - TM_MAX_DIAGS);
	assert_non_null(strstr(r.warnings.items[TM_MAX_DIAGS].text, "placeholders"));
	assert_int_equal(r.warnings.dropped_errors, 0);
	result_release(&r);
	grader_lexicon_free(lex);
	free(xml);
}

/* The stop-word check once prepared a key per question (6.7 s for 30,000
 * questions); the bank's answers are now checked together, with one key:
 * an answer deep in the bank, a wildcard and a '\*' are told apart as before. */
static void test_stop_word_answers_many(void **state)
{
	struct tm_import_options o = { "review", "Review", NULL };
	struct grader_lexicon *lex = NULL;
	const char *src = getenv("TMDOJO_SRC");
	struct tm_diags d;
	struct result r;
	size_t size = 700 * 200, len;
	char *xml = malloc(size);
	(void)state;

	assert_non_null(xml);
	tm_diags_init(&d);
	assert_int_equal(tm_lexicon_load(src != NULL ? src : ".", &lex, &d), TM_OK);
	tm_diags_release(&d);
	o.lexicon = lex;
	len = (size_t)snprintf(xml, size, "<?xml version=\"1.0\"?>\n<quiz>\n");
	for (int i = 0; i < 600; i++)
		len += (size_t)snprintf(
			xml + len, size - len,
			"<question type=\"shortanswer\"><name><text>Q%d</text></name>"
			"<questiontext><text>Say it</text></questiontext>"
			"<answer fraction=\"100\"><text>%s</text></answer>"
			"<answer fraction=\"100\"><text>spoofing %d</text></answer>"
			"</question>\n",
			i, i == 300 ? "the" : i == 301 ? "the*" : i == 302 ? "the\\*" : "tampering",
			i);
	len += (size_t)snprintf(xml + len, size - len, "</quiz>\n");
	assert_true(len < size);
	import_buf("review.xml", xml, len, &o, &r);
	assert_int_equal(r.rc, TM_OK);
	assert_int_equal(r.count, 600);
	assert_true(has_warning(&r, 303, "question 'Q300': answer 'the' has only words"));
	assert_false(has_warning(&r, 304, "has only words"));   /* a pattern */
	assert_true(has_warning(&r, 305, "question 'Q302': answer 'the*' has only words"));
	for (size_t i = 0; i < r.warnings.count; i++)
		if (strstr(r.warnings.items[i].text, "has only words") != NULL)
			assert_in_set(r.warnings.items[i].line, ((uintmax_t[]){ 303, 305 }), 2);
	result_release(&r);
	grader_lexicon_free(lex);
	free(xml);
}

/* A wildcard answer such as a*a*a*a*b became '^\s*a.*a.*a.*a.*b\s*$', which
 * compiles but hits the match limit on a line like 'aaaa...': the import wrote
 * it and validate refused the module. It is dropped with the loader's words,
 * and a question left with no answer skipped. */
static void test_wildcard_match_limit(void **state)
{
	char path[] = "/tmp/tmdojo-import-limit-XXXXXX";
	struct tm_diags d;
	struct result r;
	(void)state;
	import_quiz("<question type=\"shortanswer\"><name><text>Wild</text></name>"
		    "<questiontext><text>Say it</text></questiontext>"
		    "<answer fraction=\"100\"><text>a*a*a*a*b</text></answer></question>\n"
		    "<question type=\"shortanswer\"><name><text>Both</text></name>"
		    "<questiontext><text>Say it</text></questiontext>"
		    "<answer fraction=\"100\"><text>a*a*a*a*b</text></answer>"
		    "<answer fraction=\"100\"><text>spoof*</text></answer></question>\n",
		    &r);
	assert_int_equal(r.rc, TM_OK);
	assert_int_equal(r.count, 1);
	assert_true(has_warning(&r, 3, "question 'Wild': a wildcard answer gives a pattern, "
				"'^\\s*a.*a.*a.*a.*b\\s*$', that hits the match limit on a "
				"line like 'aaaa"));
	assert_true(has_warning(&r, 3, "question 'Wild': no accepted answer is left: skipped"));
	assert_true(has_warning(&r, 4, "question 'Both': a wildcard answer gives a pattern"));
	assert_yaml_has(&r, "  - id: both\n    type: short\n    prompt: Say it\n"
			"    patterns:\n    - ^\\s*spoof.*\\s*$\n");
	assert_null(strstr(r.yaml, "a.*a.*"));

	/* and validate, which probes patterns, takes the module */
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, r.yaml, r.len), (ssize_t)r.len);
	close(fd);
	tm_diags_init(&d);
	assert_int_equal(tm_validate_path(path, NULL, &d), TM_OK);
	tm_diags_release(&d);
	unlink(path);
	result_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bank_loads),
		cmocka_unit_test(test_warnings_cut_between_characters),
		cmocka_unit_test(test_multichoice_single),
		cmocka_unit_test(test_multichoice_single_as_moodle),
		cmocka_unit_test(test_matching_image_only_subquestion),
		cmocka_unit_test(test_multichoice_multiple),
		cmocka_unit_test(test_truefalse),
		cmocka_unit_test(test_shortanswer),
		cmocka_unit_test(test_numerical),
		cmocka_unit_test(test_matching),
		cmocka_unit_test(test_ordering),
		cmocka_unit_test(test_unsupported_types_warn),
		cmocka_unit_test(test_nothing_importable),
		cmocka_unit_test(test_edge_cases),
		cmocka_unit_test(test_bad_module_id),
		cmocka_unit_test(test_billion_laughs_refused),
		cmocka_unit_test(test_external_entities_refused),
		cmocka_unit_test(test_external_dtd_refused),
		cmocka_unit_test(test_undeclared_entity_refused),
		cmocka_unit_test(test_not_well_formed),
		cmocka_unit_test(test_size_cap),
		cmocka_unit_test(test_module_size_cap),
		cmocka_unit_test(test_one_question_too_big),
		cmocka_unit_test(test_crowded_element_refused),
		cmocka_unit_test(test_many_same_names),
		cmocka_unit_test(test_too_many_answers),
		cmocka_unit_test(test_meaning_changes_warned),
		cmocka_unit_test(test_shortanswer_rejected),
		cmocka_unit_test(test_rejected_same_feedback_grouped),
		cmocka_unit_test(test_repeated_choices_skipped),
		cmocka_unit_test(test_rejected_check_bounded),
		cmocka_unit_test(test_short_answers_capped),
		cmocka_unit_test(test_output_validates),
		cmocka_unit_test(test_plain_decimals_only),
		cmocka_unit_test(test_category_slash_escape),
		cmocka_unit_test(test_html_too_deep),
		cmocka_unit_test(test_links_kept),
		cmocka_unit_test(test_stop_word_answers),
		cmocka_unit_test(test_stop_word_answers_many),
		cmocka_unit_test(test_stop_word_answers_after_reading),
		cmocka_unit_test(test_wildcard_match_limit),
	};
	return cmocka_run_group_tests_name("import", tests, NULL, NULL);
}
