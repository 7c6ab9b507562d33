/*
 * import_moodle.c: a Moodle XML question bank as one tmdojo module.
 *
 * The XML is read with libxml2 (xmllib.h) without network access, without
 * loading a DTD and without substituting entities; a document that declares
 * any entity is refused as soon as the declaration is read (a SAX hook stops
 * the parser), so "billion laughs" and external entities never expand and no
 * file is ever opened. Question text in HTML goes through libxml2's HTML
 * parser and comes out as tmdojo's Markdown-ish plain text. The module is
 * written with libyaml's emitter into memory; nothing is written when no
 * question could be imported. docs/IMPORT.md says how each type maps.
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#include "grader.h"
#include "model_internal.h"
#include "rules.h"
#include "tmengine.h"
#include "textchars.h"
#include "wildcard.h"
#include "xmlscan.h"
#include "xmltree.h"

/* Deeper HTML than this (in one question text) is not read further. */
#define HTML_MAX_DEPTH 200
/* More attributes on one element than this refuse the file: Moodle writes a
 * few, and libxml2 takes time quadratic in them (32,000 took 9 s). */
#define MAX_ATTRIBUTES 256

/* ---- small buffers ------------------------------------------------------------ */

struct sbuf {
	char *s;
	size_t len, alloc;
	bool failed;
};

static void sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n + 1 > b->alloc) {
		size_t alloc = b->alloc ? b->alloc : 64;
		while (b->len + n + 1 > alloc)
			alloc *= 2;
		char *ns = realloc(b->s, alloc);
		if (ns == NULL) {
			b->failed = true;
			return;
		}
		b->s = ns;
		b->alloc = alloc;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void sb_str(struct sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

/* The buffer's text (an empty string for an empty buffer); NULL when out of
 * memory. Caller frees. */
static char *sb_take(struct sbuf *b)
{
	if (b->failed) {
		free(b->s);
		return NULL;
	}
	if (b->s == NULL)
		return strdup("");
	return b->s;
}

struct strv {
	char **v;
	size_t n;
};

static bool strv_push(struct strv *sv, char *s)
{
	if (s == NULL)
		return false;
	char **nv = realloc(sv->v, (sv->n + 1) * sizeof(*nv));
	if (nv == NULL) {
		free(s);
		return false;
	}
	sv->v = nv;
	sv->v[sv->n++] = s;
	return true;
}

static bool strv_has(const struct strv *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (strcmp(sv->v[i], s) == 0)
			return true;
	return false;
}

static void strv_release(struct strv *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = 0;
}

/* ---- the import's state ----------------------------------------------------------- */

struct choice {
	char *text;
	bool correct;
	char *feedback;
};

/* One question as it will be written. */
struct question {
	const char *type;          /* tmdojo type name */
	char *id, *prompt, *explanation, *fb_correct, *fb_incorrect;
	double points;
	struct strv hints, tags, stride;
	struct choice *choices;
	size_t n_choices;
	bool answer;               /* true-false */
	struct strv accept, patterns, order, lefts, rights, distractors;
	struct choice *rejects;    /* short: answers worth 0% (text, feedback) */
	size_t n_rejects;
	double number, tolerance;  /* numeric */
	char *unit;
};

/* A taken id; next is the suffix to try first when it is a base again. */
struct id_entry {
	char *key;
	unsigned next;
};

struct import {
	const struct tm_xmllib *x;
	const char *file;          /* borrowed: named in messages */
	struct tm_diags *warnings, *diags;
	long line;                 /* the question being read */
	const char *qname;         /* borrowed: its name, for warnings */
	const struct grader_lexicon *lex;  /* borrowed: its stop words (may be NULL) */
	struct strv answers;       /* the accepted short answers read (first pass) */
	struct strv stop_only;     /* accepted answers of only stop words, sorted */
	bool checked;              /* stop_only is known: drop, collect no answers */
	size_t refusal_checks;     /* fuzzy matches spent on drop_refusing_rejects() */
	bool oom;
	bool bad_fraction;         /* the question has a fraction that is not a number */
	bool html_too_deep;        /* a text of the question was nested too deeply */
	struct question *qs;
	size_t n_qs;
	char *category;            /* the last category's last part, for the title */
	/* what the SAX hooks refuse (an entity declaration, a DOCTYPE naming an
	 * external DTD, a reference to an undeclared entity): the first one */
	bool refused;
	long refused_line;
	int refused_column;
	char refused_text[400];
	char refused_at[80];       /* the text refused, to place it exactly, or "" */
	bool refused_anywhere;     /* refused_at may be on an earlier line (a DOCTYPE) */
	internalSubsetSAXFunc internal_subset;   /* libxml2's own, chained to */
	/* the first XML error (libxml2 reports more after it; the first is the cause) */
	bool error_seen;
	int error_line, error_column;
	char error_text[200];
	/* the question ids taken so far (open addressing) */
	struct id_entry *ids;
	size_t n_ids, ids_alloc;
	size_t qs_alloc;
};

static void warn(struct import *im, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* Adds the warning "question 'NAME': TEXT" at the current question's line. */
static void warn(struct import *im, const char *fmt, ...)
{
	char text[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	tc_mend(text);   /* the "%.60s" quotes end between characters */
	if (im->qname != NULL && im->qname[0] != '\0')
		tm_diags_add(im->warnings, TM_OK, im->file, (int)im->line, 0,
			     "question '%.*s': %s", tc_prefix(im->qname, 80), im->qname, text);
	else
		tm_diags_add(im->warnings, TM_OK, im->file, (int)im->line, 0, "%s", text);
}

static void question_release(struct question *q)
{
	free(q->id);
	free(q->prompt);
	free(q->explanation);
	free(q->fb_correct);
	free(q->fb_incorrect);
	free(q->unit);
	strv_release(&q->hints);
	strv_release(&q->tags);
	strv_release(&q->stride);
	for (size_t i = 0; i < q->n_choices; i++) {
		free(q->choices[i].text);
		free(q->choices[i].feedback);
	}
	free(q->choices);
	for (size_t i = 0; i < q->n_rejects; i++) {
		free(q->rejects[i].text);
		free(q->rejects[i].feedback);
	}
	free(q->rejects);
	strv_release(&q->accept);
	strv_release(&q->patterns);
	strv_release(&q->order);
	strv_release(&q->lefts);
	strv_release(&q->rights);
	strv_release(&q->distractors);
	memset(q, 0, sizeof(*q));
}

/* ---- XML text ------------------------------------------------------------------ */

/* Appends every text (and CDATA) below n to b. */
static void collect_text(const xmlNode *n, struct sbuf *b, int depth)
{
	for (const xmlNode *c = n->children; c != NULL; c = c->next) {
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
		    c->content != NULL)
			sb_str(b, (const char *)c->content);
		else if (c->type == XML_ELEMENT_NODE && depth < HTML_MAX_DEPTH)
			collect_text(c, b, depth + 1);
	}
}

/* The text below n as a fresh string ("" for NULL); NULL when out of memory. */
static char *text_of(const xmlNode *n)
{
	struct sbuf b = { 0 };
	if (n != NULL)
		collect_text(n, &b, 0);
	return sb_take(&b);
}

/* Cuts blanks at both ends of s in place; returns s. */
static char *trim(char *s)
{
	size_t len;
	char *p = s;

	if (s == NULL)
		return NULL;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	memmove(s, p, strlen(p) + 1);
	len = strlen(s);
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' ||
			   s[len - 1] == '\r'))
		s[--len] = '\0';
	return s;
}

/*
 * Makes s fit for a tmdojo text in place: CR LF and lone CR become LF, tabs
 * spaces, trailing blanks of each line go, no more than one blank line in a
 * row, no blank ends. The characters the loader refuses (textchars.c
 * tc_forbidden_len) do not stay: other C0 controls and DEL become spaces, C1
 * controls (U+0080..U+009F, "&#x85;") and U+FFFE/U+FFFF are dropped, with a
 * warning. Returns s.
 */
static char *tidy(struct import *im, char *s)
{
	size_t w = 0, newlines = 0, dropped = 0;
	unsigned first = 0;

	if (s == NULL)
		return NULL;
	for (size_t r = 0; s[r] != '\0'; r++) {
		unsigned char c = (unsigned char)s[r];
		unsigned cp = 0;
		if (c == '\r') {
			if (s[r + 1] == '\n')
				continue;
			c = '\n';
		}
		if (c == '\n') {
			while (w > 0 && s[w - 1] == ' ')
				w--;
			if (++newlines > 2)
				continue;
			s[w++] = '\n';
			continue;
		}
		size_t k = tc_forbidden_len(s + r, &cp);
		if (k > 1) {
			r += k - 1;                           /* C1, U+FFFE/FFFF: dropped */
		} else if (k == 1) {
			c = ' ';                              /* C0, DEL: a space */
		} else if (c == '\t') {
			c = ' ';
		}
		if (cp != 0 && dropped++ == 0)
			first = cp;
		if (cp != 0 && c != ' ')
			continue;
		newlines = 0;
		s[w++] = (char)c;
	}
	s[w] = '\0';
	if (dropped > 0 && im != NULL)
		warn(im, "removed the control character U+%04X%s (tmdojo texts cannot hold "
		     "control characters)", first, dropped > 1 ? " and others" : "");
	return trim(s);
}

/* Joins the lines of s into one (for choices, answers and pairs). Returns s. */
static char *one_line(struct import *im, char *s)
{
	if (s == NULL)
		return NULL;
	tidy(im, s);
	size_t w = 0;
	for (size_t r = 0; s[r] != '\0'; r++) {
		char c = s[r] == '\n' ? ' ' : s[r];
		if (c == ' ' && (w == 0 || s[w - 1] == ' '))
			continue;
		s[w++] = c;
	}
	s[w] = '\0';
	return trim(s);
}

/* ---- HTML to Markdown-ish text ------------------------------------------------------- */

struct html_out {
	struct import *im;
	struct sbuf b;
	bool images, plugin_files;
	bool too_deep;             /* elements below HTML_MAX_DEPTH were not read */
	size_t dropped_links;      /* links whose target html_link() did not keep */
	char dropped[64];          /* the first of them, cut, for the warning */
};

/* Ends the current line unless the text is empty or already ends one. */
static void html_newline(struct html_out *o)
{
	if (o->b.len > 0 && o->b.s[o->b.len - 1] != '\n')
		sb_str(&o->b, "\n");
}

/* Ends the current paragraph: one blank line. */
static void html_paragraph(struct html_out *o)
{
	html_newline(o);
	if (o->b.len > 1 && o->b.s[o->b.len - 2] != '\n')
		sb_str(&o->b, "\n");
}

/* Appends a text node with its runs of blanks folded to one space. */
static void html_text(struct html_out *o, const char *t)
{
	if (strstr(t, "@@PLUGINFILE@@") != NULL)
		o->plugin_files = true;
	for (; *t != '\0'; t++) {
		if (isspace((unsigned char)*t)) {
			if (o->b.len == 0 || o->b.s[o->b.len - 1] == ' ' ||
			    o->b.s[o->b.len - 1] == '\n')
				continue;
			sb_str(&o->b, " ");
		} else {
			sb_add(&o->b, t, 1);
		}
	}
}

static bool name_in(const char *name, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(name, *list) == 0)
			return true;
	return false;
}

static void html_walk(struct html_out *o, const xmlNode *n, int depth);

/* Whether href is a link target tmdojo keeps: http, https or mailto, with
 * something after the scheme. javascript:, data:, file: and relative links
 * mean nothing outside Moodle, or worse. */
static bool link_kept(const char *href)
{
	static const char *const schemes[] = { "http://", "https://", "mailto:", NULL };
	for (const char *const *sc = schemes; *sc != NULL; sc++) {
		size_t n = strlen(*sc);
		if (strncasecmp(href, *sc, n) == 0 && href[n] != '\0' &&
		    !isspace((unsigned char)href[n]))
			return true;
	}
	return false;
}

/* Writes link a: its text, then its target in parentheses ("the doc
 * (https://example.com/doc)"), as lesson text has no link syntax; the target
 * alone when the link has no text, nothing more when the text is the target.
 * A target link_kept() refuses is left out and counted in o->dropped_links;
 * an embedded file (@@PLUGINFILE@@) is warned about apart. */
