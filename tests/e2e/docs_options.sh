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
# Short options: every one a command accepts (found by trying each letter any
# getopt string in tools/ uses) is in the command's --help and in its man page
# entry (grade's -k -j -r -p were missing from the man page; cohort's -e -c -f -j,
# export's -c, show's -e -t, team's -e -a -s -r -j and list's -j were in neither).
letters=$(grep -ho 'getopt_long(argc, argv, "[^"]*"' "$SRC"/tools/*.c | sed 's/.*"\(.*\)"/\1/' |
  tr -d ':h' | fold -w1 | sort -u)
[ -n "$letters" ] || fail "no getopt strings found in tools/"
mkdir "$T/probe"
subs() {   # the command lines to probe: subcommands from the usage lines
  "$TMDOJO" help "$1" 2>&1 | sed -n 's/^\(usage:\)\{0,1\} *tmdojo \([a-z-]*\) \([a-z][a-z-]*\)\( .*\)\{0,1\}$/\2 \3/p' |
    grep "^$1 " | grep -v "^$1 [A-Z]" | sort -u
}
probed=0
for c in $cmds; do
  [ "$c" = help ] && continue   # takes a command name, no options
  lines=$(subs "$c")
  case $c in cohort|team|export|import) ;; *) lines=$c ;; esac
  "$TMDOJO" help "$c" > "$T/help" 2>&1
  printf '%s\n' "$lines" | while read -r cmd sub; do
    awk -v head="$cmd${sub:+ $sub}" 'index($0, ".B " head) == 1 { on = 1; print; next }
      on && /^\.(TP|SH)/ { on = 0 } on { print }' "$MAN" > "$T/entry"
    [ -s "$T/entry" ] || fail "no man page entry for $cmd $sub"
    for l in $letters; do
      ( cd "$T/probe" && "$TMDOJO" $cmd $sub "-$l" </dev/null >/dev/null 2>"$T/perr" )
      grep -q "invalid option -- '$l'" "$T/perr" && continue
      grep -q "is for '" "$T/perr" && continue   # refused here, named where it belongs
      grep -qE -- "(^|[^a-zA-Z0-9-])-$l([^a-zA-Z0-9-]|\$)" "$T/help" ||
        fail "tmdojo $cmd $sub accepts -$l; 'tmdojo help $cmd' does not list it"
      tr '\n' ' ' < "$T/entry" | grep -qE -- "(^|[^a-zA-Z0-9-])-$l([^a-zA-Z0-9-]|\$)" ||
        fail "tmdojo $cmd $sub accepts -$l; its man page entry does not list it"
    done
  done || exit 1
  probed=$((probed + 1))
done
[ "$probed" -gt 10 ] || fail "probed only $probed commands"
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
