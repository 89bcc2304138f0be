// Many calls of a tiny function: the probes' own cost dominates the reported times. Prints how long `caller`
// took (ms per call, the median of its runs), measured around it, so the plain build gives the uninstrumented truth.

function tiny(x: number): number {
  return (x * 31 + 7) % 1000003
}

function caller(n: number): number {
  let x = 1
  for (let i = 0; i < n; i++) x = tiny(x)
  return x
}

const times: number[] = []
let sink = 0
for (let run = 0; run < 7; run++) {
  const start = performance.now()
  sink += caller(200_000)
  times.push(performance.now() - start)
}
times.sort((a, b) => a - b)
console.log(JSON.stringify({ callerMs: times[times.length >> 1], runs: times.length, sink: sink > 0 }))
