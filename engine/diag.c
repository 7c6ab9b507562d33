/*
 * diag.c: status names and the diagnostics list every engine call reports into;
 * text fit for a terminal and the rule for names people give (learner, group, team).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmengine.h"
#include "textchars.h"

static const char *const status_names[TM_STATUS_MAX] = {
	[TM_OK] = "ok",
	[TM_ENOMEM] = "out of memory",
	[TM_EIO] = "input/output error",
	[TM_ESYNTAX] = "syntax error",
	[TM_EINVALID] = "invalid content",
	[TM_ENOTFOUND] = "not found",
	[TM_ELIMIT] = "over a limit",
	[TM_EDB] = "progress database error",
	[TM_EBUSY] = "progress database is locked",
	[TM_EREADONLY] = "progress database is read-only",
	[TM_ECORRUPT] = "progress database is damaged",
	[TM_EUSAGE] = "bad arguments",
	[TM_ETAKEN] = "learn session taken over",
};

const char *tm_strerror(int code)
{
	if (code < 0 || code >= TM_STATUS_MAX || status_names[code] == NULL)
		return "unknown error";
	return status_names[code];
}

void tm_diags_init(struct tm_diags *d)
{
	d->items = NULL;
	d->count = 0;
	d->alloc = 0;
	d->dropped = 0;
	d->dropped_errors = 0;
}

void tm_diags_release(struct tm_diags *d)
{
	for (size_t i = 0; i < d->count; i++) {
		free(d->items[i].file);
		free(d->items[i].text);
	}
	free(d->items);
	tm_diags_init(d);
}

/* Counts a message that is not kept, by kind: a caller that counts errors
 * must not take a dropped warning for one. */
static void drop(struct tm_diags *d, int code)
{
	d->dropped++;
	if (code != TM_OK)
		d->dropped_errors++;
}

/* Appends a diagnostic when d holds fewer than limit. When memory runs out,
 * or the list is full, the message is dropped (and counted in d->dropped,
 * errors also in d->dropped_errors), but the code is still returned so the
 * caller fails. */
static int add_v(struct tm_diags *d, size_t limit, int code, const char *file, int line,
		 int column, const char *fmt, va_list ap)
{
	if (d == NULL)
		return code;
	if (d->count >= limit) {
		drop(d, code);
		return code;
	}
	if (d->count == d->alloc) {
		size_t alloc = d->alloc ? d->alloc * 2 : 8;
		struct tm_error *p = realloc(d->items, alloc * sizeof(*p));
		if (p == NULL) {
			drop(d, code);
			return code;
		}
		d->items = p;
		d->alloc = alloc;
	}
	char text[1024];
	vsnprintf(text, sizeof(text), fmt, ap);
	struct tm_error *e = &d->items[d->count];
	e->code = code;
	e->file = file != NULL ? strdup(file) : NULL;
	e->line = line;
	e->column = column;
	e->text = strdup(text);
	if (e->text == NULL || (file != NULL && e->file == NULL)) {
		free(e->file);
		free(e->text);
		drop(d, code);
		return code;
	}
	d->count++;
	return code;
}

/* Appends a diagnostic; past TM_MAX_DIAGS it is dropped (add_v). */
int tm_diags_add(struct tm_diags *d, int code, const char *file, int line, int column,
		 const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	code = add_v(d, TM_MAX_DIAGS, code, file, line, column, fmt, ap);
	va_end(ap);
	return code;
}

/* Appends a run's closing summary, kept past TM_MAX_DIAGS (up to
 * TM_DIAGS_SUMMARY_ROOM more): the summary says what the dropped messages
 * cannot. */
int tm_diags_add_summary(struct tm_diags *d, int code, const char *file, int line, int column,
			 const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	code = add_v(d, TM_MAX_DIAGS + TM_DIAGS_SUMMARY_ROOM, code, file, line, column, fmt, ap);
	va_end(ap);
	return code;
}

static int compare_errors(const void *pa, const void *pb)
{
	const struct tm_error *a = pa, *b = pb;
	int c = strcmp(a->file ? a->file : "", b->file ? b->file : "");
	if (c != 0)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return (a->column > b->column) - (a->column < b->column);
}

