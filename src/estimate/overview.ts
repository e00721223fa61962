/**
 * What the overview ranks and labels, computed over the model index once per session (pure): the costliest
 * resources today, and where each node's numbers come from.
 */
import type { ModelNode, Provenance } from '../model/types.js';
import type { Estimator } from './estimator.js';
import type { ModelIndex } from './model-index.js';

/**
 * Provenance of a node's numbers: its own classes', or `mixed` when its subtree disagrees (static). The first
 * question answers every indexed node in one pass from the leaves up (an account's answer is its whole subtree's,
 * and the first frame shows the accounts); a node outside the index is walked on its own.
 */
export function provenanceOf(nodes: Map<string, ModelNode>, ix: ModelIndex): (id: string) => Provenance | 'mixed' {
  // Codes: NO_CLASS (nothing yet), MIXED, else 1 + an index into the index's `provenances`.
  // A copy: a node outside the index may name a provenance the index does not (never written into the index).
  const names = [...ix.provenances];
  const nameOf = (p: number): Provenance | 'mixed' => (p === MIXED ? 'mixed' : names[p - 1]);
  const codeOf = (p: Provenance | 'mixed'): number => {
    if (p === 'mixed') return MIXED;
    let i = names.indexOf(p);
    if (i < 0) i = names.push(p) - 1;
    return i + 1;
  };
  const meet = (a: number, b: number): number => (b === NO_CLASS || a === b ? a : a === NO_CLASS ? b : MIXED);
  let byIndex: Uint16Array | null = null;
  const all = (): Uint16Array => {
    const out = new Uint16Array(ix.nodes.length);
    // Children come after their parent in the index: from the end, a node's subtree is folded in before it is read.
    for (let i = ix.nodes.length - 1; i >= 0; i--) {
      let p = out[i];
      for (let c = ix.classStart[i]; c < ix.classStart[i + 1]; c++) p = meet(p, ix.provenance[c] + 1);
      out[i] = p;
      if (ix.parent[i] >= 0) out[ix.parent[i]] = meet(out[ix.parent[i]], p);
    }
    return out;
  };
  const memo = new Map<string, Provenance | 'mixed' | null>();
  const walk = (id: string): Provenance | 'mixed' | null => {
    if (memo.has(id)) return memo.get(id)!;
    const n = nodes.get(id);
    let p = NO_CLASS;
    for (const c of n?.classes ?? []) p = meet(p, codeOf(c.volume.provenance));
    for (const c of n?.childIds ?? []) {
      const q = walk(c);
      if (q !== null) p = meet(p, codeOf(q));
    }
    const v = p === NO_CLASS ? null : nameOf(p);
    memo.set(id, v);
    return v;
  };
  return (id) => {
    const i = ix.idx.get(id);
    if (i === undefined) return walk(id) ?? 'unknown';
    byIndex ??= all();
    const p = byIndex[i];
    return p === NO_CLASS ? 'unknown' : nameOf(p);
  };
}

const NO_CLASS = 0;
const MIXED = 0xffff;

/** The `max` costliest nodes of `kinds` (highest monthly cost first, then by id): the overview's drivers. */
export function topDrivers(est: Estimator, kinds: ReadonlySet<string>, max: number): string[] {
  // One pass keeping the best few in order (sorting 100k+ resources to show 12 is most of a frame).
  const top: Array<{ id: string; high: number }> = [];
  const before = (a: { id: string; high: number }, b: { id: string; high: number }) => a.high > b.high || (a.high === b.high && a.id < b.id);
  const { nodes, idx } = est.index;
  // A node listed twice under its parent is indexed twice; its figures are those of its id's index.
  const once = idx.size === nodes.length;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    if (!kinds.has(n.kind) || (!once && idx.get(n.id) !== i)) continue;
    const high = est.nodeAt(i).usdNow.high;
    if (!(high > 0)) continue;
    const s = { id: n.id, high };
    if (top.length === max && !before(s, top[max - 1])) continue;
    let j = Math.min(top.length, max - 1);
    top[j] = s;
    while (j > 0 && before(s, top[j - 1])) {
      top[j] = top[j - 1];
      top[j - 1] = s;
      j--;
    }
  }
  return top.map((s) => s.id);
}
