/**
 * Writes scenarios/demo.snapshot.json: the bundled demo organization as if `trailcost scan` + `trailcost sample`
 * had read it. Deterministic (no clock, no randomness) so the golden tests are stable:
 *   npx tsx scenarios/make-demo-snapshot.ts
 * The volumes are invented but realistic in shape: a noisy data lake scratch area, CDN/ELB log buckets written
 * all day, a PII vault read by a few services, buckets without request metrics (unknown volume).
 */
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { parse } from 'yaml';
import { fileURLToPath } from 'node:url';
import { SnapshotSchema, type SnapshotInput } from '../src/model/snapshot.js';

const MGMT = '111111111111';
const DATA = '222222222222';
const APPS = '333333333333';
const SEC = '444444444444';
const WINDOW = { start: '2026-10-01T00:00:00Z', end: '2026-10-15T00:00:00Z' };
const WINDOW_HOURS = 14 * 24;
/** Measured sums are over the 14-day window; the numbers below are per 730-hour month. */
const perWindow = (monthly: number): number => Math.round((monthly * WINDOW_HOURS) / 730);

type Req = Partial<Record<'GetRequests' | 'PutRequests' | 'DeleteRequests' | 'HeadRequests' | 'PostRequests' | 'ListRequests' | 'SelectRequests', number>>;
interface BucketSpec {
  account: string;
  region: string;
  name: string;
  /** Monthly requests of the whole bucket (unfiltered metrics configuration); absent = no metrics. */
  whole?: Req;
  /** Filtered (prefix) metrics configurations: monthly requests. */
  prefixes?: Record<string, Req>;
}

