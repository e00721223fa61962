/**
 * `lintSelectors`: AWS's rules for a selector set (errors) and the known ways a valid set does something other
 * than what its author meant (warnings). Each finding names a stable rule id (lint-rules.ts) and a JSON path
 * into the input. Pure: the caller reads the file.
 *
 * Never-match and subsumption (TC-SEL-106/107) are proven with implies.ts, whose answers are checked against the
 * engine on generated records. Detected: a field selector whose every selected value is deselected; two field
 * selectors on one single-valued field with disjoint values; resources.ARN / eventSource / eventName values that
 * cannot belong to the selector's resources.type (S3 objects, Lambda functions, DynamoDB tables); a selector each
 * of whose field selectors is implied by one of another selector's. Not detected: coverage by the union of
 * several selectors, and contradictions that need the list of an arbitrary resource type's event names.
 */
import type { AdvancedEventSelector, AdvancedFieldSelector, EventSelector } from './types.js';
import { FIELDS, OPERATORS } from './types.js';
import { normalizeSelectors, SelectorShapeError, type NormalizedSelectors } from './normalize.js';
import type { PathSegment } from './path.js';
import type { Finding, RuleId } from './lint-rules.js';
import { checkAdvancedShape, checkBasicShape, collector, type Emit } from './lint-shape.js';
import {
  countDataResources, countValues, MAX_ADVANCED_VALUES, MAX_BASIC_DATA_RESOURCES, MAX_BASIC_SELECTORS,
  MAX_EVENT_DATA_STORE_SELECTORS,
} from './count.js';
import {
  cancelledBy, condDisjoint, fieldImplies, fieldsDisjoint, holds, neverHolds, splitFieldSelector, type SplitFieldSelector,
} from './implies.js';
import { toAdvancedWithOrigin } from './basic.js';
import { compile, evaluateSubject, ALL, NONE } from './evaluate.js';
import { populationSubject } from './population.js';
import { DATA_EVENT_NAMES, EVENT_SOURCES } from './data-events.js';
import { checkResourceType, DATA_RESOURCE_TYPES, DATA_RESOURCE_TYPES_AS_OF } from './resource-types.js';

export type { Finding, RuleId } from './lint-rules.js';
export { isRuleId, LINT_RULES } from './lint-rules.js';

export interface LintOptions {
  /** The trail's destination bucket (name or `arn:...:s3:::name`); also read from the input when it has one. */
  trailBucket?: string;
  /** Where the set goes: trails (default) or event data stores (5 selectors, more categories and fields). */
  target?: 'trail' | 'eventDataStore';
  /** The set will be deployed with Terraform: warn about fields older providers reject. */
  terraform?: boolean;
}

export interface LintResult {
  /** No error findings. */
  valid: boolean;
  kind: 'advanced' | 'basic' | null;
  /** Values toward the limit: advanced condition values (of 500), or basic data resource values (of 250). */
  values: number;
  limit: number;
  findings: Finding[];
  /** The selectors as advanced (basic converted), when the shape could be read. */
  selectors: AdvancedEventSelector[] | null;
}

const TRAIL_CATEGORIES = ['Management', 'Data', 'NetworkActivity'];
/** Event data stores also take these (AdvancedFieldSelector API reference: Insights, Config items, Audit Manager evidence, non-AWS events). */
const EDS_ONLY_CATEGORIES = ['ConfigurationItem', 'ActivityAuditLog', 'Insight', 'Evidence'];
const EDS_CATEGORIES = [...TRAIL_CATEGORIES, ...EDS_ONLY_CATEGORIES];
const EQUALS_ONLY = new Set(['eventCategory', 'resources.type', 'readOnly', 'errorCode']);
const FIELDS_BY_CATEGORY: Record<string, readonly string[]> = {
  Management: ['eventCategory', 'readOnly', 'eventSource'],
  Data: ['eventCategory', 'resources.type', 'resources.ARN', 'eventName', 'eventSource', 'eventType', 'readOnly', 'userIdentity.arn', 'sessionCredentialFromConsole'],
  NetworkActivity: ['eventCategory', 'eventSource', 'eventName', 'errorCode', 'vpcEndpointId'],
};
/**
 * Fields per category on an event data store (AdvancedFieldSelector API reference): management selectors also take
 * eventName, eventType, sessionCredentialFromConsole and userIdentity.arn; the event-data-store-only categories take
 * eventCategory alone.
 */
