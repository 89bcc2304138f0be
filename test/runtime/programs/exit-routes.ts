// Ends by the route named in argv[2]; before that it makes a known number of calls, so a report that reaches the
// disk can be checked for completeness.

function leaf(i: number): number {
  return i & 1
}

function work(n: number): number {
  let sum = 0
  for (let i = 0; i < n; i++) sum += leaf(i)
  return sum
}

function exitFromDeep(depth: number): void {
  if (depth === 0) process.exit(3)
  exitFromDeep(depth - 1)
}

function throwFromDeep(depth: number): void {
  if (depth === 0) throw new Error('uncaught on purpose')
  throwFromDeep(depth - 1)
}

async function rejectLater(): Promise<void> {
  await null
  throw new Error('rejected on purpose')
}

function tick(): void {
  work(1)
}

function main(route: string): void {
  work(100)
  if (route === 'exit') exitFromDeep(3)
  if (route === 'uncaught') throwFromDeep(3)
  if (route === 'rejection') void rejectLater()
  if (route === 'self-signal') {
    process.kill(process.pid, 'SIGTERM') // pending until the loop turns; the program ends before that
    work(100)
  }
  if (route === 'signal') {
    setInterval(tick, 5)
    console.log('ready')
  }
}

main(process.argv[2] ?? 'normal')
