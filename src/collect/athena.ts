/**
 * Run the sample aggregation as one Amazon Athena query and read back the aggregated rows (start, poll, paged
 * results). The SQL comes from src/sample/sql.ts; only the I/O lives here.
 */
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';

export interface QueryRunOptions {
  /** Delay between status polls: starts at `pollMs`, doubles up to `maxPollMs`. */
  pollMs?: number;
  maxPollMs?: number;
  /** Give up (and say so) after this long. */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  onStatus?: (state: string) => void;
}

export interface QueryResult {
  queryId: string;
  rows: Array<Record<string, string | null>>;
  /** Bytes the engine reports it scanned (what Athena and Lake bill on), when reported. */
  bytesScanned: number | null;
  pages: number;
}

export class QueryFailed extends Error {}

const defaultSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function pollUntil<T>(
  check: () => Promise<{ done: boolean; value?: T; state: string }>,
  o: QueryRunOptions,
  what: string,
): Promise<T | undefined> {
  const sleep = o.sleep ?? defaultSleep;
  let delay = o.pollMs ?? 1000;
  const max = o.maxPollMs ?? 10_000;
  const timeout = o.timeoutMs ?? 60 * 60 * 1000;
  let waited = 0;
  let lastState = '';
  for (;;) {
    const r = await check();
    if (r.state !== lastState) {
      lastState = r.state;
      o.onStatus?.(r.state);
    }
    if (r.done) return r.value;
    if (waited >= timeout) throw new QueryFailed(`${what} still ${r.state} after ${Math.round(waited / 1000)} s; stopped waiting`);
    await sleep(delay);
    waited += delay;
    delay = Math.min(max, delay * 2);
  }
}

export async function runAthenaQuery(
  client: AthenaClient,
  q: { sql: string; database: string; outputLocation?: string; workGroup?: string },
  o: QueryRunOptions = {},
): Promise<QueryResult> {
  const started = await client.send(
    new StartQueryExecutionCommand({
      QueryString: q.sql,
      QueryExecutionContext: { Database: q.database },
      ...(q.outputLocation ? { ResultConfiguration: { OutputLocation: q.outputLocation } } : {}),
      ...(q.workGroup ? { WorkGroup: q.workGroup } : {}),
    }),
  );
  const id = started.QueryExecutionId;
  if (!id) throw new QueryFailed('Athena StartQueryExecution returned no QueryExecutionId');
  const bytesScanned = await pollUntil<number | null>(async () => {
    const r = await client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
    const state = r.QueryExecution?.Status?.State ?? 'UNKNOWN';
    if (state === 'FAILED' || state === 'CANCELLED') {
      throw new QueryFailed(`Athena query ${id} ${state}: ${r.QueryExecution?.Status?.StateChangeReason ?? 'no reason given'}`);
    }
    return { done: state === 'SUCCEEDED', state, value: r.QueryExecution?.Statistics?.DataScannedInBytes ?? null };
  }, o, `Athena query ${id}`);
  const rows: Array<Record<string, string | null>> = [];
  let token: string | undefined;
  let names: string[] | null = null;
  let pages = 0;
  do {
    const page = await client.send(new GetQueryResultsCommand({ QueryExecutionId: id, NextToken: token, MaxResults: 1000 }));
    pages++;
    const data = page.ResultSet?.Rows ?? [];
    let from = 0;
    if (!names) {
      names = (page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c) => c.Name ?? '');
      // The first row of the first page repeats the column names.
      if (data.length && data[0].Data?.every((d, i) => d.VarCharValue === names![i])) from = 1;
    }
    for (let i = from; i < data.length; i++) {
      const row: Record<string, string | null> = {};
      (data[i].Data ?? []).forEach((d, j) => {
        row[names![j] ?? `col${j}`] = d.VarCharValue ?? null;
      });
      rows.push(row);
    }
    token = page.NextToken;
  } while (token);
  return { queryId: id, rows, bytesScanned: bytesScanned ?? null, pages };
}
