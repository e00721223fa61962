/** Small helpers for ranges (low..high). */
import type { Span } from './types.js';

export const ZERO: Span = Object.freeze({ low: 0, high: 0 }) as Span;
export const addSpan = (a: Span, b: Span): Span => ({ low: a.low + b.low, high: a.high + b.high });
export const sumSpans = (xs: Iterable<Span>): Span => {
  let low = 0;
  let high = 0;
  for (const x of xs) {
    low += x.low;
    high += x.high;
  }
  return { low, high };
};
export const isExact = (a: Span, eps = 1e-9): boolean => Math.abs(a.high - a.low) <= eps * Math.max(1, Math.abs(a.high));
