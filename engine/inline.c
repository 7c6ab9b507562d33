/*
 * inline.c: the inline marks of lesson text (docs/FORMAT.md "Lesson text"):
 * *emphasis*, **strong** and `code`, as one scanner that the terminal renderer
 * and the SCORM pages both follow, so that a mark means the same everywhere.
 */
#include <ctype.h>
#include <string.h>

#include "tmengine.h"

/* Emits the plain text run text[from..to) when it is not empty. */
static void flush(const char *text, size_t from, size_t to, tm_inline_fn fn, void *arg)
{
	if (to > from) {
		struct tm_inline run = { TM_INLINE_TEXT, text + from, to - from, false };
		fn(arg, &run);
	}
}

void tm_inline_scan(const char *text, size_t len, tm_inline_fn fn, void *arg)
{
	bool on[2] = { false, false };   /* strong, emphasis */
	size_t from = 0;
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (c == '`') {
			const char *end = memchr(text + i + 1, '`', len - i - 1);
			if (end != NULL) {
				size_t n = (size_t)(end - (text + i + 1));
				flush(text, from, i, fn, arg);
				struct tm_inline run = { TM_INLINE_CODE, text + i + 1, n, false };
				fn(arg, &run);
				i += n + 1;
				from = i + 1;
				continue;
			}
		}
		if (c != '*')
			continue;
		/* a '*' opens only before a non-blank and closes only after one, so
		 * "5 * 3" stays as it is */
		bool dbl = i + 1 < len && text[i + 1] == '*';
		size_t after = i + (dbl ? 2 : 1);
		bool *state = &on[dbl ? 0 : 1];
		bool opens = !*state && after < len && !isspace((unsigned char)text[after]);
		bool closes = *state && i > 0 && !isspace((unsigned char)text[i - 1]);
		if (!opens && !closes)
			continue;
		flush(text, from, i, fn, arg);
		*state = !*state;
		struct tm_inline run = { dbl ? TM_INLINE_STRONG : TM_INLINE_EMPHASIS, NULL, 0, *state };
		fn(arg, &run);
		i = after - 1;
		from = after;
	}
	flush(text, from, len, fn, arg);
}
