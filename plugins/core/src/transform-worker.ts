// Entry of a transform worker thread: says it is ready once Babel is loaded, then instruments the files the pool
// sends, one message each way per file.

import { parentPort } from 'node:worker_threads'
import { instrumentFile, type InstrumentTask } from './instrument-file.js'

export interface WorkerRequest {
  id: number
  task: InstrumentTask
}

export type WorkerResponse =
  /** sent once, when the thread's modules are loaded: the pool sends work only to ready threads */
  | { ready: true }
  | { id: number; outcome: ReturnType<typeof instrumentFile> }
  /** an internal error of the transform: the build reports it for this file */
  | { id: number; error: string }

parentPort?.on('message', (request: WorkerRequest) => {
  let response: WorkerResponse
  try {
    response = { id: request.id, outcome: instrumentFile(request.task) }
  } catch (error) {
    response = { id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }
  }
  parentPort!.postMessage(response)
})
parentPort?.postMessage({ ready: true } satisfies WorkerResponse)
