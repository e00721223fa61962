import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compile, matchRecord, matchRecordGeneral } from '../../src/selectors/evaluate.js';
import type { CloudTrailRecord } from '../../src/selectors/types.js';
import { toAdvanced, toAdvancedWithOrigin } from '../../src/selectors/basic.js';
import { matchBasic } from './basic-oracle.js';
import type { AdvancedEventSelector } from '../../src/selectors/types.js';
import { basicSelectorArb, CALLERS, LAMBDA_ARNS, recordArb, S3_ARNS, selectorArb, selectorSetArb, TABLE_ARNS } from './arbitraries.js';

const logs = (sel: AdvancedEventSelector[], r: Parameters<typeof matchRecord>[1]) => matchRecord(compile(sel), r).logged;
const RUNS = { numRuns: 400, seed: 20261123 };

describe('selector engine properties', () => {
  it('adding a selector never un-logs an event (at either end of the set)', () => {
    fc.assert(
      fc.property(selectorSetArb, selectorArb, recordArb, (set, extra, r) => {
        // Only ~8% of generated pairs log; fc.pre makes every counted run one that does.
        fc.pre(logs(set, r));
        expect(logs([...set, extra], r)).toBe(true);
        expect(logs([extra, ...set], r)).toBe(true);
      }),
      RUNS,
    );
  });

  it('the first matching selector is reported, and it alone logs the record', () => {
    fc.assert(
      fc.property(selectorSetArb, recordArb, (set, r) => {
        const m = matchRecord(compile(set), r);
        if (!m.logged) {
          expect(set.some((s) => logs([s], r))).toBe(false);
          return;
        }
        expect(logs([set[m.selector!]], r)).toBe(true);
        for (let i = 0; i < m.selector!; i++) expect(logs([set[i]], r)).toBe(false);
      }),
      RUNS,
    );
  });

  it('a DESELECT value matching the record always un-logs within its selector', () => {
    // On single-valued fields: add the record's own value as NotEquals/NotStartsWith/NotEndsWith.
    const fields = ['eventName', 'eventSource', 'userIdentity.arn'] as const;
    fc.assert(
      fc.property(selectorArb, recordArb, fc.constantFrom(...fields), fc.constantFrom('NotEquals', 'NotStartsWith', 'NotEndsWith'), fc.nat(), (sel, r, field, op, at) => {
        const v = field === 'userIdentity.arn' ? r.userIdentity?.arn : r[field];
        // Only interesting when the selector logged the record before the DESELECT value was added.
        fc.pre(typeof v === 'string' && logs([sel], r));
        if (typeof v !== 'string') return;
        const fss = [...(sel.FieldSelectors ?? [])];
        const same = fss.map((f, i) => [f, i] as const).filter(([f]) => f.Field === field);
        if (same.length > 0) {
          const [f, i] = same[at % same.length];
          fss[i] = { ...f, [op]: [...(f[op] ?? []), v] };
        } else {
          fss.splice(at % (fss.length + 1), 0, { Field: field, [op]: [v] });
        }
        expect(logs([{ ...sel, FieldSelectors: fss }], r)).toBe(false);
      }),
      RUNS,
    );
  });

  it('a DESELECT on resources.ARN un-logs a record whose only resource entry matches it', () => {
    fc.assert(
      fc.property(selectorArb, recordArb, (sel, r) => {
        const e = r.resources?.[0];
        fc.pre(e !== undefined && r.resources!.length === 1 && logs([sel], r));
        if (!e) return;
        const arn = e.ARN ?? e.ARNPrefix!;
        const fss = [...(sel.FieldSelectors ?? []), { Field: 'resources.ARN', NotStartsWith: [arn] }];
        expect(logs([{ ...sel, FieldSelectors: fss }], r)).toBe(false);
      }),
      RUNS,
    );
  });
});

/** Records with fields of the wrong JSON type, as broken or hand-written logs have them. */
const malformedArb: fc.Arbitrary<CloudTrailRecord> = fc
  .tuple(recordArb, fc.constantFrom<Record<string, unknown>>(
    { readOnly: 1 }, { readOnly: null }, { resources: {} }, { resources: [null, 5, { type: 7, ARN: {} }] },
    { userIdentity: null }, { userIdentity: { arn: 5 } }, { eventName: 42 }, { eventCategory: 5 }, { sessionCredentialFromConsole: true },
  ))
  .map(([r, bad]) => ({ ...r, ...bad }) as CloudTrailRecord);

describe('the record fast path', () => {
  it('agrees with the general three-valued evaluator, on well-formed and malformed records, without throwing', () => {
    fc.assert(
      fc.property(selectorSetArb, fc.oneof(recordArb, malformedArb), (set, r) => {
        const c = compile(set);
        expect(matchRecord(c, r)).toEqual(matchRecordGeneral(c, r));
      }),
      { numRuns: 2000, seed: 5 },
    );
  });
});

describe('the record fast path with long value lists (indexed by length)', () => {
  // Values and their prefixes/suffixes, so that lists of 8+ StartsWith/EndsWith values hit and miss.
  const pool = [...new Set([...S3_ARNS, ...LAMBDA_ARNS, ...TABLE_ARNS, ...CALLERS].flatMap((v) => [v, v.slice(0, 14), v.slice(0, 20), v.slice(-3), v.slice(-8)]))];
  const list = fc.uniqueArray(fc.constantFrom(...pool), { minLength: 8, maxLength: 20 });
  const fsArb = fc.record({
    Field: fc.constantFrom('resources.ARN', 'userIdentity.arn'),
    StartsWith: list, EndsWith: list, NotStartsWith: list, NotEndsWith: list,
  }, { requiredKeys: ['Field'] });
  it('agrees with the general evaluator', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ FieldSelectors: fc.array(fsArb, { minLength: 1, maxLength: 2 }) }), { minLength: 1, maxLength: 3 }), fc.array(recordArb, { minLength: 20, maxLength: 20 }), (set, rs) => {
        const c = compile(set);
        for (const r of rs) expect(matchRecord(c, r)).toEqual(matchRecordGeneral(c, r));
      }),
      { numRuns: 300, seed: 6 },
    );
  });
});

describe('basic selectors: toAdvanced agrees with the basic evaluator', () => {
  it('on generated basic sets and records', () => {
    fc.assert(
      fc.property(fc.array(basicSelectorArb, { maxLength: 5 }), recordArb, (basic, r) => {
        const b = matchBasic(basic, r);
        const { selectors, origin } = toAdvancedWithOrigin(basic);
        const m = matchRecord(compile(selectors), r);
        expect(m.logged).toBe(b !== null);
        // The first advanced match comes from the first basic selector that matches.
        if (m.logged) expect(origin[m.selector!]).toBe(b);
      }),
      { numRuns: 1000, seed: 7 },
    );
  });
  it('basic selectors never log network activity or Insights events', () => {
    const basic = [{ ReadWriteType: 'All' as const, IncludeManagementEvents: true }];
    const r = { eventType: 'AwsVpceEvent', eventCategory: 'NetworkActivity', eventSource: 's3.amazonaws.com', eventName: 'GetObject' };
    expect(matchBasic(basic, r)).toBeNull();
    expect(logs(toAdvanced(basic), r)).toBe(false);
  });
});
