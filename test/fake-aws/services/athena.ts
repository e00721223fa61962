/**
 * Amazon Athena (awsJson1_1, target `AmazonAthena.<Op>`): StartQueryExecution, GetQueryExecution (QUEUED →
 * RUNNING → SUCCEEDED/FAILED over successive polls), GetQueryResults (paged, header row first, VarCharValue cells).
 *
 * The fake is not a SQL engine. It recognizes the shape of trailcost's sample query (CROSS JOIN UNNEST(resources),
 * partition + event-time filters, the prefix regexp, the caller rank) by its parameters and evaluates that query's
 * meaning over CloudTrail records read from the log files under `TRAILCOST_FAKE_TRAIL_LOGS` (a folder of
 * .json/.json.gz files). That evaluation is written here independently of src/sample, so a test comparing the two
 * checks the SQL's parameters and the client's protocol handling against a second implementation.
 * The table is AWS's documented CloudTrail DDL: `resources` entries have arn/accountid/type, **no ARNPrefix**.
 * Tables that exist: `TRAILCOST_FAKE_ATHENA_TABLES` (comma list, default `cloudtrail_logs`).
 *
 * `queryEvaluator` is exported for services/cloudtrail-lake.ts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { AwsError } from '../protocol.js';
import type { FakeContext, ServiceHandler } from '../server.js';
import { findJob, pageOf, phase, queryJobs, type QueryJob } from '../query-jobs.js';
import { CUR_COLUMNS, isCurQuery, runCurQuery } from '../cur-query.js';
import { ACCESS_LOG_QUERY_COLUMNS, isAccessLogQuery, runAccessLogQuery } from '../access-log-query.js';

type Rec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface TrailData {
  records: Rec[];
  bytes: number;
}

/** Records of every readable log file under the folder (unreadable files are skipped, as a table would). */
export function loadTrailData(dir = process.env.TRAILCOST_FAKE_TRAIL_LOGS): TrailData {
  const records: Rec[] = [];
  let bytes = 0;
  if (!dir) return { records, bytes };
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.json(\.gz)?$/.test(name) && !/Digest/.test(name)) {
        try {
          const buf = readFileSync(p);
          const text = buf[0] === 0x1f && buf[1] === 0x8b ? gunzipSync(buf).toString('utf8') : buf.toString('utf8');
          const doc = JSON.parse(text);
          const list = Array.isArray(doc) ? doc : Array.isArray(doc?.Records) ? doc.Records : [doc];
          records.push(...list);
          bytes += buf.length;
        } catch {
          // Athena's JSON SerDe skips nothing silently in reality; for the fake a bad file is just absent.
        }
      }
    }
  };
  walk(dir);
  return { records, bytes };
}

export interface ParsedSampleQuery {
  dialect: 'athena' | 'lake';
  database?: string;
  table?: string;
  eventDataStore?: string;
  partition?: { column: string; from: string; to: string };
  timeFrom: string;
  timeTo: string;
  prefix: RegExp;
  topCallers: number | null;
}

