/*
 * load_course.c: course.yaml, its module files and their items.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "load_internal.h"
#include "textchars.h"

static const struct ydoc_field course_fields[] = {
	{ "id", YT_STRING, true },
	{ "title", YT_STRING, true },
	{ "part", YT_SCALAR, true },
	{ "summary", YT_STRING, true },
	{ "minutes", YT_INT, true },
	{ "objectives", YT_STRLIST, true },
	{ "modules", YT_STRLIST, true },
	{ NULL, YT_ANY, false },
};

static const struct ydoc_field module_fields[] = {
	{ "id", YT_STRING, true },
	{ "title", YT_STRING, true },
	{ "minutes", YT_INT, false },
	{ "objectives", YT_STRLIST, true },
	{ "items", YT_LIST, true },
	{ "summary", YT_STRLIST, true },
	{ NULL, YT_ANY, false },
};

static const struct ydoc_field lesson_fields[] = {
	{ "lesson", YT_STRING, true },
	{ "body", YT_STRING, true },
	{ "id", YT_STRING, false },
	{ NULL, YT_ANY, false },
};

static const struct ydoc_field quiz_fields[] = {
	{ "quiz", YT_STRING, true },
	{ "pass_mark", YT_INT, false },
	{ "attempts", YT_INT, false },
	{ "shuffle", YT_BOOL, false },
	{ "questions", YT_LIST, true },
	{ "id", YT_STRING, false },
	{ NULL, YT_ANY, false },
};

static const struct ydoc_field exercise_item_fields[] = {
	{ "exercise", YT_STRING, true },
	{ "id", YT_STRING, false },
	{ NULL, YT_ANY, false },
};

/* ==== Items ==================================================================== */

static const char *item_key(struct loader *ld, const struct ydoc_node *n, struct tm_item *it);

/* Validating (ld->probe), warns about `shuffle: false` on a quiz with no
 * single or multiple choice question: it keeps only choices in the author's order (ordering items and
 * matching options are always shuffled), so there it does nothing. */
static void warn_idle_shuffle(struct loader *ld, const struct ydoc_node *n,
			      const struct tm_item *it)
{
	const struct ydoc_node *v = ydoc_get(n, "shuffle");
	if (!ld->probe || v == NULL || it->shuffle)
		return;
	for (size_t i = 0; i < it->n_questions; i++)
		if (it->questions[i].type == TM_Q_SINGLE || it->questions[i].type == TM_Q_MULTIPLE)
			return;
	tm_diags_add(ld->diags, TM_OK, ld->file, v->line, v->column,
		     "'shuffle: false' does nothing in this quiz: it keeps the author's order of "
		     "single and multiple choices only, and ordering items and matching options "
		     "are always shuffled; remove it");
}

static void load_quiz(struct loader *ld, const struct ydoc_node *n, struct tm_item *it)
{
	it->kind = TM_ITEM_QUIZ;
	if (!ld_check_map(ld, n, quiz_fields, "quiz") && n->kind != YDOC_MAP)
		return;
	it->title = ld_str(ld, n, "quiz");
	it->pass_mark = ld_int(ld, n, "pass_mark", 0, 100, 70);
	it->attempts = ld_int(ld, n, "attempts", 0, 100, 1);
	it->shuffle = ld_bool(n, "shuffle", true);
	const struct ydoc_node *qs = ydoc_get(n, "questions");
	if (qs == NULL || qs->kind != YDOC_SEQ || qs->count == 0)
		return;
	it->questions = tm_arena_alloc(ld->arena, qs->count * sizeof(*it->questions));
	if (it->questions == NULL)
		return;
	for (size_t i = 0; i < qs->count; i++)
		tm_load_question(ld, qs->items[i], &it->questions[it->n_questions++]);
	warn_idle_shuffle(ld, n, it);
}

