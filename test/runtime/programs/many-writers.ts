// Every kind of writer one run can have, each calling writerTask() once (leaf() 10 times): the main thread, two
// worker threads, a child_process.fork() child and two cluster workers, each with a worker of its own, and a process started
// with an environment that does not say it belongs to this run (it takes the configured name first, as a first
// process would). The main thread prints every writer as [pid, threadId] pairs.
//
// `same-path`: the main thread and a worker both call profiler.write() with one path, the main thread twice; it
// prints the three paths written and the worker's threadId.
import { fork, spawnSync } from 'node:child_process'
import cluster from 'node:cluster'
import type { EventEmitter } from 'node:events'
import { fileURLToPath } from 'node:url'
import { Worker, isMainThread, parentPort, threadId, workerData } from 'node:worker_threads'
import { profiler } from '@probeprof/runtime'

type WriterId = [pid: number, threadId: number]

const script = fileURLToPath(import.meta.url)

function leaf(i: number): number {
  return i + 1
}

function writerTask(): number {
  let sum = 0
  for (let i = 0; i < 10; i++) sum += leaf(i)
  return sum
}

/* probeprof-ignore: plumbing, not measured */
function startWorker(mode: string): Promise<WriterId> {
  const worker = new Worker(script, { workerData: mode })
  const exited = new Promise((resolve) => worker.once('exit', resolve))
  return new Promise((resolve) => worker.once('message', (id: WriterId) => void exited.then(() => resolve(id))))
}

/* probeprof-ignore: plumbing, not measured */
function fromChild(child: EventEmitter): Promise<WriterId[]> {
  return new Promise((resolve) => {
    let ids: WriterId[] = []
    child.once('message', (message: WriterId[]) => (ids = message))
    child.once('exit', () => resolve(ids))
  })
}

async function runMain(): Promise<void> {
  writerTask()
  const ids: WriterId[] = [[process.pid, threadId]]
  ids.push(...(await Promise.all([startWorker('worker'), startWorker('worker')])))
  ids.push(...(await fromChild(fork(script, ['child']))))
  cluster.setupPrimary({ exec: script, args: ['cluster'] })
  ids.push(...(await Promise.all([fromChild(cluster.fork()), fromChild(cluster.fork())])).flat())
  const env = { ...process.env }
  delete env.PROBEPROF_ROOT_PID
  delete env.PROBEPROF_RUN_STARTED_MS
  const separate = spawnSync(process.execPath, [script, 'separate'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
  ids.push([Number(separate.stdout.trim()), 0])
  console.log(JSON.stringify(ids))
}

async function runChild(): Promise<void> {
  writerTask()
  const ids: WriterId[] = [[process.pid, threadId], await startWorker('worker')]
  process.send!(ids, () => process.disconnect())
}

async function runSamePath(path: string): Promise<void> {
  writerTask()
  const first = profiler.write(path)
  const worker = new Worker(script, { workerData: `write:${path}` })
  const fromWorker = await new Promise<string>((resolve) => worker.once('message', resolve))
  // the worker's own threadId names its file (not always 1: the sampler thread of the 'auto' clock may hold it)
  console.log(JSON.stringify([first, fromWorker, profiler.write(path), worker.threadId]))
}

if (isMainThread) {
  const role = cluster.isWorker ? 'cluster' : (process.argv[2] ?? 'main')
  if (role === 'main') void runMain()
  if (role === 'child' || role === 'cluster') void runChild()
  if (role === 'separate') {
    writerTask()
    console.log(process.pid)
  }
  if (role === 'same-path') void runSamePath(process.argv[3]!)
} else {
  writerTask()
  const mode = workerData as string
  if (mode.startsWith('write:')) parentPort!.postMessage(profiler.write(mode.slice('write:'.length)))
  else parentPort!.postMessage([process.pid, threadId] satisfies WriterId)
}
