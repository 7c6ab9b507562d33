/*
 * cmd_team.c: `tmdojo team`, team maturity: record graded live threat-modeling
 * sessions per team, show each team's phase (observation, review,
 * security-optional) with the evidence, and set the rules that move teams on.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "json.h"
#include "render.h"

int cmd_team(int argc, char **argv);

static const char team_usage[] =
	"usage: tmdojo team record TEAM --exercise ID [--again] [--date YYYY-MM-DD] SUBMISSION\n"
	"       tmdojo team status [--json] [--sessions N] [--recall R]\n"
	"       tmdojo team config [--sessions N] [--recall R]\n"
	"       tmdojo team sessions [--json] TEAM\n"
	"       tmdojo team remove --session ID | --team NAME\n"
	"\n"
	"record  grades a live session's threat list against the exercise's key and\n"
	"        records it for TEAM ('-' reads standard input). The same threat lines\n"
	"        (as graded: line ends, blank lines, headings and list markers aside)\n"
	"        already recorded for TEAM on that exercise are refused (exit 2), unless\n"
	"        --again says it is a new session; so is an empty threat list. Team\n"
	"        names cannot hold control characters; a new team's name cannot be\n"
	"        blank or start or end with a blank, and record says it created the\n"
	"        team, with the closest existing name (a typo makes a new team), and\n"
	"        warns about a combining accent in it. --date gives the day the\n"
	"        session was held (default today; not in the future): sessions count\n"
	"        in the order held, so one recorded late takes its place\n"
	"status  each team's phase and the evidence: its last N sessions (number,\n"
	"        day held) with recall per severity. A team starts in observation;\n"
	"        N sessions in a row with critical and high recall >= R move it to\n"
	"        review; N more in a row where medium recall also reaches R move it\n"
	"        to security-optional. A severity the key lacks counts as met and\n"
	"        shows as '-' (here and in record's line; a null recall in JSON);\n"
	"        '(below)' marks a severity the session's bar reads that missed R.\n"
	"        --sessions and --recall override the stored rules for this run\n"
	"config  stores the rules (defaults: 3 sessions, recall 0.8) and prints them,\n"
	"        with each team the new rules move (from -> to): phases are judged\n"
	"        from a team's whole history under the current rules, so new rules\n"
	"        re-judge every team\n"
	"sessions  every session of TEAM, by day held, with its number\n"
	"remove  removes one session (--session, its number as status and sessions\n"
	"        show it) or a team with all its sessions (--team), in one\n"
	"        transaction; an unknown number or team is refused (exit 2)\n"
	"Short options: -e (--exercise), -a (--again), -d (--date), -s (--sessions;\n"
	"--session for remove), -r (--recall), -j (--json), -t (--team).\n";

static const enum grader_severity shown_sev[3] = {
	GRADER_SEV_CRITICAL, GRADER_SEV_HIGH, GRADER_SEV_MEDIUM
};

/* "high 7/9" for severity sev of a session, "critical -" when its key has
 * none of sev, as record and status print it; with " (below)" when mark
 * and the recall misses the threshold recall. Returns out. */
static const char *severity_figure(const struct tm_team_session *ss, enum grader_severity sev,
				   bool mark, double recall, char *out, size_t size)
{
	if (!tm_team_session_has(ss, sev))
		snprintf(out, size, "%s -", grader_severity_name(sev));
	else
		snprintf(out, size, "%s %d/%d%s", grader_severity_name(sev), ss->found[sev],
			 ss->total[sev],
			 mark && tm_team_session_recall(ss, sev) < recall ? " (below)" : "");
	return out;
}

/* ==== known teams ============================================================================ */

/* Every team with its sessions under the stored rules (tm_teams_status());
 * says why not, prefixed by cmd, and returns NULL. Caller frees with
 * tm_teams_free(). */
static struct tm_teams *load_teams(const char *cmd, struct tm_gradebook *g)
{
	struct tm_diags d;
	struct tm_team_rules rules;
	struct tm_teams *t = NULL;
	tm_diags_init(&d);
	if (tm_team_rules_get(g, &rules, &d) != TM_OK || tm_teams_status(g, &rules, &t, &d) != TM_OK)
		tools_print_diags_for(cmd, &d);
	tm_diags_release(&d);
	return t;
}

