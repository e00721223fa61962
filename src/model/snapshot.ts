/**
 * The snapshot: what collect saw, as plain versioned JSON (design.md, "Data flow"). `trailcost scan` writes it,
 * `trailcost sample` adds to it, and every other command reads it. A colleague without AWS access can open it.
 * Volumes here are raw measurements over their window; the model scales them to a month.
 */
import { z } from 'zod';

export const SNAPSHOT_VERSION = 1;

const AccountId = z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id');
const Region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS Region code such as us-east-1');
const IsoTime = z.string().datetime({ offset: true });

export const Window = z.object({ start: IsoTime, end: IsoTime });

/**
 * Largest volume read from a file: 10¹⁵ events (or requests, invocations) — a million times the busiest
 * organizations' monthly data events. zod already refuses NaN and ±Infinity; without a bound, 1.7e308 × a month's
 * scale overflows and every cost prints as $∞ or $NaN.
 */
export const MAX_VOLUME = 1e15;
/** Count of events, requests or invocations: finite, 0 or more, at most MAX_VOLUME. */
export const Volume = z.number().nonnegative('negative: a count is 0 or more').max(MAX_VOLUME, 'more than 10^15 (1e15): not a plausible volume');
/** Largest billed amount read, in USD either way (credits are negative). */
export const MAX_USD = 1e12;
const Usd = z.number().min(-MAX_USD, 'less than -10^12 USD: not a plausible amount').max(MAX_USD, 'more than 10^12 USD: not a plausible amount');

const FieldSelector = z
  .object({
    Field: z.string(),
    Equals: z.array(z.string()).optional(),
    StartsWith: z.array(z.string()).optional(),
    EndsWith: z.array(z.string()).optional(),
    NotEquals: z.array(z.string()).optional(),
    NotStartsWith: z.array(z.string()).optional(),
    NotEndsWith: z.array(z.string()).optional(),
  })
  .strict();
export const AdvancedSelectorSchema = z.object({ Name: z.string().optional(), FieldSelectors: z.array(FieldSelector) }).strict();
export const BasicSelectorSchema = z
  .object({
    ReadWriteType: z.enum(['ReadOnly', 'WriteOnly', 'All']).optional(),
    IncludeManagementEvents: z.boolean().optional(),
    DataResources: z.array(z.object({ Type: z.string(), Values: z.array(z.string()) }).strict()).optional(),
    ExcludeManagementEventSources: z.array(z.string()).optional(),
  })
  .strict();

export const SelectorsSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('advanced'), selectors: z.array(AdvancedSelectorSchema) }),
  z.object({ kind: z.literal('basic'), selectors: z.array(BasicSelectorSchema) }),
]);

export const MetricsFilter = z
  .object({
    prefix: z.string().optional(),
    tags: z.array(z.object({ key: z.string(), value: z.string() })).optional(),
    accessPointArn: z.string().optional(),
  })
  .strict();

export const BucketSchema = z.object({
  account: AccountId,
  region: Region,
  name: z.string().min(3).max(63),
  /** Request-metrics configurations (ListBucketMetricsConfigurations); empty = no request metrics. */
  metricsConfigurations: z.array(z.object({ id: z.string(), filter: MetricsFilter.optional() })).default([]),
  /** Bucket tags (GetBucketTagging): [] = read, none set; absent = not read (denied, or an older snapshot). */
  tags: z.array(z.object({ key: z.string(), value: z.string() })).optional(),
});

export const FunctionSchema = z.object({
  account: AccountId,
  region: Region,
  name: z.string(),
  arn: z.string(),
  /** Share of invocations that are asynchronous (each adds an InvokeExecution event); undefined = unknown. */
  asyncShare: z.number().min(0).max(1).optional(),
});

export const TableSchema = z.object({ account: AccountId, region: Region, name: z.string(), arn: z.string() });

/** The S3 request-metric names of CloudWatch AWS/S3 that map to data events (aws-facts §5). */
export const S3_REQUEST_METRICS = [
  'GetRequests', 'PutRequests', 'DeleteRequests', 'HeadRequests', 'PostRequests', 'SelectRequests', 'ListRequests',
  'AllRequests',
] as const;

/**
 * One measured sum over `window`. `sum: null` means the metric was requested and returned no data points
 * (unknown, never zero). Resource kinds: a bucket metrics filter, a function, a table operation.
 */
