/**
 * "Proposed": the selector sets the optimizer would write for the governed trails, evaluated by the same engine
 * and priced by the same estimator as "now" — never a second model of the policy. Also the linked savings (now −
 * proposed for one consistent reading of every unknown split) 
 */
import { ALL, NONE, SOME, compile, evaluateSubject } from '../selectors/evaluate.js';
import type { EventClass } from '../selectors/types.js';
import { restrictSelectors } from '../selectors/restrict.js';
import type { AdvancedEventSelector } from '../selectors/types.js';
import { nodeKey } from '../model/policy-model.js';
import type { Estimator } from './estimator.js';
import type { TrailEvaluation } from './evaluate-trail.js';
import type { Span, TrailEstimate } from './types.js';

export interface DroppedNode {
  nodeId: string;
  label: string;
  /** Monthly events no longer logged by this trail (midpoint of the linked change). */
  events: number;
  usd: number;
  /** The policy model's answer for the node, in words. */
  why: string;
}

export interface ProposedSet {
  selectors: AdvancedEventSelector[];
  /** The optimizer's status (`optimized`, or why today's selectors are kept: `unsatisfiable`, `proof-failed`...). */
  status: string;
}

export interface ProposedTrail {
  estimate: TrailEstimate;
  evaluation: TrailEvaluation;
  status: string;
  /** now − proposed of this trail, linked (see linkedSavings). */
  savings: { usd: Span; dataEvents: Span };
}

export interface ProposedEvaluation {
  trails: Map<string, ProposedTrail>;
  totals: { usd: Span; dataEvents: Span };
  savings: { usd: Span; dataEvents: Span };
  /** Subtree totals of a node with the proposal (governed trails proposed, others as now). */
  node(nodeId: string): { events: Span; usd: Span };
  /** The same totals for every node, in the estimator's index order (events and USD, low and high). */
  nodeTotals(): { eL: Float64Array; eH: Float64Array; uL: Float64Array; uH: Float64Array };
}

const span = (low: number, high: number): Span => ({ low, high });

/** The fraction of a class a verdict logs: all, none, or an unknown share. */
function fraction(v: number): [number, number] {
  return v === ALL ? [1, 1] : v === NONE ? [0, 0] : [0, 1];
}

/**
 * Selectors as they apply to one event class: field selectors on eventName, readOnly, eventType and eventSource are
 * settled by the class (a selector they exclude goes, the ones they admit drop the condition).
 */
function forClass(sels: readonly AdvancedEventSelector[], cls: EventClass): AdvancedEventSelector[] {
  const value: Record<string, string> = { eventName: cls.eventName, readOnly: String(cls.readOnly), eventType: cls.eventType, eventSource: cls.eventSource };
  const out: AdvancedEventSelector[] = [];
  for (const sel of sels) {
    const fields = sel.FieldSelectors ?? [];
    const settled = fields.filter((f) => f.Field !== undefined && f.Field in value);
    const holds = settled.every((f) => evaluateSubject(compile([{ FieldSelectors: [f] }]), fieldSubject(f.Field!, value[f.Field!])).result !== NONE);
    if (!holds) continue;
    out.push({ FieldSelectors: fields.filter((f) => !(f.Field !== undefined && f.Field in value)) });
  }
  return out;
}

/** A subject with one known field (the others absent), to settle one field selector. */
function fieldSubject(field: string, v: string): Parameters<typeof evaluateSubject>[1] {
  return { category: 'Data', field: (name) => (name === field ? v : undefined), resources: [] };
}

function canonical(sels: readonly AdvancedEventSelector[]): string {
  return JSON.stringify(sels.map((s) => (s.FieldSelectors ?? []).map((f) => Object.keys(f).sort().map((k) => [k, (f as unknown as Record<string, unknown>)[k]]))).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)));
}

/**
 * Events logged now minus events logged with the proposal, per class, under one consistent reading of each
 * unknown split: a class logged in part both now and proposed, by the same selectors where it lies, changes by
 * nothing (not by ± its volume, which subtracting two ranges would say).
 */
