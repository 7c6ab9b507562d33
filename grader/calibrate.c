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
 *
 * The weights are fitted by tests/eval/calibrate.py on the labelled practice
 * split of tests/eval (lists written the way practitioners write them; never
 * on dev, holdout or blind, which measure the fit); refit them with
 * `make calibrate` after any change to the features or the raw similarity.
 */
#include <math.h>

#include "grader_internal.h"

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
	0.7695, /* line_explained */
	0.7683, /* title_covered */
	0.9125, /* text_covered */
	0.4543, /* title_distinctive */
	0.4611, /* desc_distinctive */
	-0.8783, /* mechanism_shared */
	-1.2057, /* mechanism_missing */
	0.6345, /* words_matched */
	0.8749, /* words_shared */
	-0.2610, /* negation_clash */
	0.9051, /* raw_similarity */
	0.9597, /* lead */
	1.7642, /* is_best */
	1.2007, /* evidence */
	-1.2315, /* line_terms */
	-3.7297, /* intercept */
};

const char *grader_feature_name(size_t i)
{
	return i < GRADER_N_FEATURES ? feature_names[i] : NULL;
}

void grader_calib_inputs(const struct grader_features *f, double raw, double best_other,
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

double grader_calib_probability(const double *x)
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
