# An e2e script run alone, without TMDOJO_HOME, TMDOJO_SRC or XDG_DATA_HOME and
# from another directory, finds its source tree from its own path and never
# writes to $HOME (lib/common.sh once required TMDOJO_SRC, and with it set but
# TMDOJO_HOME unset learn_intro.sh wrote a learner into ~/.local/share/tmdojo).
# The scripts run here without TMDOJO_WRAP: what is checked is where they look
# and write, and `make valgrind` runs each of them under valgrind on its own.
. "$(dirname "$0")/lib/common.sh"
fake="$T/fake-home"
mkdir "$fake"
for s in learn_intro cohort_top_three; do
  ( cd / && env -u TMDOJO_HOME -u TMDOJO_SRC -u XDG_DATA_HOME -u TMDOJO_LEARNER -u TMDOJO_WRAP \
      HOME="$fake" TMDOJO="$TMDOJO" sh "$SRC/tests/e2e/$s.sh" ) >"$T/out" 2>"$T/err" \
    || fail "$s.sh failed when run alone"
  [ -z "$(ls -A "$fake")" ] || { ls -AR "$fake" >"$T/out"; fail "$s.sh wrote into \$HOME"; }
done
# the binary defaults to the tree's build: a script run with nothing set at all
if [ -x "$SRC/build/tmdojo" ] || [ -x "$SRC/tmdojo" ]; then
  ( cd / && env -u TMDOJO -u TMDOJO_HOME -u TMDOJO_SRC -u XDG_DATA_HOME -u TMDOJO_WRAP HOME="$fake" \
      sh "$SRC/tests/e2e/cli_basics.sh" ) >"$T/out" 2>"$T/err" \
    || fail "cli_basics.sh failed with no variable set"
  [ -z "$(ls -A "$fake")" ] || fail "cli_basics.sh wrote into \$HOME"
fi
exit 0
