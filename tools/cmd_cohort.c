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
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "json.h"
#include "render.h"
#include "term.h"

int cmd_cohort(int argc, char **argv);

static const char cohort_usage[] =
	"usage: tmdojo cohort grade --exercise ID [--cohort NAME] PATH...\n"
	"       tmdojo cohort report --cohort NAME [--exercise ID] [--format text|csv|json|html]\n"
	"                            [--json] [-o FILE]\n"
	"       tmdojo cohort items --cohort NAME [--json]\n"
	"       tmdojo cohort add [--] NAME LEARNER...\n"
	"       tmdojo cohort remove --cohort NAME [--exercise ID] [--] GROUP...\n"
	"       tmdojo cohort list [--json]\n"
	"\n"
	"grade   grades every submission file (PATH: files, or directories whose files are\n"
	"        read, not recursively; the file name without its extension names the\n"
	"        group) and stores the results in the gradebook; re-running replaces\n"
	"        earlier grades of the same names. A group's top three are the first three\n"
	"        threat lines after the first top-three label: a heading, bold or plain\n"
	"        line reading \"Top three\", \"Top 3\" or \"Top-3\" (\"## 3. Top three risks\",\n"
	"        \"**Top three (prioritised)**\", \"Top three:\"; a heading or bold line\n"
	"        may have a short lead: \"## Step 5: Top three\", \"## Prioritised top 3\"),\n"
	"        else the first three threat lines (with a warning when a line looks like\n"
	"        a label but is not). A list item wrapped onto indented lines is one\n"
	"        threat line; a table row is one, read from its threat cell, and the\n"
	"        table's header row none.\n"
	"        Non-regular (FIFOs, devices), unreadable and binary files, and files\n"
	"        whose name has a control character or a byte that is not UTF-8 (unless\n"
	"        the gradebook already holds that group) are reported and skipped, and so\n"
	"        are .html, .csv and .json files (save a submission as .txt, .md or\n"
	"        .yaml) and a tmdojo report named here: exit 1 when any was skipped,\n"
	"        exit 2 when nothing is graded. tmdojo's own reports in a directory are\n"
	"        passed over with a notice. Empty files are stored as 0% with a\n"
	"        warning. A file name with a combining accent (e and U+0301 for an\n"
	"        accented e, as macOS zip archives write names) is graded with a\n"
	"        warning: the same name typed precomposed is a different group. A\n"
	"        cohort name follows the same name rule when it is new. --cohort\n"
	"        defaults to 'default'. Ctrl-C (or SIGTERM, SIGHUP) stops the run:\n"
	"        what was graded is stored, a line says how many were not read, and\n"
	"        the exit status is 128 plus the signal (130 for Ctrl-C). A group whose\n"
	"        file has the same bytes as another group's, or whose name differs from\n"
	"        another's only in case (Otters, otters), is graded with a warning\n"
	"        naming both\n"
	"report  the cohort at a glance on one exercise (--exercise, needed once the\n"
	"        cohort has grades for more than one); html is one self-contained page\n"
	"        with charts. Exact copies and names differing only in case are marked\n"
	"        (json, csv: identical_to, name_like), and so are groups graded on an\n"
	"        empty file or one cut at 100000 lines (json, csv: lines; 0 when\n"
	"        empty). Each top-three pick shows its\n"
	"        threat (', repeat' when named before) or its closest threat and\n"
	"        similarity; extra picks are said ('4 picks given, the first 3 read'),\n"
	"        and so are missing ones ('only 2 picks given');\n"
	"        a tally says how many groups picked each threat (* reference) and how\n"
	"        many picks match none (json top_tally; csv top1_threat..top3_threat).\n"
	"        -o replaces a regular file (or a link's file) atomically and writes a\n"
	"        FIFO or device directly; -o - writes to standard output. --json is\n"
	"        --format json, as items and list take it\n"
	;

/* The usage goes in two strings: one would pass the 4095 bytes ISO C asks
 * compilers to support. */
static const char cohort_usage_more[] =
	"items   quiz item analysis over the members' first attempts, in course order:\n"
	"        facility, discrimination (upper minus lower 27% of the learners by their\n"
	"        score on that quiz; ties at a group's edge share its places), choice\n"
	"        counts (choices in the author's order, not the shuffled letters learners\n"
	"        saw) and flags; discrimination ranks only the learners who finished\n"
	"        the quiz (those who stopped mid-quiz count in facility and choices;\n"
	"        the line says how many were not ranked, JSON \"unfinished\") and is\n"
	"        n/a (JSON null) with fewer than 2 of them. Choices are counted only\n"
	"        from answers to the question's choices as they are now (an answer\n"
	"        to an earlier version is left out and counted, JSON other_version;\n"
	"        answers stored before versions were kept, JSON unversioned, are\n"
	"        counted as if unchanged); facility and discrimination use every\n"
	"        answer (right or wrong was judged when answered). Every question of\n"
	"        a quiz the members took is listed: one nobody answered with n=0 and\n"
	"        facility n/a (JSON null); with no quiz answered yet, one line says so\n"
	"add     adds learners (by their tmdojo learner name) to a cohort, all or none;\n"
	"        warns about a learner with no progress yet (added all the same) and\n"
	"        one named twice (added once), and names those who were members\n"
	"        already. Use\n"
	"        '--' before a name that starts with '-'\n"
	"remove  removes groups' grades (a renamed or withdrawn group) from a cohort, on\n"
	"        one exercise or, without --exercise, on all of them; all or none: a\n"
	"        group with no grade there removes nothing; a group named twice is\n"
	"        removed once\n"
	"list    the cohorts in the gradebook (those with grades or members), by name,\n"
	"        with their grades, exercises and members. report, items and remove\n"
	"        refuse a cohort the gradebook does not hold (exit 2), naming the\n"
	"        cohorts; grade and add say when they create a new one, with the\n"
	"        closest existing name\n"
	"Short options: -e (--exercise), -c (--cohort), -f (--format), -j (--json),\n"
	"-o (--output).\n";

/* The whole usage (borrowed: a static buffer, built on the first call). */
static const char *full_usage(void)
{
	static char buf[sizeof(cohort_usage) + sizeof(cohort_usage_more)];
	if (buf[0] == '\0')
		snprintf(buf, sizeof(buf), "%s%s", cohort_usage, cohort_usage_more);
	return buf;
}

/* Writes the whole usage to f when it is standard output (help asked for);
 * to another stream (after an error) only the synopsis and where the rest is:
 * the whole text is over 80 lines, which scrolled the error off the screen. */
static void put_usage(FILE *f)
{
	if (f == stdout) {
		fputs(full_usage(), f);
		return;
	}
	const char *end = strstr(cohort_usage, "\n\n");
	fwrite(cohort_usage, 1, end != NULL ? (size_t)(end + 1 - cohort_usage) :
	       strlen(cohort_usage), f);
	fputs("Run 'tmdojo help cohort' for what each command does and its options.\n", f);
}

/* ==== Shared ========================================================================== */

static int fail_diags(struct tm_diags *d, int code)
{
	tools_print_diags(d);
	tm_diags_release(d);
	return code;
}

/* Whether name can name a cohort: a new one follows the name rule, one g
 * already holds is used under its stored name. Says why not, prefixed by cmd. */
static bool cohort_name_ok(const char *cmd, struct tm_gradebook *g, const char *name)
{
	struct tm_diags d;
	tm_diags_init(&d);
	bool ok = tm_gradebook_check_stored_name(g, "cohort", NULL, NULL, name, &d) == TM_OK;
	if (!ok)
		fprintf(stderr, "%s: %s\n", cmd, d.items[0].text);
	tm_diags_release(&d);
	return ok;
}

/* ---- known cohorts ------------------------------------------------------------------- */

/* The cohorts g holds (tm_gradebook_cohorts()); says why not, prefixed by
 * cmd, and returns false on failure. Caller frees with tm_gradebook_cohorts_free(). */
static bool load_cohorts(const char *cmd, struct tm_gradebook *g,
			 struct tm_gradebook_cohort **list, size_t *n)
{
	struct tm_diags d;
	tm_diags_init(&d);
	bool ok = tm_gradebook_cohorts(g, list, n, &d) == TM_OK;
	if (!ok)
		tools_print_diags_for(cmd, &d);
	tm_diags_release(&d);
	return ok;
}

/* Whether list[0..n) holds cohort. */
static bool cohort_listed(const struct tm_gradebook_cohort *list, size_t n, const char *cohort)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i].name, cohort) == 0)
			return true;
	return false;
}

/* " (did you mean 'NAME'?)" into buf for the cohort of list[0..n) closest to
 * cohort (tools_did_you_mean()), "" when none is. Returns buf. */
static const char *suggest_cohort(const struct tm_gradebook_cohort *list, size_t n,
				  const char *cohort, char *buf, size_t size)
{
	const char **names = calloc(n + 1, sizeof(*names));
	for (size_t i = 0; names != NULL && i < n; i++)
		names[i] = list[i].name;
	tools_did_you_mean(cohort, names, names != NULL ? n : 0, buf, size);
	free(names);
	return buf;
}

/* Whether g holds cohort (grades or members). Otherwise says so, prefixed by
 * cmd, with the closest name and the cohorts there are, and returns false: a
 * mistyped name is not an empty cohort. */
