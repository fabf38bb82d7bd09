#!/usr/bin/env bash
# npm test: typecheck, lint (with import-direction rules), then every test with node's runner.
# Tests that need root-only kernel features (containers, bridges, mounts) run as root here; they
# clean up after themselves through per-test state roots and name prefixes.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== typecheck"; npx tsc -p tsconfig.json --noEmit
echo "== lint"; npm run --silent lint
echo "== tests"
# No engine a test starts may reach a registry off loopback (an image missing by mistake on `up`).
export BERTH_REGISTRY_LOOPBACK_ONLY=1
mapfile -t files < <(find cli core runtime test -name '*.test.ts' -o -name '*.test.tsx' | sort)
# Serial across files: engine tests share the kernel (bridges, nftables, cgroups).
exec node --import tsx --test --test-concurrency=1 --test-reporter=spec "${files[@]}"
