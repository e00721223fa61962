/** GetMetricData batching and paging against the fake, in-process: ≤ 500 queries a call, NextToken followed. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAws, type FakeAws } from '../fake-aws/server.js';
import { ClientFactory } from '../../src/collect/clients.js';
import { getMetricSums } from '../../src/collect/cloudwatch.js';
import { lambdaRequest } from '../../src/collect/metric-queries.js';
import { getMetricDataCalls } from '../../src/collect/plan.js';

let aws: FakeAws;
const DAY = 86_400_000;

beforeAll(async () => {
  aws = await startFakeAws({ seed: { seed: 9, accounts: 1, regions: ['us-east-1'], buckets: 1, functions: 1001, tables: 0 } });
  process.env.AWS_ENDPOINT_URL = aws.endpoint;
});
afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL;
  await aws.close();
});

function factory() {
  const f = new ClientFactory({ maxAttempts: 3, concurrency: 8 });
  f.setCredentials(aws.truth.organization.managementAccount, { accessKeyId: aws.env.AWS_ACCESS_KEY_ID, secretAccessKey: aws.env.AWS_SECRET_ACCESS_KEY });
  return f;
}

describe('getMetricSums', () => {
  for (const [n, calls] of [[1, 1], [499, 1], [500, 1], [501, 2], [1000, 2], [1001, 3]] as const) {
    it(`${n} metrics → ${calls} GetMetricData call(s), every sum right`, async () => {
      const acct = aws.truth.organization.managementAccount;
      const fns = aws.truth.functions.slice(0, n);
      const reqs = fns.map((f) => lambdaRequest(acct, f.region, f.name));
      const end = new Date(Math.floor(Date.now() / DAY) * DAY);
      const window = { start: new Date(end.getTime() - 7 * DAY), end };
      aws.resetStats();
      const f = factory();
      const got = await getMetricSums(f, acct, 'us-east-1', reqs, window);
      expect(aws.stats['monitoring:GetMetricData']).toBe(calls);
      expect(f.stats.calls['CloudWatch:GetMetricData']).toBe(calls);
      expect(calls).toBe(getMetricDataCalls(n, 7));
      expect(got.map((m) => (m.kind === 'lambda' ? m.function : ''))).toEqual(fns.map((x) => x.name));
      expect(got.map((m) => m.sum)).toEqual(fns.map((x) => (x.daily ? x.daily * 7 : null)));
    });
  }

  it('follows NextToken when a batch exceeds 100,800 datapoints (500 metrics × 300 days)', async () => {
    const acct = aws.truth.organization.managementAccount;
    const fns = aws.truth.functions.slice(0, 500);
    const end = new Date(Math.floor(Date.now() / DAY) * DAY);
    const window = { start: new Date(end.getTime() - 300 * DAY), end };
    aws.resetStats();
    const got = await getMetricSums(factory(), acct, 'us-east-1', fns.map((f) => lambdaRequest(acct, f.region, f.name)), window);
    expect(aws.stats['monitoring:GetMetricData']).toBe(2);
    expect(getMetricDataCalls(500, 300)).toBe(2);
    expect(got.map((m) => m.sum)).toEqual(fns.map((x) => (x.daily ? x.daily * 300 : null)));
  });

  it('a metric without data points is unknown (null), never 0', async () => {
    const acct = aws.truth.organization.managementAccount;
    const idle = aws.truth.functions.find((f) => f.daily === 0)!;
    const end = new Date(Math.floor(Date.now() / DAY) * DAY);
    const [m] = await getMetricSums(factory(), acct, 'us-east-1', [lambdaRequest(acct, idle.region, idle.name)], { start: new Date(end.getTime() - DAY), end });
    expect(m.sum).toBeNull();
  });
});
