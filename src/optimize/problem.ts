/**
 * One trail × one resource type as an optimization problem: the ARN tree of what the trail reaches (model nodes
 * plus the keys of policy statements that name something the model does not split out), the policy model's
 * answer for each node (src/model/policy-model.ts: one precedence for every surface), and what that answer
 * requires of reads and writes.
 */
import { evaluateTri, ALL, NONE, type CompiledSelectorSet, type StringSet, type Subject } from '../selectors/evaluate.js';
import { sharedRestrictedSets, restrictionKey } from '../selectors/restrict.js';
import { populationSubject, type Population } from '../selectors/population.js';
import { RESOURCE_TYPES } from '../selectors/data-events.js';
import { unknownClasses } from '../model/classes.js';
import { advancedSelectorsOf, arnKeyInReach, inReach, selectorKeys } from '../model/governance.js';
import { nodeExact, nodeKey, type Answer, type Statement, type TrailPolicy } from '../model/policy-model.js';
import type { PolicyType } from '../model/policy.js';
import type { Trail } from '../model/snapshot.js';
import type { ClassVolume, EventClass, ModelNode, VolumeModel } from '../model/types.js';
import { compareKeys, MAY, MUST, MUST_NOT, type OptTrie, type Requirement } from './trie.js';
import { shortLabel, typeRootArn } from './scope.js';

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
 * `population` is the subject's (its class is set per question: one subject per node).
 */
function loggedNow(current: CompiledSelectorSet, subject: Subject, population: Population, type: string, classes: readonly ClassVolume[], readOnly: boolean): 'all' | 'some' | 'none' {
  let all = true;
  let any = false;
  let asked = 0;
  const ask = (cls: EventClass) => {
    population.cls = cls;
    const r = evaluateTri(current, subject);
    if (r !== NONE) any = true; // partly (a caller filter, a split node) counts as logged in part
    if (r !== ALL) all = false;
    asked++;
  };
  for (const c of classes) if (c.cls.readOnly === readOnly) ask(c.cls);
  if (asked === 0) for (const cls of unknownClasses(type)) if (cls.readOnly === readOnly) ask(cls);
  if (asked === 0) return 'none';
  return all ? 'all' : any ? 'some' : 'none';
}

const DEFAULT_UNKNOWN_WEIGHT = 1e9;

/** A key of the tree with the model node behind it (null: a statement key, or a key today's selectors name). */
interface KeyEntry {
  key: string;
  exact: boolean;
  node: ModelNode | null;
}

/** Is (key, exact) among the sorted, distinct entries? */
function hasEntry(sorted: readonly KeyEntry[], key: string, exact: boolean): boolean {
  let lo = 0;
  let hi = sorted.length;
  const probe = { key, exact };
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareKeys(sorted[mid], probe);
    if (c === 0) return true;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return false;
}

const FROZEN_EMPTY: number[] = Object.freeze([] as number[]) as number[];

/**
 * The tree of sorted keys under a root (buildTrie's shape: a key's parent is the longest prefix key it starts with,
 * an exact key parents nothing), without requirement or volume arrays, and with one shared (frozen) child list for
 * every leaf.
 */
function trieShape(sorted: readonly KeyEntry[]): Pick<OptTrie, 'keys' | 'exact' | 'parent' | 'children'> {
  const n = sorted.length + 1;
  const keys: string[] = new Array(n);
  const exact = new Uint8Array(n);
  const parent = new Int32Array(n).fill(-1);
  const children: number[][] = new Array(n).fill(FROZEN_EMPTY);
  keys[0] = '';
  const stack: number[] = [0];
  for (let i = 1; i < n; i++) {
    const e = sorted[i - 1];
    keys[i] = e.key;
    exact[i] = e.exact ? 1 : 0;
    // Sorted order puts a key right after the keys it extends; pop what it does not extend (and exact leaves).
    while (stack.length > 1) {
      const top = stack[stack.length - 1];
      if (exact[top] === 0 && e.key.startsWith(keys[top])) break;
      stack.pop();
    }
    const p = stack[stack.length - 1];
    parent[i] = p;
    stack.push(i);
    if (children[p] === FROZEN_EMPTY) children[p] = [i];
    else children[p].push(i);
  }
  return { keys, exact, parent, children };
}

