// Writes a large report again and again until killed: a crash mid-write must never leave a truncated file.
import { profiler } from '@probeprof/runtime'

const fns: ((depth: number, seed: number) => void)[] = []
function f0(depth: number, seed: number): void { if (depth > 0) fns[(seed * 7 + 1) % 6](depth - 1, seed * 31 + 7) ; if (depth > 0) fns[(seed * 13 + 3) % 6](depth - 1, seed * 17 + 3) }
function f1(depth: number, seed: number): void { if (depth > 0) fns[(seed * 5 + 2) % 6](depth - 1, seed * 29 + 1) ; if (depth > 0) fns[(seed * 11 + 5) % 6](depth - 1, seed * 19 + 5) }
function f2(depth: number, seed: number): void { if (depth > 0) fns[(seed * 3 + 4) % 6](depth - 1, seed * 23 + 9) ; if (depth > 0) fns[(seed * 7 + 2) % 6](depth - 1, seed * 13 + 1) }
function f3(depth: number, seed: number): void { if (depth > 0) fns[(seed * 11 + 1) % 6](depth - 1, seed * 37 + 3) ; if (depth > 0) fns[(seed * 5 + 3) % 6](depth - 1, seed * 11 + 7) }
function f4(depth: number, seed: number): void { if (depth > 0) fns[(seed * 13 + 5) % 6](depth - 1, seed * 41 + 5) ; if (depth > 0) fns[(seed * 3 + 1) % 6](depth - 1, seed * 7 + 9) }
function f5(depth: number, seed: number): void { if (depth > 0) fns[(seed * 17 + 3) % 6](depth - 1, seed * 43 + 1) ; if (depth > 0) fns[(seed * 19 + 1) % 6](depth - 1, seed * 3 + 3) }
fns.push(f0, f1, f2, f3, f4, f5)
for (let seed = 0; seed < 40; seed++) f0(13, seed) // tens of thousands of distinct paths: a report of over 1 MB in every clock mode

const target = process.argv[2]
profiler.write(target)
console.log(`ready ${profiler.snapshot().tree.fn.length}`)
for (;;) profiler.write(target)
