/*
 * submission.c: a learner's threat list read from a buffer: a YAML document
 * with a `threats:` list of {title, description, stride, severity}, or plain
 * text / Markdown (one threat per line, parsed by the grader).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "textchars.h"
#include "tmengine.h"
#include "yamldoc.h"

/* The line and column (1-based, in bytes) of offset off in buf. */
static void position_of(const char *buf, size_t off, int *line, int *column)
{
	size_t start = 0;

	*line = 1;
	for (size_t i = 0; i < off; i++)
		if (buf[i] == '\n') {
			(*line)++;
			start = i + 1;
		}
	*column = (int)(off - start) + 1;
}

/* Whether the line [p, end) starts at column 1 with a mapping key ("name:"
 * followed by a blank or the end of the line). */
static bool is_top_key(const char *p, const char *end, const char *key)
{
	size_t n = key != NULL ? strlen(key) : 0;

	if (key == NULL) {
		if (p == end || !(isalpha((unsigned char)*p) || *p == '_'))
			return false;
		while (p < end && (isalnum((unsigned char)*p) || *p == '_' || *p == '-'))
			p++;
	} else {
		if ((size_t)(end - p) < n || memcmp(p, key, n) != 0)
			return false;
		p += n;
	}
	if (p == end || *p != ':')
		return false;
	p++;
	return p == end || *p == ' ' || *p == '\t' || *p == '\r';
}

/* True when the text is a YAML mapping (h: the line number and text of its
 * first key line, which made it so): its first line that is not blank, a
 * comment, a %TAG or %YAML directive or "---" starts with a key at column 1 ("threats:", "exercise:"),
 * and some line holds the top-level key `threats:`. A byte order mark may
 * come first. A text list whose first line is "Spoofing: ..." has no
 * `threats:` line, so it stays text. */
struct heading {
	int line;
	const char *text;   /* borrowed from the submission; not NUL-terminated */
	int len;
};

static bool yaml_heading(const char *buf, size_t len, struct heading *h)
{
	size_t i = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	bool first = true;
	int line = 0;

	memset(h, 0, sizeof(*h));
	while (i < len) {
		const char *p = buf + i, *nl = memchr(p, '\n', len - i);
		const char *end = nl != NULL ? nl : buf + len;

		i = (size_t)(end - buf) + 1;
		line++;
		if (first) {
			const char *q = p;

			while (q < end && (*q == ' ' || *q == '\t' || *q == '\r'))
				q++;
			if (q == end || *q == '#' || (end - q >= 3 && memcmp(q, "---", 3) == 0))
				continue;
			/* a directive: the YAML parser reads it (and refuses %TAG) */
			if (q == p && ((end - q >= 5 && memcmp(q, "%TAG ", 5) == 0) ||
				       (end - q >= 6 && memcmp(q, "%YAML ", 6) == 0)))
				continue;
			if (!is_top_key(p, end, NULL))
				return false;
			first = false;
			h->line = line;
			h->text = p;
			h->len = (int)(end - p > 60 ? 60 : end > p && end[-1] == '\r' ?
				       end - p - 1 : end - p);
		}
		if (is_top_key(p, end, "threats"))
			return true;
	}
	return false;
}

bool tm_submission_is_yaml(const char *buf, size_t len)
{
	struct heading h;
	return yaml_heading(buf, len, &h);
}

/* Refuses what is not UTF-8 text: UTF-16 (a byte order mark or NUL bytes),
 * binary files (NUL bytes), and text in another encoding (more than one byte
 * in a hundred not UTF-8). A few stray bytes are replaced, not refused. */
int tm_submission_check_encoding(const char *name, const char *buf, size_t len,
				 struct tm_diags *diags)
{
	const char *nul = memchr(buf, '\0', len);
	const char *utf16 = tc_utf16(buf, len);
	size_t first, bad;
	int line, column;

