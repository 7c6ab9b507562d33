/*
 * blocks.c: the block rules of lesson text (docs/FORMAT.md "Lesson text"):
 * which line is a heading, a list item, a fence, a table row, a call-out or
 * paragraph text, and where each block ends. The terminal renderer
 * (tools/render.c) and the SCORM pages (export_scorm.c) both lay out what
 * tm_block_scan() finds, so that the two never disagree on the structure;
 * the inline marks inside a block are inline.c's.
 */
#include <ctype.h>
#include <string.h>

#include "tmengine.h"

/* ==== One line ================================================================== */

static bool is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isspace((unsigned char)s[i]))
			return false;
	return true;
}

static size_t indent_of(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && s[i] == ' ')
		i++;
	return i;
}

static bool is_fence(const char *s, size_t n)
{
	size_t i = indent_of(s, n);
	return n - i >= 3 && strncmp(s + i, "```", 3) == 0;
}

/* 1 to 6 for "# " to "###### " at the start of the line; 0 else ("#tag" is text). */
static int heading_level(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && s[i] == '#')
		i++;
	return i >= 1 && i <= 6 && i < n && s[i] == ' ' ? (int)i : 0;
}

/* Length of a list marker and its indent ("- ", "* ", "  12. ") at s, or 0;
 * "+ " and "3) " are text (docs/FORMAT.md lists '-' and '1.'). */
static size_t list_marker(const char *s, size_t n, bool *ordered)
{
	size_t i = indent_of(s, n);
	*ordered = false;
	if (i + 1 < n && (s[i] == '-' || s[i] == '*') && s[i + 1] == ' ')
		return i + 2;
	size_t d = i;
	while (d < n && isdigit((unsigned char)s[d]))
		d++;
	if (d > i && d + 1 < n && s[d] == '.' && s[d + 1] == ' ') {
		*ordered = true;
		return d + 2;
	}
	return 0;
}

static bool starts_with_after_indent(const char *s, size_t n, char c)
{
	size_t i = indent_of(s, n);
	return i < n && s[i] == c;
}

/* Whether s (n bytes) is a table's separator line: '|' after any indent, then
 * only '-', ':', '|' and blanks, at least one '-' ("|---|---|", "| :-- | --: |"). */
static bool is_separator(const char *s, size_t n)
{
	bool dash = false;
	if (!starts_with_after_indent(s, n, '|'))
		return false;
	for (size_t i = indent_of(s, n); i < n; i++) {
		if (s[i] == '-')
			dash = true;
		else if (s[i] != ':' && s[i] != '|' && s[i] != ' ' && s[i] != '\t')
			return false;
	}
	return dash;
}

/* Whether line s (n bytes), followed by the text rest (rest_len bytes), opens
 * a table: '|' after any indent, and a separator line next ("|x| is the
 * absolute value of x." alone is text). */
static bool opens_table(const char *s, size_t n, const char *rest, size_t rest_len)
{
	const char *next;
	size_t len;
	return starts_with_after_indent(s, n, '|') && tm_block_line(&rest, &rest_len, &next, &len) &&
	       is_separator(next, len);
}

/* Whether s (n bytes) is a call-out line: '>' after any indent, then a space
 * or nothing (">=3 retries" is text). */
static bool is_quote(const char *s, size_t n)
{
	size_t i = indent_of(s, n);
	return i < n && s[i] == '>' && (i + 1 == n || s[i + 1] == ' ');
}

/* The kind of block that line s (n bytes) opens, read in the order of the
 * header's rules; rest (rest_len bytes) is the text after the line, where a
 * table's separator line must follow. */
static enum tm_block_kind line_kind(const char *s, size_t n, const char *rest, size_t rest_len)
{
	bool ordered;
	if (is_blank(s, n))
		return TM_BLOCK_BLANK;
	if (is_fence(s, n))
		return TM_BLOCK_FENCE;
	if (heading_level(s, n) > 0)
		return TM_BLOCK_HEADING;
	if (opens_table(s, n, rest, rest_len))
		return TM_BLOCK_TABLE;
	if (is_quote(s, n))
		return TM_BLOCK_QUOTE;
	if (list_marker(s, n, &ordered) > 0)
		return TM_BLOCK_ITEM;
	return TM_BLOCK_PARAGRAPH;
}

