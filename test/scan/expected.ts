/** The snapshot a correct scan of the fake must produce, derived from the fake's truth (not from the scanner). */
import type { Bucket, Measurement, Trail } from '../../src/model/snapshot.js';
import { expectedBilling, type Truth } from '../fake-aws/seed.js';

const S3_METRICS = ['GetRequests', 'PutRequests', 'DeleteRequests', 'HeadRequests', 'PostRequests', 'SelectRequests', 'ListRequests'] as const;
const DDB_OPS = [
  'GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'Scan', 'BatchGetItem', 'BatchWriteItem',
  'TransactGetItems', 'TransactWriteItems', 'ExecuteStatement', 'BatchExecuteStatement', 'ExecuteTransaction', 'GetRecords',
];
const DAY = 86_400_000;
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function expectedSnapshot(truth: Truth, now: Date, days: number, accountIds: string[]) {
  const end = new Date(Math.floor(now.getTime() / DAY) * DAY);
  const start = new Date(end.getTime() - days * DAY);
  const window = { start: start.toISOString(), end: end.toISOString() };
  const inAcct = (x: { account: string }) => accountIds.includes(x.account);
  const sum = (account: string, region: string, ns: string, metric: string, stat: string, dims: Record<string, string>) => {
    const d = truth.metricDaily(account, region, ns, metric, stat, dims);
    return d === undefined ? null : d * days;
  };
  const buckets: Bucket[] = truth.buckets.filter(inAcct)
    // Every bucket's tags are read: [] for one without tags (NoSuchTagSet).
    .map(({ account, region, name, metricsConfigurations, tags }) => ({ account, region, name, metricsConfigurations, tags: tags ?? [] }))
    .sort((a, b) => cmp(`${a.account}|${a.region}|${a.name}`, `${b.account}|${b.region}|${b.name}`));
  const measurements: Measurement[] = [];
  for (const b of buckets) for (const c of b.metricsConfigurations) for (const metric of S3_METRICS) {
    measurements.push({ kind: 's3', account: b.account, region: b.region, bucket: b.name, filterId: c.id, metric, sum: sum(b.account, b.region, 'AWS/S3', metric, 'Sum', { BucketName: b.name, FilterId: c.id }), window });
  }
  for (const f of truth.functions.filter(inAcct)) {
    measurements.push({ kind: 'lambda', account: f.account, region: f.region, function: f.name, metric: 'Invocations', sum: sum(f.account, f.region, 'AWS/Lambda', 'Invocations', 'Sum', { FunctionName: f.name }), window });
  }
  for (const t of truth.tables.filter(inAcct)) for (const operation of DDB_OPS) {
    measurements.push({ kind: 'dynamodb', account: t.account, region: t.region, table: t.name, operation, metric: 'SuccessfulRequestLatency:SampleCount', sum: sum(t.account, t.region, 'AWS/DynamoDB', 'SuccessfulRequestLatency', 'SampleCount', { TableName: t.name, Operation: operation }), window });
  }
  const trails: Trail[] = truth.trails.filter((t) => inAcct(t) || (t.organization && accountIds.length > 0))
    .map(({ visibleTo: _v, ...t }) => {
      const out = { ...t } as Trail;
      if (out.s3KeyPrefix === undefined) delete out.s3KeyPrefix;
      if (out.cloudWatchLogsGroup === undefined) delete out.cloudWatchLogsGroup;
      return out;
    })
    .sort((a, b) => cmp(a.arn, b.arn));
  const thisMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const periods = [{ start: lastMonth, end: thisMonth, estimated: false }];
  if (end > thisMonth) periods.push({ start: thisMonth, end, estimated: true });
  const billing = expectedBilling(truth, periods)
    .sort((a, b) => cmp(`${a.period.start}|${a.usageType}|${a.account}`, `${b.period.start}|${b.usageType}|${b.account}`));
  return {
    window,
    accounts: truth.accounts.filter((a) => accountIds.includes(a.id)).map((a) => a.id).sort(),
    buckets,
    functions: truth.functions.filter(inAcct).map(({ daily: _d, ...f }) => f).sort((a, b) => cmp(a.arn, b.arn)),
    tables: truth.tables.filter(inAcct).map(({ daily: _d, ...t }) => t).sort((a, b) => cmp(a.arn, b.arn)),
    measurements,
    trails,
    eventDataStores: truth.eventDataStores.filter(inAcct),
    billing,
  };
}
