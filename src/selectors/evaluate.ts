/**
 * The one selector engine. It answers "does this selector set log this event?" both for a concrete CloudTrail
 * record and for an abstract population of events (a model node × event class, whose object ARNs are only known
 * to start with a prefix). Answers are three-valued so the estimate can return a range where a selector boundary
 * splits a node whose split is unknown:
 *   NONE (0) — no event of the population matches; SOME (1) — some may; ALL (2) — every event matches.
 * AND is min, OR is max, NOT is 2 − x (Kleene logic). Concrete records only ever produce NONE or ALL.
 *
 * Semantics (aws-facts §3): OR across selectors, AND across field selectors; inside a field selector the
 * positive operators are OR'd (no positive operator = no positive constraint), the negative operators exclude on
 * any match, and both groups must hold. Matching is case-sensitive string comparison; `*` is a literal.
 *
 * Concrete records take a two-valued fast path (`matchRecord`: Equals as sets, long StartsWith/EndsWith lists
 * indexed by length) with the same semantics as the general path (`matchRecordGeneral`); a property test holds
 * them equal. Record fields of the wrong JSON type count as absent, never as a crash.
 */
import type { AdvancedEventSelector, CloudTrailRecord, Field, Operator } from './types.js';
import { isAggregated, recordCategory } from './category.js';

export const NONE = 0;
export const SOME = 1;
export const ALL = 2;
export type Tri = 0 | 1 | 2;

/**
 * Every string that starts with `prefix`, with none of `except` and equal to none of `exceptExact` (the node's
 * children, which the model accounts separately: prefixes, and exact function or table ARNs).
 */
export interface StringSet {
  prefix: string;
  except: readonly string[];
  exceptExact?: readonly string[];
}

/** A field's value for evaluation: a concrete string, absent (undefined), a set of strings, or unknown (any). */
export type FieldValue = string | undefined | StringSet | typeof UNKNOWN;
export const UNKNOWN: unique symbol = Symbol('unknown');

/** What the engine evaluates: a record, or an abstract population of events. */
export interface Subject {
  category: string;
  /** Value of a non-resource field. */
  field(name: Exclude<Field, 'resources.type' | 'resources.ARN' | 'eventCategory'>): FieldValue;
  /** The resources entries: type and ARN (ARNPrefix standing in for ARN, aws-facts §3.5). */
  resources: ReadonlyArray<{ type: string | undefined; arn: FieldValue }>;
}

interface Condition {
  op: Operator;
  value: string;
}

interface CompiledFieldSelector {
  field: string;
  positive: Condition[];
  negative: Condition[];
  /**
   * The same conditions indexed for concrete strings (records): Equals as sets, the rest as lists. Built on first
   * use (fastOf): populations never need it, and the optimizer compiles thousands of restricted sets.
   */
  fast: FastConditions | null;
}

function fastOf(fs: CompiledFieldSelector): FastConditions {
  return fs.fast ?? (fs.fast = fastConditions(fs.positive, fs.negative));
}

interface FastConditions {
  anyPositive: boolean;
  eq: Set<string> | null;
  starts: AffixIndex;
  ends: AffixIndex;
  notEq: Set<string> | null;
  notStarts: AffixIndex;
  notEnds: AffixIndex;
}

/**
 * StartsWith/EndsWith values. Long lists (a selector with dozens of bucket prefixes) are grouped by length, so a
 * test is one set lookup per distinct length instead of one comparison per value.
 */
interface AffixIndex {
  list: string[];
  byLength: Map<number, Set<string>> | null;
  lengths: number[];
}

const INDEX_FROM = 8;

function affixIndex(values: string[]): AffixIndex {
  if (values.length < INDEX_FROM) return { list: values, byLength: null, lengths: [] };
  const byLength = new Map<number, Set<string>>();
  for (const v of values) {
    const set = byLength.get(v.length) ?? new Set<string>();
    set.add(v);
    byLength.set(v.length, set);
  }
  return { list: values, byLength, lengths: [...byLength.keys()].sort((a, b) => a - b) };
}

function hasPrefix(ix: AffixIndex, v: string): boolean {
  if (ix.byLength === null) {
    for (let i = 0; i < ix.list.length; i++) if (v.startsWith(ix.list[i])) return true;
    return false;
  }
  for (let i = 0; i < ix.lengths.length && ix.lengths[i] <= v.length; i++) {
    if (ix.byLength.get(ix.lengths[i])!.has(v.slice(0, ix.lengths[i]))) return true;
  }
  return false;
}

