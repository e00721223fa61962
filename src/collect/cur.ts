/**
 * Billed S3 requests per bucket from a billing export (Data Exports CUR 2.0, or legacy CUR with resource IDs)
 * through Amazon Athena (aws-facts §8): one aggregated query per scan, summing `line_item_usage_amount` (rows are
 * not requests) per account × bucket × usage type × operation over the scan window, for the `Requests-Tier1` /
 * `Requests-Tier2` usage types and their storage-class variants. DELETE is free and never billed, and S3 does not
 * bill denied requests from outside the organization, so what comes back is a floor of data events.
 * The SQL is plain text built from checked identifiers; only `readCur` does I/O.
 */
import { checkIdentifier } from '../sample/sql.js';
import { MAX_VOLUME, type Measurement } from '../model/snapshot.js';
import { QueryFailed, runAthenaQuery, type QueryRunOptions } from './athena.js';
import type { ClientFactory } from './clients.js';

/** Athena's price per TB scanned, and the 10 MB it bills at least per query (aws-facts §1). */
export const ATHENA_USD_PER_TB = 5;
export const ATHENA_MIN_BYTES = 10_000_000;

export function athenaCost(bytes: number): number {
  return (Math.max(bytes, ATHENA_MIN_BYTES) / 1e12) * ATHENA_USD_PER_TB;
}

/** `DB.TABLE` → its parts, each a plain identifier (no quoting games in generated SQL). */
export function parseCurTable(s: string): { database: string; table: string } {
  const m = /^([^.]+)\.([^.]+)$/.exec(s.trim());
  if (!m) throw new Error(`"${s}" is not DATABASE.TABLE`);
  return { database: checkIdentifier('database', m[1]), table: checkIdentifier('table', m[2]) };
}

/** Usage types the query keeps: `[REGION-]Requests-[CLASS-]Tier1|Tier2` (us-east-1 may have no Region prefix). */
export const REQUEST_USAGE_TYPE = '(^|-)Requests-([A-Za-z0-9]+-)?Tier[12]$';

const ts = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');

export function curSql(o: { database: string; table: string; window: { start: Date; end: Date } }): string {
  const db = checkIdentifier('database', o.database);
  const table = checkIdentifier('table', o.table);
  if (!(o.window.end > o.window.start)) throw new Error('the window end must be after its start');
  return `-- trailcost scan: billed S3 requests per bucket, usage type and operation (a floor of data events:
-- DELETE is free and absent; denied requests from outside the organization are not billed).
-- Add your table's partition filter (CUR 2.0: billing_period; legacy CUR: year, month) to scan less.
SELECT
  line_item_usage_account_id AS account,
  line_item_resource_id AS bucket,
  line_item_usage_type AS usage_type,
  line_item_operation AS operation,
  sum(line_item_usage_amount) AS requests,
  min(line_item_usage_start_date) AS first_start,
  max(line_item_usage_end_date) AS last_end
FROM "${db}"."${table}"
WHERE line_item_product_code = 'AmazonS3'
  AND line_item_line_item_type = 'Usage'
  AND line_item_usage_start_date >= TIMESTAMP '${ts(o.window.start)}'
  AND line_item_usage_start_date < TIMESTAMP '${ts(o.window.end)}'
  AND regexp_like(line_item_usage_type, '${REQUEST_USAGE_TYPE}')
  AND line_item_resource_id IS NOT NULL AND line_item_resource_id <> ''
GROUP BY 1, 2, 3, 4
ORDER BY 2, 3, 4
`;
}

/** `2026-11-01 00:00:00.000` (Athena's timestamp text) or ISO → epoch ms; NaN when neither. */
function instant(s: string | null | undefined): number {
  if (!s) return NaN;
  return Date.parse(/^\d{4}-\d\d-\d\d \d/.test(s) ? `${s.replace(' ', 'T')}${/Z|[+-]\d\d:?\d\d$/.test(s) ? '' : 'Z'}` : s);
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const ACCOUNT = /^\d{12}$/;

export interface CurRows {
  measurements: Array<Extract<Measurement, { kind: 'cur' }>>;
  /** What the export held of the window: from its first usage hour to its last (the export runs late). */
  coverage: { start: string; end: string } | null;
  /** Rows left out: no 12-digit account, a resource id that is not a bucket name, an amount that is not a count. */
  skipped: number;
}

/**
 * The query's rows as `cur` measurements over the part of the window the export covers (it starts when the export
 * was created and ends about a day behind); `regionOf` gives a bucket's Region from the inventory when known.
 */
export function parseCurRows(rows: ReadonlyArray<Record<string, string | null>>, table: string, window: { start: Date; end: Date }, regionOf: (bucket: string) => string | undefined): CurRows {
  let first = Infinity;
  let last = -Infinity;
  let skipped = 0;
  const kept: Array<{ account: string; bucket: string; usageType: string; operation: string | null; sum: number }> = [];
  for (const r of rows) {
    const sum = Number(r.requests);
    const account = r.account ?? '';
    const bucket = r.bucket ?? '';
    if (!ACCOUNT.test(account) || !BUCKET.test(bucket) || !r.usage_type || !(sum >= 0) || sum > MAX_VOLUME) {
      skipped++;
      continue;
    }
    const a = instant(r.first_start);
    const b = instant(r.last_end);
    if (Number.isFinite(a)) first = Math.min(first, a);
    if (Number.isFinite(b)) last = Math.max(last, b);
    kept.push({ account, bucket, usageType: r.usage_type, operation: r.operation || null, sum });
  }
  if (!kept.length) return { measurements: [], coverage: null, skipped };
  const start = Math.max(window.start.getTime(), Number.isFinite(first) ? first : window.start.getTime());
  const end = Math.min(window.end.getTime(), Number.isFinite(last) ? last : window.end.getTime());
  if (!(end > start)) return { measurements: [], coverage: null, skipped: skipped + kept.length };
  const coverage = { start: new Date(start).toISOString(), end: new Date(end).toISOString() };
  const measurements = kept.map((k) => {
    const region = regionOf(k.bucket);
    return { kind: 'cur' as const, account: k.account, ...(region ? { region } : {}), bucket: k.bucket, usageType: k.usageType, operation: k.operation, sum: k.sum, window: coverage, table };
  });
  return { measurements, coverage, skipped };
}

export interface CurReadResult extends CurRows {
  queryId: string;
  bytesScanned: number | null;
}

/** Run the query in the caller's account (the Region of the Athena workgroup) and read back the aggregated rows. */
export async function readCur(
  clients: ClientFactory, account: string, region: string,
  o: { table: string; workGroup?: string; outputLocation?: string; window: { start: Date; end: Date }; regionOf: (bucket: string) => string | undefined },
  run: QueryRunOptions = {},
): Promise<CurReadResult> {
  const { database, table } = parseCurTable(o.table);
  const sql = curSql({ database, table, window: o.window });
  const res = await runAthenaQuery(clients.get('athena', account, region), { sql, database, outputLocation: o.outputLocation, workGroup: o.workGroup }, run);
  return { ...parseCurRows(res.rows, `${database}.${table}`, o.window, o.regionOf), queryId: res.queryId, bytesScanned: res.bytesScanned };
}

/** A failed query (the engine said FAILED, or it never finished) as an error the scan's gap log records. */
export function curGapError(err: unknown): unknown {
  if (err instanceof QueryFailed) return Object.assign(new Error(err.message), { name: 'AthenaQueryFailed', $metadata: {} });
  return err;
}