export const MeasurementSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('s3'), account: AccountId, region: Region, bucket: z.string(), filterId: z.string(),
    metric: z.enum(S3_REQUEST_METRICS), sum: Volume.nullable(), window: Window,
  }),
  z.object({
    kind: z.literal('lambda'), account: AccountId, region: Region, function: z.string(),
    metric: z.literal('Invocations'), sum: Volume.nullable(), window: Window,
  }),
  z.object({
    kind: z.literal('dynamodb'), account: AccountId, region: Region, table: z.string(), operation: z.string(),
    metric: z.literal('SuccessfulRequestLatency:SampleCount'), sum: Volume.nullable(), window: Window,
  }),
  // S3 Storage Lens advanced metrics in CloudWatch (aws-facts §8): one series per configuration × bucket × storage
  // class; `account`/`region` are the bucket's, `source` where the configuration publishes (its owner, home Region).
  z.object({
    kind: z.literal('storage-lens'), account: AccountId, region: Region, bucket: z.string(), configurationId: z.string(),
    storageClass: z.string(), metric: z.enum(S3_REQUEST_METRICS), sum: Volume.nullable(), window: Window,
    /** Daily data points behind `sum`: Storage Lens publishes once a day and late, so the model scales by these. */
    days: z.number().int().nonnegative().max(5000),
    source: z.object({ account: AccountId, region: Region }),
  }),
  // A billing export (CUR 2.0 / legacy CUR) read through Athena: billed requests of one bucket × usage type ×
  // operation over `window`. A floor of data events: DELETE is free (absent) and denied outside requests unbilled.
  z.object({
    kind: z.literal('cur'), account: AccountId, region: Region.optional(), bucket: z.string(), usageType: z.string(),
    operation: z.string().nullable(), sum: Volume.nullable(), window: Window, table: z.string(),
  }),
]);

/**
 * Aggregated log sample (`trailcost sample`): event counts per resource ARN prefix / function / table and
 * event class, with the window the logs cover. Gives the split that metrics cannot.
 */
export const SampleRowSchema = z.object({
  account: AccountId.optional(),
  region: Region.optional(),
  resourceType: z.string(),
  /** For S3: a prefix ARN ending at a path boundary (`arn:aws:s3:::bucket/a/b/`); else the exact ARN. */
  arn: z.string(),
  eventName: z.string(),
  readOnly: z.boolean(),
  eventType: z.string().default('AwsApiCall'),
  count: Volume,
  /** Top callers (userIdentity.arn) with their counts, when known. */
  callers: z.array(z.object({ arn: z.string(), count: Volume })).optional(),
  /**
   * S3 rows are disjoint: `count` holds events whose key falls under `arn` but under no deeper row's prefix, so a
   * bucket's rows sum to its total. `rolledUp` marks a prefix that also absorbed sub-prefixes cut by the bounds.
   */
  rolledUp: z.boolean().optional(),
  /**
   * Access-log samples: requests under this row that may or may not be data events (5xx answers, the website
   * endpoint…). The row's volume ranges from `count` to `count + uncertain`.
   */
  uncertain: Volume.optional(),
});
/** Network activity events seen in the logs, per account × Region × service × VPC endpoint (raw counts). */
export const SampleNetworkSchema = z.object({
  account: AccountId.optional(),
  region: Region.optional(),
  eventSource: z.string(),
  vpcEndpointId: z.string().optional(),
  count: Volume,
  /** Of them, denied by the endpoint policy (errorCode VpceAccessDenied). */
  denied: Volume,
});

export const SampleSchema = z.object({
  source: z.string(),
  /**
   * What was read: CloudTrail log files or queries (`cloudtrail`, the default), S3 server access logs (`access-log`:
   * requests mapped to data events, best-effort, ranges), or CloudTrail aggregated events (`aggregated`: 5-minute
   * counts per resource, API and caller; a volume, not events).
   */
  kind: z.enum(['cloudtrail', 'access-log', 'aggregated']).optional(),
  window: Window,
  records: Volume,
  duplicates: Volume.default(0),
  rows: z.array(SampleRowSchema),
  /** Network activity events (deduplicated like data events); absent in older snapshots. */
  network: z.array(SampleNetworkSchema).optional(),
  /** Records read that were neither data nor network activity events (management, insights): not aggregated. */
  nonData: Volume.optional(),
  /** Data events with no usable resource ARN: in `records`, in no row. */
  unattributed: Volume.optional(),
  /** Data events without an eventID: counted, but they could not be deduplicated. */
  noEventId: Volume.optional(),
  /** Log files read, and those skipped as unreadable, corrupt or truncated (by name). */
  files: Volume.optional(),
  problems: z.array(z.object({ file: z.string(), message: z.string() })).optional(),
  /** Caveats a reader must see (approximate callers, rolled-up prefixes, partial dedupe, short window). */
  notes: z.array(z.string()).optional(),
  /** Access logs: requests that are not data events or that CloudTrail does not log, by operation and why. */
  notEvents: z.array(z.object({
    operation: z.string(), why: z.enum(['not-data', 'not-logged', 'unmapped']), detail: z.string(), count: Volume,
  })).optional(),
});

