/*
 * load_exercise.c: exercises/<id>/exercise.yaml with its design document,
 * diagram, answer key and sample submissions.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "load_internal.h"
#include "textchars.h"

static const struct ydoc_field exercise_fields[] = {
	{ "id", YT_STRING, true },
	{ "title", YT_STRING, true },
	{ "part", YT_SCALAR, true },
	{ "summary", YT_STRING, true },
	{ "minutes", YT_INT, true },
	{ "document", YT_STRING, true },
	{ "diagram", YT_STRING, false },
	{ "key", YT_STRING, true },
	{ "timeboxes", YT_MAP, false },
	{ "hints", YT_MAP, false },
	{ "steps", YT_STRLIST, true },
	{ "assets", YT_LIST, true },
	{ "scope", YT_MAP, true },
	{ "top_three", YT_LIST, false },
	{ "samples", YT_LIST, false },
	{ NULL, YT_ANY, false },
};

static const struct ydoc_field asset_fields[] = {
	{ "name", YT_STRING, true },
	{ "class", YT_STRING, true },
	{ "why", YT_STRING, false },
	{ NULL, YT_ANY, false },
};

static const struct ydoc_field scope_fields[] = {
	{ "in", YT_STRLIST, true },
	{ "out", YT_STRLIST, false },
	{ NULL, YT_ANY, false },
};

static const struct ydoc_field top_fields[] = {
	{ "threat", YT_STRING, true },
	{ "why", YT_STRING, true },
	{ NULL, YT_ANY, false },
};

static const struct ydoc_field sample_fields[] = {
	{ "file", YT_STRING, true },
	{ "expect", YT_MAP, true },
	{ NULL, YT_ANY, false },
};

static const struct ydoc_field expect_fields[] = {
	{ "found", YT_STRLIST, false },
	{ "absent", YT_STRLIST, false },
	{ "score", YT_LIST, true },
	{ NULL, YT_ANY, false },
};

static const char *const step_names[] = {
	"read", "assets", "scope", "threats", "top-three", "remediation", NULL,
};

static const char *const class_names[] = {
	"public", "confidential", "restricted", "secret", NULL,
};

/* Index of word in a NULL-terminated table, or -1 after reporting it with the
 * closest name or the names to use. Step names are keys too (timeboxes, hints),
 * so they are lowercase; a data class is a value, which may be written in any
 * case as severities and STRIDE categories may (any_case). */
static int lookup(struct loader *ld, const struct ydoc_node *v, const char *const *table,
		  const char *what, bool any_case)
{
	char names[200];
	size_t used = 0;
	for (int i = 0; table[i] != NULL; i++)
		if ((any_case ? strcasecmp : strcmp)(table[i], v->value) == 0)
			return i;
	const char *s = ydoc_suggest(v->value, table);
	if (s != NULL) {
		ld_error(ld, v, "unknown %s '%s'; did you mean '%s'?", what, v->value, s);
		return -1;
	}
	names[0] = '\0';
	for (int i = 0; table[i] != NULL && used < sizeof(names); i++)
		used += (size_t)snprintf(names + used, sizeof(names) - used, "%s%s",
					 i == 0 ? "" : table[i + 1] == NULL ? " or " : ", ",
					 table[i]);
	ld_error(ld, v, "unknown %s '%s'; use %s", what, v->value, names);
	return -1;
}

/* Whether step s is listed after a step that comes later in a session (in e's
 * steps so far). A repeated step is ld_check_unique()'s to report. */
static bool out_of_order(const struct tm_exercise *e, int s)
{
	for (size_t i = 0; i < e->n_steps; i++)
		if ((int)e->steps[i] > s)
			return true;
	return false;
}

/* Reports, once at n (the first step out of place), steps listed out of the
 * order of a session, with the list to write: the steps listed (at[]), in
 * that order. Steps run in the order listed and each works from those before
 * it, so remediation first would show the reference top three before the
 * learner had read anything. */
static void report_step_order(struct loader *ld, const struct ydoc_node *n,
			      const struct ydoc_node *const *at)
{
	char list[128];
	size_t used = 0;
	list[0] = '\0';
	for (int k = 0; k < TM_STEP_COUNT && used < sizeof(list); k++)
		if (at[k] != NULL)
			used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s",
						 used == 0 ? "" : ", ", step_names[k]);
	ld_error(ld, n, "steps out of order: steps run as listed, each working from those "
		 "before it; write steps: [%s] (the order is read, assets, scope, threats, "
		 "top-three, remediation)", list);
}

/* Reports step s (listed at at[s]) without step need, which it works from,
 * listed (at[need]) or possibly meant by a misspelt entry (meant, already
 * reported: no follow-on error). why says what s takes from need. */
