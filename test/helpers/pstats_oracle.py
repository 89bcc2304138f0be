"""Prints what python3's own pstats prints for the statistics it reads on stdin: the layout oracle.

Input (JSON): {"functions": [{"file", "line", "name", "cc", "nc", "tt", "ct",
                               "callers": [{"file", "line", "name", "nc", "cc", "tt", "ct"}]}],
               "ops": [{"sort": [keys], "print": "stats" | "callers" | "callees", "restrictions": [...]}]}
Each op's output is followed by a line "=== end ===".
"""
import io
import json
import pstats
import sys


class Loaded:
    """What pstats.Stats accepts in place of a profiler: an object with create_stats() and .stats."""

    def __init__(self, stats):
        self.stats = stats

    def create_stats(self):
        pass


def main():
    data = json.load(sys.stdin)
    stats = {}
    for fn in data["functions"]:
        callers = {(c["file"], c["line"], c["name"]): (c["nc"], c["cc"], c["tt"], c["ct"]) for c in fn["callers"]}
        stats[(fn["file"], fn["line"], fn["name"])] = (fn["cc"], fn["nc"], fn["tt"], fn["ct"], callers)
    for op in data["ops"]:
        out = io.StringIO()
        st = pstats.Stats(Loaded(dict(stats)), stream=out)
        if op["sort"]:
            st.sort_stats(*op["sort"])
        getattr(st, "print_" + op["print"])(*op["restrictions"])
        sys.stdout.write(out.getvalue())
        sys.stdout.write("=== end ===\n")


main()