	if (utf16 != NULL)
		return tm_diags_add(diags, TM_EINVALID, name, 1, 1,
				    "this is UTF-16 text: save the threat list as UTF-8 "
				    "(e.g. iconv -f %s -t utf-8)", utf16);
	if (nul != NULL) {
		position_of(buf, (size_t)(nul - buf), &line, &column);
		return tm_diags_add(diags, TM_EINVALID, name, line, column,
				    "a NUL byte: this is not a text file; save the threat list "
				    "as UTF-8 text");
	}
	bad = grader_utf8_invalid(buf, len, &first);
	if (bad > 0 && bad * 100 > len) {
		position_of(buf, first, &line, &column);
		return tm_diags_add(diags, TM_EINVALID, name, line, column,
				    "not UTF-8 text (%zu invalid byte%s, the first here): save the "
				    "threat list as UTF-8 (e.g. iconv -f latin1 -t utf-8)", bad,
				    bad == 1 ? "" : "s");
	}
	return TM_OK;
}

/* Whether s holds nothing but blanks (spaces, tabs, line breaks). */
static bool is_blank(const char *s)
{
	return s[strspn(s, " \t\r\n")] == '\0';
}

static const char *const stride_names[] = {
	"spoofing", "tampering", "repudiation", "information-disclosure",
	"denial-of-service", "elevation-of-privilege", NULL,
};

static const char *const severity_names[] = { "critical", "high", "medium", "low", NULL };

/* Reports a STRIDE category the grader does not know, with the closest name
 * when there is one, and the names to use. */
static void unknown_stride(const char *name, const struct ydoc_node *n, struct tm_diags *diags)
{
	const char *text = n->kind == YDOC_SCALAR ? n->value : "";
	const char *s = n->kind == YDOC_SCALAR ? ydoc_suggest(text, stride_names) : NULL;

	if (s != NULL)
		tm_diags_add(diags, TM_EINVALID, name, n->line, n->column,
			     "unknown STRIDE category '%s': did you mean '%s'? (use spoofing, "
			     "tampering, repudiation, information-disclosure, denial-of-service "
			     "or elevation-of-privilege)", text, s);
	else
		tm_diags_add(diags, TM_EINVALID, name, n->line, n->column,
			     "unknown STRIDE category '%s': use spoofing, tampering, repudiation, "
			     "information-disclosure, denial-of-service or elevation-of-privilege "
			     "(or S, T, R, I, D, E)", text);
}

/* Reads a stride value: one name or a list of names. Returns the mask; every
 * problem goes to diags (*bad counts them). */
static unsigned read_stride(const char *name, const struct ydoc_node *n, struct tm_diags *diags,
			    int *bad)
{
	unsigned mask = 0;

	if (n->kind == YDOC_SCALAR) {
		mask = grader_stride_parse(n->value);
		if (mask == 0) {
			unknown_stride(name, n, diags);
			(*bad)++;
		}
		return mask;
	}
	if (n->kind != YDOC_SEQ) {
		tm_diags_add(diags, TM_EINVALID, name, n->line, n->column,
			     "'stride' must be a category or a list of categories");
		(*bad)++;
		return 0;
	}
	if (n->count == 0) {
		tm_diags_add(diags, TM_EINVALID, name, n->line, n->column,
			     "'stride' is an empty list: name a category, or leave 'stride' out");
		(*bad)++;
	}
	for (size_t i = 0; i < n->count; i++) {
		unsigned bit = 0;

		if (n->items[i]->kind == YDOC_SCALAR)
			bit = grader_stride_parse(n->items[i]->value);
		if (bit == 0) {
			unknown_stride(name, n->items[i], diags);
			(*bad)++;
		}
		mask |= bit;
	}
	return mask;
}

/* Reads a severity; reports an unknown one (*bad counts it). */
static enum grader_severity read_severity(const char *name, const struct ydoc_node *n,
					  struct tm_diags *diags, int *bad)
{
	const char *text = n->kind == YDOC_SCALAR ? n->value : "";
	enum grader_severity sev = n->kind == YDOC_SCALAR ? grader_severity_parse(text)
							  : GRADER_SEV_NONE;
	const char *s;

	if (sev != GRADER_SEV_NONE)
		return sev;
	(*bad)++;
	s = n->kind == YDOC_SCALAR ? ydoc_suggest(text, severity_names) : NULL;
	if (s != NULL)
		tm_diags_add(diags, TM_EINVALID, name, n->line, n->column,
			     "unknown severity '%s': did you mean '%s'? (use critical, high, "
			     "medium or low)", text, s);
	else
		tm_diags_add(diags, TM_EINVALID, name, n->line, n->column,
			     "unknown severity '%s': use critical, high, medium or low", text);
	return GRADER_SEV_NONE;
}

