#!/usr/bin/env bash
# The README's main job on a fresh Debian machine (root): install what the engine needs, build
# busybox:latest from Debian's busybox-static (nothing is pulled), load it into the embedded engine
# (berthd starts by itself), bring examples/shop up, and print the URL that answers with its answer.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
tar=$(mktemp --suffix=.tar)
trap 'rm -f "$tar"' EXIT
node --import tsx scripts/busybox-image.ts "$tar" >/dev/null
./bin/berth image load -i "$tar"
./bin/berth up -d --wait -f examples/shop/compose.yaml
url=http://127.0.0.1:18080/cgi-bin/index
echo
echo "shop is up: $url"
busybox wget -q -O - "$url"
echo
echo "take it down with: ./bin/berth down -v -f examples/shop/compose.yaml"
