/*
 * team.c: team maturity. Each graded live session of a team is stored with how
 * many threats of each severity the key has and how many the team found; a
 * team's phase is recomputed from its sessions, in the order they were held
 * (day given, then as recorded), under the rules
 * (N sessions in a row at or above a recall), so the evidence is always the
 * stored history and changing the rules re-reads it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gradebook_internal.h"
#include "store_internal.h"

const char *tm_phase_name(enum tm_phase p)
{
	switch (p) {
	case TM_PHASE_OBSERVATION: return "observation";
	case TM_PHASE_REVIEW: return "review";
	case TM_PHASE_SECURITY_OPTIONAL: return "security-optional";
	}
	return "unknown";
}

double tm_team_session_recall(const struct tm_team_session *ss, enum grader_severity s)
{
	if (s < GRADER_SEV_LOW || s > GRADER_SEV_CRITICAL || ss->total[s] == 0)
		return 1.0;
	return (double)ss->found[s] / (double)ss->total[s];
}

bool tm_team_session_has(const struct tm_team_session *ss, enum grader_severity s)
{
	return s >= GRADER_SEV_LOW && s <= GRADER_SEV_CRITICAL && ss->total[s] > 0;
}

/* ==== Rules ===================================================================================== */

static int check_rules(const struct tm_team_rules *rules, struct tm_diags *diags)
{
	if (rules->sessions < 1 || rules->sessions > 1000)
		return tm_diags_add(diags, TM_EUSAGE, NULL, 0, 0,
				    "sessions in a row must be between 1 and 1000, not %d",
				    rules->sessions);
	if (!(rules->recall >= 0 && rules->recall <= 1))
		return tm_diags_add(diags, TM_EUSAGE, NULL, 0, 0,
				    "recall must be between 0 and 1, not %g", rules->recall);
	return TM_OK;
}

int tm_team_rules_get(struct tm_gradebook *g, struct tm_team_rules *out,
		      struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	out->sessions = TM_TEAM_DEFAULT_SESSIONS;
	out->recall = TM_TEAM_DEFAULT_RECALL;
	int status = gb_prepare(g, "SELECT key, value FROM settings WHERE key IN"
				" ('team.sessions', 'team.recall')", &st, "read the team rules", diags);
	if (status != TM_OK)
		return status;
	int rc;
	for (;;) {
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			break;
		const char *key = gb_column_text(st, 0);
		const char *value = gb_column_text(st, 1);
		if (strcmp(key, "team.sessions") == 0)
			out->sessions = atoi(value);
		else
			out->recall = strtod(value, NULL);
	}
	if (rc != SQLITE_DONE)
		status = gb_error(g, rc, "read the team rules", diags);
	sqlite3_finalize(st);
	struct tm_diags ignore;
	tm_diags_init(&ignore);
	if (status == TM_OK && check_rules(out, &ignore) != TM_OK) {
		out->sessions = TM_TEAM_DEFAULT_SESSIONS;   /* a damaged setting: defaults */
		out->recall = TM_TEAM_DEFAULT_RECALL;
	}
	tm_diags_release(&ignore);
	return status;
}

static int put_setting(struct tm_gradebook *g, const char *key, const char *value,
		       struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	int status = gb_prepare(g, "INSERT INTO settings (key, value) VALUES (?1, ?2)"
				" ON CONFLICT (key) DO UPDATE SET value = excluded.value", &st,
				"save the team rules", diags);
	if (status != TM_OK)
		return status;
	int bound = SQLITE_OK;
	store_bind_text(st, 1, key, &bound);
	store_bind_text(st, 2, value, &bound);
	int rc = store_step(st, bound);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? TM_OK : gb_error(g, rc, "save the team rules", diags);
}

int tm_team_rules_set(struct tm_gradebook *g, const struct tm_team_rules *rules,
		      struct tm_diags *diags)
{
	char sessions[32], recall[32];
	int status = check_rules(rules, diags);
	if (status == TM_OK)
		status = gb_write_begin(g, "save the team rules", diags);
	if (status != TM_OK)
		return status;
	snprintf(sessions, sizeof(sessions), "%d", rules->sessions);
	snprintf(recall, sizeof(recall), "%.17g", rules->recall);
	status = put_setting(g, "team.sessions", sessions, diags);
	if (status == TM_OK)
		status = put_setting(g, "team.recall", recall, diags);
	return gb_write_end(g, status, "save the team rules", diags);
}