static void check_step_needs(struct loader *ld, const struct ydoc_node *const *at,
			     unsigned meant, int s, int need, const char *why)
{
	if (at[s] == NULL || at[need] != NULL || (meant & (1u << need)) != 0)
		return;
	ld_error(ld, at[s], "step '%s' needs '%s' before it: %s; add '%s' to steps",
		 step_names[s], step_names[need], why, step_names[need]);
}

/* Reads steps: [...]. Returns the steps (a bit per enum tm_step) that an
 * unknown entry, already reported, may have meant: the one it is closest to
 * ("READ" is read), or every step when it is close to none, or when 'steps'
 * itself cannot be read (missing, empty, not a list: reported on its own). */
static unsigned load_steps(struct loader *ld, const struct ydoc_node *root,
			   struct tm_exercise *e)
{
	const struct ydoc_node *v = ydoc_get(root, "steps");
	const struct ydoc_node *at[TM_STEP_COUNT] = { NULL }, *misplaced = NULL;
	unsigned meant = 0;
	if (v == NULL || v->kind != YDOC_SEQ || v->count == 0)
		return ~0u;
	ld_check_unique(ld, root, "steps", "step");
	e->steps = tm_arena_alloc(ld->arena, v->count * sizeof(*e->steps));
	for (size_t i = 0; e->steps != NULL && i < v->count; i++) {
		if (v->items[i]->kind != YDOC_SCALAR) {
			meant = ~0u;   /* reported by the schema check; any step */
			continue;
		}
		int s = lookup(ld, v->items[i], step_names, "step", false);
		if (s >= 0) {
			if (misplaced == NULL && out_of_order(e, s))
				misplaced = v->items[i];
			if (at[s] == NULL)
				at[s] = v->items[i];
			e->steps[e->n_steps++] = (enum tm_step)s;
			continue;
		}
		const char *close = ydoc_suggest(v->items[i]->value, step_names);
		for (int k = 0; step_names[k] != NULL; k++)
			if (close == NULL || strcmp(close, step_names[k]) == 0)
				meant |= 1u << k;
	}
	if (misplaced != NULL)
		report_step_order(ld, misplaced, at);
	check_step_needs(ld, at, meant, TM_STEP_TOP_THREE, TM_STEP_THREATS,
			 "the learner picks the top three from their own threat list");
	check_step_needs(ld, at, meant, TM_STEP_REMEDIATION, TM_STEP_TOP_THREE,
			 "the learner plans the fixes of their own top three (without it, "
			 "the step shows the reference top three before anything is asked)");
	return meant;
}

static bool has_step(const struct tm_exercise *e, int s);

/* timeboxes: {step: minutes}. Needs the steps loaded; meant is what
 * load_steps() returned (as for load_hints()): a time box for a step that
 * 'steps' does not list is an error, unless an unknown entry of steps may
 * have meant it. */
static void load_timeboxes(struct loader *ld, const struct ydoc_node *root,
			   struct tm_exercise *e, unsigned meant)
{
	const struct ydoc_node *v = ydoc_get(root, "timeboxes");
	for (size_t i = 0; v != NULL && v->kind == YDOC_MAP && i < v->count; i++) {
		const struct ydoc_node *k = v->pairs[i].key;
		int s = lookup(ld, k, step_names, "step", false);
		long minutes;
		if (s < 0)
			continue;
		if (!has_step(e, s)) {
			if ((meant & (1u << s)) == 0)
				ld_error(ld, k, "time box for step '%s', which 'steps' does not list: "
					 "add the step or delete its time box", step_names[s]);
			continue;
		}
		if (!ydoc_to_long(v->pairs[i].value, &minutes) || minutes < 1 || minutes > 600)
			ld_error(ld, v->pairs[i].value, "time box for '%s' must be 1 to 600 minutes",
				 step_names[s]);
		else
			e->timebox[s] = (int)minutes;
	}
}

static bool has_step(const struct tm_exercise *e, int s)
{
	for (size_t i = 0; i < e->n_steps; i++)
		if ((int)e->steps[i] == s)
			return true;
	return false;
}

/* Keeps one hint of a step; it must be a text with words in it. */
static void add_step_hint(struct loader *ld, const struct ydoc_node *h, struct tm_strv *out)
{
	if (h->kind != YDOC_SCALAR || ydoc_is_null(h) || !rule_has_word(h->value))
		ld_error(ld, h, "a hint must be a text with words in it: write it, or delete it");
	else
		out->v[out->n++] = tm_arena_strndup(ld->arena, h->value, h->len);
}

