/*
 * test_grader_calib.c: unit tests of the grader's calibration rules: the
 * learner's STRIDE label as a soft prior, aliases that one shared word must
 * not earn, the calibration inputs (lead over the next best threat), and the
 * normalization details that feed them (identifiers, typos of any known word).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <dirent.h>
#include <stdio.h>

#include "grader.h"
#include "tmengine.h"
#include "grade_compare.h"

/* ==== Helpers ================================================================== */

static void add_threat(struct grader_key *key, const char *id, const char *title,
		       const char *desc, unsigned stride, const char *const *aliases,
		       size_t n_aliases)
{
	struct grader_threat_spec spec;
	struct grader_error err;

	memset(&spec, 0, sizeof(spec));
	spec.id = id;
	spec.title = title;
	spec.description = desc;
	spec.stride = stride;
	spec.severity = GRADER_SEV_HIGH;
	spec.aliases = aliases;
	spec.n_aliases = n_aliases;
	assert_int_equal(grader_key_add_threat(key, &spec, &err), GRADER_OK);
}

/* Grades one line with an optional STRIDE label; returns the credited threat's
 * id, or NULL when the line earned nothing. */
static const char *credit_of(const struct grader_key *key, const char *line, unsigned stride)
{
	struct grader_submission *sub = grader_submission_new();
	struct grader_result *r;
	const char *id = NULL;

	assert_non_null(sub);
	assert_int_equal(grader_submission_add(sub, 1, line, stride, GRADER_SEV_NONE), GRADER_OK);
	r = grader_grade(key, sub, NULL);
	assert_non_null(r);
	if (grader_result_found_count(r) > 0)
		id = grader_threat_id(key, grader_result_found_threat(r, 0));
	grader_result_free(r);
	grader_submission_free(sub);
	return id;
}

/* ==== Calibration inputs ======================================================= */

static size_t feature_index(const char *name)
{
	for (size_t i = 0; i < GRADER_N_FEATURES; i++)
		if (strcmp(grader_feature_name(i), name) == 0)
			return i;
	fail_msg("no calibration input named %s", name);
	return 0;
}

static struct grader_key *two_threat_key(void)
{
	struct grader_key *key = grader_key_new("k");

	assert_non_null(key);
	add_threat(key, "H", "Host key check disabled for the bank connection",
		   "The upload job does not verify the server's host key.", GRADER_STRIDE_S,
		   NULL, 0);
	add_threat(key, "P", "Payment file altered before upload",
		   "Anyone who can write to the outbound folder can change the file.",
		   GRADER_STRIDE_T, NULL, 0);
	return key;
}

/* A line about one threat leads the other; the other gets no lead. */
static void test_features_lead_and_best(void **state)
{
	struct grader_key *key = two_threat_key();
	double x[2 * GRADER_N_FEATURES];
	size_t lead = feature_index("lead"), best = feature_index("is_best");
	size_t raw = feature_index("raw_similarity");

	(void)state;
	assert_null(grader_feature_name(GRADER_N_FEATURES));
	assert_int_equal(grader_line_features(key, "host key check off", 0, x, NULL), GRADER_EINVALID);
	assert_int_equal(grader_key_prepare(key, NULL), GRADER_OK);
	assert_int_equal(grader_line_features(key, "the upload never verifies the host key", 0, x, NULL),
			 GRADER_OK);
	assert_true(x[raw] > x[GRADER_N_FEATURES + raw]);
	assert_true(x[lead] > 0);
	assert_true(x[best] == 1);
	assert_true(x[GRADER_N_FEATURES + lead] == 0);
	assert_true(x[GRADER_N_FEATURES + best] == 0);
	/* the learner's STRIDE label raises its category's raw similarity, as in
	 * grading, so the fitted inputs are the ones grading uses */
	{
		double plain = x[GRADER_N_FEATURES + raw], y[2 * GRADER_N_FEATURES];

		assert_int_equal(grader_line_features(key, "the upload never verifies the host key",
						      GRADER_STRIDE_T, y, NULL), GRADER_OK);
		assert_true(plain > 0);
		assert_true(y[GRADER_N_FEATURES + raw] > plain);
		assert_true(y[raw] == x[raw]);
	}
	/* a line that shares nothing gives all-zero rows */
	assert_int_equal(grader_line_features(key, "coffee machine broken", 0, x, NULL), GRADER_OK);
	for (size_t i = 0; i < 2 * GRADER_N_FEATURES; i++)
		assert_true(x[i] == 0);
	grader_key_free(key);
}

