/*
 * load_util.c: reporting and value helpers shared by the content loaders.
 */
#include <ctype.h>
#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "learn_internal.h"
#include "load_internal.h"
#include "rules.h"
#include "textchars.h"

void ld_error(struct loader *ld, const struct ydoc_node *at, const char *fmt, ...)
{
	char text[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	tm_diags_add(ld->diags, TM_EINVALID, ld->file, at ? at->line : 0, at ? at->column : 0,
		     "%s", text);
	ld->errors++;
}

bool ld_check_map(struct loader *ld, const struct ydoc_node *n, const struct ydoc_field *f,
		  const char *what)
{
	int e = ydoc_check_map(ld->file, n, f, what, ld->diags);
	ld->errors += e;
	return e == 0;
}

bool ld_check_entry(struct loader *ld, const struct ydoc_node *n, const struct ydoc_field *f,
		    const char *what)
{
	ld_check_map(ld, n, f, what);
	return n->kind == YDOC_MAP;
}

/* A value that passed its type check is usable; one that failed was reported. */
static const struct ydoc_node *usable(const struct ydoc_node *map, const char *key)
{
	const struct ydoc_node *v = ydoc_get(map, key);
	return ydoc_is_null(v) ? NULL : v;
}

const char *ld_str(struct loader *ld, const struct ydoc_node *map, const char *key)
{
	const struct ydoc_node *v = usable(map, key);
	if (v == NULL || v->kind != YDOC_SCALAR)
		return NULL;
	return tm_arena_strndup(ld->arena, v->value, v->len);
}

void ld_strv(struct loader *ld, const struct ydoc_node *map, const char *key,
	     struct tm_strv *out)
{
	const struct ydoc_node *v = usable(map, key);
	out->v = NULL;
	out->n = 0;
	if (v == NULL || v->kind != YDOC_SEQ || v->count == 0)
		return;
	out->v = tm_arena_alloc(ld->arena, v->count * sizeof(*out->v));
	if (out->v == NULL)
		return;
	for (size_t i = 0; i < v->count; i++)
		if (v->items[i]->kind == YDOC_SCALAR && !ydoc_is_null(v->items[i]))
			out->v[out->n++] = tm_arena_strndup(ld->arena, v->items[i]->value,
							    v->items[i]->len);
}

int ld_int(struct loader *ld, const struct ydoc_node *map, const char *key, long min, long max,
	   int def)
{
	const struct ydoc_node *v = usable(map, key);
	long l;
	if (v == NULL || !ydoc_to_long(v, &l))
		return def;
	if (l < min || l > max) {
		ld_error(ld, v, "'%s' must be between %ld and %ld, not %ld", key, min, max, l);
		return def;
	}
	return (int)l;
}

double ld_number(struct loader *ld, const struct ydoc_node *map, const char *key, double min,
		 double max, double def)
{
	const struct ydoc_node *v = usable(map, key);
	double d;
	if (v == NULL || !ydoc_to_double(v, &d))
		return def;
	if (d < min || d > max) {
		ld_error(ld, v, "'%s' must be between %g and %g, not %g", key, min, max, d);
		return def;
	}
	return d;
}

bool ld_bool(const struct ydoc_node *map, const char *key, bool def)
{
	bool b = def;
	const struct ydoc_node *v = usable(map, key);
	if (v != NULL)
		ydoc_to_bool(v, &b);
	return b;
}

bool ld_check_id(struct loader *ld, const struct ydoc_node *map, const char *key, bool loose)
{
	const struct ydoc_node *v = usable(map, key);
	if (v == NULL || v->kind != YDOC_SCALAR)
		return false;
	bool ok = rule_id_ok(v->value, v->len, loose);
	if (!ok)
		ld_error(ld, v, "'%s' value '%s' is not a valid id; use %s (at most %d)", key,
			 v->value, loose ? "letters, digits, '-' and '_'"
					 : "lowercase letters, digits and '-'",
			 RULE_ID_MAX);
	return ok;
}

/* A part is a whole number from 1 (1 intro, 2 foundations, 3 live, 201...) or a
 * lowercase name (refresher): courses are listed numbers first, in order, then
 * names, and the learner reads "part 2" or "part refresher". */
static bool part_ok(const char *s, size_t len)
{
	if (len == 0 || len > 32)
		return false;
	if (s[0] >= '1' && s[0] <= '9') {
		if (len > 3)
			return false;
		for (size_t i = 1; i < len; i++)
			if (s[i] < '0' || s[i] > '9')
				return false;
		return true;
	}
	return s[0] >= 'a' && s[0] <= 'z' && rule_id_ok(s, len, false);
}

bool ld_check_part(struct loader *ld, const struct ydoc_node *map)
{
	const struct ydoc_node *v = usable(map, "part");
	if (v == NULL || v->kind != YDOC_SCALAR || ydoc_is_blank(v))
		return false;   /* missing or empty: reported by the schema check */
	if (part_ok(v->value, v->len))
		return true;
	ld_error(ld, v, "'part' must be a whole number from 1 to 999 (1, 2, 3, 201) or a "
		 "lowercase name such as refresher, not '%s'", v->value);
	return false;
}

static const char *const stride_names[] = {
	"spoofing", "tampering", "repudiation", "information-disclosure",
	"denial-of-service", "elevation-of-privilege", NULL,
};

/* Validating, warns when it (a STRIDE entry meaning the category bit) repeats one listed
 * before it in the same list (first[k]: the first entry meaning bit k):
 * short forms make "dos" and "Denial Of Service" the same category, which
 * counts once. Notes it as the first entry of its category otherwise. */
static void warn_stride_repeat(struct loader *ld, const struct ydoc_node **first,
			       const struct ydoc_node *it, unsigned bit)
{
	int k = 0;
	while (k < 5 && (bit & (1u << k)) == 0)
		k++;
	if (first[k] == NULL) {
		first[k] = it;
		return;
	}
	if (!ld->probe)
		return;   /* a warning for authors: validate gives it */
	const char *name = grader_stride_name(bit);
	char words[32];
	size_t n = 0;
	for (; name != NULL && name[n] != '\0' && n + 1 < sizeof(words); n++)
		words[n] = name[n] == '-' ? ' ' : name[n];
	words[n] = '\0';
	if (strcmp(first[k]->value, it->value) == 0)
		tm_diags_add(ld->diags, TM_OK, ld->file, it->line, it->column,
			     "STRIDE category '%s' is listed twice (first at line %d); delete one",
			     it->value, first[k]->line);
	else
		tm_diags_add(ld->diags, TM_OK, ld->file, it->line, it->column,
			     "'%s' and '%s' both mean %s (first at line %d); delete one",
			     first[k]->value, it->value, words, first[k]->line);
}

unsigned ld_stride(struct loader *ld, const struct ydoc_node *map, const char *key)
{
	const struct ydoc_node *v = usable(map, key);
	const struct ydoc_node *first[6] = { NULL };
	unsigned mask = 0;
	if (v == NULL || v->kind != YDOC_SEQ)
		return 0;
	for (size_t i = 0; i < v->count; i++) {
		const struct ydoc_node *it = v->items[i];
		if (it->kind != YDOC_SCALAR)
			continue;
		unsigned bit = grader_stride_parse(it->value);
		if (bit != 0) {
			warn_stride_repeat(ld, first, it, bit);
			mask |= bit;
			continue;
		}
		const char *s = ydoc_suggest(it->value, stride_names);
		if (s != NULL)
			ld_error(ld, it, "unknown STRIDE category '%s'; did you mean '%s'?",
				 it->value, s);
		else
			ld_error(ld, it, "unknown STRIDE category '%s'; use one of spoofing, "
				 "tampering, repudiation, information-disclosure, "
				 "denial-of-service, elevation-of-privilege", it->value);
	}
	return mask;
}

/* Reports each of nodes[0..n) (scalars) whose text is an earlier one's, case
 * and blanks aside when fold: "what 'x' is listed twice (first at line N)",
 * N the line of the first of them. Sorting keeps this O(n log n). */
static void report_repeats(struct loader *ld, const struct ydoc_node **nodes, size_t n,
			   bool fold, const char *what)
{
	const char **texts = calloc(n > 0 ? n : 1, sizeof(*texts));
	struct rule_repeat *r = malloc((n > 0 ? n : 1) * sizeof(*r));
	for (size_t i = 0; texts != NULL && i < n; i++)
		texts[i] = nodes[i]->value;
	long count = texts != NULL && r != NULL ? rule_repeats(texts, n, fold, false, r) : -1;
	for (long k = 0; k < count; k++)
		ld_error(ld, nodes[r[k].later], "%s '%s' is listed twice (first at line %d)", what,
			 nodes[r[k].later]->value, nodes[r[k].first]->line);
	free(texts);
	free(r);
}

/* The scalar texts of list's entries (field of each mapping entry, or each
 * entry itself when field is NULL) into a fresh array (caller frees; NULL on
 * ENOMEM), *n of them; blank and other entries are the schema check's. */
static const struct ydoc_node **list_texts(const struct ydoc_node *list, const char *field,
					   size_t *n)
{
	const struct ydoc_node **nodes = malloc((list->count > 0 ? list->count : 1) *
						sizeof(*nodes));
	*n = 0;
	for (size_t i = 0; nodes != NULL && i < list->count; i++) {
		const struct ydoc_node *e = list->items[i];
		const struct ydoc_node *t = field == NULL ? e :
					    e->kind == YDOC_MAP ? ydoc_get(e, field) : NULL;
		if (t != NULL && t->kind == YDOC_SCALAR && !ydoc_is_blank(t))
			nodes[(*n)++] = t;
	}
	return nodes;
}

void ld_check_unique(struct loader *ld, const struct ydoc_node *map, const char *key,
		     const char *what)
{
	const struct ydoc_node *v = usable(map, key);
	size_t n;
	if (v == NULL || v->kind != YDOC_SEQ || v->count < 2)
		return;
	const struct ydoc_node **nodes = list_texts(v, NULL, &n);
	if (nodes != NULL)
		report_repeats(ld, nodes, n, false, what);
	free(nodes);
}

/* Reports the entries of list whose text (field of each, or the entry) is an
 * earlier one's, case and blanks aside when fold. */
static void check_unique_list(struct loader *ld, const struct ydoc_node *list, const char *field,
			      bool fold, const char *what)
{
	size_t n;
	if (list == NULL || list->kind != YDOC_SEQ || list->count < 2)
		return;
	const struct ydoc_node **nodes = list_texts(list, field, &n);
	if (nodes != NULL)
		report_repeats(ld, nodes, n, fold, what);
	free(nodes);
}

void ld_check_unique_texts(struct loader *ld, const struct ydoc_node *list, const char *field,
			   const char *what)
{
	check_unique_list(ld, list, field, true, what);
}

void ld_check_unique_field(struct loader *ld, const struct ydoc_node *list, const char *field,
			   const char *what)
{
	check_unique_list(ld, list, field, false, what);
}

char *ld_path(struct loader *ld, const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	char *p = tm_arena_alloc(ld->arena, a + b + 2);
	if (p == NULL)
		return NULL;
	memcpy(p, dir, a);
	p[a] = '/';
	memcpy(p + a + 1, name, b + 1);
	return p;
}

bool ld_check_relative(struct loader *ld, const struct ydoc_node *map, const char *key)
{
	const struct ydoc_node *v = usable(map, key);
	if (v == NULL || v->kind != YDOC_SCALAR)
		return false;
	if (v->value[0] == '/' || strstr(v->value, "..") != NULL) {
		ld_error(ld, v, "'%s' must name a file inside this directory, not '%s'", key,
			 v->value);
		return false;
	}
	return true;
}

void ld_set_root(struct loader *ld, const char *root)
{
	char *real = root != NULL ? realpath(root, NULL) : NULL;

	ld->root_real = real != NULL ? tm_arena_strdup(ld->arena, real) : NULL;
	free(real);
}

/* Whether the real path real is root_real or lies under it. */
static bool real_inside(const char *root_real, const char *real)
{
	size_t n = strlen(root_real);

	if (strcmp(root_real, "/") == 0)
		return true;
	return strncmp(real, root_real, n) == 0 && (real[n] == '\0' || real[n] == '/');
}

bool ld_is_inside(const struct loader *ld, const char *path)
{
	char *real = ld->root_real != NULL && path != NULL ? realpath(path, NULL) : NULL;
	bool inside = real == NULL || real_inside(ld->root_real, real);

	free(real);
	return inside;
}

bool ld_check_inside(struct loader *ld, const struct ydoc_node *ref, const char *what,
		     const char *path)
{
	char *real = ld->root_real != NULL && path != NULL ? realpath(path, NULL) : NULL;
	bool inside = real == NULL || real_inside(ld->root_real, real);

	if (!inside && ref != NULL) {
		ld_error(ld, ref, "%s '%s' resolves to %s, outside the content root; copy the "
			 "file into the root", what, ref->value, real);
	} else if (!inside) {
		tm_diags_add(ld->diags, TM_EINVALID, path, 0, 0, "resolves to %s, outside the "
			     "content root; copy the file into the root", real);
		ld->errors++;
	}
	free(real);
	return inside;
}

/*
 * The first character of s (UTF-8, as libyaml hands it over) that content may
 * not hold: what tc_forbidden_or_cr_len() refuses (a C0 control other than
 * tab and line feed, DEL, a C1 control, U+FFFE or U+FFFF). None is ever meant
 * in course text: a terminal acts on it and XML (the LMS exports) cannot hold
 * most of them; a CR moves the cursor back over the line. Returns its place in
 * characters (0-based) and sets *cp, or -1 when s has none.
 */
static long forbidden_char(const char *s, size_t len, unsigned *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < len; i++) {
		if (p[i] - 0x20u < 0x5fu)
			continue;   /* printable ASCII, nearly every byte, first */
		if (tc_forbidden_or_cr_len(s + i, cp) == 0)
			continue;
		long chars = 0;   /* its place in characters, counted only when found */
		for (size_t k = 0; k < i; k++)
			chars += (p[k] & 0xc0) != 0x80;
		return chars;
	}
	return -1;
}

