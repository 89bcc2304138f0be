// A short script: 1,000 calls of one function, then exit. What a process pays at start and exit dominates it.
function add(a: number, b: number): number {
  return a + b
}
let sum = 0
for (let i = 0; i < 1000; i++) sum = add(sum, i)
console.log(sum)
