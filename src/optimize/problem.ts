/**
 * One trail × one resource type as an optimization problem: the ARN tree of what the trail sees (model nodes
 * plus the keys of policy rules that name something the model does not split out), the decision that applies
 * to each node (most specific rule wins; a per-node decision beats a rule on the same key; the trail's own log
 * bucket is dropped unless a rule keeps it), and what that decision requires of reads and writes.
 */
import { evaluateSubject, ALL, NONE, type StringSet } from '../selectors/evaluate.js';
import { RestrictedSets, restrictionKey } from './restrict.js';
import { populationSubject } from '../selectors/population.js';
import { RESOURCE_TYPES } from '../selectors/data-events.js';
import { unknownClasses } from '../model/classes.js';
import type { Decision, NodeDecision, Policy } from '../model/policy.js';
import type { Trail } from '../model/snapshot.js';
import type { ClassVolume, EventClass, ModelNode, VolumeModel } from '../model/types.js';
import { buildTrie, MAY, MUST, MUST_NOT, type OptTrie, type Requirement, type TrieNodeInput } from './trie.js';
import { currentAdvanced, nodeKey, ruleKeyFor, scopedNodes, shortLabel, trailScope, typeRootArn } from './scope.js';

export type RuleSource = 'decision' | 'policy' | 'destination';

export interface AppliedRule {
  key: string;
  decision: Decision;
  reason?: string;
  source: RuleSource;
  /** The policy rule's `match` as written, or the node id of a per-node decision. */
  origin: string;
}

export interface NodeInfo {
  key: string;
  label: string;
  /** The model node behind this tree node; null for a rule key the model does not split out (and the root). */
  modelNode: ModelNode | null;
  /** The rule that decides this node (inherited from above), null when the policy default applies. */
  rule: AppliedRule | null;
  /** The rule whose key is exactly this node's, if any. */
  ownRule: AppliedRule | null;
}

export interface TypeProblem {
  type: string;
  trie: OptTrie;
  /** Tree index by key. */
  index: Map<string, number>;
  info: NodeInfo[];
  /** Residual population of a tree node (its key minus its tree children), as the selector engine evaluates it. */
  population(v: number): string | StringSet;
  /** Event classes with volume (events null = unknown) per tree node; representative classes when the model has none. */
  classes: ClassVolume[][];
  /** Unknown volumes weigh this many events per node when choosing what optional volume to log. */
  unknownWeight: number;
  findings: ProblemFinding[];
}

export interface ProblemFinding {
  level: 'info' | 'warning' | 'error';
  code: string;
  message: string;
  nodeId?: string;
}

export interface ProblemOptions {
  decisions?: ReadonlyMap<string, NodeDecision>;
}

const PRIORITY: Record<RuleSource, number> = { decision: 3, policy: 2, destination: 1 };

export function requirementOf(decision: Decision | null, policy: Policy, currently: { read: boolean; write: boolean }): [Requirement, Requirement] {
  switch (decision) {
    case 'keep':
      return [MUST, MUST];
    case 'keep-writes':
      return [MAY, MUST];
    case 'drop':
      return [MUST_NOT, MUST_NOT];
    default:
      // "log": what the trail logs today stays logged; what it does not log is not added.
      if (policy.default === 'log') return [currently.read ? MUST : MAY, currently.write ? MUST : MAY];
      return [MAY, MAY];
  }
}

