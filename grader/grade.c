/*
 * grade.c: similarity of learner lines to reference threats, the one-to-one
 * assignment, scoring, explanations, and the short-answer matcher.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grader_internal.h"

#define ACC 8   /* accumulators per document */

/* A line covering this share of a title earns it even without a mechanism word. */
#define FULL_TITLE_COVER 0.75
/* Similarity kept when only asset or generic words are shared. */
#define ASSET_ONLY_FACTOR 0.5
/* Highest similarity of a line that shares only the asset of a threat whose
 * title names its mechanism: below the default threshold. */
#define ASSET_ONLY_CAP 0.45
/* Weight of threat coverage against line explanation in the harmonic mean. */
#define COVER_WEIGHT 0.6
/* Weight of title + description that counts as full coverage, in titles. */
#define DESC_SATURATION 2.0
/* Similarity kept when the line negates and the threat does not. */
#define NEGATION_FACTOR 0.85
/* An alias of this many words or more is not earned by one shared word. */
#define ALIAS_ONE_WORD_MIN 3
/* One learner word the lexicon writes as at most this many terms. */
#define ALIAS_ONE_WORD_TERMS_MAX 6
/* ... unless that word is this share of the line's weight or more. */
#define ALIAS_ONE_WORD_LINE_SHARE 0.5
/* An author pattern that matches earns its threat with at least this score:
 * high enough to beat any ordinary match, low enough that a line restating
 * another threat nearly word for word (a calibrated score above it) goes to
 * that threat when the two compete for it ("Decline reasons like incorrect
 * CVV help card testers" is the decline-reasons threat, not card testing). */
#define PATTERN_SCORE 0.95
/* ... plus this share of the line's own score for the threat's words, so that
 * when the patterns of two threats fire on one line, the threat the line is
 * worded closer to wins instead of the first in the key. */
#define PATTERN_TIE_SHARE 0.01

struct found {
	size_t threat, line;
	double sim;
	char *why;
};

struct unmatched {
	size_t line;
	long closest;
	double sim;
};

struct grader_result {
	double points, max_points, pass_mark;
	struct found *found;
	size_t n_found;
	size_t *missed;
	size_t n_missed;
	struct unmatched *unmatched;
	size_t n_unmatched;
	long *threat_line;
	double *threat_best;
	unsigned stride_key, stride_found;
	size_t stride_labelled, stride_agreed, sev_labelled, sev_agreed;
	struct grader_limit_hit *limits;   /* author patterns a limit stopped */
	size_t n_limits;
};

void grader_options_init(struct grader_options *o)
{
	o->threshold = GRADER_DEFAULT_THRESHOLD;
	o->pass_mark = -1;
	o->explain = true;
	o->best_scores = false;
	o->memo = NULL;
	o->restate = NULL;
	o->n_restate = 0;
}

double grader_severity_weight(enum grader_severity s)
{
	switch (s) {
	case GRADER_SEV_CRITICAL: return 4;
	case GRADER_SEV_HIGH: return 3;
	case GRADER_SEV_MEDIUM: return 2;
	case GRADER_SEV_LOW: return 1;
	default: return 0;
	}
}

/* ==== Similarity =============================================================== */

/* What earned a (line, threat) pair: a document index (title + description, or
 * an alias), a pattern, or nothing. */
#define MATCH_NONE (-1)
#define MATCH_PATTERN(j) (-2 - (int)(j))
#define MATCH_PATTERN_INDEX(code) (-2 - (code))
/* pattern j matched only the line with its typos corrected: past every
 * pattern index a key can hold */
#define MATCH_FIXED (1 << 24)
#define MATCH_PATTERN_FIXED(j) MATCH_PATTERN((size_t)(j) + MATCH_FIXED)

/* Sizes the per-threat arrays of c for its key. */
static int ensure_threats(struct grader_ctx *c)
{
	size_t need = c->key->n_threats ? c->key->n_threats : 1;

	if (c->threats_alloc >= need)
		return GRADER_OK;
	free(c->pairs);
	c->pairs = calloc(need, sizeof(*c->pairs));
	c->threats_alloc = c->pairs != NULL ? need : 0;
	return c->threats_alloc ? GRADER_OK : GRADER_ENOMEM;
}

static int ensure_acc(struct grader_ctx *c)
{
	size_t need = c->key->n_docs ? c->key->n_docs : 1;

	if (ensure_threats(c) != GRADER_OK)
		return GRADER_ENOMEM;
	if (c->acc_alloc >= need)
		return GRADER_OK;
	free(c->acc);
	free(c->touched);
	free(c->doc_mark);
	c->acc = calloc(need * ACC, sizeof(float));
	c->touched = malloc(need * sizeof(int));
	c->doc_mark = malloc(need * sizeof(int));
	if (c->acc == NULL || c->touched == NULL || c->doc_mark == NULL) {
		c->acc_alloc = 0;
		return GRADER_ENOMEM;
	}
	for (size_t i = 0; i < need; i++)
		c->doc_mark[i] = -1;
	c->acc_alloc = need;
	return GRADER_OK;
}

/* The weight a learner term brings to the line's total. */
static double line_weight(const struct grader_key *key, int id)
{
	const struct grader_term *t = &key->terms[id];

	if (t->flags & TERM_KEY)
		return t->idf;
	if (t->flags & TERM_GENERIC)
		return key->unknown_weight * 0.25;
	/* a lexicon word the key lacks: often one of several an expansion gave */
	return key->unknown_weight * 0.5;
}


static void doc_features(const struct grader_key *key, const float *a, double lw, int d,
			 struct grader_features *f)
{
	const struct grader_doc *doc = &key->docs[d];

	f->p = lw > 0 ? a[0] / lw : 0;
	/* what is shared, in rare words' worth */
	f->evidence = key->rare_weight > 0 ? a[0] / key->rare_weight : 0;
	f->rcore = doc->w_core > 0 ? a[1] / doc->w_core : 0;
	/* covering twice the title's weight anywhere in title + description is as
	 * good as covering all of it: long descriptions must not drown a line */
	{
		double den = doc->w_all;

		if (den > DESC_SATURATION * doc->w_core)
			den = DESC_SATURATION * doc->w_core;
		f->rall = den > 0 ? a[2] / den : 0;
		if (f->rall > 1)
			f->rall = 1;
	}
	if (doc->alias >= 0)
		f->rall = f->rcore;
	f->dcore = doc->w_core > 0 ? a[4] / doc->w_core : 0;
	f->ddesc = lw > 0 ? a[5] / lw : 0;
	f->lexmech = a[7] > 0 ? 1 : 0;
	f->mech_title = doc->n_mech_core > 0;
	f->neg_clash = 0;
	f->nmatch = (a[6] > 5 ? 5 : a[6]) / 5.0;
	f->alias_words = doc->alias >= 0 ? doc->n_core : 0;
	f->shared = (int)a[3];
	f->shared_words = f->shared;   /* see shared_words() */
	if (f->p > 1)
		f->p = 1;
}

