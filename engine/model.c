/*
 * model.c: accessors of the course model, the names of its enumerations, and
 * freeing a content tree. Every pointer returned is borrowed from the content.
 */
#include <stdlib.h>
#include <string.h>

#include "model_internal.h"

/* Returns v[i] of a string vector, or NULL past its end. */
static const char *strv_at(const struct tm_strv *s, size_t i)
{
	return i < s->n ? s->v[i] : NULL;
}

/* ==== Names ================================================================ */

/* Indexed by enum tm_question_type, NULL after the last: the one list of type
 * names, given back by tm_question_type_name() and accepted (and suggested
 * from) by the question loader. */
const char *const tm_question_type_names[] = {
	"single", "multiple", "true-false", "short", "ordering", "matching", "numeric",
	"threat-list", NULL,
};
_Static_assert(sizeof(tm_question_type_names) / sizeof(tm_question_type_names[0]) ==
	       TM_Q_TYPE_COUNT + 1, "tm_question_type_names needs one name per enum tm_question_type");

const char *tm_question_type_name(enum tm_question_type t)
{
	return (unsigned)t < TM_Q_TYPE_COUNT ? tm_question_type_names[t] : "unknown";
}

const char *tm_data_class_name(enum tm_data_class c)
{
	static const char *const names[] = { "public", "confidential", "restricted", "secret" };
	return (unsigned)c <= TM_CLASS_SECRET ? names[c] : "unknown";
}

const char *tm_step_name(enum tm_step s)
{
	static const char *const names[TM_STEP_COUNT] = {
		"read", "assets", "scope", "threats", "top-three", "remediation",
	};
	return (unsigned)s < TM_STEP_COUNT ? names[s] : "unknown";
}

/* ==== Content ================================================================ */

void tm_content_free(struct tm_content *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->n_exercises; i++)
		grader_key_free(c->exercises[i].key);
	grader_lexicon_free(c->lexicon);
	tm_arena_release(&c->arena);
	free(c);
}

const char *tm_content_root(const struct tm_content *c) { return c->root; }
size_t tm_content_course_count(const struct tm_content *c) { return c->n_courses; }
size_t tm_content_exercise_count(const struct tm_content *c) { return c->n_exercises; }
const struct grader_lexicon *tm_content_lexicon(const struct tm_content *c) { return c->lexicon; }

const char *tm_content_remediation_window(const struct tm_content *c, enum grader_severity sev)
{
	return sev >= GRADER_SEV_LOW && sev <= GRADER_SEV_CRITICAL ? c->policy.window[sev] : NULL;
}

bool tm_content_remediation_is_policy(const struct tm_content *c)
{
	return c->policy.organization;
}

const struct tm_course *tm_content_course(const struct tm_content *c, size_t i)
{
	return i < c->n_courses ? &c->courses[i] : NULL;
}

const struct tm_exercise *tm_content_exercise(const struct tm_content *c, size_t i)
{
	return i < c->n_exercises ? &c->exercises[i] : NULL;
}

const struct tm_course *tm_content_find_course(const struct tm_content *c, const char *id)
{
	for (size_t i = 0; i < c->n_courses; i++)
		if (strcmp(c->courses[i].id, id) == 0)
			return &c->courses[i];
	return NULL;
}

const struct tm_exercise *tm_content_find_exercise(const struct tm_content *c, const char *id)
{
	for (size_t i = 0; i < c->n_exercises; i++)
		if (strcmp(c->exercises[i].id, id) == 0)
			return &c->exercises[i];
	return NULL;
}

/* ==== Courses and modules ====================================================== */

const char *tm_course_id(const struct tm_course *co) { return co->id; }
const char *tm_course_title(const struct tm_course *co) { return co->title; }
const char *tm_course_part(const struct tm_course *co) { return co->part; }
const char *tm_course_summary(const struct tm_course *co) { return co->summary; }
int tm_course_minutes(const struct tm_course *co) { return co->minutes; }
size_t tm_course_objective_count(const struct tm_course *co) { return co->objectives.n; }
const char *tm_course_objective(const struct tm_course *co, size_t i) { return strv_at(&co->objectives, i); }
size_t tm_course_module_count(const struct tm_course *co) { return co->n_modules; }

const struct tm_module *tm_course_module(const struct tm_course *co, size_t i)
{
	return i < co->n_modules ? &co->modules[i] : NULL;
}

const struct tm_module *tm_course_find_module(const struct tm_course *co, const char *id)
{
	for (size_t i = 0; i < co->n_modules; i++)
		if (strcmp(co->modules[i].id, id) == 0)
			return &co->modules[i];
	return NULL;
}

