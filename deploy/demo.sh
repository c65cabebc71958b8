#!/usr/bin/env bash
# The README's demo command (`npm run demo`): installs what is missing, brings up Kafka and Redis on
# loopback, builds, and runs the orchestrator plus switch agents for a demo fabric, waits until every
# switch is registered and takes a cross-connect, then prints where the API and its docs are.
# Ctrl-C stops everything it started.
#
#   DEMO_SWITCHES (default 4)   switches in the demo fabric, ocs-0..ocs-(N-1), wired to 8 aggregation blocks
#   DEMO_AGENTS   (default 2)   agent processes sharing them (production runs one per switch)
#   DEMO_PORTS    (default 136) ports per side (Palomar); 320 for a Calient-sized switch
#   DEMO_PROFILE  (default palomar) mirror timing/loss profile: palomar | 3d-mems | instant
#   DEMO_READY_SECONDS (default 120) how long the fleet may take to become ready before the demo gives up
#   ORCH_HTTP_PORT (default 3000); agent N's health/admin port is ORCH_HTTP_PORT + 100 + N
#   DEMO_TOKEN    (default lightpath-demo-admin-token) bearer token of the demo's admin caller;
#                 the API listens on loopback only, which is why a fixed, documented default is acceptable
#   API_TOKENS    more callers (viewers, launchers...) in the orchestrator's format (docs/configuration.md),
#                 added to the demo's admin; the demo lists them but never prints their tokens
#   LIGHTPATH_RUN (default .run) logs and agent state go to $LIGHTPATH_RUN/demo
#   DEMO_EXIT_AFTER_START       stop everything once the demo is up (scripted checks, deploy/cold-start-check.sh)
#   DEMO_DRIVERS  (default sim) sim: every switch simulated in its agent; mixed: the last three switches are
#                 driven over TL1, NETCONF and gNMI (docs/drivers.md) against apps/switch-sim, started here
#                 (admin and fault injection on ORCH_HTTP_PORT + 200, the protocols on + 201, + 202, + 203);
#                 needs DEMO_SWITCHES >= 4 so at least one switch stays simulated in-process
#
# `npm run demo:ha` (deploy/demo.sh --ha): the same on the high-availability layout (deploy/infra-ha.sh,
# docs/deploy.md): three Kafka brokers, Redis with two replicas and three Sentinels, and two
# orchestrator replicas (the second on ORCH_HTTP_PORT + 1) sharing the leader lease.
set -euo pipefail
HA=0
[ "${1:-}" = --ha ] && HA=1
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

SWITCHES="${DEMO_SWITCHES:-4}"
AGENTS="${DEMO_AGENTS:-2}"
PORTS="${DEMO_PORTS:-136}"
PROFILE="${DEMO_PROFILE:-palomar}"
HTTP_PORT="${ORCH_HTTP_PORT:-3000}"
TOKEN="${DEMO_TOKEN:-lightpath-demo-admin-token}"
READY_SECONDS="${DEMO_READY_SECONDS:-120}"
RUN="${LIGHTPATH_RUN:-$ROOT/.run}/demo"
DRIVERS="${DEMO_DRIVERS:-sim}"
case "$DRIVERS" in
  sim) ;;
  mixed) [ "$SWITCHES" -ge 4 ] || { echo "[demo] DEMO_DRIVERS=mixed needs DEMO_SWITCHES >= 4 (three remote switches beside at least one simulated one); got $SWITCHES" >&2; exit 1; } ;;
  *) echo "[demo] DEMO_DRIVERS is sim or mixed, not \"$DRIVERS\"" >&2; exit 1 ;;
esac

bash deploy/bootstrap.sh
started_infra=0
if [ "$HA" = 1 ]; then
  infra_status="$(bash deploy/infra.sh status --ha)"
  [[ "$infra_status" == *": down"* ]] && started_infra=1
  bash deploy/infra.sh up --ha
  eval "$(bash deploy/infra.sh env --ha)"
