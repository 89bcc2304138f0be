# The Python side of bench/runtime/workloads/timed.ts: warm-up, then timed repetitions of a workload, optionally
# under cProfile (a fresh profiler enabled around each repetition, as python-profilers.md section 2 measured it);
# prints one JSON line with the median and the minimum ns per call, as the JavaScript workloads do.
import cProfile
import json
import os
import sys
import time

K_WARMUP_RUNS = 5
K_TIMED_RUNS = int(os.environ.get("BENCH_REPS", "15"))


def run_timed(work, calls_per_run, profiled):
    sink = 0
    for _ in range(K_WARMUP_RUNS):
        sink += work()
    ns_per_call = []
    for _ in range(K_TIMED_RUNS):
        profiler = cProfile.Profile() if profiled else None
        start = time.perf_counter_ns()
        if profiler is not None:
            profiler.enable()
        sink += work()
        if profiler is not None:
            profiler.disable()
        ns_per_call.append((time.perf_counter_ns() - start) / calls_per_run)
    ns_per_call.sort()
    sys.stdout.write(json.dumps({"nsPerCall": ns_per_call[len(ns_per_call) // 2], "minNsPerCall": ns_per_call[0], "callsPerRun": calls_per_run, "sink": sink != 0}) + "\n")
