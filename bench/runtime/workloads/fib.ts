// Call-heavy workload 1: recursive fib, the classic worst case for per-call overhead (cProfile: ~157 ns/call).
import { runTimed } from './timed.js'

export function fib(n: number): number {
  return n < 2 ? n : fib(n - 1) + fib(n - 2)
}

/** Calls of fib(n), counted independently of any profiler: c(n) = 1 + c(n-1) + c(n-2), c(0) = c(1) = 1. */
function fibCalls(n: number): number {
  let a = 1
  let b = 1
  for (let i = 2; i <= n; i++) [a, b] = [b, 1 + a + b]
  return b
}

const n = Number(process.argv[2] ?? 25)
runTimed(() => fib(n), fibCalls(n))
