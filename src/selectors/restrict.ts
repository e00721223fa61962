/**
 * Evaluating a 500-value set on 100,000 nodes costs values × nodes string tests. But a resources.ARN value that
 * is neither a prefix of a resource key nor an extension of it can match no ARN under that key (StartsWith and
 * Equals compare from the start), so for the nodes under one bucket (or one exact ARN) such values can be left
 * out before the same engine evaluates: positive lists keep their related values (a selector whose positive ARN
 * list empties logs nothing there and is left out), negative lists drop unrelated ones. EndsWith values are kept
 * (they can match anywhere). test/optimize/restrict.test.ts checks the verdicts agree with the full set.
 */
import { compile, type CompiledSelectorSet } from './evaluate.js';
import type { AdvancedEventSelector, AdvancedFieldSelector } from './types.js';

function related(value: string, key: string): boolean {
  return key.startsWith(value) || value.startsWith(key);
}

export function restrictSelectors(selectors: readonly AdvancedEventSelector[], key: string): AdvancedEventSelector[] {
  const out: AdvancedEventSelector[] = [];
  for (const sel of selectors) {
    let drop = false;
    const fields: AdvancedFieldSelector[] = [];
    for (const fs of sel.FieldSelectors ?? []) {
      if (fs.Field !== 'resources.ARN') {
        fields.push(fs);
        continue;
      }
      const f: AdvancedFieldSelector = { Field: fs.Field };
      const hadPositive = (fs.Equals?.length ?? 0) + (fs.StartsWith?.length ?? 0) + (fs.EndsWith?.length ?? 0) > 0;
      let positive = 0;
      for (const op of ['Equals', 'StartsWith'] as const) {
        const v = fs[op]?.filter((x) => related(x, key));
        if (v && v.length > 0) {
          f[op] = v;
          positive += v.length;
        }
      }
      if (fs.EndsWith && fs.EndsWith.length > 0) {
        f.EndsWith = fs.EndsWith;
        positive += fs.EndsWith.length;
      }
      if (hadPositive && positive === 0) {
        drop = true;
        break;
      }
      for (const op of ['NotEquals', 'NotStartsWith'] as const) {
        const v = fs[op]?.filter((x) => related(x, key));
        if (v && v.length > 0) f[op] = v;
      }
      if (fs.NotEndsWith && fs.NotEndsWith.length > 0) f.NotEndsWith = fs.NotEndsWith;
      if (Object.keys(f).length > 1) fields.push(f);
    }
    if (!drop) out.push({ Name: sel.Name, FieldSelectors: fields });
  }
  return out;
}

/**
 * Restrictions per key, built top-down along path boundaries (`b/` → `b/p1/` → `b/p1/p2/`): each level filters its
 * parent's already short list, so 100,000 nodes cost little more than their own values.
 */
export class RestrictedSets {
  private raw = new Map<string, AdvancedEventSelector[]>();
  private compiled = new Map<string, CompiledSelectorSet>();
  constructor(private readonly selectors: readonly AdvancedEventSelector[]) {}

  private selectorsFor(key: string): readonly AdvancedEventSelector[] {
    const hit = this.raw.get(key);
    if (hit) return hit;
    const parent = parentKey(key);
    const base = parent === null ? this.selectors : this.selectorsFor(parent);
    const r = restrictSelectors(base, key);
    this.raw.set(key, r);
    return r;
  }

  for(key: string): CompiledSelectorSet {
    let c = this.compiled.get(key);
    if (!c) {
      c = compile(this.selectorsFor(key));
      this.compiled.set(key, c);
    }
    return c;
  }
}

/** The enclosing path of an S3 key (`arn:aws:s3:::b/p/q/` → `arn:aws:s3:::b/p/`), null at a bucket or for other ARNs. */
function parentKey(key: string): string | null {
  const m = /^arn:[^:]+:s3:::[^/]+\//.exec(key);
  if (!m) return null;
  const end = key.endsWith('/') ? key.length - 1 : key.length;
  const cut = key.lastIndexOf('/', end - 1);
  if (cut < m[0].length - 1) return null;
  const parent = key.slice(0, cut + 1);
  return parent.length < key.length ? parent : null;
}

/**
 * The key to restrict a population by: its S3 prefix cut to the bucket and at most two path levels (any enclosing
 * key is sound; a few thousand distinct ones keep compiling cheap), or the exact ARN.
 */
export function restrictionKey(key: string): string {
  const m = /^arn:[^:]+:s3:::[^/]+\/([^/]*\/){0,2}/.exec(key);
  return m ? m[0] : key;
}
