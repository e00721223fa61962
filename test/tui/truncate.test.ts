/**
 * Names cut to a column never make two different names look the same (issue 14): property tests over adversarial
 * shapes — long shared heads and tails, names that differ in one middle character or only in length, names that
 * already contain "…" or "~N", control characters (escaped before measuring).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cutEnd, cutMiddle, distinctFit } from '../../src/tui/truncate.js';
import { safe } from '../../src/tui/format.js';

const alphabet = fc.constantFrom('a', 'b', '-', '/', '…', '~', '1', '\u001b', '\u202e', 'é');
const word = fc.array(alphabet, { minLength: 0, maxLength: 30 }).map((a) => a.join(''));
/** Names built from a few shared parts, so that cuts collide often. */
const names = fc
  .tuple(word, word, fc.array(fc.tuple(word, fc.nat(3)), { minLength: 1, maxLength: 25 }))
  .map(([head, tail, parts]) => parts.map(([mid, n]) => (n === 0 ? head + mid + tail : n === 1 ? head + mid : n === 2 ? mid + tail : mid)));

describe('distinctFit', () => {
  it('never shows two different names the same way, keeps equal names equal, and fills the width exactly', () => {
    fc.assert(
      fc.property(names, fc.integer({ min: 6, max: 40 }), (list, width) => {
        const out = distinctFit(list, width);
        expect(out).toHaveLength(list.length);
        for (let i = 0; i < list.length; i++) {
          expect([...out[i]].length, JSON.stringify(out[i])).toBe(width);
          for (let j = i + 1; j < list.length; j++) {
            if (list[i] === list[j]) expect(out[i]).toBe(out[j]);
            else expect(out[i], `${JSON.stringify(list[i])} vs ${JSON.stringify(list[j])}`).not.toBe(out[j]);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('leaves names that fit as they are (made terminal-safe) and shows no raw control character', () => {
    fc.assert(
      fc.property(fc.array(word, { maxLength: 10 }), fc.integer({ min: 6, max: 40 }), (list, width) => {
        const out = distinctFit(list, width);
        list.forEach((n, i) => {
          expect(out[i]).not.toMatch(/[\u0000-\u001f\u202e]/);
          const s = safe(n);
          // A name that fits shows whole unless it collides with a cut of another one.
          if (s.length <= width && !list.some((m) => m !== n && cutEnd(safe(m), width) === s)) expect(out[i].trimEnd()).toBe(s.trimEnd());
        });
      }),
    );
  });

  it('cuts at the end, in the middle where two end cuts would collide, else where they differ', () => {
    expect(cutMiddle('scratch/spark-staging/', 14)).toBe('scratch…aging/');
    expect(distinctFit(['acme-analytics-results', 'acme-athena-results'], 12)).toEqual(['acme-analyt…', 'acme-athena…']);
    expect(distinctFit(['scratch/spark-staging/', 'scratch/spark-sandbox/'], 14)).toEqual(['scratch…aging/', 'scratch…ndbox/']);
    const [a, b] = distinctFit(['acme-datalake-raw-2024-eu', 'acme-datalake-raw-2025-eu'], 14);
    expect(a).not.toBe(b);
    expect(a.includes('4') || b.includes('5')).toBe(true);
    // Same length, same head and tail: a suffix tells them apart when no cut point can.
    const same = distinctFit(['x'.repeat(20) + 'a' + 'x'.repeat(20), 'x'.repeat(20) + 'b' + 'x'.repeat(20)], 8);
    expect(same[0]).not.toBe(same[1]);
  });
});
