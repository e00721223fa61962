/**
 * The optimizer's DP computes its forward pass in scratch space (issue 17: no intermediate frontiers). It must give
 * exactly what the allocating version gave: the same frontier, entry for entry, and the same reconstruction (edges,
 * states, logged reads and writes) for every budget, over random trees, requirements, volumes, layer counts and caps.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildTrie, MAY, MUST, MUST_NOT, type Requirement, type TrieNodeInput } from '../../src/optimize/trie.js';
import { solveType } from '../../src/optimize/dp.js';
import { isInfeasible, at } from '../../src/optimize/frontier.js';
import { solveType as referenceSolveType } from './dp-reference.js';

const tree = fc.record({
  parents: fc.array(fc.nat(), { minLength: 1, maxLength: 14 }),
  exact: fc.array(fc.boolean(), { minLength: 15, maxLength: 15 }),
  reqs: fc.array(fc.tuple(fc.constantFrom<Requirement>(MUST_NOT, MAY, MUST), fc.constantFrom<Requirement>(MUST_NOT, MAY, MUST)), { minLength: 15, maxLength: 15 }),
  vols: fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.constantFrom(0, 1, 7, 1e9)), { minLength: 15, maxLength: 15 }),
}).map(({ parents, exact, reqs, vols }) => {
  const keys: string[] = ['arn:aws:s3:::b/'];
  const isExact: boolean[] = [false];
  for (let i = 1; i < parents.length; i++) {
    // Exact keys are leaves: hang new keys only under prefixes.
    let p = parents[i] % i;
    while (isExact[p]) p = p === 0 ? 0 : p - 1;
    isExact.push(exact[i] && i > 1);
    keys.push(isExact[i] ? `${keys[p]}obj${i}` : `${keys[p]}p${i}/`);
  }
  const nodes: TrieNodeInput[] = keys.map((key, i) => ({
    key, exact: isExact[i], reqRead: reqs[i + 1 < 15 ? i + 1 : 14][0], reqWrite: reqs[i + 1 < 15 ? i + 1 : 14][1], readVolume: vols[i][0], writeVolume: vols[i][1],
  }));
  const root: TrieNodeInput = { key: '', reqRead: reqs[0][0] === MUST ? MAY : reqs[0][0], reqWrite: reqs[0][1] === MUST ? MAY : reqs[0][1], readVolume: vols[14][0], writeVolume: vols[14][1] };
  return buildTrie(root, nodes);
});

const layers = fc.record({ all: fc.integer({ min: 0, max: 3 }), writes: fc.integer({ min: 0, max: 2 }), reads: fc.integer({ min: 0, max: 1 }) });

describe('optimizer DP: the scratch-space forward pass equals the allocating one', () => {
  it('same frontier and the same reconstruction at every budget', () => {
    fc.assert(
      fc.property(tree, layers, fc.integer({ min: 0, max: 24 }), (trie, l, cap) => {
        const fast = solveType(trie, l, cap);
        const ref = referenceSolveType(trie, l, cap);
        expect(Array.from(fast.frontier)).toEqual(Array.from(ref.frontier));
        if (isInfeasible(ref.frontier)) return;
        for (let v = 0; v <= cap; v++) {
          if (at(ref.frontier, v) === Infinity) continue;
          expect(fast.reconstruct(v)).toEqual(ref.reconstruct(v));
        }
      }),
      { numRuns: 400, seed: 1717 },
    );
  });
});
