/**
 * The `--json` outputs as contracts: one zod definition per command's output, from which schema/<command>.schema.json
 * is generated (scenario/gen-schema.ts) and against which tests parse what the commands really print. The builders
 * in report/json.ts are typed by these definitions, so the code, the shipped schema and the tests cannot drift apart.
 *
 * Every output carries `schemaVersion`. Raise it when a field is removed, renamed or changes meaning; a new field
 * keeps the version (the shipped schemas list every field, so a consumer validating strictly sees the change).
 *
 * Unknown is never 0: a quantity whose every part is of unknown volume is `null`; a quantity with known parts is
 * the sum of those parts, next to `unknownParts` — how many deliveries (trail × resource × event class) of unknown
 * volume it leaves out. A dashboard that sums `usd` sums known parts and can say how many are missing.
 */
import { z } from 'zod';
import { LINT_RULES } from '../selectors/lint-rules.js';

export const SCHEMA_VERSION = 1;
const schemaVersion = z.literal(SCHEMA_VERSION).describe('Version of this output shape; raised when a field is removed, renamed or changes meaning.');

const Span = z
  .object({ low: z.number(), high: z.number() })
  .meta({ id: 'Span', description: 'A closed range; low === high when the number is known exactly.' });
/** A Span that is null when every part of it is of unknown volume. */
const Known = Span.nullable().meta({ id: 'Known', description: 'A range of the known parts; null when every part is of unknown volume (never 0).' });
const unknownParts = z
  .number()
  .int()
  .min(0)
  .describe('Deliveries (trail × resource × event class) of unknown volume this figure leaves out; 0 when it is complete.');

const DESTINATIONS = ['cloudtrail', 's3', 'cloudwatch', 'lake', 'athena'] as const;
const ByDestination = z
  .object(Object.fromEntries(DESTINATIONS.map((d) => [d, Known.optional()])) as Record<(typeof DESTINATIONS)[number], z.ZodOptional<typeof Known>>)
  .meta({ id: 'ByDestination', description: 'USD per destination the events go to (absent: none).' });

const CostLine = z.object({
  price: z.string().describe('Price book entry id, e.g. cloudtrail.dataEvents.'),
  destination: z.enum(DESTINATIONS),
  label: z.string(),
  quantity: Span,
  unit: z.string(),
  usd: Span,
  note: z.string().optional(),
}).meta({ id: 'CostLine' });

const UnknownCount = z
  .object({ nodes: z.number().int().min(0), classes: z.number().int().min(0), nodeIds: z.array(z.string()) })
  .meta({ id: 'UnknownCount', description: 'Resources (and their event classes) of unknown volume that are logged: counted apart, never as zero.' });

const Trail = z.object({
  name: z.string(),
  kind: z.enum(['trail', 'eventDataStore']),
  arn: z.string(),
  account: z.string(),
  homeRegion: z.string(),
  multiRegion: z.boolean(),
  organization: z.boolean(),
  coveredAccounts: z.array(z.string()),
  coveredRegions: z.array(z.string()),
  destinations: z.object({ s3Bucket: z.string().optional(), cloudWatchLogsGroup: z.string().optional(), lake: z.enum(['one-year', 'seven-year']).optional() }),
  dataEvents: Known.describe('Data events delivered per month (known parts).'),
  managementEvents: Span,
  managementPaidCopies: Span,
  networkEvents: Span,
  unknown: UnknownCount,
  unknownParts,
  lines: z.array(CostLine),
  usd: Known.describe('Monthly USD of the trail (known parts).'),
  byDestination: ByDestination,
  crossAccount: z.object({ events: Known, unknownNodes: z.number().int().min(0) }),
  governed: z.boolean(),
  proposed: z
    .object({ dataEvents: Known, usd: Known, status: z.string(), unknownParts })
    .optional()
    .describe('This trail with the selectors `trailcost optimize` writes (absent when nothing is proposed).'),
}).meta({ id: 'Trail' });

const Calibration = z.object({
  region: z.string(),
  usageType: z.string(),
  modeled: Span,
  billed: z.number().nullable(),
  billedUsd: z.number().nullable(),
  ratio: z.number().nullable(),
  inRange: z.boolean(),
  outOfLine: z.boolean(),
});

const BilledOther = z.object({ region: z.string().nullable(), usageType: z.string(), what: z.string(), quantity: z.number(), usd: z.number() });

const Warning = z.object({
  level: z.enum(['info', 'warning']),
  code: z.string(),
  message: z.string(),
  trail: z.string().optional(),
  nodeId: z.string().optional(),
});

const Assumption = z.object({ key: z.string(), value: z.string(), source: z.string(), note: z.string().optional() });

