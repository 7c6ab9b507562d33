/*
 * fuzz_lexcache.c: libFuzzer target for grader_lexicon_decode, the reader of
 * the lexicon cache (engine/lexcache.c keeps its bytes between runs). Inputs
 * whose first byte is even are decoded as they are; odd ones edit a valid
 * encoding of a small lexicon (pairs of a 16-bit offset and a byte, then a
 * length to cut it to), which reaches far past the magic. A lexicon that
 * decodes prepares a key and grades a line: any crash, leak, hang or
 * sanitizer report is a bug, and so is a valid encoding that fails to decode.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned char *valid;
static size_t valid_len;

/* The encoding every edit starts from: a lexicon of each kind of entry. */
static void make_valid(void)
{
	static const char *const g1[] = { "disclosure", "leak", "exposure" };
	static const char *const g2[] = { "brute force", "guess", "dictionary attack" };
	struct grader_lexicon *lex = grader_lexicon_new(), *back = NULL;

	grader_lexicon_add_expansion(lex, "sqli", "sql injection");
	grader_lexicon_add_expansion(lex, "mitm", "man in the middle");
	grader_lexicon_add_synonyms(lex, g1, 3);
	grader_lexicon_add_synonyms(lex, g2, 3);
	grader_lexicon_add_stopword(lex, "the");
	grader_lexicon_add_generic(lex, "attacker");
	grader_lexicon_add_whole(lex, "recording");
	grader_lexicon_add_payload(lex, "(x)(y)z|'\\s*or\\s+1\\s*=\\s*1", "sql injection", NULL);
	grader_lexicon_add_payload(lex, "\\.\\.(?:/|%2f)", "path traversal", NULL);
	if (grader_lexicon_prepare(lex) != GRADER_OK ||
	    grader_lexicon_encode(lex, &valid, &valid_len) != GRADER_OK ||
	    grader_lexicon_decode(valid, valid_len, &back) != GRADER_OK)
		abort();
	grader_lexicon_free(back);
	grader_lexicon_free(lex);
}

/* A key prepared with lex grades a line, or is refused: either is fine. */
static void use(const struct grader_lexicon *lex)
{
	struct grader_key *key = grader_key_new("fuzz");
	struct grader_threat_spec spec;
	struct grader_submission *sub = grader_submission_new();
	struct grader_result *res = NULL;

	memset(&spec, 0, sizeof(spec));
	spec.id = "T1";
	spec.title = "SQL injection in invoice search";
	spec.description = "The search leaks card data to a guessing attacker.";
	spec.stride = GRADER_STRIDE_T;
	spec.severity = GRADER_SEV_HIGH;
	if (key != NULL && sub != NULL && grader_key_add_threat(key, &spec, NULL) == GRADER_OK &&
	    grader_key_prepare(key, lex) == GRADER_OK &&
	    grader_submission_add(sub, 1, "sqli ' or 1=1 leaks the invoice search", 0,
				  GRADER_SEV_NONE) == GRADER_OK)
		res = grader_grade(key, sub, NULL);
	grader_result_free(res);
	grader_submission_free(sub);
	grader_key_free(key);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct grader_lexicon *lex = NULL;
	unsigned char *buf;
	size_t len;

	if (valid == NULL)
		make_valid();
	if (size == 0)
		return 0;
	if ((data[0] & 1) == 0) {
		buf = malloc(size - 1 ? size - 1 : 1);
		if (buf == NULL)
			return 0;
		memcpy(buf, data + 1, size - 1);
		len = size - 1;
	} else {
		size_t i = 1;

		buf = malloc(valid_len);
		if (buf == NULL)
			return 0;
		memcpy(buf, valid, valid_len);
		len = valid_len;
		for (; i + 3 <= size; i += 3)
			buf[((size_t)data[i] << 8 | data[i + 1]) % valid_len] = data[i + 2];
		if (i + 2 <= size)   /* a cut: two bytes left over */
			len = ((size_t)data[i] << 8 | data[i + 1]) % (valid_len + 1);
	}
	if (grader_lexicon_decode(buf, len, &lex) == GRADER_OK)
		use(lex);
	grader_lexicon_free(lex);
	free(buf);
	return 0;
}
