// Starts one worker of its own and prints its threadId: ids count up from 1 per process, so the id tells how many
// threads (ours included) were started before it.
import { Worker } from 'node:worker_threads'

function main(): void {
  const worker = new Worker('process.exit(0)', { eval: true })
  console.log(worker.threadId)
}

main()
