/*
 * test_loader.c: the YAML tree and the content loader: every error kind with its
 * exact message and position, and the model built from valid content.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tmengine.h"
#include "model_internal.h"
#include "yamldoc.h"

#define FIXTURES "tests/fixtures"

/* ==== helpers ============================================================== */

static char tmpdir[256];

static int make_tmpdir(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/tmdojo-test-loader-XXXXXX");
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int remove_tmpdir(void **state)
{
	(void)state;
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Writes len bytes to tmpdir/name and returns the path (static buffer). */
static const char *write_file(const char *name, const char *data, size_t len)
{
	static char path[512];
	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
	return path;
}

/* d's diagnostics sorted, one per line as "line:column: text", with the base
 * name of their file in front when named is set ("key.yaml:6:15: ..."); d is
 * released. */
static char *diags_text(struct tm_diags *d, bool named)
{
	tm_diags_sort(d);
	size_t size = 1;
	for (size_t i = 0; i < d->count; i++)
		size += strlen(d->items[i].text) + 300;
	char *out = calloc(1, size);
	assert_non_null(out);
	for (size_t i = 0; i < d->count; i++) {
		const char *file = d->items[i].file != NULL ? d->items[i].file : "";
		const char *base = strrchr(file, '/');
		const char *name = !named ? "" : base != NULL ? base + 1 : file;
		char line[1500];
		snprintf(line, sizeof(line), "%s%s%d:%d: %s\n", name, named ? ":" : "",
			 d->items[i].line, d->items[i].column, d->items[i].text);
		strcat(out, line);
	}
	tm_diags_release(d);
	return out;
}

/* Validates path against the content root; returns the sorted diagnostics
 * formatted one per line, without the file name. */
static char *validate_in(const char *path, const char *root)
{
	struct tm_diags d;
	tm_diags_init(&d);
	tm_validate_path(path, root, &d);
	return diags_text(&d, false);
}

/* The same against the fixture content root. */
static char *validate(const char *path)
{
	return validate_in(path, FIXTURES "/content");
}

static void assert_validates_to(const char *path, const char *expected)
{
	char *got = validate(path);
	assert_string_equal(got, expected);
	free(got);
}

static int parse_buffer(const char *buf, size_t len, struct tm_diags *d)
{
	struct ydoc *doc = NULL;
	int rc = ydoc_parse("mem.yaml", buf, len, &doc, d);
	ydoc_free(doc);
	return rc;
}

/* ==== the YAML layer ============================================================ */

static void test_tree_positions(void **state)
{
	(void)state;
	static const char src[] = "a: 1\nlist:\n  - x\n  - {k: v}\n";
	struct tm_diags d;
	struct ydoc *doc = NULL;
	tm_diags_init(&d);
	assert_int_equal(ydoc_parse("m.yaml", src, strlen(src), &doc, &d), TM_OK);
	const struct ydoc_node *root = ydoc_root(doc);
	assert_int_equal(root->kind, YDOC_MAP);
	const struct ydoc_node *list = ydoc_get(root, "list");
	assert_int_equal(list->kind, YDOC_SEQ);
	assert_int_equal(list->count, 2);
	assert_string_equal(list->items[0]->value, "x");
	assert_int_equal(list->items[1]->line, 4);
	assert_int_equal(list->items[1]->column, 5);
	assert_string_equal(ydoc_get(list->items[1], "k")->value, "v");
	ydoc_free(doc);
	tm_diags_release(&d);
}

/* Nothing is expanded: each anchor and each alias is one error where it is
 * written, and the cost is that of reading the file once whatever the document
 * would expand to. */
static void test_alias_bomb_refused(void **state)
{
	(void)state;
	char *msg = validate(FIXTURES "/loader/alias-bomb.yaml");
	size_t lines = 0;
	for (const char *p = msg; *p != '\0'; p++)
		lines += *p == '\n';
	/* nine anchors, nine aliases on eight lines, and what the file is not */
	assert_int_equal(lines, 9 + 8 * 9 + 1);
	assert_non_null(strstr(msg, "1:4: anchors ('&a') are not supported; write the value out\n"
				    "2:4: anchors ('&b') are not supported; write the value out\n"
				    "2:8: aliases ('*a') are not supported; write the value out\n"));
	free(msg);
}

/* Anchors are refused where they are written, on a scalar, a list or a map, as
 * aliases are (docs/FORMAT.md). */
static void test_anchors_refused(void **state)
{
	(void)state;
	static const struct {
		const char *src, *want;
	} cases[] = {
		{ "id: x\nminutes: &m 12\n", "2:10: anchors ('&m') are not supported" },
		{ "id: x\nlist: &l\n  - a\n", "2:7: anchors ('&l') are not supported" },
		{ "id: x\nmap: &m\n  k: v\n", "2:6: anchors ('&m') are not supported" },
		{ "id: x\nk: *nowhere\n", "2:4: aliases ('*nowhere') are not supported" },
		/* both halves of a pair, every use of the alias */
		{ "id: x\nk: &t v\nj: *t\nl: [*t]\n",
		  "2:4: anchors ('&t') are not supported; write the value out\n"
		  "3:4: aliases ('*t') are not supported; write the value out\n"
		  "4:5: aliases ('*t') are not supported" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tm_diags d;
		struct ydoc *doc = NULL;
		char where[600];
		tm_diags_init(&d);
		/* reported, but the tree is built: the file's other errors come too */
		assert_int_equal(ydoc_parse("m.yaml", cases[i].src, strlen(cases[i].src), &doc,
					    &d), TM_OK);
		assert_non_null(doc);
		assert_non_null(ydoc_get(ydoc_root(doc), "id"));
		ydoc_free(doc);
		size_t len = 0;
		for (size_t k = 0; k < d.count; k++)
			len += (size_t)snprintf(where + len, sizeof(where) - len, "%s%d:%d: %s",
						k > 0 ? "\n" : "", d.items[k].line,
						d.items[k].column, d.items[k].text);
		if (strstr(where, cases[i].want) != where)
			fail_msg("case %zu: got '%s', want '%s'", i, where, cases[i].want);
		tm_diags_release(&d);
	}
}

static void test_depth_limit(void **state)
{
	(void)state;
	char buf[400];
	memset(buf, '[', 200);
	buf[200] = '\0';
	struct tm_diags d;
	tm_diags_init(&d);
	assert_int_equal(parse_buffer(buf, 200, &d), TM_ELIMIT);
	assert_int_equal(d.count, 1);
	assert_string_equal(d.items[0].text, "nesting deeper than 64 levels");
	assert_int_equal(d.items[0].line, 1);
	assert_int_equal(d.items[0].column, 65);
	tm_diags_release(&d);
}

static void test_node_limit(void **state)
{
	(void)state;
	size_t n = TM_MAX_YAML_NODES + 10;
	char *buf = malloc(n * 2 + 3);
	assert_non_null(buf);
	size_t len = 0;
	buf[len++] = '[';
	for (size_t i = 0; i < n; i++) {
		buf[len++] = '1';
		buf[len++] = ',';
	}
	buf[len - 1] = ']';
	struct tm_diags d;
	tm_diags_init(&d);
	assert_int_equal(parse_buffer(buf, len, &d), TM_ELIMIT);
	assert_non_null(strstr(d.items[0].text, "more than 200000 nodes"));
	tm_diags_release(&d);
	free(buf);
}

static void test_nul_byte(void **state)
{
	(void)state;
	static const char src[] = "id: a\ntitle: b\0c\n";
	struct tm_diags d;
	tm_diags_init(&d);
	assert_int_equal(parse_buffer(src, sizeof(src) - 1, &d), TM_ESYNTAX);
	assert_string_equal(d.items[0].text, "NUL byte in file; save it as plain UTF-8 text");
	assert_int_equal(d.items[0].line, 2);
	assert_int_equal(d.items[0].column, 9);
	tm_diags_release(&d);
}

static void test_duplicate_key(void **state)
{
	(void)state;
	static const char src[] = "a: 1\nb: 2\na: 3\n";
	struct tm_diags d;
	struct ydoc *doc = NULL;
	tm_diags_init(&d);
	assert_int_equal(ydoc_parse("m.yaml", src, strlen(src), &doc, &d), TM_OK);
	assert_int_equal(d.count, 1);
	assert_string_equal(d.items[0].text, "duplicate key 'a' (first at line 1)");
	assert_int_equal(d.items[0].line, 3);
	ydoc_free(doc);
	tm_diags_release(&d);
}

static void test_two_documents(void **state)
{
	(void)state;
	static const char src[] = "a: 1\n---\nb: 2\n";
	struct tm_diags d;
	tm_diags_init(&d);
	assert_int_equal(parse_buffer(src, strlen(src), &d), TM_ESYNTAX);
	assert_string_equal(d.items[0].text, "more than one YAML document in the file; keep one");
	tm_diags_release(&d);
}

static void test_suggest(void **state)
{
	(void)state;
	static const char *const words[] = { "title", "summary", "minutes", NULL };
	assert_string_equal(ydoc_suggest("sumary", words), "summary");
	assert_string_equal(ydoc_suggest("titel", words), "title");
	assert_null(ydoc_suggest("zzzzzzzz", words));
	/* a word that differs only in case always gets the lowercase name */
	static const char *const steps[] = { "read", "assets", "threats", "top-three", NULL };
	assert_string_equal(ydoc_suggest("READ", steps), "read");
	assert_string_equal(ydoc_suggest("Assets", steps), "assets");
	assert_string_equal(ydoc_suggest("TOP-THREE", steps), "top-three");
	assert_string_equal(ydoc_suggest("SUMARY", words), "summary");
}

/* One table of question type names: what tm_question_type_name() gives back is
 * what the loader accepts, one distinct name per type. */
static void test_question_type_names(void **state)
{
	(void)state;
	for (int t = 0; t < TM_Q_TYPE_COUNT; t++) {
		const char *name = tm_question_type_name((enum tm_question_type)t);
		assert_ptr_equal(name, tm_question_type_names[t]);
		for (int u = 0; u < t; u++)
			assert_string_not_equal(name, tm_question_type_names[u]);
	}
	assert_null(tm_question_type_names[TM_Q_TYPE_COUNT]);
	assert_string_equal(tm_question_type_name(TM_Q_TYPE_COUNT), "unknown");
	assert_string_equal(tm_question_type_name(TM_Q_THREAT_LIST), "threat-list");
}

/* ==== file-level errors ============================================================== */

static void test_three_errors_in_one_run(void **state)
{
	(void)state;
	assert_validates_to(FIXTURES "/loader/three-errors.yaml",
		"6:5: unknown key 'bdy' in lesson; did you mean 'body'?\n"
		"10:15: unknown question type 'multi'; use single, multiple, true-false, short, "
		"ordering, matching, numeric or threat-list\n"
		"13:15: unknown exercise 'no-such-exercise'; add "
		"exercises/no-such-exercise/exercise.yaml or fix the id\n");
}

/* A tag ('!!str', '!custom', '!!python/object:...') is an error where it is
 * written, on a scalar, a list or a map, instead of being dropped silently:
 * every one in one run, and the rest of the file is checked too. */
static void test_tags_refused(void **state)
{
	(void)state;
	assert_validates_to(FIXTURES "/loader/tags-key.yaml",
		"4:12: tag '!!str' is not supported: remove the tag; tmdojo reads plain YAML\n"
		"6:15: tag '!custom' is not supported: remove the tag; tmdojo reads plain YAML\n"
		"7:5: tag '!!python/object:os.system' is not supported: remove the tag; tmdojo "
		"reads plain YAML\n"
		"10:13: tag '!!seq' is not supported: remove the tag; tmdojo reads plain YAML\n");
	struct tm_diags d;
	tm_diags_init(&d);
	assert_int_equal(parse_buffer("k: !<tag:example.com:x> v\n", 26, &d), TM_OK);
	assert_int_equal(d.count, 1);
	assert_string_equal(d.items[0].text, "tag 'tag:example.com:x' is not supported: remove "
			    "the tag; tmdojo reads plain YAML");
	tm_diags_release(&d);
}

/* A tag, an anchor or an alias does not hide the file's other errors
 * (docs/FORMAT.md: only a YAML syntax error stops the reading of a file): a
 * module with a tag, an unknown question type and a control character reports
 * all of them in one run. An alias reads as an empty value. */
static void test_tags_do_not_hide_other_errors(void **state)
{
	(void)state;
	static const char src[] =
		"id: tagged\n"
		"title: !!str M\n"
		"objectives: [Show every error in one run]\n"
		"items:\n"
		"  - quiz: Check\n"
		"    questions:\n"
		"      - id: q1\n"
		"        type: shortt\n"
		"        prompt: Pick one\n"
		"        explanation: \"Because \\e[31m red.\"\n"
		"  - lesson: &l Intro\n"
		"    body: *l\n"
		"summary: [done]\n";
	const char *path = write_file("tagged.yaml", src, sizeof(src) - 1);
	assert_validates_to(path,
		"2:8: tag '!!str' is not supported: remove the tag; tmdojo reads plain YAML\n"
		"8:15: unknown question type 'shortt'; did you mean 'short'?\n"
		"10:22: this text holds the control character U+001B (character 9): remove it; "
		"terminals act on it and the LMS exports cannot hold it\n"
		"11:13: anchors ('&l') are not supported; write the value out\n"
		"12:11: aliases ('*l') are not supported; write the value out\n"
		"12:11: 'body' is empty: write it\n");
}

/* Every bad pattern is reported, also in a threat with other errors. */
static void test_key_errors(void **state)
{
	(void)state;
	assert_validates_to(FIXTURES "/loader/bad-key.yaml",
		"5:38: unknown STRIDE category 'spofing'; did you mean 'spoofing'?\n"
		"6:15: unknown severity 'hgh'; did you mean 'high'?\n"
		"7:16: pattern '(x': missing closing parenthesis (at offset 2)\n"
		"12:16: pattern 'ab(c': missing closing parenthesis (at offset 4)\n"
		"12:30: pattern 'de[f': missing terminating ] for character class "
		"(at offset 4)\n"
		"13:9: duplicate threat id 'K01' (first at line 3)\n");
}

static void test_tab_indentation(void **state)
{
	(void)state;
	assert_validates_to(FIXTURES "/loader/tab.yaml",
		"3:1: tab character where YAML expects spaces; indent with spaces\n");
}

/* Every line indented with a tab is reported, not only the first that stops
 * libyaml; a tab after the indentation of a block text above it is text. */
static void test_every_tab_reported(void **state)
{
	(void)state;
	static const char src[] =
		"id: m\n"
		"title: M\n"
		"objectives: [o]\n"
		"items:\n"
		"  - lesson: L\n"
		"    body: |\n"
		"      code:\n"
		"      \tindented\n"
		"\t - lesson: L2\n"
		"      body: B\n"
		"  \tsummary: [s]\n"
		"\n"
		"\t\n";
	const char *path = write_file("tabs.yaml", src, sizeof(src) - 1);
	assert_validates_to(path,
		"9:1: tab character where YAML expects spaces; indent with spaces\n"
		"11:3: tab character where YAML expects spaces; indent with spaces\n");
}

/* A line of nothing but a tab (or a tab and a CR) where libyaml stops is
 * reported like any tab: it used to be passed over as blank, and the file failed
 * without a word. */
static void test_blank_tab_line_reported(void **state)
{
	(void)state;
	static const char *const cases[] = {
		"foo: bar\n\t\n", "foo: bar\r\n\t\r\n", "foo: bar\n\t", "foo: bar\n\t \n",
		"threats:\n  - title: Guessable survey links\n\t\n",
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tm_diags d;
		tm_diags_init(&d);
		assert_int_equal(parse_buffer(cases[i], strlen(cases[i]), &d), TM_ESYNTAX);
		assert_int_equal(d.count, 1);
		assert_string_equal(d.items[0].text,
				    "tab character where YAML expects spaces; indent with spaces");
		assert_int_equal(d.items[0].line, i == 4 ? 3 : 2);
		assert_int_equal(d.items[0].column, 1);
		tm_diags_release(&d);
	}
}

/* Parses buf and checks the invariant: a parse that fails reports at least one
 * diagnostic (callers print the list, and an empty list reads as "ok"). */
static void assert_failure_reported(const char *buf, size_t len)
{
	struct tm_diags d;
	tm_diags_init(&d);
	int rc = parse_buffer(buf, len, &d);
	if (rc != TM_OK && d.count == 0)
		fail_msg("parse failed (%s) without a diagnostic: '%.*s'", tm_strerror(rc),
			 (int)len, buf);
	tm_diags_release(&d);
}

/* The invariant over many broken inputs: every seed of the content fuzz target
 * and every loader fixture, cut at every byte and with a tab, a CR, a quote, a
 * colon, a dash, a bracket or an anchor put in at every byte. */
static void test_parse_failure_always_reported(void **state)
{
	(void)state;
	static const char *const files[] = {
		"tests/fuzz/corpus/fuzz_content/basics.yaml",
		"tests/fuzz/corpus/fuzz_content/exercise-seed.yaml",
		"tests/fuzz/corpus/fuzz_content/key.yaml",
		"tests/fuzz/corpus/fuzz_content/tab.yaml",
		"tests/fuzz/corpus/fuzz_content/three-errors.yaml",
		"tests/fuzz/corpus/fuzz_content/lexicon-payloads.yaml",
		FIXTURES "/loader/three-errors.yaml",
	};
	static const char inserts[] = "\t\r\"':-[{&*!%|>\n";
	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		char *buf = NULL;
		size_t len = 0;
		struct tm_diags d;
		tm_diags_init(&d);
		assert_int_equal(tm_read_file(files[f], 1 << 20, &buf, &len, &d), TM_OK);
		tm_diags_release(&d);
		if (len > 2000)
			len = 2000;   /* the mutations below are quadratic */
		char *m = malloc(len + 1);
		assert_non_null(m);
		for (size_t at = 0; at <= len; at++) {
			assert_failure_reported(buf, at);
			for (size_t k = 0; k < sizeof(inserts) - 1; k++) {
				memcpy(m, buf, at);
				m[at] = inserts[k];
				memcpy(m + at + 1, buf + at, len - at);
				assert_failure_reported(m, len + 1);
			}
		}
		free(m);
		free(buf);
	}
}

/* libyaml's syntax errors in plain words, at the problem's line:column, with
 * where the enclosing list or mapping starts and what to do. */
/* A plain key past libyaml's 1024-character limit is named as too long, not as
 * missing its ':' (which is there); a real missing ':' still says so. */
static void test_long_key(void **state)
{
	(void)state;
	size_t n = 2000;
	char *src = malloc(n + 32);
	struct tm_diags d;
	assert_non_null(src);
	memset(src, 'k', n);
	memcpy(src + n, ": v\n", 5);
	tm_diags_init(&d);
	assert_int_equal(parse_buffer(src, strlen(src), &d), TM_ESYNTAX);
	assert_true(d.count > 0);
	assert_non_null(strstr(d.items[0].text, "a key longer than 1024 characters"));
	tm_diags_release(&d);
	free(src);
	static const char missing[] = "id: a\ntitle\n  x\nb: c\n";
	tm_diags_init(&d);
	if (parse_buffer(missing, strlen(missing), &d) == TM_ESYNTAX) {
		assert_true(d.count > 0);
		assert_null(strstr(d.items[0].text, "1024"));
	}
	tm_diags_release(&d);
}

static void test_syntax_error_advice(void **state)
{
	(void)state;
	static const struct {
		const char *src, *want;
	} cases[] = {
		{ "id: a\nitems:\n  - a: 1\n    b: 2\n   c: 3\n",
		  "5:4: yaml syntax error: expected a '- ' item or the end of the list (in the list "
		  "that starts at 3:3): check the indentation of this line against the lines "
		  "above it" },
		{ "id: a\nlist:\n  - a\n - c\n",
		  "4:2: yaml syntax error: expected a 'key:' or the end of the mapping (in the "
		  "mapping that starts at 1:1): check the indentation of this line against the "
		  "lines above it (the keys of one mapping start at the same column)" },
		{ "id: a\ntitle: Note: read this\n",
		  "2:12: yaml syntax error: ': ' where no key can start: put quotes around a value "
		  "that holds ': ' (title: \"Note: read this\"), or check the indentation of this "
		  "line against the line above it" },
		{ "id: a\ntitle: \"open\nx: 1\n",
		  "4:1: yaml syntax error: the quoted text is never closed (in the quoted text "
		  "that starts at 2:8): add the closing quote" },
		{ "id: a\nlist: [a, b\nx: 1\n",
		  "3:2: yaml syntax error: expected ',' or ']' (in the [ ] list that starts at "
		  "2:7): close the [ ] list with ']', and separate its items with ','" },
		{ "id: a\ntitle: @home\n",
		  "2:8: yaml syntax error: a value cannot start with '@': put the value in quotes" },
		/* libyaml reads %YAML 1.1 and 1.2 only, and says "incompatible document" */
		{ "%YAML 1.3\n---\nid: a\n",
		  "1:1: directive '%YAML 1.3' is not supported: use %YAML 1.1 or 1.2, or remove "
		  "the directive" },
		{ "# old\n%YAML 1.0  # comment\n---\nid: a\n",
		  "2:1: directive '%YAML 1.0' is not supported: use %YAML 1.1 or 1.2, or remove "
		  "the directive" },
		{ "%YAML 2.0\n---\nid: a\n",
		  "1:1: directive '%YAML 2.0' is not supported: use %YAML 1.1 or 1.2, or remove "
		  "the directive" },
		/* text after a directive was "text after '|' or '>' on its line", which
		 * only a block text's header line means */
		{ "%YAML 1.1 extra\n---\nid: a\n",
		  "1:11: yaml syntax error: text after the %YAML directive: the line holds only "
		  "'%YAML 1.1' or '%YAML 1.2'" },
		{ "%TAG ! tag:x extra\n---\nid: a\n",
		  "1:14: yaml syntax error: text after the %TAG directive: remove the directive: "
		  "tmdojo reads plain YAML, without tags" },
		{ "%YAML 1.1\n---\nid: a\ntext: | extra\n  b\n",
		  "4:9: yaml syntax error: text after '|' or '>' on its line (in the block text "
		  "that starts at 4:7): start the block text on the next line" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tm_diags d;
		char got[600];
		tm_diags_init(&d);
		assert_int_equal(parse_buffer(cases[i].src, strlen(cases[i].src), &d), TM_ESYNTAX);
		assert_int_equal(d.count, 1);
		snprintf(got, sizeof(got), "%d:%d: %s", d.items[0].line, d.items[0].column,
			 d.items[0].text);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("case %zu: got '%s', want '%s'", i, got, cases[i].want);
		tm_diags_release(&d);
	}
}

static void test_bom_accepted(void **state)
{
	(void)state;
	assert_validates_to(FIXTURES "/loader/bom-key.yaml", "");
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	assert_validates_to(FIXTURES "/loader/latin1.yaml",
		"2:11: not UTF-8 text (byte 0xe9 here): save the file as UTF-8 (e.g. iconv -f "
		"latin1 -t utf-8)\n");
}

/* A Latin-1 byte inside a line is reported at itself, not at the byte after it
 * (libyaml's "invalid trailing UTF-8 octet"); a UTF-16 file is refused, though
 * libyaml would read it; a control character is named as one. */
static void test_encoding_errors(void **state)
{
	(void)state;
	static const struct {
		const char *src;
		size_t len;
		const char *want;
	} cases[] = {
		{ "id: intro\ntitle: caf\xe9 au lait\n", 0,
		  "2:11: not UTF-8 text (byte 0xe9 here): save the file as UTF-8 (e.g. iconv -f "
		  "latin1 -t utf-8)" },
		{ "id: intro\ntitle: caf\xe9 au l\xe8t\n", 0,
		  "2:11: not UTF-8 text (byte 0xe9 here, and more further on): save the file as "
		  "UTF-8 (e.g. iconv -f latin1 -t utf-8)" },
		{ "\xff\xfei\0d\0:\0 \0x\0\n\0", 14,
		  "1:1: this is UTF-16 text: save the file as UTF-8 (e.g. iconv -f utf-16 -t "
		  "utf-8)" },
		{ "\xfe\xff\0i\0d\0:\0 \0x\0\n", 14,
		  "1:1: this is UTF-16 text: save the file as UTF-8 (e.g. iconv -f utf-16 -t "
		  "utf-8)" },
		{ "id: x\ntitle: a\x1b[2Jb\n", 0,
		  "2:9: a control character (0x1b) in the text: delete it (text holds no control "
		  "characters but tabs and line breaks)" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tm_diags d;
		char got[600];
		size_t len = cases[i].len ? cases[i].len : strlen(cases[i].src);
		tm_diags_init(&d);
		assert_int_equal(parse_buffer(cases[i].src, len, &d), TM_ESYNTAX);
		assert_int_equal(d.count, 1);
		snprintf(got, sizeof(got), "%d:%d: %s", d.items[0].line, d.items[0].column,
			 d.items[0].text);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("case %zu: got '%s', want '%s'", i, got, cases[i].want);
		tm_diags_release(&d);
	}
}

static void test_empty_file(void **state)
{
	(void)state;
	/* validated on its own, an empty file has no kind to name */
	assert_validates_to(FIXTURES "/loader/empty.yaml",
			    "1:1: the file is empty: write a course, module, exercise, key or "
			    "lexicon\n");
}

static void test_directory_as_module(void **state)
{
	(void)state;
	char dir[300], sub[320];
	snprintf(dir, sizeof(dir), "%s/c1", tmpdir);
	mkdir(dir, 0700);
	snprintf(sub, sizeof(sub), "%s/m.yaml", dir);
	mkdir(sub, 0700);
	static const char course[] = "id: c1\ntitle: T\npart: 1\nsummary: S\nminutes: 5\n"
				     "objectives: [o]\nmodules: [m.yaml]\n";
	write_file("c1/course.yaml", course, sizeof(course) - 1);
	/* at the listing, not as a file of its own without a line */
	char expected[600];
	snprintf(expected, sizeof(expected), "7:11: module file 'm.yaml' is a directory; list a "
		 "module's YAML file in %s instead, or remove the entry\n", dir);
	assert_validates_to(dir, expected);
}

static void test_file_over_cap(void **state)
{
	(void)state;
	size_t len = TM_MAX_FILE_BYTES + 1;
	char *big = malloc(len);
	assert_non_null(big);
	memset(big, '#', len);
	const char *path = write_file("big.yaml", big, len);
	free(big);
	assert_validates_to(path, "0:0: file is 1048577 bytes, over the 1048576-byte limit; split it\n");
}

static void test_wrong_types_and_empty_lists(void **state)
{
	(void)state;
	static const char src[] =
		"id: types\n"
		"title: [not, text]\n"
		"minutes: soon\n"
		"objectives: []\n"
		"items:\n"
		"  - quiz: Q\n"
		"    pass_mark: 140\n"
		"    questions:\n"
		"      - id: n1\n"
		"        type: numeric\n"
		"        prompt: P\n"
		"        explanation: E\n"
		"        answer: six\n"
		"        choices: []\n"
		"summary: [s]\n";
	const char *path = write_file("types.yaml", src, sizeof(src) - 1);
	assert_validates_to(path,
		"2:8: 'title' must be text, not a list\n"
		"3:10: 'minutes' must be a whole number, not text\n"
		"4:13: 'objectives' must not be empty\n"
		"7:16: 'pass_mark' must be between 0 and 100, not 140\n"
		"13:17: 'answer' must be a number, not 'six'\n"
		"14:18: 'choices' does not apply to numeric questions\n");
}

/* Required text that is blank, quoted or not, is empty, at the value: a course's
 * title, summary and objectives, a module's title, a lesson, a question's prompt,
 * hints, explanation and accepted answers, a module's summary; an optional text
 * given as "" too (a numeric question's answer: not also "not a number"). */
static void test_empty_texts(void **state)
{
	(void)state;
	char dir[300];
	snprintf(dir, sizeof(dir), "%s/blank", tmpdir);
	mkdir(dir, 0700);
	static const char course[] =
		"id: blank\ntitle: \" \"\npart: 1\nsummary: \"\"\nminutes: 5\n"
		"objectives: [\"\"]\nmodules: [m.yaml]\n";
	static const char module[] =
		"id: m\ntitle: ''\nobjectives: [o]\nitems:\n"
		"  - lesson: \"\"\n"
		"    body: \"\"\n"
		"  - quiz: Q\n"
		"    questions:\n"
		"      - id: q1\n"
		"        type: numeric\n"
		"        prompt: \"\"\n"
		"        explanation: \" \"\n"
		"        hints: [\"\"]\n"
		"        answer: \"\"\n"
		"        unit: \"\"\n"
		"summary: [\"  \"]\n";
	write_file("blank/course.yaml", course, sizeof(course) - 1);
	write_file("blank/m.yaml", module, sizeof(module) - 1);
	char *got = validate(dir);
	assert_string_equal(got,
		"2:8: 'title' is empty: write it\n"
		"4:10: 'summary' is empty: write it\n"
		"6:14: an item of 'objectives' is empty: write it, or delete it\n"
		"2:8: 'title' is empty: write it\n"
		"5:13: 'lesson' is empty: write it\n"
		"6:11: 'body' is empty: write it\n"
		"11:17: 'prompt' is empty: write it\n"
		"12:22: 'explanation' is empty: write it\n"
		"13:17: an item of 'hints' is empty: write it, or delete it\n"
		"14:17: 'answer' is empty: write it\n"
		"15:15: 'unit' is empty: write it\n"
		"16:11: an item of 'summary' is empty: write it, or delete it\n");
	free(got);
}

/* Control characters (written as YAML escapes) are refused wherever they are,
 * keys too, each at its text, and the rest of the file is still read: a
 * terminal acts on them and the LMS exports' XML cannot hold them. Tabs and
 * line breaks are text. */
static void test_control_characters(void **state)
{
	(void)state;
	char dir[300];
	snprintf(dir, sizeof(dir), "%s/controls", tmpdir);
	mkdir(dir, 0700);
	static const char course[] =
		"id: controls\ntitle: \"Bell \\a course\"\npart: 1\nsummary: s\nminutes: 5\n"
		"objectives: [\"tab\\there, line\\nbreak\"]\nmodules: [m.yaml]\n";
	static const char module[] =
		"id: m\ntitle: \"Esc \\e[2J\"\nobjectives: [o]\nitems:\n"
		"  - lesson: L\n"
		"    body: \"C1 \\x9b and U+FFFF \\uffff\"\n"
		"  - quiz: Q\n"
		"    questions:\n"
		"      - id: q1\n"
		"        type: true-false\n"
		"        prompt: \"\"\n"
		"        explanation: \"del \\x7f\"\n"
		"        answer: true\n"
		"summary: [s]\n";
	write_file("controls/course.yaml", course, sizeof(course) - 1);
	write_file("controls/m.yaml", module, sizeof(module) - 1);
	char *got = validate(dir);
	assert_string_equal(got,
		"2:8: this text holds the control character U+0007 (character 6): remove it; "
		"terminals act on it and the LMS exports cannot hold it\n"
		"2:8: this text holds the control character U+001B (character 5): remove it; "
		"terminals act on it and the LMS exports cannot hold it\n"
		"6:11: this text holds the control character U+009B (character 4): remove it; "
		"terminals act on it and the LMS exports cannot hold it\n"
		"11:17: 'prompt' is empty: write it\n"
		"12:22: this text holds the control character U+007F (character 5): remove it; "
		"terminals act on it and the LMS exports cannot hold it\n");
	free(got);
}

/* A carriage return reached a scalar only through a double-quoted escape
 * ("a\rb": libyaml turns raw CR and CR LF line breaks into LF), passed
 * validate and was printed raw by show, while design.md refuses a lone CR:
 * refused in any scalar, "\r\n" too; raw CR LF line ends stay fine. */
static void test_carriage_return_in_scalars(void **state)
{
	(void)state;
	char dir[300];
	snprintf(dir, sizeof(dir), "%s/cr", tmpdir);
	mkdir(dir, 0700);
	static const char course[] =
		"id: cr\r\ntitle: \"Carriage \\r return\"\r\npart: 1\r\nsummary: s\r\n"
		"minutes: 5\r\nobjectives: [\"two\\r\\nlines\"]\r\nmodules: [m.yaml]\r\n";
	static const char module[] =
		"id: m\ntitle: 'single \\r quoted'\nobjectives: [o]\nitems:\n"
		"  - lesson: L\n"
		"    body: \"raw\rbreak and a \\t tab\"\n"
		"summary: [s]\n";
	write_file("cr/course.yaml", course, sizeof(course) - 1);
	write_file("cr/m.yaml", module, sizeof(module) - 1);
	char *got = validate(dir);
	assert_string_equal(got,
		"2:8: this text holds the control character U+000D (character 10): remove it; "
		"a CR moves the terminal's cursor back over the line (\\n starts a new line)\n"
		"6:14: this text holds the control character U+000D (character 4): remove it; "
		"a CR moves the terminal's cursor back over the line (\\n starts a new line)\n");
	free(got);
}

/* 'part' is a whole number from 1 or a lowercase name (docs/FORMAT.md), in a
 * course as in an exercise. */
static void test_course_part(void **state)
{
	(void)state;
	static const struct {
		const char *part;
		bool ok;
	} cases[] = {
		{ "1", true }, { "3", true }, { "201", true }, { "refresher", true },
		{ "part-two", true }, { "-1", false }, { "1.5", false }, { "\"Part One\"", false },
		{ "0", false }, { "07", false }, { "1000", false }, { "Refresher", false },
	};
	char dir[300];
	snprintf(dir, sizeof(dir), "%s/parts", tmpdir);
	mkdir(dir, 0700);
	static const char module[] = "id: m\ntitle: M\nobjectives: [o]\n"
				     "items:\n  - lesson: L\n    body: B\nsummary: [s]\n";
	write_file("parts/m.yaml", module, sizeof(module) - 1);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char course[300], want[300];
		int n = snprintf(course, sizeof(course), "id: parts\ntitle: T\npart: %s\n"
				 "summary: S\nminutes: 5\nobjectives: [o]\nmodules: [m.yaml]\n",
				 cases[i].part);
		write_file("parts/course.yaml", course, (size_t)n);
		char *got = validate(dir);
		if (cases[i].ok) {
			want[0] = '\0';
		} else {
			const char *bare = cases[i].part[0] == '"' ? "Part One" : cases[i].part;
			snprintf(want, sizeof(want), "3:7: 'part' must be a whole number from 1 to "
				 "999 (1, 2, 3, 201) or a lowercase name such as refresher, not '%s'\n",
				 bare);
		}
		if (strcmp(got, want) != 0)
			fail_msg("part %s: got '%s', want '%s'", cases[i].part, got, want);
		free(got);
	}
}

/* Makes tmpdir/name a content root whose lexicon has the stop words "the" and
 * "a"; returns its path (static buffer). */
static const char *stop_word_root(const char *name)
{
	static char root[300];
	char path[340], file[340];
	snprintf(root, sizeof(root), "%s/%s", tmpdir, name);
	mkdir(root, 0700);
	snprintf(path, sizeof(path), "%s/lexicon", root);
	mkdir(path, 0700);
	static const char lexicon[] = "stopwords: [the, a]\n";
	snprintf(file, sizeof(file), "%s/lexicon/en.yaml", name);
	write_file(file, lexicon, sizeof(lexicon) - 1);
	return root;
}

/* An accepted short answer with no words ("", "  ", "!!!") can never be matched,
 * nor one of stop words only ("the", with a lexicon that says so): each is an
 * error at the answer. */
static void test_accepted_answers_need_words(void **state)
{
	(void)state;
	const char *root = stop_word_root("acc");
	static const char module[] =
		"id: m\ntitle: M\nobjectives: [o]\nitems:\n"
		"  - quiz: Q\n"
		"    questions:\n"
		"      - id: q1\n"
		"        type: short\n"
		"        prompt: Which class?\n"
		"        explanation: E.\n"
		"        accept: [\"\", \"  \", \"!!!\", \"the\", secret, \"the vault\"]\n"
		"summary: [s]\n";
	const char *m = write_file("acc/m.yaml", module, sizeof(module) - 1);
	char *got = validate_in(m, root);
	assert_string_equal(got,
		"11:18: an item of 'accept' is empty: write it, or delete it\n"
		"11:22: an item of 'accept' is empty: write it, or delete it\n"
		"11:28: accepted answer '!!!' has no words in it, so no answer can match it: "
		"write the answer, or delete it\n"
		"11:35: accepted answer 'the' has only words the grader leaves out (stop words), "
		"so no answer can match it: name what makes the answer right\n");
	free(got);
}

/* A short question's rejected answers: each needs words (the accepted
 * answers' checks and wording), may not be an accepted answer too (case and
 * blanks aside), may not make an accepted answer wrong when graded, and an
 * entry's keys are checked like any mapping's. */
static void test_rejected_answers_checked(void **state)
{
	(void)state;
	const char *root = stop_word_root("rej");
	static const char module[] =
		"id: m\ntitle: M\nobjectives: [o]\nitems:\n"
		"  - quiz: Q\n"
		"    questions:\n"
		"      - id: q1\n"
		"        type: short\n"
		"        prompt: Which fraud tests stolen cards?\n"
		"        explanation: E.\n"
		"        accept: [card testing, card checking]\n"
		"        reject:\n"
		"          - \"!!!\"\n"
		"          - the\n"
		"          - \" Card  Testing\"\n"
		"          - {answer: card skimming, feedbak: Skimming copies cards.}\n"
		"          - [card fraud]\n"
		"          - {answer: card cracking, feedback: It guesses a card's CVV.}\n"
		"summary: [s]\n";
	const char *m = write_file("rej/m.yaml", module, sizeof(module) - 1);
	char *got = validate_in(m, root);
	assert_string_equal(got,
		"13:13: rejected answer '!!!' has no words in it, so no answer can match it: "
		"write the answer, or delete it\n"
		"14:13: rejected answer 'the' has only words the grader leaves out (stop words), "
		"so no answer can match it: name what makes the answer wrong\n"
		"15:13: rejected answer ' Card  Testing' is also accepted (line 11): keep it in "
		"one list\n"
		"16:37: unknown key 'feedbak' in rejected answer; did you mean 'feedback'?\n"
		"17:13: items of 'reject' must be text or a mapping with 'answer' (or 'answers') "
		"and 'feedback', not a list\n");
	free(got);
	/* sound entries, but the accepted answer is graded wrong: the grader reads
	 * the typo at full similarity and letters are not counted past 64 bytes */
	static const char refused[] =
		"id: m\ntitle: M\nobjectives: [o]\nitems:\n"
		"  - quiz: Q\n"
		"    questions:\n"
		"      - id: q1\n"
		"        type: short\n"
		"        prompt: Which fraud tests stolen cards?\n"
		"        explanation: E.\n"
		"        accept: [card testing, card checking with many small charges at one "
		"merchant's checkout page]\n"
		"        reject: [card checking with many small charges at one merchant's chekout "
		"page]\n"
		"summary: [s]\n";
	m = write_file("rej/m.yaml", refused, sizeof(refused) - 1);
	got = validate_in(m, root);
	assert_string_equal(got,
		"11:32: accepted answer 'card checking with many small charges at one merchant's "
		"checkout page' would be graded wrong: it is at least as like the rejected answer "
		"'card checking with many small charges at one merchant's chekout page' as like any "
		"accepted answer; reword one of them\n");
	free(got);
}

/* A short question's distractors: each needs words, is no accepted answer and
 * is listed once; no accepted answer may name one when graded (a list of
 * options is refused: session 14, shotgun answers). */
static void test_distractors_checked(void **state)
{
	(void)state;
	const char *root = stop_word_root("dis");
	static const char module[] =
		"id: m\ntitle: M\nobjectives: [o]\nitems:\n"
		"  - quiz: Q\n"
		"    questions:\n"
		"      - id: q1\n"
		"        type: short\n"
		"        prompt: Which STRIDE category is Log4Shell?\n"
		"        explanation: E.\n"
		"        accept: [elevation of privilege, elevation of privilege or spoofing]\n"
		"        distractors: [spoofing, \"!!!\", the, \" Elevation of  Privilege\", Spoofing]\n"
		"summary: [s]\n";
	const char *m = write_file("dis/m.yaml", module, sizeof(module) - 1);
	char *got = validate_in(m, root);
	/* the accepted answer naming a distractor is told beside the distractors'
	 * own errors, not once they are fixed */
	assert_string_equal(got,
		"11:42: accepted answer 'elevation of privilege or spoofing' would be graded "
		"wrong: it names the distractor 'spoofing'; reword one of them\n"
		"12:33: distractor '!!!' has no words in it, so no answer can match it: write "
		"the answer, or delete it\n"
		"12:40: distractor 'the' has only words the grader leaves out (stop words), so no "
		"answer can match it: name what makes the answer wrong\n"
		"12:45: distractor ' Elevation of  Privilege' is also accepted (line 11): keep it "
		"in one list\n"
		"12:73: distractor 'Spoofing' is listed twice (first at line 12)\n");
	free(got);
	/* sound entries, but an accepted answer lists a distractor beside the
	 * right one; a distractor is for short (and matching) questions only */
	static const char named[] =
		"id: m\ntitle: M\nobjectives: [o]\nitems:\n"
		"  - quiz: Q\n"
		"    questions:\n"
		"      - id: q1\n"
		"        type: short\n"
		"        prompt: Which STRIDE category is Log4Shell?\n"
		"        explanation: E.\n"
		"        accept: [elevation of privilege, elevation of privilege or spoofing]\n"
		"        distractors: [spoofing, tampering]\n"
		"      - id: q2\n"
		"        type: single\n"
		"        prompt: Which?\n"
		"        explanation: E.\n"
		"        choices: [{text: a, correct: true}, {text: b}]\n"
		"        distractors: [c]\n"
		"summary: [s]\n";
	m = write_file("dis/m.yaml", named, sizeof(named) - 1);
	got = validate_in(m, root);
	assert_string_equal(got,
		"11:42: accepted answer 'elevation of privilege or spoofing' would be graded "
		"wrong: it names the distractor 'spoofing'; reword one of them\n"
		"18:22: 'distractors' does not apply to single questions\n");
	free(got);
}

/* An entry names one answer ('answer') or a list sharing its feedback
 * ('answers'), not both, not neither; each answer of a list is checked like
 * any rejected answer, at its own place. */
static void test_rejected_answers_lists(void **state)
{
	(void)state;
	const char *root = stop_word_root("rejl");
	static const char module[] =
		"id: m\ntitle: M\nobjectives: [o]\nitems:\n"
		"  - quiz: Q\n"
		"    questions:\n"
		"      - id: q1\n"
		"        type: short\n"
		"        prompt: Which fraud tests stolen cards?\n"
		"        explanation: E.\n"
		"        accept: [card testing, card checking]\n"
		"        reject:\n"
		"          - {answer: card cracking, answers: [card guessing]}\n"
		"          - {feedback: Nothing to refuse.}\n"
		"          - {answers: [], feedback: F.}\n"
		"          - {answers: [card skimming, the, Card Testing], feedback: F.}\n"
		"          - {answers: [card cloning, [x]]}\n"
		"summary: [s]\n";
	const char *m = write_file("rejl/m.yaml", module, sizeof(module) - 1);
	char *got = validate_in(m, root);
	assert_string_equal(got,
		"13:13: a rejected answer needs either 'answer' (one text) or 'answers' (a list "
		"sharing its feedback), not both\n"
		"14:13: a rejected answer needs either 'answer' (one text) or 'answers' (a list "
		"sharing its feedback)\n"
		"15:23: 'answers' is empty: list the rejected answers\n"
		"16:39: rejected answer 'the' has only words the grader leaves out (stop words), "
		"so no answer can match it: name what makes the answer wrong\n"
		"16:44: rejected answer 'Card Testing' is also accepted (line 11): keep it in one "
		"list\n"
		"17:38: items of 'answers' must be text, not a list\n");
	free(got);
}

/* A module of q short questions, each with n accepted and m rejected answers,
 * the last with a hint when hint; its text (caller frees). */
static char *short_module(int q, int n, int m, bool hint, size_t *len)
{
	size_t size = (size_t)q * (size_t)(n + m) * 32 + 1024 * (size_t)q;
	char *module = malloc(size);
	assert_non_null(module);
	*len = (size_t)snprintf(module, size, "id: m\ntitle: M\nobjectives: [o]\nitems:\n"
				"  - quiz: Q\n    questions:\n");
	for (int k = 0; k < q; k++) {
		*len += (size_t)snprintf(module + *len, size - *len, "      - id: q%d\n"
					 "        type: short\n        prompt: Which one?\n"
					 "        explanation: E.\n", k);
		if (hint && k == q - 1)
			*len += (size_t)snprintf(module + *len, size - *len,
						 "        hints: [Think of the protocol.]\n");
		*len += (size_t)snprintf(module + *len, size - *len, "        accept:\n");
		for (int i = 0; i < n; i++)
			*len += (size_t)snprintf(module + *len, size - *len,
						 "          - word%d alpha\n", i);
		if (m > 0)
			*len += (size_t)snprintf(module + *len, size - *len, "        reject:\n");
		for (int i = 0; i < m; i++)
			*len += (size_t)snprintf(module + *len, size - *len,
						 "          - thing%d beta\n", i);
	}
	*len += (size_t)snprintf(module + *len, size - *len, "summary: [s]\n");
	return module;
}

/* Grading a short question's own texts (accepted answers against rejected ones,
 * hints as answers) costs a fuzzy match per pair and about twenty per text
 * prepared: past a budget (a module of 300 and 300 took minutes, ten questions
 * of 3,000 answers and a hint 15 s) validate says, once for each check, what
 * it left unchecked instead of running on. */
static void test_rejected_answers_check_bounded(void **state)
{
	(void)state;
	const char *root = stop_word_root("rejbound");
	size_t len;
	/* 26,000 a question of 100 and 100: the sixth question's 73rd accepted
	 * answer (line 1115) is past 150,000; its hint (line 1041) is not graded either */
	char *module = short_module(6, 100, 100, true, &len);
	const char *m = write_file("rejbound/m.yaml", module, len);
	char *got = validate_in(m, root);
	assert_non_null(strstr(got, "1115:13: accepted answers from here on were not graded "
			       "against their rejected answers (more than 150000 fuzzy matches"));
	assert_non_null(strstr(got, "1041:16: hints from here on were not graded as answers "
			       "(more than 150000 fuzzy matches"));
	free(got);
	free(module);
}

/* A short question lists at most 100 accepted and 100 rejected answers: each
 * is prepared for matching when an answer is graded. */
static void test_short_answers_at_most_100(void **state)
{
	(void)state;
	const char *root = stop_word_root("rejmax");
	size_t len;
	char *module = short_module(1, 101, 101, false, &len);
	const char *m = write_file("rejmax/m.yaml", module, len);
	char *got = validate_in(m, root);
	assert_non_null(strstr(got, "112:13: a short question lists at most 100 accepted "
			       "answers, and this is one more"));
	assert_non_null(strstr(got, "214:13: a short question lists at most 100 rejected "
			       "answers, and this is one more"));
	free(got);
	free(module);
}

/* A short question's patterns get the key's checks with the key's messages: one
 * that hits the match limit (a right answer would silently fail at run time),
 * one that can match an empty text, one that does not compile. */
static void test_short_patterns_checked_like_keys(void **state)
{
	(void)state;
	static const char module[] =
		"id: sp\ntitle: S\nobjectives: [o]\nitems:\n"
		"  - quiz: Q\n"
		"    questions:\n"
		"      - id: q1\n"
		"        type: short\n"
		"        prompt: Which class?\n"
		"        explanation: E.\n"
		"        patterns: ['(\\w+\\s?)+:|\\bsecret\\b', 'x*', 'a(', '\\bvault\\b']\n"
		"summary: [s]\n";
	const char *path = write_file("sp.yaml", module, sizeof(module) - 1);
	assert_validates_to(path,
		"11:20: pattern '(\\w+\\s?)+:|\\bsecret\\b' hits the match limit on a line like "
		"'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...', and would count as no match there: "
		"avoid nested repetition such as (a+)+ or (\\w+\\s?)*, and more than two .* in a row\n"
		"11:45: pattern 'x*': pattern can match an empty text, so it would credit every "
		"line: make every alternative need at least one character (at offset 0)\n"
		"11:51: pattern 'a(': missing closing parenthesis (at offset 2)\n");

	/* the same patterns in a key: the same messages, word for word */
	static const char key[] =
		"threats:\n"
		"  - id: T1\n"
		"    title: Secrets in the repository\n"
		"    stride: [information-disclosure]\n"
		"    severity: high\n"
		"    patterns: ['(\\w+\\s?)+:|\\bsecret\\b', 'x*', 'a(', '\\bvault\\b']\n";
	path = write_file("spkey.yaml", key, sizeof(key) - 1);
	assert_validates_to(path,
		"6:16: pattern '(\\w+\\s?)+:|\\bsecret\\b' hits the match limit on a line like "
		"'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...', and would count as no match there: "
		"avoid nested repetition such as (a+)+ or (\\w+\\s?)*, and more than two .* in a row\n"
		"6:41: pattern 'x*': pattern can match an empty text, so it would credit every "
		"line: make every alternative need at least one character (at offset 0)\n"
		"6:47: pattern 'a(': missing closing parenthesis (at offset 2)\n");
}

/* A pattern that matches an off-topic line ('.', '.+', '\S', '\w', and those
 * that match nearly every answer: 'e', '[aeiou]', '\w\w', '.{3}', '\s') would
 * credit "I have no idea": refused in a short question and in a key alike,
 * naming the line it matched, while one that needs a word ('\bvault\b') is
 * not. */
#define OFF_TOPIC_ADVICE(what) \
	"so it would credit nearly any " what ": make it require the words that say what " \
	"is right (such as '\\bcsrf\\b')\n"
static void test_patterns_matching_anything_refused(void **state)
{
	(void)state;
	static const char module[] =
		"id: pa\ntitle: P\nobjectives: [o]\nitems:\n"
		"  - quiz: Q\n"
		"    questions:\n"
		"      - id: q1\n"
		"        type: short\n"
		"        prompt: Where are secrets kept?\n"
		"        explanation: E.\n"
		"        patterns: ['.', '.+', '\\S', '\\bvault\\b', 'e', '[aeiou]', '\\w\\w',\n"
		"                   '.{3}', '\\s', '\\d']\n"
		"summary: [s]\n";
	const char *path = write_file("pa.yaml", module, sizeof(module) - 1);
	assert_validates_to(path,
		"11:20: pattern '.' matches the off-topic line 'x', " OFF_TOPIC_ADVICE("answer")
		"11:25: pattern '.+' matches the off-topic line 'x', " OFF_TOPIC_ADVICE("answer")
		"11:31: pattern '\\S' matches the off-topic line 'x', " OFF_TOPIC_ADVICE("answer")
		"11:50: pattern 'e' matches the off-topic line 'I have no idea', "
		OFF_TOPIC_ADVICE("answer")
		"11:55: pattern '[aeiou]' matches the off-topic line 'I have no idea', "
		OFF_TOPIC_ADVICE("answer")
		"11:66: pattern '\\w\\w' matches the off-topic line 'I have no idea', "
		OFF_TOPIC_ADVICE("answer")
		"12:20: pattern '.{3}' matches the off-topic line 'I have no idea', "
		OFF_TOPIC_ADVICE("answer")
		"12:28: pattern '\\s' matches the off-topic line 'I have no idea', "
		OFF_TOPIC_ADVICE("answer")
		"12:34: pattern '\\d' matches the off-topic line '42', " OFF_TOPIC_ADVICE("answer"));

	static const char key[] =
		"threats:\n"
		"  - id: T1\n"
		"    title: Secrets in the repository\n"
		"    stride: [information-disclosure]\n"
		"    severity: high\n"
		"    patterns: ['\\w', '\\bvault\\b', '[aeiou]']\n";
	path = write_file("pakey.yaml", key, sizeof(key) - 1);
	assert_validates_to(path,
		"6:16: pattern '\\w' matches the off-topic line 'x', " OFF_TOPIC_ADVICE("line")
		"6:35: pattern '[aeiou]' matches the off-topic line 'I have no idea', "
		OFF_TOPIC_ADVICE("line"));
}

/* A pattern over the 1,000-byte limit, or nested too deeply, is quoted
 * shortened (cut before a whole UTF-8 character, with "..."), so that the
 * reason still shows: the whole pattern filled the message before. */
static void test_long_pattern_message_keeps_reason(void **state)
{
	(void)state;
	char long_pat[1 + 500 * 2 + 1], deep[40 * 4 + 1 + 40 + 1], key[2400], want[600];
	size_t n = 0;

	long_pat[n++] = 'x';
	for (int i = 0; i < 500; i++) {   /* 'é' is two bytes: the cut falls inside one */
		long_pat[n++] = '\xc3';
		long_pat[n++] = '\xa9';
	}
	long_pat[n] = '\0';
	n = 0;
	for (int i = 0; i < 40; i++) {
		memcpy(deep + n, "(?:a", 4);
		n += 4;
	}
	deep[n++] = 'b';
	for (int i = 0; i < 40; i++)
		deep[n++] = ')';
	deep[n] = '\0';
	snprintf(key, sizeof(key),
		 "threats:\n"
		 "  - id: T1\n"
		 "    title: Secrets in the repository\n"
		 "    stride: [information-disclosure]\n"
		 "    severity: high\n"
		 "    patterns:\n"
		 "      - '%s'\n"
		 "      - '%s'\n",
		 long_pat, deep);
	const char *path = write_file("longpat.yaml", key, strlen(key));
	char shown[80];
	memcpy(shown, long_pat, 79);   /* 'x' and 39 whole characters */
	shown[79] = '\0';
	snprintf(want, sizeof(want),
		 "7:9: pattern '%s...': pattern longer than 1000 bytes (at offset 1000)\n"
		 "8:9: pattern '(?:a(?:a(?:a(?:a(?:a(?:a(?:a(?:a(?:a(?:a(?:a(?:a(?:a(?:a(?:a(?:a(?:a"
		 "(?:a(?:a(?:a...': parentheses are too deeply nested (at offset 131)\n",
		 shown);
	assert_validates_to(path, want);
}

/* Two choices, or two left sides of a matching question, that read alike (case
 * and blanks aside) are refused, as two ordering items are: the learner could
 * not tell them apart. Right sides may repeat (two threats, one category). */
static void test_duplicate_choices_and_lefts(void **state)
{
	(void)state;
	static const char module[] =
		"id: dc\ntitle: D\nobjectives: [o]\nitems:\n"
		"  - quiz: Q\n"
		"    questions:\n"
		"      - id: s1\n"
		"        type: single\n"
		"        prompt: P?\n"
		"        explanation: E.\n"
		"        choices:\n"
		"          - {text: Spoofing, correct: true}\n"
		"          - {text: Repudiation}\n"
		"          - {text: \" spoofing \"}\n"
		"          - {text: SPOOFING}\n"
		"      - id: m1\n"
		"        type: matching\n"
		"        prompt: P?\n"
		"        explanation: E.\n"
		"        pairs:\n"
		"          - {left: Token guess, right: Spoofing}\n"
		"          - {left: token  GUESS, right: Tampering}\n"
		"          - {left: Other, right: Tampering}\n"
		"          - {left: Forged login, right: spoofing}\n"
		"        distractors: [tampering, Repudiation]\n"
		"      - id: o1\n"
		"        type: ordering\n"
		"        prompt: P?\n"
		"        explanation: E.\n"
		"        order: [a, b, A]\n"
		"summary: [s]\n";
	const char *path = write_file("dc.yaml", module, sizeof(module) - 1);
	/* the first of three that read alike is named, not the one before */
	assert_validates_to(path,
		"14:20: choice ' spoofing ' is listed twice (first at line 12)\n"
		"15:20: choice 'SPOOFING' is listed twice (first at line 12)\n"
		"22:20: left side 'token  GUESS' is listed twice (first at line 21)\n"
		"24:41: option 'spoofing' reads like 'Spoofing' (line 21) but is written "
		"differently, so the learner would see two options they cannot tell apart: "
		"write it the same way\n"
		"25:23: option 'tampering' reads like 'Tampering' (line 22) but is written "
		"differently, so the learner would see two options they cannot tell apart: "
		"write it the same way\n"
		"30:23: item 'A' is listed twice (first at line 30)\n");
	/* a pair that is no mapping is one error, not also an option */
	static const char bad_pair[] =
		"id: dc\ntitle: D\nobjectives: [o]\nitems:\n"
		"  - quiz: Q\n"
		"    questions:\n"
		"      - id: m1\n"
		"        type: matching\n"
		"        prompt: P?\n"
		"        explanation: E.\n"
		"        pairs:\n"
		"          - Spoofing\n"
		"          - {left: Forged login, right: spoofing}\n"
		"          - {left: Edited row, right: Tampering}\n"
		"summary: [s]\n";
	path = write_file("dc.yaml", bad_pair, sizeof(bad_pair) - 1);
	assert_validates_to(path, "12:13: pair must be a mapping of keys to values, not text\n");
}

/* An unknown key in a choice, pair, feedback, asset, top-three entry, sample,
 * expectation or payload is one error: the entry's other checks still run. */
static void test_unknown_key_hides_nothing(void **state)
{
	(void)state;
	static const char module[] =
		"id: uk\ntitle: U\nobjectives: [o]\nitems:\n"
		"  - quiz: Q\n"
		"    questions:\n"
		"      - id: s1\n"
		"        type: single\n"
		"        prompt: P?\n"
		"        explanation: E.\n"
		"        choices:\n"
		"          - text: a\n"
		"            corect: true\n"
		"            feedback: Correct, it overwrites files.\n"
		"          - text: b\n"
		"      - id: m1\n"
		"        type: matching\n"
		"        prompt: P?\n"
		"        explanation: E.\n"
		"        feedback: {corect: x, incorrect: \"Wrong: it is tampering.\"}\n"
		"        pairs:\n"
		"          - {lft: a, right: b}\n"
		"          - {left: c, right: d}\n"
		"summary: [s]\n";
	const char *path = write_file("uk.yaml", module, sizeof(module) - 1);
	assert_validates_to(path,
		"12:11: a single-choice question needs exactly one correct choice, found 0\n"
		"13:13: unknown key 'corect' in choice; did you mean 'correct'?\n"
		"14:23: feedback starts with 'Correct', which the program already prints; "
		"start with the reason\n"
		"20:20: unknown key 'corect' in feedback; did you mean 'correct'?\n"
		"20:42: feedback starts with 'Wrong', which the program already prints; "
		"start with the reason\n"
		"22:14: unknown key 'lft' in pair; did you mean 'left'?\n");

	char dir[300], expected[2048];
	snprintf(dir, sizeof(dir), "%s/ukx", tmpdir);
	mkdir(dir, 0700);
	static const char ex[] =
		"id: ukx\ntitle: U\npart: 2\nsummary: S.\nminutes: 5\n"
		"document: design.md\nkey: key.yaml\nsteps: [read, threats]\n"
		"assets:\n"
		"  - name: tokens\n"
		"    class: private\n"
		"    whY: they sign in\n"
		"scope: {in: [the API], ot: [x]}\n"
		"top_three:\n"
		"  - threat: K9\n"
		"    wy: worst\n"
		"samples:\n"
		"  - file: gone.txt\n"
		"    expect:\n"
		"      found: [K1]\n"
		"      absnet: [K1]\n"
		"      score: [83, 67]\n";
	static const char key[] =
		"threats:\n  - {id: K1, title: Stolen tokens, stride: [spoofing], severity: high}\n";
	write_file("ukx/exercise.yaml", ex, sizeof(ex) - 1);
	write_file("ukx/key.yaml", key, sizeof(key) - 1);
	write_file("ukx/design.md", "# Design\n", 9);
	snprintf(expected, sizeof(expected),
		"11:12: unknown data class 'private'; use public, confidential, restricted or "
		"secret\n"
		"12:5: unknown key 'whY' in asset; did you mean 'why'?\n"
		"13:24: unknown key 'ot' in scope; did you mean 'out'?\n"
		"15:13: threat 'K9' is not in the key\n"
		"16:5: unknown key 'wy' in top-three entry; did you mean 'why'?\n"
		"18:11: sample file 'gone.txt' does not exist\n"
		"21:7: unknown key 'absnet' in expect; did you mean 'absent'?\n"
		"22:14: 'score' must be [min, max] with 0 <= min <= max <= 100\n");
	char *got = validate(dir);
	assert_string_equal(got, expected);
	free(got);
}

/* A hint must not give the answer away: a short question's hint that is graded
 * correct when typed back is an error; a key threat's hint, or a step hint,
 * with a statement the key credits as a threat with near certainty is a
 * warning naming the threat. Questions and pointers to the design are not. */
static void test_hints_that_give_the_answer_away(void **state)
{
	(void)state;
	static const char module[] =
		"id: hm\ntitle: H\nobjectives: [o]\nitems:\n"
		"  - quiz: Q\n"
		"    questions:\n"
		"      - id: q1\n"
		"        type: short\n"
		"        prompt: What should generate a reset token?\n"
		"        explanation: E.\n"
		"        accept: [CSPRNG, cryptographically secure random number generator]\n"
		"        hints:\n"
		"          - Think of where randomness comes from.\n"
		"          - A cryptographically secure random number generator.\n"
		"summary: [s]\n";
	const char *path = write_file("hm.yaml", module, sizeof(module) - 1);
	assert_validates_to(path,
		"14:13: typed back, the hint passes (100% like an accepted answer: shared: "
		"cryptographically, secure, random, number, generator): it gives the answer away; "
		"point toward the answer without stating it\n");

	char dir[300];
	snprintf(dir, sizeof(dir), "%s/hx", tmpdir);
	mkdir(dir, 0700);
	static const char ex[] =
		"id: hx\ntitle: H\npart: 2\nsummary: S.\nminutes: 5\n"
		"document: design.md\nkey: key.yaml\nsteps: [read, threats]\n"
		"hints:\n"
		"  threats:\n"
		"    - How is the token made, and who could guess it?\n"
		"    - Tokens are predictable, so an attacker can take over any account.\n"
		"assets: [{name: accounts, class: secret}]\n"
		"scope: {in: [reset page]}\n";
	static const char key[] =
		"threats:\n"
		"  - id: P01\n"
		"    title: Predictable reset tokens let an attacker take over any account\n"
		"    stride: [spoofing]\n"
		"    severity: critical\n"
		"    hint: How is the token made? Who could guess the next one?\n"
		"  - id: P02\n"
		"    title: Account enumeration through the reset page error message\n"
		"    stride: [information-disclosure]\n"
		"    severity: medium\n"
		"    patterns: ['\\benumerat']\n"
		"    hint: Try an unknown email. The error message enumerates accounts.\n";
	write_file("hx/exercise.yaml", ex, sizeof(ex) - 1);
	write_file("hx/key.yaml", key, sizeof(key) - 1);
	write_file("hx/design.md", "# Design\n", 9);
	struct tm_diags d;
	tm_diags_init(&d);
	tm_validate_path(dir, FIXTURES "/content", &d);
	for (size_t i = 0; i < d.count; i++)
		assert_int_equal(d.items[i].code, TM_OK);   /* warnings */
	char *got = diags_text(&d, true);
	assert_string_equal(got,
		"exercise.yaml:12:7: this hint of step 'threats' gives the answer away: typed "
		"back as a threat, 'Tokens are predictable, so an attacker can take over any "
		"account.' earns P01 ('Predictable reset tokens let an attacker take over any "
		"account', similarity 1.00); point at where to look, or ask a question, without "
		"stating the threat\n"
		"key.yaml:12:11: the hint of threat 'P02' gives the answer away: typed back as a "
		"threat, 'The error message enumerates accounts.' earns P02 ('Account enumeration "
		"through the reset page error message', similarity 0.96); point at where to "
		"look, or ask a question, without stating the threat\n");
	free(got);
}

/* Writes exercise ID (a two-step exercise on a visitor tracker) with key
 * text KEY under tmpdir, and its directory into dir. */
static void write_tracker_exercise(char *dir, size_t n, const char *id, const char *key)
{
	char ex[400], path[300];
	snprintf(dir, n, "%s/%s", tmpdir, id);
	mkdir(dir, 0700);
	int len = snprintf(ex, sizeof(ex),
			   "id: %s\ntitle: O\npart: 2\nsummary: S.\nminutes: 5\n"
			   "document: design.md\nkey: key.yaml\nsteps: [read, threats]\n"
			   "assets: [{name: visitors, class: restricted}]\n"
			   "scope: {in: [tracker]}\n", id);
	snprintf(path, sizeof(path), "%s/exercise.yaml", id);
	write_file(path, ex, (size_t)len);
	snprintf(path, sizeof(path), "%s/key.yaml", id);
	write_file(path, key, strlen(key));
	snprintf(path, sizeof(path), "%s/design.md", id);
	write_file(path, "# Design\n", 9);
}

/* A threat's own title and aliases, typed as a learner's line, earn it: an
 * alias that another threat's pattern takes, and a title worded as another
 * threat's, are warned at their line and column; words that earn their own
 * threat are not. */
static void test_own_words_earn_another_threat(void **state)
{
	(void)state;
	char dir[300];
	static const char key[] =
		"threats:\n"
		"  - id: F01\n"
		"    title: Device fingerprinting re-identifies anonymous visitors\n"
		"    stride: [information-disclosure]\n"
		"    severity: high\n"
		"    patterns: ['\\bdevice\\s+fingerprint']\n"
		"  - id: F02\n"
		"    title: Visitor profiles merged across customers' websites\n"
		"    stride: [information-disclosure]\n"
		"    severity: medium\n"
		"    aliases:\n"
		"      - cross-site profile merging\n"
		"      - device fingerprints link people across different websites\n"
		"  - id: F03\n"
		"    title: Device fingerprinting re-identifies anonymous visitors again\n"
		"    stride: [information-disclosure]\n"
		"    severity: low\n";
	write_tracker_exercise(dir, sizeof(dir), "ow", key);
	struct tm_diags d;
	tm_diags_init(&d);
	tm_validate_path(dir, FIXTURES "/content", &d);
	for (size_t i = 0; i < d.count; i++)
		assert_int_equal(d.items[i].code, TM_OK);   /* warnings */
	char *got = diags_text(&d, true);
	assert_non_null(strstr(got,
		"key.yaml:13:9: an alias of threat 'F02', typed as a threat, earns F01 ('Device "
		"fingerprinting re-identifies anonymous visitors', similarity 0.95: pattern "
		"'\\bdevice\\s+fingerprint' matched), not 'F02': narrow that pattern so that it "
		"does not fire on these words\n"));
	assert_non_null(strstr(got, "key.yaml:15:12: the title of threat 'F03', typed as a threat, "
				    "earns F01"));
	/* F01's title and F02's other words earn their own threats */
	assert_null(strstr(got, "threat 'F01'"));
	assert_null(strstr(got, "key.yaml:12:"));
	free(got);
}

/* An error elsewhere does not hide the checks that grade: a key with a threat
 * in error still has its other threats' titles and aliases graded (the alias
 * of F02 that earns F01), and a short question with a distractor listed twice
 * still has its distractors graded ('tampering attack' is graded right). Both
 * came only once the other error was fixed. */
static void test_grading_checks_beside_errors(void **state)
{
	(void)state;
	char dir[300];
	static const char key[] =
		"threats:\n"
		"  - id: F01\n"
		"    title: Device fingerprinting re-identifies anonymous visitors\n"
		"    stride: [information-disclosure]\n"
		"    severity: high\n"
		"    patterns: ['\\bdevice\\s+fingerprint']\n"
		"  - id: F02\n"
		"    title: Visitor profiles merged across customers' websites\n"
		"    stride: [information-disclosure]\n"
		"    severity: medium\n"
		"    aliases:\n"
		"      - device fingerprints link people across different websites\n"
		"  - id: F03\n"
		"    title: Tracker script tampered with on the CDN\n"
		"    stride: [tampering]\n"
		"    severity: huge\n";
	write_tracker_exercise(dir, sizeof(dir), "ge", key);
	struct tm_diags d;
	tm_diags_init(&d);
	tm_validate_path(dir, FIXTURES "/content", &d);
	char *got = diags_text(&d, true);
	assert_non_null(strstr(got, "key.yaml:16:15: "));   /* the severity error */
	assert_non_null(strstr(got, "key.yaml:12:9: an alias of threat 'F02', typed as a threat, "
				    "earns F01"));
	free(got);

	static const char module[] =
		"id: gd\ntitle: D\nobjectives: [o]\nitems:\n"
		"  - quiz: Q\n"
		"    questions:\n"
		"      - id: q1\n"
		"        type: short\n"
		"        prompt: Which STRIDE threat is changing data you should not?\n"
		"        explanation: Tampering breaks integrity.\n"
		"        patterns: ['\\btamper']\n"
		"        distractors: [tampering attack, spoofing, spoofing]\n"
		"summary: [s]\n";
	const char *path = write_file("gd.yaml", module, sizeof(module) - 1);
	assert_validates_to(path,
		"12:23: distractor 'tampering attack' is graded right as an answer (matched an "
		"accepted pattern): a learner who types it fails; move it under 'accept:', or "
		"remove it\n"
		"12:51: distractor 'spoofing' is listed twice (first at line 12)\n");
}

/* One error does not hide the others: a key with an error still has its
 * titles checked for words, exercise.yaml's threat references are checked
 * against the ids the key declares while the key has errors, and a reject
 * entry with an unknown key is still checked for 'answer' and 'answers'. */
static void test_errors_hide_no_other_errors(void **state)
{
	(void)state;
	char dir[300], expected[2048];
	snprintf(dir, sizeof(dir), "%s/eh", tmpdir);
	mkdir(dir, 0700);
	static const char ex[] =
		"id: eh\ntitle: E\npart: 2\nsummary: S.\nminutes: 5\n"
		"document: design.md\nkey: key.yaml\nsteps: [read, threats]\n"
		"assets: [{name: accounts, class: secret}]\n"
		"scope: {in: [reset page]}\n"
		"top_three:\n"
		"  - {threat: P07, why: worst}\n"
		"  - {threat: P02, why: bad}\n"
		"samples:\n"
		"  - file: s.txt\n"
		"    expect: {found: [P01, P09], absent: [P08, P02], score: [0, 100]}\n";
	static const char key[] =
		"threats:\n"
		"  - {id: P01, title: Guessable reset tokens, stride: [spoofing], severity: high}\n"
		"  - {id: P02, title: Account enumeration, stride: [spoofing], severity: medum}\n"
		"  - {id: P03, title: The, stride: [spoofing], severity: low}\n";
	write_file("eh/exercise.yaml", ex, sizeof(ex) - 1);
	write_file("eh/key.yaml", key, sizeof(key) - 1);
	write_file("eh/design.md", "# Design\n", 9);
	write_file("eh/s.txt", "- guessable reset tokens\n", 25);
	const char *root = stop_word_root("ehroot");
	struct tm_diags d;
	tm_diags_init(&d);
	tm_validate_path(dir, root, &d);
	char *got = diags_text(&d, true);
	snprintf(expected, sizeof(expected),
		"exercise.yaml:12:14: threat 'P07' is not in the key\n"
		"exercise.yaml:16:27: threat 'P09' is not in the key\n"
		"exercise.yaml:16:42: threat 'P08' is not in the key\n"
		"key.yaml:3:73: unknown severity 'medum'; did you mean 'medium'?\n"
		"key.yaml:4:22: the title has no word the grader compares (only stop words or "
		"punctuation): name the attack and what it hits\n");
	assert_string_equal(got, expected);
	free(got);

	static const char module[] =
		"id: rk\ntitle: R\nobjectives: [o]\nitems:\n"
		"  - quiz: Q\n"
		"    questions:\n"
		"      - id: q1\n"
		"        type: short\n"
		"        prompt: What makes a reset token?\n"
		"        explanation: E.\n"
		"        accept: [a secure random generator]\n"
		"        reject:\n"
		"          - {answer: random, answers: [rand, uuid], feedbak: x}\n"
		"          - {anwser: math random}\n"
		"          - {feedbak: y}\n"
		"          - {answer: \"!!!\", color: red}\n"
		"summary: [s]\n";
	const char *path = write_file("rk.yaml", module, sizeof(module) - 1);
	assert_validates_to(path,
		"13:13: a rejected answer needs either 'answer' (one text) or 'answers' (a list "
		"sharing its feedback), not both\n"
		"13:53: unknown key 'feedbak' in rejected answer; did you mean 'feedback'?\n"
		"14:14: unknown key 'anwser' in rejected answer; did you mean 'answer'?\n"
		"15:13: a rejected answer needs either 'answer' (one text) or 'answers' (a list "
		"sharing its feedback)\n"
		"15:14: unknown key 'feedbak' in rejected answer; did you mean 'feedback'?\n"
		"16:22: rejected answer '!!!' has no words in it, so no answer can match it: "
		"write the answer, or delete it\n"
		"16:29: unknown key 'color' in rejected answer\n");
}

/* An alias of only stop words ("the", "it is") can never earn its threat, as
 * such a title or accepted answer cannot: an error at the alias, worded as
 * theirs; an alias with one word that counts is fine. */
static void test_stop_word_aliases(void **state)
{
	(void)state;
	const char *root = stop_word_root("sa");
	static const char key[] =
		"threats:\n"
		"  - id: P01\n"
		"    title: Guessable reset tokens\n"
		"    stride: [spoofing]\n"
		"    severity: high\n"
		"    aliases: [guessable token, the, \"The  a\", the token, '!!!']\n";
	const char *k = write_file("sa/key.yaml", key, sizeof(key) - 1);
	char *got = validate_in(k, root);
	assert_string_equal(got,
		"6:32: alias 'the' has only words the grader leaves out (stop words), so no line "
		"can match it: name the attack and what it hits, or delete it\n"
		"6:37: alias 'The  a' has only words the grader leaves out (stop words), so no "
		"line can match it: name the attack and what it hits, or delete it\n"
		"6:58: an item of 'aliases' with no words in it: write it, or delete it\n");
	free(got);
}

/* An alias of only generic words ("the attacker", "user data") earns its threat
 * on any line that mentions them ("an attacker could do bad things"), and one
 * that earns it on an off-topic line ("the UI is ugly") on nearly any list:
 * both are errors at the alias that say to name the mechanism; an alias with
 * one word that is not generic is fine. */
static void test_generic_word_aliases(void **state)
{
	(void)state;
	char root[300], path[340];
	snprintf(root, sizeof(root), "%s/ga", tmpdir);
	mkdir(root, 0700);
	snprintf(path, sizeof(path), "%s/lexicon", root);
	mkdir(path, 0700);
	static const char lexicon[] =
		"stopwords: [the, a, is, i, have, an, could, do]\n"
		"generic: [attacker, user, data, bad, things]\n";
	write_file("ga/lexicon/en.yaml", lexicon, sizeof(lexicon) - 1);
	static const char key[] =
		"threats:\n"
		"  - id: P01\n"
		"    title: Guessable reset tokens\n"
		"    stride: [spoofing]\n"
		"    severity: high\n"
		"    aliases: [the attacker, attacker guesses the token, user data, ugly ui]\n"
		"  - id: P02\n"
		"    title: Invoice search injection\n"
		"    stride: [tampering]\n"
		"    severity: high\n";
	const char *k = write_file("ga/key.yaml", key, sizeof(key) - 1);
	char *got = validate_in(k, root);
	assert_string_equal(got,
		"6:15: alias 'the attacker' has only generic words (such as attacker, user, "
		"data, system), which nearly any line has: a line that merely mentions them "
		"earns threat 'P01'; name the mechanism (what is done, how, to what) in it, or "
		"delete it\n"
		"6:57: alias 'user data' has only generic words (such as attacker, user, data, "
		"system), which nearly any line has: a line that merely mentions them earns "
		"threat 'P01'; name the mechanism (what is done, how, to what) in it, or delete "
		"it\n"
		"6:68: alias 'ugly ui' earns threat 'P01' on the off-topic line 'the UI is ugly' "
		"(similarity 0.90), so it would credit nearly any list: name the mechanism (what "
		"is done, how, to what) in it, or delete it\n");
	free(got);
}

/* A time box for a step that 'steps' does not list is an error, as hints for
 * one are; one for a step an unknown entry of steps may mean ("READ") is not a
 * second error. */
static void test_timebox_for_unlisted_step(void **state)
{
	(void)state;
	char dir[300];
	snprintf(dir, sizeof(dir), "%s/tb", tmpdir);
	mkdir(dir, 0700);
	static const char ex[] =
		"id: tb\ntitle: T\npart: 2\nsummary: S.\nminutes: 5\n"
		"document: design.md\nkey: key.yaml\nsteps: [READ, threats]\n"
		"timeboxes: {read: 5, threats: 20, assets: 10}\n"
		"hints: {assets: [Look at the table.]}\n"
		"assets: [{name: accounts, class: secret}]\n"
		"scope: {in: [reset page]}\n";
	static const char key[] =
		"threats:\n  - {id: K1, title: Stolen tokens, stride: [spoofing], severity: high}\n";
	write_file("tb/exercise.yaml", ex, sizeof(ex) - 1);
	write_file("tb/key.yaml", key, sizeof(key) - 1);
	write_file("tb/design.md", "# Design\n", 9);
	char *got = validate(dir);
	assert_string_equal(got,
		"8:9: unknown step 'READ'; did you mean 'read'?\n"
		"9:35: time box for step 'assets', which 'steps' does not list: add the step or "
		"delete its time box\n"
		"10:9: hints for step 'assets', which 'steps' does not list: add the step or "
		"delete its hints\n");
	free(got);
	/* steps that cannot be read (text, not a list): that one error, not one per
	 * time box and hint for a step it may well list */
	static const char text_steps[] =
		"id: tb\ntitle: T\npart: 2\nsummary: S.\nminutes: 5\n"
		"document: design.md\nkey: key.yaml\nsteps: read, threats\n"
		"timeboxes: {read: 5, threats: 20}\n"
		"hints: {threats: [Look at the table.]}\n"
		"assets: [{name: accounts, class: secret}]\n"
		"scope: {in: [reset page]}\n";
	write_file("tb/exercise.yaml", text_steps, sizeof(text_steps) - 1);
	got = validate(dir);
	assert_string_equal(got, "8:8: 'steps' must be a list of text items, not text\n");
	free(got);
}

/* One mistake, one message: a misspelled required key is the unknown key's
 * "did you mean", not also "missing required key"; a YAML merge key is one
 * message saying merge keys are not supported, not an unknown key and each key
 * it would have brought in as missing. A required key missing with no
 * misspelling of it still is reported. */
static void test_one_mistake_one_message(void **state)
{
	(void)state;
	static const char key[] =
		"threats:\n"
		"  - id: P01\n"
		"    title: Guessable reset tokens\n"
		"    stride: [spoofing]\n"
		"    severty: critical\n"
		"  - id: P02\n"
		"    title: Account enumeration\n"
		"    <<: {stride: [spoofing], severity: medium}\n"
		"  - id: P03\n"
		"    title: Replayed reset links\n"
		"    colour: red\n"
		"    stride: [spoofing]\n";
	const char *path = write_file("om.yaml", key, sizeof(key) - 1);
	assert_validates_to(path,
		"5:5: unknown key 'severty' in threat; did you mean 'severity'?\n"
		"8:5: YAML merge keys (<<) are not supported: write the keys out\n"
		"9:5: threat is missing required key 'severity'\n"
		"11:5: unknown key 'colour' in threat\n");
}

/* An alias two threats share, or one that is another threat's title, case,
 * blanks and punctuation aside, is reported at the later alias with the threat
 * that has it too; an alias equal to its own threat's title is not. */
static void test_shared_aliases(void **state)
{
	(void)state;
	static const char src[] =
		"threats:\n"
		"  - id: K01\n"
		"    title: Stolen session tokens\n"
		"    stride: [spoofing]\n"
		"    severity: high\n"
		"    aliases: [\"PAN at rest\", \"stolen session tokens\"]\n"
		"  - id: K02\n"
		"    title: Card numbers at rest\n"
		"    stride: [information-disclosure]\n"
		"    severity: high\n"
		"    aliases: [\"Token  Theft\", \"pan-at-rest\", card data]\n"
		"  - id: K03\n"
		"    title: Token theft\n"
		"    stride: [spoofing]\n"
		"    severity: low\n";
	const char *path = write_file("shared.yaml", src, sizeof(src) - 1);
	assert_validates_to(path,
		"11:15: alias 'Token  Theft' is the title of K03 (line 13): a line that says it "
		"would earn only one of them; keep it in one threat\n"
		"11:31: alias 'pan-at-rest' is also an alias of K01 (line 6): a line that says "
		"it would earn only one of them; keep it in one threat\n");
}

/* Two threats with the same title (case, blanks and punctuation aside) are an
 * error at the later title, naming the first, as an alias equal to another
 * threat's title is: also in a key without any aliases. */
static void test_shared_titles(void **state)
{
	(void)state;
	static const char src[] =
		"threats:\n"
		"  - id: A1\n"
		"    title: Session tokens stolen from logs\n"
		"    stride: [spoofing]\n"
		"    severity: high\n"
		"  - id: A2\n"
		"    title: \"session tokens, stolen from LOGS\"\n"
		"    stride: [information-disclosure]\n"
		"    severity: low\n";
	const char *path = write_file("titles.yaml", src, sizeof(src) - 1);
	assert_validates_to(path,
		"7:12: title 'session tokens, stolen from LOGS' is also the title of A1 (line 3): "
		"a line that says it would earn only one of them; keep it in one threat\n");

	/* a title that is an earlier threat's alias: reported at the title */
	static const char src2[] =
		"threats:\n"
		"  - id: A1\n"
		"    title: Session tokens stolen from logs\n"
		"    stride: [spoofing]\n"
		"    severity: high\n"
		"    aliases: [token replay]\n"
		"  - id: A2\n"
		"    title: Token replay\n"
		"    stride: [spoofing]\n"
		"    severity: low\n";
	path = write_file("titles2.yaml", src2, sizeof(src2) - 1);
	assert_validates_to(path,
		"6:15: alias 'token replay' is the title of A2 (line 8): a line that says it "
		"would earn only one of them; keep it in one threat\n");
}

/* A threat's empty title is reported at the title, also when its id is bad too;
 * neither hides the other behind "a threat needs an id and a title". */
static void test_threat_fields_reported_at_their_place(void **state)
{
	(void)state;
	static const char src[] =
		"threats:\n"
		"  - id: K01\n"
		"    title: \"\"\n"
		"    stride: [tampering]\n"
		"    severity: low\n"
		"  - id: \"bad id\"\n"
		"    title: \" \"\n"
		"    stride: [tampering]\n"
		"    severity: low\n"
		"    hint: \"\"\n";
	const char *path = write_file("blank-threats.yaml", src, sizeof(src) - 1);
	assert_validates_to(path,
		"3:12: 'title' is empty: write it\n"
		"6:9: 'id' value 'bad id' is not a valid id; use letters, digits, '-' and '_' "
		"(at most 64)\n"
		"7:12: 'title' is empty: write it\n"
		"10:11: 'hint' is empty: write it\n");
}

/* A lexicon's words kept whole must be single words; the error names the entry. */
static void test_lexicon_whole_entries(void **state)
{
	(void)state;
	static const char src[] =
		"generic: [attacker]\n"
		"whole: [recording, two words]\n";
	const char *path = write_file("lexicon.yaml", src, sizeof(src) - 1);
	assert_validates_to(path, "2:20: 'two words' must be one word, under 63 bytes\n");
}

/* A key's lexicon: an empty abbreviation is reported at the abbreviation, a
 * negation listed as a stop word (which the grader would keep anyway) is named,
 * and a synonym group written without its brackets is one error saying how to
 * nest it; a lone word among groups says what a group is. */
static void test_key_lexicon_messages(void **state)
{
	(void)state;
	static const char src[] =
		"threats:\n"
		"  - {id: A1, title: SQL injection, stride: [tampering], severity: high}\n"
		"lexicon:\n"
		"  expansions: {\"\": x, gamma: \"\", sqli: sql injection}\n"
		"  stopwords: [the, not, Never]\n"
		"  synonyms: [vault, tokenization service]\n";
	const char *path = write_file("key-lexicon.yaml", src, sizeof(src) - 1);
	assert_validates_to(path,
		"4:16: an expansion with an empty abbreviation: write the abbreviation or phrase "
		"it expands, or delete the entry\n"
		"4:30: the expansion of 'gamma' is empty: write what it stands for, or delete the "
		"entry\n"
		"5:20: 'not' is a negation, which the grader never leaves out (\"not encrypted\" "
		"must not read as \"encrypted\"): delete it from 'stopwords'\n"
		"5:25: 'Never' is a negation, which the grader never leaves out (\"not encrypted\" "
		"must not read as \"encrypted\"): delete it from 'stopwords'\n"
		"6:13: 'synonyms' is a list of groups, each a list of words: write [[vault, "
		"tokenization service]] for one group\n");
	static const char mixed[] = "synonyms: [[leak, exposure], c]\n";
	path = write_file("mixed-lexicon.yaml", mixed, sizeof(mixed) - 1);
	assert_validates_to(path,
		"1:30: a synonym group must be a list of 2 to 64 words, not one: write [c, ...] "
		"with the words that mean the same\n");
}

/* Payloads: a pattern that does not compile is reported where it is written,
 * with PCRE2's reason (also beside an unknown key); an entry without its words,
 * or with a group the alternation cannot number, is named too. */
static void test_lexicon_payload_entries(void **state)
{
	(void)state;
	static const char src[] =
		"payloads:\n"
		"  - pattern: '\\.\\./'\n"
		"    means: path traversal\n"
		"  - pattern: 'a(b'\n"
		"    means: broken\n"
		"  - pattern: '(a)\\1'\n"
		"    means: repeated\n"
		"  - pattern: 'ok'\n"
		"    means: ' '\n"
		"  - pattern: 'x'\n"
		"  - {pattern: 'c(d', means: broken, pattrn: x}\n";
	const char *path = write_file("payloads.yaml", src, sizeof(src) - 1);
	assert_validates_to(path,
		"4:14: payload pattern 'a(b': missing closing parenthesis (at offset 3)\n"
		"6:14: a payload pattern cannot use named groups or back references; write "
		"(?:...) groups\n"
		"9:12: 'means' is empty: write it\n"
		"10:5: payload is missing required key 'means'\n"
		"11:15: payload pattern 'c(d': missing closing parenthesis (at offset 3)\n"
		"11:37: unknown key 'pattrn' in payload; did you mean 'pattern'?\n");
}

static void test_choice_rules(void **state)
{
	(void)state;
	static const char src[] =
		"id: choices\ntitle: T\nobjectives: [o]\nsummary: [s]\n"
		"items:\n"
		"  - quiz: Q\n"
		"    questions:\n"
		"      - id: s1\n"
		"        type: single\n"
		"        prompt: P\n"
		"        explanation: E\n"
		"        stride: [spoofing, tampring]\n"
		"        choices:\n"
		"          - text: a\n"
		"            correct: true\n"
		"          - text: b\n"
		"            correct: true\n"
		"      - id: s1\n"
		"        type: short\n"
		"        prompt: P\n"
		"        explanation: E\n";
	const char *path = write_file("choices.yaml", src, sizeof(src) - 1);
	char expected[1024];
	snprintf(expected, sizeof(expected),
		 "12:28: unknown STRIDE category 'tampring'; did you mean 'tampering'?\n"
		 "14:11: a single-choice question needs exactly one correct choice, found 2\n"
		 "18:9: short question needs 'accept' answers or 'patterns'\n"
		 "18:9: duplicate question id 's1' (also at %s:8)\n", path);
	assert_validates_to(path, expected);
}

static void test_course_references(void **state)
{
	(void)state;
	char dir[300];
	snprintf(dir, sizeof(dir), "%s/wrongname", tmpdir);
	mkdir(dir, 0700);
	static const char course[] =
		"id: other\ntitle: T\npart: 1\nsummary: S\nminutes: 5\nobjectives: [o]\n"
		"modules: [missing.yaml, ../escape.yaml]\nextra: 1\n";
	write_file("wrongname/course.yaml", course, sizeof(course) - 1);
	char expected[1024];
	snprintf(expected, sizeof(expected),
		 "1:5: course id 'other' must match its directory name 'wrongname'\n"
		 "7:11: module file 'missing.yaml' does not exist in %s\n"
		 "7:25: module '../escape.yaml' must be a file name in the course directory\n"
		 "8:1: unknown key 'extra' in course\n", dir);
	assert_validates_to(dir, expected);
}

/* A module file listed twice is one error at its second listing, and is loaded
 * once; a symbolic link loop or a link to nothing says so; an unknown exercise is
 * reported at the 'exercise:' value that names it. */
static void test_course_module_listings(void **state)
{
	(void)state;
	char dir[300], link[340];
	snprintf(dir, sizeof(dir), "%s/listings", tmpdir);
	mkdir(dir, 0700);
	static const char course[] =
		"id: listings\ntitle: T\npart: 1\nsummary: S\nminutes: 5\nobjectives: [o]\n"
		"modules:\n  - m.yaml\n  - loop.yaml\n  - gone.yaml\n  - m.yaml\n";
	static const char module[] =
		"id: m\ntitle: M\nobjectives: [o]\nitems:\n"
		"  - exercise: nowhere\n"
		"  - quiz: Q\n"
		"    questions:\n"
		"      - id: tl\n"
		"        type: threat-list\n"
		"        prompt: List threats.\n"
		"        explanation: E.\n"
		"        exercise: missing-ex\n"
		"summary: [s]\n";
	write_file("listings/course.yaml", course, sizeof(course) - 1);
	write_file("listings/m.yaml", module, sizeof(module) - 1);
	snprintf(link, sizeof(link), "%s/loop.yaml", dir);
	assert_int_equal(symlink("loop.yaml", link), 0);
	snprintf(link, sizeof(link), "%s/gone.yaml", dir);
	assert_int_equal(symlink("nothing-here.yaml", link), 0);
	char expected[1024];
	snprintf(expected, sizeof(expected),
		 "9:5: module file 'loop.yaml' is a symbolic link loop; make it a file\n"
		 "10:5: module file 'gone.yaml' is a symbolic link to nothing; fix the link\n"
		 "11:5: module file 'm.yaml' is listed twice (first at line 8)\n"
		 "5:15: unknown exercise 'nowhere'; add exercises/nowhere/exercise.yaml or fix "
		 "the id\n"
		 "12:19: unknown exercise 'missing-ex'; add exercises/missing-ex/exercise.yaml or "
		 "fix the id\n");
	assert_validates_to(dir, expected);
}

/* A course that names an exercise whose exercise.yaml has errors says so, with
 * the exercise's first error, instead of "unknown exercise": when the file does
 * not parse (no id to find it by), and when the course is validated alone (the
 * exercise's own errors are not shown then). */
static void test_reference_to_broken_exercise(void **state)
{
	(void)state;
	char root[300], path[400], expected[1600];
	snprintf(root, sizeof(root), "%s/broken-root", tmpdir);
	mkdir(root, 0700);
	snprintf(path, sizeof(path), "%s/courses", root);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/courses/c", root);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/exercises", root);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/exercises/syntax", root);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/exercises/wrong", root);
	mkdir(path, 0700);
	static const char course[] = "id: c\ntitle: T\npart: 1\nsummary: S\nminutes: 5\n"
				     "objectives: [o]\nmodules: [m.yaml]\n";
	static const char module[] = "id: m\ntitle: M\nobjectives: [o]\nitems:\n"
				     "  - exercise: syntax\n  - exercise: wrong\nsummary: [s]\n";
	static const char syntax[] = "id: syntax\nminutes: [50\ntitle: T\n";
	static const char wrong[] = "id: wrong\ntitle: T\n";
	write_file("broken-root/courses/c/course.yaml", course, sizeof(course) - 1);
	write_file("broken-root/courses/c/m.yaml", module, sizeof(module) - 1);
	write_file("broken-root/exercises/syntax/exercise.yaml", syntax, sizeof(syntax) - 1);
	write_file("broken-root/exercises/wrong/exercise.yaml", wrong, sizeof(wrong) - 1);
	snprintf(path, sizeof(path), "%s/courses/c", root);
	snprintf(expected, sizeof(expected),
		 "5:15: exercise 'syntax' has errors, the first at "
		 "%s/exercises/syntax/exercise.yaml:3:6: yaml syntax error: expected ',' or ']' "
		 "(in the [ ] list that starts at 2:10): close the [ ] list with ']', and "
		 "separate its items with ','\n"
		 "6:15: exercise 'wrong' has errors, the first at "
		 "%s/exercises/wrong/exercise.yaml:1:1: exercise is missing required key "
		 "'part'\n", root, root);
	char *got = validate_in(path, root);
	assert_string_equal(got, expected);
	free(got);

	/* referred to from two courses, and twice in one: validating one course,
	 * its errors are pointed at once; validating the root, where the syntax
	 * error is reported in its own file, not at all (one message, not two) */
	snprintf(path, sizeof(path), "%s/courses/c2", root);
	mkdir(path, 0700);
	static const char course2[] = "id: c2\ntitle: T\npart: 1\nsummary: S\nminutes: 5\n"
				      "objectives: [o]\nmodules: [m2.yaml]\n";
	static const char module2[] = "id: m2\ntitle: M\nobjectives: [o]\nitems:\n"
				      "  - exercise: syntax\n  - exercise: syntax\nsummary: [s]\n";
	write_file("broken-root/courses/c2/course.yaml", course2, sizeof(course2) - 1);
	write_file("broken-root/courses/c2/m2.yaml", module2, sizeof(module2) - 1);
	got = validate_in(path, root);
	const char *first = strstr(got, "exercise 'syntax' has errors");
	assert_non_null(first);
	if (strstr(first + 1, "exercise 'syntax' has errors") != NULL)
		fail_msg("%s: told twice:\n%s", path, got);
	free(got);
	struct tm_diags d;
	tm_diags_init(&d);
	tm_validate_path(root, root, &d);
	got = diags_text(&d, true);
	if (strstr(got, "exercise 'syntax' has errors") != NULL)
		fail_msg("the root: the syntax error told again at the reference:\n%s", got);
	first = strstr(got, "yaml syntax error");
	assert_non_null(first);
	assert_null(strstr(first + 1, "yaml syntax error"));   /* the error is there once */
	free(got);
}

/* Validates path against root; returns the sorted diagnostics one per line,
 * each with the base name of its file ("key.yaml:6:15: ..."). */
static char *validate_named(const char *path, const char *root)
{
	struct tm_diags d;
	tm_diags_init(&d);
	tm_validate_path(path, root, &d);
	return diags_text(&d, true);
}

/* A duplicate key is one error: the file's other checks still run (with the
 * key's first value) and so do its sibling files'; a syntax error stops its own
 * file only (key.yaml beside an unreadable exercise.yaml is still checked). The
 * key is still refused for grading whenever any of it has an error. */
static void test_one_error_hides_no_other(void **state)
{
	(void)state;
	char dir[300], keypath[340];
	snprintf(dir, sizeof(dir), "%s/dupkey", tmpdir);
	mkdir(dir, 0700);
	static const char ex[] = "id: dupkey\ntitle: T\npart: 1\nsummary: S\nminutes: 10\n"
				 "minutes: 20\ndiagramm: d.txt\nkey: key.yaml\n";
	static const char key[] = "threats:\n  - id: K1\n    title: Stolen tokens\n"
				  "    title: Tokens\n    stride: [spoofing]\n"
				  "    severity: critcal\n";
	write_file("dupkey/exercise.yaml", ex, sizeof(ex) - 1);
	write_file("dupkey/key.yaml", key, sizeof(key) - 1);
	char *got = validate_named(dir, tmpdir);
	assert_string_equal(got,
		"exercise.yaml:1:1: exercise is missing required key 'document'\n"
		"exercise.yaml:1:1: exercise is missing required key 'steps'\n"
		"exercise.yaml:1:1: exercise is missing required key 'assets'\n"
		"exercise.yaml:1:1: exercise is missing required key 'scope'\n"
		"exercise.yaml:6:1: duplicate key 'minutes' (first at line 5)\n"
		"exercise.yaml:7:1: unknown key 'diagramm' in exercise; did you mean "
		"'diagram'?\n"
		"key.yaml:4:5: duplicate key 'title' (first at line 3)\n"
		"key.yaml:6:15: unknown severity 'critcal'; did you mean 'critical'?\n");
	free(got);

	/* a syntax error in exercise.yaml: key.yaml is still checked */
	static const char syntax[] = "id: [\n";
	write_file("dupkey/exercise.yaml", syntax, sizeof(syntax) - 1);
	got = validate_named(dir, tmpdir);
	assert_non_null(strstr(got, "exercise.yaml:2:1: yaml syntax error"));
	assert_non_null(strstr(got, "key.yaml:4:5: duplicate key 'title' (first at line 3)\n"
				    "key.yaml:6:15: unknown severity 'critcal'"));
	free(got);

	/* a duplicate key alone refuses the key, in the key and in exercise.yaml */
	static const char dupkey[] = "threats:\n  - id: K1\n    title: Stolen tokens\n"
				     "    title: Tokens\n    stride: [spoofing]\n"
				     "    severity: high\n";
	static const char dupex[] = "id: dupkey\nkey: key.yaml\nkey: key.yaml\n";
	static const char goodkey[] = "threats:\n  - {id: K1, title: Stolen tokens, "
				      "stride: [spoofing], severity: high}\n";
	struct grader_key *k = (struct grader_key *)dir;
	struct tm_diags d;
	tm_diags_init(&d);
	write_file("dupkey/key.yaml", dupkey, sizeof(dupkey) - 1);
	snprintf(keypath, sizeof(keypath), "%s/key.yaml", dir);
	assert_int_equal(tm_key_load(keypath, NULL, &k, &d), TM_EINVALID);
	assert_null(k);
	assert_int_equal(d.count, 1);
	tm_diags_release(&d);
	write_file("dupkey/exercise.yaml", dupex, sizeof(dupex) - 1);
	write_file("dupkey/key.yaml", goodkey, sizeof(goodkey) - 1);
	k = (struct grader_key *)dir;
	assert_int_equal(tm_key_load(dir, NULL, &k, &d), TM_EINVALID);
	assert_null(k);
	assert_int_equal(d.count, 1);
	assert_string_equal(d.items[0].text, "duplicate key 'key' (first at line 2)");
	tm_diags_release(&d);

	/* a module and a course: the duplicate and the file's other errors */
	static const char module[] = "id: m\ntitle: M\ntitle: N\nobjectives: [o]\n"
				     "items:\n  - lesson: L\n    body: T\n    boddy: U\n"
				     "summary: [s]\n";
	const char *path = write_file("dupmod.yaml", module, sizeof(module) - 1);
	assert_validates_to(path,
		"3:1: duplicate key 'title' (first at line 2)\n"
		"8:5: unknown key 'boddy' in lesson; did you mean 'body'?\n");
	snprintf(dir, sizeof(dir), "%s/dupcourse", tmpdir);
	mkdir(dir, 0700);
	static const char course[] = "id: dupcourse\ntitle: T\npart: 1\nsummary: S\n"
				     "minutes: 5\nminutes: 6\nobjectives: [o]\n"
				     "modules: [gone.yaml]\n";
	write_file("dupcourse/course.yaml", course, sizeof(course) - 1);
	char expected[600];
	snprintf(expected, sizeof(expected),
		 "6:1: duplicate key 'minutes' (first at line 5)\n"
		 "8:11: module file 'gone.yaml' does not exist in %s\n", dir);
	assert_validates_to(dir, expected);
}

/* A module file beside course.yaml that 'modules:' does not list is a warning
 * (code TM_OK) when validating, broken or not; when course.yaml cannot be read,
 * every module file beside it is checked. */
static void test_unlisted_module_files(void **state)
{
	(void)state;
	char dir[300];
	snprintf(dir, sizeof(dir), "%s/unlisted", tmpdir);
	mkdir(dir, 0700);
	static const char course[] = "id: unlisted\ntitle: T\npart: 1\nsummary: S\nminutes: 5\n"
				     "objectives: [o]\nmodules: [m.yaml]\n";
	static const char module[] = "id: m\ntitle: M\nobjectives: [o]\n"
				     "items:\n  - lesson: L\n    body: B\nsummary: [s]\n";
	static const char broken[] = "id: [\n";
	write_file("unlisted/course.yaml", course, sizeof(course) - 1);
	write_file("unlisted/m.yaml", module, sizeof(module) - 1);
	write_file("unlisted/07-new-module.yaml", broken, sizeof(broken) - 1);
	write_file("unlisted/notes.md", broken, sizeof(broken) - 1);

	struct tm_diags d;
	tm_diags_init(&d);
	/* a warning only: the path is clean */
	assert_int_equal(tm_validate_path(dir, NULL, &d), TM_OK);
	assert_int_equal(d.count, 1);
	assert_int_equal(d.items[0].code, TM_OK);
	assert_non_null(strstr(d.items[0].file, "/unlisted/07-new-module.yaml"));
	assert_string_equal(d.items[0].text,
			    "module file '07-new-module.yaml' is not in course.yaml's 'modules:' "
			    "list, so it is not part of the course and is not checked: add it "
			    "to the list, or remove it");
	tm_diags_release(&d);

	/* course.yaml unreadable: its errors only, and a warning that the two
	 * module files beside it were not checked (they were, and a backup copy
	 * or a notes.yaml gave errors that vanished once course.yaml was fixed) */
	write_file("unlisted/course.yaml", broken, sizeof(broken) - 1);
	static const char badmod[] = "id: m\ntitle: M\nobjectives: [o]\n"
				     "items:\n  - lesson: L\n    boddy: B\nsummary: [s]\n";
	write_file("unlisted/m.yaml", badmod, sizeof(badmod) - 1);
	char *got = validate_named(dir, NULL);
	assert_string_equal(got,
		"course.yaml:0:0: 2 module files beside course.yaml were not checked, since "
		"course.yaml could not be read: fix it and check again\n"
		"course.yaml:2:1: yaml syntax error: a value is missing here (in the value that "
		"starts at 2:1): write the value, in quotes if it starts with a sign such as ',' "
		"or ']'\n");
	free(got);
	tm_diags_init(&d);
	assert_int_not_equal(tm_validate_path(dir, NULL, &d), TM_OK);
	for (size_t i = 0; i < d.count; i++)
		if (strstr(d.items[i].text, "not checked") != NULL)
			assert_int_equal(d.items[i].code, TM_OK);
	tm_diags_release(&d);
}

/* Feedback that opens with the verdict the UI prints itself is refused, at the
 * feedback; words that only begin the same way are not. */
static void test_feedback_verdicts(void **state)
{
	(void)state;
	static const char module[] =
		"id: fb\ntitle: F\nobjectives: [o]\nitems:\n"
		"  - quiz: Q\n"
		"    questions:\n"
		"      - id: tf\n"
		"        type: true-false\n"
		"        prompt: P?\n"
		"        explanation: E.\n"
		"        answer: true\n"
		"        feedback:\n"
		"          correct: Correct. Data was changed.\n"
		"          incorrect: \"Not quite: even spending ignores likelihood.\"\n"
		"      - id: one\n"
		"        type: single\n"
		"        prompt: P?\n"
		"        explanation: E.\n"
		"        choices:\n"
		"          - text: A\n"
		"            correct: true\n"
		"            feedback: right, a\n"
		"          - text: B\n"
		"            feedback: Right-hand side only; correctly signed is not enough.\n"
		"summary: [s]\n";
	const char *path = write_file("fb.yaml", module, sizeof(module) - 1);
	assert_validates_to(path,
		"13:20: feedback starts with 'Correct', which the program already prints; "
		"start with the reason\n"
		"14:22: feedback starts with 'Not quite', which the program already prints; "
		"start with the reason\n"
		"22:23: feedback starts with 'right', which the program already prints; "
		"start with the reason\n");
}

/* A text or Markdown file (a sample, a design document) is not a tmdojo file;
 * a directory of courses or exercises validates each; a directory of YAML files
 * validates each file. */
static void test_validate_directories_and_text_files(void **state)
{
	(void)state;
	char dir[300], path[400], expected[1200];
	const char *sample = write_file("strong.txt", "- Card numbers in logs\n  - id: x\n", 33);
	assert_validates_to(sample, "1:1: not a tmdojo file: expected a course, module, exercise, "
			    "key, lexicon or policy.yaml\n");

	snprintf(dir, sizeof(dir), "%s/many", tmpdir);
	mkdir(dir, 0700);
	static const char good[] = "id: good\ntitle: T\npart: 1\nsummary: S\nminutes: 5\n"
				   "objectives: [o]\nmodules: [m.yaml]\n";
	static const char bad[] = "id: bad\ntitle: T\npart: 1.5\nsummary: S\nminutes: 5\n"
				  "objectives: [o]\nmodules: [m.yaml]\n";
	static const char module[] = "id: m\ntitle: M\nobjectives: [o]\n"
				     "items:\n  - lesson: L\n    body: B\nsummary: [s]\n";
	snprintf(path, sizeof(path), "%s/good", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/bad", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/notes", dir);
	mkdir(path, 0700);
	write_file("many/good/course.yaml", good, sizeof(good) - 1);
	write_file("many/good/m.yaml", module, sizeof(module) - 1);
	write_file("many/bad/course.yaml", bad, sizeof(bad) - 1);
	write_file("many/bad/m.yaml", module, sizeof(module) - 1);
	snprintf(expected, sizeof(expected), "3:7: 'part' must be a whole number from 1 to 999 "
		 "(1, 2, 3, 201) or a lowercase name such as refresher, not '1.5'\n");
	assert_validates_to(dir, expected);

	snprintf(dir, sizeof(dir), "%s/lex", tmpdir);
	mkdir(dir, 0700);
	write_file("lex/a.yaml", "stopwords: [the]\n", 17);
	write_file("lex/b.yaml", "synonyms: [a, b]\n", 17);
	write_file("lex/notes.txt", "not yaml: [\n", 12);
	assert_validates_to(dir, "1:11: 'synonyms' is a list of groups, each a list of words: "
			    "write [[a, b]] for one group\n");

	snprintf(dir, sizeof(dir), "%s/nothing", tmpdir);
	mkdir(dir, 0700);
	assert_validates_to(dir, "0:0: directory holds no course.yaml, exercise.yaml, courses/, "
			    "course or exercise directories, or YAML files\n");
}

/* Values from a fixed list may be written in any case: a severity, a STRIDE
 * category, a data class (docs/FORMAT.md); step names, used as keys too, are
 * lowercase. */
static void test_values_in_any_case(void **state)
{
	(void)state;
	char dir[300], path[340];
	snprintf(dir, sizeof(dir), "%s/cases", tmpdir);
	mkdir(dir, 0700);
	static const char ex[] =
		"id: cases\ntitle: Cases\npart: 2\nsummary: S.\nminutes: 5\n"
		"document: design.md\nkey: key.yaml\nsteps: [read, Threats]\n"
		"assets: [{name: tokens, class: Secret}, {name: logs, class: CONFIDENTIAL}]\n"
		"scope: {in: [the API]}\n";
	static const char key[] = "threats:\n  - {id: K1, title: Stolen tokens, "
				  "stride: [Spoofing], severity: High}\n";
	write_file("cases/exercise.yaml", ex, sizeof(ex) - 1);
	write_file("cases/key.yaml", key, sizeof(key) - 1);
	write_file("cases/design.md", "# Design\n", 9);
	snprintf(path, sizeof(path), "%s/exercise.yaml", dir);
	assert_validates_to(path, "8:15: unknown step 'Threats'; did you mean 'threats'?\n");
}

/* ==== the remediation policy (policy.yaml) ============================================ */

/* Without policy.yaml, a content root's windows are the common default; a
 * policy.yaml gives the organization's, in its own words. */
static void test_policy_windows(void **state)
{
	(void)state;
	struct tm_content *c = NULL;
	struct tm_diags d;
	tm_diags_init(&d);
	assert_int_equal(tm_content_load(FIXTURES "/content", &c, &d), TM_OK);
	assert_string_equal(tm_content_remediation_window(c, GRADER_SEV_CRITICAL), "within days");
	assert_string_equal(tm_content_remediation_window(c, GRADER_SEV_LOW), "when convenient");
	assert_null(tm_content_remediation_window(c, GRADER_SEV_NONE));
	assert_false(tm_content_remediation_is_policy(c));
	tm_content_free(c);

	/* the limit is 80 characters, not bytes: 50 euro signs (150 bytes) fit */
	static const char policy[] = "remediation:\n  source: organization\n  due:\n"
				     "    critical: within 24 hours\n    high: within 7 days\n"
				     "    medium: within 30 days\n    low: \"\xe2\x82\xac\xe2\x82\xac"
				     "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac"
				     "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac"
				     "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac"
				     "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac"
				     "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac"
				     "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac"
				     "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac"
				     "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac"
				     "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac"
				     "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\"\n";
	char root[300], cmd[700];
	snprintf(root, sizeof(root), "%s/pw", tmpdir);
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s' && cp -R " FIXTURES "/content/courses "
		 FIXTURES "/content/exercises '%s/'", root, root);
	assert_int_equal(system(cmd), 0);
	write_file("pw/policy.yaml", policy, sizeof(policy) - 1);
	assert_int_equal(tm_content_load(root, &c, &d), TM_OK);
	assert_string_equal(tm_content_remediation_window(c, GRADER_SEV_CRITICAL),
			    "within 24 hours");
	assert_string_equal(tm_content_remediation_window(c, GRADER_SEV_MEDIUM), "within 30 days");
	assert_int_equal(strlen(tm_content_remediation_window(c, GRADER_SEV_LOW)), 150);
	assert_true(tm_content_remediation_is_policy(c));
	tm_content_free(c);
	tm_diags_release(&d);
}

