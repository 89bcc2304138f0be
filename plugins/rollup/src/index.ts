// @probeprof/rollup: `plugins: [probeprof(), typescript(), …]` in rollup.config, listed first (Rollup has no
// `enforce`: the plugin must see the original sources). The same unplugin factory as @probeprof/vite.
import { probeprofUnplugin } from '@probeprof/vite/unplugin'

export type { ProbeprofOptions as ProbeprofRollupOptions } from '@probeprof/plugin-core'
export default probeprofUnplugin.rollup
