/*
 * load_key.c: answer keys (the contract format of DESIGN.md) and grader
 * lexicons, read from YAML into grader objects.
 */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load_internal.h"

static const struct ydoc_field key_fields[] = {
	{ "exercise", YT_STRING, false },
	{ "lexicon", YT_MAP, false },
	{ "threats", YT_LIST, true },
	{ NULL, YT_ANY, false },
};

static const struct ydoc_field threat_fields[] = {
	{ "id", YT_STRING, true },
	{ "title", YT_STRING, true },
	{ "description", YT_STRING, false },
	{ "stride", YT_STRLIST, true },
	{ "severity", YT_STRING, true },
	{ "asset", YT_STRING, false },
	{ "aliases", YT_STRLIST, false },
	{ "patterns", YT_STRLIST, false },
	{ "hint", YT_STRING, false },
	{ "mitigations", YT_STRLIST, false },
	{ NULL, YT_ANY, false },
};

static const struct ydoc_field lexicon_fields[] = {
	{ "expansions", YT_MAP, false },
	{ "synonyms", YT_LIST, false },
	{ "stopwords", YT_STRLIST, false },
	{ "generic", YT_STRLIST, false },
	{ "whole", YT_STRLIST, false },
	{ "payloads", YT_LIST, false },
	{ NULL, YT_ANY, false },
};

static const struct ydoc_field payload_fields[] = {
	{ "pattern", YT_STRING, true },
	{ "means", YT_STRING, true },
	{ NULL, YT_ANY, false },
};

/* ==== Lexicons ================================================================= */

/* Whether expansion p is one the lexicon takes: an abbreviation and text. */
static bool expansion_usable(const struct ydoc_pair *p)
{
	return !ydoc_is_blank(p->key) && p->value->kind == YDOC_SCALAR && !ydoc_is_blank(p->value);
}

static void add_expansions(struct loader *ld, const struct ydoc_node *map,
			   struct grader_lexicon *lex)
{
	for (size_t i = 0; map != NULL && map->kind == YDOC_MAP && i < map->count; i++) {
		const struct ydoc_pair *p = &map->pairs[i];
		if (ydoc_is_blank(p->key)) {
			ld_error(ld, p->key, "an expansion with an empty abbreviation: write the "
				 "abbreviation or phrase it expands, or delete the entry");
			continue;
		}
		if (p->value->kind != YDOC_SCALAR || ydoc_is_null(p->value)) {
			ld_error(ld, p->value, "expansion of '%s' must be text", p->key->value);
			continue;
		}
		int rc = grader_lexicon_add_expansion(lex, p->key->value, p->value->value);
		if (rc == GRADER_EINVALID)
			ld_error(ld, p->value, "the expansion of '%s' is empty: write what it "
				 "stands for, or delete the entry", p->key->value);
		else if (rc != GRADER_OK)
			ld_error(ld, p->key, "cannot add expansion '%s': out of memory", p->key->value);
	}
}

/* Whether list holds text only: one group written without its brackets
 * (synonyms: [a, b] for [[a, b]]). */
static bool flat_group(const struct ydoc_node *list)
{
	for (size_t i = 0; i < list->count; i++)
		if (list->items[i]->kind != YDOC_SCALAR)
			return false;
	return list->count > 0;
}

/* Whether synonym group g is one the lexicon takes: 2 to 64 words of text. */
static bool group_usable(const struct ydoc_node *g)
{
	if (g->kind != YDOC_SEQ || g->count < 2 || g->count > 64)
		return false;
	for (size_t j = 0; j < g->count; j++)
		if (g->items[j]->kind != YDOC_SCALAR || ydoc_is_blank(g->items[j]))
			return false;
	return true;
}

/* Reports synonyms: [a, b, ...] once, with the nesting it needs. */
static void report_flat_group(struct loader *ld, const struct ydoc_node *list)
{
	char shown[200];
	size_t n = 0;
	for (size_t i = 0; i < list->count && n < sizeof(shown) - 8; i++) {
		int w = snprintf(shown + n, sizeof(shown) - n, "%s%s", i > 0 ? ", " : "",
				 list->items[i]->value);
		if (w < 0 || (size_t)w >= sizeof(shown) - n) {
			snprintf(shown + n, sizeof(shown) - n, ", ...");
			n = sizeof(shown);
			break;
		}
		n += (size_t)w;
	}
	ld_error(ld, list, "'synonyms' is a list of groups, each a list of words: write "
		 "[[%s]] for one group", shown);
}

static void add_synonyms(struct loader *ld, const struct ydoc_node *list,
			 struct grader_lexicon *lex)
{
	if (list != NULL && list->kind == YDOC_SEQ && flat_group(list)) {
		report_flat_group(ld, list);
		return;
	}
	for (size_t i = 0; list != NULL && list->kind == YDOC_SEQ && i < list->count; i++) {
		const struct ydoc_node *g = list->items[i];
		const char *words[64];
		size_t n = 0;
		if (g->kind == YDOC_SCALAR) {
			ld_error(ld, g, "a synonym group must be a list of 2 to 64 words, not one: "
				 "write [%s, ...] with the words that mean the same", g->value);
			continue;
		}
		if (g->kind != YDOC_SEQ || g->count < 2 || g->count > 64) {
			ld_error(ld, g, "a synonym group must be a list of 2 to 64 words");
			continue;
		}
		for (size_t j = 0; j < g->count; j++)
			if (g->items[j]->kind == YDOC_SCALAR && !ydoc_is_null(g->items[j]))
				words[n++] = g->items[j]->value;
		if (n != g->count) {
			ld_error(ld, g, "synonym group entries must be text");
			continue;
		}
		if (grader_lexicon_add_synonyms(lex, words, n) != GRADER_OK)
			ld_error(ld, g, "cannot add synonym group starting '%s'", words[0]);
	}
}

