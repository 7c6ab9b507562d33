/*
 * yamldoc.c: YAML files into a small positioned tree (libyaml event API), and
 * schema checks over that tree.
 *
 * Why events rather than yaml_parser_load(): the document API resolves aliases
 * into shared nodes, which hides them; we refuse aliases outright (bounded
 * memory and time for any input), report duplicate keys, and cap depth and node
 * count with a clear message.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "arena.h"
#include "textchars.h"
#include "yamldoc.h"

/* ==== Documents ============================================================= */

struct ydoc {
	char *file;
	struct ydoc_node *root;
	struct tm_arena arena;   /* every node and string of the document */
	size_t nodes;
};

void ydoc_free(struct ydoc *doc)
{
	if (doc == NULL)
		return;
	tm_arena_release(&doc->arena);
	free(doc->file);
	free(doc);
}

const struct ydoc_node *ydoc_root(const struct ydoc *doc)
{
	return doc->root;
}

const char *ydoc_file(const struct ydoc *doc)
{
	return doc->file;
}

/* ==== Building the tree =========================================================== */

/* Growable child lists are kept in malloc'd scratch while a collection is open,
 * then copied into the arena when it closes. */
struct open_node {
	struct ydoc_node *node;
	void *scratch;        /* struct ydoc_node ** or struct ydoc_pair * */
	size_t count, alloc;
	struct ydoc_node *pending_key;  /* mappings: key waiting for its value */
};

struct builder {
	struct ydoc *doc;
	struct open_node stack[YDOC_MAX_DEPTH + 1];
	int depth;
	struct tm_diags *diags;
};

static int line_of(const yaml_mark_t *m)
{
	return (int)m->line + 1;
}

static int column_of(const yaml_mark_t *m)
{
	return (int)m->column + 1;
}

static struct ydoc_node *new_node(struct builder *b, enum ydoc_kind kind,
				  const yaml_mark_t *mark)
{
	if (b->doc->nodes >= YDOC_MAX_NODES) {
		tm_diags_add(b->diags, TM_ELIMIT, b->doc->file, line_of(mark), column_of(mark),
			     "document has more than %d nodes; split it into smaller files",
			     YDOC_MAX_NODES);
		return NULL;
	}
	struct ydoc_node *n = tm_arena_alloc(&b->doc->arena, sizeof(*n));
	if (n == NULL) {
		tm_diags_add(b->diags, TM_ENOMEM, b->doc->file, 0, 0, "out of memory");
		return NULL;
	}
	n->kind = kind;
	n->line = line_of(mark);
	n->column = column_of(mark);
	b->doc->nodes++;
	return n;
}

static int push_child(struct open_node *o, void *elem, size_t elem_size)
{
	if (o->count == o->alloc) {
		size_t alloc = o->alloc ? o->alloc * 2 : 8;
		void *p = realloc(o->scratch, alloc * elem_size);
		if (p == NULL)
			return TM_ENOMEM;
		o->scratch = p;
		o->alloc = alloc;
	}
	memcpy((char *)o->scratch + o->count * elem_size, elem, elem_size);
	o->count++;
	return TM_OK;
}

/* Attaches a finished node to the collection on top of the stack, or makes it
 * the root. */
static int attach(struct builder *b, struct ydoc_node *n)
{
	if (b->depth == 0) {
		b->doc->root = n;
		return TM_OK;
	}
	struct open_node *top = &b->stack[b->depth - 1];
	if (top->node->kind == YDOC_SEQ)
		return push_child(top, &n, sizeof(n));
	if (top->pending_key == NULL) {
		if (n->kind != YDOC_SCALAR)
			return tm_diags_add(b->diags, TM_EINVALID, b->doc->file, n->line, n->column,
					    "mapping keys must be plain text");
		top->pending_key = n;
		return TM_OK;
	}
	struct ydoc_pair pair = { top->pending_key, n };
	top->pending_key = NULL;
	return push_child(top, &pair, sizeof(pair));
}

static int open_collection(struct builder *b, enum ydoc_kind kind, const yaml_mark_t *mark)
{
	if (b->depth >= YDOC_MAX_DEPTH)
		return tm_diags_add(b->diags, TM_ELIMIT, b->doc->file, line_of(mark),
				    column_of(mark), "nesting deeper than %d levels",
				    YDOC_MAX_DEPTH);
	struct ydoc_node *n = new_node(b, kind, mark);
	if (n == NULL)
		return TM_ELIMIT;
	struct open_node *o = &b->stack[b->depth++];
	memset(o, 0, sizeof(*o));
	o->node = n;
	return TM_OK;
}

static int compare_pairs(const void *pa, const void *pb)
{
	const struct ydoc_pair *a = *(const struct ydoc_pair *const *)pa;
	const struct ydoc_pair *b = *(const struct ydoc_pair *const *)pb;
	int c = strcmp(a->key->value, b->key->value);
	if (c != 0)
		return c;
	if (a->key->line != b->key->line)
		return a->key->line < b->key->line ? -1 : 1;
	return (a->key->column > b->key->column) - (a->key->column < b->key->column);
}

