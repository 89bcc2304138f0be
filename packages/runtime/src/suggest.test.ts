import { describe, expect, it } from 'vitest'
import { closestWord } from './suggest.js'

describe('closestWord', () => {
  const keys = ['calls', 'cumtime', 'cumulative', 'tottime', 'time', 'stdname']
  it.each([
    ['cumtim', 'cumtime'],
    ['totime', 'tottime'],
    ['clals', 'calls'], // a swap of neighbours is one edit
    ['STDNAME', 'stdname'],
    ['stdnames', 'stdname'], // a word that spells out a candidate
  ])('suggests %s → %s', (word, expected) => {
    expect(closestWord(word, keys)).toBe(expected)
  })

  it('prefers, of two candidates the word spells out, the one fewer edits away', () => {
    expect(closestWord('runtimeModul', ['runtime', 'runtimeModule'])).toBe('runtimeModule')
  })

  it('suggests nothing for a word far from every candidate', () => {
    expect(closestWord('memory', keys)).toBeUndefined()
  })
})
