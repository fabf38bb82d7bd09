#!/usr/bin/env bash
# Installs everything Berth and its tests need on a fresh Debian machine (run as root):
# the Debian packages the engine uses, the npm packages, and the built CLI. Idempotent and quick
# when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

debs=(crun runc conmon nftables iproute2 busybox-static catatonit tini hyperfine docker-registry docker-compose procps skopeo zstd tmux python3-docker mmdebstrap)
missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 || true
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# npm packages, pinned by package-lock.json
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages" >&2
  npm ci --no-audit --no-fund >&2
fi

npm run --silent build >&2

# The Debian base rootfs of examples/guestbook and the builder's Debian tests (mmdebstrap, cached
# under /var/cache/berth; seconds when cached). Only the tar: each engine imports it itself, so
# setup never touches the user's engine.
bash scripts/debian-image.sh --tar-only >/dev/null
