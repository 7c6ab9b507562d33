/*
 * test_submission.c: tm_submission_parse(): YAML submissions with positions,
 * plain text and Markdown, and bad input reported as file:line:column.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "tmengine.h"

static struct grader_submission *parse_ok(const char *text)
{
	struct tm_diags d;
	struct grader_submission *sub = NULL;

	tm_diags_init(&d);
	assert_int_equal(tm_submission_parse("s.yaml", text, strlen(text), &sub, &d), TM_OK);
	assert_int_equal(d.count, 0);
	tm_diags_release(&d);
	assert_non_null(sub);
	return sub;
}

static void test_yaml_submission(void **state)
{
	struct grader_submission *sub = parse_ok(
		"# our list\n"
		"threats:\n"
		"  - title: Card numbers stored in clear\n"
		"    description: |\n"
		"      The database keeps\n"
		"      full PANs.\n"
		"    stride: [information-disclosure, tampering]\n"
		"    severity: high\n"
		"  - just a line of text\n"
		"  - title: Spoofed webhook\n"
		"    stride: S\n");

	(void)state;
	assert_int_equal(grader_submission_line_count(sub), 3);
	assert_string_equal(grader_submission_line(sub, 0),
			    "Card numbers stored in clear. The database keeps full PANs. ");
	assert_int_equal(grader_submission_line_no(sub, 0), 3);
	assert_int_equal(grader_submission_line_stride(sub, 0),
			 GRADER_STRIDE_I | GRADER_STRIDE_T);
	assert_int_equal(grader_submission_line_severity(sub, 0), GRADER_SEV_HIGH);
	assert_string_equal(grader_submission_line(sub, 1), "just a line of text");
	assert_int_equal(grader_submission_line_no(sub, 1), 9);
	assert_int_equal(grader_submission_line_stride(sub, 2), GRADER_STRIDE_S);
	assert_int_equal(grader_submission_line_severity(sub, 2), GRADER_SEV_NONE);
	grader_submission_free(sub);
}

static void test_text_submission(void **state)
{
	struct grader_submission *sub = parse_ok("- threats: are listed here\n"
						 "2. second\n");

	(void)state;
	/* "- threats:" is a list item, not YAML: the text parser takes it */
	assert_int_equal(grader_submission_line_count(sub), 2);
	assert_string_equal(grader_submission_line(sub, 1), "second");
	grader_submission_free(sub);
	sub = parse_ok("");
	assert_int_equal(grader_submission_line_count(sub), 0);
	grader_submission_free(sub);
}

/* Expects sub to hold exactly the n lines want[] at the file lines no[]. */
static void expect_lines(const struct grader_submission *sub, const char *const *want,
			 const int *no, size_t n)
{
	assert_int_equal(grader_submission_line_count(sub), n);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(grader_submission_line(sub, i), want[i]);
		assert_int_equal(grader_submission_line_no(sub, i), no[i]);
	}
}

/* A list item wrapped over several lines (an editor's or a Markdown writer's
 * line breaks, its next lines indented) was split into separate threats: one
 * threat lost its credit and the top three filled two slots with one item. An
 * indented line with no marker after a list item now continues it. */