/* One `threats:` item read from a mapping; bad counts its problems. */
struct item {
	const struct ydoc_node *title, *desc;
	unsigned stride;
	enum grader_severity severity;
	int bad;
};

/* Reads a mapping item's fields in file order, so that its problems are
 * reported in line order; unknown keys are left alone (other tools may add
 * their own). */
static void read_fields(const char *name, const struct ydoc_node *it, struct item *r,
			const struct heading *h, struct tm_diags *diags)
{
	bool known = false;

	for (size_t i = 0; i < it->count; i++) {
		const char *key = it->pairs[i].key->value;
		const struct ydoc_node *v = it->pairs[i].value;

		known = known || strcmp(key, "title") == 0 || strcmp(key, "description") == 0 ||
			strcmp(key, "stride") == 0 || strcmp(key, "severity") == 0;

		if (strcmp(key, "title") == 0) {
			r->title = v;
			if (v->kind != YDOC_SCALAR) {
				tm_diags_add(diags, TM_EINVALID, name, v->line, v->column,
					     "'title' must be text");
				r->bad++;
			} else if (ydoc_is_blank(v)) {
				tm_diags_add(diags, TM_EINVALID, name, v->line, v->column,
					     "the title is empty: write the threat, or delete the item");
				r->bad++;
			}
		} else if (strcmp(key, "description") == 0) {
			r->desc = v;
			if (v->kind != YDOC_SCALAR) {
				tm_diags_add(diags, TM_EINVALID, name, v->line, v->column,
					     "'description' must be text");
				r->bad++;
			}
		} else if (strcmp(key, "stride") == 0) {
			r->stride = read_stride(name, v, diags, &r->bad);
		} else if (strcmp(key, "severity") == 0) {
			r->severity = read_severity(name, v, diags, &r->bad);
		}
	}
	if (r->title == NULL && !known && it->count == 1) {
		/* a plain list under a 'threats:' heading: "card testing: stolen cards" is
		 * one key and value; an item of several keys was written as YAML */
		tm_diags_add(diags, TM_EINVALID, name, it->line, it->column,
			     "'%.*s: ...' is read as a YAML key and value, not as a threat, because "
			     "the file is read as YAML: its line %d is '%.*s'; put the threat in "
			     "quotes (- \"%.*s: ...\"), or, for a plain list, change that heading "
			     "(# Threats) or leave it out", tc_prefix(it->pairs[0].key->value, 40),
			     it->pairs[0].key->value, h->line, h->len, h->text,
			     tc_prefix(it->pairs[0].key->value, 40), it->pairs[0].key->value);
		r->bad++;
	} else if (r->title == NULL) {
		tm_diags_add(diags, TM_EINVALID, name, it->line, it->column,
			     "a threat needs a 'title'");
		r->bad++;
	}
}

/* Adds one `threats:` item (a string, or a mapping with title and friends).
 * Returns TM_OK, TM_EINVALID after reporting every problem of the item, or
 * TM_ENOMEM. */
static int add_item(const char *name, const struct ydoc_node *it, const struct heading *h,
		    struct grader_submission *sub, struct tm_diags *diags)
{
	struct item r;
	char *text;
	size_t tl, dl;
	int rc;

