// Display names for report rows, built the way a reader names the function in the code:
//   isPrime · Lexer.next · Lexer.get pos · Lexer.#advance · Cache.static create · Lexer.constructor
//   const f = () => {}  → f          a.b.c = function () {}  → a.b.c       export default () => {} → default
//   { run() {} } in const api = …    → api.run                  arr.map(x => …) inside parse → parse.<anonymous>

import type * as t from '@babel/types'

/**
 * A node with the key under which it sits in its parent. `ancestors` runs from the Program down to the
 * function being named, which is the last entry.
 */
export interface Ancestor {
  node: t.Node
  key: string
}

export const ANONYMOUS = '<anonymous>'

/** What names are read from: the source text, and each identifier's name (its original one, where a source map knows it). */
export interface NamingContext {
  source: string
  identifier(node: t.Identifier): string
}

/** Wrappers that do not change what a value is called: `(x)`, `x as T`, `x satisfies T`, `x!`, `<T>x`. */
const TRANSPARENT = new Set([
  'ParenthesizedExpression',
  'TSAsExpression',
  'TSSatisfiesExpression',
  'TSNonNullExpression',
  'TSTypeAssertion',
  'TSInstantiationExpression',
])

export function functionName(
  fn: t.Function,
  ancestors: readonly Ancestor[],
  naming: NamingContext,
  enclosing: string | null,
): string {
  const self = ancestors.length - 1
  if (fn.type === 'ClassMethod' || fn.type === 'ClassPrivateMethod') {
    return `${className(ancestors, self - 2, naming)}.${memberLabel(fn, naming)}`
  }
  if (fn.type === 'ObjectMethod') return objectPrefix(ancestors, self - 1, naming) + memberLabel(fn, naming)
  if (fn.type === 'FunctionDeclaration' && fn.id) return namespacePrefix(ancestors, self) + naming.identifier(fn.id)
  if (fn.type === 'FunctionExpression' && fn.id) return naming.identifier(fn.id)
  return contextName(ancestors, self, naming) ?? (enclosing ? `${enclosing}.${ANONYMOUS}` : ANONYMOUS)
}

/** `Cls.field`, `Cls.#secret`, `Cls.static count`: the row of a class field's initializer, the last ancestor. */
export function fieldName(ancestors: readonly Ancestor[], naming: NamingContext): string {
  const self = ancestors.length - 1
  return `${className(ancestors, self - 2, naming)}.${memberLabel(ancestors[self].node as Member, naming)}`
}

/**
 * The name the value `ancestors[index]` gets from where it is written (the binding, assignment target,
 * property or default export), or null.
 */
function contextName(ancestors: readonly Ancestor[], index: number, naming: NamingContext): string | null {
  let at = index - 1
  while (at >= 0 && TRANSPARENT.has(ancestors[at].node.type)) at--
  if (at < 0) return null
  const parent = ancestors[at].node
  const childKey = ancestors[at + 1].key
  switch (parent.type) {
    case 'VariableDeclarator':
      return childKey === 'init' && parent.id.type === 'Identifier' ? naming.identifier(parent.id) : null
    case 'AssignmentExpression':
      return childKey === 'right' ? targetText(parent.left, naming) : null
    case 'AssignmentPattern':
      return childKey === 'right' && parent.left.type === 'Identifier' ? naming.identifier(parent.left) : null
    case 'ObjectProperty':
      return childKey === 'value' ? objectPrefix(ancestors, at - 1, naming) + keyLabel(parent.key, parent.computed, naming) : null
    case 'ClassProperty':
    case 'ClassPrivateProperty':
    case 'ClassAccessorProperty':
      return childKey === 'value' ? `${className(ancestors, at - 2, naming)}.${memberLabel(parent, naming)}` : null
    case 'ExportDefaultDeclaration':
      return 'default'
    default:
      return null
  }
}

/** `Cls` for the class at ancestors[classIndex]; a class expression is named where it is written. */
function className(ancestors: readonly Ancestor[], classIndex: number, naming: NamingContext): string {
  const cls = ancestors[classIndex]?.node
  if (cls && cls.type === 'ClassDeclaration' && cls.id) return namespacePrefix(ancestors, classIndex) + naming.identifier(cls.id)
  if (cls && cls.type === 'ClassExpression' && cls.id) return naming.identifier(cls.id)
  return contextName(ancestors, classIndex, naming) ?? ANONYMOUS
}

/** `A.B.` for a declaration at ancestors[index] inside `namespace A.B { … }`, else ''. */
function namespacePrefix(ancestors: readonly Ancestor[], index: number): string {
  const parts: string[] = []
  for (let i = index - 1; i >= 0; i--) {
    const node = ancestors[i].node
    if (node.type === 'TSModuleDeclaration' && node.id.type === 'Identifier') parts.unshift(node.id.name)
    else if (node.type !== 'TSModuleBlock' && node.type !== 'ExportNamedDeclaration') break
  }
  return parts.length === 0 ? '' : `${parts.join('.')}.`
}

/** `api.` for a member of `const api = {…}` at ancestors[objectIndex], `a.b.` for `{ b: {…} }` in `a`, else ''. */
function objectPrefix(ancestors: readonly Ancestor[], objectIndex: number, naming: NamingContext): string {
  const name = contextName(ancestors, objectIndex, naming)
  return name === null ? '' : `${name}.`
}

type Member = t.ClassMethod | t.ClassPrivateMethod | t.ObjectMethod | t.ClassProperty | t.ClassPrivateProperty | t.ClassAccessorProperty

function memberLabel(member: Member, naming: NamingContext): string {
  const isStatic = 'static' in member && member.static ? 'static ' : ''
  const kind = 'kind' in member && (member.kind === 'get' || member.kind === 'set') ? `${member.kind} ` : ''
  const computed = 'computed' in member && member.computed === true
  return `${isStatic}${kind}${keyLabel(member.key, computed, naming)}`
}

function keyLabel(key: t.Node, computed: boolean, naming: NamingContext): string {
  if (computed) return `[${naming.source.slice(key.start!, key.end!)}]`
  switch (key.type) {
    case 'Identifier':
      return naming.identifier(key)
    case 'PrivateName':
      return `#${key.id.name}`
    case 'StringLiteral':
      return key.value
    case 'NumericLiteral':
      return String(key.value)
    case 'BigIntLiteral':
      return key.value
    default:
      return naming.source.slice(key.start!, key.end!)
  }
}

/** `a.b.c`, `this.x`, `exports.f`, `obj[key]` as written; destructuring targets give no name. */
function targetText(target: t.Node, naming: NamingContext): string | null {
  if (target.type === 'Identifier') return naming.identifier(target)
  if (target.type === 'MemberExpression') return naming.source.slice(target.start!, target.end!).replace(/\s+/g, '')
  return null
}
