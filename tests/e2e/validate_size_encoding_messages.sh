# A key over the 1 MiB file limit is told what to do for a key (it cannot be
# split: fewer or shorter threats, descriptions, aliases), not "split it",
# which a module keeps. UTF-16 without a byte order mark (LE or BE) is
# reported as UTF-16 at 1:1 with the iconv encoding to convert from, as a
# BOM'd file is, not as "1:2: NUL byte in file"; in content, a design
# document and a submission alike.
# The cases edit a root of their own (one course, one module that takes the
# learn fixture's tiny-ex), not a copy of the whole bundled content.
. "$(dirname "$0")/lib/common.sh"
command -v iconv >/dev/null 2>&1 || { echo "iconv not installed"; exit 77; }
C="$T/c"
make_exercise_root "$C"
O="$SRC/tests/fixtures/learn/exercises/tiny-ex"
E="$C/exercises/tiny-ex"
K="$E/key.yaml"
pad() { awk 'BEGIN { for (i = 0; i < 21000; i++) printf "# %0100d\n", i }' >> "$1"; }

pad "$K"
run --content "$C" validate "$C"
expect_rc 2
expect_err "key.yaml: key file is"
expect_err "a key cannot be split: make it smaller, with fewer or shorter threats"
grep -q "split it" "$T/err" && fail "a key is told to split it"
run grade --key "$K" /dev/null
expect_rc 2
expect_err "a key cannot be split"
cp "$O/key.yaml" "$K"

M="$C/courses/demo/m.yaml"
cp "$M" "$T/m.orig"
pad "$M"
run --content "$C" validate "$C"
expect_rc 2
expect_err "over the 1048576-byte limit; split it"
cp "$T/m.orig" "$M"

for enc in utf-16le utf-16be; do
  iconv -f utf-8 -t "$enc" < "$O/key.yaml" > "$K"
  run --content "$C" validate "$C"
  expect_rc 2
  expect_err "key.yaml:1:1: this is UTF-16 text: save the file as UTF-8 (e.g. iconv -f $enc -t utf-8)"
  grep -q "NUL byte" "$T/err" && fail "$enc: reported as a NUL byte"
  cp "$O/key.yaml" "$K"

  D=$(grep '^document: ' "$E/exercise.yaml" | sed 's/^document: //')
  iconv -f utf-8 -t "$enc" < "$O/$D" > "$E/$D"
  run --content "$C" validate "$C"
  expect_rc 2
  expect_err "$D:1:1: this is UTF-16 text"
  expect_err "iconv -f $enc -t utf-8"
  cp "$O/$D" "$E/$D"

  printf 'card numbers stored in the clear\n' | iconv -f utf-8 -t "$enc" > "$T/sub.txt"
  run grade --key "$O/key.yaml" "$T/sub.txt"
  expect_rc 2
  expect_err "sub.txt:1:1: this is UTF-16 text: save the threat list as UTF-8 (e.g. iconv -f $enc -t utf-8)"
  # curly quotes and a dash (no NUL byte in their UTF-16) near the start
  printf -- '- \342\200\234smart\342\200\235 quotes \342\200\224 export links never expire\n' |
    iconv -f utf-8 -t "$enc" > "$T/sub.txt"
  run grade --key "$O/key.yaml" "$T/sub.txt"
  expect_rc 2
  expect_err "sub.txt:1:1: this is UTF-16 text: save the threat list as UTF-8 (e.g. iconv -f $enc -t utf-8)"
done
# with a byte order mark: iconv's utf-16 reads the mark
printf '\377\376' > "$K"
iconv -f utf-8 -t utf-16le < "$O/key.yaml" >> "$K"
run --content "$C" validate "$C"
expect_rc 2
expect_err "key.yaml:1:1: this is UTF-16 text: save the file as UTF-8 (e.g. iconv -f utf-16 -t utf-8)"
exit 0