static void html_link(struct html_out *o, const xmlNode *a, int depth)
{
	const char *href = tm_xml_attr(a, "href");
	size_t start = o->b.len;
	html_walk(o, a, depth + 1);
	if (href == NULL)
		return;
	href += strspn(href, " \t\r\n");
	size_t hlen = strlen(href);
	while (hlen > 0 && isspace((unsigned char)href[hlen - 1]))
		hlen--;
	if (hlen == 0 || strstr(href, "@@PLUGINFILE@@") != NULL)
		return;
	if (!link_kept(href)) {
		if (o->dropped_links++ == 0)
			snprintf(o->dropped, sizeof(o->dropped), "%.*s", (int)hlen, href);
		return;
	}
	/* the link's own text, blanks around it aside */
	const char *text = o->b.s != NULL ? o->b.s + start : "";
	size_t tlen = o->b.len - start;
	while (tlen > 0 && isspace((unsigned char)*text)) {
		text++;
		tlen--;
	}
	while (tlen > 0 && isspace((unsigned char)text[tlen - 1]))
		tlen--;
	size_t skip = strncasecmp(href, "mailto:", 7) == 0 ? 7 : 0;   /* the address alone */
	if ((tlen == hlen && memcmp(text, href, hlen) == 0) ||
	    (tlen == hlen - skip && memcmp(text, href + skip, tlen) == 0))
		return;
	bool blank = o->b.len == 0 || o->b.s[o->b.len - 1] == ' ' || o->b.s[o->b.len - 1] == '\n';
	if (tlen > 0)
		sb_str(&o->b, blank ? "(" : " (");
	sb_add(&o->b, href, hlen);
	if (tlen > 0)
		sb_str(&o->b, ")");
}

static void html_walk(struct html_out *o, const xmlNode *n, int depth)
{
	static const char *const blocks[] = { "p", "div", "h1", "h2", "h3", "h4", "h5", "h6",
					      "blockquote", "table", "pre", "ul", "ol", "dl",
					      "section", "article", "header", "footer", NULL };
	static const char *const skipped[] = { "script", "style", "head", "title", NULL };

	for (const xmlNode *c = n->children; c != NULL; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (c->content != NULL)
				html_text(o, (const char *)c->content);
			continue;
		}
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (depth >= HTML_MAX_DEPTH) {
			o->too_deep = true;
			continue;
		}
		const char *name = (const char *)c->name;
		if (name_in(name, skipped))
			continue;
		if (strcmp(name, "img") == 0 || strcmp(name, "video") == 0 ||
		    strcmp(name, "audio") == 0 || strcmp(name, "object") == 0) {
			o->images = true;
			continue;
		}
		const char *href = tm_xml_attr(c, "href");
		if (href != NULL && strstr(href, "@@PLUGINFILE@@") != NULL)
			o->plugin_files = true;
		if (strcmp(name, "br") == 0) {
			sb_str(&o->b, "\n");
		} else if (strcmp(name, "a") == 0) {
			html_link(o, c, depth);
		} else if (strcmp(name, "li") == 0 || strcmp(name, "dt") == 0 ||
			   strcmp(name, "dd") == 0) {
			html_newline(o);
			sb_str(&o->b, "- ");
			html_walk(o, c, depth + 1);
			html_newline(o);
		} else if (strcmp(name, "tr") == 0) {
			html_newline(o);
			html_walk(o, c, depth + 1);
			html_newline(o);
		} else if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0) {
			if (o->b.len > 0 && o->b.s[o->b.len - 1] != '\n')
				sb_str(&o->b, " ");
			html_walk(o, c, depth + 1);
		} else if (name_in(name, blocks)) {
			html_paragraph(o);
			html_walk(o, c, depth + 1);
			html_paragraph(o);
		} else {
			html_walk(o, c, depth + 1);
		}
	}
}

/* The plain text of HTML html (a fresh string, "" for none); NULL when out of
 * memory. Warns about images and embedded files it drops. */
static char *html_to_text(struct import *im, const char *html, const char *what)
{
	struct html_out o = { .im = im };
	size_t len = strlen(html);
	htmlDocPtr doc;

	if (len == 0 || len > INT32_MAX)
		return strdup("");
	doc = im->x->html_read_memory(html, (int)len, NULL, "UTF-8",
				      HTML_PARSE_NONET | HTML_PARSE_NOERROR |
					      HTML_PARSE_NOWARNING | HTML_PARSE_NOIMPLIED);
	if (doc == NULL)
		return strdup("");
	/* the document's top-level nodes (with NOIMPLIED, the fragment's own) as the
	 * children of one stand-in node */
	xmlNode top;
	memset(&top, 0, sizeof(top));
	top.children = doc->children;
	html_walk(&o, &top, 0);
	im->x->free_doc(doc);
	if (o.too_deep) {
		warn(im, "%s: HTML nested deeper than %d elements was left out", what,
		     HTML_MAX_DEPTH);
		im->html_too_deep = true;
	}
	if (o.images)
		warn(im, "%s: an image or media file was dropped (tmdojo texts are plain text)",
		     what);
	else if (o.plugin_files)
		warn(im, "%s: a link to a file embedded in the export (@@PLUGINFILE@@) was kept "
		     "as text; the file itself is not imported", what);
	if (o.dropped_links == 1)
		warn(im, "%s: the link target '%s' was dropped, the link's text kept (only "
		     "http, https and mailto links are kept)", what, o.dropped);
	else if (o.dropped_links > 1)
		warn(im, "%s: %zu link targets such as '%s' were dropped, the links' text kept "
		     "(only http, https and mailto links are kept)", what, o.dropped_links,
		     o.dropped);
	return sb_take(&o.b);
}

/* Appends a text run of Markdown with the entities a Markdown writer uses for
 * '<', '>' and '&' (as export moodle-xml writes them) read back. */
static void add_unentity(struct sbuf *b, const char *t, size_t n)
{
	static const struct { const char *entity; const char *ch; } named[] = {
		{ "&lt;", "<" }, { "&gt;", ">" }, { "&amp;", "&" },
	};
	size_t from = 0;
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; t[i] == '&' && k < sizeof(named) / sizeof(named[0]); k++) {
			size_t el = strlen(named[k].entity);
			if (i + el <= n && memcmp(t + i, named[k].entity, el) == 0) {
				sb_add(b, t + from, i - from);
				sb_str(b, named[k].ch);
				from = i + el;
				i += el - 1;
				break;
			}
		}
	}
	sb_add(b, t + from, n - from);
}

static void add_markdown_run(void *arg, const struct tm_inline *run)
{
	struct sbuf *b = arg;
	switch (run->kind) {
	case TM_INLINE_TEXT:
		add_unentity(b, run->text, run->len);
		break;
	case TM_INLINE_CODE:
		/* Markdown shows a code span as written: entities stay text */
		sb_str(b, "`");
		sb_add(b, run->text, run->len);
		sb_str(b, "`");
		break;
	case TM_INLINE_STRONG:
		sb_str(b, "**");
		break;
	case TM_INLINE_EMPHASIS:
		sb_str(b, "*");
		break;
	}
}

/* Markdown text as tmdojo keeps it: &lt;, &gt; and &amp; outside code spans and
 * fenced code read as the characters they stand for (the marks tm_inline_scan
 * finds are written back as they were). Caller frees; NULL when out of memory. */
static char *markdown_text(const char *md)
{
	struct sbuf b = { 0 };
	bool fence = false;
	for (const char *s = md; *s != '\0';) {
		const char *nl = strchr(s, '\n');
		size_t len = nl != NULL ? (size_t)(nl - s) + 1 : strlen(s);
		size_t lead = strspn(s, " ");
		if (strncmp(s + lead, "```", 3) == 0)
			fence = !fence;
		if (fence || strncmp(s + lead, "```", 3) == 0)
			sb_add(&b, s, len);
		else
			tm_inline_scan(s, len, add_markdown_run, &b);
		s += len;
	}
	return sb_take(&b);
}

/*
 * The text of field name of n (<name format="..."><text>...</text></name>), in
 * tmdojo's plain text: HTML converted, plain and Markdown kept. "" when absent;
 * NULL when out of memory.
 */
static char *field_text(struct import *im, const xmlNode *n, const char *name, const char *what)
{
	const xmlNode *f = name != NULL ? tm_xml_child(n, name) : n;
	const char *format;
	char *raw, *out;

	if (f == NULL)
		return strdup("");
	raw = text_of(tm_xml_child(f, "text"));
	if (raw == NULL)
		return NULL;
	format = tm_xml_attr(f, "format");
	bool html = format != NULL && strcmp(format, "html") == 0;
	if (html || (format != NULL && strcmp(format, "markdown") == 0)) {
		out = html ? html_to_text(im, raw, what) : markdown_text(raw);
		free(raw);
	} else {
		out = raw;
	}
	if (!html && out != NULL && strstr(out, "@@PLUGINFILE@@") != NULL)
		warn(im, "%s: refers to a file embedded in the export (@@PLUGINFILE@@), "
		     "which is not imported", what);
	if (out == NULL)
		im->oom = true;
	return tidy(im, out);
}

/* field_text() on one line. */
static char *field_line(struct import *im, const xmlNode *n, const char *name, const char *what)
{
	return one_line(im, field_text(im, n, name, what));
}

/* ---- ids, numbers, feedback -------------------------------------------------------- */

/* A tmdojo id made of s: lowercase ASCII letters and digits, any other run a
 * single '-', no '-' at the ends, at most size - 1 bytes. "" when nothing is
 * left. */
static void make_id(const char *s, char *out, size_t size)
{
	size_t w = 0;
	bool dash = false;

	/* U+00C0..U+00FF as ASCII letters ('.' for the two signs), so that "Größe"
	 * reads "grosse", not "gr-e"; other non-ASCII text separates words */
	static const char latin1[] = "aaaaaaaceeeeiiiidnooooo.ouuuuytsaaaaaaaceeeeiiiidnooooo.ouuuuyty";

	for (; s != NULL && *s != '\0' && w + 1 < size; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == 0xc3 && (unsigned char)s[1] >= 0x80 && (unsigned char)s[1] <= 0xbf) {
			char l = latin1[(unsigned char)s[1] - 0x80];
			s++;
			if (l != '.') {
				bool sharp = (unsigned char)*s == 0x9f;   /* ß: "ss" */
				size_t need = (dash && w > 0 ? 1 : 0) + (sharp ? 2 : 1);
				if (w + need + 1 > size)
					break;
				if (dash && w > 0)
					out[w++] = '-';
				dash = false;
				out[w++] = l;
				if (sharp)
					out[w++] = 's';
				continue;
			}
			dash = true;
			continue;
		}
		if (isalnum(c) && c < 0x80) {
			if (dash && w > 0) {
				if (w + 2 >= size)
					break;
				out[w++] = '-';
			}
			dash = false;
			out[w++] = (char)tolower(c);
		} else {
			dash = true;
		}
	}
	while (w > 0 && out[w - 1] == '-')
		w--;
	out[w] = '\0';
}

/* A question id's base is cut shorter than the loader's RULE_ID_MAX, so that
 * "-2", "-3"... still fit. */
#define QUESTION_BASE_MAX (RULE_ID_MAX - 8)

/* FNV-1a: the slot of an id in the set of taken ids. */
static size_t id_hash(const char *s)
{
	size_t h = (size_t)14695981039346656037ULL;
	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * (size_t)1099511628211ULL;
	return h;
}

/* The entry of id in im's set of taken ids (its key NULL when id is not
 * taken; the slot to add it in). */
static struct id_entry *id_find(const struct import *im, const char *id)
{
	size_t mask = im->ids_alloc - 1;
	for (size_t i = id_hash(id) & mask;; i = (i + 1) & mask)
		if (im->ids[i].key == NULL || strcmp(im->ids[i].key, id) == 0)
			return &im->ids[i];
}

/* Adds id (copied) to the set of taken ids, which grows to stay at most half
 * full. Returns its entry, NULL when out of memory. */
static struct id_entry *id_add(struct import *im, const char *id)
{
	if (2 * (im->n_ids + 1) > im->ids_alloc) {
		size_t alloc = im->ids_alloc ? 2 * im->ids_alloc : 64;
		struct id_entry *old = im->ids;
		size_t old_alloc = im->ids_alloc;
		im->ids = calloc(alloc, sizeof(*im->ids));
		if (im->ids == NULL) {
			im->ids = old;
			return NULL;
		}
		im->ids_alloc = alloc;
		for (size_t i = 0; i < old_alloc; i++)
			if (old[i].key != NULL)
				*id_find(im, old[i].key) = old[i];
		free(old);
	}
	struct id_entry *e = id_find(im, id);
	if (e->key == NULL) {
		e->key = strdup(id);
		if (e->key == NULL)
			return NULL;
		e->next = 2;
		im->n_ids++;
	}
	return e;
}

