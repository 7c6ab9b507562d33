/*
 * ziplib.c: opens libzip with dlopen() when a SCORM package is first written
 * (see ziplib.h for why it is not linked).
 */
#include <dlfcn.h>
#include <string.h>

#include "dynlib.h"
#include "ziplib.h"

/* The shared object the Makefile found at build time (objdump's SONAME). */
#ifndef TM_LIBZIP_SONAME
#define TM_LIBZIP_SONAME "libzip.so.4"
#endif

static int bind_all(struct tm_ziplib *lib)
{
	if (TM_DL_BIND(lib, source_buffer_create, "zip_source_buffer_create") ||
	    TM_DL_BIND(lib, open_from_source, "zip_open_from_source") ||
	    TM_DL_BIND(lib, source_keep, "zip_source_keep") || TM_DL_BIND(lib, source_free, "zip_source_free") ||
	    TM_DL_BIND(lib, source_buffer, "zip_source_buffer") || TM_DL_BIND(lib, file_add, "zip_file_add") ||
	    TM_DL_BIND(lib, file_set_external_attributes, "zip_file_set_external_attributes") ||
	    TM_DL_BIND(lib, close, "zip_close") || TM_DL_BIND(lib, discard, "zip_discard") ||
	    TM_DL_BIND(lib, strerror, "zip_strerror") || TM_DL_BIND(lib, error_init, "zip_error_init") ||
	    TM_DL_BIND(lib, error_fini, "zip_error_fini") ||
	    TM_DL_BIND(lib, error_strerror, "zip_error_strerror") ||
	    TM_DL_BIND(lib, source_open, "zip_source_open") || TM_DL_BIND(lib, source_read, "zip_source_read") ||
	    TM_DL_BIND(lib, source_close, "zip_source_close"))
		return -1;
	return 0;
}

int tm_ziplib_open(struct tm_ziplib *lib, struct tm_diags *diags)
{
	memset(lib, 0, sizeof(*lib));
	lib->handle = dlopen(TM_LIBZIP_SONAME, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
	if (lib->handle == NULL)
		return tm_diags_add(diags, TM_EIO, NULL, 0, 0,
				    "cannot load %s (%s): install libzip (Debian: apt-get install "
				    "libzip4) to write SCORM packages", TM_LIBZIP_SONAME, dlerror());
	if (bind_all(lib) != 0) {
		tm_ziplib_close(lib);
		return tm_diags_add(diags, TM_EIO, NULL, 0, 0,
				    "%s lacks a function the SCORM export needs: install a libzip "
				    "of version 1.2 or later", TM_LIBZIP_SONAME);
	}
	return TM_OK;
}

void tm_ziplib_close(struct tm_ziplib *lib)
{
	if (lib->handle != NULL)
		dlclose(lib->handle);
	memset(lib, 0, sizeof(*lib));
}
