// Every program of fixtures/programs/ runs plain and instrumented (transformSource + esbuild, @babel/core with
// the plugin + esbuild, and transformSource with argument fingerprinting on, `args`) in real Node processes:
// stdout, exit status and uncaught errors must be identical, and every function's ncalls must equal the
// invocation count V8's precise coverage saw in the plain run.
import { relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../helpers/app.js'
import { buildVariant, countsToCheck, listCases, oracleCounts, reportCounts, runVariant, type ProgramCase, type Variant } from './corpus.js'

const cases = listCases()

async function check(testCase: ProgramCase): Promise<void> {
  const plainScript = await buildVariant(testCase, 'plain')
  const plain = await runVariant(testCase, 'plain', plainScript)
  const oracle = testCase.flags.counts === 'skip' ? null : oracleCounts(plainScript, plain.coverageDir!)
  const variants: Exclude<Variant, 'plain'>[] = testCase.flags.babel === 'skip' ? ['transform', 'args'] : ['transform', 'babel', 'args']
  for (const variant of variants) {
    const script = await buildVariant(testCase, variant)
    const run = await runVariant(testCase, variant, script)
    expect({ stdout: run.stdout, errors: run.errors, status: run.status }, `${variant}: output`).toEqual({
      stdout: plain.stdout,
      errors: plain.errors,
      status: plain.status,
    })
    expect(run.report, `${variant}: report written`).toBeDefined()
    const entryModule = run.report!.functions.find((fn) => fn.name === '<module>' && fn.file === relative(repoRoot, testCase.entry))
    expect(entryModule?.calls, `${variant}: <module> of the entry`).toBe(1)
    if (oracle === null) continue
    const { counted, expected } = countsToCheck(reportCounts(run.report!), oracle)
    if (testCase.flags.counts === 'partial') {
      for (const key of Object.keys(counted)) expect(`${key} ${counted[key]}`, variant).toBe(`${key} ${expected[key]}`)
    } else {
      expect(counted, `${variant}: ncalls per function vs V8 coverage`).toEqual(expected)
    }
  }
}

describe.concurrent('semantic-equivalence corpus: plain vs instrumented', () => {
  it('has at least 200 programs', () => {
    expect(cases.length).toBeGreaterThanOrEqual(200)
  })
  for (const testCase of cases) {
    it(testCase.name, () => check(testCase), 120_000)
  }
})
