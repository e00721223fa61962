/**
 * The query workload priced both ways for the same data events: kept in S3 and queried with Athena, or in
 * CloudTrail Lake (one-year and seven-year retention) and queried there.
 */
import { rateLabel } from '../pricing/price.js';
import { DAYS_PER_MONTH, gbOf, queryLines, sumLines, trailLines, type PricingContext, type TrailVolumes } from './cost.js';
import { sumSpans } from './span.js';
import type { TrailSpec } from './trails.js';
import type { QueryComparison, Span } from './types.js';

export function queryComparison(ctx: PricingContext, specs: readonly TrailSpec[], dataNow: readonly Span[], governed: readonly number[]): { q: QueryComparison | null; lines: ReturnType<typeof queryLines> } {
  const A = ctx.assumptions;
  const G = governed;
  const ql = queryLines(ctx);
  if (!ql) return { q: null, lines: null };
  // The events the comparison is about: data events of governed trails (or of every data trail).
  const ks = G.length > 0 ? G : specs.map((_, k) => k).filter((k) => dataNow[k].high > 0);
  const events = sumSpans(ks.map((k) => dataNow[k]));
  const asTrail: TrailSpec = { ...specs[ks[0] ?? 0], kind: 'trail', cloudWatchLogsGroup: undefined, lake: undefined, insights: [] };
  // Kept as long as the S3 logs are: past 366 days a one-year store pays extended storage.
  const asOneYear: TrailSpec = { ...asTrail, kind: 'eventDataStore', lake: 'one-year', retentionDays: Math.round(A.retentionMonths * DAYS_PER_MONTH) };
  const asSevenYear: TrailSpec = { ...asTrail, kind: 'eventDataStore', lake: 'seven-year' };
  const none = { low: 0, high: 0 };
  const v: TrailVolumes = { dataEvents: events, managementEvents: none, paidCopies: none, insightsAnalyzed: none, networkEvents: none, accountRegions: 0 };
  const s3 = sumLines([...trailLines(asTrail, v, ctx), ql.athena]).usd;
  const l1 = sumLines([...trailLines(asOneYear, v, ctx), ql.lake]).usd;
  const gbTotal = { low: gbOf(events.low, A), high: gbOf(events.high, A) };
  const l7 = sumLines([...trailLines(asSevenYear, v, { ...ctx, sevenYearTotalGb: gbTotal }), ql.lake]).usd;
  return {
    q: {
      gbScannedPerMonth: A.queries!.gbScannedPerMonth, athenaUsd: ql.athena.usd.high, lakeUsd: ql.lake.usd.high,
      events, s3PlusAthena: s3, lakeOneYear: l1, lakeSevenYear: l7,
      rates: {
        athenaQuery: rateLabel(ctx.book, 'athena.query', A.pricingRegion),
        lakeIngestOneYear: rateLabel(ctx.book, 'lake.ingest.oneYear.cloudtrail', A.pricingRegion),
        lakeQuery: rateLabel(ctx.book, 'lake.query', A.pricingRegion),
      },
      lakeWarning: A.lakeExistingCustomer === true ? undefined : 'CloudTrail Lake: existing customers only (closed to new customers from 2026-05-31)',
    },
    lines: ql,
  };
}
