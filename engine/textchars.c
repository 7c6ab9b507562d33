/*
 * textchars.c: the one classification of characters that the terminal
 * (tm_printable) and the reports (report_text) both apply: valid UTF-8, and
 * the controls that must not reach a screen as they are.
 */
#include <string.h>

#include "tmengine.h"
#include "textchars.h"

size_t tm_bidi_control_len(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	if (p[0] == 0xd8 && p[1] == 0x9c)
		return 2;                                   /* U+061C */
	if (p[0] != 0xe2)
		return 0;
	if (p[1] == 0x80 && (p[2] == 0x8e || p[2] == 0x8f || (p[2] >= 0xaa && p[2] <= 0xae)))
		return 3;                                   /* U+200E/F, U+202A..E */
	if (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)
		return 3;                                   /* U+2066..9 */
	return 0;
}

size_t tc_utf8_len(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned c = p[0];
	size_t k = c == 0 ? 0 : c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 :
		(c & 0xf8) == 0xf0 ? 4 : 0;
	for (size_t j = 1; j < k; j++)
		if ((p[j] & 0xc0) != 0x80)
			return 0;
	if (k == 2 && c < 0xc2)
		return 0;   /* overlong */
	if (k == 3 && ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] >= 0xa0)))
		return 0;   /* overlong or a surrogate */
	if (k == 4 && ((c == 0xf0 && p[1] < 0x90) || c > 0xf4 || (c == 0xf4 && p[1] >= 0x90)))
		return 0;   /* overlong or past U+10FFFF */
	return k;
}

size_t tc_hidden_len(const char *s, unsigned *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t k = tm_bidi_control_len(s);
	if (k == 2)
		*cp = (u[0] & 0x1fu) << 6 | (u[1] & 0x3fu);
	else if (k == 3)
		*cp = (u[0] & 0x0fu) << 12 | (u[1] & 0x3fu) << 6 | (u[2] & 0x3fu);
	else if (u[0] < 0x20 || u[0] == 0x7f)
		*cp = u[0], k = 1;
	else if (u[0] == 0xc2 && u[1] >= 0x80 && u[1] <= 0x9f)
		*cp = u[1], k = 2;
	return k;
}

size_t tc_forbidden_len(const char *s, unsigned *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	if ((u[0] < 0x20 && u[0] != '\t' && u[0] != '\n' && u[0] != '\r') || u[0] == 0x7f) {
		*cp = u[0];
		return 1;
	}
	if (u[0] == 0xc2 && u[1] >= 0x80 && u[1] <= 0x9f) {
		*cp = u[1];
		return 2;
	}
	if (u[0] == 0xef && u[1] == 0xbf && u[2] >= 0xbe) {
		*cp = 0xfff0u | (u[2] & 0x0fu);
		return 3;
	}
	return 0;
}

size_t tc_forbidden_or_cr_len(const char *s, unsigned *cp)
{
	if (s[0] == '\r') {
		*cp = '\r';
		return 1;
	}
	return tc_forbidden_len(s, cp);
}

bool tc_utf16_bom(const char *buf, size_t len)
{
	const unsigned char *p = (const unsigned char *)buf;
	return len >= 2 && ((p[0] == 0xff && p[1] == 0xfe) || (p[0] == 0xfe && p[1] == 0xff));
}

/* Whether the first bytes of buf (up to 256, at least 4) read as UTF-16
 * without a byte order mark, little-endian when odd: at least half of their
 * pairs have a NUL at the odd offset (at the even one for big-endian; Latin
 * text, where a few curly quotes or dashes have no NUL byte) and at most one
 * in eight at the other. No UTF-8 text has a NUL, let alone that many. */
static bool nul_every_other(const unsigned char *p, size_t len, bool odd)
{
	size_t n = (len < 256 ? len : 256) & ~(size_t)1, here = 0, there = 0;
	if (n < 4)
		return false;
	for (size_t i = 0; i < n; i++)
		if (p[i] == 0 && (i % 2 == 1) == odd)
			here++;
		else if (p[i] == 0)
			there++;
	return here * 2 >= n / 2 && there * 8 <= n / 2;
}

const char *tc_utf16(const char *buf, size_t len)
{
	const unsigned char *p = (const unsigned char *)buf;
	if (tc_utf16_bom(buf, len))
		return "utf-16";
	if (nul_every_other(p, len, true))
		return "utf-16le";
	if (nul_every_other(p, len, false))
		return "utf-16be";
	return NULL;
}

int tc_prefix(const char *s, size_t max)
{
	size_t n = strnlen(s, max);

	if (n == max)   /* cut: back over the continuation bytes of a split character */
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	return (int)n;
}

char *tc_mend(char *s)
{
	char *out = s;

	for (const char *p = s; *p != '\0';) {
		size_t n = tc_utf8_len(p);

		if (n == 0) {
			p++;
			continue;
		}
		memmove(out, p, n);
		out += n;
		p += n;
	}
	*out = '\0';
	return s;
}

size_t tc_char_count(const char *s)
{
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++)
		n += (*p & 0xC0) != 0x80;
	return n;
}

/* The lowercase of code point c for the letters whose case is cheap to know:
 * ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic capitals; c itself
 * for anything else. Each maps to a code point of as many UTF-8 bytes. */
static unsigned fold_code_point(unsigned c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 0x20;
	if (c >= 0xc0 && c <= 0xde && c != 0xd7)
		return c + 0x20;
	/* Latin Extended-A pairs capital, small; U+0130 (dotted I) and U+0138
	 * (kra) have none, U+0139..U+0148 and U+0179..U+017E pair odd, even */
	if ((c >= 0x100 && c <= 0x12f) || (c >= 0x132 && c <= 0x137) ||
	    (c >= 0x14a && c <= 0x177))
		return c | 1u;
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e))
		return c % 2 == 1 ? c + 1 : c;
	if (c == 0x178)   /* Y with diaeresis: its small letter is in Latin-1 */
		return 0xff;
	if ((c >= 0x391 && c <= 0x3a9 && c != 0x3a2))
		return c + 0x20;
	/* Greek capitals with tonos */
	if (c == 0x386)
		return 0x3ac;
	if (c >= 0x388 && c <= 0x38a)
		return c + 0x25;
	if (c == 0x38c)
		return 0x3cc;
	if (c == 0x38e || c == 0x38f)
		return c + 0x3f;
	if (c >= 0x410 && c <= 0x42f)
		return c + 0x20;
	if (c >= 0x400 && c <= 0x40f)
		return c + 0x50;
	return c;
}

char *tc_fold_case(const char *s, char *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;
	while (*p != '\0') {
		size_t k = tc_utf8_len((const char *)p);
		if (k == 1 || k == 2) {
			unsigned c = k == 1 ? p[0] : (p[0] & 0x1fu) << 6 | (p[1] & 0x3fu);
			unsigned f = fold_code_point(c);
			if (k == 1) {
				out[n++] = (char)f;
			} else {
				out[n++] = (char)(0xc0 | f >> 6);
				out[n++] = (char)(0x80 | (f & 0x3f));
			}
			p += k;
			continue;
		}
		k = k == 0 ? 1 : k;   /* an invalid byte stays as it is */
		memcpy(out + n, p, k);
		n += k;
		p += k;
	}
	out[n] = '\0';
	return out;
}