/* A policy.yaml's mistakes, each at its line:column: an unknown source, an
 * unknown severity (with the one meant), a missing one, a blank or overlong
 * window; and it fails the content root's load. */
static void test_policy_errors(void **state)
{
	(void)state;
	static const char src[] =
		"remediation:\n"
		"  source: orgnization\n"
		"  due:\n"
		"    critical: \"\"\n"
		"    hihg: within 7 days\n"
		"    medium: within thirty days, or sooner when the review board asks for it, whichever comes first\n"
		"    urgent: now\n";
	char root[300], cmd[700];
	snprintf(root, sizeof(root), "%s/pe", tmpdir);
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s' && cp -R " FIXTURES "/content/courses "
		 FIXTURES "/content/exercises '%s/'", root, root);
	assert_int_equal(system(cmd), 0);
	const char *path = write_file("pe/policy.yaml", src, sizeof(src) - 1);
	assert_validates_to(path,
		"2:11: unknown source 'orgnization'; did you mean 'organization'?\n"
		"4:5: due is missing required key 'low'\n"
		"4:15: 'critical' is empty: write it\n"
		"5:5: unknown key 'hihg' in due; did you mean 'high'?\n"
		"6:13: the window of 'medium' is 86 characters long: write it in at most 80 (\"within 24 hours\")\n"
		"7:5: unknown key 'urgent' in due\n");
	struct tm_content *c = NULL;
	struct tm_diags d;
	tm_diags_init(&d);
	assert_int_not_equal(tm_content_load(root, &c, &d), TM_OK);
	assert_null(c);
	tm_diags_release(&d);
}

