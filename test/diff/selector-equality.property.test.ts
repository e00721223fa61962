/**
 * One answer to "did the selectors change?": `apply`'s dry run, `trailcost diff` (the trails a variant or a plan
 * changes) and diffTrail's selector counts, on random pairs of sets — equal, reordered at every level, renamed, a value
 * added, basic against its advanced conversion, unrelated. Reorders must read as unchanged; renames, values and
 * basic ↔ advanced as changed; and, judged by the selector engine rather than by the comparison, two sets called
 * unchanged must log the same records.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadInput, type LoadedInput } from '../../src/app/load-input.js';
import { dryRun } from '../../src/cli/commands/apply.js';
import { planRequests, sameSelectors, trailsFor } from '../../src/cli/commands/diff.js';
import type { Trail } from '../../src/model/snapshot.js';
import { advancedOf, diffTrail, type TrailDiff } from '../../src/optimize/diff.js';
import { toAdvanced } from '../../src/selectors/basic.js';
import { compile, matchRecord } from '../../src/selectors/evaluate.js';
import type { PlannedTrail } from '../../src/selectors/terraform-plan.js';
import type { AdvancedEventSelector, AdvancedFieldSelector, EventSelector, SelectorSet } from '../../src/selectors/types.js';

let input: LoadedInput;
beforeAll(async () => {
  input = await loadInput({});
});

// ---------------------------------------------------------------------------------------------------------------
// Generated sets: values from small pools, so sets overlap, repeat values and collide often.

const ARNS: Record<string, string[]> = {
  'AWS::S3::Object': ['arn:aws:s3:::acme-pii-vault/', 'arn:aws:s3:::acme-backups/', 'arn:aws:s3:::acme-user-uploads/documents/', 'arn:aws:s3:::acme-org-cloudtrail/'],
  'AWS::Lambda::Function': ['arn:aws:lambda:us-east-1:444444444444:function:pii-export', 'arn:aws:lambda:us-east-1:444444444444:function:thumbnails'],
  'AWS::DynamoDB::Table': ['arn:aws:dynamodb:us-east-1:444444444444:table/customers', 'arn:aws:dynamodb:us-east-1:444444444444:table/sessions'],
};
const TYPES = Object.keys(ARNS);
const EVENT_NAMES = ['GetObject', 'PutObject', 'DeleteObject', 'Invoke', 'PutItem'];
const NAMES = ['Management events', 'S3', 'PII', 'Lambda', ''];
const FRESH_ARN = 'arn:aws:s3:::never-in-a-pool/';

const some = <T>(pool: readonly T[]) => fc.array(fc.constantFrom(...pool), { minLength: 1, maxLength: 4 });
const readOnlyFs = fc.constantFrom('true', 'false').map((v): AdvancedFieldSelector => ({ Field: 'readOnly', Equals: [v] }));

const arnFs = (type: string) =>
  fc
    .uniqueArray(fc.constantFrom('StartsWith', 'NotStartsWith', 'Equals', 'NotEquals'), { minLength: 1, maxLength: 2 })
    .chain((ops) => fc.tuple(...ops.map((op) => some(ARNS[type]).map((v) => [op, v] as const))))
    .map((pairs): AdvancedFieldSelector => Object.fromEntries([['Field', 'resources.ARN'], ...pairs]) as AdvancedFieldSelector);

const dataSelector = fc.constantFrom(...TYPES).chain((type) =>
  fc
    .record({
      name: fc.option(fc.constantFrom(...NAMES), { nil: undefined }),
      arn: fc.option(arnFs(type), { nil: undefined }),
      readOnly: fc.option(readOnlyFs, { nil: undefined }),
      eventName: fc.option(some(EVENT_NAMES).map((v): AdvancedFieldSelector => ({ Field: 'eventName', Equals: v })), { nil: undefined }),
    })
    .map(({ name, arn, readOnly, eventName }): AdvancedEventSelector => ({
      ...(name === undefined ? {} : { Name: name }),
      FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: [type] }, ...[arn, readOnly, eventName].filter((f): f is AdvancedFieldSelector => f !== undefined)],
    })),
);
const managementSelector = fc.record({ name: fc.option(fc.constantFrom(...NAMES), { nil: undefined }), readOnly: fc.option(readOnlyFs, { nil: undefined }) }).map(
  ({ name, readOnly }): AdvancedEventSelector => ({ ...(name === undefined ? {} : { Name: name }), FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, ...(readOnly ? [readOnly] : [])] }),
);
const advancedSet = fc.array(fc.oneof(dataSelector, managementSelector), { maxLength: 4 }).map((selectors): SelectorSet => ({ kind: 'advanced', selectors }));

const basicSelector = fc.record({
  ReadWriteType: fc.constantFrom('All', 'ReadOnly', 'WriteOnly'),
  IncludeManagementEvents: fc.boolean(),
  DataResources: fc.array(fc.constantFrom(...TYPES).chain((Type) => some(ARNS[Type]).map((Values) => ({ Type, Values }))), { maxLength: 2 }),
});
const basicSet = fc.array(basicSelector, { minLength: 1, maxLength: 3 }).map((selectors): SelectorSet => ({ kind: 'basic', selectors: selectors as EventSelector[] }));
const anySet = fc.oneof(advancedSet, basicSet);

/** A seeded shuffle (mulberry32), so one generated seed reorders a whole set reproducibly. */
function shuffler(seed: number): <T>(xs: readonly T[]) => T[] {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (xs) => {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };
}

