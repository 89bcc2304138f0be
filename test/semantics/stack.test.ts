// The runtime's stack stays right through every way a frame can be suspended or left: each leaf function of
// fixtures/programs/stack-after-suspensions must be charged to the function that really called it.
import { describe, expect, it } from 'vitest'
import { buildVariant, listCases, runVariant } from './corpus.js'

describe('caller edges after suspensions', () => {
  it('rejected await caught, generator throw/return, abandoned generator: callers stay exact', async () => {
    const testCase = listCases().find((c) => c.name === 'stack-after-suspensions')!
    for (const variant of ['transform', 'babel'] as const) {
      const run = await runVariant(testCase, variant, await buildVariant(testCase, variant))
      expect(run.status).toBe(0)
      const report = run.report!
      const callersOf = (name: string) => {
        const index = report.functions.findIndex((fn) => fn.name === name)
        expect(index, name).toBeGreaterThanOrEqual(0)
        return report.edges.filter((edge) => edge.callee === index).map((edge) => `${report.functions[edge.caller].name}×${edge.calls}`)
      }
      expect({
        leafA: callersOf('leafA'),
        leafB: callersOf('leafB'),
        leafC: callersOf('leafC'),
        leafD: callersOf('leafD'),
        leafE: callersOf('leafE'),
        abandoned: callersOf('abandoned'),
      }, variant).toEqual({
        leafA: ['afterRejection×1'],
        leafB: ['afterRejection×1'],
        leafC: ['catching×1'],
        leafD: ['<module>×1'],
        leafE: ['returning×1'],
        abandoned: ['<module>×1'],
      })
      // nothing ran inside a frame that was suspended or gone
      for (const name of ['rejecting', 'abandoned']) {
        const index = report.functions.findIndex((fn) => fn.name === name)
        expect(report.edges.filter((edge) => edge.caller === index), name).toEqual([])
      }
    }
  })
})

describe('await using', () => {
  it('a disposal await suspends the frame: what the caller runs next is charged to the caller', async () => {
    const testCase = listCases().find((c) => c.name === 'stack-await-using-suspends')!
    for (const variant of ['transform', 'babel'] as const) {
      const run = await runVariant(testCase, variant, await buildVariant(testCase, variant))
      expect(run.stdout).toBe("[ 'block', 1, 'switch', 2, 'early', 3, 'loop', 4 ]\n")
      const report = run.report!
      for (const name of ['afterBlock', 'afterSwitch', 'afterEarlyExit', 'afterLoop']) {
        const index = report.functions.findIndex((fn) => fn.name === name)
        const callers = report.edges.filter((edge) => edge.callee === index).map((edge) => report.functions[edge.caller].name)
        expect(callers, `${variant}: callers of ${name}`).toEqual(['<module>'])
      }
    }
  })
})
