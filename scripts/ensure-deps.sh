#!/bin/sh
# Installs what `npm start` needs, each step quick when already done:
#  - the npm packages (and with them Node 24 from the pinned `node` package)
#    when node_modules is missing or older than package-lock.json;
#  - Debian's redis-server, when no REDIS_URL is set (the sandbox then runs a
#    private one for the queues) and it is missing. When it cannot be installed
#    the host still starts, without queues, and says so here and on /readyz.
# `--npm-only` skips Redis: scripts/test.sh installs its own list in one go.
set -eu
cd "$(dirname "$0")/.."

stamp=node_modules/.jansetu-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ] || [ ! -x node_modules/.bin/node ]; then
  echo "jansetu: installing npm packages (npm ci)..." >&2
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi

[ "${1:-}" = "--npm-only" ] && exit 0
# A Redis of one's own (REDIS_URL) or a redis-server binary of one's own (REDIS_SERVER_BIN) is not ours to install.
[ -z "${REDIS_URL:-}" ] || exit 0
bin=${REDIS_SERVER_BIN:-redis-server}
# Debian puts it in /usr/bin, which minimal PATHs may lack (the host looks there too).
if command -v "$bin" >/dev/null 2>&1 || [ -x "/usr/bin/$bin" ]; then exit 0; fi
if [ "$bin" != redis-server ]; then
  echo "jansetu: REDIS_SERVER_BIN=$bin was not found; the host will start without queues (set REDIS_URL, or fix REDIS_SERVER_BIN)" >&2
  exit 0
fi
if ! sh scripts/apt-install.sh redis-server; then
  echo "jansetu: WARNING: redis-server is not installed, so the host will start without queues (/readyz answers 503)." >&2
  echo "jansetu: install it (Debian: sudo apt-get install redis-server) or set REDIS_URL to a running Redis, then npm start again." >&2
fi
exit 0
