import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { createEstimator } from '../../src/estimate/estimator.js';
import { inputFromYaml } from './helpers.js';

const ACCTS = ['111111111111', '222222222222'];
const REGIONS = ['us-east-1', 'eu-west-1'];
const BUCKETS = ['alpha-bucket', 'beta-bucket', 'gamma-bucket', 'delta-bucket'];

const bucketArb = (name: string) =>
  fc.record({
    account: fc.constantFrom(...ACCTS),
    region: fc.constantFrom(...REGIONS),
    name: fc.constant(name),
    known: fc.boolean(),
    get: fc.integer({ min: 0, max: 5_000_000 }),
    put: fc.integer({ min: 0, max: 2_000_000 }),
    del: fc.integer({ min: 0, max: 100_000 }),
    prefixShare: fc.option(fc.double({ min: 0, max: 0.9, noNaN: true }), { nil: undefined }),
  });

const selectorArb = fc.oneof(
  fc.constant({ Name: 'all s3', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }] }),
  fc.constantFrom(...BUCKETS).map((b) => ({ Name: `bucket ${b}`, FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }, { Field: 'resources.ARN', StartsWith: [`arn:aws:s3:::${b}/`] }] })),
  fc.constantFrom(...BUCKETS).map((b) => ({ Name: `writes but ${b}`, FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }, { Field: 'readOnly', Equals: ['false'] }, { Field: 'resources.ARN', NotStartsWith: [`arn:aws:s3:::${b}/`] }] })),
  // Splits a bucket's residual at an unknown point: a range.
  fc.constantFrom(...BUCKETS).map((b) => ({ Name: `deep ${b}`, FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }, { Field: 'resources.ARN', StartsWith: [`arn:aws:s3:::${b}/deep/`] }] })),
  fc.constant({ Name: 'management', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }),
);

const trailArb = (name: string) =>
  fc.record({
    name: fc.constant(name),
    account: fc.constantFrom(...ACCTS),
    homeRegion: fc.constantFrom(...REGIONS),
    multiRegion: fc.boolean(),
    organization: fc.boolean(),
    s3Bucket: fc.constantFrom(...BUCKETS, 'outside-logs'),
    cwl: fc.boolean(),
    selectors: fc.array(selectorArb, { minLength: 1, maxLength: 3 }),
  });

const scenarioArb = fc.record({
  buckets: fc.tuple(...BUCKETS.map(bucketArb)),
  trails: fc.array(fc.integer(), { minLength: 1, maxLength: 3 }).chain((xs) => fc.tuple(...xs.map((_, i) => trailArb(`trail-${i}`)))),
  extra: trailArb('extra-trail'),
  mgmt: fc.integer({ min: 0, max: 3_000_000 }),
});
type Gen = fc.Arbitrary<unknown> extends never ? never : ReturnType<typeof scenarioArb.generate>['value'];

function yamlOf(g: Gen, opts: { withExtra?: boolean; growth?: number; mgmt?: boolean; variants?: unknown[] } = {}): string {
  const trails = [...g.trails, ...(opts.withExtra ? [g.extra] : [])].map((t) => ({
    name: t.name, account: t.account, homeRegion: t.homeRegion, multiRegion: t.multiRegion, organization: t.organization, s3Bucket: t.s3Bucket,
    ...(t.cwl ? { cloudWatchLogsGroup: `/ct/${t.name}` } : {}),
    selectors: { kind: 'advanced', selectors: t.selectors },
  }));
  const doc = {
    name: 'generated',
    inventory: {
      organization: { id: 'o-test', managementAccount: ACCTS[0] },
      accounts: ACCTS.map((id) => ({ id })),
      buckets: g.buckets.map((b) => ({
        account: b.account, region: b.region, name: b.name,
        ...(b.known ? { requests: { GetRequests: b.get, PutRequests: b.put, DeleteRequests: b.del }, prefixes: b.prefixShare !== undefined ? [{ prefix: 'hot/', share: b.prefixShare }] : [] } : {}),
      })),
    },
    managementEvents: opts.mgmt === false ? [] : [{ events: g.mgmt, readShare: 0.7 }],
    trails,
    assumptions: { growth: opts.growth ?? 1, deleteObjects: { share: 0.1, keysPerCall: 10 } },
    variants: opts.variants ?? [],
  };
  return stringify(doc);
}

describe('estimate properties', () => {
  it('adding a trail never lowers the cost', () => {
    fc.assert(
      fc.property(scenarioArb, (g) => {
        const before = createEstimator(inputFromYaml(yamlOf(g))).result().total.usd;
        const after = createEstimator(inputFromYaml(yamlOf(g, { withExtra: true }))).result().total.usd;
        expect(after.low).toBeGreaterThanOrEqual(before.low - 1e-9);
        expect(after.high).toBeGreaterThanOrEqual(before.high - 1e-9);
      }),
      { numRuns: 40 },
    );
  });

  it('a variant identical to the baseline has zero delta', () => {
    fc.assert(
      fc.property(scenarioArb, (g) => {
        const same = [{ name: 'same', modifyTrails: g.trails.map((t) => ({ name: t.name, selectors: { kind: 'advanced', selectors: t.selectors } })), assumptions: { growth: 1 } }];
        const base = createEstimator(inputFromYaml(yamlOf(g, { variants: same }))).result();
        const v = createEstimator(inputFromYaml(yamlOf(g, { variants: same }), 'same')).result();
        expect(v.total.usd.low - base.total.usd.low).toBe(0);
        expect(v.total.usd.high - base.total.usd.high).toBe(0);
        expect(v.total.dataEvents).toEqual(base.total.dataEvents);
      }),
      { numRuns: 25 },
    );
  });

  it('cost is linear in volume (event-priced lines scale with growth; per-file and query lines do not)', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 2, max: 5 }), (g, k) => {
        const r1 = createEstimator(inputFromYaml(yamlOf(g, { mgmt: false }))).result();
        const rk = createEstimator(inputFromYaml(yamlOf(g, { mgmt: false, growth: k }))).result();
        const variable = (r: typeof r1, side: 'low' | 'high') => r.trails.flatMap((t) => t.lines).filter((l) => l.price !== 's3.requests.put').reduce((a, l) => a + l.usd[side], 0);
        for (const side of ['low', 'high'] as const) {
          const a = variable(r1, side) * k;
          expect(Math.abs(variable(rk, side) - a)).toBeLessThanOrEqual(1e-9 * Math.max(1, a));
          expect(rk.total.dataEvents[side]).toBeCloseTo(r1.total.dataEvents[side] * k, 3);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('ranges are ordered: low ≤ high everywhere', () => {
    fc.assert(
      fc.property(scenarioArb, (g) => {
        const r = createEstimator(inputFromYaml(yamlOf(g, { withExtra: true }))).result();
        for (const t of r.trails) {
          expect(t.dataEvents.low).toBeLessThanOrEqual(t.dataEvents.high + 1e-9);
          expect(t.usd.low).toBeLessThanOrEqual(t.usd.high + 1e-9);
          for (const l of t.lines) expect(l.usd.low).toBeLessThanOrEqual(l.usd.high + 1e-9);
        }
      }),
      { numRuns: 25 },
    );
  });
});