/* An item is a mapping with exactly one of lesson:, quiz: or exercise:. */
static void load_item(struct loader *ld, const struct ydoc_node *n, struct tm_item *it)
{
	it->line = n->line;
	it->column = n->column;
	if (n->kind != YDOC_MAP) {
		ld_error(ld, n, "an item must be a mapping with 'lesson', 'quiz' or 'exercise'");
		return;
	}
	int kinds = (ydoc_get(n, "lesson") != NULL) + (ydoc_get(n, "quiz") != NULL) +
		    (ydoc_get(n, "exercise") != NULL);
	if (kinds != 1) {
		ld_error(ld, n, kinds == 0
			 ? "an item needs one of 'lesson', 'quiz' or 'exercise'"
			 : "an item must have only one of 'lesson', 'quiz' or 'exercise'");
		return;
	}
	if (ydoc_get(n, "lesson") != NULL) {
		it->kind = TM_ITEM_LESSON;
		ld_check_map(ld, n, lesson_fields, "lesson");
		it->title = ld_str(ld, n, "lesson");
		it->body = ld_str(ld, n, "body");
	} else if (ydoc_get(n, "quiz") != NULL) {
		load_quiz(ld, n, it);
	} else {
		it->kind = TM_ITEM_EXERCISE;
		ld_check_map(ld, n, exercise_item_fields, "exercise item");
		it->exercise_id = ld_str(ld, n, "exercise");
		const struct ydoc_node *ex = ydoc_get(n, "exercise");
		if (ex != NULL) {
			it->exercise_line = ex->line;
			it->exercise_column = ex->column;
		}
	}
	it->key = item_key(ld, n, it);
}

/* ==== Item keys ====================================================================
 * Learners' progress in an item is stored under its key (see tm_item_key()):
 * its id when the author gave one, else its kind and title ("quiz:Spot the
 * threat") or the exercise it names ("exercise:credit-card-billing"). */

static const char *const kind_prefix[] = {
	[TM_ITEM_LESSON] = "lesson:", [TM_ITEM_QUIZ] = "quiz:", [TM_ITEM_EXERCISE] = "exercise:",
};

/* Whether id has the form of a key tmdojo makes from a title or an exercise
 * ("quiz:Old title"): what an author writes to keep learners' progress in an
 * item they rename. */
static bool made_key_form(const char *id)
{
	for (size_t k = 0; k < sizeof(kind_prefix) / sizeof(kind_prefix[0]); k++) {
		size_t len = strlen(kind_prefix[k]);
		if (strncmp(id, kind_prefix[k], len) == 0 && id[len] != '\0')
			return true;
	}
	return false;
}

/* An item's own id: an id, or a key made from a title before a rename. */
static const char *item_id(struct loader *ld, const struct ydoc_node *n)
{
	const char *id = ld_str(ld, n, "id");
	const struct ydoc_node *v = ydoc_get(n, "id");
	if (id == NULL || v == NULL || v->kind != YDOC_SCALAR)
		return NULL;
	if (rule_id_ok(id, strlen(id), false))
		return id;
	if (made_key_form(id) && strlen(id) < TM_ITEM_KEY_MAX)
		return id;
	if (made_key_form(id))
		ld_error(ld, v, "item id '%.*s...' is too long (%zu bytes, at most %d); an item "
			 "whose title was that long was refused, so no progress is kept under it",
			 tc_prefix(id, 60), id, strlen(id), TM_ITEM_KEY_MAX - 1);
	else
		ld_error(ld, v, "item id '%s' is not valid; use lowercase letters, digits and '-' "
			 "(at most %d), or, to keep learners' progress in an item you renamed, the "
			 "key it had: 'lesson:', 'quiz:' or 'exercise:' and its old title or "
			 "exercise", id, RULE_ID_MAX);
	return NULL;
}

/* The key of item it (node n), or NULL after reporting why it has none. */
static const char *item_key(struct loader *ld, const struct ydoc_node *n, struct tm_item *it)
{
	it->has_id = ydoc_get(n, "id") != NULL;
	if (it->has_id)
		return item_id(ld, n);
	const char *name = it->kind == TM_ITEM_EXERCISE ? it->exercise_id : it->title;
	if (name == NULL)
		return NULL;
	const char *prefix = kind_prefix[it->kind];
	size_t len = strlen(prefix) + strlen(name);
	if (len >= TM_ITEM_KEY_MAX) {
		ld_error(ld, n, "learners' progress in this item is kept under its title, which "
			 "is too long for that (%zu bytes, at most %d); give the item a short "
			 "'id:'", strlen(name), TM_ITEM_KEY_MAX - 1 - (int)strlen(prefix));
		return NULL;
	}
	char *key = tm_arena_alloc(ld->arena, len + 1);
	if (key != NULL)
		snprintf(key, len + 1, "%s%s", prefix, name);
	return key;
}

