/*
 * runner.c: the session runner, a UI-agnostic state machine over one course.
 *
 * The runner knows where the learner is (module, item, question or exercise
 * step, attempts used, quiz points so far) and what comes next. The UI asks for
 * the current step, shows it, and acknowledges it (tm_runner_next) or answers it
 * (tm_runner_answer). Each answer is stored together with the position that
 * follows it in one transaction, and each finished item together with the next
 * position, so a runner built later (after a crash, a ^C or end of input)
 * resumes exactly there. A failed store call leaves the runner unchanged.
 *
 * The items table says what is done; a run starts at the first item not done
 * and skips items done elsewhere. Inside a quiz, the answers stored for it say
 * where the learner is, matched to its current questions by id (an author may
 * have edited the quiz since); inside an exercise, a stored position does,
 * checked against the answers. Runs of one module keep their positions under
 * "course/module", so that a module taken out of order never moves the
 * course's place. A run whose items are all done goes through them again (a
 * retake); its positions say so (tm_position.again), and a retake stopped
 * before its end goes on from its own position (place_again()).
 *
 *     MODULE -> items... -> MODULE_END -> next MODULE ... -> DONE
 *     lesson:   LESSON
 *     quiz:     (QUESTION -> FEEDBACK [retry: -> QUESTION])... -> QUIZ_END
 *     exercise: (EXERCISE [-> EXERCISE_RESULT [retry: -> EXERCISE]])... -> EXERCISE_KEY
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tmengine.h"
#include "learn_internal.h"

#define EXERCISE_PASS 50.0   /* percent of the key an exercise needs to count as passed */

struct tm_runner {
	const struct tm_content *content;
	const struct tm_course *course;
	struct tm_store *store;        /* may be NULL */
	long long learner;
	bool one_module;               /* stop at the end of the start module */
	size_t start_module;
	bool revisit;                  /* everything was done: go through it in order */
	char pos_key[TM_ID_MAX];       /* where positions are stored: course or module key */
	unsigned seed_base;

	size_t mi, ii, qi;             /* module, item, question or exercise step */
	int attempt;                   /* attempts used on the current question */
	double kept;                   /* quiz: the best credit (points) of the current
					* question's attempts so far, 0 before any */
	int kept_attempt;              /* the attempt that earned it */
	double open_kept;              /* after a resume: kept and kept_attempt of the one */
	int open_kept_attempt;         /* question left between tries (used[] > 0) */
	double score, max;             /* quiz points so far; exercise: threats percent */
	size_t hint_next;
	size_t *order;                 /* display order of the current question */
	size_t order_n;
	struct grader_result *result;  /* last graded exercise step */
	struct grader_submission *sub; /* its lines */
	char *answer;                  /* last exercise answer */
	char *prev_threats;            /* the threat list graded last at this step */
	struct grader_result *top_result;  /* the exercise's top-three answer as graded, */
	struct grader_submission *top_sub; /* kept for its remediation step (its lines) */
	struct grader_result *found_result;  /* the exercise's threat list as graded, */
	struct grader_submission *found_sub; /* kept for its top-three step (its lines) */
	char *draft;                   /* lines typed at this step before a stop */
	const struct tm_question *tries_q; /* the question tries[] answered */
	char **tries;                  /* its answers in this pass: [k] is attempt k + 1's,
					* NULL when not known (given before a resume) */
	size_t tries_n;
	struct tm_run_try *shown;      /* step.tries: earlier tries with their feedback */
	size_t shown_n;
	double mod_score, mod_max;     /* in-memory module total when there is no store */
	int *used;                     /* after a resume, per question or exercise step of
					* the current item: attempts used in this pass, -1
					* when done (NULL when nothing was restored) */
	size_t used_n;
	bool in_session;               /* holds the learner's session (tm_store_session_begin) */

	struct tm_run_step step;
};

/* ==== Where we are ============================================================= */

static const struct tm_module *cur_module(const struct tm_runner *r)
{
	return r->mi < tm_course_module_count(r->course) ? tm_course_module(r->course, r->mi)
							 : NULL;
}

static const struct tm_item *cur_item(const struct tm_runner *r)
{
	const struct tm_module *m = cur_module(r);
	return m != NULL && r->ii < tm_module_item_count(m) ? tm_module_item(m, r->ii) : NULL;
}

/* The key the store keeps item ii of module mi under; "" past the end. */
static const char *item_key_at(const struct tm_runner *r, size_t mi, size_t ii)
{
	const struct tm_module *m = mi < tm_course_module_count(r->course)
				    ? tm_course_module(r->course, mi) : NULL;
	return m != NULL && ii < tm_module_item_count(m) ? tm_item_key(tm_module_item(m, ii)) : "";
}

/* The current item's key. */
static const char *cur_key(const struct tm_runner *r)
{
	return item_key_at(r, r->mi, r->ii);
}

static const char *cur_module_id(const struct tm_runner *r)
{
	const struct tm_module *m = cur_module(r);
	return m != NULL ? tm_module_id(m) : "";
}

/* The position that resumes at (mi, ii, qi) with the given attempt and points. */
static void make_position(const struct tm_runner *r, size_t mi, size_t ii, size_t qi,
			  int attempt, double score, double max, struct tm_position *pos)
{
	memset(pos, 0, sizeof(*pos));
	pos->key = r->pos_key;
	if (mi < tm_course_module_count(r->course))
		snprintf(pos->module, sizeof(pos->module), "%s",
			 tm_module_id(tm_course_module(r->course, mi)));
	snprintf(pos->item, sizeof(pos->item), "%s", item_key_at(r, mi, ii));
	pos->again = r->revisit;
	pos->step = (int)qi;
	pos->attempt = attempt;
	pos->score = score;
	pos->max = max;
}

static void clear_exercise_result(struct tm_runner *r)
{
	learn_result_free(r->result, r->sub);
	r->result = NULL;
	r->sub = NULL;
	free(r->answer);
	r->answer = NULL;
}

/* The id answers and drafts of exercise step s are stored under
 * ("exercise:threats"); the store and the reports read them so. */
static void exercise_qid(enum tm_step s, char *buf, size_t size)
{
	snprintf(buf, size, "exercise:%s", tm_step_name(s));
}

/* The id answers and drafts of the current asking step are stored under. */
static void step_qid(const struct tm_runner *r, char *buf, size_t size)
{
	if (r->step.kind == TM_RUN_QUESTION && r->step.question != NULL)
		snprintf(buf, size, "%s", tm_question_id(r->step.question));
	else
		exercise_qid(r->step.ex_step, buf, size);
}

/* Reads the current asking step's draft into step.draft (none when the store
 * cannot say: a draft is a convenience, the answer write reports the store). */
static void load_draft(struct tm_runner *r)
{
	char qid[TM_ID_MAX + 16];
	free(r->draft);
	r->draft = NULL;
	if (r->store == NULL || !r->step.asks)
		return;
	step_qid(r, qid, sizeof(qid));
	if (tm_store_draft_get(r->store, r->learner, tm_course_id(r->course), cur_module_id(r),
			       cur_key(r), qid, &r->draft, NULL) != TM_OK) {
		free(r->draft);
		r->draft = NULL;
	}
	r->step.draft = r->draft;
}

static void clear_prev_threats(struct tm_runner *r)
{
	free(r->prev_threats);
	r->prev_threats = NULL;
}

static void clear_top_three(struct tm_runner *r)
{
	learn_result_free(r->top_result, r->top_sub);
	r->top_result = NULL;
	r->top_sub = NULL;
}

static void clear_found(struct tm_runner *r)
{
	learn_result_free(r->found_result, r->found_sub);
	r->found_result = NULL;
	r->found_sub = NULL;
}

/* Leaving the result of the threats step: its grading is kept (taken from
 * r->result) for the top-three step, which marks a pick whose threat the
 * learner's list did not find (in a session the top three is picked from the
 * threats found). Any other step: nothing to keep. */
static void keep_found(struct tm_runner *r)
{
	if (r->step.kind != TM_RUN_EXERCISE_RESULT || r->step.ex_step != TM_STEP_THREATS ||
	    r->result == NULL)
		return;
	clear_found(r);
	r->found_result = r->result;
	r->found_sub = r->sub;
	r->result = NULL;
	r->sub = NULL;
}

/* Leaving the result of the top-three step: its grading is kept (taken from
 * r->result) for the remediation step, which shows the fixes of the learner's
 * own picks. Any other step: nothing to keep. */
static void keep_top_three(struct tm_runner *r)
{
	if (r->step.kind != TM_RUN_EXERCISE_RESULT || r->step.ex_step != TM_STEP_TOP_THREE ||
	    r->result == NULL)
		return;
	clear_top_three(r);
	r->top_result = r->result;
	r->top_sub = r->sub;
	r->result = NULL;
	r->sub = NULL;
}

static void clear_used(struct tm_runner *r)
{
	free(r->used);
	r->used = NULL;
	r->used_n = 0;
	r->open_kept = 0;
	r->open_kept_attempt = 0;
}

