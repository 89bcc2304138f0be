// transformSource(code, filename, options): what every bundler integration calls. Parses with Babel, plans the
// probes (visitor.ts) and returns the edited code with a source map of this step only.

import { isAbsolute, relative, resolve, sep } from 'node:path'
import type * as t from '@babel/types'
import { epilogue, fileNames, prologue, type FileNames } from './emit.js'
import { hashText } from './hash.js'
import { resolveOptions, type InstrumentOptions, type ResolvedOptions } from './options.js'
import { parseSource } from './parse.js'
import { FileInstrumenter, type Location } from './visitor.js'

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

/**
 * Instruments one file. Returns null when there is nothing to do: the file opts out, is already instrumented,
 * or holds only TypeScript declarations. Throws InstrumentError when the file does not parse.
 */
export function transformSource(code: string, filename: string, options?: InstrumentOptions): TransformResult | null {
  const resolved = resolveOptions(options)
  let ast: t.File
  try {
    ast = parseSource(code, filename)
  } catch (error) {
    const { loc, message } = error as { loc?: { line: number; column: number }; message: string }
    throw new InstrumentError(displayPath(resolved.root, filename), message.replace(/ \(\d+:\d+\)$/, ''), loc?.line, loc?.column)
  }
  return instrumentAst(code, ast, filename, resolved)
}

/** The same on an AST Babel already parsed from `code` (the Babel plugin's path). */
export function instrumentAst(code: string, ast: t.File, filename: string, options: ResolvedOptions): TransformResult | null {
  const program = ast.program
  if (isIgnoredFile(ast, code)) return null
  const file = displayPath(options.root, filename)
  const names = fileNames(hashText(file))
  if (isAlreadyInstrumented(program, names)) return null

  const instrumenter = new FileInstrumenter(code, names, locator(options))
  instrumenter.run(program)
  if (instrumenter.functionCount === 1 && isDeclarationsOnly(program)) return null

  const edits = instrumenter.edits
  const directives = program.directives
  const start = Math.max(program.interpreter?.end ?? 0, directives.length > 0 ? directives[directives.length - 1].end! : 0)
  const text = prologue({
    names,
    binding: runtimeBinding(options, program, instrumenter.usesCommonJs),
    runtimeModule: options.runtimeModule,
    file,
    contentHash: hashText(code),
    table: instrumenter.table,
    moduleKind: instrumenter.moduleKind,
  })
  // prependRight: before anything a construct starting at the same position opened
  edits.prependRight(start, (directives.length > 0 ? ';' : '') + text)
  edits.append(epilogue(names, instrumenter.moduleKind))

  const map = options.sourceMaps
    ? (edits.generateMap({ source: filename, includeContent: true, hires: 'boundary' }) as unknown as SourceMapObject)
    : null
  return { code: edits.toString(), map: map && { ...map }, functions: instrumenter.functionCount }
}

/** Path as reports show it: relative to the root, with forward slashes. */
export function displayPath(root: string, filename: string): string {
  const absolute = isAbsolute(filename) ? filename : resolve(root, filename)
  const path = relative(root, absolute)
  return (path === '' ? absolute : path).split(sep).join('/')
}

function runtimeBinding(options: ResolvedOptions, program: t.Program, usesCommonJs: boolean): 'import' | 'require' | 'global' {
  if (options.runtime !== 'auto') return options.runtime
  if (program.sourceType === 'module') return 'import'
  return usesCommonJs ? 'require' : 'import'
}

function locator(options: ResolvedOptions): (start: Location) => Location {
  void options
  return (start) => ({ line: start.line, column: start.column })
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

function isAlreadyInstrumented(program: t.Program, names: FileNames): boolean {
  return program.body.some((statement) => statement.type === 'FunctionDeclaration' && statement.id?.name === names.accessor)
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
