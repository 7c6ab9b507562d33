/*
 * store_sessions.c: one live learn session per learner, kept in the progress
 * store's sessions table: claiming it, releasing it, taking it over, and the
 * check every write of a session makes that it still holds it.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store_internal.h"
#include "tmengine.h"

/*
 * One live learn session per learner: two side by side would both write attempt 1
 * and the stale one's results over the other's. The sessions row names the
 * holder (pid, host, start, last activity); it is taken over when the holder
 * is this host's process that is gone, or when it has been inactive for
 * SESSION_EXPIRES seconds on any host (a container or laptop whose host name
 * changed can never clear its own row), or when the learner asks
 * (tm_store_session_clear(), `learn --take-over`, `progress --reset`). The
 * holder taken over may still run: each of its writes checks the row first
 * (store_touch_session()) and is refused with TM_ETAKEN once the row is not its own. */

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
int store_check_session_row(struct tm_store *s, long long learner, bool reset,
			    const char *what, struct tm_diags *diags)
{
	char here[256];
	sqlite3_stmt *st = NULL;
	host_name(here, sizeof(here));
	int status = store_prepare(s, "SELECT pid, host, started, (SELECT name FROM learners"
				   " WHERE id = ?1), seen FROM sessions WHERE learner = ?1", &st,
				   what, diags);
	if (status != TM_OK)
		return status;
	int bound = SQLITE_OK;
	store_bind_int64(st, 1, learner, &bound);
	int rc = store_step(st, bound);
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
	if (store_prepare(s, "SELECT pid, host, started FROM sessions WHERE learner = ?1", &st,
			  what, NULL) == TM_OK) {
		int bound = SQLITE_OK;
		store_bind_int64(st, 1, learner, &bound);
		if (store_step(st, bound) == SQLITE_ROW) {
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

/* Runs sql on this process's session row of learner: ?1 the learner, ?2 this
 * process's id, ?3 this host, ?4 (when sql has it) the time now. */
static int own_session(struct tm_store *s, long long learner, const char *sql,
		       const char *what, struct tm_diags *diags)
{
	char here[256];
	sqlite3_stmt *st = NULL;
	host_name(here, sizeof(here));
	int status = store_prepare(s, sql, &st, what, diags);
	if (status != TM_OK)
		return status;
	int bound = SQLITE_OK;
	store_bind_int64(st, 1, learner, &bound);
	store_bind_int64(st, 2, (sqlite3_int64)getpid(), &bound);
	store_bind_text(st, 3, here, &bound);
	if (sqlite3_bind_parameter_count(st) >= 4)
		store_bind_int64(st, 4, (sqlite3_int64)time(NULL), &bound);
	return store_step_done(s, st, bound, what, diags);
}

/* Marks the learner's session, when this process holds it, as active now
 * (inside the caller's transaction, before it writes). When this handle
 * claimed the session and no longer holds it (`learn --take-over` or
 * `progress --reset` elsewhere), returns TM_ETAKEN so that the caller writes
 * nothing: two writers would both store attempt 1 and the old one's results
 * over the new one's. */
int store_touch_session(struct tm_store *s, long long learner, const char *what,
			struct tm_diags *diags)
{
	int status = own_session(s, learner, "UPDATE sessions SET seen = ?4 WHERE learner = ?1"
				 " AND pid = ?2 AND host = ?3", what, diags);
	if (status != TM_OK || !s->holds || s->session != learner || sqlite3_changes(s->db) > 0)
		return status;
	return session_lost(s, learner, what, diags);
}

int tm_store_session_begin(struct tm_store *s, long long learner, struct tm_diags *diags)
{
	struct tm_diags probe;
	tm_diags_init(&probe);
	int status = store_tx_begin(s, "start the session", &probe);
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
	status = store_check_session_row(s, learner, false, "start the session", diags);
	if (status == TM_OK)
		status = own_session(s, learner, "INSERT OR REPLACE INTO sessions (learner, pid,"
				     " host, started, seen) VALUES (?1, ?2, ?3, ?4, ?4)",
				     "start the session", diags);
	if (status == TM_OK)
		status = store_tx_commit(s, "start the session", diags);
	else
		store_tx_rollback(s);
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
	int status = store_prepare(s, "DELETE FROM sessions WHERE learner = ?1", &st,
				   "take the session over", diags);
	if (status != TM_OK)
		return status;
	int bound = SQLITE_OK;
	store_bind_int64(st, 1, learner, &bound);
	return store_step_done(s, st, bound, "take the session over", diags);
}
