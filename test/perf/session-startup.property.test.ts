/**
 * Issue 17, "session ready" on 100k+ resources: the work createSession does up front was cut by reusing what is
 * already known and computing later what the first frame does not show. Each shortcut must answer exactly what
 * the work it replaces answered:
 * - evaluateTrail reuses a verdict across nodes when the set never compares resources.ARN (vs every node afresh);
 * - bucketEntryTester answers per key as bucketEntryOf does, in any order of keys;
 * - indexModel (one walk, no second lookup per child) builds the index the version before it built;
 * - a policy model's cuts, computed when first read, are the ones computed eagerly before;
 * - an estimate's sensitive coverage, computed when first read, is the eager one for the policy model in force
 *   when the result was made (a later usePolicyModel does not change it), through JSON and structured clone too;
 * - the overview's top drivers (one pass keeping the best twelve) are the first twelve of the full sort;
 * - a node's provenance (one pass over the index, from the leaves up) is the recursive walk's.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { indexModel } from '../../src/estimate/model-index.js';
import { evaluateTrail } from '../../src/estimate/evaluate-trail.js';
import { trailSpec } from '../../src/estimate/trails.js';
import { createEstimator } from '../../src/estimate/estimator.js';
import { sensitiveCoverage } from '../../src/estimate/coverage.js';
import { policyModel, type Statement } from '../../src/model/policy-model.js';
import type { NodeDecision } from '../../src/model/policy.js';
import type { ClassVolume, ModelNode, Provenance, VolumeModel } from '../../src/model/types.js';
import { bucketEntryOf, bucketEntryTester } from '../../src/selectors/population.js';
import type { AdvancedEventSelector } from '../../src/selectors/types.js';
import { provenanceOf, topDrivers } from '../../src/estimate/overview.js';
import { selectorSetArb } from '../selectors/arbitraries.js';
import { syntheticModel, syntheticPolicy, syntheticTrail, rng } from '../optimize/synthetic.js';
import { inputFromYaml, ORG_A, ORG_B } from '../estimate/helpers.js';
import { indexModel as referenceIndex } from './model-index-reference.js';

const S3 = 'AWS::S3::Object';
/** S3 keys, including ones with no bucket entry (no bucket name, another partition shape, no slash). */
const S3_KEYS = [
  'arn:aws:s3:::a/', 'arn:aws:s3:::a/x/', 'arn:aws:s3:::a/x/y/', 'arn:aws:s3:::ab/', 'arn:aws:s3:::ab/x/', 'arn:aws-cn:s3:::a/',
  'arn:aws:s3:::/x/', 'arn:aws:s3:::', 'x', 'arn:aws:s3:::a', 'arn:a:b:s3:::c/', 'arn:aws:s3:::a/x',
];
const OTHER = [
  { type: 'AWS::Lambda::Function', arns: ['arn:aws:lambda:us-east-1:1:function:f', 'arn:aws:lambda:us-east-1:1:function:f2'] },
  { type: 'AWS::DynamoDB::Table', arns: ['arn:aws:dynamodb:us-east-1:1:table/t'] },
];
/** Event classes as [eventSource, eventName, readOnly, eventType]: some differ from another in one field only. */
const CLASSES: Array<[string, string, boolean, string]> = [
  ['s3.amazonaws.com', 'GetObject', true, 'AwsApiCall'], ['s3.amazonaws.com', 'GetObject', false, 'AwsApiCall'],
  ['s3.amazonaws.com', 'PutObject', false, 'AwsApiCall'], ['s3.amazonaws.com', 'PutObject', false, 'AwsServiceEvent'],
  ['kms.amazonaws.com', 'GetObject', true, 'AwsApiCall'], ['lambda.amazonaws.com', 'Invoke', false, 'AwsApiCall'],
  ['dynamodb.amazonaws.com', 'GetItem', true, 'AwsApiCall'], ['s3.amazonaws.com', 'ListObjects', true, 'AwsApiCall'],
];

