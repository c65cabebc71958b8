#!/usr/bin/env bash
# Runs the README's `npm run demo` cold N times in a row, as a newcomer would after a fresh clone,
# with one core kept busy by another process, and reports how many came up. Each run starts from a
# wiped private run directory (a freshly formatted Kafka, an empty Redis, no agent state) on ports
# of its own, and stops everything once the demo says it is up (DEMO_EXIT_AFTER_START): it never
# touches the shared servers or a demo already running on the default ports.
#
#   deploy/cold-start-check.sh [N]     N defaults to 10; exit 0 only when all N came up
#
#   COLD_START_DIR  (default .run/cold-start) run-N.log of every attempt; run/ inside is the wiped LIGHTPATH_RUN
#   COLD_START_BUSY (default 1) processes spinning on a core beside the demo (0 for an idle machine)
#   LIGHTPATH_CACHE (default .cache) the Kafka jars, downloaded once and shared by every run
#   DEMO_*          passed on to demo.sh (e.g. DEMO_READY_SECONDS)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

N="${1:-10}"
[[ "$N" =~ ^[1-9][0-9]*$ ]] || { echo "usage: deploy/cold-start-check.sh [N]  (N a positive integer, got '$N')" >&2; exit 2; }
DIR="${COLD_START_DIR:-$ROOT/.run/cold-start}"
BUSY="${COLD_START_BUSY:-1}"
AGENTS="${DEMO_AGENTS:-2}"
export LIGHTPATH_CACHE="${LIGHTPATH_CACHE:-$ROOT/.cache}"
# The demo must start its own servers, not reuse ones named in the environment.
unset KAFKA_BROKERS REDIS_URL

busy=()
stop_busy() { for pid in "${busy[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap stop_busy EXIT
for _ in $(seq 1 "$BUSY"); do
  node -e 'for (;;) {}' &
  busy+=($!)
done

# Ports nobody listens on, below Linux's ephemeral range (32768+) so no outgoing connection takes
# one meanwhile: Kafka, its controller, Redis, and an API port whose agent ports (API + 100 + N,
# see demo.sh) are free too. Fresh ones for every run, so nothing the previous run left is in the way.
free_ports() {
  node -e '
    const net = require("node:net");
    const agents = Number(process.argv[1]);
    const free = (port) => new Promise((ok) => { const s = net.createServer().once("error", () => ok(false)).listen(port, "127.0.0.1", () => s.close(() => ok(true))); });
    const random = () => 20000 + Math.floor(Math.random() * 12000);
    (async () => {
      const picked = [];
      while (picked.length < 4) {
        const p = random();
        const group = picked.length < 3 ? [p] : [p, ...Array.from({ length: agents }, (_, i) => p + 101 + i)];
        if (group.some((q) => q >= 32768 || picked.some((x) => Math.abs(x - q) < 200))) continue;
        if ((await Promise.all(group.map(free))).every(Boolean)) picked.push(p);
      }
      console.log(picked.join(" "));
    })();
  ' "$AGENTS"
}

mkdir -p "$DIR"
ok=0
echo "[cold-start] $N cold starts of npm run demo, $BUSY busy process(es) beside it (pids ${busy[*]:-none}); logs in $DIR" >&2
for i in $(seq 1 "$N"); do
  rm -rf "$DIR/run"
  read -r kafka controller redis api < <(free_ports)
  started=$(date +%s%N)
  code=0
  LIGHTPATH_RUN="$DIR/run" LIGHTPATH_KAFKA_PORT="$kafka" LIGHTPATH_KAFKA_CONTROLLER_PORT="$controller" \
    LIGHTPATH_REDIS_PORT="$redis" ORCH_HTTP_PORT="$api" DEMO_EXIT_AFTER_START=1 \
    npm run --silent demo >"$DIR/run-$i.log" 2>&1 </dev/null || code=$?
  seconds=$(( ($(date +%s%N) - started) / 1000000000 ))
  if [ "$code" = 0 ] && grep -q 'lightpath demo fabric is up' "$DIR/run-$i.log"; then
    ok=$((ok + 1))
    ready="$(grep -o 'smoke check passed.*' "$DIR/run-$i.log" | grep -o '([0-9.]* s)' | tr -d '()' || true)"
    echo "[cold-start] run $i/$N: up after ${seconds} s in all (Kafka, build and fleet); the fleet was ready ${ready:-?} after it started" >&2
  else
    echo "[cold-start] run $i/$N: FAILED (exit $code after ${seconds} s); its last lines ($DIR/run-$i.log):" >&2
    grep '^\[demo\]\|^\[infra\]' "$DIR/run-$i.log" | tail -n 8 | sed 's/^/    /' >&2 || true
  fi
done
rm -rf "$DIR/run"
echo "[cold-start] $ok of $N cold starts came up; load: $(uptime)" >&2
[ "$ok" = "$N" ]
