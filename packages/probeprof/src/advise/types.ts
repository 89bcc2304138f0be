// What `probeprof advise` finds in a profile, and `advise --scaling` in runs at several sizes, as plain data: the
// text renderer, `--json` and the HTML report's page all read it. Types only, and no imports, because the page
// (DOM) compiles this file too.
//
// Every number here is read or derived from the report, never estimated: shares are ratios of the report's own
// totals, gains are Amdahl's bound (the time a function takes is the most that fixing it can save).

/** A function as the advice names it: its identity in the profile and the statistics the advice quotes. */
export interface AdvisedFunction {
  /** index into the profile's functions */
  index: number
  name: string
  file: string
  line: number
  /** `file:line(name)` */
  standardName: string
  calls: number
  primitiveCalls: number
  /** seconds */
  tottime: number
  /** seconds */
  cumtime: number
}

/** One function of a Pareto set: its part of the measure, that part's share, and the running share. */
export interface ParetoEntry {
  fn: AdvisedFunction
  /** seconds of own time, or calls */
  value: number
  /** value / the set's total */
  share: number
  /** the shares of this entry and all before it */
  cumulativeShare: number
}

/** "Pareto is king": the fewest functions that together take `target` of the measure, largest first. */
export interface ParetoSet {
  measure: 'tottime' | 'calls'
  /** the share they must reach, 0.8 by default */
  target: number
  /** Σ of the measure over the functions considered (seconds or calls) */
  total: number
  /** how many functions were considered */
  considered: number
  entries: ParetoEntry[]
}

/** Amdahl's bound for one function: what the run would save if its own (or its cumulative) time were zero. */
export interface FixBound {
  fn: AdvisedFunction
  /** seconds saved with its own time at zero: its tottime */
  ownGain: number
  /** ownGain / the reference time */
  ownShare: number
  /** seconds saved with it and everything it calls at zero: its cumtime */
  cumGain: number
  cumShare: number
}

/** A server's route: its share of the requests against its share of the time in instrumented code. */
export interface RouteCost {
  name: string
  requests: number
  /** requests / all requests */
  requestShare: number
  /** seconds in instrumented code for the route's requests */
  cumtime: number
  /** cumtime / Σ over the routes */
  timeShare: number
  /** timeShare / requestShare: above 1, the route costs more than its traffic; null without requests */
  costRatio: number | null
}

/** One caller's part of a function called from several places (the caller→callee edge). */
export interface CallerCost {
  caller: AdvisedFunction
  calls: number
  /** of the function's calls from its callers (recursive calls left out) */
  callShare: number
  /** the function's cumulative time under this caller, seconds */
  cumtime: number
  timeShare: number
}

/** A function called from several places, its time split by caller. */
export interface HelperCost {
  fn: AdvisedFunction
  callers: CallerCost[]
}

/**
 * "All hail to the cache" (MemoizeIt's question): a function called again and again with the same arguments,
 * each tuple always giving the same result, from a build with argument fingerprinting (`args`).
 */
export interface MemoCandidate {
  fn: AdvisedFunction
  /** calls fingerprinted */
  calls: number
  /** distinct argument tuples (primitives by value, objects by identity) */
  distinct: number
  /** `distinct` is an upper bound: the sum over several merged reports */
  distinctIsUpperBound: boolean
  /** calls a cache would answer: calls − distinct */
  savedCalls: number
  /** savedCalls / calls */
  savedShare: number
  /**
   * seconds: the function's cumulative time × savedShare, an approximation (each call's time taken as the
   * average; for a recursive function cumtime counts the outermost calls, whose time includes the rest); null
   * without times
   */
  savedTime: number | null
}

