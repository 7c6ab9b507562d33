# Intro, "E is for elevation of privilege": the path-traversal example writes a file the
# server then runs (E), and says that only reading a file that way is information
# disclosure, as the module's own test asks ("did they only read something, or can they
# now do more?"). Review of session 17 (before: a traversal that only served
# ../../etc/passwd was listed under elevation of privilege).
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC"
[ -f "$SRC/courses/intro/course.yaml" ] || { echo "no intro course"; exit 77; }
run show intro/stride-i-d-e
expect_rc 0
flat=$(tr '\n' ' ' < "$T/out" | tr -s ' ')
e=${flat#*E is for elevation of privilege}
e=${e%%A real incident*}
item=$(printf '%s\n' "$e" | sed 's/ - /\n/g' | grep -F "path traversal") \
  || fail "the E lesson has no path-traversal example"
printf '%s\n' "$item" | grep -qE "\b(writes|runs|executes)\b" \
  || fail "the path-traversal example under E neither writes nor runs anything: $item"
printf '%s\n' "$item" | grep -qiF "information disclosure" \
  || fail "the path-traversal example does not say a read alone is information disclosure: $item"
exit 0
