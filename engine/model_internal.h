/*
 * model_internal.h: internal to libtmengine. The course model's structs. Every
 * string and array lives in the content's arena; answer keys are grader objects
 * owned by their exercise.
 */
#ifndef TM_MODEL_INTERNAL_H
#define TM_MODEL_INTERNAL_H

#include "arena.h"
#include "tmengine.h"

/* The question type names, indexed by enum tm_question_type and ended by NULL
 * (model.c; tm_question_type_name() reads one). */
extern const char *const tm_question_type_names[];

struct tm_strv {
	const char **v;
	size_t n;
};

struct tm_choice {
	const char *text;
	const char *feedback;
	bool correct;
};

struct tm_pair {
	const char *left, *right;
};

/* A short question's refused near miss and why it is wrong (feedback may be NULL). */
struct tm_reject {
	const char *answer, *feedback;
};

struct tm_question {
	const char *id;
	enum tm_question_type type;
	const char *prompt, *explanation;
	const char *feedback_correct, *feedback_incorrect;
	double points;
	struct tm_strv hints, tags;
	unsigned stride;
	struct tm_choice *choices;
	size_t n_choices;
	bool answer_bool;
	struct tm_strv accept, patterns, order, options;
	struct tm_reject *rejects;
	size_t n_rejects;
	struct tm_strv distractors;   /* short: the other options of a closed set */
	struct tm_pair *pairs;
	size_t n_pairs;
	double number, tolerance;
	const char *unit;
	const char *exercise_id;
	const struct tm_exercise *exercise;
	int exercise_line, exercise_column;   /* where exercise_id is written */
	double pass;
	int line, column;             /* where the question starts */
};

struct tm_item {
	enum tm_item_kind kind;
	const char *key;             /* what learners' progress is stored under */
	bool has_id;                 /* the author wrote its key (id:) */
	const char *title, *body;
	int pass_mark, attempts;
	bool shuffle;
	struct tm_question *questions;
	size_t n_questions;
	const char *exercise_id;
	const struct tm_exercise *exercise;
	int exercise_line, exercise_column;   /* where exercise_id is written */
	int line, column;
};

struct tm_module {
	const char *id, *title, *file;
	int minutes;
	struct tm_strv objectives, summary;
	struct tm_item *items;
	size_t n_items;
};

struct tm_course {
	const char *id, *title, *part, *summary, *dir;
	int minutes;
	struct tm_strv objectives;
	struct tm_module *modules;
	size_t n_modules;
};

struct tm_asset {
	const char *name, *why;
	enum tm_data_class cls;
};

/* Where a value is written in its file (1-based; 0 when unknown). */
struct tm_at {
	int line, column;
};

/* Where the patterns of each threat of a key are written in its key file:
 * at[t][p] for pattern p of the key's threat t (as grader_threat_pattern()
 * numbers them); n threats noted, each with n_at[t] patterns. */
struct tm_pattern_places {
	struct tm_at **at;            /* arena */
	size_t *n_at;                 /* arena */
	size_t n;
};

struct tm_sample {
	const char *file;             /* full path */
	struct tm_strv found, absent;
	double score_min, score_max;
	struct tm_at *found_at, *absent_at;   /* one per found / absent id */
	struct tm_at score_at;
};

struct tm_exercise {
	const char *id, *title, *part, *summary, *dir;
	int minutes;
	int timebox[TM_STEP_COUNT];
	struct tm_strv hints[TM_STEP_COUNT];   /* the exercise's own hints per step */
	enum tm_step *steps;
	size_t n_steps;
	const char *document, *diagram;
	struct tm_asset *assets;
	size_t n_assets;
	struct tm_strv scope_in, scope_out;
	struct grader_key *key;       /* owned */
	const char *key_file;         /* the key's path, NULL until it is loaded */
	struct tm_pattern_places pattern_places;   /* of the key's patterns */
	struct tm_strv top_threat, top_why;
	struct tm_sample *samples;
	size_t n_samples;
	/* validating: files of samples/ that 'samples:' does not list (arena
	 * paths), checked as submissions all the same */
	struct tm_strv unlisted_samples;
	/* loading: the first error of the exercise's files ("file:line:column:
	 * text", arena), NULL when it loaded cleanly; quiet when its errors were
	 * not shown (loaded only to resolve a course's references) */
	const char *first_error;
	bool quiet;
};

/* The remediation policy of a content root (policy.yaml, load_policy.c). */
struct tm_policy {
	const char *window[GRADER_SEV_CRITICAL + 1]; /* by severity: "within days";
							static or arena */
	bool organization;      /* the organization's own policy, not the common default */
};

struct tm_content {
	struct tm_arena arena;
	const char *root;
	struct tm_course *courses;
	size_t n_courses;
	struct tm_exercise *exercises;
	size_t n_exercises;
	struct grader_lexicon *lexicon;  /* owned */
	struct tm_policy policy;         /* policy.yaml, else the common default */
};

#endif
