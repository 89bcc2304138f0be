// One walk over Babel's AST that plans every probe as a text edit on the original source (magic-string):
// the code between edits is left byte for byte as written, no code generator runs, and lines keep their numbers.
//
// Edits at the same position nest like the constructs they belong to: the walk is pre-order, openings use
// appendRight (an outer construct's opening lands before an inner one's) and closings use prependLeft (an
// inner construct's closing lands before the outer one's). A block body's own opening and closing sit inside
// its braces and use appendLeft (see wrapBlockBody).
//
// The node-type → handler table is at the bottom of the file.
//
// Over 400 lines on purpose: one FileInstrumenter (the state of one file's walk, like istanbul's VisitState) and
// the handlers that share it, read in the table's order; what needs no walk state lives beside it: the inserted
// text (emit.ts), display names (function-name.ts), var hoisting (hoisting.ts), marked edits (marked-edits.ts).

import type * as t from '@babel/types'
import { VISITOR_KEYS } from '@babel/types'
import { MarkedEdits } from './marked-edits.js'
import {
  enterAndReturn,
  enterAndTry,
  fieldClose,
  fieldOpen,
  FRAME,
  finallyExit,
  finallyExitBlock,
  isInterruptible,
  parameterClose,
  parameterOpen,
  probesParameters,
  resumeOpen,
  resumeInAddedBraces,
  resumeStatement,
  suspendBare,
  suspendingDisposable,
  suspendingIterableOpen,
  suspendOpen,
  type FileNames,
  type FunctionKind,
} from './emit.js'
import { fingerprintedExpressionOpen, fingerprintedParams, RESULT_CLOSE, resultOpen, tupleDeclaration } from './fingerprint.js'
import { fieldName, functionName, type Ancestor, type NamingContext } from './function-name.js'
import { collectVarNames, containsDirectEval, FUNCTION_TYPES } from './hoisting.js'

/** A function being instrumented (or the module's top level): where its awaits and yields report. */
interface Context {
  frame: string
  kind: FunctionKind
  /** display name, for naming anonymous functions inside it; null at the top level */
  name: string | null
  /** generated names of the source file the function is registered under */
  names: FileNames
  /** its arguments are fingerprinted (the `args` option): each `return` hands its value to the runtime */
  tuple: boolean
}

export interface Location {
  line: number
  column: number
}

/** Where a function is reported: its source file (as reports show it), line (1-based) and column (0-based). */
export interface SourceLocation extends Location {
  file: string
}

/** The functions reported under one source file: one registration, one accessor. */
export interface SourceGroup {
  file: string
  names: FileNames
  /** name, line, column triples; local id i is the i-th triple */
  table: (string | number)[]
}

const IGNORE_COMMENT = /\bprobeprof-ignore\b(?!-)/
/** Nodes between a function and the comment a user writes before the whole construct. */
const COMMENT_CARRIERS = new Set([
  'VariableDeclarator',
  'VariableDeclaration',
  'ExportNamedDeclaration',
  'ExportDefaultDeclaration',
  'ObjectProperty',
  'ClassProperty',
  'ClassPrivateProperty',
  'AssignmentExpression',
  'ExpressionStatement',
  'ClassAccessorProperty',
  'ClassBody',
  'ClassDeclaration',
  'ClassExpression',
  'ObjectExpression',
])
/** Keys that hold only TypeScript types: nothing in them runs. */
const TYPE_KEYS = new Set(['typeAnnotation', 'returnType', 'typeParameters', 'superTypeParameters', 'implements'])

export class FileInstrumenter {
  readonly edits: MarkedEdits
  /** One per source file the functions map to; the first holds the module's top level as local id 0. */
  readonly groups: SourceGroup[] = []
  moduleKind: FunctionKind = 'sync'
  private readonly contexts: Context[]
  private readonly ancestors: Ancestor[] = []
  /** function declarations dropped because a later one of the same name replaces them (see hoisting.ts) */
  private readonly dropped = new Set<t.Node>()
  private readonly groupOf = new Map<string, SourceGroup>()
  /** suspending `using` declarations so far: each gets its own name */
  private disposers = 0

  private readonly naming: NamingContext