/* Orders items by key, then by place (items of one module are one array). */
static int by_key(const void *x, const void *y)
{
	const struct tm_item *a = *(const struct tm_item *const *)x;
	const struct tm_item *b = *(const struct tm_item *const *)y;
	int c = strcmp(a->key, b->key);
	return c != 0 ? c : (a > b) - (a < b);
}

/* Says why item b (node at) may not share its key with the earlier item a. */
static void key_clash(struct loader *ld, const struct ydoc_node *at, const struct tm_item *a,
		      const struct tm_item *b)
{
	if (a->has_id || b->has_id)
		ld_error(ld, at, "item key '%s' is the key of the item at line %d too; learners' "
			 "progress in the two would be one: give one of them another 'id:'",
			 b->key, a->line);
	else if (b->kind == TM_ITEM_EXERCISE)
		ld_error(ld, at, "exercise '%s' is an item of this module already (line %d); "
			 "learners' progress is kept by item, so give one of the two an 'id:'",
			 b->exercise_id, a->line);
	else
		ld_error(ld, at, "the item at line %d has this title too; learners' progress is "
			 "kept by title, so give one of the two an 'id:'", a->line);
}

/* Two items of a module kept under one key would share their learners'
 * progress: each later one is an error, against the first. Sorting keeps this
 * O(n log n) for any number of items. nodes are the items' YAML nodes. */
static void check_item_keys(struct loader *ld, const struct ydoc_node *nodes,
			    const struct tm_module *m)
{
	const struct tm_item **v = malloc((m->n_items + 1) * sizeof(*v));
	size_t n = 0;
	if (v == NULL)
		return;
	for (size_t i = 0; i < m->n_items; i++)
		if (m->items[i].key != NULL)
			v[n++] = &m->items[i];
	if (n > 1)
		qsort(v, n, sizeof(*v), by_key);
	for (size_t i = 1, first = 0; i < n; i++) {
		if (strcmp(v[i]->key, v[first]->key) != 0) {
			first = i;
			continue;
		}
		key_clash(ld, nodes->items[v[i] - m->items], v[first], v[i]);
	}
	free(v);
}

/* ==== Modules ====================================================================== */

static void load_module_node(struct loader *ld, const struct ydoc_node *root,
			     struct tm_module *m)
{
	if (!ld_check_map(ld, root, module_fields, "module") && root->kind != YDOC_MAP)
		return;
	ld_check_id(ld, root, "id", false);
	m->id = ld_str(ld, root, "id");
	m->title = ld_str(ld, root, "title");
	m->minutes = ld_int(ld, root, "minutes", 1, 1000, 0);
	ld_strv(ld, root, "objectives", &m->objectives);
	ld_strv(ld, root, "summary", &m->summary);
	const struct ydoc_node *items = ydoc_get(root, "items");
	if (items == NULL || items->kind != YDOC_SEQ || items->count == 0)
		return;
	m->items = tm_arena_alloc(ld->arena, items->count * sizeof(*m->items));
	if (m->items == NULL)
		return;
	for (size_t i = 0; i < items->count; i++)
		load_item(ld, items->items[i], &m->items[m->n_items++]);
	check_item_keys(ld, items, m);
}

int tm_load_module_file(struct loader *ld, const char *path, struct tm_module *out)
{
	struct ydoc *doc = NULL;
	int before = ld->errors;
	const char *saved = ld->file;
	memset(out, 0, sizeof(*out));
	out->file = tm_arena_strdup(ld->arena, path);
	ld->file = out->file;
	if (ld_parse_file(ld, path, "module", &doc) == LD_PARSE_FAILED)
		goto cleanup;
	load_module_node(ld, ydoc_root(doc), out);
cleanup:
	ydoc_free(doc);
	ld->file = saved;
	return ld->errors - before;
}

/* ==== Courses ========================================================================= */

/* One question with the module file it sits in, for the duplicate-id check. */
struct qref {
	const struct tm_question *q;
	const char *file;
};

static int compare_qrefs(const void *pa, const void *pb)
{
	const struct qref *a = pa, *b = pb;
	int c = strcmp(a->q->id, b->q->id);
	if (c != 0)
		return c;
	c = strcmp(a->file, b->file);
	return c != 0 ? c : (a->q->line > b->q->line) - (a->q->line < b->q->line);
}

