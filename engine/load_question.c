/*
 * load_question.c: quiz questions, every type of docs/FORMAT.md.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "learn_internal.h"
#include "load_internal.h"

/* Fields every question may have, plus each type's own. One table holds them
 * all so an unknown key gets a suggestion; type_fields says which are allowed. */
static const struct ydoc_field question_fields[] = {
	{ "id", YT_STRING, true },
	{ "type", YT_STRING, true },
	{ "prompt", YT_STRING, true },
	{ "explanation", YT_STRING, true },
	{ "points", YT_NUMBER, false },
	{ "hints", YT_STRLIST, false },
	{ "tags", YT_STRLIST, false },
	{ "stride", YT_STRLIST, false },
	{ "feedback", YT_MAP, false },
	{ "choices", YT_LIST, false },
	{ "answer", YT_SCALAR, false },
	{ "accept", YT_STRLIST, false },
	{ "patterns", YT_STRLIST, false },
	{ "reject", YT_LIST, false },
	{ "order", YT_STRLIST, false },
	{ "pairs", YT_LIST, false },
	{ "distractors", YT_STRLIST, false },
	{ "tolerance", YT_NUMBER, false },
	{ "unit", YT_STRING, false },
	{ "exercise", YT_STRING, false },
	{ "pass", YT_NUMBER, false },
	{ NULL, YT_ANY, false },
};

/* Type-specific keys, and which types accept each. */
static const struct {
	const char *key;
	unsigned types;   /* bit per enum tm_question_type */
} type_keys[] = {
	{ "choices", 1u << TM_Q_SINGLE | 1u << TM_Q_MULTIPLE },
	{ "answer", 1u << TM_Q_TRUE_FALSE | 1u << TM_Q_NUMERIC },
	{ "accept", 1u << TM_Q_SHORT },
	{ "patterns", 1u << TM_Q_SHORT },
	{ "reject", 1u << TM_Q_SHORT },
	{ "order", 1u << TM_Q_ORDERING },
	{ "pairs", 1u << TM_Q_MATCHING },
	{ "distractors", 1u << TM_Q_MATCHING | 1u << TM_Q_SHORT },
	{ "tolerance", 1u << TM_Q_NUMERIC },
	{ "unit", 1u << TM_Q_NUMERIC },
	{ "exercise", 1u << TM_Q_THREAT_LIST },
	{ "pass", 1u << TM_Q_THREAT_LIST },
};

static const struct ydoc_field choice_fields[] = {
	{ "text", YT_STRING, true },
	{ "correct", YT_BOOL, false },
	{ "feedback", YT_STRING, false },
	{ NULL, YT_ANY, false },
};

static const struct ydoc_field pair_fields[] = {
	{ "left", YT_STRING, true },
	{ "right", YT_STRING, true },
	{ NULL, YT_ANY, false },
};

static const struct ydoc_field reject_fields[] = {
	{ "answer", YT_STRING, false },
	{ "answers", YT_STRLIST, false },   /* several answers with one feedback */
	{ "feedback", YT_STRING, false },
	{ NULL, YT_ANY, false },
};

static const struct ydoc_field feedback_fields[] = {
	{ "correct", YT_STRING, false },
	{ "incorrect", YT_STRING, false },
	{ NULL, YT_ANY, false },
};

/* "single, multiple, ... or threat-list" from tm_question_type_names, into buf. */
static const char *type_list(char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int i = 0; tm_question_type_names[i] != NULL && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s",
					 i == 0 ? "" : tm_question_type_names[i + 1] == NULL ? " or " : ", ",
					 tm_question_type_names[i]);
	return buf;
}

static int parse_type(struct loader *ld, const struct ydoc_node *n)
{
	const struct ydoc_node *v = ydoc_get(n, "type");
	if (v == NULL || v->kind != YDOC_SCALAR)
		return -1;
	for (int i = 0; tm_question_type_names[i] != NULL; i++)
		if (strcmp(tm_question_type_names[i], v->value) == 0)
			return i;
	const char *s = ydoc_suggest(v->value, tm_question_type_names);
	if (s != NULL) {
		ld_error(ld, v, "unknown question type '%s'; did you mean '%s'?", v->value, s);
		return -1;
	}
	char list[256];
	ld_error(ld, v, "unknown question type '%s'; use %s", v->value,
		 type_list(list, sizeof(list)));
	return -1;
}

