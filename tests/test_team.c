/*
 * test_team.c: team maturity: sessions recorded with recall per severity, the
 * phase walk (observation -> review -> security-optional after N sessions in a
 * row), streaks broken by a weak session, rules stored and validated.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "tmengine.h"
#include "gradebook_fixture.h"


/* add-user-api: A01 critical, A02 high, A03 medium, A04 low */
static const char crit_high[] =
	"- anyone can set role=admin in the request and become an admin\n"
	"- the endpoint is unauthenticated\n";
static const char crit_high_medium[] =
	"- anyone can set role=admin in the request and become an admin\n"
	"- the endpoint is unauthenticated\n"
	"- SQL injection in the user name field\n";
static const char weak[] = "- the endpoint is unauthenticated\n";

struct fx {
	struct gb_fixture gb;
	const struct tm_exercise *ex;
	struct tm_teams *teams;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	gb_fixture_open(&f->gb);
	f->ex = tm_content_find_exercise(f->gb.content, "add-user-api");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	tm_teams_free(f->teams);
	gb_fixture_close(&f->gb);
	free(f);
	return 0;
}

static void record(struct fx *f, const char *team, const char *text)
{
	struct tm_diags d;
	tm_diags_init(&d);
	assert_int_equal(tm_team_record(f->gb.g, f->ex, team, "session.txt", text, strlen(text), true, NULL,
					NULL, &d), TM_OK);
	tm_diags_release(&d);
}

static const struct tm_team_status *status_of(struct fx *f, const char *team, int sessions,
					      double recall)
{
	struct tm_diags d;
	struct tm_team_rules rules = { sessions, recall };
	tm_diags_init(&d);
	tm_teams_free(f->teams);
	f->teams = NULL;
	assert_int_equal(tm_teams_status(f->gb.g, &rules, &f->teams, &d), TM_OK);
	tm_diags_release(&d);
	for (size_t i = 0; i < tm_teams_count(f->teams); i++)
		if (strcmp(tm_teams_get(f->teams, i)->team, team) == 0)
			return tm_teams_get(f->teams, i);
	return NULL;
}

static void test_record_counts_severities(void **state)
{
	struct fx *f = *state;
	struct tm_diags d;
	struct tm_team_session ss;
	tm_diags_init(&d);
	assert_int_equal(tm_team_record(f->gb.g, f->ex, "payments", "s1.txt", crit_high,
					strlen(crit_high), false, NULL, &ss, &d), TM_OK);
	assert_int_equal(ss.total[GRADER_SEV_CRITICAL], 1);
	assert_int_equal(ss.found[GRADER_SEV_CRITICAL], 1);
	assert_int_equal(ss.found[GRADER_SEV_HIGH], 1);
	assert_int_equal(ss.found[GRADER_SEV_MEDIUM], 0);
	assert_int_equal(ss.total[GRADER_SEV_MEDIUM], 1);
	assert_true(tm_team_session_recall(&ss, GRADER_SEV_MEDIUM) == 0);
	assert_true(tm_team_session_recall(&ss, GRADER_SEV_HIGH) == 1);
	assert_int_equal(tm_team_record(f->gb.g, f->ex, "", "s1.txt", crit_high, strlen(crit_high),
					false, NULL, NULL, &d), TM_EUSAGE);
	tm_diags_release(&d);
	/* a severity the key lacks counts as met */
	struct tm_team_session none = { 0 };
	assert_true(tm_team_session_recall(&none, GRADER_SEV_CRITICAL) == 1);
}

