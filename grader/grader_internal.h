/*
 * grader_internal.h: private structures shared by the files of libtmgrader.
 * Nothing here is part of the public API (grader.h is).
 */
#ifndef GRADER_INTERNAL_H
#define GRADER_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "grader.h"

struct sb_stemmer;
typedef struct pcre2_real_code_8 grader_pcre_code;

/* ==== Small containers ========================================================= */

/* Bump allocator: many small blocks freed together by grader_pool_release(). */
struct grader_pool_chunk;
struct grader_pool {
	struct grader_pool_chunk *head;
};
/* Zero the pool (it holds nothing yet). */
void grader_pool_init(struct grader_pool *p);
/* Frees every block the pool gave out; the pool is empty afterwards. */
void grader_pool_release(struct grader_pool *p);
/* n bytes aligned for any scalar, owned by the pool; NULL on ENOMEM. */
void *grader_pool_alloc(struct grader_pool *p, size_t n);
/* A NUL-terminated copy of s[0..n), owned by the pool; NULL on ENOMEM. */
char *grader_pool_strndup(struct grader_pool *p, const char *s, size_t n);

/* Open-addressing map from a byte string (copied into the map's pool) to an int. */
struct grader_map {
	char **keys;
	size_t *lens;
	int *vals;
	size_t cap;     /* power of two, or 0 */
	size_t count;
	struct grader_pool pool;   /* the keys' bytes */
};

void grader_map_init(struct grader_map *m);
void grader_map_release(struct grader_map *m);
/* Inserts or overwrites; returns GRADER_OK or GRADER_ENOMEM. */
int grader_map_put(struct grader_map *m, const void *key, size_t len, int val);
/* The value for key, or -1 when absent. */
int grader_map_get(const struct grader_map *m, const void *key, size_t len);
/* A deep copy of src into dst (dst uninitialised); GRADER_ENOMEM leaves dst empty. */
int grader_map_copy(struct grader_map *dst, const struct grader_map *src);

/* Growable vector of owned strings. */
struct grader_strvec {
	char **v;
	size_t n, alloc;
};
void grader_strvec_release(struct grader_strvec *sv);
/** 1 when s is NULL or holds only blanks (space, tab, CR, LF). */
int grader_is_blank(const char *s);
/* Appends a copy of s (len bytes); returns GRADER_OK or GRADER_ENOMEM. */
int grader_strvec_push(struct grader_strvec *sv, const char *s, size_t len);
char *grader_strdup(const char *s);
/* Fills err (when not NULL): code, offset, text; index 0. */
void grader_error_set(struct grader_error *err, int code, size_t offset, const char *text);

/* Bounded string builder over a caller buffer (always NUL-terminated). */
struct grader_sbuf {
	char *buf;
	size_t size, len;
	int full;   /* text was left out: the buffer ends with "..." */
};
void grader_sbuf_init(struct grader_sbuf *b, char *buf, size_t size);
void grader_sbuf_add(struct grader_sbuf *b, const char *s);
void grader_sbuf_addn(struct grader_sbuf *b, const char *s, size_t n);

/* ==== UTF-8 and tokens ========================================================= */

/*
 * Decodes one UTF-8 sequence at s (n bytes left). Returns its length (1..4) and
 * sets *cp; an invalid or truncated sequence returns 1 and *cp = -1.
 */
size_t grader_utf8_decode(const unsigned char *s, size_t n, long *cp);
/* Encodes cp into out (4 bytes); returns the length. */
size_t grader_utf8_encode(long cp, char *out);
/* The length of the longest start of s of at most max bytes that does not cut
 * a UTF-8 sequence. */
int grader_utf8_clip(const char *s, size_t max);
/* Simple lowercase mapping (ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic). */
long grader_lower(long cp);

/*
 * Splits text into lowercase word tokens: runs of letters and digits (any
 * non-ASCII letter counts as a letter). Calls fn(word, len, ctx) for each;
 * a word is at most 63 bytes (longer ones are cut). Stops early when fn
 * returns non-zero and returns that value; else 0.
 */
