/*
 * gradebook.c: the trainer's gradebook in the progress store's file. Grading a
 * class stores one row per submission keyed by (cohort, exercise, name), so a
 * re-run replaces instead of duplicating; the found threats and the top three
 * are replaced in the same transaction.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gradebook_internal.h"
#include "store_internal.h"
#include "textchars.h"

/* ==== Connection and errors ===================================================== */

int gb_error(struct tm_gradebook *g, int rc, const char *what, struct tm_diags *diags)
{
	return tm_store_db_error(g->path, g->db, rc, what, diags);
}

int gb_prepare(struct tm_gradebook *g, const char *sql, sqlite3_stmt **st, const char *what,
	       struct tm_diags *diags)
{
	int rc = sqlite3_prepare_v2(g->db, sql, -1, st, NULL);
	if (rc != SQLITE_OK) {
		*st = NULL;
		return gb_error(g, rc, what, diags);
	}
	return TM_OK;
}

static int exec_sql(struct tm_gradebook *g, const char *sql, const char *what,
		    struct tm_diags *diags)
{
	int rc = sqlite3_exec(g->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? TM_OK : gb_error(g, rc, what, diags);
}

static void rollback(struct tm_gradebook *g)
{
	if (!sqlite3_get_autocommit(g->db))
		sqlite3_exec(g->db, "ROLLBACK", NULL, NULL, NULL);
}

int gb_write_begin(struct tm_gradebook *g, const char *what, struct tm_diags *diags)
{
	if (g->batch)
		return TM_OK;
	return exec_sql(g, "BEGIN IMMEDIATE", what, diags);
}

int gb_write_end(struct tm_gradebook *g, int status, const char *what,
		 struct tm_diags *diags)
{
	if (g->batch)
		return status;
	if (status == TM_OK)
		status = exec_sql(g, "COMMIT", what, diags);
	if (status != TM_OK)
		rollback(g);
	return status;
}

const char *gb_column_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t != NULL ? (const char *)t : "";
}

char *gb_strdup(const char *s)
{
	return strdup(s != NULL ? s : "");
}

int tm_gradebook_open(struct tm_store *s, struct tm_gradebook **out, struct tm_diags *diags)
{
	struct tm_gradebook *g = calloc(1, sizeof(*g));
	int status = TM_OK;
	*out = NULL;
	if (g != NULL)
		g->path = strdup(tm_store_path(s));
	if (g == NULL || g->path == NULL) {
		status = tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
		goto cleanup;
	}
	if (tm_store_schema_version(s) < 2) {
		status = tm_diags_add(diags, TM_EDB, g->path, 0, 0,
				      "the progress database has no gradebook (schema %d)",
				      tm_store_schema_version(s));
		goto cleanup;
	}
	g->db = tm_store_db(s);   /* one connection per process: the store's */
cleanup:
	if (status != TM_OK) {
		tm_gradebook_close(g);
		return status;
	}
	*out = g;
	return TM_OK;
}

void tm_gradebook_close(struct tm_gradebook *g)
{
	if (g == NULL)
		return;
	if (g->batch)
		rollback(g);
	free(g->path);
	free(g);
}

int tm_gradebook_begin(struct tm_gradebook *g, struct tm_diags *diags)
{
	if (g->batch)
		return tm_diags_add(diags, TM_EUSAGE, NULL, 0, 0, "a gradebook batch is already open");
	int status = exec_sql(g, "BEGIN IMMEDIATE", "start a batch", diags);
	g->batch = status == TM_OK;
	return status;
}

int tm_gradebook_commit(struct tm_gradebook *g, struct tm_diags *diags)
{
	if (!g->batch)
		return tm_diags_add(diags, TM_EUSAGE, NULL, 0, 0, "no gradebook batch is open");
	g->batch = false;
	int status = exec_sql(g, "COMMIT", "save the batch", diags);
	if (status != TM_OK)
		rollback(g);
	return status;
}

void tm_gradebook_rollback(struct tm_gradebook *g)
{
	g->batch = false;
	rollback(g);
}

/* ==== Submissions: hashing, binary check, top three ================================ */

void gb_fnv_add(unsigned long long *h, const void *buf, size_t len)
{
	const unsigned char *p = buf;
	for (size_t i = 0; i < len; i++) {
		*h ^= p[i];
		*h *= 0x100000001b3ULL;
	}
}

void tm_content_hash(const void *buf, size_t len, char out[17])
{
	unsigned long long h = GB_FNV_START;
	gb_fnv_add(&h, buf, len);
	snprintf(out, 17, "%016llx", h);
}

bool tm_looks_binary(const char *buf, size_t len)
{
	size_t control = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];
		if (c == '\0')
			return true;
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7f)
			control++;
	}
	return control * 20 > len;
}

/* Copies the next word of text[*i..n) (letters and digits, lowercased) into
 * word; other bytes separate words. Returns false when no word is left. */
static bool next_word(const char *text, size_t n, size_t *i, char *word, size_t size)
{
	size_t k = 0;
	while (*i < n && !isalnum((unsigned char)text[*i]))
		(*i)++;
	if (*i >= n)
		return false;
	while (*i < n && isalnum((unsigned char)text[*i])) {
		if (k + 1 < size)
			word[k++] = (char)tolower((unsigned char)text[*i]);
		(*i)++;
	}
	word[k] = '\0';
	return true;
}

/* Words that may follow "top three" in a top-three label: "Top 3 risks",
 * "## Top three (prioritised)", "Top three threats in order of priority". */
static const char *const top_tail[] = {
	"threat", "threats", "risk", "risks", "issue", "issues", "concern", "concerns",
	"finding", "findings", "priority", "priorities", "prioritised", "prioritized",
	"ranked", "ranking", "most", "important", "critical", "severe", "serious", "list",
	"in", "of", "order", "by", "severity", "to", "fix", "first", "overall",
};

