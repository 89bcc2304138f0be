"""Prints what python3's own pstats prints for the statistics it reads on stdin: the layout oracle.

Input (JSON): {"functions": [{"file", "line", "name", "cc", "nc", "tt", "ct",
                               "callers": [{"file", "line", "name", "nc", "cc", "tt", "ct"}]}],
               "ops": [op, ...]}
An op is either {"sort": [keys], "strip": bool?, "reverse": bool?, "print": "stats" | "callers" | "callees",
"restrictions": [...]}, run on a fresh Stats (strip_dirs, then sort_stats, then reverse_order, then print_*),
or {"browse": [command lines], "file": name}: the statistics are dumped to <name> in a temporary directory and
`python -m pstats <name>` is run there with those lines on stdin; its transcript is the output.
Each op's output is followed by a line "=== end ===".
"""
import io
import json
import os
import pstats
import subprocess
import sys
import tempfile


class Loaded:
    """What pstats.Stats accepts in place of a profiler: an object with create_stats() and .stats."""

    def __init__(self, stats):
        self.stats = stats

    def create_stats(self):
        pass


def run_op(stats, op):
    if "browse" in op:
        with tempfile.TemporaryDirectory() as tmp:
            pstats.Stats(Loaded(dict(stats))).dump_stats(os.path.join(tmp, op["file"]))
            lines = "".join(line + "\n" for line in op["browse"])
            done = subprocess.run([sys.executable, "-m", "pstats", op["file"]], cwd=tmp, input=lines,
                                  capture_output=True, text=True, check=True)
            return done.stdout
    out = io.StringIO()
    st = pstats.Stats(Loaded(dict(stats)), stream=out)
    if op.get("strip"):
        st.strip_dirs()
    if op["sort"]:
        st.sort_stats(*op["sort"])
    if op.get("reverse"):
        st.reverse_order()
    getattr(st, "print_" + op["print"])(*op["restrictions"])
    return out.getvalue()


def main():
    data = json.load(sys.stdin)
    stats = {}
    for fn in data["functions"]:
        callers = {(c["file"], c["line"], c["name"]): (c["nc"], c["cc"], c["tt"], c["ct"]) for c in fn["callers"]}
        stats[(fn["file"], fn["line"], fn["name"])] = (fn["cc"], fn["nc"], fn["tt"], fn["ct"], callers)
    for op in data["ops"]:
        sys.stdout.write(run_op(stats, op))
        sys.stdout.write("=== end ===\n")


main()
