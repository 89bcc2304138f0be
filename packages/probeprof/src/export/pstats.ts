// https://docs.python.org/3/library/profile.html#pstats.Stats (the file is Python's marshal format:
// https://github.com/python/cpython/blob/main/Python/marshal.c)
//
// What cProfile's dump_stats writes: a marshalled dict
//   {(file, line, name): (cc, nc, tt, ct, {(caller file, line, name): (nc, cc, tt, ct)})}
// with cc primitive calls, nc all calls, tt own and ct cumulative seconds; note the edge tuples put nc first.
// `python3 -m pstats`, snakeviz, tuna and gprof2dot then open a JS profile. The key has no column, so two
// functions on one line with one name (two `<anonymous>` callbacks) get `(col N)` in their names.

import type { FunctionStats, ProfileData } from '../model.js'

/** string → str, number → int (counts are integral), Float → float, array → tuple, Dict → dict. */
type PythonValue = string | number | Float | PythonValue[] | Dict

class Float {
  constructor(readonly value: number) {}
}

/** A dict as ordered key/value pairs (its keys are tuples, which a JS Map cannot key by value). */
class Dict {
  constructor(readonly entries: [PythonValue, PythonValue][]) {}
}

export function exportPstats(profile: ProfileData): Uint8Array {
  const { functions, edges } = profile
  const keys = pstatsKeys(functions)
  const callers = functions.map((): [PythonValue, PythonValue][] => [])
  for (const edge of edges) {
    callers[edge.callee].push([keys[edge.caller], [edge.calls, edge.primitiveCalls, new Float(edge.tottime), new Float(edge.cumtime)]])
  }
  const stats = new Dict(
    functions.map((fn, index) => [keys[index], [fn.primitiveCalls, fn.calls, new Float(fn.tottime), new Float(fn.cumtime), new Dict(callers[index])]]),
  )
  const writer = new MarshalWriter()
  writer.write(stats)
  return writer.bytes()
}

/** pstats' function keys `(file, line, name)`, made unique with the column where they would collide. */
export function pstatsKeys(functions: readonly FunctionStats[]): [string, number, string][] {
  const plain = functions.map((fn) => JSON.stringify([fn.file, fn.line, fn.name]))
  const counts = new Map<string, number>()
  for (const key of plain) counts.set(key, (counts.get(key) ?? 0) + 1)
  return functions.map((fn, index) => [fn.file, fn.line, counts.get(plain[index])! > 1 ? `${fn.name} (col ${fn.column})` : fn.name])
}

// ---- Python's marshal format (version 4, without references) ------------------------------------------------

const TYPE_NULL = 0x30 // '0'
const TYPE_INT = 0x69 // 'i'
const TYPE_LONG = 0x6c // 'l'
const TYPE_BINARY_FLOAT = 0x67 // 'g'
const TYPE_UNICODE = 0x75 // 'u'
const TYPE_SMALL_TUPLE = 0x29 // ')'
const TYPE_TUPLE = 0x28 // '('
const TYPE_DICT = 0x7b // '{'
const INT32_MAX = 2 ** 31 - 1
const LONG_DIGIT_BITS = 15 // marshal writes longs as 15-bit digits whatever CPython's internal digit size
const SMALL_TUPLE_MAX = 255

/** Writes the subset of marshal that pstats files use. */
class MarshalWriter {
  private chunks: Uint8Array[] = []
  private size = 0
  private readonly encoder = new TextEncoder()

  write(value: PythonValue): void {
    if (typeof value === 'string') return this.writeString(value)
    if (typeof value === 'number') return Number.isInteger(value) ? this.writeInt(value) : this.writeFloat(value)
    if (value instanceof Float) return this.writeFloat(value.value)
    if (Array.isArray(value)) return this.writeTuple(value)
    this.byte(TYPE_DICT)
    for (const [key, item] of value.entries) {
      this.write(key)
      this.write(item)
    }
    this.byte(TYPE_NULL)
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.size)
    let offset = 0
    for (const chunk of this.chunks) {
      out.set(chunk, offset)
      offset += chunk.length
    }
    return out
  }

  private writeTuple(items: PythonValue[]): void {
    if (items.length <= SMALL_TUPLE_MAX) {
      this.byte(TYPE_SMALL_TUPLE)
      this.byte(items.length)
    } else {
      this.byte(TYPE_TUPLE)
      this.int32(items.length)
    }
    for (const item of items) this.write(item)
  }

  private writeString(value: string): void {
    const utf8 = this.encoder.encode(value)
    this.byte(TYPE_UNICODE)
    this.int32(utf8.length)
    this.push(utf8)
  }

  private writeInt(value: number): void {
    if (Math.abs(value) <= INT32_MAX) {
      this.byte(TYPE_INT)
      this.int32(value)
      return
    }
    let magnitude = BigInt(Math.abs(value))
    const digits: number[] = []
    while (magnitude > 0n) {
      digits.push(Number(magnitude & 0x7fffn))
      magnitude >>= BigInt(LONG_DIGIT_BITS)
    }
    this.byte(TYPE_LONG)
    this.int32(value < 0 ? -digits.length : digits.length)
    const buffer = new DataView(new ArrayBuffer(digits.length * 2))
    digits.forEach((digit, index) => buffer.setUint16(index * 2, digit, true))
    this.push(new Uint8Array(buffer.buffer))
  }

  private writeFloat(value: number): void {
    this.byte(TYPE_BINARY_FLOAT)
    const buffer = new DataView(new ArrayBuffer(8))
    buffer.setFloat64(0, value, true)
    this.push(new Uint8Array(buffer.buffer))
  }

  private int32(value: number): void {
    const buffer = new DataView(new ArrayBuffer(4))
    buffer.setInt32(0, value, true)
    this.push(new Uint8Array(buffer.buffer))
  }

  private byte(value: number): void {
    this.push(Uint8Array.of(value))
  }

  private push(chunk: Uint8Array): void {
    this.chunks.push(chunk)
    this.size += chunk.length
  }
}
