/**
 * The session's resource tree with what the k9s-style Resources tab adds on top: a `(rest)` row under every S3
 * node that has sampled prefixes and volume of its own (rest-rows.ts), and the detail pane's data for any row
 * (resource-detail.ts). The rows themselves stay the session's: a `(rest)` row is its owner's row with the owner's
 * own figures (the estimator's per-node evaluation) and the same policy answer.
 */
import type { Estimator } from '../estimate/estimator.js';
import type { Span } from '../estimate/types.js';
import type { PolicyModel } from '../model/policy-model.js';
import type { Decision, NodeDecision } from '../model/policy.js';
import type { ModelNode, Provenance, VolumeModel } from '../model/types.js';
import { hasRest, ownNow, ownOf, restId, restOwner, restPlan, restShapes, REST_LABEL, type RestPlan } from './rest-rows.js';
import { resourceDetail, type ResourceDetail } from './resource-detail.js';
import type { ProposedState, ResourceRow, ResourceTree } from './view-model.js';

export interface TreeExtras {
  est: Estimator;
  model: VolumeModel;
  pm: PolicyModel | null;
  state: ProposedState;
  /** Subtree proposed USD per node when the proposal is ready; null otherwise. */
  proposedUsd: ((id: string) => Span) | null;
}

/** Which governed trail, if any, has this S3 node inside its own log bucket. */
export function ownLogBucketOf(est: Estimator): (n: ModelNode) => string | undefined {
  const own = est.trails.filter((t) => t.kind === 'trail' && est.governed.has(t.name) && t.s3Bucket).map((t) => ({ key: `arn:aws:s3:::${t.s3Bucket}/`, trail: t.name }));
  return (n) => (n.arnPrefix ? own.find((o) => n.arnPrefix!.startsWith(o.key))?.trail : undefined);
}

export function withRestRows(base: ResourceTree, x: TreeExtras): ResourceTree {
  const shape = restShapes(x.model);
  const ownLog = ownLogBucketOf(x.est);
  const rows = new Map<string, ResourceRow>();
  const plans = new Map<string, RestPlan>();
  const planOf = (owner: ModelNode): RestPlan => {
    let p = plans.get(owner.id);
    if (!p) plans.set(owner.id, (p = restPlan(x.model, x.pm, owner, ownLog(owner))));
    return p;
  };
  const tree: ResourceTree = {
    ...base,
    shape,
    get(id) {
      const hit = rows.get(id);
      if (hit) return hit;
      const ownerId = restOwner(id);
      let row: ResourceRow | undefined;
      if (ownerId === null) {
        row = base.get(id);
        const s = row && shape(id);
        // Children as the tree walks them (the `(rest)` last).
        if (row && s && s.childIds !== row.childIds) row = { ...row, childIds: s.childIds };
      } else {
        const owner = x.model.nodes.get(ownerId);
        const o = owner && hasRest(owner) ? base.get(ownerId) : undefined;
        if (owner && o) row = restRow(id, o, owner, x, planOf(owner));
      }
      if (row) rows.set(id, row);
      return row;
    },
    detail(id) {
      const row = tree.get(id);
      const ownerId = restOwner(id);
      const node = x.model.nodes.get(ownerId ?? id);
      if (!row || !node) return undefined;
      const plan = ownerId !== null ? planOf(node) : null;
      return resourceDetail({ est: x.est, model: x.model, pm: x.pm, row, node, rest: ownerId !== null, proposed: x.state, pins: plan?.ok ? plan.pins : [] });
    },
  };
  return tree;
}

function restRow(id: string, o: ResourceRow, owner: ModelNode, x: TreeExtras, plan: RestPlan): ResourceRow {
  const now = ownNow(x.est, owner.id);
  const proposed = x.proposedUsd ? ownOf(x.proposedUsd, owner) : x.state === 'none' ? now.usd : null;
  return {
    ...o,
    id,
    parentId: owner.id,
    label: REST_LABEL,
    childIds: [],
    events: now.events,
    costNow: now.usd,
    costProposed: proposed,
    unknown: now.unknown,
    provenance: ownProvenance(owner),
    readOnly: plan.ok ? undefined : plan.why,
  };
}

function ownProvenance(n: ModelNode): Provenance | 'mixed' {
  let p: Provenance | 'mixed' | null = null;
  for (const c of n.classes) p = p === null || p === c.volume.provenance ? c.volume.provenance : 'mixed';
  return p ?? 'unknown';
}

/**
 * The decisions one `space` writes. On a `(rest)` row: the owner's key, plus pins that keep each child's answer;
 * back to auto, the owner's decision goes and so do the pins still as they were written. Any other row: itself,
 * and it is no longer a pin (the user decided it). `pinned` (owner → child → decision) is the session's record.
 */
export function decisionsFor(
  model: VolumeModel, pm: PolicyModel | null, est: Estimator, nodeId: string, d: NodeDecision,
  current: ReadonlyMap<string, NodeDecision>, pinned: Map<string, Map<string, Decision>>,
): { changes: Array<[string, NodeDecision]> } | { refused: string } {
  const ownerId = restOwner(nodeId);
  if (ownerId === null) {
    for (const m of pinned.values()) m.delete(nodeId);
    return { changes: [[nodeId, d]] };
  }
  const owner = model.nodes.get(ownerId);
  if (!owner || !hasRest(owner)) return { refused: `no such row: ${nodeId}` };
  const changes: Array<[string, NodeDecision]> = [[ownerId, d]];
  const mine = pinned.get(ownerId) ?? new Map<string, Decision>();
  if (d === 'auto') {
    for (const [c, v] of mine) if (current.get(c) === v) changes.push([c, 'auto']);
    pinned.delete(ownerId);
    return { changes };
  }
  const plan = restPlan(model, pm, owner, ownLogBucketOf(est)(owner));
  if (!plan.ok) return { refused: plan.why };
  for (const [c, v] of plan.pins) {
    changes.push([c, v]);
    mine.set(c, v);
  }
  pinned.set(ownerId, mine);
  return { changes };
}

export { restId, type ResourceDetail };
