/*
 * util.c: small containers, UTF-8 helpers, word splitting, edit distance and
 * the STRIDE/severity vocabulary of libtmgrader.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "grader_internal.h"

/* ==== Strings ================================================================== */

void grader_error_set(struct grader_error *err, int code, size_t offset, const char *text)
{
	if (err == NULL)
		return;
	err->code = code;
	err->index = 0;
	err->offset = offset;
	snprintf(err->text, sizeof(err->text), "%s", text);
}

char *grader_strdup(const char *s)
{
	size_t n;
	char *p;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	p = malloc(n + 1);
	if (p != NULL)
		memcpy(p, s, n + 1);
	return p;
}

void grader_strvec_release(struct grader_strvec *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->alloc = 0;
}

int grader_is_blank(const char *s)
{
	if (s == NULL)
		return 1;
	for (; *s != '\0'; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return 0;
	return 1;
}

int grader_strvec_push(struct grader_strvec *sv, const char *s, size_t len)
{
	char *copy;

	if (sv->n == sv->alloc) {
		size_t na = sv->alloc ? sv->alloc * 2 : 8;
		char **nv = realloc(sv->v, na * sizeof(*nv));

		if (nv == NULL)
			return GRADER_ENOMEM;
		sv->v = nv;
		sv->alloc = na;
	}
	copy = malloc(len + 1);
	if (copy == NULL)
		return GRADER_ENOMEM;
	memcpy(copy, s, len);
	copy[len] = '\0';
	sv->v[sv->n++] = copy;
	return GRADER_OK;
}

void grader_sbuf_init(struct grader_sbuf *b, char *buf, size_t size)
{
	b->buf = buf;
	b->size = size;
	b->len = 0;
	b->full = 0;
	if (buf != NULL && size > 0)
		buf[0] = '\0';
}

#define SBUF_ELLIPSIS "\xE2\x80\xA6"   /* U+2026 */
#define SBUF_ELLIPSIS_LEN 3

void grader_sbuf_addn(struct grader_sbuf *b, const char *s, size_t n)
{
	size_t room;

	if (b == NULL || b->buf == NULL || b->size == 0 || b->full)
		return;
	room = b->size - 1 - b->len;
	if (n > room) {
		/* cut on a character boundary, and say so with an ellipsis */
		size_t keep = room >= SBUF_ELLIPSIS_LEN ? room - SBUF_ELLIPSIS_LEN : 0;

		n = (size_t)grader_utf8_clip(s, keep);
		memcpy(b->buf + b->len, s, n);
		b->len += n;
		if (room >= SBUF_ELLIPSIS_LEN) {
			memcpy(b->buf + b->len, SBUF_ELLIPSIS, SBUF_ELLIPSIS_LEN);
			b->len += SBUF_ELLIPSIS_LEN;
		}
		b->buf[b->len] = '\0';
		b->full = 1;
		return;
	}
	memcpy(b->buf + b->len, s, n);
	b->len += n;
	b->buf[b->len] = '\0';
}

void grader_sbuf_add(struct grader_sbuf *b, const char *s)
{
	grader_sbuf_addn(b, s, strlen(s));
}

/* ==== Pool ===================================================================== */

struct grader_pool_chunk {
	struct grader_pool_chunk *next;
	size_t used, cap;
};

#define POOL_ALIGN 16
#define POOL_CHUNK 16384
#define POOL_HEADER ((sizeof(struct grader_pool_chunk) + POOL_ALIGN - 1) & ~(size_t)(POOL_ALIGN - 1))

void grader_pool_init(struct grader_pool *p)
{
	p->head = NULL;
}

void grader_pool_release(struct grader_pool *p)
{
	struct grader_pool_chunk *c = p->head;

	while (c != NULL) {
		struct grader_pool_chunk *next = c->next;

		free(c);
		c = next;
	}
	p->head = NULL;
}

void *grader_pool_alloc(struct grader_pool *p, size_t n)
{
	struct grader_pool_chunk *c = p->head;
	size_t need = (n + POOL_ALIGN - 1) & ~(size_t)(POOL_ALIGN - 1);

	if (need == 0)
		need = POOL_ALIGN;
	if (c == NULL || c->cap - c->used < need) {
		size_t cap = need > POOL_CHUNK ? need : POOL_CHUNK;

		c = malloc(POOL_HEADER + cap);
		if (c == NULL)
			return NULL;
		c->used = 0;
		c->cap = cap;
		/* a block bigger than a chunk gets its own, behind the current one */
		if (need > POOL_CHUNK && p->head != NULL) {
			c->next = p->head->next;
			p->head->next = c;
		} else {
			c->next = p->head;
			p->head = c;
		}
	}
	c->used += need;
	return (char *)c + POOL_HEADER + c->used - need;
}

char *grader_pool_strndup(struct grader_pool *p, const char *s, size_t n)
{
	char *copy = grader_pool_alloc(p, n + 1);

	if (copy != NULL) {
		memcpy(copy, s, n);
		copy[n] = '\0';
	}
	return copy;
}

/* ==== Map ====================================================================== */

static size_t hash_bytes(const void *key, size_t len)
{
	const unsigned char *p = key;
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	return (size_t)(h ^ (h >> 29));
}

void grader_map_init(struct grader_map *m)
{
	memset(m, 0, sizeof(*m));
}

void grader_map_release(struct grader_map *m)
{
	grader_pool_release(&m->pool);
	free(m->keys);
	free(m->lens);
	free(m->vals);
	grader_map_init(m);
}

static long map_slot(const struct grader_map *m, const void *key, size_t len)
{
	size_t mask, i;

	if (m->cap == 0)
		return -1;
	mask = m->cap - 1;
	i = hash_bytes(key, len) & mask;
	while (m->keys[i] != NULL) {
		if (m->lens[i] == len && memcmp(m->keys[i], key, len) == 0)
			return (long)i;
		i = (i + 1) & mask;
	}
	return -(long)i - 2;   /* free slot, encoded */
}

static int map_grow(struct grader_map *m)
{
	struct grader_map n;

	n.cap = m->cap ? m->cap * 2 : 64;
	n.count = 0;
	n.pool = m->pool;
	n.keys = calloc(n.cap, sizeof(*n.keys));
	n.lens = calloc(n.cap, sizeof(*n.lens));
	n.vals = calloc(n.cap, sizeof(*n.vals));
	if (n.keys == NULL || n.lens == NULL || n.vals == NULL) {
		free(n.keys);
		free(n.lens);
		free(n.vals);
		return GRADER_ENOMEM;
	}
	for (size_t i = 0; i < m->cap; i++) {
		long s;

		if (m->keys[i] == NULL)
			continue;
		s = -map_slot(&n, m->keys[i], m->lens[i]) - 2;
		n.keys[s] = m->keys[i];
		n.lens[s] = m->lens[i];
		n.vals[s] = m->vals[i];
		n.count++;
	}
	free(m->keys);
	free(m->lens);
	free(m->vals);
	*m = n;
	return GRADER_OK;
}

int grader_map_put(struct grader_map *m, const void *key, size_t len, int val)
{
	long s;
	char *copy;

	if ((m->count + 1) * 2 > m->cap && map_grow(m) != GRADER_OK)
		return GRADER_ENOMEM;
	s = map_slot(m, key, len);
	if (s >= 0) {
		m->vals[s] = val;
		return GRADER_OK;
	}
	s = -s - 2;
	copy = grader_pool_strndup(&m->pool, key, len);
	if (copy == NULL)
		return GRADER_ENOMEM;
	m->keys[s] = copy;
	m->lens[s] = len;
	m->vals[s] = val;
	m->count++;
	return GRADER_OK;
}

int grader_map_get(const struct grader_map *m, const void *key, size_t len)
{
	long s = map_slot(m, key, len);

	return s >= 0 ? m->vals[s] : -1;
}

/* Slot for slot: the copy needs no hashing, and reads the same as src. */
int grader_map_copy(struct grader_map *dst, const struct grader_map *src)
{
	grader_map_init(dst);
	if (src->cap == 0)
		return GRADER_OK;
	dst->keys = calloc(src->cap, sizeof(*dst->keys));
	dst->lens = malloc(src->cap * sizeof(*dst->lens));
	dst->vals = malloc(src->cap * sizeof(*dst->vals));
	if (dst->keys == NULL || dst->lens == NULL || dst->vals == NULL)
		goto nomem;
	dst->cap = src->cap;
	memcpy(dst->lens, src->lens, src->cap * sizeof(*dst->lens));
	memcpy(dst->vals, src->vals, src->cap * sizeof(*dst->vals));
	for (size_t i = 0; i < src->cap; i++) {
		if (src->keys[i] == NULL)
			continue;
		dst->keys[i] = grader_pool_strndup(&dst->pool, src->keys[i], src->lens[i]);
		if (dst->keys[i] == NULL)
			goto nomem;
		dst->count++;
	}
	return GRADER_OK;
nomem:
	grader_map_release(dst);
	return GRADER_ENOMEM;
}

/* ==== UTF-8 ==================================================================== */

size_t grader_utf8_decode(const unsigned char *s, size_t n, long *cp)
{
	size_t need;
	long c;

	*cp = -1;
	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		need = 2;
		c = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		need = 3;
		c = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		need = 4;
		c = s[0] & 0x07;
	} else {
		return 1;
	}
	if (n < need)
		return 1;
	for (size_t i = 1; i < need; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 1;
		c = (c << 6) | (s[i] & 0x3F);
	}
	/* overlong forms, surrogates and values past U+10FFFF are invalid */
	if ((need == 3 && c < 0x800) || (need == 4 && c < 0x10000) || c > 0x10FFFF ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 1;
	*cp = c;
	return need;
}

int grader_utf8_clip(const char *s, size_t max)
{
	size_t n = strnlen(s, max + 1);

	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	return (int)n;
}

char *grader_utf8_clean(const char *text)
{
	size_t n = strlen(text), o = 0;
	char *out = malloc(n * 3 + 1);   /* every byte may become a 3-byte U+FFFD */

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < n;) {
		long cp;
		size_t k = grader_utf8_decode((const unsigned char *)text + i, n - i, &cp);

		if (cp < 0) {
			o += grader_utf8_encode(0xFFFD, out + o);
		} else {
			memcpy(out + o, text + i, k);
			o += k;
		}
		i += k;   /* an invalid byte is one byte long */
	}
	out[o] = '\0';
	return out;
}

