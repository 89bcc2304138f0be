import type { Clock } from './clock.js'
import { createProbeSwitch } from './file-probes.js'
import type { ProbeOverhead } from './format-spec.js'
import { createRecorder } from './recorder.js'

const K_CALIBRATION_CALLS = 20_000
const K_CALIBRATION_ROUNDS = 5

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
 * **Median of rounds.** Rounds run back to back; the median resists one round hit by GC or a context switch.
 */
export function calibrateOverhead(clock: Clock): ProbeOverhead {
  const recorder = createRecorder({ clock, wallClock: clock, maxNodes: 16 })
  const base = recorder.addFunctions(2)
  const probes = createProbeSwitch(recorder.probes).forFile(base)
  const instrumented = () => {
    const token = probes.e(1)
    try {
      /* empty body */
    } finally {
      probes.x(token)
    }
  }
  const plain = () => {}

  const calleeNs: number[] = []
  const callerNs: number[] = []
  for (let round = 0; round < K_CALIBRATION_ROUNDS; round++) {
    const loopStart = clock()
    for (let i = 0; i < K_CALIBRATION_CALLS; i++) plain()
    const loopMs = clock() - loopStart

    recorder.reset()
    const token = probes.e(0)
    for (let i = 0; i < K_CALIBRATION_CALLS; i++) instrumented()
    probes.x(token)
    const view = recorder.view()
    let outerMs = 0
    let innerMs = 0
    for (let node = 1; node < view.nodeCount; node++) {
      if (view.nodeFn[node] === base) outerMs = view.nodeSelfMs[node]
      if (view.nodeFn[node] === base + 1) innerMs = view.nodeSelfMs[node]
    }
    calleeNs.push((innerMs * 1e6) / K_CALIBRATION_CALLS)
    callerNs.push(((outerMs - loopMs) * 1e6) / K_CALIBRATION_CALLS)
  }
  return { calleeNsPerCall: round1(median(calleeNs)), callerNsPerCall: round1(Math.max(0, median(callerNs))) }
}

function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b)
  return sorted[sorted.length >> 1]
}

function round1(value: number): number {
  return Math.round(value * 10) / 10
}