  /**
   * `locate` says where a function is reported; `originalName` gives an identifier's name in the original source
   * (a source map's `names`), or null to keep the name as written. `fingerprintArgs`: the `args` option.
   */
  constructor(
    private readonly source: string,
    private readonly locate: (start: Location) => SourceLocation,
    private readonly namesFor: (file: string) => FileNames,
    originalName: (node: t.Identifier) => string | null = () => null,
    private readonly fingerprintArgs = false,
  ) {
    this.naming = { source, identifier: (node) => originalName(node) ?? node.name }
    this.edits = new MarkedEdits(source)
    // the top level is reported at 1:0 of the file the code's start maps to, like cProfile's `<module>`
    const group = this.group(locate({ line: 1, column: 0 }).file)
    group.table.push('<module>', 1, 0)
    this.contexts = [{ frame: group.names.moduleFrame, kind: 'sync', name: null, names: group.names, tuple: false }]
  }

  /** Instrumented functions, the module's top level included. */
  get functionCount(): number {
    return this.groups.reduce((sum, group) => sum + group.table.length / 3, 0)
  }

  /** Generated names of the file the module's top level is registered under. */
  get moduleNames(): FileNames {
    return this.groups[0].names
  }

  run(program: t.Program): void {
    this.visit(program, 'program')
  }

  // ---- the walk --------------------------------------------------------------------------------------------

  private visit(node: t.Node, key: string): void {
    this.ancestors.push({ node, key })
    const handler = handlers[node.type]
    if (handler === undefined) this.visitChildren(node)
    else handler.call(this, node as never)
    this.ancestors.pop()
  }

  private visitChildren(node: t.Node): void {
    const keys = VISITOR_KEYS[node.type]
    if (keys === undefined) return
    for (const key of keys) {
      if (TYPE_KEYS.has(key)) continue
      this.visitKey(node, key)
    }
  }

  private visitKey(node: t.Node, key: string): void {
    const child = (node as unknown as Record<string, t.Node | t.Node[] | null | undefined>)[key]
    if (child == null) return
    if (Array.isArray(child)) {
      for (const item of child) if (item != null) this.visit(item, key)
    } else if (typeof child.type === 'string') {
      this.visit(child, key)
    }
  }

  private get context(): Context {
    return this.contexts[this.contexts.length - 1]
  }

  // ---- handlers --------------------------------------------------------------------------------------------

  /** Every function kind: declarations, expressions, arrows, object and class methods, accessors, #private. */
  wrapFunction(fn: t.Function): void {
    // decorators and computed keys run in the enclosing function, before this one exists
    if ('decorators' in fn && fn.decorators) for (const decorator of fn.decorators) this.visit(decorator, 'decorators')
    if ('computed' in fn && fn.computed && 'key' in fn) this.visit(fn.key, 'key')
    if (this.dropped.has(fn) || this.isIgnored(fn)) return

    const kind: FunctionKind = fn.async ? (fn.generator ? 'asyncGenerator' : 'async') : fn.generator ? 'generator' : 'sync'
    const name = functionName(fn, this.ancestors, this.naming, this.context.name)
    const { id, names } = this.addFunction(name, fn.loc!.start)
    const params = this.fingerprintArgs ? fingerprintedParams(fn, kind) : null
    const tuple = params === null ? '' : tupleDeclaration(names, id, params)
    // before the parameters are visited: these closings must land after those of functions inside the defaults
    const defaults = probesParameters(kind) ? probedDefaults(fn) : []
    for (const { expression, end } of defaults) {
      this.edits.appendRight(outerStart(expression), parameterOpen(names, kind, id))
      this.edits.prependLeft(end, parameterClose(names, kind))
    }
    const afterParameters = defaults.length > 0
    if (fn.body.type === 'BlockStatement') this.wrapBlockBody(fn.body, kind, id, names, tuple, afterParameters)
    else this.wrapExpressionBody(fn as t.ArrowFunctionExpression, kind, id, names, tuple, afterParameters)

    this.contexts.push({ frame: FRAME, kind, name, names, tuple: params !== null })
    for (const param of fn.params) this.visit(param, 'params')
    this.visit(fn.body, 'body')
    this.contexts.pop()
  }

  /** `await x` → `r(f, await s(f, (x)))`: the frame is suspended while the promise is pending. */
  suspendAtAwait(node: t.AwaitExpression): void {
    const { frame, names } = this.interruptibleContext()
    this.edits.appendRight(node.start!, resumeOpen(names, frame))
    this.edits.appendRight(outerStart(node.argument), suspendOpen(names, frame))
    this.edits.prependLeft(node.end!, ')))')
    this.visitChildren(node)
  }