/** The parameters of trailcost's sample query, or an error message in the engine's style. */
export function parseSampleQuery(sql: string, dialect: 'athena' | 'lake'): ParsedSampleQuery {
  const fail = (what: string): never => {
    throw new Error(`SYNTAX_ERROR: the fake only runs trailcost's sample query (${what})`);
  };
  if (!/CROSS JOIN UNNEST\(resources\) AS t\(r\)/.test(sql)) fail('no CROSS JOIN UNNEST(resources)');
  if (!/eventcategory = 'Data'/i.test(sql)) fail("no eventCategory = 'Data'");
  const re = /regexp_extract\(r\.arn, '([^']+)'\)/.exec(sql) ?? fail('no prefix regexp_extract');
  const q: ParsedSampleQuery = {
    dialect,
    timeFrom: '',
    timeTo: '',
    prefix: new RegExp(re[1]),
    topCallers: null,
  };
  if (dialect === 'athena') {
    const from = /FROM "([A-Za-z0-9_]+)"\."([A-Za-z0-9_]+)"/.exec(sql) ?? fail('no FROM "db"."table"');
    q.database = from[1];
    q.table = from[2];
    const part = /"([A-Za-z0-9_]+)" BETWEEN '(\d{4}\/\d\d\/\d\d)' AND '(\d{4}\/\d\d\/\d\d)'/.exec(sql);
    if (part) q.partition = { column: part[1], from: part[2], to: part[3] };
    const t = /eventtime >= '([^']+)' AND eventtime < '([^']+)'/.exec(sql) ?? fail('no eventtime range');
    q.timeFrom = t[1];
    q.timeTo = t[2];
    const top = /caller_rank <= (\d+)/.exec(sql);
    q.topCallers = top ? Number(top[1]) : null;
  } else {
    const from = /\nFROM ([A-Za-z0-9-]+)\n/.exec(sql) ?? fail('no FROM <event data store>');
    q.eventDataStore = from[1];
    const t = /eventTime >= '([^']+)' AND eventTime < '([^']+)'/.exec(sql) ?? fail('no eventTime range');
    q.timeFrom = t[1];
    q.timeTo = t[2];
  }
  return q;
}

const CONTAINERS = new Set(['AWS::S3::Object', 'AWS::S3::Bucket', 'AWS::S3::AccessPoint', 'AWS::S3ObjectLambda::AccessPoint']);

/** `2026-11-01T00:00:05Z` (Athena's string column) or `2026-11-01 00:00:05` (Lake's timestamp), as epoch ms. */
function ms(t: string): number {
  return Date.parse(/ /.test(t) ? `${t.replace(' ', 'T')}Z` : t);
}

export const COLUMNS = [
  'resource_type', 'resource_arn', 'account', 'region', 'event_name', 'read_only', 'event_type', 'caller',
  'events', 'records', 'first_time', 'last_time',
];

