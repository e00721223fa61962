/**
 * What one trail's deliveries cost, line by line, per destination: CloudTrail's per-event charges, S3 log
 * storage and PUTs, CloudWatch Logs ingestion and storage, Lake ingestion. Every amount comes from
 * `priceDelivery`; this file only decides quantities (events → bytes with the event-size assumption).
 */
import type { ModelAssumptions } from '../model/assumptions.js';
import type { PriceBook } from '../pricing/book.js';
import { priceDelivery, priceEntry } from '../pricing/price.js';
import type { TrailSpec } from './trails.js';
import type { CostLine, Destination, Span } from './types.js';

/** Days in the 730-hour month every monthly figure uses. */
export const DAYS_PER_MONTH = 730 / 24;

/** Days of storage a one-year extendable event data store includes in its ingestion price (aws-facts §1). */
export const LAKE_INCLUDED_DAYS = 366;

/** Log files per covered account × Region per month (about one every 5 minutes; assumption shown). */
export const LOG_FILES_PER_ACCOUNT_REGION = 730 * 12;

export interface TrailVolumes {
  dataEvents: Span;
  managementEvents: Span;
  paidCopies: Span;
  /** Write management events this trail delivers (what the API call rate Insights type analyzes). */
  insightsAnalyzed: Span;
  /** Network activity events delivered (declared volumes through the trail's selectors). */
  networkEvents: Span;
  /** Account × Region pairs the trail writes log files for. */
  accountRegions: number;
}

export interface PricingContext {
  book: PriceBook;
  assumptions: ModelAssumptions;
  /** Total GB ingested into seven-year stores this month (tiers apply to the total; cost shared pro rata). */
  sevenYearTotalGb: Span;
}

function line(ctx: PricingContext, price: string, destination: Destination, label: string, q: Span, note?: string, calls?: number): CostLine {
  const region = ctx.assumptions.pricingRegion;
  const lo = priceDelivery(ctx.book, { price, quantity: q.low, region, calls });
  const hi = priceDelivery(ctx.book, { price, quantity: q.high, region, calls });
  const out: CostLine = { price, destination, label, quantity: { low: lo.quantity, high: hi.quantity }, unit: lo.entry.unit, usd: { low: lo.usd, high: hi.usd } };
  // A price the book is not sure of says so wherever it is used.
  const unsure = lo.entry.confidence !== 'high' && !/confidence/.test(note ?? '') ? `price: ${lo.entry.confidence} confidence` : '';
  const text = [note, unsure].filter(Boolean).join('; ');
  if (text) out.note = text;
  return out;
}

export const gbOf = (events: number, a: ModelAssumptions): number => (events * a.eventSizeBytes) / 1e9;
const gb = (s: Span, a: ModelAssumptions): Span => ({ low: gbOf(s.low, a), high: gbOf(s.high, a) });

/** Seven-year Lake ingestion for a share of the total: tiers priced on the total, attributed pro rata. */
function sevenYearLine(ctx: PricingContext, q: Span): CostLine {
  const at = (mine: number, total: number): number => {
    if (mine <= 0) return 0;
    const t = Math.max(total, mine);
    return (priceDelivery(ctx.book, { price: 'lake.ingest.sevenYear', quantity: t }).usd * mine) / t;
  };
  const entry = priceEntry(ctx.book, 'lake.ingest.sevenYear');
  return {
    price: 'lake.ingest.sevenYear', destination: 'lake', label: entry.label, quantity: q, unit: entry.unit,
    usd: { low: at(q.low, ctx.sevenYearTotalGb.low), high: at(q.high, ctx.sevenYearTotalGb.high) },
    note: `existing Lake customers only; uncompressed ${ctx.assumptions.eventSizeBytes} B/event; tiers apply to all seven-year ingestion of the month, shared pro rata`,
  };
}

/** DescribeTrails gives the log group as an ARN (`arn:aws:logs:R:A:log-group:NAME:*`); people know it by NAME. */
export function logGroupName(g: string): string {
  const m = /^arn:[\w-]+:logs:[^:]*:[^:]*:log-group:(.+?)(?::\*)?$/.exec(g);
  return m ? m[1] : g;
}

