// HOT PATH: every probe of every instrumented function lands in this file.
//
// Budget per sync call: two clock reads (timed modes only), a handful of typed-array reads and writes, no
// allocation, no Map lookup, no closure, no configuration check. The variant (timed or counts-only) is chosen
// once, in createRecorder(); the probes never test a mode.
//
// Model: a calling-context tree (CCT). Each node is one distinct path of calls from the root; a frame on the
// shadow stack is just the node it runs in. Time is attributed by events: at every probe, the time since the
// previous probe belongs to the node on top of the stack. Per-function and per-edge statistics (cProfile's
// ncalls, primitive calls, tottime, cumtime) are derived from the tree when a snapshot is taken (derive.ts), so
// the probes do not pay for them. Derivation is exact because a node's path is fixed: whether a call was
// primitive (the function, or the caller→callee edge, was not already active) is a property of the path.
//
// Invariants:
// - the stack stays balanced on return and throw (exits sit in `finally`) and across await/yield (suspend
//   pops the frame, resume pushes it back);
// - a frame whose exit was skipped (a RangeError thrown inside a probe on stack overflow) is dropped when a frame
//   below it exits: exit pops to its token, never just one level;
// - a parent node always has a smaller index than its children.
//
// Legend for the terse names below:
//   sp      stack pointer: depth of the frame on top; 0 is the root, which is never popped
//   stack   node per depth
//   last    clock reading (ms) at the previous probe event
//   token   what enter() returns and exit() takes: the depth at which the frame was pushed
//   epoch   bumped by closeAll(); async frames of an older epoch are ignored

import type { Clock } from './clock.js'

/** Node 0: no function; its own time is time spent with no instrumented function running. */
export const ROOT_NODE = 0
/** Function id stored on the root node. */
export const ROOT_FN = -1
/** Function id stored on the node that gathers calls made in contexts beyond the node cap. */
export const TRUNCATED_FN = -2

/** Epochs are unique across recorders, so a frame never matches a recorder it was not entered in. */
let lastEpoch = 0

const K_INITIAL_NODES = 1 << 12
const K_INITIAL_FUNCTIONS = 1 << 10
const K_INITIAL_STACK = 1 << 12
/** Default cap on distinct calling contexts: 2^20 nodes is ~24 MB of tree. */
export const K_DEFAULT_MAX_NODES = 1 << 20

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

export interface RecorderOptions {
  /** Clock for own times; `null` records counts and edges only. */
  clock: Clock | null
  /** Clock for async latency, read once at invocation and once at completion of an async function. */
  wallClock: Clock
  maxNodes?: number
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
}

