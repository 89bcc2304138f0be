// The public API from inside an instrumented app: enable/disable/reset/snapshot/write/profile (sync and async).
// Prints the calls of `loop` and `unit` that each report shows, as JSON.
import { profiler, type ProfileReport } from '@probeprof/runtime'

function unit(): number {
  return 1
}

function loop(n: number): number {
  let sum = 0
  for (let i = 0; i < n; i++) sum += unit()
  return sum
}

async function asyncWork(n: number): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 5))
  return loop(n)
}

function fails(): never {
  loop(2)
  throw new Error('fails on purpose')
}

function spinFor(ms: number): void {
  const start = performance.now()
  while (performance.now() - start < ms) {
    // busy on the clock
  }
}

function ownMs(report: ProfileReport, name: string): number {
  return (report.functions.find((fn) => fn.name === name)?.tottime ?? 0) * 1e3
}

function calls(report: ProfileReport, name: string): number {
  return report.functions.find((fn) => fn.name === name)?.calls ?? 0
}

function counts(report: ProfileReport) {
  return { loop: calls(report, 'loop'), unit: calls(report, 'unit'), asyncWork: calls(report, 'asyncWork') }
}

async function main(): Promise<void> {
  const seen: Record<string, unknown> = {}
  loop(10)
  profiler.disable()
  loop(20)
  seen.enabledWhileOff = profiler.isEnabled
  profiler.enable()
  loop(5)
  seen.afterEnable = counts(profiler.snapshot())
  profiler.reset()
  loop(3)
  seen.afterReset = counts(profiler.snapshot())

  const sync = profiler.profile(() => loop(7))
  seen.profileResult = sync.result
  seen.profileReport = counts(sync.report)
  seen.outerAfterProfile = counts(profiler.snapshot())

  const async = await profiler.profile(() => asyncWork(4))
  seen.asyncResult = async.result
  seen.asyncReport = counts(async.report)
  seen.asyncCumtimeMs = async.report.functions.find((fn) => fn.name === 'asyncWork')!.cumtime * 1e3
  seen.asyncLatencyMs = async.report.functions.find((fn) => fn.name === 'asyncWork')!.latency!.total * 1e3

  try {
    profiler.profile(fails)
  } catch (error) {
    seen.profileRethrew = (error as Error).message
  }
  loop(1)
  seen.outerAfterThrow = counts(profiler.snapshot())

  // times: the outer recording keeps its own across a profile() call, and the inner one gets the call's
  spinFor(30)
  await new Promise((resolve) => setTimeout(resolve, 5))
  const outerBefore = ownMs(profiler.snapshot(), 'spinFor')
  const spun = profiler.profile(() => spinFor(40))
  seen.innerSpinMs = ownMs(spun.report, 'spinFor')
  seen.innerStallMs = (spun.report.meta.threadStall ?? 0) * 1e3
  seen.outerSpinBeforeMs = outerBefore
  seen.outerSpinAfterMs = ownMs(profiler.snapshot(), 'spinFor')

  seen.written = profiler.write(process.argv[2])
  console.log(JSON.stringify(seen))
}

void main()
