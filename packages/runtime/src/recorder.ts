// HOT PATH: every probe of every instrumented function lands in this file.
//
// Budget per sync call: two clock reads (timed modes only), a handful of typed-array reads and writes, no
// allocation, no Map lookup, no closure, no configuration check. The variant (timed, untimed) is chosen once, in
// createRecorder(); the probes never test a mode. Benchmark: bench/runtime/probe-cost.mjs (results in
// bench/RESULTS.md, "Probe cost").
//
// Over 400 lines on purpose: each mode's probes are written out whole, the child lookup included, so that every
// enter is one small closure function with no mode test and no helper call for TurboFan to inline or not (the
// tree's columns are never-assigned parameters of recorderOver() for the same reason, and to keep the probes'
// bytecode small: see there); the tree itself, its cold path and its bounds live in context-tree.ts.
//
// Model: the calling-context tree of context-tree.ts (its bounds and invariants are described there) and the
// node on top, `current[0]`: there is no shadow stack. A sync frame's token is the node below it (its caller's
// node, tagged with the epoch), and its exit makes that node the top again; an async frame remembers the node to
// return to at each suspension. Time is attributed by events: at every probe, the time since the previous probe
// belongs to the node on top. Keeping only the top instead of a stack of nodes took a load, a store and the
// stack pointer off every probe: counts-only parse5 2.49× → 1.97× the plain build ("The top node instead of a
// shadow stack", bench/RESULTS.md).
//
// Invariants:
// - the top is right again after every return and throw (exits sit in `finally`) and across await/yield
//   (suspend returns to the node the slice started from, resume makes the frame's node the top);
// - a frame whose exit was skipped (a RangeError thrown inside a probe on stack overflow) ends when a frame below
//   it exits: an exit restores its caller's node, whatever is on top;
// - a token of another epoch (frames entered before closeAll()) or of another recorder (profile()) is ignored:
//   the epoch's tag in its high bits differs, so the untagged value is not a node id. Tags repeat every
//   K_EPOCH_TAGS epochs; a frame would have to outlive that many closeAll() calls to be taken for a current one.
//
// Legend for the terse names below:
//   current  current[0]: the node on top (ROOT_NODE when no instrumented frame runs); shared memory that the
//            sampler thread reads in sampled mode
//   last     clock reading (ms) at the previous probe event
//   token    what enter() returns and exit() takes: the caller's node XOR the epoch's tag
//   epoch    bumped by closeAll(); frames of an older epoch are ignored
//   base     (context probes) the node an entry from the event loop (top = root) starts under: a request's route
//
// Context probes (server/, chosen once when a server integration is activated; the plain probes stay as they are):
// an entry with the root on top asks `baseFn()` which pseudo-function (a route, a profiled request) the running
// request context belongs to, and starts under that pseudo-function's node below the root instead of under the
// root. Nested calls never ask (their parent is on top), nor do resumed async frames (their node, fixed at
// invocation, already sits under the route that invoked them). Their token is the root, so time with nothing
// instrumented running (idle, or uninstrumented code called from the event loop) is still nobody's.

import type { Clock } from './clock.js'
import { ROOT_FN, ROOT_NODE, createContextTree, K_DEFAULT_MAX_NODES, K_TRUNCATION_RESERVE, type ContextTree } from './context-tree.js'

/** Epochs are unique across recorders, so a frame never matches a recorder it was not entered in. */
let lastEpoch = 0

const K_INITIAL_FUNCTIONS = 1 << 10
/** Node ids fit in the low 21 bits of a token; the epoch's tag takes the 10 above, and the token stays a small integer. */
const K_MAX_NODE_IDS = 1 << 21
/** The most distinct contexts a recorder keeps: its node ids (the truncation reserve included) stay below K_MAX_NODE_IDS. */
export const K_MAX_NODES = K_MAX_NODE_IDS - K_TRUNCATION_RESERVE
/** Tags 1..1022: never 0 (a token would equal its node) nor 1023 (the tag of IGNORED_TOKEN in file-probes.ts). */
const K_EPOCH_TAGS = 1022

function tagOf(epoch: number): number {
  return (((epoch - 1) % K_EPOCH_TAGS) + 1) * K_MAX_NODE_IDS
}

