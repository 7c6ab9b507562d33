/*
 * analytics.c: quiz item analysis over a cohort's members. For every question,
 * on each member's first attempt (the earliest answer stored for that learner
 * and question): facility, the upper-minus-lower 27% discrimination index (among
 * the learners who finished the quiz: a partial total ranks nobody), and
 * how often each choice was picked (answers name what was shown, so they are
 * mapped back through the stored shuffle seed to the question's own choices).
 */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gradebook_internal.h"
#include "store_internal.h"
#include "learn_internal.h"

/* One first attempt, as read from the store. */
struct attempt {
	char *course, *module, *question, *answer;
	char *ref;            /* the item as stored (tm_module_stored_item()) */
	int item;             /* its index in the module now; -1 when it has none */
	size_t learner;       /* index into the member list */
	double score;
	bool correct;
	bool has_seed;
	unsigned seed;
	bool finished;        /* the learner finished the quiz it was stored under */
	char version[17];     /* tm_question_version() of the question answered; ""
			       * when stored before versions were kept */
};

struct tm_items {
	struct tm_item_stats *stats;
	size_t n;
	size_t members;
};

struct rows {
	const struct tm_content *c;
	struct attempt *a;
	size_t n, alloc;
	char **names;          /* members, sorted */
	size_t n_names, names_alloc;
	double *total;         /* per member: sum of first-attempt scores on the quiz
				* being analysed (compute() fills it quiz by quiz) */
	bool *finished;        /* per member: finished that quiz (likewise) */
};

/* ==== Reading ================================================================================ */

static int read_members(struct tm_gradebook *g, const char *cohort, struct rows *rw,
			struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	int status = gb_prepare(g, "SELECT learner FROM cohort_members WHERE cohort = ?1"
				" ORDER BY learner", &st, "read the cohort members", diags);
	if (status != TM_OK)
		return status;
	int bound = SQLITE_OK;
	store_bind_text(st, 1, cohort, &bound);
	int rc;
	while (status == TM_OK) {
		rc = store_step(st, bound);
		if (rc != SQLITE_ROW)
			break;
		if (rw->n_names == rw->names_alloc) {
			size_t na = rw->names_alloc ? rw->names_alloc * 2 : 32;
			char **nn = realloc(rw->names, na * sizeof(*nn));
			if (nn == NULL) {
				status = tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
				break;
			}
			rw->names = nn;
			rw->names_alloc = na;
		}
		rw->names[rw->n_names] = gb_strdup(gb_column_text(st, 0));
		if (rw->names[rw->n_names] == NULL)
			status = tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
		else
			rw->n_names++;
	}
	if (status == TM_OK && rc != SQLITE_DONE)
		status = gb_error(g, rc, "read the cohort members", diags);
	sqlite3_finalize(st);
	return status;
}

