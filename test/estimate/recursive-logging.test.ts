/**
 * RecursiveLogging (aws-facts §7): with `false` a trail does not log CloudTrail's own deliveries into its bucket;
 * other writes there stay logged. Absent = unknown. The own-bucket warning offers both fixes with what each costs.
 */
import { describe, expect, it } from 'vitest';
import { createEstimator } from '../../src/estimate/estimator.js';
import { LOG_FILES_PER_ACCOUNT_REGION } from '../../src/estimate/cost.js';
import { inputFromYaml } from './helpers.js';

const A = '111111111111';
const scenario = (recursive: string) => `name: recursive
inventory:
  accounts: [{ id: "${A}" }]
  regions: [us-east-1]
  buckets:
    - { account: "${A}", region: us-east-1, name: trail-logs, events: { PutObject: 100000, GetObject: 5000 } }
    - { account: "${A}", region: us-east-1, name: app, events: { PutObject: 1000 } }
trails:
  - name: t
    account: "${A}"
    homeRegion: us-east-1
    multiRegion: true
    organization: false
    s3Bucket: trail-logs
${recursive}
    selectors: { kind: advanced, selectors: [{ FieldSelectors: [{ Field: eventCategory, Equals: [Data] }, { Field: resources.type, Equals: ["AWS::S3::Object"] }] }] }
`;

const bucketEvents = (recursive: string) => {
  const est = createEstimator(inputFromYaml(scenario(recursive)));
  return { node: est.node('s3:arn:aws:s3:::trail-logs/').eventsNow, result: est.result() };
};

describe('RecursiveLogging', () => {
  it('false: the trail stops logging its own deliveries on its bucket (one log file per 5 minutes per account × Region), other writes and reads stay', () => {
    const on = bucketEvents('    recursiveLogging: true');
    const off = bucketEvents('    recursiveLogging: false');
    const files = LOG_FILES_PER_ACCOUNT_REGION; // one account, one Region
    expect(on.node.high).toBe(105_000);
    expect(off.node.high).toBeCloseTo(105_000 - files, 6);
    expect(off.node.low).toBeCloseTo(105_000 - files, 6);
    // Unknown (absent) is not read as false.
    expect(bucketEvents('').node.high).toBe(105_000);
  });
  it('the own-bucket warning names both fixes, what each stops logging and costs, and the setting today', () => {
    const w = bucketEvents('').result.warnings.find((x) => x.code === 'own-bucket')!;
    expect(w.message).toMatch(/RecursiveLogging=false .*--no-recursive-logging.*CloudTrail's own deliveries only — about 8\.8k events\/month/);
    expect(w.message).toMatch(/exclude the bucket \(NotStartsWith arn:aws:s3:::trail-logs\/\) — 105\.0k events\/month/);
    expect(w.message).toMatch(/RecursiveLogging today: unknown/);
    const off = bucketEvents('    recursiveLogging: false').result.warnings;
    expect(off.some((x) => x.code === 'own-bucket')).toBe(false);
    expect(off.find((x) => x.code === 'own-bucket-recursive-off')?.message).toMatch(/own deliveries are not logged/);
  });
});
