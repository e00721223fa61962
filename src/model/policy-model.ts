/**
 * The policy model: the scenario's rules plus the user's per-node decisions as statements about ARN keys, and
 * the one precedence that answers "what does the policy want here": the most specific statement wins (a longer
 * key; an exact ARN over a prefix of the same text), and on the same key a decision beats a rule, which beats a
 * trail's own-bucket drop. A decision or rule on an account or Region is the least specific of all: it answers for each
 * resource under it (the nearest container's) only where no rule, resource decision or own-bucket drop does. Estimate, optimize, the proof, the TUI and apply all ask here.
 */
import { RESOURCE_TYPES } from '../selectors/data-events.js';
import { isPolicyType, readRule, type Decision, type NodeDecision, type Policy, type PolicyType } from './policy.js';
import type { ModelNode, VolumeModel } from './types.js';

export type StatementSource = 'decision' | 'rule' | 'destination';

export interface Statement {
  type: PolicyType;
  key: string;
  exact: boolean;
  decision: Decision;
  source: StatementSource;
  /** rule: `match` as written; decision: the node id decided; destination: the trail's bucket. */
  origin: string;
  /** Where the answer comes from, in words: `rule acme-datalake/scratch/`, `decision on bucket acme-datalake`. */
  label: string;
  reason?: string;
  /** How a rule was read when not literally (alias widened, bucket ARN normalized, a prefix). */
  note?: string;
  /** A decision or rule on an account or Region, applied to a resource under it (the lower tier). */
  container?: boolean;
}

export interface Answer {
  /** The statement in force; null: no statement covers the key, the policy default applies. */
  statement: Statement | null;
  /** keep / keep-writes / drop, or the policy default (`log` keeps what is logged today, `drop` may drop). */
  want: Decision | 'default-log' | 'default-drop';
}

export interface PolicyFinding {
  level: 'info' | 'warning';
  code: string;
  message: string;
}

const PRIORITY: Record<StatementSource, number> = { decision: 3, rule: 2, destination: 1 };
/** Past this many distinct prefix-key lengths a lookup walks path segments instead (see StatementIndex). */
const LENGTH_SCAN_MAX = 48;

export class PolicyError extends Error {}

/** The ARN key of a resource node: the S3 prefix (ends with `/`) or the exact function / table ARN. */
export function nodeKey(node: Pick<ModelNode, 'arnPrefix' | 'arn' | 'resourceType'>): string | undefined {
  if (node.resourceType === RESOURCE_TYPES.s3Object) return node.arnPrefix;
  return node.arn ?? node.arnPrefix;
}

/** Is the node's key an exact ARN (functions, tables) rather than a prefix (S3)? */
export function nodeExact(node: Pick<ModelNode, 'resourceType' | 'arn'>): boolean {
  return node.resourceType !== RESOURCE_TYPES.s3Object && node.arn !== undefined;
}

/**
 * Statements indexed for the longest-match lookup. Prefix statements are found by the lengths their keys have:
 * a key's answer is the statement at the longest of those lengths whose slice of the key is a statement key, so a
 * lookup costs one slice per distinct length (rules come in few lengths; an account decision's thousands of
 * bucket statements in one or two). With many distinct lengths, a key's answer is instead the longest prefix
 * statement within its last path segment (after the last `/` or `:`), else its parent path's answer, memoized.
 */
class StatementIndex {
  private byKey = new Map<string, Statement[]>();
  private memo = new Map<PolicyType, Map<string, Statement | null>>();
  /** Per type, the distinct key lengths of prefix statements, longest first (null: rebuild on next lookup). */
  private lengths = new Map<PolicyType, number[] | null>();
  readonly all: Statement[] = [];

  add(s: Statement): void {
    const list = this.byKey.get(s.key);
    if (!list) this.byKey.set(s.key, [s]);
    else {
      list.push(s);
      // Exact before prefix, then by source priority; a stable sort keeps the first of equals (file order).
      list.sort((a, b) => Number(b.exact) - Number(a.exact) || PRIORITY[b.source] - PRIORITY[a.source]);
    }
    this.all.push(s);
    this.memo.clear();
    if (!s.exact) this.lengths.set(s.type, null);
  }

