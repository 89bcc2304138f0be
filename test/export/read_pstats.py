"""Loads a pstats file with python3's own pstats and prints what it read, as JSON, then print_stats' text.

Usage: python3 read_pstats.py FILE
Output: one JSON line {"total_calls", "prim_calls", "total_tt", "stats": [[file, line, name, cc, nc, tt, ct,
[[caller file, line, name, nc, cc, tt, ct], ...]], ...]}, then the text of print_stats() and print_callers().
"""
import io
import json
import pstats
import sys

out = io.StringIO()
stats = pstats.Stats(sys.argv[1], stream=out)
rows = []
for (file, line, name), (cc, nc, tt, ct, callers) in stats.stats.items():
    rows.append([file, line, name, cc, nc, tt, ct, [[*key, *value] for key, value in callers.items()]])
print(json.dumps({"total_calls": stats.total_calls, "prim_calls": stats.prim_calls, "total_tt": stats.total_tt, "stats": rows}))
stats.sort_stats("tottime").print_stats()
stats.print_callers()
sys.stdout.write(out.getvalue())
