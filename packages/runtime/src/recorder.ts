// HOT PATH: every probe of every instrumented function lands in this file.
//
// Budget per sync call: two clock reads (timed modes only), a handful of typed-array reads and writes, no
// allocation, no Map lookup, no closure, no configuration check. The variant (timed, counts-only, sampled) is
// chosen once, in createRecorder(); the probes never test a mode. Benchmark: bench/runtime/probe-cost.mjs
// (results in bench/RESULTS.md, "Probe cost").
//
// Over 400 lines on purpose: each mode's probes are written out whole, the child lookup included, so that every
// enter is one small closure function with no mode test and no helper call for TurboFan to inline or not (the
// tree's columns are `const` bindings of this closure for the same reason: "Hot-path changes" in RESULTS.md);
// the tree itself, its cold path and its bounds live in context-tree.ts.
//
// Model: the calling-context tree of context-tree.ts (its bounds and invariants are described there); a frame on
// the shadow stack is just the node it runs in. Time is attributed by events: at every probe, the time since the
// previous probe belongs to the node on top of the stack. The tree's columns are read here through consts of
// createRecorder's closure; the tree's cold path (findChild) creates nodes and owns the hash table.
//
// Invariants:
// - the stack stays balanced on return and throw (exits sit in `finally`) and across await/yield (suspend
//   pops the frame, resume pushes it back);
// - a frame whose exit was skipped (a RangeError thrown inside a probe on stack overflow) is dropped when a frame
//   below it exits: exit pops to its token, never just one level;
// - the stack never outgrows K_STACK_CAPACITY: every frame on it is a live JS frame (or a resumed async frame,
//   which runs on a live JS frame too), and V8's own stack overflows (RangeError) long before 2^20 frames.
//
// Legend for the terse names below:
//   sp      stack pointer: depth of the frame on top; 0 is the root, which is never popped
//   stack   node per depth
//   last    clock reading (ms) at the previous probe event
//   token   what enter() returns and exit() takes: the depth at which the frame was pushed
//   epoch   bumped by closeAll(); async frames of an older epoch are ignored
//   current (sampled mode) the node on top of the stack, in shared memory the sampler thread reads
//   base    (context probes) the node an entry from the event loop (sp === 0) starts under: a request's route
//
// Context probes (server/, chosen once when a server integration is activated; the plain probes stay as they are):
// an entry at depth 0 asks `baseFn()` which pseudo-function (a route, a profiled request) the running request
// context belongs to, and starts under that pseudo-function's node below the root instead of under the root.
// Nested calls never ask (their parent is on the stack), nor do resumed async frames (their node, fixed at
// invocation, already sits under the route that invoked them). stack[0] stays the root, so time with nothing
// on the stack (idle, or uninstrumented code called from the event loop) is still nobody's.

import type { Clock } from './clock.js'
import { ROOT_FN, ROOT_NODE, childSlot as childSlotOfTree, createContextTree, K_DEFAULT_MAX_NODES } from './context-tree.js'

/** Epochs are unique across recorders, so a frame never matches a recorder it was not entered in. */
let lastEpoch = 0

const K_INITIAL_FUNCTIONS = 1 << 10
/** Shadow stack depth: far beyond what V8's stack allows, so the probes need no capacity check. */
const K_STACK_CAPACITY = 1 << 20

export const RUNNING = 0
export const SUSPENDED = 1
export const DONE = 2

