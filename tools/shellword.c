/*
 * shellword.c: commands tmdojo prints for the user to run (resume a course,
 * validate a content root), each word quoted so that the command can be pasted
 * into a shell as it is.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"

/* Characters no shell treats specially. */
static const char safe[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			   "0123456789_@%+=:,./-";

/* Bytes s takes as one shell word (quoted_word() writes it). */
static size_t quoted_length(const char *s)
{
	size_t n = strlen(s);
	if (s[0] != '\0' && strspn(s, safe) == n)
		return n;
	size_t len = 2;
	for (const char *p = s; *p != '\0'; p++)
		len += *p == '\'' ? 4 : 1;
	return len;
}

/* Writes s at out as one shell word: as it is when it holds only safe
 * characters, else in single quotes, a quote in it written '\''. Returns the
 * end of what it wrote. */
static char *quoted_word(const char *s, char *out)
{
	size_t n = strlen(s);
	if (s[0] != '\0' && strspn(s, safe) == n) {
		memcpy(out, s, n);
		return out + n;
	}
	*out++ = '\'';
	for (const char *p = s; *p != '\0'; p++) {
		if (*p == '\'') {
			/* a quote ends the quoted text, is escaped, and quoting starts again */
			memcpy(out, "'\\''", 4);
			out += 4;
		} else {
			*out++ = *p;
		}
	}
	*out++ = '\'';
	return out;
}

char *tools_shell_command(const char *const *words, size_t n)
{
	size_t len = 1;
	for (size_t i = 0; i < n; i++)
		len += quoted_length(words[i]) + 1;
	char *cmd = malloc(len), *at = cmd;
	if (cmd == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			*at++ = ' ';
		at = quoted_word(words[i], at);
	}
	*at = '\0';
	return cmd;
}

char *tools_follow_up(const char *cmd, const char *learner, const char *const *args, size_t n)
{
	const char *words[12];
	size_t k = 0;
	words[k++] = tools_self();
	if (tools_content_root_given()) {
		words[k++] = "--content";
		words[k++] = tools_content_root();
	}
	if (cmd != NULL)
		words[k++] = cmd;
	if (learner != NULL) {
		words[k++] = "--learner";
		words[k++] = learner;
	}
	for (size_t i = 0; i < n && i < 4; i++)
		words[k++] = args[i];
	char *line = tools_shell_command(words, k);
	char *shown = line != NULL ? tools_printable_dup(line) : NULL;
	free(line);
	return shown;
}