/** The same set, every level reordered: selectors, field selectors, the keys of a field selector, values. */
function reorder(set: SelectorSet, seed: number): SelectorSet {
  const mix = shuffler(seed);
  const values = <T extends object>(o: T): T => Object.fromEntries(mix(Object.entries(o)).map(([k, v]) => [k, Array.isArray(v) ? mix(v) : v])) as T;
  if (set.kind === 'advanced') return { kind: 'advanced', selectors: mix(set.selectors).map((s) => ({ ...s, FieldSelectors: mix(s.FieldSelectors ?? []).map(values) })) };
  return { kind: 'basic', selectors: mix(set.selectors).map((s) => ({ ...s, DataResources: mix(s.DataResources ?? []).map((d) => ({ ...d, Values: mix(d.Values ?? []) })) })) };
}

function renameOne(set: SelectorSet & { kind: 'advanced' }, i: number): SelectorSet {
  return { kind: 'advanced', selectors: set.selectors.map((s, j) => (j === i ? { ...s, Name: `renamed ${j}` } : s)) };
}

/** A value no pool holds, added to one selector: it logs differently (more or less), so the set changed. */
function addValue(set: SelectorSet, i: number): SelectorSet {
  if (set.kind === 'basic') {
    return { kind: 'basic', selectors: set.selectors.map((s, j) => (j === i % set.selectors.length ? { ...s, DataResources: [...(s.DataResources ?? []), { Type: 'AWS::S3::Object', Values: [FRESH_ARN] }] } : s)) };
  }
  const k = i % set.selectors.length;
  return { kind: 'advanced', selectors: set.selectors.map((s, j) => (j === k ? { ...s, FieldSelectors: [...(s.FieldSelectors ?? []), { Field: 'resources.ARN', NotStartsWith: [FRESH_ARN] }] } : s)) };
}

const MODES = ['same', 'reorder', 'rename', 'value', 'kind', 'unrelated'] as const;
interface Pair {
  mode: (typeof MODES)[number];
  before: SelectorSet;
  after: SelectorSet;
  /** What the pair must read as, where the way it was made decides it (null: unrelated sets). */
  changed: boolean | null;
}

const pairArb: fc.Arbitrary<Pair> = fc.record({ before: anySet, other: anySet, mode: fc.constantFrom(...MODES), seed: fc.integer() }).map(({ before, other, mode, seed }): Pair => {
  const n = before.selectors.length;
  if (mode === 'same') return { mode, before, after: structuredClone(before), changed: false };
  if (mode === 'rename' && before.kind === 'advanced' && n > 0) return { mode, before, after: reorder(renameOne(before, Math.abs(seed) % n), seed), changed: true };
  if (mode === 'value' && n > 0) return { mode, before, after: reorder(addValue(before, Math.abs(seed)), seed), changed: true };
  if (mode === 'kind' && before.kind === 'basic') return { mode, before, after: { kind: 'advanced', selectors: toAdvanced(before.selectors as EventSelector[]) }, changed: true };
  if (mode === 'unrelated') return { mode, before, after: other, changed: null };
  return { mode: 'reorder', before, after: reorder(before, seed), changed: false };
});

