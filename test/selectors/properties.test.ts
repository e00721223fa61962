import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compile, matchRecord } from '../../src/selectors/evaluate.js';
import { matchBasic, toAdvanced, toAdvancedWithOrigin } from '../../src/selectors/basic.js';
import type { AdvancedEventSelector } from '../../src/selectors/types.js';
import { basicSelectorArb, recordArb, selectorArb, selectorSetArb } from './arbitraries.js';

const logs = (sel: AdvancedEventSelector[], r: Parameters<typeof matchRecord>[1]) => matchRecord(compile(sel), r).logged;
const RUNS = { numRuns: 400, seed: 20261123 };

describe('selector engine properties', () => {
  it('adding a selector never un-logs an event (at either end of the set)', () => {
    fc.assert(
      fc.property(selectorSetArb, selectorArb, recordArb, (set, extra, r) => {
        if (!logs(set, r)) return;
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
        if (!e || (r.resources?.length ?? 0) !== 1) return;
        const arn = e.ARN ?? e.ARNPrefix!;
        const fss = [...(sel.FieldSelectors ?? []), { Field: 'resources.ARN', NotStartsWith: [arn] }];
        expect(logs([{ ...sel, FieldSelectors: fss }], r)).toBe(false);
      }),
      RUNS,
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