static long find_member(const struct rows *rw, const char *name)
{
	size_t lo = 0, hi = rw->n_names;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(rw->names[mid], name);
		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/*
 * Places attempt a (its course, module, ref and question read) where its
 * question is in the content now: question ids are unique in a course, so an
 * answer kept under a module or item the author has since moved the question
 * from counts where the question is. A question the content no longer has
 * keeps the module it was stored under, and item -1 unless its ref still
 * names an item there. Returns false when out of memory.
 */
static bool place_attempt(const struct tm_content *c, struct attempt *a)
{
	const struct tm_course *co = tm_content_find_course(c, a->course);
	size_t mi = 0, i = 0;
	const struct tm_module *m = co != NULL && tm_course_find_question(co, a->question, &mi,
									  &i) != NULL
				    ? tm_course_module(co, mi) : NULL;
	a->item = -1;
	if (m != NULL) {
		if (strcmp(tm_module_id(m), a->module) != 0) {
			free(a->module);
			a->module = gb_strdup(tm_module_id(m));
		}
		a->item = (int)i;
		return a->module != NULL;
	}
	m = co != NULL ? tm_course_find_module(co, a->module) : NULL;
	if (m != NULL && tm_module_stored_item(m, a->ref, &i) != NULL)
		a->item = (int)i;
	return true;
}

static int add_attempt(struct rows *rw, sqlite3_stmt *st)
{
	long li = find_member(rw, gb_column_text(st, 0));
	if (li < 0)
		return TM_OK;
	if (rw->n == rw->alloc) {
		size_t na = rw->alloc ? rw->alloc * 2 : 256;
		struct attempt *nb = realloc(rw->a, na * sizeof(*nb));
		if (nb == NULL)
			return TM_ENOMEM;
		rw->a = nb;
		rw->alloc = na;
	}
	struct attempt *a = &rw->a[rw->n];
	memset(a, 0, sizeof(*a));
	rw->n++;
	a->learner = (size_t)li;
	a->course = gb_strdup(gb_column_text(st, 1));
	a->module = gb_strdup(gb_column_text(st, 2));
	a->ref = gb_strdup(gb_column_text(st, 3));
	a->question = gb_strdup(gb_column_text(st, 4));
	a->answer = gb_strdup(gb_column_text(st, 5));
	a->score = sqlite3_column_double(st, 6);
	a->correct = sqlite3_column_int(st, 7) != 0;
	a->has_seed = sqlite3_column_type(st, 8) != SQLITE_NULL;
	a->seed = (unsigned)sqlite3_column_int64(st, 8);
	a->finished = sqlite3_column_int(st, 9) != 0;
	snprintf(a->version, sizeof(a->version), "%s", gb_column_text(st, 10));
	if (a->course == NULL || a->module == NULL || a->ref == NULL || a->question == NULL ||
	    a->answer == NULL || !place_attempt(rw->c, a))
		return TM_ENOMEM;
	return TM_OK;
}

/* Orders attempts by quiz (course, module, the item's place now; items the
 * content no longer has by what they were stored under). */
static int cmp_quiz(const struct attempt *x, const struct attempt *y)
{
	int c = strcmp(x->course, y->course);
	if (c == 0)
		c = strcmp(x->module, y->module);
	if (c == 0)
		c = (x->item > y->item) - (x->item < y->item);
	if (c == 0 && x->item < 0)
		c = strcmp(x->ref, y->ref);
	return c;
}

/* Orders attempts by quiz, question, then member (members are sorted by name). */
static int by_quiz_question(const void *px, const void *py)
{
	const struct attempt *x = px, *y = py;
	int c = cmp_quiz(x, y);
	if (c == 0)
		c = strcmp(x->question, y->question);
	if (c == 0)
		c = (x->learner > y->learner) - (x->learner < y->learner);
	return c;
}

/* The first attempt of every member at every quiz question, with VERSION as
 * its question version. Question ids are unique in a course: the first answer
 * to one is the first attempt, whatever module or item it was kept under; one
 * grouping pass (a correlated min() per answer rescanned each learner's
 * answers: minutes for 2,000 answers a learner). A finished quiz is stored as
 * a completed item; a learner who stopped mid-quiz has none. */
#define READ_ATTEMPTS_SQL(VERSION)                                                           \
	"SELECT l.name, a.course, a.module, " TM_STORE_ITEM_SQL("a.item") ", a.question,"    \
	"  a.answer, a.score, a.correct,"                                                    \
	"  (SELECT s.seed FROM seeds s WHERE s.learner = a.learner AND s.course = a.course"  \
	"   AND s.module = a.module AND s.item = a.item AND s.question = a.question),"       \
	"  EXISTS (SELECT 1 FROM items i WHERE i.learner = a.learner"                        \
	"   AND i.course = a.course AND i.module = a.module AND i.item = a.item"             \
	"   AND i.completed <> 0),"                                                          \
	"  " VERSION                                                                         \
	" FROM (SELECT min(b.id) AS first FROM cohort_members m"                             \
	"       JOIN learners l2 ON l2.name = m.learner JOIN answers b ON b.learner = l2.id" \
	"       WHERE m.cohort = ?1 AND b.question NOT LIKE 'exercise:%'"                    \
	"       GROUP BY b.learner, b.course, b.question) f"                                 \
	" JOIN answers a ON a.id = f.first JOIN learners l ON l.id = a.learner"

/* Whether the answers table has the question_version column (migration 12):
 * item analysis is read-only and never migrates, so a file of an older tmdojo
 * has none and its answers are of an unknown version (''). */
static int has_question_version(struct tm_gradebook *g, bool *has, struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	int status = gb_prepare(g, "SELECT count(*) FROM pragma_table_info('answers')"
				" WHERE name = 'question_version'", &st, "read the quiz answers", diags);
	if (status != TM_OK)
		return status;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*has = sqlite3_column_int(st, 0) > 0;
	else
		status = gb_error(g, rc, "read the quiz answers", diags);
	sqlite3_finalize(st);
	return status;
}

/* The first attempt of every member at every quiz question (exercise steps,
 * stored as "exercise:<step>", are not quiz items). */
static int read_attempts(struct tm_gradebook *g, const char *cohort, struct rows *rw,
			 struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	bool versions = false;
	int status = has_question_version(g, &versions, diags);
	if (status != TM_OK)
		return status;
	status = gb_prepare(g, versions ? READ_ATTEMPTS_SQL("a.question_version")
				 : READ_ATTEMPTS_SQL("''"),
		&st, "read the quiz answers", diags);
	if (status != TM_OK)
		return status;
	int bound = SQLITE_OK;
	store_bind_text(st, 1, cohort, &bound);
	int rc;
	while (status == TM_OK) {
		rc = store_step(st, bound);
		if (rc != SQLITE_ROW)
			break;
		if (add_attempt(rw, st) != TM_OK)
			status = tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
	}
	if (status == TM_OK && rc != SQLITE_DONE)
		status = gb_error(g, rc, "read the quiz answers", diags);
	sqlite3_finalize(st);
	if (status == TM_OK && rw->n > 1)
		qsort(rw->a, rw->n, sizeof(*rw->a), by_quiz_question);
	return status;
}

static void rows_release(struct rows *rw)
{
	for (size_t i = 0; i < rw->n; i++) {
		free(rw->a[i].course);
		free(rw->a[i].module);
		free(rw->a[i].question);
		free(rw->a[i].answer);
		free(rw->a[i].ref);
	}
	free(rw->a);
	for (size_t i = 0; i < rw->n_names; i++)
		free(rw->names[i]);
	free(rw->names);
	free(rw->total);
	free(rw->finished);
}

/* ==== Choices ================================================================================== */

static const struct tm_question *find_question(const struct tm_content *c,
					       const struct attempt *a)
{
	const struct tm_course *co = tm_content_find_course(c, a->course);
	const struct tm_module *m = co != NULL ? tm_course_find_module(co, a->module) : NULL;
	if (m == NULL || a->item < 0)
		return NULL;
	const struct tm_item *it = tm_module_item(m, (size_t)a->item);
	for (size_t i = 0; i < tm_item_question_count(it); i++)
		if (strcmp(tm_question_id(tm_item_question(it, i)), a->question) == 0)
			return tm_item_question(it, i);
	return NULL;
}


/* -1 when the text is not a true/false answer. */
static int read_bool(const char *ans)
{
	static const char *const yes[] = { "true", "t", "yes", "y" };
	static const char *const no[] = { "false", "f", "no", "n" };
	char w[8];
	size_t k = 0;
	while (isspace((unsigned char)*ans))
		ans++;
	while (*ans != '\0' && !isspace((unsigned char)*ans) && k < sizeof(w) - 1)
		w[k++] = (char)tolower((unsigned char)*ans++);
	w[k] = '\0';
	for (size_t i = 0; i < 4; i++) {
		if (strcmp(w, yes[i]) == 0)
			return 1;
		if (strcmp(w, no[i]) == 0)
			return 0;
	}
	return -1;
}

#define MAX_CHOICES 64

/* Counts the choices a first attempt picked into s->chosen, each at most once. */
static void count_choice(struct tm_item_stats *s, const struct attempt *a)
{
	size_t *chosen = (size_t *)s->chosen;
	enum tm_question_type type = tm_question_type(s->q);
	if (type == TM_Q_TRUE_FALSE) {
		int b = read_bool(a->answer);
		if (b < 0)
			s->unreadable++;
		else
			chosen[b ? 0 : 1]++;
		return;
	}
	size_t n = s->choice_count, order[MAX_CHOICES], labels[MAX_CHOICES];
	/* A seed is stored only for shuffled items; without one the order was as
	 * written (seed 0 is the identity). */
	tm_quiz_shuffle(a->has_seed ? a->seed : 0, order, n);
	int k = learn_read_labels(a->answer, n, labels, MAX_CHOICES);
	if (k <= 0) {
		s->unreadable++;
		return;
	}
	/* "a a a a" picked one choice once: each choice counts at most once */
	bool seen[MAX_CHOICES] = { false };
	for (int i = 0; i < k; i++) {
		size_t choice = order[labels[i]];
		if (!seen[choice])
			chosen[choice]++;
		seen[choice] = true;
	}
}

/* ==== Statistics ================================================================================ */

/* A learner's first attempt with their total, for sorting without global state. */
struct ranked {
	double total;
	size_t learner;
	bool correct;
};

static bool same_total(double x, double y)
{
	return fabs(x - y) < 1e-9;
}

/* Learners by total first-attempt score on the quiz, highest first. Ties are
 * put in learner order only to be deterministic: group_share() gives tied
 * learners the same weight, so their order never matters. */
static int by_total(const void *x, const void *y)
{
	const struct ranked *a = x, *b = y;
	if (!same_total(a->total, b->total))
		return a->total > b->total ? -1 : 1;
	return a->learner < b->learner ? -1 : (a->learner > b->learner);
}

/* The share answering correctly in the group of the g learners at the top of
 * sorted[0..n) (highest total first; upper) or at its bottom (!upper). The
 * learners tied at the group's boundary total share the places left among
 * them (fractional membership): which of them is "in" the group carries no
 * signal, so it must not depend on their names. */
static double group_share(const struct ranked *sorted, size_t n, size_t g, bool upper)
{
	/* positions counted from the group's end of the list */
#define AT(i) sorted[upper ? (i) : n - 1 - (i)]
	double v = AT(g - 1).total, sum = 0;
	size_t a = g - 1, b = g;
	while (a > 0 && same_total(AT(a - 1).total, v))
		a--;
	while (b < n && same_total(AT(b).total, v))
		b++;
	double w = (double)(g - a) / (double)(b - a);   /* each tied learner's weight */
	for (size_t i = 0; i < b; i++)
		sum += (i < a ? 1.0 : w) * (AT(i).correct ? 1.0 : 0.0);
#undef AT
	return sum / (double)g;
}

/* Fills s from the first attempts a[0..n) at one question. Facility counts
 * every answer; discrimination ranks only the learners who finished the quiz
 * (a learner who stopped mid-quiz has a partial total that says nothing of
 * their ability), as Moodle's statistics use finished attempts. */
static int question_stats(const struct rows *rw, const struct tm_content *c,
			  struct attempt *a, size_t n, struct tm_item_stats *s)
{
	struct ranked *sorted = malloc(n * sizeof(*sorted));
	if (sorted == NULL)
		return TM_ENOMEM;
	memset(s, 0, sizeof(*s));
	s->course = a->course;
	s->module = a->module;
	s->item = a->item;
	s->question = a->question;
	s->q = find_question(c, a);
	s->answered = n;
	size_t ranked = 0;
	for (size_t i = 0; i < n; i++) {
		s->correct += a[i].correct;
		if (rw->finished[a[i].learner])
			sorted[ranked++] = (struct ranked){ rw->total[a[i].learner], a[i].learner,
							    a[i].correct };
	}
	s->unfinished = n - ranked;
	s->facility = (double)s->correct / (double)n;
	qsort(sorted, ranked, sizeof(*sorted), by_total);
	s->group_size = ranked >= 2 ? (size_t)lround(0.27 * (double)ranked) : 0;
	if (ranked >= 2 && s->group_size == 0)
		s->group_size = 1;
	if (s->group_size > 0) {
		s->discrimination = group_share(sorted, ranked, s->group_size, true) -
			group_share(sorted, ranked, s->group_size, false);
		if (fabs(s->discrimination) < 1e-9)
			s->discrimination = 0;   /* no "-0.00" */
	}
	free(sorted);
	if (s->q != NULL) {
		enum tm_question_type type = tm_question_type(s->q);
		if (type == TM_Q_SINGLE || type == TM_Q_MULTIPLE)
			s->choice_count = tm_question_choice_count(s->q);
		else if (type == TM_Q_TRUE_FALSE)
			s->choice_count = 2;
		if (s->choice_count > MAX_CHOICES)
			s->choice_count = 0;
	}
	if (s->choice_count > 0) {
		s->chosen = calloc(s->choice_count, sizeof(size_t));
		if (s->chosen == NULL)
			return TM_ENOMEM;
		char now[17];
		tm_question_version(s->q, now);
		for (size_t i = 0; i < n; i++) {
			/* a letter names a choice of the version it was given to:
			 * read against another, it would credit the wrong one */
			if (now[0] != '\0' && a[i].version[0] != '\0' &&
			    strcmp(a[i].version, now) != 0) {
				s->other_version++;
				continue;
			}
			s->unversioned += now[0] != '\0' && a[i].version[0] == '\0';
			count_choice(s, &a[i]);
		}
	}
	if (s->facility > TM_ITEM_TOO_EASY)
		s->flags |= TM_FLAG_TOO_EASY;
	if (s->facility < TM_ITEM_TOO_HARD)
		s->flags |= TM_FLAG_TOO_HARD;
	if (s->discrimination < 0)
		s->flags |= TM_FLAG_NEGATIVE;
	return TM_OK;
}

static bool same_quiz(const struct attempt *x, const struct attempt *y)
{
	return cmp_quiz(x, y) == 0;
}

static bool same_question(const struct attempt *x, const struct attempt *y)
{
	return same_quiz(x, y) && strcmp(x->question, y->question) == 0;
}

/* Where a question stands in the content, for listing questions in the order
 * learners meet them: course, module, quiz, question. Questions the content
 * no longer has go last, by id. */
struct position {
	size_t course, module, item, question;
};

static struct position position_of(const struct tm_content *c, const struct tm_item_stats *s)
{
	struct position p = { SIZE_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX };
	for (size_t i = 0; i < tm_content_course_count(c); i++) {
		const struct tm_course *co = tm_content_course(c, i);
		if (strcmp(tm_course_id(co), s->course) != 0)
			continue;
		p.course = i;
		for (size_t m = 0; m < tm_course_module_count(co); m++) {
			const struct tm_module *mo = tm_course_module(co, m);
			if (strcmp(tm_module_id(mo), s->module) != 0)
				continue;
			p.module = m;
			p.item = (size_t)s->item;
			if (s->item < 0 || (size_t)s->item >= tm_module_item_count(mo))
				break;
			const struct tm_item *it = tm_module_item(mo, (size_t)s->item);
			for (size_t q = 0; q < tm_item_question_count(it); q++)
				if (tm_item_question(it, q) == s->q)
					p.question = q;
			break;
		}
		break;
	}
	return p;
}

struct placed {
	struct position pos;
	struct tm_item_stats s;
};

static int cmp_size(size_t x, size_t y)
{
	return x < y ? -1 : (x > y);
}

static int by_position(const void *x, const void *y)
{
	const struct placed *a = x, *b = y;
	int c = cmp_size(a->pos.course, b->pos.course);
	if (c == 0)
		c = cmp_size(a->pos.module, b->pos.module);
	if (c == 0)
		c = cmp_size(a->pos.item, b->pos.item);
	if (c == 0)
		c = cmp_size(a->pos.question, b->pos.question);
	/* what the content does not place, by its stored names */
	if (c == 0)
		c = strcmp(a->s.course, b->s.course);
	if (c == 0)
		c = strcmp(a->s.module, b->s.module);
	if (c == 0)
		c = a->s.item < b->s.item ? -1 : (a->s.item > b->s.item);
	if (c == 0)
		c = strcmp(a->s.question, b->s.question);
	return c;
}

/* Puts it->stats in content order. */
static int sort_by_position(const struct tm_content *c, struct tm_items *it)
{
	struct placed *v = malloc((it->n > 0 ? it->n : 1) * sizeof(*v));
	if (v == NULL)
		return TM_ENOMEM;
	for (size_t i = 0; i < it->n; i++) {
		v[i].s = it->stats[i];
		v[i].pos = position_of(c, &it->stats[i]);
	}
	qsort(v, it->n, sizeof(*v), by_position);
	for (size_t i = 0; i < it->n; i++)
		it->stats[i] = v[i].s;
	free(v);
	return TM_OK;
}

/* Whether it->stats holds question qid of course/module. */
static bool has_stats(const struct tm_items *it, const char *course, const char *module,
		      const char *qid)
{
	for (size_t i = 0; i < it->n; i++)
		if (strcmp(it->stats[i].question, qid) == 0 &&
		    strcmp(it->stats[i].module, module) == 0 &&
		    strcmp(it->stats[i].course, course) == 0)
			return true;
	return false;
}

/* Appends to it the stats of question q (question index k of item) that no
 * member answered: answered 0, facility and discrimination unknown (group
 * size 0), every choice chosen by none. Returns TM_OK or TM_ENOMEM. */
static int add_unanswered(struct tm_items *it, const struct tm_item_stats *like,
			  const struct tm_question *q)
{
	struct tm_item_stats *ns = realloc(it->stats, (it->n + 1) * sizeof(*ns));
	if (ns == NULL)
		return TM_ENOMEM;
	it->stats = ns;
	struct tm_item_stats *s = &it->stats[it->n];
	memset(s, 0, sizeof(*s));
	s->item = like->item;
	s->q = q;
	s->course = gb_strdup(like->course);
	s->module = gb_strdup(like->module);
	s->question = gb_strdup(tm_question_id(q));
	enum tm_question_type type = tm_question_type(q);
	if (type == TM_Q_SINGLE || type == TM_Q_MULTIPLE)
		s->choice_count = tm_question_choice_count(q);
	else if (type == TM_Q_TRUE_FALSE)
		s->choice_count = 2;
	if (s->choice_count > MAX_CHOICES)
		s->choice_count = 0;
	if (s->choice_count > 0)
		s->chosen = calloc(s->choice_count, sizeof(size_t));
	it->n++;   /* counted before the checks: tm_items_free() frees what it holds */
	if (s->course == NULL || s->module == NULL || s->question == NULL ||
	    (s->choice_count > 0 && s->chosen == NULL))
		return TM_ENOMEM;
	return TM_OK;
}

/* Adds every question of the quizzes the members answered that none of them
 * answered (everyone stopped before it): a question nobody reached is worth
 * seeing, not leaving out. */
static int add_unanswered_questions(const struct tm_content *c, struct tm_items *it)
{
	size_t answered = it->n;
	for (size_t i = 0; i < answered; i++) {
		struct tm_item_stats like = it->stats[i];   /* it->stats moves as it grows */
		const struct tm_course *co = tm_content_find_course(c, like.course);
		const struct tm_module *m = co != NULL ? tm_course_find_module(co, like.module)
						       : NULL;
		if (like.q == NULL || m == NULL || like.item < 0 ||
		    (size_t)like.item >= tm_module_item_count(m))
			continue;
		const struct tm_item *quiz = tm_module_item(m, (size_t)like.item);
		for (size_t k = 0; k < tm_item_question_count(quiz); k++) {
			const struct tm_question *q = tm_item_question(quiz, k);
			if (has_stats(it, like.course, like.module, tm_question_id(q)))
				continue;
			if (add_unanswered(it, &like, q) != TM_OK)
				return TM_ENOMEM;
		}
	}
	return TM_OK;
}

/* Takes the strings of the attempts the stats point at, so the result owns them
 * and the rows can be released. Each question's learners are ranked on their
 * total over the quiz it belongs to, not over everything they answered. */
static int compute(struct rows *rw, const struct tm_content *c, struct tm_items *it)
{
	size_t groups = 0;
	for (size_t i = 0; i < rw->n; i++)
		groups += i == 0 || !same_question(&rw->a[i - 1], &rw->a[i]);
	it->stats = calloc(groups + 1, sizeof(*it->stats));
	if (it->stats == NULL)
		return TM_ENOMEM;
	size_t quiz_end = 0;
	for (size_t i = 0; i < rw->n;) {
		if (i >= quiz_end) {
			/* a new quiz: the attempts come ordered by course, module, item */
			memset(rw->total, 0, rw->n_names * sizeof(*rw->total));
			memset(rw->finished, 0, rw->n_names * sizeof(*rw->finished));
			quiz_end = i;
			while (quiz_end < rw->n && same_quiz(&rw->a[i], &rw->a[quiz_end])) {
				rw->total[rw->a[quiz_end].learner] += rw->a[quiz_end].score;
				rw->finished[rw->a[quiz_end].learner] |= rw->a[quiz_end].finished;
				quiz_end++;
			}
		}
		size_t j = i + 1;
		while (j < rw->n && same_question(&rw->a[i], &rw->a[j]))
			j++;
		int status = question_stats(rw, c, &rw->a[i], j - i, &it->stats[it->n]);
		it->n++;
		/* the stats now own the first attempt's strings */
		rw->a[i].course = rw->a[i].module = rw->a[i].question = NULL;
		if (status != TM_OK)
			return status;
		i = j;
	}
	if (add_unanswered_questions(c, it) != TM_OK)
		return TM_ENOMEM;
	return sort_by_position(c, it);
}

int tm_items_analyze(struct tm_gradebook *g, const struct tm_content *c, const char *cohort,
		     struct tm_items **out, struct tm_diags *diags)
{
	struct rows rw = { 0 };
	struct tm_items *it = calloc(1, sizeof(*it));
	int status = TM_OK;
	*out = NULL;
	if (it == NULL) {
		status = tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
		goto cleanup;
	}
	status = read_members(g, cohort, &rw, diags);
	if (status != TM_OK)
		goto cleanup;
	if (rw.n_names == 0) {
		status = tm_diags_add(diags, TM_ENOTFOUND, NULL, 0, 0,
				      "cohort '%s' has no members; add them with 'tmdojo cohort add'",
				      cohort);
		goto cleanup;
	}
	it->members = rw.n_names;
	rw.c = c;
	rw.total = calloc(rw.n_names, sizeof(*rw.total));
	rw.finished = calloc(rw.n_names, sizeof(*rw.finished));
	if (rw.total == NULL || rw.finished == NULL) {
		status = tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
		goto cleanup;
	}
	status = read_attempts(g, cohort, &rw, diags);
	if (status == TM_OK && compute(&rw, c, it) != TM_OK)
		status = tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
cleanup:
	rows_release(&rw);
	if (status != TM_OK) {
		tm_items_free(it);
		return status;
	}
	*out = it;
	return TM_OK;
}

void tm_items_free(struct tm_items *it)
{
	if (it == NULL)
		return;
	for (size_t i = 0; i < it->n; i++) {
		free((char *)it->stats[i].course);
		free((char *)it->stats[i].module);
		free((char *)it->stats[i].question);
		free((size_t *)it->stats[i].chosen);
	}
	free(it->stats);
	free(it);
}

size_t tm_items_member_count(const struct tm_items *it) { return it->members; }
size_t tm_items_count(const struct tm_items *it) { return it->n; }
const struct tm_item_stats *tm_items_get(const struct tm_items *it, size_t i)
{
	return i < it->n ? &it->stats[i] : NULL;
}
