/*
 * learn_exercise.c: the steps of a scenario exercise in `tmdojo learn`: what
 * each step shows and asks, the result of each answer (the threats found and
 * missed, the top three, the remediation of the learner's top three and the
 * reference's with the due windows of the content's remediation policy, and which assets and
 * scope items the learner named), and the answer key at the end.
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

/* ---- exercises --------------------------------------------------------------------- */

static const char *const step_titles[TM_STEP_COUNT] = {
	[TM_STEP_READ] = "Read the design",
	[TM_STEP_ASSETS] = "List the assets",
	[TM_STEP_SCOPE] = "Agree on the scope",
	[TM_STEP_THREATS] = "Find threats",
	[TM_STEP_TOP_THREE] = "Pick your top three",
	[TM_STEP_REMEDIATION] = "Decide on remediation",
};

static const char *const step_asks[TM_STEP_COUNT] = {
	[TM_STEP_ASSETS] = "What is worth protecting here? One asset per line.",
	[TM_STEP_SCOPE] = "What is in scope? One item per line; start out-of-scope items with "
			  "\"out:\" (or list them under \"Out of scope:\").",
	[TM_STEP_THREATS] = "What can go wrong? One threat per line, as specific as you can "
			    "(who does what, to which asset, how). Label a line with its STRIDE "
			    "category (\"Spoofing: ...\", or lines under a \"Spoofing:\" line) "
			    "and a severity (\"(high)\") to have your sorting checked too.",
	[TM_STEP_TOP_THREE] = "Which three threats matter most? One per line, most important "
			      "first.",
	[TM_STEP_REMEDIATION] = "For each of your top three: the fix, and when your "
				"organization's policy says it is due. One per line.",
};

/* The read step asks nothing, so "?" never reaches it: its hints are shown
 * with the design, all at once. The exercise's own when it has any, else the
 * step's generic one (the runner's hint at this step). */
static void show_reading_tips(struct ui *u, const struct tm_exercise *e)
{
	size_t own = tm_exercise_hint_count(e, TM_STEP_READ);
	const char *generic = own == 0 ? tm_runner_hint(u->runner) : NULL;
	if (own == 0 && generic == NULL)
		return;
	printf("\n%sReading tips%s\n", S(u, "bold"), S(u, "reset"));
	for (size_t i = 0; i < own; i++)
		ui_rendered_hanging(&u->t, "- ", tm_exercise_hint(e, TM_STEP_READ, i));
	if (generic != NULL)
		ui_rendered_hanging(&u->t, "- ", generic);
}

/* Appends text to f, ending it with a newline when it has none (as term_page()
 * ends its last line). */
static void put_lines(FILE *f, const char *text)
{
	size_t n = strlen(text);
	fputs(text, f);
	if (n > 0 && text[n - 1] != '\n')
		fputc('\n', f);
}

/* Writes the step above the document (lead, may be NULL), the rendered
 * document (doc, may be NULL) and the diagram to f. */
static void write_design(FILE *f, struct ui *u, const struct tm_exercise *e, const char *lead,
			 const char *doc)
{
	if (lead != NULL)
		fputs(lead, f);
	if (doc != NULL)
		put_lines(f, doc);
	if (tm_exercise_diagram(e) != NULL) {
		fprintf(f, "\n%sDiagram%s\n", S(u, "bold"), S(u, "reset"));
		put_lines(f, tm_exercise_diagram(e));
	}
}

bool learn_show_design(struct ui *u, const struct tm_exercise *e, const char *lead)
{
	char *doc = render_markdown_glyphs(tm_exercise_document(e), u->t.width, u->t.color,
					   u->t.utf8);
	char *page = NULL;
	size_t len = 0;
	/* one text paged at once: the step above the document, the document and
	 * the diagram share screens, so none of them scrolls away before a pause */
	FILE *f = open_memstream(&page, &len);
	if (f != NULL)
		write_design(f, u, e, lead, doc);
	if (f == NULL || fclose(f) != 0) {
		/* no memory to page it: shown whole, and the session goes on */
		free(page);
		write_design(stdout, u, e, lead, doc);
		free(doc);
		return true;
	}
	free(doc);
	bool going = term_page(&u->t, page);
	free(page);
	return going;
}

/* At the remediation step: the learner's top three as they wrote it (kept
 * from the top-three step, or read back from the store after a resume), so
 * that the fixes are written for what they picked. */
static void show_picks(struct ui *u, const struct tm_run_step *st)
{
	size_t n = st->top_submission != NULL ? grader_submission_line_count(st->top_submission) : 0;
	if (n == 0)
		return;
	ui_styled(&u->t, "dim", "Your top three:");
	for (size_t i = 0; i < n; i++) {
		char lead[32];
		snprintf(lead, sizeof(lead), "  %zu. ", i + 1);
		render_hanging(stdout, u->t.width, lead,
			       grader_submission_line(st->top_submission, i));
	}
}

/* Writes the read step's title, time box (box minutes, 0: none) and the
 * exercise's summary to f. */
static void write_read_lead(FILE *f, struct ui *u, const struct tm_exercise *e,
			    const char *head, int box)
{
	learn_write_heading(f, u, head, step_titles[TM_STEP_READ]);
	if (box > 0)
		fprintf(f, "%sTime box: %d minutes.%s\n", S(u, "dim"), box, S(u, "reset"));
	char *summary = render_markdown_glyphs(tm_exercise_summary(e), u->t.width, u->t.color,
					       u->t.utf8);
	if (summary != NULL)
		fputs(summary, f);
	free(summary);
}

/* The read step: its title, time box (box minutes, 0: none) and the exercise's
 * summary, paged with the design and diagram. Returns false when the learner
 * quit the pager. */
static bool show_read_step(struct ui *u, const struct tm_exercise *e, const char *head,
			   int box)
{
	char *lead = NULL;
	size_t len = 0;
	/* no memory to page the step's lead: it goes out first, unpaged */
	FILE *f = open_memstream(&lead, &len);
	write_read_lead(f != NULL ? f : stdout, u, e, head, box);
	if (f != NULL && fclose(f) != 0) {
		free(lead);
		lead = NULL;
		write_read_lead(stdout, u, e, head, box);
	}
	bool going = learn_show_design(u, e, lead);
	free(lead);
	return going;
}

