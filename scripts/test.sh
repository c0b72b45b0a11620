#!/usr/bin/env bash
# `npm test`: everything the suite needs on a fresh machine, then the suite.
# Each step is idempotent and quick when already done:
#   npm packages (npm ci) · redis-server (apt) · FerretDB 1.x built with Go
#   (cached) · then a private Redis and FerretDB on free ports for this run.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

# npm packages only: the Debian packages come next, in one apt run.
sh scripts/ensure-deps.sh --npm-only
# The same installer as `npm start`'s; here a failure stops the run.
sh scripts/apt-install.sh redis-server chromium

ferretdb=$(bash scripts/ferretdb.sh)

run_dir=$(mktemp -d "${TMPDIR:-/tmp}/jansetu-test.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$run_dir"
}
trap cleanup EXIT

free_port() {
  local port
  for port in $(shuf -i 20000-40000 -n 50); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  echo "no free port found" >&2; return 1
}
wait_port() {
  local port=$1 name=$2 pid=$3
  for _ in $(seq 1 100); do
    # Ours must still be alive: another process on the port would also answer.
    kill -0 "$pid" 2>/dev/null || break
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "jansetu: $name did not start on port $port; its log:" >&2
  cat "$run_dir/$name.log" >&2 || true
  return 1
}

redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$run_dir" >"$run_dir/redis.log" 2>&1 &
pids+=($!)
wait_port "$redis_port" redis $!

mkdir -p "$run_dir/ferretdb"
ferret_port=$(free_port)
"$ferretdb" --handler=sqlite --sqlite-url="file:$run_dir/ferretdb/" --listen-addr="127.0.0.1:$ferret_port" \
  --state-dir="$run_dir/ferretdb" --debug-addr=- --telemetry=disable --log-level=error >"$run_dir/ferretdb.log" 2>&1 &
pids+=($!)
wait_port "$ferret_port" ferretdb $!

export JANSETU_TEST_REDIS_URL="redis://127.0.0.1:$redis_port"
export JANSETU_TEST_MONGODB_URI="mongodb://127.0.0.1:$ferret_port/"
# The mongo-engine and Redis suites must run here, not skip.
export JANSETU_REQUIRE_MONGO=1 JANSETU_REQUIRE_REDIS=1 JANSETU_REQUIRE_BROWSER=1

npm run -s build
if [ "$#" -gt 0 ]; then
  npm run -s test:jest -- "$@"
else
  # The suite that measures a rate against wall-clock time runs alone after the rest: beside two other
  # suites on two cores (host processes, a browser) the simulator refused a few of its sends with 400
  # (130429 is a 400) and measured the rate below its bound, twice in full runs, never alone.
  npm run -s test:jest -- --testPathIgnorePatterns '/test/broadcast/broadcast-rate\.test\.ts$'
  npm run -s test:jest -- test/broadcast/broadcast-rate.test.ts
fi
