/*
 * store_progress.c: what a learner has done, in the progress store: learners,
 * where each one is in a course (positions), answers and item results, drafts
 * of unfinished lists and shuffle seeds. Every write is one transaction that
 * first checks the learner's session (store_touch_session(), store_sessions.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "learn_internal.h"
#include "store_internal.h"
#include "tmengine.h"

/* ==== Small helpers ============================================================ */

/* Binds ?1..?4 to the learner and the item's place: course, module, index;
 * the first failure stays in *bound (store_bind_text()). */
static void bind_item(sqlite3_stmt *st, long long learner, const char *course,
		      const char *module, const char *item, int *bound)
{
	store_bind_int64(st, 1, learner, bound);
	store_bind_text(st, 2, course, bound);
	store_bind_text(st, 3, module, bound);
	store_bind_text(st, 4, item, bound);
}

static int check_id(const char *what, const char *id, struct tm_diags *diags)
{
	if (id == NULL || id[0] == '\0' || strlen(id) >= TM_ID_MAX)
		return tm_diags_add(diags, TM_EUSAGE, NULL, 0, 0, "%s id '%s' is empty or too long",
				    what, id != NULL ? id : "");
	return TM_OK;
}

/* ==== Learners ==================================================================== */

static int lookup_learner(struct tm_store *s, const char *name, long long *id, bool *found,
			  struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	int status = store_prepare(s, "SELECT id FROM learners WHERE name = ?1", &st,
				   "find the learner", diags);
	if (status != TM_OK)
		return status;
	int bound = SQLITE_OK;
	store_bind_text(st, 1, name, &bound);
	int rc = store_step(st, bound);
	*found = rc == SQLITE_ROW;
	if (*found)
		*id = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE)
		status = store_error(s, rc, "find the learner", diags);
	sqlite3_finalize(st);
	return status;
}

int tm_store_find_learner(struct tm_store *s, const char *name, long long *id,
			  struct tm_diags *diags)
{
	bool found = false;
	int status = lookup_learner(s, name, id, &found, diags);
	if (status == TM_OK && !found) {
		char shown[256];
		return tm_diags_add(diags, TM_ENOTFOUND, s->path, 0, 0,
				    "no progress stored for learner '%s'",
				    tm_printable(name, shown, sizeof(shown)));
	}
	return status;
}

int tm_store_learner(struct tm_store *s, const char *name, long long *id,
		     struct tm_diags *diags)
{
	bool found = false;
	if (name == NULL || name[0] == '\0')
		return tm_diags_add(diags, TM_EUSAGE, NULL, 0, 0, "the learner name is empty");
	/* the name rule is for new learners: one stored before it goes on */
	int status = lookup_learner(s, name, id, &found, diags);
	if (status != TM_OK || found)
		return status;
	status = tm_learner_name_check(name, diags);
	if (status != TM_OK)
		return status;
	sqlite3_stmt *st = NULL;
	status = store_prepare(s, "INSERT OR IGNORE INTO learners (name, created) VALUES (?1, ?2)",
			       &st, "add the learner", diags);
	if (status != TM_OK)
		return status;
	int bound = SQLITE_OK;
	store_bind_text(st, 1, name, &bound);
	store_bind_int64(st, 2, (sqlite3_int64)time(NULL), &bound);
	status = store_step_done(s, st, bound, "add the learner", diags);
	if (status != TM_OK)
		return status;
	return tm_store_find_learner(s, name, id, diags);
}

/* ==== Positions ===================================================================== */