/* One step's hints: a text, or a list of texts. */
static void load_step_hints(struct loader *ld, const struct ydoc_node *v, const char *step,
			    struct tm_strv *out)
{
	size_t n = v->kind == YDOC_SEQ ? v->count : 1;

	if (v->kind == YDOC_MAP) {
		ld_error(ld, v, "a step's hints are a text or a list of texts");
		return;
	}
	if (n == 0) {
		ld_error(ld, v, "the hints of step '%s' are an empty list: write a hint in it, or "
			 "delete the step's hints", step);
		return;
	}
	out->v = tm_arena_alloc(ld->arena, n * sizeof(*out->v));
	if (out->v == NULL)
		return;
	if (v->kind != YDOC_SEQ)
		add_step_hint(ld, v, out);
	for (size_t i = 0; v->kind == YDOC_SEQ && i < n; i++)
		add_step_hint(ld, v->items[i], out);
}

/* hints: {step: hints}: the exercise's own hints, shown one at a time before the
 * generic hint of the step. Needs the steps loaded; meant is what load_steps()
 * returned: hints for a step that an unknown entry of steps may have meant get
 * no second error (the step's own error says what to fix). */
static void load_hints(struct loader *ld, const struct ydoc_node *root, struct tm_exercise *e,
		       unsigned meant)
{
	const struct ydoc_node *v = ydoc_get(root, "hints");
	for (size_t i = 0; v != NULL && v->kind == YDOC_MAP && i < v->count; i++) {
		const struct ydoc_node *k = v->pairs[i].key;
		int s = lookup(ld, k, step_names, "step", false);
		if (s < 0)
			continue;
		if (!has_step(e, s) && (meant & (1u << s)) != 0)
			continue;
		if (!has_step(e, s)) {
			ld_error(ld, k, "hints for step '%s', which 'steps' does not list: add the "
				 "step or delete its hints", step_names[s]);
			continue;
		}
		load_step_hints(ld, v->pairs[i].value, step_names[s], &e->hints[s]);
	}
}

/* An exercise's step hints nudge toward a part of the design, never state a
 * key threat (CONTRIBUTING.md): one that the key credits, typed back as a
 * threat, is warned about. Validating only (ld->probe), with the key loaded. */
static void check_step_hints(struct loader *ld, const struct ydoc_node *root,
			     const struct grader_key *key)
{
	const struct ydoc_node *v = ydoc_get(root, "hints");
	for (size_t i = 0; v != NULL && v->kind == YDOC_MAP && i < v->count; i++) {
		const struct ydoc_node *k = v->pairs[i].key, *h = v->pairs[i].value;
		char whose[96];
		if (k->kind != YDOC_SCALAR)
			continue;
		snprintf(whose, sizeof(whose), "this hint of step '%.*s'", tc_prefix(k->value, 40),
			 k->value);
		if (h->kind == YDOC_SCALAR)
			ld_warn_hint_earns(ld, h, key, whose);
		for (size_t j = 0; h->kind == YDOC_SEQ && j < h->count; j++)
			ld_warn_hint_earns(ld, h->items[j], key, whose);
	}
}

static void load_assets(struct loader *ld, const struct ydoc_node *root, struct tm_exercise *e)
{
	const struct ydoc_node *v = ydoc_get(root, "assets");
	if (v == NULL || v->kind != YDOC_SEQ || v->count == 0)
		return;
	e->assets = tm_arena_alloc(ld->arena, v->count * sizeof(*e->assets));
	for (size_t i = 0; e->assets != NULL && i < v->count; i++) {
		const struct ydoc_node *a = v->items[i];
		if (!ld_check_entry(ld, a, asset_fields, "asset"))
			continue;
		const struct ydoc_node *cl = ydoc_get(a, "class");
		if (cl == NULL || cl->kind != YDOC_SCALAR || ydoc_is_blank(cl))
			continue;   /* reported by the schema check */
		int c = lookup(ld, cl, class_names, "data class", true);
		if (c < 0)
			continue;
		struct tm_asset *as = &e->assets[e->n_assets++];
		as->name = ld_str(ld, a, "name");
		as->why = ld_str(ld, a, "why");
		as->cls = (enum tm_data_class)c;
	}
}

/* Whether ids a and b are the same, case, '-' and '_' aside. */
static bool same_id_loosely(const char *a, const char *b)
{
	for (;;) {
		while (*a == '-' || *a == '_')
			a++;
		while (*b == '-' || *b == '_')
			b++;
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
		if (*a == '\0')
			return true;
		a++;
		b++;
	}
}

/* Checks that a threat id exists in the exercise's key: among the ids the key
 * declares, which are known even when the key has errors (ids NULL or not
 * known: the key could not be read, and nothing is said). */
