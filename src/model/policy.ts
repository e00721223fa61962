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

/**
 * A rule's `match` as an ARN key. Bare bucket names and bucket paths are S3 and always end the bucket with `/`
 * (aws-facts §3: `arn:aws:s3:::logs` would also match `logs-archive`): `pii` → `arn:aws:s3:::pii/`,
 * `pii/customers/` → `arn:aws:s3:::pii/customers/`.
 */
export function ruleArn(match: string): string {
  if (match.startsWith('arn:')) return match;
  return match.includes('/') ? `arn:aws:s3:::${match}` : `arn:aws:s3:::${match}/`;
}

/** A complete Lambda function or DynamoDB table ARN names one resource, never a prefix of longer names. */
export function isExactResourceArn(arn: string): boolean {
  return /^arn:[^:]+:lambda:[^:]+:\d{12}:function:[^:]+(:[^:]+)?$/.test(arn) || /^arn:[^:]+:dynamodb:[^:]+:\d{12}:table\/[^/]+$/.test(arn);
}

/** Does a rule (as an ARN key) cover a resource key (an S3 ARN prefix or an exact ARN)? */
export function ruleCovers(rule: string, resourceKey: string): boolean {
  return isExactResourceArn(rule) ? rule === resourceKey : resourceKey.startsWith(rule);
}