/* The calibrated similarity of a clear match clears the default threshold;
 * the runner-up threat of the same line stays below it. */
static void test_calibrated_clear_match(void **state)
{
	struct grader_key *key = two_threat_key();
	struct grader_submission *sub = grader_submission_new();
	struct grader_result *r;

	(void)state;
	assert_int_equal(grader_key_prepare(key, NULL), GRADER_OK);
	assert_non_null(sub);
	assert_int_equal(grader_submission_add(sub, 1, "the upload never verifies the host key",
					       0, GRADER_SEV_NONE), GRADER_OK);
	r = grader_grade(key, sub, NULL);
	assert_non_null(r);
	assert_int_equal(grader_result_found_count(r), 1);
	assert_string_equal(grader_threat_id(key, grader_result_found_threat(r, 0)), "H");
	assert_true(grader_result_found_similarity(r, 0) >= GRADER_DEFAULT_THRESHOLD);
	assert_true(grader_result_threat_best(r, 1) < GRADER_DEFAULT_THRESHOLD);
	grader_result_free(r);
	grader_submission_free(sub);
	grader_key_free(key);
}

/* ==== Normalization feeding the model ========================================== */

/* StrictHostKeyChecking reads as its words; DoS stays one word. */
static void test_identifiers_split_at_capitals(void **state)
{
	struct grader_key *key = two_threat_key();
	struct grader_lexicon *lex = grader_lexicon_new();

	(void)state;
	assert_non_null(lex);
	assert_int_equal(grader_lexicon_add_expansion(lex, "dos", "denial of service"),
			 GRADER_OK);
	assert_int_equal(grader_key_prepare(key, lex), GRADER_OK);
	assert_non_null(credit_of(key, "StrictHostKeyChecking disabled for the bank", 0));
	assert_string_equal(credit_of(key, "StrictHostKeyChecking disabled for the bank", 0), "H");
	assert_null(credit_of(key, "stricthostkeychecking", 0));
	grader_key_free(key);
	key = grader_key_new("k");
	add_threat(key, "D", "Denial of service on the upload job", NULL, GRADER_STRIDE_D,
		   NULL, 0);
	add_threat(key, "X", "Exports readable by every developer", NULL, GRADER_STRIDE_I,
		   NULL, 0);
	assert_int_equal(grader_key_prepare(key, lex), GRADER_OK);
	assert_non_null(credit_of(key, "a DoS would hurt", 0));
	assert_string_equal(credit_of(key, "a DoS would hurt", 0), "D");
	grader_key_free(key);
	grader_lexicon_free(lex);
}

/* A typo of a word the key and lexicon only know as generic is still read. */
static void test_typo_of_generic_word(void **state)
{
	struct grader_key *key = grader_key_new("k");
	struct grader_lexicon *lex = grader_lexicon_new();
	double x[2 * GRADER_N_FEATURES], y[2 * GRADER_N_FEATURES];
	size_t shared = feature_index("words_shared");

	(void)state;
	assert_non_null(key);
	assert_non_null(lex);
	assert_int_equal(grader_lexicon_add_generic(lex, "database"), GRADER_OK);
	add_threat(key, "K", "API keys kept in full in the database", NULL, GRADER_STRIDE_I,
		   NULL, 0);
	add_threat(key, "W", "Webhook signatures never checked", NULL, GRADER_STRIDE_S,
		   NULL, 0);
	assert_int_equal(grader_key_prepare(key, lex), GRADER_OK);
	assert_int_equal(grader_line_features(key, "keys in the database", 0, x, NULL), GRADER_OK);
	assert_int_equal(grader_line_features(key, "keys in the databse", 0, y, NULL), GRADER_OK);
	assert_true(x[shared] == y[shared]);
	grader_key_free(key);
	grader_lexicon_free(lex);
}

/* ==== STRIDE label ============================================================= */

/* Two threats that a line matches equally well: the learner's label decides. */
static void test_stride_label_breaks_ties(void **state)
{
	struct grader_key *key = grader_key_new("k");
	const char *line = "invoice totals changed without a trace";
	const char *plain, *as_t, *as_r;

	(void)state;
	add_threat(key, "A", "Invoice totals changed without a trace by the client", NULL,
		   GRADER_STRIDE_T, NULL, 0);
	add_threat(key, "B", "Invoice totals changed without a trace by support", NULL,
		   GRADER_STRIDE_R, NULL, 0);
	assert_int_equal(grader_key_prepare(key, NULL), GRADER_OK);
	plain = credit_of(key, line, 0);
	as_t = credit_of(key, line, GRADER_STRIDE_T);
	as_r = credit_of(key, line, GRADER_STRIDE_R);
	assert_non_null(plain);
	assert_non_null(as_t);
	assert_non_null(as_r);
	assert_string_equal(as_t, "A");
	assert_string_equal(as_r, "B");
	grader_key_free(key);
}

