/** What `trailcost scan` prints: the dry-run plan, and the summary after a scan (never the snapshot itself). */
import type { Bucket } from '../model/snapshot.js';
import type { ScanResult } from './scan.js';

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
  const unmeasured = s.buckets.filter((b) => !whole(b) && !r.unreadBuckets.has(`${b.account}/${b.name}`));
  const withData = s.measurements.filter((m) => m.sum !== null).length;
  const calls = Object.values(r.stats.calls).reduce((a, b) => a + b, 0);
  const gmd = r.stats.calls['CloudWatch:GetMetricData'] ?? 0;
  const ce = r.stats.calls['CostExplorer:GetCostAndUsage'] ?? 0;
  const cost = (s.measurements.length / 1000) * 0.01 + ce * 0.01;
  const lines = [
    `Scanned ${s.accounts.length} account(s) as ${r.identity.arn}; Regions ${s.regions.join(', ')}; metrics ${ymd(r.window.start)} to ${ymd(r.window.end)}`,
    `  buckets ${n(s.buckets.length)} (${n(s.buckets.length - unmeasured.length - unread.length)} with request metrics, ${n(unmeasured.length)} without${unread.length ? `, ${n(unread.length)} unreadable (see gaps)` : ''}), functions ${n(s.functions.length)}, tables ${n(s.tables.length)}`,
    `  trails ${s.trails.length} (${s.trails.filter((t) => t.logging).length} logging), event data stores ${s.eventDataStores.length}, billing rows ${s.billing.length}`,
    `  metrics ${n(s.measurements.length)} read (${n(withData)} with data, ${n(s.measurements.length - withData)} without data: unknown)`,
    `  API calls ${n(calls)} (${n(r.stats.attempts)} HTTP attempts with retries); GetMetricData ${gmd}, Cost Explorer ${ce}; scan cost about ${usd(cost)}`,
    out ? `Snapshot written to ${out}` : 'Snapshot written to stdout',
  ];
  if (unmeasured.length) {
    lines.push(
      '',
      `${n(unmeasured.length)} bucket(s) have no whole-bucket request metrics, so their data-event volume is unknown (the estimate shows it as unknown).`,
      'Enable request metrics (billed as CloudWatch custom metrics; data starts when enabled, no history):',
      ...unmeasured.slice(0, 10).map((b) => `  ${putMetricsCommand(b, profile)}`),
      ...(unmeasured.length > 10 ? [`  ... and ${n(unmeasured.length - 10)} more (the snapshot lists every bucket with its configurations)`] : []),
      'or measure from the trail logs you already have with `trailcost sample`.',
    );
  }
  return lines.join('\n') + '\n';
}