/* Reports type-specific keys that this type does not use. */
static void check_type_keys(struct loader *ld, const struct ydoc_node *n, int type)
{
	for (size_t i = 0; i < sizeof(type_keys) / sizeof(type_keys[0]); i++) {
		const struct ydoc_node *v = ydoc_get(n, type_keys[i].key);
		if (v != NULL && !(type_keys[i].types & (1u << type)))
			ld_error(ld, v, "'%s' does not apply to %s questions", type_keys[i].key,
				 tm_question_type_names[type]);
	}
}

static const struct ydoc_node *require(struct loader *ld, const struct ydoc_node *n,
				       const char *key, const char *type)
{
	const struct ydoc_node *v = ydoc_get(n, key);
	if (v == NULL || ydoc_is_null(v))
		ld_error(ld, n, "%s question is missing required key '%s'", type, key);
	return v;
}

/* Reads feedback at map[key]; feedback that opens with a verdict would print it
 * twice ("Correct. Correct. Data was changed..."), so it is an error. */
static const char *load_feedback(struct loader *ld, const struct ydoc_node *map, const char *key)
{
	const char *copy = ld_str(ld, map, key), *text = copy;
	if (text == NULL)
		return NULL;
	while (*text == ' ' || *text == '\t' || *text == '\n')
		text++;
	size_t len = rule_verdict_len(text);
	if (len > 0)
		ld_error(ld, ydoc_get(map, key), "feedback starts with '%.*s', which the "
			 "program already prints; start with the reason", (int)len, text);
	return copy;
}

static void load_choices(struct loader *ld, const struct ydoc_node *n, struct tm_question *q)
{
	const struct ydoc_node *v = require(ld, n, "choices", tm_question_type_names[q->type]);
	if (v == NULL || v->kind != YDOC_SEQ)
		return;
	if (v->count < 2) {
		ld_error(ld, v, "'choices' needs at least 2 entries");
		return;
	}
	q->choices = tm_arena_alloc(ld->arena, v->count * sizeof(*q->choices));
	if (q->choices == NULL)
		return;
	size_t correct = 0;
	bool counted = true;   /* whether every choice says whether it is correct */
	for (size_t i = 0; i < v->count; i++) {
		const struct ydoc_node *c = v->items[i];
		const struct ydoc_node *cv = ydoc_get(c, "correct");
		bool b;
		if (!ld_check_entry(ld, c, choice_fields, "choice")) {
			counted = false;
			continue;
		}
		if (!ydoc_is_null(cv) && !ydoc_to_bool(cv, &b))
			counted = false;   /* 'correct: yes': reported as not true or false */
		struct tm_choice *ch = &q->choices[q->n_choices++];
		ch->text = ld_str(ld, c, "text");
		ch->feedback = load_feedback(ld, c, "feedback");
		ch->correct = ld_bool(c, "correct", false);
		correct += ch->correct;
	}
	/* two choices that read alike cannot be told apart by the learner */
	ld_check_unique_texts(ld, v, "text", "choice");
	if (!counted)
		return;
	if (q->type == TM_Q_SINGLE && correct != 1)
		ld_error(ld, v, "a single-choice question needs exactly one correct choice, "
			 "found %zu", correct);
	if (q->type == TM_Q_MULTIPLE && correct == 0)
		ld_error(ld, v, "a multiple-choice question needs at least one correct choice");
}

/* A short question's patterns are graded like a key's: the same checks, the
 * same messages (a pattern that hits the match limit would fail a right answer
 * at run time without a word). */
static void load_patterns(struct loader *ld, const struct ydoc_node *n, struct tm_question *q)
{
	ld_strv(ld, n, "patterns", &q->patterns);
	const struct ydoc_node *v = ydoc_get(n, "patterns");
	ld_report_bad_patterns(ld, v);
	ld_check_patterns(ld, v, "answer");
}

/* The options of a matching question are its right sides and distractors, one
 * for each text written the same; two that read alike but are written
 * differently ("Spoofing", "spoofing ") would be two options a learner cannot
 * tell apart, only one of them right. */
