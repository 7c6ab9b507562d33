/*
 * test_store.c: the progress store: schema and migrations, positions, answers,
 * seeds, export, reset, learner isolation, and the failure paths (damaged file,
 * foreign database, newer schema, read-only file and directory, locked file). No
 * failure may change the bytes of an existing file.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "tmengine.h"
#include "store_internal.h"
#include "sqlite_fault.h"

struct fx {
	char dir[64];
	char path[128];
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "/tmp/tmstore-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/sub/dir/progress.db", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "chmod -R u+rwx '%s' && rm -rf '%s'", f->dir, f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

/* What migration 13 added, dropped to make a file of an older schema. */
#define DROP_MIGRATION_13                                                                  \
	"ALTER TABLE gb_top DROP COLUMN closest; ALTER TABLE gb_top DROP COLUMN similarity;" \
	"ALTER TABLE gb_submissions DROP COLUMN top_given;"

static struct tm_store *open_ok(const char *path)
{
	struct tm_diags d;
	struct tm_store *s = NULL;
	tm_diags_init(&d);
	int rc = tm_store_open(path, 100, &s, &d);
	if (rc != TM_OK && d.count > 0)
		fprintf(stderr, "open: %s\n", d.items[0].text);
	assert_int_equal(rc, TM_OK);
	assert_non_null(s);
	tm_diags_release(&d);
	return s;
}

/* Opening with the expected failure; returns the first message (static). */
static const char *open_fails(const char *path, int code)
{
	static char msg[1024];
	struct tm_diags d;
	struct tm_store *s = (struct tm_store *)&d; /* must be reset to NULL */
	tm_diags_init(&d);
	assert_int_equal(tm_store_open(path, 50, &s, &d), code);
	assert_null(s);
	assert_true(d.count > 0);
	snprintf(msg, sizeof(msg), "%s", d.items[0].text);
	tm_diags_release(&d);
	return msg;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	char *buf = malloc(1 << 20);
	assert_non_null(buf);
	*len = fread(buf, 1, 1 << 20, fp);
	fclose(fp);
	return buf;
}

static void spit(const char *path, const char *text, size_t len)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, len, fp), len);
	fclose(fp);
}

/* ==== The happy paths ================================================================ */

static void test_open_creates_and_migrates(void **state)
{
	struct fx *f = *state;
	struct tm_store *s = open_ok(f->path);
	assert_string_equal(tm_store_path(s), f->path);
	assert_true(tm_store_schema_latest() >= 1);
	assert_int_equal(tm_store_schema_version(s), tm_store_schema_latest());
	tm_store_close(s);

	/* The file is a WAL database with the version stamped. */
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), tm_store_schema_latest());
	sqlite3_finalize(st);
	sqlite3_close(db);

	/* Reopening changes nothing. */
	s = open_ok(f->path);
	assert_int_equal(tm_store_schema_version(s), tm_store_schema_latest());
	tm_store_close(s);
	tm_store_close(NULL);
}

/* The engine's one rule for names people give: printable UTF-8. The message
 * shows the name with '?' for what cannot be shown and the first bad byte. */
static void test_name_check(void **state)
{
	struct tm_diags d;
	char buf[8];
	(void)state;
	tm_diags_init(&d);
	assert_int_equal(tm_name_check("learner", "ann", &d), TM_OK);
	assert_int_equal(tm_name_check("learner", "Zo\xc3\xab O'Neil-2", &d), TM_OK);
	assert_int_equal(d.count, 0);
	assert_int_equal(tm_name_check("learner", "ev\x1b[2Jil", &d), TM_EUSAGE);
	assert_string_equal(d.items[0].text, "the learner name 'ev?[2Jil' has a control "
			    "character or a byte that is not UTF-8 (byte 3); use letters, digits "
			    "and punctuation");
	assert_int_equal(tm_name_check("team", "caf\xe9", &d), TM_EUSAGE);
	assert_non_null(strstr(d.items[1].text, "the team name 'caf?' has"));
	assert_non_null(strstr(d.items[1].text, "(byte 4)"));
	assert_int_equal(tm_name_check("group", "a\xc2\x9b", &d), TM_EUSAGE);   /* C1 CSI */
	assert_non_null(strstr(d.items[2].text, "(byte 2)"));
	assert_int_equal(tm_name_check("learner", "tab\there", &d), TM_EUSAGE);
	assert_string_equal(tm_printable("a\x7f\xff\xc3\xa9", buf, sizeof(buf)), "a??\xc3\xa9");
	tm_diags_release(&d);
}

/* A new learner's name: no blank at either end (two learners printing the
 * same), not only blanks; blanks inside are fine. */
static void test_learner_name_check(void **state)
{
	struct tm_diags d;
	(void)state;
	tm_diags_init(&d);
	assert_int_equal(tm_learner_name_check("ann lee", &d), TM_OK);
	assert_int_equal(d.count, 0);
	assert_int_equal(tm_learner_name_check("ana ", &d), TM_EUSAGE);
	assert_string_equal(d.items[0].text, "the learner name 'ana ' ends with a blank, which "
			    "lists do not show; give it without: 'ana'");
	assert_int_equal(tm_learner_name_check("  ana \xc2\xa0 ", &d), TM_EUSAGE);
	assert_non_null(strstr(d.items[1].text, "starts with a blank"));
	assert_non_null(strstr(d.items[1].text, "give it without: 'ana'"));
	assert_int_equal(tm_learner_name_check("\xc2\xa0 ", &d), TM_EUSAGE);
	assert_non_null(strstr(d.items[2].text, "is only blanks"));
	assert_int_equal(tm_learner_name_check("", &d), TM_EUSAGE);
	assert_string_equal(d.items[3].text, "the learner name is empty");
	assert_int_equal(tm_learner_name_check("ev\x1b", &d), TM_EUSAGE);
	assert_non_null(strstr(d.items[4].text, "control character"));
	tm_diags_release(&d);
}

static void test_learners_positions_answers(void **state)
{
	struct fx *f = *state;
	struct tm_diags d;
	tm_diags_init(&d);
	struct tm_store *s = open_ok(f->path);
	long long ann = 0, bob = 0, again = 0;
	assert_int_equal(tm_store_learner(s, "ann", &ann, &d), TM_OK);
	assert_int_equal(tm_store_learner(s, "bob", &bob, &d), TM_OK);
	assert_int_equal(tm_store_learner(s, "ann", &again, &d), TM_OK);
	assert_true(ann != bob);
	assert_true(ann == again);
	assert_int_equal(tm_store_find_learner(s, "carol", &again, &d), TM_ENOTFOUND);
	assert_int_equal(tm_store_learner(s, "", &again, &d), TM_EUSAGE);
	/* the store refuses what learn refuses, whoever calls it */
	assert_int_equal(tm_store_learner(s, "ev\x1b[2Jil", &again, &d), TM_EUSAGE);
	assert_non_null(strstr(d.items[d.count - 1].text, "control character"));
	assert_int_equal(tm_store_find_learner(s, "ev\x1b[2Jil", &again, &d), TM_ENOTFOUND);

	struct tm_position pos;
	assert_int_equal(tm_store_position_get(s, ann, "intro", &pos, &d), TM_ENOTFOUND);
	memset(&pos, 0, sizeof(pos));
	snprintf(pos.module, sizeof(pos.module), "stride");
	snprintf(pos.item, sizeof(pos.item), "i2");
	pos.step = 3;
	pos.attempt = 1;
	pos.score = 2.5;
	pos.max = 4;
	assert_int_equal(tm_store_position_set(s, ann, "intro", &pos, &d), TM_OK);

	struct tm_answer_record a = {
		.course = "intro", .module = "stride", .item = "i2", .question = "q-1",
		.attempt = 1, .answer = "b", .score = 1, .max = 1, .correct = true,
	};
	struct tm_position next = pos;
	next.step = 4;
	next.attempt = 0;
	next.score = 3.5;
	next.max = 5;
	assert_int_equal(tm_store_record_answer(s, ann, &a, &next, &d), TM_OK);
	size_t n = 0;
	assert_int_equal(tm_store_answer_count(s, ann, "intro", &n, &d), TM_OK);
	assert_int_equal(n, 1);
	assert_int_equal(tm_store_answer_count(s, bob, NULL, &n, &d), TM_OK);
	assert_int_equal(n, 0);

	assert_int_equal(tm_store_complete_item(s, ann, "intro", "stride", "i0", 0, 0, true, NULL,
						&d), TM_OK);
	assert_int_equal(tm_store_items_done(s, ann, "intro", NULL, &n, &d), TM_OK);
	assert_int_equal(n, 1);
	assert_int_equal(tm_store_items_done(s, ann, "intro", "other", &n, &d), TM_OK);
	assert_int_equal(n, 0);
	tm_store_close(s);

	/* Everything survives a reopen; bob sees none of ann's progress. */
	s = open_ok(f->path);
	struct tm_position got;
	assert_int_equal(tm_store_position_get(s, ann, "intro", &got, &d), TM_OK);
	assert_string_equal(got.module, "stride");
	assert_string_equal(got.item, "i2");
	assert_int_equal(got.step, 4);
	assert_int_equal(got.attempt, 0);
	assert_true(got.score == 3.5 && got.max == 5);
	assert_int_equal(tm_store_position_get(s, bob, "intro", &got, &d), TM_ENOTFOUND);
	bool done = false, passed = false;
	double score = -1, max = -1;
	assert_int_equal(tm_store_item_result(s, ann, "intro", "stride", "i0", &done, &score, &max,
					      &passed, &d), TM_OK);
	assert_true(done && passed);
	assert_true(score == 0 && max == 0);
	assert_int_equal(tm_store_item_result(s, bob, "intro", "stride", "i0", &done, NULL, NULL,
					      NULL, &d), TM_OK);
	assert_false(done);
	assert_int_equal(tm_store_items_done(s, bob, "intro", NULL, &n, &d), TM_OK);
	assert_int_equal(n, 0);
	tm_store_close(s);
	tm_diags_release(&d);
}

