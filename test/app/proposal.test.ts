import { describe, expect, it } from 'vitest';
import { propose } from '../../src/app/proposal.js';
import { createEstimator } from '../../src/estimate/estimator.js';
import { linkedSavings } from '../../src/estimate/proposed.js';
import { compile, matchRecord } from '../../src/selectors/evaluate.js';
import { checkPolicy } from '../../src/proof/check-policy.js';
import { policyModel } from '../../src/model/policy-model.js';
import { organizationAccounts } from '../../src/model/governance.js';
import type { NodeDecision } from '../../src/model/policy.js';
import { createSession } from '../../src/tui/session.js';
import { inputFromYaml, ORG_A, ORG_B } from '../estimate/helpers.js';

const FN = `arn:aws:lambda:us-east-1:${ORG_A}:function:`;

/** A Lambda Invoke record as CloudTrail writes it (through an alias the resources[] ARN is still unqualified). */
function invoke(fn: string) {
  return { eventVersion: '1.08', eventCategory: 'Data', eventSource: 'lambda.amazonaws.com', eventName: 'Invoke', readOnly: false, eventType: 'AwsApiCall', resources: [{ type: 'AWS::Lambda::Function', ARN: `${FN}${fn}` }] };
}

function lambdaScenario(rule: string, decision = 'keep') {
  return `
name: lambda
inventory:
  accounts: [{ id: "${ORG_A}" }]
  functions:
    - { account: "${ORG_A}", region: us-east-1, name: pii-export, invocations: 100 }
    - { account: "${ORG_A}", region: us-east-1, name: pii-import, invocations: 100 }
    - { account: "${ORG_A}", region: us-east-1, name: api, invocations: 1000000 }
trails:
  - name: data
    account: "${ORG_A}"
    homeRegion: us-east-1
    multiRegion: true
    organization: false
    s3Bucket: trail-logs
    selectors:
      kind: advanced
      selectors:
        - FieldSelectors: [{ Field: eventCategory, Equals: [Management] }]
        - FieldSelectors: [{ Field: eventCategory, Equals: [Data] }, { Field: resources.type, Equals: ["AWS::Lambda::Function"] }]
policy:
  default: drop
  rules:
    - { match: "${rule}", decision: ${decision}, reason: PII }
`;
}