/* ==== valid content and the model ===================================================== */

static void test_fixture_content_model(void **state)
{
	(void)state;
	struct tm_content *c = NULL;
	struct tm_diags d;
	tm_diags_init(&d);
	assert_int_equal(tm_content_load(FIXTURES "/content", &c, &d), TM_OK);
	assert_int_equal(d.count, 0);
	assert_int_equal(tm_content_course_count(c), 1);
	const struct tm_course *co = tm_content_find_course(c, "sample");
	assert_non_null(co);
	assert_string_equal(tm_course_part(co), "1");
	assert_int_equal(tm_course_minutes(co), 10);
	const struct tm_module *m = tm_course_find_module(co, "basics");
	assert_non_null(m);
	assert_int_equal(tm_module_item_count(m), 3);
	const struct tm_item *quiz = tm_module_item(m, 1);
	assert_int_equal(tm_item_kind(quiz), TM_ITEM_QUIZ);
	assert_int_equal(tm_item_pass_mark(quiz), 60);
	assert_int_equal(tm_item_attempts(quiz), 2);
	assert_false(tm_item_shuffle(quiz));
	assert_int_equal(tm_item_question_count(quiz), 8);
	for (size_t i = 0; i < 8; i++)
		assert_int_equal(tm_question_type(tm_item_question(quiz, i)), (int)i);
	const struct tm_question *single = tm_item_question(quiz, 0);
	assert_int_equal(tm_question_stride(single), GRADER_STRIDE_S);
	assert_true(tm_question_choice_correct(single, 0));
	assert_string_equal(tm_question_choice_feedback(single, 1), "Tampering changes data.");
	const struct tm_question *match = tm_item_question(quiz, 5);
	assert_int_equal(tm_question_option_count(match), 3);
	assert_string_equal(tm_question_option(match, 2), "Repudiation");
	const struct tm_question *tl = tm_item_question(quiz, 7);
	assert_non_null(tm_question_exercise(tl));
	assert_int_equal((int)tm_question_pass_score(tl), 40);
	const struct tm_exercise *e = tm_content_find_exercise(c, "add-user-api");
	assert_ptr_equal(tm_item_exercise(tm_module_item(m, 2)), e);
	assert_int_equal(tm_exercise_timebox(e, TM_STEP_READ), 3);
	assert_int_equal(tm_exercise_asset_class(e, 1), TM_CLASS_SECRET);
	assert_int_equal(grader_key_threat_count(tm_exercise_key(e)), 4);
	assert_int_equal(grader_threat_severity(tm_exercise_key(e), 0), GRADER_SEV_CRITICAL);
	assert_int_equal(tm_exercise_sample_count(e), 1);
	assert_int_equal((int)tm_exercise_sample_score_min(e, 0), 40);
	assert_non_null(strstr(tm_exercise_document(e), "POST /users"));
	tm_content_free(c);
	tm_diags_release(&d);
}

