// The text the transform inserts, one helper per construct. Kept on one line each: instrumentation never
// adds a line break before the end of the file, so every original line keeps its number.

/** Name of the frame variable each instrumented function declares; nested functions shadow it. */
export const FRAME = '__ppf'

/** Name of the disposable that suspends a frame before `await using` disposals. */
const DISPOSER = '__ppu'

export type FunctionKind = 'sync' | 'async' | 'generator' | 'asyncGenerator'

/** Identifiers generated for one file: derived from its path, never from time or randomness. */
export interface FileNames {
  /** hoisted, self-replacing accessor of the file's probes: `__pp3kq9x1()` */
  accessor: string
  /** binding of the imported runtime */
  runtime: string
  /** frame variable of the module's top level */
  moduleFrame: string
}

export function fileNames(pathHash: string): FileNames {
  return { accessor: `__pp${pathHash}`, runtime: `__ppr${pathHash}`, moduleFrame: `__ppm${pathHash}` }
}

const ENTER: Record<FunctionKind, string> = { sync: 'e', async: 'ea', generator: 'eg', asyncGenerator: 'eg' }

function probe(names: FileNames, method: string, args: string): string {
  return `${names.accessor}().${method}(${args})`
}

export function isInterruptible(kind: FunctionKind): boolean {
  return kind !== 'sync'
}

/**
 * The enter of a function whose default parameters are probed (parameterOpen): `ep`/`epa` enter unless one of
 * this call's default-parameter expressions already did, and then take that frame over.
 */
const ENTER_AFTER_PARAMETERS: Partial<Record<FunctionKind, string>> = { sync: 'ep', async: 'epa' }

function enterMethod(kind: FunctionKind, afterParameters: boolean): string {
  return afterParameters ? ENTER_AFTER_PARAMETERS[kind]! : ENTER[kind]
}

/** Opens a function body: `const __ppf=__pp…().e(3);try{` */
export function enterAndTry(names: FileNames, kind: FunctionKind, id: number, afterParameters = false): string {
  return `const ${FRAME}=${probe(names, enterMethod(kind, afterParameters), String(id))};try{`
}

/** The kinds whose default-parameter expressions can be charged to them: their body runs right after the parameters. */
export function probesParameters(kind: FunctionKind): boolean {
  return ENTER_AFTER_PARAMETERS[kind] !== undefined
}

/**
 * Opens a default-parameter expression E, so that it runs in the function's frame:
 * `(()=>{const __ppf=__pp…().ep(3);try{return __pp…().pc(3,__ppf,E)}catch(__ppe){__pp…().x(__ppf);throw __ppe}})()`.
 * The first expression evaluated enters the frame, `pc` hands it to the next one or to the body (its `ep`), and a
 * throw exits it (the call ends there). An arrow keeps `this`, `arguments`, `super` and `new.target` of the
 * function, and the parameter scope (its TDZ included) is the one E sees.
 */
export function parameterOpen(names: FileNames, kind: FunctionKind, id: number): string {
  return `(()=>{const ${FRAME}=${probe(names, enterMethod(kind, true), String(id))};try{return ${names.accessor}().pc(${id},${FRAME},`
}

/**
 * Opens a class field's initializer E, which runs once per instance (per class for a static field) as a row of
 * its own: `(()=>{const __ppf=__pp…().e(3);try{return E}finally{__pp…().x(__ppf)}})()`. The arrow keeps `this`
 * (the instance), `super` and the initializer's `new.target`.
 */
export function fieldOpen(names: FileNames, id: number): string {
  return `(()=>{${enterAndTry(names, 'sync', id)}return `
}

/** Closes a class field's initializer opened by fieldOpen. */
export function fieldClose(names: FileNames): string {
  return `${finallyExit(names, 'sync')}})()`
}

/** Closes a default-parameter expression opened by parameterOpen. */
export function parameterClose(names: FileNames, kind: FunctionKind): string {
  return `)}catch(__ppe){${probe(names, isInterruptible(kind) ? 'xa' : 'x', FRAME)};throw __ppe}})()`
}

/** Closes a function body: `}finally{__pp…().x(__ppf)}` */
export function finallyExit(names: FileNames, kind: FunctionKind, frame = FRAME): string {
  return `}finally{${probe(names, isInterruptible(kind) ? 'xa' : 'x', frame)}}`
}

/**
 * Opens an expression body of an arrow: `{let __ppf=…;try{return `. `let`, not `const`: once a bundler reprints
 * the code, it is what tells this body from a written `{ return … }` (the runtime's toString gives back `=> E`).
 */
export function enterAndReturn(names: FileNames, kind: FunctionKind, id: number, afterParameters = false): string {
  return `{let ${FRAME}=${probe(names, enterMethod(kind, afterParameters), String(id))};try{return `
}

