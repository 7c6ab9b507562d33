/*
 * cmd_progress.c: `tmdojo progress`: a learner's progress per course and
 * module (text or --json), --export of everything stored for the learner, and
 * --reset (asks first on a terminal; --yes in scripts).
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "json.h"
#include "render.h"
#include "term.h"

static const char progress_usage[] =
	"usage: tmdojo progress [--learner NAME] [--json]\n"
	"       tmdojo progress [--learner NAME] --export\n"
	"       tmdojo progress [--learner NAME] --reset [--course ID] [--yes]\n"
	"\n"
	"Shows your progress: items done, quiz and exercise scores per module (an\n"
	"exercise's score is its best threat list's; an item done again keeps the\n"
	"better result).\n"
	"  --json        the same as JSON\n"
	"  --export      everything stored for the learner (every answer with its time) as JSON\n"
	"  --reset       delete the learner's progress (one course with --course); asks for\n"
	"                confirmation on a terminal, needs --yes otherwise; releases the\n"
	"                learner's session left behind elsewhere (see tmdojo help learn);\n"
	"                refused while a live learn of the learner runs on this host\n"
	"  --learner N   whose progress (default: $TMDOJO_LEARNER, else your user name);\n"
	"                a learner with nothing stored is an error listing the known ones;\n"
	"                no control characters\n"
	"  --course ID   with --reset: only this course\n"
	"  --yes         with --reset: no question (needed when stdin is not a terminal)\n"
	"--json, --export and --reset exclude each other.\n"
	"Viewing and --export only read the progress file.\n"
	"The progress file is $TMDOJO_HOME/progress.db ($TMDOJO_HOME defaults to\n"
	"$XDG_DATA_HOME/tmdojo, else ~/.local/share/tmdojo).\n"
	"Exit status: 0 done, 2 an error (an unknown learner or course, a store that\n"
	"cannot be read or written), nothing changed.\n";

struct module_sum {
	size_t items, done;
	double score, max;
	bool all_passed;
	struct tm_item_result *results;   /* per item of the module; owned (NULL: none) */
};

static void sum_module(struct tm_store *s, long long learner, const struct tm_course *co,
		       const struct tm_module *m, struct module_sum *out)
{
	memset(out, 0, sizeof(*out));
	out->items = tm_module_item_count(m);
	out->all_passed = true;
	struct tm_item_result *r = calloc(out->items + 1, sizeof(*r));
	out->results = r;
	/* a store that cannot say counts as nothing done, as before */
	if (r != NULL && tm_store_module_results(s, learner, tm_course_id(co), m, r, NULL) != TM_OK)
		memset(r, 0, (out->items + 1) * sizeof(*r));
	for (size_t i = 0; i < out->items; i++) {
		if (r == NULL || !r[i].done) {
			if (tm_item_kind(tm_module_item(m, i)) != TM_ITEM_LESSON)
				out->all_passed = false;
			continue;
		}
		out->done++;
		if (tm_item_kind(tm_module_item(m, i)) == TM_ITEM_QUIZ) {
			out->score += r[i].score;
			out->max += r[i].max;
		}
		if (!r[i].passed)
			out->all_passed = false;
	}
}

static void module_sum_release(struct module_sum *ms)
{
	free(ms->results);
	ms->results = NULL;
}

/* The id of item i of m when it is an exercise, else NULL. */
static const char *exercise_at(const struct tm_module *m, size_t i)
{
	const struct tm_item *it = tm_module_item(m, i);
	if (tm_item_kind(it) != TM_ITEM_EXERCISE)
		return NULL;
	const struct tm_exercise *e = tm_item_exercise(it);
	return e != NULL ? tm_exercise_id(e) : tm_item_key(it);
}

/* Whether item i of m is an exercise a threats step scores. */
static bool exercise_scored(const struct tm_module *m, size_t i)
{
	return tm_exercise_scored(tm_item_exercise(tm_module_item(m, i)));
}

/* One line per exercise of m done: its score, the share of the key found;
 * wrapped at width (0: no limit) when the padded row does not fit. */
