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
	TM_ETAKEN,      /* this learn session was taken over or released elsewhere */
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

/** Every diagnostic of a run, in the order found. Embedded by callers. At most
 *  TM_MAX_DIAGS are kept (so that a hostile file cannot make us collect millions),
 *  and past them up to TM_DIAGS_SUMMARY_ROOM summaries (tm_diags_add_summary);
 *  the ones past that, or lost for want of memory, are counted in dropped. */
#define TM_MAX_DIAGS 1000
#define TM_DIAGS_SUMMARY_ROOM 8
struct tm_diags {
	struct tm_error *items;
	size_t count;
	size_t alloc;
	size_t dropped;   /* reported but not kept: count + dropped were reported */
	size_t dropped_errors;   /* of those dropped, how many were errors (code not TM_OK) */
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
/** tm_diags_add() for a run's closing summary ("the module's objectives are
 *  placeholders"): kept even when TM_MAX_DIAGS messages came before it. */
int tm_diags_add_summary(struct tm_diags *d, int code, const char *file, int line, int column,
			 const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 6, 7)))
#endif
	;
/** Sorts the diagnostics by file, line and column (stable). */
void tm_diags_sort(struct tm_diags *d);
/** Formats item i as "file:line:column: text" into buf; returns buf. */
char *tm_error_format(const struct tm_error *e, char *buf, size_t size);

/**
 * A copy of s (NULL reads as "") fit for a terminal: control characters (C0,
 * DEL, C1) and invalid UTF-8 bytes become '?' (one per byte), and the copy is
 * cut (at a character boundary) to fit size bytes. Returns buf ("" when size is 0).
 */
const char *tm_printable(const char *s, char *buf, size_t size);
/**
 * The rule for a name people give (a learner's, a group's, a team's; what says
 * which, as in "learner"): no control character and valid UTF-8, so that it can
 * be stored and shown. Returns TM_OK; else TM_EUSAGE with "the learner name 'a?b'
 * has a control character or a byte that is not UTF-8 (byte 2); use letters,
 * digits and punctuation" in diags (the name shown with tm_printable()), or
 * TM_ENOMEM. Empty and too long are the callers' rules (tm_gradebook_check_name).
 */
int tm_name_check(const char *what, const char *name, struct tm_diags *diags);

/**
 * The rule for a new learner's name: tm_name_check(), and no blank (a space
 * or U+00A0) at either end, which no list shows ("ana " and "ana" would print
 * the same but be two learners). Returns TM_OK; else TM_EUSAGE with "the
 * learner name 'ana ' ends with a blank ...; give it without: 'ana'" (or "is
 * only blanks", "is empty") in diags, or TM_ENOMEM. Learners stored before
 * the rule are the callers' to accept.
 */
int tm_learner_name_check(const char *name, struct tm_diags *diags);

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
/** The largest submission (a threat list) read, by tmdojo grade, cohort grade,
 *  team record and keycheck's samples alike (documented in docs/tmdojo.1):
 *  lines past GRADER_MAX_LINES are ignored anyway, so only a wrong file is
 *  this big. */
#define TM_MAX_SUBMISSION_BYTES (32 * 1024 * 1024)

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
 * Loads the exercise in dir (exercise.yaml, its key, document and samples) on
 * its own, as content holding that one exercise and no course; its id need not
 * match the directory's name. The key gets the lexicon under lexicon_root (none
 * when NULL or when that root has no lexicon/). Returns and frees as
 * tm_content_load() does.
 */
int tm_content_load_exercise(const char *dir, const char *lexicon_root, struct tm_content **out,
			     struct tm_diags *diags);

/**
 * Validates the given paths: a content root, a course directory or course.yaml, a
 * module file, an exercise directory or exercise.yaml, or a key file. A file in an
 * exercise's samples/ directory (or that directory) is checked as a submission
 * (tm_submission_parse()). Errors go to diags. Returns TM_OK when everything is
 * clean.
 */
int tm_validate_path(const char *path, const char *content_root, struct tm_diags *diags);

/**
 * The content root path sits in: the directory above the nearest courses/ or
 * exercises/ directory at or above path (ROOT/courses/ID/m.yaml, ROOT/courses,
 * ROOT/exercises/ID/key.yaml), as an absolute path. NULL when path sits in none
 * (or cannot be resolved, or memory runs out). Caller frees with free().
 */
char *tm_content_root_of(const char *path);

void tm_content_free(struct tm_content *c);

const char *tm_content_root(const struct tm_content *c);
size_t tm_content_course_count(const struct tm_content *c);
const struct tm_course *tm_content_course(const struct tm_content *c, size_t i);
/** Finds a course by id; NULL when absent. */
const struct tm_course *tm_content_find_course(const struct tm_content *c, const char *id);
size_t tm_content_exercise_count(const struct tm_content *c);
const struct tm_exercise *tm_content_exercise(const struct tm_content *c, size_t i);
const struct tm_exercise *tm_content_find_exercise(const struct tm_content *c, const char *id);
/** The grader lexicon loaded from the .yaml files in lexicon/ (borrowed). */
const struct grader_lexicon *tm_content_lexicon(const struct tm_content *c);
/** The due window of severity sev in the content root's remediation policy
 *  (policy.yaml; without it, the common default: critical "within days", high
 *  "within weeks", medium "within a quarter", low "when convenient"); NULL for
 *  no severity. Borrowed; valid until the content is freed. */
const char *tm_content_remediation_window(const struct tm_content *c, enum grader_severity sev);
/** Whether policy.yaml says the windows are the organization's own policy
 *  ('source: organization'); false for the common default. */
bool tm_content_remediation_is_policy(const struct tm_content *c);

/** What tm_remediation_acceptance() finds in a line of a remediation answer. */
enum {
	TM_ACCEPT_SAID = 1 << 0,    /* the line accepts the risk instead of fixing it */
	TM_ACCEPT_OWNER = 1 << 1,   /* ... naming who owns the decision */
	TM_ACCEPT_REVIEW = 1 << 2,  /* ... and when it is reviewed again */
	TM_ACCEPT_REASON = 1 << 3,  /* ... and why the risk is acceptable */
};
/**
 * Whether line (one line of an exercise's remediation answer, for one pick)
 * accepts the risk ("accept the risk", "risk acceptance", "won't fix": a short
 * list of phrases, any case, docs/FORMAT.md; not where a negation stands shortly
 * before in the clause, "we cannot accept the risk", nor where the clause refuses
 * it after, "accepting the risk isn't an option") and, when it does, which
 * parts of the accepted-risk record Part 3 asks for it holds, by a few words for
 * each (owner, review date, reasoning; "no owner" is none, "code review" no
 * review date). Returns TM_ACCEPT_* bits; 0 when the line
 * does not accept the risk (or line is NULL, or memory ran out).
 */
unsigned tm_remediation_acceptance(const char *line);

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
/** The quiz question of co with id (question ids are unique in a course), its
 *  module and item index in *module and *item; NULL when co has none. */
const struct tm_question *tm_course_find_question(const struct tm_course *co, const char *id,
						  size_t *module, size_t *item);

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
/** The item of m whose key (tm_item_key()) is key, its index in *index when
 *  index is not NULL; NULL when m has none. */
const struct tm_item *tm_module_find_item(const struct tm_module *m, const char *key,
					  size_t *index);
/**
 * The item of m that progress stored under ref belongs to: the item whose key
 * is ref or, for progress stored before items had keys ('#3', as the upgrade
 * keeps a position and readers of files not upgraded yet read one), the item
 * at that position now. NULL when there is none.
 */
const struct tm_item *tm_module_stored_item(const struct tm_module *m, const char *ref,
					    size_t *index);

/* ---- items ----------------------------------------------------------------- */
enum tm_item_kind tm_item_kind(const struct tm_item *it);
/** Lesson or quiz title; for an exercise item, the exercise title. */
const char *tm_item_title(const struct tm_item *it);
/** What learners' progress in the item is stored under: its `id:` when the
 *  author gave one, else "lesson:", "quiz:" and its title, or "exercise:" and
 *  the exercise id. Unique within its module. */
const char *tm_item_key(const struct tm_item *it);
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
/** short: rejected answers, near misses refused with their own feedback (the
 *  feedback may be NULL); borrowed, valid until the content is freed. */
size_t tm_question_reject_count(const struct tm_question *q);
const char *tm_question_reject(const struct tm_question *q, size_t i);
const char *tm_question_reject_feedback(const struct tm_question *q, size_t i);
/** short: distractors, the other options of a closed set (the STRIDE
 *  categories but the right one): an answer that names one of them besides a
 *  right answer is wrong; borrowed, valid until the content is freed. */
size_t tm_question_distractor_count(const struct tm_question *q);
const char *tm_question_distractor(const struct tm_question *q, size_t i);
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
/** The exercise's own hints for a step (exercise.yaml 'hints'), in the order shown. */
size_t tm_exercise_hint_count(const struct tm_exercise *e, enum tm_step s);
const char *tm_exercise_hint(const struct tm_exercise *e, enum tm_step s, size_t i);
enum tm_step tm_exercise_step(const struct tm_exercise *e, size_t i);
/** Whether e has a threats step: its list, graded against the key, is the
 *  exercise's score (without one nothing scores it, and it cannot fall short). */
bool tm_exercise_scored(const struct tm_exercise *e);
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
/** The path of the exercise's key file (borrowed), for messages about the key;
 *  the exercise's directory when no key file was read. */
const char *tm_exercise_key_file(const struct tm_exercise *e);
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
/** Where sample i's expectations are written in the exercise's exercise.yaml
 *  (for messages that point at them): the j-th 'found' id, the j-th 'absent'
 *  id, the 'score' range. Sets 1-based *line and *column, both 0 when unknown. */