const nodeArb = fc.record({
  kind: fc.integer({ min: 0, max: 3 }),
  key: fc.nat(),
  parent: fc.nat(),
  account: fc.constantFrom('1', '2'),
  region: fc.constantFrom('us-east-1', 'eu-west-1'),
  // Class picks; with `many`, S3 classes get names of their own (past the reuse list's length).
  classes: fc.array(fc.record({ pick: fc.nat(), name: fc.nat({ max: 99 }), low: fc.option(fc.integer({ min: 0, max: 1000 })), extra: fc.integer({ min: 0, max: 50 }) }), { maxLength: 4 }),
});

const modelArb = fc.record({
  nodes: fc.array(nodeArb, { minLength: 1, maxLength: 40 }),
  many: fc.boolean(),
  // Adversarial shapes: a child listed twice, a child id with no node, a root with no node.
  twice: fc.boolean(),
  missing: fc.boolean(),
  // A node no root reaches (its parent does not list it).
  orphan: fc.boolean(),
}).map(({ nodes: specs, many, twice, missing, orphan }): VolumeModel => {
  const nodes = new Map<string, ModelNode>();
  const roots: string[] = [];
  const made: ModelNode[] = [];
  specs.forEach((s, i) => {
    const classes: ClassVolume[] = s.classes.map((c) => {
      const [eventSource, name, readOnly, eventType] = CLASSES[c.pick % CLASSES.length];
      const eventName = many && s.kind === 0 ? `E${c.name}` : name;
      // A fresh object per class (as the model builder makes them): reuse must match on values, not identity.
      const v = c.low === null ? null : c.low;
      return { cls: { eventSource, eventName, readOnly, eventType }, volume: { events: v, low: v, high: v === null ? null : v + c.extra, provenance: v === null ? 'unknown' : PROVENANCES[c.extra % PROVENANCES.length] } };
    });
    const base = { id: `n${i}`, parentId: null as string | null, label: `n${i}`, account: s.account, region: s.region, childIds: [] as string[], classes };
    let n: ModelNode;
    if (s.kind === 0) n = { ...base, kind: 'prefix', resourceType: S3, arnPrefix: S3_KEYS[s.key % S3_KEYS.length] };
    else if (s.kind === 3) n = { ...base, kind: 'region' };
    else {
      const o = OTHER[s.kind - 1];
      n = { ...base, kind: s.kind === 1 ? 'function' : 'table', resourceType: o.type, arn: o.arns[s.key % o.arns.length] };
    }
    const parent = i === 0 || s.parent % 4 === 0 ? null : made[s.parent % made.length];
    if (parent) {
      n.parentId = parent.id;
      parent.childIds.push(n.id);
    } else roots.push(n.id);
    nodes.set(n.id, n);
    made.push(n);
  });
  if (twice && made.length > 1) {
    const p = made.find((n) => n.childIds.length > 0);
    if (p) p.childIds.push(p.childIds[0]);
  }
  if (missing) {
    made[made.length - 1].childIds.push('no-such-node');
    roots.push('no-such-root');
  }
  if (orphan) {
    const o: ModelNode = { ...made[made.length - 1], id: 'orphan', parentId: made[0].id, childIds: [made[made.length - 1].id] };
    nodes.set(o.id, o);
  }
  return { nodes, roots, notes: [] };
});

/** Sets that never compare resources.ARN (the reuse path), besides the generated ones. */
const ARN_FREE: AdvancedEventSelector[][] = [
  [{ Name: 'all S3', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: [S3] }] }],
  [
    { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Bucket'] }, { Field: 'readOnly', Equals: ['false'] }] },
    { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::Lambda::Function'] }] },
  ],
  [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'eventName', NotEquals: ['GetObject'] }, { Field: 'userIdentity.arn', StartsWith: ['arn:aws:sts::1:'] }] }],
];

const ORG = new Set(['1', '2']);
/** Mostly one provenance (as a scan gives), so subtrees agree as often as they mix. */
const PROVENANCES: Provenance[] = ['metric', 'metric', 'metric', 'metric', 'declared', 'sample'];