static void test_seed_is_kept(void **state)
{
	struct fx *f = *state;
	struct tm_diags d;
	tm_diags_init(&d);
	struct tm_store *s = open_ok(f->path);
	long long ann = 0, bob = 0;
	assert_int_equal(tm_store_learner(s, "ann", &ann, &d), TM_OK);
	assert_int_equal(tm_store_learner(s, "bob", &bob, &d), TM_OK);
	unsigned seed = 12345;
	assert_int_equal(tm_store_seed(s, ann, "intro", "m", "i1", "q", &seed, &d), TM_OK);
	assert_int_equal(seed, 12345);
	seed = 999;
	assert_int_equal(tm_store_seed(s, ann, "intro", "m", "i1", "q", &seed, &d), TM_OK);
	assert_int_equal(seed, 12345);  /* the first one stays */
	seed = 4000000000u;             /* survives the 32-bit range */
	assert_int_equal(tm_store_seed(s, bob, "intro", "m", "i1", "q", &seed, &d), TM_OK);
	assert_int_equal(seed, 4000000000u);
	tm_store_close(s);
	tm_diags_release(&d);
}

static void test_export_and_reset(void **state)
{
	struct fx *f = *state;
	struct tm_diags d;
	tm_diags_init(&d);
	struct tm_store *s = open_ok(f->path);
	long long ann = 0, bob = 0;
	assert_int_equal(tm_store_learner(s, "ann \"the\" learner", &ann, &d), TM_OK);
	assert_int_equal(tm_store_learner(s, "bob", &bob, &d), TM_OK);
	struct tm_answer_record a = {
		.course = "intro", .module = "m", .item = "i1", .question = "q1",
		.attempt = 1, .answer = "line one\nline \"two\"", .score = 0.5, .max = 1,
	};
	assert_int_equal(tm_store_record_answer(s, ann, &a, NULL, &d), TM_OK);
	a.answer = "bob's answer";
	assert_int_equal(tm_store_record_answer(s, bob, &a, NULL, &d), TM_OK);
	a.course = "other";
	a.answer = "another course";
	assert_int_equal(tm_store_record_answer(s, ann, &a, NULL, &d), TM_OK);

	char *json = NULL;
	assert_int_equal(tm_store_export_json(s, ann, &json, &d), TM_OK);
	assert_non_null(strstr(json, "\"learner\":\"ann \\\"the\\\" learner\""));
	assert_non_null(strstr(json, "\"answer\":\"line one\\nline \\\"two\\\"\""));
	assert_non_null(strstr(json, "\"correct\":false"));
	assert_non_null(strstr(json, "\"answers\":[{"));
	assert_null(strstr(json, "bob"));
	free(json);

	/* Reset one course of one learner. */
	size_t n = 0;
	assert_int_equal(tm_store_reset(s, ann, "intro", &d), TM_OK);
	assert_int_equal(tm_store_answer_count(s, ann, NULL, &n, &d), TM_OK);
	assert_int_equal(n, 1);
	assert_int_equal(tm_store_reset(s, ann, NULL, &d), TM_OK);
	assert_int_equal(tm_store_answer_count(s, ann, NULL, &n, &d), TM_OK);
	assert_int_equal(n, 0);
	assert_int_equal(tm_store_answer_count(s, bob, NULL, &n, &d), TM_OK);
	assert_int_equal(n, 1);
	assert_int_equal(tm_store_export_json(s, ann, &json, &d), TM_OK);
	assert_non_null(strstr(json, "\"answers\":[]"));
	free(json);
	tm_store_close(s);
	tm_diags_release(&d);
}

static void test_default_path(void **state)
{
	(void)state;
	struct tm_diags d;
	char *p = NULL;
	tm_diags_init(&d);
	setenv("TMDOJO_HOME", "/x/home", 1);
	assert_int_equal(tm_store_default_path(&p, &d), TM_OK);
	assert_string_equal(p, "/x/home/progress.db");
	free(p);
	unsetenv("TMDOJO_HOME");
	setenv("XDG_DATA_HOME", "/x/data", 1);
	assert_int_equal(tm_store_default_path(&p, &d), TM_OK);
	assert_string_equal(p, "/x/data/tmdojo/progress.db");
	free(p);
	unsetenv("XDG_DATA_HOME");
	setenv("HOME", "/x/me", 1);
	assert_int_equal(tm_store_default_path(&p, &d), TM_OK);
	assert_string_equal(p, "/x/me/.local/share/tmdojo/progress.db");
	free(p);
	tm_diags_release(&d);
}

/* ==== Failure paths: the file must stay byte for byte ============================== */

static void test_corrupt_file_is_left_alone(void **state)
{
	struct fx *f = *state;
	char path[160];
	snprintf(path, sizeof(path), "%s/progress.db", f->dir);
	char junk[4096];
	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = (char)(i * 7 + 3);
	spit(path, junk, sizeof(junk));
	const char *msg = open_fails(path, TM_ECORRUPT);
	assert_non_null(strstr(msg, "damaged"));
	assert_non_null(strstr(msg, "move it aside"));
	size_t len = 0;
	char *now = slurp(path, &len);
	assert_int_equal(len, sizeof(junk));
	assert_memory_equal(now, junk, sizeof(junk));
	free(now);
}

static void test_damaged_pages_are_reported(void **state)
{
	struct fx *f = *state;
	struct tm_diags d;
	tm_diags_init(&d);
	struct tm_store *s = open_ok(f->path);
	long long ann = 0;
	assert_int_equal(tm_store_learner(s, "ann", &ann, &d), TM_OK);
	tm_store_close(s);
	/* Scribble over the second page (the first table), keep the header. */
	size_t len = 0;
	char *buf = slurp(f->path, &len);
	assert_true(len >= 8192);
	memset(buf + 4096 + 8, 0x5a, 1000);
	spit(f->path, buf, len);
	int code = TM_OK;
	struct tm_store *t = NULL;
	code = tm_store_open(f->path, 50, &t, &d);
	assert_int_equal(code, TM_ECORRUPT);
	assert_null(t);
	size_t len2 = 0;
	char *after = slurp(f->path, &len2);
	assert_int_equal(len, len2);
	assert_memory_equal(buf, after, len);
	free(after);
	free(buf);
	tm_diags_release(&d);
}

