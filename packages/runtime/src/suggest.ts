// "maybe you meant …?": the closest valid word to a mistyped one, as argparse suggests choices. The one
// suggestion helper, with one threshold, for the CLI (probeprof), the Babel plugin's and the bundler plugins'
// options; `@probeprof/runtime/suggest` (the package every other one depends on; zero dependencies).

/** The candidate nearest to `word` by edit distance (a swap of two neighbours counts as one edit), if near enough. */
export function closestWord(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = Infinity
  let bestEdits = Infinity
  for (const candidate of candidates) {
    const a = word.toLowerCase()
    const b = candidate.toLowerCase()
    const edits = editDistance(a, b)
    // one word spelling out the other (msec → ms, rep → report) is as near as a typo; between two equally near
    // candidates the one fewer edits away wins (runtimeModul → runtimeModule, not runtime)
    const spelledOut = Math.min(a.length, b.length) >= 2 && (a.startsWith(b) || b.startsWith(a))
    const distance = spelledOut ? Math.min(1, edits) : edits
    if (distance < bestDistance || (distance === bestDistance && edits < bestEdits)) {
      best = candidate
      bestDistance = distance
      bestEdits = edits
    }
  }
  // a suggestion further than a third of the word away is noise
  return bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined
}

/** `, maybe you meant 'x'?` or nothing. */
export function suggestion(word: string, candidates: readonly string[]): string {
  const best = closestWord(word, candidates)
  return best === undefined ? '' : `, maybe you meant '${best}'?`
}

/** Optimal string alignment distance (Damerau–Levenshtein without repeated edits of a substring). */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1
  const cols = b.length + 1
  const d: number[] = new Array(rows * cols).fill(0)
  for (let i = 0; i < rows; i++) d[i * cols] = i
  for (let j = 0; j < cols; j++) d[j] = j
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let value = Math.min(d[(i - 1) * cols + j] + 1, d[i * cols + j - 1] + 1, d[(i - 1) * cols + j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, d[(i - 2) * cols + j - 2] + 1)
      d[i * cols + j] = value
    }
  }
  return d[rows * cols - 1]
}
