import { describe, expect, it } from 'vitest'
import { fitPowerLaw } from './scaling.js'

describe('fitPowerLaw', () => {
  it('gives the exponent of an exact power law, with r² 1', () => {
    const sizes = [10, 100, 1000]
    const fit = fitPowerLaw(sizes.map(Math.log), sizes.map((n) => 5 * n * n))
    expect(fit.exponent).toBeCloseTo(2, 12)
    expect(fit.r2).toBeCloseTo(1, 12)
  })

  it("is the least-squares slope of log y on log n: points (0,0) (1,1) (2,3) give 3/2 and r² 81/84", () => {
    const fit = fitPowerLaw([0, 1, 2], [1, Math.E, Math.E ** 3])
    expect(fit.exponent).toBeCloseTo(1.5, 12)
    expect(fit.r2).toBeCloseTo(81 / 84, 12)
  })

  it('has no r² with two points, which any line fits', () => {
    expect(fitPowerLaw([Math.log(1000), Math.log(2000)], [3, 6])).toEqual({ exponent: expect.closeTo(1, 12), r2: null })
  })
})
