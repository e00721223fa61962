/**
 * CloudTrail Lake query API (awsJson1_1 on the CloudTrail endpoint; the CloudTrail handler falls through to these):
 * StartQuery, DescribeQuery (QUEUED → RUNNING → FINISHED/FAILED over successive polls), GetQueryResults (paged,
 * rows as lists of one-key objects). Queries run over the records under `TRAILCOST_FAKE_TRAIL_LOGS` with the
 * evaluator in services/athena.ts. Event data stores that exist: the seeded ones, plus the IDs in
 * `TRAILCOST_FAKE_LAKE_EDS` (comma list). Unknown store → EventDataStoreNotFoundException, as StartQuery does.
 */
import { AwsError } from '../protocol.js';
import type { FakeContext, Operation } from '../server.js';
import { COLUMNS, loadTrailData, parseSampleQuery, queryEvaluator } from './athena.js';
import { findJob, pageOf, phase, queryJobs, type QueryJob } from '../query-jobs.js';

const KEY = 'lake:queries';
const STATUS = { queued: 'QUEUED', running: 'RUNNING', done: 'FINISHED', failed: 'FAILED' } as const;

function find(ctx: FakeContext, id: unknown): QueryJob {
  return findJob(ctx, KEY, id, (x) => new AwsError('QueryIdNotFoundException', `The query ID ${x} does not exist or is not associated with the event data store.`));
}

function status(q: QueryJob): (typeof STATUS)[keyof typeof STATUS] {
  return STATUS[phase(q)];
}

const operations: Record<string, Operation> = {
  StartQuery(req, ctx) {
    const sql = String(req.input.QueryStatement ?? '');
    if (!sql) throw new AwsError('InvalidQueryStatementException', 'QueryStatement is required');
    const parsed = (() => {
      try {
        return parseSampleQuery(sql, 'lake');
      } catch (err) {
        throw new AwsError('InvalidQueryStatementException', (err as Error).message);
      }
    })();
    const known = new Set([
      ...ctx.truth.eventDataStores.map((e) => e.arn.slice(e.arn.lastIndexOf('/') + 1)),
      ...(process.env.TRAILCOST_FAKE_LAKE_EDS ?? '').split(',').filter(Boolean),
    ]);
    if (!known.has(parsed.eventDataStore!)) {
      throw new AwsError('EventDataStoreNotFoundException', `The specified event data store ${parsed.eventDataStore} was not found.`);
    }
    const m = queryJobs<QueryJob>(ctx, KEY);
    const id = `00000000-0000-4000-8000-${String(m.size + 1).padStart(12, '0')}`;
    const data = loadTrailData();
    m.set(id, { id, sql, polls: 0, rows: queryEvaluator(parsed, data.records), bytes: data.bytes });
    return { QueryId: id };
  },
  DescribeQuery(req, ctx) {
    const q = find(ctx, req.input.QueryId);
    q.polls++;
    const st = status(q);
    return {
      QueryId: q.id,
      QueryString: q.sql,
      QueryStatus: st,
      QueryStatistics: st === 'FINISHED' ? { EventsMatched: q.rows.length, EventsScanned: q.rows.length, BytesScanned: q.bytes, ExecutionTimeInMillis: 1234 } : {},
      ...(st === 'FAILED' ? { ErrorMessage: q.error } : {}),
    };
  },
  GetQueryResults(req, ctx) {
    const q = find(ctx, req.input.QueryId);
    const st = status(q);
    if (st !== 'FINISHED') return { QueryStatus: st, QueryResultRows: [] };
    const size = ctx.pageSize(Math.min(1000, Number(req.input.MaxQueryResults ?? 1000)));
    const { page, next } = pageOf(q.rows, req.input.NextToken, size);
    return {
      QueryStatus: st,
      QueryStatistics: { ResultsCount: page.length, TotalResultsCount: q.rows.length, BytesScanned: q.bytes },
      // A NULL cell is left out of its row.
      QueryResultRows: page.map((r) => COLUMNS.filter((c) => r[c] !== null).map((c) => ({ [c]: r[c] as string }))),
      ...(next ? { NextToken: next } : {}),
    };
  },
};

export default { operations };