int tm_store_position_get(struct tm_store *s, long long learner, const char *course,
			  struct tm_position *out, struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	memset(out, 0, sizeof(*out));
	char sql[256];
	/* a file opened for viewing is not migrated: before 9, no position is a retake's */
	snprintf(sql, sizeof(sql), "SELECT module, %s, step, attempt, score, max, %s FROM positions"
		 " WHERE learner = ?1 AND course = ?2", TM_STORE_ITEM_SQL("item"),
		 s->version >= TM_SCHEMA_AGAIN ? "again" : "0");
	int status = store_prepare(s, sql, &st, "read the position", diags);
	if (status != TM_OK)
		return status;
	int bound = SQLITE_OK;
	store_bind_int64(st, 1, learner, &bound);
	store_bind_text(st, 2, course, &bound);
	int rc = store_step(st, bound);
	if (rc == SQLITE_ROW) {
		const char *m = (const char *)sqlite3_column_text(st, 0);
		snprintf(out->module, sizeof(out->module), "%s", m != NULL ? m : "");
		const char *it = (const char *)sqlite3_column_text(st, 1);
		snprintf(out->item, sizeof(out->item), "%s", it != NULL ? it : "");
		out->step = sqlite3_column_int(st, 2);
		out->attempt = sqlite3_column_int(st, 3);
		out->score = sqlite3_column_double(st, 4);
		out->max = sqlite3_column_double(st, 5);
		out->again = sqlite3_column_int(st, 6) != 0;
	} else if (rc == SQLITE_DONE) {
		status = TM_ENOTFOUND;
	} else {
		status = store_error(s, rc, "read the position", diags);
	}
	sqlite3_finalize(st);
	return status;
}

/* Writes the position inside the caller's transaction (which has checked the
 * learner's session with store_touch_session()). */
static int put_position(struct tm_store *s, long long learner, const char *course,
			const struct tm_position *pos, struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	int status = store_prepare(s, "INSERT OR REPLACE INTO positions (learner, course, module,"
				   " item, step, attempt, score, max, updated, again)"
				   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", &st,
				   "save the position", diags);
	if (status != TM_OK)
		return status;
	int bound = SQLITE_OK;
	store_bind_int64(st, 1, learner, &bound);
	store_bind_text(st, 2, pos->key != NULL ? pos->key : course, &bound);
	store_bind_text(st, 3, pos->module, &bound);
	store_bind_text(st, 4, pos->item, &bound);
	store_bind_int64(st, 5, pos->step, &bound);
	store_bind_int64(st, 6, pos->attempt, &bound);
	store_bind_double(st, 7, pos->score, &bound);
	store_bind_double(st, 8, pos->max, &bound);
	store_bind_int64(st, 9, (sqlite3_int64)time(NULL), &bound);
	store_bind_int64(st, 10, pos->again ? 1 : 0, &bound);
	return store_step_done(s, st, bound, "save the position", diags);
}

int tm_store_position_set(struct tm_store *s, long long learner, const char *course,
			  const struct tm_position *pos, struct tm_diags *diags)
{
	int status = check_id("course", course, diags);
	if (status == TM_OK)
		status = store_tx_begin(s, "save the position", diags);
	if (status != TM_OK)
		return status;
	status = store_touch_session(s, learner, "save the position", diags);
	if (status == TM_OK)
		status = put_position(s, learner, course, pos, diags);
	if (status == TM_OK)
		return store_tx_commit(s, "save the position", diags);
	store_tx_rollback(s);
	return status;
}

/* ==== Answers and items ================================================================ */

int tm_store_record_answer(struct tm_store *s, long long learner,
			   const struct tm_answer_record *a, const struct tm_position *next,
			   struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	int status = check_id("course", a->course, diags);
	if (status == TM_OK)
		status = store_tx_begin(s, "save the answer", diags);
	if (status != TM_OK)
		return status;
	status = store_touch_session(s, learner, "save the answer", diags);
	if (status != TM_OK)
		goto cleanup;
	status = store_prepare(s, "INSERT INTO answers (learner, course, module, item, question,"
			       " attempt, answer, score, max, correct, time, question_version)"
			       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", &st,
			       "save the answer", diags);
	if (status != TM_OK)
		goto cleanup;
	int bound = SQLITE_OK;
	store_bind_int64(st, 1, learner, &bound);
	store_bind_text(st, 2, a->course, &bound);
	store_bind_text(st, 3, a->module, &bound);
	store_bind_text(st, 4, a->item, &bound);
	store_bind_text(st, 5, a->question, &bound);
	store_bind_int64(st, 6, a->attempt, &bound);
	char *clean = grader_utf8_clean(a->answer != NULL ? a->answer : "");
	if (clean == NULL) {
		sqlite3_finalize(st);
		status = tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
		goto cleanup;
	}
	store_bind_text(st, 7, clean, &bound);
	free(clean);
	store_bind_double(st, 8, a->score, &bound);
	store_bind_double(st, 9, a->max, &bound);
	store_bind_int64(st, 10, a->correct ? 1 : 0, &bound);
	store_bind_int64(st, 11, (sqlite3_int64)time(NULL), &bound);
	store_bind_text(st, 12, a->version != NULL ? a->version : "", &bound);
	status = store_step_done(s, st, bound, "save the answer", diags);
	if (status == TM_OK && next != NULL)
		status = put_position(s, learner, a->course, next, diags);
cleanup:
	if (status == TM_OK)
		return store_tx_commit(s, "save the answer", diags);
	store_tx_rollback(s);
	return status;
}

