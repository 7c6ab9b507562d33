/*
 * wildcard.h: Moodle's short-answer wildcards ('*' any characters, "\*" a
 * star) as tmdojo patterns and back. import moodle-xml writes a wildcard
 * answer as a pattern of one exact form; export moodle-xml writes such a
 * pattern back as that wildcard answer, and export scorm gives the page the
 * wildcard to match (a glob, not a regex). Internal to the engine.
 */
#ifndef TM_WILDCARD_H
#define TM_WILDCARD_H

/*
 * The tmdojo pattern for Moodle wildcard answer s (blanks already single
 * spaces): "^\s*", the answer with '*' as ".*", "\*" as "\*", a blank as
 * "\s+", other regex characters escaped, then "\s*$" (caseless, as every
 * tmdojo pattern). Returns a fresh string (caller frees), NULL on ENOMEM.
 */
char *wildcard_to_pattern(const char *s);

/*
 * The Moodle wildcard answer that pattern stands for when it is exactly what
 * wildcard_to_pattern() writes for an answer with at least one '*' and some
 * text besides; else NULL. Sets *oom when memory ran out (NULL returned).
 * Returns a fresh string (caller frees).
 */
char *wildcard_from_pattern(const char *pattern, int *oom);

#endif
