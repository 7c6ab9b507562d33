/*
 * calibrate.c: from what a line shares with a threat to the probability that a
 * human grader credits the pair.
 *
 * The raw similarity of grade.c looks at one threat at a time. Graders also
 * look across the key: a line that fits one threat clearly better than every
 * other is about that threat, and a line that fits three threats about
 * equally is usually about none of them (an asset they share, a generic
 * complaint). So the score is a logistic regression over the raw similarity,
 * the features behind it, and the line's lead over its next best threat, and
 * over the products of every two of these (second order: whether a line's
 * coverage of a title counts depends on how long the line is, how distinctive
 * the shared words are, whether it is the line's best threat...).
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

/* The smaller of two numbers (none of ours is a NaN; fmin is a call). */
static inline double min2(double a, double b)
{
	return a < b ? a : b;
}

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

/* Products of two calibration inputs: (0,1), (0,2) ... (13,14). */
#define GRADER_N_PAIRS (GRADER_N_FEATURES * (GRADER_N_FEATURES - 1) / 2)

/* Fitted weights, in feature order, then the intercept (make calibrate). */
static const double calib_weights[GRADER_N_FEATURES + 1] = {
	-0.0036, /* line_explained */
	0.1934, /* title_covered */
	0.0916, /* text_covered */
	0.1438, /* title_distinctive */
	0.0580, /* desc_distinctive */
	-0.5509, /* mechanism_shared */
	-1.1509, /* mechanism_missing */
	-0.2185, /* words_matched */
	-0.1003, /* words_shared */
	-0.2144, /* negation_clash */
	0.0303, /* raw_similarity */
	0.1656, /* lead */
	0.3412, /* is_best */
	0.1331, /* evidence */
	-1.1691, /* line_terms */
	-3.3077, /* intercept */
};
/* Fitted weights of the products of two inputs, i < j (make calibrate). */
static const double calib_pair_weights[GRADER_N_PAIRS] = {
	0.2103, /* line_explained * title_covered */
	0.2062, /* line_explained * text_covered */
	0.0849, /* line_explained * title_distinctive */
	0.0391, /* line_explained * desc_distinctive */
	0.0715, /* line_explained * mechanism_shared */
	0.1436, /* line_explained * mechanism_missing */
	0.2918, /* line_explained * words_matched */
	0.3568, /* line_explained * words_shared */
	0.0500, /* line_explained * negation_clash */
	0.2094, /* line_explained * raw_similarity */
	0.1163, /* line_explained * lead */
	0.2534, /* line_explained * is_best */
	0.3556, /* line_explained * evidence */
	0.0857, /* line_explained * line_terms */
	0.1735, /* title_covered * text_covered */
	0.0884, /* title_covered * title_distinctive */
	0.0493, /* title_covered * desc_distinctive */
	0.1503, /* title_covered * mechanism_shared */
	0.1421, /* title_covered * mechanism_missing */
	0.2490, /* title_covered * words_matched */
	0.2902, /* title_covered * words_shared */
	0.0322, /* title_covered * negation_clash */
	0.2066, /* title_covered * raw_similarity */
	0.1183, /* title_covered * lead */
	0.2709, /* title_covered * is_best */
	0.2893, /* title_covered * evidence */
	0.1011, /* title_covered * line_terms */
	0.0807, /* text_covered * title_distinctive */
	0.0600, /* text_covered * desc_distinctive */
	0.0716, /* text_covered * mechanism_shared */
	0.1642, /* text_covered * mechanism_missing */
	0.2553, /* text_covered * words_matched */
	0.2973, /* text_covered * words_shared */
	0.0319, /* text_covered * negation_clash */
	0.1909, /* text_covered * raw_similarity */
	0.1133, /* text_covered * lead */
	0.2677, /* text_covered * is_best */
	0.3050, /* text_covered * evidence */
	0.0748, /* text_covered * line_terms */
	0.0153, /* title_distinctive * desc_distinctive */
	0.1002, /* title_distinctive * mechanism_shared */
	0.0564, /* title_distinctive * mechanism_missing */
	0.1192, /* title_distinctive * words_matched */
	0.1226, /* title_distinctive * words_shared */
	0.0306, /* title_distinctive * negation_clash */
	0.1057, /* title_distinctive * raw_similarity */
	0.0548, /* title_distinctive * lead */
	0.1134, /* title_distinctive * is_best */
	0.1266, /* title_distinctive * evidence */
	0.0724, /* title_distinctive * line_terms */
	0.0106, /* desc_distinctive * mechanism_shared */
	0.0878, /* desc_distinctive * mechanism_missing */
	0.0929, /* desc_distinctive * words_matched */
	0.1019, /* desc_distinctive * words_shared */
	0.0205, /* desc_distinctive * negation_clash */
	0.0469, /* desc_distinctive * raw_similarity */
	0.0202, /* desc_distinctive * lead */
	0.0707, /* desc_distinctive * is_best */
	0.0968, /* desc_distinctive * evidence */
	0.0511, /* desc_distinctive * line_terms */
	0.0000, /* mechanism_shared * mechanism_missing */
	0.0075, /* mechanism_shared * words_matched */
	0.0707, /* mechanism_shared * words_shared */
	-0.0165, /* mechanism_shared * negation_clash */
	0.1275, /* mechanism_shared * raw_similarity */
	0.1394, /* mechanism_shared * lead */
	0.1255, /* mechanism_shared * is_best */
	0.1139, /* mechanism_shared * evidence */
	-0.2653, /* mechanism_shared * line_terms */
	0.1194, /* mechanism_missing * words_matched */
	0.1725, /* mechanism_missing * words_shared */
	-0.1130, /* mechanism_missing * negation_clash */
	0.1226, /* mechanism_missing * raw_similarity */
	0.0741, /* mechanism_missing * lead */
	0.4490, /* mechanism_missing * is_best */
	0.2625, /* mechanism_missing * evidence */
	-0.4480, /* mechanism_missing * line_terms */
	0.3925, /* words_matched * words_shared */
	0.0217, /* words_matched * negation_clash */
	0.2573, /* words_matched * raw_similarity */
	0.1717, /* words_matched * lead */
	0.4083, /* words_matched * is_best */
	0.4436, /* words_matched * evidence */
	-0.0660, /* words_matched * line_terms */
	0.0474, /* words_shared * negation_clash */
	0.3054, /* words_shared * raw_similarity */
	0.1749, /* words_shared * lead */
	0.4866, /* words_shared * is_best */
	0.5144, /* words_shared * evidence */
	-0.0207, /* words_shared * line_terms */
	0.0389, /* negation_clash * raw_similarity */
	0.0213, /* negation_clash * lead */
	0.0689, /* negation_clash * is_best */
	0.0646, /* negation_clash * evidence */
	-0.1120, /* negation_clash * line_terms */
	0.1405, /* raw_similarity * lead */
	0.2565, /* raw_similarity * is_best */
	0.3218, /* raw_similarity * evidence */
	0.0484, /* raw_similarity * line_terms */
	0.1656, /* lead * is_best */
	0.1785, /* lead * evidence */
	0.0957, /* lead * line_terms */
	0.4737, /* is_best * evidence */
	0.2407, /* is_best * line_terms */
	0.0986, /* evidence * line_terms */
};

