/**
 * Sensitive coverage: the volume the policy model keeps and the share of it today's trails log.
 */
import { ALL, SOME } from '../selectors/evaluate.js';
import { POLICY_TYPES } from '../model/policy.js';
import { nodeExact, nodeKey, type Answer, type PolicyModel, type Statement } from '../model/policy-model.js';
import type { ModelIndex } from './model-index.js';
import type { TrailEvaluation } from './evaluate-trail.js';
import type { Span } from './types.js';

const span = (low: number, high: number): Span => ({ low, high });

/**
 * The index's keyed nodes ordered by key, once per index (a model does not change; decisions do): the keys a
 * statement's key starts form a contiguous run of that order. `code[p]`: the node's resource type (its index in
 * POLICY_TYPES) × 2 + exactness, -1 for a type the policy does not speak of. A statement key's run is remembered
 * (`runs`, `exactRuns`): the runs of buckets, functions and tables (what an account decision states, thousands at
 * once) are found up front from their own positions; any other key by binary search the first time it is asked.
 * Not every key is hashed up front: on the bench's 111,000 keys that alone took 30–55 ms (a decision has 50 ms).
 */
interface KeyOrder {
  keys: string[];
  nodes: Int32Array;
  code: Int8Array;
  runs: Map<string, number>;
  exactRuns: Map<string, number>;
  /** Per-call work space, reused: a call allocates nothing proportional to the model (no garbage to collect). */
  edge: Uint8Array;
  keepDelta: Int32Array;
  /** How many statements cover a position, and (when one does) which: differences along the order. */
  coverDelta: Int32Array;
  soleDelta: Float64Array;
  /** Per position, which question's answer it takes (-1: none); the questions' positions, sole statements, answers. */
  slot: Int32Array;
  askAt: Int32Array;
  askSole: Int32Array;
  answers: Uint8Array;
  bits: Uint8Array;
}

const ORDERS = new WeakMap<ModelIndex, KeyOrder>();
function keyOrder(ix: ModelIndex): KeyOrder {
  let k = ORDERS.get(ix);
  if (k) return k;
  const order: number[] = [];
  const keyOf: Array<string | undefined> = new Array(ix.nodes.length);
  for (let i = 0; i < ix.nodes.length; i++) {
    const key = nodeKey(ix.nodes[i]);
    if (key === undefined) continue;
    keyOf[i] = key;
    order.push(i);
  }
  // Index order is mostly sorted already (a bucket's prefixes follow it): the sort merges a few runs.
  order.sort((a, b) => {
    const x = keyOf[a]!;
    const y = keyOf[b]!;
    return x === y ? a - b : x < y ? -1 : 1;
  });
  const K = order.length;
  const keys = new Array<string>(K);
  const code = new Int8Array(K);
  for (let p = 0; p < K; p++) {
    const node = ix.nodes[order[p]];
    keys[p] = keyOf[order[p]]!;
    const t = (POLICY_TYPES as readonly (string | undefined)[]).indexOf(node.resourceType);
    code[p] = t < 0 ? -1 : t * 2 + (nodeExact(node) ? 1 : 0);
  }
  const runs = new Map<string, number>();
  const exactRuns = new Map<string, number>();
  // The runs of the resources an account or Region decision states (buckets, functions, tables: the keyed nodes
  // right under an unkeyed one), found now from their own positions: a decision's statements then find theirs.
  for (let p = 0; p < K; p++) {
    const i = order[p];
    if (ix.parent[i] >= 0 && keyOf[ix.parent[i]] !== undefined) continue;
    const exact = nodeExact(ix.nodes[i]);
    const memo = exact ? exactRuns : runs;
    if (memo.has(keys[p])) continue;
    let lo = p;
    while (lo > 0 && keys[lo - 1] === keys[p]) lo--;
    memo.set(keys[p], lo * (K + 1) + runEnd(keys, lo, keys[p], exact));
  }
  k = {
    keys, nodes: Int32Array.from(order), code, runs, exactRuns,
    edge: new Uint8Array(K + 1), keepDelta: new Int32Array(K + 1), coverDelta: new Int32Array(K + 1), soleDelta: new Float64Array(K + 1),
    slot: new Int32Array(K), askAt: new Int32Array(K), askSole: new Int32Array(K), answers: new Uint8Array(K),
    bits: new Uint8Array(ix.nodes.length),
  };
  ORDERS.set(ix, k);
  return k;
}

