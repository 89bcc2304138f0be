import { parse, type ParserOptions, type ParserPlugin } from '@babel/parser'
import type { File } from '@babel/types'

const TS = /\.[cm]?ts$/
const TSX = /\.tsx$/

/** Parser settings for a file, chosen by its extension. `jsx` is never on for `.ts`, where `<T>x` is a cast. */
export function parserOptionsFor(filename: string): ParserOptions {
  const plugins: ParserPlugin[] = ['explicitResourceManagement', 'importAttributes', 'decorators', 'decoratorAutoAccessors']
  if (TS.test(filename)) plugins.push('typescript')
  else if (TSX.test(filename)) plugins.push('typescript', 'jsx')
  else plugins.push('jsx')
  return {
    sourceType: /\.m[jt]s$/.test(filename) ? 'module' : 'unambiguous',
    sourceFilename: filename,
    allowReturnOutsideFunction: !/\.m[jt]s$/.test(filename),
    allowUndeclaredExports: true,
    errorRecovery: false,
    plugins,
  }
}

export function parseSource(code: string, filename: string): File {
  return parse(code, parserOptionsFor(filename)) as unknown as File
}