static void print_exercises(int width, const struct tm_module *m, const struct module_sum *ms)
{
	for (size_t i = 0; ms->results != NULL && i < ms->items; i++) {
		const char *id = exercise_at(m, i);
		if (id == NULL || !ms->results[i].done)
			continue;
		const struct tm_item_result *r = &ms->results[i];
		char row[400], result[100];
		if (!exercise_scored(m, i) || r->max <= 0)
			snprintf(result, sizeof(result), "done");
		else
			snprintf(result, sizeof(result), "%3.0f%%%s", 100 * r->score / r->max,
				 r->passed ? "" : " (below half of the key)");
		snprintf(row, sizeof(row), "             exercise %-24s %s", id, result);
		if (width <= 0 || render_display_width(row, strlen(row)) <= (size_t)width) {
			printf("%s\n", row);
			continue;
		}
		snprintf(row, sizeof(row), "%s %s", id, result);
		render_hanging(stdout, width, "      exercise ", row);
	}
}

/* "exercises": every exercise of m, done or not, with its score when done. */
static void json_exercises(struct json *j, const struct tm_module *m,
			   const struct module_sum *ms)
{
	json_key(j, "exercises");
	json_array(j);
	for (size_t i = 0; i < ms->items; i++) {
		const char *id = exercise_at(m, i);
		if (id == NULL)
			continue;
		const struct tm_item_result *r = ms->results != NULL ? &ms->results[i] : NULL;
		bool done = r != NULL && r->done;
		json_object(j);
		json_kv_string(j, "id", id);
		json_kv_bool(j, "done", done);
		bool scored = done && exercise_scored(m, i) && r->max > 0;
		json_key(j, "score");
		if (scored)
			json_number(j, 100 * r->score / r->max);
		else
			json_null(j);
		json_kv_bool(j, "passed", scored && r->passed);
		json_end(j);
	}
	json_end(j);
}

/* Items of co done, counting only the modules and items co has now (stored
 * results of renamed or removed modules are not progress through this course). */
static size_t course_done(struct tm_store *s, long long learner, const struct tm_course *co)
{
	struct tm_course_progress p;
	if (tm_store_course_progress(s, learner, co, &p, NULL) != TM_OK)
		return 0;
	return p.done;
}

/* A course's heading row: id, progress bar, items done, then the title wrapped
 * under it; the bar is left out in plain mode and when the row would leave the
 * title fewer than 20 columns of width (0: no limit). */
static void print_course_row(const struct term *t, int width, const struct tm_course *co,
			     size_t done, size_t total)
{
	char bar[200], lead[600];
	learn_progress_bar(bar, sizeof(bar), done, total, 20, t->color && t->utf8);
	snprintf(lead, sizeof(lead), "%s%s%s %s %zu of %zu items  ", term_style(t, "bold"),
		 tm_course_id(co), term_style(t, "reset"), bar, done, total);
	/* plain mode (a screen reader) has no bar: "N of M items" says it */
	if (t->plain ||
	    (width > 0 && render_display_width(lead, strlen(lead)) + 20 > (size_t)width))
		snprintf(lead, sizeof(lead), "%s%s%s %zu of %zu items  ", term_style(t, "bold"),
			 tm_course_id(co), term_style(t, "reset"), done, total);
	printf("\n");
	render_hanging(stdout, width, lead, tm_course_title(co));
}

/* A module's row: mark, id, items done, quiz points; on two rows (the id, then
 * the rest under it) when the one-row layout is wider than width (0: no limit). */
static void print_module_row(int width, const struct tm_module *m, const struct module_sum *ms)
{
	char got[32], of[32], quiz[120] = "", row[600];
	const char *mark = ms->done == ms->items ? (ms->all_passed ? "done" : "done*")
			 : ms->done > 0 ? "started" : "-";
	if (ms->max > 0)
		snprintf(quiz, sizeof(quiz), "  quiz %s/%s (%.0f%%)",
			 render_points(got, sizeof(got), ms->score),
			 render_points(of, sizeof(of), ms->max), 100 * ms->score / ms->max);
	snprintf(row, sizeof(row), "  %-8s %-28s %zu/%zu%s", mark, tm_module_id(m), ms->done,
		 ms->items, quiz);
	if (width <= 0 || render_display_width(row, strlen(row)) <= (size_t)width) {
		printf("%s\n", row);
		return;
	}
	printf("  %s\n", tm_module_id(m));
	snprintf(row, sizeof(row), "%s, %zu of %zu items%s%s",
		 strcmp(mark, "-") == 0 ? "not started" : mark, ms->done, ms->items,
		 quiz[0] != '\0' ? "," : "", quiz + (quiz[0] != '\0' ? 1 : 0));
	render_hanging(stdout, width, "      ", row);
}

/* What print_orphan() needs. */
struct orphan_ctx {
	int width;
	const struct tm_course *co;
};