const Queries = z.object({
  gbScannedPerMonth: z.number(),
  athenaUsd: z.number(),
  lakeUsd: z.number(),
  events: Span,
  s3PlusAthena: Span,
  lakeOneYear: Span,
  lakeSevenYear: Span,
  rates: z.object({ athenaQuery: z.string(), lakeIngestOneYear: z.string(), lakeQuery: z.string() }),
  lakeWarning: z.string().optional(),
});

const Coverage = z.object({ sensitive: Span, logged: Span });

const DuplicateDelivery = z
  .object({
    kind: z.enum(['management', 'data', 'cross-account']),
    trail: z.string().describe('The trail delivering (and paying for) the extra copies.'),
    alsoLoggedBy: z.array(z.string()).describe('Trails that deliver the same events too (management: the ones ahead of it, the free first copy first).'),
    scope: z.string().describe('Where, in words: Regions, resources, or other accounts\' resources.'),
    events: Known.describe('Extra deliveries per month (known parts).'),
    usd: Known.describe('CloudTrail\'s charge for them per month (S3 storage and CloudWatch Logs come on top).'),
    unknownParts,
  })
  .meta({ id: 'DuplicateDelivery', description: 'The same events delivered more than once: every delivery is billed.' });

const Cell = z.object({ events: Known, usd: Known, unknownParts });
const BreakdownRow = z.object({
  key: z.string(),
  label: z.string(),
  perTrail: z.record(z.string(), Cell).describe('Per trail name: what this trail logs of the row.'),
  events: Known,
  usd: Known,
  unknownParts,
  provenance: z.string().optional(),
});

/** The estimate without the command's envelope: also each variant's estimate in `compare --json`. */
const EstimateBody = z.object({
  scenario: z.string(),
  trails: z.array(Trail),
  total: z.object({
    usd: Known,
    dataEvents: Known,
    byDestination: ByDestination,
    unknown: UnknownCount,
    unknownParts: unknownParts.describe('Sum of the trails\' unknownParts (a resource logged by two trails counts twice, as its cost would).'),
    lines: z.array(CostLine).describe('Organization-level lines not tied to one trail (the query workload).'),
  }),
  proposed: z
    .object({ usd: Known, dataEvents: Known, unknownParts, savings: z.object({ usd: Span, dataEvents: Span }) })
    .nullable()
    .describe('With the selectors `trailcost optimize` writes (governed trails; others unchanged); null without a policy.'),
  duplicates: z.object({ events: Span, usd: Span }).describe('Data events logged by more than one trail: extra deliveries and their cost.'),
  duplicateDeliveries: z.array(DuplicateDelivery).describe('Every duplicate delivery with its cost, biggest first: paid management copies, data events of several trails, cross-account copies.'),
  sensitiveCoverage: Coverage.nullable(),
  calibration: z.array(Calibration),
  billedOther: z.array(BilledOther),
  queries: Queries.nullable(),
  warnings: z.array(Warning),
  assumptions: z.array(Assumption),
}).meta({ id: 'Estimate' });

export const EstimateOutput = EstimateBody.extend({
  schemaVersion,
  breakdown: z
    .object({ by: z.enum(['account', 'region', 'resource', 'prefix', 'event']), rows: z.array(BreakdownRow) })
    .optional()
    .describe('With --by other than trail: every row of the slice (not only the --top shown in the table).'),
}).meta({ title: 'trailcost estimate --json' });

const CompareRow = z.object({
  name: z.string(),
  description: z.string().optional(),
  usd: Known,
  byDestination: ByDestination,
  dataEvents: Known,
  unknownParts,
  sensitiveCoverage: Coverage.nullable(),
  deltaUsd: Span.describe('usd − the baseline\'s usd (known parts of each).'),
  warnings: z.number().int().min(0),
});

export const CompareOutput = z
  .object({ schemaVersion, scenario: z.string(), rows: z.array(CompareRow), estimates: z.record(z.string(), EstimateBody) })
  .meta({ title: 'trailcost compare --json' });

const FieldSelector = z.object({
  Field: z.string(),
  Equals: z.array(z.string()).optional(),
  StartsWith: z.array(z.string()).optional(),
  EndsWith: z.array(z.string()).optional(),
  NotEquals: z.array(z.string()).optional(),
  NotStartsWith: z.array(z.string()).optional(),
  NotEndsWith: z.array(z.string()).optional(),
});
const AdvancedEventSelector = z.object({ Name: z.string().optional(), FieldSelectors: z.array(FieldSelector) });

const CoverageCount = z.object({
  required: z.number(),
  logged: z.number(),
  split: z.number(),
  unknownPairs: z.number().int().min(0),
  share: z.number().nullable(),
});

