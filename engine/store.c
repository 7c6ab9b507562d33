/*
 * store.c: the learner progress store, one SQLite file per machine
 * ($TMDOJO_HOME/progress.db), shared by every learner of that machine.
 *
 * Guarantees:
 * - Every write is one BEGIN IMMEDIATE ... COMMIT transaction, in WAL mode with
 *   synchronous=FULL: a process killed at any moment loses at most the write in
 *   flight, never earlier progress.
 * - An existing file is never deleted, truncated or recreated. A file that is not a
 *   tmdojo database, is damaged, cannot be written, is locked, or comes from a
 *   newer tmdojo is reported (naming the file and what to do) and left as it was.
 * - Every query is scoped to one learner id, so learners never see each other.
 *
 * This file opens the store (creating, checking and migrating the file) and
 * holds the helpers its other files write with (store_internal.h): the schema
 * is in store_schema.c, where the file lives in store_path.c, what learners have
 * done in store_progress.c, their sessions in store_sessions.c, the export and
 * reset of a learner's progress in store_export.c and the adoption of rows kept
 * by position in store_adopt.c.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store_internal.h"
#include "tmengine.h"

/* ==== Errors ================================================================== */

/* The -wal or -shm file SQLite keeps beside the database at path that exists
 * but that this process cannot write (left behind, say, by another user's
 * read-only view): its suffix, or NULL when there is none. */
static const char *unwritable_companion(const char *path)
{
	static const char *const suffixes[] = { "-wal", "-shm" };
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		char file[4200];
		snprintf(file, sizeof(file), "%s%s", path, suffixes[i]);
		if (access(file, F_OK) == 0 && access(file, W_OK) != 0)
			return suffixes[i];
	}
	return NULL;
}

/* The -wal or -shm file at path + suffix cannot be written: says which and
 * what to do. Returns TM_EREADONLY. */
static int companion_readonly(const char *path, const char *suffix, const char *what,
			      struct tm_diags *diags)
{
	return tm_diags_add(diags, TM_EREADONLY, path, 0, 0,
			    "cannot %s: the progress database's file '%s%s' cannot be written; "
			    "check its owner and permissions (it must be writable like the "
			    "database), or remove it while no tmdojo runs", what, path, suffix);
}

int tm_store_db_error(const char *path, sqlite3 *db, int rc, const char *what,
		      struct tm_diags *diags)
{
	const char *msg = db != NULL ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return tm_diags_add(diags, TM_EBUSY, path, 0, 0,
				    "cannot %s: the progress database is locked by another "
				    "program (another tmdojo?); close it and try again", what);
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_CANTOPEN:
		if (unwritable_companion(path) != NULL)
			return companion_readonly(path, unwritable_companion(path), what, diags);
		return tm_diags_add(diags, TM_EREADONLY, path, 0, 0,
				    "cannot %s: the progress database cannot be written (%s); "
				    "check the permissions of the file and its directory, or set "
				    "TMDOJO_HOME to a writable directory", what, msg);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return tm_diags_add(diags, TM_ECORRUPT, path, 0, 0,
				    "cannot %s: the progress database is damaged or is not a tmdojo "
				    "database (%s); it was left untouched: move it aside or restore "
				    "a backup, then run tmdojo again", what, msg);
	case SQLITE_FULL:
	case SQLITE_IOERR:
		if (db != NULL && sqlite3_system_errno(db) == EFBIG)
			return tm_diags_add(diags, TM_EIO, path, 0, 0,
					    "cannot %s: the file size limit was reached (ulimit "
					    "-f); earlier progress is kept", what);
		return tm_diags_add(diags, TM_EIO, path, 0, 0,
				    "cannot %s: %s (disk full or failing?); earlier progress is "
				    "kept", what, msg);
	case SQLITE_NOMEM:
		return tm_diags_add(diags, TM_ENOMEM, path, 0, 0,
				    "cannot %s: out of memory; earlier progress is kept", what);
	default:
		return tm_diags_add(diags, TM_EDB, path, 0, 0, "cannot %s: %s", what, msg);
	}
}

