// Generators: finished, abandoned (never resumed again), left by `break`, never started, `return()` and `throw()`.

function* count(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i
}

function cleanup(): void {}

function* guarded(): Generator<number> {
  try {
    yield 1
    yield 2
  } catch {
    yield -1
  } finally {
    cleanup()
  }
}

const kept: unknown[] = []

function main(): void {
  let sum = 0
  for (const v of count(5)) sum += v // finished: started, then 5 resumes
  console.log(`sum ${sum}`)

  const abandoned = count(100)
  abandoned.next()
  abandoned.next() // started, 1 resume, then left suspended forever
  kept.push(abandoned)

  for (const v of count(10)) if (v === 2) break // started, 2 resumes, then return() from the loop
  kept.push(count(3)) // never started: its body never ran

  const returned = guarded()
  returned.next()
  console.log(JSON.stringify(returned.return(7))) // resumes into the finally: 1 resume, cleanup once

  const thrown = guarded()
  thrown.next()
  console.log(JSON.stringify(thrown.throw(new Error('stop')))) // resumes into the catch, yields -1
  console.log(JSON.stringify(thrown.next())) // resumes, runs the finally
}

main()