/* Forgets the tries kept and the ones shown with the last feedback. */
static void clear_tries(struct tm_runner *r)
{
	for (size_t k = 0; k < r->tries_n; k++)
		free(r->tries[k]);
	free(r->tries);
	r->tries = NULL;
	r->tries_n = 0;
	r->tries_q = NULL;
	free(r->shown);
	r->shown = NULL;
	r->shown_n = 0;
}

/* The first question or exercise step at or after from that this pass has not
 * done yet (from itself when nothing was restored). */
static size_t next_open(const struct tm_runner *r, size_t from)
{
	while (r->used != NULL && from < r->used_n && r->used[from] < 0)
		from++;
	return from;
}

/* The attempts this pass used already at question or exercise step qi. */
static int used_attempts(const struct tm_runner *r, size_t qi)
{
	return r->used != NULL && qi < r->used_n && r->used[qi] > 0 ? r->used[qi] : 0;
}

/* The credit (and its attempt) kept by the attempts this pass used already at
 * question qi: only a question left between tries has any. */
static void used_kept(struct tm_runner *r, size_t qi)
{
	bool open = used_attempts(r, qi) > 0;
	r->kept = open ? r->open_kept : 0;
	r->kept_attempt = open ? r->open_kept_attempt : 0;
}

/* Whether item ii of module mi is done (a store that cannot say: not done). */
static bool item_done(const struct tm_runner *r, size_t mi, size_t ii)
{
	bool done = false;
	const struct tm_module *m = tm_course_module(r->course, mi);
	if (r->store == NULL)
		return false;
	if (tm_store_item_result(r->store, r->learner, tm_course_id(r->course), tm_module_id(m),
				 item_key_at(r, mi, ii), &done, NULL, NULL, NULL, NULL) != TM_OK)
		return false;
	return done;
}

/* The first item not done at or after item ii of module mi, in modules before
 * hi: *found false when there is none. */
static int first_undone(const struct tm_runner *r, size_t mi, size_t ii, size_t hi,
			size_t *out_mi, size_t *out_ii, bool *found, struct tm_diags *diags)
{
	*found = false;
	for (; mi < hi && mi < tm_course_module_count(r->course); mi++, ii = 0) {
		const struct tm_module *m = tm_course_module(r->course, mi);
		for (; ii < tm_module_item_count(m); ii++) {
			bool done = false;
			int status = tm_store_item_result(r->store, r->learner,
							  tm_course_id(r->course), tm_module_id(m),
							  item_key_at(r, mi, ii), &done, NULL, NULL,
							  NULL, diags);
			if (status != TM_OK)
				return status;
			if (!done) {
				*out_mi = mi;
				*out_ii = ii;
				*found = true;
				return TM_OK;
			}
		}
	}
	return TM_OK;
}

/* Fills the parts of the step every kind shares. */
static void set_step(struct tm_runner *r, enum tm_run_kind kind)
{
	bool resumed = r->step.resumed;
	memset(&r->step, 0, sizeof(r->step));
	r->step.kind = kind;
	r->step.resumed = resumed;
	r->step.course = r->course;
	r->step.module = cur_module(r);
	r->step.module_index = r->mi;
	r->step.item = cur_item(r);
	r->step.item_index = r->ii;
	r->step.question_index = r->qi;
	r->step.attempt = r->attempt + 1;
	r->step.order = r->order;
	r->step.order_count = r->order_n;
	/* an exercise's threats step, or a threat-list question, between tries */
	if ((kind == TM_RUN_EXERCISE || kind == TM_RUN_QUESTION) && r->attempt > 0)
		r->step.previous = r->prev_threats;
	if (r->step.item != NULL && tm_item_kind(r->step.item) == TM_ITEM_QUIZ) {
		r->step.attempts_allowed = tm_item_attempts(r->step.item);
		r->step.pass_mark = tm_item_pass_mark(r->step.item);
		if (r->qi < tm_item_question_count(r->step.item))
			r->step.question = tm_item_question(r->step.item, r->qi);
	}
	if (r->step.item != NULL && tm_item_kind(r->step.item) == TM_ITEM_EXERCISE) {
		r->step.exercise = tm_item_exercise(r->step.item);
		if (r->step.exercise != NULL && r->qi < tm_exercise_step_count(r->step.exercise)) {
			r->step.ex_step = tm_exercise_step(r->step.exercise, r->qi);
			r->step.ex_step_index = r->qi;
		}
	}
	if (((kind == TM_RUN_EXERCISE || kind == TM_RUN_EXERCISE_RESULT) &&
	     r->step.ex_step == TM_STEP_TOP_THREE) || kind == TM_RUN_EXERCISE_KEY)
		r->step.threats_result = r->found_result;
	if ((kind == TM_RUN_EXERCISE || kind == TM_RUN_EXERCISE_RESULT) &&
	    r->step.ex_step == TM_STEP_REMEDIATION) {
		r->step.top_result = r->top_result;
		r->step.top_submission = r->top_sub;
	}
}

/* The end of the run, with how much of the course is done (so that the UI says
 * "finished" only when it is). */
static void set_done(struct tm_runner *r)
{
	set_step(r, TM_RUN_DONE);
	r->step.module_run = r->one_module;
	if (r->store != NULL &&
	    tm_store_course_progress(r->store, r->learner, r->course, &r->step.progress,
				     NULL) == TM_OK)
		r->step.has_progress = true;
}

/* ==== Questions ================================================================= */

/*
 * The share of a question's points that a right answer on this attempt earns:
 * all on the first, half on the second, a quarter on the third, and so on. The
 * feedback before a retry gives nothing away, but a second guess at a question
 * with two choices (true/false, or single choice with two) is right by
 * elimination, so it earns nothing.
 */
static double attempt_credit(const struct tm_question *q, int attempt)
{
	if (attempt <= 1)
		return 1;
	if (tm_question_type(q) == TM_Q_TRUE_FALSE ||
	    (tm_question_type(q) == TM_Q_SINGLE && tm_question_choice_count(q) <= 2))
		return 0;
	double credit = 1;
	for (int i = 1; i < attempt && credit > 0; i++)
		credit /= 2;
	return credit;
}

/* Whether an answer on this attempt (1-based) is the question's last: right,
 * or the quiz allows no more attempts. */
static bool answer_final(const struct tm_item *it, bool correct, int attempt)
{
	int allowed = tm_item_attempts(it);
	return correct || (allowed > 0 && attempt >= allowed);
}

/* A fresh, non-zero seed for question qi of the current item. */
static unsigned fresh_seed(const struct tm_runner *r, size_t qi)
{
	uint32_t h = r->seed_base ^ 0x9e3779b9u;
	h ^= (uint32_t)(r->mi * 7919u + r->ii * 104729u + qi * 1299709u);
	h *= 2654435761u;
	h ^= h >> 15;
	return h != 0 ? h : 1;
}

/* Works out the display order of question qi (q) of the current item, reusing
 * a stored seed. Returns TM_OK, or TM_ENOMEM with r unchanged. */
static int prepare_question(struct tm_runner *r, size_t qi, const struct tm_question *q)
{
	size_t n = tm_quiz_display_count(q);
	size_t *order = n > 0 ? malloc(n * sizeof(*order)) : NULL;
	if (n > 0 && order == NULL)
		return TM_ENOMEM;
	free(r->order);
	r->order = order;
	r->order_n = n;
	r->hint_next = 0;
	if (n == 0)
		return TM_OK;
	unsigned seed = 0;
	if (tm_quiz_shuffles(cur_item(r), q)) {
		seed = fresh_seed(r, qi);
		if (r->store != NULL) {
			struct tm_diags ignore;
			tm_diags_init(&ignore);
			/* A store that cannot keep the seed still shuffles; the answer
			 * write that follows reports the store's problem. */
			tm_store_seed(r->store, r->learner, tm_course_id(r->course),
				      cur_module_id(r), cur_key(r), tm_question_id(q), &seed, &ignore);
			tm_diags_release(&ignore);
		}
	}
	tm_quiz_shuffle(tm_quiz_display_seed(cur_item(r), q, seed), r->order, n);
	return TM_OK;
}

/* ==== Entering items ============================================================ */

static void module_totals(struct tm_runner *r, double *score, double *max, int *pass_mark)
{
	const struct tm_module *m = cur_module(r);
	*score = 0;
	*max = 0;
	*pass_mark = 0;
	for (size_t i = 0; m != NULL && i < tm_module_item_count(m); i++) {
		const struct tm_item *it = tm_module_item(m, i);
		if (tm_item_kind(it) != TM_ITEM_QUIZ)
			continue;
		if (tm_item_pass_mark(it) > *pass_mark)
			*pass_mark = tm_item_pass_mark(it);
		if (r->store == NULL)
			continue;
		bool done = false;
		double s = 0, mx = 0;
		if (tm_store_item_result(r->store, r->learner, tm_course_id(r->course),
					 tm_module_id(m), tm_item_key(it), &done, &s, &mx, NULL,
					 NULL) == TM_OK &&
		    done) {
			*score += s;
			*max += mx;
		}
	}
	if (r->store == NULL) {
		*score = r->mod_score;
		*max = r->mod_max;
	}
}

