/**
 * Management events per trail: the first copy in a Region is free, each further trail logging the same events
 * pays (aws-facts §1). Volumes come from the scenario or from billed FreeEventsRecorded (per Region, all
 * accounts); where a trail sees only part of an entry (a single account of a Region-wide figure, reads only
 * with an unknown read share) the result is a range.
 */
import type { ManagementVolumeEntry } from '../model/declared.js';
import { ALL, NONE, type Tri } from '../selectors/evaluate.js';
import type { Span } from './types.js';
import type { TrailSpec } from './trails.js';

export interface ManagementResult {
  delivered: Span;
  free: Span;
  paid: Span;
  /** Write management events delivered (what Insights analyzes). */
  writes: Span;
  perRegion: Map<string, { delivered: Span; free: Span; paid: Span }>;
}

/**
 * The order in which trails take copies of the same management events: organization trails take the free copy
 * first (member-account trails duplicating them pay), then list order. A telemetry rule is not a trail: it takes
 * no free copy and pays per GB (like a Lake store). The same order names "the first copy" everywhere (duplicates).
 */
export function managementOrder<T extends { kind: string; organization: boolean; telemetryRule?: boolean }>(trails: readonly T[]): T[] {
  return trails.filter((t) => t.kind === 'trail' && !t.telemetryRule).map((t, i) => ({ t, i })).sort((a, b) => Number(b.t.organization) - Number(a.t.organization) || a.i - b.i).map((x) => x.t);
}

const frac = (v: Tri): Span => (v === ALL ? { low: 1, high: 1 } : v === NONE ? { low: 0, high: 0 } : { low: 0, high: 1 });

export function managementVolumes(trails: readonly TrailSpec[], entries: readonly ManagementVolumeEntry[], accounts: readonly string[], regions: readonly string[]): Map<string, ManagementResult> {
  const out = new Map<string, ManagementResult>();
  for (const t of trails) out.set(t.name, { delivered: { low: 0, high: 0 }, free: { low: 0, high: 0 }, paid: { low: 0, high: 0 }, writes: { low: 0, high: 0 }, perRegion: new Map() });
  const order = managementOrder(trails);
  const lakes = trails.filter((t) => t.kind === 'eventDataStore' || t.telemetryRule);
  // Cells: declared entries are per account × Region (omitted = each one); billed ones are Region totals.
  const cells: Array<{ account?: string; region: string; events: number; readShare?: number }> = [];
  for (const e of entries) {
    if (e.provenance === 'billing') {
      if (e.region) cells.push({ account: e.account, region: e.region, events: e.events, readShare: e.readShare });
      continue;
    }
    for (const account of e.account ? [e.account] : accounts) {
      for (const region of e.region ? [e.region] : regions) cells.push({ account, region, events: e.events, readShare: e.readShare });
    }
  }
  for (const e of cells) {
    const region = e.region;
    const events = e.events;
    let freeTaken = false;
    for (const t of [...order, ...lakes]) {
      // Coverage of this entry: full, none, or partial (a Region-wide figure seen by a one-account trail).
      let cov: Span;
      if (!t.logging) cov = { low: 0, high: 0 };
      else if (!t.multiRegion && t.homeRegion !== region) cov = { low: 0, high: 0 };
      else if (e.account) cov = t.organization || t.account === e.account ? { low: 1, high: 1 } : { low: 0, high: 0 };
      else cov = t.organization || accounts.length === 1 ? { low: 1, high: 1 } : { low: 0, high: 1 };
      if (cov.high === 0) continue;
      const r = frac(t.management.read);
      const w = frac(t.management.write);
      let logged: Span;
      let writes: Span;
      if (e.readShare !== undefined) {
        logged = { low: events * (e.readShare * r.low + (1 - e.readShare) * w.low), high: events * (e.readShare * r.high + (1 - e.readShare) * w.high) };
        writes = { low: events * (1 - e.readShare) * w.low, high: events * (1 - e.readShare) * w.high };
      } else {
        logged = { low: events * Math.min(r.low, w.low), high: events * Math.max(r.high, w.high) };
        writes = { low: 0, high: events * w.high };
      }
      logged = { low: logged.low * cov.low, high: logged.high * cov.high };
      writes = { low: writes.low * cov.low, high: writes.high * cov.high };
      if (logged.high === 0) continue;
      const res = out.get(t.name)!;
      const pr = res.perRegion.get(region) ?? { delivered: { low: 0, high: 0 }, free: { low: 0, high: 0 }, paid: { low: 0, high: 0 } };
      res.perRegion.set(region, pr);
      res.delivered.low += logged.low;
      res.delivered.high += logged.high;
      res.writes.low += writes.low;
      res.writes.high += writes.high;
      pr.delivered.low += logged.low;
      pr.delivered.high += logged.high;
      if (t.kind === 'eventDataStore' || t.telemetryRule) continue; // billed per GB, not per copy
      const target = freeTaken ? 'paid' : 'free';
      freeTaken = true;
      res[target].low += logged.low;
      res[target].high += logged.high;
      pr[target].low += logged.low;
      pr[target].high += logged.high;
    }
  }
  return out;
}