static void test_key_load_forms(void **state)
{
	(void)state;
	static const char *const forms[] = {
		FIXTURES "/content/exercises/add-user-api",
		FIXTURES "/content/exercises/add-user-api/exercise.yaml",
		FIXTURES "/content/exercises/add-user-api/key.yaml",
	};
	for (size_t i = 0; i < 3; i++) {
		struct grader_key *key = NULL;
		struct tm_diags d;
		tm_diags_init(&d);
		assert_int_equal(tm_key_load(forms[i], NULL, &key, &d), TM_OK);
		assert_string_equal(grader_key_name(key), "add-user-api");
		assert_int_equal(grader_key_find(key, "A03"), 2);
		grader_key_free(key);
		tm_diags_release(&d);
	}
}

/* Grading reads only the key an exercise names: a broken design-document
 * reference does not stop it, a missing key file does, at the 'key:' line. */
static void test_key_load_reads_only_the_key(void **state)
{
	(void)state;
	char dir[300];
	snprintf(dir, sizeof(dir), "%s/ex-only-key", tmpdir);
	mkdir(dir, 0700);
	static const char ex[] = "id: ex-only-key\ndocument: missing.md\nkey: key.yaml\n";
	static const char key[] = "threats:\n  - {id: K1, title: Stolen tokens, "
				  "stride: [spoofing], severity: high}\n";
	write_file("ex-only-key/exercise.yaml", ex, sizeof(ex) - 1);
	write_file("ex-only-key/key.yaml", key, sizeof(key) - 1);
	struct grader_key *k = NULL;
	struct tm_diags d;
	tm_diags_init(&d);
	assert_int_equal(tm_key_load(dir, NULL, &k, &d), TM_OK);
	assert_string_equal(grader_key_name(k), "ex-only-key");
	assert_int_equal(grader_key_threat_count(k), 1);
	grader_key_free(k);

	static const char nokey[] = "id: ex-only-key\nkey: gone.yaml\n";
	write_file("ex-only-key/exercise.yaml", nokey, sizeof(nokey) - 1);
	assert_int_equal(tm_key_load(dir, NULL, &k, &d), TM_EINVALID);
	assert_null(k);
	assert_int_equal(d.count, 1);
	assert_string_equal(d.items[0].text, "key file 'gone.yaml' does not exist");
	assert_int_equal(d.items[0].line, 2);
	assert_int_equal(d.items[0].column, 6);
	tm_diags_release(&d);
}

