#!/usr/bin/env bash
# npm run bench: every section in one run. A section is a file bench/*.bench.sh (run with bash) or
# bench/*.bench.ts (run with tsx); each prints its own medians and ratios. `npm run bench -- NAME`
# runs the sections whose file name contains NAME.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null
mkdir -p .bench
filter="${1:-}"
for f in bench/*.bench.sh bench/*.bench.ts; do
  [ -e "$f" ] || continue
  case "$f" in *"$filter"*) ;; *) continue ;; esac
  echo "=== $f"
  case "$f" in
    *.sh) bash "$f" ;;
    *.ts) node --import tsx "$f" ;;
  esac
done
