// The calling-context tree laid out on one axis, the way a flame graph draws it: each node owns an interval
// as long as its inclusive time, its own time comes first, then its children one after another in index order
// (the order their contexts were first entered). Timeline formats (.cpuprofile, trace events) are written
// from this layout: it is not the order in which calls happened, but every node's self and total are exact.

import { childLists, nodeTotals, type CallTree } from '@probeprof/runtime/report'

export interface TreeLayout {
  /** Nodes in depth-first preorder, root first. */
  preorder: Int32Array
  /** Depth per node (root 0). */
  depth: Int32Array
  /** Start of each node's interval, seconds from the root's start. */
  start: Float64Array
  /** Inclusive time per node (its own time plus its subtree's), seconds. */
  total: Float64Array
  /** Children of node n are children[childStart[n]..childStart[n+1]). */
  childStart: Int32Array
  children: Int32Array
}

export function layoutTree(tree: CallTree): TreeLayout {
  const count = tree.fn.length
  const total = nodeTotals(tree)
  const { start: childStart, children } = childLists(tree.parent)
  const preorder = new Int32Array(count)
  const depth = new Int32Array(count)
  const start = new Float64Array(count)
  const stack: number[] = [0]
  let visited = 0
  while (stack.length > 0) {
    const node = stack.pop()!
    preorder[visited++] = node
    let offset = start[node] + tree.self[node]
    for (let i = childStart[node]; i < childStart[node + 1]; i++) {
      const child = children[i]
      start[child] = offset
      depth[child] = depth[node] + 1
      offset += total[child]
    }
    for (let i = childStart[node + 1] - 1; i >= childStart[node]; i--) stack.push(children[i]) // first child on top
  }
  return { preorder, depth, start, total, childStart, children }
}

/** The path of function indices from the root's child down to `node` (root→leaf). */
export function pathOf(tree: CallTree, node: number): number[] {
  const path: number[] = []
  for (let at = node; at > 0; at = tree.parent[at]) path.push(tree.fn[at])
  return path.reverse()
}
