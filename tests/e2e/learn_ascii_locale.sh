# Under a non-UTF-8 locale (LC_ALL=C) on a colour terminal, the home screen,
# progress and a lesson print ASCII only (bars, bullets, boxes), and lessons keep
# their bold and colour: only the glyphs change. Skipped (77) without script(1).
. "$(dirname "$0")/lib/common.sh"
command -v script >/dev/null 2>&1 || { echo "script(1) not installed"; exit 77; }
export TMDOJO_CONTENT="$SRC/tests/fixtures/learn"
export TMDOJO_LEARNER=cee TERM=xterm-256color
unset NO_COLOR
ascii_only() {   # ascii_only FILE WHAT
  if LC_ALL=C grep -q "$(printf '[\200-\377]')" "$1"; then cp "$1" "$T/out"; fail "$2 prints non-ASCII bytes under LC_ALL=C"; fi
}
# some progress first, so that the bars have both kinds of cells
printf 'b\n:q\n' > "$T/in"
IN="$T/in" run learn --seed 7 tiny
expect_rc 0

# q and Enter once a second until tmdojo ends: on a terminal, what is typed before a
# prompt is shown is discarded (type-ahead), and under valgrind the first prompt comes
# late; timeout ends a run that would wait for ever
qs() { while :; do printf 'q\n' || exit 0; sleep 1; done; }
qs | LC_ALL=C timeout 300 script -qc "${TMDOJO_WRAP:-} $TMDOJO" /dev/null > "$T/home" 2>&1
grep -q "Next step" "$T/home" || { cp "$T/home" "$T/out"; fail "no home screen"; }
ascii_only "$T/home" "the home screen"

LC_ALL=C script -qc "${TMDOJO_WRAP:-} $TMDOJO progress" /dev/null < /dev/null > "$T/progress" 2>&1
grep -q "Progress of" "$T/progress" || { cp "$T/progress" "$T/out"; fail "no progress"; }
grep -q '\[#*-*\]' "$T/progress" || { cp "$T/progress" "$T/out"; fail "no ASCII bar in progress"; }
ascii_only "$T/progress" "progress"

# a lesson (as show renders it, as learn does): ASCII bullets and table lines, bold still on
qs | LC_ALL=C timeout 300 script -qc "${TMDOJO_WRAP:-} $TMDOJO show tiny/one" /dev/null \
  > "$T/lesson" 2>&1
grep -q "first bullet" "$T/lesson" || { cp "$T/lesson" "$T/out"; fail "no lesson"; }
ascii_only "$T/lesson" "a lesson"
grep -q "$(printf '\033')\[1mstrong words" "$T/lesson" || { cp "$T/lesson" "$T/out"; fail "a lesson lost its bold under LC_ALL=C"; }
exit 0
