#!/bin/sh
# Installs the npm packages (and with them Node 24 from the pinned `node`
# package) when node_modules is missing or older than package-lock.json.
# Quick when nothing changed.
set -eu
cd "$(dirname "$0")/.."
stamp=node_modules/.jansetu-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x node_modules/.bin/node ]; then
  exit 0
fi
echo "jansetu: installing npm packages (npm ci)..." >&2
npm ci --no-audit --no-fund --loglevel=error
echo "$want" > "$stamp"
