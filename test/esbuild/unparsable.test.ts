// A file Babel cannot parse does not break the build: it is bundled as written, uninstrumented, with one
// warning that names the file and the reason; the rest of the build is instrumented as usual.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as esbuild from 'esbuild'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { readReport, runNode } from '../helpers/app.js'
import { build, callCounts, copyFixture } from './esbuild-helpers.js'

describe('a file Babel cannot parse', () => {
  it('is bundled uninstrumented with one warning naming it and the reason', async () => {
    const dir = copyFixture('unparsable')
    const options = {
      entryPoints: [join(dir, 'src/main.ts')],
      absWorkingDir: dir,
      bundle: true,
      platform: 'node' as const,
      format: 'esm' as const,
      outExtension: { '.js': '.mjs' },
      loader: { '.js': 'ts' as const },
    }
    await build({ ...options, outdir: join(dir, 'plain') }, undefined)
    const result = await build({ ...options, outdir: join(dir, 'profiled') }, { cache: join(dir, 'cache') })
    expect(result.errors).toEqual([])
    expect(result.warnings.map((warning) => warning.text)).toEqual([expect.stringMatching(/^probeprof: not instrumented: [^\n]+$/)])
    expect(result.warnings[0].pluginName).toBe('probeprof')
    // where esbuild itself stops when it reads the file as JavaScript, as Babel does (by its extension)
    const asJavaScript = await esbuild.transform(readFileSync(join(dir, 'src/legacy.js'), 'utf8'), { loader: 'js', sourcefile: 'src/legacy.js' }).catch((error: esbuild.TransformFailure) => error)
    const expected = (asJavaScript as esbuild.TransformFailure).errors[0]!.location!
    expect(result.warnings[0].location).toMatchObject({ file: 'src/legacy.js', line: expected.line, column: expected.column, lineText: expected.lineText })
    const printed = (await esbuild.formatMessages(result.warnings, { kind: 'warning' })).join('')
    expect(printed).not.toContain('__pp') // no generated code (the importer's instrumented line)
    expect(printed).not.toContain('main.ts')

    const plain = runNode(join(dir, 'plain/main.mjs'))
    const reportPath = join(dir, 'report.json')
    const profiled = runNode(join(dir, 'profiled/main.mjs'), { env: { PROBEPROF_OUT: reportPath } })
    expect(profiled.status, profiled.stderr).toBe(0)
    expect(profiled.stdout).toBe(plain.stdout)
    const counts = callCounts(readReport(reportPath))
    expect(counts).toMatchObject({ 'main.ts:double': 3, 'main.ts:<module>': 1 })
    expect(Object.keys(counts).filter((key) => key.startsWith('legacy.js'))).toEqual([])

    // warm: the verdict comes from the cache, and the warning with it
    const again = await build({ ...options, outdir: join(dir, 'again') }, { cache: join(dir, 'cache') })
    expect(again.warnings.map((warning) => warning.text)).toEqual(result.warnings.map((warning) => warning.text))
  })
})

describe('a file with a syntax error', () => {
  afterEach(() => void vi.restoreAllMocks())

  it("is named once, at esbuild's own position, and not counted as instrumented", async () => {
    const dir = copyFixture('syntax-error')
    const options = { entryPoints: [join(dir, 'src/main.ts')], absWorkingDir: dir, bundle: true, platform: 'node' as const, write: false }
    const plain = await build(options, undefined).catch((error: esbuild.BuildFailure) => error)
    const esbuildError = (plain as esbuild.BuildFailure).errors[0]!
    expect(esbuildError.location).toMatchObject({ file: 'src/broken.ts', line: 5, column: 2 })

    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    const profiled = await build({ ...options, logLevel: 'info' }, { cache: false }).catch((error: esbuild.BuildFailure) => error)
    const summary = stderr.mock.calls.map(([text]) => String(text)).filter((text) => text.startsWith('probeprof: '))
    const failure = profiled as esbuild.BuildFailure
    expect(failure.errors.map((error) => error.location)).toEqual([esbuildError.location])
    expect(failure.warnings).toHaveLength(1)
    const warning = failure.warnings[0]!
    expect(warning.text).toMatch(/^probeprof: not instrumented: [^\n]+$/)
    expect(warning.text).not.toContain('__pp')
    expect(warning.location).toMatchObject({ file: 'src/broken.ts', line: 5, column: 2, lineText: '  )' })
    expect(warning.notes).toEqual([]) // no "triggered by this import" showing main.ts's instrumented line
    expect(summary).toEqual([
      'probeprof: 2 files: 0 from memory, 0 from the cache, 1 instrumented on the main thread, 0 on workers (0 threads); 1 not instrumented (Babel cannot parse it)\n',
    ])
    // printed at logLevel info the way esbuild prints its own messages, the file's own line shown
    const printed = stderr.mock.calls.map(([text]) => String(text)).find((text) => text.includes('[WARNING]'))
    expect(printed).toContain('probeprof: not instrumented:')
    expect(printed).toContain('src/broken.ts:5:2:')
    expect(printed).not.toContain('main.ts')
  })
})
