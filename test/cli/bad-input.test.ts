// Every kind of bad input: one line on stderr naming the problem and the fix, exit code 2, nothing on stdout,
// never a stack trace.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/app.js'
import { runCli, spawnCli } from '../helpers/cli.js'
import { profileFixture } from '../helpers/reports.js'

let dir: string
let good: string

beforeAll(async () => {
  const run = await profileFixture('fixtures/primes/src/slow.ts')
  good = run.path
  dir = tempDir('bad-')
  const text = readFileSync(good, 'utf8')
  writeFileSync(join(dir, 'notes.txt'), 'these are\nmy notes\n')
  writeFileSync(join(dir, 'truncated.json'), text.slice(0, Math.floor(text.length / 2)))
  writeFileSync(join(dir, 'empty.json'), '')
  writeFileSync(join(dir, 'future.json'), JSON.stringify({ ...JSON.parse(text), version: 99 }))
  writeFileSync(join(dir, 'other.json'), JSON.stringify({ name: 'some-package', version: '1.0.0' }))
  writeFileSync(join(dir, 'array.json'), '[1, 2, 3]')
  const report = JSON.parse(text)
  const edited = (name: string, edit: (copy: typeof report) => void) => {
    const copy = JSON.parse(text)
    edit(copy)
    writeFileSync(join(dir, name), JSON.stringify(copy))
  }
  edited('string-calls.json', (copy) => (copy.functions[0].calls = '12'))
  edited('no-name.json', (copy) => delete copy.functions[1].name)
  edited('string-wall.json', (copy) => (copy.meta.wallTime = '0.5 s'))
  edited('tree-fn.json', (copy) => (copy.tree.fn[1] = report.functions.length + 5))
  edited('tree-calls.json', (copy) => (copy.tree.calls[2] = null))
  edited('edge-calls.json', (copy) => (copy.edges[0].calls = -3))
  mkdirSync(join(dir, 'reports'))
})

/** [what, argv (with $DIR and $GOOD), the one line expected after "probeprof: error: "] */
const CASES: [string, string[], RegExp][] = [
  ['a missing file', ['report', '$DIR/missing.json'], /^cannot read profile '.*missing\.json': no such file; run the instrumented app first \(it writes probeprof\.json\)$/],
  ['a directory', ['report', '$DIR/reports'], /^cannot read profile '.*reports': it is a directory; pass a report file such as probeprof\.json$/],
  ['a file that is not JSON', ['report', '$DIR/notes.txt'], /^cannot read profile '.*notes\.txt': not valid JSON \(Unexpected token '\w'\); the file may be truncated or not a probeprof report$/],
  ['truncated JSON', ['report', '$DIR/truncated.json'], /^cannot read profile '.*truncated\.json': not valid JSON \(.*\); the file may be truncated or not a probeprof report$/],
  ['an empty file', ['report', '$DIR/empty.json'], /^cannot read profile '.*empty\.json': the file is empty$/],
  ['JSON that is no report', ['report', '$DIR/other.json'], /^cannot read profile '.*other\.json': not a probeprof report \(missing \$schema\)$/],
  ['a JSON array', ['report', '$DIR/array.json'], /^cannot read profile '.*array\.json': not a probeprof report \(expected a JSON object\)$/],
  ['a call count that is a string', ['report', '$DIR/string-calls.json'], /^cannot read profile '.*string-calls\.json': corrupt report: functions\[0\]\.calls must be a number of at least 0, got the string "12"$/],
  ['a function without a name', ['report', '$DIR/no-name.json'], /^cannot read profile '.*no-name\.json': corrupt report: functions\[1\]\.name must be a string, got nothing$/],
  ['a wall time that is a string', ['report', '$DIR/string-wall.json'], /^cannot read profile '.*string-wall\.json': corrupt report: meta\.wallTime must be a number of seconds, got the string "0\.5 s"$/],
  ['a tree node naming a missing function', ['report', '$DIR/tree-fn.json'], /^cannot read profile '.*tree-fn\.json': corrupt report: tree\.fn\[1\] must be the index of a function in the report, got number \d+$/],
  ['a tree count that is null', ['report', '$DIR/tree-calls.json'], /^cannot read profile '.*tree-calls\.json': corrupt report: tree\.calls\[2\] must be a number of at least 0, got null$/],
  ['a negative edge count', ['report', '$DIR/edge-calls.json'], /^cannot read profile '.*edge-calls\.json': corrupt report: edges\[0\]\.calls must be a number of at least 0, got number -3$/],
  ['a future format version', ['report', '$DIR/future.json'], /^cannot read profile '.*future\.json': written by a newer probeprof \(format version 99, this one reads up to 1\); upgrade probeprof$/],
  [
    'an unknown sort key',
    ['report', '$GOOD', '--sort', 'cumtme'],
    /^invalid sort key 'cumtme', maybe you meant 'cumtime'\? \(choose from calls, ncalls, cumtime, cumulative, filename, line, module, name, nfl, pcalls, stdname, time, tottime, memory, memcum; unique prefixes are accepted\)$/,
  ],
  ['an ambiguous sort key', ['report', '$GOOD', '-s', 'n'], /^ambiguous sort key 'n' \(could be ncalls, name, nfl\); valid keys: calls, ncalls, /],
  ['an invalid regex', ['report', '$GOOD', '--filter', 'parse('], /^invalid regular expression 'parse\(' for --filter: Unterminated group$/],
  ['an invalid --callers regex', ['report', '$GOOD', '--callers', '[a-'], /^invalid regular expression '\[a-' for --callers: /],
  ['a negative limit', ['report', '$GOOD', '--limit', '-5'], /^invalid --limit '-5': it cannot be negative; give a row count \(20\) or a fraction below 1 \(0\.1\)$/],
  ['a fraction above 1', ['report', '$GOOD', '--limit', '1.5'], /^invalid --limit '1\.5': a fraction must be below 1 \(0\.25 keeps a quarter\)$/],
  ['a limit that is no number', ['report', '$GOOD', '--limit', 'ten'], /^invalid --limit 'ten': give a row count \(20\) or a fraction below 1 \(0\.1\)$/],
  ['a missing option value', ['report', '$GOOD', '--limit'], /^option '--limit' needs a value \(N\) \(see probeprof report --help\)$/],
  ['an unknown option', ['report', '$GOOD', '--sotr', 'time'], /^unknown option '--sotr', maybe you meant '--sort'\? \(see probeprof report --help\)$/],
  ['a value for a flag', ['report', '$GOOD', '--percent=yes'], /^option '--percent' does not take a value \(see probeprof report --help\)$/],
  ['an unknown unit', ['report', '$GOOD', '--unit', 'msec'], /^invalid --unit 'msec', maybe you meant 'ms'\? \(choose from s, ms, us, auto\)$/],
  ['options that do not go together', ['report', '$GOOD', '--async', '--callers'], /^--async cannot be used with --callers or --callees; run them separately$/],
  ['no report at all', ['report'], /^report needs at least one report file, e.g\. probeprof report probeprof\.json$/],
  ['an unknown command', ['reprot', '$GOOD'], /^unknown command 'reprot', maybe you meant 'report'\? \(choose from [a-z, ]+; see probeprof --help\)$/],
  ['one report for diff', ['diff', '$GOOD'], /^diff needs exactly two reports, the base and the new one \(got 1\), e\.g\. probeprof diff before\.json after\.json$/],
  ['an unknown diff order', ['diff', '$GOOD', '$GOOD', '--sort', 'memory'], /^invalid diff sort key 'memory' \(choose from tottime, cumtime, calls\)$/],
  ['a bad --fail-above', ['diff', '$GOOD', '$GOOD', '--fail-above', 'lots'], /^invalid --fail-above 'lots': give a percentage such as 5 or 5%$/],
  ['no script to run', ['run'], /^run needs a script to run, e.g\. probeprof run src\/main\.ts$/],
  ['a missing script', ['run', '$DIR/app.ts'], /^cannot run '.*app\.ts': no such file$/],
  ['a directory as script', ['run', '$DIR/reports'], /^cannot run '.*reports': it is a directory; give the script to run, e\.g\. probeprof run .*reports\/main\.ts$/],
  ['an unknown clock', ['run', '--clock', 'cpu', '$GOOD'], /^invalid --clock 'cpu' \(choose from auto, precise, fast, sampled, counts\)$/],
]