/* Whether the quiz item it is passed with the score so far. */
static bool quiz_passed(const struct tm_runner *r, const struct tm_item *it)
{
	return r->max <= 0 || r->score * 100.0 >= tm_item_pass_mark(it) * r->max - 1e-9;
}

/*
 * What can fail on the way to step qi of the current item, done before r->qi
 * moves there: a question's display order, or at a quiz's end the write of
 * its score. The score counts as soon as it is shown, and is stored here only:
 * a learner who stops at this pause finds it in their progress (the position
 * stays; next stores only where to go on). Returns TM_OK, or an error with r
 * where it was.
 */
static int prepare_step(struct tm_runner *r, size_t qi, struct tm_diags *diags)
{
	const struct tm_item *it = cur_item(r);
	if (cur_module(r) == NULL || (r->one_module && r->mi != r->start_module) || it == NULL ||
	    tm_item_kind(it) != TM_ITEM_QUIZ)
		return TM_OK;
	if (qi < tm_item_question_count(it))
		return prepare_question(r, qi, tm_item_question(it, qi));
	if (r->store == NULL)
		return TM_OK;
	return tm_store_complete_item(r->store, r->learner, tm_course_id(r->course),
				      cur_module_id(r), cur_key(r), r->score, r->max,
				      quiz_passed(r, it), NULL, diags);
}

static bool step_graded(enum tm_step s)
{
	return s == TM_STEP_THREATS || s == TM_STEP_TOP_THREE;
}

static int grade_step(const struct tm_exercise *e, enum tm_step s, const char *answer,
		      double *percent, struct grader_result **result,
		      struct grader_submission **sub, struct tm_diags *diags);

/* Whether exercise e has step s. */
static bool exercise_has_step(const struct tm_exercise *e, enum tm_step s)
{
	for (size_t i = 0; e != NULL && i < tm_exercise_step_count(e); i++)
		if (tm_exercise_step(e, i) == s)
			return true;
	return false;
}

/*
 * At the remediation step of exercise e with no top three kept (after a
 * resume, or a run that starts there): the learner's stored top-three answer,
 * graded again. A convenience, as the draft is: when the store cannot say, or
 * the answer no longer grades (the author changed the exercise since), the
 * step has none and the UI shows the reference's remediation only.
 */
static void restore_top_three(struct tm_runner *r, const struct tm_exercise *e)
{
	char qid[64];
	char *text = NULL;
	double percent = 0;
	struct tm_diags ignore;
	if (r->top_result != NULL || r->store == NULL || !exercise_has_step(e, TM_STEP_TOP_THREE))
		return;
	tm_diags_init(&ignore);
	exercise_qid(TM_STEP_TOP_THREE, qid, sizeof(qid));
	if (tm_store_last_answer(r->store, r->learner, tm_course_id(r->course), cur_module_id(r),
				 cur_key(r), qid, &text, &ignore) == TM_OK)
		grade_step(e, TM_STEP_TOP_THREE, text, &percent, &r->top_result, &r->top_sub,
			   &ignore);
	tm_diags_release(&ignore);
	free(text);
}

/*
 * At the top-three step of exercise e with no threat list kept (after a
 * resume, or a run that starts there): the learner's stored threats answer
 * (the last one), graded again. As restore_top_three(): when the store cannot
 * say or the answer no longer grades, the step has none and no pick is marked.
 */
static void restore_found(struct tm_runner *r, const struct tm_exercise *e)
{
	char qid[64];
	char *text = NULL;
	double percent = 0;
	struct tm_diags ignore;
	if (r->found_result != NULL || r->store == NULL || !exercise_has_step(e, TM_STEP_THREATS))
		return;
	tm_diags_init(&ignore);
	exercise_qid(TM_STEP_THREATS, qid, sizeof(qid));
	if (tm_store_last_answer(r->store, r->learner, tm_course_id(r->course), cur_module_id(r),
				 cur_key(r), qid, &text, &ignore) == TM_OK)
		grade_step(e, TM_STEP_THREATS, text, &percent, &r->found_result, &r->found_sub,
			   &ignore);
	tm_diags_release(&ignore);
	free(text);
}


/* Moves to step qi of the current (mi, ii) once prepare_step() succeeded, and
 * sets the step; on failure the runner stays where it was. */
static int enter_at(struct tm_runner *r, size_t qi, struct tm_diags *diags)
{
	int status = prepare_step(r, qi, diags);
	if (status != TM_OK)
		return status;
	r->qi = qi;
	const struct tm_module *m = cur_module(r);
	if (m == NULL || (r->one_module && r->mi != r->start_module)) {
		set_done(r);
		return TM_OK;
	}
	const struct tm_item *it = cur_item(r);
	if (it == NULL) {
		set_step(r, TM_RUN_MODULE_END);
		module_totals(r, &r->step.score, &r->step.max, &r->step.pass_mark);
		r->step.passed = r->step.max <= 0 ||
				 r->step.score * 100.0 >= r->step.pass_mark * r->step.max - 1e-9;
		return TM_OK;
	}
	switch (tm_item_kind(it)) {
	case TM_ITEM_LESSON:
		set_step(r, TM_RUN_LESSON);
		return TM_OK;
	case TM_ITEM_QUIZ:
		if (r->qi < tm_item_question_count(it)) {
			set_step(r, TM_RUN_QUESTION);
			r->step.asks = true;
			load_draft(r);
			return TM_OK;
		}
		set_step(r, TM_RUN_QUIZ_END);
		r->step.score = r->score;
		r->step.max = r->max;
		r->step.passed = quiz_passed(r, it);
		return TM_OK;
	case TM_ITEM_EXERCISE: {
		const struct tm_exercise *e = tm_item_exercise(it);
		if (e != NULL && r->qi < tm_exercise_step_count(e)) {
			if (tm_exercise_step(e, r->qi) == TM_STEP_REMEDIATION)
				restore_top_three(r, e);
			if (tm_exercise_step(e, r->qi) == TM_STEP_TOP_THREE)
				restore_found(r, e);
			r->hint_next = 0;
			set_step(r, TM_RUN_EXERCISE);
			r->step.asks = tm_exercise_step(e, r->qi) != TM_STEP_READ;
			load_draft(r);
			return TM_OK;
		}
		/* the key marks what the learner's list found, after a resume too */
		if (e != NULL)
			restore_found(r, e);
		set_step(r, TM_RUN_EXERCISE_KEY);
		r->step.score = r->score;
		r->step.max = 100;
		/* an exercise no threats step scores cannot fall short */
		r->step.passed = !tm_exercise_scored(e) || r->score >= EXERCISE_PASS;
		return TM_OK;
	}
	}
	return TM_EINVALID;
}

/* Moves to whatever the current (mi, ii, qi) means and sets the step. */
static int enter(struct tm_runner *r, struct tm_diags *diags)
{
	return enter_at(r, r->qi, diags);
}

/* ==== Exercise results ========================================================== */

/* Whether answers at exercise step s are graded against the key. */

/* Whether text has a line with something on it besides blanks. */
static bool has_words(const char *text)
{
	for (const char *p = text; *p != '\0'; p++)
		if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
			return true;
	return false;
}

/*
 * An ungraded list step (assets, scope, remediation) refuses an empty answer as
 * the threats step does: its result shows the reference, which cannot be taken
 * back, and an empty line is one Enter too many after the pages before it.
 * Returns TM_OK, or TM_EUSAGE saying what to write.
 */
static int check_written(enum tm_step s, const char *answer, struct tm_diags *diags)
{
	if (has_words(answer))
		return TM_OK;
	const char *what = s == TM_STEP_ASSETS ? "write at least one asset, one per line"
			   : s == TM_STEP_SCOPE ? "write at least one item of the scope, one per "
						  "line (\"out:\" before those out of scope, or "
						  "under \"Out of scope:\")"
			   : s == TM_STEP_REMEDIATION ? "write at least one fix and when it is due, "
							"one per line"
						      : NULL;
	return what != NULL ? tm_diags_add(diags, TM_EUSAGE, NULL, 0, 0, "%s", what) : TM_OK;
}

/* How many picks the top-three step of e wants: as many as the reference top
 * list holds (three in every bundled exercise). */
static size_t top_count(const struct tm_exercise *e)
{
	return tm_exercise_top_count(e) > 0 ? tm_exercise_top_count(e) : 3;
}

/*
 * Grades answer at step s of exercise e: *percent, *result and *sub (caller
 * frees the last two with learn_result_free()) as learn_grade_threats() gives
 * them at a graded step, 0 and NULLs at any other. Returns TM_OK, or the
 * grader's error (TM_EUSAGE for a top list of the wrong length, or an empty
 * answer at any list step).
 */