/* Files sort by name; within a file, errors sort by position. */
void tm_diags_sort(struct tm_diags *d)
{
	/* Insertion sort: stable, and lists are capped at TM_MAX_DIAGS. */
	for (size_t i = 1; i < d->count; i++) {
		struct tm_error e = d->items[i];
		size_t j = i;
		while (j > 0 && compare_errors(&d->items[j - 1], &e) > 0) {
			d->items[j] = d->items[j - 1];
			j--;
		}
		d->items[j] = e;
	}
}

char *tm_error_format(const struct tm_error *e, char *buf, size_t size)
{
	if (e->file != NULL && e->line > 0)
		snprintf(buf, size, "%s:%d:%d: %s", e->file, e->line,
			 e->column > 0 ? e->column : 1, e->text);
	else if (e->file != NULL)
		snprintf(buf, size, "%s: %s", e->file, e->text);
	else
		snprintf(buf, size, "%s", e->text);
	return buf;
}

/* ==== Printable text and names ========================================================= */

const char *tm_printable(const char *s, char *buf, size_t size)
{
	const unsigned char *p = (const unsigned char *)(s != NULL ? s : "");
	size_t o = 0;

	if (size == 0)
		return "";
	while (*p != '\0') {
		unsigned cp = 0;
		size_t k = tc_utf8_len((const char *)p);
		bool ok = k > 0;
		if (ok && tc_hidden_len((const char *)p, &cp) == k) {
			ok = false;
			/* a bidi control (U+202E...) would display the text around it
			 * reordered: one '?' for the whole character; C0 and C1
			 * controls one per byte */
			if (cp > 0x9f)
				p += k - 1;
		}
		/* control characters and invalid bytes become '?', one byte at a time */
		const char *from = ok ? (const char *)p : "?";
		size_t take = ok ? k : 1;
		if (o + take >= size)
			break;
		memcpy(buf + o, from, take);
		o += take;
		p += ok ? k : 1;
	}
	buf[o] = '\0';
	return buf;
}

int tm_name_check(const char *what, const char *name, struct tm_diags *diags)
{
	size_t size, at = 0;
	char *shown;
	int status;

	if (name == NULL)
		name = "";
	size = strlen(name) + 1;
	shown = malloc(size);
	if (shown == NULL)
		return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
	/* each byte becomes at most one byte ('?'), so the first difference is
	 * the first byte that cannot be shown */
	tm_printable(name, shown, size);
	while (name[at] != '\0' && name[at] == shown[at])
		at++;
	status = name[at] == '\0' ? TM_OK :
		tm_diags_add(diags, TM_EUSAGE, NULL, 0, 0, "the %s name '%s' has a control "
			     "character or a byte that is not UTF-8 (byte %zu); use letters, "
			     "digits and punctuation", what, shown, at + 1);
	free(shown);
	return status;
}

/* The length of the blank (a space or U+00A0 no-break space) at p, else 0. */
static size_t blank_at(const char *p)
{
	if (p[0] == ' ')
		return 1;
	return (unsigned char)p[0] == 0xc2 && (unsigned char)p[1] == 0xa0 ? 2 : 0;
}

int tm_learner_name_check(const char *name, struct tm_diags *diags)
{
	size_t from = 0, to;
	char *shown;
	int status;

	if (name == NULL || name[0] == '\0')
		return tm_diags_add(diags, TM_EUSAGE, NULL, 0, 0, "the learner name is empty");
	status = tm_name_check("learner", name, diags);
	if (status != TM_OK)
		return status;
	to = strlen(name);
	while (blank_at(name + from) > 0)
		from += blank_at(name + from);
	if (name[from] == '\0')
		return tm_diags_add(diags, TM_EUSAGE, NULL, 0, 0, "the learner name '%s' is only "
				    "blanks; give a name with letters or digits", name);
	for (;;) {
		if (to > from && name[to - 1] == ' ')
			to--;
		else if (to >= from + 2 && blank_at(name + to - 2) == 2)
			to -= 2;
		else
			break;
	}
	if (from == 0 && name[to] == '\0')
		return TM_OK;
	shown = strndup(name + from, to - from);
	if (shown == NULL)
		return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
	status = tm_diags_add(diags, TM_EUSAGE, NULL, 0, 0, "the learner name '%s' %s with a "
			      "blank, which lists do not show; give it without: '%s'", name,
			      from > 0 ? "starts" : "ends", shown);
	free(shown);
	return status;
}
