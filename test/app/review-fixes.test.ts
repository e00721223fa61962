/** Cases a review found: today's selectors naming resources the model does not list, and keeps nobody governs. */
import { describe, expect, it } from 'vitest';
import { propose } from '../../src/app/proposal.js';
import { compile, matchRecord } from '../../src/selectors/evaluate.js';
import { inputFromYaml } from '../estimate/helpers.js';

const A = '111111111111';
const trail = (selectors: string) => `trails:
  - name: data
    account: "${A}"
    homeRegion: us-east-1
    multiRegion: true
    organization: false
    s3Bucket: trail-logs
    selectors:
      kind: advanced
      selectors:
        - FieldSelectors: [{ Field: eventCategory, Equals: [Management] }]
${selectors}`;

describe('review fixes', () => {
  it("keeps logging what today's selectors name but the model does not list (a bucket not scanned), and proves it", () => {
    const input = inputFromYaml(`name: unlisted
inventory:
  accounts: [{ id: "${A}" }]
  buckets:
    - { account: "${A}", region: us-east-1, name: lake, events: { GetObject: 1000, PutObject: 1000 }, prefixes: [{ prefix: tmp/, events: { GetObject: 500 } }] }
${trail('        - FieldSelectors: [{ Field: eventCategory, Equals: [Data] }, { Field: resources.type, Equals: ["AWS::S3::Object"] }, { Field: resources.ARN, StartsWith: ["arn:aws:s3:::lake/", "arn:aws:s3:::unscanned-bucket/"] }]\n')}
policy:
  default: log
  rules: [{ match: "arn:aws:s3:::lake/tmp/", decision: drop }]
`);
    const t = propose(input).optimized[0];
    expect(t.status).toBe('optimized');
    const record = { eventCategory: 'Data', eventName: 'GetObject', readOnly: true, eventType: 'AwsApiCall', resources: [{ type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::unscanned-bucket/a' }] };
    expect(matchRecord(compile(t.selectors), record).logged).toBe(true);
  });
  it('warns when the policy keeps a type no governed trail logs', () => {
    const input = inputFromYaml(`name: nobody
inventory:
  accounts: [{ id: "${A}" }]
  buckets: [{ account: "${A}", region: us-east-1, name: app, events: { GetObject: 10 } }]
  functions: [{ account: "${A}", region: us-east-1, name: pii-export, invocations: 10 }]
${trail('        - FieldSelectors: [{ Field: eventCategory, Equals: [Data] }, { Field: resources.type, Equals: ["AWS::S3::Object"] }]\n')}
policy:
  default: log
  rules: [{ match: "arn:aws:lambda:us-east-1:${A}:function:pii-export", decision: keep }]
`);
    const t = propose(input).optimized[0];
    expect(t.findings.some((f) => f.code === 'keep-not-governed' && /pii-export/.test(f.message))).toBe(true);
  });
});

import { checkPolicy } from '../../src/proof/check-policy.js';
import { policyModel } from '../../src/model/policy-model.js';
import { organizationAccounts } from '../../src/model/governance.js';

describe('the proof checks every mode of a kept piece, and callers the levers do not name', () => {
  const input = inputFromYaml(`name: modes
inventory:
  accounts: [{ id: "${A}" }]
  buckets:
    - { account: "${A}", region: us-east-1, name: vault, events: { GetObject: 1000 } }
    - { account: "${A}", region: us-east-1, name: lake, events: { GetObject: 1000, PutObject: 1000 } }
${trail('        - FieldSelectors: [{ Field: eventCategory, Equals: [Data] }, { Field: resources.type, Equals: ["AWS::S3::Object"] }]\n')}
policy:
  default: log
  rules: [{ match: vault, decision: keep }]
  levers: { dropCallers: ["arn:aws:sts::${A}:assumed-role/etl-"] }
`);
  const trail0 = input.trails[0];
  const check = (selectors: unknown[]) => checkPolicy({
    model: input.model, trail: trail0, policy: policyModel(input.model, input.policy!).forTrail(trail0), orgAccounts: organizationAccounts(input.snapshot),
    proposed: selectors as never, types: ['AWS::S3::Object'],
  });
  const mgmt = { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] };
  const data = (extra: unknown[]) => ({ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }, ...extra] });
  it('fails a set that logs only the reads of a kept bucket the model has only reads for', () => {
    const readsOnly = [mgmt, data([{ Field: 'readOnly', Equals: ['true'] }])];
    const r = check(readsOnly);
    expect(r.ok).toBe(false);
    expect(r.violations.some((v) => v.label === 'vault/' && !v.readOnly)).toBe(true);
  });
  it('fails a cut the caller lever does not explain (lake/ logged in full today, a sub-prefix proposed)', () => {
    const cut = [mgmt, data([{ Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::vault/', 'arn:aws:s3:::lake/only-this/'] }])];
    expect(check(cut).violations.some((v) => v.label === 'lake/' && v.code === 'required-not-logged')).toBe(true);
    // Dropping the named callers only is fine.
    const lever = [mgmt, data([{ Field: 'userIdentity.arn', NotStartsWith: [`arn:aws:sts::${A}:assumed-role/etl-`] }, { Field: 'resources.ARN', NotStartsWith: ['arn:aws:s3:::trail-logs/'] }]), data([{ Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::vault/'] }])];
    expect(check(lever).violations).toEqual([]);
    expect(check(lever).ok).toBe(true);
  });
});

describe('linked savings, the cases a review found', () => {
  it('with RecursiveLogging off, savings equal now − proposed (the own deliveries are off both sides)', () => {
    const input = inputFromYaml(`name: rl
inventory:
  accounts: [{ id: "${A}" }]
  regions: [us-east-1]
  buckets:
    - { account: "${A}", region: us-east-1, name: trail-logs, events: { PutObject: 20000 } }
    - { account: "${A}", region: us-east-1, name: app, events: { GetObject: 100 } }
trails:
  - name: data
    account: "${A}"
    homeRegion: us-east-1
    multiRegion: true
    organization: false
    s3Bucket: trail-logs
    recursiveLogging: false
    selectors: { kind: advanced, selectors: [{ FieldSelectors: [{ Field: eventCategory, Equals: [Management] }] }, { FieldSelectors: [{ Field: eventCategory, Equals: [Data] }, { Field: resources.type, Equals: ["AWS::S3::Object"] }] }] }
policy:
  default: log
  rules: [{ match: app, decision: drop }]
`);
    const r = propose(input).result;
    const now = r.trails[0].dataEvents;
    const next = r.trails[0].proposed!.dataEvents;
    expect(now.low).toBe(now.high);
    expect(r.proposed!.savings.dataEvents.low).toBeCloseTo(now.low - next.high, 6);
    expect(r.proposed!.savings.dataEvents.high).toBeCloseTo(now.high - next.low, 6);
  });
  it('a lever that does not touch a class leaves it "the same" (no ± its whole volume)', () => {
    const input = inputFromYaml(`name: lever
inventory:
  accounts: [{ id: "${A}" }]
  buckets:
    - { account: "${A}", region: us-east-1, name: lake, events: { GetObject: 1000000, HeadObject: 1000 }, prefixes: [{ prefix: scratch/, share: 0.5 }] }
${trail('        - FieldSelectors: [{ Field: eventCategory, Equals: [Data] }, { Field: resources.type, Equals: ["AWS::S3::Object"] }, { Field: resources.ARN, NotStartsWith: ["arn:aws:s3:::lake/scratch/tmp/"] }]\n')}
policy:
  default: log
  rules: [{ match: "arn:aws:s3:::lake/scratch/", decision: drop }]
  levers: { dropEventNames: [HeadObject] }
`);
    const r = propose(input).result;
    // The proposal logs a subset of today: it can only save.
    expect(r.proposed!.savings.dataEvents.low).toBeGreaterThanOrEqual(-1e-6);
  });
});
