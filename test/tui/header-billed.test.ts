/**
 * The header compares like with like at every width: billed CloudTrail event charges beside the modeled part of
 * the same scope (never the whole model), the longest form that fits, down to a ratio.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { billedText } from '../../src/tui/components/Header.js';
import { usdShort } from '../../src/tui/format.js';

const range = fc.tuple(fc.double({ min: 0.01, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e5, noNaN: true })).map(([low, d]) => ({ low, high: low + d }));

describe('billedText', () => {
  it('fits its room, and whenever it shows billed it names the scope and the modeled figure of that scope', () => {
    fc.assert(fc.property(range, range, fc.integer({ min: 0, max: 250 }), (billed, modeled, room) => {
      const t = billedText({ billed, billedModeled: modeled }, room);
      expect(t.length).toBeLessThanOrEqual(room);
      if (t === '') return;
      expect(t).toMatch(/CloudTrail|CT /);
      // The amounts themselves, or their ratio (billed / modeled, computed here on its own).
      const lo = (billed.low / modeled.high).toFixed(2);
      const hi = (billed.high / modeled.low).toFixed(2);
      const ratio = lo === hi ? `${lo}×` : `${lo}–${hi}×`;
      if (t.includes(usdShort(billed))) expect(t).toContain(usdShort(modeled));
      else expect(t).toContain(ratio);
    }));
  });
  it('gives the ratio of the same scope when only that fits', () => {
    const t = billedText({ billed: { low: 3498, high: 3498 }, billedModeled: { low: 3325, high: 3341 } }, 25);
    expect(t).toBe(' · CT billed/model 1.05×');
    expect(billedText({ billed: { low: 100, high: 100 }, billedModeled: { low: 50, high: 200 } }, 40)).toContain('0.50–2.00×');
  });
  it('a wide header says both amounts in full; unknown billing says so', () => {
    expect(billedText({ billed: { low: 3498, high: 3498 }, billedModeled: { low: 3325, high: 3341 } }, 200)).toBe(' · CloudTrail event charges: billed $3,498/mo, modeled $3,325–$3,341/mo');
    expect(billedText({ billed: null, billedModeled: null }, 80)).toBe(' · billed unknown');
    expect(billedText({ billed: { low: 5, high: 5 }, billedModeled: { low: 0, high: 0 } }, 30)).toMatch(/\?/);
  });
});