/* ==== Recording a session ========================================================================= */

/* Today's local date as YYYY-MM-DD into out. */
static void today(char out[11])
{
	time_t now = time(NULL);
	struct tm tmv;
	if (localtime_r(&now, &tmv) == NULL || strftime(out, 11, "%Y-%m-%d", &tmv) == 0)
		snprintf(out, 11, "1970-01-01");
}

static bool leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int tm_team_check_date(const char *date, struct tm_diags *diags)
{
	static const int days[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	char safe[64], now[11];
	bool shape = strlen(date) == 10 && date[4] == '-' && date[7] == '-';
	for (int i = 0; shape && i < 10; i++)
		if (i != 4 && i != 7 && (date[i] < '0' || date[i] > '9'))
			shape = false;
	int y = shape ? atoi(date) : 0, m = shape ? atoi(date + 5) : 0;
	int d = shape ? atoi(date + 8) : 0;
	if (!shape || y < 1970 || m < 1 || m > 12 || d < 1 || d > days[m - 1] ||
	    (m == 2 && d == 29 && !leap_year(y)))
		return tm_diags_add(diags, TM_EUSAGE, NULL, 0, 0, "the session date '%s' is not a "
				    "day as YYYY-MM-DD (for example 2026-11-20)",
				    tm_printable(date, safe, sizeof(safe)));
	today(now);
	if (strcmp(date, now) > 0)
		return tm_diags_add(diags, TM_EUSAGE, NULL, 0, 0, "the session date %s is in the "
				    "future (today is %s); give the day the session was held", date,
				    now);
	return TM_OK;
}

static void count_severities(const struct grader_key *key, const struct grader_result *res,
			     struct tm_team_session *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t t = 0; t < grader_key_threat_count(key); t++) {
		enum grader_severity s = grader_threat_severity(key, t);
		if (s >= GRADER_SEV_LOW && s <= GRADER_SEV_CRITICAL)
			out->total[s]++;
	}
	for (size_t i = 0; i < grader_result_found_count(res); i++) {
		enum grader_severity s = grader_threat_severity(key, grader_result_found_threat(res, i));
		if (s >= GRADER_SEV_LOW && s <= GRADER_SEV_CRITICAL)
			out->found[s]++;
	}
	out->score = grader_result_score(res);
	out->recorded = (long long)time(NULL);
	out->bar = GRADER_SEV_NONE;
}

static int insert_session(struct tm_gradebook *g, const char *team, const char *exercise,
			  const char *name, const char *hash, const char *lines,
			  struct tm_team_session *ss, struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	const char *what = "record the session";
	int status = gb_prepare(g, "INSERT INTO team_sessions (team, exercise, name, recorded, score,"
				" hash, found_critical, total_critical, found_high, total_high,"
				" found_medium, total_medium, found_low, total_low, lines_hash, held)"
				" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
				" ?15, ?16)",
				&st, what, diags);
	if (status != TM_OK)
		return status;
	int bound = SQLITE_OK;
	store_bind_text(st, 1, team, &bound);
	store_bind_text(st, 2, exercise, &bound);
	store_bind_text(st, 3, name, &bound);
	store_bind_int64(st, 4, ss->recorded, &bound);
	store_bind_double(st, 5, ss->score, &bound);
	store_bind_text(st, 6, hash, &bound);
	for (int s = GRADER_SEV_CRITICAL, col = 7; s >= GRADER_SEV_LOW; s--, col += 2) {
		store_bind_int64(st, col, ss->found[s], &bound);
		store_bind_int64(st, col + 1, ss->total[s], &bound);
	}
	store_bind_text(st, 15, lines, &bound);
	store_bind_text(st, 16, ss->held, &bound);
	int rc = store_step(st, bound);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return gb_error(g, rc, what, diags);
	ss->id = sqlite3_last_insert_rowid(g->db);
	return TM_OK;
}