void tm_exercise_sample_found_at(const struct tm_exercise *e, size_t i, size_t j, int *line,
				 int *column);
void tm_exercise_sample_absent_at(const struct tm_exercise *e, size_t i, size_t j, int *line,
				  int *column);
void tm_exercise_sample_score_at(const struct tm_exercise *e, size_t i, int *line, int *column);
/** Where pattern p of threat t of the exercise's key (as grader_threat_pattern()
 *  numbers them) is written in its key file (tm_exercise_key_file()), for
 *  messages that point at it. Sets 1-based *line and *column, both 0 when
 *  unknown. */
void tm_exercise_key_pattern_at(const struct tm_exercise *e, size_t t, size_t p, int *line,
				int *column);

/* ==== Keys, lexicons and submissions outside a content tree ================== */

/**
 * Loads a key from path, which may be a key file, an exercise.yaml or an exercise
 * directory. The key is prepared against lex (may be NULL). On success *out is
 * the key (caller frees with grader_key_free()); on failure diags says why.
 */
int tm_key_load(const char *path, const struct grader_lexicon *lex, struct grader_key **out,
		struct tm_diags *diags);

/**
 * Loads every .yaml file in root/lexicon/ into a new lexicon (caller frees with
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

/**
 * Reads an exercise's sample submission at path as `tmdojo grade` reads a
 * submission (tm_read_file(), tm_submission_parse()); a sample with no threat
 * line is an error too ("the sample is empty"). Caller frees *out with
 * grader_submission_free(); NULL on errors, which go to diags with
 * file:line:column. Shared by validate and keycheck so that both refuse the
 * same samples.
 */
int tm_sample_load(const char *path, struct grader_submission **out, struct tm_diags *diags);

/**
 * The encoding check of tm_submission_parse(), for text read elsewhere (learn's
 * :file and :edit): refuses UTF-16, NUL bytes (not a text file) and text in
 * another encoding (more than one byte in a hundred not UTF-8); a few stray
 * bytes pass (the grader replaces them). Returns TM_OK, or TM_EINVALID with a
 * message naming name:line:column and what to do in diags.
 */
int tm_submission_check_encoding(const char *name, const char *buf, size_t len,
				 struct tm_diags *diags);

/** Whether tm_submission_parse() reads buf as a YAML document (else as text). */
bool tm_submission_is_yaml(const char *buf, size_t len);

/* ==== Files ================================================================= */

/**
 * Reads a whole regular file of at most max bytes into a NUL-terminated buffer.
 * Caller frees *out with free(). Errors (missing, a directory, a FIFO or other
 * file that is not regular, too large) go to diags; a FIFO is never waited on.
 */
int tm_read_file(const char *path, size_t max, char **out, size_t *len, struct tm_diags *diags);

/* ==== Suggestions ============================================================ */

/** Levenshtein distance between a and b (bytes), capped at cap (returns cap
 *  when over, and when either is longer than 64 bytes): what the loaders'
 *  "did you mean" suggestions and the commands' measure ids by. */
size_t tm_edit_distance(const char *a, const char *b, size_t cap);
/** The closest of candidates (NULL-terminated) to word, as the loaders'
 *  suggestions choose it (case does not count, a swap of two neighbouring
 *  letters is one edit), when it is close enough to be a likely typo (one edit
 *  up to 4 characters, two up to 8, else three); NULL otherwise. Borrowed from
 *  candidates. */
const char *tm_suggest(const char *word, const char *const *candidates);

/* ==== Progress store and session runner (learner experience) ================ */
/*
 * Progress store. A learner's progress lives in one SQLite file
 * ($TMDOJO_HOME/progress.db; see tm_store_default_path()). The schema is versioned
 * (PRAGMA user_version) and migrated forward on open. Every write is its own
 * transaction (BEGIN IMMEDIATE ... COMMIT), so a crash loses at most the answer
 * being saved. An existing file is never deleted or recreated: a damaged,
 * read-only, locked or too-new file yields TM_ECORRUPT, TM_EREADONLY, TM_EBUSY or
 * TM_EDB with a message naming the file and what to do.
 * Learners are separate: every query is scoped to one learner id.
 */
struct tm_store;

/** Default lock wait in milliseconds for tm_store_open(). */
#define TM_STORE_BUSY_MS 3000
/** Longest course or module id the store keeps in a position. */
#define TM_ID_MAX 128
/* Room for an item key (tm_item_key()), its NUL included. */
#define TM_ITEM_KEY_MAX 256

/**
 * The progress file path: $TMDOJO_HOME/progress.db, else
 * $XDG_DATA_HOME/tmdojo/progress.db, else ~/.local/share/tmdojo/progress.db.
 * Caller frees *out with free(). Fails with TM_ENOTFOUND when no home is known.
 */
int tm_store_default_path(char **out, struct tm_diags *diags);
/**
 * Whether path names the store at store_path or one of the files SQLite keeps
 * beside it: returns "" for the database itself, "-wal", "-shm" or "-journal"
 * for those, NULL for any other file. Files that exist are compared by device
 * and inode (links, "./" and other spellings count), others by their resolved
 * path. For commands that write a file the user names: writing over one of
 * these would destroy every learner's progress and the gradebook.
 */
const char *tm_store_file_of(const char *store_path, const char *path);

/**
 * Opens the store at path, creating its directory and the file when absent, and
 * migrates the schema. Waits up to busy_ms for locks held by other processes.
 * On success *out is the store (caller frees with tm_store_close()); on failure
 * *out is NULL and diags says why. The file is left as it was on any failure.
 */
int tm_store_open(const char *path, int busy_ms, struct tm_store **out,
		  struct tm_diags *diags);
/**
 * Opens an existing store for reading only: nothing is created, migrated or
 * written, so a file the learner cannot write (or in a directory they cannot
 * write) can still be viewed and exported. TM_ENOTFOUND when there is no file
 * or nothing in it yet; otherwise the same failures as tm_store_open(). Writing
 * through the store returns TM_EREADONLY.
 */
int tm_store_open_readonly(const char *path, int busy_ms, struct tm_store **out,
			   struct tm_diags *diags);
/**
 * An empty store at the latest schema, kept in memory, whose messages name
 * path: what read-only views use when tm_store_open_readonly() finds no
 * progress yet, so that viewing never creates or changes a file. Writing
 * through it returns TM_EREADONLY. Caller frees *out with tm_store_close().
 */
int tm_store_open_empty(const char *path, struct tm_store **out, struct tm_diags *diags);
/** Closes the store; tm_store_close(NULL) does nothing. */
void tm_store_close(struct tm_store *s);
/** The file path (borrowed; valid until the store is closed). */
const char *tm_store_path(const struct tm_store *s);
/** The schema version the open file now has. */
int tm_store_schema_version(const struct tm_store *s);
/** The schema version this build writes (the number of migrations). */
int tm_store_schema_latest(void);

/** Finds the learner called name, creating it when absent; sets *id. A new
 *  name that tm_learner_name_check() refuses (empty, a control character, a
 *  blank at either end) is TM_EUSAGE, nothing stored. */
int tm_store_learner(struct tm_store *s, const char *name, long long *id,
		     struct tm_diags *diags);
/** Finds the learner called name without creating it; TM_ENOTFOUND when absent. */
int tm_store_find_learner(struct tm_store *s, const char *name, long long *id,
			  struct tm_diags *diags);
/** Every learner's name in single quotes (so that blanks show), sorted and
 *  joined by ", ": "'ann', 'bob'" ("" when there is none). Caller frees
 *  *names with free(). */
int tm_store_learner_names(struct tm_store *s, char **names, struct tm_diags *diags);

/** Where to resume a course: everything the runner needs, by value. */
struct tm_position {
	char module[TM_ID_MAX];  /* module id; "" when the course has not started */
	char item[TM_ITEM_KEY_MAX];  /* the item's key (tm_item_key()) */
	int step;                /* quiz: question index; exercise: step index */
	int attempt;             /* attempts already used on the current question */
	double score;            /* quiz: points earned so far in this item */
	double max;              /* quiz: points possible so far in this item */
	bool again;              /* written going through finished items again (a
				  * retake): a resume goes on from it */
	const char *key;         /* writing: the key to store it under (a module key,
				  * see tm_store_module_key()); NULL for the course */
};

/**
 * Positions are kept per course, and per module for runs of one module, under
 * the key "course/module" that this writes to buf (size at least TM_ID_MAX), so
 * that taking one module out of order leaves the course's place alone. When the
 * key would be too long, writes the course id and returns TM_ELIMIT.
 */
int tm_store_module_key(const char *course, const char *module, char *buf, size_t size);
/** Reads the learner's position in course (or a module key). TM_ENOTFOUND when
 *  none is stored. */
int tm_store_position_get(struct tm_store *s, long long learner, const char *course,
			  struct tm_position *out, struct tm_diags *diags);
/** Stores the learner's position in course (one transaction). */
int tm_store_position_set(struct tm_store *s, long long learner, const char *course,
			  const struct tm_position *pos, struct tm_diags *diags);

/** One answer as the runner records it; strings are borrowed for the call. */
struct tm_answer_record {
	const char *course;
	const char *module;
	const char *item;        /* the item's key (tm_item_key()) */
	const char *question;    /* question id, or "exercise:<step>" */
	int attempt;             /* 1-based */
	const char *answer;      /* the learner's text */
	double score;
	double max;
	bool correct;
	const char *version;     /* tm_question_version() of the question as shown;
				  * NULL or "" when it has no choices */
};

/**
 * Records one answer (invalid UTF-8 in it replaced by U+FFFD) with the current
 * time and, when next is not NULL, the position to resume from, in one
 * transaction: both are stored or neither.
 */
int tm_store_record_answer(struct tm_store *s, long long learner,
			   const struct tm_answer_record *a, const struct tm_position *next,
			   struct tm_diags *diags);
