#!/usr/bin/env bash
# The Debian base image of examples/guestbook and the builder's Debian tests: `berth-debian:bookworm`.
#
# Made at SETUP time, never inside a build: mmdebstrap (minbase, suite bookworm, mirror from this
# machine's apt sources) with the runtime packages the example needs, tarred and cached under
# $BERTH_DEBIAN_CACHE (default /var/cache/berth) keyed by suite + variant + package list + mirror,
# so that a second run only imports the tar (seconds). The tar is imported (`berth image import`,
# one layer, PATH set as docker import sets it) into the engine BERTH_ROOT/BERTH_HOST name, with
# the key (and the import's changes) as a label: an image already there with the same label is
# left as it is.
#
#   scripts/debian-image.sh            cache (or reuse) the rootfs tar, import it if needed
#   scripts/debian-image.sh --tar-only only make sure the cached tar exists; print its path
set -euo pipefail
cd "$(dirname "$0")/.."

suite=bookworm
variant=minbase
image="berth-debian:$suite"
# python3 + psycopg2 for the web service, PostgreSQL 15 for the database; nothing else.
packages=(python3 python3-psycopg2 postgresql-15)
cache=${BERTH_DEBIAN_CACHE:-/var/cache/berth}
berth=${BERTH_BIN:-./bin/berth}

# The first Debian mirror of this machine's apt sources (deb822 or one-line format).
mirror() {
  local m
  m=$(grep -hsE '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v -- '-security' | head -n1 || true)
  [ -n "$m" ] || m=$(grep -hsE '^deb\s' /etc/apt/sources.list | awk '{print $2}' | grep -v -- '-security' | head -n1 || true)
  echo "${m:-http://deb.debian.org/debian}"
}

# PostgreSQL's JIT provider (llvmjit.so, its bitcode, and libLLVM + libz3 that only it loads) is
# 40% of the rootfs: left out, the server runs without JIT, as a build --without-llvm does (it
# looks for the provider only when a query passes jit_above_cost; db/start.sh sets jit = off).
nojit=()
# (dpkg's patterns are fnmatch without FNM_PATHNAME: `*` crosses `/`; quoted so bash keeps them)
for p in '/usr/lib/*/libLLVM-14.so*' '/usr/lib/*/libz3.so*' \
  '/usr/lib/postgresql/15/lib/llvmjit*' '/usr/lib/postgresql/15/lib/bitcode/*'; do
  nojit+=(--dpkgopt="path-exclude=$p")
done

url=$(mirror)
key=$(printf '%s\n' "$suite" "$variant" "${packages[*]}" "$url" "${nojit[*]}" | sha256sum | cut -c1-16)
tar="$cache/debian-$suite-$key.tar"

if [ ! -s "$tar" ]; then
  command -v mmdebstrap >/dev/null || { echo "debian-image: mmdebstrap is missing (scripts/setup.sh installs it)" >&2; exit 1; }
  mkdir -p "$cache"
  tmp="$tar.tmp.$$"
  trap 'rm -f "$tmp"' EXIT
  # The rootfs lives in mmdebstrap's temp dir only until it is tarred: in RAM (/dev/shm) when
  # there is room, which spares the disk ~10,000 file creations and their removal.
  if [ -z "${TMPDIR:-}" ] && [ "$(df --output=avail -k /dev/shm 2>/dev/null | tail -n1)" -gt 1048576 ] 2>/dev/null; then
    export TMPDIR=/dev/shm
  fi
  echo "debian-image: mmdebstrap $suite ($variant + ${packages[*]}) from $url" >&2
  # No recommends, docs, man pages or translations: a smaller tar, a faster import (apt's lists
  # and the downloaded .debs are not kept either). postgresql-common's postinst creates a default
  # cluster (15/main, ~40 MB); the example makes its own in a volume, so it is dropped. dpkg
  # skips its fsyncs (force-unsafe-io): the rootfs is a throw-away directory until it is tarred.
  mmdebstrap --variant="$variant" --include="$(IFS=,; echo "${packages[*]}")" \
    --aptopt='APT::Install-Recommends "false"' --dpkgopt=force-unsafe-io \
    --customize-hook='rm -rf "$1/var/lib/postgresql/15" "$1/etc/postgresql/15"' \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-exclude=/usr/share/info/*' --dpkgopt='path-exclude=/usr/share/i18n/*' \
    "${nojit[@]}" \
    --format=tar "$suite" "$tmp" "$url" >&2
  mv "$tmp" "$tar"
  trap - EXIT
fi

if [ "${1:-}" = "--tar-only" ]; then echo "$tar"; exit 0; fi

# `--change ENV` replaces the PATH import would give: PATH is set here with LANG. (A builder's RUN
# gets no PATH from an image that has none, and python3 then finds no sys.executable.)
changes=(-c "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8" -c 'CMD ["bash"]')
stamp="$key.$(printf '%s\n' "${changes[@]}" | sha256sum | cut -c1-8)"
labels=$("$berth" image inspect -f '{{json .Config.Labels}}' "$image" 2>/dev/null || true)
if [[ "$labels" != *"\"org.berth.debian.key\":\"$stamp\""* ]]; then
  echo "debian-image: importing $tar as $image" >&2
  "$berth" image import -m "mmdebstrap $suite $variant: ${packages[*]}" \
    -c "LABEL org.berth.debian.key=$stamp" "${changes[@]}" "$tar" "$image" >/dev/null
fi
echo "$image"
