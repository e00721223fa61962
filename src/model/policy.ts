/**
 * The policy's vocabulary: what the user wants logged (rules from the scenario, per-node decisions from the
 * TUI) and what each rule's `match` names. One reading of a rule, used by estimate, optimize, the proof, the
 * TUI and apply: a rule is read here or nowhere.
 */
import { RESOURCE_TYPES } from '../selectors/data-events.js';

/** keep: reads and writes logged; keep-writes: writes logged; drop: noise; auto: follow the rules. */
export type Decision = 'keep' | 'keep-writes' | 'drop';
export type NodeDecision = Decision | 'auto';

export interface PolicyRule {
  /** A bucket name or bucket path, an S3 ARN prefix, a function or table ARN, an ARN prefix, or an account / Region (see `readRule`). */
  match: string;
  decision: Decision;
  /** Why (shown in selector names and reports). */
  reason?: string;
}

export interface Policy {
  rules: PolicyRule[];
  /** What happens to data not matched by any rule: still logged (`log`) or may be dropped (`drop`). */
  default: 'log' | 'drop';
  /** Names of the trails this policy governs; absent = every trail that logs S3, Lambda or DynamoDB data events. */
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

/** The resource types a policy can name (the ones trailcost models volume for). */
export const POLICY_TYPES = [RESOURCE_TYPES.s3Object, RESOURCE_TYPES.lambdaFunction, RESOURCE_TYPES.dynamoTable] as const;
export type PolicyType = (typeof POLICY_TYPES)[number];

export function isPolicyType(t: string | undefined): t is PolicyType {
  return t !== undefined && (POLICY_TYPES as readonly string[]).includes(t);
}

/** What a rule names, as selectors see it. */
export interface RuleTarget {
  type: PolicyType;
  /** The ARN key: an S3 ARN prefix, an exact function / table ARN, or an ARN prefix. */
  key: string;
  /** true: exactly this ARN (`Equals`); false: every ARN that starts with `key` (`StartsWith`). */
  exact: boolean;
  /** How the rule was read when not literally (shown to the user). */
  note?: string;
}

/** An account, or one Region of an account: a rule that decides every resource under it (the lower tier). */
export interface RuleScope {
  account: string;
  region?: string;
}

export type RuleReading =
  | { ok: true; target: RuleTarget; scope?: undefined }
  | { ok: true; scope: RuleScope; target?: undefined }
  | { ok: false; error: string };

/** The match text of a scope rule (`account:111111111111`, `account:111111111111/eu-west-1`). */
export function scopeMatch(scope: RuleScope): string {
  return `account:${scope.account}${scope.region ? `/${scope.region}` : ''}`;
}

/**
 * `account:ID` or `account:ID/REGION`. Bucket names cannot hold a colon, so the form never names a bucket. Like an
 * account or Region decision in the TUI, it is the least specific statement: it decides a resource under it only
 * where no rule or resource decision does, and resources that appear later (the next scan) are covered too.
 */
function readScope(m: string): RuleReading {
  const s = /^account:(\d{12})(?:\/([a-z]{2}(?:-[a-z]+)+-\d))?$/.exec(m);
  if (!s) return { ok: false, error: `"${m}": an account rule is account:<12-digit id> or account:<id>/<region> (account:111111111111/eu-west-1)` };
  return { ok: true, scope: s[2] ? { account: s[1], region: s[2] } : { account: s[1] } };
}

/** Characters that end a name stem: `function:pii-` and `table/orders_` are prefixes of longer names. */
const STEM_END = /[-_.]$/;

/**
 * How a rule's `match` is read. Every form names one resource type; anything else is an error, never ignored.
 * - `bucket` or `bucket/prefix/` (no `arn:`): S3, always with the slash after the bucket (`logs` is not `logs-archive`);
 *   `arn:aws:s3:::bucket` (a bucket ARN) reads the same as `bucket`.
 * - A function or table ARN names exactly that resource (`…:function:pii-export` is not `pii-export2`).
 * - A name that ends in `*`, `-`, `_` or `.`, or an ARN that stops before the name, is a prefix
 *   (`…:function:pii-`, `…:function:pii*`, `arn:aws:lambda:us-east-1:111111111111:function:`).
 * - `account:111111111111` or `account:111111111111/eu-west-1` decides every resource of that account (Region),
 *   as the lowest tier (see readScope).
 * - An alias- or version-qualified function ARN (`…:function:pii-export:prod`) keeps the whole function: Invoke
 *   records carry the unqualified ARN (aws-facts §7). Likewise a table's stream or index ARN keeps the table.
 *   A `drop` cannot be limited to an alias, so such a drop is an error rather than a wider drop than written.
 */
export function readRule(rule: Pick<PolicyRule, 'match' | 'decision'>): RuleReading {
  const m = rule.match.trim();
  if (m === '') return { ok: false, error: 'empty match' };
  if (/\s/.test(m)) return { ok: false, error: `"${rule.match}" contains white space` };
  if (m.startsWith('account:')) return readScope(m);
  if (!m.startsWith('arn:')) return readS3Path(m);
  const parts = /^arn:([^:]+):([^:]*):(.*)$/.exec(m);
  if (!parts) return { ok: false, error: `"${m}" is not an ARN (arn:partition:service:…)` };
  const [, partition, service, rest] = parts;
  switch (service) {
    case 's3':
      return readS3Arn(m, partition, rest);
    case 'lambda':
      return readLambda(m, rule.decision);
    case 'dynamodb':
      return readDynamo(m, rule.decision);
    default:
      return { ok: false, error: `"${m}" names the ${service || '(empty)'} service; policy rules name S3 objects, Lambda functions or DynamoDB tables` };
  }
}

function star(s: string): { stem: string; starred: boolean } {
  if (!s.endsWith('*')) return { stem: s, starred: false };
  return { stem: s.slice(0, -1), starred: true };
}

function hasInnerStar(s: string): boolean {
  return s.includes('*');
}

function readS3Path(m: string): RuleReading {
  const { stem, starred } = star(m);
  if (hasInnerStar(stem)) return { ok: false, error: `"${m}": "*" is only read at the end (a prefix)` };
  if (stem.includes(':')) return { ok: false, error: `"${m}" is neither a bucket name, a bucket path nor an ARN` };
  const slash = stem.indexOf('/');
  if (slash === 0) return { ok: false, error: `"${m}" has no bucket name before the "/"` };
  if (starred && slash < 0) {
    // `pii-*`: every bucket whose name starts with pii-.
    return { ok: true, target: { type: RESOURCE_TYPES.s3Object, key: `arn:aws:s3:::${stem}`, exact: false, note: `every bucket whose name starts with "${stem}"` } };
  }
  return { ok: true, target: { type: RESOURCE_TYPES.s3Object, key: slash < 0 ? `arn:aws:s3:::${stem}/` : `arn:aws:s3:::${stem}`, exact: false } };
}

function readS3Arn(m: string, partition: string, rest: string): RuleReading {
  // arn:aws:s3:::bucket/key — region and account are empty for S3 object ARNs.
  if (!rest.startsWith('::')) return { ok: false, error: `"${m}": an S3 object ARN has empty Region and account (arn:${partition}:s3:::bucket/prefix)` };
  const { stem, starred } = star(rest.slice(2));
  if (hasInnerStar(stem)) return { ok: false, error: `"${m}": "*" is only read at the end (a prefix)` };
  const root = `arn:${partition}:s3:::`;
  if (stem === '') return { ok: true, target: { type: RESOURCE_TYPES.s3Object, key: root, exact: false, note: 'every bucket' } };
  if (!stem.includes('/') && !starred) {
    // A bucket ARN: the objects of that bucket, not of every bucket whose name starts the same.
    return { ok: true, target: { type: RESOURCE_TYPES.s3Object, key: `${root}${stem}/`, exact: false, note: `the bucket ${stem} (read as ${root}${stem}/)` } };
  }
  return { ok: true, target: { type: RESOURCE_TYPES.s3Object, key: `${root}${stem}`, exact: false } };
}

function readLambda(m: string, decision: Decision): RuleReading {
  const type = RESOURCE_TYPES.lambdaFunction;
  const { stem, starred } = star(m);
  if (hasInnerStar(stem)) return { ok: false, error: `"${m}": "*" is only read at the end (a prefix)` };
  const full = /^(arn:[^:]+:lambda:[^:]+:\d{12}:function:)([A-Za-z0-9_-]+)(?::([A-Za-z0-9$_-]+))?$/.exec(stem);
  if (full) {
    const [, head, name, qualifier] = full;
    const unqualified = `${head}${name}`;
    if (qualifier !== undefined) {
      if (starred) return { ok: false, error: `"${m}": a prefix cannot carry an alias or version` };
      if (decision === 'drop') {
        return { ok: false, error: `"${m}" is alias- or version-qualified: Invoke records carry the unqualified function ARN, so a drop cannot be limited to "${qualifier}" — drop ${unqualified} (the whole function) instead` };
      }
      return { ok: true, target: { type, key: unqualified, exact: true, note: `qualified ARN: records carry ${name}'s unqualified ARN, so the whole function ${name} is kept` } };
    }
    if (starred || STEM_END.test(name)) return { ok: true, target: { type, key: unqualified, exact: false, note: `every function whose name starts with "${name}"` } };
    return { ok: true, target: { type, key: unqualified, exact: true } };
  }
  // An ARN that stops before (or inside) the name: a prefix of function ARNs.
  if (isArnPrefix(stem, LAMBDA_SHAPE)) {
    return { ok: true, target: { type, key: stem, exact: false, note: starred ? undefined : 'an ARN prefix: every function under it' } };
  }
  return { ok: false, error: `"${m}" is not a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>)${/:function\//.test(m) ? ': function ARNs use "function:", not "function/"' : ''}` };
}

function readDynamo(m: string, decision: Decision): RuleReading {
  const type = RESOURCE_TYPES.dynamoTable;
  const { stem, starred } = star(m);
  if (hasInnerStar(stem)) return { ok: false, error: `"${m}": "*" is only read at the end (a prefix)` };
  const full = /^(arn:[^:]+:dynamodb:[^:]+:\d{12}:table\/)([A-Za-z0-9_.-]+)(\/.+)?$/.exec(stem);
  if (full) {
    const [, head, name, sub] = full;
    const table = `${head}${name}`;
    if (sub !== undefined) {
      if (starred) return { ok: false, error: `"${m}": a prefix cannot name a stream or index` };
      if (decision === 'drop') return { ok: false, error: `"${m}" names part of table ${name}: data events carry the table ARN, so a drop cannot be limited to it — drop ${table} instead` };
      return { ok: true, target: { type, key: table, exact: true, note: `${sub.slice(1)} is part of table ${name}: the whole table is kept` } };
    }
    if (starred || STEM_END.test(name)) return { ok: true, target: { type, key: table, exact: false, note: `every table whose name starts with "${name}"` } };
    return { ok: true, target: { type, key: table, exact: true } };
  }
  if (isArnPrefix(stem, DYNAMO_SHAPE)) {
    return { ok: true, target: { type, key: stem, exact: false, note: starred ? undefined : 'an ARN prefix: every table under it' } };
  }
  return { ok: false, error: `"${m}" is not a DynamoDB table ARN (arn:aws:dynamodb:<region>:<account>:table/<name>)` };
}

interface Segment {
  whole: RegExp;
  part: RegExp;
}
const REGION: Segment = { whole: /^[a-z]{2}(-[a-z]+)+-\d$/, part: /^[a-z0-9-]*$/ };
const ACCOUNT: Segment = { whole: /^\d{12}$/, part: /^\d{0,12}$/ };
const literal = (word: string): Segment => ({ whole: new RegExp(`^${word}$`), part: { test: (s: string) => word.startsWith(s) } as RegExp });
/** After `arn:<partition>:<service>:`, colon-separated (a table name follows `table/` inside the last segment). */
const LAMBDA_SHAPE: Segment[] = [REGION, ACCOUNT, literal('function'), { whole: /^[A-Za-z0-9_-]+$/, part: /^[A-Za-z0-9_-]*$/ }];
const DYNAMO_SHAPE: Segment[] = [REGION, ACCOUNT, { whole: /^table\/[A-Za-z0-9_.-]+$/, part: { test: (s: string) => 'table/'.startsWith(s) || /^table\/[A-Za-z0-9_.-]*$/.test(s) } as RegExp }];

/** Is `stem` the start of an ARN of this shape (`arn:aws:lambda:us-east-1:`, `…:function:pii`)? */
function isArnPrefix(stem: string, shape: Segment[]): boolean {
  const m = /^arn:[^:]+:[^:]*:(.*)$/.exec(stem);
  if (!m) return false;
  const parts = m[1].split(':');
  if (parts.length > shape.length) return false;
  return parts.every((p, i) => (i === parts.length - 1 ? shape[i].part : shape[i].whole).test(p));
}

/** Does a target cover an ARN key (an exact resource ARN, or an S3 population's prefix)? */
export function targetCovers(t: Pick<RuleTarget, 'key' | 'exact'>, key: string): boolean {
  return t.exact ? key === t.key : key.startsWith(t.key);
}

/** The type of an ARN key (`arn:aws:s3:::…` → S3 objects), or null when the policy cannot name it. */
export function typeOfKey(key: string): PolicyType | null {
  const service = /^arn:[^:]+:([^:]*):/.exec(key)?.[1];
  if (service === 's3') return RESOURCE_TYPES.s3Object;
  if (service === 'lambda') return RESOURCE_TYPES.lambdaFunction;
  if (service === 'dynamodb') return RESOURCE_TYPES.dynamoTable;
  return null;
}

/** Classes the policy's levers let a proposal stop logging where no keep applies (event types, event names). */
export function leverDrops(policy: Policy, cls: { eventType: string; eventName: string }): boolean {
  const l = policy.levers;
  if (!l) return false;
  return (l.dropServiceEvents === true && cls.eventType === 'AwsServiceEvent') || (l.dropEventNames ?? []).includes(cls.eventName);
}

/** Named noisy callers may be left out, so a population logged for only some callers still meets "log". */
export function leverDropsCallers(policy: Policy): boolean {
  return (policy.levers?.dropCallers ?? []).length > 0;
}