static bool is_top_tail(const char *word)
{
	for (size_t k = 0; k < sizeof(top_tail) / sizeof(top_tail[0]); k++)
		if (strcmp(word, top_tail[k]) == 0)
			return true;
	return false;
}

static bool all_digits(const char *w)
{
	if (*w == '\0')
		return false;
	for (; *w != '\0'; w++)
		if (!isdigit((unsigned char)*w))
			return false;
	return true;
}

enum { TOP_NONE, TOP_NEAR, TOP_LABEL };

/* Words that make what comes before "top three" something other than a short
 * lead such as "Step 5:" or "Prioritised": "## Attacks on the top 3 services",
 * "## Threats and top three". */
static const char *const top_lead_stop[] = {
	"to", "on", "of", "for", "against", "in", "at", "from", "with", "by", "into", "about",
	"not", "than", "vs", "versus", "after", "before", "under", "over", "beyond", "outside",
	"without", "and", "or", "but", "beside", "besides", "below", "above", "except",
};

/* A label's lead: at most this many words before "top three" after a section
 * number ("## 5. Prioritization (top 3)", "## Step 5: Top three"). */
#define TOP_MAX_LEAD 3
/* Words of a line looked at: a label is short. */
#define TOP_WORDS 16

static bool in_list(const char *word, const char *const *list, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (strcmp(word, list[k]) == 0)
			return true;
	return false;
}

/* Where "top three" ("top 3", "top-3", "top3") starts among words[0..n), and in
 * *len how many words it takes; -1 when it is not there. */
static long find_top_three(char words[][24], size_t n, size_t *len)
{
	for (size_t k = 0; k < n; k++) {
		if (strcmp(words[k], "top3") == 0) {
			*len = 1;
			return (long)k;
		}
		if (strcmp(words[k], "top") == 0 && k + 1 < n &&
		    (strcmp(words[k + 1], "three") == 0 || strcmp(words[k + 1], "3") == 0)) {
			*len = 2;
			return (long)k;
		}
	}
	return -1;
}

/* What the line text[0..n) is. Its words hold "top three" (or "top 3", "top-3",
 * "top3"), with before it a lead and after it a tail; markup (#, **, list
 * markers, a trailing colon) is not a word. A section number ("## 3. Top
 * three") does not count in the lead; a tail is only words of top_tail
 * ("risks", "(prioritised)").
 * TOP_LABEL: the lead is nothing, "our" or "the", and the tail holds only
 * top_tail words, on any line ("Top three:"); or, on a heading or bold line,
 * the lead is short (at most TOP_MAX_LEAD words, none of top_lead_stop:
 * "## Step 5: Top three", "**Prioritised top three**").
 * TOP_NEAR: looks like a label but is not read as one: a heading or bold line
 * with any other words around "top three" ("## Top three we argued about"),
 * or a plain line ending in ':' with a short lead ("Prioritised top three:").
 * TOP_NONE otherwise. "Top 30 more" and "Stop three-tier sprawl" are TOP_NONE:
 * words are compared whole. */
static int top_label_kind(const char *text, size_t n)
{
	char words[TOP_WORDS][24];
	size_t i = 0, count = 0, len = 0;
	bool more = false;
	while (count < TOP_WORDS && next_word(text, n, &i, words[count], sizeof(words[0])))
		count++;
	if (count == TOP_WORDS) {
		char extra[24];
		more = next_word(text, n, &i, extra, sizeof(extra));
	}
	long at = find_top_three(words, count, &len);
	if (at < 0)
		return TOP_NONE;
	size_t first = count > 0 && all_digits(words[0]) && at > 0 ? 1 : 0;
	size_t lead = (size_t)at - first;
	bool tail = !more;
	for (size_t k = (size_t)at + len; k < count && tail; k++)
		tail = is_top_tail(words[k]);
	bool plain_lead = lead == 0 || (lead == 1 && (strcmp(words[first], "our") == 0 ||
						       strcmp(words[first], "the") == 0));
	if (plain_lead && tail)
		return TOP_LABEL;
	bool short_lead = lead <= TOP_MAX_LEAD;
	size_t stops = sizeof(top_lead_stop) / sizeof(top_lead_stop[0]);
	for (size_t k = first; k < (size_t)at && short_lead; k++)
		short_lead = !in_list(words[k], top_lead_stop, stops);
	size_t s = 0, e = n;
	while (s < n && (text[s] == ' ' || text[s] == '\t'))
		s++;
	while (e > s && (text[e - 1] == ' ' || text[e - 1] == '\t' || text[e - 1] == '\r'))
		e--;
	bool heading = s < e && text[s] == '#';
	bool bold = e - s >= 2 && (memcmp(text + s, "**", 2) == 0 || memcmp(text + s, "__", 2) == 0);
	bool colon = e > s && text[e - 1] == ':';
	if (heading || bold)
		return short_lead && tail ? TOP_LABEL : TOP_NEAR;
	return colon && short_lead ? TOP_NEAR : TOP_NONE;
}

int gb_top_label_line(const char *buf, size_t len, int *near)
{
	int line = 1;
	size_t start = 0;
	if (near != NULL)
		*near = 0;
	if (tm_submission_is_yaml(buf, len))
		return 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && buf[i] != '\n')
			continue;
		int kind = top_label_kind(buf + start, i - start);
		if (kind == TOP_LABEL)
			return line;
		if (kind == TOP_NEAR && near != NULL && *near == 0)
			*near = line;
		line++;
		start = i + 1;
	}
	return 0;
}

/* Where line (1-based) starts in buf and how long it is (without '\n'). */
static void line_span(const char *buf, size_t len, int line, size_t *off, size_t *n)
{
	size_t i = 0;
	for (int l = 1; l < line && i < len; i++)
		if (buf[i] == '\n')
			l++;
	*off = i;
	while (i < len && buf[i] != '\n')
		i++;
	*n = i - *off;
}

