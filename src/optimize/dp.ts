/**
 * Exact least-cost selector structure for one resource type, by dynamic programming over the ARN tree with a
 * value budget.
 *
 * Search space. Selectors of three channels: "all" selectors (reads and writes), "writes" selectors
 * (`readOnly = false`) and "reads" selectors (`readOnly = true`), in layers. Within one selector a node is logged when some ancestor-or-self key is in its
 * StartsWith list and none in its NotStartsWith list (a NotStartsWith always wins, aws-facts §3), so once a
 * layer excludes a subtree, only a deeper layer (a separate selector) can log something inside it again. Each
 * node therefore carries, per channel, a state: `out0` (not logged, nothing excluded above), `in k` (logged by
 * layer k) or `out k` (excluded from layer k, only layers > k may re-enter). Moving from the parent's state to
 * the node's costs one value: enter layer k+1 (StartsWith / Equals) or leave layer k (NotStartsWith /
 * NotEquals). The root may enter layer 1 for free: that selector simply has no ARN condition.
 *
 * Objective. The volume of optional (MAY) events logged; required events are logged in every feasible answer
 * and forbidden ones in none, so they do not change the choice. Frontiers (frontier.ts) carry the least cost
 * per number of values, so merging a subtree's children is a min-plus convolution and the budget is met
 * exactly, not greedily. Layer overhead (eventCategory, resources.type, readOnly) is the caller's: it solves
 * once per number of layers.
 */
import { at, convolve, EMPTY, isInfeasible, pointMin, type Frontier } from './frontier.js';
import { MAY, MUST, MUST_NOT, type OptTrie } from './trie.js';

export type Channel = 'all' | 'writes' | 'reads';
const CHANNELS: readonly Channel[] = ['all', 'writes', 'reads'];

export interface Layers {
  /** "all" (reads and writes) layers. */
  all: number;
  /** "writes" (readOnly = false) layers. */
  writes: number;
  /** "reads" (readOnly = true) layers. */
  reads?: number;
}

/** One ARN value of the answer: which channel and layer, and whether it enters (include) or leaves (exclude). */
export interface Edge {
  node: number;
  channel: Channel;
  layer: number;
  kind: 'enter' | 'leave';
}

export interface TypeSolution {
  /** Values spent on ARN conditions (the root's free entry excluded). */
  values: number;
  /** Optional volume logged (the objective). */
  cost: number;
  edges: Edge[];
  /** Per node: logged reads, logged writes. */
  logsRead: Uint8Array;
  logsWrite: Uint8Array;
  /** Per node and channel: state (odd = in layer (s+1)/2, even = out of layer s/2). */
  stateAll: Uint8Array;
  stateWrites: Uint8Array;
  stateReads: Uint8Array;
}

export interface Solver {
  /** Least optional cost per number of ARN values (up to the cap). */
  frontier: Frontier;
  /** The answer using at most `values` ARN values (must be feasible). */
  reconstruct(values: number): TypeSolution;
}

/** Feasibility and optional cost of a node whose reads / writes are logged or not. */
function local(t: OptTrie, v: number, reads: boolean, writes: boolean): number {
  const r = t.reqRead[v];
  const w = t.reqWrite[v];
  if (reads ? r === MUST_NOT : r === MUST) return Infinity;
  if (writes ? w === MUST_NOT : w === MUST) return Infinity;
  return (reads && r === MAY ? t.readVolume[v] : 0) + (writes && w === MAY ? t.writeVolume[v] : 0);
}

/**
 * Subtrees whose every node must not be logged, or must be logged in full (reads and writes), leave no choice
 * inside: their root's state decides everything (any exit or entry below costs values and changes nothing, or is
 * infeasible). The DP treats their roots as leaves; on a tree with thousands of such rules this skips most nodes.
 */
function uniformSubtrees(t: OptTrie): Uint8Array {
  const n = t.keys.length;
  const kind = new Uint8Array(n); // 1 all MUST_NOT, 2 all MUST (reads and writes), 0 mixed
  for (let v = 0; v < n; v++) {
    const r = t.reqRead[v];
    const w = t.reqWrite[v];
    kind[v] = r === MUST_NOT && w === MUST_NOT ? 1 : r === MUST && w === MUST ? 2 : 0;
  }
  for (let v = n - 1; v > 0; v--) {
    const p = t.parent[v];
    if (kind[p] !== kind[v]) kind[p] = 0;
  }
  return kind;
}

