/*
 * grader.h: libtmgrader, fuzzy, explainable, one-to-one grading of free-text
 * threat lists against a reference answer key.
 *
 * Pure C over in-memory structs: no YAML, no files, no printing, no global
 * mutable state (many threads or workers may grade side by side; a prepared key
 * and a lexicon are read-only while grading).
 */
#ifndef GRADER_H
#define GRADER_H

#include <stddef.h>
#include <stdbool.h>

/* ==== Status ================================================================ */

enum grader_status {
	GRADER_OK = 0,
	GRADER_ENOMEM,
	GRADER_EINVALID,   /* bad argument: empty id, duplicate id, unknown value */
	GRADER_EPATTERN,   /* a pattern does not compile, or is over the limits */
	GRADER_ELIMIT      /* input over a size limit */
};

/** Details of a failure; filled by calls that take one (may be NULL). */
struct grader_error {
	int code;
	size_t index;       /* pattern errors: which pattern of the list (0-based) */
	size_t offset;      /* pattern errors: byte offset in the pattern */
	char text[256];     /* lowercase message, no trailing period */
};

/* ==== Vocabulary ============================================================= */

enum grader_severity { GRADER_SEV_LOW, GRADER_SEV_MEDIUM, GRADER_SEV_HIGH,
		       GRADER_SEV_CRITICAL, GRADER_SEV_NONE = -1 };

#define GRADER_STRIDE_S (1u << 0)  /* spoofing */
#define GRADER_STRIDE_T (1u << 1)  /* tampering */
#define GRADER_STRIDE_R (1u << 2)  /* repudiation */
#define GRADER_STRIDE_I (1u << 3)  /* information disclosure */
#define GRADER_STRIDE_D (1u << 4)  /* denial of service */
#define GRADER_STRIDE_E (1u << 5)  /* elevation of privilege */
#define GRADER_STRIDE_ALL 0x3fu

/** "critical", "high", "medium", "low"; NULL for GRADER_SEV_NONE. */
const char *grader_severity_name(enum grader_severity s);
/** Parses a severity name (case-insensitive); returns GRADER_SEV_NONE if unknown. */
enum grader_severity grader_severity_parse(const char *name);
/** Parses "spoofing", "tampering", "repudiation", "information-disclosure",
 *  "denial-of-service", "elevation-of-privilege" (also with spaces or
 *  underscores, any case, or the single letter); returns the bit or 0. */
unsigned grader_stride_parse(const char *name);
/** Canonical name of one STRIDE bit ("information-disclosure"); NULL if not one bit. */
const char *grader_stride_name(unsigned bit);

/* ==== Patterns ================================================================
 * Author patterns are PCRE2, caseless and UTF, compiled with a length and nesting
 * limit and matched with match, depth and heap limits. A match that hits a limit
 * counts as no match; grader_grade() lists each such hit in its result
 * (grader_result_limit_count()).
 */

/**
 * Checks that a pattern compiles within the limits. Returns GRADER_OK, or
 * GRADER_EPATTERN with err->offset and err->text set.
 */
int grader_pattern_check(const char *pattern, struct grader_error *err);
/**
 * Looks for lines on which a compiling pattern would hit a match limit (and so
 * never match there): runs it on runs of every letter and digit it names,
 * of blanks and of short words, each ended by a character nothing expects and
 * followed by the characters the pattern writes (so that a literal it requires
 * is there): the shapes on which nested repetition like (a+)+b backtracks
 * without end.
 * Returns 1 and writes the first such line to probe (cut to size), 0 when none
 * hits a limit, < 0 when the pattern does not compile. For `tmdojo validate`:
 * a few hundred short matches, too slow to run on every grading.
 */
int grader_pattern_probe(const char *pattern, char *probe, size_t size);

/* ==== Lexicon ================================================================= */
struct grader_lexicon;

/** A new, empty lexicon; caller frees with grader_lexicon_free(). NULL on ENOMEM. */
struct grader_lexicon *grader_lexicon_new(void);
void grader_lexicon_free(struct grader_lexicon *lex);
/** Adds an abbreviation or phrase expansion: "sqli" -> "sql injection". */
int grader_lexicon_add_expansion(struct grader_lexicon *lex, const char *term,
				 const char *expansion);
/** Adds a synonym group; every word or phrase maps to the first. */
int grader_lexicon_add_synonyms(struct grader_lexicon *lex, const char *const *words,
				size_t n);
