/*
 * xmlscan.h: a look at raw XML text before libxml2 parses it (engine-internal).
 * libxml2 (2.9) takes time quadratic in the attributes of one element (32,000
 * took 9 s): the Moodle XML import refuses an element with more attributes
 * than any Moodle export writes before handing the file to libxml2.
 */
#ifndef TM_XMLSCAN_H
#define TM_XMLSCAN_H

#include <stdbool.h>
#include <stddef.h>

/** Where a start tag is, and what it is called. */
struct tm_xml_tag_at {
	long line;          /* 1-based */
	int column;         /* 1-based, in bytes, of its '<' */
	char name[64];      /* the element's name, cut to fit */
};

/**
 * Whether a start tag in xml (len bytes) has more than max attributes; the
 * first such tag's place and name go to *at. Comments, CDATA sections,
 * processing instructions, the document type declaration and end tags are
 * passed over, quoted attribute values are read as values. One pass over the
 * text, whatever it holds (an unclosed tag counts to the end). Not a parser:
 * what is not well-formed is left to libxml2.
 */
bool tm_xml_crowded_tag(const char *xml, size_t len, size_t max, struct tm_xml_tag_at *at);

#endif