/** First position whose key is not below `key`. */
function lowerBound(keys: readonly string[], key: string): number {
  let a = 0;
  let b = keys.length;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if (keys[mid] < key) a = mid + 1;
    else b = mid;
  }
  return a;
}

/** From `lo` (where the run starts), the first position past the keys equal to `key` (exact) or starting with it. */
function runEnd(keys: readonly string[], lo: number, key: string, exact: boolean): number {
  let a = lo;
  let b = keys.length;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if (exact ? keys[mid] === key : keys[mid].lastIndexOf(key, 0) === 0) a = mid + 1;
    else b = mid;
  }
  return a;
}

/**
 * Positions [lo, hi) of the keys a statement answers, packed as lo × (K + 1) + hi: its own key if exact (a
 * function or table ARN: `fn-1` is not `fn-10`), else every key starting with it.
 */
function runOf(o: KeyOrder, st: Statement): number {
  const memo = st.exact ? o.exactRuns : o.runs;
  const hit = memo.get(st.key);
  if (hit !== undefined) return hit;
  const lo = lowerBound(o.keys, st.key);
  const run = lo * (o.keys.length + 1) + runEnd(o.keys, lo, st.key, st.exact);
  memo.set(st.key, run);
  return run;
}

/** Per class, the best verdict of any trail, once per set of evaluations (today's selectors do not change with decisions). */
const BEST = new WeakMap<readonly TrailEvaluation[], { of: TrailEvaluation[]; best: Uint8Array }>();
function bestVerdict(ix: ModelIndex, evals: readonly TrailEvaluation[]): Uint8Array {
  const hit = BEST.get(evals);
  // The same array with other evaluations in it (or another index's) is computed afresh.
  if (hit && hit.best.length === ix.low.length && hit.of.length === evals.length && hit.of.every((e, k) => e === evals[k])) return hit.best;
  const best = new Uint8Array(ix.low.length);
  for (const e of evals) for (let c = 0; c < best.length; c++) if (e.verdict[c] > best[c]) best[c] = e.verdict[c];
  BEST.set(evals, { of: [...evals], best });
  return best;
}

const KEEP_READ = 1;
const KEEP_WRITE = 2;
const ASKED = 4;
const CUT = 8;

function wants(w: Answer['want']): number {
  return ASKED | (w === 'keep' ? KEEP_READ | KEEP_WRITE : w === 'keep-writes' ? KEEP_WRITE : 0);
}

function asked(answer: Answer | null): number {
  return answer ? wants(answer.want) : 0;
}

/**
 * What each node's answer keeps (bits above; 0: nothing to ask), for the nodes whose answer can keep something:
 * those a keep or keep-writes statement covers, and the model's cuts. Nodes between the same two range edges are
 * covered by the same statements, so their answer is the same for the same resource type and exactness: one
 * question per such stretch, not per node. A stretch one statement alone covers takes that statement; where
 * statements overlap, the policy model answers (its precedence stays the one definition).
 * Returns the index's reused work space: read it before the next call.
 */
