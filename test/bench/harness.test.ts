// The benchmark harness (`npm run bench`) in its CI form: the quick subset's smallest pieces run for real (esbuild
// builds, Node processes in every probe mode, python3 under cProfile, the ground-truth programs) and produce every
// row; a benchmark that cannot run is reported and fails the run while the others still run; bad input gets one
// line and exit 2. No timing is asserted: the numbers of a quick run mean nothing.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot, tempDir } from '../helpers/app.js'

const K_TIMEOUT_MS = 420_000

function runScript(script: string, args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [join(repoRoot, script), ...args], {
    cwd: repoRoot,
    env: { ...process.env, PROBEPROF: '', ...env },
    encoding: 'utf8',
    timeout: K_TIMEOUT_MS,
    maxBuffer: 1 << 26,
  })
}

/** The cells of the table row whose first cell is `first` (and second `second`, when given). */
function row(text: string, first: string, second?: string): string[] {
  const cells = text
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()))
    .filter((cells) => cells[0] === first && (second === undefined || cells[1] === second))
  expect(cells, `one row '${first}${second === undefined ? '' : ` | ${second}`}' in:\n${text}`).toHaveLength(1)
  return cells[0]
}

const isNumber = (cell: string) => /^-?\d+(\.\d+)?/.test(cell)

/** The text of the results file's section whose title starts with `title`. */
function section(results: string, title: string): string {
  const found = results.split(/^## /m).find((text) => text.startsWith(title))
  expect(found, `a section '${title}' in:\n${results}`).toBeDefined()
  return found!
}

describe('npm run bench -- --quick', () => {
  it(
    'runs every benchmark that has a quick form and writes every row of the results file',
    () => {
      const out = join(tempDir('bench-'), 'results.md')
      const run = runScript('bench/run.mjs', ['--quick', '--out', out])
      expect(run.status, run.stderr).toBe(0)
      const results = readFileSync(out, 'utf8')
      expect(results).toContain('--quick') // the file says its numbers are a quick run's
      expect(results).toMatch(/8 of 8 benchmarks ran/)

      const probeCost = section(results, 'Probe cost')
      for (const mode of ['plain', 'counts', 'precise', 'sampled', 'python3 plain', 'python3 cProfile']) {
        const cells = row(probeCost, mode)
        expect(isNumber(cells[1]) && isNumber(cells[4]), `${mode}: ${cells.join(' | ')}`).toBe(true)
      }
      for (const clock of ['performance.now()', 'process.hrtime.bigint()', 'SharedArrayBuffer read', 'plain call']) expect(isNumber(row(probeCost, clock)[1])).toBe(true)

      // the real npm libraries, plain, in every mode and under V8's sampler, with identical outputs (the runner
      // checks them); exact calls from the counts-only report; the sampler's functions joined to ours
      const workloads = section(results, 'Real workloads')
      for (const name of ['marked', 'babel-parser', 'postcss', 'parse5', 'typescript', 'lodash', 'acorn', 'mustache']) {
        const slowdown = row(workloads.split('Calls (exact')[0], name)
        expect(slowdown.slice(1).every(isNumber), slowdown.join(' | ')).toBe(true)
        const calls = Number(row(workloads.split('Calls (exact')[1].split('Reports,')[0], name)[1].replace(/,/g, ''))
        expect(calls).toBeGreaterThan(1000) // a library doing real work makes thousands of calls
        const agreement = row(workloads.split('Top 10 functions')[1], name)
        expect(Number(agreement.at(-1)!.replace(' %', ''))).toBeGreaterThan(50) // most JS samples name a function of ours
      }

      // precise is calibrated, so it is shown both ways; sampled has no calibration to subtract
      const accuracy = section(results, 'Accuracy')
      for (const [mode, compensated] of [['precise', 'no'], ['precise', 'yes'], ['sampled', 'no']]) {
        expect(row(accuracy, mode, compensated).slice(2, 6).every(isNumber)).toBe(true)
      }
      expect(accuracy).not.toMatch(/\| sampled \| yes \|/)

      const servers = section(results, 'Servers')
      for (const app of ['express', 'http']) expect(row(servers, app, 'health').slice(2).every(isNumber)).toBe(true)
      expect(row(section(results, 'Build speed: three.js'), 'probeprof, warm cache').slice(1).every(isNumber)).toBe(true)
      // every bundler built plain and with probeprof (each build checks its output has the runtime exactly then)
      const bundlers = section(results, 'Build speed per bundler')
      for (const bundler of ['esbuild', 'vite', 'rollup', 'webpack', 'rspack']) {
        for (const build of ['plain', 'probeprof, cold cache', 'probeprof, warm cache']) expect(row(bundlers, bundler, build).slice(2).every(isNumber)).toBe(true)
      }
      expect(isNumber(row(section(results, 'Transform speed'), 'probeprof transformSource, no map')[1])).toBe(true)
      expect(isNumber(row(section(results, 'The fast clock thread'), '1')[1])).toBe(true)
    },
    K_TIMEOUT_MS,
  )

  it(
    'reports a benchmark that cannot run, runs the others, and exits 1',
    () => {
      // no python3 on the PATH: the cProfile rows cannot run
      const out = join(tempDir('bench-'), 'results.md')
      const run = runScript('bench/run.mjs', ['--quick', '--only', 'probe-cost,accuracy', '--out', out], { PATH: '/nonexistent' })
      expect(run.status).toBe(1)
      const results = readFileSync(out, 'utf8')
      expect(results).toMatch(/\*\*Could not run\*\*/)
      expect(results).toContain('python3 not found')
      expect(row(results.split('## Accuracy')[1], 'precise', 'yes').slice(2, 6).every(isNumber)).toBe(true) // accuracy still ran
      expect(results).toMatch(/1 of 2 benchmarks ran .*; could not run: probe-cost\./)
    },
    K_TIMEOUT_MS,
  )

  it('rejects bad input with one line and exit 2', () => {
    const unknown = runScript('bench/run.mjs', ['--only', 'nope'])
    expect(unknown.status).toBe(2)
    expect(unknown.stderr).toBe("bench: error: unknown benchmark 'nope' (choose from probe-cost, workloads, accuracy, servers, build, build-bundlers, build-sourcemap, build-floor, transform, fast-clock, pool-threshold)\n")
    const option = runScript('bench/workloads/run-workloads.mjs', ['--rounds', 'x'])
    expect(option.status).toBe(2)
    expect(option.stderr).toBe("run-workloads: error: --rounds must be a positive number, got 'x'\n")
    const bundlers = runScript('bench/build/bundlers.mjs', ['--bundlers', 'esbuild,parcel'])
    expect(bundlers.status).toBe(2)
    expect(bundlers.stderr).toBe("bundlers: error: unknown bundler 'parcel' (choose from esbuild, vite, rollup, webpack, rspack)\n")
    const compare = runScript('bench/workloads/compare-builds.mjs', ['--workloads', 'nope'])
    expect(compare.status).toBe(2)
    expect(compare.stderr).toBe("compare-builds: error: unknown workload 'nope' (choose from marked, babel-parser, postcss, parse5, typescript, lodash, acorn, mustache)\n")
  })
})
