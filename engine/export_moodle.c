/*
 * export_moodle.c: the quiz questions of courses as a Moodle XML question bank
 * file (docs/EXPORT.md has the mapping, type by type).
 *
 * The document is built with libxml2's tree API (xmllib.h): every string goes
 * into a text node that the serializer escapes, so no content can become
 * markup. What escaping cannot fix, a character XML 1.0 does not allow at all
 * (most C0 controls, U+FFFE, U+FFFF), never reaches here: the content loader
 * refuses it (load_util.c), and libyaml hands over UTF-8 only.
 *
 * Text is exported with format="markdown": tmdojo's text is Markdown-ish
 * (docs/FORMAT.md "Lesson text") and Moodle renders its Markdown format. But
 * Markdown passes inline HTML through, so the text Moodle renders is written
 * with '<' and '&' as entities outside code (markdown_text()): the learner
 * sees what the author wrote, never markup of the author's.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_internal.h"
#include "wildcard.h"
#include "xmltree.h"

/* Moodle's question.idnumber column holds at most 100 characters. */
#define MOODLE_IDNUMBER_MAX 100

#define TEXT_FORMAT "markdown"

/* Everything one export needs. The only way it fails is running out of
 * memory: t.failed (later calls then do nothing, so builders need not check
 * every node). */
struct exporter {
	struct tm_xmltree t;
	xmlDocPtr doc;
	struct tm_diags *warnings, *diags;
	const char *file;   /* the module being exported, for warnings */
};

/* ==== Text ===================================================================================== */

static void oom(struct exporter *ex)
{
	ex->t.failed = true;
}

/* A child element holding text (tm_xml_el(): NULL text gives an empty
 * element). */
static xmlNodePtr el(struct exporter *ex, xmlNodePtr parent, const char *name, const char *text)
{
	return tm_xml_el(&ex->t, parent, NULL, name, text);
}

static void attr(struct exporter *ex, xmlNodePtr n, const char *name, const char *value)
{
	tm_xml_set_attr(&ex->t, n, name, value);
}