export const TrailSchema = z.object({
  name: z.string(),
  arn: z.string(),
  account: AccountId,
  homeRegion: Region,
  multiRegion: z.boolean(),
  organization: z.boolean(),
  logging: z.boolean().default(true),
  s3Bucket: z.string(),
  s3KeyPrefix: z.string().optional(),
  cloudWatchLogsGroup: z.string().optional(),
  /** Insights types enabled on management events. */
  insights: z.array(z.enum(['ApiCallRateInsight', 'ApiErrorRateInsight'])).default([]),
  /**
   * RecursiveLogging (aws-facts §7): false = CloudTrail does not log its own deliveries to this trail's bucket and
   * log group. Absent = unknown (older SDKs and snapshots do not have it), never read as false.
   */
  recursiveLogging: z.boolean().optional(),
  /**
   * What-if: the same selectors delivered by a CloudWatch telemetry enablement rule for CloudTrail instead of a
   * trail (aws-facts §7): into CloudWatch Logs, priced per GB; no network activity, no Insights. Scenarios only.
   */
  telemetryRule: z.boolean().optional(),
  /** Insights types enabled on data events (InsightSelectors whose EventCategories include Data). */
  dataInsights: z.array(z.enum(['ApiCallRateInsight', 'ApiErrorRateInsight'])).optional(),
  selectors: SelectorsSchema,
});

export const EventDataStoreSchema = z.object({
  arn: z.string(),
  name: z.string(),
  account: AccountId,
  homeRegion: Region,
  multiRegion: z.boolean(),
  organization: z.boolean(),
  retention: z.enum(['one-year', 'seven-year']),
  /** CloudTrail Lake keeps events at most 3,653 days (ten years). */
  retentionDays: z.number().int().positive().max(3653).optional(),
  selectors: z.array(AdvancedSelectorSchema),
});

/** Cost Explorer rows for SERVICE = AWS CloudTrail grouped by USAGE_TYPE (and linked account when known). */
export const BillingRowSchema = z.object({
  period: Window,
  usageType: z.string(),
  account: AccountId.optional(),
  quantity: Volume,
  unit: z.string().optional(),
  cost: Usd,
  /** True for the current, incomplete month. */
  estimated: z.boolean().default(false),
});

/** A part of the account the scan could not read: recorded, listed, never silently zero. */
export const GapSchema = z.object({
  service: z.string(),
  operation: z.string(),
  account: AccountId.optional(),
  region: Region.optional(),
  resource: z.string().optional(),
  error: z.string(),
  message: z.string(),
});

export const SnapshotSchema = z.object({
  version: z.literal(SNAPSHOT_VERSION),
  generatedAt: IsoTime,
  source: z.object({ tool: z.string(), kind: z.enum(['scan', 'sample', 'scenario', 'generated']), note: z.string().optional() }),
  window: Window,
  organization: z.object({ id: z.string(), managementAccount: AccountId }).optional(),
  accounts: z.array(z.object({ id: AccountId, name: z.string().optional() })),
  regions: z.array(Region),
  buckets: z.array(BucketSchema).default([]),
  functions: z.array(FunctionSchema).default([]),
  tables: z.array(TableSchema).default([]),
  measurements: z.array(MeasurementSchema).default([]),
  samples: z.array(SampleSchema).default([]),
  trails: z.array(TrailSchema).default([]),
  eventDataStores: z.array(EventDataStoreSchema).default([]),
  billing: z.array(BillingRowSchema).default([]),
  gaps: z.array(GapSchema).default([]),
});

export type Snapshot = z.infer<typeof SnapshotSchema>;
export type SnapshotInput = z.input<typeof SnapshotSchema>;
export type Bucket = z.infer<typeof BucketSchema>;
export type LambdaFunction = z.infer<typeof FunctionSchema>;
export type Table = z.infer<typeof TableSchema>;
export type Measurement = z.infer<typeof MeasurementSchema>;
export type Sample = z.infer<typeof SampleSchema>;
export type SampleRow = z.infer<typeof SampleRowSchema>;
export type Trail = z.infer<typeof TrailSchema>;
export type EventDataStore = z.infer<typeof EventDataStoreSchema>;
export type BillingRow = z.infer<typeof BillingRowSchema>;
export type Gap = z.infer<typeof GapSchema>;

/** A snapshot with nothing in it yet: where `sample` and declared scenario inventories start. */
export function emptySnapshot(head: Pick<Snapshot, 'generatedAt' | 'source' | 'window'>): Snapshot {
  return {
    version: SNAPSHOT_VERSION,
    ...head,
    accounts: [],
    regions: [],
    buckets: [],
    functions: [],
    tables: [],
    measurements: [],
    samples: [],
    trails: [],
    eventDataStores: [],
    billing: [],
    gaps: [],
  };
}
