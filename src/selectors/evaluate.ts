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
 */
import type { AdvancedEventSelector, CloudTrailRecord, Field, Operator } from './types.js';
import { recordCategory } from './category.js';

export const NONE = 0;
export const SOME = 1;
export const ALL = 2;
export type Tri = 0 | 1 | 2;

/**
 * Every string that starts with `prefix` and with none of `except` (the node's children, which the model
 * accounts separately). `exact` marks a single known string (a function or table ARN).
 */
export interface StringSet {
  prefix: string;
  except: readonly string[];
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
}

export interface CompiledSelector {
  index: number;
  name: string | undefined;
  /** The resources.type Equals values of this selector (resources.ARN is tested on entries of these types). */
  resourceTypes: string[] | null;
  fields: CompiledFieldSelector[];
}

export interface CompiledSelectorSet {
  selectors: CompiledSelector[];
}

const NEGATED: Record<string, Operator> = { NotEquals: 'Equals', NotStartsWith: 'StartsWith', NotEndsWith: 'EndsWith' };

export function compile(selectors: readonly AdvancedEventSelector[]): CompiledSelectorSet {
  return {
    selectors: selectors.map((sel, index) => {
      const fields: CompiledFieldSelector[] = [];
      let resourceTypes: string[] | null = null;
      for (const fs of sel.FieldSelectors ?? []) {
        const positive: Condition[] = [];
        const negative: Condition[] = [];
        for (const op of ['Equals', 'StartsWith', 'EndsWith'] as const) {
          for (const value of fs[op] ?? []) positive.push({ op, value });
        }
        for (const op of ['NotEquals', 'NotStartsWith', 'NotEndsWith'] as const) {
          for (const value of fs[op] ?? []) negative.push({ op: NEGATED[op], value });
        }
        const field = fs.Field ?? '';
        if (field === 'resources.type' && fs.Equals) resourceTypes = [...fs.Equals];
        fields.push({ field, positive, negative });
      }
      return { index, name: sel.Name, resourceTypes, fields };
    }),
  };
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
    return cond.startsWith(set.prefix) && !inExcept(cond, set) ? SOME : NONE;
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

function boolString(v: FieldValue | boolean): FieldValue {
  return typeof v === 'boolean' ? String(v) : v;
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
  let best: Tri = NONE;
  for (const sel of set.selectors) {
    const t = selectorHolds(sel, s);
    if (t === ALL) return { result: ALL, selector: sel.index };
    if (t > best) best = t;
  }
  return { result: best, selector: -1 };
}

/** The evaluation view of a CloudTrail record. */
export function recordSubject(r: CloudTrailRecord): Subject {
  return {
    category: recordCategory(r),
    field(name) {
      switch (name) {
        case 'userIdentity.arn':
          return r.userIdentity?.arn;
        case 'readOnly':
          return r.readOnly === undefined ? undefined : boolString(r.readOnly as boolean | string);
        case 'sessionCredentialFromConsole':
          return r.sessionCredentialFromConsole === undefined
            ? undefined
            : boolString(r.sessionCredentialFromConsole as boolean | string);
        default: {
          const v = r[name];
          return typeof v === 'string' ? v : undefined;
        }
      }
    },
    resources: (r.resources ?? []).map((e) => ({ type: e.type, arn: e.ARN ?? e.ARNPrefix })),
  };
}

export interface RecordMatch {
  logged: boolean;
  /** Index of the first selector that matched, or null. */
  selector: number | null;
  name: string | null;
}

/** Does a selector set log this record, and by which selector first. */
export function matchRecord(set: CompiledSelectorSet, r: CloudTrailRecord): RecordMatch {
  const v = evaluateSubject(set, recordSubject(r));
  if (v.result !== ALL) return { logged: false, selector: null, name: null };
  return { logged: true, selector: v.selector, name: set.selectors[v.selector].name ?? null };
}