/** Whether word is one of the negations the grader never drops (no, not,
 * without, unencrypted...), whatever a lexicon lists as stop words. */
bool grader_word_is_negation(const char *word);
/** Adds a stop word (ignored when comparing); a negation is kept out silently. */
int grader_lexicon_add_stopword(struct grader_lexicon *lex, const char *word);
/** Adds a generic word (kept, but weighs little: attacker, user, system, data...). */
int grader_lexicon_add_generic(struct grader_lexicon *lex, const char *word);
/**
 * Adds a word that is not stemmed: it and its plural in -s stay one word of
 * their own. For words Snowball would merge with a different one
 * ("accountability" with "account", "recording" with "record"). One word, no
 * spaces: GRADER_EINVALID otherwise.
 */
int grader_lexicon_add_whole(struct grader_lexicon *lex, const char *word);
/**
 * Adds a payload: a PCRE2 pattern (caseless, matched on bytes with ASCII
 * classes, within the author-pattern limits) that finds an attack written out
 * as an example in a learner's line
 * ("../../etc/passwd", "<img src=x onerror=...>", "=HYPERLINK(") and the
 * words it stands for ("path traversal"), which the line then counts as
 * written. Returns GRADER_OK; GRADER_EPATTERN with err->offset and err->text
 * when the pattern does not compile; GRADER_EINVALID when means is blank, the
 * pattern cannot stand as one group of the alternation all payloads are
 * matched as (named groups, back references, a leading (*VERB), \Q without
 * \E, an (?x) comment), or the lexicon has GRADER_MAX_PAYLOADS already
 * (err->text says which); GRADER_ENOMEM. err may be NULL.
 */
#define GRADER_MAX_PAYLOADS 64
int grader_lexicon_add_payload(struct grader_lexicon *lex, const char *pattern,
			       const char *means, struct grader_error *err);
/** A copy of lex, for a key that extends it; caller frees. NULL on ENOMEM.
 * A key prepared with the copy reads all of lex first, then what the copy
 * adds (all of it in the order of a plain lexicon when the copy adds words
 * kept whole). The copy shares lex's prepared form (grader_lexicon_prepare). */
struct grader_lexicon *grader_lexicon_clone(const struct grader_lexicon *lex);
/**
 * Prepares the lexicon once (stems, terms, rules: what grader_key_prepare()
 * would otherwise redo for every key), for a caller that prepares several keys
 * with it or with its clones: each then starts from a copy, and shares its
 * payload scan, compiled and JIT-compiled here once (a key keeps its share
 * after the lexicon is freed). Keys come out the same with or without it.
 * Entries added afterwards are read per key as usual;
 * call it again to fold them in. GRADER_OK, GRADER_EINVALID (lex NULL),
 * GRADER_ENOMEM (lex is unchanged).
 */
int grader_lexicon_prepare(struct grader_lexicon *lex);
/**
 * The lexicon and its prepared form as bytes, for a caller that keeps them
 * between runs (lexcodec.c): *out (caller frees) and *len. The bytes are read
 * back only by this same build of the grader; the caller keeps them with what
 * identifies the build and the lexicon's sources. GRADER_OK, GRADER_EINVALID
 * (lex is a clone, or not prepared since its last entry), GRADER_ENOMEM.
 */
int grader_lexicon_encode(const struct grader_lexicon *lex, unsigned char **out, size_t *len);
/**
 * A prepared lexicon from bytes grader_lexicon_encode wrote, that reads and
 * grades as the one encoded; caller frees (grader_lexicon_free). Any other
 * bytes give GRADER_EINVALID (every count, length and index is checked:
 * nothing is read or written out of bounds), or GRADER_ENOMEM.
 */
int grader_lexicon_decode(const unsigned char *buf, size_t len, struct grader_lexicon **out);

/* ==== Keys ==================================================================== */
struct grader_key;
struct grader_memo;

/** One reference threat as the caller describes it; strings are copied. */
struct grader_threat_spec {
	const char *id;                 /* required, unique in the key */
	const char *title;              /* required */
	const char *description;        /* optional */
	unsigned stride;                /* GRADER_STRIDE_* mask, at least one bit */
	enum grader_severity severity;  /* required */
	const char *asset;              /* optional */
	const char *hint;               /* optional */
	const char *const *aliases;     size_t n_aliases;
	const char *const *patterns;    size_t n_patterns;
	const char *const *mitigations; size_t n_mitigations;
};