const EDS_FIELDS_BY_CATEGORY: Record<string, readonly string[]> = {
  ...FIELDS_BY_CATEGORY,
  Management: [...FIELDS_BY_CATEGORY.Management, 'eventName', 'eventType', 'sessionCredentialFromConsole', 'userIdentity.arn'],
  ...Object.fromEntries(EDS_ONLY_CATEGORIES.map((c) => [c, ['eventCategory']])),
};
const MANAGEMENT_EXCLUDABLE = ['kms.amazonaws.com', 'rdsdata.amazonaws.com'];
const SINGLE_VALUED = new Set(['eventCategory', 'eventSource', 'eventName', 'eventType', 'readOnly', 'userIdentity.arn', 'sessionCredentialFromConsole', 'errorCode', 'vpcEndpointId']);
const TERRAFORM_LAGGING = new Set(['eventType', 'errorCode', 'vpcEndpointId']);

/** ARN shape per resource type: the service part every ARN of the type has. */
const ARN_SERVICE: Record<string, string> = {
  'AWS::S3::Object': 's3',
  'AWS::Lambda::Function': 'lambda',
  'AWS::DynamoDB::Table': 'dynamodb',
};

function bucketName(b: string): string {
  const m = /^arn:[^:]+:s3:::([^/]+)/.exec(b);
  return m ? m[1] : b.replace(/\/+$/, '');
}

/**
 * The result without the findings of the rules in `ignore` (suppressed by the user: `lint --ignore`): `valid`
 * then says whether an error is left among the rest, and `ignored` how many findings were left out.
 */
export function withoutRules(r: LintResult, ignore: ReadonlySet<RuleId>): LintResult & { ignored: number } {
  if (ignore.size === 0) return { ...r, ignored: 0 };
  const findings = r.findings.filter((f) => !ignore.has(f.rule));
  return { ...r, findings, valid: !findings.some((f) => f.severity === 'error'), ignored: r.findings.length - findings.length };
}

/** Lint raw input (any accepted shape). */
export function lintSelectors(input: unknown, opts: LintOptions = {}): LintResult {
  let norm: NormalizedSelectors;
  try {
    norm = normalizeSelectors(input);
  } catch (err) {
    if (!(err instanceof SelectorShapeError)) throw err;
    const message = err.message.slice(err.path.length + 2);
    return { valid: false, kind: null, values: 0, limit: MAX_ADVANCED_VALUES, selectors: null, findings: [{ rule: 'TC-SEL-001', severity: 'error', path: err.path, message }] };
  }
  return lintNormalized(norm, opts);
}

export function lintNormalized(norm: NormalizedSelectors, opts: LintOptions = {}): LintResult {
  const findings: Finding[] = [];
  const emit = collector(findings);
  const base = norm.path;
  const bucket = opts.trailBucket ?? norm.trail.bucket;
  if (norm.otherKindPath) {
    emit('TC-SEL-002', norm.otherKindPath, 'the input holds both EventSelectors and AdvancedEventSelectors; a trail uses one kind');
  }
  if (norm.set.kind === 'basic') {
    const list = norm.set.selectors as unknown[];
    const clean = checkBasicShape(list, base, emit);
    const values = countDataResources(clean.filter((s): s is EventSelector => s !== null));
    if (list.length > MAX_BASIC_SELECTORS) emit('TC-SEL-020', base, `${list.length} basic selectors; a trail takes at most ${MAX_BASIC_SELECTORS}`);
    if (values > MAX_BASIC_DATA_RESOURCES) emit('TC-SEL-021', base, `${values} data resource values; a trail takes at most ${MAX_BASIC_DATA_RESOURCES}`);
    const ok = clean.every((s) => s !== null);
    lintBasicValues(clean, base, emit);
    const converted = ok ? toAdvancedWithOrigin(clean as EventSelector[]) : null;
    if (converted) {
      if (bucket) checkTrailBucket(converted.selectors, bucket, (i) => [...base, converted.origin[i]], emit);
      if (opts.target !== 'eventDataStore' && !clean.some((s) => s && s.IncludeManagementEvents !== false)) {
        emit('TC-SEL-111', base, 'every selector sets IncludeManagementEvents to false; applying this set stops logging management events');
      }
    }
    return finish(findings, 'basic', values, MAX_BASIC_DATA_RESOURCES, converted?.selectors ?? null);
  }

  const list = norm.set.selectors as unknown[];
  const clean = checkAdvancedShape(list, base, emit);
  const good = clean.filter((s): s is AdvancedEventSelector => s !== null);
  const values = countValues(good);
  if (values > MAX_ADVANCED_VALUES) {
    emit('TC-SEL-003', base, `${values} values across all conditions; AWS allows at most ${MAX_ADVANCED_VALUES} per ${opts.target === 'eventDataStore' ? 'event data store' : 'trail'}`);
  }
  if (opts.target === 'eventDataStore' && list.length > MAX_EVENT_DATA_STORE_SELECTORS) {
    emit('TC-SEL-004', base, `${list.length} selectors; an event data store takes at most ${MAX_EVENT_DATA_STORE_SELECTORS}`);
  }
  const never = new Set<number>();
  clean.forEach((sel, i) => {
    if (sel && lintAdvancedSelector(sel, [...base, i], opts, emit)) never.add(i);
  });
  checkSubsumed(clean, never, base, emit);
  if (bucket) checkTrailBucket(clean.map((s) => s ?? { FieldSelectors: [] }), bucket, (i) => [...base, i], emit);
  if (opts.target !== 'eventDataStore' && clean.every((s) => s !== null) && !good.some((s) => categoryOf(s) === 'Management')) {
    emit('TC-SEL-111', base, 'no selector has eventCategory Management; applying this set stops logging management events');
  }
  return finish(findings, 'advanced', values, MAX_ADVANCED_VALUES, clean.every((s) => s !== null) ? good : null);
}

