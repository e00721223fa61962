/**
 * Everything a command needs, assembled from a resolved scenario (pure): the resolved snapshot, the volume
 * model, trails, event data stores, policy, price book, assumptions, and how to get the same for a variant.
 */
import { buildModel } from '../model/build.js';
import type { ModelAssumptions } from '../model/assumptions.js';
import type { ManagementVolumeEntry, NetworkVolumeEntry } from '../model/declared.js';
import type { Policy } from '../model/policy.js';
import type { EventDataStore, Snapshot, Trail } from '../model/snapshot.js';
import type { VolumeModel } from '../model/types.js';
import type { PriceBook } from '../pricing/book.js';
import { regionOfUsageType } from '../pricing/usage-types.js';
import { resolveScenario, resolveSnapshot, type ResolvedScenario } from './resolve.js';
import type { Scenario, Variant } from './schema.js';

export interface LoadedInput {
  /** Scenario name (or the snapshot file's base name). */
  name: string;
  /** The variant applied, null for the baseline. */
  variant: string | null;
  description?: string;
  /** The scenario or snapshot file read. */
  file: string;
  kind: 'scenario' | 'snapshot';
  /** The validated scenario (null for a bare snapshot). */
  scenario: Scenario | null;
  /** The snapshot file as read (null for an inline inventory); variants are resolved from it again. */
  baseSnapshot: Snapshot | null;
  /** The snapshot after the scenario's trails, stores and variant are applied. */
  snapshot: Snapshot;
  model: VolumeModel;
  trails: Trail[];
  eventDataStores: EventDataStore[];
  policy: Policy | null;
  pricing: PriceBook;
  assumptions: ModelAssumptions;
  assumptionSources: Record<keyof ModelAssumptions, string>;
  managementEvents: ManagementVolumeEntry[];
  networkActivityEvents: NetworkVolumeEntry[];
  variants: Variant[];
  resolved: ResolvedScenario;
}

function assemble(resolved: ResolvedScenario, base: { file: string; kind: 'scenario' | 'snapshot'; scenario: Scenario | null; pricing: PriceBook; baseSnapshot: Snapshot | null }): LoadedInput {
  const model = buildModel(resolved.snapshot, { declared: resolved.declared, assumptions: resolved.assumptions });
  return {
    name: resolved.name,
    variant: resolved.variant,
    description: resolved.description,
    file: base.file,
    kind: base.kind,
    scenario: base.scenario,
    baseSnapshot: base.baseSnapshot,
    snapshot: resolved.snapshot,
    model,
    trails: resolved.snapshot.trails,
    eventDataStores: resolved.snapshot.eventDataStores,
    policy: resolved.policy,
    pricing: base.pricing,
    assumptions: resolved.assumptions,
    assumptionSources: resolved.assumptionSources,
    managementEvents: resolved.managementEvents,
    networkActivityEvents: resolved.networkActivityEvents,
    variants: base.scenario?.variants ?? [],
    resolved,
  };
}

export class InputError extends Error {}

/** The input for a scenario (and optionally one of its variants). Throws InputError for a bad variant. */
export function scenarioInput(args: { file: string; scenario: Scenario; snapshot: Snapshot | null; pricing: PriceBook; variant?: string | null }): LoadedInput {
  const { resolved, errors } = resolveScenario(args.scenario, args.snapshot, args.variant ?? null, regionOfUsageType);
  if (errors.length > 0) throw new InputError(`${args.file}: ${errors.join('; ')}`);
  return assemble(resolved, { file: args.file, kind: 'scenario', scenario: args.scenario, pricing: args.pricing, baseSnapshot: args.snapshot });
}

export function snapshotInput(args: { file: string; name: string; snapshot: Snapshot; pricing: PriceBook }): LoadedInput {
  return assemble(resolveSnapshot(args.snapshot, args.name, regionOfUsageType), { file: args.file, kind: 'snapshot', scenario: null, pricing: args.pricing, baseSnapshot: args.snapshot });
}

/** The same input with one of its scenario's variants applied (model rebuilt: variants may change volumes). */
export function variantInput(input: LoadedInput, variant: string): LoadedInput {
  if (!input.scenario) throw new InputError(`${input.file} is a snapshot: it has no variants`);
  return scenarioInput({ file: input.file, scenario: input.scenario, snapshot: input.baseSnapshot, pricing: input.pricing, variant });
}