#define GRADER_WORD_MAX 63
typedef int (*grader_word_fn)(const char *word, size_t len, void *ctx);
int grader_words(const char *text, size_t len, grader_word_fn fn, void *ctx);

/* Damerau-Levenshtein (optimal string alignment) distance, giving up above max
 * (returns max + 1 then). */
int grader_edit_distance(const char *a, size_t la, const char *b, size_t lb, int max);
/* The set of letters of a word as bits (a-z, digits, other bytes folded). One
 * edit changes at most two bits, so words whose masks differ in more than 2k
 * bits are more than k edits apart: a cheap test before grader_edit_distance. */
uint32_t grader_letter_mask(const char *w, size_t len);

/* ==== Lexicon ================================================================== */

/* Words that turn a statement around; never stop words (NULL-terminated). */
extern const char *const grader_negations[];
#define GRADER_PLAIN_NEGATIONS 10

/* How many entries of each kind a lexicon holds (or held). */
struct grader_lex_counts {
	size_t whole, stop, generic, exp, syn, pay;
};

struct grader_lexbase;

struct grader_lexicon {
	/* pairs of raw phrases ("sqli" -> "sql injection"), in the order added */
	struct grader_strvec exp_from, exp_to;
	/* synonym groups: members flattened, group[i] is member i's group index,
	 * canon[g] is the group's first member */
	struct grader_strvec syn_member;
	int *syn_group;
	size_t syn_group_alloc;
	struct grader_strvec syn_canon;
	struct grader_strvec stop;
	struct grader_strvec generic;
	struct grader_strvec whole;   /* words Snowball must not cut down */
	/* payloads: pattern sources, the words each means, and each pattern's
	 * capture groups (to number the alternation of all of them) */
	struct grader_strvec pay_pattern, pay_means;
	int pay_captures[GRADER_MAX_PAYLOADS];
	/* a clone (a key's extension) is prepared in two parts: what it was
	 * cloned from (head: the counts at cloning), then what it adds; has_head
	 * is 0 for a lexicon that is not a clone (its head is all of it) */
	int has_head;
	struct grader_lex_counts head;
	/* the head prepared once, shared with clones (grader_lexicon_prepare) */
	struct grader_lexbase *base;
};

/* The entries of lex now. */
struct grader_lex_counts grader_lexicon_counts(const struct grader_lexicon *lex);
int grader_lex_counts_equal(const struct grader_lex_counts *a, const struct grader_lex_counts *b);
/* The part of lex a key prepares first, in one pass (see grader_key_prepare):
 * what a clone was cloned from, unless the clone adds words kept whole (they
 * must be read before anything is stemmed: then all of it). */
struct grader_lex_counts grader_lexicon_head(const struct grader_lexicon *lex);

/*
 * A lexicon's head prepared once: the terms, rules, typo vocabulary and payload
 * meanings a key holds after reading the negations and the head, before its
 * own threats. Shared (counted references) by the lexicon and its clones;
 * grader_key_prepare copies it instead of stemming the lexicon again.
 */
struct grader_lexbase {
	int refs;
	struct grader_lex_counts head;   /* the head it was built from */
	struct grader_key *key;          /* a key with no threats, prepared that far */
};
struct grader_lexbase *grader_lexbase_ref(struct grader_lexbase *b);
void grader_lexbase_unref(struct grader_lexbase *b);
/* Copies b's terms, maps, rules, vocabulary and payload meanings into key,
 * which holds no features yet; GRADER_OK or GRADER_ENOMEM (key then holds
 * part of them: the caller releases its features). */
int grader_lexbase_copy_into(const struct grader_lexbase *b, struct grader_key *key);
/* Compiles and JIT-compiles the head's payload patterns (of lex, whose head b
 * is) into b's key, once for every key prepared with lex (see load_payloads
 * in key.c); without them (no memory) each key compiles its own. */
void grader_lexbase_payloads(struct grader_lexbase *b, const struct grader_lexicon *lex);