/* Reports keys that occur twice in one mapping, at the later occurrence. Sorting
 * keeps this O(n log n) for hostile mappings with many keys. */
static int check_duplicate_keys(struct builder *b, const struct ydoc_node *map)
{
	if (map->count < 2)
		return TM_OK;
	const struct ydoc_pair **sorted = malloc(map->count * sizeof(*sorted));
	if (sorted == NULL)
		return TM_ENOMEM;
	for (size_t i = 0; i < map->count; i++)
		sorted[i] = &map->pairs[i];
	qsort(sorted, map->count, sizeof(*sorted), compare_pairs);
	for (size_t i = 1; i < map->count; i++) {
		if (strcmp(sorted[i]->key->value, sorted[i - 1]->key->value) != 0)
			continue;
		tm_diags_add(b->diags, TM_EINVALID, b->doc->file, sorted[i]->key->line,
			     sorted[i]->key->column, "duplicate key '%s' (first at line %d)",
			     sorted[i]->key->value, sorted[i - 1]->key->line);
	}
	free(sorted);
	return TM_OK;   /* reported, not fatal: the rest of the file is still checked */
}

static int close_collection(struct builder *b)
{
	struct open_node *o = &b->stack[--b->depth];
	struct ydoc_node *n = o->node;
	size_t elem = n->kind == YDOC_SEQ ? sizeof(struct ydoc_node *) : sizeof(struct ydoc_pair);
	int rc = TM_OK;
	if (o->count > 0) {
		void *p = tm_arena_alloc(&b->doc->arena, o->count * elem);
		if (p == NULL) {
			rc = TM_ENOMEM;
			goto cleanup;
		}
		memcpy(p, o->scratch, o->count * elem);
		if (n->kind == YDOC_SEQ)
			n->items = p;
		else
			n->pairs = p;
		n->count = o->count;
	}
	if (n->kind == YDOC_MAP)
		rc = check_duplicate_keys(b, n);
	if (rc == TM_OK)
		rc = attach(b, n);
cleanup:
	free(o->scratch);
	o->scratch = NULL;
	return rc;
}

static int add_scalar(struct builder *b, const yaml_event_t *ev)
{
	struct ydoc_node *n = new_node(b, YDOC_SCALAR, &ev->start_mark);
	if (n == NULL)
		return TM_ELIMIT;
	n->value = tm_arena_strndup(&b->doc->arena, (const char *)ev->data.scalar.value,
				 ev->data.scalar.length);
	if (n->value == NULL)
		return TM_ENOMEM;
	n->len = ev->data.scalar.length;
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	n->escaped = ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	return attach(b, n);
}

/* ==== Parse errors =================================================================== */

/* libyaml's reader errors carry a byte offset only; turn it into line:column. */
static void offset_to_position(const char *buf, size_t len, size_t offset, int *line, int *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < offset && i < len; i++) {
		if (buf[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)buf[i] & 0xC0) != 0x80) {
			(*col)++;
		}
	}
}

/* The offset where line (1-based) starts in buf, or len past the last line. */
static size_t line_start(const char *buf, size_t len, int line)
{
	size_t i = 0;
	for (int l = 1; l < line && i < len; i++)
		if (buf[i] == '\n')
			l++;
	return i;
}

/* Reports every line from the one at `at` on whose indentation holds a tab, at the
 * first tab. libyaml stops at the first; the lines after it are read from the
 * raw text, so that one run names them all. (Lines before it were accepted by
 * libyaml: a tab after the indentation of a block text is text.) The line libyaml
 * stopped at is always reported, at its mark, even when it holds nothing but
 * blanks ("\t" or "\t\r"); a later line of blanks only is passed over (a blank
 * line of a block text may hold tabs). Returns TM_ESYNTAX. */
static int report_tabs(const char *file, const char *buf, size_t len,
		       const yaml_mark_t *at, struct tm_diags *diags)
{
	int from = line_of(at);
	size_t i = line_start(buf, len, from);

	/* libyaml's mark is on the tab it refused, wherever it is on the line */
	tm_diags_add(diags, TM_ESYNTAX, file, from, column_of(at),
		     "tab character where YAML expects spaces; indent with spaces");
	const char *end = memchr(buf + i, '\n', len - i);
	i = end != NULL ? (size_t)(end - buf) + 1 : len;
	for (int line = from + 1; i < len; line++) {
		const char *p = buf + i, *nl = memchr(p, '\n', len - i);
		size_t n = nl != NULL ? (size_t)(nl - p) : len - i, lead = 0;
		while (lead < n && (p[lead] == ' ' || p[lead] == '\t'))
			lead++;   /* buf need not end with a NUL */
		const char *tab = memchr(p, '\t', lead);
		if (tab != NULL && lead < n && p[lead] != '\r')
			tm_diags_add(diags, TM_ESYNTAX, file, line, (int)(tab - p) + 1,
				     "tab character where YAML expects spaces; indent with spaces");
		i += n + 1;
	}
	return TM_ESYNTAX;
}