	if (it->kind == YDOC_SCALAR && is_blank(it->value))
		return tm_diags_add(diags, TM_EINVALID, name, it->line, it->column,
				    "an empty threat: write it, or delete the item");
	if (it->kind == YDOC_SCALAR)
		return grader_submission_add(sub, it->line, it->value, 0, GRADER_SEV_NONE) ==
		       GRADER_ENOMEM ? TM_ENOMEM : TM_OK;
	if (it->kind != YDOC_MAP)
		return tm_diags_add(diags, TM_EINVALID, name, it->line, it->column,
				    "a threat must be a text or a mapping with a 'title'");
	memset(&r, 0, sizeof(r));
	r.severity = GRADER_SEV_NONE;
	read_fields(name, it, &r, h, diags);
	if (r.bad > 0)
		return TM_EINVALID;
	tl = strlen(r.title->value);
	dl = r.desc != NULL && !ydoc_is_null(r.desc) ? strlen(r.desc->value) : 0;
	text = malloc(tl + dl + 3);
	if (text == NULL)
		return tm_diags_add(diags, TM_ENOMEM, name, 0, 0, "out of memory");
	memcpy(text, r.title->value, tl);
	text[tl] = '\0';
	if (dl > 0) {
		/* the description is part of the answer: one line of text per threat */
		text[tl] = '.';
		text[tl + 1] = ' ';
		memcpy(text + tl + 2, r.desc->value, dl + 1);
		for (char *p = text; *p != '\0'; p++)
			if (*p == '\n' || *p == '\r')
				*p = ' ';
	}
	rc = grader_submission_add(sub, r.title->line, text, r.stride, r.severity);
	free(text);
	if (rc == GRADER_ENOMEM)
		return tm_diags_add(diags, TM_ENOMEM, name, 0, 0, "out of memory");
	return TM_OK;
}

/* Puts the diagnostics from index from on in line order (the parser reports
 * duplicate keys as their mappings close, before the items are read).
 * Insertion sort: stable, and diagnostics are capped. */
static void sort_from(struct tm_diags *diags, size_t from)
{
	for (size_t i = from + 1; i < diags->count; i++) {
		struct tm_error e = diags->items[i];
		size_t j = i;

		while (j > from && (diags->items[j - 1].line > e.line ||
				    (diags->items[j - 1].line == e.line &&
				     diags->items[j - 1].column > e.column))) {
			diags->items[j] = diags->items[j - 1];
			j--;
		}
		diags->items[j] = e;
	}
}

/* Reads every item of the `threats:` list; a learner sees every problem of the
 * file at once, in line order. */
static int parse_yaml(const char *name, const char *buf, size_t len,
		      const struct heading *h, struct grader_submission *sub,
		      struct tm_diags *diags)
{
	struct ydoc *doc = NULL;
	const struct ydoc_node *root, *threats;
	size_t reported = diags->count;
	int rc = ydoc_parse(name, buf, len, &doc, diags);
	bool invalid;

	if (rc == TM_ESYNTAX) {
		/* a plain list with a 'threats:' heading and a line holding ': ' */
		tm_diags_add(diags, TM_ESYNTAX, name, h->line, 1, "the file is read as YAML because "
			     "its line %d is '%.*s': put a threat that holds ': ' in quotes, or, "
			     "for a plain list, change that heading (# Threats) or leave it out",
			     h->line, h->len, h->text);
		return rc;
	}
	if (rc != TM_OK)
		return rc;
	/* duplicate keys: which of the two did the learner mean? */
	invalid = diags->count > reported;
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
		rc = add_item(name, threats->items[i], h, sub, diags);
		if (rc == TM_EINVALID)
			invalid = true;
		else if (rc != TM_OK)
			goto cleanup;
	}
	rc = invalid ? TM_EINVALID : TM_OK;
cleanup:
	sort_from(diags, reported);
	ydoc_free(doc);
	return rc;
}

int tm_submission_parse(const char *name, const char *buf, size_t len,
			struct grader_submission **out, struct tm_diags *diags)
{
	struct heading h;
	struct grader_submission *sub = grader_submission_new();
	int rc = TM_OK;

	*out = NULL;
	if (name == NULL)
		name = "-";
	if (sub == NULL)
		return tm_diags_add(diags, TM_ENOMEM, name, 0, 0, "out of memory");
	rc = tm_submission_check_encoding(name, buf, len, diags);
	if (rc == TM_OK && yaml_heading(buf, len, &h))
		rc = parse_yaml(name, buf, len, &h, sub, diags);
	else if (rc == TM_OK && grader_submission_parse_text(sub, buf, len) == GRADER_ENOMEM)
		rc = tm_diags_add(diags, TM_ENOMEM, name, 0, 0, "out of memory");
	if (rc != TM_OK) {
		grader_submission_free(sub);
		return rc;
	}
	*out = sub;
	return TM_OK;
}
