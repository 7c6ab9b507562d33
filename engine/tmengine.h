/*
 * tmengine.h: libtmengine, the course model, its validating YAML loader, and the
 * services built on it (progress store, session runner, exporters).
 *
 * The engine never prints and never exits. Every call that can fail returns
 * TM_OK (0) or a tm_status, and fills diagnostics the caller owns.
 */
#ifndef TMENGINE_H
#define TMENGINE_H

#include <stddef.h>
#include <stdbool.h>

#include "grader.h"

/* ==== Status and diagnostics ============================================== */

enum tm_status {
	TM_OK = 0,
	TM_ENOMEM,      /* out of memory */
	TM_EIO,         /* a file could not be read or written */
	TM_ESYNTAX,     /* not well-formed YAML (or XML) */
	TM_EINVALID,    /* well-formed, but breaks the content schema */
	TM_ENOTFOUND,   /* no such course, module, exercise or file */
	TM_ELIMIT,      /* a size, depth or count limit was hit */
	TM_EDB,         /* the progress database failed */
	TM_EBUSY,       /* the progress database is locked by another process */
	TM_EREADONLY,   /* the progress database cannot be written */
	TM_ECORRUPT,    /* the progress database is damaged */
	TM_EUSAGE,      /* the caller passed arguments that make no sense */
	TM_STATUS_MAX
};

/** Names a status code ("invalid content"); never NULL. */
const char *tm_strerror(int code);

/** One diagnostic: a code plus a location and a lowercase message. */
struct tm_error {
	int code;
	char *file;     /* owned; NULL when the error has no file */
	int line;       /* 1-based; 0 when unknown */
	int column;     /* 1-based; 0 when unknown */
	char *text;     /* owned; lowercase, no trailing period */
};

/** Every diagnostic of a run, in the order found. Embedded by callers. */
struct tm_diags {
	struct tm_error *items;
	size_t count;
	size_t alloc;
};

void tm_diags_init(struct tm_diags *d);
/** Frees every message; leaves d empty and reusable. */
void tm_diags_release(struct tm_diags *d);
/** Appends a diagnostic (printf-style text). file may be NULL. Returns code. */
int tm_diags_add(struct tm_diags *d, int code, const char *file, int line, int column,
		 const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 6, 7)))
#endif
	;
/** Formats item i as "file:line:column: text" into buf; returns buf. */
char *tm_error_format(const struct tm_error *e, char *buf, size_t size);

/* ==== Enumerations ========================================================= */

enum tm_item_kind { TM_ITEM_LESSON, TM_ITEM_QUIZ, TM_ITEM_EXERCISE };

enum tm_question_type {
	TM_Q_SINGLE,       /* one correct choice */
	TM_Q_MULTIPLE,     /* any number of correct choices; partial credit */
	TM_Q_TRUE_FALSE,
	TM_Q_SHORT,        /* free text, graded by fuzzy match or pattern */
	TM_Q_ORDERING,     /* put items in order; partial credit by position */
	TM_Q_MATCHING,     /* pair each left with a right; partial credit */
	TM_Q_NUMERIC,      /* a number within a tolerance */
	TM_Q_THREAT_LIST,  /* free-text threat list graded against an exercise key */
	TM_Q_TYPE_COUNT
};

/** "single", "multiple", "true-false", "short", "ordering", "matching", "numeric",
 *  "threat-list". */
const char *tm_question_type_name(enum tm_question_type t);

enum tm_data_class { TM_CLASS_PUBLIC, TM_CLASS_CONFIDENTIAL, TM_CLASS_RESTRICTED,
		     TM_CLASS_SECRET };
const char *tm_data_class_name(enum tm_data_class c);

/* ==== The content tree ======================================================
 * A tm_content holds every course and exercise under one content root, plus the
 * grader lexicon. Everything returned by the accessors below is borrowed: valid
 * until the content is freed. Indexes are 0-based; the canonical loop is
 *
 *     for (size_t i = 0; i < tm_content_course_count(c); i++) {
 *             const struct tm_course *co = tm_content_course(c, i);
 *             ...
 *     }
 */
