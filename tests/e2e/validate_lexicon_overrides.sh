#!/bin/sh
# validate warns about a key's lexicon entry that changes what the content's
# lexicon makes of words the key's threats use (docs/FORMAT.md, "A key's lexicon
# and the bundled one"): an expansion of a term the lexicon expands, a synonym
# group's word another group has, and an entry repeating one of the key's own.
# Entries that change nothing the key uses stay quiet, as the bundled keys do.
. "$(dirname "$0")/lib/common.sh"

R=$T/root
make_demo_root "$R"
cat >"$R/courses/demo/m.yaml" <<'YAML'
id: m
title: M
objectives: [o]
items:
  - quiz: One
    questions:
      - {id: q1, type: true-false, prompt: P?, explanation: E., answer: true}
summary: [s]
YAML
cp -r "$SRC/exercises/webhook-delivery" "$R/exercises/"
K=$R/exercises/webhook-delivery/key.yaml
cp "$K" "$T/key.orig"

# the bundled key: its group [personal data, pii, personally identifiable
# information, personal information] takes words of a lexicon group, whose own
# words join it too: nothing a learner loses, no warning
run validate "$R"
expect_rc 0
expect_out 'ok: '
grep -q 'already reads as' "$T/err" && fail "the bundled key was warned about"

# entries that replace readings the key's threats use
sed -e 's/expansions: {imds: instance metadata service, nums: numbers}/expansions: {imds: instance metadata service, nums: numbers, dos: denial of sessions, zzq: fresh words, DoS: denial of sessions again}/' \
    -e 's/    - \[read, copy\]/    - [read, copy]\n    - [acquirer, leak]\n    - [disclosure, spill]\n    - [glorp, resend]\n    - [flurb, resend]/' \
    "$T/key.orig" >"$K"
grep -q 'flurb, resend' "$K" || fail "the test could not edit the key"
run validate "$R"
expect_rc 0
L=$(grep -n 'expansions: {imds' "$K" | cut -d: -f1)
expect_err "webhook-delivery/key.yaml:$L:64: warning: 'dos' already reads as 'denial of service' (lexicon/): this expansion replaces that in this key, so a learner's 'dos' no longer matches 'denial of service'"
expect_err "webhook-delivery/key.yaml:$L:107: warning: 'DoS' is expanded twice in this key; the later one wins: delete one"
L=$(grep -n 'acquirer, leak' "$K" | cut -d: -f1)
expect_err "webhook-delivery/key.yaml:$L:18: warning: 'leak' already reads as 'disclosure' (a synonym group of lexicon/): in this group it reads as 'acquirer' instead"
expect_err "start the group with 'disclosure' to join that group, or leave 'leak' out"
L=$(grep -n 'glorp, resend' "$K" | cut -d: -f1)
expect_err "webhook-delivery/key.yaml:$L:15: warning: 'resend' already reads as 'replay'"
L=$(grep -n 'flurb, resend' "$K" | cut -d: -f1)
expect_err "webhook-delivery/key.yaml:$L:15: warning: 'resend' is in two synonym groups of this key; the later one wins: delete it from one"
# a new term, and a group joining the lexicon's, change nothing: no warning
grep -q "'zzq'" "$T/err" && fail "a new expansion was warned about"
grep -q "'spill'" "$T/err" && fail "a word joining the lexicon's group was warned about"
[ "$(grep -c 'warning: .*\(already reads as\|twice\|two synonym groups\)' "$T/err")" -eq 5 ] ||
  fail "expected 5 lexicon warnings"

# grading is not validating: no warning there
printf -- '- DoS on the dispatcher\n' >"$T/lines.txt"
run --content "$R" grade --key "$R/exercises/webhook-delivery" "$T/lines.txt"
grep -q 'already reads as' "$T/err" && fail "grade warned about the lexicon"
echo ok
