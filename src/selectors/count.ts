/**
 * Values toward the 500-per-trail (and per event data store) limit, as aws-facts §3 counts them: every string in
 * every operator array of every advanced selector, `eventCategory` and `resources.type` values included (AWS
 * does not say whether those count; counting them is the safe side).
 */
import type { AdvancedEventSelector, EventSelector } from './types.js';
import { OPERATORS } from './types.js';

export const MAX_ADVANCED_VALUES = 500;
export const MAX_EVENT_DATA_STORE_SELECTORS = 5;
export const MAX_BASIC_SELECTORS = 5;
export const MAX_BASIC_DATA_RESOURCES = 250;

export function countSelectorValues(sel: AdvancedEventSelector): number {
  let n = 0;
  for (const fs of sel.FieldSelectors ?? []) {
    for (const op of OPERATORS) {
      const v = fs[op];
      if (Array.isArray(v)) n += v.length;
    }
  }
  return n;
}

/** Total values of an advanced set, toward the 500 limit. */
export function countValues(selectors: readonly AdvancedEventSelector[]): number {
  let n = 0;
  for (const s of selectors) n += countSelectorValues(s);
  return n;
}

/** Data resource values of a basic set, toward the 250 limit. */
export function countDataResources(selectors: readonly EventSelector[]): number {
  let n = 0;
  for (const s of selectors) for (const dr of s.DataResources ?? []) n += Array.isArray(dr.Values) ? dr.Values.length : 0;
  return n;
}
