# Standard input named twice ('-' twice, or '-' and /dev/stdin on a pipe) is
# refused with exit 2 by grade and cohort grade: the second read nothing and
# was graded as an empty list.
. "$(dirname "$0")/lib/common.sh"
KEY="$SRC/exercises/credit-card-billing"
S="$KEY/samples/average-group.txt"
IN="$S" run grade --json --key "$KEY" - -
expect_rc 2
expect_err "tmdojo grade: standard input is given twice ('-' and '-')"
[ ! -s "$T/out" ] || fail "grade printed a result"
cat "$S" | "$TMDOJO" grade --key "$KEY" - /dev/stdin >"$T/out" 2>"$T/err"
rc=$?
expect_rc 2
expect_err "standard input is given twice ('-' and '/dev/stdin')"
cat "$S" | "$TMDOJO" cohort grade --exercise credit-card-billing --cohort c \
  /dev/stdin /dev/fd/0 >"$T/out" 2>"$T/err"
rc=$?
expect_rc 2
expect_err "tmdojo cohort grade: standard input is given twice"
# once is fine; a file given as standard input and by name too is read twice
IN="$S" run grade --key "$KEY" -
expect_rc 0
IN="$S" run grade --key "$KEY" - "$S"
expect_rc 0
exit 0