/* The status of team in t, NULL when t holds no session of it. */
static const struct tm_team_status *find_team(const struct tm_teams *t, const char *team)
{
	for (size_t i = 0; t != NULL && i < tm_teams_count(t); i++)
		if (strcmp(tm_teams_get(t, i)->team, team) == 0)
			return tm_teams_get(t, i);
	return NULL;
}

/* " (did you mean 'NAME'?)" into buf for the team of t closest to team, ""
 * when none is. Returns buf. */
static const char *suggest_team(const struct tm_teams *t, const char *team, char *buf,
				size_t size)
{
	size_t n = t != NULL ? tm_teams_count(t) : 0;
	const char **names = calloc(n + 1, sizeof(*names));
	for (size_t i = 0; names != NULL && i < n; i++)
		names[i] = tm_teams_get(t, i)->team;
	tools_did_you_mean(team, names, names != NULL ? n : 0, buf, size);
	free(names);
	return buf;
}

/* Says that t holds no team named team, prefixed by cmd, with the closest
 * name and the teams there are: a mistyped name is not an empty team. */
static void unknown_team(const char *cmd, const struct tm_teams *t, const char *team)
{
	char safe[512], hint[600];
	size_t n = tm_teams_count(t);
	fprintf(stderr, "%s: no team '%s'%s; ", cmd, tools_printable(team, safe, sizeof(safe)),
		suggest_team(t, team, hint, sizeof(hint)));
	if (n == 0) {
		fprintf(stderr, "no team has a session yet ('tmdojo team record' records one)\n");
		return;
	}
	fprintf(stderr, "the team%s %s: ", n == 1 ? "" : "s", n == 1 ? "is" : "are");
	for (size_t i = 0; i < n && i < 10; i++)
		fprintf(stderr, "%s'%s'", i > 0 ? ", " : "",
			tools_printable(tm_teams_get(t, i)->team, safe, sizeof(safe)));
	if (n > 10)
		fprintf(stderr, " and %zu more ('tmdojo team status' shows them)", n - 10);
	fputc('\n', stderr);
}

/* Says that team record created team, with the closest existing name (a
 * mistyped name makes a new team, which the trainer should hear about at
 * once), and warns about a combining accent in it. */
static void note_new_team(const char *team, const char *hint)
{
	char safe[512];
	unsigned mark = tools_combining_mark(team);
	fprintf(stderr, "tmdojo team record: created the new team '%s'%s; 'tmdojo team status' "
		"shows the teams\n", tools_printable(team, safe, sizeof(safe)), hint);
	if (mark != 0)
		fprintf(stderr, "tmdojo team record: warning: the team name '%s' has a combining "
			"accent (U+%04X, a decomposed character as macOS writes them): the same "
			"name typed with precomposed characters counts as a different team; "
			"'tmdojo team remove --team' removes this one, record it again with the "
			"accented letters precomposed (each typed as one character) to avoid it\n",
			safe, mark);
}

/* ==== record ================================================================================ */

