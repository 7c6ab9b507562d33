/*
 * fuzz_blocks.c: libFuzzer target for the block scanner of lesson text
 * (tm_block_scan, engine/blocks.c), which reads what authors write and which
 * the terminal renderer and the SCORM pages both follow. The input, up to its
 * first NUL, is scanned as lesson text; every block is walked: its lines, its
 * text and an ordered item's number must lie inside the input, blocks come in
 * order without overlapping, each line taken off a block (tm_block_line) lies
 * inside the block and its layout (tm_block_line_skip) inside the line, and the
 * scan ends, having called back at most once per line. Any crash, hang or
 * sanitizer report is a bug, and so is a block that breaks one of these (the
 * target aborts).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tmengine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct walk {
	const char *start, *end;   /* the scanned text, without its NUL */
	const char *next;          /* where the next block may start */
	size_t blocks, lines;      /* blocks seen; lines in the text */
};

/* Whether [p, p + len) lies within the scanned text. */
static bool inside(const struct walk *w, const char *p, size_t len)
{
	return p >= w->start && p <= w->end && len <= (size_t)(w->end - p);
}

static void check_lines(const struct tm_block *b)
{
	const char *l = b->lines, *line;
	size_t left = b->lines_len, n, count = 0;
	while (tm_block_line(&l, &left, &line, &n)) {
		if (line < b->lines || line + n > b->lines + b->lines_len)
			abort();
		if (tm_block_line_skip(b->kind, line, n) > n)
			abort();
		if (++count > b->lines_len)
			abort();   /* a line taken without moving on */
	}
	if (left != 0 || l != b->lines + b->lines_len)
		abort();
}

static void on_block(void *arg, const struct tm_block *b)
{
	struct walk *w = arg;
	if (++w->blocks > w->lines)
		abort();   /* more blocks than lines: the scan is not moving on */
	if ((unsigned)b->kind > TM_BLOCK_PARAGRAPH)
		abort();
	if (!inside(w, b->lines, b->lines_len) || b->lines < w->next)
		abort();
	if (b->text == NULL || !inside(w, b->text, b->len))
		abort();
	if (b->kind == TM_BLOCK_HEADING && (b->level < 1 || b->level > 6))
		abort();
	if (b->kind == TM_BLOCK_ITEM && b->ordered &&
	    (b->number == NULL || b->number_len == 0 || !inside(w, b->number, b->number_len)))
		abort();
	/* a fence's text is its opening line, before its lines; every other
	 * block's text is within its lines */
	if (b->kind != TM_BLOCK_FENCE &&
	    (b->text < b->lines || b->text + b->len > b->lines + b->lines_len))
		abort();
	check_lines(b);
	w->next = b->lines + b->lines_len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct walk w;

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	memset(&w, 0, sizeof(w));
	w.start = w.next = text;
	w.end = text + strlen(text);
	w.lines = 1;
	for (const char *p = text; p < w.end; p++)
		if (*p == '\n')
			w.lines++;
	tm_block_scan(text, on_block, &w);
	if (w.end > text && w.blocks == 0)
		abort();   /* text that holds no block */
	tm_block_scan(NULL, on_block, &w);   /* NULL is empty: no block */
	free(text);
	return 0;
}