/* A key's 'exercise:' that names another exercise than the exercise.yaml that
 * uses it is an error at that line, when validating and when grading (grade
 * --json would report the other exercise's name); a key on its own may say
 * what it likes. */
static void test_key_exercise_mismatch(void **state)
{
	(void)state;
	char dir[300], keypath[340];
	snprintf(dir, sizeof(dir), "%s/billing", tmpdir);
	mkdir(dir, 0700);
	static const char ex[] = "id: billing\nkey: key.yaml\n";
	static const char key[] = "# the billing key\nexercise: webhook-delivery\nthreats:\n"
				  "  - {id: K1, title: Stolen tokens, stride: [spoofing], "
				  "severity: high}\n";
	write_file("billing/exercise.yaml", ex, sizeof(ex) - 1);
	write_file("billing/key.yaml", key, sizeof(key) - 1);
	struct grader_key *k = NULL;
	struct tm_diags d;
	tm_diags_init(&d);
	assert_int_equal(tm_key_load(dir, NULL, &k, &d), TM_EINVALID);
	assert_null(k);
	assert_int_equal(d.count, 1);
	assert_string_equal(d.items[0].text, "this key says it is for exercise 'webhook-delivery', "
			    "but exercise 'billing' uses it: write 'billing', or leave 'exercise' out");
	assert_int_equal(d.items[0].line, 2);
	assert_int_equal(d.items[0].column, 11);
	tm_diags_release(&d);
	/* the key file on its own is a key for webhook-delivery */
	snprintf(keypath, sizeof(keypath), "%s/key.yaml", dir);
	tm_diags_init(&d);
	assert_int_equal(tm_key_load(keypath, NULL, &k, &d), TM_OK);
	assert_string_equal(grader_key_name(k), "webhook-delivery");
	grader_key_free(k);
	tm_diags_release(&d);
}

