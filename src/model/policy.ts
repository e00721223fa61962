/**
 * What the user wants logged: rules by ARN prefix or bucket name (from the scenario's policy) and per-node
 * overrides (TUI decisions). Shared by optimize, estimate ("cost proposed") and the TUI.
 */

/** keep: reads and writes logged; keep-writes: writes logged; drop: noise; auto: follow the rules. */
export type Decision = 'keep' | 'keep-writes' | 'drop';
export type NodeDecision = Decision | 'auto';

export interface PolicyRule {
  /** An ARN prefix (`arn:aws:s3:::bucket/prefix/`, a function or table ARN) or a bare bucket name. */
  match: string;
  decision: Decision;
  /** Why (shown in selector names and reports). */
  reason?: string;
}

export interface Policy {
  rules: PolicyRule[];
  /** What happens to data not matched by any rule: still logged (`log`) or may be dropped (`drop`). */
  default: 'log' | 'drop';
  /** Names of the trails this policy governs; absent = every trail that logs data events. */
  trails?: string[];
  /** Optional noise levers the optimizer may use. */
  levers?: {
    /** Drop per-key DeleteObject records of DeleteObjects calls (eventType NotEquals AwsServiceEvent). */
    dropServiceEvents?: boolean;
    /** eventNames never worth logging (e.g. HeadObject). */
    dropEventNames?: string[];
    /** Roles whose calls are noise (userIdentity.arn NotStartsWith). */
    dropCallers?: string[];
  };
}
