/*
 * cmd_refresh.c: `tmdojo refresh`, the personal refresher before a big
 * project: the quiz questions the learner got wrong before (engine/refresh.c
 * picks them), asked again the way `tmdojo learn` asks them (tools/ui.c), then
 * how many are now right and which lessons to re-read. Refresher answers are
 * stored apart: course progress, scores and cohort item analysis never change.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "json.h"
#include "render.h"
#include "term.h"
#include "ui.h"

static const char refresh_usage[] =
	"usage: tmdojo refresh [--learner NAME] [--course ID] [--count N] [--all] [--json]\n"
	"\n"
	"Asks again the quiz questions you got wrong before: those you answered wrong\n"
	"at the first attempt or the last time (in the course or a refresher), most\n"
	"recently answered first, spread over their STRIDE and topic tags. Use it\n"
	"before a big project. At the end it says how many you now got right and\n"
	"which lessons to re-read for the others.\n"
	"A question you put right in a refresher rests: it is not asked again until\n"
	"you answer it wrong (here or in the course), unless you give --all.\n"
	"Refresher answers are kept apart: your course progress and scores, and the\n"
	"first attempts trainers analyse, do not change. Threat-list questions and\n"
	"exercises are not asked (take them again with tmdojo learn COURSE/MODULE).\n"
	"While answering: ? or hint shows a hint, :q, :quit or quit stops (so does\n"
	"Ctrl-C). With stdin not a terminal, answers are read line by line.\n"
	"\n"
	"  --learner NAME   whose answers (default: $TMDOJO_LEARNER, else your user name)\n"
	"  --course ID      only questions of this course\n"
	"  --count N        at most N questions, 1 to 1000 (default 10)\n"
	"  --all            ask the resting questions too\n"
	"  --json           print the picked questions as JSON (course, module, question,\n"
	"                   tags, your last answer here or in the course and when)\n"
	"                   and how many rest, and exit; nothing is asked\n"
	"Exit status: 0 done (also when there is nothing to refresh), 2 an error (an\n"
	"unknown learner or course, a store that cannot be read or written).\n";

/* ==== --json ======================================================================= */

static void print_json(const char *learner, const struct tm_refresh *r)
{
	struct json j;
	json_init(&j, stdout);
	json_object(&j);
	json_kv_string(&j, "learner", learner);
	json_kv_int(&j, "count", (long)tm_refresh_count(r));
	json_kv_int(&j, "rested", (long)tm_refresh_rested(r));
	json_key(&j, "questions");
	json_array(&j);
	for (size_t i = 0; i < tm_refresh_count(r); i++) {
		const struct tm_refresh_item *it = tm_refresh_get(r, i);
		const struct tm_question *q = it->question;
		char when[32];
		tm_format_time(it->last_time, when, sizeof(when));
		json_object(&j);
		json_kv_string(&j, "course", tm_course_id(it->course));
		json_kv_string(&j, "module", tm_module_id(it->module));
		json_kv_int(&j, "item", (long)it->item_index);
		json_kv_string(&j, "question", tm_question_id(q));
		json_kv_string(&j, "type", tm_question_type_name(tm_question_type(q)));
		json_key(&j, "tags");
		json_array(&j);
		for (size_t k = 0; k < tm_question_tag_count(q); k++)
			json_string(&j, tm_question_tag(q, k));
		json_end(&j);
		json_kv_string(&j, "last_answer", it->last_answer);
		json_kv_bool(&j, "last_correct", it->last_correct);
		json_kv_string(&j, "when", when);
		json_end(&j);
	}
	json_end(&j);
	json_key(&j, "not_asked");   /* threat lists answered wrong: retaken in learn */
	json_array(&j);
	for (size_t i = 0; i < tm_refresh_threat_list_count(r); i++) {
		const struct tm_refresh_item *it = tm_refresh_threat_list(r, i);
		json_object(&j);
		json_kv_string(&j, "course", tm_course_id(it->course));
		json_kv_string(&j, "module", tm_module_id(it->module));
		json_kv_string(&j, "question", tm_question_id(it->question));
		json_kv_string(&j, "type", tm_question_type_name(tm_question_type(it->question)));
		json_end(&j);
	}
	json_end(&j);
	json_end(&j);
	json_finish(&j);
}

/* ==== Asking ========================================================================= */

struct hint_state {
	const struct term *t;
	const struct tm_question *q;
	size_t next;
};

static void next_hint(void *ctx)
{
	struct hint_state *h = ctx;
	size_t n = tm_question_hint_count(h->q);
	ui_show_hint(h->t, h->next < n ? tm_question_hint(h->q, h->next) : NULL, n == 0);
	if (h->next < n)
		h->next++;
}

