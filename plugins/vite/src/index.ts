// @probeprof/vite: `plugins: [probeprof()]` in vite.config. With PROBEPROF=1 (or `enabled: true`) `vite build`
// instruments every function of the project's sources (options: those of every probeprof integration).
import { probeprofUnplugin } from './unplugin.js'

export type { ProbeprofOptions as ProbeprofViteOptions } from '@probeprof/plugin-core'
export default probeprofUnplugin.vite
