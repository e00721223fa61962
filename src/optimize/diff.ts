/**
 * `diff` and `apply`'s dry run: what changes when a trail's selectors go from one set to another — the monthly cost
 * (the estimator and the one savings computation), the field-level selector diff, what stops and starts being
 * logged, and, where the policy governs the trail, which of its keep rules break. Pure: loaded input and sets in,
 * data out.
 */
import { createEstimator } from '../estimate/estimator.js';
import { trailSavings } from '../estimate/proposed.js';
import type { Span, UnknownCount } from '../estimate/types.js';
import { governedTrails } from '../model/governance.js';
import type { Trail } from '../model/snapshot.js';
import { checkProposal, coverageChange, diffSelectors, managementDropNotes, managementRefusal, selectorChanges, type CoverageChange, type SelectorChange, type SelectorDiff } from './check.js';
import { managementScopeOf } from './management-coverage.js';
import { toAdvanced } from '../selectors/basic.js';
import { lintSelectors } from '../selectors/lint.js';
import type { AdvancedEventSelector, EventSelector, SelectorSet } from '../selectors/types.js';
import type { LoadedInput } from '../scenario/input.js';

/** One side of a diff: a selector set and where it came from (a file, `current`, a variant, a plan). */
export interface DiffSide {
  set: SelectorSet;
  source: string;
}

export interface DiffRequest {
  trail: Trail;
  before: DiffSide;
  after: DiffSide;
  /** The Terraform address the change comes from (plans). */
  address?: string;
  notes?: string[];
}

/** A data-event volume: a range, or null when what is logged is of unknown volume only (never a made-up 0). */
export type Volume = Span | null;

export interface BrokenRule {
  code: 'keep-not-logged' | 'keep-writes-not-logged';
  label: string;
  eventName: string;
  readOnly: boolean;
  verdict: string;
  message: string;
}

export interface TrailDiff {
  trail: string;
  arn: string;
  address: string | null;
  source: { before: string; after: string };
  /** Monthly cost in USD (the model's), and after − before (linked: one reading of each unknown split). */
  cost: { before: Span; after: Span; delta: Span };
  dataEvents: { before: Volume; after: Volume; delta: Volume };
  /** Logged classes whose volume is unknown (not in the figures above). */
  unknown: { before: { nodes: number; classes: number }; after: { nodes: number; classes: number } };
  selectors: {
    kind: { before: SelectorSet['kind']; after: SelectorSet['kind'] };
    count: { before: number; after: number };
    values: { before: number; after: number };
    removed: number;
    added: number;
    unchanged: number;
    changes: SelectorChange[];
  };
  coverage: CoverageChange;
  /** Why the set would switch management events off, or null. */
  managementOff: string | null;
  lintErrors: string[];
  /** null: no policy governs this trail (coverage is judged against what it logs today). */
  policy: null | { proofOk: boolean; checked: number; broken: BrokenRule[]; warnings: string[] };
  /** Sensitive coverage drops: a keep rule breaks (policy), or anything stops being logged (no policy). */
  coverageLoss: boolean;
  notes: string[];
}

export interface DiffResult {
  input: string;
  trails: TrailDiff[];
  /** Changes that could not be priced (a trail the input lacks, a created or deleted trail…), with why. */
  skipped: Array<{ address: string | null; trail: string | null; reason: string }>;
  total: { before: Span; after: Span; delta: Span };
  coverageLoss: boolean;
}

export function advancedOf(set: SelectorSet): AdvancedEventSelector[] {
  return set.kind === 'advanced' ? set.selectors : toAdvanced(set.selectors as EventSelector[]);
}

export interface SetComparison extends SelectorDiff {
  /** The one "did the selectors change?" answer. */
  changed: boolean;
  /** Per selector, the values that come and go (selectors paired by Name, then by shape). */
  changes: SelectorChange[];
}

/**
 * The one comparison of two selector sets of a trail. `apply`'s dry run (the live set against the advanced set it
 * will write), `trailcost diff` (which trails a variant or a plan changes, via sameSelectors) and diffTrail's selector
 * counts all take their answer from here, so they cannot disagree. "Changed" means PutEventSelectors would leave
 * the trail configured differently, read as AWS reads a configuration (check.ts selectorKey):
 * - changed: a value, operator, field selector or selector comes or goes; a Name changes (it logs nothing, but it
 *   is written, GetEventSelectors returns it and `match` reports it); basic ↔ advanced, even between equivalent
 *   sets (the configuration's kind is written too: that is why `--restore` puts basic back as basic);
 * - unchanged: the order of selectors, of field selectors and of values, and repeated ones (AWS ORs selectors and
 *   values and ANDs field selectors, so none of these changes what is logged; a plan lists field selectors in hash
 *   order).
 * When both sides are basic, the names we give their converted selectors are left out: basic selectors have none.
 */
export function compareSelectorSets(before: SelectorSet, after: SelectorSet): SetComparison {
  const opts = { names: !(before.kind === 'basic' && after.kind === 'basic') };
  const b = advancedOf(before);
  const a = advancedOf(after);
  const d = diffSelectors(b, a, opts);
  return { ...d, changed: before.kind !== after.kind || d.removed.length + d.added.length > 0, changes: selectorChanges(b, a, opts) };
}

