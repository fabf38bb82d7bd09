#!/usr/bin/env bash
# `berth --version` against `node -e 0` (the floor any Node CLI pays) in the same hyperfine run.
# Goal (issue 2): under 80 ms median.
set -euo pipefail
cd "$(dirname "$0")/.."
hyperfine -N --warmup 5 --runs 40 --export-json .bench/cli-startup.json \
  -n 'node -e 0' 'node -e 0' \
  -n 'berth --version' './bin/berth --version' 2>/dev/null | grep -vE '^\s*$'
node -e '
const r = require("./.bench/cli-startup.json").results;
const med = (n) => r.find((x) => x.command === n).median * 1000;
const b = med("berth --version"), n = med("node -e 0");
console.log(`berth --version median ${b.toFixed(1)} ms; node -e 0 ${n.toFixed(1)} ms; ratio ${(b / n).toFixed(2)}`);'
