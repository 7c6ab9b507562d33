/*
 * store_internal.h: internal to libtmengine. What the gradebook and the trainer
 * tools need from the progress store: its open connection, and one mapping of
 * SQLite failures to tm_status codes and messages.
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

#endif
