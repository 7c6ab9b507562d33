/*
 * calibrate.c: from what a line shares with a threat to the probability that a
 * human grader credits the pair.
 *
 * The raw similarity of grade.c looks at one threat at a time. Graders also
 * look across the key: a line that fits one threat clearly better than every
 * other is about that threat, and a line that fits three threats about
 * equally is usually about none of them (an asset they share, a generic
 * complaint). So the score is a logistic regression over the raw similarity,
 * the features behind it, and the line's lead over its next best threat.
 * This file also keeps each threat's best documents for the current line,
 * applies the learner's STRIDE label, and holds the hard rules' ceilings.
 *
 * The weights are fitted by tests/eval/calibrate.py on the labelled practice
 * split of tests/eval (lists written the way practitioners write them; never
 * on dev, holdout or blind, which measure the fit); refit them with
 * `make calibrate` after any change to the features or the raw similarity.
 */
#include <math.h>
#include <string.h>

#include "grader_internal.h"

/* Factor on the raw similarity of a threat in the STRIDE category the learner
 * labelled the line with, before calibration: a tie-breaker between close
 * threats, never enough on its own. */
#define STRIDE_LABEL_FACTOR 1.1

/* Highest calibrated score of a pair a mechanism rule capped: below the
 * default threshold (0.45), and never above this share of the threshold in
 * use, so that a lower --threshold cannot let an asset-only line earn. */
#define CAPPED_SCORE 0.4
#define CAPPED_SHARE 0.9

/* Factor on an alias's raw similarity: aliases are the author's own phrasings
 * of the threat, matched as before calibration, where 0.5 was the threshold;
 * 0.9 puts that at the calibrated default, 0.45. */
#define ALIAS_SCALE 0.9

/* Ceiling, as a factor on the raw similarity, of a pair whose title names no
 * mechanism the grader knows (pair_ceiling): the same mapping of the old raw
 * threshold onto the default as aliases get. */
#define NO_MECHANISM_SCALE ALIAS_SCALE

static const char *const feature_names[GRADER_N_FEATURES] = {
	"line_explained",    /* p: share of the line's weight the threat explains */
	"title_covered",     /* rcore */
	"text_covered",      /* rall: title + description, saturated */
	"title_distinctive", /* dcore */
	"desc_distinctive",  /* ddesc */
	"mechanism_shared",  /* lexmech */
	"mechanism_missing", /* the title names a mechanism the line lacks */
	"words_matched",     /* nmatch */
	"words_shared",      /* shared words, 6 or more = 1 */
	"negation_clash",    /* neg_clash */
	"raw_similarity",
	"lead",              /* how far raw is ahead of the line's next best threat */
	"is_best",           /* 1 when no other threat fits the line better */
	"evidence",          /* weight shared in rare words, 4 or more = 1 */
	"line_terms",        /* distinct terms of the line, 20 or more = 1 */
};

/* Fitted weights, in feature order, then the intercept (make calibrate). */
static const double calib_weights[GRADER_N_FEATURES + 1] = {
	0.7161, /* line_explained */
	0.8214, /* title_covered */
	0.8338, /* text_covered */
	0.4906, /* title_distinctive */
	0.4103, /* desc_distinctive */
	-0.6417, /* mechanism_shared */
	-1.1879, /* mechanism_missing */
	0.6636, /* words_matched */
	0.7962, /* words_shared */
	-0.2862, /* negation_clash */
	0.8970, /* raw_similarity */
	0.9573, /* lead */
	1.7555, /* is_best */
	1.1873, /* evidence */
	-1.2214, /* line_terms */
	-3.7771, /* intercept */
};

const char *grader_feature_name(size_t i)
{
	return i < GRADER_N_FEATURES ? feature_names[i] : NULL;
}

static void calib_inputs(const struct grader_features *f, double raw, double best_other,
			 double *x)
{
	x[0] = f->p;
	x[1] = f->rcore;
	x[2] = f->rall;
	x[3] = f->dcore;
	x[4] = f->ddesc;
	x[5] = f->lexmech;
	x[6] = f->mech_title && f->lexmech <= 0 ? 1 : 0;
	x[7] = f->nmatch;
	x[8] = (f->shared < 6 ? f->shared : 6) / 6.0;
	x[9] = f->neg_clash;
	x[10] = raw;
	/* only a lead counts: a line about two threats can still earn the one
	 * that fits it less when another line takes the first */
	x[11] = raw > best_other ? raw - best_other : 0;
	x[12] = raw >= best_other ? 1 : 0;
	x[13] = fmin(f->evidence, 4.0) / 4.0;
	x[14] = fmin((double)f->line_terms, 20.0) / 20.0;
}