/** One invocation of an async function or generator; it outlives suspensions, so it cannot be a depth. */
export class AsyncFrame {
  state = RUNNING
  constructor(
    readonly node: number,
    readonly fn: number,
    public depth: number,
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
  /** Sampled mode: writes this recorder's top node into the shared slot again (after another recorder used it). */
  publishTop(): void
  /**
   * Probes whose entries from the event loop (depth 0) start under the root-level node of the function
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
  const clock = options.clock
  const wall = options.wallClock
  const sampled = options.sampled

  // ---- the tree ----------------------------------------------------------------------------------------------
  const tree = createContextTree(options.maxNodes ?? K_DEFAULT_MAX_NODES)
  // The tree's typed arrays (fixed capacity) as `const` bindings of this closure, destructured once: V8 embeds a
  // const context slot as a constant, where a reassignable one costs a reload per access (and a property load
  // through `tree` would cost one more); with a per-node cache of the last child entered (bench:
  // runtime/probe-cost, counts-only fib 10.8 → 5.5 ns added per call, methods 14.8 → 10.0; bench/RESULTS.md).
  // That cache is now the tree's 8-slot child cache. The hash table is not among them: it is reassigned when it
  // grows, and only findChild (cold) reads it.
  const { nodeFn, nodeParent, childCache, nodeCalls, fnLastNode, findChild } = tree
  // The slot function as a const of this closure too, as it was before the tree moved out (a closure-local
  // function); whether reading it through the import instead would cost anything was not measured.
  const childSlot = childSlotOfTree
  const nodeSelf = sampled !== undefined ? sampled.selfMs : new Float64Array(clock === null ? 1 : tree.capacity) // ms
  const current = sampled !== undefined ? sampled.current : new Int32Array(1)

  // ---- per function (cold or async paths only) ---------------------------------------------------------------
  let fnCapacity = K_INITIAL_FUNCTIONS
  let fnCount = 0
  let fnResumes = new Float64Array(fnCapacity)
  let fnLatencyCount = new Float64Array(fnCapacity)
  let fnLatencyTotal = new Float64Array(fnCapacity) // ms
  let fnLatencyMax = new Float64Array(fnCapacity) // ms

  // ---- the shadow stack ------------------------------------------------------------------------------------
  const stack = new Int32Array(K_STACK_CAPACITY)
  let sp = 0
  let epoch = ++lastEpoch
  let last = clock === null ? 0 : clock()

  // ---- probe variants ----------------------------------------------------------------------------------------
  // One enter/exit set per mode (timed, counts-only, sampled; and the context enters below), chosen once at the
  // end of createRecorder, so that the probes never test a mode. That choice was a design rule from the start,
  // never measured against a single probe set that tests the mode per call.

  // ---- timed probes ----------------------------------------------------------------------------------------

  function enterTimed(fn: number): number {
    const t = clock!()
    const parent = stack[sp]
    nodeSelf[parent] += t - last // time since the previous event belongs to the frame on top
    last = t
    let node = childCache[childSlot(parent, fn)] // recursion and loops repeat earlier calls from the same context
    if (nodeFn[node] !== fn) {
      node = fnLastNode[fn] // most functions are called from one context: a method called among others
      if (nodeParent[node] !== parent) node = findChild(parent, fn)
    }
    nodeCalls[node]++
    stack[++sp] = node
    return sp
  }

  function exitTimed(token: number): void {
    if (token > sp) return // already popped (by closeAll or a repair): nothing to close
    const t = clock!()
    nodeSelf[stack[sp]] += t - last // frames above the token missed their exit: they end here too, with this one
    last = t
    sp = token - 1
  }

  function suspendTimed<T>(frame: AsyncFrame, value: T): T {
    if (frame.state !== RUNNING || frame.epoch !== epoch) return value
    frame.state = SUSPENDED
    const depth = frame.depth
    if (depth > sp || stack[depth] !== frame.node) return value // popped by a repair already
    const t = clock!()
    nodeSelf[stack[sp]] += t - last
    last = t
    sp = depth - 1
    return value
  }

  function resumeTimed<T>(frame: AsyncFrame, value: T): T {
    if (frame.state !== SUSPENDED || frame.epoch !== epoch) return value
    frame.state = RUNNING
    const t = clock!()
    nodeSelf[stack[sp]] += t - last
    last = t
    stack[++sp] = frame.node // the logical caller stays the parent, whatever runs the microtask
    frame.depth = sp
    fnResumes[frame.fn]++
    return value
  }

  function exitAsyncTimed(frame: AsyncFrame): void {
    if (frame.state === DONE || frame.epoch !== epoch) return
    const wasRunning = frame.state === RUNNING
    frame.state = DONE
    if (frame.startMs >= 0) recordLatency(frame.fn, wall() - frame.startMs)
    const depth = frame.depth
    if (!wasRunning || depth > sp || stack[depth] !== frame.node) return
    const t = clock!()
    nodeSelf[stack[sp]] += t - last
    last = t
    sp = depth - 1
  }

  // ---- counts-only probes: the same stack discipline without a clock ---------------------------------------

  function enterCounted(fn: number): number {
    const parent = stack[sp]
    let node = childCache[childSlot(parent, fn)]
    if (nodeFn[node] !== fn) {
      node = fnLastNode[fn]
      if (nodeParent[node] !== parent) node = findChild(parent, fn)
    }
    nodeCalls[node]++
    stack[++sp] = node
    return sp
  }

  function exitCounted(token: number): void {
    if (token <= sp) sp = token - 1
  }

  function suspendCounted<T>(frame: AsyncFrame, value: T): T {
    if (frame.state !== RUNNING || frame.epoch !== epoch) return value
    frame.state = SUSPENDED
    const depth = frame.depth
    if (depth <= sp && stack[depth] === frame.node) sp = depth - 1
    current[0] = stack[sp]
    return value
  }

  function resumeCounted<T>(frame: AsyncFrame, value: T): T {
    if (frame.state !== SUSPENDED || frame.epoch !== epoch) return value
    frame.state = RUNNING
    stack[++sp] = frame.node
    current[0] = frame.node
    frame.depth = sp
    fnResumes[frame.fn]++
    return value
  }

  function exitAsyncCounted(frame: AsyncFrame): void {
    if (frame.state === DONE || frame.epoch !== epoch) return
    const wasRunning = frame.state === RUNNING
    frame.state = DONE
    if (frame.startMs >= 0) recordLatency(frame.fn, wall() - frame.startMs)
    const depth = frame.depth
    if (wasRunning && depth <= sp && stack[depth] === frame.node) sp = depth - 1
    current[0] = stack[sp]
  }

  // ---- sampled probes: counts-only plus publishing the top node for the sampler thread ---------------------

  function enterSampled(fn: number): number {
    const parent = stack[sp]
    let node = childCache[childSlot(parent, fn)]
    if (nodeFn[node] !== fn) {
      node = fnLastNode[fn]
      if (nodeParent[node] !== parent) node = findChild(parent, fn)
    }
    nodeCalls[node]++
    stack[++sp] = node
    current[0] = node // a plain store: the sampler reads it rarely, so the line mostly stays in this core's cache
    return sp
  }

  function exitSampled(token: number): void {
    if (token <= sp) {
      sp = token - 1
      current[0] = stack[sp]
    }
  }

  // ---- context probes: the same enters, except that depth 0 starts under the request's base node -----------

  let baseFn: () => number = () => ROOT_FN

  /** The root-level node of the pseudo-function the running request context names; the root outside requests. */
  function baseNode(): number {
    const fn = baseFn()
    if (fn < 0) return ROOT_NODE
    const node = fnLastNode[fn] // a route's pseudo-function has one context: the cache nearly always hits
    return nodeParent[node] === ROOT_NODE && nodeFn[node] === fn ? node : findChild(ROOT_NODE, fn)
  }

  function enterTimedInContext(fn: number): number {
    const t = clock!()
    const top = stack[sp]
    nodeSelf[top] += t - last // before the base is looked up: time with an empty stack stays the root's
    last = t
    const parent = sp === 0 ? baseNode() : top // only entries from the event loop ask the request context
    let node = childCache[childSlot(parent, fn)]
    if (nodeFn[node] !== fn) {
      node = fnLastNode[fn]
      if (nodeParent[node] !== parent) node = findChild(parent, fn)
    }
    nodeCalls[node]++
    stack[++sp] = node
    return sp
  }

  function enterCountedInContext(fn: number): number {
    const parent = sp === 0 ? baseNode() : stack[sp]
    let node = childCache[childSlot(parent, fn)]
    if (nodeFn[node] !== fn) {
      node = fnLastNode[fn]
      if (nodeParent[node] !== parent) node = findChild(parent, fn)
    }
    nodeCalls[node]++
    stack[++sp] = node
    return sp
  }

  function enterSampledInContext(fn: number): number {
    const parent = sp === 0 ? baseNode() : stack[sp]
    let node = childCache[childSlot(parent, fn)]
    if (nodeFn[node] !== fn) {
      node = fnLastNode[fn]
      if (nodeParent[node] !== parent) node = findChild(parent, fn)
    }
    nodeCalls[node]++
    stack[++sp] = node
    current[0] = node
    return sp
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
      exit: timed ? exitTimed : sampled !== undefined ? exitSampled : exitCounted,
      enterAsync(fn) {
        const depth = enter(fn)
        return new AsyncFrame(stack[depth], fn, depth, epoch, withLatency ? wall() : -1)
      },
      enterGenerator(fn) {
        const depth = enter(fn)
        return new AsyncFrame(stack[depth], fn, depth, epoch, -1)
      },
      suspend: timed ? suspendTimed : suspendCounted,
      resume: timed ? resumeTimed : resumeCounted,
      exitAsync: timed ? exitAsyncTimed : exitAsyncCounted,
    }
  }

  const probes = probesWith(timed ? enterTimed : sampled !== undefined ? enterSampled : enterCounted)
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
        nodeSelf[stack[sp]] += t - last
        last = t
      }
      sp = 0
      current[0] = ROOT_NODE
      epoch = ++lastEpoch
    },
    reset() {
      tree.resetCounts(timed || sampled !== undefined ? nodeSelf : null)
      fnResumes.fill(0)
      fnLatencyCount.fill(0)
      fnLatencyTotal.fill(0)
      fnLatencyMax.fill(0)
      if (timed) last = clock()
    },
    publishTop() {
      current[0] = stack[sp]
    },
    contextProbes(resolve) {
      baseFn = resolve
      contextProbes ??= probesWith(timed ? enterTimedInContext : sampled !== undefined ? enterSampledInContext : enterCountedInContext)
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
      if (timed) selfMs[stack[sp]] += clock() - last // the running frame's time up to now
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
        openFrames: sp,
      }
    },
  }
}

function grownFloat64(array: Float64Array, capacity: number): Float64Array<ArrayBuffer> {
  const grown = new Float64Array(capacity)
  grown.set(array)
  return grown
}
