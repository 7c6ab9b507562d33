# Snowball stems "customer" to "custom", so a key's synonym group [tenant,
# customer] read a learner's "custom reports" (a feature) as "tenant reports",
# and the explanation said "customer", a word neither text held. The bundled
# lexicon keeps "customer" whole; "custom" is its own word again, while
# "customers" still reads as the group's "tenant".
. "$(dirname "$0")/lib/common.sh"
export TMDOJO_CONTENT="$SRC"
cat > "$T/key.yaml" <<'K'
lexicon:
  synonyms:
    - [tenant, customer, organization]
threats:
  - id: R01
    title: Heavy custom reports starve the shared warehouse cluster
    stride: [denial-of-service]
    severity: high
  - id: R02
    title: One tenant reads another tenant's invoices by changing the id
    stride: [information-disclosure]
    severity: high
K
printf 'heavy custom reports starve the cluster\n' > "$T/custom.txt"
run grade --json --key "$T/key.yaml" "$T/custom.txt"
expect_rc 0
expect_out '"threat":"R01"'
grep -o '"why":"[^"]*"' "$T/out" | grep -q 'customer' && fail "the why names 'customer', which neither text holds"
grep -o '"why":"[^"]*"' "$T/out" | grep -q 'custom' || fail "the why lacks the learner's 'custom'"

# the group still reads "customers" as its tenants
printf 'one customer reads another customer'"'"'s invoices by changing the id\n' > "$T/tenant.txt"
run grade --json --key "$T/key.yaml" "$T/tenant.txt"
expect_rc 0
expect_out '"threat":"R02"'
exit 0
