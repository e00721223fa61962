/**
 * Sensitive coverage: the volume the policy model keeps and the share of it today's trails log.
 */
import { ALL, NONE, SOME } from '../selectors/evaluate.js';
import { POLICY_TYPES } from '../model/policy.js';
import { nodeKey, type PolicyModel } from '../model/policy-model.js';
import type { ModelIndex } from './model-index.js';
import type { TrailEvaluation } from './evaluate-trail.js';
import type { Span } from './types.js';

const span = (low: number, high: number): Span => ({ low, high });

/** The index's nodes that have a resource key, ordered by key (once per index: a model does not change). */
const BY_KEY = new WeakMap<ModelIndex, { keys: string[]; nodes: Int32Array }>();
function byKey(ix: ModelIndex): { keys: string[]; nodes: Int32Array } {
  let k = BY_KEY.get(ix);
  if (!k) {
    const order: number[] = [];
    const keyOf: Array<string | undefined> = new Array(ix.nodes.length);
    for (let i = 0; i < ix.nodes.length; i++) {
      const key = nodeKey(ix.nodes[i]);
      if (key === undefined) continue;
      keyOf[i] = key;
      order.push(i);
    }
    order.sort((a, b) => (keyOf[a]! < keyOf[b]! ? -1 : keyOf[a]! > keyOf[b]! ? 1 : a - b));
    k = { keys: order.map((i) => keyOf[i]!), nodes: Int32Array.from(order) };
    BY_KEY.set(ix, k);
  }
  return k;
}

/**
 * Nodes whose answer can keep something: every node the policy model answers with a keep or keep-writes statement
 * lies under that statement's key (an answer is a statement whose key is the node's or a prefix of it), and a node
 * whose residual holds a kept statement is one of the model's cuts. Every other node keeps nothing.
 */
function candidates(ix: ModelIndex, pm: PolicyModel): Uint8Array {
  const mark = new Uint8Array(ix.nodes.length);
  const { keys, nodes } = byKey(ix);
  for (const type of POLICY_TYPES) {
    for (const st of pm.statements(type)) {
      if (st.decision !== 'keep' && st.decision !== 'keep-writes') continue;
      let lo = 0;
      let hi = keys.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (keys[mid] < st.key) lo = mid + 1;
        else hi = mid;
      }
      // An exact statement (a function or table ARN) answers only its own key: `fn-1` is not `fn-10`.
      if (st.exact) for (let j = lo; j < keys.length && keys[j] === st.key; j++) mark[nodes[j]] = 1;
      else for (let j = lo; j < keys.length && keys[j].startsWith(st.key); j++) mark[nodes[j]] = 1;
    }
  }
  for (const id of pm.cuts.keys()) {
    const i = ix.idx.get(id);
    if (i !== undefined) mark[i] = 1;
  }
  return mark;
}

const keepsAll = (w: string) => w === 'keep';
const keepsWrites = (w: string) => w === 'keep' || w === 'keep-writes';

/**
 * Volume the policy keeps (keep: every class; keep-writes: writes) and how much of it some trail logs (with the
 * trails' selectors as they are now). A node a statement cuts (a kept prefix the model does not split out) counts as a range.
 * Only the nodes that can keep something are asked (candidates), in index order: the sums are the same.
 */
export function sensitiveCoverage(ix: ModelIndex, evals: readonly TrailEvaluation[], pm: PolicyModel): { sensitive: Span; logged: Span } {
  let sL = 0, sH = 0, lL = 0, lH = 0;
  const mark = candidates(ix, pm);
  for (let i = 0; i < ix.nodes.length; i++) {
    if (mark[i] === 0) continue;
    const node = ix.nodes[i];
    const answer = pm.nodeAnswer(node);
    if (!answer) continue;
    const cut = pm.cuts.get(node.id) ?? [];
    for (let c = ix.classStart[i]; c < ix.classStart[i + 1]; c++) {
      const h = ix.high[c];
      if (Number.isNaN(h)) continue;
      const l = Number.isNaN(ix.low[c]) ? 0 : ix.low[c];
      const kept = ix.readOnly[c] ? keepsAll : keepsWrites;
      const own = kept(answer.want);
      let any = own;
      let every = own;
      for (const s of cut) {
        if (kept(s.decision)) any = true;
        else every = false;
      }
      if (!any) continue;
      // Own answer keeps the residual: at least... the cut parts may not; a cut part keeps: at most all of it.
      const lowShare = own && every ? 1 : 0;
      let best = NONE as number;
      for (const e of evals) if (e.verdict[c] > best) best = e.verdict[c];
      sL += lowShare * l;
      sH += h;
      if (best === ALL) {
        lL += lowShare * l;
        lH += h;
      } else if (best === SOME) lH += h;
    }
  }
  return { sensitive: span(sL, sH), logged: span(lL, lH) };
}