static void check_option_spellings(struct loader *ld, const struct ydoc_node *pairs,
				   const struct ydoc_node *distractors)
{
	size_t max = pairs->count + (distractors != NULL && distractors->kind == YDOC_SEQ ?
				     distractors->count : 0), n = 0;
	const struct ydoc_node **nodes = calloc(max > 0 ? max : 1, sizeof(*nodes));
	const char **texts = calloc(max > 0 ? max : 1, sizeof(*texts));
	struct rule_repeat *r = malloc((max > 0 ? max : 1) * sizeof(*r));
	long count = -1;
	if (nodes == NULL || texts == NULL || r == NULL)
		goto cleanup;
	for (size_t i = 0; i < max; i++) {
		/* a pair's right side (a pair that is no mapping is the schema
		 * check's), or a distractor */
		bool pair = i < pairs->count;
		const struct ydoc_node *e = pair ? pairs->items[i] : distractors->items[i - pairs->count];
		const struct ydoc_node *t = !pair ? e : e->kind == YDOC_MAP ? ydoc_get(e, "right") : NULL;
		if (t != NULL && t->kind == YDOC_SCALAR && !ydoc_is_blank(t)) {
			nodes[n] = t;
			texts[n++] = t->value;
		}
	}
	count = rule_repeats(texts, n, true, true, r);
	for (long k = 0; k < count; k++)
		ld_error(ld, nodes[r[k].later], "option '%s' reads like '%s' (line %d) but is "
			 "written differently, so the learner would see two options they cannot "
			 "tell apart: write it the same way", texts[r[k].later], texts[r[k].first],
			 nodes[r[k].first]->line);
cleanup:
	free(nodes);
	free(texts);
	free(r);
}

static void load_pairs(struct loader *ld, const struct ydoc_node *n, struct tm_question *q)
{
	const struct ydoc_node *v = require(ld, n, "pairs", "matching");
	if (v == NULL || v->kind != YDOC_SEQ)
		return;
	if (v->count < 2) {
		ld_error(ld, v, "'pairs' needs at least 2 entries");
		return;
	}
	struct tm_strv distractors;
	ld_strv(ld, n, "distractors", &distractors);
	q->pairs = tm_arena_alloc(ld->arena, v->count * sizeof(*q->pairs));
	q->options.v = tm_arena_alloc(ld->arena, (v->count + distractors.n) * sizeof(char *));
	if (q->pairs == NULL || q->options.v == NULL)
		return;
	for (size_t i = 0; i < v->count; i++) {
		if (!ld_check_entry(ld, v->items[i], pair_fields, "pair"))
			continue;
		struct tm_pair *p = &q->pairs[q->n_pairs];
		p->left = ld_str(ld, v->items[i], "left");
		p->right = ld_str(ld, v->items[i], "right");
		if (p->left != NULL && p->right != NULL)   /* else reported as missing */
			q->n_pairs++;
	}
	/* a left side twice would ask the same thing with two right answers */
	ld_check_unique_texts(ld, v, "left", "left side");
	check_option_spellings(ld, v, ydoc_get(n, "distractors"));
	/* Options: distinct right-hand sides, then distractors not already there. */
	for (size_t i = 0; i < q->n_pairs + distractors.n; i++) {
		const char *opt = i < q->n_pairs ? q->pairs[i].right : distractors.v[i - q->n_pairs];
		size_t j = 0;
		while (j < q->options.n && strcmp(q->options.v[j], opt) != 0)
			j++;
		if (j == q->options.n)
			q->options.v[q->options.n++] = opt;
	}
}

static void load_true_false(struct loader *ld, const struct ydoc_node *n, struct tm_question *q)
{
	const struct ydoc_node *v = require(ld, n, "answer", "true-false");
	if (v != NULL && !ydoc_is_blank(v) && !ydoc_to_bool(v, &q->answer_bool))
		ld_error(ld, v, "'answer' must be true or false, not '%s'", v->value);
}

static void load_numeric(struct loader *ld, const struct ydoc_node *n, struct tm_question *q)
{
	const struct ydoc_node *v = require(ld, n, "answer", "numeric");
	if (v != NULL && !ydoc_is_blank(v) && !ydoc_to_double(v, &q->number))
		ld_error(ld, v, "'answer' must be a number, not '%s'", v->value);
	q->tolerance = ld_number(ld, n, "tolerance", 0, RULE_TOLERANCE_MAX, 0);
	q->unit = ld_str(ld, n, "unit");
}

/* Notes an accepted or rejected answer or a distractor (what) for
 * ld_check_answers(); a note lost to ENOMEM only skips a check. */
static void note_answer(struct loader *ld, const struct ydoc_node *a, const char *what)
{
	struct ld_answer *p = ld->answers;
	if (ld->n_answers == ld->answers_alloc) {
		size_t alloc = ld->answers_alloc ? ld->answers_alloc * 2 : 32;
		p = realloc(ld->answers, alloc * sizeof(*p));
		if (p == NULL)
			return;
		ld->answers = p;
		ld->answers_alloc = alloc;
	}
	p = &ld->answers[ld->n_answers];
	p->file = ld->file;
	p->line = a->line;
	p->column = a->column;
	p->text = tm_arena_strndup(ld->arena, a->value, a->len);
	p->what = what;
	if (p->text != NULL)
		ld->n_answers++;
}