void learn_show_exercise_step(struct ui *u, const struct tm_run_step *st)
{
	const struct tm_exercise *e = st->exercise;
	enum tm_step s = st->ex_step;
	char head[300];
	snprintf(head, sizeof(head), "Exercise: %s, step %zu of %zu: ", tm_exercise_title(e),
		 st->ex_step_index + 1, tm_exercise_step_count(e));
	int box = tm_exercise_timebox(e, s);
	if (s == TM_STEP_READ) {
		if (!show_read_step(u, e, head, box)) {
			u->stopped = true;
			return;
		}
		show_reading_tips(u, e);
		return;
	}
	learn_print_heading(u, head, step_titles[s]);
	if (box > 0)
		printf("%sTime box: %d minutes.%s\n", S(u, "dim"), box, S(u, "reset"));
	render_hanging(stdout, u->t.width, "", step_asks[s]);
	if (s == TM_STEP_REMEDIATION)
		show_picks(u, st);
	/* the design is shown at the read step only, and a resume past it shows
	 * none: :design shows it again, as the steps' hints point into it */
	ui_styled(&u->t, "dim", s == TM_STEP_THREATS ?
		  "(finish with an empty line or \".\"; ? for a hint; :design shows the design "
		  "again; :edit uses $EDITOR, :file PATH reads a file)"
		  : "(finish with an empty line or \".\"; ? for a hint; :design shows the design "
		    "again)");
}

static const char *line_text(const struct tm_run_step *st, size_t idx)
{
	return st->submission != NULL && idx < grader_submission_line_count(st->submission)
		       ? grader_submission_line(st->submission, idx) : "";
}

/* The "why" of a credited line as a learner reads it. For an author pattern the
 * grader writes the pattern out ("pattern '\b(cvvs?|cvc)\b.{0,60}...' matched"):
 * code, and a give-away of what the key accepts; learn says what it means instead
 * (grade, keycheck and the trainer views keep the pattern). Aliases and shared
 * words are the key's and the learner's own words, shown as they are. */
static const char *learner_why(const char *why, char *buf, size_t size)
{
	const char *fixed;

	if (strncmp(why, "pattern '", 9) != 0)
		return why;
	/* the typos read as the key's words are the learner's to see */
	fixed = strstr(why, GRADER_WHY_CORRECTED);
	snprintf(buf, size, "matched a phrase the key's author listed for this threat%s",
		 fixed != NULL ? fixed : "");
	return buf;
}

/* One short line per learner line on which one of the key's patterns stopped at
 * the grader's match limit (counted as no match): the learner may have lost a
 * credit, and only the key's author can fix the pattern, so the trainer is to
 * be told. The pattern itself is not shown: it would give the key away. */
static void show_limit_notes(struct ui *u, const struct tm_run_step *st)
{
	const struct grader_result *r = st->result;
	long last = -1;

	for (size_t i = 0; i < grader_result_limit_count(r); i++) {
		size_t l = grader_result_limit_line(r, i);
		char text[200];

		if ((long)l == last)
			continue;
		last = (long)l;
		snprintf(text, sizeof(text), "one of the key's checks could not be completed on "
			 "your line %d, so it may have missed a credit: please tell your trainer.",
			 st->submission != NULL ? grader_submission_line_no(st->submission, l)
						: (int)l + 1);
		printf("\n");
		ui_wrapped(&u->t, "", "yellow", "Note: ", text);
	}
}

static void show_threat_result(struct ui *u, const struct tm_run_step *st)
{
	const struct grader_result *r = st->result;
	char score[32], points[96];
	snprintf(score, sizeof(score), "Score: %.0f%% ", grader_result_score(r));
	char got[32], of[32];
	snprintf(points, sizeof(points), "(%s of %s points, weighted by severity)",
		 render_points(got, sizeof(got), grader_result_points(r)),
		 render_points(of, sizeof(of), grader_result_max_points(r)));
	ui_wrapped(&u->t, "", "bold", score, points);
	learn_show_threat_lines(u, st);
	/* a quiz question says this in its grading detail */
	show_limit_notes(u, st);
}

/* The first STRIDE category name in stride (a bit set), or NULL. */
static const char *first_stride(unsigned stride)
{
	for (unsigned bit = 1; bit <= GRADER_STRIDE_E; bit <<= 1)
		if (stride & bit)
			return grader_stride_name(bit);
	return NULL;
}

/* The STRIDE category names in stride, joined with " and " ("spoofing and
 * tampering"), in buf. */
static const char *stride_names(unsigned stride, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (unsigned bit = 1; bit <= GRADER_STRIDE_E && n < size; bit <<= 1)
		if (stride & bit)
			n += (size_t)snprintf(buf + n, size - n, "%s%s", n > 0 ? " and " : "",
					      grader_stride_name(bit));
	return buf;
}

/* One note under a found threat, indented and in the warning colour. */
static void label_note(struct ui *u, const char *note)
{
	fputs(S(u, "yellow"), stdout);
	render_hanging(stdout, u->t.width, "      ", note);
	fputs(S(u, "reset"), stdout);
}

/* Where the learner's own labels on line (credited with threat t) differ from
 * the key's: "you labelled it spoofing; the key files it under
 * information-disclosure" (no category in common), "you rated it high; the key
 * rates it critical".
 * Classifying and rating are what the lessons teach, so a mismatch is worth a
 * line; agreement needs none. */
static void show_label_mismatch(struct ui *u, const struct tm_run_step *st, size_t t,
				size_t line)
{
	const struct grader_key *key = tm_exercise_key(st->exercise);
	unsigned mine = grader_submission_line_stride(st->submission, line);
	unsigned theirs = grader_threat_stride(key, t);
	enum grader_severity sev = grader_submission_line_severity(st->submission, line);
	enum grader_severity key_sev = grader_threat_severity(key, t);
	char note[512], my_names[192], key_names[192];

	if (mine != 0 && (mine & theirs) == 0 && theirs != 0) {
		snprintf(note, sizeof(note), "you labelled it %s; the key files it under %s",
			 stride_names(mine, my_names, sizeof(my_names)),
			 stride_names(theirs, key_names, sizeof(key_names)));
		label_note(u, note);
	}
	if (sev != GRADER_SEV_NONE && sev != key_sev) {
		snprintf(note, sizeof(note), "you rated it %s; the key rates it %s",
			 grader_severity_name(sev), grader_severity_name(key_sev));
		label_note(u, note);
	}
}