static void test_wrapped_list_items(void **state)
{
	static const char *const joined[] = {
		"Traffic between the billing API and paygate is sent over plain HTTP, so "
		"anyone inside can read the card numbers.",
		"The webhook endpoint accepts events without checking a signature, so anyone "
		"can forge a payment succeeded event.",
		"Support agents can issue refunds of any amount to any card number they type.",
	};
	static const int joined_no[] = { 1, 3, 5 };
	struct grader_submission *sub = parse_ok(
		"1. Traffic between the billing API and paygate is sent over\n"
		"   plain HTTP, so anyone inside can read the card numbers.\n"
		"2. The webhook endpoint accepts events without checking\n"
		"\ta signature, so anyone can forge a payment succeeded event.\n"
		"3. Support agents can issue refunds of any\n"
		"   amount to any card number\r\n"
		"      they type.\n");

	(void)state;
	expect_lines(sub, joined, joined_no, 3);
	grader_submission_free(sub);

	/* a long line goes on in lower case whatever word the next starts with (an
	 * editor's or a learner's wrap), and a line ending in a word that leaves a
	 * phrase open goes on */
	sub = parse_ok("- Anyone on the private network can call paygate's refund endpoint with\n"
		       "  arbitrary card numbers, since nothing authenticates the caller.\n"
		       "- Webhook events are never signed by the acquirer so\n"
		       "  attackers forge them\n");
	assert_int_equal(grader_submission_line_count(sub), 2);
	assert_string_equal(grader_submission_line(sub, 0),
			    "Anyone on the private network can call paygate's refund endpoint with "
			    "arbitrary card numbers, since nothing authenticates the caller.");
	assert_string_equal(grader_submission_line(sub, 1),
			    "Webhook events are never signed by the acquirer so attackers forge them");
	grader_submission_free(sub);
	sub = parse_ok("- Deletion requests only remove rows from the warehouse\n"
		       "  tables; the identity graph, snapshots and exports keep the data.\n");
	assert_int_equal(grader_submission_line_count(sub), 1);
	grader_submission_free(sub);

	/* labels are read from the whole item */
	sub = parse_ok("- [S] forged webhook events are\n  accepted by billing (high)\n");
	assert_int_equal(grader_submission_line_count(sub), 1);
	assert_string_equal(grader_submission_line(sub, 0),
			    "forged webhook events are accepted by billing");
	assert_int_equal(grader_submission_line_stride(sub, 0), GRADER_STRIDE_S);
	assert_int_equal(grader_submission_line_severity(sub, 0), GRADER_SEV_HIGH);
	grader_submission_free(sub);
}

/* What does not continue an item stays a threat of its own: unindented lines,
 * the lines of a plain list without markers (indented or not), nested items,
 * lines after a blank line or a heading, and the lines under an item that is
 * only a label group. */
