/*
 * xmlscan.c: a look at raw XML text before libxml2 parses it (see xmlscan.h).
 */
#include <string.h>

#include "xmlscan.h"

/* A position in the text, with its line and the offset the line starts at. */
struct scan {
	const char *xml;
	size_t len, at, line_start;
	long line;
};

/* Moves s to offset to (at most the end), counting the lines passed. */
static void advance(struct scan *s, size_t to)
{
	if (to > s->len)
		to = s->len;
	for (; s->at < to; s->at++)
		if (s->xml[s->at] == '\n') {
			s->line++;
			s->line_start = s->at + 1;
		}
}

/* Whether the text at s's position starts with lit. */
static bool at_lit(const struct scan *s, const char *lit)
{
	size_t n = strlen(lit);
	return s->len - s->at >= n && memcmp(s->xml + s->at, lit, n) == 0;
}

/* Moves s past the first end after its position (to the end of the text when
 * there is none). */
static void skip_past(struct scan *s, const char *end)
{
	size_t n = strlen(end);
	size_t to = s->len;
	for (size_t i = s->at; i + n <= s->len; i++)
		if (memcmp(s->xml + i, end, n) == 0) {
			to = i + n;
			break;
		}
	advance(s, to);
}

/* Moves s past the '>' that closes the markup at its position, reading quoted
 * text as text and, in a declaration (decl), brackets ("<!DOCTYPE q [ ... ]>")
 * as nesting. Returns how many '=' it passed outside quotes: the attributes
 * of a start tag. */
static size_t skip_markup(struct scan *s, bool decl)
{
	size_t equals = 0;
	int depth = 0;
	char quote = '\0';
	size_t i = s->at + 1;
	for (; i < s->len; i++) {
		char c = s->xml[i];
		if (quote != '\0') {
			if (c == quote)
				quote = '\0';
		} else if (c == '"' || c == '\'') {
			quote = c;
		} else if (c == '=') {
			equals++;
		} else if (c == '[' && decl) {
			depth++;
		} else if (c == ']' && depth > 0) {
			depth--;
		} else if (c == '>' && depth == 0) {
			i++;
			break;
		}
	}
	advance(s, i);
	return equals;
}

/* Copies the name of the start tag at offset tag of xml into at->name: its
 * ASCII letters, digits and '_', ':', '.', '-' (a message can show them). */
static void tag_name(const char *xml, size_t len, size_t tag, struct tm_xml_tag_at *at)
{
	size_t n = 0;
	for (size_t i = tag + 1; i < len && n + 1 < sizeof(at->name); i++) {
		char c = xml[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == ':' || c == '.' || c == '-'))
			break;
		at->name[n++] = c;
	}
	at->name[n] = '\0';
}

bool tm_xml_crowded_tag(const char *xml, size_t len, size_t max, struct tm_xml_tag_at *at)
{
	struct scan s = { xml, len, 0, 0, 1 };
	while (s.at < s.len) {
		const char *lt = memchr(xml + s.at, '<', s.len - s.at);
		if (lt == NULL)
			break;
		advance(&s, (size_t)(lt - xml));
		if (at_lit(&s, "<!--")) {
			skip_past(&s, "-->");
		} else if (at_lit(&s, "<![CDATA[")) {
			skip_past(&s, "]]>");
		} else if (at_lit(&s, "<?")) {
			skip_past(&s, "?>");
		} else {
			size_t tag = s.at;
			long line = s.line;
			int column = (int)(s.at - s.line_start) + 1;
			bool decl = s.at + 1 < s.len && xml[s.at + 1] == '!';
			bool start = s.at + 1 < s.len && xml[s.at + 1] != '/' && !decl;
			if (skip_markup(&s, decl) > max && start) {
				tag_name(xml, len, tag, at);
				at->line = line;
				at->column = column;
				return true;
			}
		}
	}
	return false;
}
