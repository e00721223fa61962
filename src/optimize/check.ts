/**
 * Checks of an arbitrary selector set against the policy (what `apply` runs before PutEventSelectors): the
 * independent proof (engine over every node × class against the policy model), the linter, and a
 * selector-level diff from what the trail has now. Pure.
 */
import { canonicalSelectors } from '../selectors/formats.js';
import { countValues } from '../selectors/count.js';
import { lintSelectors, type Finding as LintFinding } from '../selectors/lint.js';
import type { AdvancedEventSelector } from '../selectors/types.js';
import { advancedSelectorsOf, loggedPolicyTypes, typesInCharge } from '../model/governance.js';
import type { Policy } from '../model/policy.js';
import { policyModel } from '../model/policy-model.js';
import type { Trail } from '../model/snapshot.js';
import type { VolumeModel } from '../model/types.js';
import { checkPolicy, type ProofResult, type Violation } from '../proof/check-policy.js';
import { isManagementSelector, keptTypes, OPTIMIZED_TYPES } from './scope.js';
import { gapText, managementCoverage, type ManagementScope } from './management-coverage.js';

export interface ProposalCheck {
  proof: ProofResult;
  lint: { valid: boolean; findings: LintFinding[] };
  /** Reasons to refuse the set: it stops logging something the policy keeps, or AWS would reject it. */
  refusals: string[];
  warnings: string[];
}

/**
 * `trail` carries the selectors in force now (they decide what `default: log` keeps); `proposed` is the set to
 * apply. Types checked: those the trail is in charge of, plus any the proposed set logs.
 */
export function checkProposal(model: VolumeModel, trail: Trail, policy: Policy, proposed: AdvancedEventSelector[], orgAccounts: ReadonlySet<string>, management?: ManagementContext): ProposalCheck {
  const now = advancedSelectorsOf(trail);
  const tp = policyModel(model, policy).forTrail(trail);
  const types = new Set([...typesInCharge(trail, policy, new Set(keptTypes((t) => tp.statements(t)))), ...loggedPolicyTypes(proposed)]);
  const proof = checkPolicy({ model, trail, policy: tp, orgAccounts, proposed, types: OPTIMIZED_TYPES.filter((t) => types.has(t)) });
  const lint = lintSelectors(proposed, { trailBucket: trail.s3Bucket });
  const refusals: string[] = [];
  const warnings: string[] = [];
  for (const v of proof.violations) {
    if (v.code === 'keep-not-logged' || v.code === 'keep-writes-not-logged') refusals.push(v.message);
    else warnings.push(v.message);
  }
  for (const f of lint.findings) {
    if (f.severity === 'error') refusals.push(`${f.rule} ${f.path}: ${f.message}`);
    else warnings.push(`${f.rule} ${f.path}: ${f.message}`);
  }
  const mgmt = managementRefusal(now, proposed, management);
  if (mgmt) refusals.push(mgmt);
  return { proof, lint: { valid: lint.valid, findings: lint.findings }, refusals, warnings };
}

/** The other trails and the organization's reach, so a duplicate management selector may go (management-coverage.ts). */
export interface ManagementContext {
  /** Every trail of the input, in its order; the trail being changed among them (by name). */
  trails: readonly Trail[];
  trail: string;
  scope: ManagementScope;
}

/**
 * A set that would switch management events off on a trail that logs them today (PutEventSelectors replaces all).
 * With the other trails (`ctx`) it is accepted when they provably log the same management events for every account
 * and Region the trail covers (the selector engine over each account × Region × read/write × event-source class).
 */
export function managementRefusal(now: readonly AdvancedEventSelector[], proposed: readonly AdvancedEventSelector[], ctx?: ManagementContext): string | null {
  if (!now.some(isManagementSelector) || proposed.some(isManagementSelector)) return null;
  const base = 'the set has no management-event selector: PutEventSelectors would turn management events off for this trail';
  if (!ctx) return base;
  const c = managementCoverage({ trails: ctx.trails, trail: ctx.trail, now, proposed, scope: ctx.scope });
  if (c.covered) return null;
  return `${base}, and ${[...c.blockers, gapText(c)].filter(Boolean).join('; ')}`;
}

/**
 * What an approver reads when a set leaves the management selector out and the other trails cover it: who logs the
 * management events instead, how many cells the engine checked, and what else changes. Empty otherwise.
 */
