// Made to be killed by SIGKILL, which no handler sees: with PROBEPROF_FLUSH_MS the periodic snapshots are all that
// is left. The main thread calls work(1000) (1000 leaf calls), starts argv[2] workers that each call work(500),
// prints "ready <ms since the epoch> <worker thread ids>" once every call is done, then idles without calling
// anything instrumented, until killed. With argv[3] = "exit" it exits normally 300 ms after "ready" instead.
import { fileURLToPath } from 'node:url'
import { Worker, isMainThread, parentPort, threadId } from 'node:worker_threads'

export const MAIN_LEAF_CALLS = 1000
export const WORKER_LEAF_CALLS = 500

function leaf(i: number): number {
  return i % 7
}

function work(n: number): number {
  let sum = 0
  for (let i = 0; i < n; i++) sum += leaf(i)
  return sum
}

function startWorker(): Promise<number> {
  const worker = new Worker(fileURLToPath(import.meta.url))
  return new Promise((resolve) => worker.once('message', resolve))
}

async function main(workers: number, end: string): Promise<void> {
  work(MAIN_LEAF_CALLS)
  const ids: number[] = []
  for (let i = 0; i < workers; i++) ids.push(await startWorker())
  console.log(`ready ${Date.now()} ${JSON.stringify(ids)}`)
  if (end === 'exit') setTimeout(process.exit, 300)
  else idle()
}

/* probeprof-ignore: keeps the thread alive without a call that would change the counts */
function idle(): void {
  setInterval(() => {}, 60_000)
}

if (isMainThread) void main(Number(process.argv[2] ?? 0), process.argv[3] ?? 'stay')
else {
  work(WORKER_LEAF_CALLS)
  parentPort!.postMessage(threadId)
  idle()
}