static void check_threat_ref(struct loader *ld, const struct ld_key_ids *ids,
			     const struct ydoc_node *v)
{
	if (ids == NULL || !ids->known || v == NULL || v->kind != YDOC_SCALAR ||
	    ydoc_is_blank(v))
		return;
	for (size_t i = 0; i < ids->n; i++)
		if (strcmp(ids->v[i], v->value) == 0)
			return;
	/* ids are matched as written: "p01" or "P-01" is not P01, but surely
	 * meant it (a digit off is another threat, so nothing closer is said) */
	const char *meant = NULL;
	for (size_t i = 0; i < ids->n && meant == NULL; i++)
		if (same_id_loosely(ids->v[i], v->value))
			meant = ids->v[i];
	if (meant != NULL)
		ld_error(ld, v, "threat '%s' is not in the key; did you mean '%s'?", v->value,
			 meant);
	else
		ld_error(ld, v, "threat '%s' is not in the key", v->value);
}

/* The reference top three: at most three entries (learn shows them as "the
 * reference top three", learn --solve types them), each threat once. */
static void load_top_three(struct loader *ld, const struct ydoc_node *root,
			   struct tm_exercise *e, const struct ld_key_ids *ids)
{
	const struct ydoc_node *v = ydoc_get(root, "top_three");
	if (v == NULL || v->kind != YDOC_SEQ || v->count == 0)
		return;
	if (v->count > 3)
		ld_error(ld, v->items[3], "top_three has %zu entries: keep the three most "
			 "important threats (the rest go in the key)", v->count);
	ld_check_unique_field(ld, v, "threat", "top-three threat");
	e->top_threat.v = tm_arena_alloc(ld->arena, v->count * sizeof(char *));
	e->top_why.v = tm_arena_alloc(ld->arena, v->count * sizeof(char *));
	for (size_t i = 0; e->top_threat.v != NULL && e->top_why.v != NULL && i < v->count; i++) {
		const struct ydoc_node *t = v->items[i];
		if (!ld_check_entry(ld, t, top_fields, "top-three entry"))
			continue;
		check_threat_ref(ld, ids, ydoc_get(t, "threat"));
		e->top_threat.v[e->top_threat.n++] = ld_str(ld, t, "threat");
		e->top_why.v[e->top_why.n++] = ld_str(ld, t, "why");
	}
}

/* A sample cannot expect a threat both found and absent: keycheck would fail
 * it whatever the grader did. */
static void check_found_absent(struct loader *ld, const struct ydoc_node *found,
			       const struct ydoc_node *absent)
{
	if (found == NULL || absent == NULL || found->kind != YDOC_SEQ || absent->kind != YDOC_SEQ)
		return;
	for (size_t i = 0; i < absent->count; i++) {
		const struct ydoc_node *a = absent->items[i];
		for (size_t j = 0; a->kind == YDOC_SCALAR && j < found->count; j++) {
			const struct ydoc_node *f = found->items[j];
			if (f->kind == YDOC_SCALAR && strcmp(f->value, a->value) == 0) {
				ld_error(ld, a, "'%s' is both found (line %d) and absent", a->value,
					 f->line);
				break;
			}
		}
	}
}

/* Where each id of a found or absent list is written: the items ld_strv()
 * keeps, in its order (n of them). NULL when there are none. */
static struct tm_at *id_positions(struct loader *ld, const struct ydoc_node *v, size_t n)
{
	struct tm_at *at;
	size_t k = 0;

	if (n == 0 || v == NULL || v->kind != YDOC_SEQ)
		return NULL;
	at = tm_arena_alloc(ld->arena, n * sizeof(*at));
	for (size_t i = 0; at != NULL && i < v->count && k < n; i++)
		if (v->items[i]->kind == YDOC_SCALAR && !ydoc_is_null(v->items[i])) {
			at[k].line = v->items[i]->line;
			at[k++].column = v->items[i]->column;
		}
	return at;
}

static void load_expect(struct loader *ld, const struct ydoc_node *x,
			const struct ld_key_ids *ids, struct tm_sample *s)
{
	ld_strv(ld, x, "found", &s->found);
	ld_strv(ld, x, "absent", &s->absent);
	s->found_at = id_positions(ld, ydoc_get(x, "found"), s->found.n);
	s->absent_at = id_positions(ld, ydoc_get(x, "absent"), s->absent.n);
	static const char *const lists[] = { "found", "absent" };
	for (size_t l = 0; l < 2; l++) {
		const struct ydoc_node *v = ydoc_get(x, lists[l]);
		for (size_t i = 0; v != NULL && v->kind == YDOC_SEQ && i < v->count; i++)
			check_threat_ref(ld, ids, v->items[i]);
	}
	check_found_absent(ld, ydoc_get(x, "found"), ydoc_get(x, "absent"));
	const struct ydoc_node *sc = ydoc_get(x, "score");
	double lo, hi;
	if (sc != NULL) {
		s->score_at.line = sc->line;
		s->score_at.column = sc->column;
	}
	if (sc == NULL || sc->kind != YDOC_SEQ || sc->count != 2 ||
	    !ydoc_to_double(sc->items[0], &lo) || !ydoc_to_double(sc->items[1], &hi) ||
	    lo < 0 || hi > 100 || lo > hi) {
		if (sc != NULL)
			ld_error(ld, sc, "'score' must be [min, max] with 0 <= min <= max <= 100");
		return;
	}
	s->score_min = lo;
	s->score_max = hi;
}

