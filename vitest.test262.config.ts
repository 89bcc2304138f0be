import { defineConfig } from 'vitest/config'

// `npm run test262`: test262's function-semantics subset, as written and instrumented (test/test262/test262.test.ts).
export default defineConfig({
  test: {
    include: ['test/test262/**/*.test.ts'],
    globalSetup: ['test/setup/build.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
})
