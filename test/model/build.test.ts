import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/model/build.js';
import { DEFAULT_ASSUMPTIONS } from '../../src/model/assumptions.js';
import { emptyDeclared } from '../../src/model/declared.js';
import { SnapshotSchema, type SnapshotInput } from '../../src/model/snapshot.js';
import type { VolumeModel } from '../../src/model/types.js';
import { inputFromYaml } from '../estimate/helpers.js';

const W = { start: '2026-10-01T00:00:00Z', end: '2026-10-31T10:00:00Z' }; // exactly 730 hours
const ACCT = '111122223333';

function snap(extra: Partial<SnapshotInput>): ReturnType<typeof SnapshotSchema.parse> {
  return SnapshotSchema.parse({
    version: 1, generatedAt: W.end, source: { tool: 't', kind: 'scan' }, window: W,
    accounts: [{ id: ACCT }], regions: ['us-east-1'], ...extra,
  });
}
const events = (m: VolumeModel, id: string, name: string, eventType = 'AwsApiCall') =>
  m.nodes.get(id)?.classes.find((c) => c.cls.eventName === name && c.cls.eventType === eventType)?.volume;

describe('volume model from request metrics', () => {
  const s = snap({
    buckets: [{ account: ACCT, region: 'us-east-1', name: 'data', metricsConfigurations: [{ id: 'EntireBucket' }, { id: 'hot', filter: { prefix: 'hot/' } }, { id: 'tagged', filter: { tags: [{ key: 'a', value: 'b' }] } }] }],
    measurements: [
      { kind: 's3', account: ACCT, region: 'us-east-1', bucket: 'data', filterId: 'EntireBucket', metric: 'GetRequests', sum: 1000, window: W },
      { kind: 's3', account: ACCT, region: 'us-east-1', bucket: 'data', filterId: 'EntireBucket', metric: 'DeleteRequests', sum: 100, window: W },
      { kind: 's3', account: ACCT, region: 'us-east-1', bucket: 'data', filterId: 'hot', metric: 'GetRequests', sum: 300, window: W },
    ],
  });
  const m = buildModel(s, { declared: emptyDeclared(), assumptions: { ...DEFAULT_ASSUMPTIONS, deleteObjects: { share: 0.1, keysPerCall: 20 } } });
  it('builds account › Region › bucket › prefix', () => {
    expect(m.roots).toEqual([`acct:${ACCT}`]);
    expect(m.nodes.get(`region:${ACCT}:us-east-1`)!.childIds).toEqual(['s3:arn:aws:s3:::data/']);
    expect(m.nodes.get('s3:arn:aws:s3:::data/')!.childIds).toEqual(['s3:arn:aws:s3:::data/hot/']);
  });
  it('the bucket keeps the residual: its total minus the prefix node', () => {
    expect(events(m, 's3:arn:aws:s3:::data/', 'GetObject')).toMatchObject({ events: 700, low: 700, high: 700, provenance: 'metric' });
    expect(events(m, 's3:arn:aws:s3:::data/hot/', 'GetObject')).toMatchObject({ events: 300, provenance: 'metric' });
  });
  it('models DeleteObjects per-key events with the assumption visible', () => {
    expect(events(m, 's3:arn:aws:s3:::data/', 'DeleteObject')!.events).toBeCloseTo(90);
    expect(events(m, 's3:arn:aws:s3:::data/', 'DeleteObjects')!.events).toBeCloseTo(10);
    const perKey = m.nodes.get('s3:arn:aws:s3:::data/')!.classes.find((c) => c.cls.eventType === 'AwsServiceEvent')!;
    expect(perKey.volume.events).toBeCloseTo(200);
    expect(perKey.assumption).toContain('20 keys');
  });
  it('a tag-filtered configuration is ignored with a note', () => {
    expect(m.notes.some((n) => n.code === 'metrics-filter-ignored')).toBe(true);
  });
  it('scales a measurement window to a 730-hour month', () => {
    const half = { start: W.start, end: '2026-10-16T05:00:00Z' }; // 365 hours
    const s2 = snap({
      buckets: [{ account: ACCT, region: 'us-east-1', name: 'bkt2', metricsConfigurations: [{ id: 'all' }] }],
      measurements: [{ kind: 's3', account: ACCT, region: 'us-east-1', bucket: 'bkt2', filterId: 'all', metric: 'PutRequests', sum: 50, window: half }],
    });
    const m2 = buildModel(s2, { declared: emptyDeclared(), assumptions: DEFAULT_ASSUMPTIONS });
    expect(events(m2, 's3:arn:aws:s3:::bkt2/', 'PutObject')!.events).toBeCloseTo(100);
  });
  it('an inconsistent prefix (more than its bucket) is clamped with a warning', () => {
    const s3 = snap({
      buckets: [{ account: ACCT, region: 'us-east-1', name: 'bkt3', metricsConfigurations: [{ id: 'all' }, { id: 'p', filter: { prefix: 'p/' } }] }],
      measurements: [
        { kind: 's3', account: ACCT, region: 'us-east-1', bucket: 'bkt3', filterId: 'all', metric: 'GetRequests', sum: 10, window: W },
        { kind: 's3', account: ACCT, region: 'us-east-1', bucket: 'bkt3', filterId: 'p', metric: 'GetRequests', sum: 15, window: W },
      ],
    });
    const m3 = buildModel(s3, { declared: emptyDeclared(), assumptions: DEFAULT_ASSUMPTIONS });
    expect(events(m3, 's3:arn:aws:s3:::bkt3/', 'GetObject')!.events).toBe(0);
    expect(m3.notes.some((n) => n.code === 'inconsistent-prefix')).toBe(true);
  });
});