/** Evaluate the query's meaning over the records: rows of (column → text | null), in the query's ORDER BY. */
export function queryEvaluator(q: ParsedSampleQuery, records: Rec[]): Array<Record<string, string | null>> {
  interface Group { key: (string | null)[]; ids: Set<string>; records: number; first: string; last: string }
  const groups = new Map<string, Group>();
  const from = ms(q.timeFrom);
  const to = ms(q.timeTo);
  for (const rec of records) {
    if (rec.eventCategory !== 'Data') continue;
    if (typeof rec.eventTime !== 'string') continue;
    const t = Date.parse(rec.eventTime);
    if (!(t >= from && t < to)) continue;
    if (q.partition) {
      const day = rec.eventTime.slice(0, 10).replace(/-/g, '/');
      if (day < q.partition.from || day > q.partition.to) continue;
    }
    // The table's view of resources: Athena's DDL has no ARNPrefix column.
    const resources = (Array.isArray(rec.resources) ? rec.resources : []).map((x: Rec) => ({
      arn: typeof x.ARN === 'string' ? x.ARN : null,
      accountid: typeof x.accountId === 'string' ? x.accountId : null,
      type: typeof x.type === 'string' ? x.type : null,
    }));
    const hasObject = resources.some((x: Rec) => x.type === 'AWS::S3::Object' && x.arn !== null);
    for (const r of resources) {
      if (r.arn === null) continue;
      const keep = r.type === 'AWS::S3::Object'
        || (r.type === 'AWS::S3::Bucket' && rec.eventSource === 's3.amazonaws.com' && !hasObject)
        || (r.type !== null && !CONTAINERS.has(r.type));
      if (!keep) continue;
      const type = r.type === 'AWS::S3::Bucket' ? 'AWS::S3::Object' : r.type;
      let arn: string | null;
      if (r.type === 'AWS::S3::Object') arn = q.prefix.exec(r.arn)?.[0] ?? null;
      else if (r.type === 'AWS::S3::Bucket') arn = `${r.arn}/`;
      else arn = r.arn;
      const account = r.accountid ? r.accountid : (rec.recipientAccountId ?? null);
      const readOnly = typeof rec.readOnly === 'boolean' ? String(rec.readOnly) : rec.readOnly == null ? (q.dialect === 'athena' ? '' : null) : String(rec.readOnly);
      const eventType = rec.eventType ?? (q.dialect === 'athena' ? 'AwsApiCall' : null);
      const caller = rec.userIdentity?.arn ?? null;
      const key = [type, arn, account, rec.awsRegion ?? null, rec.eventName ?? null, readOnly, eventType, caller];
      const k = JSON.stringify(key);
      let g = groups.get(k);
      if (!g) {
        g = { key, ids: new Set(), records: 0, first: rec.eventTime, last: rec.eventTime };
        groups.set(k, g);
      }
      if (typeof rec.eventID === 'string') g.ids.add(rec.eventID);
      g.records++;
      if (rec.eventTime < g.first) g.first = rec.eventTime;
      if (rec.eventTime > g.last) g.last = rec.eventTime;
    }
  }
  let rows = [...groups.values()].map((g) => ({ key: g.key, events: g.ids.size, records: g.records, first: g.first, last: g.last }));
  if (q.topCallers !== null) {
    // row_number() over the group without caller, ORDER BY events DESC, caller (NULLs last); the rest summed.
    const parts = new Map<string, typeof rows>();
    for (const r of rows) {
      const pk = JSON.stringify(r.key.slice(0, 7));
      parts.set(pk, [...(parts.get(pk) ?? []), r]);
    }
    const merged = new Map<string, (typeof rows)[number]>();
    for (const list of parts.values()) {
      list.sort((a, b) => b.events - a.events || (a.key[7] === null ? 1 : b.key[7] === null ? -1 : a.key[7]! < b.key[7]! ? -1 : 1));
      list.forEach((r, i) => {
        const key = [...r.key.slice(0, 7), i < q.topCallers! ? r.key[7] : null];
        const k = JSON.stringify(key);
        const m = merged.get(k);
        if (!m) merged.set(k, { ...r, key });
        else {
          m.events += r.events;
          m.records += r.records;
          if (r.first < m.first) m.first = r.first;
          if (r.last > m.last) m.last = r.last;
        }
      });
    }
    rows = [...merged.values()];
  }
  const s = (v: string | null): string => v ?? '';
  rows.sort((a, b) => s(a.key[1]).localeCompare(s(b.key[1])) || s(a.key[4]).localeCompare(s(b.key[4]))
    || s(a.key[5]).localeCompare(s(b.key[5])) || s(a.key[6]).localeCompare(s(b.key[6])) || b.events - a.events);
  const time = (t: string): string => (q.dialect === 'lake' ? `${t.replace('T', ' ').replace(/Z$/, '')}.000` : t);
  return rows.map((r) => ({
    resource_type: r.key[0], resource_arn: r.key[1], account: r.key[2], region: r.key[3], event_name: r.key[4],
    read_only: r.key[5], event_type: r.key[6], caller: r.key[7], events: String(r.events), records: String(r.records),
    first_time: time(r.first), last_time: time(r.last),
  }));
}

interface Execution extends QueryJob {
  database: string;
  outputLocation: string;
  /** The billing-export query's columns (default: the sample query's). */
  columns?: string[];
}

const KEY = 'athena:executions';
const STATE = { queued: 'QUEUED', running: 'RUNNING', done: 'SUCCEEDED', failed: 'FAILED' } as const;

function find(ctx: FakeContext, id: unknown): Execution {
  return findJob<Execution>(ctx, KEY, id, (x) => new AwsError('InvalidRequestException', `QueryExecution ${x} was not found`));
}

function state(e: Execution): (typeof STATE)[keyof typeof STATE] {
  return STATE[phase(e)];
}

