import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { count, countCell, fit, usd, usdCell, usdDeltaCell, usdShort } from '../../src/tui/format.js';

describe('display formatting', () => {
  it('never prints unknown as a number', () => {
    for (const f of [usd, usdCell, usdShort, usdDeltaCell, count, countCell]) expect(f(null)).toBe('?');
  });
  it('prints ranges as ranges, never a midpoint', () => {
    expect(usd({ low: 10, high: 14 })).toBe('$10.00–$14.00');
    expect(usdCell({ low: 16.87, high: 54.64 })).toBe('$16.87–54.64');
    expect(usdCell({ low: 273.99, high: 299.36 })).toBe('$274–299');
    expect(usdShort({ low: 3589.61, high: 3627.38 })).toBe('$3,590–$3,627');
    expect(countCell({ low: 178.8e6, high: 195e6 })).toBe('179M–195M');
    expect(count({ low: 5, high: 5 })).toBe('5');
  });
  it('signs deltas, and shows both signs when a range crosses zero', () => {
    expect(usdDeltaCell({ low: 1036.1, high: 1111.2 })).toBe('+$1,036–1,111');
    expect(usdDeltaCell({ low: -608, high: -515 })).toBe('-$515–608');
    expect(usdDeltaCell({ low: -5, high: 10 })).toBe('-$5.00…+10.00');
    expect(usdDeltaCell({ low: 0, high: 0 })).toBe('±$0.00');
  });
  it('fit always returns exactly the width', () => {
    fc.assert(fc.property(fc.string(), fc.integer({ min: 1, max: 40 }), fc.boolean(), (s, w, right) => {
      expect(fit(s.replace(/[^\x20-\x7e]/g, 'x'), w, right ? 'right' : 'left').length).toBe(w);
    }));
  });
});