static bool cohort_known(const char *cmd, struct tm_gradebook *g, const char *cohort)
{
	struct tm_gradebook_cohort *list = NULL;
	size_t n = 0;
	char safe[512], hint[600], name[512];
	if (!load_cohorts(cmd, g, &list, &n))
		return false;
	bool known = cohort_listed(list, n, cohort);
	if (!known) {
		fprintf(stderr, "%s: no cohort '%s'%s; ", cmd,
			tools_printable(cohort, safe, sizeof(safe)),
			suggest_cohort(list, n, cohort, hint, sizeof(hint)));
		if (n == 0)
			fprintf(stderr, "the gradebook has no cohorts yet ('tmdojo cohort grade' "
				"and 'tmdojo cohort add' create one)\n");
		else
			fprintf(stderr, "the cohort%s %s: ", n == 1 ? "" : "s", n == 1 ? "is" : "are");
		for (size_t i = 0; i < n && i < 10; i++)
			fprintf(stderr, "%s'%s'", i > 0 ? ", " : "",
				tools_printable(list[i].name, name, sizeof(name)));
		if (n > 10)
			fprintf(stderr, " and %zu more ('tmdojo cohort list' shows them)", n - 10);
		if (n > 0)
			fputc('\n', stderr);
	}
	tm_gradebook_cohorts_free(list, n);
	return known;
}

/* Whether cohort is new to g (a run that stores will create it); the closest
 * existing name into hint (suggest_cohort()). False when the gradebook
 * cannot say: nothing to warn about then, storing will say what failed. */
static bool cohort_is_new(struct tm_gradebook *g, const char *cohort, char *hint, size_t size)
{
	struct tm_gradebook_cohort *list = NULL;
	size_t n = 0;
	struct tm_diags d;
	tm_diags_init(&d);
	bool is_new = tm_gradebook_cohorts(g, &list, &n, &d) == TM_OK &&
		      !cohort_listed(list, n, cohort);
	suggest_cohort(list, is_new ? n : 0, cohort, hint, size);
	tm_gradebook_cohorts_free(list, n);
	tm_diags_release(&d);
	return is_new;
}

/* Says that cmd created cohort, with hint (cohort_is_new()): a mistyped name
 * makes a new cohort, which the trainer should hear about at once. */
