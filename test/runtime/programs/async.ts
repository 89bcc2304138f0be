// Async: two chains alternating on the microtask queue, a Promise.all fan-out, and `for await` over an async generator.

const order: string[] = []

function step(name: string): void {
  order.push(name)
}

async function worker(name: string, steps: number): Promise<number> {
  for (let i = 0; i < steps; i++) {
    await null
    step(name)
  }
  return steps
}

async function leaf(i: number): Promise<number> {
  await null
  return i * 2
}

async function fanOut(width: number): Promise<number> {
  const pending: Promise<number>[] = []
  for (let i = 0; i < width; i++) pending.push(leaf(i))
  const values = await Promise.all(pending)
  return values.reduce((a, b) => a + b, 0)
}

async function* ticks(n: number): AsyncGenerator<number> {
  for (let i = 0; i < n; i++) {
    await null
    yield i
  }
}

async function consume(): Promise<number> {
  let sum = 0
  for await (const v of ticks(3)) {
    step('t')
    sum += v
  }
  return sum
}

async function main(): Promise<void> {
  const done = await Promise.all([worker('a', 3), worker('b', 3)])
  console.log(`order ${order.join('')} ${done.join(',')}`)
  console.log(`fan-out ${await fanOut(10)}`)
  console.log(`for await ${await consume()}`)
}

void main()