typedef int (*add_word_fn)(struct grader_lexicon *lex, const char *word);

static void add_words(struct loader *ld, const struct ydoc_node *list,
		      struct grader_lexicon *lex, add_word_fn add)
{
	for (size_t i = 0; list != NULL && list->kind == YDOC_SEQ && i < list->count; i++) {
		const struct ydoc_node *w = list->items[i];
		if (w->kind != YDOC_SCALAR || ydoc_is_blank(w))
			continue;
		if (add == grader_lexicon_add_stopword && grader_word_is_negation(w->value)) {
			ld_error(ld, w, "'%s' is a negation, which the grader never leaves out "
				 "(\"not encrypted\" must not read as \"encrypted\"): delete it from "
				 "'stopwords'", w->value);
			continue;
		}
		int rc = add(lex, w->value);
		if (rc == GRADER_EINVALID)
			ld_error(ld, w, "'%s' must be one word, under 63 bytes", w->value);
		else if (rc != GRADER_OK)
			ld_error(ld, w, "cannot add '%s'", w->value);
	}
}

/* Payloads: {pattern, means} maps; a bad pattern is reported where it is written. */
static void add_payloads(struct loader *ld, const struct ydoc_node *list,
			 struct grader_lexicon *lex)
{
	for (size_t i = 0; list != NULL && list->kind == YDOC_SEQ && i < list->count; i++) {
		const struct ydoc_node *e = list->items[i], *pat, *means;
		struct grader_error err;
		char quoted[LD_PATTERN_QUOTED];
		int rc;

		if (!ld_check_entry(ld, e, payload_fields, "payload"))
			continue;
		pat = ydoc_get(e, "pattern");
		means = ydoc_get(e, "means");
		/* a missing or empty one was reported; the pattern is still tried
		 * beside an unknown key */
		if (pat == NULL || pat->kind != YDOC_SCALAR || ydoc_is_blank(pat) ||
		    means == NULL || means->kind != YDOC_SCALAR || ydoc_is_blank(means))
			continue;
		memset(&err, 0, sizeof(err));
		rc = grader_lexicon_add_payload(lex, pat->value, means->value, &err);
		if (rc == GRADER_EPATTERN)
			ld_error(ld, pat, "payload pattern '%s': %s (at offset %zu)",
				 ld_pattern_quote(pat->value, quoted), err.text, err.offset);
		else if (rc == GRADER_EINVALID)
			/* blank means, a group PCRE2 cannot number, or one payload too many */
			ld_error(ld, means->value[strspn(means->value, " \t\r\n")] == '\0' ?
				 means : pat, "%s", err.text);
		else if (rc != GRADER_OK)
			ld_error(ld, e, "cannot add payload '%s'", ld_pattern_quote(pat->value, quoted));
	}
}

int tm_load_lexicon_node(struct loader *ld, const struct ydoc_node *n,
			 struct grader_lexicon *lex)
{
	int before = ld->errors;
	if (!ld_check_map(ld, n, lexicon_fields, "lexicon") && n->kind != YDOC_MAP)
		return ld->errors - before;
	add_expansions(ld, ydoc_get(n, "expansions"), lex);
	add_synonyms(ld, ydoc_get(n, "synonyms"), lex);
	add_words(ld, ydoc_get(n, "stopwords"), lex, grader_lexicon_add_stopword);
	add_words(ld, ydoc_get(n, "generic"), lex, grader_lexicon_add_generic);
	add_words(ld, ydoc_get(n, "whole"), lex, grader_lexicon_add_whole);
	add_payloads(ld, ydoc_get(n, "payloads"), lex);
	return ld->errors - before;
}

int tm_load_lexicon_file(struct loader *ld, const char *path, struct grader_lexicon *lex)
{
	struct ydoc *doc = NULL;
	const char *saved = ld->file;
	ld->file = path;
	int before = ld->errors;
	if (ld_parse_file(ld, path, "lexicon", &doc) != LD_PARSE_FAILED)
		tm_load_lexicon_node(ld, ydoc_root(doc), lex);
	ydoc_free(doc);
	ld->file = saved;
	return ld->errors - before;
}

/* ==== Keys ========================================================================== */

/* Points *out at the texts of list key of map (at most cap of them, in buf);
 * more than cap is an error, and so is an item without words when words says
 * the items are prose (aliases, mitigations; not patterns). */
static void strv_view(struct loader *ld, const struct ydoc_node *map, const char *key,
		      bool words, const char **buf, size_t cap, const char *const **out,
		      size_t *n)
{
	const struct ydoc_node *v = ydoc_get(map, key);
	*n = 0;
	*out = buf;
	if (v == NULL || v->kind != YDOC_SEQ)
		return;
	if (v->count > cap)
		ld_error(ld, v->items[cap], "a threat holds at most %zu %s; this one %zu", cap, key,
			 v->count);
	for (size_t i = 0; i < v->count && *n < cap; i++) {
		const struct ydoc_node *it = v->items[i];
		if (it->kind != YDOC_SCALAR || ydoc_is_blank(it))
			continue;   /* reported by the schema check */
		if (words && !rule_has_word(it->value)) {
			ld_error(ld, it, "an item of '%s' with no words in it: write it, or delete it",
				 key);
			continue;
		}
		buf[(*n)++] = it->value;
	}
}

