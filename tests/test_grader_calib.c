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

#include "grader.h"

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
		cmocka_unit_test(test_features_lead_and_best),
		cmocka_unit_test(test_calibrated_clear_match),
		cmocka_unit_test(test_identifiers_split_at_capitals),
		cmocka_unit_test(test_typo_of_generic_word),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
