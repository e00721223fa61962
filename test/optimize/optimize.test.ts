import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { optimizeTrail, type TrailProposal } from '../../src/optimize/optimize.js';
import { compile, evaluateSubject, ALL, NONE } from '../../src/selectors/evaluate.js';
import { populationSubject } from '../../src/selectors/population.js';
import { lintSelectors } from '../../src/selectors/lint.js';
import { countValues } from '../../src/selectors/count.js';
import type { Policy } from '../../src/model/policy.js';
import type { Trail } from '../../src/model/snapshot.js';
import type { ModelNode, VolumeModel } from '../../src/model/types.js';
import { MANAGEMENT, syntheticModel, syntheticPolicy, syntheticTrail } from './synthetic.js';

/** Organization accounts (the synthetic trails are account trails). */
const ORG = new Set<string>();

/** Events a selector set logs over the model's nodes (high bound), judged by the engine here, not by the optimizer. */
function loggedHigh(model: VolumeModel, selectors: TrailProposal['selectors']): number {
  const set = compile(selectors);
  let n = 0;
  for (const node of model.nodes.values()) {
    if (!node.resourceType) continue;
    const arn = node.arnPrefix ? { prefix: node.arnPrefix, except: node.childIds.map((id) => model.nodes.get(id)!.arnPrefix!) } : node.arn!;
    for (const c of node.classes) if (evaluateSubject(set, populationSubject({ cls: c.cls, resourceType: node.resourceType, arn })).result !== NONE) n += c.volume.events ?? 0;
  }
  return n;
}

/** The decision that applies to an S3 node, computed here independently: longest rule key that prefixes it. */
function decisionOf(node: ModelNode, policy: Policy, trail: Trail): string | null {
  const keys = policy.rules.map((r) => ({ key: r.match.startsWith('arn:') ? r.match : `arn:aws:s3:::${r.match}/`, d: r.decision as string, explicit: true }));
  keys.push({ key: `arn:aws:s3:::${trail.s3Bucket}/`, d: 'drop', explicit: false });
  let best: { key: string; d: string; explicit: boolean } | null = null;
  for (const k of keys) {
    if (!node.arnPrefix!.startsWith(k.key)) continue;
    if (!best || k.key.length > best.key.length || (k.key.length === best.key.length && k.explicit && !best.explicit)) best = k;
  }
  return best?.d ?? null;
}

/**
 * Independent check of a proposal with the full (unrestricted) compiled set, over every S3 node of the model:
 * keep → every class logged; keep-writes → every write logged; drop → nothing logged. Returns the events logged.
 */
function check(model: VolumeModel, trail: Trail, policy: Policy, p: TrailProposal): { logged: number; baseline: number } {
  const set = compile(p.selectors);
  let logged = 0;
  let baseline = 0;
  for (const node of model.nodes.values()) {
    if (!node.arnPrefix) continue;
    const except = node.childIds.map((id) => model.nodes.get(id)!.arnPrefix!);
    const d = decisionOf(node, policy, trail);
    for (const c of node.classes) {
      const r = evaluateSubject(set, populationSubject({ cls: c.cls, resourceType: 'AWS::S3::Object', arn: { prefix: node.arnPrefix, except } })).result;
      if (d === 'keep') expect(r, `${node.id} ${c.cls.eventName} kept`).toBe(ALL);
      if (d === 'keep-writes' && !c.cls.readOnly) expect(r, `${node.id} ${c.cls.eventName} write kept`).toBe(ALL);
      if (d === 'drop') expect(r, `${node.id} ${c.cls.eventName} dropped`).toBe(NONE);
      const e = c.volume.events ?? 0;
      if (r !== NONE) logged += e;
      if (d !== 'drop') baseline += e;
    }
  }
  return { logged, baseline };
}

