/*
 * pattern.c: author patterns (PCRE2, caseless, UTF) compiled and matched under
 * limits, so that a careless or hostile pattern can neither blow up memory nor
 * hang grading. A match that hits a limit counts as no match.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grader_internal.h"

#define PATTERN_MATCH_LIMIT 100000    /* backtracking steps per match */
#define PATTERN_DEPTH_LIMIT 1000
#define PATTERN_HEAP_LIMIT  1024      /* KiB */
#define SUBJECT_PAD         64        /* zeroed bytes after a subject */

static bool has_negation(const char *text, bool escapes);

/*
 * Compiles pattern with the length and nesting limits. No JIT: it costs more
 * than one `tmdojo grade` run gains (JIT-compiling the 14 patterns of
 * credit-card-billing took 2.2M instructions; matching 12 lines with the
 * interpreter costs 0.8M more than with JIT). On success p owns the code; on
 * failure p is untouched and err says why.
 */
int grader_pattern_compile(const char *pattern, struct grader_pattern *p,
			   struct grader_error *err)
{
	return grader_pattern_compile_within(pattern, GRADER_PATTERN_MAX_LENGTH,
					     GRADER_PATTERN_MAX_NEST, 0, p, err);
}

/* Options of a pattern compiled with GRADER_PATTERN_* flags. */
static uint32_t compile_options(unsigned flags)
{
	if (flags & GRADER_PATTERN_BYTES)
		return PCRE2_CASELESS;
	return PCRE2_CASELESS | PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;
}

/* Whether code can match zero characters ("cvv|", "x*", "(?=x)?", "\b"):
 * PCRE2's lower bound on the length of a matching subject is 0 then. */
static int matches_empty(const pcre2_code *code)
{
	uint32_t min = 0;

	if (pcre2_pattern_info(code, PCRE2_INFO_MINLENGTH, &min) != 0)
		return 1;
	return min == 0;
}

int grader_pattern_compile_within(const char *pattern, size_t max_length, unsigned max_nest,
				  unsigned flags, struct grader_pattern *p,
				  struct grader_error *err)
{
	pcre2_compile_context *cc = NULL;
	pcre2_code *code = NULL;
	int errcode = 0, rc = GRADER_OK;
	PCRE2_SIZE erroff = 0;
	char *copy = NULL;

	if (pattern == NULL || *pattern == '\0') {
		grader_error_set(err, GRADER_EPATTERN, 0, "empty pattern");
		return GRADER_EPATTERN;
	}
	if (strlen(pattern) > max_length) {
		char msg[64];

		snprintf(msg, sizeof(msg), "pattern longer than %zu bytes", max_length);
		grader_error_set(err, GRADER_EPATTERN, max_length, msg);
		return GRADER_EPATTERN;
	}
	cc = pcre2_compile_context_create(NULL);
	copy = grader_strdup(pattern);
	if (cc == NULL || copy == NULL) {
		rc = GRADER_ENOMEM;
		grader_error_set(err, rc, 0, "out of memory");
		goto cleanup;
	}
	pcre2_set_max_pattern_length(cc, max_length);
	pcre2_set_parens_nest_limit(cc, max_nest);
	code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, compile_options(flags),
			     &errcode, &erroff, cc);
	if (code == NULL) {
		PCRE2_UCHAR msg[200];

		pcre2_get_error_message(errcode, msg, sizeof(msg));
		grader_error_set(err, GRADER_EPATTERN, (size_t)erroff, (const char *)msg);
		rc = GRADER_EPATTERN;
		goto cleanup;
	}
	if (matches_empty(code)) {
		grader_error_set(err, GRADER_EPATTERN, 0,
				 "pattern can match an empty text, so it would credit every line: "
				 "make every alternative need at least one character");
		rc = GRADER_EPATTERN;
		goto cleanup;
	}
	p->code = code;
	p->source = copy;
	/* "\\bnot\\s+in\\s+scope", "no (mfa|2fa)": its author decided what a
	 * negation means, and grader_pattern_exec_affirmed takes it as written */
	p->names_negation = has_negation(pattern, true);
	code = NULL;
	copy = NULL;