static enum grader_severity load_severity(struct loader *ld, const struct ydoc_node *t)
{
	const struct ydoc_node *v = ydoc_get(t, "severity");
	if (v == NULL || v->kind != YDOC_SCALAR || ydoc_is_null(v))
		return GRADER_SEV_NONE;
	enum grader_severity s = grader_severity_parse(v->value);
	if (s == GRADER_SEV_NONE) {
		static const char *const names[] = { "critical", "high", "medium", "low", NULL };
		const char *sug = ydoc_suggest(v->value, names);
		if (sug != NULL)
			ld_error(ld, v, "unknown severity '%s'; did you mean '%s'?", v->value, sug);
		else
			ld_error(ld, v, "unknown severity '%s'; use critical, high, medium or low",
				 v->value);
	}
	return s;
}

/* Reports why a threat could not be added, at the place in the file it comes from. */
static void report_threat_error(struct loader *ld, const struct ydoc_node *t,
				const struct grader_error *err)
{
	const struct ydoc_node *pats = ydoc_get(t, "patterns");
	if (err->code == GRADER_EPATTERN && ld_report_bad_patterns(ld, pats) > 0)
		return;
	if (err->code == GRADER_EPATTERN && pats != NULL && pats->kind == YDOC_SEQ &&
	    err->index < pats->count) {
		const struct ydoc_node *p = pats->items[err->index];
		char quoted[LD_PATTERN_QUOTED];

		ld_error(ld, p, "pattern '%s': %s (at offset %zu)",
			 ld_pattern_quote(p->value, quoted), err->text, err->offset);
		return;
	}
	ld_error(ld, t, "%s", err->text);
}

#define KEY_LIST_CAP 256

/* Notes in ld->pattern_places, when the caller asked, where the patterns of
 * the threat just added to the key as its threat t are written: the items
 * strv_view() kept, in its order, so that pattern p of the key is at[t][p]. */
static void note_pattern_places(struct loader *ld, const struct ydoc_node *pats, size_t t)
{
	struct tm_pattern_places *pp = ld->pattern_places;
	struct tm_at *at;
	size_t k = 0;

	if (pp == NULL || pp->at == NULL || t >= pp->n || pats == NULL || pats->kind != YDOC_SEQ ||
	    pats->count == 0)
		return;
	at = tm_arena_alloc(ld->arena, pats->count * sizeof(*at));
	if (at == NULL)
		return;
	for (size_t i = 0; i < pats->count && k < KEY_LIST_CAP; i++) {
		const struct ydoc_node *it = pats->items[i];
		if (it->kind != YDOC_SCALAR || ydoc_is_blank(it))
			continue;   /* as strv_view() skips it */
		at[k].line = it->line;
		at[k++].column = it->column;
	}
	pp->at[t] = at;
	pp->n_at[t] = k;
}

static void load_threat(struct loader *ld, const struct ydoc_node *t, struct grader_key *key)
{
	const char *aliases[KEY_LIST_CAP], *patterns[KEY_LIST_CAP], *mitigations[KEY_LIST_CAP];
	struct grader_threat_spec spec;
	struct grader_error err;
	int before = ld->errors;

	if (!ld_check_map(ld, t, threat_fields, "threat") && t->kind != YDOC_MAP)
		return;
	ld_check_id(ld, t, "id", true);
	memset(&spec, 0, sizeof(spec));
	const struct ydoc_node *id = ydoc_get(t, "id");
	spec.id = id != NULL && id->kind == YDOC_SCALAR ? id->value : NULL;
	const struct ydoc_node *v;
	v = ydoc_get(t, "title");
	spec.title = v != NULL && v->kind == YDOC_SCALAR ? v->value : NULL;
	v = ydoc_get(t, "description");
	spec.description = v != NULL && v->kind == YDOC_SCALAR && !ydoc_is_null(v) ? v->value : NULL;
	v = ydoc_get(t, "asset");
	spec.asset = v != NULL && v->kind == YDOC_SCALAR && !ydoc_is_null(v) ? v->value : NULL;
	v = ydoc_get(t, "hint");
	spec.hint = v != NULL && v->kind == YDOC_SCALAR && !ydoc_is_blank(v) ? v->value : NULL;
	if (spec.hint != NULL && !rule_has_word(spec.hint))
		ld_error(ld, v, "the hint is empty: a learner who missed the threat would see "
			 "nothing; write one, or leave 'hint' out");
	spec.stride = ld_stride(ld, t, "stride");
	spec.severity = load_severity(ld, t);
	strv_view(ld, t, "aliases", true, aliases, KEY_LIST_CAP, &spec.aliases, &spec.n_aliases);
	strv_view(ld, t, "patterns", false, patterns, KEY_LIST_CAP, &spec.patterns, &spec.n_patterns);
	strv_view(ld, t, "mitigations", true, mitigations, KEY_LIST_CAP, &spec.mitigations,
		  &spec.n_mitigations);
	if (ld->errors != before || spec.id == NULL || spec.title == NULL) {
		/* the threat is not added; its patterns are still checked, so that
		 * one run of validate reports all of the threat's errors */
		ld_report_bad_patterns(ld, ydoc_get(t, "patterns"));
		ld_check_patterns(ld, ydoc_get(t, "patterns"), "line");
		return;
	}
	if (grader_key_find(key, spec.id) >= 0)
		return;   /* reported by check_threat_ids() */
	if (grader_key_add_threat(key, &spec, &err) != GRADER_OK) {
		report_threat_error(ld, t, &err);
		ld_check_patterns(ld, ydoc_get(t, "patterns"), "line");
		return;
	}
	note_pattern_places(ld, ydoc_get(t, "patterns"), grader_key_threat_count(key) - 1);
	/* with the patterns the key compiled: compiling is most of the check */
	ld_check_key_patterns(ld, ydoc_get(t, "patterns"), key, grader_key_threat_count(key) - 1);
}

