# A bad option reads "tmdojo CMD: ..." as every other message of the command does
# (getopt named it "learn: unrecognized option"), and an extra argument is named
# before the usage, as list does.
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC"
run learn --bogus
expect_rc 2; expect_err "tmdojo learn: unrecognized option '--bogus'"
run cohort grade --bogus
expect_rc 2; expect_err "tmdojo cohort grade: unrecognized option '--bogus'"
run grade --key
expect_rc 2; expect_err "tmdojo grade: option '--key' requires an argument"
run learn intro extra
expect_rc 2; expect_err "tmdojo learn: unexpected argument 'extra'"; expect_err "usage: tmdojo learn"
run refresh extra
expect_rc 2; expect_err "tmdojo refresh: unexpected argument 'extra'"
run progress extra
expect_rc 2; expect_err "tmdojo progress: unexpected argument 'extra'"
# --learner before any command (a second learner's home screen, as `learn
# --learner` suggests) says where the name goes instead of "unknown option"
run --learner ana
expect_rc 2
expect_err "tmdojo: --learner goes after a command (tmdojo learn --learner NAME); for another learner's home screen, set TMDOJO_LEARNER=NAME"
run --learner=ana learn intro
expect_rc 2; expect_err "--learner goes after a command"
exit 0