const M = 1_000_000;
const buckets: BucketSpec[] = [
  // prod-data, us-east-1
  { account: DATA, region: 'us-east-1', name: 'acme-pii-vault', whole: { GetRequests: 4.2 * M, PutRequests: 0.6 * M, HeadRequests: 1.1 * M, ListRequests: 0.2 * M, DeleteRequests: 0.05 * M }, prefixes: { 'customers/': { GetRequests: 2.9 * M, PutRequests: 0.35 * M, HeadRequests: 0.7 * M }, 'payments/': { GetRequests: 0.9 * M, PutRequests: 0.2 * M, HeadRequests: 0.3 * M } } },
  { account: DATA, region: 'us-east-1', name: 'acme-pii-exports', whole: { GetRequests: 0.3 * M, PutRequests: 0.12 * M, ListRequests: 0.02 * M } },
  { account: DATA, region: 'us-east-1', name: 'acme-datalake' /* split from the log sample below */, whole: { GetRequests: 210 * M, PutRequests: 95 * M, HeadRequests: 140 * M, ListRequests: 18 * M, DeleteRequests: 30 * M, PostRequests: 4 * M } },
  { account: DATA, region: 'us-east-1', name: 'acme-ml-features', whole: { GetRequests: 36 * M, PutRequests: 2.5 * M, HeadRequests: 8 * M, ListRequests: 1.2 * M } },
  { account: DATA, region: 'us-east-1', name: 'acme-analytics-results', whole: { GetRequests: 3.1 * M, PutRequests: 1.4 * M, ListRequests: 0.6 * M } },
  { account: DATA, region: 'us-east-1', name: 'acme-backups' },
  { account: DATA, region: 'us-east-1', name: 'acme-etl-artifacts', whole: { GetRequests: 0.9 * M, PutRequests: 0.2 * M, HeadRequests: 0.4 * M } },
  { account: DATA, region: 'us-east-1', name: 'acme-athena-results', whole: { GetRequests: 2.2 * M, PutRequests: 2.0 * M, HeadRequests: 1.8 * M, ListRequests: 0.5 * M } },
  // prod-data, eu-west-1
  { account: DATA, region: 'eu-west-1', name: 'acme-eu-pii-vault', whole: { GetRequests: 1.6 * M, PutRequests: 0.25 * M, HeadRequests: 0.4 * M }, prefixes: { 'customers/': { GetRequests: 1.2 * M, PutRequests: 0.2 * M, HeadRequests: 0.3 * M } } },
  { account: DATA, region: 'eu-west-1', name: 'acme-eu-datalake', whole: { GetRequests: 48 * M, PutRequests: 22 * M, HeadRequests: 31 * M, ListRequests: 4 * M, DeleteRequests: 6 * M } },
  { account: DATA, region: 'eu-west-1', name: 'acme-eu-backups' },
  // prod-apps, us-east-1
  { account: APPS, region: 'us-east-1', name: 'acme-web-assets', whole: { GetRequests: 12 * M, HeadRequests: 3 * M, PutRequests: 0.05 * M } },
  { account: APPS, region: 'us-east-1', name: 'acme-cdn-logs', whole: { PutRequests: 26 * M, GetRequests: 2.6 * M, ListRequests: 0.3 * M, DeleteRequests: 1.2 * M } },
  { account: APPS, region: 'us-east-1', name: 'acme-elb-logs', whole: { PutRequests: 17 * M, GetRequests: 1.7 * M, ListRequests: 0.2 * M } },
  { account: APPS, region: 'us-east-1', name: 'acme-user-uploads', whole: { GetRequests: 9.5 * M, PutRequests: 2.1 * M, HeadRequests: 2.4 * M, DeleteRequests: 0.2 * M } },
  { account: APPS, region: 'us-east-1', name: 'acme-app-config', whole: { GetRequests: 0.8 * M, HeadRequests: 0.3 * M } },
  { account: APPS, region: 'us-east-1', name: 'acme-static-site', whole: { GetRequests: 5.5 * M, HeadRequests: 1.2 * M } },
  { account: APPS, region: 'us-east-1', name: 'acme-media-transcode', whole: { GetRequests: 7.2 * M, PutRequests: 6.8 * M, PostRequests: 1.1 * M } },
  { account: APPS, region: 'us-east-1', name: 'acme-thumbnails' },
  // prod-apps, us-west-2
  { account: APPS, region: 'us-west-2', name: 'acme-dr-replica' },
  { account: APPS, region: 'us-west-2', name: 'acme-usw2-elb-logs', whole: { PutRequests: 6.5 * M, GetRequests: 0.6 * M } },
  { account: APPS, region: 'us-west-2', name: 'acme-usw2-cdn-logs', whole: { PutRequests: 9.8 * M, GetRequests: 1.0 * M } },
  { account: APPS, region: 'us-west-2', name: 'acme-usw2-assets', whole: { GetRequests: 4.1 * M, HeadRequests: 0.9 * M } },
  // prod-apps, eu-west-1
  { account: APPS, region: 'eu-west-1', name: 'acme-eu-web-assets', whole: { GetRequests: 6.3 * M, HeadRequests: 1.4 * M } },
  { account: APPS, region: 'eu-west-1', name: 'acme-eu-elb-logs', whole: { PutRequests: 8.2 * M, GetRequests: 0.8 * M } },
  { account: APPS, region: 'eu-west-1', name: 'acme-eu-user-uploads', whole: { GetRequests: 3.6 * M, PutRequests: 0.9 * M, HeadRequests: 0.8 * M } },
  // security-logs, us-east-1: the org trail's bucket. The data trail below logs it: every log file delivery is
  // a PutObject, and the log readers' GetObjects, all logged again (the feedback loop).
  { account: SEC, region: 'us-east-1', name: 'acme-org-cloudtrail', whole: { PutRequests: 3.4 * M, GetRequests: 5.1 * M, HeadRequests: 1.5 * M, ListRequests: 0.4 * M } },
  { account: SEC, region: 'us-east-1', name: 'acme-security-trail-logs', whole: { PutRequests: 0.9 * M, GetRequests: 0.5 * M } },
  { account: SEC, region: 'us-east-1', name: 'acme-config-snapshots', whole: { PutRequests: 0.4 * M, GetRequests: 0.1 * M } },
  { account: SEC, region: 'us-east-1', name: 'acme-guardduty-findings', whole: { PutRequests: 0.05 * M, GetRequests: 0.02 * M } },
  { account: SEC, region: 'us-east-1', name: 'acme-vpc-flow-logs', whole: { PutRequests: 14 * M, GetRequests: 2.2 * M, ListRequests: 0.4 * M } },
  // management, us-east-1
  { account: MGMT, region: 'us-east-1', name: 'acme-mgmt-billing-reports', whole: { PutRequests: 0.01 * M, GetRequests: 0.03 * M } },
  { account: MGMT, region: 'us-east-1', name: 'acme-mgmt-terraform-state', whole: { GetRequests: 0.2 * M, PutRequests: 0.02 * M, ListRequests: 0.05 * M } },
  { account: MGMT, region: 'us-east-1', name: 'acme-mgmt-cfn-templates' },
];

