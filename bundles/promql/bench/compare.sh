#!/usr/bin/env bash
# Side-by-side median query latency of the Epimetheus engine and Debian's Prometheus on the same
# data (bench data set of EngineBenchmark: 20,000 series, 3h at 15s).
#
#   bundles/promql/bench/compare.sh [RUNS]
#
# Needs `prometheus` and `promtool` (apt-get install prometheus) and the module's test classes
# (mvn -pl bundles/promql test-compile). Prometheus listens on a free loopback port only while the
# script runs; its data lives in a temporary directory that is removed at the end.
# Prometheus's time is its own execTotalTime (stats=all: queueing + preparation + evaluation,
# without JSON encoding), after 3 warm-up queries, over its on-disk blocks (page cache warm);
# Epimetheus's is the wall time of Query.execute() over the in-memory test storage, after JIT
# warm-up (at least 5 runs and 3 seconds). The two never run at the same time.
set -euo pipefail

RUNS=${1:-11}
MODULE=$(cd "$(dirname "$0")/.." && pwd)
START=1700000000
END=$((START + 3 * 3600))
QUERIES=(
  'sum by (job) (rate(x[5m]))'
  'histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m])))'
  'topk(10, rate(x[5m]))'
  'sum(rate(x{instance=~"host-1.*", path!~"/api/[0-4]"}[5m]))'
  'max_over_time(sum by (job) (rate(x[5m]))[30m:1m])'
)

command -v prometheus >/dev/null && command -v promtool >/dev/null || {
  echo "prometheus and promtool are needed: apt-get install -y prometheus" >&2; exit 1; }
[ -d "$MODULE/target/test-classes/io/epimetheus/promql/bench" ] || {
  echo "build the test classes first: mvn -pl bundles/promql test-compile" >&2; exit 1; }
[ -f "$MODULE/target/cp.txt" ] || (cd "$MODULE" && mvn -B -q -o dependency:build-classpath \
  -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test)

WORK=$(mktemp -d)
PROM_PID=
cleanup() {
  if [ -n "$PROM_PID" ]; then kill "$PROM_PID" 2>/dev/null || true; wait "$PROM_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# A private copy of the classes, so a concurrent build of the module cannot pull them away.
cp -r "$MODULE/target/classes" "$WORK/classes"
cp -r "$MODULE/target/test-classes" "$WORK/test-classes"
CP="$(cat "$MODULE/target/cp.txt"):$WORK/test-classes:$WORK/classes"
JAVA=(java -Xmx6g -cp "$CP" io.epimetheus.promql.bench.CompareMain)

echo "generating data and Prometheus blocks in $WORK ..." >&2
"${JAVA[@]}" openmetrics "$WORK/data.om"
promtool tsdb create-blocks-from openmetrics "$WORK/data.om" "$WORK/tsdb" >/dev/null
rm -f "$WORK/data.om"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
printf 'global:\n  scrape_interval: 15s\n' > "$WORK/prometheus.yml"
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/tsdb" \
  --storage.tsdb.retention.time=100y --web.listen-address="127.0.0.1:$PORT" \
  --query.max-samples=50000000 >"$WORK/prometheus.log" 2>&1 &
PROM_PID=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/-/ready" >/dev/null && break
  sleep 1
done

prom_median() { # mode query
  local mode=$1 q=$2 times=()
  local params=(--data-urlencode "query=$q" --data-urlencode stats=all)
  if [ "$mode" = range ]; then
    params+=(--data-urlencode "start=$START" --data-urlencode "end=$END" --data-urlencode step=15)
    path=query_range
  else
    params+=(--data-urlencode "time=$END")
    path=query
  fi
  for i in $(seq -3 $((RUNS - 1))); do
    t=$(curl -sf "http://127.0.0.1:$PORT/api/v1/$path" "${params[@]}" \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["stats"]["timings"]["execTotalTime"]*1000)')
    [ "$i" -ge 0 ] && times+=("$t")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]}'
}

# The two engines never run at the same time: Epimetheus's timings are taken first (into a file),
# then Prometheus's, query by query.
for mode in range instant; do
  "${JAVA[@]}" "$mode" "$RUNS" "${QUERIES[@]}" > "$WORK/ours-$mode.tsv"
  echo
  echo "$mode queries (median of $RUNS, ms)"
  printf '%-62s %12s %12s\n' query prometheus epimetheus
  while IFS=$'\t' read -r q ours; do
    printf '%-62s %12s %12s\n' "$q" "$(prom_median "$mode" "$q")" "$ours"
  done < "$WORK/ours-$mode.tsv"
done