const char *grader_feature_name(size_t i)
{
	return i < GRADER_N_FEATURES ? feature_names[i] : NULL;
}

static inline void calib_inputs(const struct grader_features *f, double raw, double best_other,
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
	x[13] = min2(f->evidence, 4.0) / 4.0;
	x[14] = min2((double)f->line_terms, 20.0) / 20.0;
}

/* Where row i of the products starts in calib_pair_weights: the weights of
 * x[i] * x[j] for j = i + 1 .. GRADER_N_FEATURES - 1, in that order. */
static size_t pair_row(size_t i)
{
	return i * (2 * GRADER_N_FEATURES - i - 1) / 2;
}

/* Row i of the products: its entry j - (i + 1) weighs x[i] * x[j], for j > i. */
static const double *pair_weights_of(size_t i)
{
	return calib_pair_weights + pair_row(i);
}

/*
 * The sums of four rows of products at once: inner[k] for input nz[k] is its
 * weight plus its products with every later nonzero input nz[k + 1 .. n - 1].
 * Each sum is added up in the order one row alone would use (same result to
 * the bit); the four chains run side by side instead of one after another,
 * which is what the time of a sum of 60 products is made of.
 */
static void row_sums4(const size_t *nz, size_t n, const double *x, double *inner)
{
	const double *r0 = pair_weights_of(nz[0]), *r1 = pair_weights_of(nz[1]);
	const double *r2 = pair_weights_of(nz[2]), *r3 = pair_weights_of(nz[3]);
	const size_t k0 = nz[0] + 1, k1 = nz[1] + 1, k2 = nz[2] + 1, k3 = nz[3] + 1;
	double s0 = calib_weights[nz[0]], s1 = calib_weights[nz[1]];
	double s2 = calib_weights[nz[2]], s3 = calib_weights[nz[3]];

	s0 += r0[nz[1] - k0] * x[nz[1]];
	s0 += r0[nz[2] - k0] * x[nz[2]];
	s1 += r1[nz[2] - k1] * x[nz[2]];
	s0 += r0[nz[3] - k0] * x[nz[3]];
	s1 += r1[nz[3] - k1] * x[nz[3]];
	s2 += r2[nz[3] - k2] * x[nz[3]];
	for (size_t b = 4; b < n; b++) {
		size_t j = nz[b];
		double xj = x[j];

		s0 += r0[j - k0] * xj;
		s1 += r1[j - k1] * xj;
		s2 += r2[j - k2] * xj;
		s3 += r3[j - k3] * xj;
	}
	inner[0] = s0;
	inner[1] = s1;
	inner[2] = s2;
	inner[3] = s3;
}