/* A label is a prior, not a credit: a line that shares nothing stays unmatched. */
static void test_stride_label_alone_earns_nothing(void **state)
{
	struct grader_key *key = grader_key_new("k");

	(void)state;
	add_threat(key, "A", "Invoice totals tampered with by the client", NULL, GRADER_STRIDE_T,
		   NULL, 0);
	assert_int_equal(grader_key_prepare(key, NULL), GRADER_OK);
	assert_null(credit_of(key, "the office coffee machine is broken", GRADER_STRIDE_T));
	assert_null(credit_of(key, "the office coffee machine is broken", GRADER_STRIDE_ALL));
	grader_key_free(key);
}

/* ==== Aliases and one shared word ============================================== */

/* The ids, titles and aliases of exercises/customer-survey/key.yaml on
 * 2026-11-27: the key where one shared word earned an alias. */
static const char *const survey_threats[][8] = {
	{ "S01",
	  "Guessable survey links let anyone answer as another customer",
	  "sequential or incrementing invitation number in the link",
	  "predictable survey URL",
	  "try the next number in the link to open other customers' surveys",
	  "IDOR on the response page",
	  "answer the survey pretending to be another customer",
	  NULL },
	{ "S02",
	  "Phishing emails that imitate the survey invitation",
	  "fake survey emails used for phishing",
	  "email spoofing of our survey domain",
	  "missing SPF DKIM DMARC on the sending domain",
	  "attacker sends emails that look like or pretend to be our survey",
	  "phishing emails that copy our survey invitation",
	  NULL },
	{ "S03",
	  "Staff builder accounts taken over by password guessing or reuse",
	  "credential stuffing against the builder login",
	  "brute force the staff password",
	  "no MFA on the survey builder",
	  "weak separate login instead of SSO",
	  "stolen staff password",
	  NULL },
	{ "T01",
	  "Survey results skewed by repeated or forged submissions",
	  "ballot stuffing",
	  "one person submits hundreds of answers to make the score look worse",
	  "submit the survey many times",
	  "fake responses skew the results",
	  "resubmit the same survey again and again to change the results",
	  NULL },
	{ "T02",
	  "Script injection through free-text comments shown on the dashboard",
	  "stored XSS in survey comments",
	  "javascript in the comment field runs in the dashboard",
	  "HTML injection in free-text answers",
	  "malicious comment steals staff session",
	  "cross-site scripting on the results page",
	  NULL },
	{ "T03",
	  "Spreadsheet formula injection through the CSV export",
	  "CSV injection",
	  "formula injection in the export",
	  "malicious formula in an answer opens in Excel",
	  "spreadsheet formulas in survey responses",
	  NULL },
	{ "R01",
	  "No record of who created, sent, edited or exported a survey",
	  "no audit log",
	  "no audit trail of exports",
	  "cannot tell who exported the data",
	  "missing logging of staff actions",
	  "staff can deny sending a survey",
	  NULL },
	{ "R02",
	  "Question wording changed after answers were collected, with no history",
	  "no version history for surveys",
	  "editing questions after responses misrepresents results",
	  "survey edits overwrite the old version",
	  "cannot prove what question was asked",
	  "survey text edited after people answered",
	  NULL },
	{ "I01",
	  "Customer personal data and answers kept forever",
	  "no data retention policy",
	  "PII never deleted",
	  "old survey responses kept indefinitely",
	  "customer emails stored forever",
	  "cannot honour deletion requests",
	  NULL },
	{ "I02",
	  "Export links that never expire leak customer data when forwarded",
	  "export download link never expires",
	  "anyone with the link can download the CSV",
	  "forwarded export links leak customer emails",
	  "shared bucket holds customer data",
	  "public export URL",
	  NULL },
	{ "I03",
	  "Invitation links and customer details sent to the third-party analytics script",
	  "analytics script sees the survey URL",
	  "third-party tracking on the response page leaks data",
	  "marketing script reads customer name",
	  "survey link leaked to analytics provider",
	  NULL },
	{ "I04",
	  "Email provider API key committed to the repository",
	  "API key in the git repo",
	  "hard-coded secret in config file",
	  "leaked email provider credentials",
	  "secret stored in source control",
	  "production key in the repository",
	  NULL },
	{ "D01",
	  "Flood of fake submissions overloads the response endpoint and database",
	  "no rate limiting on submissions",
	  "spam the response endpoint",
	  "DoS the response page with fake submissions",
	  "bot floods the response form",
	  "fill the database with junk answers",
	  NULL },
	{ "D02",
	  "Mass sending runs up the email bill and gets the sending domain blocked",
	  "email bill explodes from mass sending",
	  "no limit on audience list size",
	  "spam complaints get our domain blacklisted",
	  "sending too many emails costs money",
	  "email quota exhausted",
	  NULL },
	{ "E01",
	  "Every builder account can do everything, including exporting all customer data",
	  "no role-based access control",
	  "all staff are admins",
	  "no least privilege in the builder",
	  "any staff member can export everything",
	  "every builder user is effectively an admin",
	  NULL },
};
/* The stop words and generic words of lexicon/en.yaml. */
static const char *const en_stop[] = {
	"a", "an", "the", "and", "or", "but", "if", "then", "so", "of", "to", "in", "True", "at",
	"by", "for", "with", "from", "into", "onto", "as", "is", "are", "was", "were", "be",
	"been", "being", "it", "its", "this", "that", "these", "those", "there", "their", "they",
	"them", "he", "she", "his", "her", "him", "we", "our", "us", "you", "your", "i", "me",
	"my", "which", "who", "whom", "whose", "what", "when", "where", "while", "how", "do",
	"does", "did", "doing", "done", "have", "has", "had", "having", "will", "would", "shall",
	"should", "can", "could", "may", "might", "must", "also", "just", "very", "too", "some",
	"any", "all", "each", "every", "other", "than", "such", "own", "same", "s", "t", "e", "g",
	"eg", "ie", "etc", "about", "over", "under", "up", "down", "out", "False", "again",
	"further", "once", "here", "more", "most", "much", "many", "because", "since", "even",
	"still", "yet", "via", "using", "use", "used", "get", "gets", "got", "getting", "make",
	"makes", "made", "let", "lets", "like", "thing", "things", "way", "one", "ones",
	"something", "someone", "somebody", "anyone", "anybody", "everyone", "able", "e.g", "i.e",
	"per", "within", "upon", "across", "after", "before", "during", "until", "then",
	"whether", "either", "both", "though", "although", "really", "maybe", "perhaps",
	"probably", "possibly", "already", "well", "way", "lot", "lots", "bit", "kind", "sort",
	"need", "needs", "want", "wants", "say", "says", "said", "go", "goes", "going", "gone",
	"take", "takes", "took", "put", "puts", "through", "etc.", "now", "ever", "later", "back",
	"enough", "only", "quite", "rather", "simply", "easily", NULL
};
static const char *const en_generic[] = {
	"attacker", "hacker", "adversary", "user", "users", "system", "data", "service", "server",
	"application", "app", "information", "account", "attack", "threat", "risk", "issue",
	"problem", "security", "secure", "vulnerability", "malicious", "bad", "access", "allow",
	"allows", "allowed", "able", "could", "someone", "people", "person", "customer", "client",
	"request", "send", "sent", "api", "endpoint", "feature", "function", "component", "site",
	"website", "web", "page", "platform", "tool", "process", "file", "files", "record",
	"records", "value", "values", "field", "fields", "number", "time", "new", "other",
	"without", "compromise", "compromised", "exploit", "abuse", "cause", "causes", "result",
	"results", "lead", "leads", "possible", "possibly", "potential", "potentially", "lack",
	"missing", "False", "not", "email", "mail", "inbox", "phone", "smartphone", "link", "url",
	"database", "datastore", "backup", "snapshot", "token", "session", "cookie", "secret",
	"admin", "administrator", "employee", "staff", "public", "vendor", "library", "package",
	"webhook", "callback", "upload", "download", "cost", "reset", "recovery", "store",
	"storage", "save", "expire", "expiry", "credential", "password", NULL
};