void learn_show_threat_lines(struct ui *u, const struct tm_run_step *st)
{
	const struct grader_result *r = st->result;
	const struct grader_key *key = tm_exercise_key(st->exercise);
	if (grader_result_found_count(r) > 0)
		printf("\n%sFound:%s\n", S(u, "green"), S(u, "reset"));
	for (size_t i = 0; i < grader_result_found_count(r); i++) {
		size_t t = grader_result_found_threat(r, i);
		char lead[128];
		snprintf(lead, sizeof(lead), "  + [%s, %s] ", grader_threat_id(key, t),
			 grader_severity_name(grader_threat_severity(key, t)));
		render_hanging(stdout, u->t.width, lead, grader_threat_title(key, t));
		const char *said = line_text(st, grader_result_found_line(r, i));
		size_t qn = strlen(said) + 3;
		char *quoted = malloc(qn);
		if (quoted != NULL) {
			snprintf(quoted, qn, "\"%s\"", said);
			ui_wrapped(&u->t, "      ", "", "your line: ", quoted);
		}
		free(quoted);
		const char *why = grader_result_found_why(r, i);
		char plain[512];
		if (why != NULL && why[0] != '\0') {
			why = learner_why(why, plain, sizeof(plain));
			size_t wn = strlen(why) + 3;
			char *paren = malloc(wn);
			if (paren != NULL) {
				snprintf(paren, wn, "(%s)", why);
				fputs(S(u, "dim"), stdout);
				render_hanging(stdout, u->t.width, "      ", paren);
				fputs(S(u, "reset"), stdout);
			}
			free(paren);
		}
		if (st->submission != NULL &&
		    grader_result_found_line(r, i) < grader_submission_line_count(st->submission))
			show_label_mismatch(u, st, t, grader_result_found_line(r, i));
	}
	if (grader_result_missed_count(r) > 0)
		printf("\n%sMissed: %zu threat%s. Hints:%s\n", S(u, "yellow"),
		       grader_result_missed_count(r), grader_result_missed_count(r) == 1 ? "" : "s",
		       S(u, "reset"));
	for (size_t i = 0; i < grader_result_missed_count(r); i++) {
		size_t t = grader_result_missed_threat(r, i);
		const char *hint = grader_threat_hint(key, t);
		const char *cat = first_stride(grader_threat_stride(key, t));
		char lead[128];
		snprintf(lead, sizeof(lead), "  - (%s, %s) ",
			 grader_severity_name(grader_threat_severity(key, t)),
			 cat != NULL ? cat : "threat");
		render_hanging(stdout, u->t.width, lead,
			       hint != NULL ? hint : "look again at the diagram for this category");
	}
	if (grader_result_unmatched_count(r) > 0) {
		char head[256];
		snprintf(head, sizeof(head), "%sNot matched to the key%s (not counted against "
			 "you: a specific threat the key lacks is worth discussing; a vague one "
			 "needs who does what to which asset):", S(u, "bold"), S(u, "reset"));
		printf("\n");
		render_hanging(stdout, u->t.width, "", head);
	}
	for (size_t i = 0; i < grader_result_unmatched_count(r); i++) {
		long c = grader_result_unmatched_closest(r, i);
		const char *said = line_text(st, grader_result_unmatched_line(r, i));
		char closest[160] = "";
		if (c >= 0)
			snprintf(closest, sizeof(closest), "%s(closest: %s, %.0f%% alike)%s",
				 S(u, "dim"), grader_threat_id(key, (size_t)c),
				 grader_result_unmatched_similarity(r, i) * 100, S(u, "reset"));
		/* the learner's line on one row of its own: "  ? " and two quotes */
		const char *dots = u->t.utf8 ? "\xe2\x80\xa6" : "...";
		size_t room = u->t.width > 10 ? (size_t)u->t.width - 6 : 4;
		size_t len = strlen(said), keep = len;
		if (render_display_width(said, len) > room)
			keep = render_fit_bytes(said, len, room - (u->t.utf8 ? 1 : 3));
		size_t n = keep + strlen(dots) + strlen(closest) + 8;
		char *text = malloc(n);
		if (text == NULL)
			continue;
		snprintf(text, n, "\"%.*s%s\" %s", (int)keep, said, keep < len ? dots : "",
			 closest);
		render_hanging(stdout, u->t.width, "  ? ", text);
		free(text);
	}
}

/* The threat the grader credited learner line idx with, or -1. */
static long credited_threat(const struct grader_result *r, size_t idx)
{
	for (size_t i = 0; i < grader_result_found_count(r); i++)
		if (grader_result_found_line(r, i) == idx)
			return (long)grader_result_found_threat(r, i);
	return -1;
}

/* Whether key threat t is one of the exercise's reference top three. */
static bool in_reference_top(const struct tm_exercise *e, size_t t)
{
	const struct grader_key *key = tm_exercise_key(e);
	for (size_t i = 0; i < tm_exercise_top_count(e); i++)
		if (grader_key_find(key, tm_exercise_top_threat(e, i)) == (long)t)
			return true;
	return false;
}

/* Whether the learner's threat list (st->threats_result) found key threat t;
 * true when the runner has no threat list to tell (nothing to mark). */
static bool in_threat_list(const struct tm_run_step *st, size_t t)
{
	const struct grader_result *r = st->threats_result;
	if (r == NULL)
		return true;
	for (size_t i = 0; i < grader_result_found_count(r); i++)
		if (grader_result_found_threat(r, i) == t)
			return true;
	return false;
}

/* n as a word for the small counts a top list has ("three"), else in digits;
 * buf or a constant. */
static const char *count_words(size_t n, char *buf, size_t size)
{
	static const char *const words[] = { "zero", "one", "two", "three", "four", "five" };
	if (n < sizeof(words) / sizeof(words[0]))
		return words[n];
	snprintf(buf, size, "%zu", n);
	return buf;
}

/* "Your top three, in your order: B12, B02, B01 - 2 of 3 are in the reference
 * top three.", then, with what the learner wrote, each pick the key credits
 * nothing for and each whose threat the learner's threat list did not find
 * (still graded: the mark says how a session picks). */
