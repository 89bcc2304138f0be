import { describe, expect, it } from 'vitest'
import { ArgumentTable, MAX_TUPLES_PER_FUNCTION } from './fingerprints.js'

function recording(): ArgumentTable {
  const table = new ArgumentTable()
  table.recording = true
  return table
}

describe('ArgumentTable', () => {
  it('tells apart values that print alike: 1 and "1", an object and the string that names its id, null and undefined', () => {
    const table = recording()
    const probes = table.forFile(0)
    const object = {}
    for (const value of [1, '1', object, 'o1', `o${1}`, null, undefined, 1n, true, 'true']) probes.fr(probes.f(0, value), 0)
    // 'o1' twice (one string) and the object once: 9 distinct
    expect(table.rows()).toEqual([{ fn: 0, calls: 10, distinct: 9, untracked: 0, full: false, inconsistentTuples: 0, inconsistentCalls: 0 }])
  })

  it('keys several arguments without collisions between strings that join alike', () => {
    const table = recording()
    const probes = table.forFile(0)
    probes.fr(probes.f(0, 'ab', 'c'), 1)
    probes.fr(probes.f(0, 'a', 'bc'), 1)
    probes.fr(probes.f(0, 'a', 'bc'), 1)
    expect(table.rows()[0]).toMatchObject({ calls: 3, distinct: 2, inconsistentTuples: 0 })
  })

  it('hands results back unchanged and sees a tuple whose result changed, or that never returned', () => {
    const table = recording()
    const probes = table.forFile(2)
    const result = { same: true }
    expect(probes.fr(probes.f(1, 5), result)).toBe(result)
    probes.fr(probes.f(1, 5), result) // same object: consistent
    probes.fr(probes.f(1, 6), { n: 1 })
    probes.fr(probes.f(1, 6), { n: 1 }) // an equal new object: another result
    probes.f(1, 7) // threw: no result
    expect(table.rows()).toEqual([{ fn: 3, calls: 5, distinct: 3, untracked: 0, full: false, inconsistentTuples: 2, inconsistentCalls: 3 }])
  })

  it('records nothing while recording is off, and forgets everything on clear()', () => {
    const table = new ArgumentTable()
    const probes = table.forFile(0)
    expect(probes.fr(probes.f(0, 1), 'x')).toBe('x')
    expect(table.rows()).toEqual([])
    table.recording = true
    probes.fr(probes.f(0, 1), 'x')
    table.clear()
    expect(table.rows()).toEqual([])
  })

  it('stops at the cap and counts every later call as not followed', () => {
    const table = recording()
    const probes = table.forFile(0)
    for (let i = 0; i < MAX_TUPLES_PER_FUNCTION + 5; i++) probes.fr(probes.f(0, i), i)
    probes.fr(probes.f(0, 0), 0) // once full, not hashed any more: untracked too
    expect(table.rows()[0]).toMatchObject({ calls: MAX_TUPLES_PER_FUNCTION + 6, distinct: MAX_TUPLES_PER_FUNCTION, untracked: 6, full: true })
  })
})