/*
 * Whether scalar n can hold a forbidden_char(). libyaml's reader refuses every
 * control character written as it is (C0 but tab and line breaks, DEL, C1 but
 * NEL, U+FFFE and U+FFFF), its scanner turns a raw CR or CR LF line break into
 * LF and reads NEL (U+0085, bytes c2 85) as a line break, so only a
 * double-quoted scalar's escapes ("\e", "\x9b", "\r") can bring one in. A
 * scalar holding a c2 byte is scanned anyway, in case a libyaml keeps NEL;
 * every other scalar, nearly all of the text, is passed over.
 */
static bool may_hold_control(const struct ydoc_node *n)
{
	return n->escaped || memchr(n->value, 0xc2, n->len) != NULL;
}

/* Reports every scalar under n (keys too) that holds a forbidden_char(). */
static void check_chars(struct loader *ld, const char *path, const struct ydoc_node *n)
{
	if (n == NULL)
		return;
	unsigned cp = 0;
	long at = n->kind == YDOC_SCALAR && n->value != NULL && may_hold_control(n) ?
		  forbidden_char(n->value, n->len, &cp) : -1;
	if (at >= 0) {
		tm_diags_add(ld->diags, TM_EINVALID, path, n->line, n->column,
			     "this text holds the control character U+%04X (character %ld): "
			     "remove it; %s", cp, at + 1, cp == '\r' ?
			     "a CR moves the terminal's cursor back over the line (\\n starts a "
			     "new line)" : "terminals act on it and the LMS exports cannot hold it");
		ld->errors++;
	}
	for (size_t i = 0; n->kind == YDOC_SEQ && i < n->count; i++)
		check_chars(ld, path, n->items[i]);
	for (size_t i = 0; n->kind == YDOC_MAP && i < n->count; i++) {
		check_chars(ld, path, n->pairs[i].key);
		check_chars(ld, path, n->pairs[i].value);
	}
}

