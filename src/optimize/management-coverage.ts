/**
 * Can a trail stop logging management events because other trails log the same ones? Checked with the one
 * selector engine, not by comparing selector text: management events are split into populations (read / write ×
 * eventSource kms.amazonaws.com / rdsdata.amazonaws.com / any other source), each evaluated against every trail's
 * selectors, for every account × Region the trail covers. Whatever the change stops logging in full must be logged
 * in full (ALL) by another trail that is logging and reaches that account and Region. Fields the engine cannot
 * settle for a population (eventName, caller, …) answer "some": never "covered" on a guess.
 *
 * Reach (aws-facts §1): an organization trail covers every member account — also accounts that join later, which
 * only another organization trail covers; a multi-Region trail covers every Region — also Regions the snapshot
 * does not list, which only another multi-Region trail covers. Pure.
 */
import { ALL, NONE, SOME, UNKNOWN, compile, evaluateTri, type CompiledSelectorSet, type StringSet, type Subject, type Tri } from '../selectors/evaluate.js';
import type { AdvancedEventSelector } from '../selectors/types.js';
import { advancedSelectorsOf, organizationAccounts } from '../model/governance.js';
import type { Snapshot, Trail } from '../model/snapshot.js';
import { managementOrder } from '../estimate/management.js';

/** Stand-ins for what the snapshot does not list: an account that joins the organization, a Region not scanned. */
export const OTHER_ACCOUNT = '(another member account)';
export const OTHER_REGION = '(another Region)';

const EXCLUDABLE = ['kms.amazonaws.com', 'rdsdata.amazonaws.com'] as const;
/** Every event source but the two a management selector may exclude. */
const OTHER_SOURCES: StringSet = { prefix: '', except: [], exceptExact: EXCLUDABLE };

export interface ManagementClass {
  readOnly: boolean;
  /** kms.amazonaws.com, rdsdata.amazonaws.com, or `other` (every other source). */
  eventSource: string;
}

export const MANAGEMENT_CLASSES: readonly ManagementClass[] = [true, false].flatMap((readOnly) => ['other', ...EXCLUDABLE].map((eventSource) => ({ readOnly, eventSource })));

/** The population of one management class (any event name, caller, event type). */
export function managementClassSubject(c: ManagementClass): Subject {
  return {
    category: 'Management',
    field(name) {
      if (name === 'readOnly') return String(c.readOnly);
      if (name === 'eventSource') return c.eventSource === 'other' ? OTHER_SOURCES : c.eventSource;
      return UNKNOWN;
    },
    resources: [],
  };
}

/** Fields a trail's management selector may use (aws-facts §3); a selector with others is not settled per class. */
const MANAGEMENT_FIELDS = new Set(['eventCategory', 'readOnly', 'eventSource']);

function canLogManagement(sel: AdvancedEventSelector): boolean {
  return evaluateTri(compile([{ FieldSelectors: (sel.FieldSelectors ?? []).filter((f) => f.Field === 'eventCategory') }]), managementClassSubject(MANAGEMENT_CLASSES[0])) !== NONE;
}

/**
 * What a set logs of a management class. A selector that can log management events but tests a field outside
 * eventCategory/readOnly/eventSource (AWS rejects those on trails) may log some of any class: at least SOME.
 */
export function managementVerdict(selectors: readonly AdvancedEventSelector[], compiled: CompiledSelectorSet, c: ManagementClass): Tri {
  const v = evaluateTri(compiled, managementClassSubject(c));
  if (v !== NONE) return v;
  const odd = selectors.some((s) => canLogManagement(s) && (s.FieldSelectors ?? []).some((f) => !MANAGEMENT_FIELDS.has(f.Field ?? '')));
  return odd ? SOME : NONE;
}

export interface ManagementScope {
  /** Accounts and Regions the snapshot lists. */
  accounts: readonly string[];
  regions: readonly string[];
  /** Member accounts of the organization (empty when the snapshot holds none). */
  orgAccounts: ReadonlySet<string>;
}

export interface ManagementGap {
  account: string;
  region: string;
  readOnly: boolean;
  eventSource: string;
}

export interface ManagementCoverage {
  /** Everything the change stops logging is logged by another logging trail, and nothing else blocks it. */
  covered: boolean;
  /** Management classes the change stops logging (fully or in part). */
  lost: number;
  /** Account × Region × class cells checked. */
  checked: number;
  /** Trails that log what the change stops logging (somewhere). */
  coveredBy: string[];
  /** Cells no other logging trail logs in full (the first few) and how many there are. */
  gaps: ManagementGap[];
  gapCount: number;
  /** Reasons besides gaps not to make the change (Insights on the trail's management events). */
  blockers: string[];
  /** What else the change does (a log group that stops receiving management events). */
  warnings: string[];
  /** The trail takes the free first copy somewhere: another trail's paid copies would become the free one. */
  freeCopy: boolean;
}

export interface ManagementCoverageInput {
  /** Every trail, in the input's order (the order decides which copy is free), others as they would be. */
  trails: readonly Trail[];
  /** The trail that changes (by name). */
  trail: string;
  /** Its selectors now (default: the trail's) and with the change. */
  now?: readonly AdvancedEventSelector[];
  proposed: readonly AdvancedEventSelector[];
  scope: ManagementScope;
}

type Reach = Pick<Trail, 'account' | 'homeRegion' | 'multiRegion' | 'organization'>;

