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
 */
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "learn_internal.h"
#include "store_internal.h"
#include "tmengine.h"

struct tm_store {
	sqlite3 *db;
	char *path;
	int version;
	bool holds;          /* claimed a learner's session (tm_store_session_begin()) */
	long long session;   /* ... that learner's */
};

/* ==== Schema migrations ======================================================
 * migrations[i] takes the schema from version i to version i + 1; the file's
 * PRAGMA user_version says how many have been applied. Each one runs in its own
 * transaction together with the user_version update.
 *
 * To change the schema, APPEND a new string at the end (never edit or reorder
 * the ones already released: files in the field have applied them). The trainer
 * tools add migration 2 (gradebook tables: cohorts, groups, submissions, grades)
 * here when they need it; tm_store_schema_latest() follows automatically.
 */
/* An item column of a file from before migration 8 as migration 8 keeps it: a
 * position n becomes '#n' (see tm_module_stored_item()). */
#define LEGACY_ITEM TM_STORE_ITEM_SQL("item")

static const char *const migrations[] = {
	/* 1: learners, where each one is, what is done, every answer, shuffle seeds */
	"CREATE TABLE learners ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  created INTEGER NOT NULL);"
	"CREATE TABLE positions ("
	"  learner INTEGER NOT NULL REFERENCES learners(id),"
	"  course TEXT NOT NULL,"
	"  module TEXT NOT NULL,"
	"  item INTEGER NOT NULL,"
	"  step INTEGER NOT NULL,"
	"  attempt INTEGER NOT NULL,"
	"  score REAL NOT NULL,"
	"  max REAL NOT NULL,"
	"  updated INTEGER NOT NULL,"
	"  PRIMARY KEY (learner, course));"
	"CREATE TABLE items ("
	"  learner INTEGER NOT NULL REFERENCES learners(id),"
	"  course TEXT NOT NULL,"
	"  module TEXT NOT NULL,"
	"  item INTEGER NOT NULL,"
	"  score REAL NOT NULL,"
	"  max REAL NOT NULL,"
	"  passed INTEGER NOT NULL,"
	"  completed INTEGER NOT NULL,"
	"  PRIMARY KEY (learner, course, module, item));"
	"CREATE TABLE answers ("
	"  id INTEGER PRIMARY KEY,"
	"  learner INTEGER NOT NULL REFERENCES learners(id),"
	"  course TEXT NOT NULL,"
	"  module TEXT NOT NULL,"
	"  item INTEGER NOT NULL,"
	"  question TEXT NOT NULL,"
	"  attempt INTEGER NOT NULL,"
	"  answer TEXT NOT NULL,"
	"  score REAL NOT NULL,"
	"  max REAL NOT NULL,"
	"  correct INTEGER NOT NULL,"
	"  time INTEGER NOT NULL);"
	"CREATE INDEX answers_by_learner ON answers (learner, course, module, item);"
	"CREATE TABLE seeds ("
	"  learner INTEGER NOT NULL REFERENCES learners(id),"
	"  course TEXT NOT NULL,"
	"  module TEXT NOT NULL,"
	"  item INTEGER NOT NULL,"
	"  question TEXT NOT NULL,"
	"  seed INTEGER NOT NULL,"
	"  PRIMARY KEY (learner, course, module, item, question));",
	/* 2: trainer tools: the gradebook (graded submissions, the threats each one
	 * found, its top three), cohort membership, team sessions and settings */
	"CREATE TABLE gb_submissions ("
	"  id INTEGER PRIMARY KEY,"
	"  cohort TEXT NOT NULL,"
	"  exercise TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  score REAL NOT NULL,"
	"  points REAL NOT NULL,"
	"  max REAL NOT NULL,"
	"  submitted INTEGER NOT NULL,"
	"  graded INTEGER NOT NULL,"
	"  hash TEXT NOT NULL,"
	"  lines INTEGER NOT NULL,"
	"  UNIQUE (cohort, exercise, name));"
	"CREATE TABLE gb_found ("
	"  submission INTEGER NOT NULL REFERENCES gb_submissions(id) ON DELETE CASCADE,"
	"  threat TEXT NOT NULL,"
	"  line INTEGER NOT NULL,"
	"  similarity REAL NOT NULL,"
	"  PRIMARY KEY (submission, threat));"
	"CREATE TABLE gb_top ("
	"  submission INTEGER NOT NULL REFERENCES gb_submissions(id) ON DELETE CASCADE,"
	"  rank INTEGER NOT NULL,"
	"  line INTEGER NOT NULL,"
	"  text TEXT NOT NULL,"
	"  threat TEXT,"
	"  PRIMARY KEY (submission, rank));"
	"CREATE TABLE cohort_members ("
	"  cohort TEXT NOT NULL,"
	"  learner TEXT NOT NULL,"
	"  added INTEGER NOT NULL,"
	"  PRIMARY KEY (cohort, learner));"
	"CREATE TABLE team_sessions ("
	"  id INTEGER PRIMARY KEY,"
	"  team TEXT NOT NULL,"
	"  exercise TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  recorded INTEGER NOT NULL,"
	"  score REAL NOT NULL,"
	"  hash TEXT NOT NULL,"
	"  found_critical INTEGER NOT NULL, total_critical INTEGER NOT NULL,"
	"  found_high INTEGER NOT NULL, total_high INTEGER NOT NULL,"
	"  found_medium INTEGER NOT NULL, total_medium INTEGER NOT NULL,"
	"  found_low INTEGER NOT NULL, total_low INTEGER NOT NULL);"
	"CREATE INDEX team_sessions_by_team ON team_sessions (team, id);"
	"CREATE TABLE settings ("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL);",
	/* 3: drafts: the lines typed at a multi-line step before the learner
	 * stopped, shown again on resume (one per step, deleted once answered) */
	"CREATE TABLE drafts ("
	"  learner INTEGER NOT NULL REFERENCES learners(id),"
	"  course TEXT NOT NULL,"
	"  module TEXT NOT NULL,"
	"  item INTEGER NOT NULL,"
	"  question TEXT NOT NULL,"
	"  text TEXT NOT NULL,"
	"  PRIMARY KEY (learner, course, module, item, question));",
	/* 4: one live learn session per learner: who holds it (see Sessions) */
	"CREATE TABLE sessions ("
	"  learner INTEGER PRIMARY KEY REFERENCES learners(id),"
	"  pid INTEGER NOT NULL,"
	"  host TEXT NOT NULL,"
	"  started INTEGER NOT NULL);",
	/* 5: the version of the answer key each submission was graded against
	 * (tm_key_hash()); '' for grades stored before this migration */
	"ALTER TABLE gb_submissions ADD COLUMN key_hash TEXT NOT NULL DEFAULT '';",
	/* 6: when a session was last active (an answer or a move), so that one left
	 * behind on another host expires (see Sessions); 0 for rows from before:
	 * their start time counts */
	"ALTER TABLE sessions ADD COLUMN seen INTEGER NOT NULL DEFAULT 0;",
	/* 7: answers given in `tmdojo refresh` (engine/refresh.c), kept apart from
	 * answers so that a refresher never changes course progress, module scores
	 * or the first attempts that cohort item analysis reads */
	"CREATE TABLE refresher_answers ("
	"  id INTEGER PRIMARY KEY,"
	"  learner INTEGER NOT NULL REFERENCES learners(id),"
	"  course TEXT NOT NULL,"
	"  module TEXT NOT NULL,"
	"  item INTEGER NOT NULL,"
	"  question TEXT NOT NULL,"
	"  answer TEXT NOT NULL,"
	"  score REAL NOT NULL,"
	"  max REAL NOT NULL,"
	"  correct INTEGER NOT NULL,"
	"  time INTEGER NOT NULL);"
	"CREATE INDEX refresher_answers_by_learner ON refresher_answers (learner, course);",
	/* 8: items are kept under their keys (tm_item_key()), not their positions,
	 * so that an author may insert or move items under learners' feet; the rows
	 * stored before keep their position as '#<position>' until
	 * tm_store_adopt_items() gives them the key of the item at that position */
	"CREATE TABLE positions8 ("
	"  learner INTEGER NOT NULL REFERENCES learners(id),"
	"  course TEXT NOT NULL,"
	"  module TEXT NOT NULL,"
	"  item TEXT NOT NULL,"
	"  step INTEGER NOT NULL,"
	"  attempt INTEGER NOT NULL,"
	"  score REAL NOT NULL,"
	"  max REAL NOT NULL,"
	"  updated INTEGER NOT NULL,"
	"  PRIMARY KEY (learner, course));"
	"INSERT INTO positions8 SELECT learner, course, module, " LEGACY_ITEM ", step, attempt,"
	"  score, max, updated FROM positions;"
	"DROP TABLE positions;"
	"ALTER TABLE positions8 RENAME TO positions;"
	"CREATE TABLE items8 ("
	"  learner INTEGER NOT NULL REFERENCES learners(id),"
	"  course TEXT NOT NULL,"
	"  module TEXT NOT NULL,"
	"  item TEXT NOT NULL,"
	"  score REAL NOT NULL,"
	"  max REAL NOT NULL,"
	"  passed INTEGER NOT NULL,"
	"  completed INTEGER NOT NULL,"
	"  PRIMARY KEY (learner, course, module, item));"
	"INSERT INTO items8 SELECT learner, course, module, " LEGACY_ITEM ", score, max, passed,"
	"  completed FROM items;"
	"DROP TABLE items;"
	"ALTER TABLE items8 RENAME TO items;"
	"CREATE TABLE answers8 ("
	"  id INTEGER PRIMARY KEY,"
	"  learner INTEGER NOT NULL REFERENCES learners(id),"
	"  course TEXT NOT NULL,"
	"  module TEXT NOT NULL,"
	"  item TEXT NOT NULL,"
	"  question TEXT NOT NULL,"
	"  attempt INTEGER NOT NULL,"
	"  answer TEXT NOT NULL,"
	"  score REAL NOT NULL,"
	"  max REAL NOT NULL,"
	"  correct INTEGER NOT NULL,"
	"  time INTEGER NOT NULL);"
	"INSERT INTO answers8 SELECT id, learner, course, module, " LEGACY_ITEM ", question,"
	"  attempt, answer, score, max, correct, time FROM answers;"
	"DROP TABLE answers;"
	"ALTER TABLE answers8 RENAME TO answers;"
	"CREATE INDEX answers_by_learner ON answers (learner, course, module, item);"
	/* a question's answers wherever kept (question ids are unique in a course) */
	"CREATE INDEX answers_by_question ON answers (learner, course, question);"
	"CREATE TABLE seeds8 ("
	"  learner INTEGER NOT NULL REFERENCES learners(id),"
	"  course TEXT NOT NULL,"
	"  module TEXT NOT NULL,"
	"  item TEXT NOT NULL,"
	"  question TEXT NOT NULL,"
	"  seed INTEGER NOT NULL,"
	"  PRIMARY KEY (learner, course, module, item, question));"
	"INSERT INTO seeds8 SELECT learner, course, module, " LEGACY_ITEM ", question, seed"
	"  FROM seeds;"
	"DROP TABLE seeds;"
	"ALTER TABLE seeds8 RENAME TO seeds;"
	"CREATE TABLE drafts8 ("
	"  learner INTEGER NOT NULL REFERENCES learners(id),"
	"  course TEXT NOT NULL,"
	"  module TEXT NOT NULL,"
	"  item TEXT NOT NULL,"
	"  question TEXT NOT NULL,"
	"  text TEXT NOT NULL,"
	"  PRIMARY KEY (learner, course, module, item, question));"
	"INSERT INTO drafts8 SELECT learner, course, module, " LEGACY_ITEM ", question, text"
	"  FROM drafts;"
	"DROP TABLE drafts;"
	"ALTER TABLE drafts8 RENAME TO drafts;"
	"CREATE TABLE refresher_answers8 ("
	"  id INTEGER PRIMARY KEY,"
	"  learner INTEGER NOT NULL REFERENCES learners(id),"
	"  course TEXT NOT NULL,"
	"  module TEXT NOT NULL,"
	"  item TEXT NOT NULL,"
	"  question TEXT NOT NULL,"
	"  answer TEXT NOT NULL,"
	"  score REAL NOT NULL,"
	"  max REAL NOT NULL,"
	"  correct INTEGER NOT NULL,"
	"  time INTEGER NOT NULL);"
	"INSERT INTO refresher_answers8 SELECT id, learner, course, module, " LEGACY_ITEM ","
	"  question, answer, score, max, correct, time FROM refresher_answers;"
	"DROP TABLE refresher_answers;"
	"ALTER TABLE refresher_answers8 RENAME TO refresher_answers;"
	"CREATE INDEX refresher_answers_by_learner ON refresher_answers (learner, course);",
	/* 9: whether a position was written going through finished items again (a
	 * retake, see tm_runner_new()), so that a stopped retake resumes where it
	 * stopped while a position left behind by a first pass does not; 0 for
	 * rows from before: such a retake starts over, as it did */
	"ALTER TABLE positions ADD COLUMN again INTEGER NOT NULL DEFAULT 0;",
};

