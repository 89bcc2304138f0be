// yaml, instrumented in full: every package.json npm installed goes JSON → YAML → JSON, plus YAML's own features.
import YAML from 'yaml'
import { filesUnder } from './inputs.mjs'

let roundTrips = 0
for (const { name, text } of filesUnder(['node_modules'], /^package\.json$/)) {
  const value = JSON.parse(text)
  const yamlText = YAML.stringify(value)
  const back = YAML.parse(yamlText)
  roundTrips++
  console.log(`${name}: ${yamlText.length} ${JSON.stringify(back) === JSON.stringify(value)}`)
}
for (const { name, text } of filesUnder(['node_modules'], /\.ya?ml$/)) {
  const doc = YAML.parseDocument(text)
  console.log(`${name}: ${JSON.stringify(doc.toJS())} errors=${doc.errors.length}`)
}
const features = [
  'anchors: &a { x: 1, y: [2, 3] }\nref: *a\nmerge:\n  <<: *a\n  z: 4\n',
  '--- first\n--- second\n...\n',
  'block: |\n  keep\n   indent\nfolded: >-\n  one\n  two\n',
  'date: 2001-12-14t21:59:43.10-05:00\nhex: 0x1F\noct: 0o17\ninf: .inf\nnull: ~\nbool: yes\n',
  '? complex key\n: value\n"quoted\\tkey": \'single\'\n',
  'bad: [unclosed\n',
  'dup: 1\ndup: 2\n',
]
for (const text of features) {
  const docs = YAML.parseAllDocuments(text)
  for (const doc of docs) {
    console.log(JSON.stringify(doc.toJS({ maxAliasCount: 10 })), doc.errors.map((e) => e.code).join(','), doc.warnings.length)
    console.log(doc.errors.length === 0 ? doc.toString() : doc.errors.map((e) => e.message).join(" | "))
  }
}
console.log(YAML.stringify({ nested: { list: [1, 'two', { three: 3 }], text: 'multi\nline' } }, { indent: 4 }))
console.log(`round trips ${roundTrips}`)
