// The calling-context tree (CCT) the probes record into: node columns, the caches in front of the lookup, and
// the cold paths that create nodes. The probes (recorder.ts) read the columns directly; everything that
// reassigns (the hash table when it grows) or allocates stays behind findChild(), on the cold path.
//
// Model: each node is one distinct path of calls from the root. Per-function and per-edge statistics (cProfile's
// ncalls, primitive calls, tottime, cumtime) are derived from the tree when a snapshot is taken (derive.ts), so
// the probes do not pay for them. Derivation is exact because a node's path is fixed: whether a call was
// primitive (the function, or the caller→callee edge, was not already active) is a property of the path.
//
// Bounds (the tree's memory never grows with run time, only with distinct paths):
// - self-recursion folds: once a function has called itself K_FOLD_SELF_RECURSION times in a row on one path,
//   deeper self-calls re-enter that last node instead of adding one node per level. Every cProfile statistic
//   stays exact (the folded node is already below an active f→f edge, so all its calls are recursive for the
//   function and for the edge, and its time belongs to the f→f edge); only the flame graph shows the chain
//   cut at that depth, with the deeper levels' time inside the last node.
// - past `maxNodes` distinct paths, a new path is forgotten but its caller is kept: the call is counted under
//   `(truncated) → caller → fn`, the caller's node a stand-in never entered (ncalls, tottime and the edge's calls
//   stay exact; primitive calls and cumtime there are what the shortened path says); meta.truncatedCalls says how
//   many calls.
//
// Invariant: a parent node always has a smaller index than its children (a folded node is its own parent's
// child, not its own child: re-entries push the same node again).

/** Node 0: no function; its own time is time spent with no instrumented function running. */
export const ROOT_NODE = 0
/** Function id stored on the root node. */
export const ROOT_FN = -1
/** Function id stored on the node that gathers calls made in contexts beyond the node cap. */
export const TRUNCATED_FN = -2

const K_INITIAL_TABLE = 1 << 13
/** Nodes past the cap for `(truncated) → fn`; past these too, calls count on `(truncated)` itself. */
export const K_TRUNCATION_RESERVE = 1 << 14
/** Functions whose latest context is cached for the probes; more still work, through the table. */
const K_MAX_CACHED_FUNCTIONS = 1 << 18
/** Consecutive self-calls kept as distinct nodes on a path before deeper ones fold; at least 3 (see above). */
export const K_FOLD_SELF_RECURSION = 64
/** Default cap on distinct calling contexts: 2^20 nodes, ~60 MB reserved, touched only as paths appear. */
export const K_DEFAULT_MAX_NODES = 1 << 20

/** Node capacity a tree reserves for `maxNodes` (also the size of a sampled-time buffer). */
export function nodeCapacityFor(maxNodes: number): number {
  return maxNodes + K_TRUNCATION_RESERVE
}

/**
 * Index in `childCache` of the slot that may hold the child of `parent` running `fn`. The probes (recorder.ts)
 * compute the same expression in place, to keep their bytecode small: a change of the slot layout changes both.
 */
export function childSlot(parent: number, fn: number): number {
  return (parent << 3) | (fn & 7) // literals: a bundler may turn a module constant into a variable read per call
}

export interface ContextTree {
  /** Nodes reserved: the length of every node column. */
  readonly capacity: number
  /** Function id per node (ROOT_FN, TRUNCATED_FN for the two special nodes). */
  readonly nodeFn: Int32Array
  /** Parent node per node; -1 for the root. */
  readonly nodeParent: Int32Array
  /** Calls per node. */
  readonly nodeCalls: Float64Array
  /**
   * Children entered last from each node, 8 slots per node (see childSlot): the probes' first cache. A slot
   * holds a child of its node, or 0 (the root, nobody's child).
   */
  readonly childCache: Int32Array
  /** Node of each function's latest context: the probes' second cache (ids past its length read `undefined`). */
  readonly fnLastNode: Int32Array
  /** Cold path of the probes' lookup: the node for `fn` called from `parent`, created on first sight. */
  findChild(parent: number, fn: number): number
  /** Nodes in use; node indexes are below it. */
  nodeCount(): number
  /** The node of `fn` directly under the root (a route's pseudo-function), created on first use. */
  rootChild(fn: number): number
  /** Zeroes the calls, and the own times in `self` (a column per node) unless null; the shape is kept. */
  resetCounts(self: Float64Array | null): void
  /**
   * Moves the calls, and the own times in `self` unless null, of `from` and its subtree onto `to` and the same
   * paths below it, creating nodes as needed, and zeroes them under `from`. Cold path: a profiled request joins
   * its route.
   */
  moveSubtree(from: number, to: number, self: Float64Array | null): void
}

