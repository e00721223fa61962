/**
 * Display formatting only: rounding and units, no arithmetic on costs. Unknown is always "?"; a range whose
 * ends differ prints as "low–high" (a boundary the model cannot split exactly), never as a midpoint. `usd` is the
 * report's formatter (the same cost prints the same in estimate, optimize and here); the short forms (`usdShort`,
 * `usdCell`) are for columns and the header, where width is scarce.
 */
import type { Range } from './view-model.js';
import { usdSpan } from '../report/format.js';
import { terminalSafe } from '../report/terminal-text.js';

/**
 * Text from data (bucket, prefix, function and trail names, selector Names, messages quoting them) for an Ink
 * <Text>: control and bidi characters shown as visible escapes (report/terminal-text). Ink measures an escape
 * sequence as zero-width and passes it to the terminal, so every label is made safe before it is drawn or cut.
 */
export const safe = terminalSafe;

type Num = Range | number | null | undefined;

function ends(v: Num): [number, number] | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? [v, v] : null;
  return Number.isFinite(v.low) && Number.isFinite(v.high) ? [v.low, v.high] : null;
}

function money(v: number): string {
  const abs = Math.abs(v);
  const sign = v < 0 ? '-' : '';
  if (abs >= 1e6) return `${sign}$${(abs / 1e6).toFixed(abs >= 1e7 ? 1 : 2)}M`;
  if (abs >= 1e4) return `${sign}$${Math.round(abs).toLocaleString('en-US')}`;
  return `${sign}$${abs.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** Whole dollars from $1,000 up (header and bars, where width is scarce): "$3,590", "$12.34". */
export function usdShort(v: Num): string {
  const e = ends(v);
  if (!e) return '?';
  const f = (x: number) => (Math.abs(x) >= 1000 && Math.abs(x) < 1e6 ? `${x < 0 ? '-' : ''}$${Math.round(Math.abs(x)).toLocaleString('en-US')}` : money(x));
  return sameDisplay(e[0], e[1], f) ? f(e[1]) : `${f(e[0])}–${f(e[1])}`;
}

/**
 * A cost where there is room (detail lines, messages, the report): exactly as `estimate` and `optimize` print it
 * (report/format.ts, the one money formatter): "$3,322.03", "$2,630.73–$2,656.43". Unknown is "?".
 */
export function usd(v: Num): string {
  const e = ends(v);
  if (!e) return '?';
  return usdSpan({ low: e[0], high: e[1] });
}

/** Signed money delta: "+$12.00", "-$3.10", "±$0.00". */
export function usdDelta(v: Num): string {
  const e = ends(v);
  if (!e) return '?';
  const one = (x: number) => (x === 0 ? '±$0.00' : (x > 0 ? '+' : '') + money(x));
  return sameDisplay(e[0], e[1], money) ? one(e[1]) : `${one(e[0])}…${one(e[1])}`;
}

function compact(v: number): string {
  const abs = Math.abs(v);
  if (abs < 1000) return String(Math.round(v));
  if (abs < 1e6) return `${(v / 1e3).toFixed(abs < 1e4 ? 2 : 1)}k`;
  if (abs < 1e9) return `${(v / 1e6).toFixed(abs < 1e7 ? 2 : 1)}M`;
  return `${(v / 1e9).toFixed(2)}B`;
}

/** Compact counts: 950, 12.3k, 4.56M, 1.20B; a range "1.2M–3.4M". */
export function count(v: Num): string {
  const e = ends(v);
  if (!e) return '?';
  return sameDisplay(e[0], e[1], compact) ? compact(e[1]) : `${compact(e[0])}–${compact(e[1])}`;
}

function sameDisplay(a: number, b: number, f: (x: number) => string): boolean {
  return a === b || f(a) === f(b);
}

/**
 * Table cells, where width is scarce: a range drops the second "$" and rounds to whole dollars from $100
 * ("$274–299", "$16.87–54.64"); exact amounts print as `usd` does.
 */
export function usdCell(v: Num): string {
  const e = ends(v);
  if (!e) return '?';
  if (sameDisplay(e[0], e[1], money)) return money(e[1]);
  const m = (x: number) => (Math.abs(x) >= 100 && Math.abs(x) < 1e6 ? `$${Math.round(x).toLocaleString('en-US')}` : money(x));
  return `${m(e[0])}–${m(e[1]).replace(/^\$/, '')}`;
}

/** Signed delta for table cells: "+$118", "-$607–590", "±$0.00". */
export function usdDeltaCell(v: Num): string {
  const e = ends(v);
  if (!e) return '?';
  const sign = (x: number) => (x > 0 ? '+' : x < 0 ? '-' : '±');
  const m = (x: number) => (Math.abs(x) >= 100 && Math.abs(x) < 1e6 ? `$${Math.round(Math.abs(x)).toLocaleString('en-US')}` : money(Math.abs(x)));
  if (sameDisplay(e[0], e[1], m) && sign(e[0]) === sign(e[1])) return sign(e[1]) + m(e[1]);
  // One sign for a same-signed range ("+$1,036–1,111", "-$608–515"); a range that crosses zero shows both.
  if (sign(e[0]) === sign(e[1])) {
    const [a, b] = Math.abs(e[0]) <= Math.abs(e[1]) ? [e[0], e[1]] : [e[1], e[0]];
    return `${sign(e[0])}${m(a)}–${m(b).replace(/^\$/, '')}`;
  }
  return `${sign(e[0])}${m(e[0])}…${sign(e[1])}${m(e[1]).replace(/^\$/, '')}`;
}

/** Counts for table cells: a range uses three significant digits per end ("179M–201M"). */
export function countCell(v: Num): string {
  const e = ends(v);
  if (!e) return '?';
  if (sameDisplay(e[0], e[1], compact)) return compact(e[1]);
  const c3 = (x: number) => {
    const abs = Math.abs(x);
    if (abs < 1000) return String(Math.round(x));
    const [div, unit] = abs < 1e6 ? [1e3, 'k'] : abs < 1e9 ? [1e6, 'M'] : [1e9, 'B'];
    return `${Number((x / div).toPrecision(3))}${unit}`;
  };
  return `${c3(e[0])}–${c3(e[1])}`;
}

/**
 * Pads or truncates to exactly `width` cells (ellipsis when cut). Assumes single-width characters. The text is
 * made terminal-safe first, so what is measured and cut is what is drawn.
 */
export function fit(raw: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return '';
  const text = safe(raw);
  if (text.length > width) return width === 1 ? '…' : text.slice(0, width - 1) + '…';
  return align === 'left' ? text.padEnd(width) : text.padStart(width);
}