/* ==== Patterns ================================================================= */

struct grader_pattern {
	char *source;
	grader_pcre_code *code;
	bool names_negation;   /* the source says no, not, without...: see pattern.c */
};

/* Compiles pattern within the limits; *out owned by the caller
 * (grader_pattern_release). */
int grader_pattern_compile(const char *pattern, struct grader_pattern *out,
			   struct grader_error *err);
void grader_pattern_release(struct grader_pattern *p);
/* The same with other length and nesting limits and GRADER_PATTERN_* flags:
 * BYTES matches bytes, caseless in ASCII (no UTF, no Unicode classes: payload
 * syntax is ASCII, and it matches several times faster). */
#define GRADER_PATTERN_MAX_LENGTH 1000   /* bytes of an author's pattern */
#define GRADER_PATTERN_MAX_NEST   32     /* parentheses nesting */
#define GRADER_PATTERN_BYTES 1u
int grader_pattern_compile_within(const char *pattern, size_t max_length, unsigned max_nest,
				  unsigned flags, struct grader_pattern *out,
				  struct grader_error *err);
/* JIT-compiles p when PCRE2 has a JIT (a failure leaves the interpreter, which
 * gives the same answers). Subjects must then be padded (grader_scan_begin). */
void grader_pattern_jit(struct grader_pattern *p);
/* Sets map[b] (256 entries) to 1 for each byte b a match of p can start
 * with, as PCRE2's start-of-match analysis found them, else 0; false (map
 * untouched) when it found no such set. */
bool grader_pattern_first_bytes(const struct grader_pattern *p, unsigned char *map);
/* Whether any byte b of text[0..len) has map[b] set (grader_pattern_first_bytes). */
bool grader_bytes_in_map(const unsigned char *map, const char *text, size_t len);
/* The capture groups, named groups and highest back reference of a compiled
 * pattern; GRADER_EINVALID when PCRE2 cannot say. */
int grader_pattern_groups(const struct grader_pattern *p, int *captures, int *names,
			  int *backrefs);

/* Scanning a line for payloads: a padded copy of the line (grader_scan_begin),
 * and the match data and limits of one grader_ctx, made on first use
 * (grader_scan_next); grader_scan_release frees them. */
struct grader_scan {
	struct pcre2_real_match_data_8 *md;
	struct pcre2_real_match_context_8 *mc;
	char *buf;       /* the line, padded for JIT code */
	size_t size, len;
};
void grader_scan_release(struct grader_scan *s);
/* Takes a copy of text[0..len) to scan; GRADER_OK or GRADER_ENOMEM. */
int grader_scan_begin(struct grader_scan *s, const char *text, size_t len);
#define GRADER_SCAN_NOMEM (-2L)   /* grader_scan_next: out of memory, not "no match" */
#define GRADER_SCAN_LIMIT (-3L)   /* grader_scan_next: a match limit stopped the search */
long grader_scan_next(struct grader_scan *s, const struct grader_pattern *p, const int *group,
		      size_t n, size_t start, size_t *mstart, size_t *mend);
/* Returned by grader_pattern_exec() when a match, depth or heap limit stopped
 * the match; callers treat it as no match. */
#define GRADER_PATTERN_LIMIT (-1)
/* Returned by grader_pattern_exec() and grader_pattern_exec_affirmed() when
 * memory ran out: neither a match nor no match; callers fail the grading. */
#define GRADER_PATTERN_NOMEM GRADER_MATCH_NOMEM
/* 1 when the compiled pattern matches text, 0 when it does not,
 * GRADER_PATTERN_LIMIT when a limit stopped it. */
int grader_pattern_exec(const struct grader_pattern *p, const char *text, size_t len);
/* 1 when p matches text somewhere its clause does not say no to (see
 * grader_pattern_match_affirmed), else 0; GRADER_PATTERN_LIMIT when a limit
 * stopped the search before such a match was found. */
