/*
 * dynlib.c: binding the functions of a library opened with dlopen().
 */
#include <dlfcn.h>
#include <string.h>

#include "dynlib.h"

int tm_dl_bind(void *handle, const char *name, void *slot, size_t size)
{
	void *sym = dlsym(handle, name);

	if (sym == NULL)
		return -1;
	/* POSIX guarantees that a function address survives the trip through
	 * void *; memcpy says so without a cast ISO C forbids */
	memcpy(slot, &sym, size);
	return 0;
}
