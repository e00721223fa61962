/**
 * S3 Storage Lens advanced metrics published to CloudWatch (aws-facts §8): daily request counts per bucket, in the
 * account that owns the configuration and in the configuration's home Region, namespace `AWS/S3/Storage-Lens`,
 * statistic Average. GetMetricData needs every dimension of a series exactly (configuration_id, metrics_version,
 * organization_id for organization configurations, aws_account_number, aws_region, bucket_name, storage_class,
 * record_type), so the series are discovered with ListMetrics rather than guessed. The S3 Control configuration
 * APIs are not called: ListMetrics already names every configuration that publishes (and the SDK's S3 Control
 * client is not a dependency). ListMetrics only lists series with data in the last two weeks, so a configuration
 * switched off earlier than that is not found even if its history would cover the window.
 */
import { ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import type { ClientFactory } from './clients.js';
import { S3_EVENT_METRICS, type MetricRequest } from './metric-queries.js';

export const LENS_NAMESPACE = 'AWS/S3/Storage-Lens';
/** The request metrics read per series: the seven that map to data events, and AllRequests as a check on them. */
export const LENS_METRICS = [...S3_EVENT_METRICS, 'AllRequests'] as const;

const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

export interface LensSeries {
  /** Where the series is published: the configuration owner's account and the configuration's home Region. */
  source: { account: string; region: string };
  configurationId: string;
  /** The bucket's own account and Region (from aws_account_number and aws_region). */
  account: string;
  region: string;
  bucket: string;
  storageClass: string;
  /** Every dimension as ListMetrics returned it, sorted by name (GetMetricData matches the full set). */
  dimensions: Array<{ Name: string; Value: string }>;
}

/** One bucket-level series of a ListMetrics answer, or undefined when it is not one (account or organization level). */
export function parseLensSeries(source: LensSeries['source'], dims: ReadonlyArray<{ Name?: string; Value?: string }>): LensSeries | undefined {
  const d = new Map<string, string>();
  for (const x of dims) if (x.Name && x.Value !== undefined) d.set(x.Name, x.Value);
  const bucket = d.get('bucket_name');
  const configurationId = d.get('configuration_id');
  const account = d.get('aws_account_number');
  const region = d.get('aws_region');
  if (!bucket || !configurationId || !account || !region || !ACCOUNT.test(account) || !REGION.test(region)) return undefined;
  const dimensions = [...d].map(([Name, Value]) => ({ Name, Value })).sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
  return { source, configurationId, account, region, bucket, storageClass: d.get('storage_class') ?? '', dimensions };
}

/**
 * Bucket-level Storage Lens series published in one account and Region. One metric name is listed (AllRequests):
 * every activity metric of a series shares its dimensions, so the other names need no listing of their own.
 */
export async function listLensSeries(clients: ClientFactory, account: string, region: string): Promise<LensSeries[]> {
  const cw = clients.get('cloudwatch', account, region);
  const out: LensSeries[] = [];
  let token: string | undefined;
  do {
    const page = await cw.send(new ListMetricsCommand({ Namespace: LENS_NAMESPACE, MetricName: 'AllRequests', NextToken: token }));
    for (const m of page.Metrics ?? []) {
      const s = parseLensSeries({ account, region }, m.Dimensions ?? []);
      if (s) out.push(s);
    }
    token = page.NextToken || undefined;
  } while (token);
  return out;
}

/**
 * The series to read: for each bucket of `inventory` (`account/name`), the series of one configuration only.
 * Several configurations can cover one bucket and each publishes the same counts again (AWS: "duplicate metrics"),
 * so summing them would double the volume; the first configuration by owner, Region and id is kept.
 */
export function pickLensSeries(all: readonly LensSeries[], inventory: ReadonlySet<string>): { series: LensSeries[]; duplicates: number } {
  const key = (s: LensSeries) => `${s.source.account}|${s.source.region}|${s.configurationId}`;
  const chosen = new Map<string, string>();
  for (const s of all) {
    const b = `${s.account}/${s.bucket}`;
    if (!inventory.has(b)) continue;
    const k = key(s);
    const prev = chosen.get(b);
    if (prev === undefined || k < prev) chosen.set(b, k);
  }
  const seen = new Set<string>();
  const series: LensSeries[] = [];
  let duplicates = 0;
  for (const s of all) {
    const b = `${s.account}/${s.bucket}`;
    if (!chosen.has(b)) continue;
    if (chosen.get(b) !== key(s)) {
      duplicates++;
      continue;
    }
    const id = `${b}|${s.storageClass}`;
    if (seen.has(id)) continue;
    seen.add(id);
    series.push(s);
  }
  return { series, duplicates };
}

/** The metrics of one series, as GetMetricData queries (statistic Average, daily). */
export function lensRequests(s: LensSeries): MetricRequest[] {
  return LENS_METRICS.map((metric) => ({
    namespace: LENS_NAMESPACE, metricName: metric, stat: 'Average', dimensions: s.dimensions,
    target: {
      kind: 'storage-lens', account: s.account, region: s.region, bucket: s.bucket, configurationId: s.configurationId,
      storageClass: s.storageClass, metric, source: s.source,
    },
  }));
}
