/**
 * The input shapes `lint`, `match` and `apply` accept, reduced to one selector set (pure):
 * a bare array (advanced or basic selectors), a GetEventSelectors response (`{"AdvancedEventSelectors": [...]}`
 * or `{"EventSelectors": [...]}`), a trail object carrying either (`S3BucketName`/`Name` or a snapshot trail's
 * `s3Bucket`/`name`/`selectors`), a `{kind, selectors}` set, or a CloudFormation template whose one trail or
 * telemetry rule carries them. Element-level checking is the linter's job;
 * this only finds the selector array and says where it sits in the input.
 */
import type { AdvancedEventSelector, EventSelector, SelectorSet } from './types.js';
import { formatJsonPath, type PathSegment } from './path.js';

export interface NormalizedSelectors {
  set: SelectorSet;
  /** JSON path of the selector array inside the input (empty for a bare array). */
  path: PathSegment[];
  /** What the input says about the trail, when it is a trail or GetEventSelectors response. */
  trail: { name?: string; bucket?: string };
  /** Where the input also holds the other kind, non-empty (a trail uses one kind, never both). */
  otherKindPath?: PathSegment[];
}

/** The input is not a selector set at all; `path` is a JSON path into it. */
export class SelectorShapeError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'SelectorShapeError';
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const BASIC_KEYS = ['ReadWriteType', 'IncludeManagementEvents', 'DataResources', 'ExcludeManagementEventSources'];

/** Does an array hold basic selectors? Decided by its first object element; an empty array is advanced. */
function looksBasic(list: unknown[]): boolean {
  const first = list.find(isObject);
  return first !== undefined && !('FieldSelectors' in first) && BASIC_KEYS.some((k) => k in first);
}

function fromArray(list: unknown[], path: PathSegment[]): NormalizedSelectors {
  return looksBasic(list)
    ? { set: { kind: 'basic', selectors: list as EventSelector[] }, path, trail: {} }
    : { set: { kind: 'advanced', selectors: list as AdvancedEventSelector[] }, path, trail: {} };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function nonEmptyArray(v: unknown): boolean {
  return Array.isArray(v) && v.length > 0;
}

/** Where a CloudFormation resource holds selectors: a trail's properties, or a telemetry rule's CloudTrail parameters. */
const CFN_SELECTOR_HOMES: Record<string, PathSegment[]> = {
  'AWS::CloudTrail::Trail': ['Properties'],
  'AWS::ObservabilityAdmin::TelemetryRule': ['Properties', 'Rule', 'DestinationConfiguration', 'CloudtrailParameters'],
  'AWS::ObservabilityAdmin::OrganizationTelemetryRule': ['Properties', 'Rule', 'DestinationConfiguration', 'CloudtrailParameters'],
};

/** A CloudFormation template: the one resource that carries event selectors, by its type. */
function fromTemplate(resources: Record<string, unknown>): NormalizedSelectors {
  const found = Object.entries(resources).filter(([, r]) => isObject(r) && typeof r.Type === 'string' && r.Type in CFN_SELECTOR_HOMES);
  if (found.length === 0) {
    throw new SelectorShapeError('$.Resources', `no ${Object.keys(CFN_SELECTOR_HOMES).join(' or ')} resource in the template`);
  }
  if (found.length > 1) {
    throw new SelectorShapeError('$.Resources', `${found.length} resources carry event selectors (${found.map(([id]) => id).join(', ')}): put the one to check in a file of its own`);
  }
  const [id, resource] = found[0] as [string, Record<string, unknown>];
  const home = CFN_SELECTOR_HOMES[resource.Type as string];
  let node: unknown = resource;
  for (const seg of home) node = isObject(node) ? node[seg as string] : undefined;
  const base: PathSegment[] = ['Resources', id, ...home];
  if (!isObject(node)) throw new SelectorShapeError(formatJsonPath(base), 'expected the resource to hold AdvancedEventSelectors or EventSelectors');
  const inner = normalizeSelectors(node);
  const name = isObject(resource.Properties) ? str(resource.Properties.TrailName) ?? str(resource.Properties.RuleName) : undefined;
  return {
    ...inner,
    path: [...base, ...inner.path],
    trail: { name: inner.trail.name ?? name, bucket: inner.trail.bucket },
    ...(inner.otherKindPath ? { otherKindPath: [...base, ...inner.otherKindPath] } : {}),
  };
}

export function normalizeSelectors(input: unknown): NormalizedSelectors {
  if (Array.isArray(input)) return fromArray(input, []);
  if (!isObject(input)) {
    throw new SelectorShapeError('$', 'expected an array of event selectors or an object holding AdvancedEventSelectors or EventSelectors');
  }
  if (isObject(input.Resources) && input.AdvancedEventSelectors === undefined && input.EventSelectors === undefined) {
    return fromTemplate(input.Resources);
  }
  const trail = {
    name: str(input.Name) ?? str(input.TrailName) ?? str(input.name) ?? str(input.TrailARN),
    bucket: str(input.S3BucketName) ?? str(input.s3Bucket),
  };
  // Snapshot trail / SelectorSet: {kind, selectors} possibly under `selectors`.
  const set = isObject(input.selectors) ? input.selectors : input;
  if ((set.kind === 'advanced' || set.kind === 'basic') && 'selectors' in set) {
    const base: PathSegment[] = set === input ? ['selectors'] : ['selectors', 'selectors'];
    if (!Array.isArray(set.selectors)) throw new SelectorShapeError(formatJsonPath(base), 'expected an array of selectors');
    const selectors = set.selectors as unknown[];
    return set.kind === 'basic'
      ? { set: { kind: 'basic', selectors: selectors as EventSelector[] }, path: base, trail }
      : { set: { kind: 'advanced', selectors: selectors as AdvancedEventSelector[] }, path: base, trail };
  }
  const adv = input.AdvancedEventSelectors;
  const basic = input.EventSelectors;
  const hasAdv = adv !== undefined && adv !== null;
  const hasBasic = basic !== undefined && basic !== null;
  if (!hasAdv && !hasBasic) {
    throw new SelectorShapeError('$', 'expected AdvancedEventSelectors or EventSelectors (or a bare array of selectors)');
  }
  // GetEventSelectors may return an empty list of the kind not in use; the non-empty one wins.
  const useAdv = hasAdv && (!hasBasic || nonEmptyArray(adv) || !nonEmptyArray(basic));
  const key = useAdv ? 'AdvancedEventSelectors' : 'EventSelectors';
  const list = useAdv ? adv : basic;
  if (!Array.isArray(list)) throw new SelectorShapeError(formatJsonPath([key]), 'expected an array of selectors');
  const out: NormalizedSelectors = useAdv
    ? { set: { kind: 'advanced', selectors: list as AdvancedEventSelector[] }, path: [key], trail }
    : { set: { kind: 'basic', selectors: list as EventSelector[] }, path: [key], trail };
  if (useAdv && nonEmptyArray(basic)) out.otherKindPath = ['EventSelectors'];
  return out;
}