const expand = (argv: string[]) => argv.map((arg) => arg.replace('$DIR', dir).replace('$GOOD', good))

describe('bad input: one line, exit 2, no stack trace', () => {
  it.each(CASES)('%s', async (_, argv, message) => {
    const { status, stdout, stderr } = await runCli(expand(argv))
    expect(status).toBe(2)
    expect(stdout).toBe('')
    expect(stderr.endsWith('\n')).toBe(true)
    expect(stderr.split('\n')).toHaveLength(2) // one line and the final newline
    expect(stderr).toMatch(/^probeprof: error: /)
    expect(stderr.slice('probeprof: error: '.length, -1)).toMatch(message)
  })

  it.each([
    ['truncated JSON', ['report', '$DIR/truncated.json']],
    ['an unknown option', ['report', '$GOOD', '--frobnicate']],
    ['an unknown command', ['frobnicate']],
    ['a negative limit', ['report', '$GOOD', '--limit', '-1']],
  ])('the real process exits 2 on %s, with no trace of our internals', (_, argv) => {
    const { status, stdout, stderr } = spawnCli(expand(argv))
    expect(status).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toMatch(/^probeprof: error: [^\n]+\n$/)
    expect(stderr).not.toMatch(/\bat .*\.js:\d+|node:internal/)
  })

  it('prints the stack of an internal error only with PROBEPROF_DEBUG=1', () => {
    // a report whose tree is not an object reaches code that assumes one: a bug, reported as such
    const broken = join(dir, 'broken-tree.json')
    writeFileSync(broken, JSON.stringify({ ...JSON.parse(readFileSync(good, 'utf8')), tree: 5 }))
    const quiet = spawnCli(['report', broken])
    expect(quiet.status).toBe(2)
    expect(quiet.stderr).toMatch(/^probeprof: error: [^\n]+\n$/)
    const debug = spawnCli(['report', broken], { env: { PROBEPROF_DEBUG: '1' } })
    expect(debug.status).toBe(2)
    expect(debug.stderr.split('\n').length).toBeGreaterThan(2)
  })
})
