/**
 * Volume sources the fake serves besides request metrics (aws-facts §8), seeded from the buckets' true daily
 * rates so tests know the ground truth:
 * - S3 Storage Lens advanced metrics in CloudWatch (`AWS/S3/Storage-Lens`): an organization configuration owned by
 *   the management account in the home Region covers a share of all buckets (some with their requests split over
 *   two storage_class series), and a member account's own configuration covers its covered buckets again (the
 *   duplicate publishing AWS warns about). Daily points, Average only, and the last day not yet published.
 * - A billing export table (CUR 2.0 columns) for Athena: per covered bucket and day, Requests-Tier1/Tier2 rows by
 *   operation, some with a storage-class variant, some without an operation, plus rows the query must leave out
 *   (Tier3, another product, non-Usage line items, another month). No DELETE rows: DELETE is free.
 * Dice come from their own generator, so enabling a source changes nothing else in the organization.
 */
import { prng } from '../support/prng.js';
import type { SeededBucket, S3RequestMetric } from './seed.js';
import { seedAccessLogs, type AccessLogsTruth } from './access-logs.js';

export interface VolumeSourceOptions {
  /** Share of buckets a Storage Lens configuration publishes to CloudWatch (0 = none, the default). */
  storageLens?: number;
  /** Share of buckets with request lines in the billing export (0 = no export, the default). */
  cur?: number;
  /** Share of the buckets without whole-bucket request metrics that have S3 server access logs (access-logs.ts). */
  accessLogs?: number;
}

export const LENS_NAMESPACE = 'AWS/S3/Storage-Lens';
const NAMED: S3RequestMetric[] = ['GetRequests', 'PutRequests', 'DeleteRequests', 'HeadRequests', 'PostRequests', 'SelectRequests', 'ListRequests'];

export interface LensSeriesTruth {
  owner: string;
  homeRegion: string;
  dims: Record<string, string>;
  bucket: SeededBucket;
  /** This series' daily value per metric (AllRequests included). */
  daily: Record<string, number>;
}

export interface CurRow {
  line_item_usage_account_id: string;
  line_item_resource_id: string;
  line_item_product_code: string;
  line_item_line_item_type: string;
  line_item_usage_type: string;
  line_item_operation: string | null;
  line_item_usage_amount: number;
  /** Epoch ms. */
  line_item_usage_start_date: number;
  line_item_usage_end_date: number;
}

export interface VolumeSourcesTruth {
  lens: LensSeriesTruth[];
  /** Buckets (by name) the Storage Lens series cover. */
  lensBuckets: Set<string>;
  /** Buckets (by name) the billing export has request lines for. */
  curBuckets: Set<string>;
  /** `database.table` of the billing export, when there is one. */
  curTable?: string;
  /** Billing rows for whole UTC days in [start, end), up to the export's lag. */
  curRows(start: number, end: number): CurRow[];
  /** S3 server access logs, when the seed asks for them. */
  accessLogs?: AccessLogsTruth;
}

const DAY = 86_400_000;
const REGION_CODE: Record<string, string> = { 'us-east-1': '', 'eu-west-1': 'EU-', 'us-west-2': 'USW2-', 'us-east-2': 'USE2-', 'eu-central-1': 'EUC1-' };