interface FnSpec { account: string; region: string; name: string; monthly?: number; asyncShare?: number }
const functions: FnSpec[] = [
  { account: APPS, region: 'us-east-1', name: 'api-auth', monthly: 48 * M, asyncShare: 0 },
  { account: APPS, region: 'us-east-1', name: 'api-orders', monthly: 22 * M, asyncShare: 0 },
  { account: APPS, region: 'us-east-1', name: 'api-catalog', monthly: 31 * M, asyncShare: 0 },
  { account: APPS, region: 'us-east-1', name: 'image-resize', monthly: 4.5 * M, asyncShare: 1 },
  { account: APPS, region: 'us-east-1', name: 'thumbnail-gen', monthly: 3.8 * M, asyncShare: 1 },
  { account: APPS, region: 'us-east-1', name: 'order-events', monthly: 6.1 * M, asyncShare: 1 },
  { account: APPS, region: 'us-east-1', name: 'email-sender', monthly: 1.2 * M, asyncShare: 1 },
  { account: APPS, region: 'us-east-1', name: 'cdn-log-processor', monthly: 2.6 * M, asyncShare: 1 },
  { account: APPS, region: 'us-east-1', name: 'elb-log-processor', monthly: 1.7 * M, asyncShare: 1 },
  { account: APPS, region: 'us-east-1', name: 'nightly-report', monthly: 0.004 * M, asyncShare: 1 },
  { account: APPS, region: 'us-east-1', name: 'feature-flags', monthly: 9.4 * M /* async share not known */ },
  { account: APPS, region: 'eu-west-1', name: 'eu-api-auth', monthly: 17 * M, asyncShare: 0 },
  { account: APPS, region: 'eu-west-1', name: 'eu-api-orders', monthly: 8.3 * M, asyncShare: 0 },
  { account: APPS, region: 'eu-west-1', name: 'eu-image-resize', monthly: 1.4 * M, asyncShare: 1 },
  { account: APPS, region: 'us-west-2', name: 'dr-healthcheck', monthly: 0.09 * M, asyncShare: 0 },
  { account: DATA, region: 'us-east-1', name: 'etl-ingest', monthly: 3.3 * M, asyncShare: 1 },
  { account: DATA, region: 'us-east-1', name: 'etl-transform', monthly: 2.9 * M, asyncShare: 0.6 },
  { account: DATA, region: 'us-east-1', name: 'feature-builder', monthly: 0.7 * M, asyncShare: 0 },
  { account: DATA, region: 'us-east-1', name: 'pii-tokenizer', monthly: 5.6 * M, asyncShare: 0 },
  { account: DATA, region: 'us-east-1', name: 'pii-export', monthly: 0.2 * M, asyncShare: 1 },
  { account: SEC, region: 'us-east-1', name: 'log-forwarder', monthly: 2.1 * M, asyncShare: 1 },
  { account: SEC, region: 'us-east-1', name: 'guardduty-responder' /* no metric data yet: unknown */ },
];