// ---------------------------------------------------------------------------------------------------------------

/** diffTrail's reading of "changed": a selector came or went, or the configuration's kind differs. */
const trailDiffChanged = (t: TrailDiff) => t.selectors.kind.before !== t.selectors.kind.after || t.selectors.removed + t.selectors.added > 0;
const req = (trail: Trail, before: SelectorSet, after: SelectorSet, beforeSource = 'before') => ({ trail, before: { set: before, source: beforeSource }, after: { set: after, source: 'after' } });
/** The live set as `apply` reads it (GetEventSelectors gives the snapshot's shape). */
const live = (s: SelectorSet) => s as Trail['selectors'];
/** Zero, up to the estimator's float noise (sums in another order). */
const nearZero = (x: { low: number; high: number }) => Math.abs(x.low) < 1e-9 && Math.abs(x.high) < 1e-9;
/** What `apply` writes: always advanced selectors (a basic file converted). */
const written = (s: SelectorSet): SelectorSet => ({ kind: 'advanced', selectors: advancedOf(s) });

/**
 * Records over every pool value (and one outside them) — an ARN under each value and the value itself, so Equals and
 * NotEquals are seen as well as StartsWith — each event name, both readOnly values, and management.
 */
const RECORDS = [
  ...TYPES.flatMap((type) =>
    [...ARNS[type], FRESH_ARN, 'arn:aws:s3:::elsewhere/'].flatMap((arn) =>
      [`${arn}key`, arn].flatMap((ARN) =>
        EVENT_NAMES.flatMap((eventName) =>
          [true, false].map((readOnly) => ({ eventVersion: '1.09', eventCategory: 'Data', eventSource: 's3.amazonaws.com', eventName, readOnly, managementEvent: false, eventType: 'AwsApiCall', resources: [{ type, ARN }] })),
        ),
      ),
    ),
  ),
  ...[true, false].map((readOnly) => ({ eventVersion: '1.09', eventCategory: 'Management', eventSource: 's3.amazonaws.com', eventName: 'CreateBucket', readOnly, managementEvent: true, eventType: 'AwsApiCall', resources: [] })),
];
function logsTheSame(a: SelectorSet, b: SelectorSet): boolean {
  const ca = compile(advancedOf(a));
  const cb = compile(advancedOf(b));
  return RECORDS.every((r) => matchRecord(ca, r as never).logged === matchRecord(cb, r as never).logged);
}