export const RUNNING = 0
export const SUSPENDED = 1
export const DONE = 2

/** One invocation of an async function or generator: it outlives suspensions, so a number cannot be its token. */
export class AsyncFrame {
  state = RUNNING
  constructor(
    readonly node: number,
    readonly fn: number,
    /** The node to return to when this frame suspends or ends: its caller's, then each slice's starting top. */
    public parent: number,
    readonly epoch: number,
    /** Wall clock at invocation (ms) for async-function latency; -1 for generators. */
    readonly startMs: number,
  ) {}
}

export interface Probes {
  enter(fn: number): number
  exit(token: number): void
  enterAsync(fn: number): AsyncFrame
  enterGenerator(fn: number): AsyncFrame
  suspend<T>(frame: AsyncFrame, value: T): T
  resume<T>(frame: AsyncFrame, value: T): T
  exitAsync(frame: AsyncFrame): void
}

/** A copy of the recorder's state, in milliseconds, with the running frames' time up to now included. */
export interface RecorderView {
  nodeCount: number
  nodeFn: Int32Array
  nodeParent: Int32Array
  nodeCalls: Float64Array
  nodeSelfMs: Float64Array
  fnCount: number
  fnResumes: Float64Array
  fnLatencyCount: Float64Array
  fnLatencyTotalMs: Float64Array
  fnLatencyMaxMs: Float64Array
  /** Frames on the stack when the view was taken. */
  openFrames: number
}

/**
 * Sampled time: the probes publish the node on top of the stack in `current[0]`; a sampler thread adds the
 * time between its samples to `selfMs[current[0]]`. Both live in shared memory.
 */
export interface SampledTime {
  current: Int32Array
  selfMs: Float64Array
}

export interface RecorderOptions {
  /** Clock for own times; `null` records counts and edges only (or sampled times, with `sampled`). */
  clock: Clock | null
  /** Clock for async latency, read once at invocation and once at completion of an async function. */
  wallClock: Clock
  maxNodes?: number
  /** With `clock: null`: own times come from a sampler thread reading the current node (threads.ts, startSampler). */
  sampled?: SampledTime
}

export interface Recorder {
  readonly probes: Probes
  /** Reserves `count` consecutive function ids and returns the first. */
  addFunctions(count: number): number
  /** Ends every open frame now (their time so far is kept) and forgets the stack. */
  closeAll(): void
  /** Zeroes every counter; the tree's shape and the running frames are kept. */
  reset(): void
  view(): RecorderView
  /**
   * Probes whose entries from the event loop (the root on top) start under the root-level node of the function
   * `baseFn()` returns (-1: the root itself). Built once per recorder; a later call only changes `baseFn`.
   */
  contextProbes(baseFn: () => number): Probes
  /** The node of `fn` directly under the root (a route's pseudo-function), created on first use. */
  rootChild(fn: number): number
  /** Adds `calls` to a node's call count (a route's node counts the requests it served). */
  addCalls(node: number, calls: number): void
  /**
   * Moves the counts and own times of `from` and its subtree onto `to` and the same paths below it, creating
   * nodes as needed, and zeroes them under `from`. Cold path: a profiled request joins its route.
   */
  moveSubtree(from: number, to: number): void
}

export function createRecorder(options: RecorderOptions): Recorder {
  const sampled = options.sampled
  const clock = options.clock
  const tree = createContextTree(Math.min(options.maxNodes ?? K_DEFAULT_MAX_NODES, K_MAX_NODES))
  const nodeSelf = sampled !== undefined ? sampled.selfMs : new Float64Array(clock === null ? 1 : tree.capacity) // ms
  // The node on top: `current[0]`. In sampled mode it is the shared slot the sampler thread reads, so publishing
  // the top costs nothing more than keeping it.
  const current = sampled !== undefined ? sampled.current : new Int32Array(1)
  current[0] = ROOT_NODE
  const { nodeFn, nodeParent, childCache, nodeCalls, fnLastNode, findChild } = tree
  return recorderOver(options, tree, clock, current, nodeSelf, nodeFn, nodeParent, childCache, nodeCalls, fnLastNode, findChild)
}