/** Does `t` reach (account, region)? OTHER_ACCOUNT only by an organization trail of this organization, OTHER_REGION only multi-Region. */
function reaches(t: Reach, account: string, region: string, scope: ManagementScope, self: Reach): boolean {
  const ourOrg = t.organization && (scope.orgAccounts.size > 0 ? scope.orgAccounts.has(t.account) : t.account === self.account);
  const accountOk = account === t.account || (ourOrg && (account === OTHER_ACCOUNT || scope.orgAccounts.has(account)));
  return accountOk && (t.multiRegion || region === t.homeRegion);
}

/** The account × Region cells a trail covers, with stand-ins for the ones the snapshot cannot list. */
export function managementCells(t: Reach, scope: ManagementScope): Array<{ account: string; region: string }> {
  const accounts = t.organization ? [...new Set([t.account, ...scope.orgAccounts, OTHER_ACCOUNT])] : [t.account];
  const regions = t.multiRegion ? [...new Set([t.homeRegion, ...scope.regions, OTHER_REGION])] : [t.homeRegion];
  return accounts.flatMap((account) => regions.map((region) => ({ account, region })));
}

export function managementCoverage(input: ManagementCoverageInput): ManagementCoverage {
  const self = input.trails.find((t) => t.name === input.trail);
  if (!self) throw new Error(`no trail "${input.trail}"`);
  const now = input.now ?? advancedSelectorsOf(self);
  const nowSet = compile(now);
  const nextSet = compile(input.proposed);
  const out: ManagementCoverage = { covered: false, lost: 0, checked: 0, coveredBy: [], gaps: [], gapCount: 0, blockers: [], warnings: [], freeCopy: false };
  const lost = MANAGEMENT_CLASSES.filter((c) => managementVerdict(now, nowSet, c) !== NONE && managementVerdict(input.proposed, nextSet, c) !== ALL);
  out.lost = lost.length;
  if (self.telemetryRule) out.blockers.push(`${self.name} is a CloudWatch telemetry rule, not a trail: its management events are priced per GB, not as copies`);
  // Other trails that can take over: logging trails (telemetry rules are priced per GB and deliver elsewhere).
  const others = input.trails.filter((t) => t !== self && t.logging && !t.telemetryRule).map((t) => {
    const sels = advancedSelectorsOf(t);
    const set = compile(sels);
    return { t, verdicts: MANAGEMENT_CLASSES.map((c) => managementVerdict(sels, set, c)) };
  });
  const cells = managementCells(self, input.scope);
  const by = new Set<string>();
  for (const c of lost) {
    const ci = MANAGEMENT_CLASSES.indexOf(c);
    for (const cell of cells) {
      out.checked++;
      const who = others.find((o) => o.verdicts[ci] === ALL && reaches(o.t, cell.account, cell.region, input.scope, self));
      if (who) {
        by.add(who.t.name);
        continue;
      }
      out.gapCount++;
      if (out.gaps.length < 5) out.gaps.push({ account: cell.account, region: cell.region, readOnly: c.readOnly, eventSource: c.eventSource });
    }
  }
  out.coveredBy = [...by];
  if (lost.length > 0) {
    if (self.insights.length > 0) out.blockers.push(`Insights (${self.insights.join(', ')}) on ${self.name} analyzes its own management events: turn Insights off on it first (or keep the selector)`);
    if (self.cloudWatchLogsGroup) out.warnings.push(`${self.name}'s CloudWatch Logs group ${self.cloudWatchLogsGroup} stops receiving management events: metric filters and alarms on it stop seeing them`);
    out.freeCopy = takesFreeCopy(input, self, now, nowSet, cells);
  }
  out.covered = out.gapCount === 0 && out.blockers.length === 0;
  return out;
}

/**
 * Does the trail take the free first copy in some cell it covers: is it logging there, with no trail ahead of it
 * in the free-copy order (estimate/management.ts) logging management events there?
 */
function takesFreeCopy(input: ManagementCoverageInput, self: Trail, now: readonly AdvancedEventSelector[], nowSet: CompiledSelectorSet, cells: ReadonlyArray<{ account: string; region: string }>): boolean {
  if (!self.logging || !MANAGEMENT_CLASSES.some((c) => managementVerdict(now, nowSet, c) !== NONE)) return false;
  const order = managementOrder(input.trails.map((t) => ({ ...t, kind: 'trail' as const })));
  const ahead = order.slice(0, order.findIndex((t) => t.name === self.name)).filter((t) => {
    if (!t.logging) return false;
    const sels = advancedSelectorsOf(t);
    const set = compile(sels);
    return MANAGEMENT_CLASSES.some((c) => managementVerdict(sels, set, c) !== NONE);
  });
  return cells.some((cell) => !ahead.some((t) => reaches(t, cell.account, cell.region, input.scope, self)));
}

/** The first gap in words, for a refusal. */
export function gapText(c: ManagementCoverage): string {
  if (c.gapCount === 0) return '';
  const g = c.gaps[0];
  const what = `${g.readOnly ? 'read' : 'write'} events${g.eventSource === 'other' ? '' : ` of ${g.eventSource}`}`;
  return `no other logging trail logs all ${what} in ${g.account} / ${g.region}${c.gapCount > 1 ? ` (and ${c.gapCount - 1} more account × Region × event-class cells)` : ''}`;
}

/** The scope of a snapshot: its accounts, Regions and organization members. */
export function managementScopeOf(snapshot: Pick<Snapshot, 'accounts' | 'regions' | 'organization'>): ManagementScope {
  return { accounts: snapshot.accounts.map((a) => a.id), regions: [...snapshot.regions], orgAccounts: organizationAccounts(snapshot) };
}