describe('issue 17: what createSession no longer computes up front answers as before', () => {
  it('evaluateTrail: a verdict reused across nodes is the one each node gets afresh', () => {
    fc.assert(
      fc.property(modelArb, fc.oneof(selectorSetArb, fc.constantFrom(...ARN_FREE)), fc.boolean(), fc.boolean(), (model, selectors, multiRegion, organization) => {
        const ix = indexModel(model);
        const t = trailSpec(syntheticTrail({ account: '1', multiRegion, organization, selectors: { kind: 'advanced', selectors } } as Parameters<typeof syntheticTrail>[0]));
        const a = evaluateTrail(t, ix, ORG);
        const b = evaluateTrail(t, ix, ORG, { reuse: false });
        expect(Array.from(a.verdict)).toEqual(Array.from(b.verdict));
        expect(Array.from(a.nodeLow)).toEqual(Array.from(b.nodeLow));
        expect(Array.from(a.nodeHigh)).toEqual(Array.from(b.nodeHigh));
        expect(Array.from(a.nodeUnknown)).toEqual(Array.from(b.nodeUnknown));
        expect(Array.from(a.covered)).toEqual(Array.from(b.covered));
        expect([...a.resourceTypes].sort()).toEqual([...b.resourceTypes].sort());
      }),
      { numRuns: 400, seed: 1717 },
    );
  });

  it('bucketEntryTester: the same answer as bucketEntryOf for every key, in any order', () => {
    const keyArb = fc.oneof(fc.constantFrom(...S3_KEYS), fc.string({ maxLength: 20 }), fc.constantFrom(...S3_KEYS).chain((k) => fc.string({ maxLength: 6 }).map((s) => k + s)));
    fc.assert(
      fc.property(fc.array(fc.record({ key: keyArb, s3: fc.boolean(), exact: fc.boolean() }), { maxLength: 30 }), (items) => {
        const tester = bucketEntryTester();
        for (const { key, s3, exact } of items) {
          const p = { resourceType: s3 ? S3 : 'AWS::Lambda::Function', arn: exact ? key : { prefix: key, except: [] } };
          expect(tester(p)).toBe(bucketEntryOf(p) !== undefined);
        }
      }),
      { numRuns: 400, seed: 1718 },
    );
  });

  it('indexModel: the index the version before built (order, ends, classes, child prefixes), and each class\'s provenance', () => {
    fc.assert(
      fc.property(modelArb, (model) => {
        const a = indexModel(model);
        const b = referenceIndex(model);
        expect(a.nodes).toEqual(b.nodes);
        expect(a.nodes.every((n, i) => n === b.nodes[i])).toBe(true);
        expect([...a.idx]).toEqual([...b.idx]);
        for (const f of ['parent', 'end', 'classStart', 'low', 'high', 'readOnly'] as const) expect(Array.from(a[f])).toEqual(Array.from(b[f]));
        expect(a.childPrefixes).toEqual(b.childPrefixes);
        // New with the index: each class's provenance, by code.
        for (let i = 0; i < a.nodes.length; i++) {
          a.nodes[i].classes.forEach((c, j) => expect(a.provenances[a.provenance[a.classStart[i] + j]]).toBe(c.volume.provenance));
        }
      }),
      { numRuns: 400, seed: 1719 },
    );
  });

  it('policy model cuts, computed when first read, are the brute-force ones', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 3, max: 60 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 3 }), fc.boolean(),
        (seed, prefixes, unmodeled, decided, readFirst) => {
          const model = syntheticModel({ seed, buckets: 3, prefixes, unknownShare: 0.1 });
          const policy = syntheticPolicy(model, { seed, keep: 3, keepWrites: 1, drop: 3, default: 'log' });
          const rand = rng(seed);
          const resources = [...model.nodes.values()].filter((n) => n.arnPrefix);
          const pick = () => resources[Math.floor(rand() * resources.length)];
          // Rules inside nodes the model does not split out (what makes a cut).
          for (let i = 0; i < unmodeled; i++) policy.rules.push({ match: `${pick().arnPrefix}unmodeled${i}/`, decision: i % 2 ? 'drop' : 'keep' });
          const decisions = new Map<string, NodeDecision>();
          for (let i = 0; i < decided; i++) decisions.set(pick().id, i % 2 ? 'drop' : 'keep');
          const pm = policyModel(model, policy, decisions);
          // Asking for a trail's view or an answer first must not change what the cuts are.
          if (!readFirst) pm.forTrail({ name: 't', s3Bucket: 'bucket-0' }).answer(S3, resources[0].arnPrefix!, false);
          expect([...pm.cuts]).toEqual([...eagerCuts(model, pm.statements(S3).filter((s) => !s.container))]);
          expect(pm.cuts).toBe(pm.cuts);
        },
      ),
      { numRuns: 200, seed: 1720 },
    );
  });

  it('sensitive coverage, computed when first read, is the eager one for the policy model of its time', () => {
    fc.assert(
      fc.property(scenarioArb, fc.array(fc.tuple(fc.nat(), fc.constantFrom<NodeDecision>('keep', 'drop', 'keep-writes')), { maxLength: 4 }), (g, picks) => {
        const input = inputFromYaml(yamlOf(g));
        const est = createEstimator(input);
        const evals = est.trails.map((t) => est.evaluation(t.name));
        const eager = (pm: ReturnType<typeof policyModel>) => sensitiveCoverage(est.index, evals, pm);
        const before = est.result();
        const ids = [...input.model.nodes.keys()];
        const decisions = new Map(picks.map(([i, d]) => [ids[i % ids.length], d] as const));
        const withDecisions = policyModel(input.model, input.policy!, decisions);
        est.usePolicyModel(withDecisions);
        const after = est.result();
        // Read only now: `before` still answers for the policy without decisions.
        expect(before.sensitiveCoverage).toEqual(eager(policyModel(input.model, input.policy!)));
        expect(after.sensitiveCoverage).toEqual(eager(withDecisions));
        expect(JSON.parse(JSON.stringify(after)).sensitiveCoverage).toEqual(JSON.parse(JSON.stringify(eager(withDecisions))));
        expect(structuredClone(before).sensitiveCoverage).toEqual(before.sensitiveCoverage);
        expect({ ...after }.sensitiveCoverage).toEqual(after.sensitiveCoverage);
      }),
      { numRuns: 60, seed: 1721 },
    );
  });

  it('provenance per node (one pass over the index) is the recursive walk\'s, for indexed and unindexed nodes', () => {
    fc.assert(
      fc.property(modelArb, fc.array(fc.nat(), { maxLength: 10 }), (model, asks) => {
        const ids = [...model.nodes.keys(), 'no-such-node'];
        const fast = provenanceOf(model.nodes, indexModel(model));
        const slow = walkedProvenance(model.nodes);
        // In a random order of asking (the memo of one must not depend on it), then every node.
        for (const a of asks) expect(fast(ids[a % ids.length])).toBe(slow(ids[a % ids.length]));
        for (const id of ids) expect(fast(id)).toBe(slow(id));
      }),
      { numRuns: 400, seed: 1723 },
    );
  });

  it('top drivers: the first twelve of the full sort (ties by id), never an unlisted kind or a zero', () => {
    fc.assert(
      fc.property(scenarioArb, (g) => {
        const input = inputFromYaml(yamlOf(g));
        const est = createEstimator(input);
        const scored = [...input.model.nodes.values()]
          .filter((n) => n.kind === 'bucket' || n.kind === 'function' || n.kind === 'table')
          .map((n) => ({ id: n.id, high: est.node(n.id).usdNow.high }))
          .filter((s) => s.high > 0)
          .sort((a, b) => b.high - a.high || (a.id < b.id ? -1 : 1));
        expect(topDrivers(est, new Set(['bucket', 'function', 'table']), 12)).toEqual(scored.slice(0, 12).map((s) => s.id));
      }),
      { numRuns: 80, seed: 1722 },
    );
  });
});

