#!/usr/bin/env bash
# Section `main-job` (issue 10, "Show it"): `npm start`'s steps (scripts/main-job.sh) from nothing
# to the guestbook's answering URL, on a throw-away engine (own root, socket, network prefix,
# cgroup parent) and a throw-away base-image cache, never the user's /var/lib/berth:
#   cold   empty Debian cache and empty engine: mmdebstrap + import + build + up  (goal < 180 s)
#   warm   cached Debian tar, empty engine: import + build + up
# scripts/setup.sh is part of both runs (quick here: its packages are installed). MAINJOB_RUNS
# (default 1) sets the runs of each.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/berth-bench-main-XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export BERTH_ROOT="$work/root" BERTH_HOST="unix://$work/berth.sock" BERTH_DEBIAN_CACHE="$work/cache"
export BERTH_CGROUP_PARENT="berth-bench-main-$$" BERTH_NETWORK_PREFIX="bbm$$" GUESTBOOK_PORT="$port"
export BERTH_REGISTRY_LOOPBACK_ONLY=1
runs=${MAINJOB_RUNS:-1}
compose=examples/guestbook/compose.yaml
# Everything this engine made goes: project, engine state, cgroups. $1=cache also drops the tar.
reset() {
  ./bin/berth down -v -t 0 -f "$compose" >/dev/null 2>&1 || true
  ./bin/berth engine reset --force >/dev/null 2>&1 || true
  ./bin/berth engine stop >/dev/null 2>&1 || true
  for c in /sys/fs/cgroup/*/"$BERTH_CGROUP_PARENT" /sys/fs/cgroup/"$BERTH_CGROUP_PARENT"; do rmdir "$c" 2>/dev/null || true; done
  rm -rf "$BERTH_ROOT"
  if [ "${1:-}" = cache ]; then rm -rf "$BERTH_DEBIAN_CACHE"; fi
}
cleanup() { reset cache; rm -rf "$work"; }
trap cleanup EXIT INT TERM
export -f reset
export compose

uptime
hyperfine -N --runs "$runs" --export-json "$work/main.json" \
  -n 'cold: fresh engine, empty cache' --prepare 'bash -c "reset cache"' 'bash scripts/main-job.sh' \
  -n 'warm: fresh engine, cached tar' --prepare 'bash -c reset' 'bash scripts/main-job.sh' \
  2>/dev/null | grep -vE '^\s*$'
uptime
node -e '
for (const x of require(process.argv[1]).results) {
  const goal = x.command.startsWith("cold") ? "  (goal < 180 s)" : "";
  console.log(`${x.command.padEnd(32)} median ${x.median.toFixed(1).padStart(6)} s${goal}`);
}' "$work/main.json"
