/*
 * cmd_cohort.c: `tmdojo cohort`, the trainer's class tools: grade a folder of
 * group submissions into the gradebook, report on a cohort (text, CSV, JSON or
 * one self-contained HTML page), quiz item analysis, cohort membership.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "json.h"

int cmd_cohort(int argc, char **argv);

static const char cohort_usage[] =
	"usage: tmdojo cohort grade --exercise ID [--cohort NAME] PATH...\n"
	"       tmdojo cohort report --cohort NAME [--exercise ID] [--format text|csv|json|html]\n"
	"                            [-o FILE]\n"
	"       tmdojo cohort items --cohort NAME [--json]\n"
	"       tmdojo cohort add NAME LEARNER...\n"
	"\n"
	"grade   grades every submission file (PATH: files, or directories whose files are\n"
	"        read, not recursively; the file name without its extension names the\n"
	"        group) and stores the results in the gradebook; re-running replaces\n"
	"        earlier grades of the same names. A group's top three are the first three\n"
	"        threat lines after a heading containing \"top three\" or \"top 3\", else\n"
	"        the first three threat lines. Unreadable and binary files are reported\n"
	"        and skipped: exit 1 when any was skipped. --cohort defaults to 'default'.\n"
	"report  the cohort at a glance; html is one self-contained page with charts\n"
	"items   quiz item analysis over the members' first attempts: facility,\n"
	"        discrimination (upper minus lower 27%), choice counts and flags\n"
	"add     adds learners (by their tmdojo learner name) to a cohort\n";

/* ==== Shared ========================================================================== */

static int fail_diags(struct tm_diags *d, int code)
{
	tools_print_diags(d);
	tm_diags_release(d);
	return code;
}

/* ==== grade ============================================================================= */

struct file_list {
	char **paths;
	size_t n, alloc;
};

static int list_add(struct file_list *l, const char *path)
{
	if (l->n == l->alloc) {
		size_t na = l->alloc ? l->alloc * 2 : 64;
		char **np = realloc(l->paths, na * sizeof(*np));
		if (np == NULL)
			return -1;
		l->paths = np;
		l->alloc = na;
	}
	l->paths[l->n] = strdup(path);
	return l->paths[l->n] != NULL ? (int)(++l->n, 0) : -1;
}

static void list_release(struct file_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->paths[i]);
	free(l->paths);
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds a directory's visible entries (sorted; not recursive). */
static int add_directory(struct file_list *l, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t first = l->n;
	if (d == NULL) {
		fprintf(stderr, "tmdojo cohort: skipped '%s': %s\n", dir, strerror(errno));
		return 1;
	}
	for (;;) {
		e = readdir(d);
		if (e == NULL)
			break;
		if (e->d_name[0] == '.')
			continue;
		size_t n = strlen(dir) + strlen(e->d_name) + 2;
		char *p = malloc(n);
		if (p == NULL)
			break;
		snprintf(p, n, "%s/%s", dir, e->d_name);
		struct stat sb;
		if (stat(p, &sb) == 0 && S_ISDIR(sb.st_mode)) {
			free(p);
			continue;
		}
		list_add(l, p);
		free(p);
	}
	closedir(d);
	qsort(l->paths + first, l->n - first, sizeof(*l->paths), by_string);
	return 0;
}

/* The group name: the file name without directory and extension. */
static void group_name(const char *path, char *out, size_t size)
{
	const char *base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	snprintf(out, size, "%s", base);
	char *dot = strrchr(out, '.');
	if (dot != NULL && dot != out)
		*dot = '\0';
}

static void progress(bool tty, size_t done, size_t total)
{
	if (!tty || total == 0)
		return;
	int width = 30, filled = (int)(width * done / total);
	char bar[32];
	for (int i = 0; i < width; i++)
		bar[i] = i < filled ? '#' : '-';
	bar[width] = '\0';
	fprintf(stderr, "\r[%s] %zu/%zu", bar, done, total);
	if (done == total)
		fputs("\n", stderr);
	fflush(stderr);
}

