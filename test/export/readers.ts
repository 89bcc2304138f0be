// Independent readers for the exported formats, written from each format's spec (not from our exporters):
// they compute what a viewer shows — own and total time per function, calls — so tests compare that with the
// profile's cProfile statistics.

/** Own and total per frame from root→leaf stacks with weights; total counts a frame once per stack (recursion). */
export function stackTotals(stacks: { frames: string[]; weight: number }[]): Map<string, { self: number; total: number }> {
  const out = new Map<string, { self: number; total: number }>()
  const entry = (name: string) => {
    let value = out.get(name)
    if (value === undefined) out.set(name, (value = { self: 0, total: 0 }))
    return value
  }
  for (const { frames, weight } of stacks) {
    if (frames.length === 0) continue
    entry(frames[frames.length - 1]).self += weight
    for (const name of new Set(frames)) entry(name).total += weight
  }
  return out
}

// ---- folded stacks: `a;b;c weight` -----------------------------------------------------------------------

export function parseFolded(text: string): { frames: string[]; weight: number }[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const space = line.lastIndexOf(' ')
      const weight = line.slice(space + 1)
      if (!/^\d+$/.test(weight)) throw new Error(`folded: weight is not an integer in '${line}'`)
      return { frames: line.slice(0, space).split(';'), weight: Number(weight) }
    })
}

// ---- callgrind ------------------------------------------------------------------------------------------

export interface CallgrindFunction {
  file: string
  self: number
  calls: { callee: string; count: number; inclusive: number }[]
}

/** The subset of the callgrind format we write: fl/fn/cfi/cfn/calls and cost lines, no name compression. */
export function parseCallgrind(text: string): { header: Map<string, string>; functions: Map<string, CallgrindFunction> } {
  const header = new Map<string, string>()
  const functions = new Map<string, CallgrindFunction>()
  let file = ''
  let current: CallgrindFunction | undefined
  let pendingCall: { callee: string; count: number } | undefined
  let callee = ''
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue
    const spec = /^(version|creator|cmd|positions|events|summary|totals): (.*)$/.exec(line)
    if (spec) {
      header.set(spec[1], spec[2])
      continue
    }
    const assignment = /^(fl|fi|fe|fn|cfi|cfl|cfn|calls)=(.*)$/.exec(line)
    if (assignment) {
      const [, key, value] = assignment
      if (key === 'fl' || key === 'fi' || key === 'fe') file = value
      else if (key === 'fn') {
        if (functions.has(value)) throw new Error(`callgrind: function '${value}' defined twice`)
        current = { file, self: 0, calls: [] }
        functions.set(value, current)
      } else if (key === 'cfn') callee = value
      else if (key === 'calls') pendingCall = { callee, count: Number(value.split(' ')[0]) }
      continue
    }
    const cost = /^(\d+) (\d+)$/.exec(line)
    if (!cost || current === undefined) throw new Error(`callgrind: unexpected line '${line}'`)
    if (pendingCall) {
      current.calls.push({ ...pendingCall, inclusive: Number(cost[2]) })
      pendingCall = undefined
    } else current.self += Number(cost[2])
  }
  return { header, functions }
}

// ---- .cpuprofile ----------------------------------------------------------------------------------------

interface CpuProfileLike {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number; scriptId: string }; children?: number[]; hitCount?: number }[]
  startTime: number
  endTime: number
  samples: number[]
  timeDeltas: number[]
}

/**
 * Checks a .cpuprofile's structure the way DevTools' CPUProfileDataModel needs it, then computes own and total
 * time per frame (`functionName url:line:col`) with the forward convention DevTools, speedscope and VS Code use:
 * sample i lasts until sample i+1.
 */
export function readCpuprofile(profile: CpuProfileLike): { frames: Map<string, { self: number; total: number }>; zeroDeltas: number } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  if (byId.size !== profile.nodes.length) throw new Error('cpuprofile: duplicate node ids')
  if (profile.nodes[0].callFrame.functionName !== '(root)') throw new Error('cpuprofile: nodes[0] is not (root)')
  const parent = new Map<number, number>()
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) {
      if (!byId.has(child)) throw new Error(`cpuprofile: child ${child} of ${node.id} does not exist`)
      if (parent.has(child)) throw new Error(`cpuprofile: node ${child} has two parents`)
      parent.set(child, node.id)
    }
  }
  if (profile.samples.length !== profile.timeDeltas.length) throw new Error('cpuprofile: samples and timeDeltas differ in length')
  let time = profile.startTime
  const at: number[] = []
  let zeroDeltas = 0
  profile.timeDeltas.forEach((delta, index) => {
    if (delta < 0) throw new Error('cpuprofile: negative time delta')
    if (delta === 0 && index > 0) zeroDeltas++
    time += delta
    at.push(time)
  })
  if (Math.abs(time - profile.endTime) > 1e-6 * Math.max(1, profile.endTime)) throw new Error(`cpuprofile: last sample at ${time}, endTime ${profile.endTime}`)
  const label = (id: number) => {
    const { functionName, url, lineNumber, columnNumber } = byId.get(id)!.callFrame
    return url === '' ? functionName : `${functionName} ${url}:${lineNumber + 1}:${columnNumber}`
  }
  const stacks = profile.samples.slice(0, -1).map((id, index) => {
    if (!byId.has(id)) throw new Error(`cpuprofile: sample of unknown node ${id}`)
    const frames: string[] = []
    for (let at: number | undefined = id; at !== undefined && at !== profile.nodes[0].id; at = parent.get(at)) frames.push(label(at))
    return { frames: frames.reverse(), weight: at[index + 1] - at[index] }
  })
  return { frames: stackTotals(stacks), zeroDeltas }
}

// ---- trace events ---------------------------------------------------------------------------------------

interface TraceEventLike {
  name: string
  ph: string
  ts: number
  dur?: number
  pid: number
  tid: number
}

/** Own and total per event name from X events, checking that events nest per thread (as viewers require). */
export function readTraceEvents(events: TraceEventLike[]): Map<string, { self: number; total: number }> {
  const slices = events.filter((event) => event.ph === 'X').sort((a, b) => a.ts - b.ts || b.dur! - a.dur!)
  const epsilon = 1e-6
  const open: { event: TraceEventLike; frames: string[]; childTime: number }[] = []
  const stacks: { frames: string[]; weight: number }[] = []
  const close = () => {
    const done = open.pop()!
    stacks.push({ frames: done.frames, weight: done.event.dur! - done.childTime })
  }
  for (const event of slices) {
    while (open.length > 0 && open[open.length - 1].event.ts + open[open.length - 1].event.dur! <= event.ts + epsilon) close()
    const parent = open[open.length - 1]
    if (parent && event.ts + event.dur! > parent.event.ts + parent.event.dur! + epsilon) throw new Error(`trace: ${event.name} overlaps its parent ${parent.event.name}`)
    if (parent) parent.childTime += event.dur!
    open.push({ event, frames: [...(parent?.frames ?? []), event.name], childTime: 0 })
  }
  while (open.length > 0) close()
  return stackTotals(stacks)
}

// ---- CSV (RFC 4180) -------------------------------------------------------------------------------------

export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (char === '"') quoted = false
      else field += char
    } else if (char === '"') quoted = true
    else if (char === ',') {
      row.push(field)
      field = ''
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      i++
    } else field += char
  }
  if (field !== '' || row.length > 0) throw new Error('csv: last line not terminated by CRLF')
  return rows
}
