// marked, instrumented in full, renders real Markdown (every .md file npm installed) and a feature sampler.
import { createHash } from 'node:crypto'
import { marked, Marked } from 'marked'
import { filesUnder } from './inputs.mjs'

const sampler = [
  '# Title\n\nSome *emphasis*, **strong**, `code`, ~~strike~~ and a [link](http://x.test "t").',
  '| a | b |\n|:--|--:|\n| 1 | 2 |\n| 3 | 4 |',
  '1. one\n2. two\n   - nested\n   - [x] task\n3. three',
  '```js\nconst x = 1 < 2\n```\n\n    indented code\n\n> quote\n> > nested',
  'Setext\n======\n\nline  \nbreak<br>and <span>html</span>\n\n---\n\n![img](a.png)',
  'Auto link https://example.test and footnote-ish [^1] and escaped \\*stars\\*',
]
const docs = [...filesUnder(['node_modules'], /\.md$/i), ...sampler.map((text, i) => ({ name: `sampler-${i}`, text }))]
const gfm = new Marked({ gfm: true, breaks: true })
for (const { name, text } of docs) {
  const html = marked.parse(text)
  const lexed = marked.lexer(text).map((token) => token.type).join(',')
  console.log(`${name}: ${createHash('sha256').update(html).digest('hex')} ${createHash('sha256').update(gfm.parse(text)).digest('hex')} ${lexed.length}`)
}
console.log(marked.parse(sampler.join('\n\n')))
console.log(`rendered ${docs.length} documents`)
