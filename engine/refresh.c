/*
 * refresh.c: the personal refresher. Picks the quiz questions a learner got
 * wrong before (from the progress store's answers), and grades and records
 * answers to them in refresher_answers (schema migration 7), a table no
 * progress, score or analytics query reads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "store_internal.h"
#include "tmengine.h"

struct pick {
	struct tm_refresh_item it;
	char *answer;         /* owned: it.last_answer */
	size_t *order;        /* owned: it.order */
	size_t rank;          /* the row's place, most recent first */
};

struct tm_refresh {
	struct pick *items;
	size_t count;
	size_t rested;   /* questions left out: put right in a refresher since */
	struct tm_refresh_item *threat_lists;   /* left out: answered in learn only */
	size_t threat_list_count;
};

void tm_refresh_free(struct tm_refresh *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->count; i++) {
		free(r->items[i].answer);
		free(r->items[i].order);
	}
	free(r->items);
	free(r->threat_lists);
	free(r);
}

size_t tm_refresh_count(const struct tm_refresh *r)
{
	return r != NULL ? r->count : 0;
}

const struct tm_refresh_item *tm_refresh_get(const struct tm_refresh *r, size_t i)
{
	return r != NULL && i < r->count ? &r->items[i].it : NULL;
}

size_t tm_refresh_rested(const struct tm_refresh *r)
{
	return r != NULL ? r->rested : 0;
}

size_t tm_refresh_threat_list_count(const struct tm_refresh *r)
{
	return r != NULL ? r->threat_list_count : 0;
}

const struct tm_refresh_item *tm_refresh_threat_list(const struct tm_refresh *r, size_t i)
{
	return r != NULL && i < r->threat_list_count ? &r->threat_lists[i] : NULL;
}

/* ==== Finding a stored question in the content ================================== */

/* The quiz question id of module m: at item index item when it is there, else
 * wherever the module now has it (a quiz moved or an item added before it).
 * Fills the indexes; false when the module no longer has the question. */
static bool find_question(const struct tm_module *m, const char *ref, const char *id,
			  size_t *ii, size_t *qi)
{
	size_t n = tm_module_item_count(m), item = 0;
	bool stored = tm_module_stored_item(m, ref, &item) != NULL;
	for (size_t pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n; i++) {
			if (pass == 0 && (!stored || i != item))
				continue;
			const struct tm_item *it = tm_module_item(m, i);
			if (tm_item_kind(it) != TM_ITEM_QUIZ)
				continue;
			for (size_t k = 0; k < tm_item_question_count(it); k++)
				if (strcmp(tm_question_id(tm_item_question(it, k)), id) == 0) {
					*ii = i;
					*qi = k;
					return true;
				}
		}
	}
	return false;
}

static bool find_module(const struct tm_course *co, const char *id, size_t *mi)
{
	for (size_t i = 0; i < tm_course_module_count(co); i++)
		if (strcmp(tm_module_id(tm_course_module(co, i)), id) == 0) {
			*mi = i;
			return true;
		}
	return false;
}

/* ==== Spreading over tags ======================================================== */

struct tag_count {
	const char *tag;
	size_t n;
};

static size_t tag_index(struct tag_count *tags, size_t *ntags, const char *tag)
{
	for (size_t i = 0; i < *ntags; i++)
		if (strcmp(tags[i].tag, tag) == 0)
			return i;
	tags[*ntags].tag = tag;
	tags[*ntags].n = 0;
	return (*ntags)++;
}

static const char untagged[] = "untagged";

/* The labels a question is spread by: its tags and its STRIDE categories (a
 * question may carry its category only in stride:); "untagged" when it has
 * neither. Fills labels (at most tm_question_tag_count + 6) and returns how many. */