elif [ -z "${KAFKA_BROKERS:-}" ] || [ -z "${REDIS_URL:-}" ]; then
  # Capture first: `status | grep -q` under pipefail would fail on SIGPIPE and misreport.
  infra_status="$(bash deploy/infra.sh status)"
  [[ "$infra_status" == *"kafka: up"* && "$infra_status" == *"redis: up"* ]] || started_infra=1
  bash deploy/infra.sh up
  eval "$(bash deploy/infra.sh env)"
fi
echo "[demo] building" >&2
npm run --silent build:services
npm run --silent build:ocsctl   # the operator CLI the message below shows (npm run ocsctl -- ...)

# The demo's admin joins the user's API_TOKENS rather than replacing them; validated here with the
# orchestrator's own schema so a typo is reported before anything starts. Line 1: the value; then the table.
merged="$(DEMO_TOKEN="$TOKEN" node -e '
  const { mergeApiTokens } = require("./dist/apps/orchestrator/src/auth/api-tokens.merge");
  try {
    const m = mergeApiTokens(process.env.API_TOKENS, [{ name: "demo-admin", role: "admin", tenant: "demo", token: process.env.DEMO_TOKEN }]);
    console.log([m.value, ...m.lines].join("\n"));
  } catch (err) { console.error(`[demo] ${err.message}`); process.exit(1); }
')"
api_tokens="${merged%%$'\n'*}"
token_table="${merged#*$'\n'}"

mkdir -p "$RUN"
names=() pids=() logs=() serves=() urls=() ready_pid=""
cleanup() {
  trap - EXIT INT TERM
  echo "[demo] stopping" >&2
  for pid in "${pids[@]}" $ready_pid; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "$started_infra" = 1 ]; then if [ "$HA" = 1 ]; then bash deploy/infra.sh down --ha; else bash deploy/infra.sh down; fi; fi || true
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

# launch NAME URL SWITCHES LOG VAR=value... : runs one app in the background and remembers what it is.
launch() {
  local name=$1 url=$2 list=$3 log=$4; shift 4
  env "$@" >"$log" 2>&1 &
  pids+=($!) names+=("$name") urls+=("$url") serves+=("$list") logs+=("$log")
}

# Says which process ended, with its pid, exit code or signal, and the end of its own log (item 14:
# not every log, and not a bare "a process exited"). Returns 1 when one did.
check_alive() {
  local i code how
  for i in "${!pids[@]}"; do
    kill -0 "${pids[$i]}" 2>/dev/null && continue
    code=0; wait "${pids[$i]}" || code=$?
    if [ "$code" -gt 128 ]; then how="was killed by signal SIG$(kill -l $((code - 128)))"; else how="exited with code $code"; fi
    tail_log "${names[$i]}" 40
    echo "[demo] ${names[$i]} (pid ${pids[$i]}${serves[$i]:+, serving ${serves[$i]}}) $how; the last lines of its log are above (${logs[$i]})" >&2
    return 1
  done
}

tail_log() { # NAME LINES: the end of that process's log
  local i
  for i in "${!names[@]}"; do
    [ "${names[$i]}" = "$1" ] || continue
    echo "[demo] ---- last $2 lines of ${logs[$i]} ----" >&2
    tail -n "$2" "${logs[$i]}" >&2 || true
    echo "[demo] ----" >&2
  done
}

export FABRIC="${FABRIC:-demo}" KAFKA_TOPIC_PREFIX="${KAFKA_TOPIC_PREFIX:-lightpath-demo}"
api="http://127.0.0.1:$HTTP_PORT"
orch_id=(); [ "$HA" = 1 ] && orch_id=(ORCH_ID=demo-orchestrator-1)
launch orchestrator "$api" "" "$RUN/orchestrator.log" "${orch_id[@]}" ORCH_HTTP_PORT="$HTTP_PORT" API_TOKENS="$api_tokens" node dist/apps/orchestrator/src/main.js