function hasSuffix(ix: AffixIndex, v: string): boolean {
  if (ix.byLength === null) {
    for (let i = 0; i < ix.list.length; i++) if (v.endsWith(ix.list[i])) return true;
    return false;
  }
  for (let i = 0; i < ix.lengths.length && ix.lengths[i] <= v.length; i++) {
    if (ix.byLength.get(ix.lengths[i])!.has(v.slice(v.length - ix.lengths[i]))) return true;
  }
  return false;
}

function pick(cs: Condition[], op: Operator): string[] {
  const out: string[] = [];
  for (const c of cs) if (c.op === op) out.push(c.value);
  return out;
}

function set(xs: string[]): Set<string> | null {
  return xs.length > 0 ? new Set(xs) : null;
}

function fastConditions(positive: Condition[], negative: Condition[]): FastConditions {
  return {
    anyPositive: positive.length > 0,
    eq: set(pick(positive, 'Equals')),
    starts: affixIndex(pick(positive, 'StartsWith')),
    ends: affixIndex(pick(positive, 'EndsWith')),
    notEq: set(pick(negative, 'Equals')),
    notStarts: affixIndex(pick(negative, 'StartsWith')),
    notEnds: affixIndex(pick(negative, 'EndsWith')),
  };
}

export interface CompiledSelector {
  index: number;
  name: string | undefined;
  /** The resources.type Equals values of this selector (resources.ARN is tested on entries of these types). */
  resourceTypes: string[] | null;
  fields: CompiledFieldSelector[];
  /** matchRecord's (frozen, shared) result when this selector is the first to log a record. */
  hit?: RecordMatch;
}

export interface CompiledSelectorSet {
  selectors: CompiledSelector[];
}

const NEGATED: Record<string, Operator> = { NotEquals: 'Equals', NotStartsWith: 'StartsWith', NotEndsWith: 'EndsWith' };

const POSITIVE_OPS = ['Equals', 'StartsWith', 'EndsWith'] as const;
const NEGATIVE_OPS = ['NotEquals', 'NotStartsWith', 'NotEndsWith'] as const;

export function compile(selectors: readonly AdvancedEventSelector[]): CompiledSelectorSet {
  const out: CompiledSelector[] = new Array(selectors.length);
  for (let index = 0; index < selectors.length; index++) {
    const sel = selectors[index];
    const fields: CompiledFieldSelector[] = [];
    let resourceTypes: string[] | null = null;
    for (const fs of sel.FieldSelectors ?? []) {
      const positive: Condition[] = [];
      const negative: Condition[] = [];
      for (const op of POSITIVE_OPS) {
        const vs = fs[op];
        if (vs) for (const value of vs) positive.push({ op, value });
      }
      for (const op of NEGATIVE_OPS) {
        const vs = fs[op];
        if (vs) for (const value of vs) negative.push({ op: NEGATED[op], value });
      }
      const field = fs.Field ?? '';
      if (field === 'resources.type' && fs.Equals) resourceTypes = [...fs.Equals];
      fields.push({ field, positive, negative, fast: null });
    }
    const hit: RecordMatch = Object.freeze({ logged: true, selector: index, name: sel.Name ?? null });
    out[index] = { index, name: sel.Name, resourceTypes, fields, hit };
  }
  return { selectors: out };
}

/** One positive test (Equals/StartsWith/EndsWith) of a value against a field's value. */
function test(op: Operator, cond: string, v: FieldValue): Tri {
  if (v === undefined) return NONE;
  if (typeof v === 'string') {
    if (op === 'Equals') return v === cond ? ALL : NONE;
    if (op === 'StartsWith') return v.startsWith(cond) ? ALL : NONE;
    return v.endsWith(cond) ? ALL : NONE;
  }
  if (v === UNKNOWN) return SOME;
  return testSet(op, cond, v);
}

function inExcept(s: string, set: StringSet): boolean {
  for (const e of set.except) if (s.startsWith(e)) return true;
  return false;
}

function testSet(op: Operator, cond: string, set: StringSet): Tri {
  if (op === 'StartsWith') {
    if (set.prefix.startsWith(cond)) return ALL;
    if (!cond.startsWith(set.prefix) || inExcept(cond, set)) return NONE;
    return SOME;
  }
  if (op === 'Equals') {
    return cond.startsWith(set.prefix) && !inExcept(cond, set) && !(set.exceptExact?.includes(cond) ?? false) ? SOME : NONE;
  }
  // EndsWith: object keys under the prefix are unknown, so some may end with anything.
  return SOME;
}

