#!/usr/bin/env bash
# /api/v1/query_range of 10,000 series x 240 points: Debian's Prometheus against Epimetheus (the real
# TSDB and PromQL engine behind bundles/http's API), on the same promtool-made block, on loopback.
# Prints, per run, wall time as the client sees it and bytes allocated by the server (Prometheus:
# go_memstats_alloc_bytes_total delta; Epimetheus: Jetty request threads), and checks both answers
# are byte-identical.
#
#   bundles/http/bench/query-range-vs-prometheus.sh [runs]
#
# Needs: prometheus and promtool (apt-get install prometheus), python3, curl, and the http module's
# test classes (mvn -o -pl bundles/http -am install -DskipTests first).
set -euo pipefail
runs="${1:-6}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
prom_pid=""
cleanup() { [ -n "$prom_pid" ] && kill "$prom_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

python3 - "$work/bench.om" <<'PY'
import random, sys
r = random.Random(42)
start = 1700000000
with open(sys.argv[1], 'w') as f:
    f.write('# TYPE bench_metric gauge\n')
    for i in range(10000):
        v = r.randint(0, 999)
        lab = 'instance="host-%d:9100",job="node",series="%d"' % (i % 100, i)
        for k in range(240):
            v += r.randint(0, 99) / 10.0
            f.write('bench_metric{%s} %r %d\n' % (lab, v / 7, start + k * 15))
    f.write('# EOF\n')
PY
promtool tsdb create-blocks-from openmetrics "$work/bench.om" "$work/prom" >/dev/null
cp -r "$work/prom" "$work/ours"

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
printf 'global:\n  scrape_interval: 1h\n' > "$work/p.yml"
prometheus --config.file="$work/p.yml" --storage.tsdb.path="$work/prom" --storage.tsdb.retention.time=100y \
  --web.listen-address="127.0.0.1:$port" >"$work/prom.log" 2>&1 &
prom_pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/-/ready" >/dev/null 2>&1 && break; sleep 0.2; done
query='query=bench_metric&start=1700000000&end=1700003585&step=15'
alloc() { curl -s "http://127.0.0.1:$port/metrics" | awk '/^go_memstats_alloc_bytes_total /{print $2}'; }
echo "Prometheus $(prometheus --version 2>&1 | head -1 | awk '{print $3}'):"
for i in $(seq 1 "$runs"); do
  a0="$(alloc)"
  t="$(curl -s -o "$work/prom.json" -w '%{time_total}' "http://127.0.0.1:$port/api/v1/query_range?$query")"
  a1="$(alloc)"
  python3 -c "print('run %d: %s s, %.1f MB allocated by the server' % ($i, '$t', ($a1 - $a0) / 1e6))"
done
echo "  md5 $(md5sum < "$work/prom.json" | cut -d' ' -f1)"
kill "$prom_pid"; wait "$prom_pid" 2>/dev/null || true; prom_pid=""

echo "Epimetheus:"
cp_file="$here/target/bench-cp.txt"
(cd "$here" && mvn -B -q -o dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null)
java -Xmx2g -cp "$(cat "$cp_file"):$here/target/test-classes:$here/target/classes" \
  io.epimetheus.http.api.EndToEndQueryRange "$work/ours" bench_metric 1700000000 1700003585 15 "$runs" 2>/dev/null