/* The question's id: from <idnumber>, else <name>, else "question-N"; made
 * unique in the module with "-2", "-3"... Each base remembers the next suffix
 * to try, so n questions of one name take linear time, not cubic. Returns the
 * id (caller frees), NULL when out of memory. */
static char *question_id(struct import *im, const char *idnumber, const char *name, size_t pos)
{
	char base[QUESTION_BASE_MAX + 1], id[RULE_ID_MAX + 1];
	struct id_entry *e;

	make_id(idnumber, base, sizeof(base));
	if (base[0] == '\0')
		make_id(name, base, sizeof(base));
	if (base[0] == '\0')
		snprintf(base, sizeof(base), "question-%zu", pos);
	snprintf(id, sizeof(id), "%s", base);
	if (im->ids_alloc > 0 && id_find(im, id)->key != NULL) {
		/* at most one id per question, so n stays far below 10^7 ("-" and 7 digits) */
		unsigned n = id_find(im, base)->next;
		do
			snprintf(id, sizeof(id), "%s-%u", base, n++);
		while (id_find(im, id)->key != NULL);
		id_find(im, base)->next = n;
	}
	e = id_add(im, id);
	return e != NULL ? strdup(id) : NULL;
}

/* Parses a Moodle number: plain decimal, as PHP reads one ("100", "-33.3",
 * ".5", "1e3"), blanks around it allowed. False for anything else, strtod's
 * hexadecimal ("0x64"), "inf" and "nan" included, and for a value that
 * overflows. */
static bool parse_number(const char *s, double *out)
{
	const char *p, *t;
	char *end;
	size_t digits = 0;
	double v;

	if (s == NULL)
		return false;
	while (isspace((unsigned char)*s))
		s++;
	p = s;
	if (*p == '+' || *p == '-')
		p++;
	for (; isdigit((unsigned char)*p); p++)
		digits++;
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p); p++)
			digits++;
	if (digits == 0)
		return false;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!isdigit((unsigned char)*p))
			return false;
		while (isdigit((unsigned char)*p))
			p++;
	}
	for (t = p; isspace((unsigned char)*t); t++)
		;
	if (*t != '\0')
		return false;
	v = strtod(s, &end);
	if (end != p || !isfinite(v))
		return false;
	*out = v;
	return true;
}

/* Whether s would read as a number in YAML or C (strtod's forms, hex and
 * "inf" included): such a text is quoted. */
static bool looks_numeric(const char *s)
{
	char *end;
	(void)strtod(s, &end);
	while (isspace((unsigned char)*end))
		end++;
	return end != s && *end == '\0';
}

/* An answer's fraction (its grade in percent); 0 when it has none. One that is
 * not a plain decimal number ("0x64") is warned about once and marks the
 * question to be skipped: which answer is right cannot be told. */
static double fraction_of(struct import *im, const xmlNode *answer)
{
	const char *s = tm_xml_attr(answer, "fraction");
	double f = 0;
	if (s != NULL && !parse_number(s, &f)) {
		if (!im->bad_fraction)
			warn(im, "fraction '%.40s' is not a plain decimal number: skipped", s);
		im->bad_fraction = true;
		f = 0;
	}
	return f;
}

/* Moodle's stock combined feedback, which says only the verdict tmdojo prints. */
static const char *const stock_feedback[] = { "Your answer is correct.",
					      "Your answer is partially correct.",
					      "Your answer is incorrect." };

/* Feedback text s without a leading verdict (rule_verdict_len(): "Correct!
 * Because..." -> "Because..."; "Correct! Right, ..." loses both): tmdojo
 * prints the verdict itself and the loader refuses feedback that opens with
 * one. Frees s and returns NULL when nothing is left. */
static char *clean_feedback(struct import *im, char *s, const char *what)
{
	size_t len;

	if (s == NULL)
		return NULL;
	for (size_t i = 0; i < sizeof(stock_feedback) / sizeof(stock_feedback[0]); i++)
		if (strcmp(s, stock_feedback[i]) == 0)
			s[0] = '\0';
	for (len = rule_verdict_len(s); len > 0; len = rule_verdict_len(s)) {
		size_t skip = len;
		while (s[skip] != '\0' &&
		       (ispunct((unsigned char)s[skip]) || isspace((unsigned char)s[skip])))
			skip++;
		warn(im, "%s starts with '%.*s', which tmdojo prints itself: dropped the word",
		     what, (int)len, s);
		memmove(s, s + skip, strlen(s + skip) + 1);
		if (s[0] != '\0')
			s[0] = (char)toupper((unsigned char)s[0]);
	}
	if (s[0] == '\0') {
		free(s);
		return NULL;
	}
	return s;
}

/* ---- the question types --------------------------------------------------------------- */

enum { Q_OK, Q_SKIP, Q_OOM };

/* The answers of q with their fractions, in document order. */
static size_t answers_of(const xmlNode *q, const xmlNode **out, size_t max)
{
	size_t n = 0;
	for (const xmlNode *c = q->children; c != NULL; c = c->next)
		if (tm_xml_is(c, "answer")) {
			if (n < max)
				out[n] = c;
			n++;
		}
	return n;
}

/* Answers a question may have: read_question() skips one with more, so the
 * readers hold all of a question's answers in arrays of this size. */
#define MAX_ANSWERS 200

/* The index of the first of the n texts that reads like an earlier one, case
 * and blanks aside (the loader refuses two such choices, matching items or
 * ordering items): -1 when none, -2 on ENOMEM. */
static long repeated_text(const char *const *texts, size_t n)
{
	struct rule_repeat *r = malloc((n > 0 ? n : 1) * sizeof(*r));
	long count = r != NULL ? rule_repeats(texts, n, true, false, r) : -1, found = -1;
	for (long k = 0; k < count; k++)
		if (found < 0 || (long)r[k].later < found)
			found = (long)r[k].later;
	free(r);
	return count < 0 ? -2 : found;
}

/*
 * Whether a multichoice question n is single-answer, as Moodle's
 * trans_single() reads <single>: "false", "0" and an empty element mean
 * multiple answers (PHP's !$name), anything else single; a question without
 * the element is single (Moodle's default, 'true').
 */
static bool is_single_answer(struct import *im, const xmlNode *n)
{
	const xmlNode *el = tm_xml_child(n, "single");
	if (el == NULL)
		return true;
	char *text = one_line(im, text_of(el));
	bool single = text != NULL && text[0] != '\0' && strcmp(text, "0") != 0 &&
		      strcmp(text, "false") != 0;
	free(text);
	return single;
}

/* Skips q (Q_SKIP, with a warning naming the text) when two of its n texts
 * read alike; Q_OK when none do, Q_OOM. what: "answer", "subquestion". */
static int refuse_repeats(struct import *im, const char *const *texts, size_t n,
			  const char *what)
{
	long k = repeated_text(texts, n);
	if (k == -2)
		return Q_OOM;
	if (k < 0)
		return Q_OK;
	warn(im, "%s '%.60s' is there twice (case and blanks aside); a learner could not "
	     "tell the two apart, and tmdojo refuses them: skipped", what, texts[k]);
	return Q_SKIP;
}

static int read_multichoice(struct import *im, const xmlNode *n, struct question *q)
{
	const xmlNode *ans[MAX_ANSWERS];
	size_t na = answers_of(n, ans, MAX_ANSWERS), correct = 0;
	bool is_single = is_single_answer(im, n);

	q->type = is_single ? "single" : "multiple";
	q->choices = calloc(na ? na : 1, sizeof(*q->choices));
	if (q->choices == NULL)
		return Q_OOM;
	for (size_t i = 0; i < na; i++) {
		struct choice *c = &q->choices[q->n_choices];
		double f = fraction_of(im, ans[i]);
		c->text = field_line(im, ans[i], NULL, "an answer");
		if (c->text == NULL)
			return Q_OOM;
		if (c->text[0] == '\0') {
			warn(im, "an answer with no text was left out");
			free(c->text);
			c->text = NULL;
			continue;
		}
		c->correct = is_single ? f >= 99.99 : f > 0;
		if (is_single && f > 0 && f < 99.99)
			warn(im, "answer '%.60s' is worth %g%%; a tmdojo single-answer question "
			     "gives no partial credit: it is a wrong choice now", c->text, f);
		c->feedback = clean_feedback(im, field_text(im, ans[i], "feedback", "feedback"),
					     "an answer's feedback");
		if (c->correct)
			correct++;
		q->n_choices++;
	}
	if (q->n_choices < 2) {
		warn(im, "a %s question needs at least 2 answers: skipped", q->type);
		return Q_SKIP;
	}
	const char **texts = malloc(q->n_choices * sizeof(*texts));
	if (texts == NULL)
		return Q_OOM;
	for (size_t i = 0; i < q->n_choices; i++)
		texts[i] = q->choices[i].text;
	int repeats = refuse_repeats(im, texts, q->n_choices, "answer");
	free(texts);
	if (repeats != Q_OK)
		return repeats;
	if (is_single && correct != 1) {
		warn(im, "%zu answers are worth 100%% (a single-answer question needs exactly "
		     "one): skipped", correct);
		return Q_SKIP;
	}
	if (!is_single && correct == 0) {
		warn(im, "no answer has a positive grade: skipped");
		return Q_SKIP;
	}
	if (!is_single)
		for (size_t i = 0; i < na; i++) {
			double f = fraction_of(im, ans[i]);
			if (f > 0 && fabs(f * correct - 100) > 1) {
				warn(im, "the correct answers carry unequal grades; tmdojo gives each "
				     "the same share");
				break;
			}
		}
	return Q_OK;
}

static int read_truefalse(struct import *im, const xmlNode *n, struct question *q)
{
	const xmlNode *ans[MAX_ANSWERS];
	size_t na = answers_of(n, ans, MAX_ANSWERS);
	int answer = -1;
	char *fb[2] = { NULL, NULL };   /* feedback on answering false, true */

	q->type = "true-false";
	for (size_t i = 0; i < na; i++) {
		char *t = field_line(im, ans[i], NULL, "an answer");
		if (t == NULL)
			return Q_OOM;
		int v = strcasecmp(t, "true") == 0 ? 1 : strcasecmp(t, "false") == 0 ? 0 : -1;
		free(t);
		if (v < 0)
			continue;
		if (fraction_of(im, ans[i]) >= 99.99)
			answer = v;
		free(fb[v]);
		fb[v] = clean_feedback(im, field_text(im, ans[i], "feedback", "feedback"),
				       "an answer's feedback");
	}
	if (answer < 0) {
		free(fb[0]);
		free(fb[1]);
		warn(im, "neither 'true' nor 'false' is worth 100%%: skipped");
		return Q_SKIP;
	}
	q->answer = answer == 1;
	q->fb_correct = fb[answer];
	q->fb_incorrect = fb[!answer];
	return Q_OK;
}

/* Turns Moodle's "\*" (a literal star) into "*", in place. */
static void unescape_stars(char *s)
{
	char *o = s;
	for (; *s != '\0'; s++) {
		if (*s == '\\' && s[1] == '*')
			s++;
		*o++ = *s;
	}
	*o = '\0';
}

/* Whether s holds an unescaped '*'. */
static bool has_wildcard(const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\\' && s[1] == '*')
			s++;
		else if (*s == '*')
			return true;
	}
	return false;
}

/* Whether s (after unescaping) is only stars and blanks: it accepts anything. */
static bool only_wildcards(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s != '*' && *s != ' ')
			return false;
	return true;
}

static int compare_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Keeps a copy of each accepted answer of a short-answer question just read
 * (read_shortanswer(), before it drops any) in im->answers, for
 * find_stop_word_answers() once every question is read. Nothing once the
 * answers are checked. Returns false when out of memory.
 */
static bool note_answers(struct import *im, const struct strv *accept)
{
	for (size_t i = 0; i < accept->n && !im->checked; i++) {
		char *copy = strdup(accept->v[i]);
		if (copy == NULL || !strv_push(&im->answers, copy)) {
			free(copy);
			return false;
		}
	}
	return true;
}

