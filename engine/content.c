/*
 * content.c: loading a whole content root (lexicon, exercises, courses), and
 * validating single paths for `tmdojo validate`.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lexcache.h"
#include "load_internal.h"

#define MAX_ENTRIES 4096   /* courses or exercises under one root */

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool has_file(const char *dir, const char *name)
{
	char path[4096];
	struct stat st;
	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
		return false;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int visible_entry(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* Lists the subdirectories of dir (sorted by name) as arena paths. Returns the
 * count; *out is NULL when there are none or dir is missing. */
static size_t list_subdirs(struct loader *ld, const char *dir, char ***out)
{
	struct dirent **names = NULL;
	*out = NULL;
	int n = scandir(dir, &names, visible_entry, alphasort);
	if (n <= 0) {
		free(names);
		return 0;
	}
	size_t count = 0;
	char **paths = tm_arena_alloc(ld->arena, (size_t)n * sizeof(*paths));
	for (int i = 0; i < n; i++) {
		char *p = paths != NULL && count < MAX_ENTRIES ? ld_path(ld, dir, names[i]->d_name)
							       : NULL;
		if (p != NULL && is_dir(p))
			paths[count++] = p;
		free(names[i]);
	}
	free(names);
	*out = paths;
	return count;
}

/* ==== Lexicon ==================================================================== */

/* The lexicon files of root (lexicon/NAME.yaml, by name) as arena paths; count. */
static size_t lexicon_files(struct loader *ld, const char *root, char ***out)
{
	char *dir = ld_path(ld, root, "lexicon");
	struct dirent **names = NULL;
	size_t count = 0;
	int n;

	*out = NULL;
	if (dir == NULL || !is_dir(dir) || (n = scandir(dir, &names, visible_entry, alphasort)) <= 0)
		return 0;
	*out = tm_arena_alloc(ld->arena, (size_t)n * sizeof(**out));
	for (int i = 0; i < n; i++) {
		size_t len = strlen(names[i]->d_name);

		if (*out != NULL && len > 5 && strcmp(names[i]->d_name + len - 5, ".yaml") == 0 &&
		    ((*out)[count] = ld_path(ld, dir, names[i]->d_name)) != NULL)
			count++;
		free(names[i]);
	}
	free(names);
	return count;
}

/*
 * Loads root's lexicon files into *lex (empty), prepared. With cache, from
 * the cache when it holds them (lexcache.c; *lex is then replaced), else read
 * and, when they load without a diagnostic, kept there for the next run.
 */
static void load_lexicons(struct loader *ld, const char *root, struct grader_lexicon **lex,
			  bool cache)
{
	struct tm_lexsources s = { NULL, 0, NULL, NULL };
	struct grader_lexicon *kept;
	size_t before = ld->diags->count;

	s.n = lexicon_files(ld, root, &s.paths);
	for (size_t i = 0; cache && i < s.n; i++)
		cache = ld_is_inside(ld, s.paths[i]);
	if (cache && (kept = tm_lexcache_get(root, &s)) != NULL) {
		grader_lexicon_free(*lex);
		*lex = kept;
		tm_lexsources_release(&s);
		return;
	}
	for (size_t i = 0; i < s.n; i++)
		tm_load_lexicon_file(ld, s.paths[i], *lex);
	/* every key starts from one prepared copy; out of memory here only costs
	 * time, each key then reads it all */
	if (grader_lexicon_prepare(*lex) == GRADER_OK && cache && ld->diags->count == before)
		tm_lexcache_put(root, &s, *lex);
	tm_lexsources_release(&s);
}

/* ==== Remediation policy ============================================================ */

/* Loads root's policy.yaml into c->policy when there is one; without it, the
 * common default that content_new() set stays. */
static void load_policy(struct loader *ld, struct tm_content *c)
{
	char *path = ld_path(ld, c->root, "policy.yaml");

	if (path != NULL && has_file(c->root, "policy.yaml") &&
	    ld_check_inside(ld, NULL, NULL, path))
		tm_load_policy_file(ld, path, &c->policy);
}

/* ==== Samples ====================================================================== */

int tm_sample_load(const char *path, struct grader_submission **out, struct tm_diags *diags)
{
	char *buf = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	rc = tm_read_file(path, TM_MAX_SUBMISSION_BYTES, &buf, &len, diags);
	if (rc == TM_OK)
		rc = tm_submission_parse(path, buf, len, out, diags);
	free(buf);
	/* graded, an empty sample earns 0 with only a warning: no test of the key */
	if (rc == TM_OK && grader_submission_line_count(*out) == 0)
		rc = tm_diags_add(diags, TM_EINVALID, path, 1, 1, "the sample is empty: write the "
				  "group's threats or remove it from samples:");
	if (rc != TM_OK) {
		grader_submission_free(*out);
		*out = NULL;
	}
	return rc;
}

/* Checks a sample as a submission, as `tmdojo grade` reads one (text, Markdown,
 * or YAML with a threats: list), reporting its errors at file:line:column. */
static void validate_submission(struct loader *ld, const char *path)
{
	struct grader_submission *sub = NULL;

	if (path != NULL && ld_check_inside(ld, NULL, NULL, path) &&
	    tm_sample_load(path, &sub, ld->diags) != TM_OK)
		ld->errors++;
	grader_submission_free(sub);
}

/* Checks each sample e declares (that its exercise.yaml names a readable file
 * for) as a submission, as validate_samples() checks a samples/ directory, and
 * each file of its samples/ that 'samples:' does not list (warned about). */
static void validate_declared_samples(struct loader *ld, const struct tm_exercise *e)
{
	for (size_t i = 0; i < e->n_samples; i++)
		validate_submission(ld, e->samples[i].file);
	for (size_t i = 0; i < e->unlisted_samples.n; i++)
		validate_submission(ld, e->unlisted_samples.v[i]);
}

/* ==== Courses and exercises ========================================================= */

/* Courses sort by part: numbered parts first in order, then named ones. */
static int compare_courses(const void *pa, const void *pb)
{
	const struct tm_course *a = pa, *b = pb;
	const char *x = a->part ? a->part : "", *y = b->part ? b->part : "";
	char *ex, *ey;
	long nx = strtol(x, &ex, 10), ny = strtol(y, &ey, 10);
	bool dx = *x != '\0' && *ex == '\0', dy = *y != '\0' && *ey == '\0';
	if (dx != dy)
		return dx ? -1 : 1;
	if (dx && nx != ny)
		return nx < ny ? -1 : 1;
	int c = strcmp(x, y);
	return c != 0 ? c : strcmp(a->id ? a->id : "", b->id ? b->id : "");
}

/* The earliest (by line) of the errors from index from on in the file the
 * first of them names, as "file:line:column: text" in the arena. */
static const char *first_error_text(struct loader *ld, size_t from)
{
	const struct tm_error *items = ld->diags->items, *best = &items[from];
	char text[1200];
	for (size_t i = from + 1; i < ld->diags->count; i++)
		if (items[i].file != NULL && best->file != NULL &&
		    strcmp(items[i].file, best->file) == 0 &&
		    (items[i].line < best->line ||
		     (items[i].line == best->line && items[i].column < best->column)))
			best = &items[i];
	tm_error_format(best, text, sizeof(text));
	return tm_arena_strdup(ld->arena, text);
}

static void load_exercises(struct loader *ld, struct tm_content *c)
{
	char **dirs;
	char *root = ld_path(ld, c->root, "exercises");
	size_t n = root != NULL ? list_subdirs(ld, root, &dirs) : 0;
	if (n == 0)
		return;
	c->exercises = tm_arena_alloc(ld->arena, n * sizeof(*c->exercises));
	for (size_t i = 0; c->exercises != NULL && i < n; i++) {
		if (!has_file(dirs[i], "exercise.yaml")) {
			tm_diags_add(ld->diags, TM_EINVALID, dirs[i], 0, 0,
				     "exercise directory has no exercise.yaml");
			ld->errors++;
			continue;
		}
		size_t first = ld->diags->count;
		struct tm_exercise *e = &c->exercises[c->n_exercises++];
		if (tm_load_exercise_dir(ld, dirs[i], e) > 0 && ld->diags->count > first)
			e->first_error = first_error_text(ld, first);
	}
}

static void load_courses(struct loader *ld, struct tm_content *c)
{
	char **dirs;
	char *root = ld_path(ld, c->root, "courses");
	size_t n = root != NULL ? list_subdirs(ld, root, &dirs) : 0;
	if (n == 0) {
		tm_diags_add(ld->diags, TM_ENOTFOUND, c->root, 0, 0,
			     "no courses found; expected courses/<id>/course.yaml under the content root");
		ld->errors++;
		return;
	}
	c->courses = tm_arena_alloc(ld->arena, n * sizeof(*c->courses));
	for (size_t i = 0; c->courses != NULL && i < n; i++) {
		if (!has_file(dirs[i], "course.yaml")) {
			tm_diags_add(ld->diags, TM_EINVALID, dirs[i], 0, 0,
				     "course directory has no course.yaml");
			ld->errors++;
			continue;
		}
		struct tm_course *co = &c->courses[c->n_courses++];
		tm_load_course_dir(ld, dirs[i], co);
		tm_resolve_course(ld, co, c->exercises, c->n_exercises);
	}
	qsort(c->courses, c->n_courses, sizeof(*c->courses), compare_courses);
}

/* An error counted with no diagnostic to show for it would read as "ok" in
 * validate and as an unexplained failure everywhere else: every loader reports
 * what it counts, and this names the gap should one ever fail to. */
static void report_unexplained(struct loader *ld, const char *where, size_t first)
{
	if (ld->errors > 0 && ld->diags->count == first)
		tm_diags_add(ld->diags, TM_EINVALID, where, 0, 0,
			     "content failed to load without saying why (a tmdojo bug: please "
			     "report it with this content)");
}

/* The code of the first error from index from on; TM_OK when there are only
 * warnings (diagnostics with code TM_OK) or nothing. */
static int first_error(const struct tm_diags *d, size_t from)
{
	for (size_t i = from; i < d->count; i++)
		if (d->items[i].code != TM_OK)
			return d->items[i].code;
	return TM_OK;
}

/* A content set for root with its arena and an empty lexicon, and ld set to
 * load into it; NULL when out of memory. */
static struct tm_content *content_new(struct loader *ld, const char *root,
				      struct tm_diags *diags)
{
	struct tm_content *c = calloc(1, sizeof(*c));
	if (c == NULL)
		return NULL;
	tm_arena_init(&c->arena);
	memset(ld, 0, sizeof(*ld));
	ld->arena = &c->arena;
	ld->diags = diags;
	c->root = tm_arena_strdup(&c->arena, root);
	c->lexicon = grader_lexicon_new();
	tm_policy_init(&c->policy);
	if (c->root == NULL || c->lexicon == NULL) {
		tm_content_free(c);
		return NULL;
	}
	return c;
}

/* Hands c over in *out when loading it reported nothing; else frees it and
 * returns the first error's code. */
static int content_done(const struct loader *ld, struct tm_content *c, size_t first,
			struct tm_content **out)
{
	if (ld->errors > 0 || ld->diags->count > first) {
		tm_content_free(c);
		int rc = first_error(ld->diags, first);
		return rc != TM_OK ? rc : TM_EINVALID;
	}
	*out = c;
	return TM_OK;
}

/* Loads the content under root; probe says whether author patterns are also
 * tried on hostile lines (validation). */
static int content_load(const char *root, bool probe, struct tm_content **out,
			struct tm_diags *diags)
{
	struct loader ld;
	size_t first = diags->count;
	struct tm_content *c;
	*out = NULL;
	if (!is_dir(root))
		return tm_diags_add(diags, TM_ENOTFOUND, root, 0, 0,
				    "no content here; pass --content DIR or set TMDOJO_CONTENT");
	c = content_new(&ld, root, diags);
	if (c == NULL)
		return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
	ld.probe = probe;
	ld_set_root(&ld, root);
	/* validate reads the files: it reports what they hold */
	load_lexicons(&ld, root, &c->lexicon, !probe);
	ld.lex = c->lexicon;
	load_policy(&ld, c);
	load_exercises(&ld, c);
	for (size_t i = 0; probe && i < c->n_exercises; i++)
		validate_declared_samples(&ld, &c->exercises[i]);
	load_courses(&ld, c);
	ld_check_answers(&ld);
	report_unexplained(&ld, root, first);
	return content_done(&ld, c, first, out);
}

int tm_content_load(const char *root, struct tm_content **out, struct tm_diags *diags)
{
	return content_load(root, false, out, diags);
}

/* ==== Standalone loads ================================================================ */

/* Holds ld's files to the content root that dir lies in, or to dir itself when
 * it lies in none (an exercise on its own). */
static void set_root_of(struct loader *ld, const char *dir)
{
	char *root = tm_content_root_of(dir);

	ld_set_root(ld, root != NULL ? root : dir);
	free(root);
}

int tm_content_load_exercise(const char *dir, const char *lexicon_root, struct tm_content **out,
			     struct tm_diags *diags)
{
	struct loader ld;
	size_t first = diags->count;
	struct tm_content *c;
	*out = NULL;
	if (!is_dir(dir) || !has_file(dir, "exercise.yaml"))
		return tm_diags_add(diags, TM_ENOTFOUND, dir, 0, 0,
				    "not an exercise directory: it has no exercise.yaml");
	c = content_new(&ld, dir, diags);
	if (c != NULL)
		c->exercises = tm_arena_alloc(&c->arena, sizeof(*c->exercises));
	if (c == NULL || c->exercises == NULL) {
		tm_content_free(c);
		return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
	}
	ld.alone = true;
	if (lexicon_root != NULL) {
		ld_set_root(&ld, lexicon_root);
		load_lexicons(&ld, lexicon_root, &c->lexicon, true);
	}
	ld.lex = c->lexicon;
	set_root_of(&ld, dir);
	tm_load_exercise_dir(&ld, c->root, &c->exercises[c->n_exercises++]);
	return content_done(&ld, c, first, out);
}

int tm_lexicon_load(const char *root, struct grader_lexicon **out, struct tm_diags *diags)
{
	struct tm_arena arena;
	struct loader ld = { .arena = &arena, .diags = diags };
	tm_arena_init(&arena);
	ld_set_root(&ld, root);
	*out = grader_lexicon_new();
	if (*out == NULL)
		return tm_diags_add(diags, TM_ENOMEM, NULL, 0, 0, "out of memory");
	load_lexicons(&ld, root, out, true);
	tm_arena_release(&arena);
	if (ld.errors > 0) {
		grader_lexicon_free(*out);
		*out = NULL;
		return TM_EINVALID;
	}
	return TM_OK;
}

/* Whether path names a file called exercise.yaml (not "sql-exercise.yaml"). */
static bool is_exercise_file(const char *path)
{
	const char *base = strrchr(path, '/');

	return strcmp(base != NULL ? base + 1 : path, "exercise.yaml") == 0;
}

/* A key path may be the key file, an exercise.yaml, an exercise directory, or a
 * directory that holds only a key.yaml. */
int tm_key_load(const char *path, const struct grader_lexicon *lex, struct grader_key **out,
		struct tm_diags *diags)
{
	struct tm_arena arena;
	struct loader ld = { .arena = &arena, .diags = diags, .lex = lex };
	*out = NULL;
	tm_arena_init(&arena);
	if (is_dir(path) && !has_file(path, "exercise.yaml") && has_file(path, "key.yaml")) {
		char *key = ld_path(&ld, path, "key.yaml");

		if (key != NULL)
			tm_load_key_file(&ld, key, NULL, out);
	} else if (is_dir(path) && !has_file(path, "exercise.yaml")) {
		tm_diags_add(diags, TM_EINVALID, path, 0, 0,
			     "not an exercise directory: it holds neither exercise.yaml nor "
			     "key.yaml");
		ld.errors++;
	} else if (is_dir(path) || is_exercise_file(path)) {
		char *dir = tm_arena_strdup(&arena, path);
		if (dir != NULL && !is_dir(path)) {
			char *slash = strrchr(dir, '/');
			if (slash != NULL)
				*slash = '\0';
			else
				dir = tm_arena_strdup(&arena, ".");
		}
		if (dir != NULL) {
			set_root_of(&ld, dir);
			tm_load_exercise_key(&ld, dir, out);
		}
	} else {
		tm_load_key_file(&ld, path, NULL, out);
	}
	tm_arena_release(&arena);
	if (*out == NULL)
		return ld.errors > 0 ? TM_EINVALID : tm_diags_add(diags, TM_ENOMEM, path, 0, 0,
								  "cannot load the key");
	return TM_OK;
}

/* ==== Validating paths =================================================================== */

/* What a YAML file is, judged from its name or, failing that, its top-level keys. */
enum file_kind { FILE_COURSE, FILE_EXERCISE, FILE_MODULE, FILE_KEY, FILE_LEXICON, FILE_POLICY,
		 FILE_EMPTY, FILE_TEXT, FILE_UNKNOWN };

/* Whether name ends in suffix. */
static bool ends_with(const char *name, const char *suffix)
{
	size_t n = strlen(name), k = strlen(suffix);
	return n >= k && strcmp(name + n - k, suffix) == 0;
}

static enum file_kind sniff_file(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	if (strcmp(base, "course.yaml") == 0)
		return FILE_COURSE;
	if (strcmp(base, "exercise.yaml") == 0)
		return FILE_EXERCISE;
	if (strcmp(base, "policy.yaml") == 0)
		return FILE_POLICY;
	/* a design document or a sample answer: YAML would read its lines as
	 * whatever they happen to look like ("2:3: mapping keys must be plain text") */
	if (ends_with(base, ".txt") || ends_with(base, ".md") || ends_with(base, ".markdown"))
		return FILE_TEXT;
	struct tm_diags tmp;
	struct ydoc *doc = NULL;
	enum file_kind kind = FILE_UNKNOWN;
	tm_diags_init(&tmp);
	int loaded = ydoc_load(path, &doc, &tmp);
	if (loaded == TM_OK && ydoc_root(doc) == NULL) {
		kind = FILE_EMPTY;   /* nothing but comments: no kind to guess */
	} else if (loaded == TM_OK) {
		const struct ydoc_node *r = ydoc_root(doc);
		if (ydoc_get(r, "threats") != NULL)
			kind = FILE_KEY;
		else if (ydoc_get(r, "items") != NULL)
			kind = FILE_MODULE;
		else if (ydoc_get(r, "expansions") || ydoc_get(r, "synonyms") ||
			 ydoc_get(r, "stopwords") || ydoc_get(r, "generic") ||
			 ydoc_get(r, "whole") || ydoc_get(r, "payloads"))
			kind = FILE_LEXICON;
	} else {
		kind = FILE_MODULE;   /* let the module loader report the syntax error */
	}
	ydoc_free(doc);
	tm_diags_release(&tmp);
	return kind;
}

static char *parent_dir(struct tm_arena *a, const char *path)
{
	char *dir = tm_arena_strdup(a, path);
	char *slash = dir != NULL ? strrchr(dir, '/') : NULL;
	if (slash == NULL)
		return tm_arena_strdup(a, ".");
	*slash = '\0';
	return dir;
}

/* Loads the exercises of a content root quietly, so that a single course or
 * module can resolve its references. */
static void load_reference_exercises(struct loader *ld, const char *root,
				     struct tm_content *refs)
{
	struct tm_diags quiet;
	struct loader q = *ld;
	tm_diags_init(&quiet);
	q.diags = &quiet;
	q.probe = false;   /* only resolved against, not validated */
	refs->root = root;
	if (root != NULL)
		load_exercises(&q, refs);
	for (size_t i = 0; i < refs->n_exercises; i++)
		refs->exercises[i].quiet = true;
	tm_diags_release(&quiet);
}

/* Whether dir is an exercise's samples/ directory: named samples, beside an
 * exercise.yaml. */
static bool is_samples_dir(const char *dir)
{
	char *real = realpath(dir, NULL), *slash;
	bool yes = false;

	if (real == NULL)
		return false;
	slash = strrchr(real, '/');
	if (slash != NULL && strcmp(slash + 1, "samples") == 0) {
		*slash = '\0';
		yes = has_file(slash == real ? "/" : real, "exercise.yaml");
	}
	free(real);
	return yes;
}

/* Whether path is a file in an exercise's samples/ directory: a submission,
 * whatever it looks like. */
static bool is_sample_file(struct loader *ld, const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return false;
	char *dir = parent_dir(ld->arena, path);
	return dir != NULL && is_samples_dir(dir);
}

/* Checks every file of an exercise's samples/ directory as a submission. */
static void validate_samples(struct loader *ld, const char *dir)
{
	struct dirent **names = NULL;
	int files = scandir(dir, &names, visible_entry, alphasort);
	for (int i = 0; i < files; i++) {
		if (has_file(dir, names[i]->d_name))
			validate_submission(ld, ld_path(ld, dir, names[i]->d_name));
		free(names[i]);
	}
	free(names);
}

/* Reports path as no file that validate reads on its own. */
static void report_not_tmdojo(struct loader *ld, const char *path)
{
	tm_diags_add(ld->diags, TM_EINVALID, path, 1, 1,
		     "not a tmdojo file: expected a course, module, exercise, key, lexicon or policy.yaml");
	ld->errors++;
}

/* A text file (.txt, .md) outside samples/: in an exercise directory, its
 * design document or diagram, which only its exercise.yaml says how to read
 * (and which validate of the exercise checks); elsewhere no tmdojo file. */
static void report_text_file(struct loader *ld, const char *path)
{
	const char *dir = parent_dir(ld->arena, path);
	if (dir == NULL || !has_file(dir, "exercise.yaml")) {
		report_not_tmdojo(ld, path);
		return;
	}
	tm_diags_add(ld->diags, TM_EINVALID, path, 1, 1,
		     "a text file of an exercise (its design document or diagram) is checked "
		     "with the exercise: validate its directory, tmdojo validate %s", dir);
	ld->errors++;
}

/* A YAML file whose top-level keys are no tmdojo file's: its own YAML errors
 * (tags, anchors, duplicate keys) too, then what it should be. */
static void report_unknown_file(struct loader *ld, const char *path)
{
	struct ydoc *doc = NULL;
	(void)ld_parse_file(ld, path, "tmdojo", &doc);
	ydoc_free(doc);
	report_not_tmdojo(ld, path);
}

static void validate_file(struct loader *ld, const char *path, const char *root)
{
	if (is_sample_file(ld, path)) {
		validate_submission(ld, path);
		return;
	}
	struct tm_content refs;
	memset(&refs, 0, sizeof(refs));
	enum file_kind kind = sniff_file(path);
	if (kind == FILE_COURSE || kind == FILE_MODULE)
		load_reference_exercises(ld, root, &refs);
	struct tm_course co;
	struct tm_module m;
	struct tm_exercise ex;
	struct grader_key *key = NULL;
	switch (kind) {
	case FILE_COURSE:
		tm_load_course_dir(ld, parent_dir(ld->arena, path), &co);
		tm_resolve_course(ld, &co, refs.exercises, refs.n_exercises);
		break;
	case FILE_MODULE:
		memset(&co, 0, sizeof(co));
		tm_load_module_file(ld, path, &m);
		co.modules = &m;
		co.n_modules = 1;
		tm_resolve_course(ld, &co, refs.exercises, refs.n_exercises);
		break;
	case FILE_EXERCISE:
		tm_load_exercise_dir(ld, parent_dir(ld->arena, path), &ex);
		validate_declared_samples(ld, &ex);
		grader_key_free(ex.key);
		break;
	case FILE_KEY:
		tm_load_key_file(ld, path, NULL, &key);
		grader_key_free(key);
		break;
	case FILE_LEXICON: {
		struct grader_lexicon *lex = grader_lexicon_new();
		if (lex != NULL)
			tm_load_lexicon_file(ld, path, lex);
		grader_lexicon_free(lex);
		break;
	}
	case FILE_POLICY: {
		struct tm_policy p;
		tm_load_policy_file(ld, path, &p);
		break;
	}
	case FILE_EMPTY:
		tm_diags_add(ld->diags, TM_EINVALID, path, 1, 1,
			     "the file is empty: write a course, module, exercise, key or lexicon");
		ld->errors++;
		break;
	case FILE_TEXT:
		report_text_file(ld, path);
		break;
	default:
		report_unknown_file(ld, path);
	}
	ld_check_answers(ld);
	for (size_t i = 0; i < refs.n_exercises; i++)
		grader_key_free(refs.exercises[i].key);
}

/* Validates each course or exercise directory under dir (courses/, exercises/),
 * else each YAML file in it (lexicon/); false when it holds none of them. */
static bool validate_entries(struct loader *ld, const char *dir, const char *root)
{
	char **subdirs;
	size_t n = list_subdirs(ld, dir, &subdirs), found = 0;
	struct dirent **names = NULL;
	int files;

	for (size_t i = 0; i < n; i++) {
		if (has_file(subdirs[i], "course.yaml"))
			validate_file(ld, ld_path(ld, subdirs[i], "course.yaml"), root);
		else if (has_file(subdirs[i], "exercise.yaml"))
			validate_file(ld, ld_path(ld, subdirs[i], "exercise.yaml"), root);
		else
			continue;
		found++;
	}
	if (found > 0)
		return true;
	files = scandir(dir, &names, visible_entry, alphasort);
	for (int i = 0; i < files; i++) {
		if (ends_with(names[i]->d_name, ".yaml") && has_file(dir, names[i]->d_name)) {
			validate_file(ld, ld_path(ld, dir, names[i]->d_name), root);
			found++;
		}
		free(names[i]);
	}
	free(names);
	return found > 0;
}

int tm_validate_path(const char *path, const char *content_root, struct tm_diags *diags)
{
	struct tm_arena arena;
	struct tm_content *c = NULL;
	struct loader ld = { .arena = &arena, .diags = diags, .probe = true };
	size_t first = diags->count;
	struct grader_lexicon *lex = NULL;
	struct tm_diags quiet;

	tm_arena_init(&arena);
	tm_diags_init(&quiet);
	if (content_root != NULL)
		tm_lexicon_load(content_root, &lex, &quiet);
	ld.lex = lex;
	struct stat st;
	bool is_a_dir = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
	/* the files a path refers to stay in its own content root, or else in
	 * the directory validated (the file's, for a file) */
	set_root_of(&ld, is_a_dir ? path : parent_dir(&arena, path));
	if (stat(path, &st) != 0) {
		tm_diags_add(diags, TM_ENOTFOUND, path, 0, 0, "no such file or directory");
	} else if (S_ISDIR(st.st_mode)) {
		char *dir = tm_arena_strdup(&arena, path);
		if (is_dir(ld_path(&ld, dir, "courses")) || is_dir(ld_path(&ld, dir, "exercises"))) {
			if (content_load(dir, true, &c, diags) == TM_OK)
				tm_content_free(c);
		} else if (has_file(dir, "course.yaml")) {
			validate_file(&ld, ld_path(&ld, dir, "course.yaml"), content_root);
		} else if (has_file(dir, "exercise.yaml")) {
			validate_file(&ld, ld_path(&ld, dir, "exercise.yaml"), content_root);
		} else if (is_samples_dir(dir)) {
			validate_samples(&ld, dir);
		} else if (!validate_entries(&ld, dir, content_root)) {
			tm_diags_add(diags, TM_EINVALID, path, 0, 0,
				     "directory holds no course.yaml, exercise.yaml, courses/, course "
				     "or exercise directories, or YAML files");
		}
	} else {
		validate_file(&ld, path, content_root);
	}
	report_unexplained(&ld, path, first);
	grader_lexicon_free(lex);
	tm_diags_release(&quiet);
	tm_arena_release(&arena);
	return first_error(diags, first);
}

/* Walks up from the resolved path: the first directory named courses or
 * exercises has the root as its parent. */
char *tm_content_root_of(const char *path)
{
	char *real = realpath(path, NULL);
	if (real == NULL)
		return NULL;
	for (char *slash = strrchr(real, '/'); slash != NULL; slash = strrchr(real, '/')) {
		const char *base = slash + 1;
		if ((strcmp(base, "courses") == 0 || strcmp(base, "exercises") == 0) &&
		    is_dir(real)) {
			if (slash == real)
				slash[1] = '\0';   /* /courses: the root is / */
			else
				*slash = '\0';
			return real;
		}
		if (slash == real)
			break;
		*slash = '\0';
	}
	free(real);
	return NULL;
}
