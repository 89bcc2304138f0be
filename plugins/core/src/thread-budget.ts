// How many worker threads are worth starting now. A thread pays only on a core nobody else is using: on a busy
// machine it adds its own start-up and JIT warm-up (about 0.6 s of CPU on three.js) and takes nothing off the
// build (bench: build/pool-threshold). So, as `make -l` does, the plugin reads the load average: the idle cores,
// less the one the main thread keeps busy, are the threads it starts.

import { availableParallelism, loadavg } from 'node:os'

export type WorkerCount = number | 'auto'

/** `load`: the 1-minute load average; os.loadavg() gives [0, 0, 0] where the OS has none (Windows): all idle. */
export function workerThreadsFor(requested: WorkerCount, cores = availableParallelism(), load = loadavg()[0]): number {
  if (requested !== 'auto') return requested
  return Math.max(0, Math.min(cores - 1, Math.round(cores - load) - 1))
}
