/*
 * cmd_home.c: `tmdojo` with no command, the home screen: every course with the
 * learner's progress and what comes next, then an offer to go on with the next
 * course (which runs `tmdojo learn`). Also the course order and progress bars
 * that `tmdojo progress` shows the same way (commands.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd_learn_internal.h"
#include "render.h"
#include "term.h"
#include "ui.h"

/* Sort key for a course part: 1, 2, 3 first, then named parts. */
static int part_rank(const struct tm_course *co)
{
	int n = atoi(tm_course_part(co));
	return n > 0 ? n : 1000;
}

size_t learn_course_order(const struct tm_content *c, size_t *order, size_t max)
{
	size_t n = tm_content_course_count(c);
	if (n > max)
		n = max;
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	for (size_t i = 1; i < n; i++)   /* insertion sort: a handful of courses */
		for (size_t j = i; j > 0 && part_rank(tm_content_course(c, order[j - 1])) >
						    part_rank(tm_content_course(c, order[j])); j--) {
			size_t t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	return n;
}

size_t learn_course_items(const struct tm_course *co)
{
	size_t n = 0;
	for (size_t i = 0; i < tm_course_module_count(co); i++)
		n += tm_module_item_count(tm_course_module(co, i));
	return n;
}

const struct tm_course *learn_next_course(const struct tm_content *c, struct tm_store *s,
					  long long learner)
{
	size_t order[64];
	size_t n = learn_course_order(c, order, 64);
	for (size_t k = 0; k < n; k++) {
		const struct tm_course *co = tm_content_course(c, order[k]);
		struct tm_course_progress p;
		if (tm_store_course_progress(s, learner, co, &p, NULL) != TM_OK || p.done < p.total)
			return co;
	}
	return NULL;
}

/* Whether learner finished every item of module m of co and one of them is below
 * its pass mark (progress's "done*"). */
static bool below_pass(struct tm_store *s, long long learner, const struct tm_course *co,
		       const struct tm_module *m)
{
	size_t n = tm_module_item_count(m);
	struct tm_item_result *r = calloc(n + 1, sizeof(*r));
	bool done = r != NULL &&
		    tm_store_module_results(s, learner, tm_course_id(co), m, r, NULL) == TM_OK;
	bool failed = false;
	for (size_t i = 0; i < n && done; i++) {
		done = r[i].done;
		failed = failed || !r[i].passed;
	}
	free(r);
	return done && failed;
}

size_t learn_below_pass(struct tm_store *s, long long learner, const struct tm_course *co,
			const char *learner_opt, char *buf, size_t size)
{
	size_t count = 0, len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < tm_course_module_count(co); i++) {
		const struct tm_module *m = tm_course_module(co, i);
		if (!below_pass(s, learner, co, m))
			continue;
		char target[2 * TM_ID_MAX + 2];
		snprintf(target, sizeof(target), "%s/%s", tm_course_id(co), tm_module_id(m));
		const char *args[] = { target };
		char *cmd = tools_follow_up("learn", learner_opt, args, 1);
		if (len < size)
			len += (size_t)snprintf(buf + len, size - len, "%s\"%s\" (retake with %s)",
						count > 0 ? "; " : "", tm_module_title(m),
						cmd != NULL ? cmd : target);
		free(cmd);
		count++;
	}
	return count;
}

void learn_progress_bar(char *buf, size_t size, size_t done, size_t total, int width,
			bool color)
{
	int full = total > 0 ? (int)((double)done * width / (double)total + 0.5) : 0;
	if (full > width)
		full = width;
	size_t at = 0;
	buf[at++] = '[';
	for (int i = 0; i < width && at + 8 < size; i++) {
		const char *cell = i < full ? (color ? "\xe2\x96\x88" : "#")
					   : (color ? "\xc2\xb7" : "-");
		size_t len = strlen(cell);
		memcpy(buf + at, cell, len);
		at += len;
	}
	buf[at++] = ']';
	buf[at] = '\0';
}

/* Whether the course's title names its part already: "Part 1: ..." or
 * "201: ..." (case aside, the part whole: "Part 10" does not name part 1). */
static bool title_names_part(const struct tm_course *co)
{
	const char *title = tm_course_title(co), *part = tm_course_part(co);
	size_t n = strlen(part);
	if (strncasecmp(title, "part ", 5) == 0)
		title += 5;
	return n > 0 && strncasecmp(title, part, n) == 0 &&
	       !isalnum((unsigned char)title[n]);
}

/* "part 2, " for the home screen's "(part 2, about 45 min)", or "" when the
 * title says it already ("Part 2: Foundations"); into buf. */
