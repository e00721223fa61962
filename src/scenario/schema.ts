/**
 * The scenario file (YAML): a snapshot to start from, or an inventory declared inline, plus trails, a policy,
 * pricing assumptions and named variants (what-ifs). The JSON Schema in schema/scenario.schema.json is generated
 * from this (`npx tsx src/scenario/gen-schema.ts`) so editors can validate scenario files.
 */
import { readRule } from '../model/policy.js';
import { z } from 'zod';
import { EventDataStoreSchema, S3_REQUEST_METRICS, SelectorsSchema, TrailSchema, Volume } from '../model/snapshot.js';

const AccountId = z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id');
const Region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS Region code such as us-east-1');
/** Events, requests or invocations a month: finite, 0 or more, at most 10¹⁵ (model/snapshot.ts MAX_VOLUME). */
const Count = Volume;
/** A multiplier or ratio: past 1,000 it is a typo, and the volumes it multiplies would overflow. */
const FACTOR_MAX = 1000;
const Share = z.number().min(0).max(1);

/** Monthly S3 requests per CloudWatch request metric (GetRequests, PutRequests, ...). */
const S3Requests = z.partialRecord(z.enum(S3_REQUEST_METRICS.filter((m) => m !== 'AllRequests') as [string, ...string[]]), Count);
/** Monthly events per eventName (exact split, e.g. from a log sample done elsewhere). */
const EventCounts = z.record(z.string().min(1), Count);

export const PrefixDeclSchema = z
  .object({
    /** Key prefix inside the bucket, ending in `/` (e.g. `customers/` or `raw/2024/`). */
    prefix: z.string().min(1).regex(/\/$/, 'a key prefix ending in "/"'),
    /** Share of the bucket's volume (all classes) under this prefix. */
    share: Share.optional().describe('Share (0–1) of the bucket\'s volume under this prefix.'),
    requests: S3Requests.optional(),
    events: EventCounts.optional(),
  })
  .strict();

export const BucketDeclSchema = z
  .object({
    account: AccountId,
    region: Region,
    name: z.string().min(3).max(63),
    /** Monthly requests by metric; omit both `requests` and `events` for a bucket whose volume is unknown. */
    requests: S3Requests.optional().describe('Monthly requests by CloudWatch request metric (GetRequests, PutRequests, ...). Omit with `events` for unknown volume.'),
    events: EventCounts.optional().describe('Monthly events by eventName (GetObject, PutObject, ...).'),
    prefixes: z.array(PrefixDeclSchema).default([]).describe('Prefix nodes: a share of the bucket, or their own requests/events.'),
  })
  .strict();

export const FunctionDeclSchema = z
  .object({
    account: AccountId,
    region: Region,
    name: z.string().min(1),
    /** Monthly invocations; omit for unknown. */
    invocations: Count.optional().describe('Monthly invocations; omit for unknown.'),
    /** Share of invocations that are asynchronous (each adds an InvokeExecution event). */
    asyncShare: Share.optional().describe('Share of invocations that are asynchronous (each adds an InvokeExecution event).'),
  })
  .strict();

export const TableDeclSchema = z
  .object({
    account: AccountId,
    region: Region,
    name: z.string().min(1),
    /** Monthly requests per DynamoDB operation (GetItem, Query, ...); omit for unknown. */
    operations: EventCounts.optional().describe('Monthly requests per DynamoDB operation (GetItem, Query, ...); omit for unknown.'),
  })
  .strict();

export const InventorySchema = z
  .object({
    organization: z.object({ id: z.string(), managementAccount: AccountId }).strict().optional(),
    accounts: z.array(z.object({ id: AccountId, name: z.string().optional() }).strict()).min(1),
    /** Regions in use; defaults to every Region a resource is declared in. */
    regions: z.array(Region).optional(),
    buckets: z.array(BucketDeclSchema).default([]),
    functions: z.array(FunctionDeclSchema).default([]),
    tables: z.array(TableDeclSchema).default([]),
  })
  .strict();

/** Management events per month in each account × Region (every account / every Region when omitted). */
export const ManagementVolumeSchema = z
  .object({
    account: AccountId.optional(),
    region: Region.optional(),
    events: Count,
    /** Share of them that are read-only; unknown gives a range for trails that log reads or writes only. */
    readShare: Share.optional(),
  })
  .strict();

