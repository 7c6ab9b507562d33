#!/bin/sh
# The prepared lexicon kept between runs (engine/lexcache.c): a warm run grades
# as a cold one and does not rewrite the cache; any change to the lexicon's
# bytes (even one of the same length), a file added, a damaged or foreign cache
# file, an unwritable cache directory or TMDOJO_CACHE= (off) all grade from the
# files, silently; a lexicon with an error is reported on every run, never cached.
. "$(dirname "$0")/lib/common.sh"
unset TMDOJO_CACHE   # common.sh's: here the default place, under $HOME, is tested
C="$T/content"
mkdir -p "$C/lexicon"
cat > "$T/key.yaml" <<'EOF'
exercise: cache-demo
threats:
  - id: C01
    title: SQL injection in invoice search
    description: The invoice search box builds its query by string concatenation.
    stride: [tampering]
    severity: critical
  - id: C02
    title: Invoice PDFs exposed through guessable links
    description: Invoice PDF links use sequential numbers and need no login.
    stride: [information-disclosure]
    severity: high
EOF
printf 'frobnicate in the invoice search\ninvoice links can be guessed\n' > "$T/sub.txt"
# the bundled lexicon, and variants with one expansion more
cp "$SRC/lexicon/en.yaml" "$T/plain.yaml"
sed '/^expansions:/a\  frobnicate: sql injection' "$T/plain.yaml" > "$T/frob.yaml"
sed '/^expansions:/a\  qwertyuiop: sql injection' "$T/plain.yaml" > "$T/frobx.yaml"
cmp -s "$T/plain.yaml" "$T/frob.yaml" && fail "sed did not add the expansion"
cp "$T/plain.yaml" "$C/lexicon/en.yaml"
G="--content $C grade --json --key $T/key.yaml $T/sub.txt"
cache_file() { ls "$HOME"/.cache/tmdojo/lexicon-*.bin 2>/dev/null | grep -v '\.bin\.' ; }
inode() { ls -i "$(cache_file)" | cut -d' ' -f1; }

# cold: graded from the files, the cache written (owner only)
run $G
expect_rc 0
cp "$T/out" "$T/cold"
expect_no_out '"threat":"C01","severity":"critical","line":1'
[ -n "$(cache_file)" ] || fail "no cache file under $HOME/.cache/tmdojo"
[ "$(stat -c %a "$HOME/.cache/tmdojo")" = 700 ] || fail "cache directory not 0700"
[ ! -s "$T/err" ] || fail "a cold run printed something on stderr"
first=$(inode)

# warm: the same report, the cache read and left as it is
run $G
expect_rc 0
cmp -s "$T/cold" "$T/out" || fail "warm run differs from cold run"
[ "$(inode)" = "$first" ] || fail "a warm run rewrote the cache"

# the lexicon changed in length: the change counts, the cache is rewritten
cp "$T/frob.yaml" "$C/lexicon/en.yaml"
run $G
expect_rc 0
expect_out '"threat":"C01","severity":"critical","line":1'
[ "$(inode)" != "$first" ] || fail "the cache was not rewritten after the lexicon changed"
cp "$T/out" "$T/frob"
run $G
cmp -s "$T/frob" "$T/out" || fail "warm run after the change differs"

# the same length, other bytes ("frobnicate" -> "qwertyuiop"): not the old lexicon
cp "$T/frobx.yaml" "$C/lexicon/en.yaml"
run $G
expect_rc 0
expect_no_out '"threat":"C01","severity":"critical","line":1'
cp "$T/frob.yaml" "$C/lexicon/en.yaml"
run $G
cmp -s "$T/frob" "$T/out" || fail "back to the earlier lexicon, a different report"

# a second lexicon file is read too
printf 'expansions:\n  guessed: brute forced\n' > "$C/lexicon/zz.yaml"
run $G
expect_rc 0
expect_out 'brute'
rm "$C/lexicon/zz.yaml"
run $G
cmp -s "$T/frob" "$T/out" || fail "the removed lexicon file still counts"

# a cache file others may write is not read (a shared TMDOJO_CACHE): rewritten
f=$(cache_file)
chmod 666 "$f"
before=$(inode)
run $G
cmp -s "$T/frob" "$T/out" || fail "a world-writable cache changed the report"
[ "$(inode)" != "$before" ] || fail "a world-writable cache file was read"
[ "$(stat -c %a "$(cache_file)")" = 600 ] || fail "the cache file is not 0600"

# a damaged cache (flipped byte, truncated, junk, empty) grades from the files
f=$(cache_file)
size=$(stat -c %s "$f")
for damage in words flip truncate junk empty; do
  case $damage in
    # the words the cache holds changed, its checksum not: the checksum is what
    # tells (decoding alone would read the other word)
    words) python3 - "$f" <<'EOF' || fail "cannot edit the cache file" ;;