void ld_check_answers(struct loader *ld)
{
	const char **texts = ld->n_answers > 0 ? malloc(ld->n_answers * sizeof(*texts)) : NULL;
	bool *only_stop = ld->n_answers > 0 ? malloc(ld->n_answers * sizeof(*only_stop)) : NULL;

	for (size_t i = 0; texts != NULL && i < ld->n_answers; i++)
		texts[i] = ld->answers[i].text;
	/* every answer in one call: one preparation against the lexicon */
	if (texts != NULL && only_stop != NULL &&
	    rule_stop_word_answers(ld->lex, texts, ld->n_answers, only_stop) == 0) {
		for (size_t i = 0; i < ld->n_answers; i++) {
			const struct ld_answer *a = &ld->answers[i];
			if (!only_stop[i])
				continue;
			tm_diags_add(ld->diags, TM_EINVALID, a->file, a->line, a->column,
				     "%s '%s' has only words the grader leaves out "
				     "(stop words), so no answer can match it: name what makes the "
				     "answer %s", a->what, a->text,
				     strcmp(a->what, "accepted answer") == 0 ? "right" : "wrong");
			ld->errors++;
		}
	}
	free(texts);
	free(only_stop);
	free(ld->answers);
	ld->answers = NULL;
	ld->n_answers = ld->answers_alloc = 0;
}

/* An accepted answer (or what else a is) with no words ("", "!!!") can never
 * be matched: an error here. One of only stop words ("the") gives the grader
 * nothing to compare either; telling takes a key prepared with the lexicon, so
 * validate (ld->probe) notes each answer and ld_check_answers() tries them all
 * at once. Returns whether a has words. */
static bool check_answer_words(struct loader *ld, const struct ydoc_node *a, const char *what)
{
	if (!rule_has_word(a->value)) {
		ld_error(ld, a, "%s '%s' has no words in it, so no answer can match it: "
			 "write the answer, or delete it", what, a->value);
		return false;
	}
	if (ld->probe)
		note_answer(ld, a, what);
	return true;
}

/* Refuses the answer at a, the first past RULE_SHORT_ANSWERS_MAX of its kind. */
static void too_many_answers(struct loader *ld, const struct ydoc_node *a, const char *kind)
{
	ld_error(ld, a, "a short question lists at most %d %s, and this is one more: "
		 "grading prepares each of them; name the rest with patterns",
		 RULE_SHORT_ANSWERS_MAX, kind);
}

static void check_accepted(struct loader *ld, const struct ydoc_node *n)
{
	const struct ydoc_node *v = ydoc_get(n, "accept");
	for (size_t i = 0; v != NULL && v->kind == YDOC_SEQ && i < v->count; i++) {
		const struct ydoc_node *a = v->items[i];
		if (i == RULE_SHORT_ANSWERS_MAX)
			too_many_answers(ld, a, "accepted answers");
		if (a->kind != YDOC_SCALAR || ydoc_is_blank(a))
			continue;   /* reported by the schema check */
		check_answer_words(ld, a, "accepted answer");
	}
}

/* Whether a key of reject entry e that is not one of its own is a misspelled
 * 'answer' or 'answers' (reported so: "did you mean 'answer'?"). */
static bool misspells_answer(const struct ydoc_node *e)
{
	static const char *const names[] = { "answer", "answers", NULL };
	for (size_t i = 0; i < e->count; i++) {
		const char *k = e->pairs[i].key->value;
		bool own = false;
		for (size_t f = 0; reject_fields[f].name != NULL; f++)
			own = own || strcmp(reject_fields[f].name, k) == 0;
		if (!own && ydoc_suggest(k, names) != NULL)
			return true;
	}
	return false;
}

/* The answer nodes of a reject entry into *out (at most max): the entry itself
 * (plain text), its 'answer' or the items of its 'answers'; returns how many,
 * 0 when the entry was reported as malformed. An unknown key in the entry is
 * one error: 'answer' and 'answers' are still checked (not both, one of them),
 * and those of the right type still are rejected answers to check. */