function finish(findings: Finding[], kind: 'advanced' | 'basic', values: number, limit: number, selectors: AdvancedEventSelector[] | null): LintResult {
  return { valid: !findings.some((f) => f.severity === 'error'), kind, values, limit, findings, selectors };
}

function categoryOf(sel: AdvancedEventSelector): string | undefined {
  const fs = (sel.FieldSelectors ?? []).find((f) => f.Field === 'eventCategory');
  return fs?.Equals?.length === 1 ? fs.Equals[0] : undefined;
}

/** The AWS rules and per-selector warnings; returns true when the selector can never match. */
function lintAdvancedSelector(sel: AdvancedEventSelector, p: PathSegment[], opts: LintOptions, emit: Emit): boolean {
  const onTrail = opts.target !== 'eventDataStore';
  const where = onTrail ? 'a trail' : 'an event data store';
  const fss = sel.FieldSelectors ?? [];
  const at = (j: number, ...rest: PathSegment[]) => [...p, 'FieldSelectors', j, ...rest];
  const catIdx = fss.findIndex((f) => f.Field === 'eventCategory');
  if (catIdx === -1) emit('TC-SEL-011', p, 'the selector has no eventCategory field selector');
  const category = categoryOf(sel);
  const fieldsByCategory = onTrail ? FIELDS_BY_CATEGORY : EDS_FIELDS_BY_CATEGORY;
  const typeIdxs = indexesOf(fss, 'resources.type');
  const typeIdx = typeIdxs.length > 0 ? typeIdxs[0] : -1;
  const resourceTypes = typeIdx === -1 ? [] : (fss[typeIdx].Equals ?? []);
  const resourceType = resourceTypes.length === 1 ? resourceTypes[0] : undefined;

  fss.forEach((fs, j) => {
    const field = fs.Field ?? '';
    const known = (FIELDS as readonly string[]).includes(field);
    if (!known) emit('TC-SEL-009', at(j, 'Field'), `CloudTrail ${onTrail ? 'trails do' : 'does'} not filter on "${field}"`);
    for (const op of OPERATORS) {
      if (!fs[op]) continue;
      if (EQUALS_ONLY.has(field) && op !== 'Equals') emit('TC-SEL-013', at(j, op), `${field} takes Equals only, not ${op}`);
      if (field === 'sessionCredentialFromConsole' && op !== 'Equals' && op !== 'NotEquals') {
        emit('TC-SEL-013', at(j, op), `sessionCredentialFromConsole takes Equals or NotEquals only, not ${op}`);
      }
      fs[op].forEach((v, k) => {
        if (v.includes('*')) emit('TC-SEL-103', at(j, op, k), `"${v}": "*" is matched literally, not as a wildcard; use StartsWith/EndsWith`);
        if (field === 'eventCategory' && !(onTrail ? TRAIL_CATEGORIES : EDS_CATEGORIES).includes(v)) {
          emit('TC-SEL-012', at(j, op, k), `"${v}" is not an event category ${onTrail ? 'on a trail (Management, Data, NetworkActivity)' : `CloudTrail knows (${EDS_CATEGORIES.join(', ')})`}`);
        }
        if (field === 'readOnly' && v !== 'true' && v !== 'false') emit('TC-SEL-017', at(j, op, k), `readOnly is "true" or "false", not "${v}"`);
        if (field === 'sessionCredentialFromConsole' && v !== 'true') emit('TC-SEL-017', at(j, op, k), `sessionCredentialFromConsole takes "true" only, not "${v}"`);
        if (field === 'errorCode' && v !== 'VpceAccessDenied') emit('TC-SEL-017', at(j, op, k), `errorCode takes "VpceAccessDenied" only, not "${v}"`);
        if (field === 'resources.type' && category === 'Data') resourceTypeFinding(v, at(j, op, k), emit);
        if (field === 'resources.ARN') arnWarnings(op, v, resourceType, at(j, op, k), emit);
      });
    }
    if (opts.terraform && TERRAFORM_LAGGING.has(field)) {
      emit('TC-SEL-108', at(j, 'Field'), `older hashicorp/aws provider versions reject field "${field}" in advanced_event_selector; check your provider version`);
    }
    if (category && fieldsByCategory[category] && known) {
      if (!fieldsByCategory[category].includes(field)) {
        emit('TC-SEL-014', at(j, 'Field'), `${category} selectors on ${where} cannot filter on ${field}`);
      } else if (onTrail && category === 'Management' && field === 'eventSource') {
        const bad = OPERATORS.some((op) => op !== 'NotEquals' && fs[op]) || (fs.NotEquals ?? []).some((v) => !MANAGEMENT_EXCLUDABLE.includes(v));
        if (bad) emit('TC-SEL-014', at(j), 'management selectors on a trail filter eventSource only with NotEquals kms.amazonaws.com or rdsdata.amazonaws.com');
      }
    }
  });
  for (const j of typeIdxs.slice(1)) {
    emit('TC-SEL-018', at(j), `a second resources.type field selector (the first is FieldSelectors[${typeIdx}]); AWS takes only one per selector: log another resource type with another selector`);
  }
  if (category === 'Data') {
    if (typeIdx === -1) emit('TC-SEL-015', p, 'a data selector needs a resources.type field selector');
    else if (resourceTypes.length !== 1) emit('TC-SEL-015', at(typeIdx), `resources.type needs exactly one Equals value, not ${resourceTypes.length}`);
  }
  if (category === 'NetworkActivity') networkEventSource(fss, p, emit);
  if (category === 'Management' || category === 'Data') nameVersusReadOnly(sel, p, emit);
  return neverMatches(sel, p, resourceType, emit);
}

