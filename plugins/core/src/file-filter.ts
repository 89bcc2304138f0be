// Which files the plugin instruments, decided twice. First by a regular expression the bundler evaluates itself
// (esbuild's onLoad filter, in Go; the hook filter of Rollup, Vite and Rspack), so files that are never
// instrumented (node_modules by default, files outside the include globs, other packages than the ones asked for)
// cost no round trip to the plugin's JavaScript. Then exactly, in JavaScript, for the files it lets
// through: the globs (picomatch), the package of the file, declaration files, and the runtime itself.
//
// Project files are those under `root` outside any node_modules directory: `include` and `exclude` decide.
// Dependency files are those inside a node_modules directory (their package is the one after the last
// node_modules segment, so pnpm's layout works): `nodeModules` decides, then `exclude`.

import { relative, sep } from 'node:path'
import picomatch from 'picomatch'
import { escapeRegExp, globToGoRegExp } from './glob-regexp.js'

const SOURCE_EXTENSION = String.raw`\.(?:[cm]?[jt]s|[jt]sx)$`
const IS_SOURCE = new RegExp(SOURCE_EXTENSION)
const NODE_MODULES = 'node_modules'
/** `node_modules/<package>/…`, the package scoped or not, after the last node_modules segment */
const PACKAGE_OF_PATH = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\/(?:(?!node_modules\/).)*$/

export interface FilterOptions {
  /** absolute, without a trailing separator */
  root: string
  include: readonly string[]
  exclude: readonly string[]
  nodeModules: boolean | readonly string[]
  /** directories never instrumented, with a trailing separator: the runtime itself */
  neverInstrument: readonly string[]
}

/** The bundler-side filter (RE2 syntax, so Go and Rust run it too): a superset of the files `fileFilter` accepts. */
export function onLoadFilter(options: FilterOptions): RegExp {
  const alternatives = [projectFilesSource(options)]
  if (options.nodeModules === true) alternatives.push(`/${NODE_MODULES}/.*${SOURCE_EXTENSION}`)
  else if (options.nodeModules !== false && options.nodeModules.length > 0) {
    const packages = options.nodeModules.map(escapeRegExp).join('|')
    alternatives.push(`/${NODE_MODULES}/(?:${packages})/.*${SOURCE_EXTENSION}`)
  }
  return new RegExp(alternatives.map((source) => `(?:${source})`).join('|'))
}

function projectFilesSource(options: FilterOptions): string {
  const base = `^${escapeRegExp(toSlashes(options.root))}/`
  const globs = options.include.map(globToGoRegExp)
  if (globs.length > 0 && globs.every((glob) => glob !== undefined)) return `${base}(?:${globs.join('|')})$`
  return `${base}(?:${segmentOtherThan(NODE_MODULES)}/)*[^/]*${SOURCE_EXTENSION}`
}

/** RE2 has no lookahead: "a path segment other than node_modules" is spelled out by length and letters. */
function segmentOtherThan(word: string): string {
  const n = word.length
  const alternatives = [`[^/]{0,${n - 1}}`, `[^/]{${n + 1},}`]
  for (let i = 0; i < n; i++) {
    alternatives.push(`${escapeRegExp(word.slice(0, i))}[^/${escapeRegExp(word[i])}][^/]{${n - i - 1}}`)
  }
  return `(?:${alternatives.join('|')})`
}

export type FileFilter = (path: string) => boolean

/** The exact decision, for an absolute path the Go filter let through. */
export function fileFilter(options: FilterOptions): FileFilter {
  const included = options.include.length > 0 ? picomatch([...options.include], { dot: true }) : () => true
  const excluded = options.exclude.length > 0 ? picomatch([...options.exclude], { dot: true }) : () => false
  const packageSelected =
    options.nodeModules === true
      ? () => true
      : options.nodeModules === false
        ? () => false
        : (name: string) => (options.nodeModules as readonly string[]).includes(name)
  return (absolute) => {
    const path = toSlashes(absolute)
    if (!IS_SOURCE.test(path) || /\.d\.[cm]?ts$/.test(path)) return false
    if (options.neverInstrument.some((dir) => path.startsWith(toSlashes(dir)))) return false
    const fromRoot = toSlashes(relative(options.root, absolute))
    const dependency = PACKAGE_OF_PATH.exec(path)
    if (dependency !== null) {
      if (!packageSelected(dependency[1])) return false
      const fromNodeModules = path.slice(path.lastIndexOf(`/${NODE_MODULES}/`) + 1)
      return !excluded(fromRoot) && !excluded(fromNodeModules)
    }
    if (fromRoot.startsWith('../')) return false
    return included(fromRoot) && !excluded(fromRoot)
  }
}

function toSlashes(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/')
}