#define N_MIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

int tm_store_schema_latest(void)
{
	return N_MIGRATIONS;
}

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
	default:
		return tm_diags_add(diags, TM_EDB, path, 0, 0, "cannot %s: %s", what, msg);
	}
}

static int store_error(struct tm_store *s, int rc, const char *what, struct tm_diags *diags)
{
	return tm_store_db_error(s->path, s->db, rc, what, diags);
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

static int tx_begin(struct tm_store *s, const char *what, struct tm_diags *diags)
{
	return exec_sql(s, "BEGIN IMMEDIATE", what, diags);
}

static int tx_commit(struct tm_store *s, const char *what, struct tm_diags *diags)
{
	int rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		int st = store_error(s, rc, what, diags);
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return st;
	}
	return TM_OK;
}

static void tx_rollback(struct tm_store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

static int prepare(struct tm_store *s, const char *sql, sqlite3_stmt **st, const char *what,
		   struct tm_diags *diags)
{
	int rc = sqlite3_prepare_v2(s->db, sql, -1, st, NULL);
	if (rc != SQLITE_OK) {
		*st = NULL;
		return store_error(s, rc, what, diags);
	}
	return TM_OK;
}

/* Steps a statement that returns no rows, then finalizes it. */
static int step_done(struct tm_store *s, sqlite3_stmt *st, const char *what,
		     struct tm_diags *diags)
{
	int rc = sqlite3_step(st);
	int status = TM_OK;
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		status = store_error(s, rc, what, diags);
	sqlite3_finalize(st);
	return status;
}

static void bind_text(sqlite3_stmt *st, int i, const char *text)
{
	sqlite3_bind_text(st, i, text != NULL ? text : "", -1, SQLITE_TRANSIENT);
}

/* Binds ?1..?4 to the learner and the item's place: course, module, index. */
static void bind_item(sqlite3_stmt *st, long long learner, const char *course,
		      const char *module, const char *item)
{
	sqlite3_bind_int64(st, 1, learner);
	bind_text(st, 2, course);
	bind_text(st, 3, module);
	bind_text(st, 4, item);
}

static int check_id(const char *what, const char *id, struct tm_diags *diags)
{
	if (id == NULL || id[0] == '\0' || strlen(id) >= TM_ID_MAX)
		return tm_diags_add(diags, TM_EUSAGE, NULL, 0, 0, "%s id '%s' is empty or too long",
				    what, id != NULL ? id : "");
	return TM_OK;
}

/* ==== Where the file lives ===================================================== */

static char *join_path(const char *dir, const char *rest)
{
	size_t n = strlen(dir) + strlen(rest) + 2;
	char *p = malloc(n);
	if (p != NULL)
		snprintf(p, n, "%s/%s", dir, rest);
	return p;
}

int tm_store_default_path(char **out, struct tm_diags *diags)
{
	const char *env = getenv("TMDOJO_HOME");
	const char *xdg = getenv("XDG_DATA_HOME");
	*out = NULL;
	if (env != NULL && env[0] != '\0')
		*out = join_path(env, "progress.db");
	else if (xdg != NULL && xdg[0] == '/')
		*out = join_path(xdg, "tmdojo/progress.db");
	else {
		const char *home = getenv("HOME");
		if (home == NULL || home[0] == '\0') {
			const struct passwd *pw = getpwuid(getuid());
			home = pw != NULL ? pw->pw_dir : NULL;
		}
		if (home == NULL || home[0] == '\0')
			return tm_diags_add(diags, TM_ENOTFOUND, NULL, 0, 0,
					    "no home directory for the progress database; "
					    "set TMDOJO_HOME");
		*out = join_path(home, ".local/share/tmdojo/progress.db");
	}
	if (*out == NULL)
		return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
	return TM_OK;
}

/* path made absolute with every link and directory resolved, for a file that
 * may not exist yet: realpath() of the file, else where a dangling link points
 * (up to 8 links deep), else realpath() of its directory plus its name. Caller
 * frees with free(); NULL when even the directory does not resolve. */
static char *resolve_path(const char *path, int depth)
{
	char *full = realpath(path, NULL), link[4096];
	const char *slash = strrchr(path, '/'), *base = slash != NULL ? slash + 1 : path;
	char *dir = NULL, *out = NULL;
	if (full != NULL || depth > 8)
		return full;
	ssize_t n = readlink(path, link, sizeof(link) - 1);
	if (n > 0) {
		link[n] = '\0';
		if (link[0] == '/' || slash == NULL)
			return resolve_path(link, depth + 1);
		char *next = malloc((size_t)(slash - path) + strlen(link) + 2);
		if (next == NULL)
			return NULL;
		sprintf(next, "%.*s/%s", (int)(slash - path), path, link);
		out = resolve_path(next, depth + 1);
		free(next);
		return out;
	}
	if (slash == NULL)
		dir = realpath(".", NULL);
	else if (slash == path)
		dir = realpath("/", NULL);
	else {
		char *d = strndup(path, (size_t)(slash - path));
		dir = d != NULL ? realpath(d, NULL) : NULL;
		free(d);
	}
	if (dir != NULL)
		out = join_path(dir, base);
	free(dir);
	return out;
}

/* Whether a and b name the same file: the same device and inode when both
 * exist, else the same resolved path. */
static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	bool has_a = stat(a, &sa) == 0, has_b = stat(b, &sb) == 0;
	if (has_a && has_b)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	if (has_a != has_b)
		return false;
	char *ra = resolve_path(a, 0), *rb = resolve_path(b, 0);
	bool same = ra != NULL && rb != NULL ? strcmp(ra, rb) == 0 : strcmp(a, b) == 0;
	free(ra);
	free(rb);
	return same;
}