describe('unknown volume is never zero', () => {
  const s = snap({
    buckets: [{ account: ACCT, region: 'us-east-1', name: 'dark', metricsConfigurations: [] }],
    functions: [{ account: ACCT, region: 'us-east-1', name: 'f', arn: `arn:aws:lambda:us-east-1:${ACCT}:function:f` }],
    tables: [{ account: ACCT, region: 'us-east-1', name: 't', arn: `arn:aws:dynamodb:us-east-1:${ACCT}:table/t` }],
    measurements: [{ kind: 'lambda', account: ACCT, region: 'us-east-1', function: 'f', metric: 'Invocations', sum: null, window: W }],
  });
  const m = buildModel(s, { declared: emptyDeclared(), assumptions: DEFAULT_ASSUMPTIONS });
  it.each(['s3:arn:aws:s3:::dark/', `fn:arn:aws:lambda:us-east-1:${ACCT}:function:f`, `ddb:arn:aws:dynamodb:us-east-1:${ACCT}:table/t`])('%s is unknown', (id) => {
    const n = m.nodes.get(id)!;
    expect(n.classes.length).toBeGreaterThan(0);
    for (const c of n.classes) expect(c.volume).toEqual({ events: null, low: null, high: null, provenance: 'unknown' });
    expect(m.notes.some((x) => x.code === 'unknown-volume' && x.nodeId === id)).toBe(true);
  });
});

describe('Lambda: Invoke, and InvokeExecution for async invokes', () => {
  const fn = (asyncShare?: number) =>
    snap({
      functions: [{ account: ACCT, region: 'us-east-1', name: 'f', arn: `arn:aws:lambda:us-east-1:${ACCT}:function:f`, asyncShare }],
      measurements: [{ kind: 'lambda', account: ACCT, region: 'us-east-1', function: 'f', metric: 'Invocations', sum: 1000, window: W }],
    });
  const id = `fn:arn:aws:lambda:us-east-1:${ACCT}:function:f`;
  it('a known async share adds InvokeExecution events', () => {
    const m = buildModel(fn(0.25), { declared: emptyDeclared(), assumptions: DEFAULT_ASSUMPTIONS });
    expect(events(m, id, 'Invoke')!.events).toBe(1000);
    expect(events(m, id, 'InvokeExecution')!.events).toBe(250);
  });
  it('an unknown async share gives a range, not a guess', () => {
    const m = buildModel(fn(undefined), { declared: emptyDeclared(), assumptions: DEFAULT_ASSUMPTIONS });
    expect(events(m, id, 'InvokeExecution')).toMatchObject({ events: null, low: 0, high: 1000 });
  });
});

describe('log samples give the per-prefix split, scaled to the metric total', () => {
  const day = { start: '2026-10-14T00:00:00Z', end: '2026-10-15T00:00:00Z' };
  const s = snap({
    buckets: [{ account: ACCT, region: 'us-east-1', name: 'lake', metricsConfigurations: [{ id: 'all' }] }],
    measurements: [{ kind: 's3', account: ACCT, region: 'us-east-1', bucket: 'lake', filterId: 'all', metric: 'GetRequests', sum: 4000, window: W }],
    samples: [{ source: 's', window: day, records: 100, rows: [
      { resourceType: 'AWS::S3::Object', arn: 'arn:aws:s3:::lake/a/', eventName: 'GetObject', readOnly: true, count: 30 },
      { resourceType: 'AWS::S3::Object', arn: 'arn:aws:s3:::lake/a/b/', eventName: 'GetObject', readOnly: true, count: 10 },
      { resourceType: 'AWS::S3::Object', arn: 'arn:aws:s3:::lake/', eventName: 'GetObject', readOnly: true, count: 60 },
    ] }],
  });
  const m = buildModel(s, { declared: emptyDeclared(), assumptions: DEFAULT_ASSUMPTIONS });
  it('splits 4000 as 60/30/10 %', () => {
    expect(events(m, 's3:arn:aws:s3:::lake/', 'GetObject')!.events).toBeCloseTo(2400);
    expect(events(m, 's3:arn:aws:s3:::lake/a/', 'GetObject')!.events).toBeCloseTo(1200);
    expect(events(m, 's3:arn:aws:s3:::lake/a/b/', 'GetObject')!.events).toBeCloseTo(400);
    expect(events(m, 's3:arn:aws:s3:::lake/a/b/', 'GetObject')!.provenance).toBe('sample');
  });
});

