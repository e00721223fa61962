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
import type { AdvancedEventSelector, EventSelector } from './types.js';
import { FIELDS, OPERATORS } from './types.js';
import { normalizeSelectors, SelectorShapeError, type NormalizedSelectors } from './normalize.js';
import type { PathSegment } from './path.js';
import type { Finding } from './lint-rules.js';
import { checkAdvancedShape, checkBasicShape, collector, type Emit } from './lint-shape.js';
import {
  countDataResources, countValues, MAX_ADVANCED_VALUES, MAX_BASIC_DATA_RESOURCES, MAX_BASIC_SELECTORS,
  MAX_EVENT_DATA_STORE_SELECTORS,
} from './count.js';
import {
  cancelledBy, condDisjoint, fieldImplies, fieldsDisjoint, neverHolds, splitFieldSelector, type SplitFieldSelector,
} from './implies.js';
import { toAdvancedWithOrigin } from './basic.js';
import { compile, evaluateSubject, ALL, NONE } from './evaluate.js';
import { populationSubject } from './population.js';
import { DATA_EVENT_NAMES, EVENT_SOURCES } from './data-events.js';

export type { Finding, RuleId } from './lint-rules.js';
export { LINT_RULES } from './lint-rules.js';

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
const EDS_CATEGORIES = [...TRAIL_CATEGORIES, 'ConfigurationItem', 'ActivityAuditLog', 'Insight'];
const EQUALS_ONLY = new Set(['eventCategory', 'resources.type', 'readOnly', 'errorCode']);
const FIELDS_BY_CATEGORY: Record<string, readonly string[]> = {
  Management: ['eventCategory', 'readOnly', 'eventSource'],
  Data: ['eventCategory', 'resources.type', 'resources.ARN', 'eventName', 'eventSource', 'eventType', 'readOnly', 'userIdentity.arn', 'sessionCredentialFromConsole'],
  NetworkActivity: ['eventCategory', 'eventSource', 'eventName', 'errorCode', 'vpcEndpointId'],
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
    lintBasicWarnings(clean, base, emit);
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
  const fss = sel.FieldSelectors ?? [];
  const at = (j: number, ...rest: PathSegment[]) => [...p, 'FieldSelectors', j, ...rest];
  const catIdx = fss.findIndex((f) => f.Field === 'eventCategory');
  if (catIdx === -1) emit('TC-SEL-011', p, 'the selector has no eventCategory field selector');
  const category = categoryOf(sel);
  const typeIdx = fss.findIndex((f) => f.Field === 'resources.type');
  const resourceTypes = typeIdx === -1 ? [] : (fss[typeIdx].Equals ?? []);
  const resourceType = resourceTypes.length === 1 ? resourceTypes[0] : undefined;

  fss.forEach((fs, j) => {
    const field = fs.Field ?? '';
    const known = (FIELDS as readonly string[]).includes(field);
    if (!known && onTrail) emit('TC-SEL-009', at(j, 'Field'), `CloudTrail trails do not filter on "${field}"`);
    for (const op of OPERATORS) {
      if (!fs[op]) continue;
      if (EQUALS_ONLY.has(field) && op !== 'Equals') emit('TC-SEL-013', at(j, op), `${field} takes Equals only, not ${op}`);
      if (field === 'sessionCredentialFromConsole' && op !== 'Equals' && op !== 'NotEquals') {
        emit('TC-SEL-013', at(j, op), `sessionCredentialFromConsole takes Equals or NotEquals only, not ${op}`);
      }
      fs[op].forEach((v, k) => {
        if (v.includes('*')) emit('TC-SEL-103', at(j, op, k), `"${v}": "*" is matched literally, not as a wildcard; use StartsWith/EndsWith`);
        if (field === 'eventCategory' && !(onTrail ? TRAIL_CATEGORIES : EDS_CATEGORIES).includes(v)) {
          emit('TC-SEL-012', at(j, op, k), `"${v}" is not an event category ${onTrail ? 'on a trail (Management, Data, NetworkActivity)' : 'CloudTrail knows'}`);
        }
        if (field === 'readOnly' && v !== 'true' && v !== 'false') emit('TC-SEL-017', at(j, op, k), `readOnly is "true" or "false", not "${v}"`);
        if (field === 'sessionCredentialFromConsole' && v !== 'true') emit('TC-SEL-017', at(j, op, k), `sessionCredentialFromConsole takes "true" only, not "${v}"`);
        if (field === 'errorCode' && v !== 'VpceAccessDenied') emit('TC-SEL-017', at(j, op, k), `errorCode takes "VpceAccessDenied" only, not "${v}"`);
        if (field === 'resources.ARN') arnWarnings(op, v, resourceType, at(j, op, k), emit);
      });
    }
    if (opts.terraform && TERRAFORM_LAGGING.has(field)) {
      emit('TC-SEL-108', at(j, 'Field'), `older hashicorp/aws provider versions reject field "${field}" in advanced_event_selector; check your provider version`);
    }
    if (onTrail && category && FIELDS_BY_CATEGORY[category] && known) {
      if (!FIELDS_BY_CATEGORY[category].includes(field)) {
        emit('TC-SEL-014', at(j, 'Field'), `${category} selectors on a trail cannot filter on ${field}`);
      } else if (category === 'Management' && field === 'eventSource') {
        const bad = OPERATORS.some((op) => op !== 'NotEquals' && fs[op]) || (fs.NotEquals ?? []).some((v) => !MANAGEMENT_EXCLUDABLE.includes(v));
        if (bad) emit('TC-SEL-014', at(j), 'management selectors on a trail filter eventSource only with NotEquals kms.amazonaws.com or rdsdata.amazonaws.com');
      }
    }
  });
  if (onTrail && category === 'Data') {
    if (typeIdx === -1) emit('TC-SEL-015', p, 'a data selector needs a resources.type field selector');
    else if (resourceTypes.length !== 1) emit('TC-SEL-015', at(typeIdx), `resources.type needs exactly one Equals value, not ${resourceTypes.length}`);
  }
  if (onTrail && category === 'NetworkActivity') {
    const srcIdx = fss.findIndex((f) => f.Field === 'eventSource');
    if (srcIdx === -1) emit('TC-SEL-016', p, 'a network activity selector needs an eventSource field selector');
    else if ((fss[srcIdx].Equals ?? []).length !== 1) emit('TC-SEL-016', at(srcIdx), 'eventSource needs exactly one Equals value in a network activity selector');
  }
  return neverMatches(sel, p, resourceType, emit);
}

