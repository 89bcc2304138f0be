// Inputs of the real-workload benchmark, generated deterministically (a seeded PRNG, no clock, no randomness from
// the system): the same bytes on every machine and every run, so every configuration parses the same text and the
// checksums of plain and instrumented runs can be compared. `scale` 1 gives the full sizes (about 1–2 MB each);
// `--quick` uses a small fraction. The @babel/parser workload reads a real file instead (three.js's build, from npm).
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** mulberry32: a tiny seeded PRNG; one stream per input, so inputs do not depend on each other's sizes. */
function createRandom(seed) {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (n) => Math.floor(next() * n)
  const pick = (xs) => xs[int(xs.length)]
  return { next, int, pick }
}

const WORDS = (
  'profiler sample call stack frame function module parser token render markdown style sheet selector value ' +
  'async await promise resolve reject stream buffer event loop worker thread memory heap garbage collector time ' +
  'clock probe counter edge caller callee recursion tree node branch leaf index table column row report format ' +
  'export import source map line offset build bundle plugin cache option default error warning'
).split(' ')

function sentence(random, words) {
  const out = []
  for (let i = 0; i < words; i++) out.push(random.pick(WORDS))
  out[0] = out[0][0].toUpperCase() + out[0].slice(1)
  return `${out.join(' ')}.`
}

/** A long Markdown document: headings, paragraphs with inline markup, nested lists, code, tables, quotes. */
export function generateMarkdown(targetBytes) {
  const random = createRandom(1)
  const parts = []
  let size = 0
  let section = 0
  const inline = () => {
    const words = []
    for (let i = 0, n = 8 + random.int(30); i < n; i++) {
      const word = random.pick(WORDS)
      const kind = random.int(14)
      if (kind === 0) words.push(`**${word}**`)
      else if (kind === 1) words.push(`_${word}_`)
      else if (kind === 2) words.push(`\`${word}()\``)
      else if (kind === 3) words.push(`[${word}](https://example.com/${word}/${random.int(1000)})`)
      else if (kind === 4) words.push(`${word} &amp;`)
      else words.push(word)
    }
    return `${words.join(' ')}.`
  }
  while (size < targetBytes) {
    const block = []
    section++
    block.push(`${'#'.repeat(1 + random.int(3))} ${sentence(random, 3 + random.int(4))} ${section}`)
    for (let p = 0, n = 1 + random.int(3); p < n; p++) block.push(inline())
    const kind = random.int(5)
    if (kind === 0) {
      const items = []
      for (let i = 0, n = 2 + random.int(6); i < n; i++) {
        items.push(`- ${inline()}`)
        if (random.int(3) === 0) items.push(`  1. ${inline()}`, `  2. ${inline()}`)
      }
      block.push(items.join('\n'))
    } else if (kind === 1) {
      const lines = []
      for (let i = 0, n = 3 + random.int(10); i < n; i++) lines.push(`function ${random.pick(WORDS)}${i}(x) { return x * ${random.int(100)} }`)
      block.push(`\`\`\`js\n${lines.join('\n')}\n\`\`\``)
    } else if (kind === 2) {
      const rows = ['| name | calls | time |', '| --- | ---: | ---: |']
      for (let i = 0, n = 3 + random.int(8); i < n; i++) rows.push(`| ${random.pick(WORDS)} | ${random.int(100000)} | ${(random.next() * 10).toFixed(3)} |`)
      block.push(rows.join('\n'))
    } else if (kind === 3) {
      block.push(`> ${inline()}\n> ${inline()}`)
    }
    const text = block.join('\n\n')
    parts.push(text)
    size += text.length + 2
  }
  return `${parts.join('\n\n')}\n`
}

