/**
 * Event selectors read from Terraform configuration (`.tf`): the `advanced_event_selector` / `event_selector`
 * blocks of `resource "aws_cloudtrail" "…"` blocks, or bare blocks at the top level (what `trailcost optimize
 * --format terraform` writes, to paste into a resource). Pure: text in, selector sets out; errors carry line:col.
 *
 * Only literal values are read. A selector value that Terraform computes (`var.buckets`, `"${local.arn}/"`, a
 * `dynamic` block) is refused where it stands: the plan's JSON (`terraform show -json`) has it resolved.
 */
import { HclError, parseHcl, type HclBlock, type HclItem, type HclValue, type Pos } from './hcl.js';
import type { NormalizedSelectors } from './normalize.js';
import type { PathSegment } from './path.js';
import { selectorsFromTerraform, TerraformShapeError, type TerraformSet } from './terraform-shapes.js';

export { HclError, type Pos } from './hcl.js';

/** One trail's selectors in a `.tf` file. */
export interface TerraformTrail extends TerraformSet {
  /** `aws_cloudtrail.NAME`, or null for bare selector blocks at the top level. */
  address: string | null;
  pos: Pos;
  /** The resource's `name` and `s3_bucket_name`, when they are literal strings. */
  trail: { name?: string; bucket?: string };
}

const SELECTOR_BLOCKS = new Set(['advanced_event_selector', 'event_selector']);
/** Blocks nested in selector blocks (each becomes a list, as the provider's schema has them). */
const NESTED_BLOCKS = new Set(['field_selector', 'data_resource']);

function what(v: HclValue): string {
  switch (v.kind) {
    case 'template':
      return 'a string with a ${…} interpolation';
    case 'heredoc':
      return 'a heredoc';
    case 'expr':
      return `an expression (${v.text.length > 60 ? `${v.text.slice(0, 57)}...` : v.text})`;
    default:
      return `a ${v.kind}`;
  }
}

/** A literal value (string, bool, null, list of those) as plain data; anything Terraform computes is refused. */
function literal(v: HclValue, attr: string, positions: Map<string, Pos>, path: PathSegment[]): unknown {
  positions.set(key(path), v.pos);
  switch (v.kind) {
    case 'string':
    case 'bool':
    case 'number':
      return v.value;
    case 'null':
      return null;
    case 'list':
      return v.items.map((item, i) => literal(item, attr, positions, [...path, i]));
    case 'template':
      throw new HclError(v.at, `${attr}: an interpolation (\${…}) is computed by Terraform; trailcost reads literal values only (write the value out, or give the plan's JSON: terraform show -json plan.out)`);
    default:
      throw new HclError(v.pos, `${attr}: ${what(v)} is computed by Terraform; trailcost reads literal values only (write the value out, or give the plan's JSON: terraform show -json plan.out)`);
  }
}

const key = (path: readonly PathSegment[]) => JSON.stringify(path);

/** A selector block's body as the provider's attribute shape: attributes, and nested blocks as lists. */
function blockObject(block: HclBlock, positions: Map<string, Pos>, path: PathSegment[]): Record<string, unknown> {
  positions.set(key(path), block.pos);
  if (block.labels.length > 0) throw new HclError(block.pos, `${block.name} blocks take no labels`);
  const out: Record<string, unknown> = {};
  const counts = new Map<string, number>();
  for (const item of block.body) {
    if (item.type === 'attribute') {
      if (item.name in out) throw new HclError(item.pos, `${item.name} is set twice in this ${block.name} block`);
      out[item.name] = literal(item.value, item.name, positions, [...path, item.name]);
      // An error about the attribute itself (unknown, wrong type) points at its name; list items at themselves.
      positions.set(key([...path, item.name]), item.pos);
      continue;
    }
    if (item.name === 'dynamic') throw dynamicError(item);
    if (!NESTED_BLOCKS.has(item.name)) throw new HclError(item.pos, `unexpected block ${item.name} in ${block.name}`);
    if (item.name in out && !counts.has(item.name)) throw new HclError(item.pos, `${item.name} is both an attribute and a block here`);
    const n = counts.get(item.name) ?? 0;
    counts.set(item.name, n + 1);
    const list = (out[item.name] as unknown[] | undefined) ?? [];
    list.push(blockObject(item, positions, [...path, item.name, n]));
    out[item.name] = list;
  }
  return out;
}