/** Rules of one type keyed by ARN, the most authoritative per key. */
export function appliedRules(
  model: VolumeModel,
  trail: Trail,
  policy: Policy,
  type: string,
  opts: ProblemOptions,
  findings: ProblemFinding[],
): Map<string, AppliedRule> {
  const byKey = new Map<string, AppliedRule>();
  const put = (r: AppliedRule) => {
    const prev = byKey.get(r.key);
    if (!prev || PRIORITY[r.source] > PRIORITY[prev.source]) {
      byKey.set(r.key, r);
    } else if (prev.source === r.source && r.source === 'policy' && prev.decision !== r.decision) {
      findings.push({
        level: 'warning', code: 'conflicting-rules',
        message: `policy rules "${prev.origin}" (${prev.decision}) and "${r.origin}" (${r.decision}) name the same resource; the first one applies`,
      });
    }
  };
  for (const rule of policy.rules) {
    const key = ruleKeyFor(rule.match, type);
    if (key !== null) put({ key, decision: rule.decision, reason: rule.reason, source: 'policy', origin: rule.match });
  }
  for (const [nodeId, d] of opts.decisions ?? []) {
    if (d === 'auto') continue;
    const node = model.nodes.get(nodeId);
    if (!node || node.resourceType !== type) continue;
    const key = nodeKey(node);
    if (key !== undefined) put({ key, decision: d, reason: 'decision', source: 'decision', origin: nodeId });
  }
  if (type === RESOURCE_TYPES.s3Object && trail.s3Bucket) {
    put({
      key: `arn:aws:s3:::${trail.s3Bucket}/`, decision: 'drop', reason: `log bucket of trail ${trail.name}`,
      source: 'destination', origin: trail.s3Bucket,
    });
  }
  return byKey;
}

function sumVolume(classes: readonly ClassVolume[], readOnly: boolean, unknownWeight: number): number {
  let s = 0;
  for (const c of classes) {
    if (c.cls.readOnly !== readOnly) continue;
    const v = c.volume.events ?? c.volume.high;
    s += v === null ? unknownWeight : v;
  }
  return s;
}

/** Representative classes for a population with no modeled volume (so coverage is still checked). */
function placeholderClasses(type: string): ClassVolume[] {
  return unknownClasses(type).map((cls: EventClass) => ({ cls, volume: { events: null, low: null, high: null, provenance: 'unknown' as const } }));
}

/**
 * Is this mode (reads or writes) logged today? A mode the node has no volume for is asked with the type's
 * representative class of that mode (GetObject / PutObject ...); with none (Lambda has no reads), it is not.
 * "some": only some of its event classes (an eventName filter, say) — the caller decides what that means.
 */
function loggedNow(sets: RestrictedSets, type: string, pop: string | StringSet, classes: readonly ClassVolume[], readOnly: boolean): 'all' | 'some' | 'none' {
  const current = sets.for(restrictionKey(typeof pop === 'string' ? pop : pop.prefix));
  let mine: EventClass[] = classes.filter((c) => c.cls.readOnly === readOnly).map((c) => c.cls);
  if (mine.length === 0) mine = unknownClasses(type).filter((c) => c.readOnly === readOnly);
  if (mine.length === 0) return 'none';
  let all = true;
  let any = false;
  for (const cls of mine) {
    const r = evaluateSubject(current, populationSubject({ cls, resourceType: type, arn: pop })).result;
    if (r !== NONE) any = true; // partly (a caller filter, a split node) counts as logged in part
    if (r !== ALL) all = false;
  }
  return all ? 'all' : any ? 'some' : 'none';
}

const DEFAULT_UNKNOWN_WEIGHT = 1e9;