char *gb_blank_line(const char *buf, size_t len, int line)
{
	size_t off = 0, n = 0;
	char *copy = malloc(len + 1);
	if (copy == NULL)
		return NULL;
	memcpy(copy, buf, len);
	copy[len] = '\0';
	line_span(buf, len, line, &off, &n);
	memset(copy + off, ' ', n);
	/* an empty heading in its place still ends the STRIDE or severity
	 * sections above it, so the picks under it take none of their labels */
	if (n > 0)
		copy[off] = '#';
	return copy;
}

/* Whether text (n bytes, one line) starts a new section: a Markdown heading,
 * a line in bold only, or a short lead-in ending in ':' ("More threats:"). */
static bool starts_section(const char *text, size_t n)
{
	size_t s = 0, e = n, words = 0;
	while (s < n && (text[s] == ' ' || text[s] == '\t'))
		s++;
	while (e > s && (text[e - 1] == ' ' || text[e - 1] == '\t' || text[e - 1] == '\r'))
		e--;
	if (s == e)
		return false;
	if (text[s] == '#')
		return true;
	if (e - s >= 4 && (memcmp(text + s, "**", 2) == 0 || memcmp(text + s, "__", 2) == 0) &&
	    memcmp(text + e - 2, text + s, 2) == 0)
		return true;
	for (size_t i = s; i < e; i++)
		words += (i == s || text[i - 1] == ' ') && text[i] != ' ';
	return text[e - 1] == ':' && words <= 3;
}

int gb_top_section_end(const char *buf, size_t len, int label)
{
	int line = 1;
	size_t start = 0;
	if (label <= 0)
		return 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && buf[i] != '\n')
			continue;
		if (line > label && starts_section(buf + start, i - start))
			return line;
		line++;
		start = i + 1;
	}
	return 0;
}

size_t tm_top_three(const char *buf, size_t len, const struct grader_submission *sub,
		    size_t idx[3])
{
	int label = gb_top_label_line(buf, len, NULL);
	return gb_top_three(sub, label, gb_top_section_end(buf, len, label), idx);
}

/* Whether submission line i is under the label, before the section's end. */
static bool in_top_section(const struct grader_submission *sub, size_t i, int label, int end)
{
	int no = grader_submission_line_no(sub, i);
	return no > label && (end == 0 || no < end);
}

size_t gb_top_three(const struct grader_submission *sub, int label, int end, size_t idx[3])
{
	size_t n = 0;
	for (size_t i = 0; i < grader_submission_line_count(sub) && n < 3; i++)
		if (in_top_section(sub, i, label, end))
			idx[n++] = i;
	return n;
}

size_t gb_top_given(const struct grader_submission *sub, int label, int end)
{
	size_t n = 0;
	for (size_t i = 0; label > 0 && i < grader_submission_line_count(sub); i++)
		n += in_top_section(sub, i, label, end);
	return n;
}

/* ==== Grading and storing ============================================================== */

int gb_grade_buffer(const struct grader_key *key, const char *name, const char *buf,
		    size_t len, int label, struct grader_memo *memo,
		    struct grader_submission **sub, struct grader_result **res,
		    struct tm_diags *diags)
{
	*sub = NULL;
	*res = NULL;
	/* The top-three label is not a threat: a plain "Top three:" line would be
	 * graded as one. It is blanked in a copy, keeping every line number. */
	char *copy = NULL;
	if (label > 0) {
		copy = gb_blank_line(buf, len, label);
		if (copy == NULL)
			return tm_diags_add(diags, TM_ENOMEM, name, 0, 0, "out of memory");
	}
	/* parsing refuses UTF-16, NUL bytes and other encodings first, with
	 * tmdojo grade's messages and positions; what is left and still mostly
	 * control characters is no text either */
	int status = tm_submission_parse(name, copy != NULL ? copy : buf, len, sub, diags);
	free(copy);
	if (status != TM_OK)
		return status;
	if (tm_looks_binary(buf, len)) {
		grader_submission_free(*sub);
		*sub = NULL;
		return tm_diags_add(diags, TM_EINVALID, name, 0, 0,
				    "binary file, not a text submission");
	}
	struct grader_options opts;
	size_t picks[3];
	grader_options_init(&opts);
	opts.explain = false;
	opts.memo = memo;
	/* the picks under the label restate the list: they earn only threats it
	 * did not (a pick worded as the list's line took that line's threat and
	 * left the line unmatched, or earned a second threat it does not name) */
	if (label > 0) {
		opts.restate = picks;
		opts.n_restate = gb_top_three(*sub, label, gb_top_section_end(buf, len, label),
					      picks);
	}
	*res = grader_grade(key, *sub, &opts);
	if (*res == NULL) {
		grader_submission_free(*sub);
		*sub = NULL;
		return tm_diags_add(diags, TM_ENOMEM, name, 0, 0, "out of memory while grading");
	}
	return TM_OK;
}

/* The key threat a top-three line stands for: the one it earned, else its
 * closest threat when that is above the grading threshold (a line that repeats
 * an earlier, already credited threat). -1 when none. */
static long top_threat(const struct grader_result *res, size_t line)
{
	for (size_t i = 0; i < grader_result_found_count(res); i++)
		if (grader_result_found_line(res, i) == line)
			return (long)grader_result_found_threat(res, i);
	for (size_t i = 0; i < grader_result_unmatched_count(res); i++)
		if (grader_result_unmatched_line(res, i) == line &&
		    grader_result_unmatched_similarity(res, i) >= GRADER_DEFAULT_THRESHOLD)
			return grader_result_unmatched_closest(res, i);
	return -1;
}

/* The closest threat of an unmatched top-three line and its similarity, as
 * grade lists unmatched lines; *closest -1 when it has none. */
static void top_closest(const struct grader_result *res, size_t line, long *closest,
			double *similarity)
{
	*closest = -1;
	for (size_t i = 0; i < grader_result_unmatched_count(res); i++)
		if (grader_result_unmatched_line(res, i) == line) {
			*closest = grader_result_unmatched_closest(res, i);
			*similarity = grader_result_unmatched_similarity(res, i);
		}
}

