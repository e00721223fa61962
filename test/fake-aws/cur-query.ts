/**
 * The fake Athena's billing-export table. Like the sample query (services/athena.ts), this is not a SQL engine: it
 * recognizes trailcost's billing-export query by its shape, reads its parameters (table, time range, usage-type
 * pattern) from the text, and evaluates the query's meaning over the seeded rows (volume-sources.ts) — written here
 * independently of src/collect/cur.ts, so a wrong filter or grouping in the SQL shows up as a wrong answer.
 */
import type { FakeContext } from './server.js';
import type { CurRow } from './volume-sources.js';

export const CUR_COLUMNS = ['account', 'bucket', 'usage_type', 'operation', 'requests', 'first_start', 'last_end'];

export function isCurQuery(sql: string): boolean {
  return /\bline_item_usage_amount\b/.test(sql);
}

const DAY = 86_400_000;

function need(re: RegExp, sql: string, what: string): RegExpExecArray {
  const m = re.exec(sql);
  if (!m) throw new Error(`SYNTAX_ERROR: the fake only runs trailcost's billing-export query (${what})`);
  return m;
}

/** Rows of the query's answer (column → text | null), in its ORDER BY, and the bytes a scan of the table reads. */
export function runCurQuery(sql: string, ctx: FakeContext): { rows: Array<Record<string, string | null>>; bytes: number } {
  const from = need(/FROM "([A-Za-z0-9_]+)"\."([A-Za-z0-9_]+)"/, sql, 'no FROM "db"."table"');
  const name = `${from[1]}.${from[2]}`;
  const vs = ctx.truth.volumeSources;
  if (vs.curTable !== name) throw new Error(`TABLE_NOT_FOUND: line 1:1: Table 'awsdatacatalog.${from[1]}.${from[2]}' does not exist`);
  const t = need(/line_item_usage_start_date >= TIMESTAMP '([^']+)'\s+AND line_item_usage_start_date < TIMESTAMP '([^']+)'/, sql, 'no usage start range');
  const start = Date.parse(`${t[1].replace(' ', 'T')}Z`);
  const end = Date.parse(`${t[2].replace(' ', 'T')}Z`);
  const pattern = new RegExp(need(/regexp_like\(line_item_usage_type, '([^']+)'\)/, sql, 'no usage-type pattern')[1]);
  const product = need(/line_item_product_code = '([^']+)'/, sql, 'no product filter')[1];
  const lineType = /line_item_line_item_type = '([^']+)'/.exec(sql)?.[1];
  const sum = /sum\(line_item_usage_amount\)/.test(sql);
  // The table holds more than the window: rows around it that the time filter must drop.
  const all = vs.curRows(start - 5 * DAY, end + 5 * DAY);
  const keep = (r: CurRow) =>
    r.line_item_product_code === product && (lineType === undefined || r.line_item_line_item_type === lineType)
    && r.line_item_usage_start_date >= start && r.line_item_usage_start_date < end
    && pattern.test(r.line_item_usage_type) && r.line_item_resource_id !== '';
  const groups = new Map<string, { key: Array<string | null>; amount: number; first: number; last: number }>();
  for (const r of all) {
    if (!keep(r)) continue;
    const key = [r.line_item_usage_account_id, r.line_item_resource_id, r.line_item_usage_type, r.line_item_operation];
    const k = JSON.stringify(key);
    const g = groups.get(k) ?? { key, amount: 0, first: Infinity, last: -Infinity };
    // A query that counted rows instead of summing the amount would get the row count here.
    g.amount += sum ? r.line_item_usage_amount : 1;
    g.first = Math.min(g.first, r.line_item_usage_start_date);
    g.last = Math.max(g.last, r.line_item_usage_end_date);
    groups.set(k, g);
  }
  const text = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
  const s = (v: string | null) => v ?? '';
  const rows = [...groups.values()]
    .sort((a, b) => s(a.key[1]).localeCompare(s(b.key[1])) || s(a.key[2]).localeCompare(s(b.key[2])) || s(a.key[3]).localeCompare(s(b.key[3])))
    .map((g) => ({
      account: g.key[0], bucket: g.key[1], usage_type: g.key[2], operation: g.key[3],
      // Athena prints a double sum in scientific notation past 10^7; the client must parse both.
      requests: g.amount >= 1e7 ? g.amount.toExponential().replace('e+', 'E') : `${g.amount}.0`,
      first_start: text(g.first), last_end: text(g.last),
    }));
  return { rows, bytes: all.length * 180 };
}
