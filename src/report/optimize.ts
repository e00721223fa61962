/**
 * The optimize summary: as text for stderr (what a reviewer reads before applying) and as data for `--json`.
 * Formatting only: the selectors and proof are the optimizer's, every cost is the estimator's evaluation of
 * those selectors (app/proposal.ts), so the summary says what `estimate` says.
 */
import type { Span, TrailEstimate } from '../estimate/types.js';
import type { TrailProposal } from '../optimize/optimize.js';
import type { DroppedNode } from '../estimate/proposed.js';
import { count, countKnown, countSpan, PARTLY_UNKNOWN, usd, usdKnown, usdSpan } from './format.js';
import { terminalSafe } from './terminal-text.js';

export interface SummaryTrail {
  trail: string;
  status: TrailProposal['status'];
  types: string[];
  cost: {
    /** Data events the trail delivers per month, now and proposed (the estimator's evaluation). */
    dataEventsBefore: Span;
    dataEventsAfter: Span;
    /** Whole-trail monthly USD per the estimator. */
    usdBefore: Span;
    usdAfter: Span;
    /** now − proposed for one consistent reading of every unknown split (estimate/proposed.ts). */
    savings: Span;
    savingsEvents: Span;
    /** Classes (resource × event class) of unknown volume logged now and with the proposed set: not in the sums. */
    unknownPartsBefore: number;
    unknownPartsAfter: number;
    /** Resources of unknown volume the proposed set still logs (not in the sums). */
    unknownNodesAfter: number;
  };
  values: TrailProposal['values'];
  coverage: {
    keep: { required: number; logged: number; split: number; unknownPairs: number; share: number | null };
    keepWrites: { required: number; logged: number; split: number; unknownPairs: number; share: number | null };
  } | null;
  proof: { ok: boolean; checked: number; violations: number } | null;
  lint: { valid: boolean; warnings: string[] } | null;
  dropped: DroppedNode[];
  /**
   * The trail's management selector when it pays for copies other trails already log, or when it was left out:
   * its paid copies and their cost (the estimate's "extra copies" line) and the engine's coverage check.
   */
  management: {
    paidCopies: Span;
    paidUsd: Span;
    dropped: boolean;
    removable: boolean;
    coveredBy: string[];
    checked: number;
    why: string | null;
  } | null;
  compliance: TrailProposal['compliance'];
  findings: TrailProposal['findings'];
  selectors: TrailProposal['selectors'];
}

const share = (logged: number, required: number): number | null => (required > 0 ? logged / required : null);

/** `after` is the trail with the proposed set (today's set when the optimizer did not optimize). */
export function summarize(p: TrailProposal, before: TrailEstimate, after: TrailEstimate, savings: { usd: Span; dataEvents: Span }, dropped: DroppedNode[]): SummaryTrail {
  return {
    trail: p.trail,
    status: p.status,
    types: p.types,
    cost: {
      dataEventsBefore: before.dataEvents,
      dataEventsAfter: after.dataEvents,
      usdBefore: before.usd,
      usdAfter: after.usd,
      savings: savings.usd,
      savingsEvents: savings.dataEvents,
      unknownPartsBefore: before.unknown.classes,
      unknownPartsAfter: after.unknown.classes,
      unknownNodesAfter: after.unknown.nodes,
    },
    values: p.values,
    coverage: p.proof
      ? {
          keep: { ...p.proof.coverage.keep, share: share(p.proof.coverage.keep.logged, p.proof.coverage.keep.required) },
          keepWrites: { ...p.proof.coverage.keepWrites, share: share(p.proof.coverage.keepWrites.logged, p.proof.coverage.keepWrites.required) },
        }
      : null,
    proof: p.proof ? { ok: p.proof.ok, checked: p.proof.checked, violations: p.proof.violations.length } : null,
    lint: p.lint ? { valid: p.lint.valid, warnings: p.lint.findings.filter((f) => f.severity === 'warning').map((f) => `${f.rule} ${f.path}: ${f.message}`) } : null,
    dropped,
    management: managementSummary(p, before),
    compliance: p.compliance,
    findings: p.findings,
    selectors: p.selectors,
  };
}

function managementSummary(p: TrailProposal, before: TrailEstimate): SummaryTrail['management'] {
  const m = p.management;
  if (!m || (before.managementPaidCopies.high <= 0 && !m.dropped)) return null;
  const line = before.lines.find((l) => l.price === 'cloudtrail.managementEvents.extraCopy');
  return {
    paidCopies: before.managementPaidCopies, paidUsd: line?.usd ?? { low: 0, high: 0 },
    dropped: m.dropped, removable: m.removable, coveredBy: m.coveredBy, checked: m.checked, why: m.why,
  };
}

/** The management line: the paid copies, and whether the selector goes (or why it stays). */
function managementLine(m: NonNullable<SummaryTrail['management']>): string {
  const paid = m.paidCopies.high > 0 ? `${countSpan(m.paidCopies)} paid copies/month, ${usdSpan(m.paidUsd)}` : 'no paid copies';
  const by = m.coveredBy.join(', ');
  if (m.dropped) return `  management     selector left out: ${by} log${m.coveredBy.length === 1 ? 's' : ''} the same management events everywhere it covers (${m.checked} engine checks); ${paid} go (in the saving above)`;
  if (m.removable) return `  management     ${paid}: ${by} log${m.coveredBy.length === 1 ? 's' : ''} the same management events everywhere it covers (${m.checked} engine checks) — --drop-duplicate-management leaves the selector out`;
  return `  management     ${paid}; the selector stays: ${m.why ?? 'it logs no management events'}`;
}

