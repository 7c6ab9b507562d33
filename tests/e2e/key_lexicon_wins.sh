#!/bin/sh
# A key's own lexicon: is read after the bundled one, and where the two disagree
# the key wins (docs/FORMAT.md, "A key's lexicon and the bundled one"): its
# expansion of a term replaces the bundled one, a word of its synonym group
# other than the first moves to its group, and the group's first word keeps
# the bundled reading (so [leak, enumerate] joins nothing).
. "$(dirname "$0")/lib/common.sh"

R=$T/root
mkdir -p "$R/k"
cp -r "$SRC/lexicon" "$R/"
key() {
  cat > "$R/k/key.yaml" <<KEY
lexicon:
$1
threats:
  - id: T1
    title: Invoice disclosure through the export
    stride: [information-disclosure]
    severity: high
  - id: T2
    title: Acquirer credentials reused
    stride: [spoofing]
    severity: high
  - id: T3
    title: Outage of the gateway
    stride: [denial-of-service]
    severity: high
  - id: T4
    title: Sessions denied to customers
    stride: [denial-of-service]
    severity: high
KEY
}
printf -- '- leak of invoices through the export\n- enumerate invoices through the export\n- DoS on the gateway\n- leaks of the acquirer credentials\n' > "$T/lines.txt"

# the bundled reading: leak is disclosure, dos is denial of service (an outage)
key '  expansions: {zork: outage}'
run --content "$R" grade --key "$R/k/key.yaml" --json "$T/lines.txt"
expect_rc 0
expect_out '"threat":"T1","severity":"high","line":1,'
expect_out '"threat":"T3","severity":"high","line":3,'

# a member of a key's group, in any form ("leaks"), leaves its bundled group
key '  synonyms: [[acquirer, leaks]]'
run --content "$R" grade --key "$R/k/key.yaml" "$T/lines.txt"
expect_rc 0
expect_no_out 'T1 [high] line 1'
expect_out 'leaks ~ acquirer'   # the line's own word

# the first word of a key's group keeps the bundled reading; the others read
# as that word as written, which nothing reads again
key '  synonyms: [[leak, enumerate]]'
run --content "$R" grade --key "$R/k/key.yaml" "$T/lines.txt"
expect_rc 0
expect_out 'T1 [high] line 1'
expect_out 'leak ~ disclosure'
expect_no_out 'line 2 ('

# a key's expansion of a bundled term (any case) replaces it
key '  expansions: {dos: denial of sessions}'
run --content "$R" grade --key "$R/k/key.yaml" "$T/lines.txt"
expect_rc 0
expect_out 'dos -> denial of session'
expect_no_out 'denial of service'
exit 0