/** A large stylesheet: rules with varied selectors, custom properties, media queries, keyframes, comments. */
export function generateCss(targetBytes) {
  const random = createRandom(2)
  const props = [
    ['color', () => `#${random.int(0xffffff).toString(16).padStart(6, '0')}`],
    ['margin', () => `${random.int(40)}px ${random.int(40)}px`],
    ['padding', () => `${random.int(3)}rem`],
    ['display', () => random.pick(['block', 'flex', 'grid', 'inline-block', 'none'])],
    ['font', () => `${random.pick(['normal', 'bold', 'italic'])} ${10 + random.int(20)}px/1.${random.int(9)} "${random.pick(WORDS)} sans", sans-serif`],
    ['background', () => `linear-gradient(${random.int(360)}deg, rgba(${random.int(255)}, ${random.int(255)}, ${random.int(255)}, .${random.int(9)}) 0%, var(--${random.pick(WORDS)}) 100%)`],
    ['transform', () => `translate(${random.int(100)}px, ${random.int(100)}px) rotate(${random.int(360)}deg)`],
    ['width', () => `calc(100% - ${random.int(200)}px)`],
    ['grid-template-columns', () => `repeat(${1 + random.int(12)}, minmax(0, 1fr))`],
    ['transition', () => `opacity ${random.int(500)}ms ease-in-out, transform ${random.int(500)}ms`],
  ]
  const selector = () => {
    const parts = []
    for (let i = 0, n = 1 + random.int(3); i < n; i++) {
      const kind = random.int(5)
      const word = random.pick(WORDS)
      if (kind === 0) parts.push(`.${word}-${random.int(100)}`)
      else if (kind === 1) parts.push(`#${word}`)
      else if (kind === 2) parts.push(`${random.pick(['div', 'a', 'li', 'span', 'section'])}.${word}`)
      else if (kind === 3) parts.push(`.${word}:${random.pick(['hover', 'focus', 'first-child', 'not(.active)'])}`)
      else parts.push(`[data-${word}="${random.int(10)}"]`)
    }
    return parts.join(random.pick([' ', ' > ', ' + ']))
  }
  const rule = (indent) => {
    const decls = []
    for (let i = 0, n = 2 + random.int(7); i < n; i++) {
      const [name, value] = random.pick(props)
      decls.push(`${indent}  ${name}: ${value()}${random.int(20) === 0 ? ' !important' : ''};`)
    }
    return `${indent}${selector()}, ${selector()} {\n${decls.join('\n')}\n${indent}}`
  }
  const parts = [':root {\n' + WORDS.map((w, i) => `  --${w}: #${((i * 2654435761) >>> 8).toString(16).slice(0, 6).padStart(6, '0')};`).join('\n') + '\n}']
  let size = parts[0].length
  while (size < targetBytes) {
    const kind = random.int(12)
    let text
    if (kind === 0) text = `@media (max-width: ${300 + random.int(1200)}px) {\n${rule('  ')}\n${rule('  ')}\n}`
    else if (kind === 1) text = `@keyframes ${random.pick(WORDS)}-${random.int(1000)} {\n  from { opacity: 0; }\n  50% { opacity: .${random.int(9)}; }\n  to { opacity: 1; }\n}`
    else if (kind === 2) text = `/* ${sentence(random, 6)} */\n${rule('')}`
    else text = rule('')
    parts.push(text)
    size += text.length + 1
  }
  return `${parts.join('\n')}\n`
}

