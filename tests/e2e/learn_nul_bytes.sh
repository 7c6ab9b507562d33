# A NUL byte in a threat list (from :file, from $EDITOR or in a typed line) is
# refused with a message and nothing is graded; it used to cut the text there
# without a word (and grade only what came before).
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC/tests/fixtures/learn"

printf 'the endpoint is unauthenticated\nanyone can set role=admin\0 in the request\n' > "$T/nul.txt"
printf '\0\0\0\0' > "$T/allnul.txt"

# :file: grade's error (file:line:column), the question asked again
printf ':file %s\n:file %s\n:q\n' "$T/nul.txt" "$T/allnul.txt" > "$T/in"
IN="$T/in" run learn --seed 7 --learner f tiny/two
expect_rc 0
expect_err "nul.txt:2:26: a NUL byte: this is not a text file"
expect_err "allnul.txt:1:1: a NUL byte"
expect_no_out "scored"
expect_out "Stopped. Your progress is saved"

# :edit: the same for the edited text
cat > "$T/editor.sh" <<'ED'
#!/bin/sh
printf 'the endpoint is unauthenticated\0 and more\n' >> "$1"
ED
chmod +x "$T/editor.sh"
printf ':edit\n:q\n' > "$T/in2"
VISUAL= EDITOR="$T/editor.sh" IN="$T/in2" run learn --seed 7 --learner e tiny/two
expect_rc 0
expect_err "the edited text:1:32: a NUL byte"
expect_no_out "scored"

# a typed line: refused, asked again; the line typed again is what is graded
printf 'the endpoint\0 is unauthenticated\nthe endpoint is unauthenticated\n.\n:q\n' > "$T/in3"
IN="$T/in3" run learn --seed 7 --learner t tiny/two
expect_rc 0
expect_err "that line has a NUL byte (column 13)"
expect_out "Partly right"
run progress --learner t --export
expect_out '"answer":"the endpoint is unauthenticated\n"'

# a one-line answer (a quiz question, here the first of tiny): refused, asked again
{ printf 'zz\0z\n'; head -1 "$SRC/tests/fixtures/learn/answers/tiny-seed7-part1.txt"; printf ':q\n'; } > "$T/in4"
IN="$T/in4" run learn --seed 7 --learner s tiny
expect_rc 0
expect_err "that answer has a NUL byte (column 3)"
run progress --learner s --export
! grep -q '"answer":"zz"' "$T/out" || fail "the text before the NUL was taken as the answer"
exit 0
