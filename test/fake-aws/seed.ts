/**
 * The seeded synthetic organization the fake serves, and the truth tests compare a scan with. Everything is a
 * pure function of the seed options (and the clock for billing months): same seed, same organization.
 *
 * Volumes are constant daily rates per metric, so a sum over any window of whole days is `rate × days`, and the
 * billed DataEventsRecorded of a month follows from the same rates and the trails' selectors (evaluated with the
 * project's one selector engine on one synthetic record per event class). Buckets without an unfiltered metrics
 * configuration still have (small) traffic that trails log and billing counts: what a scan cannot see.
 */
import { compile, matchRecord } from '../../src/selectors/evaluate.js';
import { isReadOnlyEvent } from '../../src/selectors/data-events.js';
import { prng } from '../support/prng.js';
import { lensDaily, LENS_NAMESPACE, seedVolumeSources, type VolumeSourceOptions, type VolumeSourcesTruth } from './volume-sources.js';
import type {
  BillingRow, Bucket, EventDataStore, LambdaFunction, Table, Trail,
} from '../../src/model/snapshot.js';

export interface SeedOptions {
  seed?: number;
  /** Number of accounts (the first is the management account). Default 3. */
  accounts?: number;
  regions?: string[];
  /** Totals across the organization. */
  buckets?: number;
  functions?: number;
  tables?: number;
  /** Share of buckets with an unfiltered request-metrics configuration (default 0.65). */
  meteredShare?: number;
  /** The `bucket-writes` trail also runs ApiCallRateInsight on data events (off by default). */
  dataInsights?: boolean;
  /** Storage Lens metrics and a billing export for part of the buckets (volume-sources.ts); none by default. */
  volumeSources?: VolumeSourceOptions;
  now?: Date;
}

export type S3RequestMetric = 'GetRequests' | 'PutRequests' | 'DeleteRequests' | 'HeadRequests' | 'PostRequests' | 'SelectRequests' | 'ListRequests';
export const S3_METRIC_EVENT: Record<S3RequestMetric, { eventName: string; readOnly: boolean }> = {
  GetRequests: { eventName: 'GetObject', readOnly: true },
  PutRequests: { eventName: 'PutObject', readOnly: false },
  DeleteRequests: { eventName: 'DeleteObject', readOnly: false },
  HeadRequests: { eventName: 'HeadObject', readOnly: true },
  PostRequests: { eventName: 'CompleteMultipartUpload', readOnly: false },
  SelectRequests: { eventName: 'SelectObjectContent', readOnly: true },
  ListRequests: { eventName: 'ListObjects', readOnly: true },
};
const S3_METRICS = Object.keys(S3_METRIC_EVENT) as S3RequestMetric[];
export const DYNAMODB_OPERATIONS = ['GetItem', 'PutItem', 'Query', 'UpdateItem', 'Scan', 'BatchWriteItem', 'DeleteItem', 'BatchGetItem'];

export interface SeededBucket extends Bucket {
  creationDate: string;
  /** True daily requests per metric for the whole bucket (whether or not a configuration measures them). */
  daily: Partial<Record<S3RequestMetric, number>>;
}
export interface SeededFunction extends LambdaFunction { daily: number }
export interface SeededTable extends Table { daily: Record<string, number> }
export interface SeededTrail extends Trail { visibleTo: 'owner' | 'organization' }

export interface Truth {
  seed: number;
  now: Date;
  organization: { id: string; managementAccount: string };
  accounts: Array<{ id: string; name: string }>;
  regions: string[];
  homeRegion: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  accountForKey(accessKeyId: string): string | undefined;
  buckets: SeededBucket[];
  functions: SeededFunction[];
  tables: SeededTable[];
  trails: SeededTrail[];
  eventDataStores: EventDataStore[];
  /** Daily value of a CloudWatch metric, or undefined when the metric has no data points. */
  metricDaily(account: string, region: string, namespace: string, metricName: string, stat: string,
    dims: Record<string, string>): number | undefined;
  /** Cost Explorer rows (SERVICE = AWS CloudTrail) for [start, end) in whole UTC days, by usage type and account. */
  billing(start: Date, end: Date): Array<{ usageType: string; account: string; quantity: number; unit: string; cost: number }>;
  /** Storage Lens series and billing-export rows (empty unless the seed asks for them). */
  volumeSources: VolumeSourcesTruth;
  /** Billed data events per day for the whole organization (all trails), and the part a scan can measure. */
  dataEventsPerDay: { total: number; measurable: number };
}