static size_t reject_answers(struct loader *ld, const struct ydoc_node *e,
			     const struct ydoc_node **out, size_t max)
{
	if (e->kind == YDOC_MAP) {
		const struct ydoc_node *one = ydoc_get(e, "answer"), *many = ydoc_get(e, "answers");
		bool clean = ld_check_map(ld, e, reject_fields, "rejected answer");
		/* neither, where an unknown key is one of them misspelled: said so */
		if (one != NULL && many != NULL)
			ld_error(ld, e, "a rejected answer needs either 'answer' (one text) or "
				 "'answers' (a list sharing its feedback), not both");
		else if (one == NULL && many == NULL && (clean || !misspells_answer(e)))
			ld_error(ld, e, "a rejected answer needs either 'answer' (one text) or "
				 "'answers' (a list sharing its feedback)");
		if ((one == NULL) == (many == NULL))
			return 0;
		if (one != NULL) {
			if (one->kind != YDOC_SCALAR || ydoc_is_blank(one))
				return 0;   /* reported by the schema check */
			out[0] = one;
			return 1;
		}
		if (many->kind != YDOC_SEQ)
			return 0;   /* reported by the schema check */
		if (many->count == 0)
			ld_error(ld, many, "'answers' is empty: list the rejected answers");
		size_t n = 0;
		for (size_t i = 0; i < many->count && n < max; i++)
			if (many->items[i]->kind == YDOC_SCALAR && !ydoc_is_blank(many->items[i]))
				out[n++] = many->items[i];
		return n;
	}
	if (e->kind != YDOC_SCALAR) {
		ld_error(ld, e, "items of 'reject' must be text or a mapping with 'answer' (or "
			 "'answers') and 'feedback', not a list");
		return 0;
	}
	if (ydoc_is_blank(e)) {
		ld_error(ld, e, "an item of 'reject' is empty: write it, or delete it");
		return 0;
	}
	out[0] = e;
	return 1;
}

/* A rejected answer or distractor (what) written also as an accepted answer
 * can be neither. */
static bool check_not_accepted(struct loader *ld, const struct ydoc_node *n,
			       const struct ydoc_node *a, const char *what)
{
	const struct ydoc_node *v = ydoc_get(n, "accept");
	for (size_t i = 0; v != NULL && v->kind == YDOC_SEQ && i < v->count; i++) {
		const struct ydoc_node *acc = v->items[i];
		if (acc->kind != YDOC_SCALAR || !rule_same_answer(acc->value, a->value))
			continue;
		ld_error(ld, a, "%s '%s' is also accepted (line %d): keep it in one list", what,
			 a->value, acc->line);
		return false;
	}
	return true;
}

/* How many rejected answers q's entries list in all ('answers' lists count
 * each item). */
static size_t count_rejects(const struct ydoc_node *v)
{
	size_t n = 0;
	for (size_t i = 0; i < v->count; i++) {
		const struct ydoc_node *many = v->items[i]->kind == YDOC_MAP ?
					       ydoc_get(v->items[i], "answers") : NULL;
		n += many != NULL && many->kind == YDOC_SEQ ? many->count : 1;
	}
	return n;
}

/* Reads 'reject': each entry plain text, {answer, feedback} or {answers,
 * feedback}, each answer with words and not an accepted answer. */
static void load_rejects(struct loader *ld, const struct ydoc_node *n, struct tm_question *q)
{
	const struct ydoc_node *v = ydoc_get(n, "reject");
	if (v == NULL || v->kind != YDOC_SEQ || v->count == 0)
		return;   /* not a list: reported by the schema check */
	size_t max = count_rejects(v), room = max > 0 ? max : 1, seen = 0;
	const struct ydoc_node **answers = malloc(room * sizeof(*answers));
	q->rejects = tm_arena_alloc(ld->arena, room * sizeof(*q->rejects));
	if (q->rejects == NULL || answers == NULL) {
		free(answers);
		return;
	}
	for (size_t i = 0; i < v->count; i++) {
		const struct ydoc_node *e = v->items[i];
		size_t k = reject_answers(ld, e, answers, max - q->n_rejects);
		const char *feedback = k > 0 && e->kind == YDOC_MAP ?
				       load_feedback(ld, e, "feedback") : NULL;
		for (size_t j = 0; j < k; j++) {
			const struct ydoc_node *a = answers[j];
			if (seen++ == RULE_SHORT_ANSWERS_MAX)
				too_many_answers(ld, a, "rejected answers");
			if (!check_answer_words(ld, a, "rejected answer") ||
			    !check_not_accepted(ld, n, a, "rejected answer"))
				continue;
			struct tm_reject *r = &q->rejects[q->n_rejects];
			r->answer = tm_arena_strndup(ld->arena, a->value, a->len);
			r->feedback = feedback;
			if (r->answer != NULL)
				q->n_rejects++;
		}
	}
	free(answers);
}