static size_t labels_of(const struct tm_question *q, const char **labels)
{
	size_t n = 0;
	for (size_t i = 0; i < tm_question_tag_count(q); i++)
		labels[n++] = tm_question_tag(q, i);
	for (unsigned bit = GRADER_STRIDE_S; bit <= GRADER_STRIDE_E; bit <<= 1)
		if (tm_question_stride(q) & bit)
			labels[n++] = grader_stride_name(bit);
	if (n == 0)
		labels[n++] = untagged;
	return n;
}

/* How often the most-picked of q's labels has been picked so far. */
static size_t tag_load(const struct tm_question *q, struct tag_count *tags, size_t *ntags,
		       const char **labels)
{
	size_t n = labels_of(q, labels), worst = 0;
	for (size_t i = 0; i < n; i++) {
		size_t k = tags[tag_index(tags, ntags, labels[i])].n;
		if (k > worst)
			worst = k;
	}
	return worst;
}

static void tag_take(const struct tm_question *q, struct tag_count *tags, size_t *ntags,
		     const char **labels)
{
	size_t n = labels_of(q, labels);
	for (size_t i = 0; i < n; i++)
		tags[tag_index(tags, ntags, labels[i])].n++;
}

/* Room for every label of every candidate, and for one question's labels. */
static size_t tag_total(const struct pick *p, size_t n, size_t *most)
{
	size_t t = 0;
	*most = 0;
	for (size_t i = 0; i < n; i++) {
		size_t k = tm_question_tag_count(p[i].it.question) + 7;
		t += k;
		if (k > *most)
			*most = k;
	}
	return t;
}

static int by_recency(const void *a, const void *b)
{
	const struct pick *x = a, *y = b;
	return x->rank > y->rank ? 1 : x->rank < y->rank ? -1 : 0;
}

/*
 * Keeps max of the n candidates (sorted most recent first) in cand[0..max),
 * chosen greedily: the most recent candidate whose most-picked tag is picked
 * least. Frees the others' memory. Returns the number kept, or (size_t)-1 when
 * memory runs out (cand unchanged).
 */
static size_t spread(struct pick *cand, size_t n, size_t max)
{
	if (n <= max)
		return n;
	size_t most = 0;
	struct tag_count *tags = malloc(tag_total(cand, n, &most) * sizeof(*tags));
	const char **labels = malloc(most * sizeof(*labels));
	bool *taken = calloc(n, sizeof(*taken));
	struct pick *kept = malloc(max * sizeof(*kept));
	size_t ntags = 0;
	if (tags == NULL || labels == NULL || taken == NULL || kept == NULL) {
		free(tags);
		free(labels);
		free(taken);
		free(kept);
		return (size_t)-1;
	}
	for (size_t k = 0; k < max; k++) {
		size_t best = n, best_load = 0;
		for (size_t i = 0; i < n; i++) {
			if (taken[i])
				continue;
			size_t load = tag_load(cand[i].it.question, tags, &ntags, labels);
			if (best == n || load < best_load) {
				best = i;
				best_load = load;
			}
		}
		taken[best] = true;
		tag_take(cand[best].it.question, tags, &ntags, labels);
		kept[k] = cand[best];
	}
	for (size_t i = 0; i < n; i++)
		if (!taken[i]) {
			free(cand[i].answer);
			free(cand[i].order);
		}
	memcpy(cand, kept, max * sizeof(*kept));
	qsort(cand, max, sizeof(*cand), by_recency);
	free(tags);
	free(labels);
	free(taken);
	free(kept);
	return max;
}

/* ==== Picking ====================================================================== */

/* Per question answered (question ids are unique in a course, whatever module
 * or item an answer was kept under): its first course answer, its latest one
 * and, when not older, its latest refresher answer (rf, completed by
 * refresher_sql), the shuffle seed it was shown with, and (column 9, completed
 * by rested_sql) whether it rests. The later of the two latest answers is the
 * question's last answer (in the same second the refresher's: a refresher asks
 * only questions whose course answers it read first). A candidate is a
 * question whose first answer was wrong or whose last answer is, in the course
 * or a refresher; one put right in a refresher since its last course answer
 * stays one, for rested_sql to say whether it rests. Most recent first, by the
 * last answer's time (whole seconds; ties: the later course answer first).
 * Exercise steps are not questions. */
