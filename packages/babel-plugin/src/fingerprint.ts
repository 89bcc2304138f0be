// Argument fingerprinting (the `args` option): which functions pass their arguments and results to the runtime,
// and the text that does it. Only emitted with the option on; without it the transform never calls this file.
//
// Reading a parameter is the only thing the entry probe does with the arguments: no getter, no valueOf, no
// property read can run (the runtime hashes primitives by value and objects by identity). A function is
// fingerprinted only where its parameters are the whole input the call was given: every parameter a plain
// identifier (no default, rest or destructuring, which would run code or hide arguments), and no `this`,
// `arguments`, `new.target`, `super` or direct `eval` in its own body, whose values the parameters would not
// capture.

import type * as t from '@babel/types'
import { VISITOR_KEYS } from '@babel/types'
import { enterAndTry, type FileNames, type FunctionKind } from './emit.js'

/** Name of the variable that holds the call's argument tuple; nested functions shadow it. */
export const TUPLE = '__ppk'

/** Functions with their own `this` and `arguments`: what they contain says nothing about the outer one. */
const OWN_THIS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ObjectMethod', 'ClassMethod', 'ClassPrivateMethod'])
const TYPE_KEYS = new Set(['typeAnnotation', 'returnType', 'typeParameters', 'superTypeParameters', 'implements'])

/** The parameter names to fingerprint, or null when the function is not fingerprinted. */
export function fingerprintedParams(fn: t.Function, kind: FunctionKind): string[] | null {
  if (kind !== 'sync' || fn.type === 'ObjectMethod' || fn.type === 'ClassMethod' || fn.type === 'ClassPrivateMethod') return null
  if (fn.params.length === 0) return null
  const names: string[] = []
  for (const param of fn.params) {
    // TypeScript's `this: T` parameter is an identifier named `this`
    if (param.type !== 'Identifier' || param.name === 'this') return null
    names.push(param.name)
  }
  return usesCallContext(fn.body) ? null : names
}

function usesCallContext(node: t.Node): boolean {
  if (node.type === 'ThisExpression' || node.type === 'Super' || node.type === 'MetaProperty') return true
  if (node.type === 'Identifier' && node.name === 'arguments') return true
  // a direct eval can read `this` and `arguments` in code no walk sees
  if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'eval') return true
  if (OWN_THIS.has(node.type)) return false
  const keys = VISITOR_KEYS[node.type] ?? []
  for (const key of keys) {
    if (TYPE_KEYS.has(key)) continue
    const child = (node as unknown as Record<string, t.Node | (t.Node | null)[] | null | undefined>)[key]
    if (child == null) continue
    if (Array.isArray(child)) {
      for (const item of child) if (item != null && usesCallContext(item)) return true
    } else if (typeof child.type === 'string' && usesCallContext(child)) return true
  }
  return false
}

/** First in the body, after the enter probe: `const __ppk=__pp…().f(3,a,b);` */
export function tupleDeclaration(names: FileNames, id: number, params: readonly string[]): string {
  return `const ${TUPLE}=${names.accessor}().f(${id},${params.join(',')});`
}

/** Around a returned value: `__pp…().fr(__ppk,(` … `))` hands the value back unchanged. */
export function resultOpen(names: FileNames): string {
  return `${names.accessor}().fr(${TUPLE},(`
}

export const RESULT_CLOSE = '))'

/** Opens a fingerprinted arrow's expression body: `{const __ppf=…;try{const __ppk=…;return __pp…().fr(__ppk,(` */
export function fingerprintedExpressionOpen(names: FileNames, kind: FunctionKind, id: number, tuple: string): string {
  return `{${enterAndTry(names, kind, id)}${tuple}return ${resultOpen(names)}`
}