export function managementDropNotes(now: readonly AdvancedEventSelector[], proposed: readonly AdvancedEventSelector[], ctx: ManagementContext): string[] {
  if (!now.some(isManagementSelector) || proposed.some(isManagementSelector)) return [];
  const c = managementCoverage({ trails: ctx.trails, trail: ctx.trail, now, proposed, scope: ctx.scope });
  if (!c.covered) return [];
  const out = [`management events: no selector left, accepted — ${c.coveredBy.join(', ')} log${c.coveredBy.length === 1 ? 's' : ''} the same management events for every account and Region ${ctx.trail} covers (${c.checked} account × Region × event-class checks with the selector engine)`];
  if (c.freeCopy) out.push(`${ctx.trail} takes the free first copy of management events somewhere: after this change another trail's copy is the free one, so the saving shows on that trail's bill, not in this trail's figures`);
  out.push(...c.warnings);
  return out;
}

export interface CoverageLine {
  /** Bucket path, function or table as the model names it. */
  label: string;
  reads: string[];
  writes: string[];
  /** Fully, or only partly (some callers, some keys), no longer / newly logged. */
  partly: boolean;
}

export interface CoverageChange {
  /** What is logged today and would not be (in full) with the set. */
  stops: CoverageLine[];
  /** What is not logged today and would be. */
  starts: CoverageLine[];
  /** Piece × class pairs the engine evaluated, both ways. */
  checked: number;
}

const LOG_EVERYTHING: Policy = { default: 'log', rules: [] };

function linesOf(violations: readonly Violation[]): CoverageLine[] {
  const by = new Map<string, CoverageLine>();
  for (const v of violations) {
    let line = by.get(v.label);
    if (!line) by.set(v.label, (line = { label: v.label, reads: [], writes: [], partly: false }));
    (v.readOnly ? line.reads : line.writes).push(v.eventName);
    if (v.verdict !== 'not logged') line.partly = true;
  }
  return [...by.values()].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

/**
 * What stops and starts being logged when `trail`'s selectors become `proposed`, for the types a policy can name
 * (S3 objects, Lambda functions, DynamoDB tables), needing no policy: the proof under "log what is logged today"
 * (the engine over every node and class the trail reaches), run once each way.
 */
export function coverageChange(model: VolumeModel, trail: Trail, proposed: readonly AdvancedEventSelector[], orgAccounts: ReadonlySet<string>): CoverageChange {
  const pm = policyModel(model, LOG_EVERYTHING);
  const now = advancedSelectorsOf(trail);
  const stops = checkPolicy({ model, trail, policy: pm.forTrail(trail), orgAccounts, proposed, types: OPTIMIZED_TYPES });
  const after: Trail = { ...trail, selectors: { kind: 'advanced', selectors: [...proposed] as never } };
  const starts = checkPolicy({ model, trail: after, policy: pm.forTrail(after), orgAccounts, proposed: now, types: OPTIMIZED_TYPES });
  return { stops: linesOf(stops.violations), starts: linesOf(starts.violations), checked: stops.checked + starts.checked };
}

export interface FieldChange {
  field: string;
  operator: string;
  added: string[];
  removed: string[];
}

export interface SelectorChange {
  kind: 'added' | 'removed' | 'changed';
  name: string;
  /** For `changed`: the values that come and go, per field and operator. For added/removed: every value. */
  fields: FieldChange[];
}

function valuesOf(s: AdvancedEventSelector): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const fs of s.FieldSelectors ?? []) {
    for (const [op, v] of Object.entries(fs)) {
      if (op === 'Field' || !Array.isArray(v)) continue;
      const k = `${fs.Field}\u0000${op}`;
      const set = out.get(k) ?? new Set<string>();
      for (const x of v) set.add(String(x));
      out.set(k, set);
    }
  }
  return out;
}

function fieldChanges(before: AdvancedEventSelector | null, after: AdvancedEventSelector | null): FieldChange[] {
  const b = before ? valuesOf(before) : new Map<string, Set<string>>();
  const a = after ? valuesOf(after) : new Map<string, Set<string>>();
  const out: FieldChange[] = [];
  for (const k of [...new Set([...b.keys(), ...a.keys()])].sort()) {
    const [field, operator] = k.split('\u0000');
    const added = [...(a.get(k) ?? [])].filter((x) => !b.get(k)?.has(x));
    const removed = [...(b.get(k) ?? [])].filter((x) => !a.get(k)?.has(x));
    if (added.length + removed.length > 0) out.push({ field, operator, added, removed });
  }
  return out;
}

