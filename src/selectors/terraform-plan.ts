/**
 * Event selectors read from Terraform's JSON: a plan (`terraform show -json plan.out`: `resource_changes[]` with
 * each resource's `change.before` / `change.after`, and `planned_values`) or a state (`terraform show -json`:
 * `values`). Only managed `aws_cloudtrail` resources are read; their attributes carry Terraform's snake_case
 * selector shapes (terraform-shapes.ts). Pure: the parsed JSON in, selector sets out; errors carry the JSON path.
 */
import type { NormalizedSelectors } from './normalize.js';
import type { PathSegment } from './path.js';
import { selectorsFromTerraform, TerraformShapeError, type ConvertOptions, type TerraformSet } from './terraform-shapes.js';

export { TerraformShapeError } from './terraform-shapes.js';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Is this parsed JSON Terraform's (a plan or a state), rather than a selector file? */
export function isTerraformJson(v: unknown): v is Record<string, unknown> {
  return isObject(v) && (Array.isArray(v.resource_changes) || isObject(v.planned_values) || (isObject(v.values) && isObject(v.values.root_module)));
}

/**
 * An unset name shows as "" or null. Set order means nothing in a plan: fields are put in one order before two
 * sides are compared, but kept as the plan lists them for `lint`, whose paths point into the plan.
 */
const PLAN_DIFF: ConvertOptions = { strict: false, sortFields: true, emptyNameIsAbsent: true };
const PLAN_LINT: ConvertOptions = { ...PLAN_DIFF, sortFields: false };

export interface PlannedTrail {
  address: string;
  actions: string[];
  /** The trail's name and ARN as the plan knows them (after, else before). */
  name?: string;
  arn?: string;
  /** null: the resource does not exist on that side (created / deleted). */
  before: TerraformSet | null;
  after: TerraformSet | null;
  /** The selectors are computed during apply (`after_unknown`): the after side cannot be read. */
  afterUnknown: boolean;
  path: PathSegment[];
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function sideOf(v: unknown, path: PathSegment[]): TerraformSet | null {
  if (v === null || v === undefined) return null;
  if (!isObject(v)) throw new TerraformShapeError(path, 'expected the resource\'s attributes (an object) or null');
  return selectorsFromTerraform(v, path, PLAN_DIFF);
}

/** Does `after_unknown` mark any part of the selector attributes as known only after apply? */
function unknownSelectors(u: unknown): boolean {
  if (!isObject(u)) return false;
  const any = (x: unknown): boolean => x === true || (Array.isArray(x) ? x.some(any) : isObject(x) ? Object.values(x).some(any) : false);
  return any(u.advanced_event_selector) || any(u.event_selector);
}

/** Every managed `aws_cloudtrail` in `resource_changes`, in the plan's order, each side's selectors read. */
export function plannedTrails(plan: Record<string, unknown>): PlannedTrail[] {
  if (!Array.isArray(plan.resource_changes)) {
    throw new TerraformShapeError(['resource_changes'], 'no resource_changes: give a plan (terraform plan -out plan.out && terraform show -json plan.out), not a state');
  }
  const out: PlannedTrail[] = [];
  plan.resource_changes.forEach((rc, i) => {
    const path: PathSegment[] = ['resource_changes', i];
    if (!isObject(rc) || rc.type !== 'aws_cloudtrail' || (rc.mode !== undefined && rc.mode !== 'managed')) return;
    const address = str(rc.address) ?? `aws_cloudtrail.${String(rc.name ?? i)}`;
    const change = rc.change;
    if (!isObject(change)) throw new TerraformShapeError([...path, 'change'], 'expected an object with actions, before and after');
    const actions = Array.isArray(change.actions) ? change.actions.filter((a): a is string => typeof a === 'string') : [];
    const afterUnknown = unknownSelectors(change.after_unknown);
    const before = sideOf(change.before, [...path, 'change', 'before']);
    const after = afterUnknown ? null : sideOf(change.after, [...path, 'change', 'after']);
    const attrs = [change.after, change.before].filter(isObject);
    const name = attrs.map((a) => str(a.name)).find((x) => x !== undefined);
    const arn = attrs.map((a) => str(a.arn) ?? (str(a.id)?.startsWith('arn:') ? str(a.id) : undefined)).find((x) => x !== undefined);
    out.push({ address, actions, name, arn, before, after, afterUnknown, path });
  });
  return out;
}

interface ModuleResource {
  address: string;
  values: unknown;
  path: PathSegment[];
}

/** `aws_cloudtrail` resources of a module tree (`planned_values.root_module` or a state's `values.root_module`). */
function moduleTrails(mod: unknown, path: PathSegment[], out: ModuleResource[]): ModuleResource[] {
  if (!isObject(mod)) return out;
  if (Array.isArray(mod.resources)) {
    mod.resources.forEach((r, i) => {
      if (isObject(r) && r.type === 'aws_cloudtrail' && (r.mode === undefined || r.mode === 'managed')) {
        out.push({ address: str(r.address) ?? `aws_cloudtrail.${String(r.name ?? i)}`, values: r.values, path: [...path, 'resources', i, 'values'] });
      }
    });
  }
  if (Array.isArray(mod.child_modules)) mod.child_modules.forEach((m, i) => moduleTrails(m, [...path, 'child_modules', i], out));
  return out;
}

/** The trails a plan (what each becomes) or a state holds, by address. Deleted resources are left out. */
function trailsOf(tf: Record<string, unknown>): ModuleResource[] {
  if (Array.isArray(tf.resource_changes)) {
    const out: ModuleResource[] = [];
    tf.resource_changes.forEach((rc, i) => {
      if (!isObject(rc) || rc.type !== 'aws_cloudtrail' || (rc.mode !== undefined && rc.mode !== 'managed')) return;
      const change = isObject(rc.change) ? rc.change : {};
      if (change.after === null || change.after === undefined) return;
      out.push({ address: str(rc.address) ?? `aws_cloudtrail.${String(rc.name ?? i)}`, values: change.after, path: ['resource_changes', i, 'change', 'after'] });
    });
    return out;
  }
  if (isObject(tf.planned_values)) return moduleTrails(tf.planned_values.root_module, ['planned_values', 'root_module'], []);
  return moduleTrails(isObject(tf.values) ? tf.values.root_module : undefined, ['values', 'root_module'], []);
}

/** Terraform JSON does not hold exactly one trail (or not the one asked for). */
export class TerraformPlanChoiceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TerraformPlanChoiceError';
  }
}

