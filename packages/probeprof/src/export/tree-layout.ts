// The calling-context tree laid out on one axis, the way a flame graph draws it: each node owns an interval
// as long as its inclusive time; its children come first, one after another in index order (the order their
// contexts were first entered), and its own time last, as if it ran after its last call returned. Timeline
// formats (.cpuprofile, trace events) are written from this layout: it is not the order in which calls
// happened, but every node's self and total are exact. Own time last (not first) keeps a parent's end
// after its last child's end whenever the parent has own time: importers that pair begin/end events by
// timestamp (speedscope's trace importer) misnest a child that ends exactly when its parent does.
//
// Positions are integers of 1/1024 µs (just under a nanosecond), converted to microseconds by a division by a
// power of two: every start, duration and their sums are then exact in floating point, so a sibling never
// starts a rounding error before the previous one ends (which viewers read as an overlap).

import { childLists, type CallTree } from '@probeprof/runtime/report'

/** Layout units per microsecond: a power of two, so unit counts convert to µs exactly. */
const TICKS_PER_US = 1024
const TICKS_PER_S = TICKS_PER_US * 1e6

/** Microseconds (exact, possibly fractional) of a layout position or length. */
export function ticksToMicroseconds(ticks: number): number {
  return ticks / TICKS_PER_US
}

export interface TreeLayout {
  /** Nodes in depth-first preorder, root first (parents before children). */
  preorder: Int32Array
  /** Nodes in the order their own time appears on the axis: depth-first postorder (children before parents). */
  postorder: Int32Array
  /** Start of each node's interval from the root's start, in ticks (ticksToMicroseconds). */
  start: Float64Array
  /** Own time per node, in ticks. */
  self: Float64Array
  /** Inclusive time per node (its own time plus its subtree's), in ticks. */
  total: Float64Array
  /** Children of node n are children[childStart[n]..childStart[n+1]). */
  childStart: Int32Array
  children: Int32Array
}

export function layoutTree(tree: CallTree): TreeLayout {
  const count = tree.fn.length
  const self = Float64Array.from(tree.self, (seconds) => Math.round(seconds * TICKS_PER_S))
  const total = Float64Array.from(self)
  for (let node = count - 1; node > 0; node--) total[tree.parent[node]] += total[node] // children follow parents
  const { start: childStart, children } = childLists(tree.parent)
  const preorder = new Int32Array(count)
  const postorder = new Int32Array(count)
  const start = new Float64Array(count)
  const nextChild = Int32Array.from(childStart.subarray(0, count))
  const offset = new Float64Array(count) // where the next child of each node starts
  const stack: number[] = [0]
  let pre = 0
  let post = 0
  preorder[pre++] = 0
  while (stack.length > 0) {
    const node = stack[stack.length - 1]
    if (nextChild[node] < childStart[node + 1]) {
      const child = children[nextChild[node]++]
      start[child] = start[node] + offset[node]
      offset[node] += total[child]
      preorder[pre++] = child
      stack.push(child)
    } else {
      postorder[post++] = node
      stack.pop()
    }
  }
  return { preorder, postorder, start, self, total, childStart, children }
}

/** The path of function indices from the root's child down to `node` (root→leaf). */
export function pathOf(tree: CallTree, node: number): number[] {
  const path: number[] = []
  for (let at = node; at > 0; at = tree.parent[at]) path.push(tree.fn[at])
  return path.reverse()
}
