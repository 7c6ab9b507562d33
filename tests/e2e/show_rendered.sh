# `tmdojo show COURSE/MODULE` printed raw Markdown on a terminal, unpaged (**bold**,
# table pipes, "> " call-outs), and its heading levels were upside down: lesson
# titles ###, the lessons' own headings ##. Piped, it stays Markdown with the
# lessons' headings below their lesson's title; on a terminal it is rendered and
# paged as learn renders lessons.
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC"
run show intro/you-already-threat-model
expect_rc 0
expect_out "## You already threat model"
expect_out "### Protecting a home on a fixed budget"
expect_out "#### Step one: what is worth protecting (the assets)"
# the module is the only ## heading; nothing inside a lesson above ####
[ "$(grep -c '^## ' "$T/out")" -eq 1 ] || fail "a lesson heading is at the module's level"
grep -n '^#\{1,3\} ' "$T/out" | grep -v '^1:## \|:### ' && fail "a heading above a lesson's title"
# a whole course: # course, ## modules, ### lessons, #### and below inside them
run show intro
expect_rc 0
expect_out "# Part 1: Introduction to threat modeling"
awk '/^#+ / { n = length($1) } /^## / { m++ } END { exit m < 2 }' "$T/out" || fail "modules are not ##"
grep -q '^## Step one' "$T/out" && fail "a lesson's own heading is at the module level"
# a '#' line inside a fenced code block is not a heading: left alone
make_demo_root "$T/c"
cat > "$T/c/courses/demo/m.yaml" <<'YAML'
id: m
title: M
objectives: [Demo]
items:
  - lesson: L
    body: |
      ## Part

      ```
      ## not a heading
      ```
summary: [S]
YAML
TMDOJO_CONTENT="$T/c" run show demo/m
expect_rc 0
expect_out "#### Part"
grep -qx "## not a heading" "$T/out" || fail "a line in a code block was changed"

# On a terminal (tmux): rendered, paged, no Markdown markers.
command -v tmux >/dev/null 2>&1 || { echo "tmux not installed: terminal view not checked"; exit 0; }
. "$(dirname "$0")/lib/tmux.sh"
tmux_start 80 24 "TMDOJO_HOME=$TMDOJO_HOME TMDOJO_CONTENT=$SRC TERM=xterm-256color ${TMDOJO_WRAP:-} $TMDOJO show foundations/warm-up-survey"
wait_screen "-- more: [Enter] next page, q stops --"
tmux -L "$S" capture-pane -p -t main > "$T/out"
expect_out "How the warm-up runs"
expect_out "The feature is Pulse, a tool"
expect_no_out "**"
expect_no_out "|---|"
expect_no_out "### "
expect_no_out "TMDOJO-EXIT"
tmux -L "$S" capture-pane -p -e -t main > "$T/colour"
grep -q "$(printf '\033')\[1m" "$T/colour" || { cp "$T/colour" "$T/out"; fail "no styles on a terminal"; }
keys q Enter
wait_screen "TMDOJO-EXIT-0"
exit 0