/**
 * Claims the learner's one live session (a row naming this process and host),
 * in one transaction. TM_EBUSY, naming the learner, the holder's process, host,
 * start time and last activity, when another live process holds it; a holder
 * on this host whose process is gone, and a holder on any host inactive for 12
 * hours (no answer or move saved), is taken over. Release with
 * tm_store_session_end(). When another program keeps the file locked past the
 * busy timeout, nothing is claimed and TM_OK is returned: the first write then
 * reports the lock.
 *
 * While a store handle holds the learner's session (claimed by its
 * tm_store_session_begin()), every write for that learner (answers, results,
 * positions, drafts, seeds) first checks, in the same transaction, that the
 * session is still this process's: when `learn --take-over` or `progress
 * --reset` took or released it, the write is refused with TM_ETAKEN (diags
 * names the new holder, if any) and nothing is written.
 */
int tm_store_session_begin(struct tm_store *s, long long learner, struct tm_diags *diags);
/** Releases the session claimed by this process, if it still holds it. */
int tm_store_session_end(struct tm_store *s, long long learner, struct tm_diags *diags);
/** Releases the learner's session whoever holds it (`learn --take-over`); the
 *  next tm_store_session_begin() then claims it. tm_store_reset() does this too. */
int tm_store_session_clear(struct tm_store *s, long long learner, struct tm_diags *diags);
/**
 * Marks an item done with its score (0 of 0 for lessons) and, when next is not
 * NULL, stores the position to resume from, in one transaction. Doing an item
 * again keeps the better result: the new one replaces the stored one only when
 * it passes where that failed, or scores at least as much (as a share of max)
 * with the same outcome. Every answer of every attempt stays in the answers.
 */
int tm_store_complete_item(struct tm_store *s, long long learner, const char *course,
			   const char *module, const char *item, double score, double max, bool passed,
			   const struct tm_position *next, struct tm_diags *diags);
/** Reads an item's result: *done false when it was never completed. Any of
 *  score, max, passed may be NULL. */
int tm_store_item_result(struct tm_store *s, long long learner, const char *course,
			 const char *module, const char *item, bool *done, double *score, double *max,
			 bool *passed, struct tm_diags *diags);
/** Counts the stored results in course (module NULL) or in one module, including
 *  those of modules or items the course no longer has; see
 *  tm_store_course_progress() for progress through the course as loaded. */
int tm_store_items_done(struct tm_store *s, long long learner, const char *course,
			const char *module, size_t *count, struct tm_diags *diags);
/** An item's stored result. */
struct tm_item_result {
	bool done;            /* completed at least once */
	double score, max;    /* the best result (0 of 0 for lessons) */
	bool passed;
};
/**
 * The stored results of the items module m of course has now, out[i] for item
 * i (tm_module_item_count(m) entries): results are found by item key, and
 * those stored before items had keys by position (tm_module_stored_item()).
 */
int tm_store_module_results(struct tm_store *s, long long learner, const char *course,
			    const struct tm_module *m, struct tm_item_result *out,
			    struct tm_diags *diags);
/**
 * The modules learner has item results stored under in course co that co no
 * longer has (a module whose id changed, or that was removed: its rows stay in
 * the store and count for nothing): fn(ctx, module id, items stored) for each, in
 * id order; the id is borrowed for the call only. Reads only. TM_OK, or an error
 * with the reason in diags.
 */
int tm_store_orphan_modules(struct tm_store *s, long long learner, const struct tm_course *co,
			    void (*fn)(void *ctx, const char *module, size_t items), void *ctx,
			    struct tm_diags *diags);
/** Progress through a course as it is loaded now. */
struct tm_course_progress {
	size_t done;          /* items done, among the items the course has now */
	size_t total;         /* items the course has now */
	size_t next_module;   /* the first item not done: its module index, or the */
	size_t next_item;     /* module count when every item is done; its index */
};
/**
 * Fills *out from the stored results of the modules and items co has now:
 * results of renamed or removed modules, or of items past a module's end, are
 * not counted.
 */
int tm_store_course_progress(struct tm_store *s, long long learner,
			     const struct tm_course *co, struct tm_course_progress *out,
			     struct tm_diags *diags);
/**
 * Gives the rows stored before items had keys (schema 7 and older: results,
 * answers, positions, seeds, drafts and refresher answers kept by position) the
 * key of the item at that position in c's courses now, for every learner, in
 * one transaction; rows past the end of a module c has are marked gone (no
 * item added there later takes them), rows of modules c does not have stay.
 * Run by the commands that write a learner's progress with content at hand
 * (tm_runner_new() for learn, and refresh) before their first write, so that
 * an author may reorder items from then on. Cheap when there is nothing to do
 * (one read per table).
 */
int tm_store_adopt_items(struct tm_store *s, const struct tm_content *c, struct tm_diags *diags);
/** Sets *stored to whether anything (results, answers, positions, seeds) is
 *  stored for the learner in course. */
int tm_store_course_stored(struct tm_store *s, long long learner, const char *course,
			   bool *stored, struct tm_diags *diags);
/** Counts the answers recorded for a course (all courses when course is NULL). */
int tm_store_answer_count(struct tm_store *s, long long learner, const char *course,
			  size_t *count, struct tm_diags *diags);
/**
 * The learner's latest answer to a question (or "exercise:<step>") of an item.
 * Caller frees *answer with free(); TM_ENOTFOUND when there is none.
 */
int tm_store_last_answer(struct tm_store *s, long long learner, const char *course,
			 const char *module, const char *item, const char *question, char **answer,
			 struct tm_diags *diags);
/**
 * Keeps text as the learner's unfinished answer (a draft) to a question (or
 * "exercise:<step>") of an item, replacing any earlier draft; NULL or "" deletes
 * it. One statement: stored or not.
 */
int tm_store_draft_set(struct tm_store *s, long long learner, const char *course,
		       const char *module, const char *item, const char *question, const char *text,
		       struct tm_diags *diags);
/** The learner's draft for a question of an item. Caller frees *text with
 *  free(); TM_ENOTFOUND when there is none. */
int tm_store_draft_get(struct tm_store *s, long long learner, const char *course,
		       const char *module, const char *item, const char *question, char **text,
		       struct tm_diags *diags);
/**
 * The shuffle seed of a question: returns the stored seed in *seed, or stores
 * *seed (the caller's fresh value) when none is stored yet, so a resumed quiz
 * shows the same order.
 */
int tm_store_seed(struct tm_store *s, long long learner, const char *course,
		  const char *module, const char *item, const char *question, unsigned *seed,
		  struct tm_diags *diags);
/**
 * Everything stored for the learner as one JSON object (learner, positions,
 * items, answers, seeds). Caller frees *json with free(). The text is always
 * valid UTF-8: invalid bytes (answers are cleaned when stored, but older files
 * may hold some) become U+FFFD.
 */
int tm_store_export_json(struct tm_store *s, long long learner, char **json,
			 struct tm_diags *diags);
/** Deletes the learner's progress in course (every course when NULL), its
 *  module positions included, and releases the learner's session row (as
 *  tm_store_session_clear()), in one transaction. Other learners are untouched.
 *  A live session of the learner held by a process of this host (one
 *  tm_store_session_begin() would refuse) is refused with TM_EBUSY, naming its
 *  process, and nothing is deleted; one held on another host is released (its
 *  next write is refused, see tm_store_session_begin()). */
int tm_store_reset(struct tm_store *s, long long learner, const char *course,
		   struct tm_diags *diags);

/*
 * Question grading (quiz.c). The UI shows choices, ordering items and matching
 * options in a display order (a permutation from tm_quiz_shuffle()); answers
 * refer to what was shown:
 *   single       "b" or "2"              multiple   "a,c" or "a c" or "ac"
 *   true-false   "true"/"t"/"yes"/"y", "false"/"f"/"no"/"n"
 *   short        free text               numeric    "42" (a unit after it is ignored),
 *                                                    "10,000", "9,5" = 9.5; "9 0" is refused
 *   ordering     shown labels in the right order: "c a b" or "3 1 2"
 *   matching     one option letter per left-hand item, in order: "b a c" or "1b 2a 3c"
 *   threat-list  one threat per line
 */
#define TM_QUIZ_SHORT_THRESHOLD 0.6   /* similarity that accepts a short answer */

struct tm_quiz_grade {
	double score;             /* points earned, 0..max */
	double max;               /* the question's points */
	bool correct;             /* full marks */
	const char *feedback;     /* borrowed from the question; may be NULL */
	const char *refused;      /* short: the rejected answer it was refused as
				     (borrowed from the question); else NULL */
	const char *named;        /* short: the distractor it names besides a right
				     answer (borrowed from the question); else NULL */
	char detail[256];         /* what the grading saw, e.g. "2 of 3 in place" */
};

/** How many things the question shows in a display order (choices, ordering
 *  items or matching options); 0 for other types. */
size_t tm_quiz_display_count(const struct tm_question *q);
/** Whether q (a question of quiz it; it may be NULL) is shown in a shuffled
 *  order: ordering items and matching options always are; choices when the
 *  quiz shuffles (tm_item_shuffle()). */
bool tm_quiz_shuffles(const struct tm_item *it, const struct tm_question *q);
/** The question's own fixed seed (FNV-1a of its id, never 0): the same on
 *  every run and machine (the SCORM page's order). */
unsigned tm_quiz_question_seed(const struct tm_question *q);
/** The seed to show q (of quiz it) with, given seed, the one stored or newly
 *  made for it (0: none): 0 (the author's order) when q is not shuffled
 *  (tm_quiz_shuffles()); else seed, or when seed is 0, for ordering and
 *  matching the question's own fixed seed (never the author's order), for
 *  choices 0 (as shown when no seed was kept). */