int tm_store_complete_item(struct tm_store *s, long long learner, const char *course,
			   const char *module, const char *item, double score, double max, bool passed,
			   const struct tm_position *next, struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	int status = check_id("course", course, diags);
	if (status == TM_OK)
		status = store_tx_begin(s, "save the result", diags);
	if (status != TM_OK)
		return status;
	status = store_touch_session(s, learner, "save the result", diags);
	if (status != TM_OK)
		goto cleanup;
	/* The best result stays: a retake replaces it only when it passes where
	 * the stored one failed, or does at least as well with the same outcome. */
	status = store_prepare(s, "INSERT INTO items (learner, course, module, item, score,"
			       " max, passed, completed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
			       " ON CONFLICT (learner, course, module, item) DO UPDATE SET"
			       " score = excluded.score, max = excluded.max,"
			       " passed = excluded.passed, completed = excluded.completed"
			       " WHERE excluded.passed > items.passed"
			       " OR (excluded.passed = items.passed"
			       " AND excluded.score * items.max >= items.score * excluded.max)",
			       &st, "save the result", diags);
	if (status != TM_OK)
		goto cleanup;
	int bound = SQLITE_OK;
	bind_item(st, learner, course, module, item, &bound);
	store_bind_double(st, 5, score, &bound);
	store_bind_double(st, 6, max, &bound);
	store_bind_int64(st, 7, passed ? 1 : 0, &bound);
	store_bind_int64(st, 8, (sqlite3_int64)time(NULL), &bound);
	status = store_step_done(s, st, bound, "save the result", diags);
	if (status == TM_OK && next != NULL)
		status = put_position(s, learner, course, next, diags);
cleanup:
	if (status == TM_OK)
		return store_tx_commit(s, "save the result", diags);
	store_tx_rollback(s);
	return status;
}

int tm_store_item_result(struct tm_store *s, long long learner, const char *course,
			 const char *module, const char *item, bool *done, double *score, double *max,
			 bool *passed, struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	int status = store_prepare(s, "SELECT score, max, passed FROM items WHERE learner = ?1"
				   " AND course = ?2 AND module = ?3 AND item = ?4", &st,
				   "read the result", diags);
	if (status != TM_OK)
		return status;
	int bound = SQLITE_OK;
	bind_item(st, learner, course, module, item, &bound);
	int rc = store_step(st, bound);
	*done = rc == SQLITE_ROW;
	if (*done) {
		if (score != NULL)
			*score = sqlite3_column_double(st, 0);
		if (max != NULL)
			*max = sqlite3_column_double(st, 1);
		if (passed != NULL)
			*passed = sqlite3_column_int(st, 2) != 0;
	} else if (rc != SQLITE_DONE) {
		status = store_error(s, rc, "read the result", diags);
	}
	sqlite3_finalize(st);
	return status;
}

/* Runs a one-row count query with learner ?1 and optional text ?2, ?3. */
static int count_rows(struct tm_store *s, const char *sql, long long learner, const char *a,
		      const char *b, size_t *count, struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	int status = store_prepare(s, sql, &st, "count progress", diags);
	if (status != TM_OK)
		return status;
	int bound = SQLITE_OK;
	store_bind_int64(st, 1, learner, &bound);
	if (a != NULL)
		store_bind_text(st, 2, a, &bound);
	if (b != NULL)
		store_bind_text(st, 3, b, &bound);
	int rc = store_step(st, bound);
	if (rc == SQLITE_ROW)
		*count = (size_t)sqlite3_column_int64(st, 0);
	else
		status = store_error(s, rc, "count progress", diags);
	sqlite3_finalize(st);
	return status;
}

