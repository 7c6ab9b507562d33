#!/bin/sh
# A YAML line holding only a tab (or a tab and a CR) fails the file with a
# message at its line, in every command: validate used to say "ok" and the
# others exited 2 without a word.
. "$(dirname "$0")/lib/common.sh"

msg="tab character where YAML expects spaces; indent with spaces"

# a module of a root of its own (make_exercise_root), not of a copy of all the
# bundled content
make_exercise_root "$T/c"
f="$T/c/courses/demo/m.yaml"
printf '\t\n' >> "$f"
line=$(wc -l < "$f")
run --content "$T/c" validate
expect_rc 2
expect_err "m.yaml:$line:1: $msg"
run --content "$T/c" list
expect_rc 2
expect_err "m.yaml:$line:1: $msg"

printf 'foo: bar\n\t\n' > "$T/u.yaml"
run validate "$T/u.yaml"
expect_rc 2
expect_err "u.yaml:2:1: $msg"
printf 'foo: bar\r\n\t\r\n' > "$T/crlf.yaml"
run validate "$T/crlf.yaml"
expect_rc 2
expect_err "crlf.yaml:2:1: $msg"

printf 'threats:\n  - title: Guessable survey links\n\t\n' > "$T/t.yaml"
run --content "$SRC" grade --key "$SRC/exercises/customer-survey" "$T/t.yaml"
expect_rc 2
expect_err "t.yaml:3:1: $msg"
exit 0
