/*
 * shellword.c: text quoted as one shell word, for the commands tmdojo prints
 * for the user to run (resume a course, validate a content root).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"

/* Appends text to out when all of it fits; returns whether it did. */
static bool append(char *out, size_t size, size_t *at, const char *text)
{
	size_t n = strlen(text);
	if (*at + n >= size)
		return false;
	memcpy(out + *at, text, n + 1);
	*at += n;
	return true;
}

bool tools_shell_word(const char *s, char *out, size_t size, size_t *at)
{
	static const char safe[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				   "0123456789_@%+=:,./-";
	size_t start = *at;
	bool fits;
	if (s[0] != '\0' && strspn(s, safe) == strlen(s)) {
		fits = append(out, size, at, s);
	} else {
		fits = append(out, size, at, "'");
		for (const char *p = s; fits && *p != '\0'; p++) {
			char one[2] = { *p, '\0' };
			/* a quote ends the quoted text, is escaped, and quoting starts again */
			fits = append(out, size, at, *p == '\'' ? "'\\''" : one);
		}
		fits = fits && append(out, size, at, "'");
	}
	if (!fits) {
		*at = start;
		out[start] = '\0';
	}
	return fits;
}
