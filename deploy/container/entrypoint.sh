#!/bin/sh
# lightpath's one container image runs any of its programs, chosen by the first argument:
#   orchestrator            the API and control loop (apps/orchestrator)
#   agent | simulator       a switch agent serving AGENT_SWITCHES (the MEMS simulator is its driver)
#   plan <args>             the offline topology planner (docs/topology-cli.md)
# In the Helm chart's StatefulSet, AGENT_SWITCHES comes from the file named for the pod's ordinal in
# AGENT_SWITCHES_DIR (one ConfigMap key per pod).
set -eu
cmd="${1:-orchestrator}"
[ "$#" -gt 0 ] && shift
case "$cmd" in
  orchestrator) exec node /app/dist/apps/orchestrator/src/main.js "$@" ;;
  agent|simulator)
    if [ -z "${AGENT_SWITCHES:-}" ] && [ -n "${AGENT_SWITCHES_DIR:-}" ]; then
      ordinal="${POD_NAME##*-}"
      [ -f "$AGENT_SWITCHES_DIR/$ordinal" ] || { echo "lightpath: no switch list for pod $POD_NAME (ordinal $ordinal) in $AGENT_SWITCHES_DIR: add an entry to agents.switchGroups" >&2; exit 1; }
      AGENT_SWITCHES="$(cat "$AGENT_SWITCHES_DIR/$ordinal")"
      export AGENT_SWITCHES
    fi
    exec node /app/dist/apps/switch-agent/src/main.js "$@" ;;
  plan) exec node /app/dist/topology-cli/apps/topology-cli/src/main.js "$@" ;;
  *) echo "lightpath: unknown command '$cmd'; use orchestrator, agent, simulator or plan" >&2; exit 2 ;;
esac