const athena: ServiceHandler = {
  signingName: 'athena',
  protocol: 'awsJson1_1',
  throttle: { code: 'TooManyRequestsException', status: 400 },
  operations: {
    StartQueryExecution(req, ctx) {
      const sql = String(req.input.QueryString ?? '');
      if (!sql) throw new AwsError('InvalidRequestException', 'QueryString is required');
      const output = req.input.ResultConfiguration?.OutputLocation;
      if (!output && !req.input.WorkGroup) {
        throw new AwsError('InvalidRequestException', 'No output location provided. An output location is required either through the Workgroup result configuration setting or as an API input.');
      }
      const database = String(req.input.QueryExecutionContext?.Database ?? 'default');
      const m = queryJobs<Execution>(ctx, KEY);
      const id = `fake-qe-${String(m.size + 1).padStart(4, '0')}-${req.account}`;
      const e: Execution = { id, sql, database, polls: 0, rows: [], bytes: 0, outputLocation: output ?? `s3://aws-athena-query-results-${req.account}-${req.region}/` };
      try {
        if (isCurQuery(sql)) {
          const r = runCurQuery(sql, ctx);
          Object.assign(e, { rows: r.rows, bytes: r.bytes, columns: CUR_COLUMNS });
          m.set(id, e);
          return { QueryExecutionId: id };
        }
        if (isAccessLogQuery(sql)) {
          e.columns = ACCESS_LOG_QUERY_COLUMNS;
          const r = runAccessLogQuery(sql, ctx);
          Object.assign(e, { rows: r.rows, bytes: r.bytes });
          m.set(id, e);
          return { QueryExecutionId: id };
        }
        const q = parseSampleQuery(sql, 'athena');
        const tables = (process.env.TRAILCOST_FAKE_ATHENA_TABLES ?? 'cloudtrail_logs').split(',');
        if (!tables.includes(q.table!)) throw new Error(`TABLE_NOT_FOUND: line 1:1: Table 'awsdatacatalog.${q.database}.${q.table}' does not exist`);
        const data = loadTrailData();
        e.rows = queryEvaluator(q, data.records);
        e.bytes = data.bytes;
      } catch (err) {
        e.error = (err as Error).message;
      }
      m.set(id, e);
      return { QueryExecutionId: id };
    },
    GetQueryExecution(req, ctx) {
      const e = find(ctx, req.input.QueryExecutionId);
      e.polls++;
      const st = state(e);
      return {
        QueryExecution: {
          QueryExecutionId: e.id,
          Query: e.sql,
          StatementType: 'DML',
          QueryExecutionContext: { Database: e.database },
          ResultConfiguration: { OutputLocation: `${e.outputLocation.replace(/\/?$/, '/')}${e.id}.csv` },
          Status: { State: st, ...(st === 'FAILED' ? { StateChangeReason: e.error } : {}) },
          Statistics: st === 'SUCCEEDED' ? { DataScannedInBytes: e.bytes, EngineExecutionTimeInMillis: 1234 } : {},
        },
      };
    },
    GetQueryResults(req, ctx) {
      const e = find(ctx, req.input.QueryExecutionId);
      const st = state(e);
      if (st !== 'SUCCEEDED') throw new AwsError('InvalidRequestException', `Query has not yet finished. Current state: ${st}`);
      const max = Math.min(1000, Number(req.input.MaxResults ?? 1000));
      const size = ctx.pageSize(max);
      // Athena's first page starts with a row of column names, and that row counts toward MaxResults.
      const cols = e.columns ?? COLUMNS;
      const all = [Object.fromEntries(cols.map((c) => [c, c])), ...e.rows];
      const { page, next } = pageOf(all, req.input.NextToken, size);
      return {
        ResultSet: {
          Rows: page.map((r) => ({ Data: cols.map((c) => (r[c] === null ? {} : { VarCharValue: r[c] })) })),
          ResultSetMetadata: {
            ColumnInfo: cols.map((c) => ({
              CatalogName: 'hive', SchemaName: '', TableName: '', Name: c, Label: c,
              Type: c === 'events' || c === 'records' || c === 'requests' && e.columns === ACCESS_LOG_QUERY_COLUMNS || c === 'lines' ? 'bigint' : c === 'requests' ? 'double' : c === 'first_start' || c === 'last_end' ? 'timestamp' : 'varchar', Precision: 0, Scale: 0, Nullable: 'UNKNOWN', CaseSensitive: true,
            })),
          },
        },
        ...(next ? { NextToken: next } : {}),
        UpdateCount: 0,
      };
    },
  },
};

export default athena;
