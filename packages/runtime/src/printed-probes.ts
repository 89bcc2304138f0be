// Function.prototype.toString() of a function whose probes a bundler reprinted (esbuild): the markers of
// source-text.ts are gone (the esbuild plugin blanks them: esbuild would keep some and parenthesize around them),
// but esbuild prints the probe statements in one exact shape each, named `__pp…`, which this file deletes:
//
//   const __ppf = __ppX().e(3);  try {  …  } finally {  __ppX().x(__ppf);  }     a function body
//   { let __ppf = __ppX().e(3);  try {  return E;  } finally {  …  }  }          an arrow's expression body E
//   __ppX().r(__ppf, E)  __ppX().s(__ppf, E)  __ppX().ai(__ppf, E)  → E           around await, yield, for await
//   __ppX().r(__ppf);  __ppX().s(__ppf)                                          → nothing
//   { __ppX().r(__ppf, 0); S }                                                    → S (a loop body given braces)
//   try { for await … } finally { __ppX().r(__ppf); }                            → the loop
//   (() => { const __ppf = __ppX().ep(3); try { return __ppX().pc(3, __ppf, E); }
//     catch (__ppe) { __ppX().x(__ppf); throw __ppe; } })()                      → E (a default parameter)
//   (() => { const __ppf = __ppX().e(3); try { return E; } finally { __ppX().x(__ppf); } })()
//                                                                                → E (a class field's initializer)
//
// What remains is the plain build's text up to whitespace (the body keeps the try's indentation), also with
// `minifyWhitespace` (the same shapes without spaces). Bundles minified with `minifyIdentifiers` rename `__ppf`
// and the accessor and give the function's own variables other names than in the plain build: left as printed.

const ACCESSOR = String.raw`__pp[\w$]+\(\)`
const FRAME = String.raw`__ppf\d*`
/** The enter probes: of a sync function, async, generator; of a function whose default parameters are probed. */
const ENTER = String.raw`(?:e[ag]?|epa?)`

/** True when `text` holds an enter probe as esbuild prints it (the transform itself writes `const __ppf=`). */
export function hasPrintedProbes(text: string): boolean {
  return PRINTED_ENTER.test(text)
}

const PRINTED_ENTER = new RegExp(String.raw`(?:const|let) ${FRAME} ?= ?${ACCESSOR}\.${ENTER}\(\d+\);`)

export function stripPrintedProbes(text: string): string {
  return stripBodies(stripWrappers(stripAddedBraces(stripLoopTries(stripFieldWrappers(stripParameterWrappers(text))))))
}

/** The arrow around a class field's initializer E (emit.ts, fieldOpen): E alone, before its body reads as a function's. */
function stripFieldWrappers(text: string): string {
  const head = new RegExp(String.raw`\(\s*\(\)\s*=>\s*\{\s*const ${FRAME} ?= ?${ACCESSOR}\.e\(\d+\);\s*try ?\{\s*return ?`, 'g')
  const tail = new RegExp(String.raw`^\s*finally ?\{\s*${ACCESSOR}\.x\(${FRAME}\);?\s*\}\s*\}\)\(\)`)
  for (let match = head.exec(text); match !== null; match = head.exec(text)) {
    const end = match.index + match[0].length
    const close = matchingClose(text, text.lastIndexOf('{', end))
    if (close < 0) continue
    const rest = tail.exec(text.slice(close + 1))
    if (rest === null) continue
    text = text.slice(0, match.index) + text.slice(end, close).trim().replace(/;$/, '') + text.slice(close + 1 + rest[0].length)
    head.lastIndex = match.index
  }
  return text
}

/**
 * The arrow around a default-parameter expression E (emit.ts, parameterOpen): E alone. First, since its
 * `const __ppf = …; try {` would otherwise read as a body's enter.
 */
function stripParameterWrappers(text: string): string {
  const head = new RegExp(String.raw`\(\s*\(\)\s*=>\s*\{\s*const ${FRAME} ?= ?${ACCESSOR}\.epa?\(\d+\);\s*try ?\{\s*return ${ACCESSOR}\.pc\(\s*\d+,\s*${FRAME},\s*`, 'g')
  const tail = new RegExp(String.raw`^;?\s*\}\s*catch ?\(__ppe\) ?\{\s*${ACCESSOR}\.xa?\(${FRAME}\);?\s*throw __ppe;?\s*\}\s*\}\)\(\)`)
  for (let match = head.exec(text); match !== null; match = head.exec(text)) {
    const end = match.index + match[0].length
    const close = matchingClose(text, text.lastIndexOf('.pc(', end) + 3)
    if (close < 0) continue
    const rest = tail.exec(text.slice(close + 1))
    if (rest === null) continue
    text = text.slice(0, match.index) + text.slice(end, close).trim() + text.slice(close + 1 + rest[0].length)
    head.lastIndex = match.index
  }
  return text
}

