#!/usr/bin/env bash
# Runs The Guild's federation-gateway-audit (github.com/graphql-hive/federation-gateway-audit)
# against this gateway: one gateway process per test suite, started on that suite's supergraph.
# Not part of `pnpm test`; the audit's code is never copied into this repository. See
# docs/federation-audit.md.
#
# Usage: scripts/federation-audit.sh <audit checkout> [suite id]   (or FEDERATION_AUDIT_DIR=<path>)
#        With a suite id only that suite runs (tap output); without, all suites and the count.
# Env:   AUDIT_GATEWAY_PORT (default 46000) our gateway, AUDIT_SUBGRAPHS_PORT (default 46001)
#        the audit's subgraphs; every other variable (e.g. GATEWAY_EXECUTOR=apollo) reaches the
#        gateway unchanged.
set -euo pipefail

audit_dir="${1:-${FEDERATION_AUDIT_DIR:-}}"
suite="${2:-}"
if [[ -z "$audit_dir" || ! -f "$audit_dir/src/cli.ts" ]]; then
  echo "usage: $0 <federation-gateway-audit checkout> [suite id]  (expected <checkout>/src/cli.ts; run 'npm install' there first)" >&2
  exit 2
fi
audit_dir="$(cd "$audit_dir" && pwd)"
repo="$(cd "$(dirname "$0")/.." && pwd)"
gateway_port="${AUDIT_GATEWAY_PORT:-46000}"
subgraphs_port="${AUDIT_SUBGRAPHS_PORT:-46001}"
work="$(mktemp -d "${TMPDIR:-/tmp}/federation-audit.XXXXXX")"
echo "federation audit: gateway and test logs in $work/logs" >&2

# The audit calls this once per suite with the suite id; it replaces itself with the gateway.
cat >"$work/run.sh" <<RUN
set -e
# The audit registers its routes a moment after it starts listening.
curl -sf --retry 30 --retry-all-errors --retry-delay 1 "http://127.0.0.1:$subgraphs_port/\$1/supergraph" -o "$work/supergraph.graphql"
cd "$repo/gateway"
export PORT=$gateway_port HOST=127.0.0.1 SUPERGRAPH_PATH="$work/supergraph.graphql" NODE_ENV=development
export RATE_LIMIT_OPERATIONS=100000 OTEL_SDK_DISABLED=true LOG_LEVEL=\${LOG_LEVEL:-warn}
exec node src/index.ts
RUN

# The audit targets Node 22+; on Node 20 it needs Promise.withResolvers (its test runner's child
# processes too, hence NODE_OPTIONS).
cat >"$work/node20.mjs" <<'JS'
Promise.withResolvers ??= function () {
  let resolve, reject;
  const promise = new this((a, b) => ((resolve = a), (reject = b)));
  return { promise, resolve, reject };
};
JS
export NODE_OPTIONS="${NODE_OPTIONS:-} --import $work/node20.mjs --import $repo/node_modules/tsx/dist/loader.mjs"
common=(--run-script "$work/run.sh" --graphql "http://127.0.0.1:$gateway_port/graphql"
  --healthcheck "http://127.0.0.1:$gateway_port/health/ready" --port "$subgraphs_port" --cwd "$work")
# Our gateway takes longer than the audit's default 5 s to start on a loaded machine.
export GATEWAY_TIMEOUT="${GATEWAY_TIMEOUT:-180000}"
cd "$audit_dir"
if [[ -n "$suite" ]]; then
  node src/cli.ts test-suite --test "$suite" "${common[@]}"
else
  node src/cli.ts test "${common[@]}" --write "$work/results.txt" || true
  cat "$work/results.txt"; echo
  # `|| true`: grep finds nothing (exit 1) when every test passed, which would end the script here.
  passed=$(grep -o '\.' "$work/results.txt" | wc -l || true); failed=$(grep -o 'X' "$work/results.txt" | wc -l || true)
  echo "federation audit: $passed/$((passed + failed)) tests passed"
fi