static void test_foreign_database_is_refused(void **state)
{
	struct fx *f = *state;
	char path[160];
	snprintf(path, sizeof(path), "%s/progress.db", f->dir);
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE mine (x); INSERT INTO mine VALUES (42)",
				      NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	size_t len = 0, len2 = 0;
	char *before = slurp(path, &len);
	const char *msg = open_fails(path, TM_ECORRUPT);
	assert_non_null(strstr(msg, "not a tmdojo progress database"));
	char *after = slurp(path, &len2);
	assert_int_equal(len, len2);
	assert_memory_equal(before, after, len);
	free(before);
	free(after);
}

static void test_newer_schema_is_refused(void **state)
{
	struct fx *f = *state;
	struct tm_store *s = open_ok(f->path);
	tm_store_close(s);
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 999", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	size_t len = 0, len2 = 0;
	char *before = slurp(f->path, &len);
	const char *msg = open_fails(f->path, TM_EDB);
	assert_non_null(strstr(msg, "upgrade tmdojo"));
	char *after = slurp(f->path, &len2);
	assert_int_equal(len, len2);
	assert_memory_equal(before, after, len);
	free(before);
	free(after);
}

/* A negative schema number is no tmdojo's: refused by writers and readers alike,
 * and the file keeps every byte (it was read past migrations[] and changed). */
static void test_negative_schema_is_refused(void **state)
{
	struct fx *f = *state;
	struct tm_store *s = open_ok(f->path);
	tm_store_close(s);
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = -1", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	size_t len = 0, len2 = 0;
	char *before = slurp(f->path, &len);
	const char *msg = open_fails(f->path, TM_ECORRUPT);
	assert_non_null(strstr(msg, "left untouched"));
	struct tm_diags d;
	tm_diags_init(&d);
	s = NULL;
	assert_int_equal(tm_store_open_readonly(f->path, 50, &s, &d), TM_ECORRUPT);
	assert_null(s);
	tm_diags_release(&d);
	char *after = slurp(f->path, &len2);
	assert_int_equal(len, len2);
	assert_memory_equal(before, after, len);
	free(before);
	free(after);
}

/* The empty store of a view: latest schema, nothing on disk, writes refused. */
static void test_open_empty(void **state)
{
	struct fx *f = *state;
	struct tm_diags d;
	struct tm_store *s = NULL;
	long long ann = 0;
	tm_diags_init(&d);
	assert_int_equal(tm_store_open_empty(f->path, &s, &d), TM_OK);
	assert_string_equal(tm_store_path(s), f->path);
	assert_int_equal(tm_store_schema_version(s), tm_store_schema_latest());
	assert_int_equal(tm_store_find_learner(s, "ann", &ann, &d), TM_ENOTFOUND);
	assert_int_equal(tm_store_learner(s, "ann", &ann, &d), TM_EREADONLY);
	tm_store_close(s);
	assert_int_equal(access(f->path, F_OK), -1);
	tm_diags_release(&d);
}

/* A retake never replaces a better result: a pass stays over a later fail, a
 * higher score over a lower one with the same outcome. */
static void test_best_result_kept(void **state)
{
	struct fx *f = *state;
	struct tm_diags d;
	long long ann = 0;
	bool done = false, passed = false;
	double score = 0, max = 0;
	tm_diags_init(&d);
	struct tm_store *s = open_ok(f->path);
	assert_int_equal(tm_store_learner(s, "ann", &ann, &d), TM_OK);
	assert_int_equal(tm_store_complete_item(s, ann, "intro", "m", "i1", 7, 7, true, NULL, &d),
			 TM_OK);
	assert_int_equal(tm_store_complete_item(s, ann, "intro", "m", "i1", 1, 7, false, NULL, &d),
			 TM_OK);
	assert_int_equal(tm_store_item_result(s, ann, "intro", "m", "i1", &done, &score, &max,
					      &passed, &d), TM_OK);
	assert_true(done && passed);
	assert_true(score == 7 && max == 7);
	/* same outcome: the higher share wins, whichever comes first */
	assert_int_equal(tm_store_complete_item(s, ann, "intro", "m", "i2", 5, 7, true, NULL, &d),
			 TM_OK);
	assert_int_equal(tm_store_complete_item(s, ann, "intro", "m", "i2", 4, 7, true, NULL, &d),
			 TM_OK);
	assert_int_equal(tm_store_item_result(s, ann, "intro", "m", "i2", &done, &score, &max,
					      &passed, &d), TM_OK);
	assert_true(score == 5);
	assert_int_equal(tm_store_complete_item(s, ann, "intro", "m", "i2", 6, 7, true, NULL, &d),
			 TM_OK);
	assert_int_equal(tm_store_item_result(s, ann, "intro", "m", "i2", &done, &score, &max,
					      &passed, &d), TM_OK);
	assert_true(score == 6);
	/* a pass replaces a fail even with fewer points */
	assert_int_equal(tm_store_complete_item(s, ann, "intro", "m", "i3", 40, 100, false, NULL,
						&d), TM_OK);
	assert_int_equal(tm_store_complete_item(s, ann, "intro", "m", "i3", 3, 5, true, NULL, &d),
			 TM_OK);
	assert_int_equal(tm_store_item_result(s, ann, "intro", "m", "i3", &done, &score, &max,
					      &passed, &d), TM_OK);
	assert_true(passed && score == 3 && max == 5);
	tm_store_close(s);
	tm_diags_release(&d);
}

