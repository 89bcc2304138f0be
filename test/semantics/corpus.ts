// The semantic-equivalence corpus: every program under fixtures/programs/ is built three ways with real esbuild
// (plain; instrumented by transformSource; instrumented by @babel/core running the plugin), each build is run
// in a real Node process with the real runtime, and the runs are compared. The plain run is made under V8's
// precise coverage, whose per-function invocation counts are the independent oracle for the report's ncalls.

import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, extname, join, relative, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { transformAsync } from '@babel/core'
import probeprofBabel, { parserOptionsFor, parseSource, transformSource, type InstrumentOptions } from '@probeprof/babel-plugin'
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping'
import * as esbuild from 'esbuild'
import type { ProfileReport } from '@probeprof/runtime/report'
import { repoRoot } from '../helpers/app.js'

export const programsDir = join(repoRoot, 'fixtures/programs')
const runtimeAuto = join(repoRoot, 'packages/runtime/dist/auto.js')

/** `args`: transformSource with argument fingerprinting on (the `args` option) */
export type Variant = 'plain' | 'transform' | 'babel' | 'args'

export interface ProgramCase {
  name: string
  dir: string
  entry: string
  /** flags from the `// @case` line of the entry: counts=skip|partial, runtime=global, decorators=legacy, babel=skip */
  flags: Record<string, string>
  /** esbuild output format: a `.js`/`.cjs` entry is a script (sloppy mode kept), anything else an ES module */
  format: 'esm' | 'cjs'
}

export function listCases(): ProgramCase[] {
  return readdirSync(programsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const dir = join(programsDir, entry.name)
      const input = readdirSync(dir).find((file) => /^input\.[cm]?[jt]sx?$/.test(file))
      if (input === undefined) throw new Error(`fixtures/programs/${entry.name}: no input.* file`)
      const entryPath = join(dir, input)
      const flags: Record<string, string> = {}
      const line = /@case\s+(.*)/.exec(readFileSync(entryPath, 'utf8').split('\n', 3).join('\n'))
      for (const flag of line?.[1].trim().split(/\s+/) ?? []) {
        const [key, value = 'yes'] = flag.split('=')
        flags[key] = value
      }
      return { name: entry.name, dir, entry: entryPath, flags, format: /\.c?js$/.test(input) ? 'cjs' : 'esm' }
    })
    .sort((a, b) => a.name.localeCompare(b.name))
}

const LOADERS: Record<string, esbuild.Loader> = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx', '.jsx': 'jsx', '.js': 'js', '.mjs': 'js', '.cjs': 'js' }

/** Instruments the program's own files (not the runtime, not node_modules) with the chosen path. */
function instrumentPlugin(testCase: ProgramCase, variant: Exclude<Variant, 'plain'>): esbuild.Plugin {
  const options: InstrumentOptions = {
    root: repoRoot,
    runtimeModule: '@probeprof/runtime/auto',
    runtime: testCase.flags.runtime === 'global' ? 'global' : 'auto',
    sourceMaps: true,
  }
  return {
    name: `probeprof-${variant}`,
    setup(build) {
      build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
        if (!args.path.startsWith(testCase.dir)) return undefined
        const code = readFileSync(args.path, 'utf8')
        const loader = LOADERS[extname(args.path)]
        let out: { code: string; map: object | null } | null
        if (variant === 'transform' || variant === 'args') {
          out = transformSource(code, args.path, variant === 'args' ? { ...options, args: true } : options)
        } else {
          const result = await transformAsync(code, {
            filename: args.path,
            configFile: false,
            babelrc: false,
            sourceMaps: true,
            sourceType: parserOptionsFor(args.path).sourceType,
            parserOpts: { plugins: parserOptionsFor(args.path).plugins!.map((p) => (testCase.flags.decorators === 'legacy' && p === 'decorators' ? 'decorators-legacy' : p)) },
            plugins: [[probeprofBabel, { ...options, sourceMaps: undefined }]],
          })
          out = result?.code == null ? null : { code: result.code, map: result.map ?? null }
        }
        if (out === null) return undefined
        const map = out.map ? `\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(out.map)).toString('base64')}` : ''
        return { contents: out.code + map, loader, resolveDir: dirname(args.path) }
      })
    },
  }
}