struct tm_content;
struct tm_course;
struct tm_module;
struct tm_item;
struct tm_question;
struct tm_exercise;

/** Hard limits the loader enforces (documented in docs/FORMAT.md). */
#define TM_MAX_FILE_BYTES   (1024 * 1024)   /* one YAML or Markdown file */
#define TM_MAX_YAML_DEPTH   64
#define TM_MAX_YAML_NODES   200000          /* per file */

/**
 * Loads and validates the content under root (a directory holding courses/,
 * exercises/ and lexicon/). Every problem found is appended to diags; loading
 * goes on past errors so one run reports them all.
 * On success returns TM_OK and *out (caller frees with tm_content_free()).
 * On failure returns the first error's code, sets *out to NULL, and diags
 * says why (every message has file:line:column where one applies).
 */
int tm_content_load(const char *root, struct tm_content **out, struct tm_diags *diags);

/**
 * Validates the given paths: a content root, a course directory or course.yaml, a
 * module file, an exercise directory or exercise.yaml, or a key file. Errors go to
 * diags. Returns TM_OK when everything is clean.
 */
int tm_validate_path(const char *path, const char *content_root, struct tm_diags *diags);

void tm_content_free(struct tm_content *c);

const char *tm_content_root(const struct tm_content *c);
size_t tm_content_course_count(const struct tm_content *c);
const struct tm_course *tm_content_course(const struct tm_content *c, size_t i);
/** Finds a course by id; NULL when absent. */
const struct tm_course *tm_content_find_course(const struct tm_content *c, const char *id);
size_t tm_content_exercise_count(const struct tm_content *c);
const struct tm_exercise *tm_content_exercise(const struct tm_content *c, size_t i);
const struct tm_exercise *tm_content_find_exercise(const struct tm_content *c, const char *id);
/** The grader lexicon loaded from lexicon/*.yaml (borrowed). */
const struct grader_lexicon *tm_content_lexicon(const struct tm_content *c);

/* ---- courses --------------------------------------------------------------- */
const char *tm_course_id(const struct tm_course *co);
const char *tm_course_title(const struct tm_course *co);
/** "1", "2", "3", or a name such as "refresher" or "201". */
const char *tm_course_part(const struct tm_course *co);
const char *tm_course_summary(const struct tm_course *co);
int tm_course_minutes(const struct tm_course *co);
size_t tm_course_objective_count(const struct tm_course *co);
const char *tm_course_objective(const struct tm_course *co, size_t i);
size_t tm_course_module_count(const struct tm_course *co);
const struct tm_module *tm_course_module(const struct tm_course *co, size_t i);
const struct tm_module *tm_course_find_module(const struct tm_course *co, const char *id);

/* ---- modules --------------------------------------------------------------- */
const char *tm_module_id(const struct tm_module *m);
const char *tm_module_title(const struct tm_module *m);
/** Path of the module's YAML file. */
const char *tm_module_file(const struct tm_module *m);
int tm_module_minutes(const struct tm_module *m);
size_t tm_module_objective_count(const struct tm_module *m);
const char *tm_module_objective(const struct tm_module *m, size_t i);
/** "What to remember": the module's closing summary points. */
size_t tm_module_summary_count(const struct tm_module *m);
const char *tm_module_summary(const struct tm_module *m, size_t i);
size_t tm_module_item_count(const struct tm_module *m);
const struct tm_item *tm_module_item(const struct tm_module *m, size_t i);