/* Reads one integer from the database at path. */
static long long query_int(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long long v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* One live session per learner: a second is refused while the holder lives;
 * a holder on this host whose process is gone is taken over, and one on any
 * host inactive for 12 hours; saving a position marks the holder active;
 * tm_store_session_clear() and tm_store_reset() release it. */
static void test_learner_session(void **state)
{
	struct fx *f = *state;
	struct tm_diags d;
	long long ann = 0, bob = 0;
	tm_diags_init(&d);
	struct tm_store *s = open_ok(f->path);
	assert_int_equal(tm_store_learner(s, "ann", &ann, &d), TM_OK);
	assert_int_equal(tm_store_learner(s, "bob", &bob, &d), TM_OK);
	sqlite3 *raw = NULL;
	assert_int_equal(sqlite3_open(f->path, &raw), SQLITE_OK);
	/* a live process on this host (our parent) holds ann's session */
	char host[256];
	assert_int_equal(gethostname(host, sizeof(host)), 0);
	host[sizeof(host) - 1] = '\0';
	char sql[512];
	long long now = (long long)time(NULL);
	snprintf(sql, sizeof(sql), "INSERT INTO sessions VALUES (%lld, %d, '%s', %lld, %lld)",
		 ann, (int)getppid(), host, now, now);
	assert_int_equal(sqlite3_exec(raw, sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(tm_store_session_begin(s, ann, &d), TM_EBUSY);
	assert_non_null(strstr(d.items[d.count - 1].text,
			       "learner 'ann' is already in a tmdojo session"));
	assert_int_equal(tm_store_session_begin(s, bob, &d), TM_OK);   /* others go on */
	/* the holder is gone: taken over */
	pid_t child = fork();
	assert_true(child >= 0);
	if (child == 0)
		_exit(0);
	assert_int_equal(waitpid(child, NULL, 0), child);
	snprintf(sql, sizeof(sql), "UPDATE sessions SET pid = %d WHERE learner = %lld",
		 (int)child, ann);
	assert_int_equal(sqlite3_exec(raw, sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(tm_store_session_begin(s, ann, &d), TM_OK);
	/* a saved position marks the holder active */
	assert_int_equal(sqlite3_exec(raw, "UPDATE sessions SET seen = 1", NULL, NULL, NULL),
			 SQLITE_OK);
	struct tm_position pos = { .module = "m", .item = "i1" };
	assert_int_equal(tm_store_position_set(s, ann, "intro", &pos, &d), TM_OK);
	assert_true(query_int(f->path, "SELECT seen FROM sessions WHERE learner = 1") >= now);
	assert_int_equal(tm_store_session_end(s, ann, &d), TM_OK);
	/* another host: cannot be checked, so refused while recently active... */
	snprintf(sql, sizeof(sql), "INSERT INTO sessions VALUES (%lld, 1, 'elsewhere', %lld,"
		 " %lld)", ann, now - 3600, now - 60);
	assert_int_equal(sqlite3_exec(raw, sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(tm_store_session_begin(s, ann, &d), TM_EBUSY);
	long long later = (long long)time(NULL);
	assert_non_null(strstr(d.items[d.count - 1].text, "on host 'elsewhere'"));
	/* the age is read from the clock when refused: 60 seconds plus however
	 * many seconds this test took since now (one tick made it flaky) */
	const char *active = strstr(d.items[d.count - 1].text, "last active ");
	long long ago = -1;
	assert_non_null(active);
	assert_int_equal(sscanf(active, "last active %lld seconds ago", &ago), 1);
	assert_true(ago >= 60 && ago <= 60 + (later - now));
	assert_non_null(strstr(d.items[d.count - 1].text, "--take-over"));
	/* ...released on request or by a reset... */
	assert_int_equal(tm_store_session_clear(s, ann, &d), TM_OK);
	assert_int_equal(tm_store_session_begin(s, ann, &d), TM_OK);
	assert_int_equal(sqlite3_exec(raw, "DELETE FROM sessions", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw, sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(tm_store_reset(s, ann, NULL, &d), TM_OK);
	assert_int_equal(query_int(f->path, "SELECT count(*) FROM sessions"), 0);
	/* ...and expired after 12 hours without activity (a row from before
	 * migration 6, seen 0, by its start) */
	snprintf(sql, sizeof(sql), "INSERT INTO sessions VALUES (%lld, 1, 'elsewhere', %lld,"
		 " %lld)", ann, now - 13 * 3600, now - 12 * 3600 - 60);
	assert_int_equal(sqlite3_exec(raw, sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(tm_store_session_begin(s, ann, &d), TM_OK);
	snprintf(sql, sizeof(sql), "INSERT OR REPLACE INTO sessions VALUES (%lld, 1, 'elsewhere',"
		 " %lld, 0)", ann, now - 13 * 3600);
	assert_int_equal(sqlite3_exec(raw, sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(tm_store_session_begin(s, ann, &d), TM_OK);
	sqlite3_close(raw);
	tm_store_close(s);
	tm_diags_release(&d);
}

/* Every write of a session checks that this handle still holds it: after
 * another handle on the same file took it over (another process) or released
 * it (take-over, reset), the old holder's writes are refused with TM_ETAKEN,
 * naming the new holder, and nothing is written. A reset is refused while a
 * live process of this host holds the session. */
static void test_session_taken_over(void **state)
{
	struct fx *f = *state;
	struct tm_diags d;
	long long ann = 0;
	tm_diags_init(&d);
	struct tm_store *old = open_ok(f->path), *other = open_ok(f->path);
	assert_int_equal(tm_store_learner(old, "ann", &ann, &d), TM_OK);
	assert_int_equal(tm_store_session_begin(old, ann, &d), TM_OK);
	struct tm_answer_record a = { .course = "intro", .module = "m", .item = "i1",
				      .question = "q1", .attempt = 1, .answer = "b",
				      .score = 1, .max = 1, .correct = true };
	struct tm_position pos = { .module = "m", .item = "i1" };
	assert_int_equal(tm_store_record_answer(old, ann, &a, &pos, &d), TM_OK);
	/* released by the other handle (learn --take-over, before it claims) */
	assert_int_equal(tm_store_session_clear(other, ann, &d), TM_OK);
	assert_int_equal(tm_store_record_answer(old, ann, &a, &pos, &d), TM_ETAKEN);
	assert_non_null(strstr(d.items[d.count - 1].text, "cannot save the answer: this learn "
			       "session was released"));
	/* claimed by another live process of this host: our parent (a forked child
	 * would do, but under valgrind it reports the handles it inherits as lost) */
	pid_t holder = getppid();
	char host[256];
	if (gethostname(host, sizeof(host)) != 0)
		snprintf(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = '\0';
	sqlite3 *raw = NULL;
	assert_int_equal(sqlite3_open(f->path, &raw), SQLITE_OK);
	char *claim = sqlite3_mprintf("INSERT OR REPLACE INTO sessions (learner, pid, host, "
				      "started, seen) VALUES (%lld, %d, %Q, strftime('%%s','now'), "
				      "strftime('%%s','now'))", ann, (int)holder, host);
	assert_non_null(claim);
	assert_int_equal(sqlite3_exec(raw, claim, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_free(claim);
	char by[64];
	snprintf(by, sizeof(by), "taken over by process %d", (int)holder);
	assert_int_equal(tm_store_record_answer(old, ann, &a, &pos, &d), TM_ETAKEN);
	assert_non_null(strstr(d.items[d.count - 1].text, by));
	assert_int_equal(tm_store_position_set(old, ann, "intro", &pos, &d), TM_ETAKEN);
	assert_int_equal(tm_store_complete_item(old, ann, "intro", "m", "i1", 1, 1, true, NULL,
						&d), TM_ETAKEN);
	assert_int_equal(tm_store_draft_set(old, ann, "intro", "m", "i2", "q2", "draft", &d),
			 TM_ETAKEN);
	unsigned seed = 5;
	assert_int_equal(tm_store_seed(old, ann, "intro", "m", "i2", "q2", &seed, &d), TM_ETAKEN);
	assert_int_equal(query_int(f->path, "SELECT count(*) FROM answers"), 1);
	assert_int_equal(query_int(f->path, "SELECT count(*) FROM items"), 0);
	assert_int_equal(query_int(f->path, "SELECT count(*) FROM drafts"), 0);
	assert_int_equal(query_int(f->path, "SELECT count(*) FROM seeds"), 0);
	/* the old holder's end leaves the new holder's row alone */
	assert_int_equal(tm_store_session_end(old, ann, &d), TM_OK);
	assert_int_equal(query_int(f->path, "SELECT pid FROM sessions"), holder);
	/* a handle that holds no session writes as before */
	assert_int_equal(tm_store_position_set(other, ann, "intro", &pos, &d), TM_OK);
	/* a reset while a live process of this host (our parent) holds it */
	char sql[256];
	assert_int_equal(tm_store_reset(other, ann, NULL, &d), TM_EBUSY);
	snprintf(by, sizeof(by), "(process %d,", (int)getppid());
	assert_non_null(strstr(d.items[d.count - 1].text, "cannot reset progress"));
	assert_non_null(strstr(d.items[d.count - 1].text, by));
	assert_int_equal(query_int(f->path, "SELECT count(*) FROM answers"), 1);
	/* ...and once it is gone: a process number above pid_max is never alive */
	snprintf(sql, sizeof(sql), "UPDATE sessions SET pid = %d", 1 << 30);
	assert_int_equal(sqlite3_exec(raw, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(raw);
	assert_int_equal(tm_store_reset(other, ann, NULL, &d), TM_OK);
	assert_int_equal(query_int(f->path, "SELECT count(*) FROM answers"), 0);
	tm_store_close(old);
	tm_store_close(other);
	tm_diags_release(&d);
}

/* A schema-2 file (before drafts, sessions and key versions) is read as it is and upgraded by
 * a writer. */
static void test_schema2_upgrade(void **state)
{
	struct fx *f = *state;
	struct tm_diags d;
	struct tm_store *s = open_ok(f->path);
	tm_store_close(s);
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "DROP TABLE refresher_answers; "
				      "DROP TABLE sessions; DROP TABLE drafts; "
				      "ALTER TABLE gb_submissions DROP COLUMN key_hash; "
				      "DROP INDEX team_sessions_by_held; ALTER TABLE team_sessions DROP COLUMN held;"
				      " ALTER TABLE team_sessions DROP COLUMN lines_hash;"
				      DROP_MIGRATION_13 "PRAGMA user_version = 2",
				      NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	tm_diags_init(&d);
	assert_int_equal(tm_store_open_readonly(f->path, 50, &s, &d), TM_OK);
	assert_int_equal(tm_store_schema_version(s), 2);
	tm_store_close(s);
	s = open_ok(f->path);
	assert_int_equal(tm_store_schema_version(s), tm_store_schema_latest());
	long long ann = 0;
	assert_int_equal(tm_store_learner(s, "ann", &ann, &d), TM_OK);
	assert_int_equal(tm_store_session_begin(s, ann, &d), TM_OK);
	tm_store_close(s);
	tm_diags_release(&d);
}

/* Runs fn in a child that dropped root (permissions do not bind root), and
 * returns its exit status. */
static int as_nobody(int (*fn)(const char *), const char *arg)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
			_exit(100);
		_exit(fn(arg));
	}
	int wst = 0;
	assert_int_equal(waitpid(pid, &wst, 0), pid);
	assert_true(WIFEXITED(wst));
	return WEXITSTATUS(wst);
}

static int try_open(const char *path)
{
	struct tm_diags d;
	struct tm_store *s = NULL;
	tm_diags_init(&d);
	int rc = tm_store_open(path, 50, &s, &d);
	if (rc != TM_OK && (d.count == 0 || strstr(d.items[0].text, "TMDOJO_HOME") == NULL))
		rc = 101;   /* the message must say what to do */
	tm_store_close(s);
	tm_diags_release(&d);
	return rc;
}

static void test_read_only_file(void **state)
{
	struct fx *f = *state;
	struct tm_store *s = open_ok(f->path);
	tm_store_close(s);
	char sub[160];
	snprintf(sub, sizeof(sub), "%s/sub", f->dir);
	assert_int_equal(chmod(f->dir, 0755), 0);
	assert_int_equal(chmod(sub, 0755), 0);
	snprintf(sub, sizeof(sub), "%s/sub/dir", f->dir);
	assert_int_equal(chmod(sub, 0755), 0);
	assert_int_equal(chmod(f->path, 0444), 0);
	size_t len = 0, len2 = 0;
	char *before = slurp(f->path, &len);
	assert_int_equal(as_nobody(try_open, f->path), TM_EREADONLY);
	char *after = slurp(f->path, &len2);
	assert_int_equal(len, len2);
	assert_memory_equal(before, after, len);
	free(before);
	free(after);
}

/* Reads the store read-only and exports; 0 when that works. */
static int try_view(const char *path)
{
	struct tm_diags d;
	struct tm_store *s = NULL;
	long long ann = 0;
	char *json = NULL;
	tm_diags_init(&d);
	int rc = tm_store_open_readonly(path, 50, &s, &d);
	if (rc == TM_OK)
		rc = tm_store_find_learner(s, "ann", &ann, &d);
	if (rc == TM_OK)
		rc = tm_store_export_json(s, ann, &json, &d);
	if (rc == TM_OK && strstr(json, "\"answer\":\"kept\"") == NULL)
		rc = 102;
	/* and writing through it is refused, not done */
	struct tm_position pos = { .module = "m" };
	if (rc == TM_OK && tm_store_position_set(s, ann, "intro", &pos, &d) != TM_EREADONLY)
		rc = 103;
	free(json);
	tm_store_close(s);
	tm_diags_release(&d);
	return rc;
}

/* A progress file that cannot be written (nor its directory) can still be viewed
 * and exported read-only, without changing a byte. */
static void test_read_only_view(void **state)
{
	struct fx *f = *state;
	struct tm_diags d;
	long long ann = 0;
	tm_diags_init(&d);
	struct tm_store *s = open_ok(f->path);
	assert_int_equal(tm_store_learner(s, "ann", &ann, &d), TM_OK);
	struct tm_answer_record a = {
		.course = "intro", .module = "m", .item = 0, .question = "q", .attempt = 1,
		.answer = "kept", .score = 1, .max = 1, .correct = true,
	};
	assert_int_equal(tm_store_record_answer(s, ann, &a, NULL, &d), TM_OK);
	tm_store_close(s);
	char dir[160];
	snprintf(dir, sizeof(dir), "%s/sub/dir", f->dir);
	assert_int_equal(chmod(f->dir, 0755), 0);
	snprintf(dir, sizeof(dir), "%s/sub", f->dir);
	assert_int_equal(chmod(dir, 0755), 0);
	snprintf(dir, sizeof(dir), "%s/sub/dir", f->dir);
	assert_int_equal(chmod(f->path, 0444), 0);
	assert_int_equal(chmod(dir, 0555), 0);
	size_t len = 0, len2 = 0;
	char *before = slurp(f->path, &len);
	assert_int_equal(as_nobody(try_open, f->path), TM_EREADONLY);   /* writing: refused */
	assert_int_equal(as_nobody(try_view, f->path), 0);              /* viewing: works */
	char *after = slurp(f->path, &len2);
	assert_int_equal(len, len2);
	assert_memory_equal(before, after, len);
	free(before);
	free(after);
	/* No file: nothing to view, and nothing is created. */
	char none[200];
	snprintf(none, sizeof(none), "%s/none/progress.db", f->dir);
	assert_int_equal(tm_store_open_readonly(none, 50, &s, &d), TM_ENOTFOUND);
	assert_null(s);
	assert_int_equal(access(none, F_OK), -1);
	tm_diags_release(&d);
}

/* Answers are stored as valid UTF-8, and the export of an older file holding
 * invalid bytes is valid UTF-8 too. */
static void test_export_is_valid_utf8(void **state)
{
	struct fx *f = *state;
	struct tm_diags d;
	long long ann = 0;
	tm_diags_init(&d);
	struct tm_store *s = open_ok(f->path);
	assert_int_equal(tm_store_learner(s, "ann", &ann, &d), TM_OK);
	struct tm_answer_record a = {
		.course = "intro", .module = "m", .item = 0, .question = "q", .attempt = 1,
		.answer = "attack \xff surface \xc3\xa9", .score = 0, .max = 1,
	};
	assert_int_equal(tm_store_record_answer(s, ann, &a, NULL, &d), TM_OK);
	tm_store_close(s);
	/* as an older tmdojo stored it: the raw bytes */
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "INSERT INTO answers (learner, course, module, item,"
				      " question, attempt, answer, score, max, correct, time)"
				      " VALUES (1, 'intro', 'm', 0, 'q', 2,"
				      " CAST(X'6F6C64FE80' AS TEXT), 0, 1, 0, 0)", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	s = open_ok(f->path);
	char *json = NULL;
	assert_int_equal(tm_store_export_json(s, ann, &json, &d), TM_OK);
	assert_non_null(strstr(json, "\"answer\":\"attack \xef\xbf\xbd surface \xc3\xa9\""));
	assert_non_null(strstr(json, "\"answer\":\"old\xef\xbf\xbd\xef\xbf\xbd\""));
	for (const unsigned char *p = (const unsigned char *)json; *p != '\0'; p++)
		assert_true(*p != 0xff && *p != 0xfe && !(*p == 0x80 && p[-1] < 0x80));
	free(json);
	tm_store_close(s);
	tm_diags_release(&d);
}

/* Module runs keep their place under "course/module"; the last answer to a
 * question reads back; the learners can be listed; a course reset removes the
 * module places too, and only that course's. */
static void test_module_keys_and_reset(void **state)
{
	struct fx *f = *state;
	struct tm_diags d;
	long long ann = 0, bob = 0;
	char key[TM_ID_MAX];
	tm_diags_init(&d);
	struct tm_store *s = open_ok(f->path);
	assert_int_equal(tm_store_learner(s, "bob", &bob, &d), TM_OK);
	assert_int_equal(tm_store_learner(s, "ann", &ann, &d), TM_OK);
	char *names = NULL;
	assert_int_equal(tm_store_learner_names(s, &names, &d), TM_OK);
	assert_string_equal(names, "'ann', 'bob'");
	free(names);
	assert_int_equal(tm_store_module_key("intro", "m2", key, sizeof(key)), TM_OK);
	assert_string_equal(key, "intro/m2");
	struct tm_position pos = { .module = "m2", .item = "i1", .key = key };
	assert_int_equal(tm_store_position_set(s, ann, "intro", &pos, &d), TM_OK);
	struct tm_position got;
	assert_int_equal(tm_store_position_get(s, ann, "intro", &got, &d), TM_ENOTFOUND);
	assert_int_equal(tm_store_position_get(s, ann, "intro/m2", &got, &d), TM_OK);
	assert_string_equal(got.item, "i1");
	pos.key = "introduction/m2";   /* another course whose id starts the same */
	assert_int_equal(tm_store_position_set(s, ann, "introduction", &pos, &d), TM_OK);
	struct tm_answer_record a = {
		.course = "intro", .module = "m2", .item = "i1", .question = "exercise:threats",
		.attempt = 1, .answer = "first",
	};
	assert_int_equal(tm_store_record_answer(s, ann, &a, NULL, &d), TM_OK);
	a.attempt = 2;
	a.answer = "second";
	assert_int_equal(tm_store_record_answer(s, ann, &a, NULL, &d), TM_OK);
	char *text = NULL;
	assert_int_equal(tm_store_last_answer(s, ann, "intro", "m2", "i1", "exercise:threats", &text,
					      &d), TM_OK);
	assert_string_equal(text, "second");
	free(text);
	assert_int_equal(tm_store_last_answer(s, bob, "intro", "m2", "i1", "exercise:threats", &text,
					      &d), TM_ENOTFOUND);
	assert_null(text);
	bool stored = false;
	assert_int_equal(tm_store_course_stored(s, ann, "intro", &stored, &d), TM_OK);
	assert_true(stored);
	assert_int_equal(tm_store_course_stored(s, bob, "intro", &stored, &d), TM_OK);
	assert_false(stored);
	assert_int_equal(tm_store_reset(s, ann, "intro", &d), TM_OK);
	assert_int_equal(tm_store_position_get(s, ann, "intro/m2", &got, &d), TM_ENOTFOUND);
	assert_int_equal(tm_store_position_get(s, ann, "introduction/m2", &got, &d), TM_OK);
	assert_int_equal(tm_store_course_stored(s, ann, "intro", &stored, &d), TM_OK);
	assert_false(stored);
	tm_store_close(s);
	tm_diags_release(&d);
}

static void test_read_only_directory(void **state)
{
	struct fx *f = *state;
	char ro[160], path[200];
	snprintf(ro, sizeof(ro), "%s/ro", f->dir);
	assert_int_equal(mkdir(ro, 0555), 0);
	assert_int_equal(chmod(f->dir, 0755), 0);
	snprintf(path, sizeof(path), "%s/nested/progress.db", ro);
	assert_int_equal(as_nobody(try_open, path), TM_EREADONLY);
	snprintf(path, sizeof(path), "%s/progress.db", ro);
	assert_int_equal(as_nobody(try_open, path), TM_EREADONLY);
}

static void test_locked_database(void **state)
{
	struct fx *f = *state;
	struct tm_diags d;
	tm_diags_init(&d);
	struct tm_store *s = open_ok(f->path);
	long long ann = 0;
	assert_int_equal(tm_store_learner(s, "ann", &ann, &d), TM_OK);

	/* Another connection holds the write lock. */
	sqlite3 *other = NULL;
	assert_int_equal(sqlite3_open(f->path, &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "BEGIN EXCLUSIVE; INSERT INTO learners (name, created)"
				      " VALUES ('zed', 0)", NULL, NULL, NULL), SQLITE_OK);
	struct tm_answer_record a = {
		.course = "intro", .module = "m", .item = 0, .question = "q",
		.attempt = 1, .answer = "x", .score = 1, .max = 1, .correct = true,
	};
	assert_int_equal(tm_store_record_answer(s, ann, &a, NULL, &d), TM_EBUSY);
	assert_true(d.count > 0);
	assert_non_null(strstr(d.items[d.count - 1].text, "locked"));
	assert_non_null(strstr(d.items[d.count - 1].file, "progress.db"));
	size_t n = 99;
	assert_int_equal(tm_store_answer_count(s, ann, NULL, &n, &d), TM_OK);
	assert_int_equal(n, 0);

	/* Once the lock goes, the same write succeeds and the other's commit stays. */
	assert_int_equal(sqlite3_exec(other, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(other);
	assert_int_equal(tm_store_record_answer(s, ann, &a, NULL, &d), TM_OK);
	assert_int_equal(tm_store_answer_count(s, ann, NULL, &n, &d), TM_OK);
	assert_int_equal(n, 1);
	long long zed = 0;
	assert_int_equal(tm_store_find_learner(s, "zed", &zed, &d), TM_OK);
	tm_store_close(s);
	tm_diags_release(&d);
}

static void test_not_a_file(void **state)
{
	struct fx *f = *state;
	const char *msg = open_fails(f->dir, TM_EIO);
	assert_non_null(strstr(msg, "not a regular file"));
}

/* A gradebook written by a tmdojo of schema 2 (no key versions) opens: its
 * grades stay, with an unknown key version (''); a migration that fails rolls
 * back whole and leaves the version as it was. */
static void test_schema_2_gains_key_hash(void **state)
{
	struct fx *f = *state;
	assert_true(tm_store_schema_latest() >= 5);
	struct tm_store *s = open_ok(f->path);
	tm_store_close(s);
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "ALTER TABLE gb_submissions DROP COLUMN key_hash;"
				      "DROP TABLE drafts; DROP TABLE sessions;"
				      "DROP TABLE refresher_answers;"
				      "DROP INDEX team_sessions_by_held;"
				      "ALTER TABLE team_sessions DROP COLUMN held;"
				      "ALTER TABLE team_sessions DROP COLUMN lines_hash;"
				      "INSERT INTO gb_submissions (cohort, exercise, name, score,"
				      " points, max, submitted, graded, hash, lines) VALUES"
				      " ('c', 'e', 'lynx', 50, 5, 10, 1, 2, 'h', 3);"
				      "INSERT INTO team_sessions (team, exercise, name, recorded, score,"
				      " hash, found_critical, total_critical, found_high, total_high,"
				      " found_medium, total_medium, found_low, total_low) VALUES"
				      " ('ops', 'e', 's.txt', 31579200, 70, 'bytes', 1, 1, 1, 1, 0, 1,"
				      " 0, 1);"
				      DROP_MIGRATION_13 "PRAGMA user_version = 2", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	s = open_ok(f->path);
	assert_int_equal(tm_store_schema_version(s), tm_store_schema_latest());
	tm_store_close(s);
	assert_int_equal(query_int(f->path, "SELECT count(*) FROM gb_submissions WHERE"
				   " name = 'lynx' AND key_hash = '' AND score = 50"), 1);
	/* a team session keeps its figures and byte hash, has no lines hash
	 * (migration 10) and was held the local day it was recorded (11) */
	assert_int_equal(query_int(f->path, "SELECT count(*) FROM team_sessions WHERE"
				   " team = 'ops' AND hash = 'bytes' AND lines_hash = '' AND"
				   " held = date(31579200, 'unixepoch', 'localtime') AND"
				   " held LIKE '1971-01-0_' AND found_high = 1 AND score = 70"), 1);

	/* migration 5 fails (the column is there already): nothing of it stays */
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 4", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	open_fails(f->path, TM_EDB);
	assert_int_equal(query_int(f->path, "PRAGMA user_version"), 4);
	assert_int_equal(query_int(f->path, "SELECT count(*) FROM gb_submissions"), 1);
}

/* A file of schema 8 (before positions said whether a retake wrote them) is
 * read as it is, its positions as a first pass's, and upgraded by a writer
 * with its positions kept. */
static void test_schema8_positions_gain_again(void **state)
{
	struct fx *f = *state;
	struct tm_diags d;
	struct tm_position pos = { .module = "m", .item = "quiz:Q", .step = 3, .attempt = 1,
				   .score = 2, .max = 3, .again = true };
	struct tm_position got;
	long long ann = 0;
	tm_diags_init(&d);
	struct tm_store *s = open_ok(f->path);
	assert_int_equal(tm_store_learner(s, "ann", &ann, &d), TM_OK);
	assert_int_equal(tm_store_position_set(s, ann, "c", &pos, &d), TM_OK);
	assert_int_equal(tm_store_position_get(s, ann, "c", &got, &d), TM_OK);
	assert_true(got.again);
	char *json = NULL;   /* the export holds it (no position of a retake lost) */
	assert_int_equal(tm_store_export_json(s, ann, &json, &d), TM_OK);
	assert_non_null(strstr(json, "\"step\":3"));
	assert_non_null(strstr(json, "\"again\":true"));
	free(json);
	tm_store_close(s);
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "ALTER TABLE positions DROP COLUMN again;"
				      "DROP INDEX team_sessions_by_held; ALTER TABLE team_sessions DROP COLUMN held;"
				      " ALTER TABLE team_sessions DROP COLUMN lines_hash;"
				      "ALTER TABLE answers DROP COLUMN question_version;"
				      DROP_MIGRATION_13 "PRAGMA user_version = 8", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(tm_store_open_readonly(f->path, 50, &s, &d), TM_OK);
	assert_int_equal(tm_store_schema_version(s), 8);
	assert_int_equal(tm_store_position_get(s, ann, "c", &got, &d), TM_OK);
	assert_false(got.again);
	assert_int_equal(got.step, 3);
	assert_int_equal(tm_store_export_json(s, ann, &json, &d), TM_OK);
	assert_non_null(strstr(json, "\"step\":3"));
	assert_null(strstr(json, "\"again\""));   /* the file has no such column */
	free(json);
	tm_store_close(s);
	s = open_ok(f->path);
	assert_int_equal(tm_store_schema_version(s), tm_store_schema_latest());
	assert_int_equal(tm_store_position_get(s, ann, "c", &got, &d), TM_OK);
	assert_false(got.again);
	assert_string_equal(got.item, "quiz:Q");
	assert_int_equal(got.step, 3);
	assert_int_equal(got.attempt, 1);
	assert_int_equal(tm_store_position_set(s, ann, "c", &pos, &d), TM_OK);
	assert_int_equal(tm_store_position_get(s, ann, "c", &got, &d), TM_OK);
	assert_true(got.again);
	tm_store_close(s);
	tm_diags_release(&d);
}

/* A file of schema 11 (before answers kept the version of their question) is
 * upgraded with its answers kept, of an unknown version (''); an answer saved
 * after keeps the version it is given (migration 12). */
static void test_schema11_answers_gain_question_version(void **state)
{
	struct fx *f = *state;
	struct tm_diags d;
	long long ann = 0;
	struct tm_answer_record a = {
		.course = "c", .module = "m", .item = "quiz:Q", .question = "q1", .attempt = 1,
		.answer = "b", .score = 1, .max = 1, .correct = true,
	};
	tm_diags_init(&d);
	assert_true(tm_store_schema_latest() >= 12);
	struct tm_store *s = open_ok(f->path);
	assert_int_equal(tm_store_learner(s, "ann", &ann, &d), TM_OK);
	assert_int_equal(tm_store_record_answer(s, ann, &a, NULL, &d), TM_OK);
	tm_store_close(s);
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "ALTER TABLE answers DROP COLUMN question_version;"
				      DROP_MIGRATION_13 "PRAGMA user_version = 11", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	s = open_ok(f->path);
	assert_int_equal(tm_store_schema_version(s), tm_store_schema_latest());
	a.question = "q2";
	a.version = "0123456789abcdef";
	assert_int_equal(tm_store_record_answer(s, ann, &a, NULL, &d), TM_OK);
	tm_store_close(s);
	assert_int_equal(query_int(f->path, "SELECT count(*) FROM answers WHERE question = 'q1'"
				   " AND answer = 'b' AND question_version = ''"), 1);
	assert_int_equal(query_int(f->path, "SELECT count(*) FROM answers WHERE question = 'q2'"
				   " AND question_version = '0123456789abcdef'"), 1);
	tm_diags_release(&d);
}

/* A file of schema 12 (before top-three picks kept their closest threat and
 * submissions how many picks they gave) is upgraded with its rows kept: no
 * closest threat (NULL) and 0 picks given, read as unknown (migration 13). */
static void test_schema12_top_gains_closest(void **state)
{
	struct fx *f = *state;
	struct tm_store *s = open_ok(f->path);
	tm_store_close(s);
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, DROP_MIGRATION_13
				      "INSERT INTO gb_submissions (id, cohort, exercise, name, score,"
				      " points, max, submitted, graded, hash, lines) VALUES"
				      " (7, 'c', 'e', 'lynx', 50, 5, 10, 1, 2, 'h', 3);"
				      "INSERT INTO gb_top (submission, rank, line, text, threat) VALUES"
				      " (7, 1, 4, 'coffee', NULL);"
				      "PRAGMA user_version = 12", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	s = open_ok(f->path);
	assert_int_equal(tm_store_schema_version(s), tm_store_schema_latest());
	tm_store_close(s);
	assert_int_equal(query_int(f->path, "SELECT count(*) FROM gb_top WHERE text = 'coffee'"
				   " AND closest IS NULL AND similarity IS NULL"), 1);
	assert_int_equal(query_int(f->path, "SELECT top_given FROM gb_submissions WHERE id = 7"),
			 0);
}

/* Out of memory (or an I/O error) while quick_check reads a page comes back
 * as a result row; it was reported as a damaged database to be moved aside
 * (a fault-injection run: "Page 23: unable to get the page. error code=7"). */
static void test_quick_check_errors(void **state)
{
	(void)state;
	assert_int_equal(store_quick_check_error("*** in database main ***\nPage 23: unable to "
						 "get the page. error code=7"), SQLITE_NOMEM);
	assert_int_equal(store_quick_check_error("*** in database main ***\nPage 4: unable to "
						 "get the page. error code=266") & 0xff,
			 SQLITE_IOERR);
	assert_int_equal(store_quick_check_error("*** in database main ***\nPage 5: btreeInitPage"
						 "() returns error code 11"), SQLITE_OK);
	assert_int_equal(store_quick_check_error("row 3 missing from index idx_answers"),
			 SQLITE_OK);
	assert_int_equal(store_quick_check_error(NULL), SQLITE_OK);
}

/* ==== A disk that fills up ============================================================ */

/* A VFS over the default one whose files take only full_budget bytes of
 * writes in all, then fail as a full disk does (SQLITE_FULL). */
struct full_file {
	sqlite3_file base;
	sqlite3_file *real;   /* the default VFS's file, allocated just after */
};

static sqlite3_vfs *full_real;
static long long full_budget;
static sqlite3_io_methods full_methods;

static sqlite3_file *real_of(sqlite3_file *f)
{
	return ((struct full_file *)f)->real;
}

static int full_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
	if (full_budget < n)
		return SQLITE_FULL;
	full_budget -= n;
	return real_of(f)->pMethods->xWrite(real_of(f), buf, n, off);
}

static int full_close(sqlite3_file *f)
{
	return real_of(f)->pMethods->xClose(real_of(f));
}

#define FORWARD(name, sig, args) \
	static int full_##name sig { return real_of(f)->pMethods->x##name args; }
FORWARD(Read, (sqlite3_file *f, void *b, int n, sqlite3_int64 o), (real_of(f), b, n, o))
FORWARD(Truncate, (sqlite3_file *f, sqlite3_int64 n), (real_of(f), n))
FORWARD(Sync, (sqlite3_file *f, int fl), (real_of(f), fl))
FORWARD(FileSize, (sqlite3_file *f, sqlite3_int64 *n), (real_of(f), n))
FORWARD(Lock, (sqlite3_file *f, int l), (real_of(f), l))
FORWARD(Unlock, (sqlite3_file *f, int l), (real_of(f), l))
FORWARD(CheckReservedLock, (sqlite3_file *f, int *r), (real_of(f), r))
FORWARD(FileControl, (sqlite3_file *f, int op, void *a), (real_of(f), op, a))
FORWARD(SectorSize, (sqlite3_file *f), (real_of(f)))
FORWARD(DeviceCharacteristics, (sqlite3_file *f), (real_of(f)))
FORWARD(ShmMap, (sqlite3_file *f, int pg, int sz, int ext, void volatile **p),
	(real_of(f), pg, sz, ext, p))
FORWARD(ShmLock, (sqlite3_file *f, int off, int n, int fl), (real_of(f), off, n, fl))
FORWARD(ShmUnmap, (sqlite3_file *f, int del), (real_of(f), del))
#undef FORWARD

static void full_ShmBarrier(sqlite3_file *f)
{
	real_of(f)->pMethods->xShmBarrier(real_of(f));
}

static int full_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags,
		     int *out_flags)
{
	struct full_file *ff = (struct full_file *)f;
	(void)vfs;
	ff->real = (sqlite3_file *)(ff + 1);
	ff->base.pMethods = NULL;
	int rc = full_real->xOpen(full_real, name, ff->real, flags, out_flags);
	if (rc == SQLITE_OK)
		ff->base.pMethods = &full_methods;
	return rc;
}

static int full_delete(sqlite3_vfs *v, const char *n, int s) { (void)v; return full_real->xDelete(full_real, n, s); }
static int full_access(sqlite3_vfs *v, const char *n, int fl, int *r) { (void)v; return full_real->xAccess(full_real, n, fl, r); }
static int full_fullpath(sqlite3_vfs *v, const char *n, int sz, char *o) { (void)v; return full_real->xFullPathname(full_real, n, sz, o); }
static int full_random(sqlite3_vfs *v, int n, char *o) { (void)v; return full_real->xRandomness(full_real, n, o); }
static int full_sleep(sqlite3_vfs *v, int us) { (void)v; return full_real->xSleep(full_real, us); }
static int full_time(sqlite3_vfs *v, double *t) { (void)v; return full_real->xCurrentTime(full_real, t); }
static int full_last_error(sqlite3_vfs *v, int n, char *o) { (void)v; return full_real->xGetLastError(full_real, n, o); }

/* Makes the filling VFS the default, with budget bytes of writes. */
static sqlite3_vfs *full_vfs_install(long long budget)
{
	static sqlite3_vfs vfs;
	full_real = sqlite3_vfs_find(NULL);
	assert_non_null(full_real);
	full_budget = budget;
	full_methods = (sqlite3_io_methods){ 2, full_close, full_Read, full_write,
		full_Truncate, full_Sync, full_FileSize, full_Lock, full_Unlock,
		full_CheckReservedLock, full_FileControl, full_SectorSize,
		full_DeviceCharacteristics, full_ShmMap, full_ShmLock, full_ShmBarrier,
		full_ShmUnmap, NULL, NULL };
	vfs = (sqlite3_vfs){ 1, (int)sizeof(struct full_file) + full_real->szOsFile,
		full_real->mxPathname, NULL, "full-disk", NULL, full_open, full_delete,
		full_access, full_fullpath, NULL, NULL, NULL, NULL, full_random, full_sleep,
		full_time, full_last_error, NULL, NULL, NULL, NULL };
	assert_int_equal(sqlite3_vfs_register(&vfs, 1), SQLITE_OK);
	return &vfs;
}

/* A first run on a full disk: the message says the database could not be
 * created (not that earlier progress is kept: there is none) and the
 * half-made file is removed, so the next run, with space, starts clean. */
static void test_create_on_full_disk(void **state)
{
	struct fx *f = *state;
	char companion[160];
	sqlite3_vfs *vfs = full_vfs_install(64 * 1024);
	const char *msg = open_fails(f->path, TM_EIO);
	assert_int_equal(sqlite3_vfs_unregister(vfs), SQLITE_OK);
	assert_non_null(strstr(msg, "cannot create the progress database: disk full; free "
				    "some space"));
	assert_null(strstr(msg, "earlier progress"));
	assert_int_equal(access(f->path, F_OK), -1);
	snprintf(companion, sizeof(companion), "%s-wal", f->path);
	assert_int_equal(access(companion, F_OK), -1);
	snprintf(companion, sizeof(companion), "%s-shm", f->path);
	assert_int_equal(access(companion, F_OK), -1);

	struct tm_store *s = open_ok(f->path);
	assert_int_equal(tm_store_schema_version(s), tm_store_schema_latest());
	tm_store_close(s);
}

/* ==== Out of memory ==================================================================== */

/* Copies the file from to the file to (closed stores: no -wal file). */
static void copy_file(const char *from, const char *to)
{
	char buf[8192];
	size_t n;
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	assert_non_null(in);
	assert_non_null(out);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	fclose(in);
	assert_int_equal(fclose(out), 0);
}

/* Out of memory at each SQLite allocation of saving an answer in turn, the
 * copies sqlite3_bind_text makes among them: the save succeeds whole or fails
 * as out of memory (it failed as "NOT NULL constraint failed", the failed
 * bind's NULL reaching the insert), and a failed one leaves the file as it
 * was (no answer, the old position) and no transaction open. */
static void test_answer_out_of_memory(void **state)
{
	struct fx *f = *state;
	const struct tm_answer_record a = {
		.course = "intro", .module = "m", .item = "i2", .question = "q2", .attempt = 1,
		.answer = "tampering with the audit log", .score = 1, .max = 1, .correct = true,
	};
	const struct tm_position before = { .module = "m", .item = "i1" };
	const struct tm_position next = { .module = "m", .item = "i3", .step = 2 };
	char start[160];
	struct tm_diags d;
	long long ann = 0;
	tm_diags_init(&d);
	struct tm_store *s = open_ok(f->path);
	assert_int_equal(tm_store_learner(s, "ann", &ann, &d), TM_OK);
	assert_int_equal(tm_store_position_set(s, ann, "intro", &before, &d), TM_OK);
	tm_store_close(s);
	tm_diags_release(&d);
	snprintf(start, sizeof(start), "%s.start", f->path);
	copy_file(f->path, start);
	bool reached = true;
	long n, failed = 0;
	for (n = 1; reached; n++) {
		copy_file(start, f->path);
		s = open_ok(f->path);
		tm_diags_init(&d);
		sqlite_fault_arm(n);
		int rc = tm_store_record_answer(s, ann, &a, &next, &d);
		reached = sqlite_fault_disarm();
		assert_true(sqlite3_get_autocommit(tm_store_db(s)));
		tm_store_close(s);
		long long answers = query_int(f->path, "SELECT count(*) FROM answers WHERE"
					      " answer = 'tampering with the audit log'");
		long long moved = query_int(f->path, "SELECT count(*) FROM positions WHERE"
					    " item = 'i3' AND step = 2");
		if (rc == TM_OK) {
			assert_int_equal(answers, 1);
			assert_int_equal(moved, 1);
		} else {
			sqlite_fault_expect_nomem(n, reached, rc, &d);
			assert_int_equal(answers, 0);
			assert_int_equal(moved, 0);
			assert_int_equal(query_int(f->path, "SELECT count(*) FROM positions WHERE"
						   " item = 'i1'"), 1);
			failed++;
		}
		tm_diags_release(&d);
	}
	assert_true(failed > 10);   /* the allocations were reached */
}

int main(void)
{
	sqlite_fault_install();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_open_creates_and_migrates, setup, teardown),
		cmocka_unit_test(test_name_check),
		cmocka_unit_test(test_learner_name_check),
		cmocka_unit_test_setup_teardown(test_learners_positions_answers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_seed_is_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_and_reset, setup, teardown),
		cmocka_unit_test(test_default_path),
		cmocka_unit_test_setup_teardown(test_corrupt_file_is_left_alone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_damaged_pages_are_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreign_database_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newer_schema_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_negative_schema_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_best_result_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_learner_session, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_taken_over, setup, teardown),
		cmocka_unit_test_setup_teardown(test_schema2_upgrade, setup, teardown),
		cmocka_unit_test_setup_teardown(test_schema8_positions_gain_again, setup, teardown),
		cmocka_unit_test_setup_teardown(test_schema11_answers_gain_question_version, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_schema12_top_gains_closest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_schema_2_gains_key_hash, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_only_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_only_directory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_locked_database, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_a_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_only_view, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_is_valid_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(test_module_keys_and_reset, setup, teardown),
		cmocka_unit_test(test_quick_check_errors),
		cmocka_unit_test_setup_teardown(test_create_on_full_disk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_answer_out_of_memory, setup, teardown),
	};
	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
