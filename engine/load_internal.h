/*
 * load_internal.h: internal to libtmengine. The loader's shared context and the
 * helpers that turn checked YAML nodes into model values.
 */
#ifndef TM_LOAD_INTERNAL_H
#define TM_LOAD_INTERNAL_H

#include "model_internal.h"
#include "rules.h"
#include "yamldoc.h"

/* An accepted (or rejected) short answer noted for ld_check_answers(). */
struct ld_answer {
	const char *file;                /* arena or loader-owned, outlives the run */
	int line, column;
	const char *text;                /* arena copy */
	const char *what;                /* "accepted" or "rejected", for messages */
};

/* The threat ids a key declares, noted while it is loaded (errors or not). */
struct ld_key_ids {
	bool known;                      /* the key was read far enough to tell */
	const char **v;                  /* arena copies */
	size_t n;
};

/* One loading run: where results go and where errors are reported. */
struct loader {
	struct tm_arena *arena;          /* the content's arena */
	struct tm_diags *diags;
	const char *file;                /* file being read, for messages */
	const struct grader_lexicon *lex; /* base lexicon for keys (may be NULL) */
	int errors;                      /* errors reported by this loader */
	bool probe;                      /* validating: try patterns on hostile lines */
	bool alone;                      /* one exercise outside a content root: its id
					    need not match its directory's name */
	struct ld_answer *answers;       /* probe: accepted answers to check (malloc'd) */
	size_t n_answers, answers_alloc;
	size_t refusal_checks;           /* probe: fuzzy matches spent grading short
					    questions' texts (load_question.c) */
	unsigned budget_said;            /* which checks said they stopped there */
	/* tm_resolve_course(): which exercises of told_of (an array of them) had
	 * their errors pointed at from a reference already (arena, one flag each) */
	const struct tm_exercise *told_of;
	bool *told;
	/* when not NULL, tm_load_key_file() notes the ids its key declares here */
	struct ld_key_ids *key_ids;
	/* when not NULL, tm_load_key_file() notes here where the patterns of each
	 * threat it adds to its key are written */
	struct tm_pattern_places *pattern_places;
	/* the real path of the content root (arena): every content file must
	 * resolve inside it (ld_check_inside()); NULL: no root to hold files to */
	const char *root_real;
};