void tm_question_version(const struct tm_question *q, char out[17])
{
	enum tm_question_type type = tm_question_type(q);
	unsigned long long h = GB_FNV_START;
	out[0] = '\0';
	if (type != TM_Q_SINGLE && type != TM_Q_MULTIPLE)
		return;
	for (size_t i = 0; i < tm_question_choice_count(q); i++) {
		const char *text = tm_question_choice_text(q, i);
		gb_fnv_add(&h, text, strlen(text) + 1);   /* with its NUL: texts never run together */
	}
	snprintf(out, 17, "%016llx", h);
}

void tm_key_hash(const struct grader_key *key, char out[17])
{
	/* FNV-1a over every field that changes a grade or what a report says about a
	 * threat, each followed by a NUL so that fields cannot run together */
	unsigned long long h = GB_FNV_START;
	char num[32];
	/* each string, then a multiplication alone (a NUL's step) */
#define MIX(str)                                          \
	do {                                              \
		const char *s_ = (str);                   \
		gb_fnv_add(&h, s_, strlen(s_));           \
		h *= 0x100000001b3ULL;                    \
	} while (0)
	for (size_t t = 0; t < grader_key_threat_count(key); t++) {
		MIX(grader_threat_id(key, t));
		MIX(grader_threat_title(key, t));
		snprintf(num, sizeof(num), "%d %u", (int)grader_threat_severity(key, t),
			 grader_threat_stride(key, t));
		MIX(num);
		for (size_t j = 0; j < grader_threat_alias_count(key, t); j++)
			MIX(grader_threat_alias(key, t, j));
		MIX("\x01");
		for (size_t j = 0; j < grader_threat_pattern_count(key, t); j++)
			MIX(grader_threat_pattern(key, t, j));
		MIX("\x02");
	}
#undef MIX
	snprintf(out, 17, "%016llx", h);
}

/* Reads the stored row of (cohort, exercise, name) into out (previous,
 * previous_score, key_changed) and sets *changed when the new grade differs
 * from it in content, key version or score. A row stored before key versions
 * were kept has an empty key_hash: its key version is unknown, never taken
 * for a changed key (only its content and score are compared). */
static int read_previous(struct tm_gradebook *g, const char *cohort, const char *exercise,
			 const char *name, const char *hash, const char *key_hash,
			 double score, struct tm_graded *out, struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	const char *what = "store the grade";
	int status = gb_prepare(g, "SELECT hash, key_hash, score FROM gb_submissions WHERE"
				" cohort = ?1 AND exercise = ?2 AND name = ?3", &st, what, diags);
	if (status != TM_OK)
		return status;
	int bound = SQLITE_OK;
	store_bind_text(st, 1, cohort, &bound);
	store_bind_text(st, 2, exercise, &bound);
	store_bind_text(st, 3, name, &bound);
	out->changed = true;
	out->previous = false;
	out->key_changed = false;
	int rc = store_step(st, bound);
	if (rc == SQLITE_ROW) {
		out->previous = true;
		out->previous_score = sqlite3_column_double(st, 2);
		const char *stored = gb_column_text(st, 1);
		out->key_changed = stored[0] != '\0' && strcmp(stored, key_hash) != 0;
		out->changed = strcmp(gb_column_text(st, 0), hash) != 0 || out->key_changed ||
			out->previous_score != score;
	} else if (rc != SQLITE_DONE) {
		status = gb_error(g, rc, what, diags);
	}
	sqlite3_finalize(st);
	return status;
}

/* Upserts the row; sets *id. */
static int upsert_submission(struct tm_gradebook *g, const char *cohort, const char *exercise,
			     const char *name, const struct grader_result *res, size_t lines,
			     long long submitted, const char *hash, const char *key_hash,
			     long long *id, struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	const char *what = "store the grade";
	int status = gb_prepare(g, "INSERT INTO gb_submissions (cohort, exercise, name, score, points,"
			    " max, submitted, graded, hash, lines, key_hash)"
			    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
			    " ON CONFLICT (cohort, exercise, name) DO UPDATE SET"
			    " score = excluded.score, points = excluded.points, max = excluded.max,"
			    " submitted = excluded.submitted, graded = excluded.graded,"
			    " hash = excluded.hash, lines = excluded.lines,"
			    " key_hash = excluded.key_hash", &st, what, diags);
	if (status != TM_OK)
		return status;
	int bound = SQLITE_OK;
	store_bind_text(st, 1, cohort, &bound);
	store_bind_text(st, 2, exercise, &bound);
	store_bind_text(st, 3, name, &bound);
	store_bind_double(st, 4, grader_result_score(res), &bound);
	store_bind_double(st, 5, grader_result_points(res), &bound);
	store_bind_double(st, 6, grader_result_max_points(res), &bound);
	store_bind_int64(st, 7, submitted, &bound);
	store_bind_int64(st, 8, (sqlite3_int64)time(NULL), &bound);
	store_bind_text(st, 9, hash, &bound);
	store_bind_int64(st, 10, (sqlite3_int64)lines, &bound);
	store_bind_text(st, 11, key_hash, &bound);
	int rc = store_step(st, bound);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return gb_error(g, rc, what, diags);
	status = gb_prepare(g, "SELECT id FROM gb_submissions WHERE cohort = ?1 AND"
			    " exercise = ?2 AND name = ?3", &st, what, diags);
	if (status != TM_OK)
		return status;
	bound = SQLITE_OK;
	store_bind_text(st, 1, cohort, &bound);
	store_bind_text(st, 2, exercise, &bound);
	store_bind_text(st, 3, name, &bound);
	rc = store_step(st, bound);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	else
		status = gb_error(g, rc, what, diags);
	sqlite3_finalize(st);
	return status;
}