/**
 * The diff an approver reads: selectors paired by Name (a renamed selector reads as removed + added), and for a
 * pair, the values that come and go per field and operator — so a set that drops a PII prefix shows that prefix,
 * not just a name that stayed the same.
 */
export function selectorChanges(before: readonly AdvancedEventSelector[], after: readonly AdvancedEventSelector[], opts: KeyOptions = {}): SelectorChange[] {
  const d = diffSelectors(before, after, opts);
  const name = (s: AdvancedEventSelector, i: number) => s.Name ?? `(unnamed ${i + 1})`;
  const removed = new Map(d.removed.map((s, i) => [name(s, i), s]));
  const added = new Map(d.added.map((s, i) => [name(s, i), s]));
  const out: SelectorChange[] = [];
  for (const [n, s] of removed) {
    const twin = added.get(n);
    if (!twin) continue;
    removed.delete(n);
    added.delete(n);
    out.push({ kind: 'changed', name: n, fields: fieldChanges(s, twin) });
  }
  // A renamed selector: the one removed and the one added that select the same category and resource type.
  const shape = (s: AdvancedEventSelector) => ['eventCategory', 'resources.type'].map((f) => (s.FieldSelectors ?? []).find((x) => x.Field === f)?.Equals?.join(',') ?? '').join('|');
  for (const [n, s] of removed) {
    const k = shape(s);
    const same = [...added].filter(([, a]) => shape(a) === k);
    if (same.length !== 1 || [...removed.values()].filter((r) => shape(r) === k).length !== 1) continue;
    const [an, a] = same[0];
    removed.delete(n);
    added.delete(an);
    out.push({ kind: 'changed', name: `${an} (was "${n}")`, fields: fieldChanges(s, a) });
  }
  for (const [n, s] of removed) out.push({ kind: 'removed', name: n, fields: fieldChanges(s, null) });
  for (const [n, s] of added) out.push({ kind: 'added', name: n, fields: fieldChanges(null, s) });
  return out;
}
export interface SelectorDiff {
  removed: AdvancedEventSelector[];
  added: AdvancedEventSelector[];
  unchanged: AdvancedEventSelector[];
  valuesBefore: number;
  valuesAfter: number;
}

export interface KeyOptions {
  /** false where the Names are not written: the ones we make up when basic selectors are shown converted. */
  names?: boolean;
}

/**
 * A selector's identity, the one every "changed?" answer rests on (optimize/diff.ts compareSelectorSets). It is
 * what the selector logs, up to what cannot change that (AWS: OR across selectors and across the values of a field
 * selector, AND across field selectors), plus its Name:
 * - field selectors as a set, operators in AWS's order, each operator's values as a set: order and repeats log
 *   nothing different (and a plan lists field selectors in hash order);
 * - the Name logs nothing, but PutEventSelectors writes it, GetEventSelectors returns it and `match` reports it, so
 *   a rename is a change. Left out only with `names: false` (made-up names of converted basic selectors, which
 *   number the basic selectors and so would turn a reorder into a change).
 * Sound, not complete: equal keys log the same; two differently written selectors that log the same (one value
 * list split over two NotStartsWith field selectors) still differ — they are written differently.
 */
export function selectorKey(s: AdvancedEventSelector, opts: KeyOptions = {}): string {
  const [c] = canonicalSelectors([s]);
  const fields = (c.FieldSelectors ?? []).map((f) =>
    JSON.stringify(Object.entries(f).map(([k, v]) => [k, Array.isArray(v) ? [...new Set(v.map(String))].sort() : v])),
  );
  return JSON.stringify([opts.names === false ? null : (s.Name ?? null), [...new Set(fields)].sort()]);
}

/** Which selectors go, come and stay (compared by selectorKey: a selector whose key is on both sides stays). */
export function diffSelectors(before: readonly AdvancedEventSelector[], after: readonly AdvancedEventSelector[], opts: KeyOptions = {}): SelectorDiff {
  const key = (s: AdvancedEventSelector) => selectorKey(s, opts);
  const b = new Map(before.map((s) => [key(s), s]));
  const a = new Map(after.map((s) => [key(s), s]));
  return {
    removed: [...b].filter(([k]) => !a.has(k)).map(([, s]) => s),
    added: [...a].filter(([k]) => !b.has(k)).map(([, s]) => s),
    unchanged: [...a].filter(([k]) => b.has(k)).map(([, s]) => s),
    valuesBefore: countValues(before),
    valuesAfter: countValues(after),
  };
}