/** `{ __ppX().r(__ppf, 0); S }`: braces the transform put around a loop's single statement S. */
function stripAddedBraces(text: string): string {
  const head = new RegExp(String.raw`\{\s*${ACCESSOR}\.r\(${FRAME}, ?0\);`, 'g')
  for (let match = head.exec(text); match !== null; match = head.exec(text)) {
    const close = matchingClose(text, match.index)
    if (close < 0) continue
    const statement = text.slice(match.index + match[0].length, close).trim()
    // minified, the last statement of a block has no `;`: out of the braces it needs one
    text = text.slice(0, match.index) + statement + (/[;}]$/.test(statement) ? '' : ';') + text.slice(close + 1)
    head.lastIndex = match.index
  }
  return text
}

/** `try { … } finally { __ppX().r(__ppf); }`, which the transform puts around a `for await` loop: the loop alone. */
function stripLoopTries(text: string): string {
  const tryOpen = /\btry ?\{/g
  const resumeFinally = new RegExp(String.raw`^\s*finally ?\{\s*${ACCESSOR}\.r\(${FRAME}\);?\s*\}`)
  for (let match = tryOpen.exec(text); match !== null; match = tryOpen.exec(text)) {
    const open = match.index + match[0].length - 1
    const close = matchingClose(text, open)
    if (close < 0) continue
    const rest = resumeFinally.exec(text.slice(close + 1))
    if (rest === null) continue
    text = text.slice(0, match.index) + text.slice(open + 1, close) + text.slice(close + 1 + rest[0].length)
    tryOpen.lastIndex = match.index
  }
  return text
}

/** The probe calls wrapped around an expression, innermost last: each is replaced by its expression. */
function stripWrappers(text: string): string {
  const call = new RegExp(String.raw`${ACCESSOR}\.(?:r|s|ai)\(\s*${FRAME}\s*([,)])`, 'g')
  for (let match = call.exec(text); match !== null; match = call.exec(text)) {
    const start = match.index
    const end = start + match[0].length
    if (match[1] === ')') {
      // a bare resume statement goes with its `;`; a bare suspend (`yield __ppX().s(__ppf)`) leaves `yield`
      const statement = text[end] === ';' && /(?:^|[;{}]\s*|\n\s*)$/.test(text.slice(Math.max(0, start - 200), start))
      text = text.slice(0, start) + text.slice(statement ? end + 1 : end)
    } else {
      const close = matchingClose(text, text.indexOf('(', text.indexOf('.', start + 4)))
      if (close < 0) continue
      const inner = text.slice(end, close).trim()
      const wrap = needsParentheses(inner, text.slice(Math.max(0, start - 40), start), text.slice(close + 1, close + 40))
      text = text.slice(0, start) + (wrap ? `(${inner})` : inner) + text.slice(close + 1)
    }
    call.lastIndex = start
  }
  return text
}

/**
 * The call was a primary expression; the expression it wrapped may bind less tightly there: `(await x).y`,
 * `(yield x) + 1`, `await (a + b)`, printed with parentheses by esbuild in the plain build, need them back.
 */
function needsParentheses(inner: string, before: string, after: string): boolean {
  if (/^await\b/.test(inner)) return /^\s*(?:[.[(`]|\?\.|\*\*)/.test(after) || /\bnew\s*$/.test(before)
  if (/^yield\b/.test(inner)) return !(/(?:^|[(),;{}[=?:]|=>|\b(?:return|else|do))\s*$/.test(before) && /^(?:\s*[),;\]}]|\s*$|\n)/.test(after))
  if (/\bawait\s*$/.test(before)) return isCompound(inner, false)
  return isCompound(inner, true) // the operand of yield, the iterable of for await: an assignment expression
}

/** True when `expression` has an operator outside brackets (`commaOnly`: a comma), so it cannot stand as an operand. */
function isCompound(expression: string, commaOnly: boolean): boolean {
  let afterOperand = false
  for (let i = 0; i < expression.length; i++) {
    const char = expression[i]
    if (/\s/.test(char)) continue
    if (char === ',') return true
    if (char === '(' || char === '[' || char === '{') {
      const close = matchingClose(expression, i)
      if (close < 0) return true
      i = close
      afterOperand = true
    } else if (char === '"' || char === "'") {
      i = skipQuoted(expression, i)
      afterOperand = true
    } else if (char === '`') {
      i = skipTemplateLiteral(expression, i)
      afterOperand = true
    } else if (/[\w$]/.test(char)) {
      const word = /^[\w$]+/.exec(expression.slice(i))![0]
      i += word.length - 1
      if (afterOperand && (word === 'in' || word === 'instanceof') && !commaOnly) return true
      afterOperand = !/^(?:typeof|void|delete|await|new|yield)$/.test(word)
    } else if (char === '.') afterOperand = false
    else if (char === '/' && !afterOperand) {
      i = skipRegex(expression, i)
      afterOperand = true
    } else if (afterOperand && (expression.startsWith('++', i) || expression.startsWith('--', i))) i++
    else if (afterOperand && !commaOnly) return true // a binary, conditional or assignment operator, or an arrow
    else afterOperand = false
  }
  return false
}

function skipTemplateLiteral(text: string, start: number): number {
  const closers: string[] = []
  let i = skipTemplate(text, start + 1, closers)
  while (closers.length > 0) {
    const close = matchingClose(text, i) // at the `{` of `${`
    if (close < 0) return text.length
    closers.length = 0
    i = skipTemplate(text, close + 1, closers)
  }
  return i
}

/** Enter and exit of each body, in text order: bodies nest, so a stack pairs each exit with its enter. */
function stripBodies(text: string): string {
  const token = new RegExp(
    String.raw`(\{\s*let ${FRAME} ?= ?${ACCESSOR}\.${ENTER}\(\d+\);\s*try ?\{\s*return ?)|(const ${FRAME} ?= ?${ACCESSOR}\.${ENTER}\(\d+\);\s*try ?\{)|(\} ?finally ?\{\s*${ACCESSOR}\.xa?\(${FRAME}\);?\s*\})`,
    'g',
  )
  /** per open body: true for an arrow's expression body whose expression is an object literal (printed without its parentheses) */
  const open: { expression: boolean; object: boolean }[] = []
  let out = ''
  let last = 0
  for (let match = token.exec(text); match !== null; match = token.exec(text)) {
    if (match[1] !== undefined) {
      const object = text[token.lastIndex] === '{'
      open.push({ expression: true, object })
      out += text.slice(last, match.index) + (object ? '(' : '')
      last = token.lastIndex
    } else if (match[2] !== undefined) {
      open.push({ expression: false, object: false })
      out += text.slice(last, match.index)
      last = token.lastIndex
    } else {
      const body = open.pop()
      if (body === undefined) continue
      if (!body.expression) {
        out += text.slice(last, match.index)
        last = token.lastIndex
        continue
      }
      // `return E;  } finally {…}  }`: E without its `;`, and the arrow's braces go
      const tail = /^\s*\}/.exec(text.slice(token.lastIndex))
      out += text.slice(last, match.index).replace(/;\s*$/, '') + (body.object ? ')' : '')
      last = token.lastIndex + (tail === null ? 0 : tail[0].length)
      token.lastIndex = last
    }
  }
  return out + text.slice(last)
}

/**
 * Index of the bracket closing the `(` or `{` at `open`, past strings, template literals, comments and regular
 * expression literals; -1 if the text ends first.
 */
function matchingClose(text: string, open: number): number {
  const closers: string[] = []
  for (let i = open; i < text.length; i++) {
    const char = text[i]
    if (char === '(' || char === '{' || char === '[') closers.push(char === '(' ? ')' : char === '{' ? '}' : ']')
    else if (char === ')' || char === '}' || char === ']') {
      if (closers.pop() !== char) return -1
      if (closers.length === 0) return i
      if (char === '}' && closers[closers.length - 1] === '`') i = skipTemplate(text, i + 1, closers) // back in a template after `${…}`
    } else if (char === '"' || char === "'") i = skipQuoted(text, i)
    else if (char === '`') i = skipTemplate(text, i + 1, closers)
    else if (char === '/' && text[i + 1] === '/') i = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i)
    else if (char === '/' && text[i + 1] === '*') i = text.indexOf('*/', i + 2) < 0 ? text.length : text.indexOf('*/', i + 2) + 1
    else if (char === '/' && startsRegex(text, i)) i = skipRegex(text, i)
  }
  return -1
}

function skipQuoted(text: string, start: number): number {
  const quote = text[start]
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++
    else if (text[i] === quote) return i
  }
  return text.length
}

/** From inside a template literal: to its closing backtick, or to a `${` (whose `}` will come back here). */
function skipTemplate(text: string, start: number, closers: string[]): number {
  if (closers[closers.length - 1] === '`') closers.pop()
  for (let i = start; i < text.length; i++) {
    if (text[i] === '\\') i++
    else if (text[i] === '`') return i
    else if (text[i] === '$' && text[i + 1] === '{') {
      closers.push('`', '}')
      return i + 1
    }
  }
  return text.length
}

/** A `/` that begins a regular expression literal: after an operator, a bracket or a keyword, not after a value. */
function startsRegex(text: string, slash: number): boolean {
  const before = /(\S*)\s*$/.exec(text.slice(Math.max(0, slash - 20), slash))![1]
  return before === '' || /[(,=:[!&|?{};+\-*%<>~^]$/.test(before) || /(?:^|[^\w$])(?:return|typeof|yield|await|case|in|of|delete|void|new|instanceof)$/.test(before)
}

function skipRegex(text: string, start: number): number {
  let inClass = false
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++
    else if (text[i] === '[') inClass = true
    else if (text[i] === ']') inClass = false
    else if (text[i] === '/' && !inClass) return i
  }
  return text.length
}