struct tm_gradebook_entry {
	const struct tm_exercise *ex;   /* borrowed */
	char *name;
	struct grader_submission *sub;
	struct grader_result *res;
	char hash[17];
	long long submitted;
	size_t top[3], top_count;
	size_t top_given;          /* threat lines under the label; 0 without one */
	int top_label, top_near;   /* lines of the top-three label and of a look-alike */
};

/* Runs a DELETE whose only parameter is a submission id. */
static int delete_rows(struct tm_gradebook *g, const char *sql, long long id, const char *what,
		       struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	int status = gb_prepare(g, sql, &st, what, diags);
	if (status != TM_OK)
		return status;
	int bound = SQLITE_OK;
	store_bind_int64(st, 1, id, &bound);
	int rc = store_step(st, bound);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? TM_OK : gb_error(g, rc, what, diags);
}

/* Replaces the found threats of submission id. */
static int store_found(struct tm_gradebook *g, long long id, const struct grader_key *key,
		       const struct grader_submission *sub, const struct grader_result *res,
		       struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	const char *what = "store the found threats";
	int rc, status = delete_rows(g, "DELETE FROM gb_found WHERE submission = ?1", id, what,
				     diags);
	if (status != TM_OK)
		return status;
	status = gb_prepare(g, "INSERT INTO gb_found (submission, threat, line, similarity)"
			    " VALUES (?1, ?2, ?3, ?4)", &st, what, diags);
	if (status != TM_OK)
		return status;
	for (size_t i = 0; i < grader_result_found_count(res) && status == TM_OK; i++) {
		size_t t = grader_result_found_threat(res, i);
		size_t line = grader_result_found_line(res, i);
		sqlite3_reset(st);
		int bound = SQLITE_OK;
		store_bind_int64(st, 1, id, &bound);
		store_bind_text(st, 2, grader_threat_id(key, t), &bound);
		store_bind_int64(st, 3, grader_submission_line_no(sub, line), &bound);
		store_bind_double(st, 4, grader_result_found_similarity(res, i), &bound);
		rc = store_step(st, bound);
		if (rc != SQLITE_DONE)
			status = gb_error(g, rc, what, diags);
	}
	sqlite3_finalize(st);
	return status;
}

/* Replaces the top three of submission id with the lines idx[0..n). */
static int store_top(struct tm_gradebook *g, long long id, const struct grader_key *key,
		     const struct tm_gradebook_entry *e, struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	const char *what = "store the top three";
	const size_t *idx = e->top;
	size_t n = e->top_count;
	const struct grader_submission *sub = e->sub;
	const struct grader_result *res = e->res;
	int rc, status = delete_rows(g, "DELETE FROM gb_top WHERE submission = ?1", id, what,
				     diags);
	if (status != TM_OK)
		return status;
	status = gb_prepare(g, "UPDATE gb_submissions SET top_given = ?2 WHERE id = ?1", &st,
			    what, diags);
	if (status != TM_OK)
		return status;
	int given_bound = SQLITE_OK;
	store_bind_int64(st, 1, id, &given_bound);
	store_bind_int64(st, 2, (long long)e->top_given, &given_bound);
	rc = store_step(st, given_bound);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return gb_error(g, rc, what, diags);
	status = gb_prepare(g, "INSERT INTO gb_top (submission, rank, line, text, threat,"
			    " closest, similarity) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", &st, what,
			    diags);
	if (status != TM_OK)
		return status;
	for (size_t k = 0; k < n && status == TM_OK; k++) {
		long t = top_threat(res, idx[k]);
		sqlite3_reset(st);
		int bound = SQLITE_OK;
		store_bind_int64(st, 1, id, &bound);
		store_bind_int64(st, 2, (int)k + 1, &bound);
		store_bind_int64(st, 3, grader_submission_line_no(sub, idx[k]), &bound);
		store_bind_text(st, 4, grader_submission_line(sub, idx[k]), &bound);
		if (t >= 0)
			store_bind_text(st, 5, grader_threat_id(key, (size_t)t), &bound);
		else
			store_bind_null(st, 5, &bound);
		long c = -1;
		double sim = 0;
		if (t < 0)
			top_closest(res, idx[k], &c, &sim);
		if (c >= 0) {
			store_bind_text(st, 6, grader_threat_id(key, (size_t)c), &bound);
			store_bind_double(st, 7, sim, &bound);
		} else {
			store_bind_null(st, 6, &bound);
			store_bind_null(st, 7, &bound);
		}
		rc = store_step(st, bound);
		if (rc != SQLITE_DONE)
			status = gb_error(g, rc, what, diags);
	}
	sqlite3_finalize(st);
	return status;
}

/* Empty or too long. */
static int check_length(const char *what, const char *s, struct tm_diags *diags)
{
	if (s == NULL || s[0] == '\0')
		return tm_diags_add(diags, TM_EUSAGE, NULL, 0, 0, "the %s name is empty", what);
	if (strlen(s) > TM_GRADEBOOK_NAME_MAX)
		return tm_diags_add(diags, TM_EUSAGE, NULL, 0, 0,
				    "the %s name is too long (over %d bytes)", what,
				    TM_GRADEBOOK_NAME_MAX);
	return TM_OK;
}

/* Cohort, learner and group names (a group's from its file name) follow the
 * rule of every name (tm_name_check()): an escape in a name would drive the
 * terminal of whoever lists it, a bidi control would reorder the report. */
int tm_gradebook_check_name(const char *what, const char *s, struct tm_diags *diags)
{
	int status = check_length(what, s, diags);
	return status != TM_OK ? status : tm_name_check(what, s, diags);
}

/* Sets *exists when the gradebook already holds name as a kind of what: a
 * cohort with grades or members, a group graded in cohort on exercise, a
 * learner with progress or a cohort membership. */
