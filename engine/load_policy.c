/*
 * load_policy.c: the content root's policy.yaml, the organization's
 * remediation policy (a due window per severity) that learn shows at an
 * exercise's remediation step. Without the file, the common default the Live
 * course teaches (courses/live/05-remediation.yaml, "Severity sets the clock").
 */
#include <stdio.h>
#include <string.h>

#include "load_internal.h"
#include "textchars.h"

/* Longest window text: it is shown after "due: critical: " on one line. */
#define MAX_WINDOW 80

static const struct ydoc_field policy_fields[] = {
	{ "remediation", YT_MAP, true },
	{ NULL, YT_ANY, false },
};

static const struct ydoc_field remediation_fields[] = {
	{ "source", YT_STRING, true },
	{ "due", YT_MAP, true },
	{ NULL, YT_ANY, false },
};

/* The four severities, each required: a policy that leaves one out would
 * leave learners with no window for it. */
static const struct ydoc_field due_fields[] = {
	{ "critical", YT_STRING, true },
	{ "high", YT_STRING, true },
	{ "medium", YT_STRING, true },
	{ "low", YT_STRING, true },
	{ NULL, YT_ANY, false },
};

static const char *const sources[] = { "common-default", "organization", NULL };

void tm_policy_init(struct tm_policy *p)
{
	p->window[GRADER_SEV_LOW] = "when convenient";
	p->window[GRADER_SEV_MEDIUM] = "within a quarter";
	p->window[GRADER_SEV_HIGH] = "within weeks";
	p->window[GRADER_SEV_CRITICAL] = "within days";
	p->organization = false;
}

/* Reads 'source': true for organization; reports any other word than the two. */
static bool read_source(struct loader *ld, const struct ydoc_node *v)
{
	if (v == NULL || v->kind != YDOC_SCALAR || ydoc_is_blank(v))
		return false;   /* reported by the schema check */
	if (strcmp(v->value, "organization") == 0)
		return true;
	if (strcmp(v->value, "common-default") == 0)
		return false;
	const char *s = ydoc_suggest(v->value, sources);
	if (s != NULL)
		ld_error(ld, v, "unknown source '%s'; did you mean '%s'?", v->value, s);
	else
		ld_error(ld, v, "unknown source '%s'; use common-default (the windows are shown "
			 "as a common default) or organization (shown as your organization's "
			 "policy)", v->value);
	return false;
}

/* Reads the window of each severity of due into p (arena copies). */
static void read_windows(struct loader *ld, const struct ydoc_node *due, struct tm_policy *p)
{
	for (size_t i = 0; due_fields[i].name != NULL; i++) {
		const struct ydoc_node *v = ydoc_get(due, due_fields[i].name);
		if (v == NULL || v->kind != YDOC_SCALAR || ydoc_is_blank(v))
			continue;   /* reported by the schema check */
		if (tc_char_count(v->value) > MAX_WINDOW) {
			ld_error(ld, v, "the window of '%s' is %zu characters long: write it in at "
				 "most %d (\"within 24 hours\")", due_fields[i].name,
				 tc_char_count(v->value), MAX_WINDOW);
			continue;
		}
		const char *copy = tm_arena_strdup(ld->arena, v->value);
		if (copy != NULL)
			p->window[grader_severity_parse(due_fields[i].name)] = copy;
	}
}

int tm_load_policy_file(struct loader *ld, const char *path, struct tm_policy *out)
{
	struct ydoc *doc = NULL;
	const char *saved = ld->file;
	int before = ld->errors;
	struct tm_policy p;

	tm_policy_init(&p);
	ld->file = path;
	if (ld_parse_file(ld, path, "policy", &doc) != LD_PARSE_FAILED &&
	    ld_check_entry(ld, ydoc_root(doc), policy_fields, "policy")) {
		const struct ydoc_node *r = ydoc_get(ydoc_root(doc), "remediation");
		if (r != NULL && ld_check_entry(ld, r, remediation_fields, "remediation")) {
			p.organization = read_source(ld, ydoc_get(r, "source"));
			const struct ydoc_node *due = ydoc_get(r, "due");
			if (due != NULL && ld_check_entry(ld, due, due_fields, "due"))
				read_windows(ld, due, &p);
		}
	}
	ydoc_free(doc);
	ld->file = saved;
	if (ld->errors == before)
		*out = p;
	return ld->errors - before;
}
