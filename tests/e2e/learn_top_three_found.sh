# The top-three step marks each pick whose threat the learner's threat list (the
# threats step) did not find: in a session the top three is picked from the
# threats found (courses/live/03-running-the-session.yaml). The picks are still
# graded against the reference. Before (review of session 17), a learner who
# listed only "printers" was told "2 of 3 are in the reference top three" with no
# word that none of the three had been found. After a resume at the top-three
# step, the stored threat list is graded again for the marks.
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC"
[ -f "$SRC/courses/live/course.yaml" ] || { echo "no live course"; exit 77; }
W02="Cloud metadata endpoint reached through a webhook URL, leaking worker role credentials"
W05="Signing secrets stored in plaintext and readable by every support agent"
W18="Huge response bodies read into memory crash dispatcher workers"
NOTE="is not in your threat list: in a session, pick from the threats you found"
# the top-three result, on one line
section() {
  sed -n '/^Your top three, in your order/,/^The reference top three/p' "$T/out" | tr '\n' ' ' | tr -s ' '
}

# the reviewer's run: the threat list found none of the picks
printf '%s\n' data . scope . "Unrelated threat about printers" . "" "$W02" "$W05" "$W18" . :q > "$T/in"
IN="$T/in" run learn --seed 7 --learner ana live/live-session-practice
expect_rc 0
s=$(section)
case $s in *"W02, W05, W18 - 2 of 3 are in the reference top three."*) ;;
  *) fail "the picks are no longer graded: $s" ;; esac
for p in "pick 1 (W02) $NOTE" "pick 2 (W05) $NOTE" "pick 3 (W18) $NOTE"; do
  case $s in *"$p"*) ;; *) fail "not marked: $p" ;; esac
done

# a threat list that found W02 and W18: only W05 is marked
printf '%s\n' data . scope . "$W02" "$W18" . "" "$W02" "$W05" "$W18" . :q > "$T/in"
IN="$T/in" run learn --seed 7 --learner bo live/live-session-practice
expect_rc 0
s=$(section)
case $s in *"pick 2 (W05) $NOTE"*) ;; *) fail "W05 not marked: $s" ;; esac
case $s in *"pick 1 (W02) is not"*|*"pick 3 (W18) is not"*) fail "a found pick marked: $s" ;; esac

# stopped at the top-three prompt, resumed: the stored threat list still counts
printf '%s\n' data . scope . "$W02" "$W18" . "" :q > "$T/in"
IN="$T/in" run learn --seed 7 --learner cy live/live-session-practice
expect_rc 0
printf '%s\n' "$W02" "$W05" "$W18" . :q > "$T/in"
IN="$T/in" run learn --seed 7 --learner cy live/live-session-practice
expect_rc 0
expect_out "Welcome back"
s=$(section)
case $s in *"pick 2 (W05) $NOTE"*) ;; *) fail "W05 not marked after a resume: $s" ;; esac
case $s in *"pick 1 (W02) is not"*|*"pick 3 (W18) is not"*) fail "a found pick marked after a resume: $s" ;; esac
exit 0