  /** The statement whose key is exactly this one (highest priority first), if any. */
  at(type: PolicyType, key: string, exact: boolean): Statement | null {
    return this.byKey.get(key)?.find((s) => s.type === type && s.exact === exact) ?? null;
  }

  /** The statement in force for `key` (exact: a resource ARN; else an S3 or ARN-prefix population). */
  lookup(type: PolicyType, key: string, exact: boolean): Statement | null {
    if (exact) {
      const own = this.byKey.get(key)?.find((s) => s.type === type && s.exact);
      if (own) return own;
    }
    const lengths = this.lengthsOf(type);
    if (lengths.length > LENGTH_SCAN_MAX) return this.prefixAt(type, key);
    for (const len of lengths) {
      if (len > key.length) continue;
      const found = this.byKey.get(len === key.length ? key : key.slice(0, len))?.find((s) => s.type === type && !s.exact);
      if (found) return found;
    }
    return null;
  }

  private lengthsOf(type: PolicyType): number[] {
    let l = this.lengths.get(type);
    if (!l) {
      const set = new Set<number>();
      for (const s of this.all) if (s.type === type && !s.exact) set.add(s.key.length);
      l = [...set].sort((a, b) => b - a);
      this.lengths.set(type, l);
    }
    return l;
  }

  /** The longest prefix statement of `type` whose key `key` starts with (by path segments, memoized). */
  prefixAt(type: PolicyType, key: string): Statement | null {
    let memo = this.memo.get(type);
    if (!memo) this.memo.set(type, (memo = new Map()));
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    let cut = key.length - 2;
    while (cut >= 0 && key[cut] !== '/' && key[cut] !== ':') cut--;
    let found: Statement | null = null;
    for (let len = key.length; len > cut + 1 && !found; len--) {
      const list = this.byKey.get(len === key.length ? key : key.slice(0, len));
      found = list?.find((s) => s.type === type && !s.exact) ?? null;
    }
    if (!found && cut >= 0) found = this.prefixAt(type, key.slice(0, cut + 1));
    memo.set(key, found);
    return found;
  }

  ofType(type: PolicyType): Statement[] {
    return this.all.filter((s) => s.type === type);
  }
}

export interface TrailPolicy {
  policy: Policy;
  /** The statements this trail answers to: rules, decisions and its own-bucket drop. */
  statements(type: PolicyType): Statement[];
  answer(type: PolicyType, key: string, exact: boolean): Answer;
  /**
   * The statement keyed exactly here, if any (a tree that holds every statement key inherits the rest): rules,
   * resource decisions and the own-bucket drop; `atContainer` the account / Region tier, which answers only where
   * the first tier says nothing.
   */
  at(type: PolicyType, key: string, exact: boolean): Statement | null;
  atContainer(type: PolicyType, key: string, exact: boolean): Statement | null;
  /** The answer a statement (or none: the policy default) gives. */
  answerOf(s: Statement | null): Answer;
}

export interface PolicyModel extends TrailPolicy {
  findings: PolicyFinding[];
  /** The same model for one trail: its own log bucket is dropped unless a statement keeps it. */
  forTrail(trail: { name: string; s3Bucket?: string }): TrailPolicy;
  /** The answer for a resource node (trail-independent: no own-bucket drop), null for accounts and Regions. */
  nodeAnswer(node: ModelNode): Answer | null;
  /**
   * Statements whose key lies inside a model node's residual (an S3 prefix the model does not split out): the
   * node's events are then partly under another answer, in a share the model does not know. By node id.
   */
  cuts: ReadonlyMap<string, Statement[]>;
}

function wantOf(s: Statement | null, policy: Policy): Answer['want'] {
  if (s) return s.decision;
  return policy.default === 'drop' ? 'default-drop' : 'default-log';
}

function nodeNoun(n: ModelNode): string {
  return n.kind === 'prefix' ? 'prefix' : n.kind;
}