unsigned tm_quiz_display_seed(const struct tm_item *it, const struct tm_question *q,
			      unsigned seed);
/** Fills order[0..n) with a permutation of 0..n-1 derived from seed (identity
 *  when seed is 0). */
void tm_quiz_shuffle(unsigned seed, size_t *order, size_t n);
/**
 * A short question's accepted and rejected answers and distractors, each prepared for
 * comparison (a key built with lex, may be NULL) the first time an answer is
 * compared with it, then kept: for grading many answers to one question
 * (validate, the import, a benchmark). Free with tm_short_answers_free(); q
 * and lex must outlive it. TM_OK or TM_ENOMEM.
 */
struct tm_short_answers;
int tm_short_answers_new(const struct tm_question *q, const struct grader_lexicon *lex,
			 struct tm_short_answers **out);
void tm_short_answers_free(struct tm_short_answers *s);
/** Grades ans (trimmed, not empty) as tm_quiz_grade() grades a short answer,
 *  into *g (its max set by the caller). TM_OK, or TM_ENOMEM (diags says). */
int tm_short_answers_grade(struct tm_short_answers *s, const char *ans, struct tm_quiz_grade *g,
			   struct tm_diags *diags);
/** Grades ans as tm_short_answers_grade() does, its distractors aside (an
 *  answer that names one besides a right one is not refused for it): whether
 *  the question itself accepts ans. What validate grades distractors with: one
 *  graded right so fails every learner who types it. TM_OK, or TM_ENOMEM. */
int tm_quiz_short_accepts(struct tm_short_answers *s, const char *ans, struct tm_quiz_grade *g,
			  struct tm_diags *diags);
/**
 * Whether the short question of s refuses ans as one of its rejected answers
 * (docs/FORMAT.md, `reject:`): *refused is that answer's text, or NULL. Checks
 * the rejected answers first, so that an answer like none of them costs one
 * comparison each; what validate and the import grade accepted answers with.
 */
int tm_quiz_short_refused(struct tm_short_answers *s, const char *ans, const char **refused,
			  struct tm_diags *diags);
/**
 * Whether ans names one of the distractors of the short question of s
 * (docs/FORMAT.md, `distractors:`), as grading reads it: *named is that
 * distractor's text, or NULL. What validate checks accepted answers with.
 * TM_OK, or TM_ENOMEM (diags says).
 */
int tm_quiz_short_named(struct tm_short_answers *s, const char *ans, const char **named,
			struct tm_diags *diags);
/**
 * Grades answer to q. order (n entries, may be NULL for identity) is the display
 * order the learner saw; lex (may be NULL) is used by short answers. Returns
 * TM_OK and fills *out, or TM_EUSAGE when the answer cannot be read (diags says
 * how to answer; nothing was graded).
 */
int tm_quiz_grade(const struct tm_question *q, const struct grader_lexicon *lex,
		  const size_t *order, size_t n, const char *answer, struct tm_quiz_grade *out,
		  struct tm_diags *diags);

/*
 * Session runner: a UI-agnostic state machine over one course. The UI asks for
 * the current step, shows it, and either acknowledges it (tm_runner_next) or
 * answers it (tm_runner_answer). Every answer and every finished item is stored
 * before the call returns, so a new runner resumes where the last one stopped.
 *
 *     const struct tm_run_step *st;
 *     while ((st = tm_runner_step(r))->kind != TM_RUN_DONE) {
 *             show(st);
 *             rc = needs_answer(st) ? tm_runner_answer(r, read(), &d)
 *                                   : tm_runner_next(r, &d);
 *     }
 */
struct tm_runner;
struct grader_result;

enum tm_run_kind {
	TM_RUN_MODULE,        /* a module begins: title, objectives */
	TM_RUN_LESSON,        /* a lesson page */
	TM_RUN_QUESTION,      /* a question: answer it */
	TM_RUN_FEEDBACK,      /* a graded answer; retry is true when another attempt follows */
	TM_RUN_QUIZ_END,      /* the quiz's score against its pass mark */
	TM_RUN_EXERCISE,      /* an exercise step: read (acknowledge) or asks (answer) */
	TM_RUN_EXERCISE_RESULT, /* a graded or compared exercise step; retry allowed */
	TM_RUN_EXERCISE_KEY,  /* the reference answer key with its reasoning */
	TM_RUN_MODULE_END,    /* the module's summary and score */
	TM_RUN_DONE           /* the course is finished (or the stop module ended) */
};

/** The current step. Pointers are borrowed: valid until the next runner call. */
/** An earlier try at a question, shown with the feedback of its last answer. */
struct tm_run_try {
	int attempt;              /* 1-based */
	const char *answer;       /* the learner's text as typed */
	const char *feedback;     /* why it was wrong (borrowed from the question) */
};

struct tm_run_step {
	enum tm_run_kind kind;
	const struct tm_course *course;
	const struct tm_module *module;
	size_t module_index;
	const struct tm_item *item;
	size_t item_index;
	const struct tm_question *question;   /* QUESTION, FEEDBACK */
	size_t question_index;
	const size_t *order;                  /* QUESTION, FEEDBACK: display order */
	size_t order_count;
	int attempt;                          /* 1-based attempt at the question */
	int attempts_allowed;                 /* 0 means unlimited */
	bool asks;                            /* QUESTION, EXERCISE: wants tm_runner_answer */
	bool retry;                           /* FEEDBACK: next goes back to the question;
					       * EXERCISE_RESULT: tm_runner_retry allowed */
	struct tm_quiz_grade grade;           /* FEEDBACK */
	const struct tm_exercise *exercise;   /* EXERCISE, EXERCISE_RESULT, EXERCISE_KEY;
					       * FEEDBACK of a threat-list question: the
					       * exercise whose key graded it */
	enum tm_step ex_step;
	size_t ex_step_index;
	const char *answer;                   /* EXERCISE_RESULT: the learner's text */
	const struct grader_result *result;   /* EXERCISE_RESULT of threats, top three;
					       * FEEDBACK of a threat-list question */
	const struct grader_submission *submission; /* the lines result indexes */
	const struct grader_result *top_result; /* EXERCISE, EXERCISE_RESULT at the
					       * remediation step: the learner's top
					       * three as graded at the top-three step
					       * (again from the stored answer after a
					       * resume), or NULL when there is none */
	const struct grader_submission *top_submission; /* the lines top_result indexes */
	const struct grader_result *threats_result; /* EXERCISE, EXERCISE_RESULT at the
					       * top-three step, and EXERCISE_KEY: the
					       * learner's threat list as graded at the
					       * threats step (its last answer, again
					       * from the store after a resume), or NULL
					       * when there is none */
	double score, max;                    /* QUIZ_END, MODULE_END, EXERCISE_RESULT */
	int pass_mark;                        /* QUIZ_END, MODULE_END: percent */
	bool passed;                          /* QUIZ_END, MODULE_END, EXERCISE_RESULT */
	bool resumed;                         /* the first step after resuming */
	const char *previous;                 /* EXERCISE at threats, or QUESTION of a
					       * threat list, attempt > 1: the threat
					       * list graded last, to build on */
	double earned;                        /* FEEDBACK: points this question adds to
					       * the quiz: the best credit of its
					       * attempts (a later one earns less) */
	double kept;                          /* FEEDBACK: the best credit (points) of
					       * the attempts so far, this one included:
					       * what the question keeps whatever the
					       * next attempt earns */
	int kept_attempt;                     /* FEEDBACK: the attempt that earned kept */
	double credit;                        /* FEEDBACK: the points this attempt
					       * earns on its own: its score times
					       * the attempt's share (kept when it is
					       * the best so far) */
	double next_credit;                   /* FEEDBACK with retry: the share of the
					       * points a right answer next time earns */
	const struct tm_run_try *tries;       /* FEEDBACK of a last answer (no retry):
					       * the earlier tries of this pass, oldest
					       * first, whose feedback it does not
					       * repeat (a try between stops too, read
					       * back from the store); tries between
					       * attempts are shown only a nudge */
	size_t try_count;
	const char *draft;                    /* QUESTION, EXERCISE that asks: the lines
					       * typed before the learner stopped last
					       * time (tm_runner_save_draft), or NULL */
	bool module_run;                      /* DONE: the run was of one module */
	bool has_progress;                    /* DONE with a store: progress is set */
	struct tm_course_progress progress;   /* DONE: the course's items done and
					       * the first one left */
};

/**
 * Starts or resumes course_id for learner. With module_id (may be NULL) it runs
 * that module only and stops at its end. With a store, the run starts at the
 * first item of the course (or module) not done yet, inside it where the stored
 * position says (the course's own, or that of a module run), and moves on to
 * the next item not done; when every item is done it goes through them all
 * again from the start. A module run keeps its position under its own key, so
 * the course's place is not moved. seed (0: from the clock) seeds new shuffles.
 * store may be NULL (nothing is saved: previews and tests).
 * Caller frees *out with tm_runner_free(). TM_ENOTFOUND names an unknown id.
 */
int tm_runner_new(const struct tm_content *c, struct tm_store *store, long long learner,
		  const char *course_id, const char *module_id, unsigned seed,
		  struct tm_runner **out, struct tm_diags *diags);
void tm_runner_free(struct tm_runner *r);
/** The current step (borrowed; valid until the next call on r). Never NULL. */
const struct tm_run_step *tm_runner_step(struct tm_runner *r);
/** Acknowledges a step that asks nothing and moves on. TM_EUSAGE on a step that
 *  asks. A store failure leaves the runner where it was. */
int tm_runner_next(struct tm_runner *r, struct tm_diags *diags);
/** Answers the current question or exercise step. TM_EUSAGE (diags says how to
 *  answer) leaves the step unchanged and uses no attempt, but for its draft at
 *  the top-three step: a list refused for too few picks (counted as the grader
 *  reads them, the "Top three:" label line none) becomes step.draft, to add the
 *  missing picks to; one refused for too many drops the draft kept before. */