/* Grades one file; prints why it was skipped. Returns 0 graded, 1 skipped, -1
 * when the gradebook failed (the run stops). */
static int grade_one(struct tm_gradebook *g, const struct tm_exercise *ex, const char *cohort,
		     const char *path, bool tty, bool lines)
{
	struct tm_diags d;
	char *buf = NULL, name[256];
	size_t len = 0;
	struct stat sb;
	struct tm_graded res;
	tm_diags_init(&d);
	group_name(path, name, sizeof(name));
	int rc = tm_read_file(path, TM_MAX_FILE_BYTES, &buf, &len, &d);
	if (rc == TM_OK)
		rc = tm_gradebook_grade(g, ex, cohort, name, buf, len,
					stat(path, &sb) == 0 ? (long long)sb.st_mtime : 0, &res, &d);
	free(buf);
	int out = 0;
	if (rc == TM_OK) {
		if (lines)
			printf("%-24s %5.1f%%  %zu of %zu threats%s\n", name, res.score, res.found,
			       grader_key_threat_count(tm_exercise_key(ex)),
			       res.changed ? "" : "  (unchanged)");
	} else if (rc == TM_EDB || rc == TM_EBUSY || rc == TM_EREADONLY || rc == TM_ECORRUPT) {
		tools_print_diags(&d);
		out = -1;
	} else {
		fprintf(stderr, "%stmdojo cohort: skipped '%s': %s\n", tty ? "\n" : "", path,
			d.count > 0 ? d.items[0].text : tm_strerror(rc));
		out = 1;
	}
	tm_diags_release(&d);
	return out;
}

/* One file of the run with its group name, for spotting two files that would
 * store under the same name (alpha.txt and alpha.md). */
struct named {
	char name[256];
	size_t index;
};

static int by_name(const void *a, const void *b)
{
	const struct named *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c != 0 ? c : (x->index > y->index) - (x->index < y->index);
}

/* Marks dup[i] for every file whose group name an earlier file already has,
 * and says so. Returns how many, or -1 on ENOMEM. */
static long find_duplicates(const struct file_list *files, bool *dup)
{
	struct named *v = malloc((files->n ? files->n : 1) * sizeof(*v));
	long count = 0;
	if (v == NULL)
		return -1;
	for (size_t i = 0; i < files->n; i++) {
		group_name(files->paths[i], v[i].name, sizeof(v[i].name));
		v[i].index = i;
	}
	qsort(v, files->n, sizeof(*v), by_name);
	for (size_t i = 1; i < files->n; i++) {
		if (strcmp(v[i].name, v[i - 1].name) != 0)
			continue;
		size_t k = i - 1;
		while (k > 0 && strcmp(v[k - 1].name, v[i].name) == 0)
			k--;
		dup[v[i].index] = true;
		count++;
		fprintf(stderr, "tmdojo cohort: skipped '%s': group name '%s' is already taken by "
			"'%s'\n", files->paths[v[i].index], v[i].name, files->paths[v[k].index]);
	}
	free(v);
	return count;
}

#define BATCH 250

static int grade_files(struct tm_gradebook *g, const struct tm_exercise *ex,
		       const char *cohort, const struct file_list *files, size_t *skipped)
{
	struct tm_diags d;
	bool tty = isatty(STDERR_FILENO);
	bool lines = !(tty && isatty(STDOUT_FILENO));
	bool *dup = calloc(files->n + 1, sizeof(*dup));
	long dups = dup != NULL ? find_duplicates(files, dup) : -1;
	tm_diags_init(&d);
	if (dups < 0) {
		free(dup);
		fprintf(stderr, "tmdojo cohort: out of memory\n");
		return -1;
	}
	*skipped += (size_t)dups;
	for (size_t i = 0; i < files->n; i++) {
		if (i % BATCH == 0 && tm_gradebook_begin(g, &d) != TM_OK) {
			free(dup);
			return fail_diags(&d, -1);
		}
		int rc = dup[i] ? 0 : grade_one(g, ex, cohort, files->paths[i], tty, lines);
		if (rc < 0) {
			tm_gradebook_rollback(g);
			free(dup);
			return -1;
		}
		*skipped += (size_t)rc;
		if ((i % BATCH == BATCH - 1 || i + 1 == files->n) &&
		    tm_gradebook_commit(g, &d) != TM_OK) {
			free(dup);
			return fail_diags(&d, -1);
		}
		progress(tty, i + 1, files->n);
	}
	free(dup);
	return 0;
}

