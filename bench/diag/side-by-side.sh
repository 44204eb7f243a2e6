#!/bin/bash
# The machine's ceiling for P2 ÷ P1 (bench/README.md "The machine's ceiling"): per query, one thread
# over N events; two one-thread processes over N/2 events each, started at once (an ideal P2 with no
# exchange); one such half alone; and the query at parallelism 2 over N events. Prints seconds as
# bench/query-run.ts measures them (from the INSERT to the job's end), and for the half alone the
# CPU seconds of all its threads (main thread plus V8's GC and compiler threads): two halves at once
# need twice that on the machine's cores.
#   bash bench/diag/side-by-side.sh 10000000 q19 q20 count-per-auction
set -euo pipefail
cd "$(dirname "$0")/../.."
n=$1
shift
secs() { npx tsx bench/query-run.ts --query "$1" --events "$2" --parallelism "$3" 2>/dev/null | grep -o '"seconds":[0-9.]*' | cut -d: -f2 | cut -c1-5; }
for q in "$@"; do
  p1=$(secs "$q" "$n" 1)
  secs "$q" $((n / 2)) 1 > /tmp/strom-half-a &
  secs "$q" $((n / 2)) 1 > /tmp/strom-half-b &
  wait
  half_json=$(npx tsx bench/query-run.ts --query "$q" --events $((n / 2)) --parallelism 1 2>/dev/null)
  half=$(echo "$half_json" | grep -o '"seconds":[0-9.]*' | cut -d: -f2 | cut -c1-5)
  half_cpu=$(echo "$half_json" | grep -o '"cpuSeconds":[0-9.]*' | cut -d: -f2 | cut -c1-5)
  p2=$(secs "$q" "$n" 2)
  echo "$q p1=$p1 half_alone=$half half_alone_cpu=$half_cpu halves_together=$(cat /tmp/strom-half-a)/$(cat /tmp/strom-half-b) p2=$p2"
done