const char *tm_store_file_of(const char *store_path, const char *path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		/* on the stack: running out of memory must not read as "not the
		 * store"; a name longer than PATH_MAX names no file at all */
		char file[PATH_MAX + 16];
		if (strlen(store_path) + strlen(suffixes[i]) >= sizeof(file))
			return NULL;
		snprintf(file, sizeof(file), "%s%s", store_path, suffixes[i]);
		if (same_file(path, file))
			return suffixes[i];
	}
	return NULL;
}

/* Creates every missing directory above path (like mkdir -p of dirname). */
static int make_parent_dirs(const char *path, struct tm_diags *diags)
{
	char *dir = strdup(path);
	int status = TM_OK;
	if (dir == NULL)
		return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
	char *slash = strrchr(dir, '/');
	if (slash == NULL || slash == dir)
		goto cleanup;
	*slash = '\0';
	for (char *p = dir + 1; ; p++) {
		bool end = *p == '\0';
		if (*p == '/' || end) {
			char saved = *p;
			*p = '\0';
			if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
				status = tm_diags_add(diags, errno == EACCES || errno == EROFS ?
						      TM_EREADONLY : TM_EIO, dir, 0, 0,
						      "cannot create the directory for the progress "
						      "database: %s; set TMDOJO_HOME to a writable "
						      "directory", strerror(errno));
				goto cleanup;
			}
			*p = saved;
		}
		if (end)
			break;
	}
