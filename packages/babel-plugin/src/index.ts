// @probeprof/babel-plugin: `plugins: ['@probeprof/babel-plugin']` in any Babel config instruments every
// function of the files Babel compiles. Bundler integrations call transformSource() instead (transform.ts):
// the same instrumentation, without Babel's code generator.
//
// List it first: it instruments in Program.enter, on the tree as parsed, before other plugins change it.

import { parse, type ParserOptions } from '@babel/parser'
import type * as t from '@babel/types'
import { restoreOriginalLocations } from './locations.js'
import { resolveOptions, type InstrumentOptions } from './options.js'
import { planEdits } from './transform.js'

interface BabelApi {
  assertVersion(range: number | string): void
}

interface ProgramPath {
  node: t.Program
  scope: { crawl(): void }
}

interface PluginState {
  filename?: string
  file: {
    code: string
    ast: t.File
    opts: { parserOpts?: ParserOptions; root?: string; cwd?: string }
    /** the input source map Babel was given or found in the file (convert-source-map) */
    inputMap?: { toObject(): object } | null
  }
}

export interface BabelPlugin {
  name: string
  visitor: { Program: { enter(path: ProgramPath, state: PluginState): void } }
}

export default function probeprofBabelPlugin(api: BabelApi, options?: InstrumentOptions): BabelPlugin {
  api.assertVersion('^7.22.0 || ^8.0.0-0')
  const resolved = resolveOptions(options ?? {})
  return {
    name: 'probeprof',
    visitor: {
      Program: {
        enter(path, state) {
          const filename = state.filename ?? 'unknown.js'
          const root = options?.root ?? state.file.opts.root ?? state.file.opts.cwd ?? resolved.root
          // Babel composes its output map with the input map itself; the rows need it to name original lines
          const inputSourceMap = options?.inputSourceMap ?? state.file.inputMap?.toObject() ?? false
          const planned = planEdits(state.file.code, state.file.ast, filename, { ...resolved, root, inputSourceMap, sourceMaps: false })
          if (planned === null) return
          const reparsed = parse(planned.edits.toString(), {
            ...state.file.opts.parserOpts,
            sourceType: state.file.ast.program.sourceType,
            // the name Babel gave the original nodes, so that its map names one source
            sourceFilename: state.file.ast.program.loc?.filename,
          }) as unknown as t.File
          restoreOriginalLocations(reparsed, planned.edits)
          path.node.body = reparsed.program.body
          path.node.directives = reparsed.program.directives
          path.scope.crawl()
        },
      },
    },
  }
}

export { transformSource, instrumentAst, displayPath, InstrumentError } from './transform.js'
export type { TransformResult, SourceMapObject } from './transform.js'
export { resolveOptions, optionRecords, OptionsError } from './options.js'
export type { InstrumentOptions, ResolvedOptions, RuntimeBinding, SourceTypeOption } from './options.js'
export { parserOptionsFor, parseSource } from './parse.js'
export { loaderSourceType, type ParsedSourceType } from './source-type.js'
