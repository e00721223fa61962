/**
 * The volume model flattened for fast estimation: nodes in depth-first order (a subtree is the contiguous
 * range [i, end[i])), every node × event class in flat typed arrays. Built once per model; evaluation results
 * per trail are arrays over the same indices.
 */
import type { ModelNode, Provenance, VolumeModel } from '../model/types.js';

export interface ModelIndex {
  nodes: ModelNode[];
  idx: Map<string, number>;
  parent: Int32Array;
  end: Int32Array;
  /** Classes of node i are [classStart[i], classStart[i+1]). */
  classStart: Int32Array;
  /** Known volume bounds; NaN = unknown. */
  low: Float64Array;
  high: Float64Array;
  readOnly: Uint8Array;
  /** Where each class's volume comes from: an index into `provenances` (the distinct values, in order of first use). */
  provenance: Uint16Array;
  provenances: Provenance[];
  /** For S3 nodes: the ARN prefixes of child nodes (the evaluation's `except`). */
  childPrefixes: Array<string[] | undefined>;
}

export function indexModel(model: VolumeModel): ModelIndex {
  const order: ModelNode[] = [];
  const parentIdx: number[] = [];
  const ends: number[] = [];
  // Iterative DFS (prefix tries can be deep). A frame is an id to enter under a parent index, or (id null) the
  // exit of the node at that index: two parallel arrays, no object per frame.
  const idx = new Map<string, number>();
  let classes = 0;
  const stackIds: Array<string | null> = [];
  const stackNum: number[] = [];
  for (let r = model.roots.length - 1; r >= 0; r--) {
    stackIds.push(model.roots[r]);
    stackNum.push(-1);
  }
  while (stackIds.length > 0) {
    const id = stackIds.pop()!;
    const num = stackNum.pop()!;
    if (id === null) {
      ends[num] = order.length;
      continue;
    }
    const n = model.nodes.get(id);
    if (!n) continue;
    const i = order.length;
    order.push(n);
    idx.set(n.id, i);
    classes += n.classes.length;
    parentIdx.push(num);
    ends.push(i + 1);
    stackIds.push(null);
    stackNum.push(i);
    for (let c = n.childIds.length - 1; c >= 0; c--) {
      stackIds.push(n.childIds[c]);
      stackNum.push(i);
    }
  }
  const N = order.length;
  const classStart = new Int32Array(N + 1);
  const low = new Float64Array(classes);
  const high = new Float64Array(classes);
  const readOnly = new Uint8Array(classes);
  const provenance = new Uint16Array(classes);
  const provenances: Provenance[] = [];
  // Most classes share one provenance: the last one's code is usually the answer.
  let lastProvenance: Provenance | null = null;
  let lastCode = 0;
  const childPrefixes: Array<string[] | undefined> = new Array(N);
  let k = 0;
  for (let i = 0; i < N; i++) {
    const n = order[i];
    classStart[i] = k;
    for (const c of n.classes) {
      low[k] = c.volume.low ?? NaN;
      high[k] = c.volume.high ?? NaN;
      readOnly[k] = c.cls.readOnly ? 1 : 0;
      if (c.volume.provenance !== lastProvenance) {
        lastProvenance = c.volume.provenance;
        lastCode = provenances.indexOf(lastProvenance);
        if (lastCode < 0) lastCode = provenances.push(lastProvenance) - 1;
      }
      provenance[k] = lastCode;
      k++;
    }
    if (n.arnPrefix !== undefined) childPrefixes[i] = [];
    // Children follow their parent in childIds order: each is appended to its parent's list (no second lookup by id).
    const p = parentIdx[i];
    if (p >= 0 && n.arnPrefix !== undefined) childPrefixes[p]?.push(n.arnPrefix);
  }
  classStart[N] = k;
  return {
    nodes: order, idx, parent: Int32Array.from(parentIdx), end: Int32Array.from(ends),
    classStart, low, high, readOnly, provenance, provenances, childPrefixes,
  };
}