static int grade_step(const struct tm_exercise *e, enum tm_step s, const char *answer,
		      double *percent, struct grader_result **result,
		      struct grader_submission **sub, struct tm_diags *diags)
{
	*percent = 0;
	*result = NULL;
	*sub = NULL;
	if (!step_graded(s))
		return check_written(s, answer, diags);
	/* the top list holds as many as the reference one (three in every bundled
	 * exercise), whatever the front end */
	size_t want = s != TM_STEP_TOP_THREE ? 0 : top_count(e);
	return learn_grade_threats(tm_exercise_key(e), answer, want, percent, result, sub, diags);
}

/* Sets the result of attempt's answer at the current exercise step, graded
 * percent; takes ownership of answer, result and sub. */
static void set_result(struct tm_runner *r, int attempt, char *answer,
		       struct grader_result *result, struct grader_submission *sub,
		       double percent)
{
	clear_exercise_result(r);
	r->result = result;
	r->sub = sub;
	r->answer = answer;
	r->attempt = attempt;
	set_step(r, TM_RUN_EXERCISE_RESULT);
	bool graded = step_graded(r->step.ex_step);
	r->step.attempt = attempt;
	r->step.answer = r->answer;
	r->step.result = r->result;
	r->step.submission = r->sub;
	r->step.score = percent;
	r->step.max = graded ? 100 : 0;
	r->step.passed = !graded || percent >= EXERCISE_PASS;
	r->step.retry = r->step.ex_step == TM_STEP_THREATS;
}

/* ==== Life cycle ================================================================ */

/* Whether a stored position points inside item (mi, ii) at a step it has. In
 * a quiz any step does: the resume goes by the stored answers and reads only
 * the position's attempts (restore_quiz()), and an author who removed
 * questions may have moved the stored question number past the quiz's end. */
static bool position_fits(const struct tm_runner *r, const struct tm_position *pos)
{
	const struct tm_module *m = cur_module(r);
	const struct tm_item *it = cur_item(r);
	if (m == NULL || it == NULL || strcmp(pos->module, tm_module_id(m)) != 0 ||
	    pos->step < 0 || pos->attempt < 0)
		return false;
	size_t at = 0;
	if (tm_module_stored_item(m, pos->item, &at) == NULL || at != r->ii)
		return false;
	switch (tm_item_kind(it)) {
	case TM_ITEM_QUIZ:
		return true;
	case TM_ITEM_EXERCISE:
		return tm_item_exercise(it) != NULL &&
		       (size_t)pos->step <= tm_exercise_step_count(tm_item_exercise(it));
	case TM_ITEM_LESSON:
		return pos->step == 0;
	}
	return false;
}

/* At an exercise's threats step with an attempt graded: the list to build on,
 * and the answer whose result a resume shows (resumed_answer()). At a
 * threat-list question left between tries: the list to build on. */
static int restore_threats(struct tm_runner *r, struct tm_diags *diags)
{
	const struct tm_item *it = cur_item(r);
	const struct tm_exercise *e = tm_item_kind(it) == TM_ITEM_EXERCISE ? tm_item_exercise(it)
									  : NULL;
	const struct tm_question *q = tm_item_kind(it) == TM_ITEM_QUIZ &&
				      r->qi < tm_item_question_count(it)
				      ? tm_item_question(it, r->qi) : NULL;
	char qid[TM_ID_MAX + 16];
	if (r->attempt == 0)
		return TM_OK;
	if (q != NULL && tm_question_type(q) == TM_Q_THREAT_LIST)
		snprintf(qid, sizeof(qid), "%s", tm_question_id(q));
	else if (e != NULL && r->qi < tm_exercise_step_count(e) &&
		 tm_exercise_step(e, r->qi) == TM_STEP_THREATS)
		exercise_qid(TM_STEP_THREATS, qid, sizeof(qid));
	else
		return TM_OK;
	int status = tm_store_last_answer(r->store, r->learner, tm_course_id(r->course),
					  cur_module_id(r), cur_key(r), qid, &r->prev_threats, diags);
	return status == TM_ENOTFOUND ? TM_OK : status;
}

/* The last of the n answers a to question (or step) id; NULL when none. */
static const struct learn_answer *last_answer(const struct learn_answer *a, size_t n,
					      const char *id)
{
	for (size_t k = n; k-- > 0;)
		if (strcmp(a[k].question, id) == 0)
			return &a[k];
	return NULL;
}

/*
 * Whether the stored answer last, the latest of the quiz's, is one the learner
 * stopped between tries of: its position (pos_attempt attempts used, 0 when
 * there is none) says so and the quiz's current limit allows another attempt.
 * The runner moves past a question only once its answer is final, and keeps
 * attempts in the position only while the learner is between tries, so no
 * other question can be open: raising a quiz's attempts never reopens a
 * question whose answer (and the right one) was shown.
 */
static bool retry_open(const struct tm_item *it, const struct learn_answer *last,
		       int pos_attempt)
{
	return pos_attempt > 0 && pos_attempt == last->attempt &&
	       !answer_final(it, last->correct, last->attempt);
}

/*
 * The best credit (points) of the tries that end in stored answer a[last] (the
 * attempts 1..a[last].attempt at its question, stored one after another), and
 * in *attempt the attempt that earned it: a partly right first answer keeps its
 * credit when a later, right one earns less.
 */
static double tries_credit(const struct tm_question *q, const struct learn_answer *a,
			   size_t last, int *attempt)
{
	double best = 0;
	int want = a[last].attempt;
	*attempt = 0;
	for (size_t k = last + 1; k-- > 0 && want > 0;) {
		if (strcmp(a[k].question, a[last].question) != 0)
			continue;
		if (a[k].attempt != want)
			break;
		double credit = a[k].score * attempt_credit(q, a[k].attempt);
		if (*attempt == 0 || credit > best) {
			best = credit;
			*attempt = a[k].attempt;
		}
		want--;
	}
	return best;
}

/*
 * Resumes the current quiz from its stored answers, matched to the questions
 * it has now by id (the author may have removed, renamed, inserted or
 * reordered questions since): a question answered is done with the best
 * credit of its last tries (tries_credit()), but for the one of the latest answer when the
 * learner stopped between its tries (retry_open()): that one goes on with the
 * attempts it used. Answers to questions the quiz no longer has stay in the
 * store and count for nothing. The run goes on at the first question not done.
 * Returns TM_OK, or TM_ENOMEM with r unchanged.
 */
static int restore_quiz(struct tm_runner *r, int pos_attempt, const struct learn_answer *a,
			size_t na, struct tm_diags *diags)
{
	const struct tm_item *it = cur_item(r);
	size_t n = tm_item_question_count(it);
	int *used = calloc(n + 1, sizeof(*used));
	double score = 0, max = 0;
	if (used == NULL)
		return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
	for (size_t i = 0; i < n; i++) {
		const struct tm_question *q = tm_item_question(it, i);
		const struct learn_answer *last = last_answer(a, na, tm_question_id(q));
		if (last == NULL)
			continue;
		int from = 0;
		double credit = tries_credit(q, a, (size_t)(last - a), &from);
		if (last == &a[na - 1] && retry_open(it, last, pos_attempt)) {
			used[i] = last->attempt;
			r->open_kept = credit;
			r->open_kept_attempt = from;
			continue;
		}
		used[i] = -1;
		score += credit;
		max += last->max;
	}
	if (na == 0) {
		free(used);
		return TM_OK;
	}
	r->used = used;   /* answers stored, even if to no current question: resumed */
	r->used_n = n;
	r->qi = next_open(r, 0);
	r->attempt = used_attempts(r, r->qi);
	used_kept(r, r->qi);
	r->score = score;
	r->max = max;
	return TM_OK;
}

/*
 * Resumes the current exercise at step p with p_attempt attempts used (the
 * stored position's), unless an asking step before it has no answer, or p's
 * attempts disagree with its answers (the author changed the steps since):
 * then at the first asking step with no answer. Steps answered are not asked
 * again on the way on, the attempts used come from the answers of the step
 * resumed at, and the score is the best threats list's. Returns TM_OK, or
 * TM_ENOMEM with r unchanged.
 */
static int restore_exercise(struct tm_runner *r, size_t p, int p_attempt,
			    const struct learn_answer *a, size_t na, struct tm_diags *diags)
{
	const struct tm_exercise *e = tm_item_exercise(cur_item(r));
	size_t n = e != NULL ? tm_exercise_step_count(e) : 0;
	int *used = calloc(n + 1, sizeof(*used));
	size_t gap = n;
	double best = 0;
	bool any = false;
	char qid[64];
	if (used == NULL)
		return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
	for (size_t i = 0; i < n; i++) {
		enum tm_step s = tm_exercise_step(e, i);
		exercise_qid(s, qid, sizeof(qid));
		const struct learn_answer *last = last_answer(a, na, qid);
		if (last == NULL) {
			if (s != TM_STEP_READ && gap == n)
				gap = i;
			continue;
		}
		any = true;
		used[i] = last->attempt;
		for (size_t k = 0; s == TM_STEP_THREATS && k < na; k++)
			if (strcmp(a[k].question, qid) == 0 && a[k].score > best)
				best = a[k].score;
	}
	size_t qi = p < gap && p < n && used[p] == p_attempt ? p : gap;
	for (size_t i = 0; i < n; i++)
		if (i != qi && used[i] > 0)
			used[i] = -1;
	r->qi = qi;
	r->attempt = qi < n && used[qi] > 0 ? used[qi] : 0;
	r->score = best;
	r->max = any ? 100 : 0;
	if (!any) {
		free(used);
		return TM_OK;
	}
	r->used = used;
	r->used_n = n;
	return TM_OK;
}

