/*
 * json.h: a small streaming JSON writer for the commands' --json output. It
 * tracks commas and nesting; strings are escaped (UTF-8 passes through, control
 * characters and invalid bytes are escaped as \uXXXX / U+FFFD).
 *
 *     struct json j;
 *     json_init(&j, stdout);
 *     json_object(&j);
 *     json_key(&j, "score"); json_number(&j, 62.5);
 *     json_end(&j);          // closes the object
 *     json_finish(&j);       // newline
 */
#ifndef TMDOJO_JSON_H
#define TMDOJO_JSON_H

#include <stdbool.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 32

struct json {
	FILE *out;
	int depth;
	bool first[JSON_MAX_DEPTH];   /* no value written yet at this level */
	char close[JSON_MAX_DEPTH];   /* closing character of each open level */
	bool after_key;
};

void json_init(struct json *j, FILE *out);
void json_object(struct json *j);
void json_array(struct json *j);
/** Closes the innermost object or array. */
void json_end(struct json *j);
void json_key(struct json *j, const char *key);
/** Writes a string value; NULL writes null. */
void json_string(struct json *j, const char *s);
void json_number(struct json *j, double v);
void json_int(struct json *j, long v);
void json_bool(struct json *j, bool v);
void json_null(struct json *j);
/** Ends the document with a newline. */
void json_finish(struct json *j);

/* Shorthands for "key": value members. */
void json_kv_string(struct json *j, const char *key, const char *s);
void json_kv_number(struct json *j, const char *key, double v);
void json_kv_int(struct json *j, const char *key, long v);
void json_kv_bool(struct json *j, const char *key, bool v);

#endif