interface TableSpec { account: string; region: string; name: string; ops?: Record<string, number> }
const tables: TableSpec[] = [
  { account: APPS, region: 'us-east-1', name: 'orders', ops: { GetItem: 41 * M, PutItem: 6.2 * M, UpdateItem: 9.8 * M, Query: 18 * M } },
  { account: APPS, region: 'us-east-1', name: 'sessions', ops: { GetItem: 160 * M, PutItem: 48 * M, UpdateItem: 95 * M, DeleteItem: 12 * M } },
  { account: APPS, region: 'us-east-1', name: 'carts', ops: { GetItem: 27 * M, PutItem: 9 * M, UpdateItem: 14 * M, DeleteItem: 3 * M } },
  { account: APPS, region: 'us-east-1', name: 'catalog', ops: { GetItem: 62 * M, Query: 21 * M, BatchGetItem: 4 * M, PutItem: 0.3 * M } },
  { account: APPS, region: 'us-east-1', name: 'users', ops: { GetItem: 15 * M, UpdateItem: 1.1 * M, PutItem: 0.2 * M, Query: 2.4 * M } },
  { account: APPS, region: 'eu-west-1', name: 'eu-orders', ops: { GetItem: 12 * M, PutItem: 1.9 * M, UpdateItem: 3.1 * M, Query: 5 * M } },
  { account: APPS, region: 'eu-west-1', name: 'eu-sessions', ops: { GetItem: 55 * M, PutItem: 16 * M, UpdateItem: 31 * M } },
  { account: DATA, region: 'us-east-1', name: 'pii-tokens', ops: { GetItem: 11 * M, PutItem: 0.9 * M, Query: 0.4 * M } },
  { account: DATA, region: 'us-east-1', name: 'etl-jobs', ops: { GetItem: 1.3 * M, PutItem: 0.4 * M, UpdateItem: 1.1 * M, Scan: 0.02 * M } },
  { account: DATA, region: 'us-east-1', name: 'feature-store', ops: { BatchGetItem: 8 * M, BatchWriteItem: 1.5 * M, Query: 3.2 * M } },
  { account: SEC, region: 'us-east-1', name: 'security-findings' },
];

const measurements: SnapshotInput['measurements'] = [];
const metricsConfigurations = (b: BucketSpec) => {
  const out: Array<{ id: string; filter?: { prefix: string } }> = [];
  if (b.whole) out.push({ id: 'EntireBucket' });
  for (const p of Object.keys(b.prefixes ?? {})) out.push({ id: `prefix-${p.replace(/\/$/, '')}`, filter: { prefix: p } });
  return out;
};
for (const b of buckets) {
  const add = (filterId: string, req: Req) => {
    for (const [metric, monthly] of Object.entries(req)) {
      measurements.push({ kind: 's3', account: b.account, region: b.region, bucket: b.name, filterId, metric: metric as keyof Req, sum: perWindow(monthly), window: WINDOW });
    }
  };
  if (b.whole) add('EntireBucket', b.whole);
  for (const [p, req] of Object.entries(b.prefixes ?? {})) add(`prefix-${p.replace(/\/$/, '')}`, req);
}
// eu datalake's configuration exists but CloudWatch returned no data for HeadRequests (null = no data, not 0).
measurements.push({ kind: 's3', account: DATA, region: 'eu-west-1', bucket: 'acme-eu-datalake', filterId: 'EntireBucket', metric: 'SelectRequests', sum: null, window: WINDOW });
const fnArn = (f: { account: string; region: string; name: string }) => `arn:aws:lambda:${f.region}:${f.account}:function:${f.name}`;
const tableArn = (t: { account: string; region: string; name: string }) => `arn:aws:dynamodb:${t.region}:${t.account}:table/${t.name}`;
for (const f of functions) {
  if (f.monthly !== undefined) measurements.push({ kind: 'lambda', account: f.account, region: f.region, function: f.name, metric: 'Invocations', sum: perWindow(f.monthly), window: WINDOW });
  else measurements.push({ kind: 'lambda', account: f.account, region: f.region, function: f.name, metric: 'Invocations', sum: null, window: WINDOW });
}
for (const t of tables) {
  for (const [op, monthly] of Object.entries(t.ops ?? {})) {
    measurements.push({ kind: 'dynamodb', account: t.account, region: t.region, table: t.name, operation: op, metric: 'SuccessfulRequestLatency:SampleCount', sum: perWindow(monthly), window: WINDOW });
  }
}

