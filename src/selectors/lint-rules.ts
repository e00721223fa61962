/**
 * The linter's rules: stable ids users can grep, document and suppress, each with a one-line explanation.
 * Errors are AWS's own rules (aws-facts §3: PutEventSelectors rejects the set); warnings are valid sets that
 * probably do not do what their author meant.
 */
export type Severity = 'error' | 'warning';

export interface LintRule {
  id: string;
  severity: Severity;
  summary: string;
}

export const LINT_RULES = [
  { id: 'TC-SEL-001', severity: 'error', summary: 'The input is not in AWS\'s selector shape (wrong JSON type, unknown key, missing Field).' },
  { id: 'TC-SEL-002', severity: 'error', summary: 'A trail uses basic EventSelectors or AdvancedEventSelectors, never both.' },
  { id: 'TC-SEL-003', severity: 'error', summary: 'More than 500 values across all conditions of all advanced selectors.' },
  { id: 'TC-SEL-004', severity: 'error', summary: 'An event data store takes at most 5 advanced selectors.' },
  { id: 'TC-SEL-005', severity: 'error', summary: 'Operator arrays must not be empty.' },
  { id: 'TC-SEL-006', severity: 'error', summary: 'A field selector needs at least one operator (Equals, StartsWith, ...).' },
  { id: 'TC-SEL-007', severity: 'error', summary: 'A selector needs at least one field selector.' },
  { id: 'TC-SEL-008', severity: 'error', summary: 'Values are 1 to 2048 characters long.' },
  { id: 'TC-SEL-009', severity: 'error', summary: 'Field names match [\\w|\\d|\\.|_]+ and must be a field CloudTrail knows.' },
  { id: 'TC-SEL-010', severity: 'error', summary: 'Selector names are at most 1000 characters long.' },
  { id: 'TC-SEL-011', severity: 'error', summary: 'Every advanced selector needs an eventCategory field selector.' },
  { id: 'TC-SEL-012', severity: 'error', summary: 'eventCategory must be Management, Data or NetworkActivity on a trail (event data stores also take ConfigurationItem, ActivityAuditLog, Insight and Evidence).' },
  { id: 'TC-SEL-013', severity: 'error', summary: 'The operator is not allowed on this field (eventCategory, resources.type, readOnly, errorCode: Equals only).' },
  { id: 'TC-SEL-014', severity: 'error', summary: 'The field is not allowed for the selector\'s event category on a trail or event data store.' },
  { id: 'TC-SEL-015', severity: 'error', summary: 'A data selector needs exactly one resources.type value, with Equals.' },
  { id: 'TC-SEL-016', severity: 'error', summary: 'A network activity selector needs exactly one eventSource field selector, with exactly one Equals value and no other operator.' },
  { id: 'TC-SEL-017', severity: 'error', summary: 'The value is not one this field accepts (readOnly: "true"/"false"; sessionCredentialFromConsole: "true"; errorCode: VpceAccessDenied).' },
  { id: 'TC-SEL-018', severity: 'error', summary: 'A selector has at most one resources.type field selector (AWS: "You can have only one resources.type field per selector").' },
  { id: 'TC-SEL-019', severity: 'error', summary: 'A resources.type value differs from a documented resource type only in case (AWS::S3::Object, not aws::s3::object): values are compared exactly.' },
  { id: 'TC-SEL-020', severity: 'error', summary: 'A trail takes at most 5 basic event selectors.' },
  { id: 'TC-SEL-021', severity: 'error', summary: 'At most 250 data resource values across all basic selectors of a trail.' },
  { id: 'TC-SEL-022', severity: 'error', summary: 'Basic selectors take ReadWriteType All/ReadOnly/WriteOnly and DataResources of S3 objects, Lambda functions or DynamoDB tables only.' },
  { id: 'TC-SEL-023', severity: 'error', summary: 'Basic selectors reject an S3 DataResources value that is a bucket ARN without the trailing "/" (arn:aws:s3:::bucket); write arn:aws:s3:::bucket/.' },
  { id: 'TC-SEL-024', severity: 'error', summary: 'Basic selectors reject DataResources values that contain "*" (there are no wildcards).' },
  { id: 'TC-SEL-025', severity: 'error', summary: 'ExcludeManagementEventSources takes only kms.amazonaws.com and rdsdata.amazonaws.com.' },
  { id: 'TC-SEL-101', severity: 'warning', summary: 'An S3 bucket ARN without the trailing "/" also matches every bucket whose name starts the same.' },
  { id: 'TC-SEL-102', severity: 'warning', summary: 'Equals/NotEquals on a bucket or prefix ARN compares whole object ARNs: NotEquals excludes nothing, Equals includes no object.' },
  { id: 'TC-SEL-103', severity: 'warning', summary: '"*" is a literal character in selector values, not a wildcard.' },
  { id: 'TC-SEL-104', severity: 'warning', summary: 'StartsWith on a Lambda function ARN also logs functions with longer names (name2, name-dev); use Equals.' },
  { id: 'TC-SEL-105', severity: 'warning', summary: 'A value is both selected and deselected in one field selector; the deselect wins.' },
  { id: 'TC-SEL-106', severity: 'warning', summary: 'The selector can never match an event.' },
  { id: 'TC-SEL-107', severity: 'warning', summary: 'Everything the selector logs is already logged by another selector; it costs values and adds nothing.' },
  { id: 'TC-SEL-108', severity: 'warning', summary: 'Older Terraform AWS provider versions reject eventType, errorCode and vpcEndpointId in advanced_event_selector.' },
  { id: 'TC-SEL-109', severity: 'warning', summary: 'The trail\'s data selectors cover its own destination bucket: every log delivery is a data event, logged and billed in turn.' },
  { id: 'TC-SEL-110', severity: 'warning', summary: 'An empty selector Name is rejected by CloudFormation (it wants at least 1 character).' },
  { id: 'TC-SEL-111', severity: 'warning', summary: 'No selector logs management events: PutEventSelectors replaces the whole configuration, so applying this set turns them off.' },
  { id: 'TC-SEL-112', severity: 'warning', summary: 'A Lambda ARN written with "function/" never equals a function ARN (arn:<partition>:lambda:<region>:<account>:function:<name>).' },
  { id: 'TC-SEL-113', severity: 'warning', summary: 'An alias- or version-qualified Lambda function ARN (...:function:name:prod, :3, :$LATEST) never matches: Invoke records carry the unqualified ARN.' },
  { id: 'TC-SEL-114', severity: 'warning', summary: 'StartsWith/NotStartsWith on a DynamoDB table ARN without a trailing "/" also covers tables with longer names (Orders → OrdersArchive); use Equals/NotEquals for one table.' },
  { id: 'TC-SEL-115', severity: 'warning', summary: 'An S3 prefix (arn:aws:s3:::bucket/prefix) without a trailing "/" also matches prefix2/, prefix-old/, ...; if you meant a folder, end it with "/".' },
  { id: 'TC-SEL-116', severity: 'warning', summary: 'The selector\'s Name says reads (or writes) but neither a readOnly nor an eventName field selector limits it: it logs both.' },
  { id: 'TC-SEL-117', severity: 'warning', summary: 'The selector\'s Name says reads (or writes) but its readOnly field selector keeps the opposite.' },
  { id: 'TC-SEL-118', severity: 'warning', summary: 'A resources.type value is not in trailcost\'s table of documented data resource types (AWS may have added it since).' },
] as const satisfies readonly LintRule[];

export type RuleId = (typeof LINT_RULES)[number]['id'];

const byId = new Map<string, LintRule>(LINT_RULES.map((r) => [r.id, r]));

export function ruleById(id: RuleId): LintRule {
  return byId.get(id)!;
}

/** Is `id` one of the rule ids above (exactly as listed)? For `--ignore`, which must name real rules. */
export function isRuleId(id: string): id is RuleId {
  return byId.has(id);
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** JSON path into the input file, e.g. `$.AdvancedEventSelectors[1].FieldSelectors[2].NotEquals[0]`. */
  path: string;
  message: string;
}
