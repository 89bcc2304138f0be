// Real code: three npm libraries instrumented in full from node_modules by the real esbuild plugin, run on broad
// inputs in real Node processes. The instrumented output must be byte-identical to the plain one, and the report
// must count the libraries' calls (entry points checked against counts derived from the plain run's output).
import { existsSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping'
import { describe, expect, it } from 'vitest'
import type { ProfileReport } from '@probeprof/runtime/report'
import { buildApp, readReport, repoRoot, runNode, tempDir } from '../helpers/app.js'

interface Library {
  name: string
  /** how many times the entry function ran, from the plain run's output */
  entryCalls(stdout: string): number
  /** the entry function: its file and the text it starts with there (its row is keyed by that position) */
  entry: { file: string; text: string; name: string }
}

/** Line (1-based) and column (0-based) of `text` in a file, found in the file itself. */
function positionIn(file: string, text: string): { line: number; column: number } {
  const source = readFileSync(join(repoRoot, file), 'utf8')
  const offset = source.indexOf(text)
  if (offset < 0 || source.indexOf(text, offset + 1) >= 0) throw new Error(`'${text}' is not unique in ${file}`)
  const before = source.slice(0, offset).split('\n')
  return { line: before.length, column: before[before.length - 1].length }
}

/**
 * Where the report must show the entry function: its position in the published file, or, when the package ships
 * a source map beside it (marked does), the original TypeScript position that map gives.
 */
function expectedRow(file: string, text: string): { file: string; line: number; column: number } {
  const position = positionIn(file, text)
  const mapFile = join(repoRoot, `${file}.map`)
  if (!existsSync(mapFile)) return { file, ...position }
  const original = originalPositionFor(new TraceMap(readFileSync(mapFile, 'utf8'), join(repoRoot, file)), position)
  return { file: relative(repoRoot, original.source!), line: original.line!, column: original.column! }
}

/** Node built-ins required by CommonJS code in an ES module bundle. */
const REQUIRE_BANNER = "import { createRequire as __probeprofTestRequire } from 'node:module'; const require = __probeprofTestRequire(import.meta.url);"


const libraries: Library[] = [
  {
    name: 'acorn',
    // `module …` lines parsed at the first try; `script …` and `error …` lines took a second parse
    entryCalls: (stdout) => stdout.split('\n').filter((line) => / module \d+ statements /.test(line)).length + 2 * stdout.split('\n').filter((line) => / (script \d+ statements|error) /.test(line)).length,
    entry: { file: 'node_modules/acorn/dist/acorn.mjs', text: 'function parse(input, options) {', name: 'parse' },
  },
  {
    name: 'marked',
    // marked.parse once per document, and once for the sampler
    entryCalls: (stdout) => Number(/rendered (\d+) documents/.exec(stdout)![1]) + 1,
    // the published file is minified (`marked` is `function x(l,e){…}`) and names its map: rows are in src/*.ts,
    // under their original names
    entry: { file: 'node_modules/marked/lib/marked.esm.js', text: 'function x(l,e){return v.parse(l,e)}', name: 'marked' },
  },
  {
    name: 'yaml',
    entryCalls: (stdout) => Number(/round trips (\d+)/.exec(stdout)![1]),
    entry: { file: 'node_modules/yaml/dist/public-api.js', text: 'function parse(src, reviver, options) {', name: 'parse' },
  },
]

describe.concurrent('real npm libraries instrumented in full', () => {
  for (const library of libraries) {
    it(`${library.name}: byte-identical output, calls counted`, async () => {
      const dir = tempDir(`lib-${library.name}-`)
      const entry = join(repoRoot, 'test/semantics/libraries', `${library.name}.mjs`)
      const esbuild = { banner: { js: REQUIRE_BANNER } }
      await buildApp({ entryPoints: [entry], outdir: join(dir, 'plain'), esbuild })
      await buildApp({
        entryPoints: [entry],
        outdir: join(dir, 'instrumented'),
        plugin: { enabled: true, nodeModules: true, include: [`node_modules/${library.name}/**`] },
        esbuild,
      })
      const plain = runNode(join(dir, 'plain', `${library.name}.mjs`))
      const out = join(dir, 'report.json')
      const instrumented = runNode(join(dir, 'instrumented', `${library.name}.mjs`), { env: { PROBEPROF_OUT: out, PROBEPROF_QUIET: '1' } })
      expect(plain.status).toBe(0)
      expect(instrumented.status).toBe(0)
      expect(plain.stdout.length).toBeGreaterThan(5_000)
      expect(instrumented.stdout === plain.stdout, 'stdout byte-identical').toBe(true)
      expect(instrumented.stderr).toBe(plain.stderr)

      const report: ProfileReport = readReport(out)
      const own = report.functions.filter((fn) => fn.file.startsWith(`node_modules/${library.name}/`))
      expect(own.length).toBeGreaterThan(50)
      expect(own.reduce((sum, fn) => sum + fn.calls, 0)).toBeGreaterThan(10_000)
      const { file, line, column } = expectedRow(library.entry.file, library.entry.text)
      const entryRow = own.filter((fn) => fn.file === file && fn.line === line && fn.column === column)
      expect(entryRow).toHaveLength(1)
      expect(entryRow[0].calls).toBe(library.entryCalls(plain.stdout))
      expect(entryRow[0].name, 'named as in the original source (a source map restores minified names)').toBe(library.entry.name)
    }, 180_000)
  }
})