static void test_phases(void **state)
{
	struct fx *f = *state;
	const struct tm_team_status *st;
	assert_null(status_of(f, "payments", 2, 0.8));
	record(f, "payments", crit_high);
	st = status_of(f, "payments", 2, 0.8);
	assert_non_null(st);
	assert_int_equal(st->phase, TM_PHASE_OBSERVATION);
	assert_int_equal(st->streak, 1);
	record(f, "payments", weak);                 /* critical missed: streak broken */
	st = status_of(f, "payments", 2, 0.8);
	assert_int_equal(st->phase, TM_PHASE_OBSERVATION);
	assert_int_equal(st->streak, 0);
	record(f, "payments", crit_high);
	record(f, "payments", crit_high);
	st = status_of(f, "payments", 2, 0.8);
	assert_int_equal(st->phase, TM_PHASE_REVIEW);
	assert_int_equal(st->streak, 0);
	assert_int_equal(st->session_count, 4);
	record(f, "payments", crit_high_medium);
	record(f, "payments", crit_high);            /* medium missed: streak broken */
	st = status_of(f, "payments", 2, 0.8);
	assert_int_equal(st->phase, TM_PHASE_REVIEW);
	record(f, "payments", crit_high_medium);
	record(f, "payments", crit_high_medium);
	st = status_of(f, "payments", 2, 0.8);
	assert_int_equal(st->phase, TM_PHASE_SECURITY_OPTIONAL);
	/* stricter rules re-read the same history */
	st = status_of(f, "payments", 3, 0.8);
	assert_int_equal(st->phase, TM_PHASE_REVIEW);   /* 3 in a row: sessions 3-5 */
	assert_int_equal(st->streak, 2);                /* sessions 7-8 meet medium too */
	st = status_of(f, "payments", 5, 0.8);
	assert_int_equal(st->phase, TM_PHASE_REVIEW);   /* sessions 3-7 */
	assert_int_equal(st->streak, 1);
	st = status_of(f, "payments", 7, 0.8);          /* at most 6 in a row */
	assert_int_equal(st->phase, TM_PHASE_OBSERVATION);
	assert_int_equal(st->streak, 6);
	/* a recall of 0 makes every session count */
	st = status_of(f, "payments", 1, 0.0);
	assert_int_equal(st->phase, TM_PHASE_SECURITY_OPTIONAL);
	/* teams are separate */
	record(f, "mobile", crit_high);
	st = status_of(f, "mobile", 2, 0.8);
	assert_int_equal(st->phase, TM_PHASE_OBSERVATION);
	assert_int_equal(st->session_count, 1);
	assert_int_equal(tm_teams_count(f->teams), 2);
	assert_string_equal(tm_phase_name(TM_PHASE_SECURITY_OPTIONAL), "security-optional");
}

static void test_rules(void **state)
{
	struct fx *f = *state;
	struct tm_diags d;
	struct tm_team_rules r;
	tm_diags_init(&d);
	assert_int_equal(tm_team_rules_get(f->gb.g, &r, &d), TM_OK);
	assert_int_equal(r.sessions, TM_TEAM_DEFAULT_SESSIONS);
	assert_true(r.recall == TM_TEAM_DEFAULT_RECALL);
	r.sessions = 5;
	r.recall = 0.65;
	assert_int_equal(tm_team_rules_set(f->gb.g, &r, &d), TM_OK);
	memset(&r, 0, sizeof(r));
	assert_int_equal(tm_team_rules_get(f->gb.g, &r, &d), TM_OK);
	assert_int_equal(r.sessions, 5);
	assert_true(r.recall == 0.65);
	r.recall = 1.5;
	assert_int_equal(tm_team_rules_set(f->gb.g, &r, &d), TM_EUSAGE);
	r.recall = 0.5;
	r.sessions = 0;
	assert_int_equal(tm_team_rules_set(f->gb.g, &r, &d), TM_EUSAGE);
	assert_int_equal(tm_teams_status(f->gb.g, &r, &f->teams, &d), TM_EUSAGE);
	assert_int_equal(tm_team_rules_get(f->gb.g, &r, &d), TM_OK);
	assert_int_equal(r.sessions, 5);             /* the bad values were not stored */
	tm_diags_release(&d);
}

