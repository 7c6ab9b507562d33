/*
 * report.c: a cohort's grades on one exercise, read back from the gradebook and
 * joined with the answer key, and written as CSV or as one self-contained HTML
 * page (inline CSS, inline SVG charts, no script, nothing fetched). The page is
 * built with libxml2's tree API: every string a learner wrote (group names,
 * threat lines) goes in as a text node or an attribute value, which the
 * serializer escapes, so nothing a learner writes can become markup. libxml2
 * is opened on demand (xmllib.h).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gradebook_internal.h"
#include "store_internal.h"
#include "textchars.h"
#include "xmltree.h"

struct tm_report {
	char *cohort;
	const struct tm_exercise *ex;     /* borrowed from the content */
	const struct grader_key *key;     /* borrowed from the exercise */
	size_t nt;                        /* threats in the key */
	struct tm_report_group *groups;
	long long *ids;                   /* gradebook row of each group */
	size_t n, alloc;
	size_t *found_by;                 /* nt */
	size_t *order;                    /* nt, most-missed first */
	size_t hist[TM_REPORT_BINS];
	double mean, median;
	char key_hash[17];                /* the current key's version */
	size_t stale;                     /* groups graded against another version */
	size_t copies, name_likes;        /* groups with copy_of, name_like */
	size_t *top_picked_by;            /* nt: groups whose top three name it */
	size_t top_unmatched;             /* picks that match no threat */
};

/* ==== Reading the gradebook ========================================================= */

/*
 * A learner-supplied string (group name, threat line) as every report format
 * shows it: invalid UTF-8 becomes U+FFFD, and bidirectional and other control
 * characters become a visible "<U+202E>", so that "rtl<U+202E>gnp.exe" cannot
 * display as "rtlexe.png" and an escape in a name written by an older tmdojo
 * cannot drive a terminal or a spreadsheet. Caller frees; NULL on ENOMEM.
 */
static char *report_text(const char *s)
{
	char *clean = grader_utf8_clean(s != NULL ? s : "");
	size_t n = 0;
	unsigned cp;
	if (clean == NULL)
		return NULL;
	for (const char *p = clean; *p != '\0'; p++)
		n += tc_hidden_len(p, &cp) > 0;
	if (n == 0)
		return clean;
	char *out = malloc(strlen(clean) + n * 8 + 1);
	size_t o = 0;
	if (out != NULL) {
		for (const char *p = clean; *p != '\0';) {
			size_t k = tc_hidden_len(p, &cp);
			if (k == 0) {
				out[o++] = *p++;
				continue;
			}
			o += (size_t)sprintf(out + o, "<U+%04X>", cp);
			p += k;
		}
		out[o] = '\0';
	}
	free(clean);
	return out;
}

/* Picks the exercise: the given one, or the cohort's only one. */
static int pick_exercise(struct tm_gradebook *g, const char *cohort, const char *exercise,
			 char **out, struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	char list[512] = "";
	size_t count = 0;
	bool have = false;
	int status = gb_prepare(g, "SELECT DISTINCT exercise FROM gb_submissions WHERE cohort = ?1"
				" ORDER BY exercise", &st, "read the cohort", diags);
	if (status != TM_OK)
		return status;
	int bound = SQLITE_OK;
	store_bind_text(st, 1, cohort, &bound);
	*out = NULL;
	int rc;
	for (;;) {
		rc = store_step(st, bound);
		if (rc != SQLITE_ROW)
			break;
		const char *id = gb_column_text(st, 0);
		if (exercise != NULL && strcmp(id, exercise) == 0)
			have = true;
		if (count == 0 && exercise == NULL)
			*out = gb_strdup(id);
		size_t used = strlen(list);
		snprintf(list + used, sizeof(list) - used, "%s'%s'", count > 0 ? ", " : "", id);
		count++;
	}
	if (rc != SQLITE_DONE)
		status = gb_error(g, rc, "read the cohort", diags);
	sqlite3_finalize(st);
	if (status == TM_OK && count == 0)
		status = tm_diags_add(diags, TM_ENOTFOUND, NULL, 0, 0,
				      "cohort '%s' has no graded submissions", cohort);
	else if (status == TM_OK && exercise != NULL && !have)
		status = tm_diags_add(diags, TM_ENOTFOUND, NULL, 0, 0,
				      "cohort '%s' has no grades for exercise '%s' (it has %s)",
				      cohort, exercise, list);
	else if (status == TM_OK && exercise == NULL && count > 1)
		status = tm_diags_add(diags, TM_EUSAGE, NULL, 0, 0,
				      "cohort '%s' has grades for several exercises (%s); choose "
				      "one with --exercise", cohort, list);
	else if (status == TM_OK && exercise != NULL)
		*out = gb_strdup(exercise);
	if (status == TM_OK && *out == NULL)
		status = tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
	if (status != TM_OK) {
		free(*out);
		*out = NULL;
	}
	return status;
}

static int add_group(struct tm_report *r, sqlite3_stmt *st)
{
	if (r->n == r->alloc) {
		size_t na = r->alloc ? r->alloc * 2 : 64;
		struct tm_report_group *ng = realloc(r->groups, na * sizeof(*ng));
		if (ng == NULL)
			return TM_ENOMEM;
		r->groups = ng;
		long long *ni = realloc(r->ids, na * sizeof(*ni));
		if (ni == NULL)
			return TM_ENOMEM;
		r->ids = ni;
		r->alloc = na;
	}
	struct tm_report_group *gr = &r->groups[r->n];
	memset(gr, 0, sizeof(*gr));
	r->ids[r->n] = sqlite3_column_int64(st, 0);
	r->n++;
	gr->name = report_text(gb_column_text(st, 1));
	gr->score = sqlite3_column_double(st, 2);
	gr->points = sqlite3_column_double(st, 3);
	gr->max = sqlite3_column_double(st, 4);
	gr->submitted = sqlite3_column_int64(st, 5);
	gr->hash = gb_strdup(gb_column_text(st, 6));
	gr->graded = sqlite3_column_int64(st, 7);
	gr->key_hash = gb_strdup(gb_column_text(st, 8));
	gr->lines = (size_t)sqlite3_column_int64(st, 9);
	gr->found_line = calloc(r->nt > 0 ? r->nt : 1, sizeof(int));
	if (gr->name == NULL || gr->hash == NULL || gr->key_hash == NULL ||
	    gr->found_line == NULL)
		return TM_ENOMEM;
	gr->key_stale = strcmp(gr->key_hash, r->key_hash) != 0;
	r->stale += gr->key_stale;
	return TM_OK;
}

/* Prepares sql, whose ?1 is the report's cohort and ?2 the exercise, and
 * binds them; on failure *st is NULL. */
static int prepare_cohort_query(struct tm_gradebook *g, const struct tm_report *r,
				const char *exercise, const char *sql, const char *what,
				sqlite3_stmt **st, struct tm_diags *diags)
{
	int status = gb_prepare(g, sql, st, what, diags);

	if (status != TM_OK)
		return status;
	int bound = SQLITE_OK;
	store_bind_text(*st, 1, r->cohort, &bound);
	store_bind_text(*st, 2, exercise, &bound);
	if (bound == SQLITE_OK)
		return TM_OK;
	sqlite3_finalize(*st);
	*st = NULL;
	return gb_error(g, bound, what, diags);
}

