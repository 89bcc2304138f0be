// Which files the plugin instruments. The coarse decision is an esbuild onLoad filter, evaluated in Go, so
// files that are never instrumented (node_modules by default) cost no round trip to JavaScript; globs and
// the runtime's own files are checked in JavaScript for the files that pass it.

import { relative, sep } from 'node:path'
import picomatch from 'picomatch'

const SOURCE_EXTENSION = String.raw`\.(?:[cm]?[jt]s|[jt]sx)$`
const NODE_MODULES = 'node_modules'

/** RE2 has no lookahead: "a path segment other than node_modules" is spelled out by length and letters. */
function segmentOtherThan(word: string): string {
  const n = word.length
  const alternatives = [`[^/]{0,${n - 1}}`, `[^/]{${n + 1},}`]
  for (let i = 0; i < n; i++) {
    alternatives.push(`${escapeRegExp(word.slice(0, i))}[^/${escapeRegExp(word[i])}][^/]{${n - i - 1}}`)
  }
  return `(?:${alternatives.join('|')})`
}

export function onLoadFilter(root: string, nodeModules: boolean): RegExp {
  if (nodeModules) return new RegExp(SOURCE_EXTENSION)
  const base = escapeRegExp(root.endsWith(sep) ? root.slice(0, -1) : root)
  return new RegExp(`^${base}/(?:${segmentOtherThan(NODE_MODULES)}/)*[^/]*${SOURCE_EXTENSION}`)
}

export interface FileFilter {
  (path: string): boolean
}

export function fileFilter(options: {
  root: string
  include: string[]
  exclude: string[]
  /** directories never instrumented: the runtime itself */
  neverInstrument: string[]
}): FileFilter {
  const included = options.include.length > 0 ? picomatch(options.include, { dot: true }) : () => true
  const excluded = options.exclude.length > 0 ? picomatch(options.exclude, { dot: true }) : () => false
  return (path) => {
    if (path.endsWith('.d.ts') || options.neverInstrument.some((dir) => path.startsWith(dir))) return false
    const fromRoot = relative(options.root, path).split(sep).join('/')
    return included(fromRoot) && !excluded(fromRoot)
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}