static const char pick_sql[] =
	"WITH g AS (SELECT course, question, min(id) AS first_id, max(id) AS last_id"
	"             FROM answers WHERE learner = ?1 AND (?2 IS NULL OR course = ?2)"
	"              AND substr(question, 1, 9) <> 'exercise:'"
	"            GROUP BY course, question),"
	"     rf AS (%s)"
	"SELECT g.course, l.module, " TM_STORE_ITEM_SQL("l.item") ", g.question,"
	"       coalesce(r.answer, l.answer), coalesce(r.time, l.time),"
	"       coalesce(r.correct, l.correct), g.last_id, s.seed, %s"
	"  FROM g"
	"  JOIN answers f ON f.id = g.first_id"
	"  JOIN answers l ON l.id = g.last_id"
	"  LEFT JOIN rf r ON r.id = (SELECT max(id) FROM rf"
	"                             WHERE rf.course = g.course AND rf.question = g.question)"
	"   AND r.time >= l.time"
	"  LEFT JOIN seeds s ON s.learner = ?1 AND s.course = g.course"
	"   AND s.module = l.module AND s.item = l.item AND s.question = g.question"
	" WHERE f.correct = 0 OR l.correct = 0 OR r.id IS NOT NULL"
	" ORDER BY coalesce(r.time, l.time) DESC, g.last_id DESC";

/* The learner's refresher answers, for rf; none in a store from before the
 * refresher (read, never migrated, by a view). */
static const char refresher_sql[] =
	"SELECT id, course, question, answer, time, correct FROM refresher_answers"
	" WHERE learner = ?1";
static const char no_refresher_sql[] =
	"SELECT 0 AS id, '' AS course, '' AS question, '' AS answer, 0 AS time,"
	" 0 AS correct WHERE 0";

/* A question rests when the learner's latest refresher answer to it was right
 * and no wrong answer in the course came after it (times are whole seconds: a
 * wrong answer in the same second counts as after, so that a tie asks again).
 * Stores from before the refresher (read, never migrated, by a view) have no
 * refresher answers. */
static const char rested_sql[] =
	"coalesce((SELECT r.correct <> 0 AND NOT EXISTS (SELECT 1 FROM answers w"
	"    WHERE w.learner = ?1 AND w.course = g.course"
	"      AND w.question = g.question AND w.correct = 0 AND w.time >= r.time)"
	"  FROM refresher_answers r"
	"  WHERE r.learner = ?1 AND r.course = g.course"
	"    AND r.question = g.question ORDER BY r.id DESC LIMIT 1), 0)";

/* Where question qid is in course co: in the module and item its latest
 * answer was kept under, else anywhere in that module, else (the author moved
 * it: question ids are unique in a course) in any module. */
static bool locate(const struct tm_course *co, const char *module, const char *ref,
		   const char *qid, size_t *mi, size_t *ii, size_t *qi)
{
	if (find_module(co, module, mi) &&
	    find_question(tm_course_module(co, *mi), ref, qid, ii, qi))
		return true;
	return tm_course_find_question(co, qid, mi, ii) != NULL &&
	       find_question(tm_course_module(co, *mi), NULL, qid, ii, qi);
}

/* What resolve() made of a row. */
enum resolved { RESOLVED, GONE, THREAT_LIST };

/* Whether q is among the n threat lists kept. */
static bool has_threat_list(const struct tm_refresh *r, const struct tm_question *q)
{
	for (size_t i = 0; i < r->threat_list_count; i++)
		if (r->threat_lists[i].question == q)
			return true;
	return false;
}

/* Fills p from the current row: RESOLVED; GONE when the content no longer has
 * the question or it was already picked under another row; THREAT_LIST (p's
 * item filled, its answer and order not) for a threat-list question. */