function indexesOf(fss: readonly AdvancedFieldSelector[], field: string): number[] {
  return fss.flatMap((f, j) => (f.Field === field ? [j] : []));
}

/** TC-SEL-016: one eventSource field selector, one Equals value, no other operator (aws-facts §3). */
function networkEventSource(fss: readonly AdvancedFieldSelector[], p: PathSegment[], emit: Emit): void {
  const at = (j: number, ...rest: PathSegment[]) => [...p, 'FieldSelectors', j, ...rest];
  const idxs = indexesOf(fss, 'eventSource');
  if (idxs.length === 0) {
    emit('TC-SEL-016', p, 'a network activity selector needs an eventSource field selector');
    return;
  }
  const first = fss[idxs[0]];
  if ((first.Equals ?? []).length !== 1) emit('TC-SEL-016', at(idxs[0]), 'eventSource needs exactly one Equals value in a network activity selector');
  for (const op of OPERATORS) {
    if (op !== 'Equals' && first[op]) emit('TC-SEL-016', at(idxs[0], op), `eventSource takes Equals only in a network activity selector, not ${op}`);
  }
  for (const j of idxs.slice(1)) {
    emit('TC-SEL-016', at(j), `a second eventSource field selector (the first is FieldSelectors[${idxs[0]}]); a network activity selector takes one event source, with Equals: add another selector for another source`);
  }
}

