"""Runs one Nexmark query in Apache Flink SQL (PyFlink, local mini-cluster) and prints one JSON line.

Usage: python run_flink.py <spec.json>
The spec (written by bench/flink/flink-run.ts): {"query", "parallelism", "dataDir", "emptyDir",
"events", "statements": [... with {DATA} for the data directory], "insert"}.

Method (bench/README.md): in one JVM, the query runs twice over empty files (same plan, no events;
the first run only warms the JVM up), then over the event files. Each run's time is Flink's net runtime of the job (JobExecutionResult,
from the job's INITIALIZING to its FINISHED timestamp), so JVM start, planning and submission are
not counted; the empty run's net runtime (deployment, operator start and stop) is subtracted.
CPU seconds and peak RSS are those of the JVM (/proc), the CPU of the empty run subtracted.
"""
import json
import os
import sys
import time

from pyflink.table import EnvironmentSettings, TableEnvironment

CLK_TCK = os.sysconf("SC_CLK_TCK")


def java_pid():
    """The pid of the gateway JVM started by PyFlink (a descendant of this process)."""
    parents = {}
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/stat") as f:
                    parents[int(pid)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
    mine = {os.getpid()}
    grew = True
    while grew:
        grew = False
        for pid, ppid in parents.items():
            if ppid in mine and pid not in mine:
                mine.add(pid)
                grew = True
    for pid in sorted(mine - {os.getpid()}):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if f.read().split(b"\0")[0].endswith(b"java"):
                    return pid
        except OSError:
            continue
    return None


def cpu_seconds(pid):
    if pid is None:
        return 0.0
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def peak_rss_bytes(pid):
    if pid is None:
        return 0
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def run(spec, data_dir):
    """One job over data_dir: (net runtime s, wall s, JVM cpu s)."""
    env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
    conf = env.get_config()
    conf.set("parallelism.default", str(spec["parallelism"]))
    # Nexmark's Flink settings (nexmark/nexmark conf): minibatch 2 s / 5000 rows, two-phase
    # aggregation, split distinct.
    conf.set("table.exec.mini-batch.enabled", "true")
    conf.set("table.exec.mini-batch.allow-latency", "2 s")
    conf.set("table.exec.mini-batch.size", "5000")
    conf.set("table.optimizer.agg-phase-strategy", "TWO_PHASE")
    conf.set("table.optimizer.distinct-agg.split.enabled", "true")
    for st in spec["statements"]:
        env.execute_sql(st.replace("{DATA}", data_dir))
    pid = java_pid()
    cpu0 = cpu_seconds(pid)
    t0 = time.monotonic()
    result = env.execute_sql(spec["insert"])
    job = result.get_job_client().get_job_execution_result().result()
    wall = time.monotonic() - t0
    return job.get_net_runtime() / 1000.0, wall, cpu_seconds(pid) - cpu0


def main():
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    run(spec, spec["emptyDir"])  # warm-up: class loading and JIT of the planner and runtime
    empty_net, _, empty_cpu = run(spec, spec["emptyDir"])
    net, wall, cpu = run(spec, spec["dataDir"])
    seconds = max(net - empty_net, 1e-3)
    cpu_used = max(cpu - empty_cpu, 0.0)
    events = spec["events"]
    print(
        json.dumps(
            {
                "query": spec["query"],
                "engine": "flink",
                "events": events,
                "parallelism": spec["parallelism"],
                "seconds": seconds,
                "netRuntimeSeconds": net,
                "emptyJobSeconds": empty_net,
                "wallSeconds": wall,
                "eventsPerSecond": events / seconds,
                "cpuSeconds": cpu_used,
                "cores": cpu_used / seconds,
                "peakRssBytes": peak_rss_bytes(java_pid()),
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