static void note_new_cohort(const char *cmd, const char *cohort, const char *hint)
{
	char safe[512];
	fprintf(stderr, "%s: created the new cohort '%s'%s; 'tmdojo cohort list' shows the "
		"cohorts\n", cmd, tools_printable(cohort, safe, sizeof(safe)), hint);
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

/* Whether path can be graded: a regular file (or a link to one). Says why not
 * and returns false otherwise; a FIFO or a device would block or never end. */
static bool is_submission_file(const char *path)
{
	struct stat sb;
	char safe[512];
	if (stat(path, &sb) != 0) {
		fprintf(stderr, "tmdojo cohort: skipped '%s': %s\n",
			tools_printable(path, safe, sizeof(safe)), strerror(errno));
		return false;
	}
	if (!S_ISREG(sb.st_mode)) {
		fprintf(stderr, "tmdojo cohort: skipped '%s': not a regular file\n",
			tools_printable(path, safe, sizeof(safe)));
		return false;
	}
	return true;
}

/* What a tmdojo report in path is ("HTML", "CSV", "JSON"), recognised by its
 * first bytes: the HTML report's title, the CSV report's header, a JSON object
 * whose first key is "cohort" (cohort report and cohort items --json); NULL
 * for anything else, an unreadable file included (reading it says why). */
static const char *report_kind(const char *path)
{
	static const char csv_head[] = "\"group\",\"score\",\"points\",\"max_points\","
		"\"submitted\",\"hash\",\"found\",";
	static const char csv_bare[] = "group,score,points,max_points,submitted,hash,found,";
	char head[4096];
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	size_t n = fread(head, 1, sizeof(head) - 1, f);
	fclose(f);
	head[n] = '\0';
	if (strstr(head, "<title>tmdojo cohort report: ") != NULL)
		return "HTML";
	if (strncmp(head, csv_head, sizeof(csv_head) - 1) == 0 ||
	    strncmp(head, csv_bare, sizeof(csv_bare) - 1) == 0)   /* as a spreadsheet saves it */
		return "CSV";
	const char *p = head + strspn(head, " \t\r\n");
	if (*p == '{') {
		p++;
		p += strspn(p, " \t\r\n");
		if (strncmp(p, "\"cohort\"", 8) == 0)
			return "JSON";
	}
	return NULL;
}

/* Whether path's extension names a format a submission is never written in
 * (HTML, CSV, JSON: submissions are text, Markdown or YAML); the extension
 * into ext. */
static bool foreign_extension(const char *path, const char **ext)
{
	static const char *const foreign[] = { ".html", ".htm", ".csv", ".json" };
	const char *base = strrchr(path, '/');
	const char *dot = strrchr(base != NULL ? base + 1 : path, '.');
	for (size_t i = 0; dot != NULL && i < sizeof(foreign) / sizeof(foreign[0]); i++) {
		if (strcasecmp(dot, foreign[i]) == 0) {
			*ext = dot;
			return true;
		}
	}
	return false;
}

/* Whether path, a regular file, is one cohort grade reads as a submission.
 * A tmdojo report is not: in a directory (in_dir) it is passed over with a
 * notice, a report saved beside the submissions; named on the command line it
 * is refused. An HTML, CSV or JSON file that is no report is refused: no
 * submission is written in those formats. Sets *refused when refused. */
static bool is_gradable(const char *path, bool in_dir, bool *refused)
{
	char safe[512];
	const char *kind = report_kind(path), *ext = NULL;
	*refused = false;
	tools_printable(path, safe, sizeof(safe));
	if (kind != NULL && in_dir) {
		fprintf(stderr, "tmdojo cohort grade: not graded '%s': a tmdojo report (%s), "
			"not a submission\n", safe, kind);
		return false;
	}
	*refused = true;
	if (kind != NULL) {
		fprintf(stderr, "tmdojo cohort grade: skipped '%s': a tmdojo report (%s), not a "
			"submission; name the submission files instead\n", safe, kind);
		return false;
	}
	if (foreign_extension(path, &ext)) {
		fprintf(stderr, "tmdojo cohort grade: skipped '%s': a '%s' file is not a "
			"submission (text, Markdown or YAML); save the threat list as .txt, .md "
			"or .yaml to grade it\n", safe, ext);
		return false;
	}
	*refused = false;
	return true;
}

/* Adds a directory's visible regular files (sorted; not recursive); reports
 * and counts in *skipped the entries that are neither files nor directories.
 * Returns 0, or 1 when the directory cannot be read. */
static int add_directory(struct file_list *l, const char *dir, size_t *skipped)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t first = l->n, dlen = strlen(dir);
	const char *sep = dlen > 0 && dir[dlen - 1] == '/' ? "" : "/";
	char safe[512];
	if (d == NULL) {
		fprintf(stderr, "tmdojo cohort: skipped '%s': %s\n",
			tools_printable(dir, safe, sizeof(safe)), strerror(errno));
		return 1;
	}
	for (;;) {
		e = readdir(d);
		if (e == NULL)
			break;
		if (e->d_name[0] == '.')
			continue;
		size_t n = dlen + strlen(e->d_name) + 2;
		char *p = malloc(n);
		if (p == NULL)
			break;
		snprintf(p, n, "%s%s%s", dir, sep, e->d_name);
		struct stat sb;
		if (stat(p, &sb) == 0 && S_ISDIR(sb.st_mode)) {
			/* not searched: say so, or a class kept in subdirectories
			 * reads as 'graded 0 of 0' */
			fprintf(stderr, "tmdojo cohort: skipped '%s': a directory (subdirectories "
				"are not searched; name it to grade the files in it)\n",
				tools_printable(p, safe, sizeof(safe)));
			free(p);
			continue;
		}
		bool refused = false;
		if (!is_submission_file(p))
			(*skipped)++;
		else if (is_gradable(p, true, &refused))
			list_add(l, p);
		else
			*skipped += refused;
		free(p);
	}
	closedir(d);
	if (l->n > first)   /* an empty list has no array to sort */
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

/* Warns that path's group name holds a combining mark (tools_combining_mark()). */
static void warn_decomposed(const char *path, const char *name, bool tty)
{
	char safe[512];
	unsigned mark = tools_combining_mark(name);
	if (mark == 0)
		return;
	fprintf(stderr, "%stmdojo cohort: warning: '%s': the group name has a combining accent "
		"(U+%04X, a decomposed character as macOS zip archives write them): the same "
		"name typed elsewhere with precomposed characters counts as a different group; "
		"rename the file with the accented letters precomposed (each typed as one "
		"character) to avoid it\n",
		tty ? "\n" : "", tools_printable(path, safe, sizeof(safe)), mark);
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

/* Says that path was skipped and why: every reason in d as tmdojo grade gives
 * it, PATH:LINE:COLUMN when it has a place (the engine names the group, not
 * the file), else 'PATH': text. rc names the reason when d has none. */
static void print_skipped(const char *lead, const char *path, const struct tm_diags *d, int rc)
{
	char safe[512], text[1024];
	tools_printable(path, safe, sizeof(safe));
	if (d->count == 0)
		fprintf(stderr, "%stmdojo cohort: skipped '%s': %s\n", lead, safe, tm_strerror(rc));
	for (size_t i = 0; i < d->count; i++) {
		const struct tm_error *e = &d->items[i];
		const char *what = i == 0 ? "skipped " : "";
		tools_printable(e->text, text, sizeof(text));
		if (e->line > 0)
			fprintf(stderr, "%stmdojo cohort: %s%s:%d:%d: %s\n", i == 0 ? lead : "", what,
				safe, e->line, e->column > 0 ? e->column : 1, text);
		else
			fprintf(stderr, "%stmdojo cohort: %s'%s': %s\n", i == 0 ? lead : "", what,
				safe, text);
	}
}

/* Reads and grades one file, outside any transaction, with the run's memo
 * (may be NULL); prints why it was skipped. Returns the entry, or NULL when
 * skipped. */
static struct tm_gradebook_entry *prepare_one(const struct tm_exercise *ex, const char *path,
					      struct grader_memo *memo, bool tty)
{
	struct tm_diags d;
	struct tm_gradebook_entry *e = NULL;
	char *buf = NULL, name[256], safe[512];
	size_t len = 0;
	struct stat sb;
	tm_diags_init(&d);
	group_name(path, name, sizeof(name));
	int rc = tools_read_submission(path, &buf, &len, &d);
	if (rc == TM_OK)
		rc = tm_gradebook_entry_new(ex, name, buf, len,
					    stat(path, &sb) == 0 ? (long long)sb.st_mtime : 0, memo,
					    &e, &d);
	if (rc == TM_OK) {
		tools_warn_submission(tty ? "\n" : "", path, tm_gradebook_entry_submission(e));
		/* stored all the same, as grade grades it: the trainer is told */
		tools_warn_limits(tty ? "\n" : "", tm_exercise_key_file(ex), tm_exercise_key(ex), path,
				  tm_gradebook_entry_submission(e), tm_gradebook_entry_result(e));
		warn_decomposed(path, name, tty);
	}
	int near = 0;
	if (rc == TM_OK && tm_gradebook_entry_top_label(e, &near) == 0 && near > 0)
		fprintf(stderr, "%stmdojo cohort: warning: '%s':%d looks like a top-three heading "
			"but is not read as one (write it as a heading or bold line with at most a short "
			"lead before 'Top three', as in '## Top three risks' or '## Step 5: Top three'); "
			"its top three are its first three threat lines\n",
			tty ? "\n" : "", tools_printable(path, safe, sizeof(safe)), near);
	free(buf);
	if (rc != TM_OK)
		print_skipped(tty ? "\n" : "", path, &d, rc);
	tm_diags_release(&d);
	return e;
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
		char p1[512], p2[512], nm[512];
		fprintf(stderr, "tmdojo cohort: skipped '%s': group name '%s' is already taken by "
			"'%s'\n", tools_printable(files->paths[v[i].index], p1, sizeof(p1)),
			tools_printable(v[i].name, nm, sizeof(nm)),
			tools_printable(files->paths[v[k].index], p2, sizeof(p2)));
	}
	free(v);
	return count;
}

/* Drops from files every path that names the same file (device and inode) as
 * an earlier one of the same group name: a file named twice on the command
 * line, or named and in a directory named too, is graded once, without a
 * word (it is no second group). Keeps the order. Returns 0, or -1 on ENOMEM. */
static int drop_repeats(struct file_list *files)
{
	struct named *v = malloc((files->n ? files->n : 1) * sizeof(*v));
	bool *drop = calloc(files->n + 1, sizeof(*drop));
	struct stat *st = calloc(files->n + 1, sizeof(*st));
	bool *known = calloc(files->n + 1, sizeof(*known));
	size_t w = 0;
	int status = -1;
	if (v == NULL || drop == NULL || st == NULL || known == NULL)
		goto cleanup;
	for (size_t i = 0; i < files->n; i++) {
		group_name(files->paths[i], v[i].name, sizeof(v[i].name));
		v[i].index = i;
		known[i] = stat(files->paths[i], &st[i]) == 0;
	}
	qsort(v, files->n, sizeof(*v), by_name);
	for (size_t i = 1; i < files->n; i++) {
		size_t b = v[i].index;
		/* the earlier files of the same name come just before, by index */
		for (size_t k = i; k-- > 0 && strcmp(v[k].name, v[i].name) == 0;) {
			size_t a = v[k].index;
			if (!drop[a] && known[a] && known[b] && st[a].st_dev == st[b].st_dev &&
			    st[a].st_ino == st[b].st_ino) {
				drop[b] = true;
				break;
			}
		}
	}
	for (size_t i = 0; i < files->n; i++) {
		if (drop[i])
			free(files->paths[i]);
		else
			files->paths[w++] = files->paths[i];
	}
	files->n = w;
	status = 0;
cleanup:
	free(v);
	free(drop);
	free(st);
	free(known);
	return status;
}

#define BATCH 250

/* Stores one batch of graded entries in a short transaction and prints a line
 * per group. Returns 0, or -1 when the gradebook failed (said why). */
static int store_batch(struct tm_gradebook *g, const struct tm_exercise *ex, const char *cohort,
		       const struct file_list *files, size_t from,
		       struct tm_gradebook_entry **entries, size_t n, bool lines, size_t *skipped)
{
	struct tm_diags d;
	struct tm_graded res[BATCH];
	char name[256], safe[512];
	tm_diags_init(&d);
	if (tm_gradebook_begin(g, &d) != TM_OK)
		return fail_diags(&d, -1);
	for (size_t k = 0; k < n; k++) {
		if (entries[k] == NULL)
			continue;
		int rc = tm_gradebook_store(g, cohort, entries[k], &res[k], &d);
		if (rc == TM_EUSAGE) {
			/* a new group whose name breaks the rule: nothing stored */
			fprintf(stderr, "tmdojo cohort: skipped '%s': %s\n",
				tools_printable(files->paths[from + k], safe, sizeof(safe)),
				d.count > 0 ? d.items[d.count - 1].text : tm_strerror(rc));
			tm_gradebook_entry_free(entries[k]);
			entries[k] = NULL;
			(*skipped)++;
		} else if (rc != TM_OK) {
			tm_gradebook_rollback(g);
			return fail_diags(&d, -1);
		}
	}
	if (tm_gradebook_commit(g, &d) != TM_OK)
		return fail_diags(&d, -1);
	tm_diags_release(&d);
	tools_note_stored("the grades were stored all the same ('tmdojo cohort report' shows them)");
	for (size_t k = 0; k < n; k++) {
		if (entries[k] == NULL)
			continue;
		group_name(files->paths[from + k], name, sizeof(name));
		tools_printable(name, safe, sizeof(safe));
		if (res[k].lines == 0)
			fprintf(stderr, "tmdojo cohort: warning: no threats found in '%s': stored "
				"as 0%%\n", tools_printable(files->paths[from + k], safe,
							     sizeof(safe)));
		if (!lines)
			continue;
		char was[96] = "";
		if (!res[k].changed)
			snprintf(was, sizeof(was), "  (unchanged)");
		else if (res[k].previous && res[k].key_changed)
			snprintf(was, sizeof(was), "  (re-graded: the key changed since the last "
				 "grading; was %.1f%%)", res[k].previous_score);
		else if (res[k].previous && res[k].previous_score != res[k].score)
			snprintf(was, sizeof(was), "  (was %.1f%%)", res[k].previous_score);
		tools_print_padded(stdout, tools_printable(name, safe, sizeof(safe)), 24);
		printf(" %5.1f%%  %zu of %zu threats%s\n", res[k].score, res[k].found,
		       grader_key_threat_count(tm_exercise_key(ex)), was);
	}
	return 0;
}

/* Grades the files in batches: each batch is read and graded with no lock held,
 * then stored in one short transaction, so other writers (another cohort grade,
 * a learner saving an answer) get the lock between batches instead of waiting
 * out the whole run. One memo of the learners' words serves every file (as in
 * tmdojo grade of several files; without one, when memory is short, grading is
 * only slower). Ctrl-C (SIGINT, SIGTERM, SIGHUP: term_catch_interrupt())
 * stops the reading; what the batch in progress graded so far is stored all
 * the same, as every earlier batch was: a grade is one row replaced in a
 * transaction, so a part of a run is as sound as a whole one, and its lines
 * are printed. *stored counts the grades stored, *reached the files read
 * (all of them unless interrupted). Returns 0, 1 when interrupted, or -1 when
 * the gradebook failed. */
static int grade_files(struct tm_gradebook *g, const struct tm_exercise *ex,
		       const char *cohort, const struct file_list *files, size_t *skipped,
		       size_t *stored, size_t *reached)
{
	/* a progress bar redrawn on stderr when it is a terminal; never in plain
	 * mode (a screen reader reads every redraw): the closing "graded N of M"
	 * line says it once */
	bool tty = isatty(STDERR_FILENO) && !term_plain();
	bool lines = !(tty && isatty(STDOUT_FILENO));
	bool *dup = calloc(files->n + 1, sizeof(*dup));
	long dups = dup != NULL ? find_duplicates(files, dup) : -1;
	struct tm_gradebook_entry *entries[BATCH];
	struct grader_memo *memo = NULL;
	int status = 0;
	if (dups < 0) {
		free(dup);
		fprintf(stderr, "tmdojo cohort: out of memory\n");
		return -1;
	}
	memo = grader_memo_new(tm_exercise_key(ex));
	*skipped += (size_t)dups;
	for (size_t from = 0; from < files->n && status == 0; from += BATCH) {
		size_t n = files->n - from < BATCH ? files->n - from : BATCH;
		for (size_t k = 0; k < n; k++) {
			size_t i = from + k;
			if (term_interrupted()) {
				n = k;
				break;
			}
			entries[k] = dup[i] ? NULL : prepare_one(ex, files->paths[i], memo, tty);
			*skipped += !dup[i] && entries[k] == NULL;
			progress(tty, i + 1, files->n);
		}
		*reached += n;
		status = n > 0 ? store_batch(g, ex, cohort, files, from, entries, n, lines,
					     skipped) : 0;
		for (size_t k = 0; k < n; k++) {
			*stored += status == 0 && entries[k] != NULL;
			tm_gradebook_entry_free(entries[k]);
		}
		/* a signal once every file was read stops nothing: the run is whole */
		if (status == 0 && term_interrupted() && from + n < files->n)
			status = 1;
	}
	grader_memo_free(memo);
	free(dup);
	return status;
}

/* Whether the sorted names[0..n) holds name. */
static bool has_name(char *const *names, size_t n, const char *name)
{
	return n > 0 && bsearch(&name, names, n, sizeof(*names), by_string) != NULL;
}

/* Prints up to a few names of list[i] for which pick(i) holds, comma-separated,
 * "and N more" after that. */
static void print_names(FILE *out, const struct tm_gradebook_group *list, const bool *pick,
			size_t n)
{
	char safe[512];
	size_t shown = 0, total = 0;
	for (size_t i = 0; i < n; i++) {
		if (!pick[i])
			continue;
		if (shown < 10)
			fprintf(out, "%s%s", shown++ > 0 ? ", " : "",
				tools_printable(list[i].name, safe, sizeof(safe)));
		total++;
	}
	if (total > shown)
		fprintf(out, " and %zu more", total - shown);
}

/* Warns about the groups of this run that look like another group of the
 * cohort on the exercise (list[0..n), in_run[i] whether list[i] was graded
 * now): an exact copy of another's file, or a name that is another's but for
 * case (a typo makes a new group, as it makes a new cohort). Each pair once.
 * Returns 0, or -1 when out of memory. */
static int warn_lookalikes(const struct tm_gradebook_group *list, size_t n, const bool *in_run)
{
	const char **names = malloc((n + 1) * sizeof(*names));
	const char **hashes = malloc((n + 1) * sizeof(*hashes));
	long *copy_of = malloc((n + 1) * sizeof(*copy_of));
	long *name_like = malloc((n + 1) * sizeof(*name_like));
	char safe[512], other[512];
	int status = -1;
	if (names == NULL || hashes == NULL || copy_of == NULL || name_like == NULL)
		goto cleanup;
	for (size_t i = 0; i < n; i++) {
		names[i] = list[i].name;
		hashes[i] = list[i].hash;
	}
	if (tm_group_lookalikes(names, hashes, n, copy_of, name_like) != TM_OK)
		goto cleanup;
	for (size_t i = 0; i < n; i++) {
		long c = copy_of[i], l = name_like[i];
		if (c >= 0 && (in_run[i] || in_run[c]))
			fprintf(stderr, "tmdojo cohort grade: warning: %s is identical to %s (the "
				"same file under two names?): both are graded and counted\n",
				tools_printable(list[i].name, safe, sizeof(safe)),
				tools_printable(list[c].name, other, sizeof(other)));
		/* a pair whose both names point at each other is said from its first */
		if (l >= 0 && (in_run[i] || in_run[l]) && !(name_like[l] == (long)i && l < (long)i))
			fprintf(stderr, "tmdojo cohort grade: warning: groups '%s' and '%s' differ "
				"only in case: they are kept as two groups; if they are one, rename "
				"the file and remove the other with 'tmdojo cohort remove'\n",
				tools_printable(list[i].name, safe, sizeof(safe)),
				tools_printable(list[l].name, other, sizeof(other)));
	}
	status = 0;
cleanup:
	free(names);
	free(hashes);
	free(copy_of);
	free(name_like);
	return status;
}

/* After a run: says which groups of the cohort on this exercise were graded
 * against another key version and were not re-graded now, and, when a whole
 * directory was graded, which stored groups were not in it (renamed or
 * withdrawn: they still count in the report). Returns 0, or -1 on failure. */
static int note_other_groups(struct tm_gradebook *g, const struct tm_exercise *ex,
			     const char *cohort, const struct file_list *files, bool whole_dir)
{
	struct tm_diags d;
	struct tm_gradebook_group *list = NULL;
	size_t n = 0, stale = 0, missing = 0;
	char key_hash[17], safe[512], nm[256];
	char **names = calloc(files->n + 1, sizeof(*names));
	bool *is_stale = NULL, *is_missing = NULL, *in_run = NULL;
	int status = -1;
	tm_diags_init(&d);
	if (names == NULL)
		goto cleanup;
	for (size_t i = 0; i < files->n; i++) {
		group_name(files->paths[i], nm, sizeof(nm));
		names[i] = strdup(nm);
		if (names[i] == NULL)
			goto cleanup;
	}
	qsort(names, files->n, sizeof(*names), by_string);
	if (tm_gradebook_list(g, cohort, tm_exercise_id(ex), &list, &n, &d) != TM_OK) {
		tools_print_diags_for("tmdojo cohort grade", &d);
		goto cleanup;
	}
	is_stale = calloc(n + 1, sizeof(*is_stale));
	is_missing = calloc(n + 1, sizeof(*is_missing));
	in_run = calloc(n + 1, sizeof(*in_run));
	if (is_stale == NULL || is_missing == NULL || in_run == NULL)
		goto cleanup;
	tm_key_hash(tm_exercise_key(ex), key_hash);
	for (size_t i = 0; i < n; i++) {
		in_run[i] = has_name(names, files->n, list[i].name);
		is_stale[i] = !in_run[i] && strcmp(list[i].key_hash, key_hash) != 0;
		is_missing[i] = whole_dir && !in_run[i];
		stale += is_stale[i];
		missing += is_missing[i];
	}
	if (warn_lookalikes(list, n, in_run) != 0)
		goto cleanup;
	tools_printable(cohort, safe, sizeof(safe));
	if (stale > 0) {
		fprintf(stderr, "tmdojo cohort grade: warning: %zu group%s of cohort '%s' %s graded "
			"against another version of the key of '%s': ", stale,
			stale == 1 ? "" : "s", safe, stale == 1 ? "was" : "were", tm_exercise_id(ex));
		print_names(stderr, list, is_stale, n);
		fprintf(stderr, "; re-grade %s so that the report compares like with like\n",
			stale == 1 ? "it" : "them");
	}
	if (missing > 0) {
		printf("%zu group%s in the gradebook %s not in this run: ", missing,
		       missing == 1 ? "" : "s", missing == 1 ? "was" : "were");
		print_names(stdout, list, is_missing, n);
		printf("; remove with 'tmdojo cohort remove --cohort %s --exercise %s GROUP...'\n",
		       safe, tm_exercise_id(ex));
	}
	status = 0;
cleanup:
	if (status != 0 && d.count == 0)
		fprintf(stderr, "tmdojo cohort grade: out of memory\n");
	for (size_t i = 0; names != NULL && i < files->n; i++)
		free(names[i]);
	free(names);
	free(is_stale);
	free(is_missing);
	free(in_run);
	tm_gradebook_list_free(list, n);
	tm_diags_release(&d);
	return status;
}

/* Says that a signal stopped the run once reached of the total files were
 * read (stored of them graded and stored), and returns its exit status (130
 * after Ctrl-C). */
static int grade_interrupted(size_t stored, size_t reached, size_t total)
{
	bool tty = isatty(STDERR_FILENO) && !term_plain();
	fprintf(stderr, "%stmdojo cohort grade: interrupted: the %zu graded in this run %s "
		"stored; %zu of %zu submission%s not read (%s earlier grades are unchanged): "
		"run it again to grade %s\n", tty ? "\n" : "", stored,
		stored == 1 ? "is" : "are", total - reached, total, total == 1 ? " was" :
		"s were", total - reached == 1 ? "its" : "their",
		total - reached == 1 ? "it" : "them");
	return term_interrupt_status();
}

/* Reads --cohort and --exercise (grade and remove take both): -1 to go on,
 * else the exit status (--help, or an unknown option after the usage). */
static int cohort_exercise_opts(int argc, char **argv, const struct option *opts,
				const char **cohort, const char **exercise)
{
	optind = 1;
	for (;;) {
		int c = getopt_long(argc, argv, "c:e:h", opts, NULL);
		if (c == -1)
			return -1;
		if (c == 'c')
			*cohort = optarg;
		else if (c == 'e')
			*exercise = optarg;
		else {
			put_usage(c == 'h' ? stdout : stderr);
			return c == 'h' ? 0 : EXIT_BAD_INPUT;
		}
	}
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
	size_t skipped = 0, bad_dirs = 0, not_files = 0;
	bool whole_dir = false;
	int status = EXIT_BAD_INPUT;
	int done = cohort_exercise_opts(argc, argv, opts, &cohort, &exercise);
	if (done >= 0)
		return done;
	if (exercise == NULL || optind >= argc) {
		fprintf(stderr, "tmdojo cohort grade: %s\n", exercise == NULL ?
			"--exercise is required" : "no submission files given");
		put_usage(stderr);
		return EXIT_BAD_INPUT;
	}
	for (int i = optind; i < argc; i++) {
		if (strcmp(argv[i], "-") == 0) {
			fprintf(stderr, "tmdojo cohort grade: '-' (standard input) cannot be graded: "
				"the file name names the group; save it as GROUP.txt first\n");
			return EXIT_BAD_INPUT;
		}
	}
	if (!tools_stdin_once("tmdojo cohort grade", argv + optind, argc - optind))
		return EXIT_BAD_INPUT;
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
		bool refused;
		if (stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode)) {
			size_t before = files.n, before_not = not_files;
			int bad = add_directory(&files, argv[i], &not_files);
			bad_dirs += (size_t)bad;
			whole_dir = true;
			char safe[512];
			if (bad == 0 && files.n == before && not_files == before_not)
				fprintf(stderr, "tmdojo cohort grade: '%s' holds no submission files "
					"(hidden files and subdirectories are not read)\n",
					tools_printable(argv[i], safe, sizeof(safe)));
		}
		else if (!is_submission_file(argv[i]))
			not_files++;
		else if (is_gradable(argv[i], false, &refused))
			list_add(&files, argv[i]);
		else
			not_files++;
	}
	if (drop_repeats(&files) != 0) {
		fprintf(stderr, "tmdojo cohort grade: out of memory\n");
		goto cleanup;
	}
	g = tools_open_gradebook(&store, true);
	if (g == NULL || !cohort_name_ok("tmdojo cohort grade", g, cohort))
		goto cleanup;
	char hint[600];
	bool new_cohort = cohort_is_new(g, cohort, hint, sizeof(hint));
	size_t stored = 0, reached = 0;
	term_catch_interrupt();
	int run = grade_files(g, ex, cohort, &files, &skipped, &stored, &reached);
	if (run < 0)
		goto cleanup;
	if (run > 0) {
		if (stored > 0 && new_cohort)
			note_new_cohort("tmdojo cohort grade", cohort, hint);
		status = grade_interrupted(stored, reached, files.n);
		goto cleanup;
	}
	char safe[512];
	size_t total = files.n + not_files;
	size_t graded = files.n - skipped;
	printf("graded %zu of %zu submission%s of '%s' into cohort '%s'", graded,
	       total, total == 1 ? "" : "s", exercise, tools_printable(cohort, safe, sizeof(safe)));
	skipped += not_files + bad_dirs;
	if (skipped > 0)
		printf("; %zu skipped", skipped);
	printf("\n");
	if (graded > 0 && new_cohort)
		note_new_cohort("tmdojo cohort grade", cohort, hint);
	/* with nothing graded, the stored groups "not in this run" would be all of
	 * them: a mistyped or empty directory, not withdrawn groups */
	if (graded > 0 && note_other_groups(g, ex, cohort, &files, whole_dir) != 0)
		goto cleanup;
	/* nothing at all graded is bad input, not a partial run */
	status = graded == 0 ? EXIT_BAD_INPUT : skipped > 0 ? EXIT_NEGATIVE : 0;
