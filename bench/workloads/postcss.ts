// postcss parsing a large stylesheet, visiting every declaration, and stringifying it back.
import postcss from 'postcss'
import { readInput, runWorkload } from './harness.js'

const css = readInput('styles.css')
runWorkload(() => {
  const root = postcss.parse(css, { from: 'styles.css' })
  root.walkDecls('color', (decl) => {
    decl.value = decl.value.toUpperCase()
  })
  return root.toString()
})