/* Reads a short question's 'distractors' (the other options of a closed set),
 * each with words and not an accepted answer. */
static void load_distractors(struct loader *ld, const struct ydoc_node *n, struct tm_question *q)
{
	const struct ydoc_node *v = ydoc_get(n, "distractors");
	if (v == NULL || v->kind != YDOC_SEQ || v->count == 0)
		return;   /* not a list: reported by the schema check */
	q->distractors.v = tm_arena_alloc(ld->arena, v->count * sizeof(*q->distractors.v));
	if (q->distractors.v == NULL)
		return;
	for (size_t i = 0; i < v->count; i++) {
		const struct ydoc_node *a = v->items[i];
		if (i == RULE_SHORT_ANSWERS_MAX)
			too_many_answers(ld, a, "distractors");
		if (a->kind != YDOC_SCALAR || ydoc_is_blank(a))
			continue;   /* reported by the schema check */
		if (!check_answer_words(ld, a, "distractor") ||
		    !check_not_accepted(ld, n, a, "distractor"))
			continue;
		const char *text = tm_arena_strndup(ld->arena, a->value, a->len);
		if (text != NULL)
			q->distractors.v[q->distractors.n++] = text;
	}
	ld_check_unique_texts(ld, v, NULL, "distractor");
}

/*
 * What one validation may spend grading short questions' own texts (that no
 * rejected answer refuses an accepted one, that no hint passes), in fuzzy
 * matches: each costs about 0.025 ms with the bundled lexicon once both texts
 * are prepared, and preparing a text costs about PREPARE_COST of them (a
 * question prepares at most 2 x RULE_SHORT_ANSWERS_MAX). 150,000 are about
 * 4 s; past them a warning says, once for each check, what was not graded.
 */
#define GRADING_BUDGET 150000
#define PREPARE_COST 20

/* The three checks that spend the budget. */
enum short_check_kind { CHECK_ACCEPTED, CHECK_HINTS, CHECK_DISTRACTORS };

static const char *const unchecked[] = {
	[CHECK_ACCEPTED] = "accepted answers from here on were not graded against their "
			   "rejected answers",
	[CHECK_HINTS] = "hints from here on were not graded as answers",
	[CHECK_DISTRACTORS] = "distractors from here on were not graded as answers",
};

/* Spends cost of the validation's grading budget on a check of kind at at (a
 * node of the question); false, with the warning (once a kind) that from
 * there on that check was not made, when the budget is spent. */
static bool spend(struct loader *ld, size_t cost, const struct ydoc_node *at,
		  enum short_check_kind kind)
{
	if (ld->refusal_checks + cost <= GRADING_BUDGET) {
		ld->refusal_checks += cost;
		return true;
	}
	ld->refusal_checks = GRADING_BUDGET + 1;   /* spent: no later check runs */
	if ((ld->budget_said & (1u << kind)) == 0)
		tm_diags_add(ld->diags, TM_OK, ld->file, at->line, at->column,
			     "%s (more than %d fuzzy matches in one validation): keep answer "
			     "lists short, or use patterns", unchecked[kind], GRADING_BUDGET);
	ld->budget_said |= 1u << kind;
	return false;
}

/* Whether accepted answer a of q would be graded wrong (an error names the
 * rejected answer that refuses it), with s holding q's prepared answers. */
static void check_accepted_one(struct loader *ld, const struct ydoc_node *a,
			       struct tm_short_answers *s)
{
	const char *refused = NULL;
	struct tm_diags d;
	tm_diags_init(&d);
	if (tm_quiz_short_refused(s, a->value, &refused, &d) == TM_OK && refused != NULL)
		ld_error(ld, a, "accepted answer '%s' would be graded wrong: it is at least "
			 "as like the rejected answer '%s' as like any accepted answer; "
			 "reword one of them", a->value, refused);
	else if (tm_quiz_short_named(s, a->value, &refused, &d) == TM_OK && refused != NULL)
		ld_error(ld, a, "accepted answer '%s' would be graded wrong: it names the "
			 "distractor '%s'; reword one of them", a->value, refused);
	tm_diags_release(&d);
}

/* Every accepted answer must be right: graded, none may be refused as a
 * rejected answer it is at least as like, nor name a distractor. Costs
 * preparing every answer text of q, then per accepted answer its own text, a
 * match per rejected answer and, where one passes, a match per accepted answer
 * (tm_quiz_short_refused); and a match per distractor and run of its words. */
