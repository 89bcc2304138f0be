// The calling-context tree laid out on one axis, the way a flame graph draws it: each node owns an interval
// as long as its inclusive time; its children come first, one after another in index order (the order their
// contexts were first entered), and its own time last, as if it ran after its last call returned. Timeline
// formats (.cpuprofile, trace events) are written from this layout: it is not the order in which calls
// happened, but every node's self and total are exact. Own time last (not first) keeps a parent's end
// after its last child's end whenever the parent has own time: importers that pair begin/end events by
// timestamp (speedscope's trace importer) misnest a child that ends exactly when its parent does.

import { childLists, nodeTotals, type CallTree } from '@probeprof/runtime/report'

export interface TreeLayout {
  /** Nodes in depth-first preorder, root first (parents before children). */
  preorder: Int32Array
  /** Nodes in the order their own time appears on the axis: depth-first postorder (children before parents). */
  postorder: Int32Array
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
  return { preorder, postorder, start, total, childStart, children }
}

/** The path of function indices from the root's child down to `node` (root→leaf). */
export function pathOf(tree: CallTree, node: number): number[] {
  const path: number[] = []
  for (let at = node; at > 0; at = tree.parent[at]) path.push(tree.fn[at])
  return path.reverse()
}
