/*
 * ziplib.h: libzip, loaded on demand (engine-internal).
 *
 * Only `tmdojo export scorm` writes zip files, and libzip brings libcrypto,
 * libssl and libbz2 along (it can encrypt): linked, they would load into every
 * tmdojo process, `tmdojo grade` included. So, like libxml2 (xmllib.h), the
 * exporter opens it with dlopen() when it first writes a package; the
 * library's own header still gives every type and signature.
 */
#ifndef TM_ZIPLIB_H
#define TM_ZIPLIB_H

#include <zip.h>

#include "tmengine.h"

/* The libzip functions the engine calls, under short names. */
struct tm_ziplib {
	void *handle;
	zip_source_t *(*source_buffer_create)(const void *data, zip_uint64_t len, int freep,
					      zip_error_t *error);
	zip_t *(*open_from_source)(zip_source_t *zs, int flags, zip_error_t *ze);
	void (*source_keep)(zip_source_t *zs);
	void (*source_free)(zip_source_t *zs);
	zip_source_t *(*source_buffer)(zip_t *za, const void *data, zip_uint64_t len, int freep);
	zip_int64_t (*file_add)(zip_t *za, const char *name, zip_source_t *zs, zip_flags_t flags);
	int (*file_set_external_attributes)(zip_t *za, zip_uint64_t idx, zip_flags_t flags,
					    zip_uint8_t opsys, zip_uint32_t attributes);
	int (*close)(zip_t *za);
	void (*discard)(zip_t *za);
	const char *(*strerror)(zip_t *za);
	void (*error_init)(zip_error_t *err);
	void (*error_fini)(zip_error_t *err);
	const char *(*error_strerror)(zip_error_t *err);
	int (*source_open)(zip_source_t *zs);
	zip_int64_t (*source_read)(zip_source_t *zs, void *data, zip_uint64_t len);
	int (*source_close)(zip_source_t *zs);
};

/*
 * Opens libzip and fills lib. On failure adds an error naming the library and
 * what to install to diags and returns TM_EIO. tm_ziplib_close() releases it.
 */
int tm_ziplib_open(struct tm_ziplib *lib, struct tm_diags *diags);
void tm_ziplib_close(struct tm_ziplib *lib);

#endif