describe('optimizeTrail on generated models and policies', () => {
  it('keeps every kept node, drops every dropped one, lints clean, fits the budget, never costs more than logging everything allowed', () => {
    const statuses: Record<string, number> = {};
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 1, max: 1_000_000 }),
          buckets: fc.integer({ min: 1, max: 3 }),
          prefixes: fc.integer({ min: 0, max: 40 }),
          keep: fc.integer({ min: 0, max: 8 }),
          keepWrites: fc.integer({ min: 0, max: 4 }),
          drop: fc.integer({ min: 0, max: 8 }),
          def: fc.constantFrom<'log' | 'drop'>('log', 'drop'),
          maxValues: fc.oneof(fc.integer({ min: 3, max: 12 }), fc.integer({ min: 13, max: 500 })),
          levers: fc.boolean(),
        }),
        (o) => {
          const model = syntheticModel({ seed: o.seed, buckets: o.buckets, prefixes: o.prefixes, unknownShare: 0.1 });
          const policy = syntheticPolicy(model, {
            seed: o.seed, keep: o.keep, keepWrites: o.keepWrites, drop: o.drop, default: o.def,
            levers: o.levers ? { dropServiceEvents: true, dropEventNames: ['HeadObject'] } : undefined,
          });
          const trail = syntheticTrail();
          const p = optimizeTrail(model, trail, policy, { orgAccounts: ORG, maxValues: o.maxValues });
          expect(['optimized', 'unsatisfiable']).toContain(p.status);
          statuses[p.status] = (statuses[p.status] ?? 0) + 1;
          if (p.status === 'unsatisfiable') {
            // Never silently relaxed: the report names the least budget, and it is above what was allowed.
            expect(p.findings.some((f) => f.code === 'unsatisfiable')).toBe(true);
            if (p.values.leastNeeded !== null) expect(p.values.leastNeeded).toBeGreaterThan(o.maxValues);
            return;
          }
          expect(p.proof?.ok).toBe(true);
          expect(countValues(p.selectors)).toBeLessThanOrEqual(o.maxValues);
          const lint = lintSelectors(p.selectors, { trailBucket: trail.s3Bucket });
          expect(lint.findings.filter((f) => f.severity === 'error')).toEqual([]);
          expect(p.selectors[0]).toEqual(MANAGEMENT);
          for (const s of p.selectors) expect((s.Name ?? '').length).toBeLessThanOrEqual(1000);
          const { logged, baseline } = check(model, trail, policy, p);
          expect(logged).toBeLessThanOrEqual(baseline + 1e-6);
        },
      ),
      { numRuns: 60, seed: 20261123 },
    );
    // The generator must exercise both outcomes, mostly the optimized one.
    expect(statuses.optimized).toBeGreaterThan(30);
    expect(statuses.unsatisfiable ?? 0).toBeGreaterThan(0);
  });
});