/** A new, empty key (name may be NULL); caller frees with grader_key_free(). */
struct grader_key *grader_key_new(const char *name);
void grader_key_free(struct grader_key *key);
/**
 * Adds a threat; compiles its patterns. On failure the key is unchanged and err
 * names the problem (for GRADER_EPATTERN, err->index is the failing pattern
 * and err->offset the byte offset in it).
 */
int grader_key_add_threat(struct grader_key *key, const struct grader_threat_spec *spec,
			  struct grader_error *err);
/**
 * Computes the key's features (normalized words, weights) against lex, which the
 * key copies what it needs from (lex may be NULL; the key does not keep it).
 * Must be called once after the last add and before grading.
 */
int grader_key_prepare(struct grader_key *key, const struct grader_lexicon *lex);
/**
 * Compiles the prepared key's payload scan (every line is searched for the
 * lexicon's payloads) with PCRE2's JIT: about 0.5 ms once, then the scan runs
 * about ten times faster. Worth it before grading thousands of lines with one
 * key, not for one submission (so grader_key_prepare does not do it). A key
 * whose payloads are all its prepared lexicon's shares the lexicon's scan,
 * JIT-compiled once already (grader_lexicon_prepare). Not while
 * other threads grade with the key. GRADER_OK also when PCRE2 has no JIT (the
 * interpreter gives the same answers); GRADER_EINVALID for an unprepared key.
 */
int grader_key_jit(struct grader_key *key);

const char *grader_key_name(const struct grader_key *key);
size_t grader_key_threat_count(const struct grader_key *key);
/**
 * A prepared key with one threat titled text (id "answer"), for comparing short
 * texts: quiz answers, grader_text_similarity(). Returns GRADER_OK and sets
 * *out (the caller frees it with grader_key_free()); GRADER_EINVALID when text
 * has no word a threat title could hold (blank, punctuation or stop words
 * only); GRADER_ENOMEM.
 */
int grader_key_from_text(const struct grader_lexicon *lex, const char *text,
			 struct grader_key **out);
/**
 * How many words of threat t's title the grader compares once the key is
 * prepared (stop words and punctuation left out). 0 means no line can earn
 * the threat by its title ("The", "???"); its description and aliases may still.
 */
size_t grader_key_title_words(const struct grader_key *key, size_t t);

/**
 * A lexicon entry added to a clone (grader_lexicon_clone, then the add
 * functions) that changes how the same words read in a key prepared with it:
 * an expansion of a term already expanded ("dos" no longer "denial of
 * service"), or a synonym group's word (not its first) that another group had
 * ("leak" no longer "disclosure"). Compared as the grader reads words:
 * lowercased, stemmed, expanded. An entry that reads the words as they read
 * already is none. grader_key_prepare finds them, for authors: validate warns.
 */
struct grader_override {
	int synonym;      /* 1: a synonym group's word; 0: an expansion */
	size_t entry;     /* its index among the expansions, or among the synonym
			   * groups' words (first words included), the clone added */
	int earlier;      /* 1: it replaced an earlier entry of the clone's own;
			   * 0: what the lexicon it extends made of the words */
	const char *was;  /* what the words read as before (the key owns it) */
};
/** How many overrides the key's preparation found; the i-th, or NULL. */
size_t grader_key_override_count(const struct grader_key *key);
const struct grader_override *grader_key_override_at(const struct grader_key *key, size_t i);
/** Index of the threat with that id, or -1. */
long grader_key_find(const struct grader_key *key, const char *id);
const char *grader_threat_id(const struct grader_key *key, size_t i);
const char *grader_threat_title(const struct grader_key *key, size_t i);
const char *grader_threat_description(const struct grader_key *key, size_t i);
unsigned grader_threat_stride(const struct grader_key *key, size_t i);
enum grader_severity grader_threat_severity(const struct grader_key *key, size_t i);
const char *grader_threat_hint(const struct grader_key *key, size_t i);
const char *grader_threat_asset(const struct grader_key *key, size_t i);
size_t grader_threat_alias_count(const struct grader_key *key, size_t i);
const char *grader_threat_alias(const struct grader_key *key, size_t i, size_t j);
size_t grader_threat_pattern_count(const struct grader_key *key, size_t i);
const char *grader_threat_pattern(const struct grader_key *key, size_t i, size_t j);
/** Matches pattern j of threat i, as compiled when the threat was added, against
 * text: grader_pattern_match() of its source without compiling it again. 1 on a
 * match, 0 on none or when a limit was hit, -1 when there is no such pattern,
 * GRADER_MATCH_NOMEM when memory ran out. */