int tm_runner_answer(struct tm_runner *r, const char *answer, struct tm_diags *diags);
/** Keeps text (the lines typed so far at the current asking step) as a draft,
 *  shown again in step.draft when the learner comes back to the step; the
 *  step's answer deletes it. Without a store it does nothing. */
int tm_runner_save_draft(struct tm_runner *r, const char *text, struct tm_diags *diags);
/** Goes back to a graded exercise step for another attempt. */
int tm_runner_retry(struct tm_runner *r, struct tm_diags *diags);
/** The next hint of the current question or exercise step (borrowed), or NULL
 *  when there are no more. */
const char *tm_runner_hint(struct tm_runner *r);

/* ---- refresher ----------------------------------------------------------------
 * A learner's personal refresher: quiz questions of the content as loaded that
 * they got wrong at their first attempt or the last time they answered them
 * (in the course or a refresher), asked again apart from the course. Refresher answers live in their own table (schema
 * migration 7), so they never change course progress, module scores, positions
 * or the first attempts that cohort item analysis reads. Threat-list questions
 * are left out (their multi-line answers belong to `tmdojo learn`), and so are
 * exercise steps.
 */
#define TM_REFRESH_DEFAULT_COUNT 10

/** One picked question. Everything is borrowed: valid until the list is freed. */
struct tm_refresh_item {
	const struct tm_course *course;
	const struct tm_module *module;
	const struct tm_item *item;          /* the quiz holding the question */
	size_t module_index, item_index, question_index;
	const struct tm_question *question;
	const char *last_answer;             /* the learner's latest answer, in learn
					      * or a refresher, whichever came later */
	long long last_time;                 /* when (Unix time) */
	bool last_correct;
	const size_t *order;                 /* the display order the learner saw (the
					      * stored shuffle), order_count entries;
					      * NULL when the question shows none */
	size_t order_count;
};

struct tm_refresh;
/**
 * Picks at most max (0: TM_REFRESH_DEFAULT_COUNT) refresher questions for
 * learner from s, in content c, limited to course when it is not NULL:
 * questions whose first answer was not correct or whose last answer (the
 * latest of the course's and the refresher's; in the same second, the
 * refresher's) was not, most recently answered first (by that last answer). When more qualify than fit, the list is
 * spread over the questions' tags (one "untagged" tag for those without): each
 * next pick is the most recent question whose most-picked tag has been picked
 * least so far, so that one tag cannot fill the list; the picks are then listed
 * most recent first. Questions the content no longer has (course, module or
 * question id gone) are skipped; one that moved within its module is found by
 * its id. A question rests, and is left out unless include_rested, when the
 * learner's latest refresher answer to it was right and no wrong answer in the
 * course came after it: a wrong answer since (in a refresher or the course, in
 * the same second too) brings it back; a right one does not (a question put
 * right in the course since, whose first answer was right, is no longer
 * picked at all). Reads only. TM_ENOTFOUND when course is given and c
 * has no such course. Caller frees *out with tm_refresh_free(); on failure *out
 * is NULL.
 */
int tm_refresh_pick(struct tm_store *s, const struct tm_content *c, long long learner,
		    const char *course, size_t max, bool include_rested,
		    struct tm_refresh **out, struct tm_diags *diags);
void tm_refresh_free(struct tm_refresh *r);
size_t tm_refresh_count(const struct tm_refresh *r);
const struct tm_refresh_item *tm_refresh_get(const struct tm_refresh *r, size_t i);
/** How many questions tm_refresh_pick() left out because they rest (0 when
 *  include_rested). */
size_t tm_refresh_rested(const struct tm_refresh *r);
/** How many threat-list questions tm_refresh_pick() left out (they are retaken
 *  in `tmdojo learn`): those whose latest answer was wrong, each once. */
size_t tm_refresh_threat_list_count(const struct tm_refresh *r);
/** Threat-list question i of those left out, latest answered first: its course,
 *  module, item and question, last_time and last_correct (no last_answer or
 *  order). Borrowed; valid until the list is freed. NULL past the end. */
const struct tm_refresh_item *tm_refresh_threat_list(const struct tm_refresh *r, size_t i);

/**
 * Grades answer to it (in the labels of it->order) with tm_quiz_grade() and
 * records it as a refresher answer of learner in one transaction (invalid UTF-8
 * replaced by U+FFFD): nothing else in the store changes. TM_EUSAGE (diags says
 * how to answer) when the answer cannot be read: nothing graded or stored.
 */
int tm_refresh_answer(struct tm_store *s, const struct tm_content *c, long long learner,
		      const struct tm_refresh_item *it, const char *answer,
		      struct tm_quiz_grade *out, struct tm_diags *diags);

/* ==== Gradebook, cohort reports, analytics, team maturity (trainer tools) ===== */
/*
 * The gradebook lives in the progress store's file (schema migration 2; the
 * key version graded against is migration 5): graded submissions per cohort and
 * exercise (score, points, time, a content hash, the key version), the
 * line that earned each threat, each group's top three; cohort membership for
 * quiz analytics; live sessions per team with recall per severity; settings.
 * A tm_gradebook shares its store's connection. A store opened read-only is
 * never migrated: the reports read any schema from 2 on (grades without a key
 * version read as '', unknown); writers open the store read-write, which
 * migrates it first.
 */
struct tm_gradebook;

/**
 * Opens the gradebook in s's file. s is borrowed for the call only (the
 * gradebook keeps its own connection). Caller frees *out with
 * tm_gradebook_close(). On failure *out is NULL and diags says why.
 */
int tm_gradebook_open(struct tm_store *s, struct tm_gradebook **out, struct tm_diags *diags);
/** Closes the gradebook (rolling back an open batch); NULL does nothing. */
void tm_gradebook_close(struct tm_gradebook *g);
/**
 * Batches: between tm_gradebook_begin() and tm_gradebook_commit() every write
 * joins one transaction (much faster for a class of thousands). Outside a batch
 * each write is its own transaction. tm_gradebook_rollback() drops the batch.
 */
int tm_gradebook_begin(struct tm_gradebook *g, struct tm_diags *diags);
int tm_gradebook_commit(struct tm_gradebook *g, struct tm_diags *diags);
void tm_gradebook_rollback(struct tm_gradebook *g);

/** FNV-1a 64-bit hash of buf as 16 lowercase hex digits plus NUL into out.
 *  Detects changed submissions; not a cryptographic digest. */
void tm_content_hash(const void *buf, size_t len, char out[17]);
/** True when buf is not a text submission: a NUL byte, or more than 1 in 20
 *  bytes being control characters other than tab, CR, LF and form feed. */
bool tm_looks_binary(const char *buf, size_t len);

/**
 * The top three of a submission: the first three threat lines after its first
 * top-three label, otherwise its first three threat lines. A label is a line
 * (a Markdown heading, bold text, a list item or a plain line, with or without
 * a trailing colon) whose words are "top three", "top 3", "top-3" or "top3",
 * optionally after a section number ("## 3. Top three") or "our"/"the", and
 * followed only by words such as "threats", "risks", "(prioritised)", "in order
 * of priority". Words are compared whole, in any case: "Top 30 more" is no
 * label. YAML submissions have none. The label line itself is not graded.
 * Fills idx with submission line indexes (see grader_submission_line()) and
 * returns how many (0 to 3).
 */
size_t tm_top_three(const char *buf, size_t len, const struct grader_submission *sub,
		    size_t idx[3]);

/** A hash of what in key changes a grade or a report (threat ids, titles,
 *  severities, STRIDE, aliases, patterns) as 16 lowercase hex digits plus NUL
 *  into out: the key version a grade was made against. */
void tm_key_hash(const struct grader_key *key, char out[17]);
/** The version of a single or multiple choice question as learners see it: a
 *  hash of its choices' texts in the author's order, so that a stored answer
 *  ("b") is read against the choices it was given to; "" for other types
 *  (their answers do not name choices). Stored with each answer. */
void tm_question_version(const struct tm_question *q, char out[17]);

/** What tm_gradebook_grade() stored. */
struct tm_graded {
	double score, points, max;
	size_t found;        /* threats credited */
	size_t lines;        /* threat lines read */
	bool changed;        /* new, or the content, the key version or the score differs
			      * from the stored grade */
	bool previous;       /* the name had a stored grade */
	double previous_score;  /* its score, when previous */
	bool key_changed;    /* previous was graded against another key version (false
			      * when its version is unknown: stored before key
			      * versions were kept) */
};

/**
 * Parses and grades one submission (buf, len: the file's bytes) against ex's
 * key, then stores it under (cohort, exercise, name), replacing an earlier
 * grade of the same name, its found threats and its top three in one
 * transaction (or in the open batch). submitted is a Unix time. Returns TM_OK
 * and fills *out (may be NULL); TM_EINVALID for a binary file; diags says why.
 */
int tm_gradebook_grade(struct tm_gradebook *g, const struct tm_exercise *ex,
		       const char *cohort, const char *name, const char *buf, size_t len,
		       long long submitted, struct tm_graded *out, struct tm_diags *diags);
/**
 * Grading and storing apart, so that a caller can read and grade a batch
 * outside the write transaction and hold the lock only to store it:
 *
 *     tm_gradebook_entry_new(ex, name, buf, len, mtime, memo, &e, diags);   // no lock
 *     tm_gradebook_begin(g, diags);
 *     tm_gradebook_store(g, cohort, e, &graded, diags);                // each entry
 *     tm_gradebook_commit(g, diags);
 *     tm_gradebook_entry_free(e);
 *
 * tm_gradebook_entry_new() parses and grades buf (copied from as needed; ex is
 * borrowed and must outlive the entry). memo (borrowed; may be NULL) is a
 * grader_memo_new() of ex's key that the entries of one run share, on one
 * thread: the grades are the same with it or without, only faster. Returns TM_OK and *out (caller frees
 * with tm_gradebook_entry_free()); TM_EINVALID for a binary file, TM_EUSAGE
 * for an empty or too long name (the rule on characters is checked by
 * tm_gradebook_store(), which refuses with TM_EUSAGE, storing nothing, a
 * cohort or group name it does not already hold); diags says why.
 */
