#!/usr/bin/env bash
# Scrapes a synthetic fleet with Epimetheus's scrape manager + TSDB and with Debian's prometheus,
# one after the other, and prints CPU seconds per million samples and RSS for each.
#
#   bundles/scrape/load/fleet-compare.sh [targets=200] [series=1000] [interval-s=5] [duration-s=120] [warmup-s=30]
#
# Both scrape the same targets (one loopback port, /t/<i>/metrics, each with its own instance
# label) every interval into a fresh TSDB directory; CPU is utime+stime of the process between the
# end of the warmup and the end of the run (/proc/<pid>/stat), samples are those appended in that
# window (prometheus_tsdb_head_samples_appended_total on Prometheus's /metrics, a counter in the harness for
# Epimetheus), RSS is VmRSS at the end. Run it on an otherwise idle machine.
set -euo pipefail
TARGETS=${1:-200}; SERIES=${2:-1000}; INTERVAL=${3:-5}; DURATION=${4:-120}; WARMUP=${5:-30}
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
MODULE="$ROOT/bundles/scrape"
WORK="$(mktemp -d)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
command -v prometheus >/dev/null || { echo "prometheus (Debian package) is not installed" >&2; exit 2; }

(cd "$ROOT" && flock /tmp/epimetheus-mvn.lock mvn -B -q -o -pl bundles/scrape test-compile \
  dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test)
CP="$(cat "$WORK/cp.txt"):$MODULE/target/test-classes:$MODULE/target/classes"
TCK=$(getconf CLK_TCK)

cpu() { awk -v t="$TCK" '{ print ($14 + $15) / t }' "/proc/$1/stat"; }
rss() { awk '/VmRSS/ { print $2 / 1024 }' "/proc/$1/status"; }

java -cp "$CP" io.epimetheus.scrape.testing.FleetSimulator "$TARGETS" "$SERIES" "$WORK/sim.port" & PIDS+=($!)
for _ in $(seq 100); do [ -s "$WORK/sim.port" ] && break; sleep 0.2; done
SIM=$(cat "$WORK/sim.port")
echo "fleet: $TARGETS targets x $SERIES series every ${INTERVAL}s on 127.0.0.1:$SIM; ${WARMUP}s warmup, ${DURATION}s measured"

# --- Prometheus
{
  echo "global: {scrape_interval: ${INTERVAL}s, scrape_timeout: ${INTERVAL}s}"
  echo "scrape_configs:"
  echo "  - job_name: fleet"
  echo "    static_configs:"
  for i in $(seq 0 $((TARGETS - 1))); do
    echo "      - {targets: ['127.0.0.1:$SIM'], labels: {__metrics_path__: /t/$i/metrics, instance: sim-$i}}"
  done
} > "$WORK/prometheus.yml"
PPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/prom-data" \
  --web.listen-address="127.0.0.1:$PPORT" >"$WORK/prometheus.log" 2>&1 & PROM=$!; PIDS+=($PROM)
appended() { curl -s "http://127.0.0.1:$PPORT/metrics" \
  | awk '/^prometheus_tsdb_head_samples_appended_total/ { s += $2 } END { printf "%d", s }'; }
sleep "$WARMUP"; C0=$(cpu $PROM); S0=$(appended)
sleep "$DURATION"; C1=$(cpu $PROM); S1=$(appended); R=$(rss $PROM)
kill $PROM; wait $PROM 2>/dev/null || true
PROM_LINE=$(awk -v c="$C1" -v d="$C0" -v s1="$S1" -v s0="$S0" -v r="$R" \
  'BEGIN { printf "prometheus   cpu %.2fs  samples %d  cpu-s/M-samples %.3f  rss %.0f MiB", c-d, s1-s0, (c-d)/((s1-s0)/1e6), r }')
echo "$PROM_LINE"

# --- Epimetheus (scrape manager + TSDB in one JVM)
java -cp "$CP" io.epimetheus.scrape.manager.EpimetheusFleet "$SIM" "$TARGETS" "$INTERVAL" "$WORK/epi-data" \
  "$WORK/epi.status" >"$WORK/epimetheus.log" 2>&1 & EPI=$!; PIDS+=($EPI)
sleep "$WARMUP"; C0=$(cpu $EPI); S0=$(cat "$WORK/epi.status")
sleep "$DURATION"; C1=$(cpu $EPI); S1=$(cat "$WORK/epi.status"); R=$(rss $EPI)
kill $EPI; wait $EPI 2>/dev/null || true
awk -v c="$C1" -v d="$C0" -v s1="$S1" -v s0="$S0" -v r="$R" \
  'BEGIN { printf "epimetheus   cpu %.2fs  samples %d  cpu-s/M-samples %.3f  rss %.0f MiB\n", c-d, s1-s0, (c-d)/((s1-s0)/1e6), r }'