const OptimizeTrail = z.object({
  trail: z.string(),
  status: z.enum(['optimized', 'unsatisfiable', 'proof-failed', 'no-data-events']),
  types: z.array(z.string()),
  cost: z.object({
    dataEventsBefore: Known,
    dataEventsAfter: Known,
    usdBefore: Known,
    usdAfter: Known,
    savings: Span,
    savingsEvents: Span,
    unknownPartsBefore: unknownParts,
    unknownPartsAfter: unknownParts,
    unknownNodesAfter: z.number().int().min(0),
  }),
  values: z.object({
    used: z.number().int(),
    budget: z.number().int(),
    carried: z.number().int(),
    byType: z.record(z.string(), z.number()),
    levers: z.number(),
    leastNeeded: z.number().nullable(),
  }),
  coverage: z.object({ keep: CoverageCount, keepWrites: CoverageCount }).nullable(),
  proof: z.object({ ok: z.boolean(), checked: z.number().int(), violations: z.number().int() }).nullable(),
  lint: z.object({ valid: z.boolean(), warnings: z.array(z.string()) }).nullable(),
  dropped: z.array(z.object({ nodeId: z.string(), label: z.string(), events: z.number(), usd: z.number(), why: z.string() })),
  management: z
    .object({
      paidCopies: Span.describe('Paid management-event copies the trail delivers per month today.'),
      paidUsd: Span.describe('What they cost per month (the estimate\'s "Management events, extra copies" line).'),
      dropped: z.boolean().describe('The management selector is left out of the set (--drop-duplicate-management, and the check holds).'),
      removable: z.boolean().describe('It could be left out: other logging trails log the same management events for every account and Region the trail covers.'),
      coveredBy: z.array(z.string()).describe('The trails that log them.'),
      checked: z.number().int().min(0).describe('Account × Region × event-class cells the selector engine checked.'),
      why: z.string().nullable().describe('Why the selector stays (null when it can go).'),
    })
    .nullable()
    .describe('The trail\'s management selector when it pays for copies other trails log, or was left out; null otherwise.'),
  compliance: z.array(
    z.object({
      id: z.string(),
      tool: z.enum(['prowler', 'aws-config']),
      access: z.enum(['read', 'write']),
      before: z.boolean(),
      after: z.boolean(),
      regression: z.boolean(),
      note: z.string().optional(),
    }),
  ),
  findings: z.array(z.object({ level: z.enum(['info', 'warning', 'error']), code: z.string(), message: z.string(), nodeId: z.string().optional() })),
  selectors: z.array(AdvancedEventSelector),
});

export const OptimizeOutput = z
  .object({ schemaVersion, scenario: z.string(), variant: z.string().nullable(), maxValues: z.number().int(), trails: z.array(OptimizeTrail) })
  .meta({ title: 'trailcost optimize --json' });

const RULE_IDS = LINT_RULES.map((r) => r.id) as [string, ...string[]];

const LintFinding = z.object({
  rule: z.enum(RULE_IDS),
  severity: z.enum(['error', 'warning']),
  path: z.string().describe('JSON path into the input file.'),
  message: z.string(),
});

export const LintOutput = z
  .object({
    schemaVersion,
    valid: z.boolean().describe('No error among the findings reported (ignored findings do not count).'),
    values: z.number().int(),
    limit: z.number().int(),
    kind: z.enum(['advanced', 'basic']).nullable(),
    findings: z.array(LintFinding),
    ignored: z.number().int().min(0).describe('Findings left out by --ignore.'),
  })
  .meta({ title: 'trailcost lint --json' });

export const MatchLine = z
  .object({
    schemaVersion,
    eventID: z.unknown().describe('The record\'s eventID as it is in the record (null when it has none).'),
    eventName: z.unknown().describe('The record\'s eventName as it is in the record (null when it has none).'),
    logged: z.boolean(),
    selector: z.union([z.string(), z.number().int(), z.null()]).describe('The Name of the selector that logs it, else its index; null when not logged.'),
    reason: z.string().optional().describe('Why no selector set could log it (aggregated events).'),
  })
  .meta({ title: 'trailcost match --json (one object per line)' });

const CoverageLine = z
  .object({
    label: z.string().describe('Bucket path, function or table as the model names it.'),
    reads: z.array(z.string()).describe('Read event names.'),
    writes: z.array(z.string()).describe('Write event names.'),
    partly: z.boolean().describe('Only in part (some callers, some keys).'),
  })
  .meta({ id: 'CoverageLine' });