static enum resolved resolve(const struct tm_content *c, sqlite3_stmt *st,
			     const struct pick *have, size_t nhave, struct pick *p)
{
	const char *course = (const char *)sqlite3_column_text(st, 0);
	const char *module = (const char *)sqlite3_column_text(st, 1);
	const char *qid = (const char *)sqlite3_column_text(st, 3);
	const struct tm_course *co = tm_content_find_course(c, course != NULL ? course : "");
	size_t mi = 0, ii = 0, qi = 0;
	if (co == NULL || module == NULL || qid == NULL ||
	    !locate(co, module, (const char *)sqlite3_column_text(st, 2), qid, &mi, &ii, &qi))
		return GONE;
	const struct tm_module *m = tm_course_module(co, mi);
	const struct tm_item *it = tm_module_item(m, ii);
	const struct tm_question *q = tm_item_question(it, qi);
	for (size_t i = 0; i < nhave; i++)
		if (have[i].it.question == q)
			return GONE;
	memset(p, 0, sizeof(*p));
	p->it.course = co;
	p->it.module = m;
	p->it.item = it;
	p->it.module_index = mi;
	p->it.item_index = ii;
	p->it.question_index = qi;
	p->it.question = q;
	p->it.last_time = sqlite3_column_int64(st, 5);
	p->it.last_correct = sqlite3_column_int(st, 6) != 0;
	return tm_question_type(q) == TM_Q_THREAT_LIST ? THREAT_LIST : RESOLVED;
}

/* Keeps the threat-list question of p (its latest answer wrong, once each)
 * among those the refresher leaves out. false when memory runs out. */
static bool keep_threat_list(struct tm_refresh *r, const struct pick *p)
{
	if (p->it.last_correct || has_threat_list(r, p->it.question))
		return true;
	struct tm_refresh_item *grown = realloc(r->threat_lists,
						(r->threat_list_count + 1) * sizeof(*grown));
	if (grown == NULL)
		return false;
	r->threat_lists = grown;
	r->threat_lists[r->threat_list_count++] = p->it;
	return true;
}

/* The answer text and the display order of p (from the stored seed, as learn
 * showed it; without one, tm_quiz_display_seed()'s). false when memory runs out. */
static bool fill(struct pick *p, sqlite3_stmt *st)
{
	const char *answer = (const char *)sqlite3_column_text(st, 4);
	p->answer = strdup(answer != NULL ? answer : "");
	if (p->answer == NULL)
		return false;
	p->it.last_answer = p->answer;
	size_t n = tm_quiz_display_count(p->it.question);
	if (n == 0)
		return true;
	p->order = malloc(n * sizeof(*p->order));
	if (p->order == NULL)
		return false;
	unsigned seed = 0;
	if (sqlite3_column_type(st, 8) != SQLITE_NULL)
		seed = (unsigned)sqlite3_column_int64(st, 8);
	tm_quiz_shuffle(tm_quiz_display_seed(p->it.item, p->it.question, seed), p->order, n);
	p->it.order = p->order;
	p->it.order_count = n;
	return true;
}

int tm_refresh_pick(struct tm_store *s, const struct tm_content *c, long long learner,
		    const char *course, size_t max, bool include_rested,
		    struct tm_refresh **out, struct tm_diags *diags)
{
	sqlite3 *db = tm_store_db(s);
	sqlite3_stmt *st = NULL;
	struct tm_refresh *r = NULL;
	size_t alloc = 0;
	int status = TM_OK, rc;
	char sql[sizeof(pick_sql) + sizeof(refresher_sql) + sizeof(rested_sql)];

