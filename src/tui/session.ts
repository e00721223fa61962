/**
 * The session: the loaded input, the estimator (today's cost, static), the user's decisions, and the proposal
 * for those decisions — the optimizer's selector sets evaluated by the estimator (app/proposal.ts), the same
 * numbers `estimate` and `optimize` print. Until the optimizer has answered for the current decisions, every
 * "proposed" figure is pending (shown as such), never a stale or second-model number.
 */
import { duplicateTotal } from '../estimate/duplicates.js';
import type { LoadedInput } from '../scenario/input.js';
import { createEstimator, type Estimator } from '../estimate/estimator.js';
import { provenanceOf, topDrivers } from '../estimate/overview.js';
import { compareRow } from '../estimate/compare.js';
import type { EstimateResult, Span } from '../estimate/types.js';
import { variantInput } from '../scenario/input.js';
import { inProcessRunner, type OptimizedTrail, type OptimizeRequest, type OptimizerRunner } from '../app/optimizer-runner.js';
import { propose, proposalData, type ProposalData } from '../app/proposal.js';
import { renderSelectors } from '../selectors/formats.js';
import type { Decision, NodeDecision } from '../model/policy.js';
import { decisionsFor, withRestRows } from './resource-tree.js';
import { policyModel, type PolicyModel, type TrailPolicy } from '../model/policy-model.js';
import type { PolicyType } from '../model/policy.js';
import type { ModelNode, Provenance } from '../model/types.js';
import { describeSelectors } from './describe.js';
import { count, usd } from './format.js';
import type {
  BarItem, Header, OverviewView, ProposedState, ResourceRow, ResourceTree, TrailProposal, TrailView, TuiSession, VariantView, ViewModel, Warning,
} from './view-model.js';

const DRIVER_KINDS = new Set(['bucket', 'function', 'table']);
const MAX_DRIVERS = 12;

export interface SessionOptions {
  /** Value budget for proposals (AWS: 500). */
  maxValues?: number;
  /**
   * Where the optimizer runs (default: on this thread, after a yield). The CLI passes a worker runner so a large
   * inventory never blocks a key. The session closes it in `close()`.
   */
  optimizer?: OptimizerRunner;
}

/** A proposal for one decision state, with the Selectors tab's view of it. */
interface Ready {
  version: number;
  data: ProposalData;
  views: TrailProposal[];
}

export interface Session extends TuiSession {
  estimator: Estimator;
  /**
   * The estimate behind the current view model: with the proposed figures when they are ready (the same result
   * `propose(input, { decisions })` gives), else today's only. The overview report prints it next to the view.
   */
  result(): EstimateResult;
}

