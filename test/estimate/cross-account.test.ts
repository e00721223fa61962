/**
 * Cross-account copies (aws-facts §7): a principal of account A reading a bucket of account B is logged by B's
 * trail and, if A's trail logs it too, billed again there. Modeled from sampled callers; unknown (and said so)
 * without a caller split.
 */
import { describe, expect, it } from 'vitest';
import { createEstimator } from '../../src/estimate/estimator.js';
import { callerAccount } from '../../src/estimate/cross-account.js';
import { inputFromYaml, ORG_A, ORG_B } from './helpers.js';

const yaml = (organizationTrail: boolean) => `name: cross
inventory:
  organization: { id: o-x, managementAccount: "${ORG_A}" }
  accounts: [{ id: "${ORG_A}" }, { id: "${ORG_B}" }]
  buckets:
    - { account: "${ORG_B}", region: us-east-1, name: b-shared, events: { GetObject: 1000000 } }
    - { account: "${ORG_B}", region: us-east-1, name: b-other, events: { GetObject: 5000 } }
trails:
  - name: a-trail
    account: "${ORG_A}"
    homeRegion: us-east-1
    multiRegion: true
    organization: ${organizationTrail}
    s3Bucket: a-logs
    selectors: { kind: advanced, selectors: [{ FieldSelectors: [{ Field: eventCategory, Equals: [Data] }, { Field: resources.type, Equals: ["AWS::S3::Object"] }] }] }
`;

function withCallers(organizationTrail: boolean) {
  const input = inputFromYaml(yaml(organizationTrail));
  const node = input.model.nodes.get('s3:arn:aws:s3:::b-shared/')!;
  node.classes = node.classes.map((c) => ({
    ...c,
    // A log sample: 30% of the reads by a role of account A, 60% by account B's own, 10% by callers not listed.
    callers: [{ arn: `arn:aws:sts::${ORG_A}:assumed-role/reader/i-1`, share: 0.3 }, { arn: `arn:aws:sts::${ORG_B}:assumed-role/app/i-2`, share: 0.6 }],
  }));
  return createEstimator(input).result();
}

describe('cross-account copies', () => {
  it("count the calls A's principals make on B's bucket, as a range for the callers the sample does not list", () => {
    const t = withCallers(false).trails[0];
    expect(t.crossAccount.events.low).toBeCloseTo(300_000, 6);
    expect(t.crossAccount.events.high).toBeCloseTo(400_000, 6);
    expect(t.dataEvents.low).toBeCloseTo(300_000, 6);
    // b-other has no caller split: unknown, not zero, and said so.
    expect(t.crossAccount.unknownNodes).toBe(1);
  });
  it('warn where the model cannot tell, and not for an organization trail that reaches both accounts', () => {
    const r = withCallers(false);
    expect(r.warnings.some((w) => w.code === 'cross-account-unknown' && /1 such resource/.test(w.message))).toBe(true);
    const org = withCallers(true);
    expect(org.trails[0].crossAccount).toEqual({ events: { low: 0, high: 0 }, unknownNodes: 0 });
    expect(org.warnings.some((w) => w.code.startsWith('cross-account'))).toBe(false);
  });
  it('reads the account of a caller ARN', () => {
    expect(callerAccount(`arn:aws:sts::${ORG_A}:assumed-role/x/y`)).toBe(ORG_A);
    expect(callerAccount(`arn:aws:iam::${ORG_B}:user/z`)).toBe(ORG_B);
    expect(callerAccount('s3.amazonaws.com')).toBeNull();
  });
});
