/**
 * The Resources tab's type column and what the filter understands. A filter is words separated by spaces, all of
 * which must match a row: a word matches when the name contains it, or when it is a type's name or alias exactly
 * (`ddb` finds every DynamoDB table); `type:WORD` matches by type only, WORD being the start of a type name or
 * alias (`type:d` while typing already narrows to tables).
 */
import type { NodeKind } from '../model/types.js';

export type TypeName = 'account' | 'region' | 's3' | 'prefix' | 'lambda' | 'ddb';

const BY_KIND: Record<NodeKind, TypeName> = {
  account: 'account', region: 'region', bucket: 's3', prefix: 'prefix', function: 'lambda', table: 'ddb',
};

/** Column text: six cells from 100 columns, four below, where every cell counts. */
const WIDE: Record<TypeName, string> = { account: 'acct', region: 'region', s3: 's3', prefix: 'prefix', lambda: 'lambda', ddb: 'ddb' };
const SHORT: Record<TypeName, string> = { account: 'acct', region: 'rgn', s3: 's3', prefix: 'pfx', lambda: 'fn', ddb: 'ddb' };

/** Words that name a type in a filter. */
export const TYPE_ALIASES: Record<TypeName, readonly string[]> = {
  account: ['account', 'acct'],
  region: ['region', 'rgn'],
  s3: ['s3', 'bucket'],
  prefix: ['prefix', 'pfx'],
  lambda: ['lambda', 'function', 'fn'],
  ddb: ['ddb', 'dynamodb', 'table'],
};

const ALIAS_TO_TYPE = new Map<string, TypeName>(
  (Object.entries(TYPE_ALIASES) as Array<[TypeName, readonly string[]]>).flatMap(([t, words]) => words.map((w) => [w, t] as [string, TypeName])),
);

export function typeOfKind(kind: NodeKind | undefined): TypeName | undefined {
  return kind === undefined ? undefined : BY_KIND[kind];
}

export function typeCell(kind: NodeKind | undefined, wide: boolean): string {
  const t = typeOfKind(kind);
  return t === undefined ? '' : wide ? WIDE[t] : SHORT[t];
}

export interface FilterTerm {
  text: string;
  /** `type:` form: matches by type only, `text` being the start of a type word. */
  typeOnly: boolean;
}

/** Lower-cased words of a filter; an empty filter has none. */
export function parseFilter(filter: string): FilterTerm[] {
  const out: FilterTerm[] = [];
  for (const w of filter.toLowerCase().split(/\s+/)) {
    if (w === '') continue;
    if (w.startsWith('type:')) out.push({ text: w.slice(5), typeOnly: true });
    else out.push({ text: w, typeOnly: false });
  }
  return out;
}

function typeWordMatches(t: TypeName | undefined, word: string, prefix: boolean): boolean {
  if (t === undefined) return false;
  return TYPE_ALIASES[t].some((a) => (prefix ? a.startsWith(word) : a === word));
}

/** Does a row (its lower-cased name and kind) match every term? */
export function rowMatches(lowerLabel: string, kind: NodeKind | undefined, terms: readonly FilterTerm[]): boolean {
  const t = typeOfKind(kind);
  for (const term of terms) {
    if (term.typeOnly) {
      if (!typeWordMatches(t, term.text, true)) return false;
    } else if (!lowerLabel.includes(term.text) && !typeWordMatches(t, term.text, false)) return false;
  }
  return true;
}

/**
 * True when the filter matches by name alone. Only then does a longer filter match a subset of what a filter it
 * contains matched (so cached misses of the shorter one may be skipped): `ddb` finds tables `dd` does not.
 */
export function nameOnly(terms: readonly FilterTerm[]): boolean {
  return terms.every((t) => !t.typeOnly && !ALIAS_TO_TYPE.has(t.text));
}
