/** Number formatting shared by every printer: money, counts with SI-ish suffixes, ranges, ratios. */
import { isExact as same } from '../estimate/span.js';
import type { Span } from '../estimate/types.js';

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

/**
 * Share of the sensitive volume that is logged. Bounds are paired (low with low, high with high): both come from
 * the same unknown split of a node, so crossing them would overstate the uncertainty. null when nothing is sensitive.
 */
export function coverageShare(c: { sensitive: Span; logged: Span }): Span | null {
  if (c.sensitive.high <= 0) return null;
  const r = (l: number, s: number) => (s > 0 ? Math.min(1, l / s) : 1);
  const a = r(c.logged.low, c.sensitive.low);
  const b = r(c.logged.high, c.sensitive.high);
  return { low: Math.min(a, b), high: Math.max(a, b) };
}

/** Coverage as a percentage with one decimal, never rounding a shortfall up to 100%. */
export function pctSpan(s: Span): string {
  const f = (x: number) => (x >= 1 ? '100%' : `${Math.min(99.9, Math.floor(x * 1000) / 10).toFixed(1)}%`);
  return f(s.low) === f(s.high) ? f(s.low) : `${f(s.low)}–${f(s.high)}`;
}

/**
 * A sum of known parts, or null when it has none and some part is of unknown volume: an unmeasured bucket reads
 * as unknown, never as free (JSON null, an empty CSV cell). A known range that reaches 0 because of an unknown
 * split is a known range.
 */
export function knownOrNull(s: Span, unknownParts: number): Span | null {
  return unknownParts > 0 && s.low === 0 && s.high === 0 ? null : { low: s.low, high: s.high };
}

/** How a table cell shows a figure with nothing known in it (every part of unknown volume). */
export const UNKNOWN_CELL = 'unknown';
/** Appended to a figure that is the sum of its known parts only: some part of it is of unknown volume. */
export const PARTLY_UNKNOWN = '+?';
/** The legend under a table with `+?` or `unknown` cells; `nodes`: how many resources of unknown volume are logged. */
export function partlyUnknownNote(nodes?: number): string {
  const what = nodes === undefined ? 'resources of unknown volume' : `${nodes} resource${nodes === 1 ? '' : 's'} of unknown volume`;
  return `${PARTLY_UNKNOWN} = the known part only: ${what} also logged, not counted (never as zero)`;
}

/**
 * A figure for a text table, saying what it leaves out: `unknown` when every part of it is of unknown volume (what
 * --json prints as null), the known part followed by `+?` when some part is, the figure alone otherwise.
 */
export function knownText(s: Span | null, unknownParts: number, fmt: (s: Span) => string): string {
  const known = s === null ? null : knownOrNull(s, unknownParts);
  if (known === null) return UNKNOWN_CELL;
  return unknownParts > 0 ? `${fmt(known)} ${PARTLY_UNKNOWN}` : fmt(known);
}

export const usdKnown = (s: Span | null, unknownParts: number): string => knownText(s, unknownParts, usdSpan);
export const countKnown = (s: Span | null, unknownParts: number): string => knownText(s, unknownParts, countSpan);

/** Whether any of these table cells carries the `+?` marker (then the table prints the legend). */
export function hasPartlyUnknown(rows: readonly (readonly string[])[]): boolean {
  return rows.some((r) => r.some((c) => c.endsWith(` ${PARTLY_UNKNOWN}`)));
}