import struct, sys
p = sys.argv[1]
b = open(p, "rb").read()
at = len(b"tmdojo-lexcache") + 1 + 4          # magic, version
n, = struct.unpack_from("<I", b, at); at += 4 + n   # build id
n, = struct.unpack_from("<I", b, at); at += 4       # sources
for _ in range(n):
    for _ in range(2):                             # name, bytes
        m, = struct.unpack_from("<I", b, at); at += 4 + m
at += 8 + 4                                        # checksum, blob length
assert b"frobnicate" in b[at:]
open(p, "wb").write(b[:at] + b[at:].replace(b"frobnicate", b"qwertyuiop"))
EOF
    flip) printf '\377' | dd of="$f" bs=1 seek=$((size - 40)) conv=notrunc 2>/dev/null ;;
    truncate) head -c $((size / 2)) "$f" > "$T/half" && cp "$T/half" "$f" ;;
    junk) head -c 5000 /dev/urandom > "$f" ;;
    empty) : > "$f" ;;
  esac
  run $G
  expect_rc 0
  cmp -s "$T/frob" "$T/out" || fail "a $damage cache file changed the report"
  [ ! -s "$T/err" ] || fail "a $damage cache file printed something"
done

# another build's cache (another build id) is not read, even when it is whole
# (checksum right): here one whose words differ, so that reading it would show
f=$(cache_file)
python3 - "$f" <<'EOF' || fail "cannot edit the cache file"
import struct, sys
M = (1 << 64) - 1
def checksum64(b):
    h = 1469598103934665603 ^ len(b)
    i = 0
    while i + 8 <= len(b):
        w, = struct.unpack_from("<Q", b, i)
        h = ((h ^ w) * 0x9E3779B97F4A7C15) & M
        h ^= h >> 29
        i += 8
    for c in b[i:]:
        h = ((h ^ c) * 1099511628211) & M
    return h
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
at = len(b"tmdojo-lexcache") + 1 + 4
n, = struct.unpack_from("<I", b, at)
b[at + 4] ^= 0xFF                                   # the build id's first byte
at += 4 + n
n, = struct.unpack_from("<I", b, at); at += 4
for _ in range(n):
    for _ in range(2):
        m, = struct.unpack_from("<I", b, at); at += 4 + m
old = bytes(b[at + 12:])
assert checksum64(old) == struct.unpack_from("<Q", b, at)[0], "not lexcache.c's checksum"
blob = old.replace(b"frobnicate", b"qwertyuiop")
struct.pack_into("<Q", b, at, checksum64(blob))
open(p, "wb").write(bytes(b[:at + 12]) + blob)
EOF
run $G
cmp -s "$T/frob" "$T/out" || fail "another build's cache changed the report"

# the cache off, or somewhere unwritable: same report, nothing said
TMDOJO_CACHE= run $G
cmp -s "$T/frob" "$T/out" || fail "TMDOJO_CACHE= changed the report"
: > "$T/afile"
TMDOJO_CACHE="$T/afile/sub" run $G
expect_rc 0
cmp -s "$T/frob" "$T/out" || fail "an unwritable cache changed the report"
[ ! -s "$T/err" ] || fail "an unwritable cache printed something"
rm -rf "$T/other"
TMDOJO_CACHE="$T/other" run $G
ls "$T/other"/lexicon-*.bin >/dev/null 2>&1 || fail "TMDOJO_CACHE=DIR was not used"

# at most 32 content roots are kept: writing one more removes the oldest written
P="$T/pruned"
mkdir -p "$P"
i=10
while [ $i -lt 46 ]; do   # 36 files of other roots, the oldest first
  : > "$P/lexicon-00000000000000$i.bin"
  touch -d "2026-01-01 00:00:$i" "$P/lexicon-00000000000000$i.bin"
  i=$((i + 1))
done
: > "$P/notes.txt"
TMDOJO_CACHE="$P" run $G
expect_rc 0
[ "$(ls "$P" | grep -c '^lexicon-.*\.bin$')" -eq 32 ] || { ls "$P"; fail "the cache was not cut to 32 roots"; }
for gone in 10 11 12 13 14; do
  [ ! -e "$P/lexicon-00000000000000$gone.bin" ] || fail "the oldest cache file $gone was kept"
done
[ -e "$P/lexicon-0000000000000015.bin" ] && [ -e "$P/notes.txt" ] || fail "pruning removed too much"

# a lexicon with an error: reported on every run, never cached
rm -rf "$HOME/.cache/tmdojo"
printf 'expansions:\n  sqli: sql injection\nsynonyms: 42\n' > "$C/lexicon/zz.yaml"
for i in 1 2; do
  run $G
  [ "$rc" -ne 0 ] || fail "a lexicon with an error graded (run $i)"
  expect_err "zz.yaml:3"
done
[ -z "$(cache_file)" ] || fail "a lexicon with an error was cached"
echo "ok"
