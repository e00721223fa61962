/**
 * `optimizeTrail`: policy + model + one trail → the complete selector set PutEventSelectors takes (management
 * and other selectors carried over unchanged), at least cost within the value budget, checked by the
 * independent proof (src/proof: the engine over the JSON as written, against the policy model), linted.
 * Pure and synchronous. What the set costs is not computed here: "proposed" is the estimator's evaluation of
 * these selectors (src/app/proposal.ts), so every surface shows one number.
 */
import { countValues, MAX_ADVANCED_VALUES } from '../selectors/count.js';
import { lintSelectors, type Finding as LintFinding } from '../selectors/lint.js';
import type { AdvancedEventSelector } from '../selectors/types.js';
import { advancedSelectorsOf, isDataSelector, typesInCharge } from '../model/governance.js';
import type { NodeDecision, Policy, PolicyType } from '../model/policy.js';
import { policyModel, type PolicyModel } from '../model/policy-model.js';
import type { Trail } from '../model/snapshot.js';
import type { VolumeModel } from '../model/types.js';
import { checkPolicy, type ProofResult } from '../proof/check-policy.js';
import { buildProblem, type ProblemFinding, type TypeProblem } from './problem.js';
import { isManagementSelector, keptTypes, selectorTypes } from './scope.js';
import { leastValues, searchType, splitBudget, type SearchLimits, type TypePlan } from './search.js';
import { renderPlan, type RenderedSelector } from './render.js';
import { applyLevers } from './levers.js';
import { complianceChecks, type ComplianceCheck } from './compliance.js';
import { gapText, managementCoverage, type ManagementScope } from './management-coverage.js';

export interface OptimizeOptions {
  /** Value budget of the whole set (AWS: 500). */
  maxValues?: number;
  /** Per-node decisions (TUI); ignored when `policyModel` is given (it holds them). */
  decisions?: ReadonlyMap<string, NodeDecision>;
  /** The policy model (policy + decisions), when the caller already built it for several trails. */
  policyModel?: PolicyModel;
  /** Accounts an organization trail reaches (model/governance organizationAccounts of the snapshot). */
  orgAccounts: ReadonlySet<string>;
  limits?: SearchLimits;
  /** Run the linter on the result (default true). */
  lint?: boolean;
  /**
   * Every trail of the input (in its order, others as they would be written) and the organization's reach: whether
   * the trail's management selector duplicates other trails' is checked (management-coverage.ts); with `drop`, a
   * provable duplicate is left out of the set. Without it the management selectors are carried over unchecked.
   */
  management?: { trails: readonly Trail[]; scope: ManagementScope; drop: boolean };
}

/** The trail's management selector, as the optimizer treats it: carried over, or left out as a provable duplicate. */
export interface ManagementDecision {
  /** Left out of the set (asked for, and the check holds). */
  dropped: boolean;
  /** Other logging trails log everything it logs of management events, for every account and Region it covers. */
  covered: boolean;
  /** ... and it could go: covered, it does not take the free first copy, and the set keeps some selector. */
  removable: boolean;
  coveredBy: string[];
  /** Account × Region × event-class cells the engine checked. */
  checked: number;
  /** Why it cannot go (null when it can). */
  why: string | null;
  warnings: string[];
}

export interface Finding {
  level: 'info' | 'warning' | 'error';
  code: string;
  message: string;
  nodeId?: string;
}

/** proof-failed: the optimizer's answer did not pass the independent check (a bug): never apply it. */
export type ProposalStatus = 'optimized' | 'unsatisfiable' | 'proof-failed' | 'no-data-events';

export interface TrailProposal {
  trail: string;
  status: ProposalStatus;
  /** The complete set to apply (unchanged current set when not optimized). */
  selectors: AdvancedEventSelector[];
  /** Resource types optimized; others are carried over. */
  types: string[];
  values: { used: number; budget: number; carried: number; byType: Record<string, number>; levers: number; leastNeeded: number | null };
  proof: ProofResult | null;
  lint: { valid: boolean; findings: LintFinding[] } | null;
  compliance: ComplianceCheck[];
  findings: Finding[];
  /** The management selector's treatment (null: the trail has none, or the other trails were not given). */
  management: ManagementDecision | null;
}

