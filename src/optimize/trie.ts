/**
 * The optimizer's view of one resource type on one trail: a tree of ARN keys (S3 bucket/prefix ARNs, or exact
 * function/table ARNs under one root), each with what the policy requires of its residual events (those under
 * its key and under no child's key), split into reads and writes, and the volume it would cost to log them.
 */

/** What the policy requires of a population's reads or writes. */
export const MUST_NOT = 0;
export const MAY = 1;
export const MUST = 2;
export type Requirement = typeof MUST_NOT | typeof MAY | typeof MUST;

export interface TrieNodeInput {
  /** ARN prefix (S3 prefixes, ARN-prefix rules) or exact ARN (functions, tables). */
  key: string;
  /** Exactly this ARN (Equals / NotEquals), never a parent of another key; else a prefix (StartsWith). */
  exact?: boolean;
  reqRead: Requirement;
  reqWrite: Requirement;
  /** Monthly events of the residual (reads, writes) used to weigh choices; unknown volumes arrive penalized. */
  readVolume: number;
  writeVolume: number;
}

/** Array-of-fields tree; node 0 is the root (every resource of the type the trail can see). Parents precede children. */
export interface OptTrie {
  keys: string[];
  /** 1: the key is an exact ARN (Equals / NotEquals, a leaf); 0: an ARN prefix (StartsWith / NotStartsWith). */
  exact: Uint8Array;
  parent: Int32Array;
  children: number[][];
  reqRead: Uint8Array;
  reqWrite: Uint8Array;
  readVolume: Float64Array;
  writeVolume: Float64Array;
}

/** Sort order of tree keys: by key, a prefix before an exact ARN of the same text (the prefix contains it). */
export function compareKeys(a: { key: string; exact?: boolean }, b: { key: string; exact?: boolean }): number {
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  return Number(a.exact ?? false) - Number(b.exact ?? false);
}

/**
 * Build the tree from a root and nodes keyed by ARN. A node's parent is the longest prefix key that its key starts
 * with (so `arn:aws:s3:::lake/scratch` parents `arn:aws:s3:::lake/scratch2/`, as StartsWith would); an exact key
 * parents nothing (`…:function:api` does not contain `…:function:api2`). Duplicate (key, exact) pairs are an error
 * of the caller.
 */
export function buildTrie(root: TrieNodeInput, nodes: readonly TrieNodeInput[], alreadySorted = false): OptTrie {
  const sorted = alreadySorted ? nodes : [...nodes].sort(compareKeys);
  const all = [root, ...sorted];
  const n = all.length;
  const parent = new Int32Array(n).fill(-1);
  const children: number[][] = Array.from({ length: n }, () => []);
  const stack: number[] = [0];
  for (let i = 1; i < n; i++) {
    // Sorted order puts a key right after the keys it extends; pop what it does not extend (and exact leaves).
    while (stack.length > 1) {
      const top = all[stack[stack.length - 1]];
      if (!top.exact && all[i].key.startsWith(top.key)) break;
      stack.pop();
    }
    parent[i] = stack[stack.length - 1];
    stack.push(i);
    children[parent[i]].push(i);
  }
  return {
    keys: all.map((x) => x.key),
    exact: Uint8Array.from(all.map((x) => (x.exact ? 1 : 0))),
    parent,
    children,
    reqRead: Uint8Array.from(all.map((x) => x.reqRead)),
    reqWrite: Uint8Array.from(all.map((x) => x.reqWrite)),
    readVolume: Float64Array.from(all.map((x) => x.readVolume)),
    writeVolume: Float64Array.from(all.map((x) => x.writeVolume)),
  };
}