static int name_stored(struct tm_gradebook *g, const char *what, const char *cohort,
		       const char *exercise, const char *name, bool *exists,
		       struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	const char *sql;
	*exists = false;
	if (strcmp(what, "cohort") == 0)
		sql = "SELECT 1 FROM gb_submissions WHERE cohort = ?1 UNION ALL"
		      " SELECT 1 FROM cohort_members WHERE cohort = ?1 LIMIT 1";
	else if (strcmp(what, "learner") == 0)
		sql = "SELECT 1 FROM learners WHERE name = ?1 UNION ALL"
		      " SELECT 1 FROM cohort_members WHERE learner = ?1 LIMIT 1";
	else
		sql = "SELECT 1 FROM gb_submissions WHERE name = ?1 AND cohort = ?2"
		      " AND exercise = ?3 LIMIT 1";
	int status = gb_prepare(g, sql, &st, "look the name up", diags);
	if (status != TM_OK)
		return status;
	int bound = SQLITE_OK;
	store_bind_text(st, 1, name, &bound);
	if (sqlite3_bind_parameter_count(st) >= 3) {
		store_bind_text(st, 2, cohort, &bound);
		store_bind_text(st, 3, exercise, &bound);
	}
	int rc = store_step(st, bound);
	if (rc == SQLITE_ROW)
		*exists = true;
	else if (rc != SQLITE_DONE)
		status = gb_error(g, rc, "look the name up", diags);
	sqlite3_finalize(st);
	return status;
}

/* The rule on characters applies when a name is created: one stored before
 * the rule (by an older tmdojo) stays usable under its stored name. */
int tm_gradebook_check_stored_name(struct tm_gradebook *g, const char *what,
				   const char *cohort, const char *exercise, const char *name,
				   struct tm_diags *diags)
{
	struct tm_diags why;
	bool exists = false;
	int status = check_length(what, name, diags);
	if (status != TM_OK)
		return status;
	tm_diags_init(&why);
	status = strcmp(what, "learner") == 0 ? tm_learner_name_check(name, &why) :
		tm_name_check(what, name, &why);
	if (status == TM_EUSAGE) {
		status = name_stored(g, what, cohort, exercise, name, &exists, diags);
		if (status == TM_OK && !exists)
			status = tm_diags_add(diags, TM_EUSAGE, NULL, 0, 0, "%s",
					      why.count > 0 ? why.items[0].text :
					      "the name is not allowed");
	} else if (status != TM_OK) {
		status = tm_diags_add(diags, status, NULL, 0, 0, "out of memory");
	}
	tm_diags_release(&why);
	return status;
}


void tm_gradebook_entry_free(struct tm_gradebook_entry *e)
{
	if (e == NULL)
		return;
	grader_result_free(e->res);
	grader_submission_free(e->sub);
	free(e->name);
	free(e);
}

int tm_gradebook_entry_new(const struct tm_exercise *ex, const char *name, const char *buf,
			   size_t len, long long submitted, struct grader_memo *memo,
			   struct tm_gradebook_entry **out, struct tm_diags *diags)
{
	struct tm_gradebook_entry *e = NULL;
	/* the rule on characters is tm_gradebook_store()'s: a group stored
	 * before it may be re-graded */
	int status = check_length("submission", name, diags);
	*out = NULL;
	if (status != TM_OK)
		return status;
	e = calloc(1, sizeof(*e));
	if (e != NULL)
		e->name = strdup(name);
	if (e == NULL || e->name == NULL) {
		tm_gradebook_entry_free(e);
		return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
	}
	e->ex = ex;
	e->submitted = submitted;
	/* the label is found once: it is blanked for grading and marks the top three */
	e->top_label = gb_top_label_line(buf, len, &e->top_near);
	status = gb_grade_buffer(tm_exercise_key(ex), name, buf, len, e->top_label, memo,
				 &e->sub, &e->res, diags);
	if (status != TM_OK) {
		tm_gradebook_entry_free(e);
		return status;
	}
	tm_content_hash(buf, len, e->hash);
	int end = gb_top_section_end(buf, len, e->top_label);
	e->top_count = gb_top_three(e->sub, e->top_label, end, e->top);
	e->top_given = gb_top_given(e->sub, e->top_label, end);
	*out = e;
	return TM_OK;
}

size_t tm_gradebook_entry_lines(const struct tm_gradebook_entry *e)
{
	return grader_submission_line_count(e->sub);
}

const struct grader_submission *tm_gradebook_entry_submission(
	const struct tm_gradebook_entry *e)
{
	return e->sub;
}

const struct grader_result *tm_gradebook_entry_result(const struct tm_gradebook_entry *e)
{
	return e->res;
}

int tm_gradebook_entry_top_label(const struct tm_gradebook_entry *e, int *near)
{
	if (near != NULL)
		*near = e->top_label == 0 ? e->top_near : 0;
	return e->top_label;
}

int tm_gradebook_store(struct tm_gradebook *g, const char *cohort,
		       const struct tm_gradebook_entry *e, struct tm_graded *out,
		       struct tm_diags *diags)
{
	const struct grader_key *key = tm_exercise_key(e->ex);
	long long id = 0;
	struct tm_graded now = { 0 };
	char key_hash[17];
	int status = tm_gradebook_check_stored_name(g, "cohort", NULL, NULL, cohort, diags);
	if (status == TM_OK)
		status = tm_gradebook_check_stored_name(g, "submission", cohort,
							tm_exercise_id(e->ex), e->name, diags);
	if (status != TM_OK)
		return status;
	tm_key_hash(key, key_hash);
	status = gb_write_begin(g, "store the grade", diags);
	if (status != TM_OK)
		return status;
	status = read_previous(g, cohort, tm_exercise_id(e->ex), e->name, e->hash, key_hash,
			       grader_result_score(e->res), &now, diags);
	if (status == TM_OK)
		status = upsert_submission(g, cohort, tm_exercise_id(e->ex), e->name, e->res,
					   grader_submission_line_count(e->sub), e->submitted,
					   e->hash, key_hash, &id, diags);
	if (status == TM_OK)
		status = store_found(g, id, key, e->sub, e->res, diags);
	if (status == TM_OK)
		status = store_top(g, id, key, e, diags);
	status = gb_write_end(g, status, "store the grade", diags);
	if (status == TM_OK && out != NULL) {
		*out = now;
		out->score = grader_result_score(e->res);
		out->points = grader_result_points(e->res);
		out->max = grader_result_max_points(e->res);
		out->found = grader_result_found_count(e->res);
		out->lines = grader_submission_line_count(e->sub);
	}
	return status;
}