/* While store_open() sets up a file it created, a failure is one to create
 * the database, whatever step failed: no earlier progress exists to be kept,
 * and the half-made file is removed (remove_new_file()). */
int store_error(struct tm_store *s, int rc, const char *what, struct tm_diags *diags)
{
	if (!s->creating)
		return tm_store_db_error(s->path, s->db, rc, what, diags);
	int err = s->db != NULL ? sqlite3_system_errno(s->db) : 0;
	if ((rc & 0xff) == SQLITE_FULL || err == ENOSPC || err == EDQUOT)
		return tm_diags_add(diags, TM_EIO, s->path, 0, 0,
				    "cannot create the progress database: disk full; free some "
				    "space, then run tmdojo again");
	return tm_store_db_error(s->path, s->db, rc, "create the progress database", diags);
}

/* ==== Small helpers ============================================================ */

static int exec_sql(struct tm_store *s, const char *sql, const char *what,
		    struct tm_diags *diags)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return store_error(s, rc, what, diags);
	return TM_OK;
}

int store_tx_begin(struct tm_store *s, const char *what, struct tm_diags *diags)
{
	return exec_sql(s, "BEGIN IMMEDIATE", what, diags);
}

int store_tx_commit(struct tm_store *s, const char *what, struct tm_diags *diags)
{
	int rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		int st = store_error(s, rc, what, diags);
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return st;
	}
	return TM_OK;
}

void store_tx_rollback(struct tm_store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

int store_prepare(struct tm_store *s, const char *sql, sqlite3_stmt **st, const char *what,
		  struct tm_diags *diags)
{
	int rc = sqlite3_prepare_v2(s->db, sql, -1, st, NULL);
	if (rc != SQLITE_OK) {
		*st = NULL;
		return store_error(s, rc, what, diags);
	}
	return TM_OK;
}

/* Steps a statement that returns no rows (unless its binds failed), then
 * finalizes it. */
int store_step_done(struct tm_store *s, sqlite3_stmt *st, int bound, const char *what,
		    struct tm_diags *diags)
{
	int rc = store_step(st, bound);
	int status = TM_OK;
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		status = store_error(s, rc, what, diags);
	sqlite3_finalize(st);
	return status;
}

/* The binders: the first failure stays in *rc and later binds are skipped,
 * so that store_step() reports the failure that came first. */
void store_bind_text(sqlite3_stmt *st, int i, const char *text, int *rc)
{
	if (*rc == SQLITE_OK)
		*rc = sqlite3_bind_text(st, i, text != NULL ? text : "", -1, SQLITE_TRANSIENT);
}

void store_bind_int64(sqlite3_stmt *st, int i, long long v, int *rc)
{
	if (*rc == SQLITE_OK)
		*rc = sqlite3_bind_int64(st, i, (sqlite3_int64)v);
}

void store_bind_double(sqlite3_stmt *st, int i, double v, int *rc)
{
	if (*rc == SQLITE_OK)
		*rc = sqlite3_bind_double(st, i, v);
}

void store_bind_null(sqlite3_stmt *st, int i, int *rc)
{
	if (*rc == SQLITE_OK)
		*rc = sqlite3_bind_null(st, i);
}

int store_step(sqlite3_stmt *st, int rc)
{
	return rc == SQLITE_OK ? sqlite3_step(st) : rc;
}

/* Steps st (prepared, bound) to its row and returns column 0 as valid UTF-8
 * text in *out (fallback when NULL), or TM_ENOTFOUND when there is no row;
 * finalizes st. */
int store_row_text(struct tm_store *s, sqlite3_stmt *st, int bound, const char *fallback,
		   const char *what, char **out, struct tm_diags *diags)
{
	int status = TM_OK, rc = store_step(st, bound);
	if (rc == SQLITE_ROW) {
		const char *text = (const char *)sqlite3_column_text(st, 0);
		*out = grader_utf8_clean(text != NULL ? text : fallback);
		if (*out == NULL)
			status = tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
	} else if (rc == SQLITE_DONE) {
		status = TM_ENOTFOUND;
	} else {
		status = store_error(s, rc, what, diags);
	}
	sqlite3_finalize(st);
	return status;
}

/* ==== Opening and migrating ===================================================== */

static int read_version(struct tm_store *s, int *version, int *tables, struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	int status = store_prepare(s, "SELECT (SELECT user_version FROM pragma_user_version),"
				   " (SELECT count(*) FROM sqlite_master)", &st, "open", diags);
	if (status != TM_OK)
		return status;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*version = sqlite3_column_int(st, 0);
		*tables = sqlite3_column_int(st, 1);
	} else {
		status = store_error(s, rc, "open", diags);
	}
	sqlite3_finalize(st);
	return status;
}