// A one-day log sample of the data lake (`trailcost sample`), giving the per-prefix split metrics cannot.
const SAMPLE_WINDOW = { start: '2026-10-14T00:00:00Z', end: '2026-10-15T00:00:00Z' };
const lake = 'arn:aws:s3:::acme-datalake/';
const spark = 'arn:aws:sts::222222222222:assumed-role/emr-spark-role/i-0abc';
const glue = 'arn:aws:sts::222222222222:assumed-role/glue-etl-role/GlueJobRunnerSession';
const analyst = 'arn:aws:sts::222222222222:assumed-role/analyst/jdoe';
const sampleRows: Array<[string, string, boolean, number, string, Array<{ arn: string; count: number }>?]> = [
  // [prefix, eventName, readOnly, count/day, eventType, callers]
  ['raw/', 'PutObject', false, 420_000, 'AwsApiCall', [{ arn: glue, count: 400_000 }, { arn: spark, count: 20_000 }]],
  ['raw/', 'GetObject', true, 610_000, 'AwsApiCall', [{ arn: spark, count: 590_000 }, { arn: analyst, count: 20_000 }]],
  ['raw/', 'HeadObject', true, 380_000, 'AwsApiCall'],
  ['curated/', 'GetObject', true, 1_250_000, 'AwsApiCall', [{ arn: analyst, count: 300_000 }, { arn: spark, count: 950_000 }]],
  ['curated/', 'PutObject', false, 160_000, 'AwsApiCall'],
  ['curated/', 'HeadObject', true, 520_000, 'AwsApiCall'],
  ['curated/finance/', 'GetObject', true, 90_000, 'AwsApiCall', [{ arn: analyst, count: 90_000 }]],
  ['scratch/tmp/', 'PutObject', false, 1_900_000, 'AwsApiCall', [{ arn: spark, count: 1_900_000 }]],
  ['scratch/tmp/', 'GetObject', true, 2_300_000, 'AwsApiCall', [{ arn: spark, count: 2_300_000 }]],
  ['scratch/tmp/', 'HeadObject', true, 3_100_000, 'AwsApiCall', [{ arn: spark, count: 3_100_000 }]],
  ['scratch/tmp/', 'DeleteObjects', false, 12_000, 'AwsApiCall', [{ arn: spark, count: 12_000 }]],
  ['scratch/tmp/', 'DeleteObject', false, 1_150_000, 'AwsServiceEvent', [{ arn: spark, count: 1_150_000 }]],
  ['scratch/spark-staging/', 'PutObject', false, 700_000, 'AwsApiCall', [{ arn: spark, count: 700_000 }]],
  ['scratch/spark-staging/', 'GetObject', true, 620_000, 'AwsApiCall', [{ arn: spark, count: 620_000 }]],
  ['scratch/spark-staging/', 'CreateMultipartUpload', false, 70_000, 'AwsApiCall'],
  ['scratch/spark-staging/', 'UploadPart', false, 520_000, 'AwsApiCall'],
  ['scratch/spark-staging/', 'CompleteMultipartUpload', false, 70_000, 'AwsApiCall'],
  ['', 'ListObjects', true, 590_000, 'AwsApiCall', [{ arn: spark, count: 500_000 }, { arn: analyst, count: 90_000 }]],
];

