import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildTrie, MAY, MUST, MUST_NOT, type Requirement, type TrieNodeInput } from '../../src/optimize/trie.js';
import { requiredAllLayers, searchType } from '../../src/optimize/search.js';
import { at } from '../../src/optimize/frontier.js';
import { exhaustiveOptimum } from './exhaustive.js';

/** A random small prefix tree: node i > 0 hangs under a random earlier node (or a bucket under the root). */
const tinyTree = (maxNodes: number) =>
  fc.record({
    parents: fc.array(fc.nat(), { minLength: 1, maxLength: maxNodes }),
    reqs: fc.array(fc.tuple(fc.constantFrom<Requirement>(MUST_NOT, MAY, MUST), fc.constantFrom<Requirement>(MUST_NOT, MAY, MUST)), { minLength: maxNodes + 1, maxLength: maxNodes + 1 }),
    vols: fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 })), { minLength: maxNodes + 1, maxLength: maxNodes + 1 }),
    budget: fc.integer({ min: 0, max: 14 }),
  }).map(({ parents, reqs, vols, budget }) => {
    const keys: string[] = ['arn:aws:s3:::b/'];
    for (let i = 1; i < parents.length; i++) keys.push(`${keys[parents[i] % i]}p${i}/`);
    // A MUST read with a MUST_NOT write (or the reverse) is possible in no labeling; keep such nodes too (infeasible cases matter).
    const nodes: TrieNodeInput[] = keys.map((key, i) => ({
      key, reqRead: reqs[i + 1][0], reqWrite: reqs[i + 1][1], readVolume: vols[i + 1][0], writeVolume: vols[i + 1][1],
    }));
    const root: TrieNodeInput = { key: '', reqRead: reqs[0][0] === MUST ? MAY : reqs[0][0], reqWrite: reqs[0][1] === MUST ? MAY : reqs[0][1], readVolume: vols[0][0], writeVolume: vols[0][1] };
    return { trie: buildTrie(root, nodes, true), budget };
  });

describe('optimizer DP: exact on small trees', () => {
  it('equals the exhaustive optimum (engine-checked) for every budget', () => {
    fc.assert(
      fc.property(tinyTree(3), ({ trie, budget }) => {
        const dp = at(searchType(trie, budget, { maxAllLayers: 2, maxWriteLayers: 1, maxReadLayers: 0 }).frontier, budget);
        const brute = exhaustiveOptimum(trie, budget);
        expect(dp).toBe(brute);
      }),
      { numRuns: 40, seed: 4242 },
    );
  });

  it('with a reads-only channel too (one layer per channel), equals the exhaustive optimum', () => {
    fc.assert(
      fc.property(tinyTree(3), ({ trie, budget }) => {
        fc.pre(requiredAllLayers(trie) <= 1);
        const dp = at(searchType(trie, budget, { maxAllLayers: 1, maxWriteLayers: 1, maxReadLayers: 1 }).frontier, budget);
        const brute = exhaustiveOptimum(trie, budget, { allLayers: 1, writeLayers: 1, readLayers: 1 });
        expect(dp).toBe(brute);
      }),
      { numRuns: 30, seed: 777 },
    );
  });

  it('a kept prefix nested in a dropped one needs a second layer', () => {
    // The root (buckets the model does not list) is optional but expensive: no "log everything" shortcut.
    const trie = buildTrie({ key: '', reqRead: MAY, reqWrite: MAY, readVolume: 1e6, writeVolume: 1e6 }, [
      { key: 'arn:aws:s3:::b/', reqRead: MUST, reqWrite: MUST, readVolume: 5, writeVolume: 5 },
      { key: 'arn:aws:s3:::b/scratch/', reqRead: MUST_NOT, reqWrite: MUST_NOT, readVolume: 100, writeVolume: 100 },
      { key: 'arn:aws:s3:::b/scratch/pii/', reqRead: MUST, reqWrite: MUST, readVolume: 1, writeVolume: 1 },
    ], true);
    const s = searchType(trie, 500);
    const plan = s.pick(500);
    expect(plan.layers.all).toBe(2);
    // Layer 1: StartsWith b/, NotStartsWith b/scratch/ (2 + 2); layer 2: StartsWith b/scratch/pii/ (2 + 1).
    expect(plan.values).toBe(7);
    expect(exhaustiveOptimum(trie, 7)).toBe(0);
    // One value less and only "log everything but scratch/" remains: the unlisted buckets' volume gets logged.
    expect(exhaustiveOptimum(trie, 6)).toBe(2e6);
    expect(at(s.frontier, 6)).toBe(2e6);
    expect(at(s.frontier, 4)).toBe(Infinity);
  });

  it('under budget pressure merges into the parent that costs least', () => {
    // Three kept siblings under p/ (cheap to merge: q/ is small) and two under r/ (expensive: big/ is big).
    const K = (key: string): TrieNodeInput => ({ key, reqRead: MUST, reqWrite: MUST, readVolume: 1, writeVolume: 1 });
    const M = (key: string, v: number): TrieNodeInput => ({ key, reqRead: MAY, reqWrite: MAY, readVolume: v, writeVolume: 0 });
    const trie = buildTrie({ key: '', reqRead: MAY, reqWrite: MAY, readVolume: 1e6, writeVolume: 1e6 }, [
      M('arn:aws:s3:::b/', 0),
      M('arn:aws:s3:::b/p/', 1), K('arn:aws:s3:::b/p/k1/'), K('arn:aws:s3:::b/p/k2/'), K('arn:aws:s3:::b/p/k3/'), M('arn:aws:s3:::b/p/q/', 2),
      M('arn:aws:s3:::b/r/', 1), K('arn:aws:s3:::b/r/k4/'), K('arn:aws:s3:::b/r/k5/'), M('arn:aws:s3:::b/r/big/', 1000),
    ], true);
    const s = searchType(trie, 100);
    expect(at(s.frontier, 7)).toBe(0); // 2 + five StartsWith
    // With 5 values: one layer (2) + 3 values: b/ whole minus q/ and big/ → p/ and r/ residuals logged, cost 2.
    expect(at(s.frontier, 5)).toBe(2);
    const plan = s.pick(5);
    const edges = plan.solution.edges.map((e) => `${e.kind} ${trie.keys[e.node]}`).sort();
    expect(edges).toEqual(['enter arn:aws:s3:::b/', 'leave arn:aws:s3:::b/p/q/', 'leave arn:aws:s3:::b/r/big/']);
    // With 6: StartsWith p/, k4, k5 and NotStartsWith p/q/ → only p/'s own residual is optional: cost 1.
    expect(at(s.frontier, 6)).toBe(1);
    // With 4 values the cheapest is b/ whole minus big/ (2 + 2): cost 1 + 2 + 1 = 4.
    expect(at(s.frontier, 4)).toBe(4);
  });
});
