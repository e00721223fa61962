/**
 * One proposal for every surface. The governed trails (model/governance) are optimized against the policy model
 * (policy + the user's decisions); the selector sets that would be written are then evaluated by the estimator
 * like "now". estimate, optimize, compare, apply and the TUI all call this, so "proposed" is one number.
 */
import { createEstimator, type Estimator } from '../estimate/estimator.js';
import { evaluateProposed, type DroppedNode, type ProposedEvaluation, type ProposedSet } from '../estimate/proposed.js';

export type { DroppedNode };
import type { EstimateResult, Span } from '../estimate/types.js';
import { advancedSelectorsOf, governedTrails, organizationAccounts } from '../model/governance.js';
import { isPolicyType, type NodeDecision } from '../model/policy.js';
import { nodeExact, nodeKey, policyModel, type PolicyModel } from '../model/policy-model.js';
import { optimizeTrail, type TrailProposal } from '../optimize/optimize.js';
import type { LoadedInput } from '../scenario/input.js';

/** What one optimize needs besides the input: small enough to post to a worker. */
export interface OptimizeRequest {
  decisions: Array<[string, NodeDecision]>;
  maxValues?: number;
  /** Trails to optimize (default: the governed ones). */
  trails?: string[];
}

/** The governed trails optimized against policy + decisions (pure; what the optimizer worker runs). */
export function optimizeGoverned(input: LoadedInput, req: OptimizeRequest): TrailProposal[] {
  const policy = input.policy;
  if (!policy) return [];
  const pm = policyModel(input.model, policy, new Map(req.decisions));
  const orgAccounts = organizationAccounts(input.snapshot);
  const names = req.trails ?? governedTrails(policy, input.trails).trails;
  const out: TrailProposal[] = [];
  for (const name of names) {
    const trail = input.trails.find((t) => t.name === name);
    if (trail) out.push(optimizeTrail(input.model, trail, policy, { policyModel: pm, orgAccounts, maxValues: req.maxValues }));
  }
  return out;
}

export interface Proposal {
  optimized: TrailProposal[];
  policyModel: PolicyModel | null;
  /** The proposed sets evaluated (null without a policy: nothing is proposed). */
  evaluation: ProposedEvaluation | null;
  /** The estimate with its proposed figures. */
  result: EstimateResult;
}

/** The selectors a trail would have: the optimizer's when it optimized, else today's (never a failed proof's). */
export function proposedSets(input: LoadedInput, optimized: readonly TrailProposal[]): Map<string, ProposedSet> {
  const sets = new Map<string, ProposedSet>();
  for (const p of optimized) {
    const trail = input.trails.find((t) => t.name === p.trail);
    if (!trail) continue;
    sets.set(p.trail, { selectors: p.status === 'optimized' ? p.selectors : advancedSelectorsOf(trail), status: p.status });
  }
  return sets;
}

/** The optimizer's answers evaluated by the estimator: the numbers every surface calls "proposed". */
export function evaluateProposal(input: LoadedInput, est: Estimator, optimized: readonly TrailProposal[], decisions: ReadonlyMap<string, NodeDecision>): Proposal {
  if (!input.policy) return { optimized: [], policyModel: null, evaluation: null, result: est.result(null) };
  const pm = policyModel(input.model, input.policy, decisions);
  est.usePolicyModel(pm);
  const evaluation = evaluateProposed(est, proposedSets(input, optimized));
  return { optimized: [...optimized], policyModel: pm, evaluation, result: est.result(evaluation) };
}

/** Estimate and propose in one step (CLI commands). */
export function propose(input: LoadedInput, opts: { decisions?: ReadonlyMap<string, NodeDecision>; maxValues?: number; trails?: string[]; estimator?: Estimator } = {}): Proposal & { estimator: Estimator } {
  const est = opts.estimator ?? createEstimator(input);
  const decisions = opts.decisions ?? new Map<string, NodeDecision>();
  const optimized = optimizeGoverned(input, { decisions: [...decisions], maxValues: opts.maxValues, trails: opts.trails });
  return { ...evaluateProposal(input, est, optimized, decisions), estimator: est };
}

const mid = (s: Span) => (s.low + s.high) / 2;

/** The nodes a trail stops logging the most of, with the policy model's reason (top `limit` by events). */
export function droppedNodes(input: LoadedInput, est: Estimator, proposal: Proposal, trailName: string, limit = 10): DroppedNode[] {
  const next = proposal.evaluation?.trails.get(trailName);
  const trail = input.trails.find((t) => t.name === trailName);
  if (!next || !trail || !proposal.policyModel) return [];
  const now = est.evaluation(trailName);
  const ix = est.index;
  const unit = est.unitCost(trailName);
  const candidates: Array<[number, number]> = [];
  for (let i = 0; i < ix.nodes.length; i++) {
    const events = mid({ low: now.nodeLow[i], high: now.nodeHigh[i] }) - mid({ low: next.evaluation.nodeLow[i], high: next.evaluation.nodeHigh[i] });
    if (events > 0.5) candidates.push([i, events]);
  }
  candidates.sort((a, b) => b[1] - a[1] || (ix.nodes[a[0]].id < ix.nodes[b[0]].id ? -1 : 1));
  const tp = proposal.policyModel.forTrail(trail);
  return candidates.slice(0, limit).map(([i, events]) => {
    const node = ix.nodes[i];
    const key = nodeKey(node);
    const answer = key !== undefined && isPolicyType(node.resourceType) ? tp.answer(node.resourceType, key, nodeExact(node)) : null;
    const stillLogged = next.evaluation.nodeHigh[i] > 0;
    let why: string;
    const s = answer?.statement;
    if (s) why = s.decision === 'keep-writes' ? `keep-writes: reads not needed (${s.label})` : `${s.decision}: ${s.reason && s.reason !== 'decision' ? `${s.reason} (${s.label})` : s.label}`;
    else if (answer?.want === 'default-drop') why = 'policy default: drop';
    else why = stillLogged ? 'lever: some event types no longer logged' : 'policy default';
    return { nodeId: node.id, label: node.arnPrefix ? node.arnPrefix.replace(/^arn:[^:]+:s3:::/, '') : node.label, events, usd: events * unit, why };
  });
}
