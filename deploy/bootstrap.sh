#!/usr/bin/env bash
# Installs the project's Node dependencies when they are missing or older than package-lock.json,
# after checking the toolchain the README asks for. Called by demo.sh and test.sh; safe to re-run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

node -e '
  const [maj, min] = process.versions.node.split(".").map(Number);
  if (maj < 20 || (maj === 20 && min < 19)) { console.error(`[bootstrap] Node ${process.versions.node} is too old: lightpath needs Node >= 20.19`); process.exit(1); }
'
stamp=node_modules/.lightpath-installed
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "[bootstrap] installing Node dependencies (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
  touch "$stamp"
fi
