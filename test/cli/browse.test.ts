// `probeprof browse`, driven through stdin as a user would pipe commands into it (the layout of its output is
// checked against `python -m pstats` in test/golden/pstats-layout.test.ts).
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ProfileReport } from '@probeprof/runtime/report'
import { runCli, spawnCli } from '../helpers/cli.js'
import { profileFixture } from '../helpers/reports.js'

let report: ProfileReport
let path: string
let second: string

beforeAll(async () => {
  const run = await profileFixture('fixtures/primes/src/slow.ts')
  report = run.report
  path = run.path
  second = join(run.dir, 'second.json')
  copyFileSync(path, second)
})

async function browse(args: string[], commands: string[], end = '\n') {
  const result = await runCli(['browse', ...args], { stdin: commands.join('\n') + end })
  expect(result.stderr).toBe('')
  expect(result.status).toBe(0)
  return result.stdout
}

const KEY_LIST = [
  'Valid sort keys (unique prefixes are accepted):',
  'calls -- call count',
  'ncalls -- call count',
  'cumtime -- cumulative time',
  'cumulative -- cumulative time',
  'filename -- file name',
  'line -- line number',
  'module -- file name',
  'name -- function name',
  'nfl -- name/file/line',
  'pcalls -- primitive call count',
  'stdname -- standard name',
  'time -- internal time',
  'tottime -- internal time',
].join('\n')

describe('probeprof browse', () => {
  it('greets, prompts with the file name, and says goodbye on quit', async () => {
    const out = await browse([path], ['quit'])
    expect(out).toBe(`Welcome to the profile statistics browser.\n${path}% Goodbye.\n`)
  })

  it('ends at end of input with a new line, as the pstats browser does on EOF', async () => {
    const out = await browse([path], ['sort time'], '')
    expect(out).toBe(`Welcome to the profile statistics browser.\n${path}% ${path}% \nGoodbye.\n`)
  })

  it('lists the valid keys for an unknown or ambiguous one, and sorts by unique prefixes', async () => {
    const out = await browse([path], ['sort bogus', 'sort c', 'sort ti', 'stats 1'])
    expect(out.split(KEY_LIST)).toHaveLength(3)
    expect(out).toContain('   Ordered by: internal time\n')
    const top = report.functions.reduce((a, b) => (b.tottime > a.tottime ? b : a))
    expect(out).toContain(`(${top.name})\n`)
  })

  it('adds a second report: every count doubles', async () => {
    const out = await browse([path], [`add ${second}`, 'sort calls', 'stats isPrime'])
    const isPrime = report.functions.find((fn) => fn.name === 'isPrime')!
    expect(out).toMatch(new RegExp(`^ +${2 * isPrime.calls} .*\\(isPrime\\)$`, 'm'))
    expect(out).toContain(` ${2 * report.meta.totalCalls} function calls`)
  })

  it('merges the files given after the first one', async () => {
    const out = await browse([path, second], ['stats 0'])
    expect(out).toContain(` ${2 * report.meta.totalCalls} function calls`)
  })

  it('keeps going after a report it cannot read, with one line saying why', async () => {
    const out = await browse([path], ['read /no/such/report.json', 'stats 1'])
    expect(out).toContain("cannot read profile '/no/such/report.json': no such file")
    expect(out).toContain(`${report.meta.totalCalls} function calls`)
  })

  it('without a report, says none is loaded', async () => {
    const out = await browse([], ['stats', 'read', 'quit'])
    expect(out).toBe(
      'Welcome to the profile statistics browser.\n% No statistics object is loaded.\n% No statistics object is current -- cannot reload.\n% Goodbye.\n',
    )
  })

  it('strips directories, reverses, and prints in another unit on request', async () => {
    const out = await browse([path], ['strip', 'sort name', 'reverse', 'unit ms', 'stats 2'])
    expect(out).toContain('   Times in milliseconds\n')
    const names = report.functions.map((fn) => fn.name).sort().reverse()
    const rows = out.split('\n').filter((line) => /\.ts:\d+\(/.test(line))
    expect(rows.map((line) => line.replace(/^.*\(|\)$/g, ''))).toEqual(names.slice(0, 2))
    expect(rows.every((line) => !line.includes('/'))).toBe(true)
  })

  it('refuses a first report it cannot read: one line, exit 2', async () => {
    const { status, stdout, stderr } = await runCli(['browse', '/no/such/report.json'], { stdin: 'quit\n' })
    expect(status).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toMatch(/^probeprof: error: cannot read profile '\/no\/such\/report\.json': no such file; [^\n]*\n$/)
  })

  it('reads commands piped to the real process', () => {
    const { status, stdout, stderr } = spawnCli(['browse', path], { input: 'sort cumulative\ncallers isPrime\nquit\n' })
    expect(stderr).toBe('')
    expect(status).toBe(0)
    expect(stdout).toMatch(/^Welcome to the profile statistics browser\.\n/)
    expect(stdout).toMatch(/\(isPrime\) +<- +690 /)
    expect(stdout).toMatch(/% Goodbye\.\n$/)
  })
})
