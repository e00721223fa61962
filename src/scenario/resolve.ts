/**
 * A validated scenario (+ the snapshot it names, already parsed) → one Snapshot-shaped object plus declared
 * volumes, management volumes, the policy and the assumptions, optionally with a variant applied. Pure.
 */
import type { EventDataStore, Snapshot, Trail } from '../model/snapshot.js';
import { emptySnapshot } from '../model/snapshot.js';
import type { Policy } from '../model/policy.js';
import { DEFAULT_ASSUMPTIONS, MONTH_HOURS, type ModelAssumptions } from '../model/assumptions.js';
import { monthScale, rowsOfOnePeriod } from '../model/billing.js';
import { emptyDeclared, type DeclaredVolumes, type ManagementVolumeEntry, type NetworkVolumeEntry } from '../model/declared.js';
import type { Assumptions, Inventory, Scenario, ScenarioEventDataStore, ScenarioTrail, Variant } from './schema.js';

export interface ResolvedScenario {
  name: string;
  variant: string | null;
  description?: string;
  snapshot: Snapshot;
  declared: DeclaredVolumes;
  managementEvents: ManagementVolumeEntry[];
  networkActivityEvents: NetworkVolumeEntry[];
  policy: Policy | null;
  assumptions: ModelAssumptions;
  /** Where each assumption came from: `default`, `scenario`, `variant:<name>`. */
  assumptionSources: Record<keyof ModelAssumptions, string>;
}

export function trailArn(t: { name: string; account: string; homeRegion: string }): string {
  return `arn:aws:cloudtrail:${t.homeRegion}:${t.account}:trail/${t.name}`;
}

export function toTrail(t: ScenarioTrail): Trail {
  return { ...t, arn: t.arn ?? trailArn(t) };
}

export function toEventDataStore(e: ScenarioEventDataStore): EventDataStore {
  return { ...e, arn: e.arn ?? `arn:aws:cloudtrail:${e.homeRegion}:${e.account}:eventdatastore/${e.name}` };
}

/** A fixed 730-hour window: declared volumes are already monthly, so the window only documents that. */
const DECLARED_WINDOW = { start: '2026-01-01T00:00:00Z', end: '2026-01-31T10:00:00Z' };

/** An inline inventory as a snapshot (no measurements: its volumes are declared). */
export function inventorySnapshot(inv: Inventory, name: string): { snapshot: Snapshot; declared: DeclaredVolumes } {
  const declared = emptyDeclared();
  const regions = new Set<string>(inv.regions ?? []);
  for (const b of inv.buckets) {
    regions.add(b.region);
    if (b.requests || b.events || b.prefixes.length > 0) {
      declared.buckets.set(b.name, { requests: b.requests, events: b.events, prefixes: b.prefixes });
    }
  }
  const functions = inv.functions.map((f) => {
    regions.add(f.region);
    const arn = `arn:aws:lambda:${f.region}:${f.account}:function:${f.name}`;
    if (f.invocations !== undefined || f.asyncShare !== undefined) declared.functions.set(arn, { invocations: f.invocations, asyncShare: f.asyncShare });
    return { account: f.account, region: f.region, name: f.name, arn, asyncShare: f.asyncShare };
  });
  const tables = inv.tables.map((t) => {
    regions.add(t.region);
    const arn = `arn:aws:dynamodb:${t.region}:${t.account}:table/${t.name}`;
    if (t.operations) declared.tables.set(arn, { operations: t.operations });
    return { account: t.account, region: t.region, name: t.name, arn };
  });
  const snapshot: Snapshot = {
    ...emptySnapshot({
      generatedAt: DECLARED_WINDOW.start,
      source: { tool: 'trailcost', kind: 'scenario', note: `inventory declared in scenario "${name}"` },
      window: DECLARED_WINDOW,
    }),
    organization: inv.organization,
    accounts: inv.accounts,
    regions: [...regions].sort(),
    buckets: inv.buckets.map((b) => ({ account: b.account, region: b.region, name: b.name, metricsConfigurations: [] })),
    functions,
    tables,
  };
  return { snapshot, declared };
}