/* Exercise hints: per listed step, a text or a list of texts with words. */
static void test_exercise_hint_errors(void **state)
{
	(void)state;
	char dir[300], path[320];
	snprintf(dir, sizeof(dir), "%s/hx", tmpdir);
	mkdir(dir, 0700);
	static const char ex[] =
		"id: hx\ntitle: Hints\npart: 2\nsummary: Hints.\nminutes: 5\n"
		"document: design.md\nkey: key.yaml\nsteps: [read, assets, threats]\n"
		"assets: [{name: tokens, class: secret}]\nscope: {in: [the API]}\n"
		"hints:\n"
		"  read: Read it twice.\n"
		"  assets: [\"Follow the tokens.\", \"...\"]\n"
		"  threats: {a: b}\n"
		"  top-three: [Weigh them.]\n"
		"  scpe: Look.\n";
	static const char key[] = "threats:\n  - {id: K1, title: Stolen tokens, "
				  "stride: [spoofing], severity: high}\n";
	write_file("hx/exercise.yaml", ex, sizeof(ex) - 1);
	write_file("hx/key.yaml", key, sizeof(key) - 1);
	write_file("hx/design.md", "# Design\n", 9);
	snprintf(path, sizeof(path), "%s/exercise.yaml", dir);
	char *got = validate(path);
	assert_non_null(strstr(got, "13:34: a hint must be a text with words in it: write it, or "
				    "delete it\n"));
	assert_non_null(strstr(got, "14:12: a step's hints are a text or a list of texts\n"));
	assert_non_null(strstr(got, "15:3: hints for step 'top-three', which 'steps' does not "
				    "list: add the step or delete its hints\n"));
	assert_non_null(strstr(got, "16:3: unknown step 'scpe'; did you mean 'scope'?\n"));
	free(got);
}

