// src/optimize/problem.ts as it was before issue 17 (the reference its faster version must equal: test/perf/*-equivalence tests).
/**
 * One trail × one resource type as an optimization problem: the ARN tree of what the trail reaches (model nodes
 * plus the keys of policy statements that name something the model does not split out), the policy model's
 * answer for each node (src/model/policy-model.ts: one precedence for every surface), and what that answer
 * requires of reads and writes.
 */
import { evaluateSubject, ALL, NONE, type StringSet } from '../../src/selectors/evaluate.js';
import { RestrictedSets, restrictionKey } from '../../src/selectors/restrict.js';
import { populationSubject } from '../../src/selectors/population.js';
import { RESOURCE_TYPES } from '../../src/selectors/data-events.js';
import { unknownClasses } from '../../src/model/classes.js';
import { advancedSelectorsOf, arnKeyInReach, inReach, selectorKeys } from '../../src/model/governance.js';
import { nodeExact, nodeKey, type Answer, type Statement, type TrailPolicy } from '../../src/model/policy-model.js';
import type { PolicyType } from '../../src/model/policy.js';
import type { Trail } from '../../src/model/snapshot.js';
import type { ClassVolume, EventClass, ModelNode, VolumeModel } from '../../src/model/types.js';
import { buildTrie, compareKeys, MAY, MUST, MUST_NOT, type OptTrie, type Requirement, type TrieNodeInput } from '../../src/optimize/trie.js';
import { shortLabel, typeRootArn } from '../../src/optimize/scope.js';

export interface NodeInfo {
  key: string;
  exact: boolean;
  label: string;
  /** The model node behind this tree node; null for a statement key the model does not split out (and the root). */
  modelNode: ModelNode | null;
  /** The statement that decides this node (the policy model's answer); null when the policy default applies. */
  rule: Statement | null;
  /** The statement whose key is exactly this node's, if any. */
  ownRule: Statement | null;
}

export interface TypeProblem {
  type: PolicyType;
  trie: OptTrie;
  /** Tree index by `treeId(key, exact)`. */
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
  /** Accounts an organization trail reaches (model/governance organizationAccounts). */
  orgAccounts: ReadonlySet<string>;
}

/** Tree identity of a key: an exact ARN and a prefix of the same text are different nodes. */
export function treeId(key: string, exact: boolean): string {
  return exact ? `=${key}` : key;
}

