/*
 * fuzz_grade.c: libFuzzer target for submission parsing plus grading. The input
 * is parsed as a submission (YAML when it looks like one, else text/Markdown)
 * and graded against a small built-in key with aliases, patterns and a lexicon.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grader.h"
#include "tmengine.h"
#include "../grade_compare.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct grader_key *fuzz_key(void)
{
	static const char *const g1[] = { "disclosure", "leak", "exposure" };
	static const char *const g2[] = { "brute force", "guess", "dictionary attack" };
	/* "leak" reaches the group of "disclosure": a why says it in the key's words */
	static const char *const aliases[] = { "PAN at rest", "card data leak in logs" };
	static const char *const patterns[] = { "\\bcvv\\b.*\\bstor", "(a+)+$" };
	struct grader_lexicon *lex = grader_lexicon_new();
	struct grader_key *key = grader_key_new("fuzz");
	struct grader_threat_spec spec;

	grader_lexicon_add_expansion(lex, "sqli", "sql injection");
	grader_lexicon_add_expansion(lex, "mitm", "man in the middle");
	grader_lexicon_add_synonyms(lex, g1, 3);
	grader_lexicon_add_synonyms(lex, g2, 3);
	grader_lexicon_add_stopword(lex, "the");
	grader_lexicon_add_stopword(lex, "not");
	grader_lexicon_add_generic(lex, "attacker");
	grader_lexicon_add_whole(lex, "recording");
	grader_lexicon_add_whole(lex, "Accountability");
	/* payloads: one with groups of its own before the others, and one that
	 * backtracks catastrophically (it must stop at the match limit) */
	grader_lexicon_add_payload(lex, "(x)(y)z|'\\s*or\\s+1\\s*=\\s*1", "sql injection", NULL);
	grader_lexicon_add_payload(lex, "\\.\\.(?:/|%2f)", "path traversal", NULL);
	grader_lexicon_add_payload(lex, "(?:a+)+b", "brute force", NULL);
	grader_lexicon_add_payload(lex, "", "ignored", NULL);
	memset(&spec, 0, sizeof(spec));
	spec.id = "B01";
	spec.title = "Card numbers and CVV stored in the billing database";
	spec.description = "Full PANs and CVVs are kept in cleartext, with no accountability "
			   "for the call recordings.";
	spec.stride = GRADER_STRIDE_I;
	spec.severity = GRADER_SEV_CRITICAL;
	spec.aliases = aliases;
	spec.n_aliases = 2;
	spec.patterns = patterns;
	spec.n_patterns = 2;
	grader_key_add_threat(key, &spec, NULL);
	memset(&spec, 0, sizeof(spec));
	spec.id = "B02";
	spec.title = "SQL injection in invoice search";
	spec.stride = GRADER_STRIDE_T;
	spec.severity = GRADER_SEV_HIGH;
	grader_key_add_threat(key, &spec, NULL);
	spec.id = "B03";
	spec.title = "Reset codes guessable by brute force";
	spec.description = "Six digits, no rate limit.";
	spec.stride = GRADER_STRIDE_S;
	spec.severity = GRADER_SEV_MEDIUM;
	grader_key_add_threat(key, &spec, NULL);
	grader_key_prepare(key, lex);
	/* the batch path: the payload scan compiled for the JIT, which reads padded
	 * copies of the lines (the interpreter path is the unit tests') */
	grader_key_jit(key);
	grader_lexicon_free(lex);
	return key;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct grader_key *key;
	/* one memo for the whole run: the words of every input before this one */
	static struct grader_memo *memo;
	struct grader_submission *sub = NULL;
	struct grader_result *r;
	struct tm_diags diags;

	if (key == NULL) {
		key = fuzz_key();
		memo = grader_memo_new(key);
	}
	tm_diags_init(&diags);
	if (tm_submission_parse("fuzz", (const char *)data, size, &sub, &diags) == TM_OK) {
		r = grader_grade(key, sub, NULL);
		if (r != NULL) {
			for (size_t i = 0; i < grader_result_found_count(r); i++)
				if (strlen(grader_result_found_why(r, i)) > 511)
					abort();
			if (grader_result_score(r) < 0 || grader_result_score(r) > 100)
				abort();
			/* a wrong bound in the skipping of scores shows here */
			if (!grade_same_as_every_score(key, sub, GRADER_DEFAULT_THRESHOLD, r))
				abort();
			/* and a word the memo reads otherwise than a fresh grading */
			if (!grade_same_with_memo(key, sub, GRADER_DEFAULT_THRESHOLD, memo, r))
				abort();
		}
		grader_result_free(r);
		grader_submission_free(sub);
	}
	tm_diags_release(&diags);
	/* the grader's own text parser takes what the engine refuses (NUL bytes,
	 * UTF-16, junk): it must still give sane lines */
	sub = grader_submission_new();
	if (sub != NULL && grader_submission_parse_text(sub, (const char *)data, size) != GRADER_ENOMEM) {
		for (size_t i = 0; i < grader_submission_line_count(sub); i++)
			if (strlen(grader_submission_line(sub, i)) > GRADER_MAX_LINE ||
			    grader_utf8_invalid(grader_submission_line(sub, i),
						strlen(grader_submission_line(sub, i)), NULL) > 0)
				abort();
	}
	grader_submission_free(sub);
	/* the short-answer matcher sees the same bytes, cut at the first NUL */
	if (size > 0 && size < 4096) {
		char *text = malloc(size + 1);

		if (text != NULL) {
			memcpy(text, data, size);
			text[size] = '\0';
			grader_text_similarity(NULL, text, "sql injection in search", NULL, 0);
			grader_pattern_match(text, "sample text for a fuzzed pattern");
			/* quiz patterns: matches its clause says no to do not count */
			grader_pattern_match_affirmed(text, "not this, but a sample text");
			grader_pattern_match_affirmed("\\bcvv\\b|elevation of privilege", text);
			/* validate's probe: a few dozen matches, each under the limits */
			if (size < 48)
				(void)grader_pattern_probe(text, NULL, 0);
			free(text);
		}
	}
	return 0;
}