function pct(x: number | null): string {
  return x === null ? 'n/a' : `${(x * 100).toFixed(x === 1 ? 0 : 1)}%`;
}

export function formatSummary(s: SummaryTrail): string {
  const out: string[] = [];
  const status = s.status === 'optimized' ? '' : `  [${s.status.toUpperCase()}]`;
  out.push(`${s.trail}: ${s.types.length > 0 ? s.types.join(', ') : 'no data events optimized'}${status}`);
  const c = s.cost;
  let change: string;
  if (Math.abs(c.savings.low) < 0.005 && Math.abs(c.savings.high) < 0.005) {
    change = 'no change';
  } else if (c.savings.low >= 0) {
    const share = c.usdBefore.low > 0 ? ` (${pct(c.savings.low / c.usdBefore.high)}${Math.abs(c.savings.high - c.savings.low) >= 0.005 ? `–${pct(c.savings.high / c.usdBefore.low)}` : ''})` : '';
    change = `saves ${usdSpan(c.savings)}${share}`;
  } else if (c.savings.high <= 0) {
    change = `costs ${usdSpan({ low: -c.savings.high, high: -c.savings.low })} more (the policy asks to log more than today)`;
  } else {
    change = `between ${usd(-c.savings.low)} more and ${usd(c.savings.high)} less (the split of a node the selectors cut is unknown)`;
  }
  // Known parts only, marked `+?` when unknown-volume classes are logged too; `unknown` when nothing is known.
  out.push(`  cost/month     now ${usdKnown(c.usdBefore, c.unknownPartsBefore)}  →  proposed ${usdKnown(c.usdAfter, c.unknownPartsAfter)}   ${change}`);
  const unknownNote = c.unknownNodesAfter > 0 ? `  (${PARTLY_UNKNOWN} = ${c.unknownNodesAfter} resource(s) of unknown volume still logged, not counted)` : c.unknownPartsBefore > 0 ? `  (${PARTLY_UNKNOWN} = resources of unknown volume logged, not counted)` : '';
  out.push(`  data ev/month  now ${countKnown(c.dataEventsBefore, c.unknownPartsBefore)}  →  proposed ${countKnown(c.dataEventsAfter, c.unknownPartsAfter)}${unknownNote}`);
  const v = s.values;
  const byType = Object.entries(v.byType).map(([t, n]) => `${t} ${n}`).join(', ');
  if (s.status === 'unsatisfiable') {
    out.push(`  values         the policy needs ${v.leastNeeded !== null ? `at least ${v.leastNeeded}` : 'an impossible set'}; ${v.budget} allowed (${v.carried} of them carried over); today's set uses ${v.used}`);
  } else {
    out.push(`  values         ${v.used} of ${v.budget}  (carried over ${v.carried}${byType ? `; ${byType}` : ''}${v.levers ? `; levers ${v.levers}` : ''})`);
  }
  if (s.management) out.push(managementLine(s.management));
  if (s.coverage) {
    const k = s.coverage.keep;
    const w = s.coverage.keepWrites;
    const part = (x: typeof k, what: string) =>
      `${what} ${pct(x.share)} of ${count(x.required)} events${x.split > 0 ? ` (${count(x.split)} in prefixes split by a rule: partly)` : ''}${x.unknownPairs > 0 ? ` (+${x.unknownPairs} of unknown volume, checked)` : ''}`;
    out.push(`  coverage       ${part(k, 'keep')};  ${part(w, 'keep-writes (writes)')}`);
  }
  if (s.proof) {
    out.push(`  proof          ${s.proof.checked} node × event-class checks of the written selectors against the policy: ${s.proof.ok ? 'all hold' : `${s.proof.violations} FAILED — do not apply`}; lint: ${s.lint ? (s.lint.valid ? (s.lint.warnings.length ? `valid, ${s.lint.warnings.length} warning(s)` : 'clean') : 'ERRORS') : 'not run'}`);
  }
  if (s.dropped.length > 0) {
    out.push('  no longer logged (top by volume):');
    // Labels are bucket names and prefixes (data): made terminal-safe before they are measured.
    const labels = s.dropped.map((d) => terminalSafe(d.label));
    const w = Math.max(...labels.map((l) => l.length));
    s.dropped.forEach((d, i) => out.push(`    ${count(d.events).padStart(7)}/mo ${usd(d.usd).padStart(9)}  ${labels[i].padEnd(w)}  ${d.why}`));
  }
  if (s.compliance.length > 0) {
    const word = (b: boolean) => (b ? 'pass' : 'FAIL');
    out.push('  compliance:');
    for (const x of s.compliance) {
      out.push(`    ${`${x.tool} ${x.id} (${x.access})`.padEnd(58)} ${word(x.before)} → ${word(x.after)}${x.regression ? '  ← turns red' : ''}${x.note ? `  [${x.note}]` : ''}`);
    }
  }
  const shown = s.findings.filter((f) => f.code !== 'compliance-regression');
  if (shown.length > 0) {
    out.push('  notes:');
    for (const f of shown.slice(0, 20)) out.push(`    ${f.level}: ${f.message}`);
    if (shown.length > 20) out.push(`    … and ${shown.length - 20} more (see --json)`);
  }
  // Trail names, resource labels and messages are data: every line is terminal-safe (a no-op on ordinary text).
  return `${out.map(terminalSafe).join('\n')}\n`;
}