/* The line for results stored under a module id the course no longer has, so
 * that a renamed module's progress is not silently taken for none. */
static void print_orphan(void *ctx, const char *module, size_t items)
{
	const struct orphan_ctx *o = ctx;
	char safe[256], line[800];
	snprintf(line, sizeof(line), "%zu item%s stored under module '%s', which %s no longer "
		 "has (renamed or removed; a module's id is the key of its progress, see "
		 "docs/FORMAT.md, \"Module ids\")", items, items == 1 ? "" : "s",
		 tools_printable(module, safe, sizeof(safe)), tm_course_id(o->co));
	render_hanging(stdout, o->width, "  note: ", line);
}

/* One entry of a course's "orphans" in --json: the text's note as data. */
static void json_orphan(void *ctx, const char *module, size_t items)
{
	struct json *j = ctx;
	json_object(j);
	json_kv_string(j, "module", module);
	json_kv_int(j, "items", (long)items);
	json_end(j);
}

static void print_text(const struct term *t, const struct tm_content *c, struct tm_store *s,
		       long long learner, const char *name)
{
	size_t order[64];
	size_t n = learn_course_order(c, order, 64);
	int width = term_text_width(t);
	char line[4400];
	snprintf(line, sizeof(line), "Progress of %s%s%s (%s)", term_style(t, "bold"), name,
		 term_style(t, "reset"), tm_store_path(s));
	render_hanging(stdout, width, "", line);
	for (size_t k = 0; k < n; k++) {
		const struct tm_course *co = tm_content_course(c, order[k]);
		size_t total = learn_course_items(co);
		print_course_row(t, width, co, course_done(s, learner, co), total);
		for (size_t i = 0; i < tm_course_module_count(co); i++) {
			const struct tm_module *m = tm_course_module(co, i);
			struct module_sum ms;
			sum_module(s, learner, co, m, &ms);
			print_module_row(width, m, &ms);
			print_exercises(width, m, &ms);
			module_sum_release(&ms);
		}
		struct orphan_ctx o = { width, co };
		tm_store_orphan_modules(s, learner, co, print_orphan, &o, NULL);
	}
	size_t answers = 0;
	tm_store_answer_count(s, learner, NULL, &answers, NULL);
	snprintf(line, sizeof(line), "%zu answers recorded. done* = finished below a pass mark.",
		 answers);
	printf("\n");
	render_hanging(stdout, width, "", line);
}

static void print_json(const struct tm_content *c, struct tm_store *s, long long learner,
		       const char *name)
{
	struct json j;
	size_t order[64];
	size_t n = learn_course_order(c, order, 64);
	json_init(&j, stdout);
	json_object(&j);
	json_kv_string(&j, "learner", name);
	json_key(&j, "courses");
	json_array(&j);
	for (size_t k = 0; k < n; k++) {
		const struct tm_course *co = tm_content_course(c, order[k]);
		size_t total = learn_course_items(co), done = course_done(s, learner, co);
		struct tm_position pos;
		json_object(&j);
		json_kv_string(&j, "id", tm_course_id(co));
		json_kv_string(&j, "title", tm_course_title(co));
		json_kv_int(&j, "items", (long)total);
		json_kv_int(&j, "done", (long)done);
		json_kv_number(&j, "percent", total > 0 ? 100.0 * (double)done / (double)total : 0);
		json_key(&j, "position");
		if (tm_store_position_get(s, learner, tm_course_id(co), &pos, NULL) == TM_OK &&
		    pos.module[0] != '\0') {
			json_object(&j);
			const struct tm_module *pm = tm_course_find_module(co, pos.module);
			size_t at = 0;
			json_kv_string(&j, "module", pos.module);
			json_key(&j, "item");
			if (pm != NULL && tm_module_stored_item(pm, pos.item, &at) != NULL)
				json_int(&j, (long)at);
			else
				json_null(&j);
			json_kv_int(&j, "step", pos.step);
			json_end(&j);
		} else {
			json_null(&j);
		}
		json_key(&j, "modules");
		json_array(&j);
		for (size_t i = 0; i < tm_course_module_count(co); i++) {
			const struct tm_module *m = tm_course_module(co, i);
			struct module_sum ms;
			sum_module(s, learner, co, m, &ms);
			json_object(&j);
			json_kv_string(&j, "id", tm_module_id(m));
			json_kv_int(&j, "items", (long)ms.items);
			json_kv_int(&j, "done", (long)ms.done);
			json_kv_number(&j, "score", ms.score);
			json_kv_number(&j, "max", ms.max);
			json_kv_bool(&j, "passed", ms.done == ms.items && ms.all_passed);
			json_exercises(&j, m, &ms);
			json_end(&j);
			module_sum_release(&ms);
		}
		json_end(&j);
		/* results kept under module ids the course no longer has (renamed or removed) */
		json_key(&j, "orphans");
		json_array(&j);
		tm_store_orphan_modules(s, learner, co, json_orphan, &j, NULL);
		json_end(&j);
		json_end(&j);
	}
	json_end(&j);
	json_end(&j);
	json_finish(&j);
}

