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
/* Statements are bound with store_bind_text() and the others of
 * store_internal.h, and stepped with store_step(). */
/** FNV-1a, 64 bits: the hash of submissions, keys and team sessions. Start
 *  *h at GB_FNV_START, add bytes with gb_fnv_add(), print with "%016llx". */
#define GB_FNV_START 0xcbf29ce484222325ULL
void gb_fnv_add(unsigned long long *h, const void *buf, size_t len);
/** Column text, never NULL. */
const char *gb_column_text(sqlite3_stmt *st, int i);
/** strdup that reports ENOMEM through NULL. */
char *gb_strdup(const char *s);

/** The 1-based line number of the first top-three label in buf (see
 *  tm_top_three()), or 0; *near (may be NULL) gets the first line that only
 *  looks like one, or 0. */
int gb_top_label_line(const char *buf, size_t len, int *near);
/** A NUL-terminated copy of buf (len bytes) with line (1-based) made an
 *  empty heading ('#' then spaces), every line number kept: the top-three
 *  label is not a threat, and it ends the sections above it. Caller frees;
 *  NULL when out of memory. */
char *gb_blank_line(const char *buf, size_t len, int line);

/** The line after label (1-based) that starts the next section (a heading,
 *  a bold-only line, a short lead-in ending in ':'): the picks end before it.
 *  0 when none does, or without a label. */
int gb_top_section_end(const char *buf, size_t len, int label);
/** tm_top_three() of a submission whose label line (gb_top_label_line(),
 *  0 for none) and section end (gb_top_section_end()) are known. */
size_t gb_top_three(const struct grader_submission *sub, int label, int end, size_t idx[3]);
/** The threat lines of the label's section (the picks given); 0 without one. */
size_t gb_top_given(const struct grader_submission *sub, int label, int end);

/**
 * Parses and grades a submission against key, with its top-three label line
 * (gb_top_label_line(), 0 for none) blanked: the label is not a threat. On
 * success *sub and *res are owned by the caller (grader_submission_free,
 * grader_result_free). name is used in messages. memo (borrowed; may be NULL):
 * a grader_memo_new() of key that a run grading many submissions shares.
 */
int gb_grade_buffer(const struct grader_key *key, const char *name, const char *buf,
		    size_t len, int label, struct grader_memo *memo,
		    struct grader_submission **sub, struct grader_result **res,
		    struct tm_diags *diags);

#endif
