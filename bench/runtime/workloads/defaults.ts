// Default-parameter workload: a small function whose default runs code (so its probes run it in the callee's
// frame: an arrow, ep and pc), called with the default evaluated or with the argument given (no default runs).
import { runTimed } from './timed.js'

function scaled(x: number, k = x + 1): number {
  return x * k
}

const n = Number(process.argv[2] ?? 1_000_000)
const given = process.argv[3] === 'given'

function evaluated(): number {
  let sum = 0
  for (let i = 0; i < n; i++) sum += scaled(i)
  return sum
}

function passed(): number {
  let sum = 0
  for (let i = 0; i < n; i++) sum += scaled(i, i + 1)
  return sum
}

runTimed(given ? passed : evaluated, n)