/* A run step for tools/ui.c: the question as learn shows it (one attempt). */
static void make_step(const struct tm_refresh_item *it, struct tm_run_step *st)
{
	memset(st, 0, sizeof(*st));
	st->kind = TM_RUN_QUESTION;
	st->course = it->course;
	st->module = it->module;
	st->module_index = it->module_index;
	st->item = it->item;
	st->item_index = it->item_index;
	st->question = it->question;
	st->question_index = it->question_index;
	st->order = it->order;
	st->order_count = it->order_count;
	st->attempt = 1;
	st->attempts_allowed = 1;
	st->asks = true;
}

/*
 * Asks item i of n: shows it, reads an answer (again after one that cannot be
 * read), grades and stores it, shows the feedback. Sets *right; *stop when the
 * learner stopped. Returns TM_OK, or the store's failure (said on stderr).
 */
static int ask(const struct term *t, struct tm_store *s, const struct tm_content *c,
	       long long learner, const struct tm_refresh_item *it, size_t i, size_t n,
	       bool *right, bool *stop)
{
	struct tm_run_step st;
	struct hint_state h = { t, it->question, 0 };
	make_step(it, &st);
	printf("\n");
	char where[600];
	snprintf(where, sizeof(where), "%s / %s / %s", tm_course_title(it->course),
		 tm_module_title(it->module), tm_item_title(it->item));
	fputs(term_style(t, "dim"), stdout);
	render_hanging(stdout, t->width, "From: ", where);
	fputs(term_style(t, "reset"), stdout);
	ui_show_question(t, &st, i + 1, n);
	for (;;) {
		char *answer = NULL;
		struct tm_diags d;
		fflush(stdout);
		if (ui_read_answer(t, next_hint, &h, &answer) == UI_READ_STOP) {
			*stop = true;
			return TM_OK;
		}
		tm_diags_init(&d);
		int rc = tm_refresh_answer(s, c, learner, it, answer, &st.grade, &d);
		free(answer);
		if (rc == TM_EUSAGE) {
			for (size_t k = 0; k < d.count; k++)
				ui_styled(t, "yellow", d.items[k].text);
			tm_diags_release(&d);
			continue;
		}
		if (rc != TM_OK) {
			tools_print_diags(&d);
			tm_diags_release(&d);
			return rc;
		}
		tm_diags_release(&d);
		break;
	}
	st.kind = TM_RUN_FEEDBACK;
	st.asks = false;
	st.earned = st.grade.score;
	ui_show_feedback(t, &st, NULL, NULL);
	*right = st.grade.correct;
	return TM_OK;
}

/* The threat-list questions the learner got wrong, which a refresher leaves to
 * `tmdojo learn`: how many, their modules and the command that retakes each
 * (as learner when not NULL). Nothing when there are none. */
static void show_threat_lists(FILE *out, const struct term *t, const struct tm_refresh *r,
			      const char *learner)
{
	size_t n = tm_refresh_threat_list_count(r);
	if (n == 0)
		return;
	char text[4096];
	size_t len = (size_t)snprintf(text, sizeof(text), "Not asked here: %zu threat-list "
				      "question%s you got wrong (", n, n == 1 ? "" : "s");
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1)
			len += (size_t)snprintf(text + len, sizeof(text) - len, "); retake %s with ",
						n == 1 ? "it" : "them");
		for (size_t i = 0, shown = 0; i < n && len < sizeof(text); i++) {
			const struct tm_refresh_item *it = tm_refresh_threat_list(r, i);
			bool seen = false;
			for (size_t k = 0; k < i && !seen; k++)
				seen = tm_refresh_threat_list(r, k)->module == it->module;
			if (seen)
				continue;
			char target[2 * TM_ID_MAX + 2];
			snprintf(target, sizeof(target), "%s/%s", tm_course_id(it->course),
				 tm_module_id(it->module));
			const char *args[] = { target };
			char *cmd = pass == 1 ? tools_follow_up("learn", learner, args, 1) : NULL;
			len += (size_t)snprintf(text + len, sizeof(text) - len,
						pass == 0 ? "%s%s" : "%s`%s`",
						shown++ > 0 ? ", " : "",
						pass == 0 ? target : cmd != NULL ? cmd : target);
			free(cmd);
		}
	}
	if (len < sizeof(text))
		snprintf(text + len, sizeof(text) - len, ".");
	render_hanging(out, t->width, "", text);
}

/* How many are now right, and the lessons to re-read: each module of a
 * question still wrong, once. On standard error after Ctrl-C when the output
 * is a pipe, as learn's stop message (term_stop_stream()). */
