// How long `probeprof report`, `--callers` and `diff` take on a large report: 20,000 functions, 100,000
// calling contexts (~100,000 edges, ~19 MB). Each command runs 5 times in a fresh process; the median wall
// time is printed side by side. Run: node packages/probeprof/bench/report-speed.mjs (after npm run build).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { deriveStats, REPORT_SCHEMA_URL, REPORT_VERSION } from '@probeprof/runtime/report'

const K_FUNCTIONS = 20_000
const K_NODES = 100_000
const K_RUNS = 5
const bin = fileURLToPath(new URL('../bin/probeprof.js', import.meta.url))

/** A deterministic random calling-context tree and the report derived from it. */
function bigReport() {
  let seed = 1
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
  const tree = { fn: [-1], parent: [-1], calls: [0], self: [0] }
  for (let node = 1; node < K_NODES; node++) {
    tree.fn.push(Math.floor(random() * K_FUNCTIONS))
    tree.parent.push(Math.floor(random() * node))
    tree.calls.push(1 + Math.floor(random() * 50))
    tree.self.push(random() * 1e-3)
  }
  const derived = deriveStats(tree, K_FUNCTIONS)
  const functions = Array.from({ length: K_FUNCTIONS }, (_, i) => ({
    file: `src/module${i % 500}/file${i % 37}.ts`,
    line: (i % 900) + 1,
    column: 2,
    name: `fn${i}`,
    calls: derived.functions.calls[i],
    primitiveCalls: derived.functions.primitiveCalls[i],
    tottime: derived.functions.tottime[i],
    cumtime: derived.functions.cumtime[i],
  }))
  const totalTime = functions.reduce((sum, fn) => sum + fn.tottime, 0)
  return {
    $schema: REPORT_SCHEMA_URL,
    version: REPORT_VERSION,
    exporter: 'report-speed bench',
    meta: { clock: 'precise', startedAt: new Date(0).toISOString(), wallTime: totalTime, totalTime, totalCalls: 0, primitiveCalls: 0, overhead: { calleeNsPerCall: 50, callerNsPerCall: 40 }, truncatedCalls: 0, openFrames: 0, host: { runtime: 'node', version: process.version } },
    functions,
    edges: derived.edges,
    tree,
  }
}

const dir = mkdtempSync(join(tmpdir(), 'probeprof-bench-'))
try {
  const path = join(dir, 'big.json')
  const text = JSON.stringify(bigReport())
  writeFileSync(path, text)
  const commands = {
    'report --limit 20': ['report', path, '--limit', '20'],
    'report (all rows)': ['report', path],
    'report --callers': ['report', path, '--callers'],
    'report --compensate': ['report', path, '--compensate', '--limit', '20'],
    'diff --limit 20': ['diff', path, path, '--limit', '20'],
  }
  console.log(`node ${process.version}, ${cpus()[0].model}, ${cpus().length} cores, load average ${loadavg()[0].toFixed(2)} (shared machine if above 0.5)`)
  console.log(`report: ${(text.length / 1e6).toFixed(1)} MB, ${K_FUNCTIONS} functions, ${K_NODES} contexts; median of ${K_RUNS} fresh processes`)
  for (const [name, args] of Object.entries(commands)) {
    const times = []
    for (let run = 0; run < K_RUNS; run++) {
      const start = process.hrtime.bigint()
      const result = spawnSync(process.execPath, [bin, ...args], { stdio: ['ignore', 'ignore', 'inherit'] })
      if (result.status !== 0) throw new Error(`${name} failed`)
      times.push(Number(process.hrtime.bigint() - start) / 1e6)
    }
    times.sort((a, b) => a - b)
    console.log(`${name.padEnd(22)} ${times[K_RUNS >> 1].toFixed(0).padStart(6)} ms  (min ${times[0].toFixed(0)}, max ${times[K_RUNS - 1].toFixed(0)})`)
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