#define KEY_MAX_THREATS 1000

/* Threat ids must be unique; checked on the YAML so that a threat with other
 * errors still counts. Keys are capped so the pairwise check stays cheap. */
static void check_threat_ids(struct loader *ld, const struct ydoc_node *threats)
{
	if (threats == NULL || threats->kind != YDOC_SEQ)
		return;
	if (threats->count > KEY_MAX_THREATS) {
		ld_error(ld, threats, "a key holds at most %d threats, this one %zu",
			 KEY_MAX_THREATS, threats->count);
		return;
	}
	for (size_t i = 1; i < threats->count; i++) {
		const struct ydoc_node *id = ydoc_get(threats->items[i], "id");
		if (id == NULL || id->kind != YDOC_SCALAR)
			continue;
		for (size_t j = 0; j < i; j++) {
			const struct ydoc_node *other = ydoc_get(threats->items[j], "id");
			if (other != NULL && other->kind == YDOC_SCALAR &&
			    strcmp(other->value, id->value) == 0) {
				ld_error(ld, id, "duplicate threat id '%s' (first at line %d)",
					 id->value, other->line);
				break;
			}
		}
	}
}

/* Notes in ld->key_ids, when the caller asked, the ids the key declares,
 * whatever errors it has: exercise.yaml's references are checked against them. */
static void note_threat_ids(struct loader *ld, const struct ydoc_node *threats)
{
	struct ld_key_ids *ids = ld->key_ids;
	if (ids == NULL)
		return;
	ids->known = true;
	ids->n = 0;
	if (threats == NULL || threats->kind != YDOC_SEQ || threats->count == 0)
		return;
	ids->v = tm_arena_alloc(ld->arena, threats->count * sizeof(*ids->v));
	for (size_t i = 0; ids->v != NULL && i < threats->count; i++) {
		const struct ydoc_node *id = ydoc_get(threats->items[i], "id");
		if (id == NULL || id->kind != YDOC_SCALAR || ydoc_is_blank(id))
			continue;
		ids->v[ids->n] = tm_arena_strndup(ld->arena, id->value, id->len);
		if (ids->v[ids->n] != NULL)
			ids->n++;
	}
}

/* ==== Titles and aliases shared between threats ==== */

/* A title or an alias of a threat, with its text folded for comparison. */
struct phrase {
	const char *fold;               /* in one buffer of the check */
	const struct ydoc_node *node;
	const struct ydoc_node *id;     /* the threat's id */
	bool title;
};

/* Writes text lowercased (ASCII), with every run of blanks and ASCII
 * punctuation one space, trimmed: "PAN  at-rest" is "pan at rest". Returns
 * the length written. */
static size_t fold_phrase(const char *text, char *out)
{
	size_t n = 0;
	bool gap = false;
	for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; p++) {
		if (*p < 0x80 && !isalnum(*p)) {
			gap = n > 0;
			continue;
		}
		if (gap)
			out[n++] = ' ';
		gap = false;
		out[n++] = (char)tolower(*p);
	}
	out[n] = '\0';
	return n;
}

static int compare_phrases(const void *pa, const void *pb)
{
	const struct phrase *a = pa, *b = pb;
	int c = strcmp(a->fold, b->fold);
	if (c != 0)
		return c;
	if (a->node->line != b->node->line)
		return a->node->line < b->node->line ? -1 : 1;
	return (a->node->column > b->node->column) - (a->node->column < b->node->column);
}

/* Adds v (a title or an alias of the threat with that id) to ph, its text
 * folded into *buf. */
static void add_phrase(const struct ydoc_node *v, const struct ydoc_node *id, bool title,
		       struct phrase *ph, size_t *n, char **buf)
{
	if (v == NULL || v->kind != YDOC_SCALAR || ydoc_is_blank(v))
		return;
	size_t len = fold_phrase(v->value, *buf);
	if (len == 0)
		return;
	ph[(*n)++] = (struct phrase){ *buf, v, id, title };
	*buf += len + 1;
}

/* Adds the threat's title and aliases to ph. */
static void collect_phrases(const struct ydoc_node *t, struct phrase *ph, size_t *n, char **buf)
{
	const struct ydoc_node *id = ydoc_get(t, "id");
	const struct ydoc_node *aliases = ydoc_get(t, "aliases");
	if (id == NULL || id->kind != YDOC_SCALAR)
		return;
	add_phrase(ydoc_get(t, "title"), id, true, ph, n, buf);
	for (size_t i = 0; aliases != NULL && aliases->kind == YDOC_SEQ && i < aliases->count; i++)
		add_phrase(aliases->items[i], id, false, ph, n, buf);
}

/* In the group ph[start..end) of equal phrases (sorted by position), what
 * ph[i] clashes with: for an alias, another threat's title, else another
 * threat's alias written before it; for a title, another threat's title
 * written before it (a title equal to a later alias is reported at the
 * alias). NULL when nothing does. */
