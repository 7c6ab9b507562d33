/*
 * fuzz_render.c: libFuzzer target for the terminal layout of lesson text
 * (tools/render.c, compiled in here as tests/test_render.c does: tools/ is no
 * library). The first byte picks the width (1 to 120; below 20 the renderer
 * uses 20) and whether colour and UTF-8 glyphs are on; the rest, up to its
 * first NUL, is rendered. Any crash, hang or sanitizer report is a bug, and so
 * is no output, output that does not end in a newline, or output far larger
 * than the input could make (the target aborts): an empty table once made
 * render_markdown() append dashes without end.
 */
#define _XOPEN_SOURCE 700   /* render.c uses wcwidth() */
#include "../../tools/render.c"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Bytes of output per byte of input that no layout comes near: a row of a
 * table padded to the width, a cut word with its indent, escape sequences. */
#define MAX_GROWTH 256

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	int width = 1 + data[0] % 120;
	bool color = (data[0] & 0x80) != 0;
	bool utf8 = (data[0] & 0x40) != 0;
	char *text = malloc(size);
	if (text == NULL)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	char *out = render_markdown_glyphs(text, width, color, utf8);
	if (out == NULL)
		abort();
	size_t len = strlen(out);
	if (len > 0 && out[len - 1] != '\n')
		abort();
	if (len > (strlen(text) + 1) * MAX_GROWTH)
		abort();
	free(out);
	free(text);
	return 0;
}