/*
 * Whether gb_submissions has the key_hash column (migration 5). A report is
 * read-only and never migrates, so a file written by an older tmdojo (schema 2
 * to 4) has none; its grades are then of an unknown key version ('').
 * Returns TM_OK with *has set, or an error.
 */
static int has_key_hash(struct tm_gradebook *g, bool *has, struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	int status = gb_prepare(g, "SELECT count(*) FROM pragma_table_info('gb_submissions')"
				" WHERE name = 'key_hash'", &st, "read the grades", diags);
	if (status != TM_OK)
		return status;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*has = sqlite3_column_int(st, 0) > 0;
	else
		status = gb_error(g, rc, "read the grades", diags);
	sqlite3_finalize(st);
	return status;
}

static int read_groups(struct tm_gradebook *g, struct tm_report *r, const char *exercise,
		       struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	bool key_hash = false;
	int status = has_key_hash(g, &key_hash, diags);
	if (status != TM_OK)
		return status;
	status = prepare_cohort_query(g, r, exercise,
				      key_hash ? "SELECT id, name, score, points, max, submitted,"
						 " hash, graded, key_hash, lines"
						 " FROM gb_submissions WHERE cohort = ?1 AND"
						 " exercise = ?2 ORDER BY name, id"
					       : "SELECT id, name, score, points, max, submitted,"
						 " hash, graded, '' AS key_hash, lines"
						 " FROM gb_submissions WHERE cohort = ?1 AND"
						 " exercise = ?2 ORDER BY name, id",
				      "read the grades", &st, diags);
	if (status != TM_OK)
		return status;
	int rc;
	while (status == TM_OK) {
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			break;
		if (add_group(r, st) != TM_OK)
			status = tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
	}
	if (status == TM_OK && rc != SQLITE_DONE)
		status = gb_error(g, rc, "read the grades", diags);
	sqlite3_finalize(st);
	return status;
}

/* Index of the group with gradebook row id, walking forward from *cursor (the
 * rows of both queries come in the same name order). */
static long group_at(const struct tm_report *r, long long id, size_t *cursor)
{
	while (*cursor < r->n && r->ids[*cursor] != id)
		(*cursor)++;
	return *cursor < r->n ? (long)*cursor : -1;
}

static int read_found(struct tm_gradebook *g, struct tm_report *r, const char *exercise,
		      struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	int status = prepare_cohort_query(g, r, exercise,
					  "SELECT s.id, f.threat, f.line FROM gb_found f"
					  " JOIN gb_submissions s ON s.id = f.submission"
					  " WHERE s.cohort = ?1 AND s.exercise = ?2 ORDER BY s.name, s.id",
					  "read the found threats", &st, diags);
	if (status != TM_OK)
		return status;
	size_t cursor = 0;
	int rc;
	for (;;) {
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			break;
		long gi = group_at(r, sqlite3_column_int64(st, 0), &cursor);
		long t = grader_key_find(r->key, gb_column_text(st, 1));
		if (gi < 0 || t < 0)
			continue;   /* a threat the key no longer has */
		struct tm_report_group *gr = &r->groups[gi];
		int line = sqlite3_column_int(st, 2);
		((int *)gr->found_line)[t] = line > 0 ? line : 1;
		gr->stride_found |= grader_threat_stride(r->key, (size_t)t);
		r->found_by[t]++;
	}
	if (rc != SQLITE_DONE)
		status = gb_error(g, rc, "read the found threats", diags);
	sqlite3_finalize(st);
	return status;
}

/* Whether table has column (a report never migrates: an older file lacks the
 * later ones). */
static int has_column(struct tm_gradebook *g, const char *table, const char *column, bool *has,
		      struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	int status = gb_prepare(g, "SELECT count(*) FROM pragma_table_info(?1) WHERE name = ?2",
				&st, "read the grades", diags);
	if (status != TM_OK)
		return status;
	int bound = SQLITE_OK;
	store_bind_text(st, 1, table, &bound);
	store_bind_text(st, 2, column, &bound);
	int rc = store_step(st, bound);
	if (rc == SQLITE_ROW)
		*has = sqlite3_column_int(st, 0) > 0;
	else
		status = gb_error(g, rc, "read the grades", diags);
	sqlite3_finalize(st);
	return status;
}

/* The SELECT of the top three, with the columns of migration 13 when has. */
#define READ_TOP_SQL(CLOSEST)                                                                \
	"SELECT s.id, t.rank, t.line, t.text, t.threat, " CLOSEST " FROM gb_top t"           \
	" JOIN gb_submissions s ON s.id = t.submission"                                      \
	" WHERE s.cohort = ?1 AND s.exercise = ?2"                                           \
	" ORDER BY s.name, s.id, t.rank"

static int read_top(struct tm_gradebook *g, struct tm_report *r, const char *exercise,
		    struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	bool closest = false;
	int status = has_column(g, "gb_top", "closest", &closest, diags);
	if (status != TM_OK)
		return status;
	status = prepare_cohort_query(g, r, exercise,
				      closest ? READ_TOP_SQL("t.closest, t.similarity, s.top_given")
					      : READ_TOP_SQL("NULL, 0, 0"),
				      "read the top three", &st, diags);
	if (status != TM_OK)
		return status;
	size_t cursor = 0;
	int rc;
	while (status == TM_OK) {
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			break;
		long gi = group_at(r, sqlite3_column_int64(st, 0), &cursor);
		if (gi < 0 || r->groups[gi].top_count >= 3)
			continue;
		struct tm_report_group *gr = &r->groups[gi];
		struct tm_report_top *top = &gr->top[gr->top_count];
		top->line = sqlite3_column_int(st, 2);
		top->text = report_text(gb_column_text(st, 3));
		top->threat = sqlite3_column_type(st, 4) == SQLITE_NULL ? -1 :
			grader_key_find(r->key, gb_column_text(st, 4));
		top->closest = sqlite3_column_type(st, 5) == SQLITE_NULL ? -1 :
			grader_key_find(r->key, gb_column_text(st, 5));
		top->similarity = sqlite3_column_double(st, 6);
		gr->top_given = (size_t)sqlite3_column_int64(st, 7);
		for (size_t k = 0; k < gr->top_count && top->threat >= 0; k++)
			top->repeat |= gr->top[k].threat == top->threat;
		if (top->text == NULL)
			status = tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
		else
			gr->top_count++;
	}
	if (status == TM_OK && rc != SQLITE_DONE)
		status = gb_error(g, rc, "read the top three", diags);
	sqlite3_finalize(st);
	return status;
}

/* ==== Statistics ========================================================================= */

/* A threat with its discovery count and severity, for sorting without global
 * state. */
struct ranked {
	size_t found, t;
	int severity;   /* enum grader_severity: higher is more severe */
};

/* Most missed first; among threats found as often, the more severe first
 * (critical, high, medium, low: the one a trainer must raise), then key order. */
static int by_discovery(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->found != y->found)
		return x->found < y->found ? -1 : 1;
	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	return x->t < y->t ? -1 : (x->t > y->t);
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : (x > y);
}

