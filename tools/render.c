/*
 * render.c: lays out Markdown-ish lesson text for the terminal. Block structure
 * first (headings, fences, tables, call-outs, lists, paragraphs), then inline
 * styles, then word wrapping that ignores escape sequences when measuring.
 */
/* wcwidth() is XSI */
#define _XOPEN_SOURCE 700
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <wchar.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "tmengine.h"

#define BOLD_ON "\033[1m"
#define BOLD_OFF "\033[22m"
#define ITALIC_ON "\033[3m"
#define ITALIC_OFF "\033[23m"
#define UNDER_ON "\033[4m"
#define UNDER_OFF "\033[24m"
#define CODE_ON "\033[36m"
#define CODE_OFF "\033[39m"
#define DIM_ON "\033[2m"
#define RESET "\033[0m"

/* ==== A growing buffer ========================================================== */

struct buf {
	char *p;
	size_t len, cap;
	bool oom;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (n > SIZE_MAX / 2 - b->len - 1) {
		b->oom = true;   /* a size no buffer can reach: never wrap around */
		return;
	}
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (p == NULL) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

/* Appends s n times; stops early when out of memory. */
static void repeat(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n && !b->oom; i++)
		puts_(b, s);
}

/* ==== Measuring ================================================================== */

/* Decodes the UTF-8 sequence at s (n > 0 bytes left): its length, and *cp (-1
 * when invalid; the byte then counts as one column). */
static size_t utf8_next(const char *s, size_t n, long *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len = u[0] < 0x80 ? 1 : u[0] >= 0xf0 ? 4 : u[0] >= 0xe0 ? 3 : u[0] >= 0xc0 ? 2 : 0;
	*cp = -1;
	if (len == 0 || len > n || u[0] > 0xf4)
		return 1;
	long v = len == 1 ? u[0] : u[0] & (0x7f >> len);
	for (size_t i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 1;
		v = (v << 6) | (u[i] & 0x3f);
	}
	*cp = v;
	return len;
}

/* Columns of one code point: wcwidth() (two for CJK and most emoji, none for
 * combining marks) when the locale knows it (term_init sets a UTF-8 LC_CTYPE),
 * else one. */
static size_t cp_width(long cp)
{
	if (cp < 0)
		return 1;
	if (cp < 0x7f)
		return cp >= 0x20 ? 1 : 0;
	int w = wcwidth((wchar_t)cp);
	return w >= 0 ? (size_t)w : 1;
}

size_t render_display_width(const char *text, size_t len)
{
	size_t w = 0;
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)text[i];
		if (c == 0x1b && i + 1 < len && text[i + 1] == '[') {
			i += 2;
			while (i < len && !((unsigned char)text[i] >= 0x40 &&
					    (unsigned char)text[i] <= 0x7e))
				i++;
			i++;
			continue;
		}
		long cp;
		i += utf8_next(text + i, len - i, &cp);
		w += cp_width(cp);
	}
	return w;
}

/* Bytes of w[0..n) that fit in cols columns, at least one whole character:
 * where a word too long for any line is cut. */
static size_t fit_bytes(const char *w, size_t n, size_t cols)
{
	size_t i = 0, col = 0;
	while (i < n) {
		long cp;
		size_t len = utf8_next(w + i, n - i, &cp);
		if (w[i] == 0x1b) {
			/* never cut inside an escape sequence */
			size_t j = i + 1;
			while (j < n && !((unsigned char)w[j] >= 0x40 && (unsigned char)w[j] <= 0x7e &&
					  w[j] != '['))
				j++;
			i = j < n ? j + 1 : n;
			continue;
		}
		size_t cw = cp_width(cp);
		if (i > 0 && col + cw > cols)
			break;
		col += cw;
		i += len;
	}
	return i;
}

/* ==== Inline styles ================================================================ */

/* Where render_inline() writes, and whether a style is still on. */
struct inline_out {
	struct buf *b;
	bool color, strong, emphasis;
};