/** Is the trail's management logging a provable duplicate, and may it go from a set that keeps `rest`? */
function managementDecision(trail: Trail, current: AdvancedEventSelector[], rest: readonly AdvancedEventSelector[], opts: OptimizeOptions): ManagementDecision | null {
  const m = opts.management;
  if (!m || !current.some(isManagementSelector)) return null;
  const without = current.filter((s) => !isManagementSelector(s));
  const c = managementCoverage({ trails: m.trails, trail: trail.name, now: current, proposed: without, scope: m.scope });
  let why: string | null = null;
  if (!c.covered) why = [...c.blockers, gapText(c)].filter(Boolean).join('; ');
  else if (c.freeCopy) why = `${trail.name} takes the free first copy of management events (no trail ahead of it logs them everywhere it does): leaving it out only makes another trail's paid copy the free one — remove the selector from the trail that pays (${c.coveredBy.join(', ')}) instead`;
  else if (rest.length === 0) why = `${trail.name} would keep no selector at all: stop logging on it (or delete it) instead`;
  const removable = why === null && c.lost > 0;
  return { dropped: removable && m.drop, covered: c.covered, removable, coveredBy: c.coveredBy, checked: c.checked, why, warnings: c.warnings };
}

function managementFinding(trail: Trail, d: ManagementDecision | null, asked: boolean): Finding | null {
  if (!d) return null;
  if (d.dropped) {
    return { level: 'info', code: 'management-dropped', message: `management-event selector left out: ${d.coveredBy.join(', ')} log${d.coveredBy.length === 1 ? 's' : ''} the same management events (read and write, the same event sources) for every account and Region ${trail.name} covers — ${d.checked} account × Region × event-class checks with the selector engine; its paid copies go${d.warnings.length ? `. ${d.warnings.join('; ')}` : ''}` };
  }
  if (asked) return { level: 'info', code: 'management-kept', message: `management-event selector kept: ${d.why ?? 'it logs no management events'}` };
  return null;
}

function carriedSelectors(current: AdvancedEventSelector[], types: readonly string[]): AdvancedEventSelector[] {
  return current.filter((s) => {
    if (!isDataSelector(s)) return true;
    const ts = selectorTypes(s);
    if (ts === null) return false; // a data selector for every type: replaced by per-type ones
    return !ts.some((t) => types.includes(t));
  });
}

