import { describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GapLog } from '../../src/collect/gaps.js';
import { writeFileAtomic } from '../../src/io/atomic-write.js';
import { buildPlan, getMetricDataCalls } from '../../src/collect/plan.js';
import { mapLimit } from '../../src/collect/pool.js';

const awsError = (name: string, message = 'denied') => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 403 } });

describe('GapLog', () => {
  it('folds the same failure in the same place into one gap with a count', () => {
    const g = new GapLog();
    for (const b of ['a', 'b', 'c']) g.record({ service: 's3', operation: 'ListBucketMetricsConfigurations', account: '111111111111', region: 'eu-west-1', resource: b }, awsError('AccessDenied'));
    g.record({ service: 'lambda', operation: 'ListFunctions', account: '111111111111', region: 'eu-west-1' }, awsError('AccessDeniedException'));
    const list = g.list();
    expect(list).toHaveLength(2);
    expect(list[0]).toMatchObject({ error: 'AccessDenied', resource: '3 resources, e.g. a' });
  });
  it('names a possible opt-in Region on authentication failures', () => {
    const g = new GapLog();
    g.record({ service: 'lambda', operation: 'ListFunctions', region: 'af-south-1' }, awsError('UnrecognizedClientException', 'The security token included in the request is invalid.'));
    expect(g.list()[0].message).toMatch(/af-south-1 an opt-in Region/);
  });
  it('rethrows programming errors instead of hiding them as gaps', () => {
    expect(() => new GapLog().record({ service: 's3', operation: 'X' }, new TypeError('bug'))).toThrow('bug');
  });
});

describe('writeFileAtomic', () => {
  it('replaces the file whole and leaves no temp file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atomic-'));
    const f = join(dir, 'snap.json');
    writeFileSync(f, 'old');
    writeFileAtomic(f, 'new content');
    expect(readFileSync(f, 'utf8')).toBe('new content');
    expect(readdirSync(dir)).toEqual(['snap.json']);
  });
  it('fails without touching anything when the directory does not exist', () => {
    expect(() => writeFileAtomic(join(tmpdir(), 'no-such-dir-trailcost', 'x.json'), '{}')).toThrow();
  });
});

describe('plan', () => {
  it('counts GetMetricData calls from the 500-query and 100,800-datapoint limits', () => {
    expect(getMetricDataCalls(0, 30)).toBe(0);
    expect(getMetricDataCalls(500, 30)).toBe(1);
    expect(getMetricDataCalls(1500, 30)).toBe(3);
    expect(getMetricDataCalls(500, 455)).toBe(3);
  });
  it('prices GetMetricData per metric and Cost Explorer per request', () => {
    const p = buildPlan({ accounts: 1, regions: ['us-east-1'], inventoryCalls: { 'S3:ListBuckets': 1 }, metricsPerPlace: [{ s3: 7000, lambda: 2000, dynamodb: 1000 }], days: 30, billing: true });
    expect(p.metrics.total).toBe(10_000);
    expect(p.cost.getMetricData).toBeCloseTo(0.1);
    expect(p.cost.costExplorer).toBeCloseTo(0.01);
    expect(p.calls['CloudWatch:GetMetricData']).toBe(20);
  });
});

describe('mapLimit', () => {
  it('keeps order and never runs more than the limit', async () => {
    let active = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3, 0], 2, async (x) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, x));
      active--;
      return x * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0]);
    expect(peak).toBe(2);
  });
});

describe('progress', () => {
  const stream = (isTTY: boolean) => {
    const out: string[] = [];
    return { out, s: { isTTY, columns: 80, write: (x: string) => (out.push(x), true) } as unknown as NodeJS.WriteStream };
  };
  it('draws a bar with counts on a terminal', async () => {
    const { stderrProgress } = await import('../../src/collect/progress.js');
    const { out, s } = stream(true);
    // Redraws are throttled on the clock: control it, so the tick's redraw is deterministic.
    vi.useFakeTimers({ now: 0 });
    try {
      const p = stderrProgress(s);
      p.phase('Reading CloudWatch metrics', 10);
      expect(out.join('')).toContain('Reading CloudWatch metrics [');
      expect(out.at(-1)).toContain('0/10');
      vi.advanceTimersByTime(100);
      p.tick(5);
      expect(out.at(-1)).toMatch(/\[#+\.+\] 5\/10$/);
      const drawn = out.length;
      p.tick(); // within the throttle interval: no redraw
      expect(out.length).toBe(drawn);
      p.done();
    } finally {
      vi.useRealTimers();
    }
  });
  it('is quiet when stderr is not a terminal', async () => {
    const { stderrProgress } = await import('../../src/collect/progress.js');
    const { out, s } = stream(false);
    const p = stderrProgress(s);
    p.phase('x', 3);
    p.tick();
    p.done();
    expect(out).toEqual([]);
  });
});
