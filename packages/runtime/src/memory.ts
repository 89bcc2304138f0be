// Memory per function (`memory` option, PROBEPROF_MEMORY=1): V8's sampling heap profiler, started in-process
// through node:inspector, and its sampled allocations joined to our functions and calling contexts. Cold path:
// nothing here runs per call, and nothing is loaded unless memory profiling is asked for.
//
// The join, by source location: V8 names a frame by its script and the position where the function starts (the
// `(` of its parameters). An instrumented function's body opens with its enter probe, which names the function's
// local id and its file's accessor (`const __ppf = __ppX().e(3);`, in the transform's shape or as a bundler
// reprints it), and the accessor's definition names the file it registers (`function __ppX() { var p =
// ….register("src/a.ts", "hash", …`). So the script's own text says which function of ours starts at a
// position: no source map is needed, and bundles, unbundled loaders and workers are read the same way. A frame
// whose body does not open with a probe is not ours (a dependency, esbuild's helpers): what it allocates counts
// in the nearest instrumented function below it, as its time does. What the probes themselves allocate (a frame
// of the runtime's probe object directly above an instrumented frame) counts for no one.
//
// Calling contexts: the instrumented frames of a sample's stack are a path of our tree when the stack reaches
// down to code that is not ours (the event loop, a module's top level); the path is followed from the root, and
// where it does not start there (after an await, V8's stack begins at the resumed function) from the first node of
// its bottom function whose ancestors match.

/** V8's default sampling interval (bytes between samples, on average). */
export const K_DEFAULT_MEMORY_INTERVAL = 512 * 1024

interface CallFrame {
  functionName: string
  scriptId: string
  url: string
  lineNumber: number
  columnNumber: number
}

export interface HeapProfileNode {
  callFrame: CallFrame
  selfSize: number
  children: HeapProfileNode[]
}

interface InspectorSession {
  connect(): void
  disconnect(): void
  post(method: string, params: Record<string, unknown>, callback: (error: Error | null, result: unknown) => void): void
}

interface InspectorModule {
  Session: new () => InspectorSession
}

/** What the join needs from the profiler: where each file's functions start in the id space. */
export type FileBase = (file: string, hash: string) => number | undefined
/** The text of a script file V8 ran (its `file://` URL or path), or null when it cannot be read. */
export type ReadScript = (url: string) => string | null

/** The calling-context tree's structure, as the recorder's view has it. */
export interface TreeShape {
  nodeCount: number
  nodeFn: ArrayLike<number>
  nodeParent: ArrayLike<number>
}

export interface MemorySnapshot {
  samplingInterval: number
  /** V8 heap in use when the snapshot was taken (bytes). */
  heapUsed: number
  /** Sampled bytes allocated per node of the tree (index: the recorder's node). */
  nodeBytes: Float64Array
}

export interface MemorySampler {
  readonly samplingInterval: number
  /** The allocations sampled since the start (or the last restart), joined to `tree`. */
  snapshot(tree: TreeShape): MemorySnapshot | null
  /** Forgets the samples so far (profiler.reset()). */
  restart(): void
  stop(): void
}

/** Probe methods of the runtime (file-probes.ts): their allocations are the profiler's, not the app's. */
const PROBE_METHODS = new Set(['e', 'x', 'ea', 'eg', 's', 'r', 'xa', 'ai', 'f', 'fr'])
/** A frame resolved to no function of ours, or to the runtime's probes. */
const NOT_OURS = -1
const PROBE_FRAME = -3

/**
 * Starts V8's sampling heap profiler in this thread, or returns why it cannot (as one line for the report).
 * Objects collected since count too: the profile says what each function allocated, not what is still alive.
 */
