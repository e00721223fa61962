/**
 * Whole-bucket volumes from sources that count requests, not data events (aws-facts §8): S3 Storage Lens (daily
 * request counts per bucket, published to CloudWatch) and a billing export (billed requests per usage type and
 * operation). Each becomes event classes with bounds: exact where the source names the API, a range where it only
 * names a group of APIs, unknown where the source cannot see a class at all (DELETE is not billed). Pure.
 */
import { DATA_EVENT_NAMES, RESOURCE_TYPES } from '../selectors/data-events.js';
import { MONTH_HOURS } from './assumptions.js';
import { eventClass, s3MetricClasses } from './classes.js';
import type { Measurement } from './snapshot.js';
import type { EventClass } from './types.js';

const S3 = RESOURCE_TYPES.s3Object;
const NAMED = ['GetRequests', 'PutRequests', 'DeleteRequests', 'HeadRequests', 'PostRequests', 'SelectRequests', 'ListRequests'] as const;

/** One class's monthly volume from an alternative source; `high: null` = no upper bound known. */
export interface SpanClass {
  cls: EventClass;
  low: number;
  high: number | null;
  /** The point estimate, or null when only bounds are known. */
  events: number | null;
  assumption: string;
}

export interface SourceVolume {
  classes: SpanClass[];
  /** Monthly requests that are not deletes (low, high): what every source can be compared on. */
  nonDelete: { low: number; high: number };
  /** Caveats for the model's notes (the model gathers equal ones over buckets into one note). */
  notes: Array<{ level: 'info' | 'warning'; code: string; text: string }>;
  /** How the source is named to users. */
  label: string;
}

type LensM = Extract<Measurement, { kind: 'storage-lens' }>;

/** Storage Lens series by bucket name → metric → monthly value per storage class (series without data left out). */
export function indexLens(ms: readonly Measurement[], growth: number): Map<string, { configurationId: string; metrics: Map<string, number[]> }> {
  const out = new Map<string, { configurationId: string; metrics: Map<string, number[]> }>();
  for (const m of ms) {
    if (m.kind !== 'storage-lens' || m.sum === null || m.days <= 0) continue;
    const b = out.get(m.bucket) ?? { configurationId: m.configurationId, metrics: new Map<string, number[]>() };
    // The scan keeps one configuration per bucket; a hand-merged snapshot could hold more: use the first only.
    if (b.configurationId !== m.configurationId) continue;
    out.set(m.bucket, b);
    const list = b.metrics.get(m.metric) ?? [];
    list.push(lensMonthly(m, growth));
    b.metrics.set(m.metric, list);
  }
  return out;
}

/** A daily series' sum as a month: each data point is one day, so scale by the points, not by the window. */
export function lensMonthly(m: Pick<LensM, 'sum' | 'days'>, growth: number): number {
  return ((m.sum ?? 0) * MONTH_HOURS * growth) / (m.days * 24);
}

/**
 * Storage Lens → event classes, with the request-metric mapping of classes.ts (the metric names are the same).
 * Several storage_class series for one metric: whether one of them aggregates the others is not documented, so
 * the volume ranges from the largest series to their sum.
 */