/* libyaml's problems in plain words, with what to do. Matched by a part of
 * libyaml's text and, where line is set, by how the problem's line starts (a
 * directive's line: the same libyaml text means another mistake there); the
 * first match wins. */
static const struct {
	const char *libyaml, *problem, *advice, *line;
} syntax_problems[] = {
	{ "expected '-' indicator", "expected a '- ' item or the end of the list",
	  "check the indentation of this line against the lines above it", NULL },
	{ "did not find expected key", "expected a 'key:' or the end of the mapping",
	  "check the indentation of this line against the lines above it (the keys of "
	  "one mapping start at the same column)", NULL },
	{ "mapping values are not allowed", "': ' where no key can start",
	  "put quotes around a value that holds ': ' (title: \"Note: read this\"), or "
	  "check the indentation of this line against the line above it", NULL },
	{ "could not find expected ':'", "a key without ':' after it",
	  "write 'key: value', or put quotes around a text that runs over several lines", NULL },
	{ "cannot start any token", "a value cannot start with this character",
	  "put the value in quotes", NULL },
	{ "unexpected end of stream", "the quoted text is never closed",
	  "add the closing quote", NULL },
	{ "document indicator", "a '---' or '...' line inside quoted text",
	  "close the quotes before it", NULL },
	{ "escape", "an unknown escape after '\\' in double quotes",
	  "write '\\\\' for a backslash, or use single quotes", NULL },
	{ "hexdecimal", "an unknown escape after '\\' in double quotes",
	  "write '\\\\' for a backslash, or use single quotes", NULL },
	{ "',' or ']'", "expected ',' or ']'",
	  "close the [ ] list with ']', and separate its items with ','", NULL },
	{ "',' or '}'", "expected ',' or '}'",
	  "close the { } mapping with '}', and separate its entries with ','", NULL },
	{ "expected node content", "a value is missing here",
	  "write the value, in quotes if it starts with a sign such as ',' or ']'", NULL },
	{ "alphabetic or numeric", "'&' and '*' start anchors and aliases, which are not "
	  "supported", "put the value in quotes", NULL },
	{ "tag", "tags ('!name') are not supported",
	  "write the value without one, in quotes if it starts with '!'", NULL },
	{ "indentation indicator", "'|0' or '>0' is not a block text",
	  "write '|' or '>' alone", NULL },
	{ "comment or line break", "text after the %YAML directive",
	  "the line holds only '%YAML 1.1' or '%YAML 1.2'", "%YAML" },
	{ "comment or line break", "text after the %TAG directive",
	  "remove the directive: tmdojo reads plain YAML, without tags", "%TAG" },
	{ "comment or line break", "text after a directive ('%')",
	  "remove the directive", "%" },
	{ "comment or line break", "text after '|' or '>' on its line",
	  "start the block text on the next line", NULL },
	{ "document start", "a second document or a directive ('%')",
	  "keep one document per file, without directives", NULL },
};

/* What libyaml's context says, as where the construct starts. */
static const struct {
	const char *libyaml, *what;
} syntax_contexts[] = {
	{ "block collection", "the list" },
	{ "block mapping", "the mapping" },
	{ "flow sequence", "the [ ] list" },
	{ "flow mapping", "the { } mapping" },
	{ "quoted scalar", "the quoted text" },
	{ "simple key", "the key" },
	{ "block scalar", "the block text" },
	{ "plain scalar", "the text" },
	{ "node", "the value" },
};

/* Whether libyaml's problem at off comes from its 1024-character limit on a
 * key: it then says the ':' is missing or not allowed though it is there, after
 * one key of more than 1024 characters (from the line's first non-blank, or
 * after '- ', to off, with no ': ' in it). */
static bool long_key_at(const char *problem, const char *buf, size_t len, size_t off)
{
	if (strstr(problem, "could not find expected ':'") == NULL &&
	    strstr(problem, "mapping values are not allowed") == NULL)
		return false;
	if (off > len)
		off = len;
	size_t start = off;
	while (start > 0 && buf[start - 1] != '\n')
		start--;
	while (start < off && (buf[start] == ' ' || buf[start] == '-'))
		start++;
	if (off - start <= 1024)
		return false;
	for (size_t i = start; i + 1 < off; i++)
		if (buf[i] == ':' && (buf[i + 1] == ' ' || buf[i + 1] == '\t'))
			return false;
	return true;
}

/* Reports a %YAML directive of a version libyaml does not read (it says only
 * "found incompatible YAML document", at the directive), as the %TAG directive
 * is reported: what it is and what to write instead. */
