# fib.ts in Python: recursive fib, for cProfile's per-call cost next to ours. Usage: python3 fib.py [n] [--cprofile]
import sys
from timed import run_timed


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def fib_calls(n):
    a, b = 1, 1
    for _ in range(2, n + 1):
        a, b = b, 1 + a + b
    return b


n = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 25
run_timed(lambda: fib(n), fib_calls(n), "--cprofile" in sys.argv)
