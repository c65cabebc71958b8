#!/usr/bin/env bash
# The chaos run (bench/chaos/): npm run chaos -- --minutes N --seed S [--write-doc]
# It starts its own private Kafka broker and redis-server (it kills them on purpose), so it needs
# no running infrastructure; the shared servers are never touched.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash deploy/bootstrap.sh
npm run --silent build:services
npx tsc -p tsconfig.bench.json && npx tsc-alias -p tsconfig.bench.json
mkdir -p .run
exec node dist/bench/chaos/chaos.main.js "$@"