static int report_yaml_version(const yaml_parser_t *p, const char *file, const char *buf,
			       size_t len, struct tm_diags *diags)
{
	size_t off = p->problem_mark.index, end = off;

	/* the directive as written: printable ASCII up to a comment or the line's end */
	while (end < len && end - off < 40 && buf[end] >= ' ' && buf[end] < 0x7f &&
	       buf[end] != '#')
		end++;
	while (end > off && buf[end - 1] == ' ')
		end--;
	return tm_diags_add(diags, TM_ESYNTAX, file, line_of(&p->problem_mark),
			    column_of(&p->problem_mark), "directive '%.*s' is not supported: use "
			    "%%YAML 1.1 or 1.2, or remove the directive", (int)(end - off), buf + off);
}

/* Whether the line holding offset off of buf starts with text (always when
 * text is NULL). */
static bool line_starts_with(const char *buf, size_t len, size_t off, const char *text)
{
	size_t start = off < len ? off : len, n;

	if (text == NULL)
		return true;
	while (start > 0 && buf[start - 1] != '\n')
		start--;
	n = strlen(text);
	return len - start >= n && memcmp(buf + start, text, n) == 0;
}

/* Reports a libyaml scanner or parser error at the problem's line:column, in
 * plain words with what to do, naming where the enclosing construct starts. */
static int report_syntax_error(const yaml_parser_t *p, const char *file, const char *buf,
			       size_t len, struct tm_diags *diags)
{
	const char *problem = p->problem ? p->problem : "unknown problem";
	if (strstr(problem, "incompatible YAML document") != NULL &&
	    p->problem_mark.index < len && buf[p->problem_mark.index] == '%')
		return report_yaml_version(p, file, buf, len, diags);
	const char *plain = problem, *advice = "check this line against the lines above it";
	const char *where = NULL;
	char context[96] = "", start[48];
	size_t off = p->problem_mark.index;

	for (size_t i = 0; i < sizeof(syntax_problems) / sizeof(syntax_problems[0]); i++)
		if (strstr(problem, syntax_problems[i].libyaml) != NULL &&
		    line_starts_with(buf, len, off, syntax_problems[i].line)) {
			plain = syntax_problems[i].problem;
			advice = syntax_problems[i].advice;
			break;
		}
	for (size_t i = 0; p->context != NULL &&
	     i < sizeof(syntax_contexts) / sizeof(syntax_contexts[0]); i++)
		if (strstr(p->context, syntax_contexts[i].libyaml) != NULL) {
			where = syntax_contexts[i].what;
			break;
		}
	if (where != NULL)
		snprintf(context, sizeof(context), " (in %s that starts at %d:%d)", where,
			 line_of(&p->context_mark), column_of(&p->context_mark));
	if (long_key_at(problem, buf, len, off)) {
		plain = "a key longer than 1024 characters (the YAML reader's limit)";
		advice = "shorten the key to at most 1024 characters";
	}
	if (strstr(problem, "cannot start any token") != NULL && off < len &&
	    buf[off] > ' ' && buf[off] < 0x7f) {
		snprintf(start, sizeof(start), "a value cannot start with '%c'", buf[off]);
		plain = start;
	}
	return tm_diags_add(diags, TM_ESYNTAX, file, line_of(&p->problem_mark),
			    column_of(&p->problem_mark), "yaml syntax error: %s%s: %s", plain,
			    context, advice);
}

/* Reports what libyaml's reader refused: a NUL or control character, or text
 * that is not UTF-8. libyaml points past the byte that starts a broken
 * sequence ("invalid trailing UTF-8 octet" names the byte after it), so the
 * first invalid byte is found again in the raw text. */
static int report_reader_error(const yaml_parser_t *p, const char *file, const char *buf,
			       size_t len, struct tm_diags *diags)
{
	const char *problem = p->problem ? p->problem : "unknown problem";
	size_t first, bad;
	int line, col;

	offset_to_position(buf, len, p->problem_offset, &line, &col);
	if (p->problem_value == 0 && strstr(problem, "control") != NULL)
		return tm_diags_add(diags, TM_ESYNTAX, file, line, col,
				    "NUL byte in file; save it as plain UTF-8 text");
	if (strstr(problem, "control") != NULL)
		return tm_diags_add(diags, TM_ESYNTAX, file, line, col,
				    "a control character (0x%02x) in the text: delete it (text "
				    "holds no control characters but tabs and line breaks)",
				    (unsigned)p->problem_value);
	bad = grader_utf8_invalid(buf, len, &first);
	if (bad == 0)
		first = p->problem_offset < len ? p->problem_offset : len;
	offset_to_position(buf, len, first, &line, &col);
	return tm_diags_add(diags, TM_ESYNTAX, file, line, col,
			    "not UTF-8 text (byte 0x%02x here%s): save the file as UTF-8 "
			    "(e.g. iconv -f latin1 -t utf-8)",
			    first < len ? (unsigned char)buf[first] : 0,
			    bad > 1 ? ", and more further on" : "");
}

