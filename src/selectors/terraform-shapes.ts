/**
 * Terraform's `aws_cloudtrail` selector attributes (snake_case: `advanced_event_selector[].field_selector[]`,
 * `event_selector[].data_resource[]`) turned into AWS's shapes. One conversion for both ways Terraform selectors
 * come in: a `.tf` file (terraform-in.ts) and a plan's JSON (terraform-plan.ts). Pure.
 */
import type { AdvancedEventSelector, AdvancedFieldSelector, EventSelector, SelectorSet } from './types.js';
import { FIELDS, OPERATORS } from './types.js';
import type { PathSegment } from './path.js';

/** Terraform's attribute for each AWS operator. */
export const TF_OPERATOR: Record<(typeof OPERATORS)[number], string> = {
  Equals: 'equals',
  StartsWith: 'starts_with',
  EndsWith: 'ends_with',
  NotEquals: 'not_equals',
  NotStartsWith: 'not_starts_with',
  NotEndsWith: 'not_ends_with',
};

/** A selector attribute that is not what it should be; `path` points into the Terraform-shaped input. */
export class TerraformShapeError extends Error {
  constructor(
    readonly path: PathSegment[],
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'TerraformShapeError';
  }
}

/**
 * What a trail logs when Terraform declares no selector blocks: CloudTrail's default, every management event.
 * (An `aws_cloudtrail` without `event_selector` / `advanced_event_selector` never calls PutEventSelectors.)
 */
export const TERRAFORM_DEFAULT_SET: SelectorSet = { kind: 'basic', selectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A list attribute: null / absent is empty (how a plan shows an unset list). */
function listAt(v: unknown, path: PathSegment[]): unknown[] {
  if (v === null || v === undefined) return [];
  if (!Array.isArray(v)) throw new TerraformShapeError(path, 'expected a list');
  return v;
}

function stringsAt(v: unknown, path: PathSegment[]): string[] {
  return listAt(v, path).map((x, i) => {
    if (typeof x !== 'string') throw new TerraformShapeError([...path, i], 'expected a string');
    return x;
  });
}

function optionalString(v: unknown, path: PathSegment[]): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v !== 'string') throw new TerraformShapeError(path, 'expected a string');
  return v;
}

function objectAt(v: unknown, path: PathSegment[], known: readonly string[] | null): Record<string, unknown> {
  if (!isObject(v)) throw new TerraformShapeError(path, 'expected an object');
  if (known) {
    const extra = Object.keys(v).find((k) => !known.includes(k));
    if (extra !== undefined) throw new TerraformShapeError([...path, extra], `unknown attribute "${extra}" (expected ${known.join(', ')})`);
  }
  return v;
}

/** Field order for selectors read from a plan, whose field_selector is a set (Terraform shows it in hash order). */
function fieldRank(f: AdvancedFieldSelector): number {
  const i = (FIELDS as readonly string[]).indexOf(f.Field ?? '');
  return i === -1 ? FIELDS.length : i;
}

export interface ConvertOptions {
  /** Refuse attributes the provider does not have (a `.tf` file: a typo would silently change nothing). */
  strict: boolean;
  /** Put field selectors in a fixed order (a plan's sets come in hash order; a `.tf` file keeps its own). */
  sortFields: boolean;
  /** An empty `name` reads as no Name (a plan shows an unset name as "" or null; a `.tf` file means what it says). */
  emptyNameIsAbsent: boolean;
}

const ADVANCED_KEYS = ['name', 'field_selector'];
const FIELD_KEYS = ['field', ...Object.values(TF_OPERATOR)];
const BASIC_KEYS = ['read_write_type', 'include_management_events', 'data_resource', 'exclude_management_event_sources'];
const RESOURCE_KEYS = ['type', 'values'];

