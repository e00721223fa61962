/**
 * The fake Athena's S3 server access-log table (AWS's documented DDL and RegexSerDe `input.regex`, `"$path"` the
 * object's URI, a `timestamp` partition `yyyy/MM/dd` from the object's date). Like the other fake queries this is
 * not a SQL engine: it recognizes trailcost's access-log query by its shape, reads its parameters (table, partition
 * range, time range, folder depth, requester rank) from the text and evaluates the query's meaning over the seeded
 * log objects (access-logs.ts). Lines are split with AWS's regex here, not with src/sample's parser, so a test
 * comparing a local read with the query checks the two against each other.
 */
import type { FakeContext } from './server.js';

export const ACCESS_LOG_QUERY_COLUMNS = [
  'account', 'region', 'bucket', 'key_folder', 'operation', 'http_status', 'error_code', 'requester',
  'requests', 'lines', 'first_time', 'last_time',
];

/** AWS's documented `input.regex` for the access-log table (RegexSerDe): a line that does not match is all NULLs. */
const SERDE = /^([^ ]*) ([^ ]*) \[(.*?)\] ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ("[^"]*"|-) (-|[0-9]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ("[^"]*"|-) ([^ ]*)(?: ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*))?.*$/;
const MON: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };

export function isAccessLogQuery(sql: string): boolean {
  return /parse_datetime\(requestdatetime/.test(sql);
}

function need(re: RegExp, sql: string, what: string): RegExpExecArray {
  const m = re.exec(sql);
  if (!m) throw new Error(`SYNTAX_ERROR: the fake only runs trailcost's access-log query (${what})`);
  return m;
}

/** `parse_datetime(x, 'dd/MMM/yyyy:HH:mm:ss Z')` as epoch ms, or null. */
function parseRequestTime(t: string): number | null {
  const m = /^(\d\d)\/(\w{3})\/(\d{4}):(\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)$/.exec(t);
  if (!m || MON[m[2]] === undefined) return null;
  const off = (Number(m[8]) * 60 + Number(m[9])) * 60_000 * (m[7] === '+' ? 1 : -1);
  return Date.UTC(Number(m[3]), MON[m[2]], Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6])) - off;
}

