import type { Clock } from './clock.js'
import { createProbeSwitch, type FileProbes } from './file-probes.js'
import type { ProbeOverhead } from './format-spec.js'
import { createRecorder } from './recorder.js'

const K_CALIBRATION_CALLS = 20_000
const K_CALIBRATION_ROUNDS = 7

/**
 * Measures what the probes add to the times they report, through the same FileProbes path the generated
 * code takes.
 *
 * **What is measured.** An instrumented empty function is called `K_CALIBRATION_CALLS` times from an
 * instrumented loop. The callee's own time per call is probe time charged to the callee (its body is empty);
 * the loop's own time, minus the same loop calling a plain empty function, is probe time charged to the caller.
 *
 * **Why report, not subtract.** The split depends on inlining and on the machine's load, and subtracting a
 * per-call constant can make tiny functions negative (as with Python's `profile` bias). The report carries the
 * numbers so readers can judge how much of a tiny function's time is the probe's own; `probeprof report
 * --compensate` subtracts them on request.
 *
 * **Minimum of rounds.** A round hit by a context switch or a GC measures that pause, not the probes; on a
 * loaded machine most rounds are hit (medians of 5 rounds ranged 47–241 ns for the same probe, load average 8).
 * The fastest round is the probes' own cost; pauses during the app's run are real time and stay in its report.
 */
export function calibrateOverhead(clock: Clock): ProbeOverhead {
  const recorder = createRecorder({ clock, wallClock: clock, maxNodes: 16 })
  const base = recorder.addFunctions(2)
  const probes = createProbeSwitch(recorder.probes).forFile(base)
  // The shape the Babel plugin emits (emit.ts): a self-replacing accessor, then e()/x() around a try/finally, so
  // the calibration pays what generated code pays (an earlier direct `probes.e` loop measured half the real cost).
  let accessor = (): FileProbes => {
    accessor = () => probes
    return probes
  }
  const instrumented = () => {
    const token = accessor().e(1)
    try {
      return undefined
    } finally {
      accessor().x(token)
    }
  }
  const plain = () => {}

  let calleeMs = Infinity
  let outerMs = Infinity
  let loopMs = Infinity
  for (let round = 0; round < K_CALIBRATION_ROUNDS; round++) {
    const loopStart = clock()
    for (let i = 0; i < K_CALIBRATION_CALLS; i++) plain()
    loopMs = Math.min(loopMs, clock() - loopStart)

    recorder.reset()
    const token = accessor().e(0)
    for (let i = 0; i < K_CALIBRATION_CALLS; i++) instrumented()
    accessor().x(token)
    const view = recorder.view()
    for (let node = 1; node < view.nodeCount; node++) {
      if (view.nodeFn[node] === base) outerMs = Math.min(outerMs, view.nodeSelfMs[node])
      if (view.nodeFn[node] === base + 1) calleeMs = Math.min(calleeMs, view.nodeSelfMs[node])
    }
  }
  const nsPerCall = (ms: number) => (ms * 1e6) / K_CALIBRATION_CALLS
  return { calleeNsPerCall: round1(nsPerCall(calleeMs)), callerNsPerCall: round1(Math.max(0, nsPerCall(outerMs - loopMs))) }
}

function round1(value: number): number {
  return Math.round(value * 10) / 10
}