int tm_gradebook_grade(struct tm_gradebook *g, const struct tm_exercise *ex,
		       const char *cohort, const char *name, const char *buf, size_t len,
		       long long submitted, struct tm_graded *out, struct tm_diags *diags)
{
	struct tm_gradebook_entry *e = NULL;
	int status = tm_gradebook_check_stored_name(g, "cohort", NULL, NULL, cohort, diags);
	if (status == TM_OK)
		status = tm_gradebook_entry_new(ex, name, buf, len, submitted, NULL, &e, diags);
	if (status == TM_OK)
		status = tm_gradebook_store(g, cohort, e, out, diags);
	tm_gradebook_entry_free(e);
	return status;
}

int tm_gradebook_count(struct tm_gradebook *g, const char *cohort, const char *exercise,
		       size_t *count, struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	int status = gb_prepare(g, "SELECT count(*) FROM gb_submissions WHERE cohort = ?1 AND"
				" (?2 IS NULL OR exercise = ?2)", &st, "count the grades", diags);
	if (status != TM_OK)
		return status;
	int bound = SQLITE_OK;
	store_bind_text(st, 1, cohort, &bound);
	if (exercise != NULL)
		store_bind_text(st, 2, exercise, &bound);
	int rc = store_step(st, bound);
	if (rc == SQLITE_ROW)
		*count = (size_t)sqlite3_column_int64(st, 0);
	else
		status = gb_error(g, rc, "count the grades", diags);
	sqlite3_finalize(st);
	return status;
}

void tm_gradebook_list_free(struct tm_gradebook_group *list, size_t n)
{
	if (list == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		free(list[i].name);
	free(list);
}

/* Doubles the room of *list, an array of *alloc items of size bytes (16 at
 * first); TM_OK, or TM_ENOMEM reported (*list unchanged). */
static int gb_grow(void **list, size_t *alloc, size_t size, struct tm_diags *diags)
{
	size_t na = *alloc ? *alloc * 2 : 16;
	void *nl = realloc(*list, na * size);

	if (nl == NULL)
		return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
	*list = nl;
	*alloc = na;
	return TM_OK;
}

/* ==== Look-alike groups ========================================================= */

/* A key (a folded name or a content hash) and the group it is of. */
struct keyed {
	const char *key;
	size_t index;
};

static int by_key_then_index(const void *pa, const void *pb)
{
	const struct keyed *a = pa, *b = pb;
	int c = strcmp(a->key, b->key);
	return c != 0 ? c : (a->index > b->index) - (a->index < b->index);
}

/* Sets out[i] to the index of the first group (by index) whose key equals
 * keys[i] when that is not i, else -1; with both, the first other one, so that
 * the first of the kind points at the second. Empty keys match nothing. */
static int first_alike(const char *const *keys, size_t n, bool both, long *out)
{
	struct keyed *v = malloc((n > 0 ? n : 1) * sizeof(*v));
	if (v == NULL)
		return TM_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		v[i] = (struct keyed){ keys[i], i };
		out[i] = -1;
	}
	qsort(v, n, sizeof(*v), by_key_then_index);
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && strcmp(v[j].key, v[i].key) == 0;)
			j++;
		if (j - i < 2 || v[i].key[0] == '\0')
			continue;
		for (size_t k = i + 1; k < j; k++)
			out[v[k].index] = (long)v[i].index;
		if (both)
			out[v[i].index] = (long)v[i + 1].index;
	}
	free(v);
	return TM_OK;
}

int tm_group_lookalikes(const char *const *names, const char *const *hashes, size_t n,
			long *copy_of, long *name_like)
{
	char **folded = calloc(n + 1, sizeof(*folded));
	int status = folded != NULL ? TM_OK : TM_ENOMEM;
	for (size_t i = 0; status == TM_OK && i < n; i++) {
		folded[i] = malloc(strlen(names[i]) + 1);
		if (folded[i] == NULL)
			status = TM_ENOMEM;
		else
			tc_fold_case(names[i], folded[i]);
	}
	if (status == TM_OK)
		status = first_alike(hashes, n, false, copy_of);
	if (status == TM_OK)
		status = first_alike((const char *const *)folded, n, true, name_like);
	for (size_t i = 0; folded != NULL && i < n; i++)
		free(folded[i]);
	free(folded);
	return status;
}

int tm_gradebook_list(struct tm_gradebook *g, const char *cohort, const char *exercise,
		      struct tm_gradebook_group **out, size_t *n, struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	const char *what = "list the graded groups";
	struct tm_gradebook_group *list = NULL;
	size_t count = 0, alloc = 0;
	int rc, status = gb_prepare(g, "SELECT name, key_hash, hash FROM gb_submissions WHERE"
				    " cohort = ?1 AND exercise = ?2 ORDER BY name", &st, what,
				    diags);
	*out = NULL;
	*n = 0;
	if (status != TM_OK)
		return status;
	int bound = SQLITE_OK;
	store_bind_text(st, 1, cohort, &bound);
	store_bind_text(st, 2, exercise, &bound);
	for (;;) {
		rc = store_step(st, bound);
		if (rc != SQLITE_ROW)
			break;
		if (count == alloc && (status = gb_grow((void **)&list, &alloc, sizeof(*list),
							  diags)) != TM_OK)
			goto cleanup;
		list[count].name = gb_strdup(gb_column_text(st, 0));
		snprintf(list[count].key_hash, sizeof(list[count].key_hash), "%s",
			 gb_column_text(st, 1));
		snprintf(list[count].hash, sizeof(list[count].hash), "%s",
			 gb_column_text(st, 2));
		if (list[count++].name == NULL) {
			status = tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
			goto cleanup;
		}
	}
	if (rc != SQLITE_DONE)
		status = gb_error(g, rc, what, diags);
cleanup:
	sqlite3_finalize(st);
	if (status != TM_OK) {
		tm_gradebook_list_free(list, count);
		return status;
	}
	*out = list;
	*n = count;
	return TM_OK;
}

