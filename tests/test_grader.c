/*
 * test_grader.c: unit tests of libtmgrader: normalization, stemming, lexicon,
 * typos, asset-only lines, assignment, scoring, patterns and limits, UTF-8.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grader.h"
#include "grader_internal.h"

/* ==== Helpers ================================================================== */

static struct grader_lexicon *small_lexicon(void)
{
	struct grader_lexicon *lex = grader_lexicon_new();
	static const char *const leak[] = { "disclosure", "leak", "exposure" };
	static const char *const spoof[] = { "spoof", "forge", "impersonate" };
	static const char *const sqli[] = { "sql injection", "sql query injection" };

	assert_non_null(lex);
	assert_int_equal(grader_lexicon_add_expansion(lex, "sqli", "sql injection"), GRADER_OK);
	assert_int_equal(grader_lexicon_add_expansion(lex, "mitm", "man in the middle"), GRADER_OK);
	assert_int_equal(grader_lexicon_add_synonyms(lex, leak, 3), GRADER_OK);
	assert_int_equal(grader_lexicon_add_synonyms(lex, spoof, 3), GRADER_OK);
	/* the attack's name is security vocabulary: a line must name it */
	assert_int_equal(grader_lexicon_add_synonyms(lex, sqli, 2), GRADER_OK);
	for (const char *const *w = (const char *const[]){ "the", "a", "in", "is", "of", "not",
							   "can", NULL }; *w != NULL; w++)
		assert_int_equal(grader_lexicon_add_stopword(lex, *w), GRADER_OK);
	assert_int_equal(grader_lexicon_add_generic(lex, "attacker"), GRADER_OK);
	assert_int_equal(grader_lexicon_add_generic(lex, "data"), GRADER_OK);
	return lex;
}

/* Adds a threat with n_patterns author patterns (patterns may be NULL for none). */
static void add_threat_with(struct grader_key *key, const char *id, const char *title,
			    const char *desc, unsigned stride, enum grader_severity sev,
			    const char *const *patterns, size_t n_patterns)
{
	struct grader_threat_spec spec;
	struct grader_error err;

	memset(&spec, 0, sizeof(spec));
	spec.id = id;
	spec.title = title;
	spec.description = desc;
	spec.stride = stride;
	spec.severity = sev;
	spec.patterns = patterns;
	spec.n_patterns = n_patterns;
	assert_int_equal(grader_key_add_threat(key, &spec, &err), GRADER_OK);
}

static void add_threat(struct grader_key *key, const char *id, const char *title,
		       const char *desc, unsigned stride, enum grader_severity sev)
{
	add_threat_with(key, id, title, desc, stride, sev, NULL, 0);
}

/* A small invoicing key: three threats that share the "invoice" asset. */
/* The invoice key's threats, not prepared. */
static struct grader_key *invoice_threats(void)
{
	struct grader_key *key = grader_key_new("invoices");

	assert_non_null(key);
	add_threat(key, "I01", "SQL injection in invoice search",
		   "The search box builds its SQL query by string concatenation.",
		   GRADER_STRIDE_T, GRADER_SEV_CRITICAL);
	add_threat(key, "I02", "Invoice PDFs exposed through guessable URLs",
		   "PDF links use sequential numbers and need no login.",
		   GRADER_STRIDE_I, GRADER_SEV_HIGH);
	add_threat(key, "I03", "Admin console has no multi-factor authentication",
		   "Admins log in with a password only.", GRADER_STRIDE_S, GRADER_SEV_MEDIUM);
	add_threat(key, "I04", "Payment webhook callers are not authenticated",
		   "Anyone can post a forged paid event.", GRADER_STRIDE_S, GRADER_SEV_LOW);
	return key;
}

static struct grader_key *invoice_key(const struct grader_lexicon *lex)
{
	struct grader_key *key = invoice_threats();

	assert_int_equal(grader_key_prepare(key, lex), GRADER_OK);
	return key;
}

/* Grades lines as one submission at threshold (0: the default). */
static struct grader_result *grade_lines_at(const struct grader_key *key,
					    const char *const *lines, double threshold)
{
	struct grader_submission *sub = grader_submission_new();
	struct grader_options o;
	struct grader_result *r;
	int n = 0;

	assert_non_null(sub);
	for (; lines[n] != NULL; n++)
		assert_int_equal(grader_submission_add(sub, n + 1, lines[n], 0, GRADER_SEV_NONE),
				 GRADER_OK);
	grader_options_init(&o);
	if (threshold > 0)
		o.threshold = threshold;
	r = grader_grade(key, sub, &o);
	assert_non_null(r);
	grader_submission_free(sub);
	return r;
}

static struct grader_result *grade_lines(const struct grader_key *key, const char *const *lines)
{
	return grade_lines_at(key, lines, 0);
}

static long line_for(const struct grader_result *r, const struct grader_key *key, const char *id)
{
	long t = grader_key_find(key, id);

	assert_true(t >= 0);
	return grader_result_threat_line(r, (size_t)t);
}

/* ==== Vocabulary =============================================================== */

static void test_vocabulary(void **state)
{
	(void)state;
	assert_int_equal(grader_stride_parse("Information disclosure"), GRADER_STRIDE_I);
	assert_int_equal(grader_stride_parse("elevation_of_privilege"), GRADER_STRIDE_E);
	assert_int_equal(grader_stride_parse("S"), GRADER_STRIDE_S);
	assert_int_equal(grader_stride_parse("sp00fing"), 0);
	assert_string_equal(grader_stride_name(GRADER_STRIDE_D), "denial-of-service");
	assert_null(grader_stride_name(GRADER_STRIDE_D | GRADER_STRIDE_S));
	assert_int_equal(grader_severity_parse("HIGH"), GRADER_SEV_HIGH);
	assert_int_equal(grader_severity_parse("urgent"), GRADER_SEV_NONE);
	assert_true(grader_severity_weight(GRADER_SEV_CRITICAL) == 4);
	assert_true(grader_severity_weight(GRADER_SEV_LOW) == 1);
}

/* ==== Normalization and stemming =============================================== */

static void test_stemming_and_case(void **state)
{
	double s;

	(void)state;
	s = grader_text_similarity(NULL, "LEAKING the Passwords", "password leaks", NULL, 0);
	assert_true(s > 0.9);
	s = grader_text_similarity(NULL, "spoofed emails", "password leaks", NULL, 0);
	assert_true(s < 0.1);
	/* derivations Snowball leaves apart meet: -able, -ure, -ery */
	s = grader_text_similarity(NULL, "codes are guessed", "guessable codes", NULL, 0);
	assert_true(s > 0.9);
	s = grader_text_similarity(NULL, "keys exposed", "key exposure", NULL, 0);
	assert_true(s > 0.9);
	s = grader_text_similarity(NULL, "forged receipts", "receipt forgery", NULL, 0);
	assert_true(s > 0.9);
	/* stems of one root that Snowball leaves apart: notif-, notifi- */
	{
		char why[128];

		s = grader_text_similarity(NULL, "customers never notified",
					   "no notification to the customer", why, sizeof(why));
		assert_true(s > 0.6);
		assert_non_null(strstr(why, "read as 'notification'"));
	}
}

/* A prepared accepted answer compares like the text itself; a key of more than
 * one threat is not an accepted answer. */
static void test_answer_similarity(void **state)
{
	static const char *const answers[] = { "LEAKING the Passwords", "spoofed emails",
					       "the passwords are exposed in logs", "" };
	struct grader_key *key = NULL;
	char why_a[128], why_b[128];

	(void)state;
	assert_int_equal(grader_key_from_text(NULL, "", &key), GRADER_EINVALID);
	assert_null(key);
	assert_true(grader_text_similarity(NULL, "password leaks", "", NULL, 0) == 0);
	assert_true(grader_text_similarity(NULL, "password leaks", " !! ", NULL, 0) == 0);
	assert_int_equal(grader_key_from_text(NULL, "password leaks", &key), GRADER_OK);
	assert_non_null(key);
	for (size_t i = 0; i < sizeof(answers) / sizeof(answers[0]); i++) {
		double a = grader_answer_similarity(key, answers[i], why_a, sizeof(why_a));
		double b = grader_text_similarity(NULL, answers[i], "password leaks", why_b,
						  sizeof(why_b));
		assert_true(a == b);
		assert_string_equal(why_a, why_b);
	}
	assert_true(grader_answer_similarity(key, "LEAKING the Passwords", NULL, 0) > 0.9);
	grader_key_free(key);
	key = invoice_key(NULL);
	assert_true(grader_answer_similarity(key, "SQL injection in invoice search", NULL, 0) < 0);
	grader_key_free(key);
}

/* A pattern match counts only where its clause does not say no to it. */
static void test_pattern_match_affirmed(void **state)
{
	(void)state;
	assert_int_equal(grader_pattern_match_affirmed("\\bcvv\\b", "we do not store the CVV"), 0);
	assert_int_equal(grader_pattern_match_affirmed("\\bcvv\\b", "CVV stored, not encrypted"), 1);
	assert_int_equal(grader_pattern_match_affirmed("elevation of privilege",
						       "tampering, not elevation of privilege"), 0);
	assert_int_equal(grader_pattern_match_affirmed("elevation of privilege",
						       "not sure, but elevation of privilege"), 1);
	assert_int_equal(grader_pattern_match_affirmed("elevation of privilege",
						       "I don\u2019t know; elevation of privilege"), 1);
	assert_int_equal(grader_pattern_match_affirmed("elevation of privilege",
						       "it isn\u2019t elevation of privilege"), 0);
	/* a hedge further back is not a no to the answer */
	assert_int_equal(grader_pattern_match_affirmed("elevation of privilege",
						       "don\u2019t know, maybe it is elevation of privilege"), 1);
	assert_int_equal(grader_pattern_match_affirmed("elevation",
						       "no elevation here but elevation there"), 1);
	assert_int_equal(grader_pattern_match_affirmed("\\bnot\\s+in\\s+scope", "not in scope"), 1);
	assert_int_equal(grader_pattern_match_affirmed("\\bcvv\\b", "nothing here"), 0);
	/* the clause that ends the match decides, wherever the match starts */
	assert_int_equal(grader_pattern_match_affirmed("^.*\\bstor\\w*\\b.{0,60}\\bcvv\\b",
						       "We do not store the CVV, good"), 0);
	assert_int_equal(grader_pattern_match_affirmed("^.*\\bstor\\w*\\b.{0,60}\\bcvv\\b",
						       "No idea why, but we store the CVV"), 1);
	assert_int_equal(grader_pattern_match_affirmed("\\bforks?\\b.*\\bsecrets?\\b",
						       "Fork PRs must never receive secrets"), 0);
	assert_int_equal(grader_pattern_match_affirmed("\\bforks?\\b.*\\bsecrets?\\b",
						       "PRs from forks are not reviewed, yet get secrets"), 1);
	/* a negation that qualifies something else, further back, does not */
	assert_int_equal(grader_pattern_match_affirmed("\\bstor\\w*\\b.{0,60}\\bcvvs?\\b",
						       "Support staff without a need to know can "
						       "see the stored CVVs"), 1);
	assert_int_equal(grader_pattern_match_affirmed("\\bkept\\b.{0,60}\\bcvvs?\\b",
						       "Someone who isn't an admin still reads the "
						       "kept CVVs"), 1);
	assert_int_equal(grader_pattern_match_affirmed("\\baccountab",
						       "you cannot deny what you did - accountability"),
			 1);
	assert_int_equal(grader_pattern_match_affirmed("\\bcvv\\b.{0,20}\\bstor",
						       "the CVV is never stored"), 0);
	/* a pattern that names a negation itself is taken as written */
	assert_int_equal(grader_pattern_match_affirmed("\\bno\\s+mfa\\b", "there is no MFA"), 1);
	assert_true(grader_pattern_match_affirmed("x(", "x") < 0);
	/* a one-letter pattern and text: nothing is read past their ends (found by
	 * fuzz_grade under ASan) */
	assert_int_equal(grader_pattern_match_affirmed("a", "a"), 1);
	assert_int_equal(grader_pattern_match_affirmed(" ", " "), 1);
	/* the plain match is unchanged */
	assert_int_equal(grader_pattern_match("\\bcvv\\b", "we do not store the CVV"), 1);
}

