/**
 * A problem the user can fix (a missing file, a bad option): the CLI prints its message on one line and exits
 * with status 2. Anything else that escapes is a bug in probeprof.
 */
export class ProbeprofError extends Error {
  override name = 'ProbeprofError'
}

/** The one line the CLI prints for an error, in argparse's form. */
export function formatError(error: unknown, prog = 'probeprof'): string {
  if (error instanceof ProbeprofError) return `${prog}: error: ${oneLine(error.message)}`
  const message = error instanceof Error ? error.message : String(error)
  return `${prog}: error: ${oneLine(message)} (internal error; set PROBEPROF_DEBUG=1 and report it)`
}

/** Messages that quote user input (a file's text, a name) must still print as one line. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim()
}