static void put_run(void *arg, const struct tm_inline *run)
{
	struct inline_out *o = arg;
	switch (run->kind) {
	case TM_INLINE_TEXT:
		put(o->b, run->text, run->len);
		break;
	case TM_INLINE_CODE:
		puts_(o->b, o->color ? CODE_ON : "`");
		put(o->b, run->text, run->len);
		puts_(o->b, o->color ? CODE_OFF : "`");
		break;
	case TM_INLINE_STRONG:
	case TM_INLINE_EMPHASIS:
		/* the marks go; plain text keeps the words only */
		if (!o->color)
			break;
		if (run->kind == TM_INLINE_STRONG) {
			puts_(o->b, run->on ? BOLD_ON : BOLD_OFF);
			o->strong = run->on;
		} else {
			puts_(o->b, run->on ? ITALIC_ON : ITALIC_OFF);
			o->emphasis = run->on;
		}
		break;
	}
}

/* Renders *em*, **strong** and `code` (tm_inline_scan()) in text[0..len) into b. */
static void render_inline(struct buf *b, const char *text, size_t len, bool color)
{
	struct inline_out o = { b, color, false, false };
	tm_inline_scan(text, len, put_run, &o);
	if (o.strong || o.emphasis)
		puts_(b, RESET);
}

static char *inline_string(const char *text, size_t len, bool color)
{
	struct buf b = { 0 };
	render_inline(&b, text, len, color);
	put(&b, "", 0);
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	return b.p;
}

/* ==== Wrapping ====================================================================== */

/*
 * Wraps styled text into b: first line after prefix1, the rest after prefix2
 * (both plain or styled; measured without escapes). Words longer than a line
 * get a line of their own.
 */
static void wrap(struct buf *b, const char *text, const char *prefix1, const char *prefix2,
		 int width)
{
	size_t pw1 = render_display_width(prefix1, strlen(prefix1));
	size_t pw2 = render_display_width(prefix2, strlen(prefix2));
	size_t avail = (size_t)width > pw1 ? (size_t)width - pw1 : 10;
	size_t col = 0;
	bool first_line = true, line_has_word = false;
	puts_(b, prefix1);
	for (const char *p = text; *p != '\0';) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (*p == '\0')
			break;
		const char *w = p;
		while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\n')
			p++;
		size_t n = (size_t)(p - w);
		size_t ww = render_display_width(w, n);
		/* a word wider than a whole line is cut where the line ends */
		while (!line_has_word && ww > avail && n > 0) {
			size_t cut = fit_bytes(w, n, avail);
			if (cut >= n)
				break;
			put(b, w, cut);
			puts_(b, "\n");
			puts_(b, prefix2);
			first_line = false;
			avail = (size_t)width > pw2 ? (size_t)width - pw2 : 10;
			w += cut;
			n -= cut;
			ww = render_display_width(w, n);
		}
		if (line_has_word && col + 1 + ww > avail) {
			puts_(b, "\n");
			puts_(b, prefix2);
			first_line = false;
			avail = (size_t)width > pw2 ? (size_t)width - pw2 : 10;
			col = 0;
			line_has_word = false;
		}
		if (line_has_word) {
			puts_(b, " ");
			col++;
		}
		put(b, w, n);
		col += ww;
		line_has_word = true;
	}
	(void)first_line;
	puts_(b, "\n");
}

/* ==== Blocks ========================================================================== */

/* The lines of each block and where a block starts are tm_block_scan()'s
 * (engine/blocks.c), the rules the SCORM pages follow too; this part lays
 * them out. */

struct ctx {
	struct buf out;
	int width;
	bool color;
	bool utf8;    /* box and bullet glyphs; ASCII stand-ins else */
	bool in_list; /* the last block was a list item */
};

/* Keeps exactly one blank line between blocks. */
static void separate(struct ctx *c)
{
	if (c->out.len == 0)
		return;
	if (c->out.len >= 2 && c->out.p[c->out.len - 1] == '\n' &&
	    c->out.p[c->out.len - 2] == '\n')
		return;
	puts_(&c->out, "\n");
}

static void emit_wrapped(struct ctx *c, const char *text, size_t len, const char *p1,
			 const char *p2)
{
	char *styled = inline_string(text, len, c->color);
	if (styled == NULL) {
		c->out.oom = true;
		return;
	}
	wrap(&c->out, styled, p1, p2, c->width);
	free(styled);
}

