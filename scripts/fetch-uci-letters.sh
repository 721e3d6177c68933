#!/usr/bin/env bash
# Downloads the original Letter Recognition data (Frey and Slate, 1991) from the UCI archive and splits it
# into our files: train_letters1..11.txt (1500 rows each) and validate_letters.txt (3500 rows), the same
# split the course uses (the file's order kept: rows 1-16500 for training, 16501-20000 for validation).
#
# usage: scripts/fetch-uci-letters.sh [OUTPUT_DIR [SPLIT_OPTIONS...]]
#   OUTPUT_DIR     where the files go; default: letters-uci in the repository root
#   SPLIT_OPTIONS  passed to 'scripts/letters split', e.g. --shards 4 --shuffle-seed 7
# Needs curl (or wget) and the internet. The download is checked (20000 lines) and kept as
# OUTPUT_DIR/letter-recognition.data. Then train on it: point the trainer's data directory at OUTPUT_DIR.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
url=https://archive.ics.uci.edu/ml/machine-learning-databases/letter-recognition/letter-recognition.data
out=${1:-$root/letters-uci}
shift || true
mkdir -p "$out"
data="$out/letter-recognition.data"
if [ ! -s "$data" ]; then
  tmp="$data.part"
  trap 'rm -f "$tmp"' EXIT   # no half-downloaded file is left behind when the download fails
  echo "fetch-uci-letters: downloading $url" >&2
  if command -v curl >/dev/null; then
    curl -fsSL --retry 3 -o "$tmp" "$url"
  elif command -v wget >/dev/null; then
    wget -q -O "$tmp" "$url"
  else
    echo "fetch-uci-letters: neither curl nor wget found" >&2; exit 2
  fi
  mv "$tmp" "$data"
fi
lines=$(grep -c . "$data" || true)
[ "$lines" = 20000 ] || echo "fetch-uci-letters: warning: $data has $lines rows, the original has 20000" >&2
"$root/scripts/letters" split "$data" -o "$out" "$@"
