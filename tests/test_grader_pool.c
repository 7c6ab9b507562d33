/*
 * test_grader_pool.c: unit tests of libtmgrader's bump allocator and of the
 * map that keeps its keys in one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grader_internal.h"

/* Blocks are aligned, distinct, and survive later allocations, also across
 * chunks and for a block larger than a chunk. */
static void test_pool_blocks(void **state)
{
	struct grader_pool pool;
	char *small[2000];
	char *big = NULL;

	(void)state;
	grader_pool_init(&pool);
	for (int i = 0; i < 2000; i++) {
		char text[32];
		int n = snprintf(text, sizeof(text), "word%d", i);

		small[i] = grader_pool_strndup(&pool, text, (size_t)n);
		assert_non_null(small[i]);
		assert_int_equal((uintptr_t)small[i] % 16, 0);
		if (i == 1000) {
			big = grader_pool_alloc(&pool, 100000);
			assert_non_null(big);
			memset(big, 'x', 100000);
		}
	}
	for (int i = 0; i < 2000; i++) {
		char text[32];

		snprintf(text, sizeof(text), "word%d", i);
		assert_string_equal(small[i], text);
	}
	assert_int_equal(big[99999], 'x');
	/* an empty block is still a distinct, usable pointer */
	assert_non_null(grader_pool_alloc(&pool, 0));
	grader_pool_release(&pool);
	assert_null(pool.head);
	grader_pool_release(&pool);   /* twice is harmless */
}

/* Keys are copied: the map does not depend on the caller's buffer, and keeps
 * every key through many growths. */
static void test_map_keys_are_copied(void **state)
{
	struct grader_map m, copy;
	char buf[32];

	(void)state;
	grader_map_init(&m);
	for (int i = 0; i < 5000; i++) {
		int n = snprintf(buf, sizeof(buf), "key-%d", i);

		assert_int_equal(grader_map_put(&m, buf, (size_t)n, i), GRADER_OK);
	}
	memset(buf, 0, sizeof(buf));
	assert_int_equal(m.count, 5000);
	assert_int_equal(grader_map_get(&m, "key-0", 5), 0);
	assert_int_equal(grader_map_get(&m, "key-4999", 8), 4999);
	assert_int_equal(grader_map_get(&m, "key-5000", 8), -1);
	assert_int_equal(grader_map_put(&m, "key-7", 5, 70), GRADER_OK);   /* overwrite */
	assert_int_equal(m.count, 5000);
	assert_int_equal(grader_map_copy(&copy, &m), GRADER_OK);
	grader_map_release(&m);
	assert_int_equal(grader_map_get(&copy, "key-7", 5), 70);
	assert_int_equal(grader_map_get(&copy, "key-1234", 8), 1234);
	grader_map_release(&copy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pool_blocks),
		cmocka_unit_test(test_map_keys_are_copied),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