/* The same for the rejected answers of q: the loader checks them alike. */
static bool note_rejects(struct import *im, const struct question *q)
{
	for (size_t i = 0; i < q->n_rejects && !im->checked; i++) {
		char *copy = strdup(q->rejects[i].text);
		if (copy == NULL || !strv_push(&im->answers, copy)) {
			free(copy);
			return false;
		}
	}
	return true;
}

/*
 * Finds, once every question is read, which accepted answers of the bank's
 * short-answer questions (im->answers, note_answers()) have only stop words
 * ("the"), which the loader refuses (rule_stop_word_answers): im->stop_only
 * holds them, sorted, and im->answers is emptied. All of them are tried with
 * one key, prepared against the lexicon once (as the loader's
 * ld_check_answers() does): one key per question took 6.7 s for 30,000
 * questions. Returns false when out of memory; when the check cannot run (the
 * grader refuses an answer as a title) stop_only stays empty and nothing is
 * dropped: the loader skips the check too.
 */
static bool find_stop_word_answers(struct import *im)
{
	struct strv *texts = &im->answers;
	bool *only_stop = NULL, ok = false;

	im->checked = true;
	only_stop = texts->n > 0 ? malloc(texts->n * sizeof(*only_stop)) : NULL;
	if (texts->n > 0 && only_stop == NULL)
		goto cleanup;
	if (texts->n > 0 && rule_stop_word_answers(im->lex, (const char *const *)texts->v,
						   texts->n, only_stop) == 0) {
		for (size_t i = 0; i < texts->n; i++) {
			if (!only_stop[i])
				continue;
			if (!strv_push(&im->stop_only, texts->v[i]))
				goto cleanup;
			texts->v[i] = NULL;
		}
		if (im->stop_only.n > 1)   /* none: no array at all, for qsort a NULL */
			qsort(im->stop_only.v, im->stop_only.n, sizeof(*im->stop_only.v),
			      compare_str);
	}
	ok = true;
cleanup:
	strv_release(texts);
	free(only_stop);
	return ok;
}

/* Drops each accepted answer of only stop words (find_stop_word_answers()),
 * with a warning. Returns how many it dropped. */
static int drop_stop_word_answers(struct import *im, struct strv *accept)
{
	size_t kept = 0;
	int dropped = 0;

	for (size_t i = 0; i < accept->n; i++) {
		if (im->stop_only.n == 0 ||
		    bsearch(&accept->v[i], im->stop_only.v, im->stop_only.n,
			    sizeof(*im->stop_only.v), compare_str) == NULL) {
			accept->v[kept++] = accept->v[i];
			continue;
		}
		warn(im, "answer '%.60s' has only words tmdojo's grader leaves out (stop "
		     "words), so no answer could match it: dropped", accept->v[i]);
		free(accept->v[i]);
		dropped++;
	}
	accept->n = kept;
	return dropped;
}

/* Takes a 0% answer t (ownership; its feedback read from answer node a) as a
 * rejected answer of q, or drops it with a warning when tmdojo cannot refuse
 * it: past RULE_SHORT_ANSWERS_MAX, no words, a wildcard. Returns false when
 * out of memory. */
static bool add_reject(struct import *im, const xmlNode *a, char *t, struct question *q)
{
	if (q->n_rejects == RULE_SHORT_ANSWERS_MAX) {
		warn(im, "answer '%.60s' is worth 0%%, past the %d rejected answers a tmdojo "
		     "short question lists: dropped", t, RULE_SHORT_ANSWERS_MAX);
		free(t);
		return true;
	}
	if (!rule_has_word(t) || has_wildcard(t)) {
		warn(im, "answer '%.60s' is worth 0%%%s: dropped", t, has_wildcard(t) ?
		     " with a wildcard, which a tmdojo rejected answer cannot hold" :
		     " and has no words");
		free(t);
		return true;
	}
	unescape_stars(t);
	struct choice *nr = realloc(q->rejects, (q->n_rejects + 1) * sizeof(*nr));
	if (nr == NULL) {
		free(t);
		return false;
	}
	q->rejects = nr;
	nr[q->n_rejects].text = t;
	nr[q->n_rejects].correct = false;
	nr[q->n_rejects].feedback = clean_feedback(im, field_text(im, a, "feedback", "feedback"),
						   "an answer's feedback");
	q->n_rejects++;
	return !im->oom;
}

/* Drops rejected answer i of q with the warning "answer '...' why". */
static void drop_reject(struct import *im, struct question *q, size_t i, const char *why)
{
	warn(im, "answer '%.60s' %s", q->rejects[i].text, why);
	free(q->rejects[i].text);
	free(q->rejects[i].feedback);
	memmove(&q->rejects[i], &q->rejects[i + 1], (q->n_rejects - i - 1) * sizeof(*q->rejects));
	q->n_rejects--;
}

/* The rejected answer of q for which tmdojo would grade an accepted answer
 * wrong (the loader refuses such a question): builds the question as the
 * loader would, its prompt included, and grades each accepted answer. Its
 * index, -1 when there is none, -2 on ENOMEM. */
static long refusing_reject(struct import *im, const struct question *q)
{
	struct tm_question tq;
	struct tm_reject *r = malloc(q->n_rejects * sizeof(*r));
	long culprit = -1;
	if (r == NULL)
		return -2;
	memset(&tq, 0, sizeof(tq));
	tq.type = TM_Q_SHORT;
	tq.prompt = q->prompt;
	tq.points = 1;
	tq.accept = (struct tm_strv){ (const char **)q->accept.v, q->accept.n };
	tq.patterns = (struct tm_strv){ (const char **)q->patterns.v, q->patterns.n };
	for (size_t i = 0; i < q->n_rejects; i++)
		r[i] = (struct tm_reject){ q->rejects[i].text, NULL };
	tq.rejects = r;
	tq.n_rejects = q->n_rejects;
	struct tm_short_answers *s = NULL;
	if (tm_short_answers_new(&tq, im->lex, &s) != TM_OK)
		culprit = -2;
	for (size_t i = 0; i < q->accept.n && culprit == -1; i++) {
		const char *refused = NULL;
		struct tm_diags d;
		tm_diags_init(&d);
		int rc = tm_quiz_short_refused(s, q->accept.v[i], &refused, &d);
		if (rc == TM_ENOMEM)
			culprit = -2;
		for (size_t k = 0; rc == TM_OK && refused != NULL && k < q->n_rejects; k++)
			if (r[k].answer == refused)
				culprit = (long)k;
		tm_diags_release(&d);
	}
	tm_short_answers_free(s);
	free(r);
	return culprit;
}

/* Keeps the rejected answers of q the loader takes: with more than stop words,
 * not also accepted (drop_refusing_rejects() checks the rest once the prompt
 * is read). Feedback that repeats the catch-all's is left to it (the export
 * writes it for a rejected answer without its own). */
static void check_rejects(struct import *im, struct question *q)
{
	for (size_t i = 0; i < q->n_rejects;) {
		const char *t = q->rejects[i].text;
		bool accepted = false;
		for (size_t k = 0; k < q->accept.n && !accepted; k++)
			accepted = rule_same_answer(q->accept.v[k], t);
		if (accepted)
			drop_reject(im, q, i, "is worth both 0% and 100%: the 0% one is dropped");
		else if (im->stop_only.n > 0 && bsearch(&t, im->stop_only.v, im->stop_only.n,
							 sizeof(*im->stop_only.v), compare_str))
			drop_reject(im, q, i, "is worth 0% and has only words tmdojo's grader "
				    "leaves out (stop words): dropped");
		else
			i++;
	}
	for (size_t i = 0; i < q->n_rejects; i++) {
		if (q->rejects[i].feedback != NULL && q->fb_incorrect != NULL &&
		    strcmp(q->rejects[i].feedback, q->fb_incorrect) == 0) {
			free(q->rejects[i].feedback);
			q->rejects[i].feedback = NULL;
		}
	}
}

/* How many fuzzy matches an import may spend on drop_refusing_rejects(), as
 * validate does (engine/load_question.c): about 1 s. Fewer than validate's,
 * which checks what the import leaves unchecked: one question costs at most
 * 10,000 (MAX_ANSWERS answers), a bank of thousands of small ones more. */
#define REFUSAL_CHECKS 20000

/* Drops each rejected answer of a short question (its prompt read) that would
 * make tmdojo grade an accepted answer wrong, as the loader refuses it.
 * Returns false when out of memory. */
static bool drop_refusing_rejects(struct import *im, struct question *q)
{
	if (q->n_rejects == 0 || q->accept.n == 0)
		return true;
	long k = -1;
	/* as validate, a bound on the fuzzy matches spent (one per pair of an
	 * accepted and a rejected answer; more only where one refuses, which drops
	 * it): past it the rejected answers are kept unchecked */
	while (im->refusal_checks <= REFUSAL_CHECKS) {
		im->refusal_checks += q->accept.n * q->n_rejects;
		if (im->refusal_checks > REFUSAL_CHECKS) {
			warn(im, "its rejected answers and those of the questions after it were "
			     "not checked against the accepted answers (more than %d fuzzy "
			     "matches): check the module with tmdojo validate", REFUSAL_CHECKS);
			break;
		}
		if ((k = refusing_reject(im, q)) < 0)
			break;
		drop_reject(im, q, (size_t)k, "is worth 0%, but tmdojo's fuzzy matcher would then "
			    "refuse an accepted answer: dropped");
	}
	return k != -2;
}

static int read_shortanswer(struct import *im, const xmlNode *n, struct question *q)
{
	const xmlNode *ans[MAX_ANSWERS];
	size_t na = answers_of(n, ans, MAX_ANSWERS), dropped = 0;

	q->type = "short";
	for (size_t i = 0; i < na; i++) {
		double f = fraction_of(im, ans[i]);
		char *t = field_line(im, ans[i], NULL, "an answer");
		if (t == NULL)
			return Q_OOM;
		if (t[0] != '\0' && only_wildcards(t)) {
			/* Moodle's catch-all answer: its feedback is for wrong answers */
			if (f >= 99.99) {
				warn(im, "answer '%.60s' is worth 100%%: any answer is right in "
				     "Moodle, which a tmdojo question cannot say: skipped", t);
				free(t);
				return Q_SKIP;
			}
			if (f > 0)
				warn(im, "the catch-all answer '%.60s' is worth %g%%; tmdojo gives "
				     "no partial credit: any other answer is wrong", t, f);
			if (q->fb_incorrect == NULL)
				q->fb_incorrect = clean_feedback(
					im, field_text(im, ans[i], "feedback", "feedback"),
					"an answer's feedback");
			free(t);
			continue;
		}
		if (f == 0 && t[0] != '\0') {
			/* a near miss with its own feedback: a rejected answer */
			if (!add_reject(im, ans[i], t, q))
				return Q_OOM;
			continue;
		}
		if (f < 99.99) {
			if (t[0] != '\0')
				warn(im, "answer '%.60s' is worth %g%%; tmdojo accepts only whole "
				     "answers: dropped", t, f);
			free(t);
			continue;
		}
		if (!rule_has_word(t)) {
			warn(im, "answer '%.60s' has no words: dropped", t);
			free(t);
			dropped++;
			continue;
		}
		if (q->fb_correct == NULL)
			q->fb_correct = clean_feedback(im, field_text(im, ans[i], "feedback",
								      "feedback"),
						       "an answer's feedback");
		if (has_wildcard(t)) {
			char *p = wildcard_to_pattern(t);
			struct grader_error err;
			char why[256];
			free(t);
			if (p == NULL)
				return Q_OOM;
			if (grader_pattern_check(p, &err) != GRADER_OK) {
				warn(im, "a wildcard answer gives a pattern tmdojo refuses (%s): "
				     "dropped", err.text);
				free(p);
				dropped++;
				continue;
			}
			if (rule_pattern_hits_limit(p, why, sizeof(why)) ||
			    rule_pattern_matches_off_topic(p, "answer", why, sizeof(why))) {
				warn(im, "a wildcard answer gives a pattern, '%.80s', that %s: "
				     "dropped", p, why);
				free(p);
				dropped++;
				continue;
			}
			if (!strv_push(&q->patterns, p))
				return Q_OOM;
		} else if (q->accept.n == RULE_SHORT_ANSWERS_MAX) {
			warn(im, "answer '%.60s' is past the %d accepted answers a tmdojo short "
			     "question lists: dropped", t, RULE_SHORT_ANSWERS_MAX);
			free(t);
			dropped++;
		} else {
			unescape_stars(t);
			if (!strv_push(&q->accept, t))
				return Q_OOM;
		}
	}
	if (!note_answers(im, &q->accept) || !note_rejects(im, q))
		return Q_OOM;
	int stop_only = drop_stop_word_answers(im, &q->accept);
	if (q->accept.n == 0 && q->patterns.n == 0) {
		if (stop_only > 0 || dropped > 0)
			warn(im, "no accepted answer is left: skipped");
		else
			warn(im, "no answer is worth 100%%: skipped");
		return Q_SKIP;
	}
	check_rejects(im, q);
	if (q->accept.n > 0)
		warn(im, "accepted answers are matched by tmdojo's fuzzy matcher, which is more "
		     "lenient than Moodle's exact match: check them with tmdojo learn");
	return Q_OK;
}