/** Where a program runs: Node (its own module format), or a browser page (one classic script). */
export type Platform = 'node' | 'browser'

export function outputFile(testCase: ProgramCase, variant: Variant, platform: Platform = 'node'): string {
  const name = platform === 'browser' ? `browser-${variant}.js` : `${variant}.${testCase.format === 'esm' ? 'mjs' : 'cjs'}`
  return join(repoRoot, '.tmp/corpus', testCase.name, name)
}

export async function buildVariant(testCase: ProgramCase, variant: Variant, platform: Platform = 'node'): Promise<string> {
  const outfile = outputFile(testCase, variant, platform)
  await esbuild.build({
    entryPoints: [testCase.entry],
    outfile,
    bundle: true,
    platform,
    format: platform === 'browser' ? 'iife' : testCase.format,
    target: platform === 'browser' ? 'chrome120' : 'node20',
    sourcemap: true,
    logLevel: 'silent',
    absWorkingDir: repoRoot,
    jsxFactory: 'h',
    jsxFragment: 'Fragment',
    tsconfigRaw: {
      compilerOptions: testCase.flags.decorators === 'legacy' ? { experimentalDecorators: true, emitDecoratorMetadata: false } : {},
    },
    plugins: variant === 'plain' ? [] : [instrumentPlugin(testCase, variant)],
  })
  return outfile
}

export interface RunOutput {
  status: number | null
  stdout: string
  /** stderr without what names a place in the code: the location header, the code excerpt, stack lines */
  errors: string
}

export function runProgram(script: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<RunOutput> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, script], {
      cwd: dirname(script),
      env: { ...process.env, PROBEPROF: '', PROBEPROF_QUIET: '1', PROBEPROF_OUT: '', NODE_V8_COVERAGE: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (status) => resolvePromise({ status, stdout, errors: normalizeErrors(stderr) }))
  })
}

/** Node prints an uncaught error as `file:line`, the source line, a caret, a blank line, then the error: keep the error. */
function normalizeErrors(stderr: string): string {
  let text = stderr
  if (/^(file:\/\/)?\//.test(text)) text = text.slice(text.indexOf('\n\n') + 2)
  return text
    .split('\n')
    .filter((line) => !/^\s+at /.test(line) && !/^Node\.js v/.test(line) && !/--trace-uncaught/.test(line))
    .join('\n')
    .trim()
}

export async function runVariant(testCase: ProgramCase, variant: Variant, script: string): Promise<RunOutput & { report?: ProfileReport; coverageDir?: string }> {
  const dir = dirname(script)
  if (variant === 'plain') {
    const coverageDir = join(dir, 'coverage')
    rmSync(coverageDir, { recursive: true, force: true })
    return { ...(await runProgram(script, { NODE_V8_COVERAGE: coverageDir })), coverageDir }
  }
  const out = join(dir, `${variant}.report.json`)
  rmSync(out, { force: true })
  const nodeArgs = testCase.flags.runtime === 'global' ? ['--import', pathToFileURL(runtimeAuto).href] : []
  const run = await runProgram(script, { PROBEPROF_OUT: out }, nodeArgs)
  const report = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as ProfileReport) : undefined
  return { ...run, report }
}

// ---- the oracle: V8's per-function invocation counts, mapped back to the original functions ----------------

export interface OracleCount {
  /** file relative to the repo root, line (1-based), column (0-based) of the function's start: the report's key */
  key: string
  calls: number
}

/**
 * Invocation counts of the program's own functions in the plain run. V8 reports a function at its header
 * (`function`, a method's name, an arrow's parameters); the esbuild map takes that back to the original file,
 * where it is matched to the function whose header contains it. Functions esbuild synthesised (enum and
 * namespace closures, field initializers, helpers) match no original function and are left out.
 */