static void test_utf8(void **state)
{
	double s;

	(void)state;
	/* non-ASCII letters are lowercased and kept inside words */
	s = grader_text_similarity(NULL, "ÉCHEC DE L'AUTHENTIFICATION", "échec authentification",
				   NULL, 0);
	assert_true(s > 0.8);
	/* invalid UTF-8 and control bytes never break anything */
	s = grader_text_similarity(NULL, "sql \xff\xfe injection \x01\x80", "sql injection", NULL, 0);
	assert_true(s > 0.5);
	/* word splitting sees 'naïve' as one word */
	s = grader_text_similarity(NULL, "naïve check", "naïve", NULL, 0);
	assert_true(s > 0.5);
	assert_int_equal(grader_lower(0xC9), 0xE9);
	assert_int_equal(grader_lower(0x416), 0x436);
}

/* ==== Lexicon ================================================================== */

static void test_lexicon_expansion_and_synonyms(void **state)
{
	struct grader_lexicon *lex = small_lexicon();
	char why[256];
	double with, without;

	(void)state;
	with = grader_text_similarity(lex, "sqli in the search box", "SQL injection in search",
				      why, sizeof(why));
	without = grader_text_similarity(NULL, "sqli in the search box", "SQL injection in search",
					 NULL, 0);
	assert_true(with > 0.8);
	assert_true(without < with);
	assert_non_null(strstr(why, "sqli -> sql injection"));
	/* a synonym group maps every member to its first */
	with = grader_text_similarity(lex, "customer records leaked", "customer record disclosure",
				      why, sizeof(why));
	assert_true(with > 0.8);
	assert_non_null(strstr(why, "~"));
	/* ... and the why says it in the key's words, not in the group's first
	 * member that neither text holds */
	with = grader_text_similarity(lex, "customer records exposed", "customer record leak",
				      why, sizeof(why));
	assert_true(with > 0.8);
	assert_non_null(strstr(why, " ~ leak"));
	assert_null(strstr(why, "disclosure"));
	/* the same words on both sides are simply shared */
	with = grader_text_similarity(lex, "customer records leaked", "customer record leak",
				      why, sizeof(why));
	assert_null(strstr(why, "~"));
	assert_non_null(strstr(why, "leak"));
	/* phrases: "man-in-the-middle" reads like the expansion of mitm */
	with = grader_text_similarity(lex, "MITM on the internal hop",
				      "man-in-the-middle on internal hop", NULL, 0);
	assert_true(with > 0.8);
	grader_lexicon_free(lex);
}

/* The prepared lexicon (grader_lexicon_prepare) ========================== */

/* small_lexicon() with a word kept whole and a payload. */
static struct grader_lexicon *fuller_lexicon(void)
{
	struct grader_lexicon *lex = small_lexicon();

	assert_int_equal(grader_lexicon_add_whole(lex, "recording"), GRADER_OK);
	assert_int_equal(grader_lexicon_add_payload(lex, "' *or +1 *= *1", "sql injection", NULL),
			 GRADER_OK);
	return lex;
}

/* What a key's extension adds: expansions and a group; with whole set, a
 * word kept whole too (then the clone is read in one pass). */
static void extend(struct grader_lexicon *ext, int whole)
{
	static const char *const hook[] = { "webhook", "callback", "hook" };

	assert_int_equal(grader_lexicon_add_expansion(ext, "pdf", "invoice document"), GRADER_OK);
	assert_int_equal(grader_lexicon_add_synonyms(ext, hook, 3), GRADER_OK);
	assert_int_equal(grader_lexicon_add_stopword(ext, "please"), GRADER_OK);
	if (whole)
		assert_int_equal(grader_lexicon_add_whole(ext, "invoicing"), GRADER_OK);
}

static void assert_same_terms(const struct grader_key *a, const struct grader_key *b)
{
	assert_int_equal(a->n_terms, b->n_terms);
	for (size_t i = 0; i < a->n_terms; i++) {
		assert_string_equal(a->terms[i].stem, b->terms[i].stem);
		assert_string_equal(a->terms[i].surface, b->terms[i].surface);
		assert_int_equal(a->terms[i].flags, b->terms[i].flags);
		assert_int_equal(a->terms[i].df, b->terms[i].df);
		assert_true(a->terms[i].idf == b->terms[i].idf);
		assert_memory_equal(a->terms[i].rule_len, b->terms[i].rule_len, 2);
		assert_int_equal(grader_map_get(&a->stem_ids, a->terms[i].stem,
						strlen(a->terms[i].stem)), (int)i);
		assert_int_equal(grader_map_get(&b->stem_ids, a->terms[i].stem,
						strlen(a->terms[i].stem)), (int)i);
	}
	assert_int_equal(a->raw_ids.count, b->raw_ids.count);
	for (size_t i = 0; i < a->raw_ids.cap; i++)
		if (a->raw_ids.keys[i] != NULL)
			assert_int_equal(grader_map_get(&b->raw_ids, a->raw_ids.keys[i],
							a->raw_ids.lens[i]), a->raw_ids.vals[i]);
}

static void assert_same_rules(const struct grader_key *a, const struct grader_key *b)
{
	assert_int_equal(a->n_rules, b->n_rules);
	assert_int_equal(a->max_rule_len, b->max_rule_len);
	for (size_t i = 0; i < a->n_rules; i++) {
		const struct grader_rule *x = &a->rules[i], *y = &b->rules[i];

		assert_int_equal(x->n_from, y->n_from);
		assert_int_equal(x->n_to, y->n_to);
		assert_int_equal(x->is_synonym, y->is_synonym);
		assert_memory_equal(x->from, y->from, (size_t)x->n_from * sizeof(int));
		assert_memory_equal(x->to, y->to, (size_t)x->n_to * sizeof(int));
	}
	assert_int_equal(a->vocab.n, b->vocab.n);
	for (size_t i = 0; i < a->vocab.n; i++)
		assert_string_equal(a->vocab.v[i], b->vocab.v[i]);
	assert_int_equal(a->n_payloads, b->n_payloads);
	for (size_t i = 0; i < a->n_payloads; i++) {
		assert_int_equal(a->pay_n_to[i], b->pay_n_to[i]);
		assert_memory_equal(a->pay_to[i], b->pay_to[i], (size_t)a->pay_n_to[i] * sizeof(int));
		assert_string_equal(a->pay_means[i], b->pay_means[i]);
	}
}

/* Two keys graded alike: every line's threat, score and why. */
static void assert_same_grades(const struct grader_key *a, const struct grader_key *b)
{
	static const char *const lines[] = {
		"sqli in the invoice search box", "invoice pdf urls can be guessed",
		"admin console is missing 2fa", "forged webhook calls mark invoices paid",
		"please rate limit the callback", "' or 1=1 in the search", "recording of calls",
		"invoicing run is slow", NULL
	};
	struct grader_result *x = grade_lines(a, lines), *y = grade_lines(b, lines);

	assert_int_equal(grader_result_found_count(x), grader_result_found_count(y));
	assert_true(grader_result_found_count(x) >= 3);
	for (size_t i = 0; i < grader_result_found_count(x); i++) {
		assert_int_equal(grader_result_found_threat(x, i), grader_result_found_threat(y, i));
		assert_int_equal(grader_result_found_line(x, i), grader_result_found_line(y, i));
		assert_true(grader_result_found_similarity(x, i) ==
			    grader_result_found_similarity(y, i));
		assert_string_equal(grader_result_found_why(x, i), grader_result_found_why(y, i));
	}
	assert_int_equal(grader_result_unmatched_count(x), grader_result_unmatched_count(y));
	for (size_t i = 0; i < grader_result_unmatched_count(x); i++) {
		assert_int_equal(grader_result_unmatched_closest(x, i),
				 grader_result_unmatched_closest(y, i));
		assert_true(grader_result_unmatched_similarity(x, i) ==
			    grader_result_unmatched_similarity(y, i));
	}
	grader_result_free(x);
	grader_result_free(y);
}

/* Keys prepared from x and from y are the same key: terms, rules, grades. */
static void assert_same_keys(const struct grader_lexicon *x, const struct grader_lexicon *y)
{
	struct grader_key *a = invoice_key(x), *b = invoice_key(y);

	assert_same_terms(a, b);
	assert_same_rules(a, b);
	assert_same_grades(a, b);
	grader_key_free(a);
	grader_key_free(b);
}

/* Keys prepared from a prepared lexicon, or a clone of one, are the keys
 * prepared from the same words read afresh. */
static void test_prepared_lexicon_same_keys(void **state)
{
	(void)state;
	for (int whole = 0; whole <= 1; whole++) {
		struct grader_lexicon *plain = fuller_lexicon(), *prepared = fuller_lexicon();
		struct grader_lexicon *ext_plain, *ext_prepared;
		struct grader_key *a, *b;

		assert_int_equal(grader_lexicon_prepare(prepared), GRADER_OK);
		assert_same_keys(plain, prepared);

		ext_plain = grader_lexicon_clone(plain);
		ext_prepared = grader_lexicon_clone(prepared);
		assert_ptr_equal(ext_prepared->base, prepared->base);
		extend(ext_plain, whole);
		extend(ext_prepared, whole);
		assert_same_keys(ext_plain, ext_prepared);

		/* the prepared one outlives its lexicon in the clone */
		grader_lexicon_free(prepared);
		b = invoice_key(ext_prepared);
		a = invoice_key(ext_plain);
		assert_same_terms(a, b);
		grader_key_free(a);
		grader_key_free(b);
		grader_lexicon_free(ext_plain);
		grader_lexicon_free(ext_prepared);
		grader_lexicon_free(plain);
	}
}

/* A clone's own lexicon entries that change what the lexicon it extends makes
 * of words the key uses are reported (validate warns); entries that change
 * nothing the key uses, or whose readings lead to each other, are not. */
