# The command learn prints to resume (after :q or the end of input) or to go on
# (after a module) is the whole command: --content and --learner when they were
# given, each word quoted as a shell needs, so that pasting it resumes the same
# learner in the same content.
. "$(dirname "$0")/lib/common.sh"
C="$T/it's here"
cp -r "$SRC/tests/fixtures/learn" "$C"
A="$SRC/tests/fixtures/learn/answers"

IN="$A/tiny-seed7-part1.txt" run --content "$C" learn --seed 7 --learner 'ana b' tiny
expect_rc 0
expect_out "Stopped. Your progress is saved; resume with:"
expect_out "  tmdojo --content '$T/it'\\''s here' learn --learner 'ana b' tiny"

# the printed command, run by a shell, resumes that learner where she stopped
cmd=$(sed -n 's/^  \(tmdojo --content .*\)$/\1/p' "$T/out" | tail -1)
[ -n "$cmd" ] || fail "no resume command printed"
IN="$A/tiny-seed7-part2.txt" run --content "$C" learn --seed 7 --learner 'ana b' tiny
expect_out 'Welcome back: resuming "Tiny test course"'
eval "set -- ${cmd#tmdojo }"
[ "$2" = "$C" ] || fail "the shell reads the content root as '$2'"
[ "$5" = "ana b" ] || fail "the shell reads the learner as '$5'"

# without the options: none printed (the environment still holds in the shell)
IN="$A/tiny-seed7-part1.txt" TMDOJO_CONTENT="$C" run learn --seed 7 tiny
expect_out "  tmdojo learn tiny"

# after one module, "Continue with" gives the whole command too
"$TMDOJO" --content "$C" learn --seed 7 --solve tiny/two > "$T/two.txt"
IN="$T/two.txt" run --content "$C" learn --seed 7 --learner ola tiny/two
expect_rc 0
expect_out "Continue with: tmdojo --content '$T/it'\\''s here' learn --learner ola tiny"

# started by a relative path with a blank in it, the program is one quoted word
mkdir -p "$T/my dir"
ln -s "$(readlink -f "$TMDOJO")" "$T/my dir/tmdojo"
(cd "$T" && "./my dir/tmdojo" --content "$C" learn --seed 7 --learner cy tiny \
  <"$A/tiny-seed7-part1.txt" >"$T/out" 2>"$T/err")
expect_out "  './my dir/tmdojo' --content '$T/it'\\''s here' learn --learner cy tiny"

# a learner name of any length is printed whole, never a word dropped
long=$(printf '%05000d' 0 | tr 0 a)
IN="$A/tiny-seed7-part1.txt" run --content "$C" learn --seed 7 --learner "$long" tiny
expect_out "learn --learner $long tiny"
exit 0
