// Globs as RE2 regular expressions, for esbuild's Go-side onLoad filter. Go's regexp has no lookaround, so this is
// not picomatch's translation: it matches a superset of what the glob matches (a `[...]` class becomes any one
// character, dot files are not special), and the exact glob test runs in JavaScript on the files it lets through.
// A glob it cannot translate (extglobs, negations) yields undefined, and the caller falls back to a coarser filter.

const EXTGLOB = /[@!+*?]\(/
const REGEXP_SPECIAL = /[.*+?^${}()|[\]\\/]/g

export function escapeRegExp(text: string): string {
  return text.replace(REGEXP_SPECIAL, '\\$&')
}

/** The regexp source of a superset of `glob`'s matches (anchors not included), or undefined. */
export function globToGoRegExp(glob: string): string | undefined {
  if (glob.startsWith('!') || EXTGLOB.test(glob)) return undefined
  return translate(glob.startsWith('./') ? glob.slice(2) : glob)
}

function translate(glob: string): string | undefined {
  let source = ''
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]
    if (char === '*' && glob[i + 1] === '*') {
      i++
      if (glob[i + 1] === '/') {
        i++
        source += '(?:.*/)?'
      } else {
        source += '.*'
      }
    } else if (char === '*') {
      source += '[^/]*'
    } else if (char === '?') {
      source += '[^/]'
    } else if (char === '[') {
      const end = glob.indexOf(']', i + 2)
      if (end === -1) return undefined
      source += '[^/]'
      i = end
    } else if (char === '{') {
      const end = matchingBrace(glob, i)
      if (end === -1) return undefined
      const alternatives = splitTopLevel(glob.slice(i + 1, end)).map(translate)
      if (alternatives.some((alternative) => alternative === undefined)) return undefined
      source += `(?:${alternatives.join('|')})`
      i = end
    } else if (char === '\\' && i + 1 < glob.length) {
      i++
      source += escapeRegExp(glob[i])
    } else {
      source += escapeRegExp(char)
    }
  }
  return source
}

function matchingBrace(glob: string, open: number): number {
  let depth = 0
  for (let i = open; i < glob.length; i++) {
    if (glob[i] === '\\') i++
    else if (glob[i] === '{') depth++
    else if (glob[i] === '}' && --depth === 0) return i
  }
  return -1
}

function splitTopLevel(list: string): string[] {
  const parts: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < list.length; i++) {
    if (list[i] === '\\') i++
    else if (list[i] === '{') depth++
    else if (list[i] === '}') depth--
    else if (list[i] === ',' && depth === 0) {
      parts.push(list.slice(start, i))
      start = i + 1
    }
  }
  parts.push(list.slice(start))
  return parts
}