static int read_numerical(struct import *im, const xmlNode *n, struct question *q)
{
	const xmlNode *ans[MAX_ANSWERS];
	size_t na = answers_of(n, ans, MAX_ANSWERS);
	bool found = false;

	q->type = "numeric";
	for (size_t i = 0; i < na; i++) {
		double f = fraction_of(im, ans[i]), v, tol = 0;
		char *t = field_line(im, ans[i], NULL, "an answer"), *tt;
		if (t == NULL)
			return Q_OOM;
		if (strcmp(t, "*") == 0) {
			if (f >= 99.99) {
				warn(im, "answer '*' is worth 100%%: any answer is right in Moodle, "
				     "which a tmdojo question cannot say: skipped");
				free(t);
				return Q_SKIP;
			}
			if (f > 0)
				warn(im, "the catch-all answer '*' is worth %g%%; tmdojo gives no "
				     "partial credit: any other answer is wrong", f);
			if (q->fb_incorrect == NULL)
				q->fb_incorrect = clean_feedback(
					im, field_text(im, ans[i], "feedback", "feedback"),
					"an answer's feedback");
			free(t);
			continue;
		}
		if (f < 99.99 || !parse_number(t, &v)) {
			if (f >= 99.99)
				warn(im, "answer '%.60s' is not a number: dropped", t);
			else
				warn(im, "answer '%.60s' is worth %g%%; tmdojo has one right answer: "
				     "dropped", t, f);
			free(t);
			continue;
		}
		free(t);
		if (found) {
			warn(im, "more than one answer is worth 100%%; tmdojo keeps the first");
			continue;
		}
		tt = one_line(im, text_of(tm_xml_child(ans[i], "tolerance")));
		if (tt == NULL)
			return Q_OOM;
		if (tt[0] != '\0' && (!parse_number(tt, &tol) || tol < 0)) {
			warn(im, "tolerance '%.40s' is not a number >= 0: 0 used", tt);
			tol = 0;
		}
		if (tol > RULE_TOLERANCE_MAX) {
			/* nearly any answer is right: 0 or a cap would change the question */
			warn(im, "tolerance '%.40s' is above 1e12 (the most tmdojo takes): skipped",
			     tt);
			free(tt);
			return Q_SKIP;
		}
		free(tt);
		q->number = v;
		q->tolerance = tol;
		q->fb_correct = clean_feedback(im, field_text(im, ans[i], "feedback", "feedback"),
					       "an answer's feedback");
		found = true;
	}
	if (!found) {
		warn(im, "no answer is a number worth 100%%: skipped");
		return Q_SKIP;
	}
	/* the unit with multiplier 1 is the one the answer is in; tmdojo has no
	 * other units, so an answer in one of them would be wrong: say so */
	const xmlNode *units = tm_xml_child(n, "units");
	for (const xmlNode *u = units != NULL ? units->children : NULL; u != NULL; u = u->next) {
		double m = 1;
		if (!tm_xml_is(u, "unit"))
			continue;
		char *ms = one_line(im, text_of(tm_xml_child(u, "multiplier")));
		char *name = one_line(im, text_of(tm_xml_child(u, "unit_name")));
		if (ms == NULL || name == NULL) {
			free(ms);
			free(name);
			return Q_OOM;
		}
		bool one = ms[0] == '\0' || (parse_number(ms, &m) && m == 1);
		if (one && q->unit == NULL && name[0] != '\0') {
			q->unit = name;
			name = NULL;
		} else if (name[0] != '\0') {
			warn(im, "unit '%.40s' (multiplier '%.40s') has no tmdojo equivalent: "
			     "dropped; an answer in it, right in Moodle, is wrong in tmdojo (say in "
			     "the prompt which unit to answer in)", name, ms);
		}
		free(ms);
		free(name);
	}
	return Q_OK;
}

/* Whether the <text> of field f is empty or blanks only, as written (before
 * HTML is read): Moodle's way to mark a matching subquestion an extra wrong
 * answer. A text of an image alone is not blank, though no text is left. */
static bool blank_field(const xmlNode *f)
{
	char *raw = text_of(tm_xml_child(f, "text"));
	bool blank = true;
	for (const char *p = raw; p != NULL && *p != '\0' && blank; p++)
		blank = isspace((unsigned char)*p) != 0;
	free(raw);
	return blank;
}

/* The options of a matching question are its answers and extra wrong
 * answers, one per text written the same; two that read alike but are written
 * differently ("Spoofing", "spoofing") are refused by the loader (two options
 * a learner cannot tell apart): Q_SKIP with a warning, Q_OK, or Q_OOM. */
static int refuse_option_spellings(struct import *im, const struct question *q)
{
	size_t n = q->rights.n + q->distractors.n;
	const char **texts = calloc(n > 0 ? n : 1, sizeof(*texts));
	struct rule_repeat *r = malloc((n > 0 ? n : 1) * sizeof(*r));
	long count = -1;
	for (size_t i = 0; texts != NULL && i < n; i++)
		texts[i] = i < q->rights.n ? q->rights.v[i] : q->distractors.v[i - q->rights.n];
	if (texts != NULL && r != NULL)
		count = rule_repeats(texts, n, true, true, r);
	if (count > 0)
		warn(im, "answer '%.60s' reads like '%.60s' but is written differently; a "
		     "learner would see two options they cannot tell apart: skipped",
		     texts[r[0].later], texts[r[0].first]);
	free(texts);
	free(r);
	return count < 0 ? Q_OOM : count > 0 ? Q_SKIP : Q_OK;
}

static int read_matching(struct import *im, const xmlNode *n, struct question *q)
{
	q->type = "matching";
	for (const xmlNode *s = n->children; s != NULL; s = s->next) {
		if (!tm_xml_is(s, "subquestion"))
			continue;
		char *left = field_line(im, s, NULL, "a subquestion");
		char *right = one_line(im, text_of(tm_xml_child(tm_xml_child(s, "answer"), "text")));
		if (left == NULL || right == NULL) {
			free(left);
			free(right);
			return Q_OOM;
		}
		if (right[0] == '\0') {
			warn(im, "a subquestion with no answer was left out");
			free(left);
			free(right);
			continue;
		}
		if (left[0] == '\0' && !blank_field(s)) {
			/* an image (or other markup) with no text: its answer is a pair
			 * the learner could not see, not a wrong option */
			warn(im, "the subquestion whose answer is '%.60s' has no text left (only an "
			     "image or media): skipped", right);
			free(left);
			free(right);
			return Q_SKIP;
		}
		if (left[0] == '\0') {
			free(left);
			if (!strv_push(&q->distractors, right))
				return Q_OOM;
			continue;
		}
		/* strv_push frees what it cannot keep */
		if (!strv_push(&q->lefts, left)) {
			free(right);
			return Q_OOM;
		}
		if (!strv_push(&q->rights, right))
			return Q_OOM;
	}
	if (q->lefts.n < 2) {
		warn(im, "a matching question needs at least 2 subquestions with text: skipped");
		return Q_SKIP;
	}
	int rc = refuse_repeats(im, (const char *const *)q->lefts.v, q->lefts.n, "subquestion");
	return rc == Q_OK ? refuse_option_spellings(im, q) : rc;
}

/* qtype_ordering: the answers in their right order (their fraction attribute
 * numbers the position when every one has a distinct one). */
static int read_ordering(struct import *im, const xmlNode *n, struct question *q)
{
	const xmlNode *ans[MAX_ANSWERS];
	double pos[MAX_ANSWERS];
	size_t na = answers_of(n, ans, MAX_ANSWERS);
	bool numbered = true;

	q->type = "ordering";
	for (size_t i = 0; i < na; i++) {
		if (!parse_number(tm_xml_attr(ans[i], "fraction"), &pos[i]))
			numbered = false;
		for (size_t j = 0; numbered && j < i; j++)
			if (pos[j] == pos[i])
				numbered = false;
	}
	/* insertion sort by position when numbered, else document order */
	for (size_t i = 1; numbered && i < na; i++)
		for (size_t j = i; j > 0 && pos[j - 1] > pos[j]; j--) {
			double tp = pos[j];
			const xmlNode *ta = ans[j];
			pos[j] = pos[j - 1];
			ans[j] = ans[j - 1];
			pos[j - 1] = tp;
			ans[j - 1] = ta;
		}
	for (size_t i = 0; i < na; i++) {
		char *t = field_line(im, ans[i], NULL, "an item");
		if (t == NULL)
			return Q_OOM;
		if (t[0] == '\0') {
			free(t);
			continue;
		}
		if (!strv_push(&q->order, t))
			return Q_OOM;
	}
	if (q->order.n < 2) {
		warn(im, "an ordering question needs at least 2 items: skipped");
		return Q_SKIP;
	}
	return refuse_repeats(im, (const char *const *)q->order.v, q->order.n, "item");
}

/* Whether id is a STRIDE category's own name ("tampering", not "t" or
 * "Tampering", which the loader takes too): the category a tag names. */
static bool is_stride_name(const char *id)
{
	const char *name = grader_stride_name(grader_stride_parse(id));
	return name != NULL && strcmp(name, id) == 0;
}

/* Hints, tags (a tag naming a STRIDE category goes to stride: too), points,
 * feedback, the explanation. */
static int read_common(struct import *im, const xmlNode *n, struct question *q)
{
	double grade;
	char *s;

	for (const xmlNode *c = n->children; c != NULL; c = c->next) {
		if (!tm_xml_is(c, "hint"))
			continue;
		s = field_text(im, c, NULL, "a hint");
		if (s == NULL)
			return Q_OOM;
		if (s[0] == '\0')
			free(s);
		else if (!strv_push(&q->hints, s))
			return Q_OOM;
	}
	const xmlNode *tags = tm_xml_child(n, "tags");
	for (const xmlNode *c = tags != NULL ? tags->children : NULL; c != NULL; c = c->next) {
		if (!tm_xml_is(c, "tag"))
			continue;
		s = one_line(im, text_of(tm_xml_child(c, "text")));
		if (s == NULL)
			return Q_OOM;
		if (s[0] == '\0') {
			free(s);
			continue;
		}
		char id[80];
		make_id(s, id, sizeof(id));
		if (is_stride_name(id) && !strv_has(&q->stride, id) &&
		    !strv_push(&q->stride, strdup(id)))
			return Q_OOM;
		if (!strv_push(&q->tags, s))
			return Q_OOM;
	}
	q->points = 1;
	s = one_line(im, text_of(tm_xml_child(n, "defaultgrade")));
	if (s == NULL)
		return Q_OOM;
	if (s[0] != '\0') {
		if (parse_number(s, &grade) && grade >= RULE_POINTS_MIN && grade <= RULE_POINTS_MAX)
			q->points = grade;
		else
			warn(im, "default grade '%.40s' is not a number from %g to %g (what "
			     "tmdojo takes): 1 point", s, RULE_POINTS_MIN, RULE_POINTS_MAX);
	}
	free(s);
	if (q->fb_correct == NULL)
		q->fb_correct = clean_feedback(im, field_text(im, n, "correctfeedback", "feedback"),
					       "the correct feedback");
	if (q->fb_incorrect == NULL)
		q->fb_incorrect = clean_feedback(im, field_text(im, n, "incorrectfeedback",
								"feedback"),
						 "the incorrect feedback");
	if (im->oom)
		return Q_OOM;
	q->explanation = field_text(im, n, "generalfeedback", "the general feedback");
	if (q->explanation == NULL)
		return Q_OOM;
	return Q_OK;
}

/* "The answer: ..." for a question without general feedback (tmdojo requires
 * an explanation). NULL when out of memory. */