static void show_your_picks(struct ui *u, const struct tm_run_step *st)
{
	const struct tm_exercise *e = st->exercise;
	const struct grader_key *key = tm_exercise_key(e);
	size_t n = grader_submission_line_count(st->submission), shared = 0;
	char buf[32];
	char *list = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&list, &len);
	if (f == NULL)
		return;
	fprintf(f, "Your top %s, in your order: ", count_words(n, buf, sizeof(buf)));
	for (size_t i = 0; i < n; i++) {
		long t = credited_threat(st->result, i);
		fprintf(f, "%s%s", i > 0 ? ", " : "",
			t >= 0 ? grader_threat_id(key, (size_t)t) : "(no match)");
		shared += t >= 0 && in_reference_top(e, (size_t)t);
	}
	if (tm_exercise_top_count(e) > 0)
		fprintf(f, " - %zu of %zu %s in the reference top %s.", shared, n,
			shared == 1 ? "is" : "are",
			count_words(tm_exercise_top_count(e), buf, sizeof(buf)));
	if (fclose(f) == 0)
		render_hanging(stdout, u->t.width, "", list);
	free(list);
	for (size_t i = 0; i < n; i++) {
		long t = credited_threat(st->result, i);
		if (t >= 0 && in_threat_list(st, (size_t)t))
			continue;
		const char *said = line_text(st, i);
		size_t qn = strlen(said) + 160;
		char *text = malloc(qn);
		if (text == NULL)
			continue;
		if (t < 0)
			snprintf(text, qn, "pick %zu matched no threat of the key: \"%s\"", i + 1,
				 said);
		else
			snprintf(text, qn, "pick %zu (%s) is not in your threat list: in a session, "
				 "pick from the threats you found: \"%s\"", i + 1,
				 grader_threat_id(key, (size_t)t), said);
		render_hanging(stdout, u->t.width, t < 0 ? "  ? " : "  ! ", text);
		free(text);
	}
}

static void show_top_three(struct ui *u, const struct tm_run_step *st)
{
	const struct tm_exercise *e = st->exercise;
	const struct grader_key *key = tm_exercise_key(e);
	if (st->result != NULL && st->submission != NULL)
		show_your_picks(u, st);
	if (st->result != NULL)
		show_limit_notes(u, st);
	if (tm_exercise_top_count(e) == 0)
		return;
	printf("\n%sThe reference top three:%s\n", S(u, "bold"), S(u, "reset"));
	for (size_t i = 0; i < tm_exercise_top_count(e); i++) {
		long t = grader_key_find(key, tm_exercise_top_threat(e, i));
		char lead[128];
		snprintf(lead, sizeof(lead), "  %zu. [%s] ", i + 1, tm_exercise_top_threat(e, i));
		render_hanging(stdout, u->t.width, lead,
			       t >= 0 ? grader_threat_title(key, (size_t)t) : "");
		if (tm_exercise_top_why(e, i) != NULL)
			ui_wrapped(&u->t, "     ", "", "why: ", tm_exercise_top_why(e, i));
	}
}

static void show_mitigations(struct ui *u, const struct grader_key *key, size_t t)
{
	for (size_t j = 0; j < grader_threat_mitigation_count(key, t); j++)
		ui_wrapped(&u->t, "      ", "green", "fix: ", grader_threat_mitigation(key, t, j));
}

/* ---- what the learner named: assets and scope -------------------------------------- */

/* The two sides of the scope step; the assets step uses only NAMED_IN. */
enum { NAMED_IN, NAMED_OUT, NAMED_SIDES };

/* A learner's line that names a reference item on the other side of the line. */
struct named_mistake {
	char *line;      /* the learner's words, prefix stripped; owned */
	int put;         /* the side the learner put it on */
	size_t item;     /* the reference item it names, on the other side */
};

/* Which reference items the learner's lines name, each line crediting only its
 * closest item (closest_item()). */
struct named {
	size_t count[NAMED_SIDES];
	bool *hit[NAMED_SIDES];              /* hit[side][i]: item i named on its side */
	struct named_mistake *mistakes;      /* scope items put on the wrong side */
	size_t mistake_count;
	struct keyed *keys;                  /* keys of the texts compared to (similar()) */
	size_t key_count;
};

/* A text prepared as a grader key once for all the lines of an answer: items,
 * their parts, lines and words are compared many times each, and preparing a
 * key is most of grader_text_similarity()'s cost. */
struct keyed {
	char *text;
	struct grader_key *key;   /* NULL when rc is not GRADER_OK */
	int rc;
};

/* grader_text_similarity(lex, answer, accepted), with accepted's key kept in n
 * for the next comparison to it: 0 when accepted has no words, -1 when memory
 * ran out (as grader_text_similarity says). */
static double similar(struct named *n, const struct grader_lexicon *lex, const char *answer,
		      const char *accepted)
{
	struct keyed *k = NULL;
	for (size_t i = 0; i < n->key_count && k == NULL; i++)
		if (strcmp(n->keys[i].text, accepted) == 0)
			k = &n->keys[i];
	if (k == NULL) {
		struct keyed *grown = realloc(n->keys, (n->key_count + 1) * sizeof(*grown));
		char *text = strdup(accepted);
		if (grown != NULL)
			n->keys = grown;
		if (grown == NULL || text == NULL) {
			free(text);
			return -1;
		}
		struct grader_key *key = NULL;
		int rc = grader_key_from_text(lex, accepted, &key);
		k = &n->keys[n->key_count++];
		*k = (struct keyed){ text, key, rc };
	}
	if (k->rc == GRADER_EINVALID)
		return 0;   /* nothing in the accepted text to be like */
	return k->rc == GRADER_OK ? grader_answer_similarity(k->key, answer, NULL, 0) : -1;
}

static size_t reference_count(const struct tm_exercise *e, enum tm_step s, int side)
{
	if (s == TM_STEP_ASSETS)
		return side == NAMED_IN ? tm_exercise_asset_count(e) : 0;
	return tm_exercise_scope_count(e, side == NAMED_IN);
}

static const char *reference_item(const struct tm_exercise *e, enum tm_step s, int side,
				  size_t i)
{
	return s == TM_STEP_ASSETS ? tm_exercise_asset_name(e, i)
				   : tm_exercise_scope(e, side == NAMED_IN, i);
}

/* The ways a scope line says its side, longest first (any case): "Out of scope:
 * SSO", "OOS: SSO", "out: SSO", "In scope - the API". Alone on a line (with or
 * without its ':'), one is a heading for the lines under it. */