static void test_lexicon_overrides(void **state)
{
	const char *leak[] = { "disclosure", "leak" }, *acq[] = { "acquirer", "leak" };
	const char *joins[] = { "disclosure", "spill" };
	struct grader_lexicon *lex = grader_lexicon_new(), *ext;
	struct grader_key *key = grader_key_new("overrides");
	const struct grader_override *o;

	(void)state;
	assert_non_null(lex);
	assert_non_null(key);
	assert_int_equal(grader_lexicon_add_expansion(lex, "dos", "denial of service"), GRADER_OK);
	assert_int_equal(grader_lexicon_add_expansion(lex, "cvv", "card verification code"),
			 GRADER_OK);
	assert_int_equal(grader_lexicon_add_expansion(lex, "cvc", "card verification code"),
			 GRADER_OK);
	assert_int_equal(grader_lexicon_add_expansion(lex, "mitm", "man in the middle"), GRADER_OK);
	assert_int_equal(grader_lexicon_add_synonyms(lex, leak, 2), GRADER_OK);
	add_threat(key, "T1", "Denial of service on the card verification code check",
		   "Invoice disclosure through the export.", GRADER_STRIDE_D, GRADER_SEV_HIGH);

	/* the lexicon alone: nothing is overridden */
	assert_int_equal(grader_key_prepare(key, lex), GRADER_OK);
	assert_int_equal(grader_key_override_count(key), 0);

	ext = grader_lexicon_clone(lex);
	assert_non_null(ext);
	/* 0: cvc -> cvv, which reads as the old card verification code: none */
	assert_int_equal(grader_lexicon_add_expansion(ext, "cvc", "cvv"), GRADER_OK);
	/* 1: dos replaced while the key says denial of service: reported */
	assert_int_equal(grader_lexicon_add_expansion(ext, "DoS", "denial of sessions"), GRADER_OK);
	/* 2: mitm replaced, but the key never says man in the middle: none */
	assert_int_equal(grader_lexicon_add_expansion(ext, "mitm", "on path attacker"), GRADER_OK);
	/* 3: dos again, replacing the clone's own entry 1 */
	assert_int_equal(grader_lexicon_add_expansion(ext, "dos", "denial of sessions twice"),
			 GRADER_OK);
	/* synonym words 0-1: leak moves to acquirer (reported); 2-3 join disclosure */
	assert_int_equal(grader_lexicon_add_synonyms(ext, acq, 2), GRADER_OK);
	assert_int_equal(grader_lexicon_add_synonyms(ext, joins, 2), GRADER_OK);
	assert_int_equal(grader_key_prepare(key, ext), GRADER_OK);

	assert_int_equal(grader_key_override_count(key), 3);
	o = grader_key_override_at(key, 0);
	assert_int_equal(o->synonym, 0);
	assert_int_equal(o->entry, 1);
	assert_int_equal(o->earlier, 0);
	assert_string_equal(o->was, "denial of service");
	o = grader_key_override_at(key, 1);
	assert_int_equal(o->synonym, 0);
	assert_int_equal(o->entry, 3);
	assert_int_equal(o->earlier, 1);
	o = grader_key_override_at(key, 2);
	assert_int_equal(o->synonym, 1);
	assert_int_equal(o->entry, 1);
	assert_int_equal(o->earlier, 0);
	assert_string_equal(o->was, "disclosure");
	assert_null(grader_key_override_at(key, 3));

	/* preparing again finds them again, not twice */
	assert_int_equal(grader_key_prepare(key, ext), GRADER_OK);
	assert_int_equal(grader_key_override_count(key), 3);
	grader_key_free(key);
	grader_lexicon_free(ext);
	grader_lexicon_free(lex);
}

/* Words added after grader_lexicon_prepare count; preparing again folds them in. */
static void test_prepared_lexicon_grows(void **state)
{
	struct grader_lexicon *plain = fuller_lexicon(), *prepared = fuller_lexicon();

	(void)state;
	assert_int_equal(grader_lexicon_prepare(prepared), GRADER_OK);
	extend(plain, 1);
	extend(prepared, 1);
	assert_same_keys(plain, prepared);
	assert_int_equal(grader_lexicon_prepare(prepared), GRADER_OK);
	assert_same_keys(plain, prepared);
	assert_int_equal(grader_lexicon_prepare(NULL), GRADER_EINVALID);
	grader_lexicon_free(plain);
	grader_lexicon_free(prepared);
}

/* A prepared lexicon encoded and decoded (grader_lexicon_encode/decode) prepares
 * the keys the original does, and so do clones of each. */
static void test_lexicon_codec_same_keys(void **state)
{
	struct grader_lexicon *plain = fuller_lexicon(), *back = NULL, *ext_plain, *ext_back;
	unsigned char *bytes = NULL, *again = NULL;
	size_t len = 0, len2 = 0;

	(void)state;
	assert_int_equal(grader_lexicon_prepare(plain), GRADER_OK);
	assert_int_equal(grader_lexicon_encode(plain, &bytes, &len), GRADER_OK);
	assert_int_equal(grader_lexicon_decode(bytes, len, &back), GRADER_OK);
	assert_same_keys(plain, back);
	/* what it decodes to encodes to the same bytes */
	assert_int_equal(grader_lexicon_encode(back, &again, &len2), GRADER_OK);
	assert_int_equal(len, len2);
	assert_memory_equal(bytes, again, len);

	ext_plain = grader_lexicon_clone(plain);
	ext_back = grader_lexicon_clone(back);
	assert_ptr_equal(ext_back->base, back->base);
	extend(ext_plain, 0);
	extend(ext_back, 0);
	assert_same_keys(ext_plain, ext_back);
	/* a clone, or a lexicon grown since it was prepared, is not encoded */
	free(again);
	assert_int_equal(grader_lexicon_encode(ext_back, &again, &len2), GRADER_EINVALID);
	assert_null(again);
	extend(plain, 0);
	assert_int_equal(grader_lexicon_encode(plain, &again, &len2), GRADER_EINVALID);
	grader_lexicon_free(ext_plain);
	grader_lexicon_free(ext_back);
	grader_lexicon_free(back);
	grader_lexicon_free(plain);
	free(bytes);
}

/* Any other bytes are refused, never read out of bounds (ASan): every
 * truncation, every byte flipped to 0xFF, trailing bytes, another version. */
static void test_lexicon_codec_refuses_damage(void **state)
{
	struct grader_lexicon *lex = fuller_lexicon(), *back = NULL;
	unsigned char *bytes = NULL, *copy;
	size_t len = 0, refused = 0;

	(void)state;
	assert_int_equal(grader_lexicon_prepare(lex), GRADER_OK);
	assert_int_equal(grader_lexicon_encode(lex, &bytes, &len), GRADER_OK);
	for (size_t n = 0; n < len; n++) {
		assert_int_equal(grader_lexicon_decode(bytes, n, &back), GRADER_EINVALID);
		assert_null(back);
	}
	copy = malloc(len + 1);
	assert_non_null(copy);
	memcpy(copy, bytes, len);
	copy[len] = 0;
	assert_int_equal(grader_lexicon_decode(copy, len + 1, &back), GRADER_EINVALID);
	for (size_t i = 0; i < len; i++) {
		int rc;

		memcpy(copy, bytes, len);
		copy[i] = 0xFF;
		rc = grader_lexicon_decode(copy, len, &back);
		if (rc != GRADER_OK)
			refused++;
		else {   /* a changed letter or weight still decodes (the caller's
			  * checks on the whole file catch those): a key prepared with
			  * it is graded, or refused, safely */
			struct grader_key *key = invoice_threats();
			static const char *const one[] = { "sqli in the invoice search", NULL };

			if (grader_key_prepare(key, back) == GRADER_OK)
				grader_result_free(grade_lines(key, one));
			grader_key_free(key);
		}
		grader_lexicon_free(back);
		back = NULL;
	}
	assert_true(refused > len / 4);
	/* the version follows the magic (its '\0' included) */
	memcpy(copy, bytes, len);
	copy[sizeof("tmdojo-lexicon")]++;
	assert_int_equal(grader_lexicon_decode(copy, len, &back), GRADER_EINVALID);
	free(copy);
	free(bytes);
	grader_lexicon_free(lex);
}

/* A learner's "filename" reads as the key's "file name", joined as the key
 * writes the two words, even when the lexicon first gave one of their stems
 * another word ("identifiable" before the key's "identifier"); the note shows
 * the key's two words, not the lexicon's ("stable identifiable" before). */
static void test_compound_words(void **state)
{
	struct grader_lexicon *lex = small_lexicon();
	static const char *const pii[] = { "personal data", "personally identifiable information" };
	const char *ref = "Hashed emails are a stable identifier across platforms";
	char why[256];
	double joined, other;

	(void)state;
	assert_int_equal(grader_lexicon_add_synonyms(lex, pii, 2), GRADER_OK);
	joined = grader_text_similarity(lex, "hashed emails are a stableidentifier", ref, why,
					sizeof(why));
	assert_non_null(strstr(why, "stableidentifier -> stable identifier"));
	other = grader_text_similarity(lex, "hashed emails are a stableidentifiable", ref, why,
				       sizeof(why));
	assert_null(strstr(why, "stableidentifiable ->"));
	assert_true(joined > other);
	grader_lexicon_free(lex);
}

/* A synonym note quotes the line's words as the learner wrote them ("stay
 * valid", not "stay validation", the surface the stems met first) and the
 * key's as the key wrote them; words both texts read through one rule are
 * shown once, as the learner's. */
static void test_synonym_note_words(void **state)
{
	struct grader_lexicon *lex = small_lexicon();
	/* "validation lasts" first: the stem of "valid" meets "validation" first */
	static const char *const lived[] = { "long lived", "validation lasts", "stay valid",
					     "never expire" };
	char why[256];

	(void)state;
	assert_int_equal(grader_lexicon_add_synonyms(lex, lived, 4), GRADER_OK);
	grader_text_similarity(lex, "reset links stay valid for weeks",
			       "Password reset links never expire", why, sizeof(why));
	assert_non_null(strstr(why, "stay valid ~ never expire"));
	assert_null(strstr(why, "validation"));
	grader_text_similarity(lex, "reset links that stays valid",
			       "Reset links stay valid for weeks", why, sizeof(why));
	assert_null(strstr(why, " ~ "));
	assert_non_null(strstr(why, "stays valid"));
	grader_lexicon_free(lex);
}

/* A key whose every text has no word (validate refuses its titles, but the
 * key is built to say so) prepares without touching a word list it has not. */
static void test_key_of_no_words(void **state)
{
	struct grader_key *key = grader_key_new("empty");
	const char *lines[] = { "sql injection", NULL };

	(void)state;
	assert_non_null(key);
	add_threat(key, "E01", "!!!", "...", GRADER_STRIDE_S, GRADER_SEV_HIGH);
	assert_int_equal(grader_key_prepare(key, NULL), GRADER_OK);
	struct grader_result *res = grade_lines_at(key, lines, 0);
	assert_int_equal(grader_result_found_count(res), 0);
	grader_result_free(res);
	grader_key_free(key);
}

/* A word kept whole is not cut down to a different word by Snowball. */
static void test_lexicon_whole_words(void **state)
{
	struct grader_lexicon *lex = grader_lexicon_new();
	static const char *const repud[] = { "repudiation", "accountability", "deniability" };
	double s;

	(void)state;
	assert_non_null(lex);
	/* Snowball reads "recordings" as "record" and "accountability" as "account" */
	s = grader_text_similarity(lex, "recordings", "records", NULL, 0);
	assert_true(s > 0.9);
	assert_int_equal(grader_lexicon_add_whole(lex, "recording"), GRADER_OK);
	assert_int_equal(grader_lexicon_add_whole(lex, "Accountability"), GRADER_OK);
	assert_int_equal(grader_lexicon_add_synonyms(lex, repud, 3), GRADER_OK);
	s = grader_text_similarity(lex, "recordings", "records", NULL, 0);
	assert_true(s < 0.1);
	/* the plural in -s is the same word */
	s = grader_text_similarity(lex, "consultation recordings", "consultation recording",
				   NULL, 0);
	assert_true(s > 0.9);
	/* a whole word can be a synonym member; "account" no longer matches it */
	s = grader_text_similarity(lex, "no accountability", "repudiation", NULL, 0);
	assert_true(s > 0.3);
	s = grader_text_similarity(lex, "accountability", "account", NULL, 0);
	assert_true(s < 0.1);
	/* nor is a shorter word read as it by the rule for derivations Snowball
	 * leaves apart (stems within two letters): "night" is not "nightly" */
	s = grader_text_similarity(lex, "night shift contractors", "nightly snapshot", NULL, 0);
	assert_true(s > 0.3);
	assert_int_equal(grader_lexicon_add_whole(lex, "nightly"), GRADER_OK);
	s = grader_text_similarity(lex, "night shift contractors", "nightly snapshot", NULL, 0);
	assert_true(s < 0.1);
	/* one word only */
	assert_int_equal(grader_lexicon_add_whole(lex, "two words"), GRADER_EINVALID);
	assert_int_equal(grader_lexicon_add_whole(lex, " "), GRADER_EINVALID);
	grader_lexicon_free(lex);
}