static const struct phrase *clash_of(const struct phrase *ph, size_t start, size_t end, size_t i)
{
	const struct phrase *earlier = NULL;
	for (size_t j = start; j < end; j++) {
		if (strcmp(ph[j].id->value, ph[i].id->value) == 0)
			continue;
		if (ph[i].title) {
			if (ph[j].title && j < i)
				return &ph[j];
			continue;
		}
		if (ph[j].title)
			return &ph[j];
		if (j < i && earlier == NULL)
			earlier = &ph[j];
	}
	return earlier;
}

/* Reports each title or alias of the group that clashes with another
 * threat's phrase. */
static void check_group(struct loader *ld, const struct phrase *ph, size_t start, size_t end)
{
	for (size_t i = start; i < end; i++) {
		const struct phrase *c = clash_of(ph, start, end, i);
		if (c != NULL)
			ld_error(ld, ph[i].node, "%s '%s' is %s %s (line %d): a line that says "
				 "it would earn only one of them; keep it in one threat",
				 ph[i].title ? "title" : "alias", ph[i].node->value,
				 c->title ? (ph[i].title ? "also the title of" : "the title of")
					  : "also an alias of",
				 c->id->value, c->node->line);
	}
}

/* A title or an alias that another threat has too, as its title or an alias
 * (compared case-, blank- and punctuation-insensitively), credits a line to
 * whichever the assignment picks: the other threat silently loses it. Sorted,
 * so O(n log n) in the number of titles and aliases. */
static void check_shared_phrases(struct loader *ld, const struct ydoc_node *threats)
{
	size_t n = 0, bytes = 0, cap = 0;
	for (size_t i = 0; threats != NULL && threats->kind == YDOC_SEQ && i < threats->count; i++) {
		const struct ydoc_node *a = ydoc_get(threats->items[i], "aliases");
		const struct ydoc_node *title = ydoc_get(threats->items[i], "title");
		cap++;
		bytes += title != NULL && title->kind == YDOC_SCALAR ? title->len + 1 : 0;
		if (a == NULL || a->kind != YDOC_SEQ)
			continue;
		cap += a->count;
		for (size_t j = 0; j < a->count; j++)
			bytes += a->items[j]->kind == YDOC_SCALAR ? a->items[j]->len + 1 : 0;
	}
	if (cap < 2)
		return;
	struct phrase *ph = malloc(cap * sizeof(*ph));
	char *buf = malloc(bytes + 1), *at = buf;
	if (ph == NULL || buf == NULL)
		goto cleanup;
	for (size_t i = 0; i < threats->count; i++)
		collect_phrases(threats->items[i], ph, &n, &at);
	qsort(ph, n, sizeof(*ph), compare_phrases);
	for (size_t start = 0, end; start < n; start = end) {
		for (end = start + 1; end < n && strcmp(ph[end].fold, ph[start].fold) == 0; end++)
			;
		if (end - start > 1)
			check_group(ld, ph, start, end);
	}
cleanup:
	free(ph);
	free(buf);
}

/* A title made only of stop words ("The", "???") gives the grader nothing to
 * compare: no line could earn the threat by it. */
static void check_title_words(struct loader *ld, const struct ydoc_node *threats,
			      const struct grader_key *key)
{
	for (size_t i = 0; threats != NULL && threats->kind == YDOC_SEQ && i < threats->count; i++) {
		const struct ydoc_node *id = ydoc_get(threats->items[i], "id");
		const struct ydoc_node *title = ydoc_get(threats->items[i], "title");
		if (id == NULL || id->kind != YDOC_SCALAR || title == NULL)
			continue;
		long t = grader_key_find(key, id->value);
		if (t >= 0 && grader_key_title_words(key, (size_t)t) == 0)
			ld_error(ld, title, "the title has no word the grader compares (only stop "
				 "words or punctuation): name the attack and what it hits");
	}
}

/* The index in key of the threat the YAML threat t became, or -1 when it is
 * not in the key (it had errors of its own, or its id is another's). */
static long key_index_of(const struct grader_key *key, const struct ydoc_node *t)
{
	const struct ydoc_node *id = ydoc_get(t, "id"), *title = ydoc_get(t, "title");

	if (id == NULL || id->kind != YDOC_SCALAR || title == NULL || title->kind != YDOC_SCALAR)
		return -1;
	long k = grader_key_find(key, id->value);
	/* a repeated id: the key holds the first sound threat that has it */
	if (k < 0 || strcmp(grader_threat_title(key, (size_t)k), title->value) != 0)
		return -1;
	return k;
}

/* The id of threat node t, for messages ("?" when it has none). */
static const char *threat_id_text(const struct ydoc_node *t)
{
	const struct ydoc_node *id = ydoc_get(t, "id");

	return id != NULL && id->kind == YDOC_SCALAR ? id->value : "?";
}

/* An alias made only of stop words ("the", "it is") gives the grader nothing
 * to compare, as such a title does: no line could earn the threat by it. One
 * made only of generic words ("the attacker", "user data") gives it nothing
 * but words that weigh a quarter and that nearly every line has: any line that
 * mentions an attacker earns the threat by it ("an attacker could do bad
 * things"). Telling takes a key of the aliases prepared with the lexicon lex,
 * so only validate (ld->probe) checks, all of the key's aliases at once, as it
 * checks accepted answers. */