/** Provenance as the session computed it before: a recursive walk of each node's subtree, memoized by id. */
function walkedProvenance(nodes: Map<string, ModelNode>): (id: string) => Provenance | 'mixed' {
  const memo = new Map<string, Provenance | 'mixed' | null>();
  const walk = (id: string): Provenance | 'mixed' | null => {
    if (memo.has(id)) return memo.get(id)!;
    const n = nodes.get(id);
    let p: Provenance | 'mixed' | null = null;
    const meet = (q: Provenance | 'mixed' | null) => {
      if (q === null) return;
      p = p === null ? q : p === q ? p : 'mixed';
    };
    for (const c of n?.classes ?? []) meet(c.volume.provenance);
    for (const c of n?.childIds ?? []) meet(walk(c));
    memo.set(id, p);
    return p;
  };
  return (id) => walk(id) ?? 'unknown';
}

/** The cuts as policyModel computed them before they were lazy. */
/**
 * Cuts by brute force (not the policy model's loop over key lengths): for each S3 statement whose key no model node
 * has, every S3 node whose key is a proper prefix of it is considered and the longest one takes it.
 */
function eagerCuts(model: VolumeModel, statements: Statement[]): Map<string, Statement[]> {
  const s3 = [...model.nodes.values()].filter((n) => n.resourceType === S3 && n.arnPrefix);
  const cuts = new Map<string, Statement[]>();
  for (const st of statements) {
    if (st.type !== S3 || s3.some((n) => n.arnPrefix === st.key)) continue;
    let best: ModelNode | null = null;
    for (const n of s3) if (st.key.startsWith(n.arnPrefix!) && (!best || n.arnPrefix!.length > best.arnPrefix!.length)) best = n;
    if (!best) continue;
    const list = cuts.get(best.id) ?? [];
    list.push(st);
    cuts.set(best.id, list);
  }
  return cuts;
}