static int compute_stats(struct tm_report *r)
{
	struct ranked *rank = malloc((r->nt > 0 ? r->nt : 1) * sizeof(*rank));
	if (rank == NULL)
		return TM_ENOMEM;
	for (size_t t = 0; t < r->nt; t++)
		rank[t] = (struct ranked){ r->found_by[t], t,
					   (int)grader_threat_severity(r->key, t) };
	qsort(rank, r->nt, sizeof(*rank), by_discovery);
	for (size_t k = 0; k < r->nt; k++)
		r->order[k] = rank[k].t;
	free(rank);
	double *scores = malloc((r->n > 0 ? r->n : 1) * sizeof(*scores));
	if (scores == NULL)
		return TM_ENOMEM;
	double sum = 0;
	for (size_t i = 0; i < r->n; i++) {
		double s = r->groups[i].score;
		/* banded as every report prints it (one decimal): "20.0%" in 20-29 */
		int bin = (int)floor(round(s * 10) / 10 / (100.0 / TM_REPORT_BINS));
		bin = bin < 0 ? 0 : bin >= TM_REPORT_BINS ? TM_REPORT_BINS - 1 : bin;
		r->hist[bin]++;
		sum += s;
		scores[i] = s;
	}
	qsort(scores, r->n, sizeof(*scores), by_value);
	r->mean = r->n > 0 ? sum / (double)r->n : 0;
	r->median = r->n == 0 ? 0 : r->n % 2 ? scores[r->n / 2] :
		(scores[r->n / 2 - 1] + scores[r->n / 2]) / 2;
	free(scores);
	return TM_OK;
}

/* Tallies the groups' picks: per threat, how many groups name it (a repeat
 * counts once), and how many picks match no threat. */
static void tally_top(struct tm_report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct tm_report_group *gr = &r->groups[i];
		for (size_t k = 0; k < gr->top_count; k++) {
			const struct tm_report_top *top = &gr->top[k];
			if (top->threat < 0)
				r->top_unmatched++;
			else if (!top->repeat)
				r->top_picked_by[top->threat]++;
		}
	}
}

/* Marks the groups whose file is an exact copy of another's, and those whose
 * names differ only in case: likely one group's file saved twice. */
static int find_lookalikes(struct tm_report *r)
{
	const char **names = malloc((r->n + 1) * sizeof(*names));
	const char **hashes = malloc((r->n + 1) * sizeof(*hashes));
	long *copy_of = malloc((r->n + 1) * sizeof(*copy_of));
	long *name_like = malloc((r->n + 1) * sizeof(*name_like));
	int status = TM_ENOMEM;
	if (names == NULL || hashes == NULL || copy_of == NULL || name_like == NULL)
		goto cleanup;
	for (size_t i = 0; i < r->n; i++) {
		names[i] = r->groups[i].name;
		hashes[i] = r->groups[i].hash;
	}
	status = tm_group_lookalikes(names, hashes, r->n, copy_of, name_like);
	for (size_t i = 0; status == TM_OK && i < r->n; i++) {
		struct tm_report_group *gr = &r->groups[i];
		gr->copy_of = copy_of[i] >= 0 ? r->groups[copy_of[i]].name : NULL;
		gr->name_like = name_like[i] >= 0 ? r->groups[name_like[i]].name : NULL;
		r->copies += gr->copy_of != NULL;
		r->name_likes += gr->name_like != NULL;
	}
cleanup:
	free(names);
	free(hashes);
	free(copy_of);
	free(name_like);
	return status;
}

/* ==== Building ============================================================================ */

int tm_report_build(struct tm_gradebook *g, const struct tm_content *c, const char *cohort,
		    const char *exercise, struct tm_report **out, struct tm_diags *diags)
{
	struct tm_report *r = calloc(1, sizeof(*r));
	char *exid = NULL;
	int status = TM_OK;
	*out = NULL;
	if (r != NULL)
		r->cohort = gb_strdup(cohort);
	if (r == NULL || r->cohort == NULL) {
		status = tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
		goto cleanup;
	}
	status = pick_exercise(g, cohort, exercise, &exid, diags);
	if (status != TM_OK)
		goto cleanup;
	r->ex = tm_content_find_exercise(c, exid);
	if (r->ex == NULL) {
		status = tm_diags_add(diags, TM_ENOTFOUND, NULL, 0, 0,
				      "exercise '%s' of cohort '%s' is not in the content", exid,
				      cohort);
		goto cleanup;
	}
	r->key = tm_exercise_key(r->ex);
	r->nt = grader_key_threat_count(r->key);
	tm_key_hash(r->key, r->key_hash);
	r->found_by = calloc(r->nt + 1, sizeof(*r->found_by));
	r->order = calloc(r->nt + 1, sizeof(*r->order));
	r->top_picked_by = calloc(r->nt + 1, sizeof(*r->top_picked_by));
	if (r->found_by == NULL || r->order == NULL || r->top_picked_by == NULL) {
		status = tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
		goto cleanup;
	}
	status = read_groups(g, r, exid, diags);
	if (status == TM_OK)
		status = read_found(g, r, exid, diags);
	if (status == TM_OK)
		status = read_top(g, r, exid, diags);
	if (status == TM_OK && (compute_stats(r) != TM_OK || find_lookalikes(r) != TM_OK))
		status = tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
	if (status == TM_OK)
		tally_top(r);
cleanup:
	free(exid);
	if (status != TM_OK) {
		tm_report_free(r);
		return status;
	}
	*out = r;
	return TM_OK;
}

void tm_report_free(struct tm_report *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->n; i++) {
		struct tm_report_group *gr = &r->groups[i];
		free((char *)gr->name);
		free((char *)gr->hash);
		free((char *)gr->key_hash);
		free((int *)gr->found_line);
		for (size_t k = 0; k < gr->top_count; k++)
			free((char *)gr->top[k].text);
	}
	free(r->groups);
	free(r->ids);
	free(r->found_by);
	free(r->order);
	free(r->top_picked_by);
	free(r->cohort);
	free(r);
}

const char *tm_report_cohort(const struct tm_report *r) { return r->cohort; }
const struct tm_exercise *tm_report_exercise(const struct tm_report *r) { return r->ex; }
size_t tm_report_group_count(const struct tm_report *r) { return r->n; }
const struct tm_report_group *tm_report_group(const struct tm_report *r, size_t i)
{
	return i < r->n ? &r->groups[i] : NULL;
}
size_t tm_report_found_by(const struct tm_report *r, size_t t)
{
	return t < r->nt ? r->found_by[t] : 0;
}
const size_t *tm_report_threat_order(const struct tm_report *r) { return r->order; }
const size_t *tm_report_histogram(const struct tm_report *r) { return r->hist; }
const char *tm_report_key_hash(const struct tm_report *r) { return r->key_hash; }
size_t tm_report_stale_count(const struct tm_report *r) { return r->stale; }
size_t tm_report_copy_count(const struct tm_report *r) { return r->copies; }
size_t tm_report_top_picked_by(const struct tm_report *r, size_t t)
{
	return t < r->nt ? r->top_picked_by[t] : 0;
}
size_t tm_report_top_unmatched(const struct tm_report *r) { return r->top_unmatched; }
size_t tm_report_name_like_count(const struct tm_report *r) { return r->name_likes; }
double tm_report_mean(const struct tm_report *r) { return r->mean; }

