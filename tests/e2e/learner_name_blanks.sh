# Learner names that print the same must not be two learners: a new name with
# a blank at either end (or only blanks) is refused, saying what to type; a
# learner stored with one by an older tmdojo still works, and lists of known
# learners quote names so the blank shows; a name with a combining accent
# (decomposed, as macOS writes it) is taken with a warning.
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC/tests/fixtures/learn"
A="$SRC/tests/fixtures/learn/answers"

IN=/dev/null run learn --seed 7 --learner 'ana ' tiny
expect_rc 2
expect_err "the learner name 'ana ' ends with a blank, which lists do not show; give it without: 'ana'"
IN=/dev/null run learn --seed 7 --learner ' ana' tiny
expect_rc 2
expect_err "the learner name ' ana' starts with a blank"
IN=/dev/null run learn --seed 7 --learner "$(printf 'ana\302\240')" tiny
expect_rc 2
expect_err "ends with a blank"
IN=/dev/null run learn --seed 7 --learner '   ' tiny
expect_rc 2
expect_err "the learner name '   ' is only blanks; give a name with letters or digits"
run cohort add c 'bob '
expect_rc 2
expect_err "the learner name 'bob ' ends with a blank"
expect_err "nothing was added"
[ -e "$TMDOJO_HOME/progress.db" ] || fail "no store"   # cohort add made the store
run progress --learner 'ana ' --export
expect_rc 2
expect_err "ends with a blank"

# a learner an older tmdojo stored as 'ana ' goes on working, and shows
IN="$A/tiny-seed7-part1.txt" run learn --seed 7 --learner ann tiny
expect_rc 0
command -v python3 >/dev/null 2>&1 || exit 0
python3 - "$TMDOJO_HOME/progress.db" <<'PY' || fail "python3 sqlite3 insert"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("INSERT INTO learners (name, created) VALUES ('ana ', 0)")
db.commit()
PY
IN="$A/tiny-seed7-part1.txt" run learn --seed 7 --learner 'ana ' tiny
expect_rc 0
expect_out "learner 'ana '"
run progress --learner ana
expect_rc 2
expect_err "known learners: 'ana ', 'ann'"
run progress --learner 'ana ' --export
expect_rc 0
expect_out '"learner":"ana "'
run cohort add c 'ana '
expect_rc 0

# a combining accent: taken, with a warning; a precomposed name none
IN=/dev/null run learn --seed 7 --learner "$(printf 'jose\314\201')" tiny
expect_rc 0
expect_err "tmdojo learn: warning: 'jos"
expect_err "the learner name has a combining accent (U+0301"
expect_err "counts as a different learner"
IN=/dev/null run learn --seed 7 --learner "$(printf 'jos\303\251')" tiny
expect_rc 0
! grep -qF "combining accent" "$T/err" || fail "a precomposed name was warned about"
run cohort add c "$(printf 'mari\314\201a')"
expect_rc 0
expect_err "tmdojo cohort add: warning: 'mari"
expect_err "combining accent (U+0301"
exit 0
