// Every export format, by name: `--format` and the output file's name map to an exporter here (a typed
// Record, so a format without an exporter does not compile). Each format lives in its own pure module.

import { basename } from 'node:path'
import { ProbeprofError } from '../errors.js'
import type { ProfileData } from '../model.js'
import { exportCallgrind } from './callgrind.js'
import { exportCpuprofile } from './cpuprofile.js'
import { exportCsv } from './csv.js'
import { exportFolded } from './folded.js'
import type { ExportMetric } from './metric.js'
import { exportPprof } from './pprof.js'
import { exportPstats } from './pstats.js'
import { exportSpeedscope } from './speedscope.js'
import { exportTrace } from './trace.js'

export type ExportFormat = 'pstats' | 'speedscope' | 'cpuprofile' | 'trace' | 'callgrind' | 'folded' | 'pprof' | 'csv'

/** Options that formats share; each format reads the ones that apply to it. */
export interface ExportOptions {
  /** speedscope, folded: 'time' or 'calls' */
  metric?: ExportMetric
  /** csv: pstats sort keys */
  sort?: string[]
  /** speedscope: the name shown */
  name?: string
}

export interface Exporter {
  /** One line for `--help` and the README. */
  description: string
  /** Who reads it, for the line the CLI prints after writing. */
  openWith: string
  /** File-name endings that select this format, most specific first (`callgrind.out.` matches a prefix). */
  fileNames: string[]
  /** Bytes (gzip, marshal) rather than text. */
  binary: boolean
  export(profile: ProfileData, opts: ExportOptions): string | Uint8Array
}

export const EXPORTERS: Readonly<Record<ExportFormat, Exporter>> = {
  pstats: {
    description: "Python's pstats file (cProfile's dump): python3 -m pstats, snakeviz, tuna, gprof2dot",
    openWith: 'python3 -m pstats FILE, snakeviz FILE, tuna FILE or gprof2dot -f pstats FILE',
    fileNames: ['.pstats', '.prof'],
    binary: true,
    export: (profile) => exportPstats(profile),
  },
  speedscope: {
    description: 'speedscope JSON: own time and exact call counts per calling context',
    openWith: 'probeprof view, or drop it on speedscope',
    fileNames: ['.speedscope.json'],
    binary: false,
    export: (profile, opts) => exportSpeedscope(profile, { metric: opts.metric, name: opts.name }),
  },
  cpuprofile: {
    description: "V8's .cpuprofile: Chrome DevTools (Performance), VS Code, speedscope, Firefox Profiler",
    openWith: 'Chrome DevTools (Performance panel, Load profile), VS Code or speedscope',
    fileNames: ['.cpuprofile'],
    binary: false,
    export: (profile) => exportCpuprofile(profile),
  },
  trace: {
    description: 'Chrome Trace Event JSON: Perfetto, chrome://tracing, DevTools, speedscope',
    openWith: 'Perfetto (ui.perfetto.dev, Open trace file), chrome://tracing or DevTools',
    fileNames: ['.trace.json', '.trace'],
    binary: false,
    export: (profile) => exportTrace(profile),
  },
  callgrind: {
    description: 'callgrind: KCachegrind/QCachegrind, callgrind_annotate, gprof2dot (exact calls per edge)',
    openWith: 'kcachegrind FILE, qcachegrind FILE or callgrind_annotate FILE',
    fileNames: ['callgrind.out.', '.callgrind'],
    binary: false,
    export: (profile) => exportCallgrind(profile),
  },
  folded: {
    description: 'folded (collapsed) stacks: flamegraph.pl, inferno, speedscope, Perfetto',
    openWith: 'flamegraph.pl FILE > flame.svg, inferno-flamegraph FILE > flame.svg or speedscope',
    fileNames: ['.folded', '.collapsed', '.collapsedstack.txt'],
    binary: false,
    export: (profile, opts) => exportFolded(profile, { metric: opts.metric }),
  },
  pprof: {
    description: 'pprof profile.proto, gzipped: go tool pprof, Pyroscope, Parca, Grafana, Datadog, Perfetto',
    openWith: 'go tool pprof -http=: FILE, or upload it to your profiling platform',
    fileNames: ['.pb.gz', '.pprof'],
    binary: true,
    export: (profile) => exportPprof(profile),
  },
  csv: {
    description: 'the function table as CSV, for a spreadsheet',
    openWith: 'any spreadsheet',
    fileNames: ['.csv'],
    binary: false,
    export: (profile, opts) => exportCsv(profile, { sort: opts.sort }),
  },
}

export const EXPORT_FORMATS = Object.keys(EXPORTERS) as ExportFormat[]

/** Exports a profile in a format: text for text formats, bytes for pstats and pprof. */
export function exportProfile(profile: ProfileData, format: ExportFormat, opts: ExportOptions = {}): string | Uint8Array {
  return EXPORTERS[resolveFormat(format)].export(profile, opts)
}

/** A format name or unique prefix (`speed`) → the format; otherwise one clear line listing the choices. */
export function resolveFormat(name: string): ExportFormat {
  if (name in EXPORTERS) return name as ExportFormat
  const candidates = EXPORT_FORMATS.filter((format) => name !== '' && format.startsWith(name.toLowerCase()))
  if (candidates.length === 1) return candidates[0]
  throw new ProbeprofError(`invalid format '${name}' (choose from ${EXPORT_FORMATS.join(', ')})`)
}

/** The format a file name asks for (`out.speedscope.json`, `callgrind.out.123`), or undefined. */
export function formatForFile(path: string): ExportFormat | undefined {
  const name = basename(path).toLowerCase()
  let best: { format: ExportFormat; length: number } | undefined
  for (const format of EXPORT_FORMATS) {
    for (const ending of EXPORTERS[format].fileNames) {
      const matches = ending.endsWith('.') ? name.startsWith(ending) : name.endsWith(ending)
      if (matches && (best === undefined || ending.length > best.length)) best = { format, length: ending.length }
    }
  }
  return best?.format
}