/** NodeInfo with its label made when first read (render and levers read a few hundred of 100,000). */
class TreeNodeInfo implements NodeInfo {
  private text: string | undefined;
  constructor(
    readonly key: string,
    readonly exact: boolean,
    private readonly root: string | null,
    readonly modelNode: ModelNode | null,
    readonly rule: Statement | null,
    readonly ownRule: Statement | null,
  ) {}

  get label(): string {
    return (this.text ??= this.root ?? shortLabel(this.key));
  }
}

/**
 * Every model node with a resource key, in key order (of nodes with the same key, the model's order: the sort is
 * stable). Sorted once per model: a model does not change, and the TUI optimizes the same one on every decision.
 */
const SORTED = new WeakMap<VolumeModel, { size: number; entries: KeyEntry[] }>();
function sortedResources(model: VolumeModel): KeyEntry[] {
  const hit = SORTED.get(model);
  if (hit && hit.size === model.nodes.size) return hit.entries;
  const entries: KeyEntry[] = [];
  for (const n of model.nodes.values()) {
    if (n.resourceType === undefined) continue;
    const key = nodeKey(n);
    if (key !== undefined) entries.push({ key, exact: nodeExact(n), node: n });
  }
  entries.sort(compareKeys);
  SORTED.set(model, { size: model.nodes.size, entries });
  return entries;
}