int grader_threat_pattern_match(const struct grader_key *key, size_t i, size_t j,
				const char *text);
size_t grader_threat_mitigation_count(const struct grader_key *key, size_t i);
const char *grader_threat_mitigation(const struct grader_key *key, size_t i, size_t j);

/* ==== Submissions ============================================================= */
struct grader_submission;

struct grader_submission *grader_submission_new(void);
void grader_submission_free(struct grader_submission *sub);
/**
 * Adds one learner line. line_no is the 1-based line in the source file; stride
 * (0 when unlabelled) and severity (GRADER_SEV_NONE when unlabelled) are the
 * learner's own labels. Text over GRADER_MAX_LINE bytes is truncated and the
 * submission's truncated count goes up.
 */
#define GRADER_MAX_LINE 2000
#define GRADER_MAX_LINES 100000
int grader_submission_add(struct grader_submission *sub, int line_no, const char *text,
			  unsigned stride, enum grader_severity severity);
/**
 * Parses plain text or Markdown: one threat per non-empty line, except that an
 * indented line with no marker of its own right after a list item continues it
 * (joined with a space, the item's line number kept) and a Markdown table row
 * is read as its threat cell (its header row and separator as none); list markers
 * (-, *, +, 1., 1)) and blanks stripped; lines starting with '#' skipped; a
 * leading "[S]"/"Spoofing:"-style STRIDE label and "(high)"-style severity are
 * recognised as the learner's labels. Lines end with LF or CR LF, and with a
 * lone CR in a file whose lone CRs outnumber its LFs (old Mac files).
 * Invalid UTF-8 bytes are replaced by U+FFFD; control characters (NUL, escape,
 * C1) become spaces, here and in grader_submission_add. Returns GRADER_OK or
 * GRADER_ELIMIT (over GRADER_MAX_LINES lines: the rest is dropped and counted).
 */
int grader_submission_parse_text(struct grader_submission *sub, const char *buf, size_t len);
/**
 * How many invalid UTF-8 sequences buf holds; *first (optional) receives the
 * offset of the first one (len when there is none).
 */
size_t grader_utf8_invalid(const char *buf, size_t len, size_t *first);
/**
 * A copy of the NUL-terminated text with every byte that is not part of valid
 * UTF-8 replaced by U+FFFD, so that what is stored and exported is always valid
 * text. Caller frees; NULL when out of memory.
 */
char *grader_utf8_clean(const char *text);
size_t grader_submission_line_count(const struct grader_submission *sub);
int grader_submission_line_no(const struct grader_submission *sub, size_t i);
const char *grader_submission_line(const struct grader_submission *sub, size_t i);
/** Lines cut at GRADER_MAX_LINE, and lines dropped past GRADER_MAX_LINES. */
size_t grader_submission_truncated(const struct grader_submission *sub);
size_t grader_submission_dropped(const struct grader_submission *sub);

/* The rest of the grading API (grader_grade, results, explanations, short-answer
 * matching) is declared below by the grader module. */

/** The learner's own STRIDE label of line i (0 when unlabelled). */
unsigned grader_submission_line_stride(const struct grader_submission *sub, size_t i);
/** The learner's own severity label of line i (GRADER_SEV_NONE when unlabelled). */
enum grader_severity grader_submission_line_severity(const struct grader_submission *sub,
						     size_t i);

