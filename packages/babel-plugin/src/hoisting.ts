// Names a function body declares with `var`, anywhere in its own statements (not in nested functions):
// what a top-level function declaration of the same name would conflict with inside a block.

import type * as t from '@babel/types'
import { VISITOR_KEYS } from '@babel/types'

export const FUNCTION_TYPES: ReadonlySet<string> = new Set([
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'ObjectMethod',
  'ClassMethod',
  'ClassPrivateMethod',
])

export function collectVarNames(body: t.BlockStatement | t.Program): Set<string> {
  const names = new Set<string>()
  const visit = (node: t.Node): void => {
    if (FUNCTION_TYPES.has(node.type)) return
    if (node.type === 'VariableDeclaration' && node.kind === 'var') {
      for (const declarator of node.declarations) collectBindingNames(declarator.id, names)
    }
    // var declarations sit in statements, never inside expressions other than functions (skipped above)
    if (node.type.endsWith('Expression') || node.type.startsWith('TS')) return
    for (const key of VISITOR_KEYS[node.type] ?? []) {
      const child = (node as unknown as Record<string, t.Node | t.Node[] | null>)[key]
      if (Array.isArray(child)) for (const item of child) item && visit(item)
      else if (child && typeof child.type === 'string') visit(child)
    }
  }
  for (const statement of body.body) visit(statement)
  return names
}

export function collectBindingNames(pattern: t.Node, into: Set<string>): void {
  switch (pattern.type) {
    case 'Identifier':
      into.add(pattern.name)
      break
    case 'ObjectPattern':
      for (const property of pattern.properties) {
        collectBindingNames(property.type === 'RestElement' ? property.argument : property.value, into)
      }
      break
    case 'ArrayPattern':
      for (const element of pattern.elements) if (element) collectBindingNames(element, into)
      break
    case 'AssignmentPattern':
      collectBindingNames(pattern.left, into)
      break
    case 'RestElement':
      collectBindingNames(pattern.argument, into)
      break
    default:
      break
  }
}

/** A direct `eval(…)` call in the body's own code (not in nested functions, whose evals declare in their own scope). */
export function containsDirectEval(body: t.BlockStatement | t.Expression): boolean {
  const visit = (node: t.Node): boolean => {
    if (FUNCTION_TYPES.has(node.type)) return false
    if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'eval') return true
    for (const key of VISITOR_KEYS[node.type] ?? []) {
      const child = (node as unknown as Record<string, t.Node | t.Node[] | null>)[key]
      if (Array.isArray(child)) {
        for (const item of child) if (item && visit(item)) return true
      } else if (child && typeof child.type === 'string' && visit(child)) {
        return true
      }
    }
    return false
  }
  return body.type === 'BlockStatement' ? body.body.some(visit) : visit(body)
}