/* The stored answers to quiz it's questions, wherever the author had the quiz
 * when they were given (question ids are unique in a course). */
static int quiz_answers(const struct tm_runner *r, const struct tm_item *it,
			struct learn_answer **out, size_t *count, struct tm_diags *diags)
{
	size_t n = tm_item_question_count(it);
	const char **ids = malloc((n + 1) * sizeof(*ids));
	if (ids == NULL)
		return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
	for (size_t i = 0; i < n; i++)
		ids[i] = tm_question_id(tm_item_question(it, i));
	int status = tm_store_quiz_answers(r->store, r->learner, tm_course_id(r->course),
					   cur_module_id(r), cur_key(r), ids, n, out, count, diags);
	free(ids);
	return status;
}

/*
 * Picks up the current item (not done) from its stored answers: a quiz's
 * answered questions, an exercise's steps, at the stored position at when
 * it points into the item (NULL: none does). A lesson has nothing to restore.
 */
static int restore_item(struct tm_runner *r, const struct tm_position *at,
			struct tm_diags *diags)
{
	const struct tm_item *it = cur_item(r);
	if (r->store == NULL || it == NULL || tm_item_kind(it) == TM_ITEM_LESSON)
		return TM_OK;
	struct learn_answer *answers = NULL;
	size_t na = 0;
	int status = tm_item_kind(it) == TM_ITEM_QUIZ
		     ? quiz_answers(r, it, &answers, &na, diags)
		     : tm_store_item_answers(r->store, r->learner, tm_course_id(r->course),
					     cur_module_id(r), cur_key(r), &answers, &na, diags);
	if (status != TM_OK)
		return status;
	if (tm_item_kind(it) == TM_ITEM_QUIZ)
		status = restore_quiz(r, at != NULL ? at->attempt : 0, answers, na, diags);
	else
		status = restore_exercise(r, at != NULL ? (size_t)at->step : 0,
					  at != NULL ? at->attempt : 0, answers, na, diags);
	free(answers);
	return status == TM_OK ? restore_threats(r, diags) : status;
}

/*
 * A retake resumed inside quiz item it at pos: the question, points and
 * attempts the position says (the retake's own; the answers of earlier passes
 * count for nothing here). A question left between tries goes on with the
 * attempts it used and the best credit of its tries, when its latest answers
 * agree; else it is asked afresh. Returns TM_OK, or a store failure.
 */
static int restore_again_quiz(struct tm_runner *r, const struct tm_position *pos,
			      struct tm_diags *diags)
{
	const struct tm_item *it = cur_item(r);
	size_t n = tm_item_question_count(it);
	r->qi = (size_t)pos->step < n ? (size_t)pos->step : n;
	r->score = pos->score;
	r->max = pos->max;
	if (r->qi >= n || pos->attempt <= 0)
		return TM_OK;
	const struct tm_question *q = tm_item_question(it, r->qi);
	struct learn_answer *a = NULL;
	size_t na = 0;
	int status = quiz_answers(r, it, &a, &na, diags);
	if (status != TM_OK)
		return status;
	const struct learn_answer *last = last_answer(a, na, tm_question_id(q));
	if (last != NULL && last->attempt == pos->attempt &&
	    !answer_final(it, last->correct, last->attempt)) {
		r->attempt = pos->attempt;
		r->kept = tries_credit(q, a, (size_t)(last - a), &r->kept_attempt);
	}
	free(a);
	return TM_OK;
}

/*
 * Where a run starts when every item of its course or module is done: it goes
 * through them again (a retake), from the first, unless its own position was
 * written by a retake (tm_position.again) that stopped inside the run's
 * modules, lo to hi: then where that one stopped, with its points and
 * attempts so far (a position at a module's end: the next module). A
 * position a first pass left behind (the items were finished by another run
 * since) does not count. Returns TM_OK, or a store failure.
 */
static int place_again(struct tm_runner *r, size_t lo, size_t hi, struct tm_diags *diags)
{
	struct tm_position pos;
	size_t mi = lo, ii = 0;
	r->revisit = true;
	int status = tm_store_position_get(r->store, r->learner, r->pos_key, &pos, diags);
	if (status == TM_ENOTFOUND)
		return TM_OK;
	if (status != TM_OK)
		return status;
	while (mi < hi && strcmp(tm_module_id(tm_course_module(r->course, mi)), pos.module) != 0)
		mi++;
	if (!pos.again || mi >= hi)
		return TM_OK;
	if (pos.item[0] == '\0') {   /* stopped at the module's end */
		if (mi + 1 < hi)
			r->mi = mi + 1;
		r->step.resumed = mi + 1 < hi;
		return TM_OK;
	}
	if (tm_module_stored_item(tm_course_module(r->course, mi), pos.item, &ii) == NULL)
		return TM_OK;
	r->mi = mi;
	r->ii = ii;
	if (!position_fits(r, &pos)) {
		r->mi = lo;
		r->ii = 0;
		return TM_OK;
	}
	r->step.resumed = true;
	switch (tm_item_kind(cur_item(r))) {
	case TM_ITEM_QUIZ:
		status = restore_again_quiz(r, &pos, diags);
		return status == TM_OK ? restore_threats(r, diags) : status;
	case TM_ITEM_EXERCISE:
		r->qi = (size_t)pos.step;
		r->attempt = pos.attempt;
		r->score = pos.score;
		r->max = pos.max;
		return restore_threats(r, diags);
	case TM_ITEM_LESSON:
		break;
	}
	return TM_OK;
}

/*
 * Where a run with a store starts: the first item of its course or module not
 * done yet. Inside a quiz, the place and points so far come from its stored
 * answers (restore_quiz()); inside an exercise, from the stored position
 * checked against its answers (restore_exercise()). Of the positions, this
 * run's or, for the same item, the course's or the module run's counts: the one
 * further on. Positions that point anywhere else are stale: another run moved
 * on, or the content changed. With every item done: place_again().
 */
static int place(struct tm_runner *r, struct tm_diags *diags)
{
	const char *course = tm_course_id(r->course);
	size_t lo = r->one_module ? r->start_module : 0;
	size_t hi = r->one_module ? r->start_module + 1 : tm_course_module_count(r->course);
	size_t mi = 0, ii = 0;
	bool found = false;
	int status = first_undone(r, lo, 0, hi, &mi, &ii, &found, diags);
	if (status != TM_OK)
		return status;
	if (!found)
		return place_again(r, lo, hi, diags);
	r->mi = mi;
	r->ii = ii;
	r->step.resumed = mi != lo || ii != 0;
	char other[TM_ID_MAX];
	if (r->one_module)
		snprintf(other, sizeof(other), "%s", course);
	else
		tm_store_module_key(course, cur_module_id(r), other, sizeof(other));
	const char *keys[] = { r->pos_key, other };
	struct tm_position best = { .step = 0 };
	bool have = false;
	for (size_t k = 0; k < 2; k++) {
		struct tm_position pos;
		status = tm_store_position_get(r->store, r->learner, keys[k], &pos, diags);
		if (status == TM_ENOTFOUND)
			continue;
		if (status != TM_OK)
			return status;
		if (position_fits(r, &pos) &&
		    (!have || pos.step > best.step ||
		     (pos.step == best.step && pos.attempt > best.attempt))) {
			best = pos;
			have = true;
		}
	}
	status = restore_item(r, have ? &best : NULL, diags);
	r->step.resumed = r->step.resumed || r->qi > 0 || r->attempt > 0 || r->used != NULL;
	return status;
}

/* The stored answer to step s of the current exercise that a resume shows
 * the result of, in *text (caller frees): at the threats step the list
 * restore_threats() read for place() (r->prev_threats), at any other step
 * read now. Returns TM_OK, TM_ENOTFOUND when there is none, or an error. */
static int resumed_answer(const struct tm_runner *r, enum tm_step s, char **text,
			  struct tm_diags *diags)
{
	char qid[64];
	*text = NULL;
	if (s == TM_STEP_THREATS) {
		if (r->prev_threats == NULL)
			return TM_ENOTFOUND;
		*text = strdup(r->prev_threats);
		return *text != NULL ? TM_OK
				     : tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
	}
	exercise_qid(s, qid, sizeof(qid));
	return tm_store_last_answer(r->store, r->learner, tm_course_id(r->course),
				    cur_module_id(r), cur_key(r), qid, text, diags);
}

