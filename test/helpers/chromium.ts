// The browser the browser tests drive with playwright-core (which downloads none): found once, by one rule, so a
// fresh machine either runs every browser test or fails in one line that says what to install.
import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'
import { chromium, type Browser, type LaunchOptions, type Page } from 'playwright-core'

/** Environment variables naming a browser, tried in this order before anything on the machine. */
export const K_CHROMIUM_ENV = ['CHROMIUM_PATH', 'PROBEPROF_CHROMIUM'] as const

/** Where Debian, Ubuntu, Fedora, snap, Google's packages and macOS put Chromium or Chrome. */
const K_CHROMIUM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
]

/** Names to look for on PATH when none of the usual paths has one. */
const K_CHROMIUM_COMMANDS = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome']

export const MISSING_CHROMIUM_MESSAGE =
  'no Chromium or Chrome found for the browser tests: install one (Debian/Ubuntu: apt-get install chromium; ' +
  'or Google Chrome; or npx playwright-core install chromium), or set CHROMIUM_PATH=/path/to/chrome'

export interface ChromiumSearch {
  env: Record<string, string | undefined>
  /** absolute paths to try, in order */
  paths: readonly string[]
  /** command names to look for in env.PATH */
  commands: readonly string[]
  /** the browser an npm package ships, where it would be once downloaded (playwright's cache) */
  shipped: () => string | undefined
}

export type ChromiumFound = { executable: string; from: string } | { error: string }

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

function playwrightBrowser(): string | undefined {
  try {
    return chromium.executablePath()
  } catch {
    return undefined // this playwright-core has no browser of its own for this platform
  }
}

/** Finds a browser: the environment's choice first (which must exist), then the machine's, then an npm package's. */
export function findChromium(search: ChromiumSearch = { env: process.env, paths: K_CHROMIUM_PATHS, commands: K_CHROMIUM_COMMANDS, shipped: playwrightBrowser }): ChromiumFound {
  for (const name of K_CHROMIUM_ENV) {
    const value = search.env[name]
    if (value === undefined || value === '') continue
    if (isExecutable(value)) return { executable: value, from: name }
    return { error: `${name}=${value} is not an executable file: point it at a Chromium or Chrome binary, or unset it` }
  }
  for (const path of search.paths) if (isExecutable(path)) return { executable: path, from: 'the system' }
  const dirs = (search.env.PATH ?? '').split(delimiter).filter((dir) => dir !== '')
  for (const command of search.commands) {
    for (const dir of dirs) if (isExecutable(join(dir, command))) return { executable: join(dir, command), from: 'PATH' }
  }
  const shipped = search.shipped()
  if (shipped !== undefined && isExecutable(shipped)) return { executable: shipped, from: 'playwright-core' }
  return { error: MISSING_CHROMIUM_MESSAGE }
}

const found = findChromium()

/**
 * The browser's path. A test file that needs the browser calls this at its top level, so that without one the file
 * fails while it is collected, in one line, instead of failing a hook and skipping every test in it.
 */
export function requireChromium(): string {
  if ('error' in found) {
    const error = new Error(found.error)
    error.stack = `Error: ${found.error}` // the line is the whole story: no frames of this helper
    throw error
  }
  return found.executable
}

/** Headless, as root on a machine without a network: no sandbox, and none of Chromium's background connections. */
export const CHROMIUM_LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

export function chromiumLaunchOptions(): LaunchOptions {
  return { executablePath: requireChromium(), args: CHROMIUM_LAUNCH_ARGS }
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch(chromiumLaunchOptions())
}

/** Collects console errors and uncaught exceptions of a page. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text())
  })
  page.on('pageerror', (error) => errors.push(String(error)))
  return errors
}
