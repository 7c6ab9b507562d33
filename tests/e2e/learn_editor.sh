# Threat lists written in $EDITOR (:edit) or read from a file (:file PATH).
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC/tests/fixtures/learn"

cat > "$T/editor.sh" <<'ED'
#!/bin/sh
# A stand-in editor: appends two threats to the file it is given.
printf 'anyone can set role=admin in the request and become an admin\n' >> "$1"
printf 'the endpoint is unauthenticated\n' >> "$1"
ED
chmod +x "$T/editor.sh"
cat > "$T/threats.txt" <<'TH'
# our threats
- anyone can set role=admin in the request and become an admin
- the endpoint is unauthenticated
- SQL injection in the user name field
- a flood of account creation requests exhausts the database
TH
printf ':edit\nuser records\n.\nthe endpoint\n.\n:file %s\n' "$T/threats.txt" > "$T/in"

VISUAL= EDITOR="$T/editor.sh" IN="$T/in" run learn --seed 7 --learner ed tiny/two
expect_rc 0
expect_out "threat list scored 70%"
expect_out "Score: 100%"
expect_out 'your line: "SQL injection in the user name field"'
expect_out "Stopped. Your progress is saved"

# A file that cannot be read says so and lets the learner go on typing.
printf ':file %s\n' "$T/nope.txt" > "$T/in2"
IN="$T/in2" run learn --seed 7 --learner ed2 tiny/two
expect_rc 0
expect_err "nope.txt"
exit 0
