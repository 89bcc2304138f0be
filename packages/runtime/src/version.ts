/** Kept equal to package.json's version by a test (runtime/version.test.ts). */
export const RUNTIME_VERSION = '0.1.0'