export function startMemorySampler(inspector: unknown, samplingInterval: number, fileBase: FileBase, readScript: ReadScript): MemorySampler | string {
  const session = openSession(inspector)
  if (typeof session === 'string') return session
  const post = (method: string, params: Record<string, unknown> = {}): unknown => {
    // a session connected to its own thread answers synchronously, inside post()
    let answer: { error: Error | null; result: unknown } | undefined
    session.post(method, params, (error, result) => (answer = { error, result }))
    if (answer === undefined) throw new Error(`the inspector did not answer ${method} synchronously`)
    if (answer.error !== null) throw answer.error
    return answer.result
  }
  const start = () =>
    post('HeapProfiler.startSampling', { samplingInterval, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true })
  try {
    post('HeapProfiler.enable')
    start()
  } catch (error) {
    session.disconnect()
    return `memory: V8's heap sampler did not start (${(error as Error).message})`
  }
  let running = true
  return {
    samplingInterval,
    snapshot(tree) {
      if (!running) return null
      const { profile } = post('HeapProfiler.getSamplingProfile') as { profile: { head: HeapProfileNode } }
      const { usedSize } = post('Runtime.getHeapUsage') as { usedSize: number }
      // A bundle's file on disk is the text V8 ran, and reading it is cheap; a file transformed while loading (the
      // register hook) reads without probes on disk, so its text comes from V8 through the Debugger domain, enabled
      // only then (0.4 s for a 15 MB bundle) and only to read sources: no breakpoint is ever set.
      let debuggerOn = false
      const fromV8 = (scriptId: string): string => {
        if (!debuggerOn) post('Debugger.enable')
        debuggerOn = true
        return (post('Debugger.getScriptSource', { scriptId }) as { scriptSource: string }).scriptSource
      }
      const scripts = new ScriptReader((frame) => {
        const onDisk = frame.url === '' ? null : readScript(frame.url)
        return onDisk !== null && onDisk.includes('.register(') && onDisk.includes('__pp') ? onDisk : fromV8(frame.scriptId)
      }, fileBase)
      try {
        return { samplingInterval, heapUsed: usedSize, nodeBytes: joinHeapProfile(profile.head, tree, (frame) => scripts.functionAt(frame)) }
      } finally {
        if (debuggerOn) post('Debugger.disable')
      }
    },
    restart() {
      if (!running) return
      post('HeapProfiler.stopSampling')
      start()
    },
    stop() {
      if (!running) return
      running = false
      try {
        post('HeapProfiler.stopSampling')
      } finally {
        session.disconnect()
      }
    },
  }
}

function openSession(inspector: unknown): InspectorSession | string {
  const Session = (inspector as Partial<InspectorModule> | undefined)?.Session
  if (typeof Session !== 'function') return 'memory: not available in this environment'
  try {
    const session = new Session()
    session.connect()
    return session
  } catch (error) {
    return `memory: not available in this environment (${(error as Error).message})`
  }
}

/**
 * Sampled bytes per node of `tree`: each heap-profile node's own bytes go to the context its instrumented frames
 * spell. `functionAt` says which of our functions a frame is (NOT_OURS, PROBE_FRAME, or its id).
 */
export function joinHeapProfile(head: HeapProfileNode, tree: TreeShape, functionAt: (frame: CallFrame) => number): Float64Array {
  const bytes = new Float64Array(tree.nodeCount)
  const children = new Map<number, number>()
  const nodesOf = new Map<number, number[]>()
  let maxFn = 0
  for (let node = 1; node < tree.nodeCount; node++) maxFn = Math.max(maxFn, tree.nodeFn[node])
  const key = (parent: number, fn: number) => parent * (maxFn + 3) + fn + 2
  for (let node = 1; node < tree.nodeCount; node++) {
    const fn = tree.nodeFn[node]
    if (!children.has(key(tree.nodeParent[node], fn))) children.set(key(tree.nodeParent[node], fn), node)
    let list = nodesOf.get(fn)
    if (list === undefined) nodesOf.set(fn, (list = []))
    list.push(node)
  }

  /** The first node of `path`'s last function whose ancestors spell as much of `path` as they can. */
  const bestMatch = (path: readonly number[]): number => {
    const candidates = nodesOf.get(path[path.length - 1])
    if (candidates === undefined) return -1
    let best = -1
    let bestLength = -1
    for (const node of candidates) {
      let length = 1
      let at = tree.nodeParent[node]
      for (let i = path.length - 2; i >= 0 && at > 0; i--) {
        if (tree.nodeFn[at] === path[i]) at = tree.nodeParent[at]
        else if (tree.nodeFn[at] !== path[i + 1]) break // a folded self-recursion repeats one node
        else continue
        length++
      }
      if (length > bestLength) {
        best = node
        bestLength = length
        if (length === path.length) break
      }
    }
    return best
  }

  // depth-first, on a stack of our own: a heap profile is as deep as the deepest stack that allocated (V8's own
  // limit), deeper than this function could recurse. `path` holds the instrumented frames above the visited node:
  // each entry knows how long its parent's path was, so a sibling cuts back to it.
  const path: number[] = []
  const pending: { heapNode: HeapProfileNode; context: number; parentIsOurs: boolean; inProbe: boolean; pathLength: number }[] = [
    { heapNode: head, context: 0, parentIsOurs: false, inProbe: false, pathLength: 0 },
  ]
  for (let entry = pending.pop(); entry !== undefined; entry = pending.pop()) {
    const { heapNode, context, parentIsOurs, inProbe } = entry
    path.length = entry.pathLength
    const fn = functionAt(heapNode.callFrame)
    let here = context
    if (fn >= 0) {
      path.push(fn)
      const child = context >= 0 ? children.get(key(context, fn)) : undefined
      if (child !== undefined) here = child
      else if (context > 0 && tree.nodeFn[context] === fn) here = context // self-recursion folded into one node
      else here = bestMatch(path)
    }
    // what the probes allocate is the profiler's: a probe called by one of our functions, and what it called
    const probe = inProbe || (fn === PROBE_FRAME && parentIsOurs)
    if (heapNode.selfSize > 0 && !probe) bytes[here >= 0 ? here : 0] += heapNode.selfSize
    for (let i = heapNode.children.length - 1; i >= 0; i--) {
      pending.push({ heapNode: heapNode.children[i], context: here, parentIsOurs: fn >= 0, inProbe: probe, pathLength: path.length })
    }
  }
  return bytes
}

