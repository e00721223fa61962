/** The billing-export query text and the reading of its rows (adversarial rows included). */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { athenaCost, curSql, parseCurRows, parseCurTable, REQUEST_USAGE_TYPE } from '../../src/collect/cur.js';

const W = { start: new Date('2026-11-01T00:00:00Z'), end: new Date('2026-12-01T00:00:00Z') };
const row = (o: Partial<Record<string, string | null>> = {}) => ({
  account: '111122223333', bucket: 'my-bucket', usage_type: 'USE1-Requests-Tier1', operation: 'PutObject', requests: '100.0',
  first_start: '2026-11-01 00:00:00.000', last_end: '2026-11-30 00:00:00.000', ...o,
});

describe('curSql', () => {
  it('sums the usage amount per account, bucket, usage type and operation over the window, Usage lines only', () => {
    const sql = curSql({ database: 'billing', table: 'cur2', window: W });
    expect(sql).toContain('sum(line_item_usage_amount) AS requests');
    expect(sql).not.toMatch(/count\(/i);
    expect(sql).toContain('FROM "billing"."cur2"');
    expect(sql).toContain("line_item_usage_start_date >= TIMESTAMP '2026-11-01 00:00:00'");
    expect(sql).toContain("line_item_usage_start_date < TIMESTAMP '2026-12-01 00:00:00'");
    expect(sql).toContain("line_item_line_item_type = 'Usage'");
    expect(sql).toContain('GROUP BY 1, 2, 3, 4');
  });
  it('refuses names that are not plain identifiers', () => {
    for (const bad of ['billing', 'a.b.c', 'a;drop.t', '"a".b', 'a.b c']) expect(() => parseCurTable(bad), bad).toThrow();
    expect(parseCurTable(' billing.cur_2 ')).toEqual({ database: 'billing', table: 'cur_2' });
  });
  it('keeps exactly the request usage types (with or without Region and storage-class parts)', () => {
    const re = new RegExp(REQUEST_USAGE_TYPE);
    for (const u of ['Requests-Tier1', 'USE1-Requests-Tier2', 'EU-Requests-SIA-Tier1', 'APS3-Requests-GDA-Tier2', 'Requests-INT-Tier1']) expect(re.test(u), u).toBe(true);
    for (const u of ['USE1-Requests-Tier3', 'Requests-Tier4', 'USE1-TimedStorage-ByteHrs', 'USE1-Requests-Tier12', 'USE1-DataTransfer-Out-Bytes']) expect(re.test(u), u).toBe(false);
  });
  it('prices Athena at $5 per TB with the 10 MB minimum', () => {
    expect(athenaCost(0)).toBeCloseTo(0.00005, 10);
    expect(athenaCost(2e12)).toBeCloseTo(10, 10);
  });
});

describe('parseCurRows', () => {
  it('reads plain and scientific amounts, and scales to the days the export holds', () => {
    const r = parseCurRows([row(), row({ operation: null, requests: '1.2345E7', usage_type: 'Requests-Tier2' })], 'db.t', W, () => 'us-east-1');
    expect(r.measurements.map((m) => m.sum)).toEqual([100, 12_345_000]);
    expect(r.measurements[1].operation).toBeNull();
    expect(r.coverage).toEqual({ start: '2026-11-01T00:00:00.000Z', end: '2026-11-30T00:00:00.000Z' });
    expect(r.measurements.every((m) => m.region === 'us-east-1' && m.window === r.coverage)).toBe(true);
  });
  it('leaves out rows that are not a bucket\'s request count, and counts them', () => {
    const bad = [
      row({ account: '1234' }), row({ bucket: 'arn:aws:s3:::my-bucket' }), row({ bucket: '' }), row({ requests: 'abc' }),
      row({ requests: '-5' }), row({ requests: '1e300' }), row({ usage_type: null }),
    ];
    const r = parseCurRows([...bad, row()], 'db.t', W, () => undefined);
    expect(r.skipped).toBe(bad.length);
    expect(r.measurements).toHaveLength(1);
    expect('region' in r.measurements[0]).toBe(false);
  });
  it('never widens the window beyond the scan, whatever the timestamps say', () => {
    fc.assert(fc.property(fc.integer({ min: -40, max: 40 }), fc.integer({ min: -40, max: 40 }), (a, b) => {
      const t = (d: number) => new Date(W.start.getTime() + d * 86_400_000).toISOString().replace('T', ' ').replace('Z', '');
      const r = parseCurRows([row({ first_start: t(a), last_end: t(b) })], 'db.t', W, () => undefined);
      if (r.coverage) {
        expect(Date.parse(r.coverage.start)).toBeGreaterThanOrEqual(W.start.getTime());
        expect(Date.parse(r.coverage.end)).toBeLessThanOrEqual(W.end.getTime());
        expect(Date.parse(r.coverage.end)).toBeGreaterThan(Date.parse(r.coverage.start));
      } else expect(r.measurements).toEqual([]);
    }), { numRuns: 200 });
  });
});
