#!/usr/bin/env bash
# Runs one benchmark after installing what is missing and bringing up Kafka and Redis:
#   deploy/bench.sh latency [args...]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
which="${1:?usage: deploy/bench.sh latency [args]}"; shift
bash deploy/bootstrap.sh
# bench:scale starts a broker and a redis-server of its own (free ports, wiped at the end): 1,000
# switches' topics and state must not land on, or load, the servers everyone else develops on.
if [ "$which" != scale ]; then
  bash deploy/infra.sh up
  eval "$(bash deploy/infra.sh env)"
fi
npm run --silent build:services
tsc_bench="tsconfig.bench.json"
npx tsc -p "$tsc_bench" && npx tsc-alias -p "$tsc_bench"
exec node "dist/bench/$which/$which.bench.js" "$@"
