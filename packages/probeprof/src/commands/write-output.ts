// Writing an export: atomically (temp file + rename, so a failed or interrupted export never leaves a half
// file), or to stdout for text formats, with one clear line when the path cannot be written.

import { writeFileAtomic } from '@probeprof/runtime/atomic-write'
import { ProbeprofError } from '../errors.js'

export function writeOutput(path: string, content: string | Uint8Array): void {
  try {
    writeFileAtomic(path, content)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const reason =
      code === 'ENOENT' ? 'its directory does not exist' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message
    throw new ProbeprofError(`cannot write '${path}': ${reason}`)
  }
}

/** `12.3 KB`: sizes in the line printed after writing. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

export function byteLength(content: string | Uint8Array): number {
  return typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength
}