/* The calibrated probability of inputs x: the products run over the nonzero
 * inputs only (a weak pair has few), four rows at a time, which keeps grading
 * above 20,000 submissions/s. */
static double calib_probability(const double *x)
{
	double z = calib_weights[GRADER_N_FEATURES];
	size_t nz[GRADER_N_FEATURES], n = 0, a = 0;

	for (size_t i = 0; i < GRADER_N_FEATURES; i++)
		if (x[i] != 0)
			nz[n++] = i;
	for (; a + 4 <= n; a += 4) {
		double inner[4];

		row_sums4(nz + a, n - a, x, inner);
		for (size_t k = 0; k < 4; k++)
			z += x[nz[a + k]] * inner[k];
	}
	for (; a < n; a++) {
		const double *row = pair_weights_of(nz[a]);
		double inner = calib_weights[nz[a]];

		for (size_t b = a + 1; b < n; b++)
			inner += row[nz[b] - (nz[a] + 1)] * x[nz[b]];
		z += x[nz[a]] * inner;
	}
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
		top = min2(CAPPED_SCORE, CAPPED_SHARE * threshold);
	if (!pr->text.mech_title && NO_MECHANISM_SCALE * pr->text_raw < top)
		top = NO_MECHANISM_SCALE * pr->text_raw;
	return top;
}

/* ==== Skipping the pairs that cannot matter ===================================== */

/* Calibrated scores are 1 / (1 + exp(-z)) with z clamped to [-30, 30], so the
 * lowest is about 9.4e-14: nothing is skipped for a score of 1e-13 or less
 * (z_below), which keeps the clamp out of the comparison. And a margin far
 * above the rounding of a sum of 120 products, so that a bound that ties a
 * score never counts as below it. */
#define CALIB_SCORE_MIN 1e-13
#define BOUND_MARGIN 1e-9

/* The z below which a calibrated score is surely below v: -infinity when no
 * score can be (v at or under the lowest score), +infinity when every score is
 * (v at 1 or more: the highest is 1 / (1 + exp(-30))). */
static double z_below(double v)
{
	if (v <= CALIB_SCORE_MIN)
		return -INFINITY;
	if (v >= 1)
		return INFINITY;
	return log(v / (1 - v)) - BOUND_MARGIN;
}

void grader_calibrate_init(struct grader_ctx *c)
{
	for (size_t i = 0; i < GRADER_N_FEATURES; i++) {
		const double *row = pair_weights_of(i);

		c->bound_rows[i] = calib_weights[i];
		for (size_t j = i + 1; j < GRADER_N_FEATURES; j++)
			if (row[j - (i + 1)] > 0)
				c->bound_rows[i] += row[j - (i + 1)];
	}
}

/*
 * An upper bound of the z of the inputs of a pair (calib_inputs of f, raw and
 * best_other) at a fraction of its cost. With every input in [0, 1], row i's
 * sum (its weight plus its products with the later inputs) is at most its
 * weight plus its positive product weights, c->bound_rows[i]. +infinity (no
 * bound) when an input lies outside [0, 1]. The inputs stay in registers:
 * made as calib_inputs makes them and summed in the same order.
 */
static double calib_bound_z(const struct grader_ctx *c, const struct grader_features *f,
			    double raw, double best_other)
{
	const double *b = c->bound_rows;
	double x[GRADER_N_FEATURES], z = calib_weights[GRADER_N_FEATURES];
	bool out = false;

	calib_inputs(f, raw, best_other, x);
#pragma GCC unroll 16
	for (size_t i = 0; i < GRADER_N_FEATURES; i++) {
		z += x[i] * b[i];
		out |= (x[i] < 0) | (x[i] > 1);
	}
	return out ? INFINITY : z;
}

/* Whether pair pr's score is surely below v (z_v = z_below(v)): its ceiling
 * is, or its bound is. */
static bool pair_below(const struct grader_pair *pr, double v, double z_v)
{
	return pr->ceiling < v || pr->bound_z < z_v;
}

/*
 * Whether threat t's calibrated score cannot matter, so that it need not be
 * computed: it is surely below the threshold (it earns nothing) and below a
 * score the line already has (it is not the line's closest threat).
 */