/* A key of two threats whose learners write the attack as an example. */
static struct grader_key *payload_key(const struct grader_lexicon *lex)
{
	struct grader_key *key = grader_key_new("downloads");

	assert_non_null(key);
	add_threat(key, "D01", "Path traversal in the invoice download",
		   "The file parameter is joined to the storage directory as it is.",
		   GRADER_STRIDE_I, GRADER_SEV_HIGH);
	add_threat(key, "D02", "SQL injection in invoice search",
		   "The search box builds its SQL query by string concatenation.",
		   GRADER_STRIDE_T, GRADER_SEV_CRITICAL);
	assert_int_equal(grader_key_prepare(key, lex), GRADER_OK);
	return key;
}

/* A payload in the raw line reads as the attack it is an example of, and the
 * explanation says so; without the lexicon entry the same line earns nothing. */
static void test_payloads(void **state)
{
	struct grader_lexicon *lex = small_lexicon();
	static const char *const traversal[] = { "path traversal", "directory traversal" };
	static const char *const lines[] = {
		"what if I ask the invoice download for ..%2f..%2fetc/passwd?",
		"search invoices for ' OR 1=1 -- and see every customer's invoices", NULL
	};
	struct grader_key *key;
	struct grader_result *r;
	struct grader_error err;

	(void)state;
	assert_int_equal(grader_lexicon_add_synonyms(lex, traversal, 2), GRADER_OK);
	key = payload_key(lex);
	r = grade_lines(key, lines);
	/* the traversal is the threat's mechanism: naming the download is not enough */
	assert_int_equal(line_for(r, key, "D01"), -1);
	grader_result_free(r);
	grader_key_free(key);
	/* the first pattern has groups of its own: the second is still told apart */
	assert_int_equal(grader_lexicon_add_payload(lex, "(x)(y)z|'\\s*or\\s+1\\s*=\\s*1",
						    "sql injection", &err), GRADER_OK);
	assert_int_equal(grader_lexicon_add_payload(lex, "\\.\\.(?:/|%2f)", "path traversal",
						    &err), GRADER_OK);
	key = payload_key(lex);
	r = grade_lines(key, lines);
	assert_int_equal(line_for(r, key, "D01"), 0);
	assert_int_equal(line_for(r, key, "D02"), 1);
	for (size_t i = 0; i < grader_result_found_count(r); i++)
		if (grader_result_found_line(r, i) == 0)
			assert_non_null(strstr(grader_result_found_why(r, i),
					       "payload \"..%2f\" -> path traversal"));
	grader_result_free(r);
	/* compiled for the JIT, the scan gives the same answers */
	assert_int_equal(grader_key_jit(key), GRADER_OK);
	r = grade_lines(key, lines);
	assert_int_equal(line_for(r, key, "D01"), 0);
	assert_int_equal(line_for(r, key, "D02"), 1);
	grader_result_free(r);
	grader_key_free(key);
	key = grader_key_new("unprepared");
	assert_int_equal(grader_key_jit(key), GRADER_EINVALID);
	grader_key_free(key);
	grader_lexicon_free(lex);
}

/* Payload patterns are checked when added, and a catastrophic one costs a
 * match limit, not a hang. */
static void test_payload_errors(void **state)
{
	struct grader_lexicon *lex = grader_lexicon_new(), *copy;
	static const char *const lines[] = { "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac", NULL };
	struct grader_error err;
	struct grader_key *key;
	struct grader_result *r;
	char pattern[16];

	(void)state;
	assert_non_null(lex);
	memset(&err, 0, sizeof(err));
	assert_int_equal(grader_lexicon_add_payload(lex, "a(b", "x", &err), GRADER_EPATTERN);
	assert_int_equal(err.offset, 3);
	assert_int_equal(grader_lexicon_add_payload(lex, "", "x", &err), GRADER_EPATTERN);
	assert_int_equal(grader_lexicon_add_payload(lex, "ab", " ", &err), GRADER_EINVALID);
	assert_non_null(strstr(err.text, "in words"));
	assert_int_equal(grader_lexicon_add_payload(lex, "(a)\\1", "x", &err), GRADER_EINVALID);
	assert_non_null(strstr(err.text, "back references"));
	assert_int_equal(grader_lexicon_add_payload(lex, "(?<n>a)", "x", &err), GRADER_EINVALID);
	/* patterns that would swallow the rest of the alternation */
	assert_int_equal(grader_lexicon_add_payload(lex, "(*UTF)abc", "x", &err), GRADER_EINVALID);
	assert_non_null(strstr(err.text, "alternation"));
	assert_int_equal(grader_lexicon_add_payload(lex, "\\Qab", "x", &err), GRADER_EINVALID);
	assert_int_equal(grader_lexicon_add_payload(lex, "(?x)a # b", "x", &err), GRADER_EINVALID);
	assert_int_equal(grader_lexicon_add_payload(lex, "\\Qa(b\\E|(?x) c", "x", &err), GRADER_OK);
	assert_int_equal(grader_lexicon_add_payload(lex, "^(?:a+)+b", "brute force", NULL),
			 GRADER_OK);
	/* a clone carries the payloads */
	copy = grader_lexicon_clone(lex);
	assert_non_null(copy);
	key = grader_key_new("limits");
	add_threat(key, "L01", "Brute force of the reset code", NULL, GRADER_STRIDE_S,
		   GRADER_SEV_HIGH);
	assert_int_equal(grader_key_prepare(key, copy), GRADER_OK);
	r = grade_lines(key, lines);
	assert_int_equal(line_for(r, key, "L01"), -1);
	grader_result_free(r);
	grader_key_free(key);
	grader_lexicon_free(copy);
	for (int i = 2; i < GRADER_MAX_PAYLOADS; i++) {   /* two are in */
		snprintf(pattern, sizeof(pattern), "p%d", i);
		assert_int_equal(grader_lexicon_add_payload(lex, pattern, "x", NULL), GRADER_OK);
	}
	assert_int_equal(grader_lexicon_add_payload(lex, "one too many", "x", &err),
			 GRADER_EINVALID);
	assert_non_null(strstr(err.text, "at most 64"));
	grader_lexicon_free(lex);
}

static void test_negations_never_stopwords(void **state)
{
	struct grader_lexicon *lex = small_lexicon();
	struct grader_lexicon *copy;
	double s;

	(void)state;
	/* "not" was offered as a stop word but is kept */
	s = grader_text_similarity(lex, "token not encrypted", "token encrypted", NULL, 0);
	assert_true(s < 0.99);
	copy = grader_lexicon_clone(lex);
	assert_non_null(copy);
	s = grader_text_similarity(copy, "customer data leak", "customer data exposure", NULL, 0);
	assert_true(s > 0.8);
	grader_lexicon_free(copy);
	grader_lexicon_free(lex);
	assert_int_equal(grader_lexicon_add_stopword(NULL, "x"), GRADER_EINVALID);
}

static void test_typos(void **state)
{
	struct grader_key *key = invoice_key(NULL);
	const char *const lines[] = { "sql injecton in the invoice serch", NULL };
	struct grader_result *r = grade_lines(key, lines);

	(void)state;
	assert_int_equal(line_for(r, key, "I01"), 0);
	assert_non_null(strstr(grader_result_found_why(r, 0), "read as 'injection'"));
	assert_int_equal(grader_edit_distance("injecton", 8, "injection", 9, 2), 1);
	assert_int_equal(grader_edit_distance("recieve", 7, "receive", 7, 2), 1);
	assert_int_equal(grader_edit_distance("abcdef", 6, "uvwxyz", 6, 2), 3);
	grader_result_free(r);
	grader_key_free(key);
}

/* Two edits apart is a typo only of a word the key uses: "renewals" is not
 * "reveals", a word only the lexicon knows (a synonym of "leak"), while
 * "credntails" is still the key's "credentials". */
static void test_two_edit_typos_key_words_only(void **state)
{
	struct grader_lexicon *lex = grader_lexicon_new();
	static const char *const leak[] = { "leak", "reveals" };
	struct grader_key *key = grader_key_new("typos");
	const char *const renewals[] = { "renewals of the credentials", NULL };
	const char *const credntails[] = { "credntails leak", NULL };
	struct grader_result *r;

	(void)state;
	assert_non_null(lex);
	assert_non_null(key);
	assert_int_equal(grader_lexicon_add_synonyms(lex, leak, 2), GRADER_OK);
	add_threat(key, "M01", "Credentials leak", NULL, GRADER_STRIDE_I, GRADER_SEV_HIGH);
	assert_int_equal(grader_key_prepare(key, lex), GRADER_OK);
	r = grade_lines(key, renewals);
	assert_int_equal(line_for(r, key, "M01"), -1);
	grader_result_free(r);
	r = grade_lines(key, credntails);
	assert_int_equal(line_for(r, key, "M01"), 0);
	assert_non_null(strstr(grader_result_found_why(r, 0), "read as 'credentials'"));
	grader_result_free(r);
	grader_key_free(key);
	grader_lexicon_free(lex);
}

/* The why names the shared words as the line first wrote them ("invoices",
 * "searching"), not as the key did. */
static void test_why_learner_words(void **state)
{
	struct grader_key *key = invoice_key(NULL);
	const char *const lines[] = { "sql injection when searching invoices", NULL };
	struct grader_result *r = grade_lines(key, lines);
	const char *why;

	(void)state;
	assert_int_equal(line_for(r, key, "I01"), 0);
	why = grader_result_found_why(r, 0);
	assert_non_null(strstr(why, "invoices"));
	assert_non_null(strstr(why, "searching"));
	assert_null(strstr(why, "invoice,"));
	assert_null(strstr(why, "search,"));
	grader_result_free(r);
	/* the first form the line writes stands for the term, the key's too */
	const char *const twice[] = { "sql injection in invoice search over invoices", NULL };
	r = grade_lines(key, twice);
	assert_int_equal(line_for(r, key, "I01"), 0);
	why = grader_result_found_why(r, 0);
	assert_non_null(strstr(why, "invoice"));
	assert_null(strstr(why, "invoices"));
	grader_result_free(r);
	grader_key_free(key);
}

static int mask_bits(uint32_t v)
{
	int n = 0;

	for (; v != 0; v &= v - 1)
		n++;
	return n;
}

/* The letter-set filter before the edit distance never drops a word within
 * reach: for random words, d edits change at most 2d bits of the mask. */
static void test_letter_mask_bound(void **state)
{
	unsigned seed = 7;
	char a[12], b[12];

	(void)state;
	assert_int_equal(grader_letter_mask("abc", 3), 7u);
	assert_true(grader_letter_mask("a1", 2) == (1u | (1u << 26)));
	for (int round = 0; round < 20000; round++) {
		size_t la = 4 + (size_t)(round % 7), lb;
		int d;

		for (size_t i = 0; i < la; i++) {
			seed = seed * 1103515245u + 12345u;
			a[i] = (char)('a' + (seed >> 16) % 6);
		}
		memcpy(b, a, la);
		lb = la;
		/* one or two random edits: substitute, delete or transpose */
		for (int e = 0; e < 1 + round % 2; e++) {
			size_t p;

			seed = seed * 1103515245u + 12345u;
			p = (seed >> 16) % (lb - 1);
			if ((seed >> 8) % 3 == 0)
				b[p] = (char)('a' + (seed >> 20) % 8);
			else if ((seed >> 8) % 3 == 1 && lb > 4)
				memmove(b + p, b + p + 1, lb-- - p - 1);
			else {
				char t = b[p];

				b[p] = b[p + 1];
				b[p + 1] = t;
			}
		}
		d = grader_edit_distance(a, la, b, lb, 3);
		assert_true(mask_bits(grader_letter_mask(a, la) ^ grader_letter_mask(b, lb)) <= 2 * d);
	}
}

