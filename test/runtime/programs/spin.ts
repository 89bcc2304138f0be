// Ground truth for times: every function spins on the clock for a known duration in its own code, and the
// program measures each spin itself; it prints what it measured as JSON, to compare with the report.

const truthMs: Record<string, number> = {}

/* probeprof-ignore: the spin is the function's own code, so it must not be a function of its own in the report */
function spinFor(owner: string, ms: number): void {
  const start = performance.now()
  while (performance.now() - start < ms) {
    // busy: the clock decides the duration, not an iteration count, so a loaded machine cannot shorten it
  }
  truthMs[owner] = (truthMs[owner] ?? 0) + (performance.now() - start)
}

function inner(): void {
  spinFor('inner', 12)
}

function middle(): void {
  spinFor('middle', 6)
  inner()
  spinFor('middle', 4)
}

function outer(): void {
  spinFor('outer', 3)
  middle()
  middle()
}

function countdown(n: number): void {
  spinFor('countdown', 2)
  if (n > 0) countdown(n - 1)
}

async function acrossAwaits(): Promise<void> {
  spinFor('acrossAwaits', 8)
  await new Promise((resolve) => setTimeout(resolve, 40))
  spinFor('acrossAwaits', 8)
}

async function main(): Promise<void> {
  outer()
  countdown(9)
  await acrossAwaits()
  console.log(JSON.stringify(truthMs))
}

void main()
