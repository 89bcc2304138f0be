// Argument fingerprints, for code built with the `args` option: per function, the distinct argument tuples it
// was called with and whether each tuple always gave the same result (MemoizeIt's question: would a cache
// keyed by the arguments have answered these calls?). Code built without the option never calls this file.
//
// Cheap and side-effect free by construction: primitives are hashed by value, objects and functions by
// identity (a number from a WeakMap), symbols by identity too. Nothing reads a property, so no getter, proxy
// trap or valueOf runs. Results compare the same way: a function that returns a new object each time, even an
// equal one, does not count as repeating its result.
//
// Bounded: at most MAX_TUPLES_PER_FUNCTION tuples per function and MAX_TUPLES in all. From the first call whose
// tuple does not fit, every later call of that function is counted as `untracked` without being hashed (the
// function is no cache candidate any more, and hashing calls with ever new objects is what costs most), and the
// report says so.

import type { ArgumentRecord } from './format-spec.js'

export const MAX_TUPLES_PER_FUNCTION = 10_000
export const MAX_TUPLES = 250_000

/** One distinct argument tuple of one function. */
export class ArgumentTuple {
  calls = 0
  /** returns recorded (a call that threw or returned without a value records none) */
  results = 0
  /** 0: no result yet; 1: `result` is a primitive; 2: `result` is an object's identity number */
  resultKind = 0
  result: unknown = undefined
  /** a call returned something else than the first one did */
  differs = false
}

/** What a call gets when it is not recorded (recording off, table full): its counts go nowhere. */
const UNTRACKED = new ArgumentTuple()

interface FunctionTuples {
  calls: number
  untracked: number
  tuples: Map<unknown, ArgumentTuple>
}

/** What generated code calls; short names because they are emitted at every fingerprinted function. */
export interface ArgumentProbes {
  /** at entry: the tuple of this call's arguments */
  f(localId: number, ...values: unknown[]): ArgumentTuple
  /** at each `return`: records the result, returns it unchanged */
  fr<T>(tuple: ArgumentTuple, value: T): T
}

/** An argument fingerprint row by the registry's function id, renumbered into the report's `function`. */
export type ArgumentInput = Omit<ArgumentRecord, 'function'> & { fn: number }

export class ArgumentTable {
  recording = false
  private readonly byFunction: (FunctionTuples | undefined)[] = []
  private tupleCount = 0
  private readonly objectIds = new WeakMap<object, number>()
  private readonly symbolIds = new Map<symbol, number>()
  private nextId = 1

  forFile(base: number): ArgumentProbes {
    return {
      f: (localId, ...values) => this.enter(base + localId, values),
      fr: (tuple, value) => {
        if (tuple !== UNTRACKED) this.recordResult(tuple, value)
        return value
      },
    }
  }

  clear(): void {
    this.byFunction.length = 0
    this.tupleCount = 0
  }

  /** One row per function called while recording, for the report. */
  rows(): ArgumentInput[] {
    const rows: ArgumentInput[] = []
    this.byFunction.forEach((entry, fn) => {
      if (entry === undefined || entry.calls === 0) return
      let inconsistentTuples = 0
      let inconsistentCalls = 0
      for (const tuple of entry.tuples.values()) {
        if (tuple.differs || tuple.results !== tuple.calls) {
          inconsistentTuples++
          inconsistentCalls += tuple.calls
        }
      }
      rows.push({
        fn,
        calls: entry.calls,
        distinct: entry.tuples.size,
        untracked: entry.untracked,
        inconsistentTuples,
        inconsistentCalls,
        full: entry.tuples.size >= MAX_TUPLES_PER_FUNCTION || this.tupleCount >= MAX_TUPLES,
      })
    })
    return rows
  }

  private enter(fn: number, values: unknown[]): ArgumentTuple {
    if (!this.recording) return UNTRACKED
    let entry = this.byFunction[fn]
    if (entry === undefined) {
      entry = { calls: 0, untracked: 0, tuples: new Map() }
      this.byFunction[fn] = entry
    }
    entry.calls++
    // a full table already rules the function out as a cache: stop paying for keys (and ids of new objects)
    if (entry.untracked > 0) {
      entry.untracked++
      return UNTRACKED
    }
    const key = values.length === 1 ? this.singleKey(values[0]) : this.tupleKey(values)
    let tuple = entry.tuples.get(key)
    if (tuple === undefined) {
      if (entry.tuples.size >= MAX_TUPLES_PER_FUNCTION || this.tupleCount >= MAX_TUPLES) {
        entry.untracked++
        return UNTRACKED
      }
      tuple = new ArgumentTuple()
      entry.tuples.set(key, tuple)
      this.tupleCount++
    }
    tuple.calls++
    return tuple
  }

  private recordResult(tuple: ArgumentTuple, value: unknown): void {
    tuple.results++
    const isObject = (typeof value === 'object' && value !== null) || typeof value === 'function' || typeof value === 'symbol'
    const kind = isObject ? 2 : 1
    const identity = isObject ? this.identity(value as object | symbol) : value
    if (tuple.resultKind === 0) {
      tuple.resultKind = kind
      tuple.result = identity
    } else if (tuple.resultKind !== kind || !Object.is(tuple.result, identity)) {
      tuple.differs = true
    }
  }

  /**
   * A one-argument call's key: numbers, booleans, bigints, undefined and null as themselves (a Map tells them
   * apart from strings); strings, objects and symbols as tagged strings that cannot meet one another.
   */
  private singleKey(value: unknown): unknown {
    if (typeof value === 'string') return `s${value}`
    if ((typeof value === 'object' && value !== null) || typeof value === 'function') return `o${this.identity(value)}`
    if (typeof value === 'symbol') return `y${this.identity(value)}`
    return value
  }

  /** Several arguments: one string, each part tagged and strings length-prefixed, so no two tuples share it. */
  private tupleKey(values: unknown[]): string {
    let key = ''
    for (const value of values) {
      switch (typeof value) {
        case 'string':
          key += `s${value.length}:${value}`
          break
        case 'number':
          key += `n${value};`
          break
        case 'bigint':
          key += `i${value};`
          break
        case 'boolean':
          key += value ? 't' : 'f'
          break
        case 'undefined':
          key += 'u'
          break
        case 'symbol':
          key += `y${this.identity(value)};`
          break
        default:
          key += value === null ? 'l' : `o${this.identity(value as object)};`
      }
    }
    return key
  }

  private identity(value: object | symbol): number {
    if (typeof value === 'symbol') {
      let id = this.symbolIds.get(value)
      if (id === undefined) this.symbolIds.set(value, (id = this.nextId++))
      return id
    }
    let id = this.objectIds.get(value)
    if (id === undefined) this.objectIds.set(value, (id = this.nextId++))
    return id
  }
}