static void test_list_items_not_joined(void **state)
{
	static const char *const plain[] = { "cards stored in clear", "webhook unsigned",
					     "refunds unlimited" };
	static const int plain_no[] = { 1, 2, 3 };
	static const char *const mixed[] = { "cards stored in clear", "webhook unsigned",
					     "nested item", "after a blank", "under a heading",
					     "lazy line" };
	static const int mixed_no[] = { 1, 2, 3, 5, 7, 9 };
	static const char *const grouped[] = { "forged webhook events", "stolen sessions",
					       "refund amounts edited" };
	static const int grouped_no[] = { 2, 3, 5 };
	static const char *const headed[] = {
		"Invoice feature", "SQL injection in the invoice search box",
		"Invoice PDF links can be guessed without login",
		"The login page and the password reset flow of the app:",
		"flooding the login with requests takes the service down",
		"Card numbers are written to the debug log in full.",
		"Support agents can read them in the log viewer"
	};
	static const int headed_no[] = { 1, 2, 3, 4, 5, 6, 7 };
	static const char *const lower[] = {
		"Threats in the payment flow",
		"attacker replays the payment webhook to mark invoices paid",
		"card numbers and cvv stored in the billing database",
		"Threats around the admin console",
		"no audit log of refunds issued by support staff",
		"admin accounts have no second factor"
	};
	static const int lower_no[] = { 1, 2, 3, 4, 5, 6 };
	static const char *const short_heads[] = {
		"Invoice feature", "XSS in notes", "IDOR on PDFs", "Threats in the payment flow",
		"an attacker replays the payment webhook to mark invoices paid",
		"the card numbers and cvv are stored in the billing database", "Zone A",
		"Stolen laptop with cached creds", "Social engineering of IT",
		"Phishing of helpdesk staff"
	};
	static const int short_heads_no[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
	struct grader_submission *sub;

	(void)state;
	sub = parse_ok("cards stored in clear\n  webhook unsigned\nrefunds unlimited\n");
	expect_lines(sub, plain, plain_no, 3);
	grader_submission_free(sub);
	sub = parse_ok("- cards stored in clear\n"
		       "- webhook unsigned\n"
		       "  - nested item\n"
		       "\n"
		       "  after a blank\n"
		       "## Heading\n"
		       "  under a heading\n"
		       "- \n"
		       "lazy line\n");
	expect_lines(sub, mixed, mixed_no, 6);
	grader_submission_free(sub);
	sub = parse_ok("- Spoofing:\n"
		       "    forged webhook events\n"
		       "    stolen sessions\n"
		       "- Tampering:\n"
		       "    refund amounts edited\n");
	expect_lines(sub, grouped, grouped_no, 3);
	/* the label group labels the lines it heads */
	assert_int_equal(grader_submission_line_stride(sub, 0), GRADER_STRIDE_S);
	assert_int_equal(grader_submission_line_stride(sub, 1), GRADER_STRIDE_S);
	assert_int_equal(grader_submission_line_stride(sub, 2), GRADER_STRIDE_T);
	grader_submission_free(sub);
	/* a short item, or one ending a sentence or in ':', heads the lines under
	 * it: each is a threat (only a long unfinished line reads as wrapped) */
	sub = parse_ok("1. Invoice feature\n"
		       "   SQL injection in the invoice search box\n"
		       "   Invoice PDF links can be guessed without login\n"
		       "2. The login page and the password reset flow of the app:\n"
		       "   flooding the login with requests takes the service down\n"
		       "3. Card numbers are written to the debug log in full.\n"
		       "   Support agents can read them in the log viewer\n");
	expect_lines(sub, headed, headed_no, 7);
	grader_submission_free(sub);
	/* an item of more than three words over threats in lower case: each line
	 * under it is a threat (they were joined into one, each line chaining the
	 * next, and the list scored 5.4% against 13.5% with markers) */
	sub = parse_ok("1. Threats in the payment flow\n"
		       "   attacker replays the payment webhook to mark invoices paid\n"
		       "   card numbers and cvv stored in the billing database\n"
		       "2. Threats around the admin console\n"
		       "   no audit log of refunds issued by support staff\n"
		       "   admin accounts have no second factor\n");
	expect_lines(sub, lower, lower_no, 6);
	grader_submission_free(sub);
	/* short headings over short lines, lines starting with an article, and a
	 * heading ending in a capital "A" or "IT" (a name, not the article or the
	 * pronoun): each line stays a threat (they were joined into one) */
	sub = parse_ok("1. Invoice feature\n"
		       "   XSS in notes\n"
		       "   IDOR on PDFs\n"
		       "2. Threats in the payment flow\n"
		       "   an attacker replays the payment webhook to mark invoices paid\n"
		       "   the card numbers and cvv are stored in the billing database\n"
		       "3. Zone A\n"
		       "   Stolen laptop with cached creds\n"
		       "4. Social engineering of IT\n"
		       "   Phishing of helpdesk staff\n");
	expect_lines(sub, short_heads, short_heads_no, 10);
	grader_submission_free(sub);
}

/* A short line ending in a colon introduces what follows ("In scope:", a
 * template's "Open questions:"): no threat. "In scope:" earned a high threat
 * of the webhook key through its alias "no scoped API keys". A longer line
 * ending in a colon is still a threat, and so is a short one without it. */
static void test_lead_in_lines(void **state)
{
	static const char *const kept[] = { "SQL injection in the invoice search:",
					    "guest checkout", "Scope" };
	static const int kept_no[] = { 4, 6, 7 };
	struct grader_submission *sub;

	(void)state;
	sub = parse_ok("In scope:\n"
		       "- Out of scope:\n"
		       "**Open questions:**\n"
		       "SQL injection in the invoice search:\n"
		       "  Login:\n"
		       "    guest checkout\n"
		       "Scope\n");
	expect_lines(sub, kept, kept_no, 3);
	grader_submission_free(sub);
}

/* A list grouped under STRIDE or severity names labels the lines under each
 * name as a label on each line would; the name is no threat. A bare name with
 * nothing indented under it stays a terse threat ("DoS"). */
struct labelled {
	const char *text;
	int line_no;
	unsigned stride;
	enum grader_severity sev;
};

static void expect_labelled(const char *doc, const struct labelled *want, size_t n)
{
	struct grader_submission *sub = parse_ok(doc);

	assert_int_equal(grader_submission_line_count(sub), n);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(grader_submission_line(sub, i), want[i].text);
		assert_int_equal(grader_submission_line_no(sub, i), want[i].line_no);
		assert_int_equal(grader_submission_line_stride(sub, i), want[i].stride);
		assert_int_equal(grader_submission_line_severity(sub, i), want[i].sev);
	}
	grader_submission_free(sub);
}

