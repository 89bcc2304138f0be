// @probeprof/webpack: `plugins: [probeprof()]` in webpack.config. Its loader runs before the others
// (`enforce: 'pre'`), on the original sources. The same unplugin factory as @probeprof/vite.
import { probeprofUnplugin } from '@probeprof/vite/unplugin'

export type { ProbeprofOptions as ProbeprofWebpackOptions } from '@probeprof/plugin-core'
export default probeprofUnplugin.webpack