int tm_store_items_done(struct tm_store *s, long long learner, const char *course,
			const char *module, size_t *count, struct tm_diags *diags)
{
	if (module == NULL)
		return count_rows(s, "SELECT count(*) FROM items WHERE learner = ?1 AND course = ?2",
				  learner, course, NULL, count, diags);
	return count_rows(s, "SELECT count(*) FROM items WHERE learner = ?1 AND course = ?2"
			  " AND module = ?3", learner, course, module, count, diags);
}

/* Keeps the stored result row st is at in out (one per item of m): a row kept
 * under the item's key wins over one from before item keys. */
static void take_result(sqlite3_stmt *st, const struct tm_module *m, struct tm_item_result *out)
{
	const char *ref = (const char *)sqlite3_column_text(st, 0);
	size_t i = 0;
	if (tm_module_stored_item(m, ref, &i) == NULL)
		return;
	bool exact = strcmp(tm_item_key(tm_module_item(m, i)), ref) == 0;
	if (out[i].done && !exact)
		return;
	out[i].done = true;
	out[i].score = sqlite3_column_double(st, 1);
	out[i].max = sqlite3_column_double(st, 2);
	out[i].passed = sqlite3_column_int(st, 3) != 0;
}

int tm_store_module_results(struct tm_store *s, long long learner, const char *course,
			    const struct tm_module *m, struct tm_item_result *out,
			    struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	memset(out, 0, tm_module_item_count(m) * sizeof(*out));
	int status = store_prepare(s, "SELECT " TM_STORE_ITEM_SQL("item") ", score, max, passed"
				   " FROM items WHERE learner = ?1"
				   " AND course = ?2 AND module = ?3", &st, "read the results",
				   diags);
	if (status != TM_OK)
		return status;
	int bound = SQLITE_OK;
	store_bind_int64(st, 1, learner, &bound);
	store_bind_text(st, 2, course, &bound);
	store_bind_text(st, 3, tm_module_id(m), &bound);
	int rc;
	while ((rc = store_step(st, bound)) == SQLITE_ROW)
		take_result(st, m, out);
	if (rc != SQLITE_DONE)
		status = store_error(s, rc, "read the results", diags);
	sqlite3_finalize(st);
	return status;
}

int tm_store_orphan_modules(struct tm_store *s, long long learner, const struct tm_course *co,
			    void (*fn)(void *ctx, const char *module, size_t items), void *ctx,
			    struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	int status = store_prepare(s, "SELECT module, count(*) FROM items WHERE learner = ?1"
				   " AND course = ?2 GROUP BY module ORDER BY module", &st,
				   "read the results", diags);
	if (status != TM_OK)
		return status;
	int bound = SQLITE_OK;
	store_bind_int64(st, 1, learner, &bound);
	store_bind_text(st, 2, tm_course_id(co), &bound);
	int rc;
	while ((rc = store_step(st, bound)) == SQLITE_ROW) {
		const char *module = (const char *)sqlite3_column_text(st, 0);
		bool known = module == NULL;
		for (size_t i = 0; i < tm_course_module_count(co) && !known; i++)
			known = strcmp(tm_module_id(tm_course_module(co, i)), module) == 0;
		if (!known)
			fn(ctx, module, (size_t)sqlite3_column_int64(st, 1));
	}
	if (rc != SQLITE_DONE)
		status = store_error(s, rc, "read the results", diags);
	sqlite3_finalize(st);
	return status;
}

int tm_store_course_progress(struct tm_store *s, long long learner,
			     const struct tm_course *co, struct tm_course_progress *out,
			     struct tm_diags *diags)
{
	size_t nmod = tm_course_module_count(co);
	int status = TM_OK;
	memset(out, 0, sizeof(*out));
	out->next_module = nmod;
	for (size_t i = 0; i < nmod && status == TM_OK; i++) {
		const struct tm_module *m = tm_course_module(co, i);
		size_t n = tm_module_item_count(m);
		struct tm_item_result *r = calloc(n + 1, sizeof(*r));
		if (r == NULL)
			return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
		status = tm_store_module_results(s, learner, tm_course_id(co), m, r, diags);
		for (size_t k = 0; k < n && status == TM_OK; k++) {
			out->total++;
			if (r[k].done)
				out->done++;
			else if (out->next_module == nmod) {
				out->next_module = i;
				out->next_item = k;
			}
		}
		free(r);
	}
	return status;
}