static char *default_explanation(const struct question *q)
{
	struct sbuf b = { 0 };
	char num[64];

	sb_str(&b, "The answer: ");
	if (q->n_choices > 0) {
		bool first = true;
		for (size_t i = 0; i < q->n_choices; i++) {
			if (!q->choices[i].correct)
				continue;
			sb_str(&b, first ? "" : "; ");
			sb_str(&b, q->choices[i].text);
			first = false;
		}
	} else if (strcmp(q->type, "true-false") == 0) {
		sb_str(&b, q->answer ? "true" : "false");
	} else if (q->accept.n > 0) {
		sb_str(&b, q->accept.v[0]);
	} else if (q->order.n > 0) {
		for (size_t i = 0; i < q->order.n; i++) {
			sb_str(&b, i ? ", then " : "");
			sb_str(&b, q->order.v[i]);
		}
	} else if (q->lefts.n > 0) {
		for (size_t i = 0; i < q->lefts.n; i++) {
			sb_str(&b, i ? "; " : "");
			sb_str(&b, q->lefts.v[i]);
			sb_str(&b, " - ");
			sb_str(&b, q->rights.v[i]);
		}
	} else if (strcmp(q->type, "numeric") == 0) {
		snprintf(num, sizeof(num), "%.15g", q->number);
		sb_str(&b, num);
		if (q->unit != NULL) {
			sb_str(&b, " ");
			sb_str(&b, q->unit);
		}
	} else {
		sb_str(&b, "see the accepted answers");
	}
	sb_str(&b, ".");
	return sb_take(&b);
}

/* Reads one <question>; adds it to im->qs, or warns why it was skipped.
 * Returns Q_OK, Q_SKIP or Q_OOM. */
static int read_question(struct import *im, const xmlNode *n, const char *type, size_t pos)
{
	struct question q;
	int rc;
	char *name = NULL, *idnumber = NULL;

	memset(&q, 0, sizeof(q));
	name = one_line(im, text_of(tm_xml_child(tm_xml_child(n, "name"), "text")));
	idnumber = one_line(im, text_of(tm_xml_child(n, "idnumber")));
	if (name == NULL || idnumber == NULL) {
		rc = Q_OOM;
		goto cleanup;
	}
	im->qname = name;
	if (answers_of(n, NULL, 0) > MAX_ANSWERS) {
		/* every reader keeps at most MAX_ANSWERS: one with more is not kept cut */
		warn(im, "more than %d answers: skipped", MAX_ANSWERS);
		rc = Q_SKIP;
	} else if (strcmp(type, "multichoice") == 0)
		rc = read_multichoice(im, n, &q);
	else if (strcmp(type, "truefalse") == 0)
		rc = read_truefalse(im, n, &q);
	else if (strcmp(type, "shortanswer") == 0)
		rc = read_shortanswer(im, n, &q);
	else if (strcmp(type, "numerical") == 0)
		rc = read_numerical(im, n, &q);
	else if (strcmp(type, "matching") == 0)
		rc = read_matching(im, n, &q);
	else if (strcmp(type, "ordering") == 0)
		rc = read_ordering(im, n, &q);
	else {
		warn(im, "type '%.40s' has no tmdojo equivalent: skipped", type);
		rc = Q_SKIP;
	}
	if (rc == Q_OK && im->bad_fraction)
		rc = Q_SKIP;
	if (rc != Q_OK)
		goto cleanup;
	im->html_too_deep = false;   /* the prompt's own, not an answer's */
	q.prompt = field_text(im, n, "questiontext", "the question text");
	if (q.prompt == NULL) {
		rc = Q_OOM;
		goto cleanup;
	}
	if (q.prompt[0] == '\0' && im->html_too_deep) {
		warn(im, "no question text is left: its HTML is nested too deeply (more than "
		     "%d elements): skipped", HTML_MAX_DEPTH);
		rc = Q_SKIP;
		goto cleanup;
	}
	if (q.prompt[0] == '\0') {
		warn(im, "no question text is left (only images?): skipped");
		rc = Q_SKIP;
		goto cleanup;
	}
	if (!drop_refusing_rejects(im, &q)) {
		rc = Q_OOM;
		goto cleanup;
	}
	rc = read_common(im, n, &q);
	if (rc != Q_OK)
		goto cleanup;
	if (q.explanation[0] == '\0') {
		free(q.explanation);
		q.explanation = default_explanation(&q);
		if (q.explanation == NULL) {
			rc = Q_OOM;
			goto cleanup;
		}
		warn(im, "no general feedback: the explanation only states the answer; write "
		     "why it is right");
	}
	q.id = question_id(im, idnumber, name, pos);
	if (q.id == NULL) {
		rc = Q_OOM;
		goto cleanup;
	}
	if (im->n_qs == im->qs_alloc) {
		size_t alloc = im->qs_alloc ? 2 * im->qs_alloc : 16;
		struct question *nq = realloc(im->qs, alloc * sizeof(*nq));
		if (nq == NULL) {
			rc = Q_OOM;
			goto cleanup;
		}
		im->qs = nq;
		im->qs_alloc = alloc;
	}
	im->qs[im->n_qs++] = q;
	memset(&q, 0, sizeof(q));
cleanup:
	question_release(&q);
	im->qname = NULL;
	im->bad_fraction = false;
	im->html_too_deep = false;
	free(name);
	free(idnumber);
	if (im->oom)
		rc = Q_OOM;
	return rc;
}

/* ---- writing YAML ------------------------------------------------------------------- */

struct emit {
	yaml_emitter_t e;
	struct sbuf out;
	bool failed;
};

static int write_handler(void *data, unsigned char *buffer, size_t size)
{
	struct emit *em = data;
	sb_add(&em->out, (const char *)buffer, size);
	return !em->out.failed;
}

static void emit_event(struct emit *em, yaml_event_t *ev)
{
	if (em->failed) {
		yaml_event_delete(ev);
		return;
	}
	if (!yaml_emitter_emit(&em->e, ev))
		em->failed = true;
}

/* Whether a plain scalar s would read as something else than a text. */
static bool needs_quotes(const char *s)
{
	static const char *const words[] = { "true", "false", "yes", "no", "on", "off", "null",
					     "~", "y", "n", NULL };

	if (s[0] == '\0' || looks_numeric(s))
		return true;
	for (size_t i = 0; words[i] != NULL; i++)
		if (strcasecmp(s, words[i]) == 0)
			return true;
	return false;
}

/* A text: a literal block when it has several lines, else plain when that
 * reads back as the same text, else double-quoted. */
static void emit_text(struct emit *em, const char *s)
{
	yaml_event_t ev;
	yaml_scalar_style_t style = strchr(s, '\n') != NULL ? YAML_LITERAL_SCALAR_STYLE
				    : needs_quotes(s)         ? YAML_DOUBLE_QUOTED_SCALAR_STYLE
							      : YAML_ANY_SCALAR_STYLE;

	if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)(uintptr_t)s,
					  (int)strlen(s), 1, 1, style)) {
		em->failed = true;
		return;
	}
	emit_event(em, &ev);
}

/* A plain scalar that is not a text (a number, true, a key). */
static void emit_plain(struct emit *em, const char *s)
{
	yaml_event_t ev;

	if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)(uintptr_t)s,
					  (int)strlen(s), 1, 1, YAML_PLAIN_SCALAR_STYLE)) {
		em->failed = true;
		return;
	}
	emit_event(em, &ev);
}

static void emit_number(struct emit *em, double v)
{
	char num[64];
	snprintf(num, sizeof(num), "%.15g", v);
	emit_plain(em, num);
}

static void emit_map_start(struct emit *em, bool flow)
{
	yaml_event_t ev;
	yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
					    flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE);
	emit_event(em, &ev);
}

static void emit_map_end(struct emit *em)
{
	yaml_event_t ev;
	yaml_mapping_end_event_initialize(&ev);
	emit_event(em, &ev);
}

static void emit_seq_start(struct emit *em)
{
	yaml_event_t ev;
	yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE);
	emit_event(em, &ev);
}

static void emit_seq_end(struct emit *em)
{
	yaml_event_t ev;
	yaml_sequence_end_event_initialize(&ev);
	emit_event(em, &ev);
}

/* key: [texts...] as a block sequence; nothing when sv is empty. */
static void emit_strv(struct emit *em, const char *key, const struct strv *sv)
{
	if (sv->n == 0)
		return;
	emit_plain(em, key);
	emit_seq_start(em);
	for (size_t i = 0; i < sv->n; i++)
		emit_text(em, sv->v[i]);
	emit_seq_end(em);
}

/* How many rejected answers of q from i on share i's feedback (1 when it has
 * none): written as one entry. */
static size_t same_feedback_run(const struct question *q, size_t i)
{
	size_t n = 1;
	const char *fb = q->rejects[i].feedback;
	while (fb != NULL && i + n < q->n_rejects && q->rejects[i + n].feedback != NULL &&
	       strcmp(q->rejects[i + n].feedback, fb) == 0)
		n++;
	return n;
}

/* q's rejected answers: plain text without feedback, {answer, feedback}, or
 * {answers, feedback} for a run of answers with one feedback (as the export
 * writes a list of them). */
static void emit_rejects(struct emit *em, const struct question *q)
{
	if (q->n_rejects == 0)
		return;
	emit_plain(em, "reject");
	emit_seq_start(em);
	for (size_t i = 0, n; i < q->n_rejects; i += n) {
		n = same_feedback_run(q, i);
		if (q->rejects[i].feedback == NULL) {
			emit_text(em, q->rejects[i].text);
			continue;
		}
		emit_map_start(em, false);
		emit_plain(em, n > 1 ? "answers" : "answer");
		if (n > 1)
			emit_seq_start(em);
		for (size_t k = i; k < i + n; k++)
			emit_text(em, q->rejects[k].text);
		if (n > 1)
			emit_seq_end(em);
		emit_plain(em, "feedback");
		emit_text(em, q->rejects[i].feedback);
		emit_map_end(em);
	}
	emit_seq_end(em);
}

static void emit_question(struct emit *em, const struct question *q)
{
	emit_map_start(em, false);
	emit_plain(em, "id");
	emit_plain(em, q->id);
	emit_plain(em, "type");
	emit_plain(em, q->type);
	emit_plain(em, "prompt");
	emit_text(em, q->prompt);
	if (q->points != 1) {
		emit_plain(em, "points");
		emit_number(em, q->points);
	}
	if (q->n_choices > 0) {
		emit_plain(em, "choices");
		emit_seq_start(em);
		for (size_t i = 0; i < q->n_choices; i++) {
			emit_map_start(em, false);
			emit_plain(em, "text");
			emit_text(em, q->choices[i].text);
			if (q->choices[i].correct) {
				emit_plain(em, "correct");
				emit_plain(em, "true");
			}
			if (q->choices[i].feedback != NULL) {
				emit_plain(em, "feedback");
				emit_text(em, q->choices[i].feedback);
			}
			emit_map_end(em);
		}
		emit_seq_end(em);
	}
	if (strcmp(q->type, "true-false") == 0) {
		emit_plain(em, "answer");
		emit_plain(em, q->answer ? "true" : "false");
	}
	emit_strv(em, "accept", &q->accept);
	emit_strv(em, "patterns", &q->patterns);
	emit_rejects(em, q);
	if (strcmp(q->type, "numeric") == 0) {
		emit_plain(em, "answer");
		emit_number(em, q->number);
		if (q->tolerance > 0) {
			emit_plain(em, "tolerance");
			emit_number(em, q->tolerance);
		}
		if (q->unit != NULL) {
			emit_plain(em, "unit");
			emit_text(em, q->unit);
		}
	}
	emit_strv(em, "order", &q->order);
	if (q->lefts.n > 0) {
		emit_plain(em, "pairs");
		emit_seq_start(em);
		for (size_t i = 0; i < q->lefts.n; i++) {
			emit_map_start(em, false);
			emit_plain(em, "left");
			emit_text(em, q->lefts.v[i]);
			emit_plain(em, "right");
			emit_text(em, q->rights.v[i]);
			emit_map_end(em);
		}
		emit_seq_end(em);
	}
	emit_strv(em, "distractors", &q->distractors);
	emit_plain(em, "explanation");
	emit_text(em, q->explanation);
	emit_strv(em, "hints", &q->hints);
	emit_strv(em, "tags", &q->tags);
	emit_strv(em, "stride", &q->stride);
	/* single and multiple show a choice's feedback first, the question's when the
	 * picked choice has none; true-false and the rest only the question's */
	if (q->fb_correct != NULL || q->fb_incorrect != NULL) {
		emit_plain(em, "feedback");
		emit_map_start(em, false);
		if (q->fb_correct != NULL) {
			emit_plain(em, "correct");
			emit_text(em, q->fb_correct);
		}
		if (q->fb_incorrect != NULL) {
			emit_plain(em, "incorrect");
			emit_text(em, q->fb_incorrect);
		}
		emit_map_end(em);
	}
	emit_map_end(em);
}