/* ---- items ----------------------------------------------------------------- */
enum tm_item_kind tm_item_kind(const struct tm_item *it);
/** Lesson or quiz title; for an exercise item, the exercise title. */
const char *tm_item_title(const struct tm_item *it);
/** Lesson body (Markdown-ish); NULL for other kinds. */
const char *tm_item_body(const struct tm_item *it);
/** Quiz: pass mark in percent (default 70). */
int tm_item_pass_mark(const struct tm_item *it);
/** Quiz: attempts allowed per question (default 1; 0 means unlimited). */
int tm_item_attempts(const struct tm_item *it);
/** Quiz: whether choices are shuffled (default true). */
bool tm_item_shuffle(const struct tm_item *it);
size_t tm_item_question_count(const struct tm_item *it);
const struct tm_question *tm_item_question(const struct tm_item *it, size_t i);
/** Exercise item: the exercise it names (resolved at load time). */
const struct tm_exercise *tm_item_exercise(const struct tm_item *it);

/* ---- questions ------------------------------------------------------------- */
const char *tm_question_id(const struct tm_question *q);
enum tm_question_type tm_question_type(const struct tm_question *q);
const char *tm_question_prompt(const struct tm_question *q);
double tm_question_points(const struct tm_question *q);
const char *tm_question_explanation(const struct tm_question *q);
size_t tm_question_hint_count(const struct tm_question *q);
const char *tm_question_hint(const struct tm_question *q, size_t i);
size_t tm_question_tag_count(const struct tm_question *q);
const char *tm_question_tag(const struct tm_question *q, size_t i);
/** STRIDE categories the question exercises (GRADER_STRIDE_* bit mask). */
unsigned tm_question_stride(const struct tm_question *q);
/** Feedback shown on a correct / incorrect answer; may be NULL. */
const char *tm_question_feedback_correct(const struct tm_question *q);
const char *tm_question_feedback_incorrect(const struct tm_question *q);

/* single / multiple: choices */
size_t tm_question_choice_count(const struct tm_question *q);
const char *tm_question_choice_text(const struct tm_question *q, size_t i);
bool tm_question_choice_correct(const struct tm_question *q, size_t i);
/** Per-choice feedback; may be NULL. */
const char *tm_question_choice_feedback(const struct tm_question *q, size_t i);
/* true-false */
bool tm_question_answer_bool(const struct tm_question *q);
/* short: accepted answers and patterns (patterns already compiled and checked) */
size_t tm_question_accept_count(const struct tm_question *q);
const char *tm_question_accept(const struct tm_question *q, size_t i);
size_t tm_question_pattern_count(const struct tm_question *q);
const char *tm_question_pattern(const struct tm_question *q, size_t i);
/* ordering: items in their correct order */
size_t tm_question_order_count(const struct tm_question *q);
const char *tm_question_order_item(const struct tm_question *q, size_t i);
/* matching: pairs (left i goes with right i); distinct right-hand options */
size_t tm_question_pair_count(const struct tm_question *q);
const char *tm_question_pair_left(const struct tm_question *q, size_t i);
const char *tm_question_pair_right(const struct tm_question *q, size_t i);
size_t tm_question_option_count(const struct tm_question *q);
const char *tm_question_option(const struct tm_question *q, size_t i);
/* numeric */
double tm_question_number(const struct tm_question *q);
double tm_question_tolerance(const struct tm_question *q);
/** Unit shown after the number (e.g. "minutes"); may be NULL. */
const char *tm_question_unit(const struct tm_question *q);
/* threat-list: the exercise whose key grades it, and the pass score in percent */
const struct tm_exercise *tm_question_exercise(const struct tm_question *q);
double tm_question_pass_score(const struct tm_question *q);

/* ---- exercises ------------------------------------------------------------- */
enum tm_step { TM_STEP_READ, TM_STEP_ASSETS, TM_STEP_SCOPE, TM_STEP_THREATS,
	       TM_STEP_TOP_THREE, TM_STEP_REMEDIATION, TM_STEP_COUNT };
const char *tm_step_name(enum tm_step s);

