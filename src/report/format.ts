/** Number formatting shared by every printer: money, counts with SI-ish suffixes, ranges, ratios. */
import type { Span } from '../estimate/types.js';

const same = (s: Span): boolean => Math.abs(s.high - s.low) <= 1e-9 * Math.max(1, Math.abs(s.high));

export function usd(x: number): string {
  const abs = Math.abs(x);
  const digits = abs > 0 && abs < 1 ? 4 : 2;
  const s = abs.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: digits });
  return `${x < 0 ? '-' : ''}$${s}`;
}

export function usdSpan(s: Span): string {
  return same(s) ? usd(s.high) : `${usd(s.low)}–${usd(s.high)}`;
}

/** Signed delta of two ranges (for compare): b − a, low with low and high with high. */
export function usdDelta(s: Span): string {
  const f = (x: number) => (Math.abs(x) < 0.005 ? '$0.00' : `${x > 0 ? '+' : '-'}${usd(Math.abs(x))}`);
  return same(s) ? f(s.high) : `${f(s.low)}…${f(s.high)}`;
}

export function count(x: number): string {
  const abs = Math.abs(x);
  if (abs >= 1e9) return `${(x / 1e9).toFixed(2)}B`;
  if (abs >= 1e6) return `${(x / 1e6).toFixed(1)}M`;
  if (abs >= 1e4) return `${(x / 1e3).toFixed(0)}k`;
  if (abs >= 1e3) return `${(x / 1e3).toFixed(1)}k`;
  return x.toFixed(0);
}

export function countSpan(s: Span): string {
  return same(s) ? count(s.high) : `${count(s.low)}–${count(s.high)}`;
}

export function pct(x: number): string {
  return `${(x * 100).toFixed(x < 0.1 ? 1 : 0)}%`;
}

export function ratio(x: number | null): string {
  return x === null ? '—' : `${x.toFixed(2)}×`;
}

export function gb(x: number): string {
  return x >= 1000 ? `${(x / 1000).toFixed(2)} TB` : `${x.toFixed(x < 10 ? 2 : 1)} GB`;
}
