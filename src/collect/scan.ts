/**
 * The scan: credential check, organization, per-account inventory, metrics, trails, billing → a snapshot.
 * Every AWS failure past the credential check becomes a gap and the scan goes on; output order is sorted so the
 * same account gives the same snapshot whatever the timing, retries or concurrency.
 */
import { SNAPSHOT_VERSION, type Bucket, type EventDataStore, type LambdaFunction, type Measurement, type Snapshot, type Table, type Trail } from '../model/snapshot.js';
import { ClientFactory, type CallStats } from './clients.js';
import { checkIdentity, type Identity } from './credentials.js';
import { getMetricSums } from './cloudwatch.js';
import { listBuckets, listMetricsConfigurations, type ListedBucket } from './s3.js';
import { readBucketTags } from './bucket-tags.js';
import { listFunctions } from './lambda.js';
import { listTables } from './dynamodb.js';
import { listEventDataStores, listTrails, readTrails, type TrailInfo } from './cloudtrail.js';
import { getCloudTrailBilling } from './cost-explorer.js';
import { assumeRole, describeOrganization, listAccounts } from './organizations.js';
import { GapLog } from './gaps.js';
import { validSnapshot } from './validate-snapshot.js';
import { dynamodbRequests, lambdaRequest, s3Requests, type MetricRequest } from './metric-queries.js';
import { buildPlan, type Plan } from './plan.js';
import { lensRequests, listLensSeries, pickLensSeries, type LensSeries } from './storage-lens.js';
import { curGapError, readCur } from './cur.js';
import { planVolumeSources, type SourcesPlan } from './sources-plan.js';
import { COMMERCIAL_REGIONS } from './regions.js';
import { mapLimit } from './pool.js';
import { quietProgress, type Progress } from './progress.js';

const DAY = 86_400_000;

export interface ScanOptions {
  profile?: string;
  /** The Region for global calls and the default scope (else the profile's / AWS_REGION). */
  region?: string;
  /** Explicit Regions, 'all', or undefined for the default scope. */
  regions?: string[] | 'all';
  days: number;
  orgRole?: string;
  concurrency: number;
  maxAttempts: number;
  dryRun: boolean;
  billing: boolean;
  now: Date;
  progress?: Progress;
  /** `--endpoint-url`: every AWS request goes here. */
  endpoint?: string;
  /** A billing export (`DATABASE.TABLE`) to read through Athena in the caller's account and home Region. */
  cur?: { table: string; workGroup?: string; outputLocation?: string; pollMs?: number };
}

export interface ScanResult {
  identity: Identity;
  plan: Plan;
  stats: CallStats;
  /** Undefined for a dry run. */
  snapshot?: Snapshot;
  /** Buckets (`account/name`) whose metrics configurations could not be read (listed in gaps, not as "no metrics"). */
  unreadBuckets: Set<string>;
  window: { start: Date; end: Date };
  /** Which volume sources each bucket has and what reading them costs (discovery only). */
  sources?: SourcesPlan;
  /** The billing-export query, when one ran: its id, what Athena scanned, and the rows kept or left out. */
  cur?: { queryId: string; bytesScanned: number | null; rows: number; skipped: number; outside: number; coverage: { start: string; end: string } | null };
}

interface AccountInventory {
  id: string;
  name?: string;
  regions: string[];
  buckets: Bucket[];
  functions: LambdaFunction[];
  tables: Table[];
  trails: Trail[];
  eventDataStores: EventDataStore[];
  /** Storage Lens bucket series published in this account (any bucket's, for organization configurations). */
  lens: LensSeries[];
}

export function scanWindow(now: Date, days: number): { start: Date; end: Date } {
  const end = new Date(Math.floor(now.getTime() / DAY) * DAY);
  return { start: new Date(end.getTime() - days * DAY), end };
}

