/**
 * Display formatting only: rounding and units, no arithmetic on costs. Unknown is always "?"; a range whose
 * ends differ prints as "low–high" (a boundary the model cannot split exactly), never as a midpoint.
 */
import type { Range } from './view-model.js';

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
  return `${sign}$${abs.toFixed(2)}`;
}

/** "$12.34", "$12,345", "$1.23M"; a range "$10.00–$14.00". */
export function usd(v: Num): string {
  const e = ends(v);
  if (!e) return '?';
  const [lo, hi] = e;
  return sameDisplay(lo, hi, money) ? money(hi) : `${money(lo)}–${money(hi)}`;
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

/** True when the value is a range whose ends print differently. */
export function isRange(v: Num): boolean {
  const e = ends(v);
  return e !== null && e[0] !== e[1];
}

/** Pads or truncates to exactly `width` cells (ellipsis when cut). Assumes single-width characters. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return '';
  if (text.length > width) return width === 1 ? '…' : text.slice(0, width - 1) + '…';
  return align === 'left' ? text.padEnd(width) : text.padStart(width);
}
