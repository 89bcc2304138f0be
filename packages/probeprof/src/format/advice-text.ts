// `probeprof advise` as text: each finding with the numbers it rests on. `formatAdviceBrief` is the few lines
// `probeprof run` and `npm run demo` print after the table. The HTML report's page uses the same sentences, so
// this module imports nothing that needs Node.

import type { Advice, AdvisedFunction, MemoCandidate, ParetoSet } from '../advise/types.js'
import { readableTime } from './units.js'

/** How many names the "leave alone" line spells out before "and N more". */
const K_LEAVE_ALONE_NAMES = 6

export function formatAdvice(advice: Advice): string {
  const lines: string[] = [headline(advice), '']
  const { time, calls } = advice.pareto
  if (time !== null) lines.push(...paretoBlock(`Pareto: ${paretoSummary(time, advice.functionCount)}`, time), '')
  lines.push(...paretoBlock(`Pareto by calls: ${paretoSummary(calls, advice.functionCount)}`, calls), '')
  if (advice.next !== null) {
    const { removed, time: next } = advice.next
    const title = `Next bottleneck, once ${label(removed)} takes no time: ${paretoSummary(next, next.considered, `the remaining ${seconds(next.total)}`)}`
    lines.push(...paretoBlock(title, next), '')
  }
  if (advice.hasTimes) {
    lines.push(`Know when to stop: Amdahl's bound, the most a fix can save, as a share of the ${advice.reference.label} (${seconds(advice.reference.seconds)})`)
    if (advice.fixes.length > 0) {
      lines.push(`   ${'own time = 0'.padStart(19)}  ${'cumtime = 0'.padStart(19)}  function`)
      for (const fix of advice.fixes) lines.push(`   ${gain(fix.ownGain, fix.ownShare)}  ${gain(fix.cumGain, fix.cumShare)}  ${label(fix.fn)}`)
    }
    lines.push(`   ${stopLine(advice)}`, '')
  } else {
    lines.push('Know when to stop: this run recorded counts only (clock counts), so no gain can be bounded; profile with a clock for it.', '')
  }
  lines.push(...featureBlock(advice))
  lines.push(...memoizationBlock(advice))
  lines.push(leaveAloneLine(advice), '')
  return lines.join('\n')
}

/** A route costs this many times its share of the requests, or more: the feature the advice points at. */
const K_COSTLY_ROUTE_RATIO = 2

/** "Less is more": routes against their traffic, shared functions split by caller. */
function featureBlock(advice: Advice): string[] {
  const { routes, helpers } = advice.features
  const lines: string[] = []
  if (routes.length > 0) {
    lines.push('Cost by route: share of the requests against share of the time in instrumented code')
    lines.push(`   ${'requests'.padStart(9)}  ${'share'.padStart(6)}  ${'time'.padStart(10)}  ${'share'.padStart(6)}  route`)
    for (const route of routes) {
      lines.push(`   ${route.requests.toLocaleString('en-US').padStart(9)}  ${percent(route.requestShare).padStart(6)}  ${seconds(route.cumtime).padStart(10)}  ${percent(route.timeShare).padStart(6)}  ${route.name}`)
    }
    const costly = costlyRouteLine(advice)
    if (costly !== null) lines.push(`   ${costly}`)
    lines.push('')
  }
  for (const helper of helpers) {
    lines.push(`Cost by caller: ${label(helper.fn)}, ${seconds(helper.fn.cumtime)} cumulative, called from ${helper.callers.length} places`)
    lines.push(`   ${'calls'.padStart(9)}  ${'share'.padStart(6)}  ${'cumtime'.padStart(10)}  ${'share'.padStart(6)}  caller`)
    for (const caller of helper.callers) {
      lines.push(
        `   ${caller.calls.toLocaleString('en-US').padStart(9)}  ${percent(caller.callShare).padStart(6)}  ${seconds(caller.cumtime).padStart(10)}  ${percent(caller.timeShare).padStart(6)}  ${label(caller.caller)}`,
      )
    }
    lines.push('')
  }
  return lines
}

/** The first route that costs K_COSTLY_ROUTE_RATIO times its share of the requests or more, in a sentence; or null. */
export function costlyRouteLine(advice: Advice): string | null {
  const costly = advice.features.routes.find((route) => route.costRatio !== null && route.costRatio >= K_COSTLY_ROUTE_RATIO)
  if (costly === undefined) return null
  return (
    `${costly.name} serves ${percent(costly.requestShare)} of the requests and takes ${percent(costly.timeShare)} of the time, ` +
    `${costly.costRatio!.toFixed(1)}x its share: the feature to question first.`
  )
}

