// instrumentFile inlines the step's source map, as esbuild reads it; Rollup, Vite and webpack take a transform's
// code and map apart instead (an inline comment would reach their output as a stale map of the wrong step).

const MAP_COMMENT = '\n//# sourceMappingURL=data:application/json;base64,'

export interface CodeAndMap {
  code: string
  /** the step's source map (version 3), or null when the file was instrumented without one */
  map: SourceMapV3 | null
}

export interface SourceMapV3 {
  version: number
  sources: string[]
  names: string[]
  mappings: string
  file?: string
  sourceRoot?: string
  sourcesContent?: (string | null)[]
}

/** An instrumented module's text and its map, the map comment instrumentFile appended removed. */
export function splitInlineMap(contents: Uint8Array): CodeAndMap {
  const text = Buffer.from(contents.buffer, contents.byteOffset, contents.byteLength).toString('utf8')
  const at = text.lastIndexOf(MAP_COMMENT)
  if (at === -1) return { code: text, map: null }
  const map = JSON.parse(Buffer.from(text.slice(at + MAP_COMMENT.length), 'base64').toString('utf8')) as SourceMapV3
  return { code: text.slice(0, at), map }
}