cleanup:
	pcre2_code_free(code);
	pcre2_compile_context_free(cc);
	free(copy);
	return rc;
}

void grader_pattern_release(struct grader_pattern *p)
{
	if (p == NULL)
		return;
	pcre2_code_free(p->code);
	free(p->source);
	p->code = NULL;
	p->source = NULL;
}

/*
 * Matches with match, depth and heap limits. The match context and data are
 * per call, so concurrent graders never share mutable PCRE2 state.
 */
int grader_pattern_exec(const struct grader_pattern *p, const char *text, size_t len)
{
	pcre2_match_context *mc;
	pcre2_match_data *md;
	char local[GRADER_MAX_LINE + 2 * SUBJECT_PAD];
	char *subject = local;
	int rc;

	if (p == NULL || p->code == NULL || text == NULL)
		return 0;
	/* JIT code reads the subject in wide chunks, a little past its end: give
	 * it zeroed room so that memory checkers see only defined, owned bytes */
	if (len + SUBJECT_PAD > sizeof(local)) {
		subject = malloc(len + SUBJECT_PAD);
		if (subject == NULL)
			return GRADER_PATTERN_NOMEM;
	}
	memcpy(subject, text, len);
	memset(subject + len, 0, SUBJECT_PAD);
	mc = pcre2_match_context_create(NULL);
	md = pcre2_match_data_create_from_pattern(p->code, NULL);
	if (mc == NULL || md == NULL) {
		rc = GRADER_PATTERN_NOMEM;
		goto cleanup;
	}
	pcre2_set_match_limit(mc, PATTERN_MATCH_LIMIT);
	pcre2_set_depth_limit(mc, PATTERN_DEPTH_LIMIT);
	pcre2_set_heap_limit(mc, PATTERN_HEAP_LIMIT);
	rc = pcre2_match(p->code, (PCRE2_SPTR)subject, len, 0, 0, md, mc);
	if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	    rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT)
		rc = GRADER_PATTERN_LIMIT;
	else if (rc == PCRE2_ERROR_NOMEMORY)
		rc = GRADER_PATTERN_NOMEM;
	else
		rc = rc >= 0 ? 1 : 0;
cleanup:
	pcre2_match_data_free(md);
	pcre2_match_context_free(mc);
	if (subject != local)
		free(subject);
	return rc;
}

void grader_pattern_jit(struct grader_pattern *p)
{
	if (p != NULL && p->code != NULL)
		(void)pcre2_jit_compile(p->code, PCRE2_JIT_COMPLETE);
}

/* A single first code unit (type 1) is taken only when it has no other case
 * (a letter's may match caselessly, even outside ASCII: the Kelvin sign for
 * k); PCRE2's bitmap (type 0) holds every case already. */
bool grader_pattern_first_bytes(const struct grader_pattern *p, unsigned char *map)
{
	uint32_t type = 0, unit = 0;
	const uint8_t *bits = NULL;

	if (p == NULL || p->code == NULL ||
	    pcre2_pattern_info(p->code, PCRE2_INFO_FIRSTCODETYPE, &type) != 0)
		return false;
	if (type == 1) {
		if (pcre2_pattern_info(p->code, PCRE2_INFO_FIRSTCODEUNIT, &unit) != 0 ||
		    unit >= 0x80 || isalpha((int)unit))
			return false;
		memset(map, 0, 256);
		map[unit] = 1;
		return true;
	}
	if (type != 0 || pcre2_pattern_info(p->code, PCRE2_INFO_FIRSTBITMAP, &bits) != 0 ||
	    bits == NULL)
		return false;
	for (unsigned b = 0; b < 256; b++)
		map[b] = (bits[b / 8] >> (b % 8)) & 1;
	return true;
}

