/**
 * Calibration: modeled deliveries vs billed usage per Region (aws-facts §2). `*-DataEventsRecorded` counts
 * data-event deliveries summed over trails; `*-PaidEventsRecorded` paid management copies; `*-FreeEventsRecorded`
 * first copies. Billed quantities are scaled to a 730-hour month.
 */
import { monthScale, rowsOfOnePeriod } from '../model/billing.js';
import type { BillingRow } from '../model/snapshot.js';
import { parseUsageType } from '../pricing/usage-types.js';
import type { TrailEvaluation } from './evaluate-trail.js';
import type { ManagementResult } from './management.js';
import type { ModelIndex } from './model-index.js';
import type { NetworkResult } from './network.js';
import type { TrailSpec } from './trails.js';
import type { BilledOther, CalibrationRow, EstimateWarning, Span } from './types.js';

/** A modeled range wider than 5% of its top is "wide": a ratio to its middle says little. */
const WIDE_RANGE = 0.05;

const SUFFIXES = ['DataEventsRecorded', 'PaidEventsRecorded', 'FreeEventsRecorded', 'NetworkEventsRecorded', 'DataInsightsEvents'] as const;

/** What the usage types calibration does not compare are (aws-facts §1–2), and whether trailcost models them. */
const OTHER_USAGE: Record<string, string> = {
  InsightsEvents: 'Insights on management events (modeled per trail, not compared)',
  'Ingestion-Bytes': 'Lake ingestion, seven-year retention (modeled per event data store, not compared)',
  'Ingestion-Bytes-1yearstore-Live-CloudTrail-Logs': 'Lake ingestion, one-year retention (modeled per event data store, not compared)',
  'Ingestion-Bytes-1yearstore-Other-data-sources': 'Lake ingestion of other sources (not modeled)',
  'QueryScanned-Bytes': 'Lake queries (not compared)',
  'PaidStorage-ByteHrs': 'Lake storage after 366 days (modeled per event data store, not compared)',
};

export function calibrate(
  billing: readonly BillingRow[], specs: readonly TrailSpec[], evals: readonly TrailEvaluation[], ix: ModelIndex,
  mgmt: Map<string, ManagementResult>, managementFromBilling = false, network: Map<string, NetworkResult> = new Map(),
): CalibrationRow[] {
  if (billing.length === 0) return [];
  // Cost Explorer rows come per period (last full month, month to date, ...). Summing periods would count the
  // bill twice: compare with one period — the latest complete one, month-to-date only when nothing else exists.
  const billed = new Map<string, { q: number; usd: number }>();
  for (const row of rowsOfOnePeriod(billing)) {
    const u = parseUsageType(row.usageType);
    if (!u || !u.region || !(SUFFIXES as readonly string[]).includes(u.suffix)) continue;
    const scale = monthScale(row.period);
    if (scale === null) continue;
    const k = `${u.region}|${u.suffix}`;
    const b = billed.get(k) ?? { q: 0, usd: 0 };
    b.q += row.quantity * scale;
    b.usd += row.cost * scale;
    billed.set(k, b);
  }
  const modeled = new Map<string, Span>();
  const bump = (k: string, s: Span) => {
    const m = modeled.get(k) ?? { low: 0, high: 0 };
    m.low += s.low;
    m.high += s.high;
    modeled.set(k, m);
  };
  specs.forEach((t, k) => {
    if (t.kind !== 'trail') return;
    const e = evals[k];
    for (let i = 0; i < ix.nodes.length; i++) {
      const r = ix.nodes[i].region;
      if (!r || (e.nodeHigh[i] === 0 && e.nodeLow[i] === 0)) continue;
      bump(`${r}|DataEventsRecorded`, { low: e.nodeLow[i], high: e.nodeHigh[i] });
      const types = t.dataInsights?.length ?? 0;
      if (types > 0) bump(`${r}|DataInsightsEvents`, { low: e.nodeLow[i] * types, high: e.nodeHigh[i] * types });
    }
    for (const [r, v] of mgmt.get(t.name)?.perRegion ?? []) {
      bump(`${r}|PaidEventsRecorded`, v.paid);
      // First copies modeled from billed FreeEventsRecorded would only compare the bill with itself.
      if (!managementFromBilling) bump(`${r}|FreeEventsRecorded`, v.free);
    }
    for (const [r, v] of network.get(t.name)?.perRegion ?? []) bump(`${r}|NetworkEventsRecorded`, v);
  });
  const keys = new Set([...billed.keys(), ...modeled.keys()].filter((k) => !(managementFromBilling && k.endsWith('|FreeEventsRecorded'))));
  const rows: CalibrationRow[] = [];
  for (const key of [...keys].sort()) {
    const [region, usageType] = key.split('|');
    const m = modeled.get(key) ?? { low: 0, high: 0 };
    const b = billed.get(key);
    // Nothing modeled and nothing billed: no row (a trail with no paid copies in a Region, say).
    if (!b && m.high === 0) continue;
    const midM = (m.low + m.high) / 2;
    const ratio = b && midM > 0 ? b.q / midM : null;
    const wide = m.high - m.low > WIDE_RANGE * Math.max(1, m.high);
    const inRange = !!b && wide && b.q >= m.low && b.q <= m.high;
    const outOfLine = ratio !== null && !inRange && (ratio <= 0.8 || ratio >= 1.25);
    rows.push({ region, usageType, modeled: m, billed: b ? b.q : null, billedUsd: b ? b.usd : null, ratio, inRange, outOfLine });
  }
  return rows;
}

