// typescript 5.x transpileModule on a large source file (classes, generics, enums, namespaces, overloads).
import ts from 'typescript'
import { readInput, runWorkload } from './harness.js'

const source = readInput('module.ts')
const compilerOptions = { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.ESNext }
runWorkload(() => ts.transpileModule(source, { compilerOptions, fileName: 'module.ts' }).outputText)
