// transformSource(code, filename, options): what every bundler integration calls. Parses with Babel, plans the
// probes (visitor.ts) and returns the edited code with a source map of this step only.

import { isAbsolute, relative, resolve, sep } from 'node:path'
import { originalPositionFor, TraceMap, type SourceMapInput } from '@jridgewell/trace-mapping'
import type * as t from '@babel/types'
import type MagicString from 'magic-string'
import { epilogue, fileNames, prologue, type RuntimeReference } from './emit.js'
import { hashText } from './hash.js'
import { collectBindingNames, collectVarNames } from './hoisting.js'
import { resolveOptions, type InstrumentOptions, type ResolvedOptions } from './options.js'
import { parseSource } from './parse.js'
import { loaderSourceType } from './source-type.js'
import { readReferencedSourceMap } from './source-map-reference.js'
import { FileInstrumenter, type Location, type SourceLocation } from './visitor.js'

export interface SourceMapObject {
  version: number
  file?: string
  sources: string[]
  sourcesContent?: (string | null)[]
  names: string[]
  mappings: string
}

export interface TransformResult {
  code: string
  map: SourceMapObject | null
  /** Instrumented functions, the module's top level included. */
  functions: number
}

/** A file that cannot be instrumented, with its location: `src/a.ts:3:14: Unexpected token`. */
export class InstrumentError extends Error {
  override name = 'InstrumentError'
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(line === undefined ? `${file}: ${reason}` : `${file}:${line}:${(column ?? 0) + 1}: ${reason}`)
  }
}

const IGNORE_FILE = /\bprobeprof-ignore-file\b/
const IGNORE = /\bprobeprof-ignore\b/
const ACCESSOR = /^__pp[0-9a-z]+$/

/**
 * Instruments one file and returns the code with a source map of this step only (to the input as given).
 * Returns null when there is nothing to do: the file opts out, is already instrumented, or holds only
 * TypeScript declarations. Throws InstrumentError when the file does not parse.
 */
export function transformSource(code: string, filename: string, options?: InstrumentOptions): TransformResult | null {
  const resolved = resolveOptions(options)
  let ast: t.File
  try {
    // as the loader will read it: by the caller's declared format, else the extension and package.json type
    ast = parseSource(code, filename, loaderSourceType(isAbsolute(filename) ? filename : resolve(resolved.root, filename), resolved.sourceType))
  } catch (error) {
    const { loc, message } = error as { loc?: { line: number; column: number }; message: string }
    throw new InstrumentError(displayPath(resolved.root, filename), message.replace(/ \(\d+:\d+\)$/, ''), loc?.line, loc?.column)
  }
  return instrumentAst(code, ast, filename, resolved)
}

/** The same on an AST Babel already parsed from `code`. */
export function instrumentAst(code: string, ast: t.File, filename: string, options: ResolvedOptions): TransformResult | null {
  const planned = planEdits(code, ast, filename, options)
  if (planned === null) return null
  const map = options.sourceMaps
    ? (planned.edits.generateMap({ source: filename, includeContent: true, hires: 'boundary' }) as unknown as SourceMapObject)
    : null
  return { code: planned.edits.toString(), map: map && { ...map }, functions: planned.functions }
}

export interface PlannedEdits {
  /** the original code with every probe inserted; nothing else changed */
  edits: MagicString
  functions: number
}

/**
 * Plans every probe of a file as an edit of its original text. Null when there is nothing to do: the file opts
 * out, is already instrumented, or holds only TypeScript declarations.
 */
export function planEdits(code: string, ast: t.File, filename: string, options: ResolvedOptions): PlannedEdits | null {
  const program = ast.program
  if (isIgnoredFile(ast, code)) return null
  if (isAlreadyInstrumented(program)) return null
  const file = displayPath(options.root, filename)

  const located = locator(options, code, filename, file)
  const instrumenter = new FileInstrumenter(code, located.locate, (source) => fileNames(hashText(source)), located.originalName, options.args)
  instrumenter.run(program)
  if (instrumenter.functionCount === 1 && isDeclarationsOnly(program)) return null

  const edits = instrumenter.edits
  const directives = program.directives
  const start = Math.max(program.interpreter?.end ?? 0, directives.length > 0 ? directives[directives.length - 1].end! : 0)
  const text = prologue({
    runtime: runtimeReference(options, program),
    runtimeModule: options.runtimeModule,
    contentHash: hashText(code),
    groups: instrumenter.groups,
    moduleKind: instrumenter.moduleKind,
    script: program.sourceType !== 'module',
  })
  // prependRight: before anything a construct starting at the same position opened
  edits.prependRight(start, (directives.length > 0 ? ';' : '') + text)
  edits.append(epilogue(instrumenter.moduleNames, instrumenter.moduleKind))
  return { edits, functions: instrumenter.functionCount }
}

/** Path as reports show it: relative to the root, with forward slashes. */
export function displayPath(root: string, filename: string): string {
  const absolute = isAbsolute(filename) ? filename : resolve(root, filename)
  const path = relative(root, absolute)
  return (path === '' ? absolute : path).split(sep).join('/')
}

