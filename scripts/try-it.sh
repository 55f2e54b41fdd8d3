#!/usr/bin/env bash
# Runs the README's "Try it" block as a newcomer would, from npm start to scripts/stop.sh, and fails
# when any request fails or when starting left the working tree changed. .ci/run runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

block="$(sed -n '/<!-- try-it:start -->/,/<!-- try-it:end -->/p' README.md | sed '/^<!--/d; /^```/d')"
[ -n "$block" ] || die "README.md has no try-it block"
status_before="$(git status --porcelain)"
trap 'bash scripts/stop.sh >/dev/null' EXIT
bash -euo pipefail -c "$block"
[ "$(git status --porcelain)" = "$status_before" ] || { git status --short >&2; die "npm start changed the working tree"; }
log "the README's Try it ran end to end"
