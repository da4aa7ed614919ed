#!/usr/bin/env bash
# The scale run: generated feeds of real-length articles (benches/common/feed.rs: 3-4 KB,
# French and English, planted translated and independent duplicates) through the whole job
# (benches/scale.rs: Dedup::run_jsonl from the file, predictions to a file), at each size
# given, with wall time, peak memory and how the time grows.
#
#   bash scripts/scale_run.sh [DIR] [SIZES...]
#
# DIR (default /tmp/bilingual-dedup-scale) holds the feeds (3.7 GB for 1M articles; generated
# once, about 2 minutes for 1M) and the predictions. SIZES default to 10000 100000 1000000.
# Run it on an otherwise idle machine: the job uses every core.
set -euo pipefail
cd "$(dirname "$0")/.."

dir=${1:-/tmp/bilingual-dedup-scale}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
mkdir -p "$dir"
cargo bench --locked --bench scale --no-run >/dev/null 2>&1 || cargo bench --locked --bench scale --no-run
scale() { cargo bench -q --locked --bench scale -- "$@"; }

prev_n=
prev_t=
printf '%-9s %-9s %-8s %-9s %-10s %-10s %-10s %-9s %-9s\n' articles MB wall_s MB/s articles/s peak_MB time_x input_x pair_P/R
for n in "${sizes[@]}"; do
  feed=$dir/feed-$n.jsonl
  [ -s "$feed" ] || scale gen "$n" "$feed"
  scale run "$feed" "$dir/pred-$n.jsonl" >"$dir/run-$n.txt"
  line=$(head -1 "$dir/run-$n.txt")
  get() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$line"; }
  t=$(get wall_s)
  growth=-
  input=-
  if [ -n "$prev_n" ]; then
    growth=$(printf '%.1f' "$(echo "$t / $prev_t" | bc -l)")
    input=$(printf '%.1f' "$(echo "$n / $prev_n" | bc -l)")
  fi
  printf '%-9s %-9.0f %-8s %-9s %-10s %-10s %-10s %-9s %s/%s\n' "$(get articles)" \
    "$(echo "$(get bytes) / 1000000" | bc -l)" "$t" "$(get mb_per_s)" "$(get articles_per_s)" \
    "$(get peak_rss_mb)" "$growth" "$input" "$(get pair_precision)" "$(get pair_recall)"
  prev_n=$n
  prev_t=$t
done
echo "phases of each run: $dir/run-*.txt"
