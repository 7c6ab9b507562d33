/*
 * dynlib.h: binding the functions of a shared library opened with dlopen()
 * (engine-internal; xmllib.c and ziplib.c open libxml2 and libzip on demand).
 */
#ifndef TM_DYNLIB_H
#define TM_DYNLIB_H

#include <stddef.h>

/** Looks name up in handle and stores it in *slot (a function pointer of any
 *  type, size bytes). Returns 0, or -1 when the library lacks it. */
int tm_dl_bind(void *handle, const char *name, void *slot, size_t size);

/** tm_dl_bind() into the field of a struct whose handle member is the library. */
#define TM_DL_BIND(lib, field, name) \
	tm_dl_bind((lib)->handle, name, &(lib)->field, sizeof((lib)->field))

#endif
