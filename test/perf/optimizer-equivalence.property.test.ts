/**
 * Issue 17 made the optimizer's problem, the independent proof and the estimator's sensitive coverage faster (a
 * model's keys sorted once, no per-node maps, fewer allocations, only the nodes that can keep something asked). They
 * must answer exactly what they answered before: the versions before the change are kept beside this test
 * (*-reference.ts) and compared on generated models, policies (default log and drop, keep-writes, nested keeps),
 * decisions (on resources and on the account), trails with ARN conditions and eventName filters, a duplicate key,
 * and proposals with and without violations.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildProblem } from '../../src/optimize/problem.js';
import { checkPolicy } from '../../src/proof/check-policy.js';
import { sensitiveCoverage } from '../../src/estimate/coverage.js';
import { indexModel } from '../../src/estimate/model-index.js';
import { evaluateTrail } from '../../src/estimate/evaluate-trail.js';
import { trailSpec } from '../../src/estimate/trails.js';
import { optimizeTrail } from '../../src/optimize/optimize.js';
import { policyModel } from '../../src/model/policy-model.js';
import type { NodeDecision, Policy } from '../../src/model/policy.js';
import type { Trail } from '../../src/model/snapshot.js';
import type { ModelNode, VolumeModel } from '../../src/model/types.js';
import type { AdvancedEventSelector } from '../../src/selectors/types.js';
import { buildProblem as referenceProblem } from './problem-reference.js';
import { checkPolicy as referenceProof } from './check-policy-reference.js';
import { sensitiveCoverage as referenceCoverage } from './coverage-reference.js';
import { MANAGEMENT, clusteredPolicy, rng, syntheticModel, syntheticPolicy, syntheticTrail } from '../optimize/synthetic.js';

const S3 = 'AWS::S3::Object';

interface Case {
  model: VolumeModel;
  policy: Policy;
  decisions: Map<string, NodeDecision>;
  trail: Trail;
}

/** A model with one more node whose key repeats an existing one (the problem keeps the first, the proof the last). */
function withDuplicate(model: VolumeModel, seed: number): VolumeModel {
  const prefixes = [...model.nodes.values()].filter((n) => n.kind === 'prefix');
  const src = prefixes[seed % prefixes.length];
  const dup: ModelNode = { ...src, id: `${src.id}#dup`, childIds: [], classes: src.classes.slice(0, 1) };
  const nodes = new Map(model.nodes);
  nodes.set(dup.id, dup);
  return { ...model, nodes };
}

function trailOf(kind: number, model: VolumeModel, rand: () => number): Trail {
  if (kind === 0) return syntheticTrail();
  const keys = [...model.nodes.values()].filter((n) => n.arnPrefix).map((n) => n.arnPrefix!);
  const some = (k: number) => Array.from({ length: k }, () => keys[Math.floor(rand() * keys.length)]);
  const sels: AdvancedEventSelector[] = [MANAGEMENT];
  if (kind === 1) {
    sels.push({ Name: 'some', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: [S3] }, { Field: 'resources.ARN', StartsWith: some(6), NotStartsWith: some(3) }] });
  } else {
    // Reads of everything but GetObject (an eventName filter: "partly logged"), and writes under a few prefixes.
    sels.push({ Name: 'reads', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: [S3] }, { Field: 'readOnly', Equals: ['true'] }, { Field: 'eventName', NotEquals: ['GetObject'] }] });
    sels.push({ Name: 'writes', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: [S3] }, { Field: 'readOnly', Equals: ['false'] }, { Field: 'resources.ARN', StartsWith: some(4) }] });
  }
  return syntheticTrail({ selectors: { kind: 'advanced', selectors: sels } as Trail['selectors'] });
}

