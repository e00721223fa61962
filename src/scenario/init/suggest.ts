/**
 * `trailcost init`'s policy suggestions from a snapshot: keep candidates (a classification tag, a sensitive word in
 * the name) and drop candidates (buckets AWS services write logs or results into). Pure. Each suggestion carries
 * every signal that led to it; a resource that is both a keep and a drop candidate is suggested as keep, with the
 * drop signals kept so the comment can say what was overruled.
 */
import { readRule } from '../../model/policy.js';
import type { Snapshot } from '../../model/snapshot.js';
import {
  CLASSIFICATION_TAG_KEYS, FLAG_TAG_KEYS, NEGATIONS, NOISE_CATEGORIES, SENSITIVE_NAME_PATTERNS, SENSITIVE_TAG_VALUES,
  YES_VALUES, type DropBasis,
} from './vocabulary.js';

export type ResourceKind = 'bucket' | 'function' | 'table';

export type KeepSignal =
  | { via: 'tag'; key: string; value: string; word: string }
  | { via: 'name'; words: string[] };

export interface DropSignal {
  category: string;
  reason: string;
  what: string;
  basis: DropBasis;
  /** Name tokens that matched (name-based categories). */
  words?: string[];
  /** Trails that deliver into the bucket (the trail-destination category). */
  trails?: string[];
}

export interface Suggestion {
  kind: ResourceKind;
  /** The bucket, function or table name as the snapshot has it. */
  name: string;
  /** The rule's `match`, or null when the name cannot be written as a rule that names exactly this resource. */
  match: string | null;
  /** Why there is no rule (when `match` is null). */
  unwritable?: string;
  decision: 'keep' | 'drop';
  /** The rule's `reason` (fixed wording: shown in reports and selector names). */
  reason: string;
  keep: KeepSignal[];
  drop: DropSignal[];
  /** False for a trail's destination bucket that the snapshot's inventory does not list. */
  inInventory: boolean;
}

const sortedUnique = (xs: Iterable<string>) => [...new Set(xs)].sort();

/** A name's words: split at anything not a letter or digit and at camelCase humps, lower-cased (NFKC first). */
export function nameTokens(name: string): string[] {
  return name
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .flatMap((part) => part.split(/(?<=\p{Ll})(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})/u))
    .map((t) => t.toLowerCase())
    .filter((t) => t !== '');
}

/** Tokens to match against: each token, and each without its trailing digits (`customers01`, `pii2`). */
function matchable(tokens: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const t of tokens) {
    out.add(t);
    const bare = t.replace(/\p{N}+$/u, '');
    if (bare !== '') out.add(bare);
  }
  return out;
}

function firstPattern(tokens: ReadonlySet<string>, patterns: ReadonlyArray<readonly string[]>): string[] | null {
  const hit = patterns.find((p) => p.every((w) => tokens.has(w)));
  return hit ? [...hit] : null;
}

/** The sensitive words of a name (every pattern that matches), or null. */
export function sensitiveNameWords(name: string): string[] | null {
  const tokens = matchable(nameTokens(name));
  const words = SENSITIVE_NAME_PATTERNS.filter((p) => p.every((w) => tokens.has(w))).flatMap((p) => p);
  return words.length > 0 ? sortedUnique(words) : null;
}

const squash = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/** The class a tag names, when it marks the data as sensitive (`DataClassification=PII` → `pii`), else null. */
export function sensitiveTagWord(key: string, value: string): string | null {
  const k = squash(key);
  if ((FLAG_TAG_KEYS as readonly string[]).includes(k) && (YES_VALUES as readonly string[]).includes(value.trim().toLowerCase())) return k;
  if (!(CLASSIFICATION_TAG_KEYS as readonly string[]).includes(k)) return null;
  const words = nameTokens(value);
  for (let i = 0; i < words.length; i++) {
    if (i > 0 && (NEGATIONS as readonly string[]).includes(words[i - 1])) continue;
    if ((SENSITIVE_TAG_VALUES as readonly string[]).includes(words[i])) return words[i];
  }
  // `Top Secret`, `highly sensitive` read as the class itself; a squashed `topsecret` too.
  const whole = squash(value);
  return (SENSITIVE_TAG_VALUES as readonly string[]).includes(whole) ? whole : null;
}

/** The noise category a bucket name falls in (AWS naming rules first, then name guesses), or null. */
export function noiseByName(name: string): DropSignal | null {
  const lower = name.toLowerCase();
  const tokens = matchable(nameTokens(name));
  for (const c of NOISE_CATEGORIES) {
    if (c.prefix?.test(lower)) return { category: c.id, reason: c.reason, what: c.what, basis: c.basis };
    const words = c.tokens ? firstPattern(tokens, c.tokens) : null;
    if (words) return { category: c.id, reason: c.reason, what: c.what, basis: c.basis, words };
  }
  return null;
}