static size_t count_questions(const struct tm_course *co)
{
	size_t n = 0;
	for (size_t mi = 0; mi < co->n_modules; mi++)
		for (size_t ii = 0; ii < co->modules[mi].n_items; ii++)
			n += co->modules[mi].items[ii].n_questions;
	return n;
}

/* Question ids must be unique within a course: sort, then compare neighbours. */
static void check_question_ids(struct loader *ld, const struct tm_course *co)
{
	size_t n = count_questions(co), k = 0;
	if (n < 2)
		return;
	struct qref *refs = malloc(n * sizeof(*refs));
	if (refs == NULL)
		return;
	for (size_t mi = 0; mi < co->n_modules; mi++)
		for (size_t ii = 0; ii < co->modules[mi].n_items; ii++) {
			const struct tm_item *it = &co->modules[mi].items[ii];
			for (size_t qi = 0; qi < it->n_questions; qi++)
				if (it->questions[qi].id != NULL)
					refs[k++] = (struct qref){ &it->questions[qi],
								   co->modules[mi].file };
		}
	qsort(refs, k, sizeof(*refs), compare_qrefs);
	for (size_t i = 1; i < k; i++) {
		if (strcmp(refs[i].q->id, refs[i - 1].q->id) != 0)
			continue;
		tm_diags_add(ld->diags, TM_EINVALID, refs[i].file, refs[i].q->line,
			     refs[i].q->column, "duplicate question id '%s' (also at %s:%d)",
			     refs[i].q->id, refs[i - 1].file, refs[i - 1].q->line);
		ld->errors++;
	}
	free(refs);
}

static int compare_modules(const void *pa, const void *pb)
{
	const struct tm_module *a = *(const struct tm_module *const *)pa;
	const struct tm_module *b = *(const struct tm_module *const *)pb;
	int c = strcmp(a->id, b->id);
	return c != 0 ? c : (a > b) - (a < b);   /* course order among equals */
}

/* Module ids must be unique within a course: sort, then compare neighbours. */
static void check_module_ids(struct loader *ld, const struct tm_course *co)
{
	const struct tm_module **sorted = malloc(co->n_modules * sizeof(*sorted) + 1);
	size_t n = 0;
	if (sorted == NULL)
		return;
	for (size_t i = 0; i < co->n_modules; i++)
		if (co->modules[i].id != NULL)
			sorted[n++] = &co->modules[i];
	qsort(sorted, n, sizeof(*sorted), compare_modules);
	for (size_t i = 1; i < n; i++) {
		if (strcmp(sorted[i]->id, sorted[i - 1]->id) != 0)
			continue;
		tm_diags_add(ld->diags, TM_EINVALID, sorted[i]->file, 1, 1,
			     "duplicate module id '%s' (also in %s)", sorted[i]->id,
			     sorted[i - 1]->file);
		ld->errors++;
	}
	free(sorted);
}

/* Whether list->items[i] names the same file as an earlier item (reported by
 * ld_check_unique at the second listing). */
static bool listed_before(const struct ydoc_node *list, size_t i)
{
	for (size_t k = 0; k < i; k++)
		if (list->items[k]->kind == YDOC_SCALAR &&
		    strcmp(list->items[k]->value, list->items[i]->value) == 0)
			return true;
	return false;
}

static size_t yaml_files_beside(struct loader *ld, const char *dir, char ***out);

/* The module file of dir that a listing of name, which does not exist, most
 * likely meant: name with .yaml or .yml added ("01-basics"), else the closest
 * name of a module file there (ydoc_suggest()); NULL when none is close. */
static const char *meant_module_file(struct loader *ld, const char *dir, const char *name)
{
	static const char *const exts[] = { ".yaml", ".yml" };
	char **files;
	for (size_t i = 0; i < 2; i++) {
		struct stat st;
		size_t n = strlen(name) + strlen(exts[i]) + 1;
		char *with = tm_arena_alloc(ld->arena, n);
		char *path;
		if (with == NULL)
			return NULL;
		snprintf(with, n, "%s%s", name, exts[i]);
		path = ld_path(ld, dir, with);
		if (path != NULL && stat(path, &st) == 0 && S_ISREG(st.st_mode))
			return with;
	}
	size_t n = yaml_files_beside(ld, dir, &files);
	const char **names = n > 0 ? tm_arena_alloc(ld->arena, (n + 1) * sizeof(*names)) : NULL;
	if (names == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++)
		names[i] = strrchr(files[i], '/') + 1;   /* ld_path() wrote the slash */
	names[n] = NULL;
	return ydoc_suggest(name, names);
}

