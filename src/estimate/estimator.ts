/**
 * The estimator: every trail's selectors evaluated once against the model (cached per trail × node × class),
 * then priced. "Proposed" is not modeled here: it is this same evaluation run on the selectors the optimizer
 * would write (estimate/proposed.ts), passed to `result`.
 */

import type { ModelAssumptions } from '../model/assumptions.js';
import type { ManagementVolumeEntry, NetworkVolumeEntry } from '../model/declared.js';
import type { Policy } from '../model/policy.js';
import { governedTrails, organizationAccounts } from '../model/governance.js';
import { policyModel, type PolicyModel } from '../model/policy-model.js';
import { sensitiveCoverage } from './coverage.js';
import { crossAccountCopies, type CrossAccount } from './cross-account.js';
import type { EventDataStore, Snapshot, Trail } from '../model/snapshot.js';
import type { VolumeModel } from '../model/types.js';
import type { PriceBook } from '../pricing/book.js';
import type { AdvancedEventSelector } from '../selectors/types.js';
import type { ProposedEvaluation } from './proposed.js';
import { priceDelivery } from '../pricing/price.js';
import { NONE } from '../selectors/evaluate.js';
import { estimateWarnings } from './warnings.js';
import { estimateAssumptions } from './assumptions.js';
import { queryComparison } from './queries.js';
import { calibrate, calibrationWarnings, otherBilling, otherBillingWarning } from './calibration.js';
import { networkVolumes } from './network.js';
import { costPerDataEvent, gbOf, LOG_FILES_PER_ACCOUNT_REGION, sumLines, trailLines, type PricingContext, type TrailVolumes } from './cost.js';
import { evaluateTrail, type TrailEvaluation } from './evaluate-trail.js';
import { managementVolumes, type ManagementResult } from './management.js';
import { dataDuplicates, duplicateDeliveries } from './duplicates.js';
import { indexModel, type ModelIndex } from './model-index.js';
import { coveredAccounts, eventDataStoreSpec, trailSpec, withAdvancedSelectors, type TrailSpec } from './trails.js';
import { sumSpans } from './span.js';
import type { Assumption, CostLine, EstimateResult, Span, TrailEstimate, UnknownCount } from './types.js';

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

/** Subtree totals of one node, as the trails are configured now. */
export interface NodeEstimate {
  eventsNow: Span;
  usdNow: Span;
  /** Classes of unknown volume logged somewhere in the subtree (any trail). */
  unknown: number;
}

export interface Estimator {
  readonly index: ModelIndex;
  readonly trails: readonly TrailSpec[];
  /** Accounts organization trails reach (one definition with the optimizer: model/governance). */
  readonly orgAccounts: ReadonlySet<string>;
  /** Names of the trails the policy governs. */
  readonly governed: ReadonlySet<string>;
  /** The full breakdown; with a proposal, its "proposed" figures (null without: nothing was proposed). */
  result(proposed?: ProposedEvaluation | null): EstimateResult;
  node(nodeId: string): NodeEstimate;
  /** The same by position in `index.nodes` (a walk over every node needs no id lookup). */
  nodeAt(i: number): NodeEstimate;
  /** One trail with another selector set, priced and evaluated (the optimizer's proposals, apply's input). */
  evaluateSelectors(trail: string, selectors: AdvancedEventSelector[]): { estimate: TrailEstimate; evaluation: TrailEvaluation };
  estimateSelectors(trail: string, selectors: AdvancedEventSelector[]): TrailEstimate;
  /** Cached evaluation of a trail (verdict per class), for breakdowns. */
  evaluation(trail: string): TrailEvaluation;
  /** Monthly cost per data event of a trail (linear part). */
  unitCost(trail: string): number;
  /** Organization-level lines in every total (the query workload), USD. */
  orgLinesUsd(): Span;
  /** The policy model (with the user's decisions) sensitive coverage reads; default: the policy without decisions. */
  usePolicyModel(pm: PolicyModel | null): void;
}

