# Quiz org-id-fix (intro/questions-on-a-diagram): the caller is an organization admin,
# so right answers that name the admin's organization, or check org_id against the
# caller's, are credited; a bare format check and the flaw restated (the org_id the
# admin sends with the token) are refused. Review of session 17.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/verdicts.sh"
SEED=3   # the seed whose --solve answers the line numbers below follow
export TMDOJO_CONTENT="$SRC"


m=intro/questions-on-a-diagram
# the question sits on line 8 of the --solve answers for seed 3
rights $m 8 "validate org_id against the caller's org" \
            "ignore the body and use the admin's organization" \
            "verify org_id equals the admin's org" \
            "only allow the admin's own organization" \
            "use the org from the admin's account" \
            "don't trust the body, use the admin's org" \
            "check org_id matches the admin's organization" \
            "take the organization from the caller's token" \
            "the caller's own organization" \
            "ignore the request body and use the admin's org" \
            "check org_id against the admin's org" \
            "validate that org_id is the caller's organization"
wrongs $m 8 "the org_id the admin sends along with the token" \
            "the org_id the caller sends with the token" \
            "the organization in the request body" \
            "validate org_id" \
            "validate the org_id format" \
            "verify the caller is an admin" \
            "use the org the admin sends" \
            "use the admin's org_id from the body"
exit 0