  /** `yield x` and `yield* it` → `r(f, yield s(f, (x)))`. */
  suspendAtYield(node: t.YieldExpression): void {
    const { frame, names } = this.context
    this.edits.appendRight(node.start!, resumeOpen(names, frame))
    if (node.argument == null) {
      this.edits.prependLeft(node.end!, `${suspendBare(names, frame)})`)
    } else {
      this.edits.appendRight(outerStart(node.argument), suspendOpen(names, frame))
      this.edits.prependLeft(node.end!, ')))')
    }
    this.visitChildren(node)
  }

  /**
   * `for await`: its implicit awaits (each `next()`, and `return()` on exit) suspend through a wrapped iterable;
   * the body resumes first thing, and a `finally` around the loop resumes on every way out of it.
   * `for (await using x of …)`: each iteration ends by awaiting x's disposal, suspended (see suspendAtDisposal).
   */
  suspendInForOf(node: t.ForOfStatement): void {
    const disposes = isAwaitUsing(node.left)
    if (!node.await && !disposes) {
      this.visitChildren(node)
      return
    }
    const { frame, names } = this.interruptibleContext()
    this.resumeAfter(this.outermostLabel(node))
    if (node.await) {
      this.edits.appendRight(outerStart(node.right), suspendingIterableOpen(names, frame))
      this.edits.prependLeft(node.right.end!, '))')
    }
    // declared first in the body, disposed last in it: just before the loop variable's own disposal
    const braced = node.body.type === 'BlockStatement'
    const head = (braced ? resumeStatement(names, frame) : resumeInAddedBraces(names, frame)) + (disposes ? suspendingDisposable(names, frame, this.disposers++) : '')
    if (braced) {
      this.edits.appendLeft(node.body.start! + 1, head)
    } else {
      this.edits.appendRight(node.body.start!, `{${head}`)
      this.edits.prependLeft(node.body.end!, '}')
    }
    this.visitChildren(node)
  }

  /**
   * `await using` awaits each resource's disposal when its block ends, however it ends. A plain `using` declared
   * right after each `await using` is disposed just before it (disposal runs in reverse order), so it suspends
   * the frame before that await; a `finally` around the block resumes it after the last one.
   */
  suspendAtDisposal(node: t.BlockStatement | t.Program): void {
    if (this.suspendBeforeDisposals(node.body)) {
      const statement = this.disposalStatement()
      if (statement !== null) this.resumeAfter(statement)
    }
    this.visitChildren(node)
  }


  /**
   * A class field whose initializer runs code (`cache = new Map()`): the initializer becomes a row of its own,
   * named like the field, so its time is no longer its caller's (the code that ran `new`, or the derived
   * constructor whose `super()` returned). Left as written: initializers that run no code, and an anonymous
   * function or class, which takes the field's name only as the initializer itself (runsNoCode, probedDefaults).
   */
  wrapFieldInitializer(node: t.ClassProperty | t.ClassPrivateProperty | t.ClassAccessorProperty): void {
    const value = node.value
    if (value == null || runsNoCode(value) || (value.type === 'ClassExpression' && value.id == null) || this.isIgnored(node)) {
      this.visitChildren(node)
      return
    }
    // decorators and a computed key run when the class is defined, in the enclosing function
    if (node.decorators) for (const decorator of node.decorators) this.visit(decorator, 'decorators')
    if ('computed' in node && node.computed) this.visit(node.key, 'key')
    const name = fieldName(this.ancestors, this.naming)
    const { id, names } = this.addFunction(name, node.loc!.start)
    this.edits.appendRight(outerStart(value), fieldOpen(names, id))
    this.edits.prependLeft(outerEnd(value, this.source), fieldClose(names))
    this.contexts.push({ frame: FRAME, kind: 'sync', name, names, tuple: false })
    this.visit(value, 'value')
    this.contexts.pop()
  }

  /** Skips a class marked `probeprof-ignore`, with everything in it. */
  skipIgnoredClass(node: t.Class): void {
    if (!this.isIgnored(node)) this.visitChildren(node)
  }

  /** A rejected await or `gen.throw()` enters a catch clause while the frame is suspended: resume it there. */
  resumeInCatch(node: t.CatchClause): void {
    const { kind, frame, names } = this.context
    if (isInterruptible(kind)) this.edits.appendLeft(node.body.start! + 1, resumeStatement(names, frame))
    this.visitChildren(node)
  }