/* Reports a module file that cannot be loaded at its listing; false then. */
static bool module_file_usable(struct loader *ld, const struct ydoc_node *f, const char *dir,
			       const char *path)
{
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		ld_error(ld, f, "module file '%s' is a directory; list a module's YAML file in "
			 "%s instead, or remove the entry", f->value, dir);
		return false;
	}
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		ld_error(ld, f, "module file '%s' is not a regular file (a FIFO, socket or "
			 "device); list a module's YAML file in %s instead", f->value, dir);
		return false;
	}
	if (stat(path, &st) == 0)
		return true;
	int err = errno;
	if (err == ENOENT && lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
		ld_error(ld, f, "module file '%s' is a symbolic link to nothing; fix the link",
			 f->value);
	else if (err == ENOENT && meant_module_file(ld, dir, f->value) != NULL)
		ld_error(ld, f, "module file '%s' does not exist in %s; did you mean '%s'?",
			 f->value, dir, meant_module_file(ld, dir, f->value));
	else if (err == ENOENT)
		ld_error(ld, f, "module file '%s' does not exist in %s", f->value, dir);
	else if (err == ELOOP)
		ld_error(ld, f, "module file '%s' is a symbolic link loop; make it a file",
			 f->value);
	else
		ld_error(ld, f, "module file '%s' cannot be read: %s", f->value, strerror(err));
	return false;
}

static void load_modules(struct loader *ld, const char *dir, const struct ydoc_node *list,
			 struct tm_course *co)
{
	co->modules = tm_arena_alloc(ld->arena, list->count * sizeof(*co->modules));
	if (co->modules == NULL)
		return;
	for (size_t i = 0; i < list->count; i++) {
		const struct ydoc_node *f = list->items[i];
		if (f->kind != YDOC_SCALAR || ydoc_is_null(f))
			continue;
		/* loaded once: a second listing is one error at that listing, not a
		 * duplicate of every id in the file */
		if (listed_before(list, i))
			continue;
		if (f->value[0] == '/' || strstr(f->value, "..") != NULL || strchr(f->value, '/')) {
			ld_error(ld, f, "module '%s' must be a file name in the course directory",
				 f->value);
			continue;
		}
		char *path = ld_path(ld, dir, f->value);
		if (path == NULL || !module_file_usable(ld, f, dir, path) ||
		    !ld_check_inside(ld, f, "module file", path))
			continue;
		tm_load_module_file(ld, path, &co->modules[co->n_modules++]);
	}
}

static void load_course_node(struct loader *ld, const char *dir, const struct ydoc_node *root,
			     struct tm_course *co)
{
	if (!ld_check_map(ld, root, course_fields, "course") && root->kind != YDOC_MAP)
		return;
	if (ld_check_id(ld, root, "id", false)) {
		const char *base = ld_dir_name(ld, dir);
		const struct ydoc_node *id = ydoc_get(root, "id");
		if (base != NULL && strcmp(id->value, base) != 0)
			ld_error(ld, id, "course id '%s' must match its directory name '%s'",
				 id->value, base);
	}
	co->id = ld_str(ld, root, "id");
	co->title = ld_str(ld, root, "title");
	ld_check_part(ld, root);
	co->part = ld_str(ld, root, "part");
	co->summary = ld_str(ld, root, "summary");
	co->minutes = ld_int(ld, root, "minutes", 1, 1000, 0);
	ld_strv(ld, root, "objectives", &co->objectives);
	ld_check_unique(ld, root, "modules", "module file");
	const struct ydoc_node *mods = ydoc_get(root, "modules");
	if (mods != NULL && mods->kind == YDOC_SEQ && mods->count > 0)
		load_modules(ld, dir, mods, co);
}

/* ==== Module files course.yaml does not list ========================================== */

/* scandir() filter: a visible *.yaml or *.yml name (a listed module may have
 * either) other than course.yaml. */
static int module_file_name(const struct dirent *d)
{
	size_t len = strlen(d->d_name);
	bool yaml = (len > 5 && strcmp(d->d_name + len - 5, ".yaml") == 0) ||
		    (len > 4 && strcmp(d->d_name + len - 4, ".yml") == 0);
	return d->d_name[0] != '.' && yaml && strcmp(d->d_name, "course.yaml") != 0;
}

