# A YAML submission with a %TAG directive is refused like a tag (file:line:column,
# exit 2); it was graded silently as plain text. %YAML 1.1/1.2 are read; another
# version is an error at the directive.
. "$(dirname "$0")/lib/common.sh"
FIX="$SRC/tests/fixtures/cohort"
export TMDOJO_CONTENT="$FIX/content"
K="$FIX/content/exercises/add-user-api"
printf '%%TAG !e! tag:example.com,2000:\n---\nthreats:\n  - title: SQL injection in the user name field\n' >"$T/tag.yaml"
run grade --key "$K" "$T/tag.yaml"; expect_rc 2
expect_err "$T/tag.yaml:1:1: directive '%TAG !e! tag:example.com,2000:' is not supported"
expect_no_out "against add-user-api"
printf '%%YAML 1.2\n---\nthreats:\n  - title: SQL injection in the user name field\n' >"$T/v12.yaml"
run grade --key "$K" "$T/v12.yaml"; expect_rc 0
expect_out "found (1)"
printf '%%YAML 1.9\n---\nthreats:\n  - title: SQL injection in the user name field\n' >"$T/v19.yaml"
run grade --key "$K" "$T/v19.yaml"; expect_rc 2
expect_err "$T/v19.yaml:1:1:"
# content files too: a %TAG directive in a key is named
cp -r "$FIX/content" "$T/c"
{ printf '%%TAG !e! tag:example.com,2000:\n---\n'; cat "$K/key.yaml"; } >"$T/c/exercises/add-user-api/key.yaml"
run validate "$T/c/exercises/add-user-api/key.yaml"; expect_rc 2
expect_err "key.yaml:1:1: directive '%TAG !e!"
exit 0
