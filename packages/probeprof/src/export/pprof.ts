// https://github.com/google/pprof/blob/main/proto/profile.proto (gzipped profile.proto, encoded with pprof-format)
//
// One sample per calling-context node, its stack leaf first, with two values: the node's exact call count
// (calls/count) and its own time (wall/nanoseconds, the default). pprof's flat/cum then equal tottime and
// cumtime (cum counts a function once per stack, so recursion is not counted twice), `-sample_index=calls`
// gives exact call counts, and go tool pprof, Perfetto, speedscope, Pyroscope, Parca, Grafana, Datadog and
// Cloud Profiler read it. One location per function, whose line is the function's first line. With memory data
// (PROBEPROF_MEMORY=1) a third value, alloc_space/bytes (pprof's name for bytes allocated, as Go's heap profiles
// have it): the bytes each context allocated, sampled (`-sample_index=alloc_space`).

import { gzipSync } from 'node:zlib'
import { Function as PprofFunction, Line, Location, Mapping, Profile, Sample, StringTable, ValueType } from 'pprof-format'
import type { ProfileData } from '../model.js'
import { PROBEPROF_VERSION } from '../version.js'
import { PROGRAM_LABEL, TRUNCATED_LABEL, distinctNames, hasTimes, locatedLabels } from './frame-label.js'

const NS_PER_S = 1e9
const NS_PER_MS = 1_000_000n

/** The profile.proto message, before encoding (tests and tools that post-process it use this). */
export function pprofProfile(profile: ProfileData): Profile {
  const { functions, tree } = profile
  const strings = new StringTable()
  const names = distinctNames(functions)
  const located = locatedLabels(functions)
  const mapping = new Mapping({ id: 1, filename: strings.dedup('probeprof'), hasFunctions: true, hasFilenames: true, hasLineNumbers: true })

  const pprofFunctions = functions.map(
    (fn, index) =>
      new PprofFunction({ id: index + 1, name: strings.dedup(names[index]), systemName: strings.dedup(located[index]), filename: strings.dedup(fn.file), startLine: fn.line }),
  )
  const truncatedId = functions.length + 1
  const programId = functions.length + 2
  pprofFunctions.push(new PprofFunction({ id: truncatedId, name: strings.dedup(TRUNCATED_LABEL), systemName: strings.dedup(TRUNCATED_LABEL) }))
  pprofFunctions.push(new PprofFunction({ id: programId, name: strings.dedup(PROGRAM_LABEL), systemName: strings.dedup(PROGRAM_LABEL) }))
  const locations = pprofFunctions.map(
    (fn) => new Location({ id: fn.id, mappingId: 1, line: [new Line({ functionId: fn.id, line: fn.startLine })] }),
  )

  const samples: Sample[] = []
  const ns = (seconds: number) => Math.round(seconds * NS_PER_S)
  const bytes = profile.memory?.nodeBytes
  const valuesOf = (node: number, calls: number) => (bytes === undefined ? [calls, ns(tree.self[node])] : [calls, ns(tree.self[node]), Math.round(bytes[node])])
  if (tree.self[0] > 0 || (bytes !== undefined && bytes[0] > 0)) samples.push(new Sample({ locationId: [programId], value: valuesOf(0, 0) }))
  const stacks: number[][] = new Array(tree.fn.length)
  stacks[0] = []
  for (let node = 1; node < tree.fn.length; node++) {
    const fn = tree.fn[node]
    stacks[node] = [fn >= 0 ? fn + 1 : truncatedId, ...stacks[tree.parent[node]]] // leaf first; parents precede children
    if (tree.calls[node] === 0 && tree.self[node] === 0 && !(bytes !== undefined && bytes[node] > 0)) continue
    samples.push(new Sample({ locationId: stacks[node], value: valuesOf(node, tree.calls[node]) }))
  }

  const source = profile.sources[0]
  const started = source === undefined ? NaN : Date.parse(source.startedAt)
  const wallTime = profile.sources.reduce((sum, s) => sum + s.wallTime, 0)
  const wall = strings.dedup('wall')
  const nanoseconds = strings.dedup('nanoseconds')
  return new Profile({
    sampleType: [
      new ValueType({ type: strings.dedup('calls'), unit: strings.dedup('count') }),
      new ValueType({ type: wall, unit: nanoseconds }),
      ...(bytes === undefined ? [] : [new ValueType({ type: strings.dedup('alloc_space'), unit: strings.dedup('bytes') })]),
    ],
    sample: samples,
    mapping: [mapping],
    location: locations,
    function: pprofFunctions,
    stringTable: strings,
    timeNanos: Number.isFinite(started) ? BigInt(started) * NS_PER_MS : 0,
    durationNanos: ns(wallTime),
    periodType: new ValueType({ type: wall, unit: nanoseconds }),
    period: 1,
    defaultSampleType: hasTimes(profile) ? wall : strings.dedup('calls'),
    comment: [strings.dedup(`probeprof@${PROBEPROF_VERSION}: exact call counts and times from build-time probes, one sample per calling context`)],
  })
}

/** The gzipped profile.proto bytes (`.pb.gz`). */
export function exportPprof(profile: ProfileData): Uint8Array {
  return gzipSync(pprofProfile(profile).encode())
}
