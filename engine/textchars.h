/*
 * textchars.h: which characters of learner-written text can be shown as they
 * are. What diag.c (tm_printable, for the terminal) and report.c (report_text,
 * for reports) share, so that both refuse the same characters; and the one
 * UTF-16 test of the loader and the submission reader.
 */
#ifndef TM_TEXTCHARS_H
#define TM_TEXTCHARS_H

#include <stdbool.h>
#include <stddef.h>

/** The bytes of s's longest prefix of at most max bytes that ends between
 *  two characters, as an int for printf's "%.*s": a message quoting the start
 *  of a text must not end in half a character ("aéé…é" cut inside an é showed
 *  a stray byte). Counts UTF-8 continuation bytes, so invalid UTF-8 is cut
 *  anywhere. */
int tc_prefix(const char *s, size_t max);

/** How many characters s holds: its bytes that start a UTF-8 character (not
 *  continuation bytes), for limits said in characters. */
size_t tc_char_count(const char *s);

/** Removes from s, in place, every byte that starts no valid UTF-8 character:
 *  what a "%.60s" or a full buffer left of a character it cut. For messages
 *  formatted from UTF-8 text with byte limits; returns s. */
char *tc_mend(char *s);

/** The length in bytes (1 to 4) of the valid UTF-8 character that p starts with
 *  (no overlong form, surrogate or code point past U+10FFFF); 0 for an invalid
 *  byte or the NUL at the end. */
size_t tc_utf8_len(const char *p);

/** The length in bytes of the character at s (valid UTF-8) when it cannot be
 *  shown as it is: a C0 control, DEL, a C1 control (U+0080..U+009F: CSI is
 *  U+009B) or a bidirectional control (tm_bidi_control_len()); its code point
 *  goes to *cp. 0 for any other character. */
size_t tc_hidden_len(const char *s, unsigned *cp);

/** The length in bytes of the character at s (NUL-terminated UTF-8) when
 *  content may not hold it: a C0 control other than tab, line feed and
 *  carriage return (NUL included), DEL, a C1 control, U+FFFE or U+FFFF; its
 *  code point goes to *cp. 0 for any other character. The loader refuses
 *  these (a terminal acts on them, XML cannot hold them); the Moodle import
 *  removes them. */
size_t tc_forbidden_len(const char *s, unsigned *cp);

/** tc_forbidden_len(), and 1 for a carriage return too (*cp = 0x0D): what
 *  content text may not hold once its line ends are read. The loader refuses a
 *  CR in a YAML scalar and a lone CR in a design document or diagram (a CR
 *  moves the terminal's cursor back over the line; CR LF is read as LF before
 *  this is asked), and a cleaning XML tree replaces one. tc_forbidden_len()
 *  itself lets CR pass for submissions, whose lines may end in CR LF. */
size_t tc_forbidden_or_cr_len(const char *s, unsigned *cp);

/** Whether the len bytes at buf start with a UTF-16 byte order mark (FF FE or
 *  FE FF): text the loader and the submission reader refuse, naming the
 *  encoding, since content and threat lists are UTF-8. */
bool tc_utf16_bom(const char *buf, size_t len);
/** Whether the len bytes at buf are UTF-16, as the name iconv reads it by
 *  (static): "utf-16" after a byte order mark (tc_utf16_bom()); without one,
 *  "utf-16le" or "utf-16be" when the first 64 bytes hold a NUL at every other
 *  byte (ASCII text saved as UTF-16, as some editors do), which would
 *  otherwise be refused as "a NUL byte" with no word of the encoding. NULL
 *  when it is not UTF-16. */
const char *tc_utf16(const char *buf, size_t len);

/** s with the letters whose case is cheap to know lowercased (ASCII, Latin-1,
 *  Latin Extended-A, Greek with tonos and Cyrillic capitals), into out (room for
 *  strlen(s) + 1 bytes: every letter keeps its length), returned. For "the same
 *  name but for case" (Otters and otters); invalid bytes are kept. */
char *tc_fold_case(const char *s, char *out);

#endif
