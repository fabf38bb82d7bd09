#!/usr/bin/env bash
# `berth container run --rm bb true` against a raw `crun run` of an equivalent bundle (busybox
# rootfs, /bin/true), medians from one hyperfine run; then the engine's idle RSS and the resident
# overhead per running container (engine RSS growth + its conmon) over 10 `sleep` containers.
# Goals: run --rm < 110 ms median; idle RSS < 60 MB; < 3 MB per running container.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/berth-bench-XXXXXX)
root="$work/root"; sock="$work/berth.sock"
B=(./bin/berth)
flags=(--root "$root" --host "$sock")
cleanup() {
  "${B[@]}" engine reset --force "${flags[@]}" >/dev/null 2>&1 || true
  crun delete -f berth-bench-raw >/dev/null 2>&1 || true
  for c in /sys/fs/cgroup/*/berth /sys/fs/cgroup/berth; do rmdir "$c" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

node --import tsx bench/engine-fixture.ts "$work"
mkdir -p "$work/docker-config"
"${B[@]}" engine start "${flags[@]}" >/dev/null
"${B[@]}" image load -i "$work/bb.tar" "${flags[@]}" >/dev/null
pid=$(head -1 "$root/berthd.pid")
rss() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

raw_cmd="crun run --bundle $work/bundle berth-bench-raw"
if ! $raw_cmd >/dev/null 2>&1; then
  raw_cmd="runc run --bundle $work/bundle berth-bench-raw"
  echo "note: raw crun failed on this host (hybrid cgroups?), comparing with runc"
fi
# Two more lines split the figure: the CLI's own start-up (berth --version), and the engine path
# alone as the Go docker CLI drives it against berthd (no node start-up on the client side).
hyperfine -N --warmup 3 --runs 25 --export-json "$work/run.json" \
  -n 'berth container run --rm' "./bin/berth container run --rm --root $root --host $sock bb true" \
  -n 'raw runtime run' "$raw_cmd" \
  -n 'berth --version' "./bin/berth --version" \
  -n 'docker CLI run --rm against berthd' "env DOCKER_HOST=unix://$sock DOCKER_CONFIG=$work/docker-config docker run --rm bb true" \
  2>/dev/null | grep -vE '^\s*$'
for e in docker podman; do
  if command -v "$e" >/dev/null && "$e" info >/dev/null 2>&1; then echo "$e: engine present but not benchmarked here"; else echo "$e: no engine runs on this host (skipped)"; fi
done

# The engine collects garbage after 2 s without requests: measure once idle.
sleep 3
idle=$(rss "$pid")
n=10
for i in $(seq 1 $n); do "${B[@]}" container run -d --name "bench-$i" "${flags[@]}" bb sleep 300 >/dev/null; done
sleep 3
busy=$(rss "$pid")
conmon=0
for p in $(pgrep -x conmon || true); do
  if grep -q "$root" "/proc/$p/cmdline" 2>/dev/null; then conmon=$((conmon + $(rss "$p"))); fi
done
"${B[@]}" container rm -f $(for i in $(seq 1 $n); do echo "bench-$i"; done) "${flags[@]}" >/dev/null

node -e '
const r = require(process.argv[1]).results;
const med = (n) => r.find((x) => x.command === n).median * 1000;
const [idle, busy, conmon, n] = process.argv.slice(2).map(Number);
const raw = med("raw runtime run");
// The host is shared and loaded: absolute medians drift run to run, the ratio to the raw runtime
// measured in the same hyperfine invocation is the figure to compare across runs.
const line = (label, name, goal) => console.log(`${label.padEnd(36)} median ${med(name).toFixed(1).padStart(6)} ms  x${(med(name) / raw).toFixed(2).padStart(6)} raw${goal ? `  (goal < ${goal} ms)` : ""}`);
line("berth container run --rm", "berth container run --rm", 110);
line("raw runtime run", "raw runtime run");
line("berth --version (CLI start-up)", "berth --version");
line("docker CLI -> berthd (engine path)", "docker CLI run --rm against berthd");
console.log(`engine overhead over raw: ${(med("berth container run --rm") - raw).toFixed(1)} ms`);
console.log(`engine idle RSS ${(idle / 1024).toFixed(1)} MB (goal < 60)`);
const per = ((busy - idle) + conmon) / n / 1024;
console.log(`per running container: ${per.toFixed(2)} MB resident (engine +${((busy - idle) / n / 1024).toFixed(2)} MB, conmon ${(conmon / n / 1024).toFixed(2)} MB) over ${n} containers (goal < 3)`);
' "$work/run.json" "$idle" "$busy" "$conmon" "$n"