const SelectorChange = z
  .object({
    kind: z.enum(['added', 'removed', 'changed']),
    name: z.string(),
    fields: z.array(z.object({ field: z.string(), operator: z.string(), added: z.array(z.string()), removed: z.array(z.string()) })),
  })
  .meta({ id: 'SelectorChange' });

const BrokenRule = z.object({
  code: z.enum(['keep-not-logged', 'keep-writes-not-logged']),
  label: z.string(),
  eventName: z.string(),
  readOnly: z.boolean(),
  verdict: z.string(),
  message: z.string(),
});

const partsBefore = unknownParts.describe('Deliveries of unknown volume the before side logs and its figures leave out.');
const partsAfter = unknownParts.describe('Deliveries of unknown volume the after side logs and its figures leave out.');

const DiffCost = z
  .object({
    before: Known.describe('Monthly USD with the before selectors (known parts).'),
    after: Known.describe('Monthly USD with the after selectors (known parts).'),
    delta: Known.describe('after − before over the known parts, for one reading of each unknown split; null when either side has nothing known.'),
    unknownPartsBefore: partsBefore,
    unknownPartsAfter: partsAfter,
  })
  .meta({ id: 'DiffCost' });

const Count2 = z.object({ nodes: z.number().int().min(0), classes: z.number().int().min(0) });
const BeforeAfter = <T extends z.ZodType>(t: T) => z.object({ before: t, after: t });

const DiffTrail = z.object({
  trail: z.string(),
  arn: z.string(),
  address: z.string().nullable().describe('The Terraform resource address (with --plan), else null.'),
  source: BeforeAfter(z.string()).describe('Where each side comes from: a file, "current", "variant NAME", "plan: before/after".'),
  cost: DiffCost,
  dataEvents: z.object({
    before: Known,
    after: Known,
    delta: Known.describe('after − before; null when either side has nothing known.'),
    unknownPartsBefore: partsBefore,
    unknownPartsAfter: partsAfter,
  }),
  unknown: BeforeAfter(Count2).describe('Resources and event classes of unknown volume each side logs (classes = unknownParts).'),
  selectors: z.object({
    kind: BeforeAfter(z.enum(['advanced', 'basic'])),
    count: BeforeAfter(z.number().int().min(0)),
    values: BeforeAfter(z.number().int().min(0)),
    removed: z.number().int().min(0),
    added: z.number().int().min(0),
    unchanged: z.number().int().min(0),
    changes: z.array(SelectorChange),
  }),
  coverage: z.object({
    stops: z.array(CoverageLine).describe('Logged before, not (in full) after.'),
    starts: z.array(CoverageLine).describe('Not logged before, logged after.'),
    checked: z.number().int().min(0),
  }),
  managementOff: z.string().nullable().describe('Why the after side switches management events off, or null.'),
  lintErrors: z.array(z.string()),
  policy: z
    .object({ proofOk: z.boolean(), checked: z.number().int().min(0), broken: z.array(BrokenRule), warnings: z.array(z.string()) })
    .nullable()
    .describe('The keep rules of the policy governing the trail; null when none does (any loss counts).'),
  coverageLoss: z.boolean(),
  notes: z.array(z.string()),
});

export const DiffOutput = z
  .object({
    schemaVersion,
    input: z.object({ file: z.string(), name: z.string(), variant: z.string().nullable() }),
    total: DiffCost.describe('Sum over the trails compared.'),
    coverageLoss: z.boolean().describe('Some trail loses sensitive coverage (what --fail-on-coverage-loss exits 1 on).'),
    trails: z.array(DiffTrail),
    skipped: z.array(z.object({ address: z.string().nullable(), trail: z.string().nullable(), reason: z.string() })).describe('Changes that could not be priced, with why.'),
  })
  .meta({ title: 'trailcost diff --json' });

/** Every contract, by the name of its file under schema/ (`<name>.schema.json`). */
export const OUTPUT_CONTRACTS = {
  estimate: EstimateOutput,
  compare: CompareOutput,
  optimize: OptimizeOutput,
  lint: LintOutput,
  match: MatchLine,
  diff: DiffOutput,
} as const;

export type EstimateJson = z.output<typeof EstimateOutput>;
export type EstimateBodyJson = z.output<typeof EstimateBody>;
export type BreakdownRowJson = z.output<typeof BreakdownRow>;
export type CompareJson = z.output<typeof CompareOutput>;
export type OptimizeJson = z.output<typeof OptimizeOutput>;
export type OptimizeTrailJson = z.output<typeof OptimizeTrail>;
export type LintJson = z.output<typeof LintOutput>;
export type MatchLineJson = z.output<typeof MatchLine>;
export type DiffJson = z.output<typeof DiffOutput>;
export type DiffTrailJson = z.output<typeof DiffTrail>;
