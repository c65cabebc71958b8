#!/usr/bin/env bash
# Renders and checks the Helm chart (deploy/helm/lightpath) without a Kubernetes cluster:
# `helm lint`, `helm template`, and the rendered manifests validated against the Kubernetes API
# schemas by kubernetes-validate. Tools are pinned and installed into the cache directory (git-ignored):
# helm built from the Go module proxy, kubernetes-validate from PyPI in a venv (as deploy/fuzz.sh does).
#   bash deploy/helm-check.sh install                     install both tools (idempotent; test.sh runs it up front)
#   bash deploy/helm-check.sh check [values.yaml] [--set k=v ...]   lint + template + validate; prints the manifests' kinds
#   bash deploy/helm-check.sh helm <args...>              run the pinned helm
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${LIGHTPATH_CACHE:-$ROOT/.cache}"
HELM_VERSION="${LIGHTPATH_HELM_VERSION:-v3.22.0}"
KV_VERSION="${LIGHTPATH_KUBERNETES_VALIDATE_VERSION:-1.37.0}"
# The Kubernetes release whose schemas the manifests must satisfy (kubernetes-validate's -k).
KUBE_VERSION="${LIGHTPATH_KUBE_VERSION:-1.33}"
PYTHON="${LIGHTPATH_PYTHON:-python3}"
HELM_DIR="$CACHE/helm-$HELM_VERSION"
HELM="$HELM_DIR/helm"
VENV="$CACHE/venv-kubernetes-validate-$KV_VERSION"
CHART="$ROOT/deploy/helm/lightpath"

log() { printf '[helm-check] %s\n' "$*" >&2; }
die() { printf '[helm-check] error: %s\n' "$*" >&2; exit 1; }

install() {
  mkdir -p "$CACHE"
  exec 9>"$CACHE/.helm-check.lock"
  flock 9
  if [ ! -x "$HELM" ]; then
    command -v go >/dev/null || die "go not found: helm is built with 'go install helm.sh/helm/v3/cmd/helm@$HELM_VERSION' (install Go 1.24+)"
    log "building helm $HELM_VERSION from the Go module proxy into $HELM_DIR (once; a few minutes)"
    mkdir -p "$HELM_DIR"
    GOBIN="$HELM_DIR" GOFLAGS=-trimpath CGO_ENABLED=0 go install "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" >&2
  fi
  if [ ! -f "$VENV/.lightpath-installed" ]; then
    log "installing kubernetes-validate $KV_VERSION into $VENV"
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV" || die "$PYTHON -m venv failed: install Python's venv module (Debian: python3-venv)"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "kubernetes-validate==$KV_VERSION" >&2
    touch "$VENV/.lightpath-installed"
  fi
  exec 9>&-
}

check() {
  local args=() out
  if [ "$#" -gt 0 ] && [ -f "$1" ]; then args+=(-f "$1"); shift; fi
  args+=("$@")
  "$HELM" lint --strict --kube-version "$KUBE_VERSION" "$CHART" "${args[@]}" >&2
  out="$(mktemp -d)"
  trap 'rm -rf "$out"' RETURN
  "$HELM" template lp "$CHART" --namespace lightpath --kube-version "$KUBE_VERSION" "${args[@]}" >"$out/all.yaml"
  # ServiceMonitor is a Prometheus Operator CRD, not part of Kubernetes' schemas: checked by helm lint only.
  "$VENV/bin/kubernetes-validate" --strict -k "$KUBE_VERSION" "$out/all.yaml" >&2 2>"$out/validate.err" || { cat "$out/validate.err" >&2; cat "$out/all.yaml" >&2; die "the rendered chart does not validate against Kubernetes $KUBE_VERSION"; }
  grep -E '^kind: ' "$out/all.yaml" | sort | uniq -c
}

case "${1:-}" in
  install) install ;;
  check) shift; install; check "$@" ;;
  helm) shift; install; exec "$HELM" "$@" ;;
  *) echo "usage: deploy/helm-check.sh install | check [values.yaml] [--set k=v ...] | helm <args>" >&2; exit 2 ;;
esac