export const NetworkVolumeSchema = z
  .object({
    account: AccountId,
    region: Region,
    /** The service reached through the VPC endpoint, as network activity selectors name it (`s3.amazonaws.com`). */
    eventSource: z.string().regex(/^[a-z0-9-]+\.amazonaws\.com$/, 'a service endpoint such as s3.amazonaws.com'),
    vpcEndpointId: z.string().regex(/^vpce-[0-9a-f]+$/, 'a VPC endpoint id such as vpce-0123456789abcdef0').optional(),
    events: Count,
    /** Share of them denied by the endpoint policy (errorCode VpceAccessDenied); unknown gives a range. */
    deniedShare: Share.optional(),
  })
  .strict();

/** A trail as declared in a scenario: the snapshot trail shape, ARN optional (derived from name and account). */
export const ScenarioTrailSchema = TrailSchema.extend({ arn: z.string().optional(), logging: z.boolean().default(true) }).strict();
export const ScenarioEventDataStoreSchema = EventDataStoreSchema.extend({ arn: z.string().optional() }).strict();

/** Changes to one existing trail by name (only the fields given change). */
export const TrailPatchSchema = z
  .object({
    name: z.string(),
    selectors: SelectorsSchema.optional(),
    cloudWatchLogsGroup: z.string().nullable().optional(),
    s3Bucket: z.string().optional(),
    multiRegion: z.boolean().optional(),
    organization: z.boolean().optional(),
    logging: z.boolean().optional(),
    recursiveLogging: z.boolean().optional(),
    telemetryRule: z.boolean().optional().describe('What-if: deliver this trail\'s selectors through a CloudWatch telemetry enablement rule instead (per GB; no network activity, no Insights).'),
    insights: z.array(z.enum(['ApiCallRateInsight', 'ApiErrorRateInsight'])).optional(),
  })
  .strict();

export const DecisionSchema = z.enum(['keep', 'keep-writes', 'drop']);