/* Asks on a terminal; refuses in scripts unless --yes. */
static bool confirm_reset(const struct term *t, const char *name, const char *course, bool yes)
{
	if (yes)
		return true;
	if (!t->interactive) {
		fprintf(stderr, "tmdojo: not resetting without confirmation; add --yes to reset "
			"in a script\n");
		return false;
	}
	char text[800];
	snprintf(text, sizeof(text), "Delete the progress of '%s' in %s%s%s? This cannot be "
		 "undone. Type yes to confirm:", name, course != NULL ? "course '" : "every course",
		 course != NULL ? course : "", course != NULL ? "'" : "");
	/* wrapped at word boundaries: a narrow terminal cut it mid-word */
	char *prompt = render_prompt(t->width, text);
	term_discard_typeahead(t);
	char *line = term_read_line(t, prompt != NULL ? prompt : text);
	bool ok = line != NULL && strcmp(line, "yes") == 0;
	free(line);
	free(prompt);
	if (!ok)
		printf("Nothing was deleted.\n");
	return ok;
}

enum mode { MODE_TEXT, MODE_JSON, MODE_EXPORT, MODE_RESET };

/*
 * Whether --course names a course: one the content has, or one with progress
 * stored for the learner (a course since removed can still be reset).
 * Otherwise says so, with the closest course id when one is close.
 */
static bool course_known(const struct tm_content *c, struct tm_store *s, long long learner,
			 const char *course)
{
	bool stored = false;
	if (c != NULL && tm_content_find_course(c, course) != NULL)
		return true;
	if (tm_store_course_stored(s, learner, course, &stored, NULL) == TM_OK && stored)
		return true;
	const char *best = NULL;
	size_t best_d = SIZE_MAX, len = strlen(course);
	for (size_t i = 0; c != NULL && i < tm_content_course_count(c); i++) {
		const char *id = tm_course_id(tm_content_course(c, i));
		size_t d = tm_edit_distance(course, id, SIZE_MAX);
		if (d < best_d) {
			best_d = d;
			best = id;
		}
	}
	/* A near miss, or a known id with something typed after it ("intro-typo"). */
	bool close = best != NULL && (best_d <= (len <= 4 ? 1u : len <= 8 ? 2u : 3u) ||
				      strncmp(course, best, strlen(best)) == 0);
	char safe[256];
	fprintf(stderr, "tmdojo: no course '%s'%s%s%s; nothing was reset (see 'tmdojo list')\n",
		tools_printable(course, safe, sizeof(safe)), close ? " (did you mean '" : "",
		close ? best : "", close ? "'?)" : "");
	return false;
}

/* An unknown learner: says so, with the learners the store knows. */
void learn_unknown_learner(struct tm_store *s, const char *name)
{
	char *names = NULL, *shown;
	tm_store_learner_names(s, &names, NULL);
	/* names stored before learner names had to be printable may hold anything */
	shown = tools_printable_dup(names != NULL && names[0] != '\0' ? names : "none yet");
	fprintf(stderr, "tmdojo: no progress stored for learner '%s' in %s; known learners: %s "
		"(choose one with --learner NAME)\n", name, tm_store_path(s),
		shown != NULL ? shown : "?");
	free(shown);
	free(names);
}

/*
 * explicit: the learner was named (--learner or $TMDOJO_LEARNER), so an unknown
 * one is a typo; the default learner (the user name) with nothing stored yet
 * just has no progress to show.
 */
