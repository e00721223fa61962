/**
 * The `sample` aggregation as one SQL query, for logs too large to read locally (aws-facts §5, "At scale"):
 * Amazon Athena over the trail's CloudTrail table, or CloudTrail Lake (Trino syntax). Both return rows per
 * resource (S3 ARN cut to a prefix at `/` boundaries), event class and caller, deduplicated by eventID
 * (`count(DISTINCT eventid)`), with the event-time span; `parseAggregatedRows` turns them into `AggregatedRow`s.
 *
 * AWS's CloudTrail table DDL declares `resources ARRAY<STRUCT<arn, accountid, type>>` without `ARNPrefix`, so the
 * object entry of ListObjects-style records has a NULL arn there: those events fall back to the bucket entry and
 * are counted at the bucket root. Pure: strings in, strings out.
 */
import type { AggregatedRow } from './aggregate.js';
import { isReadOnlyEvent } from '../selectors/data-events.js';

export interface SqlWindow {
  /** ISO-8601 instants; `end` is exclusive. */
  start: string;
  end: string;
}

export interface AthenaSqlOptions {
  database: string;
  table: string;
  window: SqlWindow;
  /** Folder levels kept below the bucket. */
  maxDepth: number;
  /** Callers returned per row; the rest are summed into a row with caller NULL. */
  topCallers: number;
  /** Partition-projection column holding `yyyy/MM/dd` (AWS's DDL calls it `timestamp`); null = no partition filter. */
  partitionColumn: string | null;
}

export interface LakeSqlOptions {
  /** Event data store ID or ARN. */
  eventDataStore: string;
  window: SqlWindow;
  maxDepth: number;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CONTAINERS = "'AWS::S3::Object', 'AWS::S3::Bucket', 'AWS::S3::AccessPoint', 'AWS::S3ObjectLambda::AccessPoint'";

/** Throws with a clear message when a name cannot be used as a SQL identifier (no quoting games). */
export function checkIdentifier(kind: string, name: string): string {
  if (!IDENT.test(name)) throw new Error(`${kind} "${name}" is not a plain identifier (letters, digits, _)`);
  return name;
}

/** The event data store ID of an ID or ARN (`arn:aws:cloudtrail:...:eventdatastore/<id>`). */
export function eventDataStoreId(idOrArn: string): string {
  const id = idOrArn.includes('/') ? idOrArn.slice(idOrArn.lastIndexOf('/') + 1) : idOrArn;
  if (!/^[A-Za-z0-9-]{3,}$/.test(id)) throw new Error(`event data store "${idOrArn}" is not an ID or ARN`);
  return id;
}

function isoInstant(s: string): Date {
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) throw new Error(`"${s}" is not a date/time`);
  return d;
}

/**
 * Which resources[] entry an event counts against, the same in Athena and Lake: the object entry for S3, the
 * bucket entry only when an S3 event has no object entry, and any non-container entry for other types.
 */
function resourceFilter(eventSource: string, indent: string): string {
  return [
    'AND r.arn IS NOT NULL',
    'AND (',
    "  r.type = 'AWS::S3::Object'",
    `  OR (r.type = 'AWS::S3::Bucket' AND ${eventSource} = 's3.amazonaws.com'`,
    "      AND cardinality(filter(resources, x -> x.type = 'AWS::S3::Object' AND x.arn IS NOT NULL)) = 0)",
    `  OR r.type NOT IN (${CONTAINERS})`,
    ')',
  ].map((l) => indent + l).join('\n');
}

/**
 * The resource an event counts against, as `resource_type`, `resource_arn` and `account` columns, the same in
 * Athena and Lake (which spell the account columns differently): S3 prefixes cut at `depth` folders, a bucket
 * entry as the bucket root, other types by ARN.
 */
function resourceColumns(depth: number, indent: string, accountId: string, recipient: string): string {
  return [
    "CASE WHEN r.type = 'AWS::S3::Bucket' THEN 'AWS::S3::Object' ELSE r.type END AS resource_type,",
    'CASE',
    `  WHEN r.type = 'AWS::S3::Object' THEN ${prefixExpr('r.arn', depth)}`,
    "  WHEN r.type = 'AWS::S3::Bucket' THEN r.arn || '/'",
    '  ELSE r.arn',
    'END AS resource_arn,',
    `COALESCE(NULLIF(r.${accountId}, ''), ${recipient}) AS account`,
  ].map((l) => indent + l).join('\n');
}

function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function ymd(d: Date, sep: string): string {
  return `${d.getUTCFullYear()}${sep}${String(d.getUTCMonth() + 1).padStart(2, '0')}${sep}${String(d.getUTCDate()).padStart(2, '0')}`;
}

function prefixExpr(arn: string, depth: number): string {
  // Keeps the bucket and up to `depth` whole folders; the object name (no trailing '/') is dropped.
  return `regexp_extract(${arn}, '^arn:[^:]*:s3:::[^/]*/(?:[^/]*/){0,${depth}}')`;
}

function checkDepth(depth: number): number {
  if (!Number.isInteger(depth) || depth < 0 || depth > 32) throw new Error(`prefix depth ${depth} must be an integer 0-32`);
  return depth;
}