/* ==== Similarity and assignment ================================================ */

static void test_asset_only_line_does_not_earn(void **state)
{
	struct grader_lexicon *lex = small_lexicon();
	struct grader_key *key = invoice_key(lex);
	const char *const lines[] = { "invoice search is slow", NULL };
	struct grader_result *r = grade_lines(key, lines);

	(void)state;
	assert_int_equal(grader_result_found_count(r), 0);
	assert_int_equal(grader_result_unmatched_count(r), 1);
	assert_int_equal(grader_result_unmatched_closest(r, 0), grader_key_find(key, "I01"));
	assert_true(grader_result_unmatched_similarity(r, 0) < GRADER_DEFAULT_THRESHOLD);
	grader_result_free(r);
	grader_key_free(key);
	grader_lexicon_free(lex);
}

/* The asset-only rule holds at any threshold: a lenient trainer's --threshold
 * below the capped score must not let "invoice search is slow" earn I01. */
static void test_asset_only_line_at_low_thresholds(void **state)
{
	struct grader_lexicon *lex = small_lexicon();
	struct grader_key *key = invoice_key(lex);
	const char *const lines[] = { "invoice search is slow", NULL };
	const double thresholds[] = { 0.4, 0.3, 0.2, 0.1 };

	(void)state;
	for (size_t i = 0; i < sizeof(thresholds) / sizeof(thresholds[0]); i++) {
		struct grader_result *r = grade_lines_at(key, lines, thresholds[i]);

		assert_int_equal(grader_result_found_count(r), 0);
		assert_true(grader_result_unmatched_similarity(r, 0) < thresholds[i]);
		grader_result_free(r);
	}
	grader_key_free(key);
	grader_lexicon_free(lex);
}

/* Grades lines with the lines at restate[0..n) restating the others. */
static struct grader_result *grade_restating(const struct grader_key *key,
					     const char *const *lines, const size_t *restate,
					     size_t n)
{
	struct grader_submission *sub = grader_submission_new();
	struct grader_options o;
	struct grader_result *r;

	assert_non_null(sub);
	for (int i = 0; lines[i] != NULL; i++)
		assert_int_equal(grader_submission_add(sub, i + 1, lines[i], 0, GRADER_SEV_NONE),
				 GRADER_OK);
	grader_options_init(&o);
	o.restate = restate;
	o.n_restate = n;
	r = grader_grade(key, sub, &o);
	assert_non_null(r);
	grader_submission_free(sub);
	return r;
}

/* A restating line (a "Top three" pick) earns only its closest threat, and
 * only when no other line earns it: worded closer than the list's own line,
 * it no longer takes that line's threat (nor, in second place, another). */
static void test_restating_lines(void **state)
{
	struct grader_key *key = invoice_key(NULL);
	/* the pick is worded closer to I01 than the list's line */
	const char *lines[] = { "the invoice search box is open to injection of SQL",
				"SQL injection in invoice search", NULL };
	const size_t pick[] = { 1 };
	struct grader_result *r;

	(void)state;
	r = grade_lines(key, lines);
	assert_int_equal(line_for(r, key, "I01"), 1);   /* without: the pick takes it */
	grader_result_free(r);
	r = grade_restating(key, lines, pick, 1);
	assert_int_equal(line_for(r, key, "I01"), 0);
	assert_int_equal(grader_result_found_count(r), 1);
	assert_int_equal(grader_result_unmatched_count(r), 1);
	assert_int_equal(grader_result_unmatched_line(r, 0), 1);
	assert_int_equal(grader_result_unmatched_closest(r, 0), grader_key_find(key, "I01"));
	grader_result_free(r);
	/* a pick the list lacks earns its threat */
	const char *more[] = { "SQL injection in invoice search",
			       "invoice PDFs at guessable URLs with no login", NULL };
	r = grade_restating(key, more, pick, 1);
	assert_int_equal(line_for(r, key, "I01"), 0);
	assert_int_equal(line_for(r, key, "I02"), 1);
	grader_result_free(r);
	grader_key_free(key);
}

static void test_one_to_one_and_explanations(void **state)
{
	struct grader_lexicon *lex = small_lexicon();
	struct grader_key *key = invoice_key(lex);
	const char *const lines[] = {
		"SQLi in invoice search",
		"sql injection in the invoice search box",   /* same threat again */
		"PDF invoices can be downloaded by guessing the URL",
		"attacker forges a paid event on the payment webhook",
		"the office coffee machine is broken",
		NULL
	};
	struct grader_result *r = grade_lines(key, lines);

	(void)state;
	/* one of the two SQLi lines earns I01, the other is left unmatched */
	assert_true(line_for(r, key, "I01") == 0 || line_for(r, key, "I01") == 1);
	assert_int_equal(line_for(r, key, "I02"), 2);
	assert_int_equal(line_for(r, key, "I04"), 3);
	assert_int_equal(line_for(r, key, "I03"), -1);
	assert_int_equal(grader_result_found_count(r), 3);
	assert_int_equal(grader_result_missed_count(r), 1);
	assert_int_equal(grader_result_unmatched_count(r), 2);   /* lines 2 and 5 */
	for (size_t i = 0; i < grader_result_found_count(r); i++) {
		assert_true(strlen(grader_result_found_why(r, i)) > 0);
		assert_true(grader_result_found_similarity(r, i) >= GRADER_DEFAULT_THRESHOLD);
	}
	/* points: critical 4 + high 3 + low 1 of 4 + 3 + 2 + 1 */
	assert_true(grader_result_points(r) == 8);
	assert_true(grader_result_max_points(r) == 10);
	assert_true(grader_result_score(r) > 79.9 && grader_result_score(r) < 80.1);
	assert_int_equal(grader_result_stride_missed(r), 0);   /* I04 covers spoofing */
	grader_result_free(r);
	grader_key_free(key);
	grader_lexicon_free(lex);
}

static void test_assignment_beats_greedy(void **state)
{
	/* Greedy takes row 0 -> col 0 (0.9) and leaves row 1 with nothing: 0.9.
	 * The optimum pairs 0 -> 1 and 1 -> 0: 0.8 + 0.85 = 1.65. */
	const double w[] = { 0.9, 0.8,
			     0.85, 0.0 };
	int match[2];

	(void)state;
	assert_int_equal(grader_assign(w, 2, 2, match), GRADER_OK);
	assert_int_equal(match[0], 1);
	assert_int_equal(match[1], 0);
	{
		/* rectangular, with forbidden pairs left unassigned */
		const double w2[] = { 0.0, 0.0, 0.0,
				      0.0, 0.7, 0.6 };
		int m2[2];

		assert_int_equal(grader_assign(w2, 2, 3, m2), GRADER_OK);
		assert_int_equal(m2[0], -1);
		assert_int_equal(m2[1], 1);
	}
}

static void test_assignment_in_grading(void **state)
{
	/* line 1 fits both threats equally, line 2 only the first: the optimal
	 * assignment gives threat A to line 2 and threat B to line 1 */
	struct grader_key *key = grader_key_new(NULL);
	const char *const lines[] = {
		"stolen session cookie replayed and accepted",
		"session cookie stolen",
		NULL
	};
	struct grader_result *r;

	(void)state;
	add_threat(key, "A", "Session cookie stolen", NULL, GRADER_STRIDE_S, GRADER_SEV_HIGH);
	add_threat(key, "B", "Replayed cookie accepted", NULL, GRADER_STRIDE_S, GRADER_SEV_HIGH);
	assert_int_equal(grader_key_prepare(key, NULL), GRADER_OK);
	r = grade_lines(key, lines);
	assert_int_equal(line_for(r, key, "A"), 1);
	assert_int_equal(line_for(r, key, "B"), 0);
	grader_result_free(r);
	grader_key_free(key);
}

static void test_pass_mark_and_labels(void **state)
{
	struct grader_key *key = invoice_key(NULL);
	struct grader_submission *sub = grader_submission_new();
	struct grader_options o;
	struct grader_result *r;
	const char text[] = "- [T] SQL injection in invoice search (critical)\n"
			    "- Spoofing: admin console has no multi-factor authentication (low)\n";

	(void)state;
	assert_int_equal(grader_submission_parse_text(sub, text, strlen(text)), GRADER_OK);
	grader_options_init(&o);
	o.pass_mark = 70;
	r = grader_grade(key, sub, &o);
	assert_non_null(r);
	assert_int_equal(grader_result_found_count(r), 2);
	assert_false(grader_result_passed(r));   /* 6 of 10 points */
	assert_int_equal(grader_result_stride_labelled(r), 2);
	assert_int_equal(grader_result_stride_agreed(r), 2);
	assert_int_equal(grader_result_severity_labelled(r), 2);
	assert_int_equal(grader_result_severity_agreed(r), 1);
	assert_int_equal(grader_result_stride_missed(r), GRADER_STRIDE_I);
	grader_result_free(r);
	o.pass_mark = 50;
	r = grader_grade(key, sub, &o);
	assert_true(grader_result_passed(r));
	grader_result_free(r);
	grader_submission_free(sub);
	grader_key_free(key);
}

/* Markdown headings are skipped, a rank written "#1" is a marker, and what
 * only looks like a heading ("#hashtag", seven '#') is a line. */
static void test_headings_and_ranks(void **state)
{
	struct grader_submission *sub = grader_submission_new();
	const char text[] = "# Our threats\n"
			    "###### Small heading\n"
			    "#\n"
			    "#1 SQL injection in invoice search\n"
			    "#2: admin console has no MFA\n"
			    "#3) invoices leak\n"
			    "#hashtag about injection\n"
			    "####### seven marks\n";

	(void)state;
	assert_int_equal(grader_submission_parse_text(sub, text, strlen(text)), GRADER_OK);
	assert_int_equal(grader_submission_line_count(sub), 5);
	assert_string_equal(grader_submission_line(sub, 0), "SQL injection in invoice search");
	assert_string_equal(grader_submission_line(sub, 1), "admin console has no MFA");
	assert_string_equal(grader_submission_line(sub, 2), "invoices leak");
	assert_string_equal(grader_submission_line(sub, 3), "#hashtag about injection");
	assert_string_equal(grader_submission_line(sub, 4), "####### seven marks");
	grader_submission_free(sub);
}

static void test_aliases(void **state)
{
	struct grader_key *key = grader_key_new("k");
	struct grader_threat_spec spec;
	const char *const aliases[] = { "PAN at rest" };
	const char *const lines[] = { "the PAN is kept at rest", NULL };
	struct grader_result *r;

	(void)state;
	memset(&spec, 0, sizeof(spec));
	spec.id = "B01";
	spec.title = "Card numbers stored in the billing database";
	spec.stride = GRADER_STRIDE_I;
	spec.severity = GRADER_SEV_HIGH;
	spec.aliases = aliases;
	spec.n_aliases = 1;
	assert_int_equal(grader_key_add_threat(key, &spec, NULL), GRADER_OK);
	assert_int_equal(grader_key_add_threat(key, &spec, NULL), GRADER_EINVALID); /* duplicate */
	assert_int_equal(grader_key_prepare(key, NULL), GRADER_OK);
	r = grade_lines(key, lines);
	assert_int_equal(grader_result_found_count(r), 1);
	assert_non_null(strstr(grader_result_found_why(r, 0), "alias 'PAN at rest'"));
	grader_result_free(r);
	grader_key_free(key);
}

