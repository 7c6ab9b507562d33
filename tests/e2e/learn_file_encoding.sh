# learn's :file and :edit check a threat list's encoding as grade does: text
# that is not UTF-8 (latin-1 bytes, surrogates) and UTF-16 are refused with
# grade's messages and the question is asked again; the first used to be
# graded with its bad bytes replaced, and UTF-16 was called "not a text file".
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC/tests/fixtures/learn"

printf -- '- card \377\376 numbers \303 stored\n- \355\240\200 surrogate\n' > "$T/bad.txt"
printf '\377\376-\000 \000G\000u\000e\000s\000s\000\n\000' > "$T/u16.txt"

# grade's message, word for word
run grade --key "$SRC/tests/fixtures/learn/exercises/tiny-ex/key.yaml" "$T/bad.txt"
expect_rc 2
expect_err "bad.txt:1:8: not UTF-8 text (6 invalid bytes, the first here): save the threat list as UTF-8"
printf ':file %s\n:file %s\n:q\n' "$T/bad.txt" "$T/u16.txt" > "$T/in"
IN="$T/in" run learn --seed 7 --learner f tiny/two
expect_rc 0
expect_err "bad.txt:1:8: not UTF-8 text (6 invalid bytes, the first here): save the threat list as UTF-8"
expect_err "u16.txt:1:1: this is UTF-16 text: save the threat list as UTF-8 (e.g. iconv -f utf-16 -t utf-8)"
expect_no_out "scored"
expect_out "Stopped. Your progress is saved"
run progress --learner f --export
! grep -q 'numbers' "$T/out" || fail "the badly encoded list was stored as an answer"

# :edit: the same checks for the edited text, then the question is asked again
cat > "$T/editor.sh" <<'ED'
#!/bin/sh
printf 'the endpoint \377\376\375 is unauthenticated\n' >> "$1"
ED
chmod +x "$T/editor.sh"
printf ':edit\n:q\n' > "$T/in2"
VISUAL= EDITOR="$T/editor.sh" IN="$T/in2" run learn --seed 7 --learner e tiny/two
expect_rc 0
expect_err "the edited text:1:14: not UTF-8 text (3 invalid bytes, the first here)"
expect_no_out "scored"
exit 0
