// marked rendering a large Markdown document (GFM: tables, lists, code, inline markup) to HTML.
import { marked } from 'marked'
import { readInput, runWorkload } from './harness.js'

const markdown = readInput('document.md')
runWorkload(() => marked.parse(markdown, { async: false }))