cleanup:
	free(dir);
	return status;
}

/* ==== Opening and migrating ===================================================== */

static int read_version(struct tm_store *s, int *version, int *tables, struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	int status = prepare(s, "SELECT (SELECT user_version FROM pragma_user_version),"
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

static int check_integrity(struct tm_store *s, struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	int status = prepare(s, "PRAGMA quick_check(1)", &st, "open", diags);
	if (status != TM_OK)
		return status;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *res = (const char *)sqlite3_column_text(st, 0);
		if (res == NULL || strcmp(res, "ok") != 0)
			status = tm_diags_add(diags, TM_ECORRUPT, s->path, 0, 0,
					      "the progress database is damaged (%s); it was left "
					      "untouched: move it aside or restore a backup, then run "
					      "tmdojo again", res != NULL ? res : "no result");
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
	if (version > N_MIGRATIONS)
		return tm_diags_add(diags, TM_EDB, s->path, 0, 0,
				    "the progress database has schema version %d but this tmdojo "
				    "knows only up to %d; upgrade tmdojo (the file was left "
				    "untouched)", version, N_MIGRATIONS);
	return TM_OK;
}

static int migrate(struct tm_store *s, struct tm_diags *diags)
{
	int version = 0, tables = 0;
	int status = read_version(s, &version, &tables, diags);
	if (status != TM_OK)
		return status;
	/* check_ours() refused these already; never index migrations[] with them */
	if (version < 0 || version > N_MIGRATIONS)
		return check_ours(s, diags);
	for (int v = version; v < N_MIGRATIONS; v++) {
		char pragma[64];
		status = tx_begin(s, "upgrade the progress database", diags);
		if (status != TM_OK)
			return status;
		/* Another process may have migrated while we waited for the lock. */
		int now = 0;
		status = read_version(s, &now, &tables, diags);
		if (status == TM_OK && now > v) {
			tx_rollback(s);
			v = now - 1;
			continue;
		}
		if (status == TM_OK)
			status = exec_sql(s, migrations[v], "upgrade the progress database", diags);
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", v + 1);
		if (status == TM_OK)
			status = exec_sql(s, pragma, "upgrade the progress database", diags);
		if (status == TM_OK)
			status = tx_commit(s, "upgrade the progress database", diags);
		if (status != TM_OK) {
			tx_rollback(s);
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
	status = prepare(s, "PRAGMA journal_mode=WAL", &st, "open", diags);
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
			status = make_parent_dirs(path, diags);
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
	status = configure(s, busy_ms, diags);
	if (status == TM_OK)
		status = migrate(s, diags);
cleanup:
	if (status != TM_OK) {
		tm_store_close(s);
		return status;
	}
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

/* ==== Learners ==================================================================== */

static int lookup_learner(struct tm_store *s, const char *name, long long *id, bool *found,
			  struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	int status = prepare(s, "SELECT id FROM learners WHERE name = ?1", &st,
			     "find the learner", diags);
	if (status != TM_OK)
		return status;
	bind_text(st, 1, name);
	int rc = sqlite3_step(st);
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
	status = tm_name_check("learner", name, diags);
	if (status != TM_OK)
		return status;
	sqlite3_stmt *st = NULL;
	status = prepare(s, "INSERT OR IGNORE INTO learners (name, created) VALUES (?1, ?2)",
			 &st, "add the learner", diags);
	if (status != TM_OK)
		return status;
	bind_text(st, 1, name);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)time(NULL));
	status = step_done(s, st, "add the learner", diags);
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
	int status = prepare(s, sql, &st, "read the position", diags);
	if (status != TM_OK)
		return status;
	sqlite3_bind_int64(st, 1, learner);
	bind_text(st, 2, course);
	int rc = sqlite3_step(st);
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

static void host_name(char *buf, size_t size);

/* Runs sql on this process's session row of learner: ?1 the learner, ?2 this
 * process's id, ?3 this host, ?4 the time now. */
static int own_session(struct tm_store *s, long long learner, const char *sql,
		       const char *what, struct tm_diags *diags)
{
	char here[256];
	sqlite3_stmt *st = NULL;
	host_name(here, sizeof(here));
	int status = prepare(s, sql, &st, what, diags);
	if (status != TM_OK)
		return status;
	sqlite3_bind_int64(st, 1, learner);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)getpid());
	bind_text(st, 3, here);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)time(NULL));
	return step_done(s, st, what, diags);
}

