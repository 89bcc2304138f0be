// The module instrumented code imports when no bundler plugin supplies its own: installs the runtime with
// default options (overridable by PROBEPROF_* environment variables) and exports it.
import { install } from './install.js'

export const runtime = install()