/* What to do about a file of kind what (ld_parse_file()) over the size limit,
 * when tm_read_file()'s "split it" does not say it: a key is one file. NULL
 * for the kinds that advice fits. */
static const char *too_big_advice(const char *what)
{
	if (strcmp(what, "key") == 0)
		return "a key cannot be split: make it smaller, with fewer or shorter threats, "
		       "descriptions and aliases (one pattern can stand for many aliases)";
	return NULL;
}

/* Reports path (a file of kind what) over TM_MAX_FILE_BYTES with the advice
 * its kind needs; true when it did (an error, counted). */
static bool report_too_big(struct loader *ld, const char *path, const char *what)
{
	struct stat st;
	const char *advice = too_big_advice(what);
	if (advice == NULL || stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size <= (off_t)TM_MAX_FILE_BYTES)
		return false;
	tm_diags_add(ld->diags, TM_ELIMIT, path, 0, 0, "%s file is %lld bytes, over the %d-byte "
		     "limit; %s", what, (long long)st.st_size, TM_MAX_FILE_BYTES, advice);
	ld->errors++;
	return true;
}

enum ld_parse ld_parse_file(struct loader *ld, const char *path, const char *what,
			    struct ydoc **doc)
{
	size_t n = ld->diags->count;
	int before = ld->errors;
	*doc = NULL;
	if (!ld_check_inside(ld, NULL, NULL, path) || report_too_big(ld, path, what))
		return LD_PARSE_FAILED;
	int rc = ydoc_load(path, doc, ld->diags);
	ld->errors += (int)(ld->diags->count - n);   /* syntax errors, duplicate keys, tags, anchors */
	if (rc != TM_OK) {
		ld->errors += ld->diags->count == n;
		return LD_PARSE_FAILED;
	}
	if (ydoc_root(*doc) == NULL) {
		tm_diags_add(ld->diags, TM_EINVALID, path, 1, 1, "%s file is empty", what);
		ld->errors++;
		return LD_PARSE_FAILED;
	}
	/* reported, but the file is still read: its other errors come too */
	check_chars(ld, path, ydoc_root(*doc));
	return ld->errors == before ? LD_PARSE_OK : LD_PARSE_ERRORS;
}

