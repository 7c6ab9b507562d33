# Sourced after lib/common.sh by tests of short answers. Provides verdict
# COURSE/MODULE LINE ANSWER (learn's first line after ANSWER, given on line LINE of
# COURSE/MODULE's --solve answers, with seed $SEED, 7 unless set; a script may
# define its own verdict after sourcing this), right and wrong (one answer
# credited or refused) and rights and wrongs (each of several answers in turn).
verdict() {
  key=$(echo "$1" | tr / _)
  [ -f "$T/solve-$key" ] || {
    export TMDOJO_HOME="$T/home-solve-$key"
    run learn --seed "${SEED:-7}" --solve "$1"
    expect_rc 0
    cp "$T/out" "$T/solve-$key"
  }
  awk -v n="$2" -v a="$3" 'NR == n { print a; next } { print }' "$T/solve-$key" > "$T/in"
  export TMDOJO_HOME="$T/home-$key-$2"
  rm -rf "$TMDOJO_HOME"
  IN="$T/in" run learn --seed "${SEED:-7}" --learner r1 "$1"
  awk -v a="> $3" 'f { print; exit } $0 == a { f = 1 }' "$T/out"
}
right() { v=$(verdict "$@"); case $v in Correct.*) ;; *) fail "$1 line $2: '$3' refused: $v";; esac; }
wrong() { v=$(verdict "$@"); case $v in "Not quite."*) ;; *) fail "$1 line $2: '$3' credited: $v";; esac; }
# rights WHERE LINE ANSWER...: right for each answer in turn; wrongs: wrong
rights() { m_=$1 n_=$2; shift 2; for a_ in "$@"; do right "$m_" "$n_" "$a_"; done; }
wrongs() { m_=$1 n_=$2; shift 2; for a_ in "$@"; do wrong "$m_" "$n_" "$a_"; done; }