bool grader_bytes_in_map(const unsigned char *map, const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;

	for (size_t i = 0; i < len; i++)
		if (map[s[i]])
			return true;
	return false;
}

int grader_pattern_groups(const struct grader_pattern *p, int *captures, int *names,
			  int *backrefs)
{
	uint32_t c = 0, n = 0, b = 0;

	if (p == NULL || p->code == NULL ||
	    pcre2_pattern_info(p->code, PCRE2_INFO_CAPTURECOUNT, &c) != 0 ||
	    pcre2_pattern_info(p->code, PCRE2_INFO_NAMECOUNT, &n) != 0 ||
	    pcre2_pattern_info(p->code, PCRE2_INFO_BACKREFMAX, &b) != 0)
		return GRADER_EINVALID;
	*captures = (int)c;
	*names = (int)n;
	*backrefs = (int)b;
	return GRADER_OK;
}

void grader_scan_release(struct grader_scan *s)
{
	pcre2_match_data_free(s->md);
	pcre2_match_context_free(s->mc);
	free(s->buf);
	memset(s, 0, sizeof(*s));
}

int grader_scan_begin(struct grader_scan *s, const char *text, size_t len)
{
	if (s->size < len + SUBJECT_PAD) {
		char *nb = realloc(s->buf, len + SUBJECT_PAD);

		if (nb == NULL)
			return GRADER_ENOMEM;
		s->buf = nb;
		s->size = len + SUBJECT_PAD;
	}
	/* JIT code reads a little past a subject's end: zeroed room after it */
	memcpy(s->buf, text, len);
	memset(s->buf + len, 0, SUBJECT_PAD);
	s->len = len;
	return GRADER_OK;
}

/*
 * Finds the first match of p in the text of grader_scan_begin from byte start
 * on, under the match limits, and says which of the alternatives group[0..n)
 * (capture group numbers) it was. Returns that alternative's index and sets
 * [*mstart, *mend), -1 when there is no match, GRADER_SCAN_LIMIT when a
 * limit stopped the match, or GRADER_SCAN_NOMEM. The match data is made on
 * first use and kept in s.
 */
long grader_scan_next(struct grader_scan *s, const struct grader_pattern *p, const int *group,
		      size_t n, size_t start, size_t *mstart, size_t *mend)
{
	PCRE2_SIZE *ov;
	int rc;

	if (s->md == NULL) {
		s->mc = pcre2_match_context_create(NULL);
		s->md = pcre2_match_data_create_from_pattern(p->code, NULL);
		if (s->mc == NULL || s->md == NULL) {
			grader_scan_release(s);
			return GRADER_SCAN_NOMEM;
		}
		pcre2_set_match_limit(s->mc, PATTERN_MATCH_LIMIT);
		pcre2_set_depth_limit(s->mc, PATTERN_DEPTH_LIMIT);
		pcre2_set_heap_limit(s->mc, PATTERN_HEAP_LIMIT);
	}
	if (s->buf == NULL || start > s->len)
		return -1;
	rc = pcre2_match(p->code, (PCRE2_SPTR)s->buf, s->len, start, 0, s->md, s->mc);
	if (rc == PCRE2_ERROR_NOMEMORY)
		return GRADER_SCAN_NOMEM;
	if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	    rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT)
		return GRADER_SCAN_LIMIT;
	if (rc <= 0)
		return -1;
	ov = pcre2_get_ovector_pointer(s->md);
	*mstart = ov[0];
	*mend = ov[1];
	for (size_t i = 0; i < n; i++)
		if ((uint32_t)group[i] < (uint32_t)rc && ov[2 * group[i]] != PCRE2_UNSET)
			return (long)i;
	return -1;
}

int grader_pattern_check(const char *pattern, struct grader_error *err)
{
	struct grader_pattern p = { NULL, NULL, false };
	int rc = grader_pattern_compile(pattern, &p, err);

	grader_pattern_release(&p);
	return rc;
}

