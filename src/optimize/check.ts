/**
 * Checks of an arbitrary selector set against the policy (what `apply` runs before PutEventSelectors): the
 * independent proof (engine over every node × class against the policy model), the linter, and a
 * selector-level diff from what the trail has now. Pure.
 */
import { canonicalSelectors } from '../selectors/formats.js';
import { countValues } from '../selectors/count.js';
import { lintSelectors, type Finding as LintFinding } from '../selectors/lint.js';
import type { AdvancedEventSelector } from '../selectors/types.js';
import { advancedSelectorsOf, loggedPolicyTypes, typesInCharge } from '../model/governance.js';
import type { Policy } from '../model/policy.js';
import { policyModel } from '../model/policy-model.js';
import type { Trail } from '../model/snapshot.js';
import type { VolumeModel } from '../model/types.js';
import { checkPolicy, type ProofResult } from '../proof/check-policy.js';
import { isManagementSelector, keptTypes, OPTIMIZED_TYPES } from './scope.js';

export interface ProposalCheck {
  proof: ProofResult;
  lint: { valid: boolean; findings: LintFinding[] };
  /** Reasons to refuse the set: it stops logging something the policy keeps, or AWS would reject it. */
  refusals: string[];
  warnings: string[];
}

/**
 * `trail` carries the selectors in force now (they decide what `default: log` keeps); `proposed` is the set to
 * apply. Types checked: those the trail is in charge of, plus any the proposed set logs.
 */
export function checkProposal(model: VolumeModel, trail: Trail, policy: Policy, proposed: AdvancedEventSelector[], orgAccounts: ReadonlySet<string>): ProposalCheck {
  const now = advancedSelectorsOf(trail);
  const tp = policyModel(model, policy).forTrail(trail);
  const types = new Set([...typesInCharge(trail, policy, new Set(keptTypes((t) => tp.statements(t)))), ...loggedPolicyTypes(proposed)]);
  const proof = checkPolicy({ model, trail, policy: tp, orgAccounts, proposed, types: OPTIMIZED_TYPES.filter((t) => types.has(t)) });
  const lint = lintSelectors(proposed, { trailBucket: trail.s3Bucket });
  const refusals: string[] = [];
  const warnings: string[] = [];
  for (const v of proof.violations) {
    if (v.code === 'keep-not-logged' || v.code === 'keep-writes-not-logged') refusals.push(v.message);
    else warnings.push(v.message);
  }
  for (const f of lint.findings) {
    if (f.severity === 'error') refusals.push(`${f.rule} ${f.path}: ${f.message}`);
    else warnings.push(`${f.rule} ${f.path}: ${f.message}`);
  }
  if (now.some(isManagementSelector) && !proposed.some(isManagementSelector)) refusals.push('the set has no management-event selector: PutEventSelectors would turn management events off for this trail');
  return { proof, lint: { valid: lint.valid, findings: lint.findings }, refusals, warnings };
}

export interface SelectorDiff {
  removed: AdvancedEventSelector[];
  added: AdvancedEventSelector[];
  unchanged: AdvancedEventSelector[];
  valuesBefore: number;
  valuesAfter: number;
}

/** Which selectors go, come and stay (compared whole, in AWS's canonical key order). */
export function diffSelectors(before: readonly AdvancedEventSelector[], after: readonly AdvancedEventSelector[]): SelectorDiff {
  const key = (s: AdvancedEventSelector) => JSON.stringify(canonicalSelectors([s])[0]);
  const b = new Map(before.map((s) => [key(s), s]));
  const a = new Map(after.map((s) => [key(s), s]));
  return {
    removed: [...b].filter(([k]) => !a.has(k)).map(([, s]) => s),
    added: [...a].filter(([k]) => !b.has(k)).map(([, s]) => s),
    unchanged: [...a].filter(([k]) => b.has(k)).map(([, s]) => s),
    valuesBefore: countValues(before),
    valuesAfter: countValues(after),
  };
}