export function linkedSavings(est: Estimator, now: TrailEvaluation, next: TrailEvaluation, nowSelectors: readonly AdvancedEventSelector[], nextSelectors: readonly AdvancedEventSelector[]): Span {
  const ix = est.index;
  const same = canonical(nowSelectors) === canonical(nextSelectors);
  const sameAt = new Map<string, boolean>();
  // Do both sets say the same about this node (and class)? Compared restricted to the node's key and, for a class,
  // with the conditions the class decides (eventName, readOnly, eventType, eventSource) settled: a lever that
  // does not touch this class leaves "the same selectors here".
  const sameHere = (i: number, cls?: EventClass): boolean => {
    if (same) return true;
    const id = cls ? `${i}|${cls.eventName}|${cls.readOnly}|${cls.eventType}` : `${i}`;
    let r = sameAt.get(id);
    if (r === undefined) {
      const key = nodeKey(ix.nodes[i]);
      const view = (sels: readonly AdvancedEventSelector[]) => canonical(cls ? forClass(restrictSelectors(sels, key!), cls) : restrictSelectors(sels, key!));
      r = key !== undefined && view(nowSelectors) === view(nextSelectors);
      sameAt.set(id, r);
    }
    return r;
  };
  let low = 0;
  let high = 0;
  // A node whose evaluated totals are not its classes' (RecursiveLogging takes the trail's own deliveries off its
  // bucket) is linked as a whole: exactly when both sides are exact, else the difference of its two ranges.
  const classSum = (e: TrailEvaluation, i: number): [number, number] => {
    let lo = 0;
    let hi = 0;
    for (let c = ix.classStart[i]; c < ix.classStart[i + 1]; c++) {
      const h = ix.high[c];
      if (Number.isNaN(h) || e.verdict[c] === NONE) continue;
      if (e.verdict[c] === ALL) lo += Number.isNaN(ix.low[c]) ? 0 : ix.low[c];
      hi += h;
    }
    return [lo, hi];
  };
  const adjusted = (e: TrailEvaluation, i: number): boolean => {
    const [lo, hi] = classSum(e, i);
    return Math.abs(lo - e.nodeLow[i]) > 1e-6 * Math.max(1, hi) || Math.abs(hi - e.nodeHigh[i]) > 1e-6 * Math.max(1, hi);
  };
  for (let i = 0; i < ix.nodes.length; i++) {
    if (adjusted(now, i) || adjusted(next, i)) {
      const exact = now.nodeLow[i] === now.nodeHigh[i] && next.nodeLow[i] === next.nodeHigh[i];
      if (exact || sameHere(i)) {
        const d = now.nodeHigh[i] - next.nodeHigh[i];
        low += exact ? d : Math.min(d, now.nodeLow[i] - next.nodeLow[i]);
        high += exact ? d : Math.max(d, now.nodeLow[i] - next.nodeLow[i]);
      } else {
        low += now.nodeLow[i] - next.nodeHigh[i];
        high += now.nodeHigh[i] - next.nodeLow[i];
      }
      continue;
    }
    for (let c = ix.classStart[i]; c < ix.classStart[i + 1]; c++) {
      const h = ix.high[c];
      if (Number.isNaN(h)) continue; // unknown volume: counted apart, never as a number
      const l = Number.isNaN(ix.low[c]) ? 0 : ix.low[c];
      const a = now.verdict[c];
      const b = next.verdict[c];
      if (a === b && (a !== SOME || sameHere(i, ix.nodes[i].classes[c - ix.classStart[i]].cls))) continue;
      const [aLo, aHi] = fraction(a);
      const [bLo, bHi] = fraction(b);
      const dLo = aLo - bHi;
      const dHi = aHi - bLo;
      low += Math.min(dLo * l, dLo * h);
      high += Math.max(dHi * l, dHi * h);
    }
  }
  return span(low, high);
}

/** One side of a selector change on a trail: its estimate, its evaluation, the selectors. */
export interface TrailSide {
  estimate: TrailEstimate;
  evaluation: TrailEvaluation;
  selectors: readonly AdvancedEventSelector[];
}

/**
 * What a trail saves going from `now` to `next`: data events linked per unknown split (linkedSavings), plus the
 * cross-account copies and the fixed parts of the bill (log file PUTs vanish when a trail delivers nothing).
 * The one computation behind every surface's "savings": estimate, optimize, the TUI, apply and diff.
 */
