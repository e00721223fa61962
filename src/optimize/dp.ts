/**
 * Exact least-cost selector structure for one resource type, by dynamic programming over the ARN tree with a
 * value budget.
 *
 * Search space. Selectors of two channels: "all" selectors (reads and writes) and "writes" selectors
 * (`readOnly = false`), in layers. Within one selector a node is logged when some ancestor-or-self key is in its
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
import { at, convolve, EMPTY, isInfeasible, pointMin, shift, type Frontier } from './frontier.js';
import { MAY, MUST, MUST_NOT, type OptTrie } from './trie.js';

export interface Layers {
  /** "all" (reads and writes) layers. */
  all: number;
  /** "writes" layers. */
  writes: number;
}

/** One ARN value of the answer: which channel and layer, and whether it enters (include) or leaves (exclude). */
export interface Edge {
  node: number;
  channel: 'all' | 'writes';
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
  /** Per node: state of the "all" and "writes" channels (odd = in layer (s+1)/2, even = out of layer s/2). */
  stateAll: Uint8Array;
  stateWrites: Uint8Array;
}

export interface Solver {
  /** Least optional cost per number of ARN values (up to the cap). */
  frontier: Frontier;
  /** The answer using at most `values` ARN values (must be feasible). */
  reconstruct(values: number): TypeSolution;
}

/** Feasibility and optional cost of a node in a joint state (aIn: logged by an "all" layer; wIn: by a "writes" layer). */
function local(t: OptTrie, v: number, aIn: boolean, wIn: boolean): number {
  const r = t.reqRead[v];
  const w = t.reqWrite[v];
  if (aIn) {
    if (r === MUST_NOT || w === MUST_NOT) return Infinity;
    return (r === MAY ? t.readVolume[v] : 0) + (w === MAY ? t.writeVolume[v] : 0);
  }
  if (wIn) {
    if (r === MUST || w === MUST_NOT) return Infinity;
    return w === MAY ? t.writeVolume[v] : 0;
  }
  if (r === MUST || w === MUST) return Infinity;
  return 0;
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
  const nA = 2 * layers.all + 1;
  const nW = 2 * layers.writes + 1;
  const S = nA * nW;
  const n = t.keys.length;
  // Frontiers of internal nodes per state; leaves are recomputed on demand (most nodes are leaves).
  const H: Array<Frontier[] | null> = new Array(n).fill(null);

  const leafFrontier = (v: number, s: number): Frontier => {
    const a = (s / nW) | 0;
    const w = s % nW;
    const c = local(t, v, (a & 1) === 1, (w & 1) === 1);
    return c === Infinity ? EMPTY : Float64Array.of(c);
  };
  const frontierOf = (v: number, s: number): Frontier => {
    const h = H[v];
    return h ? h[s] : leafFrontier(v, s);
  };
  // A child's frontier seen from a parent in state s: it stays, enters or leaves a layer per channel.
  const fromParent = (c: number, s: number): Frontier => {
    const a = (s / nW) | 0;
    const w = s % nW;
    let g = frontierOf(c, s);
    const a2 = a + 1 < nA ? a + 1 : -1;
    const w2 = w + 1 < nW ? w + 1 : -1;
    if (a2 >= 0) g = pointMin(g, shift(frontierOf(c, a2 * nW + w), 1, cap));
    if (w2 >= 0) g = pointMin(g, shift(frontierOf(c, a * nW + w2), 1, cap));
    if (a2 >= 0 && w2 >= 0) g = pointMin(g, shift(frontierOf(c, a2 * nW + w2), 2, cap));
    return g;
  };
  const combine = (v: number, s: number, upto: number): Frontier[] => {
    // Prefix products over the children, for the forward pass (only the last) and reconstruction (all).
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

  // Parents precede children in index order, so a reverse sweep is a post-order.
  for (let v = n - 1; v >= 0; v--) {
    if (childrenOf(v).length === 0) continue;
    const hs: Frontier[] = new Array(S);
    for (let s = 0; s < S; s++) {
      const pre = combine(v, s, childrenOf(v).length);
      hs[s] = pre[pre.length - 1];
    }
    H[v] = hs;
  }

  // Root states reachable from "nothing logged" at no value cost: the root entering layer 1 means no ARN condition.
  const rootStates: number[] = [0];
  if (nA > 1) rootStates.push(1 * nW);
  if (nW > 1) rootStates.push(1);
  if (nA > 1 && nW > 1) rootStates.push(1 * nW + 1);
  let frontier: Frontier = EMPTY;
  for (const s of rootStates) frontier = pointMin(frontier, frontierOf(0, s));

  const reconstruct = (values: number): TypeSolution => {
    const target = at(frontier, values);
    if (target === Infinity) throw new Error('reconstruct: no feasible answer within the budget');
    const edges: Edge[] = [];
    const logsRead = new Uint8Array(n);
    const logsWrite = new Uint8Array(n);
    const stateAll = new Uint8Array(n);
    const stateWrites = new Uint8Array(n);
    let rootState = -1;
    for (const s of rootStates) if (at(frontierOf(0, s), values) <= target) { rootState = s; break; }
    const ra = (rootState / nW) | 0;
    const rw = rootState % nW;
    if (ra === 1) edges.push({ node: 0, channel: 'all', layer: 1, kind: 'enter' });
    if (rw === 1) edges.push({ node: 0, channel: 'writes', layer: 1, kind: 'enter' });
    const stack: Array<[number, number, number]> = [[0, rootState, values]];
    let used = 0;
    while (stack.length > 0) {
      const [v, s, budget] = stack.pop()!;
      const a = (s / nW) | 0;
      const w = s % nW;
      const aIn = (a & 1) === 1;
      const wIn = (w & 1) === 1;
      stateAll[v] = a;
      stateWrites[v] = w;
      logsRead[v] = aIn ? 1 : 0;
      logsWrite[v] = aIn || wIn ? 1 : 0;
      if (uniform[v] !== 0) {
        // Everything below shares the root's state.
        const below = [...t.children[v]];
        while (below.length > 0) {
          const u = below.pop()!;
          stateAll[u] = a;
          stateWrites[u] = w;
          logsRead[u] = logsRead[v];
          logsWrite[u] = logsWrite[v];
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
        const options: Array<[number, number, number, number]> = [[a, w, 0, 0]];
        if (a + 1 < nA) options.push([a + 1, w, 1, 0]);
        if (w + 1 < nW) options.push([a, w + 1, 0, 1]);
        if (a + 1 < nA && w + 1 < nW) options.push([a + 1, w + 1, 1, 1]);
        let chosen = false;
        for (const [ca, cw, da, dw] of options) {
          const cost = da + dw;
          if (j < cost) continue;
          if (at(frontierOf(c, ca * nW + cw), j - cost) <= want) {
            if (da) edges.push(edge(c, 'all', ca));
            if (dw) edges.push(edge(c, 'writes', cw));
            used += cost;
            stack.push([c, ca * nW + cw, j - cost]);
            chosen = true;
            break;
          }
        }
        if (!chosen) throw new Error('reconstruct: no child state');
        b -= j;
      }
    }
    return { values: used, cost: target, edges, logsRead, logsWrite, stateAll, stateWrites };
  };

  return { frontier, reconstruct };
}

const NO_CHILDREN: number[] = [];

/** State index → the edge that reached it: odd states are "in layer (s+1)/2", even ones "out of layer s/2". */
function edge(node: number, channel: 'all' | 'writes', state: number): Edge {
  return state % 2 === 1
    ? { node, channel, layer: (state + 1) / 2, kind: 'enter' }
    : { node, channel, layer: state / 2, kind: 'leave' };
}