/** S3 nodes by key prefix, once per model (a model does not change; decisions do). */
const S3_KEYS = new WeakMap<VolumeModel, Map<string, ModelNode>>();
function s3KeysOf(model: VolumeModel): Map<string, ModelNode> {
  let m = S3_KEYS.get(model);
  if (!m) {
    m = new Map();
    for (const n of model.nodes.values()) if (n.resourceType === RESOURCE_TYPES.s3Object && n.arnPrefix) m.set(n.arnPrefix, n);
    S3_KEYS.set(model, m);
  }
  return m;
}

/**
 * Build the policy model. Rules that cannot be read throw PolicyError (scenario loading reports them first,
 * with file and line); decisions on nodes the model does not have are ignored (a stale saved decision).
 */
export function policyModel(model: VolumeModel, policy: Policy, decisions: ReadonlyMap<string, NodeDecision> = new Map()): PolicyModel {
  const index = new StatementIndex();
  const findings: PolicyFinding[] = [];
  const seenRule = new Map<string, Statement>();
  const scopeRules: Array<{ rule: Policy['rules'][number]; node: ModelNode }> = [];
  policy.rules.forEach((rule, i) => {
    const r = readRule(rule);
    if (!r.ok) throw new PolicyError(`policy.rules[${i}].match: ${r.error}`);
    if (r.scope) {
      const node = model.nodes.get(r.scope.region ? `region:${r.scope.account}:${r.scope.region}` : `acct:${r.scope.account}`);
      if (node) scopeRules.push({ rule, node });
      else findings.push({ level: 'warning', code: 'rule-names-nothing', message: `policy rule "${rule.match}": the scenario has no resources there (it applies once a scan finds some)` });
      return;
    }
    const t = r.target;
    const s: Statement = {
      type: t.type, key: t.key, exact: t.exact, decision: rule.decision, source: 'rule', origin: rule.match,
      label: `rule ${rule.match.replace(/^arn:[^:]+:s3:::/, '')}`, reason: rule.reason, note: t.note,
    };
    const id = `${t.type}|${t.key}|${t.exact}`;
    const prev = seenRule.get(id);
    if (prev) {
      if (prev.decision !== s.decision) {
        findings.push({ level: 'warning', code: 'conflicting-rules', message: `policy rules "${prev.origin}" (${prev.decision}) and "${s.origin}" (${s.decision}) name the same resources; the first one applies` });
      }
      return;
    }
    seenRule.set(id, s);
    if (t.note) findings.push({ level: 'info', code: 'rule-read-as', message: `policy rule "${rule.match}": ${t.note}` });
    index.add(s);
  });

  // Decisions: a resource's own, else the nearest decided account / Region above it. Only decided subtrees are
  // walked (a decision costs its subtree's resources, not the whole inventory), and only down to resources:
  // prefixes inherit from their bucket through the statement's key, not through another statement.
  const isResource = (n: ModelNode) => nodeKey(n) !== undefined && isPolicyType(n.resourceType);
  const depth = (n: ModelNode) => {
    let d = 0;
    for (let p = n.parentId; p !== null; p = model.nodes.get(p)?.parentId ?? null) d++;
    return d;
  };
  const chosen = new Map<string, { n: ModelNode; d: Decision; from: ModelNode; rule?: Policy['rules'][number] }>();
  const containers: Array<{ c: ModelNode; d: Decision; rule?: Policy['rules'][number] }> = [];
  for (const [id, d] of decisions) {
    const n = model.nodes.get(id);
    if (!n || d === 'auto') continue;
    if (isResource(n)) chosen.set(id, { n, d, from: n });
    else containers.push({ c: n, d });
  }
  for (const { rule, node } of scopeRules) containers.push({ c: node, d: rule.decision, rule });
  // Deepest first (a nearer container wins); on the same container a decision beats a rule, the first rule a later one.
  containers.sort((x, y) => depth(y.c) - depth(x.c) || Number(x.rule !== undefined) - Number(y.rule !== undefined));
  for (const { c, d, rule } of containers) {
    const stack = [...c.childIds];
    while (stack.length > 0) {
      const n = model.nodes.get(stack.pop()!);
      if (!n) continue;
      if (isResource(n)) {
        if (n.kind !== 'prefix' && !chosen.has(n.id)) chosen.set(n.id, { n, d, from: c, ...(rule ? { rule } : {}) });
      } else stack.push(...n.childIds);
    }
  }
  // An account or Region is less specific than any ARN: its decision answers only where no rule, resource
  // decision or own-bucket drop does (a second, lower tier), so a drop on an account never undoes a PII keep rule.
  const containerIndex = new StatementIndex();
  // One label and reason string per container, shared by the thousands of statements under it; one object shape.
  const words = new Map<ModelNode, { label: string; reason: string }>();
  const wordsOf = (from: ModelNode) => {
    let w = words.get(from);
    if (!w) words.set(from, (w = { label: `decision on ${from.kind} ${from.label}`, reason: `decision (${from.kind} ${from.label})` }));
    return w;
  };
  for (const { n, d, from, rule } of chosen.values()) {
    const type = n.resourceType as PolicyType;
    const key = nodeKey(n)!;
    const exact = nodeExact(n);
    if (rule) {
      containerIndex.add({ type, key, exact, decision: d, source: 'rule', origin: rule.match, label: `rule ${rule.match}`, reason: rule.reason, container: true });
    } else if (from === n) {
      index.add({ type, key, exact, decision: d, source: 'decision', origin: from.id, label: `decision on ${nodeNoun(n)} ${n.label}`, reason: 'decision' });
    } else {
      const w = wordsOf(from);
      containerIndex.add({ type, key, exact, decision: d, source: 'decision', origin: from.id, label: w.label, reason: w.reason, container: true });
    }
  }

  const answerIn = (ix: StatementIndex) => (type: PolicyType, key: string, exact: boolean): Answer => {
    const s = ix.lookup(type, key, exact) ?? containerIndex.lookup(type, key, exact);
    return { statement: s, want: wantOf(s, policy) };
  };
  const answerOf = (s: Statement | null): Answer => ({ statement: s, want: wantOf(s, policy) });
  const base: TrailPolicy = {
    policy,
    statements: (type) => [...index.ofType(type), ...containerIndex.ofType(type)],
    answer: answerIn(index),
    at: (type, key, exact) => index.at(type, key, exact),
    atContainer: (type, key, exact) => containerIndex.at(type, key, exact),
    answerOf,
  };
  // Cuts: the deepest model S3 node whose key prefixes a statement key the model does not have. Computed when
  // first asked (it needs every S3 node by key; the overview and a decision's rebuild do not).
  let cuts: Map<string, Statement[]> | null = null;
  const cutsOf = (): Map<string, Statement[]> => {
    if (cuts) return cuts;
    const s3Keys = s3KeysOf(model);
    cuts = new Map();
    for (const st of index.all) {
      if (st.type !== RESOURCE_TYPES.s3Object || s3Keys.has(st.key)) continue;
      for (let len = st.key.length - 1; len > 0; len--) {
        const n = s3Keys.get(st.key.slice(0, len));
        if (!n) continue;
        const list = cuts.get(n.id) ?? [];
        list.push(st);
        cuts.set(n.id, list);
        break;
      }
    }
    return cuts;
  };
  return {
    ...base,
    findings,
    get cuts() {
      return cutsOf();
    },
    forTrail(trail) {
      if (!trail.s3Bucket) return base;
      const ix = new StatementIndex();
      for (const s of index.all) ix.add(s);
      ix.add({
        type: RESOURCE_TYPES.s3Object, key: `arn:aws:s3:::${trail.s3Bucket}/`, exact: false, decision: 'drop', source: 'destination',
        origin: trail.s3Bucket, label: `${trail.name}'s own log bucket`, reason: `log bucket of trail ${trail.name}`,
      });
      return {
        policy, statements: (type) => [...ix.ofType(type), ...containerIndex.ofType(type)], answer: answerIn(ix), at: (type, key, exact) => ix.at(type, key, exact),
        atContainer: base.atContainer, answerOf,
      };
    },
    nodeAnswer(node) {
      const key = nodeKey(node);
      if (key === undefined || !isPolicyType(node.resourceType)) return null;
      return base.answer(node.resourceType, key, nodeExact(node));
    },
  };
}