export function oracleCounts(script: string, coverageDir: string): OracleCounts {
  const url = pathToFileURL(script).href
  const functions: CoveredFunction[] = []
  for (const file of readdirSync(coverageDir)) {
    const coverage = JSON.parse(readFileSync(join(coverageDir, file), 'utf8')) as { result: { url: string; functions: CoveredFunction[] }[] }
    for (const scriptCoverage of coverage.result) if (scriptCoverage.url === url) functions.push(...scriptCoverage.functions)
  }
  return countsFromCoverage(script, functions)
}

/** V8's precise coverage of one function (Node's NODE_V8_COVERAGE files, Chromium's Profiler.takePreciseCoverage). */
export interface CoveredFunction {
  functionName: string
  ranges: { startOffset: number; count: number }[]
}

/** Functions V8 makes up for a class: they map into the class or its constructor, and run no code of ours. */
const SYNTHETIC = new Set(['<instance_members_initializer>', '<static_initializer>'])

/**
 * What V8 counted, by report key: `functions`, each function's invocations; `fields`, for every class field with
 * an initializer, the runs of its class's instance (or static) initializer, which V8 counts as one synthetic
 * function per class: the transform gives some of those fields a row of their own (the ones whose initializer
 * runs code), and each such row must count exactly these runs.
 */
export interface OracleCounts {
  functions: Map<string, number>
  fields: Map<string, number>
}

/** The report's counts and what V8 counted for the same keys (a field's row checked against its class's initializer). */
export function countsToCheck(counted: Map<string, number>, oracle: OracleCounts): { counted: Record<string, number>; expected: Record<string, number | undefined> } {
  const expected: Record<string, number | undefined> = Object.fromEntries(oracle.functions)
  for (const key of counted.keys()) if (oracle.fields.has(key)) expected[key] = oracle.fields.get(key)
  return { counted: Object.fromEntries(counted), expected }
}

/** Invocation counts by report key, from the coverage of the plain bundle `script` (whose .map is beside it). */
export function countsFromCoverage(script: string, functions: readonly CoveredFunction[]): OracleCounts {
  const bundle = readFileSync(script, 'utf8')
  const map = new TraceMap(JSON.parse(readFileSync(`${script}.map`, 'utf8')), script)
  const bundleLines = lineStarts(bundle)
  const headers = new Map<string, { start: number; end: number; line: number; column: number }[]>()
  const classes = new Map<string, ClassFields[]>()
  const counts = new Map<string, number>()
  const fields = new Map<string, number>()
  // esbuild's export getters (`__export(ns, { name: () => name })`) map to the exporting file's start
  const exportGetters = [...bundle.matchAll(/__export\(\w+, \{[^}]*\}\);/g)].map((m) => [m.index, m.index + m[0].length])
  for (const fn of functions) {
    const { startOffset, count } = fn.ranges[0]
    if (count === 0) continue
    if (SYNTHETIC.has(fn.functionName)) {
      // V8 places a class's instance initializer at the class, its static one at a static field: both inside it
      const original = originalPositionFor(map, positionOf(bundleLines, startOffset))
      if (original.source === null || !resolve(original.source).startsWith(programsDir)) continue
      const source = resolve(original.source)
      let list = classes.get(source)
      if (list === undefined) classes.set(source, (list = classFields(source)))
      const offset = lineStarts(readFileSync(source, 'utf8'))[original.line - 1] + original.column
      const owner = list.findLast((c) => c.start <= offset && offset < c.end)
      const isStatic = fn.functionName === '<static_initializer>'
      for (const field of owner?.fields ?? []) {
        if (field.isStatic !== isStatic) continue
        const key = `${relative(repoRoot, source)}:${field.line}:${field.column}`
        fields.set(key, (fields.get(key) ?? 0) + count)
      }
      continue
    }
    // esbuild's module wrappers (`"dep.ts"() {…}`, `async "dep.ts"() {…}`) map to the file's start
    if (/^(async\s+)?"[^"]*\.[cm]?[jt]sx?"\s*\(/.test(bundle.slice(startOffset, startOffset + 300))) continue
    if (exportGetters.some(([from, to]) => from <= startOffset && startOffset < to)) continue
    const generated = positionOf(bundleLines, startOffset)
    const original = originalPositionFor(map, generated)
    if (original.source === null) continue
    const source = resolve(original.source)
    if (!source.startsWith(programsDir)) continue
    let list = headers.get(source)
    if (list === undefined) headers.set(source, (list = functionHeaders(source)))
    const offset = lineStarts(readFileSync(source, 'utf8'))[original.line - 1] + original.column
    // innermost: a function in a default parameter lies inside the header of the function it belongs to
    const header = list.findLast((h) => h.start <= offset && offset < h.end)
    if (header === undefined) continue
    const key = `${relative(repoRoot, source)}:${header.line}:${header.column}`
    counts.set(key, (counts.get(key) ?? 0) + count)
  }
  return { functions: counts, fields }
}