static void test_section_labels(void **state)
{
	static const struct labelled headed[] = {
		{ "guessable survey links", 4, GRADER_STRIDE_S, GRADER_SEV_NONE },
		{ "answers edited by another team", 7, GRADER_STRIDE_T, GRADER_SEV_NONE },
		{ "forged refunds", 9, GRADER_STRIDE_T, GRADER_SEV_HIGH },
		{ "no audit of exports", 10, GRADER_STRIDE_R, GRADER_SEV_HIGH },
		{ "the export is slow", 12, 0, GRADER_SEV_NONE },
	};
	static const struct labelled lined[] = {
		{ "card numbers in logs", 3, GRADER_STRIDE_I, GRADER_SEV_NONE },
		{ "refunds to any card", 5, GRADER_STRIDE_E, GRADER_SEV_CRITICAL },
		{ "notes are kept forever", 7, 0, GRADER_SEV_NONE },
	};
	static const struct labelled items[] = {
		{ "an attacker forges the callback", 2, GRADER_STRIDE_S, GRADER_SEV_NONE },
		{ "a bot floods checkout", 4, GRADER_STRIDE_D, GRADER_SEV_NONE },
		{ "card numbers in logs", 5, 0, GRADER_SEV_NONE },
		{ "Spoofing", 6, 0, GRADER_SEV_NONE },
		{ "the callback is not signed", 7, 0, GRADER_SEV_NONE },
		{ "DoS", 8, 0, GRADER_SEV_NONE },
		{ "checkout has no rate limit", 9, 0, GRADER_SEV_NONE },
	};

	(void)state;
	expect_labelled("# Team Lighthouse\n"
			"\n"
			"## Spoofing\n"
			"1. guessable survey links\n"
			"\n"
			"## Tampering threats\n"
			"- answers edited by another team\n"
			"### High\n"
			"- forged refunds\n"
			"- [R] no audit of exports\n"
			"## Other\n"
			"- the export is slow\n",
			headed, sizeof(headed) / sizeof(headed[0]));
	expect_labelled("Information disclosure:\n"
			"\n"
			"- card numbers in logs\n"
			"**Elevation of privilege (critical)**\n"
			"- refunds to any card\n"
			"Open questions:\n"
			"- notes are kept forever\n",
			lined, sizeof(lined) / sizeof(lined[0]));
	expect_labelled("- Spoofing\n"
			"  - an attacker forges the callback\n"
			"1. Denial of service:\n"
			"   - a bot floods checkout\n"
			"2. card numbers in logs\n"
			"- Spoofing\n"
			"- the callback is not signed\n"
			"DoS\n"
			"checkout has no rate limit\n",
			items, sizeof(items) / sizeof(items[0]));
}

/* A section ends where its group does: a label reaching past it would change
 * what a line earns. Groups nest, a loose list keeps its group's name, a bold
 * name alone stays a terse threat, and a heading in a fenced block is no
 * section. */