int tm_store_answer_count(struct tm_store *s, long long learner, const char *course,
			  size_t *count, struct tm_diags *diags)
{
	if (course == NULL)
		return count_rows(s, "SELECT count(*) FROM answers WHERE learner = ?1", learner,
				  NULL, NULL, count, diags);
	return count_rows(s, "SELECT count(*) FROM answers WHERE learner = ?1 AND course = ?2",
			  learner, course, NULL, count, diags);
}

int tm_store_last_answer(struct tm_store *s, long long learner, const char *course,
			 const char *module, const char *item, const char *question, char **answer,
			 struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	*answer = NULL;
	int status = store_prepare(s, "SELECT answer FROM answers WHERE learner = ?1"
				   " AND course = ?2 AND module = ?3 AND item = ?4"
				   " AND question = ?5 ORDER BY id DESC LIMIT 1", &st,
				   "read the answer", diags);
	if (status != TM_OK)
		return status;
	int bound = SQLITE_OK;
	bind_item(st, learner, course, module, item, &bound);
	store_bind_text(st, 5, question, &bound);
	return store_row_text(s, st, bound, "", "read the answer", answer, diags);
}

int tm_store_question_tries(struct tm_store *s, long long learner, const char *course,
			    const char *question, int attempts, const char *version, char **out,
			    struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	for (int k = 0; k < attempts; k++)
		out[k] = NULL;
	if (attempts <= 0)
		return TM_OK;
	int status = store_prepare(s, "SELECT attempt, answer, question_version FROM answers"
				   " WHERE learner = ?1 AND course = ?2 AND question = ?3"
				   " ORDER BY id DESC LIMIT ?4", &st, "read the answers", diags);
	if (status != TM_OK)
		return status;
	int bound = sqlite3_bind_int64(st, 1, learner);
	store_bind_text(st, 2, course, &bound);
	store_bind_text(st, 3, question, &bound);
	if (bound == SQLITE_OK)
		bound = sqlite3_bind_int(st, 4, attempts);
	int want = attempts, rc = store_step(st, bound);
	/* the latest answers, newest first, while they are the tries want, want - 1,
	 * ... 1 of one pass (an earlier pass's tries come before them) */
	for (; rc == SQLITE_ROW && status == TM_OK && want > 0; rc = sqlite3_step(st), want--) {
		const char *text = (const char *)sqlite3_column_text(st, 1);
		const char *shown = (const char *)sqlite3_column_text(st, 2);
		if (sqlite3_column_int(st, 0) != want)
			break;
		if (text == NULL || strcmp(shown != NULL ? shown : "",
					   version != NULL ? version : "") != 0)
			continue;
		out[want - 1] = strdup(text);
		if (out[want - 1] == NULL)
			status = tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
	}
	if (status == TM_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
		status = store_error(s, rc, "read the answers", diags);
	sqlite3_finalize(st);
	if (status != TM_OK)
		for (int k = 0; k < attempts; k++) {
			free(out[k]);
			out[k] = NULL;
		}
	return status;
}

/* Appends the answer row st is at to *list (count *n, room *room). */
static int add_item_answer(sqlite3_stmt *st, struct learn_answer **list, size_t *n,
			   size_t *room, struct tm_diags *diags)
{
	if (*n == *room) {
		size_t nroom = *room > 0 ? *room * 2 : 16;
		struct learn_answer *nl = realloc(*list, nroom * sizeof(*nl));
		if (nl == NULL)
			return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
		*list = nl;
		*room = nroom;
	}
	struct learn_answer *a = &(*list)[(*n)++];
	const char *q = (const char *)sqlite3_column_text(st, 0);
	snprintf(a->question, sizeof(a->question), "%s", q != NULL ? q : "");
	a->attempt = sqlite3_column_int(st, 1);
	a->score = sqlite3_column_double(st, 2);
	a->max = sqlite3_column_double(st, 3);
	a->correct = sqlite3_column_int(st, 4) != 0;
	return TM_OK;
}

/* Reads the answer rows of prepared statement st (bound: its binds' result)
 * into *out and *count. */
static int read_answers(struct tm_store *s, sqlite3_stmt *st, int bound,
			struct learn_answer **out, size_t *count, struct tm_diags *diags)
{
	struct learn_answer *list = NULL;
	size_t n = 0, room = 0;
	int status = TM_OK, rc = store_step(st, bound);
	for (; rc == SQLITE_ROW && status == TM_OK; rc = sqlite3_step(st))
		status = add_item_answer(st, &list, &n, &room, diags);
	if (status == TM_OK && rc != SQLITE_DONE)
		status = store_error(s, rc, "read the answers", diags);
	sqlite3_finalize(st);
	if (status != TM_OK) {
		free(list);
		return status;
	}
	*out = list;
	*count = n;
	return TM_OK;
}

int tm_store_item_answers(struct tm_store *s, long long learner, const char *course,
			  const char *module, const char *item, struct learn_answer **out,
			  size_t *count, struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	*out = NULL;
	*count = 0;
	int status = store_prepare(s, "SELECT question, attempt, score, max, correct"
				   " FROM answers WHERE learner = ?1 AND course = ?2"
				   " AND module = ?3 AND item = ?4 ORDER BY id", &st,
				   "read the answers", diags);
	if (status != TM_OK)
		return status;
	int bound = SQLITE_OK;
	bind_item(st, learner, course, module, item, &bound);
	return read_answers(s, st, bound, out, count, diags);
}

/* ids as a JSON array of strings (question ids, which the id rule keeps free
 * of quotes, backslashes and controls). NULL when out of memory. */
static char *json_ids(const char *const *ids, size_t n)
{
	size_t len = 3;
	for (size_t i = 0; i < n; i++)
		len += strlen(ids[i]) + 3;
	char *json = malloc(len), *p = json;
	if (json == NULL)
		return NULL;
	*p++ = '[';
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "%s\"%s\"", i > 0 ? "," : "", ids[i]);
	*p++ = ']';
	*p = '\0';
	return json;
}