static struct grader_lexicon *survey_lexicon(void)
{
	struct grader_lexicon *lex = grader_lexicon_new();
	static const char *const outage[] = { "outage", "downtime", "denial of service" };
	static const char *const steal[] = { "steal", "theft", "stolen" };
	static const char *const secret[] = { "secret", "api key" };

	assert_non_null(lex);
	assert_int_equal(grader_lexicon_add_expansion(lex, "dos", "denial of service"), GRADER_OK);
	assert_int_equal(grader_lexicon_add_synonyms(lex, outage, 3), GRADER_OK);
	assert_int_equal(grader_lexicon_add_synonyms(lex, steal, 3), GRADER_OK);
	assert_int_equal(grader_lexicon_add_synonyms(lex, secret, 2), GRADER_OK);
	for (size_t i = 0; en_stop[i] != NULL; i++)
		assert_int_equal(grader_lexicon_add_stopword(lex, en_stop[i]), GRADER_OK);
	for (size_t i = 0; en_generic[i] != NULL; i++)
		assert_int_equal(grader_lexicon_add_generic(lex, en_generic[i]), GRADER_OK);
	return lex;
}

static struct grader_key *survey_key(const struct grader_lexicon *lex)
{
	struct grader_key *key = grader_key_new("customer-survey");
	size_t n = sizeof(survey_threats) / sizeof(survey_threats[0]);