/** TC-SEL-019 / TC-SEL-118: a resources.type value against AWS's documented table (resource-types.ts). */
function resourceTypeFinding(v: string, path: PathSegment[], emit: Emit): void {
  const c = checkResourceType(v);
  if (c.kind === 'documented') return;
  if (c.kind === 'case' && !c.ambiguous) {
    emit('TC-SEL-019', path, `"${v}" is "${c.documented}" in the wrong case; resources.type values are compared exactly, so write "${c.documented}"`);
    return;
  }
  if (c.kind === 'case') {
    emit('TC-SEL-118', path, `"${v}" differs only in case from "${c.documented}", as AWS's table spells it as of ${DATA_RESOURCE_TYPES_AS_OF} (the table writes that service two ways); check the exact spelling, values are compared exactly`);
    return;
  }
  const near = nearestResourceType(v);
  emit('TC-SEL-118', path, `"${v}" is not a documented data resource type as of ${DATA_RESOURCE_TYPES_AS_OF}; AWS may have added it${near ? ` (did you mean "${near}"?)` : ''}`);
}

/** The documented type closest to `v` (edit distance ≤ 2, case ignored), if one is. */
function nearestResourceType(v: string): string | undefined {
  const a = v.toLowerCase();
  let best: string | undefined;
  let bestD = 3;
  for (const t of DATA_RESOURCE_TYPES) {
    const d = editDistance(a, t.toLowerCase(), bestD);
    if (d < bestD) {
      bestD = d;
      best = t;
    }
  }
  return best;
}

/** Levenshtein distance, giving up (returning `cap`) once it cannot be below `cap`. */
function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      rowMin = Math.min(rowMin, cur[j]);
    }
    if (rowMin >= cap) return cap;
    prev = cur;
  }
  return Math.min(prev[b.length], cap);
}

const READ_WORDS = new Set(['read', 'reads', 'reading', 'read-only', 'readonly', 'read_only', 'reads-only']);
const WRITE_WORDS = new Set(['write', 'writes', 'writing', 'write-only', 'writeonly', 'write_only', 'writes-only']);
const BOTH_WORDS = new Set(['read-write', 'readwrite', 'read_write', 'reads-writes', 'rw']);
const NEGATIONS = new Set(['not', 'no', 'non', 'except', 'excluding', 'exclude', 'excludes', 'without', 'minus', 'but', 'drop', 'drops', 'skip', 'skips']);
const ALL_WORDS = new Set(['all', 'every', 'any']);
const ALL_WHAT = new Set(['events', 'event', 'access', 'accesses', 'calls', 'call', 'activity', 'operations', 'api']);

/**
 * What a selector's Name says it logs: 'reads', 'writes', or null (both, neither, or unclear). Words are whole tokens
 * (a bucket or function named "reads-archive" or "write-handler" is not a word), a mention after a negation in the same
 * clause ("except reads", "not: ...") is ignored, and "all events"/"every event" counts as both.
 */