/* The value of a numeric macro as a string literal. */
#define QUOTE_(x) #x
#define QUOTE(x) QUOTE_(x)

const char *tm_report_group_partial(const struct tm_report_group *gr)
{
	if (gr->lines == 0)
		return "empty file";
	return gr->lines >= GRADER_MAX_LINES ? "cut at " QUOTE(GRADER_MAX_LINES) " lines" : NULL;
}

size_t tm_report_partial_count(const struct tm_report *r)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++)
		n += tm_report_group_partial(&r->groups[i]) != NULL;
	return n;
}
double tm_report_median(const struct tm_report *r) { return r->median; }

/* ==== A growable buffer ===================================================================== */

struct buf {
	char *data;
	size_t len, alloc;
	bool failed;
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n + 1 > b->alloc) {
		size_t na = b->alloc ? b->alloc : 4096;
		while (na < b->len + n + 1)
			na *= 2;
		char *nd = realloc(b->data, na);
		if (nd == NULL) {
			b->failed = true;
			return;
		}
		b->data = nd;
		b->alloc = na;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static void buf_str(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void buf_printf(struct buf *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n > 0)
		buf_add(b, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

/* ==== CSV ===================================================================================== */

/* One CSV field (RFC 4180, always quoted, quotes doubled). A field a spreadsheet
 * would evaluate as a formula (=, +, -, @, tab, CR first) gets a leading
 * apostrophe. */
static void csv_text(struct buf *b, const char *s, bool first)
{
	if (!first)
		buf_str(b, ",");
	buf_str(b, "\"");
	if (s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL)
		buf_str(b, "'");
	for (const char *p = s; *p != '\0'; p++) {
		if (*p == '"')
			buf_str(b, "\"\"");
		else
			buf_add(b, p, 1);
	}
	buf_str(b, "\"");
}

void tm_format_time(long long t, char *out, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tmv;
	if (gmtime_r(&tt, &tmv) == NULL || strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tmv) == 0)
		snprintf(out, size, "%lld", t);
}

int tm_report_csv(const struct tm_report *r, char **out, size_t *len, struct tm_diags *diags)
{
	struct buf b = { 0 };
	csv_text(&b, "group", true);
	const char *head[] = { "score", "points", "max_points", "submitted", "hash", "found" };
	for (size_t i = 0; i < sizeof(head) / sizeof(head[0]); i++)
		csv_text(&b, head[i], false);
	for (size_t t = 0; t < r->nt; t++)
		csv_text(&b, grader_threat_id(r->key, t), false);
	csv_text(&b, "top1", false);
	csv_text(&b, "top2", false);
	csv_text(&b, "top3", false);
	csv_text(&b, "graded", false);
	csv_text(&b, "key_hash", false);
	csv_text(&b, "identical_to", false);
	csv_text(&b, "name_like", false);
	csv_text(&b, "top1_threat", false);
	csv_text(&b, "top2_threat", false);
	csv_text(&b, "top3_threat", false);
	csv_text(&b, "top_given", false);
	csv_text(&b, "lines", false);
	buf_str(&b, "\r\n");
	for (size_t i = 0; i < r->n; i++) {
		const struct tm_report_group *gr = &r->groups[i];
		char num[64];
		size_t found = 0;
		csv_text(&b, gr->name, true);
		buf_printf(&b, ",%.1f,%g,%g,", gr->score, gr->points, gr->max);
		tm_format_time(gr->submitted, num, sizeof(num));
		buf_printf(&b, "%s,%s", num, gr->hash);
		for (size_t t = 0; t < r->nt; t++)
			found += gr->found_line[t] > 0;
		buf_printf(&b, ",%zu", found);
		for (size_t t = 0; t < r->nt; t++)
			buf_str(&b, gr->found_line[t] > 0 ? ",1" : ",0");
		for (size_t k = 0; k < 3; k++)
			csv_text(&b, k < gr->top_count ? gr->top[k].text : "", false);
		tm_format_time(gr->graded, num, sizeof(num));
		buf_printf(&b, ",%s,%s", num, gr->key_hash);
		csv_text(&b, gr->copy_of != NULL ? gr->copy_of : "", false);
		csv_text(&b, gr->name_like != NULL ? gr->name_like : "", false);
		for (size_t k = 0; k < 3; k++)
			csv_text(&b, k < gr->top_count && gr->top[k].threat >= 0 ?
				 grader_threat_id(r->key, (size_t)gr->top[k].threat) : "", false);
		buf_printf(&b, ",%zu,%zu", gr->top_given, gr->lines);
		buf_str(&b, "\r\n");
	}
	if (b.failed) {
		free(b.data);
		return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
	}
	*out = b.data != NULL ? b.data : strdup("");
	*len = b.len;
	return *out != NULL ? TM_OK : tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
}

/* ==== HTML ===================================================================================== */


/* Everything one page build needs; t.failed records the first out-of-memory. */
struct page {
	const struct tm_report *r;
	struct tm_xmltree t;   /* cleans its texts: stored names and lines */
	htmlDocPtr doc;
};

static const char page_css[] =
	"body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1100px}"
	"h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ccc}"
	"table{border-collapse:collapse;margin:1em 0}"
	"td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}"
	"th{background:#f3f3f3}.num{text-align:right}"
	".summary span{display:inline-block;margin-right:2em}"
	".ref td{background:#eef6ff;font-weight:600}.hit{background:#e7f7e7}"
	".tid{font-family:monospace;color:#555;margin-left:.4em}"
	"svg text{font-family:system-ui,sans-serif;font-size:12px}"
	".sev-critical{fill:#b2182b}.sev-high{fill:#ef8a62}.sev-medium{fill:#f4c542}"
	".sev-low{fill:#67a9cf}.bar{fill:#4a7fb0}"
	".warning{background:#fff3cd;border:1px solid #e0c36a;padding:.5em}.stale{color:#b2182b}";

static const char *sev_name(enum grader_severity s)
{
	const char *n = grader_severity_name(s);
	return n != NULL ? n : "none";
}

/* An svg chart of w x h with its id and its title (what it shows, for screen
 * readers and as a tooltip), under body. */
static xmlNodePtr chart_svg(struct tm_xmltree *xt, xmlNodePtr body, const char *id, int w, int h,
			    const char *title)
{
	xmlNodePtr svg = tm_xml_el(xt, body, NULL, "svg", NULL);
	tm_xml_set_attr(xt, svg, "id", id);
	tm_xml_set_attr(xt, svg, "role", "img");
	tm_xml_set_attrf(xt, svg, "width", "%d", w);
	tm_xml_set_attrf(xt, svg, "height", "%d", h);
	tm_xml_set_attrf(xt, svg, "viewBox", "0 0 %d %d", w, h);
	tm_xml_el(xt, svg, NULL, "title", title);
	return svg;
}

/* ---- score distribution ---------------------------------------------------------------- */

static void chart_histogram(struct page *pg, xmlNodePtr body)
{
	struct tm_xmltree *xt = &pg->t;
	const struct tm_report *r = pg->r;
	const int w = 640, h = 240, left = 40, bottom = 40, top = 20;
	size_t peak = 1;
	for (int i = 0; i < TM_REPORT_BINS; i++)
		peak = r->hist[i] > peak ? r->hist[i] : peak;
	xmlNodePtr svg = chart_svg(xt, body, "score-histogram", w, h,
				   "score distribution: groups per 10-point score band");
	double bw = (double)(w - left - 10) / TM_REPORT_BINS;
	double ph = h - bottom - top;
	for (int i = 0; i < TM_REPORT_BINS; i++) {
		double bh = ph * (double)r->hist[i] / (double)peak;
		double x = left + i * bw;
		xmlNodePtr rect = tm_xml_el(xt, svg, NULL, "rect", NULL);
		tm_xml_set_attr(xt, rect, "class", "bar");
		tm_xml_set_attrf(xt, rect, "x", "%.1f", x + 2);
		tm_xml_set_attrf(xt, rect, "y", "%.1f", top + ph - bh);
		tm_xml_set_attrf(xt, rect, "width", "%.1f", bw - 4);
		tm_xml_set_attrf(xt, rect, "height", "%.1f", bh);
		tm_xml_elf(xt, rect, NULL, "title", "%d-%d%%: %zu group%s", i * 10,
			   i == 9 ? 100 : i * 10 + 9, r->hist[i], r->hist[i] == 1 ? "" : "s");
		xmlNodePtr label = tm_xml_elf(xt, svg, NULL, "text", "%d", i * 10);
		tm_xml_set_attrf(xt, label, "x", "%.1f", x + 2);
		tm_xml_set_attrf(xt, label, "y", "%d", h - bottom + 16);
		if (r->hist[i] > 0) {
			xmlNodePtr cnt = tm_xml_elf(xt, svg, NULL, "text", "%zu", r->hist[i]);
			tm_xml_set_attr(xt, cnt, "class", "count");
			tm_xml_set_attrf(xt, cnt, "x", "%.1f", x + bw / 2 - 4);
			tm_xml_set_attrf(xt, cnt, "y", "%.1f", top + ph - bh - 4);
		}
	}
	xmlNodePtr axis = tm_xml_el(xt, svg, NULL, "text", "score (%)");
	tm_xml_set_attrf(xt, axis, "x", "%d", w / 2 - 30);
	tm_xml_set_attrf(xt, axis, "y", "%d", h - 6);
}

/* ---- discovery rate per threat ------------------------------------------------------------ */

/* Threat titles longer than this many characters are cut in the discovery
 * chart, whose bars start 420 pixels in. */
#define DISCOVERY_TITLE_CHARS 52

/* s cut to max characters (UTF-8 sequences kept whole, never split into
 * U+FFFD) with an ellipsis, into out (size at least max * 4 + 4). Returns out. */
static const char *short_label(const char *s, size_t max, char *out, size_t size)
{
	size_t i = 0, chars = 0;
	while (s[i] != '\0' && chars < max) {
		i++;
		while (((unsigned char)s[i] & 0xc0) == 0x80)
			i++;   /* continuation bytes of the same character */
		chars++;
	}
	bool cut = s[i] != '\0';
	if (i + 4 > size)
		i = 0;   /* cannot happen with the documented size */
	memcpy(out, s, i);
	if (cut)
		memcpy(out + i, "\xe2\x80\xa6", 3);   /* U+2026 */
	out[i + (cut ? 3 : 0)] = '\0';
	return out;
}


static void chart_discovery(struct page *pg, xmlNodePtr body)
{
	struct tm_xmltree *xt = &pg->t;
	const struct tm_report *r = pg->r;
	const int w = 1000, row = 22, left = 420, top = 10;
	int h = top + row * (int)r->nt + 30;
	xmlNodePtr svg = chart_svg(xt, body, "discovery-rate", w, h,
				   "share of groups that found each reference threat, most missed first");
	for (size_t k = 0; k < r->nt; k++) {
		size_t t = r->order[k];
		double rate = r->n > 0 ? (double)r->found_by[t] / (double)r->n : 0;
		int y = top + row * (int)k;
		const char *title = grader_threat_title(r->key, t);
		char cut[DISCOVERY_TITLE_CHARS * 4 + 4];
		short_label(title, DISCOVERY_TITLE_CHARS, cut, sizeof(cut));
		xmlNodePtr text = tm_xml_elf(xt, svg, NULL, "text", "%s %s",
					     grader_threat_id(r->key, t), cut);
		if (strcmp(cut, title) != 0)
			tm_xml_el(xt, text, NULL, "title", title);   /* the full title on hover */
		tm_xml_set_attrf(xt, text, "x", "%d", 4);
		tm_xml_set_attrf(xt, text, "y", "%d", y + 15);
		xmlNodePtr rect = tm_xml_el(xt, svg, NULL, "rect", NULL);
		tm_xml_set_attrf(xt, rect, "class", "sev-%s",
				 sev_name(grader_threat_severity(r->key, t)));
		tm_xml_set_attrf(xt, rect, "x", "%d", left);
		tm_xml_set_attrf(xt, rect, "y", "%d", y + 3);
		tm_xml_set_attrf(xt, rect, "width", "%.1f", rate * (w - left - 70));
		tm_xml_set_attrf(xt, rect, "height", "%d", row - 6);
		tm_xml_elf(xt, rect, NULL, "title", "%s (%s): found by %zu of %zu group%s",
		    grader_threat_id(r->key, t), sev_name(grader_threat_severity(r->key, t)),
		    r->found_by[t], r->n, r->n == 1 ? "" : "s");
		xmlNodePtr pct = tm_xml_elf(xt, svg, NULL, "text", "%.0f%%", rate * 100);
		tm_xml_set_attrf(xt, pct, "x", "%.1f", left + rate * (w - left - 70) + 4);
		tm_xml_set_attrf(xt, pct, "y", "%d", y + 15);
	}
	xmlNodePtr legend = tm_xml_el(xt, svg, NULL, "text",
			       "bar colour: severity (critical, high, medium, low)");
	tm_xml_set_attrf(xt, legend, "x", "%d", left);
	tm_xml_set_attrf(xt, legend, "y", "%d", h - 8);
}

/* ---- STRIDE heat map ------------------------------------------------------------------------ */

/* Group names longer than this many characters are cut in the heat map, whose
 * cells start 240 pixels in. */
#define STRIDE_LABEL_CHARS 30

/* Writes "found/total" centred at x in a heatmap cell: the shades alone (1 of
 * 12 next to none) cannot be told apart on paper, and a printed page has no
 * hover text. White on the darker half of the scale. */
static void cell_count(struct tm_xmltree *xt, xmlNodePtr svg, int x, int y, size_t found,
		       size_t total)
{
	xmlNodePtr text = tm_xml_elf(xt, svg, NULL, "text", "%zu/%zu", found, total);
	tm_xml_set_attr(xt, text, "class", "cell");
	tm_xml_set_attrf(xt, text, "x", "%d", x);
	tm_xml_set_attrf(xt, text, "y", "%d", y);
	tm_xml_set_attr(xt, text, "text-anchor", "middle");
	tm_xml_set_attr(xt, text, "fill", 2 * found > total ? "#ffffff" : "#222222");
}

static void chart_stride(struct page *pg, xmlNodePtr body)
{
	struct tm_xmltree *xt = &pg->t;
	const struct tm_report *r = pg->r;
	static const char letters[] = "STRIDE";
	const int cell = 44, row = 20, left = 240, top = 30;
	size_t in_key[6] = { 0 };
	for (size_t t = 0; t < r->nt; t++)
		for (int c = 0; c < 6; c++)
			in_key[c] += (grader_threat_stride(r->key, t) >> c) & 1u;
	int w = left + 6 * cell + 20, h = top + row * (int)r->n + 10;
	xmlNodePtr svg = chart_svg(xt, body, "stride-heatmap", w, h,
				   "STRIDE coverage per group: share of the key's threats "
				   "of each category that the group found");
	for (int c = 0; c < 6; c++) {
		char l[2] = { letters[c], '\0' };
		xmlNodePtr head = tm_xml_el(xt, svg, NULL, "text", l);
		tm_xml_set_attrf(xt, head, "x", "%d", left + c * cell + cell / 2 - 4);
		tm_xml_set_attrf(xt, head, "y", "%d", top - 10);
		xmlNodePtr tip = tm_xml_el(xt, head, NULL, "title", grader_stride_name(1u << c));
		(void)tip;
	}
	for (size_t i = 0; i < r->n; i++) {
		const struct tm_report_group *gr = &r->groups[i];
		int y = top + row * (int)i;
		char label[STRIDE_LABEL_CHARS * 4 + 4];
		xmlNodePtr name = tm_xml_el(xt, svg, NULL, "text",
					    short_label(gr->name, STRIDE_LABEL_CHARS, label,
							sizeof(label)));
		if (strcmp(label, gr->name) != 0)
			tm_xml_el(xt, name, NULL, "title", gr->name);   /* the full name on hover */
		tm_xml_set_attr(xt, name, "class", "group");
		tm_xml_set_attrf(xt, name, "x", "%d", 4);
		tm_xml_set_attrf(xt, name, "y", "%d", y + 14);
		size_t found[6] = { 0 };
		for (size_t t = 0; t < r->nt; t++)
			if (gr->found_line[t] > 0)
				for (int c = 0; c < 6; c++)
					found[c] += (grader_threat_stride(r->key, t) >> c) & 1u;
		for (int c = 0; c < 6; c++) {
			xmlNodePtr rect = tm_xml_el(xt, svg, NULL, "rect", NULL);
			tm_xml_set_attrf(xt, rect, "x", "%d", left + c * cell);
			tm_xml_set_attrf(xt, rect, "y", "%d", y);
			tm_xml_set_attrf(xt, rect, "width", "%d", cell - 2);
			tm_xml_set_attrf(xt, rect, "height", "%d", row - 2);
			if (in_key[c] == 0) {
				tm_xml_set_attr(xt, rect, "fill", "#dddddd");
				tm_xml_elf(xt, rect, NULL, "title", "%c: not in the key",
					   letters[c]);
				continue;
			}
			double share = (double)found[c] / (double)in_key[c];
			/* white (none found) to dark green (all found) */
			int red = (int)lround(255 - share * (255 - 27));
			int green = (int)lround(255 - share * (255 - 120));
			int blue = (int)lround(255 - share * (255 - 55));
			tm_xml_set_attrf(xt, rect, "fill", "#%02x%02x%02x", red, green, blue);
			tm_xml_set_attr(xt, rect, "stroke", "#bbbbbb");
			tm_xml_elf(xt, rect, NULL, "title", "%c: %zu of %zu found", letters[c],
				   found[c], in_key[c]);
			cell_count(xt, svg, left + c * cell + (cell - 2) / 2, y + 14, found[c],
				   in_key[c]);
		}
	}
}

/* The warning over the charts when some grades stand on an empty or cut file:
 * an empty file counts as 0% in the mean, median and histogram, which a
 * reader of the page cannot tell from a group that found nothing. */
static void html_partial_warning(struct page *pg, xmlNodePtr body)
{
	struct tm_xmltree *xt = &pg->t;
	const struct tm_report *r = pg->r;
	size_t n = tm_report_partial_count(r), listed = 0;
	if (n == 0)
		return;
	xmlNodePtr warn = tm_xml_elf(xt, body, NULL, "p", "Warning: %zu group%s graded on an "
				     "empty or cut file, counted in the mean, median and "
				     "distribution as graded: ", n, n == 1 ? " was" : "s were");
	for (size_t i = 0; i < r->n; i++) {
		const char *partial = tm_report_group_partial(&r->groups[i]);
		if (partial == NULL)
			continue;
		if (listed++ > 0)
			tm_xml_el(xt, warn, NULL, "span", ", ");
		tm_xml_elf(xt, warn, NULL, "span", "%s (%s)", r->groups[i].name, partial);
	}
	tm_xml_set_attr(xt, warn, "class", "warning");
	tm_xml_set_attr(xt, warn, "id", "partial");
}

/* ---- tables ------------------------------------------------------------------------------------ */

/* The groups table's note: an exact copy of another group's file, a name that
 * is another's but for case (likely one group saved twice), a grade that stands
 * on an empty or cut file. */
static void lookalike_cell(struct tm_xmltree *xt, xmlNodePtr tr, const struct tm_report_group *gr)
{
	xmlNodePtr td = tm_xml_el(xt, tr, NULL, "td", NULL);
	const char *partial = tm_report_group_partial(gr);
	const char *sep = "";
	if (gr->copy_of != NULL) {
		tm_xml_elf(xt, td, NULL, "span", "identical to %s", gr->copy_of);
		sep = "; ";
	}
	if (gr->name_like != NULL) {
		tm_xml_elf(xt, td, NULL, "span", "%ssame name as %s but for case", sep,
			   gr->name_like);
		sep = "; ";
	}
	if (partial != NULL)
		tm_xml_elf(xt, td, NULL, "span", "%s%s", sep, partial);
	if (gr->copy_of != NULL || gr->name_like != NULL || partial != NULL)
		tm_xml_set_attr(xt, td, "class", "stale");
}

static void table_groups(struct page *pg, xmlNodePtr body)
{
	struct tm_xmltree *xt = &pg->t;
	const struct tm_report *r = pg->r;
	xmlNodePtr table = tm_xml_el(xt, body, NULL, "table", NULL);
	tm_xml_set_attr(xt, table, "id", "groups");
	xmlNodePtr tr = tm_xml_el(xt, table, NULL, "tr", NULL);
	const char *heads[] = { "group", "score", "points", "threats found", "submitted",
				"version", "graded", "key", "note" };
	for (size_t i = 0; i < sizeof(heads) / sizeof(heads[0]); i++)
		tm_xml_el(xt, tr, NULL, "th", heads[i]);
	for (size_t i = 0; i < r->n; i++) {
		const struct tm_report_group *gr = &r->groups[i];
		size_t found = 0;
		char when[64];
		for (size_t t = 0; t < r->nt; t++)
			found += gr->found_line[t] > 0;
		tm_format_time(gr->submitted, when, sizeof(when));
		tr = tm_xml_el(xt, table, NULL, "tr", NULL);
		tm_xml_el(xt, tr, NULL, "td", gr->name);
		tm_xml_set_attr(xt, tm_xml_elf(xt, tr, NULL, "td", "%.1f%%", gr->score), "class",
				"num");
		tm_xml_set_attr(xt, tm_xml_elf(xt, tr, NULL, "td", "%g / %g", gr->points, gr->max),
				"class", "num");
		tm_xml_set_attr(xt, tm_xml_elf(xt, tr, NULL, "td", "%zu of %zu", found, r->nt),
				"class", "num");
		tm_xml_el(xt, tr, NULL, "td", when);
		tm_xml_set_attr(xt, tm_xml_elf(xt, tr, NULL, "td", "%.8s", gr->hash), "title",
				gr->hash);
		tm_format_time(gr->graded, when, sizeof(when));
		tm_xml_el(xt, tr, NULL, "td", when);
		xmlNodePtr key = tm_xml_elf(xt, tr, NULL, "td", "%s", !gr->key_stale ? "current" :
				     gr->key_hash[0] != '\0' ? "older" : "unknown");
		if (gr->key_stale)
			tm_xml_set_attr(xt, key, "class", "stale");
		lookalike_cell(xt, tr, gr);
	}
}

static void table_threats(struct page *pg, xmlNodePtr body)
{
	struct tm_xmltree *xt = &pg->t;
	const struct tm_report *r = pg->r;
	xmlNodePtr table = tm_xml_el(xt, body, NULL, "table", NULL);
	tm_xml_set_attr(xt, table, "id", "threats");
	xmlNodePtr tr = tm_xml_el(xt, table, NULL, "tr", NULL);
	const char *heads[] = { "threat", "title", "severity", "found by", "rate" };
	for (size_t i = 0; i < 5; i++)
		tm_xml_el(xt, tr, NULL, "th", heads[i]);
	for (size_t k = 0; k < r->nt; k++) {
		size_t t = r->order[k];
		tr = tm_xml_el(xt, table, NULL, "tr", NULL);
		tm_xml_el(xt, tr, NULL, "td", grader_threat_id(r->key, t));
		tm_xml_el(xt, tr, NULL, "td", grader_threat_title(r->key, t));
		tm_xml_el(xt, tr, NULL, "td", sev_name(grader_threat_severity(r->key, t)));
		xmlNodePtr by = tm_xml_elf(xt, tr, NULL, "td", "%zu of %zu", r->found_by[t], r->n);
		tm_xml_set_attr(xt, by, "class", "num");
		tm_xml_set_attr(xt, tm_xml_elf(xt, tr, NULL, "td", "%.0f%%",
			     r->n > 0 ? 100.0 * (double)r->found_by[t] / (double)r->n : 0),
		     "class", "num");
	}
}

/* Whether key threat t is one of the reference top three. */
static bool in_reference_top(const struct tm_report *r, long t)
{
	if (t < 0)
		return false;
	for (size_t k = 0; k < tm_exercise_top_count(r->ex); k++)
		if (strcmp(tm_exercise_top_threat(r->ex, k), grader_threat_id(r->key, (size_t)t)) == 0)
			return true;
	return false;
}

/* The top-three cell k of a group that gave fewer than three picks: says so,
 * so that a missing pick does not read as a cell the page failed to fill (an
 * empty file is noted under Groups; its cells stay empty). */
static void missing_pick(struct tm_xmltree *xt, xmlNodePtr td, const struct tm_report_group *gr,
			 size_t k)
{
	if (gr->lines == 0 || (gr->top_count == 0 && k > 0))
		return;
	xmlNodePtr span = gr->top_count == 0 && k == 0 ?
		tm_xml_el(xt, td, NULL, "span", "no picks under its top-three label") :
		tm_xml_elf(xt, td, NULL, "span", "no pick #%zu (%zu given)", k + 1, gr->top_count);
	tm_xml_set_attr(xt, span, "class", "tid");
}

static void table_top_three(struct page *pg, xmlNodePtr body)
{
	struct tm_xmltree *xt = &pg->t;
	const struct tm_report *r = pg->r;
	xmlNodePtr table = tm_xml_el(xt, body, NULL, "table", NULL);
	tm_xml_set_attr(xt, table, "id", "top-three");
	xmlNodePtr tr = tm_xml_el(xt, table, NULL, "tr", NULL);
	const char *heads[] = { "group", "#1", "#2", "#3" };
	for (size_t i = 0; i < 4; i++)
		tm_xml_el(xt, tr, NULL, "th", heads[i]);
	tr = tm_xml_el(xt, table, NULL, "tr", NULL);
	tm_xml_set_attr(xt, tr, "class", "ref");
	tm_xml_el(xt, tr, NULL, "td", "reference");
	for (size_t k = 0; k < 3; k++) {
		xmlNodePtr td = tm_xml_el(xt, tr, NULL, "td", NULL);
		if (k >= tm_exercise_top_count(r->ex))
			continue;
		const char *id = tm_exercise_top_threat(r->ex, k);
		long t = grader_key_find(r->key, id);
		tm_xml_el(xt, td, NULL, "span",
			  t >= 0 ? grader_threat_title(r->key, (size_t)t) : id);
		tm_xml_set_attr(xt, tm_xml_el(xt, td, NULL, "span", id), "class", "tid");
		const char *why = tm_exercise_top_why(r->ex, k);
		if (why != NULL)
			tm_xml_set_attr(xt, td, "title", why);
	}
	for (size_t i = 0; i < r->n; i++) {
		const struct tm_report_group *gr = &r->groups[i];
		tr = tm_xml_el(xt, table, NULL, "tr", NULL);
		tm_xml_el(xt, tr, NULL, "td", gr->name);
		for (size_t k = 0; k < 3; k++) {
			xmlNodePtr td = tm_xml_el(xt, tr, NULL, "td", NULL);
			if (k >= gr->top_count) {
				missing_pick(xt, td, gr, k);
				continue;
			}
			const struct tm_report_top *top = &gr->top[k];
			tm_xml_el(xt, td, NULL, "span", top->text);
			if (top->threat >= 0) {
				const char *tid = grader_threat_id(r->key, (size_t)top->threat);
				tm_xml_set_attr(xt, tm_xml_elf(xt, td, NULL, "span", "%s%s", tid,
							       top->repeat ? ", repeat" : ""),
						"class", "tid");
			} else if (top->closest >= 0) {
				tm_xml_set_attr(xt, tm_xml_elf(xt, td, NULL, "span",
							       "no threat; closest %s %.2f",
							       grader_threat_id(r->key,
										(size_t)top->closest),
							       top->similarity),
						"class", "tid");
			}
			if (in_reference_top(r, top->threat))
				tm_xml_set_attr(xt, td, "class", "hit");
			if (k == 2 && gr->top_given > 3)
				tm_xml_elf(xt, td, NULL, "span", " (%zu picks given, the first 3 read)",
					   gr->top_given);
		}
	}
}

/* Per threat how many groups picked it (the reference's marked), most picked
 * first, and how many picks match no threat. */
static void table_top_tally(struct page *pg, xmlNodePtr body)
{
	struct tm_xmltree *xt = &pg->t;
	const struct tm_report *r = pg->r;
	size_t max = 0;
	xmlNodePtr table = tm_xml_el(xt, body, NULL, "table", NULL);
	tm_xml_set_attr(xt, table, "id", "top-tally");
	xmlNodePtr tr = tm_xml_el(xt, table, NULL, "tr", NULL);
	tm_xml_el(xt, tr, NULL, "th", "threat");
	tm_xml_el(xt, tr, NULL, "th", "groups that picked it");
	for (size_t t = 0; t < r->nt; t++)
		max = r->top_picked_by[t] > max ? r->top_picked_by[t] : max;
	for (size_t c = max; c > 0; c--)
		for (size_t t = 0; t < r->nt; t++) {
			if (r->top_picked_by[t] != c)
				continue;
			tr = tm_xml_el(xt, table, NULL, "tr", NULL);
			xmlNodePtr td = tm_xml_elf(xt, tr, NULL, "td", "%s %s%s",
						   grader_threat_id(r->key, t),
						   grader_threat_title(r->key, t),
						   in_reference_top(r, (long)t) ? " (reference)" : "");
			if (in_reference_top(r, (long)t))
				tm_xml_set_attr(xt, td, "class", "hit");
			tm_xml_set_attr(xt, tm_xml_elf(xt, tr, NULL, "td", "%zu", c), "class", "num");
		}
	tr = tm_xml_el(xt, table, NULL, "tr", NULL);
	tm_xml_el(xt, tr, NULL, "td", "picks that match no threat");
	tm_xml_set_attr(xt, tm_xml_elf(xt, tr, NULL, "td", "%zu", r->top_unmatched), "class", "num");
}

/* ---- the page ----------------------------------------------------------------------------------- */

static void build_page(struct page *pg)
{
	struct tm_xmltree *xt = &pg->t;
	const struct tm_report *r = pg->r;
	xmlNodePtr html = pg->t.x->new_node(NULL, BAD_CAST "html");
	if (html == NULL) {
		pg->t.failed = true;
		return;
	}
	pg->t.x->doc_set_root_element(pg->doc, html);
	tm_xml_set_attr(xt, html, "lang", "en");
	xmlNodePtr head = tm_xml_el(xt, html, NULL, "head", NULL);
	xmlNodePtr meta = tm_xml_el(xt, head, NULL, "meta", NULL);
	tm_xml_set_attr(xt, meta, "charset", "utf-8");
	/* No script, no network: the page may only use what it carries inline. */
	meta = tm_xml_el(xt, head, NULL, "meta", NULL);
	tm_xml_set_attr(xt, meta, "http-equiv", "Content-Security-Policy");
	tm_xml_set_attr(xt, meta, "content",
			"default-src 'none'; style-src 'unsafe-inline'; img-src data:");
	tm_xml_elf(xt, head, NULL, "title", "tmdojo cohort report: %s, %s", r->cohort,
		   tm_exercise_id(r->ex));
	tm_xml_el(xt, head, NULL, "style", page_css);
	xmlNodePtr body = tm_xml_el(xt, html, NULL, "body", NULL);
	tm_xml_elf(xt, body, NULL, "h1", "Cohort %s: %s", r->cohort, tm_exercise_title(r->ex));
	xmlNodePtr sum = tm_xml_el(xt, body, NULL, "p", NULL);
	tm_xml_set_attr(xt, sum, "class", "summary");
	tm_xml_set_attr(xt, sum, "id", "summary");
	tm_xml_elf(xt, sum, NULL, "span", "%zu group%s", r->n, r->n == 1 ? "" : "s");
	tm_xml_elf(xt, sum, NULL, "span", "mean score %.1f%%", r->mean);
	tm_xml_elf(xt, sum, NULL, "span", "median score %.1f%%", r->median);
	tm_xml_elf(xt, sum, NULL, "span", "%zu reference threats", r->nt);
	if (r->stale > 0) {
		/* points were earned against another key than the threats listed here */
		xmlNodePtr warn = tm_xml_elf(
			xt, body, NULL, "p",
			"Warning: %zu of %zu group%s %s graded against another version of the "
			"answer key than the current one (%.8s); their scores and found threats "
			"may not match the threats below. Re-grade them: ",
			r->stale, r->n, r->n == 1 ? "" : "s", r->stale == 1 ? "was" : "were",
			r->key_hash);
		tm_xml_set_attr(xt, warn, "class", "warning");
		tm_xml_set_attr(xt, warn, "id", "key-versions");
		size_t listed = 0;
		for (size_t i = 0; i < r->n; i++) {
			const struct tm_report_group *gr = &r->groups[i];
			if (!gr->key_stale)
				continue;
			if (listed++ > 0)
				tm_xml_el(xt, warn, NULL, "span", ", ");
			tm_xml_el(xt, warn, NULL, "span", gr->name);
			tm_xml_elf(xt, warn, NULL, "span", " (key %s)",
			    gr->key_hash[0] != '\0' ? gr->key_hash : "unknown");
		}
	}
	if (r->copies > 0 || r->name_likes > 0) {
		xmlNodePtr warn = tm_xml_elf(
			xt, body, NULL, "p",
			"Warning: %zu group%s %s an exact copy of another group's file and %zu %s a "
			"name that differs from another's only in case: likely one group's file "
			"saved twice, counted twice. See the note column under Groups.",
			r->copies, r->copies == 1 ? "" : "s", r->copies == 1 ? "is" : "are",
			r->name_likes, r->name_likes == 1 ? "has" : "have");
		tm_xml_set_attr(xt, warn, "class", "warning");
		tm_xml_set_attr(xt, warn, "id", "lookalikes");
	}
	html_partial_warning(pg, body);
	tm_xml_el(xt, body, NULL, "h2", "Score distribution");
	chart_histogram(pg, body);
	tm_xml_el(xt, body, NULL, "h2", "Which threats the groups found (most missed first)");
	chart_discovery(pg, body);
	table_threats(pg, body);
	tm_xml_el(xt, body, NULL, "h2", "STRIDE coverage per group");
	tm_xml_el(xt, body, NULL, "p", "Each cell: how many of the key's threats of that category "
		  "the group found, of how many (white none, dark green all; grey: the key has "
		  "none).");
	chart_stride(pg, body);
	tm_xml_el(xt, body, NULL, "h2", "Top three: every group beside the reference");
	tm_xml_el(xt, body, NULL, "p", "Green cells name a threat of the reference top three.");
	table_top_three(pg, body);
	tm_xml_el(xt, body, NULL, "h2", "Top three: picks across groups");
	table_top_tally(pg, body);
	tm_xml_el(xt, body, NULL, "h2", "Groups");
	table_groups(pg, body);
}

int tm_report_html(const struct tm_report *r, char **out, size_t *len, struct tm_diags *diags)
{
	struct tm_xmllib x;
	struct page pg = { .r = r, .t = { .x = &x, .clean = true } };
	xmlChar *mem = NULL;
	int size = 0;
	int status;
	*out = NULL;
	*len = 0;
	status = tm_xmllib_open(&x, diags);
	if (status != TM_OK)
		return status;
	pg.doc = x.html_new_doc_no_dtd(NULL, NULL);
	if (pg.doc == NULL || x.create_int_subset(pg.doc, BAD_CAST "html", NULL, NULL) == NULL) {
		status = tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
		goto cleanup;
	}
	build_page(&pg);
	if (pg.t.failed) {
		status = tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
		goto cleanup;
	}
	x.html_doc_dump_memory_format(pg.doc, &mem, &size, 0);
	status = tm_xmllib_take(&x, mem, size, out, len, diags);
cleanup:
	if (pg.doc != NULL)
		x.free_doc(pg.doc);
	tm_xmllib_close(&x);
	return status;
}