static int report_parser_error(const yaml_parser_t *p, const char *file, const char *buf,
			       size_t len, struct tm_diags *diags)
{
	if (p->error == YAML_READER_ERROR)
		return report_reader_error(p, file, buf, len, diags);
	size_t off = p->problem_mark.index;
	if (off < len && buf[off] == '\t')
		return report_tabs(file, buf, len, &p->problem_mark, diags);
	return report_syntax_error(p, file, buf, len, diags);
}

/* ==== The event loop ======================================================================= */

/* The anchor (&name) an event's node carries, or NULL. */
static const char *anchor_of(const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		return (const char *)ev->data.scalar.anchor;
	case YAML_SEQUENCE_START_EVENT:
		return (const char *)ev->data.sequence_start.anchor;
	case YAML_MAPPING_START_EVENT:
		return (const char *)ev->data.mapping_start.anchor;
	default:
		return NULL;
	}
}

/* The tag (!name, !!str) an event's node carries, as written where libyaml
 * expanded it ("!!str" rather than "tag:yaml.org,2002:str"), into buf; NULL
 * when it has none. */
static const char *tag_of(const yaml_event_t *ev, char *buf, size_t size)
{
	static const char core[] = "tag:yaml.org,2002:";
	const char *tag;

	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		tag = (const char *)ev->data.scalar.tag;
		break;
	case YAML_SEQUENCE_START_EVENT:
		tag = (const char *)ev->data.sequence_start.tag;
		break;
	case YAML_MAPPING_START_EVENT:
		tag = (const char *)ev->data.mapping_start.tag;
		break;
	default:
		return NULL;
	}
	if (tag == NULL)
		return NULL;
	if (strncmp(tag, core, sizeof(core) - 1) == 0)
		snprintf(buf, size, "!!%s", tag + sizeof(core) - 1);
	else
		snprintf(buf, size, "%s", tag);
	return buf;
}

/* Attaches a null scalar where an alias stood, so that the mapping it sits in
 * keeps its keys and values paired while the rest of the file is read. */
static int add_placeholder(struct builder *b, const yaml_event_t *ev)
{
	struct ydoc_node *n = new_node(b, YDOC_SCALAR, &ev->start_mark);
	if (n == NULL)
		return TM_ELIMIT;
	n->value = "";
	n->plain = true;
	return attach(b, n);
}

/* Handles one event; returns TM_OK to go on, an error code to stop, or -1 at the
 * end of the stream. An anchor, an alias, a tag or a %TAG directive is reported
 * and reading goes on, as for a duplicate key: the tree is built all the same
 * (an alias as an empty value, a tagged node as if untagged), so that one run
 * names every one of them and the loaders report the file's other errors;
 * they count the reports as errors. Nothing is expanded, so the cost stays
 * that of reading the file. */
static int handle_event(struct builder *b, const yaml_event_t *ev, int *documents)
{
	const char *anchor = anchor_of(ev);
	char tag_buf[128];
	const char *tag = tag_of(ev, tag_buf, sizeof(tag_buf));
	/* a tag asks for a type or an object ('!!python/object') that the content
	 * format does not have: reading past it would drop what the author meant */
	if (tag != NULL) {
		tm_diags_add(b->diags, TM_EINVALID, b->doc->file, line_of(&ev->start_mark),
			     column_of(&ev->start_mark),
			     "tag '%s' is not supported: remove the tag; tmdojo reads plain YAML",
			     tag);
	}
	/* an anchor is only there to be aliased, and aliases are refused: say so
	 * where it is written rather than accept half of the pair */
	if (anchor != NULL) {
		tm_diags_add(b->diags, TM_EINVALID, b->doc->file, line_of(&ev->start_mark),
			     column_of(&ev->start_mark),
			     "anchors ('&%s') are not supported; write the value out", anchor);
	}
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++*documents > 1)
			return tm_diags_add(b->diags, TM_ESYNTAX, b->doc->file,
					    line_of(&ev->start_mark), column_of(&ev->start_mark),
					    "more than one YAML document in the file; keep one");
		/* a %TAG directive only serves tags, which are refused: say so even
		 * when no node uses it (libyaml has checked %YAML: 1.1 or 1.2) */
		for (yaml_tag_directive_t *t = ev->data.document_start.tag_directives.start;
		     t != NULL && t < ev->data.document_start.tag_directives.end; t++) {
			tm_diags_add(b->diags, TM_EINVALID, b->doc->file, line_of(&ev->start_mark),
				     column_of(&ev->start_mark),
				     "directive '%%TAG %s %s' is not supported: remove it; tmdojo "
				     "reads plain YAML", (const char *)t->handle,
				     (const char *)t->prefix);
			}
		return TM_OK;
	case YAML_ALIAS_EVENT:
		tm_diags_add(b->diags, TM_EINVALID, b->doc->file, line_of(&ev->start_mark),
			     column_of(&ev->start_mark),
			     "aliases ('*%s') are not supported; write the value out",
			     (const char *)ev->data.alias.anchor);
		return add_placeholder(b, ev);
	case YAML_SCALAR_EVENT:
		return add_scalar(b, ev);
	case YAML_SEQUENCE_START_EVENT:
		return open_collection(b, YDOC_SEQ, &ev->start_mark);
	case YAML_MAPPING_START_EVENT:
		return open_collection(b, YDOC_MAP, &ev->start_mark);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return close_collection(b);
	case YAML_STREAM_END_EVENT:
		return -1;
	default:
		return TM_OK;
	}
}