/* A line that shares one word with a long alias does not earn it, even when the
 * lexicon writes that word as several ("cvv" -> "card verification code"). */
static void test_alias_one_word_expanded(void **state)
{
	struct grader_lexicon *lex = small_lexicon();
	struct grader_key *key = grader_key_new("k");
	struct grader_threat_spec spec;
	const char *const aliases[] = { "PAN and CVV in the DB" };
	const char *const lines[] = { "We reviewed the checkout page twice, nobody keeps the CVV "
				      "anywhere after payment, good", NULL };
	const char *const terse[] = { "CVV in the DB", NULL };
	struct grader_result *r;

	(void)state;
	assert_int_equal(grader_lexicon_add_expansion(lex, "cvv", "card verification code"),
			 GRADER_OK);
	memset(&spec, 0, sizeof(spec));
	spec.id = "B02";
	spec.title = "Full card numbers and CVVs stored in the billing database";
	spec.stride = GRADER_STRIDE_I;
	spec.severity = GRADER_SEV_CRITICAL;
	spec.aliases = aliases;
	spec.n_aliases = 1;
	assert_int_equal(grader_key_add_threat(key, &spec, NULL), GRADER_OK);
	spec.id = "B03";
	spec.title = "Stolen session cookies";
	spec.aliases = NULL;
	spec.n_aliases = 0;
	assert_int_equal(grader_key_add_threat(key, &spec, NULL), GRADER_OK);
	assert_int_equal(grader_key_prepare(key, lex), GRADER_OK);
	r = grade_lines(key, lines);
	assert_int_equal(grader_result_found_count(r), 0);
	grader_result_free(r);
	/* two words of the alias: the line earns it */
	r = grade_lines(key, terse);
	assert_int_equal(grader_result_found_count(r), 1);
	grader_result_free(r);
	grader_key_free(key);
	grader_lexicon_free(lex);
}

/* Every threat's score for one line, before assignment, with its reason. */
static void test_line_scores(void **state)
{
	struct grader_lexicon *lex = small_lexicon();
	struct grader_key *key = invoice_key(lex);
	double sims[4];
	char buf[4][256], *whys[4] = { buf[0], buf[1], buf[2], NULL };

	(void)state;
	assert_int_equal(grader_line_scores(key, "sqli in the invoice search box", 0, sims, whys,
					    sizeof(buf[0])), GRADER_OK);
	assert_true(sims[0] >= 0.45);
	assert_non_null(strstr(buf[0], "sqli -> sql injection"));
	/* the same line also shares "invoice" with I02: scored, not credited */
	assert_true(sims[1] < 0.45);
	assert_true(sims[2] == 0 && buf[2][0] == '\0');
	assert_int_equal(grader_line_scores(key, NULL, 0, sims, NULL, 0), GRADER_EINVALID);
	/* a STRIDE label the threat shares raises its score, as grading does */
	{
		double labelled[4];

		assert_int_equal(grader_line_scores(key, "invoice pdf urls", GRADER_STRIDE_I,
						    labelled, NULL, 0), GRADER_OK);
		assert_int_equal(grader_line_scores(key, "invoice pdf urls", 0, sims, NULL, 0),
				 GRADER_OK);
		assert_true(labelled[1] > sims[1]);
	}
	grader_key_free(key);
	grader_lexicon_free(lex);
}

/* ==== Patterns ================================================================= */

/* A key whose threat A01 an author pattern earns for admin endpoints exposed to
 * the internet; its words also hold "expose", the spelling a typo search of
 * "exposd" may reach first. */
static struct grader_key *exposed_admin_key(void)
{
	struct grader_key *key = grader_key_new("typos");
	const char *const pat[] = {
		"\\badmin\\s+(endpoints?|routes?)\\b.{0,40}\\bexposed\\b.{0,30}\\binternet\\b"
	};

	assert_non_null(key);
	add_threat_with(key, "A01", "Management routes reachable from outside",
			"Operators expose the admin routes on the public load balancer; the "
			"endpoints are exposed to the internet.",
			GRADER_STRIDE_E, GRADER_SEV_HIGH, pat, 1);
	add_threat(key, "A02", "Session cookies lack the secure flag",
		   "Cookies travel over plain HTTP.", GRADER_STRIDE_I, GRADER_SEV_LOW);
	assert_int_equal(grader_key_prepare(key, NULL), GRADER_OK);
	return key;
}

/* The line a pattern sees after typo correction: the corrected words in the
 * key's spelling, everything else byte for byte. */
static void test_corrected_line(void **state)
{
	struct grader_key *key = exposed_admin_key();
	struct grader_ctx c;
	const char *line = "Admin, ENDPOINTZ: (exposd) to the \xC3\xA9 Internet!", *fixed;
	size_t n = 0;

	(void)state;
	assert_int_equal(grader_ctx_init(&c, key), GRADER_OK);
	assert_int_equal(grader_ctx_analyze(&c, line, strlen(line), 0), GRADER_OK);
	fixed = grader_ctx_corrected(&c, line, strlen(line), &n);
	assert_non_null(fixed);
	assert_string_equal(fixed, "Admin, endpoints: (exposed) to the \xC3\xA9 Internet!");
	assert_int_equal(n, strlen(fixed));
	/* nothing to correct: no corrected line */
	line = "admin endpoints exposed to the internet";
	assert_int_equal(grader_ctx_analyze(&c, line, strlen(line), 0), GRADER_OK);
	assert_null(grader_ctx_corrected(&c, line, strlen(line), &n));
	grader_ctx_release(&c);
	grader_key_free(key);
}

/* An author pattern runs on the line with its typos corrected too, and the why
 * names the corrections; a line the pattern takes as written says none. */
static void test_pattern_on_corrected_line(void **state)
{
	struct grader_key *key = exposed_admin_key();
	const char *const typos[] = { "our admin endpointz are exposd to the internet", NULL };
	const char *const plain[] = { "our admin endpoints are exposed to the internet", NULL };
	const char *const denied[] = { "our admin endpoints are not exposd to the internet", NULL };
	/* "intranet" is two edits from "internet": a real word the key lacks, not
	 * a slip, so the pattern must not read the line as its opposite */
	const char *const inside[] = { "our admin endpoints are exposd to the intranet", NULL };
	struct grader_result *r;
	const char *why;

	(void)state;
	r = grade_lines(key, typos);
	assert_int_equal(line_for(r, key, "A01"), 0);
	assert_true(grader_result_found_similarity(r, 0) >= 0.95);
	why = grader_result_found_why(r, 0);
	assert_true(strncmp(why, "pattern '", 9) == 0);
	assert_non_null(strstr(why, "' matched" GRADER_WHY_CORRECTED));
	assert_non_null(strstr(why, "endpointz -> endpoints"));
	assert_non_null(strstr(why, "exposd -> exposed"));
	grader_result_free(r);
	r = grade_lines(key, plain);
	assert_int_equal(line_for(r, key, "A01"), 0);
	assert_null(strstr(grader_result_found_why(r, 0), GRADER_WHY_CORRECTED));
	grader_result_free(r);
	/* the corrected line's clause says no to the match as the line does */
	r = grade_lines(key, denied);
	assert_true(line_for(r, key, "A01") < 0 ||
		    strstr(grader_result_found_why(r, 0), "pattern '") == NULL);
	grader_result_free(r);
	r = grade_lines(key, inside);
	assert_true(line_for(r, key, "A01") < 0 ||
		    strstr(grader_result_found_why(r, 0), "pattern '") == NULL);
	grader_result_free(r);
	grader_key_free(key);
}

/* A pattern a match limit stops on the line as written, and again on it with
 * its typos corrected, is reported once for that line. */
static void test_pattern_limit_reported_once(void **state)
{
	static const char *const pats[] = { "\\b[i]d\\s(x+x+)+y.*\\bpayment" };
	struct grader_key *key = grader_key_new("limits");
	const char *const lines[] = {
		"id xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx, paymnt form", NULL
	};
	struct grader_result *r;

	(void)state;
	assert_non_null(key);
	add_threat_with(key, "B10", "Card testing through the payment form", NULL,
			GRADER_STRIDE_D, GRADER_SEV_MEDIUM, pats, 1);
	assert_int_equal(grader_key_prepare(key, NULL), GRADER_OK);
	r = grade_lines(key, lines);
	assert_int_equal(grader_result_limit_count(r), 1);
	assert_int_equal(grader_result_limit_line(r, 0), 0);
	grader_result_free(r);
	grader_key_free(key);
}

static void test_patterns(void **state)
{
	struct grader_error err;
	struct grader_key *key = grader_key_new(NULL);
	struct grader_threat_spec spec;
	const char *const good[] = { "\\bcvv\\b.*\\bstor" };
	const char *const bad[] = { "ok", "(unclosed" };
	const char *const lines[] = { "We keep the CVV stored forever", NULL };
	struct grader_result *r;

	(void)state;
	assert_int_equal(grader_pattern_match("\\bcvv\\b.*\\bstor", "CVV is STORED"), 1);
	assert_int_equal(grader_pattern_match("\\bcvv\\b", "cvvs"), 0);
	assert_true(grader_pattern_match("(unclosed", "x") < 0);
	assert_int_equal(grader_pattern_match("caf\\x{e9}", "CAFÉ"), 1);   /* caseless UTF */
	memset(&err, 0, sizeof(err));
	assert_int_equal(grader_pattern_check("ab(c", &err), GRADER_EPATTERN);
	assert_int_equal(err.offset, 4);
	assert_true(strlen(err.text) > 0);
	/* a pattern that can match nothing at all would credit every line */
	{
		static const char *const empty[] = { "cvv|", "x*", "(?=x)?", "\\b", "(*ACCEPT)zz" };

		for (size_t i = 0; i < sizeof(empty) / sizeof(*empty); i++) {
			assert_int_equal(grader_pattern_check(empty[i], &err), GRADER_EPATTERN);
			assert_non_null(strstr(err.text, "empty text"));
		}
		assert_int_equal(grader_pattern_check("\\bcvv\\b|card code", &err), GRADER_OK);
	}
	/* nesting over the limit is refused at compile time */
	{
		char deep[200];
		int i;

		for (i = 0; i < 60; i++)
			deep[i] = '(';
		deep[i++] = 'a';
		for (int j = 0; j < 60; j++)
			deep[i++] = ')';
		deep[i] = '\0';
		assert_int_equal(grader_pattern_check(deep, &err), GRADER_EPATTERN);
	}
	memset(&spec, 0, sizeof(spec));
	spec.id = "X";
	spec.title = "Card codes kept";
	spec.stride = GRADER_STRIDE_I;
	spec.severity = GRADER_SEV_LOW;
	spec.patterns = bad;
	spec.n_patterns = 2;
	assert_int_equal(grader_key_add_threat(key, &spec, &err), GRADER_EPATTERN);
	assert_int_equal(err.index, 1);
	assert_int_equal(grader_key_threat_count(key), 0);
	spec.patterns = good;
	spec.n_patterns = 1;
	assert_int_equal(grader_key_add_threat(key, &spec, &err), GRADER_OK);
	assert_int_equal(grader_key_prepare(key, NULL), GRADER_OK);
	r = grade_lines(key, lines);
	assert_int_equal(grader_result_found_count(r), 1);
	assert_true(grader_result_found_similarity(r, 0) >= 0.95);
	assert_non_null(strstr(grader_result_found_why(r, 0), "pattern"));
	grader_result_free(r);
	grader_key_free(key);
}

/* A pattern earns its threat over any ordinary match, but a line that restates
 * another threat almost word for word goes to that one when both want it;
 * with a second line for the pattern's threat, both are credited. */