/** A large HTML page: head, nested sections, tables, lists, forms, inline markup, entities, comments, scripts. */
export function generateHtml(targetBytes) {
  const random = createRandom(3)
  const text = () => sentence(random, 4 + random.int(14)).replace(/ (\w+) /, ' <em>$1</em> ').replace(/ (\w+)\./, ' <a href="/$1?x=1&amp;y=2">$1</a>.')
  const parts = ['<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Benchmark page</title>\n<style>body { margin: 0 }</style>\n</head>\n<body>']
  let size = parts[0].length
  let id = 0
  while (size < targetBytes) {
    const blocks = [`<section id="s${id++}" class="${random.pick(WORDS)} ${random.pick(WORDS)}">`, `<h2>${text()}</h2>`]
    for (let i = 0, n = 1 + random.int(4); i < n; i++) blocks.push(`<p data-index="${i}">${text()} ${text()}</p>`)
    const kind = random.int(5)
    if (kind === 0) {
      blocks.push('<table>', '<thead><tr><th>name</th><th>calls</th><th>time</th></tr></thead>', '<tbody>')
      for (let i = 0, n = 3 + random.int(12); i < n; i++) blocks.push(`<tr><td>${random.pick(WORDS)}</td><td>${random.int(100000)}</td><td>${(random.next() * 10).toFixed(3)}</td></tr>`)
      blocks.push('</tbody>', '</table>')
    } else if (kind === 1) {
      blocks.push('<ul>')
      for (let i = 0, n = 2 + random.int(8); i < n; i++) blocks.push(`<li><span class="k">${random.pick(WORDS)}</span> ${text()}</li>`)
      blocks.push('</ul>')
    } else if (kind === 2) {
      blocks.push(`<form action="/submit" method="post"><label>${random.pick(WORDS)} <input type="text" name="q${id}" value="${random.int(1000)}"></label><select name="s">`)
      for (let i = 0; i < 4; i++) blocks.push(`<option value="${i}"${i === 1 ? ' selected' : ''}>${random.pick(WORDS)}</option>`)
      blocks.push('</select><button type="submit">Go</button></form>')
    } else if (kind === 3) {
      blocks.push(`<!-- ${sentence(random, 5)} -->`, `<div class="card"><div class="body"><p>${text()}<br>${text()}</p><img src="/img/${id}.png" alt="${random.pick(WORDS)}"></div></div>`)
    } else {
      blocks.push(`<script>window.__data${id} = { "calls": ${random.int(1000)}, "name": "${random.pick(WORDS)}" };</script>`)
    }
    blocks.push('</section>')
    const chunk = blocks.join('\n')
    parts.push(chunk)
    size += chunk.length + 1
  }
  parts.push('</body>\n</html>')
  return `${parts.join('\n')}\n`
}

/** A large TypeScript module: interfaces, generic classes, enums, namespaces, type aliases, arrows, overloads. */
export function generateTypeScript(targetBytes) {
  const random = createRandom(4)
  const parts = ["import { EventEmitter } from 'node:events'", "export type Id = string & { readonly __brand: 'Id' }"]
  let size = 0
  let n = 0
  while (size < targetBytes) {
    const name = `${random.pick(WORDS)[0].toUpperCase()}${random.pick(WORDS)}${n++}`
    const fields = []
    for (let i = 0, k = 2 + random.int(6); i < k; i++) fields.push(`  ${random.pick(WORDS)}${i}${random.int(3) === 0 ? '?' : ''}: ${random.pick(['number', 'string', 'boolean', 'Id', `Array<${random.pick(['number', 'string'])}>`, 'Map<string, number>'])}`)
    const kind = random.int(5)
    let chunk
    if (kind === 0) {
      chunk = `export interface I${name} {\n${fields.join('\n')}\n}\n\nexport class ${name}<T extends { id: Id }> extends EventEmitter implements Partial<I${name}> {
  private readonly items = new Map<Id, T>()
  protected count = 0
  constructor(private readonly limit: number = ${random.int(1000)}) {
    super()
  }
  add(item: T): this {
    if (this.items.size >= this.limit) throw new RangeError(\`${name} is full: \${this.limit}\`)
    this.items.set(item.id, item)
    this.count += 1
    this.emit('add', item)
    return this
  }
  get size(): number {
    return this.items.size
  }
  *values(): IterableIterator<T> {
    for (const item of this.items.values()) yield item
  }
  async load(source: AsyncIterable<T>): Promise<number> {
    let loaded = 0
    for await (const item of source) {
      this.add(item)
      loaded++
    }
    return loaded
  }
  static from<U extends { id: Id }>(items: readonly U[]): ${name}<U> {
    return items.reduce((acc, item) => acc.add(item), new ${name}<U>(items.length))
  }
}`
    } else if (kind === 1) {
      chunk = `export enum ${name}Kind {\n${fields.map((_, i) => `  ${random.pick(WORDS)[0].toUpperCase()}${random.pick(WORDS)}${i} = ${i * 3}`).join(',\n')}\n}\n\nexport const enum ${name}Flag { None = 0, A = 1 << 0, B = 1 << 1, AB = A | B }`
    } else if (kind === 2) {
      chunk = `export namespace ${name} {
  export const limit = ${random.int(100)}
  export function clamp(value: number, min = 0, max = limit): number {
    return Math.min(max, Math.max(min, value))
  }
  export type Pair<A, B = A> = readonly [A, B]
  export const swap = <A, B>([a, b]: Pair<A, B>): Pair<B, A> => [b, a]
}`
    } else if (kind === 3) {
      chunk = `export function ${name.toLowerCase()}(input: string): string[]
export function ${name.toLowerCase()}(input: number): number[]
export function ${name.toLowerCase()}(input: string | number): unknown[] {
  const out: unknown[] = []
  for (let i = 0; i < ${1 + random.int(20)}; i++) out.push(typeof input === 'string' ? input.repeat(i) : input * i)
  return out satisfies unknown[]
}`
    } else {
      chunk = `export type ${name}Map<T> = { readonly [K in keyof T as \`get\${Capitalize<string & K>}\`]: () => T[K] }
export const ${name.toLowerCase()}Defaults: Record<string, number> = { ${fields.map((_, i) => `${random.pick(WORDS)}${i}: ${random.int(1000)}`).join(', ')} }
export const ${name.toLowerCase()}Sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) as number`
    }
    parts.push(chunk)
    size += chunk.length + 2
  }
  return `${parts.join('\n\n')}\n`
}