const char *tm_module_id(const struct tm_module *m) { return m->id; }
const char *tm_module_title(const struct tm_module *m) { return m->title; }
const char *tm_module_file(const struct tm_module *m) { return m->file; }
int tm_module_minutes(const struct tm_module *m) { return m->minutes; }
size_t tm_module_objective_count(const struct tm_module *m) { return m->objectives.n; }
const char *tm_module_objective(const struct tm_module *m, size_t i) { return strv_at(&m->objectives, i); }
size_t tm_module_summary_count(const struct tm_module *m) { return m->summary.n; }
const char *tm_module_summary(const struct tm_module *m, size_t i) { return strv_at(&m->summary, i); }
size_t tm_module_item_count(const struct tm_module *m) { return m->n_items; }

const struct tm_item *tm_module_item(const struct tm_module *m, size_t i)
{
	return i < m->n_items ? &m->items[i] : NULL;
}

/* ==== Items ====================================================================== */

enum tm_item_kind tm_item_kind(const struct tm_item *it) { return it->kind; }
const char *tm_item_body(const struct tm_item *it) { return it->body; }
int tm_item_pass_mark(const struct tm_item *it) { return it->pass_mark; }
int tm_item_attempts(const struct tm_item *it) { return it->attempts; }
bool tm_item_shuffle(const struct tm_item *it) { return it->shuffle; }
size_t tm_item_question_count(const struct tm_item *it) { return it->n_questions; }
const struct tm_exercise *tm_item_exercise(const struct tm_item *it) { return it->exercise; }

const char *tm_item_key(const struct tm_item *it) { return it->key != NULL ? it->key : ""; }

const struct tm_item *tm_module_find_item(const struct tm_module *m, const char *key,
					  size_t *index)
{
	for (size_t i = 0; key != NULL && i < m->n_items; i++)
		if (m->items[i].key != NULL && strcmp(m->items[i].key, key) == 0) {
			if (index != NULL)
				*index = i;
			return &m->items[i];
		}
	return NULL;
}

/* A position as progress from before item keys holds it ("#3": the upgrade's
 * form, which readers of files not upgraded yet give their integers too);
 * -1 for anything else. */
static long legacy_position(const char *ref)
{
	long n = 0;
	if (ref[0] != '#' || ref[1] == '\0')
		return -1;
	for (const char *p = ref + 1; *p != '\0'; p++) {
		if (*p < '0' || *p > '9' || n > 100000)
			return -1;
		n = n * 10 + (*p - '0');
	}
	return n;
}

const struct tm_item *tm_module_stored_item(const struct tm_module *m, const char *ref,
					    size_t *index)
{
	if (ref == NULL)
		return NULL;
	const struct tm_item *it = tm_module_find_item(m, ref, index);
	long n = legacy_position(ref);
	if (it != NULL || n < 0 || (size_t)n >= m->n_items)
		return it;
	if (index != NULL)
		*index = (size_t)n;
	return &m->items[n];
}

const struct tm_question *tm_course_find_question(const struct tm_course *co, const char *id,
						  size_t *module, size_t *item)
{
	for (size_t m = 0; m < co->n_modules; m++)
		for (size_t i = 0; i < co->modules[m].n_items; i++) {
			const struct tm_item *it = &co->modules[m].items[i];
			for (size_t q = 0; q < it->n_questions; q++)
				if (strcmp(it->questions[q].id, id) == 0) {
					*module = m;
					*item = i;
					return &it->questions[q];
				}
		}
	return NULL;
}

const char *tm_item_title(const struct tm_item *it)
{
	if (it->kind == TM_ITEM_EXERCISE && it->exercise != NULL)
		return it->exercise->title;
	return it->title;
}

const struct tm_question *tm_item_question(const struct tm_item *it, size_t i)
{
	return i < it->n_questions ? &it->questions[i] : NULL;
}

/* ==== Questions ====================================================================== */

const char *tm_question_id(const struct tm_question *q) { return q->id; }
enum tm_question_type tm_question_type(const struct tm_question *q) { return q->type; }
const char *tm_question_prompt(const struct tm_question *q) { return q->prompt; }
double tm_question_points(const struct tm_question *q) { return q->points; }
const char *tm_question_explanation(const struct tm_question *q) { return q->explanation; }
size_t tm_question_hint_count(const struct tm_question *q) { return q->hints.n; }
const char *tm_question_hint(const struct tm_question *q, size_t i) { return strv_at(&q->hints, i); }
size_t tm_question_tag_count(const struct tm_question *q) { return q->tags.n; }
const char *tm_question_tag(const struct tm_question *q, size_t i) { return strv_at(&q->tags, i); }
unsigned tm_question_stride(const struct tm_question *q) { return q->stride; }
const char *tm_question_feedback_correct(const struct tm_question *q) { return q->feedback_correct; }
const char *tm_question_feedback_incorrect(const struct tm_question *q) { return q->feedback_incorrect; }
size_t tm_question_choice_count(const struct tm_question *q) { return q->n_choices; }

