/*
 * wildcard.c: Moodle's short-answer wildcards as tmdojo patterns and back
 * (see wildcard.h).
 */
#include <stdlib.h>
#include <string.h>

#include "wildcard.h"

/* The characters a pattern escapes, '*' aside (a wildcard or "\*"). */
static const char escaped[] = "\\^$.|?+()[]{}/-#";

char *wildcard_to_pattern(const char *s)
{
	/* each byte at most 3 ("\s+"), plus the anchors */
	size_t cap = strlen(s) * 3 + sizeof("^\\s*\\s*$");
	char *out = malloc(cap), *o = out;
	if (out == NULL)
		return NULL;
	o += strlen(strcpy(o, "^\\s*"));
	for (; *s != '\0'; s++) {
		if (*s == '\\' && s[1] == '*') {
			*o++ = '\\';
			*o++ = '*';
			s++;
		} else if (*s == '*') {
			*o++ = '.';
			*o++ = '*';
		} else if (strchr(escaped, *s) != NULL) {
			*o++ = '\\';
			*o++ = *s;
		} else if (*s == ' ') {
			o += strlen(strcpy(o, "\\s+"));
			while (s[1] == ' ')
				s++;
		} else {
			*o++ = *s;
		}
	}
	strcpy(o, "\\s*$");
	return out;
}

/* Whether the pattern text p starts with prefix. */
static int starts(const char *p, const char *prefix)
{
	return strncmp(p, prefix, strlen(prefix)) == 0;
}

char *wildcard_from_pattern(const char *pattern, int *oom)
{
	static const char head[] = "^\\s*", tail[] = "\\s*$";
	size_t len = strlen(pattern), stars = 0, text = 0;
	*oom = 0;
	if (len < sizeof(head) - 1 + sizeof(tail) - 1 || !starts(pattern, head) ||
	    strcmp(pattern + len - (sizeof(tail) - 1), tail) != 0)
		return NULL;
	const char *p = pattern + sizeof(head) - 1, *end = pattern + len - (sizeof(tail) - 1);
	char *out = malloc(len + 1), *o = out;
	if (out == NULL) {
		*oom = 1;
		return NULL;
	}
	while (p < end) {
		if (p + 1 < end && p[0] == '.' && p[1] == '*') {
			*o++ = '*';
			stars++;
			p += 2;
		} else if (p + 2 < end && starts(p, "\\s+")) {
			/* one blank between words, as the import writes it */
			if (o == out || o[-1] == ' ' || p + 3 >= end)
				goto refuse;
			*o++ = ' ';
			p += 3;
		} else if (p + 1 < end && p[0] == '\\' && p[1] == '*') {
			*o++ = '\\';
			*o++ = '*';
			text++;
			p += 2;
		} else if (p + 1 < end && p[0] == '\\' && strchr(escaped, p[1]) != NULL) {
			*o++ = p[1];
			text++;
			p += 2;
		} else if (*p == '\\' || *p == '*' || *p == ' ' || strchr(escaped, *p) != NULL) {
			goto refuse;   /* a regex of its own, not the import's form */
		} else {
			*o++ = *p++;
			text++;
		}
	}
	*o = '\0';
	/* no star: an accepted answer would say it; only stars: anything is right */
	if (stars == 0 || text == 0)
		goto refuse;
	return out;
refuse:
	free(out);
	return NULL;
}