static const struct {
	const char *word;
	int side;
	bool dash;   /* " - x" also ends it ("Out of scope - x"); "out - x" does not */
} scope_prefixes[] = {
	{ "out of scope", NAMED_OUT, true }, { "out-of-scope", NAMED_OUT, true },
	{ "in scope", NAMED_IN, true },      { "in-scope", NAMED_IN, true },
	{ "oos", NAMED_OUT, false },         { "out", NAMED_OUT, false },
	{ "in", NAMED_IN, false },
};

/* The length of the scope prefix line starts with, up to the text after it (0
 * when none; *side is then left as it was); *alone says it is all of the line. */
static size_t scope_prefix(const char *line, int *side, bool *alone)
{
	for (size_t i = 0; i < sizeof(scope_prefixes) / sizeof(scope_prefixes[0]); i++) {
		size_t len = strlen(scope_prefixes[i].word);
		if (strncasecmp(line, scope_prefixes[i].word, len) != 0)
			continue;
		const char *p = line + len, *rest = p + strspn(p, " \t");
		if (*p == ':')
			rest = p + 1;
		else if (scope_prefixes[i].dash && (*rest == '-' || strncmp(rest, "\xe2\x80\x93", 3) == 0) &&
			 rest > p)
			rest += *rest == '-' ? 1 : 3;
		else if (*rest != '\0' || !scope_prefixes[i].dash)
			continue;
		rest += strspn(rest, " \t");
		*side = scope_prefixes[i].side;
		*alone = *rest == '\0';
		return (size_t)(rest - line);
	}
	return 0;
}

/* line without its list marker (or a Markdown heading's #s) and, at the scope
 * step, its scope prefix ("out:", "Out of scope:", "OOS:", "in:"...), which sets
 * *side; a line without one is on *heading's side, and a prefix alone on its line
 * ("Out of scope:") sets *heading for the lines under it and leaves no text.
 * Returns a pointer into line. */
static const char *named_text(const char *line, bool scope, int *heading, int *side)
{
	*side = scope ? *heading : NAMED_IN;
	line += strspn(line, " \t");
	if ((line[0] == '-' || line[0] == '*' || line[0] == '+') &&
	    (line[1] == ' ' || line[1] == '\t'))
		line += 1 + strspn(line + 1, " \t");
	else if (scope && line[0] == '#')
		line += strspn(line, "#") + strspn(line + strspn(line, "#"), " \t");
	bool alone = false;
	size_t len = scope ? scope_prefix(line, side, &alone) : 0;
	if (alone) {
		*heading = *side;
		return line + strlen(line);
	}
	line += len;
	return line + strspn(line, " \t");
}

/* A word in this many items of a list or more is the list's ubiquitous word
 * ("tenant" in an exercise where most assets are a tenant's): sharing it says
 * nothing about which item a line names. */
enum { UBIQUITOUS_ITEMS = 3 };

/* Whether the word p[0..len) is in UBIQUITOUS_ITEMS or more items of side (as
 * the grader compares words: stems, synonyms). */
static bool ubiquitous(const struct grader_lexicon *lex, const struct tm_exercise *e,
		       enum tm_step s, struct named *n, int side, const char *p, size_t len)
{
	char word[64];
	if (len >= sizeof(word))
		return false;
	memcpy(word, p, len);
	word[len] = '\0';
	size_t items = 0;
	for (size_t j = 0; j < n->count[side] && items < UBIQUITOUS_ITEMS; j++)
		items += similar(n, lex, reference_item(e, s, side, j), word) >= 0.5;
	return items >= UBIQUITOUS_ITEMS;
}

/* text with the ubiquitous words of side's list blanked out; NULL when out of
 * memory. Caller frees. */
static char *without_ubiquitous(struct ui *u, const struct tm_exercise *e, enum tm_step s,
				struct named *n, const char *text, int side)
{
	const struct grader_lexicon *lex = tm_content_lexicon(u->content);
	char *out = strdup(text);
	if (out == NULL)
		return NULL;
	for (char *p = out; *p != '\0';) {
		size_t len = 0;
		while (p[len] != '\0' && (isalnum((unsigned char)p[len]) || (p[len] & 0x80)))
			len++;
		if (len == 0) {
			p++;
			continue;
		}
		if (ubiquitous(lex, e, s, n, side, p, len))
			memset(p, ' ', len);
		p += len;
	}
	return out;
}

/* The larger of alike (the similarities of text and item added both ways, when
 * each is 0.5 or more) for the parts of item: its pieces between ", " and " and "
 * outside parentheses ("identity graph" of "identity graph, device signatures and
 * predicted traits"); 0 when none is alike so, or memory ran out. */
static double alike_part(struct named *n, const struct grader_lexicon *lex, const char *text,
			 const char *item)
{
	char *copy = strdup(item);
	double best = 0;
	if (copy == NULL)
		return 0;
	int depth = 0;
	for (char *part = copy, *p = copy;; p++) {
		depth += *p == '(' ? 1 : *p == ')' && depth > 0 ? -1 : 0;
		size_t cut = *p == '\0' ? 1 : depth > 0 ? 0 : strncmp(p, ", ", 2) == 0 ? 2
			     : strncmp(p, " and ", 5) == 0 ? 5 : 0;
		if (cut == 0)
			continue;
		bool end = *p == '\0';
		*p = '\0';
		if (part != copy || !end) {   /* an item of one part is the whole */
			double sim = similar(n, lex, text, part);
			double back = similar(n, lex, part, text);
			if (sim >= 0.5 && back >= 0.5 && sim + back > best)
				best = sim + back;
		}
		if (end)
			break;
		part = p + cut;
		p += cut - 1;
	}
	free(copy);
	return best;
}

/* The item of side that text names most closely, -1 for none, -2 when out of
 * memory. Text names an item when it shares a key word with it besides the
 * list's ubiquitous words ("tenant isolation" shares only "tenant" with "tenant
 * server keys, user API tokens and support sessions", in an exercise where most
 * assets are a tenant's) and the grader's similarity of text to it is 0.5 or
 * more, or 0.45 or more both ways (the grader's score for two shared key words:
 * "the SDK code served from our CDN" and "the SDK as delivered from the CDN and
 * npm"), or 0.5 or more both ways to one of its parts (alike_part()). Among
 * those, the closest is the one most alike both ways: the similarity alone
 * favours short items ("survey answers" is 0.8 of "survey questions" and less of
 * "survey answers and free-text comments"). */