int tm_gradebook_remove(struct tm_gradebook *g, const char *cohort, const char *exercise,
			const char *name, size_t *removed, struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	const char *what = "remove the group";
	/* no rule on characters: only stored names can match */
	int status = check_length("cohort", cohort, diags);
	if (status == TM_OK)
		status = check_length("group", name, diags);
	if (status == TM_OK)
		status = gb_write_begin(g, what, diags);
	if (status != TM_OK)
		return status;
	/* gb_found and gb_top rows go by the schema's ON DELETE CASCADE: every
	 * connection that writes turns foreign keys on (store.c configure()) */
	status = gb_prepare(g, "DELETE FROM gb_submissions WHERE cohort = ?1"
			    " AND (?2 IS NULL OR exercise = ?2) AND name = ?3", &st, what, diags);
	if (status == TM_OK) {
		int bound = SQLITE_OK;
		store_bind_text(st, 1, cohort, &bound);
		if (exercise != NULL)
			store_bind_text(st, 2, exercise, &bound);
		store_bind_text(st, 3, name, &bound);
		int rc = store_step(st, bound);
		if (rc != SQLITE_DONE)
			status = gb_error(g, rc, what, diags);
		else if (removed != NULL)
			*removed = (size_t)sqlite3_changes(g->db);   /* cascades not counted */
		sqlite3_finalize(st);
	}
	return gb_write_end(g, status, what, diags);
}

/* ==== Cohort membership ==================================================================== */

int tm_gradebook_add_member(struct tm_gradebook *g, const char *cohort, const char *learner,
			    bool *added, struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	const char *what = "add the cohort member";
	int status = tm_gradebook_check_stored_name(g, "cohort", NULL, NULL, cohort, diags);
	if (status == TM_OK)
		status = tm_gradebook_check_stored_name(g, "learner", NULL, NULL, learner, diags);
	if (status == TM_OK)
		status = gb_write_begin(g, what, diags);
	if (status != TM_OK)
		return status;
	status = gb_prepare(g, "INSERT OR IGNORE INTO cohort_members (cohort, learner, added)"
			    " VALUES (?1, ?2, ?3)", &st, what, diags);
	if (status == TM_OK) {
		int bound = SQLITE_OK;
		store_bind_text(st, 1, cohort, &bound);
		store_bind_text(st, 2, learner, &bound);
		store_bind_int64(st, 3, (sqlite3_int64)time(NULL), &bound);
		int rc = store_step(st, bound);
		if (rc != SQLITE_DONE)
			status = gb_error(g, rc, what, diags);
		else if (added != NULL)
			*added = sqlite3_changes(g->db) > 0;
		sqlite3_finalize(st);
	}
	return gb_write_end(g, status, what, diags);
}

int tm_gradebook_member_count(struct tm_gradebook *g, const char *cohort, size_t *count,
			      struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	int status = gb_prepare(g, "SELECT count(*) FROM cohort_members WHERE cohort = ?1", &st,
				"count the cohort members", diags);
	if (status != TM_OK)
		return status;
	int bound = SQLITE_OK;
	store_bind_text(st, 1, cohort, &bound);
	int rc = store_step(st, bound);
	if (rc == SQLITE_ROW)
		*count = (size_t)sqlite3_column_int64(st, 0);
	else
		status = gb_error(g, rc, "count the cohort members", diags);
	sqlite3_finalize(st);
	return status;
}

void tm_gradebook_cohorts_free(struct tm_gradebook_cohort *list, size_t n)
{
	if (list == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		free(list[i].name);
	free(list);
}

int tm_gradebook_cohorts(struct tm_gradebook *g, struct tm_gradebook_cohort **out, size_t *n,
			 struct tm_diags *diags)
{
	sqlite3_stmt *st = NULL;
	const char *what = "list the cohorts";
	struct tm_gradebook_cohort *list = NULL;
	size_t count = 0, alloc = 0;
	/* a cohort lives in grades, in members or in both */
	int rc, status = gb_prepare(g, "SELECT cohort, sum(grades), sum(exercises), sum(members)"
				    " FROM (SELECT cohort, count(*) AS grades,"
				    " count(DISTINCT exercise) AS exercises, 0 AS members"
				    " FROM gb_submissions GROUP BY cohort UNION ALL"
				    " SELECT cohort, 0, 0, count(*) FROM cohort_members"
				    " GROUP BY cohort) GROUP BY cohort ORDER BY cohort", &st, what,
				    diags);
	*out = NULL;
	*n = 0;
	if (status != TM_OK)
		return status;
	for (;;) {
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			break;
		if (count == alloc && (status = gb_grow((void **)&list, &alloc, sizeof(*list),
							  diags)) != TM_OK)
			goto cleanup;
		list[count].name = gb_strdup(gb_column_text(st, 0));
		list[count].grades = (size_t)sqlite3_column_int64(st, 1);
		list[count].exercises = (size_t)sqlite3_column_int64(st, 2);
		list[count].members = (size_t)sqlite3_column_int64(st, 3);
		if (list[count++].name == NULL) {
			status = tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
			goto cleanup;
		}
	}
	if (rc != SQLITE_DONE)
		status = gb_error(g, rc, what, diags);
cleanup:
	sqlite3_finalize(st);
	if (status != TM_OK) {
		tm_gradebook_cohorts_free(list, count);
		return status;
	}
	*out = list;
	*n = count;
	return TM_OK;
}