static const char *part_note(const struct tm_course *co, char *buf, size_t size)
{
	if (title_names_part(co))
		buf[0] = '\0';
	else
		snprintf(buf, size, "part %s, ", tm_course_part(co));
	return buf;
}

/* "next: module title, item title" for a course: its first item not done, where
 * `tmdojo learn COURSE` goes on; for a finished course, the modules below their
 * pass mark, whose count it returns. */
static size_t describe_next(struct tm_store *s, long long learner, const struct tm_course *co,
			    const struct tm_course_progress *p, char *buf, size_t size)
{
	char below[1024];
	size_t n = p->done >= p->total ? learn_below_pass(s, learner, co, NULL, below,
							   sizeof(below)) : 0;
	if (n > 0) {
		snprintf(buf, size, "finished, but %zu module%s %s below the pass mark: %s", n,
			 n == 1 ? "" : "s", n == 1 ? "is" : "are", below);
		return n;
	}
	if (p->done >= p->total) {
		char target[TM_ID_MAX + 8];
		snprintf(target, sizeof(target), "%s/MODULE", tm_course_id(co));
		const char *args[] = { target };
		char *cmd = tools_follow_up("learn", NULL, args, 1);
		snprintf(buf, size, "finished; revisit any module with %s", cmd != NULL ? cmd : "");
		free(cmd);
		return 0;
	}
	const struct tm_module *m = tm_course_module(co, p->next_module);
	snprintf(buf, size, "%s: %s", tm_module_title(m),
		 tm_item_title(tm_module_item(m, p->next_item)));
	return 0;
}

/* Whether a line answers "yes, start": Enter alone, or y or yes. */
static bool is_start(const char *line)
{
	return line[0] == '\0' || strcasecmp(line, "y") == 0 || strcasecmp(line, "yes") == 0;
}

/* On a terminal, the home screen offers to go straight on with the next course,
 * so that `tmdojo` alone is the whole learner experience. It starts on Enter or
 * yes only; q, :q, quit (as at every prompt), no, Ctrl-C or end of input do
 * not, and any other answer is asked again. */
static bool offer_to_start(const struct term *t, const char *course_id)
{
	char prompt[256];
	if (!t->interactive)
		return false;
	snprintf(prompt, sizeof(prompt), "Press Enter to continue with '%s' now, or q and Enter "
		 "to quit:", course_id);
	/* wrapped at word boundaries on a narrow terminal, the answer after it */
	char *shown = render_prompt(t->width, prompt);
	printf("\n");
	term_discard_typeahead(t);
	for (;;) {
		char *line = term_read_line(t, shown != NULL ? shown : prompt);
		if (line == NULL || term_interrupted() || term_is_stop(line) ||
		    strcasecmp(line, "n") == 0 || strcasecmp(line, "no") == 0 ||
		    is_start(line)) {
			bool start = line != NULL && !term_interrupted() && is_start(line);
			free(line);
			free(shown);
			return start;
		}
		free(line);
		ui_styled(t, "yellow", "Press Enter to start, or q and Enter to quit.");
	}
}

static int start_course(const char *course_id)
{
	char cmd[] = "learn", id[128];
	snprintf(id, sizeof(id), "%s", course_id);
	char *args[] = { cmd, id, NULL };
	return cmd_learn(2, args);
}

/* The home screen's last line: the other commands a learner runs next, each
 * with the content root it was given. */
static void show_more(const struct term *t)
{
	char more[2048];
	char *progress = tools_follow_up("progress", NULL, NULL, 0);
	char *refresh = tools_follow_up("refresh", NULL, NULL, 0);
	char *list = tools_follow_up("list", NULL, NULL, 0);
	snprintf(more, sizeof(more), "%s (your scores), %s (what you got wrong before), %s "
		 "(everything), %s help", progress != NULL ? progress : "progress",
		 refresh != NULL ? refresh : "refresh", list != NULL ? list : "list", tools_self());
	render_hanging(stdout, t->width, "More: ", more);
	free(progress);
	free(refresh);
	free(list);
}

