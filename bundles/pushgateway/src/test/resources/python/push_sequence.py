"""One step of a push sequence with the official Python client, sent to every gateway given.

usage: push_sequence.py STEP URL [URL...]; prints one line per gateway: "<url> ok" or "<url> <status>".
The same registry (same values, same _created timestamps) goes to every gateway, so their
expositions can be compared afterwards.
"""
import sys
import urllib.error
import urllib.request

from prometheus_client import (CollectorRegistry, Counter, Gauge, Histogram, Summary,
                               delete_from_gateway, push_to_gateway, pushadd_to_gateway)

KEY = {"instance": "worker-1", "path": "/var/tmp"}

# Pushed as text by hand: what the client libraries never write but the text format allows.
RAW = """# HELP foo Foo help.
# TYPE foo counter
foo{a="1"} 1
# TYPE bar_total counter
bar_total 2
qux{a="",b="x"} 1
inst{instance="in-body"} 3
"""


def registry_push():
    r = CollectorRegistry()
    c = Counter("jobs_processed", "Jobs processed.", ["queue"], registry=r)
    c.labels("fast").inc(3)
    c.labels("slow").inc()
    Gauge("last_success_unixtime", "Last success.", registry=r).set(1700000000)
    h = Histogram("job_duration_seconds", "Job duration.", buckets=(0.1, 1, 10), registry=r)
    h.observe(0.05)
    h.observe(5)
    s = Summary("job_size_bytes", "Job size.", registry=r)
    s.observe(1024)
    return r


def registry_pushadd():
    r = CollectorRegistry()
    Gauge("last_success_unixtime", "Last success.", registry=r).set(1700000100)
    Gauge("records_written", "Records written.", registry=r).set(42)
    return r


def registry_other():
    r = CollectorRegistry()
    Gauge("queue_depth", "Queue depth.", registry=r).set(7)
    return r


def registry_conflict():
    r = CollectorRegistry()
    # queue_depth is a gauge in job "other": a summary of that name is inconsistent.
    Summary("queue_depth", "Queue depth.", registry=r).observe(1)
    return r


def main():
    step, urls = sys.argv[1], sys.argv[2:]
    registries = {"push": registry_push, "pushadd": registry_pushadd, "other": registry_other,
                  "conflict": registry_conflict}
    registry = registries[step]() if step in registries else None
    for url in urls:
        try:
            if step == "push":
                push_to_gateway(url, job="batch", registry=registry, grouping_key=KEY)
            elif step == "pushadd":
                pushadd_to_gateway(url, job="batch", registry=registry, grouping_key=KEY)
            elif step == "other":
                push_to_gateway(url, job="other", registry=registry)
            elif step == "conflict":
                pushadd_to_gateway(url, job="other2", registry=registry)
            elif step == "delete":
                delete_from_gateway(url, job="other")
            elif step == "raw":
                request = urllib.request.Request(url + "/metrics/job/raw", data=RAW.encode(), method="PUT")
                urllib.request.urlopen(request).read()
            elif step == "delete-batch":
                delete_from_gateway(url, job="batch", grouping_key=KEY)
            else:
                raise SystemExit("unknown step " + step)
            print(url, "ok")
        except urllib.error.HTTPError as e:
            print(url, e.code)


if __name__ == "__main__":
    main()