  /** `finally` runs after rejections and `gen.return()` too, with the frame suspended: resume it there. */
  resumeInFinally(node: t.TryStatement): void {
    const { kind, frame, names } = this.context
    if (node.finalizer && isInterruptible(kind)) this.edits.appendLeft(node.finalizer.start! + 1, resumeStatement(names, frame))
    this.visitChildren(node)
  }

  /**
   * `return x` in an async generator awaits x before finishing: suspend for that await. In a fingerprinted
   * function, `return fr(__ppk, (x))` records the result.
   */
  suspendAtAsyncGeneratorReturn(node: t.ReturnStatement): void {
    const { kind, frame, names, tuple } = this.context
    if (tuple && node.argument) {
      this.edits.appendRight(outerStart(node.argument), resultOpen(names))
      this.edits.prependLeft(node.argument.end!, RESULT_CLOSE)
    }
    if (kind === 'asyncGenerator' && node.argument) {
      this.edits.appendRight(node.start! + 'return'.length, ` ${suspendOpen(names, frame)}`)
      const semicolon = this.source[node.end! - 1] === ';' ? 1 : 0
      this.edits.prependLeft(node.end! - semicolon, '))')
    }
    this.visitChildren(node)
  }

  // ---- helpers ---------------------------------------------------------------------------------------------

  /** Puts a suspending `using` after each `await using` of a scope's statements; false when there is none. */
  private suspendBeforeDisposals(statements: readonly t.Statement[]): boolean {
    const declarations = statements.filter((statement) => isAwaitUsing(statement))
    if (declarations.length === 0) return false
    const { frame, names } = this.interruptibleContext()
    for (const declaration of declarations) this.edits.appendLeft(declaration.end!, suspendingDisposable(names, frame, this.disposers++))
    return true
  }

  private group(file: string): SourceGroup {
    let group = this.groupOf.get(file)
    if (group === undefined) {
      group = { file, names: this.namesFor(file), table: [] }
      this.groupOf.set(file, group)
      this.groups.push(group)
    }
    return group
  }

  private addFunction(name: string, start: Location): { id: number; names: FileNames } {
    const location = this.locate(start)
    const group = this.group(location.file)
    group.table.push(name, location.line, location.column)
    return { id: group.table.length / 3 - 1, names: group.names }
  }

  /** `const __ppf = e(id); try { …body… } finally { x(__ppf) }`, after the directive prologue. */
  private wrapBlockBody(body: t.BlockStatement, kind: FunctionKind, id: number, names: FileNames, tuple: string, afterParameters: boolean): void {
    const directives = body.directives
    const open = directives.length > 0 ? directives[directives.length - 1].end! : body.start! + 1
    // appendLeft: the opening stays before anything moved to the top of the block by fixHoisting
    this.edits.appendLeft(open, (directives.length > 0 ? ';' : '') + enterAndTry(names, kind, id, afterParameters) + tuple)
    this.fixHoisting(body, open)
    // appendLeft, not prependLeft: in an empty body the closing shares the opening's position and must follow
    // it; closings of constructs inside the body, inserted later with prependLeft, still land before it
    this.edits.appendLeft(body.end! - 1, finallyExit(names, kind))
  }

  /** `x => e` → `x => { const __ppf = e(id); try { return e } finally { x(__ppf) } }` */
  private wrapExpressionBody(fn: t.ArrowFunctionExpression, kind: FunctionKind, id: number, names: FileNames, tuple: string, afterParameters: boolean): void {
    if (tuple === '') {
      this.edits.appendRight(outerStart(fn.body), enterAndReturn(names, kind, id, afterParameters))
      this.edits.prependLeft(fn.end!, finallyExitBlock(names, kind))
      return
    }
    this.edits.appendRight(outerStart(fn.body), fingerprintedExpressionOpen(names, kind, id, tuple))
    this.edits.prependLeft(fn.end!, RESULT_CLOSE + finallyExitBlock(names, kind))
  }

  /** `try{ statement }finally{ r(f) }`: the frame is running again on every way out of the statement. */
  private resumeAfter(statement: t.Node): void {
    const { frame, names } = this.context
    this.edits.appendRight(statement.start!, 'try{')
    this.edits.prependLeft(statement.end!, `}finally{${resumeStatement(names, frame)}}`)
  }

