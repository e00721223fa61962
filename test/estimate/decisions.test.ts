import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createEstimator } from '../../src/estimate/estimator.js';
import type { NodeDecision } from '../../src/model/policy.js';
import { demoInput, inputFromYaml } from './helpers.js';

const SMALL = `
name: decisions
inventory:
  accounts: [{ id: "111122223333" }]
  buckets:
    - account: "111122223333"
      region: us-east-1
      name: vault-bucket
      events: { GetObject: 1000, PutObject: 100 }
      prefixes: [{ prefix: pii/, events: { GetObject: 600, PutObject: 60 } }]
    - account: "111122223333"
      region: us-east-1
      name: noise-bucket
      events: { GetObject: 5000, PutObject: 4000, HeadObject: 2000 }
trails:
  - name: data
    account: "111122223333"
    homeRegion: us-east-1
    multiRegion: true
    organization: false
    s3Bucket: elsewhere-logs
    selectors:
      kind: advanced
      selectors:
        - FieldSelectors: [{ Field: eventCategory, Equals: [Data] }, { Field: resources.type, Equals: ["AWS::S3::Object"] }]
policy:
  default: log
  rules:
    - { match: "arn:aws:s3:::vault-bucket/pii/", decision: keep }
    - { match: noise-bucket, decision: drop }
  levers: { dropEventNames: [HeadObject] }
`;

describe('proposed cost under the policy and decisions', () => {
  it('rules: keep the PII prefix, drop the noise bucket, default log elsewhere', () => {
    const est = createEstimator(inputFromYaml(SMALL));
    const t = est.totals();
    expect(t.now.dataEvents).toEqual({ low: 12_100, high: 12_100 });
    // vault residual (400 + 40) logged by default, pii (660) kept, noise dropped.
    expect(t.proposed.dataEvents).toEqual({ low: 1_100, high: 1_100 });
    expect(t.sensitiveCoverage).toEqual({ sensitive: { low: 660, high: 660 }, logged: { low: 660, high: 660 } });
    expect(est.effectiveDecision('s3:arn:aws:s3:::noise-bucket/')).toEqual({ decision: 'drop', from: 'rule' });
  });
  it('a node decision overrides the rules for its subtree, and levers apply to default-logged nodes', () => {
    const est = createEstimator(inputFromYaml(SMALL));
    est.setDecision('s3:arn:aws:s3:::noise-bucket/', 'keep-writes');
    expect(est.totals().proposed.dataEvents.high).toBe(1_100 + 4_000);
    est.setDecision('s3:arn:aws:s3:::noise-bucket/', 'auto');
    est.setDecision('acct:111122223333', 'drop');
    expect(est.totals().proposed.dataEvents.high).toBe(0);
    expect(est.effectiveDecision('s3:arn:aws:s3:::vault-bucket/pii/')).toEqual({ decision: 'drop', from: 'ancestor' });
    expect(est.totals().sensitiveCoverage!.sensitive.high).toBe(0);
    est.setDecision('acct:111122223333', 'auto');
    est.setDecision('s3:arn:aws:s3:::noise-bucket/', 'auto');
    expect(est.totals().proposed.dataEvents.high).toBe(1_100);
  });
  it('node aggregates: now and proposed per subtree', () => {
    const est = createEstimator(inputFromYaml(SMALL));
    expect(est.node('s3:arn:aws:s3:::vault-bucket/').eventsNow.high).toBe(1_100);
    expect(est.node('s3:arn:aws:s3:::noise-bucket/').eventsProposed.high).toBe(0);
    expect(est.node('acct:111122223333').eventsProposed.high).toBe(1_100);
  });
  it('estimateSelectors on a trail\'s own selectors reproduces its estimate', () => {
    const input = inputFromYaml(SMALL);
    const est = createEstimator(input);
    const sel = input.trails[0].selectors;
    if (sel.kind !== 'advanced') throw new Error('advanced expected');
    const again = est.estimateSelectors('data', sel.selectors);
    expect(again.usd).toEqual(est.result().trails[0].usd);
    const none = est.estimateSelectors('data', []);
    expect(none.dataEvents).toEqual({ low: 0, high: 0 });
  });
});

describe('incremental re-estimate matches a fresh estimate', () => {
  const input = demoInput();
  const ids = [...input.model.nodes.keys()];
  it('after any sequence of decisions', () => {
    const decisions: NodeDecision[] = ['auto', 'keep', 'keep-writes', 'drop'];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...ids), fc.constantFrom(...decisions)), { minLength: 1, maxLength: 12 }), (steps) => {
        const live = createEstimator(input);
        const final = new Map<string, NodeDecision>();
        for (const [id, d] of steps) {
          live.setDecision(id, d);
          final.set(id, d);
        }
        const fresh = createEstimator(input);
        for (const [id, d] of [...final].sort(([a], [b]) => (a < b ? 1 : -1))) fresh.setDecision(id, d);
        const a = live.totals();
        const b = fresh.totals();
        for (const side of ['low', 'high'] as const) {
          expect(a.proposed.usd[side]).toBeCloseTo(b.proposed.usd[side], 6);
          expect(a.proposed.dataEvents[side]).toBeCloseTo(b.proposed.dataEvents[side], 3);
          expect(a.sensitiveCoverage!.logged[side]).toBeCloseTo(b.sensitiveCoverage!.logged[side], 3);
        }
        // Subtree aggregates add up to the root totals.
        const rootSum = input.model.roots.reduce((s, r) => s + live.node(r).eventsProposed.high, 0);
        expect(rootSum).toBeCloseTo(a.proposed.dataEvents.high, 2);
        for (const id of ids.slice(0, 40)) expect(live.node(id).eventsProposed.high).toBeCloseTo(fresh.node(id).eventsProposed.high, 3);
      }),
      { numRuns: 30 },
    );
  });
});

describe('levers', () => {
  it('dropCallers removes a sampled caller\'s share from default-logged nodes', () => {
    const input = demoInput();
    const policy = { ...input.policy!, rules: [], levers: { dropCallers: ['arn:aws:sts::222222222222:assumed-role/emr-spark-role/'] } };
    const base = createEstimator({ ...input, policy: { ...policy, levers: {} } }).node('s3:arn:aws:s3:::acme-datalake/scratch/tmp/');
    const lev = createEstimator({ ...input, policy }).node('s3:arn:aws:s3:::acme-datalake/scratch/tmp/');
    // The log sample attributes nearly every call under scratch/tmp/ to the Spark role.
    expect(lev.eventsProposed.high).toBeLessThan(base.eventsProposed.high * 0.5);
    expect(lev.eventsProposed.high).toBeGreaterThanOrEqual(0);
  });
});

describe('totals() and result() agree', () => {
  it('now and proposed cost, query workload included, before and after a decision', () => {
    const est = createEstimator(demoInput());
    const check = () => {
      const t = est.totals();
      const r = est.result();
      expect(r.total.lines.length).toBe(1); // the demo's query workload
      for (const side of ['low', 'high'] as const) {
        expect(t.now.usd[side]).toBeCloseTo(r.total.usd[side], 9);
        expect(t.proposed.usd[side]).toBeCloseTo(r.proposed.usd[side], 9);
        expect(t.proposed.dataEvents[side]).toBeCloseTo(r.proposed.dataEvents[side], 6);
      }
    };
    check();
    est.setDecision(est.index.nodes.find((n) => n.kind === 'bucket')!.id, 'drop');
    check();
  });
});
