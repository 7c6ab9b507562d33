/*
 * xmltree.c: building and reading libxml2 trees (see xmltree.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textchars.h"
#include "xmltree.h"

/* Copies s for a tree that cleans its texts (t->clean): a byte that is not
 * UTF-8 (tc_utf8_len) and a character content may not hold
 * (tc_forbidden_or_cr_len: C0 controls, carriage return included, DEL, C1
 * controls, U+FFFE, U+FFFF) becomes U+FFFD; tab and newline stay. The
 * serializer never sees bytes it cannot encode, and a page shows no control
 * character. Caller frees; NULL on ENOMEM. */
static char *clean_text(const char *s)
{
	size_t n = strlen(s), o = 0;
	char *out = malloc(n * 3 + 1);
	unsigned cp;

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < n;) {
		size_t k = tc_utf8_len(s + i);
		if (k > 0 && tc_forbidden_or_cr_len(s + i, &cp) == 0) {
			memcpy(out + o, s + i, k);
			o += k;
			i += k;
			continue;
		}
		memcpy(out + o, "\xef\xbf\xbd", 3);
		o += 3;
		i += k > 0 ? k : 1;
	}
	out[o] = '\0';
	return out;
}

/* text as the tree takes it: a cleaned copy in *copy (the caller frees) when
 * the tree cleans, else text itself. NULL (t->failed set) when out of memory. */
static const char *tree_text(struct tm_xmltree *t, const char *text, char **copy)
{
	*copy = NULL;
	if (text == NULL || !t->clean)
		return text;
	*copy = clean_text(text);
	if (*copy == NULL)
		t->failed = true;
	return *copy;
}

/* fmt and ap printed into a new string (the caller frees); NULL (t->failed
 * set) when out of memory. */
static char *tree_vprintf(struct tm_xmltree *t, const char *fmt, va_list ap)
{
	va_list again;
	char *s = NULL;
	va_copy(again, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	if (n >= 0)
		s = malloc((size_t)n + 1);
	if (s != NULL)
		vsnprintf(s, (size_t)n + 1, fmt, again);
	else
		t->failed = true;
	va_end(again);
	return s;
}

xmlNodePtr tm_xml_el(struct tm_xmltree *t, xmlNodePtr parent, xmlNsPtr ns, const char *name,
		     const char *text)
{
	char *copy;
	if (t->failed || parent == NULL)
		return parent;
	const char *value = tree_text(t, text, &copy);
	if (text != NULL && value == NULL)
		return parent;
	xmlNodePtr n = t->x->new_text_child(parent, ns, BAD_CAST name, BAD_CAST value);
	free(copy);
	if (n == NULL) {
		t->failed = true;
		return parent;
	}
	return n;
}

xmlNodePtr tm_xml_elf(struct tm_xmltree *t, xmlNodePtr parent, xmlNsPtr ns, const char *name,
		      const char *fmt, ...)
{
	va_list ap;
	if (t->failed || parent == NULL)
		return parent;
	va_start(ap, fmt);
	char *text = tree_vprintf(t, fmt, ap);
	va_end(ap);
	if (text == NULL)
		return parent;
	xmlNodePtr n = tm_xml_el(t, parent, ns, name, text);
	free(text);
	return n;
}

void tm_xml_set_attr(struct tm_xmltree *t, xmlNodePtr n, const char *name, const char *value)
{
	char *copy;
	if (t->failed || n == NULL)
		return;
	const char *v = tree_text(t, value, &copy);
	if (value != NULL && v == NULL)
		return;
	if (t->x->set_prop(n, BAD_CAST name, BAD_CAST v) == NULL)
		t->failed = true;
	free(copy);
}

void tm_xml_set_attrf(struct tm_xmltree *t, xmlNodePtr n, const char *name, const char *fmt,
		      ...)
{
	va_list ap;
	if (t->failed || n == NULL)
		return;
	va_start(ap, fmt);
	char *value = tree_vprintf(t, fmt, ap);
	va_end(ap);
	if (value != NULL)
		tm_xml_set_attr(t, n, name, value);
	free(value);
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