const DAY = 86_400_000;
const REGION_CODE: Record<string, string> = {
  'us-east-1': 'USE1', 'us-east-2': 'USE2', 'us-west-1': 'USW1', 'us-west-2': 'USW2', 'eu-west-1': 'EU',
  'eu-west-2': 'EUW2', 'eu-central-1': 'EUC1', 'ap-southeast-1': 'APS1', 'ap-northeast-1': 'APN1', 'ap-south-1': 'APS3',
  'ap-southeast-2': 'APS2', 'sa-east-1': 'SAE1', 'ca-central-1': 'CAN1', 'eu-north-1': 'EUN1', 'af-south-1': 'AFS1',
};
const WORDS = ['assets', 'backups', 'etl', 'pii', 'media', 'reports', 'uploads', 'archive', 'events', 'models', 'static', 'exports'];
const ACCOUNT_NAMES = ['management', 'prod', 'dev', 'staging', 'data', 'security', 'sandbox', 'shared'];


const eq = (Field: string, ...v: string[]) => ({ Field, Equals: v });

/**
 * Bucket tags by the bucket's word (no dice: the volumes stay those of earlier seeds). Classification tags in
 * several spellings, one that names no sensitive class, and a non-ASCII value; the rest have none (NoSuchTagSet).
 */
function seedTags(i: number): Bucket['tags'] {
  if (i === 0) return [{ key: 'purpose', value: 'cloudtrail' }];
  switch (WORDS[i % WORDS.length]) {
    case 'pii': return [{ key: 'DataClassification', value: 'PII' }, { key: 'team', value: 'data' }];
    case 'exports': return [{ key: 'data-classification', value: 'Confidential' }];
    case 'reports': return [{ key: 'Sensitivity', value: 'public' }];
    case 'media': return [{ key: 'classification', value: 'Données personnelles - restricted' }];
    default: return undefined;
  }
}

