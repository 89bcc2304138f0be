// Call-heavy workload 2: small methods, constructors and a getter on a few classes (cProfile's "class-heavy").
import { runTimed } from './timed.js'

class Vec {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
  add(other: Vec): Vec {
    return new Vec(this.x + other.x, this.y + other.y)
  }
  scale(k: number): Vec {
    return new Vec(this.x * k, this.y * k)
  }
  get length(): number {
    return Math.sqrt(this.x * this.x + this.y * this.y)
  }
}

class Particle {
  pos: Vec
  vel: Vec
  constructor(i: number) {
    this.pos = new Vec(i, -i)
    this.vel = new Vec(1 / (i + 1), 0.5)
  }
  step(dt: number): number {
    this.pos = this.pos.add(this.vel.scale(dt))
    return this.pos.length
  }
}

const particles = Number(process.argv[2] ?? 1000)
const steps = Number(process.argv[3] ?? 30)

function simulate(): number {
  const all: Particle[] = []
  for (let i = 0; i < particles; i++) all.push(new Particle(i))
  let sum = 0
  for (let s = 0; s < steps; s++) for (const p of all) sum += p.step(0.01)
  return sum
}

// Calls per run, counted by reading the code above: simulate 1; per particle: Particle 1 + 2 Vec; per step:
// step 1 + scale 1 + Vec 1 + add 1 + Vec 1 + get length 1.
runTimed(simulate, 1 + particles * 3 + particles * steps * 6)
