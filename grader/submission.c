/*
 * submission.c: a learner's threat list as lines, and the plain text /
 * Markdown parser (list markers, headings, STRIDE and severity labels).
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "grader_internal.h"

struct sub_line {
	char *text;
	int line_no;
	unsigned stride;
	enum grader_severity severity;
};

struct grader_submission {
	struct sub_line *lines;
	size_t n, alloc;
	size_t truncated, dropped;
};

struct grader_submission *grader_submission_new(void)
{
	return calloc(1, sizeof(struct grader_submission));
}

void grader_submission_free(struct grader_submission *sub)
{
	if (sub == NULL)
		return;
	for (size_t i = 0; i < sub->n; i++)
		free(sub->lines[i].text);
	free(sub->lines);
	free(sub);
}

/* Whether code point cp is a control character (C0, DEL or C1): terminal
 * escapes must never reach a trainer's screen. */
static int is_control(long cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

/* Copies len bytes of raw text, replacing invalid UTF-8 by U+FFFD and control
 * characters (NUL included) by spaces. At most cap bytes are kept; *cut says
 * whether text was left out. Caller frees. */
static char *clean_line(const char *s, size_t len, size_t cap, int *cut)
{
	/* an invalid byte becomes a 3-byte U+FFFD */
	char *out = malloc((len < cap / 3 ? len * 3 : cap) + 8);
	size_t o = 0, i = 0;

	*cut = 0;
	if (out == NULL)
		return NULL;
	while (i < len) {
		long cp;
		size_t n = grader_utf8_decode((const unsigned char *)s + i, len - i, &cp);
		size_t need = cp < 0 ? 3 : is_control(cp) ? 1 : n;

		if (o + need > cap) {
			*cut = 1;
			break;
		}
		if (cp < 0)
			o += grader_utf8_encode(0xFFFD, out + o);
		else if (is_control(cp))
			out[o++] = ' ';
		else {
			memcpy(out + o, s + i, n);
			o += n;
		}
		i += n;
	}
	out[o] = '\0';
	return out;
}

int grader_submission_add(struct grader_submission *sub, int line_no, const char *text,
			  unsigned stride, enum grader_severity severity)
{
	int cut;
	char *copy;

	if (sub == NULL || text == NULL)
		return GRADER_EINVALID;
	if (sub->n >= GRADER_MAX_LINES) {
		sub->dropped++;
		return GRADER_ELIMIT;
	}
	if (sub->n == sub->alloc) {
		size_t na = sub->alloc ? sub->alloc * 2 : 16;
		struct sub_line *nl = realloc(sub->lines, na * sizeof(*nl));

		if (nl == NULL)
			return GRADER_ENOMEM;
		sub->lines = nl;
		sub->alloc = na;
	}
	copy = clean_line(text, strlen(text), GRADER_MAX_LINE, &cut);
	if (copy == NULL)
		return GRADER_ENOMEM;
	sub->truncated += (size_t)cut;
	sub->lines[sub->n].text = copy;
	sub->lines[sub->n].line_no = line_no;
	sub->lines[sub->n].stride = stride & GRADER_STRIDE_ALL;
	sub->lines[sub->n].severity = severity;
	sub->n++;
	return GRADER_OK;
}

size_t grader_submission_line_count(const struct grader_submission *sub)
{
	return sub != NULL ? sub->n : 0;
}

int grader_submission_line_no(const struct grader_submission *sub, size_t i)
{
	return sub != NULL && i < sub->n ? sub->lines[i].line_no : 0;
}

const char *grader_submission_line(const struct grader_submission *sub, size_t i)
{
	return sub != NULL && i < sub->n ? sub->lines[i].text : NULL;
}

unsigned grader_submission_line_stride(const struct grader_submission *sub, size_t i)
{
	return sub != NULL && i < sub->n ? sub->lines[i].stride : 0;
}

enum grader_severity grader_submission_line_severity(const struct grader_submission *sub,
						     size_t i)
{
	return sub != NULL && i < sub->n ? sub->lines[i].severity : GRADER_SEV_NONE;
}

size_t grader_submission_truncated(const struct grader_submission *sub)
{
	return sub != NULL ? sub->truncated : 0;
}

size_t grader_submission_dropped(const struct grader_submission *sub)
{
	return sub != NULL ? sub->dropped : 0;
}

/* ==== Parsing text ============================================================= */

static char *skip_blank(char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

static void trim_end(char *p)
{
	size_t n = strlen(p);

	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		p[--n] = '\0';
}

/* The length of the list marker ("- ", "* ", "+ ", "1. ", "2) ", and a rank
 * written "#1 " or "#2: ") at q, without the blank after it; 0 when q starts
 * with none ("12 apples" has none). */
static size_t list_marker_len(const char *q)
{
	if ((q[0] == '-' || q[0] == '*' || q[0] == '+') && (q[1] == ' ' || q[1] == '\t'))
		return 1;
	if (isdigit((unsigned char)q[0]) || (q[0] == '#' && isdigit((unsigned char)q[1]))) {
		bool rank = q[0] == '#';
		const char *d = q + rank;

		while (isdigit((unsigned char)*d))
			d++;
		if (*d == '.' || *d == ')' || (rank && *d == ':'))
			d++;
		else if (!rank)
			return 0;
		if (*d == ' ' || *d == '\t' || *d == '\0')
			return (size_t)(d - q);
	}
	return 0;
}

/* Strips list markers, checkboxes, quote marks and Markdown emphasis at the start. */
static char *strip_markers(char *p)
{
	for (int round = 0; round < 4; round++) {
		char *q = skip_blank(p);
		size_t n = list_marker_len(q);

		if (n > 0) {
			p = q + n;
			continue;
		}
		if (q[0] == '>' && (q[1] == ' ' || q[1] == '\t')) {
			p = q + 2;
			continue;
		}
		if (q[0] == '[' && (q[1] == ' ' || q[1] == 'x' || q[1] == 'X') && q[2] == ']') {
			p = q + 3;
			continue;
		}
		p = q;
		break;
	}
	return skip_blank(p);
}

/* Parses a list like "S, T" or "Spoofing/Tampering" or "high"; returns 1 when every
 * item is a STRIDE name or a severity. */
static int parse_labels(const char *s, size_t len, unsigned *stride, enum grader_severity *sev)
{
	char item[48];
	size_t n = 0;
	unsigned st = 0;
	enum grader_severity sv = GRADER_SEV_NONE;
	int items = 0;

	for (size_t i = 0; i <= len; i++) {
		char ch = i < len ? s[i] : ',';

		if (ch == ',' || ch == '/' || ch == '&' || ch == '|' || ch == ';' || ch == '+') {
			while (n > 0 && item[n - 1] == ' ')
				n--;
			item[n] = '\0';
			if (n > 0) {
				unsigned b = grader_stride_parse(item);
				enum grader_severity v = grader_severity_parse(item);

				if (strncasecmp(item, "severity ", 9) == 0)
					v = grader_severity_parse(skip_blank(item + 9));
				if (b == 0 && v == GRADER_SEV_NONE)
					return 0;
				st |= b;
				if (v != GRADER_SEV_NONE)
					sv = v;
				items++;
			}
			n = 0;
			continue;
		}
		if (n == 0 && ch == ' ')
			continue;
		if (n + 1 >= sizeof(item))
			return 0;
		item[n++] = ch == ':' ? ' ' : ch;
	}
	if (items == 0)
		return 0;
	*stride |= st;
	if (sv != GRADER_SEV_NONE)
		*sev = sv;
	return 1;
}

/* Where a leading label group like "Spoofing:", "S - " or "Denial-of-service --"
 * ends: the first colon, or a dash with a blank or another dash beside it,
 * within the first 40 bytes; NULL when there is none. The hyphens inside a
 * name ("denial-of-service") are not an end. */
static char *label_end(char *p)
{
	if (p[0] == '\0')
		return NULL;
	for (size_t i = 1; i < 40 && p[i] != '\0'; i++) {
		if (p[i] == ':')
			return p + i;
		if (p[i] == '-' && (p[i + 1] == ' ' || p[i + 1] == '-' || p[i - 1] == ' '))
			return p + i;
	}
	return NULL;
}

/* Recognises a leading "[S]", "(Tampering)", "Spoofing:", "S -" label group and a
 * trailing "(high)" or "[severity: high]"; removes them from the text. */
static char *take_labels(char *p, unsigned *stride, enum grader_severity *sev)
{
	for (int round = 0; round < 3; round++) {
		char *close = NULL;

		p = skip_blank(p);
		if (p[0] == '[' || p[0] == '(') {
			close = strchr(p, p[0] == '[' ? ']' : ')');
			if (close != NULL && parse_labels(p + 1, (size_t)(close - p - 1), stride, sev)) {
				p = close + 1;
				while (*p == ':' || *p == ' ' || *p == '-' || *p == '\t')
					p++;
				continue;
			}
		}
		close = label_end(p);
		if (close != NULL) {
			size_t n = (size_t)(close - p);

			while (n > 0 && p[n - 1] == ' ')
				n--;
			if (n > 0 && parse_labels(p, n, stride, sev)) {
				p = close + 1;
				while (*p == ':' || *p == ' ' || *p == '-' || *p == '\t')
					p++;
				continue;
			}
		}
		break;
	}
	trim_end(p);
	{
		size_t n = strlen(p);

		if (n > 2 && (p[n - 1] == ')' || p[n - 1] == ']')) {
			char *open = strrchr(p, p[n - 1] == ')' ? '(' : '[');

			if (open != NULL && open > p &&
			    parse_labels(open + 1, (size_t)(p + n - 1 - open - 1), stride, sev)) {
				*open = '\0';
				trim_end(p);
			}
		}
	}
	return p;
}

/* True when the line holds no letter or digit at all (rules, separators). */
static int no_words(const char *p)
{
	for (; *p != '\0'; p++)
		if (isalnum((unsigned char)*p) || ((unsigned char)*p & 0x80))
			return 0;
	return 1;
}

/* A Markdown heading: one to six '#' then a blank or the end of the line
 * ("#1 ..." is a rank, not a heading). */
static bool is_heading(const char *p)
{
	size_t n = strspn(p, "#");
	return n >= 1 && n <= 6 && (p[n] == ' ' || p[n] == '\t' || p[n] == '\0');
}

/* Whether p opens or closes a fenced code block. */
static bool is_fence(const char *p)
{
	return strncmp(p, "```", 3) == 0;
}

/* Words a line ending in a colon may have and still only introduce what follows. */
#define HEAD_WORDS 3

/* Words of s (runs of non-blank bytes). */
static size_t count_words(const char *s)
{
	size_t n = 0;

	for (bool in = false; *s != '\0'; s++) {
		bool blank = *s == ' ' || *s == '\t';

		n += !blank && !in;
		in = !blank;
	}
	return n;
}

/* Whether p (markers and labels taken) only introduces what follows: a
 * line of at most HEAD_WORDS words ending in a colon, bold or not ("In
 * scope:", "Login:", "**Open questions:**"), as a template's or a design
 * document's sections do. */
static bool is_lead_in(const char *p)
{
	size_t len = strlen(p);

	while (len > 0 && (p[len - 1] == '*' || p[len - 1] == '_'))
		len--;
	return len > 0 && p[len - 1] == ':' && count_words(p) <= HEAD_WORDS;
}

/* ==== Sections ================================================================
 * A list grouped under STRIDE or severity names ("## Spoofing", "Tampering:",
 * "**High**", "- Elevation of privilege" over indented items) labels the lines
 * under each name, as a label on each line would; a line's own label wins. The
 * open sections are a stack, innermost last: a heading's lasts until the next
 * heading of its level or above; a label line's, until the next label line at
 * its indentation, or a line indented less; an item's, while the lines are
 * indented deeper than it. Any other heading, a line in bold only or a line
 * ending in a colon ("Top three:", "Mitigations:") ends them all: a label
 * that reaches past its group would change what a line earns, a missing one
 * only goes unreported. */

/* What opened a section: a heading of level 1 to 6, or these. */
enum { LEVEL_LINE = 7, LEVEL_ITEM = 8 };

/* Sections open at once at most; a deeper one is not opened. */
#define SECTION_DEPTH 8

struct section_entry {
	int level;
	size_t indent;
	unsigned stride;
	enum grader_severity sev;
};

struct section {
	struct section_entry at[SECTION_DEPTH];
	size_t n;
};

/* Ends the sections a line indented by indent is outside of: items at that
 * indentation or less, label lines indented deeper. */
static void section_dedent(struct section *s, size_t indent)
{
	while (s->n > 0) {
		const struct section_entry *e = &s->at[s->n - 1];
		bool out = e->level == LEVEL_ITEM ? indent <= e->indent
			   : e->level == LEVEL_LINE && indent < e->indent;

		if (!out)
			break;
		s->n--;
	}
}

/* Opens a section at level (and indent) with the labels a line names, after
 * ending the sections it replaces: for a heading, those of its level or
 * deeper; for a label line, label lines and items at its indentation or
 * deeper. */
static void section_open(struct section *s, int level, size_t indent, unsigned stride,
			 enum grader_severity sev)
{
	while (s->n > 0) {
		const struct section_entry *e = &s->at[s->n - 1];
		bool replaced = level <= 6 ? e->level >= level
				: e->level >= level && e->indent >= indent;

		if (!replaced)
			break;
		s->n--;
	}
	if (s->n == SECTION_DEPTH)
		return;
	s->at[s->n].level = level;
	s->at[s->n].indent = indent;
	s->at[s->n].stride = stride;
	s->at[s->n].sev = sev;
	s->n++;
}

/* The labels the open sections give a line: the innermost STRIDE names and
 * the innermost severity. */
static void section_labels_now(const struct section *s, unsigned *stride,
			       enum grader_severity *sev)
{
	*stride = 0;
	*sev = GRADER_SEV_NONE;
	for (size_t i = s->n; i > 0; i--) {
		if (*stride == 0)
			*stride = s->at[i - 1].stride;
		if (*sev == GRADER_SEV_NONE)
			*sev = s->at[i - 1].sev;
	}
}

/* Longest line worth reading as a section's labels ("Information disclosure
 * threats (high):" fits). */
#define SECTION_MAX 64

/* Removes Markdown emphasis around p's text and a trailing colon; *marked
 * says there was either. */
static char *strip_emphasis(char *p, bool *marked)
{
	size_t n;

	*marked = false;
	while (*p == '*' || *p == '_') {
		p++;
		*marked = true;
	}
	n = strlen(p);
	while (n > 0 && (p[n - 1] == '*' || p[n - 1] == '_' || p[n - 1] == ':' ||
			 p[n - 1] == ' ' || p[n - 1] == '\t')) {
		*marked |= p[n - 1] != ' ' && p[n - 1] != '\t';
		p[--n] = '\0';
	}
	return skip_blank(p);
}

/* Removes a trailing word that only says what the section holds ("Spoofing
 * threats", "High severity", "Critical risks"). */
static void strip_section_word(char *p)
{
	static const char *const words[] = {
		"threats", "threat", "risks", "risk", "issues", "attacks", "severity",
		"priority", NULL,
	};
	size_t n = strlen(p);

	for (size_t i = 0; words[i] != NULL; i++) {
		size_t w = strlen(words[i]);

		if (n > w + 1 && p[n - w - 1] == ' ' && strcasecmp(p + n - w, words[i]) == 0) {
			p[n - w - 1] = '\0';
			trim_end(p);
			return;
		}
	}
}

/* Rewrites, in place and at the same length, the joins a heading may put
 * between names into the ones the label parser reads: " and " between two
 * names ("Spoofing and tampering") becomes a comma, and an en or em dash ("S
 * \u2014 Spoofing") a hyphen between blanks. */
static void spell_out_joins(char *p)
{
	for (char *q = p; *q != '\0'; q++) {
		if (q > p && q[-1] == ' ' && strncasecmp(q, "and ", 4) == 0)
			memcpy(q, ",  ", 3);
		else if ((unsigned char)q[0] == 0xE2 && (unsigned char)q[1] == 0x80 &&
			 ((unsigned char)q[2] == 0x93 || (unsigned char)q[2] == 0x94))
			memcpy(q, " - ", 3);
	}
}

/* How a line that names only labels is written. */
struct label_line {
	unsigned stride;
	enum grader_severity sev;
	bool item;     /* after a list marker */
	bool marked;   /* in bold or before a colon: it heads what follows */
};

/* Whether text (a line after its heading marks or indentation) is only the
 * labels of a section: STRIDE or severity names, numbered, bold, before a
 * colon or "threats" or not ("Spoofing", "**Tampering:**", "1. Denial of
 * service", "S - Spoofing", "High severity"). Fills *l. */
static bool section_labels(const char *text, struct label_line *l)
{
	char copy[SECTION_MAX + 1];
	size_t len = strlen(text);
	unsigned *stride = &l->stride;
	enum grader_severity *sev = &l->sev;
	char *p, *rest;

	*stride = 0;
	*sev = GRADER_SEV_NONE;
	if (len == 0 || len > SECTION_MAX)
		return false;
	memcpy(copy, text, len + 1);
	spell_out_joins(copy);
	l->item = list_marker_len(copy) > 0;
	p = strip_emphasis(strip_markers(copy), &l->marked);
	strip_section_word(p);
	rest = take_labels(p, stride, sev);
	if (*rest == '\0')
		return *stride != 0 || *sev != GRADER_SEV_NONE;
	return parse_labels(rest, strlen(rest), stride, sev) != 0;
}

/* Adds one threat: text (cleaned, without indentation) with its list markers
 * and labels read; stride and sev are labels read already (a table's cells).
 * A kind of label the line has none of is its section's (sec). Text that is
 * nothing but markers and labels adds nothing. cut says the text was cut at
 * GRADER_MAX_LINE. Returns GRADER_OK, GRADER_ELIMIT or GRADER_ENOMEM. */
static int add_threat(struct grader_submission *sub, char *text, int line_no, int cut,
		      unsigned stride, enum grader_severity sev, const struct section *sec)
{
	char *p = strip_markers(text);
	int rc;

	p = take_labels(p, &stride, &sev);
	if (*p == '\0' || no_words(p) || is_lead_in(p))
		return GRADER_OK;
	if (stride == 0 || sev == GRADER_SEV_NONE) {
		unsigned sec_stride;
		enum grader_severity sec_sev;

		section_labels_now(sec, &sec_stride, &sec_sev);
		if (stride == 0)
			stride = sec_stride;
		if (sev == GRADER_SEV_NONE)
			sev = sec_sev;
	}
	rc = grader_submission_add(sub, line_no, p, stride, sev);
	if (rc == GRADER_OK && cut)
		sub->truncated++;
	return rc;
}

/* Whether list item p says something besides its marker and labels: an item
 * such as "- Spoofing:" heads the lines under it, it is not one threat with
 * them. */
static bool item_has_text(const char *p)
{
	unsigned stride = 0;
	enum grader_severity sev = GRADER_SEV_NONE;
	char *copy = strdup(p);
	char *rest;
	bool text;

	if (copy == NULL)
		return false;
	rest = take_labels(strip_markers(copy), &stride, &sev);
	text = *rest != '\0' && !no_words(rest);
	free(copy);
	return text;
}

/* ==== Tables ==================================================================
 * A Markdown table is read row by row: the row before the |---| separator is
 * its header and no threat; each other row is one threat, read from its
 * threat cell, with the labels of its label cells. */

/* What a column holds, by its header: the threat (title), its description,
 * labels or ranks (other), or values that are no labels of the learner's
 * ("high" under "Likelihood" is no severity). */
enum column { COL_OTHER, COL_TITLE, COL_DESC, COL_IGNORE };

#define MAX_COLUMNS 32

struct table {
	enum column col[MAX_COLUMNS];
	size_t n;       /* columns named by the header; 0 when there is none */
	bool open;      /* a header and separator were read: lines with '|' are rows */
};

/* columns that say something else than the threat: never its text */
static const char *const ignore_words[] = {
	"likelihood", "probability", "effort", "owner", "status", "cost", "mitigation",
	"mitigations", "countermeasure", "countermeasures", "control", "controls", "fix",
	"fixes", "remediation", "recommendation", "recommendations", "action", "actions",
	"response", "notes", "note", "comment", "comments", NULL,
};
static const char *const other_words[] = {
	"id", "no", "nr", "number", "rank", "ranking", "category", "categories", "type",
	"stride", "severity", "level", "rating", "score", "priority", "impact", NULL,
};
static const char *const desc_words[] = {
	"description", "details", "detail", "summary", "explanation", NULL,
};
static const char *const title_words[] = {
	"threat", "threats", "title", "risk", "risks", "issue", "issues", "finding",
	"findings", "attack", "attacks", "name", "scenario", NULL,
};

/* Whether text holds one of words (NULL-terminated, lowercase) as a whole word,
 * in any case. */
static bool has_word(const char *text, const char *const *words)
{
	const char *p = text;

	while (*p != '\0') {
		char word[24];
		size_t n = 0;

		while (*p != '\0' && !isalpha((unsigned char)*p))
			p++;
		while (isalpha((unsigned char)*p)) {
			if (n + 1 < sizeof(word))
				word[n++] = (char)tolower((unsigned char)*p);
			p++;
		}
		word[n] = '\0';
		for (size_t k = 0; n > 0 && words[k] != NULL; k++)
			if (strcmp(word, words[k]) == 0)
				return true;
	}
	return false;
}

static enum column column_kind(const char *header)
{
	if (has_word(header, ignore_words))
		return COL_IGNORE;
	if (has_word(header, other_words))
		return COL_OTHER;
	if (has_word(header, desc_words))
		return COL_DESC;
	return has_word(header, title_words) ? COL_TITLE : COL_OTHER;
}

/* A table's separator line: pipes, dashes, colons and blanks, with at least
 * one pipe and one dash ("|---|:--:|"; "---" alone is a rule, not a table). */
static bool is_separator(const char *p)
{
	return strchr(p, '|') != NULL && strchr(p, '-') != NULL &&
	       p[strspn(p, "|-: \t")] == '\0';
}

/* Turns each "\|" of cell c into "|", in place. */
static void unescape_pipes(char *c)
{
	char *out = c;

	for (; *c != '\0'; c++)
		if (!(c[0] == '\\' && c[1] == '|'))
			*out++ = *c;
	*out = '\0';
}

/* Splits row p (cleaned, blanks trimmed) into at most max cells at its pipes
 * (not at an escaped "\|"), in place; a leading and a trailing pipe open and
 * close the row. Each cell is trimmed. Returns the number of cells. */
static size_t split_cells(char *p, char **cells, size_t max)
{
	size_t n = 0;

	if (*p == '|')
		p++;
	while (*p != '\0' && n < max) {
		char *end = p;
		bool last;

		while (*end != '\0' && (*end != '|' || (end > p && end[-1] == '\\')))
			end++;
		last = *end == '\0';
		*end = '\0';
		cells[n] = skip_blank(p);
		trim_end(cells[n]);
		unescape_pipes(cells[n]);
		n++;
		if (last)
			break;
		p = end + 1;
	}
	return n;
}

/* Reads the kinds of a table's columns from its header row. */
static void read_header(struct table *t, char *row)
{
	char *cells[MAX_COLUMNS];

	t->n = split_cells(row, cells, MAX_COLUMNS);
	for (size_t i = 0; i < t->n; i++)
		t->col[i] = column_kind(cells[i]);
}

/* A rank: "1", "#2", "3.", "4)". */
static bool is_rank(const char *c)
{
	if (*c == '#')
		c++;
	if (!isdigit((unsigned char)*c))
		return false;
	c += strspn(c, "0123456789");
	if (*c == '.' || *c == ')')
		c++;
	return *c == '\0';
}

/* Whether cell c is nothing but STRIDE and severity labels ("S", "high",
 * "Spoofing / Tampering"); if so they are added to *stride and *sev. */
static bool cell_labels(const char *c, unsigned *stride, enum grader_severity *sev)
{
	return parse_labels(c, strlen(c), stride, sev);
}

static bool is_text_cell(const char *c)
{
	unsigned stride = 0;
	enum grader_severity sev = GRADER_SEV_NONE;

	return *c != '\0' && !no_words(c) && !is_rank(c) && !cell_labels(c, &stride, &sev);
}


/* Whether cell c has words, under a header that names it the threat's text:
 * there "Denial of service" is the learner's threat, not a label. */
static bool has_cell_words(const char *c)
{
	return *c != '\0' && !no_words(c) && !is_rank(c);
}

/* The cells of a row that say the threat: *title is the first cell with words
 * under a header naming the threat or its title, *desc the first under one
 * naming its description; without either, *title is the widest text cell
 * (not labels) outside the columns that say something else. */
static void threat_cells(char **cells, size_t n, const struct table *t, char **title,
			 char **desc)
{
	*title = NULL;
	*desc = NULL;
	for (size_t i = 0; i < n && i < t->n; i++) {
		if (!has_cell_words(cells[i]))
			continue;
		if (t->col[i] == COL_TITLE && *title == NULL)
			*title = cells[i];
		else if (t->col[i] == COL_DESC && *desc == NULL)
			*desc = cells[i];
	}
	if (*title == NULL) {
		*title = *desc;
		*desc = NULL;
	}
	if (*title != NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		bool ignored = i < t->n && t->col[i] == COL_IGNORE;

		if (!ignored && is_text_cell(cells[i]) &&
		    (*title == NULL || strlen(cells[i]) > strlen(*title)))
			*title = cells[i];
	}
}

/* Adds table row (cleaned, blanks trimmed; it is split in place) as one threat:
 * the text of its threat cell, followed by its description cell's as in a
 * YAML submission ("title. description"), with the STRIDE and severity labels
 * of its other cells. Rank numbers are dropped. A row with no text cell adds
 * nothing. Returns as add_threat(). */
static int add_row(struct grader_submission *sub, char *row, int line_no, int cut,
		   const struct table *t, const struct section *sec)
{
	char *cells[MAX_COLUMNS];
	size_t n = split_cells(row, cells, MAX_COLUMNS);
	char *title, *desc, *text;
	unsigned stride = 0;
	enum grader_severity sev = GRADER_SEV_NONE;
	size_t tl;
	int rc;

	threat_cells(cells, n, t, &title, &desc);
	if (title == NULL)
		return GRADER_OK;
	for (size_t i = 0; i < n; i++) {
		bool ignored = i < t->n && t->col[i] == COL_IGNORE;

		if (cells[i] != title && cells[i] != desc && !ignored)
			cell_labels(cells[i], &stride, &sev);
	}
	tl = strlen(title);
	text = malloc(tl + (desc != NULL ? strlen(desc) + 3 : 1));
	if (text == NULL)
		return GRADER_ENOMEM;
	memcpy(text, title, tl + 1);
	if (desc != NULL) {
		if (strchr(".!?", title[tl - 1]) == NULL)
			strcat(text, ".");
		strcat(text, " ");
		strcat(text, desc);
	}
	rc = add_threat(sub, text, line_no, cut, stride, sev, sec);
	free(text);
	return rc;
}

/* ==== Reading lines ============================================================
 * A line is added once the next one is read: an indented line under a list
 * item continues the item (a wrapped line), and a table row followed by the
 * |---| separator is the table's header. */

struct reader {
	struct grader_submission *sub;
	char *pending;        /* the last threat line read, not added yet; NULL: none */
	int pending_no;       /* its line number */
	int pending_cut;      /* it was cut at GRADER_MAX_LINE */
	bool pending_item;    /* a list item with text: indented lines continue it */
	size_t pending_last;  /* where its last physical line starts in pending */
	bool pending_row;     /* a table row */
	size_t pending_indent; /* its indentation */
	bool pending_gap;     /* a blank line followed it (a list item of labels only) */
	bool in_fence;        /* inside a fenced code block: no headings, no sections */
	struct table table;
	struct section section;
	int result;           /* GRADER_ELIMIT once a line was dropped */
};

/* Adds the pending line, if any. Returns GRADER_OK or GRADER_ENOMEM. */
static int flush(struct reader *r)
{
	int rc = GRADER_OK;

	if (r->pending == NULL)
		return GRADER_OK;
	if (r->pending_row)
		rc = add_row(r->sub, r->pending, r->pending_no, r->pending_cut, &r->table,
			     &r->section);
	else
		rc = add_threat(r->sub, r->pending, r->pending_no, r->pending_cut, 0,
				GRADER_SEV_NONE, &r->section);
	free(r->pending);
	r->pending = NULL;
	if (rc == GRADER_ELIMIT)
		r->result = GRADER_ELIMIT;
	return rc == GRADER_ENOMEM ? rc : GRADER_OK;
}

/* Appends continuation line p to the pending item, joined with a space and
 * cut at GRADER_MAX_LINE (at a character boundary); pending_last then marks
 * where p starts. */
static int append(struct reader *r, const char *p)
{
	size_t have = strlen(r->pending), add = strlen(p);
	char *joined;

	if (have + 1 + add > GRADER_MAX_LINE) {
		r->pending_cut = 1;
		add = have + 1 < GRADER_MAX_LINE ? GRADER_MAX_LINE - have - 1 : 0;
		while (add > 0 && ((unsigned char)p[add] & 0xC0) == 0x80)
			add--;
		if (add == 0)
			return GRADER_OK;
	}
	joined = realloc(r->pending, have + 1 + add + 1);
	if (joined == NULL)
		return GRADER_ENOMEM;
	joined[have] = ' ';
	memcpy(joined + have + 1, p, add);
	joined[have + 1 + add] = '\0';
	r->pending = joined;
	r->pending_last = have + 1;
	return GRADER_OK;
}

/* Bytes of text a list item's line holds at least when an editor wrapped it. */
#define WRAP_MIN 40

/* Whether w[0..n) is one of words (sorted or not; lower case). */
static bool word_in(const char *w, size_t n, const char *const *words, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (strlen(words[i]) == n && memcmp(words[i], w, n) == 0)
			return true;
	return false;
}

/* Words a phrase cannot end on, written in lower case: a line ending in one
 * goes on below ("refunds of any" / "amount to any card", "events are" /
 * "accepted by billing"). An upper-case "A" or "IT" is a name, not one. */
static bool leaves_open(const char *w, size_t n)
{
	static const char *const words[] = {
		"a", "about", "after", "against", "all", "an", "and", "any", "are", "as", "at",
		"be", "because", "been", "before", "between", "but", "by", "can", "could", "do",
		"does", "each", "every", "for", "from", "has", "have", "if", "in", "into", "is",
		"its", "may", "might", "must", "no", "not", "of", "on", "onto", "or", "over",
		"per", "should", "so", "some", "than", "that", "the", "their", "then", "through",
		"to", "under", "unless", "until", "via", "was", "were", "when", "where", "which",
		"while", "who", "whose", "will", "with", "without", "would",
	};
	return word_in(w, n, words, sizeof(words) / sizeof(words[0]));
}

/* Words that join what follows to what came before, written in lower case: a
 * line starting with one goes on from the line above ("of the billing
 * database", "so anyone can forge it"). Not articles or pronouns: "an attacker
 * replays the webhook", "the cards are stored" start threats of their own. */
static bool joins_on(const char *w, size_t n)
{
	static const char *const words[] = {
		"about", "after", "against", "and", "as", "at", "because", "before", "between",
		"but", "by", "for", "from", "if", "in", "into", "nor", "of", "on", "onto", "or",
		"over", "per", "so", "than", "that", "through", "to", "under", "unless", "until",
		"via", "when", "where", "which", "while", "who", "whose", "with", "without",
	};
	return word_in(w, n, words, sizeof(words) / sizeof(words[0]));
}

/* Bytes of the first word of p (up to a blank). */
static size_t first_word_len(const char *p)
{
	size_t n = 0;

	while (p[n] != '\0' && p[n] != ' ' && p[n] != '\t')
		n++;
	return n;
}

/* Whether line (len bytes, no trailing blanks) ends in a word that leaves a
 * phrase open. */
static bool ends_open(const char *line, size_t len)
{
	size_t start = len;

	while (start > 0 && line[start - 1] != ' ' && line[start - 1] != '\t')
		start--;
	return leaves_open(line + start, len - start);
}

/*
 * Whether the indented line p continues the pending item as an editor or a
 * learner wrapped it. The item's last physical line must end no sentence and
 * introduce nothing (. ! ? : ;); then any of: it ends in a comma or in a word
 * that leaves a phrase open ("refunds of any"); p starts with a word that
 * joins it on ("so anyone can forge it"); the line is long (WRAP_MIN bytes of
 * text past its marker: an editor's or a learner's wrap) and p goes on in
 * lower case; or the item was wrapped already and p goes on in lower case.
 * Otherwise the item heads the lines under it, each a threat of its own: "1.
 * Invoice feature", "1. Threats in the payment flow" over "an attacker
 * replays the webhook", "1. Zone A", "2. Login:".
 */
static bool item_wraps(const struct reader *r, const char *p)
{
	const char *last = r->pending + r->pending_last;
	size_t marker = list_marker_len(r->pending), len = strlen(last);
	size_t text = r->pending_last == 0 ? len - (marker < len ? marker : len) : len;
	bool lower = *p >= 'a' && *p <= 'z';

	if (len == 0 || strchr(".!?:;", last[len - 1]) != NULL)
		return false;
	return last[len - 1] == ',' || ends_open(last, len) ||
	       (lower && joins_on(p, first_word_len(p))) ||
	       (lower && (text >= WRAP_MIN || r->pending_last > 0));
}

/* Whether p (an indented line) can continue a list item: it has words and no
 * marker of its own, and is no heading, fence or table row. */
static bool continues_item(char *p)
{
	return *p != '\0' && !no_words(p) && !is_heading(p) && !is_fence(p) && p[0] != '|' &&
	       strip_markers(p) == p;
}

/* Whether p (a line's text, no label line) closes every open section: a line
 * in bold only ("**Top three**") or one ending in a colon ("Mitigations:",
 * "My top three threats are:"), which starts something new. */
static bool ends_sections(const char *p)
{
	size_t n = strlen(p);

	while (n > 0 && (p[n - 1] == '*' || p[n - 1] == '_'))
		n--;
	if (n > 0 && p[n - 1] == ':')
		return true;
	return n >= 2 && n + 2 <= strlen(p) &&
	       ((p[0] == '*' && p[1] == '*') || (p[0] == '_' && p[1] == '_'));
}

/* Reads line p (no table row; indent: its indentation) for the sections it
 * opens or ends. Returns true when p only heads a section or is a heading:
 * no threat. A list item that only names labels heads a section when lines
 * indented under it follow (pending_heads); alone ("- DoS") it is a terse
 * threat, as a bare name on a line of its own ("DoS") is. */
static bool read_section(struct section *s, const char *p, size_t indent)
{
	struct label_line l;

	section_dedent(s, indent);
	if (is_heading(p)) {
		int level = (int)strspn(p, "#");

		if (section_labels(p + level, &l))
			section_open(s, level, 0, l.stride, l.sev);
		else
			s->n = 0;
		return true;
	}
	if (section_labels(p, &l) && l.marked && !l.item) {
		section_open(s, LEVEL_LINE, indent, l.stride, l.sev);
		return true;
	}
	if (ends_sections(strip_markers((char *)p)))
		s->n = 0;
	return false;
}

/* Whether the pending line is a list item that only names labels ("-
 * Spoofing", "- **Tampering:**") and p, indented by indent, sits under it:
 * the item then heads a section. */
static bool pending_heads(const struct reader *r, const char *p, size_t indent,
			  struct label_line *l)
{
	return r->pending != NULL && !r->pending_row && *p != '\0' &&
	       indent > r->pending_indent && section_labels(r->pending, l) && l->item;
}

/* Whether the pending line is a list item that only names labels: a blank
 * line does not end it yet, as a loose list may put one between a group's
 * name and its items. */
static bool pending_label_item(const struct reader *r)
{
	struct label_line l;

	return r->pending != NULL && !r->pending_row && section_labels(r->pending, &l) &&
	       l.item;
}

/* Reads one line (cleaned, taken over; cut: it was cut at GRADER_MAX_LINE).
 * Returns GRADER_OK or GRADER_ENOMEM. */
static int read_line(struct reader *r, char *line, int cut, int line_no)
{
	char *p = skip_blank(line);
	size_t indent = (size_t)(p - line);
	bool indented = indent > 0, row;
	struct label_line heads;
	int rc = GRADER_OK;

	trim_end(p);
	if (is_separator(p)) {
		if (r->pending != NULL && strchr(r->pending, '|') != NULL) {
			/* the row before the separator names the columns: no threat */
			read_header(&r->table, r->pending);
			r->table.open = true;
			free(r->pending);
			r->pending = NULL;
		}
		free(line);
		return GRADER_OK;
	}
	if (r->pending != NULL && r->pending_item && !r->pending_gap && indented &&
	    continues_item(p) && item_wraps(r, p)) {
		rc = append(r, p);
		r->pending_cut |= cut;
		free(line);
		return rc;
	}
	if (*p == '\0' && pending_label_item(r)) {
		r->pending_gap = true;
		free(line);
		return GRADER_OK;
	}
	if (pending_heads(r, p, indent, &heads)) {
		section_open(&r->section, LEVEL_ITEM, r->pending_indent, heads.stride, heads.sev);
		free(r->pending);
		r->pending = NULL;
	}
	rc = flush(r);
	row = p[0] == '|' || (r->table.open && strchr(p, '|') != NULL);
	if (!row)
		memset(&r->table, 0, sizeof(r->table));
	if (rc != GRADER_OK || *p == '\0') {
		free(line);
		return rc;
	}
	if (is_fence(p)) {
		r->in_fence = !r->in_fence;
		free(line);
		return GRADER_OK;
	}
	if (row)
		section_dedent(&r->section, indent);
	if (r->in_fence ? is_heading(p) : !row && read_section(&r->section, p, indent)) {
		free(line);
		return GRADER_OK;
	}
	if (no_words(p)) {
		free(line);
		return GRADER_OK;
	}
	r->pending_indent = indent;
	r->pending_gap = false;
	memmove(line, p, strlen(p) + 1);
	r->pending = line;
	r->pending_no = line_no;
	r->pending_cut = cut;
	r->pending_row = row;
	r->pending_item = !row && list_marker_len(line) > 0 && item_has_text(line);
	r->pending_last = 0;
	return GRADER_OK;
}

/* Whether lone CRs end the lines of buf: old Mac files, where they outnumber
 * LFs (a last line may still end in LF). A stray CR among LF lines is not a
 * line end, so line numbers stay those of the file (it is read as a space). */
static bool cr_ends_lines(const char *buf, size_t len)
{
	size_t cr = 0, lf = 0;

	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\n')
			lf++;
		else if (buf[i] == '\r' && (i + 1 == len || buf[i + 1] != '\n'))
			cr++;
	}
	return cr > lf;
}

/* The end of the line that starts at start, and in *next where the line after
 * it starts: lines end with LF or CR LF, and with a lone CR when cr_ends. */
static size_t line_end(const char *buf, size_t start, size_t len, bool cr_ends, size_t *next)
{
	size_t i = start;

	for (; i < len && buf[i] != '\n'; i++) {
		bool crlf = buf[i] == '\r' && i + 1 < len && buf[i + 1] == '\n';

		if (crlf || (buf[i] == '\r' && cr_ends))
			break;
	}
	*next = i + 1;
	if (i + 1 < len && buf[i] == '\r' && buf[i + 1] == '\n')
		*next = i + 2;
	return i;
}

int grader_submission_parse_text(struct grader_submission *sub, const char *buf, size_t len)
{
	struct reader r;
	size_t start = 0;
	int line_no = 1;
	bool cr_ends;

	if (sub == NULL || (buf == NULL && len > 0))
		return GRADER_EINVALID;
	memset(&r, 0, sizeof(r));
	r.sub = sub;
	r.result = GRADER_OK;
	/* a UTF-8 byte order mark is not text */
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		start = 3;
	cr_ends = cr_ends_lines(buf, len);
	while (start < len) {
		size_t next, end = line_end(buf, start, len, cr_ends, &next);
		int cut = 0;
		char *line = clean_line(buf + start, end - start, GRADER_MAX_LINE, &cut);

		if (line == NULL || read_line(&r, line, cut, line_no) == GRADER_ENOMEM) {
			free(r.pending);
			return GRADER_ENOMEM;
		}
		line_no++;
		start = next;
	}
	if (flush(&r) == GRADER_ENOMEM)
		return GRADER_ENOMEM;
	return r.result;
}
