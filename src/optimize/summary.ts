/**
 * The optimize summary: as text for stderr (what a reviewer reads before applying) and as data for `--json`.
 * Formatting only; every number comes from the proposal and the estimator.
 */
import type { Span } from './cost.js';
import type { TrailProposal } from './optimize.js';

export interface TrailCost {
  /** Whole-trail monthly cost (management, data, destinations) from the estimator, now and with the proposal. */
  before: Span;
  after: Span;
}

export interface SummaryTrail {
  trail: string;
  status: TrailProposal['status'];
  types: string[];
  cost: {
    /** Data events the trail delivers per month, now and proposed (engine-evaluated on the model). */
    dataEventsBefore: Span;
    dataEventsAfter: Span;
    /** Whole-trail monthly USD per the estimator. */
    usdBefore: Span;
    usdAfter: Span;
    savings: Span;
    unknownNodesAfter: number;
  };
  values: TrailProposal['values'];
  coverage: {
    keep: { required: number; logged: number; split: number; unknownPairs: number; share: number | null };
    keepWrites: { required: number; logged: number; split: number; unknownPairs: number; share: number | null };
  } | null;
  proof: { ok: boolean; checked: number; violations: number } | null;
  lint: { valid: boolean; warnings: string[] } | null;
  dropped: TrailProposal['dropped'];
  compliance: TrailProposal['compliance'];
  findings: TrailProposal['findings'];
  selectors: TrailProposal['selectors'];
}

const share = (logged: number, required: number): number | null => (required > 0 ? logged / required : null);

export function summarize(p: TrailProposal, cost: TrailCost): SummaryTrail {
  return {
    trail: p.trail,
    status: p.status,
    types: p.types,
    cost: {
      dataEventsBefore: p.cost.before.events,
      dataEventsAfter: p.cost.after.events,
      usdBefore: cost.before,
      usdAfter: cost.after,
      savings: { low: cost.before.low - cost.after.high, high: cost.before.high - cost.after.low },
      unknownNodesAfter: p.cost.after.unknownNodes,
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
    dropped: p.dropped,
    compliance: p.compliance,
    findings: p.findings,
    selectors: p.selectors,
  };
}

function usd(n: number): string {
  const abs = Math.abs(n);
  const s = abs >= 100 ? abs.toFixed(0) : abs.toFixed(2);
  return `${n < 0 ? '-' : ''}$${Number(s).toLocaleString('en-US', { minimumFractionDigits: abs >= 100 ? 0 : 2 })}`;
}

function usdSpan(s: Span): string {
  return Math.abs(s.high - s.low) < 0.005 ? usd(s.low) : `${usd(s.low)}–${usd(s.high)}`;
}

export function count(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)}B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return n.toFixed(0);
}

function countSpan(s: Span): string {
  return Math.abs(s.high - s.low) < 0.5 ? count(s.low) : `${count(s.low)}–${count(s.high)}`;
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
  if (c.savings.low >= 0) {
    const share = c.usdBefore.low > 0 ? ` (${pct(c.savings.low / c.usdBefore.high)}${Math.abs(c.savings.high - c.savings.low) >= 0.005 ? `–${pct(c.savings.high / c.usdBefore.low)}` : ''})` : '';
    change = `saves ${usdSpan(c.savings)}${share}`;
  } else if (c.savings.high <= 0) {
    change = `costs ${usdSpan({ low: -c.savings.high, high: -c.savings.low })} more (the policy asks to log more than today)`;
  } else {
    change = `between ${usd(-c.savings.low)} more and ${usd(c.savings.high)} less`;
  }
  out.push(`  cost/month     now ${usdSpan(c.usdBefore)}  →  proposed ${usdSpan(c.usdAfter)}   ${change}`);
  out.push(`  data events    now ${countSpan(c.dataEventsBefore)}/month  →  proposed ${countSpan(c.dataEventsAfter)}/month${c.unknownNodesAfter > 0 ? `  (+ ${c.unknownNodesAfter} node(s) of unknown volume still logged)` : ''}`);
  const v = s.values;
  const byType = Object.entries(v.byType).map(([t, n]) => `${t} ${n}`).join(', ');
  if (s.status === 'unsatisfiable') {
    out.push(`  values         the policy needs ${v.leastNeeded !== null ? `at least ${v.leastNeeded}` : 'an impossible set'}; ${v.budget} allowed (${v.carried} of them carried over); today's set uses ${v.used}`);
  } else {
    out.push(`  values         ${v.used} of ${v.budget}  (carried over ${v.carried}${byType ? `; ${byType}` : ''}${v.levers ? `; levers ${v.levers}` : ''})`);
  }
  if (s.coverage) {
    const k = s.coverage.keep;
    const w = s.coverage.keepWrites;
    const part = (x: typeof k, what: string) =>
      `${what} ${pct(x.share)} of ${count(x.required)} events${x.split > 0 ? ` (${count(x.split)} in prefixes split by a rule: partly)` : ''}${x.unknownPairs > 0 ? ` (+${x.unknownPairs} of unknown volume, checked)` : ''}`;
    out.push(`  coverage       ${part(k, 'keep')};  ${part(w, 'keep-writes (writes)')}`);
  }
  if (s.proof) {
    out.push(`  proof          ${s.proof.checked} node × event-class checks with the selector engine: ${s.proof.ok ? 'all hold' : `${s.proof.violations} FAILED — do not apply`}; lint: ${s.lint ? (s.lint.valid ? (s.lint.warnings.length ? `valid, ${s.lint.warnings.length} warning(s)` : 'clean') : 'ERRORS') : 'not run'}`);
  }
  if (s.dropped.length > 0) {
    out.push('  no longer logged (top by volume):');
    const w = Math.max(...s.dropped.map((d) => d.label.length));
    for (const d of s.dropped) out.push(`    ${count(d.events).padStart(7)}/mo ${usd(d.usd).padStart(9)}  ${d.label.padEnd(w)}  ${d.why}`);
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
  return `${out.join('\n')}\n`;
}
