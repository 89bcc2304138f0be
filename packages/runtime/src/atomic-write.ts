// Writing a file atomically: the content goes to a temporary file beside it, which then takes the file's name, so
// a crash or a failed write leaves the previous file or none, never a truncated one. The one implementation for
// every writer of the project: the runtime's reports (host.ts), `Stats.dump` and the CLI's exports (probeprof),
// the bundler plugins' runtime file and transform cache (plugins/core); `@probeprof/runtime/atomic-write`.
//
// Zero dependencies, like the rest of the runtime: Node's fs comes from `process.getBuiltinModule` (Node ≥ 20.16)
// when a write happens, so importing this module costs nothing in a browser and needs no `node:*` import.

type Content = string | Uint8Array

interface AtomicFs {
  writeFileSync(path: string, content: Content): void
  renameSync(from: string, to: string): void
  rmSync(path: string, options: { force: boolean }): void
  promises: {
    writeFile(path: string, content: Content): Promise<void>
    rename(from: string, to: string): Promise<void>
    rm(path: string, options: { force: boolean }): Promise<void>
  }
}

interface NodeProcess {
  pid: number
  getBuiltinModule(id: string): unknown
}

function nodeProcess(): NodeProcess {
  const proc = (globalThis as { process?: Partial<NodeProcess> }).process
  if (proc === undefined || typeof proc.getBuiltinModule !== 'function') throw new Error('writing a file needs Node 20.16 or later')
  return proc as NodeProcess
}

/** A name beside `path` that no other writer (process, thread or concurrent call) picks. */
function temporaryPath(path: string): string {
  return `${path}.${nodeProcess().pid}-${Math.random().toString(36).slice(2)}.tmp`
}

/**
 * Writes `content` to `path` atomically: into a temporary file, then renamed. With `place`, the complete
 * temporary file is handed to it instead of renamed (the runtime links it, so it never replaces another run's
 * report) and its result returned. Either way the temporary file does not outlive the call. Errors are fs's own.
 */
export function writeFileAtomic(path: string, content: Content): void
export function writeFileAtomic<T>(path: string, content: Content, place: (temporary: string) => T): T
export function writeFileAtomic<T>(path: string, content: Content, place?: (temporary: string) => T): T | void {
  const fs = nodeProcess().getBuiltinModule('fs') as AtomicFs
  const temporary = temporaryPath(path)
  try {
    fs.writeFileSync(temporary, content)
    if (place !== undefined) return place(temporary)
    fs.renameSync(temporary, path)
  } finally {
    removeQuietly(fs, temporary) // renamed: already gone; linked: the file keeps its other name
  }
}

/** `writeFileAtomic` without blocking the thread (fs/promises), for writers that run inside a build. */
export async function writeFileAtomicAsync(path: string, content: Content): Promise<void> {
  const fs = (nodeProcess().getBuiltinModule('fs') as AtomicFs).promises
  const temporary = temporaryPath(path)
  try {
    await fs.writeFile(temporary, content)
    await fs.rename(temporary, path)
  } finally {
    await fs.rm(temporary, { force: true }).catch(() => {}) // as removeQuietly
  }
}

/** Removes the temporary file; where it cannot be (its directory is unusable) none was written, and the write's own error is the one to report. */
function removeQuietly(fs: AtomicFs, temporary: string): void {
  try {
    fs.rmSync(temporary, { force: true })
  } catch {
    // nothing to remove
  }
}
