/**
 * What each command prints with `--json`, built from its result to the contracts in contracts.ts. Formatting only:
 * every number is the estimator's or the optimizer's; this layer adds `schemaVersion` and says what is unknown —
 * a quantity with nothing known in it is null, and every sum of known parts carries `unknownParts`.
 */
import type { BreakdownRow, CompareRow, Destination, EstimateResult, GroupBy, Span, TrailEstimate } from '../estimate/types.js';
import type { CompareResult } from '../estimate/compare.js';
import type { LintResult } from '../selectors/lint.js';
import type { SummaryTrail } from './optimize.js';
import {
  SCHEMA_VERSION, type BreakdownRowJson, type CompareJson, type EstimateBodyJson, type EstimateJson, type LintJson, type MatchLineJson,
  type OptimizeJson, type OptimizeTrailJson,
} from './contracts.js';
import { knownOrNull } from './format.js';

function byDestination(b: Partial<Record<Destination, Span>>, unknownParts: number): EstimateBodyJson['total']['byDestination'] {
  const out: EstimateBodyJson['total']['byDestination'] = {};
  for (const [d, s] of Object.entries(b) as Array<[Destination, Span | undefined]>) if (s) out[d] = knownOrNull(s, unknownParts);
  return out;
}

const sum = (xs: readonly number[]) => xs.reduce((a, x) => a + x, 0);

export interface EstimateJsonOptions {
  breakdown?: { by: Exclude<GroupBy, 'trail'>; rows: BreakdownRow[] };
  /** Unknown-volume classes each governed trail still logs with the proposed selectors (by trail name). */
  proposedUnknown?: ReadonlyMap<string, number>;
}

function trailJson(t: TrailEstimate, proposedUnknown: number | undefined): EstimateBodyJson['trails'][number] {
  const u = t.unknown.classes;
  const out: EstimateBodyJson['trails'][number] = {
    name: t.name, kind: t.kind, arn: t.arn, account: t.account, homeRegion: t.homeRegion, multiRegion: t.multiRegion, organization: t.organization,
    coveredAccounts: t.coveredAccounts, coveredRegions: t.coveredRegions, destinations: t.destinations,
    dataEvents: knownOrNull(t.dataEvents, u),
    managementEvents: t.managementEvents, managementPaidCopies: t.managementPaidCopies, networkEvents: t.networkEvents,
    unknown: t.unknown, unknownParts: u,
    lines: t.lines,
    usd: knownOrNull(t.usd, u),
    byDestination: byDestination(t.byDestination, u),
    crossAccount: { events: knownOrNull(t.crossAccount.events, t.crossAccount.unknownNodes), unknownNodes: t.crossAccount.unknownNodes },
    governed: t.governed,
  };
  if (t.proposed) {
    const pu = proposedUnknown ?? u;
    out.proposed = { dataEvents: knownOrNull(t.proposed.dataEvents, pu), usd: knownOrNull(t.proposed.usd, pu), status: t.proposed.status, unknownParts: pu };
  }
  return out;
}

export function estimateBodyJson(r: EstimateResult, opts: Pick<EstimateJsonOptions, 'proposedUnknown'> = {}): EstimateBodyJson {
  const trails = r.trails.map((t) => trailJson(t, opts.proposedUnknown?.get(t.name)));
  const unknownParts = sum(trails.map((t) => t.unknownParts));
  const proposedParts = sum(trails.map((t) => t.proposed?.unknownParts ?? t.unknownParts));
  return {
    scenario: r.scenario,
    trails,
    total: {
      usd: knownOrNull(r.total.usd, unknownParts),
      dataEvents: knownOrNull(r.total.dataEvents, unknownParts),
      byDestination: byDestination(r.total.byDestination, unknownParts),
      unknown: r.total.unknown,
      unknownParts,
      lines: r.total.lines,
    },
    proposed: r.proposed
      ? { usd: knownOrNull(r.proposed.usd, proposedParts), dataEvents: knownOrNull(r.proposed.dataEvents, proposedParts), unknownParts: proposedParts, savings: r.proposed.savings }
      : null,
    duplicates: r.duplicates,
    duplicateDeliveries: r.duplicateDeliveries.map((d) => ({
      kind: d.kind, trail: d.trail, alsoLoggedBy: d.alsoLoggedBy, scope: d.scope,
      events: knownOrNull(d.events, d.unknownParts), usd: knownOrNull(d.usd, d.unknownParts), unknownParts: d.unknownParts,
    })),
    sensitiveCoverage: r.sensitiveCoverage,
    calibration: r.calibration,
    billedOther: r.billedOther,
    queries: r.queries,
    warnings: r.warnings,
    assumptions: r.assumptions,
  };
}