int grader_pattern_exec_affirmed(const struct grader_pattern *p, const char *text, size_t len);
/* Whether text holds a plain negation: no, not, never, without, nor, none,
 * neither, cannot, or a word ending in n't. */
bool grader_text_negates(const char *text);

/* ==== Keys ===================================================================== */

enum {
	TERM_STOP = 1, TERM_GENERIC = 2, TERM_MECH = 4, TERM_KEY = 8, TERM_NEG = 16,
	TERM_WHOLE = 32   /* a word the lexicon keeps whole */
};

struct grader_term {
	char *stem;          /* in the key's pool */
	char *surface;       /* in the key's pool: a readable word that produced the stem */
	float idf;           /* weight across the key's threats (0 when not in any) */
	int df;              /* how many threats use it */
	unsigned char flags; /* TERM_* */
	/* longest rule starting with this term: [0] expansions, [1] synonyms
	 * (0 when none starts here) */
	unsigned char rule_len[2];
};

struct grader_posting {
	int doc;
	unsigned char field;  /* 1 title/alias, 2 description */
};

struct grader_doc {
	int threat;
	int alias;            /* -1 for title + description; else alias index */
	float w_core;         /* total weight of the title (or alias) terms */
	float w_all;          /* total weight of every term of the doc */
	int n_core;
	int n_mech_core;      /* security words (lexicon) of the title, not the asset */
	int has_neg;          /* the doc says no, not, without... */
};

struct grader_threat {
	char *id, *title, *description, *asset, *hint;
	bool title_negates;   /* the title says no, not, without...: patterns are taken as written */
	int doc;              /* its title + description document (prepared keys) */
	unsigned stride;
	enum grader_severity severity;
	struct grader_strvec aliases, mitigations;
	struct grader_pattern *patterns;
	size_t n_patterns;
};

/* A phrase rule: a sequence of term ids replaced by another. */
struct grader_rule {
	int *from, *to;       /* in the key's pool */
	int n_from, n_to;
	int split;            /* a key's compound ("postmortem" -> post mortem): bytes of
			       * its first word in the joined word's surface, so that the
			       * note shows the key's two words; 0 for every other rule */
	int is_synonym;
};

struct grader_key {
	char *name;
	struct grader_threat *threats;
	size_t n_threats, alloc_threats;
	struct grader_map threat_ids; /* threat id -> index (grader_key_find) */
	int prepared;
	/* how many times it was prepared: a memo (memo.c) holds term ids and
	 * vocabulary indexes of one preparation only */
	unsigned long preparations;

	/* features, built by grader_key_prepare */
	struct grader_term *terms;
	size_t n_terms, alloc_terms;
	struct grader_map stem_ids;   /* stem -> term id */
	struct grader_map raw_ids;    /* raw lowercase word -> term id (cache) */
	struct grader_map rules_by;   /* from-sequence bytes -> rule index */
	struct grader_pool pool;      /* term strings and rule sequences */
	struct grader_rule *rules;
	size_t n_rules, alloc_rules;
	int max_rule_len;
	struct grader_strvec vocab;   /* raw words for typo correction, by first byte */
	int *vocab_term;
	unsigned char *vocab_len;
	uint32_t *vocab_letters;      /* grader_letter_mask() of each vocabulary word */
	size_t vocab_start[257];      /* words starting with byte b: [start[b], start[b+1]) */
	struct grader_posting **postings; /* per term */
	size_t *n_postings;
	struct grader_doc *docs;
	size_t n_docs;
	/* the words each doc reached a synonym group's term from ("another
	 * customer" for "cross tenant"), so that a why can say the key's words */
	struct grader_doc_synonym {
		int doc, term;
		int rule;            /* the rule that read words (words as the key wrote them) */
		const char *words;   /* in the pool */
	} *doc_synonyms;
	size_t n_doc_synonyms, alloc_doc_synonyms;
	/* payloads (lexicon): one alternation of all their patterns (payloads:
	 * own_payloads, or its prepared lexicon's, which pay_base holds a
	 * reference to; NULL for none), the capture group of each, and what each
	 * means as term ids and as text (for notes), both in the pool */
	const struct grader_pattern *payloads;
	struct grader_pattern own_payloads;
	struct grader_lexbase *pay_base;
	int pay_group[GRADER_MAX_PAYLOADS];
	int *pay_to[GRADER_MAX_PAYLOADS];
	int pay_n_to[GRADER_MAX_PAYLOADS];
	const char *pay_means[GRADER_MAX_PAYLOADS];
	size_t n_payloads;
	/* the key's own lexicon entries that changed how the lexicon it extends
	 * reads the same words (grader_key_override_at) */
	struct grader_override_note {
		struct grader_override pub;
		int *old_to, *new_to;  /* the two readings as term ids, in the pool */
		int n_old, n_new;
	} *overrides;
	size_t n_overrides, alloc_overrides;
	/* pay_first[b] is 1 when a payload match can start with byte b (PCRE2's
	 * own start analysis): a line holding no such byte holds no payload,
	 * and is not scanned; pay_first_known is false when any byte may */
	unsigned char pay_first[256];
	bool pay_first_known;
	float unknown_weight;         /* weight of a learner word the key lacks */
	float rare_weight;            /* weight of a word only one threat uses: ln(1 + N) */
};