	assert_non_null(key);
	for (size_t i = 0; i < n; i++) {
		const char *const *t = survey_threats[i];
		size_t n_aliases = 0;

		while (t[2 + n_aliases] != NULL)
			n_aliases++;
		add_threat(key, t[0], t[1], NULL, GRADER_STRIDE_T, t + 2, n_aliases);
	}
	assert_int_equal(grader_key_prepare(key, lex), GRADER_OK);
	return key;
}

/* ==== Pairs grading leaves uncomputed ========================================== */

/* A billing key of eight threats and a list whose lines touch several of them
 * at once: most (line, threat) pairs are weak, which grading may skip. */
static struct grader_key *billing_key(void)
{
	static const struct { const char *id, *title, *desc; unsigned stride; } th[] = {
		{ "B1", "Card numbers stored unencrypted in the billing database",
		  "Full card numbers sit in plain text in the invoices table; a stolen backup or "
		  "a read-only database account exposes every card.", GRADER_STRIDE_I },
		{ "B2", "Checkout flooded to test stolen cards",
		  "Bots submit thousands of small payments to find which stolen card numbers are "
		  "live; every attempt costs a network fee.", GRADER_STRIDE_D },
		{ "B3", "Payment webhook accepts forged events",
		  "The acquirer's webhook is not signed, so anyone can post a payment succeeded "
		  "event and mark an invoice paid.", GRADER_STRIDE_S },
		{ "B4", "Price changed in the checkout request",
		  "The browser sends the amount and the API trusts it, so a user pays one cent "
		  "for a yearly plan.", GRADER_STRIDE_T },
		{ "B5", "Support agents see whole card numbers",
		  "The support console shows the full card number to every agent who opens an "
		  "invoice.", GRADER_STRIDE_I },
		{ "B6", "Refunds cannot be traced to the agent who issued them",
		  "Console refunds are logged under a shared service account, so nobody can tell "
		  "which agent refunded a payment.", GRADER_STRIDE_R },
		{ "B7", "Admin API reachable without authentication",
		  "The load balancer forwards /admin to the billing API, which does not check the "
		  "caller's role.", GRADER_STRIDE_E },
		{ "B8", "Invoice ids guessed to read other customers' invoices",
		  "Invoice ids are sequential and the API never checks the owner.", GRADER_STRIDE_I },
	};
	struct grader_key *key = grader_key_new("billing");

	assert_non_null(key);
	for (size_t i = 0; i < sizeof(th) / sizeof(*th); i++)
		add_threat(key, th[i].id, th[i].title, th[i].desc, th[i].stride, NULL, 0);
	assert_int_equal(grader_key_prepare(key, NULL), GRADER_OK);
	return key;
}

static const char *const billing_lines[] = {
	"card numbers are kept in plain text in the database",
	"the billing database backups are not encrypted",
	"bots test stolen cards on checkout and we pay the fees",
	"checkout is slow when the card network is down",
	"anyone can post a fake webhook and mark an invoice paid",
	"the amount comes from the browser",
	"support can see the full card number",
	"support agents share one login for refunds",
	"no idea who refunded what",
	"invoice ids are sequential so you can read other people's invoices",
	"the load balancer config is in git",
	"customers could be unhappy about invoices",
	"hackers attack the payment system",
	"the webhook secret is in the repo",
	"logs are kept for a week",
	/* two threats, the second well behind the first (credited at 0.2) */
	"the price is changed in the checkout request and the load balancer forwards /admin "
	"with no role check",
};

/* The line's scores computed in full, pair by pair (grader_line_scores skips
 * nothing). */
static void full_scores(const struct grader_key *key, const char *line, double *sims)
{
	assert_int_equal(grader_line_scores(key, line, 0, sims, NULL, 0), GRADER_OK);
}