size_t grader_utf8_invalid(const char *buf, size_t len, size_t *first)
{
	size_t bad = 0, i = 0;

	if (first != NULL)
		*first = len;
	while (i < len) {
		long cp;
		size_t n = grader_utf8_decode((const unsigned char *)buf + i, len - i, &cp);

		if (cp < 0) {
			if (bad++ == 0 && first != NULL)
				*first = i;
		}
		i += n > 0 ? n : 1;
	}
	return bad;
}

size_t grader_utf8_encode(long cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

long grader_lower(long cp)
{
	if (cp >= 'A' && cp <= 'Z')
		return cp + 32;
	if (cp < 0x80)
		return cp;
	if ((cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) || (cp >= 0x391 && cp <= 0x3A9) ||
	    (cp >= 0x410 && cp <= 0x42F))
		return cp + 32;
	if (cp >= 0x400 && cp <= 0x40F)
		return cp + 80;
	if (cp >= 0x100 && cp <= 0x17F && cp != 0x130 && cp != 0x131 && cp != 0x138 &&
	    cp != 0x149 && cp != 0x17F) {
		/* Latin Extended-A alternates upper/lower, with a parity shift at U+0139 */
		int even_upper = (cp < 0x138) || (cp >= 0x14A && cp < 0x178);

		if (even_upper && cp % 2 == 0)
			return cp + 1;
		if (!even_upper && cp >= 0x139 && cp < 0x149 && cp % 2 == 1)
			return cp + 1;
		if (cp >= 0x179 && cp <= 0x17E && cp % 2 == 1)
			return cp + 1;
	}
	return cp;
}

static int is_word_cp(long cp)
{
	if (cp < 0)
		return 0;
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		       (cp >= '0' && cp <= '9');
	/* Latin-1 punctuation and symbols, general punctuation, replacement char */
	if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7)
		return 0;
	if ((cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
	    cp == 0xFEFF || cp == 0xFFFD || (cp >= 0xFE00 && cp <= 0xFE0F))
		return 0;
	return 1;
}

/* A capital between two small letters starts a new word: identifiers such as
 * StrictHostKeyChecking or allowUnsignedImages read as their words, while
 * DoS, DDoS, macOS, mTLS and runs of capitals (SAML, XMLHttp) stay whole. */
static int camel_break(const unsigned char *s, size_t len, size_t i, size_t wl)
{
	return wl > 0 && i > 0 && i + 1 < len && s[i] >= 'A' && s[i] <= 'Z' &&
	       s[i - 1] >= 'a' && s[i - 1] <= 'z' && s[i + 1] >= 'a' && s[i + 1] <= 'z';
}

int grader_words(const char *text, size_t len, grader_word_fn fn, void *ctx)
{
	const unsigned char *s = (const unsigned char *)text;
	char word[GRADER_WORD_MAX + 1];
	size_t wl = 0, i = 0;
	int rc;

	while (i <= len) {
		long cp = -1;
		size_t n = 0;

		if (i < len && s[i] < 0x80) {
			unsigned char ch = s[i];

			/* most bytes: a small letter or a digit, which neither
			 * breaks a word (camel_break wants a capital) nor ends one */
			if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
				if (wl < GRADER_WORD_MAX)
					word[wl++] = (char)ch;
				i++;
				continue;
			}
			if (camel_break(s, len, i, wl)) {
				word[wl] = '\0';
				rc = fn(word, wl, ctx);
				if (rc != 0)
					return rc;
				wl = 0;
			}
			/* ASCII fast path: most text is plain English */
			if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
			    (ch >= 'A' && ch <= 'Z')) {
				if (wl < GRADER_WORD_MAX)
					word[wl++] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
				i++;
				continue;
			}
			n = 1;
			cp = ch;
		} else if (i < len) {
			n = grader_utf8_decode(s + i, len - i, &cp);
		}
		if (i < len && is_word_cp(cp)) {
			char enc[4];
			size_t el = grader_utf8_encode(grader_lower(cp), enc);

			if (wl + el <= GRADER_WORD_MAX) {
				memcpy(word + wl, enc, el);
				wl += el;
			}
			i += n;
			continue;
		}
		if (wl > 0) {
			word[wl] = '\0';
			rc = fn(word, wl, ctx);
			if (rc != 0)
				return rc;
			wl = 0;
		}
		i += n ? n : 1;
	}
	return 0;
}