export function runAccessLogQuery(sql: string, ctx: FakeContext): { rows: Array<Record<string, string | null>>; bytes: number } {
  const t = ctx.truth.volumeSources.accessLogs;
  const from = need(/FROM "([A-Za-z0-9_]+)"\."([A-Za-z0-9_]+)"/, sql, 'no FROM "db"."table"');
  if (!t || t.table !== `${from[1]}.${from[2]}`) throw new Error(`TABLE_NOT_FOUND: line 1:1: Table 'awsdatacatalog.${from[1]}.${from[2]}' does not exist`);
  const depth = Number(need(/regexp_extract\(key, '\^\(\?:\[\^\/\]\*\/\)\{0,(\d+)\}'\)/, sql, 'no key folder regexp')[1]);
  const time = need(/request_time >= from_iso8601_timestamp\('([^']+)'\) AND request_time < from_iso8601_timestamp\('([^']+)'\)/, sql, 'no time range');
  const start = Date.parse(time[1]);
  const end = Date.parse(time[2]);
  const part = /"([A-Za-z0-9_]+)" BETWEEN '(\d{4}\/\d\d\/\d\d)' AND '(\d{4}\/\d\d\/\d\d)'/.exec(sql);
  if (part && part[1] !== 'timestamp') throw new Error(`COLUMN_NOT_FOUND: line 1:1: Column '${part[1]}' cannot be resolved`);
  const top = Number(need(/requester_rank <= (\d+)/, sql, 'no requester rank')[1]);
  const folderRe = new RegExp(`^(?:[^/]*/){0,${depth}}`);
  // The table holds a day on either side of the window: what the filters must drop.
  const objects = t.objects(start - 86_400_000, end + 86_400_000);
  interface G { key: Array<string | null>; requests: Set<string>; unnamed: number; lines: number; first: number; last: number }
  const groups = new Map<string, G>();
  let bytes = 0;
  for (const o of objects) {
    bytes += o.text.length;
    const path = `s3://${t.logBucket}/${o.key}`;
    const pm = /\/(\d{12})\/([a-z]{2}(?:-[a-z]+)+-\d)\/[^/]+\/\d{4}\/\d\d\/\d\d\/[^/]*$/.exec(path);
    const dated = /(\d{4})\/(\d\d)\/(\d\d)\/[^/]*$/.exec(o.key) ?? /(\d{4})-(\d\d)-(\d\d)-\d\d-\d\d-\d\d-[^/]*$/.exec(o.key);
    const partition = dated ? `${dated[1]}/${dated[2]}/${dated[3]}` : null;
    if (part && (partition === null || partition < part[2] || partition > part[3])) continue;
    for (const line of o.text.split('\n')) {
      const m = SERDE.exec(line);
      if (!m) continue;
      const ms = parseRequestTime(m[3]);
      if (ms === null || !(ms >= start && ms < end)) continue;
      const [bucket, requester, requestid, operation, key, status, error] = [m[2], m[5], m[6], m[7], m[8], m[10], m[11]];
      // Trino's regexp_extract of the query's own pattern.
      const cut = key === '-' ? null : folderRe.exec(key)![0];
      const gk = [pm?.[1] ?? null, pm?.[2] ?? null, bucket, cut, operation, status, error === '-' ? null : error, requester === '-' ? null : requester];
      const k = JSON.stringify(gk);
      let g = groups.get(k);
      if (!g) groups.set(k, (g = { key: gk, requests: new Set(), unnamed: 0, lines: 0, first: ms, last: ms }));
      if (requestid === '-') g.unnamed++;
      else g.requests.add(`${requestid}|${operation}|${key}`);
      g.lines++;
      g.first = Math.min(g.first, ms);
      g.last = Math.max(g.last, ms);
    }
  }
  // row_number() per group without requester, ORDER BY requests DESC, requester (NULLs last); the rest summed.
  const parts = new Map<string, Array<{ key: Array<string | null>; requests: number; lines: number; first: number; last: number }>>();
  for (const g of groups.values()) {
    const pk = JSON.stringify(g.key.slice(0, 7));
    const list = parts.get(pk) ?? [];
    list.push({ key: g.key, requests: g.requests.size + g.unnamed, lines: g.lines, first: g.first, last: g.last });
    parts.set(pk, list);
  }
  const merged = new Map<string, { key: Array<string | null>; requests: number; lines: number; first: number; last: number }>();
  for (const list of parts.values()) {
    list.sort((a, b) => b.requests - a.requests || (a.key[7] === null ? 1 : b.key[7] === null ? -1 : a.key[7]! < b.key[7]! ? -1 : 1));
    list.forEach((r, i) => {
      const key = [...r.key.slice(0, 7), i < top ? r.key[7] : null];
      const k = JSON.stringify(key);
      const m = merged.get(k);
      if (!m) merged.set(k, { ...r, key });
      else {
        m.requests += r.requests;
        m.lines += r.lines;
        m.first = Math.min(m.first, r.first);
        m.last = Math.max(m.last, r.last);
      }
    });
  }
  const s = (v: string | null) => v ?? '';
  const rows = [...merged.values()]
    .sort((a, b) => s(a.key[2]).localeCompare(s(b.key[2])) || s(a.key[3]).localeCompare(s(b.key[3])) || s(a.key[4]).localeCompare(s(b.key[4]))
      || s(a.key[5]).localeCompare(s(b.key[5])) || s(a.key[6]).localeCompare(s(b.key[6])) || b.requests - a.requests)
    .map((r) => ({
      account: r.key[0], region: r.key[1], bucket: r.key[2], key_folder: r.key[3], operation: r.key[4], http_status: r.key[5],
      error_code: r.key[6], requester: r.key[7], requests: String(r.requests), lines: String(r.lines),
      first_time: new Date(r.first).toISOString(), last_time: new Date(r.last).toISOString(),
    }));
  return { rows, bytes };
}
