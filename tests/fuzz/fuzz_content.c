/*
 * fuzz_content.c: libFuzzer target for the YAML layer and the content loader.
 * The input is parsed as a YAML tree, then validated as a module, a key and a
 * lexicon (the first byte picks the file name, so course.yaml and
 * exercise.yaml paths are reached too; another bit, whether the content root
 * with a small lexicon is given). Any crash, leak, hang or sanitizer
 * report is a bug, and so is a failure that reports no diagnostic.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tmengine.h"
#include "yamldoc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];

/* A small lexicon in dir/lexicon, so that a key's own lexicon entries are read
 * against one (validate's override warnings) when the input names dir as its
 * content root. */
static void write_lexicon(void)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/lexicon", dir);
	if (mkdir(path, 0700) != 0)
		abort();
	snprintf(path, sizeof(path), "%s/lexicon/en.yaml", dir);
	FILE *f = fopen(path, "wb");
	if (f == NULL)
		abort();
	fputs("expansions: {dos: denial of service, cvv: card verification code, "
	      "cvc: card verification code}\n"
	      "synonyms:\n  - [disclosure, leak, exposure]\n  - [replay, resend]\n", f);
	fclose(f);
}

static void setup_dir(void)
{
	if (dir[0] != '\0')
		return;
	snprintf(dir, sizeof(dir), "/tmp/tmdojo-fuzz-XXXXXX");
	if (mkdtemp(dir) == NULL)
		abort();
	write_lexicon();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "module.yaml", "key.yaml", "course.yaml",
					     "exercise.yaml" };
	struct tm_diags d;
	struct ydoc *doc = NULL;
	char path[128];

	setup_dir();
	tm_diags_init(&d);
	int rc = ydoc_parse("fuzz.yaml", (const char *)data, size, &doc, &d);
	if (rc != TM_OK && d.count == 0)
		abort();   /* a failure always says why */
	if (rc == TM_OK && doc != NULL) {
		const struct ydoc_node *root = ydoc_root(doc);
		if (root != NULL)
			(void)ydoc_get(root, "id");
	}
	ydoc_free(doc);
	tm_diags_release(&d);

	const char *name = names[size > 0 ? data[0] % 4 : 0];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (f == NULL)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	tm_diags_init(&d);
	/* every other input with dir's lexicon */
	const char *root = size > 0 && (data[0] & 4) ? dir : NULL;
	if (tm_validate_path(path, root, &d) != TM_OK && d.count == 0)
		abort();
	tm_diags_release(&d);
	unlink(path);
	return 0;
}