export function advancedFromTerraform(list: unknown, path: PathSegment[], o: ConvertOptions): AdvancedEventSelector[] {
  return listAt(list, path).map((raw, i) => {
    const p = [...path, i];
    const sel = objectAt(raw, p, o.strict ? ADVANCED_KEYS : null);
    const fields = listAt(sel.field_selector, [...p, 'field_selector']).map((rawField, j) => {
      const fp = [...p, 'field_selector', j];
      const fs = objectAt(rawField, fp, o.strict ? FIELD_KEYS : null);
      const field = optionalString(fs.field, [...fp, 'field']);
      if (field === undefined) throw new TerraformShapeError(fp, 'a field_selector needs a field');
      const out: AdvancedFieldSelector = { Field: field };
      for (const op of OPERATORS) {
        const values = stringsAt(fs[TF_OPERATOR[op]], [...fp, TF_OPERATOR[op]]);
        if (values.length > 0) out[op] = values;
      }
      return out;
    });
    if (o.sortFields) fields.sort((a, b) => fieldRank(a) - fieldRank(b) || ((a.Field ?? '') < (b.Field ?? '') ? -1 : (a.Field ?? '') > (b.Field ?? '') ? 1 : 0));
    const name = optionalString(sel.name, [...p, 'name']);
    return name === undefined || (name === '' && o.emptyNameIsAbsent) ? { FieldSelectors: fields } : { Name: name, FieldSelectors: fields };
  });
}

export function basicFromTerraform(list: unknown, path: PathSegment[], o: ConvertOptions): EventSelector[] {
  return listAt(list, path).map((raw, i) => {
    const p = [...path, i];
    const sel = objectAt(raw, p, o.strict ? BASIC_KEYS : null);
    const out: EventSelector = {};
    const rw = optionalString(sel.read_write_type, [...p, 'read_write_type']);
    if (rw !== undefined) out.ReadWriteType = rw as EventSelector['ReadWriteType'];
    const mgmt = sel.include_management_events;
    if (mgmt !== null && mgmt !== undefined) {
      if (typeof mgmt !== 'boolean') throw new TerraformShapeError([...p, 'include_management_events'], 'expected true or false');
      out.IncludeManagementEvents = mgmt;
    }
    const resources = listAt(sel.data_resource, [...p, 'data_resource']).map((rawRes, j) => {
      const rp = [...p, 'data_resource', j];
      const r = objectAt(rawRes, rp, o.strict ? RESOURCE_KEYS : null);
      const type = optionalString(r.type, [...rp, 'type']);
      if (type === undefined) throw new TerraformShapeError(rp, 'a data_resource needs a type');
      return { Type: type, Values: stringsAt(r.values, [...rp, 'values']) };
    });
    if (resources.length > 0) out.DataResources = resources;
    const excluded = stringsAt(sel.exclude_management_event_sources, [...p, 'exclude_management_event_sources']);
    if (excluded.length > 0) out.ExcludeManagementEventSources = excluded;
    return out;
  });
}

export interface TerraformSet {
  set: SelectorSet;
  /** Where the selectors sit in the Terraform-shaped input (`advanced_event_selector` or `event_selector`). */
  key: 'advanced_event_selector' | 'event_selector' | null;
  /** Both kinds are declared, non-empty (the provider refuses that; a trail uses one kind). */
  both: boolean;
}

/** The selectors of an `aws_cloudtrail` resource's attributes (from a plan's values or a `.tf` block's body). */
export function selectorsFromTerraform(attrs: Record<string, unknown>, path: PathSegment[], o: ConvertOptions): TerraformSet {
  const advanced = advancedFromTerraform(attrs.advanced_event_selector, [...path, 'advanced_event_selector'], o);
  const basic = basicFromTerraform(attrs.event_selector, [...path, 'event_selector'], o);
  if (advanced.length > 0) return { set: { kind: 'advanced', selectors: advanced }, key: 'advanced_event_selector', both: basic.length > 0 };
  if (basic.length > 0) return { set: { kind: 'basic', selectors: basic }, key: 'event_selector', both: false };
  return { set: TERRAFORM_DEFAULT_SET, key: null, both: false };
}
