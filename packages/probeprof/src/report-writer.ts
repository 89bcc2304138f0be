// ProfileData → report object, so merged or stripped profiles can be written back (Stats.dump).

import { REPORT_SCHEMA_URL, REPORT_VERSION, type MemoryRecord, type ProfileReport } from '@probeprof/runtime/report'
import { memoryRuns, memoryUnavailable } from './memory.js'
import { recordFields, type ProfileData } from './model.js'
import { PROBEPROF_VERSION } from './version.js'

export function toReport(profile: ProfileData): ProfileReport {
  const first = profile.sources[0]
  const startedAt = profile.sources.map((source) => source.startedAt).sort()[0] ?? new Date(0).toISOString()
  return {
    $schema: REPORT_SCHEMA_URL,
    version: REPORT_VERSION,
    exporter: `probeprof@${PROBEPROF_VERSION}`,
    meta: {
      clock: first?.clock ?? 'precise',
      ...(first?.sampleInterval === undefined ? {} : { sampleInterval: first.sampleInterval }),
      startedAt,
      wallTime: profile.sources.reduce((sum, source) => sum + source.wallTime, 0),
      totalTime: profile.functions.reduce((sum, fn) => sum + fn.tottime, 0),
      totalCalls: profile.functions.reduce((sum, fn) => sum + fn.calls, 0),
      primitiveCalls: profile.functions.reduce((sum, fn) => sum + fn.primitiveCalls, 0),
      // a compensated profile must not be compensated again when read back
      overhead: first === undefined || first.compensated !== null ? null : first.overhead,
      truncatedCalls: profile.sources.reduce((sum, source) => sum + source.truncatedCalls, 0),
      openFrames: profile.sources.reduce((sum, source) => sum + source.openFrames, 0),
      host: first?.host ?? { runtime: 'unknown', version: '' },
      // a merge that includes a periodic snapshot stays partial: the latest snapshot's time
      ...partialOf(profile),
    },
    functions: profile.functions.map((fn) => ({
      ...recordFields(fn),
      ...(fn.resumes > 0 ? { resumes: fn.resumes } : {}),
      ...(fn.latency ? { latency: fn.latency } : {}),
    })),
    edges: profile.edges.map((edge) => ({ ...edge })),
    tree: profile.tree,
    ...(profile.routes === undefined || profile.routes.length === 0 ? {} : { routes: profile.routes.map((route) => ({ ...route })) }),
    ...(profile.arguments === undefined || profile.arguments.length === 0
      ? {}
      : { arguments: profile.arguments.map(({ reports, ...row }) => ({ ...row, ...(reports > 1 ? { reports } : {}) })) }),
    ...memoryOf(profile),
  }
}

/** The merged runs' memory section: their bytes per node, or why a run had none. */
function memoryOf(profile: ProfileData): { memory?: MemoryRecord } {
  const runs = memoryRuns(profile)
  if (runs !== null && profile.memory !== undefined) return { memory: { ...runs, self: profile.memory.nodeBytes.slice() } }
  const unavailable = memoryUnavailable(profile)
  return unavailable === null ? {} : { memory: { unavailable } }
}

function partialOf(profile: ProfileData): { partial?: { takenAt: string } } {
  const times = profile.sources.flatMap((source) => (source.partialAt === undefined ? [] : [source.partialAt])).sort()
  return times.length === 0 ? {} : { partial: { takenAt: times[times.length - 1] } }
}