	*out = NULL;
	if (max == 0)
		max = TM_REFRESH_DEFAULT_COUNT;
	if (course != NULL && tm_content_find_course(c, course) == NULL)
		return tm_diags_add(diags, TM_ENOTFOUND, NULL, 0, 0, "no course '%s'", course);
	r = calloc(1, sizeof(*r));
	if (r == NULL)
		return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
	bool refreshers = tm_store_schema_version(s) >= TM_SCHEMA_REFRESHER;
	bool rests = !include_rested && refreshers;
	snprintf(sql, sizeof(sql), pick_sql, refreshers ? refresher_sql : no_refresher_sql,
		 rests ? rested_sql : "0");
	rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		status = tm_store_db_error(tm_store_path(s), db, rc, "read the answers", diags);
		goto cleanup;
	}
	int bound = SQLITE_OK;
	store_bind_int64(st, 1, learner, &bound);
	if (course != NULL)
		store_bind_text(st, 2, course, &bound);
	else
		store_bind_null(st, 2, &bound);
	for (size_t row = 0; (rc = store_step(st, bound)) == SQLITE_ROW; row++) {
		struct pick p;
		enum resolved got = resolve(c, st, r->items, r->count, &p);
		if (got == THREAT_LIST && !keep_threat_list(r, &p))
			goto nomem;
		if (got != RESOLVED)
			continue;
		p.rank = row;
		if (sqlite3_column_int(st, 9) != 0) {
			r->rested++;
			continue;
		}
		if (r->count == alloc) {
			size_t n = alloc != 0 ? alloc * 2 : 16;
			struct pick *grown = realloc(r->items, n * sizeof(*grown));
			if (grown == NULL)
				goto nomem;
			r->items = grown;
			alloc = n;
		}
		r->items[r->count] = p;   /* counted first, so that cleanup frees it */
		r->count++;
		if (!fill(&r->items[r->count - 1], st))
			goto nomem;
	}
	if (rc != SQLITE_DONE) {
		status = tm_store_db_error(tm_store_path(s), db, rc, "read the answers", diags);
		goto cleanup;
	}
	{
		size_t kept = spread(r->items, r->count, max);
		if (kept == (size_t)-1)
			goto nomem;
		r->count = kept;
	}
	goto cleanup;
nomem:
	status = tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
cleanup:
	sqlite3_finalize(st);
	if (status != TM_OK) {
		tm_refresh_free(r);
		return status;
	}
	*out = r;
	return TM_OK;
}

/* ==== Answering ===================================================================== */

int tm_refresh_answer(struct tm_store *s, const struct tm_content *c, long long learner,
		      const struct tm_refresh_item *it, const char *answer,
		      struct tm_quiz_grade *out, struct tm_diags *diags)
{
	sqlite3 *db = tm_store_db(s);
	sqlite3_stmt *st = NULL;
	char *clean = NULL;
	int status = tm_quiz_grade(it->question, tm_content_lexicon(c), it->order,
				   it->order_count, answer, out, diags);
	if (status != TM_OK)
		return status;
	clean = grader_utf8_clean(answer != NULL ? answer : "");
	if (clean == NULL)
		return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
	/* one statement: stored or not */
	int rc = sqlite3_prepare_v2(db, "INSERT INTO refresher_answers (learner, course, module,"
				    " item, question, answer, score, max, correct, time)"
				    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", -1, &st,
				    NULL);
	if (rc == SQLITE_OK) {
		int bound = SQLITE_OK;
		store_bind_int64(st, 1, learner, &bound);
		store_bind_text(st, 2, tm_course_id(it->course), &bound);
		store_bind_text(st, 3, tm_module_id(it->module), &bound);
		store_bind_text(st, 4, tm_item_key(it->item), &bound);
		store_bind_text(st, 5, tm_question_id(it->question), &bound);
		store_bind_text(st, 6, clean, &bound);
		store_bind_double(st, 7, out->score, &bound);
		store_bind_double(st, 8, out->max, &bound);
		store_bind_int64(st, 9, out->correct ? 1 : 0, &bound);
		store_bind_int64(st, 10, (sqlite3_int64)time(NULL), &bound);
		rc = store_step(st, bound);
	}
	if (rc != SQLITE_DONE && rc != SQLITE_OK)
		status = tm_store_db_error(tm_store_path(s), db, rc, "save the refresher answer",
					   diags);
	sqlite3_finalize(st);
	free(clean);
	return status;
}
