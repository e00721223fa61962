/**
 * Reasoning about single string conditions (Equals/StartsWith/EndsWith a value), used by the linter to find
 * values that cancel each other, field selectors that can never hold and selectors subsumed by others.
 * Every answer is sound for the engine's semantics (test/selectors/lint.property.test.ts checks it against
 * evaluate.ts on generated records); "false" only means "not proven".
 */
import type { AdvancedFieldSelector } from './types.js';

export type PositiveOp = 'Equals' | 'StartsWith' | 'EndsWith';
export interface Cond {
  op: PositiveOp;
  value: string;
}

const POSITIVE: Record<string, PositiveOp> = {
  Equals: 'Equals', StartsWith: 'StartsWith', EndsWith: 'EndsWith',
  NotEquals: 'Equals', NotStartsWith: 'StartsWith', NotEndsWith: 'EndsWith',
};

export function holds(c: Cond, s: string): boolean {
  return c.op === 'Equals' ? s === c.value : c.op === 'StartsWith' ? s.startsWith(c.value) : s.endsWith(c.value);
}

/** Every string matching `a` also matches `b`. */
export function condImplies(a: Cond, b: Cond): boolean {
  if (a.op === 'Equals') return holds(b, a.value);
  if (a.op !== b.op) return false;
  return a.op === 'StartsWith' ? a.value.startsWith(b.value) : a.value.endsWith(b.value);
}

/** No string matches both `a` and `b`. */
export function condDisjoint(a: Cond, b: Cond): boolean {
  if (a.op === 'Equals') return !holds(b, a.value);
  if (b.op === 'Equals') return !holds(a, b.value);
  if (a.op !== b.op) return false;
  return a.op === 'StartsWith'
    ? !(a.value.startsWith(b.value) || b.value.startsWith(a.value))
    : !(a.value.endsWith(b.value) || b.value.endsWith(a.value));
}

export interface SplitFieldSelector {
  field: string;
  positive: Cond[];
  negative: Cond[];
}

export function splitFieldSelector(fs: AdvancedFieldSelector): SplitFieldSelector {
  const positive: Cond[] = [];
  const negative: Cond[] = [];
  for (const op of ['Equals', 'StartsWith', 'EndsWith'] as const) for (const value of fs[op] ?? []) positive.push({ op, value });
  for (const op of ['NotEquals', 'NotStartsWith', 'NotEndsWith'] as const) {
    for (const value of fs[op] ?? []) negative.push({ op: POSITIVE[op], value });
  }
  return { field: fs.Field ?? '', positive, negative };
}

/** The negative condition that cancels a positive one (every value it selects is deselected), if any. */
export function cancelledBy(p: Cond, negatives: readonly Cond[]): Cond | undefined {
  return negatives.find((n) => condImplies(p, n));
}

/** The field selector holds for no value at all (it has positives, and each is cancelled by a negative). */
export function neverHolds(fs: SplitFieldSelector): boolean {
  return fs.positive.length > 0 && fs.positive.every((p) => cancelledBy(p, fs.negative) !== undefined);
}

/**
 * Every value (including an absent one) satisfying `a` satisfies `b`. An absent value satisfies exactly the
 * field selectors without positives, so `b`'s positives need `a` to have positives that each imply one of them.
 */
export function fieldImplies(a: SplitFieldSelector, b: SplitFieldSelector): boolean {
  if (a.field !== b.field) return false;
  if (b.positive.length > 0) {
    if (a.positive.length === 0) return false;
    if (!a.positive.every((p) => b.positive.some((q) => condImplies(p, q)))) return false;
  }
  // Each value b deselects must be outside a: disjoint from all of a's positives, or deselected by a too.
  return b.negative.every(
    (n) =>
      (a.positive.length > 0 && a.positive.every((p) => condDisjoint(p, n))) ||
      a.negative.some((m) => condImplies(n, m)),
  );
}

/** Two field selectors on the same single-valued field that no one value satisfies together. */
export function fieldsDisjoint(a: SplitFieldSelector, b: SplitFieldSelector): boolean {
  return (
    a.positive.length > 0 &&
    b.positive.length > 0 &&
    a.positive.every((p) => b.positive.every((q) => condDisjoint(p, q)))
  );
}