const caseArb = fc.record({
  seed: fc.integer({ min: 1, max: 10_000 }),
  prefixes: fc.integer({ min: 5, max: 120 }),
  clustered: fc.boolean(),
  def: fc.constantFrom<'log' | 'drop'>('log', 'drop'),
  trailKind: fc.integer({ min: 0, max: 2 }),
  duplicate: fc.boolean(),
  decisions: fc.integer({ min: 0, max: 4 }),
  onAccount: fc.constantFrom<NodeDecision | null>(null, 'keep', 'drop', 'keep-writes'),
  unmodeled: fc.constantFrom<'keep' | 'drop' | 'keep-writes' | null>(null, 'keep', 'drop', 'keep-writes'),
}).map((o): Case => {
  const rand = rng(o.seed);
  let model = syntheticModel({ seed: o.seed, buckets: 3, prefixes: o.prefixes, unknownShare: 0.1 });
  if (o.duplicate) model = withDuplicate(model, o.seed);
  // Clusters need prefixes with a few children.
  const internal = [...model.nodes.values()].filter((n) => n.kind === 'prefix' && n.childIds.length >= 3).length;
  const policy = o.clustered && internal >= 4
    ? clusteredPolicy(model, { seed: o.seed, keep: 6, drop: 8, clusters: 2, nestedKeeps: 2, default: o.def })
    : syntheticPolicy(model, { seed: o.seed, keep: 4, keepWrites: 2, drop: 5, default: o.def });
  const resources = [...model.nodes.values()].filter((n) => n.arnPrefix);
  // A rule on a prefix the model does not split out (a cut of the node around it).
  if (o.unmodeled) policy.rules.push({ match: `${resources[Math.floor(rand() * resources.length)].arnPrefix}unmodeled/`, decision: o.unmodeled, reason: 'inside' });
  const decisions = new Map<string, NodeDecision>();
  const choices: NodeDecision[] = ['keep', 'drop', 'keep-writes'];
  for (let i = 0; i < o.decisions; i++) decisions.set(resources[Math.floor(rand() * resources.length)].id, choices[Math.floor(rand() * 3)]);
  if (o.onAccount) decisions.set(model.roots[0], o.onAccount);
  return { model, policy, decisions, trail: trailOf(o.trailKind, model, rand) };
});

const ORG = new Set<string>();

describe('issue 17: the faster problem, proof and coverage answer as before', () => {
  it('buildProblem: the same tree, requirements, volumes, answers, classes, populations and findings', () => {
    fc.assert(
      fc.property(caseArb, ({ model, policy, decisions, trail }) => {
        const tp = policyModel(model, policy, decisions).forTrail(trail);
        const a = buildProblem(model, trail, tp, S3, { orgAccounts: ORG });
        const b = referenceProblem(model, trail, tp, S3, { orgAccounts: ORG });
        expect(a.trie.keys).toEqual(b.trie.keys);
        for (const f of ['exact', 'parent', 'reqRead', 'reqWrite', 'readVolume', 'writeVolume'] as const) expect(Array.from(a.trie[f])).toEqual(Array.from(b.trie[f]));
        expect(a.trie.children.map((c) => [...c])).toEqual(b.trie.children);
        expect(a.unknownWeight).toBe(b.unknownWeight);
        expect(a.findings).toEqual(b.findings);
        expect([...a.index]).toEqual([...b.index]);
        for (let v = 0; v < b.info.length; v++) {
          const x = a.info[v];
          const y = b.info[v];
          expect([x.key, x.exact, x.label]).toEqual([y.key, y.exact, y.label]);
          expect(x.modelNode).toBe(y.modelNode);
          expect(x.rule).toBe(y.rule);
          expect(x.ownRule).toBe(y.ownRule);
          expect(a.classes[v]).toEqual(b.classes[v]);
          expect(a.population(v)).toEqual(b.population(v));
        }
      }),
      { numRuns: 150, seed: 17 },
    );
  });

  it('checkPolicy: the same result for the optimizer\'s set and for broken ones', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 0, max: 2 }), ({ model, policy, decisions, trail }, broken) => {
        const pm = policyModel(model, policy, decisions);
        const tp = pm.forTrail(trail);
        const p = optimizeTrail(model, trail, policy, { policyModel: pm, orgAccounts: ORG });
        let proposed = JSON.parse(JSON.stringify(p.selectors)) as AdvancedEventSelector[];
        // Broken variants: a selector left out, or today's selectors as they are.
        if (broken === 1 && proposed.length > 1) proposed = proposed.slice(0, -1);
        if (broken === 2) proposed = JSON.parse(JSON.stringify(trail.selectors.selectors)) as AdvancedEventSelector[];
        const input = { model, trail, policy: tp, orgAccounts: ORG, proposed, types: [S3] as const };
        expect(checkPolicy({ ...input, types: [S3] })).toEqual(referenceProof({ ...input, types: [S3] }));
      }),
      { numRuns: 80, seed: 1717 },
    );
  });

  it('sensitiveCoverage: the same sums (only nodes that can keep something are asked)', () => {
    fc.assert(
      fc.property(caseArb, ({ model, policy, decisions, trail }) => {
        const pm = policyModel(model, policy, decisions);
        const ix = indexModel(model);
        const evals = [evaluateTrail(trailSpec(trail), ix, ORG), evaluateTrail(trailSpec(syntheticTrail({ name: 'other' })), ix, ORG)];
        expect(sensitiveCoverage(ix, evals, pm)).toEqual(referenceCoverage(ix, evals, pm));
      }),
      { numRuns: 150, seed: 99 },
    );
  });
});