/* ==== Grading ================================================================
 * How a line earns a threat:
 *   - every learner line is normalized: UTF-8 lowercasing, words split on
 *     anything but letters and digits, Snowball English stems (-able, -ure and
 *     -ery endings also cut), typos of 5+ letter words corrected against the
 *     key's vocabulary (1 edit; from 8 letters 2, into a word the key's
 *     threats use, not one only the lexicon knows), joined compounds of the
 *     key's word pairs ("filename"), lexicon expansions then synonym groups
 *     (longest phrase first), stop words dropped but never negations;
 *   - it is compared with each threat's title + description and with each alias
 *     on its own, by weighted word alignment: a word weighs ln(1 + N/df), where
 *     df is how many of the key's N threats use it (generic words a quarter);
 *     a learner word the key lacks weighs 0.3 * ln(1 + N) (half that when the
 *     lexicon knows it);
 *   - raw similarity = weighted harmonic mean (0.6 / 0.4) of the share of the
 *     threat's weight the line covers (the title's, or title + description's
 *     with full coverage at twice the title's weight) and the share of the
 *     line's weight the threat explains;
 *   - the mechanism must be there: the line must share a distinctive word (used
 *     by this threat only, not part of its asset) unless it covers 75% of the
 *     title, and, when the title holds mechanism words (a one-word synonym
 *     member or the head word of a group's canonical form, not generic; or a
 *     past participle or -able word of the title), one of those; else the raw
 *     similarity is halved; a line that misses the title's mechanism words
 *     and shares nothing of the description stays below 0.45 ("invoice
 *     search is slow" does not earn "SQL injection in invoice search");
 *   - a line that negates (no, not, without, never...) against a threat that
 *     does not keeps 85% of its raw similarity;
 *   - raw similarity is spread as 1 - (1 - raw)^2 (0..1);
 *   - a line that shares a single word with an alias of 3+ words stays below
 *     0.45, unless that word is the threat's own and most of the line;
 *   - the reported similarity of the title + description is calibrated
 *     (calibrate.c): a logistic regression over the raw similarity, the
 *     features behind it, the line's lead over its next best threat and the
 *     products of every two of these, fitted on labelled submissions, read
 *     as the chance that a grader credits the pair; a pair the mechanism
 *     rules above held down stays at 0.4 or below, and below 0.9 times the
 *     threshold when that is lower (no --threshold lets an asset-only line
 *     earn), and a title with no known mechanism word is never raised above
 *     0.9 times its raw similarity;
 *   - an alias is the author's own phrasing and scores 0.9 times its raw
 *     similarity (0.5 raw at the 0.45 default threshold);
 *   - a matching author pattern (matched on the line as written or, when none
 *     of the threat's does, on the line with the typos above corrected, the
 *     rest as written) gives similarity 0.95 plus 0.01 times the
 *     line's own score for the threat (so that of two threats whose patterns
 *     fire, the one the line is worded closer to wins), or that own score when
 *     higher, unless the line says no
 *     to the match in its clause ("we do not store the CVV" for a pattern of
 *     "store ... CVV") while neither the threat's title nor the pattern names
 *     a negation (see grader_pattern_match_affirmed); the line is then scored
 *     like any other;
 *   - a line the learner labelled with a STRIDE category gets 1.1 times its
 *     raw similarity (capped at 1) to the threats of that category, before
 *     calibration;
 *   - pairs at or above the threshold enter an optimal one-to-one assignment
 *     (Hungarian method) maximizing total similarity; ties go to the earlier line.
 *
 * Score = 100 * points / max_points, where each threat is worth its severity
 * weight: critical 4, high 3, medium 2, low 1 (grader_severity_weight()).
 */

#define GRADER_DEFAULT_THRESHOLD 0.45

struct grader_options {
	double threshold;   /* similarity needed to earn a threat (0..1); 0 = default */
	double pass_mark;   /* score percent needed to pass; < 0 means no pass mark */
	bool explain;       /* build "why" texts (default true) */
	/* every (line, threat) score computed, so that grader_result_threat_best
	 * is exact for every threat (default false: grading skips the scores that
	 * can earn nothing and make no line's closest threat, about three in four,
	 * and a threat's best score is exact only where it reaches the threshold;
	 * everything else the result reports is the same either way) */
	bool best_scores;
	/* a memo made for this key (grader_memo_new) that every grading of a
	 * cohort on one thread shares, or NULL (the default): results are the
	 * same either way; a memo made for another key is not used */
	struct grader_memo *memo;
	/* indexes of submission lines that restate the others (a group's "Top
	 * three" picks under their list): such a line earns only a threat no
	 * other line earns, and is otherwise reported unmatched with its closest
	 * threat; NULL (the default) for none */
	const size_t *restate;
	size_t n_restate;
};

/** Fills o with the defaults: default threshold, no pass mark, explanations on,
 * no restating lines. */
void grader_options_init(struct grader_options *o);

/**
 * A memo of how the words learners write read against key (prepared): the
 * stemming, typo and root searches of a word the key does not hold as written
 * are done once per memo instead of once per grading. For one thread at a
 * time; free it before the key. A key prepared again (after adding a threat)
 * empties the memo at its next grading. NULL on ENOMEM or an unprepared key.
 */
