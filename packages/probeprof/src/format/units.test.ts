import { describe, expect, it } from 'vitest'
import { readableTime, timeFormat } from './units.js'

describe('time units', () => {
  it.each([
    [0, '0s'],
    [1.5, '1.500s'],
    [123.456, '123.5s'],
    [0.0123456, '12.35ms'],
    [0.000523, '523.0µs'],
    [4.5e-8, '45.00ns'],
    [0.00099996, '1.000ms'], // 999.96µs rounds up into the next unit
    [-0.032, '-32.00ms'],
  ])('auto: %s seconds read %s', (seconds, text) => {
    expect(readableTime(seconds)).toBe(text)
  })

  it('keeps cProfile\'s %8.3f in seconds, ties rounded to even as Python does', () => {
    const s = timeFormat('s')
    expect(s.cell(0.0625)).toBe('   0.062')
    expect(s.cell(12345.6789)).toBe('12345.679')
    expect(s.text(0.0625)).toBe('0.062 seconds')
    expect(s.legend).toBeNull()
  })

  it('scales ms and us and names them', () => {
    expect(timeFormat('ms').cell(0.0123456)).toBe('  12.346')
    expect(timeFormat('us').text(0.0000015)).toBe('1.500 microseconds')
    expect(timeFormat('ms').legend).toBe('   Times in milliseconds')
  })
})
