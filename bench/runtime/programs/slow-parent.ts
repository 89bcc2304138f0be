// Ground truth for many tiny calls under a slow parent, where the probes' own cost matters most: `slowParent`
// spins for a known time in its own code, then calls `tiny` (a few dozen ns of arithmetic) K_CALLS times. The
// program measures both phases itself and prints them as JSON. The truth comes from two builds: the spin as this
// run measured it (it lasts as long as the clock says, probes or not), and the loop of tiny calls as the plain
// build measured it (the work of the uninstrumented program). bench/runtime/accuracy.mjs combines them:
//   slowParent tottime = spin;  tiny tottime = tiny cumtime = plain loop;  slowParent cumtime = spin + plain loop.

const K_CALLS = 200_000
const K_PARENT_SPIN_MS = 20
const K_RUNS = 5

/* probeprof-ignore: the spin is the caller's own code, so it must not be a function of its own in the report */
function spin(ms: number): void {
  const start = performance.now()
  while (performance.now() - start < ms) {
    // busy: the clock decides the duration, so a loaded machine cannot shorten it
  }
}

function tiny(x: number): number {
  let y = x
  for (let i = 0; i < 8; i++) y = (y * 31 + i) % 1000003
  return y
}

const spinMs: number[] = []
const loopMs: number[] = []

function slowParent(): number {
  const start = performance.now()
  spin(K_PARENT_SPIN_MS)
  const spun = performance.now()
  let x = 1
  for (let i = 0; i < K_CALLS; i++) x = tiny(x)
  spinMs.push(spun - start)
  loopMs.push(performance.now() - spun)
  return x
}

let sink = 0
for (let run = 0; run < K_RUNS; run++) sink += slowParent()
console.log(JSON.stringify({ spinMs, loopMs, calls: K_CALLS * K_RUNS, sink: sink > 0 }))
