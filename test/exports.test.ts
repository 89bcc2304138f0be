// The public surface of the `probeprof` package, locked: a change here is an API change and shows in review.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { repoRoot } from './helpers/app.js'

const packageDir = join(repoRoot, 'packages/probeprof')

/** Every name the package's entry exports, with what it is: `const`, `class`, `function`, `type`. */
function declaredExports(): string[] {
  const entry = join(packageDir, 'dist/index.d.ts')
  const program = ts.createProgram([entry], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, noEmit: true })
  const checker = program.getTypeChecker()
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!
  return checker
    .getExportsOfModule(moduleSymbol)
    .map((symbol) => {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol
      const kind =
        target.flags & ts.SymbolFlags.Class ? 'class'
        : target.flags & ts.SymbolFlags.Function ? 'function'
        : target.flags & ts.SymbolFlags.Variable ? 'const'
        : 'type'
      return `${kind} ${symbol.name}`
    })
    .sort()
}

describe('probeprof public API', () => {
  it('exports these names from its entry', () => {
    expect(declaredExports()).toMatchInlineSnapshot(`
      [
        "class ProbeprofError",
        "class Stats",
        "const EXPORTERS",
        "const EXPORT_FORMATS",
        "const SortKey",
        "function diffProfiles",
        "function exportCallgrind",
        "function exportCpuprofile",
        "function exportCsv",
        "function exportFolded",
        "function exportPprof",
        "function exportProfile",
        "function exportPstats",
        "function exportSpeedscope",
        "function exportTrace",
        "function formatAsync",
        "function formatForFile",
        "function formatRoutes",
        "function getAsyncProfile",
        "function loadReport",
        "function mergeProfiles",
        "function renderHtmlReport",
        "function resolveFormat",
        "function routeSummaries",
        "function standardName",
        "type CallEdge",
        "type EdgeRow",
        "type ExportFormat",
        "type ExportOptions",
        "type Exporter",
        "type FunctionDiff",
        "type FunctionStats",
        "type HtmlReportOptions",
        "type LoadOptions",
        "type Output",
        "type ProfileData",
        "type ProfileDiff",
        "type ProfileReport",
        "type ProfileSource",
        "type Restriction",
        "type RouteSummary",
        "type SpeedscopeFile",
        "type StatsInput",
        "type StatsProfile",
        "type StatsRow",
        "type TimeUnit",
      ]
    `)
  })

  it('has these runtime values, and nothing undeclared', async () => {
    const module = (await import('probeprof')) as Record<string, unknown>
    expect(Object.keys(module).sort().map((name) => `${typeof module[name]} ${name}`)).toMatchInlineSnapshot(`
      [
        "object EXPORTERS",
        "object EXPORT_FORMATS",
        "function ProbeprofError",
        "object SortKey",
        "function Stats",
        "function diffProfiles",
        "function exportCallgrind",
        "function exportCpuprofile",
        "function exportCsv",
        "function exportFolded",
        "function exportPprof",
        "function exportProfile",
        "function exportPstats",
        "function exportSpeedscope",
        "function exportTrace",
        "function formatAsync",
        "function formatForFile",
        "function formatRoutes",
        "function getAsyncProfile",
        "function loadReport",
        "function mergeProfiles",
        "function renderHtmlReport",
        "function resolveFormat",
        "function routeSummaries",
        "function standardName",
      ]
    `)
  })

  it('offers only its entry, the collector (for the Vite dev server) and package.json; deep imports are closed', async () => {
    const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { exports: unknown; bin: unknown; version: string }
    expect(pkg.exports).toEqual({
      '.': { types: './dist/index.d.ts', default: './dist/index.js' },
      './collector': { types: './dist/collector.d.ts', default: './dist/collector.js' },
      './package.json': './package.json',
    })
    expect(Object.keys(await import('probeprof/collector')).sort()).toEqual(['COLLECT_PATH', 'K_DEFAULT_REPORT_PATTERN', 'createCollector'])
    expect(pkg.bin).toEqual({ probeprof: './bin/probeprof.js' })
    expect(readFileSync(join(packageDir, 'src/version.ts'), 'utf8')).toContain(`PROBEPROF_VERSION = '${pkg.version}'`)
  })

  it('reads and prints a report in the chain the README shows', async () => {
    const { Stats, SortKey } = await import('probeprof')
    let printed = ''
    const stats = new Stats()
    stats.stream = { write: (text: string) => (printed += text) }
    stats.sortStats(SortKey.CUMULATIVE).printStats(10)
    expect(printed).toBe('         0 function calls in 0.000 seconds\n\n')
  })
})