/*
 * Similarity of a line to one document: a weighted harmonic mean of how much of
 * the threat the line covers (title or whole text, whichever is better) and how
 * much of the line the threat explains, cut down when no distinctive word (one
 * that only this threat uses, and not its asset) is shared. The raw value is
 * then spread as 1 - (1 - s)^2, so that 0.5 sits where the development corpus
 * put the line between credit and no credit before calibration (calibrate.c),
 * which now makes that call from this value and the features behind it.
 */
static double doc_similarity(struct grader_features *f)
{
	double r = f->rcore > f->rall ? f->rcore : f->rall, sim;

	f->capped = 0;
	if (f->p <= 0 || r <= 0)
		return 0;
	sim = 1.0 / (COVER_WEIGHT / r + (1 - COVER_WEIGHT) / f->p);
	/* the mechanism must be there: a distinctive word and, when the title has
	 * words of the lexicon's security vocabulary, one of those too */
	if ((f->mech_title && f->lexmech <= 0) ||
	    (f->rcore < FULL_TITLE_COVER && f->dcore <= 0 && f->ddesc <= 0))
		sim *= ASSET_ONLY_FACTOR;
	if (f->neg_clash)
		sim *= NEGATION_FACTOR;
	if (sim > 1)
		sim = 1;
	sim = 1 - (1 - sim) * (1 - sim);
	/* a line that names none of the title's mechanism words and nothing of the
	 * description shares only the asset: it must not earn the threat */
	if (f->mech_title && f->lexmech <= 0 && f->ddesc <= 0 && f->rall <= f->rcore + 1e-9) {
		f->capped = 1;
		if (sim > ASSET_ONLY_CAP)
			sim = ASSET_ONLY_CAP;
	}
	/* a line that shares one word with a longer alias names neither its
	 * asset nor its mechanism: "hackers could steal the data" with "stolen
	 * staff password" (a word other threats use too), "the email provider
	 * has an outage" with "DoS the response page with fake submissions" (a
	 * small part of the line); a terse line whose one word is this threat's
	 * own ("creds in git") may still earn it */
	if (f->alias_words >= ALIAS_ONE_WORD_MIN && f->shared_words <= 1 &&
	    (f->dcore <= 0 || f->p < ALIAS_ONE_WORD_LINE_SHARE)) {
		f->capped = 1;
		if (sim > ASSET_ONLY_CAP)
			sim = ASSET_ONLY_CAP;
	}
	return sim;
}

static int doc_has(const struct grader_key *key, int term, int doc)
{
	for (size_t p = 0; p < key->n_postings[term]; p++)
		if (key->postings[term][p].doc == doc)
			return 1;
	return 0;
}

/* How many learner words (or payloads) the terms the line shares with doc came
 * from: "cvv", which the lexicon writes as "card verification code", is one. */
static int shared_words(const struct grader_ctx *c, int doc)
{
	int n = 0, last = -1;

	for (size_t i = 0; i < c->n_ids; i++)
		if (c->grp[i] != last && doc_has(c->key, c->ids[i], doc)) {
			n++;
			last = c->grp[i];
		}
	return n;
}

/* Notes in c that pattern j of threat t stopped at a match limit on the
 * current line (c->line), for grader_result_limit_*; sets c->oom when the
 * note cannot be kept. */
static void note_limit(struct grader_ctx *c, size_t t, size_t j)
{
	const struct grader_limit_hit *last = c->n_limits ? &c->limits[c->n_limits - 1] : NULL;

	/* stopped on the line as written and again on it with typos corrected */
	if (last != NULL && last->threat == t && last->pattern == j && last->line == c->line)
		return;
	if (c->n_limits == c->limits_alloc) {
		size_t n = c->limits_alloc ? 2 * c->limits_alloc : 4;
		struct grader_limit_hit *nl = realloc(c->limits, n * sizeof(*nl));

		if (nl == NULL) {
			c->oom = 1;
			return;
		}
		c->limits = nl;
		c->limits_alloc = n;
	}
	c->limits[c->n_limits++] = (struct grader_limit_hit){ t, j, c->line };
}

/* Whether author pattern j of threat t credits the line: it matches, and
 * where the threat does not itself say no ("CVV stored"), the line does not
 * say no to the match in its clause ("we do not store the CVV"). A match
 * that a limit stopped counts as none and is noted (note_limit). */
static int pattern_fires(struct grader_ctx *c, size_t t, size_t j, const char *text,
			 size_t len)
{
	const struct grader_threat *th = &c->key->threats[t];
	int rc = grader_pattern_exec(&th->patterns[j], text, len);

	if (rc == 1 && !th->title_negates)
		rc = grader_pattern_exec_affirmed(&th->patterns[j], text, len);
	if (rc == GRADER_PATTERN_LIMIT)
		note_limit(c, t, j);
	if (rc != 1)
		return rc == GRADER_PATTERN_NOMEM ? rc : 0;
	return 1;
}

/* The first author pattern of threat t that credits the line (pattern_fires),
 * or -1. */
static int first_pattern(struct grader_ctx *c, size_t t, const char *text, size_t len)
{
	for (size_t j = 0; j < c->key->threats[t].n_patterns; j++) {
		int fires = pattern_fires(c, t, j, text, len);

		if (fires == GRADER_PATTERN_NOMEM)
			c->oom = 1;   /* score_line fails the line */
		if (fires == 1)
			return (int)j;
	}
	return -1;
}

/* Letters of a correction a pattern must spell to be tried on the corrected
 * line. */
#define FIX_PREFIX 4

/* Whether pattern source spells the start of one of the line's corrections
 * (its first FIX_PREFIX letters, ASCII case aside): "(reachable|exposed)"
 * does for "exposed". A pattern that does not cannot match the corrected line
 * where it failed the line as written, unless it spells the word some other
 * way ("[e]xposed", "e\x78posed"); skipping it saves a match per pattern. */
static bool names_correction(const struct grader_ctx *c, const char *source)
{
	for (int i = 0; i < c->n_fixes; i++) {
		const char *w = c->key->vocab.v[c->fixes[i].vocab];
		size_t n = strlen(w) < FIX_PREFIX ? strlen(w) : FIX_PREFIX;

		if (!c->fixes[i].used)
			continue;

		for (const char *p = source; *p != '\0'; p++) {
			size_t k = 0;

			while (k < n && p[k] != '\0' &&
			       (p[k] >= 'A' && p[k] <= 'Z' ? p[k] + 32 : p[k]) == w[k])
				k++;
			if (k == n)
				return true;
		}
	}
	return false;
}