export function createContextTree(maxNodes: number): ContextTree {
  const nodeLimit = Math.max(2, maxNodes)
  // Typed arrays of fixed capacity, never reallocated: the probes hold them in `const` bindings of their own
  // closure (recorder.ts says why, with the measurement).
  const capacity = nodeCapacityFor(nodeLimit)
  const nodeFn = new Int32Array(capacity)
  const nodeParent = new Int32Array(capacity)
  // Children entered last from each node, 8 slots per node by the low 3 bits of their function id (a direct-mapped
  // cache): the cache that skips the table. A parser's function calls several children in turn (match, next,
  // parseX…), which one last-child slot kept missing (bench/RESULTS.md, "The child cache on real workloads").
  // Slot `childSlot(parent, fn)` holds a child of `parent`, or 0 (the root, nobody's child).
  const childCache = new Int32Array(capacity * 8)
  const nodeChain = new Uint8Array(capacity) // consecutive self-calls ending at this node, saturating
  const nodeCalls = new Float64Array(capacity)
  // node of each function's latest context: the second cache before the table (ids past the capacity read
  // `undefined`, which misses, and fall through to the table)
  const fnLastNode = new Int32Array(K_MAX_CACHED_FUNCTIONS)
  let nodeCount = 1
  nodeFn[ROOT_NODE] = ROOT_FN
  nodeParent[ROOT_NODE] = -1
  let truncatedNode = -1

  // (parent, fn) → node: open addressing, at most half full; 0 marks an empty slot (the root is nobody's child).
  // Reassigned when it grows: only the cold path below reads it, never the probes.
  let tableMask = K_INITIAL_TABLE - 1
  let table = new Int32Array(K_INITIAL_TABLE)

  function hashSlot(parent: number, fn: number): number {
    return (Math.imul(parent, 0x9e3779b1) ^ Math.imul(fn + 3, 0x85ebca6b)) & tableMask
  }

  function findChild(parent: number, fn: number): number {
    if (nodeFn[parent] === fn && nodeChain[parent] >= K_FOLD_SELF_RECURSION) {
      childCache[childSlot(parent, fn)] = parent // folded self-recursion re-enters the same node
      return parent
    }
    let node = fnLastNode[fn]
    if (nodeParent[node] !== parent || nodeFn[node] !== fn) node = lookUp(parent, fn)
    if (nodeFn[node] === fn) fnLastNode[fn] = node // the probes check only the parent: cache nodes of `fn` only
    childCache[childSlot(parent, fn)] = node
    return node
  }

  function lookUp(parent: number, fn: number): number {
    let slot = hashSlot(parent, fn)
    for (let node = table[slot]; node !== 0; node = table[slot]) {
      if (nodeParent[node] === parent && nodeFn[node] === fn) return node
      slot = (slot + 1) & tableMask
    }
    if (nodeCount >= nodeLimit && parent !== truncatedNode && nodeParent[parent] !== truncatedNode) {
      // Past the cap the path is forgotten but the caller is kept: `(truncated) → caller → fn`, where the caller's
      // node is a stand-in that is never entered (0 calls), so the caller → fn edge still counts every call.
      if (truncatedNode < 0) truncatedNode = addNode(ROOT_NODE, TRUNCATED_FN)
      const standIn = parent === ROOT_NODE ? truncatedNode : lookUp(truncatedNode, nodeFn[parent])
      return lookUp(standIn, fn)
    }
    if (nodeCount === capacity) return truncatedNode // even the reserve is full: count on `(truncated)`
    return addNode(parent, fn)
  }

  function addNode(parent: number, fn: number): number {
    const node = nodeCount++
    nodeFn[node] = fn
    nodeParent[node] = parent
    nodeChain[node] = nodeFn[parent] === fn ? Math.min(255, nodeChain[parent] + 1) : 1
    if (nodeCount * 2 > table.length) growTable()
    else insert(node)
    return node
  }

  function insert(node: number): void {
    let slot = hashSlot(nodeParent[node], nodeFn[node])
    while (table[slot] !== 0) slot = (slot + 1) & tableMask
    table[slot] = node
  }

  function growTable(): void {
    table = new Int32Array(table.length * 2)
    tableMask = table.length - 1
    for (let node = 1; node < nodeCount; node++) insert(node)
  }

  return {
    capacity,
    nodeFn,
    nodeParent,
    nodeCalls,
    childCache,
    fnLastNode,
    findChild,
    nodeCount: () => nodeCount,
    rootChild(fn) {
      return findChild(ROOT_NODE, fn)
    },
    resetCounts(self) {
      nodeCalls.fill(0, 0, nodeCount) // only the used part: the rest was never touched, and stays untouched
      if (self !== null) self.fill(0, 0, nodeCount)
    },
    moveSubtree(from, to, self) {
      // Children follow their parents in index order, so one pass from `from` finds the whole subtree and
      // always meets a node's parent (and that parent's counterpart below `to`) before the node itself.
      const counterpart = new Map<number, number>([[from, to]])
      nodeCalls[to] += nodeCalls[from]
      nodeCalls[from] = 0
      if (self !== null) {
        self[to] += self[from]
        self[from] = 0
      }
      const end = nodeCount // nodes created below `to` by this loop are not part of `from`'s subtree
      for (let node = from + 1; node < end; node++) {
        const parentCounterpart = counterpart.get(nodeParent[node])
        if (parentCounterpart === undefined) continue
        const target = findChild(parentCounterpart, nodeFn[node])
        counterpart.set(node, target)
        nodeCalls[target] += nodeCalls[node]
        nodeCalls[node] = 0
        if (self !== null) {
          self[target] += self[node]
          self[node] = 0
        }
      }
    },
  }
}
