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
  /** ARN prefix (S3) or exact ARN (functions, tables). */
  key: string;
  reqRead: Requirement;
  reqWrite: Requirement;
  /** Monthly events of the residual (reads, writes) used to weigh choices; unknown volumes arrive penalized. */
  readVolume: number;
  writeVolume: number;
}

/** Array-of-fields tree; node 0 is the root (every resource of the type the trail can see). Parents precede children. */
export interface OptTrie {
  /** true: keys are ARN prefixes (StartsWith); false: exact ARNs (Equals), every node a child of the root. */
  prefix: boolean;
  keys: string[];
  parent: Int32Array;
  children: number[][];
  reqRead: Uint8Array;
  reqWrite: Uint8Array;
  readVolume: Float64Array;
  writeVolume: Float64Array;
}

/**
 * Build the tree from a root and nodes keyed by ARN. With `prefix`, a node's parent is the longest other key that
 * its key starts with (so `arn:aws:s3:::lake/scratch` parents `arn:aws:s3:::lake/scratch2/`, as StartsWith would);
 * else every node hangs off the root. Duplicate keys are an error of the caller.
 */
export function buildTrie(root: TrieNodeInput, nodes: readonly TrieNodeInput[], prefix: boolean, alreadySorted = false): OptTrie {
  const sorted = alreadySorted ? nodes : [...nodes].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const all = [root, ...sorted];
  const n = all.length;
  const parent = new Int32Array(n).fill(-1);
  const children: number[][] = Array.from({ length: n }, () => []);
  const stack: number[] = [0];
  for (let i = 1; i < n; i++) {
    if (prefix) {
      // Sorted order puts a key right after the keys it extends; pop what it does not extend.
      while (stack.length > 1 && !all[i].key.startsWith(all[stack[stack.length - 1]].key)) stack.pop();
      parent[i] = stack[stack.length - 1];
      stack.push(i);
    } else {
      parent[i] = 0;
    }
    children[parent[i]].push(i);
  }
  return {
    prefix,
    keys: all.map((x) => x.key),
    parent,
    children,
    reqRead: Uint8Array.from(all.map((x) => x.reqRead)),
    reqWrite: Uint8Array.from(all.map((x) => x.reqWrite)),
    readVolume: Float64Array.from(all.map((x) => x.readVolume)),
    writeVolume: Float64Array.from(all.map((x) => x.writeVolume)),
  };
}