/*
 * Where a resume inside an exercise goes on, once place() found the step and
 * the attempts used at it. A position with attempts at a step is written only
 * with that step's answer, so the learner stopped at the answer's result (at
 * the threats step, the "again, or go on" choice): the result comes back,
 * graded again from the stored answer, and going on or trying again works as
 * before the stop, without storing the answer twice. The one exception is a
 * learner who chose to try again and typed lines before stopping: they kept
 * a draft (tm_runner_save_draft()), and the step asks again with it. So does
 * a step whose stored answer no longer grades (the author changed the
 * exercise since). The step is entered first: entering reads its draft
 * (load_draft()), which says whether to ask again. Returns TM_OK, or an error
 * with the runner at the step as entered (the caller frees it).
 */
static int resume_exercise_result(struct tm_runner *r, struct tm_diags *diags)
{
	const struct tm_exercise *e = tm_item_exercise(cur_item(r));
	char *text = NULL;
	struct grader_result *result = NULL;
	struct grader_submission *sub = NULL;
	double percent = 0;
	int status = enter(r, diags);
	if (status != TM_OK || e == NULL || r->attempt == 0 ||
	    r->qi >= tm_exercise_step_count(e) || r->draft != NULL)
		return status;
	enum tm_step s = tm_exercise_step(e, r->qi);
	status = resumed_answer(r, s, &text, diags);
	if (status == TM_ENOTFOUND)
		return TM_OK;
	if (status != TM_OK)
		return status;
	struct tm_diags ignore;   /* an answer that no longer grades is asked again */
	tm_diags_init(&ignore);
	status = grade_step(e, s, text, &percent, &result, &sub, &ignore);
	tm_diags_release(&ignore);
	if (status != TM_OK) {
		free(text);
		return status == TM_ENOMEM
			       ? tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory")
			       : TM_OK;
	}
	set_result(r, r->attempt, text, result, sub, percent);
	return TM_OK;
}

/* Claims the learner's one live session, so that a second learn of the same
 * learner is refused instead of writing over this one's results. */
static int begin_session(struct tm_runner *r, struct tm_diags *diags)
{
	int status = tm_store_session_begin(r->store, r->learner, diags);
	r->in_session = status == TM_OK;
	return status;
}

int tm_runner_new(const struct tm_content *c, struct tm_store *store, long long learner,
		  const char *course_id, const char *module_id, unsigned seed,
		  struct tm_runner **out, struct tm_diags *diags)
{
	*out = NULL;
	const struct tm_course *co = tm_content_find_course(c, course_id);
	if (co == NULL)
		return tm_diags_add(diags, TM_ENOTFOUND, NULL, 0, 0, "no course '%s'", course_id);
	long module_arg = -1;
	if (module_id != NULL) {
		for (size_t i = 0; i < tm_course_module_count(co); i++)
			if (strcmp(tm_module_id(tm_course_module(co, i)), module_id) == 0)
				module_arg = (long)i;
		if (module_arg < 0)
			return tm_diags_add(diags, TM_ENOTFOUND, NULL, 0, 0,
					    "course '%s' has no module '%s'", course_id, module_id);
	}
	struct tm_runner *r = calloc(1, sizeof(*r));
	if (r == NULL)
		return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
	r->content = c;
	r->course = co;
	r->store = store;
	r->learner = learner;
	r->seed_base = seed != 0 ? seed : (unsigned)time(NULL) ^ ((unsigned)getpid() << 16);
	snprintf(r->pos_key, sizeof(r->pos_key), "%s", course_id);
	if (module_arg >= 0) {
		r->one_module = true;
		r->start_module = (size_t)module_arg;
		r->mi = (size_t)module_arg;
		tm_store_module_key(course_id, module_id, r->pos_key, sizeof(r->pos_key));
	}
	if (store != NULL) {
		int status = begin_session(r, diags);
		if (status == TM_OK)   /* before place() reads the items by key */
			status = tm_store_adopt_items(store, c, diags);
		if (status == TM_OK)
			status = place(r, diags);
		if (status != TM_OK) {
			tm_runner_free(r);
			return status;
		}
	}
	bool at_start = r->ii == 0 && r->qi == 0 && r->attempt == 0 && r->used == NULL;
	bool in_exercise = cur_item(r) != NULL && tm_item_kind(cur_item(r)) == TM_ITEM_EXERCISE;
	int status = TM_OK;
	if (!at_start)   /* resume_exercise_result() enters when there is no result */
		status = in_exercise ? resume_exercise_result(r, diags) : enter(r, diags);
	if (at_start)
		set_step(r, TM_RUN_MODULE);
	if (status != TM_OK) {
		tm_runner_free(r);
		return tm_diags_add(diags, status, NULL, 0, 0, "cannot start course '%s'",
				    course_id);
	}
	*out = r;
	return TM_OK;
}

void tm_runner_free(struct tm_runner *r)
{
	if (r == NULL)
		return;
	if (r->in_session) {
		struct tm_diags ignore;   /* a session left behind is taken over later */
		tm_diags_init(&ignore);
		tm_store_session_end(r->store, r->learner, &ignore);
		tm_diags_release(&ignore);
	}
	clear_exercise_result(r);
	clear_prev_threats(r);
	clear_top_three(r);
	clear_found(r);
	clear_used(r);
	clear_tries(r);
	free(r->draft);
	free(r->order);
	free(r);
}

const struct tm_run_step *tm_runner_step(struct tm_runner *r)
{
	return &r->step;
}

/* ==== Moving on ================================================================= */

/* Stores the item as done with (score, max, passed) and the position after it. */
static int finish_item(struct tm_runner *r, double score, double max, bool passed,
		       bool stored, struct tm_diags *diags)
{
	size_t next_ii = r->ii + 1;
	/* Items done already (in a module run, say) are skipped, unless the learner
	 * is going through a finished course again. */
	while (!r->revisit && next_ii < tm_module_item_count(cur_module(r)) &&
	       item_done(r, r->mi, next_ii))
		next_ii++;
	if (r->store != NULL) {
		struct tm_position next;
		make_position(r, r->mi, next_ii, 0, 0, 0, 0, &next);
		int status = stored ? tm_store_position_set(r->store, r->learner,
							    tm_course_id(r->course), &next, diags)
				    : tm_store_complete_item(r->store, r->learner,
							     tm_course_id(r->course),
							     cur_module_id(r), cur_key(r), score,
							     max, passed, &next, diags);
		if (status != TM_OK)
			return status;
	}
	r->ii = next_ii;
	r->qi = 0;
	r->attempt = 0;
	r->kept = 0;
	r->kept_attempt = 0;
	r->score = 0;
	r->max = 0;
	clear_exercise_result(r);
	clear_prev_threats(r);
	clear_top_three(r);
	clear_found(r);
	clear_used(r);
	/* an item not done may hold answers from an earlier run (a module run,
	 * or before the author moved it): go on from them */
	if (!r->revisit) {
		int status = restore_item(r, NULL, diags);
		if (status != TM_OK)
			return status;
	}
	return enter(r, diags);
}

/* Stores the position of the exercise's next step (first attempt), then moves
 * there; when the write fails the runner stays at the step it was at. */
static int next_exercise_step(struct tm_runner *r, struct tm_diags *diags)
{
	size_t next = next_open(r, r->qi + 1);
	if (r->store != NULL) {
		struct tm_position pos;
		make_position(r, r->mi, r->ii, next, 0, r->score, r->max, &pos);
		int status = tm_store_position_set(r->store, r->learner, tm_course_id(r->course),
						   &pos, diags);
		if (status != TM_OK)
			return status;
	}
	r->attempt = 0;
	r->kept = 0;
	r->kept_attempt = 0;
	keep_top_three(r);
	keep_found(r);
	clear_exercise_result(r);
	clear_prev_threats(r);
	return enter_at(r, next, diags);
}

/*
 * A pass through module mi, just finished, supersedes the other run's retake
 * stopped inside it (tm_position.again): for a course run, the one of a run of
 * that module, then cleared (its next run starts the module over); for a
 * module run, the course's, then moved to the module's end (its next run goes
 * on with the next module). A first pass's position is left alone: place()
 * finds it stale by itself. Returns TM_OK, or a store failure.
 */
static int supersede_other_retake(struct tm_runner *r, size_t mi, struct tm_diags *diags)
{
	const char *course = tm_course_id(r->course);
	const char *module = tm_module_id(tm_course_module(r->course, mi));
	char other[TM_ID_MAX];
	struct tm_position pos;
	if (r->one_module)
		snprintf(other, sizeof(other), "%s", course);
	else if (tm_store_module_key(course, module, other, sizeof(other)) != TM_OK)
		return TM_OK;   /* no module run keeps a position of its own */
	int status = tm_store_position_get(r->store, r->learner, other, &pos, diags);
	if (status == TM_ENOTFOUND)
		return TM_OK;
	if (status != TM_OK)
		return status;
	if (!pos.again || strcmp(pos.module, module) != 0 || pos.item[0] == '\0')
		return TM_OK;
	struct tm_position done = { .key = other, .again = r->one_module };
	if (r->one_module)   /* at the module's end, still the course's retake */
		snprintf(done.module, sizeof(done.module), "%s", module);
	return tm_store_position_set(r->store, r->learner, course, &done, diags);
}