static void check_alias_words(struct loader *ld, const struct ydoc_node *threats,
			      const struct grader_lexicon *lex)
{
	size_t cap = 0, n = 0;
	for (size_t i = 0; threats != NULL && threats->kind == YDOC_SEQ && i < threats->count; i++) {
		const struct ydoc_node *a = ydoc_get(threats->items[i], "aliases");
		cap += a != NULL && a->kind == YDOC_SEQ ? a->count : 0;
	}
	if (cap == 0)
		return;
	const struct ydoc_node **nodes = malloc(cap * sizeof(*nodes));
	const struct ydoc_node **owners = malloc(cap * sizeof(*owners));
	const char **texts = malloc(cap * sizeof(*texts));
	bool *only_stop = malloc(cap * sizeof(*only_stop));
	bool *only_generic = malloc(cap * sizeof(*only_generic));
	if (nodes == NULL || owners == NULL || texts == NULL || only_stop == NULL ||
	    only_generic == NULL)
		goto cleanup;
	for (size_t i = 0; i < threats->count; i++) {
		const struct ydoc_node *a = ydoc_get(threats->items[i], "aliases");
		for (size_t j = 0; a != NULL && a->kind == YDOC_SEQ && j < a->count; j++) {
			const struct ydoc_node *it = a->items[j];
			if (it->kind != YDOC_SCALAR || !rule_has_word(it->value))
				continue;   /* reported by strv_view() */
			nodes[n] = it;
			owners[n] = threats->items[i];
			texts[n++] = it->value;
		}
	}
	if (n == 0 || rule_answer_words(lex, texts, n, only_stop, only_generic) != 0)
		goto cleanup;
	for (size_t i = 0; i < n; i++) {
		if (only_stop[i])
			ld_error(ld, nodes[i], "alias '%s' has only words the grader leaves out "
				 "(stop words), so no line can match it: name the attack and what it "
				 "hits, or delete it", nodes[i]->value);
		else if (only_generic[i])
			ld_error(ld, nodes[i], "alias '%s' has only generic words (such as "
				 "attacker, user, data, system), which nearly any line has: a line "
				 "that merely mentions them earns threat '%s'; name the mechanism "
				 "(what is done, how, to what) in it, or delete it",
				 nodes[i]->value, threat_id_text(owners[i]));
	}
cleanup:
	free(nodes);
	free(owners);
	free(texts);
	free(only_stop);
	free(only_generic);
}

/* The YAML alias of threat node t whose text is alias (as the key holds it),
 * or NULL. */
static const struct ydoc_node *alias_node(const struct ydoc_node *t, const char *alias)
{
	const struct ydoc_node *a = ydoc_get(t, "aliases");

	for (size_t j = 0; a != NULL && a->kind == YDOC_SEQ && j < a->count; j++)
		if (a->items[j]->kind == YDOC_SCALAR && strcmp(a->items[j]->value, alias) == 0)
			return a->items[j];
	return NULL;
}

/* The alias of threat k that why (a found threat's "why": "alias '...'; shared:
 * ...") names, as a YAML node of threats, or NULL when an alias did not earn it. */
static const struct ydoc_node *alias_that_earned(const struct ydoc_node *threats,
						 const struct grader_key *key, size_t k,
						 const char *why)
{
	if (strncmp(why, "alias '", 7) != 0)
		return NULL;
	for (size_t i = 0; threats != NULL && threats->kind == YDOC_SEQ && i < threats->count; i++) {
		if (key_index_of(key, threats->items[i]) != (long)k)
			continue;
		for (size_t j = 0; j < grader_threat_alias_count(key, k); j++) {
			const char *alias = grader_threat_alias(key, k, j);
			size_t len = strlen(alias);

			if (strncmp(why + 7, alias, len) == 0 && strncmp(why + 7 + len, "';", 2) == 0)
				return alias_node(threats->items[i], alias);
		}
	}
	return NULL;
}

/* An alias that earns its threat on a line about nothing ("I have no idea",
 * "the UI is ugly"; the lines patterns are tried on) credits nearly any
 * submission. Validating only (ld->probe). */
static void check_alias_off_topic(struct loader *ld, const struct ydoc_node *threats,
				  const struct grader_key *key)
{
	const char *line;

	for (size_t i = 0; (line = rule_off_topic_line(i)) != NULL; i++) {
		char why[320];
		double sim = 0;
		long t = ld_line_earns(key, line, strlen(line), &sim, why, sizeof(why));
		const struct ydoc_node *alias = t < 0 ? NULL
						      : alias_that_earned(threats, key, (size_t)t, why);

		if (alias != NULL)
			ld_error(ld, alias, "alias '%s' earns threat '%s' on the off-topic line "
				 "'%s' (similarity %.2f), so it would credit nearly any list: name "
				 "the mechanism (what is done, how, to what) in it, or delete it",
				 alias->value, grader_threat_id(key, (size_t)t), line, sim);
	}
}

/* A hint is shown to a learner who missed the threat (docs/FORMAT.md: it must
 * not give the answer away); one that the grader credits, typed back as a
 * line, does. A warning: the author judges. Validating only (ld->probe). */
static void check_threat_hints(struct loader *ld, const struct ydoc_node *threats,
			       const struct grader_key *key)
{
	for (size_t i = 0; threats != NULL && threats->kind == YDOC_SEQ && i < threats->count; i++) {
		const struct ydoc_node *id = ydoc_get(threats->items[i], "id");
		char whose[RULE_ID_MAX + 32];
		if (id == NULL || id->kind != YDOC_SCALAR)
			continue;
		snprintf(whose, sizeof(whose), "the hint of threat '%.*s'", RULE_ID_MAX, id->value);
		ld_warn_hint_earns(ld, ydoc_get(threats->items[i], "hint"), key, whose);
	}
}

/* Warns at phrase (the title or an alias of threat i) when, typed as a
 * learner's line, it earns another threat: a learner who writes the key's own
 * words for i gets the other one (an author pattern of it that fires too
 * widely, or two threats the key words alike). */