/* ==== Text analysis ============================================================ */

#define GRADER_MAX_NOTES 12
#define GRADER_SYNONYM_SEP " ~ "     /* in a synonym note: "from ~ group term" */
#define GRADER_NOTE_TERMS 10  /* terms one note can explain */
#define GRADER_MAX_SAID 16    /* learner words kept for an explanation */
#define GRADER_SAID_BYTES 24  /* bytes of such a word, '\0' included */
#define GRADER_MAX_FIXES 8    /* typo corrections kept per line for patterns */

/* A learner word read as a typo of the key's vocabulary word vocab ("exposd"
 * as "exposed"): author patterns run on the line with it corrected too, when
 * it is one edit away (dist). Words of GRADER_SAID_BYTES or more are not kept
 * (nor substituted). */
struct grader_fix {
	char from[GRADER_SAID_BYTES];
	int vocab;
	int dist;     /* edits from the spelling the corrected line uses */
	bool used;    /* substituted in the corrected line */
};

/* A key term as the line first wrote it, where that differs from the key's
 * ("interns" for the key's "internal"): explanations show the learner's word. */
struct grader_said {
	int term;
	char word[GRADER_SAID_BYTES];
};

/* Reusable per-call state; owns a stemmer (never shared between threads). */
/* What a line and one document of a threat share: the inputs of the raw
 * similarity (grade.c) and of the calibration (calibrate.c). */
struct grader_features {
	double p;        /* share of the line's weight the document explains */
	double rcore;    /* share of the title's (alias's) weight the line covers */
	double rall;     /* share of title + description weight covered */
	double dcore;    /* share of the title's weight covered by distinctive words */
	double ddesc;    /* distinctive description words matched, as share of the line */
	double lexmech;  /* 1 when a lexicon security word is shared */
	int mech_title;  /* the title has lexicon security words */
	int neg_clash;   /* the line negates, the threat does not */
	double nmatch;   /* non-generic words shared (capped at 5) / 5 */
	int alias_words; /* words of the alias (0 for title + description) */
	int shared;      /* terms shared, generic ones included */
	int shared_words; /* learner words (or payloads) behind the shared terms */
	int capped;      /* a rule held the raw similarity down: no mechanism */
	double evidence; /* weight shared, in rare words (one-threat words) */
	int line_terms;  /* distinct terms of the line */
};

/* How a word the key does not hold as written reads (text.c's read_word), as
 * a memo keeps it. */
struct grader_word_reading {
	int id;      /* the term, or -1 */
	enum grader_read_how {
		READ_STEM,   /* its stem is a term's */
		READ_TYPO,   /* a typo of vocabulary word vocab */
		READ_ROOT,   /* stem derives from vocabulary word vocab */
		READ_NONE    /* unknown */
	} how;
	int vocab;          /* READ_TYPO, READ_ROOT: the key's vocabulary index */
	const char *stem;   /* READ_ROOT: the stem the note quotes */
};

