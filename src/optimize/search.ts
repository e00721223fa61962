/**
 * The exact search over layer counts and resource types: per type, the DP of dp.ts once per number of "all"
 * and "writes" layers (each layer is a selector whose fixed fields cost values), then the types' frontiers
 * merged under the trail's budget. Every step is a min over complete alternatives, so the result is the optimum
 * of the search space, not a greedy pick.
 */
import { at, convolve, EMPTY, isInfeasible, minValues, pointMin, shift, type Frontier } from './frontier.js';
import { solveType, type Layers, type Solver, type TypeSolution } from './dp.js';
import { MUST, MUST_NOT, type OptTrie } from './trie.js';

/** Values a layer's selector spends besides its ARN values: eventCategory + resources.type (+ readOnly). */
export const ALL_LAYER_OVERHEAD = 2;
export const WRITES_LAYER_OVERHEAD = 3;
export const READS_LAYER_OVERHEAD = 3;

export interface TypePlan {
  layers: Layers;
  solution: TypeSolution;
  /** ARN values + layer overhead. */
  values: number;
}

export interface TypeSearch {
  /** Least optional cost per total values (overhead included). */
  frontier: Frontier;
  pick(values: number): TypePlan;
}

export interface SearchLimits {
  /** Most "all" layers tried (raised to what the policy's nesting needs). Default 2. */
  maxAllLayers?: number;
  /** Most "writes" layers tried. Default 1. */
  maxWriteLayers?: number;
  /** Most "reads" layers tried. Default 1. */
  maxReadLayers?: number;
}

/**
 * Layers of "all" selectors that nesting forces: along a root path, each run of nodes whose reads must be logged
 * that follows a node that must not be logged needs a layer of its own.
 */
export function requiredAllLayers(t: OptTrie): number {
  const n = t.keys.length;
  const runs = new Int32Array(n);
  const blocked = new Uint8Array(n); // a MUST_NOT node lies above, since the last run started
  const inRun = new Uint8Array(n);
  let max = 0;
  for (let v = 0; v < n; v++) {
    const p = t.parent[v];
    const must = t.reqRead[v] === MUST;
    const never = t.reqRead[v] === MUST_NOT || t.reqWrite[v] === MUST_NOT;
    const pr = p >= 0 ? runs[p] : 0;
    const pb = p >= 0 ? blocked[p] === 1 : false;
    const pin = p >= 0 ? inRun[p] === 1 : false;
    if (must) {
      runs[v] = pin && !pb ? pr : pr + 1;
      inRun[v] = 1;
      blocked[v] = 0;
    } else {
      runs[v] = pr;
      inRun[v] = pin ? 1 : 0;
      blocked[v] = never || pb ? 1 : 0;
    }
    if (runs[v] > max) max = runs[v];
  }
  return max;
}

/** A writes-only channel helps only where writes must be logged and reads need not be (and reads-only vice versa). */
function writesUseful(t: OptTrie): boolean {
  for (let v = 0; v < t.keys.length; v++) if (t.reqWrite[v] === MUST && t.reqRead[v] !== MUST) return true;
  return false;
}

function readsUseful(t: OptTrie): boolean {
  for (let v = 0; v < t.keys.length; v++) if (t.reqRead[v] === MUST && t.reqWrite[v] !== MUST) return true;
  return false;
}

export function searchType(t: OptTrie, cap: number, limits: SearchLimits = {}): TypeSearch {
  const nested = requiredAllLayers(t);
  const maxAll = Math.max(limits.maxAllLayers ?? 2, nested);
  const maxWrites = writesUseful(t) ? (limits.maxWriteLayers ?? 1) : 0;
  const maxReads = readsUseful(t) ? (limits.maxReadLayers ?? 1) : 0;
  // Without a reads channel only "all" layers log reads, so fewer than the nesting forces are infeasible.
  const minAll = maxReads > 0 ? 0 : nested;
  const runs: Array<{ layers: Layers; overhead: number; solver: Solver; shifted: Frontier }> = [];
  let frontier: Frontier = EMPTY;
  for (let all = minAll; all <= maxAll; all++) {
    for (let writes = 0; writes <= maxWrites; writes++) {
      for (let reads = 0; reads <= maxReads; reads++) {
        const overhead = all * ALL_LAYER_OVERHEAD + writes * WRITES_LAYER_OVERHEAD + reads * READS_LAYER_OVERHEAD;
        if (overhead > cap) continue;
        const layers = { all, writes, reads };
        const solver = solveType(t, layers, cap - overhead);
        if (isInfeasible(solver.frontier)) continue;
        const shifted = shift(solver.frontier, overhead, cap);
        runs.push({ layers, overhead, solver, shifted });
        frontier = pointMin(frontier, shifted);
      }
    }
  }
  return {
    frontier,
    pick(values: number): TypePlan {
      const goal = at(frontier, values);
      // Fewest layers first among equal costs: simpler selectors.
      for (const r of runs) {
        if (at(r.shifted, values) <= goal) {
          const arnValues = Math.min(values - r.overhead, r.solver.frontier.length - 1);
          const solution = r.solver.reconstruct(Math.max(0, arnValues));
          return { layers: r.layers, solution, values: solution.values + r.overhead };
        }
      }
      throw new Error('pick: no feasible plan within the budget');
    },
  };
}

/**
 * Split a budget between independent parts (resource types) at least total cost. Returns the values each part
 * gets, or null when even the cheapest combination does not fit.
 */
export function splitBudget(frontiers: readonly Frontier[], budget: number): { values: number[]; cost: number } | null {
  if (budget < 0) return null;
  const prefixes: Frontier[] = [Float64Array.of(0)];
  for (const f of frontiers) prefixes.push(convolve(prefixes[prefixes.length - 1], f, budget));
  const total = prefixes[prefixes.length - 1];
  const cost = at(total, budget);
  if (cost === Infinity) return null;
  const values = new Array<number>(frontiers.length).fill(0);
  let b = Math.min(budget, total.length - 1);
  for (let i = frontiers.length; i >= 1; i--) {
    const goal = at(prefixes[i], b);
    let j = 0;
    for (; j <= b; j++) if (at(prefixes[i - 1], b - j) + at(frontiers[i - 1], j) <= goal) break;
    // Spend no more than the part needs (its frontier's length).
    values[i - 1] = Math.min(j, frontiers[i - 1].length - 1);
    b -= j;
  }
  return { values, cost };
}

/** Least values any feasible answer for these parts needs (Infinity when a part is infeasible at any budget). */
export function leastValues(frontiers: readonly Frontier[]): number {
  let sum = 0;
  for (const f of frontiers) sum += minValues(f);
  return sum;
}