/* The same session content is counted once per team and exercise unless the
 * caller says it is a new session; empty lists and control characters in team
 * names are refused; nothing is stored for a refusal. */
static void test_record_refusals(void **state)
{
	struct fx *f = *state;
	struct tm_diags d;
	const struct tm_team_status *st;
	tm_diags_init(&d);
	assert_int_equal(tm_team_record(f->gb.g, f->ex, "payments", "s.txt", crit_high,
					strlen(crit_high), false, NULL, NULL, &d), TM_OK);
	assert_int_equal(tm_team_record(f->gb.g, f->ex, "payments", "s.txt", crit_high,
					strlen(crit_high), false, NULL, NULL, &d), TM_EINVALID);
	assert_non_null(strstr(d.items[d.count - 1].text, "already has this session"));
	/* another team may hand in the same words */
	assert_int_equal(tm_team_record(f->gb.g, f->ex, "mobile", "s.txt", crit_high,
					strlen(crit_high), false, NULL, NULL, &d), TM_OK);
	assert_int_equal(tm_team_record(f->gb.g, f->ex, "payments", "s.txt", crit_high,
					strlen(crit_high), true, NULL, NULL, &d), TM_OK);
	assert_int_equal(tm_team_record(f->gb.g, f->ex, "payments", "e.txt", "", 0, true, NULL, NULL,
					&d), TM_EINVALID);
	assert_int_equal(tm_team_record(f->gb.g, f->ex, "payments", "e.txt", "# only a heading\n",
					17, true, NULL, NULL, &d), TM_EINVALID);
	assert_int_equal(tm_team_record(f->gb.g, f->ex, "red\x1b]0;owned\a", "s.txt", weak,
					strlen(weak), true, NULL, NULL, &d), TM_EUSAGE);
	st = status_of(f, "payments", 3, 0.8);
	assert_int_equal(st->session_count, 2);
	assert_int_equal(tm_teams_count(f->teams), 2);
	tm_diags_release(&d);
}

/* Runs sql on the fixture's file through a connection of its own. */
static void exec_sql(struct fx *f, const char *sql)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(f->gb.path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static int record_once(struct fx *f, const char *team, const char *text, struct tm_diags *d)
{
	return tm_team_record(f->gb.g, f->ex, team, "s.txt", text, strlen(text), false, NULL, NULL, d);
}

/* A session is what is graded, not its bytes: the same threat lines with CR LF
 * line ends, an extra blank line, a heading or other list markers are the
 * session already recorded; other lines, or the same in another order, are
 * not; a session stored before the lines were hashed is still found by its
 * bytes. */
static void test_same_session_by_lines(void **state)
{
	struct fx *f = *state;
	struct tm_diags d;
	tm_diags_init(&d);
	assert_int_equal(record_once(f, "payments", crit_high, &d), TM_OK);
	static const char *const same[] = {
		"- anyone can set role=admin in the request and become an admin\r\n"
		"- the endpoint is unauthenticated\r\n",
		"- anyone can set role=admin in the request and become an admin\n"
		"- the endpoint is unauthenticated\n\n",
		"# Session 2026-11-20\n\n"
		"- anyone can set role=admin in the request and become an admin\n"
		"- the endpoint is unauthenticated\n",
		"* anyone can set role=admin in the request and become an admin\n"
		"* the endpoint is unauthenticated",
	};
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		assert_int_equal(record_once(f, "payments", same[i], &d), TM_EINVALID);
		assert_non_null(strstr(d.items[d.count - 1].text, "already has this session"));
	}
	assert_int_equal(record_once(f, "payments",
				     "- the endpoint is unauthenticated\n"
				     "- anyone can set role=admin in the request and become an admin\n",
				     &d), TM_OK);
	assert_int_equal(status_of(f, "payments", 3, 0.8)->session_count, 2);
	/* a row from before migration 10: no lines hash, found by its bytes */
	exec_sql(f, "UPDATE team_sessions SET lines_hash = ''");
	assert_int_equal(record_once(f, "payments", crit_high, &d), TM_EINVALID);
	assert_int_equal(record_once(f, "payments", same[0], &d), TM_OK);
	assert_int_equal(record_once(f, "payments", same[1], &d), TM_EINVALID);
	assert_int_equal(status_of(f, "payments", 3, 0.8)->session_count, 3);
	tm_diags_release(&d);
}

