// Entry of a transform worker thread: instruments the files the pool sends, one message each way per file.

import { parentPort } from 'node:worker_threads'
import { instrumentFile, type InstrumentTask } from './instrument-file.js'

export interface WorkerRequest {
  id: number
  task: InstrumentTask
}

export type WorkerResponse =
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
