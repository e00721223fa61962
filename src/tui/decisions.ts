/**
 * TUI decisions → scenario policy rules, each written at the level it was made: a bucket or prefix as its ARN
 * prefix, a function or table as its ARN, an account or Region as `account:ID` / `account:ID/REGION` — a scope
 * rule, the same lowest tier as the decision (model/policy-model.ts), so resources a scan finds later are covered
 * and no rule that decides a resource today is outranked.
 */
import { scopeMatch, type NodeDecision, type Policy, type PolicyRule } from '../model/policy.js';
import type { ModelNode, VolumeModel } from '../model/types.js';
import { ruleKey, saveRules, TUI_REASON } from './persist.js';

function matchOf(n: ModelNode): string | undefined {
  if (n.kind === 'account') return scopeMatch({ account: n.account });
  if (n.kind === 'region' && n.region) return scopeMatch({ account: n.account, region: n.region });
  return n.arnPrefix ?? n.arn;
}

export function decisionsToRules(model: VolumeModel, decisions: ReadonlyMap<string, NodeDecision>): { rules: PolicyRule[]; remove: string[] } {
  const rules: PolicyRule[] = [];
  const remove: string[] = [];
  const ordered = [...decisions].sort(([a], [b]) => depth(model, a) - depth(model, b) || (a < b ? -1 : a > b ? 1 : 0));
  for (const [id, d] of ordered) {
    const n = model.nodes.get(id);
    const m = n ? matchOf(n) : undefined;
    if (m === undefined) continue;
    if (d === 'auto') remove.push(m);
    else rules.push({ match: m, decision: d, reason: TUI_REASON });
  }
  return { rules, remove };
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
    const { rules, remove } = decisionsToRules(input.model, decisions);
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