/*
 * After a module's summary: the next module with an item not done (the next one
 * in order when going through a finished course again). A module run ends here
 * and clears its own position; a course run stores where it goes on, or no
 * position when the course is done. Either supersedes the other run's retake
 * stopped in the module (supersede_other_retake()).
 */
static int next_module(struct tm_runner *r, struct tm_diags *diags)
{
	size_t count = tm_course_module_count(r->course);
	size_t mi = r->mi + 1, ii = 0;
	if (r->store != NULL && r->mi < count) {
		int status = supersede_other_retake(r, r->mi, diags);
		if (status != TM_OK)
			return status;
	}
	if (r->store != NULL && !r->revisit && !r->one_module) {
		bool found = false;
		int status = first_undone(r, mi, 0, count, &mi, &ii, &found, diags);
		if (status != TM_OK)
			return status;
		if (!found)
			mi = count;
	}
	bool course_done = mi >= count;
	if (r->store != NULL) {
		struct tm_position pos;
		make_position(r, course_done || r->one_module ? SIZE_MAX : mi, ii, 0, 0, 0, 0, &pos);
		int status = tm_store_position_set(r->store, r->learner, tm_course_id(r->course),
						   &pos, diags);
		if (status != TM_OK)
			return status;
	}
	r->mi = mi;
	r->ii = ii;
	r->qi = 0;
	r->attempt = 0;
	r->kept = 0;
	r->kept_attempt = 0;
	r->mod_score = 0;
	r->mod_max = 0;
	if (course_done || r->one_module) {
		set_done(r);
		return TM_OK;
	}
	int status = r->revisit ? TM_OK : restore_item(r, NULL, diags);
	set_step(r, TM_RUN_MODULE);
	return status;
}

int tm_runner_next(struct tm_runner *r, struct tm_diags *diags)
{
	struct tm_run_step *st = &r->step;
	if (st->asks)
		return tm_diags_add(diags, TM_EUSAGE, NULL, 0, 0, "this step needs an answer");
	st->resumed = false;
	switch (st->kind) {
	case TM_RUN_MODULE:
		return enter(r, diags);
	case TM_RUN_LESSON:
		return finish_item(r, 0, 0, true, false, diags);
	case TM_RUN_FEEDBACK:
		/* on failure still at the feedback (enter_at() moves only on success) */
		return enter_at(r, st->retry ? r->qi : next_open(r, r->qi + 1), diags);
	case TM_RUN_QUIZ_END:
		if (r->store == NULL) {
			r->mod_score += r->score;
			r->mod_max += r->max;
		}
		/* enter() stored the result when it showed it */
		return finish_item(r, st->score, st->max, st->passed, true, diags);
	case TM_RUN_EXERCISE:
	case TM_RUN_EXERCISE_RESULT:
		return next_exercise_step(r, diags);
	case TM_RUN_EXERCISE_KEY:
		return finish_item(r, st->score, st->max, st->passed, false, diags);
	case TM_RUN_MODULE_END:
		return next_module(r, diags);
	case TM_RUN_QUESTION:
	case TM_RUN_DONE:
		break;
	}
	return TM_OK;
}

int tm_runner_retry(struct tm_runner *r, struct tm_diags *diags)
{
	if (r->step.kind != TM_RUN_EXERCISE_RESULT || !r->step.retry)
		return tm_diags_add(diags, TM_EUSAGE, NULL, 0, 0, "nothing to try again here");
	r->step.resumed = false;
	clear_exercise_result(r);
	return enter(r, diags);
}

/* ==== Earlier tries ============================================================== */

/* Makes room for n tries of question q (a question other than the one kept
 * starts afresh); false when out of memory. */
static bool tries_room(struct tm_runner *r, const struct tm_question *q, size_t n)
{
	if (r->tries_q != q)
		clear_tries(r);
	r->tries_q = q;
	if (n <= r->tries_n)
		return true;
	char **more = realloc(r->tries, n * sizeof(*more));
	if (more == NULL)
		return false;
	for (size_t k = r->tries_n; k < n; k++)
		more[k] = NULL;
	r->tries = more;
	r->tries_n = n;
	return true;
}

/* Keeps answer as try attempt at q, one the learner may try again after: its
 * feedback is shown with the last answer's. A convenience, as a draft is: out
 * of memory it is not kept. */
static void note_try(struct tm_runner *r, const struct tm_question *q, int attempt,
		     const char *answer)
{
	if (attempt == 1)
		clear_tries(r);
	if (!tries_room(r, q, (size_t)attempt))
		return;
	free(r->tries[attempt - 1]);
	r->tries[attempt - 1] = strdup(answer);
}

/* The tries before attempt at q that this run did not see (given before a
 * resume), read back from the store, where attempt's own answer is the latest. */
static void load_tries(struct tm_runner *r, const struct tm_question *q, int attempt)
{
	size_t n = (size_t)attempt - 1;
	bool missing = r->tries_q != q || r->tries_n < n;
	for (size_t k = 0; k < n && k < r->tries_n; k++)
		missing = missing || r->tries[k] == NULL;
	if (r->store == NULL || !missing || !tries_room(r, q, n))
		return;
	char **stored = calloc(n + 1, sizeof(*stored));
	char version[17];
	struct tm_diags d;
	if (stored == NULL)
		return;
	tm_question_version(q, version);
	tm_diags_init(&d);
	if (tm_store_question_tries(r->store, r->learner, tm_course_id(r->course),
				    tm_question_id(q), attempt, version, stored, &d) == TM_OK)
		for (size_t k = 0; k <= n; k++) {
			if (k < n && r->tries[k] == NULL) {
				r->tries[k] = stored[k];
				stored[k] = NULL;
			}
			free(stored[k]);
		}
	tm_diags_release(&d);
	free(stored);
}

/* Whether feedback is one the last answer (g) or a try in r->shown says. */
static bool feedback_said(const struct tm_runner *r, const struct tm_quiz_grade *g,
			  const char *feedback)
{
	if (g->feedback != NULL && strcmp(g->feedback, feedback) == 0)
		return true;
	for (size_t k = 0; k < r->shown_n; k++)
		if (strcmp(r->shown[k].feedback, feedback) == 0)
			return true;
	return false;
}

/*
 * At the last answer (g, on attempt) to q: the earlier tries of this pass,
 * graded again in the order shown, whose feedback says why they were wrong
 * and is not said already, into r->shown (oldest first). A threat list's
 * tries have no feedback of their own (each builds on the last). Out of
 * memory, or with a store that cannot say, fewer are shown.
 */
static void show_tries(struct tm_runner *r, const struct tm_question *q, int attempt,
		       const struct tm_quiz_grade *g)
{
	free(r->shown);
	r->shown = NULL;
	r->shown_n = 0;
	if (attempt <= 1 || tm_question_type(q) == TM_Q_THREAT_LIST) {
		clear_tries(r);
		return;
	}
	load_tries(r, q, attempt);
	if (r->tries_q != q || r->tries_n < (size_t)attempt - 1)
		return;
	r->shown = calloc((size_t)attempt - 1, sizeof(*r->shown));
	for (size_t k = 0; r->shown != NULL && k + 1 < (size_t)attempt; k++) {
		struct tm_quiz_grade was;
		struct tm_diags d;
		if (r->tries[k] == NULL)
			continue;
		tm_diags_init(&d);
		int status = learn_quiz_grade(q, tm_content_lexicon(r->content), r->order,
					      r->order_n, r->tries[k], &was, NULL, NULL, &d);
		tm_diags_release(&d);
		if (status != TM_OK || was.correct || was.feedback == NULL ||
		    was.feedback[0] == '\0' || feedback_said(r, g, was.feedback))
			continue;
		r->shown[r->shown_n++] = (struct tm_run_try){
			.attempt = (int)k + 1, .answer = r->tries[k], .feedback = was.feedback,
		};
	}
}

/* ==== Answers =================================================================== */

