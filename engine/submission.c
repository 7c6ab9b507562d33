/*
 * submission.c: a learner's threat list read from a buffer: a YAML document
 * with a `threats:` list of {title, description, stride, severity}, or plain
 * text / Markdown (one threat per line, parsed by the grader).
 */
#include <stdlib.h>
#include <string.h>

#include "tmengine.h"
#include "yamldoc.h"

/* True when the first line that is not blank or a comment starts a YAML
 * document with a top-level `threats:` key. */
static bool looks_like_yaml(const char *buf, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t start = i, end;

		while (i < len && buf[i] != '\n')
			i++;
		end = i++;
		while (start < end && (buf[start] == ' ' || buf[start] == '\t' || buf[start] == '\r'))
			start++;
		if (start == end || buf[start] == '#')
			continue;
		if (end - start >= 3 && memcmp(buf + start, "---", 3) == 0)
			continue;
		return end - start >= 8 && memcmp(buf + start, "threats:", 8) == 0;
	}
	return false;
}

/* Reads a stride value: one name or a list of names. Returns the mask, or 0 and
 * a diagnostic. */
static unsigned read_stride(const char *name, const struct ydoc_node *n, struct tm_diags *diags)
{
	unsigned mask = 0;

	if (n->kind == YDOC_SCALAR) {
		mask = grader_stride_parse(n->value);
		if (mask == 0)
			tm_diags_add(diags, TM_EINVALID, name, n->line, n->column,
				     "unknown stride category '%s'", n->value);
		return mask;
	}
	if (n->kind != YDOC_SEQ) {
		tm_diags_add(diags, TM_EINVALID, name, n->line, n->column,
			     "'stride' must be a category or a list of categories");
		return 0;
	}
	for (size_t i = 0; i < n->count; i++) {
		unsigned bit = 0;

		if (n->items[i]->kind == YDOC_SCALAR)
			bit = grader_stride_parse(n->items[i]->value);
		if (bit == 0) {
			tm_diags_add(diags, TM_EINVALID, name, n->items[i]->line, n->items[i]->column,
				     "unknown stride category '%s'",
				     n->items[i]->kind == YDOC_SCALAR ? n->items[i]->value : "");
			return 0;
		}
		mask |= bit;
	}
	return mask;
}

/* Adds one `threats:` item (a string, or a mapping with title and friends). */
static int add_item(const char *name, const struct ydoc_node *it, struct grader_submission *sub,
		    struct tm_diags *diags)
{
	const struct ydoc_node *title, *desc, *stride, *sev;
	enum grader_severity severity = GRADER_SEV_NONE;
	unsigned mask = 0;
	char *text;
	size_t tl, dl;
	int rc;

	if (it->kind == YDOC_SCALAR)
		return grader_submission_add(sub, it->line, it->value, 0, GRADER_SEV_NONE) ==
		       GRADER_ENOMEM ? TM_ENOMEM : TM_OK;
	if (it->kind != YDOC_MAP)
		return tm_diags_add(diags, TM_EINVALID, name, it->line, it->column,
				    "a threat must be a text or a mapping with a 'title'");
	title = ydoc_get(it, "title");
	desc = ydoc_get(it, "description");
	stride = ydoc_get(it, "stride");
	sev = ydoc_get(it, "severity");
	if (title == NULL || title->kind != YDOC_SCALAR || ydoc_is_null(title))
		return tm_diags_add(diags, TM_EINVALID, name, it->line, it->column,
				    "a threat needs a 'title'");
	if (desc != NULL && desc->kind != YDOC_SCALAR)
		return tm_diags_add(diags, TM_EINVALID, name, desc->line, desc->column,
				    "'description' must be text");
	if (stride != NULL) {
		mask = read_stride(name, stride, diags);
		if (mask == 0)
			return TM_EINVALID;
	}
	if (sev != NULL) {
		severity = sev->kind == YDOC_SCALAR ? grader_severity_parse(sev->value)
						    : GRADER_SEV_NONE;
		if (severity == GRADER_SEV_NONE)
			return tm_diags_add(diags, TM_EINVALID, name, sev->line, sev->column,
					    "unknown severity '%s' (critical, high, medium or low)",
					    sev->kind == YDOC_SCALAR ? sev->value : "");
	}
	tl = strlen(title->value);
	dl = desc != NULL && !ydoc_is_null(desc) ? strlen(desc->value) : 0;
	text = malloc(tl + dl + 3);
	if (text == NULL)
		return tm_diags_add(diags, TM_ENOMEM, name, 0, 0, "out of memory");
	memcpy(text, title->value, tl);
	text[tl] = '\0';
	if (dl > 0) {
		/* the description is part of the answer: one line of text per threat */
		text[tl] = '.';
		text[tl + 1] = ' ';
		memcpy(text + tl + 2, desc->value, dl + 1);
		for (char *p = text; *p != '\0'; p++)
			if (*p == '\n' || *p == '\r')
				*p = ' ';
	}
	rc = grader_submission_add(sub, title->line, text, mask, severity);
	free(text);
	if (rc == GRADER_ENOMEM)
		return tm_diags_add(diags, TM_ENOMEM, name, 0, 0, "out of memory");
	return TM_OK;
}

static int parse_yaml(const char *name, const char *buf, size_t len,
		      struct grader_submission *sub, struct tm_diags *diags)
{
	struct ydoc *doc = NULL;
	const struct ydoc_node *root, *threats;
	int rc = ydoc_parse(name, buf, len, &doc, diags);

	if (rc != TM_OK)
		return rc;
	root = ydoc_root(doc);
	threats = root != NULL ? ydoc_get(root, "threats") : NULL;
	if (threats == NULL || threats->kind != YDOC_SEQ) {
		const struct ydoc_node *at = threats != NULL ? threats : root;

		rc = tm_diags_add(diags, TM_EINVALID, name, at != NULL ? at->line : 1,
				  at != NULL ? at->column : 1, "'threats' must be a list");
		goto cleanup;
	}
	for (size_t i = 0; i < threats->count; i++) {
		if (grader_submission_line_count(sub) >= GRADER_MAX_LINES) {
			rc = tm_diags_add(diags, TM_ELIMIT, name, threats->items[i]->line,
					  threats->items[i]->column,
					  "more than %d threats", GRADER_MAX_LINES);
			goto cleanup;
		}
		rc = add_item(name, threats->items[i], sub, diags);
		if (rc != TM_OK)
			goto cleanup;
	}
cleanup:
	ydoc_free(doc);
	return rc;
}

int tm_submission_parse(const char *name, const char *buf, size_t len,
			struct grader_submission **out, struct tm_diags *diags)
{
	struct grader_submission *sub = grader_submission_new();
	int rc = TM_OK;

	*out = NULL;
	if (name == NULL)
		name = "-";
	if (sub == NULL)
		return tm_diags_add(diags, TM_ENOMEM, name, 0, 0, "out of memory");
	if (looks_like_yaml(buf, len) && memchr(buf, '\0', len) == NULL) {
		rc = parse_yaml(name, buf, len, sub, diags);
	} else if (grader_submission_parse_text(sub, buf, len) == GRADER_ENOMEM) {
		rc = tm_diags_add(diags, TM_ENOMEM, name, 0, 0, "out of memory");
	}
	if (rc != TM_OK) {
		grader_submission_free(sub);
		return rc;
	}
	*out = sub;
	return TM_OK;
}
