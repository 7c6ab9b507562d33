/*
 * xmllib.c: opens libxml2 with dlopen() when a report is first built (see
 * xmllib.h for why it is not linked).
 */
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include "dynlib.h"
#include "xmllib.h"

/* The shared object the Makefile found at build time (objdump's SONAME). */
#ifndef TM_LIBXML2_SONAME
#define TM_LIBXML2_SONAME "libxml2.so.2"
#endif

/* The Moodle XML import's functions (its own block of struct tm_xmllib). */
static int bind_import(struct tm_xmllib *lib)
{
	if (TM_DL_BIND(lib, new_parser_ctxt, "xmlNewParserCtxt") ||
	    TM_DL_BIND(lib, ctxt_read_memory, "xmlCtxtReadMemory") ||
	    TM_DL_BIND(lib, free_parser_ctxt, "xmlFreeParserCtxt") ||
	    TM_DL_BIND(lib, stop_parser, "xmlStopParser") ||
	    TM_DL_BIND(lib, ctxt_get_last_error, "xmlCtxtGetLastError") ||
	    TM_DL_BIND(lib, get_line_no, "xmlGetLineNo") ||
	    TM_DL_BIND(lib, html_read_memory, "htmlReadMemory") ||
	    TM_DL_BIND(lib, set_generic_error_func, "xmlSetGenericErrorFunc"))
		return -1;
	return 0;
}

static int bind_all(struct tm_xmllib *lib)
{
	int (*mem_get)(xmlFreeFunc *, xmlMallocFunc *, xmlReallocFunc *, xmlStrdupFunc *) = NULL;
	xmlMallocFunc m;
	xmlReallocFunc r;
	xmlStrdupFunc s;

	if (TM_DL_BIND(lib, html_new_doc_no_dtd, "htmlNewDocNoDtD") ||
	    TM_DL_BIND(lib, create_int_subset, "xmlCreateIntSubset") ||
	    TM_DL_BIND(lib, new_node, "xmlNewNode") || TM_DL_BIND(lib, new_text_child, "xmlNewTextChild") ||
	    TM_DL_BIND(lib, set_prop, "xmlSetProp") ||
	    TM_DL_BIND(lib, doc_set_root_element, "xmlDocSetRootElement") ||
	    TM_DL_BIND(lib, html_doc_dump_memory_format, "htmlDocDumpMemoryFormat") ||
	    TM_DL_BIND(lib, free_doc, "xmlFreeDoc") ||
	    /* XML documents: the Moodle XML export, the SCORM manifest */
	    TM_DL_BIND(lib, new_doc, "xmlNewDoc") ||
	    TM_DL_BIND(lib, doc_dump_format_memory_enc, "xmlDocDumpFormatMemoryEnc") ||
	    TM_DL_BIND(lib, add_child, "xmlAddChild") || TM_DL_BIND(lib, free_node, "xmlFreeNode") ||
	    TM_DL_BIND(lib, new_ns, "xmlNewNs") || TM_DL_BIND(lib, set_ns, "xmlSetNs") ||
	    TM_DL_BIND(lib, set_ns_prop, "xmlSetNsProp") ||
	    TM_DL_BIND(lib, node_add_content_len, "xmlNodeAddContentLen") ||
	    tm_dl_bind(lib->handle, "xmlMemGet", &mem_get, sizeof(mem_get)))
		return -1;
	if (mem_get(&lib->free, &m, &r, &s) != 0 || lib->free == NULL)
		return -1;
	return bind_import(lib);
}

int tm_xmllib_open(struct tm_xmllib *lib, struct tm_diags *diags)
{
	memset(lib, 0, sizeof(*lib));
	/* RTLD_NODELETE: libxml2 keeps global state, so it is never unloaded */
	lib->handle = dlopen(TM_LIBXML2_SONAME, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
	if (lib->handle == NULL)
		return tm_diags_add(diags, TM_EIO, NULL, 0, 0,
				    "cannot load %s (%s): install libxml2 (Debian: apt-get "
				    "install libxml2) to write HTML reports and XML exports, or to import Moodle XML",
				    TM_LIBXML2_SONAME, dlerror());
	if (bind_all(lib) != 0) {
		tm_xmllib_close(lib);
		return tm_diags_add(diags, TM_EIO, NULL, 0, 0,
				    "%s lacks a function tmdojo needs: install a libxml2 "
				    "of version 2.9 or later",
				    TM_LIBXML2_SONAME);
	}
	return TM_OK;
}

void tm_xmllib_close(struct tm_xmllib *lib)
{
	if (lib->handle != NULL)
		dlclose(lib->handle);
	memset(lib, 0, sizeof(*lib));
}

int tm_xmllib_take(const struct tm_xmllib *lib, xmlChar *mem, int size, char **out,
		   size_t *len, struct tm_diags *diags)
{
	*out = NULL;
	*len = 0;
	if (mem != NULL && size >= 0)
		*out = malloc((size_t)size + 1);
	if (*out != NULL) {
		memcpy(*out, mem, (size_t)size);
		(*out)[size] = '\0';
		*len = (size_t)size;
	}
	if (mem != NULL)
		lib->free(mem);
	return *out != NULL ? TM_OK : tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
}