export interface Advice {
  /** the report files read, in order (null for an in-memory profile) */
  sources: (string | null)[]
  /** false when the run recorded counts only: the advice then ranks by calls and gives no gains */
  hasTimes: boolean
  /** seconds, summed over the merged reports */
  wallTime: number
  /** Σ tottime, seconds */
  totalTime: number
  totalCalls: number
  /** functions the advice considered: every instrumented function (route pseudo-functions are features, not code) */
  functionCount: number
  /**
   * What gains are a share of: the run's wall time, or for a server (its wall time is mostly waiting for
   * requests) the time spent in instrumented code.
   */
  reference: { label: 'wall time' | 'time in instrumented code'; seconds: number }
  pareto: { time: ParetoSet | null; calls: ParetoSet }
  /** The Pareto set once the top function's own time is gone: fixing one bottleneck reveals the next. */
  next: { removed: AdvisedFunction; time: ParetoSet } | null
  /** Functions whose own-time gain reaches the stop threshold, largest first. */
  fixes: FixBound[]
  /**
   * The best fix below the threshold: advice stops here. null when every function reaches it, when there are no
   * times, or when sampled times are too few to tell (`sampling.enough` false).
   */
  stop: { threshold: number; best: FixBound | null }
  /**
   * Sampled times (clock `sampled`, or `auto` where it samples): how many samples they rest on. A function at the
   * stop line must get enough of them for "worth a fix" and "stop" to be more than noise; when it cannot,
   * `fixes` and `stop.best` are empty and the stop line says so. null for a precise, fast or counts-only run.
   */
  sampling: SamplingEvidence | null
  /**
   * "Less is more": cost by feature where the profile knows features. Routes of a server (empty otherwise),
   * the costliest first; functions with a stop-worthy cumulative time called from two places or more.
   */
  features: { routes: RouteCost[]; helpers: HelperCost[] }
  /**
   * Memoization candidates, the most time saved first: empty without fingerprints. Fingerprinted functions the
   * cache would not fit (a tuple gave different results, or the table was full) are only counted.
   */
  memoization: { candidates: MemoCandidate[]; fingerprinted: number; rejected: number }
  /** Functions that take less than `threshold` of the time, own and cumulative: optimizing them is noise. */
  leaveAlone: { threshold: number; functions: { fn: AdvisedFunction; share: number; cumShare: number }[] }
}

/** How many samples a sampled run's times rest on (each sample weighs the time that elapsed, so ≈ time / interval). */
export interface SamplingEvidence {
  /** seconds between samples, the largest of the merged reports' */
  interval: number
  /** Σ tottime / interval */
  samples: number
  /** the samples a function whose fix saves exactly the stop threshold gets: threshold × reference / interval */
  samplesAtStopLine: number
  /** the fewest samples at the stop line for a verdict (samples.ts K_MIN_SAMPLES) */
  needed: number
  /** samplesAtStopLine >= needed */
  enough: boolean
}

// `probeprof advise --scaling`: growth with the input size (scaling.ts fits it).

export interface GrowthFit {
  /** b in y ∝ n^b */
  exponent: number
  /** how well the line fits, 1 for a perfect power law; null with two runs (any two points fit) */
  r2: number | null
}

export interface FunctionGrowth {
  file: string
  name: string
  line: number
  standardName: string
  /** calls at each size (the fewest, where several runs disagree) */
  calls: number[]
  /** own time at each size, the fastest run's, seconds */
  tottime: number[]
  /** null when a run made no call of it */
  callsFit: GrowthFit | null
  /**
   * null when a run gave it no time, its time in the largest run is under K_MIN_FIT_TIME_S (scaling.ts), or, with
   * sampled times, its time at some size is under `thresholds.minSampledTime` (too few samples to fit)
   */
  timeFit: GrowthFit | null
  superLinear: boolean
}

export interface ScalingAdvice {
  /** the distinct input sizes, ascending: the points of every fit */
  sizes: number[]
  /** how many runs were given at each size */
  runsPerSize: number[]
  /** the input size of each report, in the order given */
  runSizes: number[]
  /** where the sizes came from: `--sizes`, or the calls of a named function */
  sizeSource: string
  sources: (string | null)[]
  /** every function called at all sizes: the super-linear ones first, then the fastest-growing time */
  functions: FunctionGrowth[]
  /** what "super-linear" means here: a time exponent from this, for a function with this share of the time or more */
  thresholds: {
    superLinearExponent: number
    minSuperLinearShare: number
    /** seconds between samples when the runs' times are sampled (the largest interval), else null */
    sampleInterval: number | null
    /** the own time a sampled function needs at every size for a time fit: K_MIN_SAMPLES intervals; 0 if not sampled */
    minSampledTime: number
  }
}
