/*
 * xmllib.h: libxml2, loaded on demand (engine-internal).
 *
 * Only the HTML cohort report (report.c), the Moodle XML and SCORM exports
 * (export_moodle.c, export_scorm.c) and the Moodle XML import
 * (import_moodle.c) need libxml2. Loading it at start-up
 * costs every command about 1.7 ms (it brings ICU and the C++ runtime along),
 * which is a third of the budget of one `tmdojo grade` process. So the binary
 * does not link it: each of those opens it with tm_xmllib_open() (dlopen())
 * when it is first asked for a page, an export or an import.
 * The library's own headers still give every type and signature.
 */
#ifndef TM_XMLLIB_H
#define TM_XMLLIB_H

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/tree.h>

#include "tmengine.h"

/* The libxml2 functions the engine calls, under short names. */
struct tm_xmllib {
	void *handle;
	htmlDocPtr (*html_new_doc_no_dtd)(const xmlChar *uri, const xmlChar *external_id);
	xmlDtdPtr (*create_int_subset)(xmlDocPtr doc, const xmlChar *name,
				       const xmlChar *external_id, const xmlChar *system_id);
	xmlNodePtr (*new_node)(xmlNsPtr ns, const xmlChar *name);
	xmlNodePtr (*new_text_child)(xmlNodePtr parent, xmlNsPtr ns, const xmlChar *name,
				     const xmlChar *content);
	xmlAttrPtr (*set_prop)(xmlNodePtr node, const xmlChar *name, const xmlChar *value);
	xmlNodePtr (*doc_set_root_element)(xmlDocPtr doc, xmlNodePtr root);
	void (*html_doc_dump_memory_format)(xmlDocPtr doc, xmlChar **mem, int *size,
					    int format);
	void (*free_doc)(xmlDocPtr doc);
	xmlFreeFunc free;    /* libxml2's deallocator, for memory it hands out */
	/* XML (not HTML) documents: the Moodle XML export (export_moodle.c) and
	 * the SCORM manifest (export_scorm.c), serialized with an XML declaration
	 * naming the encoding */
	xmlDocPtr (*new_doc)(const xmlChar *version);
	void (*doc_dump_format_memory_enc)(xmlDocPtr doc, xmlChar **mem, int *size,
					   const char *encoding, int format);
	xmlNodePtr (*add_child)(xmlNodePtr parent, xmlNodePtr cur);
	void (*free_node)(xmlNodePtr cur);
	/* text added to an element (the SCORM pages' inline marks) */
	void (*node_add_content_len)(xmlNodePtr cur, const xmlChar *content, int len);
	/* namespaces (the SCORM manifest) */
	xmlNsPtr (*new_ns)(xmlNodePtr node, const xmlChar *href, const xmlChar *prefix);
	void (*set_ns)(xmlNodePtr node, xmlNsPtr ns);
	xmlAttrPtr (*set_ns_prop)(xmlNodePtr node, xmlNsPtr ns, const xmlChar *name,
				  const xmlChar *value);
	/* Moodle XML import (engine/import_moodle.c): reading XML and HTML */
	xmlParserCtxtPtr (*new_parser_ctxt)(void);
	xmlDocPtr (*ctxt_read_memory)(xmlParserCtxtPtr ctxt, const char *buffer, int size,
				      const char *url, const char *encoding, int options);
	void (*free_parser_ctxt)(xmlParserCtxtPtr ctxt);
	void (*stop_parser)(xmlParserCtxtPtr ctxt);
	xmlErrorPtr (*ctxt_get_last_error)(void *ctxt);
	long (*get_line_no)(const xmlNode *node);
	htmlDocPtr (*html_read_memory)(const char *buffer, int size, const char *url,
				       const char *encoding, int options);
	void (*set_generic_error_func)(void *ctx, xmlGenericErrorFunc handler);
};

/*
 * Opens libxml2 and fills lib. On failure adds an error naming the library and
 * what to install to diags and returns TM_EIO. The library stays loaded for the
 * rest of the process; tm_xmllib_close() releases the handle.
 */
int tm_xmllib_open(struct tm_xmllib *lib, struct tm_diags *diags);
void tm_xmllib_close(struct tm_xmllib *lib);

/**
 * Takes a document libxml2 serialized into mem (size bytes; NULL or a negative
 * size when it ran out of memory): copies it into *out (NUL-terminated, *len
 * bytes; caller frees with free()) and releases mem. Returns TM_OK or
 * TM_ENOMEM (said in diags, *out NULL).
 */
int tm_xmllib_take(const struct tm_xmllib *lib, xmlChar *mem, int size, char **out,
		   size_t *len, struct tm_diags *diags);

#endif
