/** What `trailcost scan` prints: the dry-run plan, and the summary after a scan (never the snapshot itself). */
import type { Bucket } from '../model/snapshot.js';
import type { ScanResult } from './scan.js';
import { terminalSafe } from '../report/terminal-text.js';
import { athenaCost } from './cur.js';
import { formatSourcesPlan } from './sources-plan.js';

const n = (x: number) => x.toLocaleString('en-US');
const usd = (x: number) => `$${x < 0.01 && x > 0 ? x.toFixed(4) : x.toFixed(2)}`;
const ymd = (d: Date) => d.toISOString().slice(0, 10);

export function formatDryRun(r: ScanResult, days: number): string {
  const p = r.plan;
  const lines = [
    `Plan for ${r.identity.arn} (account ${r.identity.account}), ${p.accounts} account(s), Regions ${p.regions.join(', ') || '(none)'}`,
    `Window: ${ymd(r.window.start)} to ${ymd(r.window.end)} (${days} days, daily periods)`,
    '',
    'Metrics to request:',
    `  S3 request metrics      ${n(p.metrics.s3).padStart(9)}  (7 per metrics configuration)`,
    `  Lambda Invocations      ${n(p.metrics.lambda).padStart(9)}`,
    `  DynamoDB SampleCount    ${n(p.metrics.dynamodb).padStart(9)}  (per table and data-event operation)`,
    `  S3 Storage Lens         ${n(p.metrics.storageLens).padStart(9)}  (8 per bucket and storage class, in the configuration's account and home Region)`,
    `  total                   ${n(p.metrics.total).padStart(9)}`,
    '',
    'Calls per API (inventory calls were made to count resources; they are free):',
    ...Object.entries(p.calls).sort().map(([k, v]) => `  ${k.padEnd(48)} ${n(v).padStart(7)}`),
    '',
    'What the scan itself costs:',
    `  GetMetricData  ${n(p.metrics.total)} metrics × $0.01 per 1,000   ${usd(p.cost.getMetricData)}`,
    `  Cost Explorer  ${p.costExplorerRequests} request(s) × $0.01             ${usd(p.cost.costExplorer)}`,
    `  total                                         ${usd(p.cost.total)}`,
    '',
    ...(r.sources ? [...formatSourcesPlan(r.sources, terminalSafe), ''] : []),
    'Nothing was written. Run again without --dry-run and with --out FILE to scan.',
  ];
  return lines.join('\n') + '\n';
}

export function putMetricsCommand(b: Bucket, profile?: string): string {
  return `aws s3api put-bucket-metrics-configuration --bucket ${b.name} --id EntireBucket --metrics-configuration Id=EntireBucket --region ${b.region}${profile ? ` --profile ${profile}` : ''}`;
}

export function formatSummary(r: ScanResult, out: string | undefined, profile?: string): string {
  const s = r.snapshot!;
  const whole = (b: Bucket) => b.metricsConfigurations.some((c) => !c.filter);
  const unread = s.buckets.filter((b) => r.unreadBuckets.has(`${b.account}/${b.name}`));
  // Buckets a whole-bucket source other than request metrics covers (Storage Lens, a billing export), with data.
  const other = new Set(s.measurements.filter((m) => (m.kind === 'storage-lens' || m.kind === 'cur') && m.sum !== null).map((m) => (m.kind === 'storage-lens' || m.kind === 'cur' ? m.bucket : '')));
  const elsewhere = s.buckets.filter((b) => !whole(b) && other.has(b.name) && !r.unreadBuckets.has(`${b.account}/${b.name}`));
  const unmeasured = s.buckets.filter((b) => !whole(b) && !other.has(b.name) && !r.unreadBuckets.has(`${b.account}/${b.name}`));
  const metrics = s.measurements.filter((m) => m.kind !== 'cur');
  const withData = metrics.filter((m) => m.sum !== null).length;
  const calls = Object.values(r.stats.calls).reduce((a, b) => a + b, 0);
  const gmd = r.stats.calls['CloudWatch:GetMetricData'] ?? 0;
  const ce = r.stats.calls['CostExplorer:GetCostAndUsage'] ?? 0;
  const athena = r.cur ? athenaCost(r.cur.bytesScanned ?? 0) : 0;
  const cost = (metrics.length / 1000) * 0.01 + ce * 0.01 + athena;
  const lines = [
    `Scanned ${s.accounts.length} account(s) as ${r.identity.arn}; Regions ${s.regions.join(', ')}; metrics ${ymd(r.window.start)} to ${ymd(r.window.end)}`,
    `  buckets ${n(s.buckets.length)} (${n(s.buckets.length - unmeasured.length - unread.length - elsewhere.length)} with request metrics, ${elsewhere.length ? `${n(elsewhere.length)} from Storage Lens or the billing export only, ` : ''}${n(unmeasured.length)} without${unread.length ? `, ${n(unread.length)} unreadable (see gaps)` : ''}), functions ${n(s.functions.length)}, tables ${n(s.tables.length)}`,
    `  trails ${s.trails.length} (${s.trails.filter((t) => t.logging).length} logging), event data stores ${s.eventDataStores.length}, billing rows ${s.billing.length}`,
    `  metrics ${n(metrics.length)} read (${n(withData)} with data, ${n(metrics.length - withData)} without data: unknown)`,
    ...(r.cur ? [
      `  billing export: Athena query ${terminalSafe(r.cur.queryId)}, ${r.cur.bytesScanned === null ? 'bytes scanned not reported' : `${n(r.cur.bytesScanned)} bytes scanned (about ${usd(athena)})`}; ${n(r.cur.rows)} bucket × usage-type rows${r.cur.coverage ? ` covering ${r.cur.coverage.start.slice(0, 10)} to ${r.cur.coverage.end.slice(0, 10)}` : ' (no request lines with resource IDs in the window)'}${r.cur.outside ? `, ${n(r.cur.outside)} for buckets outside the scan left out` : ''}${r.cur.skipped ? `, ${n(r.cur.skipped)} unusable rows skipped` : ''}`,
      '  (a floor of data events: DELETE is free and absent, denied requests from outside the organization are not billed)',
    ] : []),
    `  API calls ${n(calls)} (${n(r.stats.attempts)} HTTP attempts with retries); GetMetricData ${gmd}, Cost Explorer ${ce}; scan cost about ${usd(cost)}`,
    out ? `Snapshot written to ${out}` : 'Snapshot written to stdout',
  ];
  if (unmeasured.length) {
    lines.push(
      '',
      `${n(unmeasured.length)} bucket(s) have no whole-bucket request metrics or Storage Lens / billing-export data, so their data-event volume is unknown (the estimate shows it as unknown).`,
      'Enable request metrics (billed as CloudWatch custom metrics; data starts when enabled, no history):',
      ...unmeasured.slice(0, 10).map((b) => `  ${putMetricsCommand(b, profile)}`),
      ...(unmeasured.length > 10 ? [`  ... and ${n(unmeasured.length - 10)} more (the snapshot lists every bucket with its configurations)`] : []),
      'or measure from the trail logs you already have with `trailcost sample`.',
    );
  }
  return lines.join('\n') + '\n';
}
