// d3-flame-graph ships no types: the part of its API (dist/d3-flamegraph.es.js, v5) the report uses.
declare module 'd3-flame-graph' {
  /** a d3-hierarchy node over the data given to the chart */
  interface Node {
    data: unknown
    value?: number
  }

  export interface FlameGraph {
    (selection: unknown): void
    width(width: number): FlameGraph
    cellHeight(height: number): FlameGraph
    inverted(inverted: boolean): FlameGraph
    selfValue(selfValue: boolean): FlameGraph
    sort(sort: boolean): FlameGraph
    transitionDuration(ms: number): FlameGraph
    minFrameSize(pixels: number): FlameGraph
    setDetailsElement(element: HTMLElement): FlameGraph
    setLabelHandler(handler: (node: Node) => string): FlameGraph
    onClick(handler: (node: Node) => void): FlameGraph
    /** called after search(): the matching nodes, the sum of their values and the root's value */
    setSearchHandler(handler: (results: Node[], sum: number, total: number) => void): FlameGraph
    search(term: string): void
    clear(): void
    resetZoom(): void
  }

  export default function flamegraph(): FlameGraph
}
