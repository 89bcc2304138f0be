// https://valgrind.org/docs/manual/cl-format.html (Callgrind Format Specification)
//
// cProfile's model maps onto callgrind one to one, as pyprof2calltree does for Python: each function's own
// time is its cost line, and each caller→callee edge is a `calls=` line with the edge's exact call count
// followed by the edge's inclusive time (cumtime of the callee under that caller, outermost activations of
// the edge, so recursion is not counted twice along one edge). KCachegrind and QCachegrind show callers,
// callees, counts and a call graph from it; callgrind_annotate prints it. Costs are integer nanoseconds.
// Function names carry `(file:line)`: readers key functions by name, and two `<anonymous>` must not merge.

import type { ProfileData } from '../model.js'
import { PROBEPROF_VERSION } from '../version.js'
import { locatedLabels } from './frame-label.js'

const NS_PER_S = 1e9

export function exportCallgrind(profile: ProfileData): string {
  const { functions, edges } = profile
  const labels = locatedLabels(functions).map(sanitizeName)
  const ns = (seconds: number) => Math.round(seconds * NS_PER_S)
  const total = ns(functions.reduce((sum, fn) => sum + fn.tottime, 0))
  const calleesOf = functions.map((): typeof edges => [])
  for (const edge of edges) calleesOf[edge.caller].push(edge)

  const lines = ['# callgrind format', 'version: 1', `creator: probeprof ${PROBEPROF_VERSION}`]
  const argv = profile.sources[0]?.host.argv
  if (argv !== undefined && argv.length > 0) lines.push(`cmd: ${argv.join(' ')}`)
  lines.push('positions: line', 'events: ns', `summary: ${total}`, '')
  functions.forEach((fn, index) => {
    lines.push(`fl=${fn.file}`, `fn=${labels[index]}`, `${fn.line} ${ns(fn.tottime)}`)
    for (const edge of calleesOf[index].sort((a, b) => a.callee - b.callee)) {
      const callee = functions[edge.callee]
      lines.push(`cfi=${callee.file}`, `cfn=${labels[edge.callee]}`, `calls=${edge.calls} ${callee.line}`, `${fn.line} ${ns(edge.cumtime)}`)
    }
    lines.push('')
  })
  lines.push(`totals: ${total}`, '')
  return lines.join('\n')
}

/** Names are one line, and must not start with `(` and a digit (that is name compression's syntax). */
function sanitizeName(name: string): string {
  const oneLine = name.replace(/[\r\n]+/g, ' ')
  return /^\(\d/.test(oneLine) ? ` ${oneLine}` : oneLine
}