/** Records for the lodash pipeline: employees with departments, salaries, skills, dates and nested projects. */
export function generateRecords(count) {
  const random = createRandom(5)
  const departments = ['engineering', 'design', 'sales', 'support', 'research', 'finance', 'legal', 'operations']
  const records = []
  for (let i = 0; i < count; i++) {
    const projects = []
    for (let p = 0, n = random.int(5); p < n; p++) projects.push({ name: `${random.pick(WORDS)}-${random.int(50)}`, hours: random.int(400), done: random.int(2) === 1 })
    records.push({
      id: i,
      name: `${random.pick(WORDS)} ${random.pick(WORDS)}`,
      department: departments[random.int(departments.length)],
      level: 1 + random.int(7),
      salary: 30000 + random.int(170000),
      joined: `20${String(random.int(25)).padStart(2, '0')}-${String(1 + random.int(12)).padStart(2, '0')}-${String(1 + random.int(28)).padStart(2, '0')}`,
      skills: Array.from({ length: 1 + random.int(6) }, () => random.pick(WORDS)),
      projects,
      active: random.int(10) !== 0,
    })
  }
  return records
}

const K_FULL_BYTES = 1_200_000
const K_FULL_RECORDS = 20_000

/** Writes every input into `dir` for this scale; returns each file's size in bytes. */
export function writeInputs(dir, scale) {
  mkdirSync(dir, { recursive: true })
  const bytes = Math.round(K_FULL_BYTES * scale)
  const files = {
    'document.md': () => generateMarkdown(bytes),
    'styles.css': () => generateCss(bytes),
    'page.html': () => generateHtml(bytes * 2),
    'module.ts': () => generateTypeScript(bytes / 4), // transpileModule is slow per byte: a quarter keeps its run as long as the others'
    'records.json': () => JSON.stringify(generateRecords(Math.round(K_FULL_RECORDS * scale))),
  }
  const sizes = {}
  for (const [name, generate] of Object.entries(files)) {
    const text = generate()
    writeFileSync(join(dir, name), text)
    sizes[name] = Buffer.byteLength(text)
  }
  return sizes
}