describe('Lambda rules keep what they name (judged by records, not by the optimizer)', () => {
  it('a prefix rule (function:pii-) logs every pii- function, present and future, and nothing else', () => {
    const input = inputFromYaml(lambdaScenario(`${FN}pii-`));
    const p = propose(input);
    const t = p.optimized[0];
    expect(t.status).toBe('optimized');
    const set = compile(t.selectors);
    expect(matchRecord(set, invoke('pii-export')).logged).toBe(true);
    expect(matchRecord(set, invoke('pii-import')).logged).toBe(true);
    expect(matchRecord(set, invoke('pii-future')).logged).toBe(true);
    expect(matchRecord(set, invoke('api')).logged).toBe(false);
    expect(t.selectors.some((s) => s.FieldSelectors?.some((f) => f.StartsWith?.includes(`${FN}pii-`)))).toBe(true);
  });
  it('an alias-qualified rule keeps the whole function, says so, and Invoke through the alias is logged', () => {
    const input = inputFromYaml(lambdaScenario(`${FN}pii-export:prod`));
    const t = propose(input).optimized[0];
    expect(t.status).toBe('optimized');
    expect(t.findings.some((f) => f.code === 'rule-read-as' && /whole function pii-export/.test(f.message))).toBe(true);
    const set = compile(t.selectors);
    expect(matchRecord(set, invoke('pii-export')).logged).toBe(true);
    expect(matchRecord(set, invoke('pii-export2')).logged).toBe(false);
  });
  it('a drop on an alias-qualified ARN is refused when the scenario is read (exit 2 territory), never ignored', () => {
    expect(() => inputFromYaml(lambdaScenario(`${FN}pii-export:prod`, 'drop'))).toThrow(/policy\.rules\[0\]\.match|alias- or version-qualified/);
  });
  it('the proof catches a set that reads a prefix rule as one exact ARN (the old bug)', () => {
    const input = inputFromYaml(lambdaScenario(`${FN}pii-`));
    const trail = input.trails[0];
    const wrong = [
      { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
      { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::Lambda::Function'] }, { Field: 'resources.ARN', Equals: [`${FN}pii-`] }] },
    ];
    const proof = checkPolicy({ model: input.model, trail, policy: policyModel(input.model, input.policy!).forTrail(trail), orgAccounts: organizationAccounts(input.snapshot), proposed: wrong });
    expect(proof.ok).toBe(false);
    expect(proof.violations.map((v) => v.label)).toEqual(expect.arrayContaining(['pii-export', 'pii-import']));
  });
});

/** Two governed trails: an organization trail (both accounts) and an account trail (account B only). */
const TWO_TRAILS = `
name: two
inventory:
  organization: { id: o-x, managementAccount: "${ORG_A}" }
  accounts: [{ id: "${ORG_A}" }, { id: "${ORG_B}" }]
  buckets:
    - { account: "${ORG_A}", region: us-east-1, name: a-lake, events: { GetObject: 4000000, PutObject: 1000000 } }
    - { account: "${ORG_B}", region: us-east-1, name: b-pii, events: { GetObject: 10000, PutObject: 1000 } }
    - { account: "${ORG_B}", region: eu-west-1, name: b-noise, events: { GetObject: 90000000, PutObject: 9000000 } }
trails:
  - name: org
    account: "${ORG_A}"
    homeRegion: us-east-1
    multiRegion: true
    organization: true
    s3Bucket: org-logs
    selectors:
      kind: advanced
      selectors:
        - FieldSelectors: [{ Field: eventCategory, Equals: [Management] }]
        - FieldSelectors: [{ Field: eventCategory, Equals: [Data] }, { Field: resources.type, Equals: ["AWS::S3::Object"] }, { Field: readOnly, Equals: ["false"] }]
  - name: b-only
    account: "${ORG_B}"
    homeRegion: us-east-1
    multiRegion: false
    organization: false
    s3Bucket: b-logs
    selectors:
      kind: advanced
      selectors:
        - FieldSelectors: [{ Field: eventCategory, Equals: [Data] }, { Field: resources.type, Equals: ["AWS::S3::Object"] }, { Field: resources.ARN, StartsWith: ["arn:aws:s3:::b-pii/"] }]
policy:
  default: log
  rules:
    - { match: b-pii, decision: keep, reason: PII }
    - { match: b-noise, decision: drop }
`;

describe('several governed trails: estimate, optimize and the TUI give one answer per trail', () => {
  it('per-trail proposed equals the estimate of the set that optimize writes for that trail', () => {
    const input = inputFromYaml(TWO_TRAILS);
    const all = propose(input);
    expect(all.optimized.map((t) => t.trail)).toEqual(['org', 'b-only']);
    for (const t of all.optimized) {
      expect(t.status).toBe('optimized');
      // `optimize --trail X` alone, and an estimator fed the exact JSON it writes.
      const one = propose(input, { trails: [t.trail] });
      const written = JSON.parse(JSON.stringify(one.optimized[0].selectors));
      const byFile = createEstimator(input).estimateSelectors(t.trail, written);
      const inEstimate = all.result.trails.find((x) => x.name === t.trail)!.proposed!;
      expect(inEstimate.usd).toEqual(byFile.usd);
      expect(one.evaluation!.trails.get(t.trail)!.estimate.usd).toEqual(byFile.usd);
      // Proposed never exceeds now here: b-only logs b-pii today; org logs writes everywhere and keeps them.
      expect(inEstimate.usd.high).toBeLessThanOrEqual(all.result.trails.find((x) => x.name === t.trail)!.usd.high + 1e-9);
    }
  });
  it('the TUI header equals the estimate with the same decisions', async () => {
    const input = inputFromYaml(TWO_TRAILS);
    const session = createSession(input);
    const decisions: Array<[string, NodeDecision]> = [['s3:arn:aws:s3:::a-lake/', 'drop'], [`acct:${ORG_B}`, 'keep-writes']];
    let vm = session.view();
    for (const [id, d] of decisions) vm = session.setDecision(id, d);
    expect(vm.proposedState).toBe('pending');
    const settled = (await vm.settled!())!;
    expect(settled.proposedState).toBe('ready');
    const est = propose(input, { decisions: new Map(decisions) }).result;
    expect(settled.header.costProposed).toEqual(est.proposed!.usd);
    expect(settled.trails.map((t) => t.costProposed)).toEqual(est.trails.map((t) => t.proposed?.usd ?? t.usd));
    session.close?.();
  });
});

describe('linked savings', () => {
  it('nothing changed: exactly zero, even where the split of a node is unknown', () => {
    const input = inputFromYaml(TWO_TRAILS);
    const est = createEstimator(input);
    for (const spec of est.trails) {
      const s = linkedSavings(est, est.evaluation(spec.name), est.evaluation(spec.name), spec.advanced, spec.advanced);
      expect(s).toEqual({ low: 0, high: 0 });
    }
  });
  it('with no unknown split, savings = now − proposed exactly; else within the difference of the ranges', () => {
    const input = inputFromYaml(TWO_TRAILS);
    const p = propose(input);
    const now = p.result.total.usd;
    const next = p.result.proposed!.usd;
    const s = p.result.proposed!.savings.usd;
    expect(s.low).toBeGreaterThanOrEqual(now.low - next.high - 1e-6);
    expect(s.high).toBeLessThanOrEqual(now.high - next.low + 1e-6);
    if (now.low === now.high && next.low === next.high) {
      expect(s.low).toBeCloseTo(now.low - next.low, 6);
      expect(s.high).toBeCloseTo(now.low - next.low, 6);
    }
  });
});
