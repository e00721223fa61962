/**
 * CloudWatch GetMetricData: every requested metric of one account and Region, packed 500 queries a call (the
 * API's maximum), daily periods, following NextToken until each query's data is complete. A metric that returns
 * no data points is recorded with `sum: null` (unknown), never 0.
 */
import { GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { Measurement } from '../model/snapshot.js';
import type { ClientFactory } from './clients.js';
import type { MetricRequest } from './metric-queries.js';

export const MAX_QUERIES_PER_CALL = 500;
export const DAY_SECONDS = 86_400;

export interface MetricWindow { start: Date; end: Date }

export async function getMetricSums(
  clients: ClientFactory, account: string, region: string, requests: readonly MetricRequest[], window: MetricWindow,
  onBatch?: (n: number) => void,
  /** A failed batch (retries exhausted, denied) is reported here and left out; without it the call rejects. */
  onBatchError?: (err: unknown, metrics: number) => void,
): Promise<Measurement[]> {
  const cw = clients.get('cloudwatch', account, region);
  const w = { start: window.start.toISOString(), end: window.end.toISOString() };
  const batches: Array<Promise<Measurement[]>> = [];
  for (let i = 0; i < requests.length; i += MAX_QUERIES_PER_CALL) {
    const batch = requests.slice(i, i + MAX_QUERIES_PER_CALL);
    const queries: MetricDataQuery[] = batch.map((r, j) => ({
      Id: `m${j}`,
      MetricStat: { Metric: { Namespace: r.namespace, MetricName: r.metricName, Dimensions: r.dimensions }, Period: DAY_SECONDS, Stat: r.stat },
      ReturnData: true,
    }));
    const readBatch = async (): Promise<Measurement[]> => {
      const sums = new Array<number | null>(batch.length).fill(null);
      const points = new Array<number>(batch.length).fill(0);
      let token: string | undefined;
      do {
        const page = await cw.send(new GetMetricDataCommand({
          MetricDataQueries: queries, StartTime: window.start, EndTime: window.end, NextToken: token, ScanBy: 'TimestampAscending',
        }));
        for (const res of page.MetricDataResults ?? []) {
          const j = Number(res.Id?.slice(1));
          if (!Number.isInteger(j) || j < 0 || j >= batch.length) continue;
          for (const v of res.Values ?? []) {
            sums[j] = (sums[j] ?? 0) + v;
            points[j]++;
          }
        }
        token = page.NextToken || undefined;
      } while (token);
      onBatch?.(batch.length);
      // Storage Lens: how many daily points the sum holds (the model scales by them, not by the window).
      return batch.map((r, j) => ({ ...r.target, sum: sums[j], window: w, ...(r.target.kind === 'storage-lens' ? { days: points[j] } : {}) }) as Measurement);
    };
    batches.push(readBatch().catch((err: unknown) => {
      if (!onBatchError) throw err;
      onBatchError(err, batch.length);
      return [];
    }));
  }
  return (await Promise.all(batches)).flat();
}
