/**
 * The session: the loaded input, the estimator (incremental: a decision updates every total from the node's
 * subtree and ancestors), the optimizer and the variants, presented as the TUI's view model. Every number comes
 * from estimate / optimize; this file only picks, labels and caches them.
 */
import type { LoadedInput } from '../scenario/input.js';
import { createEstimator, type Estimator } from '../estimate/estimator.js';
import { compareRow } from '../estimate/compare.js';
import type { EstimateResult, Span } from '../estimate/types.js';
import { variantInput } from '../scenario/input.js';
import { inProcessRunner, optimizeRequest, type OptimizedTrail, type OptimizeRequest, type OptimizerRunner } from './optimizer-runner.js';
import { renderSelectors } from '../selectors/formats.js';
import type { NodeDecision } from '../model/policy.js';
import type { ModelNode, Provenance } from '../model/types.js';
import { describeSelectors } from './describe.js';
import { count, usd } from './format.js';
import type {
  BarItem, Header, OverviewView, ResourceRow, ResourceTree, TrailProposal, TrailView, TuiSession, VariantView, ViewModel, Warning,
} from './view-model.js';

const DRIVER_KINDS = new Set(['bucket', 'function', 'table']);
const MAX_DRIVERS = 12;

export interface SessionOptions {
  /** Value budget for proposals (AWS: 500). */
  maxValues?: number;
  /**
   * Where the optimizer runs for `proposalsAsync` (default: on this thread, after a yield). The CLI passes a
   * worker runner so a large inventory never blocks a key. The session closes it in `close()`.
   */
  optimizer?: OptimizerRunner;
}

export function createSession(input: LoadedInput, opts: SessionOptions = {}): TuiSession & { estimator: Estimator } {
  const loaded = input;
  const est = createEstimator(input);
  const model = input.model;
  const decisions = new Map<string, NodeDecision>();
  const baseResult = est.result();
  const header0 = staticHeader(input, baseResult);
  const provenance = provenanceOf(model.nodes);
  // Cost "now" does not depend on decisions: rank the drivers once.
  const driverIds = topDrivers(est, model.nodes.values());
  let version = 0;
  let current: ViewModel;
  // Sibling order under static sort keys survives decisions (see ResourceTree.orderCache).
  const orderCache = new Map<string, readonly string[]>();

  // Variants are whole models of their own: built on first view, then kept in step with the decisions.
  let variantState: Array<{ name: string; description?: string; est: Estimator }> | null = null;
  const runner = opts.optimizer ?? inProcessRunner(input);
  // The latest finished proposals and the decision state (view version) they were computed for.
  let optimized: { version: number; proposals: TrailProposal[] } | null = null;

  const build = (): ViewModel => {
    version++;
    const v = version;
    const totals = est.totals();
    const result = est.result();
    const rows = new Map<string, ResourceRow>();
    const resources: ResourceTree = {
      roots: model.roots,
      size: model.nodes.size,
      orderCache,
      shape: (id) => model.nodes.get(id),
      get(id) {
        let r = rows.get(id);
        if (r) return r;
        const n = model.nodes.get(id);
        if (!n) return undefined;
        r = resourceRow(est, n, provenance(id));
        rows.set(id, r);
        return r;
      },
    };
    let proposals: TrailProposal[] | null = null;
    let pending: Promise<TrailProposal[] | null> | null = null;
    let variants: VariantView[] | null = null;
    const request = (): OptimizeRequest => requestOf(input, est, result, decisions, opts.maxValues);
    return {
      // The full result's totals include organization-level lines (the query workload) that totals() leaves out.
      header: { ...header0, costNow: result.total.usd, costProposed: result.proposed.usd },
      overview: overviewOf(est, result, driverIds, totals, loaded.policy === null),
      resources,
      proposals() {
        if (proposals) return proposals;
        if (optimized?.version === v) return (proposals = optimized.proposals);
        // Synchronous (report, tests): only meaningful while this view is the current one.
        proposals = optimizeRequest(input, request()).map(proposalFrom);
        return proposals;
      },
      proposalsAsync() {
        if (proposals) return Promise.resolve(proposals);
        pending ??= runner.run(request()).then((r) => {
          if (r === null) return null;
          proposals = r.map(proposalFrom);
          if (v === version) optimized = { version: v, proposals };
          return proposals;
        });
        return pending;
      },
      variants() {
        if (variants) return variants;
        variants = variantsOf();
        return variants;
      },
      trails: trailsOf(input, result),
    };
  };

  function variantsOf(): VariantView[] {
    if (!variantState) {
      variantState = input.variants.map((vr) => {
        const vin = variantInput(input, vr.name);
        const ve = createEstimator(vin);
        for (const [id, d] of decisions) if (ve.index.idx.has(id)) ve.setDecision(id, d);
        return { name: vr.name, description: vr.description, est: ve };
      });
    }
    // Full results (not totals()): they include the organization-level lines, like the header.
    const baseResult = est.result();
    const baseRow: VariantView = {
      name: 'baseline',
      description: input.description ?? 'the scenario as it is',
      costNow: baseResult.total.usd,
      costProposed: baseResult.proposed.usd,
      delta: null,
      parts: destinationParts(baseResult),
    };
    return [
      baseRow,
      ...variantState.map((vs): VariantView => {
        const r = vs.est.result();
        // The same row `trailcost compare` prints (delta and warnings), plus the proposed cost with the decisions.
        const row = compareRow(vs.name, vs.description, r, baseResult);
        const s = row.sensitiveCoverage;
        return {
          name: vs.name,
          description: vs.description,
          costNow: row.usd,
          costProposed: r.proposed.usd,
          delta: row.deltaUsd,
          parts: destinationParts(r),
          notes: [
            ...(s ? [`sensitive volume logged: ${count(s.logged)} of ${count(s.sensitive)} events/month`] : []),
            ...(row.warnings > 0 ? [`${row.warnings} warning${row.warnings > 1 ? 's' : ''}: trailcost compare for details`] : []),
          ],
        };
      }),
    ];
  }

  current = build();
  return {
    estimator: est,
    // Without a policy no trail is governed: a decision would change no number, so the app says why instead.
    decisionsDisabled: input.policy ? undefined : 'this input has no policy, so decisions change nothing: use a scenario with `snapshot:` and `policy:` (see scenarios/demo.yaml)',
    view: () => current,
    setDecision(nodeId, d) {
      if (d === 'auto') decisions.delete(nodeId);
      else decisions.set(nodeId, d);
      est.setDecision(nodeId, d);
      for (const vs of variantState ?? []) if (vs.est.index.idx.has(nodeId)) vs.est.setDecision(nodeId, d);
      current = build();
      return current;
    },
    decisions: () => decisions,
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
    billed: billed === null ? null : { low: billed, high: billed },
    billedNote: billed === null ? undefined : `CloudTrail events per Cost Explorer; modeled ${usd(modeledCloudTrail)}`,
  };
}