  /**
   * Wrapping a body in `try {}` makes its top-level function declarations block-scoped, which is a
   * SyntaxError where the body also declares the same name with `var`, or (strict code) declares the same
   * function twice, and a direct `eval` that declares a `var` of the same name throws. Earlier duplicates are
   * dropped (the last declaration is the one that wins at hoisting anyway); a declaration that shares its name
   * with a `var` (or lives beside a direct eval) becomes a `var` assignment at the top of the block, where
   * hoisting would have put its value.
   */
  private fixHoisting(body: t.BlockStatement, open: number): void {
    const declarations = new Map<string, t.FunctionDeclaration[]>()
    for (const statement of body.body) {
      if (statement.type !== 'FunctionDeclaration' || statement.id == null) continue
      const list = declarations.get(statement.id.name) ?? []
      list.push(statement)
      declarations.set(statement.id.name, list)
    }
    if (declarations.size === 0) return
    const varNames = collectVarNames(body)
    // a direct eval may declare a var of any name: a block-scoped function of that name would make it throw
    const evalDeclares = containsDirectEval(body)
    for (const [name, list] of declarations) {
      const conflicts = varNames.has(name) || evalDeclares
      if (list.length === 1 && !conflicts) continue
      for (const duplicate of list.slice(0, -1)) {
        this.dropped.add(duplicate)
        this.edits.remove(duplicate.start!, duplicate.end!)
      }
      if (!conflicts) continue
      const winner = list[list.length - 1]
      this.edits.remove(winner.id!.start!, winner.id!.end!)
      this.edits.prependRight(winner.start!, `${varNames.has(name) ? '' : 'var '}${name}=`)
      this.edits.appendLeft(winner.end!, ';')
      this.edits.move(winner.start!, winner.end!, open)
    }
  }

  /**
   * The statement to resume after, for the block being visited: the block itself, the `try` it belongs to, or
   * none where the block ends its function, the module, or an iteration of a `for (await using …)` loop.
   */
  private disposalStatement(): t.Node | null {
    const block = this.ancestors[this.ancestors.length - 1]
    if (block.node.type === 'Program' || block.key === 'body' && isFunctionNode(this.ancestors[this.ancestors.length - 2].node)) return null
    const parent = this.ancestors[this.ancestors.length - 2]
    if (parent.node.type === 'ForOfStatement' && isAwaitUsing(parent.node.left)) return null
    if (parent.node.type === 'TryStatement') return this.outermostLabel(parent.node, this.ancestors.length - 3)
    if (parent.node.type === 'CatchClause') return this.outermostLabel(this.ancestors[this.ancestors.length - 3].node, this.ancestors.length - 4)
    return this.outermostLabel(block.node)
  }

  /** The function an `await` belongs to; at the top level it makes the module frame an async one. */
  private interruptibleContext(): Context {
    const context = this.context
    if (this.contexts.length === 1) {
      this.moduleKind = 'async'
      context.kind = 'async'
    }
    return context
  }

  /**
   * `a: b: for await (…)` must stay labelled as a whole, so the try wraps the outermost label. `above` is the
   * index of the node's parent in the ancestors (the node being visited by default).
   */
  private outermostLabel(node: t.Node, above = this.ancestors.length - 2): t.Node {
    let statement = node
    for (let i = above; i >= 0 && this.ancestors[i].node.type === 'LabeledStatement'; i--) {
      statement = this.ancestors[i].node
    }
    return statement
  }

  /** A `probeprof-ignore` comment on the function or on the declaration, property or export holding it. */
  private isIgnored(fn: t.Node): boolean {
    if (hasIgnoreComment(fn)) return true
    for (let i = this.ancestors.length - 2; i >= 0; i--) {
      const ancestor = this.ancestors[i].node
      if (!COMMENT_CARRIERS.has(ancestor.type)) return false
      if (hasIgnoreComment(ancestor)) return true
    }
    return false
  }
}

/**
 * The default-parameter expressions to run in the function's frame (parameterOpen), or none: the function then
 * enters in its body as before, its defaults charged to the caller. Only where the parameters are identifiers,
 * identifiers with a default and an identifier rest: then every line of code that runs between the call and
 * the body is inside one of these expressions, which is what lets the probes hand the frame from one to the
 * next without a per-call variable (a destructuring pattern runs getters and iterators between them). Left out:
 * expressions that run no code (literals, function expressions; wrapping one would also lose the name the
 * parameter gives an anonymous function); an anonymous class (its name, again); a direct `eval` (its `var`s
 * would land in the wrapping arrow).
 */
