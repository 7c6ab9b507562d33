/*
 * test_gradebook.c: grading a class into the gradebook: stored rows, idempotent
 * re-runs (upsert, found threats and top three replaced), the top-three rule,
 * binary files refused, content hashes, cohort membership.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "tmengine.h"
#include "store_internal.h"
#include "grader_internal.h"   /* struct grader_memo: whether a memo was filled */
#include "gradebook_fixture.h"
#include "sqlite_fault.h"


struct fx {
	struct gb_fixture gb;
	const struct tm_exercise *ex;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	gb_fixture_open(&f->gb);
	f->ex = tm_content_find_exercise(f->gb.content, "add-user-api");
	assert_non_null(f->ex);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	gb_fixture_close(&f->gb);
	free(f);
	return 0;
}

static int grade(struct fx *f, const char *cohort, const char *name, const char *text,
		 struct tm_graded *out)
{
	struct tm_diags d;
	tm_diags_init(&d);
	int rc = tm_gradebook_grade(f->gb.g, f->ex, cohort, name, text, strlen(text), 1700000000,
				    out, &d);
	tm_diags_release(&d);
	return rc;
}

/* One integer from a query on a separate connection (what another reader sees). */
static long long query_int(struct fx *f, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	long long v = -1;
	assert_int_equal(sqlite3_open_v2(f->gb.path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static const char alpha[] =
	"- anyone can set role=admin in the request and become an admin\n"
	"- the endpoint is unauthenticated\n";

static void test_grade_stores_row_and_found(void **state)
{
	struct fx *f = *state;
	struct tm_graded res;
	assert_int_equal(grade(f, "c1", "alpha", alpha, &res), TM_OK);
	assert_int_equal(res.found, 2);
	assert_int_equal(res.lines, 2);
	assert_true(res.changed);
	/* critical 4 + high 3 of 4 + 3 + 2 + 1 */
	assert_true(res.points == 7 && res.max == 10);
	assert_int_equal(query_int(f, "SELECT count(*) FROM gb_submissions"), 1);
	assert_int_equal(query_int(f, "SELECT submitted FROM gb_submissions"), 1700000000);
	assert_int_equal(query_int(f, "SELECT line FROM gb_found WHERE threat = 'A02'"), 2);
	assert_int_equal(query_int(f, "SELECT line FROM gb_found WHERE threat = 'A01'"), 1);
	assert_int_equal(query_int(f, "SELECT count(*) FROM gb_top"), 2);
	size_t n = 0;
	struct tm_diags d;
	tm_diags_init(&d);
	assert_int_equal(tm_gradebook_count(f->gb.g, "c1", NULL, &n, &d), TM_OK);
	assert_int_equal(n, 1);
	assert_int_equal(tm_gradebook_count(f->gb.g, "other", NULL, &n, &d), TM_OK);
	assert_int_equal(n, 0);
	tm_diags_release(&d);
}

static void test_regrade_is_idempotent_and_replaces(void **state)
{
	struct fx *f = *state;
	struct tm_graded res;
	assert_int_equal(grade(f, "c1", "alpha", alpha, &res), TM_OK);
	assert_int_equal(grade(f, "c1", "alpha", alpha, &res), TM_OK);
	assert_false(res.changed);
	assert_int_equal(query_int(f, "SELECT count(*) FROM gb_submissions"), 1);
	assert_int_equal(query_int(f, "SELECT count(*) FROM gb_found"), 2);
	/* a new version finds something else: the old found rows must go */
	assert_int_equal(grade(f, "c1", "alpha", "SQL injection in the user name field\n", &res),
			 TM_OK);
	assert_true(res.changed);
	assert_int_equal(query_int(f, "SELECT count(*) FROM gb_submissions"), 1);
	assert_int_equal(query_int(f, "SELECT count(*) FROM gb_found"), 1);
	assert_int_equal(query_int(f, "SELECT count(*) FROM gb_found WHERE threat = 'A03'"), 1);
	assert_int_equal(query_int(f, "SELECT count(*) FROM gb_top"), 1);
	/* the same name in another cohort is another row */
	assert_int_equal(grade(f, "c2", "alpha", alpha, &res), TM_OK);
	assert_int_equal(query_int(f, "SELECT count(*) FROM gb_submissions"), 2);
}

/* Removing a group takes its found threats and top three with it by the
 * schema's ON DELETE CASCADE alone: the store's connection has foreign keys on. */
static void test_remove_cascades(void **state)
{
	struct fx *f = *state;
	struct tm_graded res;
	struct tm_diags d;
	sqlite3_stmt *st = NULL;
	size_t removed = 0;
	tm_diags_init(&d);
	assert_int_equal(sqlite3_prepare_v2(tm_store_db(f->gb.store), "PRAGMA foreign_keys", -1,
					    &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	sqlite3_finalize(st);
	assert_int_equal(grade(f, "c1", "alpha", alpha, &res), TM_OK);
	assert_int_equal(grade(f, "c1", "beta", alpha, &res), TM_OK);
	assert_int_equal(query_int(f, "SELECT count(*) FROM gb_found"), 4);
	assert_int_equal(query_int(f, "SELECT count(*) FROM gb_top"), 4);
	assert_int_equal(tm_gradebook_remove(f->gb.g, "c1", NULL, "alpha", &removed, &d), TM_OK);
	assert_int_equal(removed, 1);
	assert_int_equal(query_int(f, "SELECT count(*) FROM gb_submissions"), 1);
	assert_int_equal(query_int(f, "SELECT count(*) FROM gb_found"), 2);
	assert_int_equal(query_int(f, "SELECT count(*) FROM gb_top"), 2);
	assert_int_equal(query_int(f, "SELECT count(*) FROM gb_found WHERE submission NOT IN"
				      " (SELECT id FROM gb_submissions)"), 0);
	tm_diags_release(&d);
}

static void test_batch_commits_together(void **state)
{
	struct fx *f = *state;
	struct tm_diags d;
	tm_diags_init(&d);
	assert_int_equal(tm_gradebook_begin(f->gb.g, &d), TM_OK);
	assert_int_equal(grade(f, "c1", "a", alpha, NULL), TM_OK);
	assert_int_equal(grade(f, "c1", "b", alpha, NULL), TM_OK);
	tm_gradebook_rollback(f->gb.g);
	assert_int_equal(query_int(f, "SELECT count(*) FROM gb_submissions"), 0);
	assert_int_equal(tm_gradebook_begin(f->gb.g, &d), TM_OK);
	assert_int_equal(grade(f, "c1", "a", alpha, NULL), TM_OK);
	assert_int_equal(grade(f, "c1", "b", alpha, NULL), TM_OK);
	assert_int_equal(tm_gradebook_commit(f->gb.g, &d), TM_OK);
	assert_int_equal(query_int(f, "SELECT count(*) FROM gb_submissions"), 2);
	assert_int_not_equal(tm_gradebook_commit(f->gb.g, &d), TM_OK);   /* no batch open */
	tm_diags_release(&d);
}

static void top_of(const char *text, size_t *n, char out[3][128])
{
	struct grader_submission *sub = NULL;
	struct tm_diags d;
	size_t idx[3];
	tm_diags_init(&d);
	assert_int_equal(tm_submission_parse("t", text, strlen(text), &sub, &d), TM_OK);
	*n = tm_top_three(text, strlen(text), sub, idx);
	for (size_t k = 0; k < *n; k++)
		snprintf(out[k], 128, "%s", grader_submission_line(sub, idx[k]));
	grader_submission_free(sub);
	tm_diags_release(&d);
}

static void test_top_three_rule(void **state)
{
	(void)state;
	char top[3][128];
	size_t n = 0;
	top_of("# threats\n- one\n- two\n- three\n- four\n", &n, top);
	assert_int_equal(n, 3);
	assert_string_equal(top[0], "one");
	assert_string_equal(top[2], "three");
	top_of("- one\n- two\n- three\n- four\n\n## Our Top Three\n1. four\n2. two\n", &n, top);
	assert_int_equal(n, 2);
	assert_string_equal(top[0], "four");
	assert_string_equal(top[1], "two");
	top_of("- one\n# TOP 3 threats\n- x\n- y\n- z\n- w\n", &n, top);
	assert_int_equal(n, 3);
	assert_string_equal(top[0], "x");
	assert_string_equal(top[2], "z");
	/* "top three" in a threat line (not a heading) changes nothing */
	top_of("- our top three worry: one\n- two\n", &n, top);
	assert_int_equal(n, 2);
	assert_string_equal(top[1], "two");
	top_of("", &n, top);
	assert_int_equal(n, 0);
}

/* A text submission with a line "threats:" (not read as YAML by the
 * submission parser) keeps its top-three label. */
static void test_top_three_text_with_threats_line(void **state)
{
	(void)state;
	char top[3][128];
	size_t n = 0;
	const char *text = "Billing review, group otters\nthreats:\n- logs\n- admin\n- cards\n\n"
			   "## Top three\n- cards\n- admin\n- logs\n";
	assert_false(tm_submission_is_yaml(text, strlen(text)));
	top_of(text, &n, top);
	assert_int_equal(n, 3);
	assert_string_equal(top[0], "cards");
	assert_string_equal(top[2], "logs");
	assert_true(tm_submission_is_yaml("threats:\n  - title: a\n", 22));
}

/* The heading's words must be exactly "top three" / "top 3" (with an optional
 * "our" and "threats"), and the first such heading wins. */
static void test_top_three_heading_words(void **state)
{
	(void)state;
	char top[3][128];
	size_t n = 0;
	top_of("# Top 3\n- a\n- b\n- c\n# Top 30 more\n- d\n- e\n- f\n", &n, top);
	assert_int_equal(n, 3);
	assert_string_equal(top[0], "a");
	assert_string_equal(top[2], "c");
	/* "stop three-tier sprawl" and "top 30" are not the top three */
	top_of("- a\n# Stop three-tier sprawl\n- b\n- c\n- d\n", &n, top);
	assert_string_equal(top[0], "a");
	top_of("- a\n## Top 30 threats\n- b\n- c\n- d\n", &n, top);
	assert_string_equal(top[0], "a");
	/* the first of two top-three headings wins */
	top_of("# Top three\n- a\n- b\n- c\n# top three\n- d\n- e\n- f\n", &n, top);
	assert_string_equal(top[0], "a");
	/* punctuation and the optional words */
	top_of("- a\n### Our top-3 threats:\n- b\n- c\n- d\n", &n, top);
	assert_string_equal(top[0], "b");
	top_of("- a\n# **Top Three**\n- b\n", &n, top);
	assert_string_equal(top[0], "b");
	top_of("- a\n# top three of the others\n- b\n", &n, top);
	assert_string_equal(top[0], "a");
}

/* The labels trainers meet in real submissions: plain lines in a .txt (with or
 * without a colon), "Top 3 risks", "(prioritised)", bold, numbered sections. */
static void test_top_three_labels(void **state)
{
	(void)state;
	static const char *const labels[] = {
		"Top three:", "Top three", "## Top 3 risks", "## Top three (prioritised)",
		"**Top three**", "## 3. Top three", "Top-3 threats:", "### TOP3",
		"__Our top three risks in order of priority__",
	};
	char text[256], top[3][128];
	size_t n = 0;
	for (size_t k = 0; k < sizeof(labels) / sizeof(labels[0]); k++) {
		snprintf(text, sizeof(text), "- a\n- b\n- c\n%s\n- x\n- y\n- z\n", labels[k]);
		top_of(text, &n, top);
		assert_int_equal(n, 3);
		if (strcmp(top[0], "x") != 0)
			fail_msg("label '%s' not recognised: top[0] is '%s'", labels[k], top[0]);
		assert_string_equal(top[2], "z");
	}
	/* a threat line that starts with "top three" is no label */
	top_of("- top 3 admins can read every card\n- b\n", &n, top);
	assert_int_equal(n, 2);
	assert_string_equal(top[0], "top 3 admins can read every card");
}

/* The top three are read from whole threats: a list item wrapped onto an
 * indented line filled two places, and a table's header row took the first
 * place (and its third row was lost). */
static void test_top_three_whole_threats(void **state)
{
	(void)state;
	char top[3][128];
	size_t n = 0;
	top_of("- a\n## Top three\n1. first threat,\n   wrapped on\n2. second\n3. third\n",
	       &n, top);
	assert_int_equal(n, 3);
	assert_string_equal(top[0], "first threat, wrapped on");
	assert_string_equal(top[1], "second");
	assert_string_equal(top[2], "third");
	top_of("- a\n## Top three\n\n| Rank | Threat | Severity |\n|------|--------|----------|\n"
	       "| 1 | Card testing with stolen cards | critical |\n| 2 | y two | high |\n"
	       "| 3 | z three | low |\n", &n, top);
	assert_int_equal(n, 3);
	assert_string_equal(top[0], "Card testing with stolen cards");
	assert_string_equal(top[1], "y two");
	assert_string_equal(top[2], "z three");
}

/* Headings with a short lead before "top three" were neither read nor warned
 * about: the top three became the first three lines, silently. */
static void test_top_three_heading_leads(void **state)
{
	(void)state;
	static const char *const labels[] = {
		"## Step 5: Top three", "## Prioritised top three", "## 5. Prioritization (top 3)",
		"**Step 5 - our top 3 risks**", "# Final top-3 (most critical first)",
		"### 4) Our prioritised top three:",
	};
	static const char *const others[] = {
		"## Attacks on the top 3 services", "## Threats we ranked as our top three",
		"Prioritised top three:", "Step 5: Top three", "## Top three that we argued about",
		"- the prioritised top three admins can read cards",
	};
	char text[256], top[3][128];
	size_t n = 0;
	for (size_t k = 0; k < sizeof(labels) / sizeof(labels[0]); k++) {
		snprintf(text, sizeof(text), "- a\n- b\n- c\n%s\n- x\n- y\n- z\n", labels[k]);
		top_of(text, &n, top);
		assert_int_equal(n, 3);
		if (strcmp(top[0], "x") != 0)
			fail_msg("label '%s' not recognised: top[0] is '%s'", labels[k], top[0]);
	}
	for (size_t k = 0; k < sizeof(others) / sizeof(others[0]); k++) {
		snprintf(text, sizeof(text), "- a\n- b\n- c\n%s\n- x\n- y\n- z\n", others[k]);
		top_of(text, &n, top);
		if (strcmp(top[0], "a") != 0)
			fail_msg("'%s' read as a label: top[0] is '%s'", others[k], top[0]);
	}
}

/* The label line is not graded as a threat; a line that only looks like a
 * label is reported, and the top three fall back to the first lines. */
static void test_top_label_not_graded_and_near(void **state)
{
	struct fx *f = *state;
	struct tm_gradebook_entry *e = NULL;
	struct tm_diags d;
	int near = -1;
	static const char plain[] = "SQL injection in the user name field\nTop three:\n"
		"anyone can set role=admin in the request and become an admin\n";
	static const char looks[] = "- SQL injection in the user name field\n"
		"## Top three we argued about\n- the endpoint is unauthenticated\n";
	tm_diags_init(&d);
	assert_int_equal(tm_gradebook_entry_new(f->ex, "a", plain, strlen(plain), 1, NULL, &e, &d),
			 TM_OK);
	assert_int_equal(tm_gradebook_entry_lines(e), 2);
	assert_int_equal(tm_gradebook_entry_top_label(e, &near), 2);
	assert_int_equal(near, 0);
	tm_gradebook_entry_free(e);
	assert_int_equal(tm_gradebook_entry_new(f->ex, "b", looks, strlen(looks), 1, NULL, &e, &d),
			 TM_OK);
	assert_int_equal(tm_gradebook_entry_top_label(e, &near), 0);
	assert_int_equal(near, 2);
	tm_gradebook_entry_free(e);
	/* a heading with a short lead is a label; one with other words around
	 * "top three", and a plain line with a lead and a colon, are warned about;
	 * a threat line with "top three" in it is neither */
	static const struct { const char *line; int label, near; } leads[] = {
		{ "## Step 5: Top three", 2, 0 },
		{ "## 5. Prioritization (top 3)", 2, 0 },
		{ "## Attacks on the top 3 services", 0, 2 },
		{ "Prioritised top three:", 0, 2 },
		{ "- the prioritised top three admins can read cards", 0, 0 },
	};
	for (size_t k = 0; k < sizeof(leads) / sizeof(leads[0]); k++) {
		char text[256];
		snprintf(text, sizeof(text), "- SQL injection in the user name field\n%s\n"
			 "- the endpoint is unauthenticated\n", leads[k].line);
		assert_int_equal(tm_gradebook_entry_new(f->ex, "c", text, strlen(text), 1, NULL, &e, &d),
				 TM_OK);
		if (tm_gradebook_entry_top_label(e, &near) != leads[k].label || near != leads[k].near)
			fail_msg("'%s': label %d, near %d", leads[k].line,
				 tm_gradebook_entry_top_label(e, NULL), near);
		tm_gradebook_entry_free(e);
	}
	tm_diags_release(&d);
}

/* Whether a and b grade alike: the same score, credits (threat, line,
 * similarity) and unmatched lines (closest threat and its similarity). */
static bool results_same(const struct grader_result *a, const struct grader_result *b)
{
	bool same = grader_result_score(a) == grader_result_score(b) &&
		    grader_result_points(a) == grader_result_points(b) &&
		    grader_result_found_count(a) == grader_result_found_count(b) &&
		    grader_result_unmatched_count(a) == grader_result_unmatched_count(b);
	for (size_t i = 0; same && i < grader_result_found_count(a); i++)
		same = grader_result_found_threat(a, i) == grader_result_found_threat(b, i) &&
		       grader_result_found_line(a, i) == grader_result_found_line(b, i) &&
		       grader_result_found_similarity(a, i) ==
			       grader_result_found_similarity(b, i);
	for (size_t i = 0; same && i < grader_result_unmatched_count(a); i++)
		same = grader_result_unmatched_line(a, i) == grader_result_unmatched_line(b, i) &&
		       grader_result_unmatched_closest(a, i) ==
			       grader_result_unmatched_closest(b, i) &&
		       grader_result_unmatched_similarity(a, i) ==
			       grader_result_unmatched_similarity(b, i);
	return same;
}

/* Reads path whole into a new buffer (caller frees), failing the test if it cannot. */
static char *read_whole(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (fp == NULL)
		fail_msg("cannot read '%s'", path);
	char *buf = malloc(1 << 20);
	assert_non_null(buf);
	*len = fread(buf, 1, (1 << 20) - 1, fp);
	buf[*len] = '\0';
	fclose(fp);
	return buf;
}

/* A class graded with one memo per key (as cohort grade grades a run) gets
 * the grades it gets without one: every bundled exercise's samples, in turn,
 * the memo filled by the ones before; and the memo is used. */
static void test_entries_with_memo_same(void **state)
{
	(void)state;
	struct tm_content *c = NULL;
	struct tm_diags d;
	size_t graded = 0;
	const char *src = getenv("TMDOJO_SRC");
	tm_diags_init(&d);
	assert_int_equal(tm_content_load(src != NULL ? src : ".", &c, &d), TM_OK);
	for (size_t x = 0; x < tm_content_exercise_count(c); x++) {
		const struct tm_exercise *ex = tm_content_exercise(c, x);
		struct grader_memo *memo = grader_memo_new(tm_exercise_key(ex));
		assert_non_null(memo);
		for (size_t i = 0; i < tm_exercise_sample_count(ex); i++) {
			struct tm_gradebook_entry *plain = NULL, *memoed = NULL;
			size_t len = 0;
			const char *path = tm_exercise_sample_file(ex, i);   /* a full path */
			char *buf = read_whole(path, &len);
			assert_int_equal(tm_gradebook_entry_new(ex, "g", buf, len, 1, NULL, &plain,
								&d), TM_OK);
			assert_int_equal(tm_gradebook_entry_new(ex, "g", buf, len, 1, memo, &memoed,
								&d), TM_OK);
			if (!results_same(tm_gradebook_entry_result(plain),
					  tm_gradebook_entry_result(memoed)))
				fail_msg("'%s' grades differently with a memo", path);
			graded++;
			tm_gradebook_entry_free(plain);
			tm_gradebook_entry_free(memoed);
			free(buf);
		}
		if (tm_exercise_sample_count(ex) > 0 && memo->n == 0)
			fail_msg("the memo of '%s' was not used", tm_exercise_id(ex));
		grader_memo_free(memo);
	}
	assert_true(graded >= 10);
	tm_content_free(c);
	tm_diags_release(&d);
}

/* Grading apart from storing: an entry graded with no transaction open is
 * stored later, and storing it needs the cohort name to be valid. */
static void test_entry_then_store(void **state)
{
	struct fx *f = *state;
	struct tm_gradebook_entry *e = NULL;
	struct tm_graded out;
	struct tm_diags d;
	tm_diags_init(&d);
	assert_int_equal(tm_gradebook_entry_new(f->ex, "a", alpha, strlen(alpha), 1, NULL, &e, &d),
			 TM_OK);
	assert_int_equal(tm_gradebook_entry_lines(e), 2);
	assert_int_equal(query_int(f, "SELECT count(*) FROM gb_submissions"), 0);
	/* a new group name from a file name follows tm_name_check() too, when
	 * stored: nothing is stored */
	struct tm_gradebook_entry *bad = NULL;
	assert_int_equal(tm_gradebook_entry_new(f->ex, "g\x1b]0;x\a", alpha, strlen(alpha), 1, NULL,
						&bad, &d), TM_OK);
	assert_int_equal(tm_gradebook_store(f->gb.g, "c1", bad, &out, &d), TM_EUSAGE);
	assert_non_null(strstr(d.items[d.count - 1].text, "the submission name 'g?]0;x?'"));
	assert_int_equal(query_int(f, "SELECT count(*) FROM gb_submissions"), 0);
	assert_int_equal(tm_gradebook_store(f->gb.g, "", e, &out, &d), TM_EUSAGE);
	assert_int_equal(tm_gradebook_begin(f->gb.g, &d), TM_OK);
	assert_int_equal(tm_gradebook_store(f->gb.g, "c1", e, &out, &d), TM_OK);
	assert_int_equal(tm_gradebook_commit(f->gb.g, &d), TM_OK);
	assert_int_equal(out.lines, 2);
	assert_true(out.changed);
	assert_int_equal(query_int(f, "SELECT count(*) FROM gb_submissions WHERE name = 'a'"), 1);
	/* one an older tmdojo stored under that name is re-graded under it */
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(f->gb.path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "UPDATE gb_submissions SET name = 'g' || char(27) ||"
				      " ']0;x' || char(7)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(tm_gradebook_store(f->gb.g, "c1", bad, &out, &d), TM_OK);
	assert_true(out.previous);
	tm_gradebook_entry_free(bad);
	tm_gradebook_entry_free(e);
	tm_gradebook_entry_free(NULL);
	tm_diags_release(&d);
}

/* A top three of a credited threat (A01, line 4) and of none (line 5). */
static const char top_credited_and_not[] =
	"- SQL injection in the user name field\n"
	"- anyone can set role=admin in the request and become an admin\n"
	"# Top three\n"
	"1. anyone can set role=admin in the request and become an admin\n"
	"2. the office coffee is bad\n";

static void test_top_three_threats_stored(void **state)
{
	struct fx *f = *state;
	assert_int_equal(grade(f, "c1", "g", top_credited_and_not, NULL), TM_OK);
	assert_int_equal(query_int(f, "SELECT count(*) FROM gb_top"), 2);
	/* a top-three line repeating a credited threat still names it */
	assert_int_equal(query_int(f, "SELECT count(*) FROM gb_top WHERE rank = 1 AND"
				   " threat = 'A01' AND line = 4"), 1);
	assert_int_equal(query_int(f, "SELECT count(*) FROM gb_top WHERE rank = 2 AND"
				   " threat IS NULL"), 1);
}

/* Runs sql on a separate connection. */
static void exec_raw(struct fx *f, const char *sql)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(f->gb.path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

/* Out of memory at each SQLite allocation of storing a grade in turn, the
 * copies sqlite3_bind_text makes among them: the grade is stored whole or not
 * at all, with "out of memory". A failed copy of a top-three line's threat
 * id stored NULL there (the column allows it: "no threat") and the grade
 * went through; one of a NOT NULL column failed as a constraint. */
static void test_grade_out_of_memory(void **state)
{
	struct fx *f = *state;
	const char *text = top_credited_and_not;
	static const char *const clear = "DELETE FROM gb_top; DELETE FROM gb_found;"
					 " DELETE FROM gb_submissions";
	assert_int_equal(grade(f, "c1", "g", text, NULL), TM_OK);
	long long found = query_int(f, "SELECT count(*) FROM gb_found");
	assert_true(found > 0);
	exec_raw(f, clear);
	bool reached = true;
	long n, failed = 0;
	for (n = 1; reached; n++) {
		struct tm_diags d;
		tm_diags_init(&d);
		sqlite_fault_arm(n);
		int rc = tm_gradebook_grade(f->gb.g, f->ex, "c1", "g", text, strlen(text),
					    1700000000, NULL, &d);
		reached = sqlite_fault_disarm();
		assert_true(sqlite3_get_autocommit(tm_store_db(f->gb.store)));
		if (rc == TM_OK) {
			assert_int_equal(query_int(f, "SELECT count(*) FROM gb_submissions"), 1);
			assert_int_equal(query_int(f, "SELECT count(*) FROM gb_found"), found);
			assert_int_equal(query_int(f, "SELECT count(*) FROM gb_top"), 2);
			assert_int_equal(query_int(f, "SELECT count(*) FROM gb_top WHERE rank = 1"
						   " AND threat = 'A01' AND line = 4"), 1);
			exec_raw(f, clear);
		} else {
			sqlite_fault_expect_nomem(n, reached, rc, &d);
			assert_int_equal(query_int(f, "SELECT count(*) FROM gb_submissions"), 0);
			assert_int_equal(query_int(f, "SELECT count(*) FROM gb_found"), 0);
			assert_int_equal(query_int(f, "SELECT count(*) FROM gb_top"), 0);
			failed++;
		}
		tm_diags_release(&d);
	}
	assert_true(failed > 10);   /* the allocations were reached */
}

/* UTF-16 gets grade's advice (iconv), not "binary file": the encoding is
 * checked before the binary test, as tmdojo grade checks it. */
static void test_utf16_refused_as_grade_does(void **state)
{
	struct fx *f = *state;
	static const char u16[] = "\377\376s\000q\000l\000\n\000";
	struct tm_diags d;
	tm_diags_init(&d);
	assert_int_equal(tm_gradebook_grade(f->gb.g, f->ex, "c1", "u16", u16, sizeof(u16) - 1, 0,
					    NULL, &d), TM_EINVALID);
	assert_int_equal(d.count, 1);
	assert_string_equal(d.items[0].text, "this is UTF-16 text: save the threat list as "
			    "UTF-8 (e.g. iconv -f utf-16 -t utf-8)");
	assert_int_equal(d.items[0].line, 1);
	assert_int_equal(d.items[0].column, 1);
	tm_diags_release(&d);
	assert_int_equal(query_int(f, "SELECT count(*) FROM gb_submissions"), 0);
}

static void test_binary_refused(void **state)
{
	struct fx *f = *state;
	static const char bin[] = "PK\003\004\000\000\001\002";
	struct tm_diags d;
	tm_diags_init(&d);
	assert_true(tm_looks_binary(bin, sizeof(bin) - 1));
	assert_false(tm_looks_binary(alpha, strlen(alpha)));
	assert_false(tm_looks_binary("caf\xc3\xa9\tok\r\n", 8));
	/* a NUL byte: tmdojo grade's message and place */
	assert_int_equal(tm_gradebook_grade(f->gb.g, f->ex, "c1", "zip", bin, sizeof(bin) - 1, 0,
					    NULL, &d), TM_EINVALID);
	assert_true(d.count > 0);
	assert_non_null(strstr(d.items[0].text, "a NUL byte: this is not a text file"));
	assert_string_equal(d.items[0].file, "zip");
	assert_int_equal(d.items[0].line, 1);
	assert_int_equal(d.items[0].column, 5);
	tm_diags_release(&d);
	/* mostly control characters, no NUL: still no text */
	tm_diags_init(&d);
	assert_int_equal(tm_gradebook_grade(f->gb.g, f->ex, "c1", "ctl", "\001\002\003ab\n", 6,
					    0, NULL, &d), TM_EINVALID);
	assert_non_null(strstr(d.items[0].text, "binary"));
	tm_diags_release(&d);
	assert_int_equal(query_int(f, "SELECT count(*) FROM gb_submissions"), 0);
	assert_int_equal(grade(f, "", "x", alpha, NULL), TM_EUSAGE);
}

static void test_hash(void **state)
{
	(void)state;
	char a[17], b[17], c[17];
	tm_content_hash("abc", 3, a);
	tm_content_hash("abd", 3, b);
	tm_content_hash("abc", 3, c);
	assert_int_equal(strlen(a), 16);
	assert_string_not_equal(a, b);
	assert_string_equal(a, c);
	tm_content_hash("", 0, a);
	assert_string_equal(a, "cbf29ce484222325");   /* the FNV-1a 64 offset basis */
}

static void test_members(void **state)
{
	struct fx *f = *state;
	struct tm_diags d;
	bool added = false;
	size_t n = 0;
	tm_diags_init(&d);
	assert_int_equal(tm_gradebook_add_member(f->gb.g, "c1", "ana", &added, &d), TM_OK);
	assert_true(added);
	assert_int_equal(tm_gradebook_add_member(f->gb.g, "c1", "ana", &added, &d), TM_OK);
	assert_false(added);
	assert_int_equal(tm_gradebook_add_member(f->gb.g, "c1", "bo", &added, &d), TM_OK);
	assert_int_equal(tm_gradebook_add_member(f->gb.g, "c2", "ana", &added, &d), TM_OK);
	assert_int_equal(tm_gradebook_member_count(f->gb.g, "c1", &n, &d), TM_OK);
	assert_int_equal(n, 2);
	assert_int_equal(tm_gradebook_add_member(f->gb.g, "c1", "", &added, &d), TM_EUSAGE);
	/* names from any caller follow tm_name_check(): learner and cohort */
	assert_int_equal(tm_gradebook_add_member(f->gb.g, "c1", "a\x1b[2J", &added, &d),
			 TM_EUSAGE);
	assert_int_equal(tm_gradebook_add_member(f->gb.g, "c\xff", "ana", &added, &d),
			 TM_EUSAGE);
	assert_int_equal(tm_gradebook_member_count(f->gb.g, "c1", &n, &d), TM_OK);
	assert_int_equal(n, 2);
	tm_diags_release(&d);
}

/* Every cohort with grades or members, once, sorted, with its counts: what
 * 'cohort list' shows and what a mistyped cohort name is checked against. */
static void test_cohorts(void **state)
{
	struct fx *f = *state;
	struct tm_diags d;
	struct tm_gradebook_cohort *list = NULL;
	size_t n = 99;
	tm_diags_init(&d);
	assert_int_equal(tm_gradebook_cohorts(f->gb.g, &list, &n, &d), TM_OK);
	assert_int_equal(n, 0);
	tm_gradebook_cohorts_free(list, n);
	assert_int_equal(grade(f, "spring", "alpha", "SQL injection in the search\n", NULL),
			 TM_OK);
	assert_int_equal(grade(f, "spring", "bravo", "XSS in comments\n", NULL), TM_OK);
	assert_int_equal(tm_gradebook_add_member(f->gb.g, "spring", "ana", NULL, &d), TM_OK);
	assert_int_equal(tm_gradebook_add_member(f->gb.g, "autumn", "ana", NULL, &d), TM_OK);
	assert_int_equal(tm_gradebook_add_member(f->gb.g, "autumn", "bo", NULL, &d), TM_OK);
	assert_int_equal(grade(f, "winter", "alpha", "SQL injection\n", NULL), TM_OK);
	assert_int_equal(tm_gradebook_cohorts(f->gb.g, &list, &n, &d), TM_OK);
	assert_int_equal(n, 3);
	assert_string_equal(list[0].name, "autumn");
	assert_int_equal(list[0].grades, 0);
	assert_int_equal(list[0].members, 2);
	assert_string_equal(list[1].name, "spring");
	assert_int_equal(list[1].grades, 2);
	assert_int_equal(list[1].exercises, 1);
	assert_int_equal(list[1].members, 1);
	assert_string_equal(list[2].name, "winter");
	assert_int_equal(list[2].grades, 1);
	assert_int_equal(list[2].members, 0);
	tm_gradebook_cohorts_free(list, n);
	tm_gradebook_cohorts_free(NULL, 0);
	tm_diags_release(&d);
}

static void test_schema_is_latest(void **state)
{
	struct fx *f = *state;
	assert_true(tm_store_schema_latest() >= 2);
	assert_int_equal(tm_store_schema_version(f->gb.store), tm_store_schema_latest());
	tm_gradebook_close(NULL);
}

/* Groups that look alike: an exact copy of another's file points at the first
 * of its bytes (by name), and names the same but for case (ASCII and Greek
 * here) point at each other; others at nothing. */
static void test_group_lookalikes(void **state)
{
	(void)state;
	const char *names[] = { "Otters", "lone", "otters", "otters-copy", "\xce\xa9mega",
				"\xcf\x89MEGA" };
	const char *hashes[] = { "h1", "h2", "h3", "h1", "h4", "" };
	long copy_of[6], name_like[6];
	assert_int_equal(tm_group_lookalikes(names, hashes, 6, copy_of, name_like), TM_OK);
	assert_int_equal(copy_of[0], -1);
	assert_int_equal(copy_of[3], 0);     /* otters-copy has Otters' bytes */
	assert_int_equal(copy_of[2], -1);
	assert_int_equal(copy_of[5], -1);    /* an unknown hash matches nothing */
	assert_int_equal(name_like[0], 2);
	assert_int_equal(name_like[2], 0);
	assert_int_equal(name_like[1], -1);
	assert_int_equal(name_like[3], -1);
	assert_int_equal(name_like[4], 5);   /* Greek capital and small omega */
	assert_int_equal(name_like[5], 4);
	assert_int_equal(tm_group_lookalikes(names, hashes, 0, copy_of, name_like), TM_OK);
	/* capitals whose small letters lie elsewhere: Y with diaeresis, Greek with tonos */
	const char *more[] = { "\xc5\xb8ves", "\xc3\xbfves", "\xce\x86\xce\xbd\xce\xbd\xce\xb1",
			       "\xce\xac\xce\xbd\xce\xbd\xce\xb1", "\xce\x8f", "\xcf\x8e" };
	const char *none[] = { "a", "b", "c", "d", "e", "f" };
	assert_int_equal(tm_group_lookalikes(more, none, 6, copy_of, name_like), TM_OK);
	assert_int_equal(name_like[0], 1);
	assert_int_equal(name_like[2], 3);
	assert_int_equal(name_like[4], 5);
}

int main(void)
{
	sqlite_fault_install();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_grade_stores_row_and_found, setup, teardown),
		cmocka_unit_test_setup_teardown(test_regrade_is_idempotent_and_replaces, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_batch_commits_together, setup, teardown),
		cmocka_unit_test_setup_teardown(test_remove_cascades, setup, teardown),
		cmocka_unit_test(test_top_three_rule),
		cmocka_unit_test(test_top_three_heading_words),
		cmocka_unit_test(test_top_three_text_with_threats_line),
		cmocka_unit_test(test_top_three_labels),
		cmocka_unit_test(test_top_three_whole_threats),
		cmocka_unit_test(test_top_three_heading_leads),
		cmocka_unit_test_setup_teardown(test_top_label_not_graded_and_near, setup, teardown),
		cmocka_unit_test_setup_teardown(test_entry_then_store, setup, teardown),
		cmocka_unit_test_setup_teardown(test_top_three_threats_stored, setup, teardown),
		cmocka_unit_test_setup_teardown(test_grade_out_of_memory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_binary_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_utf16_refused_as_grade_does, setup, teardown),
		cmocka_unit_test(test_hash),
		cmocka_unit_test(test_group_lookalikes),
		cmocka_unit_test(test_entries_with_memo_same),
		cmocka_unit_test_setup_teardown(test_members, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cohorts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_schema_is_latest, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
