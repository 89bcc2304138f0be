// Top functions by own time, ours and V8's sampling profiler's, joined by source location, to count how many of
// our top 10 the sampler's top 10 confirms. Sampling is unbiased for hot functions; a disagreement means the probes'
// own cost (or the time model) reorders the ranking.
//
// The join: V8's `.cpuprofile` names positions in the plain bundle (0-based line and column of each function's
// start); the bundle's source map (esbuild composes the libraries' own maps, as our plugin does) takes them to the
// original file and line, which is what our report's rows name. A V8 function joins our function on the same
// file and line (several on one line: the nearest column). Module top-level code (`<module>` rows, V8's unnamed
// top-level functions) and functions we do not instrument (the timing harness) are left out of both rankings.
import { readFileSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping'

const K_TOP = 10

/** `file:line:column` of a report row: the identity of a function across runs of the same build. */
export function functionKey(fn) {
  return `${fn.file}:${fn.line}:${fn.column}`
}

/** Own seconds per function key, summed over reports (rounds), module rows left out. */
export function ownTimeByFunction(reports) {
  const own = new Map()
  const rows = new Map()
  for (const report of reports) {
    for (const fn of report.functions) {
      if (fn.name === '<module>') continue
      const key = functionKey(fn)
      own.set(key, (own.get(key) ?? 0) + fn.tottime)
      rows.set(key, fn)
    }
  }
  return { own, rows }
}

/**
 * V8's self samples per function of our report: every cpuprofile node is mapped through the bundle's source map to
 * an original (file, line) and joined to one of `rows` (from ownTimeByFunction). `profiles` are
 * `{ path, windowUs: [start, end] }`: only samples taken in that window count (timestamps are µs of the monotonic
 * clock). Returns sample counts per key, and how many JS samples could not be joined (with the hottest unjoined
 * names, to judge the join).
 */
export function v8SamplesByFunction(profiles, bundleMapPath, root, rows) {
  const map = new TraceMap(readFileSync(bundleMapPath, 'utf8'))
  const mapDir = dirname(bundleMapPath)
  const byFileLine = new Map() // `file:line` → rows on that line
  for (const [key, fn] of rows) {
    const at = `${fn.file}:${fn.line}`
    if (!byFileLine.has(at)) byFileLine.set(at, [])
    byFileLine.get(at).push([key, fn])
  }
  const joinCache = new Map() // callFrame position → key or null
  const samples = new Map()
  const unjoined = new Map()
  let joinedSamples = 0
  let jsSamples = 0
  for (const { path, windowUs } of profiles) {
    const profile = JSON.parse(readFileSync(path, 'utf8'))
    const hits = new Map(profile.nodes.map((node) => [node.id, 0]))
    let time = profile.startTime
    profile.samples.forEach((id, i) => {
      time += profile.timeDeltas[i]
      if (time >= windowUs[0] && time <= windowUs[1]) hits.set(id, hits.get(id) + 1)
    })
    for (const node of profile.nodes) {
      const count = hits.get(node.id)
      const frame = node.callFrame
      if (count === 0 || !frame.url.startsWith('file:')) continue // (program), (garbage collector), (idle), node internals
      jsSamples += count
      const position = `${frame.url}:${frame.lineNumber}:${frame.columnNumber}`
      if (!joinCache.has(position)) joinCache.set(position, joinFrame(frame))
      const key = joinCache.get(position)
      if (key === null) {
        const name = `${frame.functionName || '(anonymous)'} ${fileURLToPath(frame.url).split('/').pop()}:${frame.lineNumber + 1}`
        unjoined.set(name, (unjoined.get(name) ?? 0) + count)
        continue
      }
      joinedSamples += count
      samples.set(key, (samples.get(key) ?? 0) + count)
    }
  }
  return { samples, joinedSamples, jsSamples, unjoined }

  function joinFrame(frame) {
    const original = originalPositionFor(map, { line: frame.lineNumber + 1, column: frame.columnNumber })
    if (original.source === null || original.line === null) return null
    const file = relative(root, resolve(mapDir, original.source)).split('\\').join('/')
    const candidates = byFileLine.get(`${file}:${original.line}`)
    if (candidates === undefined) return null
    let best = candidates[0]
    for (const candidate of candidates) {
      if (Math.abs(candidate[1].column - original.column) < Math.abs(best[1].column - original.column)) best = candidate
    }
    return best[0]
  }
}

/** The `K_TOP` keys with the highest value. */
export function topKeys(values) {
  return [...values.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, K_TOP)
    .map(([key]) => key)
}

/** How many keys two top lists share. */
export function agreement(a, b) {
  const set = new Set(a)
  return b.filter((key) => set.has(key)).length
}