const char *ld_dir_name(struct loader *ld, const char *dir)
{
	char real[PATH_MAX];
	const char *full = realpath(dir, real) != NULL ? real : dir;
	const char *base = strrchr(full, '/');
	return tm_arena_strdup(ld->arena, base != NULL && base[1] != '\0' ? base + 1 : full);
}

/* ==== author patterns (keys and short questions) ==== */

const char *ld_pattern_quote(const char *pattern, char *buf)
{
	size_t keep = LD_PATTERN_QUOTED - 4;   /* room for "..." and the NUL */

	if (strlen(pattern) < LD_PATTERN_QUOTED)
		return pattern;
	while (keep > 0 && ((unsigned char)pattern[keep] & 0xC0) == 0x80)
		keep--;   /* never cut a character in two */
	memcpy(buf, pattern, keep);
	memcpy(buf + keep, "...", 4);
	return buf;
}

/* Reports every pattern of the list that does not compile (or can match an
 * empty text), each at its own position; returns how many. Keys and short
 * questions share it so that both word the message alike. */
int ld_report_bad_patterns(struct loader *ld, const struct ydoc_node *pats)
{
	int bad = 0;

	for (size_t i = 0; pats != NULL && pats->kind == YDOC_SEQ && i < pats->count; i++) {
		const struct ydoc_node *p = pats->items[i];
		struct grader_error err;
		char quoted[LD_PATTERN_QUOTED];

		memset(&err, 0, sizeof(err));
		if (p->kind != YDOC_SCALAR || grader_pattern_check(p->value, &err) == GRADER_OK)
			continue;
		ld_error(ld, p, "pattern '%s': %s (at offset %zu)",
			 ld_pattern_quote(p->value, quoted), err.text, err.offset);
		bad++;
	}
	return bad;
}

