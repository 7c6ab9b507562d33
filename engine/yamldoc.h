/*
 * yamldoc.h: internal to libtmengine. A YAML file parsed into a small tree with
 * positions, and a schema checker for mappings. Built on libyaml's event API so
 * that aliases can be refused (no "billion laughs"), duplicate keys found, and
 * depth and size bounded.
 */
#ifndef TM_YAMLDOC_H
#define TM_YAMLDOC_H

#include <stdbool.h>
#include <stddef.h>

#include "tmengine.h"

enum ydoc_kind { YDOC_SCALAR, YDOC_SEQ, YDOC_MAP };

struct ydoc_pair;

struct ydoc_node {
	enum ydoc_kind kind;
	int line, column;           /* 1-based position of the node's start */
	const char *value;          /* scalar text, NUL-terminated */
	size_t len;                 /* scalar length in bytes */
	bool plain;                 /* scalar written without quotes or block style */
	bool escaped;               /* double-quoted: its escapes can write any character */
	struct ydoc_node **items;   /* sequence items */
	struct ydoc_pair *pairs;    /* mapping entries, in file order */
	size_t count;               /* number of items or pairs */
};

struct ydoc_pair {
	struct ydoc_node *key;      /* always a scalar */
	struct ydoc_node *value;
};

struct ydoc;

#define YDOC_MAX_DEPTH TM_MAX_YAML_DEPTH
#define YDOC_MAX_NODES TM_MAX_YAML_NODES

/**
 * Parses buf (len bytes; need not be NUL-terminated) as one YAML document.
 * file names it in messages. On success returns TM_OK and *out (caller frees with
 * ydoc_free()); an empty document has a NULL root. On failure returns
 * TM_ESYNTAX or TM_ELIMIT, *out is NULL and diags holds the error. Duplicate
 * keys (ydoc_get() sees the first), tags, %TAG directives, anchors and aliases
 * (an empty value where each stood; nothing is expanded) are reported to diags
 * but do not fail the parse, so that one run can go on to report every other
 * error of the file: a caller counts what diags gained as errors.
 */
int ydoc_parse(const char *file, const char *buf, size_t len, struct ydoc **out,
	       struct tm_diags *diags);

/** Reads path (at most TM_MAX_FILE_BYTES) and parses it, as ydoc_parse(). */
int ydoc_load(const char *path, struct ydoc **out, struct tm_diags *diags);

void ydoc_free(struct ydoc *doc);
/** The root node, or NULL for an empty document (borrowed). */
const struct ydoc_node *ydoc_root(const struct ydoc *doc);
/** The file name given at parse time (borrowed). */
const char *ydoc_file(const struct ydoc *doc);

/** The value under key in a mapping, or NULL when absent or map is not a map. */
const struct ydoc_node *ydoc_get(const struct ydoc_node *map, const char *key);
/** True for a plain scalar that YAML reads as null: "", "~", "null". */
bool ydoc_is_null(const struct ydoc_node *n);
/** True for a null scalar (or NULL) and for a scalar of only blanks (spaces,
 *  tabs, line breaks), quoted or not: a text field with nothing to show. */
bool ydoc_is_blank(const struct ydoc_node *n);

/* ---- schema checks ----------------------------------------------------------- */

enum ydoc_type {
	YT_ANY,
	YT_STRING,      /* scalar that is not blank */
	YT_SCALAR,      /* scalar that is not blank (a string or a number) */
	YT_INT,
	YT_NUMBER,
	YT_BOOL,
	YT_LIST,        /* sequence of anything */
	YT_STRLIST,     /* sequence of scalars that are not blank */
	YT_MAP
};

struct ydoc_field {
	const char *name;
	enum ydoc_type type;
	bool required;
};

/**
 * Checks that node is a mapping whose keys are all among fields (a NULL-named
 * entry ends the table), that required fields are present, and that each value
 * has its field's type (a required non-empty list must not be empty). Every
 * problem goes to diags, with a "did you mean" for unknown keys. what names the
 * mapping in messages ("course", "question"). Returns the number of errors.
 */
int ydoc_check_map(const char *file, const struct ydoc_node *node,
		   const struct ydoc_field *fields, const char *what, struct tm_diags *diags);

/** Checks one value against a type; reports under the name key. Returns 0 or 1. */
int ydoc_check_type(const char *file, const struct ydoc_node *value, enum ydoc_type type,
		    const char *key, struct tm_diags *diags);

/** Converters for checked scalars. They return false (and leave *out alone) when the
 *  scalar is not of that type; they never report. */
bool ydoc_to_long(const struct ydoc_node *n, long *out);
bool ydoc_to_double(const struct ydoc_node *n, double *out);
bool ydoc_to_bool(const struct ydoc_node *n, bool *out);

/** The closest of candidates (NULL-terminated) to word by tm_edit_distance(), a swap
 *  of two neighbouring letters counted as one edit ("hihg": high), when it
 *  is close enough to suggest; else NULL. Case is ignored: a word that differs
 *  from a candidate only in case always gets it. Borrowed from candidates. */
const char *ydoc_suggest(const char *word, const char *const *candidates);

#endif