static int cohort_grade(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "exercise", required_argument, NULL, 'e' },
		{ "cohort", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *exercise = NULL, *cohort = "default";
	struct file_list files = { 0 };
	size_t skipped = 0, bad_dirs = 0;
	int c, status = EXIT_BAD_INPUT;
	optind = 1;
	for (;;) {
		c = getopt_long(argc, argv, "e:c:h", opts, NULL);
		if (c == -1)
			break;
		if (c == 'e')
			exercise = optarg;
		else if (c == 'c')
			cohort = optarg;
		else {
			fputs(cohort_usage, c == 'h' ? stdout : stderr);
			return c == 'h' ? 0 : EXIT_BAD_INPUT;
		}
	}
	if (exercise == NULL || optind >= argc) {
		fprintf(stderr, "tmdojo cohort grade: %s\n%s", exercise == NULL ?
			"--exercise is required" : "no submission files given", cohort_usage);
		return EXIT_BAD_INPUT;
	}
	struct tm_content *content = tools_load_content();
	struct tm_store *store = NULL;
	struct tm_gradebook *g = NULL;
	const struct tm_exercise *ex = NULL;
	if (content == NULL)
		goto cleanup;
	ex = tm_content_find_exercise(content, exercise);
	if (ex == NULL) {
		fprintf(stderr, "tmdojo cohort grade: no exercise '%s'; 'tmdojo list' shows them\n",
			exercise);
		goto cleanup;
	}
	for (int i = optind; i < argc; i++) {
		struct stat sb;
		if (stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode))
			bad_dirs += (size_t)add_directory(&files, argv[i]);
		else
			list_add(&files, argv[i]);
	}
	g = tools_open_gradebook(&store);
	if (g == NULL)
		goto cleanup;
	if (grade_files(g, ex, cohort, &files, &skipped) != 0)
		goto cleanup;
	printf("graded %zu of %zu submissions of '%s' into cohort '%s'", files.n - skipped,
	       files.n, exercise, cohort);
	if (skipped + bad_dirs > 0)
		printf("; %zu skipped", skipped + bad_dirs);
	printf("\n");
	status = skipped + bad_dirs > 0 ? EXIT_NEGATIVE : 0;
cleanup:
	tm_gradebook_close(g);
	tm_store_close(store);
	tm_content_free(content);
	list_release(&files);
	return status;
}

/* ==== report ============================================================================= */

static void text_report(const struct tm_report *r, FILE *out)
{
	const struct tm_exercise *ex = tm_report_exercise(r);
	const struct grader_key *key = tm_exercise_key(ex);
	size_t n = tm_report_group_count(r), nt = grader_key_threat_count(key);
	const size_t *hist = tm_report_histogram(r);
	fprintf(out, "cohort %s: %s (%s)\n", tm_report_cohort(r), tm_exercise_title(ex),
		tm_exercise_id(ex));
	fprintf(out, "%zu groups, mean %.1f%%, median %.1f%%\n\nscore distribution\n", n,
		tm_report_mean(r), tm_report_median(r));
	for (int b = 0; b < TM_REPORT_BINS; b++) {
		fprintf(out, "  %3d-%-3d %4zu ", b * 10, b == TM_REPORT_BINS - 1 ? 100 : b * 10 + 9,
			hist[b]);
		for (size_t k = 0; k < hist[b] * 40 / (n > 0 ? n : 1); k++)
			fputc('#', out);
		fputc('\n', out);
	}
	fprintf(out, "\nthreats, most missed first\n");
	for (size_t k = 0; k < nt; k++) {
		size_t t = tm_report_threat_order(r)[k];
		fprintf(out, "  %-6s %-8s %4zu of %zu  %s\n", grader_threat_id(key, t),
			grader_severity_name(grader_threat_severity(key, t)), tm_report_found_by(r, t),
			n, grader_threat_title(key, t));
	}
	fprintf(out, "\ntop three (reference:");
	for (size_t k = 0; k < tm_exercise_top_count(ex); k++)
		fprintf(out, " %s", tm_exercise_top_threat(ex, k));
	fprintf(out, ")\n");
	for (size_t i = 0; i < n; i++) {
		const struct tm_report_group *gr = tm_report_group(r, i);
		fprintf(out, "  %-24s %5.1f%%\n", gr->name, gr->score);
		for (size_t k = 0; k < gr->top_count; k++)
			fprintf(out, "    %zu. %s [%s]\n", k + 1, gr->top[k].text, gr->top[k].threat >= 0 ?
				grader_threat_id(key, (size_t)gr->top[k].threat) : "-");
	}
}

