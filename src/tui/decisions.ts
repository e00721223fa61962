/**
 * TUI decisions → scenario policy rules. A rule matches an ARN prefix (S3 bucket or prefix) or an exact ARN
 * (function, table); an account or Region has no ARN of its own, so a decision there becomes one rule per
 * resource under it (resources with their own decision keep theirs).
 */
import { isPolicyType, type NodeDecision, type Policy, type PolicyRule } from '../model/policy.js';
import { nodeExact, nodeKey, policyModel } from '../model/policy-model.js';
import type { ModelNode, VolumeModel } from '../model/types.js';
import { ruleKey, saveRules, TUI_REASON } from './persist.js';

function matchOf(n: ModelNode): string | undefined {
  return n.arnPrefix ?? n.arn;
}

export function decisionsToRules(model: VolumeModel, decisions: ReadonlyMap<string, NodeDecision>, policy: Policy | null = null): { rules: PolicyRule[]; remove: string[] } {
  // An account or Region decision is the lowest tier (model/policy-model.ts): saved as rules, it must not outrank
  // the rules that decide a resource today, so resources a rule already covers are left to that rule.
  const rulesOnly = policy ? policyModel(model, policy) : null;
  const ruled = (n: ModelNode) => {
    const key = nodeKey(n);
    return rulesOnly !== null && key !== undefined && isPolicyType(n.resourceType) && rulesOnly.answer(n.resourceType, key, nodeExact(n)).statement !== null;
  };
  const rules = new Map<string, PolicyRule>();
  const remove: string[] = [];
  const put = (n: ModelNode, d: NodeDecision, via?: ModelNode) => {
    const m = matchOf(n);
    if (m === undefined) return;
    if (d === 'auto') {
      remove.push(m);
      return;
    }
    rules.set(m, { match: m, decision: d, reason: via ? `${TUI_REASON} (${via.kind} ${via.label})` : TUI_REASON });
  };
  // Containers first, so a resource's own decision (applied after) wins over its account's or Region's.
  const ordered = [...decisions].sort(([a], [b]) => depth(model, a) - depth(model, b));
  for (const [id, d] of ordered) {
    const n = model.nodes.get(id);
    if (!n) continue;
    if (matchOf(n) !== undefined) {
      put(n, d);
      continue;
    }
    // Account / Region: the resources directly holding an ARN below it.
    const stack = [...n.childIds];
    while (stack.length > 0) {
      const c = model.nodes.get(stack.pop()!);
      if (!c) continue;
      if (matchOf(c) !== undefined) {
        if (!decisions.has(c.id) && !ruled(c)) put(c, d, n);
      } else stack.push(...c.childIds);
    }
  }
  return { rules: [...rules.values()], remove };
}

function depth(model: VolumeModel, id: string): number {
  let d = 0;
  for (let p = model.nodes.get(id)?.parentId ?? null; p !== null; p = model.nodes.get(p)?.parentId ?? null) d++;
  return d;
}

/**
 * The `w` edge for one TUI session. Each save writes the decisions as rules; a rule written earlier in the session
 * that no decision backs any more (set back to auto) is undone: the file's original rule gets its decision back,
 * or the rule goes when the TUI created it.
 */
export function decisionSaver(input: { kind: 'scenario' | 'snapshot'; file: string; name: string; model: VolumeModel; policy: Policy | null }): (decisions: ReadonlyMap<string, NodeDecision>) => string {
  const written = new Set<string>();
  return (decisions) => {
    const { rules, remove } = decisionsToRules(input.model, decisions, input.policy);
    const now = new Set(rules.map((r) => r.match));
    const restore: PolicyRule[] = [];
    const drop = [...remove];
    for (const m of written) {
      if (now.has(m)) continue;
      const original = input.policy?.rules.find((r) => ruleKey(r.match) === ruleKey(m));
      if (original) restore.push({ match: m, decision: original.decision });
      else drop.push(m);
    }
    const path = saveRules(input, [...rules, ...restore], drop);
    written.clear();
    for (const m of now) written.add(m);
    return path;
  };
}