int store_quick_check_error(const char *res)
{
	const char *at = res != NULL ? strstr(res, "error code=") : NULL;
	return at != NULL ? atoi(at + strlen("error code=")) : SQLITE_OK;
}

/* quick_check's result res, not "ok": out of memory and I/O errors said as
 * such (the file may be sound), anything else as damage. */
static int integrity_failed(struct tm_store *s, const char *res, struct tm_diags *diags)
{
	int code = store_quick_check_error(res);
	if (code == SQLITE_NOMEM)
		return tm_diags_add(diags, TM_ENOMEM, s->path, 0, 0,
				    "out of memory while checking the progress database; it was "
				    "left untouched: run tmdojo again");
	if ((code & 0xff) == SQLITE_IOERR)
		return tm_diags_add(diags, TM_EIO, s->path, 0, 0,
				    "cannot read the progress database (%s); it was left untouched: "
				    "check the disk, then run tmdojo again", sqlite3_errstr(code));
	return tm_diags_add(diags, TM_ECORRUPT, s->path, 0, 0,
			    "the progress database is damaged (%s); it was left untouched: move "
			    "it aside or restore a backup, then run tmdojo again",
			    res != NULL ? res : "no result");
}

static int check_integrity(struct tm_store *s, struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	int status = store_prepare(s, "PRAGMA quick_check(1)", &st, "open", diags);
	if (status != TM_OK)
		return status;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *res = (const char *)sqlite3_column_text(st, 0);
		if (res == NULL || strcmp(res, "ok") != 0)
			status = integrity_failed(s, res, diags);
	} else {
		status = store_error(s, rc, "open", diags);
	}
	sqlite3_finalize(st);
	return status;
}

/* Refuses, before anything is written, a file that is not ours or is newer. */
static int check_ours(struct tm_store *s, struct tm_diags *diags)
{
	int version = 0, tables = 0;
	int status = read_version(s, &version, &tables, diags);
	if (status != TM_OK)
		return status;
	if (version == 0 && tables > 0)
		return tm_diags_add(diags, TM_ECORRUPT, s->path, 0, 0,
				    "this SQLite file is not a tmdojo progress database; it was "
				    "left untouched: set TMDOJO_HOME to another directory");
	if (version < 0)
		return tm_diags_add(diags, TM_ECORRUPT, s->path, 0, 0,
				    "the progress database has schema version %d, which no tmdojo "
				    "writes: it is damaged or not a tmdojo database; it was left "
				    "untouched: move it aside or restore a backup, then run tmdojo "
				    "again", version);
	if (version > tm_store_schema_latest())
		return tm_diags_add(diags, TM_EDB, s->path, 0, 0,
				    "the progress database has schema version %d but this tmdojo "
				    "knows only up to %d; upgrade tmdojo (the file was left "
				    "untouched)", version, tm_store_schema_latest());
	return TM_OK;
}