int tm_store_quiz_answers(struct tm_store *s, long long learner, const char *course,
			  const char *module, const char *item, const char *const *ids, size_t n,
			  struct learn_answer **out, size_t *count, struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	*out = NULL;
	*count = 0;
	char *json = json_ids(ids, n);
	if (json == NULL)
		return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
	int status = store_prepare(s, "SELECT question, attempt, score, max, correct"
				   " FROM answers WHERE learner = ?1 AND course = ?2"
				   " AND ((module = ?3 AND item = ?4)"
				   " OR question IN (SELECT value FROM json_each(?5))) ORDER BY id",
				   &st, "read the answers", diags);
	if (status == TM_OK) {
		int bound = SQLITE_OK;
		bind_item(st, learner, course, module, item, &bound);
		store_bind_text(st, 5, json, &bound);
		status = read_answers(s, st, bound, out, count, diags);
	}
	free(json);
	return status;
}

int tm_store_draft_set(struct tm_store *s, long long learner, const char *course,
		       const char *module, const char *item, const char *question, const char *text,
		       struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	bool keep = text != NULL && text[0] != '\0';
	int status = check_id("course", course, diags);
	if (status == TM_OK)
		status = store_tx_begin(s, "save the draft", diags);
	if (status != TM_OK)
		return status;
	status = store_touch_session(s, learner, "save the draft", diags);
	if (status != TM_OK)
		goto cleanup;
	status = store_prepare(s, keep ? "INSERT OR REPLACE INTO drafts (learner, course, module,"
					 " item, question, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
				       : "DELETE FROM drafts WHERE learner = ?1 AND course = ?2"
					 " AND module = ?3 AND item = ?4 AND question = ?5",
			       &st, "save the draft", diags);
	if (status != TM_OK)
		goto cleanup;
	int bound = SQLITE_OK;
	bind_item(st, learner, course, module, item, &bound);
	store_bind_text(st, 5, question, &bound);
	if (keep) {
		char *clean = grader_utf8_clean(text);
		if (clean == NULL) {
			sqlite3_finalize(st);
			status = tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
			goto cleanup;
		}
		store_bind_text(st, 6, clean, &bound);
		free(clean);
	}
	status = store_step_done(s, st, bound, "save the draft", diags);
cleanup:
	if (status == TM_OK)
		return store_tx_commit(s, "save the draft", diags);
	store_tx_rollback(s);
	return status;
}