static void check_accepted_right(struct loader *ld, const struct ydoc_node *n,
				 const struct tm_question *q, struct tm_short_answers *s)
{
	const struct ydoc_node *v = ydoc_get(n, "accept");
	size_t texts = q->accept.n + q->n_rejects + q->distractors.n;
	if (v == NULL || v->kind != YDOC_SEQ ||
	    !spend(ld, texts * PREPARE_COST, v, CHECK_ACCEPTED))
		return;
	for (size_t i = 0; i < v->count; i++) {
		const struct ydoc_node *a = v->items[i];
		if (a->kind != YDOC_SCALAR || ydoc_is_blank(a))
			continue;
		if (!spend(ld, texts + PREPARE_COST, a, CHECK_ACCEPTED))
			return;
		check_accepted_one(ld, a, s);
	}
}

/* A hint is there to help toward the answer; one that is graded correct when
 * typed back gives it away (the learner copies it and earns the points).
 * Costs preparing every answer text of q, then per hint its own and a match
 * per answer text. */
static void check_hints_not_answers(struct loader *ld, const struct ydoc_node *n,
				    const struct tm_question *q, struct tm_short_answers *s)
{
	const struct ydoc_node *v = ydoc_get(n, "hints");
	size_t texts = q->accept.n + q->n_rejects;
	if (v == NULL || v->kind != YDOC_SEQ || v->count == 0 ||
	    !spend(ld, texts * PREPARE_COST, v, CHECK_HINTS))
		return;
	for (size_t i = 0; i < v->count; i++) {
		const struct ydoc_node *h = v->items[i];
		struct tm_quiz_grade g;
		struct tm_diags d;
		char *ans;
		if (h->kind != YDOC_SCALAR || ydoc_is_blank(h))
			continue;   /* reported by the schema check */
		if (!spend(ld, texts + PREPARE_COST, h, CHECK_HINTS))
			return;
		ans = learn_trimmed(h->value);
		memset(&g, 0, sizeof(g));
		g.max = q->points;
		tm_diags_init(&d);
		if (ans != NULL && tm_short_answers_grade(s, ans, &g, &d) == TM_OK && g.correct)
			ld_error(ld, h, "typed back, the hint passes (%s): it gives the answer away; "
				 "point toward the answer without stating it", g.detail);
		tm_diags_release(&d);
		free(ans);
	}
}

/* Whether q kept distractor a: one with an error of its own (no words, also
 * accepted) is left out, and is not graded here as well. */
static bool kept_distractor(const struct tm_question *q, const struct ydoc_node *a)
{
	for (size_t i = 0; i < q->distractors.n; i++)
		if (strlen(q->distractors.v[i]) == a->len &&
		    memcmp(q->distractors.v[i], a->value, a->len) == 0)
			return true;
	return false;
}

/* A distractor the question itself accepts (an accepted answer, a pattern or
 * the lexicon's synonyms of an accepted answer pass it) fails every learner
 * who types it: it is the answer, and refused as a list of options. Costs
 * preparing every answer text of q, then per distractor its own and a match
 * per answer text. */
static void check_distractors_wrong(struct loader *ld, const struct ydoc_node *n,
				    const struct tm_question *q, struct tm_short_answers *s)
{
	const struct ydoc_node *v = ydoc_get(n, "distractors");
	size_t texts = q->accept.n + q->n_rejects + q->distractors.n;
	if (v == NULL || v->kind != YDOC_SEQ || v->count == 0 ||
	    !spend(ld, texts * PREPARE_COST, v, CHECK_DISTRACTORS))
		return;
	for (size_t i = 0; i < v->count; i++) {
		const struct ydoc_node *a = v->items[i];
		struct tm_quiz_grade g;
		struct tm_diags d;
		if (a->kind != YDOC_SCALAR || ydoc_is_blank(a) || !kept_distractor(q, a))
			continue;   /* reported by the schema check, or on its own */
		if (!spend(ld, texts + PREPARE_COST, a, CHECK_DISTRACTORS))
			return;
		memset(&g, 0, sizeof(g));
		g.max = q->points;
		tm_diags_init(&d);
		if (tm_quiz_short_accepts(s, a->value, &g, &d) == TM_OK && g.correct)
			ld_error(ld, a, "distractor '%s' is graded right as an answer (%s): a learner "
				 "who types it fails; move it under 'accept:', or remove it",
				 a->value, g.detail);
		tm_diags_release(&d);
	}
}

/* Validating, once q's accepted answers and patterns are sound (a bad pattern
 * would fail these anyway): its accepted answers against its rejected ones, and its hints
 * against all, and its distractors as answers; q's answer texts are prepared
 * once for all three. Only when
 * validating, as the stop-word check: grading each accepted answer took 12 ms
 * of every load of the bundled content. */
