// Names for functions in formats that identify a frame by its name alone (folded stacks, callgrind, trace
// events, pprof's function view). A bare name would merge every `<anonymous>` of an app into one frame, so the
// location goes into the string, with the column only where two functions share a name and a line.

import type { FunctionStats, ProfileData } from '../model.js'

/** Name of the calling-context tree's pseudo-function for contexts past the runtime's node cap. */
export const TRUNCATED_LABEL = '(truncated)'
/** Name given to time when no instrumented function was running (the tree root's own time). */
export const PROGRAM_LABEL = '(program)'

type Located = Pick<FunctionStats, 'file' | 'line' | 'column' | 'name'>

/** `name (file:line)` for every function; `name (file:line:col)` where that alone would not be unique. */
export function locatedLabels(functions: readonly Located[]): string[] {
  const plain = functions.map((fn) => `${fn.name} (${fn.file}:${fn.line})`)
  const seen = countOf(plain)
  return functions.map((fn, index) => (seen.get(plain[index])! > 1 ? `${fn.name} (${fn.file}:${fn.line}:${fn.column})` : plain[index]))
}

/** The bare name where it is unique in the profile, the located label where several functions share it. */
export function distinctNames(functions: readonly Located[]): string[] {
  const located = locatedLabels(functions)
  const seen = countOf(functions.map((fn) => fn.name))
  return functions.map((fn, index) => (seen.get(fn.name)! > 1 ? located[index] : fn.name))
}

/** Label of a calling-context tree node's function index (-2 is the `(truncated)` node). */
export function nodeLabel(labels: readonly string[], fn: number): string {
  return fn >= 0 ? labels[fn] : TRUNCATED_LABEL
}

/** Whether the profile carries times: counts-only runs (clock 'counts') have every time at zero. */
export function hasTimes(profile: ProfileData): boolean {
  return profile.sources.some((source) => source.clock !== 'counts') || profile.tree.self.some((self) => self > 0)
}

function countOf(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1)
  return counts
}