/* The first author pattern of threat t that credits the line with its typos
 * corrected, fixed (pattern_fires), of those that spell a correction
 * (names_correction), or -1. */
static int first_fixed_pattern(struct grader_ctx *c, size_t t, const char *fixed, size_t len)
{
	const struct grader_threat *th = &c->key->threats[t];

	for (size_t j = 0; j < th->n_patterns; j++) {
		int fires;

		if (!names_correction(c, th->patterns[j].source))
			continue;
		fires = pattern_fires(c, t, j, fixed, len);
		if (fires == GRADER_PATTERN_NOMEM)
			c->oom = 1;
		if (fires == 1)
			return (int)j;
	}
	return -1;
}

/*
 * Sets each threat's pair to the first author pattern that credits the
 * analyzed line, text; for a threat none credits, to the first that credits
 * the line with its typos corrected (grader_ctx_corrected: "admin endpoints
 * exposd" as "admin endpoints exposed"), so that a pattern an author wrote for
 * the right spelling is not defeated by a slip the word matcher forgives.
 */
static void match_patterns(struct grader_ctx *c, const char *text, size_t len)
{
	const struct grader_key *key = c->key;
	const char *fixed = NULL;
	size_t fixed_len = 0;
	bool tried = false;

	for (size_t t = 0; t < key->n_threats; t++) {
		struct grader_pair *pr = &c->pairs[t];

		if (key->threats[t].n_patterns == 0) {
			pr->pattern = -1;
			continue;
		}
		pr->pattern_fixed = false;   /* read only where pattern >= 0 */
		pr->pattern = first_pattern(c, t, text, len);
		if (pr->pattern >= 0 || c->n_fixes == 0)
			continue;
		if (!tried) {   /* made once per line, for the first threat that needs it */
			fixed = grader_ctx_corrected(c, text, len, &fixed_len);
			tried = true;
		}
		if (fixed == NULL)
			continue;
		pr->pattern = first_fixed_pattern(c, t, fixed, fixed_len);
		pr->pattern_fixed = pr->pattern >= 0;
	}
}

/*
 * Scores the analyzed line in c against every threat: sims[t] receives the
 * calibrated score of its best document (at least PATTERN_SCORE, and a share
 * of that score above it, for a matching author pattern),
 * codes (optional) which document or pattern gave it, x (optional) the
 * calibration inputs.
 */
static void score_terms(struct grader_ctx *c, const char *text, size_t len, unsigned stride,
			double *sims, int *codes, double *x, double *ceiling)
{
	const struct grader_key *key = c->key;
	double lw = c->unknown * key->unknown_weight;
	size_t n_touched = 0;
	int line_neg = 0;

	for (size_t t = 0; t < key->n_threats; t++) {
		c->pairs[t].raw = c->pairs[t].text_raw = c->pairs[t].alias_raw = 0;
		c->pairs[t].text_doc = c->pairs[t].alias_doc = MATCH_NONE;
	}
	for (size_t i = 0; i < c->n_ids; i++) {
		lw += line_weight(key, c->ids[i]);
		if (key->terms[c->ids[i]].flags & TERM_NEG)
			line_neg = 1;
	}
	for (size_t i = 0; i < c->n_ids; i++) {
		int id = c->ids[i];
		const struct grader_term *term = &key->terms[id];
		int generic = (term->flags & TERM_GENERIC) != 0;
		int distinct = term->df == 1 && !generic;
		int lexmech = (term->flags & TERM_MECH) && !generic;

		for (size_t p = 0; p < key->n_postings[id]; p++) {
			const struct grader_posting *po = &key->postings[id][p];
			float *a = &c->acc[(size_t)po->doc * ACC];
			int asset = (po->field & 4) != 0;

			if (c->doc_mark[po->doc] != 1) {
				c->doc_mark[po->doc] = 1;
				c->touched[n_touched++] = po->doc;
				memset(a, 0, ACC * sizeof(float));
			}
			a[0] += term->idf;
			if (po->field & 1) {
				a[1] += term->idf;
				a[2] += term->idf;
				if (distinct && !asset)
					a[4] += term->idf;
			} else {
				a[2] += term->idf;
				if (distinct && !asset)
					a[5] += term->idf;
			}
			a[3] += 1;
			if (!generic)
				a[6] += 1;
			if (lexmech && !asset)
				a[7] = 1;
		}
	}
	for (size_t k = 0; k < n_touched; k++) {
		int d = c->touched[k];
		float *a = &c->acc[(size_t)d * ACC];
		int t = key->docs[d].threat;
		struct grader_features f;
		double sim;

		doc_features(key, a, lw, d, &f);
		f.line_terms = (int)c->n_ids;
		/* counted only where the one-word rule for aliases may apply */
		if (f.alias_words >= ALIAS_ONE_WORD_MIN && f.shared > 1 &&
		    f.shared <= ALIAS_ONE_WORD_TERMS_MAX)
			f.shared_words = shared_words(c, d);
		f.neg_clash = line_neg && !key->docs[d].has_neg;
		sim = doc_similarity(&f);
		c->doc_mark[d] = -1;
		grader_pair_record(&c->pairs[t], d, key->docs[d].alias >= 0, sim, &f);
	}
	if (stride != 0)
		grader_pair_stride_label(c, stride);
	match_patterns(c, text, len);
	grader_calibrate_line(c, sims, codes, x, ceiling);
	for (size_t t = 0; t < key->n_threats; t++) {
		double p = PATTERN_SCORE + PATTERN_TIE_SHARE * sims[t];
		int j = c->pairs[t].pattern;

		if (j < 0)
			continue;
		if (sims[t] < p)
			sims[t] = p;
		if (codes != NULL)
			codes[t] = c->pairs[t].pattern_fixed ? MATCH_PATTERN_FIXED(j) : MATCH_PATTERN(j);
	}
}

/*
 * What the analysis of a line left in the context (its terms, the word each
 * came from, its notes), kept for the line's explanation: reading the line
 * again in explain() cost a tenth of grading a submission.
 */
struct line_reading {
	int *ids;                   /* n_ids terms, then n_ids groups */
	size_t n_ids;
	struct grader_note *notes;
	int n_notes;
	struct grader_said *said;
	int n_said;
};

/* The readings of a submission's lines that may earn a threat, in one pool
 * freed with them; at most MAX_READINGS (a few MB), the lines past that are
 * read again if they need explaining. */
#define MAX_READINGS 1024
struct line_readings {
	struct line_reading *line;
	size_t kept;
	struct grader_pool pool;
};

/* Whether a line so scored can earn a threat whose why reads its terms: one at
 * or above the threshold, not by an author pattern. */