static void show_summary(const struct term *t, const struct tm_refresh *r, const bool *asked,
			 const bool *right, size_t n, bool stopped, const char *learner)
{
	FILE *out = term_stop_stream(t);
	size_t answered = 0, now_right = 0;
	for (size_t i = 0; i < n; i++) {
		answered += asked[i];
		now_right += asked[i] && right[i];
	}
	if (answered == 0) {
		fprintf(out, "\n%sRefresher:%s stopped before the first question; nothing recorded.\n",
			term_style(t, "bold"), term_style(t, "reset"));
		return;
	}
	fprintf(out, "\n%sRefresher:%s %zu of %zu question%s now right", term_style(t, "bold"),
		term_style(t, "reset"), now_right, answered, answered == 1 ? "" : "s");
	if (stopped && answered < n)
		fprintf(out, " (stopped; %zu not asked)", n - answered);
	fprintf(out, ".\n");
	bool header = false;
	for (size_t i = 0; i < n; i++) {
		const struct tm_refresh_item *it = tm_refresh_get(r, i);
		if (!asked[i] || right[i])
			continue;
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = asked[k] && !right[k] && tm_refresh_get(r, k)->module == it->module;
		if (seen)
			continue;
		if (!header)
			fprintf(out, "Re-read these lessons:\n");
		header = true;
		char text[1600], target[2 * TM_ID_MAX + 2];
		snprintf(target, sizeof(target), "%s/%s", tm_course_id(it->course),
			 tm_module_id(it->module));
		const char *args[] = { target };
		char *cmd = tools_follow_up("show", NULL, args, 1);
		snprintf(text, sizeof(text), "%s: %s (%s)", tm_course_title(it->course),
			 tm_module_title(it->module), cmd != NULL ? cmd : "");
		free(cmd);
		render_hanging(out, t->width, "  - ", text);
	}
	show_threat_lists(out, t, r, learner);
	fprintf(out, "Your course progress and scores are unchanged.\n");
}

/* Opening to write may have upgraded the file: its progress kept by position
 * takes its items' keys before the refresher writes by key, as learn does. */
static bool adopt_items(struct tm_store *s, const struct tm_content *c)
{
	struct tm_diags d;
	tm_diags_init(&d);
	bool ok = tm_store_adopt_items(s, c, &d) == TM_OK;
	if (!ok)
		tools_print_diags(&d);
	tm_diags_release(&d);
	return ok;
}

static int run_refresher(struct term *t, struct tm_store *s, const struct tm_content *c,
			 long long learner, const char *shown, const char *learner_arg,
			 const struct tm_refresh *r)
{
	size_t n = tm_refresh_count(r);
	bool *asked = calloc(n, sizeof(*asked)), *right = calloc(n, sizeof(*right));
	bool stopped = false;
	int rc = 0;
	if (asked == NULL || right == NULL) {
		fprintf(stderr, "tmdojo: out of memory\n");
		free(asked);
		free(right);
		return EXIT_BAD_INPUT;
	}
	ui_say_mode(t, shown);
	printf("%sRefresher:%s %zu question%s you got wrong before.\n", term_style(t, "bold"),
	       term_style(t, "reset"), n, n == 1 ? "" : "s");
	for (size_t i = 0; i < n && !stopped; i++) {
		term_refresh(t);
		int st = ask(t, s, c, learner, tm_refresh_get(r, i), i, n, &right[i], &stopped);
		if (st != TM_OK) {
			rc = EXIT_BAD_INPUT;
			break;
		}
		asked[i] = !stopped;
		if (!stopped && term_interrupted())
			stopped = true;
		if (!stopped && i + 1 < n && !term_pause(t, NULL))
			stopped = true;
	}
	if (rc == 0)
		show_summary(t, r, asked, right, n, stopped, learner_arg);
	free(asked);
	free(right);
	return rc;
}

/* ==== The command ===================================================================== */

/* What the command line asked for. */
struct refresh_args {
	const char *name;     /* the learner */
	bool explicit;        /* named by --learner or $TMDOJO_LEARNER */
	const char *course;   /* NULL: every course */
	size_t count;
	bool all;             /* resting questions too */
	bool json;
};

/* The line for a refresher with nothing to ask. */
static void print_nothing(const struct term *t, const struct refresh_args *a,
			  const char *shown, const struct tm_refresh *r, bool stored)
{
	size_t rested = tm_refresh_rested(r);
	const char *in = a->course != NULL ? " in " : "", *course = a->course != NULL ? a->course : "";

	if (rested > 0)
		printf("Nothing to refresh for '%s'%s%s: you put right in a refresher every "
		       "question you got wrong before (%zu; --all asks them again).\n", shown, in,
		       course, rested);
	else if (tm_refresh_threat_list_count(r) > 0)
		printf("Nothing to refresh for '%s'%s%s: no question a refresher asks was "
		       "answered wrong.\n", shown, in, course);
	else
		printf("Nothing to refresh for '%s'%s%s: no quiz question answered wrong yet%s.\n",
		       shown, in, course, stored ? "" : " (no progress stored)");
	show_threat_lists(stdout, t, r, a->explicit ? a->name : NULL);
}

