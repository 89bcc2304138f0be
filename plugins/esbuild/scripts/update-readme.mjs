// Rewrites the esbuild options table in the repository's README.md from the options' records (after `tsc -b`):
//   node plugins/esbuild/scripts/update-readme.mjs
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { formatOptionsTable } from '../dist/index.js'

const readme = fileURLToPath(new URL('../../../README.md', import.meta.url))
const text = readFileSync(readme, 'utf8')
const section = /(<!-- esbuild-options:start[^>]*-->\n)[\s\S]*?(\n<!-- esbuild-options:end -->)/
if (!section.test(text)) {
  process.stderr.write('update-readme: error: README.md has no <!-- esbuild-options:start --> … <!-- esbuild-options:end --> section\n')
  process.exit(2)
}
writeFileSync(readme, text.replace(section, (_, start, end) => `${start}${formatOptionsTable()}${end}`))
