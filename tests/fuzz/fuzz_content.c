/*
 * fuzz_content.c: libFuzzer target for the YAML layer and the content loader.
 * The input is parsed as a YAML tree, then validated as a module, a key and a
 * lexicon (the first byte picks the file name, so course.yaml and
 * exercise.yaml paths are reached too). Any crash, leak, hang or sanitizer
 * report is a bug, and so is a failure that reports no diagnostic.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tmengine.h"
#include "yamldoc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];

static void setup_dir(void)
{
	if (dir[0] != '\0')
		return;
	snprintf(dir, sizeof(dir), "/tmp/tmdojo-fuzz-XXXXXX");
	if (mkdtemp(dir) == NULL)
		abort();
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
	if (tm_validate_path(path, NULL, &d) != TM_OK && d.count == 0)
		abort();
	tm_diags_release(&d);
	unlink(path);
	return 0;
}
