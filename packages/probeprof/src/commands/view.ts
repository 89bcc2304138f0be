// `probeprof view <file...>`: opens the profile in speedscope, served locally from the speedscope package (no
// network). Where no browser can be opened (a server, CI, SSH) it prints the URL, and serves until Ctrl-C.

import open from 'open'
import { basename } from 'node:path'
import { defineCommand, HELP_OPTION } from '../cli/command.js'
import { ProbeprofError } from '../errors.js'
import { exportSpeedscope } from '../export/speedscope.js'
import { serveSpeedscope } from '../html/speedscope-server.js'
import { Stats } from '../stats.js'

export const command = defineCommand({
  summary: 'open the profile in speedscope, served locally (flame graph, left heavy, sandwich; time and exact calls)',
  usage: 'probeprof view <file...> [--port N] [--host HOST] [--no-open]',
  options: {
    port: { type: 'string', short: 'p', value: 'N', description: 'port to serve on (default: any free port)' },
    host: { type: 'string', value: 'HOST', description: 'address to serve on (default: 127.0.0.1, this machine only)' },
    'no-open': { type: 'boolean', description: 'do not start a browser; only print the URL' },
    'strip-dirs': { type: 'boolean', description: 'keep file base names only (functions that become identical merge)' },
    help: HELP_OPTION,
  },
  async run({ values, positionals: files }, io) {
    if (files.length === 0) throw new ProbeprofError('view needs a report file, e.g. probeprof view probeprof.json')
    const port = values.port === undefined ? 0 : parsePort(values.port)
    const stats = new Stats(...files)
    if (values['strip-dirs']) stats.stripDirs()
    const name = files.map((file) => basename(file)).join(', ')
    const server = await serveSpeedscope(exportSpeedscope(stats.profile, { name }), { port, host: values.host, title: name })
    io.stdout.write(`speedscope is serving ${name} at\n  ${server.url}\n`)
    const opened = !values['no-open'] && canOpenBrowser() && (await openBrowser(server.url))
    io.stdout.write(opened ? 'opened it in your browser; press Ctrl-C to stop\n' : 'open that URL in a browser; press Ctrl-C to stop\n')
    await stopSignal()
    await server.close()
    return 0
  },
})

/** A browser can be started on macOS and Windows, and on Linux/BSD where a desktop session is running. */
function canOpenBrowser(): boolean {
  if (process.platform === 'darwin' || process.platform === 'win32') return true
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY)
}

async function openBrowser(url: string): Promise<boolean> {
  try {
    const child = await open(url)
    child.on('error', () => {}) // a failed spawn is reported by the missing pid below, not as a crash
    return child.pid !== undefined
  } catch {
    return false
  }
}

/** Resolves at the first SIGINT or SIGTERM: the servers the CLI runs until Ctrl-C. */
export function stopSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve()
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}

export function parsePort(text: string): number {
  const port = Number(text)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ProbeprofError(`invalid --port '${text}': give a number from 0 to 65535 (0: any free port)`)
  return port
}