/** A field selector over one value: positives OR'd (or no constraint), negatives exclude on any match. */
function fieldHolds(fs: CompiledFieldSelector, v: FieldValue): Tri {
  let pos: Tri = fs.positive.length === 0 ? ALL : NONE;
  for (const c of fs.positive) {
    const t = test(c.op, c.value, v);
    if (t > pos) pos = t;
    if (pos === ALL) break;
  }
  if (pos === NONE) return NONE;
  let neg: Tri = NONE;
  for (const c of fs.negative) {
    const t = test(c.op, c.value, v);
    if (t > neg) neg = t;
    if (neg === ALL) break;
  }
  const notNeg = (ALL - neg) as Tri;
  return pos < notNeg ? pos : notNeg;
}

function selectorHolds(sel: CompiledSelector, s: Subject): Tri {
  let acc: Tri = ALL;
  for (const fs of sel.fields) {
    let t: Tri;
    switch (fs.field) {
      case 'eventCategory':
        t = fieldHolds(fs, s.category);
        break;
      case 'resources.type': {
        t = NONE;
        for (const r of s.resources) {
          const rt = fieldHolds(fs, r.type);
          if (rt > t) t = rt;
          if (t === ALL) break;
        }
        break;
      }
      case 'resources.ARN': {
        // Compared on the entries of the selector's resources.type (all entries when it names none).
        t = NONE;
        for (const r of s.resources) {
          if (sel.resourceTypes && (r.type === undefined || !sel.resourceTypes.includes(r.type))) continue;
          const rt = fieldHolds(fs, r.arn);
          if (rt > t) t = rt;
          if (t === ALL) break;
        }
        break;
      }
      default:
        t = fieldHolds(fs, s.field(fs.field as Parameters<Subject['field']>[0]));
    }
    if (t < acc) acc = t;
    if (acc === NONE) return NONE;
  }
  return acc;
}

export interface Verdict {
  /** ALL: logged; NONE: not logged; SOME: logged for part of the population (abstract subjects only). */
  result: Tri;
  /** The first selector that logs the whole population, or -1. */
  selector: number;
}

/** Evaluate a compiled selector set on a subject: OR across selectors, first full match reported. */
export function evaluateSubject(set: CompiledSelectorSet, s: Subject): Verdict {
  // Aggregated events are configured per trail, never selected (category.ts).
  if (s.category === 'Aggregated') return { result: NONE, selector: -1 };
  let best: Tri = NONE;
  for (const sel of set.selectors) {
    const t = selectorHolds(sel, s);
    if (t === ALL) return { result: ALL, selector: sel.index };
    if (t > best) best = t;
  }
  return { result: best, selector: -1 };
}

/** evaluateSubject(set, s).result, without allocating a verdict (the hot path of the estimator and the proof). */
export function evaluateTri(set: CompiledSelectorSet, s: Subject): Tri {
  if (s.category === 'Aggregated') return NONE;
  let best: Tri = NONE;
  const sels = set.selectors;
  for (let i = 0; i < sels.length; i++) {
    const t = selectorHolds(sels[i], s);
    if (t === ALL) return ALL;
    if (t > best) best = t;
  }
  return best;
}

/** A record's field as the engine compares it: strings as they are, booleans as "true"/"false", else absent. */
function recordString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'boolean' ? String(v) : undefined;
}

/** The record's resources[] entries (type, ARN or ARNPrefix); malformed entries carry no values. */
function recordResources(r: CloudTrailRecord): Array<{ type: string | undefined; arn: string | undefined }> {
  if (!Array.isArray(r.resources)) return [];
  return r.resources.map((e: unknown) => {
    if (typeof e !== 'object' || e === null) return { type: undefined, arn: undefined };
    const x = e as { type?: unknown; ARN?: unknown; ARNPrefix?: unknown };
    return {
      type: typeof x.type === 'string' ? x.type : undefined,
      arn: typeof x.ARN === 'string' ? x.ARN : typeof x.ARNPrefix === 'string' ? x.ARNPrefix : undefined,
    };
  });
}

