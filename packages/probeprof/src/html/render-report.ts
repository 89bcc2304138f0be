// The HTML report: one self-contained file (page script, styles and profile inlined) that works offline and
// can be attached to a bug report. The page itself (src/html/page) is bundled at build time into
// dist/html/page.{js,css}; this module only fills the template.

import { readFileSync } from 'node:fs'
import { adviseProfile } from '../advise/advise.js'
import type { ScalingAdvice } from '../advise/types.js'
import { ProbeprofError } from '../errors.js'
import { hasTimes } from '../export/frame-label.js'
import type { ProfileData } from '../model.js'
import { PROBEPROF_VERSION } from '../version.js'
import { edgeBytes, memoryRuns, memoryUnavailable } from '../memory.js'
import type { ReportData, ReportMemory } from './report-data.js'

export interface HtmlReportOptions {
  /** Page title; default "probeprof report". */
  title?: string
  /** Growth over runs at several input sizes (`advise --scaling`), shown in a section of its own. */
  scaling?: ScalingAdvice
}

let assets: { script: string; style: string } | undefined

/** The page's script and styles as built into dist/html (read once). */
function pageAssets(): { script: string; style: string } {
  if (assets === undefined) {
    try {
      assets = {
        script: readFileSync(new URL('./page.js', import.meta.url), 'utf8'),
        style: readFileSync(new URL('./page.css', import.meta.url), 'utf8'),
      }
    } catch {
      throw new ProbeprofError('the HTML report page is not built (dist/html/page.js missing); run npm run build in the probeprof package')
    }
  }
  return assets
}

/** The profile as the page reads it. */
export function reportData(profile: ProfileData, title: string, scaling: ScalingAdvice | null = null): ReportData {
  const bytesByEdge = edgeBytes(profile)
  return {
    title,
    generator: `probeprof@${PROBEPROF_VERSION}`,
    hasTimes: hasTimes(profile),
    sources: profile.sources.map((source) => ({
      path: source.path,
      startedAt: source.startedAt,
      wallTime: source.wallTime,
      clock: source.clock,
      host: [source.host.runtime, source.host.version, source.host.pid === undefined ? '' : `pid ${source.host.pid}`].filter(Boolean).join(' '),
      probeCostNs: source.overhead ? source.overhead.calleeNsPerCall + source.overhead.callerNsPerCall : null,
      truncatedCalls: source.truncatedCalls,
    })),
    functions: profile.functions.map((fn) => ({
      name: fn.name,
      file: fn.file,
      line: fn.line,
      column: fn.column,
      calls: fn.calls,
      primitiveCalls: fn.primitiveCalls,
      tottime: fn.tottime,
      cumtime: fn.cumtime,
      resumes: fn.resumes,
      latency: fn.latency,
      memory: fn.memory ?? null,
    })),
    edges: profile.edges.map(({ caller, callee, calls, primitiveCalls, tottime, cumtime }) => ({
      caller,
      callee,
      calls,
      primitiveCalls,
      tottime,
      cumtime,
      memory: bytesByEdge.get(caller * profile.functions.length + callee) ?? null,
    })),
    tree: profile.tree,
    advice: adviseProfile(profile),
    memory: memoryData(profile),
    scaling,
  }
}

function memoryData(profile: ProfileData): ReportMemory | null {
  const runs = memoryRuns(profile)
  if (runs !== null && profile.memory !== undefined) return { ...runs, nodeBytes: profile.memory.nodeBytes }
  const unavailable = memoryUnavailable(profile)
  return unavailable === null ? null : { unavailable }
}

export function renderHtmlReport(profile: ProfileData, opts: HtmlReportOptions = {}): string {
  const title = opts.title ?? 'probeprof report'
  const { script, style } = pageAssets()
  const data = reportData(profile, title, opts.scaling ?? null)
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="probeprof ${PROBEPROF_VERSION}">
<title>${escapeHtml(title)}</title>
<style>${inlineSafe(style, 'style')}</style>
</head>
<body>
<header><h1>${escapeHtml(title)}</h1><div class="generator">probeprof ${PROBEPROF_VERSION} · exact call counts and times from build-time probes</div></header>
<main>
<section id="summary" aria-label="summary"></section>
<section><h2>Where the time goes (Pareto)</h2><div id="pareto"></div></section>
<section><h2>What to do next</h2><div id="advice"></div></section>
${data.scaling === null ? '' : '<section><h2>How it grows with the input size</h2><div id="scaling"></div></section>\n'}<section class="layout">
<div><h2>Functions</h2><div id="table"></div></div>
<div><h2>Callers and callees</h2><div id="calls"></div></div>
</section>
<section><h2>Flame graph (calling-context tree; click to zoom)</h2><div id="flame"></div></section>
</main>
<footer>Times are wall-clock seconds measured by the probes; tottime excludes instrumented callees, cumtime includes them and counts recursion once (as cProfile does).</footer>
<script type="application/json" id="probeprof-data">${jsonForScript(data)}</script>
<script>${inlineSafe(script, 'script')}</script>
</body>
</html>
`
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
}

/** JSON inside <script>: `<` escaped so no string in the profile (a function named `</script>`) can end it. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
}

/** Code inlined in <script>/<style> must not contain its closing tag; `<\/` means the same in JS strings and CSS. */
function inlineSafe(code: string, tag: 'script' | 'style'): string {
  return code.replace(new RegExp(`</(${tag})`, 'gi'), '<\\/$1')
}