/**
 * How the generated code reaches the runtime. 'auto': an ES module imports it; a script requires it, since an
 * `import` would turn it into a module (strict mode, no top-level `this`, no `with`), and a bundler or Node
 * resolves `require` in a script. A classic script loaded as is by a browser needs 'global'.
 */
function runtimeReference(options: ResolvedOptions, program: t.Program): RuntimeReference {
  const binding = options.runtime === 'auto' ? (program.sourceType === 'module' ? 'import' : 'require') : options.runtime
  if (binding !== 'global') return binding
  // the accessor runs at the top level, where the file's own `globalThis` (if it declares one) would shadow it
  return topLevelNames(program).has('globalThis') ? 'global-fallback' : 'global'
}

/** Names the file declares at its top level (var anywhere outside functions, let/const/class/function, imports). */
function topLevelNames(program: t.Program): Set<string> {
  const names = collectVarNames(program)
  for (const statement of program.body) {
    const declaration =
      statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration' ? statement.declaration : statement
    if (declaration == null) continue
    if (declaration.type === 'VariableDeclaration') for (const d of declaration.declarations) collectBindingNames(d.id, names)
    else if ((declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') && declaration.id) names.add(declaration.id.name)
    else if (declaration.type === 'ImportDeclaration') for (const specifier of declaration.specifiers) names.add(specifier.local.name)
  }
  return names
}

/**
 * Where each function is reported. Without an input source map: this file, at the node's own position. With
 * one: the original file, line and column the map gives for the function's start (a position the map does not
 * cover stays in this file).
 */
function locator(options: ResolvedOptions, code: string, filename: string, file: string): Locator {
  const absolute = isAbsolute(filename) ? filename : resolve(options.root, filename)
  const input = options.inputSourceMap === true ? readReferencedSourceMap(code, absolute) : options.inputSourceMap || null
  if (input === null) return { locate: (start) => ({ file, line: start.line, column: start.column }), originalName: () => null }
  let map: TraceMap
  try {
    map = new TraceMap(input as SourceMapInput, absolute)
  } catch (error) {
    throw new InstrumentError(file, `invalid inputSourceMap: ${(error as Error).message}`)
  }
  return {
    locate(start) {
      const original = originalPositionFor(map, { line: start.line, column: start.column })
      if (original.source === null) return { file, line: start.line, column: start.column }
      return { file: displayPath(options.root, original.source), line: original.line, column: original.column }
    },
    // a minifier that renamed `marked` to `x` records `marked` at x's position
    originalName(node) {
      const { line, column } = node.loc!.start
      return originalPositionFor(map, { line, column }).name
    },
  }
}

interface Locator {
  locate(start: Location): SourceLocation
  originalName(node: t.Identifier): string | null
}

/** `probeprof-ignore-file` before the code, or `probeprof-ignore` heading the file and followed by a blank line. */
function isIgnoredFile(ast: t.File, code: string): boolean {
  const program = ast.program
  const firstCode = program.directives[0]?.start ?? program.body[0]?.start ?? code.length
  const comments = ast.comments ?? []
  for (const [index, comment] of comments.entries()) {
    if (comment.start! >= firstCode) break
    if (IGNORE_FILE.test(comment.value)) return true
    if (index === 0 && IGNORE.test(comment.value)) {
      const next = Math.min(comments[1]?.start ?? firstCode, firstCode)
      if (next === code.length || /\n[ \t]*\r?\n/.test(code.slice(comment.end!, next))) return true
    }
  }
  return false
}

/**
 * Our accessor at the top level, `function __pp<hash>(){…}` (a module) or `let __pp<hash>=function(){…}` (a
 * script): this text came out of the transform already.
 */
function isAlreadyInstrumented(program: t.Program): boolean {
  return program.body.some((statement) => {
    if (statement.type === 'FunctionDeclaration') return ACCESSOR.test(statement.id?.name ?? '')
    return statement.type === 'VariableDeclaration' && statement.declarations.some((d) => d.id.type === 'Identifier' && ACCESSOR.test(d.id.name))
  })
}

const DECLARATION_ONLY = new Set([
  'TSInterfaceDeclaration',
  'TSTypeAliasDeclaration',
  'TSDeclareFunction',
  'TSModuleDeclaration',
  'EmptyStatement',
])

/** A file of types and type imports only: nothing runs, so there is no `<module>` to count. */
function isDeclarationsOnly(program: t.Program): boolean {
  return program.body.every((statement) => {
    if (DECLARATION_ONLY.has(statement.type)) return statement.type !== 'TSModuleDeclaration' || statement.declare === true
    if (statement.type === 'ImportDeclaration') return statement.importKind === 'type'
    if (statement.type === 'ExportNamedDeclaration') {
      return statement.exportKind === 'type' || (statement.declaration != null && DECLARATION_ONLY.has(statement.declaration.type))
    }
    return false
  })
}
