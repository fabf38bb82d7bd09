#!/usr/bin/env bash
# `berth --version` against two floors in the same hyperfine run:
#  - `node -e 0`: what any Node CLI pays on this machine, in this environment;
#  - `env -u NODE_EXTRA_CA_CERTS node -e 0`: node without the CA bundle it parses eagerly at
#    start-up when NODE_EXTRA_CA_CERTS is set (~40 ms here). bin/berth's shebang starts node that
#    way (the CLI speaks no TLS), so this is the floor berth is really measured against; with the
#    variable unset both floors are the same.
# Goal (issue 2): under 80 ms median.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .bench
echo "NODE_EXTRA_CA_CERTS=${NODE_EXTRA_CA_CERTS:-(unset)}"
hyperfine -N --warmup 5 --runs 40 --export-json .bench/cli-startup.json \
  -n 'node -e 0' 'node -e 0' \
  -n 'node -e 0 without NODE_EXTRA_CA_CERTS' 'env -u NODE_EXTRA_CA_CERTS node -e 0' \
  -n 'berth --version' './bin/berth --version' 2>/dev/null | grep -vE '^\s*$'
node -e '
const r = require("./.bench/cli-startup.json").results;
const med = (n) => r.find((x) => x.command === n).median * 1000;
const b = med("berth --version"), n = med("node -e 0"), u = med("node -e 0 without NODE_EXTRA_CA_CERTS");
console.log(`berth --version median ${b.toFixed(1)} ms; node -e 0 ${n.toFixed(1)} ms (ratio ${(b / n).toFixed(2)}); node -e 0 without NODE_EXTRA_CA_CERTS ${u.toFixed(1)} ms (ratio ${(b / u).toFixed(2)})`);'