/* The hash of what is graded in sub: its threat lines in order, each with the
 * learner's own STRIDE and severity labels, as parsed (list markers, blank
 * lines, headings and line ends gone), so that the same list saved with CR LF,
 * an extra blank line or a heading reads as the same session. A STRIDE or
 * severity heading labels the lines under it, so adding one makes another
 * session, as labelling the lines themselves does. */
static void lines_hash(const struct grader_submission *sub, char out[17])
{
	unsigned long long h = GB_FNV_START;
	for (size_t i = 0; i < grader_submission_line_count(sub); i++) {
		const char *line = grader_submission_line(sub, i);
		char labels[32];
		int n = snprintf(labels, sizeof(labels), "\n%u %d ",
				 grader_submission_line_stride(sub, i),
				 (int)grader_submission_line_severity(sub, i));
		gb_fnv_add(&h, labels, (size_t)n);
		gb_fnv_add(&h, line, strlen(line));
	}
	snprintf(out, 17, "%016llx", h);
}

/* Finds an earlier session of team on exercise with the same graded lines
 * (lines_hash()), or, for a session stored before those were kept, the same
 * bytes (hash); sets *when to its time, or 0 when there is none. */
static int find_same_session(struct tm_gradebook *g, const char *team, const char *exercise,
			     const char *lines, const char *hash, long long *when,
			     struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	const char *what = "record the session";
	int status = gb_prepare(g, "SELECT recorded FROM team_sessions WHERE team = ?1 AND"
				" exercise = ?2 AND (lines_hash = ?3 OR (lines_hash = '' AND"
				" hash = ?4)) ORDER BY id DESC LIMIT 1", &st, what, diags);
	if (status != TM_OK)
		return status;
	int bound = SQLITE_OK;
	store_bind_text(st, 1, team, &bound);
	store_bind_text(st, 2, exercise, &bound);
	store_bind_text(st, 3, lines, &bound);
	store_bind_text(st, 4, hash, &bound);
	*when = 0;
	int rc = store_step(st, bound);
	if (rc == SQLITE_ROW)
		*when = sqlite3_column_int64(st, 0) > 0 ? sqlite3_column_int64(st, 0) : 1;
	else if (rc != SQLITE_DONE)
		status = gb_error(g, rc, what, diags);
	sqlite3_finalize(st);
	return status;
}

/* Sets *stored when g holds a session of team. */
static int team_stored(struct tm_gradebook *g, const char *team, bool *stored,
		       struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	int status = gb_prepare(g, "SELECT 1 FROM team_sessions WHERE team = ?1 LIMIT 1", &st,
				"look the team up", diags);
	if (status != TM_OK)
		return status;
	int bound = SQLITE_OK;
	store_bind_text(st, 1, team, &bound);
	int rc = store_step(st, bound);
	*stored = rc == SQLITE_ROW;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		status = gb_error(g, rc, "look the team up", diags);
	sqlite3_finalize(st);
	return status;
}

/* The length of the blank (a space or a no-break space, U+00A0) at s, or 0. */
static size_t blank_at(const char *s)
{
	if (s[0] == ' ')
		return 1;
	return (unsigned char)s[0] == 0xc2 && (unsigned char)s[1] == 0xa0 ? 2 : 0;
}

int tm_team_check_new_name(const char *team, struct tm_diags *diags)
{
	char safe[512];
	size_t len = strlen(team), start = 0, end = len;
	while (start < len && blank_at(team + start) > 0)
		start += blank_at(team + start);
	while (end > start && (team[end - 1] == ' ' ||
			       (end - start >= 2 && (unsigned char)team[end - 2] == 0xc2 &&
				(unsigned char)team[end - 1] == 0xa0)))
		end -= team[end - 1] == ' ' ? 1 : 2;
	if (start == end)
		return tm_diags_add(diags, TM_EUSAGE, NULL, 0, 0, "the team name '%s' is only "
				    "blanks; give a name, such as 'payments'",
				    tm_printable(team, safe, sizeof(safe)));
	if (start > 0 || end < len)
		return tm_diags_add(diags, TM_EUSAGE, NULL, 0, 0, "the team name '%s' has %s "
				    "blanks; give it as '%.*s'", tm_printable(team, safe, sizeof(safe)),
				    start > 0 && end < len ? "leading and trailing" :
				    start > 0 ? "leading" : "trailing", (int)(end - start),
				    team + start);
	return TM_OK;
}