static void test_section_ends(void **state)
{
	static const struct labelled top[] = {
		{ "attacker forges the webhook", 2, GRADER_STRIDE_S, GRADER_SEV_NONE },
		{ "agents refund to their own cards", 4, GRADER_STRIDE_E, GRADER_SEV_NONE },
		{ "support console open to all", 6, 0, GRADER_SEV_NONE },
		{ "card numbers in logs", 8, GRADER_STRIDE_I, GRADER_SEV_NONE },
		{ "Of all these, my top three threats are:", 10, 0, GRADER_SEV_NONE },
		{ "refunds unlimited", 11, 0, GRADER_SEV_NONE },
		{ "mask the card numbers", 14, 0, GRADER_SEV_NONE },
	};
	static const struct labelled nested[] = {
		{ "attacker forges the webhook", 3, GRADER_STRIDE_S, GRADER_SEV_HIGH },
		{ "session stolen", 5, GRADER_STRIDE_S, GRADER_SEV_LOW },
		{ "amount edited", 8, GRADER_STRIDE_T, GRADER_SEV_NONE },
		{ "user changes amount", 12, 0, GRADER_SEV_NONE },
		{ "**DoS**", 13, 0, GRADER_SEV_NONE },
	};
	static const struct labelled joined[] = {
		{ "amount edited in the browser", 2, GRADER_STRIDE_S | GRADER_STRIDE_T,
		  GRADER_SEV_NONE },
		{ "forged webhook", 4, GRADER_STRIDE_S, GRADER_SEV_NONE },
		{ "replayed webhook", 8, GRADER_STRIDE_S, GRADER_SEV_NONE },
	};

	(void)state;
	expect_labelled("## Spoofing\n"
			"- attacker forges the webhook\n"
			"## Elevation of privilege\n"
			"- agents refund to their own cards\n"
			"### Top three\n"
			"1. support console open to all\n"
			"**Information disclosure**\n"
			"- card numbers in logs\n"
			"Tampering:\n"
			"Of all these, my top three threats are:\n"
			"1. refunds unlimited\n"
			"## Repudiation\n"
			"Mitigations:\n"
			"- mask the card numbers\n",
			top, sizeof(top) / sizeof(top[0]));
	expect_labelled("- Spoofing\n"
			"  - High\n"
			"    - attacker forges the webhook\n"
			"  Low:\n"
			"    - session stolen\n"
			"- Tampering\n"
			"\n"
			"  - amount edited\n"
			"- Repudiation\n"
			"  | Threat | Owner |\n"
			"|---|---|\n"
			"| user changes amount | x |\n"
			"- **DoS**\n",
			nested, sizeof(nested) / sizeof(nested[0]));
	expect_labelled("## Spoofing and tampering\n"
			"- amount edited in the browser\n"
			"### S \xE2\x80\x94 Spoofing\n"
			"- forged webhook\n"
			"```\n"
			"# critical\n"
			"```\n"
			"- replayed webhook\n",
			joined, sizeof(joined) / sizeof(joined[0]));
}

/* A Markdown table was read line by line: its header row became a threat (and
 * took the first place of a top three) and each row was graded with its
 * pipes, rank and severity words. The header row (the row before the |---|
 * separator) is now no threat, and a row is its threat cell with the labels of
 * its label cells. */
