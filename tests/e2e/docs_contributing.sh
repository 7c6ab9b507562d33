# CONTRIBUTING.md tells a new contributor only what works from a clone:
# - every path it names in the repository exists (placeholders such as <id> aside);
# - the team's shared documents and tool (DESIGN.md, STYLE.md, DOMAIN.md,
#   duplicates) are said to be kept outside the repository wherever they are named
#   (it said "Read ../shared/DESIGN.md" and "run duplicates --change" as if they
#   were in the tree);
# - a fuzz target run by hand gets a scratch corpus first, as `make fuzz` does (it
#   gave tests/fuzz/corpus/fuzz_blocks first, where libFuzzer writes new inputs);
# - "Adding a question type" names every function that switches on the type, in C
#   (case TM_Q_) and in the SCORM runtime (switch (q.type), SCORED_TYPES), the
#   every-type export fixture and the tests that read it, the Moodle import, and
#   where accessors are defined (it missed solve_question, SCORED_TYPES, the
#   fixture, import_moodle.c and model.c's definitions).
. "$(dirname "$0")/lib/common.sh"
DOC="$SRC/CONTRIBUTING.md"
grep -oE '(\.\./)?[A-Za-z0-9_.-]+/[A-Za-z0-9_./<>-]*[A-Za-z0-9_-]+\.(c|h|md|js|yaml|sh|1|py)\b' "$DOC" |
  grep -v '<' | sort -u > "$T/paths"
[ -s "$T/paths" ] || fail "no paths found in CONTRIBUTING.md"
while read -r p; do
  case $p in ../*) fail "CONTRIBUTING.md names $p, outside the repository, as a path" ;; esac
  [ -e "$SRC/$p" ] || fail "CONTRIBUTING.md names $p, which does not exist"
done < "$T/paths"
# each paragraph that names a shared document or the tool says where it is
awk 'BEGIN { RS = "" } { gsub(/\n/, " "); print }' "$DOC" > "$T/paras"
for w in DESIGN.md STYLE.md DOMAIN.md 'duplicates --change' '`duplicates`'; do
  grep -qF -- "$w" "$T/paras" || continue
  grep -F -- "$w" "$T/paras" | grep -v 'outside this repository\|not in this repository' > "$T/out"
  [ ! -s "$T/out" ] || fail "CONTRIBUTING.md names $w without saying it is outside the repository"
done
grep -q 'A contributor without them reads, instead' "$T/paras" || fail "no in-repo alternative named"
# the fuzz commands: the first corpus directory is never the tracked seeds
grep -E '^(build-fuzz|\$ build-fuzz)/fuzz_[a-z_]+ ' "$DOC" > "$T/fuzz" ||
  grep -oE 'build-fuzz/fuzz_[a-z_]+ -[^`]*' "$DOC" > "$T/fuzz"
[ -s "$T/fuzz" ] || fail "no fuzz command found in CONTRIBUTING.md"
while read -r bin args; do
  first=$(printf '%s\n' $args | grep -v '^-' | head -1)
  case $first in
    tests/fuzz/corpus/*) fail "'$bin $args' writes generated inputs into the tracked seeds" ;;
    "") fail "'$bin $args' names no corpus" ;;
  esac
done < "$T/fuzz"
grep -q 'build-fuzz/corpus-$$n tests/fuzz/corpus/$$n' "$SRC/Makefile" ||
  fail "the Makefile's fuzz target no longer gives a scratch corpus first"
sed -n '/^## Adding a question type/,/^## /p' "$DOC" | tr '\n' ' ' | tr -s ' ' > "$T/qtype"
[ -s "$T/qtype" ] || fail "no 'Adding a question type' section"
for f in $(grep -rl 'case TM_Q_' "$SRC/engine" "$SRC/tools" --include='*.c'); do
  for fn in $(awk '/^[a-z].*[a-z_0-9]+\(/ && !/;[[:space:]]*$/ { s = $0; sub(/\(.*/, "", s);
      n = split(s, a, /[ *]+/); fn = a[n] } /case TM_Q_/ { print fn }' "$f" | sort -u); do
    grep -qF "\`$fn()\`" "$T/qtype" || fail "'Adding a question type' misses $fn() (${f#$SRC/})"
  done
done
rt="$SRC/engine/scorm/runtime.js"
for fn in $(awk '/^[[:space:]]*function [a-zA-Z]+\(/ { s = $0; sub(/^[[:space:]]*function /, "", s);
    sub(/\(.*/, "", s); fn = s } /switch \(q\.type\)/ { print fn }' "$rt" | sort -u); do
  grep -qF "\`$fn()\`" "$T/qtype" || fail "'Adding a question type' misses runtime.js $fn()"
done
grep -q 'SCORED_TYPES' "$rt" && { grep -qF '`SCORED_TYPES`' "$T/qtype" || fail "misses SCORED_TYPES"; }
for w in tests/fixtures/export/courses/exp/types.yaml tests/test_export.c \
         tests/e2e/moodle_round_trip.sh tests/e2e/export_scorm_js.sh engine/import_moodle.c \
         docs/IMPORT.md '`answer()` helper' 'engine/model.c: the accessors'; do
  grep -qF -- "$w" "$T/qtype" || fail "'Adding a question type' misses $w"
done
exit 0
