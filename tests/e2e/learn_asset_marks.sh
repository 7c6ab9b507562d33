# The assets step's "+ where you named one" (review of session 17): a line that
# shared only the exercise's ubiquitous word ("tenant", in an exercise where most
# assets are a tenant's) got a + on "tenant server keys, user API tokens and support
# sessions", while "identity graph and device fingerprints" and "the SDK code served
# from our CDN" got none on the assets they name. A mark now needs a key word shared
# beyond the list's ubiquitous ones, and a similarity of 0.5 (0.45 both ways, or 0.5
# both ways to a comma- or and-separated part of the item).
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC"
[ -f "$SRC/courses/201-advanced/course.yaml" ] || { echo "no 201 course"; exit 77; }
n=0
marks() {   # LINE: the assets the line gets a + on, one per line (learner a$n)
  printf '%s\n' "$1" . :q > "$T/in"
  IN="$T/in" run learn --seed 7 --learner "a$n" 201-advanced/capstone
  expect_rc 0
  sed -n '/^Assets in the reference/,/step 3 of 6/p' "$T/out" | sed -n 's/^  + \([^(]*\).*/\1/p'
}
named() {   # LINE ASSET: the line's only + is on ASSET
  n=$((n + 1))
  m=$(marks "$1")
  [ "$m" = "$2 " ] || fail "'$1' should name '$2' only; marks: '$m'"
}
unnamed() {   # LINE: no +
  n=$((n + 1))
  m=$(marks "$1")
  [ -z "$m" ] || fail "'$1' should name no asset; marks: '$m'"
}
unnamed "integrity of tally.min.js on tenant sites"
unnamed "tenant isolation (row-level security)"
named "identity graph and device fingerprints" "identity graph, device signatures and predicted traits"
named "the SDK code served from our CDN" "the SDK as delivered from the CDN and npm"
named "identity graph" "identity graph, device signatures and predicted traits"
# the ubiquitous word still counts with a distinctive one beside it
named "tenant data" "tenants' event data and profiles in the shared warehouse"
named "write keys" "write keys"
exit 0