/* An empty list of hints is told it is empty (it was told "a step's hints are a
 * text or a list of texts", which it is); a step name in capitals is told its
 * lowercase name, as one with a capital initial was. */
static void test_exercise_step_case_and_empty_hints(void **state)
{
	(void)state;
	char dir[300], path[320];
	snprintf(dir, sizeof(dir), "%s/hy", tmpdir);
	mkdir(dir, 0700);
	static const char ex[] =
		"id: hy\ntitle: Hints\npart: 2\nsummary: Hints.\nminutes: 5\n"
		"document: design.md\nkey: key.yaml\nsteps: [READ, Assets, threats, top-three]\n"
		"assets: [{name: tokens, class: secret}]\nscope: {in: [the API]}\n"
		"hints:\n"
		"  top-three: []\n";
	static const char key[] = "threats:\n  - {id: K1, title: Stolen tokens, "
				  "stride: [spoofing], severity: high}\n";
	write_file("hy/exercise.yaml", ex, sizeof(ex) - 1);
	write_file("hy/key.yaml", key, sizeof(key) - 1);
	write_file("hy/design.md", "# Design\n", 9);
	snprintf(path, sizeof(path), "%s/exercise.yaml", dir);
	char *got = validate(path);
	assert_non_null(strstr(got, "8:9: unknown step 'READ'; did you mean 'read'?\n"));
	assert_non_null(strstr(got, "8:15: unknown step 'Assets'; did you mean 'assets'?\n"));
	assert_non_null(strstr(got, "12:14: the hints of step 'top-three' are an empty list: write "
				    "a hint in it, or delete the step's hints\n"));
	assert_null(strstr(got, "a text or a list of texts"));
	free(got);
}

/* The content root a path sits in: above the nearest courses/ or exercises/. */
static void test_content_root_of(void **state)
{
	(void)state;
	char dir[600], real[4096], want[4200];
	snprintf(dir, sizeof(dir), "%s/root/courses/c1", tmpdir);
	char cmd[1400];
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s' '%s/root/exercises/e1/samples'", dir, tmpdir);
	assert_int_equal(system(cmd), 0);
	write_file("root/courses/c1/m.yaml", "id: m\n", 6);
	assert_non_null(realpath(tmpdir, real));
	snprintf(want, sizeof(want), "%s/root", real);
	static const char *const inside[] = { "root/courses", "root/courses/c1",
		"root/courses/c1/m.yaml", "root/exercises/e1/samples", "root/exercises" };
	for (size_t i = 0; i < sizeof(inside) / sizeof(inside[0]); i++) {
		char path[800];
		snprintf(path, sizeof(path), "%s/%s", tmpdir, inside[i]);
		char *root = tm_content_root_of(path);
		assert_non_null(root);
		assert_string_equal(root, want);
		free(root);
	}
	char path[800];
	snprintf(path, sizeof(path), "%s/root", tmpdir);
	assert_null(tm_content_root_of(path));
	assert_null(tm_content_root_of(tmpdir));
	snprintf(path, sizeof(path), "%s/no-such-file", tmpdir);
	assert_null(tm_content_root_of(path));
}

static void test_missing_root(void **state)
{
	(void)state;
	struct tm_content *c = (struct tm_content *)&c;
	struct tm_diags d;
	tm_diags_init(&d);
	assert_int_equal(tm_content_load("/nonexistent/tmdojo", &c, &d), TM_ENOTFOUND);
	assert_null(c);
	assert_int_equal(d.count, 1);
	tm_diags_release(&d);
	tm_content_free(NULL);
}

/* An exercise directory loads on its own (keycheck outside a content root): one
 * exercise, no course; a directory without exercise.yaml is refused. */
static void test_exercise_alone(void **state)
{
	(void)state;
	struct tm_content *c = NULL;
	struct tm_diags d;
	tm_diags_init(&d);
	assert_int_equal(tm_content_load_exercise(FIXTURES "/content/exercises/add-user-api",
						  FIXTURES "/content", &c, &d), TM_OK);
	assert_int_equal(d.count, 0);
	assert_int_equal(tm_content_course_count(c), 0);
	assert_int_equal(tm_content_exercise_count(c), 1);
	assert_string_equal(tm_exercise_id(tm_content_exercise(c, 0)), "add-user-api");
	assert_non_null(tm_exercise_key(tm_content_exercise(c, 0)));
	tm_content_free(c);
	c = (struct tm_content *)&c;
	assert_int_equal(tm_content_load_exercise(FIXTURES "/content", NULL, &c, &d),
			 TM_ENOTFOUND);
	assert_null(c);
	assert_int_equal(d.count, 1);
	assert_non_null(strstr(d.items[0].text, "no exercise.yaml"));
	tm_diags_release(&d);
}

/* Loads a copy of the fixture exercise add-user-api whose design document is
 * design (len bytes) and diagram is diagram; returns the errors, one
 * "file:line:column: text" per line after the directory, and the content in
 * *c (NULL on errors). */
static char *load_exercise_texts(const char *design, size_t len, const char *diagram,
				 struct tm_content **c)
{
	char cmd[700], dir[300];
	struct tm_diags d;

	snprintf(dir, sizeof(dir), "%s/texts", tmpdir);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' && cp -R %s/content/exercises/add-user-api '%s'",
		 dir, FIXTURES, dir);
	assert_int_equal(system(cmd), 0);
	write_file("texts/design.md", design, len);
	write_file("texts/diagram.txt", diagram, strlen(diagram));
	tm_diags_init(&d);
	tm_content_load_exercise(dir, NULL, c, &d);
	return diags_text(&d, true);
}

/* The design document and the diagram are read as YAML text is: a leading
 * byte order mark is dropped, CR LF read as LF; escape sequences, other
 * control characters, lone CRs and bytes that are not UTF-8 are errors at
 * file:line:column, so none reaches the learner's terminal. */