static bool may_be_explained(const struct grader_ctx *c, const double *sims, const int *codes)
{
	for (size_t t = 0; t < c->key->n_threats; t++)
		if (sims[t] >= c->threshold && (codes == NULL || codes[t] > MATCH_PATTERN(0)))
			return true;
	return false;
}

static int keep_reading(const struct grader_ctx *c, struct line_readings *rs, size_t l)
{
	struct line_reading *lr = &rs->line[l];

	rs->kept++;
	lr->n_ids = c->n_ids;
	lr->n_notes = c->n_notes;
	lr->ids = grader_pool_alloc(&rs->pool, (2 * c->n_ids + 1) * sizeof(int));
	lr->notes = grader_pool_alloc(&rs->pool, ((size_t)c->n_notes + 1) * sizeof(*lr->notes));
	lr->n_said = c->n_said;
	lr->said = grader_pool_alloc(&rs->pool, ((size_t)c->n_said + 1) * sizeof(*lr->said));
	if (lr->ids == NULL || lr->notes == NULL || lr->said == NULL)
		return GRADER_ENOMEM;
	memcpy(lr->said, c->said, (size_t)c->n_said * sizeof(*lr->said));
	if (c->n_ids > 0) {
		memcpy(lr->ids, c->ids, c->n_ids * sizeof(int));
		memcpy(lr->ids + c->n_ids, c->grp, c->n_ids * sizeof(int));
	}
	memcpy(lr->notes, c->notes, (size_t)c->n_notes * sizeof(*lr->notes));
	return GRADER_OK;
}

/* Puts a kept reading back; c's arrays only grow, so they hold it. */
static void restore_reading(struct grader_ctx *c, const struct line_reading *lr)
{
	if (lr->n_ids > 0) {
		memcpy(c->ids, lr->ids, lr->n_ids * sizeof(int));
		memcpy(c->grp, lr->ids + lr->n_ids, lr->n_ids * sizeof(int));
	}
	c->n_ids = lr->n_ids;
	memcpy(c->notes, lr->notes, (size_t)lr->n_notes * sizeof(*lr->notes));
	c->n_notes = lr->n_notes;
	memcpy(c->said, lr->said, (size_t)lr->n_said * sizeof(*lr->said));
	c->n_said = lr->n_said;
}

/* Analyzes one line and scores it against every threat (codes, x and ceiling
 * optional: see score_terms and grader_calibrate_line); with rs, the
 * analysis is kept as line l's, notes and all, for explain(). */
static int score_line(struct grader_ctx *c, const char *text, unsigned stride, double *sims,
		      int *codes, double *x, double *ceiling, struct line_readings *rs, size_t l)
{
	size_t len = strlen(text);

	bool keep = rs != NULL && rs->kept < MAX_READINGS;

	if (ensure_acc(c) != GRADER_OK || grader_ctx_analyze(c, text, len, keep) != GRADER_OK)
		return GRADER_ENOMEM;
	c->oom = 0;
	score_terms(c, text, len, stride, sims, codes, x, ceiling);
	if (c->oom)
		return GRADER_ENOMEM;   /* an author pattern could not be matched */
	/* scoring reads the terms and notes only: kept as the analysis left them */
	if (keep && may_be_explained(c, sims, codes) && keep_reading(c, rs, l) != GRADER_OK)
		return GRADER_ENOMEM;
	return GRADER_OK;
}

int grader_line_features(const struct grader_key *key, const char *line, unsigned stride,
			 double *x, double *ceiling)
{
	struct grader_ctx c;
	double *sims;
	int rc;

	if (key == NULL || !key->prepared || line == NULL)
		return GRADER_EINVALID;
	sims = calloc(key->n_threats ? key->n_threats : 1, sizeof(double));
	if (sims == NULL || grader_ctx_init(&c, key) != GRADER_OK) {
		free(sims);
		return GRADER_ENOMEM;
	}
	rc = score_line(&c, line, stride, sims, NULL, x, ceiling, NULL, 0);
	grader_ctx_release(&c);
	free(sims);
	return rc;
}

/* ==== Explanations ============================================================== */

#define WHY_SHARED 12

/* What a "why" says: the key words the line shares (heaviest first) and the
 * notes (typo corrections, expansions, synonyms) that produced any of them. A
 * synonym note whose key side the key also reached from the very same words
 * says nothing: its words are shown as shared (plain). */
struct why {
	int shared[WHY_SHARED];
	int n_shared;
	struct grader_note notes[GRADER_MAX_NOTES];
	int n_notes;
	bool plain[GRADER_MAX_NOTES];
};

static bool note_has_term(const struct grader_note *n, int term)
{
	for (int j = 0; j < n->n_terms; j++)
		if (n->terms[j] == term)
			return true;
	return false;
}

/* Whether the note says where terms the line does not hold as such came from
 * (an expansion, a synonym, a payload): they are shown in the note, not as
 * shared words. */
static bool is_rule_note(const struct grader_note *n)
{
	return n->kind != NOTE_READ_AS;
}

/* Bytes of a synonym note before " ~ ": its learner side; 0 for another kind
 * of note. */
static size_t synonym_left(const struct grader_note *n)
{
	return n->kind == NOTE_SYNONYM ? n->from_len : 0;
}

/* The line's terms that doc also has, heaviest first. */
static void why_shared(const struct grader_ctx *c, int doc, struct why *w)
{
	const struct grader_key *key = c->key;

	w->n_shared = 0;
	for (size_t i = 0; i < c->n_ids && w->n_shared < WHY_SHARED; i++)
		if (doc >= 0 && doc_has(key, c->ids[i], doc))
			w->shared[w->n_shared++] = c->ids[i];
	/* insertion sort: at most WHY_SHARED */
	for (int i = 1; i < w->n_shared; i++)
		for (int j = i; j > 0 && key->terms[w->shared[j]].idf >
					  key->terms[w->shared[j - 1]].idf; j--) {
			int tmp = w->shared[j];

			w->shared[j] = w->shared[j - 1];
			w->shared[j - 1] = tmp;
		}
}

/* The line's notes that produced a shared term, each said once. */
static void why_notes(const struct grader_ctx *c, struct why *w)
{
	w->n_notes = 0;
	for (int k = 0; k < c->n_notes; k++) {
		const struct grader_note *n = &c->notes[k];
		bool used = false, said = false;

		for (int i = 0; i < w->n_shared && !used; i++)
			used = note_has_term(n, w->shared[i]);
		for (int j = 0; j < w->n_notes && used && !said; j++)
			said = strcmp(w->notes[j].text, n->text) == 0;
		if (!used || said)
			continue;
		w->plain[w->n_notes] = false;
		w->notes[w->n_notes++] = *n;
	}
}

/* How doc reached one of the terms of the line's note u; NULL when the key
 * has the group's term itself. */
