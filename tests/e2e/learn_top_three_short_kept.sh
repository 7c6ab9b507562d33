# A top three refused for too few picks kept nothing: the learner who typed two
# picks and read "give exactly three threats (you gave 2)" typed a third, which
# was then refused as "you gave 1", and the first two were lost. Too few picks
# are now kept as the step's draft: shown at the prompt, the next lines add to
# them, and a stop keeps them for the resume.
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC"
[ -f "$SRC/courses/foundations/course.yaml" ] || { echo "no foundations course"; exit 77; }
export TMDOJO_HOME="$T/home"
steps='card numbers\n\nout: SSO\n\nA bot floods checkout\n\n\n'
b01='Card testing with stolen card numbers through the guest checkout'
b02='Full card numbers and CVVs stored in the billing database'
b03='Request floods run up the per-call fees of the card-network API'

# two picks, refused; the third is added to them, in order
printf "$steps%s\n%s\n\n%s\n\n:q\n" "$b01" "$b02" "$b03" > "$T/in"
IN="$T/in" run learn --learner ana foundations/billing-exercise
expect_rc 0
expect_out "give exactly three threats, one per line (you gave 2)"
expect_out "Your earlier lines are kept; add more"
expect_no_out "(you gave 1)"
expect_out "Your top three, in your order: B01, B02, B03"

# a stop right after the refusal keeps the two picks for the resume
printf "$steps%s\n%s\n\n:q\n" "$b01" "$b02" > "$T/in"
IN="$T/in" run learn --learner bo foundations/billing-exercise
expect_rc 0
expect_out "(you gave 2)"
printf '%s\n\n:q\n' "$b03" > "$T/in"
IN="$T/in" run learn --learner bo foundations/billing-exercise
expect_rc 0
expect_out "Your earlier lines are kept; add more"
expect_out "  $b02"
expect_out "Your top three, in your order: B01, B02, B03"

# too many picks are not kept: the learner chooses three again
printf "$steps%s\n%s\n%s\nfour\n\n%s\n%s\n%s\n\n:q\n" "$b01" "$b02" "$b03" "$b03" "$b02" "$b01" > "$T/in"
IN="$T/in" run learn --learner cy foundations/billing-exercise
expect_rc 0
expect_out "(you gave 4)"
expect_out "Your top three, in your order: B03, B02, B01"

# two picks kept, then three more typed (five in all): refused, and the kept two
# are dropped, so the next three typed are the top three (they were refused as
# "you gave 5" again and again)
printf "$steps%s\n%s\n\n%s\n%s\n%s\n\n%s\n%s\n%s\n\n:q\n" "$b01" "$b02" "$b01" "$b02" "$b03" "$b03" "$b02" "$b01" > "$T/in"
IN="$T/in" run learn --learner di foundations/billing-exercise
expect_rc 0
expect_out "(you gave 2)"
expect_out "(you gave 5)"
[ "$(grep -c '(you gave 5)' "$T/out")" -eq 1 ] || fail "five picks were refused more than once"
expect_out "Your top three, in your order: B03, B02, B01"

# a top-three label line ("Our top 3") is no pick, for the draft as for the
# count: under it two picks are two, kept (the front end counted the label as
# a third pick and kept nothing, while the runner refused "you gave 2")
printf "${steps}Our top 3\n- %s\n- %s\n\n%s\n\n:q\n" "$b01" "$b02" "$b03" > "$T/in"
IN="$T/in" run learn --learner ed foundations/billing-exercise
expect_rc 0
expect_out "(you gave 2)"
expect_out "Your earlier lines are kept; add more"
expect_no_out "(you gave 1)"
expect_out "Your top three, in your order: B01, B02, B03"