export function athenaSql(o: AthenaSqlOptions): string {
  const db = checkIdentifier('database', o.database);
  const table = checkIdentifier('table', o.table);
  const depth = checkDepth(o.maxDepth);
  const start = isoInstant(o.window.start);
  const end = isoInstant(o.window.end);
  if (!(end > start)) throw new Error('the window end must be after its start');
  const lastDay = new Date(end.getTime() - 1);
  const top = Math.max(0, Math.floor(o.topCallers));
  const partition = o.partitionColumn
    ? `\n    AND "${checkIdentifier('partition column', o.partitionColumn)}" BETWEEN '${ymd(start, '/')}' AND '${ymd(lastDay, '/')}'`
    : '';
  return `-- trailcost sample: data events per resource (S3 prefixes up to ${depth} folders deep), event class and caller
WITH events AS (
  SELECT
    eventid,
    eventname,
    COALESCE(readonly, '') AS readonly,
    COALESCE(eventtype, 'AwsApiCall') AS eventtype,
    awsregion,
    useridentity.arn AS caller,
    eventtime,
${resourceColumns(depth, '    ', 'accountid', 'recipientaccountid')}
  FROM "${db}"."${table}"
  CROSS JOIN UNNEST(resources) AS t(r)
  WHERE eventcategory = 'Data'${partition}
    AND eventtime >= '${isoSeconds(start)}' AND eventtime < '${isoSeconds(end)}'
${resourceFilter('eventsource', '    ')}
),
by_caller AS (
  SELECT resource_type, resource_arn, account, awsregion AS region, eventname AS event_name,
    readonly AS read_only, eventtype AS event_type, caller,
    count(DISTINCT eventid) AS events, count(*) AS records, min(eventtime) AS first_time, max(eventtime) AS last_time
  FROM events
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
),
ranked AS (
  SELECT *, row_number() OVER (
    PARTITION BY resource_type, resource_arn, account, region, event_name, read_only, event_type
    ORDER BY events DESC, caller) AS caller_rank
  FROM by_caller
)
SELECT resource_type, resource_arn, account, region, event_name, read_only, event_type,
  CASE WHEN caller_rank <= ${top} THEN caller END AS caller,
  sum(events) AS events, sum(records) AS records, min(first_time) AS first_time, max(last_time) AS last_time
FROM ranked
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
ORDER BY 2, 5, 6, 7, 9 DESC
`;
}

/**
 * CloudTrail Lake: the same aggregation without the window function (callers come back one row each and are
 * ranked locally). Lake's support for `filter(...)` lambdas over `resources` is unconfirmed.
 */
export function lakeSql(o: LakeSqlOptions): string {
  const eds = eventDataStoreId(o.eventDataStore);
  const depth = checkDepth(o.maxDepth);
  const start = isoInstant(o.window.start);
  const end = isoInstant(o.window.end);
  if (!(end > start)) throw new Error('the window end must be after its start');
  const lake = (d: Date): string => d.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, '');
  return `-- trailcost sample: data events per resource (S3 prefixes up to ${depth} folders deep), event class and caller
SELECT
${resourceColumns(depth, '  ', 'accountId', 'recipientAccountId')},
  awsRegion AS region,
  eventName AS event_name,
  CAST(readOnly AS varchar) AS read_only,
  eventType AS event_type,
  userIdentity.arn AS caller,
  count(DISTINCT eventID) AS events,
  count(*) AS records,
  min(eventTime) AS first_time,
  max(eventTime) AS last_time
FROM ${eds}
CROSS JOIN UNNEST(resources) AS t(r)
WHERE eventCategory = 'Data'
  AND eventTime >= '${lake(start)}' AND eventTime < '${lake(end)}'
${resourceFilter('eventSource', '  ')}
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
ORDER BY 2, 5, 6, 7, 9 DESC
`;
}

/** Column order of both queries' results. */
export const RESULT_COLUMNS = [
  'resource_type', 'resource_arn', 'account', 'region', 'event_name', 'read_only', 'event_type', 'caller',
  'events', 'records', 'first_time', 'last_time',
] as const;

/**
 * Rows (column name → text, null for SQL NULL) into AggregatedRows. Throws naming the row and column when a
 * count is not a number or a required column is missing.
 */
export function parseAggregatedRows(rows: Array<Record<string, string | null | undefined>>): AggregatedRow[] {
  return rows.map((row, i) => {
    const need = (c: string): string => {
      const v = row[c];
      if (v === null || v === undefined || v === '') throw new Error(`result row ${i + 1}: column ${c} is empty`);
      return v;
    };
    const num = (c: string): number => {
      const n = Number(need(c));
      if (!Number.isFinite(n) || n < 0) throw new Error(`result row ${i + 1}: column ${c} is not a count (${row[c]})`);
      return n;
    };
    const eventName = need('event_name');
    const ro = (row.read_only ?? '').toLowerCase();
    return {
      resourceType: need('resource_type'),
      arn: need('resource_arn'),
      account: row.account || null,
      region: row.region || null,
      eventName,
      readOnly: ro === 'true' ? true : ro === 'false' ? false : isReadOnlyEvent(eventName),
      eventType: row.event_type || 'AwsApiCall',
      caller: row.caller || null,
      events: num('events'),
      records: num('records'),
      firstTime: row.first_time || null,
      lastTime: row.last_time || null,
    };
  });
}
