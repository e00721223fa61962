/**
 * `optimizeTrail`: policy + model + one trail → the complete selector set PutEventSelectors takes (management
 * and other selectors carried over unchanged), at least cost within the value budget, with the proof, the cost
 * before/after, what stops being logged and the compliance impact. Pure and synchronous: the TUI calls it live
 * after every decision change.
 */
import { RestrictedSets } from './restrict.js';
import { countValues, MAX_ADVANCED_VALUES } from '../selectors/count.js';
import { lintSelectors, type Finding as LintFinding } from '../selectors/lint.js';
import type { AdvancedEventSelector } from '../selectors/types.js';
import type { NodeDecision, Policy } from '../model/policy.js';
import type { Trail } from '../model/snapshot.js';
import type { VolumeModel } from '../model/types.js';
import { buildProblem, type ProblemFinding, type TypeProblem } from './problem.js';
import { currentAdvanced, isDataSelector, keptTypes, loggedTypes, OPTIMIZED_TYPES, selectorTypes, type OptimizedType } from './scope.js';
import { leastValues, searchType, splitBudget, type SearchLimits, type TypePlan } from './search.js';
import { renderPlan, type RenderedSelector } from './render.js';
import { applyLevers, leverFilter } from './levers.js';
import { prove, type ProofResult } from './proof.js';
import { loggedVolume, loggedVolumes, type Span } from './cost.js';
import { complianceChecks, type ComplianceCheck } from './compliance.js';

export interface OptimizeOptions {
  /** Value budget of the whole set (AWS: 500). */
  maxValues?: number;
  /** Per-node decisions (TUI), beating policy rules on the same node. */
  decisions?: ReadonlyMap<string, NodeDecision>;
  /** USD per data event this trail delivers (CloudTrail charge plus per-event destination costs). */
  pricePerEvent: number;
  limits?: SearchLimits;
  /** Run the linter on the result (default true). */
  lint?: boolean;
}

export interface Finding {
  level: 'info' | 'warning' | 'error';
  code: string;
  message: string;
  nodeId?: string;
}

export interface CostSide {
  events: Span;
  usd: Span;
  /** Nodes logged with an unknown volume (not in the sums). */
  unknownNodes: number;
}

export interface DroppedNode {
  nodeId: string;
  label: string;
  /** Monthly events no longer logged (midpoint of the before − after range). */
  events: number;
  usd: number;
  why: string;
}

/** proof-failed: the optimizer's answer did not pass the engine check (a bug): never apply it. */
export type ProposalStatus = 'optimized' | 'unsatisfiable' | 'proof-failed' | 'no-data-events';

export interface TrailProposal {
  trail: string;
  status: ProposalStatus;
  /** The complete set to apply (unchanged current set when not optimized). */
  selectors: AdvancedEventSelector[];
  /** Resource types optimized; others are carried over. */
  types: string[];
  values: { used: number; budget: number; carried: number; byType: Record<string, number>; levers: number; leastNeeded: number | null };
  cost: { before: CostSide; after: CostSide; savings: Span };
  proof: ProofResult | null;
  lint: { valid: boolean; findings: LintFinding[] } | null;
  dropped: DroppedNode[];
  compliance: ComplianceCheck[];
  findings: Finding[];
}

const TOP_DROPPED = 10;

function usd(s: Span, p: number): Span {
  return { low: s.low * p, high: s.high * p };
}