export function seedVolumeSources(input: {
  seed: number; buckets: SeededBucket[]; accounts: Array<{ id: string }>; regions: string[]; organizationId: string;
  now: Date; opts: VolumeSourceOptions;
}): VolumeSourcesTruth {
  const rnd = prng(input.seed * 104_723 + 71);
  const mgmt = input.accounts[0].id;
  const home = input.regions[0];
  const lens: LensSeriesTruth[] = [];
  const lensBuckets = new Set<string>();
  const curBuckets = new Set<string>();
  const split = new Map<string, number>();
  for (const b of input.buckets) {
    const inLens = rnd() < (input.opts.storageLens ?? 0);
    const inCur = rnd() < (input.opts.cur ?? 0);
    const twoClasses = rnd() < 0.3;
    if (inLens) {
      lensBuckets.add(b.name);
      split.set(b.name, twoClasses ? 0.25 + rnd() * 0.5 : 1);
    }
    if (inCur) curBuckets.add(b.name);
  }
  const series = (owner: string, region: string, config: string, org: boolean) => {
    for (const b of input.buckets) {
      const share = split.get(b.name);
      if (share === undefined) continue;
      if (!org && b.account !== owner) continue;
      const parts: Array<[string, number]> = share === 1 ? [['STANDARD', 1]] : [['STANDARD', share], ['STANDARD_IA', 1 - share]];
      let left: Record<string, number> = Object.fromEntries(NAMED.map((m) => [m, b.daily[m] ?? 0]));
      parts.forEach(([storageClass, s], i) => {
        // The last series takes what is left, so the series sum to the bucket's truth exactly.
        const daily: Record<string, number> = {};
        for (const m of NAMED) daily[m] = i === parts.length - 1 ? left[m] : Math.floor((b.daily[m] ?? 0) * s);
        left = Object.fromEntries(NAMED.map((m) => [m, left[m] - daily[m]]));
        daily.AllRequests = NAMED.reduce((a, m) => a + daily[m], 0);
        const dims: Record<string, string> = {
          configuration_id: config, metrics_version: '1.0', aws_account_number: b.account, aws_region: b.region,
          bucket_name: b.name, storage_class: storageClass, record_type: 'BUCKET',
          ...(org ? { organization_id: input.organizationId } : {}),
        };
        lens.push({ owner, homeRegion: region, dims, bucket: b, daily });
      });
    }
  };
  if (lensBuckets.size) {
    series(mgmt, home, 'org-activity', true);
    // A member's own dashboard covers its buckets again: the same counts, published a second time.
    const member = input.accounts[1]?.id;
    if (member) series(member, input.regions[1 % input.regions.length], 'team-dashboard', false);
  }

  const hasCur = (input.opts.cur ?? 0) > 0;
  // The export runs about a day behind: nothing for today or yesterday.
  const lastDay = Math.floor(input.now.getTime() / DAY) * DAY - DAY;
  const covered = input.buckets.filter((b) => curBuckets.has(b.name));
  const curRows = (start: number, end: number): CurRow[] => {
    const rows: CurRow[] = [];
    if (!hasCur) return rows;
    const row = (b: SeededBucket, day: number, usage: string, op: string | null, amount: number, extra: Partial<CurRow> = {}) => {
      if (amount <= 0) return;
      rows.push({
        line_item_usage_account_id: b.account, line_item_resource_id: b.name, line_item_product_code: 'AmazonS3',
        line_item_line_item_type: 'Usage', line_item_usage_type: usage, line_item_operation: op, line_item_usage_amount: amount,
        line_item_usage_start_date: day, line_item_usage_end_date: day + DAY, ...extra,
      });
    };
    for (let day = Math.floor(start / DAY) * DAY; day < Math.min(end, lastDay); day += DAY) {
      covered.forEach((b, i) => {
        const rc = REGION_CODE[b.region] ?? `${b.region}-`;
        const d = b.daily;
        // Standard and Standard-IA lines: a fifth of the GETs read Standard-IA objects.
        const sia = Math.floor((d.GetRequests ?? 0) / 5);
        row(b, day, `${rc}Requests-Tier2`, 'GetObject', (d.GetRequests ?? 0) - sia);
        row(b, day, `${rc}Requests-SIA-Tier2`, 'GetObject', sia);
        row(b, day, `${rc}Requests-Tier1`, 'PutObject', d.PutRequests ?? 0);
        row(b, day, `${rc}Requests-Tier1`, 'ListBucket', d.ListRequests ?? 0);
        row(b, day, `${rc}Requests-Tier1`, 'CompleteMultipartUpload', d.PostRequests ?? 0);
        row(b, day, `${rc}Requests-Tier2`, 'SelectObjectContent', d.SelectRequests ?? 0);
        // Every third bucket's HEADs come without an operation (the export only says Tier 2).
        row(b, day, `${rc}Requests-Tier2`, i % 3 === 0 ? null : 'HeadObject', d.HeadRequests ?? 0);
        // Requests that are not data events: bucket-level reads, lifecycle transitions, and lines to leave out.
        row(b, day, `${rc}Requests-Tier2`, 'GetBucketLocation', 3);
        row(b, day, `${rc}Requests-Tier4`, 'S3-LifecycleTransition', 40);
        row(b, day, `${rc}Requests-Tier1`, 'PutObject', 1_000_000, { line_item_line_item_type: 'EdpDiscount' });
        row(b, day, `${rc}Requests-Tier1`, 'RunInstances', 1_000_000, { line_item_product_code: 'AmazonEC2' });
      });
    }
    return rows;
  };
  const accessLogs = (input.opts.accessLogs ?? 0) > 0
    ? seedAccessLogs({ seed: input.seed, buckets: input.buckets, managementAccount: mgmt, share: input.opts.accessLogs! })
    : undefined;
  return { lens, lensBuckets, curBuckets, ...(hasCur ? { curTable: 'billing.cur2' } : {}), curRows, ...(accessLogs ? { accessLogs } : {}) };
}

/** The daily value of a Storage Lens series (Average only), or undefined. */
export function lensDaily(t: VolumeSourcesTruth, account: string, region: string, metric: string, stat: string, dims: Record<string, string>): number | undefined {
  if (stat !== 'Average') return undefined;
  const s = t.lens.find((x) => x.owner === account && x.homeRegion === region && sameDims(x.dims, dims));
  const v = s?.daily[metric];
  return v ? v : undefined;
}

function sameDims(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

/** ListMetrics over the Storage Lens series published in one account and Region. */
export function lensListMetrics(t: VolumeSourcesTruth, account: string, region: string, metricName?: string): Array<{ MetricName: string; dims: Record<string, string> }> {
  const names = [...NAMED, 'AllRequests'].filter((n) => !metricName || n === metricName);
  const out: Array<{ MetricName: string; dims: Record<string, string> }> = [];
  for (const s of t.lens) {
    if (s.owner !== account || s.homeRegion !== region) continue;
    for (const n of names) out.push({ MetricName: n, dims: s.dims });
  }
  return out;
}
