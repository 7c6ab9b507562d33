/*
 * export_scorm.c: one course as a SCORM 1.2 package (a zip) that an LMS
 * imports: imsmanifest.xml, one HTML page per module (each its own SCO), and
 * the shared runtime and style (engine/scorm/, compiled in: scorm_assets.h).
 *
 * Every page and the manifest are built with libxml2's tree API, so every
 * string an author wrote is escaped by the serializer; grading data travels in
 * attributes and hidden elements that the runtime reads. libxml2 and libzip
 * are opened on demand (xmllib.h, ziplib.h). The engine never prints: what
 * the package cannot do as tmdojo does comes back as warnings.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "model_internal.h"
#include "scorm_assets.h"
#include "tmengine.h"
#include "wildcard.h"
#include "xmltree.h"
#include "ziplib.h"

#define RUNTIME_NAME "tmdojo-scorm.js"
#define STYLE_NAME "tmdojo.css"
#define MANIFEST_NAME "imsmanifest.xml"

/* One file of the package; data owned unless borrowed. */
struct pkg_file {
	char name[160];
	unsigned char *data;
	size_t len;
	bool borrowed;
};

struct pkg {
	struct tm_xmltree t;  /* t.failed: out of memory while building a tree */
	const struct tm_course *co;
	const struct grader_lexicon *lex;   /* borrowed; may be NULL */
	int pass;
	struct pkg_file *files;
	size_t count;
	struct tm_diags *warnings;
};

/* ==== Building trees ========================================================== */

/* An element with a class attribute. */
static xmlNodePtr elc(struct pkg *p, xmlNodePtr parent, const char *name, const char *cls,
		      const char *text)
{
	xmlNodePtr n = tm_xml_el(&p->t, parent, NULL, name, text);
	tm_xml_set_attr(&p->t, n, "class", cls);
	return n;
}

/* ==== Lesson text ============================================================== */

/* A copy of len bytes of s (caller frees); NULL on ENOMEM. */
static char *dup_len(const char *s, size_t len)
{
	char *out = malloc(len + 1);
	if (out != NULL) {
		memcpy(out, s, len);
		out[len] = '\0';
	}
	return out;
}

/* Appends a child element holding len bytes of text. */
static xmlNodePtr el_len(struct pkg *p, xmlNodePtr parent, const char *name, const char *text,
			 size_t len)
{
	char *copy = dup_len(text, len);
	if (copy == NULL) {
		p->t.failed = true;
		return parent;
	}
	xmlNodePtr n = tm_xml_el(&p->t, parent, NULL, name, copy);
	free(copy);
	return n;
}

/* Where marked() writes: the innermost element open in it. */
struct marks {
	struct pkg *p;
	xmlNodePtr top, cur;
};

static void add_run(void *arg, const struct tm_inline *run)
{
	struct marks *m = arg;
	const char *tag = run->kind == TM_INLINE_STRONG ? "strong" : "em";
	switch (run->kind) {
	case TM_INLINE_TEXT:
		m->p->t.x->node_add_content_len(m->cur, BAD_CAST run->text, (int)run->len);
		break;
	case TM_INLINE_CODE:
		el_len(m->p, m->cur, "code", run->text, run->len);
		break;
	case TM_INLINE_STRONG:
	case TM_INLINE_EMPHASIS:
		if (run->on) {
			m->cur = tm_xml_el(&m->p->t, m->cur, NULL, tag, NULL);
			break;
		}
		/* closes the element and whatever opened inside it */
		for (xmlNodePtr n = m->cur; n != m->top; n = n->parent)
			if (strcmp((const char *)n->name, tag) == 0) {
				m->cur = n->parent;
				break;
			}
		break;
	}
}

/* Appends element name holding text[0..len) with its inline marks
 * (tm_inline_scan()) as <strong>, <em> and <code>: the serializer escapes every
 * run, so the author's text never becomes markup of its own. */
static void marked(struct pkg *p, xmlNodePtr parent, const char *name, const char *text,
		   size_t len)
{
	xmlNodePtr n = tm_xml_el(&p->t, parent, NULL, name, NULL);
	struct marks m = { p, n, n };
	tm_inline_scan(text, len, add_run, &m);
}

/* Where lesson_blocks() writes: the list and paragraph open, if any. */
struct blocks_out {
	struct pkg *p;
	xmlNodePtr parent, list, para;
	bool ordered;    /* the open list's kind */
	int top;         /* the lesson's shallowest heading level (1 when none) */
};

/* Appends b's lines (from its first when first is true, else from its
 * second) as spans a space apart, so that the browser flows them into one
 * text as the terminal does (tools/render.c joins a block's lines and wraps
 * them to its width): the text past each line's layout ("> " of a call-out)
 * when strip is true, the line as written else. */
static void each_line(struct pkg *p, xmlNodePtr parent, const struct tm_block *b, bool first,
		      bool strip)
{
	const char *l = b->lines, *line;
	size_t left = b->lines_len, n;
	if (!first)
		tm_block_line(&l, &left, &line, &n);
	while (tm_block_line(&l, &left, &line, &n)) {
		size_t skip = strip ? tm_block_line_skip(b->kind, line, n) : 0;
		if (!first || line != b->lines)
			tm_xml_el(&p->t, parent, NULL, "span", " ");
		marked(p, parent, "span", line + skip, n - skip);
	}
}

/* The element of a lesson heading of level 1 to 6 ('#' to '######') in a
 * lesson whose shallowest heading is level top: below the page's own (h1, the
 * module) and its items' (h2), the shallowest is h3 and each level one lower,
 * so that no level is skipped; HTML has no h7, so deeper ones stay h6. */
