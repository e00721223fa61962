/**
 * Duplicate deliveries (src/estimate/duplicates.ts): every entry comes from the estimator's own figures, so its sums
 * equal the estimate's — paid management copies and their cost line, "Logged by more than one trail", cross-account
 * copies — on the demo and on generated organizations.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { createEstimator } from '../../src/estimate/estimator.js';
import { NONE } from '../../src/selectors/evaluate.js';
import type { EstimateResult, Span } from '../../src/estimate/types.js';
import { estimateJson } from '../../src/report/json.js';
import { EstimateOutput } from '../../src/report/contracts.js';
import { demoInput, inputFromYaml, ORG_A, ORG_B } from '../estimate/helpers.js';

const sum = (xs: readonly Span[]): Span => xs.reduce((a, x) => ({ low: a.low + x.low, high: a.high + x.high }), { low: 0, high: 0 });
const close = (a: Span, b: Span, what: string) => {
  expect(a.low, `${what} low`).toBeCloseTo(b.low, 4);
  expect(a.high, `${what} high`).toBeCloseTo(b.high, 4);
};

function invariants(r: EstimateResult): void {
  const of = (k: string) => r.duplicateDeliveries.filter((d) => d.kind === k);
  close(sum(of('management').map((d) => d.events)), sum(r.trails.map((t) => t.managementPaidCopies)), 'paid management copies');
  const extraLines = r.trails.flatMap((t) => t.lines.filter((l) => l.price === 'cloudtrail.managementEvents.extraCopy'));
  close(sum(of('management').map((d) => d.usd)), sum(extraLines.map((l) => l.usd)), 'paid management cost');
  close(sum(of('data').map((d) => d.events)), r.duplicates.events, 'data duplicates');
  close(sum(of('data').map((d) => d.usd)), r.duplicates.usd, 'data duplicates cost');
  close(sum(of('cross-account').map((d) => d.events)), sum(r.trails.map((t) => t.crossAccount.events)), 'cross-account copies');
  for (const d of r.duplicateDeliveries) {
    expect(d.events.low).toBeLessThanOrEqual(d.events.high + 1e-6);
    expect(d.events.low).toBeGreaterThanOrEqual(-1e-6);
    expect(d.alsoLoggedBy).not.toContain(d.trail);
  }
  // Biggest cost first.
  const usd = r.duplicateDeliveries.map((d) => d.usd.high);
  expect(usd).toEqual([...usd].sort((a, b) => b - a));
}

describe('duplicate deliveries on the demo', () => {
  const r = createEstimator(demoInput()).result();
  it('data-trail pays for the management events org-trail logs; PII objects are logged by data-trail and security-trail', () => {
    invariants(r);
    const m = r.duplicateDeliveries.find((d) => d.kind === 'management')!;
    expect(m).toMatchObject({ trail: 'data-trail', alsoLoggedBy: ['org-trail'] });
    const dataTrail = r.trails.find((t) => t.name === 'data-trail')!;
    expect(m.events).toEqual(dataTrail.managementPaidCopies);
    expect(m.usd.low).toBeGreaterThan(2000);
    expect(m.scope).toMatch(/^org: .*us-east-1/);
    const d = r.duplicateDeliveries.find((x) => x.kind === 'data')!;
    expect(d).toMatchObject({ trail: 'security-trail', alsoLoggedBy: ['data-trail'] });
    expect(d.scope).toMatch(/pii/);
    // The list is the biggest share of the bill the issue names: more than half of it.
    expect(sum(r.duplicateDeliveries.map((x) => x.usd)).low / r.total.usd.high).toBeGreaterThan(0.5);
  });
  it('--json carries them within the contract, unknown as null', () => {
    const j = estimateJson(r);
    expect(EstimateOutput.safeParse(j).success).toBe(true);
    expect(j.duplicateDeliveries.map((d) => d.kind)).toEqual(r.duplicateDeliveries.map((d) => d.kind));
  });
});

describe('cross-account copies are listed, unknown callers counted apart', () => {
  const yaml = `name: cross
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
    organization: false
    s3Bucket: a-logs
    selectors: { kind: advanced, selectors: [{ FieldSelectors: [{ Field: eventCategory, Equals: [Data] }, { Field: resources.type, Equals: ["AWS::S3::Object"] }] }] }
`;
  it('one entry per trail with its events, cost and the resources without a caller split', () => {
    const input = inputFromYaml(yaml);
    const node = input.model.nodes.get('s3:arn:aws:s3:::b-shared/')!;
    node.classes = node.classes.map((c) => ({ ...c, callers: [{ arn: `arn:aws:sts::${ORG_A}:assumed-role/reader/i-1`, share: 0.3 }, { arn: `arn:aws:sts::${ORG_B}:assumed-role/app/i-2`, share: 0.6 }] }));
    const r = createEstimator(input).result();
    invariants(r);
    const x = r.duplicateDeliveries.find((d) => d.kind === 'cross-account')!;
    expect(x.trail).toBe('a-trail');
    expect(x.events.low).toBeCloseTo(300_000, 6);
    expect(x.events.high).toBeCloseTo(400_000, 6);
    expect(x.unknownParts).toBe(1);
    expect(x.usd.low).toBeCloseTo(0.3, 6);
  });
});

// Generated organizations: two accounts, buckets measured or not, 2–4 trails (organization or not, stopped or not)
// with S3 selectors that cut buckets at unknown points and management selectors.
const ACCTS = [ORG_A, ORG_B];
const BUCKETS = ['alpha', 'beta', 'gamma'];
const s3 = (extra: object[] = []) => ({ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }, ...extra] });
const selectorArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant(s3()) },
  fc.constantFrom(...BUCKETS).map((b) => s3([{ Field: 'resources.ARN', StartsWith: [`arn:aws:s3:::${b}/`] }])),
  fc.constantFrom(...BUCKETS).map((b) => s3([{ Field: 'resources.ARN', StartsWith: [`arn:aws:s3:::${b}/deep/`] }])),
  fc.constant(s3([{ Field: 'readOnly', Equals: ['false'] }])),
  fc.constant({ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }),
  fc.constant({ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['true'] }] }),
);
const genArb = fc.record({
  buckets: fc.tuple(...BUCKETS.map((name) => fc.record({ name: fc.constant(name), account: fc.constantFrom(...ACCTS), known: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }), get: fc.integer({ min: 0, max: 3_000_000 }), put: fc.integer({ min: 0, max: 1_000_000 }) }))),
  trails: fc.integer({ min: 2, max: 4 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => fc.record({
    name: fc.constant(`t${i}`), account: fc.constantFrom(...ACCTS), organization: fc.boolean(), multiRegion: fc.boolean(),
    homeRegion: fc.constantFrom('us-east-1', 'eu-west-1'), logging: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }), selectors: fc.array(selectorArb, { minLength: 1, maxLength: 3 }),
  })))),
  mgmt: fc.integer({ min: 0, max: 2_000_000 }),
});

function scenario(g: typeof genArb extends fc.Arbitrary<infer T> ? T : never): string {
  return stringify({
    name: 'gen',
    inventory: {
      organization: { id: 'o-x', managementAccount: ORG_A },
      accounts: ACCTS.map((id) => ({ id })),
      buckets: g.buckets.map((b) => ({ account: b.account, region: 'us-east-1', name: b.name, ...(b.known ? { requests: { GetRequests: b.get, PutRequests: b.put } } : {}) })),
    },
    managementEvents: [{ events: g.mgmt, readShare: 0.6 }],
    trails: g.trails.map((t) => ({ name: t.name, account: t.account, homeRegion: t.homeRegion, multiRegion: t.multiRegion, organization: t.organization, logging: t.logging, s3Bucket: 'logs', selectors: { kind: 'advanced', selectors: t.selectors } })),
  });
}

describe('duplicate deliveries on generated organizations', () => {
  it('sum to the estimate\'s own figures; the data part equals every delivery minus one per logged event', () => {
    let withDuplicates = 0;
    fc.assert(
      fc.property(genArb, (g) => {
        const est = createEstimator(inputFromYaml(scenario(g)));
        const r = est.result();
        invariants(r);
        // Independently of the grouping: deliveries of known classes (each trail's own evaluation) minus the classes
        // logged at all (high bounds: every class a trail may log counts).
        const ix = est.index;
        let delivered = 0;
        let once = 0;
        for (let c = 0; c < ix.high.length; c++) {
          const h = ix.high[c];
          if (Number.isNaN(h)) continue;
          const n = est.trails.filter((t) => t.kind === 'trail' && est.evaluation(t.name).verdict[c] !== NONE).length;
          delivered += n * h;
          if (n > 0) once += h;
        }
        const data = sum(r.duplicateDeliveries.filter((d) => d.kind === 'data').map((d) => d.events));
        expect(data.high).toBeCloseTo(delivered - once, 3);
        // And against the trails' own totals (no cross-account or recursive-logging adjustments here).
        expect(sum(r.trails.map((t) => t.dataEvents)).high).toBeCloseTo(delivered, 3);
        if (delivered - once > 0) withDuplicates++;
      }),
      { numRuns: 60, seed: 14 },
    );
    // Not vacuous: most generated organizations log some event twice.
    expect(withDuplicates).toBeGreaterThan(20);
  });
});
