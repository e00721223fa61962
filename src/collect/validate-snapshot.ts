/**
 * The last gate of the scan: what AWS answered is untrusted. A value the snapshot schema rejects (a negative or
 * non-numeric Cost Explorer quantity, a metric sum past 1e15, a name that is not a name) must not crash the scan
 * after every call has been paid for: the element that holds it is left out and recorded as a gap naming the
 * value's path, and the rest is written.
 */
import { SnapshotSchema, type Gap, type Snapshot } from '../model/snapshot.js';
import type { GapLog } from './gaps.js';

/** Which API an element of each top-level list came from, for the gap. */
const SOURCES: Record<string, { service: string; operation: string }> = {
  buckets: { service: 's3', operation: 'ListBuckets' },
  functions: { service: 'lambda', operation: 'ListFunctions' },
  tables: { service: 'dynamodb', operation: 'ListTables' },
  measurements: { service: 'cloudwatch', operation: 'GetMetricData' },
  trails: { service: 'cloudtrail', operation: 'DescribeTrails' },
  eventDataStores: { service: 'cloudtrail', operation: 'ListEventDataStores' },
  billing: { service: 'ce', operation: 'GetCostAndUsage' },
};

/** At most this many passes: each drops every element an issue points into. */
const PASSES = 5;

/** Gaps in a stable order: the same account gives the same snapshot whatever the timing. */
function sortedGaps(gaps: GapLog): Gap[] {
  const key = (g: Gap) => `${g.service}|${g.operation}|${g.account ?? ''}|${g.region ?? ''}|${g.error}|${g.resource ?? ''}`;
  return gaps.list().sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** `raw` without its `gaps` (taken from `gaps`), parsed; see the file's comment for what is left out. */
export function validSnapshot(raw: Record<string, unknown>, gaps: GapLog): Snapshot {
  let value: Record<string, unknown> = { ...raw, gaps: sortedGaps(gaps) };
  for (let pass = 0; pass < PASSES; pass++) {
    const r = SnapshotSchema.safeParse(value);
    if (r.success) return r.data;
    const drop = new Map<string, Set<number>>();
    for (const issue of r.error.issues) {
      const [list, index] = issue.path;
      const source = typeof list === 'string' ? SOURCES[list] : undefined;
      // Anything else (the window, the organization) is ours, not AWS's: a bug, which stays an error.
      if (!source || typeof index !== 'number') throw r.error;
      if (!drop.has(list as string)) drop.set(list as string, new Set());
      drop.get(list as string)!.add(index);
      const element = (value[list as string] as Array<Record<string, unknown>>)[index];
      gaps.invalid(
        { ...source, account: typeof element?.account === 'string' && /^\d{12}$/.test(element.account) ? element.account : undefined, resource: issue.path.join('.') },
        `left out: ${issue.message}`,
      );
    }
    value = { ...value };
    for (const [list, indexes] of drop) value[list] = (value[list] as unknown[]).filter((_, i) => !indexes.has(i));
    value.gaps = sortedGaps(gaps);
  }
  return SnapshotSchema.parse(value);
}
