// What a probed default parameter costs per call: workloads/defaults.ts (a function whose default `k = x + 1` runs
// code) with the default evaluated and with the argument given, built plain and with the esbuild plugin, in
// `counts` and `precise` modes, each configuration in its own Node process, interleaved in a shuffled order per
// round, medians over rounds. The probed default's cost is (instrumented evaluated − instrumented given) −
// (plain evaluated − plain given): the arrow around the default, its call, ep and pc. Usage:
//   node bench/runtime/default-param-cost.mjs [--rounds 7]
import { spawnSync } from 'node:child_process'
import { availableParallelism, cpus, loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { buildForNode } from '../node-build.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const work = join(here, '../.work/default-param-cost')
const { values } = parseArgs({ options: { rounds: { type: 'string', default: '7' } } })
const rounds = Number(values.rounds)
const entry = join(here, 'workloads/defaults.ts')
const plainDir = await buildForNode([entry], join(work, 'plain'), false)
const instrumentedDir = await buildForNode([entry], join(work, 'instrumented'), {})

const modes = ['plain', 'counts', 'precise']
const calls = ['evaluated', 'given']
const samples = {}
const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1]
const shuffle = (xs) => xs.map((x) => [Math.random(), x]).sort((a, b) => a[0] - b[0]).map(([, x]) => x)
for (let round = 0; round < rounds; round++) {
  for (const [mode, call] of shuffle(modes.flatMap((mode) => calls.map((call) => [mode, call])))) {
    const script = join(mode === 'plain' ? plainDir : instrumentedDir, 'defaults.mjs')
    const env = { ...process.env, PROBEPROF_QUIET: '1', PROBEPROF_OUT: join(work, 'report-%p.json'), ...(mode === 'plain' ? {} : { PROBEPROF_CLOCK: mode }) }
    const result = spawnSync(process.execPath, [script, '1000000', call === 'given' ? 'given' : 'evaluated'], { env, encoding: 'utf8' })
    if (result.status !== 0) {
      process.stderr.write(`default-param-cost: error: ${mode} ${call} failed: ${result.stderr.trim().split('\n').pop()}\n`)
      process.exit(1)
    }
    ;(samples[`${mode} ${call}`] ??= []).push(JSON.parse(result.stdout.trim().split('\n').pop()).nsPerCall)
  }
  process.stderr.write(`round ${round + 1}/${rounds} done\n`)
}
const ns = (mode, call) => median(samples[`${mode} ${call}`])
const plainGap = ns('plain', 'evaluated') - ns('plain', 'given')
console.log(`Node ${process.version}, ${cpus()[0].model}, ${availableParallelism()} cores, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} at the end, ${new Date().toISOString().slice(0, 10)}; median of ${rounds} rounds`)
console.log('')
console.log('| mode | default evaluated ns/call | argument given ns/call | probed default adds |')
console.log('| --- | ---: | ---: | ---: |')
for (const mode of modes) {
  const added = mode === 'plain' ? '' : `${(ns(mode, 'evaluated') - ns(mode, 'given') - plainGap).toFixed(1)} ns`
  console.log(`| ${mode} | ${ns(mode, 'evaluated').toFixed(1)} | ${ns(mode, 'given').toFixed(1)} | ${added} |`)
}