static int team_record(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "exercise", required_argument, NULL, 'e' },
		{ "again", no_argument, NULL, 'a' },
		{ "date", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *exercise = NULL, *held = NULL;
	bool again = false;
	int c, status = EXIT_BAD_INPUT;
	optind = 1;
	for (;;) {
		c = getopt_long(argc, argv, "e:ad:h", opts, NULL);
		if (c == -1)
			break;
		if (c == 'e')
			exercise = optarg;
		else if (c == 'd')
			held = optarg;
		else if (c == 'a')
			again = true;
		else {
			fputs(team_usage, c == 'h' ? stdout : stderr);
			return c == 'h' ? 0 : EXIT_BAD_INPUT;
		}
	}
	if (exercise == NULL || argc - optind != 2) {
		fprintf(stderr, "tmdojo team record: %s\n%s", exercise == NULL ?
			"--exercise is required" : "give TEAM and one SUBMISSION", team_usage);
		return EXIT_BAD_INPUT;
	}
	const char *team = argv[optind], *path = argv[optind + 1];
	struct tm_diags d;
	tm_diags_init(&d);
	if (held != NULL && tm_team_check_date(held, &d) != TM_OK) {
		fprintf(stderr, "tmdojo team record: --date: %s\n", d.items[0].text);
		tm_diags_release(&d);
		return EXIT_BAD_INPUT;
	}
	struct tm_store *store = NULL;
	struct tm_gradebook *g = NULL;
	struct tm_team_session ss;
	struct tm_teams *teams = NULL;
	char *buf = NULL, hint[600];
	size_t len = 0;
	struct tm_content *content = tools_load_content();
	const struct tm_exercise *ex = NULL;
	if (content == NULL)
		goto cleanup;
	ex = tm_content_find_exercise(content, exercise);
	if (ex == NULL) {
		fprintf(stderr, "tmdojo team record: no exercise '%s'; 'tmdojo list' shows them\n",
			exercise);
		goto cleanup;
	}
	if (tools_read_submission(path, &buf, &len, &d) != TM_OK) {
		tools_print_diags_for("tmdojo team record", &d);
		goto cleanup;
	}
	g = tools_open_gradebook(&store, true);
	if (g == NULL)
		goto cleanup;
	teams = load_teams("tmdojo team record", g);
	if (teams == NULL)
		goto cleanup;
	bool new_team = find_team(teams, team) == NULL;
	suggest_team(teams, team, hint, sizeof(hint));
	if (tm_team_record(g, ex, team, path, buf, len, again, held, &ss, &d) != TM_OK) {
		tools_print_diags_for("tmdojo team record", &d);
		goto cleanup;
	}
	tools_note_stored("the session was recorded all the same ('tmdojo team sessions' lists it)");
	if (new_team)
		note_new_team(team, hint);
	tools_warn_lines("", path, ss.truncated, ss.dropped);
	/* recorded all the same, as grade grades it: the first hit, and how many */
	if (ss.limits > 0) {
		char safe_p[512], safe_p2[512], safe_k[512];

		tools_warn_limit(tm_exercise_key_file(ex), tm_exercise_key(ex), path, ss.limit_line,
				 ss.limit_threat, ss.limit_pattern);
		if (ss.limits > 1)
			fprintf(stderr, "%s: warning: %zu more pattern evaluation(s) stopped at the "
				"grader's match limit ('tmdojo grade --key %s %s' lists them)\n",
				tools_printable(path, safe_p, sizeof(safe_p)), ss.limits - 1,
				tools_printable(tm_exercise_key_file(ex), safe_k, sizeof(safe_k)),
				tools_printable(path, safe_p2, sizeof(safe_p2)));
	}
	char safe[512];
	printf("recorded a session of team '%s' on '%s' (#%lld, held %s): score %.1f%%",
	       tools_printable(team, safe, sizeof(safe)), exercise, ss.id, ss.held, ss.score);
	for (int k = 0; k < 3; k++) {
		char fig[64];
		printf(", %s", severity_figure(&ss, shown_sev[k], false, 0, fig, sizeof(fig)));
	}
	printf("\n");
	status = 0;
cleanup:
	free(buf);
	tm_teams_free(teams);
	tm_diags_release(&d);
	tm_gradebook_close(g);
	tm_store_close(store);
	tm_content_free(content);
	return status;
}

/* ==== status ================================================================================= */

/* The recall threshold as stored: the shortest decimal that reads back as it
 * (0.751, not a rounded 0.75 that hides why a team stays where it is). */
static const char *recall_text(double v, char *out, size_t size)
{
	for (int digits = 1; digits <= 17; digits++) {
		snprintf(out, size, "%.*g", digits, v);
		if (strtod(out, NULL) == v)
			break;
	}
	return out;
}

/* One recorded session: its number, day held, exercise, score, then found/total
 * per shown severity, in columns on one row; on two rows (the number, day and
 * exercise, then the figures under it
 * separated by commas) when the row is wider than width (0: no limit). */
static void session_row(int width, const struct tm_team_session *ss,
			const struct tm_team_rules *rules)
{
	char ex[256], row[600], sep[3][64];
	size_t n;
	tools_printable(ss->exercise, ex, sizeof(ex));
	/* the measured recall as found/total, and whether it met the threshold,
	 * so 0.75 against 0.751 shows as the miss it is; marked only for the
	 * severities the bar the session was judged against reads */
	for (int s = 0; s < 3; s++)
		severity_figure(ss, shown_sev[s], ss->bar != GRADER_SEV_NONE &&
				shown_sev[s] >= ss->bar, rules->recall, sep[s], sizeof(sep[s]));
	n = (size_t)snprintf(row, sizeof(row), "  #%-4lld %s  %-20s score %5.1f%%  %s  %s  %s",
			     ss->id, ss->held, ex, ss->score, sep[0], sep[1], sep[2]);
	if (width <= 0 || (n < sizeof(row) && render_display_width(row, n) <= (size_t)width)) {
		printf("%s\n", row);
		return;
	}
	printf("  #%lld %s %s\n", ss->id, ss->held, ex);
	snprintf(row, sizeof(row), "score %.1f%%, %s, %s, %s", ss->score, sep[0], sep[1], sep[2]);
	render_hanging(stdout, width, "      ", row);
}

