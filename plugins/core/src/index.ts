// @probeprof/plugin-core: the bundler-neutral part of every probeprof integration (esbuild, Vite, Rollup, webpack,
// Rspack, the Node loader). One options table and validator, one file filter, one transform service (memory, the
// persistent cache, worker threads), one runtime file. An integration resolves the options once, makes an
// Instrumenter for its build, and maps its bundler's hooks onto it:
//
//   const options = resolveOptions(userOptions, process.env, '@probeprof/vite')   // throws OptionsError
//   if (!options.enabled) return noHooks
//   const instrumenter = new Instrumenter(options, bundlerRoot)
//   const runtimeModule = instrumenter.runtimeFile()                              // what instrumented files import
//   if (instrumenter.shouldInstrument(path)) outcome = await instrumenter.instrument(path, bytes, runtimeModule, sourceMaps)
//   await instrumenter.finishBuild()  …  await instrumenter.close()

export { Instrumenter } from './instrumenter.js'
export {
  OptionsError,
  formatOptionsTable,
  isFlagOn,
  optionRecords,
  resolveOptions,
  type BakedRuntimeOptions,
  type ClockChoice,
  type ProbeprofOptions,
  type ResolvedOptions,
} from './options.js'
export type { CachedOutcome } from './cache.js'
export { splitInlineMap, type CodeAndMap, type SourceMapV3 } from './inline-map.js'
export { bundledRuntimeFile, runtimeDirectory, runtimeInstall, runtimeSource } from './runtime-file.js'
export type { FileFilter } from './file-filter.js'
export type { TransformStats } from './transform-service.js'
export type { WorkerCount } from './thread-budget.js'
