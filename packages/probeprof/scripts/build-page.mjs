// Bundles the HTML report's page (src/html/page: TypeScript, d3, d3-flame-graph, CSS) into dist/html/page.js
// and dist/html/page.css, which `probeprof html` inlines into every report so that it works offline.
// Run by the package build, after tsc (which type-checks the page through src/html/page/tsconfig.json).
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as esbuild from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)

/** d3-flame-graph's exports map leaves out its stylesheet: resolve it next to the package's main file. */
const flameGraphCss = {
  name: 'd3-flame-graph-css',
  setup(build) {
    build.onResolve({ filter: /^d3-flame-graph\/dist\/d3-flamegraph\.css$/ }, () => ({
      path: join(dirname(require.resolve('d3-flame-graph')), 'd3-flamegraph.css'),
    }))
  },
}
await esbuild.build({
  entryPoints: { page: join(root, 'src/html/page/main.ts') },
  outdir: join(root, 'dist/html'),
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['es2020'],
  minify: true,
  keepNames: true, // d3-flame-graph tells its data from d3 nodes by constructor.name
  legalComments: 'eof',
  logLevel: 'warning',
  absWorkingDir: root,
  plugins: [flameGraphCss],
})
