/*
 * store_export.c: what is done to a learner's whole progress at once: its
 * export as JSON (tmdojo progress --export) and its reset (tmdojo progress
 * --reset), of one course or of all.
 */
#include <stdio.h>

#include <sqlite3.h>

#include "store_internal.h"
#include "tmengine.h"

/* SQLite's JSON functions do the quoting; json() keeps each sub-array JSON (a
 * subquery would otherwise turn it into a string). */
static const char export_sql[] =
	"SELECT json_object("
	" 'learner', (SELECT name FROM learners WHERE id = ?1),"
	" 'schema', ?2,"
	" 'positions', json((SELECT json_group_array(json_object('course', course,"
	"   'module', module, 'item', item, 'step', step, 'attempt', attempt,"
	"   'score', score, 'max', max,"
	"   'updated', strftime('%Y-%m-%dT%H:%M:%SZ', updated, 'unixepoch')";
/* whether a retake wrote the position (migration 9), for files that keep it */
static const char export_again_sql[] =
	", 'again', json(CASE again WHEN 0 THEN 'false' ELSE 'true' END)";
static const char export_rest_sql[] =
	"))"
	"   FROM (SELECT * FROM positions WHERE learner = ?1 ORDER BY course))),"
	" 'items', json((SELECT json_group_array(json_object('course', course,"
	"   'module', module, 'item', item, 'score', score, 'max', max,"
	"   'passed', json(CASE passed WHEN 0 THEN 'false' ELSE 'true' END),"
	"   'completed', strftime('%Y-%m-%dT%H:%M:%SZ', completed, 'unixepoch')))"
	"   FROM (SELECT * FROM items WHERE learner = ?1 ORDER BY course, module, item))),"
	" 'answers', json((SELECT json_group_array(json_object('course', course,"
	"   'module', module, 'item', item, 'question', question, 'attempt', attempt,"
	"   'answer', answer, 'score', score, 'max', max,"
	"   'correct', json(CASE correct WHEN 0 THEN 'false' ELSE 'true' END),"
	"   'time', strftime('%Y-%m-%dT%H:%M:%SZ', time, 'unixepoch')";
/* the version of the question each answer was given to (migration 12), for
 * files that keep it: item analysis counts choices by it */
static const char export_version_sql[] = ", 'question_version', question_version";
static const char export_seeds_sql[] =
	"))"
	"   FROM (SELECT * FROM answers WHERE learner = ?1 ORDER BY id))),"
	" 'seeds', json((SELECT json_group_array(json_object('course', course,"
	"   'module', module, 'item', item, 'question', question, 'seed', seed))"
	"   FROM (SELECT * FROM seeds WHERE learner = ?1"
	"         ORDER BY course, module, item, question)))";

/* What later schemas keep for a learner, added to the export when the file has
 * it (a view reads older files as they are): the lines of an unfinished list
 * (migration 3) and the refresher's answers (migration 7). */
static const char export_drafts_sql[] =
	", 'drafts', json((SELECT json_group_array(json_object('course', course,"
	"   'module', module, 'item', item, 'question', question, 'text', text))"
	"   FROM (SELECT * FROM drafts WHERE learner = ?1"
	"         ORDER BY course, module, item, question)))";
static const char export_refresher_sql[] =
	", 'refresher_answers', json((SELECT json_group_array(json_object('course', course,"
	"   'module', module, 'item', item, 'question', question, 'answer', answer,"
	"   'score', score, 'max', max,"
	"   'correct', json(CASE correct WHEN 0 THEN 'false' ELSE 'true' END),"
	"   'time', strftime('%Y-%m-%dT%H:%M:%SZ', time, 'unixepoch')))"
	"   FROM (SELECT * FROM refresher_answers WHERE learner = ?1 ORDER BY id)))";

#define SCHEMA_DRAFTS 3      /* the migration that adds drafts */

int tm_store_export_json(struct tm_store *s, long long learner, char **json,
			 struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	char sql[sizeof(export_sql) + sizeof(export_again_sql) + sizeof(export_rest_sql) +
		 sizeof(export_version_sql) + sizeof(export_seeds_sql) +
		 sizeof(export_drafts_sql) + sizeof(export_refresher_sql)];
	*json = NULL;
	snprintf(sql, sizeof(sql), "%s%s%s%s%s%s%s)", export_sql,
		 s->version >= TM_SCHEMA_AGAIN ? export_again_sql : "", export_rest_sql,
		 s->version >= TM_SCHEMA_QUESTION_VERSION ? export_version_sql : "",
		 export_seeds_sql, s->version >= SCHEMA_DRAFTS ? export_drafts_sql : "",
		 s->version >= TM_SCHEMA_REFRESHER ? export_refresher_sql : "");
	int status = store_prepare(s, sql, &st, "export progress", diags);
	if (status != TM_OK)
		return status;
	int bound = SQLITE_OK;
	store_bind_int64(st, 1, learner, &bound);
	store_bind_int64(st, 2, s->version, &bound);
	/* stores written before answers were cleaned on the way in may hold
	 * invalid UTF-8; JSON must not */
	return store_row_text(s, st, bound, "{}", "export progress", json, diags);
}

int tm_store_reset(struct tm_store *s, long long learner, const char *course,
		   struct tm_diags *diags)
{
	static const char *const tables[] = { "positions", "items", "answers", "seeds",
					      "drafts", "refresher_answers" };
	int status = store_tx_begin(s, "reset progress", diags);
	if (status != TM_OK)
		return status;
	status = store_check_session_row(s, learner, true, "reset progress", diags);
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]) && status == TM_OK; i++) {
		char sql[256];
		sqlite3_stmt *st = NULL;
		snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE learner = ?1%s", tables[i],
			 course != NULL ? " AND " COURSE_ROWS : "");
		status = store_prepare(s, sql, &st, "reset progress", diags);
		if (status != TM_OK)
			break;
		int bound = SQLITE_OK;
		store_bind_int64(st, 1, learner, &bound);
		if (course != NULL)
			store_bind_text(st, 2, course, &bound);
		status = store_step_done(s, st, bound, "reset progress", diags);
	}
	/* a session row left behind would keep the learner out of the fresh start */
	if (status == TM_OK)
		status = tm_store_session_clear(s, learner, diags);
	if (status == TM_OK)
		return store_tx_commit(s, "reset progress", diags);
	store_tx_rollback(s);
	return status;
}