export function nameSaysReadOrWrite(name: string): 'reads' | 'writes' | null {
  let reads = false;
  let writes = false;
  for (const clause of name.toLowerCase().split(/[;,()[\]{}—–]|\s-\s/)) {
    const tokens = clause.split(/[\s+&/|]+/).map((t) => t.replace(/^[."'!?*:]+|[."'!?*:]+$/g, '')).filter((t) => t.length > 0);
    let negated = false;
    tokens.forEach((t, i) => {
      if (NEGATIONS.has(t)) negated = true;
      if (negated) return;
      if (ALL_WORDS.has(t) && ALL_WHAT.has(tokens[i + 1] ?? '')) reads = writes = true;
      if (BOTH_WORDS.has(t)) reads = writes = true;
      if (READ_WORDS.has(t)) reads = true;
      if (WRITE_WORDS.has(t)) writes = true;
    });
  }
  return reads === writes ? null : reads ? 'reads' : 'writes';
}

/** Which readOnly values ("true", "false") every readOnly field selector of the selector admits. */
function admittedReadOnly(fss: readonly AdvancedFieldSelector[]): Set<string> {
  const out = new Set(['true', 'false']);
  for (const fs of fss) {
    if (fs.Field !== 'readOnly') continue;
    const split = splitFieldSelector(fs);
    for (const v of ['true', 'false']) {
      const pos = split.positive.length === 0 || split.positive.some((c) => holds(c, v));
      if (!pos || split.negative.some((c) => holds(c, v))) out.delete(v);
    }
  }
  return out;
}

/** TC-SEL-116 / TC-SEL-117: the Name says reads (or writes), the readOnly field selectors say otherwise. */
function nameVersusReadOnly(sel: AdvancedEventSelector, p: PathSegment[], emit: Emit): void {
  if (!sel.Name) return;
  const says = nameSaysReadOrWrite(sel.Name);
  if (!says) return;
  const fss = sel.FieldSelectors ?? [];
  const admitted = admittedReadOnly(fss);
  const want = says === 'reads' ? 'true' : 'false';
  const other = says === 'reads' ? 'writes' : 'reads';
  // A selector narrowed to named APIs ("S3 reads" with eventName Equals GetObject) may log reads only without readOnly.
  const namesApis = fss.some((f) => f.Field === 'eventName' && splitFieldSelector(f).positive.length > 0);
  if (admitted.size === 2 && !namesApis) {
    emit('TC-SEL-116', [...p, 'Name'], `the Name "${sel.Name}" says ${says}, but no readOnly field selector limits the selector: it logs ${other} too (and pays for them); add { "Field": "readOnly", "Equals": ["${want}"] } or rename it`);
  } else if (admitted.size === 1 && !admitted.has(want)) {
    const j = fss.findIndex((f) => f.Field === 'readOnly');
    const k = (fss[j].Equals ?? []).findIndex((v) => v !== want);
    emit('TC-SEL-117', k === -1 ? [...p, 'FieldSelectors', j] : [...p, 'FieldSelectors', j, 'Equals', k], `the Name "${sel.Name}" says ${says}, but readOnly keeps only ${other}: the selector logs no ${says}; use readOnly Equals "${want}" or rename it`);
  }
}

function arnWarnings(op: string, v: string, resourceType: string | undefined, path: PathSegment[], emit: Emit): void {
  const s3 = resourceType === undefined || resourceType === 'AWS::S3::Object';
  const lambda = resourceType === undefined || resourceType === 'AWS::Lambda::Function';
  const dynamo = resourceType === undefined || resourceType === 'AWS::DynamoDB::Table';
  const negative = op.startsWith('Not');
  const bucketOnly = /^arn:[^:]+:s3:::[^/]+$/.test(v);
  if (s3 && bucketOnly && (op === 'StartsWith' || op === 'NotStartsWith')) {
    emit('TC-SEL-101', path, `"${v}" has no "/" after the bucket name, so it also matches ${v}-archive, ${v}2, ...; use "${v}/"`);
  }
  // A "*" value already has TC-SEL-103; "end it with /" would only add "lake/*/".
  if (s3 && (op === 'StartsWith' || op === 'NotStartsWith') && !v.includes('*') && /^arn:[^:]+:s3:::[^/]+\/.*[^/]$/.test(v)) {
    s3PrefixWarning(op, v, path, emit);
  }
  if (s3 && (op === 'Equals' || op === 'NotEquals') && (bucketOnly || /^arn:[^:]+:s3:::[^/]+\/(.*\/)?$/.test(v))) {
    emit(
      'TC-SEL-102',
      path,
      op === 'NotEquals'
        ? `NotEquals "${v}" excludes no object: it compares whole object ARNs; use NotStartsWith${bucketOnly ? ` "${v}/"` : ''}`
        : `Equals "${v}" matches no object (only list calls on that prefix): it compares whole object ARNs; use StartsWith${bucketOnly ? ` "${v}/"` : ''}`,
    );
  }
  if (op === 'StartsWith' && lambda && /^arn:[^:]+:lambda:[^:]*:[^:]*:function:[^:]+$/.test(v)) {
    emit('TC-SEL-104', path, `StartsWith "${v}" also logs every function whose name starts the same (${v.split(':').pop()}2, ${v.split(':').pop()}-dev); use Equals for one function`);
  }
  if (lambda && /^arn:[^:]+:lambda:[^:]*:[^:]*:function\//.test(v)) {
    const fixed = v.replace(/:function\//, ':function:');
    emit('TC-SEL-112', path, `"${v}" writes "function/" where Lambda ARNs have "function:" (arn:<partition>:lambda:<region>:<account>:function:<name>), so ${op} ${negative ? 'excludes nothing' : 'never matches'}; use "${fixed}"`);
  }
  const qualified = /^(arn:[^:]+:lambda:[^:]*:[^:]*:function:[^:/]+):([^:]+)$/.exec(v);
  if (lambda && qualified) {
    emit('TC-SEL-113', path, `"${v}" is qualified with ":${qualified[2]}" (an alias or version): Invoke records carry the unqualified function ARN, so ${op} ${negative ? 'excludes nothing' : 'never matches'}; use "${qualified[1]}"`);
  }
  const table = /^arn:[^:]+:dynamodb:[^:]*:[^:]*:table\/([^/]+)$/.exec(v);
  if (dynamo && table && (op === 'StartsWith' || op === 'NotStartsWith')) {
    emit(
      'TC-SEL-114',
      path,
      `${op} "${v}" also ${negative ? 'excludes' : 'logs'} every table whose name starts the same (${table[1]}Archive, ${table[1]}-dev); use ${negative ? 'NotEquals' : 'Equals'} for one table`,
    );
  }
}

/** TC-SEL-115: an S3 key prefix without the trailing "/", in an advanced StartsWith/NotStartsWith or a basic DataResources value. */
function s3PrefixWarning(op: string, v: string, path: PathSegment[], emit: Emit): void {
  const verb = op === 'NotStartsWith' ? 'also excludes' : 'also matches';
  emit('TC-SEL-115', path, `"${v}" does not end with "/", so it ${verb} ${v}2/..., ${v}-old/... and any key that starts the same; if you meant a folder, end it with "/" ("${v}/")`);
}

/** Can a value of this resource type's ARN satisfy the condition? Only proves "no" for known types. */
function arnCompatible(type: string, op: string, v: string): boolean {
  const service = ARN_SERVICE[type];
  if (!service || op === 'EndsWith') return true;
  if (!('arn:'.startsWith(v) || v.startsWith('arn:'))) return false;
  const parts = v.split(':');
  return parts.length < 4 || parts[2] === service;
}

function neverMatches(sel: AdvancedEventSelector, p: PathSegment[], resourceType: string | undefined, emit: Emit): boolean {
  const fss = sel.FieldSelectors ?? [];
  const split = fss.map(splitFieldSelector);
  const reasons: Array<{ path: PathSegment[]; why: string }> = [];
  split.forEach((fs, j) => {
    // TC-SEL-105: a selected value that a deselect of the same field selector removes whole.
    for (const pos of fs.positive) {
      const n = cancelledBy(pos, fs.negative);
      if (!n) continue;
      const negOp = `Not${n.op}` as const;
      const k = (fss[j][negOp] ?? []).indexOf(n.value);
      emit('TC-SEL-105', [...p, 'FieldSelectors', j, negOp, k], `${pos.op} "${pos.value}" is deselected by ${negOp} "${n.value}" in the same field selector, so this selector never logs it`);
    }
    if (neverHolds(fs)) reasons.push({ path: [...p, 'FieldSelectors', j], why: `every value ${fs.field} selects is also deselected` });
  });
  for (let a = 0; a < split.length; a++) {
    for (let b = a + 1; b < split.length; b++) {
      if (split[a].field === split[b].field && SINGLE_VALUED.has(split[a].field) && fieldsDisjoint(split[a], split[b])) {
        reasons.push({ path: [...p, 'FieldSelectors', b], why: `two field selectors on ${split[a].field} admit no common value` });
      }
    }
  }
  if (resourceType && ARN_SERVICE[resourceType]) {
    split.forEach((fs, j) => {
      if (fs.positive.length === 0) return;
      if (fs.field === 'resources.ARN' && fs.positive.every((c) => !arnCompatible(resourceType, c.op, c.value))) {
        reasons.push({ path: [...p, 'FieldSelectors', j], why: `no ${resourceType} ARN (arn:<partition>:${ARN_SERVICE[resourceType]}:...) matches these values` });
      }
      if (fs.field === 'eventSource' && fs.positive.every((c) => condDisjoint(c, { op: 'Equals', value: EVENT_SOURCES[resourceType] }))) {
        reasons.push({ path: [...p, 'FieldSelectors', j], why: `${resourceType} events come from ${EVENT_SOURCES[resourceType]}` });
      }
      if (fs.field === 'eventName' && fs.positive.every((c) => DATA_EVENT_NAMES[resourceType].every((n) => condDisjoint(c, { op: 'Equals', value: n })))) {
        reasons.push({ path: [...p, 'FieldSelectors', j], why: `none of these eventName values is a ${resourceType} data event` });
      }
    });
  }
  if (reasons.length === 0) return false;
  emit('TC-SEL-106', reasons[0].path, `the selector${sel.Name ? ` "${sel.Name}"` : ''} can never match: ${reasons.map((r) => r.why).join('; ')}`);
  return true;
}

/** The resources.type Equals values the engine filters resources.ARN entries by (null: all entries). */
function typeFilter(split: SplitFieldSelector[]): string[] | null {
  let types: string[] | null = null;
  for (const fs of split) if (fs.field === 'resources.type') {
    const eq = fs.positive.filter((c) => c.op === 'Equals').map((c) => c.value);
    if (eq.length > 0) types = eq;
  }
  return types;
}

/** Everything selector A logs, B logs: each of B's field selectors is implied by one of A's. */
export function selectorSubsumedBy(a: AdvancedEventSelector, b: AdvancedEventSelector): boolean {
  const sa = (a.FieldSelectors ?? []).map(splitFieldSelector);
  const sb = (b.FieldSelectors ?? []).map(splitFieldSelector);
  if (sb.some((fs) => fs.field === 'resources.ARN')) {
    // ARN conditions are tested on the entries of the selector's resources.type: A's entries must be among B's.
    const ta = typeFilter(sa);
    const tb = typeFilter(sb);
    if (tb !== null && (ta === null || !ta.every((t) => tb.includes(t)))) return false;
  }
  return sb.every((fb) => sa.some((fa) => fieldImplies(fa, fb)));
}

function checkSubsumed(clean: Array<AdvancedEventSelector | null>, never: Set<number>, base: PathSegment[], emit: Emit): void {
  clean.forEach((a, i) => {
    if (!a || never.has(i)) return;
    for (let j = 0; j < clean.length; j++) {
      const b = clean[j];
      if (j === i || !b || never.has(j) || !selectorSubsumedBy(a, b)) continue;
      // Two identical selectors subsume each other: report only the later one.
      if (j > i && selectorSubsumedBy(b, a)) continue;
      emit('TC-SEL-107', [...base, i], `everything this selector logs is already logged by selector ${j}${b.Name ? ` ("${b.Name}")` : ''}; it costs ${countValues([a])} values and adds nothing`);
      return;
    }
  });
}

function checkTrailBucket(selectors: AdvancedEventSelector[], trailBucket: string, pathOf: (i: number) => PathSegment[], emit: Emit): void {
  const name = bucketName(trailBucket);
  const partition = /^arn:([^:]+):/.exec(trailBucket)?.[1] ?? 'aws';
  const subject = populationSubject({
    cls: { eventSource: 's3.amazonaws.com', eventName: 'PutObject', readOnly: false, eventType: 'AwsApiCall' },
    resourceType: 'AWS::S3::Object',
    arn: { prefix: `arn:${partition}:s3:::${name}/`, except: [] },
  } as Parameters<typeof populationSubject>[0]);
  for (let i = 0; i < selectors.length; i++) {
    const v = evaluateSubject(compile([selectors[i]]), subject);
    if (v.result === NONE) continue;
    emit(
      'TC-SEL-109',
      pathOf(i),
      v.result === ALL
        ? `this selector logs the PutObject calls that deliver the trail's own log files to ${name}: each delivery is a billed data event, delivered in turn; exclude arn:${partition}:s3:::${name}/ with NotStartsWith`
        : `this selector may log writes to the trail's own bucket ${name} (part of it, or some callers); check that log delivery is excluded`,
    );
    return;
  }
}

function lintBasicValues(clean: Array<EventSelector | null>, base: PathSegment[], emit: Emit): void {
  clean.forEach((sel, i) => {
    (sel?.ExcludeManagementEventSources ?? []).forEach((src, k) => {
      if (!MANAGEMENT_EXCLUDABLE.includes(src)) {
        emit('TC-SEL-025', [...base, i, 'ExcludeManagementEventSources', k], `"${src}" cannot be excluded: ExcludeManagementEventSources takes only ${MANAGEMENT_EXCLUDABLE.join(' and ')}`);
      }
    });
    (sel?.DataResources ?? []).forEach((dr, j) => {
      (dr.Values ?? []).forEach((v, k) => {
        const path = [...base, i, 'DataResources', j, 'Values', k];
        if (v.includes('*')) emit('TC-SEL-024', path, `"${v}": basic selectors reject "*" (there are no wildcards); S3 values are prefixes already, Lambda and DynamoDB values exact ARNs or arn:<partition>:<service> for all`);
        if (dr.Type !== 'AWS::S3::Object') return;
        if (/^arn:[^:]+:s3:::[^/]+$/.test(v)) {
          emit('TC-SEL-023', path, `"${v}" is a bucket ARN without the trailing "/": basic selectors reject it; use "${v}/" for the bucket's objects`);
        } else if (!v.includes('*') && /^arn:[^:]+:s3:::[^/]+\/.*[^/]$/.test(v)) {
          s3PrefixWarning('StartsWith', v, path, emit);
        }
      });
    });
  });
}