/* A growing string; failed once an allocation failed. */
struct buf {
	char *s;
	size_t len, cap;
	bool failed;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2;
		char *grown = realloc(b->s, cap);
		if (grown == NULL) {
			b->failed = true;
			return;
		}
		b->s = grown;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* Writes text[0..len) with '<' as "&lt;" and '&' as "&amp;". */
static void put_escaped(struct buf *b, const char *text, size_t len)
{
	size_t from = 0;
	for (size_t i = 0; i < len; i++) {
		if (text[i] != '<' && text[i] != '&')
			continue;
		put(b, text + from, i - from);
		put(b, text[i] == '<' ? "&lt;" : "&amp;", text[i] == '<' ? 4 : 5);
		from = i + 1;
	}
	put(b, text + from, len - from);
}

/* tm_inline_scan() callback: each run as the author wrote it, plain text
 * escaped, code as it is (Markdown escapes code itself). */
static void put_run(void *arg, const struct tm_inline *run)
{
	struct buf *b = arg;
	switch (run->kind) {
	case TM_INLINE_TEXT:
		put_escaped(b, run->text, run->len);
		break;
	case TM_INLINE_CODE:
		put(b, "`", 1);
		put(b, run->text, run->len);
		put(b, "`", 1);
		break;
	case TM_INLINE_STRONG:
		put(b, "**", 2);
		break;
	case TM_INLINE_EMPHASIS:
		put(b, "*", 1);
		break;
	}
}

/* Where markdown_text() is in its text. */
struct md_writer {
	struct buf *b;
	const char *at;       /* the text up to here is written */
};

/* tm_block_scan() callback: writes the text before the block as it is (the
 * fence lines and the code of a fenced block, which lie between the blocks'
 * lines), then, outside fenced code, each of the block's lines through
 * tm_inline_scan() with its line end as it is. */
static void put_block(void *arg, const struct tm_block *bl)
{
	struct md_writer *w = arg;
	if (bl->kind == TM_BLOCK_FENCE)
		return;   /* written as it is with the gap before the next block */
	put(w->b, w->at, (size_t)(bl->lines - w->at));
	const char *l = bl->lines, *line;
	size_t left = bl->lines_len, n;
	while (tm_block_line(&l, &left, &line, &n)) {
		tm_inline_scan(line, n, put_run, w->b);
		put(w->b, line + n, (size_t)(l - (line + n)));
	}
	w->at = bl->lines + bl->lines_len;
}

/*
 * text as Moodle's Markdown shows it as the author wrote it: Markdown passes
 * inline HTML through ("login <script>?" would reach the page as a tag), so
 * outside code '<' and '&' are written as the entities "&lt;" and "&amp;",
 * which Markdown shows as the characters. Code spans (found by
 * tm_inline_scan(), line by line) and fenced code blocks (found by
 * tm_block_scan(): ``` after any indent to the next) are left as they are,
 * Markdown escaping those itself: the code the terminal and the SCORM pages
 * show as code. Caller frees; NULL on ENOMEM.
 */
static char *markdown_text(const char *text)
{
	struct buf b = { NULL, 0, 0, false };
	struct md_writer w = { &b, text };
	put(&b, "", 0);
	tm_block_scan(text, put_block, &w);
	put(&b, w.at, strlen(w.at));
	if (b.failed) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

/* Element name holding text as Moodle's Markdown shows it (markdown_text()). */
static xmlNodePtr markdown_el(struct exporter *ex, xmlNodePtr parent, const char *name,
			      const char *text)
{
	if (ex->t.failed)
		return NULL;
	char *md = markdown_text(text != NULL ? text : "");
	if (md == NULL) {
		oom(ex);
		return NULL;
	}
	xmlNodePtr n = el(ex, parent, name, md);
	free(md);
	return n;
}

/* <name format="markdown"><text>text</text></name>, the text as
 * markdown_text() writes it; text NULL reads as "". */
static xmlNodePtr text_el(struct exporter *ex, xmlNodePtr parent, const char *name,
			  const char *text)
{
	xmlNodePtr n = el(ex, parent, name, NULL);
	attr(ex, n, "format", TEXT_FORMAT);
	markdown_el(ex, n, "text", text);
	return n;
}

/* A number as Moodle reads it: shortest "%g" form that survives the trip. */
static const char *num(double v, char *buf, size_t size)
{
	for (int prec = 6; prec <= 17; prec++) {
		snprintf(buf, size, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	return buf;
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void warn(struct exporter *ex, const struct tm_question *q, const char *fmt, ...)
{
	char text[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	tm_diags_add(ex->warnings, TM_OK, ex->file, q->line, q->column, "question '%s': %s",
		     q->id, text);
}

/* ==== Fractions ================================================================================ */

/*
 * Moodle accepts only grades from its list (question_bank::fraction_options_full:
 * 100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20,
 * 16.66667, 14.28571, 12.5, 11.11111, 10, 5, 0 and their negatives) and refuses
 * a file with any other. 100/n is on it for n = 1..10 and 20.
 */
static const char *share_of(size_t n)
{
	static const char *const shares[] = { NULL, "100", "50", "33.33333", "25", "20",
					      "16.66667", "14.28571", "12.5", "11.11111", "10" };
	if (n >= 1 && n <= 10)
		return shares[n];
	return n == 20 ? "5" : NULL;
}

/* ==== Question types =========================================================================== */

/* correctfeedback, partiallycorrectfeedback, incorrectfeedback (multichoice,
 * matching, ordering). tmdojo has no partially-correct text: Moodle shows the
 * incorrect one there too. */
static void combined_feedback(struct exporter *ex, xmlNodePtr qn, const struct tm_question *q)
{
	text_el(ex, qn, "correctfeedback", q->feedback_correct);
	text_el(ex, qn, "partiallycorrectfeedback", q->feedback_incorrect);
	text_el(ex, qn, "incorrectfeedback", q->feedback_incorrect);
}

/* <answer fraction="F" format="markdown"><text/><feedback/></answer>; the
 * text as markdown_text() writes it when Moodle shows it (shown), else as it
 * is (short and numerical answers, which Moodle compares with responses). */
static xmlNodePtr answer(struct exporter *ex, xmlNodePtr qn, const char *fraction,
			 const char *text, bool shown, const char *feedback)
{
	xmlNodePtr a = el(ex, qn, "answer", NULL);
	attr(ex, a, "fraction", fraction);
	attr(ex, a, "format", TEXT_FORMAT);
	if (shown)
		markdown_el(ex, a, "text", text);
	else
		el(ex, a, "text", text);
	text_el(ex, a, "feedback", feedback);
	return a;
}

/* single and multiple: multichoice. Returns false when the question cannot be
 * exported (said why in a warning). */
static bool export_choices(struct exporter *ex, xmlNodePtr qn, const struct tm_question *q,
			   bool shuffle)
{
	bool single = q->type == TM_Q_SINGLE;
	size_t n_right = 0;
	for (size_t i = 0; i < q->n_choices; i++)
		n_right += q->choices[i].correct;
	/* multiple: each right choice earns 1/n, each wrong one costs 1/n, the total
	 * floored at 0, as tmdojo grades; for 11..19 right choices Moodle has no 1/n,
	 * so the shares mix 10% and 5% */
	const char *right = single ? "100" : share_of(n_right);
	char wrong[32] = "0";
	size_t tens = 0;
	if (!single && right == NULL && n_right > 10 && n_right < 20) {
		tens = 20 - n_right;
		warn(ex, q, "Moodle has no grade of 1/%zu: %zu right choices earn 10%% and %zu earn "
		     "5%%, and a wrong one costs %s", n_right, tens, n_right - tens,
		     n_right < 14 ? "10%" : "5%");
		snprintf(wrong, sizeof(wrong), "-%s", n_right < 14 ? "10" : "5");
	} else if (!single && right == NULL) {
		warn(ex, q, "skipped: Moodle cannot share 100%% among %zu right choices (its "
		     "smallest grade is 5%%)", n_right);
		return false;
	} else if (!single) {
		snprintf(wrong, sizeof(wrong), "-%s", right);
	}
	el(ex, qn, "single", single ? "true" : "false");
	el(ex, qn, "shuffleanswers", shuffle ? "true" : "false");
	el(ex, qn, "answernumbering", "abc");
	combined_feedback(ex, qn, q);
	if (!single)
		el(ex, qn, "shownumcorrect", NULL);
	size_t seen_right = 0;
	for (size_t i = 0; i < q->n_choices; i++) {
		const struct tm_choice *ch = &q->choices[i];
		const char *f = wrong;
		if (ch->correct && tens > 0)
			f = seen_right++ < tens ? "10" : "5";
		else if (ch->correct)
			f = right;
		answer(ex, qn, f, ch->text, true, ch->feedback);
	}
	return true;
}

static void export_true_false(struct exporter *ex, xmlNodePtr qn, const struct tm_question *q)
{
	bool t = q->answer_bool;
	answer(ex, qn, t ? "100" : "0", "true", false, t ? q->feedback_correct : q->feedback_incorrect);
	answer(ex, qn, t ? "0" : "100", "false", false, t ? q->feedback_incorrect : q->feedback_correct);
}

/* A copy of s with esc written before every c (caller frees; NULL on
 * ENOMEM): Moodle's short answers read '*' as "any characters" and "\*" as a
 * star; its category paths separate levels with '/' and write a literal one
 * "//". */
static char *escape_char(const char *s, char c, char esc)
{
	size_t n = strlen(s), found = 0;
	for (size_t i = 0; i < n; i++)
		found += s[i] == c;
	char *out = malloc(n + found + 1);
	if (out == NULL)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == c)
			out[o++] = esc;
		out[o++] = s[i];
	}
	out[o] = '\0';
	return out;
}

/* Writes the wildcard answers of q's patterns (the ones in the form import
 * moodle-xml writes for a Moodle wildcard answer: wildcard_from_pattern) as
 * answers worth fraction, with the correct feedback. Returns how many, or -1
 * when memory ran out. count_only: count them, write nothing. */
static long wildcard_answers(struct exporter *ex, xmlNodePtr qn, const struct tm_question *q,
			     bool count_only)
{
	long n = 0;
	for (size_t i = 0; i < q->patterns.n; i++) {
		int nomem = 0;
		char *w = wildcard_from_pattern(q->patterns.v[i], &nomem);
		if (nomem)
			return -1;
		if (w == NULL)
			continue;
		if (!count_only)
			answer(ex, qn, "100", w, false, q->feedback_correct);
		free(w);
		n++;
	}
	return n;
}

static bool export_short(struct exporter *ex, xmlNodePtr qn, const struct tm_question *q)
{
	long wild = wildcard_answers(ex, qn, q, true);
	if (wild < 0) {
		oom(ex);
		return false;
	}
	size_t other = q->patterns.n - (size_t)wild;
	if (q->accept.n == 0 && wild == 0) {
		warn(ex, q, "skipped: it has only patterns (%zu), which Moodle's short answer "
		     "cannot express; add accepted answers to export it", q->patterns.n);
		return false;
	}
	/* distractors need no Moodle answer: Moodle matches the whole response,
	 * so a list of options ("spoofing, elevation of privilege") matches no
	 * accepted answer and is wrong there too */
	char left_out[160] = "", credited[128];
	if (q->distractors.n > 0)
		snprintf(left_out, sizeof(left_out), "; its %zu distractor(s) are left out (an "
			 "answer listing several options matches no accepted answer in Moodle either)",
			 q->distractors.n);
	if (wild == 0)
		snprintf(credited, sizeof(credited), "the %zu accepted answer(s)", q->accept.n);
	else if (q->accept.n == 0)
		snprintf(credited, sizeof(credited), "the %ld wildcard answer(s) of its patterns",
			 wild);
	else
		snprintf(credited, sizeof(credited), "the %zu accepted answer(s) and the %ld "
			 "wildcard answer(s) of its patterns", q->accept.n, wild);
	if (other > 0)
		warn(ex, q, "Moodle credits only %s as written (any case), not tmdojo's fuzzy "
		     "matching; its %zu %spattern(s) are left out%s", credited, other,
		     wild > 0 ? "other " : "", left_out);
	else
		warn(ex, q, "Moodle credits only %s as written (any case), not tmdojo's fuzzy "
		     "matching%s", credited, left_out);
	el(ex, qn, "usecase", "0");
	for (size_t i = 0; i < q->accept.n; i++) {
		char *text = escape_char(q->accept.v[i], '*', '\\');
		if (text == NULL) {
			oom(ex);
			return false;
		}
		answer(ex, qn, "100", text, false, q->feedback_correct);
		free(text);
	}
	/* a rejected answer: worth nothing, with its own feedback (else the
	 * incorrect one, as tmdojo shows); before the wildcards and the
	 * catch-all, which Moodle would match first (tmdojo refuses a rejected
	 * answer a pattern matches) */
	for (size_t i = 0; i < q->n_rejects; i++) {
		char *text = escape_char(q->rejects[i].answer, '*', '\\');
		if (text == NULL) {
			oom(ex);
			return false;
		}
		answer(ex, qn, "0", text, false, q->rejects[i].feedback != NULL ?
		       q->rejects[i].feedback : q->feedback_incorrect);
		free(text);
	}
	if (wildcard_answers(ex, qn, q, false) < 0) {
		oom(ex);
		return false;
	}
	/* any other answer: the incorrect feedback */
	if (q->feedback_incorrect != NULL)
		answer(ex, qn, "0", "*", false, q->feedback_incorrect);
	return true;
}

static void export_numeric(struct exporter *ex, xmlNodePtr qn, const struct tm_question *q)
{
	char buf[64];
	xmlNodePtr a = answer(ex, qn, "100", num(q->number, buf, sizeof(buf)), false,
			      q->feedback_correct);
	el(ex, a, "tolerance", num(q->tolerance, buf, sizeof(buf)));
	if (q->feedback_incorrect != NULL) {
		a = answer(ex, qn, "0", "*", false, q->feedback_incorrect);
		el(ex, a, "tolerance", "0");
	}
	if (q->unit != NULL) {
		/* the unit is optional, as in tmdojo: a number alone is graded */
		xmlNodePtr units = el(ex, qn, "units", NULL);
		xmlNodePtr u = el(ex, units, "unit", NULL);
		el(ex, u, "multiplier", "1");
		el(ex, u, "unit_name", q->unit);
		el(ex, qn, "unitgradingtype", "0");
		el(ex, qn, "unitpenalty", "0");
		el(ex, qn, "showunits", "0");
		el(ex, qn, "unitsleft", "0");
	}
}

static void export_matching(struct exporter *ex, xmlNodePtr qn, const struct tm_question *q)
{
	el(ex, qn, "shuffleanswers", "true");
	combined_feedback(ex, qn, q);
	el(ex, qn, "shownumcorrect", NULL);
	for (size_t i = 0; i < q->n_pairs; i++) {
		xmlNodePtr s = text_el(ex, qn, "subquestion", q->pairs[i].left);
		xmlNodePtr a = el(ex, s, "answer", NULL);
		el(ex, a, "text", q->pairs[i].right);
	}
	/* right-hand options no left goes with: distractors, as subquestions
	 * without text */
	for (size_t o = 0; o < q->options.n; o++) {
		bool used = false;
		for (size_t i = 0; i < q->n_pairs && !used; i++)
			used = strcmp(q->options.v[o], q->pairs[i].right) == 0;
		if (used)
			continue;
		xmlNodePtr s = text_el(ex, qn, "subquestion", "");
		xmlNodePtr a = el(ex, s, "answer", NULL);
		el(ex, a, "text", q->options.v[o]);
	}
}

/* ordering: Moodle's ordering question type (standard since Moodle 4.4); the
 * answers in their right order, each position credited (ABSOLUTE_POSITION), as
 * tmdojo credits each item in its place. */
static void export_ordering(struct exporter *ex, xmlNodePtr qn, const struct tm_question *q)
{
	char buf[32];
	el(ex, qn, "layouttype", "VERTICAL");
	el(ex, qn, "selecttype", "ALL");
	el(ex, qn, "selectcount", "0");
	el(ex, qn, "gradingtype", "ABSOLUTE_POSITION");
	el(ex, qn, "showgrading", "SHOW");
	el(ex, qn, "numberingstyle", "none");
	combined_feedback(ex, qn, q);
	el(ex, qn, "shownumcorrect", NULL);
	for (size_t i = 0; i < q->order.n; i++) {
		snprintf(buf, sizeof(buf), "%zu", i + 1);
		xmlNodePtr a = el(ex, qn, "answer", NULL);
		attr(ex, a, "fraction", buf);
		attr(ex, a, "format", TEXT_FORMAT);
		markdown_el(ex, a, "text", q->order.v[i]);
	}
}

/* The trainer's grading notes for a threat list: the key's threats. Caller
 * frees; NULL on ENOMEM. */
static char *key_notes(const struct tm_question *q)
{
	const struct tm_exercise *e = q->exercise;
	const struct grader_key *key = tm_exercise_key(e);
	size_t n = key != NULL ? grader_key_threat_count(key) : 0;
	struct buf b = { 0 };
	char pass[64], count[32];
	num(q->pass, pass, sizeof(pass));
	snprintf(count, sizeof(count), "%zu", n);
	const char *const head[] = {
		"Grade by hand against the answer key of exercise '", e->id, "' (", e->title,
		"): a learner passes at ", pass, "% of the key's severity-weighted threats "
		"(tmdojo grade --key exercises/", e->id, " grades it the same way). The key's ",
		count, " threats:\n\n",
	};
	for (size_t i = 0; i < sizeof(head) / sizeof(head[0]); i++)
		put(&b, head[i], strlen(head[i]));
	for (size_t i = 0; i < n; i++) {
		const char *sev = grader_severity_name(grader_threat_severity(key, i));
		unsigned st = grader_threat_stride(key, i);
		const char *const parts[] = { "- **", grader_threat_id(key, i), "** (",
					      sev != NULL ? sev : "none", "; " };
		for (size_t k = 0; k < sizeof(parts) / sizeof(parts[0]); k++)
			put(&b, parts[k], strlen(parts[k]));
		const char *sep = "";
		for (unsigned bit = 0; bit < 6; bit++) {
			if (!(st & (1u << bit)))
				continue;
			const char *name = grader_stride_name(1u << bit);
			put(&b, sep, strlen(sep));
			put(&b, name, strlen(name));
			sep = ", ";
		}
		const char *title = grader_threat_title(key, i);
		put(&b, "): ", 3);
		put(&b, title, strlen(title));
		put(&b, "\n", 1);
	}
	if (b.failed) {
		free(b.s);
		return NULL;
	}
	return b.s != NULL ? b.s : strdup("");
}

static bool export_threat_list(struct exporter *ex, xmlNodePtr qn, const struct tm_question *q)
{
	if (q->exercise == NULL) {
		warn(ex, q, "skipped: its exercise '%s' is not in the content", q->exercise_id);
		return false;
	}
	char *notes = key_notes(q);
	if (notes == NULL) {
		oom(ex);
		return false;
	}
	warn(ex, q, "Moodle cannot grade a threat list: exported as an essay for the trainer "
	     "to grade by hand, with the %zu threats of exercise '%s' in the grader information",
	     tm_exercise_key(q->exercise) != NULL ?
	     grader_key_threat_count(tm_exercise_key(q->exercise)) : 0, q->exercise->id);
	el(ex, qn, "responseformat", "plain");
	el(ex, qn, "responserequired", "1");
	el(ex, qn, "responsefieldlines", "15");
	el(ex, qn, "attachments", "0");
	el(ex, qn, "attachmentsrequired", "0");
	text_el(ex, qn, "graderinfo", notes);
	text_el(ex, qn, "responsetemplate", "");
	free(notes);
	return true;
}

/* ==== Questions, categories, document ========================================================= */

static const char *moodle_type(enum tm_question_type t)
{
	switch (t) {
	case TM_Q_SINGLE:
	case TM_Q_MULTIPLE:
		return "multichoice";
	case TM_Q_TRUE_FALSE:
		return "truefalse";
	case TM_Q_SHORT:
		return "shortanswer";
	case TM_Q_ORDERING:
		return "ordering";
	case TM_Q_MATCHING:
		return "matching";
	case TM_Q_NUMERIC:
		return "numerical";
	case TM_Q_THREAT_LIST:
		return "essay";
	case TM_Q_TYPE_COUNT:
		break;
	}
	return NULL;
}

/* Tags: the question's own, then its STRIDE categories not already among them. */
static void export_tags(struct exporter *ex, xmlNodePtr qn, const struct tm_question *q)
{
	if (q->tags.n == 0 && q->stride == 0)
		return;
	xmlNodePtr tags = el(ex, qn, "tags", NULL);
	for (size_t i = 0; i < q->tags.n; i++)
		el(ex, el(ex, tags, "tag", NULL), "text", q->tags.v[i]);
	for (unsigned b = 0; b < 6; b++) {
		if (!(q->stride & (1u << b)))
			continue;
		const char *name = grader_stride_name(1u << b);
		bool dup = false;
		for (size_t i = 0; i < q->tags.n && !dup; i++)
			dup = strcmp(q->tags.v[i], name) == 0;
		if (!dup)
			el(ex, el(ex, tags, "tag", NULL), "text", name);
	}
}

/* One question as a <question> element not yet in the document (caller adds
 * it, or frees it with free_node()); NULL when it is left out (said why in a
 * warning) or the export has failed. */
static xmlNodePtr export_question(struct exporter *ex, const struct tm_course *co,
				  const struct tm_module *m, const struct tm_item *it,
				  const struct tm_question *q)
{
	char buf[64], idnumber[3 * TM_ID_MAX + 3];
	const char *type = moodle_type(q->type);
	if (type == NULL)
		return NULL;
	xmlNodePtr qn = ex->t.x->new_node(NULL, BAD_CAST "question");
	if (qn == NULL) {
		oom(ex);
		return NULL;
	}
	attr(ex, qn, "type", type);
	el(ex, el(ex, qn, "name", NULL), "text", q->id);
	text_el(ex, qn, "questiontext", q->prompt);
	text_el(ex, qn, "generalfeedback", q->explanation);
	el(ex, qn, "defaultgrade", num(q->points, buf, sizeof(buf)));
	/* true-false: a second guess is right by elimination, and tmdojo gives it
	 * nothing; other types: Moodle's default penalty per extra try */
	el(ex, qn, "penalty", q->type == TM_Q_TRUE_FALSE ? "1" : "0.3333333");
	el(ex, qn, "hidden", "0");
	int n = snprintf(idnumber, sizeof(idnumber), "%s/%s/%s", co->id, m->id, q->id);
	if (n > MOODLE_IDNUMBER_MAX)
		warn(ex, q, "its id number '%s' is longer than Moodle's %d characters: exported "
		     "without one, so nothing in Moodle traces the question back to this file; "
		     "importing the file again adds a copy of every question (delete or move the "
		     "old ones first)", idnumber, MOODLE_IDNUMBER_MAX);
	else
		el(ex, qn, "idnumber", idnumber);
	bool ok = true;
	switch (q->type) {
	case TM_Q_SINGLE:
	case TM_Q_MULTIPLE:
		ok = export_choices(ex, qn, q, it->shuffle);
		break;
	case TM_Q_TRUE_FALSE:
		export_true_false(ex, qn, q);
		break;
	case TM_Q_SHORT:
		ok = export_short(ex, qn, q);
		break;
	case TM_Q_ORDERING:
		export_ordering(ex, qn, q);
		break;
	case TM_Q_MATCHING:
		export_matching(ex, qn, q);
		break;
	case TM_Q_NUMERIC:
		export_numeric(ex, qn, q);
		break;
	case TM_Q_THREAT_LIST:
		ok = export_threat_list(ex, qn, q);
		break;
	case TM_Q_TYPE_COUNT:
		ok = false;
		break;
	}
	for (size_t i = 0; i < q->hints.n; i++)
		text_el(ex, qn, "hint", q->hints.v[i]);
	export_tags(ex, qn, q);
	/* qn is not in the document yet: a skipped question is freed alone */
	if (!ok || ex->t.failed) {
		ex->t.x->free_node(qn);
		return NULL;
	}
	return qn;
}

static void export_category(struct exporter *ex, xmlNodePtr quiz, const struct tm_course *co,
			    const struct tm_module *m)
{
	char *course = escape_char(co->title, '/', '/'), *module = escape_char(m->title, '/', '/');
	char *path = NULL;
	if (course != NULL && module != NULL) {
		size_t size = strlen(course) + strlen(module) + 32;
		path = malloc(size);
		if (path != NULL)
			snprintf(path, size, "$course$/top/%s/%s", course, module);
	}
	if (path == NULL) {
		oom(ex);
	} else {
		xmlNodePtr qn = el(ex, quiz, "question", NULL);
		attr(ex, qn, "type", "category");
		el(ex, el(ex, qn, "category", NULL), "text", path);
	}
	free(course);
	free(module);
	free(path);
}

/* Module m's questions after its category; the category only when at least
 * one question is exported (a category of skipped questions would be an empty
 * one in the question bank). */
static void export_module(struct exporter *ex, xmlNodePtr quiz, const struct tm_course *co,
			  const struct tm_module *m)
{
	bool category = false;
	ex->file = m->file;
	for (size_t i = 0; i < m->n_items && !ex->t.failed; i++) {
		const struct tm_item *it = &m->items[i];
		if (it->kind != TM_ITEM_QUIZ)
			continue;
		for (size_t k = 0; k < it->n_questions && !ex->t.failed; k++) {
			xmlNodePtr qn = export_question(ex, co, m, it, &it->questions[k]);
			if (qn == NULL)
				continue;
			if (!category) {
				export_category(ex, quiz, co, m);
				category = true;
			}
			if (ex->t.failed || ex->t.x->add_child(quiz, qn) == NULL) {
				ex->t.x->free_node(qn);
				oom(ex);
			}
		}
	}
}

/* Resolves the course ids (unknown: TM_ENOTFOUND listing the known ones) into
 * picked (c->n_courses entries, in the order to export, duplicates dropped);
 * returns the status and the count in *n_picked. */
static int pick_courses(const struct tm_content *c, const char *const *ids, size_t n,
			const struct tm_course **picked, size_t *n_picked, struct tm_diags *diags)
{
	*n_picked = 0;
	if (n == 0) {
		for (size_t i = 0; i < c->n_courses; i++)
			picked[(*n_picked)++] = &c->courses[i];
		return TM_OK;
	}
	for (size_t i = 0; i < n; i++) {
		const struct tm_course *co = tm_content_find_course(c, ids[i]);
		if (co == NULL) {
			char known[1024] = "";
			for (size_t k = 0; k < c->n_courses; k++) {
				size_t l = strlen(known);
				snprintf(known + l, sizeof(known) - l, "%s%s", k > 0 ? ", " : "",
					 c->courses[k].id);
			}
			char shown[256];
			return tm_diags_add(diags, TM_ENOTFOUND, NULL, 0, 0,
					    "no course '%s'; the courses are: %s",
					    tm_printable(ids[i], shown, sizeof(shown)),
					    c->n_courses > 0 ? known : "(none)");
		}
		bool dup = false;
		for (size_t k = 0; k < *n_picked && !dup; k++)
			dup = picked[k] == co;
		if (!dup)
			picked[(*n_picked)++] = co;
	}
	return TM_OK;
}

/* Builds the document into ex->doc. */
static void build(struct exporter *ex, const struct tm_course *const *courses, size_t n)
{
	xmlNodePtr quiz = ex->t.x->new_node(NULL, BAD_CAST "quiz");
	if (quiz == NULL) {
		oom(ex);
		return;
	}
	ex->t.x->doc_set_root_element(ex->doc, quiz);
	for (size_t i = 0; i < n && !ex->t.failed; i++) {
		const struct tm_course *co = courses[i];
		for (size_t k = 0; k < co->n_modules && !ex->t.failed; k++)
			export_module(ex, quiz, co, &co->modules[k]);
	}
}

int tm_export_moodle_xml(const struct tm_content *c, const char *const *courses, size_t n,
			 char **out, size_t *len, struct tm_diags *warnings,
			 struct tm_diags *diags)
{
	struct tm_xmllib x;
	struct exporter ex = { .t = { .x = &x }, .warnings = warnings, .diags = diags };
	const struct tm_course **picked = NULL;
	size_t n_picked = 0;
	xmlChar *mem = NULL;
	int size = 0;
	*out = NULL;
	*len = 0;
	picked = malloc((c->n_courses > 0 ? c->n_courses : 1) * sizeof(*picked));
	if (picked == NULL)
		return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
	int status = pick_courses(c, courses, n, picked, &n_picked, diags);
	if (status != TM_OK) {
		free(picked);
		return status;
	}
	status = tm_xmllib_open(&x, diags);
	if (status != TM_OK) {
		free(picked);
		return status;
	}
	ex.doc = x.new_doc(BAD_CAST "1.0");
	if (ex.doc == NULL) {
		status = tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
		goto cleanup;
	}
	build(&ex, picked, n_picked);
	if (ex.t.failed) {
		status = tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
		goto cleanup;
	}
	x.doc_dump_format_memory_enc(ex.doc, &mem, &size, "UTF-8", 1);
	status = tm_xmllib_take(&x, mem, size, out, len, diags);
cleanup:
	if (ex.doc != NULL)
		x.free_doc(ex.doc);
	tm_xmllib_close(&x);
	free(picked);
	return status;
}
