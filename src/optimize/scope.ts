/**
 * Which resources a trail sees, which data resource types it logs today, and the ARN key of a model node.
 */
import { ruleArn, type Policy } from '../model/policy.js';
import { toAdvanced } from '../selectors/basic.js';
import { RESOURCE_TYPES } from '../selectors/data-events.js';
import type { AdvancedEventSelector } from '../selectors/types.js';
import type { Trail } from '../model/snapshot.js';
import type { ModelNode, VolumeModel } from '../model/types.js';

/** The resource types the optimizer models (others a trail logs are carried over unchanged). */
export const OPTIMIZED_TYPES = [RESOURCE_TYPES.s3Object, RESOURCE_TYPES.lambdaFunction, RESOURCE_TYPES.dynamoTable] as const;
export type OptimizedType = (typeof OPTIMIZED_TYPES)[number];

/** The trail's selectors as an advanced set (basic ones converted the way AWS's console converts them). */
export function currentAdvanced(trail: Trail): AdvancedEventSelector[] {
  return trail.selectors.kind === 'advanced'
    ? (trail.selectors.selectors as AdvancedEventSelector[])
    : toAdvanced(trail.selectors.selectors);
}

function equalsOf(sel: AdvancedEventSelector, field: string): string[] | null {
  for (const fs of sel.FieldSelectors ?? []) if (fs.Field === field && fs.Equals) return fs.Equals;
  return null;
}

/** Selectors that log data events (eventCategory Data). */
export function isDataSelector(sel: AdvancedEventSelector): boolean {
  return (equalsOf(sel, 'eventCategory') ?? []).includes('Data');
}

/** Selectors that log management events (eventCategory Management). */
export function isManagementSelector(sel: AdvancedEventSelector): boolean {
  return (equalsOf(sel, 'eventCategory') ?? []).includes('Management');
}

/** The data resource types a selector is about (null: no resources.type condition). */
export function selectorTypes(sel: AdvancedEventSelector): string[] | null {
  return equalsOf(sel, 'resources.type');
}

/** Data resource types the trail logs today, among those the optimizer models. */
export function loggedTypes(selectors: readonly AdvancedEventSelector[]): Set<OptimizedType> {
  const out = new Set<OptimizedType>();
  for (const sel of selectors) {
    if (!isDataSelector(sel)) continue;
    const types = selectorTypes(sel);
    for (const t of OPTIMIZED_TYPES) if (types === null || types.includes(t)) out.add(t);
  }
  return out;
}

export interface TrailScope {
  accounts: Set<string> | 'all';
  regions: Set<string> | 'all';
}

export function trailScope(trail: Trail): TrailScope {
  return {
    accounts: trail.organization ? 'all' : new Set([trail.account]),
    regions: trail.multiRegion ? 'all' : new Set([trail.homeRegion]),
  };
}

export function inScope(scope: TrailScope, node: ModelNode): boolean {
  if (scope.accounts !== 'all' && !scope.accounts.has(node.account)) return false;
  if (scope.regions !== 'all' && (node.region === null || !scope.regions.has(node.region))) return false;
  return true;
}

/** The ARN key the optimizer uses for a resource node: S3 ARN prefix, or the exact function/table ARN. */
export function nodeKey(node: ModelNode): string | undefined {
  if (node.resourceType === RESOURCE_TYPES.s3Object) return node.arnPrefix;
  return node.arn;
}

/** Resource nodes of one type the trail can see. */
export function scopedNodes(model: VolumeModel, trail: Trail, type: string): ModelNode[] {
  const scope = trailScope(trail);
  const out: ModelNode[] = [];
  for (const node of model.nodes.values()) {
    if (node.resourceType !== type || nodeKey(node) === undefined) continue;
    if (inScope(scope, node)) out.push(node);
  }
  return out;
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

/**
 * A policy rule's `match` as an ARN key of the given type, or null when it is about another type. Bare bucket
 * names (`pii-vault`) and bucket paths (`pii-vault/customers/`) are S3.
 */
export function ruleKeyFor(match: string, type: string): string | null {
  if (match.startsWith('arn:')) {
    const m = /^arn:([^:]+):([^:]*):/.exec(match);
    if (!m) return null;
    const service = m[2];
    if (type === RESOURCE_TYPES.s3Object) return service === 's3' ? match : null;
    if (type === RESOURCE_TYPES.lambdaFunction) return service === 'lambda' ? match : null;
    if (type === RESOURCE_TYPES.dynamoTable) return service === 'dynamodb' ? match : null;
    return null;
  }
  return type === RESOURCE_TYPES.s3Object ? ruleArn(match) : null;
}

/** A short label for a key: `bucket/prefix/` for S3, the function or table name otherwise. */
export function shortLabel(key: string): string {
  const s3 = /^arn:[^:]+:s3:::(.*)$/.exec(key);
  if (s3) return s3[1] === '' ? 'every bucket' : s3[1];
  const fn = /:function:(.+)$/.exec(key);
  if (fn) return fn[1];
  const table = /:table\/(.+)$/.exec(key);
  if (table) return table[1];
  return key;
}

/** Types the policy keeps something of (a keep or keep-writes rule that applies to the type). */
export function keptTypes(policy: Policy): OptimizedType[] {
  return OPTIMIZED_TYPES.filter((t) => policy.rules.some((r) => r.decision !== 'drop' && ruleKeyFor(r.match, t) !== null));
}
