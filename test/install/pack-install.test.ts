// The packages as a user gets them: `npm pack` of every workspace, the tarballs installed together into a fresh
// project in the system temporary directory (outside this repository, so nothing resolves through its
// node_modules), and the README's "Profile your own app" section run there as written: its install line (package
// names replaced by their tarballs), its build script, its commands, in a project without a `type`, with
// "commonjs" and with "module". The test reads the README, so it breaks when the README drifts from what works.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import ts from 'typescript'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { repoRoot } from '../helpers/app.js'
import { tableRows } from '../helpers/reports.js'

interface PackageJson {
  name: string
  main?: string
  types?: string
  bin?: Record<string, string>
  exports?: Record<string, unknown>
  dependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
}

interface Packed {
  dir: string
  manifest: PackageJson
  tarball: string
  /** paths inside the tarball, relative to the package */
  files: string[]
}

// The user's app: fib(0) … fib(6) make 1+1+3+5+9+15+25 calls, 7 of them primitive; Counter.add runs 7 times. It
// imports a Node built-in as real apps do: the bundle then has a require(), which only runs as CommonJS.
const APP = `import { format } from 'node:util'
class Counter {
  count = 0
  add(n: number): void { this.count += n }
}
function fib(n: number): number { return n < 2 ? n : fib(n - 1) + fib(n - 2) }
const counter = new Counter()
for (let i = 0; i < 7; i++) counter.add(fib(i))
console.log(format('total %d', counter.count))
`

/** The app's package.json `type`, each as a user's project may have it; `npm init -y` writes "commonjs". */
const PROJECT_TYPES: { label: string; type: string | undefined }[] = [
  { label: 'no "type" (CommonJS by default)', type: undefined },
  { label: '"type": "commonjs"', type: 'commonjs' },
  { label: '"type": "module"', type: 'module' },
]
const callsOfFib = (n: number): number => (n < 2 ? 1 : 1 + callsOfFib(n - 1) + callsOfFib(n - 2))

let work: string
let project: string
const packed: Packed[] = []

/** The user's shell: none of vitest's npm_* variables, no probeprof switches from the test run. */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm_|PROBEPROF|NODE_OPTIONS$|INIT_CWD$|VITEST)/i.test(key)) env[key] = value
  }
  return { ...env, ...extra }
}

function run(command: string, args: string[], cwd: string, env = userEnv()): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 120_000 })
  if (result.error) throw result.error
  return result
}