const char *tm_exercise_id(const struct tm_exercise *e);
const char *tm_exercise_title(const struct tm_exercise *e);
const char *tm_exercise_part(const struct tm_exercise *e);
const char *tm_exercise_summary(const struct tm_exercise *e);
int tm_exercise_minutes(const struct tm_exercise *e);
/** Directory of the exercise. */
const char *tm_exercise_dir(const struct tm_exercise *e);
/** Minutes for a step (read, assets, threats, top-three...); 0 when not boxed. */
int tm_exercise_timebox(const struct tm_exercise *e, enum tm_step s);
size_t tm_exercise_step_count(const struct tm_exercise *e);
enum tm_step tm_exercise_step(const struct tm_exercise *e, size_t i);
/** The design document's Markdown text, read at load time. */
const char *tm_exercise_document(const struct tm_exercise *e);
/** The text diagram, read at load time; may be NULL. */
const char *tm_exercise_diagram(const struct tm_exercise *e);
size_t tm_exercise_asset_count(const struct tm_exercise *e);
const char *tm_exercise_asset_name(const struct tm_exercise *e, size_t i);
enum tm_data_class tm_exercise_asset_class(const struct tm_exercise *e, size_t i);
const char *tm_exercise_asset_why(const struct tm_exercise *e, size_t i);
size_t tm_exercise_scope_count(const struct tm_exercise *e, bool in_scope);
const char *tm_exercise_scope(const struct tm_exercise *e, bool in_scope, size_t i);
/** The prepared answer key (borrowed). */
const struct grader_key *tm_exercise_key(const struct tm_exercise *e);
/** Reference top three: threat ids with the reasoning. */
size_t tm_exercise_top_count(const struct tm_exercise *e);
const char *tm_exercise_top_threat(const struct tm_exercise *e, size_t i);
const char *tm_exercise_top_why(const struct tm_exercise *e, size_t i);
/** Sample submissions with the results keycheck expects. */
size_t tm_exercise_sample_count(const struct tm_exercise *e);
const char *tm_exercise_sample_file(const struct tm_exercise *e, size_t i);
size_t tm_exercise_sample_found_count(const struct tm_exercise *e, size_t i);
const char *tm_exercise_sample_found(const struct tm_exercise *e, size_t i, size_t j);
/** Threats the sample must not be credited with. */
size_t tm_exercise_sample_absent_count(const struct tm_exercise *e, size_t i);
const char *tm_exercise_sample_absent(const struct tm_exercise *e, size_t i, size_t j);
double tm_exercise_sample_score_min(const struct tm_exercise *e, size_t i);
double tm_exercise_sample_score_max(const struct tm_exercise *e, size_t i);

/* ==== Keys, lexicons and submissions outside a content tree ================== */

/**
 * Loads a key from path, which may be a key file, an exercise.yaml or an exercise
 * directory. The key is prepared against lex (may be NULL). On success *out is
 * the key (caller frees with grader_key_free()); on failure diags says why.
 */
int tm_key_load(const char *path, const struct grader_lexicon *lex, struct grader_key **out,
		struct tm_diags *diags);

/**
 * Loads every lexicon/*.yaml under root into a new lexicon (caller frees with
 * grader_lexicon_free()). A missing lexicon directory yields an empty lexicon.
 */
int tm_lexicon_load(const char *root, struct grader_lexicon **out, struct tm_diags *diags);

/**
 * Parses a submission from a buffer: a YAML document with a `threats:` list when it
 * looks like one, else plain text or Markdown (grader_submission_parse_text).
 * name is used in messages. Caller frees *out with grader_submission_free().
 */
int tm_submission_parse(const char *name, const char *buf, size_t len,
			struct grader_submission **out, struct tm_diags *diags);

/* ==== Files ================================================================= */

/**
 * Reads a whole regular file of at most max bytes into a NUL-terminated buffer.
 * Caller frees *out with free(). Errors (missing, a directory, too large) go to diags.
 */
int tm_read_file(const char *path, size_t max, char **out, size_t *len, struct tm_diags *diags);

/* ==== Progress store and session runner (learner experience) ================ */
/* @@STORE-RUNNER@@ */

/* ==== Gradebook, cohort reports, analytics, team maturity (trainer tools) ===== */
/* @@GRADEBOOK@@ */

#endif /* TMENGINE_H */