/* ==== Lines ======================================================================= */

bool tm_block_line(const char **lines, size_t *left, const char **line, size_t *len)
{
	if (*left == 0)
		return false;
	const char *nl = memchr(*lines, '\n', *left);
	size_t n = nl != NULL ? (size_t)(nl - *lines) : *left;
	size_t step = nl != NULL ? n + 1 : n;
	*line = *lines;
	*len = n > 0 && (*lines)[n - 1] == '\r' ? n - 1 : n;
	*lines += step;
	*left -= step;
	return true;
}

size_t tm_block_line_skip(enum tm_block_kind kind, const char *line, size_t len)
{
	size_t skip = indent_of(line, len);
	if (kind == TM_BLOCK_QUOTE && skip < len && line[skip] == '>') {
		skip++;
		if (skip < len && line[skip] == ' ')
			skip++;
	}
	return kind == TM_BLOCK_FENCE || kind == TM_BLOCK_TABLE ? 0 : skip;
}

/* ==== Blocks ====================================================================== */

/* Moves *p (within text, *left bytes to its end) past the lines that continue
 * a block of kind kind: '|' lines for tables (its separator line the first),
 * call-out lines for call-outs, lines that open no block for items and
 * paragraphs. */
static void take_lines(enum tm_block_kind kind, const char **p, size_t *left)
{
	const char *q = *p, *line;
	size_t n, left2 = *left;
	while (tm_block_line(&q, &left2, &line, &n)) {
		bool goes_on = kind == TM_BLOCK_TABLE   ? starts_with_after_indent(line, n, '|')
			       : kind == TM_BLOCK_QUOTE ? is_quote(line, n)
			       : line_kind(line, n, q, left2) == TM_BLOCK_PARAGRAPH;
		if (!goes_on)
			return;
		*p = q;
		*left = left2;
	}
}

/* Fills b with the fence that opens at line s (n bytes); *p and *left are past
 * that line, and end past the closing fence (or at the end of the text). */
static void take_fence(struct tm_block *b, const char *s, size_t n, const char **p,
		       size_t *left)
{
	size_t i = indent_of(s, n) + 3;
	while (i < n && isspace((unsigned char)s[i]))
		i++;
	size_t end = n;
	while (end > i && isspace((unsigned char)s[end - 1]))
		end--;
	b->text = s + i;
	b->len = end - i;
	b->lines = *p;
	b->lines_len = *left;
	const char *line;
	size_t len;
	while (*left > 0) {
		const char *at = *p;
		tm_block_line(p, left, &line, &len);
		if (is_fence(line, len)) {
			b->lines_len = (size_t)(at - b->lines);
			return;
		}
	}
}

void tm_block_scan(const char *text, tm_block_fn fn, void *arg)
{
	const char *p = text != NULL ? text : "", *s;
	size_t left = strlen(p), n;
	while (left > 0) {
		const char *start = p;
		tm_block_line(&p, &left, &s, &n);
		struct tm_block b = { line_kind(s, n, p, left), start, 0, s, n, 0, 0, false, NULL, 0 };
		size_t skip = tm_block_line_skip(b.kind, s, n);
		switch (b.kind) {
		case TM_BLOCK_FENCE:
			take_fence(&b, s, n, &p, &left);
			fn(arg, &b);
			continue;
		case TM_BLOCK_HEADING:
			b.level = heading_level(s, n);
			skip = (size_t)b.level;
			while (skip < n && (s[skip] == ' ' || s[skip] == '\t'))
				skip++;
			break;
		case TM_BLOCK_ITEM:
			b.indent = indent_of(s, n);
			skip = list_marker(s, n, &b.ordered);
			if (b.ordered) {
				b.number = s + b.indent;
				b.number_len = skip - b.indent - 2;
			}
			take_lines(b.kind, &p, &left);
			break;
		case TM_BLOCK_TABLE:
		case TM_BLOCK_QUOTE:
		case TM_BLOCK_PARAGRAPH:
			take_lines(b.kind, &p, &left);
			break;
		case TM_BLOCK_BLANK:
			break;
		}
		b.text = s + skip;
		b.len = n - skip;
		b.lines_len = (size_t)(p - start);
		fn(arg, &b);
	}
}
