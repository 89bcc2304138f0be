// Runs the program as a child process that shares this process's terminal: same stdin, stdout, stderr (or
// the streams a caller passes), same environment and working directory. Signals meant for the program reach
// it; this process waits and reports how it ended.

import { spawn, type StdioOptions } from 'node:child_process'
import type { Readable, Writable } from 'node:stream'

export interface ChildStreams {
  /** null: the child uses this process's own stream */
  stdin: NodeJS.ReadableStream | null
  stdout: { write(text: string): unknown } | null
  stderr: { write(text: string): unknown } | null
}

export interface ChildEnd {
  code: number | null
  signal: NodeJS.Signals | null
}

/** The terminal sends these to the whole foreground process group: the child gets them without our help. */
const GROUP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGQUIT']
/** These may be sent to this process alone (`kill <pid>`): passed on, so the program ends the way it chooses. */
const FORWARDED_SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP']

export function runChild(command: string, args: string[], options: { cwd: string; streams: ChildStreams }): Promise<ChildEnd> {
  const { streams } = options
  const stdio: StdioOptions = [streams.stdin === null ? 'inherit' : 'pipe', streams.stdout === null ? 'inherit' : 'pipe', streams.stderr === null ? 'inherit' : 'pipe']
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: process.env, stdio })
    if (streams.stdin !== null) (streams.stdin as Readable).pipe(child.stdin as Writable)
    if (streams.stdout !== null) child.stdout!.on('data', (chunk: Buffer) => streams.stdout!.write(chunk.toString()))
    if (streams.stderr !== null) child.stderr!.on('data', (chunk: Buffer) => streams.stderr!.write(chunk.toString()))

    const ignore = () => {}
    const forward = (signal: NodeJS.Signals) => child.kill(signal)
    for (const signal of GROUP_SIGNALS) process.on(signal, ignore)
    for (const signal of FORWARDED_SIGNALS) process.on(signal, forward)
    const cleanUp = () => {
      for (const signal of GROUP_SIGNALS) process.removeListener(signal, ignore)
      for (const signal of FORWARDED_SIGNALS) process.removeListener(signal, forward)
    }
    child.on('error', (error) => {
      cleanUp()
      reject(error)
    })
    child.on('close', (code, signal) => {
      cleanUp()
      resolve({ code, signal })
    })
  })
}
