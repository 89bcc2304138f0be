// How close each clock mode's times come to the ground truth, with and without overhead compensation
// (`compensateReport`, what `probeprof report --compensate` applies). Two programs:
// - test/runtime/programs/spin.ts (the ground-truth test's): nested, recursive and across-await functions spinning
//   for known durations and measuring their own spans;
// - bench/runtime/programs/slow-parent.ts: many tiny calls under a slow parent, where the probes' own cost is
//   largest; its truth combines this run's measured spin with the plain build's measured loop of tiny calls.
// Each mode runs both programs several times; the error of every tottime and cumtime against the truth.
//
//   node bench/runtime/accuracy.mjs [--runs 5] [--modes precise,fast,sampled@100,sampled@1000]
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { compensateReport } from '@probeprof/runtime/report'
import { buildForNode } from '../node-build.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '../..')
const work = join(root, 'bench/.work/accuracy')
const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, modes: { type: 'string', default: 'precise,fast,sampled@100,sampled@1000' } } })
const runs = Number(values.runs)
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write(`accuracy: error: --runs must be a positive integer, got '${values.runs}'\n`)
  process.exit(2)
}
const programs = { spin: join(root, 'test/runtime/programs/spin.ts'), 'slow-parent': join(here, 'programs/slow-parent.ts') }
mkdirSync(work, { recursive: true })
await buildForNode(programs, join(work, 'plain'), false)
await buildForNode(programs, join(work, 'instrumented'), {})

function run(script, env = {}) {
  const result = spawnSync(process.execPath, [script], { env: { ...process.env, PROBEPROF: '', PROBEPROF_QUIET: '1', ...env }, encoding: 'utf8' })
  if (result.status !== 0) {
    process.stderr.write(`accuracy: error: ${script} failed: ${result.error?.message ?? result.stderr.trim().split('\n').slice(-3).join(' | ')}\n`)
    process.exit(1)
  }
  return JSON.parse(result.stdout)
}

const sum = (xs) => xs.reduce((a, b) => a + b, 0)
const sorted = (xs) => xs.slice().sort((a, b) => a - b)
const median = (xs) => sorted(xs)[xs.length >> 1]
const p90 = (xs) => sorted(xs)[Math.floor(xs.length * 0.9)]

// The tiny calls' uninstrumented cost: the plain build's loop, median over as many processes as the modes run.
const plainLoopMs = median(Array.from({ length: runs }, () => sum(run(join(work, 'plain/slow-parent.mjs')).loopMs)))

/** Fixture group → [function name, 'tottime' | 'cumtime', truth ms] for one run. */
function spinTruth(truth) {
  const pairs = (names) => names.flatMap((name) => [[name, 'tottime', truth.own[name]], [name, 'cumtime', truth.cum[name]]])
  return { nested: pairs(['inner', 'middle', 'outer']), recursive: pairs(['countdown']), 'async across awaits': pairs(['acrossAwaits']) }
}
function slowParentTruth(measured) {
  const spin = sum(measured.spinMs)
  return {
    'tiny calls under a slow parent': [
      ['slowParent', 'tottime', spin],
      ['slowParent', 'cumtime', spin + plainLoopMs],
      ['tiny', 'tottime', plainLoopMs],
      ['tiny', 'cumtime', plainLoopMs],
    ],
  }
}
const GROUPS = ['nested', 'recursive', 'async across awaits', 'tiny calls under a slow parent']

const rows = []
for (const mode of values.modes.split(',')) {
  const [clock, tuning] = mode.split('@')
  const variants = { raw: (report) => report, compensated: compensateReport }
  const errors = { raw: {}, compensated: {} } // variant → group → relative errors (%)
  const errorsMs = { raw: [], compensated: [] }
  let stallMs = 0
  let compensable = true
  for (let i = 0; i < runs; i++) {
    for (const [program, truthOf] of [['spin', spinTruth], ['slow-parent', slowParentTruth]]) {
      const out = join(work, `${mode}-${program}-${i}.json`)
      const env = { PROBEPROF_CLOCK: clock, PROBEPROF_OUT: out }
      if (tuning !== undefined) env[clock === 'fast' ? 'PROBEPROF_CLOCK_TICK_US' : 'PROBEPROF_SAMPLE_US'] = tuning
      const truth = truthOf(run(join(work, `instrumented/${program}.mjs`), env))
      const report = JSON.parse(readFileSync(out, 'utf8'))
      stallMs += (report.meta.threadStall ?? 0) * 1e3
      compensable = report.meta.overhead !== null
      for (const [variant, apply] of Object.entries(variants)) {
        const adjusted = apply(report)
        for (const [group, checks] of Object.entries(truth)) {
          for (const [name, stat, wantMs] of checks) {
            const gotMs = adjusted.functions.find((fn) => fn.name === name)[stat] * 1e3
            ;(errors[variant][group] ??= []).push((100 * Math.abs(gotMs - wantMs)) / wantMs)
            errorsMs[variant].push(Math.abs(gotMs - wantMs))
          }
        }
      }
    }
  }
  for (const variant of compensable ? ['raw', 'compensated'] : ['raw']) {
    const all = GROUPS.flatMap((group) => errors[variant][group])
    rows.push(
      `| ${mode} | ${variant === 'raw' ? 'no' : 'yes'} | ${GROUPS.map((group) => `${median(errors[variant][group]).toFixed(1)} % (${Math.max(...errors[variant][group]).toFixed(1)})`).join(' | ')} | ` +
        `${median(all).toFixed(2)} % | ${median(errorsMs[variant]).toFixed(3)} | ${p90(errorsMs[variant]).toFixed(3)} | ${Math.max(...errorsMs[variant]).toFixed(3)} | ${(stallMs / (2 * runs)).toFixed(1)} |`,
    )
  }
}
console.log(`Node ${process.version}, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} at the end, ${new Date().toISOString().slice(0, 10)}; ${runs} runs of each program per mode; plain loop of tiny calls (truth): ${plainLoopMs.toFixed(2)} ms per run of 1,000,000 calls`)
console.log('')
console.log(`| mode | compensated | ${GROUPS.map((group) => `${group}: median error (max)`).join(' | ')} | all: median error | median error ms | p90 error ms | max error ms | thread stall ms per run |`)
console.log(`| --- | --- | ${GROUPS.map(() => '---:').join(' | ')} | ---: | ---: | ---: | ---: | ---: |`)
for (const row of rows) console.log(row)
