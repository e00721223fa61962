/**
 * The start → poll → page life of an asynchronous query, shared by the fake Athena and CloudTrail Lake: both keep
 * their queries per server, report QUEUED on the first poll and RUNNING on the second (so a client that does not
 * poll fails), and page the finished rows with opaque tokens. Each service names the states and errors its way.
 */
import { AwsError, pageOffset, pageToken } from './protocol.js';
import type { FakeContext } from './server.js';

export interface QueryJob {
  id: string;
  sql: string;
  polls: number;
  /** Set when the query fails; the state after two polls is then the failed one. */
  error?: string;
  rows: Array<Record<string, string | null>>;
  bytes: number;
}

export type Phase = 'queued' | 'running' | 'done' | 'failed';

/** The queries of one service on this server, by id. */
export function queryJobs<J extends QueryJob>(ctx: FakeContext, key: string): Map<string, J> {
  let m = ctx.state.get(key) as Map<string, J> | undefined;
  if (!m) {
    m = new Map();
    ctx.state.set(key, m);
  }
  return m;
}

export function findJob<J extends QueryJob>(ctx: FakeContext, key: string, id: unknown, notFound: (id: string) => AwsError): J {
  const j = queryJobs<J>(ctx, key).get(String(id ?? ''));
  if (!j) throw notFound(String(id));
  return j;
}

export function phase(j: QueryJob): Phase {
  if (j.polls <= 1) return 'queued';
  if (j.polls === 2) return 'running';
  return j.error ? 'failed' : 'done';
}

/** One page of `all` from the request's token; `next` is the token of the following page, if any. */
export function pageOf<T>(all: readonly T[], token: string | undefined | null, size: number): { page: T[]; next?: string } {
  const offset = pageOffset(token);
  return { page: all.slice(offset, offset + size), ...(offset + size < all.length ? { next: pageToken(offset + size) } : {}) };
}