export function createEstimator(input: EstimateInput): Estimator {
  const ix = indexModel(input.model);
  const N = ix.nodes.length;
  const A = input.assumptions;
  const accounts = input.snapshot.accounts.map((a) => a.id);
  const orgAccounts = organizationAccounts(input.snapshot);
  const specs: TrailSpec[] = [...input.trails.map(trailSpec), ...input.eventDataStores.map(eventDataStoreSpec)];
  const T = specs.length;
  const regions = input.snapshot.regions.length > 0 ? input.snapshot.regions : [...new Set(ix.nodes.map((n) => n.region).filter((r): r is string => !!r))];
  // Log files CloudTrail delivers into each bucket per month (~one per 5 minutes per account × Region per trail):
  // what a trail with RecursiveLogging=false stops logging on its own bucket.
  const deliveries = new Map<string, number>();
  for (const t of specs) {
    if (t.kind !== 'trail' || t.telemetryRule || !t.logging || !t.s3Bucket) continue;
    const files = coveredAccounts(t, accounts, orgAccounts).length * (t.multiRegion ? regions.length : 1) * LOG_FILES_PER_ACCOUNT_REGION;
    deliveries.set(t.s3Bucket, (deliveries.get(t.s3Bucket) ?? 0) + files);
  }
  const ownDeliveries = (t: TrailSpec) => ({ ownDeliveries: t.s3Bucket ? deliveries.get(t.s3Bucket) : undefined });
  const evals = specs.map((t) => evaluateTrail(t, ix, orgAccounts, ownDeliveries(t)));
  const mgmt = managementVolumes(specs, input.managementEvents, accounts, regions);
  // Traffic growth applies to network activity as to data events (the model applies it to those).
  const networkEntries = (input.networkActivityEvents ?? []).map((e) => ({ ...e, events: e.events * A.growth }));
  const network = networkVolumes(specs, networkEntries, orgAccounts);

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
  const cross = specs.map((t) => crossAccountCopies(t, ix, orgAccounts));
  const withCross = (d: Span, c: CrossAccount): Span => ({ low: d.low + c.events.low, high: d.high + c.events.high });
  const dataNow = evals.map((e, k) => withCross(dataTotal(e), cross[k]));
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

  // ---- governance: which trails follow the policy (one definition: model/governance) ----
  const policy: Policy | null = input.policy;
  const governedNames = new Set(governedTrails(policy, input.trails).trails);
  const governed = specs.map((t) => t.kind === 'trail' && governedNames.has(t.name));
  const G = specs.map((_, k) => k).filter((k) => governed[k]);

  // Static "now" aggregates per node subtree.
  const nowOwn = { eL: new Float64Array(N), eH: new Float64Array(N), uL: new Float64Array(N), uH: new Float64Array(N) };
  const unknownAny = new Uint16Array(N);
  for (let i = 0; i < N; i++) {
    for (let k = 0; k < T; k++) {
      const e = evals[k];
      nowOwn.eL[i] += e.nodeLow[i];
      nowOwn.eH[i] += e.nodeHigh[i];
      nowOwn.uL[i] += e.nodeLow[i] * unit[k];
      nowOwn.uH[i] += e.nodeHigh[i] * unit[k];
    }
    for (let c = ix.classStart[i]; c < ix.classStart[i + 1]; c++) {
      if (!Number.isNaN(ix.high[c])) continue;
      if (evals.some((e) => e.verdict[c] !== NONE)) unknownAny[i]++;
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

  // ---- static parts of the result (do not depend on decisions) ----
  const trailEstimates = specs.map((t, k) => buildTrailEstimate(t, k));
  function volumesOf(t: TrailSpec, data: Span, m: ManagementResult | undefined, n = network.get(t.name)): TrailVolumes {
    const accts = coveredAccounts(t, accounts, orgAccounts).length;
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
  function buildTrailEstimate(t: TrailSpec, k: number, e = evals[k], data = dataNow[k], m = mgmt.get(t.name), n = network.get(t.name), c = cross[k]): TrailEstimate {
    const lines = trailLines(t, volumesOf(t, data, m, n), ctx);
    const { usd, byDestination } = sumLines(lines);
    return {
      name: t.name, kind: t.kind, arn: t.arn, account: t.account, homeRegion: t.homeRegion, multiRegion: t.multiRegion,
      organization: t.organization, coveredAccounts: coveredAccounts(t, accounts, orgAccounts), coveredRegions: t.logging ? (t.multiRegion ? [...regions] : [t.homeRegion]) : [],
      destinations: t.kind === 'trail' ? { s3Bucket: t.s3Bucket, cloudWatchLogsGroup: t.cloudWatchLogsGroup } : { lake: t.lake },
      dataEvents: data, managementEvents: m?.delivered ?? { low: 0, high: 0 }, managementPaidCopies: m?.paid ?? { low: 0, high: 0 },
      networkEvents: n?.delivered ?? { low: 0, high: 0 },
      unknown: unknownOf(e.nodeUnknown), lines, usd, byDestination, governed: governed[k], crossAccount: c,
    };
  }

  const warnings = estimateWarnings({ input, specs, evals, ix, mgmt, networkEntries, accounts, orgAccounts, unknownOf, unit, deliveries, cross });
  const assumptions: Assumption[] = estimateAssumptions(input, specs);

  // CloudTrail bills each delivery to the trail's own account: billing rows of accounts outside the snapshot
  // (a single-account scan run from the management account sees the whole organization's bill) are not modeled.
  const snapshotAccounts = new Set(input.snapshot.accounts.map((a) => a.id));
  const billing = input.snapshot.billing.filter((b) => !b.account || snapshotAccounts.has(b.account));
  const calibration = calibrate(billing, specs, evals, ix, mgmt, input.managementEvents.some((m) => m.provenance === 'billing'), network);
  warnings.push(...calibrationWarnings(calibration));
  const billedOther = otherBilling(billing);
  warnings.push(...otherBillingWarning(billedOther));

  const queries = queryComparison(ctx, specs, dataNow, G);
  /** Organization-level lines (the query workload, on Lake when Lake holds data, else on Athena): in every total. */
  const orgLinesOf = (): CostLine[] => {
    if (!queries.lines) return [];
    const hasLakeData = specs.some((t, k) => t.kind === 'eventDataStore' && dataNow[k].high > 0);
    return [hasLakeData ? queries.lines.lake : queries.lines.athena];
  };

  // Extra deliveries: the same event logged by several trails (one computation with the duplicates list).
  const dataDup = dataDuplicates(ix, specs, evals);
  const duplicates = { events: dataDup.events };
  const dataEventsUsd = (events: number) => priceDelivery(input.pricing, { price: 'cloudtrail.dataEvents', quantity: events, region: A.pricingRegion }).usd;
  const duplicateList = duplicateDeliveries({ ix, specs, trails: trailEstimates, mgmt, data: dataDup, dataEventsUsd });

  // Sensitive coverage does not depend on a proposal (today's selectors); decisions may change what is kept.
  let coverageCache: { pm: PolicyModel | null; value: EstimateResult['sensitiveCoverage'] } | null = null;
  let defaultModel: PolicyModel | null | undefined;
  const coverage = (chosen: PolicyModel | null): EstimateResult['sensitiveCoverage'] => {
    // Without decisions: the policy's own model, built once (a new one per call would miss the cache every time).
    const pm = chosen ?? (defaultModel ??= policy ? policyModel(input.model, policy) : null);
    if (coverageCache?.pm === pm) return coverageCache.value;
    coverageCache = { pm, value: pm ? sensitiveCoverage(ix, evals, pm) : null };
    return coverageCache.value;
  };
  let coverageModel: PolicyModel | null = null;

  function result(proposed: ProposedEvaluation | null = null): EstimateResult {
    const trailsOut = trailEstimates.map((te) => {
      const p = proposed?.trails.get(te.name);
      return p ? { ...te, proposed: { dataEvents: p.estimate.dataEvents, usd: p.estimate.usd, status: p.status } } : te;
    });
    const allLines = trailsOut.flatMap((t) => t.lines);
    const orgLines = orgLinesOf();
    const total = sumLines([...allLines, ...orgLines]);
    const dataEvents = sumSpans(trailsOut.map((t) => t.dataEvents));
    const dupUsd = { low: dataEventsUsd(duplicates.events.low), high: dataEventsUsd(duplicates.events.high) };
    // Coverage walks every node against the policy: computed when first read (the TUI's first frame does not),
    // with the policy model in force now, so a later usePolicyModel does not change this result's answer.
    const coverageWith = coverageModel;
    let cov: EstimateResult['sensitiveCoverage'] | undefined;
    return {
      scenario: input.variant ? `${input.name} / ${input.variant}` : input.name,
      trails: trailsOut,
      total: { usd: total.usd, dataEvents, byDestination: total.byDestination, unknown: unknownOf(unknownAny), lines: orgLines },
      // Governed trails with the selectors the optimizer would write, the others as they are, org-level lines unchanged.
      proposed: proposed ? { usd: proposed.totals.usd, dataEvents: proposed.totals.dataEvents, savings: proposed.savings } : null,
      duplicates: { events: duplicates.events, usd: dupUsd },
      duplicateDeliveries: duplicateList.map((d) => ({ ...d, alsoLoggedBy: [...d.alsoLoggedBy], events: { ...d.events }, usd: { ...d.usd } })),
      get sensitiveCoverage() {
        if (cov === undefined) cov = coverage(coverageWith);
        return cov;
      },
      set sensitiveCoverage(v) {
        cov = v;
      },
      calibration,
      billedOther,
      queries: queries.q,
      warnings,
      assumptions,
    };
  }

  const find = (trail: string): number => {
    const k = specs.findIndex((t) => t.name === trail);
    if (k < 0) throw new Error(`no trail "${trail}"`);
    return k;
  };
  const self: Estimator = {
    index: ix,
    trails: specs,
    orgAccounts,
    governed: governedNames,
    result,
    node(nodeId) {
      const i = ix.idx.get(nodeId);
      if (i === undefined) throw new Error(`no model node "${nodeId}"`);
      return self.nodeAt(i);
    },
    nodeAt(i) {
      if (!(i >= 0 && i < N)) throw new Error(`no model node at ${i}`);
      return {
        eventsNow: { low: nowAgg.eL[i], high: nowAgg.eH[i] },
        usdNow: { low: nowAgg.uL[i], high: nowAgg.uH[i] },
        unknown: unknownAgg[i],
      };
    },
    evaluateSelectors(trail, selectors) {
      const k = find(trail);
      const t = withAdvancedSelectors(specs[k], selectors);
      const e = evaluateTrail(t, ix, orgAccounts, ownDeliveries(t));
      const c = crossAccountCopies(t, ix, orgAccounts);
      const others = specs.map((s, j) => (j === k ? t : s));
      const m = managementVolumes(others, input.managementEvents, accounts, regions).get(t.name);
      const n = networkVolumes([t], networkEntries, orgAccounts).get(t.name);
      return { estimate: buildTrailEstimate(t, k, e, withCross(dataTotal(e), c), m, n, c), evaluation: e };
    },
    estimateSelectors(trail, selectors) {
      return self.evaluateSelectors(trail, selectors).estimate;
    },
    evaluation(trail) {
      return evals[find(trail)];
    },
    unitCost(trail) {
      return unit[find(trail)];
    },
    orgLinesUsd() {
      return sumLines(orgLinesOf()).usd;
    },
    usePolicyModel(pm) {
      coverageModel = pm;
    },
  };
  return self;
}
