/**
 * `scan --dry-run`: which volume sources each bucket has, and what reading them costs, from the discovery calls
 * only (bucket metrics configurations, Storage Lens series in CloudWatch). A billing export's coverage is known only
 * once its query ran, and the bytes Athena will scan only after (AWS reports them per query): said, not guessed.
 */
import type { Bucket } from '../model/snapshot.js';
import { ATHENA_MIN_BYTES, athenaCost } from './cur.js';
import { GET_METRIC_DATA_PRICE_PER_1000_METRICS } from './plan.js';
import { LENS_METRICS, type LensSeries } from './storage-lens.js';
import { S3_EVENT_METRICS } from './metric-queries.js';

export interface SourcesPlan {
  buckets: number;
  requestMetrics: { whole: number; prefixOnly: number; metrics: number };
  storageLens: { configurations: string[]; buckets: number; onlySource: number; series: number; metrics: number; duplicates: number };
  billingExport: { table: string } | null;
  /** Buckets with no whole-bucket source found by discovery (a billing export may still cover some). */
  uncovered: string[];
  cost: { requestMetrics: number; storageLens: number; athenaMinimum: number | null };
}

export function planVolumeSources(buckets: readonly Bucket[], lens: { series: readonly LensSeries[]; duplicates: number }, curTable: string | undefined): SourcesPlan {
  const whole = (b: Bucket) => b.metricsConfigurations.some((c) => !c.filter);
  const lensBuckets = new Set(lens.series.map((s) => `${s.account}/${s.bucket}`));
  const wholeN = buckets.filter(whole).length;
  const prefixOnly = buckets.filter((b) => !whole(b) && b.metricsConfigurations.length > 0).length;
  const rmMetrics = buckets.reduce((a, b) => a + b.metricsConfigurations.length * S3_EVENT_METRICS.length, 0);
  const lensMetrics = lens.series.length * LENS_METRICS.length;
  const uncovered = buckets.filter((b) => !whole(b) && !lensBuckets.has(`${b.account}/${b.name}`)).map((b) => b.name).sort();
  return {
    buckets: buckets.length,
    requestMetrics: { whole: wholeN, prefixOnly, metrics: rmMetrics },
    storageLens: {
      configurations: [...new Set(lens.series.map((s) => `${s.configurationId} (${s.source.account}, ${s.source.region})`))].sort(),
      buckets: lensBuckets.size,
      onlySource: buckets.filter((b) => !whole(b) && lensBuckets.has(`${b.account}/${b.name}`)).length,
      series: lens.series.length, metrics: lensMetrics, duplicates: lens.duplicates,
    },
    billingExport: curTable ? { table: curTable } : null,
    uncovered,
    cost: {
      requestMetrics: (rmMetrics / 1000) * GET_METRIC_DATA_PRICE_PER_1000_METRICS,
      storageLens: (lensMetrics / 1000) * GET_METRIC_DATA_PRICE_PER_1000_METRICS,
      athenaMinimum: curTable ? athenaCost(ATHENA_MIN_BYTES) : null,
    },
  };
}

const n = (x: number) => x.toLocaleString('en-US');
const usd = (x: number) => `$${x < 0.01 && x > 0 ? x.toFixed(5) : x.toFixed(2)}`;

/** The dry run's "where volumes come from" section (names are the caller's to sanitize). */
export function formatSourcesPlan(p: SourcesPlan, clean: (s: string) => string = (s) => s): string[] {
  const lines = [
    `Volume sources for ${n(p.buckets)} bucket(s):`,
    `  S3 request metrics     ${n(p.requestMetrics.whole).padStart(6)} whole bucket, ${n(p.requestMetrics.prefixOnly)} prefix only   ${n(p.requestMetrics.metrics)} metrics, ${usd(p.cost.requestMetrics)}`,
    p.storageLens.series
      ? `  S3 Storage Lens        ${n(p.storageLens.buckets).padStart(6)} bucket(s) (${n(p.storageLens.onlySource)} without whole-bucket request metrics)   ${n(p.storageLens.metrics)} metrics, ${usd(p.cost.storageLens)}`
      : '  S3 Storage Lens             0 bucket(s): no configuration publishes activity metrics to CloudWatch in the scanned accounts and Regions',
    ...p.storageLens.configurations.map((c) => `      configuration ${clean(c)}`),
    ...(p.storageLens.duplicates ? [`      ${n(p.storageLens.duplicates)} series of other configurations covering the same buckets are not read (they repeat the counts)`] : []),
    p.billingExport
      ? `  billing export         ${clean(p.billingExport.table)}: one Athena query; which buckets it covers is known after it runs; bytes scanned are reported by Athena after the query, not before ($5 per TB, at least 10 MB = ${usd(p.cost.athenaMinimum ?? 0)})`
      : '  billing export         not read (give --cur-table DATABASE.TABLE)',
    `  no source found        ${n(p.uncovered.length).padStart(6)} bucket(s)${p.uncovered.length ? `: ${p.uncovered.slice(0, 5).map(clean).join(', ')}${p.uncovered.length > 5 ? ', …' : ''}` : ''}${p.billingExport && p.uncovered.length ? ' (the billing export may cover some)' : ''}`,
  ];
  return lines;
}