export const PolicySchema = z
  .object({
    /** Trails this policy governs (default: every trail that logs data events). */
    trails: z.array(z.string()).optional(),
    default: z.enum(['log', 'drop']).default('log'),
    rules: z
      .array(
        z
          .object({
            /** What the rule names: see model/policy readRule. */
            match: z.string().min(1).describe('A bucket name or bucket/prefix/, an S3 ARN prefix, a function or table ARN (exactly that resource; an alias-qualified ARN keeps the whole function), or an ARN prefix: a name ending in *, -, _ or . (arn:aws:lambda:us-east-1:111111111111:function:pii-).'),
            decision: DecisionSchema.describe('keep: reads and writes logged; keep-writes: writes only; drop: not logged.'),
            reason: z.string().optional(),
          })
          .strict()
          // Every rule names something selectors can select, read one way everywhere (model/policy readRule).
          .superRefine((rule, ctx) => {
            const r = readRule(rule);
            if (!r.ok) ctx.addIssue({ code: 'custom', path: ['match'], message: r.error });
          }),
      )
      .default([]),
    levers: z
      .object({
        dropServiceEvents: z.boolean().optional(),
        dropEventNames: z.array(z.string()).optional(),
        dropCallers: z.array(z.string()).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const AssumptionsSchema = z
  .object({
    /** Average uncompressed CloudTrail record size (AWS: about 1,500 bytes). */
    eventSizeBytes: z.number().positive().max(1_000_000).optional().describe('Average uncompressed record size in bytes (AWS: about 1,500).'),
    /** Multiplier on every volume (traffic growth): 2 = traffic doubles. */
    growth: z.number().positive().max(FACTOR_MAX).optional().describe('Multiplier on every volume: 2 = traffic doubles.'),
    /** Uncompressed / gzip size ratio of log files in S3 (about 10). */
    compressionRatio: z.number().min(1).max(FACTOR_MAX).optional(),
    /** DeleteObjects: share of DeleteRequests that are multi-object deletes, and keys per call. */
    deleteObjects: z.object({ share: Share, keysPerCall: z.number().min(1).max(1000) }).strict().optional(),
    /** Async share for functions whose share the snapshot does not know. */
    lambdaAsyncShare: Share.optional(),
    /** Monthly query workload, in GB of compressed log data scanned (Athena over S3, or Lake). */
    queries: z.object({ gbScannedPerMonth: Count, queriesPerMonth: Count.optional() }).strict().optional().describe('Monthly query workload: compressed GB scanned (Athena over S3, or Lake).'),
    /** Months of logs kept in S3 / CloudWatch Logs (storage is priced for the steady state). */
    retentionMonths: z.number().min(0).max(240).optional(),
    /** Is this organization an existing CloudTrail Lake customer (Lake is closed to new ones from 2026-05-31)? */
    lakeExistingCustomer: z.boolean().optional().describe('Existing CloudTrail Lake customer? Lake is closed to new customers from 2026-05-31.'),
    /** Region for prices when none is given (price book default otherwise). */
    pricingRegion: Region.optional(),
  })
  .strict();

export const VariantSchema = z
  .object({
    name: z.string().min(1).regex(/^[A-Za-z0-9][\w.-]*$/, 'letters, digits, ".", "_" or "-"'),
    description: z.string().optional(),
    /** Replace the whole trail list. */
    trails: z.array(ScenarioTrailSchema).optional(),
    addTrails: z.array(ScenarioTrailSchema).optional(),
    removeTrails: z.array(z.string()).optional(),
    modifyTrails: z.array(TrailPatchSchema).optional(),
    eventDataStores: z.array(ScenarioEventDataStoreSchema).optional(),
    addEventDataStores: z.array(ScenarioEventDataStoreSchema).optional(),
    policy: PolicySchema.optional(),
    /** Merged over the scenario's assumptions. */
    assumptions: AssumptionsSchema.optional(),
    managementEvents: z.array(ManagementVolumeSchema).optional(),
    networkActivityEvents: z.array(NetworkVolumeSchema).optional(),
  })
  .strict();

export const ScenarioSchema = z
  .object({
    name: z.string().min(1).describe('Scenario name, shown in reports.'),
    description: z.string().optional(),
    /** A snapshot file (path relative to this scenario), or `inventory` declared inline: exactly one. */
    snapshot: z.string().min(1).optional().describe('A snapshot file (from `trailcost scan`), relative to this scenario. Give this or `inventory`.'),
    inventory: InventorySchema.optional().describe('Accounts, buckets, functions and tables declared inline, with monthly volumes. Give this or `snapshot`.'),
    /** Trails added to the snapshot's (one with the same name replaces the snapshot's). */
    trails: z.array(ScenarioTrailSchema).default([]).describe('Trails (added to the snapshot\'s; the same name replaces the snapshot\'s trail).'),
    eventDataStores: z.array(ScenarioEventDataStoreSchema).default([]).describe('CloudTrail Lake event data stores.'),
    managementEvents: z.array(ManagementVolumeSchema).default([]).describe('Management events per month per account × Region; empty = from billed FreeEventsRecorded.'),
    networkActivityEvents: z.array(NetworkVolumeSchema).default([]).describe('Network activity events per month through VPC endpoints, per account × Region × service (AWS publishes no metric of them).'),
    policy: PolicySchema.optional().describe('What is sensitive (keep), what is noise (drop), what needs writes only.'),
    assumptions: AssumptionsSchema.default({}).describe('Event size, growth, storage months, query workload, ...'),
    variants: z.array(VariantSchema).default([]).describe('Named what-ifs; each overrides trails, stores, policy or assumptions.'),
  })
  .strict()
  .superRefine((s, ctx) => {
    if ((s.snapshot === undefined) === (s.inventory === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: s.snapshot === undefined ? [] : ['inventory'],
        message: 'give either `snapshot` (a file) or `inventory` (declared inline), exactly one',
      });
    }
    // AWS rejects an empty operator array (PutEventSelectors fails); the engine would read it as "no constraint"
    // and log everything, so it is an input error here rather than a silently wrong estimate.
    const emptyOperators = (sel: { kind: string; selectors: unknown[] } | undefined, at: PropertyKey[]) => {
      if (!sel || sel.kind !== 'advanced') return;
      (sel.selectors as Array<{ FieldSelectors: Array<Record<string, unknown>> }>).forEach((a, i) =>
        a.FieldSelectors.forEach((f, j) => {
          for (const op of ['Equals', 'StartsWith', 'EndsWith', 'NotEquals', 'NotStartsWith', 'NotEndsWith']) {
            const v = f[op];
            if (Array.isArray(v) && v.length === 0) {
              ctx.addIssue({ code: 'custom', path: [...at, 'selectors', i, 'FieldSelectors', j, op], message: `empty ${op} list: AWS rejects an operator with no values` });
            }
          }
        }),
      );
    };
    s.trails.forEach((t, i) => emptyOperators(t.selectors, ['trails', i, 'selectors']));
    s.variants.forEach((v, i) => {
      v.trails?.forEach((t, k) => emptyOperators(t.selectors, ['variants', i, 'trails', k, 'selectors']));
      v.addTrails?.forEach((t, k) => emptyOperators(t.selectors, ['variants', i, 'addTrails', k, 'selectors']));
      v.modifyTrails?.forEach((t, k) => emptyOperators(t.selectors, ['variants', i, 'modifyTrails', k, 'selectors']));
    });
    const seen = new Set<string>();
    s.variants.forEach((v, i) => {
      if (seen.has(v.name)) ctx.addIssue({ code: 'custom', path: ['variants', i, 'name'], message: `duplicate variant name "${v.name}"` });
      seen.add(v.name);
    });
    const trailNames = new Set<string>();
    s.trails.forEach((t, i) => {
      if (trailNames.has(t.name)) ctx.addIssue({ code: 'custom', path: ['trails', i, 'name'], message: `duplicate trail name "${t.name}"` });
      trailNames.add(t.name);
    });
    s.inventory?.buckets.forEach((b, i) => {
      const total = b.prefixes.reduce((a, p) => a + (p.share ?? 0), 0);
      if (total > 1 + 1e-9) {
        ctx.addIssue({ code: 'custom', path: ['inventory', 'buckets', i, 'prefixes'], message: `prefix shares add up to ${total.toFixed(3)} (> 1)` });
      }
      const prefixes = new Set<string>();
      b.prefixes.forEach((p, j) => {
        if (prefixes.has(p.prefix)) ctx.addIssue({ code: 'custom', path: ['inventory', 'buckets', i, 'prefixes', j, 'prefix'], message: `duplicate prefix "${p.prefix}"` });
        prefixes.add(p.prefix);
        const ways = [p.share !== undefined, p.requests !== undefined, p.events !== undefined].filter(Boolean).length;
        if (ways !== 1) {
          ctx.addIssue({ code: 'custom', path: ['inventory', 'buckets', i, 'prefixes', j], message: 'give exactly one of `share`, `requests` or `events`' });
        }
        if (p.share !== undefined && b.requests === undefined && b.events === undefined) {
          ctx.addIssue({ code: 'custom', path: ['inventory', 'buckets', i, 'prefixes', j, 'share'], message: 'a share needs the bucket volume (`requests` or `events`)' });
        }
      });
      if (b.requests !== undefined && b.events !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['inventory', 'buckets', i], message: 'give `requests` or `events`, not both' });
      }
    });
  });

export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type Variant = z.infer<typeof VariantSchema>;
export type Inventory = z.infer<typeof InventorySchema>;
export type BucketDecl = z.infer<typeof BucketDeclSchema>;
export type PrefixDecl = z.infer<typeof PrefixDeclSchema>;
export type FunctionDecl = z.infer<typeof FunctionDeclSchema>;
export type TableDecl = z.infer<typeof TableDeclSchema>;
export type ManagementVolume = z.infer<typeof ManagementVolumeSchema>;
export type ScenarioTrail = z.infer<typeof ScenarioTrailSchema>;
export type ScenarioEventDataStore = z.infer<typeof ScenarioEventDataStoreSchema>;
export type TrailPatch = z.infer<typeof TrailPatchSchema>;
export type PolicyDecl = z.infer<typeof PolicySchema>;
export type Assumptions = z.infer<typeof AssumptionsSchema>;
