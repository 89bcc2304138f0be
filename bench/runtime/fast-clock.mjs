// The fast clock thread on its own, to choose its write interval and to decide what to do on one core:
// for each tick, the ns per read seen by a busy main thread, how stale a read is (|shared clock − performance.now()|),
// and how much slower the main thread's own work runs while the clock thread spins.
// Usage: node bench/runtime/fast-clock.mjs [ticks in µs, comma-separated]   (prefix `taskset -c 0` for one core)
import { availableParallelism, loadavg } from 'node:os'
import { detectHost } from '../../packages/runtime/dist/host.js'
import { startFastClock } from '../../packages/runtime/dist/threads.js'

const ticks = (process.argv[2] ?? '0,0.25,1,5,20').split(',').map(Number)
const K_READS = 2_000_000
const K_WORK = 30_000_000

function work() {
  let x = 0
  for (let i = 0; i < K_WORK; i++) x = (x * 31 + i) % 1000003
  return x
}

function timeWork() {
  const start = performance.now()
  work()
  return performance.now() - start
}

const host = detectHost()
timeWork()
const baseline = Math.min(timeWork(), timeWork(), timeWork())
const rows = []
for (const tick of ticks) {
  const clock = startFastClock(host, tick / 1000)
  if (clock === null) throw new Error('no clock thread')
  const read = clock.read
  let sink = 0
  const start = performance.now()
  for (let i = 0; i < K_READS; i++) sink += read() // each read between a little work, like a probe between calls
  const nsPerRead = ((performance.now() - start) * 1e6) / K_READS
  let stalest = 0
  let total = 0
  for (let i = 0; i < 100_000; i++) {
    const lag = Math.abs(performance.now() - read())
    total += lag
    if (lag > stalest) stalest = lag
  }
  const slowdown = Math.min(timeWork(), timeWork(), timeWork()) / baseline
  clock.thread.stop()
  rows.push({ tick, nsPerRead, meanLagUs: (total / 100_000) * 1e3, maxLagUs: stalest * 1e3, slowdown, stalledMs: clock.stalledMs(), sink })
  await new Promise((resolve) => setTimeout(resolve, 50))
}
console.log(`Node ${process.version}, ${availableParallelism()} core(s) available, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`)
console.log('| tick µs | ns per read | mean lag µs | max lag µs | main-thread work slowdown | thread stalled ms |')
console.log('| ---: | ---: | ---: | ---: | ---: | ---: |')
for (const r of rows) {
  console.log(`| ${r.tick} | ${r.nsPerRead.toFixed(1)} | ${r.meanLagUs.toFixed(2)} | ${r.maxLagUs.toFixed(0)} | ${r.slowdown.toFixed(2)}× | ${r.stalledMs.toFixed(1)} |`)
}
process.exit(0)
