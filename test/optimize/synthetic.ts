/**
 * Synthetic volume models for optimizer tests and the benchmark: S3 buckets with prefix trees, heavy-tailed
 * volumes per event class, and policies with keep / keep-writes / drop rules at random depths. Deterministic
 * for a seed (a small LCG), so a failing case can be replayed.
 */
import type { ClassVolume, ModelNode, VolumeModel } from '../../src/model/types.js';
import type { Policy, PolicyRule } from '../../src/model/policy.js';
import type { Trail } from '../../src/model/snapshot.js';
import type { AdvancedEventSelector } from '../../src/selectors/types.js';

export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';

function cls(eventName: string, readOnly: boolean, events: number | null, eventType = 'AwsApiCall'): ClassVolume {
  return {
    cls: { eventSource: 's3.amazonaws.com', eventName, readOnly, eventType },
    volume: { events, low: events, high: events, provenance: events === null ? 'unknown' : 'declared' },
  };
}

export interface SyntheticOptions {
  seed: number;
  buckets: number;
  /** Prefix nodes in all (besides bucket nodes). */
  prefixes: number;
  /** Share of nodes with unknown volume. */
  unknownShare?: number;
  /** Largest number of children per node before a new level opens. */
  fanout?: number;
  /** Deepest prefix level (real buckets rarely go past 6-8). */
  maxDepth?: number;
}

/** A model: account › Region › buckets › prefixes, each with GetObject / HeadObject / PutObject / per-key deletes. */
export function syntheticModel(o: SyntheticOptions): VolumeModel {
  const rand = rng(o.seed);
  const nodes = new Map<string, ModelNode>();
  const acct: ModelNode = { id: `acct:${ACCOUNT}`, parentId: null, kind: 'account', label: ACCOUNT, account: ACCOUNT, region: null, childIds: [], classes: [] };
  const region: ModelNode = { id: `region:${ACCOUNT}:${REGION}`, parentId: acct.id, kind: 'region', label: REGION, account: ACCOUNT, region: REGION, childIds: [], classes: [] };
  acct.childIds.push(region.id);
  nodes.set(acct.id, acct);
  nodes.set(region.id, region);
  const volumes = (): ClassVolume[] => {
    if (rand() < (o.unknownShare ?? 0)) return [cls('GetObject', true, null), cls('PutObject', false, null)];
    const scale = Math.floor(10 ** (2 + rand() * 5));
    const out = [cls('GetObject', true, Math.floor(scale * rand())), cls('PutObject', false, Math.floor(scale * rand() * 0.3))];
    if (rand() < 0.3) out.push(cls('HeadObject', true, Math.floor(scale * rand())));
    if (rand() < 0.1) out.push(cls('DeleteObject', false, Math.floor(scale * rand()), 'AwsServiceEvent'));
    return out;
  };
  const all: ModelNode[] = [];
  for (let b = 0; b < o.buckets; b++) {
    const name = `bucket-${b}`;
    const node: ModelNode = {
      id: `s3:arn:aws:s3:::${name}/`, parentId: region.id, kind: 'bucket', label: name, account: ACCOUNT, region: REGION,
      resourceType: 'AWS::S3::Object', arnPrefix: `arn:aws:s3:::${name}/`, childIds: [], classes: volumes(),
    };
    region.childIds.push(node.id);
    nodes.set(node.id, node);
    all.push(node);
  }
  const fanout = o.fanout ?? 12;
  const maxDepth = o.maxDepth ?? 7;
  const depth = new Map<string, number>(all.map((n) => [n.id, 0]));
  for (let i = 0; i < o.prefixes; i++) {
    // Attach under a random existing node with room, biased towards recent ones (bushy subtrees), depth-capped.
    let parent: ModelNode;
    for (;;) {
      const j = rand() < 0.5 ? all.length - 1 - Math.floor(rand() * Math.min(all.length, 50)) : Math.floor(rand() * all.length);
      parent = all[j];
      if (parent.childIds.length < fanout && depth.get(parent.id)! < maxDepth) break;
    }
    const arnPrefix = `${parent.arnPrefix}p${i}/`;
    const node: ModelNode = {
      id: `s3:${arnPrefix}`, parentId: parent.id, kind: 'prefix', label: `p${i}/`, account: ACCOUNT, region: REGION,
      resourceType: 'AWS::S3::Object', arnPrefix, childIds: [], classes: volumes(),
    };
    parent.childIds.push(node.id);
    nodes.set(node.id, node);
    depth.set(node.id, depth.get(parent.id)! + 1);
    all.push(node);
  }
  return { nodes, roots: [acct.id], notes: [] };
}

