// Function.prototype.toString() without probes. The transform puts every piece of text it inserts between two
// comments, PROBE_OPEN and PROBE_CLOSE, and the runtime replaces each realm's Function.prototype.toString once by
// a wrapper that deletes those pieces: since the transform's edits are insertions, what remains is the source as
// written, byte for byte. Calls pay nothing; only toString() does the work, and only on text holding a marker.
//
// The markers hold U+2063 (INVISIBLE SEPARATOR), which source code practically never contains. After a `/` of
// the source (a regex literal's end, a division), `/*` would open a line comment `//*`: there the opening
// marker starts with a space, which the wrapper removes with it.

import { hasPrintedProbes, stripPrintedProbes } from './printed-probes.js'

export const PROBE_OPEN = '/*\u2063pp{*/'
export const PROBE_OPEN_AFTER_SLASH = ' /*\u2063pp{ */'
export const PROBE_CLOSE = '/*}pp\u2063*/'

const K_MARKER_SIGN = '\u2063pp{'
const K_CLOSE_SIGN = '}pp\u2063'
// an arrow's expression body ends inside the closing insertion (at its last `}`): the text then ends unclosed
const INSERTED = /(?: \/\*\u2063pp\{ \*\/|\/\*\u2063pp\{\*\/)[\s\S]*?(?:\/\*\}pp\u2063\*\/|$)/g

/**
 * The text with every inserted piece removed: the function's source as written; for code a bundler reprinted
 * (printed-probes.ts), the text the bundler prints for the uninstrumented code, up to whitespace.
 */
export function stripProbeText(text: string): string {
  if (text.includes(K_MARKER_SIGN)) {
    const stripped = markedAsWritten(text) ? text.replace(INSERTED, '') : null
    if (stripped !== null && !hasPrintedProbes(stripped)) return stripped
    // a tool reprinted the code without blanking the markers (esbuild after the transform, as in Vite's TypeScript
    // step): it kept those in expression positions and dropped the others, so probes stand outside any pair;
    // without the markers, the probes are recognised by their printed shape
    text = text.replace(MARKERS, '')
  } else if (text.includes(K_CLOSE_SIGN)) {
    text = text.replace(MARKERS, '') // the same, where only closing markers were kept
  }
  return text.includes('__pp') && hasPrintedProbes(text) ? stripPrintedProbes(text) : text
}

/**
 * True when every marked piece is one the transform inserted: each is one line (only the file's last, the module
 * frame's exit, starts with a line break). A tool that reprinted the code spreads what it kept of them over lines.
 */
function markedAsWritten(text: string): boolean {
  for (const piece of text.matchAll(INSERTED)) if (piece[0].includes('\n') && piece.index + piece[0].length < text.length) return false
  return true
}

/**
 * The markers replaced by as many spaces (columns, and so source maps, stay right), for a bundler that reprints
 * the code: esbuild keeps some comments and drops others, and the half it keeps would pair wrongly. Its printed
 * probes are recognised by their shape instead (printed-probes.ts).
 */
export function blankProbeMarkers(code: string): string {
  return code.includes(K_MARKER_SIGN) ? code.replace(MARKERS, (marker) => ' '.repeat(marker.length)) : code
}

const MARKERS = / \/\*\u2063pp\{ \*\/|\/\*\u2063pp\{\*\/|\/\*\}pp\u2063\*\//g

interface RealmGlobal {
  Function: FunctionConstructor
  Object: ObjectConstructor
}

type ToString = (this: unknown) => string

const wrappedPrototypes = new WeakSet<object>()

/**
 * Replaces `realm.Function.prototype.toString` by one that strips probes, once per realm. The wrapper looks
 * native: same property attributes, name `toString`, length 0, no `prototype`, not a constructor, its own text
 * `function toString() { [native code] }`, and a function of that realm (made by its own Function constructor
 * when it is another realm, such as a vm context or an iframe).
 */
export function hideProbesFromToString(realm: RealmGlobal = globalThis as unknown as RealmGlobal): void {
  const prototype = realm.Function.prototype
  if (wrappedPrototypes.has(prototype)) return
  const descriptor = realm.Object.getOwnPropertyDescriptor(prototype, 'toString')
  if (descriptor === undefined || typeof descriptor.value !== 'function') return
  const native = descriptor.value as ToString
  const apply = Reflect.apply as (fn: ToString, self: unknown, args: []) => string
  let wrapper: ToString
  if (realm === (globalThis as unknown as RealmGlobal)) {
    const methods = {
      toString(this: unknown): string {
        return this === wrapper ? apply(native, native, []) : stripProbeText(apply(native, this, []))
      },
    }
    wrapper = methods.toString
  } else {
    // a function of the other realm (its prototype, its errors), calling back into this one for the stripping
    const make = realm.Function(
      'native',
      'apply',
      'strip',
      '"use strict"; const wrapper = { toString() { return this === wrapper ? apply(native, native, []) : strip(apply(native, this, [])) } }.toString; return wrapper',
    ) as (native: ToString, apply: unknown, strip: (text: string) => string) => ToString
    wrapper = make(native, apply, stripProbeText)
  }
  try {
    realm.Object.defineProperty(prototype, 'toString', { ...descriptor, value: wrapper })
    wrappedPrototypes.add(prototype)
  } catch {
    // a frozen Function.prototype (SES, hardened realms): toString keeps showing the probes
  }
}
