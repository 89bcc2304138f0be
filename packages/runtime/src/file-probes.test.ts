// A file's probe object across switches of the probe set: the object generated code holds is rebound in place
// (file-probes.ts), so calls through it always reach the active set, and a frame entered under one set exits
// correctly under another.
import { describe, expect, it } from 'vitest'
import { createProbeSwitch, noopProbes } from './file-probes.js'
import { createRecorder, type Recorder } from './recorder.js'

const wallClock = () => 0

/** Calls per function id, summed over the recorder's calling contexts. */
function callsPerFunction(recorder: Recorder): Map<number, number> {
  const view = recorder.view()
  const calls = new Map<number, number>()
  for (let node = 1; node < view.nodeCount; node++) {
    const fn = view.nodeFn[node]
    calls.set(fn, (calls.get(fn) ?? 0) + view.nodeCalls[node])
  }
  return calls
}

describe('file probes across switches', () => {
  it('keeps the object generated code holds and reaches the set made active after it was handed out', () => {
    const recorder = createRecorder({ clock: null, wallClock })
    const base = recorder.addFunctions(3)
    const probes = createProbeSwitch(noopProbes)
    const file = probes.forFile(base)
    file.x(file.e(1)) // while disabled: counted nowhere
    probes.use(recorder.probes)
    const outer = file.e(1)
    file.x(file.e(2))
    file.x(file.e(2))
    file.x(outer)
    probes.use(noopProbes)
    file.x(file.e(1))
    expect(callsPerFunction(recorder)).toEqual(new Map([[base + 1, 1], [base + 2, 2]]))
    expect(recorder.view().openFrames).toBe(0)
  })

  it('ignores the exit of a frame entered before recording started, and ends one entered before it stopped', () => {
    const recorder = createRecorder({ clock: null, wallClock })
    const base = recorder.addFunctions(2)
    const probes = createProbeSwitch(noopProbes)
    const file = probes.forFile(base)
    const enteredWhileOff = file.e(0)
    probes.use(recorder.probes)
    const running = file.e(1)
    expect(recorder.view().openFrames).toBe(1)
    file.x(enteredWhileOff) // the no-op token: the running frame stays on top
    expect(recorder.view().openFrames).toBe(1)
    probes.use(noopProbes)
    file.x(running) // the no-op exit: recording is off, the frame stays open in the recorder
    expect(recorder.view().openFrames).toBe(1)
    probes.use(recorder.probes)
    file.x(running)
    expect(recorder.view().openFrames).toBe(0)
  })

  it('gives every file its own base after a switch', () => {
    const recorder = createRecorder({ clock: null, wallClock })
    const probes = createProbeSwitch(noopProbes)
    const first = probes.forFile(recorder.addFunctions(2))
    const second = probes.forFile(recorder.addFunctions(2))
    probes.use(recorder.probes)
    first.x(first.e(1))
    second.x(second.e(1))
    second.x(second.e(1))
    expect(callsPerFunction(recorder)).toEqual(new Map([[1, 1], [3, 2]]))
  })
})