static void emit_heading(struct ctx *c, const struct tm_block *bl)
{
	separate(c);
	char *styled = inline_string(bl->text, bl->len, false);
	if (styled == NULL) {
		c->out.oom = true;
		return;
	}
	size_t w = render_display_width(styled, strlen(styled));
	/* wrapped like a paragraph; the underline as wide as the text, at most a line */
	if (c->color) {
		puts_(&c->out, BOLD_ON);
		if (bl->level == 1)
			puts_(&c->out, UNDER_ON);
		wrap(&c->out, styled, "", "", c->width);
		/* the reset before the newline, so that separate() sees the blank line
		 * that follows and adds no second one */
		if (c->out.len > 0 && c->out.p[c->out.len - 1] == '\n')
			c->out.len--;
		puts_(&c->out, RESET);
		puts_(&c->out, "\n");
	} else {
		/* every level underlined, so that none reads as the first line of
		 * the text under it: = for #, - for ##, ~ below */
		wrap(&c->out, styled, "", "", c->width);
		repeat(&c->out, bl->level == 1 ? "=" : bl->level == 2 ? "-" : "~",
		       w < (size_t)c->width ? w : (size_t)c->width);
		puts_(&c->out, "\n");
	}
	free(styled);
	puts_(&c->out, "\n");
}

static void emit_fence(struct ctx *c, const struct tm_block *bl)
{
	const char *l = bl->lines, *line;
	size_t left = bl->lines_len, n;
	separate(c);
	while (tm_block_line(&l, &left, &line, &n)) {
		puts_(&c->out, "    ");
		if (c->color)
			puts_(&c->out, CODE_ON);
		put(&c->out, line, n);
		if (c->color)
			puts_(&c->out, CODE_OFF);
		puts_(&c->out, "\n");
	}
	puts_(&c->out, "\n");
}

/* ---- tables ---------------------------------------------------------------------- */

/* One row of a table: its cells, each rendered inline (caller frees with
 * free_row()). */
struct row {
	char **cell;
	size_t ncell;
};

/* Appends cell (taken; NULL when out of memory) to r. Returns false when out
 * of memory (the cell is freed). */
static bool add_cell(struct row *r, char *cell)
{
	/* room doubles at each power of two: a line of ten thousand '|' is linear */
	bool full = (r->ncell & (r->ncell - 1)) == 0;
	char **p = cell == NULL ? NULL : !full ? r->cell
			   : realloc(r->cell, (r->ncell ? 2 * r->ncell : 1) * sizeof(*p));
	if (p == NULL) {
		free(cell);
		return false;
	}
	r->cell = p;
	r->cell[r->ncell++] = cell;
	return true;
}

/* Splits table line s (n bytes: any indent, '|', then cells each ending at a
 * '|') into r's cells, every one of them. Returns false when out of memory
 * (r holds the cells split so far). */
static bool split_row(const char *s, size_t n, struct row *r, bool color)
{
	size_t i = 0;
	while (i < n && s[i] == ' ')
		i++;
	if (i < n && s[i] == '|')
		i++;
	r->cell = NULL;
	r->ncell = 0;
	while (i < n) {
		size_t j = i;
		while (j < n && s[j] != '|')
			j++;
		size_t a = i, z = j;
		while (a < z && isspace((unsigned char)s[a]))
			a++;
		while (z > a && isspace((unsigned char)s[z - 1]))
			z--;
		if (j >= n && a == z)
			break;   /* nothing after the last '|' */
		if (!add_cell(r, inline_string(s + a, z - a, color)))
			return false;
		i = j + 1;
	}
	return true;
}

static void free_row(struct row *r)
{
	for (size_t k = 0; k < r->ncell; k++)
		free(r->cell[k]);
	free(r->cell);
	r->cell = NULL;
	r->ncell = 0;
}

/* A table's rows (the separator line left out) and its columns' widths; the
 * first row is the header. */
struct table {
	struct row *rows;
	size_t nrow, ncol;
	size_t *w;          /* ncol widths: the widest cell of each column */
};

static void table_release(struct table *t)
{
	for (size_t r = 0; r < t->nrow; r++)
		free_row(&t->rows[r]);
	free(t->rows);
	free(t->w);
}

/* Adds r (taken) to t as its last row and widens t's columns to it. Returns
 * false when out of memory (r is freed). */