static void json_report(const struct tm_report *r, FILE *out)
{
	const struct tm_exercise *ex = tm_report_exercise(r);
	const struct grader_key *key = tm_exercise_key(ex);
	size_t n = tm_report_group_count(r), nt = grader_key_threat_count(key);
	struct json j;
	json_init(&j, out);
	json_object(&j);
	json_kv_string(&j, "cohort", tm_report_cohort(r));
	json_kv_string(&j, "exercise", tm_exercise_id(ex));
	json_kv_int(&j, "groups", (long)n);
	json_kv_number(&j, "mean", tm_report_mean(r));
	json_kv_number(&j, "median", tm_report_median(r));
	json_key(&j, "histogram");
	json_array(&j);
	for (int b = 0; b < TM_REPORT_BINS; b++)
		json_int(&j, (long)tm_report_histogram(r)[b]);
	json_end(&j);
	json_key(&j, "threats");
	json_array(&j);
	for (size_t k = 0; k < nt; k++) {
		size_t t = tm_report_threat_order(r)[k];
		json_object(&j);
		json_kv_string(&j, "threat", grader_threat_id(key, t));
		json_kv_string(&j, "title", grader_threat_title(key, t));
		json_kv_string(&j, "severity", grader_severity_name(grader_threat_severity(key, t)));
		json_kv_int(&j, "found_by", (long)tm_report_found_by(r, t));
		json_kv_number(&j, "rate", n > 0 ? (double)tm_report_found_by(r, t) / (double)n : 0);
		json_end(&j);
	}
	json_end(&j);
	json_key(&j, "reference_top_three");
	json_array(&j);
	for (size_t k = 0; k < tm_exercise_top_count(ex); k++)
		json_string(&j, tm_exercise_top_threat(ex, k));
	json_end(&j);
	json_key(&j, "submissions");
	json_array(&j);
	for (size_t i = 0; i < n; i++) {
		const struct tm_report_group *gr = tm_report_group(r, i);
		json_object(&j);
		json_kv_string(&j, "name", gr->name);
		json_kv_number(&j, "score", gr->score);
		json_kv_number(&j, "points", gr->points);
		json_kv_number(&j, "max_points", gr->max);
		json_kv_int(&j, "submitted", (long)gr->submitted);
		json_kv_string(&j, "hash", gr->hash);
		json_key(&j, "found");
		json_array(&j);
		for (size_t t = 0; t < nt; t++) {
			if (gr->found_line[t] == 0)
				continue;
			json_object(&j);
			json_kv_string(&j, "threat", grader_threat_id(key, t));
			json_kv_int(&j, "line", gr->found_line[t]);
			json_end(&j);
		}
		json_end(&j);
		json_key(&j, "top_three");
		json_array(&j);
		for (size_t k = 0; k < gr->top_count; k++) {
			json_object(&j);
			json_kv_int(&j, "line", gr->top[k].line);
			json_kv_string(&j, "text", gr->top[k].text);
			json_key(&j, "threat");
			if (gr->top[k].threat >= 0)
				json_string(&j, grader_threat_id(key, (size_t)gr->top[k].threat));
			else
				json_null(&j);
			json_end(&j);
		}
		json_end(&j);
		json_end(&j);
	}
	json_end(&j);
	json_end(&j);
	json_finish(&j);
}