static int refresh(const struct refresh_args *a)
{
	const char *name = a->name, *course = a->course;
	struct term t;
	struct tm_diags d;
	struct tm_content *c = NULL;
	struct tm_store *s = NULL;
	struct tm_refresh *r = NULL;
	long long learner = -1;
	int rc = 0;
	char *shown = tools_printable_dup(name);
	if (shown == NULL) {
		fprintf(stderr, "tmdojo: out of memory\n");
		return EXIT_BAD_INPUT;
	}
	term_init(&t);
	term_catch_interrupt();
	if (!t.interactive)
		t.color = false;   /* scripted mode prints plain text */
	tm_diags_init(&d);
	c = tools_load_content();
	if (c == NULL) {
		rc = EXIT_BAD_INPUT;
		goto cleanup;
	}
	if (course != NULL && tm_content_find_course(c, course) == NULL) {
		char safe[256];
		fprintf(stderr, "tmdojo: no course '%s' (see 'tmdojo list')\n",
			tools_printable(course, safe, sizeof(safe)));
		rc = EXIT_BAD_INPUT;
		goto cleanup;
	}
	/* Picking only reads (a fresh home gets no file); asking then opens the
	 * store to write refresher answers, never adding a learner. */
	s = learn_open_store(name, LEARN_STORE_VIEW, &learner);
	if (s == NULL) {
		rc = EXIT_BAD_INPUT;
		goto cleanup;
	}
	if (learner < 0 && a->explicit) {
		learn_unknown_learner(s, shown);
		rc = EXIT_BAD_INPUT;
		goto cleanup;
	}
	if (learner >= 0 &&
	    tm_refresh_pick(s, c, learner, course, a->count, a->all, &r, &d) != TM_OK) {
		tools_print_diags(&d);
		rc = EXIT_BAD_INPUT;
		goto cleanup;
	}
	if (a->json) {
		print_json(name, r);
	} else if (tm_refresh_count(r) == 0) {
		print_nothing(&t, a, shown, r, learner >= 0);
	} else {
		tm_store_close(s);
		s = learn_open_store(name, LEARN_STORE_CHANGE, &learner);
		if (s == NULL || learner < 0)
			rc = EXIT_BAD_INPUT;   /* said above, or the learner went meanwhile */
		else if (!adopt_items(s, c))
			rc = EXIT_BAD_INPUT;
		else
			rc = run_refresher(&t, s, c, learner, shown, a->explicit ? name : NULL, r);
	}
	if (rc == 0)
		rc = tools_check_output("tmdojo refresh");
	if (rc == 0)
		rc = term_interrupt_status();   /* as learn: Ctrl-C is 130, :q 0 */
cleanup:
	tm_refresh_free(r);
	tm_store_close(s);
	tm_content_free(c);
	tm_diags_release(&d);
	free(shown);
	return rc;
}

int cmd_refresh(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "learner", required_argument, NULL, 'l' },
		{ "course", required_argument, NULL, 'c' },
		{ "count", required_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "all", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *learner = NULL;
	double count = TM_REFRESH_DEFAULT_COUNT;
	struct refresh_args a = { 0 };
	int c;
	optind = 1;
	for (;;) {
		c = getopt_long(argc, argv, "h", opts, NULL);
		if (c == -1)
			break;
		switch (c) {
		case 'l': learner = optarg; break;
		case 'c': a.course = optarg; break;
		case 'n':
			/* digits only: "1e2" and "0x10" are numbers, not counts */
			if (optarg[0] == '\0' || strspn(optarg, "0123456789") != strlen(optarg) ||
			    !tools_parse_number(optarg, 1, 1000, &count)) {
				fprintf(stderr, "tmdojo refresh: --count wants a whole number from 1 "
					"to 1000, not '%s'\n", optarg);
				return EXIT_BAD_INPUT;
			}
			break;
		case 'j': a.json = true; break;
		case 'a': a.all = true; break;
		case 'h': fputs(refresh_usage, stdout); return 0;
		default: fputs(refresh_usage, stderr); return EXIT_BAD_INPUT;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "tmdojo refresh: unexpected argument '%s'\n", argv[optind]);
		fputs(refresh_usage, stderr);
		return EXIT_BAD_INPUT;
	}
	const char *env = getenv("TMDOJO_LEARNER");
	a.explicit = (learner != NULL && learner[0] != '\0') || (env != NULL && env[0] != '\0');
	a.name = learn_learner_name(learner);
	a.count = (size_t)count;
	if (!learn_learner_ok("tmdojo refresh", a.name))
		return EXIT_BAD_INPUT;
	return refresh(&a);
}
