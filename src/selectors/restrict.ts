/**
 * Evaluating a 500-value set on 100,000 nodes costs values × nodes string tests. But a resources.ARN value that
 * is neither a prefix of a resource key nor an extension of it can match no ARN under that key (StartsWith and
 * Equals compare from the start), so for the nodes under one bucket (or one exact ARN) such values can be left
 * out before the same engine evaluates: positive lists keep their related values (a selector whose positive ARN
 * list empties logs nothing there and is left out), negative lists drop unrelated ones. EndsWith values are kept
 * (they can match anywhere). test/optimize/restrict.test.ts checks the verdicts agree with the full set.
 *
 * Cost: restriction to a longer key can only remove values, so a key's set is derived from its parent key's
 * (parentKey, top-down), a restriction that removes nothing is the parent's own set (same array, same compiled set), and sets
 * of equal content share one compiled set (most keys of a large inventory restrict to a handful of distinct
 * sets). test/perf/restrict-cache.property.test.ts holds the cached sets equal to freshly compiled ones.
 */
import { compile, type CompiledSelectorSet } from './evaluate.js';
import type { AdvancedEventSelector, AdvancedFieldSelector } from './types.js';

function related(value: string, key: string): boolean {
  return key.startsWith(value) || value.startsWith(key);
}

function allRelated(values: readonly string[], key: string): boolean {
  for (let i = 0; i < values.length; i++) if (!related(values[i], key)) return false;
  return true;
}

function relatedOf(values: readonly string[] | undefined, key: string): string[] | undefined {
  if (!values) return undefined;
  const out: string[] = [];
  for (let i = 0; i < values.length; i++) if (related(values[i], key)) out.push(values[i]);
  return out;
}

/** The operators a restricted ARN field selector can hold (what restrictOne copies), in the order it writes them. */
const ARN_OPS = ['Equals', 'StartsWith', 'EndsWith', 'NotEquals', 'NotStartsWith', 'NotEndsWith'] as const;

/**
 * Would restricting this resources.ARN field selector give it back as it is? Only when it holds nothing but
 * Field and non-empty operator lists, and every Equals / StartsWith / NotEquals / NotStartsWith value is related.
 */
function arnUnchanged(fs: AdvancedFieldSelector, key: string): boolean {
  let ops = 0;
  for (const k in fs) {
    if (k === 'Field') continue;
    const v = (fs as unknown as Record<string, unknown>)[k];
    if (!(ARN_OPS as readonly string[]).includes(k) || !Array.isArray(v) || v.length === 0) return false;
    if (k !== 'EndsWith' && k !== 'NotEndsWith' && !allRelated(v as string[], key)) return false;
    ops++;
  }
  return ops > 0;
}

/** One selector restricted to `key`: itself when nothing changes, a new selector, or null (logs nothing there). */
function restrictOne(sel: AdvancedEventSelector, key: string): AdvancedEventSelector | null {
  const all = sel.FieldSelectors ?? [];
  let unchanged = sel.FieldSelectors !== undefined;
  for (let i = 0; i < all.length && unchanged; i++) {
    if (all[i].Field === 'resources.ARN' && !arnUnchanged(all[i], key)) unchanged = false;
  }
  if (unchanged) return sel;
  const fields: AdvancedFieldSelector[] = [];
  for (const fs of all) {
    if (fs.Field !== 'resources.ARN') {
      fields.push(fs);
      continue;
    }
    const f: AdvancedFieldSelector = { Field: fs.Field };
    const hadPositive = (fs.Equals?.length ?? 0) + (fs.StartsWith?.length ?? 0) + (fs.EndsWith?.length ?? 0) > 0;
    let positive = 0;
    const eq = relatedOf(fs.Equals, key);
    if (eq && eq.length > 0) {
      f.Equals = eq;
      positive += eq.length;
    }
    const sw = relatedOf(fs.StartsWith, key);
    if (sw && sw.length > 0) {
      f.StartsWith = sw;
      positive += sw.length;
    }
    if (fs.EndsWith && fs.EndsWith.length > 0) {
      f.EndsWith = fs.EndsWith;
      positive += fs.EndsWith.length;
    }
    if (hadPositive && positive === 0) return null;
    const ne = relatedOf(fs.NotEquals, key);
    if (ne && ne.length > 0) f.NotEquals = ne;
    const ns = relatedOf(fs.NotStartsWith, key);
    if (ns && ns.length > 0) f.NotStartsWith = ns;
    if (fs.NotEndsWith && fs.NotEndsWith.length > 0) f.NotEndsWith = fs.NotEndsWith;
    if (Object.keys(f).length > 1) fields.push(f);
  }
  return { Name: sel.Name, FieldSelectors: fields };
}

/**
 * The selectors as they apply under `key`. Returns `selectors` itself (the same array) when the restriction
 * removes nothing, so callers can tell "the same set" by identity.
 */
