// Ground truth for times: every function spins on the clock for a known duration in its own code, and measures
// its own span from its first statement to its last; the program prints what it measured (own time and
// cumulative time per function, in ms) as JSON, to compare with the report. Only the probes themselves fall
// outside the measured spans, so a stall anywhere in a function (a preemption on a loaded machine, a GC) is in the
// truth as well as in the report.

const own: Record<string, number> = {}
const cum: Record<string, number> = {}
const active: Record<string, number> = {}
let childrenMs = 0 // spans of the functions called so far by the function running now

/* probeprof-ignore: the spin is the caller's own code, so it must not be a function of its own in the report */
function spin(ms: number): void {
  const start = performance.now()
  while (performance.now() - start < ms) {
    // busy: the clock decides the duration, not an iteration count, so a loaded machine cannot shorten it
  }
}

interface Span {
  name: string
  start: number
  callerChildrenMs: number
}

/* probeprof-ignore: bookkeeping of the truth, part of the caller's own code */
function begin(name: string): Span {
  const span = { name, start: 0, callerChildrenMs: childrenMs }
  childrenMs = 0
  active[name] = (active[name] ?? 0) + 1
  span.start = performance.now()
  return span
}

/* probeprof-ignore: bookkeeping of the truth, part of the caller's own code */
function end(span: Span): void {
  const ms = performance.now() - span.start
  own[span.name] = (own[span.name] ?? 0) + ms - childrenMs
  if (--active[span.name] === 0) cum[span.name] = (cum[span.name] ?? 0) + ms
  childrenMs = span.callerChildrenMs + ms
}

function inner(): void {
  const span = begin('inner')
  spin(12)
  end(span)
}

function middle(): void {
  const span = begin('middle')
  spin(6)
  inner()
  spin(4)
  end(span)
}

function outer(): void {
  const span = begin('outer')
  spin(3)
  middle()
  middle()
  end(span)
}

function countdown(n: number): void {
  const span = begin('countdown')
  spin(2)
  if (n > 0) countdown(n - 1)
  end(span)
}

async function acrossAwaits(): Promise<void> {
  let span = begin('acrossAwaits')
  spin(8)
  end(span)
  await new Promise((resolve) => setTimeout(resolve, 40))
  span = begin('acrossAwaits')
  spin(8)
  end(span)
}

async function main(): Promise<void> {
  outer()
  countdown(9)
  childrenMs = 0
  // the process's first timer initialises Node's timer machinery (1–2 ms on a slow VM), real time of the function
  // that calls it but outside its measured spans: done here, acrossAwaits's only unmeasured work is its probes
  await new Promise((resolve) => setTimeout(resolve, 1))
  await acrossAwaits()
  console.log(JSON.stringify({ own, cum }))
}

void main()