export function breakdownRowJson(row: BreakdownRow): BreakdownRowJson {
  const perTrail: BreakdownRowJson['perTrail'] = {};
  for (const [name, c] of Object.entries(row.perTrail)) {
    const u = c.unknown;
    perTrail[name] = { events: knownOrNull(c.events, u), usd: knownOrNull(c.usd, u), unknownParts: u };
  }
  const out: BreakdownRowJson = {
    key: row.key, label: row.label, perTrail,
    events: knownOrNull(row.events, row.unknown), usd: knownOrNull(row.usd, row.unknown), unknownParts: row.unknown,
  };
  if (row.provenance !== undefined) out.provenance = row.provenance;
  return out;
}

export function estimateJson(r: EstimateResult, opts: EstimateJsonOptions = {}): EstimateJson {
  const out: EstimateJson = { schemaVersion: SCHEMA_VERSION, ...estimateBodyJson(r, opts) };
  if (opts.breakdown) out.breakdown = { by: opts.breakdown.by, rows: opts.breakdown.rows.map(breakdownRowJson) };
  return out;
}

function compareRowJson(row: CompareRow, est: EstimateBodyJson | undefined): CompareJson['rows'][number] {
  const u = est?.total.unknownParts ?? 0;
  const out: CompareJson['rows'][number] = {
    name: row.name,
    usd: knownOrNull(row.usd, u),
    byDestination: byDestination(row.byDestination, u),
    dataEvents: knownOrNull(row.dataEvents, u),
    unknownParts: u,
    sensitiveCoverage: row.sensitiveCoverage,
    deltaUsd: row.deltaUsd,
    warnings: row.warnings,
  };
  if (row.description !== undefined) out.description = row.description;
  return out;
}

export function compareJson(c: CompareResult): CompareJson {
  const estimates: CompareJson['estimates'] = {};
  for (const [name, r] of Object.entries(c.estimates)) estimates[name] = estimateBodyJson(r);
  return { schemaVersion: SCHEMA_VERSION, scenario: c.scenario, rows: c.rows.map((r) => compareRowJson(r, estimates[r.name])), estimates };
}

function optimizeTrailJson(s: SummaryTrail): OptimizeTrailJson {
  const c = s.cost;
  return {
    trail: s.trail, status: s.status, types: s.types,
    cost: {
      dataEventsBefore: knownOrNull(c.dataEventsBefore, c.unknownPartsBefore),
      dataEventsAfter: knownOrNull(c.dataEventsAfter, c.unknownPartsAfter),
      usdBefore: knownOrNull(c.usdBefore, c.unknownPartsBefore),
      usdAfter: knownOrNull(c.usdAfter, c.unknownPartsAfter),
      savings: c.savings, savingsEvents: c.savingsEvents,
      unknownPartsBefore: c.unknownPartsBefore, unknownPartsAfter: c.unknownPartsAfter, unknownNodesAfter: c.unknownNodesAfter,
    },
    values: s.values, coverage: s.coverage, proof: s.proof, lint: s.lint, dropped: s.dropped, management: s.management, compliance: s.compliance, findings: s.findings,
    selectors: s.selectors.map((sel) => ({
      ...(sel.Name !== undefined ? { Name: sel.Name } : {}),
      FieldSelectors: (sel.FieldSelectors ?? []).map((f) => ({ ...f, Field: f.Field ?? '' })),
    })),
  };
}

export function optimizeJson(o: { scenario: string; variant?: string | null; maxValues: number; trails: SummaryTrail[] }): OptimizeJson {
  return { schemaVersion: SCHEMA_VERSION, scenario: o.scenario, variant: o.variant ?? null, maxValues: o.maxValues, trails: o.trails.map(optimizeTrailJson) };
}

export function lintJson(r: LintResult, ignored: number): LintJson {
  return { schemaVersion: SCHEMA_VERSION, valid: r.valid, values: r.values, limit: r.limit, kind: r.kind, findings: r.findings, ignored };
}

export function matchLineJson(m: { eventID: unknown; eventName: unknown; logged: boolean; selector: string | number | null; reason?: string | null }): MatchLineJson {
  const out: MatchLineJson = { schemaVersion: SCHEMA_VERSION, eventID: m.eventID, eventName: m.eventName, logged: m.logged, selector: m.selector };
  if (m.reason !== null && m.reason !== undefined) out.reason = m.reason;
  return out;
}
