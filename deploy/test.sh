#!/usr/bin/env bash
# The README's test command (`npm test`): installs what is missing (Node packages, the API fuzzer), brings up Kafka and Redis on
# loopback (or uses KAFKA_BROKERS / REDIS_URL), type-checks, checks import cycles (files, and feature
# folders that import each other), then runs the unit,
# integration and end-to-end suites against the real broker and redis-server, then the HA fault tests (test:ha). Servers this script
# started are stopped at the end; servers that were already up are left running.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash deploy/bootstrap.sh
# The API fuzz test (test/e2e/api-fuzz.test.ts) runs schemathesis from a venv: install it once, up front.
bash deploy/fuzz.sh install
# The Helm chart test (test/integration/helm-chart.test.ts) needs helm (built from the Go module
# proxy) and kubernetes-validate (PyPI): installed once into the cache, up front.
bash deploy/helm-check.sh install
# The console test (test/e2e/console.test.ts) drives Debian's chromium through playwright-core, which
# downloads no browser: install it once, up front, as infra.sh does for redis-server.
if [ ! -x /usr/bin/chromium ]; then
  echo "[test] chromium missing: installing Debian's chromium" >&2
  as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

started_infra=0
if [ -z "${KAFKA_BROKERS:-}" ] || [ -z "${REDIS_URL:-}" ]; then
  # Capture first: `status | grep -q` under pipefail would fail on SIGPIPE and misreport.
  infra_status="$(bash deploy/infra.sh status)"
  [[ "$infra_status" == *"kafka: up"* && "$infra_status" == *"redis: up"* ]] || started_infra=1
  bash deploy/infra.sh up
  eval "$(bash deploy/infra.sh env)"
fi
cleanup() { [ "$started_infra" = 1 ] && bash deploy/infra.sh down || true; }
trap cleanup EXIT

echo "[test] type-check" >&2
npx tsc -p tsconfig.json --noEmit
echo "[test] import cycles" >&2
npx madge --circular --extensions ts --ts-config tsconfig.json apps libs bench
echo "[test] folders that import each other" >&2
node deploy/check-folder-cycles.mjs
echo "[test] unit, integration and end-to-end suites" >&2
mkdir -p .run
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=.run/vitest-report.json "$@" || status=$?
reports=(.run/vitest-report.json)
# The fault tests on the high-availability layouts (`npm run test:ha`, docs/deploy.md): each file
# starts its own three brokers, Sentinels or Redis Cluster on free ports. Skipped when the caller
# picked test files, or with LIGHTPATH_TEST_HA=0.
if [ "$#" -eq 0 ] && [ "${LIGHTPATH_TEST_HA:-1}" != 0 ]; then
  echo "[test] high-availability layouts (npm run test:ha)" >&2
  ha_started=$(date +%s)
  rm -f .run/vitest-ha-report.json
  npx vitest run --config vitest.ha.config.ts --reporter=default --reporter=json --outputFile.json=.run/vitest-ha-report.json || status=$?
  reports+=(.run/vitest-ha-report.json)
  echo "[test] high-availability layouts took $(( $(date +%s) - ha_started )) s" >&2
fi
node deploy/summarize-tests.mjs "${reports[@]}"
exit $status
