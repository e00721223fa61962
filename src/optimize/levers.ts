/**
 * The policy's optional noise levers, applied after the prefix optimum to selectors that log no kept node:
 * per-key DeleteObject records (`eventType NotEquals AwsServiceEvent`), named event names (`eventName
 * NotEquals`) and noisy callers (`userIdentity.arn NotStartsWith`). Each costs values on every selector it goes
 * on, so it is added only while the budget lasts, most saving first. Not part of the exact optimum: the prefix
 * structure is chosen without them.
 */
import type { AdvancedEventSelector, AdvancedFieldSelector } from '../selectors/types.js';
import { DATA_EVENT_NAMES, RESOURCE_TYPES } from '../selectors/data-events.js';
import type { Policy } from '../model/policy.js';
import type { ClassVolume, EventClass } from '../model/types.js';
import { compile, evaluateSubject, NONE } from '../selectors/evaluate.js';
import { populationSubject } from '../selectors/population.js';
import { arnValues, layerFieldSelectors, MAX_NAME, truncateName, type RenderedSelector } from './render.js';
import { compareKeys } from './trie.js';
import type { TypeProblem } from './problem.js';
import type { TypePlan } from './search.js';

export interface Lever {
  id: 'service-events' | 'event-names' | 'callers';
  field: AdvancedFieldSelector;
  values: number;
  /** Share of a class's events the lever stops logging (0..1). */
  share(c: ClassVolume): number;
  describe: string;
}

/**
 * A lever's `share`, decided by the selector engine on the lever's field selector alone: a class it excludes whatever
 * the caller is counts whole; otherwise the shares of the known callers it excludes. Verdicts are cached per class
 * and caller (a model has few distinct ones and many nodes).
 */
function engineShare(type: string, field: AdvancedFieldSelector): (c: ClassVolume) => number {
  const set = compile([{ FieldSelectors: [field] }]);
  const cache = new Map<string, boolean>();
  const excludes = (cls: EventClass, callerArn?: string): boolean => {
    const key = `${cls.eventSource}|${cls.eventName}|${cls.readOnly}|${cls.eventType}|${callerArn ?? ''}`;
    let hit = cache.get(key);
    if (hit === undefined) {
      hit = evaluateSubject(set, populationSubject({ cls, resourceType: type, arn: '', callerArn })).result === NONE;
      cache.set(key, hit);
    }
    return hit;
  };
  return (c) => {
    if (excludes(c.cls)) return 1;
    let share = 0;
    for (const x of c.callers ?? []) if (excludes(c.cls, x.arn)) share += x.share;
    return share;
  };
}

export function leversFor(policy: Policy, type: string): Lever[] {
  const out: Lever[] = [];
  const l = policy.levers;
  if (!l) return out;
  if (l.dropServiceEvents && type === RESOURCE_TYPES.s3Object) {
    const field: AdvancedFieldSelector = { Field: 'eventType', NotEquals: ['AwsServiceEvent'] };
    out.push({ id: 'service-events', field, values: 1, share: engineShare(type, field), describe: 'per-key DeleteObject records' });
  }
  const names = (l.dropEventNames ?? []).filter((n) => (DATA_EVENT_NAMES[type] ?? []).includes(n));
  if (names.length > 0) {
    const field: AdvancedFieldSelector = { Field: 'eventName', NotEquals: names };
    out.push({ id: 'event-names', field, values: names.length, share: engineShare(type, field), describe: names.join(', ') });
  }
  const callers = l.dropCallers ?? [];
  if (callers.length > 0) {
    // The model rarely knows callers per population; the engine answers "partly" for them.
    const field: AdvancedFieldSelector = { Field: 'userIdentity.arn', NotStartsWith: callers };
    out.push({ id: 'callers', field, values: callers.length, share: engineShare(type, field), describe: `calls by ${callers.join(', ')}` });
  }
  return out;
}

function isKept(problem: TypeProblem, v: number): boolean {
  const d = problem.info[v].rule?.decision;
  return d === 'keep' || d === 'keep-writes';
}

interface LeverOption {
  part: Part;
  r: RenderedSelector;
  levers: Lever[];
  saving: number;
  values: number;
  /** Kept subtrees in the selector's region, re-logged in full by a selector of their own, and its exclusions. */
  keptRoots: number[];
  keptLeaves: number[];
}

type Part = { problem: TypeProblem; plan: TypePlan; rendered: RenderedSelector[] };

