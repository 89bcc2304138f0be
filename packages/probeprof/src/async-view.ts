// The async functions and generators of a Stats as a view (`report --async`): calls, resumes after await/yield and
// wall latency, which cProfile's table cannot show; ordered by wall latency unless the Stats is sorted.

import { asyncListing, formatAsyncTable, LATENCY_ORDER } from './format/async-table.js'
import type { Restriction } from './format/restrict.js'
import { timeFormat } from './format/units.js'
import { headerLines } from './stats-header.js'
import { listingProfile, type Stats, type StatsProfile } from './stats.js'

/** getStatsProfile() of the async functions and generators only. */
export function getAsyncProfile(stats: Stats, ...restrictions: Restriction[]): StatsProfile {
  return listingProfile(stats, asyncListing(stats.functions, stats.sortLabel !== null), stats.sortLabel ?? LATENCY_ORDER, restrictions)
}

/** The async table. */
export function formatAsync(stats: Stats, ...restrictions: Restriction[]): string {
  return formatAsyncTable({
    rows: asyncListing(stats.functions, stats.sortLabel !== null),
    order: stats.sortLabel ?? LATENCY_ORDER,
    restrictions,
    header: headerLines(stats),
    time: timeFormat(stats.unit),
  })
}
