/**
 * Which trails a policy governs and what each trail covers: one answer for estimate, optimize, compare, the TUI
 * and apply. Pure.
 */
import { toAdvanced } from '../selectors/basic.js';
import type { AdvancedEventSelector } from '../selectors/types.js';
import { POLICY_TYPES, typeOfKey, type Policy, type PolicyType } from './policy.js';
import type { Snapshot, Trail } from './snapshot.js';

/** The parts of a trail (or event data store) that decide which resources its selectors apply to. */
export interface TrailReach {
  account: string;
  homeRegion: string;
  multiRegion: boolean;
  organization: boolean;
  /** A stopped trail (StopLogging) delivers nothing, but its selectors still say what it would log. */
  logging: boolean;
}

/** Accounts an organization trail covers: the snapshot's accounts when it holds an organization, else none besides the trail's own. */
export function organizationAccounts(snapshot: Pick<Snapshot, 'organization' | 'accounts'>): ReadonlySet<string> {
  return new Set(snapshot.organization ? snapshot.accounts.map((a) => a.id) : []);
}

/** Would the trail's selectors apply to a resource in this account and Region (whether or not it is logging)? */
export function inReach(t: Omit<TrailReach, 'logging'>, account: string, region: string | null, orgAccounts: ReadonlySet<string>): boolean {
  const accountOk = account === t.account || (t.organization && orgAccounts.has(account));
  if (!accountOk) return false;
  return t.multiRegion || region === null || region === t.homeRegion;
}

/** Does the trail deliver (and bill) events of a resource in this account and Region today? */
export function delivers(t: TrailReach, account: string, region: string | null, orgAccounts: ReadonlySet<string>): boolean {
  return t.logging && inReach(t, account, region, orgAccounts);
}

/** A trail's selectors as an advanced set (basic ones converted the way AWS's console converts them). */
export function advancedSelectorsOf(trail: Trail): AdvancedEventSelector[] {
  return trail.selectors.kind === 'advanced' ? (trail.selectors.selectors as AdvancedEventSelector[]) : toAdvanced(trail.selectors.selectors);
}

function equalsOf(sel: AdvancedEventSelector, field: string): string[] | null {
  for (const fs of sel.FieldSelectors ?? []) if (fs.Field === field && fs.Equals) return fs.Equals;
  return null;
}

/** Selectors that log data events (eventCategory Data). */
export function isDataSelector(sel: AdvancedEventSelector): boolean {
  return (equalsOf(sel, 'eventCategory') ?? []).includes('Data');
}

/** The policy types a selector set logs data events of (a data selector without resources.type logs them all). */
export function loggedPolicyTypes(selectors: readonly AdvancedEventSelector[]): Set<PolicyType> {
  const out = new Set<PolicyType>();
  for (const sel of selectors) {
    if (!isDataSelector(sel)) continue;
    const types = equalsOf(sel, 'resources.type');
    for (const t of POLICY_TYPES) if (types === null || types.includes(t)) out.add(t);
  }
  return out;
}

export interface Governance {
  /** Names of the governed trails, in the input's order. */
  trails: string[];
  /** policy.trails entries that name no trail of the input. */
  unknown: string[];
}

/**
 * The trails a policy governs: the ones it names, or (when it names none) every trail that logs S3, Lambda or
 * DynamoDB data events today. Event data stores are never governed (the optimizer writes trail selectors).
 */
export function governedTrails(policy: Policy | null, trails: readonly Trail[]): Governance {
  if (!policy) return { trails: [], unknown: [] };
  if (policy.trails) {
    const names = new Set(trails.map((t) => t.name));
    return {
      trails: trails.filter((t) => policy.trails!.includes(t.name)).map((t) => t.name),
      unknown: policy.trails.filter((n) => !names.has(n)),
    };
  }
  return { trails: trails.filter((t) => loggedPolicyTypes(advancedSelectorsOf(t)).size > 0).map((t) => t.name), unknown: [] };
}

/**
 * Can a function or table key name something in the trail's reach? Keys that name a Region and account are
 * checked; an ARN prefix that stops before them may name anything.
 */
export function arnKeyInReach(key: string, trail: Omit<TrailReach, 'logging'>, orgAccounts: ReadonlySet<string>): boolean {
  const m = /^arn:[^:]+:(?:lambda|dynamodb):([^:]*):(\d{12}):/.exec(key);
  if (m) return inReach(trail, m[2], m[1] || null, orgAccounts);
  const r = /^arn:[^:]+:(?:lambda|dynamodb):([a-z]{2}(?:-[a-z]+)+-\d):/.exec(key);
  if (r && !trail.multiRegion && r[1] !== trail.homeRegion) return false;
  return true;
}

/**
 * The types a governed trail is in charge of: those it logs today, plus the types the policy keeps something of
 * when the policy names the trail (a trail governed only because it logs data events is not asked to start
 * logging another resource type).
 */
export function typesInCharge(trail: Trail, policy: Policy, kept: ReadonlySet<PolicyType>): PolicyType[] {
  const types = loggedPolicyTypes(advancedSelectorsOf(trail));
  if (policy.trails?.includes(trail.name)) for (const t of kept) types.add(t);
  return POLICY_TYPES.filter((t) => types.has(t));
}

/**
 * The ARN values a selector set names for a type (StartsWith: prefixes; Equals: exact ARNs). The optimizer's tree
 * and the proof both hold them as keys, so resources logged today that the model does not list (a bucket not
 * scanned, a function prefix) keep an answer of their own: "logged today" under `default: log`.
 */
export function selectorKeys(selectors: readonly AdvancedEventSelector[], type: PolicyType): Array<{ key: string; exact: boolean }> {
  const out: Array<{ key: string; exact: boolean }> = [];
  for (const sel of selectors) {
    if (!isDataSelector(sel)) continue;
    const types = equalsOf(sel, 'resources.type');
    if (types !== null && !types.includes(type)) continue;
    for (const fs of sel.FieldSelectors ?? []) {
      if (fs.Field !== 'resources.ARN') continue;
      for (const v of fs.StartsWith ?? []) if (typeOfKey(v) === type) out.push({ key: v, exact: false });
      for (const v of fs.Equals ?? []) if (typeOfKey(v) === type) out.push({ key: v, exact: true });
    }
  }
  return out;
}
