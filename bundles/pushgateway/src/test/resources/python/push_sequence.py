"""One step of a push sequence with the official Python client, sent to every gateway given.

usage: push_sequence.py STEP URL [URL...]; prints one line per gateway: the URL, a tab, and a JSON
list with, for each request of the step, "ok" (the client does not say more about a success) or
[status, body] of the error the gateway answered.
The same registry (same values, same _created timestamps) goes to every gateway, so their
expositions can be compared afterwards.
"""
import json
import sys
import urllib.error
import urllib.request

from prometheus_client import (CollectorRegistry, Counter, Gauge, Histogram, Summary,
                               delete_from_gateway, push_to_gateway, pushadd_to_gateway)

KEY = {"instance": "worker-1", "path": "/var/tmp"}
# An empty grouping value: the client sends it as "empty@base64/=", a group of its own.
EMPTY_KEY = {"instance": "worker-2", "empty": ""}

# Pushed as text by hand: what the client libraries never write but the text format allows.
RAW = """# HELP foo Foo help.
# TYPE foo counter
foo{a="1"} 1
# TYPE bar_total counter
bar_total 2
qux{a="",b="x"} 1
inst{instance="in-body"} 3
# TYPE lat histogram
lat_bucket{le="0.5"} 1
lat_bucket{le="1.0"} 2
lat_sum 1.25
# TYPE sz summary
sz{quantile="0.50",x="b"} 3
sz_count{x="b"} 2.5
sz{quantile="0.9",x="a"} 4
g{z="b",a="2"} 1
g{a="10"} 3
g{a="\u00e9"} 5
g{a="Z"} 6
g{a="z",b="\\"q\\"\\\\\\n"} 7
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
    Gauge("shared", "Shared by group one.", registry=r).set(1)
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


def registry_empty():
    # Families the group of KEY has too, one of them with another help text.
    r = CollectorRegistry()
    c = Counter("jobs_processed", "Jobs processed.", ["queue"], registry=r)
    c.labels("fast").inc(5)
    Gauge("last_success_unixtime", "Last success.", registry=r).set(1700000200)
    Gauge("shared", "Shared by group two.", registry=r).set(2)
    return r


def registry_pushadd_empty():
    r = CollectorRegistry()
    Gauge("records_written", "Records written.", registry=r).set(43)
    return r


def put(url, path, body):
    request = urllib.request.Request(url + path, data=body.encode(), method="PUT")
    urllib.request.urlopen(request).read()


def steps(step, url, registry):
    """The requests of a step, as functions of nothing."""
    if step == "push":
        return [lambda: push_to_gateway(url, job="batch", registry=registry, grouping_key=KEY)]
    if step == "pushadd":
        return [lambda: pushadd_to_gateway(url, job="batch", registry=registry, grouping_key=KEY)]
    if step == "other":
        return [lambda: push_to_gateway(url, job="other", registry=registry)]
    if step == "conflict":
        return [lambda: pushadd_to_gateway(url, job="other2", registry=registry)]
    if step == "raw":
        return [lambda: put(url, "/metrics/job/raw", RAW)]
    if step == "empty":
        return [lambda: push_to_gateway(url, job="batch", registry=registry, grouping_key=EMPTY_KEY)]
    if step == "pushadd-empty":
        return [lambda: pushadd_to_gateway(url, job="batch", registry=registry, grouping_key=EMPTY_KEY)]
    if step == "empty-job":
        return [lambda: push_to_gateway(url, job="", registry=registry_other())]
    if step == "dup-empty":
        # d{e=""} of group {job="dup"} and d of group {job="dup",e=""} are the same series.
        return [lambda: put(url, "/metrics/job/dup", 'd{e=""} 1\n'),
                lambda: put(url, "/metrics/job/dup/e@base64/=", "d 1\n")]
    if step == "delete":
        return [lambda: delete_from_gateway(url, job="other")]
    if step == "delete-empty":
        return [lambda: delete_from_gateway(url, job="batch", grouping_key=EMPTY_KEY)]
    if step == "delete-batch":
        return [lambda: delete_from_gateway(url, job="batch", grouping_key=KEY)]
    raise SystemExit("unknown step " + step)


def main():
    step, urls = sys.argv[1], sys.argv[2:]
    registries = {"push": registry_push, "pushadd": registry_pushadd, "other": registry_other,
                  "conflict": registry_conflict, "empty": registry_empty,
                  "pushadd-empty": registry_pushadd_empty}
    registry = registries[step]() if step in registries else None
    for url in urls:
        outcomes = []
        for request in steps(step, url, registry):
            try:
                request()
                outcomes.append("ok")
            except urllib.error.HTTPError as e:
                outcomes.append([e.code, e.read().decode("utf-8")])
        print(url + "\t" + json.dumps(outcomes))


if __name__ == "__main__":
    main()
