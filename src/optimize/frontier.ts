/**
 * Cost-vs-values frontiers for the budgeted dynamic program. A frontier F holds, for b = 0, 1, ..., the least
 * cost reachable with **at most** b selector values; it is non-increasing, `Infinity` where nothing is feasible,
 * and its last entry holds for every larger b (trailing entries that would repeat it are trimmed). So a frontier's
 * length is one more than the values its cheapest solution needs, which keeps most of them a few entries long.
 */

export type Frontier = Float64Array;

export const EMPTY: Frontier = Float64Array.of(Infinity);

/** F[b], extended with its last entry past the end. */
export function at(f: Frontier, b: number): number {
  return f[b < f.length ? b : f.length - 1];
}

export function isInfeasible(f: Frontier): boolean {
  return f[f.length - 1] === Infinity;
}

/** Drop trailing entries equal to the one before (they add nothing). */
export function trim(f: Frontier): Frontier {
  let n = f.length;
  while (n > 1 && f[n - 1] === f[n - 2]) n--;
  return n === f.length ? f : f.subarray(0, n);
}

/** Min-plus convolution of two frontiers (values of independent parts add, costs add), capped at `cap` values. */
export function convolve(a: Frontier, b: Frontier, cap: number): Frontier {
  if (a.length === 1 && b.length === 1) return Float64Array.of(a[0] + b[0]);
  const n = Math.min(a.length + b.length - 1, cap + 1);
  const out = new Float64Array(n).fill(Infinity);
  let a0 = 0;
  while (a0 < a.length && a[a0] === Infinity) a0++;
  let b0 = 0;
  while (b0 < b.length && b[b0] === Infinity) b0++;
  if (a0 === a.length || b0 === b.length) return EMPTY;
  for (let i = a0; i < a.length && i + b0 < n; i++) {
    const ai = a[i];
    const jmax = Math.min(b.length - 1, n - 1 - i);
    for (let j = b0; j <= jmax; j++) {
      const v = ai + b[j];
      if (v < out[i + j]) out[i + j] = v;
    }
  }
  // Entries past either input's end extend it ("at most b values"), so carry the running minimum forward.
  for (let k = 1; k < n; k++) if (out[k - 1] < out[k]) out[k] = out[k - 1];
  return trim(out);
}

/** F shifted right by `by` values (a solution that spends `by` more), capped. */
export function shift(f: Frontier, by: number, cap: number): Frontier {
  if (by === 0) return f;
  if (by > cap) return EMPTY;
  const n = Math.min(f.length + by, cap + 1);
  const out = new Float64Array(n).fill(Infinity);
  for (let k = by; k < n; k++) out[k] = f[k - by];
  return trim(out);
}

/** Pointwise minimum. */
export function pointMin(a: Frontier, b: Frontier): Frontier {
  if (isInfeasible(b)) return a;
  if (isInfeasible(a)) return b;
  const n = Math.max(a.length, b.length);
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const x = at(a, k);
    const y = at(b, k);
    out[k] = x < y ? x : y;
  }
  return trim(out);
}

/** Least values that reach a finite cost (Infinity when none). */
export function minValues(f: Frontier): number {
  for (let k = 0; k < f.length; k++) if (f[k] !== Infinity) return k;
  return Infinity;
}
