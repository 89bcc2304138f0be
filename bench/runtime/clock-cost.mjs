// Raw cost of one read of each clock the runtime could use, and of a plain call, in this process.
// Prints one JSON line: { "<clock>": ns per read }. Run by probe-cost.mjs next to the probe measurements.

const K_READS = 5_000_000
const K_ROUNDS = 7

function nsPerRead(read) {
  const times = []
  let sink = 0
  for (let round = 0; round < K_ROUNDS; round++) {
    const start = process.hrtime.bigint()
    for (let i = 0; i < K_READS; i++) sink += read()
    times.push(Number(process.hrtime.bigint() - start) / K_READS)
  }
  if (sink === 42) process.stdout.write('') // keeps the reads alive
  times.sort((a, b) => a - b)
  return times[times.length >> 1]
}

function plainCallee(i) {
  return i & 1
}
let counter = 0
const shared = new Float64Array(new SharedArrayBuffer(16))
shared[0] = 1
const result = {
  'performance.now()': nsPerRead(performance.now.bind(performance)),
  'process.hrtime()': nsPerRead(() => {
    const time = process.hrtime()
    return time[0] * 1e3 + time[1] * 1e-6
  }),
  'process.hrtime.bigint()': nsPerRead(() => Number(process.hrtime.bigint())),
  'Date.now()': nsPerRead(Date.now),
  'SharedArrayBuffer read': nsPerRead(() => shared[0]),
  'plain call': nsPerRead(() => plainCallee(counter++)),
}
process.stdout.write(`${JSON.stringify(result)}\n`)
