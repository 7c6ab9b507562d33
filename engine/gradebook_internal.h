/*
 * gradebook_internal.h: what gradebook.c shares with report.c, analytics.c and
 * team.c (the trainer tools) and no one else needs.
 */
#ifndef TM_GRADEBOOK_INTERNAL_H
#define TM_GRADEBOOK_INTERNAL_H

#include <sqlite3.h>

#include "tmengine.h"

struct tm_gradebook {
	sqlite3 *db;     /* the store's connection (borrowed) */
	char *path;
	bool batch;      /* tm_gradebook_begin() opened a transaction */
};

/** Turns a SQLite failure into a tm_status and a message naming the file. */
int gb_error(struct tm_gradebook *g, int rc, const char *what, struct tm_diags *diags);
/** Prepares sql; on failure *st is NULL and diags says why. */
int gb_prepare(struct tm_gradebook *g, const char *sql, sqlite3_stmt **st, const char *what,
	       struct tm_diags *diags);
/** Begins a write transaction unless a batch is open. */
int gb_write_begin(struct tm_gradebook *g, const char *what, struct tm_diags *diags);
/** Commits (status TM_OK) or rolls back the write begun by gb_write_begin();
 *  inside a batch does nothing. Returns the final status. */
int gb_write_end(struct tm_gradebook *g, int status, const char *what,
		 struct tm_diags *diags);
/** Binds text (NULL binds ""), copied. */
void gb_bind_text(sqlite3_stmt *st, int i, const char *text);
/** Column text, never NULL. */
const char *gb_column_text(sqlite3_stmt *st, int i);
/** strdup that reports ENOMEM through NULL. */
char *gb_strdup(const char *s);

/**
 * Parses and grades a submission against key. On success *sub and *res are
 * owned by the caller (grader_submission_free, grader_result_free).
 * name is used in messages.
 */
int gb_grade_buffer(const struct grader_key *key, const char *name, const char *buf,
		    size_t len, struct grader_submission **sub, struct grader_result **res,
		    struct tm_diags *diags);

#endif