/* Reports the patterns that match an off-topic line (they would credit nearly
 * every what: "answer", "line"), in every load, since learn and grade would
 * grade with them; and, validating only (ld->probe: a few hundred matches per
 * pattern), those that hit a match limit on a hostile line (they would count as
 * no match on such a line; grading warns when one does). */
static void check_patterns(struct loader *ld, const struct ydoc_node *pats, const char *what,
			   const struct grader_key *key, size_t t)
{
	char why[320], quoted[LD_PATTERN_QUOTED];
	size_t j = 0;

	for (size_t i = 0; pats != NULL && pats->kind == YDOC_SEQ && i < pats->count; i++) {
		const struct ydoc_node *p = pats->items[i];
		const char *held;
		if (p->kind != YDOC_SCALAR)
			continue;
		/* the key's pattern j, when it is this one: item j that is not blank */
		held = key != NULL && !ydoc_is_blank(p) ? grader_threat_pattern(key, t, j++) : NULL;
		if ((ld->probe && rule_pattern_hits_limit(p->value, why, sizeof(why))) ||
		    (held != NULL && strcmp(held, p->value) == 0
			     ? rule_key_pattern_matches_off_topic(key, t, j - 1, what, why,
								  sizeof(why))
			     : rule_pattern_matches_off_topic(p->value, what, why, sizeof(why))))
			ld_error(ld, p, "pattern '%s' %s", ld_pattern_quote(p->value, quoted), why);
	}
}

void ld_check_patterns(struct loader *ld, const struct ydoc_node *pats, const char *what)
{
	check_patterns(ld, pats, what, NULL, 0);
}