/* Points *out at the *.yaml files of dir other than course.yaml that are
 * files (links followed), in name order, as arena paths; returns how many. */
static size_t yaml_files_beside(struct loader *ld, const char *dir, char ***out)
{
	struct dirent **names = NULL;
	int n = scandir(dir, &names, module_file_name, alphasort);
	size_t count = 0;

	*out = n > 0 ? tm_arena_alloc(ld->arena, (size_t)n * sizeof(**out)) : NULL;
	for (int i = 0; i < n; i++) {
		struct stat st;
		char *path = *out != NULL ? ld_path(ld, dir, names[i]->d_name) : NULL;
		if (path != NULL && stat(path, &st) == 0 && S_ISREG(st.st_mode))
			(*out)[count++] = path;
		free(names[i]);
	}
	free(names);
	return count;
}

/* Whether the 'modules:' list names the file at path. */
static bool module_listed(const struct ydoc_node *list, const char *path)
{
	const char *name = strrchr(path, '/') + 1;   /* ld_path() wrote the slash */

	for (size_t i = 0; i < list->count; i++)
		if (list->items[i]->kind == YDOC_SCALAR && strcmp(list->items[i]->value, name) == 0)
			return true;
	return false;
}

/* Validating: warns about each module file in the course directory that the
 * 'modules:' list leaves out. Such a file is not part of the course and is not
 * checked, which an author who just wrote it does not expect; a warning, since
 * the course itself is sound. */
static void warn_unlisted(struct loader *ld, const char *dir, const struct ydoc_node *list)
{
	char **files;
	size_t n = yaml_files_beside(ld, dir, &files);

	for (size_t i = 0; i < n; i++)
		if (!module_listed(list, files[i]))
			tm_diags_add(ld->diags, TM_OK, files[i], 0, 0,
				     "module file '%s' is not in course.yaml's 'modules:' list, so "
				     "it is not part of the course and is not checked: add it to "
				     "the list, or remove it", strrchr(files[i], '/') + 1);
}

/* course.yaml cannot be read (a syntax error, an empty file), so which modules
 * it lists is unknown: none is checked (a backup copy or a notes.yaml beside
 * it would give errors that vanish once course.yaml is fixed). Validating, a
 * warning at course.yaml says how many module files were left unchecked. */
static void note_unchecked_modules(struct loader *ld, const char *dir, const char *course)
{
	char **files;
	size_t n = ld->probe ? yaml_files_beside(ld, dir, &files) : 0;

	if (n > 0)
		tm_diags_add(ld->diags, TM_OK, course, 0, 0,
			     "%zu module file%s beside course.yaml %s not checked, since "
			     "course.yaml could not be read: fix it and check again", n,
			     n == 1 ? "" : "s", n == 1 ? "was" : "were");
}

int tm_load_course_dir(struct loader *ld, const char *dir, struct tm_course *co)
{
	struct ydoc *doc = NULL;
	int before = ld->errors;
	const char *saved = ld->file;
	memset(co, 0, sizeof(*co));
	co->dir = tm_arena_strdup(ld->arena, dir);
	ld->file = ld_path(ld, dir, "course.yaml");
	if (ld_parse_file(ld, ld->file, "course", &doc) == LD_PARSE_FAILED) {
		note_unchecked_modules(ld, co->dir, ld->file);
		goto cleanup;
	}
	load_course_node(ld, co->dir, ydoc_root(doc), co);
	const struct ydoc_node *modules = ydoc_get(ydoc_root(doc), "modules");
	if (ld->probe && modules != NULL && modules->kind == YDOC_SEQ)
		warn_unlisted(ld, co->dir, modules);
cleanup:
	ydoc_free(doc);
	ld->file = saved;
	return ld->errors - before;
}

/* ==== Resolving references =============================================================== */

static const struct tm_exercise *find_exercise(const struct tm_exercise *ex, size_t n,
					       const char *id)
{
	for (size_t i = 0; i < n && id != NULL; i++)
		if (ex[i].id != NULL && strcmp(ex[i].id, id) == 0)
			return &ex[i];
	return NULL;
}

/* The exercise in directory exercises/<id> that failed to load before its id
 * could be read (a syntax error in exercise.yaml), or NULL. */