int tm_team_record(struct tm_gradebook *g, const struct tm_exercise *ex, const char *team,
		   const char *name, const char *buf, size_t len, bool again, const char *held,
		   struct tm_team_session *out, struct tm_diags *diags)
{
	const struct grader_key *key = tm_exercise_key(ex);
	struct grader_submission *sub = NULL;
	struct grader_result *res = NULL;
	struct tm_team_session ss;
	char hash[17], lines[17];
	long long when = 0;
	bool stored = false;
	int status = tm_gradebook_check_name("team", team, diags);
	/* a team the gradebook holds keeps its name; a new one follows the rule */
	if (status == TM_OK)
		status = team_stored(g, team, &stored, diags);
	if (status == TM_OK && !stored)
		status = tm_team_check_new_name(team, diags);
	if (status == TM_OK && held != NULL)
		status = tm_team_check_date(held, diags);
	if (status != TM_OK)
		return status;
	int label = gb_top_label_line(buf, len, NULL);
	/* one submission per run: a memo of its words would not be read again */
	status = gb_grade_buffer(key, name, buf, len, label, NULL, &sub, &res, diags);
	if (status != TM_OK)
		goto cleanup;
	if (grader_submission_line_count(sub) == 0) {
		/* a 0% session would break the team's streak for nothing */
		status = tm_diags_add(diags, TM_EINVALID, name, 0, 0,
				      "no threats found in the submission; nothing recorded");
		goto cleanup;
	}
	count_severities(key, res, &ss);
	if (held != NULL)
		snprintf(ss.held, sizeof(ss.held), "%s", held);
	else
		today(ss.held);
	ss.truncated = grader_submission_truncated(sub);
	ss.dropped = grader_submission_dropped(sub);
	ss.limits = grader_result_limit_count(res);
	if (ss.limits > 0) {
		ss.limit_threat = grader_result_limit_threat(res, 0);
		ss.limit_pattern = grader_result_limit_pattern(res, 0);
		ss.limit_line = grader_submission_line_no(sub, grader_result_limit_line(res, 0));
	}
	tm_content_hash(buf, len, hash);
	lines_hash(sub, lines);
	status = gb_write_begin(g, "record the session", diags);
	if (status != TM_OK)
		goto cleanup;
	if (!again)
		status = find_same_session(g, team, tm_exercise_id(ex), lines, hash, &when, diags);
	if (status == TM_OK && when != 0) {
		char day[32] = "earlier";
		time_t t = (time_t)when;
		struct tm tmv;
		if (localtime_r(&t, &tmv) != NULL)
			strftime(day, sizeof(day), "on %Y-%m-%d %H:%M", &tmv);
		status = tm_diags_add(diags, TM_EINVALID, name, 0, 0,
				      "team '%s' already has this session of '%s' (recorded %s); "
				      "nothing recorded (--again records it as a new session)", team,
				      tm_exercise_id(ex), day);
	}
	if (status == TM_OK)
		status = insert_session(g, team, tm_exercise_id(ex), name, hash, lines, &ss, diags);
	status = gb_write_end(g, status, "record the session", diags);
	if (status == TM_OK && out != NULL)
		*out = ss;
cleanup:
	grader_result_free(res);
	grader_submission_free(sub);
	return status;
}

/* ==== Removing ====================================================================================== */

/* Runs sql (binding ?1 to text, else to id) in a write transaction; sets
 * *changed to the rows it deleted. */