export function trailSavings(est: Estimator, trail: string, now: TrailSide, next: TrailSide): { dataEvents: Span; usd: Span } {
  const events = linkedSavings(est, now.evaluation, next.evaluation, now.selectors, next.selectors);
  // Cross-account copies (sampled callers): linked when the selectors are the same, else their difference.
  if (canonical(now.selectors) !== canonical(next.selectors)) {
    events.low += now.estimate.crossAccount.events.low - next.estimate.crossAccount.events.high;
    events.high += now.estimate.crossAccount.events.high - next.estimate.crossAccount.events.low;
  }
  const u = est.unitCost(trail);
  // Cost is linear in data events but for fixed parts.
  const fixed = (t: TrailEstimate): [number, number] => {
    const a = t.usd.low - u * t.dataEvents.low;
    const b = t.usd.high - u * t.dataEvents.high;
    return [Math.min(a, b), Math.max(a, b)];
  };
  const [nowLo, nowHi] = fixed(now.estimate);
  const [nextLo, nextHi] = fixed(next.estimate);
  return { dataEvents: events, usd: span(events.low * u + nowLo - nextHi, events.high * u + nowHi - nextLo) };
}

export function evaluateProposed(est: Estimator, sets: ReadonlyMap<string, ProposedSet>): ProposedEvaluation {
  const ix = est.index;
  const N = ix.nodes.length;
  const base = est.result(null);
  const trails = new Map<string, ProposedTrail>();
  const evals: TrailEvaluation[] = [];
  let usdLow = 0, usdHigh = 0, evLow = 0, evHigh = 0, sLow = 0, sHigh = 0, seLow = 0, seHigh = 0;
  est.trails.forEach((spec, k) => {
    const now = base.trails[k];
    const set = spec.kind === 'trail' ? sets.get(spec.name) : undefined;
    if (!set) {
      evals.push(est.evaluation(spec.name));
      usdLow += now.usd.low;
      usdHigh += now.usd.high;
      evLow += now.dataEvents.low;
      evHigh += now.dataEvents.high;
      return;
    }
    const { estimate, evaluation } = est.evaluateSelectors(spec.name, set.selectors);
    const savings = trailSavings(est, spec.name, { estimate: now, evaluation: est.evaluation(spec.name), selectors: spec.advanced }, { estimate, evaluation, selectors: set.selectors });
    const events = savings.dataEvents;
    trails.set(spec.name, { estimate, evaluation, status: set.status, savings });
    evals.push(evaluation);
    usdLow += estimate.usd.low;
    usdHigh += estimate.usd.high;
    evLow += estimate.dataEvents.low;
    evHigh += estimate.dataEvents.high;
    sLow += savings.usd.low;
    sHigh += savings.usd.high;
    seLow += events.low;
    seHigh += events.high;
  });
  const org = est.orgLinesUsd();

  // Per node, then up the tree: events and USD with the proposal.
  const eL = new Float64Array(N), eH = new Float64Array(N), uL = new Float64Array(N), uH = new Float64Array(N);
  est.trails.forEach((spec, k) => {
    const e = evals[k];
    const u = est.unitCost(spec.name);
    for (let i = 0; i < N; i++) {
      eL[i] += e.nodeLow[i];
      eH[i] += e.nodeHigh[i];
      uL[i] += e.nodeLow[i] * u;
      uH[i] += e.nodeHigh[i] * u;
    }
  });
  for (let i = N - 1; i > 0; i--) {
    const p = ix.parent[i];
    if (p < 0) continue;
    eL[p] += eL[i];
    eH[p] += eH[i];
    uL[p] += uL[i];
    uH[p] += uH[i];
  }

  return {
    trails,
    totals: { usd: span(usdLow + org.low, usdHigh + org.high), dataEvents: span(evLow, evHigh) },
    savings: { usd: span(sLow, sHigh), dataEvents: span(seLow, seHigh) },
    node(nodeId) {
      const i = ix.idx.get(nodeId);
      if (i === undefined) throw new Error(`no model node "${nodeId}"`);
      return { events: span(eL[i], eH[i]), usd: span(uL[i], uH[i]) };
    },
    nodeTotals: () => ({ eL: eL.slice(), eH: eH.slice(), uL: uL.slice(), uH: uH.slice() }),
  };
}

