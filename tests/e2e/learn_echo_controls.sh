# Scripted mode echoes each answer for a readable transcript; control characters
# in it (an OSC title sequence, a bell, C1 CSI) were echoed raw, so input could send
# escape sequences to whoever reads the transcript. They are echoed as spaces.
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC"
printf 'a\n.\nb\n.\nfoo \033]0;x\007 bar \302\233 baz\n.\n\n:q\n' > "$T/in"
IN="$T/in" run learn --learner echo foundations/warm-up-survey
expect_rc 0
grep -a '^> foo' "$T/out" > "$T/echo" || fail "the answer was not echoed"
if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$T/echo"; then
  fail "control characters echoed raw"
fi
if grep -q "$(printf '\302\233')" "$T/echo"; then fail "a C1 control echoed raw"; fi
grep -qF '> foo  ]0;x  bar   baz' "$T/echo" || fail "the echo lost the printable text"
exit 0