static long closest_item(struct ui *u, const struct tm_exercise *e, enum tm_step s,
			 struct named *n, const char *text, int side)
{
	const struct grader_lexicon *lex = tm_content_lexicon(u->content);
	char *distinct = without_ubiquitous(u, e, s, n, text, side);
	if (distinct == NULL)
		return -2;
	long best = -1;
	double best_alike = 0;
	for (size_t i = 0; i < n->count[side]; i++) {
		const char *item = reference_item(e, s, side, i);
		double sim = similar(n, lex, text, item);
		double back = similar(n, lex, item, text);
		double alike = sim >= 0.5 || (sim >= 0.45 && back >= 0.45) ? sim + back : 0;
		double part = alike_part(n, lex, text, item);
		alike = part > alike ? part : alike;
		if (alike == 0 || !(similar(n, lex, distinct, item) > 0))
			continue;
		if (best < 0 || alike > best_alike) {
			best = (long)i;
			best_alike = alike;
		}
	}
	free(distinct);
	return best;
}

/* Credits one learner line (text, put on side) to the item of that side it
 * names most closely; a line that names none there but names an item on the
 * other side is a scope mistake, recorded with the line. Returns false when
 * memory ran out. */
static bool name_one(struct ui *u, const struct tm_exercise *e, enum tm_step s,
		     struct named *n, const char *text, int side)
{
	long item = closest_item(u, e, s, n, text, side);
	if (item >= 0) {
		n->hit[side][item] = true;
		return true;
	}
	if (item == -2)
		return false;
	int other = NAMED_SIDES - 1 - side;
	item = closest_item(u, e, s, n, text, other);
	if (item < 0)
		return item != -2;
	struct named_mistake *grown = realloc(n->mistakes,
					      (n->mistake_count + 1) * sizeof(*grown));
	if (grown == NULL)
		return false;
	n->mistakes = grown;
	char *copy = strdup(text);
	if (copy == NULL)
		return false;
	n->mistakes[n->mistake_count++] = (struct named_mistake){ copy, side, (size_t)item };
	return true;
}

static void named_release(struct named *n)
{
	for (int sd = 0; sd < NAMED_SIDES; sd++)
		free(n->hit[sd]);
	for (size_t i = 0; i < n->mistake_count; i++)
		free(n->mistakes[i].line);
	free(n->mistakes);
	for (size_t i = 0; i < n->key_count; i++) {
		free(n->keys[i].text);
		grader_key_free(n->keys[i].key);
	}
	free(n->keys);
	memset(n, 0, sizeof(*n));
}

/* Matches the learner's answer (one item per line) to the reference list(s) of
 * step s. Returns true and fills *n (release with named_release()); false when
 * memory ran out (*n released). */
static bool named_match(struct ui *u, const struct tm_exercise *e, enum tm_step s,
			const char *answer, struct named *n)
{
	int heading = NAMED_IN;   /* the side of lines under "Out of scope:" or "In scope:" */
	memset(n, 0, sizeof(*n));
	for (int sd = 0; sd < NAMED_SIDES; sd++) {
		n->count[sd] = reference_count(e, s, sd);
		n->hit[sd] = calloc(n->count[sd] + 1, sizeof(bool));
		if (n->hit[sd] == NULL)
			goto fail;
	}
	for (const char *p = answer != NULL ? answer : ""; *p != '\0';) {
		const char *nl = strchr(p, '\n');
		size_t len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		char *line = strndup(p, len);
		if (line == NULL)
			goto fail;
		int side;
		const char *text = named_text(line, s == TM_STEP_SCOPE, &heading, &side);
		bool ok = text[0] == '\0' || name_one(u, e, s, n, text, side);
		free(line);
		if (!ok)
			goto fail;
		p += len + (nl != NULL);
	}
	return true;
fail:
	named_release(n);
	return false;
}

/* The reference list of one side, "+ " where the learner named an item. */
static void show_named_side(struct ui *u, const struct tm_exercise *e, const struct named *n,
			    int side)
{
	if (n->count[side] == 0)
		return;
	printf("%s%s%s (+ where you named it):\n", S(u, "bold"),
	       side == NAMED_IN ? "In scope" : "Out of scope", S(u, "reset"));
	for (size_t i = 0; i < n->count[side]; i++)
		render_hanging(stdout, u->t.width, n->hit[side][i] ? "  + " : "  - ",
			       tm_exercise_scope(e, side == NAMED_IN, i));
}

static void show_scope_result(struct ui *u, const struct tm_run_step *st)
{
	const struct tm_exercise *e = st->exercise;
	struct named n;
	if (!named_match(u, e, TM_STEP_SCOPE, st->answer, &n)) {
		fprintf(stderr, "tmdojo: out of memory\n");
		return;
	}
	show_named_side(u, e, &n, NAMED_IN);
	show_named_side(u, e, &n, NAMED_OUT);
	if (n.mistake_count > 0) {
		char head[128];
		snprintf(head, sizeof(head), "%sScope mistakes%s (on the other side of the line "
			 "in the reference):", S(u, "yellow"), S(u, "reset"));
		render_hanging(stdout, u->t.width, "", head);
	}
	for (size_t i = 0; i < n.mistake_count; i++) {
		const struct named_mistake *m = &n.mistakes[i];
		bool put_out = m->put == NAMED_OUT;
		const char *item = tm_exercise_scope(e, put_out, m->item);
		size_t len = strlen(m->line) + strlen(item) + 96;
		char *text = malloc(len);
		if (text == NULL)
			break;
		snprintf(text, len, "you put \"%s\" %s scope; the reference has it %s scope: %s",
			 m->line, put_out ? "out of" : "in", put_out ? "in" : "out of", item);
		render_hanging(stdout, u->t.width, "  ! ", text);
		free(text);
	}
	named_release(&n);
}