export function buildProblem(model: VolumeModel, trail: Trail, policy: TrailPolicy, type: PolicyType, opts: ProblemOptions): TypeProblem {
  const findings: ProblemFinding[] = [];
  const s3 = type === RESOURCE_TYPES.s3Object;
  const outOfReach = new Set<string>();
  // The model's resources of the type the trail reaches, in key order; of nodes with the same key, the first.
  const modelEntries: KeyEntry[] = [];
  let maxKnown = 0;
  let last: KeyEntry | null = null;
  for (const e of sortedResources(model)) {
    const n = e.node!;
    if (n.resourceType !== type) continue;
    if (!inReach(trail, n.account, n.region, opts.orgAccounts)) {
      if (n.kind === 'bucket') outOfReach.add(e.key);
      continue;
    }
    if (last !== null && compareKeys(last, e) === 0) continue;
    last = e;
    modelEntries.push(e);
    for (const c of n.classes) maxKnown = Math.max(maxKnown, c.volume.events ?? c.volume.high ?? 0);
  }
  // Statement keys the trail can reach: a rule on a prefix the model does not split out still has to be logged
  // or excluded. Rules inside resources of other accounts / Regions are not this trail's business.
  const statementIds = new Set<string>();
  const statementEntries: KeyEntry[] = [];
  // Keys today's selectors name (resources the model may not list) and the statements' keys.
  const today = selectorKeys(advancedSelectorsOf(trail), type).map((k) => ({ ...k, decision: null as string | null }));
  for (const st of [...policy.statements(type), ...today]) {
    const id = treeId(st.key, st.exact);
    if (statementIds.has(id) || hasEntry(modelEntries, st.key, st.exact)) continue;
    if (s3) {
      const bucket = /^(arn:[^:]+:s3:::[^/]+\/)/.exec(st.key)?.[1];
      if (bucket && outOfReach.has(bucket)) continue;
    } else if (!arnKeyInReach(st.key, trail, opts.orgAccounts)) continue;
    statementIds.add(id);
    statementEntries.push({ key: st.key, exact: st.exact, node: null });
    if (st.exact && st.decision !== null && st.decision !== 'drop') {
      findings.push({ level: 'info', code: 'rule-without-volume', message: `${shortLabel(st.key)}: named by the policy but not in the model (volume unknown)` });
    }
  }
  const unknownWeight = Math.max(DEFAULT_UNKNOWN_WEIGHT, 10 * maxKnown);

  // Both lists sorted and distinct from each other: merge them.
  statementEntries.sort(compareKeys);
  const entries: KeyEntry[] = new Array(modelEntries.length + statementEntries.length);
  for (let i = 0, j = 0, k = 0; k < entries.length; k++) {
    entries[k] = j >= statementEntries.length || (i < modelEntries.length && compareKeys(modelEntries[i], statementEntries[j]) < 0) ? modelEntries[i++] : statementEntries[j++];
  }
  const rootKey = typeRootArn(type);
  // Build the shape first (populations need children), then fill requirements.
  const shape = trieShape(entries);
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
  // Today's selectors, restricted per key by the engine (shared with the proof, which reads them too).
  const current = sharedRestrictedSets(advancedSelectorsOf(trail));
  const reqRead = new Uint8Array(n);
  const reqWrite = new Uint8Array(n);
  const readVolume = new Float64Array(n);
  const writeVolume = new Float64Array(n);
  const firstTier: Array<Statement | null> = new Array(n).fill(null);
  const containerTier: Array<Statement | null> = new Array(n).fill(null);
  // One Answer per statement (the policy model's answerOf: the same object for every node it decides).
  const answers = new Map<Statement | null, Answer>();
  const answerOf = (st: Statement | null): Answer => {
    let a = answers.get(st);
    if (!a) answers.set(st, (a = policy.answerOf(st)));
    return a;
  };
  const placeholders = placeholderClasses(type);
  const rootLabel = `every ${typeNoun(type)} the trail sees`;
  let partlyLogged = 0;
  for (let v = 0; v < n; v++) {
    const key = shape.keys[v];
    const exact = shape.exact[v] === 1;
    const modelNode = v === 0 ? null : entries[v - 1].node;
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
    const answer = answerOf(firstTier[v] ?? containerTier[v]);
    const rule = answer.statement;
    info[v] = new TreeNodeInfo(key, exact, v === 0 ? rootLabel : null, modelNode, rule, ownRule);
    const own = modelNode?.classes ?? [];
    classes[v] = own.length > 0 ? own : placeholders;
    const volumeClasses = v === 0 ? placeholders : own; // the root's residual: resources the model does not list
    // Only the "log" default looks at what is logged today (and only where no statement decides).
    const ask = answer.want === 'default-log';
    let nowRead: 'all' | 'some' | 'none' = 'none';
    let nowWrite: 'all' | 'some' | 'none' = 'none';
    if (ask) {
      const pop = population(v);
      const set = current.for(restrictionKey(typeof pop === 'string' ? pop : pop.prefix));
      // The class is set per question (loggedNow).
      const p: Population = { cls: classes[v][0]?.cls as EventClass, resourceType: type, arn: pop };
      const subject = populationSubject(p);
      nowRead = loggedNow(set, subject, p, type, classes[v], true);
      nowWrite = loggedNow(set, subject, p, type, classes[v], false);
    }
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
    const [r, w] = requirementOf(answer.want, currently);
    reqRead[v] = r;
    reqWrite[v] = w;
    if (v === 0 || modelNode) {
      readVolume[v] = sumVolume(volumeClasses, true, unknownWeight);
      writeVolume[v] = sumVolume(volumeClasses, false, unknownWeight);
    }
  }
  const trie: OptTrie = { ...shape, reqRead, reqWrite, readVolume, writeVolume };

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
  let index: Map<string, number> | null = null;
  return {
    type, trie, info, population, classes, unknownWeight, findings,
    // Built when first asked for (nothing in the optimizer looks a key up by text).
    get index() {
      if (!index) {
        index = new Map();
        for (let v = 0; v < n; v++) index.set(treeId(trie.keys[v], trie.exact[v] === 1), v);
      }
      return index;
    },
  };
}

function typeNoun(type: string): string {
  if (type === RESOURCE_TYPES.s3Object) return 'S3 object';
  if (type === RESOURCE_TYPES.lambdaFunction) return 'Lambda function';
  if (type === RESOURCE_TYPES.dynamoTable) return 'DynamoDB table';
  return type;
}

