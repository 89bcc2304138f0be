/** Kept equal to package.json's version by a test. */
export const PROBEPROF_VERSION = '0.1.0'
