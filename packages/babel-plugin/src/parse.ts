import { parse, type ParserOptions, type ParserPlugin } from '@babel/parser'
import type { File } from '@babel/types'
import { loaderSourceType, type ParsedSourceType } from './source-type.js'

const TS = /\.[cm]?ts$/
const TSX = /\.tsx$/

/**
 * Parser settings for a file: plugins by its extension (`jsx` is never on for `.ts`, where `<T>x` is a cast), the
 * source type as its loader reads it (loaderSourceType).
 */
export function parserOptionsFor(filename: string, sourceType: ParsedSourceType = loaderSourceType(filename)): ParserOptions {
  const plugins: ParserPlugin[] = ['explicitResourceManagement', 'importAttributes', 'decorators', 'decoratorAutoAccessors']
  if (TS.test(filename)) plugins.push('typescript')
  else if (TSX.test(filename)) plugins.push('typescript', 'jsx')
  else plugins.push('jsx')
  return {
    sourceType,
    sourceFilename: filename,
    allowReturnOutsideFunction: sourceType !== 'module',
    allowUndeclaredExports: true,
    errorRecovery: false,
    plugins,
  }
}

/**
 * Parses with standard decorators; code they reject (TypeScript's `experimentalDecorators` allow parameter
 * decorators, as Angular and NestJS use) is parsed again with legacy decorators. The first error is the one
 * reported when both fail.
 */
export function parseSource(code: string, filename: string, sourceType: ParsedSourceType = loaderSourceType(filename)): File {
  const options = parserOptionsFor(filename, sourceType)
  try {
    return parse(code, options) as unknown as File
  } catch (error) {
    if (!code.includes('@')) throw error
    const legacy = options.plugins!.map((plugin) => (plugin === 'decorators' ? 'decorators-legacy' : plugin))
    try {
      return parse(code, { ...options, plugins: legacy }) as unknown as File
    } catch {
      throw error
    }
  }
}