static const char *heading_element(int level, int top)
{
	static const char *const heads[] = { "h3", "h4", "h5", "h6" };
	size_t i = level > top ? (size_t)(level - top) : 0;
	return heads[i < 3 ? i : 3];
}

/* Keeps the shallowest heading level of a lesson (tm_block_fn). */
static void note_top(void *arg, const struct tm_block *b)
{
	int *top = arg;
	if (b->kind == TM_BLOCK_HEADING && b->level < *top)
		*top = b->level;
}

/* One block of lesson text (tm_block_fn): consecutive items of one kind make
 * one list; a paragraph, an item and a call-out are each one text, their
 * lines flowed together (each_line()). */
static void add_block(void *arg, const struct tm_block *b)
{
	struct blocks_out *o = arg;
	struct pkg *p = o->p;
	if (b->kind != TM_BLOCK_ITEM)
		o->list = NULL;
	if (b->kind != TM_BLOCK_PARAGRAPH)
		o->para = NULL;
	switch (b->kind) {
	case TM_BLOCK_BLANK:
		break;
	case TM_BLOCK_FENCE:
	case TM_BLOCK_TABLE:
		/* as they are, preformatted */
		el_len(p, o->parent, "pre", b->lines, b->lines_len);
		break;
	case TM_BLOCK_HEADING:
		marked(p, o->parent, heading_element(b->level, o->top), b->text, b->len);
		break;
	case TM_BLOCK_QUOTE:
		each_line(p, tm_xml_el(&p->t, o->parent, NULL, "blockquote", NULL), b, true, true);
		break;
	case TM_BLOCK_ITEM: {
		if (o->list == NULL || o->ordered != b->ordered) {
			o->list = tm_xml_el(&p->t, o->parent, NULL, b->ordered ? "ol" : "ul", NULL);
			o->ordered = b->ordered;
		}
		xmlNodePtr li = tm_xml_el(&p->t, o->list, NULL, "li", NULL);
		struct marks m = { p, li, li };
		tm_inline_scan(b->text, b->len, add_run, &m);
		/* its continuation lines, a space apart */
		each_line(p, li, b, false, false);
		break;
	}
	case TM_BLOCK_PARAGRAPH:
		o->para = tm_xml_el(&p->t, o->parent, NULL, "p", NULL);
		each_line(p, o->para, b, true, false);
		break;
	}
}

/*
 * Lesson text (docs/FORMAT.md's Markdown-ish) as blocks, by the rules of
 * tm_block_scan() that the terminal follows too: headings (the lesson's
 * shallowest as h3, heading_element()), paragraphs,
 * bulleted and numbered lists, call-outs, and fenced code and pipe tables as
 * preformatted text; *emphasis*, **strong** and `code` as the terminal shows
 * them (marked()).
 */
static void lesson_blocks(struct pkg *p, xmlNodePtr parent, const char *body)
{
	struct blocks_out o = { p, parent, NULL, NULL, false, 6 };
	tm_block_scan(body, note_top, &o.top);
	tm_block_scan(body, add_block, &o);
}

/* ==== Questions ================================================================ */

/* The display order of q's n shown things, malloc'd: the same at every
 * export (seeded by the question's id), or author order for choices of a quiz
 * that does not shuffle (tm_quiz_shuffles()). NULL (the package failed: out of
 * memory) when it cannot be. */
static size_t *shown_order(struct pkg *p, const struct tm_item *it, const struct tm_question *q,
			   size_t n)
{
	size_t *order = malloc((n > 0 ? n : 1) * sizeof(*order));
	if (order == NULL)
		p->t.failed = true;
	else
		tm_quiz_shuffle(tm_quiz_shuffles(it, q) ? tm_quiz_question_seed(q) : 0, order, n);
	return order;
}

/* Adds a warning at line:column of module m's file (the question or item it
 * is about, as export moodle-xml places its warnings). */
static void warn(struct pkg *p, const struct tm_module *m, int line, int column,
		 const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 5, 6)))
#endif
	;