struct tm_gradebook_entry;
int tm_gradebook_entry_new(const struct tm_exercise *ex, const char *name, const char *buf,
			   size_t len, long long submitted, struct grader_memo *memo,
			   struct tm_gradebook_entry **out, struct tm_diags *diags);
/** Threat lines the entry's submission has (0: an empty submission). */
size_t tm_gradebook_entry_lines(const struct tm_gradebook_entry *e);
/** The entry's parsed submission (borrowed; valid until the entry is freed). */
const struct grader_submission *tm_gradebook_entry_submission(
	const struct tm_gradebook_entry *e);
/** The entry's grade (borrowed; valid until the entry is freed): what a caller
 *  warns about, such as the author patterns a match limit stopped
 *  (grader_result_limit_count()). */
const struct grader_result *tm_gradebook_entry_result(const struct tm_gradebook_entry *e);
/** The line of the entry's top-three label (see tm_top_three()), or 0 when its
 *  top three are its first three threat lines; then *near (may be NULL) is the
 *  first line that looks like a label but is not read as one ("## Top three
 *  we found"), or 0. */
int tm_gradebook_entry_top_label(const struct tm_gradebook_entry *e, int *near);
/** Stores e under (cohort, exercise, name) as tm_gradebook_grade() does. */
int tm_gradebook_store(struct tm_gradebook *g, const char *cohort,
		       const struct tm_gradebook_entry *e, struct tm_graded *out,
		       struct tm_diags *diags);
void tm_gradebook_entry_free(struct tm_gradebook_entry *e);

/** Longest cohort, group or learner name the gradebook keeps, in bytes. */
#define TM_GRADEBOOK_NAME_MAX 1000
/** TM_EUSAGE ("the cohort name is empty") when name is empty, longer than
 *  TM_GRADEBOOK_NAME_MAX or refused by tm_name_check(); what names the kind of
 *  name ("cohort", "learner", "submission"). */
int tm_gradebook_check_name(const char *what, const char *name, struct tm_diags *diags);
/** As tm_gradebook_check_name(), but the rule on characters applies only to a
 *  name being created: a name the gradebook already holds passes under its
 *  stored name (an older tmdojo stored it). what is "cohort" (one with grades
 *  or members), "learner" (one with progress or in a cohort) or "submission"
 *  (a group graded in cohort on exercise; both ignored otherwise). */
int tm_gradebook_check_stored_name(struct tm_gradebook *g, const char *what,
				   const char *cohort, const char *exercise, const char *name,
				   struct tm_diags *diags);

/** Counts the graded submissions of a cohort (every exercise when exercise is NULL). */
int tm_gradebook_count(struct tm_gradebook *g, const char *cohort, const char *exercise,
		       size_t *count, struct tm_diags *diags);
/** One stored grade of a cohort on an exercise, as tm_gradebook_list() gives it. */
struct tm_gradebook_group {
	char *name;
	char key_hash[17];   /* "" when graded before key versions were kept */
	char hash[17];       /* tm_content_hash() of the file graded */
};
/**
 * Lists the groups graded in cohort on exercise, sorted by name. Caller frees
 * *out with tm_gradebook_list_free(*out, *n). On failure *out is NULL.
 */
int tm_gradebook_list(struct tm_gradebook *g, const char *cohort, const char *exercise,
		      struct tm_gradebook_group **out, size_t *n, struct tm_diags *diags);
void tm_gradebook_list_free(struct tm_gradebook_group *list, size_t n);
/**
 * Finds look-alike groups among the groups of one cohort on one exercise,
 * names[0..n) sorted, with their tm_content_hash() hashes[0..n) (borrowed).
 * copy_of[i] is the index of the first group with the same bytes when that is
 * not i (the first is taken for the original), else -1; name_like[i] that of
 * the first other group whose name is the same but for case (ASCII, Latin,
 * Greek and Cyrillic letters: "Otters" and "otters" are likely one group
 * saved twice), else -1. Both arrays have room for n. TM_OK or TM_ENOMEM.
 */
int tm_group_lookalikes(const char *const *names, const char *const *hashes, size_t n,
			long *copy_of, long *name_like);
/**
 * Removes the grade of group name (its found threats and top three with it)
 * from cohort on exercise, or on every exercise when exercise is NULL; joins
 * an open batch. *removed (may be NULL) counts the grades removed (0: none).
 */
int tm_gradebook_remove(struct tm_gradebook *g, const char *cohort, const char *exercise,
			const char *name, size_t *removed, struct tm_diags *diags);
/** Adds learner to cohort (idempotent). *added (may be NULL) says whether new. */
int tm_gradebook_add_member(struct tm_gradebook *g, const char *cohort, const char *learner,
			    bool *added, struct tm_diags *diags);
/** Counts the members of a cohort. */
int tm_gradebook_member_count(struct tm_gradebook *g, const char *cohort, size_t *count,
			      struct tm_diags *diags);
/** One cohort the gradebook holds, as tm_gradebook_cohorts() gives it. */
struct tm_gradebook_cohort {
	char *name;
	size_t grades;      /* graded submissions, every exercise */
	size_t exercises;   /* exercises with grades */
	size_t members;     /* learners added with tm_gradebook_add_member() */
};
/**
 * Lists every cohort with grades or members, sorted by name (byte order).
 * Caller frees *out with tm_gradebook_cohorts_free(*out, *n). On failure *out
 * is NULL, *n 0 and diags says why.
 */
int tm_gradebook_cohorts(struct tm_gradebook *g, struct tm_gradebook_cohort **out, size_t *n,
			 struct tm_diags *diags);
void tm_gradebook_cohorts_free(struct tm_gradebook_cohort *list, size_t n);

/* ---- cohort reports ---------------------------------------------------------
 * A report is one cohort's grades on one exercise, read back from the gradebook
 * and joined with the exercise's key. Everything returned is borrowed: valid
 * until the report is freed.
 */
struct tm_report;

#define TM_REPORT_BINS 10   /* score histogram: [0,10), [10,20) ... [90,100] */

struct tm_report_top {
	int line;                 /* 1-based line in the submission */
	const char *text;         /* the learner's words */
	long threat;              /* key index it matches, or -1 */
	long closest;             /* when it matches none: its closest threat (key
				   * index), as grade lists unmatched lines; -1 when
				   * unknown (graded by an older tmdojo) */
	double similarity;        /* to closest */
	bool repeat;              /* names the same threat as an earlier pick */
};

struct tm_report_group {
	const char *name;
	double score, points, max;
	long long submitted;      /* Unix time (the file's modification time) */
	long long graded;         /* Unix time it was graded */
	const char *hash;         /* tm_content_hash() of the submission */
	const char *key_hash;     /* tm_key_hash() of the key it was graded against; ""
				   * when graded before key versions were kept */
	bool key_stale;           /* key_hash is not the current key's */
	const char *copy_of;      /* the name of an earlier group (by name) whose file
				   * had the same bytes, else NULL */
	const char *name_like;    /* the name of another group that is the same but
				   * for case (tm_group_lookalikes()), else NULL */
	unsigned stride_found;    /* GRADER_STRIDE_* of the threats it found */
	const int *found_line;    /* per key threat: the line that earned it, 0 if missed */
	size_t top_count;
	struct tm_report_top top[3];
	size_t top_given;         /* picks under its top-three label (only the first 3
				   * are read); 0 without a label or when unknown */
	size_t lines;             /* threat lines graded: 0 for an empty submission,
				   * GRADER_MAX_LINES when lines past it were dropped */
};

/** The length in bytes (2 or 3) of the Unicode bidirectional control that s
 *  starts with (U+061C, U+200E, U+200F, U+202A..U+202E, U+2066..U+2069), else 0.
 *  Reports show them as "<U+202E>" so that no name or line can display as
 *  another. */
size_t tm_bidi_control_len(const char *s);

/** Unix time t as ISO 8601 UTC ("2026-11-27T23:34:45Z"), as every report and
 *  JSON output writes it; the number itself when it cannot be converted. */
void tm_format_time(long long t, char *out, size_t size);
/**
 * Builds the report of cohort on exercise (NULL: the cohort's only exercise;
 * TM_EUSAGE names them when it has several). c is borrowed and must outlive
 * the report. TM_ENOTFOUND when the cohort has no grades. Caller frees *out
 * with tm_report_free().
 */
int tm_report_build(struct tm_gradebook *g, const struct tm_content *c, const char *cohort,
		    const char *exercise, struct tm_report **out, struct tm_diags *diags);
void tm_report_free(struct tm_report *r);
const char *tm_report_cohort(const struct tm_report *r);
const struct tm_exercise *tm_report_exercise(const struct tm_report *r);
/** Groups sorted by name. Group names and top-three lines are valid UTF-8 with
 *  bidirectional controls shown as "<U+202E>" (tm_bidi_control_len()). */
size_t tm_report_group_count(const struct tm_report *r);
const struct tm_report_group *tm_report_group(const struct tm_report *r, size_t i);
/** How many groups found key threat t. */
size_t tm_report_found_by(const struct tm_report *r, size_t t);
/** Key threat indexes ordered by discovery rate, most-missed first (ties by
 *  severity, critical first, then in key order); returns the array of
 *  grader_key_threat_count() entries. The text and JSON reports and the HTML
 *  chart and table list threats in this order. */