function mergeAssumptions(
  base: ModelAssumptions,
  sources: Record<keyof ModelAssumptions, string>,
  a: Assumptions | undefined,
  source: string,
): ModelAssumptions {
  if (!a) return base;
  const out = { ...base };
  const set = <K extends keyof ModelAssumptions>(k: K, v: ModelAssumptions[K] | undefined): void => {
    if (v === undefined) return;
    out[k] = v;
    sources[k] = source;
  };
  set('eventSizeBytes', a.eventSizeBytes);
  set('growth', a.growth);
  set('compressionRatio', a.compressionRatio);
  set('deleteObjects', a.deleteObjects);
  set('lambdaAsyncShare', a.lambdaAsyncShare);
  set('queries', a.queries);
  set('retentionMonths', a.retentionMonths);
  set('lakeExistingCustomer', a.lakeExistingCustomer);
  set('pricingRegion', a.pricingRegion);
  return out;
}

function toPolicy(p: Scenario['policy']): Policy | null {
  if (!p) return null;
  return { rules: p.rules, default: p.default, levers: p.levers, trails: p.trails };
}

/** Apply a variant's trail edits to a trail list. Unknown names are errors (returned, not thrown). */
function applyTrailEdits(trails: Trail[], v: Variant, errors: string[]): Trail[] {
  let out = v.trails ? v.trails.map(toTrail) : [...trails];
  for (const name of v.removeTrails ?? []) {
    if (!out.some((t) => t.name === name)) errors.push(`variant "${v.name}": removeTrails names unknown trail "${name}"`);
    out = out.filter((t) => t.name !== name);
  }
  for (const patch of v.modifyTrails ?? []) {
    const i = out.findIndex((t) => t.name === patch.name);
    if (i < 0) {
      errors.push(`variant "${v.name}": modifyTrails names unknown trail "${patch.name}"`);
      continue;
    }
    const t = { ...out[i] };
    if (patch.selectors) t.selectors = patch.selectors;
    if (patch.cloudWatchLogsGroup !== undefined) t.cloudWatchLogsGroup = patch.cloudWatchLogsGroup ?? undefined;
    if (patch.s3Bucket !== undefined) t.s3Bucket = patch.s3Bucket;
    if (patch.multiRegion !== undefined) t.multiRegion = patch.multiRegion;
    if (patch.organization !== undefined) t.organization = patch.organization;
    if (patch.logging !== undefined) t.logging = patch.logging;
    if (patch.recursiveLogging !== undefined) t.recursiveLogging = patch.recursiveLogging;
    if (patch.telemetryRule !== undefined) t.telemetryRule = patch.telemetryRule;
    if (patch.insights !== undefined) t.insights = patch.insights;
    out[i] = t;
  }
  for (const t of v.addTrails ?? []) {
    if (out.some((o) => o.name === t.name)) errors.push(`variant "${v.name}": addTrails adds "${t.name}", which already exists`);
    else out.push(toTrail(t));
  }
  return out;
}

/**
 * Management volume from billing: first copies (`FreeEventsRecorded`) per Region, from one billing period (a scan
 * reads the last full month and the month to date: adding both would double the volume), scaled to a month.
 */
export function managementFromBilling(snapshot: Snapshot, regionOfUsageType: (usageType: string) => string | null): ManagementVolumeEntry[] {
  const byRegion = new Map<string, number>();
  for (const row of rowsOfOnePeriod(snapshot.billing.filter((r) => r.usageType.endsWith('-FreeEventsRecorded')))) {
    const region = regionOfUsageType(row.usageType);
    if (!region) continue;
    const scale = monthScale(row.period);
    if (scale === null) continue;
    byRegion.set(region, (byRegion.get(region) ?? 0) + row.quantity * scale);
  }
  return [...byRegion].map(([region, events]) => ({ region, events, provenance: 'billing' as const }));
}

/**
 * Resolve a scenario against its snapshot (null when it declares an inventory) and optionally one variant.
 * Returns errors (variant referring to unknown trails) instead of throwing.
 */
