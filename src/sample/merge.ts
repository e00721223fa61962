/**
 * Putting a sample into a snapshot (pure). The sample is added to `samples` (replacing an earlier sample from the
 * same source, so re-running is idempotent) and the resources it saw are added to the inventory when missing.
 * Measurements are left untouched: when the model has both, metric totals stay the truth and the sample only
 * gives the split (per prefix, event class, caller).
 */
import {
  emptySnapshot,
  type Bucket,
  type LambdaFunction,
  type Sample,
  type Snapshot,
  type Table,
} from '../model/snapshot.js';
import { MONTH_HOURS } from '../model/assumptions.js';

const LAMBDA = 'AWS::Lambda::Function';
const DYNAMODB = 'AWS::DynamoDB::Table';
const S3 = 'AWS::S3::Object';

/** Month basis shared with the model (its 730-hour month). */
const MONTH_MS = MONTH_HOURS * 3_600_000;

/** Factor that turns counts over the sample window into counts per month. */
export function monthlyFactor(window: { start: string; end: string }): number {
  const ms = Date.parse(window.end) - Date.parse(window.start);
  return ms > 0 ? MONTH_MS / ms : Infinity;
}

function bucketName(arn: string): string | null {
  const m = /^arn:[^:]+:s3:::([^/]+)\//.exec(arn);
  return m ? m[1] : null;
}

/** Inventory entries the sample's rows imply (resources whose account and Region are known). */
export function inventoryOf(sample: Sample): { buckets: Bucket[]; functions: LambdaFunction[]; tables: Table[] } {
  const buckets = new Map<string, Bucket>();
  const functions = new Map<string, LambdaFunction>();
  const tables = new Map<string, Table>();
  for (const r of sample.rows) {
    if (!r.account || !r.region) continue;
    if (r.resourceType === S3) {
      const name = bucketName(r.arn);
      if (name && name.length >= 3 && name.length <= 63 && !buckets.has(name)) {
        buckets.set(name, { account: r.account, region: r.region, name, metricsConfigurations: [] });
      }
    } else if (r.resourceType === LAMBDA) {
      const name = /:function:([^:]+)/.exec(r.arn)?.[1];
      if (name && !functions.has(r.arn)) functions.set(r.arn, { account: r.account, region: r.region, name, arn: r.arn });
    } else if (r.resourceType === DYNAMODB) {
      const name = /:table\/([^/]+)$/.exec(r.arn)?.[1];
      if (name && !tables.has(r.arn)) tables.set(r.arn, { account: r.account, region: r.region, name, arn: r.arn });
    }
  }
  return { buckets: [...buckets.values()], functions: [...functions.values()], tables: [...tables.values()] };
}

/** A new snapshot holding only this sample and the inventory it implies. */
export function snapshotFromSample(sample: Sample, generatedAt: string, note?: string): Snapshot {
  const base = emptySnapshot({
    generatedAt,
    source: { tool: 'trailcost sample', kind: 'sample', ...(note ? { note } : {}) },
    window: sample.window,
  });
  return mergeSample(base, sample);
}

/** The snapshot with the sample added (same-source sample replaced) and missing inventory filled in. */
export function mergeSample(snapshot: Snapshot, sample: Sample): Snapshot {
  const inv = inventoryOf(sample);
  const buckets = [...snapshot.buckets];
  const haveBucket = new Set(buckets.map((b) => b.name));
  for (const b of inv.buckets) if (!haveBucket.has(b.name)) buckets.push(b);
  const functions = [...snapshot.functions];
  const haveFn = new Set(functions.map((f) => f.arn));
  for (const f of inv.functions) if (!haveFn.has(f.arn)) functions.push(f);
  const tables = [...snapshot.tables];
  const haveTable = new Set(tables.map((t) => t.arn));
  for (const t of inv.tables) if (!haveTable.has(t.arn)) tables.push(t);

  const accounts = [...snapshot.accounts];
  const haveAccount = new Set(accounts.map((a) => a.id));
  const regions = [...snapshot.regions];
  const haveRegion = new Set(regions);
  for (const r of [...buckets, ...functions, ...tables]) {
    if (!haveAccount.has(r.account)) {
      haveAccount.add(r.account);
      accounts.push({ id: r.account });
    }
    if (!haveRegion.has(r.region)) {
      haveRegion.add(r.region);
      regions.push(r.region);
    }
  }
  return {
    ...snapshot,
    accounts,
    regions,
    buckets,
    functions,
    tables,
    samples: [...snapshot.samples.filter((s) => s.source !== sample.source), sample],
  };
}
