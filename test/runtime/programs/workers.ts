// worker_threads: workers that end by themselves, one still running when the main thread calls process.exit(),
// one stopped by terminate(), and one that dies of an uncaught exception. Each worker does workerTask(50) and
// tells the main thread its threadId.
import { fileURLToPath } from 'node:url'
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads'

function workerLeaf(i: number): number {
  return i * 2
}

function workerTask(n: number): number {
  let sum = 0
  for (let i = 0; i < n; i++) sum += workerLeaf(i)
  return sum
}

interface Started {
  worker: Worker
  threadId: number
  exited: Promise<unknown>
}

function startWorker(mode: string): Promise<Started> {
  const worker = new Worker(fileURLToPath(import.meta.url), { workerData: mode })
  const exited = new Promise((resolve) => worker.once('exit', resolve))
  return new Promise((resolve) => worker.once('message', (threadId: number) => resolve({ worker, threadId, exited })))
}

async function main(route: string): Promise<void> {
  const ids: number[] = []
  if (route === 'natural') {
    const started = await Promise.all([startWorker('finish'), startWorker('finish')])
    for (const { threadId, exited } of started) {
      ids.push(threadId)
      await exited
    }
  }
  if (route === 'crash') {
    const { worker, threadId, exited } = await startWorker('crash')
    worker.on('error', () => {}) // the worker's uncaught exception, reported to its parent
    ids.push(threadId)
    await exited
  }
  if (route === 'terminate') {
    const { worker, threadId } = await startWorker('stay')
    ids.push(threadId)
    await worker.terminate()
  }
  if (route === 'exit') {
    const { threadId } = await startWorker('stay')
    ids.push(threadId)
    console.log(JSON.stringify(ids))
    process.exit(0)
  }
  console.log(JSON.stringify(ids))
}

function runWorker(mode: string): void {
  workerTask(50)
  parentPort!.postMessage(require_threadId())
  if (mode === 'stay') setInterval(() => workerTask(1), 1000)
  if (mode === 'crash') setTimeout(() => workerTask(Number.NaN) + crash(), 10)
}

function crash(): never {
  throw new Error('worker crashes on purpose')
}

/* probeprof-ignore: just reads the id */
function require_threadId(): number {
  return (globalThis as { process: { getBuiltinModule(id: string): { threadId: number } } }).process.getBuiltinModule('worker_threads').threadId
}

if (isMainThread) void main(process.argv[2] ?? 'natural')
else runWorker(workerData as string)