function succeed(command: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): string {
  const result = run(command, args, cwd, env)
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stderr}`)
  return result.stdout
}

/** The README's "Profile your own app" section: its code blocks in order, with their fence's language. */
function readmeSection(): { lang: string; text: string }[] {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8')
  const start = readme.indexOf('\n## Profile your own app\n')
  expect(start).toBeGreaterThan(0)
  const end = readme.indexOf('\n## ', start + 1)
  const section = readme.slice(start, end)
  return [...section.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((match) => ({ lang: match[1]!, text: match[2]! }))
}

function exportTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(exportTargets)
  return []
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'probeprof-install-'))
  const workspaces = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces
  for (const workspace of workspaces) {
    const dir = join(repoRoot, workspace)
    const [info] = JSON.parse(succeed('npm', ['pack', '--json', '--pack-destination', work], dir)) as { filename: string; files: { path: string }[] }[]
    packed.push({
      dir,
      manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson,
      tarball: join(work, info!.filename),
      files: info!.files.map((file) => file.path),
    })
  }
  project = join(work, 'my-app')
  mkdirSync(join(project, 'src'), { recursive: true })
  succeed('npm', ['init', '-y'], project)
  writeFileSync(join(project, 'src/main.ts'), APP)
}, 120_000)

afterAll(() => {
  if (work !== undefined) rmSync(work, { recursive: true, force: true })
})

describe('npm pack: what each package ships', () => {
  it('its exports, types, main and bin, and no compiled tests or build-state files', () => {
    expect(packed.map((p) => p.manifest.name).sort()).toEqual([
      '@probeprof/babel-plugin', '@probeprof/esbuild', '@probeprof/plugin-core', '@probeprof/register', '@probeprof/rollup', '@probeprof/rspack',
      '@probeprof/runtime', '@probeprof/vite', '@probeprof/webpack', 'probeprof',
    ])
    for (const { manifest, files } of packed) {
      const promised = [
        ...exportTargets(manifest.exports).filter((target) => target !== './package.json'),
        ...Object.values(manifest.bin ?? {}),
        manifest.main, manifest.types,
      ].filter((path): path is string => path !== undefined).map((path) => path.replace(/^\.\//, ''))
      expect(promised.length, manifest.name).toBeGreaterThan(1)
      expect(promised.filter((path) => !files.includes(path)), `${manifest.name} promises files it does not ship`).toEqual([])
      expect(files.filter((path) => /\.test\.|tsbuildinfo|\.page-types\//.test(path)), manifest.name).toEqual([])
    }
    expect(packed.find((p) => p.manifest.name === 'probeprof')!.manifest.bin).toEqual({ probeprof: './bin/probeprof.js' })
  })

  it("imports only what its package.json declares (a dependency hoisted in someone else's install hides nothing)", () => {
    const builtins = new Set(builtinModules)
    for (const { dir, manifest, files } of packed) {
      const declared = new Set([manifest.name, ...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})])
      const undeclared = new Set<string>()
      for (const file of files.filter((path) => /\.[cm]?js$/.test(path))) {
        const { importedFiles } = ts.preProcessFile(readFileSync(join(dir, file), 'utf8'), true, true)
        for (const { fileName: specifier } of importedFiles) {
          if (specifier.startsWith('.') || specifier.startsWith('node:') || builtins.has(specifier)) continue
          const name = specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/')
          if (!declared.has(name)) undeclared.add(`${file}: ${specifier}`)
        }
      }
      expect([...undeclared], manifest.name).toEqual([])
    }
  })
})

describe("the README's \"Profile your own app\", in a fresh project outside the repository", () => {
  let steps: string[]

  // The install line as written, each package name replaced by its tarball; the other tarballs are the sibling
  // packages the registry would supply; esbuild is the user's own, from the npm cache when it is there.
  beforeAll(() => {
    const blocks = readmeSection()
    const commands = blocks.filter((block) => block.lang === 'sh').flatMap((block) => block.text.split('\n').filter((line) => line.trim() !== ''))
    const [install, ...rest] = commands
    steps = rest
    expect(install).toMatch(/^npm install --save-dev /)
    const byName = new Map(packed.map((p) => [p.manifest.name, p.tarball]))
    const words = install!.replace(/#.*$/, '').trim().split(/ +/)
    const named = words.filter((word) => byName.has(word))
    expect(named).toEqual(['@probeprof/esbuild', 'probeprof'])
    const esbuildRange = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies.esbuild!
    const args = [
      ...words.slice(1).map((word) => byName.get(word) ?? word),
      ...packed.filter((p) => !named.includes(p.manifest.name)).map((p) => p.tarball),
      `esbuild@${esbuildRange}`, '--prefer-offline', '--no-audit', '--no-fund',
    ]
    succeed('npm', args, project)

    for (const block of blocks.filter((b) => b.lang === 'js')) {
      const file = /^\/\/ (\S+)\n/.exec(block.text)?.[1]
      expect(file, 'a js block of the section names its file on its first line').toBeDefined()
      writeFileSync(join(project, file!), block.text)
    }
  }, 180_000)

  it.each(PROJECT_TYPES)('with $label: builds with the flag, runs, and reports the exact calls of the app', ({ type }) => {
    const manifestPath = join(project, 'package.json')
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>
    if (type === undefined) delete manifest.type
    else manifest.type = type
    writeFileSync(manifestPath, JSON.stringify(manifest, null, 2))
    rmSync(join(project, 'dist'), { recursive: true, force: true })
    rmSync(join(project, 'probeprof.json'), { force: true })

    // The commands, each through the shell as a user would type it.
    expect(steps).toHaveLength(3)
    const outputs = steps.map((step) => {
      const result = run('/bin/sh', ['-c', step], project)
      expect(result.status, `${step}\n${result.stderr}`).toBe(0)
      return { step, stdout: stripVTControlCharacters(result.stdout), stderr: stripVTControlCharacters(result.stderr) }
    })
    const [, app, report] = outputs
    expect(app!.stdout).toBe('total 20\n')
    expect(app!.stderr).toMatch(/^probeprof: wrote probeprof\.json /)
    expect(existsSync(join(project, 'probeprof.json'))).toBe(true)

    const fibCalls = [0, 1, 2, 3, 4, 5, 6].reduce((sum, n) => sum + callsOfFib(n), 0)
    const rows = new Map(tableRows(report!.stdout).map((row) => [row.name, row.ncalls]))
    expect(rows.get('src/main.ts:6(fib)')).toBe(`${fibCalls}/7`)
    expect(rows.get('src/main.ts:4(Counter.add)')).toBe('7')
    expect(rows.get('src/main.ts:1(<module>)')).toBe('1')
    expect(report!.stdout).toMatch(/^ {9}\d+ function calls \(\d+ primitive calls\) in /m)

    // Flag off: the same build script gives a plain bundle with the same output and no report.
    rmSync(join(project, 'probeprof.json'))
    succeed(process.execPath, ['build.mjs'], project)
    const plain = run('/bin/sh', ['-c', steps[1]!], project)
    expect(plain.stdout).toBe('total 20\n')
    expect(plain.stderr).toBe('')
    expect(existsSync(join(project, 'probeprof.json'))).toBe(false)
  }, 60_000)

  it('resolves every package and entry point by name, as an app or a config file imports them', () => {
    const specifiers = packed.flatMap(({ manifest }) =>
      Object.keys(manifest.exports ?? {}).filter((key) => key !== './package.json').map((key) => manifest.name + key.slice(1)),
    )
    expect(specifiers).toContain('@probeprof/runtime/server')
    const script = `for (const s of ${JSON.stringify(specifiers)}) await import(s); console.log('imported', ${specifiers.length})`
    expect(succeed(process.execPath, ['--input-type=module', '-e', script], project)).toBe(`imported ${specifiers.length}\n`)
  })
})
