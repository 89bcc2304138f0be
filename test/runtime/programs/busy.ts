// Says "ready", then stays in a synchronous loop for argv[2] ms (calling an instrumented function), then waits
// 2 s more on a timer (a server going back to its event loop), then ends.

function step(i: number): number {
  return i % 7
}

function busyFor(ms: number): number {
  const end = Date.now() + ms
  let sum = 0
  for (let i = 0; Date.now() < end; i++) sum += step(i)
  return sum
}

process.stdout.write('ready\n', () => {
  busyFor(Number(process.argv[2]))
  setTimeout(() => {}, 2000)
})
