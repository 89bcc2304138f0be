// probeprof: the report library (pstats for JavaScript). The CLI (cli.ts) is a thin layer over it:
//
//   import { Stats } from 'probeprof'
//   new Stats('probeprof.json').stripDirs().sortStats('cumulative').printStats(10)
//
// The public surface, in five groups (test/exports.test.ts locks it; the README's "The report library" lists it):
// reading and printing (Stats and what it takes and gives), views beside Stats, merge and diff, exporters, HTML.

// ---- reading and printing: pstats.Stats ----
export { Stats } from './stats.js'
export type { StatsInput, Output, StatsRow, EdgeRow, StatsProfile } from './stats.js'
export { SortKey } from './sort-keys.js'
export { loadReport } from './load.js'
export type { LoadOptions } from './load.js'
export { ProbeprofError } from './errors.js'
export { standardName } from './model.js'
export type { FunctionStats, CallEdge, ProfileData, ProfileSource } from './model.js'
export type { Restriction } from './format/restrict.js'
export type { TimeUnit } from './format/units.js'
export type { ProfileReport } from '@probeprof/runtime/report'

// ---- views beside Stats: a server's routes (`report --routes`), async functions (`report --async`) ----
export { formatRoutes, routeSummaries } from './route-view.js'
export type { RouteSummary } from './routes.js'
export { formatAsync, getAsyncProfile } from './async-view.js'

// ---- merge and diff ----
export { mergeProfiles } from './merge.js'
export { diffProfiles } from './diff.js'
export type { ProfileDiff, FunctionDiff } from './diff.js'

// ---- exporters: one per format, and the table that picks one by name ----
export { EXPORTERS, EXPORT_FORMATS, exportProfile, formatForFile, resolveFormat } from './export/index.js'
export type { ExportFormat, ExportOptions, Exporter } from './export/index.js'
export { exportPstats } from './export/pstats.js'
export { exportSpeedscope } from './export/speedscope.js'
export type { SpeedscopeFile } from './export/speedscope.js'
export { exportCpuprofile } from './export/cpuprofile.js'
export { exportTrace } from './export/trace.js'
export { exportCallgrind } from './export/callgrind.js'
export { exportFolded } from './export/folded.js'
export { exportPprof } from './export/pprof.js'
export { exportCsv } from './export/csv.js'

// ---- the self-contained HTML report ----
export { renderHtmlReport } from './html/render-report.js'
export type { HtmlReportOptions } from './html/render-report.js'