static void check_phrase_earns_own(struct loader *ld, const struct ydoc_node *phrase,
				   const struct grader_key *key, size_t i, const char *what)
{
	char why[160];
	double sim = 0;

	if (phrase == NULL || phrase->kind != YDOC_SCALAR || ydoc_is_blank(phrase))
		return;
	long t = ld_line_earns(key, phrase->value, phrase->len, &sim, why, sizeof(why));
	if (t < 0 || (size_t)t == i)
		return;
	bool pattern = strncmp(why, "pattern ", 8) == 0;
	tm_diags_add(ld->diags, TM_OK, ld->file, phrase->line, phrase->column,
		     "%s of threat '%s', typed as a threat, earns %s ('%s', similarity %.2f: %s), "
		     "not '%s': %s", what, grader_threat_id(key, i),
		     grader_threat_id(key, (size_t)t), grader_threat_title(key, (size_t)t), sim,
		     why, grader_threat_id(key, i),
		     pattern ? "narrow that pattern so that it does not fire on these words"
			     : "reword it to say what only this threat is about");
}

/* A threat's own title and aliases should earn it. A warning, as the grading
 * is fuzzy: the author judges. Validating only (ld->probe), on the threats in
 * key: one with errors of its own is not there, and the others are checked
 * all the same. */
static void check_own_words(struct loader *ld, const struct ydoc_node *threats,
			    const struct grader_key *key)
{
	for (size_t i = 0; threats != NULL && threats->kind == YDOC_SEQ && i < threats->count; i++) {
		const struct ydoc_node *aliases = ydoc_get(threats->items[i], "aliases");
		long k = key_index_of(key, threats->items[i]);

		if (k < 0)
			continue;
		check_phrase_earns_own(ld, ydoc_get(threats->items[i], "title"), key, (size_t)k,
				       "the title");
		for (size_t j = 0; aliases != NULL && aliases->kind == YDOC_SEQ && j < aliases->count;
		     j++)
			check_phrase_earns_own(ld, aliases->items[j], key, (size_t)k, "an alias");
	}
}

/* A key's own 'exercise:' names the exercise it grades; reports grading
 * (grade --json's "key") under another exercise's name when the exercise.yaml
 * that uses the key says otherwise. */
static void check_key_exercise(struct loader *ld, const struct ydoc_node *name,
			       const char *exercise)
{
	if (exercise == NULL || name == NULL || name->kind != YDOC_SCALAR || ydoc_is_blank(name) ||
	    strcmp(name->value, exercise) == 0)
		return;
	ld_error(ld, name, "this key says it is for exercise '%s', but exercise '%s' uses it: "
		 "write '%s', or leave 'exercise' out", name->value, exercise, exercise);
}

/* Readies ld->pattern_places, when the caller asked, for a key of at most
 * the threats written (one entry per threat the key will hold). */
static void start_pattern_places(struct loader *ld, const struct ydoc_node *threats)
{
	struct tm_pattern_places *pp = ld->pattern_places;

	if (pp == NULL)
		return;
	memset(pp, 0, sizeof(*pp));
	if (threats == NULL || threats->kind != YDOC_SEQ || threats->count == 0)
		return;
	pp->at = tm_arena_alloc(ld->arena, threats->count * sizeof(*pp->at));
	pp->n_at = tm_arena_alloc(ld->arena, threats->count * sizeof(*pp->n_at));
	if (pp->at == NULL || pp->n_at == NULL) {
		pp->at = NULL;
		return;
	}
	memset(pp->at, 0, threats->count * sizeof(*pp->at));
	memset(pp->n_at, 0, threats->count * sizeof(*pp->n_at));
	pp->n = threats->count;
}

/* The expansion pair the lexicon took entry-th (0-based), or NULL. */
static const struct ydoc_pair *nth_expansion(const struct ydoc_node *map, size_t entry)
{
	for (size_t i = 0; map != NULL && map->kind == YDOC_MAP && i < map->count; i++)
		if (expansion_usable(&map->pairs[i]) && entry-- == 0)
			return &map->pairs[i];
	return NULL;
}

/* The synonym group word the lexicon took entry-th (0-based, counting every
 * word of every group it took), or NULL; *group is its group. */
static const struct ydoc_node *nth_group_word(const struct ydoc_node *list, size_t entry,
					      const struct ydoc_node **group)
{
	if (list == NULL || list->kind != YDOC_SEQ || flat_group(list))
		return NULL;
	for (size_t i = 0; i < list->count; i++) {
		const struct ydoc_node *g = list->items[i];
		if (!group_usable(g))
			continue;
		if (entry < g->count) {
			*group = g;
			return g->items[entry];
		}
		entry -= g->count;
	}
	return NULL;
}

/* Warns about one of the key's lexicon entries that reads words otherwise
 * than the lexicon it extends did (or an earlier entry of its own). */