export function optimizeTrail(model: VolumeModel, trail: Trail, policy: Policy, opts: OptimizeOptions): TrailProposal {
  const maxValues = opts.maxValues ?? MAX_ADVANCED_VALUES;
  const current = advancedSelectorsOf(trail);
  const pm = opts.policyModel ?? policyModel(model, policy, opts.decisions);
  const tp = pm.forTrail(trail);
  const findings: Finding[] = pm.findings.map((f) => ({ ...f }));
  if (trail.selectors.kind === 'basic') {
    findings.push({ level: 'info', code: 'basic-converted', message: `${trail.name} uses basic event selectors: converted to advanced ones (same events) before optimizing` });
  }
  const types: PolicyType[] = typesInCharge(trail, policy, new Set(keptTypes((t) => tp.statements(t))));
  const base = { trail: trail.name, types: types as string[], compliance: [] as ComplianceCheck[] };
  const asked = opts.management?.drop === true;
  if (types.length === 0) {
    findings.push({ level: 'info', code: 'no-data-events', message: `${trail.name} logs no S3, Lambda or DynamoDB data events and the policy does not name it: left unchanged` });
    // Left unchanged: the management selector is only reported on (never dropped here).
    const md = managementDecision(trail, current, current.filter((s) => !isManagementSelector(s)), { ...opts, management: opts.management && { ...opts.management, drop: false } });
    const f = managementFinding(trail, md, asked);
    if (f) findings.push(f);
    return {
      ...base, status: 'no-data-events', selectors: current,
      values: { used: countValues(current), budget: maxValues, carried: countValues(current), byType: {}, levers: 0, leastNeeded: null },
      proof: null, lint: null, findings, management: md,
    };
  }

  const carried = carriedSelectors(current, types);
  const carriedValues = countValues(carried);
  const budget = maxValues - carriedValues;
  const problems: TypeProblem[] = types.map((t) => buildProblem(model, trail, tp, t, { orgAccounts: opts.orgAccounts }));
  for (const p of problems) findings.push(...p.findings.map((f: ProblemFinding) => ({ ...f })));
  const searches = problems.map((p) => searchType(p.trie, Math.max(0, budget), opts.limits));
  const split = splitBudget(searches.map((s) => s.frontier), budget);

  if (!split) {
    // Never relax silently: say what the policy needs and stop.
    const least = leastNeeded(problems, opts.limits);
    const message = least === Infinity
      ? `${trail.name}: the policy cannot be met by any selector set (a node must be both logged and not logged)`
      : `${trail.name}: the policy needs at least ${least} values for ${types.join(', ')} but only ${budget} are left (${maxValues} minus ${carriedValues} used by the carried-over selectors)`;
    findings.push({ level: 'error', code: 'unsatisfiable', message });
    const md = managementDecision(trail, current, current.filter((s) => !isManagementSelector(s)), { ...opts, management: opts.management && { ...opts.management, drop: false } });
    return {
      ...base, status: 'unsatisfiable', selectors: current,
      values: { used: countValues(current), budget: maxValues, carried: carriedValues, byType: {}, levers: 0, leastNeeded: least === Infinity ? null : least + carriedValues },
      proof: null, lint: null, findings, management: md,
    };
  }

  const parts: Array<{ problem: TypeProblem; plan: TypePlan; rendered: RenderedSelector[] }> = [];
  const byType: Record<string, number> = {};
  problems.forEach((problem, i) => {
    const plan = searches[i].pick(split.values[i]);
    byType[problem.type] = plan.values;
    parts.push({ problem, plan, rendered: renderPlan(problem, plan) });
  });
  const generatedValues = parts.reduce((s, p) => s + p.rendered.reduce((t, r) => t + countValues([r.selector]), 0), 0);
  const levers = applyLevers(policy, parts, budget - generatedValues);
  for (const a of levers.applied) findings.push({ level: 'info', code: 'lever', message: a });

  const otherData = carried.filter((s) => isDataSelector(s));
  const generated = [...parts.flatMap((p) => p.rendered.map((r) => r.selector)), ...levers.added, ...otherData];
  // Management (and other non-data) selectors are carried over, unless the trail's management logging is a
  // duplicate the engine proves and the caller asked to drop it.
  const carriedOther = carried.filter((s) => !isDataSelector(s));
  const md = managementDecision(trail, current, [...carriedOther.filter((s) => !isManagementSelector(s)), ...generated], opts);
  const mf = managementFinding(trail, md, asked);
  if (mf) findings.push(mf);
  const management = md?.dropped ? carriedOther.filter((s) => !isManagementSelector(s)) : carriedOther;
  const selectors = [...management, ...generated];
  // The proof reads the file as it would be written, with nothing of the optimizer's own problem.
  const written = JSON.parse(JSON.stringify(selectors)) as AdvancedEventSelector[];
  const proof = checkPolicy({ model, trail, policy: tp, orgAccounts: opts.orgAccounts, proposed: written, types });
  const used = countValues(selectors);
  for (const v of proof.violations) findings.push({ level: 'error', code: `proof-${v.code}`, message: v.message, nodeId: v.nodeId ?? undefined });
  if (used > maxValues) findings.push({ level: 'error', code: 'proof-over-budget', message: `${used} values used of ${maxValues}` });
  let lint: TrailProposal['lint'] = null;
  if (opts.lint !== false) {
    const r = lintSelectors(selectors, { trailBucket: trail.s3Bucket });
    lint = { valid: r.valid, findings: r.findings };
    for (const f of r.findings.filter((x) => x.severity === 'error')) findings.push({ level: 'error', code: `lint-${f.rule}`, message: `${f.path}: ${f.message}` });
  }
  if (otherData.length > 0) {
    findings.push({ level: 'info', code: 'carried-data-selectors', message: `${otherData.length} data selector(s) for other resource types carried over unchanged` });
  }
  const compliance = complianceChecks(current, selectors);
  for (const c of compliance.filter((x) => x.regression)) {
    findings.push({ level: 'warning', code: 'compliance-regression', message: `${c.tool} ${c.id} (${c.access}) passes today and would fail with this set` });
  }
  return {
    ...base,
    status: proof.ok && used <= maxValues && (lint?.valid ?? true) ? 'optimized' : 'proof-failed',
    selectors,
    values: { used, budget: maxValues, carried: md?.dropped ? countValues([...management, ...otherData]) : carriedValues, byType, levers: levers.spent, leastNeeded: null },
    proof, lint, compliance, findings, management: md,
  };
}

/** Least values the policy needs (ignoring cost), for the unsatisfiable report. */
function leastNeeded(problems: readonly TypeProblem[], limits?: SearchLimits): number {
  const frontiers = problems.map((p) => {
    const free = { ...p.trie, readVolume: new Float64Array(p.trie.keys.length), writeVolume: new Float64Array(p.trie.keys.length) };
    return searchType(free, 100_000, limits).frontier;
  });
  const n = leastValues(frontiers);
  return Number.isFinite(n) ? n : Infinity;
}

