#!/usr/bin/env node
import { main } from '../dist/cli.js'

// `probeprof report … | head` closes the pipe early: stop quietly, as Unix tools do.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0)
  throw error
})
const status = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin })
// `probeprof run` of a program killed by a signal dies of the same signal, as a shell would see it.
if (typeof status === 'string') process.kill(process.pid, status)
else process.exitCode = status
