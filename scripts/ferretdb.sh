#!/usr/bin/env bash
# Prints the path of a FerretDB 1.x binary (the MongoDB-wire server the mongo
# engine is tested against), building it with Go from the module proxy once
# and caching it. FerretDB's release build stamps build/version/version.txt,
# which the module zip lacks, so the source is copied and stamped first.
set -euo pipefail
version=v1.24.2
cache="${JANSETU_CACHE_DIR:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/jansetu}"
bin="$cache/ferretdb-$version"
if [ -x "$bin" ] && "$bin" --version >/dev/null 2>&1; then echo "$bin"; exit 0; fi

command -v go >/dev/null || { echo "jansetu: Go is needed to build FerretDB (apt-get install golang, or https://go.dev/dl)" >&2; exit 1; }
echo "jansetu: building FerretDB $version with Go (once)..." >&2
mkdir -p "$cache"
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
dir=$(cd "$work" && go mod download -json "github.com/FerretDB/FerretDB@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -n "$dir" ] || { echo "jansetu: could not download FerretDB $version from the Go module proxy" >&2; exit 1; }
cp -r "$dir" "$work/src"
chmod -R u+w "$work/src"
echo "$version" > "$work/src/build/version/version.txt"
# A temp name per run: two runs building at once each rename a whole binary.
build() { (cd "$work/src" && "$@" go build -trimpath -o "$bin.$$.tmp" ./cmd/ferretdb); }
build env >&2 || build env GOTOOLCHAIN=go1.22.12 >&2 || build env GOFLAGS=-ldflags=-checklinkname=0 >&2
mv "$bin.$$.tmp" "$bin"
"$bin" --version >/dev/null
echo "$bin"