/* characters of a probe's run: nested repetition blows up on a short one
 * already; the long run, tried with plain letters only, is long enough that a
 * pattern whose work grows with the cube of a line (.*.*.*) hits the match
 * limit, as it would on a learner's long line, while one that grows with its
 * square (.*x.*y) stays under it */
#define PROBE_RUN 40
#define PROBE_LONG_RUN 600
#define PROBE_SHOWN 40  /* characters of the run a message shows */
#define PROBE_TAIL 32   /* at most this many of the pattern's characters after it */
#define PROBE_LEADS 8   /* at most this many texts of the pattern put before it */
#define PROBE_LEAD 40   /* longest text put before a run */

/* Writes a probe: lead (text of the pattern, or nothing), unit
 * repeated to length bytes, a control byte nothing expects, then tail (the
 * characters the pattern writes, so that a required literal such as the b of
 * (a+)+b is there and the match is really tried). */
static size_t make_probe(char *buf, const char *lead, const char *unit, size_t length,
			 const char *tail)
{
	size_t n = strlen(lead), ul = strlen(unit), tl = strlen(tail);

	memcpy(buf, lead, n);
	for (size_t run = 0; run + ul <= length; run += ul) {
		memcpy(buf + n, unit, ul);
		n += ul;
	}
	buf[n++] = '\x01';
	memcpy(buf + n, tail, tl + 1);
	return n + tl;
}

/* Whether the probe of unit after lead makes p hit a limit; copies the probe's
 * line up to its control byte to out if so. */
static int probe_hits(const struct grader_pattern *p, const char *lead, const char *unit,
		      size_t length, const char *tail, char *out, size_t size)
{
	char buf[PROBE_LEAD + 1 + PROBE_LONG_RUN + 1 + PROBE_TAIL + 1];
	size_t n = make_probe(buf, lead, unit, length, tail);

	if (grader_pattern_exec(p, buf, n) != GRADER_PATTERN_LIMIT)
		return 0;
	if (size > 0)   /* the lead and the run's start are enough to show the shape */
		snprintf(out, size, "%s%.*s...", lead, PROBE_SHOWN, buf + strlen(lead));
	return 1;
}

/* The text the pattern spells out from c on, as a line would hold it: letters,
 * digits and plain punctuation as they are, \s (with its quantifier) as a
 * space, \b left out, an escaped punctuation mark as itself; it ends at the
 * first group, class, alternation or quantifier. Written to lead with a space
 * at its end; *joined says whether that space is only added (the pattern
 * itself goes on without one). Returns the bytes written, 0 when fewer than
 * two letters. */
static size_t literal_run(const char *c, char *lead, bool *joined)
{
	size_t n = 0, letters = 0;

	*joined = false;

	while (*c != '\0' && n + 2 <= PROBE_LEAD) {
		if (c[0] == '\\' && c[1] == 's') {
			c += 2;
			if (*c == '+' || *c == '*' || *c == '?')
				c++;
			if (n > 0 && lead[n - 1] != ' ')
				lead[n++] = ' ';
		} else if (c[0] == '\\' && c[1] == 'b') {
			c += 2;
		} else if (c[0] == '\\' && ispunct((unsigned char)c[1])) {
			lead[n++] = c[1];
			c += 2;
		} else if (isalnum((unsigned char)*c) || *c == ' ' || *c == ':' || *c == '-' ||
			   *c == '/' || *c == ',' || *c == '=' || *c == '\'') {
			letters += isalpha((unsigned char)*c) != 0;
			lead[n++] = *c++;
		} else {
			break;
		}
	}
	/* a quantifier binds the character before it: that one is not literal */
	if (n > 0 && (*c == '*' || *c == '+' || *c == '?' || *c == '{') && lead[n - 1] != ' ')
		n--;
	if (letters < 2 || n == 0)
		return 0;
	if (lead[n - 1] != ' ') {
		lead[n++] = ' ';
		*joined = n > 2;
	}
	lead[n] = '\0';
	return n;
}