export function createRecorder(options: RecorderOptions): Recorder {
  const clock = options.clock
  const wall = options.wallClock
  const maxNodes = Math.max(2, options.maxNodes ?? K_DEFAULT_MAX_NODES)

  // ---- the tree --------------------------------------------------------------------------------------------
  let nodeCapacity = K_INITIAL_NODES
  let nodeFn = new Int32Array(nodeCapacity)
  let nodeParent = new Int32Array(nodeCapacity)
  let nodeCalls = new Float64Array(nodeCapacity)
  let nodeSelf = new Float64Array(nodeCapacity) // ms
  let nodeCount = 1
  nodeFn[ROOT_NODE] = ROOT_FN
  nodeParent[ROOT_NODE] = -1 // never equal to a real parent, so a zeroed fnLastNode entry always misses
  let truncatedNode = -1

  // (parent, fn) → node: open addressing, at most half full; 0 marks an empty slot (the root is nobody's child)
  let tableMask = nodeCapacity * 2 - 1
  let table = new Int32Array(nodeCapacity * 2)

  // ---- per function ----------------------------------------------------------------------------------------
  let fnCapacity = K_INITIAL_FUNCTIONS
  let fnCount = 0
  let fnLastNode = new Int32Array(fnCapacity) // node of the function's latest call: the cache that skips the table
  let fnResumes = new Float64Array(fnCapacity)
  let fnLatencyCount = new Float64Array(fnCapacity)
  let fnLatencyTotal = new Float64Array(fnCapacity) // ms
  let fnLatencyMax = new Float64Array(fnCapacity) // ms

  // ---- the shadow stack ------------------------------------------------------------------------------------
  let stackCapacity = K_INITIAL_STACK
  let stack = new Int32Array(stackCapacity)
  let sp = 0
  let epoch = ++lastEpoch
  let last = clock === null ? 0 : clock()

  function hashSlot(parent: number, fn: number): number {
    return (Math.imul(parent, 0x9e3779b1) ^ Math.imul(fn + 3, 0x85ebca6b)) & tableMask
  }

  /** Cold path of enter(): the node for `fn` called from `parent`, created on first sight. */
  function findChild(parent: number, fn: number): number {
    let slot = hashSlot(parent, fn)
    for (let node = table[slot]; node !== 0; node = table[slot]) {
      if (nodeParent[node] === parent && nodeFn[node] === fn) {
        fnLastNode[fn] = node
        return node
      }
      slot = (slot + 1) & tableMask
    }
    if (nodeCount >= maxNodes && parent !== truncatedNode) {
      // Past the cap the path is forgotten: the call is counted under `(truncated) → fn`.
      if (truncatedNode < 0) truncatedNode = addNode(ROOT_NODE, TRUNCATED_FN)
      return findChild(truncatedNode, fn)
    }
    const node = addNode(parent, fn)
    fnLastNode[fn] = node
    return node
  }

  function addNode(parent: number, fn: number): number {
    if (nodeCount === nodeCapacity) growNodes()
    const node = nodeCount++
    nodeFn[node] = fn
    nodeParent[node] = parent
    let slot = hashSlot(parent, fn)
    while (table[slot] !== 0) slot = (slot + 1) & tableMask
    table[slot] = node
    return node
  }

  function growNodes(): void {
    nodeCapacity *= 2
    nodeFn = grownInt32(nodeFn, nodeCapacity)
    nodeParent = grownInt32(nodeParent, nodeCapacity)
    nodeCalls = grownFloat64(nodeCalls, nodeCapacity)
    nodeSelf = grownFloat64(nodeSelf, nodeCapacity)
    tableMask = nodeCapacity * 2 - 1
    table = new Int32Array(nodeCapacity * 2)
    for (let node = 1; node < nodeCount; node++) {
      let slot = hashSlot(nodeParent[node], nodeFn[node])
      while (table[slot] !== 0) slot = (slot + 1) & tableMask
      table[slot] = node
    }
  }

  function growStack(): void {
    stackCapacity *= 2
    stack = grownInt32(stack, stackCapacity)
  }

  // ---- timed probes ----------------------------------------------------------------------------------------

  function enterTimed(fn: number): number {
    const t = clock!()
    const parent = stack[sp]
    nodeSelf[parent] += t - last // time since the previous event belongs to the frame on top
    last = t
    let node = fnLastNode[fn] // most calls come from the context of the previous call: skip the table
    if (nodeParent[node] !== parent) node = findChild(parent, fn)
    nodeCalls[node]++
    if (++sp === stackCapacity) growStack()
    stack[sp] = node
    return sp
  }

  function exitTimed(token: number): void {
    if (token > sp) return // already popped (by closeAll or a repair): nothing to close
    const t = clock!()
    nodeSelf[stack[token]] += t - last // frames above the token missed their exit: they end here too
    last = t
    sp = token - 1
  }

  function suspendTimed<T>(frame: AsyncFrame, value: T): T {
    if (frame.state !== RUNNING || frame.epoch !== epoch) return value
    frame.state = SUSPENDED
    const depth = frame.depth
    if (depth > sp || stack[depth] !== frame.node) return value // popped by a repair already
    const t = clock!()
    nodeSelf[frame.node] += t - last
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
    if (++sp === stackCapacity) growStack()
    stack[sp] = frame.node // the logical caller stays the parent, whatever runs the microtask
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
    nodeSelf[frame.node] += t - last
    last = t
    sp = depth - 1
  }

  // ---- counts-only probes: the same stack discipline without a clock ---------------------------------------

  function enterCounted(fn: number): number {
    const parent = stack[sp]
    let node = fnLastNode[fn]
    if (nodeParent[node] !== parent) node = findChild(parent, fn)
    nodeCalls[node]++
    if (++sp === stackCapacity) growStack()
    stack[sp] = node
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
    return value
  }

  function resumeCounted<T>(frame: AsyncFrame, value: T): T {
    if (frame.state !== SUSPENDED || frame.epoch !== epoch) return value
    frame.state = RUNNING
    if (++sp === stackCapacity) growStack()
    stack[sp] = frame.node
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
  }

  function recordLatency(fn: number, ms: number): void {
    fnLatencyCount[fn]++
    fnLatencyTotal[fn] += ms
    if (ms > fnLatencyMax[fn]) fnLatencyMax[fn] = ms
  }

  const enter = clock === null ? enterCounted : enterTimed
  const probes: Probes = {
    enter,
    exit: clock === null ? exitCounted : exitTimed,
    enterAsync(fn) {
      const depth = enter(fn)
      return new AsyncFrame(stack[depth], fn, depth, epoch, wall())
    },
    enterGenerator(fn) {
      const depth = enter(fn)
      return new AsyncFrame(stack[depth], fn, depth, epoch, -1)
    },
    suspend: clock === null ? suspendCounted : suspendTimed,
    resume: clock === null ? resumeCounted : resumeTimed,
    exitAsync: clock === null ? exitAsyncCounted : exitAsyncTimed,
  }

  // ---- cold path -------------------------------------------------------------------------------------------

  return {
    probes,
    addFunctions(count) {
      const base = fnCount
      fnCount += count
      if (fnCount > fnCapacity) {
        while (fnCount > fnCapacity) fnCapacity *= 2
        fnLastNode = grownInt32(fnLastNode, fnCapacity)
        fnResumes = grownFloat64(fnResumes, fnCapacity)
        fnLatencyCount = grownFloat64(fnLatencyCount, fnCapacity)
        fnLatencyTotal = grownFloat64(fnLatencyTotal, fnCapacity)
        fnLatencyMax = grownFloat64(fnLatencyMax, fnCapacity)
      }
      return base
    },
    closeAll() {
      if (clock !== null) {
        const t = clock()
        nodeSelf[stack[sp]] += t - last
        last = t
      }
      sp = 0
      epoch = ++lastEpoch
    },
    reset() {
      nodeCalls.fill(0)
      nodeSelf.fill(0)
      fnResumes.fill(0)
      fnLatencyCount.fill(0)
      fnLatencyTotal.fill(0)
      fnLatencyMax.fill(0)
      if (clock !== null) last = clock()
    },
    view() {
      const selfMs = nodeSelf.slice(0, nodeCount)
      if (clock !== null) selfMs[stack[sp]] += clock() - last // the running frame's time up to now
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

function grownInt32(array: Int32Array, capacity: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(capacity)
  grown.set(array)
  return grown
}

function grownFloat64(array: Float64Array, capacity: number): Float64Array<ArrayBuffer> {
  const grown = new Float64Array(capacity)
  grown.set(array)
  return grown
}
