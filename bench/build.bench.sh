#!/usr/bin/env bash
# Section `build` (issue 10): a 12-instruction Dockerfile with a 2,000-file context, built with
# `berth image build` on its own engine (own root, socket, cgroup parent, network prefix):
#   cold        every step run (--no-cache)
#   no-op       nothing changed: every step from the cache (goal < 150 ms end to end)
#   one file    one source file changed before each run: the COPY of src/ and the RUN after it
#               re-run, the steps before come from the cache (checked on the output below)
# References in the same hyperfine run: `berth --version` (the CLI's start-up) and packing the
# context with tar (what any client pays to send it).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/berth-bench-build-XXXXXX)
root="$work/root"; sock="$work/berth.sock"
export BERTH_ROOT="$root" BERTH_HOST="unix://$sock"
export BERTH_CGROUP_PARENT="berth-bench-build-$$" BERTH_NETWORK_PREFIX="bbb$$"
B=(./bin/berth)
cleanup() {
  "${B[@]}" engine reset --force >/dev/null 2>&1 || true
  "${B[@]}" engine stop >/dev/null 2>&1 || true
  for c in /sys/fs/cgroup/*/"$BERTH_CGROUP_PARENT" /sys/fs/cgroup/"$BERTH_CGROUP_PARENT"; do rmdir "$c" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

node --import tsx bench/engine-fixture.ts "$work" >/dev/null
"${B[@]}" engine start >/dev/null
"${B[@]}" image load -i "$work/bb.tar" >/dev/null
"${B[@]}" image tag bb:latest busybox:latest >/dev/null

ctx="$work/ctx"
mkdir -p "$ctx/src"
for i in $(seq -w 1 2000); do echo "file $i" > "$ctx/src/f$i.txt"; done
echo "dep-a" > "$ctx/deps.txt"
cat > "$ctx/Dockerfile" <<'DOCKERFILE'
FROM busybox
ARG MODE=release
ENV APP=/app
WORKDIR /app
LABEL org.example.bench=1
COPY deps.txt ./
RUN wc -l deps.txt > /deps.count
COPY src/ ./src/
RUN find src -type f | wc -l > /files.count && echo ran-after-copy
EXPOSE 8080
USER app
CMD ["cat", "/files.count"]
DOCKERFILE

build=("${B[@]}" image build -t bench:1 "$ctx")
"${build[@]}" >/dev/null
# The one-file rebuild re-runs the COPY of src/ and the RUN after it, and nothing before them.
echo "one more" >> "$ctx/src/f0001.txt"
out=$("${build[@]}")
cached=$(grep -c 'Using cache' <<<"$out" || true)
grep -q '^ran-after-copy$' <<<"$out" || { echo "one-file rebuild did not re-run the RUN after the COPY"; exit 1; }
echo "one-file rebuild: $cached steps from the cache (of 11 after FROM), the RUN after COPY src/ re-ran"
# The no-op rebuild takes every step from the cache and answers the same image.
t0=$(date +%s%N)
noop=$("${build[@]}")
echo "no-op rebuild once: $(( ($(date +%s%N) - t0) / 1000000 )) ms, $(grep -c 'Using cache' <<<"$noop") steps from the cache"

# One --prepare per command: hyperfine runs a lone --prepare before EVERY command's runs, which
# made the "no-op" rebuild a one-file rebuild (the 0.4-6 s once reported for it).
hyperfine -N --warmup 1 --runs 10 --export-json "$work/build.json" \
  -n 'no-op rebuild' --prepare true "${build[*]} -q" \
  -n 'one-file rebuild' --prepare "sh -c 'date +%N >> $ctx/src/f0002.txt'" "${build[*]} -q" \
  -n 'berth --version' --prepare true './bin/berth --version' \
  -n 'tar of the context' --prepare true "tar -cf /dev/null -C $ctx ." \
  2>/dev/null | grep -vE '^\s*$'
hyperfine -N --warmup 0 --runs 3 --export-json "$work/cold.json" -n 'cold build (--no-cache)' "${build[*]} -q --no-cache" 2>/dev/null | grep -vE '^\s*$'

node -e '
const r = [...require(process.argv[1]).results, ...require(process.argv[2]).results];
const med = (n) => r.find((x) => x.command === n).median * 1000;
const v = med("berth --version");
for (const [n, goal] of [["cold build (--no-cache)"], ["no-op rebuild", 150], ["one-file rebuild"], ["tar of the context"], ["berth --version"]]) {
  console.log(`${n.padEnd(26)} median ${med(n).toFixed(1).padStart(7)} ms  x${(med(n) / v).toFixed(2)} berth --version${goal ? `  (goal < ${goal} ms)` : ""}`);
}' "$work/build.json" "$work/cold.json"