static int migrate(struct tm_store *s, struct tm_diags *diags)
{
	int version = 0, tables = 0;
	int status = read_version(s, &version, &tables, diags);
	if (status != TM_OK)
		return status;
	/* check_ours() refused these already; never ask store_migration() for them */
	if (version < 0 || version > tm_store_schema_latest())
		return check_ours(s, diags);
	for (int v = version; v < tm_store_schema_latest(); v++) {
		char pragma[64];
		status = store_tx_begin(s, "upgrade the progress database", diags);
		if (status != TM_OK)
			return status;
		/* Another process may have migrated while we waited for the lock. */
		int now = 0;
		status = read_version(s, &now, &tables, diags);
		if (status == TM_OK && now > v) {
			s->creating = false;   /* another tmdojo set it up too: not ours alone */
			store_tx_rollback(s);
			v = now - 1;
			continue;
		}
		if (status == TM_OK)
			status = exec_sql(s, store_migration(v), "upgrade the progress database",
					  diags);
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", v + 1);
		if (status == TM_OK)
			status = exec_sql(s, pragma, "upgrade the progress database", diags);
		if (status == TM_OK)
			status = store_tx_commit(s, "upgrade the progress database", diags);
		if (status != TM_OK) {
			store_tx_rollback(s);
			return status;
		}
	}
	return read_version(s, &s->version, &tables, diags);
}

