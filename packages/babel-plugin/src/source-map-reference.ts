// The source map a compiled file names in its last `//# sourceMappingURL=` comment. No Babel here: bundler
// plugins import this entry (`@probeprof/babel-plugin/source-map-reference`) to key their caches by the map
// file too, without loading the parser.

import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'

const SOURCE_MAPPING_URL = /\/\/[#@] sourceMappingURL=([^\s'"]+)\s*$/
const DATA_URL = /^data:application\/json(?:;charset=[\w-]+)?(;base64)?,(.*)$/

export type SourceMapReference =
  /** the map is inside the file (a data: URL), so the file's own content covers it */
  | { kind: 'inline'; json: string }
  /** the map is a file beside the code */
  | { kind: 'file'; path: string }

/** The reference in the file's last line, or null when there is none or it is not ours to read (http:, …). */
export function sourceMapReference(code: string, filename: string): SourceMapReference | null {
  const match = SOURCE_MAPPING_URL.exec(code.slice(code.lastIndexOf('\n', code.length - 2) + 1))
  if (match === null) return null
  const data = DATA_URL.exec(match[1])
  if (data !== null) {
    try {
      return { kind: 'inline', json: data[1] ? Buffer.from(data[2], 'base64').toString('utf8') : decodeURIComponent(data[2]) }
    } catch {
      return null
    }
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(match[1])) return null
  try {
    return { kind: 'file', path: resolve(dirname(filename), decodeURIComponent(match[1])) }
  } catch {
    return null
  }
}

/** The referenced map, parsed; null when there is none or it cannot be read or parsed (rows then point at the file). */
export function readReferencedSourceMap(code: string, filename: string): object | null {
  const reference = sourceMapReference(code, filename)
  if (reference === null) return null
  try {
    return JSON.parse(reference.kind === 'inline' ? reference.json : readFileSync(reference.path, 'utf8')) as object
  } catch {
    return null
  }
}