function arnWarnings(op: string, v: string, resourceType: string | undefined, path: PathSegment[], emit: Emit): void {
  const s3 = resourceType === undefined || resourceType === 'AWS::S3::Object';
  const bucketOnly = /^arn:[^:]+:s3:::[^/]+$/.test(v);
  if (s3 && bucketOnly && (op === 'StartsWith' || op === 'NotStartsWith')) {
    emit('TC-SEL-101', path, `"${v}" has no "/" after the bucket name, so it also matches ${v}-archive, ${v}2, ...; use "${v}/"`);
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
  if (op === 'StartsWith' && (resourceType === undefined || resourceType === 'AWS::Lambda::Function') && /^arn:[^:]+:lambda:[^:]*:[^:]*:function:[^:]+$/.test(v)) {
    emit('TC-SEL-104', path, `StartsWith "${v}" also logs every function whose name starts the same (${v.split(':').pop()}2, ${v.split(':').pop()}-dev); use Equals for one function`);
  }
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

function lintBasicWarnings(clean: Array<EventSelector | null>, base: PathSegment[], emit: Emit): void {
  clean.forEach((sel, i) => {
    (sel?.DataResources ?? []).forEach((dr, j) => {
      (dr.Values ?? []).forEach((v, k) => {
        const path = [...base, i, 'DataResources', j, 'Values', k];
        if (v.includes('*')) emit('TC-SEL-103', path, `"${v}": "*" is matched literally, not as a wildcard`);
        if (dr.Type === 'AWS::S3::Object' && /^arn:[^:]+:s3:::[^/]+$/.test(v)) {
          emit('TC-SEL-101', path, `"${v}" has no "/" after the bucket name, so it also matches ${v}-archive, ${v}2, ...; use "${v}/"`);
        }
      });
    });
  });
}