static int delete_rows(struct tm_gradebook *g, const char *sql, const char *text, long long id,
		       size_t *changed, struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	const char *what = "remove the sessions";
	*changed = 0;
	int status = gb_write_begin(g, what, diags);
	if (status != TM_OK)
		return status;
	status = gb_prepare(g, sql, &st, what, diags);
	if (status == TM_OK) {
		int bound = SQLITE_OK;
		if (text != NULL)
			store_bind_text(st, 1, text, &bound);
		else
			store_bind_int64(st, 1, id, &bound);
		int rc = store_step(st, bound);
		if (rc == SQLITE_DONE)
			*changed = (size_t)sqlite3_changes(g->db);
		else
			status = gb_error(g, rc, what, diags);
		sqlite3_finalize(st);
	}
	return gb_write_end(g, status, what, diags);
}

int tm_team_remove_session(struct tm_gradebook *g, long long id, struct tm_diags *diags)
{
	size_t n = 0;
	int status = delete_rows(g, "DELETE FROM team_sessions WHERE id = ?1", NULL, id, &n, diags);
	if (status == TM_OK && n == 0)
		return tm_diags_add(diags, TM_EINVALID, NULL, 0, 0, "no team session #%lld", id);
	return status;
}

int tm_team_remove(struct tm_gradebook *g, const char *team, size_t *removed,
		   struct tm_diags *diags)
{
	char safe[512];
	int status = delete_rows(g, "DELETE FROM team_sessions WHERE team = ?1", team, 0, removed,
				 diags);
	if (status == TM_OK && *removed == 0)
		return tm_diags_add(diags, TM_EINVALID, NULL, 0, 0, "no team '%s'",
				    tm_printable(team, safe, sizeof(safe)));
	return status;
}

/* ==== Status ======================================================================================= */

struct team_acc {
	char *team;
	struct tm_team_session *sessions;
	size_t n, alloc;
};

struct tm_teams {
	struct tm_team_status *status;
	struct team_acc *acc;
	size_t n, alloc;
};

static int add_session(struct tm_teams *t, sqlite3_stmt *st)
{
	const char *team = gb_column_text(st, 0);
	if (t->n == 0 || strcmp(t->acc[t->n - 1].team, team) != 0) {
		if (t->n == t->alloc) {
			size_t na = t->alloc ? t->alloc * 2 : 16;
			struct team_acc *nb = realloc(t->acc, na * sizeof(*nb));
			if (nb == NULL)
				return TM_ENOMEM;
			t->acc = nb;
			t->alloc = na;
		}
		memset(&t->acc[t->n], 0, sizeof(t->acc[t->n]));
		t->acc[t->n].team = gb_strdup(team);
		t->n++;
		if (t->acc[t->n - 1].team == NULL)
			return TM_ENOMEM;
	}
	struct team_acc *a = &t->acc[t->n - 1];
	if (a->n == a->alloc) {
		size_t na = a->alloc ? a->alloc * 2 : 8;
		struct tm_team_session *nb = realloc(a->sessions, na * sizeof(*nb));
		if (nb == NULL)
			return TM_ENOMEM;
		a->sessions = nb;
		a->alloc = na;
	}
	struct tm_team_session *ss = &a->sessions[a->n++];
	memset(ss, 0, sizeof(*ss));
	ss->exercise = gb_strdup(gb_column_text(st, 1));
	ss->name = gb_strdup(gb_column_text(st, 2));
	ss->recorded = sqlite3_column_int64(st, 3);
	ss->score = sqlite3_column_double(st, 4);
	ss->id = sqlite3_column_int64(st, 13);
	ss->bar = GRADER_SEV_NONE;
	snprintf(ss->held, sizeof(ss->held), "%s", gb_column_text(st, 14));
	for (int s = GRADER_SEV_CRITICAL, col = 5; s >= GRADER_SEV_LOW; s--, col += 2) {
		ss->found[s] = sqlite3_column_int(st, col);
		ss->total[s] = sqlite3_column_int(st, col + 1);
	}
	return ss->exercise != NULL && ss->name != NULL ? TM_OK : TM_ENOMEM;
}

static bool meets(const struct tm_team_session *ss, enum grader_severity lowest, double recall)
{
	for (int s = GRADER_SEV_CRITICAL; s >= (int)lowest; s--)
		if (tm_team_session_recall(ss, (enum grader_severity)s) < recall)
			return false;
	return true;
}

/* Walks the sessions in the order held: a streak of `sessions` meeting the current
 * phase's bar moves the team on and starts a new streak. */
