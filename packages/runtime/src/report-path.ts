// Report file names: the placeholders of `out`, and the name that tells the processes and threads of one run apart.
// Every writer of a run needs a name of its own: the host's write (host.ts) never replaces a report another
// process or thread of the run wrote, and picks the next of `taggedPath`'s names instead.

/** Who writes: the process, and the worker thread in it (0: the main thread). */
export interface Writer {
  pid: number
  threadId: number
}

/** The writer in a file name: `<pid>`, or `<pid>-w<thread>` in a worker thread. */
export function writerTag(writer: Writer): string {
  return writer.threadId === 0 ? String(writer.pid) : `${writer.pid}-w${writer.threadId}`
}

/**
 * `%p` → the writer's tag (the pid; in a worker thread `<pid>-w<thread>`, since a worker shares its process's pid),
 * `%t` → milliseconds since the epoch, `%%` → `%`.
 */
export function expandPath(path: string, writer: Writer): string {
  return path.replace(/%[pt%]/g, (token) => (token === '%p' ? writerTag(writer) : token === '%t' ? String(Date.now()) : '%'))
}

/**
 * The configured report path for this writer: the first process's main thread writes `out` as given; a child
 * process or a worker thread adds its tag before `.json`, unless `%p` already puts it in the name.
 */
export function writerOut(out: string, writer: Writer, isDescendant: boolean): string {
  if (!isDescendant || hasPidPlaceholder(out)) return out
  return taggedPath(out, writerTag(writer))
}

/** True when `%p` is a placeholder in `path` (in `%%p`, the `%%` is an escaped `%` and `p` a letter). */
function hasPidPlaceholder(path: string): boolean {
  return (path.match(/%[pt%]/g) ?? []).some((token) => token === '%p')
}

/** `probeprof.json` → `probeprof.<tag>.json`; a name not ending in `.json` gets `.<tag>` at its end. */
export function taggedPath(path: string, tag: string): string {
  return path.endsWith('.json') ? `${path.slice(0, -'.json'.length)}.${tag}.json` : `${path}.${tag}`
}