export function trailLines(t: TrailSpec, v: TrailVolumes, ctx: PricingContext): CostLine[] {
  const A = ctx.assumptions;
  const lines: CostLine[] = [];
  const all: Span = {
    low: v.dataEvents.low + v.managementEvents.low + v.networkEvents.low,
    high: v.dataEvents.high + v.managementEvents.high + v.networkEvents.high,
  };
  if (t.kind === 'eventDataStore') {
    if (t.lake === 'seven-year') lines.push(sevenYearLine(ctx, gb(all, A)));
    else {
      const extended = Math.max(0, (t.retentionDays ?? 0) - LAKE_INCLUDED_DAYS);
      lines.push(line(ctx, 'lake.ingest.oneYear.cloudtrail', 'lake', 'Lake ingestion (one-year retention)', gb(all, A), `existing Lake customers only; uncompressed ${A.eventSizeBytes} B/event${extended ? '' : `; ${t.retentionDays === undefined ? 'retention period unknown: ' : ''}no storage after ${LAKE_INCLUDED_DAYS} days priced`}`));
      if (extended > 0) {
        // Steady state: each month's events stay `extended` days past the included year, at their compressed size.
        const months = extended / DAYS_PER_MONTH;
        const stored = { low: (gbOf(all.low, A) / A.compressionRatio) * months, high: (gbOf(all.high, A) / A.compressionRatio) * months };
        lines.push(line(ctx, 'lake.storage.extended', 'lake', `Lake storage after ${LAKE_INCLUDED_DAYS} days (${t.retentionDays} days kept)`, stored, `steady state; compressed ≈ 1/${A.compressionRatio} of the ingested size (Lake's own ratio unconfirmed)`));
      }
    }
    return lines;
  }
  if (t.telemetryRule) {
    // CloudWatch telemetry enablement rule (aws-facts §7): per GB of data and management events into CloudWatch
    // Logs (CloudTrail delivery + ingestion in one price); network activity and Insights are not available.
    const events = { low: v.dataEvents.low + v.managementEvents.low, high: v.dataEvents.high + v.managementEvents.high };
    if (events.high > 0) lines.push(line(ctx, 'cloudwatch.telemetry.cloudtrail', 'cloudwatch', 'CloudTrail events via a CloudWatch telemetry rule', gb(events, A), `uncompressed ${A.eventSizeBytes} B/event; network activity and Insights not delivered this way; how management events are billed under a rule is unconfirmed`));
    if (events.high > 0) {
      const stored = { low: (gbOf(events.low, A) / A.compressionRatio) * A.retentionMonths, high: (gbOf(events.high, A) / A.compressionRatio) * A.retentionMonths };
      lines.push(line(ctx, 'cloudwatch.logs.storage', 'cloudwatch', `CloudWatch Logs storage (${A.retentionMonths} months kept)`, stored, `steady state, archived compressed ≈ 1/${A.compressionRatio} of ingested (medium confidence)`));
    }
    return lines;
  }
  if (v.dataEvents.high > 0) lines.push(line(ctx, 'cloudtrail.dataEvents', 'cloudtrail', 'Data events delivered', v.dataEvents));
  if (v.networkEvents.high > 0) lines.push(line(ctx, 'cloudtrail.networkActivityEvents', 'cloudtrail', 'Network activity events delivered', v.networkEvents, 'declared or log-sampled volumes (AWS publishes no metric of them)'));
  const firstCopies = { low: Math.max(0, v.managementEvents.low - v.paidCopies.low), high: Math.max(0, v.managementEvents.high - v.paidCopies.high) };
  if (firstCopies.high > 0) lines.push(line(ctx, 'cloudtrail.managementEvents.firstCopy', 'cloudtrail', 'Management events, first copy', firstCopies));
  if (v.paidCopies.high > 0) lines.push(line(ctx, 'cloudtrail.managementEvents.extraCopy', 'cloudtrail', 'Management events, extra copies', v.paidCopies));
  // Insights on management events (aws-facts §1): API call rate analyzes write events; API error rate analyzes
  // reads and writes. Both on: writes twice, reads once.
  const callRate = t.insights.includes('ApiCallRateInsight');
  const errorRate = t.insights.includes('ApiErrorRateInsight');
  if ((callRate || errorRate) && v.managementEvents.high > 0) {
    const analyzed = {
      low: (callRate ? v.insightsAnalyzed.low : 0) + (errorRate ? v.managementEvents.low : 0),
      high: (callRate ? v.insightsAnalyzed.high : 0) + (errorRate ? v.managementEvents.high : 0),
    };
    const what = [callRate ? 'API call rate: write events' : '', errorRate ? 'API error rate: read and write events' : ''].filter(Boolean).join('; ');
    if (analyzed.high > 0) lines.push(line(ctx, 'cloudtrail.insights.management', 'cloudtrail', `Insights on management events (${t.insights.length} type${t.insights.length > 1 ? 's' : ''})`, analyzed, `management events analyzed — ${what}`));
  }
  const dataTypes = t.dataInsights?.length ?? 0;
  if (dataTypes > 0 && v.dataEvents.high > 0) {
    const analyzed = { low: v.dataEvents.low * dataTypes, high: v.dataEvents.high * dataTypes };
    lines.push(line(ctx, 'cloudtrail.insights.data', 'cloudtrail', `Insights on data events (${dataTypes} type${dataTypes > 1 ? 's' : ''})`, analyzed, 'data events analyzed, per type (price: medium confidence)'));
  }
  if (all.high > 0) {
    const stored = { low: (gbOf(all.low, A) / A.compressionRatio) * A.retentionMonths, high: (gbOf(all.high, A) / A.compressionRatio) * A.retentionMonths };
    lines.push(line(ctx, 's3.storage.standard', 's3', `S3 log storage (${A.retentionMonths} months kept)`, stored, `gzip ≈ 1/${A.compressionRatio} of ${A.eventSizeBytes} B/event; steady state`));
    const files = v.accountRegions * LOG_FILES_PER_ACCOUNT_REGION;
    lines.push(line(ctx, 's3.requests.put', 's3', 'S3 PUTs (log file deliveries)', { low: files, high: files }, `~one file per 5 minutes per account × Region (${v.accountRegions})`));
  }
  if (t.cloudWatchLogsGroup && all.high > 0) {
    lines.push(line(ctx, 'cloudwatch.logs.ingest', 'cloudwatch', `CloudWatch Logs ingestion (${logGroupName(t.cloudWatchLogsGroup)})`, gb(all, A), `uncompressed ${A.eventSizeBytes} B/event`));
    // CloudWatch Logs archives what it stores compressed (AWS's pricing calculator assumes ~15% of ingested;
    // aws-facts §1, medium confidence): the same compression assumption as the S3 log files.
    const stored = { low: (gbOf(all.low, A) / A.compressionRatio) * A.retentionMonths, high: (gbOf(all.high, A) / A.compressionRatio) * A.retentionMonths };
    lines.push(line(ctx, 'cloudwatch.logs.storage', 'cloudwatch', `CloudWatch Logs storage (${A.retentionMonths} months kept)`, stored, `steady state, archived compressed ≈ 1/${A.compressionRatio} of ingested (AWS's calculator assumes ~15%; medium confidence)`));
  }
  return lines;
}