export function seedOrganization(opts: SeedOptions = {}): Truth {
  const seed = opts.seed ?? 1;
  const rnd = prng(seed * 7919 + 13);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const nAccounts = Math.max(1, opts.accounts ?? 3);
  const regions = opts.regions ?? ['us-east-1', 'eu-west-1', 'us-west-2'];
  const homeRegion = regions[0];
  const now = opts.now ?? new Date();
  const accounts = Array.from({ length: nAccounts }, (_, i) => ({
    id: String(100000000000 + (seed % 800_000) * 1_000_000 + (i + 1) * 1111),
    name: ACCOUNT_NAMES[i % ACCOUNT_NAMES.length] + (i >= ACCOUNT_NAMES.length ? `-${i}` : ''),
  }));
  const mgmt = accounts[0].id;
  const orgId = `o-${(seed * 104729).toString(36).padStart(10, 'a').slice(0, 10)}`;
  const logBucket = `org-trail-logs-${mgmt}`;

  // Buckets: spread over accounts and Regions; metrics configurations of several shapes.
  const buckets: SeededBucket[] = [];
  const nBuckets = opts.buckets ?? 240;
  const metered = opts.meteredShare ?? 0.65;
  for (let i = 0; i < nBuckets; i++) {
    const account = i === 0 ? mgmt : accounts[i % nAccounts].id;
    const region = i === 0 ? homeRegion : regions[Math.floor(i / nAccounts) % regions.length];
    const name = i === 0 ? logBucket : `${WORDS[i % WORDS.length]}-${account.slice(-4)}-${seed}-${i}`;
    const shape = rnd();
    const visible = i !== 0 && shape < metered;
    // Unmeasured buckets carry little traffic (what a scan cannot see should stay a small part of the bill).
    const scale = visible ? int(200, 50_000) : int(1, 60);
    const daily: SeededBucket['daily'] = {
      GetRequests: scale * int(2, 8),
      PutRequests: scale * int(1, 3),
      DeleteRequests: rnd() < 0.6 ? scale : 0,
      HeadRequests: scale * int(0, 4),
      PostRequests: rnd() < 0.3 ? int(1, 50) : 0,
      SelectRequests: rnd() < 0.1 ? int(1, 20) : 0,
      ListRequests: int(0, scale),
    };
    let metricsConfigurations: Bucket['metricsConfigurations'] = [];
    if (visible) {
      const r = rnd();
      if (r < 0.7) metricsConfigurations = [{ id: 'EntireBucket' }];
      else if (r < 0.85) metricsConfigurations = [{ id: 'EntireBucket' }, { id: 'hot-prefix', filter: { prefix: 'hot/' } }];
      else if (r < 0.95) metricsConfigurations = [{ id: 'all-requests' }];
      else metricsConfigurations = [
        { id: 'EntireBucket' }, { id: 'tagged', filter: { tags: [{ key: 'team', value: 'data' }] } },
        { id: 'pii-and-tag', filter: { prefix: 'pii/', tags: [{ key: 'class', value: 'restricted' }] } },
      ];
    } else if (i !== 0 && shape < metered + 0.08) {
      // Only a prefix filter: the bucket's total stays unknown.
      metricsConfigurations = [{ id: 'logs', filter: { prefix: 'logs/' } }];
    }
    const created = new Date(Date.UTC(2020, 0, 1) + int(0, 1500) * DAY).toISOString();
    const tags = seedTags(i);
    buckets.push({ account, region, name, metricsConfigurations, daily, creationDate: created, ...(tags ? { tags } : {}) });
  }

  const functions: SeededFunction[] = [];
  for (let i = 0; i < (opts.functions ?? 60); i++) {
    const account = accounts[i % nAccounts].id;
    const region = regions[(i * 7) % regions.length];
    const name = `fn-${WORDS[(i * 5) % WORDS.length]}-${i}`;
    functions.push({
      account, region, name, arn: `arn:aws:lambda:${region}:${account}:function:${name}`,
      daily: rnd() < 0.85 ? int(1, 200_000) : 0,
    });
  }

  const tables: SeededTable[] = [];
  for (let i = 0; i < (opts.tables ?? 24); i++) {
    const account = accounts[(i + 1) % nAccounts].id;
    const region = regions[(i * 3) % regions.length];
    const name = `table-${WORDS[(i * 3) % WORDS.length]}-${i}`;
    const daily: Record<string, number> = {};
    for (const op of DYNAMODB_OPERATIONS) if (rnd() < 0.45) daily[op] = int(1, 100_000);
    tables.push({ account, region, name, arn: `arn:aws:dynamodb:${region}:${account}:table/${name}`, daily });
  }

  // Trails: an org trail (advanced), an account trail on a few buckets' writes, a basic-selector trail, a stopped one.
  const trails: SeededTrail[] = [];
  const trailArn = (acct: string, region: string, name: string) => `arn:aws:cloudtrail:${region}:${acct}:trail/${name}`;
  const mgmtSelector = { Name: 'Management events', FieldSelectors: [eq('eventCategory', 'Management')] };
  trails.push({
    name: 'org-trail', arn: trailArn(mgmt, homeRegion, 'org-trail'), account: mgmt, homeRegion, multiRegion: true,
    organization: true, logging: true, s3Bucket: logBucket, s3KeyPrefix: undefined, recursiveLogging: true,
    cloudWatchLogsGroup: `arn:aws:logs:${homeRegion}:${mgmt}:log-group:aws-cloudtrail-org:*`, insights: [],
    selectors: {
      kind: 'advanced', selectors: [
        mgmtSelector,
        { Name: 'S3 objects except the log bucket', FieldSelectors: [eq('eventCategory', 'Data'), eq('resources.type', 'AWS::S3::Object'), { Field: 'resources.ARN', NotStartsWith: [`arn:aws:s3:::${logBucket}/`] }] },
        { Name: 'Lambda', FieldSelectors: [eq('eventCategory', 'Data'), eq('resources.type', 'AWS::Lambda::Function')] },
      ],
    },
    visibleTo: 'organization',
  });
  if (nAccounts > 1) {
    const acct = accounts[1].id;
    const region = regions[1 % regions.length];
    const targets = buckets.filter((b) => b.account === acct && b.region === region).slice(0, 4);
    trails.push({
      name: 'bucket-writes', arn: trailArn(acct, region, 'bucket-writes'), account: acct, homeRegion: region,
      multiRegion: false, organization: false, logging: true, s3Bucket: `trail-logs-${acct}`, s3KeyPrefix: 'writes',
      recursiveLogging: false,
      insights: ['ApiCallRateInsight'],
      ...(opts.dataInsights ? { dataInsights: ['ApiCallRateInsight' as const] } : {}),
      selectors: {
        kind: 'advanced', selectors: [
          mgmtSelector,
          { Name: 'Writes to sensitive buckets', FieldSelectors: [eq('eventCategory', 'Data'), eq('resources.type', 'AWS::S3::Object'), eq('readOnly', 'false'),
            { Field: 'resources.ARN', StartsWith: targets.length ? targets.map((b) => `arn:aws:s3:::${b.name}/`) : ['arn:aws:s3:::none/'] }] },
        ],
      },
      visibleTo: 'owner',
    });
  }
  if (nAccounts > 2) {
    const acct = accounts[2].id;
    const region = regions[2 % regions.length];
    trails.push({
      name: 'dynamodb-basic', arn: trailArn(acct, region, 'dynamodb-basic'), account: acct, homeRegion: region,
      multiRegion: true, organization: false, logging: true, s3Bucket: `trail-logs-${acct}`, insights: [],
      selectors: { kind: 'basic', selectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [{ Type: 'AWS::DynamoDB::Table', Values: ['arn:aws:dynamodb'] }] }] },
      visibleTo: 'owner',
    });
  }
  trails.push({
    name: 'old-debug-trail', arn: trailArn(mgmt, homeRegion, 'old-debug-trail'), account: mgmt, homeRegion,
    multiRegion: false, organization: false, logging: false, s3Bucket: logBucket, s3KeyPrefix: 'debug', insights: [],
    selectors: { kind: 'advanced', selectors: [{ Name: 'All S3', FieldSelectors: [eq('eventCategory', 'Data'), eq('resources.type', 'AWS::S3::Object')] }] },
    visibleTo: 'owner',
  });

  const eventDataStores: EventDataStore[] = [{
    arn: `arn:aws:cloudtrail:${homeRegion}:${mgmt}:eventdatastore/${'e'.repeat(8)}-0000-4000-8000-${String(seed).padStart(12, '0')}`,
    name: 'org-lake', account: mgmt, homeRegion, multiRegion: true, organization: true, retention: 'one-year',
    retentionDays: 366,
    selectors: [{ Name: 'DynamoDB writes', FieldSelectors: [eq('eventCategory', 'Data'), eq('resources.type', 'AWS::DynamoDB::Table'), eq('readOnly', 'false')] }],
  }];

  // Which trails log which resources: the one selector engine on one record per event class.
  const perRegionAccount = new Map<string, number>(); // `${ownerAccount}|${region}` → data events/day
  let measurable = 0;
  let total = 0;
  const add = (owner: string, region: string, n: number, seen: boolean) => {
    if (!n) return;
    const k = `${owner}|${region}`;
    perRegionAccount.set(k, (perRegionAccount.get(k) ?? 0) + n);
    total += n;
    if (seen) measurable += n;
  };
  const covers = (t: SeededTrail, account: string, region: string) =>
    t.logging && (t.organization || t.account === account) && (t.multiRegion || t.homeRegion === region);
  for (const t of trails) {
    if (!t.logging) continue;
    if (t.selectors.kind === 'advanced') {
      const set = compile(t.selectors.selectors);
      for (const b of buckets) {
        if (!covers(t, b.account, b.region)) continue;
        const seen = b.metricsConfigurations.some((c) => !c.filter);
        for (const m of S3_METRICS) {
          const ev = S3_METRIC_EVENT[m];
          const rec = {
            eventCategory: 'Data', eventSource: 's3.amazonaws.com', eventName: ev.eventName, readOnly: ev.readOnly,
            eventType: 'AwsApiCall', resources: [{ type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${b.name}/data/object-1` }, { type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${b.name}` }],
          };
          if (matchRecord(set, rec).logged) add(t.account, b.region, b.daily[m] ?? 0, seen);
        }
      }
      for (const f of functions) {
        if (!covers(t, f.account, f.region)) continue;
        const rec = { eventCategory: 'Data', eventSource: 'lambda.amazonaws.com', eventName: 'Invoke', readOnly: false, eventType: 'AwsApiCall', resources: [{ type: 'AWS::Lambda::Function', ARN: f.arn }] };
        if (matchRecord(set, rec).logged) add(t.account, f.region, f.daily, true);
      }
      for (const tb of tables) {
        if (!covers(t, tb.account, tb.region)) continue;
        for (const [op, n] of Object.entries(tb.daily)) {
          const rec = { eventCategory: 'Data', eventSource: 'dynamodb.amazonaws.com', eventName: op, readOnly: isReadOnlyEvent(op), eventType: 'AwsApiCall', resources: [{ type: 'AWS::DynamoDB::Table', ARN: tb.arn }] };
          if (matchRecord(set, rec).logged) add(t.account, tb.region, n, true);
        }
      }
    } else {
      // The seeded basic trail logs every table's reads and writes (DataResources arn:aws:dynamodb).
      for (const tb of tables) {
        if (!covers(t, tb.account, tb.region)) continue;
        for (const n of Object.values(tb.daily)) add(t.account, tb.region, n, true);
      }
    }
  }

  const keys = new Map<string, string>();
  const credentials = { accessKeyId: `AKIAFAKE${mgmt}`, secretAccessKey: 'fake-secret-access-key-for-trailcost' };
  keys.set(credentials.accessKeyId, mgmt);
  const accountIds = new Set(accounts.map((a) => a.id));

  const bucketIndex = new Map(buckets.map((b) => [b.name, b]));
  const fnIndex = new Map(functions.map((f) => [`${f.account}|${f.region}|${f.name}`, f]));
  const tableIndex = new Map(tables.map((t) => [`${t.account}|${t.region}|${t.name}`, t]));
  const managementEventsPerDay = 40_000;
  const volumeSources = seedVolumeSources({ seed, buckets, accounts, regions, organizationId: orgId, now, opts: opts.volumeSources ?? {} });

  return {
    seed, now, organization: { id: orgId, managementAccount: mgmt }, accounts, regions, homeRegion, credentials,
    accountForKey(k) {
      const direct = keys.get(k);
      if (direct) return direct;
      const m = /^ASIA(\d{12})[A-Z0-9]*$/.exec(k);
      return m && accountIds.has(m[1]) ? m[1] : undefined;
    },
    buckets, functions, tables, trails, eventDataStores,
    volumeSources,
    metricDaily(account, region, namespace, metricName, stat, dims) {
      if (namespace === LENS_NAMESPACE) return lensDaily(volumeSources, account, region, metricName, stat, dims);
      if (namespace === 'AWS/S3') {
        const b = bucketIndex.get(dims.BucketName ?? '');
        if (!b || b.account !== account || b.region !== region || stat !== 'Sum') return undefined;
        const cfg = b.metricsConfigurations.find((c) => c.id === dims.FilterId);
        if (!cfg) return undefined;
        const m = metricName as S3RequestMetric;
        if (metricName === 'AllRequests') {
          const all = S3_METRICS.reduce((s, k) => s + (b.daily[k] ?? 0), 0);
          return all || undefined;
        }
        // Filtered configurations see a share of the traffic and never DeleteObjects/ListObjects (aws-facts §5).
        if (!(m in S3_METRIC_EVENT)) return undefined;
        const full = b.daily[m] ?? 0;
        const v = cfg.filter ? (m === 'ListRequests' ? 0 : Math.floor(full * 0.3)) : full;
        return v || undefined;
      }
      if (namespace === 'AWS/Lambda' && metricName === 'Invocations' && stat === 'Sum') {
        const f = fnIndex.get(`${account}|${region}|${dims.FunctionName}`);
        return f && f.daily ? f.daily : undefined;
      }
      if (namespace === 'AWS/DynamoDB' && metricName === 'SuccessfulRequestLatency' && stat === 'SampleCount') {
        const t = tableIndex.get(`${account}|${region}|${dims.TableName}`);
        const v = t?.daily[dims.Operation ?? ''];
        return v || undefined;
      }
      return undefined;
    },
    billing(start, end) {
      const days = Math.max(0, Math.round((end.getTime() - start.getTime()) / DAY));
      const rows: ReturnType<Truth['billing']> = [];
      if (!days) return rows;
      for (const [k, perDay] of [...perRegionAccount.entries()].sort()) {
        const [account, region] = k.split('|');
        const quantity = perDay * days;
        rows.push({ usageType: `${REGION_CODE[region] ?? region}-DataEventsRecorded`, account, quantity, unit: 'Events', cost: (quantity * 0.1) / 100_000 });
      }
      // Management events: the first copy is free; the basic trail in account 3 is a second copy (paid).
      for (const a of accounts) {
        for (const region of regions) {
          const q = managementEventsPerDay * days;
          rows.push({ usageType: `${REGION_CODE[region] ?? region}-FreeEventsRecorded`, account: a.id, quantity: q, unit: 'Events', cost: 0 });
        }
      }
      const basic = trails.find((t) => t.selectors.kind === 'basic');
      if (basic) {
        for (const region of regions) {
          const q = managementEventsPerDay * days;
          rows.push({ usageType: `${REGION_CODE[region] ?? region}-PaidEventsRecorded`, account: basic.account, quantity: q, unit: 'Events', cost: (q * 2) / 100_000 });
        }
      }
      return rows;
    },
    dataEventsPerDay: { total, measurable },
  };
}

/** Expected Cost Explorer rows a scan records, as snapshot BillingRows (for tests). */
export function expectedBilling(truth: Truth, periods: Array<{ start: Date; end: Date; estimated: boolean }>): BillingRow[] {
  return periods.flatMap((p) =>
    truth.billing(p.start, p.end).map((r) => ({
      period: { start: p.start.toISOString(), end: p.end.toISOString() }, usageType: r.usageType, account: r.account,
      // Cost Explorer sends amounts as decimal strings (the fake: 10 decimals).
      quantity: r.quantity, unit: r.unit, cost: Number(r.cost.toFixed(10)), estimated: p.estimated,
    })),
  );
}
