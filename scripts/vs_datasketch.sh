#!/usr/bin/env bash
# The whole `dedup` job against the pipeline a Python user would write with datasketch
# (unigram MinHash, 128 permutations, MinHashLSH at threshold 0.5: scripts/datasketch_dedup.py),
# side by side on one input, alternating, and the ratio of the medians.
#
#   bash scripts/vs_datasketch.sh [INPUT.jsonl] [RUNS]
#
# INPUT defaults to ../shared/data/dev/wmt-2008-2011.jsonl, RUNS (each side) to 7. Both sides
# are timed as the whole process a user starts (reading the file, writing the predictions;
# Python's start and imports included), and the Python side also reports its time after the
# imports (`job_seconds`), so a second ratio leaves its start-up out. datasketch and numpy come
# from PyPI, pinned, into a virtual environment under target/ (created on first use, about
# 30 s). The machine should be otherwise idle: both sides use what it has (the dedup job all
# cores, datasketch one).
set -euo pipefail
cd "$(dirname "$0")/.."

input=${1:-../shared/data/dev/wmt-2008-2011.jsonl}
runs=${2:-7}
venv=target/datasketch-venv
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "numpy==2.4.6" "scipy==1.17.1" "datasketch==2.0.0"
fi
cargo build --release --locked --example dedup >/dev/null 2>&1 || cargo build --release --locked --example dedup

now() { date +%s.%N; }
rust=()
py=()
py_job=()
for i in $(seq "$runs"); do
  t0=$(now)
  target/release/examples/dedup --input "$input" --output "$out/rust.jsonl" 2>/dev/null
  t1=$(now)
  job=$("$venv/bin/python" scripts/datasketch_dedup.py "$input" "$out/py.jsonl" 2>&1 |
    sed -n 's/^job_seconds=//p')
  t2=$(now)
  rust+=("$(echo "$t1 - $t0" | bc -l)")
  py+=("$(echo "$t2 - $t1" | bc -l)")
  py_job+=("$job")
  printf 'run %d: dedup %.3f s, datasketch %.3f s (%.3f s after imports)\n' \
    "$i" "${rust[-1]}" "${py[-1]}" "$job"
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
mr=$(median "${rust[@]}")
mp=$(median "${py[@]}")
mj=$(median "${py_job[@]}")
bytes=$(stat -c %s "$input")
printf 'input %s (%.1f MB), %d runs each, %d cores\n' "$input" "$(echo "$bytes / 1000000" | bc -l)" "$runs" "$(nproc)"
printf 'median dedup job       %.3f s (%.1f MB/s)\n' "$mr" "$(echo "$bytes / 1000000 / $mr" | bc -l)"
printf 'median datasketch      %.3f s, %.3f s after imports\n' "$mp" "$mj"
printf 'ratio of medians       %.1fx (whole processes), %.1fx (datasketch after its imports)\n' \
  "$(echo "$mp / $mr" | bc -l)" "$(echo "$mj / $mr" | bc -l)"