/* The result of grading sub with or without every score computed. */
static struct grader_result *grade_with(const struct grader_key *key,
					const struct grader_submission *sub, double threshold,
					bool every_score)
{
	struct grader_options o;
	struct grader_result *r;

	grader_options_init(&o);
	o.threshold = threshold;
	o.best_scores = every_score;
	r = grader_grade(key, sub, &o);
	assert_non_null(r);
	return r;
}

/* Grading skips the (line, threat) scores that cannot matter: what it reports
 * is what computing every score gives (the threats earned, by which lines and
 * with which scores; each unmatched line's closest threat and score), and each
 * threat's best score is exact where it reaches the threshold, at most the
 * real one below it. With every score computed, the scores are those of
 * grader_line_scores. At two thresholds: at 0.2 the second threat of the last
 * line is earned with a score well below that line's first. */
static void test_skipped_scores_change_nothing(void **state)
{
	static const double thresholds[] = { GRADER_DEFAULT_THRESHOLD, 0.2 };
	struct grader_key *key = billing_key();
	struct grader_submission *sub = grader_submission_new();
	size_t nl = sizeof(billing_lines) / sizeof(*billing_lines), nt;
	double full[16][8], best[8] = { 0 };

	(void)state;
	nt = grader_key_threat_count(key);
	assert_true(nt == 8 && nl == 16);
	assert_non_null(sub);
	for (size_t l = 0; l < nl; l++) {
		assert_int_equal(grader_submission_add(sub, l + 1, billing_lines[l], 0,
						       GRADER_SEV_NONE), GRADER_OK);
		full_scores(key, billing_lines[l], full[l]);
		for (size_t t = 0; t < nt; t++)
			best[t] = full[l][t] > best[t] ? full[l][t] : best[t];
	}
	for (size_t k = 0; k < sizeof(thresholds) / sizeof(*thresholds); k++) {
		struct grader_result *fast = grade_with(key, sub, thresholds[k], false);
		struct grader_result *every = grade_with(key, sub, thresholds[k], true);

		assert_true(grader_result_found_count(every) >= 5);
		assert_true(grader_result_unmatched_count(every) >= 4);
		assert_int_equal(grader_result_found_count(fast), grader_result_found_count(every));
		for (size_t i = 0; i < grader_result_found_count(every); i++) {
			size_t l = grader_result_found_line(every, i);
			size_t t = grader_result_found_threat(every, i);

			assert_int_equal(grader_result_found_threat(fast, i), t);
			assert_int_equal(grader_result_found_line(fast, i), l);
			assert_true(grader_result_found_similarity(fast, i) == full[l][t]);
			assert_true(grader_result_found_similarity(every, i) == full[l][t]);
		}
		assert_int_equal(grader_result_unmatched_count(fast),
				 grader_result_unmatched_count(every));
		for (size_t i = 0; i < grader_result_unmatched_count(every); i++) {
			size_t l = grader_result_unmatched_line(every, i);

			assert_int_equal(grader_result_unmatched_line(fast, i), l);
			assert_int_equal(grader_result_unmatched_closest(fast, i),
					 grader_result_unmatched_closest(every, i));
			assert_true(grader_result_unmatched_similarity(fast, i) ==
				    grader_result_unmatched_similarity(every, i));
		}
		for (size_t t = 0; t < nt; t++) {
			double b = grader_result_threat_best(fast, t);

			assert_true(grader_result_threat_best(every, t) == best[t]);
			if (best[t] >= thresholds[k])
				assert_true(b == best[t]);
			else
				assert_true(b <= best[t]);
		}
		grader_result_free(fast);
		grader_result_free(every);
	}
	grader_submission_free(sub);
	grader_key_free(key);
}

/* The lines of a labelled eval submission (IDS<TAB>text per line). */
static struct grader_submission *lab_submission(const char *path)
{
	struct grader_submission *sub = grader_submission_new();
	FILE *f = fopen(path, "r");
	char line[4096];
	size_t n = 0;

	assert_non_null(sub);
	assert_non_null(f);
	while (fgets(line, sizeof(line), f) != NULL) {
		char *text = strchr(line, '\t');

		assert_non_null(text);
		text[strcspn(text, "\n")] = '\0';
		assert_int_equal(grader_submission_add(sub, ++n, text + 1, 0, GRADER_SEV_NONE),
				 GRADER_OK);
	}
	fclose(f);
	return sub;
}

/* Whether dir is an eval system (it holds key.yaml). */
static int is_eval_system(const char *dir)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/key.yaml", dir);
	f = fopen(path, "r");
	if (f != NULL)
		fclose(f);
	return f != NULL;
}

/* Grades every submission of one eval system both ways, and twice with one
 * memo for the system (cold, then warm); returns how many. */
