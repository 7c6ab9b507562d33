# The man page and the program agree on the options: every long option a command's
# --help lists is in docs/tmdojo.1, every option the man page names is one the program
# lists, and the README's tour shows the ones a reviewer found missing.
. "$(dirname "$0")/lib/common.sh"
MAN="$T/man.txt"
sed 's/\\-/-/g; s/\\f[BIRP]//g' "$SRC/docs/tmdojo.1" > "$MAN"
run --help; expect_rc 0
cmds=$(awk '/^commands:/ { on = 1; next } on && NF == 0 { exit } on { print $1 }' "$T/out")
[ -n "$cmds" ] || fail "no commands in --help"
grep -o -- '--[a-z][a-z-]*' "$T/out" > "$T/all"
for c in $cmds; do
  run help "$c"; expect_rc 0
  grep -q "^usage: tmdojo $c" "$T/out" || fail "help $c prints no usage"
  for o in $(grep -o -- '--[a-z][a-z-]*' "$T/out" | sort -u); do
    grep -q -- "$o\\b" "$MAN" || fail "'tmdojo help $c' lists $o, the man page does not"
  done
  grep -o -- '--[a-z][a-z-]*' "$T/out" >> "$T/all"
done
for o in $(grep -o -- '--[a-z][a-z-]*' "$MAN" | sort -u); do
  grep -qx -- "$o" "$T/all" || fail "the man page names $o, no --help lists it"
done
grep -qF -- "-q | --quiet" "$MAN" || fail "man: validate -q"
grep -qF -- "--seed N (1 to 4294967295" "$MAN" || fail "man: the --seed range"
run help progress; expect_out "XDG_DATA_HOME"
for s in "--pass" "validate [-q]" "--exercise ID once the cohort" "--version" "--learner"; do
  grep -qF -- "$s" "$SRC/README.md" || fail "README lacks $s"
done
# how to stop learn, as the prompts now work: q at a page or pause, :q/:quit/quit
# at an answer prompt, Ctrl-C anywhere, lines typed into a list kept as a draft
run help learn
for s in "q (or :q, quit) stops" ":q, :quit or quit stops" "Ctrl-C" "draft"; do
  expect_out "$s"
done
for s in '`q` at a page or' '`:q`, `:quit` or `quit` at an answer prompt' "Ctrl-C" "draft"; do
  tr '\n' ' ' < "$SRC/README.md" | grep -qF -- "$s" || fail "README lacks $s"
done
for s in "q (or :q, quit) stops" ":q, :quit or quit stops" "Ctrl-C" "draft"; do
  tr '\n' ' ' < "$MAN" | grep -qF -- "$s" || fail "the man page lacks $s"
done
exit 0