static const struct grader_doc_synonym *key_synonym(const struct grader_key *key, int doc,
						    const struct grader_note *u)
{
	for (size_t i = 0; i < key->n_doc_synonyms; i++)
		if (key->doc_synonyms[i].doc == doc && note_has_term(u, key->doc_synonyms[i].term))
			return &key->doc_synonyms[i];
	return NULL;
}

/* Says note k of w in the key's words: "other customers ~ another customer"
 * instead of "other customers ~ cross tenant" (the group's first member, which
 * neither text may hold), or marks it plain when both texts' words read the
 * same (one rule fired on both: "passwords" in the line, "password" in the
 * key), to be shown as the learner wrote them. */
static void rewrite_synonym(struct why *w, int k, const struct grader_doc_synonym *ks)
{
	struct grader_note *u = &w->notes[k];
	size_t ul = synonym_left(u);
	char text[sizeof(u->text)];
	struct grader_sbuf b;

	if (ks->rule == u->rule) {
		w->plain[k] = true;
		return;
	}
	grader_sbuf_init(&b, text, sizeof(text));
	grader_sbuf_addn(&b, u->text, ul);
	grader_sbuf_add(&b, GRADER_SYNONYM_SEP);
	grader_sbuf_add(&b, ks->words);
	memcpy(u->text, text, sizeof(text));
}

/* Pairs each synonym note of the line with the words doc used. */
static void why_in_key_words(const struct grader_key *key, int doc, struct why *w)
{
	for (int k = 0; k < w->n_notes; k++) {
		const struct grader_doc_synonym *ks;

		if (synonym_left(&w->notes[k]) == 0)
			continue;
		ks = key_synonym(key, doc, &w->notes[k]);
		if (ks != NULL)
			rewrite_synonym(w, k, ks);
	}
}

/* One shown shared word: a key term, or the words of a plain synonym note. */
struct why_word {
	const char *text;
	size_t len;
	float idf;
};

static int by_weight(const void *pa, const void *pb)
{
	const struct why_word *a = pa, *b = pb;
	return (a->idf < b->idf) - (a->idf > b->idf);
}

/* The shared words to show: terms the line has as the learner wrote them (not
 * those an expansion or synonym produced: their notes say where they come
 * from; not one-letter words), and the words of plain synonym notes, heaviest
 * first. */
static size_t why_words(const struct grader_ctx *c, const struct why *w, struct why_word *out)
{
	const struct grader_key *key = c->key;
	size_t n = 0;

	for (int i = 0; i < w->n_shared; i++) {
		const struct grader_term *term = &key->terms[w->shared[i]];
		bool ruled = false;

		for (int k = 0; k < w->n_notes && !ruled; k++)
			ruled = is_rule_note(&w->notes[k]) && note_has_term(&w->notes[k], w->shared[i]);
		const char *word = grader_ctx_said_as(c, w->shared[i]);
		if (ruled || strlen(word) < 2)
			continue;
		out[n++] = (struct why_word){ word, strlen(word), term->idf };
	}
	for (int k = 0; k < w->n_notes; k++) {
		float idf = 0;

		if (!w->plain[k])
			continue;
		for (int j = 0; j < w->notes[k].n_terms; j++)
			if (key->terms[w->notes[k].terms[j]].idf > idf)
				idf = key->terms[w->notes[k].terms[j]].idf;
		out[n++] = (struct why_word){ w->notes[k].text, synonym_left(&w->notes[k]), idf };
	}
	qsort(out, n, sizeof(*out), by_weight);
	return n;
}

static void why_write(const struct grader_ctx *c, const struct why *w, struct grader_sbuf *b)
{
	struct why_word words[WHY_SHARED + GRADER_MAX_NOTES];
	size_t n = why_words(c, w, words);
	bool first = true;

	for (size_t i = 0; i < n; i++) {
		grader_sbuf_add(b, i == 0 ? "shared: " : ", ");
		grader_sbuf_addn(b, words[i].text, words[i].len);
		first = false;
	}
	for (int k = 0; k < w->n_notes; k++) {
		if (w->plain[k])
			continue;
		grader_sbuf_add(b, first ? "" : "; ");
		grader_sbuf_add(b, w->notes[k].text);
		first = false;
	}
	if (first)
		grader_sbuf_add(b, "no shared key words");
}

/* Adds to b the typo corrections that made a pattern match line text
 * (" after typo corrections: exposd -> exposed"), those the corrected line
 * made. */
static int why_corrections(struct grader_ctx *c, const char *text, struct grader_sbuf *b)
{
	size_t len = strlen(text), fixed_len;

	/* the corrections as grading made them, each in the spelling the
	 * corrected line used */
	if (grader_ctx_analyze(c, text, len, 0) != GRADER_OK ||
	    (grader_ctx_corrected(c, text, len, &fixed_len) == NULL && c->oom))
		return GRADER_ENOMEM;
	grader_sbuf_add(b, GRADER_WHY_CORRECTED);
	for (int i = 0, shown = 0; i < c->n_fixes; i++) {
		if (!c->fixes[i].used)
			continue;
		if (shown++ > 0)
			grader_sbuf_add(b, ", ");
		grader_sbuf_add(b, c->fixes[i].from);
		grader_sbuf_add(b, " -> ");
		grader_sbuf_add(b, c->key->vocab.v[c->fixes[i].vocab]);
	}
	return GRADER_OK;
}

/*
 * Writes why line text matched threat t: the pattern or alias that fired, the
 * shared words (heaviest first), and the expansions, synonyms (in the key's
 * own words) and typo corrections that produced them.
 */
static int explain(struct grader_ctx *c, const char *text, const struct line_reading *lr,
		   size_t t, int code, char *buf, size_t size)
{
	const struct grader_key *key = c->key;
	const struct grader_threat *th = &key->threats[t];
	struct grader_sbuf b;
	struct why w;

	grader_sbuf_init(&b, buf, size);
	if (code <= MATCH_PATTERN(0)) {
		int j = MATCH_PATTERN_INDEX(code);

		grader_sbuf_add(&b, "pattern '");
		grader_sbuf_add(&b, th->patterns[j >= MATCH_FIXED ? j - MATCH_FIXED : j].source);
		grader_sbuf_add(&b, "' matched");
		if (j >= MATCH_FIXED)
			return why_corrections(c, text, &b);
		return GRADER_OK;
	}
	if (lr != NULL)
		restore_reading(c, lr);
	else if (grader_ctx_analyze(c, text, strlen(text), 1) != GRADER_OK)
		return GRADER_ENOMEM;
	if (code >= 0 && key->docs[code].alias >= 0) {
		grader_sbuf_add(&b, "alias '");
		grader_sbuf_add(&b, th->aliases.v[key->docs[code].alias]);
		grader_sbuf_add(&b, "'; ");
	}
	why_shared(c, code, &w);
	why_notes(c, &w);
	if (code >= 0)
		why_in_key_words(key, code, &w);
	why_write(c, &w, &b);
	return GRADER_OK;
}