/* Whether path, which field v names, is a sample keycheck can grade: an
 * existing regular file we may read. Reports at v why not. */
static bool sample_file_ok(struct loader *ld, const struct ydoc_node *v, const char *path)
{
	struct stat st;
	int stat_errno = stat(path, &st) == 0 ? 0 : errno;

	if (stat_errno == ENOENT)
		ld_error(ld, v, "sample file '%s' does not exist", v->value);
	else if (stat_errno != 0)
		ld_error(ld, v, "sample file '%s' cannot be read: %s", v->value,
			 strerror(stat_errno));
	else if (S_ISDIR(st.st_mode))
		ld_error(ld, v, "sample '%s' is a directory: name one group's answer file in it",
			 v->value);
	else if (!S_ISREG(st.st_mode))
		ld_error(ld, v, "sample '%s' is not a regular file: name one group's answer file",
			 v->value);
	else if (access(path, R_OK) != 0)
		ld_error(ld, v, "sample file '%s' cannot be read: %s (make it readable)",
			 v->value, strerror(errno));
	else
		return true;
	return false;
}

/* A sample file listed twice, by any spelling of its path, holds two sets of
 * expectations for one answer: keycheck reports differences for one of them
 * whatever the key does. Reports each later listing, naming the first's line;
 * files that cannot be read are sample_file_ok()'s to report. */