/**
 * The billed CloudTrail usage `calibrate` does not compare, per Region and usage type, from the same billing
 * period and scaled to a month: without it the bill and the model could not be reconciled.
 */
export function otherBilling(billing: readonly BillingRow[]): BilledOther[] {
  const out = new Map<string, BilledOther>();
  for (const row of rowsOfOnePeriod(billing)) {
    const u = parseUsageType(row.usageType);
    if (u && (SUFFIXES as readonly string[]).includes(u.suffix)) continue;
    const scale = monthScale(row.period);
    if (scale === null) continue;
    const region = u?.region ?? null;
    const usageType = u?.suffix ?? row.usageType;
    const k = `${region}|${usageType}`;
    const o = out.get(k) ?? { region, usageType, what: u ? OTHER_USAGE[u.suffix] ?? 'not modeled' : 'usage type not recognized', quantity: 0, usd: 0 };
    o.quantity += row.quantity * scale;
    o.usd += row.cost * scale;
    out.set(k, o);
  }
  return [...out.values()].sort((a, b) => b.usd - a.usd || (a.region ?? '').localeCompare(b.region ?? '') || a.usageType.localeCompare(b.usageType));
}

/** One info line when the bill holds CloudTrail usage the model is not compared with. */
export function otherBillingWarning(rows: readonly BilledOther[]): EstimateWarning[] {
  const usd = (v: number): string => `$${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  const total = rows.reduce((a, r) => a + r.usd, 0);
  if (total <= 0) return [];
  const byType = new Map<string, number>();
  for (const r of rows) byType.set(r.usageType, (byType.get(r.usageType) ?? 0) + r.usd);
  const parts = [...byType].sort((a, b) => b[1] - a[1]).map(([t, v]) => `${t} ${usd(v)}`);
  return [{ level: 'info', code: 'billed-not-compared', message: `billed ${usd(total)}/month of CloudTrail usage is not compared with the model: ${parts.join(', ')}` }];
}

/** One warning per calibration row whose bill is out of line with the model. */
export function calibrationWarnings(rows: readonly CalibrationRow[]): EstimateWarning[] {
  return rows
    .filter((c) => c.outOfLine)
    .map((c) => ({ level: 'warning' as const, code: 'calibration', message: `${c.region} ${c.usageType}: billed is ${c.ratio!.toFixed(2)}× the model — volumes may be missing or stale` }));
}