interface ClassFields {
  start: number
  end: number
  fields: { isStatic: boolean; line: number; column: number }[]
}

/** Every class of a source file with its fields that have an initializer, in text order (innermost last). */
function classFields(file: string): ClassFields[] {
  const ast = parseSource(readFileSync(file, 'utf8'), file)
  const out: ClassFields[] = []
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return
    if (Array.isArray(node)) return node.forEach(visit)
    const n = node as { type?: string; start: number; end: number; body?: { body: { type: string; static?: boolean; value?: unknown; loc: { start: { line: number; column: number } } }[] } }
    if (n.type === 'ClassDeclaration' || n.type === 'ClassExpression') {
      const fields = n.body!.body
        .filter((member) => /^Class(Private|Accessor)?Property$/.test(member.type) && member.value != null)
        .map((member) => ({ isStatic: member.static === true, line: member.loc.start.line, column: member.loc.start.column }))
      out.push({ start: n.start, end: n.end, fields })
    }
    for (const [key, value] of Object.entries(n)) if (key !== 'loc' && key !== 'extra' && !key.endsWith('Comments')) visit(value)
  }
  visit(ast.program)
  return out
}

/** ncalls by report key (file:line:column), `<module>` rows left out. */
export function reportCounts(report: { functions: readonly { file: string; line: number; column: number; name: string; calls: number }[] }): Map<string, number> {
  const counts = new Map<string, number>()
  for (const fn of report.functions) {
    if (fn.name === '<module>') continue
    const key = `${fn.file}:${fn.line}:${fn.column}`
    counts.set(key, (counts.get(key) ?? 0) + fn.calls)
  }
  return counts
}

/** Every function of a source file: from its start to its body (where V8 places the function). */
function functionHeaders(file: string): { start: number; end: number; line: number; column: number }[] {
  const ast = parseSource(readFileSync(file, 'utf8'), file)
  const out: { start: number; end: number; line: number; column: number }[] = []
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return
    if (Array.isArray(node)) return node.forEach(visit)
    const n = node as { type?: string; start: number; loc: { start: { line: number; column: number } }; body?: { start: number } }
    if (typeof n.type === 'string' && /^(FunctionDeclaration|FunctionExpression|ArrowFunctionExpression|ObjectMethod|ClassMethod|ClassPrivateMethod)$/.test(n.type)) {
      out.push({ start: n.start, end: n.body!.start, line: n.loc.start.line, column: n.loc.start.column })
    }
    for (const [key, value] of Object.entries(n)) if (key !== 'loc' && key !== 'extra' && !key.endsWith('Comments')) visit(value)
  }
  visit(ast.program)
  return out
}

function lineStarts(text: string): number[] {
  const starts = [0]
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
  return starts
}

function positionOf(starts: number[], offset: number): { line: number; column: number } {
  let low = 0
  let high = starts.length - 1
  while (low < high) {
    const mid = (low + high + 1) >> 1
    if (starts[mid] <= offset) low = mid
    else high = mid - 1
  }
  return { line: low + 1, column: offset - starts[low] }
}

export function ensureDir(path: string): void {
  mkdirSync(path, { recursive: true })
}