/* "payments: review (4 sessions; 1 of 3 in a row toward security-optional)" */
static void team_line(const struct tm_team_status *st, const struct tm_team_rules *rules,
		      int width)
{
	char safe[512], toward[200] = "", line[800];
	if (st->phase != TM_PHASE_SECURITY_OPTIONAL)
		snprintf(toward, sizeof(toward), "; %d of %d in a row toward %s", st->streak,
			 rules->sessions, tm_phase_name(st->phase + 1));
	snprintf(line, sizeof(line), "%s: %s (%zu session%s%s)",
		 tools_printable(st->team, safe, sizeof(safe)), tm_phase_name(st->phase),
		 st->session_count, st->session_count == 1 ? "" : "s", toward);
	render_hanging(stdout, width, "", line);
}

static void status_text(const struct tm_teams *t, const struct tm_team_rules *rules, int width)
{
	char rtext[32], line[1200];
	snprintf(line, sizeof(line), "rules: %d session%s in a row with recall >= %s (observation "
		 "-> review: critical and high; review -> security-optional: critical, high and "
		 "medium)", rules->sessions, rules->sessions == 1 ? "" : "s",
		 recall_text(rules->recall, rtext, sizeof(rtext)));
	render_hanging(stdout, width, "", line);
	if (tm_teams_count(t) == 0)
		render_hanging(stdout, width, "", "no sessions recorded yet; use 'tmdojo team record'");
	for (size_t i = 0; i < tm_teams_count(t); i++) {
		const struct tm_team_status *st = tm_teams_get(t, i);
		printf("\n");
		team_line(st, rules, width);
		size_t from = st->session_count > (size_t)rules->sessions ?
			st->session_count - (size_t)rules->sessions : 0;
		for (size_t k = from; k < st->session_count; k++)
			session_row(width, &st->sessions[k], rules);
	}
}

/* A session as a JSON object: its number, day held, exercise, file, when
 * recorded, score, its figures per severity as found, total and recall maps (recall
 * null where the key has none of a severity (the bar counts it as met, but
 * it is no score); then the bar it was judged against, if it was. */
static void session_json(struct json *j, const struct tm_team_session *ss)
{
	static const char *const maps[3] = { "found", "total", "recall" };
	json_object(j);
	json_kv_int(j, "id", (long)ss->id);
	json_kv_string(j, "date", ss->held);
	json_kv_string(j, "exercise", ss->exercise);
	json_kv_string(j, "submission", ss->name);
	json_kv_int(j, "recorded", (long)ss->recorded);
	json_kv_number(j, "score", ss->score);
	for (int m = 0; m < 3; m++) {
		json_key(j, maps[m]);
		json_object(j);
		for (int s = GRADER_SEV_CRITICAL; s >= GRADER_SEV_LOW; s--) {
			enum grader_severity sev = (enum grader_severity)s;
			json_key(j, grader_severity_name(sev));
			if (m == 0)
				json_int(j, ss->found[sev]);
			else if (m == 1)
				json_int(j, ss->total[sev]);
			else if (tm_team_session_has(ss, sev))
				json_number(j, tm_team_session_recall(ss, sev));
			else
				json_null(j);
		}
		json_end(j);
	}
	json_key(j, "judged");
	if (ss->bar == GRADER_SEV_NONE) {
		json_null(j);
	} else {
		json_object(j);
		json_kv_string(j, "phase", tm_phase_name(ss->judged));
		json_kv_string(j, "lowest", grader_severity_name(ss->bar));
		json_kv_bool(j, "met", ss->met);
		json_end(j);
	}
	json_end(j);
}

