/**
 * Issue 17: sensitive coverage keeps per-index structures across calls (keys in order with their runs, the best
 * verdict per class, reused work space) and asks the policy model once per stretch of keys the same statements
 * cover. Across a sequence of decisions on one index it must equal the pre-issue computation
 * (coverage-reference.ts) bit for bit, after every step, on shapes chosen to trip key ranges: bucket names that
 * prefix others (logs / logs-archive / logs.x / log), prefix rules without a slash (`logs/a` covers `a-b/` and
 * `ab/`), nested keep / drop / keep prefixes, a rule inside a node's residual (a cut), exact and prefix function
 * rules (`fn-1` vs `fn-1*`), tables, account and Region rules and decisions, unknown and ranged volumes, and an
 * evaluations array that changes under the cache.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sensitiveCoverage } from '../../src/estimate/coverage.js';
import { indexModel } from '../../src/estimate/model-index.js';
import { evaluateTrail, type TrailEvaluation } from '../../src/estimate/evaluate-trail.js';
import { trailSpec } from '../../src/estimate/trails.js';
import { policyModel } from '../../src/model/policy-model.js';
import type { NodeDecision, Policy, PolicyRule } from '../../src/model/policy.js';
import type { Trail } from '../../src/model/snapshot.js';
import type { ClassVolume, ModelNode, VolumeModel } from '../../src/model/types.js';
import type { AdvancedEventSelector, AdvancedFieldSelector } from '../../src/selectors/types.js';
import { sensitiveCoverage as referenceCoverage } from './coverage-reference.js';
import { MANAGEMENT, rng, syntheticTrail } from '../optimize/synthetic.js';

const A = '111111111111';
const B = '222222222222';
const REGIONS = ['us-east-1', 'eu-west-1'];
const BUCKETS = ['logs', 'logs-archive', 'logs-archive2', 'logs.x', 'log', 'l', 'pii'];
const PATHS = ['a/', 'a/b/', 'a/b/c/', 'a/b/c/d/', 'a-b/', 'ab/', 'a/bc/', 'x/'];
const FUNCTIONS = ['fn', 'fn-1', 'fn-10', 'fn-1x', 'fn-2'];
const TABLES = ['orders', 'orders_v2'];
const S3 = 'AWS::S3::Object';
const LAMBDA = 'AWS::Lambda::Function';
const DDB = 'AWS::DynamoDB::Table';

function volume(rand: () => number): ClassVolume['volume'] {
  const r = rand();
  if (r < 0.15) return { events: null, low: null, high: null, provenance: 'unknown' };
  // Fractional volumes: the sums must agree bit for bit, so the order of additions matters.
  const high = Math.floor(rand() * 1e6) * 1.37 + rand();
  if (r < 0.3) return { events: null, low: null, high, provenance: 'sample' };
  if (r < 0.45) return { events: null, low: high * rand(), high, provenance: 'sample' };
  return { events: high, low: high, high, provenance: 'declared' };
}

function classes(type: string, rand: () => number): ClassVolume[] {
  const source = type === S3 ? 's3.amazonaws.com' : type === LAMBDA ? 'lambda.amazonaws.com' : 'dynamodb.amazonaws.com';
  const names: Array<[string, boolean]> = type === S3 ? [['GetObject', true], ['PutObject', false], ['HeadObject', true], ['DeleteObject', false]]
    : type === LAMBDA ? [['Invoke', false]] : [['GetItem', true], ['PutItem', false]];
  return names.filter(() => rand() < 0.8).map(([eventName, readOnly]) => ({ cls: { eventSource: source, eventName, readOnly, eventType: 'AwsApiCall' }, volume: volume(rand) }));
}

/** Accounts A and B, two Regions each; the buckets, prefixes, functions and tables the masks pick. */
function adversarialModel(seed: number, bucketMask: number, pathMask: number, fnMask: number): VolumeModel {
  const rand = rng(seed);
  const nodes = new Map<string, ModelNode>();
  const add = (n: ModelNode) => {
    nodes.set(n.id, n);
    if (n.parentId) nodes.get(n.parentId)!.childIds.push(n.id);
  };
  for (const account of [A, B]) {
    add({ id: `acct:${account}`, parentId: null, kind: 'account', label: account, account, region: null, childIds: [], classes: [] });
    for (const region of REGIONS) add({ id: `region:${account}:${region}`, parentId: `acct:${account}`, kind: 'region', label: region, account, region, childIds: [], classes: [] });
  }
  const home = () => {
    const account = rand() < 0.5 ? A : B;
    const region = REGIONS[Math.floor(rand() * 2)];
    return { account, region, parentId: `region:${account}:${region}` };
  };
  BUCKETS.forEach((name, b) => {
    if (!(bucketMask & (1 << b))) return;
    const h = home();
    const key = `arn:aws:s3:::${name}/`;
    add({ id: `s3:${key}`, parentId: h.parentId, kind: 'bucket', label: name, account: h.account, region: h.region, resourceType: S3, arnPrefix: key, childIds: [], classes: classes(S3, rand) });
    // Each path hangs under the longest path it extends that the bucket has (a/b/ under a/, a-b/ under the bucket).
    const made: string[] = [];
    PATHS.forEach((path, p) => {
      if (!(pathMask & (1 << ((p + b) % PATHS.length)))) return;
      const parent = made.filter((m) => path.startsWith(m)).sort((x, y) => y.length - x.length)[0];
      const parentId = parent ? `s3:${key}${parent}` : `s3:${key}`;
      add({ id: `s3:${key}${path}`, parentId, kind: 'prefix', label: path, account: h.account, region: h.region, resourceType: S3, arnPrefix: `${key}${path}`, childIds: [], classes: classes(S3, rand) });
      made.push(path);
    });
  });
  FUNCTIONS.forEach((name, f) => {
    if (!(fnMask & (1 << f))) return;
    for (const account of [A, B]) {
      const region = REGIONS[f % 2];
      const arn = `arn:aws:lambda:${region}:${account}:function:${name}`;
      add({ id: `fn:${arn}`, parentId: `region:${account}:${region}`, kind: 'function', label: name, account, region, resourceType: LAMBDA, arn, childIds: [], classes: classes(LAMBDA, rand) });
    }
  });
  TABLES.forEach((name, t) => {
    if (!(fnMask & (1 << (5 + t)))) return;
    const h = home();
    const arn = `arn:aws:dynamodb:${h.region}:${h.account}:table/${name}`;
    add({ id: `ddb:${arn}`, parentId: h.parentId, kind: 'table', label: name, account: h.account, region: h.region, resourceType: DDB, arn, childIds: [], classes: classes(DDB, rand) });
  });
  return { nodes, roots: [`acct:${A}`, `acct:${B}`], notes: [] };
}

