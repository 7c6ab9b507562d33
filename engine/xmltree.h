/*
 * xmltree.h: building and reading libxml2 trees (engine-internal), one set of
 * helpers for the Moodle XML export (export_moodle.c), the SCORM package
 * (export_scorm.c), the HTML cohort report (report.c) and the Moodle XML
 * import (import_moodle.c).
 */
#ifndef TM_XMLTREE_H
#define TM_XMLTREE_H

#include <stdbool.h>

#include "xmllib.h"

/* ---- building ---- */

/*
 * A tree being built: the libxml2 functions it is built with (borrowed) and
 * whether a call ran out of memory. Once failed, the builders below do
 * nothing, so that a builder need not check every node: its caller checks
 * failed once, when the tree is done, and throws the tree away.
 */
struct tm_xmltree {
	const struct tm_xmllib *x;
	bool failed;
	/* texts and attribute values from outside the checked content (the HTML
	 * report's stored submissions): invalid UTF-8 and control characters (but
	 * tab and newline) become U+FFFD, so the serializer never sees bytes it
	 * cannot encode */
	bool clean;
};

/**
 * Appends to parent an element name (in namespace ns; NULL for none) holding
 * text, which the serializer escapes (NULL: an empty element). Returns the
 * element; when the tree has failed, parent is NULL or libxml2 runs out of
 * memory (t->failed then set), returns parent, so that calls chain without a
 * check in between.
 */
xmlNodePtr tm_xml_el(struct tm_xmltree *t, xmlNodePtr parent, xmlNsPtr ns, const char *name,
		     const char *text);

/** tm_xml_el() with the text printf formats from fmt and what follows. */
xmlNodePtr tm_xml_elf(struct tm_xmltree *t, xmlNodePtr parent, xmlNsPtr ns, const char *name,
		      const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 5, 6)))
#endif
	;

/** Sets attribute name of n to value (escaped when serialized). Does nothing
 *  when the tree has failed or n is NULL; sets t->failed when libxml2 runs
 *  out of memory. */
void tm_xml_set_attr(struct tm_xmltree *t, xmlNodePtr n, const char *name, const char *value);

/** tm_xml_set_attr() with the value printf formats from fmt and what follows. */
void tm_xml_set_attrf(struct tm_xmltree *t, xmlNodePtr n, const char *name, const char *fmt,
		      ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

/* ---- reading (a parsed document; no libxml2 call needed) ---- */

/** Whether n is an element called name (false for NULL). */
bool tm_xml_is(const xmlNode *n, const char *name);

/** The first child element of n called name (borrowed; NULL when n is NULL
 *  or has none). */
xmlNode *tm_xml_child(const xmlNode *n, const char *name);

/** The value of n's attribute name (borrowed; "" when it has no text), or
 *  NULL when n is NULL or has no such attribute. */
const char *tm_xml_attr(const xmlNode *n, const char *name);

#endif