describe('one answer to "did the selectors change?"', () => {
  it('apply\'s dry run, trailcost diff and diffTrail agree on every pair; reorders are unchanged, renames, values and kind changed', () => {
    const trail = input.trails.find((t) => t.name === 'data-trail')!;
    const seen = new Set<string>();
    fc.assert(
      fc.property(pairArb, ({ mode, before, after, changed }) => {
        const diffSays = !sameSelectors(before, after);
        const t = diffTrail(input, req(trail, before, after));
        expect(trailDiffChanged(t)).toBe(diffSays);
        // A change always has something to show: selectors that come, go or change, or the kind.
        expect(t.selectors.changes.length > 0 || t.selectors.kind.before !== t.selectors.kind.after).toBe(diffSays);
        if (changed !== null) expect(diffSays, mode).toBe(changed);
        // Judged by the engine, not by the comparison: sets called unchanged log the same records.
        if (!diffSays) expect(logsTheSame(before, after)).toBe(true);
        if (!logsTheSame(before, after)) seen.add('the engine tells them apart');

        // apply compares the live set with what it writes, and prints diffTrail's own result for that pair.
        const run = dryRun(input, trail, live(before), advancedOf(after), { source: 'after' });
        const applyPair = diffTrail(input, req(trail, before, written(after), 'live'));
        expect(run.change.diff).toEqual(applyPair);
        expect(run.change.changed).toBe(trailDiffChanged(applyPair));
        expect(run.change.changed).toBe(!sameSelectors(before, written(after)));
        if (after.kind === 'advanced') expect(run.change.changed).toBe(diffSays);
        const s = applyPair.selectors;
        expect(run.lines[1]).toBe(`  selectors: ${s.removed} removed, ${s.added} added, ${s.unchanged} unchanged; values ${s.values.before} → ${s.values.after}${before.kind === 'basic' ? ' (today: basic selectors, shown converted)' : ''}`);
        expect(run.lines.includes('  the trail already has these selectors')).toBe(!run.change.changed);
        // apply refuses exactly when `diff --fail-on-coverage-loss` would fail, or AWS would reject the set.
        expect(run.refusals.length > 0).toBe(applyPair.coverageLoss || applyPair.lintErrors.length > 0);
        seen.add(`${mode} ${diffSays ? 'changed' : 'unchanged'}`);
      }),
      { numRuns: 150 },
    );
    // The generator reached every kind of pair, and unrelated pairs both ways.
    for (const k of ['the engine tells them apart', 'same unchanged', 'reorder unchanged', 'rename changed', 'value changed', 'kind changed', 'unrelated changed']) expect(seen).toContain(k);
  });

  it('which trails changed: diff between two variants, diff of a plan, diffTrail and apply name the same ones', () => {
    const advancedAfter = pairArb.filter((p) => p.after.kind === 'advanced');
    fc.assert(
      fc.property(fc.tuple(advancedAfter, advancedAfter, advancedAfter), (pairs) => {
        expect(input.trails).toHaveLength(3);
        const side = (k: 'before' | 'after'): LoadedInput => ({ ...input, trails: input.trails.map((t, i) => ({ ...t, selectors: pairs[i][k] as Trail['selectors'] })) });
        const now = side('before');
        const viaVariants = trailsFor(now, { kind: 'current' }, { kind: 'variant', name: 'after', input: side('after') }).map((t) => t.name);
        const planned: PlannedTrail[] = now.trails.map((t, i) => ({
          address: `aws_cloudtrail.t${i}`, actions: ['update'], name: t.name, arn: t.arn, afterUnknown: false, path: [],
          before: { set: pairs[i].before, key: null, both: false }, after: { set: pairs[i].after, key: null, both: false },
        }));
        const viaPlan = planRequests(now, 'plan.json', planned).requests.map((r) => r.trail.name);
        const viaDiffTrail = now.trails.filter((t, i) => trailDiffChanged(diffTrail(now, req(t, pairs[i].before, pairs[i].after)))).map((t) => t.name);
        const viaApply = now.trails.filter((t, i) => dryRun(now, t, live(pairs[i].before), advancedOf(pairs[i].after), { source: 'after' }).change.changed).map((t) => t.name);
        expect(viaPlan).toEqual(viaVariants);
        expect(viaDiffTrail).toEqual(viaVariants);
        expect(viaApply).toEqual(viaVariants);
        // Pairs made to change are listed; pairs made equal are not (unrelated ones may go either way).
        for (const [i, p] of pairs.entries()) if (p.changed !== null) expect(viaVariants.includes(now.trails[i].name)).toBe(p.changed);
      }),
      { numRuns: 40 },
    );
  });
});

