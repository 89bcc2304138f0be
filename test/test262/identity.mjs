// test262 baseline (../shared/test262/runner/run-test262.js --transform): the tests as written, through the same
// runner, so the instrumented run is compared with exactly this host and harness.

export function transform(code) {
  return code
}