function resourceRow(est: Estimator, n: ModelNode, provenance: Provenance | 'mixed'): ResourceRow {
  const e = est.node(n.id);
  const eff = est.effectiveDecision(n.id);
  const effective = eff.decision === 'log-default' ? 'log' : eff.decision === 'drop-default' ? 'drop' : eff.decision;
  return {
    id: n.id,
    parentId: n.parentId,
    kind: n.kind,
    label: n.label,
    childIds: n.childIds,
    events: e.eventsNow,
    costNow: e.usdNow,
    costProposed: e.usdProposed,
    unknown: e.unknown,
    provenance,
    decision: est.decision(n.id),
    effective,
    sensitive: eff.from === 'rule' && (eff.decision === 'keep' || eff.decision === 'keep-writes'),
    resourceType: n.resourceType,
  };
}

/** Provenance of a node's numbers: its own classes', or `mixed` when its subtree disagrees (memoized, static). */
function provenanceOf(nodes: Map<string, ModelNode>): (id: string) => Provenance | 'mixed' {
  const memo = new Map<string, Provenance | 'mixed' | null>();
  const walk = (id: string): Provenance | 'mixed' | null => {
    if (memo.has(id)) return memo.get(id)!;
    const n = nodes.get(id);
    let p: Provenance | 'mixed' | null = null;
    const meet = (q: Provenance | 'mixed' | null) => {
      if (q === null) return;
      p = p === null ? q : p === q ? p : 'mixed';
    };
    for (const c of n?.classes ?? []) meet(c.volume.provenance);
    for (const c of n?.childIds ?? []) meet(walk(c));
    memo.set(id, p);
    return p;
  };
  return (id) => walk(id) ?? 'unknown';
}