/** Rules that cover keys in every way a statement can: wide, narrow, without a slash, inside a residual, exact, nested. */
const RULES = [
  'logs*', 'logs', 'arn:aws:s3:::logs/a', 'logs/a/', 'logs/a/b/', 'logs/a/b/c/', 'logs-archive/a/b/c/', 'arn:aws:s3:::',
  'logs/a/unmodeled/', 'log*', 'l/', 'pii/a-', 'logs.x/ab/',
  // fn-1 and fn-1x live in eu-west-1, fn-10 in us-east-1 (see adversarialModel): one key, as an exact and as a prefix rule.
  `arn:aws:lambda:eu-west-1:${A}:function:fn-1`, `arn:aws:lambda:eu-west-1:${A}:function:fn-1*`, `arn:aws:lambda:us-east-1:${A}:function:fn-`,
  `arn:aws:lambda:eu-west-1:${B}:function:`,
  `arn:aws:dynamodb:us-east-1:${A}:table/orders`, `account:${B}`, `account:${A}/eu-west-1`,
];
const DECISIONS: NodeDecision[] = ['keep', 'drop', 'keep-writes', 'auto'];

function trails(model: VolumeModel, rand: () => number): Trail[] {
  const keys = [...model.nodes.values()].flatMap((n) => (n.arnPrefix ? [n.arnPrefix] : []));
  const some = (k: number) => Array.from({ length: k }, () => keys[Math.floor(rand() * keys.length)] ?? 'arn:aws:s3:::none/');
  const s3 = (extra: AdvancedFieldSelector[]): AdvancedEventSelector => ({
    Name: 's3', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: [S3] }, ...extra],
  });
  return [
    syntheticTrail(),
    // Some keys, and keys inside residuals (a partly logged node: SOME).
    syntheticTrail({ name: 'some', organization: true, selectors: { kind: 'advanced', selectors: [MANAGEMENT, s3([{ Field: 'resources.ARN', StartsWith: [...some(3), ...some(2).map((k) => `${k}in/`)] }])] } } as Partial<Trail>),
    syntheticTrail({ name: 'writes', organization: true, selectors: { kind: 'advanced', selectors: [MANAGEMENT, s3([{ Field: 'readOnly', Equals: ['false'] }]), { Name: 'fn', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: [LAMBDA] }] }] } } as Partial<Trail>),
  ];
}

const ORG = new Set([A, B]);

const caseArb = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  bucketMask: fc.integer({ min: 1, max: 127 }),
  pathMask: fc.integer({ min: 0, max: 255 }),
  fnMask: fc.integer({ min: 0, max: 127 }),
  def: fc.constantFrom<'log' | 'drop'>('log', 'drop'),
  rules: fc.array(fc.record({ r: fc.integer({ min: 0, max: RULES.length - 1 }), d: fc.constantFrom<PolicyRule['decision']>('keep', 'drop', 'keep-writes') }), { maxLength: 8 }),
  steps: fc.array(fc.record({ node: fc.nat(), d: fc.integer({ min: 0, max: 3 }), evals: fc.integer({ min: 0, max: 5 }) }), { minLength: 1, maxLength: 12 }),
});

describe('sensitive coverage across decisions (per-index caches, one question per stretch of keys)', () => {
  it('equals the pre-issue computation after every decision, on adversarial keys', () => {
    fc.assert(
      fc.property(caseArb, (o) => {
        const model = adversarialModel(o.seed, o.bucketMask, o.pathMask, o.fnMask);
        const policy: Policy = { default: o.def, rules: o.rules.map(({ r, d }) => ({ match: RULES[r], decision: d })) };
        const ix = indexModel(model);
        const rand = rng(o.seed + 1);
        const all = trails(model, rand).map((t) => evaluateTrail(trailSpec(t), ix, ORG));
        // One array across the steps (the estimator's case: a cache hit), changed in place now and then.
        const evals: TrailEvaluation[] = [...all];
        const ids = [...model.nodes.keys()];
        const decisions = new Map<string, NodeDecision>();
        for (const step of o.steps) {
          const id = ids[step.node % ids.length];
          const d = DECISIONS[step.d];
          if (d === 'auto') decisions.delete(id);
          else decisions.set(id, d);
          if (step.evals === 1) evals.reverse();
          if (step.evals === 2 && evals.length > 1) evals.pop();
          if (step.evals === 3 && evals.length < all.length) evals.push(all[evals.length]);
          if (step.evals === 4) evals[0] = all[(all.indexOf(evals[0]) + 1) % all.length];
          const pm = policyModel(model, policy, decisions);
          expect(sensitiveCoverage(ix, evals, pm)).toEqual(referenceCoverage(ix, evals, pm));
        }
      }),
      { numRuns: 300, seed: 1717 },
    );
  });
});