static bool table_add(struct table *t, struct row *r)
{
	bool full = (t->nrow & (t->nrow - 1)) == 0;   /* room doubles, as add_cell's */
	struct row *rows = !full ? t->rows
				 : realloc(t->rows, (t->nrow ? 2 * t->nrow : 1) * sizeof(*rows));
	if (rows == NULL) {
		free_row(r);
		return false;
	}
	t->rows = rows;
	if (r->ncell > t->ncol) {
		size_t *w = realloc(t->w, r->ncell * sizeof(*w));
		if (w == NULL) {
			free_row(r);
			return false;
		}
		memset(w + t->ncol, 0, (r->ncell - t->ncol) * sizeof(*w));
		t->w = w;
		t->ncol = r->ncell;
	}
	for (size_t k = 0; k < r->ncell; k++) {
		size_t cw = render_display_width(r->cell[k], strlen(r->cell[k]));
		if (cw > t->w[k])
			t->w[k] = cw;
	}
	t->rows[t->nrow++] = *r;
	return true;
}

/* Reads bl's lines into t, all but its second: tm_block_scan() opens a table
 * only where the separator line follows the first row, so that line and no
 * other is the separator ("| - | - |" further down is a row of dashes).
 * Returns false when out of memory. */
static bool table_read(struct table *t, const struct tm_block *bl, bool color)
{
	const char *l = bl->lines, *line;
	size_t left = bl->lines_len, n;
	for (size_t i = 0; tm_block_line(&l, &left, &line, &n); i++) {
		if (i == 1)
			continue;   /* the separator line */
		struct row r;
		if (!split_row(line, n, &r, color)) {
			free_row(&r);
			return false;
		}
		if (!table_add(t, &r))
			return false;
	}
	return true;
}

/* Columns the aligned table takes after its two-space indent: every column's
 * width, three blanks between two columns; 0 for a table with no cell. */
static size_t table_width(const struct table *t)
{
	size_t total = 0;
	for (size_t k = 0; k < t->ncol; k++)
		total += t->w[k] + (k > 0 ? 3 : 0);
	return total;
}

static void emit_table_row(struct ctx *c, const struct row *r, const size_t *w, size_t ncol,
			   bool header)
{
	puts_(&c->out, "  ");
	for (size_t k = 0; k < ncol; k++) {
		const char *cell = k < r->ncell ? r->cell[k] : "";
		if (header && c->color)
			puts_(&c->out, BOLD_ON);
		puts_(&c->out, cell);
		if (header && c->color)
			puts_(&c->out, BOLD_OFF);
		/* w[k] is the widest cell of the column, this one's included */
		if (k + 1 < ncol)
			repeat(&c->out, " ", w[k] - render_display_width(cell, strlen(cell)) + 3);
	}
	puts_(&c->out, "\n");
}

/* A row too wide for the screen: one wrapped "a | b | c" paragraph, every
 * cell kept. */
static void emit_table_row_wrapped(struct ctx *c, const struct row *r)
{
	struct buf row = { 0 };
	for (size_t k = 0; k < r->ncell; k++) {
		if (k > 0)
			puts_(&row, " | ");
		puts_(&row, r->cell[k]);
	}
	put(&row, "", 0);
	if (row.oom)
		c->out.oom = true;
	else
		wrap(&c->out, row.p != NULL ? row.p : "", "  ", "    ", c->width);
	free(row.p);
}

/* Lays out a table: aligned columns with a rule under the header when they fit
 * the width, else one wrapped paragraph per row; every row and every column.
 * A table with no cell at all shows nothing. */
static void emit_table(struct ctx *c, const struct tm_block *bl)
{
	struct table t = { 0 };
	if (!table_read(&t, bl, c->color)) {
		c->out.oom = true;
		table_release(&t);
		return;
	}
	if (t.ncol == 0) {
		table_release(&t);
		return;
	}
	size_t total = table_width(&t);
	bool fits = total <= (size_t)c->width && (size_t)c->width - total >= 2;
	separate(c);
	for (size_t r = 0; r < t.nrow && !c->out.oom; r++) {
		if (!fits) {
			emit_table_row_wrapped(c, &t.rows[r]);
			continue;
		}
		emit_table_row(c, &t.rows[r], t.w, t.ncol, r == 0);
		if (r == 0) {
			puts_(&c->out, "  ");
			repeat(&c->out, c->utf8 ? "\xe2\x94\x80" : "-", total);
			puts_(&c->out, "\n");
		}
	}
	table_release(&t);
	puts_(&c->out, "\n");
}

