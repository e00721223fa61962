/**
 * The model's use of Storage Lens and billing-export volumes: ranges that contain every truth the source allows,
 * the order of sources, and the disagreement warning. Truths are generated independently of the code under test.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildModel } from '../../src/model/build.js';
import { DEFAULT_ASSUMPTIONS } from '../../src/model/assumptions.js';
import { emptyDeclared } from '../../src/model/declared.js';
import { SnapshotSchema, type Measurement, type SnapshotInput } from '../../src/model/snapshot.js';
import { requestTier, operationEvent } from '../../src/model/volume-sources.js';
import { bucketSpan } from './helpers.js';

const ACCT = '111122223333';
const W = { start: '2026-10-01T00:00:00Z', end: '2026-10-31T10:00:00Z' }; // exactly 730 hours
const NAMED = ['GetRequests', 'PutRequests', 'DeleteRequests', 'HeadRequests', 'PostRequests', 'SelectRequests', 'ListRequests'] as const;
const READS = new Set(['GetRequests', 'HeadRequests', 'SelectRequests', 'ListRequests']);

function model(extra: Partial<SnapshotInput>, buckets = [{ account: ACCT, region: 'us-east-1', name: 'bkt', metricsConfigurations: [] as Array<{ id: string; filter?: { prefix: string } }> }]) {
  const s = SnapshotSchema.parse({
    version: 1, generatedAt: W.end, source: { tool: 't', kind: 'scan' }, window: W, accounts: [{ id: ACCT }], regions: ['us-east-1'],
    buckets, ...extra,
  });
  return buildModel(s, { declared: emptyDeclared(), assumptions: DEFAULT_ASSUMPTIONS });
}

const lens = (metric: string, sum: number | null, days: number, storageClass = 'STANDARD', bucket = 'bkt'): Measurement => ({
  kind: 'storage-lens', account: ACCT, region: 'us-east-1', bucket, configurationId: 'cfg', storageClass,
  metric: metric as 'GetRequests', sum, window: W, days, source: { account: ACCT, region: 'us-east-1' },
});
const cur = (usageType: string, operation: string | null, sum: number, bucket = 'bkt'): Measurement => ({
  kind: 'cur', account: ACCT, region: 'us-east-1', bucket, usageType, operation, sum, window: W, table: 'db.t',
});
const within = (span: { low: number; high: number }, v: number) =>
  span.low <= v * (1 + 1e-9) + 1e-6 && span.high >= v * (1 - 1e-9) - 1e-6;

describe('Storage Lens in the model', () => {
  it('contains the truth whether storage_class series are disjoint or one of them is their total', () => {
    fc.assert(fc.property(
      fc.array(fc.record({
        metric: fc.constantFrom(...NAMED),
        parts: fc.array(fc.integer({ min: 0, max: 5_000_000 }), { minLength: 1, maxLength: 3 }),
        aggregate: fc.boolean(),
      }), { minLength: 1, maxLength: 7 }).map((xs) => [...new Map(xs.map((x) => [x.metric, x])).values()]),
      fc.integer({ min: 1, max: 455 }),
      (metrics, days) => {
        const ms: Measurement[] = [];
        let truth = 0;
        let reads = 0;
        for (const x of metrics) {
          // Daily truth of this metric = sum of the parts; an aggregate series repeats that sum under another class.
          const daily = x.parts.reduce((a, b) => a + b, 0);
          truth += daily;
          if (READS.has(x.metric)) reads += daily;
          const series = x.aggregate && x.parts.length > 1 ? [...x.parts, daily] : x.parts;
          series.forEach((v, i) => ms.push(lens(x.metric, v * days, days, `SC${i}`)));
        }
        const m = model({ measurements: ms });
        const month = 730 / 24;
        const all = bucketSpan(m, 'bkt', 'all');
        const r = bucketSpan(m, 'bkt', 'reads');
        expect(within(all, truth * month), JSON.stringify({ all, truth: truth * month })).toBe(true);
        expect(within(r, reads * month)).toBe(true);
      },
    ), { numRuns: 300 });
  });

  it('scales by the days that have a data point, not by the window', () => {
    const m = model({ measurements: [lens('GetRequests', 29 * 1000, 29)] });
    expect(bucketSpan(m, 'bkt', 'all').low).toBeCloseTo((1000 * 730) / 24, 6);
  });

  it('a series without data points leaves the bucket unknown (never zero)', () => {
    const m = model({ measurements: [lens('GetRequests', null, 0)] });
    expect(m.notes.some((n) => n.code === 'unknown-volume')).toBe(true);
    expect(m.nodes.get('s3:arn:aws:s3:::bkt/')!.classes.every((c) => c.volume.events === null && c.volume.provenance === 'unknown')).toBe(true);
  });

  it('fills the bucket total under a prefix-only request-metrics configuration', () => {
    const m = model(
      { measurements: [lens('GetRequests', 30 * 1000, 30), { kind: 's3', account: ACCT, region: 'us-east-1', bucket: 'bkt', filterId: 'logs', metric: 'GetRequests', sum: 30 * 300 * 730 / 720, window: W }] },
      [{ account: ACCT, region: 'us-east-1', name: 'bkt', metricsConfigurations: [{ id: 'logs', filter: { prefix: 'logs/' } }] }],
    );
    const bucket = m.nodes.get('s3:arn:aws:s3:::bkt/')!;
    expect(bucket.childIds).toEqual(['s3:arn:aws:s3:::bkt/logs/']);
    expect(bucket.classes.find((c) => c.cls.eventName === 'GetObject')!.volume.provenance).toBe('lens');
    expect(bucketSpan(m, 'bkt', 'all').low).toBeCloseTo((1000 * 730) / 24, 6);
  });

  it('AllRequests above the named types is said, not silently added', () => {
    const m = model({ measurements: [lens('GetRequests', 1000, 10), lens('AllRequests', 2000, 10)] });
    expect(bucketSpan(m, 'bkt', 'all').high).toBeCloseTo((100 * 730) / 24, 6);
    expect(m.notes.some((n) => n.code === 'storage-lens-other-requests' && /AllRequests/.test(n.message))).toBe(true);
  });
});

describe('billing export in the model', () => {
  const TIERS = ['USE1-Requests-Tier1', 'Requests-Tier2', 'EU-Requests-SIA-Tier1', 'USW2-Requests-INT-Tier2', 'Requests-GDA-Tier1', 'EU-Requests-GLACIER-Tier2'];
  const OPS = ['GetObject', 'PutObject', 'ListBucket', 'HeadObject', 'CopyObject', 'UploadPart', 'InitiateMultipartUpload', 'GetBucketLocation', 'PutBucketPolicy', null];

  it('reads and writes contain every assignment of the billed requests the rows allow; DELETE stays unbounded', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ usage: fc.constantFrom(...TIERS), op: fc.constantFrom(...OPS), n: fc.integer({ min: 1, max: 10_000_000 }), split: fc.double({ min: 0, max: 1, noNaN: true }) }), { minLength: 1, maxLength: 12 }),
      (rows) => {
        let reads = 0;
        let writes = 0;
        for (const r of rows) {
          const ev = operationEvent(r.op);
          const t = requestTier(r.usage)!;
          if (ev) {
            if (/^(Get|Head|List|Select)/.test(ev)) reads += r.n;
            else writes += r.n;
            continue;
          }
          // Unknown operation: part of it may be a data event of a class its tier allows, the rest not one at all.
          const glacier = /GLACIER|GDA/.test(r.usage);
          if (t.tier === 1) {
            if (glacier) writes += r.n * r.split;
            else {
              writes += r.n * r.split;
              reads += r.n * (1 - r.split) * r.split;
            }
          } else reads += r.n * r.split;
        }
        const m = model({ measurements: rows.map((r) => cur(r.usage, r.op, r.n)) });
        const rs = bucketSpan(m, 'bkt', 'reads');
        const ws = bucketSpan(m, 'bkt', 'writes');
        expect(within(rs, reads)).toBe(true);
        expect(ws.low).toBeLessThanOrEqual(writes * (1 + 1e-9) + 1e-6);
        // Writes include DeleteObject, which the export cannot see: no upper bound.
        expect(ws.high).toBe(Infinity);
        const del = m.nodes.get('s3:arn:aws:s3:::bkt/')!.classes.find((c) => c.cls.eventName === 'DeleteObject')!;
        expect(del.volume).toMatchObject({ events: null, low: 0, high: null, provenance: 'billing' });
      },
    ), { numRuns: 300 });
  });

  it('names the usage types it reads and ignores the others', () => {
    expect(requestTier('USE1-Requests-Tier1')).toEqual({ tier: 1, storageClass: '' });
    expect(requestTier('Requests-Tier2')).toEqual({ tier: 2, storageClass: '' });
    expect(requestTier('EU-Requests-SIA-Tier2')).toEqual({ tier: 2, storageClass: 'SIA' });
    expect(requestTier('USE1-TimedStorage-ByteHrs')).toBeUndefined();
    const m = model({ measurements: [cur('USE1-Requests-Tier3', 'S3-GlacierTransition', 500), cur('USE1-Requests-Tier1', 'PutObject', 100)] });
    expect(bucketSpan(m, 'bkt', 'writes').low).toBeCloseTo(100, 6);
  });

  it('warns once that the export is a floor, naming the buckets', () => {
    const m = model({ measurements: [cur('Requests-Tier1', 'PutObject', 10), cur('Requests-Tier1', 'PutObject', 10, 'other')] },
      [{ account: ACCT, region: 'us-east-1', name: 'bkt', metricsConfigurations: [] }, { account: ACCT, region: 'us-east-1', name: 'other', metricsConfigurations: [] }]);
    const floor = m.notes.filter((n) => n.code === 'billing-export-floor');
    expect(floor).toHaveLength(1);
    expect(floor[0]).toMatchObject({ level: 'warning' });
    expect(floor[0].message).toMatch(/^2 bucket\(s\) \(bkt, other\): .*DELETE is free/);
  });
});

describe('a prefix measured by request metrics under a bucket total from another source', () => {
  it('the subtree still contains the truth when the classes of the two sources differ', () => {
    fc.assert(fc.property(
      fc.record({ get: fc.nat(100_000), head: fc.nat(100_000), post: fc.nat(100_000), put: fc.nat(100_000), headNamed: fc.boolean(), share: fc.double({ min: 0, max: 1, noNaN: true }) }),
      (t) => {
        // Truth per month (730 h); the prefix holds `share` of each request type; POSTs are CompleteMultipartUploads.
        const ms: Measurement[] = [
          cur('Requests-Tier2', 'GetObject', t.get), cur('Requests-Tier2', t.headNamed ? 'HeadObject' : null, t.head),
          cur('Requests-Tier1', 'CompleteMultipartUpload', t.post), cur('Requests-Tier1', 'PutObject', t.put),
        ];
        const p = (n: number) => Math.floor(n * t.share);
        for (const [metric, n] of [['GetRequests', t.get], ['HeadRequests', t.head], ['PostRequests', t.post], ['PutRequests', t.put]] as const) {
          ms.push({ kind: 's3', account: ACCT, region: 'us-east-1', bucket: 'bkt', filterId: 'p', metric, sum: p(n), window: W });
        }
        const m = model({ measurements: ms }, [{ account: ACCT, region: 'us-east-1', name: 'bkt', metricsConfigurations: [{ id: 'p', filter: { prefix: 'p/' } }] }]);
        expect(within(bucketSpan(m, 'bkt', 'reads'), t.get + t.head)).toBe(true);
        const w = bucketSpan(m, 'bkt', 'writes');
        expect(w.low).toBeLessThanOrEqual((t.post + t.put) * (1 + 1e-9) + 1e-6);
        expect(m.notes.filter((n) => n.code === 'inconsistent-prefix')).toEqual([]);
      },
    ), { numRuns: 300 });
  });
});

describe('which source a bucket takes, and disagreement', () => {
  const metric = (name: string, sum: number): Measurement => ({ kind: 's3', account: ACCT, region: 'us-east-1', bucket: 'bkt', filterId: 'all', metric: name as 'GetRequests', sum, window: W });
  const whole = [{ account: ACCT, region: 'us-east-1', name: 'bkt', metricsConfigurations: [{ id: 'all' }] }];

  it('request metrics over Storage Lens over the billing export', () => {
    const provs = (ms: Measurement[], b = whole) => [...new Set(model({ measurements: ms }, b).nodes.get('s3:arn:aws:s3:::bkt/')!.classes.map((c) => c.volume.provenance))];
    expect(provs([metric('GetRequests', 100), lens('GetRequests', 100, 10), cur('Requests-Tier2', 'GetObject', 100)])).toEqual(['metric']);
    expect(provs([lens('GetRequests', 100, 10), cur('Requests-Tier2', 'GetObject', 100)], [{ ...whole[0], metricsConfigurations: [] }])).toEqual(['lens']);
    expect(provs([cur('Requests-Tier2', 'GetObject', 100)], [{ ...whole[0], metricsConfigurations: [] }])).toEqual(['billing']);
  });

  it('warns exactly when the used source and another are more than 25% apart', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 0, max: 3_000_000 }), (a, b) => {
      // Same window for both: the request metric over 730 h, Storage Lens over 30 daily points (= 720 h).
      const m = model({ measurements: [metric('GetRequests', a), lens('GetRequests', (b * 720) / 730, 30)] }, whole);
      const warned = m.notes.some((n) => n.code === 'volume-sources-disagree');
      const gap = Math.abs(a - b) / Math.max(a, b);
      if (Math.abs(gap - 0.25) > 1e-6) expect(warned).toBe(gap > 0.25);
      if (warned) expect(m.notes.find((n) => n.code === 'volume-sources-disagree')!.message).toMatch(/request metrics used$/);
    }), { numRuns: 300 });
  });
});