/**
 * The selectors of the one `aws_cloudtrail` a plan or state holds (for a plan, as it will be after apply), or of
 * the one `address` names, as `lint` and `match` take them.
 */
export function normalizedFromTerraformJson(tf: Record<string, unknown>, address?: string): NormalizedSelectors {
  const all = trailsOf(tf);
  let pick: ModuleResource | undefined;
  if (address !== undefined) {
    pick = all.find((r) => r.address === address);
    if (!pick) throw new TerraformPlanChoiceError(`no aws_cloudtrail ${address} (found: ${all.map((r) => r.address).join(', ') || 'none'})`);
  } else if (all.length === 0) {
    throw new TerraformPlanChoiceError('no aws_cloudtrail resource in this Terraform JSON');
  } else if (all.length > 1) {
    throw new TerraformPlanChoiceError(
      `${all.length} aws_cloudtrail resources: ${all.map((r) => r.address).join(', ')}. Keep one, e.g. jq '{resource_changes: [.resource_changes[] | select(.address == "${all[0].address}")]}' — or compare them all with trailcost diff --plan`,
    );
  } else {
    pick = all[0];
  }
  if (!isObject(pick.values)) throw new TerraformShapeError(pick.path, 'expected the resource\'s attributes (an object)');
  const t = selectorsFromTerraform(pick.values, pick.path, PLAN_LINT);
  const attrs = pick.values;
  return {
    set: t.set,
    path: t.key ? [...pick.path, t.key] : pick.path,
    trail: { name: str(attrs.name), bucket: str(attrs.s3_bucket_name) },
    ...(t.both ? { otherKindPath: [...pick.path, 'event_selector'] } : {}),
  };
}
