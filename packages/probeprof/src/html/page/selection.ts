// The selected function, shared by the table, the Pareto chart, the callers/callees panel and the flame graph.

type Listener = (fn: number | null, origin: string) => void

export class Selection {
  private current: number | null = null
  private readonly listeners: Listener[] = []

  get value(): number | null {
    return this.current
  }

  onChange(listener: Listener): void {
    this.listeners.push(listener)
  }

  select(fn: number | null, origin: string): void {
    if (fn === this.current) return
    this.current = fn
    for (const listener of this.listeners) listener(fn, origin)
  }
}