export function createSession(input: LoadedInput, opts: SessionOptions = {}): Session {
  const est = createEstimator(input);
  const model = input.model;
  const decisions = new Map<string, NodeDecision>();
  const baseResult = est.result(null);
  const header0 = staticHeader(input, baseResult);
  const provenance = provenanceOf(model.nodes, est.index);
  // Cost "now" does not depend on decisions: rank the drivers once.
  const driverIds = topDrivers(est, DRIVER_KINDS, MAX_DRIVERS);
  let version = 0;
  let pm: PolicyModel | null = input.policy ? policyModel(model, input.policy) : null;
  let ready: Ready | null = null;
  let failed: { version: number; message: string } | null = null;
  let current: ViewModel;
  // Sibling order under static sort keys survives decisions (see ResourceTree.orderCache).
  const orderCache = new Map<string, readonly string[]>();
  const restPins = new Map<string, Map<string, Decision>>();
  const runner = opts.optimizer ?? inProcessRunner(input, est);

  // Each view model keeps its own decisions: a proposal asked for by an older view model is for its decisions,
  // never for whatever the decisions are when the call happens. The proposal arrives whole (optimized and
  // evaluated where the runner works): drawing it costs the UI thread nothing per node.
  const readyFrom = (v: number, data: ProposalData): Ready => ({ version: v, data, views: data.optimized.map((p) => proposalFrom(p, data)) });

  const build = (v: number): ViewModel => {
    const at = new Map(decisions);
    const request = (): OptimizeRequest => ({ decisions: [...at], maxValues: opts.maxValues });
    const state: ProposedState = !input.policy ? 'none' : ready?.version === v ? 'ready' : failed?.version === v ? 'failed' : 'pending';
    const r = state === 'ready' ? ready!.data : null;
    const ev = r?.nodes ? nodeTotals(est, r.nodes) : null;
    const rows = new Map<string, ResourceRow>();
    const nodePm = pm;
    const ownBuckets: OwnBucket[] = pm
      ? input.trails.filter((t) => est.governed.has(t.name) && t.s3Bucket).map((t) => ({ key: `arn:aws:s3:::${t.s3Bucket}/`, trail: t.name, policy: pm!.forTrail(t) }))
      : [];
    const resources: ResourceTree = withRestRows({
      roots: model.roots,
      size: model.nodes.size,
      orderCache,
      proposed: state,
      shape: (id) => model.nodes.get(id),
      get(id) {
        let row = rows.get(id);
        if (row) return row;
        const n = model.nodes.get(id);
        if (!n) return undefined;
        row = resourceRow(est, n, provenance(id), at.get(id) ?? 'auto', nodePm, ev ? ev(id).usd : state === 'none' ? est.node(id).usdNow : null, ownBuckets);
        rows.set(id, row);
        return row;
      },
    }, { est, model, pm: nodePm, state, proposedUsd: ev ? (id) => ev(id).usd : null });
    const result = r?.result ?? baseResult;
    let variants: VariantView[] | null = null;
    let settled: Promise<ViewModel | null> | null = null;
    const vm: ViewModel = {
      proposedState: state,
      // The full result's totals include organization-level lines (the query workload).
      header: { ...header0, costNow: baseResult.total.usd, costProposed: state === 'none' ? null : result.proposed?.usd ?? null, proposed: state },
      overview: overviewOf(est, baseResult, result, driverIds, state, ev, input.policy === null, pm?.findings ?? []),
      resources,
      proposals() {
        if (state === 'none') return [];
        if (ready?.version === v) return ready.views;
        // Synchronous (report, tests): computed here, and kept when this is still the current state.
        const done = readyFrom(v, proposalData(input, est, request()));
        if (v === version) ready = done;
        return done.views;
      },
      proposalsAsync() {
        return vm.settled!().then((next) => (next ? next.proposals() : null));
      },
      settled() {
        if (state !== 'pending') return Promise.resolve(vm);
        settled ??= runner.run(request()).then(
          (data) => {
            if (data === null || v !== version) return null;
            ready = readyFrom(v, data);
            current = build(v);
            return current;
          },
          (err: unknown) => {
            // Said once, and the header says "failed" instead of optimizing forever.
            if (v !== version) return null;
            failed = { version: v, message: err instanceof Error ? err.message : String(err) };
            current = build(v);
            throw err;
          },
        );
        return settled;
      },
      variants() {
        variants ??= variantsOf(result, at);
        return variants;
      },
      trails: trailsOf(input, baseResult, result, state),
    };
    return vm;
  };

  function variantsOf(base: EstimateResult, at: ReadonlyMap<string, NodeDecision>): VariantView[] {
    const baseRow: VariantView = {
      name: 'baseline',
      description: input.description ?? 'the scenario as it is',
      costNow: baseResult.total.usd,
      costProposed: base.proposed?.usd,
      delta: null,
      parts: destinationParts(baseResult),
    };
    return [
      baseRow,
      ...input.variants.map((vr): VariantView => {
        // Each variant is a model of its own: its proposal is the same optimize + estimate with the same decisions.
        const vin = variantInput(input, vr.name);
        const kept = new Map([...at].filter(([id]) => vin.model.nodes.has(id)));
        const p = propose(vin, { decisions: kept, maxValues: opts.maxValues });
        const now = p.estimator.result(null);
        // The same row `trailcost compare` prints (delta and warnings), plus the proposed cost with the decisions.
        const row = compareRow(vr.name, vr.description, now, baseResult);
        const s = row.sensitiveCoverage;
        return {
          name: vr.name,
          description: vr.description,
          costNow: row.usd,
          costProposed: p.result.proposed?.usd,
          delta: row.deltaUsd,
          parts: destinationParts(now),
          notes: [
            ...(s ? [`sensitive volume logged: ${count(s.logged)} of ${count(s.sensitive)} events/month`] : []),
            ...(row.warnings > 0 ? [`${row.warnings} warning${row.warnings > 1 ? 's' : ''}: trailcost compare for details`] : []),
          ],
        };
      }),
    ];
  }

  current = build(version);
  return {
    estimator: est,
    // Without a policy no trail is governed: a decision would change no number, so the app says why instead.
    decisionsDisabled: input.policy ? undefined : 'this input has no policy, so decisions change nothing: use a scenario with `snapshot:` and `policy:` (see scenarios/demo.yaml)',
    view: () => current,
    setDecision(nodeId, d) {
      // A `(rest)` row writes its owner's decision and pins the children (tui/resource-tree.ts).
      const plan = decisionsFor(model, pm, est, nodeId, d, decisions, restPins);
      if ('refused' in plan) return current;
      for (const [id, x] of plan.changes) {
        if (x === 'auto') decisions.delete(id);
        else decisions.set(id, x);
      }
      version++;
      pm = input.policy ? policyModel(model, input.policy, decisions) : null;
      current = build(version);
      return current;
    },
    decisions: () => decisions,
    result: () => (ready !== null && ready.version === version ? ready.data.result : baseResult),
    close: () => runner.close(),
  };
}

