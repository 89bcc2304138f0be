// The persistent cache of instrumented files. An entry is keyed by everything its text depends on: the file's
// content and path, the transform's options, and a fingerprint of the code that produced it (this plugin's and
// the Babel plugin's versions and built files, the parser's version), so a stale entry is never found rather than
// ever invalidated. Writes go to a temporary file renamed into place: concurrent builds sharing the directory
// see a whole entry or none, and a build killed mid-write leaves no half entry behind.
//
// Entry file: one header line (`probeprof-cache 1 <kind>`), then the payload: the module text for `code`, the
// reason and its position as JSON for `unparsable`, nothing for `skip`.
//
// Stale entries are never found, so they would pile up (every upgrade or edit leaves its old entries behind):
// once a day a build prunes the entries unused for 30 days, as webpack's filesystem cache does.

import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { mkdir, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { sourceMapReference } from '@probeprof/babel-plugin/source-map-reference'
import { writeFileAtomicAsync } from '@probeprof/runtime/atomic-write'

export type CachedOutcome =
  /** the instrumented module, source map inlined, as UTF-8 (what esbuild takes without re-encoding; splitInlineMap gives the others code and map) */
  | { kind: 'code'; contents: Uint8Array }
  /** nothing to instrument (an ignored or declarations-only file): the bundler loads the file itself */
  | { kind: 'skip' }
  /** Babel cannot parse it: bundled as written, with this reason in one warning; where (line 1-based, column 0-based, as esbuild counts) */
  | { kind: 'unparsable'; reason: string; line?: number; column?: number }

const K_FORMAT = 'probeprof-cache 1'
/** Entries sit in 256 subdirectories by the key's first two hex digits, so no directory grows huge. */
const K_SHARD_CHARS = 2
/** A shard directory's name (other names in the cache directory, such as `runtime/`, are not entries). */
const SHARD = new RegExp(`^[0-9a-f]{${K_SHARD_CHARS}}$`)
const K_DAY_MS = 24 * 60 * 60 * 1000
/** An entry no build has used for this long is removed. */
export const K_CACHE_MAX_AGE_MS = 30 * K_DAY_MS
/** A temporary file this old was left by a killed build (a write takes milliseconds). */
const K_ORPHAN_TEMP_MS = 60 * 60 * 1000
/** Its modification time is when the directory was last pruned. */
const PRUNE_MARKER = 'last-prune'

export class TransformCache {
  private readonly directoriesMade = new Set<string>()
  /** Keys this process found or wrote: a prune keeps them and marks them used now. */
  private readonly used = new Set<string>()

  constructor(readonly directory: string) {}

  /**
   * Synchronous on purpose: an entry is a few KB, and `fs.promises.readFile` pays four thread-pool round trips
   * (open, fstat, read, close) for it, which made a warm build of three.js 0.2 s slower (bench: build/build-speed).
   */
  get(key: string): CachedOutcome | undefined {
    let bytes: Buffer
    try {
      bytes = readFileSync(this.pathOf(key))
    } catch {
      return undefined
    }
    const outcome = parseEntry(bytes)
    if (outcome !== undefined) this.used.add(key)
    return outcome
  }

  async set(key: string, outcome: CachedOutcome): Promise<void> {
    const path = this.pathOf(key)
    const directory = dirname(path)
    try {
      if (!this.directoriesMade.has(directory)) {
        await mkdir(directory, { recursive: true })
        this.directoriesMade.add(directory)
      }
      await writeFileAtomicAsync(path, serializeEntry(outcome))
      this.used.add(key)
    } catch {
      // A cache that cannot be written (read-only checkout, full disk) only costs speed: the build goes on.
    }
  }

  /**
   * Once a day per directory (whichever build comes first): removes the entries unused for `maxAgeMs` and the
   * temporary files of killed builds, and marks the entries this process used as used now (reading an entry does
   * not update its times). Returns how many files it removed; never fails (the cache only costs or saves time).
   */
  async prune(now = Date.now(), maxAgeMs = K_CACHE_MAX_AGE_MS): Promise<number> {
    const marker = join(this.directory, PRUNE_MARKER)
    try {
      if (now - (await stat(marker)).mtimeMs < K_DAY_MS) return 0
    } catch {
      // never pruned (or no cache yet): prune now
    }
    let removed = 0
    try {
      await writeFile(marker, '') // first, so that builds running meanwhile do not prune too
      const stamp = new Date(now)
      await utimes(marker, stamp, stamp)
      for (const shard of (await readdir(this.directory)).filter((name) => SHARD.test(name))) {
        for (const name of await readdir(join(this.directory, shard))) {
          const path = join(this.directory, shard, name)
          if (this.used.has(shard + name)) {
            await utimes(path, stamp, stamp).catch(() => {})
            continue
          }
          const age = now - (await stat(path).catch(() => ({ mtimeMs: now }))).mtimeMs
          if (age > (name.endsWith('.tmp') ? K_ORPHAN_TEMP_MS : maxAgeMs)) {
            await rm(path, { force: true })
            removed++
          }
        }
      }
    } catch {
      // a directory that cannot be read or written: nothing to prune
    }
    return removed
  }

  private pathOf(key: string): string {
    return join(this.directory, key.slice(0, K_SHARD_CHARS), key.slice(K_SHARD_CHARS))
  }
}

function serializeEntry(outcome: CachedOutcome): Buffer {
  const header = Buffer.from(`${K_FORMAT} ${outcome.kind}\n`)
  if (outcome.kind === 'code') return Buffer.concat([header, outcome.contents])
  if (outcome.kind === 'skip') return header
  return Buffer.concat([header, Buffer.from(JSON.stringify({ reason: outcome.reason, line: outcome.line, column: outcome.column }))])
}

const NEWLINE = 0x0a

function parseEntry(bytes: Buffer): CachedOutcome | undefined {
  const newline = bytes.indexOf(NEWLINE)
  if (newline === -1) return undefined
  const header = bytes.toString('latin1', 0, newline)
  if (!header.startsWith(`${K_FORMAT} `)) return undefined
  const kind = header.slice(K_FORMAT.length + 1)
  const payload = bytes.subarray(newline + 1)
  if (kind === 'code') return { kind, contents: payload }
  if (kind === 'skip') return { kind }
  if (kind === 'unparsable') {
    try {
      const { reason, line, column } = JSON.parse(payload.toString('utf8')) as { reason: string; line?: number; column?: number }
      return { kind, reason, line, column }
    } catch {
      return undefined // not this format's: a miss, as for any other unreadable entry
    }
  }
  return undefined
}

/**
 * Key of one file's entry: a hash of everything the instrumented text depends on, including the source map file
 * a compiled file names (rows take their original locations from it; an inline map is part of the code already).
 */
export function cacheKey(fingerprint: string, options: string, path: string, code: Uint8Array): string {
  const hash = createHash('sha256').update(fingerprint).update('\0').update(options).update('\0').update(path).update('\0').update(code)
  const mapFile = referencedMapFile(path, code)
  if (mapFile !== null) hash.update('\0map\0').update(readIfPresent(mapFile))
  return hash.digest('hex')
}

/** Only the file's last line can name a map: decode that, not the whole file. */
const K_MAP_COMMENT_BYTES = 4096

function referencedMapFile(path: string, code: Uint8Array): string | null {
  const tail = Buffer.from(code.buffer, code.byteOffset, code.byteLength).subarray(-K_MAP_COMMENT_BYTES).toString('utf8')
  const reference = sourceMapReference(tail, path)
  return reference?.kind === 'file' ? reference.path : null
}

function readIfPresent(path: string): Uint8Array | string {
  try {
    return readFileSync(path)
  } catch {
    return 'missing'
  }
}

const require = createRequire(import.meta.url)

/**
 * What makes two versions of the transform produce different text: the versions of this package, the Babel plugin
 * and the parser, and the built files themselves (a local change or a patch keeps the version number): the Babel
 * plugin's, and this package's own step that turns its result into a module.
 */
export function transformFingerprint(): string {
  const hash = createHash('sha256')
  for (const manifest of ['@probeprof/plugin-core/package.json', '@probeprof/babel-plugin/package.json', '@babel/parser/package.json']) {
    const path = resolveFrom(manifest)
    hash.update(path === undefined ? manifest : readFileSync(path))
  }
  const babelPluginDist = join(dirname(require.resolve('@probeprof/babel-plugin/package.json')), 'dist')
  for (const name of readdirSync(babelPluginDist).filter((file) => file.endsWith('.js')).sort()) {
    hash.update(name).update(readFileSync(join(babelPluginDist, name)))
  }
  hash.update(readFileSync(new URL('./instrument-file.js', import.meta.url)))
  return hash.digest('hex')
}

function resolveFrom(specifier: string): string | undefined {
  try {
    return require.resolve(specifier)
  } catch {
    return undefined
  }
}

/**
 * `node_modules/.cache/probeprof` of the package that holds `root` (the nearest package.json above it), as
 * babel-loader and find-cache-dir choose; outside any package (`probeprof run /tmp/script.ts`), a directory in the
 * system's temporary directory rather than a node_modules the user never made.
 */
export function defaultCacheDirectory(root: string): string {
  let directory = resolve(root)
  for (;;) {
    if (existsSync(join(directory, 'package.json'))) return join(directory, 'node_modules', '.cache', 'probeprof')
    const parent = dirname(directory)
    if (parent === directory) return join(tmpdir(), 'probeprof-cache')
    directory = parent
  }
}