int ydoc_parse(const char *file, const char *buf, size_t len, struct ydoc **out,
	       struct tm_diags *diags)
{
	yaml_parser_t parser;
	struct builder b;
	int rc = TM_OK, documents = 0;
	size_t reported = diags != NULL ? diags->count : 0;
	yaml_mark_t failed_at = { 0, 0, 0 };

	*out = NULL;
	memset(&b, 0, sizeof(b));
	b.diags = diags;
	b.doc = calloc(1, sizeof(*b.doc));
	if (b.doc != NULL)
		b.doc->file = strdup(file);
	if (b.doc == NULL || b.doc->file == NULL) {
		free(b.doc);
		return tm_diags_add(diags, TM_ENOMEM, file, 0, 0, "out of memory");
	}
	const char *utf16 = tc_utf16(buf, len);
	if (utf16 != NULL) {
		/* libyaml would read it; content is UTF-8 (docs/FORMAT.md) */
		ydoc_free(b.doc);
		return tm_diags_add(diags, TM_ESYNTAX, file, 1, 1,
				    "this is UTF-16 text: save the file as UTF-8 (e.g. iconv -f "
				    "%s -t utf-8)", utf16);
	}
	if (!yaml_parser_initialize(&parser)) {
		ydoc_free(b.doc);
		return tm_diags_add(diags, TM_ENOMEM, file, 0, 0, "out of memory");
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	for (;;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&parser, &ev)) {
			rc = report_parser_error(&parser, file, buf, len, diags);
			failed_at = parser.problem_mark;
			goto cleanup;
		}
		int step = handle_event(&b, &ev, &documents);
		failed_at = ev.start_mark;
		yaml_event_delete(&ev);
		if (step == -1) {
			rc = TM_OK;
			break;
		}
		if (step != TM_OK) {
			rc = step;
			goto cleanup;
		}
	}
cleanup:
	while (b.depth > 0)
		free(b.stack[--b.depth].scratch);
	yaml_parser_delete(&parser);
	if (rc != TM_OK && diags != NULL && diags->count == reported)
		/* a failure always says why: callers print the list, not the code */
		tm_diags_add(diags, rc, file, line_of(&failed_at), column_of(&failed_at),
			     "cannot read this YAML file (%s)", tm_strerror(rc));
	if (rc != TM_OK) {
		ydoc_free(b.doc);
		return rc;
	}
	*out = b.doc;
	return TM_OK;
}

int ydoc_load(const char *path, struct ydoc **out, struct tm_diags *diags)
{
	char *buf = NULL;
	size_t len = 0;
	*out = NULL;
	int rc = tm_read_file(path, TM_MAX_FILE_BYTES, &buf, &len, diags);
	if (rc != TM_OK)
		return rc;
	rc = ydoc_parse(path, buf, len, out, diags);
	free(buf);
	return rc;
}

/* ==== Lookups and conversions ==================================================================== */

const struct ydoc_node *ydoc_get(const struct ydoc_node *map, const char *key)
{
	if (map == NULL || map->kind != YDOC_MAP)
		return NULL;
	for (size_t i = 0; i < map->count; i++)
		if (strcmp(map->pairs[i].key->value, key) == 0)
			return map->pairs[i].value;
	return NULL;
}

bool ydoc_is_null(const struct ydoc_node *n)
{
	return n == NULL || (n->kind == YDOC_SCALAR && n->plain &&
			     (n->len == 0 || strcmp(n->value, "~") == 0 ||
			      strcasecmp(n->value, "null") == 0));
}

bool ydoc_is_blank(const struct ydoc_node *n)
{
	if (ydoc_is_null(n))
		return true;
	return n->kind == YDOC_SCALAR && n->value[strspn(n->value, " \t\r\n")] == '\0';
}

bool ydoc_to_long(const struct ydoc_node *n, long *out)
{
	if (n == NULL || n->kind != YDOC_SCALAR || n->len == 0)
		return false;
	char *end;
	errno = 0;
	long v = strtol(n->value, &end, 10);
	if (errno != 0 || *end != '\0' || end == n->value)
		return false;
	*out = v;
	return true;
}

bool ydoc_to_double(const struct ydoc_node *n, double *out)
{
	if (n == NULL || n->kind != YDOC_SCALAR || n->len == 0)
		return false;
	char *end;
	errno = 0;
	double v = strtod(n->value, &end);
	if (errno != 0 || *end != '\0' || end == n->value || !isfinite(v))
		return false;
	*out = v;
	return true;
}

