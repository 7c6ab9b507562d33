/*
 * sqlite_fault.h: out of memory in SQLite, on demand, for the unit tests of
 * the store and the gradebook. sqlite_fault_install(), first thing in main()
 * (SQLite takes an allocator only before it initializes), puts an allocator
 * over SQLite's own that fails the nth allocation after sqlite_fault_arm(n),
 * that one only, and turns lookaside off so that small allocations (the copy
 * sqlite3_bind_text makes of a short text) come to it too. A test fails each
 * allocation of a call in turn, n = 1, 2, ... until the call makes fewer than
 * n, and checks after each what the call returned and stored. Included by
 * each test program (the Makefile builds every tests/test_*.c on its own),
 * hence static functions.
 */
#ifndef TMDOJO_SQLITE_FAULT_H
#define TMDOJO_SQLITE_FAULT_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "tmengine.h"

static sqlite3_mem_methods fault_real;
static long fault_countdown;   /* allocations until the one that fails; 0: none */
static bool fault_fired;

static bool fault_now(void)
{
	if (fault_countdown <= 0 || --fault_countdown > 0)
		return false;
	fault_fired = true;
	return true;
}

static void *fault_malloc(int n)
{
	return fault_now() ? NULL : fault_real.xMalloc(n);
}

static void *fault_realloc(void *p, int n)
{
	return fault_now() ? NULL : fault_real.xRealloc(p, n);
}

/* Installs the failing allocator (disarmed); before any other SQLite call. */
static void sqlite_fault_install(void)
{
	sqlite3_mem_methods m;
	assert_int_equal(sqlite3_config(SQLITE_CONFIG_GETMALLOC, &fault_real), SQLITE_OK);
	m = fault_real;
	m.xMalloc = fault_malloc;
	m.xRealloc = fault_realloc;
	assert_int_equal(sqlite3_config(SQLITE_CONFIG_MALLOC, &m), SQLITE_OK);
	assert_int_equal(sqlite3_config(SQLITE_CONFIG_LOOKASIDE, 0, 0), SQLITE_OK);
}

/* The nth allocation from now (n >= 1) fails. */
static void sqlite_fault_arm(long n)
{
	fault_countdown = n;
	fault_fired = false;
}

/* Disarms; returns whether the armed allocation was reached (and failed). */
static bool sqlite_fault_disarm(void)
{
	fault_countdown = 0;
	return fault_fired;
}

/* A call that failed with allocation n failing (reached: sqlite_fault_disarm())
 * must have failed of it, and say so: TM_ENOMEM, "out of memory". */
static void sqlite_fault_expect_nomem(long n, bool reached, int rc, const struct tm_diags *d)
{
	assert_true(d->count > 0);
	if (rc != TM_ENOMEM)
		fprintf(stderr, "allocation %ld: %s\n", n, d->items[0].text);
	assert_true(reached);
	assert_int_equal(rc, TM_ENOMEM);
	assert_non_null(strstr(d->items[0].text, "out of memory"));
}

#endif
