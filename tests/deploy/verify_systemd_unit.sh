#!/usr/bin/env bash
# Runs `systemd-analyze verify` on deploy/systemd/streambus.service with ExecStart pointed
# at the binary just built (the unit names the installed path, which a build machine
# does not have). Any warning about the unit fails the check.
set -euo pipefail
unit="$1"
binary="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
sed "s#/usr/local/bin/streambus#${binary}#" "$unit" > "$work/streambus.service"
grep -q "ExecStart=${binary} serve" "$work/streambus.service"
out="$(systemd-analyze verify "$work/streambus.service" 2>&1 || true)"
# Lines about other units of this machine are not ours to judge; lines naming our unit are.
ours="$(printf '%s\n' "$out" | grep -F 'streambus.service' || true)"
if [[ -n "$ours" ]]; then
  printf 'systemd-analyze verify reported:\n%s\n' "$ours" >&2
  exit 1
fi
echo "streambus.service verifies"
