// Byte counts as people read them; shared by the CLI's tables and the HTML page (no imports, so both can bundle it).

const K_UNITS = ['B', 'kB', 'MB', 'GB', 'TB']

/** A byte count in 8 characters or fewer, in decimal units as `ls -h --si` and DevTools print them: `48.45MB`. */
export function formatBytes(bytes: number): string {
  let value = bytes
  let unit = 0
  while (value >= 999.995 && unit < K_UNITS.length - 1) {
    value /= 1000
    unit++
  }
  return unit === 0 ? `${Math.round(value)}B` : `${value.toFixed(value >= 100 ? 1 : 2)}${K_UNITS[unit]}`
}
