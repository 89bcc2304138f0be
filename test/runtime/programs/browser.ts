// A page's app: recursion and a class, run on load; the test reads the report through globalThis.__probeprof.

function fib(n: number): number {
  return n < 2 ? n : fib(n - 1) + fib(n - 2)
}

class Counter {
  count = 0
  bump(): void {
    this.count++
  }
}

function run(): void {
  const counter = new Counter()
  for (let i = 0; i < 25; i++) counter.bump()
  document.title = `fib ${fib(10)} count ${counter.count}`
}

run()

/** Called by the test later, once the page's helper threads (if any) run: spins on the clock for `ms`. */
function spinFor(ms: number): number {
  const start = performance.now()
  let spins = 0
  while (performance.now() - start < ms) spins++
  return spins
}

;(globalThis as { spinFor?: typeof spinFor }).spinFor = spinFor
