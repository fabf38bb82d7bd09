#!/usr/bin/env bash
# The README's main job (`npm start`) on a fresh Debian machine (root): install what the engine
# needs (scripts/setup.sh), make the Debian base image berth-debian:bookworm (mmdebstrap, cached
# under /var/cache/berth: minutes the first time, seconds after), build and bring up
# examples/guestbook (a Python web service and PostgreSQL, both from their Dockerfiles) on the
# embedded engine (berthd starts by itself), and print the URL that answers with its answer.
#
# Every BERTH_* variable the CLI reads (BERTH_ROOT, BERTH_HOST, BERTH_NETWORK_PREFIX,
# BERTH_CGROUP_PARENT) and BERTH_DEBIAN_CACHE, GUESTBOOK_PORT are honoured, so the same steps can
# be timed against a throw-away engine (bench/main-job.bench.sh) instead of the user's.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/debian-image.sh >/dev/null
compose=examples/guestbook/compose.yaml
./bin/berth up -d --wait --build -f "$compose"
url="http://127.0.0.1:${GUESTBOOK_PORT:-18081}/"
page=$(busybox wget -q -O - "$url")
echo
echo "guestbook is up: $url"
echo "$page"
echo
echo "sign it:            curl -d name=you -d message=hello $url"
echo "develop with watch: ./bin/berth watch -f $compose   (see examples/guestbook/README.md)"
echo "take it down with:  ./bin/berth down -v -f $compose"