static int record_held(struct fx *f, const char *team, const char *text, const char *held,
		       struct tm_diags *d)
{
	return tm_team_record(f->gb.g, f->ex, team, "s.txt", text, strlen(text), true, held, NULL,
			      d);
}

/* Sessions count in the order they were held (--date), then as recorded: a
 * weak session back-filled as the oldest does not break the streak of the
 * sessions held after it; malformed and future days are refused; rows from
 * before migration 11 take the day they were recorded. */
static void test_sessions_by_day_held(void **state)
{
	struct fx *f = *state;
	struct tm_diags d;
	const struct tm_team_status *st;
	tm_diags_init(&d);
	assert_int_equal(record_held(f, "payments", crit_high, "2026-03-10", &d), TM_OK);
	assert_int_equal(record_held(f, "payments", crit_high, "2026-03-12", &d), TM_OK);
	assert_int_equal(record_held(f, "payments", weak, "2026-03-01", &d), TM_OK);
	st = status_of(f, "payments", 3, 0.8);
	assert_int_equal(st->session_count, 3);
	assert_string_equal(st->sessions[0].held, "2026-03-01");
	assert_int_equal(st->sessions[0].id, 3);
	assert_string_equal(st->sessions[2].held, "2026-03-12");
	assert_int_equal(st->streak, 2);
	/* the same day: as recorded */
	assert_int_equal(record_held(f, "payments", weak, "2026-03-12", &d), TM_OK);
	st = status_of(f, "payments", 3, 0.8);
	assert_int_equal(st->sessions[3].id, 4);
	assert_int_equal(st->streak, 0);
	static const char *const bad[] = { "2026-3-01", "2026-02-30", "2025-02-29", "2026-13-01",
					   "20260301", "2026-03-01x", "", "9999-12-31" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(record_held(f, "payments", crit_high, bad[i], &d), TM_EUSAGE);
		assert_int_equal(tm_team_check_date(bad[i], &d), TM_EUSAGE);
	}
	assert_non_null(strstr(d.items[d.count - 1].text, "in the future"));
	assert_int_equal(tm_team_check_date("2024-02-29", &d), TM_OK);
	/* no date: today, the day before or after the record (it may cross midnight) */
	char before[11], after[11];
	time_t t = time(NULL);
	strftime(before, sizeof(before), "%Y-%m-%d", localtime(&t));
	assert_int_equal(record_held(f, "mobile", crit_high, NULL, &d), TM_OK);
	t = time(NULL);
	strftime(after, sizeof(after), "%Y-%m-%d", localtime(&t));
	st = status_of(f, "mobile", 3, 0.8);
	if (strcmp(st->sessions[0].held, before) != 0)
		assert_string_equal(st->sessions[0].held, after);
	assert_int_equal(status_of(f, "payments", 3, 0.8)->session_count, 4);
	tm_diags_release(&d);
}

/* Each session says which bar it was judged against (observation reads
 * critical and high, review medium too) and whether it met it, so that a
 * listing marks only what the bar reads; a severity the key lacks has no
 * recall to show (tm_team_session_has()). */
