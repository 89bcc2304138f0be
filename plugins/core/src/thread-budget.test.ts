import { describe, expect, it } from 'vitest'
import { workerThreadsFor } from './thread-budget.js'

describe('workerThreadsFor', () => {
  it('takes an explicit count as it is', () => {
    expect(workerThreadsFor(0, 8, 0)).toBe(0)
    expect(workerThreadsFor(3, 2, 9)).toBe(3)
  })

  it("'auto' on an idle machine: every core but the main thread's", () => {
    expect(workerThreadsFor('auto', 8, 0)).toBe(7)
    expect(workerThreadsFor('auto', 2, 0.3)).toBe(1)
    expect(workerThreadsFor('auto', 1, 0)).toBe(0)
  })

  it("'auto' on a busy machine: only the idle cores, none when there are none", () => {
    expect(workerThreadsFor('auto', 8, 3.2)).toBe(4) // 4.8 idle cores: the main thread and four threads
    expect(workerThreadsFor('auto', 2, 0.8)).toBe(0)
    expect(workerThreadsFor('auto', 2, 9)).toBe(0)
  })
})
