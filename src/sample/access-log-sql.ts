/**
 * The access-log sample as one Athena query over AWS's documented server access-log table (columns `bucket_name`,
 * `requestdatetime`, `requester`, `requestid`, `operation`, `key`, `httpstatus`, `errorcode`…, optionally a
 * `yyyy/MM/dd` partition column from date-based partitioning). The query only groups and counts, per bucket, key
 * folder (cut at `/` as logged, up to `depth` folders), operation, answer and requester (top N, the rest summed
 * with requester NULL), deduplicated by request ID + operation + key; mapping to data events happens locally
 * (access-log-aggregate.ts), the same code a local read uses. The source bucket's account and Region come from the
 * object path when the logs use partitioned keys (`"$path"`). Pure: strings in, strings out.
 */
import { checkIdentifier, type SqlWindow } from './sql.js';
import type { AccessLogGroup } from './access-log-aggregate.js';

export interface AccessLogSqlOptions {
  database: string;
  table: string;
  window: SqlWindow;
  maxDepth: number;
  topCallers: number;
  /** The table's `yyyy/MM/dd` partition column (AWS's DDL: `timestamp`); null = no partition filter. */
  partitionColumn: string | null;
}

export const ACCESS_LOG_COLUMNS = [
  'account', 'region', 'bucket', 'key_folder', 'operation', 'http_status', 'error_code', 'requester',
  'requests', 'lines', 'first_time', 'last_time',
] as const;

/** Marks the access-log query (the fake's Athena and tests recognize it by this). */
export const ACCESS_LOG_SQL_TAG = '-- trailcost sample: S3 server access logs';

function instant(s: string): Date {
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) throw new Error(`"${s}" is not a date/time`);
  return d;
}

const isoSeconds = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
const ymd = (d: Date): string => `${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}`;

export function accessLogSql(o: AccessLogSqlOptions): string {
  const db = checkIdentifier('database', o.database);
  const table = checkIdentifier('table', o.table);
  if (!Number.isInteger(o.maxDepth) || o.maxDepth < 0 || o.maxDepth > 32) throw new Error(`prefix depth ${o.maxDepth} must be an integer 0-32`);
  const start = instant(o.window.start);
  const end = instant(o.window.end);
  if (!(end > start)) throw new Error('the window end must be after its start');
  const top = Math.max(0, Math.floor(o.topCallers));
  // A day on either side: with delivery-time partitioning (and late delivery) a request can be filed under the next
  // day, and the partition is only a pruning hint; the request-time filter makes the cut.
  const partition = o.partitionColumn
    ? `\n    AND "${checkIdentifier('partition column', o.partitionColumn)}" BETWEEN '${ymd(new Date(start.getTime() - 86_400_000))}' AND '${ymd(new Date(end.getTime() - 1 + 86_400_000))}'`
    : '';
  const path = String.raw`'/(\d{12})/([a-z]{2}(?:-[a-z]+)+-\d)/[^/]+/\d{4}/\d\d/\d\d/[^/]*$'`;
  return `${ACCESS_LOG_SQL_TAG} per bucket, key folder (up to ${o.maxDepth} folders), operation, answer and requester
WITH requests AS (
  SELECT
    regexp_extract("$path", ${path}, 1) AS account,
    regexp_extract("$path", ${path}, 2) AS region,
    bucket_name AS bucket,
    CASE WHEN key IS NULL OR key = '-' THEN NULL ELSE regexp_extract(key, '^(?:[^/]*/){0,${o.maxDepth}}') END AS key_folder,
    operation,
    httpstatus AS http_status,
    NULLIF(errorcode, '-') AS error_code,
    NULLIF(requester, '-') AS requester,
    CASE WHEN requestid IS NULL OR requestid = '-' THEN NULL ELSE concat(requestid, '|', operation, '|', COALESCE(key, '')) END AS request,
    parse_datetime(requestdatetime, 'dd/MMM/yyyy:HH:mm:ss Z') AS request_time
  FROM "${db}"."${table}"
  WHERE requestdatetime IS NOT NULL${partition}
),
by_requester AS (
  SELECT account, region, bucket, key_folder, operation, http_status, error_code, requester,
    count(DISTINCT request) + count_if(request IS NULL) AS requests, count(*) AS lines,
    to_iso8601(min(request_time)) AS first_time, to_iso8601(max(request_time)) AS last_time
  FROM requests
  WHERE request_time >= from_iso8601_timestamp('${isoSeconds(start)}') AND request_time < from_iso8601_timestamp('${isoSeconds(end)}')
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
),
ranked AS (
  SELECT *, row_number() OVER (
    PARTITION BY account, region, bucket, key_folder, operation, http_status, error_code
    ORDER BY requests DESC, requester) AS requester_rank
  FROM by_requester
)
SELECT account, region, bucket, key_folder, operation, http_status, error_code,
  CASE WHEN requester_rank <= ${top} THEN requester END AS requester,
  sum(requests) AS requests, sum(lines) AS lines, min(first_time) AS first_time, max(last_time) AS last_time
FROM ranked
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
ORDER BY 3, 4, 5, 6, 7, 9 DESC
`;
}

/** Result rows (column → text, null for SQL NULL) into groups; throws naming the row and column on a bad value. */
export function parseAccessLogRows(rows: Array<Record<string, string | null | undefined>>): AccessLogGroup[] {
  return rows.map((row, i) => {
    const text = (c: string): string | null => {
      const v = row[c];
      return v === null || v === undefined || v === '' ? null : v;
    };
    const need = (c: string): string => {
      const v = text(c);
      if (v === null) throw new Error(`result row ${i + 1}: column ${c} is empty`);
      return v;
    };
    const count = (c: string): number => {
      const n = Number(need(c));
      if (!Number.isFinite(n) || n < 0) throw new Error(`result row ${i + 1}: column ${c} is not a count (${row[c]})`);
      return n;
    };
    const st = text('http_status');
    const status = st === null || st === '-' ? null : Number(st);
    if (status !== null && !(Number.isInteger(status) && status >= 100 && status <= 999)) {
      throw new Error(`result row ${i + 1}: column http_status is not an HTTP status (${st})`);
    }
    return {
      account: text('account'),
      region: text('region'),
      bucket: need('bucket'),
      // '' is a key at the bucket's top; NULL is no key.
      folder: row.key_folder === null || row.key_folder === undefined ? null : row.key_folder,
      operation: need('operation'),
      httpStatus: status,
      errorCode: text('error_code'),
      requester: text('requester'),
      requests: count('requests'),
      lines: count('lines'),
      firstTime: text('first_time'),
      lastTime: text('last_time'),
    };
  });
}
