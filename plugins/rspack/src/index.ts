// @probeprof/rspack: `plugins: [probeprof()]` in rspack.config. Its loader runs before the others
// (`enforce: 'pre'`), on the original sources. The same unplugin factory as @probeprof/vite.
import { probeprofUnplugin } from '@probeprof/vite/unplugin'

export type { ProbeprofOptions as ProbeprofRspackOptions } from '@probeprof/plugin-core'
export default probeprofUnplugin.rspack
