// Runs first in the process `probeprof run` starts (`node --import <this>?<config file> script args`): installs the
// profiler with run's options, then has the script's own path load the instrumented bundle, so argv,
// import.meta.url, __filename and require.main are what they would be without probeprof.

import { readFileSync } from 'node:fs'
import Module, { register } from 'node:module'
import { pathToFileURL } from 'node:url'
import { install } from '@probeprof/runtime/install'
import { readRunConfig } from './config.js'
import type { HooksData } from './hooks.js'

/** Variables that would override run's own choices (where the report goes, whether it records at all). */
const OVERRIDDEN_VARIABLES = ['PROBEPROF', 'PROBEPROF_OUT', 'PROBEPROF_QUIET']

interface CommonJsModule {
  _compile(source: string, filename: string): unknown
}
type Extensions = Record<string, (module: CommonJsModule, filename: string) => unknown>

const config = readRunConfig(import.meta.url)
if (config !== null) {
  const saved = OVERRIDDEN_VARIABLES.map((name) => [name, process.env[name]] as const)
  for (const [name] of saved) delete process.env[name]
  try {
    install({ out: config.out, quiet: config.quiet, clock: config.clock })
  } finally {
    for (const [name, value] of saved) if (value !== undefined) process.env[name] = value
  }

  const source = readFileSync(config.bundle, 'utf8')
  process.setSourceMapsEnabled(true) // stack traces point at the script's lines, not the bundle's
  const data: HooksData = { url: pathToFileURL(config.script).href, format: config.format, source: null }
  if (config.format === 'module') {
    data.source = source
  } else {
    const extensions = (Module as unknown as { _extensions: Extensions })._extensions
    const extension = config.script.slice(config.script.lastIndexOf('.'))
    const original = extensions[extension] ?? extensions['.js']
    extensions[extension] = (module, filename) => (filename === config.script ? module._compile(source, filename) : original(module, filename))
  }
  register(new URL('./hooks.js', import.meta.url), { data })
}
