// One simple function of each kind, as the Babel plugin receives it (kinds.instrumented.ts is what it emits).

// a function declaration
export function declaration(a: number): number {
  return a + 1
}

// an arrow function with an expression body
export const arrow = (a: number) => a * 2

export class Point {
  // a class constructor
  constructor(public x: number) {}

  // a method
  method(): number {
    return this.x
  }

  // a getter
  get getter(): number {
    return this.x
  }
}

// an async function
export async function asyncFunction(): Promise<number> {
  await null
  return 1
}

// a generator
export function* generator() {
  yield 1
}
