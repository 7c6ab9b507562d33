# --content may follow the command as well as precede it, for every command
# (not only export): the same content is used either way. Content with errors
# names the root in the validate command it suggests, so that running it
# checks that content, not the bundled one.
. "$(dirname "$0")/lib/common.sh"
C="$T/my content"
make_demo_root "$C"
printf 'id: m\ntitle: Only here\nobjectives: [o]\nitems:\n  - lesson: L\n    body: B.\nsummary: [s]\n' \
  >"$C/courses/demo/m.yaml"

run list --content "$C"; expect_rc 0; expect_out "Only here"
run list "--content=$C" --json; expect_rc 0; expect_out "Only here"
run --content "$C" list; expect_rc 0; expect_out "Only here"
run validate --content "$C"; expect_rc 0; expect_out "ok: $C"
run --content /nonexistent list --content "$C"; expect_rc 0; expect_out "Only here"   # last wins
run list --content; expect_rc 2; expect_err "tmdojo: --content needs a directory"
# after '--' it is an argument like any other
run validate -- --content; expect_rc 2; expect_err "--content: no such file or directory"

# broken content: the suggested command names the root, quoted for a shell
printf 'id: [\n' >"$C/courses/demo/m.yaml"
run learn demo --content "$C"; expect_rc 2
expect_err "tmdojo: the content under '$C' has errors; for the full list, run: tmdojo validate '$C'"
eval "set -- $(sed -n 's/.*for the full list, run: tmdojo validate //p' "$T/err")"
run validate "$1"; expect_rc 2; expect_err "m.yaml:2:1: yaml syntax error"
exit 0