int cmd_home(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct term t;
	struct tm_diags d;
	struct tm_store *s = NULL;
	long long learner = -1;
	term_init(&t);
	struct tm_content *c = tools_load_content();
	if (c == NULL)
		return EXIT_BAD_INPUT;
	const char *name = learn_learner_name(NULL);
	char shown[256];
	tm_diags_init(&d);
	bool store_ok = learn_store_open(name, LEARN_STORE_VIEW, &s, &learner, &d) == TM_OK;
	/* every line wraps to the terminal, continuation lines under the text */
	char line[1400];
	snprintf(line, sizeof(line),
		 "%s%stmdojo%s: threat modeling training, in your terminal (learner: %s)",
		 term_style(&t, "bold"), term_style(&t, "cyan"), term_style(&t, "reset"),
		 tools_printable(name, shown, sizeof(shown)));
	render_hanging(stdout, t.width, "", line);
	printf("\n");
	size_t order[64];
	size_t n = learn_course_order(c, order, 64);
	const struct tm_course *next = NULL;
	size_t below = 0;   /* finished modules below their pass mark */
	for (size_t k = 0; k < n; k++) {
		const struct tm_course *co = tm_content_course(c, order[k]);
		struct tm_course_progress p;
		char bar[200], what[1200], lead[384];   /* bar, id and styles fit whole */
		char part[TM_ID_MAX + 16];
		snprintf(lead, sizeof(lead), "  %s%-12s%s ", term_style(&t, "bold"),
			 tm_course_id(co), term_style(&t, "reset"));
		if (!store_ok || tm_store_course_progress(s, learner, co, &p, &d) != TM_OK) {
			/* Progress that cannot be read is not shown as 0%. */
			store_ok = false;
			snprintf(line, sizeof(line), "%s (%sabout %d min)", tm_course_title(co),
				 part_note(co, part, sizeof(part)), tm_course_minutes(co));
			render_hanging(stdout, t.width, lead, line);
			continue;
		}
		/* the bar and a space before the percentage; none in plain mode (a
		 * screen reader reads out every cell), the percentage says it */
		learn_progress_bar(bar, sizeof(bar) - 1, p.done, p.total, 20, t.color && t.utf8);
		if (t.plain)
			bar[0] = '\0';
		else
			strcat(bar, " ");
		double pct = p.total > 0 ? 100.0 * (double)p.done / (double)p.total : 0.0;
		if (t.width >= 64) {
			/* the bar and a right-aligned percentage lead, the title hangs after */
			snprintf(lead, sizeof(lead), "  %s%-12s%s %s%3.0f%%  ", term_style(&t, "bold"),
				 tm_course_id(co), term_style(&t, "reset"), bar, pct);
			snprintf(line, sizeof(line), "%s (%sabout %d min)", tm_course_title(co),
				 part_note(co, part, sizeof(part)), tm_course_minutes(co));
		} else {
			snprintf(line, sizeof(line), "%s%.0f%% %s (%sabout %d min)", bar, pct,
				 tm_course_title(co), part_note(co, part, sizeof(part)),
				 tm_course_minutes(co));
		}
		render_hanging(stdout, t.width, lead, line);
		below += describe_next(s, learner, co, &p, what, sizeof(what));
		snprintf(line, sizeof(line), "next: %s", what);
		render_hanging(stdout, t.width, "               ", line);
		if (next == NULL && p.done < p.total)
			next = co;
	}
	if (n == 0) {
		snprintf(line, sizeof(line), "No courses found under %s.", tools_content_root());
		render_hanging(stdout, t.width, "  ", line);
	}
	if (!store_ok) {
		/* Said here, where the learner looks, not only on stderr. */
		printf("\n%sYour progress cannot be read.%s\n", term_style(&t, "bold"),
		       term_style(&t, "reset"));
		for (size_t i = 0; i < d.count; i++)
			printf("  %s%s%s\n", d.items[i].file != NULL ? d.items[i].file : "",
			       d.items[i].file != NULL ? ": " : "", d.items[i].text);
		char *again = tools_follow_up(NULL, NULL, NULL, 0);
		printf("Nothing was changed. Fix the file as said above, then run %s again.\n",
		       again != NULL ? again : "");
		free(again);
	} else if (next != NULL) {
		const char *args[] = { tm_course_id(next) };
		char *cmd = tools_follow_up("learn", NULL, args, 1);
		printf("\n%sNext step:%s %s\n", term_style(&t, "bold"), term_style(&t, "reset"),
		       cmd != NULL ? cmd : "");
		free(cmd);
	} else if (n > 0 && below > 0) {
		printf("\nEvery course is finished, but %zu module%s %s below the pass mark (see "
		       "above).\n", below, below == 1 ? "" : "s", below == 1 ? "is" : "are");
	} else if (n > 0) {
		printf("\nEvery course is finished. Well done.\n");
	}
	show_more(&t);
	char next_id[128] = "";
	if (next != NULL)
		snprintf(next_id, sizeof(next_id), "%s", tm_course_id(next));
	int rc = store_ok ? 0 : EXIT_BAD_INPUT;
	tm_diags_release(&d);
	tm_store_close(s);
	tm_content_free(c);
	if (rc == 0 && next_id[0] != '\0' && offer_to_start(&t, next_id))
		return start_course(next_id);
	return rc;
}