cleanup:
	tm_gradebook_close(g);
	tm_store_close(store);
	tm_content_free(content);
	list_release(&files);
	return status;
}

/* ==== report ============================================================================= */

static void format_utc(long long t, char *out, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tmv;
	if (gmtime_r(&tt, &tmv) == NULL || strftime(out, size, "%Y-%m-%d %H:%M UTC", &tmv) == 0)
		snprintf(out, size, "%lld", t);
}

/* Says, when some groups were graded against another key version than the
 * current one, which: their points and found threats came from that key, the
 * threat list from the current one. prefix starts the line. */
static void key_versions_note(const struct tm_report *r, FILE *out, const char *prefix)
{
	size_t stale = tm_report_stale_count(r), n = tm_report_group_count(r), shown = 0;
	char safe[512];
	if (stale == 0)
		return;
	fprintf(out, "%swarning: %zu of %zu group%s %s graded against another version of the "
		"key than the current one (%.8s): ", prefix, stale, n, n == 1 ? "" : "s",
		stale == 1 ? "was" : "were", tm_report_key_hash(r));
	for (size_t i = 0; i < n; i++) {
		const struct tm_report_group *gr = tm_report_group(r, i);
		if (!gr->key_stale)
			continue;
		if (shown++ == 10) {
			fprintf(out, ", ...");
			break;
		}
		fprintf(out, "%s%s (key %.8s)", shown > 1 ? ", " : "",
			tools_printable(gr->name, safe, sizeof(safe)),
			gr->key_hash[0] != '\0' ? gr->key_hash : "unknown");
	}
	fprintf(out, "; their scores may not match the threats listed; re-grade them with "
		"'tmdojo cohort grade'\n");
}