function keptBits(ix: ModelIndex, pm: PolicyModel): Uint8Array {
  const o = keyOrder(ix);
  const K = o.keys.length;
  const { edge, keepDelta, coverDelta, soleDelta, bits } = o;
  edge.fill(0);
  keepDelta.fill(0);
  coverDelta.fill(0);
  soleDelta.fill(0);
  bits.fill(0);
  const stmts: Statement[] = [];
  for (const type of POLICY_TYPES) {
    for (const st of pm.statements(type)) {
      const run = runOf(o, st);
      const lo = Math.floor(run / (K + 1));
      const hi = run - lo * (K + 1);
      if (lo === hi) continue;
      edge[lo] = 1;
      edge[hi] = 1;
      coverDelta[lo]++;
      coverDelta[hi]--;
      soleDelta[lo] += stmts.length;
      soleDelta[hi] -= stmts.length;
      stmts.push(st);
      if (st.decision === 'keep' || st.decision === 'keep-writes') {
        keepDelta[lo]++;
        keepDelta[hi]--;
      }
    }
  }
  // Three passes, so that the passes over every key only ever do typed-array work (their optimized code stays valid
  // from one decision to the next): which question each position takes (one per stretch and code, the code being
  // type × exactness), the questions, the answers spread.
  const { code, nodes, slot, askAt, askSole, answers } = o;
  const lastStretch = new Int32Array(2 * POLICY_TYPES.length).fill(-1);
  const lastAsk = new Int32Array(2 * POLICY_TYPES.length);
  let stretch = 0;
  let asks = 0;
  let keeping = 0;
  let cover = 0;
  let sole = 0;
  for (let p = 0; p < K; p++) {
    keeping += keepDelta[p];
    cover += coverDelta[p];
    sole += soleDelta[p];
    stretch += edge[p];
    const c = code[p];
    if (keeping === 0 || c < 0) {
      slot[p] = -1;
      continue;
    }
    if (lastStretch[c] !== stretch) {
      lastStretch[c] = stretch;
      lastAsk[c] = asks;
      askSole[asks] = cover === 1 ? sole : -1;
      askAt[asks++] = p;
    }
    slot[p] = lastAsk[c];
  }
  for (let a = 0; a < asks; a++) {
    // One statement alone covers the stretch: for a node it can answer (its type; an exact statement only an exact
    // node) it is the longest match there is, so the answer. Where statements overlap, the policy model decides.
    const st = askSole[a] >= 0 ? stmts[askSole[a]] : null;
    const c = code[askAt[a]];
    if (st && st.type === POLICY_TYPES[c >> 1] && (!st.exact || (c & 1) === 1)) answers[a] = wants(st.decision);
    else answers[a] = asked(pm.nodeAnswer(ix.nodes[nodes[askAt[a]]]));
  }
  for (let p = 0; p < K; p++) if (slot[p] >= 0) bits[nodes[p]] = answers[slot[p]];
  for (const id of pm.cuts.keys()) {
    const i = ix.idx.get(id);
    if (i === undefined) continue;
    if (bits[i] === 0) bits[i] = asked(pm.nodeAnswer(ix.nodes[i]));
    if (bits[i] !== 0) bits[i] |= CUT;
  }
  return bits;
}

/**
 * Volume the policy keeps (keep: every class; keep-writes: writes) and how much of it some trail logs (with the
 * trails' selectors as they are now). A node a statement cuts (a kept prefix the model does not split out) counts as a range.
 * Only the nodes that can keep something are visited, in index order and class by class: the sums are the same, bit for bit.
 */
export function sensitiveCoverage(ix: ModelIndex, evals: readonly TrailEvaluation[], pm: PolicyModel): { sensitive: Span; logged: Span } {
  let sL = 0, sH = 0, lL = 0, lH = 0;
  const bits = keptBits(ix, pm);
  const best = bestVerdict(ix, evals);
  for (let i = 0; i < ix.nodes.length; i++) {
    const f = bits[i];
    if (f === 0) continue;
    // Per kind of class (reads: keep; writes: keep or keep-writes): does some answer keep it, and do all?
    const ownR = (f & KEEP_READ) !== 0;
    const ownW = (f & KEEP_WRITE) !== 0;
    let anyR = ownR, everyR = ownR, anyW = ownW, everyW = ownW;
    if (f & CUT) {
      for (const s of pm.cuts.get(ix.nodes[i].id)!) {
        if (s.decision === 'keep') anyR = true;
        else everyR = false;
        if (s.decision === 'keep' || s.decision === 'keep-writes') anyW = true;
        else everyW = false;
      }
    }
    if (!anyR && !anyW) continue;
    for (let c = ix.classStart[i]; c < ix.classStart[i + 1]; c++) {
      const h = ix.high[c];
      if (Number.isNaN(h)) continue;
      const read = ix.readOnly[c] !== 0;
      if (!(read ? anyR : anyW)) continue;
      const l = Number.isNaN(ix.low[c]) ? 0 : ix.low[c];
      // Own answer keeps the residual: at least... the cut parts may not; a cut part keeps: at most all of it.
      const lowShare = (read ? everyR : everyW) ? 1 : 0;
      const b = best[c];
      sL += lowShare * l;
      sH += h;
      if (b === ALL) {
        lL += lowShare * l;
        lH += h;
      } else if (b === SOME) lH += h;
    }
  }
  return { sensitive: span(sL, sH), logged: span(lL, lH) };
}