/** Volume a set of levers stops logging in the selector's region, outside kept nodes. */
function savingOf(problem: TypeProblem, region: number[], levers: Lever[]): number {
  let saving = 0;
  for (const v of region) {
    if (isKept(problem, v)) continue;
    for (const c of problem.classes[v]) {
      const e = c.volume.events;
      if (e === null) continue;
      let share = 0;
      for (const l of levers) share = Math.max(share, l.share(c));
      saving += e * share;
    }
  }
  return saving;
}

function optionFor(part: Part, r: RenderedSelector, levers: Lever[]): LeverOption | null {
  const { problem, plan } = part;
  const state = r.channel === 'all' ? plan.solution.stateAll : r.channel === 'writes' ? plan.solution.stateWrites : plan.solution.stateReads;
  const inState = 2 * r.layer - 1;
  const region: number[] = [];
  for (let v = 0; v < problem.trie.keys.length; v++) if (state[v] === inState) region.push(v);
  const saving = savingOf(problem, region, levers);
  if (saving <= 0) return null;
  const inRegion = new Set(region);
  const keptRoots = region.filter((v) => isKept(problem, v) && !(inRegion.has(problem.trie.parent[v]) && isKept(problem, problem.trie.parent[v])));
  // Leaves below a kept root, by tree ancestry (an exact ARN contains nothing, whatever its text starts).
  const roots = new Set(keptRoots);
  const under = (v: number): boolean => {
    for (let p = problem.trie.parent[v]; p >= 0; p = problem.trie.parent[p]) if (roots.has(p)) return true;
    return false;
  };
  const keptLeaves = r.leaves.filter(under);
  const leverValues = levers.reduce((s, l) => s + l.values, 0);
  const reinclude = keptRoots.length === 0 ? 0 : (r.channel === 'all' ? 2 : 3) + keptRoots.length + keptLeaves.length;
  return { part, r, levers, saving, values: leverValues + reinclude, keptRoots, keptLeaves };
}

/**
 * Add levers to the selectors where they save the most per value while the budget lasts. A selector whose region
 * holds kept nodes gets the levers only together with a selector that logs those kept subtrees in full (an event
 * two selectors match is still delivered once).
 */
export function applyLevers(policy: Policy, parts: Part[], budget: number): { spent: number; applied: string[]; added: AdvancedEventSelector[] } {
  let spent = 0;
  const applied: string[] = [];
  const added: AdvancedEventSelector[] = [];
  const options: LeverOption[] = [];
  for (const part of parts) {
    const levers = leversFor(policy, part.problem.type);
    if (levers.length === 0) continue;
    for (const r of part.rendered) {
      const o = optionFor(part, r, levers);
      if (o) options.push(o);
    }
  }
  options.sort((a, b) => b.saving / b.values - a.saving / a.values);
  for (const o of options) {
    if (spent + o.values > budget) continue;
    spent += o.values;
    const { problem } = o.part;
    for (const lever of o.levers) o.r.selector.FieldSelectors!.push(structuredClone(lever.field));
    const what = o.levers.map((l) => l.describe).join('; ');
    const suffix = `; not: ${what}`;
    if ((o.r.selector.Name ?? '').length + suffix.length <= MAX_NAME) o.r.selector.Name += suffix;
    const short = truncateName(o.r.selector.Name ?? '', 60);
    applied.push(`lever on "${short}": ${what} no longer logged (about ${Math.round(o.saving).toLocaleString('en-US')} events/month)`);
    if (o.keptRoots.length > 0) {
      const keys = (vs: number[]) => arnValues(problem.trie, [...vs].sort((a, b) => compareKeys({ key: problem.trie.keys[a] }, { key: problem.trie.keys[b] })));
      const fs = layerFieldSelectors(problem.type, o.r.channel, keys(o.keptRoots), keys(o.keptLeaves));
      const reasons = [...new Set(o.keptRoots.map((v) => problem.info[v].rule?.reason).filter((x): x is string => !!x && x !== 'decision'))];
      const labels = o.keptRoots.map((v) => problem.info[v].label);
      const name = truncateName(`Keep${reasons.length ? ` ${reasons.join(', ')}` : ''} in full, every event type (${o.r.channel === 'all' ? 'reads+writes' : `${o.r.channel} only`}): ${labels.join(', ')}`, MAX_NAME);
      added.push({ Name: name, FieldSelectors: fs });
    }
  }
  return { spent, applied, added };
}