export async function runScan(opts: ScanOptions): Promise<ScanResult> {
  const progress = opts.progress ?? quietProgress;
  progress.phase('Checking credentials (STS GetCallerIdentity)');
  const identity = await checkIdentity({ profile: opts.profile, region: opts.region, endpoint: opts.endpoint });
  const home = identity.region;
  const gaps = new GapLog(progress.event && ((w, error) => progress.event!({ kind: 'gap', service: w.service, operation: w.operation, account: w.account, region: w.region, error })));
  const unreadBuckets = new Set<string>();
  // While listing, the progress line counts API calls (totals are not known until the lists are read).
  let countCalls = true;
  const clients = new ClientFactory({
    profile: opts.profile, maxAttempts: opts.maxAttempts, concurrency: opts.concurrency, endpoint: opts.endpoint,
    onCall: () => countCalls && progress.tick(),
  });
  clients.setCredentials(identity.account, identity.credentials);
  const window = scanWindow(opts.now, opts.days);

  // Organization and accounts.
  progress.phase('Reading the organization');
  let organization: Snapshot['organization'];
  try {
    organization = await describeOrganization(clients, identity.account, home);
  } catch (err) {
    if (opts.orgRole) gaps.record({ service: 'organizations', operation: 'DescribeOrganization', account: identity.account }, err);
  }
  let accounts: Array<{ id: string; name?: string }> = [{ id: identity.account }];
  if (opts.orgRole) {
    try {
      const listed = await listAccounts(clients, identity.account, home);
      const self = listed.find((a) => a.id === identity.account);
      accounts = [{ id: identity.account, ...(self?.name ? { name: self.name } : {}) }];
      const members = listed.filter((a) => a.id !== identity.account);
      progress.phase(`Assuming ${opts.orgRole} in member accounts`, members.length);
      countCalls = false;
      const ok = await mapLimit(members, Math.max(1, Math.min(8, opts.concurrency)), async (a) => {
        try {
          clients.setCredentials(a.id, await assumeRole(clients, identity.account, home, a.id, opts.orgRole!));
          return a;
        } catch (err) {
          gaps.record({ service: 'sts', operation: 'AssumeRole', account: a.id, resource: `arn:aws:iam::${a.id}:role/${opts.orgRole}` }, err);
          return undefined;
        } finally {
          progress.tick();
        }
      });
      accounts.push(...ok.filter((a): a is { id: string; name?: string } => a !== undefined));
      countCalls = true;
    } catch (err) {
      gaps.record({ service: 'organizations', operation: 'ListAccounts', account: identity.account }, err);
    }
  }

  // Inventory per account.
  progress.event?.({ kind: 'accounts', accounts });
  const claimedTrails = new Set<string>();
  const scannedIds = new Set(accounts.map((a) => a.id));
  progress.phase(`Listing buckets, metrics configurations, functions, tables, trails in ${accounts.length} account(s); calls:`);
  const inventories = await mapLimit(accounts, 4, (acct) => readInventory(clients, acct, home, opts, gaps, claimedTrails, scannedIds, unreadBuckets));
  countCalls = false;

  // Metrics to request, per account and Region.
  const places: Array<{ account: string; region: string; requests: MetricRequest[]; s3: number; lambda: number; dynamodb: number; storageLens: number }> = [];
  for (const inv of inventories) {
    for (const region of inv.regions) {
      const s3 = inv.buckets.filter((b) => b.region === region).flatMap((b) => b.metricsConfigurations.flatMap((c) => s3Requests(inv.id, region, b.name, c.id)));
      const lambda = inv.functions.filter((f) => f.region === region).map((f) => lambdaRequest(inv.id, region, f.name));
      const dynamodb = inv.tables.filter((t) => t.region === region).flatMap((t) => dynamodbRequests(inv.id, region, t.name));
      if (s3.length + lambda.length + dynamodb.length) {
        places.push({ account: inv.id, region, requests: [...s3, ...lambda, ...dynamodb], s3: s3.length, lambda: lambda.length, dynamodb: dynamodb.length, storageLens: 0 });
      }
    }
  }
  // Storage Lens series go into the GetMetricData batches of the account and Region that publish them.
  const scannedBuckets = new Set(inventories.flatMap((i) => i.buckets.map((b) => `${b.account}/${b.name}`)));
  const lens = pickLensSeries(inventories.flatMap((i) => i.lens), scannedBuckets);
  for (const s of lens.series) {
    let p = places.find((x) => x.account === s.source.account && x.region === s.source.region);
    if (!p) places.push((p = { account: s.source.account, region: s.source.region, requests: [], s3: 0, lambda: 0, dynamodb: 0, storageLens: 0 }));
    const reqs = lensRequests(s);
    p.requests.push(...reqs);
    p.storageLens += reqs.length;
  }
  const allRegions = [...new Set(inventories.flatMap((i) => i.regions))].sort();
  const plan = buildPlan({
    accounts: accounts.length, regions: allRegions, inventoryCalls: { ...clients.stats.calls }, metricsPerPlace: places,
    days: opts.days, billing: opts.billing,
  });
  const allBuckets = inventories.flatMap((i) => i.buckets);
  const sources = planVolumeSources(allBuckets, lens, opts.cur?.table);
  if (opts.dryRun) {
    progress.done();
    return { identity, plan, stats: clients.stats, window, unreadBuckets, sources };
  }

  progress.phase('Reading CloudWatch metrics (GetMetricData)', plan.metrics.total);
  for (const p of places) progress.event?.({ kind: 'start', part: 'metrics', account: p.account, region: p.region, count: p.requests.length });
  const measured: Measurement[][] = await Promise.all(places.map((p) =>
    getMetricSums(clients, p.account, p.region, p.requests, window, (n) => progress.tick(n), (err, n) => {
      gaps.record({ service: 'cloudwatch', operation: 'GetMetricData', account: p.account, region: p.region, resource: `a batch of ${n} metrics` }, err);
    }).finally(() => progress.event?.({ kind: 'done', part: 'metrics', account: p.account, region: p.region, count: p.requests.length })),
  ));

  // The billing export: one aggregated Athena query; its rows for buckets outside the scan are left out.
  let curMeasurements: Measurement[] = [];
  let curInfo: ScanResult['cur'];
  if (opts.cur) {
    progress.phase(`Querying the billing export ${opts.cur.table} (Athena)`);
    const regionOf = new Map(allBuckets.map((b) => [b.name, b.region]));
    try {
      const r = await readCur(clients, identity.account, home, {
        table: opts.cur.table, workGroup: opts.cur.workGroup, outputLocation: opts.cur.outputLocation, window, regionOf: (b) => regionOf.get(b),
      }, { pollMs: opts.cur.pollMs });
      const inScan = r.measurements.filter((m) => scannedBuckets.has(`${m.account}/${m.bucket}`));
      curMeasurements = inScan;
      curInfo = { queryId: r.queryId, bytesScanned: r.bytesScanned, rows: inScan.length, skipped: r.skipped, outside: r.measurements.length - inScan.length, coverage: r.coverage };
    } catch (err) {
      gaps.record({ service: 'athena', operation: 'StartQueryExecution', account: identity.account, region: home, resource: opts.cur.table }, curGapError(err));
    }
  }

  let billing: Snapshot['billing'] = [];
  if (opts.billing) {
    progress.phase('Reading billed CloudTrail usage (Cost Explorer)');
    progress.event?.({ kind: 'start', part: 'billing', account: identity.account });
    try {
      billing = await getCloudTrailBilling(clients, identity.account, opts.now);
    } catch (err) {
      gaps.record({ service: 'ce', operation: 'GetCostAndUsage', account: identity.account }, err);
    }
    progress.event?.({ kind: 'done', part: 'billing', account: identity.account, count: billing.length });
  }
  progress.done();

  const by = <T>(key: (x: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  const snapshot = validSnapshot({
    version: SNAPSHOT_VERSION,
    generatedAt: opts.now.toISOString(),
    source: { tool: 'trailcost scan', kind: 'scan', note: `caller ${identity.arn}` },
    window: { start: window.start.toISOString(), end: window.end.toISOString() },
    ...(organization ? { organization } : {}),
    accounts: [...accounts].sort(by((a) => a.id)),
    regions: allRegions,
    buckets: inventories.flatMap((i) => i.buckets).sort(by((b) => `${b.account}|${b.region}|${b.name}`)),
    functions: inventories.flatMap((i) => i.functions).sort(by((f) => f.arn)),
    tables: inventories.flatMap((i) => i.tables).sort(by((t) => t.arn)),
    measurements: [...measured.flat(), ...curMeasurements].sort(by(measurementKey)),
    trails: inventories.flatMap((i) => i.trails).sort(by((t) => t.arn)),
    eventDataStores: inventories.flatMap((i) => i.eventDataStores).sort(by((e) => e.arn)),
    billing: billing.sort(by((r) => `${r.period.start}|${r.usageType}|${r.account ?? ''}`)),
    gaps: gaps.list(),
  }, gaps);
  return { identity, plan, stats: clients.stats, snapshot, window, unreadBuckets, sources, ...(curInfo ? { cur: curInfo } : {}) };
}

export function measurementKey(m: Measurement): string {
  switch (m.kind) {
    case 's3': return `s3|${m.account}|${m.region}|${m.bucket}|${m.filterId}|${m.metric}`;
    case 'lambda': return `lambda|${m.account}|${m.region}|${m.function}`;
    case 'dynamodb': return `dynamodb|${m.account}|${m.region}|${m.table}|${m.operation}`;
    case 'storage-lens': return `storage-lens|${m.account}|${m.region}|${m.bucket}|${m.configurationId}|${m.storageClass}|${m.metric}`;
    case 'cur': return `cur|${m.account}|${m.bucket}|${m.usageType}|${m.operation ?? ''}`;
  }
}

async function readInventory(
  clients: ClientFactory, acct: { id: string; name?: string }, home: string, opts: ScanOptions, gaps: GapLog,
  claimedTrails: Set<string>, scannedIds: Set<string>, unreadBuckets: Set<string>,
): Promise<AccountInventory> {
  const account = acct.id;
  opts.progress?.event?.({ kind: 'start', part: 'inventory', account });
  const [listed, trailInfos] = await Promise.all([
    listBuckets(clients, account, home).catch((err) => {
      gaps.record({ service: 's3', operation: 'ListBuckets', account, region: home }, err);
      return [] as ListedBucket[];
    }),
    listTrails(clients, account, home).catch((err) => {
      gaps.record({ service: 'cloudtrail', operation: 'ListTrails', account, region: home }, err);
      return [] as TrailInfo[];
    }),
  ]);
  let regions: string[];
  if (opts.regions === 'all') regions = [...COMMERCIAL_REGIONS];
  else if (opts.regions?.length) regions = [...opts.regions];
  else regions = [...new Set([home, ...trailInfos.map((t) => t.homeRegion), ...listed.map((b) => b.region)])];
  regions.sort();
  const inScope = new Set(regions);

  // Per-Region lists, bucket metrics configurations and trails do not depend on each other: read them together.
  const perRegionP = Promise.all(regions.map(async (region) => {
    const [functions, tables, stores, lens] = await Promise.all([
      listFunctions(clients, account, region).catch((err) => (gaps.record({ service: 'lambda', operation: 'ListFunctions', account, region }, err), [] as LambdaFunction[])),
      listTables(clients, account, region).catch((err) => (gaps.record({ service: 'dynamodb', operation: 'ListTables', account, region }, err), [] as Table[])),
      listEventDataStores(clients, account, region).catch((err) => (gaps.record({ service: 'cloudtrail', operation: 'ListEventDataStores', account, region }, err), [] as EventDataStore[])),
      listLensSeries(clients, account, region).catch((err) => (gaps.record({ service: 'cloudwatch', operation: 'ListMetrics', account, region, resource: 'AWS/S3/Storage-Lens' }, err), [] as LensSeries[])),
    ]);
    return { functions, tables, stores, lens };
  }));

  const scopedBuckets = listed.filter((b) => inScope.has(b.region));
  const bucketsP = Promise.all(scopedBuckets.map(async (b): Promise<Bucket> => {
    let metricsConfigurations: Bucket['metricsConfigurations'] = [];
    const [tags] = await Promise.all([readBucketTags(clients, account, b, gaps), (async () => {
      try {
        metricsConfigurations = await listMetricsConfigurations(clients, account, b);
      } catch (err) {
        gaps.record({ service: 's3', operation: 'ListBucketMetricsConfigurations', account, region: b.region, resource: b.name }, err);
        unreadBuckets.add(`${account}/${b.name}`);
      }
    })()]);
    return { account, region: b.region, name: b.name, metricsConfigurations, ...(tags ? { tags } : {}) };
  }));

  // Trails: read each once, in its home Region, by its owner; an organization trail whose owner is not scanned is
  // read by whichever account sees it first.
  const mine = trailInfos.filter((t) => {
    const owner = t.arn.split(':')[4] ?? '';
    return !claimedTrails.has(t.arn) && (owner === account || !scannedIds.has(owner));
  });
  for (const t of mine) claimedTrails.add(t.arn);
  const byHome = new Map<string, TrailInfo[]>();
  for (const t of mine) byHome.set(t.homeRegion, [...(byHome.get(t.homeRegion) ?? []), t]);
  opts.progress?.event?.({ kind: 'start', part: 'trails', account, count: mine.length });
  const trailsP = Promise.all([...byHome].map(([region, infos]) =>
    readTrails(clients, account, region, infos, gaps).catch((err) => {
      gaps.record({ service: 'cloudtrail', operation: 'DescribeTrails', account, region }, err);
      return [] as Trail[];
    }),
  )).then((lists) => (opts.progress?.event?.({ kind: 'done', part: 'trails', account, count: lists.flat().length }), lists));
  const [perRegion, buckets, trailLists] = await Promise.all([perRegionP, bucketsP, trailsP]);
  const trails = trailLists.flat();
  const items = buckets.length + perRegion.reduce((n, r) => n + r.functions.length + r.tables.length, 0);
  opts.progress?.event?.({ kind: 'done', part: 'inventory', account, regions, count: items });
  return {
    id: account, ...(acct.name ? { name: acct.name } : {}), regions, buckets,
    functions: perRegion.flatMap((r) => r.functions), tables: perRegion.flatMap((r) => r.tables), trails,
    eventDataStores: perRegion.flatMap((r) => r.stores), lens: perRegion.flatMap((r) => r.lens),
  };
}