/* The texts a line would hold before a nested repetition of the pattern, from
 * each word it spells out to the next group ("id of " of
 * \bid\s+of\s(\w+\s?)+increment, "id " and "increment " of
 * \bid\s(\w+\s?)+increment), into leads[1..]; leads[0] is empty. Such a
 * repetition is only tried where its lead is, so the probe must bring it.
 * A word the pattern does not end with a space (\bflood(\w+\s?)+bill) is
 * also written without one, since there the repetition goes on inside the
 * word ("floodaaaa..."). Returns how many leads were written. */
static size_t pattern_leads(const char *pattern, char leads[][PROBE_LEAD + 1])
{
	size_t n = 1;

	leads[0][0] = '\0';
	for (const char *c = pattern; *c != '\0' && n <= PROBE_LEADS;) {
		bool joined;

		if (*c == '\\') {   /* an escape: \b, \s, \x41 start no word */
			c += c[1] != '\0' ? 2 : 1;
			continue;
		}
		if (isalnum((unsigned char)*c) && literal_run(c, leads[n], &joined) > 0) {
			n++;
			if (joined && n <= PROBE_LEADS) {
				size_t len = strlen(leads[n - 1]);

				memcpy(leads[n], leads[n - 1], len - 1);
				leads[n++][len - 1] = '\0';
			}
		}
		while (isalnum((unsigned char)*c))
			c++;
		if (!isalnum((unsigned char)*c) && *c != '\\' && *c != '\0')
			c++;
	}
	return n;
}

/* The letters and digits the pattern writes inside a group it repeats ((x+x+)+,
 * (ab)*, (id\s)\{2,\}), at most PROBE_REPEATED of them, into out as a string:
 * the units a run behind a lead is made of when the repetition nests on a
 * literal. Escapes (\s, \b, \x41) are not letters of the text. */
#define PROBE_REPEATED 4
static void repeated_letters(const char *pattern, char *out)
{
	const char *open[16];
	size_t depth = 0, n = 0;

	out[0] = '\0';
	for (const char *c = pattern; *c != '\0'; c++) {
		if (*c == '\\') {
			if (c[1] == '\0')
				break;
			c++;
		} else if (*c == '(') {
			if (depth < sizeof(open) / sizeof(*open))
				open[depth] = c;
			depth++;
		} else if (*c == ')' && depth > 0) {
			depth--;
			if (depth >= sizeof(open) / sizeof(*open) ||
			    (c[1] != '+' && c[1] != '*' && c[1] != '{'))
				continue;
			for (const char *g = open[depth] + 1; g < c && n < PROBE_REPEATED; g++) {
				if (*g == '\\' && g + 1 < c) {
					g++;
					continue;
				}
				if (isalnum((unsigned char)*g) && strchr(out, *g) == NULL) {
					out[n++] = *g;
					out[n] = '\0';
				}
			}
		}
	}
}