/* Says which groups look like another: an exact copy of another group's file,
 * a name that is another's but for case (likely one group's file saved twice,
 * counted twice). prefix starts each line. */
static void lookalikes_note(const struct tm_report *r, FILE *out, const char *prefix)
{
	char safe[512], other[512];
	size_t n = tm_report_group_count(r), shown = 0;
	for (size_t i = 0; i < n; i++) {
		const struct tm_report_group *gr = tm_report_group(r, i);
		if (gr->copy_of != NULL && shown++ < 10)
			fprintf(out, "%swarning: %s is identical to %s (the same file graded "
				"twice?)\n", prefix, tools_printable(gr->name, safe, sizeof(safe)),
				tools_printable(gr->copy_of, other, sizeof(other)));
		/* a pair is said once, from its first name */
		if (gr->name_like != NULL && strcmp(gr->name, gr->name_like) < 0 && shown++ < 10)
			fprintf(out, "%swarning: groups %s and %s differ only in case (one group "
				"graded twice?)\n", prefix, tools_printable(gr->name, safe, sizeof(safe)),
				tools_printable(gr->name_like, other, sizeof(other)));
	}
	if (shown > 10)
		fprintf(out, "%s... and %zu more look-alike groups\n", prefix, shown - 10);
}

/* Says which groups' grades stand on an empty or cut file (counted in the
 * mean and median as graded), prefix before each line; at most 10 lines. */
static void partial_note(const struct tm_report *r, FILE *out, const char *prefix)
{
	char safe[512];
	size_t n = tm_report_group_count(r), shown = 0;
	for (size_t i = 0; i < n; i++) {
		const struct tm_report_group *gr = tm_report_group(r, i);
		const char *partial = tm_report_group_partial(gr);
		if (partial != NULL && shown++ < 10)
			fprintf(out, "%swarning: %s was graded on an %s%s (counted in the mean "
				"and median as graded)\n", prefix,
				tools_printable(gr->name, safe, sizeof(safe)),
				gr->lines == 0 ? "" : "input ", partial);
	}
	if (shown > 10)
		fprintf(out, "%s... and %zu more groups graded on an empty or cut file\n", prefix,
			shown - 10);
}

/* key_versions_note() wrapped at width (0: no limit). */
static void key_versions_wrapped(const struct tm_report *r, FILE *out, int width)
{
	char *note = NULL;
	size_t len = 0;
	FILE *f = width > 0 ? open_memstream(&note, &len) : NULL;
	if (f == NULL) {
		key_versions_note(r, out, "");
		return;
	}
	key_versions_note(r, f, "");
	if (fclose(f) == 0 && len > 0) {
		note[len - 1] = '\0';   /* its newline: render_hanging() ends the line */
		render_hanging(out, width, "", note);
	}
	free(note);
}

/* What a pick stands for, as the text report shows it in brackets: its
 * threat ("B01", "B01, repeat" when an earlier pick named it), or "-" with
 * the closest threat and similarity when it matches none. */
static void pick_mark(const struct grader_key *key, const struct tm_report_top *top, char *out,
		      size_t size)
{
	if (top->threat >= 0)
		snprintf(out, size, "%s%s", grader_threat_id(key, (size_t)top->threat),
			 top->repeat ? ", repeat" : "");
	else if (top->closest >= 0)
		snprintf(out, size, "-, closest %s %.2f", grader_threat_id(key, (size_t)top->closest),
			 top->similarity);
	else
		snprintf(out, size, "-");
}

/* The tally of the picks across groups: per threat how many groups picked it,
 * the reference's marked with '*', most picked first; then the picks that
 * match no threat. */
static void top_tally(const struct tm_report *r, FILE *out, int width)
{
	const struct tm_exercise *ex = tm_report_exercise(r);
	const struct grader_key *key = tm_exercise_key(ex);
	size_t nt = grader_key_threat_count(key), max = 0;
	char *line = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&line, &len);
	if (f == NULL)
		return;
	for (size_t t = 0; t < nt; t++)
		max = tm_report_top_picked_by(r, t) > max ? tm_report_top_picked_by(r, t) : max;
	fprintf(f, "picks across groups (* reference):");
	size_t listed = 0;
	for (size_t c = max; c > 0; c--)
		for (size_t t = 0; t < nt; t++) {
			if (tm_report_top_picked_by(r, t) != c)
				continue;
			bool ref = false;
			for (size_t k = 0; k < tm_exercise_top_count(ex); k++)
				ref |= strcmp(tm_exercise_top_threat(ex, k), grader_threat_id(key, t)) == 0;
			fprintf(f, "%s %s%s picked by %zu group%s", listed++ > 0 ? "," : "",
				grader_threat_id(key, t), ref ? "*" : "", c, c == 1 ? "" : "s");
		}
	size_t none = tm_report_top_unmatched(r);
	fprintf(f, "%s %zu pick%s match%s no threat", listed > 0 ? ";" : "", none,
		none == 1 ? "" : "s", none == 1 ? "es" : "");
	if (fclose(f) == 0)
		render_hanging(out, width, "", line);
	free(line);
}