/* ---- call-outs, lists and paragraphs ------------------------------------------------ */

/* The block's text as one line: its first line's text, then each further
 * line without its layout (tm_block_line_skip()), joined by spaces. Caller
 * frees; NULL when out of memory. */
static char *join(const struct tm_block *bl)
{
	struct buf b = { 0 };
	const char *l = bl->lines, *line;
	size_t left = bl->lines_len, n;
	put(&b, bl->text, bl->len);
	tm_block_line(&l, &left, &line, &n);   /* the first, as bl->text has it */
	while (tm_block_line(&l, &left, &line, &n)) {
		size_t skip = tm_block_line_skip(bl->kind, line, n);
		puts_(&b, " ");
		put(&b, line + skip, n - skip);
	}
	put(&b, "", 0);
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	return b.p;
}

static void emit_quote(struct ctx *c, const struct tm_block *bl)
{
	char *text = join(bl);
	if (text == NULL) {
		c->out.oom = true;
		return;
	}
	separate(c);
	const char *bar = !c->color ? "  > "
			  : c->utf8 ? "  " CODE_ON "\xe2\x94\x82" CODE_OFF " "
			  : "  " CODE_ON ">" CODE_OFF " ";
	emit_wrapped(c, text, strlen(text), bar, bar);
	free(text);
	puts_(&c->out, "\n");
}

static void emit_list_item(struct ctx *c, const struct tm_block *bl)
{
	char *text = join(bl);
	if (text == NULL) {
		c->out.oom = true;
		return;
	}
	size_t depth = bl->indent / 2;
	char p1[64], p2[64];
	size_t pad = 2 + 2 * (depth > 4 ? 4 : depth);
	if (bl->ordered) {
		snprintf(p1, sizeof(p1), "%*s%.*s. ", (int)pad, "", (int)bl->number_len, bl->number);
		snprintf(p2, sizeof(p2), "%*s", (int)(pad + bl->number_len + 2), "");
	} else {
		snprintf(p1, sizeof(p1), "%*s%s ", (int)pad, "", c->utf8 ? "\xe2\x80\xa2" : "-");
		snprintf(p2, sizeof(p2), "%*s", (int)(pad + 2), "");
	}
	emit_wrapped(c, text, strlen(text), p1, p2);
	free(text);
}

static void emit_paragraph(struct ctx *c, const struct tm_block *bl)
{
	char *text = join(bl);
	if (text == NULL) {
		c->out.oom = true;
		return;
	}
	separate(c);
	emit_wrapped(c, text, strlen(text), "", "");
	free(text);
	puts_(&c->out, "\n");
}

/* Lays out one block (tm_block_fn); a list ends with one blank line. */
static void emit_block(void *arg, const struct tm_block *bl)
{
	struct ctx *c = arg;
	if (c->out.oom)
		return;
	if (bl->kind != TM_BLOCK_ITEM && c->in_list) {
		puts_(&c->out, "\n");
		c->in_list = false;
	}
	switch (bl->kind) {
	case TM_BLOCK_BLANK:
		break;
	case TM_BLOCK_FENCE:
		emit_fence(c, bl);
		break;
	case TM_BLOCK_HEADING:
		emit_heading(c, bl);
		break;
	case TM_BLOCK_TABLE:
		emit_table(c, bl);
		break;
	case TM_BLOCK_QUOTE:
		emit_quote(c, bl);
		break;
	case TM_BLOCK_ITEM:
		if (!c->in_list)
			separate(c);
		c->in_list = true;
		emit_list_item(c, bl);
		break;
	case TM_BLOCK_PARAGRAPH:
		emit_paragraph(c, bl);
		break;
	}
}

char *render_markdown(const char *md, int width, bool color)
{
	return render_markdown_glyphs(md, width, color, color);
}