/** "All hail to the cache": one sentence per candidate; nothing for a build without argument fingerprints. */
function memoizationBlock(advice: Advice): string[] {
  const { candidates, fingerprinted } = advice.memoization
  if (fingerprinted === 0) return []
  const lines = [memoTitle(advice)]
  for (const candidate of candidates) lines.push(`   ${memoSentence(candidate)}`)
  const note = memoNote(advice)
  if (note !== null) lines.push(`   (${note})`)
  lines.push('')
  return lines
}

/** "Memoization candidates: 4 of 7 fingerprinted functions (…)": the heading of the candidates, in text and HTML. */
export function memoTitle(advice: Advice): string {
  const { candidates, fingerprinted, rejected } = advice.memoization
  return `Memoization candidates: ${candidates.length} of ${fingerprinted} fingerprinted functions (${rejected} gave different results for the same arguments, or had too many to follow)`
}

/** How the time saved is estimated, when any candidate has one (a run with a clock). */
export function memoNote(advice: Advice): string | null {
  if (!advice.memoization.candidates.some((candidate) => candidate.savedTime !== null)) return null
  return "time saved ≈ the function's cumulative time × the share of calls saved; arguments compared by value, objects by identity"
}

/** "fib (src/fib.ts:1): 1,664,079 calls with 31 distinct arguments; a cache would remove 99.998% of calls and about 1.2 s" */
export function memoSentence(candidate: MemoCandidate): string {
  return `${label(candidate.fn)}: ${memoEvidence(candidate)}`
}

/** The sentence after the function's name: "1,664,079 calls with 31 distinct arguments; a cache would remove …". */
export function memoEvidence(candidate: MemoCandidate): string {
  const distinct = `${candidate.distinctIsUpperBound ? 'at most ' : ''}${candidate.distinct.toLocaleString('en-US')} distinct argument${candidate.distinct === 1 ? '' : 's'}`
  const time = candidate.savedTime === null ? '' : ` and about ${seconds(candidate.savedTime)}`
  return `${candidate.calls.toLocaleString('en-US')} calls with ${distinct}; a cache would remove ${savedPercent(candidate.savedShare)} of calls${time}`
}

/** Enough digits to tell 99.998 % from 100 %: a share of calls saved is never rounded up to all of them. */
function savedPercent(share: number): string {
  for (let digits = 1; digits < 6; digits++) {
    const text = (100 * share).toFixed(digits)
    if (Number(text) < 100 || share === 1) return `${text}%`
  }
  return `${(100 * share).toFixed(6)}%`
}

/** The few-line summary; `more` says where the whole advice is (a command to paste). */
export function formatAdviceBrief(advice: Advice, more: string): string {
  // the exact calls lead when the times are missing, or sampled too thinly to rank functions by
  const set = advice.pareto.time !== null && advice.sampling?.enough !== false ? advice.pareto.time : advice.pareto.calls
  const lines = [`probeprof advise: ${paretoSummary(set, advice.functionCount)}`]
  lines[0] += `: ${set.entries.slice(0, 3).map((entry) => `${label(entry.fn)} ${percent(entry.share)}`).join(', ')}${set.entries.length > 3 ? ', …' : ''}`
  if (advice.hasTimes) {
    if (advice.fixes.length > 0) {
      const fixes = advice.fixes.map((fix) => `${fix.fn.name} ${seconds(fix.ownGain)} (${percent(fix.ownShare)})`)
      lines.push(`  worth fixing (the most each can save, share of the ${advice.reference.label} ${seconds(advice.reference.seconds)}): ${fixes.join(', ')}`)
    }
    lines.push(`  ${stopLine(advice)}`)
  }
  const [cache] = advice.memoization.candidates
  if (cache !== undefined) {
    const more = advice.memoization.candidates.length - 1
    lines.push(`  memoization candidate: ${memoSentence(cache)}${more > 0 ? ` (and ${more} more)` : ''}`)
  }
  lines.push(`  ${advice.leaveAlone.functions.length} functions under ${percent(advice.leaveAlone.threshold, 0)} of the time, own and cumulative: leave them alone. ${more}`)
  return lines.join('\n') + '\n'
}