/* ==== Edit distance ============================================================ */

uint32_t grader_letter_mask(const char *w, size_t len)
{
	uint32_t m = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)w[i];

		if (ch >= 'a' && ch <= 'z')
			m |= 1u << (ch - 'a');
		else if (ch >= '0' && ch <= '9')
			m |= 1u << 26;
		else
			m |= 1u << (27 + (ch & 3));   /* bytes of other letters, spread */
	}
	return m;
}

int grader_edit_distance(const char *a, size_t la, const char *b, size_t lb, int max)
{
	int d0[GRADER_WORD_MAX + 2], d1[GRADER_WORD_MAX + 2], d2[GRADER_WORD_MAX + 2];
	int *pp = d0, *prev = d1, *cur = d2;

	if (la > GRADER_WORD_MAX || lb > GRADER_WORD_MAX)
		return max + 1;
	if ((la > lb ? la - lb : lb - la) > (size_t)max)
		return max + 1;
	for (size_t j = 0; j <= lb; j++)
		prev[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int best = (int)i;
		int *t;

		cur[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int cost = a[i - 1] == b[j - 1] ? 0 : 1;
			int v = prev[j] + 1;

			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (prev[j - 1] + cost < v)
				v = prev[j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			cur[j] = v;
			if (v < best)
				best = v;
		}
		if (best > max)
			return max + 1;
		t = pp;
		pp = prev;
		prev = cur;
		cur = t;
	}
	return prev[lb] > max ? max + 1 : prev[lb];
}

/* ==== Vocabulary =============================================================== */

static const char *const severity_names[] = { "low", "medium", "high", "critical" };

const char *grader_severity_name(enum grader_severity s)
{
	if (s < GRADER_SEV_LOW || s > GRADER_SEV_CRITICAL)
		return NULL;
	return severity_names[s];
}

enum grader_severity grader_severity_parse(const char *name)
{
	if (name == NULL)
		return GRADER_SEV_NONE;
	for (int i = 0; i < 4; i++)
		if (strcasecmp(name, severity_names[i]) == 0)
			return (enum grader_severity)i;
	return GRADER_SEV_NONE;
}

static const char *const stride_names[] = {
	"spoofing", "tampering", "repudiation", "information-disclosure",
	"denial-of-service", "elevation-of-privilege"
};

unsigned grader_stride_parse(const char *name)
{
	char norm[64];
	size_t n = 0;

	if (name == NULL)
		return 0;
	for (const char *p = name; *p != '\0'; p++) {
		char ch = *p;

		if (n + 1 >= sizeof(norm))
			return 0;
		if (ch == ' ' || ch == '_')
			ch = '-';
		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch + 32);
		norm[n++] = ch;
	}
	norm[n] = '\0';
	if (n == 1) {
		const char *letters = "stride";

		for (int i = 0; i < 6; i++)
			if (norm[0] == letters[i])
				return 1u << i;
		return 0;
	}
	for (int i = 0; i < 6; i++)
		if (strcmp(norm, stride_names[i]) == 0)
			return 1u << i;
	if (strcmp(norm, "dos") == 0 || strcmp(norm, "denial-of-service") == 0)
		return GRADER_STRIDE_D;
	if (strcmp(norm, "info-disclosure") == 0 || strcmp(norm, "disclosure") == 0)
		return GRADER_STRIDE_I;
	if (strcmp(norm, "elevation") == 0 || strcmp(norm, "privilege-escalation") == 0 ||
	    strcmp(norm, "eop") == 0)
		return GRADER_STRIDE_E;
	return 0;
}

const char *grader_stride_name(unsigned bit)
{
	for (int i = 0; i < 6; i++)
		if (bit == (1u << i))
			return stride_names[i];
	return NULL;
}