/* Writes the report to path through a temporary file renamed into place, so a
 * failed run never leaves half a report. */
static int write_report(const char *path, const struct tm_report *r, const char *format)
{
	struct tm_diags d;
	char *data = NULL, *tmp = NULL;
	size_t len = 0;
	int status = EXIT_BAD_INPUT;
	FILE *f = NULL;
	tm_diags_init(&d);
	if (strcmp(format, "csv") == 0 || strcmp(format, "html") == 0) {
		int rc = format[0] == 'c' ? tm_report_csv(r, &data, &len, &d) :
			tm_report_html(r, &data, &len, &d);
		if (rc != TM_OK)
			return fail_diags(&d, EXIT_BAD_INPUT);
	}
	if (path == NULL) {
		f = stdout;
	} else {
		size_t n = strlen(path) + 16;
		tmp = malloc(n);
		if (tmp == NULL)
			goto cleanup;
		snprintf(tmp, n, "%s.tmp%ld", path, (long)getpid());
		f = fopen(tmp, "w");
		if (f == NULL) {
			fprintf(stderr, "tmdojo cohort report: cannot write '%s': %s\n", tmp,
				strerror(errno));
			goto cleanup;
		}
	}
	if (data != NULL)
		fwrite(data, 1, len, f);
	else if (strcmp(format, "json") == 0)
		json_report(r, f);
	else
		text_report(r, f);
	if (f == stdout) {
		status = fflush(f) == 0 ? 0 : EXIT_BAD_INPUT;
		f = NULL;
	} else {
		int bad = ferror(f) | fclose(f);
		f = NULL;
		if (bad || rename(tmp, path) != 0) {
			fprintf(stderr, "tmdojo cohort report: cannot write '%s': %s\n", path,
				strerror(errno));
			unlink(tmp);
			goto cleanup;
		}
		status = 0;
	}
cleanup:
	if (f != NULL && f != stdout) {
		fclose(f);
		unlink(tmp);
	}
	free(tmp);
	free(data);
	tm_diags_release(&d);
	return status;
}

static int cohort_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "cohort", required_argument, NULL, 'c' },
		{ "exercise", required_argument, NULL, 'e' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *cohort = NULL, *exercise = NULL, *format = "text", *output = NULL;
	int c, status = EXIT_BAD_INPUT;
	optind = 1;
	for (;;) {
		c = getopt_long(argc, argv, "c:e:f:o:h", opts, NULL);
		if (c == -1)
			break;
		if (c == 'c')
			cohort = optarg;
		else if (c == 'e')
			exercise = optarg;
		else if (c == 'f')
			format = optarg;
		else if (c == 'o')
			output = optarg;
		else {
			fputs(cohort_usage, c == 'h' ? stdout : stderr);
			return c == 'h' ? 0 : EXIT_BAD_INPUT;
		}
	}
	if (cohort == NULL || optind < argc) {
		fprintf(stderr, "tmdojo cohort report: %s\n%s", cohort == NULL ?
			"--cohort is required" : "unexpected argument", cohort_usage);
		return EXIT_BAD_INPUT;
	}
	if (strcmp(format, "text") != 0 && strcmp(format, "csv") != 0 &&
	    strcmp(format, "json") != 0 && strcmp(format, "html") != 0) {
		fprintf(stderr, "tmdojo cohort report: unknown format '%s' (text, csv, json or "
			"html)\n", format);
		return EXIT_BAD_INPUT;
	}
	struct tm_diags d;
	struct tm_store *store = NULL;
	struct tm_gradebook *g = NULL;
	struct tm_report *r = NULL;
	struct tm_content *content = tools_load_content();
	tm_diags_init(&d);
	if (content == NULL)
		goto cleanup;
	g = tools_open_gradebook(&store);
	if (g == NULL)
		goto cleanup;
	if (tm_report_build(g, content, cohort, exercise, &r, &d) != TM_OK) {
		tools_print_diags(&d);
		goto cleanup;
	}
	status = write_report(output, r, format);
cleanup:
	tm_diags_release(&d);
	tm_report_free(r);
	tm_gradebook_close(g);
	tm_store_close(store);
	tm_content_free(content);
	return status;
}

