/*
 * scorm_assets.h: the static files every SCORM package carries (engine-internal).
 * Their text lives in engine/scorm/ and is compiled into the binary (the Makefile
 * runs tools/embed.sh), so an installed tmdojo needs no data file to export.
 */
#ifndef TM_SCORM_ASSETS_H
#define TM_SCORM_ASSETS_H

#include <stddef.h>

extern const unsigned char tm_scorm_runtime_js[];
extern const size_t tm_scorm_runtime_js_len;
extern const unsigned char tm_scorm_style_css[];
extern const size_t tm_scorm_style_css_len;

#endif