/* The text report, laid out for width columns (0: no limit, a record a line):
 * titles and top-three lines wrap at word boundaries, a group's row too wide
 * takes two rows, and the histogram's bars shrink to fit. */
static void text_report(const struct tm_report *r, FILE *out, int width)
{
	const struct tm_exercise *ex = tm_report_exercise(r);
	const struct grader_key *key = tm_exercise_key(ex);
	size_t n = tm_report_group_count(r), nt = grader_key_threat_count(key);
	const size_t *hist = tm_report_histogram(r);
	char safe[512], line[1200], lead[600];
	size_t bar = width <= 0 || width >= 55 ? 40 : width > 25 ? (size_t)width - 15 : 10;
	snprintf(line, sizeof(line), "cohort %s: %s (%s)",
		 tools_printable(tm_report_cohort(r), safe, sizeof(safe)), tm_exercise_title(ex),
		 tm_exercise_id(ex));
	render_hanging(out, width, "", line);
	fprintf(out, "%zu group%s, mean %.1f%%, median %.1f%%\n", n, n == 1 ? "" : "s",
		tm_report_mean(r), tm_report_median(r));
	key_versions_wrapped(r, out, width);
	lookalikes_note(r, out, "");
	partial_note(r, out, "");
	fprintf(out, "\nscore distribution\n");
	for (int b = 0; b < TM_REPORT_BINS; b++) {
		fprintf(out, "  %3d-%-3d %4zu ", b * 10, b == TM_REPORT_BINS - 1 ? 100 : b * 10 + 9,
			hist[b]);
		size_t len = hist[b] * bar / (n > 0 ? n : 1);
		if (len == 0 && hist[b] > 0 && bar < 40)
			len = 1;   /* shrunk to fit: a group still shows */
		for (size_t k = 0; k < len; k++)
			fputc('#', out);
		fputc('\n', out);
	}
	fprintf(out, "\nthreats, most missed first\n");
	for (size_t k = 0; k < nt; k++) {
		size_t t = tm_report_threat_order(r)[k];
		snprintf(lead, sizeof(lead), "  %-6s %-8s %4zu of %zu  ", grader_threat_id(key, t),
			 grader_severity_name(grader_threat_severity(key, t)), tm_report_found_by(r, t),
			 n);
		render_hanging(out, width, lead, grader_threat_title(key, t));
	}
	fprintf(out, "\ntop three (reference:");
	for (size_t k = 0; k < tm_exercise_top_count(ex); k++)
		fprintf(out, " %s", tm_exercise_top_threat(ex, k));
	fprintf(out, ")\n");
	for (size_t i = 0; i < n; i++) {
		const struct tm_report_group *gr = tm_report_group(r, i);
		char when[64], status[240];
		const char *partial = tm_report_group_partial(gr);
		format_utc(gr->graded, when, sizeof(when));
		snprintf(status, sizeof(status), "%5.1f%%  version %.8s, graded %s%s%s%s%s%s",
			 gr->score, gr->hash, when, !gr->key_stale ? "" : gr->key_hash[0] != '\0' ?
			 ", older key" : ", key unknown", gr->copy_of != NULL ? ", a copy" : "",
			 gr->name_like != NULL ? ", name differs only in case" : "",
			 partial != NULL ? ", " : "", partial != NULL ? partial : "");
		tools_printable(gr->name, safe, sizeof(safe));
		size_t name_w = render_display_width(safe, strlen(safe));
		if (width <= 0 || 2 + (name_w > 24 ? name_w : 24) + 1 +
				  render_display_width(status, strlen(status)) <= (size_t)width) {
			fputs("  ", out);
			tools_print_padded(out, safe, 24);
			fprintf(out, " %s\n", status);
		} else {
			fprintf(out, "  %s\n", safe);
			render_hanging(out, width, "      ", status + strspn(status, " "));
		}
		for (size_t k = 0; k < gr->top_count; k++) {
			char id[128];
			pick_mark(key, &gr->top[k], id, sizeof(id));
			size_t size = strlen(gr->top[k].text) + strlen(id) + 4;
			char *text = width > 0 ? malloc(size) : NULL;
			if (text == NULL) {
				fprintf(out, "    %zu. %s [%s]\n", k + 1, gr->top[k].text, id);
				continue;
			}
			snprintf(lead, sizeof(lead), "    %zu. ", k + 1);
			snprintf(text, size, "%s [%s]", gr->top[k].text, id);
			render_hanging(out, width, lead, text);
			free(text);
		}
		if (gr->top_given > 3)
			fprintf(out, "    (%zu picks given, the first 3 read)\n", gr->top_given);
		else if (gr->lines > 0 && gr->top_count == 0)
			fprintf(out, "    (no picks under its top-three label)\n");
		else if (gr->lines > 0 && gr->top_count < 3)
			fprintf(out, "    (only %zu pick%s given)\n", gr->top_count,
				gr->top_count == 1 ? "" : "s");
	}
	top_tally(r, out, width);
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
	json_kv_string(&j, "key_hash", tm_report_key_hash(r));
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
	json_key(&j, "top_tally");
	json_array(&j);
	for (size_t t = 0; t < nt; t++) {
		if (tm_report_top_picked_by(r, t) == 0)
			continue;
		bool ref = false;
		for (size_t k = 0; k < tm_exercise_top_count(ex); k++)
			ref |= strcmp(tm_exercise_top_threat(ex, k), grader_threat_id(key, t)) == 0;
		json_object(&j);
		json_kv_string(&j, "threat", grader_threat_id(key, t));
		json_kv_int(&j, "groups", (long)tm_report_top_picked_by(r, t));
		json_kv_bool(&j, "reference", ref);
		json_end(&j);
	}
	json_end(&j);
	json_kv_int(&j, "top_unmatched", (long)tm_report_top_unmatched(r));
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
		json_kv_int(&j, "graded", (long)gr->graded);
		json_kv_string(&j, "key_hash", gr->key_hash);
		json_kv_bool(&j, "key_current", !gr->key_stale);
		json_kv_string(&j, "identical_to", gr->copy_of);
		json_kv_string(&j, "name_like", gr->name_like);
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
			const struct tm_report_top *top = &gr->top[k];
			json_object(&j);
			json_kv_int(&j, "line", top->line);
			json_kv_string(&j, "text", top->text);
			json_key(&j, "threat");
			if (top->threat >= 0)
				json_string(&j, grader_threat_id(key, (size_t)top->threat));
			else
				json_null(&j);
			json_kv_bool(&j, "repeat", top->repeat);
			json_kv_string(&j, "closest", top->closest >= 0 ?
				       grader_threat_id(key, (size_t)top->closest) : NULL);
			json_key(&j, "similarity");
			if (top->closest >= 0)
				json_number(&j, top->similarity);
			else
				json_null(&j);
			json_end(&j);
		}
		json_end(&j);
		json_kv_int(&j, "top_given", (long)gr->top_given);
		json_kv_int(&j, "lines", (long)gr->lines);
		json_end(&j);
	}
	json_end(&j);
	json_end(&j);
	json_finish(&j);
}

/* Writes the report to path (see tools_output_open()), or to standard output
 * when path is NULL. Returns the exit status. */
static int write_report(const char *path, const struct tm_report *r, const char *format)
{
	static const char *const cmd = "tmdojo cohort report";
	struct tm_diags d;
	struct tools_output o;
	char *data = NULL;
	size_t len = 0;
	FILE *f = stdout;
	tm_diags_init(&d);
	if (strcmp(format, "csv") == 0 || strcmp(format, "html") == 0) {
		int rc = format[0] == 'c' ? tm_report_csv(r, &data, &len, &d) :
			tm_report_html(r, &data, &len, &d);
		if (rc != TM_OK)
			return fail_diags(&d, EXIT_BAD_INPUT);
	}
	tm_diags_release(&d);
	if (path != NULL) {
		if (tools_output_open(&o, cmd, "-o FILE", path) != 0) {
			free(data);
			return EXIT_BAD_INPUT;
		}
		f = o.f;
	}
	if (strcmp(format, "text") != 0) {
		key_versions_note(r, stderr, "tmdojo cohort report: ");
		lookalikes_note(r, stderr, "tmdojo cohort report: ");
		partial_note(r, stderr, "tmdojo cohort report: ");
	}
	errno = 0;
	if (data != NULL)
		fwrite(data, 1, len, f);
	else if (strcmp(format, "json") == 0)
		json_report(r, f);
	else
		text_report(r, f, path == NULL ? tools_text_width() : 0);
	free(data);
	if (path == NULL)
		return tools_check_output(cmd);
	return tools_output_close(&o, true) == 0 ? 0 : EXIT_BAD_INPUT;
}

