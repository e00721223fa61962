/**
 * The optimizer's public surface: `optimizeTrail` (pure, synchronous; the TUI calls it after every decision
 * change) and the types of its answer. Everything else in src/optimize is internal.
 */
export { optimizeTrail } from './optimize.js';
export type { OptimizeOptions, TrailProposal, ProposalStatus, Finding, CostSide, DroppedNode } from './optimize.js';
export type { ProofResult, Violation, Coverage } from './proof.js';
export type { ComplianceCheck } from './compliance.js';
export { summarize, formatSummary, type SummaryTrail } from './summary.js';
