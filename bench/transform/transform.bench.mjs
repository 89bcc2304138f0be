// Transform speed on a large real file: lodash.js (~550 KB, from npm). Every subject runs on the same input in
// one process, interleaved round by round (so a busy neighbour slows all of them alike), and the median of
// the rounds is reported. Run: npm run build && node bench/transform/transform.bench.mjs [--rounds N]
import { cpus, loadavg } from 'node:os'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { parseArgs } from 'node:util'
import { parse } from '@babel/parser'
import { transformSync as babelTransform } from '@babel/core'
import { transformSync as esbuildTransform } from 'esbuild'
import probeprofBabel, { transformSource } from '@probeprof/babel-plugin'

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '9' } } })
const rounds = Number(values.rounds)
const require = createRequire(import.meta.url)
const file = require.resolve('lodash/lodash.js')
const code = readFileSync(file, 'utf8')
const megabytes = Buffer.byteLength(code) / 1e6

const subjects = [
  ['probeprof transformSource, no map', () => transformSource(code, file, { sourceMaps: false })],
  ['probeprof transformSource, with map', () => transformSource(code, file, { sourceMaps: true })],
  ['@babel/parser parse only', () => parse(code, { sourceType: 'unambiguous' })],
  ['@babel/core + probeprof plugin, with map', () => babelTransform(code, { filename: file, configFile: false, babelrc: false, compact: false, sourceMaps: true, plugins: [probeprofBabel] })],
  ['@babel/core, no plugin, with map', () => babelTransform(code, { filename: file, configFile: false, babelrc: false, compact: false, sourceMaps: true })],
  ['esbuild transform, no map', () => esbuildTransform(code, { loader: 'js' })],
  ['esbuild transform, with map', () => esbuildTransform(code, { loader: 'js', sourcemap: 'external' })],
]

for (const [, run] of subjects) run() // warm-up: JIT and lazy loading out of the measured rounds
const samples = subjects.map(() => [])
for (let round = 0; round < rounds; round++) {
  subjects.forEach(([, run], i) => {
    const start = performance.now()
    run()
    samples[i].push(performance.now() - start)
  })
}

const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1]
const base = median(samples[0])
const load = loadavg()[0]
console.log(`# Transform speed: lodash.js ${(megabytes * 1000).toFixed(0)} KB, ${code.split('\n').length} lines, ${rounds} rounds, median`)
console.log(`# ${cpus()[0].model}, ${cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, load average ${load.toFixed(2)}${load > 0.5 ? ' (machine shared with other work)' : ''}`)
console.log('| subject | ms per file | MB/s | × transformSource (no map) |')
console.log('| --- | ---: | ---: | ---: |')
subjects.forEach(([name], i) => {
  const ms = median(samples[i])
  console.log(`| ${name} | ${ms.toFixed(1)} | ${(megabytes / (ms / 1000)).toFixed(1)} | ${(ms / base).toFixed(2)} |`)
})
const result = transformSource(code, file, { sourceMaps: false })
console.log(`\n${result.functions} functions instrumented; output ${(Buffer.byteLength(result.code) / 1e3).toFixed(0)} KB`)
