/**
 * Small vocabulary of the optimizer: the types it optimizes, the root ARN of a type, short labels of keys, and
 * which selectors a set carries over (management, other types).
 */
import { POLICY_TYPES, type PolicyType } from '../model/policy.js';
import { RESOURCE_TYPES } from '../selectors/data-events.js';
import type { AdvancedEventSelector } from '../selectors/types.js';

/** The resource types the optimizer models (others a trail logs are carried over unchanged). */
export const OPTIMIZED_TYPES = POLICY_TYPES;
export type OptimizedType = PolicyType;

function equalsOf(sel: AdvancedEventSelector, field: string): string[] | null {
  for (const fs of sel.FieldSelectors ?? []) if (fs.Field === field && fs.Equals) return fs.Equals;
  return null;
}

/** Selectors that log management events (eventCategory Management). */
export function isManagementSelector(sel: AdvancedEventSelector): boolean {
  return (equalsOf(sel, 'eventCategory') ?? []).includes('Management');
}

/** The data resource types a selector is about (null: no resources.type condition). */
export function selectorTypes(sel: AdvancedEventSelector): string[] | null {
  return equalsOf(sel, 'resources.type');
}

/** `arn:aws:s3:::`-style partition prefix for a type (the root of its ARNs). */
export function typeRootArn(type: string, partition = 'aws'): string {
  switch (type) {
    case RESOURCE_TYPES.s3Object:
      return `arn:${partition}:s3:::`;
    case RESOURCE_TYPES.lambdaFunction:
      return `arn:${partition}:lambda:`;
    case RESOURCE_TYPES.dynamoTable:
      return `arn:${partition}:dynamodb:`;
    default:
      return `arn:${partition}:`;
  }
}

/** A short label for a key: `bucket/prefix/` for S3, the function or table name (or name prefix…) otherwise. */
export function shortLabel(key: string): string {
  const s3 = /^arn:[^:]+:s3:::(.*)$/.exec(key);
  if (s3) return s3[1] === '' ? 'every bucket' : s3[1];
  const fn = /:function:(.*)$/.exec(key);
  if (fn) return fn[1] === '' ? key : fn[1];
  const table = /:table\/(.*)$/.exec(key);
  if (table) return table[1] === '' ? key : table[1];
  return key;
}

/** Types the policy keeps something of: any keep or keep-writes statement of the type. */
export function keptTypes(statementsOf: (t: PolicyType) => ReadonlyArray<{ decision: string }>): OptimizedType[] {
  return OPTIMIZED_TYPES.filter((t) => statementsOf(t).some((s) => s.decision !== 'drop'));
}