/** Monthly cost per data event of a trail (linear part), for attributing cost to nodes and slices. */
export function costPerDataEvent(t: TrailSpec, ctx: PricingContext): number {
  const E = 1e6;
  const none = { low: 0, high: 0 };
  const one: TrailVolumes = { dataEvents: { low: E, high: E }, managementEvents: none, paidCopies: none, insightsAnalyzed: none, networkEvents: none, accountRegions: 0 };
  let usd = 0;
  for (const l of trailLines(t, one, { ...ctx, sevenYearTotalGb: t.lake === 'seven-year' ? ctx.sevenYearTotalGb : { low: 0, high: 0 } })) {
    if (l.price === 's3.requests.put') continue; // fixed per file, not per event
    usd += l.usd.high;
  }
  return usd / E;
}

export function sumLines(lines: readonly CostLine[]): { usd: Span; byDestination: Partial<Record<Destination, Span>> } {
  const byDestination: Partial<Record<Destination, Span>> = {};
  let low = 0;
  let high = 0;
  for (const l of lines) {
    low += l.usd.low;
    high += l.usd.high;
    const d = (byDestination[l.destination] ??= { low: 0, high: 0 });
    d.low += l.usd.low;
    d.high += l.usd.high;
  }
  return { usd: { low, high }, byDestination };
}

/** Query workload priced both ways: Athena over S3 (gzip JSON) and Lake (compressed data scanned). */
export function queryLines(ctx: PricingContext): { athena: CostLine; lake: CostLine } | null {
  const q = ctx.assumptions.queries;
  if (!q) return null;
  const gbq = { low: q.gbScannedPerMonth, high: q.gbScannedPerMonth };
  return {
    athena: line(ctx, 'athena.query', 'athena', 'Athena queries over S3 logs', gbq, q.queriesPerMonth ? `${q.queriesPerMonth} queries, 10 MB minimum each` : undefined, q.queriesPerMonth),
    lake: line(ctx, 'lake.query', 'lake', 'Lake queries', gbq, 'compressed GB scanned'),
  };
}
