import { describe, expect, it } from 'vitest';
import { EventIdSet } from '../../src/sample/dedupe.js';
import { CallerCounter } from '../../src/sample/callers.js';

describe('eventID set', () => {
  it('remembers every id across growth and reports each repeat', () => {
    const s = new EventIdSet(1_000_000, 16);
    const id = (i: number) => `${(i * 2654435761 >>> 0).toString(16).padStart(8, '0')}-0df1-4e8f-8bd1-${String(i).padStart(12, '0')}`;
    for (let i = 0; i < 200_000; i++) expect(s.add(id(i))).toBe(true);
    expect(s.size).toBe(200_000);
    let repeats = 0;
    for (let i = 0; i < 200_000; i += 7) if (!s.add(id(i))) repeats++;
    expect(repeats).toBe(Math.ceil(200_000 / 7));
    expect(s.saturated).toBe(false);
  });

  it('stops remembering at its bound and says so', () => {
    const s = new EventIdSet(10);
    for (let i = 0; i < 20; i++) s.add(`id-${i}`);
    expect(s.size).toBe(10);
    expect(s.saturated).toBe(true);
    expect(s.add('id-3')).toBe(false);
    expect(s.add('id-15')).toBe(true);
  });
});

describe('top callers', () => {
  it('is exact within its capacity and flags approximation beyond it', () => {
    const c = new CallerCounter(3);
    for (const [a, n] of [['x', 5], ['y', 3], ['z', 1]] as const) c.add(a, n);
    expect(c.top(2)).toEqual([{ arn: 'x', count: 5 }, { arn: 'y', count: 3 }]);
    expect(c.approximate).toBe(false);
    c.add('w', 4);
    expect(c.approximate).toBe(true);
    // Space-Saving: w replaced the minimum (z, 1) and inherits it: 1 + 4.
    expect(c.top(3)).toEqual([{ arn: 'w', count: 5 }, { arn: 'x', count: 5 }, { arn: 'y', count: 3 }]);
  });
});
