// The plugin instruments the original TypeScript, so rows carry its lines, and esbuild then compiles the result
// with the user's tsconfig: legacy decorators, parameter properties and class-field semantics behave exactly as
// in the plain build. Source maps still lead from the bundle back to the TypeScript.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ProfileReport } from '@probeprof/runtime/report'
import { readReport, runNode } from '../helpers/app.js'
import { build, copyFixture } from './esbuild-helpers.js'

/** 1-based line of the first line of `file` containing `text`. */
function lineOf(file: string, text: string): number {
  const index = readFileSync(file, 'utf8').split('\n').findIndex((line) => line.includes(text))
  if (index === -1) throw new Error(`'${text}' not in ${file}`)
  return index + 1
}

describe('TypeScript through the user tsconfig', () => {
  let dir: string
  beforeAll(() => {
    dir = copyFixture('tsconfig')
  })

  async function buildAndRun(name: string, tsconfigRaw?: string): Promise<{ plain: string; profiled: string; report: ProfileReport }> {
    const options = {
      entryPoints: [join(dir, 'src/main.ts')],
      absWorkingDir: dir,
      bundle: true,
      platform: 'node' as const,
      format: 'esm' as const,
      outExtension: { '.js': '.mjs' },
      ...(tsconfigRaw === undefined ? {} : { tsconfigRaw }),
    }
    await build({ ...options, outdir: join(dir, name, 'plain') }, undefined)
    await build({ ...options, outdir: join(dir, name, 'profiled') }, { cache: false })
    const plain = runNode(join(dir, name, 'plain/main.mjs'))
    const reportPath = join(dir, name, 'report.json')
    const profiled = runNode(join(dir, name, 'profiled/main.mjs'), { env: { PROBEPROF_OUT: reportPath } })
    expect(plain.status, plain.stderr).toBe(0)
    expect(profiled.status, profiled.stderr).toBe(0)
    return { plain: plain.stdout, profiled: profiled.stdout, report: readReport(reportPath) }
  }

  it('tsconfig.json (legacy decorators, useDefineForClassFields: false): same behaviour, rows on the TS lines', async () => {
    const { plain, profiled, report } = await buildAndRun('from-file')
    expect(profiled).toBe(plain)
    const output = JSON.parse(profiled) as { log: string[]; results: number[]; own: string[] }
    expect(output.results).toEqual([3, 6, 15])
    expect(output.log).toContain('Base setter 1') // fields assigned: the tsconfig was applied
    expect(output.log).toContain('call scaled(2)') // the legacy decorator ran
    expect(output.own).toEqual(['count', 'label', 'scale'])

    const source = join(dir, 'src/main.ts')
    const scaled = report.functions.find((fn) => fn.name.endsWith('scaled') && !fn.name.includes('<anonymous>'))!
    expect(scaled.file).toBe('src/main.ts')
    // the declaration as written: its decorator's line (where Python's co_firstlineno puts it) or the name's
    expect([lineOf(source, '@logged'), lineOf(source, 'scaled(x: number)')]).toContain(scaled.line)
    expect(scaled.calls).toBe(3)
    const setter = report.functions.find((fn) => fn.line === lineOf(source, 'set value('))!
    expect(setter.calls).toBe(1)
    const constructor = report.functions.find((fn) => fn.line === lineOf(source, 'constructor('))!
    expect(constructor.calls).toBe(1)
  })

  it('tsconfigRaw with useDefineForClassFields: true: fields are defined, the setter never runs', async () => {
    const { plain, profiled, report } = await buildAndRun(
      'define',
      JSON.stringify({ compilerOptions: { experimentalDecorators: true, useDefineForClassFields: true } }),
    )
    expect(profiled).toBe(plain)
    expect((JSON.parse(profiled) as { log: string[] }).log).not.toContain('Base setter 1')
    expect(report.functions.find((fn) => fn.line === lineOf(join(dir, 'src/main.ts'), 'set value('))).toBeUndefined()
  })
})

describe('source maps', () => {
  it('an exception from instrumented TS reports the TS line under --enable-source-maps, as the plain build does', async () => {
    const dir = copyFixture('sourcemap')
    const options = {
      entryPoints: [join(dir, 'src/main.ts')],
      absWorkingDir: dir,
      bundle: true,
      platform: 'node' as const,
      format: 'esm' as const,
      outExtension: { '.js': '.mjs' },
      sourcemap: true,
    }
    await build({ ...options, outdir: join(dir, 'plain') }, undefined)
    await build({ ...options, outdir: join(dir, 'profiled') }, { cache: false })
    const run = (script: string) =>
      spawnSync(process.execPath, ['--enable-source-maps', script], {
        encoding: 'utf8',
        env: { ...process.env, PROBEPROF_OUT: join(dir, 'report.json'), PROBEPROF_QUIET: '1' },
      })
    const plain = run(join(dir, 'plain/main.mjs'))
    const profiled = run(join(dir, 'profiled/main.mjs'))
    expect(profiled.status).toBe(1)

    const source = join(dir, 'src/check.ts')
    const line = lineOf(source, 'throw new RangeError')
    const column = readFileSync(source, 'utf8').split('\n')[line - 1].indexOf('new RangeError') + 1
    const frame = (stderr: string) => /at checkDepth \((.*)\)/.exec(stderr)?.[1]
    expect(frame(profiled.stderr)).toBe(`${source}:${line}:${column}`)
    expect(frame(plain.stderr)).toBe(frame(profiled.stderr))
    expect(profiled.stderr).toContain('RangeError: depth 7 exceeds 5')
    // and the caller's frame, in the other file, too
    const callerLine = lineOf(join(dir, 'src/main.ts'), 'checkDepth(tree.depth)')
    expect(profiled.stderr).toContain(`${join(dir, 'src/main.ts')}:${callerLine}:`)
  })
})