static void warn(struct pkg *p, const struct tm_module *m, int line, int column,
		 const char *fmt, ...)
{
	char text[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (tm_diags_add(p->warnings, TM_OK, tm_module_file(m), line, column, "%s", text) != TM_OK)
		p->t.failed = true;
}

/* The choices as inputs in display order; each input's value is its choice's
 * index in the course file, the one index the runtime grades and saves by
 * (runtime.js:choicesOf), so the order shown never matters. */
static void choice_inputs(struct pkg *p, xmlNodePtr fs, const struct tm_item *it,
			  const struct tm_question *q, int qn, bool multiple)
{
	size_t n = tm_question_choice_count(q), *order = shown_order(p, it, q, n);
	for (size_t k = 0; order != NULL && k < n; k++) {
		size_t c = order[k];
		xmlNodePtr label = tm_xml_el(&p->t, fs, NULL, "label", NULL);
		xmlNodePtr in = tm_xml_el(&p->t, label, NULL, "input", NULL);
		tm_xml_set_attr(&p->t, in, "type", multiple ? "checkbox" : "radio");
		tm_xml_set_attr(&p->t, in, "class", "tm-choice");
		tm_xml_set_attrf(&p->t, in, "name", "q%d", qn);
		tm_xml_set_attrf(&p->t, in, "value", "%zu", c);
		if (tm_question_choice_correct(q, c))
			tm_xml_set_attr(&p->t, in, "data-correct", "1");
		tm_xml_el(&p->t, label, NULL, "span", " ");
		const char *text = tm_question_choice_text(q, c);
		marked(p, label, "span", text, strlen(text));
		const char *fb = tm_question_choice_feedback(q, c);
		if (fb != NULL) {
			xmlNodePtr f = elc(p, label, "span", "tm-choice-fb", NULL);
			tm_xml_set_attr(&p->t, f, "hidden", "hidden");
			marked(p, f, "span", fb, strlen(fb));
		}
	}
	free(order);
}

/* A <select> of "choose" then the texts (values 0..n-1, in author order). */
static xmlNodePtr select_of(struct pkg *p, xmlNodePtr parent, const char *cls, size_t n,
			    const char *(*text)(const struct tm_question *, size_t),
			    const struct tm_question *q, const size_t *order)
{
	xmlNodePtr sel = tm_xml_el(&p->t, parent, NULL, "select", NULL);
	tm_xml_set_attr(&p->t, sel, "class", cls);
	xmlNodePtr none = tm_xml_el(&p->t, sel, NULL, "option", "choose");
	tm_xml_set_attr(&p->t, none, "value", "");
	for (size_t k = 0; k < n; k++) {
		size_t v = order != NULL ? order[k] : k;
		char num[32];
		snprintf(num, sizeof(num), "%zu", v + 1);
		xmlNodePtr o = tm_xml_el(&p->t, sel, NULL, "option",
					 text != NULL ? text(q, v) : num);
		tm_xml_set_attrf(&p->t, o, "value", "%zu", v);
	}
	return sel;
}

static void ordering_inputs(struct pkg *p, xmlNodePtr fs, const struct tm_item *it,
			    const struct tm_question *q)
{
	size_t n = tm_question_order_count(q), *order = shown_order(p, it, q, n);
	tm_xml_el(&p->t, fs, NULL, "p", "Give each item its position (1 comes first).");
	for (size_t k = 0; order != NULL && k < n; k++) {
		xmlNodePtr label = tm_xml_el(&p->t, fs, NULL, "label", NULL);
		xmlNodePtr sel = select_of(p, label, "tm-pos", n, NULL, q, NULL);
		tm_xml_set_attrf(&p->t, sel, "data-pos", "%zu", order[k]);
		tm_xml_el(&p->t, label, NULL, "span", " ");
		tm_xml_el(&p->t, label, NULL, "span", tm_question_order_item(q, order[k]));
	}
	free(order);
}

static void matching_inputs(struct pkg *p, xmlNodePtr fs, const struct tm_item *it,
			    const struct tm_question *q)
{
	size_t n = tm_question_pair_count(q), opts = tm_question_option_count(q);
	size_t *order = shown_order(p, it, q, opts);
	for (size_t i = 0; order != NULL && i < n; i++) {
		size_t right = 0;
		for (size_t o = 0; o < opts; o++)
			if (strcmp(tm_question_option(q, o), tm_question_pair_right(q, i)) == 0)
				right = o;
		xmlNodePtr label = tm_xml_el(&p->t, fs, NULL, "label", NULL);
		tm_xml_el(&p->t, label, NULL, "span", tm_question_pair_left(q, i));
		tm_xml_el(&p->t, label, NULL, "span", " ");
		xmlNodePtr sel = select_of(p, label, "tm-match", opts, tm_question_option, q, order);
		tm_xml_set_attrf(&p->t, sel, "data-right", "%zu", right);
	}
	free(order);
}

static void text_input(struct pkg *p, xmlNodePtr fs, bool area)
{
	xmlNodePtr in = tm_xml_el(&p->t, fs, NULL, area ? "textarea" : "input", area ? "" : NULL);
	tm_xml_set_attr(&p->t, in, "class", "tm-text");
	if (!area)
		tm_xml_set_attr(&p->t, in, "type", "text");
	tm_xml_set_attr(&p->t, in, "aria-label", "your answer");
}

/* A hidden list of texts (accepted answers, reference threats). */
static xmlNodePtr hidden_list(struct pkg *p, xmlNodePtr parent, const char *kind,
			      const char *cls)
{
	xmlNodePtr list = tm_xml_el(&p->t, parent, NULL, kind, NULL);
	tm_xml_set_attr(&p->t, list, "class", cls);
	tm_xml_set_attr(&p->t, list, "hidden", "hidden");
	return list;
}

/* A short question's rejected answers, hidden: the page compares answers
 * exactly, so one equal to a rejected answer (case and blanks aside) is wrong
 * already; the runtime finds which, to show its feedback. */
static void reject_list(struct pkg *p, xmlNodePtr fs, const struct tm_question *q)
{
	if (tm_question_reject_count(q) == 0)
		return;
	xmlNodePtr list = hidden_list(p, fs, "ul", "tm-reject");
	for (size_t i = 0; i < tm_question_reject_count(q); i++)
		tm_xml_el(&p->t, list, NULL, "li", tm_question_reject(q, i));
}

/* A short question's distractors (the other options of a closed set),
 * hidden: an answer listing options, one of them a distractor, is told to
 * name one, as tmdojo tells it. */
static void distractor_list(struct pkg *p, xmlNodePtr fs, const struct tm_question *q)
{
	if (tm_question_distractor_count(q) == 0)
		return;
	xmlNodePtr list = hidden_list(p, fs, "ul", "tm-distractor");
	for (size_t i = 0; i < tm_question_distractor_count(q); i++)
		tm_xml_el(&p->t, list, NULL, "li", tm_question_distractor(q, i));
}

/* A short question's patterns in the form import moodle-xml writes for a
 * Moodle wildcard answer (wildcard.h), hidden, as the wildcard: a glob ('*'
 * any characters, "\*" a star) the runtime matches without a regex. Other
 * patterns (a regex of the author's) the page cannot check. Returns how many
 * it wrote (0 after running out of memory, p->t.failed set). */
static size_t wildcard_list(struct pkg *p, xmlNodePtr fs, const struct tm_question *q)
{
	xmlNodePtr list = NULL;
	size_t n = 0;
	for (size_t i = 0; i < tm_question_pattern_count(q); i++) {
		int nomem = 0;
		char *w = wildcard_from_pattern(tm_question_pattern(q, i), &nomem);
		if (nomem) {
			p->t.failed = true;
			return 0;
		}
		if (w == NULL)
			continue;
		if (list == NULL)
			list = hidden_list(p, fs, "ul", "tm-wildcard");
		tm_xml_el(&p->t, list, NULL, "li", w);
		free(w);
		n++;
	}
	return n;
}

/*
 * The short forms of name the page knows (runtime.js shortForms, as
 * engine/quiz_distractor.c is_short_form): its first letter, and the initials
 * of its words when it has several, all ASCII letters, lowercase. Writes up
 * to 2 into forms (each of size 16); returns how many.
 */
static size_t short_forms_of(const char *name, char forms[2][16])
{
	char initials[16];
	size_t n = 0;
	for (const char *s = name; *s != '\0';) {
		s += strspn(s, " \t\n-");
		if (*s == '\0')
			break;
		if (n + 1 >= sizeof(initials) || !isalpha((unsigned char)*s))
			return 0;
		initials[n++] = (char)tolower((unsigned char)*s);
		s += strcspn(s, " \t\n-");
	}
	initials[n] = '\0';
	if (n == 0)
		return 0;
	snprintf(forms[0], 16, "%c", initials[0]);
	if (n == 1)
		return 1;
	snprintf(forms[1], 16, "%s", initials);
	return 2;
}

/* Whether text is one of q's accepted answers, case aside. */
static bool is_accepted(const struct tm_question *q, const char *text)
{
	for (size_t i = 0; i < tm_question_accept_count(q); i++)
		if (strcasecmp(tm_question_accept(q, i), text) == 0)
			return true;
	return false;
}

/*
 * The short forms of q's accepted answers that tmdojo credits, graded with
 * p->lex as learn grades them ("eop" through the lexicon, not "e"), hidden:
 * the page accepts them as it accepts the answers. None without a lexicon.
 */
static void short_form_list(struct pkg *p, xmlNodePtr fs, const struct tm_question *q)
{
	xmlNodePtr list = NULL;
	char seen[32][16];
	size_t n_seen = 0;
	if (p->lex == NULL)
		return;
	for (size_t i = 0; i < tm_question_accept_count(q); i++) {
		char forms[2][16];
		size_t n = short_forms_of(tm_question_accept(q, i), forms);
		for (size_t k = 0; k < n && n_seen < sizeof(seen) / sizeof(seen[0]); k++) {
			bool dup = is_accepted(q, forms[k]);
			for (size_t j = 0; j < n_seen && !dup; j++)
				dup = strcmp(seen[j], forms[k]) == 0;
			if (dup)
				continue;
			memcpy(seen[n_seen++], forms[k], 16);
			struct tm_quiz_grade g;
			if (tm_quiz_grade(q, p->lex, NULL, 0, forms[k], &g, NULL) != TM_OK || !g.correct)
				continue;
			if (list == NULL)
				list = hidden_list(p, fs, "ul", "tm-short");
			tm_xml_el(&p->t, list, NULL, "li", forms[k]);
		}
	}
}

/* Each rejected answer's own feedback, hidden, shown instead of the incorrect
 * feedback when the answer is that rejected answer. */
static void reject_feedback(struct pkg *p, xmlNodePtr fs, const struct tm_question *q)
{
	for (size_t i = 0; i < tm_question_reject_count(q); i++) {
		const char *fb = tm_question_reject_feedback(q, i);
		if (fb == NULL)
			continue;
		xmlNodePtr f = elc(p, fs, "div", "tm-fb-reject", NULL);
		tm_xml_set_attrf(&p->t, f, "data-reject", "%zu", i);
		tm_xml_set_attr(&p->t, f, "hidden", "hidden");
		lesson_blocks(p, f, fb);
	}
}

static void question(struct pkg *p, xmlNodePtr form, const struct tm_module *m,
		     const struct tm_item *it, const struct tm_question *q, int qn)
{
	enum tm_question_type t = tm_question_type(q);
	xmlNodePtr fs = tm_xml_el(&p->t, form, NULL, "fieldset", NULL);
	tm_xml_set_attr(&p->t, fs, "class", "tm-q");
	tm_xml_set_attr(&p->t, fs, "data-type", tm_question_type_name(t));
	tm_xml_set_attr(&p->t, fs, "data-qid", tm_question_id(q));
	tm_xml_set_attrf(&p->t, fs, "data-points", "%g", tm_question_points(q));
	/* the prompt names the group, as a legend would (which cannot hold its
	 * paragraphs and lists): a screen reader says it at each choice */
	tm_xml_set_attrf(&p->t, fs, "aria-labelledby", "q%d-prompt", qn);
	xmlNodePtr prompt = elc(p, fs, "div", "tm-prompt", NULL);
	tm_xml_set_attrf(&p->t, prompt, "id", "q%d-prompt", qn);
	lesson_blocks(p, prompt, tm_question_prompt(q));
	switch (t) {
	case TM_Q_SINGLE:
	case TM_Q_MULTIPLE:
		choice_inputs(p, fs, it, q, qn, t == TM_Q_MULTIPLE);
		break;
	case TM_Q_TRUE_FALSE: {
		tm_xml_set_attr(&p->t, fs, "data-answer",
				tm_question_answer_bool(q) ? "true" : "false");
		static const char *const tf[][2] = { { "t", "True" }, { "f", "False" } };
		for (size_t k = 0; k < 2; k++) {
			xmlNodePtr label = tm_xml_el(&p->t, fs, NULL, "label", NULL);
			xmlNodePtr in = tm_xml_el(&p->t, label, NULL, "input", NULL);
			tm_xml_set_attr(&p->t, in, "type", "radio");
			tm_xml_set_attr(&p->t, in, "class", "tm-tf");
			tm_xml_set_attrf(&p->t, in, "name", "q%d", qn);
			tm_xml_set_attr(&p->t, in, "value", tf[k][0]);
			tm_xml_el(&p->t, label, NULL, "span", " ");
			tm_xml_el(&p->t, label, NULL, "span", tf[k][1]);
		}
		break;
	}
	case TM_Q_SHORT: {
		text_input(p, fs, false);
		xmlNodePtr list = hidden_list(p, fs, "ul", "tm-accept");
		for (size_t i = 0; i < tm_question_accept_count(q); i++)
			tm_xml_el(&p->t, list, NULL, "li", tm_question_accept(q, i));
		short_form_list(p, fs, q);
		size_t wild = wildcard_list(p, fs, q);
		size_t other = tm_question_pattern_count(q) - wild;
		reject_list(p, fs, q);
		distractor_list(p, fs, q);
		if (tm_question_accept_count(q) == 0 && wild == 0)
			warn(p, m, q->line, q->column, "question '%s' has only patterns, which the "
			     "package cannot check: it is shown unscored, with its explanation",
			     tm_question_id(q));
		else
			warn(p, m, q->line, q->column, "question '%s': short answers in the package "
			     "must match an accepted answer exactly (case, blanks, quotes, end "
			     "punctuation and a plural s aside)%s: "
			     "tmdojo's fuzzy matching%s not in the package", tm_question_id(q),
			     wild > 0 ? " or a pattern of a Moodle wildcard answer" : "",
			     other > 0 ? (wild > 0 ? " and its other patterns are" :
					 " and its patterns are") : " is");
		break;
	}
	case TM_Q_NUMERIC: {
		tm_xml_set_attrf(&p->t, fs, "data-number", "%.17g", tm_question_number(q));
		tm_xml_set_attrf(&p->t, fs, "data-tolerance", "%.17g", tm_question_tolerance(q));
		text_input(p, fs, false);
		if (tm_question_unit(q) != NULL)
			elc(p, fs, "span", "tm-unit", tm_question_unit(q));
		break;
	}
	case TM_Q_ORDERING:
		ordering_inputs(p, fs, it, q);
		break;
	case TM_Q_MATCHING:
		matching_inputs(p, fs, it, q);
		break;
	case TM_Q_THREAT_LIST: {
		elc(p, fs, "p", "tm-note", "Write one threat per line. This question is not "
		    "scored: after you check, compare your list with the reference threats.");
		text_input(p, fs, true);
		const struct tm_exercise *ex = tm_question_exercise(q);
		const struct grader_key *key = ex != NULL ? tm_exercise_key(ex) : NULL;
		xmlNodePtr list = hidden_list(p, fs, "ol", "tm-reference");
		for (size_t i = 0; key != NULL && i < grader_key_threat_count(key); i++)
			tm_xml_el(&p->t, list, NULL, "li", grader_threat_title(key, i));
		warn(p, m, q->line, q->column, "question '%s': threat lists are not scored in the package; the "
		     "learner sees the reference threats' titles to compare", tm_question_id(q));
		break;
	}
	default:
		break;
	}
	/* read out when a check writes the verdict */
	tm_xml_set_attr(&p->t, elc(p, fs, "div", "tm-result", ""), "aria-live", "polite");
	if (tm_question_feedback_correct(q) != NULL) {
		xmlNodePtr f = elc(p, fs, "div", "tm-fb-correct", NULL);
		tm_xml_set_attr(&p->t, f, "hidden", "hidden");
		lesson_blocks(p, f, tm_question_feedback_correct(q));
	}
	if (tm_question_feedback_incorrect(q) != NULL) {
		xmlNodePtr f = elc(p, fs, "div", "tm-fb-incorrect", NULL);
		tm_xml_set_attr(&p->t, f, "hidden", "hidden");
		lesson_blocks(p, f, tm_question_feedback_incorrect(q));
	}
	reject_feedback(p, fs, q);
	xmlNodePtr ex = elc(p, fs, "div", "tm-explain", NULL);
	tm_xml_set_attr(&p->t, ex, "hidden", "hidden");
	lesson_blocks(p, ex, tm_question_explanation(q));
}

/* ==== Pages ======================================================================= */

static void exercise_section(struct pkg *p, xmlNodePtr body, const struct tm_module *m,
			     const struct tm_item *it)
{
	const struct tm_exercise *e = tm_item_exercise(it);
	xmlNodePtr sec = elc(p, body, "section", "tm-exercise", NULL);
	tm_xml_el(&p->t, sec, NULL, "h2", tm_exercise_title(e));
	elc(p, sec, "p", "tm-note", "This exercise is graded in tmdojo (tmdojo learn): the "
	    "design is here to read.");
	lesson_blocks(p, sec, tm_exercise_summary(e));
	lesson_blocks(p, sec, tm_exercise_document(e));
	if (tm_exercise_diagram(e) != NULL)
		tm_xml_el(&p->t, sec, NULL, "pre", tm_exercise_diagram(e));
	warn(p, m, it->line, it->column, "exercise '%s' is in the package as reading only: it is graded in tmdojo",
	     tm_exercise_id(e));
}

/* The page of module m; qn counts the page's questions. */
static void module_page(struct pkg *p, htmlDocPtr doc, const struct tm_module *m)
{
	xmlNodePtr html = p->t.x->new_node(NULL, BAD_CAST "html");
	if (html == NULL) {
		p->t.failed = true;
		return;
	}
	p->t.x->doc_set_root_element(doc, html);
	tm_xml_set_attr(&p->t, html, "lang", "en");
	xmlNodePtr head = tm_xml_el(&p->t, html, NULL, "head", NULL);
	xmlNodePtr meta = tm_xml_el(&p->t, head, NULL, "meta", NULL);
	tm_xml_set_attr(&p->t, meta, "charset", "utf-8");
	meta = tm_xml_el(&p->t, head, NULL, "meta", NULL);
	tm_xml_set_attr(&p->t, meta, "name", "viewport");
	tm_xml_set_attr(&p->t, meta, "content", "width=device-width, initial-scale=1");
	tm_xml_el(&p->t, head, NULL, "title", tm_module_title(m));
	xmlNodePtr link = tm_xml_el(&p->t, head, NULL, "link", NULL);
	tm_xml_set_attr(&p->t, link, "rel", "stylesheet");
	tm_xml_set_attr(&p->t, link, "href", STYLE_NAME);
	xmlNodePtr script = tm_xml_el(&p->t, head, NULL, "script", "");
	tm_xml_set_attr(&p->t, script, "src", RUNTIME_NAME);
	xmlNodePtr body = tm_xml_el(&p->t, html, NULL, "body", NULL);
	tm_xml_set_attrf(&p->t, body, "data-pass", "%d", p->pass);
	tm_xml_set_attr(&p->t, body, "data-course", tm_course_id(p->co));
	tm_xml_set_attr(&p->t, body, "data-module", tm_module_id(m));
	xmlNodePtr banner = elc(p, body, "p", "tm-lms", "Looking for a learning system...");
	tm_xml_set_attr(&p->t, banner, "id", "tm-lms");
	tm_xml_set_attr(&p->t, banner, "role", "status");
	elc(p, body, "p", "tm-note", tm_course_title(p->co));
	tm_xml_el(&p->t, body, NULL, "h1", tm_module_title(m));
	if (tm_module_objective_count(m) > 0) {
		tm_xml_el(&p->t, body, NULL, "h2", "You will learn to");
		xmlNodePtr ul = tm_xml_el(&p->t, body, NULL, "ul", NULL);
		for (size_t i = 0; i < tm_module_objective_count(m); i++)
			tm_xml_el(&p->t, ul, NULL, "li", tm_module_objective(m, i));
	}
	int qn = 0;
	for (size_t i = 0; i < tm_module_item_count(m); i++) {
		const struct tm_item *it = tm_module_item(m, i);
		if (tm_item_kind(it) == TM_ITEM_LESSON) {
			xmlNodePtr sec = elc(p, body, "section", "tm-lesson", NULL);
			tm_xml_el(&p->t, sec, NULL, "h2", tm_item_title(it));
			lesson_blocks(p, sec, tm_item_body(it));
		} else if (tm_item_kind(it) == TM_ITEM_QUIZ) {
			xmlNodePtr sec = elc(p, body, "section", "tm-quiz-section", NULL);
			tm_xml_el(&p->t, sec, NULL, "h2", tm_item_title(it));
			xmlNodePtr form = tm_xml_el(&p->t, sec, NULL, "form", NULL);
			tm_xml_set_attr(&p->t, form, "class", "tm-quiz");
			for (size_t k = 0; k < tm_item_question_count(it); k++)
				question(p, form, m, it, tm_item_question(it, k), qn++);
			xmlNodePtr button = tm_xml_el(&p->t, form, NULL, "button", "Check answers");
			tm_xml_set_attr(&p->t, button, "type", "submit");
			tm_xml_set_attr(&p->t, elc(p, form, "p", "tm-score", ""), "role", "status");
		} else if (tm_item_exercise(it) != NULL) {
			exercise_section(p, body, m, it);
		}
	}
	tm_xml_el(&p->t, body, NULL, "h2", "What to remember");
	xmlNodePtr ul = tm_xml_el(&p->t, body, NULL, "ul", NULL);
	for (size_t i = 0; i < tm_module_summary_count(m); i++)
		tm_xml_el(&p->t, ul, NULL, "li", tm_module_summary(m, i));
}

/* The file name of module i's page: "01-the-workflow.html". */
static void page_name(const struct tm_course *co, size_t i, char *buf, size_t size)
{
	snprintf(buf, size, "%02zu-%s.html", i + 1, tm_module_id(tm_course_module(co, i)));
}

/* Adds a file to the package; takes ownership of data unless borrowed. */
static int add_file(struct pkg *p, const char *name, unsigned char *data, size_t len,
		    bool borrowed, struct tm_diags *diags)
{
	struct pkg_file *grown = realloc(p->files, (p->count + 1) * sizeof(*grown));
	if (grown == NULL) {
		if (!borrowed)
			free(data);
		return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
	}
	p->files = grown;
	struct pkg_file *f = &p->files[p->count++];
	snprintf(f->name, sizeof(f->name), "%s", name);
	f->data = data;
	f->len = len;
	f->borrowed = borrowed;
	return TM_OK;
}

/* Takes libxml2's serialization into a file of the package. */
static int add_dump(struct pkg *p, const char *name, xmlChar *mem, int size,
		    struct tm_diags *diags)
{
	char *copy = NULL;
	size_t len = 0;
	int status = tm_xmllib_take(p->t.x, mem, size, &copy, &len, diags);
	if (status != TM_OK)
		return status;
	return add_file(p, name, (unsigned char *)copy, len, false, diags);
}

static int build_pages(struct pkg *p, struct tm_diags *diags)
{
	int status = TM_OK;
	for (size_t i = 0; status == TM_OK && i < tm_course_module_count(p->co); i++) {
		char name[160];
		xmlChar *mem = NULL;
		int size = 0;
		htmlDocPtr doc = p->t.x->html_new_doc_no_dtd(NULL, NULL);
		if (doc == NULL ||
		    p->t.x->create_int_subset(doc, BAD_CAST "html", NULL, NULL) == NULL) {
			if (doc != NULL)
				p->t.x->free_doc(doc);
			return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
		}
		module_page(p, doc, tm_course_module(p->co, i));
		if (!p->t.failed)
			p->t.x->html_doc_dump_memory_format(doc, &mem, &size, 1);
		p->t.x->free_doc(doc);
		if (p->t.failed) {
			if (mem != NULL)
				p->t.x->free(mem);
			return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
		}
		page_name(p->co, i, name, sizeof(name));
		status = add_dump(p, name, mem, size, diags);
	}
	return status;
}

/* ==== The manifest ================================================================= */

#define NS_IMSCP "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
#define NS_ADLCP "http://www.adlnet.org/xsd/adlcp_rootv1p2"
#define NS_XSI "http://www.w3.org/2001/XMLSchema-instance"

static int build_manifest(struct pkg *p, struct tm_diags *diags)
{
	const struct tm_xmllib *x = p->t.x;
	const struct tm_course *co = p->co;
	xmlChar *mem = NULL;
	int size = 0;
	xmlDocPtr doc = x->new_doc(BAD_CAST "1.0");
	xmlNodePtr root = x->new_node(NULL, BAD_CAST "manifest");
	if (doc == NULL || root == NULL) {
		if (doc != NULL)
			x->free_doc(doc);
		return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
	}
	x->doc_set_root_element(doc, root);
	xmlNsPtr cp = x->new_ns(root, BAD_CAST NS_IMSCP, NULL);
	xmlNsPtr adl = x->new_ns(root, BAD_CAST NS_ADLCP, BAD_CAST "adlcp");
	xmlNsPtr xsi = x->new_ns(root, BAD_CAST NS_XSI, BAD_CAST "xsi");
	if (cp == NULL || adl == NULL || xsi == NULL)
		p->t.failed = true;
	x->set_ns(root, cp);
	tm_xml_set_attrf(&p->t, root, "identifier", "tmdojo-%s", tm_course_id(co));
	tm_xml_set_attr(&p->t, root, "version", "1.0");
	if (x->set_ns_prop(root, xsi, BAD_CAST "schemaLocation",
			   BAD_CAST NS_IMSCP " imscp_rootv1p1p2.xsd " NS_ADLCP
			   " adlcp_rootv1p2.xsd") == NULL)
		p->t.failed = true;
	xmlNodePtr meta = tm_xml_el(&p->t, root, cp, "metadata", NULL);
	tm_xml_el(&p->t, meta, cp, "schema", "ADL SCORM");
	tm_xml_el(&p->t, meta, cp, "schemaversion", "1.2");
	char org_id[160];
	snprintf(org_id, sizeof(org_id), "ORG-%s", tm_course_id(co));
	xmlNodePtr orgs = tm_xml_el(&p->t, root, cp, "organizations", NULL);
	tm_xml_set_attr(&p->t, orgs, "default", org_id);
	xmlNodePtr org = tm_xml_el(&p->t, orgs, cp, "organization", NULL);
	tm_xml_set_attr(&p->t, org, "identifier", org_id);
	tm_xml_el(&p->t, org, cp, "title", tm_course_title(co));
	xmlNodePtr res = tm_xml_el(&p->t, root, cp, "resources", NULL);
	char mastery[16];
	snprintf(mastery, sizeof(mastery), "%d", p->pass);
	for (size_t i = 0; i < tm_course_module_count(co); i++) {
		const struct tm_module *m = tm_course_module(co, i);
		char page[160];
		page_name(co, i, page, sizeof(page));
		xmlNodePtr item = tm_xml_el(&p->t, org, cp, "item", NULL);
		tm_xml_set_attrf(&p->t, item, "identifier", "ITEM-%s", tm_module_id(m));
		tm_xml_set_attrf(&p->t, item, "identifierref", "RES-%s", tm_module_id(m));
		tm_xml_set_attr(&p->t, item, "isvisible", "true");
		tm_xml_el(&p->t, item, cp, "title", tm_module_title(m));
		tm_xml_el(&p->t, item, adl, "masteryscore", mastery);
		xmlNodePtr r = tm_xml_el(&p->t, res, cp, "resource", NULL);
		tm_xml_set_attrf(&p->t, r, "identifier", "RES-%s", tm_module_id(m));
		tm_xml_set_attr(&p->t, r, "type", "webcontent");
		if (x->set_ns_prop(r, adl, BAD_CAST "scormtype", BAD_CAST "sco") == NULL)
			p->t.failed = true;
		tm_xml_set_attr(&p->t, r, "href", page);
		static const char *const shared[] = { STYLE_NAME, RUNTIME_NAME };
		xmlNodePtr f = tm_xml_el(&p->t, r, cp, "file", NULL);
		tm_xml_set_attr(&p->t, f, "href", page);
		for (size_t k = 0; k < 2; k++) {
			f = tm_xml_el(&p->t, r, cp, "file", NULL);
			tm_xml_set_attr(&p->t, f, "href", shared[k]);
		}
	}
	if (!p->t.failed)
		x->doc_dump_format_memory_enc(doc, &mem, &size, "UTF-8", 1);
	x->free_doc(doc);
	if (p->t.failed) {
		if (mem != NULL)
			x->free(mem);
		return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
	}
	return add_dump(p, MANIFEST_NAME, mem, size, diags);
}

/* ==== The zip ========================================================================= */

/* Zips the package's files in memory into *out (caller frees with free()). */
static int build_zip(struct pkg *p, void **out, size_t *len, struct tm_diags *diags)
{
	struct tm_ziplib z;
	zip_error_t err;
	zip_source_t *src = NULL;
	zip_t *za = NULL;
	unsigned char *buf = NULL;
	size_t used = 0, alloc = 0;
	int status = tm_ziplib_open(&z, diags);
	if (status != TM_OK)
		return status;
	z.error_init(&err);
	src = z.source_buffer_create(NULL, 0, 0, &err);
	if (src != NULL)
		za = z.open_from_source(src, ZIP_TRUNCATE, &err);
	if (za == NULL) {
		status = tm_diags_add(diags, TM_EIO, NULL, 0, 0, "cannot start the zip: %s",
				      z.error_strerror(&err));
		goto cleanup;
	}
	z.source_keep(src);   /* the archive lands in src when za is closed */
	for (size_t i = 0; i < p->count; i++) {
		zip_source_t *fs = z.source_buffer(za, p->files[i].data, p->files[i].len, 0);
		zip_int64_t at = fs != NULL ? z.file_add(za, p->files[i].name, fs, ZIP_FL_ENC_UTF_8) : -1;
		if (at < 0) {
			status = tm_diags_add(diags, TM_EIO, NULL, 0, 0, "cannot add '%s' to the zip: %s",
					      p->files[i].name, z.strerror(za));
			if (fs != NULL)
				z.source_free(fs);
			goto cleanup;
		}
		/* a regular file, rw-r--r--: libzip's default, rw-rw-rw-, is what
		 * unzip(1) restores on an LMS that unpacks packages with it, world-
		 * writable files in its web root */
		if (z.file_set_external_attributes(za, (zip_uint64_t)at, 0, ZIP_OPSYS_UNIX,
						   (zip_uint32_t)(S_IFREG | 0644) << 16) != 0) {
			status = tm_diags_add(diags, TM_EIO, NULL, 0, 0, "cannot set the mode of '%s' "
					      "in the zip: %s", p->files[i].name, z.strerror(za));
			goto cleanup;
		}
	}
	if (z.close(za) != 0) {
		status = tm_diags_add(diags, TM_EIO, NULL, 0, 0, "cannot write the zip: %s",
				      z.strerror(za));
		goto cleanup;
	}
	za = NULL;
	if (z.source_open(src) != 0) {
		status = tm_diags_add(diags, TM_EIO, NULL, 0, 0, "cannot read the zip back");
		goto cleanup;
	}
	for (;;) {
		if (alloc - used < 65536) {
			unsigned char *grown = realloc(buf, alloc + 65536);
			if (grown == NULL) {
				z.source_close(src);
				status = tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
				goto cleanup;
			}
			buf = grown;
			alloc += 65536;
		}
		zip_int64_t n = z.source_read(src, buf + used, alloc - used);
		if (n < 0) {
			z.source_close(src);
			status = tm_diags_add(diags, TM_EIO, NULL, 0, 0, "cannot read the zip back");
			goto cleanup;
		}
		if (n == 0)
			break;
		used += (size_t)n;
	}
	z.source_close(src);
	*out = buf;
	*len = used;
	buf = NULL;
cleanup:
	if (za != NULL)
		z.discard(za);
	if (src != NULL)
		z.source_free(src);
	free(buf);
	z.error_fini(&err);
	tm_ziplib_close(&z);
	return status;
}

/* ==== Entry point ===================================================================== */

int tm_scorm_export(const struct tm_course *co, const struct grader_lexicon *lex, int pass,
		    void **out, size_t *len, struct tm_diags *warnings, struct tm_diags *diags)
{
	struct tm_xmllib x;
	struct pkg p = { .t = { .x = &x }, .co = co, .lex = lex, .pass = pass, .warnings = warnings };
	int status;
	*out = NULL;
	*len = 0;
	if (pass < 0 || pass > 100)
		return tm_diags_add(diags, TM_EUSAGE, NULL, 0, 0, "the pass mark %d is not a "
				    "percent from 0 to 100", pass);
	status = tm_xmllib_open(&x, diags);
	if (status != TM_OK)
		return status;
	status = build_manifest(&p, diags);
	if (status == TM_OK)
		status = build_pages(&p, diags);
	if (status == TM_OK)
		status = add_file(&p, STYLE_NAME, (unsigned char *)tm_scorm_style_css,
				  tm_scorm_style_css_len, true, diags);
	if (status == TM_OK)
		status = add_file(&p, RUNTIME_NAME, (unsigned char *)tm_scorm_runtime_js,
				  tm_scorm_runtime_js_len, true, diags);
	if (status == TM_OK && p.t.failed)
		status = tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
	if (status == TM_OK)
		status = build_zip(&p, out, len, diags);
	for (size_t i = 0; i < p.count; i++)
		if (!p.files[i].borrowed)
			free(p.files[i].data);
	free(p.files);
	tm_xmllib_close(&x);
	return status;
}
