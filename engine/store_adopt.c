/*
 * store_adopt.c: gives progress stored before items had keys the key of the
 * item it belongs to.
 *
 * Until schema 8 the store kept an item's results, answers, seeds, drafts and
 * the resume position by the item's position in its module; migration 8 keeps
 * those rows as '#<position>'. Position is all they say, so the best reading
 * is the content as it is when the learner next runs tmdojo: the item at that
 * position now. tm_store_adopt_items() writes that item's key into the rows,
 * after which an author may insert, move or remove items without moving a
 * learner's progress onto another item; rows past the module's end then are
 * marked 'gone#<n>' and belong to no item. Readers that see a row not adopted
 * yet take it by position as before (tm_module_stored_item()).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

static const char *const tables[] = { "positions", "items", "answers", "seeds", "drafts",
				      "refresher_answers" };
#define N_TABLES (sizeof(tables) / sizeof(tables[0]))

/* A (course, module) place of one table that holds rows kept by position.
 * course is the row's course column: the course id, or "course/module" for a
 * position of a single-module run (tm_store_module_key()). */
struct place {
	size_t table;
	char *course, *module;
};

struct places {
	struct place *v;
	size_t n, room;
};

static void places_free(struct places *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].course);
		free(p->v[i].module);
	}
	free(p->v);
}

static int places_add(struct places *p, size_t table, const char *course, const char *module,
		      struct tm_diags *diags)
{
	if (p->n == p->room) {
		size_t room = p->room > 0 ? p->room * 2 : 8;
		struct place *v = realloc(p->v, room * sizeof(*v));
		if (v == NULL)
			return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
		p->v = v;
		p->room = room;
	}
	struct place *pl = &p->v[p->n];
	pl->table = table;
	pl->course = strdup(course != NULL ? course : "");
	pl->module = strdup(module != NULL ? module : "");
	if (pl->course == NULL || pl->module == NULL) {
		free(pl->course);
		free(pl->module);
		return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
	}
	p->n++;
	return TM_OK;
}

/* Collects the places of table t with rows kept by position. */
static int find_places(struct tm_store *s, size_t t, struct places *out, struct tm_diags *diags)
{
	char sql[160];
	sqlite3_stmt *st = NULL;
	sqlite3 *db = tm_store_db(s);
	snprintf(sql, sizeof(sql), "SELECT DISTINCT course, module FROM %s WHERE item GLOB '#*'",
		 tables[t]);
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return tm_store_db_error(tm_store_path(s), db, rc, "read the progress", diags);
	int status = TM_OK;
	while (status == TM_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		status = places_add(out, t, (const char *)sqlite3_column_text(st, 0),
				    (const char *)sqlite3_column_text(st, 1), diags);
	if (status == TM_OK && rc != SQLITE_DONE)
		status = tm_store_db_error(tm_store_path(s), db, rc, "read the progress", diags);
	sqlite3_finalize(st);
	return status;
}

/* The module of c a place belongs to, or NULL. */
static const struct tm_module *place_module(const struct tm_content *c, const struct place *p)
{
	char course[TM_ID_MAX];
	size_t len = strcspn(p->course, "/");
	if (len >= sizeof(course))
		return NULL;
	memcpy(course, p->course, len);
	course[len] = '\0';
	const struct tm_course *co = tm_content_find_course(c, course);
	return co != NULL ? tm_course_find_module(co, p->module) : NULL;
}

/* Marks the place's rows still kept by position (past the module's end when
 * it was adopted) 'gone#<n>': an item added at that position later must not
 * take them. Returns a SQLite code. */
static int orphan_rest(sqlite3 *db, const struct place *p)
{
	char sql[200];
	sqlite3_stmt *st = NULL;
	snprintf(sql, sizeof(sql), "UPDATE OR IGNORE %s SET item = 'gone' || item WHERE"
		 " course = ?1 AND module = ?2 AND item GLOB '#*'", tables[p->table]);
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		int bound = SQLITE_OK;
		store_bind_text(st, 1, p->course, &bound);
		store_bind_text(st, 2, p->module, &bound);
		rc = store_step(st, bound);
		rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Gives the place's rows kept by position the keys of m's items, and marks
 * the rest gone. */
static int adopt_place(struct tm_store *s, const struct place *p, const struct tm_module *m,
		       struct tm_diags *diags)
{
	char sql[200];
	sqlite3_stmt *st = NULL;
	sqlite3 *db = tm_store_db(s);
	/* OR IGNORE: a row already kept under the key stays the one that counts */
	snprintf(sql, sizeof(sql), "UPDATE OR IGNORE %s SET item = ?1 WHERE course = ?2"
		 " AND module = ?3 AND item = ?4", tables[p->table]);
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	for (size_t i = 0; rc == SQLITE_OK && i < tm_module_item_count(m); i++) {
		char legacy[32];
		snprintf(legacy, sizeof(legacy), "#%zu", i);
		int bound = SQLITE_OK;
		store_bind_text(st, 1, tm_item_key(tm_module_item(m, i)), &bound);
		store_bind_text(st, 2, p->course, &bound);
		store_bind_text(st, 3, p->module, &bound);
		store_bind_text(st, 4, legacy, &bound);
		rc = store_step(st, bound);
		rc = rc == SQLITE_DONE ? sqlite3_reset(st) : rc;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_OK)
		rc = orphan_rest(db, p);
	if (rc != SQLITE_OK)
		return tm_store_db_error(tm_store_path(s), db, rc, "upgrade the progress", diags);
	return TM_OK;
}

static int adopt_places(struct tm_store *s, const struct tm_content *c,
			const struct places *p, struct tm_diags *diags)
{
	sqlite3 *db = tm_store_db(s);
	int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return tm_store_db_error(tm_store_path(s), db, rc, "upgrade the progress", diags);
	int status = TM_OK;
	for (size_t i = 0; i < p->n && status == TM_OK; i++) {
		const struct tm_module *m = place_module(c, &p->v[i]);
		if (m != NULL)
			status = adopt_place(s, &p->v[i], m, diags);
	}
	rc = sqlite3_exec(db, status == TM_OK ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
	if (status == TM_OK && rc != SQLITE_OK) {
		status = tm_store_db_error(tm_store_path(s), db, rc, "upgrade the progress", diags);
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	}
	return status;
}

int tm_store_adopt_items(struct tm_store *s, const struct tm_content *c, struct tm_diags *diags)
{
	struct places p = { 0 };
	int status = TM_OK;
	/* a store opened for viewing is not migrated, nor adopted */
	if (tm_store_schema_version(s) < TM_SCHEMA_ITEM_KEYS)
		return TM_OK;
	for (size_t t = 0; t < N_TABLES && status == TM_OK; t++)
		status = find_places(s, t, &p, diags);
	if (status == TM_OK && p.n > 0)
		status = adopt_places(s, c, &p, diags);
	places_free(&p);
	return status;
}
