// An independent reference for cProfile's statistics: CPython's _lsprof.c algorithm, transcribed event by event
// (python-profilers.md §1.1). Tests drive it and the runtime with the same calls and clock, and compare.
// It keeps a context stack with a recursion level per function and per (caller, callee) pair, exactly like
// lsprof; it shares no code with the runtime, which derives the same numbers from a calling-context tree.

export interface ModelStats {
  calls: number
  primitiveCalls: number
  tottime: number
  cumtime: number
}

interface Context {
  fn: string
  caller: string | null
  start: number
  subt: number
}

export class LsprofModel {
  readonly functions = new Map<string, ModelStats>()
  readonly edges = new Map<string, ModelStats>()
  private readonly stack: Context[] = []
  private readonly level = new Map<string, number>()
  private readonly edgeLevel = new Map<string, number>()

  constructor(private readonly now: () => number) {}

  call(fn: string): void {
    const caller = this.stack.length > 0 ? this.stack[this.stack.length - 1].fn : null
    this.level.set(fn, (this.level.get(fn) ?? 0) + 1)
    if (caller !== null) {
      const key = edgeKey(caller, fn)
      this.edgeLevel.set(key, (this.edgeLevel.get(key) ?? 0) + 1)
    }
    this.stack.push({ fn, caller, start: this.now(), subt: 0 })
  }

  ret(): void {
    const ctx = this.stack.pop()
    if (ctx === undefined) throw new Error('lsprof model: return with an empty stack')
    const tt = this.now() - ctx.start
    const it = tt - ctx.subt
    if (this.stack.length > 0) this.stack[this.stack.length - 1].subt += tt
    const level = this.level.get(ctx.fn)! - 1
    this.level.set(ctx.fn, level)
    accumulate(this.functions, ctx.fn, level === 0, tt, it)
    if (ctx.caller !== null) {
      const key = edgeKey(ctx.caller, ctx.fn)
      const edgeLevel = this.edgeLevel.get(key)! - 1
      this.edgeLevel.set(key, edgeLevel)
      accumulate(this.edges, key, edgeLevel === 0, tt, it)
    }
  }

  /** Closes every open frame now, as the runtime does at exit. */
  retAll(): void {
    while (this.stack.length > 0) this.ret()
  }

  get depth(): number {
    return this.stack.length
  }
}

export function edgeKey(caller: string, callee: string): string {
  return `${caller} -> ${callee}`
}

function accumulate(table: Map<string, ModelStats>, key: string, outermost: boolean, tt: number, it: number): void {
  let stats = table.get(key)
  if (stats === undefined) {
    stats = { calls: 0, primitiveCalls: 0, tottime: 0, cumtime: 0 }
    table.set(key, stats)
  }
  stats.calls++
  stats.tottime += it
  if (outermost) {
    stats.primitiveCalls++
    stats.cumtime += tt
  }
}