/* Word readings remembered across the gradings of one key (memo.c). */
struct grader_memo {
	const struct grader_key *key;
	unsigned long preparation;             /* key->preparations it holds readings of */
	struct grader_map index;               /* word -> readings index */
	struct grader_word_reading *readings;
	size_t n, alloc;
	struct grader_pool pool;               /* the READ_ROOT stems */
	/* the grading state of the last grading with this memo, kept for the
	 * next one (its arrays, stemmer and match data are made once per
	 * memo, not once per submission); NULL until then */
	struct grader_ctx *ctx;
};

/* The memo ready for grading key as it is prepared now (emptied when the key
 * was prepared again since it was filled), or NULL when it was made for
 * another key. */
struct grader_memo *grader_memo_for(struct grader_memo *m, const struct grader_key *key);
/* The grading state m keeps for key (grader_memo_for), set up for a new
 * grading as grader_ctx_init sets one up; NULL on ENOMEM. Owned by m. */
struct grader_ctx *grader_memo_ctx(struct grader_memo *m);
const struct grader_word_reading *grader_memo_get(const struct grader_memo *m,
						  const char *w, size_t len);
void grader_memo_put(struct grader_memo *m, const char *w, size_t len,
		     const struct grader_word_reading *r);

struct grader_ctx {
	struct sb_stemmer *stemmer;
	struct grader_memo *memo;   /* grader_options.memo when it is for this key */
	int *ids;        size_t n_ids, alloc_ids;
	int *ids2;       size_t n_ids2, alloc_ids2;
	/* the learner word (or payload) each term of ids / ids2 came from: the
	 * terms an expansion wrote for one word share it ("cvv" -> "card
	 * verification code" is one word shared, not three) */
	int *grp, *grp2;
	unsigned *seen;  size_t seen_alloc;   /* per term stamp */
	unsigned stamp;
	float *acc;      size_t acc_alloc;    /* per doc: 3 floats */
	int *touched;    size_t n_touched;
	int *doc_mark;
	/* per threat, for the current line (sized by ensure_acc in grade.c) */
	struct grader_pair {
		double raw;                   /* best raw similarity, any document */
		double text_raw;              /* of the title + description */
		double alias_raw;             /* of the best alias */
		int text_doc, alias_doc;      /* those documents, -1 when untouched */
		struct grader_features text;  /* the title + description's features */
		/* while pruning: a bound of the title + description's z, and its
		 * ceiling (pair_ceiling) */
		double bound_z, ceiling;
		/* the first author pattern of the threat that credits the line,
		 * -1 for none: such a pair's score is always computed (it breaks
		 * ties between patterns, grade.c's pattern_score) */
		int pattern;
		/* pattern matched only the line with its typos corrected */
		bool pattern_fixed;
	} *pairs;
	size_t threats_alloc;
	int unknown;     /* distinct unknown words in the current line */
	uint32_t unknown_hash[64];
	int want_notes;
	struct grader_note {
		char text[120];   /* "sqli -> sql injection", "injecton -> injection" */
		int terms[GRADER_NOTE_TERMS]; /* the terms it produced */
		int n_terms;
		enum grader_note_kind { NOTE_READ_AS, NOTE_EXPANSION, NOTE_SYNONYM,
					NOTE_PAYLOAD } kind;
		unsigned char from_len;   /* synonyms: bytes of text before " ~ " */
		int rule;                 /* synonyms and expansions: the rule that fired */
	} notes[GRADER_MAX_NOTES];
	int n_notes;
	struct grader_said said[GRADER_MAX_SAID];   /* kept with the notes */
	int n_said;
	/* the line's typo corrections, notes wanted or not (distinct words) */
	struct grader_fix fixes[GRADER_MAX_FIXES];
	int n_fixes;
	char *fixed;     size_t fixed_alloc;   /* grader_ctx_corrected's line */
	const struct grader_key *key;
	struct grader_scan scan;   /* payload matching state */
	double threshold;          /* the grading threshold (capped pairs stay below it) */
	/* grading lets calibration skip the pairs whose score cannot matter
	 * (grader_calibrate_line) */
	bool prune;
	double bound_rows[GRADER_N_FEATURES];   /* grader_calibrate_init */
	int oom;
	/* author-pattern evaluations a match limit stopped (grade.c); line is
	 * the submission index grader_grade sets before scoring each line */
	struct grader_limit_hit {
		size_t threat, pattern, line;
	} *limits;
	size_t n_limits, limits_alloc, line;
};