static int session_lost(struct tm_store *s, long long learner, const char *what,
			struct tm_diags *diags);

/* Marks the learner's session, when this process holds it, as active now
 * (inside the caller's transaction, before it writes). When this handle
 * claimed the session and no longer holds it (`learn --take-over` or
 * `progress --reset` elsewhere), returns TM_ETAKEN so that the caller writes
 * nothing: two writers would both store attempt 1 and the old one's results
 * over the new one's. */
static int touch_session(struct tm_store *s, long long learner, const char *what,
			 struct tm_diags *diags)
{
	int status = own_session(s, learner, "UPDATE sessions SET seen = ?4 WHERE learner = ?1"
				 " AND pid = ?2 AND host = ?3", what, diags);
	if (status != TM_OK || !s->holds || s->session != learner || sqlite3_changes(s->db) > 0)
		return status;
	return session_lost(s, learner, what, diags);
}

/* Writes the position inside the caller's transaction (which has checked the
 * learner's session with touch_session()). */
static int put_position(struct tm_store *s, long long learner, const char *course,
			const struct tm_position *pos, struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	int status = prepare(s, "INSERT OR REPLACE INTO positions (learner, course, module, item,"
			     " step, attempt, score, max, updated, again)"
			     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", &st,
			     "save the position", diags);
	if (status != TM_OK)
		return status;
	sqlite3_bind_int64(st, 1, learner);
	bind_text(st, 2, pos->key != NULL ? pos->key : course);
	bind_text(st, 3, pos->module);
	bind_text(st, 4, pos->item);
	sqlite3_bind_int(st, 5, pos->step);
	sqlite3_bind_int(st, 6, pos->attempt);
	sqlite3_bind_double(st, 7, pos->score);
	sqlite3_bind_double(st, 8, pos->max);
	sqlite3_bind_int64(st, 9, (sqlite3_int64)time(NULL));
	sqlite3_bind_int(st, 10, pos->again ? 1 : 0);
	return step_done(s, st, "save the position", diags);
}

int tm_store_position_set(struct tm_store *s, long long learner, const char *course,
			  const struct tm_position *pos, struct tm_diags *diags)
{
	int status = check_id("course", course, diags);
	if (status == TM_OK)
		status = tx_begin(s, "save the position", diags);
	if (status != TM_OK)
		return status;
	status = touch_session(s, learner, "save the position", diags);
	if (status == TM_OK)
		status = put_position(s, learner, course, pos, diags);
	if (status == TM_OK)
		return tx_commit(s, "save the position", diags);
	tx_rollback(s);
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
		status = tx_begin(s, "save the answer", diags);
	if (status != TM_OK)
		return status;
	status = touch_session(s, learner, "save the answer", diags);
	if (status != TM_OK)
		goto cleanup;
	status = prepare(s, "INSERT INTO answers (learner, course, module, item, question,"
			 " attempt, answer, score, max, correct, time)"
			 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", &st,
			 "save the answer", diags);
	if (status != TM_OK)
		goto cleanup;
	sqlite3_bind_int64(st, 1, learner);
	bind_text(st, 2, a->course);
	bind_text(st, 3, a->module);
	bind_text(st, 4, a->item);
	bind_text(st, 5, a->question);
	sqlite3_bind_int(st, 6, a->attempt);
	char *clean = grader_utf8_clean(a->answer != NULL ? a->answer : "");
	if (clean == NULL) {
		sqlite3_finalize(st);
		status = tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
		goto cleanup;
	}
	sqlite3_bind_text(st, 7, clean, -1, SQLITE_TRANSIENT);
	free(clean);
	sqlite3_bind_double(st, 8, a->score);
	sqlite3_bind_double(st, 9, a->max);
	sqlite3_bind_int(st, 10, a->correct ? 1 : 0);
	sqlite3_bind_int64(st, 11, (sqlite3_int64)time(NULL));
	status = step_done(s, st, "save the answer", diags);
	if (status == TM_OK && next != NULL)
		status = put_position(s, learner, a->course, next, diags);
cleanup:
	if (status == TM_OK)
		return tx_commit(s, "save the answer", diags);
	tx_rollback(s);
	return status;
}

int tm_store_complete_item(struct tm_store *s, long long learner, const char *course,
			   const char *module, const char *item, double score, double max, bool passed,
			   const struct tm_position *next, struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	int status = check_id("course", course, diags);
	if (status == TM_OK)
		status = tx_begin(s, "save the result", diags);
	if (status != TM_OK)
		return status;
	status = touch_session(s, learner, "save the result", diags);
	if (status != TM_OK)
		goto cleanup;
	/* The best result stays: a retake replaces it only when it passes where
	 * the stored one failed, or does at least as well with the same outcome. */
	status = prepare(s, "INSERT INTO items (learner, course, module, item, score,"
			 " max, passed, completed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
			 " ON CONFLICT (learner, course, module, item) DO UPDATE SET"
			 " score = excluded.score, max = excluded.max, passed = excluded.passed,"
			 " completed = excluded.completed"
			 " WHERE excluded.passed > items.passed OR (excluded.passed = items.passed"
			 " AND excluded.score * items.max >= items.score * excluded.max)", &st,
			 "save the result", diags);
	if (status != TM_OK)
		goto cleanup;
	bind_item(st, learner, course, module, item);
	sqlite3_bind_double(st, 5, score);
	sqlite3_bind_double(st, 6, max);
	sqlite3_bind_int(st, 7, passed ? 1 : 0);
	sqlite3_bind_int64(st, 8, (sqlite3_int64)time(NULL));
	status = step_done(s, st, "save the result", diags);
	if (status == TM_OK && next != NULL)
		status = put_position(s, learner, course, next, diags);
cleanup:
	if (status == TM_OK)
		return tx_commit(s, "save the result", diags);
	tx_rollback(s);
	return status;
}