/** Closes an expression body of an arrow. */
export function finallyExitBlock(names: FileNames, kind: FunctionKind): string {
  return `${finallyExit(names, kind)}}`
}

/** `__pp…().r(__ppf,` before an `await`/`yield`: resumes the frame with the value the expression produced. */
export function resumeOpen(names: FileNames, frame: string): string {
  return `${names.accessor}().r(${frame},`
}

/** `__pp…().s(__ppf,(` before the operand of `await`/`yield`/`return`: suspends after evaluating it. */
export function suspendOpen(names: FileNames, frame: string): string {
  return `${names.accessor}().s(${frame},(`
}

/** The suspension of an operand-less `yield`: `yield` becomes `yield __pp…().s(__ppf)`. */
export function suspendBare(names: FileNames, frame: string): string {
  return ` ${probe(names, 's', frame)}`
}

/** A resume as a statement, first in every `catch` and `finally` of an async function or generator. */
export function resumeStatement(names: FileNames, frame: string): string {
  return `${probe(names, 'r', frame)};`
}

/**
 * The resume first in a loop body the transform put braces around: `__pp…().r(__ppf,0);`, the `0` telling it
 * from the same statement in a written block once a bundler reprints the code (the runtime's toString drops them).
 */
export function resumeInAddedBraces(names: FileNames, frame: string): string {
  return `${probe(names, 'r', `${frame},0`)};`
}

/**
 * `using __ppu3=…;` right after an `await using`: disposed before it (disposal runs in reverse order), it
 * suspends the frame just before that disposal is awaited. `index` keeps the names of one scope distinct.
 */
export function suspendingDisposable(names: FileNames, frame: string, index: number): string {
  return `;using ${DISPOSER}${index}={[Symbol.dispose]:()=>${probe(names, 's', frame)}};`
}

/** `__pp…().ai(__ppf,(` before the iterable of `for await`. */
export function suspendingIterableOpen(names: FileNames, frame: string): string {
  return `${names.accessor}().ai(${frame},(`
}

/** How the accessor reaches the runtime; 'global-fallback' when the file declares its own `globalThis`. */
export type RuntimeReference = 'import' | 'require' | 'global' | 'global-fallback'

export interface PrologueInput {
  runtime: RuntimeReference
  runtimeModule: string
  contentHash: string
  /** one registration per source file; the first holds the module's top level as local id 0 */
  groups: readonly { file: string; names: FileNames; table: readonly (string | number)[] }[]
  moduleKind: FunctionKind
  /** the file is a script (a classic script or CommonJS), not an ES module */
  script: boolean
}

/**
 * Placed after the directive prologue: the runtime binding, one accessor per source file (it registers the
 * file's functions on first call and then replaces itself with a plain getter), and the entry of the module's
 * own frame.
 *
 * In a module the accessor is a function declaration, so hoisted calls and import cycles reach it before the
 * module body runs. In a script every name is declared with `let`/`const`: a classic script's top-level `var` and
 * function declarations become properties of the global object (enumerable, not deletable), which a page listing
 * `window` would see; lexical ones live in the realm's script scope instead, visible to the file's functions and
 * to no enumeration. Nothing of a script runs before its first statement, so the accessor needs no hoisting.
 */
export function prologue(input: PrologueInput): string {
  const module = JSON.stringify(input.runtimeModule)
  const first = input.groups[0].names
  let binding = ''
  let runtime = first.runtime
  const variable = input.script ? 'let' : 'var'
  if (input.runtime === 'import') binding = `import{runtime as ${runtime}}from${module};`
  else if (input.runtime === 'require') binding = `${variable} ${runtime}=require(${module}).runtime;`
  // `(function(){}).constructor` is Function even where the file shadows `Function`
  else runtime = input.runtime === 'global' ? 'globalThis.__probeprof' : '(function(){}).constructor("return this")().__probeprof'
  let accessors = ''
  for (const group of input.groups) {
    const table = `[${group.table.map((item) => (typeof item === 'string' ? JSON.stringify(item) : String(item))).join(',')}]`
    const register = `${runtime}.register(${JSON.stringify(group.file)},${JSON.stringify(input.contentHash)},${table})`
    const accessor = group.names.accessor
    const body = `{var p=${register};${accessor}=function(){return p};return p}`
    accessors += input.script ? `let ${accessor}=function()${body};` : `function ${accessor}()${body}`
  }
  const enter = `${variable} ${first.moduleFrame}=${probe(first, ENTER[input.moduleKind], '0')};`
  return binding + accessors + enter
}

/** Appended at the end of the file: the module frame's exit (after a line break, past any trailing comment). */
export function epilogue(names: FileNames, moduleKind: FunctionKind): string {
  return `\n;${probe(names, isInterruptible(moduleKind) ? 'xa' : 'x', names.moduleFrame)};\n`
}
