// Child processes: the parent runs this same file twice as a child; every process does childTask(30).
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

function childTask(n: number): number {
  let sum = 0
  for (let i = 0; i < n; i++) sum += i
  return sum
}

function main(): void {
  childTask(30)
  if (process.argv[2] === 'child') return
  const pids: number[] = [process.pid]
  for (let i = 0; i < 2; i++) {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), 'child', '--print-pid'], { encoding: 'utf8' })
    pids.push(Number(child.stdout.trim()))
  }
  console.log(JSON.stringify(pids))
}

main()
if (process.argv[3] === '--print-pid') console.log(process.pid)
