#!/usr/bin/env bash
# Ingest throughput against wc -l, awk's status count and GoAccess, on one generated log.
#
# Usage: bench/ingest.sh [LINES] [--no-goaccess]     (default 5,000,000 lines, about 1 GB)
# Needs: python3, awk, GNU time (/usr/bin/time), goaccess unless --no-goaccess
#   apt-get install -y time goaccess
# Prints wall time, throughput and peak RSS for each tool, then the ratios the issue sets goals
# for: p0watch/wc (goal <= 5) and awk/p0watch (goal >= 2), and the re-run on the unchanged log.
set -euo pipefail
cd "$(dirname "$0")/.."
lines=5000000
goaccess=1
for arg in "$@"; do
  case "$arg" in
    --no-goaccess) goaccess=0 ;;
    *) lines=$arg ;;
  esac
done
[ -x /usr/bin/time ] || { echo "bench/ingest.sh needs GNU time (apt-get install -y time)" >&2; exit 69; }
if [ $goaccess = 1 ] && ! command -v goaccess >/dev/null; then
  echo "goaccess is not installed (apt-get install -y goaccess) — or pass --no-goaccess" >&2
  exit 69
fi

swift build -c release --static-swift-stdlib >/dev/null
bin=$PWD/.build/release/p0watch
work=${BENCH_DIR:-$(mktemp -d)}
mkdir -p "$work"
log=$work/access-$lines.log
if [ ! -s "$log" ]; then
  echo "generating $lines lines into $log ..."
  python3 bench/genlog.py "$lines" "$log"
fi
bytes=$(stat -c %s "$log")
echo "log: $lines lines, $bytes bytes"
cat "$log" >/dev/null  # warm the page cache so every tool reads from memory

results=$work/results.txt
: >"$results"
measure() {  # name, command...
  local name=$1
  shift
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >"$work/out-$name.txt" 2>"$work/err-$name.txt"
  read -r wall rss <"$work/time.txt"
  echo "$name $wall $rss" >>"$results"
}

export P0WATCH_DB=$work/bench.db P0WATCH_USER=bench
rm -f "$work"/bench.db*
"$bin" window start --now 2025-11-09T14:00:00Z >/dev/null
measure p0watch "$bin" ingest nginx "$log" --now T+72h
measure p0watch-rerun "$bin" ingest nginx "$log" --now T+72h
rm -f "$work"/bench.db*
"$bin" window start --now 2025-11-09T14:00:00Z >/dev/null
"$bin" ingest nginx "$log" --now T+72h --json >"$work/out-p0watch-json.txt"
measure wc wc -l "$log"
measure awk awk '{c[$9]++} END {for (s in c) print s, c[s]}' "$log"
if [ $goaccess = 1 ]; then
  measure goaccess goaccess "$log" --log-format='%h %^[%d:%t %^] "%r" %s %b "%R" "%u" %T' \
    --date-format=%d/%b/%Y --time-format=%T --no-global-config -o json
fi

# Same answers: p0watch's status counts (from its JSON summary) against awk's.
python3 - "$work/out-awk.txt" "$work/out-p0watch-json.txt" <<'PY' || true
import json, sys
awk = {s: int(c) for s, c in (line.split() for line in open(sys.argv[1]))}
ours = json.load(open(sys.argv[2]))["status_counts"]
print("status counts equal awk's:", "yes" if ours == awk else f"NO: {ours} vs {awk}")
PY
python3 - "$results" "$bytes" "$lines" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    name, wall, rss = line.split()
    rows[name] = (float(wall), int(rss))
size, lines = int(sys.argv[2]), int(sys.argv[3])
print(f"{'tool':<15}{'wall':>9}{'MB/s':>9}{'Mlines/s':>10}{'peak RSS':>11}")
for name, (wall, rss) in rows.items():
    wall = max(wall, 0.001)
    print(f"{name:<15}{wall:>8.2f}s{size / wall / 1e6:>9.0f}{lines / wall / 1e6:>10.2f}{rss / 1024:>9.1f}MB")
p, wc, awk = rows["p0watch"][0], rows["wc"][0], rows["awk"][0]
print(f"p0watch / wc  = {p / max(wc, 0.001):.2f}  (goal <= 5)")
print(f"awk / p0watch = {awk / max(p, 0.001):.2f}  (goal >= 2)")
print(f"re-run on the unchanged log: {rows['p0watch-rerun'][0] * 1000:.0f} ms (goal < 50 ms)")
print(f"p0watch peak RSS: {rows['p0watch'][1] / 1024:.1f} MB (goal < 64 MB)")
PY