function dynamicError(b: HclBlock): HclError {
  return new HclError(b.pos, `dynamic "${b.labels[0] ?? ''}" blocks are expanded by Terraform; trailcost reads literal blocks only (give the plan's JSON: terraform show -json plan.out)`);
}

function literalString(v: HclValue): string | undefined {
  return v.kind === 'string' && v.value !== '' ? v.value : undefined;
}

/** The selectors of one group of items (a resource's body, or the file's top level). */
function groupOf(items: readonly HclItem[], address: string | null, pos: Pos, all: boolean): TerraformTrail | null {
  const positions = new Map<string, Pos>();
  const attrs: Record<string, unknown[]> = {};
  const trail: TerraformTrail['trail'] = {};
  for (const item of items) {
    if (item.type === 'attribute') {
      if (!all) continue;
      if (item.name === 'name') trail.name = literalString(item.value);
      if (item.name === 's3_bucket_name') trail.bucket = literalString(item.value);
      if (SELECTOR_BLOCKS.has(item.name)) {
        throw new HclError(item.pos, `${item.name} is written as an attribute (${item.name} = …); trailcost reads ${item.name} { … } blocks`);
      }
      continue;
    }
    if (item.name === 'dynamic' && SELECTOR_BLOCKS.has(item.labels[0] ?? '')) throw dynamicError(item);
    if (!SELECTOR_BLOCKS.has(item.name)) continue;
    const list = (attrs[item.name] ??= []);
    list.push(blockObject(item, positions, [item.name, list.length]));
  }
  if (address === null && Object.keys(attrs).length === 0) return null;
  try {
    return { address, pos, trail, ...selectorsFromTerraform(attrs, [], { strict: true, sortFields: false, emptyNameIsAbsent: false }) };
  } catch (err) {
    if (!(err instanceof TerraformShapeError)) throw err;
    // The deepest part of the path that has a position (an unknown attribute: the attribute itself).
    for (let n = err.path.length; n >= 0; n--) {
      const at = positions.get(key(err.path.slice(0, n)));
      if (at) throw new HclError(at, err.reason);
    }
    throw new HclError(pos, err.reason);
  }
}

/**
 * Every trail whose selectors the file declares: each `resource "aws_cloudtrail"` block, and the bare selector
 * blocks at the top level as one more (address null). Throws HclError (with line:col) on what it cannot read.
 */
export function readTerraformTrails(text: string): TerraformTrail[] {
  const items = parseHcl(text);
  const out: TerraformTrail[] = [];
  const bare = groupOf(items, null, { line: 1, col: 1 }, false);
  if (bare) out.push({ ...bare, pos: (items.find((i) => i.type === 'block' && SELECTOR_BLOCKS.has(i.name)) ?? items[0]).pos });
  for (const item of items) {
    if (item.type !== 'block' || item.name !== 'resource' || item.labels[0] !== 'aws_cloudtrail') continue;
    if (item.labels.length !== 2) throw new HclError(item.pos, 'a resource block takes two labels: resource "aws_cloudtrail" "NAME"');
    out.push(groupOf(item.body, `aws_cloudtrail.${item.labels[1]}`, item.pos, true)!);
  }
  return out;
}

/** A `.tf` file does not hold exactly one trail's selectors (or not the one asked for). */
export class TerraformChoiceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TerraformChoiceError';
  }
}

const where = (t: TerraformTrail) => `${t.address ?? 'selector blocks at the top level'} (line ${t.pos.line})`;

/** The one trail of a file, or the one `address` names. */
export function pickTerraformTrail(trails: readonly TerraformTrail[], address?: string): TerraformTrail {
  if (address !== undefined) {
    const t = trails.find((x) => x.address === address || x.address === `aws_cloudtrail.${address}`);
    if (!t) throw new TerraformChoiceError(`no ${address} here (found: ${trails.map(where).join(', ') || 'none'})`);
    return t;
  }
  if (trails.length === 0) throw new TerraformChoiceError('no resource "aws_cloudtrail" block and no advanced_event_selector or event_selector block');
  if (trails.length > 1) throw new TerraformChoiceError(`${trails.length} trails declare event selectors: ${trails.map(where).join(', ')}; put the one to check in a file of its own`);
  return trails[0];
}

/** A `.tf` trail as the shape `lint`, `match` and `diff` take (a bare array's JSON paths: `$[0].FieldSelectors`). */
export function normalizedFromTerraform(t: TerraformTrail): NormalizedSelectors {
  return { set: t.set, path: [], trail: t.trail, ...(t.both ? { otherKindPath: ['event_selector'] } : {}) };
}