export function restrictSelectors(selectors: readonly AdvancedEventSelector[], key: string): readonly AdvancedEventSelector[] {
  let out: AdvancedEventSelector[] | null = null;
  for (let i = 0; i < selectors.length; i++) {
    const r = restrictOne(selectors[i], key);
    if (out === null) {
      if (r === selectors[i]) continue;
      out = selectors.slice(0, i);
    }
    if (r !== null) out.push(r);
  }
  return out ?? selectors;
}

/** A restricted set and, once asked for, its compiled form. */
interface Restricted {
  sels: readonly AdvancedEventSelector[];
  compiled: CompiledSelectorSet | null;
}

/**
 * Restrictions per key, built top-down along separators (`arn:aws:s3:::` → `…:::b-` → `…:::b-x/` → `…:::b-x/p1/`):
 * each level filters its parent's already short list, so 100,000 nodes cost little more than their own values. A level that removes
 * nothing shares its parent's set; sets of equal content share one entry (and one compile).
 */
export class RestrictedSets {
  private readonly root: Restricted;
  private byKey = new Map<string, Restricted>();
  private byContent = new Map<string, Restricted>();
  /** Distinct compiled sets so far (for benchmarks and tests). */
  compiles = 0;

  constructor(selectors: readonly AdvancedEventSelector[]) {
    this.root = { sels: selectors, compiled: null };
  }

  private restrictedFor(key: string): Restricted {
    const hit = this.byKey.get(key);
    if (hit) return hit;
    const parent = parentKey(key);
    const base = parent === null ? this.root : this.restrictedFor(parent);
    const sels = restrictSelectors(base.sels, key);
    let r = base;
    if (sels !== base.sels) {
      // The content of a set as the engine reads it (Name, Field and operator lists; JSON drops undefined):
      // equal text, equal compiled set. Key order may differ between equal sets: a missed share, never a wrong one.
      const content = JSON.stringify(sels);
      r = this.byContent.get(content) ?? { sels, compiled: null };
      this.byContent.set(content, r);
    }
    this.byKey.set(key, r);
    return r;
  }

  /** The selectors restricted to `key` (for tests: what `for(key)` compiled). */
  selectorsFor(key: string): readonly AdvancedEventSelector[] {
    return this.restrictedFor(key).sels;
  }

  for(key: string): CompiledSelectorSet {
    const r = this.restrictedFor(key);
    if (r.compiled === null) {
      r.compiled = compile(r.sels);
      this.compiles++;
    }
    return r.compiled;
  }
}

/**
 * The RestrictedSets of a selector set, shared by everyone who asks for a set of the same content while it is
 * among the last few asked for: the optimizer's problem and the proof both read today's selectors of a trail
 * through the one engine, so they can share its compiled restrictions (neither reads the other's conclusions).
 */
const SHARED_MAX = 4;
const shared = new Map<string, RestrictedSets>();
export function sharedRestrictedSets(selectors: readonly AdvancedEventSelector[]): RestrictedSets {
  const content = JSON.stringify(selectors);
  let r = shared.get(content);
  if (r) {
    shared.delete(content);
  } else {
    r = new RestrictedSets(JSON.parse(content) as AdvancedEventSelector[]);
    if (shared.size >= SHARED_MAX) shared.delete(shared.keys().next().value!);
  }
  shared.set(content, r);
  return r;
}

/**
 * The key one step up: the key cut after its last `:` `/` `-` `_` `.` before the end (`arn:aws:s3:::b/p/q/` →
 * `arn:aws:s3:::b/p/`, `…:function:api-auth` → `…:function:api-`, `arn:aws:s3:::acme-logs/` → `arn:aws:s3:::acme-`);
 * null at `arn:`. Any prefix of a key is sound to restrict by first (a value related to a key is related to every
 * prefix of it), and cutting at separators gives keys many resources share: each function, table and bucket then
 * filters a short list instead of the whole set (31,000 functions and tables × 500 values was 0.4 s a proposal).
 */
function parentKey(key: string): string | null {
  let i = key.length - 2;
  while (i >= 0) {
    const c = key.charCodeAt(i);
    // : / - _ .
    if (c === 0x3a || c === 0x2f || c === 0x2d || c === 0x5f || c === 0x2e) break;
    i--;
  }
  return i >= 3 ? key.slice(0, i + 1) : null;
}

/**
 * The key to restrict a population by: its S3 prefix cut to the bucket and at most two path levels (any enclosing
 * key is sound; a few thousand distinct ones keep compiling cheap), or the exact ARN.
 */
export function restrictionKey(key: string): string {
  const m = /^arn:[^:]+:s3:::[^/]+\/([^/]*\/){0,2}/.exec(key);
  return m ? m[0] : key;
}