static void test_pattern_yields_to_a_restated_threat(void **state)
{
	struct grader_key *key = grader_key_new("cards");
	struct grader_threat_spec spec;
	struct grader_error err;
	static const char *const pattern[] = { "\\bcard[- ]?test(ing|ers?)\\b" };
	static const char *const one[] = {
		"Detailed decline reasons help card testers refine stolen cards", NULL
	};
	static const char *const two[] = {
		"Detailed decline reasons help card testers refine stolen cards",
		"card testing through the guest checkout", NULL
	};
	struct grader_result *r;

	(void)state;
	memset(&spec, 0, sizeof(spec));
	spec.id = "C01";
	spec.title = "Card testing through the guest checkout";
	spec.stride = GRADER_STRIDE_S;
	spec.severity = GRADER_SEV_CRITICAL;
	spec.patterns = pattern;
	spec.n_patterns = 1;
	assert_int_equal(grader_key_add_threat(key, &spec, &err), GRADER_OK);
	add_threat(key, "C02", "Detailed decline reasons help card testers refine stolen cards",
		   "Checkout returns the processor's decline reason to the browser.",
		   GRADER_STRIDE_I, GRADER_SEV_MEDIUM);
	assert_int_equal(grader_key_prepare(key, NULL), GRADER_OK);
	r = grade_lines(key, one);
	assert_int_equal(grader_result_found_count(r), 1);
	assert_int_equal(line_for(r, key, "C02"), 0);
	assert_int_equal(line_for(r, key, "C01"), -1);
	grader_result_free(r);
	r = grade_lines(key, two);
	assert_int_equal(line_for(r, key, "C02"), 0);
	assert_int_equal(line_for(r, key, "C01"), 1);
	grader_result_free(r);
	grader_key_free(key);
}

/* When the patterns of two threats fire on one line, the threat the line is
 * worded closer to earns it, wherever it stands in the key; both score at
 * least the pattern score, and below a word-for-word restatement's. */
static void test_patterns_tie_to_the_closer_threat(void **state)
{
	/* both patterns fire on each line; the words lean one way (0.05 / 0.89 and
	 * 0.80 / 0.01 before the patterns) */
	static const char *const to_second[] = {
		"write key holders can send identify merging visitors into other profiles", NULL
	};
	static const char *const to_first[] = {
		"fake events with the write key mention identify", NULL
	};
	static const char *const write_key[] = { "\\bwrite[- ]key\\b" };
	static const char *const identify[] = { "\\bidentify\\b" };
	struct grader_key *key = grader_key_new("ties");
	struct grader_result *r;

	(void)state;
	add_threat_with(key, "W01", "Fake events sent with the public write key inflate revenue",
			NULL, GRADER_STRIDE_S, GRADER_SEV_MEDIUM, write_key, 1);
	add_threat_with(key, "W02", "Forged identify calls merge a visitor into another user's profile",
			NULL, GRADER_STRIDE_S, GRADER_SEV_HIGH, identify, 1);
	assert_int_equal(grader_key_prepare(key, NULL), GRADER_OK);
	r = grade_lines(key, to_second);
	assert_int_equal(grader_result_found_count(r), 1);
	assert_int_equal(line_for(r, key, "W02"), 0);
	assert_true(grader_result_found_similarity(r, 0) >= 0.95 &&
		    grader_result_found_similarity(r, 0) <= 0.96);
	assert_non_null(strstr(grader_result_found_why(r, 0), "pattern"));
	grader_result_free(r);
	r = grade_lines(key, to_first);
	assert_int_equal(line_for(r, key, "W01"), 0);
	grader_result_free(r);
	grader_key_free(key);
}

/* A "why" longer than the result keeps is cut on a character boundary and ends
 * with an ellipsis, never in the middle of a UTF-8 sequence. */
static void test_long_why_is_cut_cleanly(void **state)
{
	struct grader_key *key = grader_key_new("long");
	struct grader_threat_spec spec;
	static const char *const lines[] = { "the card code is kept", NULL };
	char pattern[900];
	const char *patterns[1] = { pattern };
	const char *why;
	size_t n = 0, len;
	struct grader_result *r;

	(void)state;
	/* "(?:é0|é1|...)|card code": long, and full of two-byte characters */
	n += (size_t)snprintf(pattern + n, sizeof(pattern) - n, "(?:");
	for (int i = 0; n + 32 < sizeof(pattern); i++)
		n += (size_t)snprintf(pattern + n, sizeof(pattern) - n, "\xC3\xA9%d|", i);
	snprintf(pattern + n - 1, sizeof(pattern) - n + 1, ")|card code");
	memset(&spec, 0, sizeof(spec));
	spec.id = "X";
	spec.title = "Card codes kept";
	spec.stride = GRADER_STRIDE_I;
	spec.severity = GRADER_SEV_LOW;
	spec.patterns = patterns;
	spec.n_patterns = 1;
	assert_non_null(key);
	assert_int_equal(grader_key_add_threat(key, &spec, NULL), GRADER_OK);
	assert_int_equal(grader_key_prepare(key, NULL), GRADER_OK);
	r = grade_lines(key, lines);
	assert_int_equal(grader_result_found_count(r), 1);
	why = grader_result_found_why(r, 0);
	len = strlen(why);
	assert_true(len > 400 && len < 512);
	assert_string_equal(why + len - 3, "\xE2\x80\xA6");
	assert_int_equal(grader_utf8_invalid(why, len, NULL), 0);
	grader_result_free(r);
	grader_key_free(key);
}

