// `probeprof run`: real child processes. The program must see what `node script` would show it, and end the
// same way; the table comes after its output.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ProfileReport } from '@probeprof/runtime/report'
import { repoRoot, tempDir } from '../helpers/app.js'
import { probeprofBin, runCli, spawnCli } from '../helpers/cli.js'
import { tableRows } from '../helpers/reports.js'

const fixtures = join(repoRoot, 'test/cli/fixtures/run')
const cleanEnv = { PROBEPROF: undefined, PROBEPROF_QUIET: undefined, PROBEPROF_OUT: undefined, PROBEPROF_ROOT_PID: undefined }

function fibCalls(n: number): number {
  return n < 2 ? 1 : 1 + fibCalls(n - 1) + fibCalls(n - 2)
}

/** What the program printed, and the table probeprof printed after it. */
function split(stdout: string): { program: string; table: string } {
  const at = stdout.search(/^ {3}wall time /m)
  return at < 0 ? { program: stdout, table: '' } : { program: stdout.slice(0, at), table: stdout.slice(at) }
}

describe('probeprof run', () => {
  it('gives the program the argv, stdin, environment and cwd of a plain run, and its exit code', () => {
    const args = ['--limit', '5', '-o', 'x.json', 'plain words', '--exit-code', '7']
    const env = { ...process.env, ...cleanEnv, PROBEPROF_TEST_MARK: 'äöü value' }
    const cwd = join(repoRoot, 'test')
    const input = 'first line\nsecond line\n'
    const plain = spawnSync(process.execPath, [join(fixtures, 'echo.mjs'), ...args], { cwd, env, input, encoding: 'utf8' })
    const profiled = spawnCli(['run', join(fixtures, 'echo.mjs'), ...args], { cwd, env: { ...cleanEnv, PROBEPROF_TEST_MARK: 'äöü value' }, input })
    expect(plain.status).toBe(7)
    expect(profiled.status).toBe(7)
    const { program, table } = split(profiled.stdout)
    expect(program).toBe(plain.stdout)
    expect(JSON.parse(plain.stdout.split('\n')[0]).env.PROBEPROF_TEST_MARK).toBe('äöü value')
    expect(profiled.stderr).toBe(plain.stderr)
    // paths are relative to the working directory, as the program saw it
    expect(table).toMatch(/ {8}1 .* cli\/fixtures\/run\/echo\.mjs:\d+\(shout\)\n/)
  })

  it('prints the table sorted by cumulative time after the output, with exact counts of TypeScript code', () => {
    const { status, stdout, stderr } = spawnCli(['run', 'test/cli/fixtures/run/counts.ts'])
    expect(stderr).toBe('')
    expect(status).toBe(0)
    const { program, table } = split(stdout)
    expect(program).toBe('total 4900, fib(12) = 144\n')
    expect(table).toContain('   Ordered by: cumulative time\n')
    const rows = new Map(tableRows(table).map((row) => [row.name.replace(/^.*\(|\)$/g, ''), row.ncalls]))
    expect(rows.get('fib')).toBe(`${fibCalls(12)}/1`)
    expect(rows.get('Square.area')).toBe('25')
    expect(rows.get('Square.constructor')).toBe('25')
    expect(rows.get('total')).toBe('1')
    const cum = tableRows(table).map((row) => Number(row.cells[2]))
    expect(cum).toEqual(cum.slice().sort((a, b) => b - a))
  })

  it('profiles a script outside the working directory: its own project is instrumented', () => {
    const cwd = tempDir('run-elsewhere-')
    const { status, stdout, stderr } = spawnCli(['run', '-o', 'elsewhere.json', join(repoRoot, 'test/cli/fixtures/run/counts.ts')], { cwd })
    expect(stderr).toContain('probeprof: wrote elsewhere.json (')
    expect(status).toBe(0)
    expect(stdout).toBe('total 4900, fib(12) = 144\n')
    const report = JSON.parse(readFileSync(join(cwd, 'elsewhere.json'), 'utf8')) as ProfileReport
    const fib = report.functions.find((fn) => fn.name === 'fib')!
    expect([fib.calls, fib.primitiveCalls]).toEqual([fibCalls(12), 1])
    expect(fib.file).toBe('test/cli/fixtures/run/counts.ts') // relative to the script's project, the nearest package.json
  })

  it('ends the table with the advice: the 80 % set of the calls, exact in counts mode', () => {
    const { status, stdout } = spawnCli(['run', '--clock', 'counts', 'test/cli/fixtures/run/counts.ts'])
    expect(status).toBe(0)
    const { table } = split(stdout)
    const calls = tableRows(table).map((row) => Number(row.ncalls.split('/')[0]))
    const total = calls.reduce((sum, n) => sum + n, 0)
    // fib(12) makes 465 of the calls, more than 80 % of them alone: the Pareto set is fib
    expect(fibCalls(12) / total).toBeGreaterThan(0.8)
    const advice = table.slice(table.indexOf('probeprof advise: '))
    const share = `${((100 * fibCalls(12)) / total).toFixed(1)}%`
    expect(advice.split('\n')[0]).toBe(
      `probeprof advise: 1 of ${calls.length} functions make ${share} of the calls (Pareto line 80%): fib (test/cli/fixtures/run/counts.ts:13) ${share}`,
    )
    expect(advice).toContain('All of it: probeprof run -o profile.json …, then probeprof advise profile.json\n')
  })

  it('sorts by -s KEY and keeps --limit rows', () => {
    const { stdout } = spawnCli(['run', '-s', 'calls', '--limit', '2', 'test/cli/fixtures/run/counts.ts'])
    expect(stdout).toContain('   Ordered by: call count\n')
    expect(tableRows(stdout).map((row) => row.name.replace(/^.*\(|\)$/g, ''))).toEqual(['fib', expect.stringMatching(/^Square\.|total\.<anonymous>/)])
  })

  it('lets an uncaught exception through with a stack trace at the TypeScript lines, exit 1, and still prints the table', () => {
    const { status, stdout, stderr } = spawnCli(['run', 'test/cli/fixtures/run/counts.ts', 'fail'])
    expect(status).toBe(1)
    const source = readFileSync(join(fixtures, 'counts.ts'), 'utf8').split('\n')
    const throwLine = source.findIndex((line) => line.includes('throw new Error(message)')) + 1
    expect(stderr).toContain('Error: requested failure\n')
    expect(stderr).toMatch(new RegExp(`at fail \\(${fixtures.replace(/[/.]/g, '\\$&')}/counts\\.ts:${throwLine}:\\d+\\)`))
    expect(tableRows(split(stdout).table).some((row) => row.name.endsWith('(fail)'))).toBe(true)
  })

  it('exits with the code the program passes to process.exit', () => {
    expect(spawnCli(['run', 'test/cli/fixtures/run/counts.ts', 'exit', '3']).status).toBe(3)
  })

  it.each([
    ['SIGTERM sent to probeprof alone (kill <pid>)', 'SIGTERM', false],
    ['SIGINT sent to the whole process group (Ctrl-C)', 'SIGINT', true],
  ] as const)('%s: the program gets it, writes its report and dies of it; so does probeprof, after the table', async (_, signal, toGroup) => {
    const child = spawn(process.execPath, [probeprofBin, 'run', 'test/cli/fixtures/run/wait.ts'], {
      cwd: repoRoot,
      env: { ...process.env, ...cleanEnv },
      detached: toGroup, // its own process group, so the test can signal the group as a terminal would
    })
    let stdout = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, sig) => resolve({ code, signal: sig })))
    await new Promise<void>((resolve) => child.stdout.on('data', () => stdout.includes('ready\n') && resolve()))
    if (toGroup) process.kill(-child.pid!, signal)
    else child.kill(signal)
    const end = await ended
    expect(end).toEqual({ code: null, signal })
    const { program, table } = split(stdout)
    expect(program).toBe('ready\n')
    expect(table).toMatch(/ {8}1 .*\(ready\)\n/)
    expect(table).toMatch(/\(tick\)\n/)
  })

  it('runs CommonJS scripts as CommonJS: require.main, __filename, __dirname', () => {
    const { status, stdout } = spawnCli(['run', 'test/cli/fixtures/run/legacy.cjs'])
    expect(status).toBe(0)
    expect(JSON.parse(split(stdout).program)).toEqual({ main: true, file: 'legacy.cjs', dir: 'run' })
  })

  it('writes the report to -o FILE instead of printing the table', () => {
    const out = join(tempDir('run-out-'), 'profile.json')
    const { status, stdout, stderr } = spawnCli(['run', '-o', out, 'test/cli/fixtures/run/counts.ts'])
    expect(status).toBe(0)
    expect(stdout).toBe('total 4900, fib(12) = 144\n')
    expect(stderr).toMatch(/^probeprof: wrote .*profile\.json \([\d,]+ calls in \d+ functions\); read it with: npx probeprof report /)
    const report = JSON.parse(readFileSync(out, 'utf8')) as ProfileReport
    expect(report.functions.find((fn) => fn.name === 'fib')!.calls).toBe(fibCalls(12))
    expect(report.functions.find((fn) => fn.name === 'fib')!.file).toBe('test/cli/fixtures/run/counts.ts')
  })

  it('ignores PROBEPROF_* variables that would send the report elsewhere or turn recording off', () => {
    const elsewhere = join(tempDir('run-env-'), 'elsewhere.json')
    const { status, stdout } = spawnCli(['run', 'test/cli/fixtures/run/counts.ts'], { env: { PROBEPROF: '0', PROBEPROF_OUT: elsewhere } })
    expect(status).toBe(0)
    expect(split(stdout).table).toMatch(/\(fib\)\n/)
    expect(existsSync(elsewhere)).toBe(false)
  })

  it('profiles node_modules only with --node-modules', () => {
    const without = spawnCli(['run', 'test/cli/fixtures/run/uses-dependency.ts'])
    const withDeps = spawnCli(['run', '--node-modules', 'test/cli/fixtures/run/uses-dependency.ts'])
    expect(split(without.stdout).program).toBe('src/a.ts src/deep/b.ts\n')
    expect(split(withDeps.stdout).program).toBe('src/a.ts src/deep/b.ts\n')
    expect(tableRows(split(without.stdout).table).every((row) => !row.name.includes('node_modules'))).toBe(true)
    expect(tableRows(split(withDeps.stdout).table).some((row) => row.name.startsWith('node_modules/picomatch/'))).toBe(true)
  })

  it('reports a script that does not build on one line, exit 2, without running it', () => {
    const { status, stdout, stderr } = spawnCli(['run', 'test/cli/fixtures/run/syntax-error.ts'])
    expect(status).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toMatch(/^probeprof: error: cannot build 'test\/cli\/fixtures\/run\/syntax-error\.ts': test\/cli\/fixtures\/run\/syntax-error\.ts:2:0: Unexpected end of file\n$/)
  })

  it('passes the streams given to main() through pipes when they are not the process\'s own', async () => {
    const { status, stdout, stderr } = await runCli(['run', join(fixtures, 'echo.mjs'), '--exit-code', '4'], { stdin: 'piped in\n' })
    expect(status).toBe(4)
    const { program, table } = split(stdout)
    expect(program.split('\n')[1]).toBe('PIPED IN')
    expect(stderr).toBe('to stderr\n')
    expect(table).toMatch(/\(shout\)\n/)
  })

  it('refuses a missing script on one line, exit 2', () => {
    const { status, stderr } = spawnCli(['run', 'no/such/script.ts', '--flag'])
    expect(status).toBe(2)
    expect(stderr).toBe("probeprof: error: cannot run 'no/such/script.ts': no such file\n")
  })
})
