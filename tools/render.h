/*
 * render.h: Markdown-ish lesson text (docs/FORMAT.md "Lesson text") laid out for
 * a terminal: headings, paragraphs, *emphasis*, **strong**, `code`, bulleted and
 * numbered lists, fenced code blocks, pipe tables and "> " call-outs, wrapped to
 * a width. With colour off the output is plain text (markers dropped, no escape
 * sequences), fit for scripts and NO_COLOR.
 */
#ifndef TMDOJO_RENDER_H
#define TMDOJO_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/**
 * Renders md for a terminal width columns wide (at least 20), with ANSI styles
 * when color is true. Returns lines each ending in '\n' (caller frees with
 * free()), or NULL when out of memory.
 */
char *render_markdown(const char *md, int width, bool color);

/**
 * As render_markdown(), with the glyphs chosen apart from the styles: box
 * lines, bullets and the call-out bar are UTF-8 only when color and utf8 are
 * both true, ASCII stand-ins else; bold and colour follow color alone (a
 * colour terminal under a non-UTF-8 locale keeps its styles).
 */
char *render_markdown_glyphs(const char *md, int width, bool color, bool utf8);

/** Columns text takes on screen: UTF-8 code points, not counting ANSI escapes. */
size_t render_display_width(const char *text, size_t len);

/** Writes v into buf the one way learners see scores and points, in learn and
 *  in progress alike: at most three decimals, trailing zeros dropped (6.875, 0.7,
 *  5). Returns buf. */
const char *render_points(char *buf, size_t size, double v);

/** Bytes of text (len bytes) that fit in cols columns, cut at a code point and
 *  never inside an escape sequence; at least one code point. */
size_t render_fit_bytes(const char *text, size_t len, size_t cols);

/**
 * Writes lead, then text word-wrapped to width columns with continuation lines
 * indented under the text (runs of blanks and newlines become single spaces),
 * then a newline: "  d) They weighed what could go wrong ... and picked a change"
 * with the rest of the sentence lined up under "They". A width of 0 or less
 * means no limit: lead and text as they are, then a newline.
 */
void render_hanging(FILE *out, int width, const char *lead, const char *text);

/**
 * Writes a line of c as wide as the widest line of text (display width), then
 * a newline: the underline that marks a heading when styles are off.
 */
void render_underline(FILE *out, const char *text, char c);

/**
 * text as a prompt width columns wide: wrapped at word boundaries (continuation
 * lines start at the left edge), the last line ending in a space and no newline,
 * so that the answer is typed after it. Caller frees with free(); NULL when out
 * of memory.
 */
char *render_prompt(int width, const char *text);

#endif