static int run(enum mode mode, const char *name, bool explicit, const char *course, bool yes)
{
	struct term t;
	struct tm_diags d;
	struct tm_content *c = NULL;
	long long learner = -1;
	int rc = 0;
	/* a learner stored before names had to be printable may hold anything:
	 * the terminal sees the printable form, JSON the name as stored */
	char *shown = tools_printable_dup(name);
	if (shown == NULL) {
		fprintf(stderr, "tmdojo: out of memory\n");
		return EXIT_BAD_INPUT;
	}
	term_init(&t);
	tm_diags_init(&d);
	struct tm_store *s = learn_open_store(name, mode == MODE_RESET ? LEARN_STORE_CHANGE
								  : LEARN_STORE_VIEW, &learner);
	if (s == NULL) {
		free(shown);
		return EXIT_BAD_INPUT;
	}
	if (mode == MODE_RESET && course != NULL) {
		c = tools_load_content();
		if (!course_known(c, s, learner, course))
			rc = EXIT_BAD_INPUT;
	}
	if (rc != 0) {
		/* said above */
	} else if (learner < 0 && (explicit || mode == MODE_RESET || mode == MODE_EXPORT)) {
		learn_unknown_learner(s, shown);
		rc = EXIT_BAD_INPUT;
	} else if (mode == MODE_EXPORT) {
		char *json = NULL;
		if (tm_store_export_json(s, learner, &json, &d) == TM_OK)
			printf("%s\n", json);
		else
			rc = EXIT_BAD_INPUT;
		free(json);
	} else if (mode == MODE_RESET) {
		if (!confirm_reset(&t, shown, course, yes))
			rc = t.interactive ? 0 : EXIT_BAD_INPUT;
		else if (tm_store_reset(s, learner, course, &d) == TM_OK)
			printf("Progress of '%s' reset%s%s.\n", shown, course != NULL ? " in " : "",
			       course != NULL ? course : "");
		else
			rc = EXIT_BAD_INPUT;
	} else {
		c = tools_load_content();
		if (c == NULL)
			rc = EXIT_BAD_INPUT;
		else if (mode == MODE_JSON)
			print_json(c, s, learner, name);
		else
			print_text(&t, c, s, learner, shown);
	}
	if (d.count > 0)
		tools_print_diags(&d);
	tm_diags_release(&d);
	tm_content_free(c);
	tm_store_close(s);
	free(shown);
	return rc;
}

/* Sets *mode to the one chosen by option (--json, --export, --reset); returns
 * false having said why when another was chosen already: the last one would
 * silently win (--reset --json printed JSON and reset nothing). */
static bool choose_mode(enum mode *mode, enum mode chosen)
{
	static const char *const names[] = { "", "--json", "--export", "--reset" };
	if (*mode != MODE_TEXT && *mode != chosen) {
		fprintf(stderr, "tmdojo progress: %s and %s cannot be combined: give one of "
			"--json, --export, --reset\n", names[*mode], names[chosen]);
		return false;
	}
	*mode = chosen;
	return true;
}

int cmd_progress(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "learner", required_argument, NULL, 'l' },
		{ "json", no_argument, NULL, 'j' },
		{ "export", no_argument, NULL, 'x' },
		{ "reset", no_argument, NULL, 'r' },
		{ "course", required_argument, NULL, 'c' },
		{ "yes", no_argument, NULL, 'y' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *learner = NULL, *course = NULL;
	enum mode mode = MODE_TEXT;
	bool yes = false;
	int c;
	optind = 1;
	for (;;) {
		c = getopt_long(argc, argv, "h", opts, NULL);
		if (c == -1)
			break;
		switch (c) {
		case 'l': learner = optarg; break;
		case 'j':
		case 'x':
		case 'r':
			if (!choose_mode(&mode, c == 'j' ? MODE_JSON : c == 'x' ? MODE_EXPORT
							    : MODE_RESET))
				return EXIT_BAD_INPUT;
			break;
		case 'c': course = optarg; break;
		case 'y': yes = true; break;
		case 'h': fputs(progress_usage, stdout); return 0;
		default: fputs(progress_usage, stderr); return EXIT_BAD_INPUT;
		}
	}
	if (optind < argc || (course != NULL && mode != MODE_RESET)) {
		if (optind < argc)
			fprintf(stderr, "tmdojo progress: unexpected argument '%s'\n", argv[optind]);
		else
			fprintf(stderr, "tmdojo progress: --course goes with --reset\n");
		fputs(progress_usage, stderr);
		return EXIT_BAD_INPUT;
	}
	const char *env = getenv("TMDOJO_LEARNER");
	bool explicit = (learner != NULL && learner[0] != '\0') || (env != NULL && env[0] != '\0');
	if (!learn_learner_ok("tmdojo progress", learn_learner_name(learner)))
		return EXIT_BAD_INPUT;
	return run(mode, learn_learner_name(learner), explicit, course, yes);
}