bool ydoc_to_bool(const struct ydoc_node *n, bool *out)
{
	if (n == NULL || n->kind != YDOC_SCALAR)
		return false;
	if (strcasecmp(n->value, "true") == 0)
		*out = true;
	else if (strcasecmp(n->value, "false") == 0)
		*out = false;
	else
		return false;
	return true;
}

/* ==== Suggestions ==================================================================================== */

/* Edits from a to b (insert, delete, replace a letter; with swaps, swapping
 * two neighbouring letters too: the optimal string alignment distance),
 * capped at cap; cap for texts over 64 bytes. Three rows: i - 2 for swaps. */
static size_t edit_distance(const char *a, const char *b, size_t cap, bool swaps)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return cap;
	size_t rows[3][65], *before = rows[0], *prev = rows[1], *cur = rows[2];
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
			size_t best = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
			if (swaps && i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    before[j - 2] + 1 < best)
				best = before[j - 2] + 1;
			cur[j] = best;
		}
		size_t *oldest = before;
		before = prev;
		prev = cur;
		cur = oldest;
	}
	return prev[lb] < cap ? prev[lb] : cap;
}

size_t tm_edit_distance(const char *a, const char *b, size_t cap)
{
	return edit_distance(a, b, cap, false);
}

/* Copies s lowercased (ASCII) into buf of 66 bytes; a longer s is cut past the
 * 64 characters tm_edit_distance() measures, so that it stays too long. */
static const char *lower_copy(const char *s, char buf[66])
{
	size_t i = 0;
	for (; s[i] != '\0' && i < 65; i++)
		buf[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] - 'A' + 'a') : s[i];
	buf[i] = '\0';
	return buf;
}

/* Case does not count as a difference: 'READ' is 'read' written in capitals,
 * and is suggested as surely as 'Read' is; a swap of two neighbouring letters
 * is one edit ("hihg" is one from "high"), for suggestions only: what grading
 * measures (tm_edit_distance) stays Levenshtein. */
const char *ydoc_suggest(const char *word, const char *const *candidates)
{
	const char *best = NULL;
	size_t best_d = SIZE_MAX;
	size_t len = strlen(word);
	size_t limit = len <= 4 ? 1 : len <= 8 ? 2 : 3;
	char lw[66], lc[66];

	lower_copy(word, lw);
	for (size_t i = 0; candidates[i] != NULL; i++) {
		size_t d = edit_distance(lw, lower_copy(candidates[i], lc), limit + 1, true);
		if (d < best_d) {
			best_d = d;
			best = candidates[i];
		}
	}
	return best_d <= limit ? best : NULL;
}

const char *tm_suggest(const char *word, const char *const *candidates)
{
	return ydoc_suggest(word, candidates);
}

/* ==== Schema checks ===================================================================================== */

static const char *type_name(enum ydoc_type t)
{
	switch (t) {
	case YT_STRING: return "text";
	case YT_SCALAR: return "a value";
	case YT_INT: return "a whole number";
	case YT_NUMBER: return "a number";
	case YT_BOOL: return "true or false";
	case YT_LIST: return "a list";
	case YT_STRLIST: return "a list of text items";
	case YT_MAP: return "a mapping";
	default: return "a value";
	}
}

static const char *kind_name(const struct ydoc_node *n)
{
	if (n->kind == YDOC_SEQ)
		return "a list";
	if (n->kind == YDOC_MAP)
		return "a mapping";
	return ydoc_is_null(n) ? "empty" : "text";
}

static int type_error(const char *file, const struct ydoc_node *v, enum ydoc_type t,
		      const char *key, struct tm_diags *diags)
{
	tm_diags_add(diags, TM_EINVALID, file, v->line, v->column,
		     "'%s' must be %s, not %s", key, type_name(t), kind_name(v));
	return 1;
}

static int check_strlist(const char *file, const struct ydoc_node *v, const char *key,
			 struct tm_diags *diags)
{
	int errors = 0;
	for (size_t i = 0; i < v->count; i++) {
		const struct ydoc_node *it = v->items[i];
		if (it->kind == YDOC_SCALAR && ydoc_is_blank(it))
			tm_diags_add(diags, TM_EINVALID, file, it->line, it->column,
				     "an item of '%s' is empty: write it, or delete it", key);
		else if (it->kind != YDOC_SCALAR)
			tm_diags_add(diags, TM_EINVALID, file, it->line, it->column,
				     "items of '%s' must be text, not %s", key, kind_name(it));
		else
			continue;
		errors++;
	}
	return errors;
}