/** Rules on random resource nodes: `keep` of them keep, `keepWrites` keep writes, `drop` drop. */
export function syntheticPolicy(model: VolumeModel, o: { seed: number; keep: number; keepWrites?: number; drop: number; default: 'log' | 'drop'; levers?: Policy['levers'] }): Policy {
  const rand = rng(o.seed * 7919 + 1);
  const resources = [...model.nodes.values()].filter((n) => n.arnPrefix);
  const rules: PolicyRule[] = [];
  const used = new Set<string>();
  const pick = (decision: PolicyRule['decision'], reason: string) => {
    for (let tries = 0; tries < 50; tries++) {
      const n = resources[Math.floor(rand() * resources.length)];
      if (used.has(n.arnPrefix!)) continue;
      used.add(n.arnPrefix!);
      rules.push({ match: n.arnPrefix!, decision, reason });
      return;
    }
  };
  for (let i = 0; i < o.keep; i++) pick('keep', 'PII');
  for (let i = 0; i < (o.keepWrites ?? 0); i++) pick('keep-writes', 'audit');
  for (let i = 0; i < o.drop; i++) pick('drop', 'noise');
  return { rules, default: o.default, levers: o.levers };
}

export const MANAGEMENT: AdvancedEventSelector = { Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] };

/** A trail logging management events and every S3 object event (the usual "log all S3" starting point). */
export function syntheticTrail(over: Partial<Trail> = {}): Trail {
  return {
    name: 'data-trail', arn: `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/data-trail`, account: ACCOUNT, homeRegion: REGION,
    multiRegion: true, organization: false, logging: true, s3Bucket: 'trail-logs', insights: [],
    selectors: {
      kind: 'advanced',
      selectors: [MANAGEMENT, { Name: 'All S3', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }] }],
    },
    ...over,
  } as Trail;
}

/**
 * Rules shaped like a real policy at scale: keep rules clustered in a few sensitive subtrees (so merging them
 * under a budget is possible), drop rules on noise elsewhere, and a few kept prefixes nested inside dropped ones.
 */
export function clusteredPolicy(model: VolumeModel, o: { seed: number; keep: number; drop: number; clusters: number; nestedKeeps: number; default: 'log' | 'drop' }): Policy {
  const rand = rng(o.seed * 104729 + 3);
  const resources = [...model.nodes.values()].filter((n) => n.arnPrefix);
  const internal = resources.filter((n) => n.kind === 'prefix' && n.childIds.length >= 3);
  const subtree = (n: ModelNode): ModelNode[] => {
    const out: ModelNode[] = [];
    const stack = [n];
    while (stack.length > 0) {
      const x = stack.pop()!;
      out.push(x);
      for (const id of x.childIds) stack.push(model.nodes.get(id)!);
    }
    return out;
  };
  const hot: ModelNode[] = [];
  const hotKeys: string[] = [];
  for (let i = 0; i < o.clusters * 20 && hot.length < o.clusters; i++) {
    const c = internal[Math.floor(rand() * internal.length)];
    if (hotKeys.some((k) => c.arnPrefix!.startsWith(k) || k.startsWith(c.arnPrefix!))) continue;
    hot.push(c);
    hotKeys.push(c.arnPrefix!);
  }
  const pool = hot.flatMap(subtree);
  const rules: PolicyRule[] = [];
  const used = new Set<string>();
  for (let i = 0; i < o.keep * 5 && rules.length < o.keep; i++) {
    const n = pool[Math.floor(rand() * pool.length)];
    if (used.has(n.arnPrefix!)) continue;
    used.add(n.arnPrefix!);
    rules.push({ match: n.arnPrefix!, decision: 'keep', reason: 'PII' });
  }
  const outside = resources.filter((n) => !hotKeys.some((k) => n.arnPrefix!.startsWith(k) || k.startsWith(n.arnPrefix!)));
  const drops: ModelNode[] = [];
  for (let i = 0; i < o.drop * 5 && drops.length < o.drop; i++) {
    const n = outside[Math.floor(rand() * outside.length)];
    if (used.has(n.arnPrefix!)) continue;
    used.add(n.arnPrefix!);
    drops.push(n);
    rules.push({ match: n.arnPrefix!, decision: 'drop', reason: 'noise' });
  }
  let nested = 0;
  for (const d of drops) {
    if (nested >= o.nestedKeeps) break;
    const inner = subtree(d).filter((x) => x !== d && !used.has(x.arnPrefix!));
    if (inner.length === 0) continue;
    const k = inner[Math.floor(rand() * inner.length)];
    used.add(k.arnPrefix!);
    rules.push({ match: k.arnPrefix!, decision: 'keep', reason: 'PII inside noise' });
    nested++;
  }
  return { rules, default: o.default };
}
