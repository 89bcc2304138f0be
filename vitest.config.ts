import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'plugins/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    // test262 needs its subset beside the project (../shared/test262) and 5 minutes: `npm run test262`, run by .ci/run
    exclude: ['test/test262/**', '**/node_modules/**'],
    // Cross-package tests build real bundles from the packages' dist/: build them first (incremental).
    globalSetup: ['test/setup/build.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
})