# DEMO_DRIVERS=mixed: the last three switches are real-protocol switches played by apps/switch-sim
# (one crossbar each, so faults injected at its admin reach the agent over the protocol).
declare -A remote=()
if [ "$DRIVERS" = mixed ]; then
  protocols=(tl1 netconf gnmi) sim_switches=""
  for i in 0 1 2; do
    id="ocs-$((SWITCHES - 3 + i))" port=$((HTTP_PORT + 201 + i))
    remote[$id]="${protocols[$i]}://127.0.0.1:$port"
    sim_switches="${sim_switches:+$sim_switches,}$id=${protocols[$i]}:$port"
  done
  sim_password="demo-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
  (umask 077 && printf '%s\n' "$sim_password" >"$RUN/switch.password")
  # No readiness URL: the agents reconnect with backoff until the simulator listens.
  launch switch-sim "" "${!remote[*]}" "$RUN/switch-sim.log" SIM_SWITCHES="$sim_switches" SIM_PASSWORD="$sim_password" \
    SIM_PORTS="$PORTS" SIM_PROFILE="$PROFILE" SIM_STATE_DIR="$RUN/switch-sim" SIM_HTTP_PORT="$((HTTP_PORT + 200))" \
    node dist/apps/switch-sim/src/main.js
fi

# Spread ocs-0..ocs-(N-1) over the agent processes, round robin (ids as the block-fabric generator names them).
for a in $(seq 1 "$AGENTS"); do
  list="" drivers=""
  for s in $(seq "$a" "$AGENTS" "$SWITCHES"); do
    id="ocs-$((s - 1))"
    list="${list:+$list,}$id"
    [ -n "${remote[$id]:-}" ] && drivers="${drivers:+$drivers,}$id=${remote[$id]}"
  done
  [ -n "$list" ] || continue
  driver_env=()
  [ -n "$drivers" ] && driver_env=(AGENT_DRIVERS="$drivers" AGENT_DRIVER_PASSWORD_FILE="$RUN/switch.password" AGENT_DRIVER_BACKOFF_MAX_MS=1000)
  launch "agent $a" "http://127.0.0.1:$((HTTP_PORT + 100 + a))" "$list" "$RUN/agent-$a.log" \
    AGENT_ID="demo-agent-$a" AGENT_SWITCHES="$list" AGENT_PORTS="$PORTS" AGENT_PROFILE="$PROFILE" \
    AGENT_SEED="$a" AGENT_HTTP_PORT="$((HTTP_PORT + 100 + a))" AGENT_STATE_DIR="$RUN/agent-$a" "${driver_env[@]}" \
    node dist/apps/switch-agent/src/main.js
done

# Ready = every process's /health/ready, every switch registered, and a cross-connect applied and
# removed on each switch (deploy/demo-ready.mjs), all within READY_SECONDS. Meanwhile any process
# that exits stops the demo at once, named.
echo "[demo] waiting up to $READY_SECONDS s for the fleet to be ready" >&2
ready_args=(--api "$api" --token "$TOKEN" --seconds "$READY_SECONDS")
for i in "${!names[@]}"; do [ -n "${urls[$i]}" ] && ready_args+=(--process "${names[$i]}|${urls[$i]}|${serves[$i]}"); done
node deploy/demo-ready.mjs "${ready_args[@]}" >"$RUN/ready.out" &
ready_pid=$!
while kill -0 "$ready_pid" 2>/dev/null; do
  check_alive || { kill "$ready_pid" 2>/dev/null; exit 1; }
  sleep 0.5