/* Sets the connection up: lock wait, WAL, durable commits, foreign keys. */
static int configure(struct tm_store *s, int busy_ms, struct tm_diags *diags)
{
	sqlite3_busy_timeout(s->db, busy_ms);
	sqlite3_extended_result_codes(s->db, 1);
	int status = check_integrity(s, diags);
	if (status == TM_OK)
		status = check_ours(s, diags);
	if (status != TM_OK)
		return status;
	sqlite3_stmt *st = NULL;
	status = store_prepare(s, "PRAGMA journal_mode=WAL", &st, "open", diags);
	if (status != TM_OK)
		return status;
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return store_error(s, rc, "open", diags);
	status = exec_sql(s, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON", "open", diags);
	return status;
}

/* Percent-escapes path into a "file:" URI that opens it read-only and
 * immutable. Caller frees. */
static char *immutable_uri(const char *path)
{
	size_t n = strlen(path);
	char *uri = malloc(n * 3 + 32);
	if (uri == NULL)
		return NULL;
	size_t at = (size_t)sprintf(uri, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p != '\0'; p++) {
		if (*p == '%' || *p == '?' || *p == '#' || *p < 0x21 || *p >= 0x7f)
			at += (size_t)sprintf(uri + at, "%%%02X", *p);
		else
			uri[at++] = (char)*p;
	}
	strcpy(uri + at, "?immutable=1");
	return uri;
}

/* Whether a read-only view must open the file at path as immutable: it cannot
 * write the file and no -shm is beside it. SQLite would otherwise create the
 * -wal and -shm, with the database file's mode and this user as owner, and
 * leave them behind; a learner who can write the database later could then
 * not write them (see tm_store_db_error()). No -shm means no writer has the
 * file open, so it does not change under this short read. */
static bool view_immutable(const char *path)
{
	char shm[4200];
	snprintf(shm, sizeof(shm), "%s-shm", path);
	return access(path, W_OK) != 0 && access(shm, F_OK) != 0;
}

/*
 * Read-only: checks the file and its schema without writing anything. A file in
 * WAL mode needs its -shm beside it; when that cannot be created (a directory the
 * learner cannot write), or should not be (view_immutable()), the file is opened
 * as immutable instead, which is what it is for this process.
 */
static int open_readonly(struct tm_store *s, int busy_ms, struct tm_diags *diags)
{
	int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
	int rc, status;
	struct tm_diags probe;
	tm_diags_init(&probe);
	if (view_immutable(s->path)) {
		status = TM_EREADONLY;
	} else {
		rc = sqlite3_open_v2(s->path, &s->db, flags, NULL);
		if (rc != SQLITE_OK)
			return store_error(s, rc, "open", diags);
		sqlite3_busy_timeout(s->db, busy_ms);
		sqlite3_extended_result_codes(s->db, 1);
		status = check_integrity(s, &probe);
	}
	if (status == TM_EREADONLY) {
		char *uri = immutable_uri(s->path);
		sqlite3_close(s->db);
		s->db = NULL;
		if (uri == NULL) {
			tm_diags_release(&probe);
			return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
		}
		rc = sqlite3_open_v2(uri, &s->db, flags | SQLITE_OPEN_URI, NULL);
		free(uri);
		if (rc != SQLITE_OK) {
			tm_diags_release(&probe);
			return store_error(s, rc, "open", diags);
		}
		sqlite3_extended_result_codes(s->db, 1);
		status = check_integrity(s, diags);
	} else if (status != TM_OK) {
		for (size_t i = 0; i < probe.count; i++)
			tm_diags_add(diags, probe.items[i].code, probe.items[i].file,
				     probe.items[i].line, probe.items[i].column, "%s",
				     probe.items[i].text);
	}
	tm_diags_release(&probe);
	if (status == TM_OK)
		status = check_ours(s, diags);
	int tables = 0;
	if (status == TM_OK)
		status = read_version(s, &s->version, &tables, diags);
	if (status == TM_OK && s->version < 1)
		status = tm_diags_add(diags, TM_ENOTFOUND, s->path, 0, 0,
				      "no progress is stored in this file yet");
	return status;
}

/* The bytes of a path kept on each side of the "..." that elides its middle
 * in a message: a path long enough to fail (thousands of bytes) would bury the
 * message, and tm_diags_add() keeps 1024 bytes of text. */
#define SHOWN_PATH_END 60

/* s, or when longer than 2 * SHOWN_PATH_END bytes its first and last
 * SHOWN_PATH_END bytes (cut between UTF-8 characters) joined by "...", into
 * buf (2 * SHOWN_PATH_END + 4 bytes). Returns buf. */
static const char *elided(const char *s, size_t n, char *buf)
{
	size_t head = SHOWN_PATH_END, tail = n - SHOWN_PATH_END;
	if (n <= 2 * SHOWN_PATH_END) {
		snprintf(buf, 2 * SHOWN_PATH_END + 4, "%.*s", (int)n, s);
		return buf;
	}
	while (head > 0 && ((unsigned char)s[head] & 0xc0) == 0x80)
		head--;
	while (tail < n && ((unsigned char)s[tail] & 0xc0) == 0x80)
		tail++;
	snprintf(buf, 2 * SHOWN_PATH_END + 4, "%.*s...%.*s", (int)head, s, (int)(n - tail),
		 s + tail);
	return buf;
}

/* The progress database's place cannot be reached (stat failed with err):
 * says which directory is wrong, in TMDOJO_HOME's terms when it came from there;
 * a path too long for the system is shown with its middle elided. */
static int unreachable(const char *path, int err, struct tm_diags *diags)
{
	const char *env = getenv("TMDOJO_HOME");
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash != NULL ? (size_t)(slash - path) : strlen(path);
	char where[64 + 2 * SHOWN_PATH_END], shown[2 * SHOWN_PATH_END + 4];
	char file[2 * SHOWN_PATH_END + 4];
	if (env != NULL && env[0] != '\0' && strncmp(path, env, strlen(env)) == 0)
		snprintf(where, sizeof(where), "TMDOJO_HOME (%s)", elided(env, strlen(env), shown));
	else
		snprintf(where, sizeof(where), "'%s'", elided(path, dirlen, shown));
	if (err == ENOTDIR)
		return tm_diags_add(diags, TM_EIO, path, 0, 0,
				    "%s is not a directory (or lies under a file); set "
				    "TMDOJO_HOME to a directory", where);
	if (err == ELOOP)
		return tm_diags_add(diags, TM_EIO, path, 0, 0,
				    "%s is a loop of symbolic links (or the progress database in "
				    "it is); set TMDOJO_HOME to a directory", where);
	if (err == ENAMETOOLONG && strlen(path) >= PATH_MAX)
		return tm_diags_add(diags, TM_EIO, elided(path, strlen(path), file), 0, 0,
				    "%s is too long for this system: the progress database's "
				    "path would be %zu bytes, and a path must be shorter than %d "
				    "(PATH_MAX); set TMDOJO_HOME to a shorter path", where,
				    strlen(path), PATH_MAX);
	if (err == ENAMETOOLONG)
		return tm_diags_add(diags, TM_EIO, elided(path, strlen(path), file), 0, 0,
				    "%s is too long for this system: a name in it is longer "
				    "than its file system allows (NAME_MAX, %d bytes on most); "
				    "set TMDOJO_HOME to a path with shorter names", where,
				    NAME_MAX);
	return tm_diags_add(diags, err == EACCES ? TM_EREADONLY : TM_EIO, path, 0, 0,
			    "cannot reach the progress database in %s: %s; set TMDOJO_HOME to "
			    "a directory you can use", where, strerror(err));
}

/* SQLite opens no database whose full path, with room for its "-journal"
 * companion, exceeds its VFS's mxPathname (512 bytes on Unix): checked before
 * any directory is made, so the message says so instead of blaming
 * permissions. TM_OK when path fits. */
static int too_long_for_sqlite(const char *path, struct tm_diags *diags)
{
	sqlite3_vfs *vfs = sqlite3_vfs_find(NULL);
	char cwd[PATH_MAX], file[2 * SHOWN_PATH_END + 4];
	const char *env = getenv("TMDOJO_HOME");
	size_t len = strlen(path);

	if (path[0] != '/' && getcwd(cwd, sizeof(cwd)) != NULL)
		len += strlen(cwd) + 1;
	if (vfs == NULL || len + strlen("-journal") <= (size_t)vfs->mxPathname)
		return TM_OK;
	return tm_diags_add(diags, TM_EIO, elided(path, strlen(path), file), 0, 0,
			    "%s is too long for the progress database: its path would be "
			    "%zu bytes, and SQLite opens a database only when its path, with "
			    "room for its '-journal' file, takes at most %d; set TMDOJO_HOME "
			    "to a shorter path",
			    env != NULL && env[0] != '\0' ? "TMDOJO_HOME" : "the data directory",
			    len, vfs->mxPathname);
}

/* Closes s, which store_open() created and could not set up (status), and,
 * when the disk failed (TM_EIO: full), removes the file and its companions so
 * that the next run starts clean. A file another tmdojo took part in setting
 * up (migrate() clears s->creating then) or holds (TM_EBUSY) is kept. */
static void remove_new_file(struct tm_store *s, int status)
{
	static const char *const suffixes[] = { "-wal", "-shm", "-journal", "" };
	char *path = s->path;
	s->path = NULL;
	tm_store_close(s);
	for (size_t i = 0; status == TM_EIO && i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		char name[PATH_MAX + 16];
		snprintf(name, sizeof(name), "%s%s", path, suffixes[i]);
		unlink(name);
	}
	free(path);
}

/* Opens path read-write (creating it) or, with readonly, only reads it. */
static int store_open(const char *path, int busy_ms, bool readonly, struct tm_store **out,
		      struct tm_diags *diags)
{
	struct tm_store *s = NULL;
	struct stat sb;
	int status = TM_OK;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;

	*out = NULL;
	if (stat(path, &sb) == 0) {
		if (too_long_for_sqlite(path, diags) != TM_OK)
			return TM_EIO;
		if (!S_ISREG(sb.st_mode))
			return tm_diags_add(diags, TM_EIO, path, 0, 0,
					    "the progress database is not a regular file; set "
					    "TMDOJO_HOME to another directory");
		if (!readonly && access(path, W_OK) != 0)
			return tm_diags_add(diags, TM_EREADONLY, path, 0, 0,
					    "the progress database cannot be written (%s); check "
					    "its permissions, or set TMDOJO_HOME to a writable "
					    "directory", strerror(errno));
		if (!readonly && unwritable_companion(path) != NULL)
			return companion_readonly(path, unwritable_companion(path), "open",
						  diags);
	} else if (errno == ENOENT && readonly) {
		return tm_diags_add(diags, TM_ENOTFOUND, path, 0, 0,
				    "no progress is stored yet");
	} else if (errno == ENOENT) {
		status = too_long_for_sqlite(path, diags);
		if (status == TM_OK)
			status = store_make_parent_dirs(path, diags);
		if (status != TM_OK)
			return status;
		flags |= SQLITE_OPEN_CREATE;
	} else {
		return unreachable(path, errno, diags);
	}

	s = calloc(1, sizeof(*s));
	if (s != NULL)
		s->path = strdup(path);
	if (s == NULL || s->path == NULL) {
		status = tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
		goto cleanup;
	}
	if (readonly) {
		status = open_readonly(s, busy_ms, diags);
		goto cleanup;
	}
	int rc = sqlite3_open_v2(path, &s->db, flags, NULL);
	if (rc != SQLITE_OK) {
		status = store_error(s, rc, "open", diags);
		goto cleanup;
	}
	if (sqlite3_db_readonly(s->db, "main") == 1) {
		status = tm_store_db_error(path, NULL, SQLITE_READONLY, "open", diags);
		goto cleanup;
	}
	s->creating = (flags & SQLITE_OPEN_CREATE) != 0;
	status = configure(s, busy_ms, diags);
	if (status == TM_OK)
		status = migrate(s, diags);
cleanup:
	if (status != TM_OK && s != NULL && s->creating) {
		remove_new_file(s, status);
		return status;
	}
	if (status != TM_OK) {
		tm_store_close(s);
		return status;
	}
	s->creating = false;
	*out = s;
	return TM_OK;
}

int tm_store_open(const char *path, int busy_ms, struct tm_store **out,
		  struct tm_diags *diags)
{
	return store_open(path, busy_ms, false, out, diags);
}

int tm_store_open_readonly(const char *path, int busy_ms, struct tm_store **out,
			   struct tm_diags *diags)
{
	return store_open(path, busy_ms, true, out, diags);
}

/*
 * An empty store at the latest schema, in memory: what a read-only view shows
 * when path holds no progress yet, without creating or changing any file.
 * Messages name path; writes return TM_EREADONLY (query_only).
 */
int tm_store_open_empty(const char *path, struct tm_store **out, struct tm_diags *diags)
{
	struct tm_store *s = calloc(1, sizeof(*s));
	int status = TM_OK;
	*out = NULL;
	if (s != NULL)
		s->path = strdup(path);
	if (s == NULL || s->path == NULL) {
		status = tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
		goto cleanup;
	}
	int rc = sqlite3_open_v2(":memory:", &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				 SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		status = store_error(s, rc, "open", diags);
		goto cleanup;
	}
	sqlite3_extended_result_codes(s->db, 1);
	status = exec_sql(s, "PRAGMA foreign_keys=ON", "open", diags);
	if (status == TM_OK)
		status = migrate(s, diags);
	if (status == TM_OK)
		status = exec_sql(s, "PRAGMA query_only=1", "open", diags);
cleanup:
	if (status != TM_OK) {
		tm_store_close(s);
		return status;
	}
	*out = s;
	return TM_OK;
}

void tm_store_close(struct tm_store *s)
{
	if (s == NULL)
		return;
	sqlite3_close(s->db);
	free(s->path);
	free(s);
}

sqlite3 *tm_store_db(struct tm_store *s)
{
	return s->db;
}

const char *tm_store_path(const struct tm_store *s)
{
	return s->path;
}

int tm_store_schema_version(const struct tm_store *s)
{
	return s->version;
}