static void test_table_rows(void **state)
{
	static const char *const worded[] = { "Denial of service", "SQL injection in search" };
	static const int worded_no[] = { 3, 4 };
	static const char *const ranked[] = { "Card testing with stolen cards",
					      "Forged webhook events",
					      "Refunds of any amount | to any card" };
	static const int ranked_no[] = { 3, 4, 5 };
	static const char *const described[] = {
		"Card testing. Stolen cards are tried at checkout",
		"Forged webhooks! Nobody checks the signature",
		"Unlimited refunds",
	};
	static const int described_no[] = { 3, 4, 5 };
	static const char *const headless[] = { "the webhook accepts unsigned events",
						"support agents see full card numbers",
						"after the table" };
	static const int headless_no[] = { 1, 2, 4 };
	struct grader_submission *sub;

	(void)state;
	sub = parse_ok("| Rank | Threat | Severity |\n"
		       "|------|:-------|---------:|\n"
		       "| 1 | Card testing with stolen cards | critical |\n"
		       "| #2 | Forged webhook events | Spoofing, high\n"
		       "|3.|Refunds of any amount \\| to any card|S|\n");
	expect_lines(sub, ranked, ranked_no, 3);
	assert_int_equal(grader_submission_line_severity(sub, 0), GRADER_SEV_CRITICAL);
	assert_int_equal(grader_submission_line_stride(sub, 0), 0);
	assert_int_equal(grader_submission_line_stride(sub, 1), GRADER_STRIDE_S);
	assert_int_equal(grader_submission_line_severity(sub, 1), GRADER_SEV_HIGH);
	assert_int_equal(grader_submission_line_stride(sub, 2), GRADER_STRIDE_S);
	grader_submission_free(sub);

	/* the header names the threat and its description; a mitigation cell is
	 * wider but not the threat; a likelihood is no severity; rows without a
	 * leading pipe are rows too, up to the table's end */
	sub = parse_ok("Threat | Likelihood | Description | Mitigation | STRIDE\n"
		       "--- | --- | --- | --- | ---\n"
		       "Card testing | low | Stolen cards are tried at checkout | "
		       "rate limits on the checkout endpoint per client | I\n"
		       "| Forged webhooks! | high | Nobody checks the signature | "
		       "verify the HMAC of every event before acting on it | S, T |\n"
		       "Unlimited refunds | medium | | cap refunds per agent and per day | E\n");
	expect_lines(sub, described, described_no, 3);
	assert_int_equal(grader_submission_line_severity(sub, 0), GRADER_SEV_NONE);
	assert_int_equal(grader_submission_line_stride(sub, 0), GRADER_STRIDE_I);
	assert_int_equal(grader_submission_line_stride(sub, 1), GRADER_STRIDE_S | GRADER_STRIDE_T);
	grader_submission_free(sub);

	/* rows with no header: the widest text cell; a line without pipes ends a
	 * table */
	sub = parse_ok("| 1 | the webhook accepts unsigned events | high |\n"
		       "| 2 | support agents see full card numbers | S |\n"
		       "| 3 | 4 | high |\n"
		       "after the table\n");
	expect_lines(sub, headless, headless_no, 3);
	assert_int_equal(grader_submission_line_severity(sub, 0), GRADER_SEV_HIGH);
	grader_submission_free(sub);

	/* under a Threat header, a threat worded like a STRIDE category is the
	 * learner's text; a Mitigation column is never the threat */
	sub = parse_ok("| # | Threat | STRIDE | Mitigation |\n"
		       "|---|--------|--------|------------|\n"
		       "| 1 | Denial of service | D | rate limiting on the login endpoint |\n"
		       "| 2 | SQL injection in search | T | parameterized queries |\n"
		       "| 3 | | I | signed expiring links for invoice PDFs |\n");
	expect_lines(sub, worded, worded_no, 2);
	assert_int_equal(grader_submission_line_stride(sub, 0), GRADER_STRIDE_D);
	grader_submission_free(sub);
}

static void expect_error(const char *text, int line, int column, const char *words)
{
	struct tm_diags d;
	struct grader_submission *sub = NULL;

	tm_diags_init(&d);
	assert_int_not_equal(tm_submission_parse("bad.yaml", text, strlen(text), &sub, &d), TM_OK);
	assert_null(sub);
	assert_true(d.count >= 1);
	assert_string_equal(d.items[0].file, "bad.yaml");
	assert_int_equal(d.items[0].line, line);
	if (column > 0)
		assert_int_equal(d.items[0].column, column);
	assert_non_null(strstr(d.items[0].text, words));
	tm_diags_release(&d);
}

static void test_bad_yaml(void **state)
{
	(void)state;
	expect_error("threats:\n  - title: x\n    severity: urgent\n", 3, 15, "unknown severity");
	expect_error("threats:\n  - title: x\n    stride: [spoofing, sneaking]\n", 3, 24,
		     "unknown STRIDE category 'sneaking': use spoofing");
	expect_error("threats:\n  - description: no title\n", 2, 5, "needs a 'title'");
	expect_error("threats: 3\n", 1, 10, "must be a list");
	expect_error("threats: [unclosed\n", 2, 0, "");
	/* a tag is an error, not a line that loses its first word ("!important") */
	expect_error("threats:\n  - !important SQL injection in search\n", 2, 5,
		     "tag '!important' is not supported: remove the tag; tmdojo reads plain YAML");
}

/* A plain list under a "threats:" heading is read as YAML: a line holding
 * ": " became a mapping and the message ("a threat needs a 'title'") did not
 * say why the file was YAML nor what to do. It now names the heading line and
 * says to quote the threat or change the heading; a syntax error gets a note
 * saying the same. */