describe('a request metric with no data points does not discard the metric total under a sample', () => {
  // As a scan records it: DeleteRequests had no data points (null) while GetRequests measured 4000.
  const day = { start: '2026-10-14T00:00:00Z', end: '2026-10-15T00:00:00Z' };
  const s = snap({
    buckets: [{ account: ACCT, region: 'us-east-1', name: 'lake', metricsConfigurations: [{ id: 'all' }] }],
    measurements: [
      { kind: 's3', account: ACCT, region: 'us-east-1', bucket: 'lake', filterId: 'all', metric: 'GetRequests', sum: 4000, window: W },
      { kind: 's3', account: ACCT, region: 'us-east-1', bucket: 'lake', filterId: 'all', metric: 'DeleteRequests', sum: null, window: W },
    ],
    samples: [{ source: 's', window: day, records: 4, rows: [
      { resourceType: 'AWS::S3::Object', arn: 'arn:aws:s3:::lake/a/', eventName: 'GetObject', readOnly: true, count: 1 },
      { resourceType: 'AWS::S3::Object', arn: 'arn:aws:s3:::lake/', eventName: 'GetObject', readOnly: true, count: 3 },
    ] }],
  });
  const m = buildModel(s, { declared: emptyDeclared(), assumptions: DEFAULT_ASSUMPTIONS });
  it('scales the split to the 4000 measured, not to the 4 sampled', () => {
    expect(events(m, 's3:arn:aws:s3:::lake/', 'GetObject')!.events).toBeCloseTo(3000);
    expect(events(m, 's3:arn:aws:s3:::lake/a/', 'GetObject')!.events).toBeCloseTo(1000);
  });
});

describe('declared inventory (scenario) gets provenance declared', () => {
  const input = inputFromYaml(`
name: d
inventory:
  accounts: [{ id: "${ACCT}" }]
  buckets:
    - account: "${ACCT}"
      region: us-east-1
      name: upl
      requests: { GetRequests: 1000, PutRequests: 200 }
      prefixes: [{ prefix: docs/, share: 0.25 }, { prefix: tmp/, events: { PutObject: 50 } }]
assumptions: { growth: 2 }
`);
  const m = input.model;
  it('applies shares and growth', () => {
    expect(events(m, 's3:arn:aws:s3:::upl/docs/', 'GetObject')).toMatchObject({ events: 500, provenance: 'declared' });
    expect(events(m, 's3:arn:aws:s3:::upl/tmp/', 'PutObject')!.events).toBe(100);
    expect(events(m, 's3:arn:aws:s3:::upl/', 'GetObject')!.events).toBe(1500);
    expect(events(m, 's3:arn:aws:s3:::upl/', 'PutObject')!.events).toBe(400 - 100 - 100);
  });
});

describe('growth applies once to sampled functions and tables, as to sampled buckets', () => {
  const fn = `arn:aws:lambda:us-east-1:${ACCT}:function:api`;
  const table = `arn:aws:dynamodb:us-east-1:${ACCT}:table/users`;
  const s = snap({
    buckets: [{ account: ACCT, region: 'us-east-1', name: 'bkt', metricsConfigurations: [] }],
    functions: [{ account: ACCT, region: 'us-east-1', name: 'api', arn: fn }],
    tables: [{ account: ACCT, region: 'us-east-1', name: 'users', arn: table }],
    samples: [{ source: 's', window: W, records: 3, rows: [
      { resourceType: 'AWS::S3::Object', arn: 'arn:aws:s3:::bkt/', eventName: 'GetObject', readOnly: true, count: 10 },
      { resourceType: 'AWS::Lambda::Function', arn: fn, eventName: 'Invoke', readOnly: false, count: 10 },
      { resourceType: 'AWS::DynamoDB::Table', arn: table, eventName: 'GetItem', readOnly: true, count: 10 },
    ] }],
  });
  const m = buildModel(s, { declared: emptyDeclared(), assumptions: { ...DEFAULT_ASSUMPTIONS, growth: 2 } });
  it('10 sampled over exactly one 730-hour month, growth 2 → 20 for each kind', () => {
    expect(events(m, 's3:arn:aws:s3:::bkt/', 'GetObject')!.events).toBeCloseTo(20);
    expect(events(m, `fn:${fn}`, 'Invoke')!.events).toBeCloseTo(20);
    expect(events(m, `ddb:${table}`, 'GetItem')!.events).toBeCloseTo(20);
  });
});