static size_t compare_system(const struct grader_lexicon *lex, const char *dir)
{
	struct grader_key *key = NULL;
	struct grader_memo *memo;
	struct tm_diags diags;
	char path[1024];
	struct dirent *e;
	DIR *d = opendir(dir);
	size_t n = 0;

	assert_non_null(d);
	tm_diags_init(&diags);
	snprintf(path, sizeof(path), "%s/key.yaml", dir);
	assert_int_equal(tm_key_load(path, lex, &key, &diags), TM_OK);
	memo = grader_memo_new(key);
	assert_non_null(memo);
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		struct grader_submission *sub;
		struct grader_result *r;

		if (len < 5 || strcmp(e->d_name + len - 4, ".lab") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		sub = lab_submission(path);
		r = grade_with(key, sub, GRADER_DEFAULT_THRESHOLD, false);
		if (!grade_same_as_every_score(key, sub, GRADER_DEFAULT_THRESHOLD, r))
			fail_msg("%s: grading differs when every score is computed", path);
		for (int pass = 0; pass < 2; pass++)
			if (!grade_same_with_memo(key, sub, GRADER_DEFAULT_THRESHOLD, memo, r))
				fail_msg("%s: grading differs with a memo (pass %d)", path, pass + 1);
		grader_result_free(r);
		grader_submission_free(sub);
		n++;
	}
	closedir(d);
	grader_memo_free(memo);
	grader_key_free(key);
	tm_diags_release(&diags);
	return n;
}

/* The same on the labelled lists of tests/eval's dev and practice splits (91
 * submissions, 1,067 lines, 16 keys), with the shipped lexicon; and grading
 * with one memo per key, cold and warm, reports exactly what grading without. */
static void test_skipped_scores_on_the_corpus(void **state)
{
	static const char *const splits[] = { "tests/eval/dev", "tests/eval/practice" };
	const char *src = getenv("TMDOJO_SRC") != NULL ? getenv("TMDOJO_SRC") : ".";
	struct grader_lexicon *lex = NULL;
	struct tm_diags diags;
	size_t n = 0;

	(void)state;
	tm_diags_init(&diags);
	assert_int_equal(tm_lexicon_load(src, &lex, &diags), TM_OK);
	for (size_t s = 0; s < sizeof(splits) / sizeof(*splits); s++) {
		char split[256];
		DIR *d;
		struct dirent *e;

		snprintf(split, sizeof(split), "%s/%s", src, splits[s]);
		d = opendir(split);
		assert_non_null(d);
		while ((e = readdir(d)) != NULL) {
			char dir[520];

			if (e->d_name[0] == '.')
				continue;
			snprintf(dir, sizeof(dir), "%s/%s", split, e->d_name);
			if (is_eval_system(dir))
				n += compare_system(lex, dir);
		}
		closedir(d);
	}
	assert_true(n >= 90);
	grader_lexicon_free(lex);
	tm_diags_release(&diags);
}

/* A memo of the learners' words reads each word as a fresh grading does, and
 * keeps what reading it tells the learner: the typo ("'injecton' read as ..."),
 * the derivation and the learner's own word in the why, on every grading that
 * finds the word in the memo. A memo made for another key is not used. */
static void test_memo_reads_alike(void **state)
{
	static const char *const lines[] = {
		"card numbres are stored unencrypted in the billing databse",
		"forgeries of the payment webhok events mark invoices paid",
		"agents refundings cannot be traced",
		"bots flooding checkout with stolen crads",
		"wibble wobble zzzz",
	};
	struct grader_key *key = billing_key(), *other = two_threat_key();
	struct grader_memo *memo = grader_memo_new(key), *stranger;
	struct grader_submission *sub = grader_submission_new();
	struct grader_result *plain, *theirs;
	int read_as = 0;

	(void)state;
	assert_null(grader_memo_new(other));   /* not prepared */
	assert_int_equal(grader_key_prepare(other, NULL), GRADER_OK);
	stranger = grader_memo_new(other);
	assert_non_null(memo);
	assert_non_null(stranger);
	assert_null(grader_memo_new(NULL));
	for (size_t l = 0; l < sizeof(lines) / sizeof(*lines); l++)
		assert_int_equal(grader_submission_add(sub, l + 1, lines[l], 0, GRADER_SEV_NONE),
				 GRADER_OK);
	plain = grade_with(key, sub, GRADER_DEFAULT_THRESHOLD, false);
	assert_true(grader_result_found_count(plain) >= 3);
	for (size_t i = 0; i < grader_result_found_count(plain); i++)
		read_as += strstr(grader_result_found_why(plain, i), "read as") != NULL;
	assert_true(read_as >= 2);   /* the typos show in the whys */
	/* cold, then warm: the second grading reads every word from the memo */
	for (int pass = 0; pass < 3; pass++)
		assert_true(grade_same_with_memo(key, sub, GRADER_DEFAULT_THRESHOLD, memo, plain));
	/* the memo of another key, holding that key's readings of these words,
	 * is ignored, not read */
	theirs = grade_with(other, sub, GRADER_DEFAULT_THRESHOLD, false);
	assert_true(grade_same_with_memo(other, sub, GRADER_DEFAULT_THRESHOLD, stranger, theirs));
	grader_result_free(theirs);
	assert_true(grade_same_with_memo(key, sub, GRADER_DEFAULT_THRESHOLD, stranger, plain));
	grader_result_free(plain);
	grader_submission_free(sub);
	grader_memo_free(stranger);
	grader_memo_free(memo);
	grader_memo_free(NULL);
	grader_key_free(other);
	grader_key_free(key);
}