struct grader_memo *grader_memo_new(const struct grader_key *key);
void grader_memo_free(struct grader_memo *m);

/** Points a threat of severity s is worth: critical 4, high 3, medium 2, low 1. */
double grader_severity_weight(enum grader_severity s);

struct grader_result;

/**
 * Grades sub against key (prepared with grader_key_prepare()). opts may be NULL
 * for the defaults. Returns a result the caller frees with grader_result_free(),
 * or NULL on ENOMEM or when the key is not prepared. key and sub are borrowed
 * during the call only; the result keeps no pointer into sub (it copies what
 * it reports), but threat indexes refer to key.
 * Thread-safe: any number of calls may share one prepared key.
 */
struct grader_result *grader_grade(const struct grader_key *key,
				   const struct grader_submission *sub,
				   const struct grader_options *opts);
void grader_result_free(struct grader_result *r);

/** Score in percent (0..100; 0 when the key has no threats). */
double grader_result_score(const struct grader_result *r);
double grader_result_points(const struct grader_result *r);
double grader_result_max_points(const struct grader_result *r);
/** True when no pass mark was set or the score reaches it. */
bool grader_result_passed(const struct grader_result *r);

/** Threats credited, in key order. The canonical loop is
 *      for (size_t i = 0; i < grader_result_found_count(r); i++)
 *              t = grader_result_found_threat(r, i), ...              */
size_t grader_result_found_count(const struct grader_result *r);
/** Index of the credited threat in the key. */
size_t grader_result_found_threat(const struct grader_result *r, size_t i);
/** Index of the line that earned it in the submission (0-based; see
 *  grader_submission_line_no() for the file line number). */
size_t grader_result_found_line(const struct grader_result *r, size_t i);
double grader_result_found_similarity(const struct grader_result *r, size_t i);
/** A learner-readable reason ("shared: sql, injection; sqli -> sql injection");
 *  borrowed, valid until the result is freed; "" when explanations are off.
 *  An author pattern that matched only once the line's typos were corrected
 *  says which: "pattern '...' matched" GRADER_WHY_CORRECTED "exposd -> exposed". */
const char *grader_result_found_why(const struct grader_result *r, size_t i);
#define GRADER_WHY_CORRECTED " after typo corrections: "

/** Threats not credited, in key order: indexes into the key. */
size_t grader_result_missed_count(const struct grader_result *r);
size_t grader_result_missed_threat(const struct grader_result *r, size_t i);

/** Lines that earned nothing, in submission order, with their closest threat. */
size_t grader_result_unmatched_count(const struct grader_result *r);
size_t grader_result_unmatched_line(const struct grader_result *r, size_t i);
/** Closest threat (key index), or -1 when the line shares nothing with the key. */
long grader_result_unmatched_closest(const struct grader_result *r, size_t i);
double grader_result_unmatched_similarity(const struct grader_result *r, size_t i);

/** The line (submission index) that earned threat t, or -1 when missed. */
long grader_result_threat_line(const struct grader_result *r, size_t t);
/** Best similarity of any line to threat t (whether credited or not): exact
 *  when it reaches the threshold or options.best_scores was set; otherwise at
 *  most the real best (see struct grader_options). */
double grader_result_threat_best(const struct grader_result *r, size_t t);

/** STRIDE coverage: categories in the key, among credited threats, and the
 *  categories of the key the learner missed entirely (key & ~found). */
unsigned grader_result_stride_key(const struct grader_result *r);
unsigned grader_result_stride_found(const struct grader_result *r);
unsigned grader_result_stride_missed(const struct grader_result *r);

/** Agreement with the learner's own labels on credited lines: how many credited
 *  lines carry a STRIDE label, and in how many it shares a category with the
 *  threat; the same for severity (equal severity). */
size_t grader_result_stride_labelled(const struct grader_result *r);
size_t grader_result_stride_agreed(const struct grader_result *r);
size_t grader_result_severity_labelled(const struct grader_result *r);
size_t grader_result_severity_agreed(const struct grader_result *r);

/** Author patterns that a match, depth or heap limit stopped while grading
 *  (see Patterns): each such evaluation counted as no match, so the line may
 *  have lost a credit the pattern was meant to give. One entry per (line,
 *  threat, pattern) stopped, in line order, then threat and pattern order;
 *  0 entries on an ordinary submission. The canonical loop is
 *      for (size_t i = 0; i < grader_result_limit_count(r); i++)
 *              t = grader_result_limit_threat(r, i), ...
 *  Callers should tell whoever can act on it: the key's author should
 *  simplify the pattern (`tmdojo validate` probes patterns, but no probe
 *  finds every such line). */
