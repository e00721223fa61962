/**
 * What AWS answers is untrusted: a value the snapshot schema rejects leaves its element out as a gap naming the
 * path, and the rest of the scan is written (it does not crash after every call was paid for).
 */
import { describe, expect, it } from 'vitest';
import { emptySnapshot } from '../../src/model/snapshot.js';
import { GapLog } from '../../src/collect/gaps.js';
import { validSnapshot } from '../../src/collect/validate-snapshot.js';

const window = { start: '2026-11-01T00:00:00.000Z', end: '2026-11-15T00:00:00.000Z' };
const base = () => emptySnapshot({ generatedAt: '2026-11-15T00:00:00.000Z', source: { tool: 'test', kind: 'scan' }, window });
const row = (usageType: string, quantity: number, cost = 1) => ({ period: window, usageType, account: '111122223333', quantity, cost, estimated: false });
const metric = (bucket: string, sum: number | null) => ({ kind: 's3', account: '111122223333', region: 'us-east-1', bucket, filterId: 'all', metric: 'GetRequests', sum, window });

describe('validSnapshot', () => {
  it('keeps a valid snapshot as it is, gaps sorted', () => {
    const gaps = new GapLog();
    const s = validSnapshot({ ...base(), billing: [row('USE1-DataEventsRecorded', 10)] } as never, gaps);
    expect(s.billing).toHaveLength(1);
    expect(s.gaps).toEqual([]);
  });

  it('leaves out a negative or non-numeric Cost Explorer quantity and an absurd metric sum, each as a gap, and keeps the rest', () => {
    const gaps = new GapLog();
    // Recorded first, listed last: the gaps come out sorted, not in the order they were found.
    gaps.invalid({ service: 's3', operation: 'ListBuckets', account: '111122223333' }, 'left out: earlier');
    const raw = {
      ...base(),
      billing: [row('USE1-DataEventsRecorded', -5), row('USE1-FreeEventsRecorded', Number.NaN), row('USE1-PaidEventsRecorded', 7)],
      measurements: [metric('a', 1e308), metric('b', 12), metric('c', null)],
    };
    const s = validSnapshot(raw as never, gaps);
    expect(s.billing.map((r) => r.usageType)).toEqual(['USE1-PaidEventsRecorded']);
    expect(s.measurements.map((m) => (m as { bucket: string }).bucket)).toEqual(['b', 'c']);
    expect(s.gaps.map((g) => [g.service, g.operation, g.error, g.resource])).toEqual([
      ['ce', 'GetCostAndUsage', 'InvalidResponse', 'billing.0.quantity'],
      ['ce', 'GetCostAndUsage', 'InvalidResponse', 'billing.1.quantity'],
      ['cloudwatch', 'GetMetricData', 'InvalidResponse', 'measurements.0.sum'],
      ['s3', 'ListBuckets', 'InvalidResponse', undefined],
    ]);
    expect(s.gaps.every((g) => g.message.startsWith('left out: ') && g.account === '111122223333')).toBe(true);
  });

  it('an invalid value outside the lists AWS fills is a bug and still throws', () => {
    expect(() => validSnapshot({ ...base(), window: { start: 'yesterday', end: 'today' } } as never, new GapLog())).toThrow();
  });
});