/* Writes the module as YAML into *out (caller frees). Returns TM_OK or TM_ENOMEM. */
static int emit_module(struct import *im, const char *id, const char *title, const char *source,
		       char **out, size_t *out_len)
{
	struct emit em;
	yaml_event_t ev;
	char text[512];
	int rc = TM_ENOMEM;

	memset(&em, 0, sizeof(em));
	if (!yaml_emitter_initialize(&em.e))
		return TM_ENOMEM;
	yaml_emitter_set_output(&em.e, write_handler, &em);
	yaml_emitter_set_unicode(&em.e, 1);
	yaml_emitter_set_width(&em.e, 88);
	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	emit_event(&em, &ev);
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
	emit_event(&em, &ev);
	emit_map_start(&em, false);
	emit_plain(&em, "id");
	emit_plain(&em, id);
	emit_plain(&em, "title");
	emit_text(&em, title);
	emit_plain(&em, "objectives");
	emit_seq_start(&em);
	snprintf(text, sizeof(text), "Answer the questions imported from %s", source);
	emit_text(&em, text);
	emit_seq_end(&em);
	emit_plain(&em, "items");
	emit_seq_start(&em);
	emit_map_start(&em, false);
	emit_plain(&em, "quiz");
	emit_text(&em, title);
	if (strlen("quiz:") + strlen(title) >= TM_ITEM_KEY_MAX) {
		/* progress is kept by title, which this one is too long for */
		emit_plain(&em, "id");
		emit_plain(&em, id);
	}
	emit_plain(&em, "questions");
	emit_seq_start(&em);
	for (size_t i = 0; i < im->n_qs; i++)
		emit_question(&em, &im->qs[i]);
	emit_seq_end(&em);
	emit_map_end(&em);
	emit_seq_end(&em);
	emit_plain(&em, "summary");
	emit_seq_start(&em);
	snprintf(text, sizeof(text), "Imported from %s: replace this line with what to remember",
		 source);
	emit_text(&em, text);
	emit_seq_end(&em);
	emit_map_end(&em);
	yaml_document_end_event_initialize(&ev, 1);
	emit_event(&em, &ev);
	yaml_stream_end_event_initialize(&ev);
	emit_event(&em, &ev);
	if (!em.failed && yaml_emitter_flush(&em.e) && !em.out.failed) {
		*out = sb_take(&em.out);
		*out_len = em.out.len;
		em.out.s = NULL;
		rc = *out != NULL ? TM_OK : TM_ENOMEM;
	}
	/* the emitter's problem is gone once it is deleted */
	if (rc != TM_OK)
		tm_diags_add(im->diags, rc, im->file, 0, 0, "cannot write the module: %s",
			     em.e.problem != NULL ? em.e.problem : "out of memory");
	yaml_emitter_delete(&em.e);
	free(em.out.s);
	return rc;
}

/* ---- reading the document ------------------------------------------------------------ */

/* Keeps the first refusal (text, at line and column: 0 when unknown) and
 * stops the parser: nothing of the document is read past it. */
static void refuse(xmlParserCtxtPtr ctxt, long line, int column, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;
static void refuse(xmlParserCtxtPtr ctxt, long line, int column, const char *fmt, ...)
{
	struct import *im = ctxt->_private;
	va_list ap;

	if (!im->refused) {
		im->refused = true;
		im->refused_line = line;
		im->refused_column = column;
		va_start(ap, fmt);
		vsnprintf(im->refused_text, sizeof(im->refused_text), fmt, ap);
		va_end(ap);
		tc_mend(im->refused_text);
	}
	im->x->stop_parser(ctxt);
}

static long input_line(xmlParserCtxtPtr ctxt)
{
	return ctxt->input != NULL ? ctxt->input->line : 0;
}

/* SAX hook: any entity declaration stops the parser; the import refuses it. */
static void on_entity_decl(void *ctx, const xmlChar *name, int type, const xmlChar *public_id,
			   const xmlChar *system_id, xmlChar *content)
{
	xmlParserCtxtPtr ctxt = ctx;

	(void)type;
	(void)public_id;
	(void)system_id;
	(void)content;
	refuse(ctxt, input_line(ctxt), 0, "the document declares the entity '%.64s': entities "
	       "are refused (they can expand without end or read local files); export the "
	       "questions again from Moodle, or remove the DOCTYPE",
	       name != NULL ? (const char *)name : "");
}

/* Refuses the reference to the undeclared entity name (line and column: where
 * libxml2 saw it, 0 for the parser's place; parse_xml() finds its column). */
static void refuse_reference(xmlParserCtxtPtr ctxt, const xmlChar *name, long line, int column)
{
	struct import *im = ctxt->_private;
	const char *n = name != NULL ? (const char *)name : "";

	if (!im->refused)
		snprintf(im->refused_at, sizeof(im->refused_at), "&%.64s;", n);
	refuse(ctxt, line > 0 ? line : input_line(ctxt), column,
	       "the entity reference '&%.64s;' names no entity XML knows: only &amp; &lt; "
	       "&gt; &quot; &apos; and character references (&#233;) are read; write the "
	       "character itself, or export the questions again from Moodle", n);
}

/* SAX hook: a DOCTYPE naming an external DTD (SYSTEM or PUBLIC) is refused.
 * It is never fetched (XML_PARSE_NONET, no DTDLOAD), but with one an entity
 * it might declare is no error: its references would vanish without a word.
 * A DOCTYPE without one goes on to libxml2's own handler. */
static void on_internal_subset(void *ctx, const xmlChar *name, const xmlChar *external_id,
			       const xmlChar *system_id)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct import *im = ctxt->_private;

	if (external_id == NULL && system_id == NULL) {
		if (im->internal_subset != NULL)
			im->internal_subset(ctx, name, external_id, system_id);
		return;
	}
	if (!im->refused) {
		snprintf(im->refused_at, sizeof(im->refused_at), "<!DOCTYPE");
		im->refused_anywhere = true;
	}
	refuse(ctxt, input_line(ctxt), 0, "the DOCTYPE names an external DTD ('%.200s'), "
	       "which is never read: entities it might declare would be lost; remove the "
	       "DOCTYPE line (Moodle's export has none)",
	       (const char *)(system_id != NULL ? system_id : external_id));
}

/* SAX hook: libxml2 reports a reference to an entity it does not know (only
 * possible beside an external DTD or a parameter entity, so already refused
 * as a rule) here and drops it: refused, so that no text vanishes. The five
 * predefined entities and character references never come here. */
static void on_reference(void *ctx, const xmlChar *name)
{
	refuse_reference(ctx, name, 0, 0);
}

#if LIBXML_VERSION >= 21200
typedef const xmlError *error_ptr;
#else
typedef xmlErrorPtr error_ptr;
#endif

/* Structured error hook: keeps the first error of the document. */
static void on_error(void *data, error_ptr err)
{
	xmlParserCtxtPtr ctxt = data;
	struct import *im = ctxt != NULL ? ctxt->_private : NULL;

	if (im != NULL && err != NULL && err->code == XML_WAR_UNDECLARED_ENTITY) {
		/* libxml2 says so (as a warning) before on_reference() hears of
		 * it, and in an attribute value only says so */
		refuse_reference(ctxt, (const xmlChar *)err->str1, err->line, err->int2);
		return;
	}
	if (im == NULL || im->error_seen || err == NULL || err->level < XML_ERR_ERROR)
		return;
	im->error_seen = true;
	im->error_line = err->line;
	im->error_column = err->int2;
	snprintf(im->error_text, sizeof(im->error_text), "%s",
		 err->message != NULL ? err->message : "not well-formed");
}

/* libxml2's generic error handler, while an import runs: errors that reach no
 * parser context (I/O, encoding) would be printed on stderr, and the engine
 * never prints; what matters of them reaches the parser's own error. */