describe('optimizeTrail: the cases that matter', () => {
  const model = syntheticModel({ seed: 7, buckets: 2, prefixes: 0 });
  // Hand-built prefixes under bucket-0: scratch/ (noise) with scratch/pii/ (sensitive) inside.
  const add = (key: string, parent: string, get: number, put: number) => {
    const node: ModelNode = {
      id: `s3:${key}`, parentId: `s3:${parent}`, kind: 'prefix', label: key, account: '111111111111', region: 'us-east-1',
      resourceType: 'AWS::S3::Object', arnPrefix: key, childIds: [],
      classes: [
        { cls: { eventSource: 's3.amazonaws.com', eventName: 'GetObject', readOnly: true, eventType: 'AwsApiCall' }, volume: { events: get, low: get, high: get, provenance: 'declared' } },
        { cls: { eventSource: 's3.amazonaws.com', eventName: 'PutObject', readOnly: false, eventType: 'AwsApiCall' }, volume: { events: put, low: put, high: put, provenance: 'declared' } },
      ],
    };
    model.nodes.set(node.id, node);
    model.nodes.get(`s3:${parent}`)!.childIds.push(node.id);
  };
  add('arn:aws:s3:::bucket-0/scratch/', 'arn:aws:s3:::bucket-0/', 5e8, 5e8);
  add('arn:aws:s3:::bucket-0/scratch/pii/', 'arn:aws:s3:::bucket-0/scratch/', 1e3, 1e3);
  add('arn:aws:s3:::bucket-0/audit/', 'arn:aws:s3:::bucket-0/', 1e6, 1e4);

  it('logs a kept prefix nested in a dropped one with a selector of its own', () => {
    const policy: Policy = {
      default: 'log',
      rules: [
        { match: 'arn:aws:s3:::bucket-0/scratch/', decision: 'drop', reason: 'scratch' },
        { match: 'arn:aws:s3:::bucket-0/scratch/pii/', decision: 'keep', reason: 'PII' },
      ],
    };
    const trail = syntheticTrail();
    const p = optimizeTrail(model, trail, policy, { orgAccounts: ORG });
    expect(p.status).toBe('optimized');
    check(model, trail, policy, p);
    const keepSel = p.selectors.find((s) => (s.FieldSelectors ?? []).some((f) => f.StartsWith?.includes('arn:aws:s3:::bucket-0/scratch/pii/')));
    expect(keepSel?.Name).toMatch(/^Keep PII inside dropped prefixes \(reads\+writes\): bucket-0\/scratch\/pii\//);
    // The other selector excludes scratch/ (NotStartsWith beats StartsWith within one selector).
    expect(p.selectors.some((s) => (s.FieldSelectors ?? []).some((f) => f.NotStartsWith?.includes('arn:aws:s3:::bucket-0/scratch/')))).toBe(true);
  });

  it("drops the trail's own log bucket unless the policy keeps it, and warns when it does", () => {
    const trail = syntheticTrail({ s3Bucket: 'bucket-1' });
    const p = optimizeTrail(model, trail, { default: 'log', rules: [] }, { orgAccounts: ORG });
    expect(p.status).toBe('optimized');
    const set = compile(p.selectors);
    const put = { eventSource: 's3.amazonaws.com', eventName: 'PutObject', readOnly: false, eventType: 'AwsApiCall' };
    expect(evaluateSubject(set, populationSubject({ cls: put, resourceType: 'AWS::S3::Object', arn: { prefix: 'arn:aws:s3:::bucket-1/', except: [] } })).result).toBe(NONE);

    const kept = optimizeTrail(model, trail, { default: 'log', rules: [{ match: 'bucket-1', decision: 'keep', reason: 'audit the auditors' }] }, { orgAccounts: ORG });
    expect(kept.status).toBe('optimized');
    expect(evaluateSubject(compile(kept.selectors), populationSubject({ cls: put, resourceType: 'AWS::S3::Object', arn: { prefix: 'arn:aws:s3:::bucket-1/', except: [] } })).result).toBe(ALL);
    expect(kept.findings.map((f) => f.code)).toContain('log-bucket-kept');
  });

  it('reports a policy that cannot fit the budget instead of relaxing it', () => {
    const policy: Policy = {
      default: 'drop',
      rules: [
        { match: 'arn:aws:s3:::bucket-0/scratch/', decision: 'drop' },
        { match: 'arn:aws:s3:::bucket-0/scratch/pii/', decision: 'keep' },
        { match: 'arn:aws:s3:::bucket-0/audit/', decision: 'keep' },
        { match: 'bucket-1', decision: 'keep' },
      ],
    };
    const trail = syntheticTrail();
    // 1 management value carried; the three kept roots need one layer (2) + 3 StartsWith = 5, so 6 in all.
    const p = optimizeTrail(model, trail, policy, { orgAccounts: ORG, maxValues: 5 });
    expect(p.status).toBe('unsatisfiable');
    expect(p.selectors).toEqual((trail.selectors as { selectors: unknown[] }).selectors);
    const f = p.findings.find((x) => x.code === 'unsatisfiable');
    expect(f?.message).toContain('needs at least 5 values');
    expect(f?.message).toContain('only 4 are left');
    expect(p.values.leastNeeded).toBe(6);
    const ok = optimizeTrail(model, trail, policy, { orgAccounts: ORG, maxValues: 6 });
    expect(ok.status).toBe('optimized');
    expect(countValues(ok.selectors)).toBe(6);
    check(model, trail, policy, ok);
  });

  it('converts a trail with basic selectors and carries its management events over', () => {
    const trail = syntheticTrail({
      selectors: {
        kind: 'basic',
        selectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }] }],
      },
    } as Partial<Trail>);
    const policy: Policy = { default: 'log', rules: [{ match: 'arn:aws:s3:::bucket-0/scratch/', decision: 'drop' }] };
    const p = optimizeTrail(model, trail, policy, { orgAccounts: ORG });
    expect(p.status).toBe('optimized');
    expect(p.findings.map((f) => f.code)).toContain('basic-converted');
    expect(p.selectors[0].FieldSelectors).toEqual([{ Field: 'eventCategory', Equals: ['Management'] }]);
    check(model, trail, policy, p);
    expect(loggedHigh(model, p.selectors)).toBeLessThan(loggedHigh(model, [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }] }]));
  });

  it('uses Equals / NotEquals for Lambda functions (exact ARNs)', () => {
    const m: VolumeModel = { nodes: new Map(), roots: [], notes: [] };
    const fn = (name: string, n: number): ModelNode => ({
      id: `fn:arn:aws:lambda:us-east-1:111111111111:function:${name}`, parentId: null, kind: 'function', label: name,
      account: '111111111111', region: 'us-east-1', resourceType: 'AWS::Lambda::Function',
      arn: `arn:aws:lambda:us-east-1:111111111111:function:${name}`, childIds: [],
      classes: [{ cls: { eventSource: 'lambda.amazonaws.com', eventName: 'Invoke', readOnly: false, eventType: 'AwsApiCall' }, volume: { events: n, low: n, high: n, provenance: 'declared' } }],
    });
    for (const f of [fn('pii-export', 10), fn('pii-export2', 1e6), fn('noisy', 1e8)]) m.nodes.set(f.id, f);
    const trail = syntheticTrail({
      selectors: { kind: 'advanced', selectors: [MANAGEMENT, { Name: 'all lambda', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::Lambda::Function'] }] }] },
    } as Partial<Trail>);
    const arn = (n: string) => `arn:aws:lambda:us-east-1:111111111111:function:${n}`;
    const logAll = optimizeTrail(m, trail, { default: 'log', rules: [{ match: arn('noisy'), decision: 'drop' }] }, { orgAccounts: ORG });
    expect(logAll.status).toBe('optimized');
    expect(logAll.selectors[1].FieldSelectors).toContainEqual({ Field: 'resources.ARN', NotEquals: [arn('noisy')] });
    const keepOne = optimizeTrail(m, trail, { default: 'drop', rules: [{ match: arn('pii-export'), decision: 'keep', reason: 'PII' }] }, { orgAccounts: ORG });
    expect(keepOne.status).toBe('optimized');
    // Equals, not StartsWith: pii-export2 is not logged.
    expect(keepOne.selectors[1].FieldSelectors).toContainEqual({ Field: 'resources.ARN', Equals: [arn('pii-export')] });
    expect(keepOne.selectors[1].Name).toBe('Keep PII (all events): pii-export');
    expect(loggedHigh(m, keepOne.selectors)).toBe(10);
  });

  it('applies the noisy-caller lever where the model knows callers, keeping kept data whole', () => {
    const m = syntheticModel({ seed: 3, buckets: 2, prefixes: 0 });
    const etl = 'arn:aws:sts::111111111111:assumed-role/etl-';
    const b0 = m.nodes.get('s3:arn:aws:s3:::bucket-0/')!;
    b0.classes = [{ cls: { eventSource: 's3.amazonaws.com', eventName: 'GetObject', readOnly: true, eventType: 'AwsApiCall' }, volume: { events: 1e6, low: 1e6, high: 1e6, provenance: 'sample' }, callers: [{ arn: `${etl}job/i-1`, share: 0.9 }] }];
    const policy: Policy = { default: 'log', rules: [{ match: 'bucket-1', decision: 'keep', reason: 'PII' }], levers: { dropCallers: [etl] } };
    const trail = syntheticTrail();
    const p = optimizeTrail(m, trail, policy, { orgAccounts: ORG });
    expect(p.status).toBe('optimized');
    expect(p.selectors.some((s) => (s.FieldSelectors ?? []).some((f) => f.Field === 'userIdentity.arn' && f.NotStartsWith?.[0] === etl))).toBe(true);
    // bucket-1 is kept by a selector without the lever.
    const get = { eventSource: 's3.amazonaws.com', eventName: 'GetObject', readOnly: true, eventType: 'AwsApiCall' };
    expect(evaluateSubject(compile(p.selectors), populationSubject({ cls: get, resourceType: 'AWS::S3::Object', arn: { prefix: 'arn:aws:s3:::bucket-1/', except: [] }, callerArn: `${etl}job/i-2` })).result).toBe(ALL);
    expect(evaluateSubject(compile(p.selectors), populationSubject({ cls: get, resourceType: 'AWS::S3::Object', arn: { prefix: 'arn:aws:s3:::bucket-0/', except: [] }, callerArn: `${etl}job/i-2` })).result).toBe(NONE);
  });

  it('under "default: log", a mode logged only in part today (eventName filter) stays logged, and says so', () => {
    const m = syntheticModel({ seed: 5, buckets: 1, prefixes: 0 });
    const b0 = m.nodes.get('s3:arn:aws:s3:::bucket-0/')!;
    const cls = (eventName: string, readOnly: boolean) => ({ cls: { eventSource: 's3.amazonaws.com', eventName, readOnly, eventType: 'AwsApiCall' }, volume: { events: 100, low: 100, high: 100, provenance: 'declared' as const } });
    b0.classes = [cls('GetObject', true), cls('HeadObject', true), cls('PutObject', false)];
    const trail = syntheticTrail({
      selectors: { kind: 'advanced', selectors: [MANAGEMENT, { Name: 'gets', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }, { Field: 'eventName', Equals: ['GetObject'] }, { Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::bucket-0/'] }] }] },
    } as Partial<Trail>);
    const p = optimizeTrail(m, trail, { default: 'log', rules: [] }, { orgAccounts: ORG });
    expect(p.status).toBe('optimized');
    expect(p.findings.map((f) => f.code)).toContain('partly-logged-today');
    const get = { eventSource: 's3.amazonaws.com', eventName: 'GetObject', readOnly: true, eventType: 'AwsApiCall' };
    expect(evaluateSubject(compile(p.selectors), populationSubject({ cls: get, resourceType: 'AWS::S3::Object', arn: { prefix: 'arn:aws:s3:::bucket-0/', except: [] } })).result).toBe(ALL);
    // Writes were not logged today and the default does not add them.
    const put = { eventSource: 's3.amazonaws.com', eventName: 'PutObject', readOnly: false, eventType: 'AwsApiCall' };
    expect(evaluateSubject(compile(p.selectors), populationSubject({ cls: put, resourceType: 'AWS::S3::Object', arn: { prefix: 'arn:aws:s3:::bucket-0/', except: [] } })).result).toBe(NONE);
  });
});
