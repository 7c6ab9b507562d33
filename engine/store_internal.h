/*
 * store_internal.h: internal to libtmengine. What the gradebook and the trainer
 * tools need from the progress store: its open connection, and one mapping of
 * SQLite failures to tm_status codes and messages. Below those, what the
 * store's own files (store.c, store_schema.c, store_path.c, store_progress.c,
 * store_sessions.c, store_export.c, store_adopt.c) share: the handle and the
 * helpers they write with.
 */
#ifndef TM_STORE_INTERNAL_H
#define TM_STORE_INTERNAL_H

#include <sqlite3.h>

#include "tmengine.h"

/** The schema version (migration) that adds refresher_answers: a store opened
 *  for viewing is never migrated, so readers check for it. */
#define TM_SCHEMA_REFRESHER 7
/** The schema version that keeps items by key, not position (store_adopt.c). */
#define TM_SCHEMA_ITEM_KEYS 8
/** The schema version that marks the positions of retakes (positions.again). */
#define TM_SCHEMA_AGAIN 9
/** The schema version that keeps the version of the question each answer was
 *  given to (answers.question_version). */
#define TM_SCHEMA_QUESTION_VERSION 12
/** SQL for an item column as text: a position of a file from before schema 8
 *  (an integer) reads as '#<position>', as migration 8 writes it, so that
 *  tm_module_stored_item() takes it by position and never an item id "3". */
#define TM_STORE_ITEM_SQL(col) \
	"CASE typeof(" col ") WHEN 'integer' THEN '#' || " col " ELSE " col " END"

/** The store's connection (borrowed; valid until tm_store_close()). It is set up
 *  with WAL, a busy timeout, synchronous=FULL and foreign keys. */
sqlite3 *tm_store_db(struct tm_store *s);

/**
 * Turns a SQLite failure into a tm_status with a message that names the file and
 * says what to do; what says what was being done ("save an answer"). db may be
 * NULL. Returns the status.
 */
int tm_store_db_error(const char *path, sqlite3 *db, int rc, const char *what,
		      struct tm_diags *diags);

/*
 * Binding. Each store_bind_*() binds parameter i of st unless *rc already holds
 * a failure, and keeps its own failure in *rc: a text is copied (SQLite's
 * SQLITE_TRANSIENT), which fails when out of memory (SQLITE_NOMEM) or past
 * SQLITE_LIMIT_LENGTH (SQLITE_TOOBIG), and a statement stepped after a failed
 * bind runs with NULL there: a constraint error in a NOT NULL column, a NULL
 * stored silently in another, a WHERE that matches nothing. So: start rc at
 * SQLITE_OK, bind, and step with store_step(), store_step_done() or
 * store_row_text(), which report rc instead of stepping.
 */
/** Binds text (NULL as ""), copied. */
void store_bind_text(sqlite3_stmt *st, int i, const char *text, int *rc);
void store_bind_int64(sqlite3_stmt *st, int i, long long v, int *rc);
void store_bind_double(sqlite3_stmt *st, int i, double v, int *rc);
void store_bind_null(sqlite3_stmt *st, int i, int *rc);
/** sqlite3_step(st) when rc (its binds' result) is SQLITE_OK, else rc: a
 *  statement whose binds failed is never run. */
int store_step(sqlite3_stmt *st, int rc);

/* ---- between the store's own files ------------------------------------------ */

/* An open progress store. Only the store's files use its fields; everything
 * else goes through tm_store_db() and the functions of tmengine.h. */
struct tm_store {
	sqlite3 *db;
	char *path;
	int version;
	bool holds;          /* claimed a learner's session (tm_store_session_begin()) */
	long long session;   /* ... that learner's */
	bool creating;       /* store_open() is setting up a file it created */
};

/* The rows of a course: its own, and positions of single-module runs, kept
 * under "course/module" (see tm_store_module_key()). ?2 is the course. */
#define COURSE_ROWS "(course = ?2 OR substr(course, 1, length(?2) + 1) = ?2 || '/')"

/* store_schema.c */

/** The SQL of the migration that takes the schema from version v to v + 1, for
 *  0 <= v < tm_store_schema_latest(). Borrowed (static). */
const char *store_migration(int v);

/* store_path.c */

/** Creates every missing directory above path (like mkdir -p of its dirname).
 *  Returns TM_OK, or the status with a message naming the directory. */
int store_make_parent_dirs(const char *path, struct tm_diags *diags);

/* store.c: every failure is reported by tm_store_db_error(), what saying what was
 * being done ("save the answer"), and the status returned. */

/** tm_store_db_error() for s's file and connection. Returns the status. */
int store_error(struct tm_store *s, int rc, const char *what, struct tm_diags *diags);
/** BEGIN IMMEDIATE: the write lock, waited for up to the busy timeout. */
int store_tx_begin(struct tm_store *s, const char *what, struct tm_diags *diags);
/** COMMIT; on failure rolls back and returns the status. */
int store_tx_commit(struct tm_store *s, const char *what, struct tm_diags *diags);
/** ROLLBACK, when a transaction is open. */
void store_tx_rollback(struct tm_store *s);
/** Prepares sql into *st (caller finalizes with sqlite3_finalize()); on failure
 *  *st is NULL. */
int store_prepare(struct tm_store *s, const char *sql, sqlite3_stmt **st, const char *what,
		  struct tm_diags *diags);
/** Steps st, a statement that returns no rows, then finalizes it (takes
 *  ownership of st, on failure too). bound: the result of its binds
 *  (store_bind_text()); a failure is reported without stepping. */
int store_step_done(struct tm_store *s, sqlite3_stmt *st, int bound, const char *what,
		    struct tm_diags *diags);

/* The SQLite error PRAGMA quick_check met reading a page (its result row
 * "... unable to get the page. error code=7"), or SQLITE_OK when the result
 * names none: SQLite reports its own failures (out of memory, I/O) as rows
 * too, and they say nothing of the file's state. */
int store_quick_check_error(const char *res);
/** Steps st (prepared, bound: bound is its binds' result, as for
 *  store_step_done()) to its row and returns column 0 as valid UTF-8
 *  text in *out (fallback when NULL; caller frees with free()), or TM_ENOTFOUND
 *  when there is no row. Finalizes st (takes ownership of it). */
int store_row_text(struct tm_store *s, sqlite3_stmt *st, int bound, const char *fallback,
		   const char *what, char **out, struct tm_diags *diags);

/* store_sessions.c */

/**
 * Marks the learner's session, when this process holds it, as active now
 * (inside the caller's transaction, before it writes). When this handle claimed
 * the session and no longer holds it, returns TM_ETAKEN so that the caller
 * writes nothing.
 */
int store_touch_session(struct tm_store *s, long long learner, const char *what,
			struct tm_diags *diags);
/** Inside the caller's transaction: refuses with TM_EBUSY when the learner's
 *  session row names a live session (with reset, one of a live process on this
 *  host only: a reset releases a session held elsewhere). */
int store_check_session_row(struct tm_store *s, long long learner, bool reset,
			    const char *what, struct tm_diags *diags);

#endif
