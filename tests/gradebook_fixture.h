/*
 * gradebook_fixture.h: what the trainer-tools tests share: a fresh progress
 * store with its gradebook in a temporary directory, and the content of
 * tests/fixtures/cohort/content loaded. Included by each test program (the
 * Makefile builds every tests/test_*.c on its own), hence static functions.
 */
#ifndef TMDOJO_GRADEBOOK_FIXTURE_H
#define TMDOJO_GRADEBOOK_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

#include "tmengine.h"

#define GB_FIXTURE_CONTENT "tests/fixtures/cohort/content"

struct gb_fixture {
	char dir[64];
	char path[128];   /* dir/progress.db */
	struct tm_content *content;
	struct tm_store *store;
	struct tm_gradebook *g;
};

/* Opens everything; any failure fails the calling test. */
static void gb_fixture_open(struct gb_fixture *x)
{
	struct tm_diags d;
	tm_diags_init(&d);
	snprintf(x->dir, sizeof(x->dir), "/tmp/tmdojo-gb-XXXXXX");
	assert_non_null(mkdtemp(x->dir));
	snprintf(x->path, sizeof(x->path), "%s/progress.db", x->dir);
	assert_int_equal(tm_content_load(GB_FIXTURE_CONTENT, &x->content, &d), TM_OK);
	assert_int_equal(tm_store_open(x->path, 100, &x->store, &d), TM_OK);
	assert_int_equal(tm_gradebook_open(x->store, &x->g, &d), TM_OK);
	tm_diags_release(&d);
}

/* Closes everything and removes the directory. */
static void gb_fixture_close(struct gb_fixture *x)
{
	char cmd[160];
	tm_gradebook_close(x->g);
	tm_store_close(x->store);
	tm_content_free(x->content);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", x->dir);
	assert_int_equal(system(cmd), 0);
}

#endif