static int cohort_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "cohort", required_argument, NULL, 'c' },
		{ "exercise", required_argument, NULL, 'e' },
		{ "format", required_argument, NULL, 'f' },
		{ "json", no_argument, NULL, 'j' },   /* as items and list take it */
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *cohort = NULL, *exercise = NULL, *format = "text", *output = NULL;
	int c, status = EXIT_BAD_INPUT;
	optind = 1;
	for (;;) {
		c = getopt_long(argc, argv, "c:e:f:jo:h", opts, NULL);
		if (c == -1)
			break;
		if (c == 'c')
			cohort = optarg;
		else if (c == 'e')
			exercise = optarg;
		else if (c == 'f')
			format = optarg;
		else if (c == 'j')
			format = "json";
		else if (c == 'o')
			output = strcmp(optarg, "-") == 0 ? NULL : optarg;   /* -: stdout */
		else {
			put_usage(c == 'h' ? stdout : stderr);
			return c == 'h' ? 0 : EXIT_BAD_INPUT;
		}
	}
	if (cohort == NULL || optind < argc) {
		fprintf(stderr, "tmdojo cohort report: %s\n", cohort == NULL ?
			"--cohort is required" : "unexpected argument");
		put_usage(stderr);
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
	g = tools_open_gradebook(&store, false);
	if (g == NULL || !cohort_known("tmdojo cohort report", g, cohort))
		goto cleanup;
	if (tm_report_build(g, content, cohort, exercise, &r, &d) != TM_OK) {
		tools_print_diags_for("tmdojo cohort report", &d);
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

/* Columns of a choice in the items text: longer labels are cut. */
#define CHOICE_COLUMNS 50

/* Prints "    - LABEL" padded to CHOICE_COLUMNS display columns, LABEL cut at a
 * character with an ellipsis when wider ("..." where the locale is not
 * UTF-8), so that the counts after it line up whatever the script of the
 * choices. */
static void print_choice_label(const char *label)
{
	bool utf8 = term_ctype_utf8();   /* also sets wcwidth() up as the terminal counts */
	const char *dots = utf8 ? "\xe2\x80\xa6" : "...";
	char safe[1024], cell[1024];
	size_t len = strlen(tools_printable(label, safe, sizeof(safe)));
	if (render_display_width(safe, len) > CHOICE_COLUMNS) {
		size_t keep = render_fit_bytes(safe, len, CHOICE_COLUMNS - (utf8 ? 1 : 3));
		snprintf(cell, sizeof(cell), "%.*s%s", (int)keep, safe, dots);
	} else {
		snprintf(cell, sizeof(cell), "%s", safe);
	}
	fputs("    - ", stdout);
	tools_print_padded(stdout, cell, CHOICE_COLUMNS);
}

static void flag_names(unsigned flags, char *out, size_t size)
{
	snprintf(out, size, "%s%s%s", flags & TM_FLAG_TOO_EASY ? " too-easy" : "",
		 flags & TM_FLAG_TOO_HARD ? " too-hard" : "",
		 flags & TM_FLAG_NEGATIVE ? " negative-discrimination" : "");
}

static void items_text(const struct tm_items *it, const char *cohort)
{
	char safe[512];
	size_t members = tm_items_member_count(it), questions = tm_items_count(it), answered = 0;
	char of[48] = "";
	for (size_t i = 0; i < questions; i++)
		answered += tm_items_get(it, i)->answered > 0;
	if (questions == 0) {   /* a header over nothing read as a failed run */
		printf("cohort %s: %zu member%s, none has answered a quiz yet: the analysis "
		       "reads the members' first attempts ('tmdojo learn --learner NAME')\n",
		       tools_printable(cohort, safe, sizeof(safe)), members,
		       members == 1 ? "" : "s");
		return;
	}
	if (answered < questions)   /* some question of their quizzes nobody reached */
		snprintf(of, sizeof(of), "%zu of ", answered);
	printf("cohort %s: %zu member%s, %s%zu question%s answered (first attempts)\n"
	       "flags: too-easy facility > %.1f, too-hard < %.1f, negative discrimination\n"
	       "choices in the author's order (learners may have seen them shuffled, under "
	       "other letters)\n\n",
	       tools_printable(cohort, safe, sizeof(safe)), members, members == 1 ? "" : "s",
	       of, questions, questions == 1 ? "" : "s", TM_ITEM_TOO_EASY, TM_ITEM_TOO_HARD);
	for (size_t i = 0; i < tm_items_count(it); i++) {
		const struct tm_item_stats *s = tm_items_get(it, i);
		char flags[96];
		flag_names(s->flags, flags, sizeof(flags));
		char place[32] = " (removed)";   /* a question the content no longer has */
		if (s->item >= 0)
			snprintf(place, sizeof(place), "#%d", s->item);
		printf("%s/%s%s %s  n=%zu  ", s->course, s->module, place, s->question,
		       s->answered);
		/* one learner has no upper and lower group to compare; nobody, not
		 * even a facility */
		char unranked[96] = "";
		if (s->unfinished > 0)
			snprintf(unranked, sizeof(unranked), "; %zu not ranked: quiz unfinished",
				 s->unfinished);
		if (s->answered == 0)
			printf("facility n/a  discrimination n/a (nobody answered it)\n");
		else if (s->group_size > 0)
			printf("facility %.2f  discrimination %+.2f (groups of %zu%s)%s\n",
			       s->facility, s->discrimination, s->group_size, unranked, flags);
		else
			printf("facility %.2f  discrimination n/a (fewer than 2 learners finished "
			       "the quiz%s)%s\n", s->facility, unranked, flags);
		for (size_t k = 0; k < s->choice_count; k++) {
			print_choice_label(choice_label(s, k));
			printf(" %4zu%s\n", s->chosen[k], choice_correct(s, k) ? "  (correct)" : "");
		}
		if (s->unreadable > 0)
			printf("    unreadable answers: %zu\n", s->unreadable);
		if (s->other_version > 0)
			printf("    %zu answer%s to an earlier version of this question %s not "
			       "counted in the choices\n", s->other_version,
			       s->other_version == 1 ? "" : "s", s->other_version == 1 ? "is" : "are");
		if (s->unversioned > 0)
			printf("    %zu answer%s stored before question versions were kept: counted "
			       "as if the choices were unchanged\n", s->unversioned,
			       s->unversioned == 1 ? "" : "s");
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
		json_key(&j, "item");
		if (s->item >= 0)
			json_int(&j, s->item);
		else
			json_null(&j);
		json_kv_string(&j, "question", s->question);
		json_kv_string(&j, "type", s->q != NULL ? tm_question_type_name(tm_question_type(s->q))
			       : NULL);
		json_kv_int(&j, "answered", (long)s->answered);
		json_kv_int(&j, "correct", (long)s->correct);
		json_key(&j, "facility");
		if (s->answered > 0)
			json_number(&j, s->facility);
		else
			json_null(&j);   /* nobody answered: unknown, not 0 */
		json_key(&j, "discrimination");
		if (s->group_size > 0)
			json_number(&j, s->discrimination);
		else
			json_null(&j);   /* no groups to compare: unknown, not 0 */
		json_kv_int(&j, "group_size", (long)s->group_size);
		json_kv_int(&j, "unfinished", (long)s->unfinished);
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
		json_kv_int(&j, "other_version", (long)s->other_version);
		json_kv_int(&j, "unversioned", (long)s->unversioned);
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
			put_usage(c == 'h' ? stdout : stderr);
			return c == 'h' ? 0 : EXIT_BAD_INPUT;
		}
	}
	if (cohort == NULL || optind < argc) {
		fprintf(stderr, "tmdojo cohort items: %s\n", cohort == NULL ?
			"--cohort is required" : "unexpected argument");
		put_usage(stderr);
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
	g = tools_open_gradebook(&store, false);
	if (g == NULL || !cohort_known("tmdojo cohort items", g, cohort))
		goto cleanup;
	if (tm_items_analyze(g, content, cohort, &it, &d) != TM_OK) {
		tools_print_diags_for("tmdojo cohort items", &d);
		goto cleanup;
	}
	if (as_json)
		items_json(it, cohort);
	else
		items_text(it, cohort);
	status = tools_check_output("tmdojo cohort items");
cleanup:
	tm_diags_release(&d);
	tm_items_free(it);
	tm_gradebook_close(g);
	tm_store_close(store);
	tm_content_free(content);
	return status;
}

/* ==== add ================================================================================== */

/* Adds every learner in one transaction after checking all the names, so a bad
 * name stores nothing. A learner tmdojo has no progress for yet is added with a
 * warning: trainers add a class before it starts. */
/* Whether argv[i] equals one of argv[first..i-1]: a learner named twice in one
 * cohort add. */
static bool named_before(char **argv, int first, int i)
{
	for (int k = first; k < i; k++)
		if (strcmp(argv[k], argv[i]) == 0)
			return true;
	return false;
}

/* list (may be NULL; freed) with name appended, printable and quoted, after
 * ", ": the new list, or the old one when memory runs out. Caller frees. */
static char *append_name(char *list, const char *name)
{
	char safe[512];
	tools_printable(name, safe, sizeof(safe));
	size_t have = list != NULL ? strlen(list) : 0;
	char *grown = realloc(list, have + strlen(safe) + 5);
	if (grown == NULL)
		return list;
	snprintf(grown + have, strlen(safe) + 5, "%s'%s'", have > 0 ? ", " : "", safe);
	return grown;
}

static int cohort_add(int argc, char **argv)
{
	static const char *const cmd = "tmdojo cohort add";
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	optind = 1;
	for (;;) {
		c = getopt_long(argc, argv, "h", opts, NULL);
		if (c == -1)
			break;
		put_usage(c == 'h' ? stdout : stderr);
		return c == 'h' ? 0 : EXIT_BAD_INPUT;
	}
	if (argc - optind < 2) {
		fprintf(stderr, "%s: give a cohort NAME and at least one LEARNER\n", cmd);
		put_usage(stderr);
		return EXIT_BAD_INPUT;
	}
	const char *cohort = argv[optind];
	char safe[512];
	struct tm_diags d;
	tm_diags_init(&d);
	struct tm_store *store = NULL;
	struct tm_gradebook *g = tools_open_gradebook(&store, true);
	size_t added = 0, total = 0;
	char *already = NULL;   /* the first 10 names that were members before */
	size_t n_already = 0;
	int status = EXIT_BAD_INPUT;
	if (g == NULL)
		return EXIT_BAD_INPUT;
	if (!cohort_name_ok(cmd, g, cohort))
		goto cleanup;
	char hint[600];
	bool new_cohort = cohort_is_new(g, cohort, hint, sizeof(hint));
	for (int i = optind + 1; i < argc; i++) {
		if (tm_gradebook_check_stored_name(g, "learner", NULL, NULL, argv[i], &d) !=
		    TM_OK) {
			fprintf(stderr, "%s: %s (argument %d); nothing was added\n", cmd,
				d.items[0].text, i - optind + 1);
			goto cleanup;
		}
	}
	for (int i = optind + 1; i < argc; i++) {
		long long id;
		struct tm_diags ignore;
		if (named_before(argv, optind + 1, i)) {
			fprintf(stderr, "%s: warning: '%s' is named more than once: added once\n",
				cmd, tools_printable(argv[i], safe, sizeof(safe)));
			continue;
		}
		tm_diags_init(&ignore);
		if (tm_store_find_learner(store, argv[i], &id, &ignore) == TM_ENOTFOUND) {
			fprintf(stderr, "%s: warning: no progress recorded yet for '%s'\n", cmd,
				tools_printable(argv[i], safe, sizeof(safe)));
			tools_warn_decomposed_learner(cmd, argv[i]);
		}
		tm_diags_release(&ignore);
	}
	if (tm_gradebook_begin(g, &d) != TM_OK) {
		tools_print_diags_for(cmd, &d);
		goto cleanup;
	}
	for (int i = optind + 1; i < argc; i++) {
		bool is_new = false;
		if (tm_gradebook_add_member(g, cohort, argv[i], &is_new, &d) != TM_OK) {
			tm_gradebook_rollback(g);
			tools_print_diags_for(cmd, &d);
			goto cleanup;
		}
		added += is_new;
		if (!is_new && !named_before(argv, optind + 1, i) && n_already++ < 10)
			already = append_name(already, argv[i]);
	}
	if (tm_gradebook_commit(g, &d) != TM_OK ||
	    tm_gradebook_member_count(g, cohort, &total, &d) != TM_OK) {
		tools_print_diags_for(cmd, &d);
		goto cleanup;
	}
	tools_note_stored("the learners were added all the same");
	printf("cohort '%s': %zu added, %zu member%s", tools_printable(cohort, safe, sizeof(safe)),
	       added, total, total == 1 ? "" : "s");
	if (already != NULL)
		printf(" (already member%s: %s%s)", n_already == 1 ? "" : "s", already,
		       n_already > 10 ? ", ..." : "");
	putchar('\n');
	if (new_cohort)
		note_new_cohort(cmd, cohort, hint);
	status = 0;
cleanup:
	free(already);
	tm_diags_release(&d);
	tm_gradebook_close(g);
	tm_store_close(store);
	return status;
}

/* ==== remove ================================================================================ */

/* Removes the named groups' grades in one transaction: a name with no grade
 * (a typo) rolls everything back, so nothing is half removed. */
static int cohort_remove(int argc, char **argv)
{
	static const char *const cmd = "tmdojo cohort remove";
	static const struct option opts[] = {
		{ "cohort", required_argument, NULL, 'c' },
		{ "exercise", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *cohort = NULL, *exercise = NULL;
	int done = cohort_exercise_opts(argc, argv, opts, &cohort, &exercise);
	if (done >= 0)
		return done;
	if (cohort == NULL || optind >= argc) {
		fprintf(stderr, "%s: %s\n", cmd, cohort == NULL ? "--cohort is required" :
			"give at least one GROUP");
		put_usage(stderr);
		return EXIT_BAD_INPUT;
	}
	struct tm_diags d;
	char safe[512];
	tm_diags_init(&d);
	struct tm_store *store = NULL;
	struct tm_gradebook *g = tools_open_gradebook(&store, true);
	size_t removed = 0, left = 0;
	int status = EXIT_BAD_INPUT;
	if (g == NULL)
		return EXIT_BAD_INPUT;
	if (!cohort_known(cmd, g, cohort))
		goto cleanup;
	if (tm_gradebook_begin(g, &d) != TM_OK) {
		tools_print_diags_for(cmd, &d);
		goto cleanup;
	}
	for (int i = optind; i < argc; i++) {
		size_t n = 0;
		bool again = false;
		for (int j = optind; j < i && !again; j++)
			again = strcmp(argv[j], argv[i]) == 0;
		if (again)
			continue;   /* named twice: removed once, not "no grade" */
		if (tm_gradebook_remove(g, cohort, exercise, argv[i], &n, &d) != TM_OK) {
			tm_gradebook_rollback(g);
			tools_print_diags_for(cmd, &d);
			goto cleanup;
		}
		if (n == 0) {
			tm_gradebook_rollback(g);
			char grp[512], exs[512];
			fprintf(stderr, "%s: cohort '%s' has no grade for group '%s'%s%s%s; nothing "
				"was removed\n", cmd, tools_printable(cohort, safe, sizeof(safe)),
				tools_printable(argv[i], grp, sizeof(grp)), exercise != NULL ?
				" on '" : "", exercise != NULL ?
				tools_printable(exercise, exs, sizeof(exs)) : "",
				exercise != NULL ? "'" : "");
			goto cleanup;
		}
		removed += n;
	}
	if (tm_gradebook_commit(g, &d) != TM_OK ||
	    tm_gradebook_count(g, cohort, exercise, &left, &d) != TM_OK) {
		tools_print_diags_for(cmd, &d);
		goto cleanup;
	}
	tools_note_stored("the grades were removed all the same");
	char exs[512];
	printf("cohort '%s': %zu grade%s removed, %zu left%s%s%s\n",
	       tools_printable(cohort, safe, sizeof(safe)), removed, removed == 1 ? "" : "s", left,
	       exercise != NULL ? " on '" : "", exercise != NULL ?
	       tools_printable(exercise, exs, sizeof(exs)) : "", exercise != NULL ? "'" : "");
	status = 0;
cleanup:
	tm_diags_release(&d);
	tm_gradebook_close(g);
	tm_store_close(store);
	return status;
}

/* ==== list ================================================================================== */

static void list_json(const struct tm_gradebook_cohort *list, size_t n)
{
	struct json j;
	json_init(&j, stdout);
	json_object(&j);
	json_key(&j, "cohorts");
	json_array(&j);
	for (size_t i = 0; i < n; i++) {
		json_object(&j);
		json_kv_string(&j, "name", list[i].name);
		json_kv_int(&j, "grades", (long)list[i].grades);
		json_kv_int(&j, "exercises", (long)list[i].exercises);
		json_kv_int(&j, "members", (long)list[i].members);
		json_end(&j);
	}
	json_end(&j);
	json_end(&j);
	json_finish(&j);
}

static void list_text(const struct tm_gradebook_cohort *list, size_t n)
{
	char safe[512];
	if (n == 0)
		printf("no cohorts yet: 'tmdojo cohort grade' and 'tmdojo cohort add' create one\n");
	for (size_t i = 0; i < n; i++) {
		const struct tm_gradebook_cohort *c = &list[i];
		tools_print_padded(stdout, tools_printable(c->name, safe, sizeof(safe)), 24);
		printf(" %zu grade%s on %zu exercise%s, %zu member%s\n", c->grades,
		       c->grades == 1 ? "" : "s", c->exercises, c->exercises == 1 ? "" : "s",
		       c->members, c->members == 1 ? "" : "s");
	}
}

/* Lists the cohorts the gradebook holds (grades or members), by name. */
static int cohort_list(int argc, char **argv)
{
	static const char *const cmd = "tmdojo cohort list";
	bool as_json = false;
	int status = EXIT_BAD_INPUT;
	int c = tools_json_flag(argc, argv, &as_json);
	if (c != -1) {
		put_usage(c == 'h' ? stdout : stderr);   /* an error gets the synopsis */
		return c == 'h' ? 0 : EXIT_BAD_INPUT;
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument\n", cmd);
		put_usage(stderr);
		return EXIT_BAD_INPUT;
	}
	struct tm_store *store = NULL;
	struct tm_gradebook *g = tools_open_gradebook(&store, false);
	struct tm_gradebook_cohort *list = NULL;
	size_t n = 0;
	if (g == NULL || !load_cohorts(cmd, g, &list, &n))
		goto cleanup;
	if (as_json)
		list_json(list, n);
	else
		list_text(list, n);
	status = tools_check_output(cmd);
cleanup:
	tm_gradebook_cohorts_free(list, n);
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
		{ "remove", cohort_remove },
		{ "list", cohort_list },
	};
	return tools_run_subcommand("cohort", subs, sizeof(subs) / sizeof(subs[0]), full_usage(),
				    argc, argv);
}
