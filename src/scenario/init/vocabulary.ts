/**
 * The words `trailcost init` reads as signs of sensitive data or of noise. Small on purpose: every hit becomes a
 * suggestion a person reviews, so a short list someone can check beats a clever one. Matching is by whole tokens
 * of a name (split at `-`, `_`, `.`, `/`, `:`, spaces and camelCase; see suggest.ts), never by substring:
 * `happiness` holds no `pii`, `chroma` no `hr`.
 */

/**
 * Tag keys that name a data classification, compared with case and separators removed (`DataClassification`,
 * `data-classification`, `data_classification` are one key).
 */
export const CLASSIFICATION_TAG_KEYS = [
  'classification', 'dataclassification', 'securityclassification', 'informationclassification',
  'sensitivity', 'datasensitivity', 'confidentiality', 'dataconfidentiality', 'compliance', 'compliancescope',
] as const;

/**
 * Words in a classification tag's value that mark the data as sensitive (a value is split into words first:
 * `Highly-Confidential`, `PII,PCI`, `restricted - EU` all match). `public`, `internal`, `general` do not; a word
 * right after `non`/`not`/`no`/`un` does not count (`non-confidential`).
 */
export const SENSITIVE_TAG_VALUES = [
  'pii', 'phi', 'pci', 'spi', 'sensitive', 'confidential', 'restricted', 'secret', 'topsecret', 'hipaa', 'gdpr',
  'personal', 'regulated',
] as const;

export const NEGATIONS = ['non', 'not', 'no', 'un'] as const;

/** Tag keys that are themselves the class, set to a yes-value (`pii=true`, `ContainsPII=yes`). */
export const FLAG_TAG_KEYS = ['pii', 'phi', 'pci', 'hipaa', 'gdpr', 'containspii', 'haspii', 'sensitive', 'sensitivedata'] as const;
export const YES_VALUES = ['true', 'yes', 'y', '1'] as const;

/**
 * Name tokens (of a bucket, function or table) that suggest sensitive data. A pattern is a set of tokens that must
 * all appear (`terraform` + `state`: state files hold secrets).
 */
export const SENSITIVE_NAME_PATTERNS: ReadonlyArray<readonly string[]> = [
  ['pii'], ['phi'], ['pci'], ['hr'], ['kyc'], ['ssn'], ['gdpr'], ['hipaa'],
  ['secret'], ['secrets'], ['vault'], ['credential'], ['credentials'], ['creds'], ['password'], ['passwords'],
  ['payment'], ['payments'], ['payroll'], ['cardholder'], ['customer'], ['customers'], ['patient'], ['patients'],
  ['medical'], ['tfstate'], ['terraform', 'state'],
];

/** How sure a drop suggestion is: what AWS writes there by construction, an AWS naming rule or default, or a guess from the name. */
export type DropBasis = 'construction' | 'aws-name' | 'name';

export interface NoiseCategory {
  id: string;
  /** The `reason` written on the rule (shown in reports). */
  reason: string;
  /** What writes there, for the comment. */
  what: string;
  basis: DropBasis;
  /** The bucket name starts with this (an AWS naming rule or console default). */
  prefix?: RegExp;
  /** Token sets, any one of which must appear whole. */
  tokens?: ReadonlyArray<readonly string[]>;
}

const LOG = ['log', 'logs'];
const withLogs = (...heads: string[]): string[][] => [...heads.flatMap((h) => LOG.map((l) => [h, l]))];

/**
 * Bucket names that receive logs or results written by AWS services: noise to a data trail. Checked in this order;
 * the first category that matches names the bucket (an `elb-access-logs` bucket is ELB, not S3 access logs).
 * A trail's own destination bucket is found from the trails (construction) before any of these.
 */
export const NOISE_CATEGORIES: readonly NoiseCategory[] = [
  {
    id: 'waf-logs', reason: 'WAF logs', what: 'AWS WAF log delivery (AWS requires WAF log buckets to be named aws-waf-logs-*)',
    basis: 'aws-name', prefix: /^aws-waf-logs-/,
  },
  {
    id: 'athena-results', reason: 'Athena query results', what: 'Athena query results (the Athena console\'s default results bucket name)',
    basis: 'aws-name', prefix: /^aws-athena-query-results-/,
  },
  {
    id: 'cloudtrail-default', reason: 'CloudTrail log delivery', what: 'CloudTrail log delivery (the CloudTrail console\'s default bucket name) for a trail this snapshot does not hold',
    basis: 'aws-name', prefix: /^aws-cloudtrail-logs-/,
  },
  {
    id: 'config-default', reason: 'AWS Config delivery', what: 'AWS Config snapshot and history delivery (the Config console\'s default bucket name)',
    basis: 'aws-name', prefix: /^config-bucket-\d{12}$/,
  },
  {
    id: 'elb-logs', reason: 'ELB access logs (by name)', what: 'Elastic Load Balancing access logs',
    basis: 'name', tokens: [...withLogs('elb', 'alb', 'nlb', 'lb', 'loadbalancer'), ['elblogs'], ['alblogs']],
  },
  {
    id: 'cloudfront-logs', reason: 'CloudFront logs (by name)', what: 'CloudFront standard logs',
    basis: 'name', tokens: [...withLogs('cloudfront', 'cdn', 'cf'), ['cdnlogs'], ['cloudfrontlogs']],
  },
  {
    id: 's3-access-logs', reason: 'S3 server access logs (by name)', what: 'S3 server access logs',
    basis: 'name', tokens: [...withLogs('access', 's3'), ['accesslogs'], ['serveraccesslogs']],
  },
  {
    id: 'vpc-flow-logs', reason: 'VPC flow logs (by name)', what: 'VPC flow log delivery',
    basis: 'name', tokens: [...withLogs('flow'), ['flowlogs']],
  },
  {
    id: 'cloudtrail-logs', reason: 'CloudTrail logs (by name)', what: 'CloudTrail log delivery for a trail this snapshot does not hold',
    basis: 'name', tokens: withLogs('cloudtrail'),
  },
  {
    id: 'athena-results-name', reason: 'Athena query results (by name)', what: 'Athena query results',
    basis: 'name', tokens: [['athena', 'results'], ['athena', 'output'], ['athena', 'query']],
  },
  {
    id: 'config-name', reason: 'AWS Config delivery (by name)', what: 'AWS Config snapshot and history delivery',
    basis: 'name', tokens: [['config', 'snapshots'], ['config', 'history'], ['config', 'delivery'], ['awsconfig']],
  },
];