const size_t *tm_report_threat_order(const struct tm_report *r);
/** Score histogram: groups per 10-point bin, of the score rounded to one decimal
 *  as the reports print it (19.96, shown "20.0%", is in the 20-29 bin). */
const size_t *tm_report_histogram(const struct tm_report *r);
/** The current key's tm_key_hash(), which the report's threats come from. */
const char *tm_report_key_hash(const struct tm_report *r);
/** How many groups picked key threat t in their top three (once a group), and
 *  how many picks of all groups match no threat. */
size_t tm_report_top_picked_by(const struct tm_report *r, size_t t);
size_t tm_report_top_unmatched(const struct tm_report *r);
/** Groups with copy_of set (an exact copy of another group's file), and with
 *  name_like set (a name that is another's but for case). */
size_t tm_report_copy_count(const struct tm_report *r);
size_t tm_report_name_like_count(const struct tm_report *r);
/** Whether a group's grade stands on a partial file, in words for a report's
 *  note: "empty file" (no threat lines: stored as 0%) or "cut at 100000 lines"
 *  (GRADER_MAX_LINES: lines past it were not graded); NULL for a whole file.
 *  The string is static. */
const char *tm_report_group_partial(const struct tm_report_group *gr);
/** Groups with tm_report_group_partial() set. */
size_t tm_report_partial_count(const struct tm_report *r);
/** Groups graded against another key version than the current one (key_stale):
 *  their points and found threats may not match the threat list. */
size_t tm_report_stale_count(const struct tm_report *r);
double tm_report_mean(const struct tm_report *r);
double tm_report_median(const struct tm_report *r);
/**
 * The report as CSV (RFC 4180, one row per group: name, score, points, max,
 * submitted, hash, found count, then one 0/1 column per threat, then the top
 * three, the time it was graded and the key version it was graded against);
 * fields that a spreadsheet would run as formulas get a leading quote.
 * Caller frees *out with free().
 */
int tm_report_csv(const struct tm_report *r, char **out, size_t *len, struct tm_diags *diags);
/**
 * The report as one self-contained HTML page (inline CSS and SVG charts, no
 * script, no external resource), built with libxml2's tree API so every
 * learner-supplied string is escaped. Caller frees *out with free().
 */
int tm_report_html(const struct tm_report *r, char **out, size_t *len, struct tm_diags *diags);

/* ---- quiz item analysis -------------------------------------------------------
 * Over the first attempt of every member of a cohort at every question they
 * answered: facility (share answering fully correct), discrimination (share
 * correct among the top 27% of those learners by their total first-attempt
 * score on the question's quiz, minus the share among the bottom 27%; learners
 * tied at a group's boundary share its remaining places equally, so names
 * never decide), how often each choice was picked (per choice in the author's
 * order, whatever order each learner was shown). Questions come in content
 * order: course, module, quiz, question.
 */
#define TM_ITEM_TOO_EASY 0.9
#define TM_ITEM_TOO_HARD 0.2
enum { TM_FLAG_TOO_EASY = 1, TM_FLAG_TOO_HARD = 2, TM_FLAG_NEGATIVE = 4 };

struct tm_item_stats {
	const char *course, *module, *question;   /* borrowed from the analysis */
	int item;                      /* the quiz's index in its module; -1 when the
					* content no longer has it */
	const struct tm_question *q;   /* NULL when the content no longer has it */
	size_t answered;               /* members with a first attempt; 0 for a question
					* of a quiz they took that none of them reached
					* (facility and discrimination unknown) */
	size_t correct;
	double facility;               /* correct / answered */
	double discrimination;         /* upper minus lower share correct, among the
					* learners who finished the quiz */
	size_t group_size;             /* learners in each 27% group */
	size_t unfinished;             /* answered but left out of the ranking: they
					* have not finished the quiz (still counted
					* in facility and choices) */
	size_t choice_count;           /* choices (true-false: 2, [0] true); 0 for others */
	const size_t *chosen;          /* per choice: how many picked it */
	size_t unreadable;             /* first attempts whose choices could not be read */
	size_t other_version;          /* first attempts given to an earlier version of
					* the question's choices (tm_question_version()):
					* left out of chosen (facility and discrimination
					* count them: right or wrong was judged then) */
	size_t unversioned;            /* first attempts stored before versions were
					* kept: counted in chosen as if the choices were
					* unchanged */
	unsigned flags;                /* TM_FLAG_* */
};

struct tm_items;
/**
 * Computes the item analysis of cohort. c (borrowed, must outlive the result)
 * resolves questions and their choices. Every question of a quiz a member
 * answered is listed, those none of them answered with answered 0.
 * TM_ENOTFOUND when the cohort has no members. Caller frees *out with
 * tm_items_free().
 */
int tm_items_analyze(struct tm_gradebook *g, const struct tm_content *c, const char *cohort,
		     struct tm_items **out, struct tm_diags *diags);
void tm_items_free(struct tm_items *it);
size_t tm_items_member_count(const struct tm_items *it);
size_t tm_items_count(const struct tm_items *it);
const struct tm_item_stats *tm_items_get(const struct tm_items *it, size_t i);

/* ---- team maturity ---------------------------------------------------------------
 * A team starts in observation; after `sessions` sessions in a row with recall
 * of critical and high threats >= `recall` each it moves to review; after as
 * many further sessions in a row where medium recall also reaches it, to
 * security-optional. A severity the key lacks counts as met. A walk never moves
 * a team back, but phases are not stored: they are recomputed from the whole
 * history of sessions (in the order held) under the current rules, so changing
 * the rules, or removing a session, re-judges every team, which may move back.
 */
enum tm_phase { TM_PHASE_OBSERVATION, TM_PHASE_REVIEW, TM_PHASE_SECURITY_OPTIONAL };
/** "observation", "review", "security-optional". */
const char *tm_phase_name(enum tm_phase p);

struct tm_team_rules {
	int sessions;       /* N in a row (default 3) */
	double recall;      /* per-severity recall needed (default 0.8) */
};
#define TM_TEAM_DEFAULT_SESSIONS 3
#define TM_TEAM_DEFAULT_RECALL 0.8

/** Reads the stored rules (the defaults when none are stored). */
int tm_team_rules_get(struct tm_gradebook *g, struct tm_team_rules *out,
		      struct tm_diags *diags);
/** Stores the rules; TM_EUSAGE when sessions < 1 or recall is outside 0..1. */
int tm_team_rules_set(struct tm_gradebook *g, const struct tm_team_rules *rules,
		      struct tm_diags *diags);

/** One recorded session; found/total indexed by enum grader_severity. */
struct tm_team_session {
	long long id;       /* the session's number in the gradebook */
	char held[11];      /* the day it was held, YYYY-MM-DD */
	const char *exercise, *name;
	long long recorded; /* when it was recorded (seconds since the epoch) */
	double score;
	int found[4], total[4];
	/* lines of the submission cut at GRADER_MAX_LINE bytes and ignored past
	 * GRADER_MAX_LINES (set by tm_team_record(), 0 in stored sessions) */
	size_t truncated, dropped;
	/* author patterns a match limit stopped (counted as no match;
	 * grader_result_limit_count()), and the first of them: its threat and
	 * pattern indexes and file line (set by tm_team_record(), 0 in stored
	 * sessions) */
	size_t limits, limit_threat, limit_pattern;
	int limit_line;
	/* how tm_teams_status() judged the session: against the bar of phase
	 * `judged` (critical and high in observation; also medium in review),
	 * whose lowest severity is `bar`, and whether it met it; bar is
	 * GRADER_SEV_NONE when it was not judged (the team was in
	 * security-optional already; and in a session tm_team_record() returns) */
	enum tm_phase judged;
	enum grader_severity bar;
	bool met;
};
/** Recall of severity s in a session (1 when the key has none of s: the bar
 *  counts it as met; tm_team_session_has() says whether it has any). */
double tm_team_session_recall(const struct tm_team_session *ss, enum grader_severity s);
/** Whether the key of the session has threats of severity s (a recall to show). */
bool tm_team_session_has(const struct tm_team_session *ss, enum grader_severity s);

/**
 * The rule for a new team's name, over tm_gradebook_check_name()'s: not only
 * blanks, no leading or trailing blank (space or no-break space), which would
 * print like another team's name. Returns TM_OK, else TM_EUSAGE with what to
 * type instead in diags. A team the gradebook holds keeps its name.
 */
int tm_team_check_new_name(const char *team, struct tm_diags *diags);

/**
 * Whether date is a day as YYYY-MM-DD (a real one: no 2026-02-30) and not
 * after today (local time). Returns TM_OK, else TM_EUSAGE with the reason in
 * diags ("the session date '2026-13-01' is not a day as YYYY-MM-DD ...").
 */
int tm_team_check_date(const char *date, struct tm_diags *diags);

/**
 * Grades buf against ex's key and records it as a session of team, held on
 * the day held (YYYY-MM-DD, tm_team_check_date(); NULL: today). *out (may
 * be NULL) receives the counts, the session's id and day; its strings are
 * NULL. Nothing is recorded, and diags says why, for: a team name that is
 * empty, too long or has control characters, or, for a new team, breaks
 * tm_team_check_new_name() (TM_EUSAGE); a malformed or future day (TM_EUSAGE); a binary or empty submission (TM_EINVALID); the same
 * threat lines (as parsed: markers, blank lines, headings and line ends aside;
 * the bytes for a session stored before schema 10) already recorded for team
 * on this exercise (TM_EINVALID),
 * unless again says it is a new session that happens to read the same.
 */
int tm_team_record(struct tm_gradebook *g, const struct tm_exercise *ex, const char *team,
		   const char *name, const char *buf, size_t len, bool again, const char *held,
		   struct tm_team_session *out, struct tm_diags *diags);

