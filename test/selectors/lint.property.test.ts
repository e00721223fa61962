/** The linter's proofs (never-match, subsumption, cancelled values) checked against the engine on generated records. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compile, matchRecord } from '../../src/selectors/evaluate.js';
import { lintSelectors, selectorSubsumedBy } from '../../src/selectors/lint.js';
import type { AdvancedEventSelector, AdvancedFieldSelector } from '../../src/selectors/types.js';
import { recordArb, selectorArb } from './arbitraries.js';

const logs = (sel: AdvancedEventSelector, r: Parameters<typeof matchRecord>[1]) => matchRecord(compile([sel]), r).logged;
const records = fc.array(recordArb, { minLength: 30, maxLength: 60 });

/** A selector B that is often implied by A: drop field selectors, drop negatives, widen positives. */
const weakened = (a: AdvancedEventSelector) =>
  fc
    .tuple(fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }))
    .map(([keep, dropNeg]) => ({
      FieldSelectors: (a.FieldSelectors ?? [])
        .filter((_, i) => keep[i % 8])
        .map((fs, i): AdvancedFieldSelector => {
          const out: AdvancedFieldSelector = { ...fs };
          if (dropNeg[i % 8]) {
            delete out.NotEquals;
            delete out.NotStartsWith;
          }
          if (out.Equals) out.StartsWith = [...(out.StartsWith ?? []), ...out.Equals.map((v) => v.slice(0, Math.ceil(v.length / 2)))];
          return out;
        }),
    }));

describe('lint proofs agree with the engine', () => {
  it('subsumption: whatever A logs, B logs', () => {
    let proven = 0;
    fc.assert(
      fc.property(selectorArb.chain((a) => fc.tuple(fc.constant(a), fc.oneof(weakened(a), selectorArb))), records, ([a, b], rs) => {
        if (!selectorSubsumedBy(a, b)) return;
        proven++;
        for (const r of rs) if (logs(a, r)) expect(logs(b, r)).toBe(true);
      }),
      { numRuns: 600, seed: 11 },
    );
    // The generator must exercise the proof, or this test says nothing.
    expect(proven).toBeGreaterThan(100);
  });

  it('TC-SEL-106: a selector reported as never matching matches no record', () => {
    let reported = 0;
    fc.assert(
      fc.property(selectorArb, records, (sel, rs) => {
        if (!lintSelectors([sel]).findings.some((f) => f.rule === 'TC-SEL-106')) return;
        reported++;
        for (const r of rs) expect(logs(sel, r)).toBe(false);
      }),
      { numRuns: 1500, seed: 12 },
    );
    expect(reported).toBeGreaterThan(20);
  });

  it('TC-SEL-105: removing a value reported as cancelled never changes what the selector logs', () => {
    let compared = 0;
    fc.assert(
      fc.property(selectorArb, records, (sel, rs) => {
        for (const f of lintSelectors([sel]).findings.filter((x) => x.rule === 'TC-SEL-105')) {
          // The message names the cancelled positive: `Op "value" is deselected by ...`.
          const m = /^(Equals|StartsWith|EndsWith) "(.*)" is deselected/.exec(f.message)!;
          const j = Number(/FieldSelectors\[(\d+)\]/.exec(f.path)![1]);
          // resources.type Equals values also choose which entries resources.ARN is tested on (evaluate.ts), so
          // removing one is not a no-op for the selector as a whole.
          if (sel.FieldSelectors![j].Field === 'resources.type') continue;
          const fss = (sel.FieldSelectors ?? []).map((fs, i) => {
            if (i !== j) return fs;
            const rest = (fs[m[1] as 'Equals'] ?? []).filter((v) => v !== m[2]);
            return rest.length > 0 ? { ...fs, [m[1]]: rest } : (() => { const c = { ...fs }; delete c[m[1] as 'Equals']; return c; })();
          });
          const stripped = { ...sel, FieldSelectors: fss };
          // Dropping the last positive would remove the positive constraint; only compare when some remain.
          const fsj = fss[j];
          if (!fsj.Equals && !fsj.StartsWith && !fsj.EndsWith) continue;
          compared++;
          for (const r of rs) expect(logs(stripped, r)).toBe(logs(sel, r));
        }
      }),
      { numRuns: 300, seed: 13 },
    );
    // As above: the generator must produce cancelled values, or this test says nothing.
    expect(compared).toBeGreaterThan(100);
  });
});
