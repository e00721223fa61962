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
import type { EventDataStore, Snapshot, Trail } from '../model/snapshot.js';
import type { VolumeModel } from '../model/types.js';
import type { PriceBook } from '../pricing/book.js';
import type { AdvancedEventSelector } from '../selectors/types.js';
import type { ProposedEvaluation } from './proposed.js';
import { priceDelivery, rateLabel } from '../pricing/price.js';
import { ALL, NONE, SOME } from '../selectors/evaluate.js';
import { calibrate, calibrationWarnings, otherBilling, otherBillingWarning } from './calibration.js';
import { coveredNetwork, logsNetworkActivity, networkVolumes } from './network.js';
import { costPerDataEvent, DAYS_PER_MONTH, gbOf, queryLines, sumLines, trailLines, type PricingContext, type TrailVolumes } from './cost.js';
import { evaluateTrail, type TrailEvaluation } from './evaluate-trail.js';
import { managementVolumes, type ManagementResult } from './management.js';
import { indexModel, type ModelIndex } from './model-index.js';
import { coveredAccounts, eventDataStoreSpec, trailSpec, withAdvancedSelectors, type TrailSpec } from './trails.js';
import { sumSpans } from './span.js';
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
  const evals = specs.map((t) => evaluateTrail(t, ix, orgAccounts));
  const regions = input.snapshot.regions.length > 0 ? input.snapshot.regions : [...new Set(ix.nodes.map((n) => n.region).filter((r): r is string => !!r))];
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
  function buildTrailEstimate(t: TrailSpec, k: number, e = evals[k], data = dataNow[k], m = mgmt.get(t.name), n = network.get(t.name)): TrailEstimate {
    const lines = trailLines(t, volumesOf(t, data, m, n), ctx);
    const { usd, byDestination } = sumLines(lines);
    return {
      name: t.name, kind: t.kind, arn: t.arn, account: t.account, homeRegion: t.homeRegion, multiRegion: t.multiRegion,
      organization: t.organization, coveredAccounts: coveredAccounts(t, accounts, orgAccounts), coveredRegions: t.logging ? (t.multiRegion ? [...regions] : [t.homeRegion]) : [],
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
      if (t.logging && logsNetworkActivity(t) && coveredNetwork(t, networkEntries, orgAccounts).length === 0) {
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

  // Sensitive coverage does not depend on a proposal (today's selectors); decisions may change what is kept.
  let coverageCache: { pm: PolicyModel | null; value: EstimateResult['sensitiveCoverage'] } | null = null;
  const coverage = (): EstimateResult['sensitiveCoverage'] => {
    const pm = coverageModel ?? (policy ? policyModel(input.model, policy) : null);
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
    const dupUsd = {
      low: priceDelivery(input.pricing, { price: 'cloudtrail.dataEvents', quantity: duplicates.events.low, region: A.pricingRegion }).usd,
      high: priceDelivery(input.pricing, { price: 'cloudtrail.dataEvents', quantity: duplicates.events.high, region: A.pricingRegion }).usd,
    };
    return {
      scenario: input.variant ? `${input.name} / ${input.variant}` : input.name,
      trails: trailsOut,
      total: { usd: total.usd, dataEvents, byDestination: total.byDestination, unknown: unknownOf(unknownAny), lines: orgLines },
      // Governed trails with the selectors the optimizer would write, the others as they are, org-level lines unchanged.
      proposed: proposed ? { usd: proposed.totals.usd, dataEvents: proposed.totals.dataEvents, savings: proposed.savings } : null,
      duplicates: { events: duplicates.events, usd: dupUsd },
      sensitiveCoverage: coverage(),
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
      return {
        eventsNow: { low: nowAgg.eL[i], high: nowAgg.eH[i] },
        usdNow: { low: nowAgg.uL[i], high: nowAgg.uH[i] },
        unknown: unknownAgg[i],
      };
    },
    evaluateSelectors(trail, selectors) {
      const k = find(trail);
      const t = withAdvancedSelectors(specs[k], selectors);
      const e = evaluateTrail(t, ix, orgAccounts);
      const others = specs.map((s, j) => (j === k ? t : s));
      const m = managementVolumes(others, input.managementEvents, accounts, regions).get(t.name);
      const n = networkVolumes([t], networkEntries, orgAccounts).get(t.name);
      return { estimate: buildTrailEstimate(t, k, e, dataTotal(e), m, n), evaluation: e };
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

function fmtRange(lo: number, hi: number): string {
  const f = (x: number) => (x >= 1e6 ? `${(x / 1e6).toFixed(1)}M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)}k` : x.toFixed(0));
  return Math.abs(hi - lo) < 0.5 ? f(hi) : `${f(lo)}–${f(hi)}`;
}