int ydoc_check_type(const char *file, const struct ydoc_node *v, enum ydoc_type type,
		    const char *key, struct tm_diags *diags)
{
	long l;
	double d;
	bool b;
	switch (type) {
	case YT_ANY:
		return 0;
	case YT_STRING:
	case YT_SCALAR:
		if (v->kind != YDOC_SCALAR)
			return type_error(file, v, type, key, diags);
		if (ydoc_is_blank(v)) {
			tm_diags_add(diags, TM_EINVALID, file, v->line, v->column,
				     "'%s' is empty: write it", key);
			return 1;
		}
		return 0;
	case YT_INT:
		return ydoc_to_long(v, &l) ? 0 : type_error(file, v, type, key, diags);
	case YT_NUMBER:
		return ydoc_to_double(v, &d) ? 0 : type_error(file, v, type, key, diags);
	case YT_BOOL:
		return ydoc_to_bool(v, &b) ? 0 : type_error(file, v, type, key, diags);
	case YT_LIST:
		return v->kind == YDOC_SEQ ? 0 : type_error(file, v, type, key, diags);
	case YT_STRLIST:
		if (v->kind != YDOC_SEQ)
			return type_error(file, v, type, key, diags);
		return check_strlist(file, v, key, diags) > 0;
	case YT_MAP:
		return v->kind == YDOC_MAP ? 0 : type_error(file, v, type, key, diags);
	}
	return 0;
}

static const struct ydoc_field *find_field(const struct ydoc_field *fields, const char *name)
{
	for (size_t i = 0; fields[i].name != NULL; i++)
		if (strcmp(fields[i].name, name) == 0)
			return &fields[i];
	return NULL;
}

/* The field an unknown key most likely meant ("severty" is severity), or NULL. */
static const char *meant_field(const char *key, const struct ydoc_field *fields)
{
	const char *names[64];
	size_t n = 0;
	for (size_t i = 0; fields[i].name != NULL && n < 63; i++)
		names[n++] = fields[i].name;
	names[n] = NULL;
	return ydoc_suggest(key, names);
}

static int report_unknown_key(const char *file, const struct ydoc_node *key,
			      const struct ydoc_field *fields, const char *what,
			      struct tm_diags *diags)
{
	const char *s = meant_field(key->value, fields);
	if (strcmp(key->value, "<<") == 0)
		/* libyaml reads it as a plain key; the keys it would bring in are
		 * missing, which says nothing more */
		tm_diags_add(diags, TM_EINVALID, file, key->line, key->column,
			     "YAML merge keys (<<) are not supported: write the keys out");
	else if (s != NULL)
		tm_diags_add(diags, TM_EINVALID, file, key->line, key->column,
			     "unknown key '%s' in %s; did you mean '%s'?", key->value, what, s);
	else
		tm_diags_add(diags, TM_EINVALID, file, key->line, key->column,
			     "unknown key '%s' in %s", key->value, what);
	return 1;
}

/* Whether the missing field name was reported already, as what an unknown key
 * of node meant ("did you mean 'severity'?"), or is one a merge key ("<<")
 * would have brought in: one mistake, one message. */
static bool missing_explained(const struct ydoc_node *node, const struct ydoc_field *fields,
			      const char *name)
{
	for (size_t i = 0; i < node->count; i++) {
		const char *key = node->pairs[i].key->value;
		if (find_field(fields, key) != NULL)
			continue;
		const char *meant = meant_field(key, fields);
		if (strcmp(key, "<<") == 0 || (meant != NULL && strcmp(meant, name) == 0))
			return true;
	}
	return false;
}

int ydoc_check_map(const char *file, const struct ydoc_node *node,
		   const struct ydoc_field *fields, const char *what, struct tm_diags *diags)
{
	int errors = 0;
	if (node->kind != YDOC_MAP) {
		tm_diags_add(diags, TM_EINVALID, file, node->line, node->column,
			     "%s must be a mapping of keys to values, not %s", what,
			     kind_name(node));
		return 1;
	}
	for (size_t i = 0; i < node->count; i++) {
		const struct ydoc_pair *p = &node->pairs[i];
		const struct ydoc_field *f = find_field(fields, p->key->value);
		if (f == NULL) {
			errors += report_unknown_key(file, p->key, fields, what, diags);
			continue;
		}
		/* an optional key left null is absent; quoted blanks ("", " ") are
		 * reported by the type check as empty */
		if (!f->required && ydoc_is_null(p->value))
			continue;
		errors += ydoc_check_type(file, p->value, f->type, f->name, diags);
		if (f->required && (f->type == YT_LIST || f->type == YT_STRLIST) &&
		    p->value->kind == YDOC_SEQ && p->value->count == 0) {
			tm_diags_add(diags, TM_EINVALID, file, p->value->line, p->value->column,
				     "'%s' must not be empty", f->name);
			errors++;
		}
	}
	for (size_t i = 0; fields[i].name != NULL; i++) {
		if (!fields[i].required || ydoc_get(node, fields[i].name) != NULL)
			continue;
		if (missing_explained(node, fields, fields[i].name))
			continue;
		tm_diags_add(diags, TM_EINVALID, file, node->line, node->column,
			     "%s is missing required key '%s'", what, fields[i].name);
		errors++;
	}
	return errors;
}