const char *tm_question_choice_text(const struct tm_question *q, size_t i)
{
	return i < q->n_choices ? q->choices[i].text : NULL;
}

bool tm_question_choice_correct(const struct tm_question *q, size_t i)
{
	return i < q->n_choices && q->choices[i].correct;
}

const char *tm_question_choice_feedback(const struct tm_question *q, size_t i)
{
	return i < q->n_choices ? q->choices[i].feedback : NULL;
}

bool tm_question_answer_bool(const struct tm_question *q) { return q->answer_bool; }
size_t tm_question_accept_count(const struct tm_question *q) { return q->accept.n; }
const char *tm_question_accept(const struct tm_question *q, size_t i) { return strv_at(&q->accept, i); }
size_t tm_question_reject_count(const struct tm_question *q) { return q->n_rejects; }
const char *tm_question_reject(const struct tm_question *q, size_t i)
{
	return i < q->n_rejects ? q->rejects[i].answer : NULL;
}
size_t tm_question_distractor_count(const struct tm_question *q) { return q->distractors.n; }
const char *tm_question_distractor(const struct tm_question *q, size_t i)
{
	return strv_at(&q->distractors, i);
}
const char *tm_question_reject_feedback(const struct tm_question *q, size_t i)
{
	return i < q->n_rejects ? q->rejects[i].feedback : NULL;
}
size_t tm_question_pattern_count(const struct tm_question *q) { return q->patterns.n; }
const char *tm_question_pattern(const struct tm_question *q, size_t i) { return strv_at(&q->patterns, i); }
size_t tm_question_order_count(const struct tm_question *q) { return q->order.n; }
const char *tm_question_order_item(const struct tm_question *q, size_t i) { return strv_at(&q->order, i); }
size_t tm_question_pair_count(const struct tm_question *q) { return q->n_pairs; }
size_t tm_question_option_count(const struct tm_question *q) { return q->options.n; }
const char *tm_question_option(const struct tm_question *q, size_t i) { return strv_at(&q->options, i); }
double tm_question_number(const struct tm_question *q) { return q->number; }
double tm_question_tolerance(const struct tm_question *q) { return q->tolerance; }
const char *tm_question_unit(const struct tm_question *q) { return q->unit; }
const struct tm_exercise *tm_question_exercise(const struct tm_question *q) { return q->exercise; }
double tm_question_pass_score(const struct tm_question *q) { return q->pass; }

const char *tm_question_pair_left(const struct tm_question *q, size_t i)
{
	return i < q->n_pairs ? q->pairs[i].left : NULL;
}

const char *tm_question_pair_right(const struct tm_question *q, size_t i)
{
	return i < q->n_pairs ? q->pairs[i].right : NULL;
}

/* ==== Exercises ======================================================================== */

const char *tm_exercise_id(const struct tm_exercise *e) { return e->id; }
const char *tm_exercise_title(const struct tm_exercise *e) { return e->title; }
const char *tm_exercise_part(const struct tm_exercise *e) { return e->part; }
const char *tm_exercise_summary(const struct tm_exercise *e) { return e->summary; }
int tm_exercise_minutes(const struct tm_exercise *e) { return e->minutes; }
const char *tm_exercise_dir(const struct tm_exercise *e) { return e->dir; }
size_t tm_exercise_step_count(const struct tm_exercise *e) { return e->n_steps; }
const char *tm_exercise_document(const struct tm_exercise *e) { return e->document; }
const char *tm_exercise_diagram(const struct tm_exercise *e) { return e->diagram; }
size_t tm_exercise_asset_count(const struct tm_exercise *e) { return e->n_assets; }
const struct grader_key *tm_exercise_key(const struct tm_exercise *e) { return e->key; }
const char *tm_exercise_key_file(const struct tm_exercise *e) { return e->key_file != NULL ? e->key_file : e->dir; }
size_t tm_exercise_top_count(const struct tm_exercise *e) { return e->top_threat.n; }
const char *tm_exercise_top_threat(const struct tm_exercise *e, size_t i) { return strv_at(&e->top_threat, i); }
const char *tm_exercise_top_why(const struct tm_exercise *e, size_t i) { return strv_at(&e->top_why, i); }
size_t tm_exercise_sample_count(const struct tm_exercise *e) { return e->n_samples; }

int tm_exercise_timebox(const struct tm_exercise *e, enum tm_step s)
{
	return (unsigned)s < TM_STEP_COUNT ? e->timebox[s] : 0;
}

