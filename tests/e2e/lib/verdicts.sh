# Sourced after lib/common.sh by tests of short answers, which define
# verdict WHERE LINE ANSWER (learn's first line after ANSWER, given on line LINE of
# WHERE's --solve answers). Provides right and wrong (one answer credited or
# refused) and rights and wrongs (each of several answers in turn).
right() { v=$(verdict "$@"); case $v in Correct.*) ;; *) fail "$1 line $2: '$3' refused: $v";; esac; }
wrong() { v=$(verdict "$@"); case $v in "Not quite."*) ;; *) fail "$1 line $2: '$3' credited: $v";; esac; }
# rights WHERE LINE ANSWER...: right for each answer in turn; wrongs: wrong
rights() { m_=$1 n_=$2; shift 2; for a_ in "$@"; do right "$m_" "$n_" "$a_"; done; }
wrongs() { m_=$1 n_=$2; shift 2; for a_ in "$@"; do wrong "$m_" "$n_" "$a_"; done; }
