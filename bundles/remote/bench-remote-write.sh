#!/usr/bin/env bash
# Remote-write ingestion: samples per CPU-second of our receiver (over the real TSDB) versus
# Debian's Prometheus receiver, same generated load (LoadGenerator), loopback only.
# Usage: bundles/remote/bench-remote-write.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")"
SECS=${1:-25}
CONNS=${2:-2}
[ -f cp.txt ] || mvn -B -q -o dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test
CP="$(cat cp.txt):target/test-classes:target/classes"
WORK=$(mktemp -d)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

PORT=$(free_port)
java -Xmx2g -cp "$CP" io.epimetheus.remote.bench.ReceiverMain "$WORK/epi" "$PORT" > "$WORK/epi.log" 2>&1 &
EPI=$!
sleep 3
echo -n "epimetheus: "
java -cp "$CP" io.epimetheus.remote.bench.LoadGenerator "http://127.0.0.1:$PORT/api/v1/write" "$EPI" "$SECS" "$CONNS"
kill "$EPI"; wait "$EPI" || true

if command -v prometheus > /dev/null; then
  PORT=$(free_port)
  printf 'global: {scrape_interval: 1h}\n' > "$WORK/prom.yml"
  prometheus --config.file="$WORK/prom.yml" --storage.tsdb.path="$WORK/prom" --web.listen-address="127.0.0.1:$PORT" \
    --web.enable-remote-write-receiver > "$WORK/prom.log" 2>&1 &
  PROM=$!
  sleep 4
  echo -n "prometheus: "
  java -cp "$CP" io.epimetheus.remote.bench.LoadGenerator "http://127.0.0.1:$PORT/api/v1/write" "$PROM" "$SECS" "$CONNS"
  kill "$PROM"; wait "$PROM" || true
fi
rm -rf "$WORK"