static void quiet_error(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* The place of the refused text im->refused_at in xml: its first occurrence
 * on the line libxml2 named, or anywhere (refused_anywhere). Leaves *line and
 * *column as they are when it is not found (an encoding other than UTF-8). */
static void place_refusal(const struct import *im, const char *xml, size_t len, long *line,
			  int *column)
{
	size_t n = strlen(im->refused_at), start = 0;
	long at = 1;

	if (n == 0)
		return;
	for (size_t i = 0; i + n <= len; i++) {
		if ((im->refused_anywhere || at == *line) && memcmp(xml + i, im->refused_at, n) == 0) {
			*line = at;
			*column = (int)(i - start) + 1;
			return;
		}
		if (xml[i] == '\n') {
			if (!im->refused_anywhere && at == *line)
				return;
			at++;
			start = i + 1;
		}
	}
}

/*
 * Adds the error of XML that is not well-formed, at line:column, from
 * libxml2's message msg (lowercased, trimmed). Two that an author meets with
 * a file that did not come from Moodle as it is are said in plain words, with
 * what to do: text that is not UTF-8 (a bank saved again by an editor in the
 * system's encoding: libxml2 says "input is not proper UTF-8, indicate
 * encoding !?Bytes: ..."), and elements nested deeper than libxml2 reads
 * (it suggests an option the user cannot give). Returns TM_ESYNTAX.
 */
static int add_parse_error(struct import *im, int line, int column, const char *msg)
{
	const char *bytes = strstr(msg, "Bytes: ");
	if (strstr(msg, "not proper UTF-8") != NULL)
		return tm_diags_add(im->diags, TM_ESYNTAX, im->file, line, column,
				    "the text is not UTF-8 here%s%s%s and the XML declaration names "
				    "no other encoding: save the file as UTF-8, as Moodle exports it, "
				    "or name its encoding in the declaration (<?xml version=\"1.0\" "
				    "encoding=\"windows-1252\"?>)",
				    bytes != NULL ? " (bytes " : "",
				    bytes != NULL ? bytes + strlen("Bytes: ") : "",
				    bytes != NULL ? ")" : "");
	if (strstr(msg, "excessive depth") != NULL)
		return tm_diags_add(im->diags, TM_ESYNTAX, im->file, line, column,
				    "elements are nested deeper than the import reads (Moodle's "
				    "export nests a few): this is not a Moodle question export; "
				    "export the questions again from Moodle (Question bank > Export "
				    "> Moodle XML format)");
	return tm_diags_add(im->diags, TM_ESYNTAX, im->file, line, column,
			    "not well-formed XML: %s; export the questions again from Moodle "
			    "(Question bank > Export > Moodle XML format)", msg);
}

/* Parses the XML; on failure adds why to im->diags and returns NULL. An
 * element with more attributes than MAX_ATTRIBUTES is refused first: libxml2
 * takes time quadratic in them. */
static xmlDocPtr parse_xml(struct import *im, const char *xml, size_t len)
{
	struct tm_xml_tag_at crowded;
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;

	if (tm_xml_crowded_tag(xml, len, MAX_ATTRIBUTES, &crowded)) {
		tm_diags_add(im->diags, TM_ELIMIT, im->file, (int)crowded.line, crowded.column,
			     "element <%s> has more than %d attributes (Moodle writes a few an "
			     "element): this is not a Moodle question export; export the "
			     "questions again from Moodle (Question bank > Export > Moodle XML "
			     "format)", crowded.name, MAX_ATTRIBUTES);
		return NULL;
	}
	ctxt = im->x->new_parser_ctxt();
	if (ctxt == NULL) {
		tm_diags_add(im->diags, TM_ENOMEM, im->file, 0, 0, "out of memory");
		return NULL;
	}
	ctxt->_private = im;
	if (ctxt->sax != NULL) {
		ctxt->sax->entityDecl = on_entity_decl;
		im->internal_subset = ctxt->sax->internalSubset;
		ctxt->sax->internalSubset = on_internal_subset;
		ctxt->sax->reference = on_reference;
		ctxt->sax->serror = on_error;   /* libxml2 then prints nothing itself */
	}
	/* no NOENT (entities are not substituted), DTDLOAD, DTDATTR nor HUGE */
	doc = im->x->ctxt_read_memory(ctxt, xml, (int)len, NULL, NULL,
				      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
					      XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES);
	if (im->refused) {
		place_refusal(im, xml, len, &im->refused_line, &im->refused_column);
		tm_diags_add(im->diags, TM_EINVALID, im->file, (int)im->refused_line,
			     im->refused_column, "%s", im->refused_text);
		if (doc != NULL)
			im->x->free_doc(doc);
		doc = NULL;
	} else if (doc == NULL || !ctxt->wellFormed) {
		xmlErrorPtr err = im->x->ctxt_get_last_error(ctxt);
		char msg[256];
		if (!im->error_seen) {
			im->error_line = err != NULL ? err->line : 0;
			im->error_column = err != NULL ? err->int2 : 0;
			snprintf(im->error_text, sizeof(im->error_text), "%s",
				 err != NULL && err->message != NULL ? err->message
								     : "not well-formed");
		}
		snprintf(msg, sizeof(msg), "%s", im->error_text);
		trim(msg);
		if (msg[0] != '\0')
			msg[0] = (char)tolower((unsigned char)msg[0]);
		add_parse_error(im, im->error_line, im->error_column, msg);
		if (doc != NULL)
			im->x->free_doc(doc);
		doc = NULL;
	}
	im->x->free_parser_ctxt(ctxt);
	return doc;
}

/* Remembers the last part of a category path ("$course$/top/STRIDE" ->
 * "STRIDE") as a title. '/' separates the parts and "//" is a literal slash
 * (Moodle's escape): "$course$/top/Threats // controls" gives "Threats /
 * controls". */
static void note_category(struct import *im, const xmlNode *n)
{
	char *path = one_line(im, text_of(tm_xml_child(tm_xml_child(n, "category"), "text")));
	size_t w = 0, start = 0;

	if (path == NULL) {
		im->oom = true;
		return;
	}
	/* unescape in place, remembering where the last part starts */
	for (size_t r = 0; path[r] != '\0'; r++) {
		if (path[r] == '/' && path[r + 1] == '/') {
			path[w++] = '/';
			r++;
		} else if (path[r] == '/') {
			start = w + 1;
			path[w++] = '/';
		} else {
			path[w++] = path[r];
		}
	}
	path[w] = '\0';
	char *last = trim(path + start);
	if (*last != '\0' && last[0] != '$' && strcmp(last, "top") != 0 &&
	    strcmp(last, "Default") != 0 && strncmp(last, "Default for", 11) != 0) {
		free(im->category);
		im->category = strdup(last);
		if (im->category == NULL)
			im->oom = true;
	}
	free(path);
}

/* The base name of path without its extension. */
static void base_name(const char *path, char *out, size_t size)
{
	const char *slash = strrchr(path, '/');
	const char *b = slash != NULL ? slash + 1 : path;
	snprintf(out, size, "%s", b);
	char *dot = strrchr(out, '.');
	if (dot != NULL && dot != out)
		*dot = '\0';
}

/*
 * Reads every question under root (the <quiz> element) into im: the kept ones
 * into im->qs, a warning for each one skipped and for what changed. Returns
 * how many questions there were (categories aside); im->oom tells when memory
 * ran out.
 */
static size_t read_questions(struct import *im, const xmlNode *root)
{
	size_t pos = 0;

	for (const xmlNode *n = root->children; n != NULL && !im->oom; n = n->next) {
		if (!tm_xml_is(n, "question"))
			continue;
		const char *type = tm_xml_attr(n, "type");
		im->line = im->x->get_line_no(n);
		if (type != NULL && strcmp(type, "category") == 0) {
			note_category(im, n);
			continue;
		}
		pos++;
		if (type == NULL || type[0] == '\0') {
			warn(im, "a question with no type attribute: skipped");
			continue;
		}
		if (read_question(im, n, type, pos) == Q_OOM)
			im->oom = true;
	}
	return pos;
}

/* How far a list of diagnostics had come: what forget_questions() goes back to. */
struct diags_mark {
	size_t count, dropped, dropped_errors;
};

static struct diags_mark mark_diags(const struct tm_diags *d)
{
	struct diags_mark m = { 0, 0, 0 };
	if (d != NULL) {
		m.count = d->count;
		m.dropped = d->dropped;
		m.dropped_errors = d->dropped_errors;
	}
	return m;
}

/*
 * Undoes read_questions() for a second reading: frees the questions, the ids
 * taken and the category, resets the refusal checks' count, and takes
 * im->warnings back to where before marks (the warnings added since freed,
 * the ones dropped since uncounted).
 */
static void forget_questions(struct import *im, struct diags_mark before)
{
	struct tm_diags *w = im->warnings;

	for (size_t i = 0; i < im->n_qs; i++)
		question_release(&im->qs[i]);
	im->n_qs = 0;
	for (size_t i = 0; i < im->ids_alloc; i++)
		free(im->ids[i].key);
	free(im->ids);
	im->ids = NULL;
	im->n_ids = im->ids_alloc = 0;
	free(im->category);
	im->category = NULL;
	im->refusal_checks = 0;   /* spent again on the same questions */
	if (w == NULL)
		return;
	for (size_t i = before.count; i < w->count; i++) {
		free(w->items[i].file);
		free(w->items[i].text);
	}
	w->count = before.count;
	w->dropped = before.dropped;
	w->dropped_errors = before.dropped_errors;
}

/* Refuses a module (*yaml, *yaml_len bytes) larger than tmdojo loads
 * (TM_MAX_FILE_BYTES): validate and learn would refuse it. Frees it, sets
 * *yaml to NULL and returns TM_ELIMIT with how big it is and how many of its
 * questions would fit. */
static int refuse_too_big(struct import *im, char **yaml, size_t *yaml_len)
{
	size_t size = *yaml_len;
	size_t fit = (size_t)((double)im->n_qs * TM_MAX_FILE_BYTES / (double)size);
	free(*yaml);
	*yaml = NULL;
	*yaml_len = 0;
	if (fit == 0)
		return tm_diags_add(im->diags, TM_ELIMIT, im->file, 0, 0,
				    "the module would be %zu bytes (%zu question%s), over the %u-byte "
				    "limit of a module file tmdojo loads: nothing written; a question "
				    "is that large by itself, so shorten its text in Moodle (or "
				    "leave it out of the export) and import again",
				    size, im->n_qs, im->n_qs == 1 ? "" : "s",
				    (unsigned)TM_MAX_FILE_BYTES);
	return tm_diags_add(im->diags, TM_ELIMIT, im->file, 0, 0,
			    "the module would be %zu bytes (%zu question%s), over the %u-byte "
			    "limit of a module file tmdojo loads: nothing written; export the "
			    "bank from Moodle one category at a time (about %zu questions or "
			    "fewer each) and import each into its own module", size, im->n_qs,
			    im->n_qs == 1 ? "" : "s", (unsigned)TM_MAX_FILE_BYTES, fit);
}

int tm_import_moodle_xml(const char *name, const char *xml, size_t len,
			 const struct tm_import_options *opts, char **yaml, size_t *yaml_len,
			 size_t *imported, struct tm_diags *warnings, struct tm_diags *diags)
{
	struct tm_xmllib x;
	struct import im;
	xmlDocPtr doc = NULL;
	char base[256], id[RULE_ID_MAX + 1], title[512];
	size_t found = 0;
	int rc;

	*yaml = NULL;
	*yaml_len = 0;
	if (imported != NULL)
		*imported = 0;
	if (opts != NULL && opts->module_id != NULL &&
	    !rule_id_ok(opts->module_id, strlen(opts->module_id), false))
		return tm_diags_add(diags, TM_EUSAGE, NULL, 0, 0,
				    "module id '%s' is not an id: use lowercase letters, digits "
				    "and '-', starting with a letter or digit",
				    opts->module_id);
	if (opts != NULL && opts->title != NULL && opts->title[0] == '\0')
		return tm_diags_add(diags, TM_EUSAGE, NULL, 0, 0, "the title is empty");
	size_t bad = 0;
	if (opts != NULL && opts->title != NULL &&
	    grader_utf8_invalid(opts->title, strlen(opts->title), &bad) > 0)
		return tm_diags_add(diags, TM_EUSAGE, NULL, 0, 0,
				    "the title is not UTF-8 (byte %zu): give it in UTF-8", bad + 1);
	if (len > TM_IMPORT_MAX_BYTES)
		return tm_diags_add(diags, TM_ELIMIT, name, 0, 0,
				    "larger than %u bytes (16 MiB): split the question bank "
				    "(export one category at a time)",
				    (unsigned)TM_IMPORT_MAX_BYTES);
	rc = tm_xmllib_open(&x, diags);
	if (rc != TM_OK)
		return rc;
	memset(&im, 0, sizeof(im));
	im.x = &x;
	im.file = name;
	im.warnings = warnings;
	im.diags = diags;
	im.lex = opts != NULL ? opts->lexicon : NULL;
	x.set_generic_error_func(NULL, quiet_error);
	doc = parse_xml(&im, xml, len);
	if (doc == NULL) {
		rc = diags->count > 0 ? diags->items[diags->count - 1].code : TM_ESYNTAX;
		goto cleanup;
	}
	xmlNode *root = NULL;
	for (xmlNode *c = doc->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			root = c;
	if (!tm_xml_is(root, "quiz")) {
		rc = tm_diags_add(diags, TM_EINVALID, name,
				  root != NULL ? (int)x.get_line_no(root) : 0, 0,
				  "the root element is <%s>, not <quiz>: this is not a Moodle XML "
				  "question export",
				  root != NULL ? (const char *)root->name : "");
		goto cleanup;
	}
	struct diags_mark mark = mark_diags(warnings);
	found = read_questions(&im, root);
	if (!im.oom && !find_stop_word_answers(&im))
		im.oom = true;
	if (!im.oom && im.stop_only.n > 0) {
		/* dropping an answer can skip its question, which frees its id for
		 * a later one, and moves warnings: read the bank again, dropping */
		forget_questions(&im, mark);
		found = read_questions(&im, root);
	}
	if (im.oom) {
		rc = tm_diags_add(diags, TM_ENOMEM, name, 0, 0, "out of memory");
		goto cleanup;
	}
	if (im.n_qs == 0) {
		rc = tm_diags_add(diags, TM_EINVALID, name, 0, 0,
				  found == 0 ? "no questions in the file: nothing to import"
					     : "none of its %zu questions could be imported (see the "
					       "warnings): no module written",
				  found);
		goto cleanup;
	}
	base_name(name, base, sizeof(base));
	/* the file name goes into the module's text: a byte that is not UTF-8 as '?' */
	for (char *b = base; *b != '\0';) {
		size_t k = tc_utf8_len(b);
		if (k == 0)
			*b = '?';
		b += k > 0 ? k : 1;
	}
	if (opts != NULL && opts->module_id != NULL)
		snprintf(id, sizeof(id), "%s", opts->module_id);
	else
		make_id(base, id, sizeof(id));
	if (id[0] == '\0')
		snprintf(id, sizeof(id), "moodle-import");
	im.line = 0;
	if (opts != NULL && opts->title != NULL)
		snprintf(title, sizeof(title), "%s", opts->title);
	else if (im.category != NULL)
		snprintf(title, sizeof(title), "%s", im.category);
	else
		snprintf(title, sizeof(title), "Imported from %s", base);
	one_line(&im, title);
	if (title[0] == '\0')
		snprintf(title, sizeof(title), "Imported questions");
	rc = emit_module(&im, id, title, base, yaml, yaml_len);
	if (rc == TM_OK && *yaml_len > TM_MAX_FILE_BYTES)
		rc = refuse_too_big(&im, yaml, yaml_len);
	/* kept however many warnings came before: the run's last word, and only
	 * when a module is written */
	if (rc == TM_OK)
		tm_diags_add_summary(im.warnings, TM_OK, im.file, 0, 0,
				     "the module's objectives and summary are placeholders: rewrite them");
	if (rc == TM_OK && imported != NULL)
		*imported = im.n_qs;
cleanup:
	if (doc != NULL)
		x.free_doc(doc);
	for (size_t i = 0; i < im.n_qs; i++)
		question_release(&im.qs[i]);
	free(im.qs);
	strv_release(&im.answers);
	strv_release(&im.stop_only);
	for (size_t i = 0; i < im.ids_alloc; i++)
		free(im.ids[i].key);
	free(im.ids);
	free(im.category);
	x.set_generic_error_func(NULL, NULL);   /* libxml2's default again */
	tm_xmllib_close(&x);
	return rc;
}