static void check_short_texts(struct loader *ld, const struct ydoc_node *n,
			      const struct tm_question *q)
{
	struct tm_short_answers *s = NULL;
	if (tm_short_answers_new(q, ld->lex, &s) != TM_OK) {
		ld_error(ld, n, "out of memory");
		return;
	}
	if (q->n_rejects > 0 || q->distractors.n > 0)
		check_accepted_right(ld, n, q, s);
	check_distractors_wrong(ld, n, q, s);
	check_hints_not_answers(ld, n, q, s);
	tm_short_answers_free(s);
}

/* Reads a short question. Its texts are graded against each other
 * (check_short_texts()) when its accepted answers and patterns are sound, since
 * grading needs them: an error elsewhere (a distractor listed twice, a
 * rejected answer that is also accepted, which is left out) does not hide what
 * that grading finds, so one run of validate reports both. */
static void load_short(struct loader *ld, const struct ydoc_node *n, struct tm_question *q)
{
	int before = ld->errors;
	check_accepted(ld, n);
	ld_strv(ld, n, "accept", &q->accept);
	load_patterns(ld, n, q);
	if (q->accept.n == 0 && q->patterns.n == 0)
		ld_error(ld, n, "short question needs 'accept' answers or 'patterns'");
	bool gradable = ld->errors == before;
	load_rejects(ld, n, q);
	load_distractors(ld, n, q);
	if (ld->probe && gradable)
		check_short_texts(ld, n, q);
}

static void load_type_fields(struct loader *ld, const struct ydoc_node *n, struct tm_question *q)
{
	switch (q->type) {
	case TM_Q_SINGLE:
	case TM_Q_MULTIPLE:
		load_choices(ld, n, q);
		break;
	case TM_Q_TRUE_FALSE:
		load_true_false(ld, n, q);
		break;
	case TM_Q_SHORT:
		load_short(ld, n, q);
		break;
	case TM_Q_ORDERING:
		if (require(ld, n, "order", "ordering") == NULL)
			break;
		ld_strv(ld, n, "order", &q->order);
		ld_check_unique_texts(ld, ydoc_get(n, "order"), NULL, "item");
		if (q->order.n < 2)
			ld_error(ld, ydoc_get(n, "order"), "'order' needs at least 2 items");
		break;
	case TM_Q_MATCHING:
		load_pairs(ld, n, q);
		break;
	case TM_Q_NUMERIC:
		load_numeric(ld, n, q);
		break;
	case TM_Q_THREAT_LIST:
		if (require(ld, n, "exercise", "threat-list") != NULL) {
			const struct ydoc_node *ex = ydoc_get(n, "exercise");
			q->exercise_id = ld_str(ld, n, "exercise");
			q->exercise_line = ex->line;
			q->exercise_column = ex->column;
		}
		q->pass = ld_number(ld, n, "pass", 0, 100, 50);
		break;
	default:
		break;
	}
}

int tm_load_question(struct loader *ld, const struct ydoc_node *n, struct tm_question *q)
{
	int before = ld->errors;
	memset(q, 0, sizeof(*q));
	q->line = n->line;
	q->column = n->column;
	if (!ld_check_map(ld, n, question_fields, "question") && n->kind != YDOC_MAP)
		return ld->errors - before;
	ld_check_id(ld, n, "id", false);
	q->id = ld_str(ld, n, "id");
	q->prompt = ld_str(ld, n, "prompt");
	q->explanation = ld_str(ld, n, "explanation");
	q->points = ld_number(ld, n, "points", RULE_POINTS_MIN, RULE_POINTS_MAX, 1);
	ld_strv(ld, n, "hints", &q->hints);
	ld_strv(ld, n, "tags", &q->tags);
	q->stride = ld_stride(ld, n, "stride");
	const struct ydoc_node *fb = ydoc_get(n, "feedback");
	if (fb != NULL && fb->kind == YDOC_MAP &&
	    ld_check_entry(ld, fb, feedback_fields, "feedback")) {
		q->feedback_correct = load_feedback(ld, fb, "correct");
		q->feedback_incorrect = load_feedback(ld, fb, "incorrect");
	}
	int type = parse_type(ld, n);
	if (type < 0)
		return ld->errors - before;
	q->type = (enum tm_question_type)type;
	check_type_keys(ld, n, type);
	load_type_fields(ld, n, q);
	return ld->errors - before;
}