size_t grader_result_limit_count(const struct grader_result *r);
/** Index of the threat in the key whose pattern was stopped. */
size_t grader_result_limit_threat(const struct grader_result *r, size_t i);
/** Index of the pattern among that threat's patterns (grader_threat_pattern()). */
size_t grader_result_limit_pattern(const struct grader_result *r, size_t i);
/** Index of the line in the submission (0-based; see grader_submission_line_no()
 *  for the file line number). */
size_t grader_result_limit_line(const struct grader_result *r, size_t i);

/* ==== Calibration inputs ======================================================
 * What the calibrated score of each (line, threat) pair is computed from, for
 * refitting the calibration on labelled submissions (`tmdojo eval --features`,
 * tests/eval/calibrate.py).
 */
#define GRADER_N_FEATURES 15

/** Name of calibration input i (NULL when i >= GRADER_N_FEATURES). */
const char *grader_feature_name(size_t i);

/**
 * Writes the calibration inputs of line against every threat of the prepared
 * key, as grader_grade() computes them for a line the learner labelled with
 * the STRIDE categories stride (GRADER_STRIDE_* bits, 0 for none), to x
 * (grader_key_threat_count() rows of GRADER_N_FEATURES, row-major; a row is
 * all zero when the line shares nothing with that threat). ceiling (may
 * be NULL; one value per threat) receives the highest score the grader's hard
 * rules allow the pair, whatever the calibration says (0 when nothing is shared).
 * Returns GRADER_OK, GRADER_EINVALID (unprepared key) or GRADER_ENOMEM.
 */
int grader_line_features(const struct grader_key *key, const char *line, unsigned stride,
			 double *x, double *ceiling);

/**
 * Scores one line, which the learner labelled with the STRIDE categories
 * stride (GRADER_STRIDE_* bits, 0 for none), against every threat of the
 * prepared key, as grading does before the one-to-one assignment: sims (one
 * per threat) receives each threat's score (at least 0.95 for a matching author
 * pattern, 0 when nothing is shared); when whys is not NULL, each non-NULL whys[t]
 * receives why_size bytes of the reason (empty for a score of 0). For authors
 * judging what a key accepts (`tmdojo keycheck --show`). GRADER_OK,
 * GRADER_EINVALID or GRADER_ENOMEM.
 */
int grader_line_scores(const struct grader_key *key, const char *line, unsigned stride,
		       double *sims, char **whys, size_t why_size);

/* ==== Short answers ============================================================ */

/**
 * Similarity (0..1) of a free-text answer to one accepted answer, with the same
 * normalization as threat grading (lex may be NULL). When why is not NULL it
 * receives a readable reason (at most why_size bytes, NUL-terminated).
 * Returns a negative value on ENOMEM.
 */
double grader_text_similarity(const struct grader_lexicon *lex, const char *answer,
			      const char *accepted, char *why, size_t why_size);
/**
 * The same against a key from grader_key_from_text() (the accepted answer,
 * prepared once when it is compared with several texts).
 */
double grader_answer_similarity(const struct grader_key *accepted, const char *answer,
				char *why, size_t why_size);

/**
 * Matches a PCRE2 pattern (caseless, UTF, with the grader's limits) against text.
 * Returns 1 on a match, 0 on none or when a limit was hit, -1 when the pattern
 * does not compile, GRADER_MATCH_NOMEM when memory ran out (no answer).
 */
#define GRADER_MATCH_NOMEM (-2)
int grader_pattern_match(const char *pattern, const char *text);
/**
 * The same, counting only a match that its clause does not negate: no "not",
 * "no", "never", "without", "nor", "none", "neither", "cannot" or a word ending
 * in n't after the clause's start (. , ; : ! ? ( ), a spaced or en/em dash, or
 * "but") and at most four words before the match's last word ("tampering, not
 * elevation of privilege" does not affirm elevation of privilege; "not sure,
 * but elevation of privilege" and "staff without a need to know can read the
 * stored CVVs" do), unless the pattern itself names a negation. For quiz
 * answers checked by pattern; key patterns follow the same rule when the
 * threat's title does not negate.
 */
int grader_pattern_match_affirmed(const char *pattern, const char *text);

#endif /* GRADER_H */