/**
 * The recorder around its tree. Every binding a probe reads is a parameter of this function that is never
 * assigned (the tree's fixed-capacity columns, the clock, the top) or a `var` of it (the state that changes):
 * V8 embeds a never-assigned captured parameter as a constant once TurboFan knows the closure, as it does a
 * `const`, but without the check that a `const` or `let` read from a closure pays for its temporal dead zone
 * (`ThrowReferenceErrorIfHole`, 2 bytes of bytecode per read). Bytecode bytes matter: every byte a probe has is
 * charged to the inlining budget of each optimized function the probe lands in (920 bytes by default), so a
 * smaller probe leaves room for inlining the user's own calls ("Leaner probes", bench/RESULTS.md). For the same
 * reason the child slot is computed in place rather than through childSlot(), and the node-id bound is a literal.
 */
function recorderOver(
  options: RecorderOptions,
  tree: ContextTree,
  clock: Clock | null,
  current: Int32Array,
  nodeSelf: Float64Array,
  nodeFn: Int32Array,
  nodeParent: Int32Array,
  childCache: Int32Array,
  nodeCalls: Float64Array,
  fnLastNode: Int32Array,
  findChild: (parent: number, fn: number) => number,
): Recorder {
  const wall = options.wallClock
  const sampled = options.sampled

  // ---- per function (cold or async paths only) ---------------------------------------------------------------
  // `var`, not `let`, for what the probes read and the cold path reassigns: no dead-zone check per read (above).
  let fnCapacity = K_INITIAL_FUNCTIONS
  let fnCount = 0
  var fnResumes = new Float64Array(fnCapacity)
  var fnLatencyCount = new Float64Array(fnCapacity)
  var fnLatencyTotal = new Float64Array(fnCapacity) // ms
  var fnLatencyMax = new Float64Array(fnCapacity) // ms

  // ---- epochs and tokens -------------------------------------------------------------------------------------
  var epoch = ++lastEpoch
  var epochTag = tagOf(epoch)
  var last = clock === null ? 0 : clock()

  /**
   * Whether `node` is the top node or on its path to the root. A running async frame is on top when it suspends
   * or ends (the walk stops at its first step); below the top when a callee skipped its exit; off the path when
   * a frame below it repaired it away.
   */
  function onTopPath(node: number): boolean {
    for (let at = current[0]; at > ROOT_NODE; at = nodeParent[at]) if (at === node) return true
    return false
  }

  // ---- probe variants ----------------------------------------------------------------------------------------
  // One enter/exit set per mode (timed, untimed; and the context enters below), chosen once at the end of
  // createRecorder, so that the probes never test a mode. That choice was a design rule from the start, never
  // measured against a single probe set that tests the mode per call.

  // ---- timed probes ----------------------------------------------------------------------------------------

  function enterTimed(fn: number): number {
    const t = clock!()
    const parent = current[0]
    nodeSelf[parent] += t - last // time since the previous event belongs to the frame on top
    last = t
    let node = childCache[(parent << 3) | (fn & 7)] // recursion and loops repeat earlier calls from the same context
    if (nodeFn[node] !== fn) {
      node = fnLastNode[fn] // most functions are called from one context: a method called among others
      if (nodeParent[node] !== parent) node = findChild(parent, fn)
    }
    nodeCalls[node]++
    current[0] = node
    return parent ^ epochTag
  }

  function exitTimed(token: number): void {
    const parent = token ^ epochTag
    if (parent >= 0x200000) return // K_MAX_NODE_IDS; another epoch's or recorder's frame (closeAll, profile()): not ours
    const t = clock!()
    nodeSelf[current[0]] += t - last // frames above this one that missed their exit end here too, with it
    last = t
    current[0] = parent
  }

  function suspendTimed<T>(frame: AsyncFrame, value: T): T {
    if (frame.state !== RUNNING || frame.epoch !== epoch) return value
    frame.state = SUSPENDED
    if (!onTopPath(frame.node)) return value // popped by a repair already
    const t = clock!()
    nodeSelf[current[0]] += t - last
    last = t
    current[0] = frame.parent
    return value
  }

  function resumeTimed<T>(frame: AsyncFrame, value: T): T {
    if (frame.state !== SUSPENDED || frame.epoch !== epoch) return value
    frame.state = RUNNING
    const t = clock!()
    nodeSelf[current[0]] += t - last
    last = t
    frame.parent = current[0] // where this slice returns to at its next suspension
    current[0] = frame.node // the logical caller stays the parent in the tree, whatever runs the microtask
    fnResumes[frame.fn]++
    return value
  }

  function exitAsyncTimed(frame: AsyncFrame): void {
    if (frame.state === DONE || frame.epoch !== epoch) return
    const wasRunning = frame.state === RUNNING
    frame.state = DONE
    if (frame.startMs >= 0) recordLatency(frame.fn, wall() - frame.startMs)
    if (!wasRunning || !onTopPath(frame.node)) return
    const t = clock!()
    nodeSelf[current[0]] += t - last
    last = t
    current[0] = frame.parent
  }

  // ---- untimed probes (counts, sampled): the same discipline without a clock -------------------------------
  // Counts-only and sampled share them: the top node is kept in `current[0]` either way, which a sampler thread
  // reads when there is one (bench/RESULTS.md, "The top node instead of a shadow stack").

  function enterUntimed(fn: number): number {
    const parent = current[0]
    let node = childCache[(parent << 3) | (fn & 7)]
    if (nodeFn[node] !== fn) {
      node = fnLastNode[fn]
      if (nodeParent[node] !== parent) node = findChild(parent, fn)
    }
    nodeCalls[node]++
    current[0] = node
    return parent ^ epochTag
  }

  function exitUntimed(token: number): void {
    const parent = token ^ epochTag
    if (parent < 0x200000) current[0] = parent // K_MAX_NODE_IDS: not another epoch's or recorder's frame
  }

  function suspendUntimed<T>(frame: AsyncFrame, value: T): T {
    if (frame.state !== RUNNING || frame.epoch !== epoch) return value
    frame.state = SUSPENDED
    if (onTopPath(frame.node)) current[0] = frame.parent
    return value
  }

  function resumeUntimed<T>(frame: AsyncFrame, value: T): T {
    if (frame.state !== SUSPENDED || frame.epoch !== epoch) return value
    frame.state = RUNNING
    frame.parent = current[0]
    current[0] = frame.node
    fnResumes[frame.fn]++
    return value
  }

  function exitAsyncUntimed(frame: AsyncFrame): void {
    if (frame.state === DONE || frame.epoch !== epoch) return
    const wasRunning = frame.state === RUNNING
    frame.state = DONE
    if (frame.startMs >= 0) recordLatency(frame.fn, wall() - frame.startMs)
    if (wasRunning && onTopPath(frame.node)) current[0] = frame.parent
  }

  // ---- context probes: the same enters, except that an entry from the event loop starts under the base node ---

  let baseFn: () => number = () => ROOT_FN

  /** The root-level node of the pseudo-function the running request context names; the root outside requests. */
  function baseNode(): number {
    const fn = baseFn()
    if (fn < 0) return ROOT_NODE
    const node = fnLastNode[fn] // a route's pseudo-function has one context: the cache nearly always hits
    return nodeParent[node] === ROOT_NODE && nodeFn[node] === fn ? node : findChild(ROOT_NODE, fn)
  }

  // Their token is the root, not the base: the frame's exit returns to the event loop, where the next entry asks
  // the request context again.
  function enterTimedInContext(fn: number): number {
    const t = clock!()
    const top = current[0]
    nodeSelf[top] += t - last // before the base is looked up: time with an empty stack stays the root's
    last = t
    const parent = top === ROOT_NODE ? baseNode() : top // only entries from the event loop ask the request context
    let node = childCache[(parent << 3) | (fn & 7)]
    if (nodeFn[node] !== fn) {
      node = fnLastNode[fn]
      if (nodeParent[node] !== parent) node = findChild(parent, fn)
    }
    nodeCalls[node]++
    current[0] = node
    return top ^ epochTag
  }

  function enterUntimedInContext(fn: number): number {
    const top = current[0]
    const parent = top === ROOT_NODE ? baseNode() : top
    let node = childCache[(parent << 3) | (fn & 7)]
    if (nodeFn[node] !== fn) {
      node = fnLastNode[fn]
      if (nodeParent[node] !== parent) node = findChild(parent, fn)
    }
    nodeCalls[node]++
    current[0] = node
    return top ^ epochTag
  }

  function recordLatency(fn: number, ms: number): void {
    fnLatencyCount[fn]++
    fnLatencyTotal[fn] += ms
    if (ms > fnLatencyMax[fn]) fnLatencyMax[fn] = ms
  }

  const timed = clock !== null
  const withLatency = timed || sampled !== undefined // counts-only reads no clock at all, not even for latency

  /** The probe set around one enter variant; everything but entering is shared by the plain and context sets. */
  function probesWith(enter: (fn: number) => number): Probes {
    return {
      enter,
      exit: timed ? exitTimed : exitUntimed,
      enterAsync(fn) {
        const parent = enter(fn) ^ epochTag
        return new AsyncFrame(current[0], fn, parent, epoch, withLatency ? wall() : -1)
      },
      enterGenerator(fn) {
        const parent = enter(fn) ^ epochTag
        return new AsyncFrame(current[0], fn, parent, epoch, -1)
      },
      suspend: timed ? suspendTimed : suspendUntimed,
      resume: timed ? resumeTimed : resumeUntimed,
      exitAsync: timed ? exitAsyncTimed : exitAsyncUntimed,
    }
  }

  const probes = probesWith(timed ? enterTimed : enterUntimed)
  let contextProbes: Probes | null = null

  // ---- cold path -------------------------------------------------------------------------------------------

  return {
    probes,
    addFunctions(count) {
      const base = fnCount
      fnCount += count
      if (fnCount > fnCapacity) {
        while (fnCount > fnCapacity) fnCapacity *= 2
        fnResumes = grownFloat64(fnResumes, fnCapacity)
        fnLatencyCount = grownFloat64(fnLatencyCount, fnCapacity)
        fnLatencyTotal = grownFloat64(fnLatencyTotal, fnCapacity)
        fnLatencyMax = grownFloat64(fnLatencyMax, fnCapacity)
      }
      return base
    },
    closeAll() {
      if (timed) {
        const t = clock()
        nodeSelf[current[0]] += t - last
        last = t
      }
      current[0] = ROOT_NODE
      epoch = ++lastEpoch
      epochTag = tagOf(epoch)
    },
    reset() {
      tree.resetCounts(timed || sampled !== undefined ? nodeSelf : null)
      fnResumes.fill(0)
      fnLatencyCount.fill(0)
      fnLatencyTotal.fill(0)
      fnLatencyMax.fill(0)
      if (timed) last = clock()
    },
    contextProbes(resolve) {
      baseFn = resolve
      contextProbes ??= probesWith(timed ? enterTimedInContext : enterUntimedInContext)
      return contextProbes
    },
    rootChild(fn) {
      return tree.rootChild(fn)
    },
    addCalls(node, calls) {
      nodeCalls[node] += calls
    },
    moveSubtree(from, to) {
      tree.moveSubtree(from, to, timed || sampled !== undefined ? nodeSelf : null)
    },
    view() {
      const nodeCount = tree.nodeCount()
      const selfMs = timed || sampled !== undefined ? nodeSelf.slice(0, nodeCount) : new Float64Array(nodeCount)
      if (timed) selfMs[current[0]] += clock() - last // the running frame's time up to now
      let openFrames = 0
      for (let at = current[0]; at > ROOT_NODE; at = nodeParent[at]) openFrames++
      return {
        nodeCount,
        nodeFn: nodeFn.slice(0, nodeCount),
        nodeParent: nodeParent.slice(0, nodeCount),
        nodeCalls: nodeCalls.slice(0, nodeCount),
        nodeSelfMs: selfMs,
        fnCount,
        fnResumes: fnResumes.slice(0, fnCount),
        fnLatencyCount: fnLatencyCount.slice(0, fnCount),
        fnLatencyTotalMs: fnLatencyTotal.slice(0, fnCount),
        fnLatencyMaxMs: fnLatencyMax.slice(0, fnCount),
        openFrames,
      }
    },
  }
}

function grownFloat64(array: Float64Array, capacity: number): Float64Array<ArrayBuffer> {
  const grown = new Float64Array(capacity)
  grown.set(array)
  return grown
}