/** Types this trail is in charge of: those it logs today, plus kept types when the policy names the trail. */
function typesFor(trail: Trail, policy: Policy, current: AdvancedEventSelector[]): OptimizedType[] {
  const types = loggedTypes(current);
  if (policy.trails?.includes(trail.name)) for (const t of keptTypes(policy)) types.add(t);
  return OPTIMIZED_TYPES.filter((t) => types.has(t));
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
  const current = currentAdvanced(trail);
  const findings: Finding[] = [];
  if (trail.selectors.kind === 'basic') {
    findings.push({ level: 'info', code: 'basic-converted', message: `${trail.name} uses basic event selectors: converted to advanced ones (same events) before optimizing` });
  }
  const types = typesFor(trail, policy, current);
  const currentSets = new RestrictedSets(current);
  // "before" is computed with "after" in one pass when there is an "after"; these paths return early.
  const beforeOnly = () => loggedVolume(model, trail, currentSets);
  const priced = (v: { events: Span; unknownNodes: number }): CostSide => ({ events: v.events, usd: usd(v.events, opts.pricePerEvent), unknownNodes: v.unknownNodes });
  const base = {
    trail: trail.name, types: types as string[], dropped: [] as DroppedNode[], compliance: [] as ComplianceCheck[],
  };
  if (types.length === 0) {
    findings.push({ level: 'info', code: 'no-data-events', message: `${trail.name} logs no S3, Lambda or DynamoDB data events and the policy does not name it: left unchanged` });
    const before = beforeOnly();
    return {
      ...base, status: 'no-data-events', selectors: current,
      values: { used: countValues(current), budget: maxValues, carried: countValues(current), byType: {}, levers: 0, leastNeeded: null },
      cost: { before: priced(before), after: priced(before), savings: { low: 0, high: 0 } },
      proof: null, lint: null, findings,
    };
  }

  const carried = carriedSelectors(current, types);
  const carriedValues = countValues(carried);
  const budget = maxValues - carriedValues;
  const problems: TypeProblem[] = types.map((t) => buildProblem(model, trail, policy, t, { decisions: opts.decisions }));
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
    const before = beforeOnly();
    return {
      ...base, status: 'unsatisfiable', selectors: current,
      values: { used: countValues(current), budget: maxValues, carried: carriedValues, byType: {}, levers: 0, leastNeeded: least === Infinity ? null : least + carriedValues },
      cost: { before: priced(before), after: priced(before), savings: { low: 0, high: 0 } },
      proof: null, lint: null, findings,
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

  const management = carried.filter((s) => !isDataSelector(s));
  const otherData = carried.filter((s) => isDataSelector(s));
  const selectors = [...management, ...parts.flatMap((p) => p.rendered.map((r) => r.selector)), ...levers.added, ...otherData];
  const restricted = new RestrictedSets(selectors);
  const proof = prove(problems, restricted, leverFilter(policy));
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

  const [before, after] = loggedVolumes(model, trail, [currentSets, restricted]);
  // Only the top nodes get labels and reasons (there may be 100,000 candidates).
  const candidates: Array<[string, number]> = [];
  for (const [id, b] of before.perNode) {
    const a = after.perNode.get(id);
    const events = (b.low + b.high) / 2 - (a ? (a.low + a.high) / 2 : 0);
    if (events > 0) candidates.push([id, events]);
  }
  candidates.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
  const dropped: DroppedNode[] = candidates.slice(0, TOP_DROPPED).map(([id, events]) => {
    const node = model.nodes.get(id)!;
    const still = after.perNode.get(id);
    const base = whyDropped(problems, node.arnPrefix ?? node.arn);
    const why = still && still.high > 0 && levers.spent > 0 && !base.startsWith('keep-writes') ? 'lever: some event types no longer logged' : base;
    return { nodeId: id, label: labelOf(model, id), events, usd: events * opts.pricePerEvent, why };
  });
  const compliance = complianceChecks(current, selectors);
  for (const c of compliance.filter((x) => x.regression)) {
    findings.push({ level: 'warning', code: 'compliance-regression', message: `${c.tool} ${c.id} (${c.access}) passes today and would fail with this set` });
  }
  const afterSide = priced(after);
  const beforeSide = priced(before);
  return {
    ...base,
    status: proof.ok && used <= maxValues && (lint?.valid ?? true) ? 'optimized' : 'proof-failed',
    selectors,
    values: { used, budget: maxValues, carried: carriedValues, byType, levers: levers.spent, leastNeeded: null },
    cost: {
      before: beforeSide,
      after: afterSide,
      savings: { low: beforeSide.usd.low - afterSide.usd.high, high: beforeSide.usd.high - afterSide.usd.low },
    },
    proof, lint, dropped, compliance, findings,
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

function labelOf(model: VolumeModel, id: string): string {
  const node = model.nodes.get(id);
  if (!node) return id;
  if (node.arnPrefix) return node.arnPrefix.replace(/^arn:[^:]+:s3:::/, '');
  return node.label;
}

function whyDropped(problems: readonly TypeProblem[], key: string | undefined): string {
  if (key === undefined) return 'not required';
  for (const p of problems) {
    const i = p.index.get(key);
    if (i === undefined) continue;
    const r = p.info[i].rule;
    if (!r) return 'policy default';
    if (r.decision === 'drop') return r.reason ? `drop: ${r.reason}` : `drop (${r.origin})`;
    if (r.decision === 'keep-writes') return 'keep-writes: reads not needed';
    return r.decision;
  }
  return 'not required';
}
