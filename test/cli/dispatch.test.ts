// The dispatcher: every command from one table, help generated from the records, one-line usage errors.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../helpers/app.js'
import { runCli, spawnCli } from '../helpers/cli.js'

describe('probeprof dispatcher', () => {
  it('lists every command with its summary in --help', async () => {
    const { status, stdout } = await runCli(['--help'])
    expect(status).toBe(0)
    expect(stdout).toMatch(/^usage: probeprof <command> \[options\]\n/)
    expect(stdout).toMatch(/^ {2}report +print a report in cProfile's layout/m)
  })

  it('prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'packages/probeprof/package.json'), 'utf8')) as { version: string }
    expect((await runCli(['--version'])).stdout).toBe(`probeprof ${version}\n`)
  })

  it('treats no command as a usage error: help on stderr, exit 2', async () => {
    const { status, stdout, stderr } = await runCli([])
    expect(status).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toMatch(/^usage: probeprof <command>/)
  })

  it('rejects an unknown command in one line, with the closest one, exit 2 (spawned)', () => {
    const { status, stdout, stderr } = spawnCli(['reprot', 'probeprof.json'])
    expect(status).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toMatch(/^probeprof: error: unknown command 'reprot', maybe you meant 'report'\? \(choose from [a-z, ]+; see probeprof --help\)\n$/)
  })

  it('shows a command\'s options, generated from its option table', async () => {
    const { status, stdout } = await runCli(['report', '--help'])
    expect(status).toBe(0)
    expect(stdout).toMatch(/^usage: probeprof report <file\.\.\.>/)
    expect(stdout).toMatch(/^ {2}-s, --sort KEY \[KEY\.\.\.\] +sort by pstats keys/m)
    expect(stdout).toMatch(/^ {6}--callers \[REGEX\] +show who called/m)
  })
})