/** Reads each script once and answers which function of ours starts at a position of it. */
class ScriptReader {
  private readonly scripts = new Map<string, ScriptIndex | null>()
  private readonly resolved = new Map<string, number>()

  constructor(
    private readonly source: (frame: CallFrame) => string,
    private readonly fileBase: FileBase,
  ) {}

  functionAt(frame: CallFrame): number {
    const id = `${frame.scriptId}:${frame.lineNumber}:${frame.columnNumber}`
    let fn = this.resolved.get(id)
    if (fn === undefined) {
      fn = this.resolve(frame)
      this.resolved.set(id, fn)
    }
    return fn
  }

  private resolve(frame: CallFrame): number {
    if (frame.scriptId === '0' || frame.lineNumber < 0) return NOT_OURS // (root), (program), (garbage collector)
    let script = this.scripts.get(frame.scriptId)
    if (script === undefined) {
      let text: string | null = null
      try {
        text = this.source(frame)
      } catch {
        text = null // a script that is gone (eval'd and collected): nothing of ours can be named in it
      }
      script = text === null || !text.includes('__pp') ? null : new ScriptIndex(text)
      this.scripts.set(frame.scriptId, script)
    }
    if (script === null) return NOT_OURS
    const offset = script.offsetOf(frame.lineNumber, frame.columnNumber)
    const probe = probeAfterParameters(script.text, offset)
    if (probe === null) return PROBE_METHODS.has(frame.functionName) ? PROBE_FRAME : NOT_OURS
    const file = script.accessors.get(probe.accessor)
    if (file === undefined) return NOT_OURS
    const base = this.fileBase(file.file, file.hash)
    return base === undefined ? NOT_OURS : base + probe.localId
  }
}

class ScriptIndex {
  private readonly lineStarts: number[] = [0]
  /** accessor name → the file and hash it registers */
  readonly accessors = new Map<string, { file: string; hash: string }>()

  constructor(readonly text: string) {
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) this.lineStarts.push(at + 1)
    const registration = /function (__pp[\w$]+)\(\)\s*\{\s*var p\s*=\s*[\w$.]+\.register\(("(?:[^"\\\n]|\\.)*"),\s*"([\w]+)"/g
    for (let match = registration.exec(text); match !== null; match = registration.exec(text)) {
      try {
        this.accessors.set(match[1], { file: JSON.parse(match[2]) as string, hash: match[3] })
      } catch {
        // a file name in a quoting JSON does not read: that file's functions stay unnamed
      }
    }
  }

  offsetOf(line: number, column: number): number {
    return (this.lineStarts[line] ?? this.text.length) + column
  }
}

/** `/*⁣pp{*\/` (source-text.ts's open marker) or its blanked form: the transform's own output keeps it. */
const ENTER_PROBE = /^\s*(?:=>\s*)?\{\s*(?:\/\*[^*]*\*\/\s*)?(?:const|let) __ppf\d* ?= ?(__pp[\w$]+)\(\)\.e[ag]?\((\d+)\)/

/**
 * From the `(` of a function's parameters (or a lone parameter's name), past the parameter list to the body:
 * the enter probe there, if the body opens with one.
 */
function probeAfterParameters(text: string, start: number): { accessor: string; localId: number } | null {
  let at = start
  if (text[at] === '(') {
    at = closingParen(text, at)
    if (at < 0) return null
    at++
  } else {
    const name = /^[\w$]+/.exec(text.slice(at, at + 200))
    if (name === null) return null
    at += name[0].length
  }
  const match = ENTER_PROBE.exec(text.slice(at, at + 300))
  return match === null ? null : { accessor: match[1], localId: Number(match[2]) }
}

/** The index of the `)` closing the `(` at `open`, skipping strings, templates and comments; -1 if none. */
function closingParen(text: string, open: number): number {
  let depth = 0
  for (let at = open; at < text.length; at++) {
    const char = text[at]
    if (char === '(' || char === '[' || char === '{') depth++
    else if (char === ')' || char === ']' || char === '}') {
      depth--
      if (depth === 0) return char === ')' ? at : -1
    } else if (char === '"' || char === "'" || char === '`') {
      for (at++; at < text.length && text[at] !== char; at++) if (text[at] === '\\') at++
    } else if (char === '/' && text[at + 1] === '*') {
      at = text.indexOf('*/', at + 2)
      if (at < 0) return -1
      at++
    } else if (char === '/' && text[at + 1] === '/') {
      at = text.indexOf('\n', at)
      if (at < 0) return -1
    }
  }
  return -1
}