static void check_sample_repeats(struct loader *ld, const struct ydoc_node *list,
				 const char *dir)
{
	struct seen {
		dev_t dev;
		ino_t ino;
		const struct ydoc_node *file;
	} *seen = malloc(list->count * sizeof(*seen));
	size_t n = 0;

	for (size_t i = 0; seen != NULL && i < list->count; i++) {
		const struct ydoc_node *f = ydoc_get(list->items[i], "file");
		struct stat st;
		char *path;
		if (f == NULL || f->kind != YDOC_SCALAR || ydoc_is_blank(f))
			continue;
		path = ld_path(ld, dir, f->value);
		if (path == NULL || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		size_t k = 0;
		while (k < n && (seen[k].dev != st.st_dev || seen[k].ino != st.st_ino))
			k++;
		if (k == n) {
			seen[n++] = (struct seen){ st.st_dev, st.st_ino, f };
		} else if (strcmp(seen[k].file->value, f->value) == 0) {
			ld_error(ld, f, "sample file '%s' is listed twice (first at line %d): keep "
				 "one entry with the expectations it must meet", f->value,
				 seen[k].file->line);
		} else {
			ld_error(ld, f, "sample file '%s' is listed twice (first at line %d, as "
				 "'%s'): keep one entry with the expectations it must meet",
				 f->value, seen[k].file->line, seen[k].file->value);
		}
	}
	free(seen);
}

static void load_samples(struct loader *ld, const struct ydoc_node *root, struct tm_exercise *e,
			 const struct ld_key_ids *ids)
{
	const struct ydoc_node *v = ydoc_get(root, "samples");
	if (v == NULL || v->kind != YDOC_SEQ || v->count == 0)
		return;
	e->samples = tm_arena_alloc(ld->arena, v->count * sizeof(*e->samples));
	for (size_t i = 0; e->samples != NULL && i < v->count; i++) {
		const struct ydoc_node *sn = v->items[i];
		if (!ld_check_entry(ld, sn, sample_fields, "sample"))
			continue;
		/* the file and the expectations are checked each whatever the other has */
		const struct ydoc_node *x = ydoc_get(sn, "expect");
		bool file_ok = ld_check_relative(ld, sn, "file");
		bool expect_ok = x != NULL && x->kind == YDOC_MAP &&
				 ld_check_entry(ld, x, expect_fields, "expect");
		struct tm_sample *s = &e->samples[e->n_samples];
		s->file = file_ok ? ld_path(ld, e->dir, ydoc_get(sn, "file")->value) : NULL;
		if (s->file != NULL && (!sample_file_ok(ld, ydoc_get(sn, "file"), s->file) ||
					!ld_check_inside(ld, ydoc_get(sn, "file"), "sample file",
							 s->file)))
			s->file = NULL;
		if (expect_ok)
			load_expect(ld, x, ids, s);
		if (s->file != NULL && expect_ok)
			e->n_samples++;
	}
	check_sample_repeats(ld, v, e->dir);
}

/* Whether the samples: list names the file st is (any spelling of its path). */
static bool sample_listed(struct loader *ld, const struct ydoc_node *list, const char *dir,
			  const struct stat *st)
{
	for (size_t i = 0; list != NULL && list->kind == YDOC_SEQ && i < list->count; i++) {
		const struct ydoc_node *f = ydoc_get(list->items[i], "file");
		struct stat other;
		char *path;
		if (list->items[i]->kind != YDOC_MAP || f == NULL || f->kind != YDOC_SCALAR ||
		    ydoc_is_blank(f))
			continue;
		path = ld_path(ld, dir, f->value);
		if (path != NULL && stat(path, &other) == 0 && other.st_dev == st->st_dev &&
		    other.st_ino == st->st_ino)
			return true;
	}
	return false;
}

static int visible_name(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* Validating: warns about each file of the exercise's samples/ directory that
 * 'samples:' does not list (keycheck does not grade it, which its author
 * likely meant it to), as an unlisted module file is warned about, and keeps
 * it in e->unlisted_samples to be checked as a submission all the same. */
static void note_unlisted_samples(struct loader *ld, const struct ydoc_node *root,
				  struct tm_exercise *e)
{
	struct dirent **names = NULL;
	char *dir = ld_path(ld, e->dir, "samples");
	int n = dir != NULL ? scandir(dir, &names, visible_name, alphasort) : -1;

	e->unlisted_samples.v = n > 0 ? tm_arena_alloc(ld->arena, (size_t)n * sizeof(char *))
				      : NULL;
	for (int i = 0; i < n; i++) {
		char *path = e->unlisted_samples.v != NULL ? ld_path(ld, dir, names[i]->d_name)
							   : NULL;
		struct stat st;
		if (path != NULL && stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		    !sample_listed(ld, ydoc_get(root, "samples"), e->dir, &st)) {
			tm_diags_add(ld->diags, TM_OK, path, 0, 0,
				     "sample file 'samples/%s' is not in exercise.yaml's 'samples:' "
				     "list, so keycheck does not grade it: add it with what it must "
				     "earn, or remove it", names[i]->d_name);
			e->unlisted_samples.v[e->unlisted_samples.n++] = path;
		}
		free(names[i]);
	}
	free(names);
}

/* Reports the character of path at line:column that content may not hold. */
static void text_error(struct loader *ld, const char *path, int line, int column,
		       const char *what, const char *todo)
{
	tm_diags_add(ld->diags, TM_EINVALID, path, line, column, "%s: %s", what, todo);
	ld->errors++;
}

/*
 * Makes buf (len bytes, NUL-terminated) the text a learner is shown, as YAML text
 * is read: a leading byte order mark is dropped and CR LF read as LF, in place
 * (*len shrinks). Reports at path:line:column (column in characters) text that
 * is not UTF-8 (the first such byte: the rest of the file is then not read) and
 * the first character per line that content may not hold
 * (tc_forbidden_or_cr_len(): a lone CR too): a terminal would act on it.
 * Returns whether it is clean.
 */
static bool clean_text(struct loader *ld, const char *path, char *buf, size_t *len)
{
	int before = ld->errors, line = 1, column = 1, reported_line = 0;
	size_t r = 0, w = 0;
	unsigned cp;

	const char *utf16 = tc_utf16(buf, *len);
	if (utf16 != NULL) {
		char advice[64];
		snprintf(advice, sizeof(advice), "save the file as UTF-8 (e.g. iconv -f %s -t utf-8)",
			 utf16);
		text_error(ld, path, 1, 1, "this is UTF-16 text", advice);
		return false;
	}
	if (*len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		r = 3;
	while (r < *len) {
		if (buf[r] == '\r' && r + 1 < *len && buf[r + 1] == '\n') {
			r++;   /* CR LF is a line end, as LF is */
			continue;
		}
		size_t k = tc_forbidden_or_cr_len(buf + r, &cp);
		if (k > 0 && reported_line != line) {
			char what[96];
			snprintf(what, sizeof(what), "this text holds the control character U+%04X", cp);
			text_error(ld, path, line, column, what, cp == '\r' ?
				   "end lines with LF or CR LF; a lone CR moves the terminal's "
				   "cursor back over the line" :
				   "remove it; terminals act on it and the LMS exports cannot hold it");
			reported_line = line;
		}
		if (k == 0)
			k = tc_utf8_len(buf + r);
		if (k == 0) {
			char what[64];
			snprintf(what, sizeof(what), "not UTF-8 text (byte 0x%02x here)",
				 (unsigned char)buf[r]);
			text_error(ld, path, line, column, what,
				   "save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)");
			break;
		}
		memmove(buf + w, buf + r, k);
		w += k;
		r += k;
		column++;
		if (buf[w - 1] == '\n') {
			line++;
			column = 1;
		}
	}
	buf[w] = '\0';
	*len = w;
	return ld->errors == before;
}

/* Reports at v that the design document or the diagram (key names which) at
 * path is over TM_MAX_FILE_BYTES. One file that a learner reads in one
 * sitting: "split it", as for a module, does not apply. */
static void report_text_too_big(struct loader *ld, const struct ydoc_node *v, const char *key,
				const char *path)
{
	struct stat st;
	const char *what = strcmp(key, "document") == 0 ? "design document" : "diagram";
	char size[48] = "is";

	if (stat(path, &st) == 0)
		snprintf(size, sizeof(size), "is %lld bytes,", (long long)st.st_size);
	ld_error(ld, v, "%s '%s' %s over the %d MiB limit of a %s: it is one file a learner "
		 "reads in one sitting; shorten it to what the exercise needs", what, v->value,
		 size, TM_MAX_FILE_BYTES / (1024 * 1024), what);
}

/* Reads a text file that exercise.yaml names (the design document, the
 * diagram) as clean_text() makes it; reports at the naming field when it
 * cannot be read, at its own line:column what it may not hold. */
static const char *load_text(struct loader *ld, const struct ydoc_node *root, const char *key,
			     const char *dir)
{
	if (!ld_check_relative(ld, root, key))
		return NULL;
	const struct ydoc_node *v = ydoc_get(root, key);
	char *path = ld_path(ld, dir, v->value);
	char *buf = NULL;
	const char *text = NULL;
	size_t len;
	struct tm_diags tmp;
	if (path == NULL || !ld_check_inside(ld, v, key, path))
		return NULL;
	tm_diags_init(&tmp);
	int rc = tm_read_file(path, TM_MAX_FILE_BYTES, &buf, &len, &tmp);
	if (rc == TM_ELIMIT)
		report_text_too_big(ld, v, key, path);
	else if (rc != TM_OK)
		ld_error(ld, v, "cannot read %s '%s': %s", key, v->value,
			 tmp.count > 0 ? tmp.items[0].text : "error");
	tm_diags_release(&tmp);
	if (buf != NULL && clean_text(ld, path, buf, &len))
		text = tm_arena_strndup(ld->arena, buf, len);
	free(buf);
	return text;
}

/* Loads the key file that exercise.yaml's 'key:' names, relative to dir, into
 * *key; *file (may be NULL) receives the key file's path (in the loader's
 * arena). The key belongs to exercise (its id; in a content root, its
 * directory's name when the id is in error), or without one to the directory.
 * key NULL: the key is checked, then freed (tm_load_key_file()). */
static void load_key_of(struct loader *ld, const struct ydoc_node *root, const char *dir,
			const char *exercise, struct grader_key **key, const char **file)
{
	if (exercise == NULL)
		exercise = ld_dir_name(ld, dir);
	if (!ld_check_relative(ld, root, "key"))
		return;
	const struct ydoc_node *v = ydoc_get(root, "key");
	char *path = ld_path(ld, dir, v->value);
	if (path == NULL)
		return;
	if (access(path, F_OK) != 0) {
		ld_error(ld, v, "key file '%s' does not exist", v->value);
		return;
	}
	if (!ld_check_inside(ld, v, "key file", path))
		return;
	if (file != NULL)
		*file = path;
	tm_load_key_file(ld, path, exercise, key);
}

/* Checks exercise.yaml's id: valid, and in a content root its directory's
 * name. Returns true when it is; false after reporting it (once: the module
 * that takes the exercise and its key then know it by its directory, which is
 * what the id must be, so neither repeats the error nor copies the typo). */
static bool check_exercise_id(struct loader *ld, const struct ydoc_node *root,
			      const struct tm_exercise *e)
{
	if (!ld_check_id(ld, root, "id", false))
		return false;
	const char *base = ld_dir_name(ld, e->dir);
	const struct ydoc_node *id = ydoc_get(root, "id");
	if (ld->alone || base == NULL || strcmp(id->value, base) == 0)
		return true;
	ld_error(ld, id, "exercise id '%s' must match its directory name '%s'", id->value, base);
	return false;
}

static void load_exercise_node(struct loader *ld, const struct ydoc_node *root,
			       struct tm_exercise *e)
{
	if (!ld_check_map(ld, root, exercise_fields, "exercise") && root->kind != YDOC_MAP)
		return;
	e->id = ld_str(ld, root, "id");
	if (!check_exercise_id(ld, root, e) && !ld->alone)
		e->id = ld_dir_name(ld, e->dir);
	e->title = ld_str(ld, root, "title");
	ld_check_part(ld, root);
	e->part = ld_str(ld, root, "part");
	e->summary = ld_str(ld, root, "summary");
	e->minutes = ld_int(ld, root, "minutes", 1, 1000, 0);
	if (ydoc_get(root, "document") != NULL)
		e->document = load_text(ld, root, "document", e->dir);
	if (!ydoc_is_null(ydoc_get(root, "diagram")))
		e->diagram = load_text(ld, root, "diagram", e->dir);
	unsigned meant = load_steps(ld, root, e);
	load_timeboxes(ld, root, e, meant);
	load_hints(ld, root, e, meant);
	load_assets(ld, root, e);
	const struct ydoc_node *scope = ydoc_get(root, "scope");
	if (scope != NULL && scope->kind == YDOC_MAP &&
	    ld_check_entry(ld, scope, scope_fields, "scope")) {
		ld_strv(ld, scope, "in", &e->scope_in);
		ld_strv(ld, scope, "out", &e->scope_out);
	}
	struct ld_key_ids ids = { false, NULL, 0 };
	ld->key_ids = &ids;
	ld->pattern_places = &e->pattern_places;
	if (ydoc_get(root, "key") != NULL)
		load_key_of(ld, root, e->dir, e->id, &e->key, &e->key_file);
	ld->key_ids = NULL;
	ld->pattern_places = NULL;
	if (ld->probe && e->key != NULL)
		check_step_hints(ld, root, e->key);
	load_top_three(ld, root, e, &ids);
	load_samples(ld, root, e, &ids);
	if (ld->probe)
		note_unlisted_samples(ld, root, e);
}

/* exercise.yaml could not be read (a syntax error, an empty file), so which key
 * it names is unknown: a key.yaml beside it, the usual name, is still checked
 * (against the directory's name, which a content root's exercise id must be),
 * so that the exercise's other errors are not hidden behind the first. */
static void check_key_beside(struct loader *ld, const char *dir)
{
	struct stat st;
	char *path = ld_path(ld, dir, "key.yaml");

	if (path == NULL || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return;
	/* the exercise has errors: the key is not used */
	tm_load_key_file(ld, path, ld->alone ? NULL : ld_dir_name(ld, dir), NULL);
}

int tm_load_exercise_dir(struct loader *ld, const char *dir, struct tm_exercise *e)
{
	struct ydoc *doc = NULL;
	int before = ld->errors;
	const char *saved = ld->file;
	memset(e, 0, sizeof(*e));
	e->dir = tm_arena_strdup(ld->arena, dir);
	ld->file = ld_path(ld, dir, "exercise.yaml");
	if (ld_parse_file(ld, ld->file, "exercise", &doc) == LD_PARSE_FAILED) {
		check_key_beside(ld, e->dir);
		goto cleanup;
	}
	load_exercise_node(ld, ydoc_root(doc), e);
cleanup:
	ydoc_free(doc);
	ld->file = saved;
	return ld->errors - before;
}

/* exercise.yaml's id as written (borrowed from root), or NULL when it has none. */
static const char *written_id(const struct ydoc_node *root)
{
	const struct ydoc_node *id = ydoc_get(root, "id");
	return id != NULL && id->kind == YDOC_SCALAR && !ydoc_is_blank(id) ? id->value : NULL;
}

int tm_load_exercise_key(struct loader *ld, const char *dir, struct grader_key **key)
{
	struct ydoc *doc = NULL;
	int before = ld->errors;
	const char *saved = ld->file;
	*key = NULL;
	ld->file = ld_path(ld, dir, "exercise.yaml");
	enum ld_parse parsed = ld->file != NULL ? ld_parse_file(ld, ld->file, "exercise", &doc)
						: LD_PARSE_FAILED;
	if (parsed != LD_PARSE_FAILED) {
		const struct ydoc_node *root = ydoc_root(doc);
		if (ydoc_get(root, "key") == NULL)
			ld_error(ld, root, "exercise is missing required key 'key'");
		else    /* exercise.yaml's own errors (a duplicate key) refuse the key too */
			load_key_of(ld, root, dir, written_id(root),
				    parsed == LD_PARSE_OK ? key : NULL, NULL);
	}
	ydoc_free(doc);
	ld->file = saved;
	return ld->errors - before;
}