// Small inventories with many equal volumes (ties among drivers), zeros and unknowns, more than twelve resources.
const VOLUMES = [0, 100, 100, 5000, 250_000];
const scenarioArb = fc.record({
  buckets: fc.array(fc.record({ v: fc.option(fc.constantFrom(...VOLUMES), { freq: 6 }), account: fc.constantFrom(ORG_A, ORG_B), prefix: fc.option(fc.constantFrom(...VOLUMES)) }), { minLength: 1, maxLength: 16 }),
  functions: fc.array(fc.option(fc.constantFrom(...VOLUMES), { freq: 6 }), { maxLength: 8 }),
  tables: fc.array(fc.option(fc.constantFrom(...VOLUMES), { freq: 6 }), { maxLength: 4 }),
  rules: fc.array(fc.record({ bucket: fc.nat(), inside: fc.boolean(), decision: fc.constantFrom('keep', 'keep-writes', 'drop') }), { maxLength: 4 }),
  def: fc.constantFrom('log', 'drop'),
  writesOnly: fc.boolean(),
});
type Gen = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function yamlOf(g: Gen): string {
  const lines = ['name: generated', 'inventory:', `  organization: { id: o-x, managementAccount: "${ORG_A}" }`, `  accounts: [{ id: "${ORG_A}" }, { id: "${ORG_B}" }]`, '  buckets:'];
  g.buckets.forEach((b, i) => {
    lines.push(`    - { account: "${b.account}", region: us-east-1, name: bkt${i}${b.v !== null ? `, events: { GetObject: ${b.v}, PutObject: ${Math.round(b.v / 10)} }` : ''}${b.prefix !== null && b.v !== null ? `, prefixes: [{ prefix: p/, events: { GetObject: ${Math.min(b.prefix, b.v)} } }]` : ''} }`);
  });
  lines.push(`  functions: [${g.functions.map((n, i) => `{ account: "${ORG_A}", region: us-east-1, name: fn${i}${n !== null ? `, invocations: ${n}` : ''} }`).join(', ')}]`);
  lines.push(`  tables: [${g.tables.map((n, i) => `{ account: "${ORG_B}", region: us-east-1, name: tbl${i}${n !== null ? `, operations: { GetItem: ${n} }` : ''} }`).join(', ')}]`);
  const data = (type: string) => `        - FieldSelectors: [{ Field: eventCategory, Equals: [Data] }, { Field: resources.type, Equals: ["${type}"] }${g.writesOnly && type === S3 ? ', { Field: readOnly, Equals: ["false"] }' : ''}]`;
  lines.push('trails:', '  - name: org', `    account: "${ORG_A}"`, '    homeRegion: us-east-1', '    multiRegion: true', '    organization: true', '    s3Bucket: bkt0', '    selectors:', '      kind: advanced', '      selectors:',
    data(S3), data('AWS::Lambda::Function'), data('AWS::DynamoDB::Table'));
  lines.push('policy:', `  default: ${g.def}`, '  rules:');
  for (const r of g.rules) lines.push(`    - { match: "arn:aws:s3:::bkt${r.bucket % g.buckets.length}/${r.inside ? 'unmodeled/' : ''}", decision: ${r.decision} }`);
  if (g.rules.length === 0) lines[lines.length - 1] = '  rules: []';
  return lines.join('\n') + '\n';
}
