// Async: two chains alternating on the microtask queue, and a Promise.all fan-out.

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

async function main(): Promise<void> {
  const done = await Promise.all([worker('a', 3), worker('b', 3)])
  console.log(`order ${order.join('')} ${done.join(',')}`)
  console.log(`fan-out ${await fanOut(10)}`)
}

void main()