export function lensVolume(b: { configurationId: string; metrics: Map<string, number[]> }, deleteObjects: { share: number; keysPerCall: number }): SourceVolume {
  const classes: SpanClass[] = [];
  const notes: SourceVolume['notes'] = [];
  const nonDelete = { low: 0, high: 0 };
  let namedHigh = 0;
  let multi = false;
  for (const metric of NAMED) {
    const vs = b.metrics.get(metric);
    if (!vs?.length) continue;
    const low = Math.max(...vs);
    const high = vs.reduce((a, x) => a + x, 0);
    if (vs.length > 1) multi = true;
    namedHigh += high;
    if (metric !== 'DeleteRequests') {
      nonDelete.low += low;
      nonDelete.high += high;
    }
    for (const ms of s3MetricClasses(metric, deleteObjects)) {
      const base = `Storage Lens ${metric} (configuration "${b.configurationId}", daily, best-effort)`;
      const range = vs.length > 1 ? `; ${vs.length} storage_class series: from the largest to their sum` : '';
      classes.push({
        cls: ms.cls, low: low * ms.share, high: high * ms.share, events: vs.length > 1 ? null : low * ms.share,
        assumption: `${base}${range}${ms.assumption ? `; ${ms.assumption}` : ''}`,
      });
    }
  }
  if (multi) notes.push({ level: 'info', code: 'storage-lens-storage-class', text: 'several Storage Lens storage_class series per metric: whether one is a total of the others is not documented; volume given as a range' });
  const all = b.metrics.get('AllRequests');
  const allHigh = all?.reduce((a, x) => a + x, 0) ?? 0;
  if (allHigh > namedHigh * 1.05 && allHigh - namedHigh > 1) {
    notes.push({ level: 'info', code: 'storage-lens-other-requests', text: 'Storage Lens AllRequests exceeds the seven named request types by more than 5%: requests of other types are not counted' });
  }
  return { classes, nonDelete, notes, label: 'Storage Lens' };
}

/** Billing-export rows by bucket name, each with its monthly amount (scaled by the window the query covered). */
export function indexCur(ms: readonly Measurement[], growth: number): Map<string, Array<{ usageType: string; operation: string | null; monthly: number }>> {
  const out = new Map<string, Array<{ usageType: string; operation: string | null; monthly: number }>>();
  for (const m of ms) {
    if (m.kind !== 'cur' || m.sum === null) continue;
    const hours = (Date.parse(m.window.end) - Date.parse(m.window.start)) / 3_600_000;
    if (!(hours > 0)) continue;
    const list = out.get(m.bucket) ?? [];
    list.push({ usageType: m.usageType, operation: m.operation, monthly: (m.sum * MONTH_HOURS * growth) / hours });
    out.set(m.bucket, list);
  }
  return out;
}

/**
 * Billing operation names (line_item_operation, "self-explanatory codes such as PutObject or ListBucket") that are
 * S3 data events under another name. Names equal to a data event's map to it directly.
 */
const OPERATION_ALIASES: Record<string, string> = {
  ListBucket: 'ListObjects', ListObjectsV2: 'ListObjects', ListBucketVersions: 'ListObjectVersions',
  InitiateMultipartUpload: 'CreateMultipartUpload',
};
// The S3 data events, but deletes: DELETE requests are free, so a billing export never holds them (they stay unknown).
const S3_EVENTS = new Set(DATA_EVENT_NAMES[RESOURCE_TYPES.s3Object].filter((e) => !e.startsWith('Delete')));

/** The data event a billing operation is, or undefined when it is not known to be one. */
export function operationEvent(op: string | null): string | undefined {
  if (!op) return undefined;
  const name = OPERATION_ALIASES[op] ?? op;
  return S3_EVENTS.has(name) ? name : undefined;
}

/** `USE1-Requests-SIA-Tier1` → { tier: 1, storageClass: 'SIA' }; undefined for other usage types. */
export function requestTier(usageType: string): { tier: number; storageClass: string } | undefined {
  const m = /(?:^|-)Requests-(?:([A-Za-z0-9]+)-)?Tier(\d)$/.exec(usageType);
  return m ? { tier: Number(m[2]), storageClass: m[1] ?? '' } : undefined;
}

const FLOOR = 'billed requests: a floor (denied requests from outside the organization are logged but not billed)';

/**
 * Billing export → event classes. A row whose operation is a data event is exact (a floor, see FLOOR). A row
 * without a known operation only says "Tier 1" (PUT, COPY, POST or LIST; Glacier classes: no LIST) or "Tier 2"
 * (GET, HEAD and other requests, some of them not data events): each class it could be gets 0 to the row's
 * amount. DELETE requests are free and never billed, so DeleteObject is unknown (no upper bound).
 */
