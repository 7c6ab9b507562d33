# A learner whose line makes one of the key's patterns stop at the grader's
# match limit (counted as no match) is told, in a short line, that one of the
# key's checks could not be completed on that line and to tell the trainer:
# in a threat-list quiz question, the exercise's threats step and its top
# three. The pattern itself is not shown (it would give the key away).
. "$(dirname "$0")/lib/common.sh"
C="$T/c"
cp -r "$SRC/tests/fixtures/learn" "$C"
sed -i "s/    patterns: \['\\\\bunauthenticated\\\\b'\]/    patterns: ['\\\\bunauthenticated\\\\b', '\\\\b[i]d\\\\s(x+x+)+y']/" "$C/exercises/tiny-ex/key.yaml"
grep -qF "'\\b[i]d\\s(x+x+)+y'" "$C/exercises/tiny-ex/key.yaml" || fail "fixture key not rewritten"
R="id xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx, anyway"
# the quiz question, assets, scope, threats (the limit on line 3), go on,
# top three (the limit on line 1)
printf '%s\n' "anyone can set role=admin in the request" "$R" . "user records" . \
  "the endpoint" . "anyone can set role=admin in the request" \
  "the endpoint is unauthenticated" "$R" . "" "$R" "the endpoint is unauthenticated" . \
  > "$T/in"
IN="$T/in" run --content "$C" learn --seed 7 --learner amy tiny/two
expect_rc 0
tr '\n' ' ' < "$T/out" | tr -s ' ' > "$T/flat"
grep -qF "threat list scored 40% (40% passes); one of the key's checks could not be completed on your line 2, so it may have missed a credit: please tell your trainer" "$T/flat" \
  || fail "no note on the quiz question"
grep -qF "Note: one of the key's checks could not be completed on your line 3, so it may have missed a credit: please tell your trainer." "$T/flat" \
  || fail "no note on the threats step"
grep -qF "Your top two, in your order: (no match), A02 - 1 of 2 is in the reference top two." "$T/flat" \
  || fail "no picks on the top three"
grep -qF ", anyway\" Note: one of the key's checks could not be completed on your line 1," "$T/flat" \
  || fail "no note on the top three"
[ "$(grep -o "checks could not be completed" "$T/out" | wc -l)" -eq 3 ] || fail "three notes expected"
! grep -qF 'x+x+' "$T/out" || fail "the pattern was shown to the learner"

# an ordinary run says nothing of the kind
printf '%s\n' "anyone can set role=admin in the request" . "user records" . "the endpoint" . \
  "the endpoint is unauthenticated" . "" "the endpoint is unauthenticated" \
  "anyone can set role=admin in the request" . > "$T/in2"
IN="$T/in2" run --content "$C" learn --seed 7 --learner ben tiny/two
expect_rc 0
expect_out "Your top two, in your order:"
! grep -qF "could not be completed" "$T/out" || fail "a note on an ordinary run"
exit 0