function staticHeader(input: LoadedInput, r: EstimateResult): Header {
  // Billed CloudTrail event charges (Cost Explorer) next to the modeled CloudTrail part, when the input has billing.
  let billed: number | null = null;
  for (const c of r.calibration) if (c.billedUsd !== null) billed = (billed ?? 0) + c.billedUsd;
  const modeledCloudTrail = r.total.byDestination.cloudtrail ?? null;
  return {
    scenario: input.variant ? `${input.name} / ${input.variant}` : input.name,
    source: input.file,
    costNow: null,
    costProposed: null,
    proposed: 'pending',
    billed: billed === null ? null : { low: billed, high: billed },
    billedNote: billed === null ? undefined : `CloudTrail events per Cost Explorer; modeled ${usd(modeledCloudTrail)}`,
    billedModeled: modeledCloudTrail,
  };
}

/** Where a node's answer comes from, in words, and what it resolves to (model/policy-model precedence). */
/** A governed trail's own log bucket: the trail drops it unless a more specific statement keeps it. */
interface OwnBucket {
  key: string;
  trail: string;
  policy: TrailPolicy;
}

function answerOf(pm: PolicyModel | null, n: ModelNode, own: readonly OwnBucket[]): Pick<ResourceRow, 'effective' | 'via' | 'sensitive'> {
  if (!pm) return {};
  const base = pm.nodeAnswer(n);
  if (!base) return {};
  // Inside a governed trail's own bucket the answer is that trail's (the optimizer drops the bucket for it).
  const mine = n.arnPrefix ? own.find((o) => n.arnPrefix!.startsWith(o.key)) : undefined;
  const a = mine ? mine.policy.answer(n.resourceType as PolicyType, n.arnPrefix!, false) : base;
  const effective = a.want === 'default-log' ? 'log' : a.want === 'default-drop' ? 'drop' : a.want;
  const s = a.statement;
  const inside = pm.cuts.get(n.id) ?? [];
  let via = s ? `${s.label}${s.reason && s.source !== 'decision' ? ` (${s.reason})` : ''}` : `policy default (${pm.policy.default})`;
  if (inside.length > 0) via += `; inside it: ${inside.map((x) => `${x.decision} ${x.key.replace(/^arn:[^:]+:s3:::/, '')}`).join(', ')}`;
  return { effective: inside.some((x) => x.decision !== a.statement?.decision) ? 'mixed' : effective, via, sensitive: effective === 'keep' || effective === 'keep-writes' };
}

function resourceRow(est: Estimator, n: ModelNode, provenance: Provenance | 'mixed', decision: NodeDecision, pm: PolicyModel | null, proposed: Span | null, own: readonly OwnBucket[]): ResourceRow {
  const e = est.node(n.id);
  return {
    id: n.id,
    parentId: n.parentId,
    kind: n.kind,
    label: n.label,
    childIds: n.childIds,
    events: e.eventsNow,
    costNow: e.usdNow,
    costProposed: proposed,
    unknown: e.unknown,
    provenance,
    decision,
    ...answerOf(pm, n, own),
    resourceType: n.resourceType,
  };
}

