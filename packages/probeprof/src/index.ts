// probeprof: the report library (pstats for JavaScript). The CLI (cli.ts) is a thin layer over it:
//
//   import { Stats } from 'probeprof'
//   new Stats('probeprof.json').stripDirs().sortStats('cumulative').printStats(10)

export { Stats } from './stats.js'
export type { StatsInput, Output, StatsRow, EdgeRow, StatsProfile } from './stats.js'
export { SortKey } from './sort-keys.js'
export { loadReport, parseReport, fromReport } from './load.js'
export type { LoadOptions } from './load.js'
export { mergeProfiles } from './merge.js'
export { diffProfiles } from './diff.js'
export type { ProfileDiff, FunctionDiff, DiffSide, DiffTotals, DiffStatus, DiffSortKey } from './diff.js'
export { compensateProfile } from './compensate.js'
export { ProbeprofError } from './errors.js'
export { toReport } from './report-file.js'
export { standardName, functionKey } from './model.js'
export type { FunctionStats, CallEdge, ProfileData, ProfileSource } from './model.js'
export type { Restriction, Reduction } from './format/restrict.js'
export type { CallLink } from './format/call-table.js'
export type { TimeUnit } from './format/units.js'
export type { ProfileReport } from '@probeprof/runtime/report'
