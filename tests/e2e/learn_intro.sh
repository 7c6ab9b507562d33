# The real curriculum (the three parts and the 201 course) can be completed in
# scripted mode: `learn --solve` prints the answers for a seed, and a fresh learner
# passes every course with them, and the end of each names the next one.
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC"
[ -f "$SRC/courses/intro/course.yaml" ] || { echo "no intro course yet"; exit 77; }
for course in intro foundations live 201-advanced; do
  [ -f "$SRC/courses/$course/course.yaml" ] || continue
  run learn --seed 31 --solve "$course"
  expect_rc 0
  cp "$T/out" "$T/answers-$course"
  IN="$T/answers-$course" run learn --seed 31 --learner newhire "$course"
  expect_rc 0
  expect_out "You finished"
  # the end names the next course in curriculum order, with its command
  case $course in
    intro) expect_out "Next course: \"Part 2: Foundations\". Start it with:"
           expect_out "  tmdojo learn --learner newhire foundations" ;;
    foundations) expect_out "  tmdojo learn --learner newhire live" ;;
    live) expect_out "  tmdojo learn --learner newhire 201-advanced" ;;
    201-advanced) expect_out "You have finished every course." ;;
  esac
  expect_no_out "Not quite"
  expect_no_out "Partly right"
  expect_no_out "not yet passed"
done
TMDOJO_LEARNER=newhire run
expect_rc 0
expect_out "intro"
expect_out "100%"
exit 0