int tm_store_draft_get(struct tm_store *s, long long learner, const char *course,
		       const char *module, const char *item, const char *question, char **text,
		       struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	*text = NULL;
	int status = store_prepare(s, "SELECT text FROM drafts WHERE learner = ?1 AND course = ?2"
				   " AND module = ?3 AND item = ?4 AND question = ?5", &st,
				   "read the draft", diags);
	if (status != TM_OK)
		return status;
	int bound = SQLITE_OK;
	bind_item(st, learner, course, module, item, &bound);
	store_bind_text(st, 5, question, &bound);
	return store_row_text(s, st, bound, "", "read the draft", text, diags);
}

int tm_store_learner_names(struct tm_store *s, char **names, struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	*names = NULL;
	/* quoted: a blank at either end of a name stored before the rule shows */
	int status = store_prepare(s, "SELECT coalesce(group_concat('''' || name || '''', ', '),"
				   " '') FROM (SELECT name FROM learners ORDER BY name)", &st,
				   "list the learners", diags);
	if (status != TM_OK)
		return status;
	return store_row_text(s, st, SQLITE_OK, "", "list the learners", names, diags);
}

int tm_store_course_stored(struct tm_store *s, long long learner, const char *course,
			   bool *stored, struct tm_diags *diags)
{
	static const char sql[] =
		"SELECT EXISTS (SELECT 1 FROM items WHERE learner = ?1 AND " COURSE_ROWS ")"
		" OR EXISTS (SELECT 1 FROM answers WHERE learner = ?1 AND " COURSE_ROWS ")"
		" OR EXISTS (SELECT 1 FROM positions WHERE learner = ?1 AND " COURSE_ROWS ")"
		" OR EXISTS (SELECT 1 FROM seeds WHERE learner = ?1 AND " COURSE_ROWS ")";
	size_t n = 0;
	int status = count_rows(s, sql, learner, course, NULL, &n, diags);
	*stored = status == TM_OK && n > 0;
	return status;
}

int tm_store_module_key(const char *course, const char *module, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%s/%s", course, module);
	if (n < 0 || (size_t)n >= size || (size_t)n >= TM_ID_MAX) {
		snprintf(buf, size, "%s", course);
		return TM_ELIMIT;
	}
	return TM_OK;
}

/* ==== Seeds ============================================================================ */

int tm_store_seed(struct tm_store *s, long long learner, const char *course,
		  const char *module, const char *item, const char *question, unsigned *seed,
		  struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	int status = check_id("course", course, diags);
	if (status == TM_OK)
		status = store_tx_begin(s, "save the shuffle seed", diags);
	if (status != TM_OK)
		return status;
	status = store_touch_session(s, learner, "save the shuffle seed", diags);
	if (status != TM_OK)
		goto cleanup;
	status = store_prepare(s, "INSERT OR IGNORE INTO seeds (learner, course, module, item,"
			       " question, seed) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", &st,
			       "save the shuffle seed", diags);
	if (status != TM_OK)
		goto cleanup;
	int bound = SQLITE_OK;
	bind_item(st, learner, course, module, item, &bound);
	store_bind_text(st, 5, question, &bound);
	store_bind_int64(st, 6, (sqlite3_int64)*seed, &bound);
	status = store_step_done(s, st, bound, "save the shuffle seed", diags);
	if (status != TM_OK)
		goto cleanup;
	status = store_prepare(s, "SELECT seed FROM seeds WHERE learner = ?1 AND course = ?2 AND"
			       " module = ?3 AND item = ?4 AND question = ?5", &st,
			       "read the shuffle seed", diags);
	if (status != TM_OK)
		goto cleanup;
	bound = SQLITE_OK;
	bind_item(st, learner, course, module, item, &bound);
	store_bind_text(st, 5, question, &bound);
	int rc = store_step(st, bound);
	if (rc == SQLITE_ROW)
		*seed = (unsigned)sqlite3_column_int64(st, 0);
	else
		status = store_error(s, rc, "read the shuffle seed", diags);
	sqlite3_finalize(st);
cleanup:
	if (status == TM_OK)
		return store_tx_commit(s, "save the shuffle seed", diags);
	store_tx_rollback(s);
	return status;
}