export function buildProblem(model: VolumeModel, trail: Trail, policy: Policy, type: string, opts: ProblemOptions = {}): TypeProblem {
  const findings: ProblemFinding[] = [];
  const rules = appliedRules(model, trail, policy, type, opts, findings);
  const prefix = type === RESOURCE_TYPES.s3Object;
  const nodes = scopedNodes(model, trail, type);
  const byKey = new Map<string, ModelNode>();
  for (const n of nodes) byKey.set(nodeKey(n)!, n);

  // Keys of the tree: model nodes, plus every rule key the trail can see (a rule on a prefix the model does not
  // split out still has to be logged or excluded). Rules inside resources of other accounts/Regions are not
  // this trail's business.
  const outOfScope = new Set<string>();
  for (const n of model.nodes.values()) {
    if (n.resourceType === type && n.kind === 'bucket' && nodeKey(n) !== undefined && !byKey.has(nodeKey(n)!)) outOfScope.add(nodeKey(n)!);
  }
  const scope = trailScope(trail);
  const keys = new Set<string>(byKey.keys());
  for (const [key, rule] of rules) {
    if (keys.has(key)) continue;
    if (prefix) {
      const bucket = /^(arn:[^:]+:s3:::[^/]+\/)/.exec(key)?.[1];
      if (bucket && outOfScope.has(bucket)) continue;
      keys.add(key);
    } else if (isExactArn(key, type)) {
      const m = /^arn:[^:]+:[^:]+:([^:]*):(\d*):/.exec(key);
      if (m && scope.regions !== 'all' && m[1] && !scope.regions.has(m[1])) continue;
      if (m && scope.accounts !== 'all' && m[2] && !scope.accounts.has(m[2])) continue;
      keys.add(key);
      if (rule.decision !== 'drop') {
        findings.push({ level: 'info', code: 'rule-without-volume', message: `${shortLabel(key)}: named by the policy but not in the model (volume unknown)` });
      }
    }
  }

  let maxKnown = 0;
  for (const n of nodes) for (const c of n.classes) maxKnown = Math.max(maxKnown, c.volume.events ?? c.volume.high ?? 0);
  const unknownWeight = Math.max(DEFAULT_UNKNOWN_WEIGHT, 10 * maxKnown);

  const sortedKeys = [...keys].sort();
  const rootKey = typeRootArn(type);
  // Build the shape first (decisions need parents), then fill requirements.
  const shape = buildTrie(
    { key: '', reqRead: MAY, reqWrite: MAY, readVolume: 0, writeVolume: 0 },
    sortedKeys.map((key) => ({ key, reqRead: MAY, reqWrite: MAY, readVolume: 0, writeVolume: 0 })),
    prefix,
    true,
  );
  const n = shape.keys.length;
  const info: NodeInfo[] = new Array(n);
  const population = (v: number): string | StringSet => {
    const kids = shape.children[v].map((c) => shape.keys[c]);
    if (v === 0) return { prefix: rootKey, except: kids };
    return prefix ? { prefix: shape.keys[v], except: kids } : shape.keys[v];
  };
  const classes: ClassVolume[][] = new Array(n);
  const current = new RestrictedSets(currentAdvanced(trail));
  const inputs: TrieNodeInput[] = [];
  let partlyLogged = 0;
  for (let v = 0; v < n; v++) {
    const key = shape.keys[v];
    const modelNode = v === 0 ? null : byKey.get(key) ?? null;
    const ownRule = v === 0 ? null : rules.get(key) ?? null;
    let rule: AppliedRule | null;
    if (ownRule) rule = ownRule;
    else if (prefix) rule = v === 0 ? null : info[shape.parent[v]].rule;
    else rule = v === 0 ? null : longestRule(rules, key, type);
    info[v] = { key, label: v === 0 ? `every ${typeNoun(type)} the trail sees` : shortLabel(key), modelNode, rule, ownRule };
    const own = modelNode?.classes ?? [];
    classes[v] = own.length > 0 ? own : placeholderClasses(type);
    const volumeClasses = v === 0 ? placeholderClasses(type) : own; // the root's residual: resources the model does not list
    // Only the "log" default looks at what is logged today (and only where no rule decides).
    const ask = policy.default === 'log' && !rule;
    const nowRead = ask ? loggedNow(current, type, population(v), classes[v], true) : 'none';
    const nowWrite = ask ? loggedNow(current, type, population(v), classes[v], false) : 'none';
    // Part of a mode logged today (an eventName filter): keep logging it, all of it — a security tool errs on
    // the side of logging; the policy's levers say which event names may go.
    if (v === 0 && (nowRead === 'some' || nowWrite === 'some')) {
      // The root stands for resources the model does not list: "some of them" cannot be told apart, so it is
      // not required (only "all of them", i.e. a selector with no ARN condition, is).
      findings.push({
        level: 'warning', code: 'unlisted-resources-partly-logged',
        message: `today's selectors also log some ${typeNoun(type)}s the model does not list (a prefix such as "…function:pii-" covers future ones too); the proposal names modeled resources only — add a policy rule with that prefix to keep them`,
      });
    } else if (nowRead === 'some' || nowWrite === 'some') {
      partlyLogged++;
    }
    const currently = v === 0
      ? { read: nowRead === 'all', write: nowWrite === 'all' }
      : { read: nowRead !== 'none', write: nowWrite !== 'none' };
    const [reqRead, reqWrite] = requirementOf(rule?.decision ?? null, policy, currently);
    inputs.push({
      key,
      reqRead,
      reqWrite,
      readVolume: v === 0 || modelNode ? sumVolume(volumeClasses, true, unknownWeight) : 0,
      writeVolume: v === 0 || modelNode ? sumVolume(volumeClasses, false, unknownWeight) : 0,
    });
  }
  const trie: OptTrie = {
    ...shape,
    reqRead: Uint8Array.from(inputs.map((x) => x.reqRead)),
    reqWrite: Uint8Array.from(inputs.map((x) => x.reqWrite)),
    readVolume: Float64Array.from(inputs.map((x) => x.readVolume)),
    writeVolume: Float64Array.from(inputs.map((x) => x.writeVolume)),
  };

  if (partlyLogged > 0) {
    findings.push({
      level: 'info', code: 'partly-logged-today',
      message: `${partlyLogged} ${typeNoun(type)} node(s) have only some of their reads or writes logged today (event-name or similar filters); under "default: log" the proposal logs all of them — list event names to drop in policy.levers.dropEventNames`,
    });
  }
  for (let v = 1; v < n; v++) {
    const r = info[v].ownRule;
    if (r && r.source !== 'destination' && r.decision !== 'drop' && trail.s3Bucket && prefix && r.key.startsWith(`arn:aws:s3:::${trail.s3Bucket}/`)) {
      findings.push({
        level: 'warning', code: 'log-bucket-kept',
        message: `${info[v].label} is in ${trail.name}'s own log bucket and the policy keeps it: the trail will log its own log deliveries (a feedback loop that grows the bill)`,
        nodeId: info[v].modelNode?.id,
      });
    }
  }
  const index = new Map<string, number>();
  trie.keys.forEach((k, i) => index.set(k, i));
  return { type, trie, index, info, population, classes, unknownWeight, findings };
}

function typeNoun(type: string): string {
  if (type === RESOURCE_TYPES.s3Object) return 'S3 object';
  if (type === RESOURCE_TYPES.lambdaFunction) return 'Lambda function';
  if (type === RESOURCE_TYPES.dynamoTable) return 'DynamoDB table';
  return type;
}

function isExactArn(key: string, type: string): boolean {
  if (type === RESOURCE_TYPES.lambdaFunction) return /:function:[^:]+$/.test(key);
  if (type === RESOURCE_TYPES.dynamoTable) return /:table\/[^/]+$/.test(key);
  return false;
}

/**
 * The most specific rule for a function or table ARN. A rule naming a whole ARN (`...:function:pii-export`)
 * means that resource only (not `pii-export2`, the StartsWith pitfall of aws-facts §3); a partial one
 * (`...:function:pii-`) is a prefix.
 */
function longestRule(rules: ReadonlyMap<string, AppliedRule>, key: string, type: string): AppliedRule | null {
  let best: AppliedRule | null = null;
  for (const r of rules.values()) {
    const hit = isExactArn(r.key, type) ? key === r.key : key.startsWith(r.key);
    if (hit && (!best || r.key.length > best.key.length)) best = r;
  }
  return best;
}