/** A non-resource field of a record. Only strings (and booleans for readOnly-like fields) take part. */
function recordField(r: CloudTrailRecord, name: string): string | undefined {
  switch (name) {
    case 'userIdentity.arn': {
      const u = r.userIdentity;
      return typeof u === 'object' && u !== null && typeof u.arn === 'string' ? u.arn : undefined;
    }
    case 'readOnly':
    case 'sessionCredentialFromConsole':
      return recordString(r[name]);
    default: {
      const v = r[name];
      return typeof v === 'string' ? v : undefined;
    }
  }
}

/** The evaluation view of a CloudTrail record. */
export function recordSubject(r: CloudTrailRecord): Subject {
  return {
    category: recordCategory(r),
    field: (name) => recordField(r, name),
    resources: recordResources(r),
  };
}

/** fieldHolds for a concrete (or absent) string, on the indexed conditions. */
function holdsString(f: FastConditions, v: string | undefined): boolean {
  // An absent value meets no positive condition and is excluded by no negative one.
  if (v === undefined) return !f.anyPositive;
  if (f.anyPositive && !((f.eq !== null && f.eq.has(v)) || hasPrefix(f.starts, v) || hasSuffix(f.ends, v))) return false;
  if (f.notEq !== null && f.notEq.has(v)) return false;
  return !hasPrefix(f.notStarts, v) && !hasSuffix(f.notEnds, v);
}

/** holdsString over a record's resources[] entries: their `type`, or (of the selector's types) their ARN. */
function resourcesHold(sel: CompiledSelector, fs: CompiledFieldSelector, resources: unknown, arn: boolean): boolean {
  if (!Array.isArray(resources)) return false;
  for (let i = 0; i < resources.length; i++) {
    const e = resources[i] as { type?: unknown; ARN?: unknown; ARNPrefix?: unknown } | null;
    const type = typeof e === 'object' && e !== null && typeof e.type === 'string' ? e.type : undefined;
    if (!arn) {
      if (holdsString(fastOf(fs), type)) return true;
      continue;
    }
    if (sel.resourceTypes && (type === undefined || !sel.resourceTypes.includes(type))) continue;
    const v = typeof e !== 'object' || e === null ? undefined : typeof e.ARN === 'string' ? e.ARN : typeof e.ARNPrefix === 'string' ? e.ARNPrefix : undefined;
    if (holdsString(fastOf(fs), v)) return true;
  }
  return false;
}

/**
 * selectorHolds for a concrete record, without building a Subject or allocating: the hot path of `match` and
 * `sample`. Same semantics as selectorHolds(sel, recordSubject(r)) (checked by a property test).
 */
function recordSelectorHolds(sel: CompiledSelector, r: CloudTrailRecord): boolean {
  for (const fs of sel.fields) {
    let ok: boolean;
    switch (fs.field) {
      case 'eventCategory':
        ok = holdsString(fastOf(fs), recordCategory(r));
        break;
      case 'resources.type':
        ok = resourcesHold(sel, fs, r.resources, false);
        break;
      case 'resources.ARN':
        ok = resourcesHold(sel, fs, r.resources, true);
        break;
      default:
        ok = holdsString(fastOf(fs), recordField(r, fs.field));
    }
    if (!ok) return false;
  }
  return true;
}

export interface RecordMatch {
  logged: boolean;
  /** Index of the first selector that matched, or null. */
  selector: number | null;
  name: string | null;
}

const NOT_LOGGED: RecordMatch = Object.freeze({ logged: false, selector: null, name: null });

/** The shared result for a record logged by `sel` (precomputed by compile): matching allocates nothing. */
function hitOf(sel: CompiledSelector): RecordMatch {
  return sel.hit ?? (sel.hit = Object.freeze({ logged: true, selector: sel.index, name: sel.name ?? null }));
}

/** Does a selector set log this record, and by which selector first. The result is frozen and shared. */
export function matchRecord(set: CompiledSelectorSet, r: CloudTrailRecord): RecordMatch {
  if (isAggregated(r)) return NOT_LOGGED;
  for (const sel of set.selectors) if (recordSelectorHolds(sel, r)) return hitOf(sel);
  return NOT_LOGGED;
}

/** matchRecord through the general (three-valued, Subject-based) path; kept to check the fast path against. */
export function matchRecordGeneral(set: CompiledSelectorSet, r: CloudTrailRecord): RecordMatch {
  const v = evaluateSubject(set, recordSubject(r));
  if (v.result !== ALL) return { logged: false, selector: null, name: null };
  return { logged: true, selector: v.selector, name: set.selectors[v.selector].name ?? null };
}
