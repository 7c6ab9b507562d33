# Every command the output suggests carries the options the run was given
# (--content DIR, --learner NAME), so that following it runs as the same learner
# on the same content: the retake after a failed quiz, "See your scores with",
# refresh's lessons to re-read, the home screen's next step and its "More:".
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/prompts.sh"
make_prompt_root "$T/c"
C="$T/c"
printf 'b\nb\nzzz\nzzz\nfoo\n\nfoo\n\n' > "$T/wrong"
IN="$T/wrong" run --content "$C" learn --learner 'x y' t
expect_rc 0
expect_out "Review the lessons, then retake this module with:"
expect_out "  tmdojo --content $C learn --learner 'x y' t/m"
expect_out "See your scores with: tmdojo --content $C progress --learner 'x y'"
printf 'zzz\nzzz\n' > "$T/wrong2"
IN="$T/wrong2" run --content "$C" refresh --learner 'x y'
expect_rc 0
expect_out "Re-read these lessons:"
expect_out "(tmdojo --content $C show t/m)"
run --content "$C"
expect_rc 0
expect_out "Next step: tmdojo --content $C learn t"
expect_out "More: tmdojo --content $C progress (your scores)"
# with the content from the environment, the same shell finds it: no --content
TMDOJO_CONTENT="$C" run
expect_out "Next step: tmdojo learn t"
exit 0