void ld_check_key_patterns(struct loader *ld, const struct ydoc_node *pats,
			   const struct grader_key *key, size_t t)
{
	check_patterns(ld, pats, "line", key, t);
}

/* ==== hints that give the answer away ==== */

/*
 * How sure the grader must be that a hint's statement names a threat before
 * validate says it gives the threat away: its calibrated similarity (the
 * chance that a grader credits the pair). At the grading threshold (0.45) a
 * hint that names the part of the design to look at is credited nearly always
 * (the bundled keys' hints, questions and directions such as "Look at GET
 * /v1/invoices/{invoice_id} [3]", reach 0.83); a statement of the threat
 * ("an attacker can guess the reset token") reaches 0.9 and more.
 */
#define HINT_GIVES_AWAY 0.85

/* The threat of key that sentence s[0..len) earns with HINT_GIVES_AWAY or more,
 * graded as a one-line threat list; -1 when none (or memory ran out). */
static long sentence_earns(const struct grader_key *key, const char *s, size_t len,
			   double *similarity)
{
	long earned = ld_line_earns(key, s, len, similarity, NULL, 0);

	return earned >= 0 && *similarity >= HINT_GIVES_AWAY ? earned : -1;
}

long ld_line_earns(const struct grader_key *key, const char *s, size_t len, double *similarity,
		   char *why, size_t why_size)
{
	struct grader_result *res = NULL;
	struct grader_submission *sub = NULL;
	struct tm_diags d;
	double percent;
	long earned = -1;
	char *line = malloc(len + 1);

	if (line == NULL)
		return -1;
	/* one line, however the text is wrapped: a learner types it so */
	for (size_t i = 0; i < len; i++)
		line[i] = s[i] == '\n' || s[i] == '\r' ? ' ' : s[i];
	line[len] = '\0';
	tm_diags_init(&d);
	if (learn_grade_threats(key, line, 0, &percent, &res, &sub, &d) == TM_OK &&
	    grader_result_found_count(res) > 0) {
		earned = (long)grader_result_found_threat(res, 0);
		*similarity = grader_result_found_similarity(res, 0);
		if (why != NULL && why_size > 0)
			snprintf(why, why_size, "%s", grader_result_found_why(res, 0));
	}
	learn_result_free(res, sub);
	tm_diags_release(&d);
	free(line);
	return earned;
}

/* The length of the sentence hint starts with: up to and with a '.', '?' or
 * '!' followed by a blank or the end, else all of it. */
static size_t sentence_len(const char *hint)
{
	size_t n = 0;
	while (hint[n] != '\0') {
		char c = hint[n++];
		if ((c == '.' || c == '?' || c == '!') &&
		    (hint[n] == '\0' || isspace((unsigned char)hint[n])))
			break;
	}
	return n;
}

long ld_hint_earns(const struct grader_key *key, const char *hint, const char **sentence,
		   size_t *len, double *similarity)
{
	const char *p = hint;

	if (key == NULL || hint == NULL)
		return -1;
	while (*p != '\0') {
		while (isspace((unsigned char)*p))
			p++;
		size_t n = sentence_len(p);
		/* a question asks where to look: it states no threat, though it
		 * names what the threat is about ("who can delete the logs?") */
		if (n > 0 && p[n - 1] != '?') {
			long t = sentence_earns(key, p, n, similarity);
			if (t >= 0) {
				*sentence = p;
				*len = n;
				return t;
			}
		}
		p += n;
	}
	return -1;
}

void ld_warn_hint_earns(struct loader *ld, const struct ydoc_node *hint,
			const struct grader_key *key, const char *whose)
{
	const char *sentence = NULL;
	size_t len = 0;
	double sim = 0;

	if (hint == NULL || hint->kind != YDOC_SCALAR || ydoc_is_blank(hint))
		return;
	long t = ld_hint_earns(key, hint->value, &sentence, &len, &sim);
	if (t < 0)
		return;
	tm_diags_add(ld->diags, TM_OK, ld->file, hint->line, hint->column,
		     "%s gives the answer away: typed back as a threat, '%.*s%s' earns %s ('%s', "
		     "similarity %.2f); point at where to look, or ask a question, without "
		     "stating the threat", whose, len > 80 ? 77 : (int)len, sentence,
		     len > 80 ? "..." : "", grader_threat_id(key, (size_t)t),
		     grader_threat_title(key, (size_t)t), sim);
}