/* ==== items =============================================================================== */

static const char *choice_label(const struct tm_item_stats *s, size_t k)
{
	if (tm_question_type(s->q) == TM_Q_TRUE_FALSE)
		return k == 0 ? "true" : "false";
	return tm_question_choice_text(s->q, k);
}

static bool choice_correct(const struct tm_item_stats *s, size_t k)
{
	if (tm_question_type(s->q) == TM_Q_TRUE_FALSE)
		return (k == 0) == tm_question_answer_bool(s->q);
	return tm_question_choice_correct(s->q, k);
}

static void flag_names(unsigned flags, char *out, size_t size)
{
	snprintf(out, size, "%s%s%s", flags & TM_FLAG_TOO_EASY ? " too-easy" : "",
		 flags & TM_FLAG_TOO_HARD ? " too-hard" : "",
		 flags & TM_FLAG_NEGATIVE ? " negative-discrimination" : "");
}

static void items_text(const struct tm_items *it, const char *cohort)
{
	printf("cohort %s: %zu members, %zu questions answered (first attempts)\n"
	       "flags: too-easy facility > %.1f, too-hard < %.1f, negative discrimination\n\n",
	       cohort, tm_items_member_count(it), tm_items_count(it), TM_ITEM_TOO_EASY,
	       TM_ITEM_TOO_HARD);
	for (size_t i = 0; i < tm_items_count(it); i++) {
		const struct tm_item_stats *s = tm_items_get(it, i);
		char flags[96];
		flag_names(s->flags, flags, sizeof(flags));
		printf("%s/%s#%d %s  n=%zu  facility %.2f  discrimination %+.2f (groups of %zu)%s\n",
		       s->course, s->module, s->item, s->question, s->answered, s->facility,
		       s->discrimination, s->group_size, flags);
		for (size_t k = 0; k < s->choice_count; k++)
			printf("    %c) %-50.50s %4zu%s\n", (int)('a' + k % 26), choice_label(s, k),
			       s->chosen[k], choice_correct(s, k) ? "  (correct)" : "");
		if (s->unreadable > 0)
			printf("    unreadable answers: %zu\n", s->unreadable);
	}
}

static void items_json(const struct tm_items *it, const char *cohort)
{
	struct json j;
	json_init(&j, stdout);
	json_object(&j);
	json_kv_string(&j, "cohort", cohort);
	json_kv_int(&j, "members", (long)tm_items_member_count(it));
	json_key(&j, "questions");
	json_array(&j);
	for (size_t i = 0; i < tm_items_count(it); i++) {
		const struct tm_item_stats *s = tm_items_get(it, i);
		json_object(&j);
		json_kv_string(&j, "course", s->course);
		json_kv_string(&j, "module", s->module);
		json_kv_int(&j, "item", s->item);
		json_kv_string(&j, "question", s->question);
		json_kv_string(&j, "type", s->q != NULL ? tm_question_type_name(tm_question_type(s->q))
			       : NULL);
		json_kv_int(&j, "answered", (long)s->answered);
		json_kv_int(&j, "correct", (long)s->correct);
		json_kv_number(&j, "facility", s->facility);
		json_kv_number(&j, "discrimination", s->discrimination);
		json_kv_int(&j, "group_size", (long)s->group_size);
		json_key(&j, "choices");
		json_array(&j);
		for (size_t k = 0; k < s->choice_count; k++) {
			json_object(&j);
			json_kv_string(&j, "text", choice_label(s, k));
			json_kv_bool(&j, "correct", choice_correct(s, k));
			json_kv_int(&j, "chosen", (long)s->chosen[k]);
			json_end(&j);
		}
		json_end(&j);
		json_kv_int(&j, "unreadable", (long)s->unreadable);
		json_key(&j, "flags");
		json_array(&j);
		if (s->flags & TM_FLAG_TOO_EASY)
			json_string(&j, "too-easy");
		if (s->flags & TM_FLAG_TOO_HARD)
			json_string(&j, "too-hard");
		if (s->flags & TM_FLAG_NEGATIVE)
			json_string(&j, "negative-discrimination");
		json_end(&j);
		json_end(&j);
	}
	json_end(&j);
	json_end(&j);
	json_finish(&j);
}