static bool pair_moot(const struct grader_ctx *c, size_t t, double line_floor,
		      double z_threshold, double z_floor)
{
	const struct grader_pair *pr = &c->pairs[t];

	return pr->pattern < 0 && pair_below(pr, c->threshold, z_threshold) &&
	       pair_below(pr, line_floor, z_floor);
}

/* What scoring the pairs of one line shares: where the outputs go, the
 * line's two best raw similarities, and while pruning the scores to beat. */
struct line_scores {
	double *sims, *x, *ceiling;
	int *codes;
	size_t first;                 /* the threat of the best raw similarity */
	double top, second;           /* the best two raw similarities */
	bool prune;
	double line_floor, z_floor;   /* the line's best score so far, its z_below */
	double z_threshold;
};

/* Gives threat t of the line no score: what a threat the line shares
 * nothing with gets, and where scoring a pair starts. */
static inline void score_none(const struct grader_ctx *c, struct line_scores *ls, size_t t)
{
	ls->sims[t] = 0;
	if (ls->x != NULL)
		memset(ls->x + t * GRADER_N_FEATURES, 0, GRADER_N_FEATURES * sizeof(double));
	if (ls->ceiling != NULL)
		ls->ceiling[t] = 0;
	if (ls->codes != NULL)
		ls->codes[t] = c->pairs[t].text_doc;
}

/* Scores threat t of the line (see grader_calibrate_line). */
static void score_pair(const struct grader_ctx *c, struct line_scores *ls, size_t t)
{
	const struct grader_pair *pr = &c->pairs[t];
	double in[GRADER_N_FEATURES], alias = ALIAS_SCALE * pr->alias_raw;
	double *row = ls->x != NULL ? ls->x + t * GRADER_N_FEATURES : in;
	double *sim = &ls->sims[t];

	score_none(c, ls, t);
	if (pr->text_raw > 0 &&
	    !(ls->prune && pair_moot(c, t, ls->line_floor, ls->z_threshold, ls->z_floor))) {
		double top_score = pair_ceiling(pr, c->threshold);

		calib_inputs(&pr->text, pr->text_raw, t == ls->first ? ls->second : ls->top, row);
		*sim = min2(calib_probability(row), top_score);
		if (ls->ceiling != NULL)
			ls->ceiling[t] = top_score;
	}
	if (alias > *sim) {
		*sim = alias;
		if (ls->codes != NULL)
			ls->codes[t] = pr->alias_doc;
	}
	if (ls->prune && *sim > ls->line_floor) {
		ls->line_floor = *sim;
		ls->z_floor = z_below(ls->line_floor);
	}
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
 *
 * When grading set c->prune and x is NULL, a pair whose score cannot matter
 * (pair_moot) gets its alias's score alone, which is at most its real score:
 * the threats earned and each line's closest threat and score stay what the
 * full computation gives, and so does each threat's best score where it
 * reaches the threshold. The pair with the highest bound is computed first,
 * so that the line's best score known so far is high early.
 */
void grader_calibrate_line(struct grader_ctx *c, double *sims, int *codes, double *x,
			   double *ceiling)
{
	size_t nt = c->key->n_threats, lead = nt;
	double lead_z = -INFINITY;
	struct line_scores ls = { sims, x, ceiling, codes, nt, 0, 0,
				  c->prune && x == NULL, 0, -INFINITY, 0 };

	for (size_t t = 0; t < nt; t++) {
		if (c->pairs[t].raw > ls.top) {
			ls.second = ls.top;
			ls.top = c->pairs[t].raw;
			ls.first = t;
		} else if (c->pairs[t].raw > ls.second) {
			ls.second = c->pairs[t].raw;
		}
	}
	if (ls.prune) {
		ls.z_threshold = z_below(c->threshold);
		for (size_t t = 0; t < nt; t++) {
			struct grader_pair *pr = &c->pairs[t];

			if (ALIAS_SCALE * pr->alias_raw > ls.line_floor)
				ls.line_floor = ALIAS_SCALE * pr->alias_raw;
			if (pr->text_raw <= 0)
				continue;
			pr->bound_z = calib_bound_z(c, &pr->text, pr->text_raw,
						    t == ls.first ? ls.second : ls.top);
			pr->ceiling = pair_ceiling(pr, c->threshold);
			if (pr->bound_z > lead_z || lead == nt) {
				lead_z = pr->bound_z;
				lead = t;
			}
		}
		ls.z_floor = z_below(ls.line_floor);
	}
	/* the lead pair first (the line's best score is known early), then
	 * every other one in order */
	if (lead < nt)
		score_pair(c, &ls, lead);
	for (size_t t = 0; t < nt; t++) {
		if (t == lead)
			continue;
		if (c->pairs[t].raw > 0)
			score_pair(c, &ls, t);
		else
			score_none(c, &ls, t);   /* the line shares nothing with it */
	}
}