static void test_exercise_texts(void **state)
{
	(void)state;
	struct tm_content *c = NULL;
	static const char bom_crlf[] = "\xef\xbb\xbf# Design\r\n\r\nThe caf\xc3\xa9 API.\r\n";
	char *got = load_exercise_texts(bom_crlf, sizeof(bom_crlf) - 1, "[a] -> [b]\r\n", &c);
	assert_string_equal(got, "");
	free(got);
	assert_non_null(c);
	assert_string_equal(tm_exercise_document(tm_content_exercise(c, 0)),
			    "# Design\n\nThe caf\xc3\xa9 API.\n");
	assert_string_equal(tm_exercise_diagram(tm_content_exercise(c, 0)), "[a] -> [b]\n");
	tm_content_free(c);

	static const char hostile[] = "# Design\n\x1b]0;pwned\x07 title\n\xc3\xa9 \x1b[31mred\n"
				      "a\rb\n\xc2\x9b" "2J\nlatin \xe9t\xe9\nnot read\x1b\n";
	got = load_exercise_texts(hostile, sizeof(hostile) - 1, "ok\n\x7f\n", &c);
	assert_null(c);
	assert_string_equal(got,
		"design.md:2:1: this text holds the control character U+001B: remove it; "
		"terminals act on it and the LMS exports cannot hold it\n"
		"design.md:3:3: this text holds the control character U+001B: remove it; "
		"terminals act on it and the LMS exports cannot hold it\n"
		"design.md:4:2: this text holds the control character U+000D: end lines with "
		"LF or CR LF; a lone CR moves the terminal's cursor back over the line\n"
		"design.md:5:1: this text holds the control character U+009B: remove it; "
		"terminals act on it and the LMS exports cannot hold it\n"
		"design.md:6:7: not UTF-8 text (byte 0xe9 here): save the file as UTF-8 "
		"(e.g. iconv -f latin1 -t utf-8)\n"
		"diagram.txt:2:1: this text holds the control character U+007F: remove it; "
		"terminals act on it and the LMS exports cannot hold it\n");
	free(got);

	static const char utf16[] = "\xff\xfe#\0 \0D\0\n\0";
	got = load_exercise_texts(utf16, sizeof(utf16) - 1, "ok\n", &c);
	assert_null(c);
	assert_string_equal(got, "design.md:1:1: this is UTF-16 text: save the file as UTF-8 "
			    "(e.g. iconv -f utf-16 -t utf-8)\n");
	free(got);
}

/* keycheck names the expectation a difference is about: each found and absent
 * id and the score range keep where exercise.yaml writes them, in flow and in
 * block lists. */
static void test_sample_expectation_positions(void **state)
{
	(void)state;
	struct tm_content *c = NULL;
	const struct tm_exercise *e;
	struct tm_diags d;
	char dir[300];
	int line, col;

	tm_diags_init(&d);
	assert_int_equal(tm_content_load_exercise(FIXTURES "/content/exercises/add-user-api",
						  NULL, &c, &d), TM_OK);
	e = tm_content_exercise(c, 0);
	assert_int_equal(tm_exercise_sample_found_count(e, 0), 2);
	tm_exercise_sample_found_at(e, 0, 1, &line, &col);   /* found: [A01, A02] */
	assert_int_equal(line, 27);
	assert_int_equal(col, 20);
	tm_exercise_sample_absent_at(e, 0, 0, &line, &col);  /* absent: [A03] */
	assert_int_equal(line, 28);
	assert_int_equal(col, 16);
	tm_exercise_sample_score_at(e, 0, &line, &col);      /* score: [40, 100] */
	assert_int_equal(line, 29);
	assert_int_equal(col, 14);
	tm_exercise_sample_found_at(e, 0, 2, &line, &col);   /* past the end */
	assert_int_equal(line, 0);
	assert_int_equal(col, 0);
	tm_exercise_sample_score_at(e, 1, &line, &col);
	assert_int_equal(line, 0);
	tm_content_free(c);

	snprintf(dir, sizeof(dir), "%s/px", tmpdir);
	mkdir(dir, 0700);
	static const char ex[] =
		"id: px\ntitle: Positions\npart: 2\nsummary: Positions.\nminutes: 5\n"
		"document: design.md\nkey: key.yaml\nsteps: [threats]\n"
		"assets: [{name: tokens, class: secret}]\nscope: {in: [the API]}\n"
		"samples:\n"
		"  - file: s.txt\n"
		"    expect:\n"
		"      found:\n"
		"        - K2\n"
		"        - K1\n"
		"      score:\n"
		"        [10, 90]\n";
	static const char key[] = "threats:\n  - {id: K1, title: Stolen tokens, "
				  "stride: [spoofing], severity: high}\n"
				  "  - {id: K2, title: Forged tokens, "
				  "stride: [spoofing], severity: high}\n";
	write_file("px/exercise.yaml", ex, sizeof(ex) - 1);
	write_file("px/key.yaml", key, sizeof(key) - 1);
	write_file("px/design.md", "# Design\n", 9);
	write_file("px/s.txt", "stolen tokens\n", 14);
	assert_int_equal(tm_content_load_exercise(dir, NULL, &c, &d), TM_OK);
	e = tm_content_exercise(c, 0);
	tm_exercise_sample_found_at(e, 0, 0, &line, &col);
	assert_int_equal(line, 15);
	assert_int_equal(col, 11);
	tm_exercise_sample_found_at(e, 0, 1, &line, &col);
	assert_int_equal(line, 16);
	assert_int_equal(col, 11);
	tm_exercise_sample_absent_at(e, 0, 0, &line, &col);  /* no absent list */
	assert_int_equal(line, 0);
	tm_exercise_sample_score_at(e, 0, &line, &col);
	assert_int_equal(line, 18);
	assert_int_equal(col, 9);
	tm_content_free(c);
	tm_diags_release(&d);
}

/* keycheck points a pattern that matches nothing at its key.yaml:line:column:
 * each pattern of each threat keeps where it is written, in block and flow
 * lists, numbered as grader_threat_pattern() numbers them. */
static void test_key_pattern_positions(void **state)
{
	(void)state;
	struct tm_content *c = NULL;
	const struct tm_exercise *e;
	struct tm_diags d;
	char dir[300];
	int line, col;

	tm_diags_init(&d);
	snprintf(dir, sizeof(dir), "%s/pp", tmpdir);
	mkdir(dir, 0700);
	static const char ex[] =
		"id: pp\ntitle: Pattern places\npart: 2\nsummary: Pattern places.\nminutes: 5\n"
		"document: design.md\nkey: key.yaml\nsteps: [threats]\n"
		"assets: [{name: tokens, class: secret}]\nscope: {in: [the API]}\n";
	static const char key[] =
		"threats:\n"                                           /* 1 */
		"  - id: K1\n"
		"    title: Stolen tokens\n"
		"    stride: [spoofing]\n"
		"    severity: high\n"                                 /* 5 */
		"    patterns:\n"
		"      - '\\bstolen\\b'\n"
		"      -   \"\\\\bsteal\\\\w*\"\n"
		"  - {id: K2, title: Forged tokens, stride: [spoofing], severity: high}\n"
		"  - id: K3\n"                                         /* 10 */
		"    title: Replayed tokens\n"
		"    stride: [spoofing]\n"
		"    severity: high\n"
		"    patterns: ['\\breplay', '\\bre-?used?\\b']\n";
	write_file("pp/exercise.yaml", ex, sizeof(ex) - 1);
	write_file("pp/key.yaml", key, sizeof(key) - 1);
	write_file("pp/design.md", "# Design\n", 9);
	assert_int_equal(tm_content_load_exercise(dir, NULL, &c, &d), TM_OK);
	e = tm_content_exercise(c, 0);
	assert_non_null(e);
	assert_string_equal(grader_threat_pattern(tm_exercise_key(e), 0, 1), "\\bsteal\\w*");
	tm_exercise_key_pattern_at(e, 0, 0, &line, &col);
	assert_int_equal(line, 7);
	assert_int_equal(col, 9);
	tm_exercise_key_pattern_at(e, 0, 1, &line, &col);
	assert_int_equal(line, 8);
	assert_int_equal(col, 11);
	tm_exercise_key_pattern_at(e, 2, 0, &line, &col);
	assert_int_equal(line, 14);
	assert_int_equal(col, 16);
	tm_exercise_key_pattern_at(e, 2, 1, &line, &col);
	assert_int_equal(line, 14);
	assert_int_equal(col, 28);
	tm_exercise_key_pattern_at(e, 1, 0, &line, &col);    /* K2 has no patterns */
	assert_int_equal(line, 0);
	assert_int_equal(col, 0);
	tm_exercise_key_pattern_at(e, 2, 2, &line, &col);    /* past the end */
	assert_int_equal(line, 0);
	tm_exercise_key_pattern_at(e, 3, 0, &line, &col);    /* no such threat */
	assert_int_equal(line, 0);
	tm_content_free(c);
	tm_diags_release(&d);
}

/* Copies the fixture content root to tmpdir/name and returns its path (static
 * buffer); each of links, "file=target" pairs, then turns file (under the
 * root) into a symbolic link to target. */
static const char *links_root(const char *name, const char *const *links, size_t n)
{
	static char root[300];
	char cmd[4096];

	snprintf(root, sizeof(root), "%s/%s", tmpdir, name);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' && cp -R %s/content '%s' && mkdir -p '%s/shared' "
		 "'%s/outside' && cp %s/content/exercises/add-user-api/design.md "
		 "%s/content/exercises/add-user-api/diagram.txt "
		 "%s/content/exercises/add-user-api/key.yaml "
		 "%s/content/exercises/add-user-api/samples/good.txt "
		 "%s/content/courses/sample/basics.yaml '%s/shared' && cp '%s/shared/'* "
		 "'%s/outside'", root, FIXTURES, root, root, tmpdir, FIXTURES, FIXTURES, FIXTURES,
		 FIXTURES, FIXTURES, root, root, tmpdir);
	assert_int_equal(system(cmd), 0);
	for (size_t i = 0; i < n; i++) {
		char file[600], target[600];
		const char *eq = strchr(links[i], '=');
		snprintf(file, sizeof(file), "%s/%.*s", root, (int)(eq - links[i]), links[i]);
		snprintf(target, sizeof(target), "%s", eq + 1);
		assert_int_equal(unlink(file), 0);
		assert_int_equal(symlink(target, file), 0);
	}
	return root;
}

/* A content file reached through a symbolic link that leaves the content root
 * is refused, at the field that names it, or at the file itself when nothing
 * names it: a link in a content pull request must not carry a trainer's own
 * files into what tmdojo shows and exports. Links that stay inside the root,
 * and a root reached through a link, still load. */
static void test_links_out_of_root_refused(void **state)
{
	(void)state;
	char real[4096], out[600], expected[4000], via[400];
	struct tm_content *c = NULL;
	struct tm_diags d;
	static const char *const outward[] = {
		"exercises/add-user-api/design.md=../../../outside/design.md",
		"exercises/add-user-api/diagram.txt=../../../outside/diagram.txt",
		"exercises/add-user-api/key.yaml=../../../outside/key.yaml",
		"exercises/add-user-api/samples/good.txt=../../../../outside/good.txt",
		"courses/sample/basics.yaml=../../../outside/basics.yaml",
	};
	static const char *const inward[] = {
		"exercises/add-user-api/design.md=../../shared/design.md",
		"exercises/add-user-api/diagram.txt=../../shared/diagram.txt",
		"exercises/add-user-api/key.yaml=../../shared/key.yaml",
		"exercises/add-user-api/samples/good.txt=../../../shared/good.txt",
		"courses/sample/basics.yaml=../../shared/basics.yaml",
	};
	const char *root = links_root("links-out", outward, 5);

	assert_non_null(realpath(tmpdir, real));
	snprintf(out, sizeof(out), "%.500s/outside", real);
	tm_diags_init(&d);
	assert_int_not_equal(tm_content_load(root, &c, &d), TM_OK);
	assert_null(c);
	char *got = diags_text(&d, true);
	snprintf(expected, sizeof(expected),
		 "course.yaml:9:5: module file 'basics.yaml' resolves to %s/basics.yaml, outside "
		 "the content root; copy the file into the root\n"
		 "exercise.yaml:6:11: document 'design.md' resolves to %s/design.md, outside the "
		 "content root; copy the file into the root\n"
		 "exercise.yaml:7:10: diagram 'diagram.txt' resolves to %s/diagram.txt, outside "
		 "the content root; copy the file into the root\n"
		 "exercise.yaml:8:6: key file 'key.yaml' resolves to %s/key.yaml, outside the "
		 "content root; copy the file into the root\n"
		 "exercise.yaml:25:11: sample file 'samples/good.txt' resolves to %s/good.txt, "
		 "outside the content root; copy the file into the root\n", out, out, out, out, out);
	assert_string_equal(got, expected);
	free(got);

	/* validated (probe: samples/ files no list names are read too), and
	 * course.yaml itself a link out */
	static const char *const files[] = {
		"exercises/add-user-api/samples/good.txt=../../../../outside/good.txt",
		"courses/sample/course.yaml=../../../outside/basics.yaml",
	};
	root = links_root("links-files", files, 2);
	char path[400];
	snprintf(path, sizeof(path), "%s/exercises/add-user-api/samples/extra.txt", root);
	assert_int_equal(symlink("../../../../outside/design.md", path), 0);
	got = validate_in(root, root);
	snprintf(expected, sizeof(expected),
		 "0:0: resolves to %s/basics.yaml, outside the content root; copy the file into "
		 "the root\n", out);
	assert_non_null(strstr(got, expected));
	snprintf(expected, sizeof(expected),
		 "0:0: resolves to %s/design.md, outside the content root; copy the file into "
		 "the root\n", out);
	assert_non_null(strstr(got, expected));
	snprintf(expected, sizeof(expected), "25:11: sample file 'samples/good.txt' resolves to "
		 "%s/good.txt", out);
	assert_non_null(strstr(got, expected));
	free(got);

	/* inside the root, followed as before; the root itself may be a link */
	root = links_root("links-in", inward, 5);
	snprintf(via, sizeof(via), "%s/via-link", tmpdir);
	assert_int_equal(symlink("links-in", via), 0);
	tm_diags_init(&d);
	assert_int_equal(tm_content_load(via, &c, &d), TM_OK);
	assert_int_equal(d.count, 0);
	assert_non_null(tm_exercise_key(tm_content_exercise(c, 0)));
	tm_content_free(c);
	tm_diags_release(&d);
	got = validate_in(root, root);
	assert_null(strstr(got, "outside the content root"));
	free(got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tree_positions),
		cmocka_unit_test(test_question_type_names),
		cmocka_unit_test(test_alias_bomb_refused),
		cmocka_unit_test(test_anchors_refused),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_node_limit),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_duplicate_key),
		cmocka_unit_test(test_two_documents),
		cmocka_unit_test(test_suggest),
		cmocka_unit_test(test_three_errors_in_one_run),
		cmocka_unit_test(test_key_errors),
		cmocka_unit_test(test_tags_refused),
		cmocka_unit_test(test_tags_do_not_hide_other_errors),
		cmocka_unit_test(test_tab_indentation),
		cmocka_unit_test(test_every_tab_reported),
		cmocka_unit_test(test_blank_tab_line_reported),
		cmocka_unit_test(test_parse_failure_always_reported),
		cmocka_unit_test(test_syntax_error_advice),
		cmocka_unit_test(test_long_key),
		cmocka_unit_test(test_bom_accepted),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_encoding_errors),
		cmocka_unit_test(test_empty_file),
		cmocka_unit_test(test_directory_as_module),
		cmocka_unit_test(test_file_over_cap),
		cmocka_unit_test(test_wrong_types_and_empty_lists),
		cmocka_unit_test(test_choice_rules),
		cmocka_unit_test(test_empty_texts),
		cmocka_unit_test(test_control_characters),
		cmocka_unit_test(test_carriage_return_in_scalars),
		cmocka_unit_test(test_course_part),
		cmocka_unit_test(test_accepted_answers_need_words),
		cmocka_unit_test(test_rejected_answers_checked),
		cmocka_unit_test(test_rejected_answers_check_bounded),
		cmocka_unit_test(test_short_answers_at_most_100),
		cmocka_unit_test(test_rejected_answers_lists),
		cmocka_unit_test(test_distractors_checked),
		cmocka_unit_test(test_short_patterns_checked_like_keys),
		cmocka_unit_test(test_patterns_matching_anything_refused),
		cmocka_unit_test(test_long_pattern_message_keeps_reason),
		cmocka_unit_test(test_grading_checks_beside_errors),
		cmocka_unit_test(test_duplicate_choices_and_lefts),
		cmocka_unit_test(test_hints_that_give_the_answer_away),
		cmocka_unit_test(test_own_words_earn_another_threat),
		cmocka_unit_test(test_errors_hide_no_other_errors),
		cmocka_unit_test(test_stop_word_aliases),
		cmocka_unit_test(test_generic_word_aliases),
		cmocka_unit_test(test_timebox_for_unlisted_step),
		cmocka_unit_test(test_one_mistake_one_message),
		cmocka_unit_test(test_unknown_key_hides_nothing),
		cmocka_unit_test(test_shared_aliases),
		cmocka_unit_test(test_shared_titles),
		cmocka_unit_test(test_threat_fields_reported_at_their_place),
		cmocka_unit_test(test_lexicon_whole_entries),
		cmocka_unit_test(test_lexicon_payload_entries),
		cmocka_unit_test(test_key_lexicon_messages),
		cmocka_unit_test(test_course_references),
		cmocka_unit_test(test_course_module_listings),
		cmocka_unit_test(test_reference_to_broken_exercise),
		cmocka_unit_test(test_one_error_hides_no_other),
		cmocka_unit_test(test_unlisted_module_files),
		cmocka_unit_test(test_feedback_verdicts),
		cmocka_unit_test(test_validate_directories_and_text_files),
		cmocka_unit_test(test_values_in_any_case),
		cmocka_unit_test(test_fixture_content_model),
		cmocka_unit_test(test_key_load_forms),
		cmocka_unit_test(test_key_load_reads_only_the_key),
		cmocka_unit_test(test_key_exercise_mismatch),
		cmocka_unit_test(test_exercise_hint_errors),
		cmocka_unit_test(test_exercise_step_case_and_empty_hints),
		cmocka_unit_test(test_missing_root),
		cmocka_unit_test(test_content_root_of),
		cmocka_unit_test(test_exercise_alone),
		cmocka_unit_test(test_exercise_texts),
		cmocka_unit_test(test_sample_expectation_positions),
		cmocka_unit_test(test_key_pattern_positions),
		cmocka_unit_test(test_links_out_of_root_refused),
		cmocka_unit_test(test_policy_windows),
		cmocka_unit_test(test_policy_errors),
	};
	return cmocka_run_group_tests_name("loader", tests, make_tmpdir, remove_tmpdir);
}
