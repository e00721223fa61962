/**
 * The `(rest)` of an S3 bucket or prefix that has sampled prefixes under it: its volume that no child node accounts
 * for (the model's residual, what `estimate --by prefix` prints as "bucket/ (rest)"), as a row of its own.
 *
 * The policy has no "except" form, so deciding the rest is written as what the policy can say: a decision on the
 * bucket (or prefix) key, plus, for each child whose answer that decision would otherwise change, a decision on the
 * child pinning the answer it has now (a longer key wins: model/policy-model.ts). A child that follows the policy
 * default cannot be pinned (no rule says "log as today"), and a trail's own log bucket answers differently per trail:
 * then the row is read-only and says why.
 */
import { nodeKey, type PolicyModel } from '../model/policy-model.js';
import type { Decision } from '../model/policy.js';
import type { ModelNode, VolumeModel } from '../model/types.js';
import type { Estimator } from '../estimate/estimator.js';
import type { Span } from '../estimate/types.js';
import type { NodeShape } from './view-model.js';

const PREFIX = 'rest:';
export const REST_LABEL = '(rest)';

export function restId(ownerId: string): string {
  return PREFIX + ownerId;
}

/** The bucket or prefix a `(rest)` row belongs to, or null for any other id. */
export function restOwner(id: string): string | null {
  return id.startsWith(PREFIX) ? id.slice(PREFIX.length) : null;
}

/** An S3 node with child nodes and events of its own gets a `(rest)` row. */
export function hasRest(n: ModelNode): boolean {
  return n.arnPrefix !== undefined && n.childIds.length > 0 && n.classes.length > 0;
}

/** Tree structure with each owner's `(rest)` appended to its children (built once per model, on demand). */
export function restShapes(model: VolumeModel): (id: string) => NodeShape | undefined {
  let cache = SHAPES.get(model);
  if (!cache) SHAPES.set(model, (cache = new Map()));
  const c = cache;
  return (id) => {
    const hit = c.get(id);
    if (hit) return hit;
    const owner = restOwner(id);
    const n = model.nodes.get(owner ?? id);
    if (!n) return undefined;
    let s: NodeShape;
    if (owner !== null) s = { id, label: REST_LABEL, childIds: [], kind: n.kind };
    else if (hasRest(n)) s = { id, label: n.label, childIds: [...n.childIds, restId(id)], kind: n.kind };
    else s = n;
    c.set(id, s);
    return s;
  };
}
const SHAPES = new WeakMap<VolumeModel, Map<string, NodeShape>>();

/** The owner's own events and cost now: the estimator's per-trail evaluation of this node alone, priced per trail. */
export function ownNow(est: Estimator, ownerId: string): { events: Span; usd: Span; unknown: number } {
  const i = est.index.idx.get(ownerId);
  if (i === undefined) throw new Error(`no model node "${ownerId}"`);
  const events = { low: 0, high: 0 };
  const usd = { low: 0, high: 0 };
  for (const t of est.trails) {
    const e = est.evaluation(t.name);
    const u = est.unitCost(t.name);
    events.low += e.nodeLow[i];
    events.high += e.nodeHigh[i];
    usd.low += e.nodeLow[i] * u;
    usd.high += e.nodeHigh[i] * u;
  }
  // Classes of unknown volume logged here: the subtree's count less the children's (integers, exact).
  const n = est.index.nodes[i];
  let unknown = est.node(ownerId).unknown;
  for (const c of n.childIds) unknown -= est.node(c).unknown;
  return { events, usd, unknown };
}

/** A subtree total less its children's: the owner's own share of a per-node aggregate (proposed figures). */
export function ownOf(total: (id: string) => Span, n: ModelNode): Span {
  let { low, high } = total(n.id);
  for (const c of n.childIds) {
    const s = total(c);
    low -= s.low;
    high -= s.high;
  }
  // Sums of floats: a residual of zero may come back as -1e-13.
  return { low: Math.max(0, low), high: Math.max(0, high) };
}

export type RestPlan = { ok: true; pins: Array<[string, Decision]> } | { ok: false; why: string };

/**
 * What deciding the rest of `owner` writes besides the decision on its key: the children to pin (at the answer they
 * have now), or why it cannot be written. `ownLogBucketOf` names the trail whose own log bucket holds the owner.
 */
export function restPlan(model: VolumeModel, pm: PolicyModel | null, owner: ModelNode, ownLogBucketOf?: string): RestPlan {
  if (!pm) return { ok: false, why: 'this input has no policy: nothing decides here' };
  const ownerKey = nodeKey(owner);
  if (ownerKey === undefined) return { ok: false, why: 'not an S3 population' };
  if (ownLogBucketOf) {
    return { ok: false, why: `${bucketPath(ownerKey)} is the log bucket of trail ${ownLogBucketOf}: its prefixes answer differently per trail, so a decision on the rest alone cannot be written — decide the bucket or a prefix` };
  }
  const pins: Array<[string, Decision]> = [];
  const unpinnable: string[] = [];
  for (const cid of owner.childIds) {
    const c = model.nodes.get(cid);
    if (!c) continue;
    const a = pm.nodeAnswer(c);
    if (!a) continue;
    const s = a.statement;
    // A statement longer than the owner's key (not an account/Region one) outranks a decision on the owner: no pin.
    if (s && !s.container && s.key.length > ownerKey.length) continue;
    if (!s) unpinnable.push(c.label);
    else pins.push([c.id, s.decision]);
  }
  if (unpinnable.length > 0) {
    const names = unpinnable.slice(0, 3).join(', ') + (unpinnable.length > 3 ? `, … (${unpinnable.length})` : '');
    return {
      ok: false,
      why: `${names} follow${unpinnable.length === 1 ? 's' : ''} the policy default (${pm.policy.default}), which no rule can name: a decision on ${bucketPath(ownerKey)} would change ${unpinnable.length === 1 ? 'it' : 'them'} too. Decide ${unpinnable.length === 1 ? 'it' : 'them'} first (space on the row), then the rest can be decided`,
    };
  }
  return { ok: true, pins };
}

function bucketPath(key: string): string {
  return key.replace(/^arn:[^:]+:s3:::/, '');
}
