# The design and diagram are paged at an exercise's read step only. A resume
# past it showed neither, nor said how to see them, though the later steps'
# hints point into them ("Follow F10"): every later step's help names :design,
# which pages them again and then shows the lines typed so far.
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC"
[ -f "$SRC/courses/foundations/course.yaml" ] || { echo "no foundations course"; exit 77; }
DESIGN="Design: direct card billing for Brightpath subscriptions"

# to the assets step, one line typed, then a stop: the line is kept as a draft
printf '%s\n' "cardholder data" :q > "$T/in"
IN="$T/in" run learn --seed 7 --learner ana foundations/billing-exercise
expect_rc 0
expect_out "of 6: List the assets"
[ "$(grep -c "$DESIGN" "$T/out")" -eq 1 ] || fail "the design is not shown once at the read step"

# the resume lands on the assets step, without the design, and says how to see it
printf '%s\n' "the Meridian API key" :design "sales volume and revenue figures" . :q > "$T/in"
IN="$T/in" run learn --seed 7 --learner ana foundations/billing-exercise
expect_rc 0
expect_out "Welcome back"
tr '\n' ' ' < "$T/out" | tr -s ' ' | grep -qF ':design shows the design again' \
  || fail "the resumed step does not say how to see the design"
awk -v d="$DESIGN" 'index($0, d) { shown = 1 } $0 == "> :design" { asked = 1; if (shown) exit 1 }
     END { exit !(asked && shown) }' "$T/out" || fail "the design is not shown at :design only"
expect_out "Diagram"
grep -A3 "Back to the step; your lines so far are kept:" "$T/out" > "$T/kept"
grep -qx "  cardholder data" "$T/kept" || fail "the draft line is not shown after :design"
grep -qx "  the Meridian API key" "$T/kept" || fail "the line typed before :design is not shown after it"
expect_out "Assets in the reference model"
# the list is the four lines, :design not one of them
grep -q "^  + Meridian API key" "$T/out" && grep -q "^  + sales volume" "$T/out" \
  || fail "the lines typed around :design were not kept"
expect_no_out '":design"'
exit 0