function overviewOf(
  est: Estimator, now: EstimateResult, r: EstimateResult, driverIds: string[], state: ProposedState,
  ev: NodeTotals | null, noPolicy: boolean, policyFindings: readonly { level: Warning['level']; code: string; message: string }[] = [],
): OverviewView {
  const proposedNode = (id: string): Span | null => (ev ? ev(id).usd : state === 'none' ? est.node(id).usdNow : null);
  const drivers: BarItem[] = driverIds.map((id) => {
    const n = est.index.nodes[est.index.idx.get(id)!];
    return { label: driverLabel(n), value: est.node(id).usdNow, value2: proposedNode(id) };
  });
  const warnings: Warning[] = now.warnings.map((w) => ({ level: w.level, message: w.message, code: w.code }));
  // What the policy model noticed reading the rules (conflicts, rules that name nothing): findings, listed with the warnings.
  for (const f of policyFindings) warnings.push({ level: f.level, message: f.message, code: f.code });
  if (noPolicy) warnings.push({ level: 'info', code: 'no-policy', message: 'no policy in this input: nothing is proposed; a scenario with `snapshot:` and `policy:` (see scenarios/demo.yaml) turns on proposals and decisions' });
  // Warnings first, then infos.
  warnings.sort((a, b) => rank(a.level) - rank(b.level));
  return {
    drivers,
    duplicates: duplicatesBar(now),
    byDestination: destinationParts(now),
    trails: r.trails.map((t) => ({ name: t.name, costNow: t.usd, costProposed: state === 'ready' ? t.proposed?.usd ?? t.usd : state === 'none' ? t.usd : null })),
    warnings,
    eventsNow: now.total.dataEvents,
    eventsProposed: state === 'ready' ? r.proposed?.dataEvents ?? null : state === 'none' ? now.total.dataEvents : null,
    unknownNodes: now.total.unknown.nodes,
  };
}

/** Every duplicate delivery as one driver: what the extra copies cost now (estimate/duplicates.ts); the proposal's is not computed. */
function duplicatesBar(r: EstimateResult): BarItem | null {
  const d = r.duplicateDeliveries;
  if (d.length === 0) return null;
  const total = duplicateTotal(d);
  const unknown = total.unknownParts > 0 ? `; +${total.unknownParts} part(s) of unknown volume not counted` : '';
  return { label: 'duplicate deliveries', value: total.usd, note: `${d[0].trail}: ${d[0].kind} copies${d[0].alsoLoggedBy.length ? ` also logged by ${d[0].alsoLoggedBy.join(', ')}` : ''}${unknown}` };
}

function rank(level: Warning['level']): number {
  return level === 'error' ? 0 : level === 'warning' ? 1 : 2;
}

function driverLabel(n: ModelNode): string {
  if (n.kind === 'bucket') return `s3 ${n.label}`;
  if (n.kind === 'function') return `λ ${n.label}`;
  if (n.kind === 'table') return `ddb ${n.label}`;
  return n.label;
}

function destinationParts(r: EstimateResult): BarItem[] {
  const names: Record<string, string> = { cloudtrail: 'CloudTrail events', s3: 'S3 log storage', cloudwatch: 'CloudWatch Logs', lake: 'CloudTrail Lake', athena: 'Athena queries' };
  return Object.entries(r.total.byDestination)
    .filter((e): e is [string, Span] => e[1] !== undefined)
    .map(([k, v]) => ({ label: names[k] ?? k, value: v }));
}

