/** indexModel as it was before issue 17's startup work (session-startup.property.test.ts compares the two). */
import type { ModelNode, VolumeModel } from '../../src/model/types.js';
import type { ModelIndex } from '../../src/estimate/model-index.js';

export function indexModel(model: VolumeModel): Omit<ModelIndex, 'provenance' | 'provenances'> {
  const order: ModelNode[] = [];
  const parentIdx: number[] = [];
  const ends: number[] = [];
  // Iterative DFS (prefix tries can be deep).
  const stack: Array<{ id: string; parent: number; exit: boolean; index?: number }> = [];
  for (let r = model.roots.length - 1; r >= 0; r--) stack.push({ id: model.roots[r], parent: -1, exit: false });
  while (stack.length > 0) {
    const f = stack.pop()!;
    if (f.exit) {
      ends[f.index!] = order.length;
      continue;
    }
    const n = model.nodes.get(f.id);
    if (!n) continue;
    const i = order.length;
    order.push(n);
    parentIdx.push(f.parent);
    ends.push(i + 1);
    stack.push({ id: f.id, parent: f.parent, exit: true, index: i });
    for (let c = n.childIds.length - 1; c >= 0; c--) stack.push({ id: n.childIds[c], parent: i, exit: false });
  }
  const N = order.length;
  const classStart = new Int32Array(N + 1);
  let total = 0;
  for (let i = 0; i < N; i++) {
    classStart[i] = total;
    total += order[i].classes.length;
  }
  classStart[N] = total;
  const low = new Float64Array(total);
  const high = new Float64Array(total);
  const readOnly = new Uint8Array(total);
  const childPrefixes: Array<string[] | undefined> = new Array(N);
  const idx = new Map<string, number>();
  for (let i = 0; i < N; i++) {
    const n = order[i];
    idx.set(n.id, i);
    let k = classStart[i];
    for (const c of n.classes) {
      low[k] = c.volume.low ?? NaN;
      high[k] = c.volume.high ?? NaN;
      readOnly[k] = c.cls.readOnly ? 1 : 0;
      k++;
    }
    if (n.arnPrefix !== undefined) {
      const cps: string[] = [];
      for (const cid of n.childIds) {
        const c = model.nodes.get(cid);
        if (c?.arnPrefix !== undefined) cps.push(c.arnPrefix);
      }
      childPrefixes[i] = cps;
    }
  }
  return {
    nodes: order, idx, parent: Int32Array.from(parentIdx), end: Int32Array.from(ends),
    classStart, low, high, readOnly, childPrefixes,
  };
}