export function solveType(t: OptTrie, layers: Layers, cap: number): Solver {
  const uniform = uniformSubtrees(t);
  const childrenOf = (v: number): number[] => (uniform[v] !== 0 ? NO_CHILDREN : t.children[v]);
  // Joint state: one digit per channel (mixed radix), 2·layers + 1 values each.
  const radix = [2 * layers.all + 1, 2 * layers.writes + 1, 2 * (layers.reads ?? 0) + 1];
  const S = radix[0] * radix[1] * radix[2];
  const digits = (s: number): [number, number, number] => [Math.floor(s / (radix[1] * radix[2])), Math.floor(s / radix[2]) % radix[1], s % radix[2]];
  const encode = (d: readonly number[]): number => (d[0] * radix[1] + d[1]) * radix[2] + d[2];
  // next[s][mask]: the state after stepping the channels in `mask` (bit c: channel c enters or leaves a layer), or -1.
  const next: Int32Array[] = [];
  const reads = new Uint8Array(S);
  const writes = new Uint8Array(S);
  for (let s = 0; s < S; s++) {
    const d = digits(s);
    const row = new Int32Array(8).fill(-1);
    for (let mask = 0; mask < 8; mask++) {
      const e = [...d];
      let ok = true;
      for (let c = 0; c < 3; c++) if (mask & (1 << c)) ok &&= ++e[c] < radix[c];
      if (ok) row[mask] = encode(e);
    }
    next.push(row);
    reads[s] = d[0] % 2 === 1 || d[2] % 2 === 1 ? 1 : 0;
    writes[s] = d[0] % 2 === 1 || d[1] % 2 === 1 ? 1 : 0;
  }
  const POP = [0, 1, 1, 2, 1, 2, 2, 3];
  const n = t.keys.length;
  // Frontiers of internal nodes per state; leaves are recomputed on demand (most nodes are leaves).
  const H: Array<Frontier[] | null> = new Array(n).fill(null);

  const leafFrontier = (v: number, s: number): Frontier => {
    const c = local(t, v, reads[s] === 1, writes[s] === 1);
    return c === Infinity ? EMPTY : Float64Array.of(c);
  };
  const frontierOf = (v: number, s: number): Frontier => {
    const h = H[v];
    return h ? h[s] : leafFrontier(v, s);
  };
  // A child's frontier seen from a parent in state s: per channel it stays, or enters / leaves a layer (1 value).
  // Per state, the moves other than staying: [target state, values] pairs.
  const moves: number[][] = next.map((row) => {
    const m: number[] = [];
    for (let mask = 1; mask < 8; mask++) if (row[mask] >= 0) m.push(row[mask], POP[mask]);
    return m;
  });
  // A leaf child's answer depends on its state only through what it logs (reads × writes: 4 cases). Per parent
  // state, the fewest values that reach a child state of each case (NONE_REACH: none within the cap).
  const NONE_REACH = 255;
  const reach = new Uint8Array(S * 4).fill(NONE_REACH);
  for (let s = 0; s < S; s++) {
    reach[s * 4 + reads[s] * 2 + writes[s]] = 0;
    const m = moves[s];
    for (let i = 0; i < m.length; i += 2) {
      const k = s * 4 + reads[m[i]] * 2 + writes[m[i]];
      if (m[i + 1] <= cap && m[i + 1] < reach[k]) reach[k] = m[i + 1];
    }
  }
  // Scratch frontiers (at most cap + 1 entries): the forward pass allocates only the frontiers it keeps.
  const G = new Float64Array(cap + 1);
  let A = new Float64Array(cap + 1);
  let B = new Float64Array(cap + 1);
  const L = new Float64Array(4);
  /**
   * The child's frontier seen from a parent in state s (the least cost per values over staying and every move,
   * each shifted by its values and capped), written into `out`, trimmed; returns its length. The same frontier
   * as pointMin over shift(frontierOf(c, s2), values, cap) (frontier.ts), computed without intermediates.
   */
  const fromParentInto = (c: number, s: number, out: Float64Array): number => {
    const h = H[c];
    let n: number;
    if (h === null) {
      for (let rw = 0; rw < 4; rw++) L[rw] = local(t, c, rw >= 2, (rw & 1) === 1);
      n = 1;
      for (let rw = 0; rw < 4; rw++) {
        const d = reach[s * 4 + rw];
        if (d !== NONE_REACH && L[rw] !== Infinity && d + 1 > n) n = d + 1;
      }
      for (let k = 0; k < n; k++) out[k] = Infinity;
      for (let rw = 0; rw < 4; rw++) {
        const d = reach[s * 4 + rw];
        if (d === NONE_REACH) continue;
        const x = L[rw];
        for (let k = d; k < n; k++) if (x < out[k]) out[k] = x;
      }
    } else {
      const f0 = h[s];
      const m = moves[s];
      n = f0.length;
      for (let i = 0; i < m.length; i += 2) {
        const by = m[i + 1];
        if (by > cap) continue;
        const len = Math.min(h[m[i]].length + by, cap + 1);
        if (len > n) n = len;
      }
      for (let k = 0; k < n; k++) out[k] = f0[k < f0.length ? k : f0.length - 1];
      for (let i = 0; i < m.length; i += 2) {
        const by = m[i + 1];
        if (by > cap) continue;
        const f = h[m[i]];
        const last = f.length - 1;
        for (let k = by; k < n; k++) {
          const x = f[k - by < last ? k - by : last];
          if (x < out[k]) out[k] = x;
        }
      }
    }
    while (n > 1 && out[n - 1] === out[n - 2]) n--;
    return n;
  };
  /** The same frontier as fromParentInto, as its own array (for reconstruction). */
  const fromParent = (c: number, s: number): Frontier => {
    const n = fromParentInto(c, s, G);
    return keep(G, n);
  };
  const combine = (v: number, s: number, upto: number): Frontier[] => {
    // Prefix products over the children, for reconstruction.
    const prefixes: Frontier[] = [leafFrontier(v, s)];
    let acc = prefixes[0];
    const kids = childrenOf(v);
    for (let i = 0; i < upto && i < kids.length; i++) {
      if (isInfeasible(acc)) {
        prefixes.push(EMPTY);
        continue;
      }
      acc = convolve(acc, fromParent(kids[i], s), cap);
      prefixes.push(acc);
    }
    return prefixes;
  };
  /**
   * The last of combine(v, s, every child), in scratch space: the forward pass. Each step is frontier.ts's
   * convolve (same sums, same running minimum, same trim), so the kept frontier is the same.
   */
  const forward = (v: number, s: number): Frontier => {
    const c0 = local(t, v, reads[s] === 1, writes[s] === 1);
    if (c0 === Infinity) return EMPTY;
    A[0] = c0;
    let aLen = 1;
    const kids = childrenOf(v);
    for (let i = 0; i < kids.length; i++) {
      const bLen = fromParentInto(kids[i], s, G);
      let a0 = 0;
      while (a0 < aLen && A[a0] === Infinity) a0++;
      let b0 = 0;
      while (b0 < bLen && G[b0] === Infinity) b0++;
      if (a0 === aLen || b0 === bLen) return EMPTY;
      const n = Math.min(aLen + bLen - 1, cap + 1);
      for (let k = 0; k < n; k++) B[k] = Infinity;
      for (let x = a0; x < aLen && x + b0 < n; x++) {
        const ax = A[x];
        const jmax = Math.min(bLen - 1, n - 1 - x);
        for (let j = b0; j <= jmax; j++) {
          const y = ax + G[j];
          if (y < B[x + j]) B[x + j] = y;
        }
      }
      for (let k = 1; k < n; k++) if (B[k - 1] < B[k]) B[k] = B[k - 1];
      let m = n;
      while (m > 1 && B[m - 1] === B[m - 2]) m--;
      const tmp = A;
      A = B;
      B = tmp;
      aLen = m;
      if (A[aLen - 1] === Infinity) return EMPTY;
    }
    return keep(A, aLen);
  };

  // Parents precede children in index order, so a reverse sweep is a post-order.
  for (let v = n - 1; v >= 0; v--) {
    if (childrenOf(v).length === 0) continue;
    const hs: Frontier[] = new Array(S);
    for (let s = 0; s < S; s++) hs[s] = forward(v, s);
    H[v] = hs;
  }

  // Root states reachable from "nothing logged" at no value cost: entering layer 1 at the root means no ARN condition.
  const rootStates: number[] = [];
  for (let mask = 0; mask < 8; mask++) if (next[0][mask] >= 0) rootStates.push(next[0][mask]);
  let frontier: Frontier = EMPTY;
  for (const s of rootStates) frontier = pointMin(frontier, frontierOf(0, s));

  const reconstruct = (values: number): TypeSolution => {
    const target = at(frontier, values);
    if (target === Infinity) throw new Error('reconstruct: no feasible answer within the budget');
    const edges: Edge[] = [];
    const logsRead = new Uint8Array(n);
    const logsWrite = new Uint8Array(n);
    const state = [new Uint8Array(n), new Uint8Array(n), new Uint8Array(n)];
    let rootState = -1;
    for (const s of rootStates) if (at(frontierOf(0, s), values) <= target) { rootState = s; break; }
    digits(rootState).forEach((d, c) => {
      if (d === 1) edges.push({ node: 0, channel: CHANNELS[c], layer: 1, kind: 'enter' });
    });
    const stack: Array<[number, number, number]> = [[0, rootState, values]];
    let used = 0;
    const mark = (u: number, s: number) => {
      const d = digits(s);
      for (let c = 0; c < 3; c++) state[c][u] = d[c];
      logsRead[u] = reads[s];
      logsWrite[u] = writes[s];
    };
    while (stack.length > 0) {
      const [v, s, budget] = stack.pop()!;
      mark(v, s);
      if (uniform[v] !== 0) {
        // Everything below shares the root's state.
        const below = [...t.children[v]];
        while (below.length > 0) {
          const u = below.pop()!;
          mark(u, s);
          for (const c of t.children[u]) below.push(c);
        }
        continue;
      }
      const kids = t.children[v];
      if (kids.length === 0) continue;
      const pre = combine(v, s, kids.length);
      let b = budget;
      for (let i = kids.length; i >= 1; i--) {
        const goal = at(pre[i], b);
        const g = fromParent(kids[i - 1], s);
        let j = 0;
        for (; j <= b; j++) if (at(pre[i - 1], b - j) + at(g, j) <= goal) break;
        if (j > b) throw new Error('reconstruct: inconsistent split');
        // Which state the child takes to reach at(g, j).
        const c = kids[i - 1];
        const want = at(g, j);
        let chosen = false;
        for (let mask = 0; mask < 8 && !chosen; mask++) {
          const s2 = next[s][mask];
          const cost = POP[mask];
          if (s2 < 0 || j < cost) continue;
          if (at(frontierOf(c, s2), j - cost) <= want) {
            const d2 = digits(s2);
            for (let ch = 0; ch < 3; ch++) if (mask & (1 << ch)) edges.push(edge(c, CHANNELS[ch], d2[ch]));
            used += cost;
            stack.push([c, s2, j - cost]);
            chosen = true;
          }
        }
        if (!chosen) throw new Error('reconstruct: no child state');
        b -= j;
      }
    }
    return { values: used, cost: target, edges, logsRead, logsWrite, stateAll: state[0], stateWrites: state[1], stateReads: state[2] };
  };

  return { frontier, reconstruct };
}

const NO_CHILDREN: number[] = [];

const ZERO: Frontier = Float64Array.of(0);

/** The first `n` entries of a scratch frontier as a frontier of its own (the commonest ones shared: never mutated). */
function keep(f: Float64Array, n: number): Frontier {
  if (n === 1) {
    if (f[0] === Infinity) return EMPTY;
    if (f[0] === 0) return ZERO;
  }
  return f.slice(0, n);
}

/** State digit → the edge that reached it: odd digits are "in layer (d+1)/2", even ones "out of layer d/2". */
function edge(node: number, channel: Channel, digit: number): Edge {
  return digit % 2 === 1
    ? { node, channel, layer: (digit + 1) / 2, kind: 'enter' }
    : { node, channel, layer: digit / 2, kind: 'leave' };
}