static void status_json(const struct tm_teams *t, const struct tm_team_rules *rules)
{
	struct json j;
	json_init(&j, stdout);
	json_object(&j);
	json_key(&j, "rules");
	json_object(&j);
	json_kv_int(&j, "sessions", rules->sessions);
	json_kv_number(&j, "recall", rules->recall);
	json_end(&j);
	json_key(&j, "teams");
	json_array(&j);
	for (size_t i = 0; i < tm_teams_count(t); i++) {
		const struct tm_team_status *st = tm_teams_get(t, i);
		json_object(&j);
		json_kv_string(&j, "team", st->team);
		json_kv_string(&j, "phase", tm_phase_name(st->phase));
		json_kv_int(&j, "streak", st->streak);
		json_kv_int(&j, "sessions", (long)st->session_count);
		json_key(&j, "evidence");
		json_array(&j);
		size_t from = st->session_count > (size_t)rules->sessions ?
			st->session_count - (size_t)rules->sessions : 0;
		for (size_t k = from; k < st->session_count; k++) {
			const struct tm_team_session *ss = &st->sessions[k];
			session_json(&j, ss);
		}
		json_end(&j);
		json_end(&j);
	}
	json_end(&j);
	json_end(&j);
	json_finish(&j);
}

/* Reads --sessions / --recall over the stored rules. Returns 0, or the exit status. */
static int parse_rules(int argc, char **argv, struct tm_team_rules *rules, bool *as_json,
		       bool *changed)
{
	static const struct option opts[] = {
		{ "sessions", required_argument, NULL, 's' },
		{ "recall", required_argument, NULL, 'r' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	char *end = NULL;
	optind = 1;
	for (;;) {
		c = getopt_long(argc, argv, "s:r:jh", opts, NULL);
		if (c == -1)
			break;
		if (c == 's') {
			long v = strtol(optarg, &end, 10);
			if (*end != '\0' || v < 1 || v > 1000) {
				fprintf(stderr, "tmdojo team: --sessions must be a whole number from 1 "
					"to 1000, not '%s'\n", optarg);
				return EXIT_BAD_INPUT;
			}
			rules->sessions = (int)v;
			*changed = true;
		} else if (c == 'r') {
			double v;

			if (!tools_parse_number(optarg, 0, 1, &v)) {
				fprintf(stderr, "tmdojo team: --recall must be between 0 and 1, not '%s'\n",
					optarg);
				return EXIT_BAD_INPUT;
			}
			rules->recall = v;
			*changed = true;
		} else if (c == 'j' && as_json != NULL) {
			*as_json = true;
		} else if (c == 'j') {
			fprintf(stderr, "tmdojo team config: --json is for 'team status'; config "
				"prints its rules as text\n%s", team_usage);
			return EXIT_BAD_INPUT;
		} else {
			fputs(team_usage, c == 'h' ? stdout : stderr);
			return c == 'h' ? -1 : EXIT_BAD_INPUT;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "tmdojo team: unexpected argument '%s'\n%s", argv[optind], team_usage);
		return EXIT_BAD_INPUT;
	}
	return 0;
}

/* Says which teams the new rules move, from their phase in before to the
 * one in after (phases are judged from the whole history under the rules of
 * the day, so new rules re-judge every team), or that none moves. */
static void print_moves(const struct tm_teams *before, const struct tm_teams *after)
{
	size_t moved = 0;
	char safe[512];
	for (size_t i = 0; i < tm_teams_count(after); i++) {
		const struct tm_team_status *now = tm_teams_get(after, i);
		const struct tm_team_status *was = find_team(before, now->team);
		if (was == NULL || was->phase == now->phase)
			continue;
		if (moved++ == 0)
			printf("teams the new rules move (judged again from all their sessions):\n");
		printf("  %s: %s -> %s\n", tools_printable(now->team, safe, sizeof(safe)),
		       tm_phase_name(was->phase), tm_phase_name(now->phase));
	}
	if (moved == 0 && tm_teams_count(after) > 0)
		printf("no team changes phase under the new rules\n");
}

static int team_status(int argc, char **argv, bool configure)
{
	struct tm_diags d;
	struct tm_store *store = NULL;
	struct tm_team_rules rules, stored;
	struct tm_teams *t = NULL;
	bool as_json = false, changed = false;
	int status = EXIT_BAD_INPUT;
	tm_diags_init(&d);
	struct tm_gradebook *g = tools_open_gradebook(&store, configure);
	if (g == NULL)
		return EXIT_BAD_INPUT;
	if (tm_team_rules_get(g, &rules, &d) != TM_OK) {
		tools_print_diags(&d);
		goto cleanup;
	}
	stored = rules;
	int rc = parse_rules(argc, argv, &rules, configure ? NULL : &as_json, &changed);
	if (rc != 0) {
		status = rc < 0 ? 0 : rc;
		goto cleanup;
	}
	if (configure) {
		struct tm_teams *before = NULL;
		/* the phases under the rules stored so far, to say which ones move */
		if (changed && (tm_teams_status(g, &stored, &before, &d) != TM_OK ||
				tm_team_rules_set(g, &rules, &d) != TM_OK ||
				tm_teams_status(g, &rules, &t, &d) != TM_OK)) {
			tm_teams_free(before);
			tools_print_diags(&d);
			goto cleanup;
		}
		if (changed)
			tools_note_stored("the rules were saved all the same");
		char rtext[32];
		printf("team rules: %d session%s in a row, recall >= %s%s\n", rules.sessions,
		       rules.sessions == 1 ? "" : "s", recall_text(rules.recall, rtext, sizeof(rtext)),
		       changed ? " (saved)" : "");
		if (changed)
			print_moves(before, t);
		tm_teams_free(before);
		status = 0;
		goto cleanup;
	}
	if (tm_teams_status(g, &rules, &t, &d) != TM_OK) {
		tools_print_diags(&d);
		goto cleanup;
	}
	if (as_json)
		status_json(t, &rules);
	else
		status_text(t, &rules, tools_text_width());
	status = 0;
cleanup:
	tm_teams_free(t);
	tm_diags_release(&d);
	tm_gradebook_close(g);
	tm_store_close(store);
	return status;
}

/* ==== sessions, remove ======================================================================== */

static int team_sessions(int argc, char **argv)
{
	const char *cmd = "tmdojo team sessions";
	bool as_json = false;
	int status = EXIT_BAD_INPUT;
	int done = tools_json_only_opts(argc, argv, team_usage, &as_json);
	if (done >= 0)
		return done;
	if (argc - optind != 1) {
		fprintf(stderr, "%s: give one TEAM\n%s", cmd, team_usage);
		return EXIT_BAD_INPUT;
	}
	struct tm_store *store = NULL;
	struct tm_team_rules rules;
	struct tm_diags d;
	struct tm_teams *t = NULL;
	const struct tm_team_status *st = NULL;
	tm_diags_init(&d);
	struct tm_gradebook *g = tools_open_gradebook(&store, false);
	if (g == NULL)
		goto cleanup;
	if (tm_team_rules_get(g, &rules, &d) != TM_OK || tm_teams_status(g, &rules, &t, &d) != TM_OK) {
		tools_print_diags_for(cmd, &d);
		goto cleanup;
	}
	st = find_team(t, argv[optind]);
	if (st == NULL) {
		unknown_team(cmd, t, argv[optind]);
		goto cleanup;
	}
	if (as_json) {
		struct json j;
		json_init(&j, stdout);
		json_object(&j);
		json_kv_string(&j, "team", st->team);
		json_kv_string(&j, "phase", tm_phase_name(st->phase));
		json_kv_int(&j, "streak", st->streak);
		json_key(&j, "sessions");
		json_array(&j);
		for (size_t k = 0; k < st->session_count; k++)
			session_json(&j, &st->sessions[k]);
		json_end(&j);
		json_end(&j);
		json_finish(&j);
	} else {
		int width = tools_text_width();
		team_line(st, &rules, width);
		for (size_t k = 0; k < st->session_count; k++)
			session_row(width, &st->sessions[k], &rules);
	}
	status = 0;
cleanup:
	tm_teams_free(t);
	tm_diags_release(&d);
	tm_gradebook_close(g);
	tm_store_close(store);
	return status;
}

/* The session numbered id in t, and its team into *team; NULL when none. */
static const struct tm_team_session *find_session(const struct tm_teams *t, long long id,
						  const char **team)
{
	for (size_t i = 0; i < tm_teams_count(t); i++) {
		const struct tm_team_status *st = tm_teams_get(t, i);
		for (size_t k = 0; k < st->session_count; k++)
			if (st->sessions[k].id == id) {
				*team = st->team;
				return &st->sessions[k];
			}
	}
	return NULL;
}

/* Removes the session numbered by text from g (its team and day said). */
static int remove_session(const char *cmd, struct tm_gradebook *g, const struct tm_teams *t,
			  const char *text)
{
	struct tm_diags d;
	char *end = NULL, safe[512], ex[256];
	const char *team = NULL;
	long long id = strtoll(text[0] == '#' ? text + 1 : text, &end, 10);
	const struct tm_team_session *ss = NULL;
	if (*end != '\0' || end == text || id < 1) {
		fprintf(stderr, "%s: --session takes a session number as 'tmdojo team status' and "
			"'tmdojo team sessions TEAM' show it (#12 or 12), not '%s'\n", cmd,
			tools_printable(text, safe, sizeof(safe)));
		return EXIT_BAD_INPUT;
	}
	ss = find_session(t, id, &team);
	if (ss == NULL) {
		fprintf(stderr, "%s: no team session #%lld; 'tmdojo team sessions TEAM' lists a "
			"team's sessions with their numbers\n", cmd, id);
		return EXIT_BAD_INPUT;
	}
	tm_diags_init(&d);
	int rc = tm_team_remove_session(g, id, &d);
	if (rc != TM_OK)
		tools_print_diags_for(cmd, &d);
	else
		tools_note_stored("the session was removed all the same");
	if (rc == TM_OK)
		printf("removed session #%lld of team '%s' (%s, held %s)\n", id,
		       tools_printable(team, safe, sizeof(safe)),
		       tools_printable(ss->exercise, ex, sizeof(ex)), ss->held);
	tm_diags_release(&d);
	return rc == TM_OK ? 0 : EXIT_BAD_INPUT;
}

/* Removes every session of team from g. */
static int remove_team(const char *cmd, struct tm_gradebook *g, const struct tm_teams *t,
		       const char *team)
{
	struct tm_diags d;
	char safe[512];
	size_t n = 0;
	if (find_team(t, team) == NULL) {
		unknown_team(cmd, t, team);
		return EXIT_BAD_INPUT;
	}
	tm_diags_init(&d);
	int rc = tm_team_remove(g, team, &n, &d);
	if (rc != TM_OK)
		tools_print_diags_for(cmd, &d);
	else
		tools_note_stored("the team was removed all the same");
	if (rc == TM_OK)
		printf("removed team '%s' and its %zu session%s\n",
		       tools_printable(team, safe, sizeof(safe)), n, n == 1 ? "" : "s");
	tm_diags_release(&d);
	return rc == TM_OK ? 0 : EXIT_BAD_INPUT;
}

static int team_remove(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "session", required_argument, NULL, 's' },
		{ "team", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *cmd = "tmdojo team remove", *session = NULL, *team = NULL;
	int c, status = EXIT_BAD_INPUT;
	optind = 1;
	for (;;) {
		c = getopt_long(argc, argv, "s:t:h", opts, NULL);
		if (c == -1)
			break;
		if (c == 's') {
			session = optarg;
		} else if (c == 't') {
			team = optarg;
		} else {
			fputs(team_usage, c == 'h' ? stdout : stderr);
			return c == 'h' ? 0 : EXIT_BAD_INPUT;
		}
	}
	if ((session == NULL) == (team == NULL) || optind < argc) {
		fprintf(stderr, "%s: give one of --session ID (one session) or --team NAME (the "
			"team and all its sessions)\n%s", cmd, team_usage);
		return EXIT_BAD_INPUT;
	}
	struct tm_store *store = NULL;
	struct tm_teams *t = NULL;
	struct tm_gradebook *g = tools_open_gradebook(&store, true);
	if (g == NULL)
		return EXIT_BAD_INPUT;
	t = load_teams(cmd, g);
	if (t != NULL)
		status = session != NULL ? remove_session(cmd, g, t, session) :
			 remove_team(cmd, g, t, team);
	tm_teams_free(t);
	tm_gradebook_close(g);
	tm_store_close(store);
	return status;
}

static int team_show(int argc, char **argv)
{
	return team_status(argc, argv, false);
}

static int team_config(int argc, char **argv)
{
	return team_status(argc, argv, true);
}

int cmd_team(int argc, char **argv)
{
	static const struct subcommand subs[] = {
		{ "record", team_record },
		{ "status", team_show },
		{ "config", team_config },
		{ "sessions", team_sessions },
		{ "remove", team_remove },
	};
	return tools_run_subcommand("team", subs, sizeof(subs) / sizeof(subs[0]), team_usage,
				    argc, argv);
}