const snapshot: SnapshotInput = {
  version: 1,
  generatedAt: '2026-10-15T00:05:00Z',
  source: { tool: 'trailcost', kind: 'generated', note: 'bundled demo organization (scenarios/make-demo-snapshot.ts)' },
  window: WINDOW,
  organization: { id: 'o-acme12345', managementAccount: MGMT },
  accounts: [
    { id: MGMT, name: 'management' },
    { id: DATA, name: 'prod-data' },
    { id: APPS, name: 'prod-apps' },
    { id: SEC, name: 'security' },
  ],
  regions: ['us-east-1', 'us-west-2', 'eu-west-1'],
  buckets: buckets.map((b) => ({ account: b.account, region: b.region, name: b.name, metricsConfigurations: metricsConfigurations(b) })),
  functions: functions.map((f) => ({ account: f.account, region: f.region, name: f.name, arn: fnArn(f), asyncShare: f.asyncShare })),
  tables: tables.map((t) => ({ account: t.account, region: t.region, name: t.name, arn: tableArn(t) })),
  measurements,
  samples: [
    {
      source: 's3://acme-org-cloudtrail/data/AWSLogs/o-acme12345/222222222222/CloudTrail/us-east-1/2026/10/14/',
      window: SAMPLE_WINDOW,
      records: sampleRows.reduce((a, r) => a + r[3], 0),
      duplicates: 0,
      rows: sampleRows.map(([prefix, eventName, readOnly, count, eventType, callers]) => ({
        account: DATA, region: 'us-east-1', resourceType: 'AWS::S3::Object', arn: `${lake}${prefix}`, eventName, readOnly, eventType, count, callers,
      })),
    },
  ],
  // The trails as a scan would record them: taken from demo.yaml (which re-declares them, replacing these by
  // name, so its variants can edit them) — `trailcost estimate --snapshot demo.snapshot.json` sees the same.
  trails: demoTrails(),
  eventDataStores: [],
  billing: billingRows(),
  gaps: [
    { service: 's3', operation: 'ListBucketMetricsConfigurations', account: APPS, region: 'us-west-2', resource: 'acme-dr-replica', error: 'AccessDenied', message: 'not authorized to read the metrics configuration of acme-dr-replica' },
  ],
};

function demoTrails(): NonNullable<SnapshotInput['trails']> {
  const doc = parse(readFileSync(fileURLToPath(new URL('./demo.yaml', import.meta.url)), 'utf8')) as { trails: Array<Record<string, unknown> & { name: string; account: string; homeRegion: string }> };
  return doc.trails.map((t) => ({ ...t, arn: `arn:aws:cloudtrail:${t.homeRegion}:${t.account}:trail/${t.name}` })) as NonNullable<SnapshotInput['trails']>;
}

/** Cost Explorer rows for October 1–15 (CloudTrail, by usage type): what the bill said. */
function billingRows(): NonNullable<SnapshotInput['billing']> {
  const period = WINDOW;
  // Deliveries billed in the window (not monthly): chosen to differ from the model — the buckets without metrics
  // (unknown volume) make the bill ~20% higher than the model in us-east-1.
  const rows: Array<[string, number, number]> = [
    ['USE1-DataEventsRecorded', 441_000_000, 441.0],
    ['EU-DataEventsRecorded', 98_400_000, 98.4],
    ['USW2-DataEventsRecorded', 10_100_000, 10.1],
    ['USE1-FreeEventsRecorded', 41_000_000, 0],
    ['EU-FreeEventsRecorded', 9_200_000, 0],
    ['USW2-FreeEventsRecorded', 3_900_000, 0],
    ['USE1-PaidEventsRecorded', 40_100_000, 802.0],
    ['EU-PaidEventsRecorded', 9_050_000, 181.0],
    ['USW2-PaidEventsRecorded', 3_880_000, 77.6],
  ];
  return rows.map(([usageType, quantity, cost]) => ({ period, usageType, quantity, unit: 'Events', cost, estimated: false }));
}

const parsed = SnapshotSchema.parse(snapshot);
const out = fileURLToPath(new URL('./demo.snapshot.json', import.meta.url));
writeFileSync(`${out}.tmp`, `${JSON.stringify(parsed, null, 2)}\n`);
renameSync(`${out}.tmp`, out);
console.log(`wrote ${out}: ${parsed.buckets.length} buckets, ${parsed.functions.length} functions, ${parsed.tables.length} tables, ${parsed.measurements.length} measurements`);