describe('the cases the definition decides, spelled out', () => {
  const MGMT: AdvancedEventSelector = { Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] };
  const S3: AdvancedEventSelector = {
    Name: 'S3 outside the trail bucket',
    FieldSelectors: [
      { Field: 'eventCategory', Equals: ['Data'] },
      { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
      { Field: 'resources.ARN', NotStartsWith: ['arn:aws:s3:::acme-org-cloudtrail/', 'arn:aws:s3:::acme-backups/'] },
    ],
  };
  const set = (...selectors: AdvancedEventSelector[]): SelectorSet => ({ kind: 'advanced', selectors });
  const trail = () => input.trails.find((t) => t.name === 'data-trail')!;

  it('reordered selectors, field selectors and values: unchanged everywhere, and apply says so', () => {
    const a = set(MGMT, S3);
    const b = set({ ...S3, FieldSelectors: [{ Field: 'resources.ARN', NotStartsWith: ['arn:aws:s3:::acme-backups/', 'arn:aws:s3:::acme-org-cloudtrail/'] }, ...S3.FieldSelectors!.slice(0, 2).reverse()] }, MGMT);
    expect(sameSelectors(a, b)).toBe(true);
    const t = diffTrail(input, req(trail(), a, b));
    expect([t.selectors.removed, t.selectors.added, t.selectors.unchanged, t.selectors.changes]).toEqual([0, 0, 2, []]);
    const run = dryRun(input, trail(), live(a), b.selectors as AdvancedEventSelector[], { source: 'b' });
    expect(run.lines).toContain('  the trail already has these selectors');
  });

  it('a rename is a change (written, shown by GetEventSelectors) that logs the same: read as one selector renamed', () => {
    const a = set(MGMT, S3);
    const b = set(MGMT, { ...S3, Name: 'S3 except logs and backups' });
    expect(sameSelectors(a, b)).toBe(false);
    expect(logsTheSame(a, b)).toBe(true);
    const t = diffTrail(input, req(trail(), a, b));
    expect(t.selectors.changes).toEqual([{ kind: 'changed', name: 'S3 except logs and backups (was "S3 outside the trail bucket")', fields: [] }]);
    expect(nearZero(t.cost.delta)).toBe(true);
  });

  it('basic against its advanced conversion: changed (the kind is written); basic reordered: unchanged', () => {
    const basic: SelectorSet = {
      kind: 'basic',
      selectors: [
        { ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::acme-pii-vault/', 'arn:aws:s3:::acme-backups/'] }] },
        { ReadWriteType: 'WriteOnly', IncludeManagementEvents: false, DataResources: [{ Type: 'AWS::Lambda::Function', Values: ['arn:aws:lambda'] }] },
      ],
    };
    const converted = written(basic);
    expect(sameSelectors(basic, converted)).toBe(false);
    const t = diffTrail(input, req(trail(), basic, converted));
    expect([t.selectors.removed, t.selectors.added]).toEqual([0, 0]);
    expect(nearZero(t.cost.delta)).toBe(true);
    // The converted names number the basic selectors; basic selectors have none, so a reorder changes nothing.
    const swapped: SelectorSet = { kind: 'basic', selectors: [...basic.selectors].reverse().map((s) => ({ ...s, DataResources: s.DataResources!.map((d) => ({ ...d, Values: [...d.Values!].reverse() })) })) as EventSelector[] };
    expect(sameSelectors(basic, swapped)).toBe(true);
    expect(diffTrail(input, req(trail(), basic, swapped)).selectors.changes).toEqual([]);
  });

  it('apply judges a trail the policy does not govern as diff does: against what it logs today', () => {
    const security = input.trails.find((t) => t.name === 'security-trail')!;
    const run = dryRun(input, security, security.selectors, [MGMT], { source: 'mgmt.json' });
    const t = diffTrail(input, req(security, security.selectors as SelectorSet, set(MGMT), 'live'));
    expect(t.policy).toBeNull();
    expect(t.coverageLoss).toBe(true);
    expect(run.lines.some((l) => l.startsWith('  the policy in ') && l.includes('does not govern security-trail: coverage judged against what the trail logs today'))).toBe(true);
    expect(run.lines.some((l) => l.includes('proof:'))).toBe(false);
    expect(run.refusals).toContain(`${t.coverage.stops.length} resource(s) stop being logged and no policy says they may: review the list, then pass --allow-coverage-loss (or use a scenario with a policy)`);
  });

  it('a plan that only reorders is no change; a rename-only plan is priced (zero delta)', () => {
    const t = trail();
    const plan = (after: SelectorSet): PlannedTrail[] => [{ address: 'aws_cloudtrail.data', actions: ['update'], name: t.name, arn: t.arn, afterUnknown: false, path: [], before: { set: set(MGMT, S3), key: null, both: false }, after: { set: after, key: null, both: false } }];
    expect(planRequests(input, 'plan.json', plan(set(S3, MGMT))).requests).toEqual([]);
    const renamed = planRequests(input, 'plan.json', plan(set(S3, { ...MGMT, Name: 'mgmt' })));
    expect(renamed.requests.map((r) => r.trail.name)).toEqual(['data-trail']);
  });
});