function probedDefaults(fn: t.Function): { expression: t.Expression; end: number }[] {
  const defaults: { expression: t.Expression; end: number }[] = []
  for (const param of fn.params) {
    if (param.type === 'Identifier') continue
    if (param.type === 'RestElement' && param.argument.type === 'Identifier') continue
    if (param.type !== 'AssignmentPattern' || param.left.type !== 'Identifier') return []
    const expression = param.right
    if (runsNoCode(expression)) continue
    if (expression.type === 'ClassExpression' && expression.id == null) return []
    if (containsDirectEval(expression)) return []
    // the parameter's end is the expression's, past its parentheses
    defaults.push({ expression, end: param.end! })
  }
  return defaults
}

/** Evaluating it runs no code of anyone's: a literal, a function or arrow expression, an object or array of such. */
function runsNoCode(node: t.Node): boolean {
  switch (node.type) {
    case 'NumericLiteral':
    case 'StringLiteral':
    case 'BooleanLiteral':
    case 'NullLiteral':
    case 'BigIntLiteral':
    case 'RegExpLiteral':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      return true
    case 'TemplateLiteral':
      return node.expressions.length === 0
    case 'UnaryExpression':
      return (node.operator === '-' || node.operator === '!' || node.operator === 'void') && (node.argument.type === 'NumericLiteral' || node.argument.type === 'BigIntLiteral' || node.argument.type === 'BooleanLiteral')
    case 'ArrayExpression':
      return node.elements.every((element) => element !== null && runsNoCode(element))
    case 'ObjectExpression':
      return node.properties.every((property) => !(property.type === 'SpreadElement') && !property.computed && (property.type === 'ObjectMethod' || runsNoCode(property.value)))
    case 'TSAsExpression':
    case 'TSSatisfiesExpression':
    case 'TSNonNullExpression':
    case 'TSTypeAssertion':
      return runsNoCode(node.expression)
    default:
      return false
  }
}

function isAwaitUsing(node: t.Node): boolean {
  return node.type === 'VariableDeclaration' && (node.kind as string) === 'await using'
}

function isFunctionNode(node: t.Node): boolean {
  return FUNCTION_TYPES.has(node.type)
}

function hasIgnoreComment(node: t.Node): boolean {
  return node.leadingComments?.some((comment) => IGNORE_COMMENT.test(comment.value)) ?? false
}

/** End of an expression including its parentheses: past one `)` for each `(` between outerStart and its start. */
function outerEnd(node: t.Node, source: string): number {
  const start = outerStart(node)
  let open = 0
  for (let i = start; i < node.start!; i++) if (source[i] === '(') open++
  let end = node.end!
  for (; open > 0 && end < source.length; end++) if (source[end] === ')') open--
  return end
}

/** Start of an expression including its parentheses, so an insertion wraps `(a, b)` and not `a, b)`. */
function outerStart(node: t.Node): number {
  const extra = node.extra as { parenthesized?: boolean; parenStart?: number } | undefined
  return extra?.parenthesized && extra.parenStart !== undefined ? extra.parenStart : node.start!
}

type Handler = (this: FileInstrumenter, node: never) => void

const handlers: Partial<Record<t.Node['type'], Handler>> = {
  FunctionDeclaration: FileInstrumenter.prototype.wrapFunction,
  FunctionExpression: FileInstrumenter.prototype.wrapFunction,
  ArrowFunctionExpression: FileInstrumenter.prototype.wrapFunction,
  ObjectMethod: FileInstrumenter.prototype.wrapFunction,
  ClassMethod: FileInstrumenter.prototype.wrapFunction,
  ClassPrivateMethod: FileInstrumenter.prototype.wrapFunction,
  AwaitExpression: FileInstrumenter.prototype.suspendAtAwait,
  YieldExpression: FileInstrumenter.prototype.suspendAtYield,
  ForOfStatement: FileInstrumenter.prototype.suspendInForOf,
  BlockStatement: FileInstrumenter.prototype.suspendAtDisposal,
  Program: FileInstrumenter.prototype.suspendAtDisposal,
  ClassProperty: FileInstrumenter.prototype.wrapFieldInitializer,
  ClassPrivateProperty: FileInstrumenter.prototype.wrapFieldInitializer,
  ClassAccessorProperty: FileInstrumenter.prototype.wrapFieldInitializer,
  ClassDeclaration: FileInstrumenter.prototype.skipIgnoredClass,
  ClassExpression: FileInstrumenter.prototype.skipIgnoredClass,
  CatchClause: FileInstrumenter.prototype.resumeInCatch,
  TryStatement: FileInstrumenter.prototype.resumeInFinally,
  ReturnStatement: FileInstrumenter.prototype.suspendAtAsyncGeneratorReturn,
}