static void show_assets_result(struct ui *u, const struct tm_run_step *st)
{
	const struct tm_exercise *e = st->exercise;
	struct named n;
	if (!named_match(u, e, TM_STEP_ASSETS, st->answer, &n)) {
		fprintf(stderr, "tmdojo: out of memory\n");
		return;
	}
	fputs(S(u, "bold"), stdout);
	render_hanging(stdout, u->t.width, "",
		       "Assets in the reference model (+ where you named one):");
	fputs(S(u, "reset"), stdout);
	for (size_t i = 0; i < tm_exercise_asset_count(e); i++) {
		const char *why = tm_exercise_asset_why(e, i);
		size_t len = strlen(tm_exercise_asset_name(e, i)) + 64 +
			     (why != NULL ? strlen(why) : 0);
		char *text = malloc(len);
		if (text == NULL)
			break;
		snprintf(text, len, "%s (%s)%s%s", tm_exercise_asset_name(e, i),
			 tm_data_class_name(tm_exercise_asset_class(e, i)),
			 why != NULL ? ": " : "", why != NULL ? why : "");
		render_hanging(stdout, u->t.width, n.hit[NAMED_IN][i] ? "  + " : "  - ", text);
		free(text);
	}
	named_release(&n);
}

/* ---- remediation ------------------------------------------------------------------- */

/* Key threat t's remediation: "[B12, critical] title" after lead (a pick
 * number or blanks), the key's fixes, and the due window of its severity in the
 * content's remediation policy (policy.yaml at the content root, else the
 * common default the Live course teaches), said to be which of the two. */
static void show_threat_remediation(struct ui *u, const struct grader_key *key, size_t t,
				    const char *lead)
{
	enum grader_severity sev = grader_threat_severity(key, t);
	const char *name = grader_severity_name(sev);
	const char *window = tm_content_remediation_window(u->content, sev);
	char head[160], due[200];
	snprintf(head, sizeof(head), "%s[%s, %s] ", lead, grader_threat_id(key, t),
		 name != NULL ? name : "unrated");
	render_hanging(stdout, u->t.width, head, grader_threat_title(key, t));
	show_mitigations(u, key, t);
	if (name == NULL || window == NULL)
		return;
	snprintf(due, sizeof(due), "%s: %s (%s)", name, window,
		 tm_content_remediation_is_policy(u->content) ? "your organization's policy"
							      : "a common default window");
	ui_wrapped(&u->t, "      ", "yellow", "due: ", due);
}

/* The idx-th line of text that is not blank (0-based), as a new string (caller
 * frees); NULL when text has fewer, or memory ran out. The remediation step asks
 * one line per pick, in the picks' order. */
static char *answer_line(const char *text, size_t idx)
{
	for (const char *p = text != NULL ? text : ""; *p != '\0';) {
		const char *nl = strchr(p, '\n');
		size_t len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		if (strspn(p, " \t\r") < len && idx-- == 0)
			return strndup(p, len);
		p += len + (nl != NULL);
	}
	return NULL;
}

/* "an owner, a review date and the reasoning": the parts of an accepted-risk
 * record among bits (TM_ACCEPT_*) that are set (want true) or not, in buf. */
static const char *record_parts(unsigned bits, bool want, char *buf, size_t size)
{
	static const struct { unsigned bit; const char *name; } parts[] = {
		{ TM_ACCEPT_OWNER, "an owner (who accepts it and answers for it)" },
		{ TM_ACCEPT_REVIEW, "a review date (when it is looked at again)" },
		{ TM_ACCEPT_REASON, "the reasoning (why the risk is acceptable)" },
	};
	size_t n = 0, k = 0, used = 0;
	for (size_t i = 0; i < 3; i++)
		n += ((bits & parts[i].bit) != 0) == want;
	buf[0] = '\0';
	for (size_t i = 0; i < 3 && used < size; i++) {
		if (((bits & parts[i].bit) != 0) != want)
			continue;
		k++;
		used += (size_t)snprintf(buf + used, size - used, "%s%s",
					 k == 1 ? "" : k == n ? " and " : ", ", parts[i].name);
	}
	return buf;
}

/* A pick whose remediation line accepts the risk (bits from
 * tm_remediation_acceptance()): what the record holds and lacks, what the
 * course says of accepting a high or critical threat, then the key's first fix
 * (when the key credits the pick, t >= 0) as the alternative, with no window. */
static void show_acceptance(struct ui *u, const struct grader_key *key, long t, unsigned bits)
{
	char have[256], lack[256], text[700];
	unsigned all = TM_ACCEPT_OWNER | TM_ACCEPT_REVIEW | TM_ACCEPT_REASON;
	if ((bits & all) == all)
		snprintf(text, sizeof(text), "you accept the risk. Your record has %s.",
			 record_parts(bits, true, have, sizeof(have)));
	else if ((bits & all) == 0)
		snprintf(text, sizeof(text), "you accept the risk. An accepted risk is written "
			 "down with %s: your line has none of them.",
			 record_parts(bits, false, lack, sizeof(lack)));
	else
		snprintf(text, sizeof(text), "you accept the risk. Your record has %s; it lacks "
			 "%s.", record_parts(bits, true, have, sizeof(have)),
			 record_parts(bits, false, lack, sizeof(lack)));
	ui_wrapped(&u->t, "      ", "yellow", "accepted: ", text);
	if (t < 0)
		return;
	enum grader_severity sev = grader_threat_severity(key, (size_t)t);
	char critical[300];
	snprintf(critical, sizeof(critical), "accepting a critical threat does not fit its "
		 "severity: it gets a ticket with a short-term deadline. Your policy also says "
		 "who may accept what (%s show live/remediation).", tools_self());
	if (sev == GRADER_SEV_CRITICAL)
		ui_wrapped(&u->t, "      ", "yellow", "note: ", critical);
	else if (sev == GRADER_SEV_HIGH)
		ui_wrapped(&u->t, "      ", "yellow", "note: ", "many policies want a director's "
			   "or the security team's sign-off to accept a high risk: check who may "
			   "accept it under yours.");
	size_t fixes = grader_threat_mitigation_count(key, (size_t)t);
	if (fixes == 0)
		return;
	char more[64] = "";
	if (fixes > 1)
		snprintf(more, sizeof(more), " (%zu more fix%s in the answer key)", fixes - 1,
			 fixes - 1 == 1 ? "" : "es");
	size_t n = strlen(grader_threat_mitigation(key, (size_t)t, 0)) + sizeof(more);
	char *fix = malloc(n);
	if (fix == NULL)
		return;
	snprintf(fix, n, "%s%s", grader_threat_mitigation(key, (size_t)t, 0), more);
	ui_wrapped(&u->t, "      ", "green", "if you fix it instead: ", fix);
	free(fix);
}