/* A key prepared again (a threat added) renumbers its terms and vocabulary: a
 * memo filled before reads nothing of the old preparation (it was read as
 * stale ids: a typo note lost, or a read past the terms). */
static void test_memo_after_preparing_again(void **state)
{
	static const char *const lines[] = {
		"attackers tamper with invoices via the webhok",
		"sql injecton in search",
		"card numbres stored unencrypted",
	};
	struct grader_key *key = billing_key();
	struct grader_memo *memo = grader_memo_new(key);
	struct grader_submission *sub = grader_submission_new();
	struct grader_result *plain;

	(void)state;
	assert_non_null(memo);
	for (size_t l = 0; l < sizeof(lines) / sizeof(*lines); l++)
		assert_int_equal(grader_submission_add(sub, l + 1, lines[l], 0, GRADER_SEV_NONE),
				 GRADER_OK);
	plain = grade_with(key, sub, GRADER_DEFAULT_THRESHOLD, false);
	assert_true(grade_same_with_memo(key, sub, GRADER_DEFAULT_THRESHOLD, memo, plain));
	grader_result_free(plain);
	/* new words before the old ones in the vocabulary, and new terms */
	add_threat(key, "B0", "Attackers abuse an admin search injection",
		   "An apostrophe in the search box breaks the query.", GRADER_STRIDE_T, NULL, 0);
	assert_int_equal(grader_key_prepare(key, NULL), GRADER_OK);
	plain = grade_with(key, sub, GRADER_DEFAULT_THRESHOLD, false);
	for (int pass = 0; pass < 2; pass++)
		assert_true(grade_same_with_memo(key, sub, GRADER_DEFAULT_THRESHOLD, memo, plain));
	grader_result_free(plain);
	grader_submission_free(sub);
	grader_memo_free(memo);
	grader_key_free(key);
}

/* keycheck customer-survey, off-topic and weak samples: one shared word of a
 * longer alias earned the threat */
static void test_one_word_of_an_alias(void **state)
{
	struct grader_lexicon *lex = survey_lexicon();
	struct grader_key *key = survey_key(lex);
	const char *id;

	(void)state;
	/* "outage" is all it shares with "DoS the response page with fake
	 * submissions", and a small part of the line */
	id = credit_of(key, "The email provider might have an outage and the invitations "
			    "would not go out", 0);
	assert_true(id == NULL || strcmp(id, "D01") != 0);
	/* the line names the attack on the response page: still earned */
	id = credit_of(key, "DoS on the response page by submitting fake answers", 0);
	assert_non_null(id);
	assert_string_equal(id, "D01");
	/* a terse line whose one word is the threat's own still earns it */
	id = credit_of(key, "api key in git", 0);
	assert_non_null(id);
	assert_string_equal(id, "I04");
	grader_key_free(key);
	grader_lexicon_free(lex);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stride_label_breaks_ties),
		cmocka_unit_test(test_stride_label_alone_earns_nothing),
		cmocka_unit_test(test_one_word_of_an_alias),
		cmocka_unit_test(test_skipped_scores_change_nothing),
		cmocka_unit_test(test_skipped_scores_on_the_corpus),
		cmocka_unit_test(test_memo_reads_alike),
		cmocka_unit_test(test_memo_after_preparing_again),
		cmocka_unit_test(test_features_lead_and_best),
		cmocka_unit_test(test_calibrated_clear_match),
		cmocka_unit_test(test_identifiers_split_at_capitals),
		cmocka_unit_test(test_typo_of_generic_word),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