static void compute_phase(struct team_acc *a, const struct tm_team_rules *rules,
			  struct tm_team_status *out)
{
	out->team = a->team;
	out->sessions = a->sessions;
	out->session_count = a->n;
	out->phase = TM_PHASE_OBSERVATION;
	out->streak = 0;
	for (size_t i = 0; i < a->n; i++) {
		if (out->phase == TM_PHASE_SECURITY_OPTIONAL)
			break;
		struct tm_team_session *ss = &a->sessions[i];
		ss->judged = out->phase;
		ss->bar = out->phase == TM_PHASE_OBSERVATION ? GRADER_SEV_HIGH : GRADER_SEV_MEDIUM;
		ss->met = meets(ss, ss->bar, rules->recall);
		out->streak = ss->met ? out->streak + 1 : 0;
		if (out->streak >= rules->sessions) {
			out->phase++;
			out->streak = 0;
		}
	}
}

/* Every session, each team's by the day held, then as recorded; column 14
 * is the day held (HELD: the column, or what stands for it). */
#define SESSIONS_SQL(HELD) \
	"SELECT team, exercise, name, recorded, score, found_critical, total_critical," \
	" found_high, total_high, found_medium, total_medium, found_low, total_low, id," \
	" " HELD " AS held_on FROM team_sessions ORDER BY team, held_on, id"

/* Sets *has when team_sessions has the held column (migration 11). */
static int has_held(struct tm_gradebook *g, bool *has, struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	int status = gb_prepare(g, "SELECT count(*) FROM pragma_table_info('team_sessions')"
				" WHERE name = 'held'", &st, "read the sessions", diags);
	if (status != TM_OK)
		return status;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*has = sqlite3_column_int(st, 0) > 0;
	else
		status = gb_error(g, rc, "read the sessions", diags);
	sqlite3_finalize(st);
	return status;
}

int tm_teams_status(struct tm_gradebook *g, const struct tm_team_rules *rules,
		    struct tm_teams **out, struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	struct tm_teams *t = calloc(1, sizeof(*t));
	int status = check_rules(rules, diags);
	*out = NULL;
	if (status != TM_OK)
		goto cleanup;
	if (t == NULL) {
		status = tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
		goto cleanup;
	}
	bool held = false;
	status = has_held(g, &held, diags);
	if (status != TM_OK)
		goto cleanup;
	/* a file from before migration 11 (read, not migrated, by status): the
	 * local day each session was recorded, as the migration sets it */
	status = gb_prepare(g, held ? SESSIONS_SQL("held") :
			    SESSIONS_SQL("date(recorded, 'unixepoch', 'localtime')"), &st,
			    "read the sessions", diags);
	if (status != TM_OK)
		goto cleanup;
	int rc;
	while (status == TM_OK) {
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			break;
		if (add_session(t, st) != TM_OK)
			status = tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
	}
	if (status == TM_OK && rc != SQLITE_DONE)
		status = gb_error(g, rc, "read the sessions", diags);
	if (status != TM_OK)
		goto cleanup;
	t->status = calloc(t->n + 1, sizeof(*t->status));
	if (t->status == NULL) {
		status = tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
		goto cleanup;
	}
	for (size_t i = 0; i < t->n; i++)
		compute_phase(&t->acc[i], rules, &t->status[i]);
cleanup:
	sqlite3_finalize(st);
	if (status != TM_OK) {
		tm_teams_free(t);
		return status;
	}
	*out = t;
	return TM_OK;
}

void tm_teams_free(struct tm_teams *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->n; i++) {
		for (size_t j = 0; j < t->acc[i].n; j++) {
			free((char *)t->acc[i].sessions[j].exercise);
			free((char *)t->acc[i].sessions[j].name);
		}
		free(t->acc[i].sessions);
		free(t->acc[i].team);
	}
	free(t->acc);
	free(t->status);
	free(t);
}

size_t tm_teams_count(const struct tm_teams *t) { return t->n; }
const struct tm_team_status *tm_teams_get(const struct tm_teams *t, size_t i)
{
	return i < t->n ? &t->status[i] : NULL;
}
