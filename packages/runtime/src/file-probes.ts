// The object each instrumented file calls: `__pp<hash>().e(3)`. Its enters turn the file's local function ids into
// global ones for whichever probes are active (recording, or the no-ops while disabled); the probes that take a
// frame (`x`, `s`, `r`, `xa`) are the active set's own functions. Switching sets rebinds every file's object.
// Short member names because they are emitted at every function of every instrumented file.

import { AsyncFrame, DONE, type Probes } from './recorder.js'

export interface FileProbes {
  /** enter a sync function; returns the frame's token */
  e(localId: number): number
  /** exit a sync function */
  x(token: number): void
  /** enter an async function */
  ea(localId: number): AsyncFrame
  /** enter a generator or async generator */
  eg(localId: number): AsyncFrame
  /** suspend before `await`/`yield`; returns `value` unchanged */
  s<T>(frame: AsyncFrame, value: T): T
  /** resume after `await`/`yield` (and at the start of `catch`/`finally`); returns `value` unchanged */
  r<T>(frame: AsyncFrame, value?: T): T | undefined
  /** exit an async function or generator */
  xa(frame: AsyncFrame): void
  /** wrap the iterable of a `for await` loop so that its implicit awaits suspend the frame */
  ai(frame: AsyncFrame, iterable: unknown): unknown
  /**
   * enter a sync function whose default parameters are probed, in a default-parameter expression or in its body:
   * the frame a previous expression of the same call handed over (pc), else a new one
   */
  ep(localId: number): number
  /** the same for an async function */
  epa(localId: number): AsyncFrame
  /** end of a default-parameter expression: hands its frame to the call's next `ep`/`epa`; returns `value` */
  pc<T>(localId: number, frame: number | AsyncFrame, value: T): T
}

/** A frame that every probe ignores: what enterAsync returns while recording is off. */
const IGNORED_FRAME = new AsyncFrame(0, 0, 0, -1, -1)
IGNORED_FRAME.state = DONE

/**
 * The token of a frame entered while recording was off: its high bits are a tag no epoch has (recorder.ts,
 * K_EPOCH_TAGS), so every exit variant ignores it. A frame entered before enable() (the function that calls it)
 * then exits as a no-op, where a token of 0 would make the root the top under a frame still running.
 */
const IGNORED_TOKEN = 0x7fffffff

export const noopProbes: Probes = {
  enter: () => IGNORED_TOKEN,
  exit: () => {},
  enterAsync: () => IGNORED_FRAME,
  enterGenerator: () => IGNORED_FRAME,
  suspend: (_frame, value) => value,
  resume: (_frame, value) => value,
  exitAsync: () => {},
}

export interface ProbeSwitch {
  forFile(base: number): FileProbes
  use(probes: Probes): void
}

export function createProbeSwitch(initial: Probes): ProbeSwitch {
  let active = initial
  /** Every file object handed out, with its base: use() rebinds each one in place (the files keep their object). */
  const files: { probes: FileProbes; base: number }[] = []
  // The frame a default-parameter expression entered, between its end and the next `ep` of the same call. Nothing
  // can run in between (the parameters are identifiers: visitor.ts, probedDefaults), so one slot serves every
  // function, and the next enter probe to run is always that call's own.
  let handedFn = -1
  let handedFrame: number | AsyncFrame = 0
  const takeOver = (fn: number): boolean => {
    if (handedFn !== fn) return false
    handedFn = -1
    return true
  }

  /**
   * A file's probes over one probe set. The set's functions and the base are parameters that are never assigned,
   * so the closures read them without a dead-zone check (recorder.ts, recorderOver), and the probes that need no
   * base are the set's own functions: `x(token)` is the recorder's exit itself, not a wrapper calling it. A file
   * object is rebound, field by field, when the set changes (use()) instead of reading the active set per call.
   */
  function fileProbesOver(
    probes: Probes,
    enter: Probes['enter'],
    enterAsync: Probes['enterAsync'],
    enterGenerator: Probes['enterGenerator'],
    suspend: Probes['suspend'],
    base: number,
  ): FileProbes {
    return {
      e: (localId) => enter(base + localId),
      x: probes.exit,
      ea: (localId) => enterAsync(base + localId),
      eg: (localId) => enterGenerator(base + localId),
      s: suspend,
      r: probes.resume,
      xa: probes.exitAsync,
      ai: (frame, iterable) => suspendingIterable(iterable, () => suspend(frame, undefined)),
      ep: (localId) => (takeOver(base + localId) ? (handedFrame as number) : enter(base + localId)),
      epa: (localId) => (takeOver(base + localId) ? (handedFrame as AsyncFrame) : enterAsync(base + localId)),
      pc: (localId, frame, value) => {
        handedFn = base + localId
        handedFrame = frame
        return value
      },
    }
  }

  function bind(target: FileProbes, base: number, probes: Probes): FileProbes {
    return Object.assign(target, fileProbesOver(probes, probes.enter, probes.enterAsync, probes.enterGenerator, probes.suspend, base))
  }

  return {
    forFile(base) {
      const probes = bind({} as FileProbes, base, active)
      files.push({ probes, base })
      return probes
    },
    // Cold path, linear in the files: about 0.24 ms per 1,000 files (2,000 files registered,
    // 0.47 ms per use()), paid at enable(), disable() and twice per profile() call.
    use(probes) {
      active = probes
      for (const file of files) bind(file.probes, file.base, probes)
    },
  }
}

/**
 * An iterable that yields exactly what `iterable` yields, for `for await`, calling `onSuspend` right after each
 * call of `next`, `return` or `throw`: the loop awaits the result of each of those calls, so the frame is
 * suspended from then until the loop body (or the code after the loop) resumes it.
 *
 * It keeps the loop's observable behaviour: `Symbol.asyncIterator` is looked up first and `Symbol.iterator`
 * only when it is absent, so a sync iterable still goes through the engine's own async-from-sync wrapper (same
 * ticks); `next` is read once, as GetIterator does; `return` and `throw` are read only when the loop needs them.
 */
function suspendingIterable(iterable: unknown, onSuspend: () => void): unknown {
  const source = iterable as Record<symbol, (() => object) | undefined>
  const asyncMethod = source[Symbol.asyncIterator]
  if (asyncMethod != null) {
    return { [Symbol.asyncIterator]: () => suspendingIterator(asyncMethod.call(source), onSuspend) }
  }
  const syncMethod = source[Symbol.iterator]
  if (syncMethod == null) return iterable // not iterable: let the loop throw its own TypeError
  return { [Symbol.iterator]: () => suspendingIterator(syncMethod.call(source), onSuspend) }
}

type IteratorMethod = (this: object, ...args: unknown[]) => unknown

function suspendingIterator(iterator: object, onSuspend: () => void): object {
  const target = iterator as Record<string, IteratorMethod | undefined>
  const next = target.next
  const forward = (method: IteratorMethod | undefined) =>
    method == null
      ? method
      : function (this: unknown, ...args: unknown[]) {
          const result = method.apply(iterator, args)
          onSuspend()
          return result
        }
  return {
    next: forward(next),
    get return() {
      return forward(target.return)
    },
    get throw() {
      return forward(target.throw)
    },
  }
}