/*
 * Calibration (calibrate.c): from the raw similarities of the current line to
 * the scores the assignment uses.
 *   grader_pair_record: keeps document d's raw similarity (and, for the title +
 *     description, its features) when it is the threat's best so far;
 *   grader_pair_stride_label: the learner's STRIDE label scales the raw
 *     similarities of the threats of that category;
 *   grader_calibrate_line: sims[t] = calibrated score of the title +
 *     description (capped by the hard rules) or the alias's scaled raw
 *     similarity, whichever is higher; codes, x (GRADER_N_FEATURES per threat)
 *     and ceiling are optional outputs. A pair the hard rules cap stays below
 *     c->threshold, whatever the threshold is.
 */
void grader_pair_record(struct grader_pair *pr, int d, int is_alias, double sim,
			const struct grader_features *f);
void grader_pair_stride_label(struct grader_ctx *c, unsigned stride);
void grader_calibrate_line(struct grader_ctx *c, double *sims, int *codes, double *x,
			   double *ceiling);
/* Fills c->bound_rows (grader_ctx_init calls it). */
void grader_calibrate_init(struct grader_ctx *c);

int grader_ctx_init(struct grader_ctx *c, const struct grader_key *key);
/* Sets c, used before for the same key as it is prepared now, up for a new
 * grading as grader_ctx_init would, keeping its buffers, stemmer and match
 * data. */
void grader_ctx_reuse(struct grader_ctx *c);
void grader_ctx_release(struct grader_ctx *c);
/*
 * Turns text into the distinct term ids of the key in c->ids (n_ids), after
 * expansions, synonyms, stop words, stemming and typo correction; counts words
 * unknown to the key in c->unknown. When want_notes is set, expansions,
 * synonyms and typo corrections are described in c->notes.
 * Returns GRADER_OK or GRADER_ENOMEM.
 */
int grader_ctx_analyze(struct grader_ctx *c, const char *text, size_t len, int want_notes);
/*
 * The line just analyzed (text, len bytes) with each word c->fixes holds
 * replaced by its correction, the rest kept byte for byte, in c->fixed (owned
 * by c; valid until the next call). Sets *out_len; returns c->fixed, or NULL
 * when the line has no correction to make or on ENOMEM (c->oom set).
 */
const char *grader_ctx_corrected(struct grader_ctx *c, const char *text, size_t len,
				 size_t *out_len);
/* How the line just analyzed wrote term id (with notes wanted): the learner's
 * word when it differs from the term's surface, else the surface. */
const char *grader_ctx_said_as(const struct grader_ctx *c, int id);
/* Stems a lowercase word with c's stemmer into out (size >= 64); returns length. */
size_t grader_ctx_stem(struct grader_ctx *c, const char *w, size_t len, char *out);

/* ==== Assignment =============================================================== */

/*
 * Maximum-weight one-to-one assignment of rows to columns (rows <= cols).
 * w is rows x cols, row-major; a weight <= 0 means "not allowed". Sets
 * row_to_col[r] to the column or -1. Returns GRADER_OK or GRADER_ENOMEM.
 */
int grader_assign(const double *w, size_t rows, size_t cols, int *row_to_col);

#endif /* GRADER_INTERNAL_H */
