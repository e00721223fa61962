/**
 * Run the sample aggregation as one CloudTrail Lake query (StartQuery, DescribeQuery until FINISHED, paged
 * GetQueryResults) and read back the aggregated rows. The SQL comes from src/sample/sql.ts.
 */
import {
  CloudTrailClient,
  DescribeQueryCommand,
  GetQueryResultsCommand,
  StartQueryCommand,
} from '@aws-sdk/client-cloudtrail';
import { pollUntil, QueryFailed, type QueryResult, type QueryRunOptions } from './athena.js';

export async function runLakeQuery(client: CloudTrailClient, sql: string, o: QueryRunOptions = {}): Promise<QueryResult> {
  const started = await client.send(new StartQueryCommand({ QueryStatement: sql }));
  const id = started.QueryId;
  if (!id) throw new QueryFailed('CloudTrail StartQuery returned no QueryId');
  const bytesScanned = await pollUntil<number | null>(async () => {
    const r = await client.send(new DescribeQueryCommand({ QueryId: id }));
    const state = r.QueryStatus ?? 'UNKNOWN';
    if (state === 'FAILED' || state === 'CANCELLED' || state === 'TIMED_OUT') {
      throw new QueryFailed(`CloudTrail Lake query ${id} ${state}: ${r.ErrorMessage ?? 'no reason given'}`);
    }
    return { done: state === 'FINISHED', state, value: r.QueryStatistics?.BytesScanned ?? null };
  }, o, `CloudTrail Lake query ${id}`);
  const rows: Array<Record<string, string | null>> = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await client.send(new GetQueryResultsCommand({ QueryId: id, NextToken: token, MaxQueryResults: 1000 }));
    pages++;
    // Each row is a list of one-key objects, in SELECT order: [{"resource_type": "..."}, {"resource_arn": "..."}, ...].
    for (const cols of page.QueryResultRows ?? []) {
      const row: Record<string, string | null> = {};
      for (const cell of cols) for (const [k, v] of Object.entries(cell)) row[k] = v ?? null;
      rows.push(row);
    }
    token = page.NextToken;
  } while (token);
  return { queryId: id, rows, bytesScanned: bytesScanned ?? null, pages };
}