/* ==== Assignment over the similarity matrix ==================================== */

/*
 * Picks, for each threat, its best lines at or above the threshold (no more than
 * the number of threats, which is all an optimal assignment can need), then runs
 * the Hungarian method over threats x candidate lines.
 */
static int assign_lines(const double *sim, size_t n_lines, size_t n_threats, double threshold,
			long *threat_line)
{
	size_t *cand = NULL, n_cand = 0, k = n_threats;
	char *is_cand = NULL;
	double *w = NULL;
	int *row_to_col = NULL;
	size_t *top = NULL;
	int rc = GRADER_ENOMEM;

	for (size_t t = 0; t < n_threats; t++)
		threat_line[t] = -1;
	if (n_lines == 0 || n_threats == 0)
		return GRADER_OK;
	is_cand = calloc(n_lines, 1);
	top = malloc(k * sizeof(size_t));
	cand = malloc((n_lines < k * k ? n_lines : k * k) * sizeof(size_t) + sizeof(size_t));
	if (is_cand == NULL || top == NULL || cand == NULL)
		goto cleanup;
	for (size_t t = 0; t < n_threats; t++) {
		size_t n_top = 0;

		for (size_t l = 0; l < n_lines; l++) {
			double s = sim[l * n_threats + t];
			size_t pos;

			if (s < threshold)
				continue;
			if (n_top == k && s <= sim[top[k - 1] * n_threats + t])
				continue;
			pos = n_top < k ? n_top++ : k - 1;
			while (pos > 0 && sim[top[pos - 1] * n_threats + t] < s) {
				top[pos] = top[pos - 1];
				pos--;
			}
			top[pos] = l;
		}
		for (size_t i = 0; i < n_top; i++)
			if (!is_cand[top[i]]) {
				is_cand[top[i]] = 1;
				cand[n_cand++] = top[i];
			}
	}
	if (n_cand == 0) {
		rc = GRADER_OK;
		goto cleanup;
	}
	/* keep candidates in line order so ties go to the earlier line */
	n_cand = 0;
	for (size_t l = 0; l < n_lines; l++)
		if (is_cand[l])
			cand[n_cand++] = l;
	{
		size_t rows = n_threats <= n_cand ? n_threats : n_cand;
		size_t cols = n_threats <= n_cand ? n_cand : n_threats;
		int by_threat = n_threats <= n_cand;

		w = malloc(rows * cols * sizeof(double));
		row_to_col = malloc(rows * sizeof(int));
		if (w == NULL || row_to_col == NULL)
			goto cleanup;
		for (size_t t = 0; t < n_threats; t++)
			for (size_t j = 0; j < n_cand; j++) {
				double s = sim[cand[j] * n_threats + t];
				/* a tiny bias towards earlier lines breaks ties predictably */
				double v = s >= threshold ? s + 1e-9 * (double)(n_cand - j) : 0;

				if (by_threat)
					w[t * cols + j] = v;
				else
					w[j * cols + t] = v;
			}
		rc = grader_assign(w, rows, cols, row_to_col);
		if (rc != GRADER_OK)
			goto cleanup;
		for (size_t r = 0; r < rows; r++) {
			if (row_to_col[r] < 0)
				continue;
			if (by_threat)
				threat_line[r] = (long)cand[row_to_col[r]];
			else
				threat_line[row_to_col[r]] = (long)cand[r];
		}
	}
	rc = GRADER_OK;
cleanup:
	free(is_cand);
	free(top);
	free(cand);
	free(w);
	free(row_to_col);
	return rc;
}

/* Whether line l is one of o's restating lines. */
static bool restates(const struct grader_options *o, size_t l)
{
	for (size_t i = 0; i < o->n_restate; i++)
		if (o->restate[i] == l)
			return true;
	return false;
}

/*
 * assign_lines() over the lines o does not name as restating, then each
 * restating line for its closest threat, when no list line earned that one. A group's "Top three" pick that repeats a threat its
 * list earned neither takes that threat from the list's line nor earns the
 * next closest (a pick names one threat); a pick the list lacks earns it.
 */
/* Whether restating line l takes threat t from the line that holds it
 * (holder, -1 for none): a list line keeps it; of two picks the closer one
 * gets it, the earlier on a tie. */
static bool pick_takes(const double *sim, size_t n_threats, const struct grader_options *o,
		       long holder, size_t l, size_t t)
{
	double held;

	if (holder < 0)
		return true;
	if (!restates(o, (size_t)holder))
		return false;
	held = sim[(size_t)holder * n_threats + t];
	return sim[l * n_threats + t] > held ||
	       (sim[l * n_threats + t] == held && (size_t)holder > l);
}

static int assign_restating(const double *sim, size_t n_lines, size_t n_threats,
			    const struct grader_options *o, long *threat_line)
{
	double *part;
	int rc;

	if (o->n_restate == 0 || n_lines == 0 || n_threats == 0)
		return assign_lines(sim, n_lines, n_threats, o->threshold, threat_line);
	part = malloc(n_lines * n_threats * sizeof(double));
	if (part == NULL)
		return GRADER_ENOMEM;
	for (size_t l = 0; l < n_lines; l++)
		for (size_t t = 0; t < n_threats; t++)
			part[l * n_threats + t] = restates(o, l) ? 0 : sim[l * n_threats + t];
	rc = assign_lines(part, n_lines, n_threats, o->threshold, threat_line);
	free(part);
	/* each pick wants one threat: the closer pick gets it, the earlier on a tie */
	for (size_t i = 0; rc == GRADER_OK && i < o->n_restate; i++) {
		size_t l = o->restate[i], best = 0;
		const double *row = sim + l * n_threats;

		if (l >= n_lines)
			continue;
		for (size_t t = 1; t < n_threats; t++)
			if (row[t] > row[best])
				best = t;
		if (row[best] >= o->threshold &&
		    pick_takes(sim, n_threats, o, threat_line[best], l, best))
			threat_line[best] = (long)l;
	}
	return rc;
}

/* ==== Grading ================================================================== */

void grader_result_free(struct grader_result *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->n_found; i++)
		free(r->found[i].why);
	free(r->found);
	free(r->missed);
	free(r->unmatched);
	free(r->threat_line);
	free(r->threat_best);
	free(r->limits);
	free(r);
}