static int answer_question(struct tm_runner *r, const char *answer, struct tm_diags *diags)
{
	const struct tm_question *q = r->step.question;
	const struct tm_item *it = cur_item(r);
	struct tm_quiz_grade g;
	struct grader_result *result = NULL;
	struct grader_submission *sub = NULL;
	int status = learn_quiz_grade(q, tm_content_lexicon(r->content), r->order, r->order_n,
				      answer, &g, &result, &sub, diags);
	if (status != TM_OK)
		return status;
	int attempt = r->attempt + 1;
	bool final = answer_final(it, g.correct, attempt);
	/* a threat list between tries: the list to build on at the next attempt */
	char *prev = NULL;
	if (!final && tm_question_type(q) == TM_Q_THREAT_LIST) {
		prev = strdup(answer);
		if (prev == NULL) {
			learn_result_free(result, sub);
			return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
		}
	}
	/* after a resume, questions this pass answered already are not asked again */
	size_t next_qi = final ? next_open(r, r->qi + 1) : r->qi;
	int next_attempt = final ? used_attempts(r, next_qi) : attempt;
	/* the best of the tries: a partly right first answer keeps its credit */
	double credit = g.score * attempt_credit(q, attempt);
	bool better = attempt == 1 || r->kept_attempt == 0 || credit >= r->kept;
	double kept = better ? credit : r->kept;
	int kept_attempt = better ? attempt : r->kept_attempt;
	double earned = final ? kept : 0;
	double score = r->score + earned;
	double max = r->max + (final ? g.max : 0);
	if (r->store != NULL) {
		char version[17];
		tm_question_version(q, version);
		struct tm_answer_record rec = {
			.course = tm_course_id(r->course), .module = cur_module_id(r),
			.item = cur_key(r), .question = tm_question_id(q), .attempt = attempt,
			.answer = answer, .score = g.score, .max = g.max, .correct = g.correct,
			.version = version,
		};
		struct tm_position next;
		make_position(r, r->mi, r->ii, next_qi, next_attempt, score, max, &next);
		status = tm_store_record_answer(r->store, r->learner, &rec, &next, diags);
		if (status != TM_OK) {
			learn_result_free(result, sub);
			free(prev);
			return status;
		}
	}
	if (final)
		show_tries(r, q, attempt, &g);
	else if (tm_question_type(q) != TM_Q_THREAT_LIST)
		note_try(r, q, attempt, answer);
	clear_prev_threats(r);
	r->prev_threats = prev;
	clear_exercise_result(r);
	r->result = result;
	r->sub = sub;
	r->attempt = next_attempt;
	r->score = score;
	r->max = max;
	r->kept = kept;
	r->kept_attempt = kept_attempt;
	if (final)
		used_kept(r, next_qi);
	set_step(r, TM_RUN_FEEDBACK);
	r->step.attempt = attempt;
	r->step.grade = g;
	r->step.retry = !final;
	r->step.earned = earned;
	r->step.kept = kept;
	r->step.kept_attempt = kept_attempt;
	r->step.credit = credit;
	r->step.next_credit = final ? 0 : attempt_credit(q, attempt + 1);
	r->step.tries = r->shown;
	r->step.try_count = r->shown_n;
	r->step.result = r->result;
	r->step.submission = r->sub;
	if (r->result != NULL)
		r->step.exercise = tm_question_exercise(q);
	return TM_OK;
}

static int answer_exercise(struct tm_runner *r, const char *answer, struct tm_diags *diags)
{
	enum tm_step s = r->step.ex_step;
	struct grader_result *result = NULL;
	struct grader_submission *sub = NULL;
	double percent = 0;
	char qid[64];
	int status = grade_step(r->step.exercise, s, answer, &percent, &result, &sub, diags);
	if (status != TM_OK)
		return status;
	char *copy = strdup(answer);
	if (copy == NULL) {
		learn_result_free(result, sub);
		return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
	}
	char *prev = NULL;
	if (s == TM_STEP_THREATS) {
		prev = strdup(answer);
		if (prev == NULL) {
			learn_result_free(result, sub);
			free(copy);
			return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
		}
	}
	int attempt = r->attempt + 1;
	/* Another attempt at the threats (in this run or after a resume) never
	 * lowers the exercise's score: the best attempt counts. */
	double ex_score = s == TM_STEP_THREATS && (attempt == 1 || percent > r->score) ? percent
										      : r->score;
	if (r->store != NULL) {
		exercise_qid(s, qid, sizeof(qid));
		struct tm_answer_record rec = {
			.course = tm_course_id(r->course), .module = cur_module_id(r),
			.item = cur_key(r), .question = qid, .attempt = attempt, .answer = answer,
			.score = percent, .max = step_graded(s) ? 100 : 0,
			.correct = step_graded(s) && percent >= EXERCISE_PASS,
		};
		struct tm_position next;
		/* Resuming lands on the same step, at this answer's result
		 * (resume_exercise_result()), with the exercise's threats score so far. */
		make_position(r, r->mi, r->ii, r->qi, attempt, ex_score, 100, &next);
		status = tm_store_record_answer(r->store, r->learner, &rec, &next, diags);
		if (status != TM_OK) {
			learn_result_free(result, sub);
			free(copy);
			free(prev);
			return status;
		}
	}
	if (prev != NULL) {
		clear_prev_threats(r);
		r->prev_threats = prev;
	}
	r->score = ex_score;
	r->max = 100;
	set_result(r, attempt, copy, result, sub, percent);
	return TM_OK;
}

/*
 * A top three refused for its length (answer holds have picks, counted as
 * grade_step() counts them): too few are kept as the step's draft, so that
 * the learner adds the missing ones instead of typing all again (the draft is
 * offered at the prompt, and kept for a resume). Too many are not kept, and
 * drop the picks kept before (they were part of the answer): the learner
 * chooses again. A draft is a convenience: a store that cannot keep it loses
 * nothing else, so its failure is not reported.
 */
static void keep_short_picks(struct tm_runner *r, const char *answer)
{
	size_t want = top_count(r->step.exercise);
	size_t have = 0;
	struct tm_diags d;
	tm_diags_init(&d);
	if (learn_count_threats(answer, true, &have, &d) == TM_OK && have > 0 && have != want &&
	    (have < want || r->draft != NULL))
		tm_runner_save_draft(r, have < want ? answer : NULL, &d);
	tm_diags_release(&d);
}

int tm_runner_answer(struct tm_runner *r, const char *answer, struct tm_diags *diags)
{
	char qid[TM_ID_MAX + 16];
	if (!r->step.asks)
		return tm_diags_add(diags, TM_EUSAGE, NULL, 0, 0, "this step asks nothing");
	r->step.resumed = false;
	step_qid(r, qid, sizeof(qid));
	bool had_draft = r->draft != NULL;
	int status = r->step.kind == TM_RUN_QUESTION
			     ? answer_question(r, answer != NULL ? answer : "", diags)
			     : answer_exercise(r, answer != NULL ? answer : "", diags);
	if (status == TM_EUSAGE && r->step.kind == TM_RUN_EXERCISE &&
	    r->step.ex_step == TM_STEP_TOP_THREE)
		keep_short_picks(r, answer != NULL ? answer : "");
	if (status == TM_OK && had_draft) {
		/* answered: the draft is spent (one left behind would only be shown
		 * again as a starting point, so a failure here loses nothing) */
		tm_store_draft_set(r->store, r->learner, tm_course_id(r->course),
				   cur_module_id(r), cur_key(r), qid, NULL, NULL);
		free(r->draft);
		r->draft = NULL;
	}
	return status;
}

int tm_runner_save_draft(struct tm_runner *r, const char *text, struct tm_diags *diags)
{
	char qid[TM_ID_MAX + 16];
	if (!r->step.asks)
		return tm_diags_add(diags, TM_EUSAGE, NULL, 0, 0, "this step asks nothing");
	if (r->store == NULL)
		return TM_OK;
	step_qid(r, qid, sizeof(qid));
	int status = tm_store_draft_set(r->store, r->learner, tm_course_id(r->course),
					cur_module_id(r), cur_key(r), qid, text, diags);
	if (status == TM_OK && text != r->draft) {
		/* answering the step later in this run spends it (tm_runner_answer);
		 * text may be the step's own draft, kept as it is */
		free(r->draft);
		r->draft = text != NULL ? strdup(text) : NULL;
		r->step.draft = r->draft;
	}
	return status;
}

/* ==== Hints ===================================================================== */

/* What to do at each exercise step when stuck; none gives an answer away. */
static const char *const step_hints[TM_STEP_COUNT] = {
	[TM_STEP_READ] = "Read the design once for the story, then again with the diagram "
			 "beside it, noting every place data crosses from one box to another.",
	[TM_STEP_ASSETS] = "Ask what an attacker would want, and what the company could not "
			   "afford to lose: data first, then systems, money and reputation.",
	[TM_STEP_SCOPE] = "In scope is what this design adds or changes; out of scope is what "
			  "it relies on but another team owns.",
	[TM_STEP_THREATS] = "Walk STRIDE letter by letter over each arrow of the diagram: who "
			    "could pretend, change, deny, read, flood or gain rights here?",
	[TM_STEP_TOP_THREE] = "Weigh how likely each threat is against how much it would hurt; "
			      "the cheapest attack on the most valuable asset comes first.",
	[TM_STEP_REMEDIATION] = "For each top threat say the fix, who owns it and when it is "
				"due: your organization's remediation policy sets the deadline "
				"for each severity, so the most severe are due first.",
};

const char *tm_runner_hint(struct tm_runner *r)
{
	const struct tm_run_step *st = &r->step;
	if (st->kind == TM_RUN_QUESTION && st->question != NULL) {
		if (r->hint_next < tm_question_hint_count(st->question))
			return tm_question_hint(st->question, r->hint_next++);
		return NULL;
	}
	if (st->kind == TM_RUN_EXERCISE && st->exercise != NULL &&
	    (unsigned)st->ex_step < TM_STEP_COUNT) {
		/* the exercise's own hints first, then the step's generic one */
		size_t own = tm_exercise_hint_count(st->exercise, st->ex_step);
		if (r->hint_next < own)
			return tm_exercise_hint(st->exercise, st->ex_step, r->hint_next++);
		if (r->hint_next++ == own)
			return step_hints[st->ex_step];
	}
	return NULL;
}