static void warn_override(struct loader *ld, const struct ydoc_node *lexnode,
			  const struct grader_override *o)
{
	const struct ydoc_node *group = NULL;
	if (!o->synonym) {
		const struct ydoc_pair *p = nth_expansion(ydoc_get(lexnode, "expansions"), o->entry);
		if (p == NULL)
			return;
		if (o->earlier)
			tm_diags_add(ld->diags, TM_OK, ld->file, p->key->line, p->key->column,
				     "'%s' is expanded twice in this key; the later one wins: delete "
				     "one", p->key->value);
		else
			tm_diags_add(ld->diags, TM_OK, ld->file, p->key->line, p->key->column,
				     "'%s' already reads as '%s' (lexicon/): this expansion replaces "
				     "that in this key, so a learner's '%s' no longer matches '%s'; "
				     "delete the entry unless that is meant", p->key->value, o->was,
				     p->key->value, o->was);
		return;
	}
	const struct ydoc_node *w = nth_group_word(ydoc_get(lexnode, "synonyms"), o->entry, &group);
	if (w == NULL)
		return;
	if (o->earlier)
		tm_diags_add(ld->diags, TM_OK, ld->file, w->line, w->column,
			     "'%s' is in two synonym groups of this key; the later one wins: "
			     "delete it from one", w->value);
	else
		tm_diags_add(ld->diags, TM_OK, ld->file, w->line, w->column,
			     "'%s' already reads as '%s' (a synonym group of lexicon/): in this "
			     "group it reads as '%s' instead, so a learner's '%s' no longer matches "
			     "'%s'; start the group with '%s' to join that group, or leave '%s' out",
			     w->value, o->was, group->items[0]->value, w->value, o->was, o->was,
			     w->value);
}

/* Validating: warns about each lexicon entry of the key that changes what the
 * content's lexicon makes of its words (docs/FORMAT.md, "A key's lexicon and
 * the bundled one"). */
static void check_lexicon_overrides(struct loader *ld, const struct ydoc_node *lexnode,
				    const struct grader_key *key)
{
	size_t n = grader_key_override_count(key);
	for (size_t i = 0; i < n; i++)
		warn_override(ld, lexnode, grader_key_override_at(key, i));
}

/* Builds the key from a parsed document; *out is NULL when anything failed.
 * out NULL: the key is built and checked all the same, then freed. */
static void load_key_node(struct loader *ld, const struct ydoc_node *root,
			  const char *default_name, const char *exercise, struct grader_key **out)
{
	struct grader_lexicon *ext = NULL;
	struct grader_key *key = NULL;
	int before = ld->errors;

	if (!ld_check_map(ld, root, key_fields, "key") && root->kind != YDOC_MAP)
		return;
	const struct ydoc_node *name = ydoc_get(root, "exercise");
	check_key_exercise(ld, name, exercise);
	key = grader_key_new(name != NULL && name->kind == YDOC_SCALAR ? name->value
								       : default_name);
	if (key == NULL)
		goto cleanup;
	const struct ydoc_node *threats = ydoc_get(root, "threats");
	check_threat_ids(ld, threats);
	note_threat_ids(ld, threats);
	start_pattern_places(ld, threats);
	for (size_t i = 0; threats != NULL && threats->kind == YDOC_SEQ && i < threats->count; i++)
		load_threat(ld, threats->items[i], key);
	int before_shared = ld->errors;
	check_shared_phrases(ld, threats);
	/* a shared alias or title earns the other threat too: said once, as an error */
	bool own_words_checkable = ld->errors == before_shared;
	const struct ydoc_node *lexnode = ydoc_get(root, "lexicon");
	const struct grader_lexicon *lex = ld->lex;
	if (lexnode != NULL && lexnode->kind == YDOC_MAP) {
		ext = ld->lex != NULL ? grader_lexicon_clone(ld->lex) : grader_lexicon_new();
		if (ext == NULL)
			goto cleanup;
		tm_load_lexicon_node(ld, lexnode, ext);
		lex = ext;
	}
	/* prepared with errors too: a title with no word the grader compares is
	 * reported with them (threats with errors of their own are not in it) */
	if (grader_key_prepare(key, lex) != GRADER_OK) {
		ld_error(ld, root, "cannot prepare the key (out of memory)");
		goto cleanup;
	}
	check_title_words(ld, threats, key);
	if (ld->probe && ext != NULL)
		check_lexicon_overrides(ld, lexnode, key);
	if (ld->probe) {
		check_alias_words(ld, threats, lex);
		check_alias_off_topic(ld, threats, key);
	}
	/* on the threats that are sound, whatever errors others have */
	if (ld->probe)
		check_threat_hints(ld, threats, key);
	if (ld->probe && own_words_checkable)
		check_own_words(ld, threats, key);
	if (ld->errors != before || out == NULL)
		goto cleanup;
	*out = key;
	key = NULL;
cleanup:
	grader_key_free(key);
	grader_lexicon_free(ext);
}


int tm_load_key_file(struct loader *ld, const char *path, const char *exercise,
		     struct grader_key **out)
{
	struct ydoc *doc = NULL;
	const char *saved = ld->file;
	if (out != NULL)
		*out = NULL;
	ld->file = path;
	int before = ld->errors;
	/* A key without 'exercise:' is named after its directory ("." resolved). */
	char dirname[256] = "", real[PATH_MAX];
	const char *full = realpath(path, real) != NULL ? real : path;
	const char *slash = strrchr(full, '/');
	if (slash != NULL) {
		const char *start = slash;
		while (start > full && start[-1] != '/')
			start--;
		snprintf(dirname, sizeof(dirname), "%.*s", (int)(slash - start), start);
	}
	enum ld_parse parsed = ld_parse_file(ld, path, "key", &doc);
	/* a duplicate key, found while parsing, refuses the key too */
	if (parsed != LD_PARSE_FAILED)
		load_key_node(ld, ydoc_root(doc), dirname[0] ? dirname : NULL, exercise,
			      parsed == LD_PARSE_OK ? out : NULL);
	ydoc_free(doc);
	ld->file = saved;
	return ld->errors - before;
}