int tm_store_item_result(struct tm_store *s, long long learner, const char *course,
			 const char *module, const char *item, bool *done, double *score, double *max,
			 bool *passed, struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	int status = prepare(s, "SELECT score, max, passed FROM items WHERE learner = ?1"
			     " AND course = ?2 AND module = ?3 AND item = ?4", &st,
			     "read the result", diags);
	if (status != TM_OK)
		return status;
	bind_item(st, learner, course, module, item);
	int rc = sqlite3_step(st);
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
	int status = prepare(s, sql, &st, "count progress", diags);
	if (status != TM_OK)
		return status;
	sqlite3_bind_int64(st, 1, learner);
	if (a != NULL)
		bind_text(st, 2, a);
	if (b != NULL)
		bind_text(st, 3, b);
	int rc = sqlite3_step(st);
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
	int status = prepare(s, "SELECT " TM_STORE_ITEM_SQL("item") ", score, max, passed FROM items"
			     " WHERE learner = ?1"
			     " AND course = ?2 AND module = ?3", &st, "read the results", diags);
	if (status != TM_OK)
		return status;
	sqlite3_bind_int64(st, 1, learner);
	bind_text(st, 2, course);
	bind_text(st, 3, tm_module_id(m));
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		take_result(st, m, out);
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

/* Steps st (prepared, bound) to its row and returns column 0 as valid UTF-8
 * text in *out (fallback when NULL), or TM_ENOTFOUND when there is no row;
 * finalizes st. */
static int row_text(struct tm_store *s, sqlite3_stmt *st, const char *fallback, const char *what,
		    char **out, struct tm_diags *diags)
{
	int status = TM_OK, rc = sqlite3_step(st);
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

int tm_store_last_answer(struct tm_store *s, long long learner, const char *course,
			 const char *module, const char *item, const char *question, char **answer,
			 struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	*answer = NULL;
	int status = prepare(s, "SELECT answer FROM answers WHERE learner = ?1 AND course = ?2"
			     " AND module = ?3 AND item = ?4 AND question = ?5"
			     " ORDER BY id DESC LIMIT 1", &st, "read the answer", diags);
	if (status != TM_OK)
		return status;
	bind_item(st, learner, course, module, item);
	bind_text(st, 5, question);
	return row_text(s, st, "", "read the answer", answer, diags);
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

/* Reads the answer rows of prepared statement st into *out and *count. */
static int read_answers(struct tm_store *s, sqlite3_stmt *st, struct learn_answer **out,
			size_t *count, struct tm_diags *diags)
{
	struct learn_answer *list = NULL;
	size_t n = 0, room = 0;
	int status = TM_OK, rc = sqlite3_step(st);
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
	int status = prepare(s, "SELECT question, attempt, score, max, correct FROM answers"
			     " WHERE learner = ?1 AND course = ?2 AND module = ?3 AND item = ?4"
			     " ORDER BY id", &st, "read the answers", diags);
	if (status != TM_OK)
		return status;
	bind_item(st, learner, course, module, item);
	return read_answers(s, st, out, count, diags);
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
	int status = prepare(s, "SELECT question, attempt, score, max, correct FROM answers"
			     " WHERE learner = ?1 AND course = ?2 AND ((module = ?3 AND item = ?4)"
			     " OR question IN (SELECT value FROM json_each(?5))) ORDER BY id", &st,
			     "read the answers", diags);
	if (status == TM_OK) {
		bind_item(st, learner, course, module, item);
		bind_text(st, 5, json);
		status = read_answers(s, st, out, count, diags);
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
		status = tx_begin(s, "save the draft", diags);
	if (status != TM_OK)
		return status;
	status = touch_session(s, learner, "save the draft", diags);
	if (status != TM_OK)
		goto cleanup;
	status = prepare(s, keep ? "INSERT OR REPLACE INTO drafts (learner, course, module, item,"
				   " question, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
				 : "DELETE FROM drafts WHERE learner = ?1 AND course = ?2"
				   " AND module = ?3 AND item = ?4 AND question = ?5",
			 &st, "save the draft", diags);
	if (status != TM_OK)
		goto cleanup;
	bind_item(st, learner, course, module, item);
	bind_text(st, 5, question);
	if (keep) {
		char *clean = grader_utf8_clean(text);
		if (clean == NULL) {
			sqlite3_finalize(st);
			status = tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
			goto cleanup;
		}
		sqlite3_bind_text(st, 6, clean, -1, SQLITE_TRANSIENT);
		free(clean);
	}
	status = step_done(s, st, "save the draft", diags);
cleanup:
	if (status == TM_OK)
		return tx_commit(s, "save the draft", diags);
	tx_rollback(s);
	return status;
}

int tm_store_draft_get(struct tm_store *s, long long learner, const char *course,
		       const char *module, const char *item, const char *question, char **text,
		       struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	*text = NULL;
	int status = prepare(s, "SELECT text FROM drafts WHERE learner = ?1 AND course = ?2"
			     " AND module = ?3 AND item = ?4 AND question = ?5", &st,
			     "read the draft", diags);
	if (status != TM_OK)
		return status;
	bind_item(st, learner, course, module, item);
	bind_text(st, 5, question);
	return row_text(s, st, "", "read the draft", text, diags);
}

int tm_store_learner_names(struct tm_store *s, char **names, struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	*names = NULL;
	int status = prepare(s, "SELECT coalesce(group_concat(name, ', '), '') FROM"
			     " (SELECT name FROM learners ORDER BY name)", &st,
			     "list the learners", diags);
	if (status != TM_OK)
		return status;
	return row_text(s, st, "", "list the learners", names, diags);
}

/* The rows of a course: its own, and positions of single-module runs, kept
 * under "course/module" (see tm_store_module_key()). */
#define COURSE_ROWS "(course = ?2 OR substr(course, 1, length(?2) + 1) = ?2 || '/')"

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

/* ==== Sessions ==========================================================================
 * One live learn session per learner: two side by side would both write attempt 1
 * and the stale one's results over the other's. The sessions row names the
 * holder (pid, host, start, last activity); it is taken over when the holder
 * is this host's process that is gone, or when it has been inactive for
 * SESSION_EXPIRES seconds on any host (a container or laptop whose host name
 * changed can never clear its own row), or when the learner asks
 * (tm_store_session_clear(), `learn --take-over`, `progress --reset`). The
 * holder taken over may still run: each of its writes checks the row first
 * (touch_session()) and is refused with TM_ETAKEN once the row is not its own. */

#define SESSION_EXPIRES (12 * 60 * 60)

/* This machine's name, for the sessions table. */
static void host_name(char *buf, size_t size)
{
	if (gethostname(buf, size) != 0)
		snprintf(buf, size, "localhost");
	buf[size - 1] = '\0';
}

/* Whether the session (pid, host, last active at seen) may be taken over by
 * this process. */
static bool session_stale(long long pid, const char *host, const char *here, time_t seen)
{
	if (time(NULL) - seen > SESSION_EXPIRES)
		return true;
	if (strcmp(host, here) != 0)
		return false;
	if (pid == (long long)getpid() || pid <= 0)
		return true;
	return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* "5 minutes", "3 hours": how long ago t was, roughly. */
static void time_ago(time_t t, char *buf, size_t size)
{
	long long d = (long long)(time(NULL) - t);
	if (d < 0)
		d = 0;
	if (d < 120)
		snprintf(buf, size, "%lld second%s", d, d == 1 ? "" : "s");
	else if (d < 2 * 3600)
		snprintf(buf, size, "%lld minutes", d / 60);
	else
		snprintf(buf, size, "%lld hours", d / 3600);
}

/* Refuses with TM_EBUSY when the row in st (pid, host, started, name, seen) is
 * live: to start a session or, with reset, to reset the learner's progress
 * (then only for a live process on this host). */
static int session_check(struct tm_store *s, sqlite3_stmt *st, const char *here, bool reset,
			 struct tm_diags *diags)
{
	long long pid = sqlite3_column_int64(st, 0);
	const char *host = (const char *)sqlite3_column_text(st, 1);
	time_t started = (time_t)sqlite3_column_int64(st, 2);
	char name[256];   /* stored before names had to be printable: may hold anything */
	tm_printable((const char *)sqlite3_column_text(st, 3), name, sizeof(name));
	time_t seen = (time_t)sqlite3_column_int64(st, 4);
	char when[32] = "?", ago[32];
	struct tm tmv;
	if (seen < started)
		seen = started;   /* a row from before migration 6 */
	if (session_stale(pid, host != NULL ? host : "", here, seen))
		return TM_OK;
	if (localtime_r(&started, &tmv) != NULL)
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tmv);
	time_ago(seen, ago, sizeof(ago));
	/* a reset releases a session on another host (which cannot be checked, and
	 * may be one left behind by a renamed host): its next write is refused */
	if (reset && host != NULL && strcmp(host, here) != 0)
		return TM_OK;
	if (reset)
		return tm_diags_add(diags, TM_EBUSY, s->path, 0, 0,
				    "cannot reset progress: learner '%s' is in a tmdojo session "
				    "(process %lld, started %s, last active %s ago); nothing was "
				    "reset: quit that session first (:q there, or 'kill %lld'), or "
				    "take it over with 'tmdojo learn --take-over' and quit it, then "
				    "reset again", name, pid, when, ago, pid);
	if (host != NULL && strcmp(host, here) != 0)
		return tm_diags_add(diags, TM_EBUSY, s->path, 0, 0,
				    "learner '%s' is already in a tmdojo session on host '%s' "
				    "(process %lld, started %s, last active %s ago); finish or "
				    "quit that session first, or take it over with 'tmdojo learn "
				    "--take-over' (it expires after 12 hours without activity)",
				    name, host, pid, when, ago);
	return tm_diags_add(diags, TM_EBUSY, s->path, 0, 0,
			    "learner '%s' is already in a tmdojo session (process %lld, "
			    "started %s, last active %s ago); finish or quit that session "
			    "first (:q), use another --learner, or take it over with 'tmdojo "
			    "learn --take-over'", name, pid, when, ago);
}

/* Inside the caller's transaction: refuses with TM_EBUSY (session_check())
 * when the learner's session row names a live session. */
static int check_session_row(struct tm_store *s, long long learner, bool reset,
			     const char *what, struct tm_diags *diags)
{
	char here[256];
	sqlite3_stmt *st = NULL;
	host_name(here, sizeof(here));
	int status = prepare(s, "SELECT pid, host, started, (SELECT name FROM learners"
			     " WHERE id = ?1), seen FROM sessions WHERE learner = ?1", &st,
			     what, diags);
	if (status != TM_OK)
		return status;
	sqlite3_bind_int64(st, 1, learner);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		status = session_check(s, st, here, reset, diags);
	else if (rc != SQLITE_DONE)
		status = store_error(s, rc, what, diags);
	sqlite3_finalize(st);
	return status;
}

/* The write what of this handle's session was refused: says who holds the
 * learner's session now (inside the caller's transaction). Returns TM_ETAKEN. */
static int session_lost(struct tm_store *s, long long learner, const char *what,
			struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	char by[512] = "";
	if (prepare(s, "SELECT pid, host, started FROM sessions WHERE learner = ?1", &st, what,
		    NULL) == TM_OK) {
		sqlite3_bind_int64(st, 1, learner);
		if (sqlite3_step(st) == SQLITE_ROW) {
			char host[256], when[32] = "?";
			time_t started = (time_t)sqlite3_column_int64(st, 2);
			struct tm tmv;
			tm_printable((const char *)sqlite3_column_text(st, 1), host, sizeof(host));
			if (localtime_r(&started, &tmv) != NULL)
				strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tmv);
			snprintf(by, sizeof(by), "taken over by process %lld on host '%s' "
				 "(started %s)", (long long)sqlite3_column_int64(st, 0), host, when);
		}
		sqlite3_finalize(st);
	}
	return tm_diags_add(diags, TM_ETAKEN, s->path, 0, 0,
			    "cannot %s: this learn session was %s; nothing more is saved by it",
			    what, by[0] != '\0' ? by : "released by 'tmdojo learn --take-over' "
			    "or 'tmdojo progress --reset'");
}

int tm_store_session_begin(struct tm_store *s, long long learner, struct tm_diags *diags)
{
	struct tm_diags probe;
	tm_diags_init(&probe);
	int status = tx_begin(s, "start the session", &probe);
	if (status == TM_EBUSY) {
		/* another program holds the file past the busy timeout: nothing can
		 * be claimed, nor saved; the first save says so, as it always did */
		tm_diags_release(&probe);
		return TM_OK;
	}
	for (size_t i = 0; i < probe.count; i++)
		tm_diags_add(diags, probe.items[i].code, probe.items[i].file, probe.items[i].line,
			     probe.items[i].column, "%s", probe.items[i].text);
	tm_diags_release(&probe);
	if (status != TM_OK)
		return status;
	status = check_session_row(s, learner, false, "start the session", diags);
	if (status == TM_OK)
		status = own_session(s, learner, "INSERT OR REPLACE INTO sessions (learner, pid,"
				     " host, started, seen) VALUES (?1, ?2, ?3, ?4, ?4)",
				     "start the session", diags);
	if (status == TM_OK)
		status = tx_commit(s, "start the session", diags);
	else
		tx_rollback(s);
	if (status == TM_OK) {
		s->holds = true;
		s->session = learner;
	}
	return status;
}

int tm_store_session_end(struct tm_store *s, long long learner, struct tm_diags *diags)
{
	if (s->session == learner)
		s->holds = false;
	return own_session(s, learner, "DELETE FROM sessions WHERE learner = ?1 AND pid = ?2"
			   " AND host = ?3", "end the session", diags);
}

int tm_store_session_clear(struct tm_store *s, long long learner, struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	if (s->session == learner)
		s->holds = false;
	int status = prepare(s, "DELETE FROM sessions WHERE learner = ?1", &st,
			     "take the session over", diags);
	if (status != TM_OK)
		return status;
	sqlite3_bind_int64(st, 1, learner);
	return step_done(s, st, "take the session over", diags);
}

/* ==== Seeds ============================================================================ */

int tm_store_seed(struct tm_store *s, long long learner, const char *course,
		  const char *module, const char *item, const char *question, unsigned *seed,
		  struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	int status = check_id("course", course, diags);
	if (status == TM_OK)
		status = tx_begin(s, "save the shuffle seed", diags);
	if (status != TM_OK)
		return status;
	status = touch_session(s, learner, "save the shuffle seed", diags);
	if (status != TM_OK)
		goto cleanup;
	status = prepare(s, "INSERT OR IGNORE INTO seeds (learner, course, module, item, question,"
			 " seed) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", &st, "save the shuffle seed",
			 diags);
	if (status != TM_OK)
		goto cleanup;
	bind_item(st, learner, course, module, item);
	bind_text(st, 5, question);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)*seed);
	status = step_done(s, st, "save the shuffle seed", diags);
	if (status != TM_OK)
		goto cleanup;
	status = prepare(s, "SELECT seed FROM seeds WHERE learner = ?1 AND course = ?2 AND"
			 " module = ?3 AND item = ?4 AND question = ?5", &st,
			 "read the shuffle seed", diags);
	if (status != TM_OK)
		goto cleanup;
	bind_item(st, learner, course, module, item);
	bind_text(st, 5, question);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*seed = (unsigned)sqlite3_column_int64(st, 0);
	else
		status = store_error(s, rc, "read the shuffle seed", diags);
	sqlite3_finalize(st);
cleanup:
	if (status == TM_OK)
		return tx_commit(s, "save the shuffle seed", diags);
	tx_rollback(s);
	return status;
}

/* ==== Export and reset ====================================================================== */

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
	"   'time', strftime('%Y-%m-%dT%H:%M:%SZ', time, 'unixepoch')))"
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
		 sizeof(export_drafts_sql) + sizeof(export_refresher_sql)];
	*json = NULL;
	snprintf(sql, sizeof(sql), "%s%s%s%s%s)", export_sql,
		 s->version >= TM_SCHEMA_AGAIN ? export_again_sql : "", export_rest_sql,
		 s->version >= SCHEMA_DRAFTS ? export_drafts_sql : "",
		 s->version >= TM_SCHEMA_REFRESHER ? export_refresher_sql : "");
	int status = prepare(s, sql, &st, "export progress", diags);
	if (status != TM_OK)
		return status;
	sqlite3_bind_int64(st, 1, learner);
	sqlite3_bind_int(st, 2, s->version);
	/* stores written before answers were cleaned on the way in may hold
	 * invalid UTF-8; JSON must not */
	return row_text(s, st, "{}", "export progress", json, diags);
}

int tm_store_reset(struct tm_store *s, long long learner, const char *course,
		   struct tm_diags *diags)
{
	static const char *const tables[] = { "positions", "items", "answers", "seeds",
					      "drafts", "refresher_answers" };
	int status = tx_begin(s, "reset progress", diags);
	if (status != TM_OK)
		return status;
	status = check_session_row(s, learner, true, "reset progress", diags);
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]) && status == TM_OK; i++) {
		char sql[256];
		sqlite3_stmt *st = NULL;
		snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE learner = ?1%s", tables[i],
			 course != NULL ? " AND " COURSE_ROWS : "");
		status = prepare(s, sql, &st, "reset progress", diags);
		if (status != TM_OK)
			break;
		sqlite3_bind_int64(st, 1, learner);
		if (course != NULL)
			bind_text(st, 2, course);
		status = step_done(s, st, "reset progress", diags);
	}
	/* a session row left behind would keep the learner out of the fresh start */
	if (status == TM_OK)
		status = tm_store_session_clear(s, learner, diags);
	if (status == TM_OK)
		return tx_commit(s, "reset progress", diags);
	tx_rollback(s);
	return status;
}
