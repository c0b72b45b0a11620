#!/bin/sh
# Installs the Debian packages named as arguments that are missing, the one
# way both `npm start` (redis-server) and `npm test` (redis-server, chromium)
# do it. Quick when all are installed (dpkg -s only). Non-interactive: as root,
# or through passwordless `sudo -n`, because a password prompt would hang CI
# and `npm start`. Exits non-zero with the reason on stderr when it cannot.
set -eu

missing=""
for pkg in "$@"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
done
[ -n "$missing" ] || exit 0
missing=${missing# }

if ! command -v apt-get >/dev/null 2>&1; then
  echo "jansetu: cannot install $missing: apt-get not found (not Debian/Ubuntu); install it with your package manager" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1 || ! sudo -n true 2>/dev/null; then
    echo "jansetu: cannot install $missing: not root and no passwordless sudo; run: sudo apt-get install $missing" >&2
    exit 1
  fi
  sudo="sudo -n"
fi

echo "jansetu: installing $missing (apt)..." >&2
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp "${TMPDIR:-/tmp}/jansetu-apt.XXXXXX")
trap 'rm -f "$log"' EXIT
# $missing and $sudo are word-split on purpose: several packages, "sudo -n".
# The package lists may be stale or absent on a fresh machine: update once and retry.
# shellcheck disable=SC2086
if ! $sudo apt-get install -y -q $missing >"$log" 2>&1; then
  # shellcheck disable=SC2086
  if ! { $sudo apt-get update -q && $sudo apt-get install -y -q $missing; } >"$log" 2>&1; then
    echo "jansetu: apt-get could not install $missing; its last lines:" >&2
    tail -n 5 "$log" >&2
    exit 1
  fi
fi
