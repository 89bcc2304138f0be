// Sync call patterns with counts a reader can work out by hand: recursion, mutual recursion, exceptions through
// several frames, a stack overflow caught by user code, and calls after it.

export function fib(n: number): number {
  return n < 2 ? n : fib(n - 1) + fib(n - 2)
}

function isEven(n: number): boolean {
  return n === 0 ? true : isOdd(n - 1)
}

function isOdd(n: number): boolean {
  return n === 0 ? false : isEven(n - 1)
}

function thrower(depth: number): number {
  if (depth === 0) throw new Error('boom')
  return thrower(depth - 1) + 1
}

function catcher(times: number): number {
  let caught = 0
  for (let i = 0; i < times; i++) {
    try {
      thrower(3)
    } catch {
      caught++
    }
  }
  return caught
}

let deepest = -1

function deep(n: number): number {
  deepest = n
  return deep(n + 1) + 1
}

function overflow(): string {
  try {
    deep(0)
  } catch (error) {
    return error instanceof RangeError ? 'RangeError' : String(error)
  }
  return 'no overflow'
}

function after(): number {
  return 1
}

function afterOverflow(times: number): number {
  let sum = 0
  for (let i = 0; i < times; i++) sum += after()
  return sum
}

function main(): void {
  console.log(`fib(12) = ${fib(12)}`)
  console.log(`isEven(10) = ${isEven(10)}`)
  console.log(`caught ${catcher(7)}`)
  console.log(`overflow: ${overflow()}`)
  console.log(`after: ${afterOverflow(10)}`)
  // The depth differs with and without probes (bigger frames), so it goes to stderr, not into the compared output.
  console.error(`deepest ${deepest}`)
}

main()