static void count_labels(struct grader_result *r, const struct grader_key *key,
			 const struct grader_submission *sub, size_t t, size_t line)
{
	unsigned ls = grader_submission_line_stride(sub, line);
	enum grader_severity lv = grader_submission_line_severity(sub, line);

	if (ls != 0) {
		r->stride_labelled++;
		if (ls & key->threats[t].stride)
			r->stride_agreed++;
	}
	if (lv != GRADER_SEV_NONE) {
		r->sev_labelled++;
		if (lv == key->threats[t].severity)
			r->sev_agreed++;
	}
}

static int build_result(struct grader_result *r, struct grader_ctx *c,
			const struct grader_submission *sub, const double *sim, const int *codes,
			const struct line_readings *readings, const struct grader_options *o)
{
	const struct grader_key *key = c->key;
	size_t n_lines = grader_submission_line_count(sub), nt = key->n_threats;
	char *line_used = calloc(n_lines ? n_lines : 1, 1);
	char why[512];

	r->found = calloc(nt ? nt : 1, sizeof(*r->found));
	r->missed = calloc(nt ? nt : 1, sizeof(*r->missed));
	r->unmatched = calloc(n_lines ? n_lines : 1, sizeof(*r->unmatched));
	if (line_used == NULL || r->found == NULL || r->missed == NULL || r->unmatched == NULL)
		goto nomem;
	for (size_t t = 0; t < nt; t++) {
		const struct grader_threat *th = &key->threats[t];
		double wgt = grader_severity_weight(th->severity);
		long l = r->threat_line[t];

		r->max_points += wgt;
		r->stride_key |= th->stride;
		if (l < 0) {
			r->missed[r->n_missed++] = t;
			continue;
		}
		line_used[l] = 1;
		r->points += wgt;
		r->stride_found |= th->stride;
		count_labels(r, key, sub, t, (size_t)l);
		why[0] = '\0';
		if (o->explain &&
		    explain(c, grader_submission_line(sub, (size_t)l),
			    readings != NULL && readings->line[l].ids != NULL ? &readings->line[l]
									      : NULL,
			    t, codes[(size_t)l * nt + t],
			    why, sizeof(why)) != GRADER_OK)
			goto nomem;
		r->found[r->n_found].threat = t;
		r->found[r->n_found].line = (size_t)l;
		r->found[r->n_found].sim = sim[(size_t)l * nt + t];
		r->found[r->n_found].why = grader_strdup(why);
		if (r->found[r->n_found++].why == NULL)
			goto nomem;
	}
	for (size_t l = 0; l < n_lines; l++) {
		struct unmatched *u;

		if (line_used[l])
			continue;
		u = &r->unmatched[r->n_unmatched++];
		u->line = l;
		u->closest = -1;
		u->sim = 0;
		for (size_t t = 0; t < nt; t++)
			if (sim[l * nt + t] > u->sim) {
				u->sim = sim[l * nt + t];
				u->closest = (long)t;
			}
	}
	free(line_used);
	return GRADER_OK;
nomem:
	free(line_used);
	return GRADER_ENOMEM;
}

struct grader_result *grader_grade(const struct grader_key *key,
				   const struct grader_submission *sub,
				   const struct grader_options *opts)
{
	struct grader_options o;
	struct grader_result *r = NULL;
	struct grader_ctx own, *c = &own;
	struct grader_memo *memo;
	size_t n_lines = grader_submission_line_count(sub), nt;
	double *sim = NULL;
	int *codes = NULL;
	struct line_readings kept, *readings = NULL;
	int ok = 0;

	if (key == NULL || !key->prepared)
		return NULL;
	nt = key->n_threats;
	if (opts != NULL)
		o = *opts;
	else
		grader_options_init(&o);
	if (o.threshold <= 0)
		o.threshold = GRADER_DEFAULT_THRESHOLD;
	/* a memo keeps the grading state from one submission to the next */
	memo = grader_memo_for(o.memo, key);
	c = memo != NULL ? grader_memo_ctx(memo) : NULL;
	if (c == NULL) {
		c = &own;
		grader_ctx_init(c, key);
	}
	c->threshold = o.threshold;
	c->memo = memo;
	r = calloc(1, sizeof(*r));
	sim = calloc(n_lines * nt + 1, sizeof(double));
	codes = malloc((n_lines * nt + 1) * sizeof(int));
	grader_pool_init(&kept.pool);
	kept.kept = 0;
	kept.line = o.explain ? calloc(n_lines + 1, sizeof(*kept.line)) : NULL;
	readings = kept.line != NULL ? &kept : NULL;
	if (r == NULL || sim == NULL || codes == NULL || (o.explain && readings == NULL))
		goto cleanup;
	r->pass_mark = o.pass_mark;
	r->threat_line = malloc((nt + 1) * sizeof(long));
	r->threat_best = calloc(nt + 1, sizeof(double));
	if (r->threat_line == NULL || r->threat_best == NULL)
		goto cleanup;
	c->prune = !o.best_scores;
	for (size_t l = 0; l < n_lines; l++) {
		c->line = l;
		if (score_line(c, grader_submission_line(sub, l), grader_submission_line_stride(sub, l),
			       sim + l * nt, codes + l * nt, NULL, NULL,
			       readings, l) != GRADER_OK)
			goto cleanup;
		for (size_t t = 0; t < nt; t++)
			if (sim[l * nt + t] > r->threat_best[t])
				r->threat_best[t] = sim[l * nt + t];
	}
	/* the limit hits go with the result */
	r->limits = c->limits;
	r->n_limits = c->n_limits;
	c->limits = NULL;
	c->n_limits = c->limits_alloc = 0;
	if (assign_restating(sim, n_lines, nt, &o, r->threat_line) != GRADER_OK ||
	    build_result(r, c, sub, sim, codes, readings, &o) != GRADER_OK)
		goto cleanup;
	ok = 1;
cleanup:
	free(sim);
	free(codes);
	free(kept.line);
	grader_pool_release(&kept.pool);
	if (c == &own)
		grader_ctx_release(c);
	if (!ok) {
		grader_result_free(r);
		return NULL;
	}
	return r;
}

/* ==== Result accessors ========================================================= */

double grader_result_score(const struct grader_result *r)
{
	return r != NULL && r->max_points > 0 ? 100.0 * r->points / r->max_points : 0;
}

double grader_result_points(const struct grader_result *r)
{
	return r != NULL ? r->points : 0;
}

double grader_result_max_points(const struct grader_result *r)
{
	return r != NULL ? r->max_points : 0;
}

bool grader_result_passed(const struct grader_result *r)
{
	if (r == NULL)
		return false;
	return r->pass_mark < 0 || grader_result_score(r) + 1e-9 >= r->pass_mark;
}

size_t grader_result_found_count(const struct grader_result *r)
{
	return r != NULL ? r->n_found : 0;
}