/* The head of a pick the learner accepts the risk of: "[W02, critical] title". */
static void show_threat_head(struct ui *u, const struct grader_key *key, size_t t,
			     const char *lead)
{
	const char *name = grader_severity_name(grader_threat_severity(key, t));
	char head[160];
	snprintf(head, sizeof(head), "%s[%s, %s] ", lead, grader_threat_id(key, t),
		 name != NULL ? name : "unrated");
	render_hanging(stdout, u->t.width, head, grader_threat_title(key, t));
}

/* Whether the learner's top three (st->top_result) credits key threat t. */
static bool learner_picked(const struct tm_run_step *st, size_t t)
{
	const struct grader_result *r = st->top_result;
	for (size_t i = 0; r != NULL && i < grader_result_found_count(r); i++)
		if (grader_result_found_threat(r, i) == t)
			return true;
	return false;
}

/* The remediation of each of the learner's picks, in their order (a pick the
 * key credits nothing for is named as such: the key has no fix to compare). A pick
 * whose line of the answer (line i answers pick i) accepts the risk gets the
 * check of its accepted-risk record instead of the fixes and window. */
static void show_your_remediation(struct ui *u, const struct tm_run_step *st)
{
	const struct grader_key *key = tm_exercise_key(st->exercise);
	size_t n = grader_submission_line_count(st->top_submission);
	char buf[32], head[96];
	snprintf(head, sizeof(head), "Remediation for your top %s, in your order:",
		 count_words(n, buf, sizeof(buf)));
	fputs(S(u, "bold"), stdout);
	render_hanging(stdout, u->t.width, "", head);
	fputs(S(u, "reset"), stdout);
	for (size_t i = 0; i < n; i++) {
		long t = credited_threat(st->top_result, i);
		char lead[32];
		char *line = answer_line(st->answer, i);
		unsigned accepted = tm_remediation_acceptance(line);
		free(line);
		snprintf(lead, sizeof(lead), "  %zu. ", i + 1);
		if (t >= 0 && accepted != 0) {
			show_threat_head(u, key, (size_t)t, lead);
			show_acceptance(u, key, t, accepted);
			continue;
		}
		if (t >= 0) {
			show_threat_remediation(u, key, (size_t)t, lead);
			continue;
		}
		const char *said = grader_submission_line(st->top_submission, i);
		size_t qn = strlen(said) + 96;
		char *text = malloc(qn);
		if (text == NULL)
			continue;
		snprintf(text, qn, "\"%s\" matched no threat of the key, so the key has no fix to "
			 "compare yours with", said);
		render_hanging(stdout, u->t.width, lead, text);
		free(text);
		if (accepted != 0)
			show_acceptance(u, key, -1, accepted);
	}
}

/*
 * The remediation step's result: the fixes of the learner's own top three (as
 * graded at the top-three step), then those of the reference top three not
 * among them; or, when the runner has no top three of the learner's, the
 * reference top three's. Each with the common default due window of its
 * severity, framed as the Live course frames it.
 */
static void show_remediation_result(struct ui *u, const struct tm_run_step *st)
{
	const struct tm_exercise *e = st->exercise;
	const struct grader_key *key = tm_exercise_key(e);
	bool yours = st->top_result != NULL && st->top_submission != NULL;
	bool headed = false;
	if (yours)
		show_your_remediation(u, st);
	for (size_t i = 0; i < tm_exercise_top_count(e); i++) {
		long t = grader_key_find(key, tm_exercise_top_threat(e, i));
		if (t < 0 || learner_picked(st, (size_t)t))
			continue;
		if (!headed) {
			printf("%s%s", yours ? "\n" : "", S(u, "bold"));
			render_hanging(stdout, u->t.width, "",
				       yours ? "The reference top three also includes:"
					     : "Remediation in the reference model:");
			fputs(S(u, "reset"), stdout);
		}
		headed = true;
		show_threat_remediation(u, key, (size_t)t, "  ");
	}
	if (yours || headed) {
		printf("\n");
		char note[300];
		/* a command to run names tmdojo as the learner started it (./tmdojo) */
		snprintf(note, sizeof(note), "The due windows are a common default: use your "
			 "organization's policy (%s show live/remediation).", tools_self());
		render_hanging(stdout, u->t.width, "",
			       tm_content_remediation_is_policy(u->content)
			       ? "The due windows are your organization's remediation policy." : note);
	}
}

void learn_show_exercise_result(struct ui *u, const struct tm_run_step *st)
{
	printf("\n");
	switch (st->ex_step) {
	case TM_STEP_ASSETS:
		show_assets_result(u, st);
		break;
	case TM_STEP_SCOPE:
		show_scope_result(u, st);
		break;
	case TM_STEP_THREATS:
		if (st->result != NULL)
			show_threat_result(u, st);
		break;
	case TM_STEP_TOP_THREE:
		show_top_three(u, st);
		break;
	case TM_STEP_REMEDIATION:
		show_remediation_result(u, st);
		break;
	default:
		break;
	}
}

void learn_show_exercise_key(struct ui *u, const struct tm_run_step *st)
{
	const struct grader_key *key = tm_exercise_key(st->exercise);
	learn_print_heading(u, "Answer key: ", tm_exercise_title(st->exercise));
	if (tm_exercise_scored(st->exercise))
		printf("Your threats score: %.0f%%%s\n", st->score,
		       st->passed ? "" : " (below half of the key: read the key closely)");
	/* marked as the assets and scope steps mark the reference: what to read
	 * most closely is what the list missed */
	bool marks = st->threats_result != NULL;
	if (marks)
		render_hanging(stdout, u->t.width, "", "(+ where your threat list found the "
			       "threat, - where it did not)");
	for (size_t t = 0; t < grader_key_threat_count(key); t++) {
		char lead[128];
		snprintf(lead, sizeof(lead), "%s[%s, %s] ",
			 !marks ? "  " : in_threat_list(st, t) ? "  + " : "  - ",
			 grader_threat_id(key, t),
			 grader_severity_name(grader_threat_severity(key, t)));
		render_hanging(stdout, u->t.width, lead, grader_threat_title(key, t));
		if (grader_threat_description(key, t) != NULL)
			render_hanging(stdout, u->t.width, "      ", grader_threat_description(key, t));
		show_mitigations(u, key, t);
	}
	if (tm_exercise_top_count(st->exercise) > 0)
		show_top_three(u, st);
}