static void test_judged_bar(void **state)
{
	struct fx *f = *state;
	const struct tm_team_status *st;
	record(f, "payments", crit_high);
	record(f, "payments", crit_high);
	record(f, "payments", crit_high);
	st = status_of(f, "payments", 1, 0.8);
	assert_int_equal(st->phase, TM_PHASE_REVIEW);
	assert_int_equal(st->sessions[0].judged, TM_PHASE_OBSERVATION);
	assert_int_equal(st->sessions[0].bar, GRADER_SEV_HIGH);
	assert_true(st->sessions[0].met);
	assert_int_equal(st->sessions[1].judged, TM_PHASE_REVIEW);
	assert_int_equal(st->sessions[1].bar, GRADER_SEV_MEDIUM);
	assert_false(st->sessions[1].met);
	st = status_of(f, "payments", 1, 0.0);
	assert_int_equal(st->phase, TM_PHASE_SECURITY_OPTIONAL);
	assert_int_equal(st->sessions[2].bar, GRADER_SEV_NONE);   /* not judged */
	assert_true(tm_team_session_has(&st->sessions[0], GRADER_SEV_CRITICAL));
	struct tm_team_session none = { 0 };
	assert_false(tm_team_session_has(&none, GRADER_SEV_CRITICAL));
	assert_false(tm_team_session_has(&none, GRADER_SEV_NONE));
}

/* A new team's name is not blank and has no leading or trailing blank; a
 * team the gradebook holds keeps its name; a session or a team is removed
 * whole, an unknown one refused with nothing removed. */
static void test_names_and_removal(void **state)
{
	struct fx *f = *state;
	struct tm_diags d;
	tm_diags_init(&d);
	assert_int_equal(record_once(f, "payments ", crit_high, &d), TM_EUSAGE);
	assert_non_null(strstr(d.items[d.count - 1].text, "give it as 'payments'"));
	assert_int_equal(record_once(f, "   ", crit_high, &d), TM_EUSAGE);
	assert_int_equal(record_once(f, "\xc2\xa0ops", crit_high, &d), TM_EUSAGE);
	assert_int_equal(tm_team_check_new_name("a b", &d), TM_OK);
	assert_int_equal(tm_team_check_new_name(" a ", &d), TM_EUSAGE);
	assert_non_null(strstr(d.items[d.count - 1].text, "leading and trailing blanks; give it as 'a'"));
	assert_null(status_of(f, "payments ", 3, 0.8));
	/* a name stored before the rule is still recorded into */
	record(f, "mobile", crit_high);
	exec_sql(f, "UPDATE team_sessions SET team = 'mobile '");
	assert_int_equal(record_once(f, "mobile ", weak, &d), TM_OK);
	assert_int_equal(status_of(f, "mobile ", 3, 0.8)->session_count, 2);
	record(f, "payments", crit_high);
	record(f, "payments", weak);
	const struct tm_team_status *st = status_of(f, "payments", 3, 0.8);
	long long first = st->sessions[0].id;
	assert_int_equal(tm_team_remove_session(f->gb.g, 999, &d), TM_EINVALID);
	assert_non_null(strstr(d.items[d.count - 1].text, "no team session #999"));
	assert_int_equal(tm_team_remove_session(f->gb.g, first, &d), TM_OK);
	assert_int_equal(tm_team_remove_session(f->gb.g, first, &d), TM_EINVALID);
	st = status_of(f, "payments", 3, 0.8);
	assert_int_equal(st->session_count, 1);
	assert_int_equal(st->streak, 0);               /* only the weak one is left */
	size_t n = 99;
	assert_int_equal(tm_team_remove(f->gb.g, "paymnets", &n, &d), TM_EINVALID);
	assert_int_equal(n, 0);
	assert_int_equal(tm_team_remove(f->gb.g, "mobile ", &n, &d), TM_OK);
	assert_int_equal(n, 2);
	assert_null(status_of(f, "mobile ", 3, 0.8));
	assert_int_equal(tm_teams_count(f->teams), 1);
	tm_diags_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_record_counts_severities, setup, teardown),
		cmocka_unit_test_setup_teardown(test_phases, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_session_by_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sessions_by_day_held, setup, teardown),
		cmocka_unit_test_setup_teardown(test_judged_bar, setup, teardown),
		cmocka_unit_test_setup_teardown(test_names_and_removal, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