int grader_pattern_probe(const char *pattern, char *probe, size_t size)
{
	static const char *const fixed[] = { "a", " ", "0", "ab ", "a-", "a.", "a1" };
	struct grader_pattern p = { NULL, NULL, false };
	char seen[256] = { 0 }, tail[PROBE_TAIL + 1], leads[PROBE_LEADS + 1][PROBE_LEAD + 1];
	char repeated[PROBE_REPEATED + 1];
	size_t n = 0, n_leads;
	int hit = 0;

	if (grader_pattern_compile(pattern, &p, NULL) != GRADER_OK)
		return -1;
	/* every visible character the pattern writes, so that the literal a
	 * match requires (the b of (a+)+b, the - of (\d+)*-) is in the line */
	for (const unsigned char *c = (const unsigned char *)pattern; *c != '\0'; c++)
		if (*c > ' ' && *c < 0x7F && !seen[*c] && n < PROBE_TAIL) {
			seen[*c] = 1;
			tail[n++] = (char)*c;
		}
	tail[n] = '\0';
	n_leads = pattern_leads(pattern, leads);
	repeated_letters(pattern, repeated);
	for (size_t w = 0; !hit && w < n_leads; w++) {
		for (size_t i = 0; !hit && i < sizeof(fixed) / sizeof(*fixed); i++)
			hit = probe_hits(&p, leads[w], fixed[i], PROBE_RUN, tail, probe, size);
		/* runs of the pattern's own letters: every one without a lead;
		 * behind a lead only those of a repeated group (a lead multiplies
		 * the probes), as \bid\s(x+x+)+y needs */
		for (size_t i = 0; !hit && i < n; i++) {
			char unit[2] = { tail[i], '\0' };

			if (isalnum((unsigned char)tail[i]) &&
			    (w == 0 || strchr(repeated, tail[i]) != NULL))
				hit = probe_hits(&p, leads[w], unit, PROBE_RUN, tail, probe, size);
		}
		if (!hit)
			hit = probe_hits(&p, leads[w], "a", PROBE_LONG_RUN, tail, probe, size);
	}
	grader_pattern_release(&p);
	return hit;
}

/* U+2019, the typographic apostrophe of "don’t" (never reads past a NUL). */
static bool is_right_quote(const char *p)
{
	return p[0] == '\xe2' && p[1] == '\x80' && p[2] == '\x99';
}

/* The word of text that starts at i, lowercased into w (apostrophes, also the
 * typographic one, as '), and where it ends; w is empty when text[i] is not a letter. */
static size_t word_at(const char *text, size_t i, char *w, size_t size)
{
	size_t n = 0;

	while (isalpha((unsigned char)text[i]) || text[i] == '\'' || is_right_quote(text + i)) {
		char c = text[i] == '\'' || text[i] == '\xe2' ? '\'' : (char)tolower((unsigned char)text[i]);
		i += text[i] == '\xe2' ? 3 : 1;
		if (n + 1 < size)
			w[n++] = c;
	}
	w[n] = '\0';
	return i;
}

static bool negates(const char *w)
{
	static const char *const plain[] = { "no", "not", "never", "without", "nor", "none",
					     "neither", "cannot", NULL };
	size_t n = strlen(w);

	for (size_t i = 0; plain[i] != NULL; i++)
		if (strcmp(w, plain[i]) == 0)
			return true;
	return n > 3 && strcmp(w + n - 3, "n't") == 0;
}

/* Words past itself a negation reaches: "we do not store the CVV" says no to
 * "store ... CVV"; "staff without a need to know can see the saved CVVs" does
 * not say no to "CVVs", which is nine words on. */
#define NEG_REACH 4

/* Whether text[i] ends a clause: . , ; : ! ? ( ), a dash between spaces, an en
 * or em dash. */
static bool clause_break(const char *text, size_t i)
{
	if (text[i] != '\0' && strchr(".,;:!?()", text[i]) != NULL)
		return true;
	if (text[i] == '-' && (i == 0 || text[i - 1] == ' ') && text[i + 1] == ' ')
		return true;
	return text[i] == '\xe2' && text[i + 1] == '\x80' &&
	       (text[i + 2] == '\x93' || text[i + 2] == '\x94');
}

/* Whether the clause that ends a match at text[end] says no to it: a plain
 * negation (no, not, never, without, nor, none, neither, cannot, a word ending
 * in n't) after the clause's start (a clause_break or "but") and at most
 * NEG_REACH words before the match's last word. "CVV stored, not encrypted"
 * does not say no to "CVV". */