/* The store's cleaner: invalid bytes become U+FFFD, valid characters stay. */
static void test_utf8_clean(void **state)
{
	char *out;

	(void)state;
	out = grader_utf8_clean("caf\xC3\xA9 \xFF\xC3 ok \xED\xA0\x80");
	assert_non_null(out);
	assert_string_equal(out, "caf\xC3\xA9 \xEF\xBF\xBD\xEF\xBF\xBD ok "
				 "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	assert_int_equal(grader_utf8_invalid(out, strlen(out), NULL), 0);
	free(out);
}

/* Patterns with catastrophic backtracking stop at the match limit (reported as
 * a limit, not a plain mismatch) and count as no match. */
static void test_catastrophic_pattern_is_cut_short(void **state)
{
	static const char *const evil[] = { "^(a+)+$", "^(a|a)+$", "^(\\w+\\s?)+$" };
	char text[64];

	(void)state;
	memset(text, 'a', 40);
	text[40] = '!';
	text[41] = '\0';
	for (size_t i = 0; i < 3; i++) {
		struct grader_pattern p = { NULL, NULL, false };
		assert_int_equal(grader_pattern_compile(evil[i], &p, NULL), GRADER_OK);
		assert_int_equal(grader_pattern_exec(&p, text, strlen(text)), GRADER_PATTERN_LIMIT);
		assert_int_equal(grader_pattern_exec(&p, "aaa", 3), 1);   /* still a matcher */
		grader_pattern_release(&p);
		assert_int_equal(grader_pattern_match(evil[i], text), 0);
	}
}

/* A pattern that passes validate's probe may still hit the match limit on a
 * learner's line: the result lists each such evaluation (threat, pattern,
 * line), also one the negation scan stopped after a negated match, and an
 * ordinary submission lists none (the class [i] hides the word before the
 * repetition from the probe). The y after the run matters: without one PCRE2
 * gives up at once, since the pattern needs a y. */
static void test_pattern_limit_reported(void **state)
{
	static const char *const b01_patterns[] = { "\\bcvv\\b.*\\bstor" };
	static const char *const b10_patterns[] = { "\\bcard[- ]?test", "\\bbin\\s+attack",
						    "\\b[i]d\\s(x+x+)+y" };
	struct grader_threat_spec spec;
	struct grader_key *key = grader_key_new("limits");
	struct grader_result *r;
	char probe[64];
	const char *const lines[] = {
		"CVV codes are stored in the billing database",
		"id xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx, anyway",
		"card testing with stolen numbers",
		"not id xxy, but id xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx, anyway",
		NULL
	};
	const char *const plain[] = { "CVV codes are stored in the billing database",
				      "card testing with stolen numbers", NULL };

	(void)state;
	assert_int_equal(grader_pattern_probe(b10_patterns[2], probe, sizeof(probe)), 0);
	memset(&spec, 0, sizeof(spec));
	spec.id = "B01";
	spec.title = "Card numbers and CVV stored in the billing database";
	spec.stride = GRADER_STRIDE_I;
	spec.severity = GRADER_SEV_HIGH;
	spec.patterns = b01_patterns;
	spec.n_patterns = 1;
	assert_int_equal(grader_key_add_threat(key, &spec, NULL), GRADER_OK);
	spec.id = "B10";
	spec.title = "Card testing through the payment form";
	spec.stride = GRADER_STRIDE_D;
	spec.severity = GRADER_SEV_MEDIUM;
	spec.patterns = b10_patterns;
	spec.n_patterns = 3;
	assert_int_equal(grader_key_add_threat(key, &spec, NULL), GRADER_OK);
	assert_int_equal(grader_key_prepare(key, NULL), GRADER_OK);

	r = grade_lines(key, lines);
	assert_int_equal(grader_result_limit_count(r), 2);
	assert_int_equal(grader_result_limit_threat(r, 0), 1);
	assert_int_equal(grader_result_limit_pattern(r, 0), 2);
	assert_int_equal(grader_result_limit_line(r, 0), 1);
	/* "id xxy" matches but is negated; the search on past it is stopped */
	assert_int_equal(grader_result_limit_threat(r, 1), 1);
	assert_int_equal(grader_result_limit_pattern(r, 1), 2);
	assert_int_equal(grader_result_limit_line(r, 1), 3);
	assert_int_equal(grader_result_limit_line(r, 2), 0);   /* out of range */
	grader_result_free(r);

	r = grade_lines(key, plain);
	assert_int_equal(grader_result_found_count(r), 2);
	assert_int_equal(grader_result_limit_count(r), 0);
	grader_result_free(r);
	assert_int_equal(grader_result_limit_count(NULL), 0);
	grader_key_free(key);
}

/* validate finds such patterns before a learner's line does: the probe hits
 * the limit on every shape of nested repetition, and on no ordinary pattern
 * of the bundled keys' kind. */
static void test_pattern_probe(void **state)
{
	static const char *const evil[] = { "(a+)+b", "^(a|a)+$", "^(\\w+\\s?)+$", "(x+x+)+y",
					    "(\\d+)*-",
					    /* behind a word: tried only where the word is */
					    "\\bid\\s(\\w+\\s?)+increment",
					    "\\bid\\s+of\\s(\\w+\\s?)+increment",
					    "\\border\\s+id:\\s(\\w+\\s?)+x",
					    "\\bid\\s(x+x+)+y",
					    /* the repetition going on inside the word */
					    "\\bflood(\\w+\\s?)+bill",
					    "\\bflood\\s(\\w+\\s?)+bill",
					    "\\border\\s+id(\\w+\\s?)+x",
					    /* work that grows with the cube of the line */
					    "\\blink\\b.*.*.*\\bguess" };
	static const char *const fine[] = { "\\bcvv\\b.*\\bstor", "card[- ]?test(ing|ers?)",
					    "\\b(pan|card numbers?)\\b.{0,40}\\blog",
					    "^.*admin.*$", "(?:api|secret) keys?",
					    "\\b(a|b).*\\b(c|d).*\\be" };
	char probe[64];

	(void)state;
	for (size_t i = 0; i < sizeof(evil) / sizeof(*evil); i++) {
		probe[0] = '\0';
		assert_int_equal(grader_pattern_probe(evil[i], probe, sizeof(probe)), 1);
		assert_true(strlen(probe) >= 20);
	}
	for (size_t i = 0; i < sizeof(fine) / sizeof(*fine); i++)
		assert_int_equal(grader_pattern_probe(fine[i], probe, sizeof(probe)), 0);
	assert_true(grader_pattern_probe("(unclosed", probe, sizeof(probe)) < 0);
}

/* ==== Submissions ============================================================== */

static void test_submission_text(void **state)
{
	struct grader_submission *sub = grader_submission_new();
	const char text[] = "# Our threats\n"
			    "\n"
			    "1. first threat\r\n"
			    "  - [S, T] second threat (high)\n"
			    "* Information disclosure: third threat\n"
			    "2) fourth\0 hidden\n"
			    "---\n"
			    "+ [ ] fifth \xff bad byte\n";

	(void)state;
	assert_int_equal(grader_submission_parse_text(sub, text, sizeof(text) - 1), GRADER_OK);
	assert_int_equal(grader_submission_line_count(sub), 5);
	assert_string_equal(grader_submission_line(sub, 0), "first threat");
	assert_int_equal(grader_submission_line_no(sub, 0), 3);
	assert_string_equal(grader_submission_line(sub, 1), "second threat");
	assert_int_equal(grader_submission_line_stride(sub, 1), GRADER_STRIDE_S | GRADER_STRIDE_T);
	assert_int_equal(grader_submission_line_severity(sub, 1), GRADER_SEV_HIGH);
	assert_string_equal(grader_submission_line(sub, 2), "third threat");
	assert_int_equal(grader_submission_line_stride(sub, 2), GRADER_STRIDE_I);
	/* a NUL byte is a control character like any other: a space */
	assert_string_equal(grader_submission_line(sub, 3), "fourth  hidden");
	assert_string_equal(grader_submission_line(sub, 4), "fifth \xEF\xBF\xBD bad byte");
	assert_int_equal(grader_submission_line_no(sub, 4), 8);
	grader_submission_free(sub);
}

/* Lone CRs end lines in a file with no LF (old Mac files), and are spaces in a
 * file of LF lines, whose line numbers stay the file's; C1 controls and escapes
 * become spaces, in text and in lines added one by one; "[severity: high]" and
 * hyphenated STRIDE names are labels; a hyphenated word is not. */
static void test_submission_line_ends_controls_labels(void **state)
{
	struct grader_submission *sub = grader_submission_new();
	/* (a last line may end in LF all the same) */
	const char mac[] = "one\rtwo\rDenial-of-service: three\n";
	const char text[] = "four [severity: high]\nre-used: five\xC2\x9B" "2J\x1B[31m\n"
			    "six\rseven\r\n";

	(void)state;
	assert_int_equal(grader_submission_parse_text(sub, mac, sizeof(mac) - 1), GRADER_OK);
	assert_int_equal(grader_submission_line_count(sub), 3);
	assert_string_equal(grader_submission_line(sub, 1), "two");
	assert_int_equal(grader_submission_line_no(sub, 2), 3);
	assert_string_equal(grader_submission_line(sub, 2), "three");
	assert_int_equal(grader_submission_line_stride(sub, 2), GRADER_STRIDE_D);
	grader_submission_free(sub);
	sub = grader_submission_new();
	assert_int_equal(grader_submission_parse_text(sub, text, sizeof(text) - 1), GRADER_OK);
	assert_int_equal(grader_submission_line_count(sub), 3);
	assert_string_equal(grader_submission_line(sub, 0), "four");
	assert_int_equal(grader_submission_line_severity(sub, 0), GRADER_SEV_HIGH);
	assert_string_equal(grader_submission_line(sub, 1), "re-used: five 2J [31m");
	assert_string_equal(grader_submission_line(sub, 2), "six seven");
	assert_int_equal(grader_submission_line_no(sub, 2), 3);
	assert_int_equal(grader_submission_add(sub, 9, "\x1B]0;title\x07 six", 0, GRADER_SEV_NONE),
			 GRADER_OK);
	assert_string_equal(grader_submission_line(sub, 3), " ]0;title  six");
	grader_submission_free(sub);
	/* a label with nothing after it (found by fuzz_grade: read past the end) */
	sub = grader_submission_new();
	assert_int_equal(grader_submission_parse_text(sub, "t:", 2), GRADER_OK);
	assert_int_equal(grader_submission_line_count(sub), 0);
	assert_int_equal(grader_submission_parse_text(sub, "S: -", 4), GRADER_OK);
	assert_int_equal(grader_submission_line_count(sub), 0);
	grader_submission_free(sub);
}

static void test_submission_limits(void **state)
{
	struct grader_submission *sub = grader_submission_new();
	struct grader_key *key = invoice_key(NULL);
	struct grader_result *r;
	size_t n = 3000;
	char *big = malloc(n + 1);
	char *many;
	size_t lines = GRADER_MAX_LINES + 5, pos = 0;

	(void)state;
	memset(big, 'x', n);
	memcpy(big, "sql injection ", 14);
	big[n] = '\0';
	assert_int_equal(grader_submission_parse_text(sub, big, n), GRADER_OK);
	assert_int_equal(grader_submission_truncated(sub), 1);
	assert_true(strlen(grader_submission_line(sub, 0)) <= GRADER_MAX_LINE);
	grader_submission_free(sub);
	free(big);

	/* past the line limit the rest is dropped and counted; grading stays sane */
	many = malloc(lines * 8 + 1);
	for (size_t i = 0; i < lines; i++) {
		memcpy(many + pos, "- sqli\n", 7);
		pos += 7;
	}
	many[pos] = '\0';
	sub = grader_submission_new();
	assert_int_equal(grader_submission_parse_text(sub, many, pos), GRADER_ELIMIT);
	assert_int_equal(grader_submission_line_count(sub), GRADER_MAX_LINES);
	assert_int_equal(grader_submission_dropped(sub), 5);
	r = grader_grade(key, sub, NULL);
	assert_non_null(r);
	assert_true(grader_result_found_count(r) <= 1);
	grader_result_free(r);
	grader_submission_free(sub);
	free(many);

	/* empty submission: graded, score 0, everything missed */
	sub = grader_submission_new();
	assert_int_equal(grader_submission_parse_text(sub, "", 0), GRADER_OK);
	r = grader_grade(key, sub, NULL);
	assert_non_null(r);
	assert_true(grader_result_score(r) == 0);
	assert_int_equal(grader_result_missed_count(r), 4);
	grader_result_free(r);
	grader_submission_free(sub);
	grader_key_free(key);
}

static void test_binary_junk(void **state)
{
	struct grader_key *key = invoice_key(NULL);
	unsigned char junk[4096];
	unsigned seed = 12345;

	(void)state;
	for (int round = 0; round < 20; round++) {
		struct grader_submission *sub = grader_submission_new();
		struct grader_result *r;

		for (size_t i = 0; i < sizeof(junk); i++) {
			seed = seed * 1103515245u + 12345u;
			junk[i] = (unsigned char)(seed >> 16);
		}
		grader_submission_parse_text(sub, (const char *)junk, sizeof(junk));
		r = grader_grade(key, sub, NULL);
		assert_non_null(r);
		assert_true(grader_result_score(r) >= 0 && grader_result_score(r) <= 100);
		grader_result_free(r);
		grader_submission_free(sub);
	}
	grader_key_free(key);
}

static void test_unprepared_key(void **state)
{
	struct grader_key *key = grader_key_new(NULL);
	struct grader_submission *sub = grader_submission_new();

	(void)state;
	add_threat(key, "A", "something", NULL, GRADER_STRIDE_S, GRADER_SEV_LOW);
	assert_null(grader_grade(key, sub, NULL));
	assert_int_equal(grader_key_title_words(key, 0), 0);   /* not prepared */
	/* ids are unique and found by id; a refused one leaves the key as it was */
	add_threat(key, "B", "something else", NULL, GRADER_STRIDE_T, GRADER_SEV_LOW);
	struct grader_threat_spec dup = { .id = "A", .title = "again", .stride = GRADER_STRIDE_S,
					  .severity = GRADER_SEV_LOW };
	struct grader_error err;
	assert_int_equal(grader_key_add_threat(key, &dup, &err), GRADER_EINVALID);
	assert_non_null(strstr(err.text, "duplicate threat id 'A'"));
	assert_int_equal(grader_key_threat_count(key), 2);
	assert_int_equal(grader_key_find(key, "A"), 0);
	assert_int_equal(grader_key_find(key, "B"), 1);
	assert_int_equal(grader_key_find(key, "C"), -1);
	assert_int_equal(grader_key_prepare(key, NULL), GRADER_OK);
	assert_int_equal(grader_key_title_words(key, 1), 2);
	grader_submission_free(sub);
	grader_key_free(key);
	grader_key_free(NULL);
	grader_result_free(NULL);
	grader_lexicon_free(NULL);
	grader_submission_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vocabulary),
		cmocka_unit_test(test_prepared_lexicon_same_keys),
		cmocka_unit_test(test_prepared_lexicon_grows),
		cmocka_unit_test(test_lexicon_codec_same_keys),
		cmocka_unit_test(test_lexicon_codec_refuses_damage),
		cmocka_unit_test(test_compound_words),
		cmocka_unit_test(test_restating_lines),
		cmocka_unit_test(test_synonym_note_words),
		cmocka_unit_test(test_key_of_no_words),
		cmocka_unit_test(test_stemming_and_case),
		cmocka_unit_test(test_answer_similarity),
		cmocka_unit_test(test_pattern_match_affirmed),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_lexicon_expansion_and_synonyms),
		cmocka_unit_test(test_lexicon_whole_words),
		cmocka_unit_test(test_payloads),
		cmocka_unit_test(test_payload_errors),
		cmocka_unit_test(test_negations_never_stopwords),
		cmocka_unit_test(test_typos),
		cmocka_unit_test(test_two_edit_typos_key_words_only),
		cmocka_unit_test(test_why_learner_words),
		cmocka_unit_test(test_letter_mask_bound),
		cmocka_unit_test(test_asset_only_line_does_not_earn),
		cmocka_unit_test(test_asset_only_line_at_low_thresholds),
		cmocka_unit_test(test_one_to_one_and_explanations),
		cmocka_unit_test(test_assignment_beats_greedy),
		cmocka_unit_test(test_assignment_in_grading),
		cmocka_unit_test(test_pass_mark_and_labels),
		cmocka_unit_test(test_headings_and_ranks),
		cmocka_unit_test(test_aliases),
		cmocka_unit_test(test_alias_one_word_expanded),
		cmocka_unit_test(test_line_scores),
		cmocka_unit_test(test_patterns),
		cmocka_unit_test(test_corrected_line),
		cmocka_unit_test(test_pattern_on_corrected_line),
		cmocka_unit_test(test_pattern_yields_to_a_restated_threat),
		cmocka_unit_test(test_patterns_tie_to_the_closer_threat),
		cmocka_unit_test(test_catastrophic_pattern_is_cut_short),
		cmocka_unit_test(test_long_why_is_cut_cleanly),
		cmocka_unit_test(test_utf8_clean),
		cmocka_unit_test(test_pattern_probe),
		cmocka_unit_test(test_submission_text),
		cmocka_unit_test(test_submission_line_ends_controls_labels),
		cmocka_unit_test(test_submission_limits),
		cmocka_unit_test(test_binary_junk),
		cmocka_unit_test(test_pattern_limit_reported),
		cmocka_unit_test(test_pattern_limit_reported_once),
		cmocka_unit_test(test_unprepared_key),
		cmocka_unit_test(test_lexicon_overrides),
	};

	return cmocka_run_group_tests_name("grader", tests, NULL, NULL);
}