const add = (a: Span, b: Span): Span => ({ low: a.low + b.low, high: a.high + b.high });
const neg = (s: Span): Span => ({ low: -s.high, high: -s.low });

/** Known events, or null when the side logs only classes of unknown volume. */
function volume(events: Span, unknown: UnknownCount): Volume {
  return events.high === 0 && unknown.classes > 0 ? null : events;
}

/** diffTrail's answer plus what `apply` prints besides (not part of `diff --json`). */
export interface TrailChange {
  diff: TrailDiff;
  /** compareSelectorSets' answer for the two sides. */
  changed: boolean;
  /** How many checks the proof failed (keep rules and the rest), when a policy governs the trail. */
  violations: number | null;
  /** Who logs the management events instead, when the after side leaves them out and that is accepted. */
  managementNotes: string[];
}

export function diffTrail(input: LoadedInput, req: DiffRequest): TrailDiff {
  return trailChange(input, req).diff;
}

/**
 * The one computation behind `diff` and `apply`'s dry run: the before side is installed on the trail (for the
 * estimator, the governance of the policy and the other trails' management coverage), the after side judged on it.
 */
export function trailChange(input: LoadedInput, req: DiffRequest): TrailChange {
  const { trail } = req;
  const before = advancedOf(req.before.set);
  const after = advancedOf(req.after.set);
  const beforeTrail: Trail = { ...trail, selectors: req.before.set as Trail['selectors'] };
  const trails = input.trails.map((t) => (t.name === trail.name ? beforeTrail : t));
  const est = createEstimator({ ...input, trails });
  const now = est.estimateSelectors(trail.name, before);
  const next = est.evaluateSelectors(trail.name, after);
  const saved = trailSavings(est, trail.name, { estimate: now, evaluation: est.evaluation(trail.name), selectors: before }, { ...next, selectors: after });
  const d = compareSelectorSets(req.before.set, req.after.set);
  const cov = coverageChange(input.model, beforeTrail, after, est.orgAccounts);
  const lint = lintSelectors(after, { trailBucket: trail.s3Bucket });
  // Management events switched off count as a loss unless other trails provably log the same ones.
  const mctx = { trails, trail: trail.name, scope: managementScopeOf(input.snapshot) };
  const managementOff = managementRefusal(before, after, mctx);

  let policy: TrailDiff['policy'] = null;
  let violations: number | null = null;
  // Governed as configured on the before side (a policy without `trails:` governs the trails that log its types).
  if (input.policy && governedTrails(input.policy, trails).trails.includes(trail.name)) {
    const check = checkProposal(input.model, beforeTrail, input.policy, after, est.orgAccounts, mctx);
    const broken = check.proof.violations
      .filter((v): v is typeof v & { code: BrokenRule['code'] } => v.code === 'keep-not-logged' || v.code === 'keep-writes-not-logged')
      .map(({ code, label, eventName, readOnly, verdict, message }) => ({ code, label, eventName, readOnly, verdict, message }));
    policy = { proofOk: check.proof.ok, checked: check.proof.checked, broken, warnings: check.warnings };
    violations = check.proof.violations.length;
  }
  const nowVolume = volume(now.dataEvents, now.unknown);
  const nextVolume = volume(next.estimate.dataEvents, next.estimate.unknown);
  const diff: TrailDiff = {
    trail: trail.name,
    arn: trail.arn,
    address: req.address ?? null,
    source: { before: req.before.source, after: req.after.source },
    cost: { before: now.usd, after: next.estimate.usd, delta: neg(saved.usd) },
    dataEvents: { before: nowVolume, after: nextVolume, delta: nowVolume && nextVolume ? neg(saved.dataEvents) : null },
    unknown: {
      before: { nodes: now.unknown.nodes, classes: now.unknown.classes },
      after: { nodes: next.estimate.unknown.nodes, classes: next.estimate.unknown.classes },
    },
    selectors: {
      kind: { before: req.before.set.kind, after: req.after.set.kind },
      count: { before: req.before.set.selectors.length, after: req.after.set.selectors.length },
      values: { before: d.valuesBefore, after: d.valuesAfter },
      removed: d.removed.length,
      added: d.added.length,
      unchanged: d.unchanged.length,
      changes: d.changes,
    },
    coverage: cov,
    managementOff,
    lintErrors: lint.findings.filter((f) => f.severity === 'error').map((f) => `${f.rule} ${f.path}: ${f.message}`),
    policy,
    // Management events switched off is a loss of coverage too, whatever the policy says of data events.
    coverageLoss: managementOff !== null || (policy ? policy.broken.length > 0 : cov.stops.length > 0),
    notes: req.notes ?? [],
  };
  const managementNotes = managementOff === null ? managementDropNotes(before, after, mctx) : [];
  return { diff, changed: d.changed, violations, managementNotes };
}

export function diffTrails(input: LoadedInput, requests: readonly DiffRequest[], skipped: DiffResult['skipped'] = []): DiffResult {
  const trails = requests.map((r) => diffTrail(input, r));
  const zero: Span = { low: 0, high: 0 };
  const total = trails.reduce(
    (acc, t) => ({ before: add(acc.before, t.cost.before), after: add(acc.after, t.cost.after), delta: add(acc.delta, t.cost.delta) }),
    { before: zero, after: zero, delta: zero },
  );
  return { input: input.file, trails, skipped, total, coverageLoss: trails.some((t) => t.coverageLoss) };
}
