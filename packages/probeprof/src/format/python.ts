// Python's formatting where pstats' output depends on it: "%8.3f", repr(), time.ctime().

/** Python's "%.<digits>f": correctly rounded, ties to even (JavaScript's toFixed rounds ties away from zero). */
export function formatFixed(value: number, digits: number): string {
  if (!Number.isFinite(value) || Math.abs(value) >= 1e21) return String(value)
  const rounded = value.toFixed(digits)
  // only a value next to a tie needs the exact expansion below (cheap filter: reports print many cells)
  const scaled = Math.abs(value) * 10 ** digits
  if (Math.abs(scaled - Math.floor(scaled) - 0.5) > 1e-6 * Math.max(1, scaled)) return rounded
  const exact = value.toFixed(Math.min(100, digits + 60)) // a double's decimal expansion, long enough to see a tie
  const rest = exact.slice(exact.indexOf('.') + 1 + digits)
  if (!/^50*$/.test(rest)) return rounded
  // an exact tie: toFixed went away from zero; Python keeps the even neighbour, the truncated one when even
  const truncated = exact.slice(0, exact.indexOf('.') + 1 + digits).replace(/\.$/, '')
  return Number(truncated[truncated.length - 1]) % 2 === 0 ? truncated : rounded
}

/** Python's repr() of an int, a float or a str, as pstats prints restrictions. */
export function pythonRepr(value: number | string): string {
  if (typeof value === 'number') return Number.isInteger(value) && !Object.is(value, -0) ? String(value) : floatRepr(value)
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'"
  let out = quote
  for (const char of value) {
    const code = char.codePointAt(0)!
    if (char === '\\') out += '\\\\'
    else if (char === quote) out += `\\${quote}`
    else if (char === '\n') out += '\\n'
    else if (char === '\r') out += '\\r'
    else if (char === '\t') out += '\\t'
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`
    else out += char
  }
  return out + quote
}

function floatRepr(value: number): string {
  const text = String(value)
  return /[.e]/.test(text) ? text.replace(/e([+-])(\d)$/, 'e$10$2') : `${text}.0`
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** time.ctime(): "Mon Jan  1 00:00:00 2024", local time. */
export function ctime(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0')
  return (
    `${DAYS[date.getDay()]} ${MONTHS[date.getMonth()]} ${String(date.getDate()).padStart(2)} ` +
    `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())} ${date.getFullYear()}`
  )
}
