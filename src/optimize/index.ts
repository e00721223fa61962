/**
 * The optimizer's public surface: `optimizeTrail` (pure, synchronous) and the types of its answer. Everything
 * else in src/optimize is internal.
 */
export { optimizeTrail } from './optimize.js';
export type { OptimizeOptions, TrailProposal, ProposalStatus, Finding, ManagementDecision } from './optimize.js';
export type { ComplianceCheck } from './compliance.js';
