// parse5 parsing a large HTML page into a document tree (the WHATWG algorithm) and serializing it back.
import { parse, serialize } from 'parse5'
import { readInput, runWorkload } from './harness.js'

const html = readInput('page.html')
runWorkload(() => serialize(parse(html)))
