// `npm run demo`: the profiling walkthrough on the primes app, every step a real command, shown as it runs.
// Build with probes, run, read the report, find the bottleneck, fix it, measure again.
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const probeprof = join(root, 'packages/probeprof/bin/probeprof.js')

function step(title, display, command, args, env = {}) {
  process.stdout.write(`\n\u001b[1m# ${title}\u001b[0m\n$ ${display}\n`)
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } })
  if (result.status !== 0) {
    process.stderr.write(`demo: '${display}' failed with status ${result.status ?? result.signal}\n`)
    process.exit(1)
  }
}

step('1. Build the app with probes: the esbuild plugin is on when PROBEPROF=1', 'PROBEPROF=1 node fixtures/primes/build.mjs', process.execPath, ['fixtures/primes/build.mjs'], { PROBEPROF: '1' })
step('2. Run the slow version; it writes probeprof.json when it exits', 'node fixtures/primes/dist/slow.mjs', process.execPath, ['fixtures/primes/dist/slow.mjs'], { PROBEPROF_OUT: 'probeprof.json' })
step('3. Read it like cProfile: where does the time go?', 'npx probeprof report probeprof.json --sort tottime', process.execPath, [probeprof, 'report', 'probeprof.json', '--sort', 'tottime'])
process.stdout.write('isPrime takes almost all the time. fast.ts uses isPrime2 (trial division up to √x) instead.\n')
step('4. Run the fixed version', 'PROBEPROF_OUT=probeprof-fast.json node fixtures/primes/dist/fast.mjs', process.execPath, ['fixtures/primes/dist/fast.mjs'], { PROBEPROF_OUT: 'probeprof-fast.json' })
step('5. Measure again', 'npx probeprof report probeprof-fast.json --sort tottime', process.execPath, [probeprof, 'report', 'probeprof-fast.json', '--sort', 'tottime'])
step('6. Who calls the bottleneck, and what it costs per caller', "npx probeprof report probeprof.json --callers 'isPrime'", process.execPath, [probeprof, 'report', 'probeprof.json', '--sort', 'tottime', '--callers', 'isPrime'])
