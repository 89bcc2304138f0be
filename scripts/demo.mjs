// `npm run demo`: the profiling walkthrough on the primes app, every step a real command, shown as it runs.
// Build with probes, run, read the report, find the bottleneck, fix it, measure the difference, ask what next.
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const probeprof = join(root, 'packages/probeprof/bin/probeprof.js')

function title(text) {
  process.stdout.write(`\n\u001b[1m# ${text}\u001b[0m\n`)
}

function run(display, command, args, env = {}) {
  process.stdout.write(`$ ${display}\n`)
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } })
  if (result.status !== 0) {
    process.stderr.write(`demo: '${display}' failed with status ${result.status ?? result.signal}\n`)
    process.exit(1)
  }
}

title('1. Build the app with probes: the esbuild plugin is on when PROBEPROF=1')
run('PROBEPROF=1 node fixtures/primes/build.mjs', process.execPath, ['fixtures/primes/build.mjs'], { PROBEPROF: '1' })

title('2. Run the slow version; it writes probeprof.json when it exits')
run('node fixtures/primes/dist/slow.mjs', process.execPath, ['fixtures/primes/dist/slow.mjs'], { PROBEPROF_OUT: 'probeprof.json' })

title('3. Read it like cProfile: where does the time go, and who calls the bottleneck?')
run('npx probeprof report probeprof.json --sort tottime', process.execPath, [probeprof, 'report', 'probeprof.json', '--sort', 'tottime'])
run("npx probeprof report probeprof.json --callers 'isPrime'", process.execPath, [probeprof, 'report', 'probeprof.json', '--sort', 'tottime', '--callers', 'isPrime'])
process.stdout.write('isPrime takes almost all the time, 690 calls from findPrimes. fast.ts uses isPrime2 (trial division up to √x).\n')

title('4. Run the fixed version and measure the difference, function by function')
run('PROBEPROF_OUT=probeprof-fast.json node fixtures/primes/dist/fast.mjs', process.execPath, ['fixtures/primes/dist/fast.mjs'], { PROBEPROF_OUT: 'probeprof-fast.json' })
run('npx probeprof diff probeprof.json probeprof-fast.json --limit 5', process.execPath, [probeprof, 'diff', 'probeprof.json', 'probeprof-fast.json', '--limit', '5'])

title('5. What next? The advice names the bottleneck, what fixing it can gain, and when to stop')
run('npx probeprof advise probeprof.json --brief', process.execPath, [probeprof, 'advise', 'probeprof.json', '--brief'])
run('npx probeprof advise probeprof-fast.json --brief', process.execPath, [probeprof, 'advise', 'probeprof-fast.json', '--brief'])