static bool negated_before(const char *text, size_t end)
{
	long neg_at = -1, k = -1;   /* word numbers: the clause's last negation, the last word */
	char w[24];

	for (size_t i = 0; i < end;) {
		if (clause_break(text, i)) {
			neg_at = -1;
			i++;
			continue;
		}
		size_t next = word_at(text, i, w, sizeof(w));
		if (next == i) {
			i++;
			continue;
		}
		if (next <= end) {
			k++;
			if (strcmp(w, "but") == 0)
				neg_at = -1;
			else if (negates(w))
				neg_at = k;
		}
		i = next;
	}
	return neg_at >= 0 && k - neg_at <= NEG_REACH;
}

/* Whether text holds a plain negation; with escapes, a backslash and the
 * character after it are skipped, so that "\\bnot" in a pattern reads as "not". */
static bool has_negation(const char *text, bool escapes)
{
	char w[24];

	for (size_t i = 0; text != NULL && text[i] != '\0';) {
		if (escapes && text[i] == '\\') {
			i += text[i + 1] != '\0' ? 2 : 1;
			continue;
		}
		size_t next = word_at(text, i, w, sizeof(w));
		if (next > i && negates(w))
			return true;
		i = next > i ? next : i + 1;
	}
	return false;
}

bool grader_text_negates(const char *text)
{
	return has_negation(text, false);
}

int grader_pattern_exec_affirmed(const struct grader_pattern *p, const char *text, size_t len)
{
	struct grader_scan s;
	static const int whole[1] = { 0 };
	size_t start = 0, ms, me;
	long which = 0;
	int found = 0;

	memset(&s, 0, sizeof(s));
	if (p != NULL && p->code != NULL && p->names_negation) {
		/* its author decided what a negation means: taken as written */
		int rc = grader_pattern_exec(p, text, len);
		return rc == GRADER_PATTERN_NOMEM || rc == GRADER_PATTERN_LIMIT ? rc : rc == 1;
	}
	if (p == NULL || p->code == NULL || text == NULL)
		goto cleanup;
	if (grader_scan_begin(&s, text, len) != GRADER_OK) {
		found = GRADER_PATTERN_NOMEM;
		goto cleanup;
	}
	while (!found && (which = grader_scan_next(&s, p, whole, 1, start, &ms, &me)) == 0) {
		found = !negated_before(text, me);
		/* on from the match's end (author patterns never match empty text),
		 * never from inside a UTF-8 character */
		start = me > ms ? me : ms + 1;
		while (start < len && ((unsigned char)text[start] & 0xC0) == 0x80)
			start++;
	}
	if (!found && which == GRADER_SCAN_NOMEM)
		found = GRADER_PATTERN_NOMEM;
	else if (!found && which == GRADER_SCAN_LIMIT)
		found = GRADER_PATTERN_LIMIT;   /* an affirmed match may lie past it */
cleanup:
	grader_scan_release(&s);
	return found;
}

int grader_pattern_match_affirmed(const char *pattern, const char *text)
{
	struct grader_pattern p = { NULL, NULL, false };
	int found, rc = grader_pattern_compile(pattern, &p, NULL);

	if (rc != GRADER_OK)
		return rc == GRADER_ENOMEM ? GRADER_MATCH_NOMEM : -1;
	found = grader_pattern_exec_affirmed(&p, text, text != NULL ? strlen(text) : 0);
	grader_pattern_release(&p);
	return found == GRADER_PATTERN_LIMIT ? 0 : found;   /* a limit hit counts as no match */
}

int grader_pattern_match(const char *pattern, const char *text)
{
	struct grader_pattern p = { NULL, NULL, false };
	int rc = grader_pattern_compile(pattern, &p, NULL);

	if (rc != GRADER_OK)
		return rc == GRADER_ENOMEM ? GRADER_MATCH_NOMEM : -1;
	rc = grader_pattern_exec(&p, text, text != NULL ? strlen(text) : 0);
	grader_pattern_release(&p);
	if (rc == GRADER_PATTERN_NOMEM)
		return rc;
	return rc == 1 ? 1 : 0;   /* a limit hit counts as no match */
}