done
ready_code=0; wait "$ready_pid" || ready_code=$?
if [ "$ready_code" != 0 ]; then
  check_alive || exit 1
  # demo-ready.mjs names the process to look at (e.g. the agent serving a switch that never registered).
  blamed="$(cat "$RUN/ready.out")"
  [ -n "$blamed" ] && tail_log "$blamed" 40
  if [ "$ready_code" = 2 ]; then what="the fleet refused the demo's own check (a retry would not help)"; else what="the fleet was not ready within $READY_SECONDS s"; fi
  echo "[demo] $what: reason and the log of ${blamed:-the process at fault} above; all logs in $RUN/" >&2
  exit 1
fi

if [ "$HA" = 1 ]; then
  # A second replica, started once the first leads (so the demo's API is the leader's): a follower
  # answering reads that takes the lease over if the leader dies.
  launch "orchestrator 2" "http://127.0.0.1:$((HTTP_PORT + 1))" "" "$RUN/orchestrator-2.log" ORCH_ID=demo-orchestrator-2 ORCH_HTTP_PORT="$((HTTP_PORT + 1))" API_TOKENS="$api_tokens" node dist/apps/orchestrator/src/main.js
  for _ in $(seq 1 "$READY_SECONDS"); do
    curl -fsS "http://127.0.0.1:$((HTTP_PORT + 1))/health/ready" >/dev/null 2>&1 && break
    check_alive || exit 1
    sleep 1
  done
  curl -fsS "http://127.0.0.1:$((HTTP_PORT + 1))/health/ready" >/dev/null || { tail_log "orchestrator 2" 20; echo "[demo] the second orchestrator replica was not ready within $READY_SECONDS s" >&2; exit 1; }
fi

# The fabric spec: 8 aggregation blocks, one north and one south port on every switch (Jupiter-style),
# so topology intents, drains and reroutes work on the demo too.
node -e '
  const { generateBlockFabric } = require("./dist/libs/topology/src");
  const n = Number(process.argv[1]);
  process.stdout.write(JSON.stringify(generateBlockFabric({ name: "demo", blocks: 8, uplinks: 2 * n, ocs: n, portsPerOcs: Number(process.argv[2]) })));
' "$SWITCHES" "$PORTS" >"$RUN/fabric-spec.json"
curl -fsS --retry 5 --retry-delay 1 -XPUT "$api/v1/fabric" -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \
  --data-binary "@$RUN/fabric-spec.json" >/dev/null \
  || { check_alive || exit 1; tail_log orchestrator 20; echo "[demo] could not store the fabric spec (orchestrator's log above)" >&2; exit 1; }

cat <<MSG

  lightpath demo fabric is up$([ "$HA" = 1 ] && echo " on the HA layout (3 Kafka brokers, Redis + 2 replicas + 3 Sentinels, 2 orchestrator replicas; docs/deploy.md)"): $SWITCHES switches of ${PORTS}x${PORTS} ports ($PROFILE profile), $AGENTS agent processes,
  8 aggregation blocks wired to every switch (spec in $RUN/fabric-spec.json)

  API       $api/v1/switches$([ "$HA" = 1 ] && echo "   (second replica: http://127.0.0.1:$((HTTP_PORT + 1)), a follower)")
  Console   $api/ui   (sign in with a token below)
  Docs      $api/docs
  OpenAPI   $api/openapi.json
  Metrics   $api/metrics
  Logs      $RUN/*.log
$([ "$DRIVERS" = mixed ] && for id in "${!remote[@]}"; do echo "  Remote    $id over ${remote[$id]} (apps/switch-sim; faults: POST http://127.0.0.1:$((HTTP_PORT + 200))/admin/switches/$id/faults)"; done)
  Tokens    every /v1 call needs one (API_TOKENS; the demo's own admin plus yours):
$(sed 's/^/              /' <<<"$token_table")

  Try:
    export TOKEN=$TOKEN
    LIGHTPATH_SERVER=$api LIGHTPATH_TOKEN=\$TOKEN npm run --silent ocsctl -- get switches    # docs/ocsctl.md
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
# Until Ctrl-C: a process that dies is named, with the end of its log, and the demo stops.
while check_alive; do sleep 1; done
exit 1
