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
import { isPolicyType, POLICY_TYPES, type NodeDecision } from '../model/policy.js';
import { nodeExact, nodeKey, policyModel, type PolicyModel } from '../model/policy-model.js';
import { optimizeTrail, type TrailProposal } from '../optimize/optimize.js';
import { managementScopeOf } from '../optimize/management-coverage.js';
import type { LoadedInput } from '../scenario/input.js';

/** What one optimize needs besides the input: small enough to post to a worker. */
export interface OptimizeRequest {
  decisions: Array<[string, NodeDecision]>;
  maxValues?: number;
  /** Trails to optimize (default: the governed ones). */
  trails?: string[];
  /** Leave a trail's management selector out where other trails provably log the same management events (default off). */
  dropDuplicateManagement?: boolean;
}

/** The governed trails optimized against policy + decisions (pure; what the optimizer worker runs). */
export function optimizeGoverned(input: LoadedInput, req: OptimizeRequest): TrailProposal[] {
  const policy = input.policy;
  if (!policy) return [];
  const pm = policyModel(input.model, policy, new Map(req.decisions));
  const orgAccounts = organizationAccounts(input.snapshot);
  const names = req.trails ?? governedTrails(policy, input.trails).trails;
  const out: TrailProposal[] = [];
  // The trails as they would be written: a trail whose management selector goes no longer covers the next one's.
  let trails = input.trails;
  const scope = managementScopeOf(input.snapshot);
  for (const name of names) {
    const trail = trails.find((t) => t.name === name);
    if (!trail) continue;
    const p = optimizeTrail(input.model, trail, policy, { policyModel: pm, orgAccounts, maxValues: req.maxValues, management: { trails, scope, drop: req.dropDuplicateManagement === true } });
    if (p.management?.dropped && p.status === 'optimized') trails = trails.map((t) => (t.name === name ? { ...t, selectors: { kind: 'advanced', selectors: p.selectors as never } } : t));
    out.push(p);
  }
  // A keep no governed trail is in charge of is kept by nobody: say so instead of proving nothing about it.
  if (out.length > 0) {
    for (const type of POLICY_TYPES) {
      if (out.some((t) => t.types.includes(type))) continue;
      const kept = pm.statements(type).filter((st) => st.decision !== 'drop' && st.source !== 'destination');
      if (kept.length === 0) continue;
      out[0].findings.push({
        level: 'warning', code: 'keep-not-governed',
        message: `the policy keeps ${kept.slice(0, 3).map((st) => st.origin).join(', ')}${kept.length > 3 ? ', …' : ''} (${type}), but no governed trail logs ${type} data events: nothing here will log them — name a trail in policy.trails to have it add them`,
      });
    }
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
export function propose(input: LoadedInput, opts: { decisions?: ReadonlyMap<string, NodeDecision>; maxValues?: number; trails?: string[]; estimator?: Estimator; dropDuplicateManagement?: boolean } = {}): Proposal & { estimator: Estimator } {
  const est = opts.estimator ?? createEstimator(input);
  const decisions = opts.decisions ?? new Map<string, NodeDecision>();
  const optimized = optimizeGoverned(input, { decisions: [...decisions], maxValues: opts.maxValues, trails: opts.trails, dropDuplicateManagement: opts.dropDuplicateManagement });
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
    const inside = proposal.policyModel?.cuts.get(node.id) ?? [];
    if (inside.length > 0 && stillLogged) why = `partly: ${inside.slice(0, 2).map((x) => `${x.decision} ${x.key.replace(/^arn:[^:]+:s3:::/, '')}`).join(', ')} inside`;
    else if (s) why = s.decision === 'keep-writes' ? `keep-writes: reads not needed (${s.label})` : `${s.decision}: ${s.reason && s.reason !== 'decision' ? `${s.reason} (${s.label})` : s.label}`;
    else if (answer?.want === 'default-drop') why = 'policy default: drop';
    else why = stillLogged ? 'lever: some event types no longer logged' : 'policy default';
    return { nodeId: node.id, label: node.arnPrefix ? node.arnPrefix.replace(/^arn:[^:]+:s3:::/, '') : node.label, events, usd: events * unit, why };
  });
}

/**
 * A proposal as plain data, so the optimizer's worker can compute all of it (optimize, then evaluate) and hand it
 * over without the UI thread evaluating 100,000 nodes: the optimizer's answers, the estimate with its proposed
 * figures, per-node totals (in the estimator's node order, which both sides build from the same input) and what
 * each trail stops logging.
 */
export interface ProposalData {
  optimized: TrailProposal[];
  result: EstimateResult;
  /** Subtree events and USD per node with the proposal; null without a policy. */
  nodes: { eL: Float64Array; eH: Float64Array; uL: Float64Array; uH: Float64Array } | null;
  dropped: Record<string, DroppedNode[]>;
}

export function proposalData(input: LoadedInput, est: Estimator, req: OptimizeRequest): ProposalData {
  const optimized = optimizeGoverned(input, req);
  const p = evaluateProposal(input, est, optimized, new Map(req.decisions));
  const dropped: Record<string, DroppedNode[]> = {};
  for (const t of optimized) dropped[t.trail] = droppedNodes(input, est, p, t.trail);
  let nodes: ProposalData['nodes'] = null;
  // Copies of the evaluation's own arrays (in the estimator's node order): their buffers may move to another thread.
  if (p.evaluation) nodes = p.evaluation.nodeTotals();
  return { optimized, result: p.result, nodes, dropped };
}

/** The transferable buffers of a ProposalData (moved to the other thread, not copied). */
export function proposalBuffers(d: ProposalData): ArrayBuffer[] {
  return d.nodes ? [d.nodes.eL.buffer as ArrayBuffer, d.nodes.eH.buffer as ArrayBuffer, d.nodes.uL.buffer as ArrayBuffer, d.nodes.uH.buffer as ArrayBuffer] : [];
}
