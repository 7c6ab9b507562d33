/*
 * fuzz_import.c: libFuzzer target for the Moodle XML import. The input is read
 * as a Moodle XML export (engine/import_moodle.c); when a module comes out, it
 * is written to a file and checked with the content validator: an imported
 * module must validate (docs/IMPORT.md promises a module `tmdojo validate`
 * accepts). Any crash, leak, hang or sanitizer report is a bug, and so is a
 * failure that reports no diagnostic, a success without YAML, or a module the
 * validator refuses (its errors are printed before the abort). The seed corpus
 * holds what it once let through: C1 controls from &#x85; and &#x9b; in plain
 * and HTML text (c1-controls.xml), an ordering item twice (ordering-twice.xml),
 * a tolerance above the loader's 1e12 (tolerance-wide.xml), a short answer of
 * only stop words (stop-words.xml). The import and the validator read the stop
 * words of the lexicon at $TMDOJO_SRC (else the current directory: `make fuzz`
 * runs in the source tree), copied into a content root of the target's own, as
 * `tmdojo import` and `tmdojo validate` read the same lexicon/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/stat.h>

#include "grader.h"
#include "grader_internal.h"
#include "tmengine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];

static void setup_dir(void)
{
	if (dir[0] != '\0')
		return;
	snprintf(dir, sizeof(dir), "/tmp/tmdojo-fuzz-import-XXXXXX");
	if (mkdtemp(dir) == NULL)
		abort();
}

static char root[96];

/* The content root of the source tree, whose lexicon's stop words count. */
static const char *source_root(void)
{
	const char *src = getenv("TMDOJO_SRC");
	return src != NULL && src[0] != '\0' ? src : ".";
}

/*
 * A content root of its own in the fuzz directory whose lexicon holds only the
 * source lexicon's stop words (the words the import and the validator check
 * short answers against): loading the whole lexicon at every validation made
 * the target forty times slower.
 */
static const char *content_root(void)
{
	if (root[0] != '\0')
		return root;
	setup_dir();
	struct grader_lexicon *full = NULL;
	struct tm_diags d;
	char path[160];
	tm_diags_init(&d);
	if (tm_lexicon_load(source_root(), &full, &d) != TM_OK)
		abort();
	tm_diags_release(&d);
	snprintf(root, sizeof(root), "%s/root", dir);
	snprintf(path, sizeof(path), "%s/lexicon", root);
	if (mkdir(root, 0700) != 0 || mkdir(path, 0700) != 0)
		abort();
	snprintf(path, sizeof(path), "%s/lexicon/stop.yaml", root);
	FILE *f = fopen(path, "w");
	if (f == NULL)
		abort();
	fputs("stopwords:\n", f);
	for (size_t i = 0; i < full->stop.n; i++)
		fprintf(f, "  - '%s'\n", full->stop.v[i]);
	fclose(f);
	grader_lexicon_free(full);
	return root;
}

/* The small root's lexicon, loaded and prepared once. */
static const struct grader_lexicon *lexicon(void)
{
	static struct grader_lexicon *lex;
	if (lex == NULL) {
		struct tm_diags d;
		tm_diags_init(&d);
		if (tm_lexicon_load(content_root(), &lex, &d) != TM_OK)
			abort();
		(void)grader_lexicon_prepare(lex);
		tm_diags_release(&d);
	}
	return lex;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tm_import_options opts = { NULL, NULL, lexicon() };
	struct tm_diags d, w;
	char *yaml = NULL, path[128];
	size_t len = 0, count = 0;

	setup_dir();
	tm_diags_init(&d);
	tm_diags_init(&w);
	int rc = tm_import_moodle_xml("fuzz.xml", (const char *)data, size, &opts, &yaml, &len,
				      &count, &w, &d);
	if (rc != TM_OK && d.count == 0)
		abort();   /* a failure always says why */
	if (rc == TM_OK && (yaml == NULL || count == 0 || strlen(yaml) != len))
		abort();
	if (rc == TM_OK) {
		snprintf(path, sizeof(path), "%s/module.yaml", dir);
		FILE *f = fopen(path, "wb");
		if (f != NULL) {
			fwrite(yaml, 1, len, f);
			fclose(f);
			struct tm_diags v;
			tm_diags_init(&v);
			if (tm_validate_path(path, content_root(), &v) != TM_OK) {
				char buf[512];
				for (size_t i = 0; i < v.count; i++)
					fprintf(stderr, "%s\n",
						tm_error_format(&v.items[i], buf, sizeof(buf)));
				fprintf(stderr, "--- module:\n%s\n", yaml);
				abort();
			}
			tm_diags_release(&v);
			unlink(path);
		}
	}
	free(yaml);
	tm_diags_release(&w);
	tm_diags_release(&d);
	return 0;
}