export function requirementOf(want: Answer['want'], currently: { read: boolean; write: boolean }): [Requirement, Requirement] {
  switch (want) {
    case 'keep':
      return [MUST, MUST];
    case 'keep-writes':
      return [MAY, MUST];
    case 'drop':
      return [MUST_NOT, MUST_NOT];
    case 'default-log':
      // What the trail logs today stays logged; what it does not log is not added.
      return [currently.read ? MUST : MAY, currently.write ? MUST : MAY];
    default:
      return [MAY, MAY];
  }
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

export function buildProblem(model: VolumeModel, trail: Trail, policy: TrailPolicy, type: PolicyType, opts: ProblemOptions): TypeProblem {
  const findings: ProblemFinding[] = [];
  const s3 = type === RESOURCE_TYPES.s3Object;
  const byId = new Map<string, ModelNode>();
  const keys: Array<{ key: string; exact: boolean }> = [];
  const outOfReach = new Set<string>();
  let maxKnown = 0;
  for (const n of model.nodes.values()) {
    if (n.resourceType !== type) continue;
    const key = nodeKey(n);
    if (key === undefined) continue;
    if (!inReach(trail, n.account, n.region, opts.orgAccounts)) {
      if (n.kind === 'bucket') outOfReach.add(key);
      continue;
    }
    const exact = nodeExact(n);
    const id = treeId(key, exact);
    if (byId.has(id)) continue;
    byId.set(id, n);
    keys.push({ key, exact });
    for (const c of n.classes) maxKnown = Math.max(maxKnown, c.volume.events ?? c.volume.high ?? 0);
  }
  // Statement keys the trail can reach: a rule on a prefix the model does not split out still has to be logged
  // or excluded. Rules inside resources of other accounts / Regions are not this trail's business.
  const statementIds = new Set<string>();
  // Keys today's selectors name (resources the model may not list) and the statements' keys.
  const today = selectorKeys(advancedSelectorsOf(trail), type).map((k) => ({ ...k, decision: null as string | null }));
  for (const st of [...policy.statements(type), ...today]) {
    const id = treeId(st.key, st.exact);
    if (byId.has(id) || statementIds.has(id)) continue;
    if (s3) {
      const bucket = /^(arn:[^:]+:s3:::[^/]+\/)/.exec(st.key)?.[1];
      if (bucket && outOfReach.has(bucket)) continue;
    } else if (!arnKeyInReach(st.key, trail, opts.orgAccounts)) continue;
    statementIds.add(id);
    keys.push({ key: st.key, exact: st.exact });
    if (st.exact && st.decision !== null && st.decision !== 'drop') {
      findings.push({ level: 'info', code: 'rule-without-volume', message: `${shortLabel(st.key)}: named by the policy but not in the model (volume unknown)` });
    }
  }
  const unknownWeight = Math.max(DEFAULT_UNKNOWN_WEIGHT, 10 * maxKnown);

  keys.sort(compareKeys);
  const rootKey = typeRootArn(type);
  // Build the shape first (populations need children), then fill requirements.
  const shape = buildTrie(
    { key: '', reqRead: MAY, reqWrite: MAY, readVolume: 0, writeVolume: 0 },
    keys.map((k) => ({ key: k.key, exact: k.exact, reqRead: MAY, reqWrite: MAY, readVolume: 0, writeVolume: 0 })),
    true,
  );
  const n = shape.keys.length;
  const info: NodeInfo[] = new Array(n);
  const population = (v: number): string | StringSet => {
    if (v !== 0 && shape.exact[v]) return shape.keys[v];
    const except: string[] = [];
    const exceptExact: string[] = [];
    for (const c of shape.children[v]) (shape.exact[c] ? exceptExact : except).push(shape.keys[c]);
    const prefix = v === 0 ? rootKey : shape.keys[v];
    return exceptExact.length > 0 ? { prefix, except, exceptExact } : { prefix, except };
  };
  const classes: ClassVolume[][] = new Array(n);
  const current = new RestrictedSets(advancedSelectorsOf(trail));
  const inputs: TrieNodeInput[] = [];
  const firstTier: Array<Statement | null> = new Array(n).fill(null);
  const containerTier: Array<Statement | null> = new Array(n).fill(null);
  let partlyLogged = 0;
  for (let v = 0; v < n; v++) {
    const key = shape.keys[v];
    const exact = shape.exact[v] === 1;
    const modelNode = v === 0 ? null : byId.get(treeId(key, exact)) ?? null;
    // Every statement key is a tree node, so the policy model's longest match is the own statement or the
    // parent's answer (an exact ARN's parent is the prefix of the same text, if any). The proof checks the result
    // against the policy model's own lookup.
    const ownRule = v === 0 ? null : policy.at(type, key, exact);
    // Two tiers, each inherited along the tree: rules / resource decisions / own-bucket drop first, then the
    // account / Region decisions (model/policy-model.ts).
    const first = v === 0 ? policy.answer(type, rootKey, false).statement : ownRule ?? firstTier[shape.parent[v]];
    const firstOnly = v === 0 && first?.container ? null : first;
    firstTier[v] = firstOnly;
    containerTier[v] = v === 0 ? (first?.container ? first : null) : policy.atContainer(type, key, exact) ?? containerTier[shape.parent[v]];
    const answer = policy.answerOf(firstTier[v] ?? containerTier[v]);
    const rule = answer.statement;
    info[v] = { key, exact, label: v === 0 ? `every ${typeNoun(type)} the trail sees` : shortLabel(key), modelNode, rule, ownRule };
    const own = modelNode?.classes ?? [];
    classes[v] = own.length > 0 ? own : placeholderClasses(type);
    const volumeClasses = v === 0 ? placeholderClasses(type) : own; // the root's residual: resources the model does not list
    // Only the "log" default looks at what is logged today (and only where no statement decides).
    const ask = answer.want === 'default-log';
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
    const [reqRead, reqWrite] = requirementOf(answer.want, currently);
    inputs.push({
      key,
      exact,
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
    if (r && r.source !== 'destination' && r.decision !== 'drop' && trail.s3Bucket && s3 && r.key.startsWith(`arn:aws:s3:::${trail.s3Bucket}/`)) {
      findings.push({
        level: 'warning', code: 'log-bucket-kept',
        message: `${info[v].label} is in ${trail.name}'s own log bucket and the policy keeps it: the trail will log its own log deliveries (a feedback loop that grows the bill)`,
        nodeId: info[v].modelNode?.id,
      });
    }
  }
  const index = new Map<string, number>();
  for (let v = 0; v < n; v++) index.set(treeId(trie.keys[v], trie.exact[v] === 1), v);
  return { type, trie, index, info, population, classes, unknownWeight, findings };
}

function typeNoun(type: string): string {
  if (type === RESOURCE_TYPES.s3Object) return 'S3 object';
  if (type === RESOURCE_TYPES.lambdaFunction) return 'Lambda function';
  if (type === RESOURCE_TYPES.dynamoTable) return 'DynamoDB table';
  return type;
}