size_t tm_exercise_hint_count(const struct tm_exercise *e, enum tm_step s)
{
	return (unsigned)s < TM_STEP_COUNT ? e->hints[s].n : 0;
}

const char *tm_exercise_hint(const struct tm_exercise *e, enum tm_step s, size_t i)
{
	return (unsigned)s < TM_STEP_COUNT ? strv_at(&e->hints[s], i) : NULL;
}

enum tm_step tm_exercise_step(const struct tm_exercise *e, size_t i)
{
	return i < e->n_steps ? e->steps[i] : TM_STEP_COUNT;
}

bool tm_exercise_scored(const struct tm_exercise *e)
{
	for (size_t i = 0; e != NULL && i < e->n_steps; i++)
		if (e->steps[i] == TM_STEP_THREATS)
			return true;
	return false;
}

const char *tm_exercise_asset_name(const struct tm_exercise *e, size_t i)
{
	return i < e->n_assets ? e->assets[i].name : NULL;
}

enum tm_data_class tm_exercise_asset_class(const struct tm_exercise *e, size_t i)
{
	return i < e->n_assets ? e->assets[i].cls : TM_CLASS_PUBLIC;
}

const char *tm_exercise_asset_why(const struct tm_exercise *e, size_t i)
{
	return i < e->n_assets ? e->assets[i].why : NULL;
}

size_t tm_exercise_scope_count(const struct tm_exercise *e, bool in_scope)
{
	return in_scope ? e->scope_in.n : e->scope_out.n;
}

const char *tm_exercise_scope(const struct tm_exercise *e, bool in_scope, size_t i)
{
	return strv_at(in_scope ? &e->scope_in : &e->scope_out, i);
}

static const struct tm_sample *sample_at(const struct tm_exercise *e, size_t i)
{
	return i < e->n_samples ? &e->samples[i] : NULL;
}

const char *tm_exercise_sample_file(const struct tm_exercise *e, size_t i)
{
	const struct tm_sample *s = sample_at(e, i);
	return s ? s->file : NULL;
}

size_t tm_exercise_sample_found_count(const struct tm_exercise *e, size_t i)
{
	const struct tm_sample *s = sample_at(e, i);
	return s ? s->found.n : 0;
}

const char *tm_exercise_sample_found(const struct tm_exercise *e, size_t i, size_t j)
{
	const struct tm_sample *s = sample_at(e, i);
	return s ? strv_at(&s->found, j) : NULL;
}

size_t tm_exercise_sample_absent_count(const struct tm_exercise *e, size_t i)
{
	const struct tm_sample *s = sample_at(e, i);
	return s ? s->absent.n : 0;
}

const char *tm_exercise_sample_absent(const struct tm_exercise *e, size_t i, size_t j)
{
	const struct tm_sample *s = sample_at(e, i);
	return s ? strv_at(&s->absent, j) : NULL;
}

double tm_exercise_sample_score_min(const struct tm_exercise *e, size_t i)
{
	const struct tm_sample *s = sample_at(e, i);
	return s ? s->score_min : 0;
}

double tm_exercise_sample_score_max(const struct tm_exercise *e, size_t i)
{
	const struct tm_sample *s = sample_at(e, i);
	return s ? s->score_max : 100;
}

static void at(const struct tm_at *a, int *line, int *column)
{
	*line = a != NULL ? a->line : 0;
	*column = a != NULL ? a->column : 0;
}

void tm_exercise_sample_found_at(const struct tm_exercise *e, size_t i, size_t j, int *line,
				 int *column)
{
	const struct tm_sample *s = sample_at(e, i);
	at(s != NULL && s->found_at != NULL && j < s->found.n ? &s->found_at[j] : NULL, line,
	   column);
}

void tm_exercise_sample_absent_at(const struct tm_exercise *e, size_t i, size_t j, int *line,
				  int *column)
{
	const struct tm_sample *s = sample_at(e, i);
	at(s != NULL && s->absent_at != NULL && j < s->absent.n ? &s->absent_at[j] : NULL, line,
	   column);
}

void tm_exercise_sample_score_at(const struct tm_exercise *e, size_t i, int *line, int *column)
{
	const struct tm_sample *s = sample_at(e, i);
	at(s != NULL ? &s->score_at : NULL, line, column);
}

void tm_exercise_key_pattern_at(const struct tm_exercise *e, size_t t, size_t p, int *line,
				int *column)
{
	const struct tm_pattern_places *pp = e != NULL ? &e->pattern_places : NULL;
	at(pp != NULL && pp->at != NULL && t < pp->n && pp->at[t] != NULL && p < pp->n_at[t]
	   ? &pp->at[t][p] : NULL, line, column);
}