/** Removes the session numbered id (tm_team_session.id) in one transaction;
 *  TM_EINVALID with "no team session #ID" when there is none. */
int tm_team_remove_session(struct tm_gradebook *g, long long id, struct tm_diags *diags);
/** Removes every session of team, and so the team, in one transaction; sets
 *  *removed to how many. TM_EINVALID with "no team 'NAME'" when it has none. */
int tm_team_remove(struct tm_gradebook *g, const char *team, size_t *removed,
		   struct tm_diags *diags);

struct tm_team_status {
	const char *team;
	enum tm_phase phase;
	int streak;                       /* sessions in a row toward the next phase */
	size_t session_count;
	const struct tm_team_session *sessions;   /* by day held, then as recorded */
};
struct tm_teams;
/** Every team's phase under rules. Caller frees *out with tm_teams_free(). */
int tm_teams_status(struct tm_gradebook *g, const struct tm_team_rules *rules,
		    struct tm_teams **out, struct tm_diags *diags);
void tm_teams_free(struct tm_teams *t);
size_t tm_teams_count(const struct tm_teams *t);
const struct tm_team_status *tm_teams_get(const struct tm_teams *t, size_t i);

/* ==== Inline marks of lesson text ============================================== */

enum tm_inline_kind {
	TM_INLINE_TEXT,       /* plain text: text, len */
	TM_INLINE_CODE,       /* `code`: its text, len (without the backticks) */
	TM_INLINE_STRONG,     /* ** opens (on) or closes (!on) strong text */
	TM_INLINE_EMPHASIS,   /* * opens (on) or closes (!on) emphasis */
};

struct tm_inline {
	enum tm_inline_kind kind;
	const char *text;     /* TEXT and CODE: not NUL-terminated */
	size_t len;
	bool on;              /* STRONG and EMPHASIS */
};

typedef void (*tm_inline_fn)(void *arg, const struct tm_inline *run);

/**
 * Splits text[0..len) into its runs of plain text, `code`, and the marks that
 * open and close **strong** and *emphasis*, calling fn for each in order. A
 * '*' opens only before a non-blank and closes only after one ("5 * 3" is
 * text); a backtick without a closing one is text. A mark left open at the end
 * gets no closing run: the caller closes what is open.
 */
void tm_inline_scan(const char *text, size_t len, tm_inline_fn fn, void *arg);

/* ==== Blocks of lesson text ==================================================== */

/*
 * The block rules of lesson text (docs/FORMAT.md "Lesson text"), one scanner
 * that the terminal renderer and the SCORM pages both follow, so that a line
 * is the same kind of block everywhere. A line is, in this order: blank (only
 * blanks), a fence (``` after any indent), a heading ('#' to '######' at the
 * start of the line, then a space), a table's first row ('|' after any indent,
 * with a separator line such as "|---|---|" next), a call-out ("> " or a lone
 * '>' after any indent), a list item ("- ", "* " or digits and ". " after any
 * indent), else paragraph text ("|x| is the absolute value", ">=3 retries").
 */
enum tm_block_kind {
	TM_BLOCK_BLANK,       /* one blank line */
	TM_BLOCK_HEADING,     /* level, text */
	TM_BLOCK_ITEM,        /* indent, ordered, number; text (its first line after
			       * the marker), then its continuation lines: every line
			       * up to a blank one or the start of another block */
	TM_BLOCK_FENCE,       /* text: the language after the opening ``` (may be
			       * empty); lines: the lines between the fences (to the
			       * end of the text when it is not closed) */
	TM_BLOCK_TABLE,       /* its first row, the separator line, then the
			       * consecutive '|' lines after them */
	TM_BLOCK_QUOTE,       /* consecutive call-out lines ("> ", or '>' alone) */
	TM_BLOCK_PARAGRAPH,   /* lines up to a blank one or the start of another block */
};

struct tm_block {
	enum tm_block_kind kind;
	const char *lines;    /* the block's lines as written, each with its line end
			       * (the last may lack one); not NUL-terminated */
	size_t lines_len;
	const char *text;     /* see the kinds; else the first line without its layout
			       * (tm_block_line_skip()) */
	size_t len;
	int level;            /* HEADING: 1 to 6 */
	size_t indent;        /* ITEM: spaces before the marker */
	bool ordered;         /* ITEM: "12. " rather than "- " or "* " */
	const char *number;   /* ordered ITEM: its digits as written */
	size_t number_len;
};

typedef void (*tm_block_fn)(void *arg, const struct tm_block *block);

/**
 * Splits text (NUL-terminated; NULL is empty) into its blocks, calling fn for
 * each in order. Every pointer in a block is borrowed from text.
 */
void tm_block_scan(const char *text, tm_block_fn fn, void *arg);

/**
 * Takes the next line off a block's lines (*lines, *left bytes): sets *line
 * and *len to it without its line end ("\n" or "\r\n") and moves past it.
 * Returns false when none is left:
 *
 *     const char *l = b->lines, *line;
 *     size_t left = b->lines_len, n;
 *     while (tm_block_line(&l, &left, &line, &n))
 *             ...
 */
bool tm_block_line(const char **lines, size_t *left, const char **line, size_t *len);

/**
 * Bytes at the start of line (len bytes; a line of a block of kind kind other
 * than an item's first) that are layout, not text: the indent, and a
 * call-out's '>' with one space after it.
 */
size_t tm_block_line_skip(enum tm_block_kind kind, const char *line, size_t len);

/* ==== Exports to learning management systems ================================== */

/* ---- Moodle XML ----------------------------------------------------------------
 * The quiz questions of courses as one Moodle XML file, which a trainer imports
 * into a Moodle question bank (docs/EXPORT.md has the mapping). The document is
 * built with libxml2's tree API (opened on demand), so every string is escaped
 * by its serializer.
 */
/**
 * Exports the quiz questions of the n courses whose ids are in courses (n == 0:
 * every course of c, in content order; an id given twice is exported once): per
 * course and module with questions, a category ($course$/top/<course title>/
 * <module title>), then the module's questions in order. What Moodle cannot
 * express is approximated or the question skipped, each with a warning in
 * warnings, located at the question ("file:line:column", text "question 'ID':
 * ..."). On success returns TM_OK and *out (NUL-terminated, *len bytes; caller
 * frees with free()). On failure *out is NULL, diags says why and nothing is
 * returned: TM_ENOTFOUND for an unknown course id (the message lists the known
 * ones); TM_EIO when libxml2 cannot be loaded; TM_ENOMEM. (Text XML 1.0 cannot
 * hold never gets here: the loader refuses control characters.)
 */
int tm_export_moodle_xml(const struct tm_content *c, const char *const *courses, size_t n,
			 char **out, size_t *len, struct tm_diags *warnings,
			 struct tm_diags *diags);

/* ---- SCORM 1.2 export --------------------------------------------------------------
 * One course as a SCORM 1.2 package (a zip; docs/EXPORT-SCORM.md): imsmanifest.xml,
 * one page per module (each a SCO), a shared style and JavaScript runtime.
 */
#define TM_SCORM_DEFAULT_PASS 80

/**
 * Builds the package of co in memory. pass (0..100) is the percent of a module's
 * scored questions a learner needs for "passed" (also the items' masteryscore).
 * lex (borrowed, may be NULL) is the lexicon learn grades short answers with:
 * the short forms of accepted answers ("EoP") it credits are given to the page
 * (none without it).
 * What the package cannot do as tmdojo does (fuzzy short answers, patterns,
 * unscored threat lists, exercises as reading) is added to warnings, each naming
 * the module file, with code TM_OK. Returns TM_OK and *out (caller frees with
 * free()), *len bytes; TM_EUSAGE for a bad pass mark, TM_EIO when libxml2 or
 * libzip cannot be loaded, TM_ENOMEM; diags says why.
 */
int tm_scorm_export(const struct tm_course *co, const struct grader_lexicon *lex, int pass,
		    void **out, size_t *len, struct tm_diags *warnings, struct tm_diags *diags);
/* ---- Moodle XML import (engine/import_moodle.c; docs/IMPORT.md) ------------ */

/** The largest Moodle XML file tm_import_moodle_xml() reads: 16 MiB. */
#define TM_IMPORT_MAX_BYTES (16u * 1024 * 1024)

struct tm_import_options {
	const char *module_id;   /* NULL: made from the file name */
	const char *title;       /* NULL: the last category's name, else the file name */
	/* the stop words of the content root the module goes into (tm_lexicon_load,
	 * borrowed): a short answer of only stop words ("the"), which validate
	 * refuses, is dropped. NULL: no stop words */
	const struct grader_lexicon *lexicon;
};

/**
 * Reads a Moodle XML question bank export (xml, len bytes, named name in
 * messages) and writes one tmdojo module holding one quiz of the questions
 * tmdojo has an equivalent for. libxml2 (opened on demand) reads it without
 * network, DTD loading or entity substitution; a document declaring any
 * entity is refused. Questions skipped, texts dropped or changed are reported
 * in warnings (each "warning: ..." at the question's line). On success returns
 * TM_OK, *yaml (NUL-terminated, *yaml_len bytes; caller frees with free()) and
 * *imported (may be NULL) the number of questions written. On failure (not
 * well-formed XML, an entity, not a <quiz>, no question importable, larger
 * than TM_IMPORT_MAX_BYTES or a module larger than TM_MAX_FILE_BYTES: TM_ELIMIT,
 * an opts->module_id that is not an id: TM_EUSAGE)
 * returns the status with why in diags, and *yaml is NULL.
 */
int tm_import_moodle_xml(const char *name, const char *xml, size_t len,
			 const struct tm_import_options *opts, char **yaml, size_t *yaml_len,
			 size_t *imported, struct tm_diags *warnings, struct tm_diags *diags);

#endif /* TMENGINE_H */