/* ---- reporting ---- */
void ld_error(struct loader *ld, const struct ydoc_node *at, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;
/** Runs ydoc_check_map() and counts its errors; returns true when clean. */
bool ld_check_map(struct loader *ld, const struct ydoc_node *n, const struct ydoc_field *f,
		  const char *what);

/** Runs ld_check_map() on a list entry or nested mapping; returns whether n is a
 *  mapping, so that its other fields are still checked when one key is unknown
 *  or has the wrong type (each problem is one error, not a reason to stop). */
bool ld_check_entry(struct loader *ld, const struct ydoc_node *n, const struct ydoc_field *f,
		    const char *what);

/* ---- values (the node must have passed ld_check_map for its field) ---- */
/** Arena copy of a scalar field, or NULL when absent or null. */
const char *ld_str(struct loader *ld, const struct ydoc_node *map, const char *key);
/** Arena copy of a list-of-text field into out (empty when absent). */
void ld_strv(struct loader *ld, const struct ydoc_node *map, const char *key,
	     struct tm_strv *out);
/** Integer field within [min, max]; def when absent; reports when out of range. */
int ld_int(struct loader *ld, const struct ydoc_node *map, const char *key, long min, long max,
	   int def);
/** Number field within [min, max]; def when absent. */
double ld_number(struct loader *ld, const struct ydoc_node *map, const char *key, double min,
		 double max, double def);
/** Boolean field; def when absent. */
bool ld_bool(const struct ydoc_node *map, const char *key, bool def);
/** Checks an id by rule_id_ok() and reports one that is not. */
bool ld_check_id(struct loader *ld, const struct ydoc_node *map, const char *key, bool loose);
/** Checks 'part': a whole number from 1 to 999 or a lowercase name. */
bool ld_check_part(struct loader *ld, const struct ydoc_node *map);
/** STRIDE list field to a GRADER_STRIDE_* mask; reports unknown names. */
unsigned ld_stride(struct loader *ld, const struct ydoc_node *map, const char *key);
/** Reports entries of a list-of-text field that occur twice. */
void ld_check_unique(struct loader *ld, const struct ydoc_node *map, const char *key,
		     const char *what);
/** Reports the entries of list whose text (field of each mapping entry, or the
 *  entry itself when field is NULL), case and blanks aside
 *  (rule_same_answer()), is an earlier entry's: "choice 'x' is listed twice
 *  (first at line 9)", what naming the entry, the line the first's. */
void ld_check_unique_texts(struct loader *ld, const struct ydoc_node *list, const char *field,
			   const char *what);
/** The same with texts compared as written (ids, file names): "sample file
 *  'samples/a.txt' is listed twice (first at line 9)". */
void ld_check_unique_field(struct loader *ld, const struct ydoc_node *list, const char *field,
			   const char *what);
/** dir + "/" + name as an arena string (NULL on ENOMEM). */
char *ld_path(struct loader *ld, const char *dir, const char *name);
/** The last component of dir after resolving it ("." names the current
 *  directory); an arena string. */
const char *ld_dir_name(struct loader *ld, const char *dir);
/** Checks a relative file name field: no "..", no absolute path. */
bool ld_check_relative(struct loader *ld, const struct ydoc_node *map, const char *key);
/** Sets ld->root_real to the real path of root (an arena copy); NULL when root
 *  is NULL or does not resolve, which turns ld_check_inside() off. */
void ld_set_root(struct loader *ld, const char *root);
/**
 * Whether path, a content file, resolves (symbolic links followed) inside the
 * content root ld->root_real, or cannot be resolved at all (a missing file is
 * reported where it is read). One that resolves outside is an error, counted:
 * at ref, the field that names the file (what says which: "document",
 * "module file"), or at path itself when ref is NULL. A link in a content pull
 * request must not carry a trainer's own files into what tmdojo shows or
 * exports.
 */
/** Whether path resolves inside the content root, as ld_check_inside() checks,
 *  reporting nothing. */
bool ld_is_inside(const struct loader *ld, const char *path);
bool ld_check_inside(struct loader *ld, const struct ydoc_node *ref, const char *what,
		     const char *path);

/* ---- author patterns (a key's threats, a short question's 'patterns') ---- */
/** Room for a pattern as messages quote it (ld_pattern_quote()). */
#define LD_PATTERN_QUOTED 84
/** pattern as a message quotes it: the whole when it is short, else its first
 *  bytes cut at a UTF-8 character's start, followed by "...", so that a
 *  message about a pattern of up to 1,000 bytes (the limit) still shows the
 *  reason and what to do within a diagnostic's text. Returns pattern itself or
 *  buf (LD_PATTERN_QUOTED bytes). */
const char *ld_pattern_quote(const char *pattern, char *buf);
/** Reports each pattern of the list pats (may be NULL) that does not compile or
 *  can match an empty text, at its own position; returns how many. */
int ld_report_bad_patterns(struct loader *ld, const struct ydoc_node *pats);
/** Reports each pattern of pats that matches an off-topic line ("I have no
 *  idea"), so that it would credit nearly every what ("answer" of a short
 *  question, "line" of a threat list), in every load; validating (ld->probe)
 *  also each that hits a PCRE2 match limit on a hostile line, where it would
 *  count as no match. */
void ld_check_patterns(struct loader *ld, const struct ydoc_node *pats, const char *what);
/** The same for the patterns of threat t of key, which key holds compiled from
 *  pats (each scalar, non-blank item in order): the off-topic lines are
 *  matched with the key's compiled patterns instead of compiling each again. */
void ld_check_key_patterns(struct loader *ld, const struct ydoc_node *pats,
			   const struct grader_key *key, size_t t);

/* ---- what a line earns, and hints (validating: ld->probe) ---- */
/** The threat of key that text[0..len), graded as a learner's one-line list
 *  (line breaks read as blanks), earns, or -1 (none, or out of memory);
 *  *similarity its score and, when why is not NULL, why_size bytes of its why. */
long ld_line_earns(const struct grader_key *key, const char *text, size_t len,
		   double *similarity, char *why, size_t why_size);
/** The index of the threat of the prepared key that a statement of hint (a
 *  sentence that is not a question), graded as a one-line threat list, earns
 *  with a similarity that says it names the threat (not only where it is);
 *  *sentence (pointing into hint), *len and *similarity say which and how
 *  surely. -1 when none does (or memory ran out). */
long ld_hint_earns(const struct grader_key *key, const char *hint, const char **sentence,
		   size_t *len, double *similarity);
/** Warns at hint (a scalar; anything else is passed over) when ld_hint_earns()
 *  finds a threat it earns: the hint, whose ("the hint of threat 'B01'", "this
 *  hint of step 'threats'"), gives that threat away. */
void ld_warn_hint_earns(struct loader *ld, const struct ydoc_node *hint,
			const struct grader_key *key, const char *whose);

/** What ld_parse_file() made of a file. */
enum ld_parse {
	LD_PARSE_FAILED,   /* no root to check: a syntax error, an empty file */
	LD_PARSE_OK,       /* the root, and no error */
	LD_PARSE_ERRORS,   /* the root, to be checked, but the file has errors */
};

/**
 * Parses path into *doc (caller frees with ydoc_free(), also on errors) and
 * counts in ld->errors every error it reports: a syntax error, duplicate keys,
 * tags, anchors and aliases, an empty file (named by what, "module"), control
 * characters. Returns
 * LD_PARSE_FAILED when there is no root to check: after a syntax error (it
 * stops the reading of the file) or for an empty file. A duplicate key or a
 * control character (or a tag, an anchor, an alias) is one error like any other: the root is still checked,
 * with the key's first value (ydoc_get()), so that one run reports every error
 * of the file, and LD_PARSE_ERRORS says that what is built from it must not be
 * used (a key is checked, not handed out).
 */
enum ld_parse ld_parse_file(struct loader *ld, const char *path, const char *what,
			    struct ydoc **doc);

/* ---- the loaders (each returns the number of errors it reported) ---- */
int tm_load_course_dir(struct loader *ld, const char *dir, struct tm_course *out);
int tm_load_module_file(struct loader *ld, const char *path, struct tm_module *out);
int tm_load_question(struct loader *ld, const struct ydoc_node *n, struct tm_question *out);
int tm_load_exercise_dir(struct loader *ld, const char *dir, struct tm_exercise *out);
/** Loads only the key that dir/exercise.yaml names (for grading: the rest of the
 *  exercise is not read or checked); *key is NULL when either file has errors. */
int tm_load_exercise_key(struct loader *ld, const char *dir, struct grader_key **key);
/** Loads and prepares a key file; *out is NULL when it has errors. exercise is
 *  the id of the exercise whose exercise.yaml names the key (NULL for a key on
 *  its own): the key's own 'exercise:' must then be that id. out NULL: the key
 *  is checked all the same, then freed. */
int tm_load_key_file(struct loader *ld, const char *path, const char *exercise,
		     struct grader_key **out);
/** Sets p to the common default remediation policy (no policy.yaml). */
void tm_policy_init(struct tm_policy *p);
/** Loads a content root's policy.yaml into *out (left unchanged when the file
 *  has errors, each reported at its file:line:column). */
int tm_load_policy_file(struct loader *ld, const char *path, struct tm_policy *out);
/** Adds a lexicon file's entries to lex. */
int tm_load_lexicon_file(struct loader *ld, const char *path, struct grader_lexicon *lex);
/** Adds a `lexicon:`-style mapping (expansions, synonyms, stopwords, generic). */
int tm_load_lexicon_node(struct loader *ld, const struct ydoc_node *n,
			 struct grader_lexicon *lex);

/** Validating (probe): reports the accepted short answers noted while loading
 *  questions that hold only stop words, with one key prepared against ld->lex;
 *  frees the notes. Call once the questions are loaded. */
void ld_check_answers(struct loader *ld);

/** Checks the rules that span a course's files (unique module and question ids)
 *  and resolves its exercise references against the loaded exercises. */
void tm_resolve_course(struct loader *ld, struct tm_course *co,
		       const struct tm_exercise *exercises, size_t n_exercises);

#endif