size_t grader_result_found_threat(const struct grader_result *r, size_t i)
{
	return r != NULL && i < r->n_found ? r->found[i].threat : 0;
}

size_t grader_result_found_line(const struct grader_result *r, size_t i)
{
	return r != NULL && i < r->n_found ? r->found[i].line : 0;
}

double grader_result_found_similarity(const struct grader_result *r, size_t i)
{
	return r != NULL && i < r->n_found ? r->found[i].sim : 0;
}

const char *grader_result_found_why(const struct grader_result *r, size_t i)
{
	return r != NULL && i < r->n_found ? r->found[i].why : "";
}

size_t grader_result_missed_count(const struct grader_result *r)
{
	return r != NULL ? r->n_missed : 0;
}

size_t grader_result_missed_threat(const struct grader_result *r, size_t i)
{
	return r != NULL && i < r->n_missed ? r->missed[i] : 0;
}

size_t grader_result_unmatched_count(const struct grader_result *r)
{
	return r != NULL ? r->n_unmatched : 0;
}

size_t grader_result_unmatched_line(const struct grader_result *r, size_t i)
{
	return r != NULL && i < r->n_unmatched ? r->unmatched[i].line : 0;
}

long grader_result_unmatched_closest(const struct grader_result *r, size_t i)
{
	return r != NULL && i < r->n_unmatched ? r->unmatched[i].closest : -1;
}

double grader_result_unmatched_similarity(const struct grader_result *r, size_t i)
{
	return r != NULL && i < r->n_unmatched ? r->unmatched[i].sim : 0;
}

long grader_result_threat_line(const struct grader_result *r, size_t t)
{
	return r != NULL && t < r->n_found + r->n_missed ? r->threat_line[t] : -1;
}

double grader_result_threat_best(const struct grader_result *r, size_t t)
{
	return r != NULL && t < r->n_found + r->n_missed ? r->threat_best[t] : 0;
}

unsigned grader_result_stride_key(const struct grader_result *r)
{
	return r != NULL ? r->stride_key : 0;
}

unsigned grader_result_stride_found(const struct grader_result *r)
{
	return r != NULL ? r->stride_found : 0;
}

unsigned grader_result_stride_missed(const struct grader_result *r)
{
	return r != NULL ? r->stride_key & ~r->stride_found : 0;
}

size_t grader_result_stride_labelled(const struct grader_result *r)
{
	return r != NULL ? r->stride_labelled : 0;
}

size_t grader_result_stride_agreed(const struct grader_result *r)
{
	return r != NULL ? r->stride_agreed : 0;
}

size_t grader_result_severity_labelled(const struct grader_result *r)
{
	return r != NULL ? r->sev_labelled : 0;
}

size_t grader_result_severity_agreed(const struct grader_result *r)
{
	return r != NULL ? r->sev_agreed : 0;
}

size_t grader_result_limit_count(const struct grader_result *r)
{
	return r != NULL ? r->n_limits : 0;
}

size_t grader_result_limit_threat(const struct grader_result *r, size_t i)
{
	return r != NULL && i < r->n_limits ? r->limits[i].threat : 0;
}

size_t grader_result_limit_pattern(const struct grader_result *r, size_t i)
{
	return r != NULL && i < r->n_limits ? r->limits[i].pattern : 0;
}

size_t grader_result_limit_line(const struct grader_result *r, size_t i)
{
	return r != NULL && i < r->n_limits ? r->limits[i].line : 0;
}

/* ==== Short answers ============================================================ */

double grader_text_similarity(const struct grader_lexicon *lex, const char *answer,
			      const char *accepted, char *why, size_t why_size)
{
	struct grader_key *key = NULL;
	double sim = -1;
	int rc;

	if (why != NULL && why_size > 0)
		why[0] = '\0';
	if (answer == NULL || accepted == NULL)
		return -1;
	rc = grader_key_from_text(lex, accepted, &key);
	if (rc == GRADER_EINVALID)
		return 0;   /* nothing in the accepted text to be like */
	if (rc == GRADER_OK)
		sim = grader_answer_similarity(key, answer, why, why_size);
	grader_key_free(key);
	return sim;
}

int grader_line_scores(const struct grader_key *key, const char *line, unsigned stride,
		       double *sims, char **whys, size_t why_size)
{
	struct grader_ctx c;
	size_t nt = grader_key_threat_count(key);
	int *codes = NULL, rc = GRADER_EINVALID;
	struct line_reading reading;
	struct line_readings kept = { &reading, 0, { NULL } };

	grader_ctx_init(&c, NULL);
	if (key == NULL || !key->prepared || line == NULL || sims == NULL)
		goto cleanup;
	rc = GRADER_ENOMEM;
	codes = malloc((nt > 0 ? nt : 1) * sizeof(*codes));
	if (codes == NULL)
		goto cleanup;
	grader_ctx_init(&c, key);
	if (score_line(&c, line, stride, sims, codes, NULL, NULL, NULL, 0) != GRADER_OK)
		goto cleanup;
	/* the line read once, notes and all, for every threat's why */
	if (whys != NULL && (grader_ctx_analyze(&c, line, strlen(line), 1) != GRADER_OK ||
			     keep_reading(&c, &kept, 0) != GRADER_OK))
		goto cleanup;
	for (size_t t = 0; whys != NULL && t < nt; t++) {
		if (whys[t] == NULL || why_size == 0)
			continue;
		whys[t][0] = '\0';
		if (sims[t] > 0 &&
		    explain(&c, line, &reading, t, codes[t], whys[t], why_size) != GRADER_OK)
			goto cleanup;
	}
	rc = GRADER_OK;
cleanup:
	free(codes);
	grader_pool_release(&kept.pool);
	grader_ctx_release(&c);
	return rc;
}

double grader_answer_similarity(const struct grader_key *key, const char *answer, char *why,
				size_t why_size)
{
	struct grader_ctx c;
	double sim = -1;
	int code = MATCH_NONE;

	grader_ctx_init(&c, NULL);
	if (why != NULL && why_size > 0)
		why[0] = '\0';
	if (key == NULL || answer == NULL || grader_key_threat_count(key) != 1)
		goto cleanup;
	grader_ctx_init(&c, key);
	if (score_line(&c, answer, 0, &sim, &code, NULL, NULL, NULL, 0) != GRADER_OK) {
		sim = -1;
		goto cleanup;
	}
	/* one reference answer, no rivals: the raw similarity is the measure
	 * (the calibration was fitted on threat keys) */
	if (code != MATCH_NONE && code >= 0)
		sim = c.pairs[0].raw;
	if (why != NULL && why_size > 0 && explain(&c, answer, NULL, 0, code, why, why_size) != GRADER_OK)
		sim = -1;
cleanup:
	grader_ctx_release(&c);
	return sim;
}
