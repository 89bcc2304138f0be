// How close each clock mode's times come to the ground truth: the spin program of the ground-truth test
// (test/runtime/programs/spin.ts: functions that spin on the clock for known durations and measure their own
// spans) run several times per mode; the error of every tottime and cumtime against the program's measurement.
// Usage: node bench/runtime/accuracy.mjs [--runs 5] [--modes precise,fast,sampled@100,sampled@1000]
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import probeprof from '@probeprof/esbuild'
import * as esbuild from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '../..')
const work = join(root, 'bench/.work/accuracy')
const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, modes: { type: 'string', default: 'precise,fast,sampled@100,sampled@1000' } } })
mkdirSync(work, { recursive: true })
await esbuild.build({
  entryPoints: [join(root, 'test/runtime/programs/spin.ts')],
  outdir: work,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  logLevel: 'warning',
  absWorkingDir: root,
  plugins: [probeprof({ enabled: true })],
})

const names = ['inner', 'middle', 'outer', 'countdown', 'acrossAwaits']
const rows = []
for (const mode of values.modes.split(',')) {
  const [clock, tuning] = mode.split('@')
  const errorsMs = []
  const errorsPct = []
  let stallMs = 0
  for (let run = 0; run < Number(values.runs); run++) {
    const out = join(work, `${mode}-${run}.json`)
    const env = { ...process.env, PROBEPROF_CLOCK: clock, PROBEPROF_OUT: out, PROBEPROF_QUIET: '1' }
    if (tuning !== undefined) env[clock === 'fast' ? 'PROBEPROF_CLOCK_TICK_US' : 'PROBEPROF_SAMPLE_US'] = tuning
    const result = spawnSync(process.execPath, [join(work, 'spin.mjs')], { env, encoding: 'utf8' })
    const truth = JSON.parse(result.stdout)
    const report = JSON.parse(readFileSync(out, 'utf8'))
    stallMs += (report.meta.threadStall ?? 0) * 1e3
    for (const name of names) {
      const fn = report.functions.find((f) => f.name === name)
      for (const [actualS, wantMs] of [[fn.tottime, truth.own[name]], [fn.cumtime, truth.cum[name]]]) {
        errorsMs.push(Math.abs(actualS * 1e3 - wantMs))
        errorsPct.push((100 * Math.abs(actualS * 1e3 - wantMs)) / wantMs)
      }
    }
  }
  const sorted = (xs) => xs.slice().sort((a, b) => a - b)
  const med = (xs) => sorted(xs)[xs.length >> 1]
  const p90 = (xs) => sorted(xs)[Math.floor(xs.length * 0.9)]
  rows.push(`| ${mode} | ${med(errorsMs).toFixed(3)} | ${med(errorsPct).toFixed(2)} % | ${p90(errorsMs).toFixed(3)} | ${Math.max(...errorsMs).toFixed(3)} | ${(stallMs / Number(values.runs)).toFixed(1)} |`)
}
console.log(`Node ${process.version}, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}; ${values.runs} runs per mode, 10 times per run (tottime and cumtime of 5 functions)`)
console.log('| mode | median error ms | median error | p90 error ms | max error ms | thread stall ms per run |')
console.log('| --- | ---: | ---: | ---: | ---: | ---: |')
for (const row of rows) console.log(row)