function headline(advice: Advice): string {
  const files = advice.sources.map((source) => source ?? 'in-memory profile').join(', ')
  const time = advice.hasTimes
    ? `wall time ${seconds(advice.wallTime)}, ${seconds(advice.totalTime)} in instrumented functions${advice.wallTime > 0 ? ` (${percent(advice.totalTime / advice.wallTime)})` : ''}`
    : 'counts only'
  return `Advice for ${files}: ${time}; ${advice.totalCalls.toLocaleString('en-US')} calls of ${advice.functionCount} functions`
}

export function paretoSummary(set: ParetoSet, considered: number, of?: string): string {
  const what = of ?? (set.measure === 'tottime' ? 'the own time' : 'the calls')
  const verb = set.measure === 'tottime' ? 'take' : 'make'
  if (set.entries.length === 0) return `no function ${set.measure === 'tottime' ? 'took measurable time' : 'was called'}`
  const reached = set.entries[set.entries.length - 1].cumulativeShare
  return `${set.entries.length} of ${considered} functions ${verb} ${percent(reached)} of ${what} (Pareto line ${percent(set.target, 0)})`
}

function paretoBlock(title: string, set: ParetoSet): string[] {
  const head = set.measure === 'tottime' ? 'own time' : 'calls'
  const value = (entry: ParetoSet['entries'][number]) => (set.measure === 'tottime' ? seconds(entry.value) : entry.value.toLocaleString('en-US'))
  return [
    title,
    ...(set.entries.length === 0 ? [] : [`   ${head.padStart(10)}    share  running  function`]),
    ...set.entries.map((entry) => `   ${value(entry).padStart(10)}  ${percent(entry.share).padStart(7)}  ${percent(entry.cumulativeShare).padStart(7)}  ${label(entry.fn)}`),
  ]
}

export function stopLine(advice: Advice): string {
  const { best, threshold } = advice.stop
  const limit = `below the ${percent(threshold, 0)} worth a fix`
  const { sampling } = advice
  if (sampling !== null && !sampling.enough) {
    return (
      `too few samples to tell what is worth a fix: a function that saves ${percent(threshold, 0)} of the ${advice.reference.label} ` +
      `(${seconds(threshold * advice.reference.seconds)}) gets about ${sampling.samplesAtStopLine.toFixed(1)} of this run's ` +
      `${Math.round(sampling.samples).toLocaleString('en-US')} samples (${seconds(sampling.interval)} apart), and its time needs ${sampling.needed}. ` +
      'Profile a longer run, or record this one with PROBEPROF_CLOCK=precise.'
    )
  }
  if (best === null) return advice.fixes.length === 0 ? 'stop here: no function took measurable time.' : `every function can save ${percent(threshold, 0)} or more.`
  const bound = `${label(best.fn)}, saves at most ${seconds(best.ownGain)} (${percent(best.ownShare)} of the ${advice.reference.label}), ${limit}`
  return advice.fixes.length === 0 ? `stop here: the best fix, ${bound}.` : `after ${advice.fixes.length === 1 ? 'that' : 'those'}, stop: the best remaining fix, ${bound}.`
}

export function leaveAloneLine(advice: Advice): string {
  const { functions, threshold } = advice.leaveAlone
  const under = `under ${percent(threshold, 0)} of the ${advice.hasTimes ? 'time' : 'calls'}, own and cumulative`
  if (functions.length === 0) return `Leave alone: no function is ${under}.`
  const named = functions.slice(0, K_LEAVE_ALONE_NAMES).map((entry) => `${label(entry.fn)} ${percent(entry.cumShare)}`)
  const more = functions.length > K_LEAVE_ALONE_NAMES ? `, and ${functions.length - K_LEAVE_ALONE_NAMES} more` : ''
  return `Leave alone (premature optimization): ${functions.length} of ${advice.functionCount} functions are ${under}: ${named.join(', ')}${more}.`
}

function gain(gainSeconds: number, share: number): string {
  return `${seconds(gainSeconds).padStart(11)} ${percent(share).padStart(7)}`
}

export function label(fn: AdvisedFunction): string {
  return `${fn.name} (${fn.file}:${fn.line})`
}

function seconds(value: number): string {
  return readableTime(value, ' ')
}

export function percent(share: number, digits = 1): string {
  return `${(100 * share).toFixed(digits)}%`
}
