/**
 * The estimator: every trail's selectors evaluated once against the model (cached per trail × node × class),
 * then priced; plus the "proposed" cost — the ideal outcome of the policy and per-node decisions on the trails
 * the policy governs — kept incrementally so a decision change updates every total in a few milliseconds
 * (deltas over the node's subtree and up its ancestors, never a full recompute).
 */

import { ruleArn, ruleCovers } from '../model/policy.js';
import type { ModelAssumptions } from '../model/assumptions.js';
import type { ManagementVolumeEntry, NetworkVolumeEntry } from '../model/declared.js';
import type { Decision, NodeDecision, Policy } from '../model/policy.js';
import type { EventDataStore, Snapshot, Trail } from '../model/snapshot.js';
import type { VolumeModel } from '../model/types.js';
import type { PriceBook } from '../pricing/book.js';
import type { AdvancedEventSelector } from '../selectors/types.js';
import { priceDelivery, rateLabel } from '../pricing/price.js';
import { ALL, NONE, SOME } from '../selectors/evaluate.js';
import { calibrate, calibrationWarnings, otherBilling, otherBillingWarning } from './calibration.js';
import { coveredNetwork, logsNetworkActivity, networkVolumes } from './network.js';
import { costPerDataEvent, DAYS_PER_MONTH, gbOf, queryLines, sumLines, trailLines, type PricingContext, type TrailVolumes } from './cost.js';
import { evaluateTrail, type TrailEvaluation } from './evaluate-trail.js';
import { managementVolumes, type ManagementResult } from './management.js';
import { indexModel, type ModelIndex } from './model-index.js';
import { coveredAccounts, eventDataStoreSpec, trailSpec, withAdvancedSelectors, type TrailSpec } from './trails.js';
import { addSpan, sumSpans, ZERO } from './span.js';
import type { Assumption, CostLine, EstimateResult, EstimateWarning, QueryComparison, Span, TrailEstimate, UnknownCount } from './types.js';

/** What the estimator needs (a LoadedInput from src/cli/load-input.ts satisfies it). */
export interface EstimateInput {
  name: string;
  variant?: string | null;
  model: VolumeModel;
  snapshot: Snapshot;
  trails: Trail[];
  eventDataStores: EventDataStore[];
  policy: Policy | null;
  pricing: PriceBook;
  assumptions: ModelAssumptions;
  assumptionSources?: Partial<Record<keyof ModelAssumptions, string>>;
  managementEvents: ManagementVolumeEntry[];
  /** Declared network activity volumes (none: trails that log them get a warning, not a zero). */
  networkActivityEvents?: NetworkVolumeEntry[];
}

/** Subtree totals of one node, now and proposed. */
export interface NodeEstimate {
  eventsNow: Span;
  usdNow: Span;
  eventsProposed: Span;
  usdProposed: Span;
  /** Classes of unknown volume logged somewhere in the subtree (any trail). */
  unknown: number;
}

export interface Estimator {
  readonly index: ModelIndex;
  readonly trails: readonly TrailSpec[];
  /** The full breakdown (current decisions). */
  result(): EstimateResult;
  setDecision(nodeId: string, d: NodeDecision): void;
  decision(nodeId: string): NodeDecision;
  /** The decision in force at a node (its own, inherited from an ancestor, a policy rule, or the default). */
  effectiveDecision(nodeId: string): { decision: Decision | 'log-default' | 'drop-default'; from: 'node' | 'ancestor' | 'rule' | 'default' };
  node(nodeId: string): NodeEstimate;
  totals(): { now: { usd: Span; dataEvents: Span }; proposed: { usd: Span; dataEvents: Span }; sensitiveCoverage: { sensitive: Span; logged: Span } | null };
  /** Estimate an arbitrary selector set for one trail against the model (the optimizer's proposals). */
  estimateSelectors(trail: string, selectors: AdvancedEventSelector[]): TrailEstimate;
  /** Cached evaluation of a trail (verdict per class), for breakdowns. */
  evaluation(trail: string): TrailEvaluation;
  /** Monthly cost per data event of a trail (linear part). */
  unitCost(trail: string): number;
}

// Decision codes for typed arrays.
const D_AUTO = -1;
const D_KEEP = 0;
const D_WRITES = 1;
const D_DROP = 2;
const D_LOG = 3;
const CODE: Record<Decision, number> = { keep: D_KEEP, 'keep-writes': D_WRITES, drop: D_DROP };
const NAME: Record<number, Decision> = { [D_KEEP]: 'keep', [D_WRITES]: 'keep-writes', [D_DROP]: 'drop' };

/** Node key for policy matching: S3 ARN prefix, or the exact ARN. */
function nodeKey(n: { arnPrefix?: string; arn?: string }): string | undefined {
  return n.arnPrefix ?? n.arn;
}