static const struct tm_exercise *find_broken(const struct tm_exercise *ex, size_t n,
					     const char *id)
{
	for (size_t i = 0; i < n && id != NULL; i++) {
		const char *base = ex[i].dir != NULL ? strrchr(ex[i].dir, '/') : NULL;
		base = base != NULL ? base + 1 : ex[i].dir;
		if (ex[i].id == NULL && ex[i].first_error != NULL && base != NULL &&
		    strcmp(base, id) == 0)
			return &ex[i];
	}
	return NULL;
}

/* Whether the errors of exercise e, of the array ex (n long), were pointed at
 * from an earlier reference, in this course or another; notes that they are
 * now. One exercise's errors are one error however many items refer to it. */
static bool told_before(struct loader *ld, const struct tm_exercise *ex, size_t n,
			const struct tm_exercise *e)
{
	if (ld->told_of != ex) {
		ld->told = tm_arena_alloc(ld->arena, n * sizeof(*ld->told));
		ld->told_of = ex;
	}
	if (ld->told == NULL)
		return false;   /* out of memory: told again, which is only noisy */
	bool was = ld->told[e - ex];
	ld->told[e - ex] = true;
	return was;
}

/* The id of the exercise in ex (n long) that id is a near miss of, as the
 * other "did you mean" suggestions choose (ydoc_suggest()), or NULL: none is
 * close, or memory ran out. Borrowed from ex. */
static const char *closest_exercise(struct loader *ld, const struct tm_exercise *ex, size_t n,
				    const char *id)
{
	const char **ids = tm_arena_alloc(ld->arena, (n + 1) * sizeof(*ids));
	size_t k = 0;
	if (ids == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (ex[i].id != NULL)
			ids[k++] = ex[i].id;
	ids[k] = NULL;
	return ydoc_suggest(id, ids);
}

/* Resolves an exercise reference, or reports why it cannot be: the exercise is
 * not there, or it has errors that were not shown (it was loaded only to
 * resolve this course), once per exercise. Errors already shown (the whole
 * content loaded, a syntax error in its exercise.yaml too) are not repeated
 * at the reference. */
static const struct tm_exercise *resolve_exercise(struct loader *ld, const char *file, int line,
						  int column, const char *id,
						  const struct tm_exercise *ex, size_t n)
{
	const struct tm_exercise *e = find_exercise(ex, n, id);
	const struct tm_exercise *broken = e == NULL ? find_broken(ex, n, id) : NULL;
	const struct tm_exercise *failed = broken != NULL ? broken
					   : e != NULL && e->first_error != NULL ? e
					   : NULL;
	if (failed != NULL) {
		if (!failed->quiet || told_before(ld, ex, n, failed))
			return e;
		tm_diags_add(ld->diags, TM_EINVALID, file, line, column,
			     "exercise '%s' has errors, the first at %s", id, failed->first_error);
		ld->errors++;
	} else if (e == NULL) {
		const char *close = closest_exercise(ld, ex, n, id);
		if (close != NULL)
			tm_diags_add(ld->diags, TM_ENOTFOUND, file, line, column,
				     "unknown exercise '%s'; did you mean '%s'?", id, close);
		else
			tm_diags_add(ld->diags, TM_ENOTFOUND, file, line, column,
				     "unknown exercise '%s'; add exercises/%s/exercise.yaml or fix "
				     "the id", id, id);
		ld->errors++;
	}
	return e;
}

void tm_resolve_course(struct loader *ld, struct tm_course *co,
		       const struct tm_exercise *exercises, size_t n_exercises)
{
	check_module_ids(ld, co);
	check_question_ids(ld, co);
	for (size_t mi = 0; mi < co->n_modules; mi++) {
		struct tm_module *m = &co->modules[mi];
		for (size_t ii = 0; ii < m->n_items; ii++) {
			struct tm_item *it = &m->items[ii];
			if (it->exercise_id != NULL)
				it->exercise = resolve_exercise(ld, m->file, it->exercise_line,
								it->exercise_column, it->exercise_id,
								exercises, n_exercises);
			for (size_t qi = 0; qi < it->n_questions; qi++) {
				struct tm_question *q = &it->questions[qi];
				if (q->exercise_id != NULL)
					q->exercise = resolve_exercise(ld, m->file, q->exercise_line,
								       q->exercise_column,
								       q->exercise_id, exercises,
								       n_exercises);
			}
		}
	}
}