export function curVolume(rows: ReadonlyArray<{ usageType: string; operation: string | null; monthly: number }>): SourceVolume {
  const byKey = new Map<string, SpanClass>();
  const put = (name: string, low: number, high: number, exact: boolean, why: string) => {
    const cls = eventClass(S3, name);
    const k = `${name}|${exact ? 'x' : 'r'}`;
    const c = byKey.get(k);
    if (c) {
      c.low += low;
      c.high = (c.high ?? 0) + high;
      if (c.events !== null) c.events += low;
    } else {
      byKey.set(k, { cls, low, high, events: exact ? low : null, assumption: why });
    }
  };
  const nonDelete = { low: 0, high: 0 };
  let ranged = 0;
  for (const r of rows) {
    const t = requestTier(r.usageType);
    if (!t || (t.tier !== 1 && t.tier !== 2)) continue;
    const ev = operationEvent(r.operation);
    nonDelete.high += r.monthly;
    if (ev) {
      nonDelete.low += r.monthly;
      put(ev, r.monthly, r.monthly, true, `billing export ${r.operation} (${r.usageType}); ${FLOOR}`);
      continue;
    }
    ranged += r.monthly;
    const what = r.operation ? `operation ${r.operation} is not a known data event` : 'no operation in the export';
    const glacier = /^(GLACIER|GDA)$/.test(t.storageClass);
    if (t.tier === 1) {
      put('PutObject', 0, r.monthly, false, `billing export ${r.usageType}, ${what}: 0 to all of it PUT/COPY/POST (writes)`);
      if (!glacier) put('ListObjects', 0, r.monthly, false, `billing export ${r.usageType}, ${what}: 0 to all of it LIST (reads)`);
    } else {
      put('GetObject', 0, r.monthly, false, `billing export ${r.usageType}, ${what}: 0 to all of it GET/HEAD${glacier ? '/LIST' : ''} (reads; "other" Tier 2 requests may not be data events)`);
    }
  }
  const classes = [...byKey.values()];
  if (classes.length > 0) {
    classes.push({ cls: eventClass(S3, 'DeleteObject'), low: 0, high: null, events: null, assumption: 'DELETE requests are free and not in the billing export: unknown' });
  }
  const notes: SourceVolume['notes'] = [{ level: 'warning', code: 'billing-export-floor', text: 'billing export: a floor of data events (DELETE is free and absent; denied requests from outside the organization are logged by CloudTrail but not billed)' }];
  if (ranged > 0) notes.push({ level: 'info', code: 'billing-export-range', text: 'billing export: requests without a known data-event operation are bounded per class (0 to the tier total), so a trail logging reads and writes sees a wider range than the truth' });
  return { classes, nonDelete, notes, label: 'billing export' };
}

/** The S3 request-metric group an S3 data event counts in (aws-facts §5), or undefined. */
export function s3RequestGroup(eventName: string): string | undefined {
  if (eventName === 'SelectObjectContent') return 'Select';
  if (/^(CreateMultipartUpload|CompleteMultipartUpload|RestoreObject)$/.test(eventName)) return 'Post';
  if (/^(Delete|Abort)/.test(eventName)) return 'Delete';
  if (/^(Put|Copy|UploadPart)/.test(eventName)) return 'Put';
  if (eventName.startsWith('Get')) return 'Get';
  if (eventName.startsWith('Head')) return 'Head';
  if (eventName.startsWith('List')) return 'List';
  return undefined;
}

/** Relative gap between two monthly request totals (0 = equal, 1 = one of them is zero). */
export function disagreement(a: number, b: number): number {
  const hi = Math.max(a, b);
  return hi > 0 ? Math.abs(a - b) / hi : 0;
}

/** Sources further apart than this are reported (both are best-effort; S3 documents no accuracy). */
export const DISAGREEMENT_WARN = 0.25;