export function resolveScenario(
  scenario: Scenario,
  base: Snapshot | null,
  variantName: string | null,
  regionOfUsageType: (usageType: string) => string | null,
): { resolved: ResolvedScenario; errors: string[] } {
  const errors: string[] = [];
  let snapshot: Snapshot;
  let declared: DeclaredVolumes;
  if (scenario.inventory) {
    ({ snapshot, declared } = inventorySnapshot(scenario.inventory, scenario.name));
  } else {
    if (!base) throw new Error('resolveScenario: the scenario names a snapshot but none was given');
    snapshot = base;
    declared = emptyDeclared();
  }
  // Scenario trails: added, or replacing the snapshot's trail of the same name.
  const extra = scenario.trails.map(toTrail);
  let trails = [...snapshot.trails.filter((t) => !extra.some((e) => e.name === t.name)), ...extra];
  let eds = [...snapshot.eventDataStores, ...scenario.eventDataStores.map(toEventDataStore)];
  let policy = toPolicy(scenario.policy);
  const sources = Object.fromEntries(Object.keys(DEFAULT_ASSUMPTIONS).map((k) => [k, 'default'])) as Record<keyof ModelAssumptions, string>;
  let assumptions = mergeAssumptions({ ...DEFAULT_ASSUMPTIONS }, sources, scenario.assumptions, 'scenario');
  let mgmtDecl = scenario.managementEvents;
  let networkDecl = scenario.networkActivityEvents;
  let variant: Variant | undefined;
  if (variantName !== null) {
    variant = scenario.variants.find((v) => v.name === variantName);
    if (!variant) {
      errors.push(`no variant "${variantName}" (the scenario has: ${scenario.variants.map((v) => v.name).join(', ') || 'none'})`);
    } else {
      trails = applyTrailEdits(trails, variant, errors);
      if (variant.eventDataStores) eds = variant.eventDataStores.map(toEventDataStore);
      if (variant.addEventDataStores) eds = [...eds, ...variant.addEventDataStores.map(toEventDataStore)];
      if (variant.policy) policy = toPolicy(variant.policy);
      assumptions = mergeAssumptions(assumptions, sources, variant.assumptions, `variant:${variant.name}`);
      if (variant.managementEvents) mgmtDecl = variant.managementEvents;
      if (variant.networkActivityEvents) networkDecl = variant.networkActivityEvents;
    }
  }
  // Declared network volumes replace what a log sample measured (the scenario is the user's word).
  const networkActivityEvents: NetworkVolumeEntry[] =
    networkDecl.length > 0 ? networkDecl.map((e) => ({ ...e, provenance: 'declared' as const })) : networkFromSamples(snapshot);
  const managementEvents: ManagementVolumeEntry[] =
    mgmtDecl.length > 0
      ? mgmtDecl.map((m) => ({ ...m, provenance: 'declared' as const }))
      : managementFromBilling(snapshot, regionOfUsageType);
  return {
    resolved: {
      name: scenario.name,
      variant: variant?.name ?? null,
      description: variant?.description ?? scenario.description,
      snapshot: { ...snapshot, trails, eventDataStores: eds },
      declared,
      managementEvents,
      networkActivityEvents,
      policy,
      assumptions,
      assumptionSources: sources,
    },
    errors,
  };
}

/**
 * Network activity volumes a log sample measured, scaled to a 730-hour month; per account × Region × service ×
 * endpoint the sample with the latest window counts (two samples of the same logs are not added up). Rows
 * without an account or Region cannot be placed on a trail and are left out.
 */
export function networkFromSamples(snapshot: Snapshot): NetworkVolumeEntry[] {
  const latest = new Map<string, { end: number; entry: NetworkVolumeEntry }>();
  for (const s of snapshot.samples) {
    const start = Date.parse(s.window.start);
    const end = Date.parse(s.window.end);
    const hours = (end - start) / 3_600_000;
    if (!(hours > 0)) continue;
    for (const x of s.network ?? []) {
      if (!x.account || !x.region) continue;
      const k = `${x.account}|${x.region}|${x.eventSource}|${x.vpcEndpointId ?? ''}`;
      if ((latest.get(k)?.end ?? -Infinity) >= end) continue;
      latest.set(k, {
        end,
        entry: {
          account: x.account, region: x.region, eventSource: x.eventSource, ...(x.vpcEndpointId ? { vpcEndpointId: x.vpcEndpointId } : {}),
          events: (x.count * MONTH_HOURS) / hours, ...(x.count > 0 ? { deniedShare: x.denied / x.count } : {}), provenance: 'sample',
        },
      });
    }
  }
  return [...latest.values()].map((v) => v.entry);
}

/** A bare snapshot (no scenario): its own trails, default assumptions, no policy. */
export function resolveSnapshot(snapshot: Snapshot, name: string, regionOfUsageType: (u: string) => string | null): ResolvedScenario {
  const sources = Object.fromEntries(Object.keys(DEFAULT_ASSUMPTIONS).map((k) => [k, 'default'])) as Record<keyof ModelAssumptions, string>;
  return {
    name,
    variant: null,
    snapshot,
    declared: emptyDeclared(),
    managementEvents: managementFromBilling(snapshot, regionOfUsageType),
    networkActivityEvents: networkFromSamples(snapshot),
    policy: null,
    assumptions: { ...DEFAULT_ASSUMPTIONS },
    assumptionSources: sources,
  };
}
