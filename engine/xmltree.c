/*
 * xmltree.c: building and reading libxml2 trees (see xmltree.h).
 */
#include <string.h>

#include "xmltree.h"

xmlNodePtr tm_xml_el(struct tm_xmltree *t, xmlNodePtr parent, xmlNsPtr ns, const char *name,
		     const char *text)
{
	if (t->failed || parent == NULL)
		return parent;
	xmlNodePtr n = t->x->new_text_child(parent, ns, BAD_CAST name, BAD_CAST text);
	if (n == NULL) {
		t->failed = true;
		return parent;
	}
	return n;
}

void tm_xml_set_attr(struct tm_xmltree *t, xmlNodePtr n, const char *name, const char *value)
{
	if (t->failed || n == NULL)
		return;
	if (t->x->set_prop(n, BAD_CAST name, BAD_CAST value) == NULL)
		t->failed = true;
}

bool tm_xml_is(const xmlNode *n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE &&
	       strcmp((const char *)n->name, name) == 0;
}

xmlNode *tm_xml_child(const xmlNode *n, const char *name)
{
	for (xmlNode *c = n != NULL ? n->children : NULL; c != NULL; c = c->next)
		if (tm_xml_is(c, name))
			return c;
	return NULL;
}

const char *tm_xml_attr(const xmlNode *n, const char *name)
{
	for (const xmlAttr *a = n != NULL ? n->properties : NULL; a != NULL; a = a->next)
		if (strcmp((const char *)a->name, name) == 0)
			return a->children != NULL && a->children->content != NULL
				       ? (const char *)a->children->content
				       : "";
	return NULL;
}