static int cohort_items(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "cohort", required_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *cohort = NULL;
	bool as_json = false;
	int c, status = EXIT_BAD_INPUT;
	optind = 1;
	for (;;) {
		c = getopt_long(argc, argv, "c:jh", opts, NULL);
		if (c == -1)
			break;
		if (c == 'c')
			cohort = optarg;
		else if (c == 'j')
			as_json = true;
		else {
			fputs(cohort_usage, c == 'h' ? stdout : stderr);
			return c == 'h' ? 0 : EXIT_BAD_INPUT;
		}
	}
	if (cohort == NULL || optind < argc) {
		fprintf(stderr, "tmdojo cohort items: %s\n%s", cohort == NULL ?
			"--cohort is required" : "unexpected argument", cohort_usage);
		return EXIT_BAD_INPUT;
	}
	struct tm_diags d;
	struct tm_store *store = NULL;
	struct tm_gradebook *g = NULL;
	struct tm_items *it = NULL;
	struct tm_content *content = tools_load_content();
	tm_diags_init(&d);
	if (content == NULL)
		goto cleanup;
	g = tools_open_gradebook(&store);
	if (g == NULL)
		goto cleanup;
	if (tm_items_analyze(g, content, cohort, &it, &d) != TM_OK) {
		tools_print_diags(&d);
		goto cleanup;
	}
	if (as_json)
		items_json(it, cohort);
	else
		items_text(it, cohort);
	status = 0;
cleanup:
	tm_diags_release(&d);
	tm_items_free(it);
	tm_gradebook_close(g);
	tm_store_close(store);
	tm_content_free(content);
	return status;
}

/* ==== add ================================================================================== */

static int cohort_add(int argc, char **argv)
{
	if (argc < 3 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(cohort_usage, argc < 3 ? stderr : stdout);
		return argc < 3 ? EXIT_BAD_INPUT : 0;
	}
	struct tm_diags d;
	struct tm_store *store = NULL;
	struct tm_gradebook *g = tools_open_gradebook(&store);
	size_t added = 0, total = 0;
	int status = EXIT_BAD_INPUT;
	tm_diags_init(&d);
	if (g == NULL)
		return EXIT_BAD_INPUT;
	for (int i = 2; i < argc; i++) {
		bool is_new = false;
		if (tm_gradebook_add_member(g, argv[1], argv[i], &is_new, &d) != TM_OK) {
			tools_print_diags(&d);
			goto cleanup;
		}
		added += is_new;
	}
	if (tm_gradebook_member_count(g, argv[1], &total, &d) != TM_OK) {
		tools_print_diags(&d);
		goto cleanup;
	}
	printf("cohort '%s': %zu added, %zu members\n", argv[1], added, total);
	status = 0;
cleanup:
	tm_diags_release(&d);
	tm_gradebook_close(g);
	tm_store_close(store);
	return status;
}

/* ==== Dispatch ================================================================================= */

int cmd_cohort(int argc, char **argv)
{
	static const struct subcommand subs[] = {
		{ "grade", cohort_grade },
		{ "report", cohort_report },
		{ "items", cohort_items },
		{ "add", cohort_add },
	};
	return tools_run_subcommand("cohort", subs, sizeof(subs) / sizeof(subs[0]), cohort_usage,
				    argc, argv);
}
