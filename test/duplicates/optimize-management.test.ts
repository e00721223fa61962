/**
 * The optimizer's management carry-over with the drop asked for (app/proposal.ts optimizeGoverned →
 * optimize/optimize.ts): a selector goes only where the check holds against the trails as they would be written, so
 * two trails that duplicate each other never both lose theirs, the trail with the free copy keeps it, and the
 * saving of the dropped selector shows in the proposal's totals.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { optimizeGoverned, propose } from '../../src/app/proposal.js';
import { managementCoverage, managementScopeOf } from '../../src/optimize/management-coverage.js';
import { isManagementSelector } from '../../src/optimize/scope.js';
import type { Trail } from '../../src/model/snapshot.js';
import { inputFromYaml, ORG_A, ORG_B } from '../estimate/helpers.js';

const MGMT = { Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] };
const S3 = { Name: 'S3', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }] };

interface T { name: string; account?: string; organization?: boolean; multiRegion?: boolean; homeRegion?: string; logging?: boolean; selectors: readonly object[] }

function scenario(trails: T[], governed: string[]): string {
  return stringify({
    name: 'mgmt',
    inventory: {
      organization: { id: 'o-x', managementAccount: ORG_A },
      accounts: [{ id: ORG_A }, { id: ORG_B }],
      regions: ['us-east-1', 'eu-west-1'],
      buckets: [{ account: ORG_B, region: 'us-east-1', name: 'app-data', events: { GetObject: 2_000_000, PutObject: 500_000 } }],
    },
    managementEvents: [{ events: 1_000_000, readShare: 0.7 }],
    trails: trails.map((t) => ({
      name: t.name, account: t.account ?? ORG_A, homeRegion: t.homeRegion ?? 'us-east-1', multiRegion: t.multiRegion ?? true, organization: t.organization ?? true,
      logging: t.logging ?? true, s3Bucket: `${t.name}-logs`, selectors: { kind: 'advanced', selectors: t.selectors },
    })),
    policy: { trails: governed, default: 'log', rules: [] },
  });
}

const keepsManagement = (sels: readonly object[]) => sels.some((s) => isManagementSelector(s as never));

describe('the optimizer leaves a management selector out only when the trails as written still cover it', () => {
  it('two trails that duplicate each other: the first keeps the free copy, the second drops its paid one', () => {
    const input = inputFromYaml(scenario([{ name: 'a', selectors: [MGMT, S3] }, { name: 'b', selectors: [MGMT, S3] }], ['a', 'b']));
    const out = optimizeGoverned(input, { decisions: [], dropDuplicateManagement: true });
    const a = out.find((p) => p.trail === 'a')!;
    const b = out.find((p) => p.trail === 'b')!;
    expect(keepsManagement(a.selectors)).toBe(true);
    expect(a.management?.why).toMatch(/free first copy/);
    expect(keepsManagement(b.selectors)).toBe(false);
    expect(b.management).toMatchObject({ dropped: true, coveredBy: ['a'] });
  });

  it('a management-only trail covering both: both data trails drop theirs; the proposal saves their paid copies', () => {
    const trails = [{ name: 'mgmt', selectors: [MGMT] }, { name: 'a', selectors: [MGMT, S3] }, { name: 'b', selectors: [MGMT, S3] }];
    const input = inputFromYaml(scenario(trails, ['a', 'b']));
    const off = propose(input, {});
    const on = propose(input, { dropDuplicateManagement: true });
    for (const p of on.optimized) expect(keepsManagement(p.selectors), p.trail).toBe(false);
    for (const p of off.optimized) expect(keepsManagement(p.selectors), p.trail).toBe(true);
    const paid = off.result.trails.filter((t) => t.name !== 'mgmt').flatMap((t) => t.lines).filter((l) => l.price === 'cloudtrail.managementEvents.extraCopy').reduce((s, l) => s + l.usd.low, 0);
    expect(paid).toBeGreaterThan(0);
    const grown = on.result.proposed!.savings.usd.low - off.result.proposed!.savings.usd.low;
    expect(grown).toBeGreaterThanOrEqual(paid - 1e-6);
    // The rest is the copies' S3 storage: small beside the copies themselves.
    expect(grown - paid).toBeLessThan(0.05 * paid);
  });

  it('two trails covering each other, a third ahead of both logging reads only: one of them keeps its selector', () => {
    const reads = { FieldSelectors: [...MGMT.FieldSelectors, { Field: 'readOnly', Equals: ['true'] }] };
    const input = inputFromYaml(scenario([{ name: 'reads', selectors: [reads] }, { name: 'a', selectors: [MGMT, S3] }, { name: 'b', selectors: [MGMT, S3] }], ['a', 'b']));
    const out = optimizeGoverned(input, { decisions: [], dropDuplicateManagement: true });
    // Neither takes the free copy (the reads-only trail is ahead), each covers the other: only the first may go.
    expect(out.map((p) => keepsManagement(p.selectors))).toEqual([false, true]);
    expect(out[1].management?.why).toMatch(/no other logging trail logs all write events/);
  });

  it('a stopped covering trail, or one in a single Region, leaves the selector in place', () => {
    for (const cover of [{ logging: false }, { multiRegion: false }]) {
      const input = inputFromYaml(scenario([{ name: 'mgmt', selectors: [MGMT], ...cover }, { name: 'a', selectors: [MGMT, S3] }], ['a']));
      const [a] = optimizeGoverned(input, { decisions: [], dropDuplicateManagement: true });
      expect(keepsManagement(a.selectors), JSON.stringify(cover)).toBe(true);
      expect(a.management?.removable).toBe(false);
      expect(a.findings.some((f) => f.code === 'management-kept')).toBe(true);
    }
  });

  it('whatever the trails, every trail that dropped its selector is still covered by the trails as written', () => {
    const trailArb = (name: string) => fc.record({
      name: fc.constant(name), account: fc.constantFrom(ORG_A, ORG_B), organization: fc.boolean(), multiRegion: fc.boolean(),
      homeRegion: fc.constantFrom('us-east-1', 'eu-west-1'), logging: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      selectors: fc.constantFrom<object[]>([MGMT, S3], [MGMT, S3], [S3], [{ FieldSelectors: [...MGMT.FieldSelectors, { Field: 'readOnly', Equals: ['false'] }] }, S3], [MGMT], [{ FieldSelectors: [...MGMT.FieldSelectors, { Field: 'readOnly', Equals: ['true'] }] }]),
    });
    let dropped = 0;
    fc.assert(
      fc.property(fc.tuple(trailArb('t0'), trailArb('t1'), trailArb('t2')), (ts) => {
        const input = inputFromYaml(scenario(ts, ts.filter((t) => t.selectors.includes(S3)).map((t) => t.name)));
        if (input.policy!.trails!.length === 0) return;
        const out = optimizeGoverned(input, { decisions: [], dropDuplicateManagement: true });
        const written: Trail[] = input.trails.map((t) => {
          const p = out.find((x) => x.trail === t.name && x.status === 'optimized');
          return p ? { ...t, selectors: { kind: 'advanced', selectors: p.selectors as never } } : t;
        });
        for (const p of out.filter((x) => x.management?.dropped)) {
          dropped++;
          const before = input.trails.find((t) => t.name === p.trail)!;
          const c = managementCoverage({ trails: written, trail: p.trail, now: before.selectors.selectors as never, proposed: p.selectors, scope: managementScopeOf(input.snapshot) });
          expect(c.covered, `${p.trail} in ${JSON.stringify(ts)}`).toBe(true);
        }
      }),
      { numRuns: 40, seed: 3 },
    );
    expect(dropped).toBeGreaterThan(5);
  });
});
