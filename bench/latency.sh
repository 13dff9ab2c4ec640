#!/usr/bin/env bash
# Start-up cost of p0watch against the sqlite3 shell on the same database.
#
# Builds the release binary the README builds, fills a database with one window and N events
# (default 100,000), then times with hyperfine, in one run:
#   p0watch note TEXT   vs  sqlite3 DB "INSERT INTO events ..."   (one insert)
#   p0watch status      vs  sqlite3 DB "SELECT ... FROM windows ..." (one select)
# and prints both medians and their ratio. The goal (issue 2) is a ratio of at most 3.
#
# Usage: bench/latency.sh [EVENTS]    Needs: hyperfine, sqlite3, python3 (apt-get install -y hyperfine sqlite3)
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-100000}
for tool in hyperfine sqlite3 python3; do
  command -v "$tool" >/dev/null || { echo "bench/latency.sh needs $tool (apt-get install -y $tool)" >&2; exit 69; }
done

swift build -c release --static-swift-stdlib >/dev/null
bin=$PWD/.build/release/p0watch
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/bench.db
export P0WATCH_DB=$db P0WATCH_USER=bench

"$bin" window start --now 2025-11-09T14:00:00Z >/dev/null
sqlite3 "$db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $events)
  INSERT INTO events (window_id, at, actor, kind, text, tag, incident_id, recorded_at)
  SELECT 1, 1762696800 + i, 'bench', 'note', 'filler event ' || i, NULL, NULL, 1762696800 + i FROM n;"
echo "database: $(sqlite3 "$db" 'SELECT count(*) FROM events') events, $(du -h "$db" | cut -f1)"

export P0WATCH_NOW=2025-11-10T14:00:00Z
insert_sql="INSERT INTO events (window_id, at, actor, kind, text, tag, incident_id, recorded_at) VALUES (1, 1762783200, 'bench', 'note', 'sqlite3 shell note', NULL, NULL, 1762783200);"
select_sql="SELECT id, release, started_at, hours, state, closed_at, runbook FROM windows WHERE state = 'active' ORDER BY started_at DESC, id DESC LIMIT 1;"

hyperfine --shell=none --warmup 20 --runs 300 --export-json "$work/note.json" \
  -n "p0watch note" "$bin note bench-note" \
  -n "sqlite3 insert" "sqlite3 $db \"$insert_sql\"" >/dev/null 2>&1 || true
hyperfine --shell=none --warmup 20 --runs 300 --export-json "$work/status.json" \
  -n "p0watch status" "$bin status" \
  -n "sqlite3 select" "sqlite3 $db \"$select_sql\"" >/dev/null 2>&1 || true

python3 - "$work/note.json" "$work/status.json" <<'PY'
import json, sys
print(f"{'command':<16} {'median':>9} {'reference':<16} {'median':>9} {'ratio':>6}  goal <= 3.0")
for path in sys.argv[1:]:
    results = json.load(open(path))["results"]
    ours, ref = results[0], results[1]
    ratio = ours["median"] / ref["median"]
    print(f"{ours['command']:<16} {ours['median']*1000:>7.2f}ms {ref['command']:<16} {ref['median']*1000:>7.2f}ms {ratio:>6.2f}  {'ok' if ratio <= 3 else 'MISSED'}")
PY