export function createEstimator(input: EstimateInput): Estimator {
  const ix = indexModel(input.model);
  const N = ix.nodes.length;
  const A = input.assumptions;
  const accounts = input.snapshot.accounts.map((a) => a.id);
  const orgAccounts = new Set(input.snapshot.organization ? accounts : []);
  const specs: TrailSpec[] = [...input.trails.map(trailSpec), ...input.eventDataStores.map(eventDataStoreSpec)];
  const T = specs.length;
  const evals = specs.map((t) => evaluateTrail(t, ix, orgAccounts));
  const regions = input.snapshot.regions.length > 0 ? input.snapshot.regions : [...new Set(ix.nodes.map((n) => n.region).filter((r): r is string => !!r))];
  const mgmt = managementVolumes(specs, input.managementEvents, accounts, regions);
  // Traffic growth applies to network activity as to data events (the model applies it to those).
  const networkEntries = (input.networkActivityEvents ?? []).map((e) => ({ ...e, events: e.events * A.growth }));
  const network = networkVolumes(specs, networkEntries, accounts);

  // ---- pricing context: seven-year tiers apply to the month's total ----
  const dataTotal = (e: TrailEvaluation): Span => {
    let low = 0;
    let high = 0;
    for (let i = 0; i < N; i++) {
      low += e.nodeLow[i];
      high += e.nodeHigh[i];
    }
    return { low, high };
  };
  const dataNow = evals.map(dataTotal);
  const sevenYearTotalGb: Span = { low: 0, high: 0 };
  specs.forEach((t, k) => {
    if (t.lake !== 'seven-year') return;
    const m = mgmt.get(t.name)!.delivered;
    const n = network.get(t.name)!.delivered;
    sevenYearTotalGb.low += gbOf(dataNow[k].low + m.low + n.low, A);
    sevenYearTotalGb.high += gbOf(dataNow[k].high + m.high + n.high, A);
  });
  const ctx: PricingContext = { book: input.pricing, assumptions: A, sevenYearTotalGb };
  const unit = specs.map((t) => costPerDataEvent(t, ctx));

  // ---- governance: which trails follow the policy, and for which resource types ----
  const policy = input.policy;
  const governed = specs.map((t, k) => {
    if (!policy || t.kind !== 'trail') return false;
    if (policy.trails) return policy.trails.includes(t.name);
    return evals[k].resourceTypes.size > 0;
  });
  const G = specs.map((_, k) => k).filter((k) => governed[k]);

  // Per governed trail, per node: events under each outcome (all classes, writes only, default-log after levers).
  const levers = policy?.levers ?? {};
  const dropNames = new Set(levers.dropEventNames ?? []);
  const dropCallers = levers.dropCallers ?? [];
  const outcome = G.map((k) => {
    const ev = evals[k];
    const allL = new Float64Array(N), allH = new Float64Array(N), wL = new Float64Array(N), wH = new Float64Array(N), lvL = new Float64Array(N), lvH = new Float64Array(N);
    const gov = new Uint8Array(N);
    for (let i = 0; i < N; i++) {
      const n = ix.nodes[i];
      if (!ev.covered[i] || !n.resourceType || !ev.resourceTypes.has(n.resourceType)) continue;
      gov[i] = 1;
      for (let c = ix.classStart[i], j = 0; c < ix.classStart[i + 1]; c++, j++) {
        const h = ix.high[c];
        if (Number.isNaN(h)) continue;
        const l = Number.isNaN(ix.low[c]) ? 0 : ix.low[c];
        allL[i] += l;
        allH[i] += h;
        if (!ix.readOnly[c]) {
          wL[i] += l;
          wH[i] += h;
        }
        const cv = n.classes[j];
        const cls = cv.cls;
        const dropped = (levers.dropServiceEvents && cls.eventType === 'AwsServiceEvent') || dropNames.has(cls.eventName);
        if (!dropped) {
          // Noisy callers (userIdentity.arn NotStartsWith): known only where a log sample gave the caller split.
          let keep = 1;
          if (dropCallers.length > 0 && cv.callers) {
            for (const c of cv.callers) if (dropCallers.some((p) => c.arn.startsWith(p))) keep -= c.share;
          }
          lvL[i] += l * Math.max(0, keep);
          lvH[i] += h * Math.max(0, keep);
        }
      }
    }
    return { k, allL, allH, wL, wH, lvL, lvH, gov };
  });

  // Volumes for sensitive coverage: all / writes, and how much of it any trail logs now.
  const volAllL = new Float64Array(N), volAllH = new Float64Array(N), volWL = new Float64Array(N), volWH = new Float64Array(N);
  const logAllL = new Float64Array(N), logAllH = new Float64Array(N), logWL = new Float64Array(N), logWH = new Float64Array(N);
  const unknownAny = new Uint16Array(N);
  for (let i = 0; i < N; i++) {
    for (let c = ix.classStart[i]; c < ix.classStart[i + 1]; c++) {
      let best = NONE as number;
      for (let k = 0; k < T; k++) if (evals[k].verdict[c] > best) best = evals[k].verdict[c];
      const h = ix.high[c];
      if (Number.isNaN(h)) {
        if (best !== NONE) unknownAny[i]++;
        continue;
      }
      const l = Number.isNaN(ix.low[c]) ? 0 : ix.low[c];
      const w = !ix.readOnly[c];
      volAllL[i] += l;
      volAllH[i] += h;
      if (w) {
        volWL[i] += l;
        volWH[i] += h;
      }
      const gl = best === ALL ? l : 0;
      const gh = best === NONE ? 0 : h;
      logAllL[i] += gl;
      logAllH[i] += gh;
      if (w) {
        logWL[i] += gl;
        logWH[i] += gh;
      }
    }
  }

  // ---- policy rules per node, and rules that split a node's residual (a range) ----
  const ruleMap = new Map<string, number>();
  for (const r of policy?.rules ?? []) ruleMap.set(ruleArn(r.match), CODE[r.decision]);
  const ruleCode = new Int8Array(N).fill(D_AUTO);
  const splits: Array<number[] | undefined> = new Array(N);
  if (ruleMap.size > 0) {
    const byKey = new Map<string, number>();
    for (let i = 0; i < N; i++) {
      const key = nodeKey(ix.nodes[i]);
      if (key === undefined) continue;
      byKey.set(key, i);
      for (let len = key.length; len > 0; len--) {
        const rk = len === key.length ? key : key.slice(0, len);
        const code = ruleMap.get(rk);
        if (code !== undefined && ruleCovers(rk, key)) {
          ruleCode[i] = code;
          break;
        }
      }
    }
    for (const [rk, code] of ruleMap) {
      if (byKey.has(rk)) continue;
      for (let len = rk.length - 1; len > 0; len--) {
        const i = byKey.get(rk.slice(0, len));
        if (i !== undefined) {
          if (ix.nodes[i].arnPrefix !== undefined) (splits[i] ??= []).push(code);
          break;
        }
      }
    }
  }
  const defaultCode = policy?.default === 'drop' ? D_DROP : D_LOG;

  // ---- decisions and their incremental state ----
  const explicit = new Int8Array(N).fill(D_AUTO);
  const inherited = new Int8Array(N).fill(D_AUTO); // explicit decision in force (own or ancestor's)
  const own = { pL: new Float64Array(N), pH: new Float64Array(N), uL: new Float64Array(N), uH: new Float64Array(N) };
  const agg = { pL: new Float64Array(N), pH: new Float64Array(N), uL: new Float64Array(N), uH: new Float64Array(N) };
  // Static "now" aggregates.
  const nowOwn = { eL: new Float64Array(N), eH: new Float64Array(N), uL: new Float64Array(N), uH: new Float64Array(N) };
  for (let i = 0; i < N; i++) {
    for (let k = 0; k < T; k++) {
      const e = evals[k];
      nowOwn.eL[i] += e.nodeLow[i];
      nowOwn.eH[i] += e.nodeHigh[i];
      nowOwn.uL[i] += e.nodeLow[i] * unit[k];
      nowOwn.uH[i] += e.nodeHigh[i] * unit[k];
    }
  }
  const nowAgg = { eL: Float64Array.from(nowOwn.eL), eH: Float64Array.from(nowOwn.eH), uL: Float64Array.from(nowOwn.uL), uH: Float64Array.from(nowOwn.uH) };
  const unknownAgg = Uint32Array.from(unknownAny);
  for (let i = N - 1; i > 0; i--) {
    const p = ix.parent[i];
    if (p < 0) continue;
    nowAgg.eL[p] += nowAgg.eL[i];
    nowAgg.eH[p] += nowAgg.eH[i];
    nowAgg.uL[p] += nowAgg.uL[i];
    nowAgg.uH[p] += nowAgg.uH[i];
    unknownAgg[p] += unknownAgg[i];
  }
  const propTrail = G.map(() => ({ low: 0, high: 0 }));
  const sens = { sL: 0, sH: 0, lL: 0, lH: 0 };
  const sensOwn = { sL: new Float64Array(N), sH: new Float64Array(N), lL: new Float64Array(N), lH: new Float64Array(N) };
  // Per governed trail, per node: its proposed events (to apply deltas).
  const propNode = G.map(() => ({ L: new Float64Array(N), H: new Float64Array(N) }));
  // Non-governed trails contribute their "now" to proposed.
  const fixedL = new Float64Array(N), fixedH = new Float64Array(N), fixedUL = new Float64Array(N), fixedUH = new Float64Array(N);
  for (let k = 0; k < T; k++) {
    if (governed[k]) continue;
    const e = evals[k];
    for (let i = 0; i < N; i++) {
      fixedL[i] += e.nodeLow[i];
      fixedH[i] += e.nodeHigh[i];
      fixedUL[i] += e.nodeLow[i] * unit[k];
      fixedUH[i] += e.nodeHigh[i] * unit[k];
    }
  }

  // Scratch results of outcomeOf (no allocation on the hot path of a decision change).
  let oL = 0;
  let oH = 0;
  function outcomeOf(g: number, i: number, code: number): void {
    const o = outcome[g];
    if (!o.gov[i]) {
      const e = evals[o.k];
      oL = e.nodeLow[i];
      oH = e.nodeHigh[i];
      return;
    }
    switch (code) {
      case D_KEEP:
        oL = o.allL[i];
        oH = o.allH[i];
        return;
      case D_WRITES:
        oL = o.wL[i];
        oH = o.wH[i];
        return;
      case D_DROP:
        oL = 0;
        oH = 0;
        return;
      default:
        oL = o.lvL[i];
        oH = o.lvH[i];
    }
  }

  /** Recompute node i's own proposed contribution (governed trails + fixed) and sensitive volume; apply deltas. */
  function refreshNode(i: number): void {
    const inh = inherited[i];
    const base = inh !== D_AUTO ? inh : ruleCode[i] !== D_AUTO ? ruleCode[i] : defaultCode;
    const split = inh === D_AUTO ? splits[i] : undefined;
    let pL = fixedL[i];
    let pH = fixedH[i];
    let uL = fixedUL[i];
    let uH = fixedUH[i];
    for (let g = 0; g < G.length; g++) {
      outcomeOf(g, i, base);
      let l = oL;
      let h = oH;
      if (split) {
        for (const code of split) {
          outcomeOf(g, i, code);
          if (oL < l) l = oL;
          if (oH > h) h = oH;
        }
      }
      const pn = propNode[g];
      const pt = propTrail[g];
      pt.low += l - pn.L[i];
      pt.high += h - pn.H[i];
      pn.L[i] = l;
      pn.H[i] = h;
      pL += l;
      pH += h;
      const u = unit[G[g]];
      uL += l * u;
      uH += h * u;
    }
    own.pL[i] = pL;
    own.pH[i] = pH;
    own.uL[i] = uL;
    own.uH[i] = uH;
    // Sensitive: what keep / keep-writes mark (a split makes the sensitive part a range).
    let sL = 0, sH = 0, lL = 0, lH = 0;
    if (base === D_KEEP) {
      sL = volAllL[i]; sH = volAllH[i]; lL = logAllL[i]; lH = logAllH[i];
    } else if (base === D_WRITES) {
      sL = volWL[i]; sH = volWH[i]; lL = logWL[i]; lH = logWH[i];
    }
    if (split) {
      for (const c of split) {
        const keep = c === D_KEEP;
        const writes = c === D_WRITES;
        sL = Math.min(sL, keep ? volAllL[i] : writes ? volWL[i] : 0);
        sH = Math.max(sH, keep ? volAllH[i] : writes ? volWH[i] : 0);
        lL = Math.min(lL, keep ? logAllL[i] : writes ? logWL[i] : 0);
        lH = Math.max(lH, keep ? logAllH[i] : writes ? logWH[i] : 0);
      }
    }
    sens.sL += sL - sensOwn.sL[i];
    sens.sH += sH - sensOwn.sH[i];
    sens.lL += lL - sensOwn.lL[i];
    sens.lH += lH - sensOwn.lH[i];
    sensOwn.sL[i] = sL;
    sensOwn.sH[i] = sH;
    sensOwn.lL[i] = lL;
    sensOwn.lH[i] = lH;
  }

  /** Recompute the subtree [i, end) and push the change of i's aggregate up its ancestors. */
  function refreshSubtree(i: number): void {
    const end = ix.end[i];
    const b0 = agg.pL[i], b1 = agg.pH[i], b2 = agg.uL[i], b3 = agg.uH[i];
    for (let j = i; j < end; j++) {
      const p = ix.parent[j];
      inherited[j] = explicit[j] !== D_AUTO ? explicit[j] : p >= 0 ? inherited[p] : D_AUTO;
      refreshNode(j);
      agg.pL[j] = own.pL[j];
      agg.pH[j] = own.pH[j];
      agg.uL[j] = own.uL[j];
      agg.uH[j] = own.uH[j];
    }
    for (let j = end - 1; j > i; j--) {
      const p = ix.parent[j];
      agg.pL[p] += agg.pL[j];
      agg.pH[p] += agg.pH[j];
      agg.uL[p] += agg.uL[j];
      agg.uH[p] += agg.uH[j];
    }
    const d0 = agg.pL[i] - b0, d1 = agg.pH[i] - b1, d2 = agg.uL[i] - b2, d3 = agg.uH[i] - b3;
    for (let p = ix.parent[i]; p >= 0; p = ix.parent[p]) {
      agg.pL[p] += d0;
      agg.pH[p] += d1;
      agg.uL[p] += d2;
      agg.uH[p] += d3;
    }
  }

  // Initial state: every root subtree.
  for (let i = 0; i < N; i = ix.end[i]) refreshSubtree(i);

  // ---- static parts of the result (do not depend on decisions) ----
  const trailEstimates = specs.map((t, k) => buildTrailEstimate(t, k));
  function volumesOf(t: TrailSpec, data: Span, m: ManagementResult | undefined, n = network.get(t.name)): TrailVolumes {
    const accts = coveredAccounts(t, accounts).length;
    const regs = t.logging ? (t.multiRegion ? regions.length : 1) : 0;
    return {
      dataEvents: data,
      managementEvents: m?.delivered ?? { low: 0, high: 0 },
      paidCopies: m?.paid ?? { low: 0, high: 0 },
      insightsAnalyzed: m?.writes ?? { low: 0, high: 0 },
      networkEvents: n?.delivered ?? { low: 0, high: 0 },
      accountRegions: accts * regs,
    };
  }
  /** Nodes with unknown-volume classes logged, from a per-node count of such classes. */
  function unknownOf(perNode: ArrayLike<number>): UnknownCount {
    let nodes = 0;
    let classes = 0;
    const nodeIds: string[] = [];
    for (let i = 0; i < N; i++) {
      if (perNode[i] > 0) {
        nodes++;
        classes += perNode[i];
        nodeIds.push(ix.nodes[i].id);
      }
    }
    return { nodes, classes, nodeIds };
  }
  function buildTrailEstimate(t: TrailSpec, k: number, e = evals[k], data = dataNow[k], m = mgmt.get(t.name), n = network.get(t.name)): TrailEstimate {
    const lines = trailLines(t, volumesOf(t, data, m, n), ctx);
    const { usd, byDestination } = sumLines(lines);
    return {
      name: t.name, kind: t.kind, arn: t.arn, account: t.account, homeRegion: t.homeRegion, multiRegion: t.multiRegion,
      organization: t.organization, coveredAccounts: coveredAccounts(t, accounts), coveredRegions: t.logging ? (t.multiRegion ? [...regions] : [t.homeRegion]) : [],
      destinations: t.kind === 'trail' ? { s3Bucket: t.s3Bucket, cloudWatchLogsGroup: t.cloudWatchLogsGroup } : { lake: t.lake },
      dataEvents: data, managementEvents: m?.delivered ?? { low: 0, high: 0 }, managementPaidCopies: m?.paid ?? { low: 0, high: 0 },
      networkEvents: n?.delivered ?? { low: 0, high: 0 },
      unknown: unknownOf(e.nodeUnknown), lines, usd, byDestination, governed: governed[k],
    };
  }

  const warnings = buildWarnings();
  function buildWarnings(): EstimateWarning[] {
    const w: EstimateWarning[] = [];
    if (specs.length === 0) w.push({ level: 'warning', code: 'no-trails', message: 'no trails or event data stores: nothing is logged, nothing is billed' });
    // A trail logging its own destination bucket: every delivery is logged again (the feedback loop).
    specs.forEach((t, k) => {
      if (!t.s3Bucket) return;
      const b = ix.idx.get(`s3:arn:aws:s3:::${t.s3Bucket}/`);
      if (b === undefined) {
        const anyS3 = evals[k].resourceTypes.has('AWS::S3::Object');
        if (anyS3) w.push({ level: 'info', code: 'own-bucket-unknown', trail: t.name, message: `${t.name} logs S3 data events; its destination bucket ${t.s3Bucket} is not in the inventory, so whether it logs its own deliveries is unknown` });
        return;
      }
      let lo = 0, hi = 0, any = false;
      for (let i = b; i < ix.end[b]; i++) {
        lo += evals[k].nodeLow[i];
        hi += evals[k].nodeHigh[i];
        if (evals[k].nodeHigh[i] > 0 || evals[k].nodeUnknown[i] > 0) any = true;
      }
      if (any) w.push({ level: 'warning', code: 'own-bucket', trail: t.name, nodeId: ix.nodes[b].id, message: `${t.name} logs data events on its own destination bucket ${t.s3Bucket} (feedback loop): ${fmtRange(lo, hi)} events/month; exclude it with NotStartsWith arn:aws:s3:::${t.s3Bucket}/` });
    });
    // Duplicate trails: identical selectors and coverage.
    for (let a = 0; a < T; a++) {
      for (let b = a + 1; b < T; b++) {
        const x = specs[a], y = specs[b];
        if (x.kind === y.kind && x.organization === y.organization && x.multiRegion === y.multiRegion && (x.organization || x.account === y.account) && (x.multiRegion || x.homeRegion === y.homeRegion) && JSON.stringify(x.advanced) === JSON.stringify(y.advanced)) {
          w.push({ level: 'warning', code: 'duplicate-trail', trail: y.name, message: `${y.name} logs exactly what ${x.name} logs: every event is paid twice` });
        }
      }
    }
    // Management events paid more than once.
    specs.forEach((t) => {
      const m = mgmt.get(t.name)!;
      if (m.paid.high > 0) w.push({ level: 'warning', code: 'management-copies', trail: t.name, message: `${t.name} logs management events another trail already logs: ${fmtRange(m.paid.low, m.paid.high)} paid copies/month` });
    });
    specs.forEach((t, k) => {
      const u = unknownOf(evals[k].nodeUnknown);
      if (u.nodes > 0) w.push({ level: 'warning', code: 'unknown-volume', trail: t.name, message: `${t.name} logs ${u.nodes} resource${u.nodes > 1 ? 's' : ''} of unknown volume (not counted): ${u.nodeIds.slice(0, 3).map((id) => ix.nodes[ix.idx.get(id)!].label).join(', ')}${u.nodes > 3 ? ', …' : ''}` });
      if (!t.logging) w.push({ level: 'info', code: 'trail-not-logging', trail: t.name, message: `${t.name} is not logging (StopLogging): it costs nothing now` });
      // Network activity has no metric: without a declared volume for the trail's accounts it is unknown, not 0.
      if (t.logging && logsNetworkActivity(t) && coveredNetwork(t, networkEntries, accounts).length === 0) {
        w.push({ level: 'warning', code: 'network-unknown', trail: t.name, message: `${t.name} logs network activity events of unknown volume (not priced): declare networkActivityEvents in the scenario, or sample the trail's logs` });
      }
    });
    if (specs.some((t) => t.kind === 'eventDataStore') && A.lakeExistingCustomer !== true) {
      w.push({ level: 'warning', code: 'lake-new-customers', message: 'CloudTrail Lake is closed to new customers from 2026-05-31: this applies to existing Lake customers only' });
    }
    if (input.managementEvents.length === 0 && specs.some((t) => t.management.read !== NONE || t.management.write !== NONE)) {
      w.push({ level: 'info', code: 'management-unknown', message: 'management-event volume unknown (no billing rows, none declared): management copies are not priced' });
    }
    for (const name of policy?.trails ?? []) {
      if (!specs.some((t) => t.name === name)) w.push({ level: 'warning', code: 'policy-unknown-trail', message: `the policy governs trail "${name}", which does not exist` });
    }
    const orgTrail = specs.find((t) => t.organization);
    if (orgTrail && input.snapshot.organization && input.snapshot.accounts.length === 1) {
      w.push({
        level: 'warning', code: 'org-trail-one-account',
        message: `${orgTrail.name} is an organization trail but the snapshot holds one account: what it logs in the other member accounts is not modeled (scan with --org-role)`,
      });
    }
    for (const g of input.snapshot.gaps) {
      w.push({ level: 'warning', code: 'scan-gap', message: `not read by the scan: ${g.service} ${g.operation}${g.account ? ` in ${g.account}` : ''}${g.region ? `/${g.region}` : ''}${g.resource ? ` (${g.resource})` : ''}: ${g.error}` });
    }
    for (const n of input.model.notes) if (n.level === 'warning' && n.code !== 'unknown-volume') w.push({ level: 'warning', code: n.code, message: n.message, nodeId: n.nodeId });
    return w;
  }

  const assumptions: Assumption[] = buildAssumptions();
  function buildAssumptions(): Assumption[] {
    const src = (k: keyof ModelAssumptions) => input.assumptionSources?.[k] ?? 'default';
    const out: Assumption[] = [
      { key: 'month', value: '730 hours', source: 'default', note: 'measured windows are scaled to a 730-hour month' },
      { key: 'eventSizeBytes', value: `${A.eventSizeBytes} B`, source: src('eventSizeBytes'), note: 'uncompressed JSON per event (AWS average ~1,500 B; measured 0.9–1.8 KB)' },
      { key: 'compressionRatio', value: `${A.compressionRatio}×`, source: src('compressionRatio'), note: 'gzip log files in S3' },
      { key: 'retentionMonths', value: String(A.retentionMonths), source: src('retentionMonths'), note: 'S3 / CloudWatch Logs storage priced at steady state' },
      { key: 'growth', value: `${A.growth}×`, source: src('growth') },
      { key: 'deleteObjects', value: `${Math.round(A.deleteObjects.share * 100)}% of deletes, ${A.deleteObjects.keysPerCall} keys/call`, source: src('deleteObjects'), note: 'per-key DeleteObject events (AwsServiceEvent) on top; that eventType NotEquals AwsServiceEvent drops them is inferred (unconfirmed by AWS)' },
      { key: 'lambdaAsyncShare', value: A.lambdaAsyncShare === null ? 'unknown (range)' : `${Math.round(A.lambdaAsyncShare * 100)}%`, source: src('lambdaAsyncShare'), note: 'for functions whose async share is not known' },
      { key: 'logFiles', value: '1 per 5 min per account × Region', source: 'default', note: 'S3 PUTs of log files' },
      {
        key: 'selectorMatching', value: 'case-sensitive; ARNPrefix read as ARN; CopyObject seen on its destination only', source: 'unconfirmed',
        note: 'how the selector engine reads points AWS does not document; a selector that relies on them may log more or less than shown',
      },
      { key: 'managementFreeCopy', value: 'organization trails first, then listed order', source: 'default', note: 'which trail gets the free first copy' },
    ];
    if (A.queries) out.push({ key: 'queries', value: `${A.queries.gbScannedPerMonth} GB scanned/month${A.queries.queriesPerMonth ? `, ${A.queries.queriesPerMonth} queries` : ''}`, source: src('queries'), note: 'compressed data; same workload priced on Athena and on Lake' });
    if (A.lakeExistingCustomer !== undefined || specs.some((t) => t.kind === 'eventDataStore')) {
      out.push({
        key: 'lakeExistingCustomer', value: A.lakeExistingCustomer === true ? 'yes' : 'not stated', source: src('lakeExistingCustomer'),
        note: 'CloudTrail Lake is closed to new customers from 2026-05-31; its prices apply to existing Lake customers only',
      });
    }
    out.push({ key: 'pricingRegion', value: A.pricingRegion, source: src('pricingRegion') });
    const mSrc = input.managementEvents[0]?.provenance;
    out.push({ key: 'managementEvents', value: mSrc === 'billing' ? 'from billed FreeEventsRecorded' : mSrc === 'declared' ? 'declared' : 'unknown', source: mSrc ?? 'default' });
    const net = input.networkActivityEvents ?? [];
    if (net.length > 0 || specs.some(logsNetworkActivity)) {
      const sampled = net.some((e) => e.provenance === 'sample');
      out.push({
        key: 'networkActivityEvents',
        value: net.length ? `${sampled ? 'from a log sample' : 'declared'}: ${net.length} account × Region × service population${net.length > 1 ? 's' : ''}` : 'unknown',
        source: net.length ? (sampled ? 'sample' : 'scenario') : 'default',
        note: 'AWS publishes no metric of network activity events: volumes are declared or measured from logs',
      });
    }
    return out;
  }

  // CloudTrail bills each delivery to the trail's own account: billing rows of accounts outside the snapshot
  // (a single-account scan run from the management account sees the whole organization's bill) are not modeled.
  const snapshotAccounts = new Set(input.snapshot.accounts.map((a) => a.id));
  const billing = input.snapshot.billing.filter((b) => !b.account || snapshotAccounts.has(b.account));
  const calibration = calibrate(billing, specs, evals, ix, mgmt, input.managementEvents.some((m) => m.provenance === 'billing'), network);
  warnings.push(...calibrationWarnings(calibration));
  const billedOther = otherBilling(billing);
  warnings.push(...otherBillingWarning(billedOther));

  function queriesOf(): { q: QueryComparison | null; lines: ReturnType<typeof queryLines> } {
    const ql = queryLines(ctx);
    if (!ql) return { q: null, lines: null };
    // The events the comparison is about: data events of governed trails (or of every data trail).
    const ks = G.length > 0 ? G : specs.map((_, k) => k).filter((k) => dataNow[k].high > 0);
    const events = sumSpans(ks.map((k) => dataNow[k]));
    const asTrail: TrailSpec = { ...specs[ks[0] ?? 0], kind: 'trail', cloudWatchLogsGroup: undefined, lake: undefined, insights: [] };
    // Kept as long as the S3 logs are: past 366 days a one-year store pays extended storage.
    const asOneYear: TrailSpec = { ...asTrail, kind: 'eventDataStore', lake: 'one-year', retentionDays: Math.round(A.retentionMonths * DAYS_PER_MONTH) };
    const asSevenYear: TrailSpec = { ...asTrail, kind: 'eventDataStore', lake: 'seven-year' };
    const none = { low: 0, high: 0 };
    const v: TrailVolumes = { dataEvents: events, managementEvents: none, paidCopies: none, insightsAnalyzed: none, networkEvents: none, accountRegions: 0 };
    const s3 = sumLines([...trailLines(asTrail, v, ctx), ql.athena]).usd;
    const l1 = sumLines([...trailLines(asOneYear, v, ctx), ql.lake]).usd;
    const gbTotal = { low: gbOf(events.low, A), high: gbOf(events.high, A) };
    const l7 = sumLines([...trailLines(asSevenYear, v, { ...ctx, sevenYearTotalGb: gbTotal }), ql.lake]).usd;
    return {
      q: {
        gbScannedPerMonth: A.queries!.gbScannedPerMonth, athenaUsd: ql.athena.usd.high, lakeUsd: ql.lake.usd.high,
        events, s3PlusAthena: s3, lakeOneYear: l1, lakeSevenYear: l7,
        rates: {
          athenaQuery: rateLabel(ctx.book, 'athena.query', A.pricingRegion),
          lakeIngestOneYear: rateLabel(ctx.book, 'lake.ingest.oneYear.cloudtrail', A.pricingRegion),
          lakeQuery: rateLabel(ctx.book, 'lake.query', A.pricingRegion),
        },
        lakeWarning: A.lakeExistingCustomer === true ? undefined : 'CloudTrail Lake: existing customers only (closed to new customers from 2026-05-31)',
      },
      lines: ql,
    };
  }
  const queries = queriesOf();
  /** Organization-level lines (the query workload, on Lake when Lake holds data, else on Athena): in every total. */
  const orgLinesOf = (): CostLine[] => {
    if (!queries.lines) return [];
    const hasLakeData = specs.some((t, k) => t.kind === 'eventDataStore' && dataNow[k].high > 0);
    return [hasLakeData ? queries.lines.lake : queries.lines.athena];
  };

  // Extra deliveries: the same event logged by several trails.
  const duplicates = (() => {
    let low = 0, high = 0;
    for (let c = 0; c < ix.low.length; c++) {
      const h = ix.high[c];
      if (Number.isNaN(h)) continue;
      const l = Number.isNaN(ix.low[c]) ? 0 : ix.low[c];
      let nAll = 0, nSome = 0;
      for (let k = 0; k < T; k++) {
        if (specs[k].kind !== 'trail') continue;
        const v = evals[k].verdict[c];
        if (v === ALL) nAll++;
        else if (v === SOME) nSome++;
      }
      if (nAll > 1) low += (nAll - 1) * l;
      if (nAll + nSome > 1) high += (nAll + nSome - 1) * h;
    }
    return { events: { low, high } };
  })();

  function result(): EstimateResult {
    const trailsOut = trailEstimates.map((te, k) => {
      if (!governed[k]) return te;
      const g = G.indexOf(k);
      const pEvents = { ...propTrail[g] };
      const lines = trailLines(specs[k], volumesOf(specs[k], pEvents, mgmt.get(specs[k].name)), ctx);
      return { ...te, proposed: { dataEvents: pEvents, usd: sumLines(lines).usd } };
    });
    const allLines = trailsOut.flatMap((t) => t.lines);
    const orgLines = orgLinesOf();
    const total = sumLines([...allLines, ...orgLines]);
    const dataEvents = sumSpans(trailsOut.map((t) => t.dataEvents));
    // Proposed: governed trails at their ideal, others unchanged, org-level lines unchanged.
    const pUsd = addSpan(sumSpans(trailsOut.map((t) => t.proposed?.usd ?? t.usd)), sumLines(orgLines).usd);
    const pEvents = sumSpans(trailsOut.map((t) => t.proposed?.dataEvents ?? t.dataEvents));
    const dupUsd = {
      low: priceDelivery(input.pricing, { price: 'cloudtrail.dataEvents', quantity: duplicates.events.low, region: A.pricingRegion }).usd,
      high: priceDelivery(input.pricing, { price: 'cloudtrail.dataEvents', quantity: duplicates.events.high, region: A.pricingRegion }).usd,
    };
    return {
      scenario: input.variant ? `${input.name} / ${input.variant}` : input.name,
      trails: trailsOut,
      total: { usd: total.usd, dataEvents, byDestination: total.byDestination, unknown: unknownOf(unknownAny), lines: orgLines },
      proposed: { usd: pUsd, dataEvents: pEvents },
      duplicates: { events: duplicates.events, usd: dupUsd },
      sensitiveCoverage: policy ? { sensitive: { low: sens.sL, high: sens.sH }, logged: { low: sens.lL, high: sens.lH } } : null,
      calibration,
      billedOther,
      queries: queries.q,
      warnings,
      assumptions,
    };
  }

  const self: Estimator = {
    index: ix,
    trails: specs,
    result,
    setDecision(nodeId, d) {
      const i = ix.idx.get(nodeId);
      if (i === undefined) throw new Error(`no model node "${nodeId}"`);
      const code = d === 'auto' ? D_AUTO : CODE[d];
      if (explicit[i] === code) return;
      explicit[i] = code;
      refreshSubtree(i);
    },
    decision(nodeId) {
      const i = ix.idx.get(nodeId);
      if (i === undefined) return 'auto';
      return explicit[i] === D_AUTO ? 'auto' : NAME[explicit[i]];
    },
    effectiveDecision(nodeId) {
      const i = ix.idx.get(nodeId);
      if (i === undefined) throw new Error(`no model node "${nodeId}"`);
      if (explicit[i] !== D_AUTO) return { decision: NAME[explicit[i]], from: 'node' };
      if (inherited[i] !== D_AUTO) return { decision: NAME[inherited[i]], from: 'ancestor' };
      if (ruleCode[i] !== D_AUTO) return { decision: NAME[ruleCode[i]], from: 'rule' };
      return { decision: defaultCode === D_DROP ? 'drop-default' : 'log-default', from: 'default' };
    },
    node(nodeId) {
      const i = ix.idx.get(nodeId);
      if (i === undefined) throw new Error(`no model node "${nodeId}"`);
      return {
        eventsNow: { low: nowAgg.eL[i], high: nowAgg.eH[i] },
        usdNow: { low: nowAgg.uL[i], high: nowAgg.uH[i] },
        eventsProposed: { low: agg.pL[i], high: agg.pH[i] },
        usdProposed: { low: agg.uL[i], high: agg.uH[i] },
        unknown: unknownAgg[i],
      };
    },
    totals() {
      let nowUsd = ZERO, nowEv = ZERO, pUsd = ZERO, pEv = ZERO;
      trailEstimates.forEach((te, k) => {
        nowUsd = addSpan(nowUsd, te.usd);
        nowEv = addSpan(nowEv, te.dataEvents);
        let u = te.usd, e = te.dataEvents;
        if (governed[k]) {
          e = { ...propTrail[G.indexOf(k)] };
          u = sumLines(trailLines(specs[k], volumesOf(specs[k], e, mgmt.get(specs[k].name)), ctx)).usd;
        }
        pUsd = addSpan(pUsd, u);
        pEv = addSpan(pEv, e);
      });
      // The same totals as result(): the query workload is in "now" and in "proposed".
      const org = sumLines(orgLinesOf()).usd;
      nowUsd = addSpan(nowUsd, org);
      pUsd = addSpan(pUsd, org);
      return {
        now: { usd: nowUsd, dataEvents: nowEv },
        proposed: { usd: pUsd, dataEvents: pEv },
        sensitiveCoverage: policy ? { sensitive: { low: sens.sL, high: sens.sH }, logged: { low: sens.lL, high: sens.lH } } : null,
      };
    },
    estimateSelectors(trail, selectors) {
      const k = specs.findIndex((t) => t.name === trail);
      if (k < 0) throw new Error(`no trail "${trail}"`);
      const t = withAdvancedSelectors(specs[k], selectors);
      const e = evaluateTrail(t, ix, orgAccounts);
      const others = specs.map((s, j) => (j === k ? t : s));
      const m = managementVolumes(others, input.managementEvents, accounts, regions).get(t.name);
      const n = networkVolumes([t], networkEntries, accounts).get(t.name);
      return buildTrailEstimate(t, k, e, dataTotal(e), m, n);
    },
    evaluation(trail) {
      const k = specs.findIndex((t) => t.name === trail);
      if (k < 0) throw new Error(`no trail "${trail}"`);
      return evals[k];
    },
    unitCost(trail) {
      const k = specs.findIndex((t) => t.name === trail);
      if (k < 0) throw new Error(`no trail "${trail}"`);
      return unit[k];
    },
  };
  return self;
}

function fmtRange(lo: number, hi: number): string {
  const f = (x: number) => (x >= 1e6 ? `${(x / 1e6).toFixed(1)}M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)}k` : x.toFixed(0));
  return Math.abs(hi - lo) < 0.5 ? f(hi) : `${f(lo)}–${f(hi)}`;
}