/** Bucket names a rule can name exactly: S3's characters (legacy buckets allow upper case and `_`). */
const BUCKET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{1,61}[A-Za-z0-9]$/;

/** The rule match for a resource, checked to name exactly it (model/policy readRule), or why there is none. */
function ruleFor(kind: ResourceKind, name: string, arn: string | undefined): { match: string } | { unwritable: string } {
  if (kind === 'bucket' && !BUCKET_NAME.test(name)) return { unwritable: 'not a valid S3 bucket name, so no rule can name exactly this bucket' };
  const match = kind === 'bucket' ? name : arn ?? '';
  const r = readRule({ match, decision: 'drop' });
  const expect = kind === 'bucket' ? `arn:aws:s3:::${name}/` : match;
  if (!r.ok || !r.target || r.target.key !== expect || r.target.exact !== (kind !== 'bucket')) {
    return { unwritable: `its ${kind === 'bucket' ? 'name' : 'ARN'} does not read as exactly this ${kind} in a policy rule${r.ok ? '' : ` (${r.error})`}` };
  }
  return { match };
}

function keepReason(keep: readonly KeepSignal[]): string {
  const tag = keep.some((s) => s.via === 'tag');
  const name = keep.some((s) => s.via === 'name');
  return `sensitive data (by ${tag && name ? 'tag and name' : tag ? 'tag' : 'name'})`;
}

interface Candidate {
  kind: ResourceKind;
  name: string;
  arn?: string;
  keep: KeepSignal[];
  drop: DropSignal[];
  inInventory: boolean;
}

/** Every keep and drop suggestion for the snapshot: keeps first, then drops, each by kind and name. */
export function suggestPolicy(snapshot: Pick<Snapshot, 'buckets' | 'functions' | 'tables' | 'trails'>): Suggestion[] {
  const buckets = new Map<string, Candidate>();
  const bucket = (name: string, inInventory: boolean): Candidate => {
    let c = buckets.get(name);
    if (!c) buckets.set(name, (c = { kind: 'bucket', name, keep: [], drop: [], inInventory }));
    c.inInventory ||= inInventory;
    return c;
  };
  for (const b of snapshot.buckets) {
    const c = bucket(b.name, true);
    for (const t of b.tags ?? []) {
      const word = sensitiveTagWord(t.key, t.value);
      if (word && !c.keep.some((s) => s.via === 'tag' && s.key === t.key)) c.keep.push({ via: 'tag', key: t.key, value: t.value, word });
    }
  }
  // Trails' destination buckets: noise by construction, listed or not.
  const byBucket = new Map<string, string[]>();
  for (const t of snapshot.trails) byBucket.set(t.s3Bucket, [...(byBucket.get(t.s3Bucket) ?? []), t.name]);
  for (const [name, trails] of byBucket) {
    bucket(name, false).drop.push({
      category: 'trail-destination', reason: 'CloudTrail log delivery', basis: 'construction', trails: sortedUnique(trails),
      what: 'CloudTrail log delivery',
    });
  }
  for (const c of buckets.values()) {
    const words = sensitiveNameWords(c.name);
    if (words) c.keep.push({ via: 'name', words });
    // A name guess adds nothing to a drop known by construction.
    const guess = c.drop.length === 0 ? noiseByName(c.name) : null;
    if (guess) c.drop.push(guess);
  }
  const others: Candidate[] = [];
  for (const [kind, list] of [['function', snapshot.functions], ['table', snapshot.tables]] as const) {
    for (const r of list) {
      const words = sensitiveNameWords(r.name);
      if (words) others.push({ kind, name: r.name, arn: r.arn, keep: [{ via: 'name', words }], drop: [], inInventory: true });
    }
  }
  const out: Suggestion[] = [];
  for (const c of [...buckets.values(), ...others]) {
    if (c.keep.length === 0 && c.drop.length === 0) continue;
    const decision = c.keep.length > 0 ? 'keep' : 'drop';
    const rule = ruleFor(c.kind, c.name, c.arn);
    out.push({
      kind: c.kind, name: c.name, decision, keep: c.keep, drop: c.drop, inInventory: c.inInventory,
      reason: decision === 'keep' ? keepReason(c.keep) : c.drop[0].reason,
      ...('match' in rule ? { match: rule.match } : { match: null, unwritable: rule.unwritable }),
    });
  }
  const order = { bucket: 0, function: 1, table: 2 };
  // Code-unit order: the same snapshot gives the same file on every machine (no locale).
  const text = (s: Suggestion) => s.match ?? s.name;
  return out.sort((a, b) =>
    Number(a.decision === 'drop') - Number(b.decision === 'drop') || order[a.kind] - order[b.kind] || (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0));
}