function topDrivers(est: Estimator, nodes: Iterable<ModelNode>): string[] {
  const scored: Array<{ id: string; high: number }> = [];
  for (const n of nodes) {
    if (!DRIVER_KINDS.has(n.kind)) continue;
    const high = est.node(n.id).usdNow.high;
    if (high > 0) scored.push({ id: n.id, high });
  }
  scored.sort((a, b) => b.high - a.high || (a.id < b.id ? -1 : 1));
  return scored.slice(0, MAX_DRIVERS).map((s) => s.id);
}

function overviewOf(est: Estimator, r: EstimateResult, driverIds: string[], totals: ReturnType<Estimator['totals']>, noPolicy: boolean): OverviewView {
  const drivers: BarItem[] = driverIds.map((id) => {
    const n = est.index.nodes[est.index.idx.get(id)!];
    const e = est.node(id);
    return { label: driverLabel(n), value: e.usdNow, value2: e.usdProposed };
  });
  const warnings: Warning[] = r.warnings.map((w) => ({ level: w.level, message: w.message, code: w.code }));
  if (noPolicy) warnings.push({ level: 'info', code: 'no-policy', message: 'no policy in this input: nothing is proposed; a scenario with `snapshot:` and `policy:` (see scenarios/demo.yaml) turns on proposals and decisions' });
  // Warnings first, then infos.
  warnings.sort((a, b) => rank(a.level) - rank(b.level));
  return {
    drivers,
    byDestination: destinationParts(r),
    trails: r.trails.map((t) => ({ name: t.name, costNow: t.usd, costProposed: t.proposed?.usd ?? t.usd })),
    warnings,
    eventsNow: totals.now.dataEvents,
    eventsProposed: totals.proposed.dataEvents,
    unknownNodes: r.total.unknown.nodes,
  };
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

function trailsOf(input: LoadedInput, r: EstimateResult): TrailView[] {
  return r.trails.map((t): TrailView => {
    const src = input.trails.find((x) => x.name === t.name);
    const eds = input.eventDataStores.find((x) => x.name === t.name);
    const destinations: string[] = [];
    if (t.destinations.s3Bucket) destinations.push(`s3://${t.destinations.s3Bucket}/${src?.s3KeyPrefix ? src.s3KeyPrefix + '/' : ''}`);
    if (t.destinations.cloudWatchLogsGroup) destinations.push(`CloudWatch Logs ${t.destinations.cloudWatchLogsGroup}`);
    if (t.destinations.lake) destinations.push(`Lake (${t.destinations.lake} retention; existing customers only)`);
    const summary = src ? describeSelectors(src.selectors) : eds ? describeSelectors({ kind: 'advanced', selectors: eds.selectors }) : [];
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
      costProposed: t.proposed?.usd ?? t.usd,
      billed: null,
      warnings: r.warnings.filter((w) => w.trail === t.name).map((w) => ({ level: w.level, message: w.message, code: w.code })),
    };
  });
}

/** What the optimizer needs for the current decisions: governed trails with their price per event. */
function requestOf(input: LoadedInput, est: Estimator, r: EstimateResult, decisions: ReadonlyMap<string, NodeDecision>, maxValues?: number): OptimizeRequest {
  const trails: OptimizeRequest['trails'] = [];
  if (input.policy) {
    for (const te of r.trails) {
      if (!te.governed || te.kind !== 'trail') continue;
      if (!input.trails.some((t) => t.name === te.name)) continue;
      trails.push({ name: te.name, pricePerEvent: est.unitCost(te.name) });
    }
  }
  return { decisions: [...decisions], trails, maxValues };
}

/** The Selectors tab's view of one optimized trail (words and lines only; the numbers are the optimizer's). */
function proposalFrom(p: OptimizedTrail): TrailProposal {
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
  const notes = [
    ...p.findings.filter((f) => !f.code.startsWith('lint-') && !f.code.startsWith('proof-')).map((f) => f.message),
    ...p.dropped.slice(0, 5).map((d) => `stops logging ${d.label}: ${count(d.events)} events/month (${d.why})`),
  ];
  return {
    trail: p.trail,
    selectors: p.selectors,
    valuesUsed: p.values.used,
    maxValues: p.values.budget,
    costNow: p.cost.before.usd,
    costProposed: p.cost.after.usd,
    findings: [...findings, ...p.findings.filter((f) => f.level === 'error' && !f.code.startsWith('lint-')).map((f) => ({ rule: f.code, severity: 'error' as const, path: '', message: f.message }))],
    coverage,
    notes,
    render: (format) => renderSelectors(p.selectors, format, { trailName: p.trail }),
  };
}