static double calib_probability(const double *x)
{
	double z = calib_weights[GRADER_N_FEATURES];

	for (size_t i = 0; i < GRADER_N_FEATURES; i++)
		z += calib_weights[i] * x[i];
	if (z > 30)
		z = 30;
	if (z < -30)
		z = -30;
	return 1.0 / (1.0 + exp(-z));
}

/* ==== From raw similarities to scores ========================================== */

/*
 * The learner's own STRIDE label of a line is a soft prior: the raw
 * similarities of threats of that category get STRIDE_LABEL_FACTOR (capped at
 * 1) before calibration, so that between two close threats the labelled
 * category leads.
 */
void grader_pair_stride_label(struct grader_ctx *c, unsigned stride)
{
	for (size_t t = 0; t < c->key->n_threats; t++) {
		struct grader_pair *pr = &c->pairs[t];

		if (!(c->key->threats[t].stride & stride))
			continue;
		pr->raw = fmin(1.0, pr->raw * STRIDE_LABEL_FACTOR);
		pr->text_raw = fmin(1.0, pr->text_raw * STRIDE_LABEL_FACTOR);
		pr->alias_raw = fmin(1.0, pr->alias_raw * STRIDE_LABEL_FACTOR);
	}
}

/* Keeps document d's raw similarity in its threat's pair when it is the best so far. */
void grader_pair_record(struct grader_pair *pr, int d, int is_alias, double sim,
			const struct grader_features *f)
{
	if (sim > pr->raw)
		pr->raw = sim;
	if (is_alias && sim > pr->alias_raw) {
		pr->alias_raw = sim;
		pr->alias_doc = d;
	} else if (!is_alias && sim > 0) {
		pr->text_raw = sim;
		pr->text_doc = d;
		pr->text = *f;
	}
}

/*
 * The highest calibrated score the title + description of a pair may get. The
 * mechanism rules of doc_similarity stay hard rules: a line that shares only
 * the asset never earns the threat (CAPPED_SCORE). A title that names no
 * mechanism the grader knows leaves the features little to go on: calibration
 * may lower such a pair, never raise it above its scaled raw similarity.
 */
static double pair_ceiling(const struct grader_pair *pr, double threshold)
{
	double top = 1.0;

	if (pr->text.capped)
		top = fmin(CAPPED_SCORE, CAPPED_SHARE * threshold);
	if (!pr->text.mech_title && NO_MECHANISM_SCALE * pr->text_raw < top)
		top = NO_MECHANISM_SCALE * pr->text_raw;
	return top;
}

/*
 * Turns the raw similarities of the current line (c->pairs) into scores:
 * the title + description's calibrated score (what the line shares with the
 * threat, and how far ahead of the line's next best threat it is), or an
 * alias's raw similarity scaled by ALIAS_SCALE, whichever is higher. codes[t]
 * (optional) receives the document that won. When x is not NULL it receives
 * the calibration inputs (n_threats rows of GRADER_N_FEATURES; zero rows for
 * threats whose title and description share nothing with the line), and
 * ceiling (optional) the highest score pair_ceiling() allows each pair.
 */
void grader_calibrate_line(struct grader_ctx *c, double *sims, int *codes, double *x,
			   double *ceiling)
{
	size_t nt = c->key->n_threats, first = nt;
	double top = 0, second = 0;

	for (size_t t = 0; t < nt; t++) {
		if (c->pairs[t].raw > top) {
			second = top;
			top = c->pairs[t].raw;
			first = t;
		} else if (c->pairs[t].raw > second) {
			second = c->pairs[t].raw;
		}
	}
	for (size_t t = 0; t < nt; t++) {
		const struct grader_pair *pr = &c->pairs[t];
		double in[GRADER_N_FEATURES], alias = ALIAS_SCALE * pr->alias_raw;
		double *row = x != NULL ? x + t * GRADER_N_FEATURES : in;

		sims[t] = 0;
		if (x != NULL)
			memset(row, 0, GRADER_N_FEATURES * sizeof(double));
		if (ceiling != NULL)
			ceiling[t] = 0;
		if (pr->text_raw > 0) {
			double top_score = pair_ceiling(pr, c->threshold);

			calib_inputs(&pr->text, pr->text_raw, t == first ? second : top, row);
			sims[t] = fmin(calib_probability(row), top_score);
			if (ceiling != NULL)
				ceiling[t] = top_score;
		}
		if (codes != NULL)
			codes[t] = pr->text_doc;
		if (alias > sims[t]) {
			sims[t] = alias;
			if (codes != NULL)
				codes[t] = pr->alias_doc;
		}
	}
}
