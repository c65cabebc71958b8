#!/usr/bin/env bash
# API fuzzing with schemathesis (PyPI), pinned, in a venv under the cache directory (git-ignored).
#   bash deploy/fuzz.sh install          create the venv and install the pinned schemathesis (idempotent)
#   bash deploy/fuzz.sh path             print the schemathesis executable (installing first if needed)
#   bash deploy/fuzz.sh run <args...>    run schemathesis with these arguments
# test/e2e/api-fuzz.test.ts uses it against an orchestrator it starts; by hand against the demo:
#   bash deploy/fuzz.sh run run http://localhost:3000/openapi.json -H "Authorization: Bearer $TOKEN" --max-examples 20 --exclude-path /v1/events
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${LIGHTPATH_CACHE:-$ROOT/.cache}"
SCHEMATHESIS_VERSION="${LIGHTPATH_SCHEMATHESIS_VERSION:-4.32.5}"
PYTHON="${LIGHTPATH_PYTHON:-python3}"
VENV="$CACHE/venv-schemathesis-$SCHEMATHESIS_VERSION"
BIN="$VENV/bin/schemathesis"
# Written last: a venv without it (an interrupted install) is rebuilt rather than trusted.
DONE="$VENV/.lightpath-installed"

install() {
  [ -f "$DONE" ] && return 0
  mkdir -p "$CACHE"
  # One installer at a time (test files and a person may ask at once); the others wait, then find it done.
  exec 9>"$CACHE/.venv-schemathesis.lock"
  flock 9
  if [ ! -f "$DONE" ]; then
    "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)' || {
      echo "[fuzz] schemathesis needs Python >= 3.9: set LIGHTPATH_PYTHON to one" >&2
      exit 1
    }
    echo "[fuzz] installing schemathesis $SCHEMATHESIS_VERSION into $VENV" >&2
    rm -rf "$VENV"
    # Debian ships venv apart from python3 (python3-venv): install it when missing, as infra.sh does
    # for redis-server, so `npm test` on a fresh machine needs nothing by hand.
    if ! "$PYTHON" -m venv "$VENV" >/dev/null 2>&1; then
      rm -rf "$VENV"
      command -v apt-get >/dev/null || { echo "[fuzz] $PYTHON -m venv failed: install Python's venv module" >&2; exit 1; }
      echo "[fuzz] $PYTHON has no working venv: installing Debian's python3-venv" >&2
      SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
      $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
      $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
      "$PYTHON" -m venv "$VENV"
    fi
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION" >&2
    touch "$DONE"
  fi
  exec 9>&-
}

case "${1:-}" in
  install) install ;;
  path) install; echo "$BIN" ;;
  run) shift; install; exec "$BIN" "$@" ;;
  *) echo "usage: deploy/fuzz.sh install | path | run <schemathesis args>" >&2; exit 2 ;;
esac
