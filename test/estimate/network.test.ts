import { describe, expect, it } from 'vitest';
import { createEstimator } from '../../src/estimate/estimator.js';
import { lintSelectors } from '../../src/selectors/lint.js';
import { inputFromYaml, orgInventory, ORG_A as A, ORG_B as B } from './helpers.js';
import { SampleAggregator } from '../../src/sample/aggregate.js';
import { snapshotFromSample } from '../../src/sample/merge.js';
import { SnapshotSchema } from '../../src/model/snapshot.js';
import { fixture } from '../sample/helpers.js';

const inventory = orgInventory([`{ account: "${A}", region: us-east-1, name: logs-bucket, events: { PutObject: 1000 } }`]);
// Log only the S3 calls VPC endpoint policies deny.
const deniedS3 = `[{ Name: vpce-denied-s3, FieldSelectors: [{ Field: eventCategory, Equals: [NetworkActivity] }, { Field: eventSource, Equals: [s3.amazonaws.com] }, { Field: errorCode, Equals: [VpceAccessDenied] }] }]`;
const allKms = `[{ Name: kms, FieldSelectors: [{ Field: eventCategory, Equals: [NetworkActivity] }, { Field: eventSource, Equals: [kms.amazonaws.com] }] }]`;
const trail = (name: string, selectors: string, org = true) => `
  - name: ${name}
    account: "${A}"
    homeRegion: us-east-1
    multiRegion: true
    organization: ${org}
    s3Bucket: logs-bucket
    selectors: { kind: advanced, selectors: ${selectors} }`;
const volumes = (deniedShare: string) => `
networkActivityEvents:
  - { account: "${B}", region: eu-west-1, eventSource: s3.amazonaws.com, events: 2000000${deniedShare} }
  - { account: "${B}", region: eu-west-1, eventSource: kms.amazonaws.com, vpcEndpointId: vpce-0123456789abcdef0, events: 500000 }
`;

function estimate(yaml: string) {
  return createEstimator(inputFromYaml(yaml)).result();
}

describe('network activity events: declared volumes through the selector engine, priced like data events', () => {
  it('the selectors are valid AWS network activity selectors', () => {
    expect(lintSelectors(JSON.parse(JSON.stringify([{ Name: 'vpce-denied-s3', FieldSelectors: [{ Field: 'eventCategory', Equals: ['NetworkActivity'] }, { Field: 'eventSource', Equals: ['s3.amazonaws.com'] }, { Field: 'errorCode', Equals: ['VpceAccessDenied'] }] }]))).findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('a denied share gives an exact count; the denied-only selector logs just that share', () => {
    const r = estimate(`name: n${inventory}trails:${trail('org', deniedS3)}${volumes(', deniedShare: 0.05')}`);
    const t = r.trails[0];
    expect(t.networkEvents).toEqual({ low: 100_000, high: 100_000 });
    const line = t.lines.find((l) => l.price === 'cloudtrail.networkActivityEvents')!;
    expect(line.usd.high).toBeCloseTo(0.1, 9); // $0.10 per 100,000
    expect(r.warnings.some((w) => w.code === 'network-unknown')).toBe(false);
  });

  it('an unknown denied share is a range; a selector for all of a service logs all of it', () => {
    const r = estimate(`name: n${inventory}trails:${trail('org', deniedS3)}${trail('kms', allKms)}${volumes('')}`);
    expect(r.trails.find((t) => t.name === 'org')!.networkEvents).toEqual({ low: 0, high: 2_000_000 });
    expect(r.trails.find((t) => t.name === 'kms')!.networkEvents).toEqual({ low: 500_000, high: 500_000 });
  });

  it("a trail sees only its own accounts: a single-account trail of A does not log B's endpoints", () => {
    const r = estimate(`name: n${inventory}trails:${trail('own', allKms, false)}${volumes('')}`);
    expect(r.trails[0].networkEvents).toEqual({ low: 0, high: 0 });
    // Declared volumes exist, but none in the trail's accounts: the volume it logs is unknown, not zero.
    expect(r.warnings.find((w) => w.code === 'network-unknown')?.message).toMatch(/^own logs network activity events of unknown volume/);
  });

  it('no declared volume: a warning, never a silent zero; data-only trails get none', () => {
    const allS3 = `[{ FieldSelectors: [{ Field: eventCategory, Equals: [Data] }, { Field: resources.type, Equals: ["AWS::S3::Object"] }] }]`;
    const r = estimate(`name: n${inventory}trails:${trail('org', deniedS3)}${trail('data', allS3)}`);
    expect(r.warnings.filter((w) => w.code === 'network-unknown').map((w) => w.trail)).toEqual(['org']);
  });

  it('billed NetworkEventsRecorded is compared with the model per Region', () => {
    const input = inputFromYaml(`name: n${inventory}trails:${trail('kms', allKms)}${volumes('')}`);
    input.snapshot.billing.push({ period: { start: '2026-10-01T00:00:00Z', end: '2026-11-01T00:00:00Z' }, usageType: 'EU-NetworkEventsRecorded', quantity: 520_000, cost: 0.52, estimated: false });
    const r = createEstimator(input).result();
    const row = r.calibration.find((c) => c.usageType === 'NetworkEventsRecorded')!;
    expect(row.region).toBe('eu-west-1');
    expect(row.modeled).toEqual({ low: 500_000, high: 500_000 });
    expect(row.billed).toBeCloseTo((520_000 * 730) / 744, 6);
    expect(r.billedOther).toEqual([]);
  });

  it('volumes measured by `sample` feed the estimate when the scenario declares none (sample → snapshot → estimate)', () => {
    const agg = new SampleAggregator();
    for (const r of fixture('network-activity-vpce-CONSTRUCTED.json')) agg.addRecord(r);
    const snapshot = SnapshotSchema.parse(JSON.parse(JSON.stringify(snapshotFromSample(agg.result('logs:test'), '2026-11-21T00:00:00Z'))));
    const yaml = (extra: string) => `name: n
snapshot: sampled.json
trails:
  - name: vpce
    account: "111122223333"
    homeRegion: us-east-1
    multiRegion: false
    organization: false
    s3Bucket: trail-logs
    selectors: { kind: advanced, selectors: ${allKms.slice(0, -1)}, ${deniedS3.slice(1)} }
${extra}`;
    const r = createEstimator(inputFromYaml(yaml(''), null, snapshot)).result();
    // The window is 10:15–10:19 (4 minutes): one KMS call is 730 × 15 = 10,950 a month; of the two S3 calls,
    // the denied one is logged: 10,950 more.
    expect(r.trails[0].networkEvents.low).toBeCloseTo(21_900, 6);
    expect(r.trails[0].networkEvents.high).toBeCloseTo(21_900, 6);
    expect(r.assumptions.find((a) => a.key === 'networkActivityEvents')).toMatchObject({ value: 'from a log sample: 2 account × Region × service populations', source: 'sample' });
    // A declared volume replaces the sampled one.
    const declared = createEstimator(inputFromYaml(yaml(`networkActivityEvents:
  - { account: "111122223333", region: us-east-1, eventSource: kms.amazonaws.com, events: 1000 }`), null, snapshot)).result();
    expect(declared.trails[0].networkEvents).toEqual({ low: 1000, high: 1000 });
  });
});