function trailsOf(input: LoadedInput, now: EstimateResult, r: EstimateResult, state: ProposedState): TrailView[] {
  return now.trails.map((t, k): TrailView => {
    const src = input.trails.find((x) => x.name === t.name);
    const eds = input.eventDataStores.find((x) => x.name === t.name);
    const destinations: string[] = [];
    if (t.destinations.s3Bucket) destinations.push(`s3://${t.destinations.s3Bucket}/${src?.s3KeyPrefix ? src.s3KeyPrefix + '/' : ''}`);
    if (t.destinations.cloudWatchLogsGroup) destinations.push(`CloudWatch Logs ${t.destinations.cloudWatchLogsGroup}`);
    if (t.destinations.lake) destinations.push(`Lake (${t.destinations.lake} retention; existing customers only)`);
    const summary = src ? describeSelectors(src.selectors) : eds ? describeSelectors({ kind: 'advanced', selectors: eds.selectors }) : [];
    const p = r.trails[k].proposed;
    return {
      name: t.name,
      account: t.account,
      homeRegion: t.homeRegion,
      multiRegion: t.multiRegion,
      organization: t.organization,
      logging: src?.logging ?? true,
      destinations,
      selectorSummary: summary,
      eventsNow: t.dataEvents,
      networkNow: t.networkEvents,
      costNow: t.usd,
      costProposed: state === 'ready' ? p?.usd ?? t.usd : state === 'none' ? t.usd : null,
      billed: null,
      warnings: now.warnings.filter((w) => w.trail === t.name).map((w) => ({ level: w.level, message: w.message, code: w.code })),
    };
  });
}

type NodeTotals = (id: string) => { events: Span; usd: Span };

/** Per-node proposed totals from the proposal's arrays (the estimator's node order). */
function nodeTotals(est: Estimator, n: NonNullable<ProposalData['nodes']>): NodeTotals {
  return (id) => {
    const i = est.index.idx.get(id);
    if (i === undefined) throw new Error(`no model node "${id}"`);
    return { events: { low: n.eL[i], high: n.eH[i] }, usd: { low: n.uL[i], high: n.uH[i] } };
  };
}

/** The Selectors tab's view of one optimized trail (words and lines only; the numbers are the estimator's). */
function proposalFrom(p: OptimizedTrail, data: ProposalData): TrailProposal {
  const findings = (p.lint?.findings ?? []).map((f) => ({ rule: f.rule, severity: f.severity, path: f.path, message: f.message }));
  const coverage = [];
  if (p.proof) {
    const k = p.proof.coverage.keep;
    const w = p.proof.coverage.keepWrites;
    // The proof decides ok; the numbers say how: logged in full, or in populations the model cannot split.
    const line = (what: string, c: typeof k, code: string) => ({
      ok: !p.proof!.violations.some((v) => v.code === code),
      text: `${what}: ${count(c.logged)} of ${count(c.required)} events/month logged in full${c.split > 0 ? `, ${count(c.split)} where the split is unknown (logged in part)` : ''}${c.unknownPairs ? `, ${c.unknownPairs} of unknown volume checked` : ''}`,
    });
    coverage.push(line('keep (reads and writes)', k, 'keep-not-logged'));
    coverage.push(line('keep-writes', w, 'keep-writes-not-logged'));
    for (const v of p.proof.violations.slice(0, 5)) coverage.push({ ok: false, text: v.message });
  }
  for (const c of p.compliance) if (c.regression) coverage.push({ ok: false, text: `${c.tool} ${c.id} (${c.access}) would fail with this set` });
  const dropped = (data.dropped[p.trail] ?? []).slice(0, 5);
  const notes = [
    ...p.findings.filter((f) => !f.code.startsWith('lint-') && !f.code.startsWith('proof-')).map((f) => f.message),
    ...dropped.map((d) => `stops logging ${d.label}: ${count(d.events)} events/month (${d.why})`),
  ];
  const now = data.result.trails.find((t) => t.name === p.trail);
  return {
    trail: p.trail,
    status: p.status,
    selectors: p.selectors,
    valuesUsed: p.values.used,
    maxValues: p.values.budget,
    costNow: now?.usd ?? null,
    costProposed: now?.proposed?.usd ?? now?.usd ?? null,
    findings: [...findings, ...p.findings.filter((f) => f.level === 'error' && !f.code.startsWith('lint-')).map((f) => ({ rule: f.code, severity: 'error' as const, path: '', message: f.message }))],
    coverage,
    notes,
    render: (format) => renderSelectors(p.selectors, format, { trailName: p.trail }),
  };
}
