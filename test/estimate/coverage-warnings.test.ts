import { describe, expect, it } from 'vitest';
import { createEstimator } from '../../src/estimate/estimator.js';
import { SnapshotSchema } from '../../src/model/snapshot.js';
import { inputFromYaml, orgInventory, ORG_A as A, ORG_B as B } from './helpers.js';

const inventory = orgInventory([
  `{ account: "${A}", region: us-east-1, name: logs-bucket, events: { PutObject: 1000 } }`,
  `{ account: "${B}", region: eu-west-1, name: app-bucket, events: { GetObject: 5000 } }`,
  `{ account: "${B}", region: eu-west-1, name: dark-bucket }`,
]);
const allS3 = `{ kind: advanced, selectors: [{ FieldSelectors: [{ Field: eventCategory, Equals: [Data] }, { Field: resources.type, Equals: ["AWS::S3::Object"] }] }] }`;
const trail = (name: string, extra: string) => `
  - name: ${name}
    account: "${A}"
    homeRegion: us-east-1
    s3Bucket: logs-bucket
    selectors: ${allS3}
${extra}`;

describe('coverage', () => {
  it('an organization trail covers every member account; a single-account trail its own', () => {
    const r = createEstimator(inputFromYaml(`name: c${inventory}trails:${trail('org', '    multiRegion: true\n    organization: true')}${trail('own', '    multiRegion: true\n    organization: false')}`)).result();
    expect(r.trails.find((t) => t.name === 'org')!.dataEvents.high).toBe(6000);
    expect(r.trails.find((t) => t.name === 'own')!.dataEvents.high).toBe(1000);
    expect(r.trails.find((t) => t.name === 'org')!.coveredAccounts).toEqual([A, B]);
  });
  it('a single-Region trail covers its home Region only', () => {
    const r = createEstimator(inputFromYaml(`name: c${inventory}trails:${trail('home', '    multiRegion: false\n    organization: true')}`)).result();
    expect(r.trails[0].dataEvents.high).toBe(1000);
    expect(r.trails[0].coveredRegions).toEqual(['us-east-1']);
  });
  it('a trail that is not logging costs nothing', () => {
    const r = createEstimator(inputFromYaml(`name: c${inventory}trails:${trail('off', '    multiRegion: true\n    organization: true\n    logging: false')}`)).result();
    expect(r.trails[0].usd).toEqual({ low: 0, high: 0 });
    expect(r.warnings.map((w) => w.code)).toContain('trail-not-logging');
  });
});

describe('warnings', () => {
  const two = `name: w${inventory}trails:${trail('first', '    multiRegion: true\n    organization: true')}${trail('second', '    multiRegion: true\n    organization: true')}`;
  const r = createEstimator(inputFromYaml(two)).result();
  it('a trail logging its own destination bucket (the feedback loop)', () => {
    const w = r.warnings.filter((x) => x.code === 'own-bucket');
    expect(w.map((x) => x.trail)).toEqual(['first', 'second']);
    expect(w[0].message).toContain('NotStartsWith arn:aws:s3:::logs-bucket/');
  });
  it('duplicate trails, and what the duplicates cost', () => {
    expect(r.warnings.some((x) => x.code === 'duplicate-trail' && x.trail === 'second')).toBe(true);
    expect(r.duplicates.events).toEqual({ low: 6000, high: 6000 });
    expect(r.duplicates.usd.high).toBeCloseTo(0.006, 10);
  });
  it('unknown volumes are counted separately, never as zero', () => {
    expect(r.total.unknown.nodes).toBe(1);
    expect(r.total.unknown.nodeIds).toEqual(['s3:arn:aws:s3:::dark-bucket/']);
    expect(r.warnings.some((x) => x.code === 'unknown-volume')).toBe(true);
  });
  it('Lake: existing customers only, unless the scenario says so', () => {
    const lake = (existing: string) => `name: l${inventory}eventDataStores:
  - name: store
    account: "${A}"
    homeRegion: us-east-1
    multiRegion: true
    organization: true
    retention: one-year
    selectors: [{ FieldSelectors: [{ Field: eventCategory, Equals: [Data] }, { Field: resources.type, Equals: ["AWS::S3::Object"] }] }]
assumptions: { ${existing} }
`;
    const r1 = createEstimator(inputFromYaml(lake(''))).result();
    expect(r1.warnings.some((x) => x.code === 'lake-new-customers')).toBe(true);
    // 6000 events × 1500 B = 0.009 GB × $0.75
    expect(r1.total.byDestination.lake!.high).toBeCloseTo(0.009 * 0.75, 10);
    const r2 = createEstimator(inputFromYaml(lake('lakeExistingCustomer: true'))).result();
    expect(r2.warnings.some((x) => x.code === 'lake-new-customers')).toBe(false);
  });
});

describe('calibration against billing', () => {
  it('divides billed DataEventsRecorded (scaled to a month) by the model, per Region', () => {
    const W = { start: '2026-10-01T00:00:00Z', end: '2026-10-16T05:00:00Z' }; // 365 h = half a month
    const snapshot = SnapshotSchema.parse({
      version: 1, generatedAt: W.end, source: { tool: 't', kind: 'scan' }, window: W,
      accounts: [{ id: A }], regions: ['us-east-1'],
      buckets: [{ account: A, region: 'us-east-1', name: 'data-bucket', metricsConfigurations: [{ id: 'all' }] }],
      measurements: [{ kind: 's3', account: A, region: 'us-east-1', bucket: 'data-bucket', filterId: 'all', metric: 'GetRequests', sum: 500_000, window: W }],
      billing: [{ period: W, usageType: 'USE1-DataEventsRecorded', quantity: 600_000, cost: 0.6 }],
    });
    const input = inputFromYaml(`name: cal
snapshot: x.json
trails:
  - { name: t, account: "${A}", homeRegion: us-east-1, multiRegion: true, organization: false, s3Bucket: elsewhere, selectors: ${allS3} }
`, null, snapshot);
    const r = createEstimator(input).result();
    const row = r.calibration.find((c) => c.usageType === 'DataEventsRecorded')!;
    expect(row.modeled).toEqual({ low: 1_000_000, high: 1_000_000 });
    expect(row.billed).toBeCloseTo(1_200_000, 3);
    expect(row.ratio).toBeCloseTo(1.2, 6);
  });
});