char *render_markdown_glyphs(const char *md, int width, bool color, bool utf8)
{
	struct ctx c = { .width = width < 20 ? 20 : width, .color = color, .utf8 = color && utf8 };
	tm_block_scan(md, emit_block, &c);
	/* No trailing blank lines. */
	while (c.out.len >= 2 && c.out.p[c.out.len - 1] == '\n' && c.out.p[c.out.len - 2] == '\n')
		c.out.p[--c.out.len] = '\0';
	put(&c.out, "", 0);
	if (c.out.oom) {
		free(c.out.p);
		return NULL;
	}
	return c.out.p;
}

const char *render_points(char *buf, size_t size, double v)
{
	snprintf(buf, size, "%.3f", v);
	char *dot = strchr(buf, '.');
	if (dot != NULL) {
		char *end = buf + strlen(buf);
		while (end > dot + 1 && end[-1] == '0')
			*--end = '\0';
		if (end == dot + 1)
			*dot = '\0';
	}
	if (strcmp(buf, "-0") == 0)
		snprintf(buf, size, "0");
	return buf;
}

size_t render_fit_bytes(const char *text, size_t len, size_t cols)
{
	return fit_bytes(text, len, cols);
}

/* Columns a hanging text keeps at least; a lead that leaves fewer goes on a row
 * of its own ("  - (medium, information-disclosure)" at 40 columns). */
#define HANG_MIN_TEXT 20

/* Prints lead on a row of its own without its trailing blanks, then text
 * wrapped under it, indented four columns more than the lead. */
static void hang_below(FILE *out, int width, const char *lead, const char *text)
{
	char pad[40];
	size_t n = strlen(lead), own = strspn(lead, " ") + 4;
	while (n > 0 && lead[n - 1] == ' ')
		n--;
	fwrite(lead, 1, n, out);
	fputc('\n', out);
	if (own > (size_t)width / 2)
		own = (size_t)width / 2;
	if (own >= sizeof(pad))
		own = sizeof(pad) - 1;
	memset(pad, ' ', own);
	pad[own] = '\0';
	render_hanging(out, width, pad, text);
}

void render_hanging(FILE *out, int width, const char *lead, const char *text)
{
	size_t indent = render_display_width(lead, strlen(lead));
	if (width > 0 && indent > 0 && indent + HANG_MIN_TEXT > (size_t)width &&
	    strspn(lead, " ") + 4 + HANG_MIN_TEXT <= (size_t)width) {
		hang_below(out, width, lead, text);
		return;
	}
	if (width <= 0) {
		/* no limit: as it is, so that piped reports keep their layout */
		fprintf(out, "%s%s\n", lead, text);
		return;
	}
	size_t cols = width > (int)indent + 20 ? (size_t)width : indent + 20;
	size_t col = indent;
	fputs(lead, out);
	for (const char *p = text; *p != '\0';) {
		while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
			p++;
		size_t len = strcspn(p, " \n\t\r");
		if (len == 0)
			break;
		size_t w = render_display_width(p, len);
		if (col > indent && col + 1 + w > cols) {
			fprintf(out, "\n%*s", (int)indent, "");
			col = indent;
		} else if (col > indent) {
			fputc(' ', out);
			col++;
		}
		/* a word wider than what is left of the line is cut where it ends */
		while (col + w > cols && len > 0) {
			size_t cut = fit_bytes(p, len, cols - col);
			if (cut >= len)
				break;
			fwrite(p, 1, cut, out);
			fprintf(out, "\n%*s", (int)indent, "");
			col = indent;
			p += cut;
			len -= cut;
			w = render_display_width(p, len);
		}
		fwrite(p, 1, len, out);
		col += w;
		p += len;
	}
	fputc('\n', out);
}

char *render_prompt(int width, const char *text)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (f == NULL)
		return NULL;
	/* one column kept for the cursor after the prompt */
	render_hanging(f, width > 1 ? width - 1 : width, "", text);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	if (len > 0 && buf[len - 1] == '\n')
		buf[len - 1] = ' ';
	return buf;
}

void render_underline(FILE *out, const char *text, char c)
{
	size_t widest = 0;
	for (const char *p = text; *p != '\0';) {
		size_t len = strcspn(p, "\n");
		size_t w = render_display_width(p, len);
		if (w > widest)
			widest = w;
		p += len + (p[len] == '\n');
	}
	for (size_t i = 0; i < widest; i++)
		fputc(c, out);
	fputc('\n', out);
}