static void test_yaml_heading_explained(void **state)
{
	static const char plain[] =
		"threats:\n"
		"- card numbers and CVV stored in the database\n"
		"- card testing via guest checkout: stolen cards are tried\n";
	static const char broken[] = "# list\nthreats:\n- card numbers: and CVV: stored\n";
	struct tm_diags d;
	struct grader_submission *sub = NULL;

	(void)state;
	expect_error(plain, 3, 3, "'card testing via guest checkout: ...' is read as a YAML key "
		     "and value, not as a threat, because the file is read as YAML: its line 1 "
		     "is 'threats:'; put the threat in quotes");
	expect_error(plain, 3, 3, "change that heading (# Threats) or leave it out");
	/* a real missing title keeps its message */
	expect_error("threats:\n  - description: no title\n", 2, 5, "a threat needs a 'title'");
	/* and so does an item of several keys: written as YAML, not a plain line */
	expect_error("threats:\n  - name: Spoofed login on the admin API\n    component: api\n",
		     2, 5, "a threat needs a 'title'");

	tm_diags_init(&d);
	assert_int_equal(tm_submission_parse("s.txt", broken, strlen(broken), &sub, &d),
			 TM_ESYNTAX);
	assert_int_equal(d.count, 2);
	assert_int_equal(d.items[1].line, 2);
	assert_string_equal(d.items[1].text, "the file is read as YAML because its line 2 is "
			    "'threats:': put a threat that holds ': ' in quotes, or, for a plain "
			    "list, change that heading (# Threats) or leave it out");
	tm_diags_release(&d);
}

/* Every problem of a YAML submission is reported, in line order (a duplicate
 * key too, which the parser finds before the items are read), and an unknown
 * STRIDE category or severity gets the closest name and the names to use. */
static void test_yaml_every_error(void **state)
{
	static const char text[] =
		"threats:\n"
		"  - title: \"\"\n"
		"  - title: x y\n"
		"    stride: []\n"
		"  - title: file name traversal\n"
		"    stride: [tamperin]\n"
		"    severity: severe\n"
		"  - severity: hgh\n"
		"    title: a\n"
		"    title: b\n"
		"  - fine\n";
	static const char *const want[] = {
		"2:12: the title is empty: write the threat, or delete the item",
		"4:13: 'stride' is an empty list: name a category, or leave 'stride' out",
		"6:14: unknown STRIDE category 'tamperin': did you mean 'tampering'? (use "
		"spoofing, tampering, repudiation, information-disclosure, denial-of-service or "
		"elevation-of-privilege)",
		"7:15: unknown severity 'severe': use critical, high, medium or low",
		"8:15: unknown severity 'hgh': did you mean 'high'? (use critical, high, medium "
		"or low)",
		"10:5: duplicate key 'title' (first at line 9)",
	};
	struct tm_diags d;
	struct grader_submission *sub = NULL;

	(void)state;
	tm_diags_init(&d);
	assert_int_equal(tm_submission_parse("s.yaml", text, strlen(text), &sub, &d), TM_EINVALID);
	assert_null(sub);
	assert_int_equal(d.count, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < d.count; i++) {
		char got[1200];

		snprintf(got, sizeof(got), "%d:%d: %s", d.items[i].line, d.items[i].column,
			 d.items[i].text);
		assert_string_equal(got, want[i]);
	}
	tm_diags_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_yaml_submission),
		cmocka_unit_test(test_text_submission),
		cmocka_unit_test(test_wrapped_list_items),
		cmocka_unit_test(test_list_items_not_joined),
		cmocka_unit_test(test_lead_in_lines),
		cmocka_unit_test(test_section_labels),
		cmocka_unit_test(test_section_ends),
		cmocka_unit_test(test_table_rows),
		cmocka_unit_test(test_bad_yaml),
		cmocka_unit_test(test_yaml_every_error),
		cmocka_unit_test(test_yaml_heading_explained),
	};

	return cmocka_run_group_tests_name("submission", tests, NULL, NULL);
}
