#!/usr/bin/env bash
# The README's demo command (`npm run demo`): installs what is missing, brings up Kafka and Redis on
# loopback, builds, and runs the orchestrator plus switch agents for a demo fabric, then prints where
# the API and its docs are. Ctrl-C stops everything it started.
#
#   DEMO_SWITCHES (default 4)   switches in the demo fabric, ocs-0..ocs-(N-1), wired to 8 aggregation blocks
#   DEMO_AGENTS   (default 2)   agent processes sharing them (production runs one per switch)
#   DEMO_PORTS    (default 136) ports per side (Palomar); 320 for a Calient-sized switch
#   DEMO_PROFILE  (default palomar) mirror timing/loss profile: palomar | 3d-mems | instant
#   ORCH_HTTP_PORT (default 3000)
#   DEMO_TOKEN    (default lightpath-demo-admin-token) bearer token of the demo's admin caller;
#                 the API listens on loopback only, which is why a fixed, documented default is acceptable
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

SWITCHES="${DEMO_SWITCHES:-4}"
AGENTS="${DEMO_AGENTS:-2}"
PORTS="${DEMO_PORTS:-136}"
PROFILE="${DEMO_PROFILE:-palomar}"
HTTP_PORT="${ORCH_HTTP_PORT:-3000}"
TOKEN="${DEMO_TOKEN:-lightpath-demo-admin-token}"
RUN="$ROOT/.run/demo"

bash deploy/bootstrap.sh
started_infra=0
if [ -z "${KAFKA_BROKERS:-}" ] || [ -z "${REDIS_URL:-}" ]; then
  # Capture first: `status | grep -q` under pipefail would fail on SIGPIPE and misreport.
  infra_status="$(bash deploy/infra.sh status)"
  [[ "$infra_status" == *"kafka: up"* && "$infra_status" == *"redis: up"* ]] || started_infra=1
  bash deploy/infra.sh up
  eval "$(bash deploy/infra.sh env)"
fi
echo "[demo] building" >&2
npm run --silent build:services

mkdir -p "$RUN"
pids=()
cleanup() {
  trap - EXIT INT TERM
  echo "[demo] stopping" >&2
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ "$started_infra" = 1 ] && bash deploy/infra.sh down || true
}
trap cleanup EXIT INT TERM

export FABRIC="${FABRIC:-demo}" KAFKA_TOPIC_PREFIX="${KAFKA_TOPIC_PREFIX:-lightpath-demo}"
ORCH_HTTP_PORT="$HTTP_PORT" API_TOKENS="demo-admin:admin:demo:$TOKEN" node dist/apps/orchestrator/src/main.js >"$RUN/orchestrator.log" 2>&1 &
pids+=($!)

# Spread ocs-0..ocs-(N-1) over the agent processes, round robin (ids as the block-fabric generator names them).
for a in $(seq 1 "$AGENTS"); do
  list=""
  for s in $(seq "$a" "$AGENTS" "$SWITCHES"); do list="${list:+$list,}ocs-$((s - 1))"; done
  [ -n "$list" ] || continue
  AGENT_ID="demo-agent-$a" AGENT_SWITCHES="$list" AGENT_PORTS="$PORTS" AGENT_PROFILE="$PROFILE" \
    AGENT_SEED="$a" AGENT_HTTP_PORT="$((HTTP_PORT + 100 + a))" AGENT_STATE_DIR="$RUN/agent-$a" \
    node dist/apps/switch-agent/src/main.js >"$RUN/agent-$a.log" 2>&1 &
  pids+=($!)
done

api="http://127.0.0.1:$HTTP_PORT"
deadline=$(( $(date +%s) + 90 ))
until [ "$(curl -fsS -H "authorization: Bearer $TOKEN" "$api/v1/switches" 2>/dev/null | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{console.log(JSON.parse(s).switches.filter(x=>x.reachable).length)}catch{console.log(0)}})')" = "$SWITCHES" ]; do
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || { tail -n 30 "$RUN"/*.log >&2; echo "[demo] a process exited (logs above)" >&2; exit 1; }; done
  [ "$(date +%s)" -lt "$deadline" ] || { tail -n 30 "$RUN"/*.log >&2; echo "[demo] switches did not register in 90 s" >&2; exit 1; }
  sleep 0.5
done

# The fabric spec: 8 aggregation blocks, one north and one south port on every switch (Jupiter-style),
# so topology intents, drains and reroutes work on the demo too.
node -e '
  const { generateBlockFabric } = require("./dist/libs/topology/src");
  const n = Number(process.argv[1]);
  process.stdout.write(JSON.stringify(generateBlockFabric({ name: "demo", blocks: 8, uplinks: 2 * n, ocs: n, portsPerOcs: Number(process.argv[2]) })));
' "$SWITCHES" "$PORTS" >"$RUN/fabric-spec.json"
curl -fsS -XPUT "$api/v1/fabric" -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' --data-binary "@$RUN/fabric-spec.json" >/dev/null \
  || { echo "[demo] could not store the fabric spec" >&2; exit 1; }

cat <<MSG

  lightpath demo fabric is up: $SWITCHES switches of ${PORTS}x${PORTS} ports ($PROFILE profile), $AGENTS agent processes,
  8 aggregation blocks wired to every switch (spec in $RUN/fabric-spec.json)

  API       $api/v1/switches
  Docs      $api/docs
  OpenAPI   $api/openapi.json
  Metrics   $api/metrics
  Logs      $RUN/*.log
  Token     $TOKEN   (role admin; every /v1 call needs it)

  Try:
    export TOKEN=$TOKEN
    curl -s -XPOST $api/v1/switches/ocs-0/cross-connects -H "authorization: Bearer \$TOKEN" -H 'content-type: application/json' -d '{"north":1,"south":5}'
    curl -s -H "authorization: Bearer \$TOKEN" $api/v1/operations/<id from above>
    curl -s -H "authorization: Bearer \$TOKEN" $api/v1/switches/ocs-0
    curl -sN -H "authorization: Bearer \$TOKEN" "$api/v1/events?kinds=operation,alarm"    # watch instead of polling
    curl -s -H "authorization: Bearer \$TOKEN" $api/v1/audit
    curl -s -XPOST $api/v1/topologies/mesh-a -H "authorization: Bearer \$TOKEN" -H 'content-type: application/json' \\
      -d '{"intent":{"kind":"mesh","links":[{"a":"block-0","b":"block-1","links":2},{"a":"block-2","b":"block-3","links":1}]}}'
    curl -s -XPOST $api/v1/switches/ocs-0/drain -H "authorization: Bearer \$TOKEN"     # circuits move to the other switches in stages
    curl -s -XPOST http://127.0.0.1:$((HTTP_PORT + 101))/admin/switches/ocs-0/faults -H 'content-type: application/json' -d '{"kind":"fail-port","side":"north","port":1}'

  Ctrl-C stops everything this command started.
MSG
[ -n "${DEMO_EXIT_AFTER_START:-}" ] && exit 0
wait
